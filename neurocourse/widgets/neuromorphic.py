"""Widget demos of chapter 05, neuromorphic computing.

Four demos, each a plain ``update_*`` function returning ``(figure, summary_html)`` and a
builder wrapping it in a :class:`~neurocourse.widgets.Demo`:

* :func:`encoder_explorer` -- rate, latency, delta and sigma-delta codes of one signal: spikes
  and reconstruction against the window.
* :func:`stdp_explorer` -- the STDP window and the weight histograms of a neuron driven by
  many Poisson inputs, over its first 100 s of learning (Song, Miller & Abbott 2000, scaled
  down to 250 inputs).
* :func:`bit_width_explorer` -- a fixed-point LIF neuron against its float ideal.
* :func:`conversion_dashboard` -- the converted digits network: accuracy against time steps
  and energy per inference.

Simulations are cached on the parameters that change them.
"""

from __future__ import annotations

import functools

import ipywidgets
import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator

from .. import neuromorphic as nm
from ..learning.stdp import CompetitiveSTDPParams, STDPParams, simulate_competitive_stdp, stdp_window
from ..plotting import COLORS
from ._base import Demo, new_figure

__all__ = [
    "encoder_explorer",
    "update_encoder_explorer",
    "stdp_explorer",
    "update_stdp_explorer",
    "bit_width_explorer",
    "update_bit_width_explorer",
    "conversion_dashboard",
    "update_conversion_dashboard",
]

_MARGINS = dict(left=0.08, right=0.98, bottom=0.17, top=0.88, wspace=0.3, hspace=0.3)
_TITLE = {"fontsize": 10}


def _figure(ncols=2, figsize=(9.0, 3.2)):
    return new_figure(ncols=ncols, figsize=figsize, margins=_MARGINS)


# ---------------------------------------------------------------------------------------------
# encoder explorer

_SIGNAL_STEPS = 1000  # 1 ms steps


@functools.lru_cache(maxsize=1)
def _signal():
    t = np.arange(_SIGNAL_STEPS)
    return 0.5 + 0.35 * np.sin(2 * np.pi * t / 400.0) + 0.1 * np.sin(2 * np.pi * t / 97.0)


@functools.lru_cache(maxsize=64)
def _encode(scheme, window):
    signal = _signal()
    if scheme == "rate":
        n_trains = 20
        # the rule of encode_rate with a value per step: p = x * 100 Hz * 1 ms / 1000
        rng = np.random.default_rng(0)
        spikes = rng.random((n_trains, _SIGNAL_STEPS)) < signal[None, :] * 0.1
        counts = spikes.sum(axis=0).astype(float)
        rebuilt = np.convolve(counts, np.ones(window) / window, mode="same") / (n_trains * 0.1)
        rows, cols = np.nonzero(spikes)
        return rows, cols, rebuilt, int(spikes.sum())
    if scheme == "latency":
        n_windows = _SIGNAL_STEPS // window
        values = signal[: n_windows * window].reshape(n_windows, window).mean(axis=1)
        spikes = nm.encode_latency(values, duration=float(window), dt=1.0)
        rebuilt = np.repeat(nm.decode_latency(spikes), window)
        tail = rebuilt[-1] if rebuilt.size else 0.0
        rebuilt = np.concatenate([rebuilt, np.full(_SIGNAL_STEPS - rebuilt.size, tail)])
        k, step = np.nonzero(spikes)
        return np.zeros_like(k), k * window + step, rebuilt, int(spikes.sum())
    if scheme == "delta":
        threshold = window / 1000.0  # the slider sets the step of the code: 0.005 .. 0.2
        events = nm.encode_delta(signal, threshold=threshold)
        rebuilt = nm.decode_delta(events, threshold=threshold, initial=signal[0])
    else:
        events = nm.encode_sigma_delta(signal, threshold=1.0)
        rebuilt = nm.decode_sigma_delta(events, threshold=1.0, window=window)
    cols = np.repeat(np.arange(_SIGNAL_STEPS), np.abs(events))
    rows = np.where(np.repeat(events, np.abs(events)) > 0, 0, 1)
    return rows, cols, rebuilt, int(np.abs(events).sum())


