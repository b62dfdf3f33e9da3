"""Benchmark the CUBA network (Vogels & Abbott 2005; Brette et al. 2007) against Brian2.

neurocourse runs with ``schedule="brian2"``, Brian2's order of events within a step (the
threshold tested before the synaptic inputs of the step), so that both simulators integrate the
same discrete-time model; for CUBA (exponential synapses, no voltage jumps) the default
schedule gives the identical result.

Cases: 4000 neurons with p = 0.02 at dt = 0.1 ms for 1 s and 10 s of biological time, and a
size sweep N = 1000 ... 16000 with p = 80 / N (1 s). Every measurement runs in a fresh
subprocess and prints one JSON line:

``impl``, ``n``, ``duration_s``, ``first_call_s`` (from the start of the process to the
first result, imports, network construction and compilation or cache loading included, with
a warm cache), ``run_s`` (the simulation in steady state: a second call in the same process;
for Brian2's cpp_standalone the binary's own time-loop measurement), ``rate_e_hz``,
``rate_i_hz``, ``synaptic_events``, ``peak_rss_mb`` (peak resident memory of the measuring
process [MB]; for cpp_standalone the compiled binary's, see ``cuba_brian2.py``); and, for the
main case, ``first_call_cold_s`` (empty numba cache / empty Cython cache / fresh standalone
project: everything compiled).

A last line (``"impl": "ratios"``) compares neurocourse with Brian2 measured in the same run:
steady-state run time against cpp_standalone, time to first result against Brian2's best
target, and cold start against Brian2 cython's first build.

Usage::

    python benchmarks/cuba.py                 # everything (about 10 minutes)
    python benchmarks/cuba.py --quick         # CUBA-4000, 1 s only
    python benchmarks/cuba.py --brian2-python /path/to/python   # Brian2 from another env
    python benchmarks/cuba.py --no-brian2     # neurocourse only

References
----------
Vogels TP, Abbott LF (2005) J Neurosci 25:10786-10795.
Brette R et al. (2007) Simulation of networks of spiking neurons: a review of tools and
strategies. J Comput Neurosci 23:349-398.
"""

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pathlib  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

__all__ = ["main"]

HERE = pathlib.Path(__file__).resolve().parent
BRIAN2_RUNNER = HERE / "cuba_brian2.py"
MAIN_CASE = (4000, 1.0)
#: Runs in a row on each side of a paired measurement (the fastest counts).
PAIR_INNER = 3


# --------------------------------------------------------------------------- worker


