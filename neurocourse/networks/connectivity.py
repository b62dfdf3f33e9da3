"""Sparse synaptic connectivity in compressed sparse row (CSR) form, and random builders.

A :class:`Connectivity` lists, for every presynaptic neuron ``i``, its targets
``indices[indptr[i]:indptr[i + 1]]`` (sorted), with one weight [mV] and one delay [ms] per
synapse. Spike propagation walks exactly that slice, so the cost of a spike is its number of
synapses, whatever the size of the network.

Builders:

* :func:`fixed_indegree` -- every postsynaptic neuron receives exactly ``indegree`` synapses
  from distinct presynaptic neurons (Brunel 2000).
* :func:`bernoulli` -- every pair is connected independently with probability ``p``
  (Vogels & Abbott 2005; Brian2's ``connect(p=...)``).
* :func:`from_edges` -- an explicit list of synapses.
* :func:`stack_presynaptic` -- combine populations (E -> all, I -> all) into one network.

The random builders are vectorised: numpy draws every random number up front (from the
``rng`` Generator) and two small compiled helpers turn them into sorted CSR arrays, so a
Brunel network of 12 500 neurons with 1 250 inputs each (15.6 million synapses) builds in
under a second.

Memory: a synapse takes 24 bytes (target, weight, delay), and a builder needs little more
than that at its peak: the random gaps become the targets in place, and the presets stack
their E and I projections without copying every array twice (:func:`_stack_uniform`). At
most :data:`MAX_SYNAPSES` (40 million, 0.96 GB) are built, inside the library's one memory
limit; a larger request is refused before anything is allocated, with the sizes that fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numba
import numpy as np

from .._validation import as_generator, check_array, check_bool, check_int, check_scalar

__all__ = [
    "Connectivity",
    "fixed_indegree",
    "bernoulli",
    "from_edges",
    "stack_presynaptic",
]

#: Largest delay accepted [ms].
MAX_DELAY = 1000.0
#: Largest weight magnitude accepted [mV].
MAX_WEIGHT = 1000.0
#: Bytes a synapse takes in a :class:`Connectivity`: an int64 target, a float64 weight and a
#: float64 delay.
BYTES_PER_SYNAPSE = 24
#: Largest number of synapses a builder creates: 0.96 GB of arrays, within the library's one
#: memory limit (``MAX_ARRAY_BYTES``, 1 GB, inside a laptop's or a Binder session's memory).
#: The builders' temporaries stay below that size, so building never needs much more.
MAX_SYNAPSES = 40_000_000
#: Random candidates drawn at once by :func:`fixed_indegree`.
_MAX_BATCH = 1 << 22


def _readonly(arr: np.ndarray) -> np.ndarray:
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Connectivity:
    """Synapses from ``n_pre`` presynaptic to ``n_post`` postsynaptic neurons, in CSR form.

    The arrays are copied, checked and made read-only when the object is created.

    Attributes
    ----------
    indptr : ndarray of int64, shape (n_pre + 1,)
        Row pointers: the synapses of presynaptic neuron ``i`` are
        ``indptr[i] .. indptr[i + 1] - 1``. Starts at 0, non-decreasing, ends at the number
        of synapses.
    indices : ndarray of int64, shape (n_synapses,)
        Postsynaptic (target) neuron of each synapse, in ``[0, n_post)``, sorted within each row.
    weights : ndarray of float64, shape (n_synapses,)
        Synaptic weight of each synapse [mV] (a voltage jump or the jump of a synaptic
        variable in voltage units, see :mod:`neurocourse.networks.spiking`); finite, with
        ``|w| <= 1000`` mV. Negative weights are inhibitory.
    delays : ndarray of float64, shape (n_synapses,)
        Transmission delay of each synapse [ms], in ``[0, 1000]``.
    n_pre : int
        Number of presynaptic neurons, >= 1.
    n_post : int
        Number of postsynaptic neurons, >= 1.

    Raises
    ------
    TypeError, ValueError
        If an array has the wrong kind, shape or values; the message names the field.
    """

    indptr: np.ndarray
    indices: np.ndarray
    weights: np.ndarray
    delays: np.ndarray
    n_pre: int
    n_post: int

    def __post_init__(self):
        n_pre = check_int("n_pre", self.n_pre, low=1)
        n_post = check_int("n_post", self.n_post, low=1)
        indptr = check_array("indptr", self.indptr, ndim=1, shape=(n_pre + 1,), dtype=np.int64)
        if indptr[0] != 0 or np.any(np.diff(indptr) < 0):
            raise ValueError("indptr must start at 0 and be non-decreasing")
        n_syn = int(indptr[-1])
        indices = check_array("indices", self.indices, ndim=1, shape=(n_syn,), dtype=np.int64)
        if n_syn and (indices.min() < 0 or indices.max() >= n_post):
            raise ValueError(
                f"indices holds targets out of range: they must lie in [0, {n_post - 1}] "
                f"for n_post = {n_post}; found {int(indices.min())}..{int(indices.max())}"
            )
        weights = check_array(
            "weights", self.weights, unit="mV", shape=(n_syn,), low=-MAX_WEIGHT, high=MAX_WEIGHT
        )
        delays = check_array("delays", self.delays, unit="ms", shape=(n_syn,), low=0.0, high=MAX_DELAY)
        if n_syn > 1:
            step_down = np.diff(indices) < 0
            row_start = np.zeros(n_syn, dtype=bool)
            starts = indptr[1:-1]
            row_start[starts[starts < n_syn]] = True
            if np.any(step_down & ~row_start[1:]):
                raise ValueError("indices must be sorted (ascending) within each presynaptic row")
        fields = {"n_pre": n_pre, "n_post": n_post}
        for name, arr, orig in (
            ("indptr", indptr, self.indptr),
            ("indices", indices, self.indices),
            ("weights", weights, self.weights),
            ("delays", delays, self.delays),
        ):
            if arr is orig or (isinstance(orig, np.ndarray) and np.may_share_memory(arr, orig)):
                arr = arr.copy()
            fields[name] = _readonly(arr)
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    @classmethod
    def _trusted(cls, indptr, indices, weights, delays, n_pre, n_post) -> Connectivity:
        """Wrap arrays the builders made (already valid and owned), skipping the checks."""
        obj = object.__new__(cls)
        for name, value in (
            ("indptr", indptr),
            ("indices", indices),
            ("weights", weights),
            ("delays", delays),
        ):
            object.__setattr__(obj, name, _readonly(np.ascontiguousarray(value)))
        object.__setattr__(obj, "n_pre", int(n_pre))
        object.__setattr__(obj, "n_post", int(n_post))
        return obj

    @property
    def n_synapses(self) -> int:
        """Total number of synapses."""
        return int(self.indices.size)

    @property
    def outdegrees(self) -> np.ndarray:
        """Number of synapses of each presynaptic neuron, shape (n_pre,)."""
        return np.diff(self.indptr)

    @property
    def indegrees(self) -> np.ndarray:
        """Number of synapses onto each postsynaptic neuron, shape (n_post,)."""
        return np.bincount(self.indices, minlength=self.n_post)

    @property
    def sources(self) -> np.ndarray:
        """Presynaptic neuron of each synapse, shape (n_synapses,) (the CSR row index)."""
        return np.repeat(np.arange(self.n_pre, dtype=np.int64), self.outdegrees)

    @property
    def connection_probability(self) -> float:
        """Fraction of all ``n_pre * n_post`` pairs that are connected."""
        return self.n_synapses / (self.n_pre * self.n_post)

    @cached_property
    def common_delay(self):
        """The delay [ms] shared by every synapse, or None if they differ (0.0 without synapses).

        Computed once per object (the arrays are read-only); lets the network kernel skip
        the per-synapse delays.
        """
        if not self.delays.size:
            return 0.0
        lo, hi = float(self.delays.min()), float(self.delays.max())
        return lo if lo == hi else None

    @cached_property
    def row_weights(self):
        """One weight [mV] per presynaptic neuron, shape (n_pre,), if each row's synapses share
        it (0 for a row without synapses), else None.

        Computed once per object (the arrays are read-only); lets the network kernel read one
        number per spike instead of one per synapse.
        """
        out = np.zeros(self.n_pre)
        return _readonly(out) if _row_weights_kernel(self.indptr, self.weights, out) else None

    def to_dense(self) -> np.ndarray:
        """Return the weight matrix [mV], shape (n_pre, n_post); multiple synapses add up.

        Raises
        ------
        ValueError
            If the matrix would hold more than 10^8 entries.
        """
        if self.n_pre * self.n_post > 100_000_000:
            raise ValueError(
                f"a dense {self.n_pre} x {self.n_post} matrix is too large (> 1e8 entries); "
                "work with the CSR arrays instead"
            )
        dense = np.zeros((self.n_pre, self.n_post))
        np.add.at(dense, (self.sources, self.indices), self.weights)
        return dense


# --------------------------------------------------------------------------- kernels


@numba.njit(cache=True)
def _row_weights_kernel(indptr, weights, out):
    """Write each row's weight into ``out`` (n_pre,); return False as soon as a row holds two
    different weights (rows without synapses get 0)."""
    for i in range(indptr.shape[0] - 1):
        start = indptr[i]
        stop = indptr[i + 1]
        if stop > start:
            w = weights[start]
            for j in range(start + 1, stop):
                if weights[j] != w:
                    return False
            out[i] = w
    return True


@numba.njit(cache=True)
def _sample_sources_kernel(candidates, n_pre, indegree, excluded, sources, marks, state):
    """Fill ``sources`` (n_post, indegree) with distinct presynaptic indices per row.

    Candidates are i.i.d. uniform integers in ``[0, n_pre)`` drawn by the caller; a candidate
    already taken in the current row, or equal to ``excluded[row]``, is skipped (rejection
    sampling, so every set of ``indegree`` distinct sources is equally likely).
    ``marks`` (n_pre,) remembers ``row + 1`` for the sources taken in ``row``. ``state`` is
    ``[row, filled, pos]``; the call stops when the rows are full or the candidates run out
    (``pos == candidates.size``), so the caller can supply more and call again.
    """
    n_post = sources.shape[0]
    row = state[0]
    filled = state[1]
    pos = 0
    n_cand = candidates.shape[0]
    while row < n_post:
        tag = row + 1
        skip = excluded[row]
        while filled < indegree:
            if pos == n_cand:
                state[0] = row
                state[1] = filled
                state[2] = pos
                return
            c = candidates[pos]
            pos += 1
            if c == skip or marks[c] == tag:
                continue
            marks[c] = tag
            sources[row, filled] = c
            filled += 1
        row += 1
        filled = 0
    state[0] = row
    state[1] = 0
    state[2] = pos


@numba.njit(cache=True)
def _sources_to_csr_kernel(sources, n_pre, indptr, indices):
    """Transpose per-target source lists ``sources`` (n_post, k) into CSR rows by source.

    A counting sort: the targets of each source come out in ascending order.
    ``indptr`` (n_pre + 1,) and ``indices`` (n_post * k,) are written in place.
    """
    n_post = sources.shape[0]
    k = sources.shape[1]
    for i in range(n_pre + 1):
        indptr[i] = 0
    for j in range(n_post):
        for m in range(k):
            indptr[sources[j, m] + 1] += 1
    for i in range(n_pre):
        indptr[i + 1] += indptr[i]
    fill = indptr[:-1].copy()
    for j in range(n_post):
        for m in range(k):
            s = sources[j, m]
            indices[fill[s]] = j
            fill[s] += 1


# --------------------------------------------------------------------------- builders


def _check_synapse_count(what, n_synapses, *, reduce):
    """Raise ValueError if ``n_synapses`` (expected) synapses, given by the expression ``what``
    of the caller's arguments, exceed :data:`MAX_SYNAPSES`; say how to ``reduce`` them."""
    if n_synapses > MAX_SYNAPSES:
        need = n_synapses * BYTES_PER_SYNAPSE / 1e9
        limit = MAX_SYNAPSES * BYTES_PER_SYNAPSE / 1e9
        raise ValueError(
            f"{what} = {n_synapses:.3g} synapses would need {need:.2f} GB; "
            f"the limit is {MAX_SYNAPSES:.3g} synapses ({limit:.2f} GB): {reduce}"
        )


