"""Widget demos of chapter 01, neurons and circuits.

Each demo is a plain ``update_*`` function returning ``(figure, summary_html)`` and a builder
that wraps it in a :class:`~neurocourse.widgets.Demo`. Simulations behind the sliders are
cached on the parameters that change them.
"""

from __future__ import annotations

import functools

import ipywidgets
import numpy as np
import matplotlib as mpl
from matplotlib.ticker import AutoLocator, LogFormatter, LogLocator, MaxNLocator, NullLocator

from ..networks.lateral import DoGParams, dog_filter, mach_band_overshoot, mach_band_position, step_edge
from ..neurons import (
    IZHIKEVICH_PRESETS,
    IZHIKEVICH_TYPE_NAMES,
    LIFParams,
    izhikevich_preset,
    izhikevich_rest,
    lif_rate,
    lif_rheobase,
    simulate_izhikevich,
    simulate_lif,
)
from ..plotting import COLORS, COURSE_STYLE, plot_fi_curve, plot_voltage_trace
from ._base import Demo, new_figure

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


def _thin_ticks(fig, nbins=4):
    """Put at most ``nbins + 1`` ticks on every linear axis of ``fig``.

    Each tick is two lines and two texts to build and draw, a large share of a small
    figure's drawing time: fewer ticks keep a demo's update within its time budget.
    """
    for ax in fig.axes:
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            if scale == "linear" and isinstance(axis.get_major_locator(), AutoLocator):
                axis.set_major_locator(MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10]))
    return fig


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
    params, result = _lif_run(float(current), float(tau_m), float(v_threshold))
    fig, measured = lif_trace_and_fi_figure(
        params, result, current, max_current=8.0,
        title=f"I = {current:.2f} nA, tau_m = {tau_m:.0f} ms, theta = {v_threshold:.0f} mV")
    rheobase = lif_rheobase(params)
    summary = (f"Rheobase {rheobase:.2f} nA. Simulated rate <b>{measured:.1f} Hz</b>, analytic "
               f"{lif_rate(params, current):.1f} Hz; the ceiling is 1/t_ref = {1000.0 / params.t_ref:.0f} Hz.")
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
    isi = result.interspike_intervals()
    measured = 1000.0 / isi.mean() if isi.size else 0.0
    fig, (ax_v, ax_f) = _fixed_layout_figure(ncols=2, width_ratios=[2, 1], left=0.07, right=0.985, bottom=0.15,
                                             top=0.9, wspace=0.22)
    plot_voltage_trace(result.time, result.voltage[0], spike_times=result.spike_times, v_peak=0.0, ax=ax_v,
                       threshold=params.v_threshold)
    ax_v.set_ylim(-75.0, 5.0)
    ax_v.set_title(title, y=1.0)
    grid = np.linspace(0.0, max_current, 321)
    plot_fi_curve(None, None, analytic_currents=grid, analytic_rates=lif_rate(params, grid), ax=ax_f,
                  highlight=(current, measured))
    ax_f.set_ylim(0.0, 520.0 if max_current > 6.0 else None)
    ax_f.set_title("f-I curve", y=1.0)
    return _thin_ticks(fig), measured


def lif_explorer():
    """Return the LIF explorer: current, membrane time constant and threshold sliders.

    The voltage trace on the left; on the right the analytic f-I curve for these parameters,
    with the simulated rate marked on it.
    """
    controls = {
        "current": ipywidgets.FloatSlider(value=2.5, min=0.0, max=8.0, step=0.1, description="I (nA)",
                                          continuous_update=False),
        "tau_m": ipywidgets.FloatSlider(value=8.0, min=2.0, max=50.0, step=1.0, description="tau_m (ms)",
                                        continuous_update=False),
        "v_threshold": ipywidgets.FloatSlider(value=-50.0, min=-68.0, max=-40.0, step=1.0,
                                              description="theta (mV)", continuous_update=False),
    }
    return Demo(update_lif_explorer, controls, title="LIF explorer")


# ---------------------------------------------------------------------------------------------
# Izhikevich zoo

_ZOO_DURATION = 300.0
_ZOO_ONSET = 20.0


