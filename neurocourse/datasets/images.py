"""Loaders of chapter 02's data: natural images and a dictionary learned from them.

* :func:`load_natural_images` -- six grayscale photographs (foliage, gravel, a meadow scene, fur,
  wood, a portrait), public domain or CC0, from scikit-image's sample data
  (``natural_images.npz``, made by ``scripts/make_natural_images.py``).
* :func:`load_sparse_dictionary` -- a 16 x 16 sparse-coding dictionary learned from them with
  :func:`neurocourse.sparse_coding.learn_dictionary` (``sparse_dictionary.npz``, made by
  ``scripts/make_sparse_dictionary.py``), so that a lecture need not wait for the learning.
"""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass

import numpy as np

__all__ = [
    "NaturalImages",
    "load_natural_images",
    "NATURAL_IMAGES_FILE",
    "SparseDictionary",
    "load_sparse_dictionary",
    "SPARSE_DICTIONARY_FILE",
]

#: File name of the natural images inside this package.
NATURAL_IMAGES_FILE = "natural_images.npz"
#: File name of the learned dictionary inside this package.
SPARSE_DICTIONARY_FILE = "sparse_dictionary.npz"


def _read(file_name):
    resource = importlib.resources.files(__package__).joinpath(file_name)
    with resource.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def _frozen(array):
    array = np.ascontiguousarray(array)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class NaturalImages:
    """Grayscale natural images (see :func:`load_natural_images`).

    Attributes
    ----------
    images : ndarray of float64, shape (6, 512, 512)
        Intensities in [0, 1].
    names, descriptions, licences : tuple of str
        Per image: short name, what it shows, its licence.
    """

    images: np.ndarray
    names: tuple
    descriptions: tuple
    licences: tuple

    def __getitem__(self, name):
        """Return the image called ``name`` (e.g. ``"grass"``)."""
        if name not in self.names:
            raise KeyError(f"no image {name!r}; the images are {', '.join(self.names)}")
        return self.images[self.names.index(name)]


@functools.lru_cache(maxsize=1)
def load_natural_images():
    """Load six grayscale natural images, 512 x 512 pixels, intensities in [0, 1].

    Grass, gravel, a photographer on a meadow, a cat's fur, a coffee cup on wood and a
    portrait: public-domain and CC0 photographs shipped with scikit-image, converted to
    grayscale. Read from package data; nothing is downloaded.

    Returns
    -------
    NaturalImages
        The same read-only object on every call.

    Notes
    -----
    Regenerate with ``python scripts/make_natural_images.py`` (needs scikit-image);
    ``neurocourse/datasets/README.md`` gives each image's source and licence.
    """
    data = _read(NATURAL_IMAGES_FILE)
    return NaturalImages(
        images=_frozen(data["images"].astype(np.float64) / 255.0),
        names=tuple(str(n) for n in data["names"]),
        descriptions=tuple(str(d) for d in data["descriptions"]),
        licences=tuple(str(c) for c in data["licences"]),
    )


@dataclass(frozen=True, eq=False)
class SparseDictionary:
    """A dictionary learned by sparse coding of the natural images (see :func:`load_sparse_dictionary`).

    Attributes
    ----------
    dictionary : ndarray, shape (n_atoms, patch_size**2)
        The learned atoms, one a row (norms are the learned gains).
    initial_dictionary : ndarray, shape (n_atoms, patch_size**2)
        The random dictionary the learning started from.
    patch_size : int
        Side of a patch [pixels].
    penalty, sigma : float
        lambda and sigma of the L1 energy used (soft threshold lambda / sigma).
    learning_rate : float
        eta of the dictionary updates.
    gain_rate : float
        alpha of O&F's gain adaptation (0: atoms kept at unit norm).
    n_updates, batch_size : int
        Number of batches and patches per batch.
    f0 : float
        Cut-off of the whitening filter [cycles/pixel].
    downsample : int
        Factor by which the images were block-averaged before whitening.
    seed : int
        ``rng`` of the patches and of the learning.
    residual_fraction : ndarray, shape (n_updates,)
        Residual fraction of each training batch.
    """

    dictionary: np.ndarray
    initial_dictionary: np.ndarray
    patch_size: int
    penalty: float
    sigma: float
    learning_rate: float
    gain_rate: float
    n_updates: int
    batch_size: int
    f0: float
    downsample: int
    seed: int
    residual_fraction: np.ndarray

    @property
    def n_atoms(self) -> int:
        """Number of atoms."""
        return int(self.dictionary.shape[0])


_DICTIONARY_SCALARS = {
    "patch_size": int,
    "penalty": float,
    "sigma": float,
    "learning_rate": float,
    "gain_rate": float,
    "n_updates": int,
    "batch_size": int,
    "f0": float,
    "downsample": int,
    "seed": int,
}


@functools.lru_cache(maxsize=1)
def load_sparse_dictionary():
    """Load the 16 x 16 sparse-coding dictionary learned from :func:`load_natural_images`.

    Returns
    -------
    SparseDictionary
        The same read-only object on every call.

    Notes
    -----
    Regenerate with ``python scripts/make_sparse_dictionary.py`` (about a minute), which runs
    :func:`neurocourse.sparse_coding.learn_dictionary` with the settings stored in the file.

    References
    ----------
    Olshausen BA, Field DJ (1996) Emergence of simple-cell receptive field properties by
    learning a sparse code for natural images. Nature 381:607-609.
    """
    data = _read(SPARSE_DICTIONARY_FILE)
    fields = {}
    for name in SparseDictionary.__dataclass_fields__:
        value = data[name]
        fields[name] = _DICTIONARY_SCALARS[name](value) if name in _DICTIONARY_SCALARS else _frozen(value)
    return SparseDictionary(**fields)
