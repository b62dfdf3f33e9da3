"""Time from a fresh interpreter to the first result of each chapter's main model, and where it goes.

A learner's first impression of a library is the first cell that computes something. For each
chapter's main model this script starts a fresh Python process (warm numba cache: the model ran
once before) and measures, inside it:

``imports``
    ``import numpy``, ``import numba`` and ``import neurocourse`` plus the chapter's module [s];
``cache_loads``
    time numba spent loading the chapter's compiled kernels from its disk cache during the
    first call (the time spent in numba's ``Cache.load_overload``, wrapped for the count);
``first_call``
    the whole first call (cache loads, set-up such as drawing a network's connections, and
    the simulation);
``steady_call``
    the same call again in the same process: set-up and simulation without any loading;

and, outside it, ``process`` -- the wall time from spawning the interpreter to reading the
result, interpreter start-up included. ``import neurocourse`` alone is measured the same way.

Usage::

    python benchmarks/startup.py [--repeat 3]

Each figure is the fastest of ``--repeat`` fresh processes (the least disturbed by other work
on the machine).
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

__all__ = ["MODELS", "main", "measure", "markdown"]

#: chapter -> (what, module to import, set-up statements, the call timed).
MODELS = {
    "import": ("import neurocourse", "neurocourse", "", "None"),
    "00": (
        "LIF neuron, 200 ms (simulate_lif)",
        "neurocourse.neurons",
        "from neurocourse.neurons import LIFParams, simulate_lif",
        "simulate_lif(LIFParams(), 2.5, duration=200.0)",
    ),
    "01": (
        "CUBA network, 4000 neurons, 1 s (simulate_cuba)",
        "neurocourse.networks",
        "from neurocourse.networks import simulate_cuba",
        "simulate_cuba(duration=1000.0, n_neurons=4000, rng=1)",
    ),
    "02": (
        "LCA on 200 whitened patches, 128 atoms, 50 tau (run_lca)",
        "neurocourse.sparse_coding",
        "from neurocourse import sparse_coding as sc\n"
        "from neurocourse.datasets import load_sparse_dictionary\n"
        "import numpy as np\n"
        "D = load_sparse_dictionary().dictionary\n"
        "X = sc.normalize_patches(np.random.default_rng(0).normal(size=(200, D.shape[1])))\n"
        "P = sc.LCAParams(tau=10.0, penalty=0.1)",
        "sc.run_lca(P, D, X, duration=500.0, dt=1.0)",
    ),
    "03": (
        "RH09 contrast-gain experiment, Fig. 2A (run_contrast_gain_experiment)",
        "neurocourse.attention",
        "from neurocourse import attention",
        "attention.run_contrast_gain_experiment(stimulus_width=3.0, attention_width=30.0)",
    ),
    "04": (
        "10-armed testbed, 2000 runs x 1000 steps (run_bandit)",
        "neurocourse.reward",
        "from neurocourse import reward",
        "reward.run_bandit(reward.BanditParams(epsilon=0.1), reward.make_testbed(2000, rng=0), "
        "n_steps=1000, rng=1)",
    ),
    "05": (
        "fixed-point LIF, 10 000 steps (simulate_fixed_point_lif)",
        "neurocourse.neuromorphic",
        "from neurocourse import neuromorphic as nm\n"
        "import numpy as np\n"
        "I = np.random.default_rng(0).integers(0, 400, size=10_000)",
        "nm.simulate_fixed_point_lif(nm.FixedPointLIFParams(), I, duration=10_000.0)",
    ),
}

_WORKER = r"""
import time
t0 = time.perf_counter()
import numpy
t_numpy = time.perf_counter()
import numba
t_numba = time.perf_counter()
import neurocourse
import importlib
importlib.import_module({module!r})
t_imports = time.perf_counter()
from numba.core import caching
loads = []
_load = caching.Cache.load_overload
def load_overload(self, *args, **kwargs):
    start = time.perf_counter()
    try:
        return _load(self, *args, **kwargs)
    finally:
        loads.append(time.perf_counter() - start)
caching.Cache.load_overload = load_overload
{setup}
t_setup = time.perf_counter()
result = {call}
t_first = time.perf_counter()
caching.Cache.load_overload = _load
result = {call}
t_second = time.perf_counter()
import json
print(json.dumps(dict(
    numpy_import_s=t_numpy - t0, numba_import_s=t_numba - t_numpy,
    imports_s=t_imports - t0, data_s=t_setup - t_imports, cache_loads_s=sum(loads),
    kernels_loaded=len(loads), first_call_s=t_first - t_setup, steady_call_s=t_second - t_first,
    in_process_s=t_first - t0,
)))
"""


def measure(chapter, *, repeat=3, python=sys.executable):
    """Measure one model in ``repeat`` fresh processes; return the fastest figures (dict)."""
    what, module, setup, call = MODELS[chapter]
    code = _WORKER.format(module=module, setup=setup, call=call)
    subprocess.run([python, "-c", code], capture_output=True, check=True)  # warm the numba cache
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = subprocess.run([python, "-c", code], capture_output=True, text=True)
        wall = time.perf_counter() - start
        if out.returncode != 0:
            raise RuntimeError(f"chapter {chapter}: {out.stderr[-2000:]}")
        record = json.loads(out.stdout.strip().splitlines()[-1])
        # the process time to the first result: everything but the second (steady) call
        record["process_s"] = wall - record["steady_call_s"]
        runs.append(record)
    best = {key: min(run[key] for run in runs) for key in runs[0]}
    best.update(chapter=chapter, model=what, repeats=repeat)
    return best


def markdown(records):
    """The start-up table as markdown lines."""
    lines = [
        "| chapter | model | process to first result [s] | imports [s] (numpy / numba) | "
        "kernel cache loads [s] (kernels) | first call [s] | steady call [s] |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in records:
        lines.append(
            f"| {r['chapter']} | {r['model']} | {r['process_s']:.2f} | {r['imports_s']:.2f} "
            f"({r['numpy_import_s']:.2f} / {r['numba_import_s']:.2f}) | {r['cache_loads_s']:.3f} "
            f"({r['kernels_loaded']}) | {r['first_call_s']:.3f} | {r['steady_call_s']:.3f} |"
        )
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per model (fastest kept)")
    parser.add_argument("chapters", nargs="*", default=list(MODELS), help="chapters (default: all)")
    args = parser.parse_args(argv)
    records = []
    for chapter in args.chapters:
        record = measure(chapter, repeat=args.repeat)
        records.append(record)
        print(json.dumps(record), flush=True)
    print("\n".join(markdown(records)))
    return records


if __name__ == "__main__":
    main()
