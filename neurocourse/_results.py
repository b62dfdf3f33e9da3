"""The result types' shared shape.

Every simulation returns a frozen, keyword-only dataclass derived from
:class:`SimulationResult`: it holds the ``params`` simulated, the step ``dt`` [ms], the number
of steps ``n_steps`` and the start time ``t_start`` [ms]; ``duration == n_steps * dt`` and
``time`` are properties, so they can never disagree.

**One sampling convention.** A recorded sample ``n`` is the state at the *start* of step
``n``, at time ``t_start + n * dt``: the first sample is the initial state, and the state
after the last step is not recorded (it is the first sample of a continuation). In the spiking
network that is the state after the spikes and inputs of ``t_n`` were applied.

Arrays held by a result are read-only: a learner who edits ``result.voltage[0, 0] = 0``
gets an error instead of silently changing what later properties compute.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

__all__ = [
    "SimulationResult",
    "SpikingResult",
    "PopulationResult",
    "SpikeMethods",
    "collect_spikes",
    "freeze_arrays",
]


def freeze_arrays(obj) -> None:
    """Make every ndarray field of a dataclass instance read-only."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, np.ndarray):
            value.setflags(write=False)


class SpikeMethods:
    """Derived properties of anything holding ``spike_indices``, ``spike_times`` [ms],
    ``n_neurons`` and ``duration`` [ms]."""

    @property
    def n_spikes(self) -> int:
        """Total number of spikes."""
        return int(self.spike_times.size)

    @property
    def spike_counts(self) -> np.ndarray:
        """Number of spikes of each neuron, shape (n_neurons,)."""
        return np.bincount(self.spike_indices, minlength=self.n_neurons)

    @property
    def firing_rates(self) -> np.ndarray:
        """Mean firing rate of each neuron over the whole run [Hz], shape (n_neurons,)."""
        return self.spike_counts * (1000.0 / self.duration)

    @property
    def isi_rates(self) -> np.ndarray:
        """Firing rate of each neuron from its inter-spike intervals, 1000 / mean ISI [Hz],
        shape (n_neurons,); 0 for a neuron with fewer than two spikes.

        Unlike :attr:`firing_rates` (spikes / duration) it does not count the time before the
        first spike, so it is the steady rate of a regular neuron (the f-I curve's rate).
        """
        rates = np.zeros(self.n_neurons)
        for i, train in enumerate(self.spike_trains()):
            if train.size > 1:
                rates[i] = 1000.0 * (train.size - 1) / (train[-1] - train[0])
        return rates

    @property
    def mean_rate(self) -> float:
        """Firing rate averaged over neurons [Hz]."""
        return float(self.n_spikes * 1000.0 / (self.duration * self.n_neurons))

    def spike_trains(self) -> list[np.ndarray]:
        """Return the spike times [ms] of each neuron, a list of ``n_neurons`` arrays."""
        order = np.argsort(self.spike_indices, kind="stable")
        splits = np.cumsum(self.spike_counts)[:-1]
        return np.split(self.spike_times[order], splits)

    def interspike_intervals(self, neuron: int = 0) -> np.ndarray:
        """Return the inter-spike intervals [ms] of one neuron."""
        if not 0 <= int(neuron) < self.n_neurons:
            raise ValueError(f"neuron must lie in [0, {self.n_neurons - 1}]; got {neuron}")
        return np.diff(self.spike_times[self.spike_indices == int(neuron)])


@dataclass(frozen=True, kw_only=True, eq=False)
class SimulationResult:
    """Fields and properties every simulation result has.

    Attributes
    ----------
    params : object
        The parameter dataclass simulated.
    dt : float
        Time step [ms].
    n_steps : int
        Number of steps simulated.
    t_start : float
        Time [ms] of the first step (0, or the start of a window of a longer run).
    """

    params: object
    dt: float
    n_steps: int
    t_start: float = 0.0

    def __post_init__(self):
        freeze_arrays(self)

    @property
    def duration(self) -> float:
        """Simulated time [ms]: ``n_steps * dt``."""
        return self.n_steps * self.dt

    @property
    def time(self) -> np.ndarray:
        """Time of each recorded sample [ms], ``t_start + n * dt`` (the start of step n)."""
        return self.t_start + np.arange(self.n_steps) * self.dt


@dataclass(frozen=True, kw_only=True, eq=False)
class SpikingResult(SpikeMethods, SimulationResult):
    """A simulation result that holds spikes.

    Attributes
    ----------
    spike_indices : ndarray of int64, shape (n_spikes,)
        Neuron index of each spike, sorted by time.
    spike_times : ndarray of float64, shape (n_spikes,)
        Spike times [ms], ascending, measured from the start of the run.
    n_neurons : int
        Number of simulated neurons.
    """

    spike_indices: np.ndarray
    spike_times: np.ndarray
    n_neurons: int


@dataclass(frozen=True, kw_only=True, eq=False)
class PopulationResult(SpikingResult):
    """A network's spikes, with its neurons grouped into named populations.

    Attributes
    ----------
    populations : dict of str to slice
        Named contiguous groups of neurons (``{"E": slice(0, 800), "I": slice(800, 1000)}``).
    """

    populations: dict

    @property
    def population_mean_rates(self) -> dict:
        """Mean firing rate of each named population [Hz]."""
        counts = self.spike_counts
        return {
            name: float(counts[sl].sum() * 1000.0 / (self.duration * (sl.stop - sl.start)))
            for name, sl in self.populations.items()
        }

    def population_rate(self, bin_width=1.0, *, population=None):
        """Return the population firing rate in bins of ``bin_width`` [ms].

        Parameters
        ----------
        bin_width : float
            Bin width [ms], in [dt, duration].
        population : str, optional
            Name of a population; all neurons by default.

        Returns
        -------
        centres : ndarray, shape (n_bins,)
            Bin centres [ms].
        rate : ndarray, shape (n_bins,)
            Spikes per neuron per second in each bin [Hz].
        """
        from ._validation import check_scalar
        from .analysis import compute_population_rate

        bin_width = check_scalar("bin_width", bin_width, unit="ms", low=self.dt, high=self.duration)
        if population is None:
            times, size = self.spike_times, self.n_neurons
        else:
            if not isinstance(population, str) or population not in self.populations:
                names = ", ".join(repr(k) for k in self.populations)
                raise ValueError(f"population must be one of {names} or None; got {population!r:.60}")
            sl = self.populations[population]
            mask = (self.spike_indices >= sl.start) & (self.spike_indices < sl.stop)
            times, size = self.spike_times[mask], sl.stop - sl.start
        return compute_population_rate(
            times, n_neurons=size, duration=self.duration, bin_width=bin_width, t_start=self.t_start
        )


def collect_spikes(spike_out: np.ndarray, spike_count: np.ndarray):
    """Flatten per-neuron spike buffers into time-sorted ``(spike_indices, spike_times)``.

    Parameters
    ----------
    spike_out : ndarray, shape (n_neurons, capacity)
        Spike times [ms] of each neuron in its row, the first ``spike_count[i]`` valid.
    spike_count : ndarray of int, shape (n_neurons,)
        Number of spikes of each neuron (counts above the capacity are clipped).
    """
    n_neurons, cap = spike_out.shape
    counts = np.minimum(spike_count, cap)
    indices = np.repeat(np.arange(n_neurons, dtype=np.int64), counts)
    times = spike_out[np.arange(cap)[None, :] < counts[:, None]]
    order = np.argsort(times, kind="stable")
    return indices[order], times[order]
