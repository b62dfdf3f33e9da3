"""Neuromorphic computing: spike codes, event-driven simulation, fixed-point neurons,
ANN-to-SNN conversion and energy accounting.

Five parts, each small and tested against a closed form or a published result:

* **Spike codes.** :func:`encode_rate` (Bernoulli/Poisson rate code) and
  :func:`decode_rate`, with the standard error :func:`rate_code_error` falling as
  1/sqrt(window); :func:`encode_latency` / :func:`decode_latency` (time to first spike);
  :func:`encode_delta` / :func:`decode_delta` (send-on-delta events) and
  :func:`encode_sigma_delta` / :func:`decode_sigma_delta` (first-order sigma-delta).
* **Event-driven against clock-driven simulation.** :func:`simulate_event_network` runs the
  same delta-synapse LIF network either way and counts synaptic operations and neuron updates.
* **A fixed-point LIF neuron** in the style of Loihi's CUBA LIF: :class:`FixedPointLIFParams`,
  the documented integer step :func:`fixed_point_lif_step`, its plain-Python reference
  :func:`fixed_point_lif_reference`, the compiled :func:`simulate_fixed_point_lif` (bit for
  bit equal), its float twin :func:`simulate_float_lif` and :func:`decay_constant`.
* **ANN-to-SNN conversion.** :func:`train_mlp` (a ReLU MLP in numpy), :func:`convert_to_snn`
  with data-based weight normalisation (max: Diehl et al. 2015; robust percentile: Rueckauer
  et al. 2017) and :func:`simulate_converted_snn` (integrate-and-fire, reset by subtraction
  or to zero) with accuracy against time steps.
* **Energy.** :data:`LOIHI_COSTS` and :data:`HOROWITZ_45NM_COSTS` and :func:`snn_energy`,
  :func:`ann_energy` turning operation counts into picojoules.

Units: time in ms, rates in Hz, energy in pJ; fixed-point states are integers.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numba
import numpy as np

from ._params import set_checked
from ._results import SimulationResult, SpikingResult
from ._validation import (
    as_generator,
    check_array,
    check_choice,
    check_int,
    check_memory,
    check_nonnegative,
    check_positive,
    check_scalar,
)
from .networks import Connectivity, LIFNetworkParams

__all__ = [
    # spike codes
    "encode_rate",
    "decode_rate",
    "rate_code_error",
    "encode_latency",
    "decode_latency",
    "encode_delta",
    "decode_delta",
    "encode_sigma_delta",
    "decode_sigma_delta",
    # event-driven vs clock-driven
    "EventNetworkResult",
    "simulate_event_network",
    # fixed point
    "FixedPointLIFParams",
    "FixedPointLIFResult",
    "decay_constant",
    "fixed_point_lif_step",
    "fixed_point_lif_reference",
    "simulate_fixed_point_lif",
    "simulate_float_lif",
    # conversion
    "MLP",
    "train_mlp",
    "DigitsTask",
    "digits_task",
    "mlp_activations",
    "mlp_predict",
    "mlp_macs",
    "ConvertedSNN",
    "ConversionResult",
    "normalization_scales",
    "convert_to_snn",
    "simulate_converted_snn",
    # energy
    "EnergyCosts",
    "EnergyReport",
    "LOIHI_COSTS",
    "HOROWITZ_45NM_COSTS",
    "snn_energy",
    "ann_energy",
]


# =========================================================================== spike codes


def _check_values01(values, name="values"):
    return check_array(name, values, ndim=(0, 1, 2), low=0.0, high=1.0)


def encode_rate(values, *, duration, dt=1.0, max_rate=100.0, rng=None):
    """Encode values in [0, 1] as Bernoulli spike trains (the discrete-time Poisson rate code).

    In each step of ``dt`` a spike occurs with probability ``p = value * max_rate * dt / 1000``,
    independently of every other step and value.

    Parameters
    ----------
    values : float or array_like, shape (n_values,) or (n_samples, n_values)
        Intensities in [0, 1].
    duration : float
        Length of the spike train [ms], > 0.
    dt : float
        Time step [ms], > 0, with ``max_rate * dt / 1000 <= 1``.
    max_rate : float
        Rate [Hz] of a value 1, > 0.
    rng : None, int or numpy.random.Generator
        Source of randomness.

    Returns
    -------
    spikes : ndarray of bool, shape ``values.shape + (n_steps,)``
        ``spikes[..., t]`` is True when a spike occurs in step t (time last).

    Raises
    ------
    ValueError
        If a value is outside [0, 1], ``duration``/``dt``/``max_rate`` is not positive, or a
        step could hold more than one spike (``max_rate * dt > 1000``).
    """
    rng = as_generator(rng)
    values = _check_values01(values)
    dt = check_positive("dt", dt, unit="ms")
    max_rate = check_positive("max_rate", max_rate, unit="Hz")
    duration = check_positive("duration", duration, unit="ms")
    if max_rate * dt > 1000.0:
        raise ValueError(
            f"max_rate [Hz] * dt [ms] must be <= 1000 (at most one spike per step); "
            f"got {max_rate:g} Hz * {dt:g} ms"
        )
    n_steps = max(1, int(round(duration / dt)))
    check_memory(
        f"spike trains of {values.size} values x {n_steps} steps",
        values.size * n_steps,
        reduce="encode fewer values or a shorter duration",
    )
    p = values * (max_rate * dt / 1000.0)
    return rng.random(values.shape + (n_steps,)) < p[..., None]


def decode_rate(spikes, *, dt=1.0, max_rate=100.0):
    """Decode rate-coded spike trains: spike count / window, divided by ``max_rate``.

    Parameters
    ----------
    spikes : array_like of bool or int, shape (..., n_steps)
        Spikes (or counts) per step, time last.
    dt : float
        Time step [ms], > 0.
    max_rate : float
        Rate [Hz] that stands for the value 1, > 0.

    Returns
    -------
    values : ndarray, shape ``spikes.shape[:-1]``
        Estimated intensities (not clipped: a noisy estimate may exceed 1).
    """
    spikes = check_array("spikes", spikes, ndim=(1, 2, 3), low=0.0)
    dt = check_positive("dt", dt, unit="ms")
    max_rate = check_positive("max_rate", max_rate, unit="Hz")
    window = spikes.shape[-1] * dt
    return spikes.sum(axis=-1) * (1000.0 / window) / max_rate


def rate_code_error(value, window, *, dt=1.0, max_rate=100.0):
    """Return the standard error of :func:`decode_rate` for one value and window (closed form).

    The count in ``n = window / dt`` Bernoulli steps with probability ``p`` has variance
    ``n p (1 - p)``, so the decoded value has standard deviation

    .. math:: \\sigma = \\frac{1000}{r_{max}\\,T}\\sqrt{n p (1-p)}
              = \\sqrt{\\frac{1000\\, x (1 - p)}{r_{max} T}} \\propto T^{-1/2}.

    Parameters
    ----------
    value : float or array_like
        Intensity x in [0, 1].
    window : float or array_like
        Decoding window T [ms], > 0 (a whole number of steps).
    dt, max_rate : float
        As in :func:`encode_rate`.

    Returns
    -------
    ndarray or float
        Standard deviation of the decoded value (in units of the value).
    """
    value = _check_values01(value, "value")
    window = check_array("window", window, unit="ms", ndim=(0, 1), low=0.0, low_inclusive=False)
    dt = check_positive("dt", dt, unit="ms")
    max_rate = check_positive("max_rate", max_rate, unit="Hz")
    p = value * max_rate * dt / 1000.0
    result = np.sqrt(1000.0 * value * (1.0 - p) / (max_rate * window))
    return float(result) if result.ndim == 0 else result


def encode_latency(values, *, duration, dt=1.0, threshold=0.01):
    """Encode values in [0, 1] by the time of a single spike: the larger, the earlier.

    A value x >= ``threshold`` spikes once, in step ``round((1 - x) * (n_steps - 1))``
    (x = 1 at step 0, x = threshold near the end); smaller values never spike.

    Parameters
    ----------
    values : float or array_like
        Intensities in [0, 1].
    duration : float
        Window [ms], > 0.
    dt : float
        Time step [ms], > 0.
    threshold : float
        Smallest value that spikes, in (0, 1].

    Returns
    -------
    spikes : ndarray of bool, shape ``values.shape + (n_steps,)``
    """
    values = _check_values01(values)
    dt = check_positive("dt", dt, unit="ms")
    duration = check_positive("duration", duration, unit="ms")
    threshold = check_scalar("threshold", threshold, low=0.0, high=1.0, low_inclusive=False)
    n_steps = max(1, int(round(duration / dt)))
    check_memory(
        f"spike trains of {values.size} values x {n_steps} steps",
        values.size * n_steps,
        reduce="encode fewer values or a shorter duration",
    )
    spikes = np.zeros(values.shape + (n_steps,), dtype=bool)
    step = np.rint((1.0 - values) * (n_steps - 1)).astype(np.int64)
    fire = values >= threshold
    index = np.nonzero(fire)
    spikes[index + (step[fire],)] = True
    return spikes


def decode_latency(spikes):
    """Decode latency-coded spikes: ``1 - first_step / (n_steps - 1)``; 0 without a spike.

    Parameters
    ----------
    spikes : array_like of bool, shape (..., n_steps)

    Returns
    -------
    values : ndarray, shape ``spikes.shape[:-1]``
    """
    spikes = check_array("spikes", spikes, ndim=(1, 2, 3), low=0.0) > 0
    n_steps = spikes.shape[-1]
    fired = spikes.any(axis=-1)
    first = np.argmax(spikes, axis=-1)
    scale = max(n_steps - 1, 1)
    return np.where(fired, 1.0 - first / scale, 0.0)


def encode_delta(signal, *, threshold):
    """Send-on-delta: emit +1 (or -1) whenever the signal has risen (fallen) by ``threshold``.

    The encoder keeps the reconstruction ``r`` the receiver holds; at each sample it emits
    as many events as needed to bring ``|x - r| < threshold``, so the reconstruction error
    stays below ``threshold`` and the events count the signal's changes, not its level.

    Parameters
    ----------
    signal : array_like, shape (n_steps,)
        Samples (any unit); the first sample is sent as the starting level.
    threshold : float
        Step of the code, > 0 (same unit as ``signal``).

    Returns
    -------
    events : ndarray of int64, shape (n_steps,)
        Net number of up (positive) or down (negative) events in each step; ``events[0]`` is 0.
    """
    signal = check_array("signal", signal, ndim=1, min_size=1)
    threshold = check_positive("threshold", threshold)
    return _delta_kernel(signal, threshold)


@numba.njit(cache=True)
def _delta_kernel(signal, threshold):
    events = np.zeros(signal.size, dtype=np.int64)
    reference = signal[0]
    for t in range(1, signal.size):
        k = 0
        while signal[t] - reference >= threshold:
            reference += threshold
            k += 1
        while reference - signal[t] >= threshold:
            reference -= threshold
            k -= 1
        events[t] = k
    return events


def decode_delta(events, *, threshold, initial=0.0):
    """Reconstruct a send-on-delta signal: ``initial + threshold * cumsum(events)``."""
    events = check_array("events", events, ndim=1, dtype=np.int64)
    threshold = check_positive("threshold", threshold)
    initial = check_scalar("initial", initial)
    return initial + threshold * np.cumsum(events)


def encode_sigma_delta(signal, *, threshold):
    """First-order sigma-delta code: integrate the signal, emit an event per ``threshold``.

    The integrator accumulates ``signal[t]`` each step and fires +1 (-1) whenever it reaches
    ``+threshold`` (``-threshold``), keeping the remainder. The *mean* event rate follows the
    signal level (unlike send-on-delta, which follows its changes); quantisation error is
    pushed to high frequencies, so a moving average over a window removes it.

    Parameters
    ----------
    signal : array_like, shape (n_steps,)
        Samples (any unit).
    threshold : float
        Charge per event, > 0 (same unit as ``signal``).

    Returns
    -------
    events : ndarray of int64, shape (n_steps,)
    """
    signal = check_array("signal", signal, ndim=1, min_size=1)
    threshold = check_positive("threshold", threshold)
    return _sigma_delta_kernel(signal, threshold)


@numba.njit(cache=True)
def _sigma_delta_kernel(signal, threshold):
    events = np.zeros(signal.size, dtype=np.int64)
    accumulator = 0.0
    for t in range(signal.size):
        accumulator += signal[t]
        k = 0
        while accumulator >= threshold:
            accumulator -= threshold
            k += 1
        while accumulator <= -threshold:
            accumulator += threshold
            k -= 1
        events[t] = k
    return events


def decode_sigma_delta(events, *, threshold, window=1):
    """Reconstruct a sigma-delta signal: events times ``threshold``, averaged over ``window`` steps.

    Parameters
    ----------
    events : array_like of int, shape (n_steps,)
    threshold : float
        Charge per event, > 0.
    window : int
        Length of the causal moving average [steps], >= 1 (1: no smoothing).
    """
    events = check_array("events", events, ndim=1, dtype=np.int64)
    threshold = check_positive("threshold", threshold)
    window = check_int("window", window, low=1)
    values = threshold * events.astype(float)
    if window == 1:
        return values
    cumulative = np.concatenate(([0.0], np.cumsum(values)))
    n = np.arange(1, values.size + 1)
    lo = np.maximum(n - window, 0)
    return (cumulative[n] - cumulative[lo]) / (n - lo)


# =========================================================================== event vs clock


@dataclass(frozen=True, kw_only=True, eq=False)
class EventNetworkResult(SpikingResult):
    """Spikes and operation counts of :func:`simulate_event_network`.

    Attributes
    ----------
    method : str
        ``"event"`` or ``"clock"``.
    final_voltage : ndarray, shape (n_neurons,)
        Membrane potential [mV] of every neuron after the last step (brought up to date).
    synaptic_ops : int
        Synaptic events delivered (one per synapse of a spiking source, refractory targets
        included: the hardware reads the synapse before it knows).
    neuron_updates : int
        Neuron state updates: ``n_neurons * n_steps`` clock-driven; the (neuron, step) pairs
        that received at least one event event-driven.
    active_updates : int
        (neuron, step) pairs that received at least one event (the same in both methods).
    """

    method: str
    final_voltage: np.ndarray
    synaptic_ops: int
    neuron_updates: int
    active_updates: int

    @property
    def inactive_updates(self) -> int:
        """Neuron updates without input: ``neuron_updates - active_updates``."""
        return int(self.neuron_updates - self.active_updates)


@numba.njit(cache=True)
def _clock_network_kernel(
    indptr,
    indices,
    weights,
    input_steps,
    input_sources,
    input_ptr,
    n_inputs,
    n_neurons,
    n_steps,
    decay,
    e_leak,
    theta,
    v_reset,
    n_ref,
    v,
    spike_neuron,
    spike_step,
):
    last_spike = np.full(n_neurons, -(n_ref + 1), dtype=np.int64)
    touched = np.full(n_neurons, -1, dtype=np.int64)
    emitted = np.empty(n_neurons, dtype=np.int64)
    n_emitted = 0
    n_out = 0
    syn_ops = 0
    active = 0
    for t in range(n_steps):
        if t > 0:
            for j in range(n_neurons):
                if t > last_spike[j] + n_ref:
                    v[j] = e_leak + (v[j] - e_leak) * decay
        # inputs of step t, then network spikes of step t - 1
        for q in range(input_ptr[t], input_ptr[t + 1]):
            src = input_sources[q]
            for s in range(indptr[src], indptr[src + 1]):
                j = indices[s]
                syn_ops += 1
                if touched[j] != t:
                    touched[j] = t
                    active += 1
                if t > last_spike[j] + n_ref:
                    v[j] += weights[s]
        for q in range(n_emitted):
            src = n_inputs + emitted[q]
            for s in range(indptr[src], indptr[src + 1]):
                j = indices[s]
                syn_ops += 1
                if touched[j] != t:
                    touched[j] = t
                    active += 1
                if t > last_spike[j] + n_ref:
                    v[j] += weights[s]
        n_emitted = 0
        for j in range(n_neurons):
            if t > last_spike[j] + n_ref and v[j] >= theta:
                v[j] = v_reset
                last_spike[j] = t
                emitted[n_emitted] = j
                n_emitted += 1
                if n_out < spike_neuron.size:
                    spike_neuron[n_out] = j
                    spike_step[n_out] = t
                n_out += 1
    return n_out, syn_ops, active


@numba.njit(cache=True)
def _event_network_kernel(
    indptr,
    indices,
    weights,
    input_steps,
    input_sources,
    input_ptr,
    n_inputs,
    n_neurons,
    n_steps,
    decay,
    e_leak,
    theta,
    v_reset,
    n_ref,
    v,
    spike_neuron,
    spike_step,
):
    last_spike = np.full(n_neurons, -(n_ref + 1), dtype=np.int64)
    last_update = np.zeros(n_neurons, dtype=np.int64)
    touched = np.full(n_neurons, -1, dtype=np.int64)
    touched_list = np.empty(n_neurons, dtype=np.int64)
    emitted = np.empty(n_neurons, dtype=np.int64)
    n_emitted = 0
    n_out = 0
    syn_ops = 0
    active = 0
    for t in range(n_steps):
        n_touched = 0
        for phase in range(2):
            lo = input_ptr[t] if phase == 0 else 0
            hi = input_ptr[t + 1] if phase == 0 else n_emitted
            for q in range(lo, hi):
                src = input_sources[q] if phase == 0 else n_inputs + emitted[q]
                for s in range(indptr[src], indptr[src + 1]):
                    j = indices[s]
                    syn_ops += 1
                    if touched[j] != t:
                        touched[j] = t
                        touched_list[n_touched] = j
                        n_touched += 1
                        active += 1
                        # bring the neuron up to date: exact decay over the steps since its last update
                        anchor = max(last_update[j], last_spike[j] + n_ref)
                        if t > anchor:
                            v[j] = e_leak + (v[j] - e_leak) * decay ** (t - anchor)
                        last_update[j] = t
                    if t > last_spike[j] + n_ref:
                        v[j] += weights[s]
        n_emitted = 0
        for k in range(n_touched):
            j = touched_list[k]
            if t > last_spike[j] + n_ref and v[j] >= theta:
                v[j] = v_reset
                last_spike[j] = t
                last_update[j] = t
                emitted[n_emitted] = j
                n_emitted += 1
                if n_out < spike_neuron.size:
                    spike_neuron[n_out] = j
                    spike_step[n_out] = t
                n_out += 1
    # bring every neuron to the end of the run
    for j in range(n_neurons):
        anchor = max(last_update[j], last_spike[j] + n_ref)
        if n_steps - 1 > anchor:
            v[j] = e_leak + (v[j] - e_leak) * decay ** (n_steps - 1 - anchor)
    return n_out, syn_ops, active


def simulate_event_network(
    connectivity, input_spikes, *, params=None, duration, dt=0.1, method="event", v_init=None, max_spikes=None
):
    """Simulate a network of LIF neurons with delta synapses, event-driven or clock-driven.

    Sources ``0 .. n_inputs - 1`` of ``connectivity`` are input spike trains, sources
    ``n_inputs ..`` are the network's own neurons (recurrent synapses, delivered one step
    after the spike). A spike arriving at a neuron makes its voltage jump by the synapse's
    weight; between arrivals the voltage decays exactly towards ``e_leak``.

    *Clock-driven* updates every neuron at every step (the decay), then adds the step's
    arrivals; *event-driven* touches a neuron only when an event arrives, first decaying it
    over all the steps since its last update in one multiplication by ``decay**k``. The two
    give the same spikes (voltages agree to rounding); they differ in the work done.

    Parameters
    ----------
    connectivity : neurocourse.networks.Connectivity
        Synapses from ``n_pre = n_inputs + n_neurons`` sources to ``n_post = n_neurons``
        neurons; weights [mV]; delays must all be 0 (one step is built in).
    input_spikes : array_like of bool, shape (n_inputs, n_steps)
        Input spikes per step (e.g. from :func:`encode_rate`).
    params : neurocourse.networks.LIFNetworkParams, optional
        Neuron parameters (default: Brunel's model A, tau_m 20 ms, theta 20 mV, reset 10 mV).
    duration : float
        Simulated time [ms]; must equal ``n_steps * dt``.
    dt : float
        Time step [ms], in (0, params.max_dt].
    method : {"event", "clock"}
        Simulation strategy.
    v_init : float or array_like, optional
        Initial voltage [mV] (default ``e_leak``).
    max_spikes : int, optional
        Room for output spikes (default: every neuron at its refractory limit, at most 10
        million); a run with more spikes raises ValueError.

    Returns
    -------
    EventNetworkResult

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it.
    """
    if params is None:
        params = LIFNetworkParams()
    if not isinstance(params, LIFNetworkParams):
        raise TypeError(f"params must be a LIFNetworkParams; got {type(params).__name__}")
    if not isinstance(connectivity, Connectivity):
        raise TypeError(
            f"connectivity must be a neurocourse.networks.Connectivity; got {type(connectivity).__name__}"
        )
    method = check_choice("method", method, ("event", "clock"))
    dt = check_positive("dt", dt, unit="ms", high=params.max_dt)
    duration = check_positive("duration", duration, unit="ms")
    n_steps = max(1, int(round(duration / dt)))
    n_neurons = connectivity.n_post
    n_inputs = connectivity.n_pre - n_neurons
    if n_inputs < 0:
        raise ValueError(
            f"connectivity must have n_pre = n_inputs + n_neurons >= n_post; "
            f"got n_pre = {connectivity.n_pre}, n_post = {n_neurons}"
        )
    if np.any(connectivity.delays != 0.0):
        raise ValueError(
            "connectivity.delays must all be 0 [ms]: this simulator delivers recurrent "
            "spikes one step later and input spikes in their step"
        )
    if isinstance(input_spikes, np.ndarray) and input_spikes.dtype == np.bool_:
        if input_spikes.shape != (n_inputs, n_steps):  # a boolean raster needs no value check (nor a copy)
            raise ValueError(
                f"input_spikes must have shape ({n_inputs}, {n_steps}); got {input_spikes.shape}"
            )
        raster = input_spikes
    else:
        raster = check_array("input_spikes", input_spikes, ndim=2, shape=(n_inputs, n_steps), low=0.0) > 0
    v = (
        np.full(n_neurons, params.e_leak)
        if v_init is None
        else np.broadcast_to(
            check_array("v_init", v_init, unit="mV", ndim=(0, 1), low=-200, high=100), (n_neurons,)
        ).copy()
    )
    n_ref = int(round(params.t_ref / dt))
    if max_spikes is None:  # every neuron firing as fast as its refractory period allows, within 10 million
        max_spikes = min(n_neurons * (n_steps // (n_ref + 1) + 1), 10_000_000)
    max_spikes = check_int("max_spikes", max_spikes, low=1)
    check_memory("the spike buffer (max_spikes)", 16.0 * max_spikes, reduce="pass a smaller max_spikes")
    sources, steps = np.nonzero(raster)
    order = np.argsort(steps, kind="stable")
    sources, steps = sources[order], steps[order]
    input_ptr = np.searchsorted(steps, np.arange(n_steps + 1)).astype(np.int64)
    spike_neuron = np.empty(max_spikes, dtype=np.int64)
    spike_step = np.empty(max_spikes, dtype=np.int64)
    kernel = _event_network_kernel if method == "event" else _clock_network_kernel
    n_out, syn_ops, active = kernel(
        connectivity.indptr,
        connectivity.indices,
        connectivity.weights,
        steps.astype(np.int64),
        sources.astype(np.int64),
        input_ptr,
        n_inputs,
        n_neurons,
        n_steps,
        math.exp(-dt / params.tau_m),
        params.e_leak,
        params.v_threshold,
        params.v_reset,
        n_ref,
        v,
        spike_neuron,
        spike_step,
    )
    if n_out > max_spikes:
        raise ValueError(
            f"the network fired {n_out} spikes, more than max_spikes = {max_spikes}: pass a larger max_spikes"
        )
    updates = n_neurons * n_steps if method == "clock" else active
    order = np.lexsort((spike_neuron[:n_out], spike_step[:n_out]))  # by time, then neuron
    return EventNetworkResult(
        params=params,
        dt=dt,
        n_steps=n_steps,
        n_neurons=n_neurons,
        spike_indices=spike_neuron[:n_out][order],
        spike_times=spike_step[:n_out][order] * dt,
        method=method,
        final_voltage=v,
        synaptic_ops=int(syn_ops),
        neuron_updates=int(updates),
        active_updates=int(active),
    )


# =========================================================================== fixed point


@dataclass(frozen=True, kw_only=True)
class FixedPointLIFParams:
    """A current-based LIF neuron in integer arithmetic, in the style of Loihi's CUBA LIF.

    All states and constants are integers; one call of :func:`fixed_point_lif_step` is one
    algorithmic time step.

    Attributes
    ----------
    du : int
        Current decay constant, in [0, 2**decay_bits]: each step u loses du / 2**decay_bits
        of itself (Loihi: 12 bits, 0..4096).
    dv : int
        Voltage decay constant, in [0, 2**decay_bits].
    v_threshold : int
        Threshold mantissa, >= 1; the neuron fires when ``v >= v_threshold << threshold_shift``.
    bias : int
        Constant input added to v each step (already scaled), |bias| < 2**(state_bits - 1).
    decay_bits : int
        Bits of the decay constants, in [1, 16] (Loihi: 12).
    state_bits : int
        Bits of the signed states u and v, in [8, 32] (Loihi: 24); they saturate at
        +-(2**(state_bits - 1) - 1).
    weight_shift : int
        Left shift applied to the weighted input before it enters u, in [0, 16] (Loihi: 6).
    threshold_shift : int
        Left shift of the threshold mantissa, in [0, 16] (Loihi: 6).
    """

    du: int = 410
    dv: int = 205
    v_threshold: int = 1000
    bias: int = 0
    decay_bits: int = 12
    state_bits: int = 24
    weight_shift: int = 6
    threshold_shift: int = 6

    def __post_init__(self):
        bits = check_int("decay_bits", self.decay_bits, low=1, high=16)
        state_bits = check_int("state_bits", self.state_bits, low=8, high=32)
        set_checked(self, "decay_bits", bits)
        set_checked(self, "state_bits", state_bits)
        for name in ("du", "dv"):
            set_checked(self, name, check_int(name, getattr(self, name), low=0, high=2**bits))
        for name in ("weight_shift", "threshold_shift"):
            set_checked(self, name, check_int(name, getattr(self, name), low=0, high=16))
        limit = 2 ** (state_bits - 1) - 1
        set_checked(self, "bias", check_int("bias", self.bias, low=-limit, high=limit))
        set_checked(self, "v_threshold", check_int("v_threshold", self.v_threshold, low=1))
        if self.threshold_value > limit:
            raise ValueError(
                f"v_threshold << threshold_shift = {self.threshold_value} must stay within the "
                f"{state_bits}-bit state (<= {limit}); lower v_threshold or threshold_shift"
            )

    @property
    def state_limit(self) -> int:
        """Largest magnitude of u and v: ``2**(state_bits - 1) - 1``."""
        return 2 ** (self.state_bits - 1) - 1

    @property
    def threshold_value(self) -> int:
        """The threshold in state units: ``v_threshold << threshold_shift``."""
        return self.v_threshold << self.threshold_shift


def decay_constant(tau, *, dt=1.0, bits=12):
    """Return the integer decay constant of a time constant: ``round(2**bits * (1 - exp(-dt/tau)))``.

    Parameters
    ----------
    tau : float
        Time constant [ms], > 0.
    dt : float
        Duration of one step [ms], > 0.
    bits : int
        Bits of the constant, in [1, 16].
    """
    tau = check_positive("tau", tau, unit="ms")
    dt = check_positive("dt", dt, unit="ms")
    bits = check_int("bits", bits, low=1, high=16)
    return int(round(2**bits * (1.0 - math.exp(-dt / tau))))


def _shift_toward_zero(product, bits):
    """``sign(x) * (|x| >> bits)``: division by 2**bits rounding toward zero."""
    return -((-product) >> bits) if product < 0 else product >> bits


def fixed_point_lif_step(u, v, weighted_input, params):
    """Advance the fixed-point LIF neuron by one step (plain Python integers; the reference).

    The order of operations (after Lava's bit-accurate CUBA LIF model):

    1. ``u <- sat(decay(u, du) + (weighted_input << weight_shift))``
    2. ``v <- sat(decay(v, dv) + u + bias)``
    3. spike if ``v >= v_threshold << threshold_shift``; then ``v <- 0``

    where ``decay(x, d) = sign(x) * ((|x| * (2**decay_bits - d)) >> decay_bits)`` (a multiply
    and a right shift, rounding toward zero: no division) and
    ``sat(x) = clip(x, -L, L)``, ``L = 2**(state_bits - 1) - 1``.

    Differences from Lava's ``PyLifModelBitAcc`` (lava-nc/lava, ``proc/lif/models.py``): Lava
    wraps u around instead of saturating it, fires on ``v > threshold``, and adds a fixed 1
    (Loihi 1's ``ds_offset``) to ``du``; here ``du`` is the effective constant itself.

    Parameters
    ----------
    u, v : int
        Current and voltage states.
    weighted_input : int
        Sum of the weights of the spikes arriving in this step.
    params : FixedPointLIFParams

    Returns
    -------
    u, v : int
        The new states (v after the reset, if the neuron fired).
    spike : bool
    """
    limit = params.state_limit
    scale = 1 << params.decay_bits
    u = _shift_toward_zero(int(u) * (scale - params.du), params.decay_bits) + (
        int(weighted_input) << params.weight_shift
    )
    u = max(-limit, min(limit, u))
    v = _shift_toward_zero(int(v) * (scale - params.dv), params.decay_bits) + u + params.bias
    v = max(-limit, min(limit, v))
    if v >= params.threshold_value:
        return u, 0, True
    return u, v, False


def fixed_point_lif_reference(params, weighted_input, *, u_init=0, v_init=0):
    """Run :func:`fixed_point_lif_step` over an input sequence in plain Python: the integer reference.

    Slow (Python integers, one neuron) and obviously correct; :func:`simulate_fixed_point_lif`
    must match it bit for bit.

    Returns
    -------
    u, v : ndarray of int64, shape (n_steps,)
        States after each step.
    spikes : ndarray of bool, shape (n_steps,)
    """
    if not isinstance(params, FixedPointLIFParams):
        raise TypeError(f"params must be a FixedPointLIFParams; got {type(params).__name__}")
    inputs = check_array("weighted_input", weighted_input, ndim=1, dtype=np.int64)
    u, v = int(u_init), int(v_init)
    us, vs, spikes = [], [], []
    for x in inputs.tolist():
        u, v, spike = fixed_point_lif_step(u, v, x, params)
        us.append(u)
        vs.append(v)
        spikes.append(spike)
    return np.array(us, dtype=np.int64), np.array(vs, dtype=np.int64), np.array(spikes, dtype=bool)


@dataclass(frozen=True, kw_only=True, eq=False)
class FixedPointLIFResult(SimulationResult):
    """States of :func:`simulate_fixed_point_lif` or :func:`simulate_float_lif`.

    Attributes
    ----------
    current : ndarray, shape (n_neurons, n_steps)
        Current state u after each step (int64, or float64 for the float twin).
    voltage : ndarray, shape (n_neurons, n_steps)
        Voltage state v after each step, after the reset.
    spikes : ndarray of bool, shape (n_neurons, n_steps)
    """

    current: np.ndarray
    voltage: np.ndarray
    spikes: np.ndarray

    @property
    def spike_counts(self) -> np.ndarray:
        """Spikes per neuron."""
        return self.spikes.sum(axis=1)


@numba.njit(cache=True)
def _shift_toward_zero_kernel(product, bits):
    if product < 0:
        return -((-product) >> bits)
    return product >> bits


@numba.njit(cache=True)
def _fixed_point_lif_kernel(
    inputs, u0, v0, du, dv, bias, bits, weight_shift, threshold, limit, u_out, v_out, spikes
):
    scale = np.int64(1) << bits
    for i in range(inputs.shape[0]):
        u = u0[i]
        v = v0[i]
        for t in range(inputs.shape[1]):
            u = _shift_toward_zero_kernel(u * (scale - du), bits) + (inputs[i, t] << weight_shift)
            u = min(max(u, -limit), limit)
            v = _shift_toward_zero_kernel(v * (scale - dv), bits) + u + bias
            v = min(max(v, -limit), limit)
            if v >= threshold:
                v = np.int64(0)
                spikes[i, t] = True
            u_out[i, t] = u
            v_out[i, t] = v


def _fixed_inputs(params, weighted_input, duration, dt, u_init, v_init, integer):
    if not isinstance(params, FixedPointLIFParams):
        raise TypeError(f"params must be a FixedPointLIFParams; got {type(params).__name__}")
    dt = check_positive("dt", dt, unit="ms")
    duration = check_positive("duration", duration, unit="ms")
    n_steps = max(1, int(round(duration / dt)))
    inputs = check_array(
        "weighted_input", weighted_input, ndim=(1, 2), dtype=np.int64 if integer else np.float64
    )
    inputs = np.atleast_2d(inputs)
    if inputs.shape[1] != n_steps:
        raise ValueError(
            f"weighted_input must have one value per step: duration / dt = {n_steps} steps; "
            f"got {inputs.shape[1]}"
        )
    bound = 2 ** (62 - params.weight_shift - params.state_bits)
    if integer and inputs.size and np.abs(inputs).max() > bound:
        raise ValueError(
            f"weighted_input values must lie within +-{bound} (so that the shift cannot overflow)"
        )
    n = inputs.shape[0]
    kind = np.int64 if integer else np.float64
    states = []
    for name, value in (("u_init", u_init), ("v_init", v_init)):
        arr = check_array(
            name, value, ndim=(0, 1), dtype=kind, low=-params.state_limit, high=params.state_limit
        )
        states.append(np.ascontiguousarray(np.broadcast_to(arr, (n,)), dtype=kind))
    check_memory("the recorded states", 17.0 * inputs.size, reduce="shorten duration or use fewer neurons")
    return dt, n_steps, np.ascontiguousarray(inputs), states[0], states[1]


def simulate_fixed_point_lif(params, weighted_input, *, duration, dt=1.0, u_init=0, v_init=0):
    """Simulate fixed-point LIF neurons (compiled), bit for bit equal to the integer reference.

    Parameters
    ----------
    params : FixedPointLIFParams
    weighted_input : array_like of int, shape (n_steps,) or (n_neurons, n_steps)
        Summed synaptic weights arriving in each step.
    duration : float
        Simulated time [ms]: ``n_steps * dt``.
    dt : float
        Duration of one algorithmic step [ms] (only labels the time axis; the arithmetic has
        no time in it).
    u_init, v_init : int or array_like of int
        Initial states.

    Returns
    -------
    FixedPointLIFResult
        int64 states after each step.

    References
    ----------
    Davies M et al. (2018) Loihi: a neuromorphic manycore processor with on-chip learning.
    IEEE Micro 38:82-99.
    """
    dt, n_steps, inputs, u0, v0 = _fixed_inputs(params, weighted_input, duration, dt, u_init, v_init, True)
    u_out = np.zeros(inputs.shape, dtype=np.int64)
    v_out = np.zeros(inputs.shape, dtype=np.int64)
    spikes = np.zeros(inputs.shape, dtype=bool)
    _fixed_point_lif_kernel(
        inputs,
        u0,
        v0,
        params.du,
        params.dv,
        params.bias,
        params.decay_bits,
        params.weight_shift,
        params.threshold_value,
        params.state_limit,
        u_out,
        v_out,
        spikes,
    )
    return FixedPointLIFResult(
        params=params, dt=dt, n_steps=n_steps, current=u_out, voltage=v_out, spikes=spikes
    )


@numba.njit(cache=True)
def _float_lif_kernel(inputs, u0, v0, a_u, a_v, bias, gain, threshold, u_out, v_out, spikes):
    for i in range(inputs.shape[0]):
        u = u0[i]
        v = v0[i]
        for t in range(inputs.shape[1]):
            u = u * a_u + inputs[i, t] * gain
            v = v * a_v + u + bias
            if v >= threshold:
                v = 0.0
                spikes[i, t] = True
            u_out[i, t] = u
            v_out[i, t] = v


def simulate_float_lif(
    params, weighted_input, *, duration, dt=1.0, u_init=0.0, v_init=0.0, tau_u=None, tau_v=None
):
    """Simulate the float twin of :func:`simulate_fixed_point_lif`: same equations, no rounding.

    ``u <- u (1 - du / 2**b) + x 2**weight_shift``, ``v <- v (1 - dv / 2**b) + u + bias``, in
    float64, with no saturation. With ``tau_u`` / ``tau_v`` the decay factors are the exact
    ``exp(-dt / tau)`` instead of the quantised constants: the ideal the hardware approximates.

    Parameters
    ----------
    params : FixedPointLIFParams
    weighted_input : array_like, shape (n_steps,) or (n_neurons, n_steps)
    duration, dt : float
        As in :func:`simulate_fixed_point_lif` [ms].
    u_init, v_init : float or array_like
    tau_u, tau_v : float, optional
        Time constants [ms] for exact decay factors.

    Returns
    -------
    FixedPointLIFResult
        float64 states.
    """
    dt, n_steps, inputs, u0, v0 = _fixed_inputs(params, weighted_input, duration, dt, u_init, v_init, False)
    scale = float(2**params.decay_bits)
    a_u = 1.0 - params.du / scale
    a_v = 1.0 - params.dv / scale
    if tau_u is not None:
        a_u = math.exp(-dt / check_positive("tau_u", tau_u, unit="ms"))
    if tau_v is not None:
        a_v = math.exp(-dt / check_positive("tau_v", tau_v, unit="ms"))
    u_out = np.zeros(inputs.shape)
    v_out = np.zeros(inputs.shape)
    spikes = np.zeros(inputs.shape, dtype=bool)
    _float_lif_kernel(
        inputs,
        u0,
        v0,
        a_u,
        a_v,
        float(params.bias),
        float(2**params.weight_shift),
        float(params.threshold_value),
        u_out,
        v_out,
        spikes,
    )
    return FixedPointLIFResult(
        params=params, dt=dt, n_steps=n_steps, current=u_out, voltage=v_out, spikes=spikes
    )


# =========================================================================== ANN to SNN


@dataclass(frozen=True, kw_only=True, eq=False)
class MLP:
    """A ReLU multilayer perceptron: hidden layers ReLU, output layer linear (logits).

    Attributes
    ----------
    weights : tuple of ndarray
        ``weights[l]`` has shape (n_in_l, n_out_l).
    biases : tuple of ndarray
        ``biases[l]`` has shape (n_out_l,).
    """

    weights: tuple
    biases: tuple

    def __post_init__(self):
        if len(self.weights) != len(self.biases) or not self.weights:
            raise ValueError("an MLP needs as many bias vectors as weight matrices (at least one)")
        for w, b in zip(self.weights, self.biases, strict=True):
            w.setflags(write=False)
            b.setflags(write=False)

    @property
    def layer_sizes(self) -> tuple:
        """(n_inputs, n_hidden_1, ..., n_outputs)."""
        return (self.weights[0].shape[0],) + tuple(w.shape[1] for w in self.weights)


def _check_xy(x, labels=None, n_inputs=None):
    x = check_array("x", x, ndim=2, min_size=1)
    if n_inputs is not None and x.shape[1] != n_inputs:
        raise ValueError(f"x must have {n_inputs} columns (one per input); got {x.shape[1]}")
    if labels is None:
        return x
    labels = check_array("labels", labels, ndim=1, shape=(x.shape[0],), dtype=np.int64, low=0)
    return x, labels


def mlp_activations(mlp, x):
    """Return the activations of every layer: ``[x, h_1, ..., logits]``."""
    x = _check_xy(x, n_inputs=mlp.layer_sizes[0])
    out = [x]
    for k, (w, b) in enumerate(zip(mlp.weights, mlp.biases, strict=True)):
        z = out[-1] @ w + b
        out.append(z if k == len(mlp.weights) - 1 else np.maximum(z, 0.0))
    return out


def mlp_predict(mlp, x):
    """Return the predicted class of each row of ``x``."""
    return np.argmax(mlp_activations(mlp, x)[-1], axis=1)


def mlp_macs(mlp):
    """Return the multiply-accumulates of one inference: the sum of ``n_in * n_out`` over layers."""
    return int(sum(w.shape[0] * w.shape[1] for w in mlp.weights))


def train_mlp(
    x,
    labels,
    *,
    hidden=(64,),
    epochs=60,
    learning_rate=0.1,
    batch_size=32,
    weight_decay=1e-4,
    momentum=0.9,
    rng=None,
    progress=False,
):
    """Train a ReLU MLP with softmax cross-entropy by minibatch SGD with momentum, in numpy.

    Parameters
    ----------
    x : array_like, shape (n_samples, n_inputs)
        Inputs (e.g. digits scaled to [0, 1]).
    labels : array_like of int, shape (n_samples,)
        Classes 0 .. n_classes - 1.
    hidden : tuple of int
        Hidden layer sizes, each in [1, 4096].
    epochs : int
        Passes over the data, >= 1.
    learning_rate, momentum, weight_decay : float
        SGD settings (learning rate > 0, momentum in [0, 1), L2 weight decay >= 0).
    batch_size : int
        Minibatch size, >= 1.
    rng : None, int or numpy.random.Generator
        Initialisation (He) and shuffling.
    progress : bool
        Show a ``tqdm.auto`` progress bar over epochs.

    Returns
    -------
    MLP
    """
    rng = as_generator(rng)
    x, labels = _check_xy(x, labels)
    hidden = tuple(check_int("hidden", h, low=1, high=4096) for h in hidden)
    epochs = check_int("epochs", epochs, low=1)
    batch_size = check_int("batch_size", batch_size, low=1)
    learning_rate = check_positive("learning_rate", learning_rate)
    momentum = check_scalar("momentum", momentum, low=0.0, high=1.0, high_inclusive=False)
    weight_decay = check_nonnegative("weight_decay", weight_decay)
    n_classes = int(labels.max()) + 1
    sizes = (x.shape[1],) + hidden + (n_classes,)
    weights = [
        rng.normal(0.0, math.sqrt(2.0 / a), (a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    biases = [np.zeros(b) for b in sizes[1:]]
    vel_w = [np.zeros_like(w) for w in weights]
    vel_b = [np.zeros_like(b) for b in biases]
    onehot = np.eye(n_classes)[labels]
    epoch_iter = range(epochs)
    if progress:
        from tqdm.auto import tqdm

        epoch_iter = tqdm(epoch_iter, desc="training the MLP", unit="epoch")
    for _ in epoch_iter:
        order = rng.permutation(x.shape[0])
        for start in range(0, x.shape[0], batch_size):
            batch = order[start : start + batch_size]
            acts = [x[batch]]
            for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
                z = acts[-1] @ w + b
                acts.append(z if k == len(weights) - 1 else np.maximum(z, 0.0))
            logits = acts[-1] - acts[-1].max(axis=1, keepdims=True)
            prob = np.exp(logits)
            prob /= prob.sum(axis=1, keepdims=True)
            delta = (prob - onehot[batch]) / batch.size
            for k in range(len(weights) - 1, -1, -1):
                grad_w = acts[k].T @ delta + weight_decay * weights[k]
                grad_b = delta.sum(axis=0)
                if k > 0:
                    delta = (delta @ weights[k].T) * (acts[k] > 0)
                vel_w[k] = momentum * vel_w[k] - learning_rate * grad_w
                vel_b[k] = momentum * vel_b[k] - learning_rate * grad_b
                weights[k] = weights[k] + vel_w[k]
                biases[k] = biases[k] + vel_b[k]
    return MLP(weights=tuple(weights), biases=tuple(biases))


@dataclass(frozen=True, kw_only=True, eq=False)
class DigitsTask:
    """The chapter's conversion task: the 8x8 digits split and a ReLU MLP trained on it.

    Attributes
    ----------
    x_train, x_test : ndarray, shape (n, 64)
        Images scaled to [0, 1] (stratified split, 25 % test).
    y_train, y_test : ndarray of int
        Labels.
    mlp : MLP
        64-64-32-10 ReLU network, 60 epochs of SGD.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    mlp: MLP

    @property
    def ann_accuracy(self) -> float:
        """Test accuracy of the ANN."""
        return float(np.mean(mlp_predict(self.mlp, self.x_test) == self.y_test))


@functools.lru_cache(maxsize=4)
def digits_task(*, seed=0, hidden=(64, 32), epochs=60, progress=False):
    """Return the digits split and an MLP trained on it (cached: about a second the first time).

    Parameters
    ----------
    seed : int
        Seed of the training (initialisation and shuffling); the split is always ``split(seed=0)``.
    hidden : tuple of int
        Hidden layer sizes.
    epochs : int
        Training epochs.
    progress : bool
        Show a progress bar while training.
    """
    from .datasets import load_digits

    digits = load_digits()
    train, test = digits.split()
    x, y = digits.data, digits.labels
    mlp = train_mlp(x[train], y[train], hidden=hidden, epochs=epochs, rng=seed, progress=progress)
    return DigitsTask(x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test], mlp=mlp)


@dataclass(frozen=True, kw_only=True, eq=False)
class ConvertedSNN:
    """An MLP converted to integrate-and-fire neurons (threshold 1 in every layer).

    Attributes
    ----------
    weights, biases : tuple of ndarray
        Normalised weights and biases, layer by layer.
    scales : ndarray, shape (n_layers,)
        The normalisation factor lambda of each layer (1 for ``"none"``).
    method : str
        ``"max"``, ``"percentile"`` or ``"none"``.
    """

    weights: tuple
    biases: tuple
    scales: np.ndarray
    method: str


def normalization_scales(mlp, x, *, method="percentile", percentile=99.9):
    """Return the data-based normalisation factor of each layer.

    ``lambda_l`` is the maximum (Diehl et al. 2015) or the ``percentile``-th percentile
    (Rueckauer et al. 2017) of the positive activations of layer l over the data ``x``; the
    output layer uses its logits. ``method="none"`` returns ones.

    Parameters
    ----------
    mlp : MLP
    x : array_like, shape (n_samples, n_inputs)
        Normalisation data (the training set).
    method : {"percentile", "max", "none"}
    percentile : float
        In (0, 100].

    Returns
    -------
    ndarray, shape (n_layers,)
    """
    method = check_choice("method", method, ("percentile", "max", "none"))
    percentile = check_scalar("percentile", percentile, low=0.0, high=100.0, low_inclusive=False)
    acts = mlp_activations(mlp, x)[1:]
    if method == "none":
        return np.ones(len(acts))
    scales = []
    for a in acts:
        positive = a[a > 0]
        if positive.size == 0:
            scales.append(1.0)
        elif method == "max":
            scales.append(float(positive.max()))
        else:
            scales.append(float(np.percentile(positive, percentile)))
    return np.array(scales)


def convert_to_snn(mlp, x, *, method="percentile", percentile=99.9):
    """Convert a ReLU MLP to an integrate-and-fire network by data-based weight normalisation.

    With ``lambda_0 = 1`` (inputs in [0, 1]) and ``lambda_l`` from :func:`normalization_scales`,

    .. math:: W_l \\leftarrow W_l \\frac{\\lambda_{l-1}}{\\lambda_l}, \\qquad
              b_l \\leftarrow \\frac{b_l}{\\lambda_l},

    so that every layer's activations, and hence its firing rates per step, stay below 1.

    Parameters
    ----------
    mlp : MLP
    x : array_like, shape (n_samples, n_inputs)
        Normalisation data.
    method : {"percentile", "max", "none"}
    percentile : float
        In (0, 100] (Rueckauer et al. use 99.9 to 99.999).

    Returns
    -------
    ConvertedSNN

    References
    ----------
    Diehl PU, Neil D, Binas J, Cook M, Liu S-C, Pfeiffer M (2015) Fast-classifying, high-accuracy
    spiking deep networks through weight and threshold balancing. IJCNN 2015:1-8.
    Rueckauer B, Lungu I-A, Hu Y, Pfeiffer M, Liu S-C (2017) Conversion of continuous-valued deep
    networks to efficient event-driven networks for image classification. Front Neurosci 11:682.
    """
    scales = normalization_scales(mlp, x, method=method, percentile=percentile)
    previous = np.concatenate(([1.0], scales[:-1]))
    weights = tuple(w * (p / s) for w, p, s in zip(mlp.weights, previous, scales, strict=True))
    biases = tuple(b / s for b, s in zip(mlp.biases, scales, strict=True))
    for arr in weights + biases + (scales,):
        arr.setflags(write=False)
    return ConvertedSNN(weights=weights, biases=biases, scales=scales, method=method)


@dataclass(frozen=True, kw_only=True, eq=False)
class ConversionResult:
    """Predictions and operation counts of :func:`simulate_converted_snn`.

    Attributes
    ----------
    checkpoints : ndarray of int, shape (n_checkpoints,)
        Time steps T at which the prediction was read.
    predictions : ndarray of int, shape (n_checkpoints, n_samples)
        Class whose output neuron spiked most in the first T steps (ties: the larger
        membrane potential).
    spike_counts : tuple of ndarray
        Spikes of each layer (hidden and output) over the whole run, shape (n_samples, n_units).
    synaptic_ops : ndarray, shape (n_samples,)
        Synaptic events over the run: each hidden spike times the fan-out of its neuron.
    active_updates, inactive_updates : ndarray, shape (n_samples,)
        Neuron updates with and without input (a layer whose predecessor sent no spike in a
        step is inactive; the first hidden layer gets its constant input every step).
    input_macs : int
        Multiply-accumulates of the first layer's constant input current, once per sample.
    n_steps : int
        Steps simulated.
    reset : str
        ``"subtract"`` or ``"zero"``.
    """

    checkpoints: np.ndarray
    predictions: np.ndarray
    spike_counts: tuple
    synaptic_ops: np.ndarray
    active_updates: np.ndarray
    inactive_updates: np.ndarray
    input_macs: int
    n_steps: int
    reset: str

    def accuracy(self, labels):
        """Return the accuracy at each checkpoint, shape (n_checkpoints,)."""
        labels = check_array("labels", labels, ndim=1, shape=(self.predictions.shape[1],), dtype=np.int64)
        return (self.predictions == labels[None, :]).mean(axis=1)


@numba.njit(cache=True)
def _converted_snn_kernel(
    drive,
    w_flat,
    w_offsets,
    b_flat,
    sizes,
    offsets,
    subtract,
    n_steps,
    checkpoint_row,
    potentials,
    counts,
    syn_ops,
    active,
    predictions,
):
    """Run every sample through ``n_steps`` steps of the converted network, event-driven.

    Layer 0 integrates ``drive`` (its constant input current); layer l > 0 integrates the sum of
    the weight rows of the neurons of layer l - 1 that spiked in this step, plus its bias. Writes
    the potentials, spike counts, synaptic events, active neuron updates and the prediction at
    every step t with ``checkpoint_row[t] >= 0``.
    """
    n = drive.shape[0]
    n_layers = sizes.size
    widest = 0
    for layer in range(n_layers):
        widest = max(widest, sizes[layer])
    current = np.empty(widest)
    fired_now = np.empty(widest, dtype=np.int64)
    fired_before = np.empty(widest, dtype=np.int64)
    for s in range(n):
        for t in range(1, n_steps + 1):
            n_before = 0
            for layer in range(n_layers):
                size = sizes[layer]
                off = offsets[layer]
                if layer == 0:
                    for j in range(size):
                        current[j] = drive[s, j]
                    active[s] += size
                else:
                    for j in range(size):
                        current[j] = 0.0
                    w0 = w_offsets[layer - 1]
                    for m in range(n_before):
                        row = w0 + fired_before[m] * size
                        for j in range(size):
                            current[j] += w_flat[row + j]
                    b0 = offsets[layer]
                    for j in range(size):
                        current[j] += b_flat[b0 + j]
                    if n_before > 0:
                        active[s] += size
                n_fired = 0
                for j in range(size):
                    v = potentials[s, off + j] + current[j]
                    if v >= 1.0:
                        v = v - 1.0 if subtract else 0.0
                        counts[s, off + j] += 1.0
                        fired_now[n_fired] = j
                        n_fired += 1
                    potentials[s, off + j] = v
                if layer + 1 < n_layers:
                    syn_ops[s] += n_fired * sizes[layer + 1]
                for m in range(n_fired):
                    fired_before[m] = fired_now[m]
                n_before = n_fired
            row = checkpoint_row[t]
            if row >= 0:
                # the most output spikes wins; the membrane potential breaks ties (it cannot
                # outweigh a spike)
                last = offsets[n_layers - 1]
                best = 0
                best_score = -np.inf
                for j in range(sizes[n_layers - 1]):
                    score = counts[s, last + j] + 0.49 * min(1.0, max(-1.0, potentials[s, last + j]))
                    if score > best_score:
                        best_score = score
                        best = j
                predictions[row, s] = best


def simulate_converted_snn(snn, x, *, n_steps, reset="subtract", checkpoints=None):
    """Run a converted network of integrate-and-fire neurons on inputs ``x`` (all samples at once).

    Each step, the first hidden layer integrates the constant current ``x W_1 + b_1`` (analog
    input, as in Rueckauer et al. 2017), deeper layers integrate ``s_{l-1} W_l + b_l`` from the
    spikes ``s`` of the layer below, and a neuron spikes when ``V >= 1``. Reset by subtraction
    keeps the charge above threshold (``V <- V - 1``); reset to zero discards it. The prediction
    is the output neuron that spiked most (ties: the larger membrane potential). The loop over
    steps is compiled and event-driven: a layer adds up the weight rows of the neurons below it
    that spiked, as neuromorphic hardware does, instead of multiplying a mostly-zero spike
    vector by the weight matrix.

    Parameters
    ----------
    snn : ConvertedSNN
    x : array_like, shape (n_samples, n_inputs)
        Inputs in [0, 1].
    n_steps : int
        Time steps T, in [1, 100000].
    reset : {"subtract", "zero"}
    checkpoints : array_like of int, optional
        Steps (1 .. n_steps) at which to read the prediction (default: n_steps only).

    Returns
    -------
    ConversionResult
    """
    if not isinstance(snn, ConvertedSNN):
        raise TypeError(f"snn must be a ConvertedSNN (from convert_to_snn); got {type(snn).__name__}")
    x = _check_xy(x, n_inputs=snn.weights[0].shape[0])
    n_steps = check_int("n_steps", n_steps, low=1, high=100_000)
    reset = check_choice("reset", reset, ("subtract", "zero"))
    checkpoints = (
        np.array([n_steps])
        if checkpoints is None
        else np.unique(
            check_array("checkpoints", checkpoints, ndim=1, dtype=np.int64, low=1, high=n_steps, min_size=1)
        )
    )
    n = x.shape[0]
    n_layers = len(snn.weights)
    check_memory(
        "the membrane states",
        8.0 * n * sum(w.shape[1] for w in snn.weights),
        reduce="convert fewer samples at once",
    )
    drive = x @ snn.weights[0] + snn.biases[0]
    sizes = np.array([w.shape[1] for w in snn.weights], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    deeper = snn.weights[1:]
    w_offsets = np.concatenate([[0], np.cumsum([w.size for w in deeper])]).astype(np.int64)
    w_flat = np.concatenate([np.ravel(w) for w in deeper]) if deeper else np.zeros(0)
    b_flat = np.concatenate([np.ravel(b) for b in snn.biases]).astype(float)
    checkpoint_row = np.full(n_steps + 1, -1, dtype=np.int64)
    checkpoint_row[checkpoints] = np.arange(checkpoints.size)
    potentials = np.zeros((n, int(offsets[-1])))
    counts = np.zeros((n, int(offsets[-1])))
    syn_ops = np.zeros(n)
    active = np.zeros(n)
    predictions = np.empty((checkpoints.size, n), dtype=np.int64)
    _converted_snn_kernel(
        np.ascontiguousarray(drive, dtype=float),
        w_flat.astype(float),
        w_offsets,
        b_flat,
        sizes,
        offsets,
        reset == "subtract",
        n_steps,
        checkpoint_row,
        potentials,
        counts,
        syn_ops,
        active,
        predictions,
    )
    counts = [counts[:, offsets[k] : offsets[k + 1]] for k in range(n_layers)]
    total_updates = n_steps * int(sizes.sum())
    return ConversionResult(
        checkpoints=checkpoints,
        predictions=predictions,
        spike_counts=tuple(counts),
        synaptic_ops=syn_ops,
        active_updates=active,
        inactive_updates=total_updates - active,
        input_macs=int(snn.weights[0].size),
        n_steps=n_steps,
        reset=reset,
    )


# =========================================================================== energy


@dataclass(frozen=True, kw_only=True)
class EnergyCosts:
    """Energy per operation [pJ].

    Attributes
    ----------
    synaptic_op : float
        One synaptic event (read a synapse, add its weight) [pJ].
    neuron_update_active : float
        Update of a neuron that received input [pJ].
    neuron_update_inactive : float
        Update of a neuron without input [pJ].
    mac : float
        One multiply-accumulate [pJ].
    add : float
        One addition [pJ].
    source : str
        Where the figures come from, and under which conditions.
    """

    synaptic_op: float = 0.0
    neuron_update_active: float = 0.0
    neuron_update_inactive: float = 0.0
    mac: float = 0.0
    add: float = 0.0
    source: str = ""

    def __post_init__(self):
        for name in ("synaptic_op", "neuron_update_active", "neuron_update_inactive", "mac", "add"):
            set_checked(self, name, check_nonnegative(name, getattr(self, name), unit="pJ"))


#: Loihi's per-operation energies (Davies et al. 2018, Table 1): **pre-silicon estimates**
#: from circuit simulation at nominal voltage, and the synaptic figure is the *minimum*
#: (23.6 pJ per synaptic spike operation); a neuron update costs 81 pJ when active and
#: 52 pJ when inactive. Measured chip-level energies are higher (static power, routing).
LOIHI_COSTS = EnergyCosts(
    synaptic_op=23.6,
    neuron_update_active=81.0,
    neuron_update_inactive=52.0,
    source="Loihi (Davies et al. 2018): pre-silicon estimates; 23.6 pJ is the minimum synaptic op",
)

#: Horowitz (2014), 45 nm CMOS at 0.9 V: a 32-bit float multiply 3.7 pJ + add 0.9 pJ = 4.6 pJ
#: per multiply-accumulate; arithmetic only, no memory access (which costs far more).
HOROWITZ_45NM_COSTS = EnergyCosts(
    mac=4.6, add=0.9, source="Horowitz (2014), 45 nm, fp32 arithmetic only (no memory access)"
)


@dataclass(frozen=True, kw_only=True)
class EnergyReport:
    """An energy estimate and the counts it came from.

    Attributes
    ----------
    synaptic_ops, active_updates, inactive_updates, macs, adds : float
        Operation counts.
    costs : EnergyCosts
        Energy per operation [pJ].
    """

    synaptic_ops: float = 0.0
    active_updates: float = 0.0
    inactive_updates: float = 0.0
    macs: float = 0.0
    adds: float = 0.0
    costs: EnergyCosts = LOIHI_COSTS

    @property
    def parts(self) -> dict:
        """Energy of each kind of operation [pJ]."""
        c = self.costs
        return {
            "synaptic ops": self.synaptic_ops * c.synaptic_op,
            "active neuron updates": self.active_updates * c.neuron_update_active,
            "inactive neuron updates": self.inactive_updates * c.neuron_update_inactive,
            "MACs": self.macs * c.mac,
            "adds": self.adds * c.add,
        }

    @property
    def total(self) -> float:
        """Total energy [pJ]."""
        return float(sum(self.parts.values()))


def _count(name, value):
    value = check_array(name, value, ndim=(0, 1), low=0.0)
    return float(value.mean()) if value.ndim else float(value)


def snn_energy(
    *,
    synaptic_ops,
    active_updates,
    inactive_updates=0,
    input_macs=0,
    costs=LOIHI_COSTS,
    mac_costs=HOROWITZ_45NM_COSTS,
):
    """Return the energy of a spiking computation: counts times per-operation energies.

    ``E = synaptic_ops * E_syn + active * E_active + inactive * E_inactive + input_macs * E_mac``.
    Arrays (one count per sample) are averaged: the energy per inference.

    Parameters
    ----------
    synaptic_ops, active_updates, inactive_updates, input_macs : float or array_like
        Counts, >= 0.
    costs : EnergyCosts
        Spiking costs (default :data:`LOIHI_COSTS`).
    mac_costs : EnergyCosts
        Cost of the input MACs, done off the spiking core (default :data:`HOROWITZ_45NM_COSTS`).

    Returns
    -------
    EnergyReport
    """
    if not isinstance(costs, EnergyCosts) or not isinstance(mac_costs, EnergyCosts):
        raise TypeError("costs and mac_costs must be EnergyCosts")
    merged = EnergyCosts(
        synaptic_op=costs.synaptic_op,
        neuron_update_active=costs.neuron_update_active,
        neuron_update_inactive=costs.neuron_update_inactive,
        mac=mac_costs.mac,
        source=f"{costs.source}; MACs: {mac_costs.source}",
    )
    return EnergyReport(
        synaptic_ops=_count("synaptic_ops", synaptic_ops),
        active_updates=_count("active_updates", active_updates),
        inactive_updates=_count("inactive_updates", inactive_updates),
        macs=_count("input_macs", input_macs),
        costs=merged,
    )


def ann_energy(*, macs, adds=0, costs=HOROWITZ_45NM_COSTS):
    """Return the energy of a dense computation: ``macs * E_mac + adds * E_add``.

    Parameters
    ----------
    macs, adds : float
        Counts, >= 0 (e.g. :func:`mlp_macs`).
    costs : EnergyCosts
        Default :data:`HOROWITZ_45NM_COSTS` (4.6 pJ per fp32 MAC, 0.9 pJ per add).

    Returns
    -------
    EnergyReport

    References
    ----------
    Horowitz M (2014) Computing's energy problem (and what we can do about it). ISSCC 2014:10-14.
    """
    if not isinstance(costs, EnergyCosts):
        raise TypeError("costs must be EnergyCosts")
    return EnergyReport(macs=_count("macs", macs), adds=_count("adds", adds), costs=costs)
