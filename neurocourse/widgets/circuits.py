"""Widget demos of chapter 01, neurons and circuits.

Each demo is a plain ``update_*`` function returning ``(figure, summary_html)`` and a builder
that wraps it in a :class:`~neurocourse.widgets.Demo`. Simulations behind the sliders are
cached on the parameters that change them.
"""

from __future__ import annotations

import functools

import ipywidgets
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.ticker import LogFormatter, LogLocator, NullLocator

from ..analysis import classify_firing_pattern
from ..inputs import step_current
from ..networks.lateral import (
    DoGParams,
    dog_filter,
    dog_kernel,
    mach_band_measurement,
    mach_band_overshoot,
    ramp_edge,
    ramp_mach_bands,
    step_edge,
)
from ..neurons import (
    IZHIKEVICH_PRESETS,
    IZHIKEVICH_TYPE_NAMES,
    LIFParams,
    izhikevich_holding_current,
    izhikevich_preset,
    izhikevich_rest,
    lif_rate,
    lif_rheobase,
    simulate_izhikevich,
    simulate_lif,
)
from ..plotting import COLORS, course_style, plot_fi_curve, plot_voltage_trace
from ._base import Demo, new_figure, thin_ticks

__all__ = [
    "lif_trace_and_fi_figure",
    "lif_explorer",
    "update_lif_explorer",
    "izhikevich_zoo",
    "update_izhikevich_zoo",
    "mach_bands",
    "update_mach_bands",
    "brunel_explorer",
    "update_brunel_explorer",
    "wilson_cowan_phase_plane",
    "update_wilson_cowan_phase_plane",
    "winner_take_all",
    "update_winner_take_all",
    "winner_take_all_input",
]


# ---------------------------------------------------------------------------------------------
# Fixed margins: constrained layout measures every tick label before each draw, which is
# about half the drawing time of a small figure. The demos below have a known layout, so
# they place their axes once.


def _fixed_layout_figure(*, left, right, bottom, top, wspace=0.2, hspace=0.2, **subplot_kwargs):
    """Return ``new_figure(...)`` with fixed subplot margins instead of constrained layout."""
    margins = dict(left=left, right=right, bottom=bottom, top=top, wspace=wspace, hspace=hspace)
    return new_figure(margins=margins, **subplot_kwargs)


#: Title settings of the demos with fixed margins: a fixed height spares matplotlib the search
#: for a title position clear of the tick labels, a large share of the drawing time.
_TITLE = {"fontsize": 10, "y": 1.0}


# ---------------------------------------------------------------------------------------------
# LIF explorer


@functools.lru_cache(maxsize=512)
def _lif_run(current, tau_m, v_threshold):
    params = LIFParams(tau_m=tau_m, v_threshold=v_threshold)
    return params, simulate_lif(params, current, duration=200.0, dt=0.05)


def update_lif_explorer(current, tau_m, v_threshold):
    """Draw a LIF neuron's voltage for one setting, and its rate on the analytic f-I curve.

    Parameters
    ----------
    current : float
        Input current [nA].
    tau_m : float
        Membrane time constant [ms].
    v_threshold : float
        Threshold [mV] (reset -65 mV, rest -70 mV).

    Returns
    -------
    figure, summary_html
    """
    v_reset = LIFParams().v_reset
    if float(v_threshold) <= v_reset:
        raise ValueError(
            f"the threshold theta must be above the reset potential ({v_reset:g} mV), or a neuron "
            f"reset to {v_reset:g} mV would fire again at once, forever; got theta = "
            f"{float(v_threshold):g} mV"
        )
    params, result = _lif_run(float(current), float(tau_m), float(v_threshold))
    fig, measured = lif_trace_and_fi_figure(
        params,
        result,
        current,
        max_current=8.0,
        title=f"I = {current:.2f} nA, tau_m = {tau_m:.0f} ms, theta = {v_threshold:.0f} mV",
    )
    rheobase = lif_rheobase(params)
    summary = (
        f"Rheobase {rheobase:.2f} nA. Simulated rate <b>{measured:.1f} Hz</b>, analytic "
        f"{lif_rate(params, current):.1f} Hz; the ceiling is 1/t_ref = {1000.0 / params.t_ref:.0f} Hz."
    )
    return fig, summary


