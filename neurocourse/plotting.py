"""Shared figures in the course style: voltage traces, rasters, f-I curves, population rates,
the phase diagram of Brunel's network and the Wilson-Cowan phase plane.

The style is set locally (no style sheet fetched from the web): a colour-blind-safe palette
(Okabe & Ito 2008), readable font sizes, no top and right spines. Every axis label carries
its unit.

Every ``plot_*`` helper describes what it drew in one sentence (:func:`describe`), computed
from its data; :func:`figure_description` combines the sentences of a figure's panels. In an
IPython kernel the description travels with the displayed figure: it is the ``alt`` of the
image's output metadata (the key ``IPython.display.Image(alt=...)`` writes and nbconvert
reads) and the figure's ``text/plain`` representation; the course website makes it the
``alt`` of the ``<img>``.
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
    "describe",
    "figure_description",
    "plot_voltage_trace",
    "plot_raster",
    "plot_fi_curve",
    "plot_population_rate",
    "REGIME_COLORS",
    "REGIME_NAMES",
    "plot_brunel_phase_diagram",
    "plot_wilson_cowan_phase_plane",
    "plot_concept_map",
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
    """Apply the course style to matplotlib for the rest of the session.

    In an IPython kernel, figures shown from now on also carry their description as alt
    text (see :func:`figure_description`).
    """
    mpl.rcParams.update(COURSE_STYLE)
    _attach_descriptions_to_ipython_figures()


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


# --------------------------------------------------------------------------- figure descriptions

_DESCRIPTIONS = "_neurocourse_descriptions"
_DESCRIPTION_OVERRIDE = "_neurocourse_description"


def describe(target, text):
    """Attach a one-sentence description of what is drawn to an Axes or a Figure.

    The plotting helpers call it with a sentence computed from their data; call it yourself
    for a figure drawn with plain matplotlib. Sentences given for one Axes accumulate (two
    traces drawn into one panel are two sentences); a sentence given for the Figure replaces
    the one combined from its panels (see :func:`figure_description`).

    Parameters
    ----------
    target : matplotlib Axes or Figure
        What the sentence describes.
    text : str
        One sentence, e.g. ``"Membrane voltage over 500 ms, with 12 spikes."``.

    Returns
    -------
    target
        The Axes or Figure, for chaining.

    Raises
    ------
    TypeError
        If ``target`` is neither an Axes nor a Figure, or ``text`` is not a string.
    ValueError
        If ``text`` is empty.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import FigureBase

    if not isinstance(text, str):
        raise TypeError(f"text must be a str (one sentence); got {type(text).__name__}")
    text = " ".join(text.split())
    if not text:
        raise ValueError("text must be a non-empty sentence")
    if not text.endswith((".", "!", "?")):
        text += "."
    if isinstance(target, Axes):
        sentences = getattr(target, _DESCRIPTIONS, None)
        if sentences is None:
            sentences = []
            setattr(target, _DESCRIPTIONS, sentences)
        if text not in sentences:
            sentences.append(text)
    elif isinstance(target, FigureBase):
        setattr(target, _DESCRIPTION_OVERRIDE, text)
    else:
        raise TypeError(f"target must be a matplotlib Axes or Figure; got {type(target).__name__}")
    _attach_descriptions_to_ipython_figures()
    return target


def _panel_fallback(ax) -> str | None:
    """A sentence from an Axes' title and labels, for panels no helper described."""
    title = ax.get_title() or ax.get_title("left")
    xlabel, ylabel = ax.get_xlabel(), ax.get_ylabel()
    if not (title or xlabel or ylabel):
        return None
    what = f"{ylabel or 'a quantity'} against {xlabel or 'its index'}" if (xlabel or ylabel) else "a plot"
    return f"{title}: {what}." if title else f"A plot of {what}."


