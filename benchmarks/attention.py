"""The normalization model of attention over a contrast x size x attention grid, against plain numpy.

The peer is the way the authors' published code (Reynolds & Heeger 2009, ``attentionModel.m``)
and its Python port run the model: one full evaluation of the (orientation x space) maps per
contrast and per attention condition, each convolution a direct ``scipy.ndimage.convolve1d``.
neurocourse runs the same model (the same grid, kernels and equations; the responses agree to
about 1e-12) with FFT convolutions and one evaluation per stimulus and attention field for
all contrasts at once (E and S at a neuron are affine in the contrast).

Both sides compute, for every (stimulus width, attention width) of the grid, the attended and
unattended contrast-response functions of the neuron at x = 100 and their Naka-Rushton fits.
The peer is slow, so it runs on a sub-grid (``--peer-cells``) and its time per cell is
compared with ours on the same cells; ours is also timed on the whole grid.

Usage::

    python benchmarks/attention.py [--contrasts 25] [--peer-cells 2] [--repeats 3]
"""

from __future__ import annotations

import argparse
import itertools
import os
import time

import numpy as np
from scipy import ndimage

from neurocourse import attention

STIMULUS_WIDTHS = (3.0, 5.0, 10.0, 20.0, 30.0, 40.0)
ATTENTION_WIDTHS = (3.0, 5.0, 10.0, 20.0, 30.0, 60.0)


PARAMS = attention.NormalizationAttentionParams()