def lif_trace_and_fi_figure(params, result, current, *, max_current, title):
    """Draw a LIF run's voltage (left) and its measured rate on the analytic f-I curve (right).

    Shared by the chapter 00 current demo and the chapter 01 explorer.

    Parameters
    ----------
    params : LIFParams
        The neuron simulated.
    result : LIFResult
        One neuron driven by the constant ``current`` [nA].
    current : float
        The input current [nA], marked on the f-I curve.
    max_current : float
        Right end of the f-I curve [nA].
    title : str
        Title of the voltage panel.

    Returns
    -------
    figure : matplotlib.figure.Figure
    measured : float
        The simulated rate, 1 / mean ISI [Hz] (0 with fewer than two spikes).
    """
    measured = float(result.isi_rates[0])
    fig, (ax_v, ax_f) = _fixed_layout_figure(
        ncols=2, width_ratios=[2, 1], left=0.07, right=0.985, bottom=0.15, top=0.9, wspace=0.22
    )
    plot_voltage_trace(
        result.time,
        result.voltage[0],
        spike_times=result.spike_times,
        v_peak=0.0,
        ax=ax_v,
        threshold=params.v_threshold,
    )
    ax_v.set_ylim(-75.0, 5.0)
    ax_v.set_title(title, y=1.0)
    grid = np.linspace(0.0, max_current, 321)
    plot_fi_curve(
        None,
        None,
        analytic_currents=grid,
        analytic_rates=lif_rate(params, grid),
        ax=ax_f,
        highlight=(current, measured),
    )
    ax_f.set_ylim(0.0, 520.0 if max_current > 6.0 else None)
    ax_f.set_title("f-I curve", y=1.0)
    return fig, measured


def lif_explorer():
    """Return the LIF explorer: current, membrane time constant and threshold sliders.

    The voltage trace on the left; on the right the analytic f-I curve for these parameters,
    with the simulated rate marked on it.
    """
    controls = {
        "current": ipywidgets.FloatSlider(
            value=2.5, min=0.0, max=8.0, step=0.1, description="I (nA)", continuous_update=False
        ),
        "tau_m": ipywidgets.FloatSlider(
            value=8.0, min=2.0, max=50.0, step=1.0, description="tau_m (ms)", continuous_update=False
        ),
        "v_threshold": ipywidgets.FloatSlider(
            value=-50.0, min=-68.0, max=-40.0, step=1.0, description="theta (mV)", continuous_update=False
        ),
    }
    return Demo(update_lif_explorer, controls, title="LIF explorer")


# ---------------------------------------------------------------------------------------------
# Izhikevich zoo

_ZOO_DURATION = 300.0
_ZOO_ONSET = 20.0


@functools.lru_cache(maxsize=256)
def _zoo_run(cell_type, current, protocol):
    params = izhikevich_preset(cell_type)
    if protocol == "step":
        baseline = 0.0
        v_init, u_init = izhikevich_rest(params)
    else:  # rebound: hold hyperpolarised at -87 mV, release at the onset (current adds after release)
        v_hold = -87.0
        baseline = izhikevich_holding_current(params, v_hold)
        v_init, u_init = v_hold, params.b * v_hold
    drive = step_current(
        duration=_ZOO_DURATION, dt=0.1, amplitude=current, t_start=_ZOO_ONSET, baseline=baseline
    )
    return simulate_izhikevich(params, drive, duration=_ZOO_DURATION, dt=0.1, v_init=v_init, u_init=u_init)


def update_izhikevich_zoo(cell_type, current, protocol="step"):
    """Draw the response of one Izhikevich (2003) cell type to a current step.

    Parameters
    ----------
    cell_type : {'RS', 'IB', 'CH', 'FS', 'LTS', 'TC', 'RZ'}
        The preset.
    current : float
        Input after the onset at 20 ms (the model's dimensionless input).
    protocol : {'step', 'rebound'}
        'step' starts from rest; 'rebound' holds the cell at -87 mV until the onset.

    Returns
    -------
    figure, summary_html
    """
    if protocol not in ("step", "rebound"):
        raise ValueError(f"protocol must be 'step' or 'rebound'; got {protocol!r}")
    result = _zoo_run(str(cell_type), float(current), protocol)
    fig, (ax_v, ax_isi) = _fixed_layout_figure(
        ncols=2, width_ratios=[2, 1], left=0.07, right=0.985, bottom=0.15, top=0.9, wspace=0.22
    )
    plot_voltage_trace(result.time, result.voltage[0], spike_times=result.spike_times, v_peak=30.0, ax=ax_v)
    ax_v.axvline(_ZOO_ONSET, color=COLORS["neutral"], linestyle=":", linewidth=1.0)
    ax_v.set_title(f"{cell_type}: {IZHIKEVICH_TYPE_NAMES[cell_type]}", y=1.0)
    isi = result.interspike_intervals()
    if isi.size:
        ax_isi.plot(np.arange(1, isi.size + 1), isi, "o-", color=COLORS["excitatory"], markersize=4)
    ax_isi.set_xlabel("Interval number")
    ax_isi.set_ylabel("ISI (ms)")
    ax_isi.set_title("Interspike intervals", y=1.0)
    pattern = classify_firing_pattern(result.spike_times, t_stop=result.duration)
    if pattern.kind == "silent":
        text = "No spikes: below this cell's threshold (try a larger current, or the rebound protocol)."
    else:
        text = f"{result.n_spikes} spike(s). {pattern.description}"
    return fig, text