def update_encoder_explorer(scheme, window):
    """Draw one code of a slow signal: its spikes (left) and the reconstruction (right).

    Parameters
    ----------
    scheme : {"rate", "latency", "delta", "sigma-delta"}
        The code.
    window : int
        Decoding window [ms] (rate and sigma-delta: moving average; latency: one spike per
        window; delta: the step of the code is window / 1000).
    """
    scheme = str(scheme)
    if scheme not in ("rate", "latency", "delta", "sigma-delta"):
        raise ValueError(f"scheme must be rate, latency, delta or sigma-delta; got {scheme!r}")
    window = int(window)
    if window < 1:
        raise ValueError(f"window must be at least 1 ms; got {window}")
    rows, cols, rebuilt, n_spikes = _encode(scheme, window)
    signal = _signal()
    fig, (ax_spikes, ax_rec) = _figure()
    ax_spikes.plot(cols, rows, "|", color=COLORS["excitatory"], markersize=5)
    ax_spikes.set(
        xlabel="Time (ms)",
        ylabel="train" if scheme in ("rate", "latency") else "up (0) / down (1)",
        xlim=(0, _SIGNAL_STEPS),
    )
    ax_spikes.set_title(f"{scheme} code: {n_spikes} events", **_TITLE)
    t = np.arange(_SIGNAL_STEPS)
    ax_rec.plot(t, signal, color=COLORS["analytic"], lw=1.0, label="signal")
    ax_rec.plot(t, rebuilt, color=COLORS["inhibitory"], lw=1.2, label="decoded")
    ax_rec.set(xlabel="Time (ms)", ylabel="value", ylim=(-0.2, 1.3))
    ax_rec.legend(loc="upper right", ncol=2)
    rms = float(np.sqrt(np.mean((rebuilt - signal) ** 2)))
    ax_rec.set_title(f"RMS error {rms:.3f}", **_TITLE)
    summary = (
        f"<b>{scheme}</b>, window {window} ms: {n_spikes} events for 1 s of signal, "
        f"reconstruction RMS error <b>{rms:.3f}</b>. Longer windows average out noise but react later."
    )
    return fig, summary


def encoder_explorer():
    """Return the encoder explorer: the scheme and the decoding window."""
    controls = {
        "scheme": ipywidgets.Dropdown(
            options=["rate", "latency", "delta", "sigma-delta"], value="rate", description="scheme"
        ),
        "window": ipywidgets.IntSlider(
            value=50,
            min=5,
            max=200,
            step=5,
            description="window (ms)",
            continuous_update=False,
            style={"description_width": "initial"},
        ),
    }
    return Demo(update_encoder_explorer, controls, title="Spike codes: events against reconstruction")


# ---------------------------------------------------------------------------------------------
# STDP explorer

#: The explorer's neuron: Song et al.'s, scaled down so that a run takes tens of milliseconds
#: (the lecture's 1000 inputs over 1000 s take a second or two): a quarter of the inputs, each
#: four times stronger (the same largest total drive, 250 x 0.06 = 1000 x 0.015), learning for
#: the first 100 s at dt = 0.5 ms (simulate_competitive_stdp's learning does not depend on dt).
_STDP_INPUTS = 250
_STDP_G_MAX = 0.015 * 1000 / _STDP_INPUTS
_STDP_SECONDS = 100
_STDP_DT = 0.5
_STDP_SEED = 5


def _stdp_initial_weights():
    return np.random.default_rng(_STDP_SEED).uniform(0.0, 1.0, _STDP_INPUTS)


