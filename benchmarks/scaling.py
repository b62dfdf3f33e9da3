"""Network scaling against Brian2: CUBA over N = 1000 ... 64 000 neurons, 1 s simulated.

The CUBA network of ``benchmarks/cuba.py`` (Vogels & Abbott 2005; Brian2's published example)
with a fixed expected in-degree of 80 (connection probability ``p = 80 / N``), so the rates,
and the synaptic events per neuron, stay about the same while N grows. Measured for
neurocourse (serial and parallel kernel, ``schedule="brian2"``) and Brian2's numpy, cython and
cpp_standalone targets, in the same run, each measurement in a fresh process (``cuba.py``'s
workers and drivers: the best of ``--repeat`` processes, each timing ``--repeat`` steady-state
runs):

* seconds per simulated second (the steady-state run; for cpp_standalone the binary's own
  time-loop measurement);
* synaptic events (spike deliveries) per second of that run;
* time to first result (process start to first result, imports, network construction and
  compilation or cache loading included, with warm caches);
* peak resident memory of the process (cpp_standalone: of the compiled binary).

Per N it then times ``--pairs`` more steady-state runs of neurocourse's serial kernel
alternately with executions of the built cpp_standalone binary, one right after the other (a
``"impl": "paired"`` line): the speed of a shared machine drifts by tens of percent over the
minutes between two measurements made apart, and a pair sees both sides in the same state.

Per N it compares neurocourse with Brian2 (a ``"impl": "ratios"`` line): steady-state run
time over cpp_standalone's (target <= 0.5; decided on the median of the paired ratios when
there are pairs, else on the two best-of times), Brian2's best time to first result over ours
(target >= 5) and the parallel speed-up (serial run / parallel run). Output: one JSON line per
measurement and per N, a printed table, a markdown table (``--results FILE`` appends it; the
function :func:`markdown` returns it) and a log-log plot (``--plot``, by default
``benchmarks/scaling.png``).

Brian2's numpy target takes minutes at the largest sizes; it runs up to ``--numpy-max-n``
(16000 by default) and stops early once one of its runs takes longer than
``--numpy-time-cap`` seconds; the output says which sizes were skipped.

Usage::

    python benchmarks/scaling.py                  # N = 1000 ... 64000 (20-30 min)
    python benchmarks/scaling.py --quick          # N = 1000, 4000, 16000
    python benchmarks/scaling.py --sizes 1000,2000 --repeat 1 --no-brian2
    python benchmarks/scaling.py --from-jsonl out.jsonl   # table and plot from saved lines

References
----------
Vogels TP, Abbott LF (2005) J Neurosci 25:10786-10795.
Brette R et al. (2007) Simulation of networks of spiking neurons: a review of tools and
strategies. J Comput Neurosci 23:349-398.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import cuba  # noqa: E402

__all__ = ["main", "markdown", "plot", "ratios", "FULL_SIZES", "QUICK_SIZES"]

FULL_SIZES = (1000, 2000, 4000, 8000, 16000, 32000, 64000)
QUICK_SIZES = (1000, 4000, 16000)
OURS = ("neurocourse", "neurocourse-parallel")
TARGETS = ("numpy", "cython", "cpp_standalone")
ORDER = OURS + tuple(f"brian2-{t}" for t in TARGETS)
LABELS = {
    "neurocourse": "neurocourse",
    "neurocourse-parallel": "neurocourse, parallel kernel",
    "brian2-numpy": "Brian2 numpy",
    "brian2-cython": "Brian2 cython",
    "brian2-cpp_standalone": "Brian2 cpp_standalone",
}
#: The issue's targets: steady state at most this fraction of cpp_standalone's run time ...
RUN_TARGET = 0.5
#: ... and the first result at least this many times sooner than Brian2's best target.
FIRST_TARGET = 5.0


def _load():
    one, five, _ = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return round(one, 2), round(five, 2)


def _derive(record):
    """Add seconds per simulated second and synaptic events per second of the run."""
    rec = dict(record)
    rec["s_per_sim_s"] = round(rec["run_s"] / rec["duration_s"], 5)
    rec["events_per_s"] = round(rec["synaptic_events"] / rec["run_s"]) if rec["run_s"] > 0 else None
    return rec


def ratios(records):
    """Per N: our run time over cpp_standalone's (serial and parallel kernel), Brian2's best
    time to first result over ours, the parallel speed-up, and whether each target is met.

    Returns a list of dicts (``"impl": "ratios"``), one per N with any neurocourse record."""
    by = {(r["impl"], r["n"]): r for r in records if "run_s" in r}
    pairs = {r["n"]: r for r in records if r["impl"] == "paired" and r.get("ratios")}
    out = []
    for n in sorted({r["n"] for r in records if r["impl"] in OURS}):
        row = {"impl": "ratios", "n": n}
        mine, par = by.get(("neurocourse", n)), by.get(("neurocourse-parallel", n))
        sa = by.get(("brian2-cpp_standalone", n))
        if mine and sa:
            row["run_vs_standalone"] = round(mine["run_s"] / sa["run_s"], 3)
            row["run_target_met"] = row["run_vs_standalone"] <= RUN_TARGET
        if n in pairs:
            paired = sorted(pairs[n]["ratios"])
            row["paired_run_vs_standalone"] = round(statistics.median(paired), 3)
            row["paired_range"] = (round(paired[0], 3), round(paired[-1], 3))
            row["paired_count"] = len(paired)
            row["run_target_met"] = row["paired_run_vs_standalone"] <= RUN_TARGET
        if par and sa:
            row["parallel_run_vs_standalone"] = round(par["run_s"] / sa["run_s"], 3)
        b2_first = [r for (impl, m), r in by.items() if impl.startswith("brian2") and m == n]
        if mine and b2_first:
            best = min(b2_first, key=lambda r: r["first_call_s"])
            row["brian2_best_first"] = best["impl"]
            row["brian2_best_first_over_ours"] = round(best["first_call_s"] / mine["first_call_s"], 2)
            row["first_target_met"] = row["brian2_best_first_over_ours"] >= FIRST_TARGET
        if mine and par:
            row["parallel_speedup"] = round(mine["run_s"] / par["run_s"], 3)
        out.append(row)
    return out


def _fmt(x, digits=3):
    if x is None:
        return ""
    if isinstance(x, float) and x != 0 and (abs(x) >= 1e5 or abs(x) < 1e-3):
        return f"{x:.2e}"
    return f"{x:.{digits}g}"


def _sorted(records):
    return sorted(
        (r for r in records if r["impl"] in ORDER and "run_s" in r),
        key=lambda r: (r["n"], ORDER.index(r["impl"])),
    )


SHORT = {
    "neurocourse": "neurocourse",
    "neurocourse-parallel": "neurocourse parallel",
    "brian2-numpy": "Brian2 numpy",
    "brian2-cython": "Brian2 cython",
    "brian2-cpp_standalone": "Brian2 cpp_standalone",
}


def markdown(records, *, meta=None):
    """Return the results as markdown: one table (N x implementation) per measured quantity,
    then the ratios and targets per N.

    ``records`` are the measurement dicts (JSON lines) of a run; ``meta`` (optional) a dict
    with ``date``, ``load_start``, ``load_end``, ``cores``, ``numba_threads``, ``repeat``,
    ``skipped`` (a list of notes)."""
    meta = meta or {}
    lines = []
    if meta:
        lines.append(
            f"Run of {meta.get('date', '?')}: {meta.get('cores', '?')} cores, numba threads "
            f"{meta.get('numba_threads', '?')}, load average (1 min, 5 min) "
            f"{meta.get('load_start', '?')} at the start, {meta.get('load_end', '?')} at the end; "
            f"best of {meta.get('repeat', '?')} fresh processes per figure."
        )
        for note in meta.get("skipped", []):
            lines.append(f"Skipped: {note}.")
        lines.append("")
    recs = [_derive(r) for r in _sorted(records)]
    by = {(r["impl"], r["n"]): r for r in recs}
    impls = [impl for impl in ORDER if any(r["impl"] == impl for r in recs)]
    sizes = sorted({r["n"] for r in recs})

    def grid(title, cell):
        out = [
            f"| {title} | " + " | ".join(SHORT[impl] for impl in impls) + " |",
            "|---|" + "---|" * len(impls),
        ]
        for n in sizes:
            cells = [cell(by[(impl, n)]) if (impl, n) in by else "" for impl in impls]
            out.append(f"| {n} | " + " | ".join(cells) + " |")
        return out + [""]

    lines += grid("N: run [s per simulated s]", lambda r: _fmt(r["s_per_sim_s"]))
    lines += grid(
        "N: synaptic events / s",
        lambda r: _fmt(float(r["events_per_s"])) if r["events_per_s"] else "",
    )
    lines += grid("N: first result [s]", lambda r: _fmt(r["first_call_s"]))
    lines += grid("N: peak memory [MB]", lambda r: _fmt(r.get("peak_rss_mb"), 4))
    lines += [
        f"| N | run / cpp_standalone, paired: median (range, pairs) (target <= {RUN_TARGET:g}) "
        "| run / cpp_standalone, best of each | parallel run / cpp_standalone "
        f"| Brian2's best first result / ours (target >= {FIRST_TARGET:g}) | parallel speed-up |",
        "|---|---|---|---|---|---|",
    ]

    def mark(value, met):
        if value is None:
            return ""
        return f"**{_fmt(value)}**" if met else f"{_fmt(value)} (missed)"

    for row in ratios(records):
        first = row.get("brian2_best_first_over_ours")
        first_s = mark(first, row.get("first_target_met"))
        if first is not None:
            first_s += f" ({LABELS[row['brian2_best_first']].removeprefix('Brian2 ')})"
        if "paired_run_vs_standalone" in row:
            lo, hi = row["paired_range"]
            paired_s = mark(row["paired_run_vs_standalone"], row["run_target_met"])
            paired_s += f" ({_fmt(lo)}-{_fmt(hi)}, {row['paired_count']})"
            best_s = _fmt(row.get("run_vs_standalone"))
        else:
            paired_s = ""
            best_s = mark(row.get("run_vs_standalone"), row.get("run_target_met"))
        lines.append(
            f"| {row['n']} | {paired_s} | {best_s} | "
            f"{_fmt(row.get('parallel_run_vs_standalone'))} | {first_s} | "
            f"{_fmt(row.get('parallel_speedup'))} |"
        )
    return "\n".join(lines) + "\n"


def table(records):
    """Return the measurements as a plain-text table."""
    head = (
        f"{'N':>6} {'implementation':<28} {'s / sim s':>10} {'events / s':>11} "
        f"{'first [s]':>9} {'peak MB':>8} {'E/I Hz':>12}"
    )
    rows = [head]
    for r in _sorted(records):
        rec = _derive(r)
        peak = rec.get("peak_rss_mb")
        rows.append(
            f"{rec['n']:>6} {LABELS[rec['impl']]:<28} {rec['s_per_sim_s']:>10.4g} "
            f"{rec['events_per_s'] or 0:>11.3g} {rec['first_call_s']:>9.3g} "
            f"{(peak if peak is not None else float('nan')):>8.1f} "
            f"{rec['rate_e_hz']:>5.2f}/{rec['rate_i_hz']:<5.2f}"
        )
    return "\n".join(rows)


def plot(records, path, *, title=None):
    """Draw seconds per simulated second and time to first result against N (log-log)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    styles = {
        "neurocourse": dict(color="C0", marker="o"),
        "neurocourse-parallel": dict(color="C0", marker="s", linestyle="--"),
        "brian2-numpy": dict(color="C3", marker="v"),
        "brian2-cython": dict(color="C1", marker="^"),
        "brian2-cpp_standalone": dict(color="C2", marker="D"),
    }
    fig, (ax_run, ax_first) = plt.subplots(1, 2, figsize=(11, 4.4), constrained_layout=True)
    recs = [_derive(r) for r in _sorted(records)]
    for impl in ORDER:
        mine = [r for r in recs if r["impl"] == impl]
        if not mine:
            continue
        ns = [r["n"] for r in mine]
        ax_run.plot(ns, [r["s_per_sim_s"] for r in mine], label=LABELS[impl], **styles[impl])
        ax_first.plot(ns, [r["first_call_s"] for r in mine], label=LABELS[impl], **styles[impl])
    sa = [r for r in recs if r["impl"] == "brian2-cpp_standalone"]
    if sa:
        ax_run.plot(
            [r["n"] for r in sa],
            [RUN_TARGET * r["s_per_sim_s"] for r in sa],
            color="0.5",
            linestyle=":",
            label=f"target: {RUN_TARGET:g} x cpp_standalone",
        )
    best = {}
    for r in recs:
        if r["impl"].startswith("brian2"):
            best[r["n"]] = min(best.get(r["n"], float("inf")), r["first_call_s"])
    if best:
        ns = sorted(best)
        ax_first.plot(
            ns,
            [best[n] / FIRST_TARGET for n in ns],
            color="0.5",
            linestyle=":",
            label=f"target: Brian2's best / {FIRST_TARGET:g}",
        )
    ax_run.set(
        xscale="log",
        yscale="log",
        xlabel="neurons N (in-degree 80)",
        ylabel="wall time per simulated second [s]",
        title="steady-state run",
    )
    ax_first.set(
        xscale="log",
        yscale="log",
        xlabel="neurons N (in-degree 80)",
        ylabel="time to first result [s]",
        title="fresh process to first result (warm caches)",
    )
    for ax in (ax_run, ax_first):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _failed(meta, impl, n, err):
    note = f"{LABELS.get(impl, impl)} at N = {n} failed ({type(err).__name__}: {str(err).strip()[-300:]})"
    meta["skipped"].append(note)
    print(f"# {note}", flush=True)