def izhikevich_zoo():
    """Return the Izhikevich zoo: a cell-type menu, a current slider and a protocol menu."""
    controls = {
        "cell_type": ipywidgets.Dropdown(
            options=[(f"{k}: {IZHIKEVICH_TYPE_NAMES[k]}", k) for k in IZHIKEVICH_PRESETS],
            value="RS",
            description="type",
        ),
        "current": ipywidgets.FloatSlider(
            value=10.0, min=-5.0, max=30.0, step=0.5, description="I (–)", continuous_update=False
        ),
        "protocol": ipywidgets.Dropdown(options=["step", "rebound"], value="step", description="protocol"),
    }
    return Demo(update_izhikevich_zoo, controls, title="The Izhikevich zoo")


# ---------------------------------------------------------------------------------------------
# Mach bands

_DX = 0.02
_X = np.arange(-15.0, 15.0, _DX)


def update_mach_bands(surround_weight, sigma_surround, ramp_width=0.0, *, sigma_center=1.0):
    """Draw a luminance step or ramp filtered by a difference-of-Gaussians receptive field.

    Parameters
    ----------
    surround_weight : float
        Strength k of the inhibitory surround, in [0, 2].
    sigma_surround : float
        Width of the surround [deg], larger than ``sigma_center``.
    ramp_width : float
        Width of the luminance ramp [deg], in [0, 20]; 0 for a sharp step.
    sigma_center : float
        Width of the centre [deg].

    Returns
    -------
    figure, summary_html

    Notes
    -----
    The band heights in the summary come from
    :func:`~neurocourse.networks.lateral.mach_band_measurement` (filtering on a grid that
    reaches 10 surround widths beyond the edge, so the plateaus are true plateaus at any
    sigma_s) next to the closed forms :func:`~neurocourse.networks.lateral.mach_band_overshoot`
    (step) and :func:`~neurocourse.networks.lateral.ramp_mach_bands` (ramp).
    """
    from .._validation import check_scalar

    params = DoGParams(
        sigma_center=sigma_center, sigma_surround=sigma_surround, surround_weight=surround_weight
    )
    width = check_scalar("ramp_width", ramp_width, unit="deg", low=0.0, high=20.0)
    if width == 0.0:
        stimulus = step_edge(_X, low=1.0, high=2.0)
        predicted = mach_band_overshoot(params)
    else:
        stimulus = ramp_edge(_X, low=1.0, high=2.0, start=-0.5 * width, stop=0.5 * width)
        predicted = ramp_mach_bands(params, low=1.0, high=2.0, start=-0.5 * width, stop=0.5 * width).bright
    measured = mach_band_measurement(params, low=1.0, high=2.0, width=width)
    response = dog_filter(params, stimulus, dx=_DX)
    fig, (ax_k, ax_r) = _fixed_layout_figure(
        ncols=2, width_ratios=[1, 2], left=0.085, right=0.985, bottom=0.15, top=0.9, wspace=0.3
    )
    xk = np.linspace(-3 * sigma_surround, 3 * sigma_surround, 301)
    ax_k.plot(xk, dog_kernel(params, xk), color=COLORS["excitatory"])
    ax_k.axhline(0.0, color=COLORS["neutral"], linewidth=0.8)
    ax_k.set_xlabel("Position (deg)")
    ax_k.set_ylabel("Weight (1/deg)")
    ax_k.set_title("Receptive field", y=1.0)
    ax_r.plot(_X, stimulus, color=COLORS["neutral"], label="luminance")
    # shifted so that the dark plateau (measured far from the edge) sits on the low luminance
    ax_r.plot(
        _X, response + (1.0 - measured.dark_plateau), color=COLORS["inhibitory"], label="response (shifted)"
    )
    ax_r.set_xlabel("Position (deg)")
    ax_r.set_ylabel("Luminance (a.u.)")
    ax_r.legend(loc="upper left")
    edge = "Step" if width == 0.0 else f"Ramp of {width:g} deg"
    ax_r.set_title(f"{edge} and its Mach bands", y=1.0)
    where = "edge" if width == 0.0 else "top of the ramp"
    if predicted == 0.0:
        text = "No Mach band: the surround is too weak or too narrow (k sigma_c >= sigma_s)."
    else:
        text = (
            f"Mach band {measured.bright:.3f} above the bright plateau by filtering (closed form "
            f"{predicted:.3f}), {measured.bright_position:.2f} deg beyond the {where}; "
            f"uniform light gives {1 - surround_weight:.2f} x its luminance."
        )
    return fig, text


