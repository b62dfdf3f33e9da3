"""The Izhikevich (2003) simple model and its seven classic cortical and thalamic cell types.

.. math::

    \\frac{dv}{dt} = 0.04 v^2 + 5 v + 140 - u + I, \\qquad
    \\frac{du}{dt} = a (b v - u), \\qquad
    v \\ge 30 \\Rightarrow v \\leftarrow c,\\; u \\leftarrow u + d

``v`` is in mV, ``t`` in ms; ``I`` is the model's dimensionless input, as in the paper.
Integrated with forward Euler, as in the paper.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from .._numba import compile_serial_and_parallel
from .._params import set_checked
from .._progress import step_chunks
from .._results import SpikingResult, collect_spikes
from .._validation import (
    check_bool,
    check_choice,
    check_dt,
    check_duration,
    check_initial_state,
    check_memory,
    check_record,
    check_scalar,
)
from ..inputs import as_current_matrix

__all__ = [
    "IzhikevichParams",
    "IzhikevichResult",
    "IZHIKEVICH_PRESETS",
    "IZHIKEVICH_TYPE_NAMES",
    "izhikevich_preset",
    "izhikevich_rest",
    "izhikevich_holding_current",
    "simulate_izhikevich",
]

#: Spike cut-off [mV]: when v reaches it, a spike is emitted and v, u are reset.
V_PEAK = 30.0


@dataclass(frozen=True, kw_only=True)
class IzhikevichParams:
    """Parameters (a, b, c, d) of the Izhikevich model.

    Attributes
    ----------
    a : float
        Recovery rate of u [1/ms], in (0, 1].
    b : float
        Sensitivity of u to subthreshold v [dimensionless], in [-1, 1].
    c : float
        After-spike reset of v [mV], in [-100, 0].
    d : float
        After-spike jump of u [dimensionless], in [-50, 50].
    """

    a: float = 0.02
    b: float = 0.2
    c: float = -65.0
    d: float = 8.0

    def __post_init__(self):
        set_checked(self, "a", check_scalar("a", self.a, unit="1/ms", low=0.0, low_inclusive=False, high=1.0))
        set_checked(self, "b", check_scalar("b", self.b, low=-1.0, high=1.0))
        set_checked(self, "c", check_scalar("c", self.c, unit="mV", low=-100.0, high=0.0))
        set_checked(self, "d", check_scalar("d", self.d, low=-50.0, high=50.0))

    @property
    def max_dt(self) -> float:
        """Largest forward-Euler step [ms] accepted: 0.5 ms, the paper's half-step for v."""
        return 0.5


#: The seven cell types of Izhikevich (2003), Fig. 2.
IZHIKEVICH_PRESETS = {
    "RS": IzhikevichParams(a=0.02, b=0.2, c=-65.0, d=8.0),
    "IB": IzhikevichParams(a=0.02, b=0.2, c=-55.0, d=4.0),
    "CH": IzhikevichParams(a=0.02, b=0.2, c=-50.0, d=2.0),
    "FS": IzhikevichParams(a=0.1, b=0.2, c=-65.0, d=2.0),
    "LTS": IzhikevichParams(a=0.02, b=0.25, c=-65.0, d=2.0),
    "TC": IzhikevichParams(a=0.02, b=0.25, c=-65.0, d=0.05),
    "RZ": IzhikevichParams(a=0.1, b=0.26, c=-65.0, d=2.0),
}

#: Full names of the preset types.
IZHIKEVICH_TYPE_NAMES = {
    "RS": "regular spiking (excitatory cortical cells)",
    "IB": "intrinsically bursting",
    "CH": "chattering (fast rhythmic bursting)",
    "FS": "fast spiking (inhibitory interneurons)",
    "LTS": "low-threshold spiking (inhibitory interneurons)",
    "TC": "thalamo-cortical",
    "RZ": "resonator",
}


