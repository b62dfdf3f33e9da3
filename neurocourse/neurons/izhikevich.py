"""The Izhikevich (2003) simple model and its seven classic cortical and thalamic cell types.

.. math::

    \\frac{dv}{dt} = 0.04 v^2 + 5 v + 140 - u + I, \\qquad
    \\frac{du}{dt} = a (b v - u), \\qquad
    v \\ge 30 \\Rightarrow v \\leftarrow c,\\; u \\leftarrow u + d

``v`` is in mV, ``t`` in ms; ``I`` is the model's dimensionless input, as in the paper.
Integrated with forward Euler, as in the paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numba
import numpy as np

from .._numba import compile_serial_and_parallel
from .._progress import step_chunks
from .._results import SpikingResult, collect_spikes
from .._validation import (
    check_array,
    check_bool,
    check_choice,
    check_dt,
    check_duration,
    check_scalar,
    n_steps_for,
)
from .lif import _as_current  # one shape convention for every single-neuron model

__all__ = [
    "IzhikevichParams",
    "IzhikevichResult",
    "IZHIKEVICH_PRESETS",
    "IZHIKEVICH_TYPE_NAMES",
    "izhikevich_preset",
    "izhikevich_rest",
    "simulate_izhikevich",
]

#: Spike cut-off [mV]: when v reaches it, a spike is emitted and v, u are reset.
V_PEAK = 30.0


@dataclass(frozen=True)
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
        object.__setattr__(self, "a", check_scalar("a", self.a, unit="1/ms", low=0.0, low_inclusive=False,
                                                   high=1.0))
        object.__setattr__(self, "b", check_scalar("b", self.b, low=-1.0, high=1.0))
        object.__setattr__(self, "c", check_scalar("c", self.c, unit="mV", low=-100.0, high=0.0))
        object.__setattr__(self, "d", check_scalar("d", self.d, low=-50.0, high=50.0))


#: The seven cell types of Izhikevich (2003), Fig. 2.
IZHIKEVICH_PRESETS = {
    "RS": IzhikevichParams(0.02, 0.2, -65.0, 8.0),
    "IB": IzhikevichParams(0.02, 0.2, -55.0, 4.0),
    "CH": IzhikevichParams(0.02, 0.2, -50.0, 2.0),
    "FS": IzhikevichParams(0.1, 0.2, -65.0, 2.0),
    "LTS": IzhikevichParams(0.02, 0.25, -65.0, 2.0),
    "TC": IzhikevichParams(0.02, 0.25, -65.0, 0.05),
    "RZ": IzhikevichParams(0.1, 0.26, -65.0, 2.0),
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
    v = -65.0 if disc < 0 else (-(5.0 - params.b) - disc ** 0.5) / 0.08
    return v, params.b * v


@dataclass(frozen=True, eq=False)
class IzhikevichResult(SpikingResult):
    """Result of :func:`simulate_izhikevich`.

    Attributes
    ----------
    spike_indices, spike_times, n_neurons, duration, dt
        See :class:`~neurocourse._results.SpikingResult`; a spike is timed at the end of the
        step in which v reached 30 mV.
    time : ndarray, shape (n_steps,)
        Sample times [ms] (start of each step).
    voltage : ndarray, shape (n_neurons, n_steps)
        Membrane potential v [mV] at each sample (empty if not recorded).
    recovery : ndarray, shape (n_neurons, n_steps)
        Recovery variable u at each sample (empty if not recorded).
    params : IzhikevichParams
        The parameters simulated.
    """

    time: np.ndarray = field(default=None)
    voltage: np.ndarray = field(default=None)
    recovery: np.ndarray = field(default=None)
    params: IzhikevichParams = field(default=None)


def _izhikevich_kernel(current, v_state, u_state, step0, n_steps, dt, a, b, c, d,
                       voltage_out, recovery_out, spike_out, spike_count):
    """Forward-Euler steps ``step0 ..`` of independent Izhikevich neurons (see the wrapper)."""
    n_neurons = v_state.shape[0]
    rows = current.shape[0]
    cols = current.shape[1]
    record = voltage_out.shape[1] > 0
    cap = spike_out.shape[1]
    for neuron in numba.prange(n_neurons):
        i = np.int64(neuron)  # prange's index is unsigned in parallel builds; keep indices int64
        v = v_state[i]
        u = u_state[i]
        count = spike_count[i]
        row = i if rows > 1 else 0
        for k in range(n_steps):
            step = step0 + k
            if record:
                voltage_out[i, step] = v
                recovery_out[i, step] = u
            amp = current[row, step if cols > 1 else 0]
            dv = 0.04 * v * v + 5.0 * v + 140.0 - u + amp
            du = a * (b * v - u)
            v += dt * dv
            u += dt * du
            if v >= 30.0:
                if count < cap:
                    spike_out[i, count] = (step + 1) * dt
                count += 1
                v = c
                u += d
        v_state[i] = v
        u_state[i] = u
        spike_count[i] = count


_izhikevich_kernel_serial, _izhikevich_kernel_parallel = compile_serial_and_parallel(_izhikevich_kernel)

#: Largest forward-Euler step [ms] accepted (the paper integrates v in 0.5 ms half-steps).
MAX_DT = 0.5


def simulate_izhikevich(params, current, *, duration, dt=0.1, v0=None, u0=None, record_v=True,
                        parallel=False, progress=False):
    """Simulate Izhikevich neurons driven by input currents.

    Parameters
    ----------
    params : IzhikevichParams or str
        Parameters, or the name of a preset ('RS', 'IB', 'CH', 'FS', 'LTS', 'TC', 'RZ').
    current : float or array_like
        Input I (dimensionless, as in the paper; 10 drives a regular-spiking cell at about
        a dozen spikes per 100 ms): a scalar, shape (n_steps,), (n_neurons, 1) or
        (n_neurons, n_steps); finite, within +-1000.
    duration : float
        Simulated time [ms], > 0.
    dt : float
        Forward-Euler step [ms], in (0, 0.5].
    v0 : float or array_like, optional
        Initial v [mV], in [-150, 30); defaults to the resting potential at zero input
        (:func:`izhikevich_rest`), or -65 mV for cells with no rest (b > 0.267).
    u0 : float or array_like, optional
        Initial u; defaults to ``b * v0`` (the u-nullcline).
    record_v : bool
        Record v and u at the start of every step.
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
    dt = check_dt(dt, max_dt=MAX_DT, model="Izhikevich model (forward Euler)")
    duration = check_duration(duration, dt=dt)
    record_v = check_bool("record_v", record_v)
    parallel = check_bool("parallel", parallel)
    progress = check_bool("progress", progress)
    cur, n_neurons, n_steps = _as_current(current, dt, duration)
    if np.abs(cur).max() > 1000.0:
        raise ValueError("current must lie within +-1000 (the model's dimensionless input)")

    def _state(name, value, default):
        if value is None:
            return default
        arr = check_array(name, value, unit="mV" if name == "v0" else None, ndim=(0, 1),
                          low=-150.0 if name == "v0" else -1e4, high=29.999 if name == "v0" else 1e4)
        if arr.ndim == 1 and arr.size not in (1, n_neurons):
            raise ValueError(f"{name} must be a scalar or have shape ({n_neurons},); got {arr.shape}")
        return np.broadcast_to(arr, (n_neurons,)).astype(float)

    v_state = _state("v0", v0, np.full(n_neurons, izhikevich_rest(params)[0]))
    u_state = _state("u0", u0, params.b * v_state)
    if record_v and n_neurons * n_steps > 100_000_000:
        raise ValueError("recording v and u of this many neurons and steps needs too much memory; "
                         "pass record_v=False or shorten duration")
    cap = n_steps
    if n_neurons * cap > 100_000_000:
        raise ValueError("too many neuron-steps to store spikes; use fewer neurons or a shorter duration")
    voltage = np.empty((n_neurons, n_steps if record_v else 0))
    recovery = np.empty_like(voltage)
    spike_out = np.empty((n_neurons, cap))
    spike_count = np.zeros(n_neurons, dtype=np.int64)
    kernel = _izhikevich_kernel_parallel if parallel else _izhikevich_kernel_serial
    for start, stop in step_chunks(n_steps, work_per_step=n_neurons, progress=progress, desc="Izhikevich"):
        kernel(cur, v_state, u_state, start, stop - start, dt, params.a, params.b, params.c, params.d,
               voltage, recovery, spike_out, spike_count)
    indices, times = collect_spikes(spike_out, spike_count)
    return IzhikevichResult(
        spike_indices=indices, spike_times=times, n_neurons=n_neurons,
        duration=duration, dt=dt, time=np.arange(n_steps) * dt if record_v else np.empty(0),
        voltage=voltage, recovery=recovery, params=params,
    )