def mach_bands():
    """Return the Mach band demo: surround strength and width, and the width of the luminance ramp."""
    controls = {
        "surround_weight": ipywidgets.FloatSlider(
            value=1.0, min=0.0, max=1.5, step=0.05, description="k (–)", continuous_update=False
        ),
        "sigma_surround": ipywidgets.FloatSlider(
            value=3.0,
            min=1.25,
            max=8.0,
            step=0.25,
            description="sigma_s (deg)",
            continuous_update=False,
            style={"description_width": "initial"},
        ),
        "ramp_width": ipywidgets.FloatSlider(
            value=4.0, min=0.0, max=10.0, step=0.5, description="ramp (deg)", continuous_update=False
        ),
    }
    return Demo(update_mach_bands, controls, title="Lateral inhibition: Mach bands")


# ---------------------------------------------------------------------------------------------
# Brunel explorer (reads the precomputed sweep in neurocourse/datasets)

_BRUNEL_REGIME_TEXT = {
    "SR": "synchronous regular: every neuron fires on nearly every cycle of a fast population rhythm",
    "AR": "asynchronous regular: neurons fire like clocks near saturation, but no longer in lockstep",
    "AI": "asynchronous irregular: neurons fire irregularly and the population rate is nearly flat",
    "SI-fast": "synchronous irregular, fast: the population oscillates far faster than single neurons fire",
    "SI-slow": "synchronous irregular, slow: sparse firing on a slow population rhythm",
    "quiescent": "quiescent: the external drive is too weak to keep the network firing",
}


