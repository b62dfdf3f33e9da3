"""Regenerate ``neurocourse/datasets/brunel_grid.npz``: a sweep of Brunel's (2000) network.

13 values of the relative inhibition g (2 to 8, step 0.5) times 9 external drives nu_ext /
nu_thr (0.5, 0.9, 1, 1.5, ..., 4; 0.9 is Brunel's point D). Each point is one simulation of
:func:`neurocourse.networks.simulate_brunel` at Brunel's size, N_E = 10 000, N_I = 2500 (C_E =
1000, C_I = 250, connection probability 0.1), dt = 0.1 ms, 600 ms, seeded with ``rng=[SEED,
i_g, i_nu]`` so every point can be rerun alone and the result does not depend on the order or
the number of processes. The first 200 ms are discarded; the rest is summarised by
:func:`neurocourse.analysis.summarize_network_activity` (rate, ISI CV, chi from 100 recorded
excitatory voltages and its value for independent units, spectral peak, regime, with the
connection probability 0.1 as the shared-input bound of the synchrony test). Stored compactly
beside the summary: the raster of the first 40 excitatory neurons and the population rate
(spike counts of all neurons in 0.5 ms bins) over the last 200 ms, and the power spectrum of
the population rate over the analysed 400 ms (float32).

Usage::

    python scripts/make_brunel_grid.py [--output PATH] [--processes N]

About 4-5 minutes with ``--processes 2`` on two idle cores (the points with g < 4, near
saturation, are the slow ones, 6-11 s each; the others take 1-3 s); 17 minutes measured on two
cores shared with other jobs. Deterministic: the same numpy, numba and
neurocourse give the same file.
"""

from __future__ import annotations

import argparse
import multiprocessing
import pathlib
import sys
import time

import numpy as np

import neurocourse as nc
from neurocourse.analysis import compute_population_rate, compute_power_spectrum, summarize_network_activity

SEED = 20000
G_VALUES = np.round(np.arange(2.0, 8.0 + 1e-9, 0.5), 2)
NU_VALUES = np.array([0.5, 0.9, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0])  # 0.9: Brunel's point D
N_EXCITATORY = 10000
DURATION = 600.0  # ms
TRANSIENT = 200.0  # ms
DT = 0.1  # ms
BIN_WIDTH = 0.5  # ms
RASTER_DURATION = 200.0  # ms, the end of the run
N_RASTER_NEURONS = 40
N_RECORDED = 100

DEFAULT_OUTPUT = pathlib.Path(__file__).resolve().parents[1] / "neurocourse" / "datasets" / "brunel_grid.npz"


