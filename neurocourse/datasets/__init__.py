"""Small datasets shipped with the course, and their loaders.

Every file sits beside this module with its source, the way it was made and its licence in
``README.md``. Loaders read package data only (:mod:`importlib.resources`); nothing is
downloaded at run time.

* :func:`load_brunel_grid` -- a sweep of Brunel's (2000) sparse E/I network over the
  relative inhibition g and the external drive nu_ext / nu_thr: rate, ISI CV, synchrony chi,
  spectral peak and regime of each point, with a short raster, the population rate and its
  power spectrum (``brunel_grid.npz``, made by ``scripts/make_brunel_grid.py``).
* :func:`load_digits` -- the UCI 8x8 optical digits, 1797 handwritten digits with labels
  (``digits.npz``, made by ``scripts/make_digits.py``; CC BY 4.0).
* :func:`load_natural_images`, :func:`load_sparse_dictionary` -- chapter 02's natural images
  and the dictionary learned from them (:mod:`~neurocourse.datasets.images`).
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass

import numpy as np

from .._validation import check_scalar

__all__ = [
    "BrunelGrid",
    "BrunelGridPoint",
    "load_brunel_grid",
    "BRUNEL_GRID_FILE",
    "Digits",
    "load_digits",
    "DIGITS_FILE",
]

from .images import (  # noqa: E402  (chapter 02's data)
    NATURAL_IMAGES_FILE,
    SPARSE_DICTIONARY_FILE,
    NaturalImages,
    SparseDictionary,
    load_natural_images,
    load_sparse_dictionary,
)

__all__ += [
    "NaturalImages",
    "load_natural_images",
    "NATURAL_IMAGES_FILE",
    "SparseDictionary",
    "load_sparse_dictionary",
    "SPARSE_DICTIONARY_FILE",
]

#: File name of the Brunel sweep inside this package.
BRUNEL_GRID_FILE = "brunel_grid.npz"


@dataclass(frozen=True, eq=False)
class BrunelGridPoint:
    """One point of the Brunel sweep (see :class:`BrunelGrid`).

    Attributes
    ----------
    g : float
        Relative strength of inhibition of this grid point.
    nu_ext_ratio : float
        External drive nu_ext / nu_thr of this grid point.
    rate : float
        Mean firing rate over all neurons [Hz], after the transient.
    cv : float
        Mean ISI coefficient of variation of the neurons with at least 3 spikes; NaN if none.
    chi : float
        Golomb's synchrony chi of the recorded voltages (100 excitatory neurons), in [0, 1].
    chi_null : float
        chi expected for 100 independent voltages at this sample size (about 0.10; see
        :func:`neurocourse.analysis.summarize_network_activity`).
    peak_frequency : float
        Peak of the population-rate power spectrum above 5 Hz [Hz]; NaN for a silent network.
    regime : str
        ``"SR"``, ``"AR"``, ``"AI"``, ``"SI-fast"``, ``"SI-slow"`` or ``"quiescent"``
        (see :func:`neurocourse.analysis.summarize_network_activity`).
    spike_indices : ndarray of int64, shape (n_spikes,)
        Raster: neuron (0 .. ``n_raster_neurons`` - 1, excitatory) of each spike.
    spike_times : ndarray of float64, shape (n_spikes,)
        Raster: spike times [ms], in the last ``raster_duration`` ms of the run, ascending.
    time : ndarray, shape (n_bins,)
        Bin centres of the population rate [ms], over the raster window.
    population_rate : ndarray, shape (n_bins,)
        Population rate of all neurons [Hz] in bins of ``bin_width``.
    frequencies : ndarray, shape (n_freq,)
        Frequencies of the spectrum [Hz].
    power : ndarray, shape (n_freq,)
        Power spectral density of the population rate over the whole analysed window [Hz^2/Hz].
    """

    g: float
    nu_ext_ratio: float
    rate: float
    cv: float
    chi: float
    chi_null: float
    peak_frequency: float
    regime: str
    spike_indices: np.ndarray
    spike_times: np.ndarray
    time: np.ndarray
    population_rate: np.ndarray
    frequencies: np.ndarray
    power: np.ndarray


@dataclass(frozen=True, eq=False)
class BrunelGrid:
    """A sweep of Brunel's (2000) network, model A, over g and nu_ext / nu_thr.

    Each point is one seeded simulation of :func:`neurocourse.networks.simulate_brunel`
    with N_E = ``n_excitatory`` = 10 000 (C_E = 1000, connection probability 0.1, as in
    Brunel's paper), summarised after a transient by
    :func:`neurocourse.analysis.summarize_network_activity`.

    Attributes
    ----------
    g : ndarray, shape (n_g,)
        Relative strengths of inhibition, ascending.
    nu_ext_ratio : ndarray, shape (n_nu,)
        External drives nu_ext / nu_thr, ascending.
    rate : ndarray, shape (n_g, n_nu)
        Mean firing rate [Hz].
    cv : ndarray, shape (n_g, n_nu)
        Mean ISI CV (NaN where no neuron fired 3 spikes).
    chi : ndarray, shape (n_g, n_nu)
        Golomb's synchrony chi from 100 recorded voltages.
    chi_null : ndarray, shape (n_g, n_nu)
        chi expected for independent units at the same sample size (surrogates; about 0.10).
    peak_frequency : ndarray, shape (n_g, n_nu)
        Peak of the population-rate spectrum above 5 Hz [Hz] (NaN where silent).
    regime : ndarray of str, shape (n_g, n_nu)
        Regime of each point.
    raster_indices, raster_steps : ndarray of uint8 / uint16, shape (n_spikes_total,)
        Spikes of the first ``n_raster_neurons`` excitatory neurons in the last
        ``raster_duration`` ms of every run, concatenated over points (row-major in
        (g, nu)); times as steps of ``dt`` from ``raster_t_start``.
    raster_offsets : ndarray of int64, shape (n_g * n_nu + 1,)
        Point ``k = i_g * n_nu + i_nu`` owns spikes ``raster_offsets[k]:raster_offsets[k + 1]``.
    population_counts : ndarray of uint16, shape (n_g, n_nu, n_bins)
        Spikes of all neurons in bins of ``bin_width`` over the raster window.
    frequencies : ndarray, shape (n_freq,)
        Frequencies of the stored spectra [Hz].
    power : ndarray of float32, shape (n_g, n_nu, n_freq)
        Power spectral density of the population rate over the analysed window [Hz^2/Hz].
    n_excitatory, n_neurons : int
        N_E and N_E + N_I.
    duration, transient, dt, bin_width : float
        Simulated time, discarded transient, time step and population-rate bin [ms].
    raster_t_start, raster_duration : float
        Window of the stored rasters and rates [ms].
    n_raster_neurons : int
        Neurons in each stored raster.
    seed : int
        Base seed: point (i_g, i_nu) was simulated with ``rng=[seed, i_g, i_nu]``.
    """

    g: np.ndarray
    nu_ext_ratio: np.ndarray
    rate: np.ndarray
    cv: np.ndarray
    chi: np.ndarray
    chi_null: np.ndarray
    peak_frequency: np.ndarray
    regime: np.ndarray
    raster_indices: np.ndarray
    raster_steps: np.ndarray
    raster_offsets: np.ndarray
    population_counts: np.ndarray
    frequencies: np.ndarray
    power: np.ndarray
    n_excitatory: int
    n_neurons: int
    duration: float
    transient: float
    dt: float
    bin_width: float
    raster_t_start: float
    raster_duration: float
    n_raster_neurons: int
    seed: int

    @property
    def shape(self) -> tuple:
        """(n_g, n_nu)."""
        return (self.g.size, self.nu_ext_ratio.size)

    def nearest_index(self, g, nu_ext_ratio):
        """Return ``(i_g, i_nu)`` of the grid point nearest to (g, nu_ext_ratio), axis by axis.

        Parameters
        ----------
        g : float
            Relative inhibition, within half a grid step of the swept range.
        nu_ext_ratio : float
            nu_ext / nu_thr, within half a grid step of the swept range.

        Raises
        ------
        ValueError
            If a value lies outside the swept range.
        """
        out = []
        for name, value, axis in (("g", g, self.g), ("nu_ext_ratio", nu_ext_ratio, self.nu_ext_ratio)):
            lo_step = axis[1] - axis[0] if axis.size > 1 else 0.5
            hi_step = axis[-1] - axis[-2] if axis.size > 1 else 0.5
            value = check_scalar(name, value, low=axis[0] - 0.5 * lo_step, high=axis[-1] + 0.5 * hi_step)
            out.append(int(np.argmin(np.abs(axis - value))))
        return tuple(out)

    def point(self, g, nu_ext_ratio):
        """Return the data of the grid point nearest to (g, nu_ext_ratio).

        Parameters
        ----------
        g : float
            Relative inhibition, inside the swept range (within half a step).
        nu_ext_ratio : float
            nu_ext / nu_thr, inside the swept range (within half a step).

        Returns
        -------
        BrunelGridPoint

        Raises
        ------
        ValueError
            If a value lies outside the swept range.
        """
        i, j = self.nearest_index(g, nu_ext_ratio)
        k = i * self.nu_ext_ratio.size + j
        lo, hi = self.raster_offsets[k], self.raster_offsets[k + 1]
        counts = self.population_counts[i, j].astype(float)
        n_bins = counts.size
        return BrunelGridPoint(
            g=float(self.g[i]),
            nu_ext_ratio=float(self.nu_ext_ratio[j]),
            rate=float(self.rate[i, j]),
            cv=float(self.cv[i, j]),
            chi=float(self.chi[i, j]),
            chi_null=float(self.chi_null[i, j]),
            peak_frequency=float(self.peak_frequency[i, j]),
            regime=str(self.regime[i, j]),
            spike_indices=self.raster_indices[lo:hi].astype(np.int64),
            spike_times=self.raster_t_start + self.raster_steps[lo:hi].astype(float) * self.dt,
            time=self.raster_t_start + (np.arange(n_bins) + 0.5) * self.bin_width,
            population_rate=counts * (1000.0 / (self.bin_width * self.n_neurons)),
            frequencies=self.frequencies.astype(float),
            power=self.power[i, j].astype(float),
        )


_SCALARS = {
    "n_excitatory": int,
    "n_neurons": int,
    "duration": float,
    "transient": float,
    "dt": float,
    "bin_width": float,
    "raster_t_start": float,
    "raster_duration": float,
    "n_raster_neurons": int,
    "seed": int,
}


@functools.lru_cache(maxsize=1)
def load_brunel_grid():
    """Load the precomputed sweep of Brunel's network over g and nu_ext / nu_thr.

    13 values of g (2 to 8 in steps of 0.5) times 9 drives nu_ext / nu_thr (0.5 to 4), each a
    seeded 600 ms simulation of N_E = 10 000, N_I = 2500 neurons with C_E = 1000 (Brunel's
    network), analysed
    after a 200 ms transient. Read from package data; nothing is simulated or downloaded.

    Returns
    -------
    BrunelGrid
        The sweep (arrays read-only; the same object on every call).

    Notes
    -----
    Regenerate with ``python scripts/make_brunel_grid.py --processes 2`` (4-5 minutes on two
    idle cores);
    ``neurocourse/datasets/README.md`` gives the source and licence (CC BY 4.0).

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208.
    """
    resource = importlib.resources.files(__name__).joinpath(BRUNEL_GRID_FILE)
    with resource.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    fields = {}
    for name in BrunelGrid.__dataclass_fields__:
        value = arrays[name]
        if name in _SCALARS:
            fields[name] = _SCALARS[name](value)
        else:
            value = np.ascontiguousarray(value)
            value.flags.writeable = False
            fields[name] = value
    return BrunelGrid(**fields)


# --------------------------------------------------------------------------- digits

#: File name of the UCI 8x8 digits inside this package.
DIGITS_FILE = "digits.npz"


@dataclass(frozen=True, eq=False)
class Digits:
    """The UCI 8x8 optical digits: 1797 handwritten digits, grey levels 0-16.

    Attributes
    ----------
    images : ndarray of uint8, shape (1797, 8, 8)
        Pixel counts 0..16 (each pixel counts the on-pixels of a 4x4 block of a 32x32 bitmap).
    labels : ndarray of int64, shape (1797,)
        Digit 0..9 of each image.
    """

    images: np.ndarray
    labels: np.ndarray

    @property
    def data(self) -> np.ndarray:
        """Images flattened and scaled to [0, 1], float64, shape (1797, 64)."""
        return self.images.reshape(len(self.images), -1) / 16.0

    def split(self, *, test_fraction=0.25, seed=0):
        """Return ``(train_index, test_index)``: a seeded, class-stratified split.

        Parameters
        ----------
        test_fraction : float
            Share of each class in the test split, in (0, 1).
        seed : int
            Seed of the shuffle; the same seed gives the same split on every machine.
        """
        test_fraction = check_scalar(
            "test_fraction", test_fraction, low=0.0, high=1.0, low_inclusive=False, high_inclusive=False
        )
        rng = np.random.default_rng(seed)
        train, test = [], []
        for digit in range(10):
            members = rng.permutation(np.flatnonzero(self.labels == digit))
            n_test = int(round(test_fraction * members.size))
            test.append(members[:n_test])
            train.append(members[n_test:])
        return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


@functools.lru_cache(maxsize=1)
def load_digits():
    """Load the UCI 8x8 optical digits (1797 images with labels) from package data.

    Returns
    -------
    Digits
        Images (uint8, 0..16) and labels (read-only; the same object on every call).

    Notes
    -----
    A copy of the UCI data set, made by ``scripts/make_digits.py``; source and licence
    (CC BY 4.0) in ``neurocourse/datasets/README.md``.

    References
    ----------
    Alpaydin E, Kaynak C (1998) Optical Recognition of Handwritten Digits. UCI Machine
    Learning Repository, doi:10.24432/C50P49.
    """
    resource = importlib.resources.files(__name__).joinpath(DIGITS_FILE)
    with resource.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        images = np.ascontiguousarray(data["images"])
        labels = np.ascontiguousarray(data["labels"].astype(np.int64))
    images.flags.writeable = False
    labels.flags.writeable = False
    return Digits(images=images, labels=labels)
