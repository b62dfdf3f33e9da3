"""Spike-train and population analysis: rates, irregularity, variability, synchrony, spectra.

All functions work on plain arrays (``spike_indices``, ``spike_times`` [ms]) or on recorded
state ``(n_neurons, n_steps)``, so they serve every model in the package.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array, check_int, check_positive, check_scalar

__all__ = [
    "compute_firing_rates",
    "compute_isi_cv",
    "compute_fano_factor",
    "compute_psth",
    "compute_population_rate",
    "compute_synchrony_chi",
    "compute_power_spectrum",
]


def _check_spikes(spike_indices, spike_times, n_neurons):
    n_neurons = check_int("n_neurons", n_neurons, low=1)
    times = check_array("spike_times", spike_times, unit="ms", ndim=1, low=-1e9, high=1e9)
    indices = check_array("spike_indices", spike_indices, ndim=1, dtype=np.int64)
    if indices.shape != times.shape:
        raise ValueError(
            f"spike_indices and spike_times must have the same length; got {indices.size} and {times.size}"
        )
    if indices.size and (indices.min() < 0 or indices.max() >= n_neurons):
        raise ValueError(
            f"spike_indices must lie in [0, {n_neurons - 1}] for n_neurons = {n_neurons}; "
            f"found {indices.min()}..{indices.max()}"
        )
    return indices, times, n_neurons


def compute_firing_rates(spike_indices, spike_times, *, n_neurons, duration, t_start=0.0):
    """Compute the mean firing rate of each neuron over a time window.

    Parameters
    ----------
    spike_indices : array_like of int, shape (n_spikes,)
        Neuron index of each spike.
    spike_times : array_like of float, shape (n_spikes,)
        Time of each spike [ms].
    n_neurons : int
        Number of neurons (rates of silent neurons are 0).
    duration : float
        Length of the window [ms], counted from ``t_start``.
    t_start : float
        Start of the window [ms]; spikes before it are ignored.

    Returns
    -------
    rates : ndarray, shape (n_neurons,)
        Firing rate of each neuron [Hz].
    """
    indices, times, n_neurons = _check_spikes(spike_indices, spike_times, n_neurons)
    duration = check_positive("duration", duration, unit="ms")
    t_start = check_scalar("t_start", t_start, unit="ms")
    inside = (times >= t_start) & (times < t_start + duration)
    counts = np.bincount(indices[inside], minlength=n_neurons)
    return counts * (1000.0 / duration)


def compute_isi_cv(spike_indices, spike_times, *, n_neurons, min_spikes=3):
    """Compute the coefficient of variation of the inter-spike intervals of each neuron.

    CV = std(ISI) / mean(ISI): 0 for a clock, 1 for a Poisson process.

    Parameters
    ----------
    spike_indices, spike_times : array_like, shape (n_spikes,)
        Spikes as parallel arrays (times [ms]).
    n_neurons : int
        Number of neurons.
    min_spikes : int
        Neurons with fewer spikes have no defined CV and are left out (>= 3).

    Returns
    -------
    cv : ndarray, shape (n_qualifying,)
        The CV of each neuron with at least ``min_spikes`` spikes, in index order. Empty
        when no neuron qualifies; take its mean only when ``cv.size > 0``.

    References
    ----------
    Softky WR, Koch C (1993) The highly irregular firing of cortical cells is inconsistent
    with temporal integration of random EPSPs. J Neurosci 13:334-350.
    """
    indices, times, n_neurons = _check_spikes(spike_indices, spike_times, n_neurons)
    min_spikes = check_int("min_spikes", min_spikes, low=3)
    order = np.lexsort((times, indices))
    idx, t = indices[order], times[order]
    counts = np.bincount(idx, minlength=n_neurons)
    starts = np.concatenate(([0], np.cumsum(counts)))
    isi = np.diff(t)
    same = idx[1:] == idx[:-1]
    cvs = []
    for neuron in np.flatnonzero(counts >= min_spikes):
        lo, hi = starts[neuron], starts[neuron + 1]
        intervals = isi[lo:hi - 1][same[lo:hi - 1]]
        mean = intervals.mean()
        cvs.append(intervals.std() / mean if mean > 0 else 0.0)
    return np.asarray(cvs, dtype=float)


def compute_fano_factor(spike_indices, spike_times, *, n_neurons, duration, window, t_start=0.0):
    """Compute the Fano factor of each neuron's spike count in consecutive windows.

    F = Var(count) / Mean(count): 1 for a Poisson process, 0 for a clock read in windows
    that are whole multiples of its period.

    Parameters
    ----------
    spike_indices, spike_times : array_like, shape (n_spikes,)
        Spikes as parallel arrays (times [ms]).
    n_neurons : int
        Number of neurons.
    duration : float
        Length of the analysed stretch [ms], from ``t_start``.
    window : float
        Counting window [ms]; at least two windows must fit into ``duration``.
    t_start : float
        Start of the analysed stretch [ms].

    Returns
    -------
    fano : ndarray, shape (n_active,)
        Fano factor of each neuron that spiked at least once in the stretch.
    """
    indices, times, n_neurons = _check_spikes(spike_indices, spike_times, n_neurons)
    duration = check_positive("duration", duration, unit="ms")
    window = check_positive("window", window, unit="ms")
    t_start = check_scalar("t_start", t_start, unit="ms")
    n_windows = int(duration // window)
    if n_windows < 2:
        raise ValueError(
            f"window [ms] = {window:g} must fit at least twice into duration = {duration:g} ms"
        )
    inside = (times >= t_start) & (times < t_start + n_windows * window)
    bins = ((times[inside] - t_start) // window).astype(np.int64)
    counts = np.zeros((n_neurons, n_windows))
    np.add.at(counts, (indices[inside], bins), 1.0)
    mean = counts.mean(axis=1)
    active = mean > 0
    return counts[active].var(axis=1) / mean[active]


def compute_psth(spike_times, *, n_trials, duration, bin_width, t_start=0.0):
    """Compute a peri-stimulus time histogram: the trial-averaged firing rate.

    Parameters
    ----------
    spike_times : array_like, shape (n_spikes,)
        Spike times [ms] relative to stimulus onset, pooled over trials (or over neurons).
    n_trials : int
        Number of trials (or neurons) pooled.
    duration : float
        Length of the histogram [ms].
    bin_width : float
        Bin width [ms].
    t_start : float
        Start of the histogram [ms].

    Returns
    -------
    bin_centres : ndarray, shape (n_bins,)
        Centre of each bin [ms].
    rate : ndarray, shape (n_bins,)
        Mean rate per trial in each bin [Hz].
    """
    times = check_array("spike_times", spike_times, unit="ms", ndim=1)
    n_trials = check_int("n_trials", n_trials, low=1)
    duration = check_positive("duration", duration, unit="ms")
    bin_width = check_positive("bin_width", bin_width, unit="ms", high=duration)
    t_start = check_scalar("t_start", t_start, unit="ms")
    n_bins = max(1, int(round(duration / bin_width)))
    edges = t_start + bin_width * np.arange(n_bins + 1)
    counts, _ = np.histogram(times, bins=edges)
    return 0.5 * (edges[1:] + edges[:-1]), counts * (1000.0 / (bin_width * n_trials))


def compute_population_rate(spike_times, *, n_neurons, duration, bin_width, t_start=0.0):
    """Compute the population firing rate: spikes of all neurons per bin, per neuron.

    Parameters
    ----------
    spike_times : array_like, shape (n_spikes,)
        Spike times [ms] of all neurons.
    n_neurons : int
        Number of neurons in the population.
    duration : float
        Length of the signal [ms].
    bin_width : float
        Bin width [ms] (use the simulation step to keep fast oscillations).
    t_start : float
        Start time [ms].

    Returns
    -------
    bin_centres : ndarray, shape (n_bins,)
        Centre of each bin [ms].
    rate : ndarray, shape (n_bins,)
        Population rate [Hz].
    """
    n_neurons = check_int("n_neurons", n_neurons, low=1)
    return compute_psth(spike_times, n_trials=n_neurons, duration=duration,
                        bin_width=bin_width, t_start=t_start)


def compute_synchrony_chi(voltage):
    """Compute Golomb's synchrony measure chi from recorded membrane potentials.

    .. math:: \\chi^2 = \\frac{\\mathrm{Var}_t[\\bar V(t)]}{\\frac{1}{N}\\sum_i \\mathrm{Var}_t[V_i(t)]}

    where :math:`\\bar V` is the population-averaged voltage. chi is 1 for identical traces
    and falls as :math:`1/\\sqrt{N}` for independent ones.

    Parameters
    ----------
    voltage : array_like, shape (n_neurons, n_steps)
        Recorded voltages [mV] of at least two neurons over at least two steps.

    Returns
    -------
    chi : float
        Synchrony in [0, 1]; 0 when every trace is constant.

    References
    ----------
    Golomb D, Rinzel J (1993) Dynamics of globally coupled inhibitory neurons with
    heterogeneity. Phys Rev E 48:4810-4814. Golomb D (2007) Neuronal synchrony measures.
    Scholarpedia 2:1347.
    """
    v = check_array("voltage", voltage, unit="mV", ndim=2)
    if v.shape[0] < 2 or v.shape[1] < 2:
        raise ValueError(f"voltage must have shape (n_neurons >= 2, n_steps >= 2); got {v.shape}")
    individual = v.var(axis=1).mean()
    if individual == 0.0:
        return 0.0
    return float(np.sqrt(min(1.0, v.mean(axis=0).var() / individual)))


def compute_power_spectrum(signal, *, dt, detrend=True):
    """Compute the one-sided power spectrum of a signal (e.g. a population rate).

    Parameters
    ----------
    signal : array_like, shape (n_samples,)
        The signal, sampled every ``dt``.
    dt : float
        Sampling interval [ms].
    detrend : bool
        Subtract the mean first, so the 0 Hz bin does not dominate.

    Returns
    -------
    freqs : ndarray
        Frequencies [Hz], from 0 to the Nyquist frequency.
    power : ndarray
        Power spectral density [signal unit^2 / Hz].
    """
    x = check_array("signal", signal, ndim=1, min_size=2)
    dt = check_positive("dt", dt, unit="ms")
    if detrend:
        x = x - x.mean()
    fs = 1000.0 / dt  # Hz
    spectrum = np.fft.rfft(x)
    power = (np.abs(spectrum) ** 2) / (fs * x.size)
    power[1:] *= 2.0
    if x.size % 2 == 0:
        power[-1] /= 2.0
    return np.fft.rfftfreq(x.size, d=dt / 1000.0), power