def izhikevich_preset(name):
    """Return the parameters of one of the seven Izhikevich (2003) types.

    Parameters
    ----------
    name : {'RS', 'IB', 'CH', 'FS', 'LTS', 'TC', 'RZ'}
        Cell type (case-insensitive).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, one of {', '.join(IZHIKEVICH_PRESETS)}")
    return IZHIKEVICH_PRESETS[check_choice("name", name.upper(), tuple(IZHIKEVICH_PRESETS))]


def izhikevich_rest(params, current=0.0):
    """Return the stable resting state ``(v [mV], u)`` for a constant input, or (-65, -65 b) if none.

    The fixed points satisfy :math:`0.04 v^2 + (5 - b) v + 140 + I = 0`, :math:`u = b v`; the
    lower root is the resting state.
    """
    if not isinstance(params, IzhikevichParams):
        raise TypeError(f"params must be an IzhikevichParams; got {type(params).__name__}")
    current = check_scalar("current", current, low=-1000.0, high=1000.0)
    disc = (5.0 - params.b) ** 2 - 0.16 * (140.0 + current)
    v = -65.0 if disc < 0 else (-(5.0 - params.b) - disc**0.5) / 0.08
    return v, params.b * v


def izhikevich_holding_current(params, v_hold):
    """Return the constant input that holds ``v`` at ``v_hold`` [mV] with ``u = b v_hold``.

    .. math:: I_{hold} = -(0.04 v^2 + 5 v + 140 - b v)

    Used to hyperpolarise a cell before releasing it (the thalamo-cortical rebound burst of
    Izhikevich 2003, Fig. 2).

    Parameters
    ----------
    params : IzhikevichParams
        Cell parameters.
    v_hold : float
        Holding potential [mV], in [-150, 30).
    """
    if not isinstance(params, IzhikevichParams):
        raise TypeError(f"params must be an IzhikevichParams; got {type(params).__name__}")
    v = check_scalar("v_hold", v_hold, unit="mV", low=-150.0, high=30.0, high_inclusive=False)
    return -(0.04 * v * v + 5.0 * v + 140.0 - params.b * v)


@dataclass(frozen=True, kw_only=True, eq=False)
class IzhikevichResult(SpikingResult):
    """Result of :func:`simulate_izhikevich`.

    Attributes
    ----------
    params : IzhikevichParams
        The parameters simulated.
    dt, n_steps, t_start, duration, time
        Step [ms], number of steps, start [ms]; ``duration`` and ``time`` (the start of each
        step) are properties.
    spike_indices, spike_times, n_neurons
        See :class:`~neurocourse._results.SpikingResult`; a spike is timed at the end of the
        step in which v reached 30 mV.
    voltage : ndarray, shape (n_recorded, n_steps)
        Membrane potential v [mV] of the recorded neurons at the start of each step.
    recovery : ndarray, shape (n_recorded, n_steps)
        Recovery variable u of the recorded neurons at the start of each step.
    recorded : ndarray of int64, shape (n_recorded,)
        Indices of the recorded neurons.
    """

    voltage: np.ndarray
    recovery: np.ndarray
    recorded: np.ndarray


def _izhikevich_kernel(
    current,
    v_state,
    u_state,
    step0,
    n_steps,
    dt,
    a,
    b,
    c,
    d,
    rec_pos,
    voltage_out,
    recovery_out,
    spike_out,
    spike_count,
):
    """Forward-Euler steps ``step0 ..`` of independent Izhikevich neurons (see the wrapper).

    ``rec_pos`` (n,) is each neuron's row in ``voltage_out``/``recovery_out`` or -1.
    """
    n_neurons = v_state.shape[0]
    rows = current.shape[0]
    cols = current.shape[1]
    cap = spike_out.shape[1]
    for neuron in numba.prange(n_neurons):
        i = np.int64(neuron)  # prange's index is unsigned in parallel builds; keep indices int64
        v = v_state[i]
        u = u_state[i]
        count = spike_count[i]
        row = i if rows > 1 else 0
        out_row = rec_pos[i]
        for k in range(n_steps):
            step = step0 + k
            if out_row >= 0:
                voltage_out[out_row, step] = v
                recovery_out[out_row, step] = u
            amp = current[row, step if cols > 1 else 0]
            dv = 0.04 * v * v + 5.0 * v + 140.0 - u + amp
            du = a * (b * v - u)
            v += dt * dv
            u += dt * du
            if v >= V_PEAK:
                if count < cap:
                    spike_out[i, count] = (step + 1) * dt
                count += 1
                v = c
                u += d
        v_state[i] = v
        u_state[i] = u
        spike_count[i] = count


_izhikevich_kernel_serial, _izhikevich_kernel_parallel = compile_serial_and_parallel(_izhikevich_kernel)

#: Largest spike rate [Hz] the spike buffers are sized for. With v reset to c >= -100 mV, an
#: input of at most 1000 and dt >= 1e-4 ms, forward Euler cannot fire faster than once per
#: step; the buffer grows on demand beyond this guess.
_RATE_GUESS = 1000.0


def simulate_izhikevich(
    params,
    current,
    *,
    duration,
    dt=0.1,
    v_init=None,
    u_init=None,
    record=True,
    parallel=False,
    progress=False,
):
    """Simulate Izhikevich neurons driven by input currents.

    Parameters
    ----------
    params : IzhikevichParams or str
        Parameters, or the name of a preset ('RS', 'IB', 'CH', 'FS', 'LTS', 'TC', 'RZ').
    current : float or array_like or Stimulus
        Input I (dimensionless, as in the paper; 10 drives a regular-spiking cell at about
        a dozen spikes per 100 ms): a scalar, shape (n_steps,), (n_neurons, 1) or
        (n_neurons, n_steps); finite, within +-1000. A
        :class:`~neurocourse.inputs.Stimulus` must have been built at this ``dt``.
    duration : float
        Simulated time [ms], > 0.
    dt : float
        Forward-Euler step [ms], in (0, 0.5].
    v_init : float or array_like, optional
        Initial v [mV], in [-150, 30); defaults to the resting potential at zero input
        (:func:`izhikevich_rest`), or -65 mV for cells with no rest (b > 0.267).
    u_init : float or array_like, optional
        Initial u, in [-1e4, 1e4]; defaults to ``b * v_init`` (the u-nullcline).
    record : bool or array_like of int
        Neurons whose v and u to record at the start of every step: True for all (default),
        False or None for none, or indices.
    parallel : bool
        Simulate neurons on several threads (same result as serial).
    progress : bool
        Show a progress bar for long runs.

    Returns
    -------
    IzhikevichResult

    Raises
    ------
    TypeError, ValueError
        On any invalid argument, naming it, its unit and the allowed range.

    References
    ----------
    Izhikevich EM (2003) Simple model of spiking neurons. IEEE Trans Neural Netw
    14:1569-1572.
    """
    if isinstance(params, str):
        params = izhikevich_preset(params)
    if not isinstance(params, IzhikevichParams):
        raise TypeError(f"params must be an IzhikevichParams or a preset name; got {type(params).__name__}")
    dt = check_dt(dt, max_dt=params.max_dt, model="Izhikevich model (forward Euler)")
    duration = check_duration(duration, dt=dt)
    parallel = check_bool("parallel", parallel)
    progress = check_bool("progress", progress)
    cur, n_neurons, n_steps = as_current_matrix(current, dt=dt, duration=duration, unit=None, limit=1000.0)
    v_state = check_initial_state(
        "v_init", v_init, n_neurons, default=izhikevich_rest(params)[0], unit="mV", low=-150.0, high=29.999
    )
    u_state = (
        params.b * v_state
        if u_init is None
        else check_initial_state("u_init", u_init, n_neurons, default=0.0, unit=None, low=-1e4, high=1e4)
    )
    recorded = check_record(record, n_neurons)
    check_memory(
        f"record: v and u of {recorded.size} neuron(s) over {n_steps} steps",
        16.0 * recorded.size * n_steps,
        reduce="record fewer neurons or shorten duration",
    )
    cap = min(n_steps, int(duration * _RATE_GUESS / 1000.0) + 2)
    rec_pos = np.full(n_neurons, -1, dtype=np.int64)
    rec_pos[recorded] = np.arange(recorded.size)
    voltage = np.empty((recorded.size, n_steps))
    recovery = np.empty_like(voltage)
    spike_count = np.zeros(n_neurons, dtype=np.int64)
    v0, u0 = v_state.copy(), u_state.copy()
    while True:
        check_memory(
            f"the spikes of {n_neurons} neuron(s), up to {cap} each",
            8.0 * n_neurons * cap,
            reduce="use fewer neurons or a shorter duration",
        )
        spike_out = np.empty((n_neurons, cap))
        kernel = _izhikevich_kernel_parallel if parallel else _izhikevich_kernel_serial
        chunks = step_chunks(n_steps, work_per_step=n_neurons, progress=progress, desc="Izhikevich")
        for start, stop in chunks:
            kernel(
                cur,
                v_state,
                u_state,
                start,
                stop - start,
                dt,
                params.a,
                params.b,
                params.c,
                params.d,
                rec_pos,
                voltage,
                recovery,
                spike_out,
                spike_count,
            )
        if spike_count.max(initial=0) <= cap:
            break
        # a neuron fired more often than the buffer guessed: rerun with room for all its spikes
        cap = int(spike_count.max())
        v_state[:], u_state[:] = v0, u0
        spike_count[:] = 0
    indices, times = collect_spikes(spike_out, spike_count)
    return IzhikevichResult(
        params=params,
        dt=dt,
        n_steps=n_steps,
        spike_indices=indices,
        spike_times=times,
        n_neurons=n_neurons,
        voltage=voltage,
        recovery=recovery,
        recorded=recorded,
    )