def _stack_uniform(parts, n_post):
    """Make one :class:`Connectivity` of the builders' projections onto ``n_post`` neurons
    (:func:`stack_presynaptic` without a second copy of every array).

    ``parts`` is a list of ``(indptr, indices, weight, delay, n_post)`` from the ``_*_part``
    builders, one weight [mV] and one delay [ms] each. The list is emptied as the indices are
    copied, so the indices exist twice at most (8 bytes a synapse) before the weights and
    delays are made.
    """
    if any(part[4] != n_post for part in parts):
        raise ValueError(f"the projections must all target n_post = {n_post} neurons")
    n_pre = sum(part[0].size - 1 for part in parts)
    sizes = [part[1].size for part in parts]
    uniform = [(part[2], part[3]) for part in parts]
    offsets = np.cumsum([0] + sizes)
    indptr = np.concatenate(
        [parts[0][0][:1]] + [part[0][1:] + off for part, off in zip(parts, offsets[:-1], strict=True)]
    )
    if len(parts) == 1:
        indices = parts[0][1]
    else:
        indices = np.empty(int(offsets[-1]), dtype=np.int64)
        for k, off in enumerate(offsets[:-1]):
            indices[off : off + sizes[k]] = parts[k][1]
            parts[k] = None
    parts.clear()
    weights = np.empty(indices.size)
    delays = np.empty(indices.size)
    for (weight, delay), lo, hi in zip(uniform, offsets[:-1], offsets[1:], strict=True):
        weights[lo:hi] = weight
        delays[lo:hi] = delay
    return Connectivity._trusted(indptr, indices, weights, delays, n_pre, n_post)


