"""Shared figures in the course style: voltage traces, rasters, f-I curves, population rates,
the phase diagram of Brunel's network and the Wilson-Cowan phase plane.

The style is set locally (no style sheet fetched from the web): a colour-blind-safe palette
(Okabe & Ito 2008), readable font sizes, no top and right spines. Every axis label carries
its unit.
"""

from __future__ import annotations

import contextlib

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "COLORS",
    "COURSE_STYLE",
    "use_course_style",
    "course_style",
    "new_axes",
    "plot_voltage_trace",
    "plot_raster",
    "plot_fi_curve",
    "plot_population_rate",
    "REGIME_COLORS",
    "REGIME_NAMES",
    "plot_brunel_phase_diagram",
    "plot_wilson_cowan_phase_plane",
]

#: Okabe-Ito colour-blind-safe palette, by role.
COLORS = {
    "excitatory": "#0072B2",  # blue
    "inhibitory": "#D55E00",  # vermillion
    "input": "#009E73",  # bluish green
    "analytic": "#000000",  # black
    "highlight": "#E69F00",  # orange
    "neutral": "#999999",  # grey
    "accent": "#CC79A7",  # reddish purple
    "sky": "#56B4E9",
    "yellow": "#F0E442",
}

_CYCLE = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000"]

#: rcParams of the course style.
COURSE_STYLE = {
    "axes.prop_cycle": mpl.cycler(color=_CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "figure.figsize": (7.0, 3.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "lines.linewidth": 1.5,
    "image.cmap": "viridis",
}


def use_course_style():
    """Apply the course style to matplotlib for the rest of the session."""
    mpl.rcParams.update(COURSE_STYLE)


@contextlib.contextmanager
def course_style():
    """Apply the course style inside a ``with`` block, then restore exactly the keys it set.

    Unlike ``matplotlib.rc_context``, which restores *every* rcParam on exit, this touches
    only the style's own keys. That matters in a notebook: the first pyplot figure of a session
    resolves the backend, and the inline backend then switches ``interactive`` on; a full
    restore switched it back off, and no later figure of the session was shown. The course
    style never reads or writes ``interactive`` or ``backend``.
    """
    saved = {key: mpl.rcParams[key] for key in COURSE_STYLE}
    mpl.rcParams.update(COURSE_STYLE)
    try:
        yield
    finally:
        mpl.rcParams.update(saved)


def new_axes(ax=None, **subplots_kwargs):
    """Return ``(figure, axes)``: the given axes and its figure, or a new figure in the course style."""
    if ax is not None:
        return ax.figure, ax
    with course_style():
        fig, ax = plt.subplots(**subplots_kwargs)
    return fig, ax


def plot_voltage_trace(
    time, voltage, *, spike_times=None, v_peak=None, ax=None, color=None, label=None, threshold=None
):
    """Plot a membrane potential trace, drawing spikes as lines up to ``v_peak``.

    Parameters
    ----------
    time : array_like, shape (n_steps,)
        Sample times [ms].
    voltage : array_like, shape (n_steps,)
        Membrane potential [mV].
    spike_times : array_like, optional
        Spike times [ms] to draw as vertical strokes (models that reset record no peak).
    v_peak : float, optional
        Top of the spike strokes [mV]; defaults to 20 mV above the trace's maximum.
    ax : matplotlib Axes, optional
        Axes to draw into; a new figure otherwise.
    threshold : float, optional
        Draw the firing threshold [mV] as a dashed line.

    Returns
    -------
    ax : matplotlib Axes
    """
    fig, ax = new_axes(ax)
    time = np.asarray(time, dtype=float)
    voltage = np.asarray(voltage, dtype=float)
    color = color or COLORS["excitatory"]
    ax.plot(time, voltage, color=color, label=label)
    if spike_times is not None and len(spike_times):
        top = v_peak if v_peak is not None else float(np.max(voltage)) + 20.0
        spikes = np.asarray(spike_times, dtype=float)
        base = np.interp(spikes, time, voltage)
        ax.vlines(spikes, base, top, color=color, linewidth=1.0)
    if threshold is not None:
        ax.axhline(threshold, color=COLORS["neutral"], linestyle="--", linewidth=1.0)
    ax.set_xlabel("Time (ms)")
    ax.set_ylabel("V (mV)")
    return ax


def plot_raster(spike_indices, spike_times, *, ax=None, n_excitatory=None, max_neurons=None, marker_size=2.0):
    """Plot a spike raster: one dot per spike, neuron index against time.

    Parameters
    ----------
    spike_indices, spike_times : array_like, shape (n_spikes,)
        Spikes as parallel arrays (times [ms]).
    ax : matplotlib Axes, optional
    n_excitatory : int, optional
        Neurons below this index are drawn in the excitatory colour, the rest inhibitory.
    max_neurons : int, optional
        Draw only neurons with index below this (large networks).
    """
    fig, ax = new_axes(ax)
    idx = np.asarray(spike_indices)
    t = np.asarray(spike_times, dtype=float)
    if max_neurons is not None:
        keep = idx < max_neurons
        idx, t = idx[keep], t[keep]
    if n_excitatory is None:
        ax.scatter(t, idx, s=marker_size, color=COLORS["excitatory"], linewidths=0)
    else:
        exc = idx < n_excitatory
        ax.scatter(t[exc], idx[exc], s=marker_size, color=COLORS["excitatory"], linewidths=0, label="E")
        ax.scatter(t[~exc], idx[~exc], s=marker_size, color=COLORS["inhibitory"], linewidths=0, label="I")
    ax.set_xlabel("Time (ms)")
    ax.set_ylabel("Neuron")
    return ax


def plot_fi_curve(
    currents,
    rates,
    *,
    analytic_currents=None,
    analytic_rates=None,
    ax=None,
    current_unit="nA",
    highlight=None,
):
    """Plot an f-I curve: simulated points and, optionally, the analytic curve.

    Parameters
    ----------
    currents, rates : array_like
        Simulated input currents [nA] and firing rates [Hz].
    analytic_currents, analytic_rates : array_like, optional
        The analytic curve to draw as a line.
    highlight : tuple (current, rate), optional
        One point to mark, e.g. the current setting of a widget.
    """
    fig, ax = new_axes(ax)
    if analytic_currents is not None:
        ax.plot(analytic_currents, analytic_rates, color=COLORS["analytic"], label="analytic")
    if currents is not None and len(np.atleast_1d(currents)):
        ax.plot(currents, rates, "o", color=COLORS["excitatory"], markersize=4, label="simulated")
    if highlight is not None:
        ax.plot(
            [highlight[0]],
            [highlight[1]],
            "o",
            color=COLORS["highlight"],
            markersize=9,
            markeredgecolor="black",
            label="this setting",
        )
    ax.set_xlabel(f"Input current ({current_unit})")
    ax.set_ylabel("Firing rate (Hz)")
    ax.legend(loc="upper left")
    return ax


def plot_population_rate(time, rate, *, ax=None, color=None, label=None):
    """Plot a population firing rate [Hz] against time [ms]."""
    fig, ax = new_axes(ax)
    ax.plot(time, rate, color=color or COLORS["excitatory"], linewidth=1.0, label=label)
    ax.set_xlabel("Time (ms)")
    ax.set_ylabel("Rate (Hz)")
    return ax


# --------------------------------------------------------------------------- network regimes

#: Colour of each regime of Brunel's network in :func:`plot_brunel_phase_diagram` (Okabe-Ito).
REGIME_COLORS = {
    "SR": COLORS["inhibitory"],  # vermillion: synchronous regular
    "AR": COLORS["yellow"],  # yellow: asynchronous regular (near saturation, past SR)
    "AI": COLORS["excitatory"],  # blue: asynchronous irregular
    "SI-fast": COLORS["input"],  # bluish green: synchronous irregular, fast oscillation
    "SI-slow": COLORS["accent"],  # reddish purple: synchronous irregular, slow oscillation
    # a lighter grey than COLORS["neutral"]: that one is within 6 CIEDE2000 of SI-slow's purple for
    # deuteranopes (tests/test_palette.py); this keeps every regime pair at least 11 apart
    "quiescent": "#BBBBBB",
}

#: Long names of the regimes, for legends.
REGIME_NAMES = {
    "SR": "SR: synchronous regular",
    "AR": "AR: asynchronous regular",
    "AI": "AI: asynchronous irregular",
    "SI-fast": "SI fast: synchronous irregular",
    "SI-slow": "SI slow: synchronous irregular",
    "quiescent": "quiescent",
}


def _cell_edges(centres):
    """Edges of cells around sorted ``centres``: midpoints, and half a step beyond the ends."""
    c = np.asarray(centres, dtype=float)
    if c.size == 1:
        return np.array([c[0] - 0.5, c[0] + 0.5])
    mid = 0.5 * (c[1:] + c[:-1])
    return np.concatenate(([c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]))


def plot_brunel_phase_diagram(grid, *, ax=None, mark=None, legend=True):
    """Plot the regimes of Brunel's network over (g, nu_ext / nu_thr) as coloured cells.

    Parameters
    ----------
    grid : BrunelGrid
        The sweep (:func:`neurocourse.datasets.load_brunel_grid`), or any object with
        attributes ``g`` (n_g,), ``nu_ext_ratio`` (n_nu,) and ``regime`` (n_g, n_nu) of
        regime names (``"SR"``, ``"AR"``, ``"AI"``, ``"SI-fast"``, ``"SI-slow"``,
        ``"quiescent"``).
    ax : matplotlib Axes, optional
        Axes to draw into (pyplot or :func:`~neurocourse.widgets.new_figure` axes); a new
        figure otherwise.
    mark : tuple (g, nu_ext_ratio), optional
        A point to mark, e.g. the setting of a widget.
    legend : bool
        Draw a legend of the regimes present, outside the axes on the right.

    Returns
    -------
    ax : matplotlib Axes

    Notes
    -----
    Cells are centred on the grid points; the dashed lines mark g = 4 (inhibition balances
    excitation, since there are four times more excitatory inputs) and nu_ext = nu_thr (the
    external drive alone brings the mean input to threshold).

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208, Fig. 2 and 8.
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    g = np.asarray(grid.g, dtype=float)
    nu = np.asarray(grid.nu_ext_ratio, dtype=float)
    regime = np.asarray(grid.regime).astype(str)
    if regime.shape != (g.size, nu.size):
        raise ValueError(f"grid.regime must have shape (n_g, n_nu) = {(g.size, nu.size)}; got {regime.shape}")
    unknown = sorted(set(regime.ravel()) - set(REGIME_COLORS))
    if unknown:
        raise ValueError(f"grid.regime holds unknown regime(s) {unknown}; expected {list(REGIME_COLORS)}")
    names = list(REGIME_COLORS)
    codes = np.vectorize(names.index)(regime) if regime.size else np.zeros(regime.shape, int)
    fig, ax = new_axes(ax)
    cmap = ListedColormap([REGIME_COLORS[name] for name in names])
    ax.pcolormesh(
        _cell_edges(g),
        _cell_edges(nu),
        codes.T,
        cmap=cmap,
        vmin=-0.5,
        vmax=len(names) - 0.5,
        edgecolors="white",
        linewidth=0.5,
    )
    ax.axvline(4.0, color="black", linestyle="--", linewidth=0.8, alpha=0.6)
    ax.axhline(1.0, color="black", linestyle="--", linewidth=0.8, alpha=0.6)
    if mark is not None:
        ax.plot(
            [mark[0]],
            [mark[1]],
            "o",
            color=COLORS["highlight"],
            markersize=10,
            markeredgecolor="black",
            markeredgewidth=1.5,
        )
    ax.set_xlabel("g (relative inhibition)")
    ax.set_ylabel("nu_ext / nu_thr")
    if legend:
        present = [name for name in names if np.any(regime == name)]
        handles = [Patch(facecolor=REGIME_COLORS[name], label=REGIME_NAMES[name]) for name in present]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    return ax


# --------------------------------------------------------------------------- rate models


def plot_wilson_cowan_phase_plane(
    params, *, ax=None, trajectories=None, vector_field=True, fixed_points=None, legend_loc="upper left"
):
    """Plot the Wilson-Cowan phase plane: nullclines, fixed points, trajectories, vector field.

    The plot draws; it does not simulate. Trajectories come from
    :func:`~neurocourse.networks.simulate_wilson_cowan`, run by the caller.

    Parameters
    ----------
    params : WilsonCowanParams
        Model parameters (any couplings >= 0: without the E-I loop a nullcline is a straight
        line, see :func:`~neurocourse.networks.wilson_cowan_nullclines`).
    ax : matplotlib Axes, optional
        Axes to draw into (pyplot or :func:`~neurocourse.widgets.new_figure` axes); a new
        figure otherwise.
    trajectories : WilsonCowanResult, optional
        Simulated trajectories to draw, e.g.
        ``simulate_wilson_cowan(params, r_init=[(0.6, 0.8), (0.2, 0.1)], duration=50.0)``;
        their ``params`` must be ``params``.
    vector_field : bool
        Draw the direction of (dr_E/dt, dr_I/dt) on a 15 x 15 grid, in light grey.
    fixed_points : list of FixedPoint, optional
        The fixed points, if already computed; found with
        :func:`~neurocourse.networks.find_fixed_points` otherwise.
    legend_loc : str or None
        Where to put the legend (a matplotlib ``loc``); None for no legend. ``"best"``
        works but is slow to draw (it searches every vertex of the curves).

    Returns
    -------
    ax : matplotlib Axes

    Notes
    -----
    Stable fixed points are filled black dots, unstable ones (saddles, unstable nodes and
    foci) open circles. Each trajectory starts at a small square.

    References
    ----------
    Wilson HR, Cowan JD (1972) Biophys J 12:1-24.
    Neuromatch Academy Computational Neuroscience, W2D4 Tutorial 2.
    """
    from .networks import (
        WilsonCowanResult,
        find_fixed_points,
        wilson_cowan_activity_range,
        wilson_cowan_field,
        wilson_cowan_nullclines,
    )

    if trajectories is not None:
        if not isinstance(trajectories, WilsonCowanResult):
            raise TypeError(
                "trajectories must be a WilsonCowanResult (or None); got "
                f"{type(trajectories).__name__}: simulate them first, e.g. "
                "simulate_wilson_cowan(params, r_init=[(0.6, 0.8), (0.2, 0.1)], duration=50.0)"
            )
        if trajectories.params != params:
            raise ValueError("trajectories were simulated with other parameters than params")
    nullclines = wilson_cowan_nullclines(params)
    if fixed_points is None:
        fixed_points = find_fixed_points(params)
    fig, ax = new_axes(ax)
    (lo_e, hi_e), (lo_i, hi_i) = wilson_cowan_activity_range(params)
    xlim = (min(lo_e, 0.0) - 0.05, hi_e + 0.05)
    ylim = (min(lo_i, 0.0) - 0.05, hi_i + 0.05)
    if vector_field:
        e, i = np.meshgrid(np.linspace(*xlim, 15), np.linspace(*ylim, 15))
        de, di = wilson_cowan_field(params, e, i)
        norm = np.hypot(de, di)
        norm[norm == 0.0] = 1.0
        ax.quiver(
            e,
            i,
            de / norm,
            di / norm,
            color=COLORS["neutral"],
            alpha=0.45,
            angles="xy",
            scale_units="xy",
            scale=1.0 / (0.045 * (xlim[1] - xlim[0])),
            width=0.003,
            zorder=1,
        )
    ax.plot(
        nullclines.e_r_e,
        nullclines.e_r_i,
        color=COLORS["excitatory"],
        linewidth=2.0,
        label="E nullcline",
        zorder=2,
    )
    ax.plot(
        nullclines.i_r_e,
        nullclines.i_r_i,
        color=COLORS["inhibitory"],
        linewidth=2.0,
        label="I nullcline",
        zorder=2,
    )
    if trajectories is not None:
        for k in range(trajectories.r_e.shape[0]):
            ax.plot(
                trajectories.r_e[k],
                trajectories.r_i[k],
                color=COLORS["highlight"],
                linewidth=1.3,
                label="trajectory" if k == 0 else None,
                zorder=3,
            )
            ax.plot(
                trajectories.r_e[k, 0],
                trajectories.r_i[k, 0],
                "s",
                color=COLORS["highlight"],
                markersize=5,
                zorder=3,
            )
    stable_label = unstable_label = True
    for point in fixed_points:
        if point.stable:
            ax.plot(
                point.r_e,
                point.r_i,
                "o",
                color="black",
                markersize=8,
                zorder=4,
                label="stable fixed point" if stable_label else None,
            )
            stable_label = False
        else:
            ax.plot(
                point.r_e,
                point.r_i,
                "o",
                markerfacecolor="white",
                markeredgecolor="black",
                markeredgewidth=1.5,
                markersize=8,
                zorder=4,
                label="unstable fixed point" if unstable_label else None,
            )
            unstable_label = False
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("r_E (a.u.)")
    ax.set_ylabel("r_I (a.u.)")
    if legend_loc is not None:
        ax.legend(loc=legend_loc, fontsize=8, frameon=True, framealpha=0.8, edgecolor="none")
    return ax