def plain_experiment(stimulus_width, attention_width, contrasts, *, method="ndimage", params=PARAMS):
    """One cell of the grid the plain way: a full model run per contrast and attention condition.

    ``method="ndimage"``: direct convolutions (the authors' code); ``"matmul"``: each convolution
    a product with a kernel matrix (numpy's BLAS).
    """
    space = attention.model_space()
    x, theta = space.x, space.theta

    def kernel(offsets, width):
        k = np.exp(-(offsets**2) / (2 * width**2))
        return k / k.sum()

    offsets_x = np.arange(-(x.size - 1), x.size).astype(float)
    wrapped = (theta - theta[0] + 180.0) % 360.0 - 180.0
    kx_e, kx_s = kernel(offsets_x, params.excitatory_width_x), kernel(offsets_x, params.suppressive_width_x)
    kt_e, kt_s = (
        kernel(wrapped, params.excitatory_width_theta),
        kernel(wrapped, params.suppressive_width_theta),
    )
    # circular convolution over theta with a kernel indexed by the offset from theta[0]:
    # ndimage's 'wrap' mode with the kernel re-centred on its middle element
    kt_e, kt_s = np.roll(kt_e, theta.size // 2), np.roll(kt_s, theta.size // 2)

    def convolve(image, kt, kx):
        out = ndimage.convolve1d(image, kx, axis=1, mode="constant")
        return ndimage.convolve1d(out, kt, axis=0, mode="wrap")

    if method == "matmul":

        def matrices(kt, kx):
            n_t, n_x = theta.size, x.size
            m_t = np.array([[kt[(i - j + n_t // 2) % n_t] for j in range(n_t)] for i in range(n_t)])
            m_x = kx[(np.arange(n_x)[:, None] - np.arange(n_x)[None, :]) + n_x - 1]
            return m_t, m_x

        mats_e, mats_s = matrices(kt_e, kx_e), matrices(kt_s, kx_s)

        def convolve(image, kt, kx):
            m_t, m_x = mats_e if kt is kt_e else mats_s
            return m_t @ image @ m_x.T

    g_theta = np.exp(-0.5 * (((theta + 180.0) % 360.0 - 180.0) / 1.0) ** 2)
    unit = np.outer(g_theta, np.exp(-0.5 * ((x - 100.0) / stimulus_width) ** 2)) + np.outer(
        g_theta, np.exp(-0.5 * ((x + 100.0) / stimulus_width) ** 2)
    )
    i_theta, i_x = space.index(100.0, 0.0)
    curves = []
    for center in (100.0, -100.0):
        field = (
            params.attention_baseline
            + (params.attention_peak - params.attention_baseline)
            * np.exp(-0.5 * ((x - center) / attention_width) ** 2)[None, :]
        )
        curve = []
        for c in contrasts:
            e = field * convolve(c * unit, kt_e, kx_e)
            s = convolve(e, kt_s, kx_s)
            curve.append(e[i_theta, i_x] / (s[i_theta, i_x] + params.sigma))
        curves.append(np.array(curve))
    fits = [attention.fit_naka_rushton(contrasts, curve) for curve in curves]
    return curves, fits[1].c50 / fits[0].c50, fits[0].r_max / fits[1].r_max


def library_experiment(stimulus_width, attention_width, contrasts):
    result = attention.run_contrast_gain_experiment(
        stimulus_width=stimulus_width, attention_width=attention_width, contrasts=contrasts
    )
    return (result.attended, result.unattended), result.c50_ratio, result.r_max_ratio


def clear_caches():
    """Forget the library's cached stimulus drives and kernels (a cold grid, as a first sweep sees it)."""
    for name in (
        "_cached_grating_drive",
        "_x_kernel_spectrum",
        "_theta_kernel_spectrum",
        "_x_kernel_cached",
        "_theta_kernel_cached",
    ):
        getattr(attention, name).cache_clear()


def timed(function, *args, repeats):
    best_wall, best_cpu = np.inf, np.inf
    for _ in range(repeats):
        clear_caches()
        wall, cpu = time.perf_counter(), time.process_time()
        value = function(*args)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return value, best_wall, best_cpu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contrasts", type=int, default=25, help="contrasts per curve (log-spaced 1e-5..1)")
    parser.add_argument("--peer-cells", type=int, default=2, help="grid cells the plain peer runs")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    args = parser.parse_args(argv)
    contrasts = np.logspace(-5, 0, args.contrasts)
    cells = list(itertools.product(STIMULUS_WIDTHS, ATTENTION_WIDTHS))
    print(
        f"load average {os.getloadavg()[0]:.1f}; grid {len(STIMULUS_WIDTHS)} stimulus widths x "
        f"{len(ATTENTION_WIDTHS)} attention widths x {args.contrasts} contrasts x 2 attention conditions"
    )

    def whole_grid():
        return [library_experiment(sw, aw, contrasts) for sw, aw in cells]

    _, wall, cpu = timed(whole_grid, repeats=args.repeats)
    print(
        f"neurocourse, whole grid ({len(cells)} cells): {wall:.3f} s wall, {cpu:.3f} s CPU, "
        f"{1000 * wall / len(cells):.1f} ms per cell"
    )

    peer_cells = [(3.0, 30.0), (5.0, 3.0), (10.0, 10.0), (20.0, 5.0)][: args.peer_cells]
    ours_wall = ours_cpu = peer_wall = peer_cpu = mm_wall = mm_cpu = 0.0
    for sw, aw in peer_cells:
        (ours_curves, ours_c50, ours_rmax), w, c = timed(
            library_experiment, sw, aw, contrasts, repeats=args.repeats
        )
        ours_wall, ours_cpu = ours_wall + w, ours_cpu + c
        (peer_curves, peer_c50, peer_rmax), w, c = timed(plain_experiment, sw, aw, contrasts, repeats=1)
        peer_wall, peer_cpu = peer_wall + w, peer_cpu + c
        (mm_curves, _, _), w, c = timed(
            lambda *a: plain_experiment(*a, method="matmul"), sw, aw, contrasts, repeats=1
        )
        mm_wall, mm_cpu = mm_wall + w, mm_cpu + c
        assert max(np.max(np.abs(a / b - 1)) for a, b in zip(mm_curves, peer_curves, strict=True)) < 1e-9
        difference = max(np.max(np.abs(a / b - 1)) for a, b in zip(ours_curves, peer_curves, strict=True))
        print(
            f"cell stimulus {sw:g}, field {aw:g}: c50 ratio {ours_c50:.4f} (plain {peer_c50:.4f}), "
            f"R_max ratio {ours_rmax:.4f} (plain {peer_rmax:.4f}); "
            f"largest relative difference of responses {difference:.1e}"
        )
    n = len(peer_cells)
    print(
        f"per cell: neurocourse {1000 * ours_wall / n:.1f} ms wall ({1000 * ours_cpu / n:.1f} ms CPU); "
        f"plain numpy, matrix products {1000 * mm_wall / n:.0f} ms wall ({1000 * mm_cpu / n:.0f} ms CPU); "
        f"plain scipy.ndimage {1000 * peer_wall / n:.0f} ms wall ({1000 * peer_cpu / n:.0f} ms CPU)"
    )
    print(
        f"speed-up on the same cells: {mm_wall / ours_wall:.0f}x wall ({mm_cpu / ours_cpu:.0f}x CPU) against "
        f"matrix products, {peer_wall / ours_wall:.0f}x wall ({peer_cpu / ours_cpu:.0f}x CPU) against ndimage"
    )


if __name__ == "__main__":
    main()