def simulate_point(indices):
    """Simulate grid point (i_g, i_nu); return its summary and compact traces."""
    i_g, i_nu = indices
    start = time.perf_counter()
    result = nc.networks.simulate_brunel(
        g=float(G_VALUES[i_g]),
        nu_ext_ratio=float(NU_VALUES[i_nu]),
        n_excitatory=N_EXCITATORY,
        duration=DURATION,
        dt=DT,
        record=np.arange(N_RECORDED),
        rng=[SEED, i_g, i_nu],
    )
    late = result.window(TRANSIENT)
    c_e, _ = nc.networks.brunel_indegrees(N_EXCITATORY)
    summary = summarize_network_activity(late, bin_width=BIN_WIDTH, connection_probability=c_e / N_EXCITATORY)
    _, population = compute_population_rate(
        late.spike_times,
        n_neurons=late.n_neurons,
        duration=late.duration,
        bin_width=BIN_WIDTH,
        t_start=late.t_start,
    )
    freqs, power = compute_power_spectrum(population, dt=BIN_WIDTH)
    raster_start = DURATION - RASTER_DURATION
    tail = late.window(raster_start)
    keep = tail.spike_indices < N_RASTER_NEURONS
    steps = np.round((tail.spike_times[keep] - raster_start) / DT).astype(np.int64)
    n_bins = int(round(RASTER_DURATION / BIN_WIDTH))
    bins = np.floor((tail.spike_times - raster_start) / BIN_WIDTH).astype(np.int64)
    counts = np.bincount(bins[bins < n_bins], minlength=n_bins)
    return dict(
        indices=(i_g, i_nu),
        summary=summary,
        raster_indices=tail.spike_indices[keep].astype(np.uint8),
        raster_steps=steps.astype(np.uint16),
        population_counts=counts.astype(np.uint16),
        frequencies=freqs,
        power=power.astype(np.float32),
        seconds=time.perf_counter() - start,
        n_neurons=result.n_neurons,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=pathlib.Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--processes", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args(argv)
    n_g, n_nu = G_VALUES.size, NU_VALUES.size
    points = [(i, j) for i in range(n_g) for j in range(n_nu)]
    start = time.perf_counter()
    results = {}
    if args.processes > 1:
        with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
            iterator = pool.imap_unordered(simulate_point, points)
            for k, item in enumerate(iterator, 1):
                results[item["indices"]] = item
                _report(k, len(points), item, start)
    else:
        for k, point in enumerate(points, 1):
            item = simulate_point(point)
            results[point] = item
            _report(k, len(points), item, start)

    first = results[points[0]]
    rate = np.zeros((n_g, n_nu))
    cv = np.zeros((n_g, n_nu))
    chi = np.zeros((n_g, n_nu))
    chi_null = np.zeros((n_g, n_nu))
    peak = np.zeros((n_g, n_nu))
    regime = np.empty((n_g, n_nu), dtype="<U9")
    counts = np.zeros((n_g, n_nu, first["population_counts"].size), dtype=np.uint16)
    power = np.zeros((n_g, n_nu, first["power"].size), dtype=np.float32)
    raster_indices, raster_steps, offsets = [], [], [0]
    for i, j in points:  # row-major in (g, nu): point k = i * n_nu + j
        item = results[(i, j)]
        s = item["summary"]
        rate[i, j], cv[i, j], chi[i, j], peak[i, j], regime[i, j] = (
            s.rate,
            s.cv,
            s.chi,
            s.peak_frequency,
            s.regime,
        )
        chi_null[i, j] = s.chi_null
        counts[i, j] = item["population_counts"]
        power[i, j] = item["power"]
        raster_indices.append(item["raster_indices"])
        raster_steps.append(item["raster_steps"])
        offsets.append(offsets[-1] + item["raster_indices"].size)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.output,
        g=G_VALUES,
        nu_ext_ratio=NU_VALUES,
        rate=rate.astype(np.float32),
        cv=cv.astype(np.float32),
        chi=chi.astype(np.float32),
        chi_null=chi_null.astype(np.float32),
        peak_frequency=peak.astype(np.float32),
        regime=regime,
        raster_indices=np.concatenate(raster_indices),
        raster_steps=np.concatenate(raster_steps),
        raster_offsets=np.asarray(offsets, dtype=np.int64),
        population_counts=counts,
        frequencies=first["frequencies"].astype(np.float32),
        power=power,
        n_excitatory=N_EXCITATORY,
        n_neurons=first["n_neurons"],
        duration=DURATION,
        transient=TRANSIENT,
        dt=DT,
        bin_width=BIN_WIDTH,
        raster_t_start=DURATION - RASTER_DURATION,
        raster_duration=RASTER_DURATION,
        n_raster_neurons=N_RASTER_NEURONS,
        seed=SEED,
    )
    elapsed = time.perf_counter() - start
    size = args.output.stat().st_size
    print(f"wrote {args.output} ({size / 1e6:.2f} MB) in {elapsed / 60:.1f} min")
    for j in reversed(range(n_nu)):
        print(f"{NU_VALUES[j]:5.2f} " + " ".join(f"{regime[i, j]:>9s}" for i in range(n_g)))
    print("      " + " ".join(f"{g:>9.1f}" for g in G_VALUES))
    return 0


def _report(k, total, item, start):
    i, j = item["indices"]
    s = item["summary"]
    print(
        f"[{k:3d}/{total}] g = {G_VALUES[i]:.1f}, nu_ext/nu_thr = {NU_VALUES[j]:.2f}: {s.rate:6.1f} Hz, "
        f"CV {s.cv:4.2f}, chi {s.chi:4.2f}, peak {s.peak_frequency:5.0f} Hz -> {s.regime:9s} "
        f"({item['seconds']:.1f} s; {time.perf_counter() - start:.0f} s so far)",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
