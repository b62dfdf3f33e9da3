"""Spike-train and population analysis: rates, irregularity, variability, synchrony, spectra,
and a one-call summary of a network's activity that names its regime.

All functions work on plain arrays (``spike_indices``, ``spike_times`` [ms]) or on recorded
state ``(n_neurons, n_steps)``, so they serve every model in the package.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validation import check_array, check_int, check_positive, check_scalar, warn_unit_slip

__all__ = [
    "compute_firing_rates",
    "compute_isi_cv",
    "compute_fano_factor",
    "compute_psth",
    "compute_population_rate",
    "compute_synchrony_chi",
    "expected_chi_independent",
    "fast_slow_split",
    "compute_power_spectrum",
    "FiringPattern",
    "classify_firing_pattern",
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
    # a rate over less than a millisecond is almost always a duration typed in seconds
    warn_unit_slip("duration", duration, unit="ms")
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
        intervals = isi[lo : hi - 1][same[lo : hi - 1]]
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
        raise ValueError(f"window [ms] = {window:g} must fit at least twice into duration = {duration:g} ms")
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
    return compute_psth(
        spike_times, n_trials=n_neurons, duration=duration, bin_width=bin_width, t_start=t_start
    )


def compute_synchrony_chi(voltage):
    """Compute Golomb's synchrony measure chi from recorded membrane potentials.

    .. math:: \\chi^2 = \\frac{\\mathrm{Var}_t[\\bar V(t)]}{\\frac{1}{N}\\sum_i \\mathrm{Var}_t[V_i(t)]}

    where :math:`\\bar V` is the population-averaged voltage. chi is 1 for identical traces;
    for N traces with mean pairwise correlation rho, :math:`\\chi^2 = 1/N + (1 - 1/N)\\rho`, so
    independent traces give E[chi^2] = 1/N (chi about 0.10 for 100 traces; see
    :func:`expected_chi_independent`) and chi^2 - 1/N, not chi itself, measures correlation.

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
    # chi does not change with the voltages' scale: divide by the largest magnitude first, so
    # that squaring voltages near the float limit cannot overflow into inf / inf
    scale = np.abs(v).max()
    if scale == 0.0:
        return 0.0
    v = v / scale
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


def expected_chi_independent(n_units):
    """Return the synchrony chi expected for ``n_units`` independent units: ``1 / sqrt(n_units)``.

    For independent traces :math:`x_i(t)` the variance of their mean is the mean of their
    variances over ``n_units``, so the ratio of expectations in chi^2 is exactly

    .. math::

        \\frac{E\\,\\mathrm{Var}_t[\\bar x]}{E\\,\\frac{1}{N}\\sum_i \\mathrm{Var}_t[x_i]} = \\frac{1}{N}

    whatever the variances of the units and the number of samples (the finite-sample bias
    factor (1 - 1/T) of the two sample variances cancels). So chi^2 - 1/N, not chi, measures
    correlation: with pairwise correlation rho between all units,
    :math:`\\chi^2 = 1/N + (1 - 1/N)\\rho`.

    Parameters
    ----------
    n_units : int
        Number of traces (recorded voltages, or neurons whose spike counts enter chi), >= 2.

    Returns
    -------
    float
        ``sqrt(E[chi^2]) = 1 / sqrt(n_units)`` (0.1 for 100 recorded voltages).
    """
    n_units = check_int("n_units", n_units, low=2)
    return 1.0 / math.sqrt(n_units)