def _emit(record, sink):
    print(json.dumps(record), flush=True)
    sink.append(record)


def _sizes(text):
    sizes = sorted({int(s) for s in text.split(",") if s.strip()})
    if not sizes or sizes[0] < 100:
        raise argparse.ArgumentTypeError("--sizes: comma-separated network sizes, each >= 100")
    return sizes


def _numba_threads():
    probe = subprocess.run(
        [sys.executable, "-c", "import numba; print(numba.get_num_threads())"], capture_output=True, text=True
    )
    return probe.stdout.strip() or "?"


def main(argv=None):
    parser = argparse.ArgumentParser(description="CUBA network scaling: neurocourse vs Brian2")
    parser.add_argument("--sizes", type=_sizes, default=list(FULL_SIZES), help="comma-separated N")
    parser.add_argument("--quick", action="store_true", help="N = 1000, 4000, 16000")
    parser.add_argument("--duration-s", type=float, default=1.0, help="simulated time [s]")
    parser.add_argument("--repeat", type=int, default=2, help="fresh processes (and runs in each)")
    parser.add_argument(
        "--pairs",
        type=int,
        default=7,
        help="steady-state runs of ours alternated with cpp_standalone's binary, per N (0: none)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--brian2-python", default=sys.executable, help="interpreter with Brian2")
    parser.add_argument("--no-brian2", action="store_true", help="neurocourse only")
    parser.add_argument("--targets", default=",".join(TARGETS), help="Brian2 targets, comma-separated")
    parser.add_argument("--no-parallel", action="store_true", help="skip neurocourse's parallel kernel")
    parser.add_argument("--numpy-max-n", type=int, default=16000, help="largest N for Brian2 numpy")
    parser.add_argument(
        "--numpy-time-cap",
        type=float,
        default=120.0,
        help="skip larger N for Brian2 numpy once one of its runs took longer [s]",
    )
    parser.add_argument("--plot", default=str(HERE / "scaling.png"), help="plot file ('' for none)")
    parser.add_argument("--results", default=None, help="append the markdown tables to this file")
    parser.add_argument("--from-jsonl", default=None, help="only redraw table and plot from saved lines")
    args = parser.parse_args(argv)
    sizes = list(QUICK_SIZES) if args.quick else args.sizes
    repeat = max(1, args.repeat)
    args.pairs = max(0, min(args.pairs, 3) if args.quick else args.pairs)

    if args.from_jsonl:
        with open(args.from_jsonl) as f:
            lines = [json.loads(line) for line in f if line.startswith("{")]
        meta = next((r for r in lines if r.get("impl") == "meta"), {})
        records = [r for r in lines if r.get("impl") in ORDER + ("paired",)]
        _report(records, meta, args)
        return

    impls = ["neurocourse"] + ([] if args.no_parallel else ["neurocourse-parallel"])
    targets = [] if args.no_brian2 else [t for t in args.targets.split(",") if t]
    if targets and not shutil.which(args.brian2_python) and not os.path.exists(args.brian2_python):
        sys.exit(f"--brian2-python {args.brian2_python}: no such interpreter")
    if targets and not cuba.brian2_available(args.brian2_python):
        print(f"# Brian2 is not importable from {args.brian2_python}; skipping it", flush=True)
        targets = []
    if "cpp_standalone" in targets and shutil.which("g++") is None and shutil.which("c++") is None:
        print("# no C++ compiler: skipping cpp_standalone", flush=True)
        targets.remove("cpp_standalone")

    meta = {
        "impl": "meta",
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cores": os.cpu_count(),
        "numba_threads": _numba_threads(),
        "load_start": _load(),
        "sizes": sizes,
        "duration_s": args.duration_s,
        "repeat": repeat,
        "numpy_max_n": args.numpy_max_n,
        "numpy_time_cap_s": args.numpy_time_cap,
        "skipped": [],
    }
    print(
        f"# CUBA scaling, N = {sizes}, {args.duration_s:g} s simulated, best of {repeat}; "
        f"Brian2 numpy up to N = {args.numpy_max_n} and while a run takes < {args.numpy_time_cap:g} s; "
        f"load {meta['load_start']}",
        flush=True,
    )
    t_start = time.perf_counter()
    records = []
    numpy_capped = None
    with tempfile.TemporaryDirectory(prefix="cuba_scaling_") as tmp:
        tmp = pathlib.Path(tmp)
        for n in sizes:
            for impl in impls:
                try:
                    cuba.ours(impl, n, min(args.duration_s, 0.1), args.seed)  # the numba cache is warm
                    _emit(cuba.ours(impl, n, args.duration_s, args.seed, repeat=repeat), records)
                except (RuntimeError, subprocess.TimeoutExpired) as err:
                    _failed(meta, impl, n, err)
            for target in targets:
                if target == "numpy" and (n > args.numpy_max_n or numpy_capped is not None):
                    why = (
                        f"N > --numpy-max-n = {args.numpy_max_n}"
                        if n > args.numpy_max_n
                        else f"a run at N = {numpy_capped} took more than {args.numpy_time_cap:g} s"
                    )
                    meta["skipped"].append(f"Brian2 numpy at N = {n} ({why})")
                    print(f"# skipped: Brian2 numpy at N = {n} ({why})", flush=True)
                    continue
                build_dir = tmp / f"standalone_{n}"
                try:
                    if target != "numpy":  # compile: the Cython cache, the standalone project
                        cuba.brian2(
                            args.brian2_python,
                            target,
                            n,
                            args.duration_s if target == "cpp_standalone" else min(args.duration_s, 0.1),
                            args.seed,
                            workdir=tmp,
                            build_dir=build_dir,
                            second_run=False,
                        )
                    rec = cuba.brian2(
                        args.brian2_python,
                        target,
                        n,
                        args.duration_s,
                        args.seed,
                        workdir=tmp,
                        build_dir=build_dir,
                        repeat=repeat,
                    )
                except (RuntimeError, subprocess.TimeoutExpired) as err:
                    _failed(meta, f"brian2-{target}", n, err)
                    continue
                _emit(rec, records)
                if target == "numpy" and rec["run_s"] > args.numpy_time_cap:
                    numpy_capped = n
                if target == "cpp_standalone" and args.pairs > 0 and "neurocourse" in impls:
                    try:
                        _emit(_paired(n, args, build_dir), records)
                    except (RuntimeError, subprocess.TimeoutExpired, OSError, ValueError) as err:
                        _failed(meta, "paired", n, err)
            for row in ratios([r for r in records if r["n"] == n]):
                print(json.dumps(row), flush=True)
    meta["load_end"] = _load()
    meta["wall_s"] = round(time.perf_counter() - t_start, 1)
    print(json.dumps(meta), flush=True)
    _report(records, meta, args)