@functools.lru_cache(maxsize=128)
def _stdp_run(a_plus, a_minus_ratio, tau_plus, tau_minus, input_rate):
    """The learning run: every control changes it (cached on all five)."""
    params = CompetitiveSTDPParams(
        n_excitatory=_STDP_INPUTS,
        g_max=_STDP_G_MAX,
        a_plus=a_plus,
        a_minus_ratio=a_minus_ratio,
        tau_plus=tau_plus,
        tau_minus=tau_minus,
    )
    return simulate_competitive_stdp(
        params,
        input_rate=input_rate,
        duration=_STDP_SECONDS * 1000.0,
        dt=_STDP_DT,
        w_init=_stdp_initial_weights(),
        n_snapshots=2,
        rng=_STDP_SEED,
    )


@functools.lru_cache(maxsize=32)
def _stdp_rate_before(input_rate):
    """Output rate [Hz] of the initial weights, frozen (only the input rate changes it)."""
    params = CompetitiveSTDPParams(n_excitatory=_STDP_INPUTS, g_max=_STDP_G_MAX)
    return simulate_competitive_stdp(
        params,
        input_rate=input_rate,
        duration=10_000.0,
        dt=_STDP_DT,
        w_init=_stdp_initial_weights(),
        plastic=False,
        rng=_STDP_SEED + 1,
    ).output_rate()


def _stairs(ax, values, *, bins, color, lw=1.5, label=None):
    counts, edges = np.histogram(values, bins=bins)
    ax.stairs(counts, edges, color=color, lw=lw, label=label)


def update_stdp_explorer(a_plus, a_minus_ratio, tau_plus, tau_minus, input_rate):
    """Draw the STDP window (left) and the weight histograms over the first 100 s of learning (right).

    The neuron is Song et al.'s (2000) scaled down: 250 excitatory inputs of g_max = 0.06 instead
    of 1000 of 0.015 (see the summary text).

    Parameters
    ----------
    a_plus : float
        Potentiation per pair (fraction of g_max).
    a_minus_ratio : float
        A- / A+.
    tau_plus, tau_minus : float
        Time constants [ms].
    input_rate : float
        Rate of the 250 excitatory inputs [Hz].
    """
    a_plus, a_minus_ratio = float(a_plus), float(a_minus_ratio)
    tau_plus, tau_minus, input_rate = float(tau_plus), float(tau_minus), float(input_rate)
    run = _stdp_run(a_plus, a_minus_ratio, tau_plus, tau_minus, input_rate)
    before = _stdp_rate_before(input_rate)
    fig, (ax_w, ax_h) = _figure()
    dts = np.linspace(-100, 100, 201)
    window = stdp_window(
        dts, STDPParams(a_plus=a_plus, a_minus=a_plus * a_minus_ratio, tau_plus=tau_plus, tau_minus=tau_minus)
    )
    ax_w.axhline(0, color=COLORS["neutral"], lw=0.8)
    ax_w.plot(dts, 1000 * window, color=COLORS["excitatory"])
    ax_w.set(xlabel="t_post - t_pre (ms)", ylabel="weight change x 1000", xticks=[-100, -50, 0, 50, 100])
    ax_w.yaxis.set_major_locator(MaxNLocator(4))  # few ticks: every tick label costs render time
    area = a_plus * (tau_plus - a_minus_ratio * tau_minus)
    ax_w.set_title(f"window area {area:+.4f} ms", **_TITLE)
    bins = np.linspace(0, 1, 21)
    half = _STDP_SECONDS // 2
    for weights, colour, label in (
        (run.weight_history[0], COLORS["neutral"], "0 s"),
        (run.weight_history[1], COLORS["sky"], f"{half} s"),
        (run.weights, COLORS["inhibitory"], f"{_STDP_SECONDS} s"),
    ):
        _stairs(ax_h, weights, bins=bins, color=colour, lw=1.8 if label != "0 s" else 1.5, label=label)
    ax_h.set(xlabel="w / g_max", ylabel="synapses", xticks=[0, 0.5, 1])
    ax_h.yaxis.set_major_locator(MaxNLocator(4, integer=True))
    ax_h.legend(loc="upper center", ncol=3, fontsize=8)
    after = run.output_rate(0.8 * run.duration)
    ax_h.set_title(f"first {_STDP_SECONDS} s of learning: output {before:.0f} -> {after:.0f} Hz", **_TITLE)
    high = float(np.mean(run.weights > 0.8))
    low = float(np.mean(run.weights < 0.2))
    summary = (
        f"After {_STDP_SECONDS} s: <b>{low:.0%}</b> of the synapses below 0.2 g_max and <b>{high:.0%}</b> "
        f"above 0.8 g_max; output <b>{before:.1f} Hz</b> with the initial weights, <b>{after:.1f} Hz</b> "
        f"over the last {_STDP_SECONDS // 5} s. A negative window area (depression wins) makes the inputs "
        f"compete; a positive one drives every weight to the top. To answer in tens of milliseconds "
        f"this is Song et al.'s neuron scaled down: {_STDP_INPUTS} inputs of g_max = {_STDP_G_MAX:g} "
        f"instead of 1000 of 0.015 (the same largest total drive), the first {_STDP_SECONDS} s of "
        f"learning, and A+ = 0.01 by default, twice theirs (with 0.005 their neuron needs about 1000 s, "
        f"as in the lecture). Each of the fewer, stronger inputs sways the output more, so this neuron "
        f"settles at a higher rate than the lecture's."
    )
    return fig, summary


