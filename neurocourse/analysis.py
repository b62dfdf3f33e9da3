"""Spike-train and population analysis: rates, irregularity, variability, synchrony, spectra,
and a one-call summary of a network's activity that names its regime.

All functions work on plain arrays (``spike_indices``, ``spike_times`` [ms]) or on recorded
state ``(n_neurons, n_steps)``, so they serve every model in the package.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    "NetworkActivitySummary",
    "summarize_network_activity",
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



@dataclass(frozen=True)
class NetworkActivitySummary:
    """Summary statistics of a network's activity, and the regime they indicate.

    Attributes
    ----------
    rate : float
        Firing rate averaged over all neurons [Hz].
    cv : float
        Mean ISI coefficient of variation over the neurons with at least ``min_spikes``
        spikes; NaN when no neuron has that many.
    n_cv_neurons : int
        Number of neurons that entered ``cv``.
    chi : float
        Golomb's synchrony measure, in [0, 1] (see :func:`compute_synchrony_chi`).
    chi_source : {'voltage', 'spike counts'}
        Whether ``chi`` was computed from the recorded membrane potentials (at least two
        neurons recorded) or from every neuron's spike counts in bins of ``chi_bin_width``.
    peak_frequency : float
        Frequency of the largest peak of the population-rate power spectrum at or above
        5 Hz [Hz]; NaN when the population rate is constant (e.g. no spike at all).
    regime : {'SR', 'AI', 'SI-fast', 'SI-slow', 'quiescent'}
        The regime in Brunel's (2000) terms (see :func:`summarize_network_activity`).
    """

    rate: float
    cv: float
    n_cv_neurons: int
    chi: float
    chi_source: str
    peak_frequency: float
    regime: str


def summarize_network_activity(result, *, bin_width=0.5, min_spikes=3, chi_bin_width=2.0):
    """Summarise a network's activity (rate, CV, synchrony, spectral peak) and name its regime.

    Parameters
    ----------
    result : NetworkResult or similar
        Any object with ``spike_indices``, ``spike_times`` [ms], ``n_neurons``,
        ``duration`` [ms] and ``dt`` [ms]; optionally ``voltage`` (n_recorded, n_steps) [mV]
        and ``t_start`` [ms] (0 if absent), as held by
        :class:`~neurocourse.networks.NetworkResult` and its ``window(...)``. Discard the
        initial transient first: ``summarize_network_activity(result.window(200.0))``.
    bin_width : float
        Bin of the population rate whose spectrum is taken [ms], in [dt, duration / 4].
        0.5 ms resolves oscillations up to 1 kHz.
    min_spikes : int
        Neurons with fewer spikes are left out of ``cv``, >= 3.
    chi_bin_width : float
        Bin [ms] of the spike counts used for ``chi`` when fewer than two voltages were
        recorded, in [dt, duration / 4].

    Returns
    -------
    NetworkActivitySummary
        ``rate`` [Hz], ``cv``, ``chi`` (and its source), ``peak_frequency`` [Hz], ``regime``.

    Raises
    ------
    TypeError
        If ``result`` lacks one of the attributes above.
    ValueError
        On an invalid argument, naming it and the allowed range.

    Notes
    -----
    The regime follows Brunel (2000), decided in this order:

    1. ``"quiescent"``: rate below 0.5 Hz.
    2. ``"SR"`` (synchronous regular): mean CV below 0.2 and rate at least 20 Hz. In
       Brunel's network single cells fire this regularly only when the whole population
       locks to a rhythm near the refractory limit (g < 4).
    3. ``"SI-fast"`` or ``"SI-slow"`` (synchronous irregular) when chi reaches a threshold,
       ``"AI"`` (asynchronous irregular) below it. Fast means a spectral peak at or above
       80 Hz (Brunel's fast oscillation, period a few synaptic delays: 150-200 Hz for
       D = 1.5 ms); slow means below 80 Hz (period set by the membrane time constant:
       10-60 Hz). The membrane filters fast rhythms out of the voltage, so a fast rhythm
       needs a higher voltage chi to count: 0.48 for fast and 0.40 for slow rhythms. From
       spike counts (2 ms bins) chi is lower, all the more at low rates, and the thresholds
       are 0.27 and 0.15.

    The thresholds were calibrated on Brunel's Fig. 8 points A-D simulated with
    N_E = 5000 (C_E = 1000), 600 ms, the first 200 ms discarded, 100 voltages recorded, over
    six seeds: A (g = 3, nu_ext / nu_thr = 2): rate 312 Hz, CV 0, chi 0.67 -> SR;
    B (5, 2): 38 Hz, CV 0.4, chi 0.28-0.41, peak 90-145 Hz -> AI;
    C (6, 4): 62 Hz, CV 0.9, chi 0.56-0.59, peak 170 Hz -> SI-fast;
    D (4.5, 0.9): 4-7 Hz, CV 0.3, chi 0.47-0.60, peak 15-32 Hz -> SI-slow. Near the
    boundaries between regimes the label can change from seed to seed: the regimes of a
    finite network are not sharply separated, and 400 ms is a short sample.

    .. math:: \\chi^2 = \\frac{\\mathrm{Var}_t[\\bar V(t)]}{\\frac{1}{N}\\sum_i \\mathrm{Var}_t[V_i(t)]}

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208.
    Golomb D (2007) Neuronal synchrony measures. Scholarpedia 2:1347.
    """
    missing = [name for name in ("spike_indices", "spike_times", "n_neurons", "duration", "dt")
               if not hasattr(result, name)]
    if missing:
        raise TypeError(
            f"result must have spike_indices, spike_times, n_neurons, duration and dt (like a "
            f"NetworkResult); {type(result).__name__} lacks {', '.join(missing)}"
        )
    duration = check_positive("result.duration", result.duration, unit="ms")
    dt = check_positive("result.dt", result.dt, unit="ms", high=duration)
    t_start = check_scalar("result.t_start", getattr(result, "t_start", 0.0), unit="ms")
    indices, times, n_neurons = _check_spikes(result.spike_indices, result.spike_times, result.n_neurons)
    bin_width = check_scalar("bin_width", bin_width, unit="ms", low=dt * (1 - 1e-9), high=duration / 4)
    chi_bin_width = check_scalar("chi_bin_width", chi_bin_width, unit="ms", low=dt * (1 - 1e-9),
                                 high=duration / 4)
    min_spikes = check_int("min_spikes", min_spikes, low=3)
    inside = (times >= t_start) & (times < t_start + duration)
    indices, times = indices[inside], times[inside]

    rate = float(indices.size * 1000.0 / (duration * n_neurons))
    cvs = compute_isi_cv(indices, times, n_neurons=n_neurons, min_spikes=min_spikes)
    cv = float(cvs.mean()) if cvs.size else float("nan")

    voltage = getattr(result, "voltage", None)
    voltage = None if voltage is None else np.asarray(voltage)
    if voltage is not None and voltage.ndim == 2 and voltage.shape[0] >= 2 and voltage.shape[1] >= 2:
        chi, chi_source = compute_synchrony_chi(voltage), "voltage"
    else:
        chi, chi_source = _count_synchrony_chi(indices, times, n_neurons, duration, chi_bin_width, t_start), \
            "spike counts"

    _, population = compute_population_rate(times, n_neurons=n_neurons, duration=duration,
                                            bin_width=bin_width, t_start=t_start)
    freqs, power = compute_power_spectrum(population, dt=bin_width)
    band = freqs >= 5.0
    if np.any(band) and np.max(power[band]) > 0.0:
        peak_frequency = float(freqs[band][np.argmax(power[band])])
    else:
        peak_frequency = float("nan")

    if rate < 0.5:
        regime = "quiescent"
    elif cvs.size and cv < 0.2 and rate >= 20.0:
        regime = "SR"
    else:
        fast = bool(peak_frequency >= 80.0)  # NaN counts as slow
        if chi_source == "voltage":
            threshold = 0.48 if fast else 0.40
        else:
            threshold = 0.27 if fast else 0.15
        regime = "AI" if chi < threshold else ("SI-fast" if fast else "SI-slow")
    return NetworkActivitySummary(rate=rate, cv=cv, n_cv_neurons=int(cvs.size), chi=float(chi),
                                  chi_source=chi_source, peak_frequency=peak_frequency, regime=regime)


def _count_synchrony_chi(indices, times, n_neurons, duration, bin_width, t_start):
    """Golomb's chi of the spike-count matrix (n_neurons, n_bins), without building it."""
    n_bins = max(2, int(duration // bin_width))
    bins = np.floor((times - t_start) / bin_width).astype(np.int64)
    keep = bins < n_bins
    idx, bins = indices[keep], bins[keep]
    if idx.size == 0 or n_neurons < 2:
        return 0.0
    cells, counts = np.unique(idx * n_bins + bins, return_counts=True)
    neuron = cells // n_bins
    mean_i = np.bincount(idx, minlength=n_neurons) / n_bins
    mean_sq_i = np.bincount(neuron, weights=counts.astype(float) ** 2, minlength=n_neurons) / n_bins
    individual = float(np.mean(mean_sq_i - mean_i ** 2))
    population = np.bincount(bins, minlength=n_bins) / n_neurons
    if individual <= 0.0:
        return 0.0
    return float(np.sqrt(min(1.0, population.var() / individual)))
