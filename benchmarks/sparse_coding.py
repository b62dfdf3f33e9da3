"""Batch sparse inference: FISTA and LCA against scikit-learn's SparseCoder (lasso_cd, lasso_lars).

10 000 whitened 16 x 16 patches of the bundled natural images, a dictionary of 256 atoms (the
128 bundled learned atoms and 128 random unit-norm atoms), the Lasso energy
1/2 ||x - a D||^2 + lambda ||a||_1 with lambda = 0.1. Every method is run with the loosest
setting that brings the summed energy within a relative 1e-4 of the optimum (found first by
FISTA at tol 1e-11), and timed (best of ``--repeats``) in the same run.

scikit-learn's ``SparseCoder`` minimises (1 / (2 n_pixels)) ||x - a D||^2 + (alpha / n_pixels) ||a||_1
with ``transform_alpha = alpha`` for lasso_cd (it divides alpha by n_pixels), which is our
energy with lambda = alpha; for lasso_lars the same scaling holds. Install it with
``pip install scikit-learn``; the library never imports it.

    python benchmarks/sparse_coding.py [--patches 10000] [--repeats 3]

Single-threaded BLAS (``OPENBLAS_NUM_THREADS=1``, set below before numpy loads) for every
method: on a shared machine threads that spin for a core make small matrix products
100 times slower, and the comparison should not depend on it.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

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


def best_time(function, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def energy(D, X, codes):
    return float(sc.lasso_objective(D, X, codes, penalty=PENALTY).sum())


def first_within(settings, run, D, X, optimum):
    """Return (setting, codes, gap) of the first setting whose energy is within TARGET."""
    for setting in settings:
        codes = run(setting)
        gap = (energy(D, X, codes) - optimum) / optimum
        if gap <= TARGET:
            return setting, gap
    return settings[-1], gap


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patches", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    D, X = problem(args.patches)
    print(f"{X.shape[0]} patches x {X.shape[1]} pixels, {D.shape[0]} atoms, lambda = {PENALTY}")
    reference = sc.solve_fista(D, X, penalty=PENALTY, max_iter=50_000, tol=1e-11)
    optimum = float(reference.objective.sum())
    print(
        f"optimum by FISTA (tol 1e-11, {reference.n_iter} iterations): energy {optimum:.6g}, "
        f"{100 * np.mean(reference.codes != 0):.1f}% active"
    )
    rows = []

    def fista(tol):
        return sc.solve_fista(D, X, penalty=PENALTY, max_iter=100_000, tol=tol).codes

    tol, gap = first_within([1e-2, 5e-3, 2e-3, 1e-3, 5e-4, 2e-4, 1e-4, 5e-5, 1e-5], fista, D, X, optimum)
    seconds, codes = best_time(lambda: fista(tol), args.repeats)
    rows.append(
        ("neurocourse solve_fista", f"tol={tol:g}", seconds, (energy(D, X, codes) - optimum) / optimum)
    )

    params = sc.LCAParams(tau=10.0, penalty=PENALTY)

    def lca(n_tau):
        return sc.run_lca(params, D, X, duration=n_tau * params.tau, dt=params.max_dt).coefficients

    # one long run records the energy at every step: the first step within TARGET sets the duration
    long_run = sc.run_lca(params, D, X, duration=200 * params.tau, dt=params.max_dt)
    total = long_run.objective.sum(axis=0)
    within = np.flatnonzero((total - optimum) / optimum <= TARGET)
    n_steps = int(within[0]) + 1 if within.size else long_run.n_steps
    n_tau = int(np.ceil(n_steps * params.max_dt / params.tau))
    del long_run
    seconds, codes = best_time(lambda: lca(n_tau), args.repeats)
    rows.append(
        (
            "neurocourse run_lca (dt = tau/10)",
            f"{n_tau} tau",
            seconds,
            (energy(D, X, codes) - optimum) / optimum,
        )
    )

    for name, setting, seconds, gap in rows:
        print(f"measured {name} ({setting}): {seconds:.2f} s, gap {gap:.1e}", flush=True)
    try:
        from sklearn.decomposition import SparseCoder
        from sklearn.exceptions import ConvergenceWarning

        warnings.simplefilter("ignore", ConvergenceWarning)  # the gap printed below says how far it got
    except ImportError:
        print("scikit-learn is not installed: pip install scikit-learn")
    else:
        for algorithm in ("lasso_cd", "lasso_lars"):

            def sklearn(max_iter, algorithm=algorithm):
                coder = SparseCoder(
                    dictionary=D,
                    transform_algorithm=algorithm,
                    transform_alpha=PENALTY,
                    transform_max_iter=max_iter,
                )
                return coder.transform(X)

            settings = [100, 300, 1000, 3000] if algorithm == "lasso_cd" else [1000]
            max_iter, gap = first_within(settings, sklearn, D, X, optimum)
            seconds, codes = best_time(
                lambda max_iter=max_iter, f=sklearn: f(max_iter), max(1, args.repeats - 1)
            )
            rows.append(
                (
                    f"scikit-learn SparseCoder {algorithm}",
                    f"max_iter={max_iter}",
                    seconds,
                    (energy(D, X, codes) - optimum) / optimum,
                )
            )

    print("\n| method | setting | time [s] | relative energy gap |\n|---|---|---|---|")
    for name, setting, seconds, gap in rows:
        print(f"| {name} | {setting} | {seconds:.2f} | {gap:.1e} |")
    ours = {name: seconds for name, _, seconds, _ in rows if name.startswith("neurocourse")}
    theirs = [seconds for name, _, seconds, _ in rows if name.startswith("scikit")]
    if theirs:
        fastest = min(theirs)
        for name, seconds in ours.items():
            print(f"{name}: {fastest / seconds:.1f}x faster than scikit-learn's fastest")


if __name__ == "__main__":
    main()