def _check_common(n_pre, n_post, weight, delay, allow_autapses, pre_offset):
    n_pre = check_int("n_pre", n_pre, low=1, high=10_000_000)
    n_post = check_int("n_post", n_post, low=1, high=10_000_000)
    weight = check_scalar("weight", weight, unit="mV", low=-MAX_WEIGHT, high=MAX_WEIGHT)
    delay = check_scalar("delay", delay, unit="ms", low=0.0, high=MAX_DELAY)
    allow_autapses = check_bool("allow_autapses", allow_autapses)
    pre_offset = check_int("pre_offset", pre_offset, low=0)
    return n_pre, n_post, weight, delay, allow_autapses, pre_offset


def fixed_indegree(
    n_pre, n_post, indegree, *, weight, delay=0.0, allow_autapses=True, pre_offset=0, rng=None
):
    """Connect every postsynaptic neuron to exactly ``indegree`` distinct random sources.

    Parameters
    ----------
    n_pre : int
        Number of presynaptic neurons, >= 1.
    n_post : int
        Number of postsynaptic neurons, >= 1.
    indegree : int
        Number of synapses each postsynaptic neuron receives, in ``[0, n_pre]`` (one less
        when autapses are excluded and the populations overlap). Sources are distinct (no
        multiple synapses between one pair).
    weight : float
        Weight of every synapse [mV], ``|weight| <= 1000``.
    delay : float
        Delay of every synapse [ms], in ``[0, 1000]``.
    allow_autapses : bool
        If False, presynaptic neuron ``i`` never connects to postsynaptic neuron
        ``i + pre_offset`` (the same cell, when both populations are part of one network).
    pre_offset : int
        Index of presynaptic neuron 0 among the postsynaptic neurons, >= 0. Use 0 when the
        presynaptic population is the postsynaptic one or its first block (E -> all), and
        ``n_excitatory`` for I -> all.
    rng : None, int or numpy.random.Generator
        Source of randomness.

    Returns
    -------
    Connectivity
        ``n_post * indegree`` synapses, targets sorted within each row.

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it and the allowed range.

    Notes
    -----
    Sources are drawn by rejection: i.i.d. uniform candidates, skipping repeats within a row
    (and the autapse), which makes every set of ``indegree`` distinct sources equally likely.

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208.
    """
    part = _fixed_indegree_part(n_pre, n_post, indegree, weight, delay, allow_autapses, pre_offset, rng)
    return _stack_uniform([part], part[4])


