"""Networks of leaky integrate-and-fire neurons with current-based synapses.

.. math::

    \\tau_m \\frac{dV_i}{dt} = -(V_i - E_L) + b_i + \\sum_c s_{c,i}(t)
        + \\tau_m \\sum_{\\text{delta inputs}} J \\, \\delta(t - t_k - D),
    \\qquad \\tau_c \\frac{ds_{c,i}}{dt} = -s_{c,i}

A spike of presynaptic neuron ``j`` reaches its targets after the delay ``D`` of each synapse.
Synaptic weights are **voltages** [mV], the convention of Brunel (2000) and of Vogels & Abbott
(2005): a current pulse that brings charge ``q`` onto a membrane of resistance ``R`` and time
constant ``tau_m`` makes the voltage jump by ``J = R q / tau_m``, so the weight is written
directly as that jump. Each presynaptic neuron belongs to one synaptic *channel* (typically
one per population type: excitatory, inhibitory) with its own time constant ``tau_syn``:

* ``tau_syn = 0`` -- delta synapse: a spike makes ``V`` jump by ``J`` [mV] on arrival
  (ignored while the target is refractory, as in Brunel 2000);
* ``tau_syn > 0`` -- exponential synapse: a spike makes the synaptic variable ``s`` [mV]
  jump by ``J``; ``s`` decays with ``tau_syn`` and drives ``V`` through the equation above
  (Brian2's CUBA example: ``dv/dt = (ge + gi - (v - El)) / taum``, ``ge += we``), so ``J`` is
  ``R`` times the peak synaptic current.

An optional external drive gives every neuron ``n_inputs`` independent Poisson inputs of rate
``rate`` [Hz] and weight ``weight`` [mV] (delta synapses), as in Brunel (2000).

Integration is exact between steps: the membrane relaxes as
:math:`V \\leftarrow V_\\infty + (V - V_\\infty) e^{-dt/\\tau_m}` plus the exact contribution of
each decaying synaptic variable (Rotter & Diesmann 1999). Delays and ``t_ref`` are rounded to
whole steps.

**Order within step n** (time ``t_n = n dt``), the default ``schedule="inputs_first"``:

1. the refractory periods that end at ``t_n`` end;
2. the inputs arriving at ``t_n`` are added: delta jumps and the Poisson drive to ``V``
   (lost by refractory neurons, which stay clamped at ``V_r``);
3. neurons with :math:`V \\ge \\theta` spike at ``t_n``, are reset to ``V_r`` and stay clamped
   for ``t_ref``;
4. their spikes are written into a ring buffer at the slot of their arrival step (a delay of
   ``D`` arrives ``round(D / dt)`` steps later); exponential synapses with a zero delay make
   ``s`` jump now; delta synapses with a zero delay make ``V`` jump now, and a target they
   lift to threshold fires at ``t_n`` as well (a cascade within the step, in which a neuron
   fires at most once);
5. ``V`` is recorded (the state at ``t_n`` after the inputs, spikes and resets of ``t_n``);
6. the state is advanced exactly to ``t_{n+1}`` (exponential inputs arriving at ``t_n`` act from
   here on).

So a jump that lifts ``V`` to threshold fires in the step it arrives, and a delay ``D``
moves both the postsynaptic voltage response and the spikes it causes by exactly
``round(D / dt)`` steps.

``schedule="brian2"`` keeps Brian2's default order (``thresholds`` before ``synapses``): the
threshold is tested at the start of the step on the integrated ``V``, and all inputs of
``t_n`` are added after it, so a jump that crosses threshold is seen one step later (an
effective delay of ``D + dt`` and an O(dt) bias of the rates). It exists to compare with
Brian2 step for step (``benchmarks/cuba.py``).

The time loop runs inside one compiled call per chunk of steps; the wrapper validates every
argument first and draws the random numbers (the uniform variates behind the Poisson drive)
with the ``rng`` Generator, so kernels draw none and the serial and parallel kernels give
identical results.
"""

from __future__ import annotations

import math
from dataclasses import KW_ONLY, dataclass
from typing import NamedTuple

import numba
import numpy as np

from .._numba import compile_serial_and_parallel
from .._params import LIFFields, set_checked
from .._progress import step_chunks
from .._results import PopulationResult
from .._validation import (
    as_generator,
    check_array,
    check_bool,
    check_choice,
    check_dt,
    check_duration,
    check_index_array,
    check_initial_state,
    check_int,
    check_memory,
    check_nonnegative,
    check_record,
    check_scalar,
    n_steps_for,
)
from .connectivity import Connectivity

__all__ = [
    "LIFNetworkParams",
    "PoissonDrive",
    "SpikingNetwork",
    "NetworkResult",
    "simulate_spiking_network",
    "SCHEDULES",
]

#: The orders of events within a step that :func:`simulate_spiking_network` offers.
SCHEDULES = ("inputs_first", "brian2")
#: Largest number of uniform variates drawn at once for the Poisson drive.
_MAX_DRAW = 1 << 22


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True, kw_only=True)
class LIFNetworkParams(LIFFields):
    """Parameters of the leaky integrate-and-fire neurons of a network (all neurons alike).

    The fields, their validation and ``max_dt`` come from
    :class:`~neurocourse._params.LIFFields`; the defaults are Brunel's (2000) model A, with
    potentials measured from rest.

    Attributes
    ----------
    tau_m : float
        Membrane time constant [ms], in (0, 1e4] (20 ms).
    e_leak : float
        Leak reversal (resting) potential E_L [mV], in [-200, 100] (0 mV). It may lie above
        the threshold: the CUBA benchmark drives its neurons that way (E_L = -49 mV,
        theta = -50 mV).
    v_threshold : float
        Firing threshold theta [mV], in [-200, 100] (20 mV); a neuron spikes when V >= theta.
    v_reset : float
        Reset potential V_r [mV], below ``v_threshold`` (10 mV).
    t_ref : float
        Absolute refractory period [ms], in [0, 1000] (2 ms); rounded to whole steps. A
        simulation refuses ``0 < t_ref < dt`` (see :func:`simulate_spiking_network`).

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208.
    """