def _paired(n, args, build_dir):
    """Alternate ``args.pairs`` steady-state runs of our serial kernel with executions of the
    cpp_standalone binary built in ``build_dir`` (one fresh process of ours drives both)."""
    rec = cuba.ours("neurocourse", n, args.duration_s, args.seed, pair_with=build_dir, pairs=args.pairs)
    ours_s, theirs_s = rec["paired_ours_s"], rec["paired_standalone_s"]
    return {
        "impl": "paired",
        "n": n,
        "ours_s": ours_s,
        "standalone_s": theirs_s,
        "ratios": [round(a / b, 4) for a, b in zip(ours_s, theirs_s, strict=True)],
    }


def _report(records, meta, args):
    print()
    print(table(records))
    md = markdown(records, meta={k: v for k, v in meta.items() if k != "impl"})
    print()
    print(md)
    if args.results:
        with open(args.results, "a") as f:
            f.write(md + "\n")
    if args.plot:
        title = None
        if meta:
            title = (
                f"CUBA, in-degree 80, {meta.get('duration_s', 1):g} s simulated; "
                f"{meta.get('cores', '?')} cores, load {meta.get('load_start', '?')}"
                f" -> {meta.get('load_end', '?')}"
            )
        print(f"# plot: {plot(records, args.plot, title=title)}", flush=True)


if __name__ == "__main__":
    main()