def _fixed_indegree_part(n_pre, n_post, indegree, weight, delay, allow_autapses, pre_offset, rng):
    """Check the arguments of :func:`fixed_indegree` and return its projection as
    ``(indptr, indices, weight, delay, n_post)`` for :func:`_stack_uniform`."""
    rng = as_generator(rng)
    n_pre, n_post, weight, delay, allow_autapses, pre_offset = _check_common(
        n_pre, n_post, weight, delay, allow_autapses, pre_offset
    )
    overlap = (not allow_autapses) and pre_offset < n_post
    max_in = n_pre - 1 if overlap else n_pre
    indegree = check_int("indegree", indegree, low=0, high=max_in)
    _check_synapse_count("n_post * indegree", n_post * indegree, reduce="use a smaller network")
    n_syn = n_post * indegree
    excluded = np.full(n_post, -1, dtype=np.int64)
    if not allow_autapses:
        post = np.arange(n_post, dtype=np.int64)
        own = post - pre_offset
        inside = (own >= 0) & (own < n_pre)
        excluded[inside] = own[inside]
    sources = np.empty((n_post, indegree), dtype=np.int64)
    if n_syn:
        marks = np.zeros(n_pre, dtype=np.int64)
        state = np.zeros(3, dtype=np.int64)
        # expected candidates per row: n (H_n - H_{n-k}), the coupon-collector sum
        pool = n_pre - (1 if overlap else 0)
        expected = pool * (math.log(pool + 0.5) - math.log(pool - indegree + 0.5))
        batch = int(n_post * expected * 1.02 + 10 * math.sqrt(n_post * expected) + 64)
        while state[0] < n_post:
            # at most 4 Mi candidates (32 MB) at a time: the kernel resumes where it stopped
            candidates = rng.integers(0, n_pre, size=min(batch, _MAX_BATCH), dtype=np.int64)
            _sample_sources_kernel(candidates, n_pre, indegree, excluded, sources, marks, state)
            remaining_rows = n_post - state[0]
            batch = int(max(remaining_rows, 1) * expected * 1.1 + 64)
    indptr = np.empty(n_pre + 1, dtype=np.int64)
    indices = np.empty(n_syn, dtype=np.int64)
    if n_syn:
        _sources_to_csr_kernel(sources, n_pre, indptr, indices)
    else:
        indptr[:] = 0
    return indptr, indices, weight, delay, n_post