@dataclass(frozen=True, kw_only=True)
class PoissonDrive:
    """External drive: every neuron receives ``n_inputs`` independent Poisson spike trains.

    Attributes
    ----------
    n_inputs : int
        Number of external inputs per neuron (C_ext in Brunel 2000), in [1, 1e6].
    rate : float
        Rate of each input [Hz] (nu_ext), in [0, 1e4].
    weight : float
        Voltage jump per input spike [mV] (J_ext), in [-1000, 1000].
    """

    n_inputs: int
    rate: float
    weight: float

    def __post_init__(self):
        set_checked(self, "n_inputs", check_int("n_inputs", self.n_inputs, low=1, high=1_000_000))
        set_checked(self, "rate", check_nonnegative("rate", self.rate, unit="Hz", high=1e4))
        set_checked(self, "weight", check_scalar("weight", self.weight, unit="mV", low=-1000, high=1000))

    @property
    def total_rate(self) -> float:
        """Summed rate of all inputs of one neuron [Hz]."""
        return self.n_inputs * self.rate


@dataclass(frozen=True, eq=False)
class SpikingNetwork:
    """A recurrent network of LIF neurons: connectivity, neuron parameters, synapses, drive.

    ``connectivity`` is the one positional field; the others are keyword-only.

    Attributes
    ----------
    connectivity : Connectivity
        Recurrent synapses, square (``n_pre == n_post == n_neurons``); weights [mV], delays [ms].
    params : LIFNetworkParams
        Neuron parameters, shared by all neurons.
    channels : ndarray of int64, shape (n_neurons,)
        Synaptic channel of each presynaptic neuron, in ``[0, len(tau_syn))``; defaults to 0.
    tau_syn : tuple of float
        Time constant of each channel [ms], in [0, 1000]; 0 means delta synapses
        (a voltage jump). Defaults to ``(0.0,)``.
    drive : PoissonDrive or None
        External Poisson drive, the same for every neuron.
    bias : ndarray of float64, shape (n_neurons,)
        Constant input of each neuron expressed as a voltage ``R I`` [mV], in [-1000, 1000];
        it shifts the membrane's resting point to ``e_leak + bias``. Defaults to 0.
    populations : dict of str to slice
        Named contiguous groups of neurons (``{"E": slice(0, 3200), "I": slice(3200, 4000)}``);
        defaults to ``{"all": slice(0, n_neurons)}``.

    Raises
    ------
    TypeError, ValueError
        If a field has the wrong type, shape or value; the message names the field.
    """

    connectivity: Connectivity
    _: KW_ONLY
    params: LIFNetworkParams = LIFNetworkParams()
    channels: np.ndarray | None = None
    tau_syn: tuple = (0.0,)
    drive: PoissonDrive | None = None
    bias: np.ndarray | float = 0.0
    populations: dict | None = None

    def __post_init__(self):
        conn = self.connectivity
        if not isinstance(conn, Connectivity):
            raise TypeError(f"connectivity must be a Connectivity; got {type(conn).__name__}")
        if conn.n_pre != conn.n_post:
            raise ValueError(
                f"connectivity must be square (n_pre == n_post) for a recurrent network; "
                f"got {conn.n_pre} x {conn.n_post}"
            )
        n = conn.n_post
        if not isinstance(self.params, LIFNetworkParams):
            raise TypeError(f"params must be an LIFNetworkParams; got {type(self.params).__name__}")
        if np.ndim(self.tau_syn) == 0:
            raise TypeError("tau_syn must be a sequence of time constants [ms], one per channel")
        taus = check_array("tau_syn", self.tau_syn, unit="ms", ndim=1, low=0.0, high=1000.0, min_size=1)
        if self.channels is None:
            channels = np.zeros(n, dtype=np.int64)
        else:
            channels = check_index_array("channels", self.channels, size=taus.size).copy()
            if channels.shape != (n,):
                raise ValueError(f"channels must have shape ({n},) (one per neuron); got {channels.shape}")
        channels.setflags(write=False)
        if self.drive is not None and not isinstance(self.drive, PoissonDrive):
            raise TypeError(f"drive must be a PoissonDrive or None; got {type(self.drive).__name__}")
        bias = check_array("bias", self.bias, unit="mV", ndim=(0, 1), low=-1000.0, high=1000.0)
        if bias.ndim == 1 and bias.shape != (n,):
            raise ValueError(f"bias must be a scalar or have shape ({n},); got {bias.shape}")
        bias = np.array(np.broadcast_to(bias, (n,)), dtype=np.float64)
        bias.setflags(write=False)
        pops = {"all": slice(0, n)} if self.populations is None else self.populations
        if not isinstance(pops, dict) or not pops:
            raise TypeError("populations must be a non-empty dict of name -> slice")
        clean = {}
        for name, sl in pops.items():
            if not isinstance(name, str) or not isinstance(sl, slice):
                raise TypeError(f"populations must map str to slice; got {name!r}: {sl!r}")
            start, stop, step = sl.indices(n)
            if (
                step != 1
                or stop <= start
                or (sl.start is not None and sl.start > n)
                or (sl.stop is not None and sl.stop > n)
            ):
                raise ValueError(f"populations[{name!r}] must be a non-empty slice within [0, {n}); got {sl}")
            clean[name] = slice(start, stop)
        set_checked(self, "tau_syn", tuple(float(t) for t in taus))
        set_checked(self, "channels", channels)
        set_checked(self, "bias", bias)
        set_checked(self, "populations", clean)

    @property
    def n_neurons(self) -> int:
        """Number of neurons."""
        return self.connectivity.n_post


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, kw_only=True, eq=False)
class NetworkResult(PopulationResult):
    """Result of :func:`simulate_spiking_network`.

    Attributes
    ----------
    params : LIFNetworkParams
        The neuron parameters of the simulated network (``network.params``). The result holds
        them rather than the whole :class:`SpikingNetwork`, so that a kept result does not
        keep the connectivity (hundreds of MB for Brunel's network) alive.
    dt, n_steps, t_start
        Step [ms], number of steps, and time [ms] of the first step in the original run (0,
        or the start of a :meth:`window`); ``duration`` and ``time`` are properties (see
        :class:`~neurocourse._results.SimulationResult`).
    spike_indices, spike_times, n_neurons
        Spikes as parallel arrays sorted by time (times [ms] on the grid ``n * dt``, measured
        from the start of the run) and the number of neurons
        (see :class:`~neurocourse._results.SpikingResult`).
    voltage : ndarray, shape (n_recorded, n_steps)
        Membrane potential [mV] of the recorded neurons at ``t_n = t_start + n dt``, after the
        inputs, spikes and resets of ``t_n`` (a neuron that spiked at ``t_n`` shows ``V_r``);
        shape (0, n_steps) when nothing was recorded.
    recorded : ndarray of int64, shape (n_recorded,)
        Indices of the recorded neurons (rows of ``voltage``).
    populations : dict of str to slice
        Named groups of neurons, copied from the network (``population_rate(...)`` and
        ``population_mean_rates`` come from :class:`~neurocourse._results.PopulationResult`).
    n_synaptic_events : int or None
        Number of spike deliveries through recurrent synapses (each spike times the
        outdegree of its neuron); None for a :meth:`window`.
    """

    voltage: np.ndarray
    recorded: np.ndarray
    n_synaptic_events: int | None = None

    def window(self, t_start, t_stop=None):
        """Return the part of the result between ``t_start`` and ``t_stop`` [ms].

        Useful to discard an initial transient: ``result.window(200.0).mean_rate``.

        Parameters
        ----------
        t_start : float
            Start of the window [ms], a multiple of ``dt`` inside the run.
        t_stop : float, optional
            End of the window [ms]; the end of the run by default.

        Returns
        -------
        NetworkResult
            Spikes with ``t_start <= t < t_stop``, the matching voltage samples, and
            ``duration = t_stop - t_start``.
        """
        end = self.t_start + self.duration
        t_start = check_scalar("t_start", t_start, unit="ms", low=self.t_start, high=end)
        t_stop = end if t_stop is None else check_scalar("t_stop", t_stop, unit="ms", low=t_start, high=end)
        if t_stop - t_start < self.dt:
            raise ValueError(f"the window [t_start, t_stop) [ms] must span at least dt = {self.dt:g} ms")
        i0 = int(round((t_start - self.t_start) / self.dt))
        i1 = int(round((t_stop - self.t_start) / self.dt))
        lo, hi = np.searchsorted(
            self.spike_times,
            [self.t_start + i0 * self.dt - 0.5 * self.dt, self.t_start + i1 * self.dt - 0.5 * self.dt],
        )
        return NetworkResult(
            params=self.params,
            dt=self.dt,
            n_steps=i1 - i0,
            t_start=self.t_start + i0 * self.dt,
            spike_indices=self.spike_indices[lo:hi],
            spike_times=self.spike_times[lo:hi],
            n_neurons=self.n_neurons,
            voltage=self.voltage[:, i0:i1],
            recorded=self.recorded,
            populations=self.populations,
            n_synaptic_events=None,
        )


