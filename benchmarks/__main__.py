"""Run the course's performance suite, print a table and write ``benchmarks/results.md``.

``python -m benchmarks`` from the repository root (or ``neurocourse bench``) measures, in one
run on one machine:

1. ``widgets``   -- every widget demo: median and 95th-percentile time from a control change to
   a finished image, over a sweep of each control's range (``widget_times.py``); targets: median
   under 100 ms, p95 under 200 ms;
2. ``notebooks`` -- every lecture and solutions notebook on a fresh kernel, with a cold numba
   cache (everything compiled) and a warm one (``notebook_times.py``); budget 60 s warm;
3. ``startup``   -- ``import neurocourse`` and the first result of each chapter's main model in a
   fresh process, with a breakdown (``startup.py``);
4. ``scaling``   -- CUBA from 1000 to 64 000 neurons against Brian2's numpy, cython and
   cpp_standalone targets (``scaling.py``; Brian2 from the ``bench`` extra), with a log-log plot;
5. ``tests``     -- the README's test command, timed as a whole (``python3 course.py test``).

Every figure is a time or a ratio measured in this run; nothing here is asserted by the tests.

Usage::

    python -m benchmarks                       # everything (about 45 minutes on 2 cores)
    python -m benchmarks --only widgets,startup
    python -m benchmarks --only widgets --keep # re-measure one part, keep the others' sections
    python -m benchmarks --quick               # fewer settings, sizes and repeats (about 10 min)

Each part's section ends with the date and time it was measured. With ``--keep`` the sections
of the parts not run now are kept from the existing results file, so a file can hold parts
from different runs; each says when it was measured, and the header says which parts are from
this run.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import pathlib
import platform
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
PARTS = ("widgets", "notebooks", "startup", "scaling", "tests")


def _module(name):
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))  # the scripts import one another by file name
    return importlib.import_module(name)


def _version(package):
    try:
        from importlib.metadata import version

        return version(package)
    except Exception:
        return "not installed"


def machine():
    """A description of this machine and the software measured, as markdown lines."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages * size / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    packages = ", ".join(
        f"{name} {_version(name)}"
        for name in ("neurocourse", "numpy", "numba", "matplotlib", "scipy", "brian2")
    )
    return [
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {cpu}, {os.cpu_count()} logical CPUs{memory}; {platform.platform()}",
        f"- Python {platform.python_version()}; {packages}",
        f"- Load average at the start: {load:.2f}",
    ]


def run_widgets(args):
    widget_times = _module("widget_times")
    settings = 8 if args.quick else 20
    processes = 1 if args.quick else 3
    print(widget_times.header())
    rows = widget_times.run_processes(settings, processes) if processes > 1 else widget_times.run(settings)
    lines = [
        "## 1. Widget latency",
        "",
        f"From a control change to the finished PNG, {settings} settings per demo spread over each control's "
        "range (one control at a time), through the demo's own controls. Targets: median under 100 ms, "
        "95th percentile under 200 ms."
        + (
            f" The sweep ran in {processes} fresh processes one after the other; each demo is reported from "
            "the process with its lowest median (the best of fresh processes, as every figure here: the "
            "machine has slow phases of a minute or two), with every process's median in the last column."
            if processes > 1
            else ""
        ),
        "",
        *widget_times.markdown(rows),
    ]
    missed = [r["demo"] for r in rows if not r["ok"]]
    lines += ["", f"Demos over a target: {', '.join(missed) if missed else 'none'}."]
    return lines


def run_notebooks(args):
    notebook_times = _module("notebook_times")
    rows = notebook_times.measure(cold=True)
    return [
        "## 2. Notebook budgets",
        "",
        "Each notebook on a fresh kernel: first with an empty numba cache (every kernel compiled), then "
        "twice with the warm cache (the second is reported). Budget: 60 s each, warm.",
        "",
        *notebook_times.markdown(rows),
    ]


