"""Batch sparse inference: neurocourse's solvers against scikit-learn's SparseCoder (lasso_cd, lasso_lars).

10 000 whitened 16 x 16 patches of the bundled natural images, a dictionary of 256 atoms (the
128 bundled learned atoms and 128 random unit-norm atoms), the Lasso energy
1/2 ||x - a D||^2 + lambda ||a||_1 with lambda = 0.1. The optimum is found first (FISTA at
tol 1e-11 and coordinate descent at a relative duality gap of 1e-12; the lower energy is kept).
Every method is then run with the loosest setting of its own knob that brings the summed energy
within a relative 1e-4 of that optimum, measured the same way for all (lasso_objective summed
over the patches), and timed in the same run: the first timing is the run that found the
setting, the ``--repeats - 1`` others go round all methods in turn (so that a change of the
machine's load hits them all), and the best is reported:

* ``solve_fista``: ``tol`` (relative change of the codes over the batch);
* ``solve_coordinate_descent``: ``tol`` (relative duality gap, per patch);
* ``run_lca``: the duration, in whole tau;
* scikit-learn's lasso_cd: ``transform_max_iter``, the number of sweeps (SparseCoder fixes the
  Lasso's own tol at 1e-8, so the sweep cap is the only way to stop it earlier);
* lasso_lars: its default (exact up to rounding), timed once: it is 30 times slower than the rest.

scikit-learn's ``SparseCoder`` minimises (1 / (2 n_pixels)) ||x - a D||^2 + (alpha / n_pixels) ||a||_1
with ``transform_alpha = alpha`` for lasso_cd and lasso_lars (it divides alpha by n_pixels),
which is our energy with lambda = alpha. Install it with ``pip install scikit-learn``; the
library never imports it.

    python benchmarks/sparse_coding.py [--patches 10000] [--repeats 3] [--threads 1]

Threads: ``--threads 1`` (default) gives every method one thread: single-threaded BLAS
(``OPENBLAS_NUM_THREADS``, set below before numpy loads), serial numba kernels and SparseCoder's
default ``n_jobs=None``. ``--threads N`` gives every method N: BLAS threads, numba threads
(``parallel=True`` for coordinate descent) and ``n_jobs=N`` for SparseCoder (joblib workers).
On a shared machine, threads that spin for a busy core make small products far slower: compare
methods only within one run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings


def _parser():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patches", type=int, default=10_000, help="number of patches (default 10000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per method, best kept (default 3)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads for every method: BLAS, numba, SparseCoder n_jobs"
    )
    return parser


if __name__ == "__main__":
    _threads = str(max(1, _parser().parse_known_args()[0].threads))
    for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
        os.environ[_name] = _threads

import numpy as np  # noqa: E402

from neurocourse import sparse_coding as sc  # noqa: E402
from neurocourse.datasets import load_natural_images, load_sparse_dictionary  # noqa: E402

TARGET = 1e-4
PENALTY = 0.1


def problem(n_patches):
    learned = load_sparse_dictionary()
    images = load_natural_images().images.reshape(6, 256, 2, 256, 2).mean(axis=(2, 4))
    white = sc.whiten_images(images, f0=learned.f0)
    patches = sc.normalize_patches(sc.sample_patches(white, n_patches, patch_size=16, rng=12))
    D = np.vstack(
        [
            learned.dictionary / np.linalg.norm(learned.dictionary, axis=1, keepdims=True),
            sc.random_dictionary(256 - learned.n_atoms, 256, rng=13),
        ]
    )
    return D, patches


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def energy(D, X, codes):
    return float(sc.lasso_objective(D, X, codes, penalty=PENALTY).sum())


def first_within(settings, run, D, X, optimum):
    """Return (setting, seconds, result, gap) of the first setting whose summed energy is within TARGET.

    ``run(setting)`` returns (codes, anything); settings go from loose to tight.
    """
    for setting in settings:
        seconds, result = timed(lambda setting=setting: run(setting))
        gap = (energy(D, X, result[0]) - optimum) / optimum
        if gap <= TARGET:
            break
    return setting, seconds, result, gap


def load():
    return "load average {:.2f}, {:.2f}, {:.2f} (1, 5, 15 min)".format(*os.getloadavg())


def main(argv=None):
    args = _parser().parse_args(argv)
    threads = max(1, args.threads)
    parallel = threads > 1
    if parallel:
        import numba

        numba.set_num_threads(threads)
    print(f"{threads} thread(s) for every method; start: {load()}", flush=True)
    D, X = problem(args.patches)
    print(f"{X.shape[0]} patches x {X.shape[1]} pixels, {D.shape[0]} atoms, lambda = {PENALTY}")
    reference = sc.solve_fista(D, X, penalty=PENALTY, max_iter=50_000, tol=1e-11)
    certified = sc.solve_coordinate_descent(
        D, X, penalty=PENALTY, max_iter=100_000, tol=1e-12, parallel=parallel
    )
    optimum = min(float(reference.objective.sum()), float(certified.objective.sum()))
    print(
        f"optimum: energy {optimum:.10g} (FISTA at tol 1e-11, {reference.n_iter} iterations: "
        f"{reference.objective.sum():.10g}; coordinate descent at gap 1e-12: "
        f"{certified.objective.sum():.10g}, summed duality gap {certified.duality_gap.sum():.1e}); "
        f"{100 * np.mean(certified.codes != 0):.1f}% of the coefficients active"
    )
    # compile or load every kernel before any timing
    sc.solve_fista(D, X[:10], penalty=PENALTY, max_iter=5)
    sc.solve_coordinate_descent(D, X[:10], penalty=PENALTY, max_iter=5, parallel=parallel)
    methods = []

    def add(label, setting_text, run, setting, seconds, result, repeat=True):
        methods.append(
            {
                "label": label,
                "setting_text": setting_text,
                "run": run,
                "setting": setting,
                "times": [seconds],
                "loads": [os.getloadavg()[0]],
                "result": result,
                "repeat": repeat,
            }
        )
        print(f"found {label} ({setting_text}): {seconds:.2f} s ({load()})", flush=True)

    def fista(tol):
        code = sc.solve_fista(D, X, penalty=PENALTY, max_iter=100_000, tol=tol)
        return code.codes, f"{code.n_iter} iterations"

    def coordinate_descent(tol):
        code = sc.solve_coordinate_descent(
            D, X, penalty=PENALTY, max_iter=100_000, tol=tol, parallel=parallel
        )
        return code.codes, f"{code.n_sweeps.mean():.1f} sweeps per patch (max {code.n_iter})"

    loose_to_tight = [1e-1, 5e-2, 3e-2, 2e-2, 1e-2, 5e-3, 2e-3, 1e-3, 5e-4, 2e-4, 1e-4, 5e-5, 1e-5]
    for name, run in (("solve_coordinate_descent", coordinate_descent), ("solve_fista", fista)):
        tol, seconds, result, _ = first_within(loose_to_tight, run, D, X, optimum)
        add(f"neurocourse {name}", f"tol={tol:g}", run, tol, seconds, result)

    params = sc.LCAParams(tau=10.0, penalty=PENALTY)

    def lca(n_tau):
        result = sc.run_lca(params, D, X, duration=n_tau * params.tau, dt=params.max_dt)
        return result.coefficients, f"{result.n_steps} steps"

    # one long run records the energy at every step: the first step within TARGET sets the duration
    long_run = sc.run_lca(params, D, X, duration=200 * params.tau, dt=params.max_dt)
    total = long_run.objective.sum(axis=0)
    within = np.flatnonzero((total - optimum) / optimum <= TARGET)
    n_steps = int(within[0]) + 1 if within.size else long_run.n_steps
    n_tau = int(np.ceil(n_steps * params.max_dt / params.tau))
    del long_run
    seconds, result = timed(lambda: lca(n_tau))
    add("neurocourse run_lca (dt = tau/10)", f"{n_tau} tau", lca, n_tau, seconds, result)

    try:
        from sklearn.decomposition import SparseCoder
        from sklearn.exceptions import ConvergenceWarning

        warnings.simplefilter("ignore", ConvergenceWarning)  # the gap printed below says how far it got
    except ImportError:
        print("scikit-learn is not installed: pip install scikit-learn")
    else:
        n_jobs = threads if parallel else None
        for algorithm in ("lasso_cd", "lasso_lars"):

            def sklearn(max_iter, algorithm=algorithm):
                coder = SparseCoder(
                    dictionary=D,
                    transform_algorithm=algorithm,
                    transform_alpha=PENALTY,
                    transform_max_iter=max_iter,
                    n_jobs=n_jobs,
                )
                sweeps = f"at most {max_iter} sweeps" if algorithm == "lasso_cd" else "(its default)"
                return coder.transform(X), sweeps

            if algorithm == "lasso_cd":
                settings = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 20, 25, 30, 40, 50, 100, 1000]
            else:
                settings = [1000]
            max_iter, seconds, result, _ = first_within(settings, sklearn, D, X, optimum)
            add(
                f"scikit-learn SparseCoder {algorithm}",
                f"max_iter={max_iter}",
                sklearn,
                max_iter,
                seconds,
                result,
                repeat=algorithm == "lasso_cd",
            )

    # the timed repeats go round the methods, so that a change of the machine's load hits them all
    for round_ in range(1, args.repeats):
        for method in methods:
            if method["repeat"]:
                seconds, method["result"] = timed(lambda method=method: method["run"](method["setting"]))
                method["times"].append(seconds)
                method["loads"].append(os.getloadavg()[0])
        print(f"round {round_ + 1} of {args.repeats} done ({load()})", flush=True)

    print(f"\nend: {load()}")
    for method in methods:
        times = ", ".join(f"{t:.2f}" for t in method["times"])
        loads = ", ".join(f"{x:.1f}" for x in method["loads"])
        print(f"{method['label']}: times {times} s at 1-min loads {loads}")
    print("\n| method | setting | iterations | time [s] | relative energy gap |\n|---|---|---|---|---|")
    for method in methods:
        codes, iterations = method["result"]
        gap = (energy(D, X, codes) - optimum) / optimum
        print(
            f"| {method['label']} | {method['setting_text']} | {iterations} | "
            f"{min(method['times']):.2f} | {gap:.1e} |"
        )
    theirs = [min(m["times"]) for m in methods if m["label"].startswith("scikit")]
    if theirs:
        fastest = min(theirs)
        for method in methods:
            if method["label"].startswith("neurocourse"):
                ratio = fastest / min(method["times"])
                print(
                    f"{method['label']}: {ratio:.2f}x faster than scikit-learn's fastest "
                    f"({fastest:.2f} s; best times)"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