def stdp_explorer():
    """Return the STDP explorer: amplitudes, time constants and input rate."""
    style = {"description_width": "initial"}
    controls = {
        "a_plus": ipywidgets.FloatSlider(
            value=0.01,
            min=0.0025,
            max=0.04,
            step=0.0025,
            description="A+ (–)",
            continuous_update=False,
            readout_format=".4f",
        ),
        "a_minus_ratio": ipywidgets.FloatSlider(
            value=1.05, min=0.8, max=1.4, step=0.05, description="A-/A+ (–)", continuous_update=False
        ),
        "tau_plus": ipywidgets.FloatSlider(
            value=20.0,
            min=5.0,
            max=40.0,
            step=1.0,
            description="tau+ (ms)",
            continuous_update=False,
            style=style,
        ),
        "tau_minus": ipywidgets.FloatSlider(
            value=20.0,
            min=5.0,
            max=60.0,
            step=1.0,
            description="tau- (ms)",
            continuous_update=False,
            style=style,
        ),
        "input_rate": ipywidgets.FloatSlider(
            value=20.0,
            min=10.0,
            max=40.0,
            step=5.0,
            description="input rate (Hz)",
            continuous_update=False,
            style=style,
        ),
    }
    return Demo(update_stdp_explorer, controls, title="STDP: the window and the weights it makes")


# ---------------------------------------------------------------------------------------------
# bit-width explorer

_BIT_STEPS = 400


@functools.lru_cache(maxsize=1)
def _bit_input():
    rng = np.random.default_rng(3)
    return (rng.random(_BIT_STEPS) < 0.3) * rng.integers(20, 80, _BIT_STEPS)


@functools.lru_cache(maxsize=256)
def _bit_run(decay_bits, state_bits, tau_u, tau_v):
    shift = max(0, min(6, state_bits - 18))
    params = nm.FixedPointLIFParams(
        du=nm.decay_constant(tau_u, bits=decay_bits),
        dv=nm.decay_constant(tau_v, bits=decay_bits),
        decay_bits=decay_bits,
        state_bits=state_bits,
        weight_shift=shift,
        threshold_shift=0,
        v_threshold=min(2 ** (state_bits - 1) - 1, 40_000 << shift >> 6),
    )
    inputs = _bit_input()
    fixed = nm.simulate_fixed_point_lif(params, inputs, duration=_BIT_STEPS)
    ideal = nm.simulate_float_lif(params, inputs, duration=_BIT_STEPS, tau_u=tau_u, tau_v=tau_v)
    return params, fixed, ideal