class _BrunelView:
    """The explorer's figure, built once; each update replaces the data of its artists.

    Rebuilding the figure on every slider move (new axes, new ticks, a new phase diagram) cost
    most of the 135-200 ms an update took; updating the artists of a figure that already
    exists leaves only the drawing.
    """

    def __init__(self, grid):
        from ..plotting import plot_brunel_phase_diagram

        self.grid = grid
        fig, (ax_raster, ax_rate) = _fixed_layout_figure(
            nrows=2, sharex=True, left=0.075, right=0.4, bottom=0.15, top=0.91, hspace=0.12
        )
        with course_style():
            right = fig.add_gridspec(
                1, 2, left=0.52, right=0.985, bottom=0.15, top=0.91, wspace=0.42, width_ratios=[1.3, 1.5]
            )
            ax_spectrum = fig.add_subplot(right[0, 0])
            ax_phase = fig.add_subplot(right[0, 1])
        t0, t1 = grid.raster_t_start, grid.raster_t_start + grid.raster_duration
        self.raster = ax_raster.scatter([], [], s=1.5, color=COLORS["excitatory"], linewidths=0)
        ax_raster.set_xlim(t0, t1)
        ax_raster.set_ylim(-0.5, grid.n_raster_neurons - 0.5)
        ax_raster.set_ylabel("Neuron")
        (self.rate,) = ax_rate.plot([], [], color=COLORS["excitatory"], linewidth=1.0)
        ax_rate.set_xlim(t0, t1)
        ax_rate.set_xlabel("Time (ms)")
        ax_rate.set_ylabel("Rate (Hz)")
        (self.spectrum,) = ax_spectrum.semilogy([], [], color=COLORS["excitatory"], linewidth=0.8)
        # plain "1e+02" tick labels: mathtext ("10^2") costs a parse on every draw
        # and no minor ticks: over 12 decades they are a hundred Tick objects to draw
        ax_spectrum.yaxis.set_major_locator(LogLocator(numticks=6))
        ax_spectrum.yaxis.set_major_formatter(LogFormatter(labelOnlyBase=True))
        ax_spectrum.yaxis.set_minor_locator(NullLocator())
        self.peak = ax_spectrum.axvline(0.0, color=COLORS["highlight"], linestyle="--", linewidth=1.0)
        self.silent = ax_spectrum.text(0.5, 0.5, "no spikes", transform=ax_spectrum.transAxes, ha="center")
        ax_spectrum.set_xlim(0.0, 1000.0 / (2 * grid.bin_width))
        ax_spectrum.set_xticks([0.0, 250.0, 500.0, 750.0, 1000.0], ["0", "", "500", "", "1000"])
        ax_spectrum.set_xlabel("Frequency (Hz)")
        ax_spectrum.set_ylabel("Power (Hz)")
        ax_spectrum.set_title("Spectrum of the rate", **_TITLE)
        plot_brunel_phase_diagram(grid, ax=ax_phase, legend=False)
        ax_phase.set_title("Regimes (orange: here)", **_TITLE)
        self.title = ax_raster.set_title("", **_TITLE)
        self.fig, self.ax_rate, self.ax_spectrum = thin_ticks(fig), ax_rate, ax_spectrum
        self._freeze(ax_phase)
        (self.mark,) = ax_phase.plot(
            [],
            [],
            "o",
            color=COLORS["highlight"],
            markersize=10,
            markeredgecolor="black",
            markeredgewidth=1.5,
        )

    def _freeze(self, ax):
        """Replace the static panel ``ax`` by a picture of it, drawn once.

        The phase diagram never changes between updates, but its 117 cells, ticks and labels
        cost about a third of every draw. Its pixels (with tick labels and title) are taken
        from one rendering and shown as an image in an axes of the same place and size;
        ``ax`` keeps its limits, labels and title (for the marker and for inspection) but
        draws nothing of its own any more.
        """
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig = self.fig
        canvas = FigureCanvasAgg(fig)  # the canvas savefig(format="png") uses anyway
        canvas.draw()
        renderer = canvas.get_renderer()
        box = ax.get_tightbbox(renderer).padded(2.0)
        width, height = canvas.get_width_height()
        x0, x1 = max(0, int(box.x0)), min(width, int(np.ceil(box.x1)))
        y0, y1 = max(0, int(box.y0)), min(height, int(np.ceil(box.y1)))
        pixels = np.asarray(renderer.buffer_rgba())[height - y1 : height - y0, x0:x1].copy()
        with course_style():
            place = (x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height)
            picture = fig.add_axes(place, zorder=-1)
        picture.imshow(pixels, interpolation="nearest", aspect="auto")
        picture.set_axis_off()
        for artist in ax.get_children():
            artist.set_visible(False)
        self.picture = picture

    def show(self, point):
        """Put ``point`` (a :class:`~neurocourse.datasets.BrunelGridPoint`) on the figure."""
        self.title.set_text(f"g = {point.g:g}, nu_ext/nu_thr = {point.nu_ext_ratio:g}: {point.regime}")
        self.raster.set_offsets(np.column_stack([point.spike_times, point.spike_indices]))
        self.rate.set_data(point.time, point.population_rate)
        self.ax_rate.set_ylim(0.0, max(1.0, 1.05 * float(point.population_rate.max())))
        freqs, power = point.frequencies[1:], point.power[1:]
        positive = power > 0
        self.silent.set_visible(not np.any(positive))
        self.spectrum.set_data(freqs[positive], power[positive])
        if np.any(positive):
            self.ax_spectrum.set_ylim(0.5 * float(power[positive].min()), 2.0 * float(power[positive].max()))
        self.peak.set_visible(bool(np.isfinite(point.peak_frequency)))
        if np.isfinite(point.peak_frequency):
            self.peak.set_xdata([point.peak_frequency, point.peak_frequency])
        self.mark.set_data([point.g], [point.nu_ext_ratio])
        return self.fig


@functools.lru_cache(maxsize=1)
def _brunel_view():
    from ..datasets import load_brunel_grid

    return _BrunelView(load_brunel_grid())


def update_brunel_explorer(g, nu_ext_ratio):
    """Show one point of the stored sweep of Brunel's network: raster, rate, spectrum, regime.

    Nothing is simulated: the data come from the precomputed sweep
    :func:`neurocourse.datasets.load_brunel_grid` (13 x 9 simulations of Brunel's network,
    N_E = 10 000, 600 ms each), so the update is instant. The nearest grid point to
    (g, nu_ext_ratio) is shown and marked on the phase diagram. The figure is built once and
    reused: each call changes the data it shows and returns the same figure.

    Parameters
    ----------
    g : float
        Relative strength of inhibition, in [2, 8] (grid step 0.5).
    nu_ext_ratio : float
        External drive nu_ext / nu_thr, in [0.5, 4] (grid values 0.5, 0.9, 1, 1.5, ..., 4).

    Returns
    -------
    figure, summary_html

    Raises
    ------
    ValueError
        If a value lies outside the swept range.
    """
    view = _brunel_view()
    grid = view.grid
    point = grid.point(g, nu_ext_ratio)
    fig = view.show(point)
    on_grid = np.isclose(point.g, float(g)) and np.isclose(point.nu_ext_ratio, float(nu_ext_ratio))
    where = (
        ""
        if on_grid
        else (f" (nearest grid point to g = {float(g):g}, nu_ext/nu_thr = {float(nu_ext_ratio):g})")
    )
    cv = "n/a (too few spikes)" if not np.isfinite(point.cv) else f"{point.cv:.2f}"
    peak = "none" if not np.isfinite(point.peak_frequency) else f"{point.peak_frequency:.0f} Hz"
    summary = (
        f"g = {point.g:g}, nu_ext/nu_thr = {point.nu_ext_ratio:g}{where}: "
        f"rate <b>{point.rate:.1f} Hz</b>, "
        f"ISI CV {cv}, synchrony chi {point.chi:.2f} (independent neurons: {point.chi_null:.2f}), "
        f"spectral peak {peak} "
        f"&rarr; <b>{point.regime}</b>, {_BRUNEL_REGIME_TEXT[point.regime]}. "
        f"(From the precomputed sweep of N_E = {grid.n_excitatory} neurons; nothing is simulated.)"
    )
    return fig, summary