def figure_description(fig, *, fallback=True):
    """Return the description of a figure, or None if there is nothing to say.

    Parameters
    ----------
    fig : matplotlib Figure
        The figure.
    fallback : bool
        For panels without a sentence from :func:`describe`, build one from the panel's
        title and axis labels ("A plot of V (mV) against Time (ms)."). With ``False`` only
        described panels count.

    Returns
    -------
    str or None
        The Figure's own sentence if :func:`describe` was given one; otherwise the sentences
        of its panels: as they are for a single panel, each prefixed by "Panel k:" for
        several ("A figure of 2 panels. Panel 1: ... Panel 2: ...").
    """
    override = getattr(fig, _DESCRIPTION_OVERRIDE, None)
    if override:
        return override
    axes = [ax for ax in fig.get_axes() if ax.get_visible() and ax.get_label() != "<colorbar>"]
    panels = []
    for ax in axes:
        sentences = list(getattr(ax, _DESCRIPTIONS, None) or [])
        if not sentences and fallback:
            sentence = _panel_fallback(ax)
            sentences = [sentence] if sentence else []
        panels.append(" ".join(sentences))
    described = [text for text in panels if text]
    if not described:
        return None
    if len(panels) == 1:
        return described[0]
    parts = [f"Panel {k}: {text}" for k, text in enumerate(panels, start=1) if text]
    return f"A figure of {len(panels)} panels. " + " ".join(parts)


def _figure_alt_formatter(original):
    """Wrap an IPython image formatter so that it returns ``(data, {"alt": description})``."""

    def formatter(fig):
        data = original(fig)
        text = figure_description(fig) if data is not None else None
        if text is None or isinstance(data, tuple):
            return data
        return data, {"alt": text}

    formatter._neurocourse_alt = True
    return formatter


def _figure_plain_text(fig, printer, cycle):
    text = figure_description(fig)
    printer.text(f"Figure: {text}" if text else repr(fig))


_figure_plain_text._neurocourse_alt = True