@functools.lru_cache(maxsize=256)
def _zoo_run(cell_type, current, protocol):
    params = izhikevich_preset(cell_type)
    n_steps = int(round(_ZOO_DURATION / 0.1))
    onset = int(round(_ZOO_ONSET / 0.1))
    drive = np.zeros(n_steps)
    if protocol == "step":
        drive[onset:] = current
        v0, u0 = izhikevich_rest(params)
    else:  # rebound: hold hyperpolarised at -87 mV, release at the onset (current adds after release)
        v_hold = -87.0
        drive[:onset] = -(0.04 * v_hold ** 2 + 5 * v_hold + 140 - params.b * v_hold)
        drive[onset:] = current
        v0, u0 = v_hold, params.b * v_hold
    return simulate_izhikevich(params, drive, duration=_ZOO_DURATION, dt=0.1, v0=v0, u0=u0)


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
    fig, (ax_v, ax_isi) = _fixed_layout_figure(ncols=2, width_ratios=[2, 1], left=0.07, right=0.985, bottom=0.15,
                                               top=0.9, wspace=0.22)
    plot_voltage_trace(result.time, result.voltage[0], spike_times=result.spike_times, v_peak=30.0, ax=ax_v)
    ax_v.axvline(_ZOO_ONSET, color=COLORS["neutral"], linestyle=":", linewidth=1.0)
    ax_v.set_title(f"{cell_type}: {IZHIKEVICH_TYPE_NAMES[cell_type]}", y=1.0)
    isi = result.interspike_intervals()
    if isi.size:
        ax_isi.plot(np.arange(1, isi.size + 1), isi, "o-", color=COLORS["excitatory"], markersize=4)
    ax_isi.set_xlabel("Interval number")
    ax_isi.set_ylabel("ISI (ms)")
    ax_isi.set_title("Interspike intervals", y=1.0)
    if isi.size >= 2:
        text = (f"{result.n_spikes} spikes; first ISI {isi[0]:.1f} ms, last {isi[-1]:.1f} ms "
                f"(ratio {isi[-1] / isi[0]:.1f}: {'adapting' if isi[-1] > 1.5 * isi[0] else 'not adapting'}).")
    elif result.n_spikes == 1:
        text = "A single spike."
    else:
        text = "No spikes: below this cell's threshold (try a larger current, or the rebound protocol)."
    return _thin_ticks(fig), text


def izhikevich_zoo():
    """Return the Izhikevich zoo: a cell-type menu, a current slider and a protocol menu."""
    controls = {
        "cell_type": ipywidgets.Dropdown(options=[(f"{k}: {IZHIKEVICH_TYPE_NAMES[k]}", k) for k in IZHIKEVICH_PRESETS],
                                         value="RS", description="type"),
        "current": ipywidgets.FloatSlider(value=10.0, min=-5.0, max=30.0, step=0.5, description="I",
                                          continuous_update=False),
        "protocol": ipywidgets.Dropdown(options=["step", "rebound"], value="step", description="protocol"),
    }
    return Demo(update_izhikevich_zoo, controls, title="The Izhikevich zoo")


# ---------------------------------------------------------------------------------------------
# Mach bands

_DX = 0.02
_X = np.arange(-15.0, 15.0, _DX)


def update_mach_bands(surround_weight, sigma_surround, *, sigma_center=1.0):
    """Draw a luminance edge filtered by a difference-of-Gaussians receptive field.

    Parameters
    ----------
    surround_weight : float
        Strength k of the inhibitory surround, in [0, 2].
    sigma_surround : float
        Width of the surround [deg], larger than ``sigma_center``.
    sigma_center : float
        Width of the centre [deg].

    Returns
    -------
    figure, summary_html
    """
    params = DoGParams(sigma_center, sigma_surround, surround_weight)
    stimulus = step_edge(_X, low=1.0, high=2.0)
    response = dog_filter(params, stimulus, dx=_DX)
    fig, (ax_k, ax_r) = _fixed_layout_figure(ncols=2, width_ratios=[1, 2], left=0.085, right=0.985, bottom=0.15,
                                             top=0.9, wspace=0.3)
    xk = np.linspace(-3 * sigma_surround, 3 * sigma_surround, 301)
    from ..networks.lateral import dog_kernel

    ax_k.plot(xk, dog_kernel(params, xk), color=COLORS["excitatory"])
    ax_k.axhline(0.0, color=COLORS["neutral"], linewidth=0.8)
    ax_k.set_xlabel("Position (deg)")
    ax_k.set_ylabel("Weight (1/deg)")
    ax_k.set_title("Receptive field", y=1.0)
    ax_r.plot(_X, stimulus, color=COLORS["neutral"], label="luminance")
    ax_r.plot(_X, response + (stimulus.min() - response[0]), color=COLORS["inhibitory"],
              label="response (shifted)")
    ax_r.set_xlabel("Position (deg)")
    ax_r.set_ylabel("Luminance (a.u.)")
    ax_r.legend(loc="upper left")
    ax_r.set_title("Edge and its Mach bands", y=1.0)
    overshoot = mach_band_overshoot(params)
    right = _X >= 0
    plateau = response[np.abs(_X - 12.0) < 0.5].mean()
    measured = response[right].max() - plateau
    where = mach_band_position(params)
    if overshoot == 0.0:
        text = "No Mach band: the surround is too weak or too narrow (k sigma_c >= sigma_s)."
    else:
        text = (f"Mach band {measured:.3f} above the bright plateau (closed form {overshoot:.3f}) at "
                f"{where:.2f} deg from the edge; uniform light gives {1 - surround_weight:.2f} x its luminance.")
    return _thin_ticks(fig), text


