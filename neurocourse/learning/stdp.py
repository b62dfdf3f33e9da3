"""Spike-timing-dependent plasticity: the pair rule, its traces, competition and reward.

* :class:`STDPParams` and :func:`stdp_window` -- the pair rule with Bi & Poo's (1998) time
  constants (tau+ = 16.8 ms, tau- = 33.7 ms) and hard weight bounds.
* :func:`stdp_weight_change` -- the summed change over whole spike trains, all-to-all or
  nearest-neighbour pairing, computed with the online traces a chip would keep.
* :func:`simulate_competitive_stdp` -- a conductance-based LIF neuron driven by many Poisson
  inputs whose excitatory synapses learn by STDP (Song, Miller & Abbott 2000): the weights
  split into a U-shaped distribution and the output rate becomes nearly independent of the
  input rate.
* :func:`simulate_reward_stdp` -- reward-modulated STDP with an eligibility trace
  (Izhikevich 2007): STDP tags a synapse, a later dopamine pulse turns the tag into a change.

Times in ms, rates in Hz; weights are dimensionless (a fraction of the largest weight).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np

from .._params import set_checked
from .._progress import step_chunks
from .._results import SimulationResult
from .._validation import (
    as_generator,
    check_array,
    check_bool,
    check_choice,
    check_duration,
    check_int,
    check_memory,
    check_nonnegative,
    check_positive,
    check_scalar,
    n_steps_for,
)

__all__ = [
    "BI_POO_TAU_PLUS",
    "BI_POO_TAU_MINUS",
    "STDPParams",
    "stdp_window",
    "stdp_weight_change",
    "CompetitiveSTDPParams",
    "CompetitiveSTDPResult",
    "simulate_competitive_stdp",
    "RewardSTDPParams",
    "RewardSTDPResult",
    "simulate_reward_stdp",
]

#: Potentiation time constant of Bi & Poo (1998), fitted to hippocampal cultures [ms].
BI_POO_TAU_PLUS = 16.8
#: Depression time constant of Bi & Poo (1998) [ms].
BI_POO_TAU_MINUS = 33.7


@dataclass(frozen=True, kw_only=True)
class STDPParams:
    """The pair-based STDP rule.

    Attributes
    ----------
    a_plus : float
        Potentiation amplitude (weight change of a pre-before-post pair at delta t -> 0+), >= 0.
    a_minus : float
        Depression amplitude (magnitude, post-before-pre at delta t -> 0-), >= 0.
    tau_plus : float
        Potentiation time constant [ms], > 0 (Bi & Poo: 16.8 ms).
    tau_minus : float
        Depression time constant [ms], > 0 (Bi & Poo: 33.7 ms).
    w_min, w_max : float
        Hard bounds of the weight, w_min < w_max.

    References
    ----------
    Bi G-q, Poo M-m (1998) Synaptic modifications in cultured hippocampal neurons: dependence on
    spike timing, synaptic strength, and postsynaptic cell type. J Neurosci 18:10464-10472.
    """

    a_plus: float = 0.01
    a_minus: float = 0.0105
    tau_plus: float = BI_POO_TAU_PLUS
    tau_minus: float = BI_POO_TAU_MINUS
    w_min: float = 0.0
    w_max: float = 1.0

    def __post_init__(self):
        for name in ("a_plus", "a_minus"):
            set_checked(self, name, check_nonnegative(name, getattr(self, name), high=10.0))
        for name in ("tau_plus", "tau_minus"):
            set_checked(self, name, check_positive(name, getattr(self, name), unit="ms", high=1e4))
        set_checked(self, "w_min", check_scalar("w_min", self.w_min, low=-1e3, high=1e3))
        set_checked(self, "w_max", check_scalar("w_max", self.w_max, low=-1e3, high=1e3))
        if self.w_min >= self.w_max:
            raise ValueError(f"w_min must be below w_max = {self.w_max:g}; got {self.w_min:g}")


def stdp_window(delta_t, params=None):
    """Return the weight change of one spike pair as a function of ``delta_t = t_post - t_pre``.

    .. math:: \\Delta w = \\begin{cases} A_+ e^{-\\Delta t/\\tau_+} & \\Delta t > 0 \\\\
              -A_- e^{\\Delta t/\\tau_-} & \\Delta t < 0 \\\\ 0 & \\Delta t = 0 \\end{cases}

    Parameters
    ----------
    delta_t : float or array_like
        Post minus pre spike time [ms], finite.
    params : STDPParams, optional
        Default: Bi & Poo's time constants, A+ = 0.01, A- = 0.0105.

    Returns
    -------
    float or ndarray
        Weight change of each pair (the bounds are not applied).

    References
    ----------
    Bi G-q, Poo M-m (1998) J Neurosci 18:10464-10472. Song S, Miller KD, Abbott LF (2000)
    Competitive Hebbian learning through spike-timing-dependent synaptic plasticity. Nat Neurosci
    3:919-926.
    """
    params = STDPParams() if params is None else params
    if not isinstance(params, STDPParams):
        raise TypeError(f"params must be an STDPParams; got {type(params).__name__}")
    dt = check_array("delta_t", delta_t, unit="ms", ndim=(0, 1, 2))
    with np.errstate(over="ignore"):
        out = np.where(
            dt > 0,
            params.a_plus * np.exp(-np.abs(dt) / params.tau_plus),
            np.where(dt < 0, -params.a_minus * np.exp(-np.abs(dt) / params.tau_minus), 0.0),
        )
    return float(out) if out.ndim == 0 else out


@numba.njit(cache=True)
def _pair_traces_kernel(pre, post, a_plus, a_minus, tau_plus, tau_minus, nearest):
    # Walk through the merged, sorted spike times; simultaneous spikes do not pair (delta t = 0).
    i = 0
    j = 0
    x_pre = 0.0  # presynaptic trace (potentiation), read at post spikes
    y_post = 0.0  # postsynaptic trace (depression), read at pre spikes
    t_last = 0.0
    total = 0.0
    while i < pre.size or j < post.size:
        t = min(pre[i] if i < pre.size else np.inf, post[j] if j < post.size else np.inf)
        x_pre *= math.exp(-(t - t_last) / tau_plus)
        y_post *= math.exp(-(t - t_last) / tau_minus)
        t_last = t
        n_pre = 0
        while i < pre.size and pre[i] == t:
            n_pre += 1
            i += 1
        n_post = 0
        while j < post.size and post[j] == t:
            n_post += 1
            j += 1
        total += n_post * a_plus * x_pre - n_pre * a_minus * y_post
        if n_pre:
            x_pre = 1.0 if nearest else x_pre + n_pre
        if n_post:
            y_post = 1.0 if nearest else y_post + n_post
    return total


def stdp_weight_change(pre_times, post_times, params=None, *, pairing="all_to_all"):
    """Return the summed STDP weight change of two spike trains (no bounds), via online traces.

    Each neuron keeps a trace that decays with tau (tau+ for the presynaptic trace, tau- for
    the postsynaptic one) and jumps at its spikes: by 1 (*all-to-all*: every pair counts) or to
    1 (*nearest*: only the nearest earlier spike of the other neuron counts, the symmetric
    nearest-spike scheme). A post spike adds ``A+ x_pre``, a pre spike adds ``-A- y_post``.
    All-to-all equals the sum of :func:`stdp_window` over every pair.

    Parameters
    ----------
    pre_times, post_times : array_like
        Spike times [ms] (sorted here).
    params : STDPParams, optional
    pairing : {"all_to_all", "nearest"}

    Returns
    -------
    float

    References
    ----------
    Morrison A, Diesmann M, Gerstner W (2008) Phenomenological models of synaptic plasticity based
    on spike timing. Biol Cybern 98:459-478.
    """
    params = STDPParams() if params is None else params
    if not isinstance(params, STDPParams):
        raise TypeError(f"params must be an STDPParams; got {type(params).__name__}")
    pairing = check_choice("pairing", pairing, ("all_to_all", "nearest"))
    pre = np.sort(check_array("pre_times", pre_times, unit="ms", ndim=1))
    post = np.sort(check_array("post_times", post_times, unit="ms", ndim=1))
    return float(
        _pair_traces_kernel(
            pre, post, params.a_plus, params.a_minus, params.tau_plus, params.tau_minus, pairing == "nearest"
        )
    )


# =========================================================================== Song et al. 2000


@dataclass(frozen=True, kw_only=True)
class CompetitiveSTDPParams:
    """Song, Miller & Abbott's (2000) neuron: conductance-based LIF with STDP at excitatory inputs.

    Attributes
    ----------
    n_excitatory, n_inhibitory : int
        Plastic excitatory and fixed inhibitory Poisson inputs (1000 and 200).
    tau_m : float
        Membrane time constant [ms] (20).
    e_leak, v_threshold, v_reset : float
        Rest (-70), threshold (-54) and reset (-60) potentials [mV].
    e_excitatory, e_inhibitory : float
        Synaptic reversal potentials [mV] (0 and -70).
    tau_synapse : float
        Decay of both synaptic conductances [ms] (5).
    g_max : float
        Largest excitatory conductance, in units of the leak conductance (0.015).
    g_inhibitory : float
        Inhibitory conductance per spike, in units of the leak conductance (0.05).
    inhibitory_rate : float
        Rate of the inhibitory inputs [Hz] (10).
    a_plus : float
        Potentiation per pair, as a fraction of g_max (0.005).
    a_minus_ratio : float
        A- / A+ (1.05): depression slightly dominates, the condition for competition.
    tau_plus, tau_minus : float
        STDP time constants [ms] (20 and 20 in Song et al.).

    References
    ----------
    Song S, Miller KD, Abbott LF (2000) Competitive Hebbian learning through
    spike-timing-dependent synaptic plasticity. Nat Neurosci 3:919-926.
    """

    n_excitatory: int = 1000
    n_inhibitory: int = 200
    tau_m: float = 20.0
    e_leak: float = -70.0
    v_threshold: float = -54.0
    v_reset: float = -60.0
    e_excitatory: float = 0.0
    e_inhibitory: float = -70.0
    tau_synapse: float = 5.0
    g_max: float = 0.015
    g_inhibitory: float = 0.05
    inhibitory_rate: float = 10.0
    a_plus: float = 0.005
    a_minus_ratio: float = 1.05
    tau_plus: float = 20.0
    tau_minus: float = 20.0

    def __post_init__(self):
        set_checked(self, "n_excitatory", check_int("n_excitatory", self.n_excitatory, low=1, high=100_000))
        set_checked(self, "n_inhibitory", check_int("n_inhibitory", self.n_inhibitory, low=0, high=100_000))
        for name in ("tau_m", "tau_synapse", "tau_plus", "tau_minus"):
            set_checked(self, name, check_positive(name, getattr(self, name), unit="ms", high=1e4))
        for name in ("e_leak", "v_threshold", "v_reset", "e_excitatory", "e_inhibitory"):
            set_checked(self, name, check_scalar(name, getattr(self, name), unit="mV", low=-200, high=100))
        if not self.v_reset < self.v_threshold:
            raise ValueError(f"v_reset [mV] must be below v_threshold = {self.v_threshold:g} mV")
        for name in ("g_max", "g_inhibitory", "a_plus", "a_minus_ratio"):
            set_checked(self, name, check_nonnegative(name, getattr(self, name), high=100.0))
        set_checked(
            self,
            "inhibitory_rate",
            check_nonnegative("inhibitory_rate", self.inhibitory_rate, unit="Hz", high=1000.0),
        )

    @property
    def max_dt(self) -> float:
        """Largest time step [ms]: a tenth of the fastest time constant, at most 1 ms."""
        return min(1.0, 0.1 * min(self.tau_m, self.tau_synapse, self.tau_plus, self.tau_minus))


@dataclass(frozen=True, kw_only=True, eq=False)
class CompetitiveSTDPResult(SimulationResult):
    """Weights and output of :func:`simulate_competitive_stdp`.

    Attributes
    ----------
    weights : ndarray, shape (n_excitatory,)
        Final weights, as a fraction of g_max, in [0, 1].
    weight_history : ndarray, shape (n_snapshots, n_excitatory)
        Weights at the snapshot times.
    snapshot_times : ndarray, shape (n_snapshots,)
        Times of the snapshots [ms] (0 first).
    spike_times : ndarray
        Output spike times [ms].
    input_rate : float
        Rate of every excitatory input [Hz].
    plastic : bool
        Whether the weights learned.
    """

    weights: np.ndarray
    weight_history: np.ndarray
    snapshot_times: np.ndarray
    spike_times: np.ndarray
    input_rate: float
    plastic: bool

    def output_rate(self, t_start=0.0):
        """Output rate [Hz] from ``t_start`` [ms] to the end."""
        t_start = check_scalar(
            "t_start", t_start, unit="ms", low=0.0, high=self.duration, high_inclusive=False
        )
        return float(np.sum(self.spike_times >= t_start) * 1000.0 / (self.duration - t_start))


#: Rescale the presynaptic traces when their common factor exceeds this (long before overflow).
_TRACE_RESCALE = 1e200


@numba.njit(cache=True)
def _competitive_kernel(
    t0,
    ex_ptr,
    ex_idx,
    inh_count,
    w,
    p,
    state,
    plastic,
    a_plus,
    a_minus,
    same_step,
    decay_s,
    growth_plus,
    decay_minus,
    e_leak,
    theta,
    v_reset,
    e_ex,
    e_in,
    g_max,
    g_inh,
    dt_over_tau_m,
    snapshot_every,
    history,
    spikes_out,
):
    """Advance Song et al.'s neuron over ``inh_count.size`` steps from step ``t0``; return the spike count.

    ``state = [v, g_e, g_i, m, scale]`` carries the membrane potential, the two conductances, the
    postsynaptic trace M <= 0 and the common factor of the presynaptic traces from one chunk to
    the next. Trace ``a`` is ``P_a = p[a] / scale``: ``scale`` grows by ``1 / decay_plus`` every
    step, so every P_a decays without being touched, an input spike adds ``A+ scale`` to its p
    and an output spike reads all of them with one multiplication each. An input spike in the
    step of an output spike has been potentiated by A+ (its own jump of P_a) and is then
    charged ``same_step`` = (A+ + A-) / 2, which leaves it (A+ - A-) / 2: the mean of the two
    orders the spikes may have within the step.
    """
    v = state[0]
    g_e = state[1]
    g_i = state[2]
    m = state[3]
    scale = state[4]
    n = w.size
    n_out = 0
    for k in range(inh_count.size):
        t = t0 + k
        if t % snapshot_every == 0:
            history[t // snapshot_every, :] = w
        m *= decay_minus
        if m > -1e-100:
            m = 0.0  # spare the slow arithmetic of subnormal numbers in a long silence
        scale *= growth_plus
        if scale > _TRACE_RESCALE:
            inv = 1.0 / scale
            for a in range(n):
                p[a] *= inv
            scale = 1.0
        for q in range(ex_ptr[k], ex_ptr[k + 1]):
            a = ex_idx[q]
            g_e += g_max * w[a]
            p[a] += a_plus * scale
            if plastic:
                w[a] += m
                if w[a] < 0.0:
                    w[a] = 0.0
        g_i += g_inh * inh_count[k]
        # exponential Euler for the membrane with conductances in units of the leak
        g_tot = 1.0 + g_e + g_i
        v_inf = (e_leak + g_e * e_ex + g_i * e_in) / g_tot
        v = v_inf + (v - v_inf) * math.exp(-dt_over_tau_m * g_tot)
        g_e *= decay_s
        g_i *= decay_s
        if v >= theta:
            v = v_reset
            spikes_out[n_out] = t
            n_out += 1
            m -= a_minus
            if plastic:
                for q in range(ex_ptr[k], ex_ptr[k + 1]):
                    w[ex_idx[q]] -= same_step
                inv = 1.0 / scale
                for a in range(n):
                    w[a] = min(1.0, max(0.0, w[a] + p[a] * inv))
    state[0] = v
    state[1] = g_e
    state[2] = g_i
    state[3] = m
    state[4] = scale
    return n_out


def _poisson_counts(rng, rate, dt, n_steps):
    """Spike counts per step, shape (n_steps,), of a Poisson process at ``rate`` [Hz], steps of ``dt`` [ms].

    Drawn as a Poisson total spread uniformly over the steps: the same distribution as an
    independent Poisson count per step, at a fraction of the cost.
    """
    total = int(rng.poisson(rate * dt * n_steps / 1000.0))
    return np.bincount(rng.integers(0, n_steps, total), minlength=n_steps)


def _competitive_chunk(
    rng, params, input_rate, dt, start, n_steps, w, p, state, plastic, snapshot_every, history
):
    """Draw the inputs of steps ``start .. start + n_steps`` and run the kernel over them.

    Updates ``w``, ``p``, ``state`` and ``history`` in place; returns the output spike steps.
    """
    n = params.n_excitatory
    # all excitatory inputs together are one Poisson process; each of its spikes comes from a
    # uniformly chosen input
    ex_ptr = np.zeros(n_steps + 1, dtype=np.int64)
    np.cumsum(_poisson_counts(rng, n * input_rate, dt, n_steps), out=ex_ptr[1:])
    ex_idx = rng.integers(0, n, ex_ptr[-1], dtype=np.int32)
    inh = _poisson_counts(rng, params.n_inhibitory * params.inhibitory_rate, dt, n_steps)
    out = np.empty(n_steps, dtype=np.int64)  # at most one spike per step
    n_out = _competitive_kernel(
        start,
        ex_ptr,
        ex_idx,
        inh,
        w,
        p,
        state,
        plastic,
        params.a_plus,
        params.a_plus * params.a_minus_ratio,
        params.a_plus * (1.0 + params.a_minus_ratio) / 2.0,
        math.exp(-dt / params.tau_synapse),
        math.exp(dt / params.tau_plus),
        math.exp(-dt / params.tau_minus),
        params.e_leak,
        params.v_threshold,
        params.v_reset,
        params.e_excitatory,
        params.e_inhibitory,
        params.g_max,
        params.g_inhibitory,
        dt / params.tau_m,
        snapshot_every,
        history,
        out,
    )
    return out[:n_out]


def simulate_competitive_stdp(
    params=None,
    *,
    input_rate,
    duration,
    dt=0.1,
    w_init=None,
    plastic=True,
    n_snapshots=11,
    rng=None,
    progress=False,
):
    """Simulate Song, Miller & Abbott's neuron: STDP at many Poisson inputs makes them compete.

    Each excitatory input ``a`` (rate ``input_rate``) raises the excitatory conductance by
    ``g_max w_a`` and its trace ``P_a`` by A+; each output spike lowers the trace ``M`` by
    A- = ``a_minus_ratio`` A+. An input spike depresses ``w_a += M``, an output spike potentiates
    every ``w_a += P_a`` (all-to-all, additive), with ``0 <= w_a <= 1``. Inhibitory inputs are
    fixed.

    An input and an output spike in the same step count as half a causal and half an acausal
    pair, ``(A+ - A-) / 2``, since their order within the step is unknown. Counting every such
    pair as causal (+A+) would add ``(A+ + A-) dt / 2`` to the effective window area
    ``A+ tau+ - A- tau-``, whose small negative value (-A+ x 1 ms with Song et al.'s values) is
    what makes the inputs compete: a tenth of it at dt = 0.1 ms, half at 0.5 ms, and the learned
    output rate would depend on dt.

    The kernel is event-driven over the input spikes: an input spike costs a few operations, an
    output spike one pass over the weights, and the traces decay without being touched. The
    input spikes are drawn chunk by chunk, so a long run takes little memory; with Song et
    al.'s parameters 1000 s of learning take about a second at 10 Hz and two at 40 Hz.

    Parameters
    ----------
    params : CompetitiveSTDPParams, optional
        Song et al.'s values by default.
    input_rate : float
        Rate of every excitatory input [Hz], in (0, 200].
    duration : float
        Simulated time [ms], > 0 (at most 50 million steps of ``dt``).
    dt : float
        Time step [ms], in (0, params.max_dt].
    w_init : float or array_like, optional
        Initial weights in [0, 1] (default: uniform in [0, 1], drawn with ``rng``).
    plastic : bool
        Learn (True) or keep the weights fixed (to measure the rate of given weights).
    n_snapshots : int
        Weight snapshots, evenly spaced from t = 0, >= 1.
    rng : None, int or numpy.random.Generator
    progress : bool
        Show a ``tqdm.auto`` progress bar (only for runs long enough to take several chunks).

    Returns
    -------
    CompetitiveSTDPResult

    References
    ----------
    Song S, Miller KD, Abbott LF (2000) Nat Neurosci 3:919-926.
    """
    rng = as_generator(rng)
    params = CompetitiveSTDPParams() if params is None else params
    if not isinstance(params, CompetitiveSTDPParams):
        raise TypeError(f"params must be a CompetitiveSTDPParams; got {type(params).__name__}")
    input_rate = check_positive("input_rate", input_rate, unit="Hz", high=200.0)
    dt = check_positive("dt", dt, unit="ms", high=params.max_dt)
    duration = check_duration(duration, dt=dt)
    n_steps = n_steps_for(duration, dt)
    n_snapshots = check_int("n_snapshots", n_snapshots, low=1, high=1000)
    plastic = check_bool("plastic", plastic)
    progress = check_bool("progress", progress)
    n = params.n_excitatory
    check_memory("the weight snapshots", 8.0 * n * n_snapshots, reduce="take fewer n_snapshots")
    if w_init is None:
        w = rng.uniform(0.0, 1.0, n)
    else:
        w = np.array(np.broadcast_to(check_array("w_init", w_init, ndim=(0, 1), low=0.0, high=1.0), (n,)))
    snapshot_every = max(1, -(-n_steps // n_snapshots))
    history = np.zeros((-(-n_steps // snapshot_every), n))
    p = np.zeros(n)  # presynaptic traces times the common factor state[4]
    state = np.array([params.e_leak, 0.0, 0.0, 0.0, 1.0])
    spikes = []
    events_per_step = (n * input_rate + params.n_inhibitory * params.inhibitory_rate) * dt / 1000.0
    # the inputs are drawn for at most ~a million steps and ~4 million spikes at a time, so
    # that they take tens of megabytes however long the run
    most_steps = int(min(1 << 20, max(1.0, 4e6 / max(events_per_step, 1e-9))))
    chunks = step_chunks(n_steps, work_per_step=1.0 + events_per_step, progress=progress, desc="STDP")
    for begin, end in chunks:
        for start in range(begin, end, most_steps):
            steps = min(end, start + most_steps) - start
            run = (w, p, state, plastic, snapshot_every, history)
            spikes.append(_competitive_chunk(rng, params, input_rate, dt, start, steps, *run))
    return CompetitiveSTDPResult(
        params=params,
        dt=dt,
        n_steps=n_steps,
        weights=w,
        weight_history=history,
        snapshot_times=np.arange(history.shape[0]) * snapshot_every * dt,
        spike_times=np.concatenate(spikes) * dt,
        input_rate=input_rate,
        plastic=plastic,
    )


# =========================================================================== Izhikevich 2007


@dataclass(frozen=True, kw_only=True)
class RewardSTDPParams:
    """Reward-modulated STDP with an eligibility trace (Izhikevich 2007).

    Attributes
    ----------
    stdp : STDPParams
        The pair rule that tags the synapse: tau = 20 ms, A- / A+ = 1.5 as in Izhikevich (2007),
        A+ = 0.1 scaled for one synapse, w in [0, 4].
    tau_eligibility : float
        Decay of the eligibility trace c [ms] (1000).
    tau_dopamine : float
        Decay of the dopamine concentration d [ms] (200).
    dopamine_per_reward : float
        Jump of d at each reward (0.5).
    dopamine_baseline : float
        Tonic dopamine level, >= 0 (0.01 in Izhikevich 2007; 0 to isolate the rewards).

    References
    ----------
    Izhikevich EM (2007) Solving the distal reward problem through linkage of STDP and dopamine
    signaling. Cereb Cortex 17:2443-2452.
    """

    stdp: STDPParams = STDPParams(
        a_plus=0.1, a_minus=0.15, tau_plus=20.0, tau_minus=20.0, w_min=0.0, w_max=4.0
    )
    tau_eligibility: float = 1000.0
    tau_dopamine: float = 200.0
    dopamine_per_reward: float = 0.5
    dopamine_baseline: float = 0.0

    def __post_init__(self):
        if not isinstance(self.stdp, STDPParams):
            raise TypeError(f"stdp must be an STDPParams; got {type(self.stdp).__name__}")
        for name in ("tau_eligibility", "tau_dopamine"):
            set_checked(self, name, check_positive(name, getattr(self, name), unit="ms", high=1e5))
        for name in ("dopamine_per_reward", "dopamine_baseline"):
            set_checked(self, name, check_nonnegative(name, getattr(self, name), high=100.0))

    @property
    def max_dt(self) -> float:
        """Largest time step [ms]: a tenth of the fastest time constant, at most 1 ms."""
        return min(1.0, 0.1 * min(self.tau_dopamine, self.stdp.tau_plus, self.stdp.tau_minus))


@dataclass(frozen=True, kw_only=True, eq=False)
class RewardSTDPResult(SimulationResult):
    """Traces of :func:`simulate_reward_stdp` (one sample per step, at its start).

    Attributes
    ----------
    eligibility : ndarray, shape (n_steps,)
        Eligibility trace c.
    dopamine : ndarray, shape (n_steps,)
        Dopamine concentration d.
    weight : ndarray, shape (n_steps,)
        Synaptic weight w.
    final_weight : float
        Weight after the last step.
    """

    eligibility: np.ndarray
    dopamine: np.ndarray
    weight: np.ndarray
    final_weight: float


@numba.njit(cache=True)
def _reward_kernel(
    pre,
    post,
    reward,
    dt,
    a_plus,
    a_minus,
    decay_plus,
    decay_minus,
    decay_c,
    decay_d,
    dopamine_jump,
    baseline,
    w0,
    w_min,
    w_max,
    c_out,
    d_out,
    w_out,
):
    x_pre = 0.0
    y_post = 0.0
    c = 0.0
    d = baseline
    w = w0
    for t in range(pre.size):
        c_out[t] = c
        d_out[t] = d
        w_out[t] = w
        # STDP tags the synapse: c jumps instead of w
        x_pre *= decay_plus
        y_post *= decay_minus
        if post[t]:
            c += a_plus * x_pre
        if pre[t]:
            c -= a_minus * y_post
        if pre[t]:
            x_pre += 1.0
        if post[t]:
            y_post += 1.0
        if reward[t]:
            d += dopamine_jump
        # dw/dt = c d
        w += dt * c * d
        if w < w_min:
            w = w_min
        if w > w_max:
            w = w_max
        c *= decay_c
        d = baseline + (d - baseline) * decay_d
    return w


def simulate_reward_stdp(pre_spikes, post_spikes, reward, *, params=None, duration, dt=1.0, w_init=1.0):
    """Simulate one synapse under reward-modulated STDP: ``dc/dt = -c/tau_c + STDP``,
    ``dd/dt = -(d - d_0)/tau_d + rewards``, ``dw/dt = c d``.

    A pre-before-post pair tags the synapse (c > 0); the tag decays over about a second, so a
    reward arriving up to a few seconds later still finds it and strengthens the synapse,
    while pairs long before or after a reward leave it (almost) unchanged: the eligibility
    trace bridges the delay between action and reward.

    Parameters
    ----------
    pre_spikes, post_spikes, reward : array_like of bool, shape (n_steps,)
        Pre- and postsynaptic spikes and reward deliveries per step.
    params : RewardSTDPParams, optional
    duration : float
        Simulated time [ms] = ``n_steps * dt``.
    dt : float
        Time step [ms], in (0, params.max_dt].
    w_init : float
        Initial weight, within the STDP bounds.

    Returns
    -------
    RewardSTDPResult

    References
    ----------
    Izhikevich EM (2007) Cereb Cortex 17:2443-2452.
    """
    params = RewardSTDPParams() if params is None else params
    if not isinstance(params, RewardSTDPParams):
        raise TypeError(f"params must be a RewardSTDPParams; got {type(params).__name__}")
    dt = check_positive("dt", dt, unit="ms", high=params.max_dt)
    duration = check_positive("duration", duration, unit="ms")
    n_steps = max(1, int(round(duration / dt)))
    arrays = [
        check_array(name, value, ndim=1, shape=(n_steps,), low=0.0) > 0
        for name, value in (("pre_spikes", pre_spikes), ("post_spikes", post_spikes), ("reward", reward))
    ]
    s = params.stdp
    w_init = check_scalar("w_init", w_init, low=s.w_min, high=s.w_max)
    c_out, d_out, w_out = np.zeros(n_steps), np.zeros(n_steps), np.zeros(n_steps)
    final = _reward_kernel(
        *arrays,
        dt,
        s.a_plus,
        s.a_minus,
        math.exp(-dt / s.tau_plus),
        math.exp(-dt / s.tau_minus),
        math.exp(-dt / params.tau_eligibility),
        math.exp(-dt / params.tau_dopamine),
        params.dopamine_per_reward,
        params.dopamine_baseline,
        w_init,
        s.w_min,
        s.w_max,
        c_out,
        d_out,
        w_out,
    )
    return RewardSTDPResult(
        params=params,
        dt=dt,
        n_steps=n_steps,
        eligibility=c_out,
        dopamine=d_out,
        weight=w_out,
        final_weight=float(final),
    )
