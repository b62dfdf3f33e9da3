"""Input currents and spike trains: steps, pulses, ramps, noise, and Poisson processes.

Currents are :class:`Stimulus` arrays with one value per time step [nA] (time the last
axis) that remember the step ``dt`` [ms] they were sampled at, ready for
:func:`neurocourse.neurons.simulate_lif` and friends: a stimulus built at one ``dt`` and
simulated at another is an error, not a silently stretched input. Spike trains are
:class:`SpikeTrains`: two parallel arrays ``spike_indices`` and ``spike_times`` [ms],
sorted by time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._results import SpikeMethods
from ._validation import (
    as_generator,
    check_array,
    check_duration,
    check_int,
    check_memory,
    check_nonnegative,
    check_positive,
    check_scalar,
    n_steps_for,
)

__all__ = [
    "Stimulus",
    "as_current_matrix",
    "time_axis",
    "step_current",
    "pulse_current",
    "ramp_current",
    "noisy_current",
    "SpikeTrains",
    "poisson_spike_trains",
    "inhomogeneous_poisson_spike_trains",
]

_MAX_AMPLITUDE = 1e4  # nA; far beyond anything physiological, small enough to stay finite
_MAX_AMPLITUDE_DEFAULT = _MAX_AMPLITUDE


class Stimulus(np.ndarray):
    """An input array sampled at a known time step: a numpy array with the attribute ``dt`` [ms].

    Arithmetic and slicing keep ``dt`` (``2 * step_current(...)`` is still a stimulus at the
    same step). Simulation functions compare it with their own ``dt`` and refuse a mismatch.
    """

    def __new__(cls, values, dt):
        obj = np.asarray(values, dtype=np.float64).view(cls)
        obj.dt = float(dt)
        return obj

    def __array_finalize__(self, obj):
        self.dt = getattr(obj, "dt", None)

    def __reduce__(self):  # keep dt through pickling (multiprocessing, caches)
        return (Stimulus, (np.asarray(self), self.dt))


def as_current_matrix(current, *, dt, duration, name="current", unit="nA", limit=_MAX_AMPLITUDE_DEFAULT):
    """Return an input as a C-contiguous (rows, cols) float64 array, its neuron count and steps.

    One shape convention for every single-neuron model: a scalar (one neuron, constant), shape
    (n_steps,) (one neuron, a value per step), (n_neurons, 1) (constant per neuron) or
    (n_neurons, n_steps).

    Parameters
    ----------
    current : float or array_like or Stimulus
        The input; a :class:`Stimulus` must have been built at this ``dt``.
    dt, duration : float
        Step and simulated time [ms] (already validated).
    name, unit : str
        Parameter name and unit for messages.
    limit : float
        Largest allowed magnitude.

    Returns
    -------
    matrix : ndarray, shape (rows, cols)
    n_neurons : int
    n_steps : int
    """
    stim_dt = getattr(current, "dt", None)
    if stim_dt is not None and abs(stim_dt - dt) > 1e-9 * dt:
        raise ValueError(
            f"{name} was built at dt = {stim_dt:g} ms but the simulation runs at dt = {dt:g} ms; "
            f"build the {name} with the same dt (its values are one per step)"
        )
    arr = check_array(name, np.asarray(current), unit=unit, ndim=(0, 1, 2), low=-limit, high=limit)
    n_steps = n_steps_for(duration, dt)
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        if arr.size != n_steps:
            raise ValueError(
                f"a 1-D {name} must have one value per step: {n_steps} values for "
                f"duration = {duration:g} ms at dt = {dt:g} ms; got {arr.size}. "
                f"For several neurons with constant inputs pass shape (n_neurons, 1)."
            )
        arr = arr.reshape(1, -1)
    elif arr.shape[1] not in (1, n_steps):
        raise ValueError(
            f"a 2-D {name} must have shape (n_neurons, 1) or (n_neurons, {n_steps}) "
            f"(one column per step); got {arr.shape}"
        )
    return np.ascontiguousarray(arr), arr.shape[0], n_steps


def _grid(duration, dt):
    dt = check_positive("dt", dt, unit="ms", high=100.0)
    duration = check_duration(duration, dt=dt)
    return duration, dt, n_steps_for(duration, dt)


def _amplitude(name, value):
    return check_scalar(name, value, unit="nA", low=-_MAX_AMPLITUDE, high=_MAX_AMPLITUDE)


def time_axis(*, duration, dt):
    """Return the start time of every step [ms]: ``0, dt, 2 dt, ...`` covering ``duration``."""
    duration, dt, n_steps = _grid(duration, dt)
    return np.arange(n_steps) * dt


def step_current(*, duration, dt, amplitude, t_start=0.0, t_stop=None, baseline=0.0):
    """Return a current that steps from ``baseline`` to ``amplitude`` between two times.

    Parameters
    ----------
    duration : float
        Length of the signal [ms].
    dt : float
        Time step [ms].
    amplitude : float
        Current during the step [nA].
    t_start : float
        Onset of the step [ms], >= 0.
    t_stop : float, optional
        Offset of the step [ms], > ``t_start``; defaults to the end of the signal.
    baseline : float
        Current outside the step [nA].

    Returns
    -------
    current : Stimulus, shape (n_steps,)
        Current at each step [nA], carrying its ``dt``.
    """
    duration, dt, n_steps = _grid(duration, dt)
    amplitude = _amplitude("amplitude", amplitude)
    baseline = _amplitude("baseline", baseline)
    t_start = check_nonnegative("t_start", t_start, unit="ms")
    t_stop = (
        duration
        if t_stop is None
        else check_scalar("t_stop", t_stop, unit="ms", low=t_start, low_inclusive=False)
    )
    t = np.arange(n_steps) * dt
    return Stimulus(np.where((t >= t_start - 1e-9 * dt) & (t < t_stop - 1e-9 * dt), amplitude, baseline), dt)


def pulse_current(*, duration, dt, amplitude, t_start, width, baseline=0.0):
    """Return a rectangular pulse of ``amplitude`` [nA] lasting ``width`` [ms] from ``t_start`` [ms]."""
    width = check_positive("width", width, unit="ms")
    t_start = check_nonnegative("t_start", t_start, unit="ms")
    return step_current(
        duration=duration,
        dt=dt,
        amplitude=amplitude,
        t_start=t_start,
        t_stop=t_start + width,
        baseline=baseline,
    )


def ramp_current(*, duration, dt, start_amplitude, end_amplitude, t_start=0.0, t_stop=None):
    """Return a current that rises linearly from ``start_amplitude`` to ``end_amplitude`` [nA].

    Before ``t_start`` [ms] the current is ``start_amplitude``; after ``t_stop`` [ms]
    (default: the end) it stays at ``end_amplitude``.
    """
    duration, dt, n_steps = _grid(duration, dt)
    start_amplitude = _amplitude("start_amplitude", start_amplitude)
    end_amplitude = _amplitude("end_amplitude", end_amplitude)
    t_start = check_nonnegative("t_start", t_start, unit="ms")
    t_stop = (
        duration
        if t_stop is None
        else check_scalar("t_stop", t_stop, unit="ms", low=t_start, low_inclusive=False)
    )
    t = np.arange(n_steps) * dt
    fraction = np.clip((t - t_start) / (t_stop - t_start), 0.0, 1.0)
    return Stimulus(start_amplitude + fraction * (end_amplitude - start_amplitude), dt)


def noisy_current(*, duration, dt, mean, std, tau=None, n_signals=1, rng=None):
    """Return a Gaussian noisy current: white, or coloured (Ornstein-Uhlenbeck) with time constant ``tau``.

    Parameters
    ----------
    duration, dt : float
        Length of the signal and time step [ms].
    mean : float
        Mean current [nA].
    std : float
        Noise amplitude [nA], >= 0. For OU noise, the stationary standard deviation of the
        current. For white noise, the standard deviation of the current *averaged over 1 ms*:
        each sample has standard deviation ``std * sqrt(1 ms / dt)``, so that the noise a
        membrane integrates (and the voltage fluctuations it causes) does not change with
        ``dt``; halving ``dt`` makes the samples :math:`\\sqrt{2}` times wider.
    tau : float, optional
        Correlation time [ms] of OU noise, > 0; ``None`` gives independent samples.
    n_signals : int
        Number of independent signals (rows).
    rng : None, int or numpy.random.Generator
        Source of randomness.

    Returns
    -------
    current : Stimulus, shape (n_steps,) or (n_signals, n_steps)
        Current [nA], carrying its ``dt``; 1-D when ``n_signals == 1``.

    Notes
    -----
    OU noise is sampled exactly:
    :math:`x_{k+1} = x_k e^{-dt/\\tau} + \\sigma\\sqrt{1 - e^{-2 dt/\\tau}}\\,\\xi_k`,
    starting from the stationary distribution.
    """
    rng = as_generator(rng)
    duration, dt, n_steps = _grid(duration, dt)
    mean = _amplitude("mean", mean)
    std = check_nonnegative("std", std, unit="nA", high=_MAX_AMPLITUDE)
    n_signals = check_int("n_signals", n_signals, low=1, high=100_000)
    check_memory(
        f"noisy_current: {n_signals} signal(s) x {n_steps} steps",
        8.0 * n_signals * n_steps,
        reduce="shorten duration, use a larger dt or fewer signals (n_signals)",
    )
    xi = rng.standard_normal((n_signals, n_steps))
    if tau is None:
        out = mean + std * np.sqrt(1.0 / dt) * xi
    else:
        tau = check_positive("tau", tau, unit="ms")
        decay = np.exp(-dt / tau)
        kick = std * np.sqrt(1.0 - decay * decay)
        out = np.empty_like(xi)
        x = std * xi[:, 0]
        out[:, 0] = x
        for k in range(1, n_steps):
            x = x * decay + kick * xi[:, k]
            out[:, k] = x
        out += mean
    return Stimulus(out[0] if n_signals == 1 else out, dt)


@dataclass(frozen=True, kw_only=True, eq=False)
class SpikeTrains(SpikeMethods):
    """Spike trains of ``n_neurons`` sources over ``duration`` [ms].

    Attributes
    ----------
    spike_indices : ndarray of int64, shape (n_spikes,)
        Source of each spike, sorted by time.
    spike_times : ndarray of float64, shape (n_spikes,)
        Spike times [ms], ascending.
    n_neurons : int
        Number of sources (trains).
    duration : float
        Length of the trains [ms].
    dt : float or None
        Step [ms] of the rate samples of an inhomogeneous train; None for trains drawn in
        continuous time.

    The spike properties (``spike_counts``, ``firing_rates``, ``mean_rate``,
    ``spike_trains()``) are those of every spiking result.
    """

    spike_indices: np.ndarray
    spike_times: np.ndarray
    n_neurons: int
    duration: float
    dt: float | None = None

    def __post_init__(self):
        self.spike_indices.setflags(write=False)
        self.spike_times.setflags(write=False)


def poisson_spike_trains(rate, *, duration, n_trains=1, rng=None):
    """Draw homogeneous Poisson spike trains in continuous time.

    Parameters
    ----------
    rate : float or array_like
        Rate of each train [Hz], >= 0 and at most 10 kHz: a scalar or shape (n_trains,).
    duration : float
        Length of the trains [ms].
    n_trains : int
        Number of independent trains (ignored when ``rate`` is an array).
    rng : None, int or numpy.random.Generator
        Source of randomness.

    Returns
    -------
    SpikeTrains
        Spikes sorted by time.

    Notes
    -----
    The count in each train is Poisson with mean ``rate * duration``; given the count, the
    times are independent and uniform.
    """
    rng = as_generator(rng)
    duration = check_positive("duration", duration, unit="ms", high=1e8)
    rates = check_array("rate", rate, unit="Hz", ndim=(0, 1), low=0.0, high=1e4)
    if rates.ndim == 0:
        n_trains = check_int("n_trains", n_trains, low=1, high=10_000_000)
        rates = np.full(n_trains, float(rates))
    n_trains = rates.size
    if n_trains == 0:
        raise ValueError("rate must hold at least one value")
    expected = rates.sum() * duration / 1000.0
    if expected > 1e8:
        raise ValueError(
            f"these trains would hold about {expected:.3g} spikes (limit 1e8); "
            "lower the rate, the duration or n_trains"
        )
    counts = rng.poisson(rates * duration / 1000.0)
    indices = np.repeat(np.arange(n_trains, dtype=np.int64), counts)
    times = rng.uniform(0.0, duration, size=indices.size)
    order = np.argsort(times, kind="stable")
    return SpikeTrains(
        spike_indices=indices[order], spike_times=times[order], n_neurons=n_trains, duration=duration
    )


def inhomogeneous_poisson_spike_trains(rate, *, dt, n_trains=1, rng=None):
    """Draw inhomogeneous Poisson spike trains whose rate changes over time (by thinning).

    Parameters
    ----------
    rate : array_like, shape (n_steps,) or (n_trains, n_steps)
        Instantaneous rate [Hz] in each step of length ``dt``, >= 0 and at most 10 kHz.
    dt : float
        Duration of each rate sample [ms].
    n_trains : int
        Number of independent trains when ``rate`` is 1-D.
    rng : None, int or numpy.random.Generator
        Source of randomness.

    Returns
    -------
    SpikeTrains
        Spikes sorted by time; ``duration = n_steps * dt``.

    References
    ----------
    Lewis PAW, Shedler GS (1979) Simulation of nonhomogeneous Poisson processes by thinning.
    Naval Res Logist Q 26:403-413.
    """
    rng = as_generator(rng)
    dt = check_positive("dt", dt, unit="ms", high=1e4)
    rates = check_array("rate", rate, unit="Hz", ndim=(1, 2), low=0.0, high=1e4, min_size=1)
    if rates.ndim == 1:
        n_trains = check_int("n_trains", n_trains, low=1, high=10_000_000)
        rates = np.broadcast_to(rates, (n_trains, rates.size))
    n_trains, n_steps = rates.shape
    duration = n_steps * dt
    peak = rates.max(axis=1)
    candidates = poisson_spike_trains(peak, duration=duration, rng=rng)
    step = np.minimum((candidates.spike_times // dt).astype(np.int64), n_steps - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        keep_prob = rates[candidates.spike_indices, step] / peak[candidates.spike_indices]
    keep = rng.uniform(size=keep_prob.size) < keep_prob
    return SpikeTrains(
        spike_indices=candidates.spike_indices[keep],
        spike_times=candidates.spike_times[keep],
        n_neurons=n_trains,
        duration=duration,
        dt=dt,
    )