def mach_bands():
    """Return the Mach band demo: surround strength and width sliders."""
    controls = {
        "surround_weight": ipywidgets.FloatSlider(value=1.0, min=0.0, max=1.5, step=0.05, description="k",
                                                  continuous_update=False),
        "sigma_surround": ipywidgets.FloatSlider(value=3.0, min=0.5, max=8.0, step=0.25,
                                                 description="sigma_s (deg)", continuous_update=False),
    }
    return Demo(update_mach_bands, controls, title="Lateral inhibition: Mach bands")


# ---------------------------------------------------------------------------------------------
# Brunel explorer (reads the precomputed sweep in neurocourse/datasets)

_BRUNEL_REGIME_TEXT = {
    "SR": "synchronous regular: every neuron fires on nearly every cycle of a fast population rhythm",
    "AI": "asynchronous irregular: neurons fire irregularly and the population rate is nearly flat",
    "SI-fast": "synchronous irregular, fast: the population oscillates far faster than single neurons fire",
    "SI-slow": "synchronous irregular, slow: sparse firing on a slow population rhythm",
    "quiescent": "quiescent: the external drive is too weak to keep the network firing",
}


def update_brunel_explorer(g, nu_ext_ratio):
    """Show one point of the stored sweep of Brunel's network: raster, rate, spectrum, regime.

    Nothing is simulated: the data come from the precomputed sweep
    :func:`neurocourse.datasets.load_brunel_grid` (13 x 9 simulations of N_E = 5000 neurons,
    600 ms each), so the update is instant. The nearest grid point to (g, nu_ext_ratio) is
    shown and marked on the phase diagram.

    Parameters
    ----------
    g : float
        Relative strength of inhibition, in [2, 8] (grid step 0.5).
    nu_ext_ratio : float
        External drive nu_ext / nu_thr, in [0.5, 4] (grid values 0.5, 0.75, 1, 1.5, ..., 4).

    Returns
    -------
    figure, summary_html

    Raises
    ------
    ValueError
        If a value lies outside the swept range.
    """
    from ..datasets import load_brunel_grid
    from ..plotting import plot_brunel_phase_diagram, plot_population_rate, plot_raster

    grid = load_brunel_grid()
    point = grid.point(g, nu_ext_ratio)
    # raster over rate on the left; spectrum and phase diagram on a second grid on the right
    fig, (ax_raster, ax_rate) = _fixed_layout_figure(nrows=2, sharex=True, left=0.075, right=0.4, bottom=0.15,
                                                     top=0.91, hspace=0.12)
    with mpl.rc_context(COURSE_STYLE):
        right = fig.add_gridspec(1, 2, left=0.52, right=0.985, bottom=0.15, top=0.91, wspace=0.42,
                                 width_ratios=[1.3, 1.5])
        ax_spectrum = fig.add_subplot(right[0, 0])
        ax_phase = fig.add_subplot(right[0, 1])

    t0, t1 = grid.raster_t_start, grid.raster_t_start + grid.raster_duration
    plot_raster(point.spike_indices, point.spike_times, ax=ax_raster, marker_size=1.5)
    ax_raster.set_xlim(t0, t1)
    ax_raster.set_ylim(-0.5, grid.n_raster_neurons - 0.5)
    ax_raster.set_xlabel("")
    ax_raster.set_title(f"g = {point.g:g}, nu_ext/nu_thr = {point.nu_ext_ratio:g}: {point.regime}", **_TITLE)
    plot_population_rate(point.time, point.population_rate, ax=ax_rate)
    ax_rate.set_xlim(t0, t1)
    ax_rate.set_ylim(0.0, max(1.0, 1.05 * float(point.population_rate.max())))

    positive = point.power[1:] > 0
    if np.any(positive):
        ax_spectrum.semilogy(point.frequencies[1:][positive], point.power[1:][positive],
                             color=COLORS["excitatory"], linewidth=0.8)
        # plain "1e+02" tick labels: mathtext ("10^2") costs a parse on every draw
        # and no minor ticks: over 12 decades they are a hundred Tick objects to draw
        ax_spectrum.yaxis.set_major_locator(LogLocator(numticks=6))
        ax_spectrum.yaxis.set_major_formatter(LogFormatter(labelOnlyBase=True))
        ax_spectrum.yaxis.set_minor_locator(NullLocator())
        if np.isfinite(point.peak_frequency):
            ax_spectrum.axvline(point.peak_frequency, color=COLORS["highlight"], linestyle="--", linewidth=1.0)
    else:
        ax_spectrum.text(0.5, 0.5, "no spikes", transform=ax_spectrum.transAxes, ha="center")
    ax_spectrum.set_xlim(0.0, 1000.0 / (2 * grid.bin_width))
    ax_spectrum.set_xticks([0.0, 250.0, 500.0, 750.0, 1000.0], ["0", "", "500", "", "1000"])
    ax_spectrum.set_xlabel("Frequency (Hz)")
    ax_spectrum.set_ylabel("Power (Hz)")
    ax_spectrum.set_title("Spectrum of the rate", **_TITLE)

    plot_brunel_phase_diagram(grid, ax=ax_phase, mark=(point.g, point.nu_ext_ratio), legend=False)
    ax_phase.set_title("Regimes (orange: here)", **_TITLE)

    on_grid = np.isclose(point.g, float(g)) and np.isclose(point.nu_ext_ratio, float(nu_ext_ratio))
    where = "" if on_grid else (f" (nearest grid point to g = {float(g):g}, "
                                f"nu_ext/nu_thr = {float(nu_ext_ratio):g})")
    cv = "n/a (too few spikes)" if not np.isfinite(point.cv) else f"{point.cv:.2f}"
    peak = "none" if not np.isfinite(point.peak_frequency) else f"{point.peak_frequency:.0f} Hz"
    summary = (f"g = {point.g:g}, nu_ext/nu_thr = {point.nu_ext_ratio:g}{where}: rate <b>{point.rate:.1f} Hz</b>, "
               f"ISI CV {cv}, synchrony chi {point.chi:.2f}, spectral peak {peak} "
               f"&rarr; <b>{point.regime}</b>, {_BRUNEL_REGIME_TEXT[point.regime]}. "
               f"(From the precomputed sweep of N_E = {grid.n_excitatory} neurons; nothing is simulated.)")
    return _thin_ticks(fig), summary