# --------------------------------------------------------------------------- kernels

#: Neurons per block of the threshold bookkeeping: the update reports, per block, whether a
#: neuron is above threshold, and the threshold scan visits only those blocks.
_BLOCK = 256


class _Wiring(NamedTuple):
    """Constants of spike propagation (one kernel argument).

    CSR ``indptr``, ``indices``, ``weights``; when ``use_row_weight``, one weight per
    presynaptic neuron ``row_weight`` (halves the memory read per synaptic event);
    ``delay_steps`` per synapse, or ``uniform_delay >= 0`` for all; ``pre_row`` (n,) ring row
    of each presynaptic neuron; ``direct``: every delay is zero steps, so spikes onto
    exponential rows go straight into the synaptic variables ``syn`` and the update reads no
    ring rows for them (the one flag both the propagation and the update obey); ``cascade``:
    delta synapses with a zero delay act within the step (schedule ``inputs_first``): their
    jumps go straight into ``v`` and a target they lift to threshold fires in the same step.
    """

    indptr: np.ndarray
    indices: np.ndarray
    weights: np.ndarray
    row_weight: np.ndarray
    use_row_weight: bool
    delay_steps: np.ndarray
    uniform_delay: int
    pre_row: np.ndarray
    direct: bool
    cascade: bool


class _Dynamics(NamedTuple):
    """Constants of the neuron update (one kernel argument).

    ``v_inf`` [mV] and ``a_m``: the membrane's resting point and decay per step; ``theta``,
    ``v_reset`` [mV]; ``n_ref`` refractory steps; ``n_exp`` exponential rows (rows 1, 2, ...
    of ``syn`` and the ring; rows 1 and 2 exist whenever ``n_exp >= 1``) with exact
    propagators ``row_decay``/``row_coupling``; ``bias_drive`` (n,) per-neuron constant drive
    per step when ``has_bias``. ``jumps_before``/``jumps_after``: which voltage jumps are
    added before the threshold test and before the integration (0 none, 1 ring row 0, 2 ring
    row 0 and the Poisson drive: ``ext_u[k]`` inverted through ``ext_cdf``/``ext_guide``, times
    ``ext_weight``). ``rec_pos`` (n,): row of the recording for each neuron, or -1.
    """

    v_inf: float
    a_m: float
    theta: float
    v_reset: float
    n_ref: int
    n_exp: int
    row_decay: np.ndarray
    row_coupling: np.ndarray
    bias_drive: np.ndarray
    has_bias: bool
    jumps_before: int
    jumps_after: int
    ext_cdf: np.ndarray
    ext_guide: np.ndarray
    ext_weight: float
    rec_pos: np.ndarray


class _State(NamedTuple):
    """The network's state and output buffers (one kernel argument, written in place).

    ``v`` (n,) [mV]; ``syn`` (R, n) [mV] synaptic variables (row 0 unused); ``ring`` (L, R, n)
    [mV] inputs waiting for their arrival step (row 0: voltage jumps); ``hot`` (n_blocks,)
    whether a block of ``_BLOCK`` neurons may hold one above threshold (all True on entry);
    the refractory neurons as a first-in first-out circular queue: ``ref_queue`` (n,) neuron
    indices, ``ref_end`` (n,) the step at which each one's refractory period ends (all neurons
    share ``t_ref``, so they leave in the order they came); ``last_spike`` (n,) the step of
    each neuron's last spike (very negative before the first); ``counters`` = [ring slot, spike
    count, queue head, queue size]; spikes appended to ``spike_neuron``/``spike_step``;
    ``voltage`` (n_rec, n_total) recorded voltages; ``spiked`` and ``extra_drive`` (n,) scratch.
    """

    v: np.ndarray
    syn: np.ndarray
    ring: np.ndarray
    hot: np.ndarray
    ref_queue: np.ndarray
    ref_end: np.ndarray
    last_spike: np.ndarray
    counters: np.ndarray
    spike_neuron: np.ndarray
    spike_step: np.ndarray
    spiked: np.ndarray
    extra_drive: np.ndarray
    voltage: np.ndarray