def bernoulli(n_pre, n_post, p, *, weight, delay=0.0, allow_autapses=True, pre_offset=0, rng=None):
    """Connect every pair of neurons independently with probability ``p``.

    Parameters
    ----------
    n_pre : int
        Number of presynaptic neurons, >= 1.
    n_post : int
        Number of postsynaptic neurons, >= 1.
    p : float
        Connection probability, in [0, 1].
    weight : float
        Weight of every synapse [mV], ``|weight| <= 1000``.
    delay : float
        Delay of every synapse [ms], in ``[0, 1000]``.
    allow_autapses : bool
        If False, presynaptic neuron ``i`` never connects to postsynaptic neuron
        ``i + pre_offset``.
    pre_offset : int
        Index of presynaptic neuron 0 among the postsynaptic neurons, >= 0 (see
        :func:`fixed_indegree`).
    rng : None, int or numpy.random.Generator
        Source of randomness.

    Returns
    -------
    Connectivity
        About ``p * n_pre * n_post`` synapses, targets sorted within each row.

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it and the allowed range.

    Notes
    -----
    The ``n_pre * n_post`` pairs, read row by row, form a Bernoulli sequence; the gaps
    between successive connected pairs are geometric with parameter ``p``, so drawing the
    gaps and taking their cumulative sum gives the connected pairs already sorted, in time
    proportional to the number of synapses rather than the number of pairs.

    References
    ----------
    Vogels TP, Abbott LF (2005) Signal propagation and logic gating in networks of
    integrate-and-fire neurons. J Neurosci 25:10786-10795.
    """
    part = _bernoulli_part(n_pre, n_post, p, weight, delay, allow_autapses, pre_offset, rng)
    return _stack_uniform([part], part[4])