def brunel_explorer():
    """Return the Brunel explorer: sliders for g and nu_ext / nu_thr over the stored sweep.

    Reads the precomputed sweep (:func:`neurocourse.datasets.load_brunel_grid`); it shows the
    raster of 40 excitatory neurons and the population rate over the last 200 ms, the rate's
    power spectrum, and the point on the phase diagram.
    """
    from ..datasets import load_brunel_grid

    grid = load_brunel_grid()
    controls = {
        "g": ipywidgets.SelectionSlider(options=[(f"{v:g}", float(v)) for v in grid.g], value=5.0,
                                        description="g", continuous_update=False),
        "nu_ext_ratio": ipywidgets.SelectionSlider(options=[(f"{v:g}", float(v)) for v in grid.nu_ext_ratio],
                                                   value=2.0, description="nu_ext/nu_thr",
                                                   continuous_update=False,
                                                   style={"description_width": "initial"}),
    }
    return Demo(update_brunel_explorer, controls, title="Brunel's network: regimes of an E/I network")


# ---------------------------------------------------------------------------------------------
# Wilson-Cowan phase plane

_WC_START = (0.5, 0.15)
_WC_DURATION = 100.0


def _wilson_cowan_fixed_points(params, *, n_samples=4001):
    """Find the Wilson-Cowan fixed points along the E nullcline: a fast path for the widget.

    On the E nullcline r_I = h(r_E) = (w_EE r_E - F_E^{-1}(r_E) + I_E) / w_EI, so the fixed
    points are the roots of G(r_E) = F_I(w_IE r_E - w_II h(r_E) + I_I) - h(r_E) over the range
    of F_E: bracketed by sign changes on ``n_samples`` points, found with Brent's method, then
    polished by two Newton steps in the plane. About 1 ms against 15-130 ms for
    :func:`~neurocourse.networks.find_fixed_points` (100 two-dimensional root searches),
    whose results it reproduces (tests compare the two); a double root exactly at a
    saddle-node bifurcation can be missed, as by any sign test.

    Returns
    -------
    list of FixedPoint
        Sorted by r_E, classified with :func:`~neurocourse.networks.classify_fixed_point`.
    """
    from scipy.optimize import brentq

    from ..networks import (
        FixedPoint,
        classify_fixed_point,
        wilson_cowan_inverse_sigmoid,
        wilson_cowan_jacobian,
        wilson_cowan_sigmoid,
    )

    p = params
    shift_e = 1.0 / (1.0 + np.exp(p.a_e * p.theta_e)) if p.a_e * p.theta_e < 700 else 0.0
    margin = 1e-9

    def h(r_e):
        return (p.w_ee * r_e - wilson_cowan_inverse_sigmoid(r_e, p.a_e, p.theta_e) + p.i_ext_e) / p.w_ei

    def gap(r_e):
        r_i = h(r_e)
        return wilson_cowan_sigmoid(p.w_ie * r_e - p.w_ii * r_i + p.i_ext_i, p.a_i, p.theta_i) - r_i

    r_e = np.linspace(-shift_e + margin, 1.0 - shift_e - margin, n_samples)
    values = gap(r_e)
    roots = list(r_e[values == 0.0])
    for k in np.flatnonzero(values[:-1] * values[1:] < 0.0):
        roots.append(brentq(lambda x: float(gap(x)), r_e[k], r_e[k + 1], xtol=1e-15, rtol=4 * np.finfo(float).eps))

    def field(x):
        x_e = p.w_ee * x[0] - p.w_ei * x[1] + p.i_ext_e
        x_i = p.w_ie * x[0] - p.w_ii * x[1] + p.i_ext_i
        return np.array([(wilson_cowan_sigmoid(x_e, p.a_e, p.theta_e) - x[0]) / p.tau_e,
                         (wilson_cowan_sigmoid(x_i, p.a_i, p.theta_i) - x[1]) / p.tau_i])

    points = []
    for root in sorted(roots):
        x = np.array([root, float(h(root))])
        for _ in range(2):  # Newton polish in the plane: h loses digits where F_E saturates
            try:
                step = np.linalg.solve(wilson_cowan_jacobian(p, x[0], x[1]), field(x))
            except np.linalg.LinAlgError:
                break
            if np.all(np.isfinite(step)) and np.max(np.abs(field(x - step))) <= np.max(np.abs(field(x))):
                x = x - step
        jac = wilson_cowan_jacobian(p, x[0], x[1])
        points.append(FixedPoint(r_e=float(x[0]), r_i=float(x[1]),
                                 eigenvalues=tuple(complex(z) for z in np.linalg.eigvals(jac)),
                                 kind=classify_fixed_point(jac), residual=float(np.max(np.abs(field(x))))))
    return points