def brunel_explorer():
    """Return the Brunel explorer: sliders for g and nu_ext / nu_thr over the stored sweep.

    Reads the precomputed sweep (:func:`neurocourse.datasets.load_brunel_grid`); it shows the
    raster of 40 excitatory neurons and the population rate over the last 200 ms, the rate's
    power spectrum, and the point on the phase diagram. It starts at Brunel's (2000) point C of
    Fig. 8 (g = 5, nu_ext / nu_thr = 2), the asynchronous irregular state.
    """
    from ..datasets import load_brunel_grid

    grid = load_brunel_grid()
    controls = {
        "g": ipywidgets.SelectionSlider(
            options=[(f"{v:g}", float(v)) for v in grid.g],
            value=5.0,
            description="g (–)",
            continuous_update=False,
        ),
        "nu_ext_ratio": ipywidgets.SelectionSlider(
            options=[(f"{v:g}", float(v)) for v in grid.nu_ext_ratio],
            value=2.0,
            description="nu_ext/nu_thr (–)",
            continuous_update=False,
            style={"description_width": "initial"},
        ),
    }
    return Demo(update_brunel_explorer, controls, title="Brunel's network: regimes of an E/I network")


# ---------------------------------------------------------------------------------------------
# Wilson-Cowan phase plane

_WC_START = (0.5, 0.15)
_WC_DURATION = 100.0


@functools.lru_cache(maxsize=512)
def _wc_analysis(params):
    from ..networks import find_fixed_points, simulate_wilson_cowan

    return (
        find_fixed_points(params, method="nullcline"),
        simulate_wilson_cowan(params, r_init=_WC_START, duration=_WC_DURATION),
    )


def update_wilson_cowan_phase_plane(w_ee, w_ei, w_ie, w_ii, i_ext_e):
    """Draw the Wilson-Cowan phase plane for given couplings, and one trajectory over time.

    The other parameters are Neuromatch Academy's (tau_E = 1 ms, tau_I = 2 ms, a_E = 1.2,
    theta_E = 2.8, a_I = 1, theta_I = 4, I_ext_I = 0).

    Parameters
    ----------
    w_ee, w_ei, w_ie, w_ii : float
        Couplings E -> E, I -> E, E -> I, I -> I, in [0, 1e3]. With w_ei = 0 or w_ie = 0 the
        E-I loop is cut and the corresponding nullcline is a straight line.
    i_ext_e : float
        External input to the E population, in [-1e3, 1e3].

    Returns
    -------
    figure, summary_html

    Raises
    ------
    ValueError
        If a value is out of range (the message names it).
    """
    from ..networks import WilsonCowanParams
    from ..plotting import plot_wilson_cowan_phase_plane

    params = WilsonCowanParams(
        w_ee=float(w_ee), w_ei=float(w_ei), w_ie=float(w_ie), w_ii=float(w_ii), i_ext_e=float(i_ext_e)
    )
    points, trajectory = _wc_analysis(params)
    fig, (ax_plane, ax_time) = _fixed_layout_figure(
        ncols=2, width_ratios=[1.1, 1.4], left=0.07, right=0.98, bottom=0.15, top=0.91, wspace=0.22
    )
    plot_wilson_cowan_phase_plane(params, ax=ax_plane, fixed_points=points, trajectories=trajectory)
    ax_plane.set_title("Phase plane", **_TITLE)
    ax_time.plot(trajectory.time, trajectory.r_e[0], color=COLORS["excitatory"], label="r_E")
    ax_time.plot(trajectory.time, trajectory.r_i[0], color=COLORS["inhibitory"], linestyle="--", label="r_I")
    ax_time.set_xlabel("Time (ms)")
    ax_time.set_ylabel("Activity (a.u.)")
    ax_time.set_title(f"From (r_E, r_I) = {_WC_START}: r_E solid, r_I dashed", **_TITLE)
    if points:
        # round(x, 3) + 0.0 turns -0.0 into 0.0: no "-0.000" for a point at the origin
        listed = "; ".join(
            f"({round(p.r_e, 3) + 0.0:.3f}, {round(p.r_i, 3) + 0.0:.3f}) {p.kind}" for p in points
        )
        n_stable = sum(p.stable for p in points)
        text = f"{len(points)} fixed point{'s' if len(points) > 1 else ''}: {listed}. "
        if n_stable >= 2:
            text += "<b>Bistable</b>: where the trajectory ends depends on where it starts."
        elif n_stable == 0:
            text += (
                "No stable fixed point: activity keeps moving, here on a <b>limit cycle</b> "
                "(an E-I oscillation)."
            )
        else:
            text += "One stable state: every trajectory settles there."
    else:
        text = "No fixed point found."
    return fig, text