def _surrogate_chi2(voltage, n_surrogates, rng):
    """Mean and SD of chi^2 over surrogates in which each trace is circularly shifted at random.

    A shift keeps every trace (its variance and autocorrelation) and destroys the
    alignment between traces: the null hypothesis of independent units at this sample size.
    """
    n, t = voltage.shape
    steps = np.arange(t)
    individual = voltage.var(axis=1).mean()
    out = np.empty(n_surrogates)
    for k in range(n_surrogates):
        shifts = rng.integers(0, t, n)
        shifted = np.take_along_axis(voltage, (steps[None, :] + shifts[:, None]) % t, axis=1)
        out[k] = shifted.mean(axis=0).var() / individual
    return float(out.mean()), float(out.std())


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
    regime : {'SR', 'AR', 'AI', 'SI-fast', 'SI-slow', 'quiescent'}
        The regime in Brunel's (2000) terms (see :func:`summarize_network_activity`).
    chi_null : float
        chi expected for independent units at this sample size, sqrt(E[chi^2]): from
        surrogates (each voltage trace circularly shifted at random) for voltages, and
        ``1 / sqrt(n_neurons)`` for spike counts (0.10 for 100 recorded voltages).
    correlation : float
        Mean pairwise correlation implied by chi beyond the null,
        ``(chi^2 - chi_null^2) / (1 - chi_null^2)``.
    synchronous : bool
        Whether ``correlation`` is significant (chi^2 more than 3 SD of the null above it) and
        larger than the shared-input bound ``connection_probability``.
    """

    rate: float
    cv: float
    n_cv_neurons: int
    chi: float
    chi_source: str
    peak_frequency: float
    regime: str
    chi_null: float = float("nan")
    correlation: float = float("nan")
    synchronous: bool = False


#: Regularity threshold of the regime rule: interval jitter below a quarter of the mean interval.
REGULAR_CV = 0.25
#: Intervals per neuron needed before a low CV counts as regular (Poisson CV 0.9 +- 0.2 at 10).
MIN_INTERVALS_FOR_REGULARITY = 10
#: How many null standard deviations chi^2 must exceed its null by to count as correlated.
SYNCHRONY_SIGNIFICANCE = 3.0


def fast_slow_split(delay, tau_m):
    """Return the frequency [Hz] separating fast from slow population rhythms.

    Brunel's fast rhythm is paced by the transmission delay D (period about 4 D, a volley's
    inhibition arriving D later and lasting about as long); the slow one by the membrane
    time constant tau_m (period of order tau_m or longer). The split is the midpoint of the
    two scales on a logarithmic frequency axis: ``sqrt(1 / (4 D) * 1 / tau_m)``, 91 Hz for
    D = 1.5 ms and tau_m = 20 ms (fast rhythms of Brunel's point B: about 185 Hz; slow ones of
    point D: 20-25 Hz).

    Parameters
    ----------
    delay : float
        Transmission delay D [ms], > 0.
    tau_m : float
        Membrane time constant [ms], > 0.
    """
    delay = check_positive("delay", delay, unit="ms")
    tau_m = check_positive("tau_m", tau_m, unit="ms")
    return 1000.0 * math.sqrt(1.0 / (4.0 * delay * tau_m))


def summarize_network_activity(
    result,
    *,
    bin_width=0.5,
    min_spikes=3,
    chi_bin_width=2.0,
    connection_probability=0.0,
    delay=1.5,
    tau_m=None,
):
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
    connection_probability : float
        Probability epsilon of a recurrent connection, in [0, 1): two neurons share on
        average this fraction of their recurrent inputs (C_E / N_E = 0.1 in Brunel's network),
        which bounds the correlation an asynchronous network can show (see Notes). 0 (the
        default) tests against independent units.
    delay : float
        Transmission delay D [ms] (Brunel: 1.5 ms), > 0; sets the fast/slow split.
    tau_m : float, optional
        Membrane time constant [ms]; ``result.params.tau_m`` if present, else 20 ms.

    Returns
    -------
    NetworkActivitySummary
        ``rate`` [Hz], ``cv``, ``chi`` (its source, null value and implied correlation),
        ``peak_frequency`` [Hz], ``synchronous`` and ``regime``.

    Raises
    ------
    TypeError
        If ``result`` lacks one of the attributes above.
    ValueError
        On an invalid argument, naming it and the allowed range.

    Notes
    -----
    The regime follows the definitions of Brunel (2000): a state is *synchronous* when the
    global activity oscillates, which shows as correlated neurons, and *regular* when single
    neurons fire like clocks. Each test is derived from its definition, not fitted:

    1. ``"quiescent"``: rate below 0.5 Hz.
    2. **Synchrony** from Golomb's chi. With N traces of mean pairwise correlation rho,
       :math:`\\chi^2 = 1/N + (1 - 1/N)\\rho`; for independent units E[chi^2] = 1/N
       (0.01, chi = 0.10, for 100 recorded voltages; :func:`expected_chi_independent`). The
       function measures that null at the actual sample size with 20 surrogates in which
       every voltage trace is shifted circularly by a random lag (which keeps each trace and
       its autocorrelation; ``chi_null``), and reads the correlation
       ``rho = (chi^2 - chi_null^2) / (1 - chi_null^2)``. The network is synchronous when rho
       is significant (chi^2 more than 3 SD of the surrogates above chi_null^2) *and*
       exceeds ``connection_probability``. Why that bound: in a random network two neurons
       share on average a fraction epsilon of their recurrent inputs, so even if every
       presynaptic neuron fired independently (the asynchronous state of Brunel's theory,
       exact for epsilon -> 0) their inputs would correlate by up to epsilon (epsilon times
       the recurrent share of the input variance); the subthreshold membrane, a linear
       filter, passes that correlation on and threshold and reset only lower it. A
       correlation above epsilon needs correlated presynaptic firing: a collective rhythm.
       Without voltages, chi comes from every neuron's spike counts, with the null
       ``1 / sqrt(n_neurons)`` and SD ``chi_null^2 sqrt(2 / n_bins)``.
    3. **Regularity**: mean ISI CV below 0.25: the intervals scatter by less than a quarter
       of their mean, so each spike falls within a quarter period of where a clock would put
       it, and the firing is more regular than refractoriness alone can make it (a Poisson
       neuron with dead time t_ref has CV = 1 - nu t_ref, above 0.25 up to 0.75 / t_ref =
       375 Hz). A neuron that fires on a random fraction p of the cycles of a rhythm has
       CV = sqrt(1 - p), so CV < 0.25 also means it joins more than 15 cycles in 16. The test
       counts only when neurons fired at least 10 intervals on average in the window (a
       Poisson train's sample CV is 0.9 +- 0.2 with 10 intervals, but uniform on [0, 1] with 2).
    4. Synchronous and regular: ``"SR"``. Synchronous and irregular: ``"SI-fast"`` when the
       spectral peak is at or above :func:`fast_slow_split` (91 Hz for D = 1.5 ms,
       tau_m = 20 ms: the log-midpoint of the delay's 1/(4D) and the membrane's 1/tau_m),
       else ``"SI-slow"``. Asynchronous: ``"AI"``, or ``"AR"`` (asynchronous regular) when
       regular, as near saturation just past the SR state (g = 3.5, nu_ext / nu_thr = 2).

    At Brunel's size (N_E = 10 000, C_E = 1000, epsilon = 0.1; 600 ms, the first 200 ms
    discarded, 100 voltages), over four seeds: A (g = 3, nu_ext / nu_thr = 2): 333 Hz,
    CV 0.00, chi 0.49-0.55 (rho 0.23-0.30; two clusters firing in turn) -> SR;
    B (6, 4): 59-60 Hz, CV 0.7-0.8, chi 0.47-0.51 (rho 0.21-0.26), peak 185-188 Hz -> SI-fast;
    C (5, 2): 38 Hz, CV 0.4, chi 0.23-0.26 (rho 0.04-0.06 < 0.1) -> AI;
    D (4.5, 0.9): 5-7 Hz, CV 0.3 from too few intervals, chi 0.37-0.52 (rho 0.13-0.26),
    peak 18-25 Hz -> SI-slow; and g = 3.5, nu_ext / nu_thr = 2: 236 Hz, CV 0.10, chi 0.13-0.14
    (rho 0.007-0.01) -> AR. chi_null is 0.10 throughout (0.092-0.114 over the bundled sweep).
    These numbers were measured after the rule was derived; they were not used to set it.

    .. math:: \\chi^2 = \\frac{\\mathrm{Var}_t[\\bar V(t)]}{\\frac{1}{N}\\sum_i \\mathrm{Var}_t[V_i(t)]}

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208.
    Brunel N, Hakim V (1999) Fast global oscillations in networks of integrate-and-fire
    neurons with low firing rates. Neural Comput 11:1621-1671.
    Golomb D (2007) Neuronal synchrony measures. Scholarpedia 2:1347.
    """
    missing = [
        name
        for name in ("spike_indices", "spike_times", "n_neurons", "duration", "dt")
        if not hasattr(result, name)
    ]
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
    chi_bin_width = check_scalar(
        "chi_bin_width", chi_bin_width, unit="ms", low=dt * (1 - 1e-9), high=duration / 4
    )
    min_spikes = check_int("min_spikes", min_spikes, low=3)
    connection_probability = check_scalar(
        "connection_probability", connection_probability, low=0.0, high=1.0, high_inclusive=False
    )
    if tau_m is None:
        tau_m = getattr(getattr(result, "params", None), "tau_m", 20.0)
    split = fast_slow_split(delay, tau_m)
    inside = (times >= t_start) & (times < t_start + duration)
    indices, times = indices[inside], times[inside]

    rate = float(indices.size * 1000.0 / (duration * n_neurons))
    cvs = compute_isi_cv(indices, times, n_neurons=n_neurons, min_spikes=min_spikes)
    cv = float(cvs.mean()) if cvs.size else float("nan")

    voltage = getattr(result, "voltage", None)
    voltage = None if voltage is None else np.asarray(voltage, dtype=float)
    if voltage is not None and voltage.ndim == 2 and voltage.shape[0] >= 2 and voltage.shape[1] >= 2:
        chi, chi_source = compute_synchrony_chi(voltage), "voltage"
        if voltage.var(axis=1).mean() > 0.0:
            null_mean, null_sd = _surrogate_chi2(voltage, 20, np.random.default_rng(0))
        else:
            null_mean, null_sd = 1.0 / voltage.shape[0], 0.0
    else:
        chi, chi_source = (
            _count_synchrony_chi(indices, times, n_neurons, duration, chi_bin_width, t_start),
            "spike counts",
        )
        n_bins = max(2, int(duration // chi_bin_width))
        null_mean = 1.0 / max(n_neurons, 2)
        null_sd = null_mean * math.sqrt(2.0 / n_bins)
    chi2 = chi * chi
    correlation = float((chi2 - null_mean) / (1.0 - null_mean)) if null_mean < 1.0 else 0.0
    synchronous = bool(
        chi2 > null_mean + SYNCHRONY_SIGNIFICANCE * null_sd and correlation > connection_probability
    )

    _, population = compute_population_rate(
        times, n_neurons=n_neurons, duration=duration, bin_width=bin_width, t_start=t_start
    )
    freqs, power = compute_power_spectrum(population, dt=bin_width)
    band = freqs >= 5.0
    if np.any(band) and np.max(power[band]) > 0.0:
        peak_frequency = float(freqs[band][np.argmax(power[band])])
    else:
        peak_frequency = float("nan")

    intervals_per_neuron = max(0.0, rate * duration / 1000.0 - 1.0)
    regular = bool(cvs.size and cv < REGULAR_CV and intervals_per_neuron >= MIN_INTERVALS_FOR_REGULARITY)
    if rate < 0.5:
        regime = "quiescent"
    elif synchronous:
        if regular:
            regime = "SR"
        else:
            regime = "SI-fast" if peak_frequency >= split else "SI-slow"  # NaN counts as slow
    else:
        regime = "AR" if regular else "AI"
    return NetworkActivitySummary(
        rate=rate,
        cv=cv,
        n_cv_neurons=int(cvs.size),
        chi=float(chi),
        chi_source=chi_source,
        peak_frequency=peak_frequency,
        regime=regime,
        chi_null=float(math.sqrt(null_mean)),
        correlation=correlation,
        synchronous=synchronous,
    )


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
    individual = float(np.mean(mean_sq_i - mean_i**2))
    population = np.bincount(bins, minlength=n_bins) / n_neurons
    if individual <= 0.0:
        return 0.0
    return float(np.sqrt(min(1.0, population.var() / individual)))


@dataclass(frozen=True)
class FiringPattern:
    """The firing pattern of one spike train (see :func:`classify_firing_pattern`).

    Attributes
    ----------
    kind : str
        One of 'silent', 'single spike', 'single burst', 'few spikes', 'tonic', 'adapting',
        'initial burst', 'bursting'.
        The pattern.
    description : str
        One sentence for a learner, with the numbers behind the label.
    """

    kind: str
    description: str


#: An inter-spike interval this many times longer than the one before it ends a burst.
BURST_GAP_RATIO = 3.0
#: Steady ISI over first ISI above which a tonic train counts as adapting.
ADAPTATION_RATIO = 2.0


def classify_firing_pattern(spike_times, *, t_stop=None):
    """Name the firing pattern of one neuron's spike train: tonic, adapting or bursting.

    Parameters
    ----------
    spike_times : array_like, shape (n_spikes,)
        Spike times [ms] of one neuron, ascending.
    t_stop : float, optional
        End of the recording [ms]. When given, a train followed by a silence longer than
        ``BURST_GAP_RATIO`` times its longest interval is a single burst (a rebound burst).

    Returns
    -------
    FiringPattern

    Notes
    -----
    With the inter-spike intervals :math:`I_1, I_2, \\ldots`, a *burst ends* where an interval
    is more than ``BURST_GAP_RATIO`` = 3 times the one before it (a group of closely spaced
    spikes, then a pause). One such gap is an *initial burst* (the intrinsically bursting
    cells of Izhikevich 2003); a gap that is followed by short intervals again is *bursting*
    (chattering). Without a gap, a train is *adapting* when its steady interval (the mean of
    the last three) exceeds ``ADAPTATION_RATIO`` = 2 times the first, as regular-spiking
    and low-threshold-spiking cells do; otherwise it is *tonic*, as fast-spiking cells are
    (which may still shorten their first one or two intervals by less than that).

    References
    ----------
    Izhikevich EM (2003) Simple model of spiking neurons. IEEE Trans Neural Netw 14:1569-1572.
    Connors BW, Gutnick MJ (1990) Intrinsic firing patterns of diverse neocortical neurons.
    Trends Neurosci 13:99-104.
    """
    times = check_array("spike_times", spike_times, unit="ms", ndim=1)
    if times.size == 0:
        return FiringPattern("silent", "No spikes.")
    if times.size == 1:
        return FiringPattern("single spike", "A single spike.")
    isi = np.diff(times)
    if np.any(isi < 0):
        raise ValueError("spike_times must be ascending")
    if t_stop is not None:
        t_stop = check_scalar("t_stop", t_stop, unit="ms", low=float(times[-1]))
        if t_stop - times[-1] > BURST_GAP_RATIO * isi.max() and isi.max() < 20.0:
            return FiringPattern(
                "single burst",
                f"A single burst of {times.size} spikes ({isi.mean():.1f} ms apart), then silence.",
            )
    if isi.size < 3:
        return FiringPattern(
            "few spikes",
            f"{times.size} spikes, {', '.join(f'{x:.1f}' for x in isi)} ms "
            "apart: too few to tell tonic from adapting firing.",
        )
    gaps = np.flatnonzero(isi[1:] > BURST_GAP_RATIO * isi[:-1]) + 1  # interval k ends a burst
    steady = float(isi[-3:].mean())
    if gaps.size:
        first = int(gaps[0])
        again = bool(np.any(isi[first + 1 :] * BURST_GAP_RATIO < isi[first]))
        if gaps.size >= 2 or again:
            return FiringPattern(
                "bursting",
                f"Bursting: groups of closely spaced spikes separated by pauses "
                f"({gaps.size} pause(s) of {isi[gaps].mean():.0f} ms on average, "
                f"{isi.min():.1f} ms between spikes within a burst).",
            )
        return FiringPattern(
            "initial burst",
            f"An initial burst of {first + 1} spikes "
            f"({isi[:first].mean():.1f} ms apart), then single spikes "
            f"every {steady:.1f} ms.",
        )
    ratio = steady / isi[0]
    rate = 1000.0 / steady
    if ratio > ADAPTATION_RATIO:
        return FiringPattern(
            "adapting",
            f"Adapting: the interval grows from {isi[0]:.1f} ms to "
            f"{steady:.1f} ms ({ratio:.1f}-fold); the rate settles at "
            f"{rate:.0f} Hz.",
        )
    return FiringPattern(
        "tonic",
        f"Tonic: steady firing at {rate:.0f} Hz (first interval {isi[0]:.1f} ms, "
        f"steady {steady:.1f} ms, ratio {ratio:.1f}: not adapting).",
    )