@functools.lru_cache(maxsize=512)
def _wc_analysis(params):
    from ..networks import simulate_wilson_cowan

    return (_wilson_cowan_fixed_points(params),
            simulate_wilson_cowan(params, r_e0=_WC_START[0], r_i0=_WC_START[1], duration=_WC_DURATION))


def update_wilson_cowan_phase_plane(w_ee, w_ei, w_ie, w_ii, i_ext_e):
    """Draw the Wilson-Cowan phase plane for given couplings, and one trajectory over time.

    The other parameters are Neuromatch Academy's (tau_E = 1 ms, tau_I = 2 ms, a_E = 1.2,
    theta_E = 2.8, a_I = 1, theta_I = 4, I_ext_I = 0).

    Parameters
    ----------
    w_ee, w_ei, w_ie, w_ii : float
        Couplings E -> E, I -> E, E -> I, I -> I, >= 0 (w_ei and w_ie > 0).
    i_ext_e : float
        External input to the E population.

    Returns
    -------
    figure, summary_html

    Raises
    ------
    ValueError
        If w_ei or w_ie is 0 (the nullclines are then not curves of this form) or a value is
        out of range.
    """
    from ..networks import WilsonCowanParams
    from ..plotting import plot_wilson_cowan_phase_plane

    if float(w_ei) <= 0.0 or float(w_ie) <= 0.0:
        raise ValueError("w_EI and w_IE must be > 0: without the E-I loop the I nullcline is not a curve "
                         "r_E(r_I) (set both above 0)")
    params = WilsonCowanParams(w_ee=float(w_ee), w_ei=float(w_ei), w_ie=float(w_ie), w_ii=float(w_ii),
                               i_ext_e=float(i_ext_e))
    points, trajectory = _wc_analysis(params)
    fig, (ax_plane, ax_time) = _fixed_layout_figure(ncols=2, width_ratios=[1.1, 1.4], left=0.07, right=0.98,
                                                    bottom=0.15, top=0.91, wspace=0.22)
    plot_wilson_cowan_phase_plane(params, ax=ax_plane, fixed_points=points, trajectories=[_WC_START],
                                  duration=_WC_DURATION)
    ax_plane.set_title("Phase plane", **_TITLE)
    ax_time.plot(trajectory.time, trajectory.r_e[0], color=COLORS["excitatory"], label="r_E")
    ax_time.plot(trajectory.time, trajectory.r_i[0], color=COLORS["inhibitory"], linestyle="--", label="r_I")
    ax_time.set_xlabel("Time (ms)")
    ax_time.set_ylabel("Activity (a.u.)")
    ax_time.set_title(f"From (r_E, r_I) = {_WC_START}: r_E solid, r_I dashed", **_TITLE)
    if points:
        listed = "; ".join(f"({p.r_e:.3f}, {p.r_i:.3f}) {p.kind}" for p in points)
        n_stable = sum(p.stable for p in points)
        text = f"{len(points)} fixed point{'s' if len(points) > 1 else ''}: {listed}. "
        if n_stable >= 2:
            text += "<b>Bistable</b>: where the trajectory ends depends on where it starts."
        elif n_stable == 0:
            text += ("No stable fixed point: activity keeps moving, here on a <b>limit cycle</b> "
                     "(an E-I oscillation).")
        else:
            text += "One stable state: every trajectory settles there."
    else:
        text = "No fixed point found."
    return _thin_ticks(fig), text