def _bernoulli_part(n_pre, n_post, p, weight, delay, allow_autapses, pre_offset, rng):
    """Check the arguments of :func:`bernoulli` and return its projection as
    ``(indptr, indices, weight, delay, n_post)`` for :func:`_stack_uniform`."""
    rng = as_generator(rng)
    n_pre, n_post, weight, delay, allow_autapses, pre_offset = _check_common(
        n_pre, n_post, weight, delay, allow_autapses, pre_offset
    )
    p = check_scalar("p", p, low=0.0, high=1.0)
    _check_synapse_count("p * n_pre * n_post", p * n_pre * n_post, reduce="use a smaller network or p")
    n_pairs = n_pre * n_post
    if p == 0.0:
        flat = np.empty(0, dtype=np.int64)
    elif p == 1.0:
        flat = np.arange(n_pairs, dtype=np.int64)
    else:
        # every step in place: at the limit of synapses the temporaries would be gigabytes
        chunks = []
        last = -1
        while True:
            remaining = (n_pairs - 1 - last) * p
            size = int(remaining + 6.0 * math.sqrt(remaining) + 32)
            pos = rng.geometric(p, size=size)
            np.minimum(pos, n_pairs, out=pos)  # tiny p saturates at 2**63 - 1: keep sums finite
            np.cumsum(pos, out=pos)
            pos += last
            if pos[-1] >= n_pairs - 1:
                chunks.append(pos[: np.searchsorted(pos, n_pairs)])  # strictly increasing
                break
            chunks.append(pos)
            last = int(pos[-1])
        flat = chunks[0] if len(chunks) == 1 else np.concatenate(chunks)
        del chunks
    if allow_autapses:
        # the pairs are sorted: row i's synapses are those in [i n_post, (i + 1) n_post)
        indptr = np.searchsorted(flat, np.arange(n_pre + 1, dtype=np.int64) * n_post).astype(np.int64)
        cols = np.remainder(flat, n_post, out=flat)
    else:
        rows = flat // n_post
        cols = np.remainder(flat, n_post, out=flat)
        keep = cols != rows + pre_offset
        rows = rows[keep]
        cols = cols[keep]
        indptr = np.zeros(n_pre + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_pre), out=indptr[1:])
    return indptr, cols, weight, delay, n_post