def update_bit_width_explorer(decay_bits, state_bits, tau_v):
    """Draw the fixed-point voltage against its float ideal (left) and their difference (right).

    Parameters
    ----------
    decay_bits : int
        Bits of the decay constants (Loihi: 12).
    state_bits : int
        Bits of the states (Loihi: 24).
    tau_v : float
        Membrane time constant [ms] (one step = 1 ms; the current decays with 5 ms).
    """
    params, fixed, ideal = _bit_run(int(decay_bits), int(state_bits), 5.0, float(tau_v))
    scale = float(params.threshold_value)
    fig, (ax_v, ax_d) = _figure()
    t = np.arange(_BIT_STEPS)
    ax_v.plot(t, ideal.voltage[0] / scale, color=COLORS["analytic"], lw=1.0, label="float, exact decay")
    ax_v.plot(t, fixed.voltage[0] / scale, color=COLORS["inhibitory"], lw=1.0, label="fixed point")
    ax_v.set(xlabel="Time step (ms)", ylabel="v / threshold", ylim=(-0.1, 1.15))
    ax_v.legend(loc="lower right", fontsize=8)
    effective = (
        -1.0 / np.log(1.0 - params.dv / 2**params.decay_bits)
        if 0 < params.dv < 2**decay_bits
        else float("inf")
        if params.dv == 0
        else 0.0
    )
    ax_v.set_title(f"dv = {params.dv} / 2^{decay_bits}: tau_v = {effective:.2f} ms", **_TITLE)
    diff = (fixed.voltage[0] - ideal.voltage[0]) / scale
    ax_d.plot(t, diff, color=COLORS["excitatory"])
    ax_d.set(xlabel="Time step (ms)", ylabel="difference / threshold")
    n_fixed, n_ideal = int(fixed.spikes.sum()), int(ideal.spikes.sum())
    ax_d.set_title(f"spikes: fixed {n_fixed}, float {n_ideal}", **_TITLE)
    rms = float(np.sqrt(np.mean(diff**2)))
    summary = (
        f"{decay_bits}-bit decays, {state_bits}-bit states: tau_v = {tau_v:g} ms becomes "
        f"<b>{effective:.2f} ms</b>; RMS divergence {rms:.3g} of the threshold, {n_fixed} spikes against "
        f"{n_ideal}."
    )
    return fig, summary


def bit_width_explorer():
    """Return the bit-width explorer: decay bits, state bits, membrane time constant."""
    style = {"description_width": "initial"}
    controls = {
        "decay_bits": ipywidgets.IntSlider(
            value=12, min=3, max=16, description="decay (bits)", continuous_update=False, style=style
        ),
        "state_bits": ipywidgets.IntSlider(
            value=24, min=16, max=32, description="state (bits)", continuous_update=False, style=style
        ),
        "tau_v": ipywidgets.FloatSlider(
            value=20.0,
            min=2.0,
            max=100.0,
            step=1.0,
            description="tau_v (ms)",
            continuous_update=False,
            style=style,
        ),
    }
    return Demo(update_bit_width_explorer, controls, title="Fixed point against float")


# ---------------------------------------------------------------------------------------------
# conversion dashboard

_T_MAX = 400
_CHECKPOINTS = tuple(range(10, _T_MAX + 1, 10))


@functools.lru_cache(maxsize=8)
def _conversion_run(reset, normalization):
    task = nm.digits_task()
    method, percentile = {
        "percentile 99.9": ("percentile", 99.9),
        "max": ("max", 100.0),
        "none": ("none", 100.0),
    }[normalization]
    snn = nm.convert_to_snn(task.mlp, task.x_train, method=method, percentile=percentile)
    result = nm.simulate_converted_snn(
        snn, task.x_test, n_steps=_T_MAX, reset=reset, checkpoints=_CHECKPOINTS
    )
    return task, result, result.accuracy(task.y_test), _ann_accuracy()


@functools.lru_cache(maxsize=1)
def _ann_accuracy():
    return nm.digits_task().ann_accuracy


