"""Widget demos of chapter 02, sparse coding.

* :func:`sparsity_tradeoff` -- the penalty lambda against reconstruction error and code sparsity.
* :func:`lca_dynamics` -- the LCA network encoding one patch: coefficients competing over time,
  the energy falling to the Lasso optimum.
* :func:`basis_browser` -- the learned dictionary, atom by atom, with its fitted 2-D Gabor.

All three use the bundled natural images and the dictionary learned from them
(:func:`neurocourse.datasets.load_sparse_dictionary`); slow results are cached.
"""

from __future__ import annotations

import functools

import ipywidgets
import numpy as np

from .. import sparse_coding as sc
from .._validation import check_choice, check_positive
from ..datasets import load_natural_images, load_sparse_dictionary
from ..plotting import COLORS
from ._base import Demo, new_figure

__all__ = [
    "course_patches",
    "sparsity_tradeoff",
    "update_sparsity_tradeoff",
    "lca_dynamics",
    "update_lca_dynamics",
    "basis_browser",
    "update_basis_browser",
]

_N_TEST = 200
_TRADEOFF_PENALTIES = np.geomspace(0.005, 0.5, 13)


@functools.lru_cache(maxsize=4)
def course_patches(n_patches=_N_TEST, *, seed=7):
    """Return whitened, normalised 16 x 16 test patches of the natural images, as the dictionary saw them.

    Parameters
    ----------
    n_patches : int
        Number of patches.
    seed : int
        Seed of the patch positions.

    Returns
    -------
    ndarray, shape (n_patches, 256), read-only
    """
    learned = load_sparse_dictionary()
    images = load_natural_images().images
    k = learned.downsample
    if k > 1:
        n, rows, cols = images.shape
        images = images.reshape(n, rows // k, k, cols // k, k).mean(axis=(2, 4))
    white = sc.whiten_images(images, f0=learned.f0)
    patches = sc.normalize_patches(
        sc.sample_patches(white, n_patches, patch_size=learned.patch_size, rng=seed)
    )
    patches.flags.writeable = False
    return patches


def _show_patch(ax, patch, title):
    size = int(round(np.sqrt(patch.size)))
    limit = np.abs(patch).max() or 1.0
    ax.imshow(patch.reshape(size, size), cmap="gray", vmin=-limit, vmax=limit, interpolation="nearest")
    ax.set_title(title, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])


@functools.lru_cache(maxsize=64)
def _codes(penalty):
    learned = load_sparse_dictionary()
    patches = course_patches()
    # coordinate descent: a compiled loop, so a slider move does not wait on BLAS threads
    code = sc.solve_coordinate_descent(learned.dictionary, patches, penalty=penalty, tol=1e-4)
    residual = patches - code.codes @ learned.dictionary
    error = float(np.sum(residual**2) / np.sum(patches**2))
    return code.codes, error, float(np.mean(code.codes != 0.0))


@functools.lru_cache(maxsize=1)
def _tradeoff_curve():
    return np.array([_codes(float(p))[1:] for p in _TRADEOFF_PENALTIES])


def update_sparsity_tradeoff(*, penalty=0.05, patch=0):
    """Encode the test patches at one penalty; draw the trade-off curve, a patch and its reconstruction.

    Parameters
    ----------
    penalty : float
        Soft threshold lambda of the Lasso energy, > 0 (the slider: 0.01 to 0.5).
    patch : int
        Which test patch to show, in [0, 199].

    Returns
    -------
    figure, summary_html
    """
    penalty = check_positive("penalty", penalty, high=10.0)
    patch = int(patch)
    if not 0 <= patch < _N_TEST:
        raise ValueError(f"patch must be in [0, {_N_TEST - 1}]; got {patch}")
    learned = load_sparse_dictionary()
    codes, error, active = _codes(float(penalty))
    curve = _tradeoff_curve()
    fig, axes = new_figure(
        ncols=4,
        figsize=(10.0, 2.9),
        width_ratios=[2.2, 1, 1, 1.6],
        margins=dict(left=0.07, right=0.98, bottom=0.17, top=0.88, wspace=0.35),
    )
    ax = axes[0]
    ax.semilogx(
        _TRADEOFF_PENALTIES,
        100 * curve[:, 0],
        "o-",
        color=COLORS["excitatory"],
        markersize=3,
        label="residual (% of variance)",
    )
    ax.semilogx(
        _TRADEOFF_PENALTIES,
        100 * curve[:, 1],
        "s-",
        color=COLORS["inhibitory"],
        markersize=3,
        label="active coefficients (%)",
    )
    ax.axvline(penalty, color="k", lw=1, ls=":")
    ax.set_xlabel("Penalty λ")
    ax.set_ylabel("%")
    ax.legend(fontsize=7, loc="center left")
    x = course_patches()[patch]
    _show_patch(axes[1], x, "patch")
    _show_patch(axes[2], codes[patch] @ learned.dictionary, "reconstruction")
    ax = axes[3]
    values = codes[patch]
    ax.vlines(np.arange(values.size), 0.0, values, color=COLORS["excitatory"], lw=1)
    ax.axhline(0.0, color=COLORS["neutral"], lw=0.5)
    ax.set_xlabel("Atom")
    ax.set_ylabel("Coefficient a")
    ax.set_title(f"{np.count_nonzero(values)} of {values.size} active", fontsize=9)
    summary = (
        f"λ = {penalty:.3g}: the code leaves <b>{100 * error:.1f}%</b> of the patches' variance "
        f"unexplained with <b>{100 * active:.1f}%</b> of the coefficients active. Larger λ: "
        "sparser codes, worse reconstructions."
    )
    return fig, summary