# The integration loops below are the hot path (n_neurons x n_steps iterations), limited by
# cache bandwidth. They index with unsigned integers, so that numba emits no negative-index
# wraparound and LLVM vectorises them, and they touch as few bytes per neuron as possible:
# every neuron is integrated and the refractory ones (a few percent in most regimes) are
# clamped back to V_r afterwards from a first-in first-out queue; the resting point is one
# scalar; a per-neuron bias enters only through ``extra_drive`` (``more``); and a block
# reports only whether any neuron ended above threshold.


@numba.njit(cache=True)
def _integrate_block_kernel(lo, hi, v, v_inf, a_m, theta, extra_drive, more):
    """Advance neurons ``lo .. hi - 1`` by one step without exponential synapses (plus
    ``extra_drive`` when ``more``); return whether any ends at or above threshold
    (refractory neurons included: they are clamped afterwards)."""
    above = False
    for j in range(hi - lo):
        i = numba.uint64(lo + j)
        vn = v_inf + (v[i] - v_inf) * a_m
        if more:
            vn += extra_drive[i]
        v[i] = vn
        above |= vn >= theta
    return above


@numba.njit(cache=True)
def _integrate_block_exp_kernel(
    lo, hi, v, v_inf, a_m, theta, s1, s2, in1, in2, c1, c2, d1, d2, extra_drive, more
):
    """Advance neurons ``lo .. hi - 1`` with two exponential synaptic rows fed from the ring
    buffer (plus ``extra_drive`` when ``more``); return whether any ends at or above threshold."""
    above = False
    for j in range(hi - lo):
        i = numba.uint64(lo + j)
        x1 = s1[i] + in1[i]
        x2 = s2[i] + in2[i]
        in1[i] = 0.0
        in2[i] = 0.0
        s1[i] = x1 * d1
        s2[i] = x2 * d2
        vn = v_inf + (v[i] - v_inf) * a_m + x1 * c1 + x2 * c2
        if more:
            vn += extra_drive[i]
        v[i] = vn
        above |= vn >= theta
    return above


@numba.njit(cache=True)
def _integrate_block_direct_kernel(lo, hi, v, v_inf, a_m, theta, s1, s2, c1, c2, d1, d2, extra_drive, more):
    """As :func:`_integrate_block_exp_kernel` when spikes were added straight into the
    synaptic variables (every delay zero: no ring buffer to read)."""
    above = False
    for j in range(hi - lo):
        i = numba.uint64(lo + j)
        x1 = s1[i]
        x2 = s2[i]
        s1[i] = x1 * d1
        s2[i] = x2 * d2
        vn = v_inf + (v[i] - v_inf) * a_m + x1 * c1 + x2 * c2
        if more:
            vn += extra_drive[i]
        v[i] = vn
        above |= vn >= theta
    return above


@numba.njit(cache=True)
def _clamp_refractory_kernel(lo, hi, v, v_reset, ref_queue, head, size):
    """Set ``v`` to ``v_reset`` for the queued refractory neurons in ``lo .. hi - 1``
    (``size`` entries of the circular queue ``ref_queue`` from ``head``)."""
    cap = ref_queue.shape[0]
    for t in range(size):
        slot = head + t
        if slot >= cap:
            slot -= cap
        i = ref_queue[slot]
        if lo <= i < hi:
            v[i] = v_reset


@numba.njit(cache=True)
def _add_jumps_kernel(lo, hi, k, mode, jumps, v, ext_u, ext_cdf, ext_guide, ext_weight):
    """Add the voltage jumps ``jumps`` (and zero them) to ``v`` for neurons ``lo .. hi - 1``;
    with ``mode == 2`` also the Poisson drive of step ``k`` (``ext_u[k]`` inverted through the
    CDF table ``ext_cdf`` and its guide table ``ext_guide``, times ``ext_weight``)."""
    n_guide = ext_guide.shape[0]
    ext_row = ext_u[k] if mode == 2 else ext_u[0]
    for j in range(hi - lo):
        i = numba.uint64(lo + j)
        jump = jumps[i]
        jumps[i] = 0.0
        if mode == 2:
            u = ext_row[i]
            c = ext_guide[int(u * n_guide)]
            while u >= ext_cdf[c]:
                c += 1
            jump += ext_weight * c
        v[i] += jump


@numba.njit(cache=True)
def _arrivals_kernel(lo, hi, v, theta, hot):
    """Schedule ``inputs_first``, once the voltage jumps arriving now are added and the
    refractory neurons clamped: write ``hot[b]`` for the blocks of neurons ``lo .. hi - 1``
    (``lo`` a multiple of the block size): whether a neuron of block ``b`` is at or above
    threshold."""
    b = lo // _BLOCK
    for b_lo in range(lo, hi, _BLOCK):
        b_hi = min(b_lo + _BLOCK, hi)
        above = False
        for j in range(b_hi - b_lo):
            above |= v[numba.uint64(b_lo + j)] >= theta
        hot[b] = above
        b += 1


@numba.njit(cache=True)
def _advance_kernel(
    lo, hi, syn, ring, pos, extra_drive, has_bias, bias_drive, n_exp, row_decay, row_coupling, direct
):
    """Advance the exponential rows beyond the first two (rows ``3 .. n_exp`` of ``syn``, fed
    from ring slot ``pos`` unless ``direct``) by one step for neurons ``lo .. hi - 1``, and sum
    their drive to ``V`` over the step, with the constant bias, into ``extra_drive`` (the
    first two rows are integrated with ``V``, block by block)."""
    for j in range(hi - lo):
        i = numba.uint64(lo + j)
        extra_drive[i] = bias_drive[i] if has_bias else 0.0
    for r in range(3, 1 + n_exp):
        s_r = syn[r]
        in_r = ring[pos, r]
        c_r = row_coupling[r]
        d_r = row_decay[r]
        for j in range(hi - lo):
            i = numba.uint64(lo + j)
            x = s_r[i]
            if not direct:
                x += in_r[i]
                in_r[i] = 0.0
            extra_drive[i] += x * c_r
            s_r[i] = x * d_r


