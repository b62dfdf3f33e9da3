"""Shared figures in the course style: voltage traces, rasters, f-I curves, population rates.

The style is set locally (no style sheet fetched from the web): a colour-blind-safe palette
(Okabe & Ito 2008), readable font sizes, no top and right spines. Every axis label carries
its unit.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "COLORS",
    "COURSE_STYLE",
    "use_course_style",
    "new_axes",
    "plot_voltage_trace",
    "plot_raster",
    "plot_fi_curve",
    "plot_population_rate",
]

#: Okabe-Ito colour-blind-safe palette, by role.
COLORS = {
    "excitatory": "#0072B2",  # blue
    "inhibitory": "#D55E00",  # vermillion
    "input": "#009E73",       # bluish green
    "analytic": "#000000",    # black
    "highlight": "#E69F00",   # orange
    "neutral": "#999999",     # grey
    "accent": "#CC79A7",      # reddish purple
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


def new_axes(ax=None, **subplots_kwargs):
    """Return ``(figure, axes)``: the given axes and its figure, or a new figure in the course style."""
    if ax is not None:
        return ax.figure, ax
    with mpl.rc_context(COURSE_STYLE):
        fig, ax = plt.subplots(**subplots_kwargs)
    return fig, ax


def plot_voltage_trace(time, voltage, *, spike_times=None, v_peak=None, ax=None, color=None, label=None,
                       threshold=None):
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


def plot_raster(spike_indices, spike_times, *, ax=None, n_excitatory=None, max_neurons=None,
                marker_size=2.0):
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


def plot_fi_curve(currents, rates, *, analytic_currents=None, analytic_rates=None, ax=None,
                  current_unit="nA", highlight=None):
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
        ax.plot([highlight[0]], [highlight[1]], "o", color=COLORS["highlight"], markersize=9,
                markeredgecolor="black", label="this setting")
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
