"""Measure how long each lecture and solutions notebook takes on a fresh kernel.

Each notebook runs twice from its jupytext source on a fresh kernel: the first run warms the
numba cache (and matplotlib's font cache), the second is the figure a learner sees on a
warm machine, which the chapter budgets refer to (60 s for chapter 01). Prints one JSON
line per notebook and a table.

    python benchmarks/notebook_times.py            # every chapter
    python benchmarks/notebook_times.py 01         # one chapter
"""

from __future__ import annotations

import argparse
import json
import sys

from neurocourse.course.notebooks import chapter_sources, find_course_root, read_source, run_notebook


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", nargs="?", default=None, help="chapter prefix, e.g. 01")
    parser.add_argument("--runs", type=int, default=2, help="runs per notebook; the last is reported")
    args = parser.parse_args(argv)
    root = find_course_root()
    rows = []
    for folder in ("notebooks", "solutions"):
        for source in chapter_sources(root, folder, args.chapter):
            seconds = []
            for _ in range(args.runs):
                run = run_notebook(read_source(source), cwd=source.parent, timeout=600)
                if run.stopped_at is not None:
                    print(f"{source}: stopped at cell {run.stopped_at}: {run.stop_reason}", file=sys.stderr)
                    return 1
                seconds.append(run.seconds)
            row = {
                "notebook": str(source.relative_to(root).with_suffix(".ipynb")),
                "first_run_s": round(seconds[0], 2),
                "warm_run_s": round(seconds[-1], 2),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    print(f"\n{'notebook':36s} {'first run':>10s} {'warm run':>10s}")
    for row in rows:
        print(f"{row['notebook']:36s} {row['first_run_s']:9.1f}s {row['warm_run_s']:9.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
