"""Izhikevich's (2003) network of 1000 randomly coupled spiking neurons (the paper's Fig. 3).

Each neuron follows the simple model of :mod:`neurocourse.neurons.izhikevich`,

.. math::

    \\frac{dv_i}{dt} = 0.04 v_i^2 + 5 v_i + 140 - u_i + I_i(t), \\qquad
    \\frac{du_i}{dt} = a_i (b_i v_i - u_i), \\qquad
    v_i \\ge 30 \\Rightarrow v_i \\leftarrow c_i,\\; u_i \\leftarrow u_i + d_i,

with parameters that differ from neuron to neuron. The 800 excitatory neurons draw
:math:`r_e` uniformly in [0, 1) and take :math:`(a, b, c, d) = (0.02, 0.2, -65 + 15 r_e^2,
8 - 6 r_e^2)`, from regular spiking (:math:`r_e = 0`) to chattering (:math:`r_e = 1`); the 200
inhibitory neurons draw :math:`r_i` and take :math:`(0.02 + 0.08 r_i, 0.25 - 0.05 r_i, -65,
2)`, from fast spiking to low-threshold spiking. Every neuron is connected to every neuron
(itself included) with weights uniform in [0, 0.5) from excitatory and in (-1, 0] from
inhibitory cells. The input :math:`I_i` is a "thalamic" Gaussian noise of standard deviation
5 (excitatory) or 2 (inhibitory), drawn afresh every millisecond, plus the weights of every
neuron that fired at the start of that millisecond.

The time loop is that of the paper's MATLAB code, step by step: in each 1 ms step, the neurons
with :math:`v \\ge 30` fire and are reset, their weights are added to the fresh noise, then
:math:`v` advances by two forward-Euler half-steps of 0.5 ms and :math:`u` by one step of 1 ms
(with the new :math:`v`). ``v`` is in mV, ``t`` in ms; the input and the weights are in the
model's dimensionless input units, as in the paper.

References
----------
Izhikevich EM (2003) Simple model of spiking neurons. IEEE Trans Neural Netw 14:1569-1572.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numba
import numpy as np

from .._progress import step_chunks
from .._results import PopulationResult
from .._validation import (
    as_generator,
    check_array,
    check_bool,
    check_dt,
    check_duration,
    check_initial_state,
    check_int,
    check_memory,
    check_record,
    check_scalar,
    n_steps_for,
)
from .connectivity import Connectivity

__all__ = [
    "IzhikevichNetworkParams",
    "IzhikevichNetwork",
    "IzhikevichNetworkResult",
    "izhikevich_network",
    "simulate_izhikevich_network",
]

#: Spike cut-off [mV], as in the paper.
V_PEAK = 30.0
#: Largest number of neurons per population (the network is all-to-all: N^2 synapses).
MAX_POPULATION = 4000
#: Largest weight scale and input magnitude accepted (the model's dimensionless input).
MAX_INPUT = 100.0


@dataclass(frozen=True, kw_only=True)
class IzhikevichNetworkParams:
    """Parameters of Izhikevich's (2003) all-to-all network of excitatory and inhibitory cells.

    The defaults are the paper's (its Fig. 3 and MATLAB code).

    Attributes
    ----------
    n_excitatory : int
        Number of excitatory neurons (indices ``0 .. n_excitatory - 1``), in [1, 4000]; 800.
    n_inhibitory : int
        Number of inhibitory neurons (the indices that follow), in [1, 4000]; 200.
    excitatory_weight : float
        Excitatory weights are uniform in ``[0, excitatory_weight)`` [dimensionless input],
        in [0, 100]; 0.5.
    inhibitory_weight : float
        Inhibitory weights are uniform in ``(-inhibitory_weight, 0]`` [dimensionless input],
        in [0, 100]; 1.0.
    excitatory_noise : float
        Standard deviation of the thalamic input to excitatory cells, drawn afresh every
        1 ms step [dimensionless input], in [0, 100]; 5.
    inhibitory_noise : float
        Standard deviation of the thalamic input to inhibitory cells [dimensionless input],
        in [0, 100]; 2.
    excitatory_input_mean : float
        Mean of the thalamic input to excitatory cells [dimensionless input], in [-100, 100];
        0 in the paper.
    inhibitory_input_mean : float
        Mean of the thalamic input to inhibitory cells [dimensionless input], in [-100, 100];
        0 in the paper.
    """

    n_excitatory: int = 800
    n_inhibitory: int = 200
    excitatory_weight: float = 0.5
    inhibitory_weight: float = 1.0
    excitatory_noise: float = 5.0
    inhibitory_noise: float = 2.0
    excitatory_input_mean: float = 0.0
    inhibitory_input_mean: float = 0.0

    def __post_init__(self):
        for name in ("n_excitatory", "n_inhibitory"):
            object.__setattr__(self, name, check_int(name, getattr(self, name), low=1, high=MAX_POPULATION))
        for name in ("excitatory_weight", "inhibitory_weight", "excitatory_noise", "inhibitory_noise"):
            object.__setattr__(
                self,
                name,
                check_scalar(name, getattr(self, name), unit="dimensionless input", low=0.0, high=MAX_INPUT),
            )
        for name in ("excitatory_input_mean", "inhibitory_input_mean"):
            object.__setattr__(
                self,
                name,
                check_scalar(
                    name, getattr(self, name), unit="dimensionless input", low=-MAX_INPUT, high=MAX_INPUT
                ),
            )

    @property
    def n_neurons(self) -> int:
        """Total number of neurons."""
        return self.n_excitatory + self.n_inhibitory

    @property
    def max_dt(self) -> float:
        """Time step [ms] of the model: 1 ms, the only one allowed.

        The paper defines the thalamic noise (a new draw every 1 ms) and the synaptic input
        (each spike adds its weight for one 1 ms step) per millisecond; another step would
        change the strength of both, so the network is simulated at exactly 1 ms, with ``v``
        in two half-steps of 0.5 ms.
        """
        return 1.0


@dataclass(frozen=True, kw_only=True, eq=False)
class IzhikevichNetwork:
    """A built Izhikevich network: per-neuron parameters, connectivity and populations.

    Build one with :func:`izhikevich_network`; construct it directly to simulate other
    heterogeneities or connectivities (the arrays are checked and made read-only).

    Attributes
    ----------
    params : IzhikevichNetworkParams
        The parameters it was built from (sizes, noise, weight scales).
    a : ndarray, shape (n_neurons,)
        Recovery rate of each neuron [1/ms], in (0, 1].
    b : ndarray, shape (n_neurons,)
        Sensitivity of u to v of each neuron [dimensionless], in [-1, 1].
    c : ndarray, shape (n_neurons,)
        After-spike reset of v [mV], in [-100, 0].
    d : ndarray, shape (n_neurons,)
        After-spike jump of u [dimensionless], in [-50, 50].
    connectivity : Connectivity
        Synapses (``n_pre == n_post == n_neurons``); the weights are in the model's
        dimensionless input units; every delay must be 0 (a spike acts in the step it is
        emitted, as in the paper).
    populations : dict of str to slice
        ``{"E": slice(0, n_excitatory), "I": slice(n_excitatory, n_neurons)}``.
    """

    params: IzhikevichNetworkParams
    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    d: np.ndarray
    connectivity: Connectivity
    populations: dict = field(default=None)

    def __post_init__(self):
        if not isinstance(self.params, IzhikevichNetworkParams):
            raise TypeError(f"params must be an IzhikevichNetworkParams; got {type(self.params).__name__}")
        n = self.params.n_neurons
        ranges = {
            "a": ("1/ms", 0.0, 1.0, False),
            "b": (None, -1.0, 1.0, True),
            "c": ("mV", -100.0, 0.0, True),
            "d": (None, -50.0, 50.0, True),
        }
        for name, (unit, low, high, low_inclusive) in ranges.items():
            arr = check_array(
                name,
                getattr(self, name),
                unit=unit,
                shape=(n,),
                low=low,
                high=high,
                low_inclusive=low_inclusive,
            ).copy()
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        conn = self.connectivity
        if not isinstance(conn, Connectivity):
            raise TypeError(f"connectivity must be a Connectivity; got {type(conn).__name__}")
        if conn.n_pre != n or conn.n_post != n:
            raise ValueError(
                f"connectivity must connect the n_neurons = {n} neurons to themselves; "
                f"got n_pre = {conn.n_pre}, n_post = {conn.n_post}"
            )
        if conn.delays.size and conn.delays.max() > 0.0:
            raise ValueError(
                "connectivity delays [ms] must all be 0 in Izhikevich's network (a spike "
                f"acts in the 1 ms step it is emitted); found up to {conn.delays.max():g} ms"
            )
        if conn.weights.size and np.abs(conn.weights).max() > MAX_INPUT:
            raise ValueError(
                f"connectivity weights [dimensionless input] must lie in [-{MAX_INPUT:g}, "
                f"{MAX_INPUT:g}]; found {np.abs(conn.weights).max():g}"
            )
        n_e = self.params.n_excitatory
        expected = {"E": slice(0, n_e), "I": slice(n_e, n)}
        if self.populations is not None and self.populations != expected:
            raise ValueError(f"populations must be {expected} (or None); got {self.populations!r:.100}")
        object.__setattr__(self, "populations", expected)

    @property
    def n_neurons(self) -> int:
        """Total number of neurons."""
        return self.params.n_neurons


@dataclass(frozen=True, kw_only=True, eq=False)
class IzhikevichNetworkResult(PopulationResult):
    """Result of :func:`simulate_izhikevich_network`.

    Attributes
    ----------
    params : IzhikevichNetworkParams
        The parameters of the simulated network.
    dt, n_steps, t_start
        Step [ms] (1 ms), number of steps and start time [ms] (0); ``duration == n_steps * dt``
        and ``time`` are properties (see :class:`~neurocourse._results.SimulationResult`).
    spike_indices, spike_times, n_neurons
        Spikes sorted by time (then by neuron). A spike is timed at the start of the step in
        which the neuron is found at ``v >= 30`` mV and reset, ``t_n = n * dt`` [ms]; the
        paper's MATLAB code labels the same spike ``n + 1``.
    populations : dict of str to slice
        ``{"E": slice(0, n_excitatory), "I": slice(n_excitatory, n_neurons)}``.
    recorded : ndarray of int64, shape (n_recorded,)
        Indices of the recorded neurons (rows of ``voltage`` and ``recovery``).
    voltage : ndarray, shape (n_recorded, n_steps)
        v [mV] at ``t_n``, after the resets at ``t_n`` (so never above 30 mV; spikes are in
        ``spike_times``); shape (0, n_steps) when nothing was recorded.
    recovery : ndarray, shape (n_recorded, n_steps)
        u at ``t_n`` [dimensionless], after the resets at ``t_n``.
    """

    recorded: np.ndarray = field(default=None)
    voltage: np.ndarray = field(default=None)
    recovery: np.ndarray = field(default=None)


def izhikevich_network(params=None, *, rng=None):
    """Build Izhikevich's (2003) heterogeneous all-to-all network of 1000 neurons.

    Parameters
    ----------
    params : IzhikevichNetworkParams, optional
        Sizes, weight scales and noise; the paper's values by default.
    rng : None, int or numpy.random.Generator
        Source of the random heterogeneity (:math:`r_e`, :math:`r_i`) and weights.

    Returns
    -------
    IzhikevichNetwork
        ``a, b, c, d`` per neuron and a dense connectivity of ``n_neurons**2`` synapses
        (self-connections included, as in the paper) with delay 0.

    Raises
    ------
    TypeError, ValueError
        If ``params`` or ``rng`` is invalid, or the dense connectivity would not fit in memory.

    Notes
    -----
    The random numbers are drawn in the order of the paper's MATLAB code: :math:`r_e`
    (n_excitatory), :math:`r_i` (n_inhibitory), then the weight matrix ``S`` of shape
    (n_neurons, n_neurons) row by row (``S[i, j]`` is the weight from ``j`` onto ``i``;
    columns ``j < n_excitatory`` are ``excitatory_weight * U[0, 1)``, the others
    ``-inhibitory_weight * U[0, 1)``).

    .. math::

        \\text{E: } (a, b, c, d) = (0.02,\\ 0.2,\\ -65 + 15 r_e^2,\\ 8 - 6 r_e^2), \\qquad
        \\text{I: } (a, b, c, d) = (0.02 + 0.08 r_i,\\ 0.25 - 0.05 r_i,\\ -65,\\ 2).

    References
    ----------
    Izhikevich EM (2003) Simple model of spiking neurons. IEEE Trans Neural Netw 14:1569-1572.
    """
    rng = as_generator(rng)
    if params is None:
        params = IzhikevichNetworkParams()
    if not isinstance(params, IzhikevichNetworkParams):
        raise TypeError(f"params must be an IzhikevichNetworkParams or None; got {type(params).__name__}")
    n_e, n_i, n = params.n_excitatory, params.n_inhibitory, params.n_neurons
    # weight matrix draw + CSR arrays (int64 indices, float64 weights and delays)
    check_memory(
        f"the all-to-all connectivity of {n} neurons",
        40.0 * n * n,
        reduce="use fewer neurons (n_excitatory, n_inhibitory)",
    )
    re = rng.random(n_e)
    ri = rng.random(n_i)
    a = np.concatenate([np.full(n_e, 0.02), 0.02 + 0.08 * ri])
    b = np.concatenate([np.full(n_e, 0.2), 0.25 - 0.05 * ri])
    c = np.concatenate([-65.0 + 15.0 * re**2, np.full(n_i, -65.0)])
    d = np.concatenate([8.0 - 6.0 * re**2, np.full(n_i, 2.0)])
    s = rng.random((n, n))  # S[post, pre]
    s[:, :n_e] *= params.excitatory_weight
    s[:, n_e:] *= -params.inhibitory_weight
    connectivity = Connectivity(
        indptr=np.arange(0, n * n + 1, n, dtype=np.int64),
        indices=np.tile(np.arange(n, dtype=np.int64), n),
        weights=np.ascontiguousarray(s.T).ravel(),  # row j of the CSR = column j of S
        delays=np.zeros(n * n),
        n_pre=n,
        n_post=n,
    )
    return IzhikevichNetwork(params=params, a=a, b=b, c=c, d=d, connectivity=connectivity)


# --------------------------------------------------------------------------- kernel


@numba.njit(cache=True)
def _izhikevich_network_kernel(
    k0,
    k1,
    step0,
    dt,
    input_,
    v,
    u,
    a,
    b,
    c,
    d,
    indptr,
    indices,
    weights,
    recorded,
    voltage_out,
    recovery_out,
    spike_index,
    spike_step,
    n_spikes,
):
    """Advance the network over the steps ``k0 .. k1 - 1`` of an input block (see the wrapper).

    ``input_`` (n_block_steps, n_neurons) is the thalamic input of each step (noise drawn by
    the wrapper); step ``k`` of the block is step ``step0 + k`` of the run. Each step: the
    neurons at ``v >= 30`` fire (their index and step are appended to ``spike_index`` /
    ``spike_step`` at ``n_spikes[0]``), are reset, and add their outgoing weights to the input;
    the recorded neurons' v and u are stored; v advances by two half-steps of ``dt / 2``, u by
    one step of ``dt`` with the new v. Returns the first step not done: ``k1``, or earlier
    when the spike buffers could not hold one more step of spikes (the wrapper grows them and
    calls again).
    """
    n = v.shape[0]
    cap = spike_index.shape[0]
    n_rec = recorded.shape[0]
    half = 0.5 * dt
    current = np.empty(n)
    for k in range(k0, k1):
        if n_spikes[0] + n > cap:
            return k
        step = step0 + k
        for i in range(n):
            current[i] = input_[k, i]
        for j in range(n):
            if v[j] >= 30.0:
                s = n_spikes[0]
                spike_index[s] = j
                spike_step[s] = step
                n_spikes[0] = s + 1
                v[j] = c[j]
                u[j] += d[j]
                for syn in range(indptr[j], indptr[j + 1]):
                    current[indices[syn]] += weights[syn]
        for r in range(n_rec):
            voltage_out[r, step] = v[recorded[r]]
            recovery_out[r, step] = u[recorded[r]]
        for i in range(n):
            vi = v[i]
            ui = u[i]
            ii = current[i]
            vi += half * (0.04 * vi * vi + 5.0 * vi + 140.0 - ui + ii)
            vi += half * (0.04 * vi * vi + 5.0 * vi + 140.0 - ui + ii)
            u[i] = ui + dt * (a[i] * (b[i] * vi - ui))
            v[i] = vi
    return k1


def simulate_izhikevich_network(
    network, *, duration, dt=1.0, v_init=None, u_init=None, record=None, rng=None, progress=False
):
    """Simulate Izhikevich's (2003) network of randomly coupled spiking neurons.

    Parameters
    ----------
    network : IzhikevichNetwork or IzhikevichNetworkParams
        The network (:func:`izhikevich_network`); parameters are built into a network with
        the same ``rng`` first.
    duration : float
        Simulated time [ms], > 0; rounded to a whole number of 1 ms steps.
    dt : float
        Time step [ms]: must be 1 ms, the paper's step (see
        :attr:`IzhikevichNetworkParams.max_dt`).
    v_init : float or array_like, optional
        Initial v [mV], a scalar or shape (n_neurons,), in [-150, 30); -65 mV by default, as
        in the paper.
    u_init : float or array_like, optional
        Initial u [dimensionless], a scalar or shape (n_neurons,), in [-1000, 1000];
        ``b * v_init`` by default, as in the paper.
    record : None, bool or array_like of int
        Neurons whose v and u to record at every step: None or False for none, True for all,
        or an array of indices in [0, n_neurons).
    rng : None, int or numpy.random.Generator
        Source of the thalamic noise (and of the network, if ``network`` is a parameter set).
    progress : bool
        Show a progress bar for long runs.

    Returns
    -------
    IzhikevichNetworkResult

    Raises
    ------
    TypeError, ValueError
        On any invalid argument (before the compiled loop runs), naming it, its unit and the
        allowed range.
    FloatingPointError
        If the voltages diverged (possible only far from the paper's parameters, e.g. with
        much stronger excitation).

    Notes
    -----
    Each 1 ms step ``n`` follows the paper's MATLAB loop: the thalamic input
    :math:`I_i \\sim \\mathcal N(\\mu, \\sigma^2)` is drawn afresh (:math:`\\sigma` = 5 for E,
    2 for I, :math:`\\mu` = 0); the neurons with :math:`v \\ge 30` fire at :math:`t_n`, are
    reset (:math:`v \\leftarrow c,\\ u \\leftarrow u + d`) and add their column of weights
    to :math:`I`; then

    .. math::

        v \\leftarrow v + \\tfrac{\\Delta t}{2} (0.04 v^2 + 5 v + 140 - u + I) \\quad
        \\text{(twice)}, \\qquad u \\leftarrow u + \\Delta t\\, a (b v - u).

    As in the paper's code, v is not clipped at 30 mV before u is updated: in the step in
    which v crosses 30 mV it overshoots far beyond it, and u gains more than ``d`` alone (a
    median extra 1 for excitatory and 2.7 for inhibitory cells, in a 1000 ms run of the
    paper's network). This is part of the published model, and kept.

    The noise is drawn as ``rng.standard_normal((n_steps, n_neurons))``, step by step, so a
    run split into chunks draws the same numbers as one in a single piece. The synaptic
    input of a step is added in ascending order of the neurons that fired (MATLAB's
    ``sum(S(:, fired), 2)`` may round differently in the last bit).

    References
    ----------
    Izhikevich EM (2003) Simple model of spiking neurons. IEEE Trans Neural Netw 14:1569-1572.
    """
    rng = as_generator(rng)
    if isinstance(network, IzhikevichNetworkParams):
        network = izhikevich_network(network, rng=rng)
    if not isinstance(network, IzhikevichNetwork):
        raise TypeError(
            "network must be an IzhikevichNetwork (see izhikevich_network) or an "
            f"IzhikevichNetworkParams; got {type(network).__name__}"
        )
    params = network.params
    dt = check_scalar("dt", dt, unit="ms", low=0.0, low_inclusive=False)
    if dt != params.max_dt:
        raise ValueError(
            f"dt [ms] must be {params.max_dt:g} ms for Izhikevich's network (the paper's "
            f"thalamic noise and synaptic input are defined per 1 ms step); got {dt:g}"
        )
    dt = check_dt(dt, max_dt=params.max_dt, model="Izhikevich (2003) network", min_dt=params.max_dt)
    duration = check_duration(duration, dt=dt)
    progress = check_bool("progress", progress)
    n = network.n_neurons
    n_steps = n_steps_for(duration, dt)
    v = check_initial_state("v_init", v_init, n, default=-65.0, unit="mV", low=-150.0, high=V_PEAK)
    if v.max() >= V_PEAK:
        raise ValueError(
            f"v_init [mV] values must be in [-150, 30) (below the spike cut-off); found {v.max():g}"
        )
    u = (
        network.b * v
        if u_init is None
        else check_initial_state(
            "u_init", u_init, n, default=0.0, unit="dimensionless", low=-1000.0, high=1000.0
        )
    )
    recorded = check_record(record, n)
    check_memory(
        f"recording v and u of {recorded.size} neurons for {n_steps} steps",
        16.0 * recorded.size * n_steps,
        reduce="record fewer neurons or shorten duration",
    )
    conn = network.connectivity
    mean_rate_guess = 20.0  # Hz; only sizes the first spike buffer, which grows as needed
    work_per_step = n + conn.n_synapses * mean_rate_guess * dt / 1000.0
    longest = max(
        stop - start
        for start, stop in step_chunks(n_steps, work_per_step=work_per_step, progress=False, desc="")
    )
    check_memory(
        f"the thalamic noise of {n} neurons for {longest} steps", 8.0 * n * longest, reduce="shorten duration"
    )
    voltage = np.zeros((recorded.size, n_steps))
    recovery = np.zeros((recorded.size, n_steps))
    cap = int(max(4 * n, min(n * n_steps, n * n_steps * mean_rate_guess * dt / 1000.0)))
    spike_index = np.empty(cap, dtype=np.int64)
    spike_step = np.empty(cap, dtype=np.int64)
    n_spikes = np.zeros(1, dtype=np.int64)
    std = np.concatenate(
        [
            np.full(params.n_excitatory, params.excitatory_noise),
            np.full(params.n_inhibitory, params.inhibitory_noise),
        ]
    )
    mean = np.concatenate(
        [
            np.full(params.n_excitatory, params.excitatory_input_mean),
            np.full(params.n_inhibitory, params.inhibitory_input_mean),
        ]
    )
    indptr, indices, weights = conn.indptr, conn.indices, conn.weights
    for start, stop in step_chunks(
        n_steps, work_per_step=work_per_step, progress=progress, desc="Izhikevich network"
    ):
        block = rng.standard_normal((stop - start, n))
        block *= std
        block += mean
        k = 0
        while k < stop - start:
            k = _izhikevich_network_kernel(
                k,
                stop - start,
                start,
                dt,
                block,
                v,
                u,
                network.a,
                network.b,
                network.c,
                network.d,
                indptr,
                indices,
                weights,
                recorded,
                voltage,
                recovery,
                spike_index,
                spike_step,
                n_spikes,
            )
            if k < stop - start:  # spike buffers full: grow them and go on
                check_memory(
                    f"storing the spikes of {n} neurons", 32.0 * spike_index.size, reduce="shorten duration"
                )
                spike_index = np.concatenate([spike_index, np.empty_like(spike_index)])
                spike_step = np.concatenate([spike_step, np.empty_like(spike_step)])
    if not (np.all(np.isfinite(v)) and np.all(np.isfinite(u))):
        raise FloatingPointError(
            "the network's v or u diverged to infinity or NaN; the input is too strong "
            "for the model (reduce excitatory_weight or the input mean)"
        )
    count = int(n_spikes[0])
    return IzhikevichNetworkResult(
        params=params,
        dt=dt,
        n_steps=n_steps,
        spike_indices=spike_index[:count].copy(),
        spike_times=spike_step[:count] * dt,
        n_neurons=n,
        populations=dict(network.populations),
        recorded=recorded,
        voltage=voltage,
        recovery=recovery,
    )