def _penalty_slider():
    return ipywidgets.FloatSlider(
        value=0.05,
        min=0.01,
        max=0.5,
        step=0.01,
        description="penalty λ (–)",
        continuous_update=False,
        style={"description_width": "initial"},
    )


def _patch_slider():
    return ipywidgets.IntSlider(
        value=0, min=0, max=_N_TEST - 1, description="patch (#)", continuous_update=False
    )


def sparsity_tradeoff():
    """Return the demo: lambda against reconstruction and sparsity (:func:`update_sparsity_tradeoff`)."""
    controls = {
        "penalty": _penalty_slider(),
        "patch": _patch_slider(),
    }
    return Demo(update_sparsity_tradeoff, controls, title="Sparsity against reconstruction")


@functools.lru_cache(maxsize=32)
def _lca_run(penalty, threshold, patch, tau):
    learned = load_sparse_dictionary()
    x = course_patches()[patch]
    params = sc.LCAParams(tau=tau, penalty=penalty, threshold=threshold)
    result = sc.run_lca(params, learned.dictionary, x, duration=50 * tau, dt=params.max_dt, record=True)
    optimum = sc.solve_coordinate_descent(learned.dictionary, x, penalty=penalty, max_iter=10_000, tol=1e-10)
    return result, float(optimum.objective[0])


def update_lca_dynamics(*, penalty=0.05, threshold="soft", patch=0):
    """Run the LCA network on one patch and draw its coefficients and energy over time.

    Parameters
    ----------
    penalty : float
        Threshold lambda, > 0 (the slider: 0.01 to 0.5).
    threshold : {'soft', 'hard'}
        Activation of the LCA neurons.
    patch : int
        Test patch, in [0, 199].

    Returns
    -------
    figure, summary_html
    """
    penalty = check_positive("penalty", penalty, high=10.0)
    check_choice("threshold", threshold, sc.THRESHOLDS)
    patch = int(patch)
    if not 0 <= patch < _N_TEST:
        raise ValueError(f"patch must be in [0, {_N_TEST - 1}]; got {patch}")
    tau = 10.0
    result, optimum = _lca_run(float(penalty), threshold, patch, tau)
    fig, axes = new_figure(
        ncols=2, figsize=(10.0, 3.0), margins=dict(left=0.07, right=0.98, bottom=0.17, top=0.9, wspace=0.28)
    )
    trace = result.coefficient_trace[0]
    final = np.abs(result.coefficients[0])
    top = np.argsort(final)[::-1][:8]
    t = result.time / tau
    ax = axes[0]
    others = trace[np.argsort(final)[::-1][8:], ::2]
    t_others = np.append(t[::2], np.nan)
    joined = np.column_stack([others, np.full(len(others), np.nan)]).ravel()  # one line for all the others
    ax.plot(np.tile(t_others, len(others)), joined, color=COLORS["neutral"], lw=0.5)
    ax.plot(t, trace[top].T, lw=1.3)
    ax.set_xlabel("Time (τ)")
    ax.set_ylabel("Coefficient a")
    ax.set_title("8 largest coefficients (grey: the others)", fontsize=9)
    ax = axes[1]
    energy = result.objective[0]
    ax.plot(t, energy, color=COLORS["excitatory"], label="LCA energy")
    if threshold == "soft":
        ax.axhline(optimum, color="k", ls=":", lw=1, label="Lasso optimum")
    ax.set_ylim(
        min(energy.min(), optimum) - 0.05 * abs(energy[0] - energy.min() + 1e-9), energy[0] * 1.05 + 1e-9
    )
    ax.set_xlabel("Time (τ)")
    ax.set_ylabel("Energy E(a)")
    ax.legend(fontsize=8)
    n_active = int(np.count_nonzero(result.coefficients[0]))
    if threshold == "soft":
        gap = (energy[-1] - optimum) / abs(optimum)
        detail = f"relative gap to the Lasso optimum after 50 τ: <b>{gap:.1e}</b>"
    else:
        detail = "the hard threshold minimises an L0-like energy, which the plot shows"
    summary = (
        f"{n_active} of {final.size} neurons active at the end; {detail}. Early on many neurons "
        "rise together; lateral inhibition then silences those whose atoms overlap the winners."
    )
    return fig, summary


