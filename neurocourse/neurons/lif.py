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
from dataclasses import dataclass

import numba
import numpy as np

from .._numba import compile_serial_and_parallel
from .._params import LIFFields, set_checked
from .._progress import step_chunks
from .._results import SpikingResult, collect_spikes
from .._validation import (
    check_array,
    check_bool,
    check_dt,
    check_duration,
    check_initial_state,
    check_memory,
    check_positive,
    check_record,
    check_scalar,
    warn_unit_slip,
)
from ..inputs import as_current_matrix

__all__ = ["LIFParams", "LIFResult", "simulate_lif", "lif_rate", "lif_rheobase", "lif_subthreshold_voltage"]


@dataclass(frozen=True, kw_only=True)
class LIFParams(LIFFields):
    """Parameters of a leaky integrate-and-fire neuron driven by a current.

    The LIF fields and their rules come from :class:`~neurocourse._params.LIFFields`; this
    class adds the membrane resistance and the neurodynex defaults (Gerstner et al. 2014,
    exercise 1.1).

    Attributes
    ----------
    tau_m : float
        Membrane time constant [ms], in (0, 1e4].
    e_leak : float
        Resting (leak reversal) potential E_L [mV], in [-200, 100], below ``v_threshold``.
    v_reset : float
        Reset potential V_r [mV], below ``v_threshold``.
    v_threshold : float
        Firing threshold theta [mV], above ``e_leak``; the neuron spikes when V >= theta.
    r_membrane : float
        Membrane resistance R [MOhm], in (0, 1e5] (R [MOhm] x I [nA] = mV).
    t_ref : float
        Absolute refractory period [ms], in [0, 1000].
    """

    tau_m: float = 8.0
    e_leak: float = -70.0
    v_reset: float = -65.0
    v_threshold: float = -50.0
    r_membrane: float = 10.0
    t_ref: float = 2.0

    def __post_init__(self):
        for name in ("e_leak", "v_reset", "v_threshold"):
            warn_unit_slip(name, getattr(self, name), unit="mV")
        super().__post_init__()
        set_checked(self, "r_membrane", check_positive("r_membrane", self.r_membrane, unit="MOhm", high=1e5))
        if self.v_threshold <= self.e_leak:
            raise ValueError(
                f"v_threshold [mV] must be above e_leak = {self.e_leak:g} mV; got {self.v_threshold:g} "
                "(a neuron resting above threshold would fire forever)"
            )


@dataclass(frozen=True, kw_only=True, eq=False)
class LIFResult(SpikingResult):
    """Result of :func:`simulate_lif`.

    Attributes
    ----------
    params : LIFParams
        The parameters simulated.
    dt, n_steps, t_start, duration, time
        Step [ms], number of steps, start [ms]; ``duration`` [ms] and ``time`` [ms] (the
        start of each step) are properties (see :class:`~neurocourse._results.SimulationResult`).
    spike_indices, spike_times, n_neurons
        See :class:`~neurocourse._results.SpikingResult`; spike times are exact, not on the grid.
    voltage : ndarray, shape (n_recorded, n_steps)
        Membrane potential [mV] at the start of each step, of the recorded neurons.
    recorded : ndarray of int64, shape (n_recorded,)
        Indices of the recorded neurons (rows of ``voltage``).
    """

    voltage: np.ndarray
    recorded: np.ndarray


def _lif_kernel(
    current,
    v_state,
    ref_state,
    step0,
    n_steps,
    dt,
    tau_m,
    e_leak,
    r_m,
    theta,
    v_reset,
    t_ref,
    rec_pos,
    voltage_out,
    spike_out,
    spike_count,
):
    """Advance independent LIF neurons over steps ``step0 .. step0 + n_steps - 1``.

    current : (1 or n, 1 or n_total) [nA]; v_state, ref_state : (n,) in/out [mV], [ms];
    rec_pos : (n,) row of ``voltage_out`` of each neuron, or -1; voltage_out : (n_rec, n_total);
    spike_out : (n, cap) exact times [ms]; spike_count : (n,) int64 in/out. A neuron may
    fire several times within one step when ``t_ref < dt``: each crossing is solved exactly.
    """
    n_neurons = v_state.shape[0]
    rows = current.shape[0]
    cols = current.shape[1]
    cap = spike_out.shape[1]
    for neuron in numba.prange(n_neurons):
        i = np.int64(neuron)  # prange's index is unsigned in parallel builds; keep indices int64
        v = v_state[i]
        ref_left = ref_state[i]
        count = spike_count[i]
        row = i if rows > 1 else 0
        out_row = rec_pos[i]
        for k in range(n_steps):
            step = step0 + k
            if out_row >= 0:
                voltage_out[out_row, step] = v
            amp = current[row, step if cols > 1 else 0]
            v_inf = e_leak + r_m * amp
            t = 0.0  # time into the step already accounted for [ms]
            if ref_left > 0.0:
                if ref_left >= dt:
                    ref_left -= dt
                    v = v_reset
                    continue
                t = ref_left
                ref_left = 0.0
                v = v_reset
            while True:
                remaining = dt - t
                v_end = v_inf + (v - v_inf) * math.exp(-remaining / tau_m)
                if v < theta and v_end < theta:
                    v = v_end
                    break
                if v >= theta or v_inf <= theta:
                    s = 0.0
                else:
                    s = tau_m * math.log((v_inf - v) / (v_inf - theta))
                    if s > remaining:
                        s = remaining
                if count < cap:
                    spike_out[i, count] = step * dt + t + s
                count += 1
                t += s + t_ref
                v = v_reset
                if t >= dt:  # the refractory period reaches into the next step(s)
                    ref_left = t - dt
                    break
                # t_ref < dt: the membrane relaxes from v_reset for the rest of the step
        v_state[i] = v
        ref_state[i] = ref_left
        spike_count[i] = count