def _attach_descriptions_to_ipython_figures():
    """In an IPython kernel, make displayed figures carry their description.

    The image formatters that the inline backend registers for ``Figure`` are wrapped to add
    ``{"alt": description}`` to the image's metadata, and the ``text/plain`` form becomes
    "Figure: <description>". Called by :func:`describe` and :func:`use_course_style`, so a
    formatter registered later (``%matplotlib inline`` re-registers them) is wrapped again
    by the next helper. Outside IPython it does nothing.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", None)
    if not formatters:
        return
    from matplotlib.figure import Figure

    for mime in ("image/png", "image/jpeg", "image/svg+xml"):
        formatter = formatters.get(mime)
        if formatter is None:
            continue
        try:
            current = formatter.lookup_by_type(Figure)
        except KeyError:
            continue
        if not getattr(current, "_neurocourse_alt", False):
            formatter.for_type(Figure, _figure_alt_formatter(current))
    plain = formatters.get("text/plain")
    if plain is not None:
        try:
            current = plain.lookup_by_type(Figure)
        except KeyError:
            current = None
        if not getattr(current, "_neurocourse_alt", False):
            plain.for_type(Figure, _figure_plain_text)


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
    describe(ax, _voltage_sentence(time, voltage, spike_times, threshold, label))
    return ax


def _number(value) -> str:
    """A number for a sentence: three significant digits (whole numbers from 1000 on), no exponent."""
    value = float(value)
    if not np.isfinite(value):
        return str(value)
    if abs(value) < 1e-9:
        return "0"
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _span(values) -> str:
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return "no finite values"
    lo, hi = float(values.min()), float(values.max())
    return f"{_number(lo)}" if lo == hi else f"{_number(lo)} to {_number(hi)}"


def _voltage_sentence(time, voltage, spike_times, threshold, label) -> str:
    who = f" ({label})" if label else ""
    duration = float(time[-1] - time[0]) if time.size > 1 else 0.0
    text = f"Membrane voltage{who} over {_number(duration)} ms, from {_span(voltage)} mV"
    if spike_times is not None:
        n = len(spike_times)
        text += f", with {n} spike{'s' if n != 1 else ''}"
    if threshold is not None:
        text += f"; the dashed line is the threshold at {_number(threshold)} mV"
    return text + "."


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
    n_cells = np.unique(idx).size
    text = f"Spike raster: {t.size} spikes of {n_cells} neurons"
    if t.size:
        text += f" between {_number(t.min())} and {_number(t.max())} ms"
    text += ", one dot per spike, neuron index against time"
    if n_excitatory is not None:
        text += f"; neurons below {n_excitatory} (excitatory) in blue, the others (inhibitory) in vermillion"
    describe(ax, text + ".")
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
    describe(ax, _fi_sentence(currents, rates, analytic_currents, analytic_rates, current_unit, highlight))
    return ax


def _fi_sentence(currents, rates, analytic_currents, analytic_rates, unit, highlight) -> str:
    parts = []
    if currents is not None and len(np.atleast_1d(currents)):
        i, r = np.atleast_1d(np.asarray(currents, float)), np.atleast_1d(np.asarray(rates, float))
        firing = i[r > 0]
        onset = f", firing from {_number(firing.min())} {unit}" if firing.size else ", never firing"
        parts.append(
            f"{i.size} simulated points from {_span(i)} {unit} reaching {_number(np.nanmax(r))} Hz{onset}"
        )
    if analytic_currents is not None:
        parts.append(f"the analytic curve (black line) up to {_number(np.nanmax(analytic_rates))} Hz")
    if highlight is not None:
        parts.append(
            f"an orange dot at this setting, {_number(highlight[0])} {unit} and {_number(highlight[1])} Hz"
        )
    body = "; ".join(parts) if parts else "no data"
    return f"The f-I curve, firing rate (Hz) against input current ({unit}): {body}."


def plot_population_rate(time, rate, *, ax=None, color=None, label=None):
    """Plot a population firing rate [Hz] against time [ms]."""
    fig, ax = new_axes(ax)
    ax.plot(time, rate, color=color or COLORS["excitatory"], linewidth=1.0, label=label)
    ax.set_xlabel("Time (ms)")
    ax.set_ylabel("Rate (Hz)")
    t, r = np.asarray(time, dtype=float), np.asarray(rate, dtype=float)
    who = f" ({label})" if label else ""
    duration = float(t[-1] - t[0]) if t.size > 1 else 0.0
    text = f"Population firing rate{who} over {_number(duration)} ms"
    if r.size and np.isfinite(r).any():
        text += f": mean {_number(np.nanmean(r))} Hz, peak {_number(np.nanmax(r))} Hz"
    describe(ax, text + ".")
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
    counts = ", ".join(
        f"{REGIME_NAMES[name]} in {int(np.sum(regime == name))}" for name in names if np.any(regime == name)
    )
    text = (
        f"Phase diagram of Brunel's network, the regime of each of {regime.size} cells over g from "
        f"{_span(g)} and nu_ext / nu_thr from {_span(nu)}: {counts or 'no cells'}; dashed lines at g = 4 "
        "and nu_ext = nu_thr"
    )
    if mark is not None:
        text += f"; an orange dot marks g = {_number(mark[0])}, nu_ext / nu_thr = {_number(mark[1])}"
    describe(ax, text + ".")
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
    stable = [point for point in fixed_points if point.stable]
    where = "; ".join(
        f"{'stable' if point.stable else 'unstable'} at ({_number(point.r_e)}, {_number(point.r_i)})"
        for point in fixed_points
    )
    text = (
        f"Wilson-Cowan phase plane, r_I against r_E: the E nullcline (blue) and I nullcline (vermillion) "
        f"cross at {len(fixed_points)} fixed point{'s' if len(fixed_points) != 1 else ''}"
        f" ({len(stable)} stable){': ' + where if where else ''}"
    )
    if trajectories is not None:
        n = trajectories.r_e.shape[0]
        text += f"; {n} simulated trajector{'ies' if n != 1 else 'y'} in orange"
    describe(ax, text + ".")
    return ax


# --------------------------------------------------------------------------- course map


def plot_concept_map(chapters=None, *, concepts=None, ax=None):
    """Draw the prerequisites between chapters as a layered graph: boxes and arrows.

    Chapters without prerequisites sit in the left column; every other chapter one column
    right of its deepest prerequisite. An arrow runs from each prerequisite to the chapter
    that needs it.

    Parameters
    ----------
    chapters : sequence of Chapter, optional
        Objects with ``number`` ("01"), ``title`` and ``prerequisites`` (numbers); the
        course's own map, :data:`neurocourse._chapters.COURSE_MAP`, by default.
    concepts : dict, optional
        A few key terms per chapter number, written in small type under its box.
    ax : matplotlib Axes, optional
        Axes to draw into; a new figure otherwise.

    Returns
    -------
    ax : matplotlib Axes
        Each box is a patch with gid ``"chapter:NN"``, each arrow one with gid
        ``"prerequisite:NN->MM"``.

    Raises
    ------
    ValueError
        If a prerequisite names no chapter, or the prerequisites form a cycle.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from ._chapters import COURSE_MAP, chapter_layers

    chapters = list(COURSE_MAP if chapters is None else chapters)
    concepts = concepts or {}
    layers = chapter_layers(chapters)
    n_layers = max(layers.values(), default=0) + 1
    columns = {k: [c for c in chapters if layers[c.number] == k] for k in range(n_layers)}
    height = max((len(column) for column in columns.values()), default=1)
    if ax is None:
        fig, ax = new_axes(figsize=(2.9 * n_layers + 0.4, 1.5 * height + 0.5))
    box_w, box_h = 2.7, 0.62
    centre = {}
    for k, column in columns.items():
        for row, chapter in enumerate(column):
            centre[chapter.number] = (3.5 * k, (len(column) - 1) / 2.0 * 1.7 - 1.7 * row)
    colours = [COLORS["excitatory"], COLORS["input"], COLORS["accent"], COLORS["highlight"]]
    for chapter in chapters:
        x, y = centre[chapter.number]
        colour = colours[layers[chapter.number] % len(colours)]
        box = FancyBboxPatch(
            (x - box_w / 2, y - box_h / 2),
            box_w,
            box_h,
            boxstyle="round,pad=0.06",
            facecolor="white",
            edgecolor=colour,
            linewidth=2.0,
            gid=f"chapter:{chapter.number}",
            zorder=2,
        )
        ax.add_patch(box)
        ax.text(x, y, f"{chapter.number}  {chapter.title}", ha="center", va="center", fontsize=9.5, zorder=3)
        terms = concepts.get(chapter.number)
        if terms:
            ax.text(
                x,
                y - box_h / 2 - 0.12,
                "\n".join(_wrap(", ".join(terms), 40)),
                ha="center",
                va="top",
                fontsize=7.5,
                color="#444444",
                zorder=3,
            )
    n_arrows = 0
    for chapter in chapters:
        for before in chapter.prerequisites:
            (x0, y0), (x1, y1) = centre[before], centre[chapter.number]
            arrow = FancyArrowPatch(
                (x0 + box_w / 2 + 0.08, y0),
                (x1 - box_w / 2 - 0.08, y1),
                arrowstyle="-|>",
                mutation_scale=14,
                color=COLORS["analytic"],
                linewidth=1.2,
                connectionstyle="arc3,rad=0.0",
                gid=f"prerequisite:{before}->{chapter.number}",
                zorder=1,
            )
            ax.add_patch(arrow)
            n_arrows += 1
    xs = [x for x, _ in centre.values()] or [0.0]
    ys = [y for _, y in centre.values()] or [0.0]
    ax.set_xlim(min(xs) - box_w / 2 - 0.3, max(xs) + box_w / 2 + 0.3)
    ax.set_ylim(min(ys) - box_h / 2 - (0.9 if concepts else 0.3), max(ys) + box_h / 2 + 0.3)
    ax.set_axis_off()
    ax.set_aspect("equal")
    edges = "; ".join(
        f"{chapter.number} {chapter.title} needs {', '.join(chapter.prerequisites)}"
        for chapter in chapters
        if chapter.prerequisites
    )
    starts = ", ".join(f"{c.number} {c.title}" for c in chapters if not c.prerequisites)
    describe(
        ax,
        f"Concept map of {len(chapters)} chapters as boxes with {n_arrows} arrows from each prerequisite "
        f"to the chapter that needs it: start with {starts or 'nothing'}; {edges or 'no prerequisites'}.",
    )
    return ax


def _wrap(text, width):
    import textwrap

    return textwrap.wrap(text, width) or [""]