@numba.njit(cache=True)
def _record_kernel(lo, hi, step, v, voltage_out, rec_pos):
    """Store ``v`` of the recorded neurons among ``lo .. hi - 1`` (``rec_pos >= 0``) at ``step``."""
    for i in range(lo, hi):
        if rec_pos[i] >= 0:
            voltage_out[rec_pos[i], step] = v[i]


# The per-step work on chunks of neurons (steps 2 and 5-6 of the module's order) is written
# out in the time loop below, calling only leaf functions (which call no other compiled
# function): a helper taking the ~15 state arrays, called every step, would cost an atomic
# reference-count increment and decrement per array argument and call (numba's reference
# count pruning does not remove them in a function that calls others), about 0.2 us a step,
# a fifth of the run time of a 1000-neuron network.


def _network_kernel(n_steps, step0, ext_u, chunk, wiring, dyn, st):
    """Advance the network by up to ``n_steps`` steps from global step ``step0``; return the
    number of steps done.

    ``wiring`` (:class:`_Wiring`) and ``dyn`` (:class:`_Dynamics`) hold the constants, ``st``
    (:class:`_State`) the state, updated in place. ``ext_u`` (n_steps, n): uniform variates
    for the Poisson drive. ``chunk`` (a multiple of the block size) is the number of neurons
    per parallel task. The call returns early, between steps, when the spike buffers could
    overflow. The order within a step is the module's (see :mod:`.spiking`).
    """
    v = st.v
    syn = st.syn
    ring = st.ring
    hot = st.hot
    ref_queue = st.ref_queue
    ref_end = st.ref_end
    last_spike = st.last_spike
    counters = st.counters
    spike_neuron = st.spike_neuron
    spike_step = st.spike_step
    spiked = st.spiked
    indptr = wiring.indptr
    indices = wiring.indices
    weights = wiring.weights
    row_weight = wiring.row_weight
    use_row_weight = wiring.use_row_weight
    delay_steps = wiring.delay_steps
    uniform_delay = wiring.uniform_delay
    pre_row = wiring.pre_row
    direct = wiring.direct
    cascade = wiring.cascade
    theta = dyn.theta
    v_reset = dyn.v_reset
    n_ref = dyn.n_ref
    n_exp = dyn.n_exp
    v_inf = dyn.v_inf
    a_m = dyn.a_m
    row_decay = dyn.row_decay
    row_coupling = dyn.row_coupling
    has_bias = dyn.has_bias
    bias_drive = dyn.bias_drive
    jumps_before = dyn.jumps_before
    jumps_after = dyn.jumps_after
    ext_cdf = dyn.ext_cdf
    ext_guide = dyn.ext_guide
    ext_weight = dyn.ext_weight
    rec_pos = dyn.rec_pos
    extra_drive = st.extra_drive
    voltage_out = st.voltage
    n = v.shape[0]
    ring_len = ring.shape[0]
    cap = spike_neuron.shape[0]
    n_blocks = hot.shape[0]
    n_chunks = (n + chunk - 1) // chunk
    recording = voltage_out.shape[0] > 0
    # the constant bias, plus exponential rows beyond the first two, summed into one drive
    more = has_bias or n_exp > 2
    drive = extra_drive if n_exp > 2 else bias_drive
    # the first two exponential rows and their propagators (row 0 stands in, never read,
    # when there are none)
    r1 = 1 if n_exp > 0 else 0
    r2 = 2 if n_exp > 0 else 0
    s1 = syn[r1]
    s2 = syn[r2]
    c1 = row_coupling[r1]
    c2 = row_coupling[r2]
    d1 = row_decay[r1]
    d2 = row_decay[r2]
    pos = counters[0]
    count = counters[1]
    head = counters[2]
    size = counters[3]
    for k in range(n_steps):
        if count + n > cap:
            counters[0] = pos
            counters[1] = count
            counters[2] = head
            counters[3] = size
            return k
        step = step0 + k
        # 1. refractory periods ending at t_n
        while size > 0 and ref_end[head] <= step:
            head += 1
            if head == n:
                head = 0
            size -= 1
        # 2. voltage jumps arriving at t_n (schedule "inputs_first"): add them (and the Poisson
        # drive), clamp the refractory neurons, mark the blocks holding a neuron above threshold
        jumps_now = ring[pos, 0]
        if jumps_before > 0:
            for c in numba.prange(n_chunks):
                lo = c * chunk
                hi = min(lo + chunk, n)
                _add_jumps_kernel(
                    lo, hi, k, jumps_before, jumps_now, v, ext_u, ext_cdf, ext_guide, ext_weight
                )
                _clamp_refractory_kernel(lo, hi, v, v_reset, ref_queue, head, size)
                _arrivals_kernel(lo, hi, v, theta, hot)
        # 3. threshold (only blocks that may hold a neuron above it)
        n_spiked = 0
        for b in range(n_blocks):
            if hot[b]:
                for i in range(b * _BLOCK, min(b * _BLOCK + _BLOCK, n)):
                    if v[i] >= theta:
                        spiked[n_spiked] = i
                        n_spiked += 1
                        last_spike[i] = step
        # 4. reset, and propagate the spikes into the ring buffer at their arrival slots; with
        # ``cascade``, zero-delay delta inputs act now and may add neurons to ``spiked`` (each
        # neuron fires at most once a step: the list never exceeds n)
        q = 0
        while q < n_spiked:
            i = spiked[q]
            q += 1
            v[i] = v_reset
            spike_neuron[count] = i
            spike_step[count] = step
            count += 1
            if n_ref > 0:  # clamped through the updates of steps step .. step + n_ref - 1
                tail = head + size
                if tail >= n:
                    tail -= n
                ref_queue[tail] = i
                ref_end[tail] = step + n_ref
                size += 1
            row = pre_row[i]
            start = numba.uint64(indptr[i])
            stop = numba.uint64(indptr[i + 1])
            if cascade and row == 0 and uniform_delay == 0:
                for j in range(start, stop):
                    t = indices[j]
                    gap = step - last_spike[t]
                    if gap >= n_ref:  # not refractory (nor about to fire now, if n_ref > 0)
                        vt = v[t] + (row_weight[i] if use_row_weight else weights[j])
                        v[t] = vt
                        if vt >= theta and gap > 0:
                            spiked[n_spiked] = t
                            n_spiked += 1
                            last_spike[t] = step
            elif uniform_delay >= 0:
                slot = pos + uniform_delay
                if slot >= ring_len:
                    slot -= ring_len
                target = syn[row] if (direct and row > 0) else ring[slot, row]
                if use_row_weight:
                    w = row_weight[i]
                    for j in range(start, stop):
                        target[numba.uint64(indices[j])] += w
                else:
                    for j in range(start, stop):
                        target[numba.uint64(indices[j])] += weights[j]
            elif direct and row > 0:
                target = syn[row]
                for j in range(start, stop):
                    target[numba.uint64(indices[j])] += weights[j]
            else:
                for j in range(start, stop):
                    d = delay_steps[j]
                    if cascade and row == 0 and d == 0:
                        t = indices[j]
                        gap = step - last_spike[t]
                        if gap >= n_ref:
                            vt = v[t] + weights[j]
                            v[t] = vt
                            if vt >= theta and gap > 0:
                                spiked[n_spiked] = t
                                n_spiked += 1
                                last_spike[t] = step
                    else:
                        slot = pos + d
                        if slot >= ring_len:
                            slot -= ring_len
                        ring[slot, row, indices[j]] += weights[j]
        # 5-6. late jumps (schedule "brian2"), recording, exact integration to t_{n+1}.
        # Refractory neurons are clamped to v_reset after the jumps, which they thus lose, and
        # after the integration; hot[b]: whether a neuron of block b ended at or above threshold
        if direct:  # exponential inputs went straight into syn: no ring rows to read
            in1 = s1
            in2 = s2
        else:
            in1 = ring[pos, r1]
            in2 = ring[pos, r2]
        for c in numba.prange(n_chunks):
            lo = c * chunk
            hi = min(lo + chunk, n)
            if n_exp > 2:
                _advance_kernel(
                    lo,
                    hi,
                    syn,
                    ring,
                    pos,
                    extra_drive,
                    has_bias,
                    bias_drive,
                    n_exp,
                    row_decay,
                    row_coupling,
                    direct,
                )
            if jumps_after > 0:
                _add_jumps_kernel(lo, hi, k, jumps_after, jumps_now, v, ext_u, ext_cdf, ext_guide, ext_weight)
                _clamp_refractory_kernel(lo, hi, v, v_reset, ref_queue, head, size)
            if recording:
                _record_kernel(lo, hi, step, v, voltage_out, rec_pos)
            # exact integration, block by block, noting blocks with a neuron above threshold
            blk = lo // _BLOCK
            for b_lo in range(lo, hi, _BLOCK):
                b_hi = min(b_lo + _BLOCK, hi)
                if n_exp == 0:
                    hot[blk] = _integrate_block_kernel(b_lo, b_hi, v, v_inf, a_m, theta, drive, more)
                elif direct:
                    hot[blk] = _integrate_block_direct_kernel(
                        b_lo, b_hi, v, v_inf, a_m, theta, s1, s2, c1, c2, d1, d2, drive, more
                    )
                else:
                    hot[blk] = _integrate_block_exp_kernel(
                        b_lo, b_hi, v, v_inf, a_m, theta, s1, s2, in1, in2, c1, c2, d1, d2, drive, more
                    )
                blk += 1
            _clamp_refractory_kernel(lo, hi, v, v_reset, ref_queue, head, size)
        pos += 1
        if pos == ring_len:
            pos = 0
    counters[0] = pos
    counters[1] = count
    counters[2] = head
    counters[3] = size
    return n_steps


