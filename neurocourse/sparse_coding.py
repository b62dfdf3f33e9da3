"""Sparse coding of natural images: preprocessing, sparse inference, dictionary learning, RF analysis.

The chapter 02 library. Conventions (those of scikit-learn's ``SparseCoder``):

* a **patch** is a row of ``patches``, shape ``(n_patches, n_pixels)`` with ``n_pixels = size**2``
  (row-major image pixels);
* a **dictionary** holds one atom (basis function) per row, shape ``(n_atoms, n_pixels)``;
* the **codes** (coefficients, the model neurons' activities) have shape ``(n_patches, n_atoms)``
  and reconstruct the patches as ``codes @ dictionary``.

The sparse code of a patch x minimises the energy

.. math::  E(a) = \\tfrac12 \\lVert x - D^T a \\rVert^2 + \\lambda \\sum_i S(a_i / \\sigma),

with :math:`S(z) = |z|` (the L1 prior, a Lasso problem with threshold :math:`\\lambda/\\sigma`) or
:math:`S(z) = \\log(1 + z^2)` (Olshausen & Field's Cauchy-like prior). Inference by ISTA, FISTA
(Beck & Teboulle 2009), cyclic coordinate descent (Friedman et al. 2007, the fastest here for
large batches) or the Locally Competitive Algorithm (LCA, Rozell et al. 2008), a network of
leaky neurons with lateral inhibition whose fixed point is the Lasso solution. Learning follows
Olshausen & Field (1996): a gradient step on the dictionary from the residual, and gains that
equalise the coefficients' variance.

References
----------
Olshausen BA, Field DJ (1996) Emergence of simple-cell receptive field properties by learning a
sparse code for natural images. Nature 381:607-609.
Olshausen BA, Field DJ (1997) Sparse coding with an overcomplete basis set: a strategy employed by
V1? Vision Res 37:3311-3325.
Rozell CJ, Johnson DH, Baraniuk RG, Olshausen BA (2008) Sparse coding via thresholding and local
competition in neural circuits. Neural Comput 20:2526-2563.
Beck A, Teboulle M (2009) A fast iterative shrinkage-thresholding algorithm for linear inverse
problems. SIAM J Imaging Sci 2:183-202.
Friedman J, Hastie T, Hoefling H, Tibshirani R (2007) Pathwise coordinate optimization. Ann Appl
Stat 1:302-332.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np
from scipy import optimize

from ._numba import compile_serial_and_parallel
from ._params import set_checked
from ._results import SimulationResult, freeze_arrays
from ._validation import (
    as_generator,
    check_array,
    check_bool,
    check_choice,
    check_dt,
    check_duration,
    check_int,
    check_memory,
    check_nonnegative,
    check_positive,
    check_record,
    check_scalar,
    n_steps_for,
)

__all__ = [
    "PRIORS",
    "THRESHOLDS",
    "whitening_filter",
    "whiten_images",
    "image_power_spectrum",
    "sample_patches",
    "normalize_patches",
    "soft_threshold",
    "hard_threshold",
    "sparse_penalty",
    "lasso_objective",
    "random_dictionary",
    "SparseCode",
    "solve_ista",
    "solve_fista",
    "solve_coordinate_descent",
    "CD_FLOAT32_GAP",
    "infer_codes",
    "LCAParams",
    "LCAResult",
    "run_lca",
    "DictionaryLearningParams",
    "DictionaryLearningResult",
    "dictionary_step",
    "learn_dictionary",
    "PCAResult",
    "fit_pca",
    "SparseAutoencoderResult",
    "train_sparse_autoencoder",
    "GaborFit",
    "gabor_patch",
    "fit_gabor",
    "fit_gabors",
    "compute_kurtosis",
    "coefficient_entropy",
    "tile_atoms",
]

#: Sparse priors S(z) of the energy: ``"l1"`` |z| and ``"cauchy"`` log(1 + z^2).
PRIORS = ("l1", "cauchy")
#: LCA thresholds: ``"soft"`` (L1, the Lasso) and ``"hard"`` (an L0-like cost).
THRESHOLDS = ("soft", "hard")


# ============================================================================ preprocessing


def whitening_filter(shape, *, f0=0.4):
    """Return Olshausen & Field's whitening / low-pass filter R(f) = f exp(-(f/f0)^4) on an FFT grid.

    Parameters
    ----------
    shape : tuple of int
        ``(rows, cols)`` of the images to filter [pixels].
    f0 : float
        Cut-off of the low-pass part [cycles/pixel], in (0, 0.5 * sqrt(2)]. The default 0.4
        cycles/pixel is O&F's f0 = 200 cycles/picture for 512-pixel images (0.4 N).

    Returns
    -------
    ndarray, shape (rows, cols)
        The filter gain at each frequency, in the layout of ``np.fft.fft2`` (DC at [0, 0]);
        R(0) = 0, so filtering removes the mean.

    Notes
    -----
    Natural images have an amplitude spectrum close to 1/f; multiplying by f flattens
    ("whitens") it, and the exp(-(f/f0)^4) roll-off removes the highest frequencies, where
    noise and aliasing dominate and the square sampling lattice makes the spectrum anisotropic.

    References
    ----------
    Olshausen BA, Field DJ (1997) Sparse coding with an overcomplete basis set: a strategy
    employed by V1? Vision Res 37:3311-3325.
    """
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        raise ValueError(f"shape must be (rows, cols); got {shape!r:.60}")
    rows = check_int("shape[0] (rows)", shape[0], low=2)
    cols = check_int("shape[1] (cols)", shape[1], low=2)
    f0 = check_scalar("f0", f0, unit="cycles/pixel", low=0.0, low_inclusive=False, high=0.75)
    fy = np.fft.fftfreq(rows)[:, None]
    fx = np.fft.fftfreq(cols)[None, :]
    f = np.sqrt(fx * fx + fy * fy)
    return f * np.exp(-((f / f0) ** 4))


def _as_image_stack(images, name="images"):
    arr = check_array(name, images, ndim=(2, 3))
    if arr.ndim == 2:
        arr = arr[None]
    if min(arr.shape[1:]) < 4:
        raise ValueError(f"{name} must be at least 4 x 4 pixels; got {arr.shape[1:]}")
    return arr


def whiten_images(images, *, f0=0.4, variance=0.1):
    """Whiten images with :func:`whitening_filter` and scale them to a given pixel variance.

    Parameters
    ----------
    images : array_like, shape (n_images, rows, cols) or (rows, cols)
        Grayscale images (any scale).
    f0 : float
        Cut-off of the low-pass part [cycles/pixel]; see :func:`whitening_filter`.
    variance : float
        Mean pixel variance of the whitened images, > 0 (O&F used 0.1).

    Returns
    -------
    ndarray, same shape as ``images``
        The filtered images, zero mean, mean variance ``variance``.
    """
    arr = _as_image_stack(images)
    variance = check_positive("variance", variance)
    filt = whitening_filter(arr.shape[1:], f0=f0)
    out = np.real(np.fft.ifft2(np.fft.fft2(arr - arr.mean(axis=(1, 2), keepdims=True)) * filt))
    scale = np.sqrt(out.var(axis=(1, 2)).mean())
    if scale == 0.0:
        raise ValueError("images are constant: there is nothing to whiten")
    out *= np.sqrt(variance) / scale
    return out[0] if np.ndim(images) == 2 else out


def image_power_spectrum(images, *, n_bins=30):
    """Return the rotationally averaged power spectrum of images (averaged over images).

    Parameters
    ----------
    images : array_like, shape (n_images, rows, cols) or (rows, cols)
        Images; each is mean-subtracted and multiplied by a Hann window first.
    n_bins : int
        Number of logarithmic frequency bins between 1 cycle/picture and 0.5 cycles/pixel.

    Returns
    -------
    frequencies : ndarray, shape (n_bins,)
        Bin centres [cycles/pixel].
    power : ndarray, shape (n_bins,)
        Mean power in each bin (NaN for an empty bin). Natural images give power ~ 1/f^2.
    """
    arr = _as_image_stack(images)
    n_bins = check_int("n_bins", n_bins, low=2, high=1000)
    rows, cols = arr.shape[1:]
    window = np.outer(np.hanning(rows), np.hanning(cols))
    spectrum = np.abs(np.fft.fft2((arr - arr.mean(axis=(1, 2), keepdims=True)) * window)) ** 2
    spectrum = spectrum.mean(axis=0)
    f = np.sqrt(np.fft.fftfreq(rows)[:, None] ** 2 + np.fft.fftfreq(cols)[None, :] ** 2)
    edges = np.geomspace(1.0 / min(rows, cols), 0.5, n_bins + 1)
    which = np.digitize(f.ravel(), edges) - 1
    inside = (which >= 0) & (which < n_bins)
    sums = np.bincount(which[inside], weights=spectrum.ravel()[inside], minlength=n_bins)
    counts = np.bincount(which[inside], minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        power = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return np.sqrt(edges[:-1] * edges[1:]), power


def sample_patches(images, n_patches, *, patch_size=16, border=4, rng=None):
    """Cut square patches at random positions of random images.

    Parameters
    ----------
    images : array_like, shape (n_images, rows, cols) or (rows, cols)
        Images, usually whitened (:func:`whiten_images`).
    n_patches : int
        Number of patches, >= 1.
    patch_size : int
        Side of a patch [pixels], >= 2.
    border : int
        Pixels left out at every image edge (where the FFT filter wraps around), >= 0.
    rng : None, int or numpy.random.Generator
        Random positions.

    Returns
    -------
    ndarray, shape (n_patches, patch_size**2)
        One patch a row, pixels in row-major order.
    """
    rng = as_generator(rng)
    arr = _as_image_stack(images)
    n_patches = check_int("n_patches", n_patches, low=1)
    patch_size = check_int("patch_size", patch_size, low=2)
    border = check_int("border", border, low=0)
    rows, cols = arr.shape[1:]
    span_r, span_c = rows - patch_size - 2 * border, cols - patch_size - 2 * border
    if span_r < 0 or span_c < 0:
        raise ValueError(
            f"patch_size + 2 * border = {patch_size + 2 * border} pixels does not fit in "
            f"images of {rows} x {cols} pixels"
        )
    check_memory(
        f"sampling n_patches = {n_patches} patches",
        8.0 * n_patches * patch_size**2,
        reduce="sample fewer patches",
    )
    which = rng.integers(arr.shape[0], size=n_patches)
    top = border + rng.integers(span_r + 1, size=n_patches)
    left = border + rng.integers(span_c + 1, size=n_patches)
    offsets = np.arange(patch_size)
    r_index = top[:, None, None] + offsets[None, :, None]
    c_index = left[:, None, None] + offsets[None, None, :]
    return arr[which[:, None, None], r_index, c_index].reshape(n_patches, patch_size * patch_size)


def normalize_patches(patches, *, variance=0.1, remove_mean=True):
    """Subtract each patch's mean and scale all patches together to a mean pixel variance.

    One common factor for all patches (not one per patch), so that the contrast differences
    between patches, and the heavy tails of their statistics, survive.

    Parameters
    ----------
    patches : array_like, shape (n_patches, n_pixels)
        Patches, one a row.
    variance : float
        Mean pixel variance after scaling, > 0.
    remove_mean : bool
        Subtract each patch's mean (its DC component) first.

    Returns
    -------
    ndarray, shape (n_patches, n_pixels)
    """
    arr = check_array("patches", patches, ndim=2, min_size=1)
    variance = check_positive("variance", variance)
    remove_mean = check_bool("remove_mean", remove_mean)
    out = arr - arr.mean(axis=1, keepdims=True) if remove_mean else arr.copy()
    scale = np.sqrt(np.mean(out**2))
    if scale == 0.0:
        raise ValueError("patches are all zero (or constant): there is nothing to normalise")
    return out * (np.sqrt(variance) / scale)


# ============================================================================ thresholds, energy


def soft_threshold(values, threshold):
    """Return the soft threshold sign(u) max(|u| - threshold, 0), elementwise.

    The proximal operator of threshold * |a|: the shrinkage step of ISTA/FISTA and the
    activation of the LCA neurons for the L1 prior (Rozell et al. 2008, eq. 2.6).

    Parameters
    ----------
    values : array_like
        Inputs u.
    threshold : float or array_like
        Threshold(s) >= 0, broadcast against ``values``.
    """
    u = np.asarray(values, dtype=float)
    thr = np.asarray(threshold, dtype=float)
    if np.any(~np.isfinite(thr)) or np.any(thr < 0):
        raise ValueError("threshold must be finite and >= 0")
    return np.sign(u) * np.maximum(np.abs(u) - thr, 0.0)


def hard_threshold(values, threshold):
    """Return the hard threshold u * (|u| > threshold), elementwise (Rozell et al. 2008, eq. 2.7)."""
    u = np.asarray(values, dtype=float)
    thr = np.asarray(threshold, dtype=float)
    if np.any(~np.isfinite(thr)) or np.any(thr < 0):
        raise ValueError("threshold must be finite and >= 0")
    return np.where(np.abs(u) > thr, u, 0.0)


def sparse_penalty(codes, *, prior="l1", sigma=1.0):
    """Return S(a / sigma) summed over atoms, per patch: the sparseness cost without lambda.

    Parameters
    ----------
    codes : array_like, shape (n_patches, n_atoms) or (n_atoms,)
    prior : {'l1', 'cauchy'}
        S(z) = |z| or log(1 + z^2).
    sigma : float
        Scale of the coefficients, > 0.
    """
    prior = check_choice("prior", prior, PRIORS)
    sigma = check_positive("sigma", sigma)
    z = np.asarray(codes, dtype=float) / sigma
    cost = np.abs(z) if prior == "l1" else np.log1p(z * z)
    return cost.sum(axis=-1)


def lasso_objective(dictionary, patches, codes, *, penalty):
    """Return the Lasso energy 1/2 ||x - a D||^2 + penalty ||a||_1 of each patch.

    Parameters
    ----------
    dictionary : array_like, shape (n_atoms, n_pixels)
    patches : array_like, shape (n_patches, n_pixels) or (n_pixels,)
    codes : array_like, shape (n_patches, n_atoms) or (n_atoms,)
    penalty : float
        lambda >= 0 (the soft threshold).

    Returns
    -------
    ndarray, shape (n_patches,), or float for a single patch
    """
    D, X, single = _check_problem(dictionary, patches)
    A = check_array("codes", codes, ndim=(1, 2))
    A = A[None] if A.ndim == 1 else A
    if A.shape != (X.shape[0], D.shape[0]):
        raise ValueError(
            f"codes must have shape ({X.shape[0]}, {D.shape[0]}) (n_patches, n_atoms); got {A.shape}"
        )
    penalty = check_nonnegative("penalty", penalty)
    residual = X - A @ D
    value = 0.5 * np.einsum("ij,ij->i", residual, residual) + penalty * np.abs(A).sum(axis=1)
    return float(value[0]) if single else value


def random_dictionary(n_atoms, n_pixels, *, rng=None):
    """Return a random dictionary: Gaussian atoms scaled to unit norm, shape (n_atoms, n_pixels)."""
    rng = as_generator(rng)
    n_atoms = check_int("n_atoms", n_atoms, low=1)
    n_pixels = check_int("n_pixels", n_pixels, low=1)
    check_memory("a dictionary of n_atoms x n_pixels", 8.0 * n_atoms * n_pixels, reduce="use fewer atoms")
    D = rng.standard_normal((n_atoms, n_pixels))
    return D / np.linalg.norm(D, axis=1, keepdims=True)


def _check_problem(dictionary, patches):
    D = check_array("dictionary", dictionary, ndim=2, min_size=1)
    X = check_array("patches", patches, ndim=(1, 2), min_size=1)
    single = X.ndim == 1
    X = X[None] if single else X
    if X.shape[1] != D.shape[1]:
        raise ValueError(
            f"patches have {X.shape[1]} pixels but the dictionary's atoms have {D.shape[1]}: "
            "dictionary must have shape (n_atoms, n_pixels)"
        )
    if np.any(np.einsum("ij,ij->i", D, D) == 0.0):
        raise ValueError("dictionary has an all-zero atom (row); every atom needs a non-zero norm")
    return D, X, single


def _lipschitz(gram):
    return float(np.linalg.eigvalsh(gram)[-1])


# ============================================================================ ISTA / FISTA


@dataclass(frozen=True, kw_only=True, eq=False)
class SparseCode:
    """Sparse codes of a batch of patches from :func:`solve_ista`, :func:`solve_fista`,
    :func:`solve_coordinate_descent` or :func:`infer_codes`.

    Attributes
    ----------
    codes : ndarray, shape (n_patches, n_atoms)
        The coefficients a (one patch a row).
    objective : ndarray, shape (n_patches,)
        Energy of each patch at ``codes``.
    n_iter : int
        Iterations made (coordinate descent: sweeps of the patch that needed the most).
    converged : bool
        Whether the stopping rule was met (ISTA/FISTA: the relative change of the codes fell
        below ``tol``; coordinate descent: every patch's relative duality gap did).
    penalty : float
        lambda used (for the L1 prior, the soft threshold).
    method : str
        ``"ista"``, ``"fista"``, ``"coordinate_descent"`` or ``"gradient"``.
    duality_gap : ndarray, shape (n_patches,), or None
        Coordinate descent only: each patch's Lasso duality gap E(a) - E_dual(theta) >= 0, an
        upper bound of E(a) - min E.
    n_sweeps : ndarray of int64, shape (n_patches,), or None
        Coordinate descent only: sweeps made on each patch.
    """

    codes: np.ndarray
    objective: np.ndarray
    n_iter: int
    converged: bool
    penalty: float
    method: str
    duality_gap: np.ndarray | None = None
    n_sweeps: np.ndarray | None = None

    def __post_init__(self):
        freeze_arrays(self)

    @property
    def sparsity(self) -> float:
        """Fraction of coefficients that are exactly zero."""
        return float(np.mean(self.codes == 0.0))


@numba.njit(cache=True)
def _proximal_step_kernel(y, grad_part, b, x_old, x_new, y_new, step, threshold, momentum):
    """x_new = soft(y - step (yG - b)); y_new = x_new + momentum (x_new - x_old).

    Returns |x_new - x_old|^2, |x_new|^2 and (y - x_new).(x_new - x_old), the restart test.
    Branch-free soft threshold, max(u - t, 0) + min(u + t, 0), and one partial sum per patch,
    so that the inner loop vectorises.
    """
    n, k = y.shape
    change = 0.0
    norm = 0.0
    restart = 0.0
    for i in range(n):
        row_change = 0.0
        row_norm = 0.0
        row_restart = 0.0
        for j in range(k):
            y_ij = y[i, j]
            u = y_ij - step * (grad_part[i, j] - b[i, j])
            value = max(u - threshold, 0.0) + min(u + threshold, 0.0)
            d = value - x_old[i, j]
            row_change += d * d
            row_norm += value * value
            row_restart += (y_ij - value) * d
            x_new[i, j] = value
            y_new[i, j] = value + momentum * d
        change += row_change
        norm += row_norm
        restart += row_restart
    return change, norm, restart


def _solve_proximal(dictionary, patches, penalty, max_iter, tol, codes_init, accelerated):
    D, X, single = _check_problem(dictionary, patches)
    penalty = check_nonnegative("penalty", penalty)
    max_iter = check_int("max_iter", max_iter, low=1)
    tol = check_nonnegative("tol", tol)
    n, k = X.shape[0], D.shape[0]
    check_memory(f"codes of {n} patches x {k} atoms", 8.0 * 6 * n * k, reduce="solve fewer patches at once")
    if codes_init is None:
        x = np.zeros((n, k))
    else:
        x = check_array("codes_init", codes_init, shape=(n, k)).copy()
    gram = D @ D.T
    b = X @ D.T
    step = 1.0 / _lipschitz(gram)
    threshold = penalty * step
    y = x.copy()
    x_new = np.empty_like(x)
    y_new = np.empty_like(x)
    grad_part = np.empty_like(x)  # y G, written in place: no 8 n k byte allocation per iteration
    t = 1.0
    converged = False
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 (n_iter is reported)
        if accelerated:
            t_next = 0.5 * (1.0 + math.sqrt(1.0 + 4.0 * t * t))
            momentum = (t - 1.0) / t_next
        else:
            t_next, momentum = 1.0, 0.0
        np.matmul(y, gram, out=grad_part)
        change, norm, restart = _proximal_step_kernel(
            y, grad_part, b, x, x_new, y_new, step, threshold, momentum
        )
        if accelerated and restart > 0.0:  # momentum points uphill: restart it (O'Donoghue & Candes 2015)
            y_new[:] = x_new
            t_next = 1.0
        x, x_new = x_new, x
        y, y_new = y_new, y
        t = t_next
        if change <= (tol * tol) * max(norm, 1e-300):
            converged = True
            break
    objective = lasso_objective(D, X, x, penalty=penalty)
    return SparseCode(
        codes=x[0] if single else x,
        objective=np.atleast_1d(objective),
        n_iter=n_iter,
        converged=converged,
        penalty=penalty,
        method="fista" if accelerated else "ista",
    )


def solve_ista(dictionary, patches, *, penalty, max_iter=1000, tol=1e-6, codes_init=None):
    """Solve the Lasso problem of each patch by ISTA (iterative shrinkage-thresholding).

    Each iteration takes a gradient step on 1/2 ||x - a D||^2 of size 1/L (L the largest
    eigenvalue of D D^T) and soft-thresholds by penalty / L.

    Parameters
    ----------
    dictionary : array_like, shape (n_atoms, n_pixels)
        Atoms, one a row (any norm, none zero).
    patches : array_like, shape (n_patches, n_pixels) or (n_pixels,)
        Patches to encode.
    penalty : float
        lambda >= 0 of the energy 1/2 ||x - a D||^2 + lambda ||a||_1.
    max_iter : int
        Largest number of iterations, >= 1.
    tol : float
        Stop when ||a_k - a_{k-1}|| <= tol ||a_k|| (over the whole batch), >= 0.
    codes_init : array_like, shape (n_patches, n_atoms), optional
        Warm start (zeros by default).

    Returns
    -------
    SparseCode

    References
    ----------
    Daubechies I, Defrise M, De Mol C (2004) An iterative thresholding algorithm for linear
    inverse problems with a sparsity constraint. Commun Pure Appl Math 57:1413-1457.
    """
    return _solve_proximal(dictionary, patches, penalty, max_iter, tol, codes_init, accelerated=False)


def solve_fista(dictionary, patches, *, penalty, max_iter=1000, tol=1e-6, codes_init=None):
    """Solve the Lasso problem of each patch by FISTA (Beck & Teboulle 2009).

    ISTA with Nesterov momentum: the prox-gradient step is taken from an extrapolated point
    y_k = a_k + (t_{k-1} - 1) / t_k (a_k - a_{k-1}), t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2, which
    improves the objective's convergence from O(1/k) to O(1/k^2). The momentum is restarted
    (t = 1) whenever it points uphill, (y_k - a_{k+1}) . (a_{k+1} - a_k) > 0 (O'Donoghue & Candes
    2015), which keeps FISTA from oscillating on well-conditioned problems. Arguments as
    :func:`solve_ista`.

    Returns
    -------
    SparseCode

    References
    ----------
    Beck A, Teboulle M (2009) A fast iterative shrinkage-thresholding algorithm for linear
    inverse problems. SIAM J Imaging Sci 2:183-202.
    O'Donoghue B, Candes E (2015) Adaptive restart for accelerated gradient schemes. Found
    Comput Math 15:715-732.
    """
    return _solve_proximal(dictionary, patches, penalty, max_iter, tol, codes_init, accelerated=True)


@numba.njit(cache=True)
def _duality_gap_kernel(a, corr, b, xx, penalty):
    """Return (E(a), E(a) - E_dual(theta)) of one patch from a, corr = b - a G, b = D x and xx = |x|^2.

    |r|^2 = xx - a.b - a.corr and x.r = xx - a.b for the residual r = x - a D; the dual point is
    theta = s r with s = x.r / |r|^2 clipped to |s| <= penalty / max|corr| (so |D theta|_inf <= lambda),
    and E_dual(theta) = x.theta - |theta|^2 / 2.
    """
    ab = 0.0
    a_corr = 0.0
    l1 = 0.0
    corr_max = 0.0
    for j in range(a.shape[0]):
        ab += a[j] * b[j]
        a_corr += a[j] * corr[j]
        l1 += abs(a[j])
        corr_max = max(corr_max, abs(corr[j]))
    rr = max(xx - ab - a_corr, 0.0)
    xr = xx - ab
    primal = 0.5 * rr + penalty * l1
    scale = xr / rr if rr > 0.0 else 0.0
    if corr_max * abs(scale) > penalty:
        scale = penalty / corr_max if scale > 0.0 else -penalty / corr_max
    dual = scale * xr - 0.5 * scale * scale * rr
    return primal, primal - dual


@numba.njit(cache=True)
def _coordinate_sweep_kernel(a, corr, gram, inv_diag, penalty):
    """One cyclic sweep over the atoms of one patch in float64: a_j <- soft(a_j + c_j / G_jj, lambda / G_jj).

    corr = b - a G is updated with one row of G per coefficient that changes.
    """
    k = a.shape[0]
    for j in range(k):
        old = a[j]
        u = old + corr[j] * inv_diag[j]
        t = penalty * inv_diag[j]
        new = max(u - t, 0.0) + min(u + t, 0.0)
        if new != old:
            d = new - old
            a[j] = new
            for m in range(k):
                corr[m] -= d * gram[j, m]


@numba.njit(cache=True)
def _coordinate_sweep32_kernel(a, corr32, gram32, inv_diag, penalty):
    """The sweep of :func:`_coordinate_sweep_kernel` with float32 correlations and Gram matrix.

    The coefficients stay float64; only the row updates of corr are float32 (half the memory
    traffic, twice the SIMD width).
    """
    k = a.shape[0]
    for j in range(k):
        old = a[j]
        u = old + corr32[j] * inv_diag[j]
        t = penalty * inv_diag[j]
        new = max(u - t, 0.0) + min(u + t, 0.0)
        if new != old:
            d = np.float32(new - old)
            a[j] = new
            for m in range(k):
                corr32[m] -= d * gram32[j, m]


@numba.njit(cache=True)
def _exact_correlation_kernel(a, corr, b, gram):
    """corr = b - a G in float64, from the non-zero coefficients only."""
    k = a.shape[0]
    for m in range(k):
        corr[m] = b[m]
    for j in range(k):
        a_j = a[j]
        if a_j != 0.0:
            for m in range(k):
                corr[m] -= a_j * gram[j, m]


def _coordinate_descent_kernel(
    gram,
    gram32,
    inv_diag,
    b,
    xx,
    penalty,
    tol,
    switch_tol,
    max_sweeps,
    codes,
    corr,
    corr32,
    sweeps,
    objective,
    gaps,
    done,
):
    """Coordinate descent on each patch's Lasso problem, one patch per (p)range iteration.

    Phase 1: sweeps with float32 correlations (``corr32`` is the workspace) until the duality gap
    estimate is below max(tol, switch_tol) E(a). Then corr = b - a G is recomputed exactly in
    float64 and phase 2 sweeps in float64 until the gap is below tol E(a); corr is recomputed
    from scratch every 16 float64 sweeps, so rounding cannot build up. ``codes`` (n, k) and
    ``corr`` (n, k; b - codes G on entry) are updated in place; ``sweeps``, ``objective``,
    ``gaps`` and ``done`` get each patch's sweeps, final energy and float64 duality gap, and
    whether it met the gap test.
    """
    n = b.shape[0]
    loose = max(tol, switch_tol)
    for patch in numba.prange(n):
        i = np.int64(patch)  # prange's index is unsigned in parallel builds; keep indices int64
        a = codes[i]
        q = corr[i]
        q32 = corr32[i]
        b_i = b[i]
        n_done = 0
        for m in range(q.shape[0]):
            q32[m] = q[m]
        while n_done < max_sweeps:
            _coordinate_sweep32_kernel(a, q32, gram32, inv_diag, penalty)
            n_done += 1
            primal, gap = _duality_gap_kernel(a, q32, b_i, xx[i], penalty)
            if gap <= loose * primal:
                break
        _exact_correlation_kernel(a, q, b_i, gram)
        primal, gap = _duality_gap_kernel(a, q, b_i, xx[i], penalty)
        since_exact = 0
        while gap > tol * primal and n_done < max_sweeps:
            _coordinate_sweep_kernel(a, q, gram, inv_diag, penalty)
            n_done += 1
            since_exact += 1
            if since_exact == 16:
                _exact_correlation_kernel(a, q, b_i, gram)
                since_exact = 0
            primal, gap = _duality_gap_kernel(a, q, b_i, xx[i], penalty)
        sweeps[i] = n_done
        objective[i] = primal
        gaps[i] = gap
        done[i] = gap <= tol * primal


_coordinate_descent_kernel_serial, _coordinate_descent_kernel_parallel = compile_serial_and_parallel(
    _coordinate_descent_kernel
)

#: Relative duality gap at which :func:`solve_coordinate_descent` leaves float32 for float64.
CD_FLOAT32_GAP = 1e-3


def solve_coordinate_descent(
    dictionary, patches, *, penalty, max_iter=1000, tol=1e-4, codes_init=None, parallel=False
):
    """Solve the Lasso problem of each patch by cyclic coordinate descent with a duality-gap stop.

    Each sweep visits the atoms in order and sets each coefficient to its exact minimiser with
    the others fixed, a_j <- soft(a_j + c_j / G_jj, lambda / G_jj), where G = D D^T and
    c = D x - G a is kept up to date (one row of G per coefficient that changes). Patches are
    solved independently, each until its own relative duality gap falls below ``tol``, so easy
    patches stop early; with ``parallel=True`` they are spread over numba's threads.

    Parameters
    ----------
    dictionary : array_like, shape (n_atoms, n_pixels)
        Atoms, one a row (any norm, none zero).
    patches : array_like, shape (n_patches, n_pixels) or (n_pixels,)
        Patches to encode.
    penalty : float
        lambda > 0 of the energy 1/2 ||x - a D||^2 + lambda ||a||_1 (the duality gap certifies
        nothing at lambda = 0: use :func:`solve_fista` for least squares).
    max_iter : int
        Largest number of sweeps per patch, >= 1.
    tol : float
        Stopping rule, in [0, 1): a patch stops after the first sweep at which its duality gap
        is at most ``tol`` times its energy, E(a) - E_dual(theta) <= tol E(a). As
        E_dual(theta) <= min E, this guarantees (E(a) - min E) / min E <= tol / (1 - tol).
    codes_init : array_like, shape (n_patches, n_atoms), optional
        Warm start (zeros by default).
    parallel : bool
        Spread the patches over numba's threads (``numba.set_num_threads``); the result is the
        same as the serial one.

    Returns
    -------
    SparseCode
        ``method="coordinate_descent"``; ``n_iter`` is the largest number of sweeps,
        ``n_sweeps`` and ``duality_gap`` are given per patch.

    Raises
    ------
    ValueError
        For shapes that do not match, an all-zero atom, penalty <= 0, tol outside [0, 1) or
        max_iter < 1 (checked before the numba kernel runs).
    TypeError
        For non-numeric input or a non-boolean ``parallel``.

    Notes
    -----
    The dual point is the scaled residual theta = s (x - a D), with s the maximiser of the dual
    energy x.theta - |theta|^2 / 2 under the constraint |D theta|_inf <= lambda (Fercoq et al.
    2015); the gap is computed from the maintained correlations c in O(n_atoms) per sweep, and
    so is the returned energy, 1/2 (|x|^2 - a.D x - a.c) + lambda |a|_1.

    Mixed precision: the first sweeps update c in float32 (the coefficients stay float64) until
    the gap estimate falls below max(tol, ``CD_FLOAT32_GAP`` = 1e-3) E(a); then c is recomputed
    exactly in float64 and the sweeps go on in float64 (c recomputed from scratch every 16
    sweeps). The stopping test and the returned ``duality_gap`` always use the float64 c. At a
    loose ``tol`` the coefficients keep float32-level errors (about 1e-7 relative), which the
    duality gap accounts for.

    References
    ----------
    Friedman J, Hastie T, Hoefling H, Tibshirani R (2007) Pathwise coordinate optimization.
    Ann Appl Stat 1:302-332.
    Fercoq O, Gramfort A, Salmon J (2015) Mind the duality gap: safer rules for the Lasso.
    Proc ICML 37:333-342.
    """
    D, X, single = _check_problem(dictionary, patches)
    penalty = check_positive("penalty", penalty)
    max_iter = check_int("max_iter", max_iter, low=1)
    tol = check_scalar("tol", tol, low=0.0, high=1.0, high_inclusive=False)
    parallel = check_bool("parallel", parallel)
    n, k = X.shape[0], D.shape[0]
    check_memory(f"codes of {n} patches x {k} atoms", 8.0 * 3.5 * n * k, reduce="solve fewer patches at once")
    gram = D @ D.T
    b = X @ D.T
    if codes_init is None:
        codes = np.zeros((n, k))
        corr = b.copy()
    else:
        codes = check_array("codes_init", codes_init, shape=(n, k)).copy()
        corr = b - codes @ gram
    xx = np.einsum("ij,ij->i", X, X)
    inv_diag = 1.0 / np.ascontiguousarray(np.diag(gram))
    sweeps = np.zeros(n, dtype=np.int64)
    objective = np.empty(n)
    gaps = np.empty(n)
    done = np.zeros(n, dtype=np.bool_)
    kernel = _coordinate_descent_kernel_parallel if parallel else _coordinate_descent_kernel_serial
    kernel(
        gram,
        gram.astype(np.float32),
        inv_diag,
        b,
        xx,
        penalty,
        tol,
        CD_FLOAT32_GAP,
        max_iter,
        codes,
        corr,
        np.empty((n, k), dtype=np.float32),
        sweeps,
        objective,
        gaps,
        done,
    )
    return SparseCode(
        codes=codes[0] if single else codes,
        objective=objective,
        n_iter=int(sweeps.max()),
        converged=bool(done.all()),
        penalty=penalty,
        method="coordinate_descent",
        duality_gap=np.maximum(gaps, 0.0),
        n_sweeps=sweeps,
    )


def infer_codes(
    dictionary, patches, *, penalty, prior="l1", sigma=1.0, max_iter=300, tol=1e-4, codes_init=None
):
    """Infer sparse codes with the L1 or the Cauchy prior.

    For ``prior="l1"`` this is :func:`solve_fista` with threshold penalty / sigma. For
    ``prior="cauchy"`` (S(z) = log(1 + z^2), smooth but not convex) it is gradient descent with
    step 1 / (L + 2 penalty / sigma^2), from zero or ``codes_init``: a local minimum, as
    Olshausen & Field's conjugate-gradient search found.

    Parameters
    ----------
    dictionary : array_like, shape (n_atoms, n_pixels)
    patches : array_like, shape (n_patches, n_pixels) or (n_pixels,)
    penalty : float
        lambda >= 0.
    prior : {'l1', 'cauchy'}
    sigma : float
        Coefficient scale sigma > 0.
    max_iter : int
        Largest number of iterations, >= 1.
    tol : float
        Relative change of the codes at which to stop, >= 0.
    codes_init : array_like, optional
        Warm start.

    Returns
    -------
    SparseCode
        ``objective`` is the energy with the chosen prior; ``penalty`` is lambda.
    """
    prior = check_choice("prior", prior, PRIORS)
    sigma = check_positive("sigma", sigma)
    penalty = check_nonnegative("penalty", penalty)
    if prior == "l1":
        result = solve_fista(
            dictionary, patches, penalty=penalty / sigma, max_iter=max_iter, tol=tol, codes_init=codes_init
        )
        return SparseCode(
            codes=result.codes,
            objective=result.objective,
            n_iter=result.n_iter,
            converged=result.converged,
            penalty=penalty,
            method="fista",
        )
    D, X, single = _check_problem(dictionary, patches)
    max_iter = check_int("max_iter", max_iter, low=1)
    tol = check_nonnegative("tol", tol)
    n, k = X.shape[0], D.shape[0]
    a = np.zeros((n, k)) if codes_init is None else check_array("codes_init", codes_init, shape=(n, k)).copy()
    gram = D @ D.T
    b = X @ D.T
    step = 1.0 / (_lipschitz(gram) + 2.0 * penalty / sigma**2)
    converged = False
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007
        z = a / sigma
        grad = a @ gram - b + (2.0 * penalty / sigma) * z / (1.0 + z * z)
        delta = step * grad
        a -= delta
        if np.sum(delta * delta) <= tol * tol * max(np.sum(a * a), 1e-300):
            converged = True
            break
    residual = X - a @ D
    objective = 0.5 * np.einsum("ij,ij->i", residual, residual) + penalty * sparse_penalty(
        a, prior="cauchy", sigma=sigma
    )
    return SparseCode(
        codes=a[0] if single else a,
        objective=objective,
        n_iter=n_iter,
        converged=converged,
        penalty=penalty,
        method="gradient",
    )


# ============================================================================ LCA


@dataclass(frozen=True, kw_only=True)
class LCAParams:
    """Parameters of the Locally Competitive Algorithm (Rozell et al. 2008).

    Attributes
    ----------
    tau : float
        Membrane time constant of the LCA neurons [ms], > 0.
    penalty : float
        Threshold lambda >= 0 of the activation: for ``threshold="soft"`` the Lasso's lambda.
    threshold : {'soft', 'hard'}
        Activation T_lambda(u): soft (the L1 cost) or hard (an L0-like cost lambda^2/2 per
        active neuron).
    """

    tau: float = 10.0
    penalty: float = 0.1
    threshold: str = "soft"

    def __post_init__(self):
        set_checked(self, "tau", check_positive("tau", self.tau, unit="ms"))
        set_checked(self, "penalty", check_nonnegative("penalty", self.penalty))
        check_choice("threshold", self.threshold, THRESHOLDS)

    @property
    def max_dt(self) -> float:
        """Largest time step [ms]: tau / 10, at most 1 ms.

        (:func:`run_lca` also refuses a step that is unstable for the given dictionary,
        dt >= 2 tau / lambda_max(D D^T).)
        """
        return min(self.tau / 10.0, 1.0)


@dataclass(frozen=True, kw_only=True, eq=False)
class LCAResult(SimulationResult):
    """The LCA network's run on a batch of patches (see :func:`run_lca`).

    Attributes
    ----------
    coefficients : ndarray, shape (n_patches, n_atoms)
        Activities a = T(u) after the last step: the sparse codes.
    potentials : ndarray, shape (n_patches, n_atoms)
        Internal states u after the last step.
    objective : ndarray, shape (n_patches, n_steps)
        Energy 1/2 ||x - a D||^2 + C(a) at the start of each step (C: lambda ||a||_1 for the
        soft threshold; lambda^2 / 2 times the number of active neurons for the hard one).
    coefficient_trace, potential_trace : ndarray, shape (n_patches, n_recorded, n_steps)
        a and u of the recorded atoms at the start of each step.
    recorded : ndarray of int64
        Indices of the recorded atoms.
    """

    coefficients: np.ndarray
    potentials: np.ndarray
    objective: np.ndarray
    coefficient_trace: np.ndarray
    potential_trace: np.ndarray
    recorded: np.ndarray

    @property
    def n_active(self) -> np.ndarray:
        """Number of non-zero coefficients of each patch at the end, shape (n_patches,)."""
        return np.count_nonzero(self.coefficients, axis=1)


@numba.njit(cache=True)
def _lca_run_kernel(u, a, gram, b, rate, threshold, hard, half_xx, objective, recorded, a_trace, u_trace):
    """Run every patch's network for objective.shape[1] Euler steps, in place on u and a.

    Step: u += rate (b - u - (a G - a)), a = T(u). Only active neurons inhibit, so the
    inhibition a G is summed over the non-zero coefficients only (a few percent of them once
    the code is sparse). objective[i, s] and the traces hold the state at the start of step s.
    """
    n, k = u.shape
    n_steps = objective.shape[1]
    active = np.empty(k, dtype=np.int64)
    inhibition = np.empty(k)
    for i in range(n):
        n_active = 0
        for j in range(k):
            if a[i, j] != 0.0:
                active[n_active] = j
                n_active += 1
        for step in range(n_steps):
            for r in range(recorded.size):
                a_trace[i, r, step] = a[i, recorded[r]]
                u_trace[i, r, step] = u[i, recorded[r]]
            inhibition[:] = 0.0
            ab = 0.0
            cost = 0.0
            for m in range(n_active):
                j = active[m]
                aj = a[i, j]
                ab += aj * b[i, j]
                cost += 0.5 * threshold * threshold if hard else threshold * abs(aj)
                for jj in range(k):
                    inhibition[jj] += aj * gram[j, jj]
            aga = 0.0
            for m in range(n_active):
                j = active[m]
                aga += a[i, j] * inhibition[j]
            objective[i, step] = half_xx[i] - ab + 0.5 * aga + cost
            n_active = 0
            for j in range(k):
                uj = u[i, j] + rate * (b[i, j] - u[i, j] - (inhibition[j] - a[i, j]))
                u[i, j] = uj
                if hard:
                    aj = uj if abs(uj) > threshold else 0.0
                elif uj > threshold:
                    aj = uj - threshold
                elif uj < -threshold:
                    aj = uj + threshold
                else:
                    aj = 0.0
                a[i, j] = aj
                if aj != 0.0:
                    active[n_active] = j
                    n_active += 1


def run_lca(params, dictionary, patches, *, duration, dt=None, record=False, u_init=None):
    """Run the Locally Competitive Algorithm: leaky neurons with lateral inhibition that encode patches.

    .. math::  \\tau \\dot u = D x - u - (D D^T - I)\\, a, \\qquad a = T_\\lambda(u)

    Each neuron is driven by the match of its atom with the patch and inhibited by active
    neurons in proportion to the overlap of their atoms. With the soft threshold the fixed
    point is the solution of the Lasso problem 1/2 ||x - a D||^2 + lambda ||a||_1. Integrated
    by forward Euler from u = 0 (or ``u_init``).

    Parameters
    ----------
    params : LCAParams
        tau [ms], penalty lambda and threshold kind.
    dictionary : array_like, shape (n_atoms, n_pixels)
        Atoms, one a row (unit norm in the paper; any non-zero norm works).
    patches : array_like, shape (n_patches, n_pixels) or (n_pixels,)
        Patches, encoded in parallel (independent networks).
    duration : float
        Simulated time [ms], > 0 (about 50 tau converges a well-conditioned problem).
    dt : float, optional
        Time step [ms], in (0, params.max_dt]; default ``params.max_dt``.
    record : None, bool or array_like of int
        Atoms whose a and u are recorded at every step (True: all).
    u_init : array_like, shape (n_patches, n_atoms), optional
        Initial potentials (default zero).

    Returns
    -------
    LCAResult

    Raises
    ------
    ValueError
        For invalid arguments, or a dt that is unstable for this dictionary
        (dt >= 2 tau / lambda_max(D D^T)).

    References
    ----------
    Rozell CJ, Johnson DH, Baraniuk RG, Olshausen BA (2008) Sparse coding via thresholding
    and local competition in neural circuits. Neural Comput 20:2526-2563.
    """
    if not isinstance(params, LCAParams):
        raise TypeError(f"params must be an LCAParams; got {type(params).__name__}")
    D, X, _ = _check_problem(dictionary, patches)
    dt = params.max_dt if dt is None else dt
    dt = check_dt(dt, max_dt=params.max_dt, model="LCA network", min_dt=1e-4 * params.tau)
    duration = check_duration(duration, dt=dt, max_steps=1_000_000)
    n_steps = n_steps_for(duration, dt)
    n, k = X.shape[0], D.shape[0]
    recorded = check_record(record, k)
    check_memory(
        f"recording {recorded.size} atoms of {n} patches over {n_steps} steps (record)",
        16.0 * n * recorded.size * n_steps,
        reduce="record fewer atoms, fewer patches or a shorter run",
    )
    check_memory(
        f"the objective of {n} patches over {n_steps} steps",
        8.0 * n * n_steps,
        reduce="encode fewer patches at once or shorten duration",
    )
    gram = D @ D.T
    # Gershgorin's bound max_i sum_j |G_ij| >= lambda_max(G) settles most steps at O(k^2); the
    # eigenvalue itself (O(k^3), 256 atoms: a few ms) only when the bound is not enough.
    if dt * float(np.abs(gram).sum(axis=1).max()) >= 1.9 * params.tau:
        lam_max = _lipschitz(gram)
        if dt * lam_max >= 1.9 * params.tau:
            raise ValueError(
                f"dt [ms] = {dt:g} is unstable for this dictionary (largest eigenvalue of "
                f"D D^T = {lam_max:.3g}): use dt < {1.9 * params.tau / lam_max:.3g} ms"
            )
    if u_init is None:
        u = np.zeros((n, k))
    else:
        u = check_array("u_init", u_init, shape=(n, k)).copy()
    b = X @ D.T
    hard = params.threshold == "hard"
    lam = params.penalty
    a = hard_threshold(u, lam) if hard else soft_threshold(u, lam)
    half_xx = 0.5 * np.einsum("ij,ij->i", X, X)
    objective = np.empty((n, n_steps))
    a_trace = np.empty((n, recorded.size, n_steps))
    u_trace = np.empty((n, recorded.size, n_steps))
    _lca_run_kernel(
        u,
        a,
        gram,
        b,
        dt / params.tau,
        lam,
        hard,
        half_xx,
        objective,
        recorded.astype(np.int64),
        a_trace,
        u_trace,
    )
    return LCAResult(
        params=params,
        dt=dt,
        n_steps=n_steps,
        coefficients=a,
        potentials=u,
        objective=objective,
        coefficient_trace=a_trace,
        potential_trace=u_trace,
        recorded=recorded,
    )


# ============================================================================ dictionary learning


@dataclass(frozen=True, kw_only=True)
class DictionaryLearningParams:
    """Parameters of Olshausen & Field's (1996) dictionary learning.

    Attributes
    ----------
    prior : {'l1', 'cauchy'}
        Sparse prior S: |z| or log(1 + z^2).
    penalty : float
        lambda > 0, weight of the sparseness cost lambda sum S(a / sigma).
    sigma : float
        Coefficient scale sigma > 0 (O&F: sqrt(variance_goal) = 0.316).
    learning_rate : float
        eta > 0 of the dictionary update D += eta <a (x - a D)> (batch mean).
    variance_goal : float
        Target variance of every coefficient, > 0 (O&F: 0.1).
    gain_rate : float
        Exponent alpha of the gain update ``g *= (<a^2> / variance_goal)^alpha``, >= 0 (O&F: 0.02).
    variance_rate : float
        Rate in (0, 1] of the running mean of each coefficient's variance (per batch).
    inference_iter : int
        Largest number of inference iterations per batch, >= 1.
    gain_bounds : tuple of float
        (low, high): each gain stays within these multiples of its initial value, 0 < low <= 1 <= high.
        With the L1 prior a rarely used coefficient has a small variance, its gain shrinks, its
        effective threshold lambda / (sigma g) grows and it is used even less: without a floor
        its atom would die (gain 0).
    """

    prior: str = "l1"
    penalty: float = 0.02
    sigma: float = 0.316
    learning_rate: float = 1.0
    variance_goal: float = 0.1
    gain_rate: float = 0.02
    variance_rate: float = 0.1
    inference_iter: int = 60
    gain_bounds: tuple = (0.5, 2.0)

    def __post_init__(self):
        check_choice("prior", self.prior, PRIORS)
        set_checked(self, "penalty", check_positive("penalty", self.penalty))
        set_checked(self, "sigma", check_positive("sigma", self.sigma))
        set_checked(self, "learning_rate", check_positive("learning_rate", self.learning_rate, high=100.0))
        set_checked(self, "variance_goal", check_positive("variance_goal", self.variance_goal))
        set_checked(self, "gain_rate", check_nonnegative("gain_rate", self.gain_rate, high=1.0))
        set_checked(
            self,
            "variance_rate",
            check_scalar("variance_rate", self.variance_rate, low=0.0, low_inclusive=False, high=1.0),
        )
        set_checked(self, "inference_iter", check_int("inference_iter", self.inference_iter, low=1))
        bounds = self.gain_bounds
        if not isinstance(bounds, (tuple, list)) or len(bounds) != 2:
            raise ValueError(f"gain_bounds must be a pair (low, high); got {bounds!r:.60}")
        low = check_scalar("gain_bounds[0]", bounds[0], low=0.0, low_inclusive=False, high=1.0)
        high = check_scalar("gain_bounds[1]", bounds[1], low=1.0)
        set_checked(self, "gain_bounds", (low, high))


@dataclass(frozen=True, kw_only=True, eq=False)
class DictionaryLearningResult:
    """A dictionary learned by :func:`learn_dictionary`.

    Attributes
    ----------
    params : DictionaryLearningParams
    dictionary : ndarray, shape (n_atoms, n_pixels)
        The learned atoms (row norms are the gains).
    initial_dictionary : ndarray, shape (n_atoms, n_pixels)
        The random starting dictionary.
    coefficient_variance : ndarray, shape (n_atoms,)
        Running estimate of each coefficient's variance at the end.
    residual_fraction : ndarray, shape (n_updates,)
        Residual ||x - a D||^2 / ||x||^2 of each batch, before its update.
    n_updates : int
        Number of batches (dictionary updates).
    batch_size : int
        Patches per batch.
    """

    params: DictionaryLearningParams
    dictionary: np.ndarray
    initial_dictionary: np.ndarray
    coefficient_variance: np.ndarray
    residual_fraction: np.ndarray
    n_updates: int
    batch_size: int

    def __post_init__(self):
        freeze_arrays(self)

    @property
    def patch_size(self) -> int:
        """Side of the patches [pixels]."""
        return int(round(math.sqrt(self.dictionary.shape[1])))

    @property
    def unit_dictionary(self) -> np.ndarray:
        """The atoms scaled to unit norm, shape (n_atoms, n_pixels)."""
        return self.dictionary / np.linalg.norm(self.dictionary, axis=1, keepdims=True)


def dictionary_step(dictionary, patches, codes, *, learning_rate):
    """Return the dictionary after one Olshausen-Field gradient step, each atom rescaled to its old norm.

    D <- D + eta <a^T (x - a D)>, the batch mean of the gradient of -1/2 ||x - a D||^2 with
    respect to D (Hebbian in the residual and the coefficient), then every atom is scaled back
    to the norm it had before the step (the gains change only through gain adaptation).

    Parameters
    ----------
    dictionary : array_like, shape (n_atoms, n_pixels)
    patches : array_like, shape (n_patches, n_pixels)
    codes : array_like, shape (n_patches, n_atoms)
        The codes of ``patches`` under ``dictionary``.
    learning_rate : float
        eta > 0.

    Returns
    -------
    ndarray, shape (n_atoms, n_pixels)
    """
    D, X, _ = _check_problem(dictionary, patches)
    A = check_array("codes", codes, shape=(X.shape[0], D.shape[0]))
    eta = check_positive("learning_rate", learning_rate)
    norms = np.linalg.norm(D, axis=1, keepdims=True)
    new = D + eta * (A.T @ (X - A @ D)) / X.shape[0]
    new_norms = np.linalg.norm(new, axis=1, keepdims=True)
    new_norms[new_norms == 0.0] = 1.0
    return new * (norms / new_norms)


def learn_dictionary(
    patches,
    params=None,
    *,
    n_atoms,
    n_updates,
    batch_size=100,
    initial_dictionary=None,
    rng=None,
    progress=False,
):
    """Learn a dictionary by Olshausen & Field's (1996) sparse coding.

    For each batch of patches: infer the codes (:func:`infer_codes`), step the dictionary
    along the residual (:func:`dictionary_step`), update each coefficient's running variance
    and its gain ``g_i *= (<a_i^2> / variance_goal)^alpha``, and set each atom's norm to its gain,
    so that no coefficient wins by growing its atom (O&F's ``sparsenet``).

    Parameters
    ----------
    patches : array_like, shape (n_patches, n_pixels)
        Training patches (whitened, variance about 0.1); batches are drawn from them at random.
    params : DictionaryLearningParams, optional
        Prior, penalty, rates (defaults if None).
    n_atoms : int
        Number of atoms, >= 1.
    n_updates : int
        Number of batches (dictionary updates), >= 1.
    batch_size : int
        Patches per batch, >= 1.
    initial_dictionary : array_like, shape (n_atoms, n_pixels), optional
        Starting dictionary (default: :func:`random_dictionary`).
    rng : None, int or numpy.random.Generator
        Initial dictionary and batches.
    progress : bool
        Show a ``tqdm.auto`` progress bar.

    Returns
    -------
    DictionaryLearningResult

    References
    ----------
    Olshausen BA, Field DJ (1996) Emergence of simple-cell receptive field properties by
    learning a sparse code for natural images. Nature 381:607-609.
    """
    rng = as_generator(rng)
    params = DictionaryLearningParams() if params is None else params
    if not isinstance(params, DictionaryLearningParams):
        raise TypeError(f"params must be a DictionaryLearningParams; got {type(params).__name__}")
    X = check_array("patches", patches, ndim=2, min_size=1)
    n_atoms = check_int("n_atoms", n_atoms, low=1, high=10_000)
    n_updates = check_int("n_updates", n_updates, low=1)
    batch_size = check_int("batch_size", batch_size, low=1, high=X.shape[0])
    progress = check_bool("progress", progress)
    if initial_dictionary is None:
        D = random_dictionary(n_atoms, X.shape[1], rng=rng)
    else:
        D = check_array("initial_dictionary", initial_dictionary, shape=(n_atoms, X.shape[1])).copy()
        if np.any(np.linalg.norm(D, axis=1) == 0.0):
            raise ValueError("initial_dictionary has an all-zero atom (row)")
    initial = D.copy()
    gains = np.linalg.norm(D, axis=1)
    initial_gains = gains.copy()
    variance = np.full(n_atoms, params.variance_goal)
    residual_fraction = np.empty(n_updates)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=n_updates, desc="learning the dictionary", unit="batch")
    try:
        for update in range(n_updates):
            batch = X[rng.integers(X.shape[0], size=batch_size)]
            code = infer_codes(
                D,
                batch,
                penalty=params.penalty,
                prior=params.prior,
                sigma=params.sigma,
                max_iter=params.inference_iter,
                tol=1e-3,
            )
            a = code.codes.reshape(batch_size, n_atoms)
            residual = batch - a @ D
            residual_fraction[update] = np.sum(residual * residual) / max(np.sum(batch * batch), 1e-300)
            D = D + params.learning_rate * (a.T @ residual) / batch_size
            variance = (1.0 - params.variance_rate) * variance + params.variance_rate * np.mean(a * a, axis=0)
            gains = np.clip(
                gains * (variance / params.variance_goal) ** params.gain_rate,
                params.gain_bounds[0] * initial_gains,
                params.gain_bounds[1] * initial_gains,
            )
            norms = np.linalg.norm(D, axis=1)
            norms[norms == 0.0] = 1.0
            D = D * (gains / norms)[:, None]
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return DictionaryLearningResult(
        params=params,
        dictionary=D,
        initial_dictionary=initial,
        coefficient_variance=variance,
        residual_fraction=residual_fraction,
        n_updates=n_updates,
        batch_size=batch_size,
    )


# ============================================================================ PCA, autoencoder


@dataclass(frozen=True, kw_only=True, eq=False)
class PCAResult:
    """Principal components of patches (see :func:`fit_pca`).

    Attributes
    ----------
    components : ndarray, shape (n_components, n_pixels)
        Unit-norm principal directions, by decreasing variance (sign: largest entry positive).
    variances : ndarray, shape (n_components,)
        Variance of the data along each component.
    mean : ndarray, shape (n_pixels,)
        Mean patch (subtracted before the analysis).
    total_variance : float
        Summed variance of all pixels.
    """

    components: np.ndarray
    variances: np.ndarray
    mean: np.ndarray
    total_variance: float

    def __post_init__(self):
        freeze_arrays(self)

    @property
    def explained_fraction(self) -> np.ndarray:
        """Fraction of the total variance along each component."""
        return self.variances / self.total_variance


def fit_pca(patches, *, n_components=None):
    """Return the principal components of patches (eigenvectors of their covariance).

    Parameters
    ----------
    patches : array_like, shape (n_patches, n_pixels)
    n_components : int, optional
        Number of leading components (default all).

    Returns
    -------
    PCAResult
    """
    X = check_array("patches", patches, ndim=2, min_size=2)
    n_pixels = X.shape[1]
    n_components = (
        n_pixels if n_components is None else check_int("n_components", n_components, low=1, high=n_pixels)
    )
    mean = X.mean(axis=0)
    cov = np.cov(X - mean, rowvar=False).reshape(n_pixels, n_pixels)
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:n_components]
    components = vectors[:, order].T.copy()
    signs = np.sign(components[np.arange(n_components), np.argmax(np.abs(components), axis=1)])
    components *= signs[:, None]
    return PCAResult(
        components=components,
        variances=np.maximum(values[order], 0.0),
        mean=mean,
        total_variance=float(np.trace(cov)),
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class SparseAutoencoderResult:
    """A one-hidden-layer sparse autoencoder (see :func:`train_sparse_autoencoder`).

    Attributes
    ----------
    encoder : ndarray, shape (n_hidden, n_pixels)
        Encoder weights W_e: hidden h = relu(x W_e^T + bias).
    bias : ndarray, shape (n_hidden,)
        Encoder biases.
    decoder : ndarray, shape (n_hidden, n_pixels)
        Decoder atoms (unit norm rows): reconstruction h @ decoder.
    loss : ndarray, shape (n_steps,)
        Training loss (mean over the batch) at each step.
    l1 : float
        Weight of the L1 penalty on the hidden activity.
    """

    encoder: np.ndarray
    bias: np.ndarray
    decoder: np.ndarray
    loss: np.ndarray
    l1: float

    def __post_init__(self):
        freeze_arrays(self)

    def encode(self, patches):
        """Return the hidden activities relu(x W_e^T + b), shape (n_patches, n_hidden)."""
        X = check_array("patches", patches, ndim=2, shape=(None, self.encoder.shape[1]))
        return np.maximum(X @ self.encoder.T + self.bias, 0.0)


def train_sparse_autoencoder(patches, *, n_hidden, l1, n_steps, batch_size=256, learning_rate=1e-3, rng=None):
    """Train a sparse autoencoder in numpy: relu encoder, linear decoder with unit-norm atoms, Adam.

    Loss per patch: 1/2 ||x - h D||^2 + l1 * sum(h), with h = relu(x W^T + b); the decoder rows
    are renormalised after each step (as in the sparse autoencoders of interpretability work),
    so that the L1 penalty cannot be dodged by shrinking h and growing D.

    Parameters
    ----------
    patches : array_like, shape (n_patches, n_pixels)
    n_hidden : int
        Hidden units (dictionary size), >= 1.
    l1 : float
        Sparsity weight, >= 0.
    n_steps : int
        Adam steps, >= 1.
    batch_size : int
        Patches per step, >= 1.
    learning_rate : float
        Adam step size, > 0.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    SparseAutoencoderResult

    References
    ----------
    Bricken T, Templeton A, Batson J, et al. (2023) Towards monosemanticity: decomposing
    language models with dictionary learning. Transformer Circuits Thread.
    """
    rng = as_generator(rng)
    X = check_array("patches", patches, ndim=2, min_size=1)
    n_hidden = check_int("n_hidden", n_hidden, low=1, high=10_000)
    l1 = check_nonnegative("l1", l1)
    n_steps = check_int("n_steps", n_steps, low=1)
    batch_size = check_int("batch_size", batch_size, low=1, high=X.shape[0])
    learning_rate = check_positive("learning_rate", learning_rate, high=1.0)
    p = X.shape[1]
    decoder = random_dictionary(n_hidden, p, rng=rng)
    encoder = decoder.copy() * 0.5
    bias = np.zeros(n_hidden)
    weights = [encoder, bias, decoder]
    moments = [np.zeros_like(w) for w in weights]
    squares = [np.zeros_like(w) for w in weights]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    loss = np.empty(n_steps)
    for step in range(1, n_steps + 1):
        x = X[rng.integers(X.shape[0], size=batch_size)]
        pre = x @ encoder.T + bias
        h = np.maximum(pre, 0.0)
        residual = h @ decoder - x
        loss[step - 1] = 0.5 * np.mean(np.sum(residual * residual, axis=1)) + l1 * np.mean(h.sum(axis=1))
        grad_h = (residual @ decoder.T + l1) * (pre > 0.0) / batch_size
        grads = [grad_h.T @ x, grad_h.sum(axis=0), h.T @ residual / batch_size]
        for w, g, m, v in zip(weights, grads, moments, squares, strict=True):
            m *= beta1
            m += (1.0 - beta1) * g
            v *= beta2
            v += (1.0 - beta2) * g * g
            w -= learning_rate * (m / (1.0 - beta1**step)) / (np.sqrt(v / (1.0 - beta2**step)) + eps)
        decoder /= np.linalg.norm(decoder, axis=1, keepdims=True)
    return SparseAutoencoderResult(encoder=encoder, bias=bias, decoder=decoder, loss=loss, l1=l1)


# ============================================================================ receptive fields


@dataclass(frozen=True, kw_only=True, eq=False)
class GaborFit:
    """A 2-D Gabor fitted to one atom (see :func:`fit_gabor`).

    g(x, y) = amplitude exp(-x'^2 / (2 sigma_x^2) - y'^2 / (2 sigma_y^2)) cos(2 pi f x' + phase) + offset,
    with x' = (x - x0) cos(theta) + (y - y0) sin(theta), y' = -(x - x0) sin(theta) + (y - y0) cos(theta),
    pixel coordinates x (column) and y (row, downwards).

    Attributes
    ----------
    x0, y0 : float
        Centre of the envelope [pixels].
    orientation : float
        theta in [0, pi): direction of the carrier's wave vector [rad] (the stripes run
        perpendicular to it).
    frequency : float
        Spatial frequency f of the carrier [cycles/pixel].
    phase : float
        Carrier phase [rad], in [0, 2 pi).
    sigma_x, sigma_y : float
        Envelope widths across and along the stripes [pixels].
    amplitude, offset : float
    r_squared : float
        1 - SS_residual / SS_total of the fit.
    peak_frequency : float
        Frequency of the atom's largest Fourier amplitude [cycles/pixel] (0 at DC).
    fitted : ndarray, shape (size, size)
        The fitted Gabor.
    """

    x0: float
    y0: float
    orientation: float
    frequency: float
    phase: float
    sigma_x: float
    sigma_y: float
    amplitude: float
    offset: float
    r_squared: float
    peak_frequency: float
    fitted: np.ndarray

    def __post_init__(self):
        freeze_arrays(self)

    def is_gabor_like(self, *, min_r_squared=0.8) -> bool:
        """Whether the fit explains at least ``min_r_squared`` and the spectral peak is away from DC."""
        return bool(self.r_squared >= min_r_squared and self.peak_frequency > 0.0)


def gabor_patch(size, *, x0, y0, orientation, frequency, phase, sigma_x, sigma_y, amplitude=1.0, offset=0.0):
    """Return a 2-D Gabor on a size x size pixel grid (the model of :class:`GaborFit`)."""
    size = check_int("size", size, low=2, high=1024)
    y, x = np.mgrid[0:size, 0:size].astype(float)
    return _gabor(x, y, (x0, y0, orientation, frequency, phase, sigma_x, sigma_y, amplitude, offset))


def _gabor(x, y, p):
    x0, y0, theta, f, phase, sx, sy, amp, off = p
    dx, dy = x - x0, y - y0
    xr = dx * np.cos(theta) + dy * np.sin(theta)
    yr = -dx * np.sin(theta) + dy * np.cos(theta)
    envelope = np.exp(-0.5 * (xr / sx) ** 2 - 0.5 * (yr / sy) ** 2)
    return amp * envelope * np.cos(2 * np.pi * f * xr + phase) + off


def _gabor_jacobian(x, y, p):
    """Derivatives of :func:`_gabor` with respect to its nine parameters, shape (pixels, 9).

    With ``x_r = dx cos(theta) + dy sin(theta)``, ``y_r = -dx sin(theta) + dy cos(theta)``,
    envelope ``E`` and carrier phase ``2 pi f x_r + phase``, every parameter but the last four
    acts through ``x_r`` and ``y_r``: the chain rule through ``dG/dx_r`` and ``dG/dy_r``. Given
    to the least-squares solver, it replaces nine extra evaluations of the Gabor per iteration
    by one (the fits agree with finite differences to 1e-6, 2.4 times faster).
    """
    x0, y0, theta, f, phase, sx, sy, amp, off = p
    c, s = np.cos(theta), np.sin(theta)
    dx, dy = x - x0, y - y0
    xr = dx * c + dy * s
    yr = -dx * s + dy * c
    envelope = np.exp(-0.5 * (xr / sx) ** 2 - 0.5 * (yr / sy) ** 2)
    arg = 2 * np.pi * f * xr + phase
    ec = amp * envelope * np.cos(arg)
    es = amp * envelope * np.sin(arg)
    g_xr = -ec * xr / sx**2 - es * 2 * np.pi * f  # dG/dx_r: envelope and carrier
    g_yr = -ec * yr / sy**2  # dG/dy_r: envelope only
    jac = np.empty(x.shape + (9,))
    jac[..., 0] = -c * g_xr + s * g_yr  # x0
    jac[..., 1] = -s * g_xr - c * g_yr  # y0
    jac[..., 2] = yr * g_xr - xr * g_yr  # theta: dx_r/dtheta = y_r, dy_r/dtheta = -x_r
    jac[..., 3] = -es * 2 * np.pi * xr  # f
    jac[..., 4] = -es  # phase
    jac[..., 5] = ec * xr**2 / sx**3  # sigma_x
    jac[..., 6] = ec * yr**2 / sy**3  # sigma_y
    jac[..., 7] = envelope * np.cos(arg)  # amplitude
    jac[..., 8] = 1.0  # offset
    return jac.reshape(-1, 9)


def fit_gabor(atom):
    """Fit a 2-D Gabor to one atom (receptive field) by nonlinear least squares.

    Starting point: the atom's Fourier peak (frequency, orientation and phase) and the centre
    and spread of its energy; two more carrier phases are tried when the first fit explains
    less than 90% of the variance, and the best fit is kept.

    Parameters
    ----------
    atom : array_like, shape (size, size) or (size**2,)
        One atom (row of a dictionary) or its image.

    Returns
    -------
    GaborFit
    """
    arr = check_array("atom", atom, ndim=(1, 2), min_size=4)
    if arr.ndim == 1:
        size = int(round(math.sqrt(arr.size)))
        if size * size != arr.size:
            raise ValueError(f"atom has {arr.size} pixels, not a square number")
        arr = arr.reshape(size, size)
    if arr.shape[0] != arr.shape[1]:
        raise ValueError(f"atom must be square; got shape {arr.shape}")
    size = arr.shape[0]
    scale = np.abs(arr).max()
    if scale == 0.0:
        raise ValueError("atom is all zero: there is nothing to fit")
    img = arr / scale
    y, x = np.mgrid[0:size, 0:size].astype(float)
    spectrum = np.abs(np.fft.fft2(img))
    fy = np.fft.fftfreq(size)[:, None] * np.ones((1, size))
    fx = np.fft.fftfreq(size)[None, :] * np.ones((size, 1))
    peak = np.unravel_index(np.argmax(spectrum), spectrum.shape)
    peak_frequency = float(np.hypot(fx[peak], fy[peak]))
    f_init = max(peak_frequency, 0.5 / size)
    theta_init = float(np.arctan2(fy[peak], fx[peak]) % np.pi)
    energy = img * img
    total = energy.sum()
    x0_init, y0_init = float((energy * x).sum() / total), float((energy * y).sum() / total)
    second_moment = float((energy * ((x - x0_init) ** 2 + (y - y0_init) ** 2)).sum() / total)
    spread = math.sqrt(max(second_moment / 2, 1.0))
    ss_total = float(np.sum((img - img.mean()) ** 2))
    lower = np.array([-0.5, -0.5, -np.inf, 0.0, -np.inf, 0.5, 0.5, -np.inf, -np.inf])
    upper = np.array([size - 0.5, size - 0.5, np.inf, 0.5, np.inf, 2.0 * size, 2.0 * size, np.inf, np.inf])
    # carrier phase at the envelope's centre, from the Fourier coefficient at the peak
    carrier = np.exp(-2j * np.pi * (fx[peak] * (x - x0_init) + fy[peak] * (y - y0_init)))
    phase_init = float(np.angle(np.sum(img * carrier)))
    best = None
    for phase in (phase_init, phase_init + 0.5 * np.pi, phase_init + np.pi):
        start = np.clip(
            [x0_init, y0_init, theta_init, f_init, phase, spread, spread, 1.0, 0.0],
            lower + 1e-9,
            upper - 1e-9,
        )
        try:
            fit = optimize.least_squares(
                lambda p: (_gabor(x, y, p) - img).ravel(),
                start,
                jac=lambda p: _gabor_jacobian(x, y, p),
                bounds=(lower, upper),
                max_nfev=150,
            )
        except (ValueError, np.linalg.LinAlgError):
            continue
        if best is None or fit.cost < best.cost:
            best = fit
        if ss_total > 0 and 1.0 - 2.0 * best.cost / ss_total >= 0.9:
            break
    p = best.x.copy()
    fitted = _gabor(x, y, p)
    r_squared = 1.0 - float(np.sum((fitted - img) ** 2)) / ss_total if ss_total > 0 else 0.0
    x0, y0, theta, f, phase, sx, sy, amp, off = p
    if amp < 0:
        amp, phase = -amp, phase + np.pi
    theta_mod = theta % (2 * np.pi)
    if theta_mod >= np.pi:  # the same Gabor with the wave vector flipped
        theta_mod -= np.pi
        phase = -phase
    return GaborFit(
        x0=float(x0),
        y0=float(y0),
        orientation=float(theta_mod),
        frequency=float(f),
        phase=float(phase % (2 * np.pi)),
        sigma_x=float(sx),
        sigma_y=float(sy),
        amplitude=float(amp * scale),
        offset=float(off * scale),
        r_squared=float(r_squared),
        peak_frequency=peak_frequency,
        fitted=fitted * scale,
    )


def fit_gabors(dictionary):
    """Return :func:`fit_gabor` of every atom of a dictionary, a list of :class:`GaborFit`."""
    D = check_array("dictionary", dictionary, ndim=2, min_size=1)
    return [fit_gabor(atom) for atom in D]


def compute_kurtosis(values, *, axis=None):
    """Return the excess kurtosis <(v - mean)^4> / var^2 - 3 (0 for a Gaussian).

    Parameters
    ----------
    values : array_like
        Coefficients (or filter responses).
    axis : int, optional
        Axis along which to compute (default: all values pooled).

    Returns
    -------
    float or ndarray
        NaN where the values are constant.
    """
    arr = check_array("values", values, min_size=2)
    centred = arr - arr.mean(axis=axis, keepdims=True)
    m2 = np.mean(centred**2, axis=axis)
    m4 = np.mean(centred**4, axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        k = np.where(m2 > 0, m4 / np.where(m2 > 0, m2, 1.0) ** 2 - 3.0, np.nan)
    return float(k) if np.ndim(k) == 0 else k


def coefficient_entropy(values, *, bin_width):
    """Return the entropy [bits per coefficient] of values quantised in bins of ``bin_width``.

    Parameters
    ----------
    values : array_like
        Coefficients (pooled).
    bin_width : float
        Quantisation step, > 0 (bins centred on 0, so exact zeros share one bin).

    Returns
    -------
    float
        -sum p log2 p over the occupied bins.
    """
    arr = check_array("values", values, min_size=1).ravel()
    bin_width = check_positive("bin_width", bin_width)
    _, counts = np.unique(np.round(arr / bin_width).astype(np.int64), return_counts=True)
    p = counts / counts.sum()
    return float(-np.sum(p * np.log2(p)))


def tile_atoms(dictionary, *, n_cols=None, pad=1):
    """Return the atoms tiled into one image (each scaled to max |value| = 1; padding NaN).

    Parameters
    ----------
    dictionary : array_like, shape (n_atoms, size**2)
    n_cols : int, optional
        Atoms per row (default: about the square root of n_atoms).
    pad : int
        Pixels between atoms, >= 0.

    Returns
    -------
    ndarray, shape (n_rows * (size + pad) - pad, n_cols * (size + pad) - pad)
    """
    D = check_array("dictionary", dictionary, ndim=2, min_size=1)
    size = int(round(math.sqrt(D.shape[1])))
    if size * size != D.shape[1]:
        raise ValueError(f"atoms have {D.shape[1]} pixels, not a square number")
    n = D.shape[0]
    n_cols = int(math.ceil(math.sqrt(n))) if n_cols is None else check_int("n_cols", n_cols, low=1)
    pad = check_int("pad", pad, low=0, high=100)
    n_rows = -(-n // n_cols)
    out = np.full((n_rows * (size + pad) - pad, n_cols * (size + pad) - pad), np.nan)
    scale = np.abs(D).max(axis=1)
    scale[scale == 0] = 1.0
    for i in range(n):
        r, c = divmod(i, n_cols)
        out[r * (size + pad) : r * (size + pad) + size, c * (size + pad) : c * (size + pad) + size] = (
            D[i] / scale[i]
        ).reshape(size, size)
    return out