def run_startup(args):
    startup = _module("startup")
    records = []
    for chapter in startup.MODELS:
        record = startup.measure(chapter, repeat=2 if args.quick else 3)
        print(json.dumps(record), flush=True)
        records.append(record)
    return [
        "## 3. Start-up",
        "",
        "A fresh process with a warm numba cache, the fastest of 3: the wall time from spawning the "
        "interpreter to the first result, and inside the process the imports, the time numba spent "
        "loading cached kernels, the first call (loads, set-up and simulation) and the same call again.",
        "",
        *startup.markdown(records),
    ]


def run_scaling(args):
    import tempfile

    scaling = _module("scaling")
    with tempfile.TemporaryDirectory() as tmp:
        tables = pathlib.Path(tmp) / "scaling.md"
        options = ["--quick"] if args.quick else []
        if args.scaling_sizes:
            options += ["--sizes", args.scaling_sizes]
        plot = HERE / "results_scaling.png"  # scaling.png belongs to the README's full run
        scaling.main(options + ["--results", str(tables), "--plot", str(plot)])
        text = tables.read_text() if tables.exists() else "(no result: see the output above)"
    return [
        "## 4. Scaling with network size (CUBA against Brian2)",
        "",
        "The plot is `benchmarks/results_scaling.png`.",
        "",
        text,
    ]


def run_tests(args):
    start = time.perf_counter()
    status = subprocess.call([sys.executable, str(ROOT / "course.py"), "test", "-q"], cwd=ROOT)
    minutes = (time.perf_counter() - start) / 60
    return [
        "## 5. The README's test command",
        "",
        f"`python3 course.py test` (set-up already done): {minutes:.1f} min, exit status {status}.",
    ]


#: What measures each part (a function of the parsed arguments returning markdown lines).
RUNNERS = {
    "widgets": run_widgets,
    "notebooks": run_notebooks,
    "startup": run_startup,
    "scaling": run_scaling,
    "tests": run_tests,
}


#: The heading each part's section starts with ("## 1. Widget latency", ...).
SECTION_NUMBERS = {part: k + 1 for k, part in enumerate(PARTS)}


def read_sections(path):
    """The sections of an existing results file, by part: from its ``## N.`` heading to the
    next (the closing load-average line excluded); empty if there is no such file."""
    try:
        text = path.read_text()
    except OSError:
        return {}
    by_number = {number: part for part, number in SECTION_NUMBERS.items()}
    out = {}
    chunks = text.split("\n## ")[1:]
    for chunk in chunks:
        number = chunk.split(".", 1)[0]
        if number.isdigit() and int(number) in by_number:
            body = chunk.split("\nLoad average at the end:", 1)[0]
            out[by_number[int(number)]] = "## " + body.rstrip("\n") + "\n"
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts of: {', '.join(PARTS)}"
    )
    parser.add_argument("--quick", action="store_true", help="fewer settings, sizes and repeats")
    parser.add_argument("--output", default=str(HERE / "results.md"), help="markdown file to write")
    parser.add_argument(
        "--scaling-sizes", default=None, help="network sizes N of the scaling part, comma-separated"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the sections of the parts not run from the existing --output file",
    )
    args = parser.parse_args(argv)
    parts = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"--only: unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    kept = read_sections(pathlib.Path(args.output)) if args.keep else {}
    kept = {part: text for part, text in kept.items() if part not in parts}
    origin = (
        "every figure from one run"
        if not kept
        else f"{', '.join(parts)} from this run; {', '.join(kept)} kept from earlier runs (each dated)"
    )
    lines = ["# Benchmark results", "", f"Written by `python -m benchmarks`; {origin}.", ""]
    lines += machine() + [""]
    sections = {}
    for part in parts:
        start = time.perf_counter()
        print(f"\n== {part} ==", flush=True)
        body = RUNNERS[part](args)
        stamp = f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
        sections[part] = "\n".join(
            body + ["", f"_({part}: measured in {time.perf_counter() - start:.0f} s, ending {stamp})_", ""]
        )
    for part in PARTS:  # the parts in their numbered order, whichever run they come from
        if part in sections or part in kept:
            lines += [(sections.get(part) or kept[part]).rstrip("\n"), ""]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines += [f"Load average at the end: {load:.2f}.", ""]
    text = "\n".join(lines)
    pathlib.Path(args.output).write_text(text)
    print("\n" + text)
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