def wilson_cowan_phase_plane():
    """Return the Wilson-Cowan explorer: sliders for the four couplings and the input to E.

    Starts at Neuromatch's bistable set (w_EE = 9, w_EI = 4, w_IE = 13, w_II = 11); their
    limit-cycle set is w_EE = 6.4, w_EI = 4.8, w_IE = 6, w_II = 1.2, I_E = 0.8.
    """

    def slider(value, low, high, label):
        return ipywidgets.FloatSlider(
            value=value, min=low, max=high, step=0.1, description=label, continuous_update=False
        )

    controls = {
        "w_ee": slider(9.0, 0.0, 16.0, "w_EE (–)"),
        "w_ei": slider(4.0, 0.0, 16.0, "w_EI (–)"),
        "w_ie": slider(13.0, 0.0, 16.0, "w_IE (–)"),
        "w_ii": slider(11.0, 0.0, 16.0, "w_II (–)"),
        "i_ext_e": slider(0.0, -2.0, 4.0, "I_E (–)"),
    }
    return Demo(update_wilson_cowan_phase_plane, controls, title="Wilson-Cowan phase plane")


# ---------------------------------------------------------------------------------------------
# Winner-take-all

_WTA_UNITS = 20
_WTA_MAX_DURATION = 5000.0  # [ms] longest run; the network usually settles within 300-800 ms
_WTA_TAU = 10.0
_WTA_TOL = 1e-6  # [1/ms] converged when max |dr/dt| <= tol x the largest activity


def winner_take_all_input(width):
    """Return the bumpy input of the winner-take-all demo: two bumps on a baseline.

    Parameters
    ----------
    width : float
        Width (standard deviation) of each bump [units], in [0.5, 10].

    Returns
    -------
    ndarray, shape (20,)
        1 + 0.3 exp(-(i - 6)^2 / 2 w^2) + 0.25 exp(-(i - 14)^2 / 2 w^2) + 0.02 cos(2.3 i):
        a higher bump at unit 6, a lower one at unit 14, a small fixed ripple.
    """
    from .._validation import check_scalar

    width = check_scalar("width", width, low=0.5, high=10.0)
    units = np.arange(_WTA_UNITS)
    return (
        1.0
        + 0.3 * np.exp(-0.5 * ((units - 6.0) / width) ** 2)
        + 0.25 * np.exp(-0.5 * ((units - 14.0) / width) ** 2)
        + 0.02 * np.cos(2.3 * units)
    )


@functools.lru_cache(maxsize=512)
def _wta_run(beta, alpha, width):
    from ..networks import LinearThresholdParams, simulate_linear_threshold_network

    params = LinearThresholdParams(alpha=alpha, beta=beta, tau=_WTA_TAU)
    return simulate_linear_threshold_network(
        params,
        winner_take_all_input(width),
        duration=_WTA_MAX_DURATION,
        dt=0.5,
        until_converged=True,
        tol=_WTA_TOL,
    )