_network_kernel_serial, _network_kernel_parallel = compile_serial_and_parallel(_network_kernel)


# --------------------------------------------------------------------------- wrapper


def _poisson_tables(lam):
    """Return the CDF table and guide table inverting a Poisson(lam) variate from a uniform."""
    k_max = int(lam + 12.0 * math.sqrt(lam) + 20.0)
    k = np.arange(k_max + 1, dtype=np.float64)
    log_pmf = -lam + k * math.log(lam) - np.array([math.lgamma(x + 1.0) for x in k])
    cdf = np.cumsum(np.exp(log_pmf))
    cdf[-1] = 2.0  # sentinel: a uniform in [0, 1) always stops here
    n_guide = k_max + 1
    guide = np.searchsorted(cdf, np.arange(n_guide) / n_guide, side="right").astype(np.int64)
    return np.ascontiguousarray(cdf), guide


def _exact_coefficients(tau_m, taus, dt):
    """Return each channel's ring row and each row's decay and coupling to V (exact, over dt).

    Row 0 collects voltage jumps (delta channels). Exponential channels with the same time
    constant share a row; rows 1 and 2 always exist when there is any exponential channel.
    """
    exp_taus = sorted({t for t in taus if t > 0.0})
    row_of_tau = {t: r + 1 for r, t in enumerate(exp_taus)}
    channel_row = np.array([row_of_tau.get(t, 0) for t in taus], dtype=np.int64)
    n_exp = len(exp_taus)
    n_rows = 1 if n_exp == 0 else 1 + max(2, n_exp)
    decay = np.zeros(n_rows)
    coupling = np.zeros(n_rows)
    a_m = math.exp(-dt / tau_m)
    for t, r in row_of_tau.items():
        decay[r] = math.exp(-dt / t)
        # tau_s / (tau_s - tau_m) (e^{-dt/tau_s} - e^{-dt/tau_m}), written without the
        # cancellation near tau_s = tau_m: a_m (dt / tau_m) expm1(x) / x, x = dt (1/tau_m - 1/tau_s)
        x = dt / tau_m - dt / t
        coupling[r] = a_m * dt / tau_m * (math.expm1(x) / x if x != 0.0 else 1.0)
    return channel_row, n_exp, decay, coupling, a_m