def wilson_cowan_phase_plane():
    """Return the Wilson-Cowan explorer: sliders for the four couplings and the input to E.

    Starts at Neuromatch's bistable set (w_EE = 9, w_EI = 4, w_IE = 13, w_II = 11); their
    limit-cycle set is w_EE = 6.4, w_EI = 4.8, w_IE = 6, w_II = 1.2, I_E = 0.8.
    """
    def slider(value, low, high, label):
        return ipywidgets.FloatSlider(value=value, min=low, max=high, step=0.1, description=label,
                                      continuous_update=False)

    controls = {
        "w_ee": slider(9.0, 0.0, 16.0, "w_EE"),
        "w_ei": slider(4.0, 0.0, 16.0, "w_EI"),
        "w_ie": slider(13.0, 0.0, 16.0, "w_IE"),
        "w_ii": slider(11.0, 0.0, 16.0, "w_II"),
        "i_ext_e": slider(0.0, -2.0, 4.0, "I_E"),
    }
    return Demo(update_wilson_cowan_phase_plane, controls, title="Wilson-Cowan phase plane")


# ---------------------------------------------------------------------------------------------
# Winner-take-all

_WTA_UNITS = 20
_WTA_DURATION = 300.0
_WTA_TAU = 10.0


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
    return (1.0 + 0.3 * np.exp(-0.5 * ((units - 6.0) / width) ** 2)
            + 0.25 * np.exp(-0.5 * ((units - 14.0) / width) ** 2) + 0.02 * np.cos(2.3 * units))


@functools.lru_cache(maxsize=512)
def _wta_run(beta, alpha, width):
    from ..networks import simulate_linear_threshold_network

    return simulate_linear_threshold_network(winner_take_all_input(width), alpha=alpha, beta=beta,
                                             tau=_WTA_TAU, duration=_WTA_DURATION, dt=0.5)