_lif_kernel_serial, _lif_kernel_parallel = compile_serial_and_parallel(_lif_kernel)


def simulate_lif(
    params, current, *, duration, dt=0.1, v_init=None, record=True, parallel=False, progress=False
):
    """Simulate leaky integrate-and-fire neurons driven by input currents.

    Parameters
    ----------
    params : LIFParams
        Neuron parameters.
    current : float or array_like or Stimulus
        Input current [nA], constant within each step: a scalar (one neuron, constant), shape
        (n_steps,) (one neuron, a value per step), (n_neurons, 1) (constant per neuron) or
        (n_neurons, n_steps). Values must be finite and within +-1e4 nA. A
        :class:`~neurocourse.inputs.Stimulus` must have been built at this ``dt``.
    duration : float
        Simulated time [ms], > 0.
    dt : float
        Time step [ms], in (0, params.max_dt].
    v_init : float or array_like, optional
        Initial voltage [mV] of each neuron, in [-200, 100]; defaults to ``params.e_leak``.
    record : bool or array_like of int
        Neurons whose voltage to record at the start of every step: True for all (default),
        False or None for none, or indices.
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
    :math:`s^* = \\tau_m \\ln\\frac{V_\\infty - V(t)}{V_\\infty - \\theta}`; after it the neuron
    is held at ``v_reset`` for ``t_ref`` and then relaxes again, so with ``t_ref < dt`` a
    neuron may fire several times within one step, each time exactly.

    References
    ----------
    Lapicque L (1907) J Physiol Pathol Gen 9:620-635. Gerstner W, Kistler WM, Naud R,
    Paninski L (2014) Neuronal Dynamics, ch. 1.3. Cambridge University Press.
    """
    if not isinstance(params, LIFParams):
        raise TypeError(f"params must be an LIFParams; got {type(params).__name__}")
    dt = check_dt(dt, max_dt=params.max_dt, model="LIF neuron")
    duration = check_duration(duration, dt=dt)
    parallel = check_bool("parallel", parallel)
    progress = check_bool("progress", progress)
    warn_unit_slip("current", current, unit="nA")
    cur, n_neurons, n_steps = as_current_matrix(current, dt=dt, duration=duration)
    v_state = check_initial_state(
        "v_init", v_init, n_neurons, default=params.e_leak, unit="mV", low=-200.0, high=100.0
    )
    recorded = check_record(record, n_neurons)
    check_memory(
        f"record: the voltage of {recorded.size} neuron(s) over {n_steps} steps",
        8.0 * recorded.size * n_steps,
        reduce="record fewer neurons or shorten duration",
    )
    # Most spikes a neuron can fire: the shortest inter-spike interval is the refractory
    # period plus the time from v_reset to threshold at the largest input.
    v_inf_max = params.e_leak + params.r_membrane * float(cur.max())
    if v_inf_max > params.v_threshold:
        isi_min = params.t_ref + params.tau_m * math.log(
            (v_inf_max - params.v_reset) / (v_inf_max - params.v_threshold)
        )
        cap = int(duration / isi_min) + 2
    else:
        cap = 2
    check_memory(
        f"the spikes of {n_neurons} neuron(s) firing up to {cap} times each",
        8.0 * n_neurons * cap,
        reduce="use fewer neurons, a shorter duration, a smaller current or a longer t_ref",
    )
    rec_pos = np.full(n_neurons, -1, dtype=np.int64)
    rec_pos[recorded] = np.arange(recorded.size)
    voltage = np.empty((recorded.size, n_steps))
    spike_out = np.empty((n_neurons, cap))
    spike_count = np.zeros(n_neurons, dtype=np.int64)
    ref_state = np.zeros(n_neurons)
    kernel = _lif_kernel_parallel if parallel else _lif_kernel_serial
    for start, stop in step_chunks(n_steps, work_per_step=n_neurons, progress=progress, desc="LIF"):
        kernel(
            cur,
            v_state,
            ref_state,
            start,
            stop - start,
            dt,
            params.tau_m,
            params.e_leak,
            params.r_membrane,
            params.v_threshold,
            params.v_reset,
            params.t_ref,
            rec_pos,
            voltage,
            spike_out,
            spike_count,
        )
    indices, times = collect_spikes(spike_out, spike_count)
    return LIFResult(
        params=params,
        dt=dt,
        n_steps=n_steps,
        spike_indices=indices,
        spike_times=times,
        n_neurons=n_neurons,
        voltage=voltage,
        recorded=recorded,
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
        period = params.t_ref + params.tau_m * np.log((drive - params.v_reset) / (drive - params.v_threshold))
    rate[above] = 1000.0 / period[above]
    return float(rate) if rate.ndim == 0 else rate


def lif_subthreshold_voltage(params, current, time, *, v_init=None):
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
    v_init : float, optional
        Voltage at time 0 [mV]; defaults to ``params.e_leak``.
    """
    if not isinstance(params, LIFParams):
        raise TypeError(f"params must be an LIFParams; got {type(params).__name__}")
    amp = check_scalar("current", current, unit="nA")
    t = check_array("time", time, unit="ms", ndim=(0, 1), low=0.0)
    v_start = params.e_leak if v_init is None else check_scalar("v_init", v_init, unit="mV")
    v_inf = params.e_leak + params.r_membrane * amp
    return v_inf + (v_start - v_inf) * np.exp(-t / params.tau_m)