@functools.lru_cache(maxsize=1024)
def _conversion_energy(reset, normalization, n_steps):
    task, result, _, _ = _conversion_run(reset, normalization)
    # counts scale with time: read the run's rates and scale them to n_steps
    fraction = n_steps / _T_MAX
    snn = nm.snn_energy(
        synaptic_ops=result.synaptic_ops * fraction,
        active_updates=result.active_updates * fraction,
        inactive_updates=result.inactive_updates * fraction,
        input_macs=result.input_macs,
    )
    ann = nm.ann_energy(macs=nm.mlp_macs(task.mlp))
    return snn, ann


def update_conversion_dashboard(n_steps, reset, normalization):
    """Draw the converted network's accuracy against time steps (left) and energy per inference (right).

    Parameters
    ----------
    n_steps : int
        Time steps T of one inference, 10 .. 400 in steps of 10.
    reset : {"subtract", "zero"}
    normalization : {"percentile 99.9", "max", "none"}
    """
    n_steps = int(n_steps)
    if n_steps not in _CHECKPOINTS:
        raise ValueError(f"time steps must be a multiple of 10 between 10 and {_T_MAX}; got {n_steps}")
    task, result, accuracy, ann = _conversion_run(str(reset), str(normalization))
    fig, (ax_a, ax_e) = _figure()
    ax_a.plot(result.checkpoints, 100 * accuracy, color=COLORS["excitatory"], label="SNN")
    ax_a.axhline(100 * ann, color=COLORS["analytic"], ls="--", lw=1.0, label="ANN")
    ax_a.axvline(n_steps, color=COLORS["highlight"], lw=1.0)
    ax_a.set(xlabel="Time steps T", ylabel="test accuracy (%)", ylim=(0, 100))
    ax_a.legend(loc="lower right")
    k = _CHECKPOINTS.index(n_steps)
    ax_a.set_title(f"T = {n_steps}: {100 * accuracy[k]:.1f} % (ANN {100 * ann:.1f} %)", **_TITLE)
    snn_e, ann_e = _conversion_energy(str(reset), str(normalization), n_steps)
    labels = ["SNN\n(Loihi, pre-silicon)", "ANN\n(fp32 MACs, 45 nm)"]
    ax_e.bar(labels, [snn_e.total / 1e3, ann_e.total / 1e3], color=[COLORS["excitatory"], COLORS["neutral"]])
    ax_e.set_yscale("log")
    ax_e.yaxis.set_minor_locator(NullLocator())
    ax_e.set(ylabel="energy per inference (nJ)")
    ax_e.set_title(f"SNN / ANN = {snn_e.total / ann_e.total:.0f}x", **_TITLE)
    summary = (
        f"Reset <b>{reset}</b>, normalisation <b>{normalization}</b>, T = {n_steps}: accuracy "
        f"<b>{100 * accuracy[k]:.1f} %</b> (ANN {100 * ann:.1f} %); energy {snn_e.total / 1e3:.0f} nJ "
        f"per inference against {ann_e.total / 1e3:.1f} nJ for the ANN's arithmetic alone."
    )
    return fig, summary


def conversion_dashboard():
    """Return the conversion dashboard: time steps, reset mode, normalisation.

    The six runs its two menus choose between (400 steps on the test split, a few hundred
    milliseconds together) are made here, so no menu choice waits for a simulation.
    """
    for reset in ("subtract", "zero"):
        for normalization in ("percentile 99.9", "max", "none"):
            _conversion_run(reset, normalization)
    controls = {
        "n_steps": ipywidgets.IntSlider(
            value=100, min=10, max=_T_MAX, step=10, description="T (steps)", continuous_update=False
        ),
        "reset": ipywidgets.Dropdown(options=["subtract", "zero"], value="subtract", description="reset"),
        "normalization": ipywidgets.Dropdown(
            options=["percentile 99.9", "max", "none"], value="percentile 99.9", description="normalise"
        ),
    }
    return Demo(update_conversion_dashboard, controls, title="ANN-to-SNN conversion: accuracy and energy")