def update_winner_take_all(beta, alpha, width=2.0):
    """Draw the steady state and the dynamics of a linear-threshold network with lateral inhibition.

    Twenty units receive a bumpy input (:func:`winner_take_all_input`); each excites itself
    with weight alpha and inhibits every other unit with weight beta.

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
        If alpha >= 1 (explained in the message) or a value is out of range.

    Notes
    -----
    Two active units diverge at the rate (alpha + beta - 1) / tau, so for beta > 1 - alpha
    only one can stay active: a single winner, settling at I_max / (1 - alpha).
    """
    alpha, beta, width = float(alpha), float(beta), float(width)
    if alpha >= 1.0:
        raise ValueError(f"self-excitation alpha = {alpha:.2f} >= 1: a unit's own feedback then outweighs "
                         "its leak, so the winner's activity grows without bound (runaway excitation). "
                         "Choose alpha < 1.")
    if not 0.0 <= alpha:
        raise ValueError(f"self-excitation alpha must be >= 0; got {alpha:g}")
    if not 0.0 <= beta <= 100.0:
        raise ValueError(f"lateral inhibition beta must be in [0, 100]; got {beta:g}")
    result = _wta_run(beta, alpha, width)
    inputs = winner_take_all_input(width)
    final = result.final_rates
    active = result.active(threshold=1e-3 * max(final.max(), 1e-12))
    units = np.arange(_WTA_UNITS)
    fig, (ax_bar, ax_time) = _fixed_layout_figure(ncols=2, width_ratios=[1.2, 1.0], left=0.07, right=0.98,
                                                  bottom=0.15, top=0.91, wspace=0.22)
    colors = [COLORS["highlight"] if k in active else COLORS["excitatory"] for k in units]
    ax_bar.bar(units, final, color=colors, label="steady state")
    ax_bar.plot(units, inputs, "o", color=COLORS["analytic"], markersize=4, label="input")
    ax_bar.set_xlabel("Unit")
    ax_bar.set_ylabel("Activity (a.u.)")
    ax_bar.set_title(f"alpha = {alpha:.2f}, beta = {beta:.2f}", loc="left", **_TITLE)
    ax_bar.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, borderaxespad=0.1, fontsize=9)
    ax_bar.set_xticks(units[::5])
    for k in units:
        ax_time.plot(result.time, result.rates[k], linewidth=1.0,
                     color=COLORS["highlight"] if k in active else COLORS["neutral"])
    ax_time.set_xlabel("Time (ms)")
    ax_time.set_ylabel("Activity (a.u.)")
    ax_time.set_title("Activity over time (orange: active at the end)", **_TITLE)
    critical = 1.0 - alpha
    if beta > critical:
        theory = (f"beta = {beta:.2f} &gt; 1 - alpha = {critical:.2f}: no two units can stay active together, "
                  "a single winner is predicted")
    else:
        theory = (f"beta = {beta:.2f} &le; 1 - alpha = {critical:.2f}: several units can stay active, a graded "
                  "copy of the input")
    n = active.size
    if n == 1:
        outcome = f"<b>1 winner</b> (unit {active[0]}, activity {final[active[0]]:.2f})"
    elif n == 0:
        outcome = "<b>no active unit</b>"
    else:
        outcome = f"<b>{n} winners</b> (units {', '.join(str(k) for k in active)})"
    return _thin_ticks(fig), f"{outcome} after {_WTA_DURATION:.0f} ms. {theory}."


def winner_take_all():
    """Return the winner-take-all demo: sliders for lateral inhibition, self-excitation, input width.

    alpha goes up to 1.2 so learners can see why alpha >= 1 is refused.
    """
    controls = {
        "beta": ipywidgets.FloatSlider(value=0.7, min=0.0, max=1.5, step=0.05, description="beta",
                                       continuous_update=False),
        "alpha": ipywidgets.FloatSlider(value=0.5, min=0.0, max=1.2, step=0.05, description="alpha",
                                        continuous_update=False),
        "width": ipywidgets.FloatSlider(value=2.0, min=0.5, max=6.0, step=0.25, description="width (units)",
                                        continuous_update=False, style={"description_width": "initial"}),
    }
    return Demo(update_winner_take_all, controls, title="Winner-take-all by lateral inhibition")
