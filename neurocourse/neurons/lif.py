"""The leaky integrate-and-fire neuron, integrated exactly between time steps.

.. math::

    \\tau_m \\frac{dV}{dt} = -(V - E_L) + R I(t), \\qquad
    V \\ge \\theta \\Rightarrow \\text{spike}, \\; V \\leftarrow V_r \\text{ for } t_{ref}

Within a step the input current is constant, so the membrane relaxes exactly towards
:math:`V_\\infty = E_L + R I`; the threshold crossing time is solved in closed form, and the
refractory period starts at that exact time. Firing rates for constant input therefore
match the analytic f-I curve whatever the step, and spike times are not tied to the grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numba
import numpy as np

from .._numba import compile_serial_and_parallel
from .._progress import step_chunks
from .._results import SpikingResult, collect_spikes
from .._validation import (
    check_array,
    check_bool,
    check_dt,
    check_duration,
    check_nonnegative,
    check_positive,
    check_scalar,
    n_steps_for,
)

__all__ = ["LIFParams", "LIFResult", "simulate_lif", "lif_rate", "lif_rheobase", "lif_subthreshold_voltage"]


@dataclass(frozen=True)
class LIFParams:
    """Parameters of a leaky integrate-and-fire neuron.

    The defaults are those of neurodynex (Gerstner et al. 2014, exercise 1.1).

    Attributes
    ----------
    tau_m : float
        Membrane time constant [ms], > 0.
    e_leak : float
        Resting (leak reversal) potential E_L [mV].
    v_reset : float
        Reset potential V_r [mV], below ``v_threshold``.
    v_threshold : float
        Firing threshold theta [mV], above ``e_leak``.
    r_membrane : float
        Membrane resistance R [MOhm], > 0 (R [MOhm] x I [nA] = mV).
    t_ref : float
        Absolute refractory period [ms], >= 0.
    """

    tau_m: float = 8.0
    e_leak: float = -70.0
    v_reset: float = -65.0
    v_threshold: float = -50.0
    r_membrane: float = 10.0
    t_ref: float = 2.0

    def __post_init__(self):
        object.__setattr__(self, "tau_m", check_positive("tau_m", self.tau_m, unit="ms", high=1e4))
        object.__setattr__(self, "e_leak", check_scalar("e_leak", self.e_leak, unit="mV", low=-200, high=100))
        object.__setattr__(self, "v_reset", check_scalar("v_reset", self.v_reset, unit="mV", low=-200, high=100))
        object.__setattr__(self, "v_threshold",
                           check_scalar("v_threshold", self.v_threshold, unit="mV", low=-200, high=100))
        object.__setattr__(self, "r_membrane",
                           check_positive("r_membrane", self.r_membrane, unit="MOhm", high=1e5))
        object.__setattr__(self, "t_ref", check_nonnegative("t_ref", self.t_ref, unit="ms", high=1e3))
        if self.v_threshold <= self.e_leak:
            raise ValueError(
                f"v_threshold [mV] must be above e_leak = {self.e_leak:g} mV; got {self.v_threshold:g} "
                "(a neuron resting above threshold would fire forever)"
            )
        if self.v_reset >= self.v_threshold:
            raise ValueError(
                f"v_reset [mV] must be below v_threshold = {self.v_threshold:g} mV; got {self.v_reset:g}"
            )

    @property
    def max_dt(self) -> float:
        """Largest time step [ms] accepted: a tenth of tau_m, at most 1 ms."""
        return min(1.0, self.tau_m / 10.0)


@dataclass(frozen=True, eq=False)
class LIFResult(SpikingResult):
    """Result of :func:`simulate_lif`.

    Attributes
    ----------
    spike_indices, spike_times, n_neurons, duration, dt
        See :class:`~neurocourse._results.SpikingResult`; spike times are exact, not on the grid.
    time : ndarray, shape (n_steps,)
        Time of each recorded sample [ms] (the start of each step).
    voltage : ndarray, shape (n_neurons, n_steps)
        Membrane potential [mV] at each sample; empty (n_neurons, 0) if not recorded.
    params : LIFParams
        The parameters simulated.
    """

    time: np.ndarray = field(default=None)
    voltage: np.ndarray = field(default=None)
    params: LIFParams = field(default=None)


def _lif_kernel(current, v_state, ref_state, step0, n_steps, dt, tau_m, e_leak, r_m, theta, v_reset,
                t_ref, voltage_out, spike_out, spike_count):
    """Advance independent LIF neurons over steps ``step0 .. step0 + n_steps - 1``.

    current : (1 or n, 1 or n_total) [nA]; v_state, ref_state : (n,) in/out [mV], [ms];
    voltage_out : (n, n_total) or (n, 0); spike_out : (n, cap) exact times [ms];
    spike_count : (n,) int64 in/out.
    """
    n_neurons = v_state.shape[0]
    rows = current.shape[0]
    cols = current.shape[1]
    record = voltage_out.shape[1] > 0
    cap = spike_out.shape[1]
    for neuron in numba.prange(n_neurons):
        i = np.int64(neuron)  # prange's index is unsigned in parallel builds; keep indices int64
        v = v_state[i]
        ref_left = ref_state[i]
        count = spike_count[i]
        row = i if rows > 1 else 0
        for k in range(n_steps):
            step = step0 + k
            if record:
                voltage_out[i, step] = v
            amp = current[row, step if cols > 1 else 0]
            v_inf = e_leak + r_m * amp
            t = 0.0
            if ref_left > 0.0:
                if ref_left >= dt:
                    ref_left -= dt
                    v = v_reset
                    continue
                t = ref_left
                ref_left = 0.0
                v = v_reset
            # up to one spike per step, then the refractory period (t_ref >= dt keeps this exact)
            remaining = dt - t
            v_end = v_inf + (v - v_inf) * math.exp(-remaining / tau_m)
            if v >= theta or v_end >= theta:
                if v >= theta or v_inf <= theta:
                    s = 0.0
                else:
                    s = tau_m * math.log((v_inf - v) / (v_inf - theta))
                    if s > remaining:
                        s = remaining
                if count < cap:
                    spike_out[i, count] = step * dt + t + s
                count += 1
                after = remaining - s
                if t_ref >= after:
                    ref_left = t_ref - after
                    v = v_reset
                else:
                    v = v_inf + (v_reset - v_inf) * math.exp(-(after - t_ref) / tau_m)
            else:
                v = v_end
        v_state[i] = v
        ref_state[i] = ref_left
        spike_count[i] = count


_lif_kernel_serial, _lif_kernel_parallel = compile_serial_and_parallel(_lif_kernel)


def _as_current(current, dt, duration):
    """Return the current as a (rows, cols) float64 array and the number of neurons."""
    arr = check_array("current", current, unit="nA", ndim=(0, 1, 2), low=-1e4, high=1e4)
    n_steps = n_steps_for(duration, dt)
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        if arr.size != n_steps:
            raise ValueError(
                f"a 1-D current must have one value per step: {n_steps} values for "
                f"duration = {duration:g} ms at dt = {dt:g} ms; got {arr.size}. "
                "For several neurons with constant currents pass shape (n_neurons, 1)."
            )
        arr = arr.reshape(1, -1)
    elif arr.shape[1] not in (1, n_steps):
        raise ValueError(
            f"a 2-D current must have shape (n_neurons, 1) or (n_neurons, {n_steps}) "
            f"(one column per step); got {arr.shape}"
        )
    return np.ascontiguousarray(arr), arr.shape[0], n_steps


def simulate_lif(params, current, *, duration, dt=0.1, v0=None, record_v=True, parallel=False,
                 progress=False):
    """Simulate leaky integrate-and-fire neurons driven by input currents.

    Parameters
    ----------
    params : LIFParams
        Neuron parameters.
    current : float or array_like
        Input current [nA], constant within each step: a scalar (one neuron, constant), shape
        (n_steps,) (one neuron, a value per step), (n_neurons, 1) (constant per neuron) or
        (n_neurons, n_steps). Values must be finite and within +-1e4 nA.
    duration : float
        Simulated time [ms], > 0.
    dt : float
        Time step [ms], in (0, params.max_dt].
    v0 : float or array_like, optional
        Initial voltage [mV] of each neuron; defaults to ``params.e_leak``.
    record_v : bool
        Record the voltage at the start of every step.
    parallel : bool
        Simulate neurons on several threads (same result as serial).
    progress : bool
        Show a progress bar for long runs.

    Returns
    -------
    LIFResult
        Spikes (exact times), sampled voltage and the parameters.

    Raises
    ------
    TypeError, ValueError
        On any invalid argument, naming it, its unit and the allowed range.

    Notes
    -----
    Between steps the solution is exact:
    :math:`V(t+s) = V_\\infty + (V(t) - V_\\infty) e^{-s/\\tau_m}` with
    :math:`V_\\infty = E_L + R I`. A threshold crossing inside a step is found at
    :math:`s^* = \\tau_m \\ln\\frac{V_\\infty - V(t)}{V_\\infty - \\theta}`.

    References
    ----------
    Lapicque L (1907) J Physiol Pathol Gen 9:620-635. Gerstner W, Kistler WM, Naud R,
    Paninski L (2014) Neuronal Dynamics, ch. 1.3. Cambridge University Press.
    """
    if not isinstance(params, LIFParams):
        raise TypeError(f"params must be an LIFParams; got {type(params).__name__}")
    dt = check_dt(dt, max_dt=params.max_dt, model="LIF neuron")
    duration = check_duration(duration, dt=dt)
    record_v = check_bool("record_v", record_v)
    parallel = check_bool("parallel", parallel)
    progress = check_bool("progress", progress)
    cur, n_neurons, n_steps = _as_current(current, dt, duration)
    if v0 is None:
        v_state = np.full(n_neurons, params.e_leak)
    else:
        v_state = check_array("v0", v0, unit="mV", ndim=(0, 1), low=-200, high=100)
        if v_state.ndim == 1 and v_state.size not in (1, n_neurons):
            raise ValueError(f"v0 must be a scalar or have shape ({n_neurons},); got {v_state.shape}")
        v_state = np.ascontiguousarray(np.broadcast_to(v_state, (n_neurons,)), dtype=float).copy()
    if record_v and n_neurons * n_steps > 200_000_000:
        raise ValueError(
            f"recording the voltage of {n_neurons} neurons over {n_steps} steps would need "
            f"{n_neurons * n_steps * 8 / 1e9:.1f} GB; pass record_v=False or shorten duration"
        )
    cap = n_steps if params.t_ref < dt else min(n_steps, int(duration / params.t_ref) + 2)
    if n_neurons * cap > 100_000_000:
        raise ValueError(
            f"{n_neurons} neurons x up to {cap} spikes each is too much to store; "
            "use fewer neurons, a shorter duration or a longer t_ref"
        )
    voltage = np.empty((n_neurons, n_steps if record_v else 0))
    spike_out = np.empty((n_neurons, cap))
    spike_count = np.zeros(n_neurons, dtype=np.int64)
    ref_state = np.zeros(n_neurons)
    kernel = _lif_kernel_parallel if parallel else _lif_kernel_serial
    for start, stop in step_chunks(n_steps, work_per_step=n_neurons, progress=progress, desc="LIF"):
        kernel(cur, v_state, ref_state, start, stop - start, dt, params.tau_m, params.e_leak,
               params.r_membrane, params.v_threshold, params.v_reset, params.t_ref, voltage,
               spike_out, spike_count)
    indices, times = collect_spikes(spike_out, spike_count)
    return LIFResult(
        spike_indices=indices, spike_times=times, n_neurons=n_neurons,
        duration=duration, dt=dt, time=np.arange(n_steps) * dt if record_v else np.empty(0),
        voltage=voltage, params=params,
    )


def lif_rheobase(params):
    """Return the rheobase: the smallest constant current that makes the neuron fire [nA].

    .. math:: I_{rh} = (\\theta - E_L) / R
    """
    if not isinstance(params, LIFParams):
        raise TypeError(f"params must be an LIFParams; got {type(params).__name__}")
    return (params.v_threshold - params.e_leak) / params.r_membrane


def lif_rate(params, current):
    """Return the analytic firing rate of the LIF neuron for constant currents [Hz].

    .. math::

        f(I) = \\left[t_{ref} + \\tau_m \\ln\\frac{R I + E_L - V_r}{R I + E_L - \\theta}\\right]^{-1}
        \\quad (I > I_{rh}), \\qquad f(I) = 0 \\text{ otherwise.}

    Parameters
    ----------
    params : LIFParams
        Neuron parameters.
    current : float or array_like
        Constant input current(s) [nA], finite.

    Returns
    -------
    rate : float or ndarray
        Firing rate(s) [Hz], same shape as ``current``.

    References
    ----------
    Gerstner W, Kistler WM, Naud R, Paninski L (2014) Neuronal Dynamics, eq. 1.11.
    """
    if not isinstance(params, LIFParams):
        raise TypeError(f"params must be an LIFParams; got {type(params).__name__}")
    amp = check_array("current", current, unit="nA", ndim=(0, 1, 2))
    drive = params.r_membrane * amp + params.e_leak
    above = drive > params.v_threshold
    rate = np.zeros_like(amp)
    with np.errstate(divide="ignore", invalid="ignore"):
        period = params.t_ref + params.tau_m * np.log(
            (drive - params.v_reset) / (drive - params.v_threshold))
    rate[above] = 1000.0 / period[above]
    return float(rate) if rate.ndim == 0 else rate


def lif_subthreshold_voltage(params, current, time, *, v0=None):
    """Return the analytic membrane potential for a constant current, before any spike [mV].

    .. math:: V(t) = V_\\infty + (V_0 - V_\\infty) e^{-t/\\tau_m}, \\quad V_\\infty = E_L + R I

    Parameters
    ----------
    params : LIFParams
        Neuron parameters.
    current : float
        Constant current [nA].
    time : array_like
        Times [ms] since the current was switched on, >= 0.
    v0 : float, optional
        Voltage at time 0 [mV]; defaults to ``params.e_leak``.
    """
    if not isinstance(params, LIFParams):
        raise TypeError(f"params must be an LIFParams; got {type(params).__name__}")
    amp = check_scalar("current", current, unit="nA")
    t = check_array("time", time, unit="ms", ndim=(0, 1), low=0.0)
    v_start = params.e_leak if v0 is None else check_scalar("v0", v0, unit="mV")
    v_inf = params.e_leak + params.r_membrane * amp
    return v_inf + (v_start - v_inf) * np.exp(-t / params.tau_m)
