"""Run Brian2's CUBA example (Vogels & Abbott 2005; Brette et al. 2007) and print one JSON line.

This is the Brian2 side of ``benchmarks/cuba.py``; it runs in its own process (possibly
another interpreter, ``--brian2-python``) so that the time to a first result includes
importing Brian2, generating and compiling code.

The network is Brian2's published ``examples/CUBA.py``: 4000 neurons (80 % excitatory),
connection probability 0.02, ``taum`` 20 ms, ``taue`` 5 ms, ``taui`` 10 ms, ``Vt`` -50 mV,
``Vr`` -60 mV, ``El`` -49 mV, ``we`` = 60 * 0.27 / 10 mV, ``wi`` = -20 * 4.5 / 10 mV,
refractory 5 ms, ``v0`` uniform in [Vr, Vt], exact integration at dt = 0.1 ms, and Brian2's
default schedule (``thresholds`` before ``synapses`` within a step), which neurocourse's side
reproduces with ``simulate_spiking_network(..., schedule="brian2")``.

Printed fields: ``impl`` (``brian2-<target>``), ``n``, ``duration_s``, ``first_call_s``
(script start to first result, code generation and compilation included), ``run_s`` (the
simulation itself in steady state: a second ``run()`` of the same network in the same process
for the runtime targets; for ``cpp_standalone`` the compiled binary's own time-loop measurement,
the fastest of ``--repeat`` further executions of the built binary, so that both sides get as
many samples), ``rate_e_hz``,
``rate_i_hz``, ``synaptic_events``, ``peak_rss_mb`` (peak resident memory [MB]: of this
process for the runtime targets; for ``cpp_standalone`` of the compiled binary, which builds
the synapses and runs the simulation, measured by running it under GNU ``/usr/bin/time``, or,
without it, the largest of this process's children, ``make`` included: ``peak_rss_source``
says which), ``driver_rss_mb`` (this Python process's own peak).

References
----------
Vogels TP, Abbott LF (2005) J Neurosci 25:10786-10795.
Brette R et al. (2007) Simulation of networks of spiking neurons: a review of tools and
strategies. J Comput Neurosci 23:349-398.
Stimberg M, Brette R, Goodman DFM (2019) Brian 2, an intuitive and efficient neural
simulator. eLife 8:e47314.
"""

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

try:
    import resource
except ImportError:  # Windows
    resource = None

GNU_TIME = "/usr/bin/time"


def _rss_mb(children=False):
    """Peak resident memory [MB] of this process, or of its waited-for children.

    For this process, Linux's ``VmHWM`` (the high-water mark of its own memory map, new at
    exec) where it exists: ``ru_maxrss`` keeps the size of the parent it was forked from.
    """
    if not children:
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return round(int(line.split()[1]) / 1024.0, 1)
        except (OSError, ValueError, IndexError):
            pass
    if resource is None:
        return None
    scale = 1024.0 * 1024.0 if sys.platform == "darwin" else 1024.0  # ru_maxrss: KiB on Linux
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF)
    return round(usage.ru_maxrss / scale, 1)


def _has_gnu_time():
    if not (os.path.exists(GNU_TIME) and os.access(GNU_TIME, os.X_OK)):
        return False
    import subprocess

    probe = subprocess.run([GNU_TIME, "-f", "%M", "true"], capture_output=True, text=True)
    return probe.returncode == 0 and probe.stderr.strip().isdigit()


def build_and_run(b2, n, p, duration_ms, seed):
    """Build the CUBA network in the current Brian2 scope and run it; return the monitors."""
    from brian2 import NeuronGroup, SpikeMonitor, Synapses, ms, mV, run
    from brian2 import seed as b2_seed

    b2_seed(seed)
    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV  # noqa: N806 (Brian2's names)
    eqs = """
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    """
    P = NeuronGroup(
        n,
        eqs,
        threshold="v>Vt",
        reset="v = Vr",
        refractory=5 * ms,  # noqa: N806
        method="exact",
        namespace={"taum": taum, "taue": taue, "taui": taui, "Vt": Vt, "Vr": Vr, "El": El},
    )
    P.v = "Vr + rand() * (Vt - Vr)"
    P.ge = 0 * mV
    P.gi = 0 * mV
    we = (60 * 0.27 / 10) * mV
    wi = (-20 * 4.5 / 10) * mV
    n_e = int(0.8 * n)
    Ce = Synapses(P, P, on_pre="ge += we", namespace={"we": we})  # noqa: N806
    Ci = Synapses(P, P, on_pre="gi += wi", namespace={"wi": wi})  # noqa: N806
    Ce.connect(f"i<{n_e}", p=p)
    Ci.connect(f"i>={n_e}", p=p)
    s_mon = SpikeMonitor(P)
    t = time.perf_counter()
    run(duration_ms * ms)
    return P, Ce, Ci, s_mon, n_e, time.perf_counter() - t