def _vm_hwm_mb():
    """``VmHWM`` of ``/proc/self/status`` [MB], or None where there is no such file."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024.0, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def peak_rss_mb(who=None):
    """Peak resident memory [MB] of this process (``who`` = ``resource.RUSAGE_SELF``, the
    default) or of its waited-for children (``resource.RUSAGE_CHILDREN``); None where the
    ``resource`` module is missing (Windows). Linux reports ``ru_maxrss`` in KiB, macOS in bytes."""
    if who is None:
        # Linux: the high-water mark of this process's own memory map, which starts afresh at
        # exec. ru_maxrss does not: a process forked from a large parent (a benchmark driver
        # holding hundreds of MB) reports at least the parent's size.
        hwm = _vm_hwm_mb()
        if hwm is not None:
            return hwm
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_SELF if who is None else who)
    scale = 1024.0 * 1024.0 if sys.platform == "darwin" else 1024.0
    return round(usage.ru_maxrss / scale, 1)


def standalone_run_s(build_dir):
    """Execute a built Brian2 cpp_standalone project's binary once (the same network and seed
    as its build) and return its own time-loop measurement [s], as ``device.run`` does."""
    build_dir = pathlib.Path(build_dir)
    env = dict(os.environ, LD_BIND_NOW="1")  # Brian2's default run environment
    subprocess.run(
        ["./main"],
        cwd=build_dir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
        timeout=1800,
    )
    with open(build_dir / "results" / "last_run_info.txt") as f:
        return float(f.read().split()[0])


def worker(impl, n, duration_s, seed, repeat, pair_with=None, pairs=0):
    """Run one case in this (fresh) process and print its JSON line (``run_s``: the fastest of
    ``repeat`` further calls).

    With ``pair_with`` (a built cpp_standalone project of the same network size), then time
    ``pairs`` more runs alternately with executions of that binary, so that both sides of each
    ratio see the machine in the same state (``paired_ours_s``, ``paired_standalone_s``): a
    shared machine's speed drifts by tens of percent over minutes. Each side of a pair is the
    fastest of ``PAIR_INNER`` runs in a row (a single run of a few milliseconds varies by 50 %)."""
    import numpy as np

    from neurocourse.networks import cuba_network, simulate_spiking_network

    parallel = impl == "neurocourse-parallel"
    rng = np.random.default_rng(seed)
    t_build = time.perf_counter()
    network = cuba_network(n, rng=rng)
    build_s = time.perf_counter() - t_build
    v_init = rng.uniform(-60.0, -50.0, n)
    # Brian2's order of events within a step (thresholds before synapses); for CUBA, whose
    # exponential synapses make no voltage jumps, it gives the same result as the default
    result = simulate_spiking_network(
        network, duration=duration_s * 1000.0, dt=0.1, v_init=v_init, parallel=parallel, schedule="brian2"
    )
    first_call = time.perf_counter() - _T0
    rates = result.population_mean_rates
    run_s = float("inf")
    for _ in range(repeat):
        v_init = rng.uniform(-60.0, -50.0, n)
        t = time.perf_counter()
        simulate_spiking_network(
            network, duration=duration_s * 1000.0, dt=0.1, v_init=v_init, parallel=parallel, schedule="brian2"
        )
        run_s = min(run_s, time.perf_counter() - t)
    paired = {}
    if pair_with is not None:
        paired = {"paired_ours_s": [], "paired_standalone_s": []}
        for _ in range(pairs):
            best = float("inf")
            for _ in range(PAIR_INNER):
                v_init = rng.uniform(-60.0, -50.0, n)
                t = time.perf_counter()
                simulate_spiking_network(
                    network,
                    duration=duration_s * 1000.0,
                    dt=0.1,
                    v_init=v_init,
                    parallel=parallel,
                    schedule="brian2",
                )
                best = min(best, time.perf_counter() - t)
            paired["paired_ours_s"].append(round(best, 5))
            theirs = min(standalone_run_s(pair_with) for _ in range(PAIR_INNER))
            paired["paired_standalone_s"].append(round(theirs, 5))
    print(
        json.dumps(
            {
                "impl": impl,
                "n": n,
                "duration_s": duration_s,
                "first_call_s": round(first_call, 4),
                "run_s": round(run_s, 4),
                "rate_e_hz": round(rates["E"], 4),
                "rate_i_hz": round(rates["I"], 4),
                "synaptic_events": int(result.n_synaptic_events),
                "build_s": round(build_s, 4),
                "peak_rss_mb": peak_rss_mb(),
                **paired,
            }
        ),
        flush=True,
    )


# --------------------------------------------------------------------------- driver


def _run_json(cmd, env=None, cwd=None, timeout=3600):
    out = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1])


def _best_of(runs):
    """Merge repeated measurements: the fastest first call and run (the least disturbed by
    other processes on the machine), the other fields from the first."""
    best = dict(runs[0])
    best["first_call_s"] = min(r["first_call_s"] for r in runs)
    best["run_s"] = min(r["run_s"] for r in runs)
    peaks = [r["peak_rss_mb"] for r in runs if r.get("peak_rss_mb") is not None]
    if peaks:  # memory does not depend on the machine's load: report the largest seen
        best["peak_rss_mb"] = max(peaks)
    best["repeats"] = len(runs)
    return best


def ours(impl, n, duration_s, seed, *, repeat=1, numba_cache_dir=None, pair_with=None, pairs=0):
    env = dict(os.environ)
    if numba_cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = str(numba_cache_dir)
    cmd = [
        sys.executable,
        str(pathlib.Path(__file__).resolve()),
        "--worker",
        impl,
        "--n",
        str(n),
        "--duration-s",
        str(duration_s),
        "--seed",
        str(seed),
        "--repeat",
        str(repeat),
    ]
    if pair_with is not None:
        cmd += ["--pair-with", str(pair_with), "--pairs", str(pairs)]
        return _run_json(cmd, env=env)
    return _best_of([_run_json(cmd, env=env) for _ in range(repeat)])


def brian2(
    python, target, n, duration_s, seed, *, workdir, repeat=1, cache_dir=None, build_dir=None, second_run=True
):
    cmd = [
        python,
        str(BRIAN2_RUNNER),
        "--target",
        target,
        "--n",
        str(n),
        "--duration-s",
        str(duration_s),
        "--seed",
        str(seed),
        "--repeat",
        str(repeat),
    ]
    if cache_dir is not None:
        cmd += ["--cache-dir", str(cache_dir)]
    if build_dir is not None:
        cmd += ["--build-dir", str(build_dir)]
    if not second_run:
        cmd += ["--no-second-run"]
    return _best_of([_run_json(cmd, cwd=workdir) for _ in range(repeat)])


def brian2_available(python):
    probe = subprocess.run([python, "-c", "import brian2"], capture_output=True, text=True)
    return probe.returncode == 0


def emit(record, sink):
    line = json.dumps(record)
    print(line, flush=True)
    sink.append(record)


def main(argv=None):
    parser = argparse.ArgumentParser(description="CUBA benchmark: neurocourse vs Brian2")
    parser.add_argument("--quick", action="store_true", help="only CUBA-4000 for 1 s")
    parser.add_argument(
        "--brian2-python",
        default=sys.executable,
        help="interpreter with Brian2 installed (default: this one)",
    )
    parser.add_argument("--no-brian2", action="store_true", help="skip Brian2")
    parser.add_argument(
        "--targets", default="numpy,cython,cpp_standalone", help="Brian2 targets, comma-separated"
    )
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-cache measurements")
    parser.add_argument("--parallel", action="store_true", help="also time neurocourse's parallel kernel")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="fresh processes per measurement (and steady-state runs in each); the fastest is reported",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--duration-s", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--pair-with", help=argparse.SUPPRESS)
    parser.add_argument("--pairs", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(
            args.worker, args.n, args.duration_s, args.seed, max(1, args.repeat), args.pair_with, args.pairs
        )
        return

    cases = (
        [MAIN_CASE]
        if args.quick
        else [(4000, 1.0), (4000, 10.0), (1000, 1.0), (2000, 1.0), (8000, 1.0), (16000, 1.0)]
    )
    impls = ["neurocourse"] + (["neurocourse-parallel"] if args.parallel else [])
    targets = [] if args.no_brian2 else [t for t in args.targets.split(",") if t]
    if targets and not shutil.which(args.brian2_python) and not os.path.exists(args.brian2_python):
        sys.exit(f"--brian2-python {args.brian2_python}: no such interpreter")
    if targets and not brian2_available(args.brian2_python):
        print(f"# Brian2 is not importable from {args.brian2_python}; skipping it", file=sys.stderr)
        targets = []
    if "cpp_standalone" in targets and shutil.which("g++") is None and shutil.which("c++") is None:
        print("# no C++ compiler: skipping cpp_standalone", file=sys.stderr)
        targets.remove("cpp_standalone")

    records = []
    with tempfile.TemporaryDirectory(prefix="cuba_bench_") as tmp:
        tmp = pathlib.Path(tmp)
        cold = {}
        if not args.no_cold:
            # cold: nothing compiled yet (a fresh numba cache; a fresh Cython cache; a new project)
            for impl in impls:
                rec = ours(impl, *MAIN_CASE, args.seed, numba_cache_dir=tmp / f"numba_cold_{impl}")
                cold[impl] = rec["first_call_s"]
            for target in targets:
                if target == "numpy":
                    continue
                rec = brian2(
                    args.brian2_python,
                    target,
                    *MAIN_CASE,
                    args.seed,
                    workdir=tmp,
                    cache_dir=tmp / "cython_cold",
                    build_dir=tmp / "standalone_cold",
                    second_run=False,
                )
                cold[f"brian2-{target}"] = rec["first_call_s"]
        for n, duration_s in cases:
            for impl in impls:
                ours(impl, n, min(duration_s, 0.1), args.seed)  # make sure the cache is warm
                rec = ours(impl, n, duration_s, args.seed, repeat=args.repeat)
                if (n, duration_s) == MAIN_CASE and impl in cold:
                    rec["first_call_cold_s"] = cold[impl]
                emit(rec, records)
            for target in targets:
                if target == "numpy" and (n > 8000 or duration_s > 1.0):
                    continue  # minutes per case; the trend is clear from the others
                build_dir = tmp / f"standalone_{n}_{duration_s}"
                # warm-up: compile (Cython cache, standalone project), then measure a fresh process
                brian2(
                    args.brian2_python,
                    target,
                    n,
                    min(duration_s, 1.0) if target != "cpp_standalone" else duration_s,
                    args.seed,
                    workdir=tmp,
                    build_dir=build_dir,
                    second_run=False,
                )
                rec = brian2(
                    args.brian2_python,
                    target,
                    n,
                    duration_s,
                    args.seed,
                    workdir=tmp,
                    build_dir=build_dir,
                    repeat=args.repeat,
                )
                if (n, duration_s) == MAIN_CASE and rec["impl"] in cold:
                    rec["first_call_cold_s"] = cold[rec["impl"]]
                emit(rec, records)

    by = {(r["impl"], r["n"], r["duration_s"]): r for r in records}
    ratios = {"impl": "ratios"}
    for n, duration_s in cases:
        mine = by.get(("neurocourse", n, duration_s))
        sa = by.get(("brian2-cpp_standalone", n, duration_s))
        if mine and sa:
            ratios[f"run_vs_standalone_{n}_{duration_s:g}s"] = round(mine["run_s"] / sa["run_s"], 3)
    mine = by.get(("neurocourse",) + MAIN_CASE)
    b2_first = [
        r["first_call_s"]
        for (impl, n, d), r in by.items()
        if impl.startswith("brian2") and (n, d) == MAIN_CASE
    ]
    if mine and b2_first:
        ratios["brian2_best_first_call_over_ours"] = round(min(b2_first) / mine["first_call_s"], 2)
    if "neurocourse" in cold and "brian2-cython" in cold:
        ratios["ours_cold_over_brian2_cython_cold"] = round(cold["neurocourse"] / cold["brian2-cython"], 3)
    if len(ratios) > 1:
        print(json.dumps(ratios), flush=True)


if __name__ == "__main__":
    main()