def update_winner_take_all(beta, alpha, width=2.0):
    """Draw the steady state and the dynamics of a linear-threshold network with lateral inhibition.

    Twenty units receive a bumpy input (:func:`winner_take_all_input`); each excites itself
    with weight alpha and inhibits every other unit with weight beta. The network runs until
    it has converged (max |dr/dt| <= 1e-6 per ms times the largest activity), at most 5 s:
    near beta = 1 - alpha the competition is slow, and a run of fixed length can stop while
    a loser is still fading.

    Parameters
    ----------
    beta : float
        Lateral inhibition, in [0, 100].
    alpha : float
        Self-excitation, in [0, 1): at alpha >= 1 a lone active unit grows without bound.
    width : float
        Width of the input bumps [units], in [0.5, 10].

    Returns
    -------
    figure, summary_html

    Raises
    ------
    ValueError
        If a value is out of range; the message names the control (alpha >= 1 is explained:
        runaway excitation).

    Notes
    -----
    Two active units diverge at the rate (alpha + beta - 1) / tau, so for beta > 1 - alpha
    only one can stay active: a single winner, settling at I_max / (1 - alpha).
    """
    alpha, beta, width = float(alpha), float(beta), float(width)
    if alpha >= 1.0:
        raise ValueError(
            f"self-excitation alpha = {alpha:.2f} >= 1: a unit's own feedback then outweighs "
            "its leak, so the winner's activity grows without bound (runaway excitation). "
            "Choose alpha < 1."
        )
    result = _wta_run(beta, alpha, width)  # LinearThresholdParams checks alpha >= 0 and beta in [0, 100]
    inputs = winner_take_all_input(width)
    final = result.final_rates
    active = result.active()
    units = np.arange(_WTA_UNITS)
    fig, (ax_bar, ax_time) = _fixed_layout_figure(
        ncols=2, width_ratios=[1.2, 1.0], left=0.07, right=0.98, bottom=0.15, top=0.91, wspace=0.22
    )
    colors = [COLORS["highlight"] if k in active else COLORS["excitatory"] for k in units]
    ax_bar.bar(units, final, color=colors, label="steady state")
    ax_bar.plot(units, inputs, "o", color=COLORS["analytic"], markersize=4, label="input")
    ax_bar.set_xlabel("Unit")
    ax_bar.set_ylabel("Activity (a.u.)")
    ax_bar.set_title(f"alpha = {alpha:.2f}, beta = {beta:.2f}", loc="left", **_TITLE)
    ax_bar.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, borderaxespad=0.1, fontsize=9)
    ax_bar.set_xticks(units[::5])
    # one collection for the twenty traces: a single draw call instead of twenty Line2D artists
    traces = np.stack([np.broadcast_to(result.time, result.rates.shape), result.rates], axis=-1)
    ax_time.add_collection(
        LineCollection(
            traces,
            colors=[COLORS["highlight"] if k in active else COLORS["neutral"] for k in units],
            linewidths=1.0,
        )
    )
    ax_time.autoscale_view()
    ax_time.set_xlabel("Time (ms)")
    ax_time.set_ylabel("Activity (a.u.)")
    ax_time.set_title("Activity until converged (orange: active)", **_TITLE)
    critical = 1.0 - alpha
    if beta > critical:
        theory = (
            f"beta = {beta:.2f} &gt; 1 - alpha = {critical:.2f}: no two units can stay active "
            "together, a single winner is predicted"
        )
    else:
        theory = (
            f"beta = {beta:.2f} &le; 1 - alpha = {critical:.2f}: several units can stay active, "
            "a graded copy of the input"
        )
    n = active.size
    if n == 1:
        outcome = f"<b>1 winner</b> (unit {active[0]}, activity {final[active[0]]:.2f})"
    elif n == 0:
        outcome = "<b>no active unit</b>"
    else:
        outcome = f"<b>{n} winners</b> (units {', '.join(str(k) for k in active)})"
    if result.converged:
        settled = f"converged after {result.duration:.0f} ms"
    else:
        settled = f"<b>not converged</b> after {result.duration:.0f} ms (still changing)"
    return fig, f"{outcome}, {settled}. {theory}."


def winner_take_all():
    """Return the winner-take-all demo: sliders for lateral inhibition, self-excitation, input width.

    Every slider value is one the model accepts: alpha stops at 0.95, below the runaway
    excitation of alpha >= 1 (which the lecture explains).
    """
    controls = {
        "beta": ipywidgets.FloatSlider(
            value=0.7, min=0.0, max=1.5, step=0.05, description="beta (–)", continuous_update=False
        ),
        "alpha": ipywidgets.FloatSlider(
            value=0.5, min=0.0, max=0.95, step=0.05, description="alpha (–)", continuous_update=False
        ),
        "width": ipywidgets.FloatSlider(
            value=2.0,
            min=0.5,
            max=6.0,
            step=0.25,
            description="width (units)",
            continuous_update=False,
            style={"description_width": "initial"},
        ),
    }
    return Demo(update_winner_take_all, controls, title="Winner-take-all by lateral inhibition")