def summarise(np, s_mon, Ce, Ci, n, n_e, duration_ms):
    idx = np.asarray(s_mon.i[:], dtype=np.int64)
    outdeg = np.bincount(np.asarray(Ce.i[:], dtype=np.int64), minlength=n) + np.bincount(
        np.asarray(Ci.i[:], dtype=np.int64), minlength=n
    )
    counts = np.bincount(idx, minlength=n)
    return {
        "rate_e_hz": round(float(counts[:n_e].sum() / n_e / (duration_ms / 1000.0)), 4),
        "rate_i_hz": round(float(counts[n_e:].sum() / (n - n_e) / (duration_ms / 1000.0)), 4),
        "synaptic_events": int(outdeg[idx].sum()),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=["numpy", "cython", "cpp_standalone"], required=True)
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--p", type=float, default=None, help="connection probability (80/n)")
    parser.add_argument("--duration-s", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build-dir", default=None, help="cpp_standalone project directory")
    parser.add_argument("--cache-dir", default=None, help="Cython cache directory")
    parser.add_argument(
        "--repeat", type=int, default=1, help="steady-state runs (binary executions); the fastest is reported"
    )
    parser.add_argument(
        "--no-second-run", action="store_true", help="skip the steady-state second run (runtime targets)"
    )
    args = parser.parse_args(argv)
    p = 80.0 / args.n if args.p is None else args.p
    duration_ms = args.duration_s * 1000.0

    import brian2 as b2
    import numpy as np
    from brian2 import prefs, set_device, start_scope

    b2.BrianLogger.log_level_error()
    if args.cache_dir:
        prefs.codegen.runtime.cython.cache_dir = args.cache_dir
    if args.target == "cpp_standalone":
        build_dir = args.build_dir or os.path.join(os.getcwd(), "cuba_standalone")
        set_device("cpp_standalone", directory=build_dir, build_on_run=True)
        prefs.devices.cpp_standalone.openmp_threads = 0
        rss_file = os.path.join(os.path.abspath(build_dir), "peak_rss_kib.txt")
        if os.path.exists(rss_file):
            os.remove(rss_file)
        if _has_gnu_time():  # the binary's own peak memory (KiB) into rss_file
            prefs.devices.cpp_standalone.run_cmd_unix = [GNU_TIME, "-f", "%M", "-o", rss_file, "./main"]
    else:
        prefs.codegen.target = args.target
    start_scope()
    P, Ce, Ci, s_mon, n_e, t_run = build_and_run(b2, args.n, p, duration_ms, args.seed)
    out = summarise(np, s_mon, Ce, Ci, args.n, n_e, duration_ms)
    first_call = time.perf_counter() - _T0
    if args.target == "cpp_standalone":
        device = b2.get_device()
        run_s = float(device._last_run_time)
        if not args.no_second_run:
            # steady state: execute the built binary again (the same network and seed)
            run_s = float("inf")
            for _ in range(max(1, args.repeat)):
                device.run(with_output=False)
                run_s = min(run_s, float(device._last_run_time))
    elif args.no_second_run:
        run_s = t_run
    else:
        # steady state: run the same network again (its code objects are compiled and loaded)
        run_s = float("inf")
        for _ in range(max(1, args.repeat)):
            t = time.perf_counter()
            b2.run(duration_ms * b2.ms)
            run_s = min(run_s, time.perf_counter() - t)
    driver_rss = _rss_mb()
    if args.target != "cpp_standalone":
        peak_rss, source = driver_rss, "process"
    elif os.path.exists(rss_file):
        with open(rss_file) as f:
            peak_rss, source = round(int(f.read().split()[-1]) / 1024.0, 1), "binary (GNU time)"
    else:
        peak_rss, source = _rss_mb(children=True), "children (binary and make)"
    record = {
        "impl": f"brian2-{args.target}",
        "n": args.n,
        "duration_s": args.duration_s,
        "first_call_s": round(first_call, 4),
        "run_s": round(run_s, 4),
        **out,
        "peak_rss_mb": peak_rss,
        "peak_rss_source": source,
        "driver_rss_mb": driver_rss,
        "brian2_version": b2.__version__,
        "python": sys.version.split()[0],
    }
    print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
