"""Input currents and spike trains: steps, pulses, ramps, noise, and Poisson processes.

Currents are arrays with one value per time step [nA] (time the last axis), ready for
:func:`neurocourse.neurons.simulate_lif` and friends. Spike trains are
:class:`SpikeTrains`: two parallel arrays ``spike_indices`` and ``spike_times`` [ms],
sorted by time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._results import SpikingResult
from ._validation import (
    check_array,
    check_duration,
    check_int,
    check_nonnegative,
    check_positive,
    check_scalar,
    n_steps_for,
)

__all__ = [
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
    current : ndarray, shape (n_steps,)
        Current at each step [nA].
    """
    duration, dt, n_steps = _grid(duration, dt)
    amplitude = _amplitude("amplitude", amplitude)
    baseline = _amplitude("baseline", baseline)
    t_start = check_nonnegative("t_start", t_start, unit="ms")
    t_stop = duration if t_stop is None else check_scalar("t_stop", t_stop, unit="ms", low=t_start,
                                                           low_inclusive=False)
    t = np.arange(n_steps) * dt
    return np.where((t >= t_start - 1e-9 * dt) & (t < t_stop - 1e-9 * dt), amplitude, baseline)


def pulse_current(*, duration, dt, amplitude, t_start, width, baseline=0.0):
    """Return a rectangular pulse of ``amplitude`` [nA] lasting ``width`` [ms] from ``t_start`` [ms]."""
    width = check_positive("width", width, unit="ms")
    t_start = check_nonnegative("t_start", t_start, unit="ms")
    return step_current(duration=duration, dt=dt, amplitude=amplitude, t_start=t_start,
                        t_stop=t_start + width, baseline=baseline)


def ramp_current(*, duration, dt, start_amplitude, end_amplitude, t_start=0.0, t_stop=None):
    """Return a current that rises linearly from ``start_amplitude`` to ``end_amplitude`` [nA].

    Before ``t_start`` [ms] the current is ``start_amplitude``; after ``t_stop`` [ms]
    (default: the end) it stays at ``end_amplitude``.
    """
    duration, dt, n_steps = _grid(duration, dt)
    start_amplitude = _amplitude("start_amplitude", start_amplitude)
    end_amplitude = _amplitude("end_amplitude", end_amplitude)
    t_start = check_nonnegative("t_start", t_start, unit="ms")
    t_stop = duration if t_stop is None else check_scalar("t_stop", t_stop, unit="ms", low=t_start,
                                                           low_inclusive=False)
    t = np.arange(n_steps) * dt
    fraction = np.clip((t - t_start) / (t_stop - t_start), 0.0, 1.0)
    return start_amplitude + fraction * (end_amplitude - start_amplitude)


def noisy_current(*, duration, dt, mean, std, tau=None, n_signals=1, rng=None):
    """Return a Gaussian noisy current: white, or coloured (Ornstein-Uhlenbeck) with time constant ``tau``.

    Parameters
    ----------
    duration, dt : float
        Length of the signal and time step [ms].
    mean : float
        Mean current [nA].
    std : float
        Standard deviation of the current [nA], >= 0 (of each sample for white noise; the
        stationary std for OU noise).
    tau : float, optional
        Correlation time [ms] of OU noise, > 0; ``None`` gives independent samples.
    n_signals : int
        Number of independent signals (rows).
    rng : None, int or numpy.random.Generator
        Source of randomness.

    Returns
    -------
    current : ndarray, shape (n_steps,) or (n_signals, n_steps)
        Current [nA]; 1-D when ``n_signals == 1``.

    Notes
    -----
    OU noise is sampled exactly: :math:`x_{k+1} = x_k e^{-dt/\\tau} + \\sigma\\sqrt{1 - e^{-2 dt/\\tau}}\\,\\xi_k`,
    starting from the stationary distribution.
    """
    rng = np.random.default_rng(rng)
    duration, dt, n_steps = _grid(duration, dt)
    mean = _amplitude("mean", mean)
    std = check_nonnegative("std", std, unit="nA", high=_MAX_AMPLITUDE)
    n_signals = check_int("n_signals", n_signals, low=1, high=100_000)
    if n_signals * n_steps > 200_000_000:
        raise ValueError("n_signals x n_steps is too large (over 2e8 samples); shorten duration or use fewer signals")
    xi = rng.standard_normal((n_signals, n_steps))
    if tau is None:
        out = mean + std * xi
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
    return out[0] if n_signals == 1 else out


@dataclass(frozen=True, eq=False)
class SpikeTrains(SpikingResult):
    """Spike trains of ``n_neurons`` sources over ``duration`` [ms].

    Fields and properties as :class:`~neurocourse._results.SpikingResult` (``dt`` is 0 for
    trains drawn in continuous time).
    """


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
    rng = np.random.default_rng(rng)
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
        raise ValueError(f"these trains would hold about {expected:.3g} spikes (limit 1e8); "
                         "lower the rate, the duration or n_trains")
    counts = rng.poisson(rates * duration / 1000.0)
    indices = np.repeat(np.arange(n_trains, dtype=np.int64), counts)
    times = rng.uniform(0.0, duration, size=indices.size)
    order = np.argsort(times, kind="stable")
    return SpikeTrains(indices[order], times[order], n_trains, duration, 0.0)


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
    rng = np.random.default_rng(rng)
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
    return SpikeTrains(candidates.spike_indices[keep], candidates.spike_times[keep], n_trains, duration, dt)
