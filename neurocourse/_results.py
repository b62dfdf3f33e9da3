"""Shared behaviour of result types that hold spikes.

Every simulation that produces spikes returns a frozen dataclass with the fields
``spike_indices``, ``spike_times`` [ms], ``n_neurons``, ``duration`` [ms] and ``dt`` [ms];
subclassing :class:`SpikingResult` gives it the derived properties below.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["SpikingResult", "collect_spikes"]


@dataclass(frozen=True, eq=False)
class SpikingResult:
    """Spikes of ``n_neurons`` neurons over ``duration`` [ms] simulated at step ``dt`` [ms].

    Attributes
    ----------
    spike_indices : ndarray of int64, shape (n_spikes,)
        Neuron index of each spike, sorted by time.
    spike_times : ndarray of float64, shape (n_spikes,)
        Spike times [ms], ascending.
    n_neurons : int
        Number of simulated neurons.
    duration : float
        Simulated time [ms].
    dt : float
        Time step [ms].
    """

    spike_indices: np.ndarray
    spike_times: np.ndarray
    n_neurons: int
    duration: float
    dt: float

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