def lca_dynamics():
    """Return the demo: LCA coefficients competing over time (see :func:`update_lca_dynamics`)."""
    controls = {
        "penalty": _penalty_slider(),
        "threshold": ipywidgets.Dropdown(options=["soft", "hard"], value="soft", description="threshold"),
        "patch": _patch_slider(),
    }
    return Demo(update_lca_dynamics, controls, title="LCA: sparse inference as neural dynamics")


@functools.cache
def _gabor_fit(index):
    return sc.fit_gabor(load_sparse_dictionary().dictionary[index])


@functools.lru_cache(maxsize=1)
def _tiled():
    return sc.tile_atoms(load_sparse_dictionary().dictionary)


def update_basis_browser(*, atom=0):
    """Show the learned dictionary, one atom and its fitted 2-D Gabor.

    Parameters
    ----------
    atom : int
        Atom index, in [0, n_atoms - 1].

    Returns
    -------
    figure, summary_html
    """
    learned = load_sparse_dictionary()
    atom = int(atom)
    if not 0 <= atom < learned.n_atoms:
        raise ValueError(f"atom must be in [0, {learned.n_atoms - 1}]; got {atom}")
    fit = _gabor_fit(atom)
    size = learned.patch_size
    fig, axes = new_figure(
        ncols=3,
        figsize=(10.0, 3.3),
        width_ratios=[1.6, 1, 1],
        margins=dict(left=0.02, right=0.98, bottom=0.05, top=0.88, wspace=0.1),
    )
    ax = axes[0]
    ax.imshow(_tiled(), cmap="gray", vmin=-1, vmax=1, interpolation="nearest")
    n_cols = int(np.ceil(np.sqrt(learned.n_atoms)))
    r, c = divmod(atom, n_cols)
    ax.add_patch(_rectangle(c * (size + 1) - 1, r * (size + 1) - 1, size + 1))
    ax.set_title(f"{learned.n_atoms} learned atoms", fontsize=9)
    ax.set_axis_off()
    _show_patch(axes[1], learned.dictionary[atom], f"atom {atom}")
    _show_patch(axes[2], fit.fitted.ravel(), f"Gabor fit, R² = {fit.r_squared:.2f}")
    verdict = "Gabor-like" if fit.is_gabor_like() else "not Gabor-like (R² < 0.8 or a DC peak)"
    summary = (
        f"Atom {atom}: {verdict}. Orientation {np.degrees(fit.orientation):.0f}°, spatial frequency "
        f"{fit.frequency:.3f} cycles/pixel (period {1 / max(fit.frequency, 1e-9):.1f} pixels), "
        f"envelope σ = {fit.sigma_x:.1f} x {fit.sigma_y:.1f} pixels, R² = {fit.r_squared:.2f}."
    )
    return fig, summary


def _rectangle(x, y, side):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), side, side, fill=False, edgecolor=COLORS["inhibitory"], lw=2)


def basis_browser():
    """Return the demo: browse the learned atoms and their Gabor fits (see :func:`update_basis_browser`)."""
    n_atoms = load_sparse_dictionary().n_atoms
    controls = {
        "atom": ipywidgets.IntSlider(
            value=0, min=0, max=n_atoms - 1, description="atom (#)", continuous_update=False
        )
    }
    return Demo(update_basis_browser, controls, title="The learned basis, atom by atom")
