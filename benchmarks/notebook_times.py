"""Measure how long each lecture and solutions notebook takes on a fresh kernel.

Each notebook runs from its jupytext source on a fresh kernel: with ``--cold``, first with an
empty numba cache (a new ``NUMBA_CACHE_DIR``, so every kernel it calls is compiled: a learner's
very first run); then ``--runs`` times with the warm cache. The last warm run is the figure the
chapter budgets refer to (60 s). Prints one JSON line per notebook and a table.

    python benchmarks/notebook_times.py            # every chapter, warm
    python benchmarks/notebook_times.py --cold 01  # one chapter, cold and warm
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

from neurocourse.course.notebooks import chapter_sources, find_course_root, read_source, run_notebook


def _run(source, env=None):
    run = run_notebook(read_source(source), cwd=source.parent, timeout=600, env=env)
    if run.stopped_at is not None:
        raise RuntimeError(f"{source}: stopped at cell {run.stopped_at}: {run.stop_reason}")
    return run.seconds


def measure(chapter=None, *, runs=2, cold=False, echo=print):
    """Time every lecture and solutions notebook; return one dict per notebook [s]."""
    root = find_course_root()
    rows = []
    for folder in ("notebooks", "solutions"):
        for source in chapter_sources(root, folder, chapter):
            row = {"notebook": str(source.relative_to(root).with_suffix(".ipynb"))}
            if cold:
                with tempfile.TemporaryDirectory(prefix="numba_cold_") as cache:
                    row["cold_run_s"] = round(_run(source, env=dict(os.environ, NUMBA_CACHE_DIR=cache)), 2)
            seconds = [_run(source) for _ in range(runs)]
            row["first_run_s"] = round(seconds[0], 2)
            row["warm_run_s"] = round(seconds[-1], 2)
            rows.append(row)
            echo(json.dumps(row))
    return rows


def markdown(rows, *, budget_s=60.0):
    """The notebook table as markdown lines."""
    cold = any("cold_run_s" in r for r in rows)
    lines = [
        "| notebook | "
        + ("cold cache [s] | " if cold else "")
        + f"warm cache [s] | within {budget_s:.0f} s |",
        "|---|" + ("---|" if cold else "") + "---|---|",
    ]
    for r in rows:
        cells = [r["notebook"]]
        if cold:
            cells.append(f"{r.get('cold_run_s', float('nan')):.1f}")
        cells += [f"{r['warm_run_s']:.1f}", "yes" if r["warm_run_s"] <= budget_s else "**no**"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", nargs="?", default=None, help="chapter prefix, e.g. 01")
    parser.add_argument("--runs", type=int, default=2, help="warm runs per notebook; the last is reported")
    parser.add_argument(
        "--cold", action="store_true", help="first run each notebook with an empty numba cache"
    )
    args = parser.parse_args(argv)
    try:
        rows = measure(args.chapter, runs=args.runs, cold=args.cold)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print()
    print("\n".join(markdown(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