def from_edges(pre, post, *, n_pre, n_post, weights, delays=0.0):
    """Build a connectivity from an explicit list of synapses.

    Parameters
    ----------
    pre : array_like of int, shape (n_synapses,)
        Presynaptic neuron of each synapse, in ``[0, n_pre)``.
    post : array_like of int, shape (n_synapses,)
        Postsynaptic neuron of each synapse, in ``[0, n_post)``.
    n_pre, n_post : int
        Population sizes, >= 1.
    weights : float or array_like, shape (n_synapses,)
        Weight of each synapse [mV].
    delays : float or array_like, shape (n_synapses,)
        Delay of each synapse [ms], in ``[0, 1000]``.

    Returns
    -------
    Connectivity
        The synapses sorted by source, then target.

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it and the allowed range.
    """
    n_pre = check_int("n_pre", n_pre, low=1, high=10_000_000)
    n_post = check_int("n_post", n_post, low=1, high=10_000_000)
    pre = check_array("pre", pre, ndim=1, dtype=np.int64)
    post = check_array("post", post, ndim=1, shape=pre.shape, dtype=np.int64)
    if pre.size and (pre.min() < 0 or pre.max() >= n_pre):
        raise ValueError(
            f"pre holds indices out of range: they must lie in [0, {n_pre - 1}]; "
            f"found {int(pre.min())}..{int(pre.max())}"
        )
    if post.size and (post.min() < 0 or post.max() >= n_post):
        raise ValueError(
            f"post holds indices out of range: they must lie in [0, {n_post - 1}]; "
            f"found {int(post.min())}..{int(post.max())}"
        )
    weights = check_array("weights", weights, unit="mV", ndim=(0, 1), low=-MAX_WEIGHT, high=MAX_WEIGHT)
    delays = check_array("delays", delays, unit="ms", ndim=(0, 1), low=0.0, high=MAX_DELAY)
    for name, arr in (("weights", weights), ("delays", delays)):
        if arr.ndim == 1 and arr.shape != pre.shape:
            raise ValueError(f"{name} must be a scalar or have shape {pre.shape}; got {arr.shape}")
    weights = np.broadcast_to(weights, pre.shape)
    delays = np.broadcast_to(delays, pre.shape)
    order = np.lexsort((post, pre))
    indptr = np.zeros(n_pre + 1, dtype=np.int64)
    np.cumsum(np.bincount(pre, minlength=n_pre), out=indptr[1:])
    return Connectivity._trusted(
        indptr,
        post[order],
        np.array(weights[order], dtype=float),
        np.array(delays[order], dtype=float),
        n_pre,
        n_post,
    )


def stack_presynaptic(connectivities):
    """Combine the projections of several presynaptic populations onto one target population.

    Typical use: ``stack_presynaptic([e_to_all, i_to_all])`` builds the recurrent
    connectivity of an E/I network whose neurons ``0 .. n_E - 1`` are excitatory and
    ``n_E .. n_E + n_I - 1`` inhibitory.

    Parameters
    ----------
    connectivities : sequence of Connectivity
        Projections with the same ``n_post``, in the order of the presynaptic populations.

    Returns
    -------
    Connectivity
        ``n_pre`` is the sum of the parts; the rows of part ``k`` follow those of part ``k - 1``.

    Raises
    ------
    TypeError, ValueError
        If the sequence is empty, holds something else than Connectivity objects, or the
        parts have different ``n_post``.
    """
    parts = list(connectivities) if not isinstance(connectivities, Connectivity) else [connectivities]
    if not parts:
        raise ValueError("connectivities must hold at least one Connectivity")
    for k, part in enumerate(parts):
        if not isinstance(part, Connectivity):
            raise TypeError(f"connectivities[{k}] must be a Connectivity; got {type(part).__name__}")
    n_post = parts[0].n_post
    for k, part in enumerate(parts):
        if part.n_post != n_post:
            raise ValueError(
                f"connectivities must share n_post; connectivities[{k}].n_post = {part.n_post}, "
                f"connectivities[0].n_post = {n_post}"
            )
    offsets = np.cumsum([0] + [part.n_synapses for part in parts])
    indptr = np.concatenate(
        [parts[0].indptr[:1]] + [part.indptr[1:] + off for part, off in zip(parts, offsets[:-1], strict=True)]
    )
    return Connectivity._trusted(
        indptr,
        np.concatenate([part.indices for part in parts]),
        np.concatenate([part.weights for part in parts]),
        np.concatenate([part.delays for part in parts]),
        sum(part.n_pre for part in parts),
        n_post,
    )