def simulate_spiking_network(
    network,
    *,
    duration,
    dt=0.1,
    v_init=None,
    record=None,
    rng=None,
    parallel=False,
    progress=False,
    schedule="inputs_first",
):
    """Simulate a recurrent network of leaky integrate-and-fire neurons.

    Parameters
    ----------
    network : SpikingNetwork
        Connectivity, neuron parameters, synaptic channels and external drive.
    duration : float
        Simulated time [ms], > 0 (at most 5e7 steps).
    dt : float
        Time step [ms], in [1e-4, min(1, tau_m / 10)] (``network.params.max_dt``). Delays
        and ``t_ref`` are rounded to whole steps.
    v_init : float or array_like, shape (n_neurons,), optional
        Initial membrane potential [mV], in [-200, 100]; ``e_leak`` by default.
    record : None, bool or array_like of int
        Neurons whose voltage to record: None/False for none, True for all, or indices.
    rng : None, int or numpy.random.Generator
        Source of the Poisson drive's randomness.
    parallel : bool
        Update neurons on several threads (numba ``prange`` over blocks of neurons, parallel
        regions within each time step; spike propagation stays serial); same result as
        serial. It pays only for large networks (tens of thousands of neurons) on otherwise
        idle cores: the threads meet at every step, so on a busy or small machine it is
        slower than the serial kernel.
    progress : bool
        Show a ``tqdm.auto`` progress bar for long runs.
    schedule : {'inputs_first', 'brian2'}
        Order of events within a step (see :mod:`neurocourse.networks.spiking`).
        ``'inputs_first'`` (default): the inputs arriving at ``t_n`` are added before the
        threshold test, so a jump that crosses threshold fires at ``t_n``. ``'brian2'``:
        Brian2's default order, the threshold tested before the inputs of the step (each
        jump-driven spike one step late); for step-by-step comparisons with Brian2.

    Returns
    -------
    NetworkResult
        Spikes sorted by time, recorded voltage, population bookkeeping; ``params`` is
        ``network.params``.

    Raises
    ------
    TypeError, ValueError
        On any invalid argument, naming it, its unit and the allowed range; if
        ``0 < t_ref < dt`` (a refractory period shorter than a step would let a neuron fire
        at every step, a silent saturation at 1 / dt: use ``t_ref = 0`` or ``t_ref >= dt``);
        if a buffer or the recording would exceed the memory limit.

    Notes
    -----
    With :math:`V_\\infty = E_L + b` and :math:`a = e^{-dt/\\tau_m}`, one step is

    .. math::

        V \\leftarrow V_\\infty + (V - V_\\infty) a
            + \\sum_c s_c \\frac{\\tau_c}{\\tau_c - \\tau_m}\\left(e^{-dt/\\tau_c} - a\\right),
        \\qquad s_c \\leftarrow s_c e^{-dt/\\tau_c},

    the exact solution of the linear equations over ``dt``. The external drive adds, each
    step, a Poisson number of jumps ``J_ext`` with mean ``n_inputs * rate * dt``: the
    wrapper draws one uniform variate per neuron and step and the kernel inverts the
    Poisson CDF (so no random numbers are drawn in compiled code).

    A neuron that spikes at ``t_s`` is held at ``V_r`` through ``t_{s + n_ref}``,
    ``n_ref = round(t_ref / dt)``: inputs arriving at ``t_s .. t_{s + n_ref - 1}`` are lost,
    those arriving at ``t_{s + n_ref}`` count, so the shortest interval between two spikes
    is ``t_ref`` and the rate saturates at ``1 / t_ref``.

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208.
    Vogels TP, Abbott LF (2005) Signal propagation and logic gating in networks of
    integrate-and-fire neurons. J Neurosci 25:10786-10795.
    Rotter S, Diesmann M (1999) Exact digital simulation of time-invariant linear systems
    with applications to neuronal modeling. Biol Cybern 81:381-402.
    """
    rng = as_generator(rng)
    if not isinstance(network, SpikingNetwork):
        raise TypeError(f"network must be a SpikingNetwork; got {type(network).__name__}")
    params = network.params
    dt = check_dt(dt, max_dt=params.max_dt, model="LIF network")
    duration = check_duration(duration, dt=dt)
    parallel = check_bool("parallel", parallel)
    progress = check_bool("progress", progress)
    schedule = check_choice("schedule", schedule, SCHEDULES)
    if 0.0 < params.t_ref < dt:
        raise ValueError(
            f"t_ref [ms] = {params.t_ref:g} is shorter than dt = {dt:g} ms: a neuron could fire "
            "at every step (a rate capped at 1 / dt, not 1 / t_ref); use t_ref = 0 (no "
            "refractory period), t_ref >= dt, or a smaller dt"
        )
    n = network.n_neurons
    n_steps = n_steps_for(duration, dt)
    v = check_initial_state("v_init", v_init, n, default=params.e_leak, unit="mV", low=-200.0, high=100.0)
    recorded = check_record(record, n)
    check_memory(
        f"record: the voltage of {recorded.size} neurons over {n_steps} steps",
        8.0 * recorded.size * n_steps,
        reduce="record fewer neurons or shorten duration",
    )
    conn = network.connectivity
    drive = network.drive
    lam = 0.0
    if drive is not None:
        lam = drive.total_rate * dt / 1000.0
        if lam > 1e5:
            raise ValueError(
                f"drive: n_inputs * rate * dt = {lam:.3g} input spikes per step is too many "
                "(limit 1e5); use fewer inputs, a lower rate or a smaller dt"
            )

    # ---- derived arrays
    channel_row, n_exp, row_decay, row_coupling, a_m = _exact_coefficients(params.tau_m, network.tau_syn, dt)
    pre_row = np.ascontiguousarray(channel_row[network.channels])
    n_rows = row_decay.size
    outdegrees = conn.outdegrees
    from_delta = (pre_row == 0) & (outdegrees > 0)  # presynaptic neurons with delta synapses
    common_delay = conn.common_delay
    if common_delay is not None:
        uniform_delay = int(round(common_delay / dt))
        max_delay = uniform_delay
        delay_steps = np.zeros(1, dtype=np.int64)
        delta_steps = np.full(1 if from_delta.any() else 0, uniform_delay)
    else:
        delay_steps = np.rint(conn.delays / dt).astype(np.int64)
        max_delay = int(delay_steps.max())
        uniform_delay = -1
        delta_steps = delay_steps[np.repeat(from_delta, outdegrees)]
    direct = max_delay == 0  # exponential inputs go straight into syn, in propagation and update
    row_weight = conn.row_weights
    use_row_weight = row_weight is not None
    if row_weight is None:
        row_weight = np.zeros(1)
        row_weight.setflags(write=False)  # the same array type as a Connectivity's
    use_ext = drive is not None and lam > 0.0
    delayed_jumps = bool(np.any(delta_steps > 0))
    instant_jumps = bool(np.any(delta_steps == 0))
    cascade = schedule == "inputs_first" and instant_jumps
    if schedule == "inputs_first":  # zero-delay jumps act in the propagation (cascade)
        jumps_before = 2 if use_ext else (1 if delayed_jumps else 0)
        jumps_after = 0
    else:  # "brian2": every input of t_n after the threshold test
        jumps_before = 0
        jumps_after = 2 if use_ext else (1 if (delayed_jumps or instant_jumps) else 0)
    check_memory(
        f"the ring buffer of delayed inputs ({max_delay + 1} steps x {n_rows} rows x {n} neurons)",
        8.0 * (max_delay + 1) * n_rows * n,
        reduce="use shorter delays or a larger dt",
    )
    ring = np.zeros((max_delay + 1, n_rows, n))
    n_blocks = -(-n // _BLOCK)
    n_ref = int(round(params.t_ref / dt))
    bias = network.bias
    has_bias = bool(bias.size and np.any(bias != bias[0]))
    if has_bias:  # E_L + (V - E_L) a + b (1 - a): the exact step towards E_L + b
        v_inf = params.e_leak
        bias_drive = np.ascontiguousarray(bias * (1.0 - a_m))
    else:
        v_inf = params.e_leak + float(bias[0])
        bias_drive = np.zeros(1)
    if use_ext:
        ext_cdf, ext_guide = _poisson_tables(lam)
        ext_weight = float(drive.weight)
    else:
        ext_cdf, ext_guide = np.full(1, 2.0), np.zeros(1, dtype=np.int64)
        ext_weight = 0.0
    rec_pos = np.full(n, -1, dtype=np.int64)
    rec_pos[recorded] = np.arange(recorded.size)
    voltage = np.empty((recorded.size, n_steps)) if recorded.size else np.empty((0, 1))
    # spike buffers: a 50 Hz guess, doubled on demand (16 bytes a spike)
    n_buffer = int(n * duration * 0.05) + 2 * n + 1024
    check_memory(
        f"the spike buffers of {n} neurons",
        16.0 * n_buffer,
        reduce="simulate fewer neurons or a shorter duration",
    )
    wiring = _Wiring(
        indptr=conn.indptr,
        indices=conn.indices,
        weights=conn.weights,
        row_weight=row_weight,
        use_row_weight=use_row_weight,
        delay_steps=delay_steps,
        uniform_delay=uniform_delay,
        pre_row=pre_row,
        direct=direct,
        cascade=cascade,
    )
    dyn = _Dynamics(
        v_inf=float(v_inf),
        a_m=a_m,
        theta=params.v_threshold,
        v_reset=params.v_reset,
        n_ref=n_ref,
        n_exp=n_exp,
        row_decay=row_decay,
        row_coupling=row_coupling,
        bias_drive=bias_drive,
        has_bias=has_bias,
        jumps_before=jumps_before,
        jumps_after=jumps_after,
        ext_cdf=ext_cdf,
        ext_guide=ext_guide,
        ext_weight=ext_weight,
        rec_pos=rec_pos,
    )
    st = _State(
        v=v,
        syn=np.zeros((n_rows, n)),
        ring=ring,
        hot=np.ones(n_blocks, dtype=np.bool_),
        ref_queue=np.zeros(n, dtype=np.int64),
        ref_end=np.zeros(n, dtype=np.int64),
        last_spike=np.full(n, -(1 << 62), dtype=np.int64),
        counters=np.zeros(4, dtype=np.int64),
        spike_neuron=np.empty(n_buffer, dtype=np.int64),
        spike_step=np.empty(n_buffer, dtype=np.int64),
        spiked=np.empty(n, dtype=np.int64),
        extra_drive=np.zeros(n),
        voltage=voltage,
    )
    no_ext = np.zeros((1, 1))  # never read (no Poisson drive)
    if parallel:
        kernel = _network_kernel_parallel
        per_task = -(-n // (2 * numba.get_num_threads()))
        chunk = max(_BLOCK, -(-per_task // _BLOCK) * _BLOCK)
    else:
        kernel = _network_kernel_serial
        chunk = n_blocks * _BLOCK

    mean_events = conn.n_synapses / n * 0.02 * dt  # rough: 20 Hz
    work = n * (1.0 + (4.0 if use_ext else 0.0)) + n * mean_events
    sub_steps = max(1, _MAX_DRAW // n) if use_ext else n_steps
    for start, stop in step_chunks(n_steps, work_per_step=work, progress=progress, desc="LIF network"):
        for sub0 in range(start, stop, sub_steps):
            sub1 = min(stop, sub0 + sub_steps)
            ext_u = rng.random((sub1 - sub0, n)) if use_ext else no_ext
            done = 0
            while done < sub1 - sub0:
                st.hot[:] = True
                done += kernel(
                    sub1 - sub0 - done,
                    sub0 + done,
                    ext_u[done:] if use_ext else no_ext,
                    chunk,
                    wiring,
                    dyn,
                    st,
                )
                if done < sub1 - sub0:  # spike buffers full: grow them and continue
                    size = 2 * st.spike_neuron.size
                    check_memory(
                        f"the spike buffers ({size} spikes of {n} neurons)",
                        16.0 * size,
                        reduce="simulate fewer neurons or a shorter duration",
                    )
                    st = st._replace(
                        spike_neuron=np.concatenate([st.spike_neuron, np.empty_like(st.spike_neuron)]),
                        spike_step=np.concatenate([st.spike_step, np.empty_like(st.spike_step)]),
                    )
    count = int(st.counters[1])
    spike_indices = st.spike_neuron[:count].copy()
    spike_times = st.spike_step[:count] * dt
    events = int(outdegrees[spike_indices].sum()) if count else 0
    if not recorded.size:
        voltage = np.empty((0, n_steps))
    return NetworkResult(
        params=params,
        dt=dt,
        n_steps=n_steps,
        t_start=0.0,
        spike_indices=spike_indices,
        spike_times=spike_times,
        n_neurons=n,
        voltage=voltage,
        recorded=recorded,
        populations=dict(network.populations),
        n_synaptic_events=events,
    )
