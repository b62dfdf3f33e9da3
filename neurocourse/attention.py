"""Attention as gain and normalization: from visual cortex to transformers.

* Divisive normalization over a population (Carandini & Heeger 2012):
  :func:`divisive_normalization`.
* The normalization model of attention (Reynolds & Heeger 2009): a population of neurons
  tuned to space ``x`` and orientation ``theta``; :class:`NormalizationAttentionParams`,
  :func:`model_space`, :func:`grating_stimulus`, :func:`attention_field`,
  :func:`run_attention_model` (full maps) and :func:`attention_contrast_response` (the
  contrast-response function of one neuron, all contrasts from one evaluation);
  :func:`run_contrast_gain_experiment` runs the two-stimulus experiment of their Fig. 2.
* Naka-Rushton contrast-response functions and their fits: :func:`naka_rushton`,
  :func:`fit_naka_rushton`.
* Biased competition (Reynolds, Chelazzi & Desimone 1999): :func:`biased_competition_response`.
* Feature-similarity gain (Treue & Martinez-Trujillo 1999), derived from the normalization
  model with an attention field tuned in direction and uniform in space:
  :func:`run_feature_attention_experiment`; its descriptive summary
  :func:`feature_similarity_gain`; :func:`gaussian_tuning_curve`, :func:`fit_gaussian_tuning`.
* Attention as gating of a spiking population (chapter 01's Brunel network):
  :func:`simulate_attention_gating`.
* Softmax (scaled dot-product) attention in numpy and its reading as a normalization model:
  :func:`softmax`, :func:`scaled_dot_product_attention`, :func:`key_value_retrieval_task`,
  and the modern Hopfield update (Ramsauer et al. 2021): :func:`hopfield_retrieve`.

Conventions of the normalization model follow the authors' published code (Reynolds &
Heeger 2009, ``attentionModel.m``): stimulation and suppressive fields are Gaussians of unit
area (their discrete weights sum to 1), orientation is circular (period 360 deg), space is
zero-padded at the edges, the attention field is ``A = baseline + (peak - baseline) G`` with
``G`` a Gaussian of peak 1, and the response is ``R = E / (S + sigma)``.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

import numpy as np

from ._validation import (
    as_generator,
    check_array,
    check_bool,
    check_int,
    check_nonnegative,
    check_positive,
    check_scalar,
)

__all__ = [
    "AttentionExperimentResult",
    "AttentionGatingResult",
    "AttentionModelResult",
    "AttentionOutput",
    "FeatureAttentionResult",
    "KeyValueTask",
    "ModelSpace",
    "NakaRushtonFit",
    "NormalizationAttentionParams",
    "TuningFit",
    "attention_contrast_response",
    "attention_field",
    "biased_competition_response",
    "divisive_normalization",
    "feature_similarity_gain",
    "fit_gaussian_tuning",
    "fit_naka_rushton",
    "gaussian_tuning_curve",
    "grating_stimulus",
    "hopfield_retrieve",
    "key_value_retrieval_task",
    "model_space",
    "naka_rushton",
    "run_attention_model",
    "run_contrast_gain_experiment",
    "run_feature_attention_experiment",
    "scaled_dot_product_attention",
    "self_attention",
    "simulate_attention_gating",
    "softmax",
]


def _set(obj, name, value):
    object.__setattr__(obj, name, value)


def _readonly(array):
    array = np.array(array, dtype=float)
    array.setflags(write=False)
    return array


# =========================================================================== divisive normalization


def divisive_normalization(drive, *, sigma, exponent=1.0, gain=1.0, weights=None, axis=-1):
    """Normalize a population's drive by the pooled drive of its neighbours.

    Parameters
    ----------
    drive : array_like
        Non-negative drive D_j of each unit (any units, e.g. spikes/s of the input); the units
        are along ``axis``.
    sigma : float
        Semi-saturation constant, >= 0, in the units of ``drive``.
    exponent : float
        Exponent n, in (0, 10].
    gain : float
        Output scale gamma, > 0.
    weights : array_like, shape (n_units, n_units), optional
        Normalization weights w_jk (non-negative): the pool of unit j is sum_k w_jk D_k^n.
        By default every unit is in every pool with weight 1.
    axis : int
        Axis of ``drive`` that holds the units.

    Returns
    -------
    ndarray
        R_j, same shape as ``drive``.

    Raises
    ------
    TypeError, ValueError
        On negative or non-finite drive, negative sigma, a bad exponent, gain or weight matrix.

    Notes
    -----
    .. math:: R_j = \\gamma \\frac{D_j^n}{\\sigma^n + \\sum_k w_{jk} D_k^n}

    With ``sigma = 0``, ``exponent = 1`` and ``drive = exp(z)`` this is the softmax of ``z``.

    References
    ----------
    Carandini M, Heeger DJ (2012) Normalization as a canonical neural computation.
    Nat Rev Neurosci 13:51-62.
    """
    drive = check_array("drive", drive, low=0.0, min_size=1)
    sigma = check_nonnegative("sigma", sigma)
    exponent = check_scalar("exponent", exponent, low=0.0, low_inclusive=False, high=10.0)
    gain = check_positive("gain", gain)
    if drive.ndim == 0:
        drive = drive.reshape(1)
    axis = check_int("axis", axis, low=-drive.ndim, high=drive.ndim - 1)
    powered = np.moveaxis(drive, axis, -1) ** exponent
    if weights is None:
        pool = powered.sum(axis=-1, keepdims=True)
    else:
        n = powered.shape[-1]
        weights = check_array("weights", weights, ndim=2, low=0.0)
        if weights.shape != (n, n):
            raise ValueError(f"weights must have shape ({n}, {n}) (units x units); got {weights.shape}")
        pool = powered @ weights.T
    denominator = sigma**exponent + pool
    with np.errstate(invalid="ignore", divide="ignore"):
        response = np.where(
            denominator > 0, gain * powered / np.where(denominator > 0, denominator, 1.0), 0.0
        )
    return np.moveaxis(response, -1, axis)


# =========================================================================== Naka-Rushton


def naka_rushton(contrast, *, r_max, c50, n, baseline=0.0):
    """Return the Naka-Rushton contrast-response function.

    Parameters
    ----------
    contrast : float or array_like
        Contrast c, >= 0 (a fraction, 1 = 100 %).
    r_max : float
        Response at saturation above baseline, >= 0.
    c50 : float
        Semi-saturation contrast, > 0.
    n : float
        Exponent, in (0, 10].
    baseline : float
        Response at zero contrast.

    Returns
    -------
    float or ndarray
        :math:`R(c) = R_{max} c^n / (c^n + c_{50}^n) + b`.

    References
    ----------
    Naka KI, Rushton WAH (1966) S-potentials from colour units in the retina of fish
    (Cyprinidae). J Physiol 185:536-555.
    """
    c = check_array("contrast", contrast, low=0.0)
    r_max = check_nonnegative("r_max", r_max)
    c50 = check_positive("c50", c50)
    n = check_scalar("n", n, low=0.0, low_inclusive=False, high=10.0)
    baseline = check_scalar("baseline", baseline)
    ratio = (c / c50) ** n
    value = r_max * ratio / (1.0 + ratio) + baseline
    return float(value) if value.ndim == 0 else value


@dataclass(frozen=True, kw_only=True)
class NakaRushtonFit:
    """A fitted Naka-Rushton function.

    Attributes
    ----------
    r_max : float
        Saturated response above baseline.
    c50 : float
        Semi-saturation contrast.
    n : float
        Exponent.
    baseline : float
        Response at zero contrast (0 unless fitted).
    rms_error : float
        Root-mean-square residual, in response units.
    """

    r_max: float
    c50: float
    n: float
    baseline: float
    rms_error: float

    def __call__(self, contrast):
        """Evaluate the fitted function at ``contrast``."""
        return naka_rushton(contrast, r_max=self.r_max, c50=self.c50, n=self.n, baseline=self.baseline)


def fit_naka_rushton(contrast, response, *, fit_baseline=False, fix_n=None):
    """Fit a Naka-Rushton function to a contrast-response curve by least squares.

    Parameters
    ----------
    contrast : array_like, shape (n_points,)
        Contrasts, > 0, at least 4 distinct values.
    response : array_like, shape (n_points,)
        Responses (finite).
    fit_baseline : bool
        Fit a baseline; otherwise it is 0.
    fix_n : float, optional
        Hold the exponent at this value instead of fitting it.

    Returns
    -------
    NakaRushtonFit

    Notes
    -----
    The fit is done in (log R_max, log c50, n) with ``scipy.optimize.least_squares``, started
    from the largest response and the contrast where the curve crosses half of it; c50 is
    searched within [1e-3, 1e3] times the contrast range.
    """
    from scipy import optimize

    c = check_array("contrast", contrast, ndim=1, low=0.0, low_inclusive=False, min_size=4)
    r = check_array("response", response, ndim=1)
    if r.shape != c.shape:
        raise ValueError(f"response must have the shape of contrast {c.shape}; got {r.shape}")
    if np.unique(c).size < 4:
        raise ValueError("contrast needs at least 4 distinct values to fit R_max, c50 and n")
    fit_baseline = check_bool("fit_baseline", fit_baseline)
    if fix_n is not None:
        fix_n = check_scalar("fix_n", fix_n, low=0.0, low_inclusive=False, high=10.0)
    order = np.argsort(c)
    c, r = c[order], r[order]
    b0 = float(r[0]) if fit_baseline else 0.0
    top = max(float(r.max() - b0), 1e-300)
    half = np.nonzero(r - b0 >= 0.5 * top)[0]
    c50_0 = float(c[half[0]]) if half.size else float(c[-1])
    lo, hi = math.log(c[0] * 1e-3), math.log(c[-1] * 1e3)
    scale = max(float(np.abs(r).max()), 1e-300)

    def unpack(p):
        log_rmax, log_c50 = p[0], p[1]
        n = fix_n if fix_n is not None else p[2]
        b = p[-1] if fit_baseline else 0.0
        return math.exp(log_rmax), math.exp(log_c50), n, b

    def residual(p):
        r_max, c50, n, b = unpack(p)
        ratio = (c / c50) ** n
        return (r_max * ratio / (1.0 + ratio) + b - r) / scale

    start = [math.log(top), min(max(math.log(c50_0), lo), hi)]
    low = [-np.inf, lo]
    high = [np.inf, hi]
    if fix_n is None:
        start.append(1.0)
        low.append(0.05)
        high.append(10.0)
    if fit_baseline:
        start.append(b0)
        low.append(-np.inf)
        high.append(np.inf)
    best = None
    for n_start in (1.0, 2.0, 4.0) if fix_n is None else (None,):
        if n_start is not None:
            start[2] = n_start
        solution = optimize.least_squares(
            residual,
            start,
            bounds=(low, high),
            x_scale="jac",
            xtol=1e-12,
            ftol=1e-12,
            gtol=1e-12,
            max_nfev=2000,
        )
        if best is None or solution.cost < best.cost:
            best = solution
        if best.cost < 1e-20 * r.size:  # an exact fit: no other start can do better
            break
    r_max, c50, n, b = unpack(best.x)
    rms = float(np.sqrt(np.mean((residual(best.x) * scale) ** 2)))
    return NakaRushtonFit(r_max=float(r_max), c50=float(c50), n=float(n), baseline=float(b), rms_error=rms)


# =========================================================================== the normalization model


@dataclass(frozen=True, kw_only=True)
class NormalizationAttentionParams:
    """Parameters of the normalization model of attention (Reynolds & Heeger 2009).

    Widths are Gaussian standard deviations. Space is in the model's arbitrary units (the
    authors sample x from -200 to 200 in steps of 1); orientation in degrees. The defaults
    are the authors' (``attentionModel.m``).

    Attributes
    ----------
    excitatory_width_x : float
        Spatial spread of the stimulation field (receptive field) [a.u.] (5), > 0.
    excitatory_width_theta : float
        Orientation tuning width of the stimulation field [deg] (60), > 0.
    suppressive_width_x : float
        Spatial spread of the suppressive field [a.u.] (20), > 0.
    suppressive_width_theta : float
        Orientation extent of the suppressive field [deg] (360), > 0.
    attention_peak : float
        Attention gain at the centre of the attention field (2), >= ``attention_baseline``.
    attention_baseline : float
        Attention gain far from the attended location or feature (1), > 0.
    sigma : float
        Semi-saturation constant (1e-6), > 0; it sets c50.
    baseline_mod : float
        Baseline added to the stimulus drive before attention and normalization (0), >= 0.
    baseline_unmod : float
        Baseline added to the response after normalization (0), >= 0.

    References
    ----------
    Reynolds JH, Heeger DJ (2009) The normalization model of attention. Neuron 61:168-185.
    """

    excitatory_width_x: float = 5.0
    excitatory_width_theta: float = 60.0
    suppressive_width_x: float = 20.0
    suppressive_width_theta: float = 360.0
    attention_peak: float = 2.0
    attention_baseline: float = 1.0
    sigma: float = 1e-6
    baseline_mod: float = 0.0
    baseline_unmod: float = 0.0

    def __post_init__(self):
        for name in ("excitatory_width_x", "suppressive_width_x"):
            _set(self, name, check_positive(name, getattr(self, name), unit="a.u.", high=1e4))
        for name in ("excitatory_width_theta", "suppressive_width_theta"):
            _set(self, name, check_positive(name, getattr(self, name), unit="deg", high=1e4))
        _set(
            self,
            "attention_baseline",
            check_positive("attention_baseline", self.attention_baseline, high=1e3),
        )
        _set(
            self,
            "attention_peak",
            check_scalar("attention_peak", self.attention_peak, low=self.attention_baseline, high=1e3),
        )
        _set(self, "sigma", check_positive("sigma", self.sigma, high=1e6))
        _set(self, "baseline_mod", check_nonnegative("baseline_mod", self.baseline_mod, high=1e6))
        _set(self, "baseline_unmod", check_nonnegative("baseline_unmod", self.baseline_unmod, high=1e6))


@dataclass(frozen=True, kw_only=True, eq=False)
class ModelSpace:
    """The sampled receptive-field centres and preferred orientations of the model population.

    Attributes
    ----------
    x : ndarray, shape (n_x,)
        Receptive-field centres [a.u.], evenly spaced, ascending.
    theta : ndarray, shape (n_theta,)
        Preferred orientations [deg], evenly spaced over one period of 360 deg.
    """

    x: np.ndarray
    theta: np.ndarray

    @property
    def shape(self):
        """``(n_theta, n_x)``: the shape of every map (orientation rows, space columns)."""
        return (self.theta.size, self.x.size)

    def index(self, x, theta):
        """Return ``(i_theta, i_x)`` of the sample nearest to position ``x`` and orientation ``theta``."""
        x = check_scalar("x", x, unit="a.u.")
        theta = check_scalar("theta", theta, unit="deg")
        i_x = int(np.argmin(np.abs(self.x - x)))
        i_theta = int(np.argmin(np.abs(_wrap(self.theta - theta))))
        return i_theta, i_x


@functools.lru_cache(maxsize=8)
def model_space(*, x_extent=200.0, x_step=1.0, n_theta=360):
    """Return the model's sampling of space and orientation.

    Parameters
    ----------
    x_extent : float
        Space runs from ``-x_extent`` to ``x_extent`` [a.u.] (200, the authors'), > 0.
    x_step : float
        Spacing of receptive-field centres [a.u.] (1), > 0, at most ``x_extent``.
    n_theta : int
        Number of preferred orientations over 360 deg (360: steps of 1 deg), in [4, 3600].

    Returns
    -------
    ModelSpace
        ``theta`` runs from -180 deg in steps of ``360 / n_theta`` (the authors sample
        -180 to 180 inclusive, 361 values; here the period is exactly 360 deg).
    """
    x_extent = check_positive("x_extent", x_extent, unit="a.u.", high=1e5)
    x_step = check_positive("x_step", x_step, unit="a.u.", high=x_extent)
    n_theta = check_int("n_theta", n_theta, low=4, high=3600)
    n_half = int(round(x_extent / x_step))
    if 2 * n_half + 1 > 20001:
        raise ValueError(f"x_extent / x_step must give at most 20001 positions; got {2 * n_half + 1}")
    x = _readonly(np.arange(-n_half, n_half + 1) * x_step)
    theta = _readonly(-180.0 + np.arange(n_theta) * (360.0 / n_theta))
    return ModelSpace(x=x, theta=theta)


def _wrap(angle):
    return (np.asarray(angle, dtype=float) + 180.0) % 360.0 - 180.0


def _peak_gaussian(distance, width):
    return np.exp(-0.5 * (np.asarray(distance, dtype=float) / width) ** 2)


def _space(space):
    if space is None:
        return model_space()
    if not isinstance(space, ModelSpace):
        raise TypeError(f"space must be a ModelSpace (see model_space()); got {type(space).__name__}")
    return space


def _x_kernel_matrix(x, width):
    """Zero-padded convolution with a unit-area Gaussian, as a (cached, read-only) matrix."""
    step = float(x[1] - x[0]) if x.size > 1 else 1.0
    return _x_kernel_cached(float(x[0]), step, int(x.size), float(width))


@functools.lru_cache(maxsize=32)
def _x_kernel_cached(x0, step, n, width):
    x = x0 + np.arange(n) * step
    offsets = np.arange(-(n - 1), n) * step
    norm = _peak_gaussian(offsets, width).sum()
    return _readonly(_peak_gaussian(x[:, None] - x[None, :], width) / norm)


def _theta_kernel_matrix(theta, width):
    """Circular convolution with a unit-area Gaussian of the wrapped angle, as a (cached) matrix."""
    return _theta_kernel_cached(int(theta.size), float(width))


@functools.lru_cache(maxsize=32)
def _theta_kernel_cached(n, width):
    theta = -180.0 + np.arange(n) * (360.0 / n)
    weights = _peak_gaussian(_wrap(theta[:, None] - theta[None, :]), width)
    return _readonly(weights / weights[0].sum())


def grating_stimulus(space=None, *, centers, widths, contrasts=1.0, orientations=0.0, orientation_width=1.0):
    """Return a stimulus image: Gaussian patches of oriented grating, one per centre.

    Parameters
    ----------
    space : ModelSpace, optional
        The sampling; :func:`model_space` by default.
    centers : float or array_like
        Spatial centre of each stimulus [a.u.].
    widths : float or array_like
        Spatial width (Gaussian sd) of each stimulus [a.u.], > 0; one for all or one each.
    contrasts : float or array_like
        Contrast of each stimulus, >= 0 (the peak of its Gaussian).
    orientations : float or array_like
        Orientation of each stimulus [deg].
    orientation_width : float
        Orientation spread of each stimulus [deg] (1, the authors': nearly a single orientation).

    Returns
    -------
    ndarray, shape (n_theta, n_x)
        Sum over stimuli of ``contrast * exp(-(x - x_s)^2 / 2 w^2) * exp(-(theta - theta_s)^2 / 2 w_theta^2)``
        (Gaussians of peak 1, orientation wrapped).
    """
    space = _space(space)
    centers = check_array("centers", centers, unit="a.u.", ndim=(0, 1)).reshape(-1)
    n = centers.size
    if n == 0:
        raise ValueError("centers must hold at least one stimulus centre")

    def per_stimulus(name, value, **limits):
        array = check_array(name, value, ndim=(0, 1), **limits).reshape(-1)
        if array.size == 1:
            return np.full(n, array[0])
        if array.size != n:
            raise ValueError(f"{name} must be one value or one per centre ({n}); got {array.size}")
        return array

    widths = per_stimulus("widths", widths, unit="a.u.", low=0.0, low_inclusive=False)
    contrasts = per_stimulus("contrasts", contrasts, low=0.0)
    orientations = per_stimulus("orientations", orientations, unit="deg")
    orientation_width = check_positive("orientation_width", orientation_width, unit="deg", high=1e4)
    image = np.zeros(space.shape)
    for center, width, contrast, orientation in zip(centers, widths, contrasts, orientations, strict=False):
        image += contrast * np.outer(
            _peak_gaussian(_wrap(space.theta - orientation), orientation_width),
            _peak_gaussian(space.x - center, width),
        )
    return image


def attention_field(
    space=None, *, center_x=None, width_x=None, center_theta=None, width_theta=None, peak=2.0, baseline=1.0
):
    """Return the attention field: the gain that top-down attention applies to each neuron.

    Parameters
    ----------
    space : ModelSpace, optional
        The sampling; :func:`model_space` by default.
    center_x, width_x : float, optional
        Attended location and spatial extent (Gaussian sd) [a.u.]; omit both for attention
        spread evenly over space.
    center_theta, width_theta : float, optional
        Attended orientation (feature) and its extent [deg]; omit both for attention spread
        evenly over orientation.
    peak : float
        Gain at the attended location and feature (2), >= ``baseline``.
    baseline : float
        Gain elsewhere (1), > 0.

    Returns
    -------
    ndarray, shape (n_theta, n_x)
        ``baseline + (peak - baseline) G_theta G_x`` with Gaussians of peak 1; all ones when
        neither a location nor a feature is attended (the authors' convention).
    """
    space = _space(space)
    baseline = check_positive("baseline", baseline, high=1e3)
    peak = check_scalar("peak", peak, low=baseline, high=1e3)
    if (center_x is None) != (width_x is None):
        raise ValueError("give center_x and width_x together (or neither, for no spatial focus)")
    if (center_theta is None) != (width_theta is None):
        raise ValueError("give center_theta and width_theta together (or neither, for no feature focus)")
    if center_x is None and center_theta is None:
        return np.ones(space.shape)
    g_x = np.ones(space.x.size)
    g_theta = np.ones(space.theta.size)
    if center_x is not None:
        center_x = check_scalar("center_x", center_x, unit="a.u.")
        width_x = check_positive("width_x", width_x, unit="a.u.", high=1e5)
        g_x = _peak_gaussian(space.x - center_x, width_x)
    if center_theta is not None:
        center_theta = check_scalar("center_theta", center_theta, unit="deg")
        width_theta = check_positive("width_theta", width_theta, unit="deg", high=1e4)
        g_theta = _peak_gaussian(_wrap(space.theta - center_theta), width_theta)
    return baseline + (peak - baseline) * np.outer(g_theta, g_x)


@dataclass(frozen=True, kw_only=True, eq=False)
class AttentionModelResult:
    """The maps of one run of the normalization model, each of shape (n_theta, n_x).

    Attributes
    ----------
    params : NormalizationAttentionParams
    space : ModelSpace
    stimulus : ndarray
        The stimulus image.
    stimulus_drive : ndarray
        Stimulus convolved with the stimulation field (plus ``baseline_mod``), before attention.
    attention : ndarray
        The attention field.
    excitatory_drive : ndarray
        ``attention * stimulus_drive``: E.
    suppressive_drive : ndarray
        E convolved with the suppressive field: S.
    response : ndarray
        ``E / (S + sigma) + baseline_unmod``: R.
    """

    params: NormalizationAttentionParams
    space: ModelSpace
    stimulus: np.ndarray
    stimulus_drive: np.ndarray
    attention: np.ndarray
    excitatory_drive: np.ndarray
    suppressive_drive: np.ndarray
    response: np.ndarray

    def __post_init__(self):
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray):
                value.setflags(write=False)

    def at(self, x, theta):
        """Return the response of the neuron nearest to ``x`` [a.u.] and ``theta`` [deg]."""
        return float(self.response[self.space.index(x, theta)])


def _params(params):
    if params is None:
        return NormalizationAttentionParams()
    if not isinstance(params, NormalizationAttentionParams):
        raise TypeError(f"params must be a NormalizationAttentionParams; got {type(params).__name__}")
    return params


def _map(name, value, space):
    array = check_array(name, value, ndim=2, low=0.0)
    if array.shape != space.shape:
        raise ValueError(f"{name} must have shape {space.shape} (n_theta, n_x); got {array.shape}")
    return array


@functools.lru_cache(maxsize=32)
def _theta_kernel_spectrum(n, width):
    return _theta_kernel_cached(n, width)[:, 0].copy(), np.fft.rfft(_theta_kernel_cached(n, width)[:, 0])


@functools.lru_cache(maxsize=32)
def _x_kernel_spectrum(step, n, width):
    offsets = np.arange(-(n - 1), n) * step
    kernel = _peak_gaussian(offsets, width)
    kernel /= kernel.sum()
    from scipy import fft

    length = fft.next_fast_len(3 * n - 2, real=True)
    return length, np.fft.rfft(kernel, length)


def _convolve(space, image, width_theta, width_x):
    """Convolve a (n_theta, n_x) map with the separable unit-area Gaussian kernel, by FFT.

    Circular in orientation, zero-padded in space: the same as the kernel matrices
    ``K_theta @ image @ K_x.T`` to rounding (tested), in a fraction of the time. Rounding can
    leave values of order 1e-17 times the map's maximum where the exact result is 0 or
    smaller; they are clipped at 0 (every map here is non-negative).
    """
    n_theta, n_x = image.shape
    _, theta_spectrum = _theta_kernel_spectrum(n_theta, float(width_theta))
    step = float(space.x[1] - space.x[0]) if n_x > 1 else 1.0
    length, x_spectrum = _x_kernel_spectrum(step, n_x, float(width_x))
    out = np.fft.irfft(np.fft.rfft(image, axis=0) * theta_spectrum[:, None], n_theta, axis=0)
    out = np.fft.irfft(np.fft.rfft(out, length, axis=1) * x_spectrum[None, :], length, axis=1)
    return np.maximum(out[:, n_x - 1 : 2 * n_x - 1], 0.0)


def _stimulus_drive(params, space, stimulus):
    return _convolve(space, stimulus, params.excitatory_width_theta, params.excitatory_width_x)


def run_attention_model(params, stimulus, attention=None, *, space=None):
    """Run the normalization model of attention on a stimulus image.

    Parameters
    ----------
    params : NormalizationAttentionParams or None
        Model parameters; the authors' defaults if None.
    stimulus : array_like, shape (n_theta, n_x)
        Stimulus contrast at each position and orientation, >= 0 (see :func:`grating_stimulus`).
    attention : array_like, shape (n_theta, n_x), optional
        Attention field, >= 0 (see :func:`attention_field`); all ones (no attention) by default.
    space : ModelSpace, optional
        The sampling of the maps; :func:`model_space` by default.

    Returns
    -------
    AttentionModelResult

    Notes
    -----
    .. math::

        E(x, \\theta) = A(x, \\theta)\\,[\\,(K_E * \\text{stimulus})(x, \\theta) + \\beta_{mod}],\\quad
        S = K_S * E,\\quad R = \\frac{E}{S + \\sigma} + \\beta_{unmod}

    with separable Gaussian kernels of unit area, circular in orientation and zero-padded in
    space, computed by FFT.

    References
    ----------
    Reynolds JH, Heeger DJ (2009) The normalization model of attention. Neuron 61:168-185.
    """
    params = _params(params)
    space = _space(space)
    stimulus = _map("stimulus", stimulus, space)
    attention = np.ones(space.shape) if attention is None else _map("attention", attention, space)
    drive = _stimulus_drive(params, space, stimulus) + params.baseline_mod
    excitatory = attention * drive
    suppressive = _convolve(space, excitatory, params.suppressive_width_theta, params.suppressive_width_x)
    response = excitatory / (suppressive + params.sigma) + params.baseline_unmod
    return AttentionModelResult(
        params=params,
        space=space,
        stimulus=stimulus,
        stimulus_drive=drive,
        attention=attention,
        excitatory_drive=excitatory,
        suppressive_drive=suppressive,
        response=response,
    )


def attention_contrast_response(
    params,
    stimulus,
    attention_fields,
    contrasts,
    *,
    neuron_x,
    neuron_theta=0.0,
    space=None,
    stimulus_drive=None,
):
    """Return one neuron's contrast-response functions under several attention fields.

    The stimulus image is scaled by each contrast. Because the model is linear up to the
    division, E and S at the neuron are affine in the contrast, so every contrast costs two
    multiplications: one run of the model serves all of them, exactly.

    Parameters
    ----------
    params : NormalizationAttentionParams or None
        Model parameters; the authors' defaults if None.
    stimulus : array_like, shape (n_theta, n_x)
        The stimulus at contrast 1 (e.g. :func:`grating_stimulus` with ``contrasts=1``).
    attention_fields : array_like, shape (n_fields, n_theta, n_x) or (n_theta, n_x)
        Attention fields to compare (e.g. attending to the neuron's stimulus, and away).
    contrasts : array_like, shape (n_contrasts,)
        Contrasts, >= 0.
    neuron_x : float
        Receptive-field centre of the recorded neuron [a.u.] (the nearest sample is used).
    neuron_theta : float
        Preferred orientation of the recorded neuron [deg].
    space : ModelSpace, optional
        The sampling; :func:`model_space` by default.
    stimulus_drive : ndarray, shape (n_theta, n_x), optional
        The stimulus drive of ``stimulus`` (without ``baseline_mod``), if already computed
        (``run_attention_model(params, stimulus).stimulus_drive - params.baseline_mod``).

    Returns
    -------
    ndarray, shape (n_fields, n_contrasts)
        Responses R; shape (n_contrasts,) if a single field was given.
    """
    params = _params(params)
    space = _space(space)
    stimulus = _map("stimulus", stimulus, space)
    fields = check_array("attention_fields", attention_fields, ndim=(2, 3), low=0.0)
    single = fields.ndim == 2
    fields = fields.reshape((-1, *fields.shape[-2:]))
    if fields.shape[1:] != space.shape:
        raise ValueError(f"attention_fields must have maps of shape {space.shape}; got {fields.shape[1:]}")
    contrasts = check_array("contrasts", contrasts, ndim=1, low=0.0, min_size=1)
    i_theta, i_x = space.index(neuron_x, neuron_theta)
    drive = _stimulus_drive(params, space, stimulus) if stimulus_drive is None else stimulus_drive
    pool_theta = _theta_kernel_matrix(space.theta, params.suppressive_width_theta)[i_theta]
    pool_x = _x_kernel_matrix(space.x, params.suppressive_width_x)[i_x]
    # E = A (c D + b): E and S at the neuron are e1 c + e0 and s1 c + s0.
    e1 = fields[:, i_theta, i_x] * drive[i_theta, i_x]
    e0 = fields[:, i_theta, i_x] * params.baseline_mod
    s1 = (pool_theta @ (fields * drive)) @ pool_x
    s0 = params.baseline_mod * ((pool_theta @ fields) @ pool_x)
    c = contrasts[None, :]
    response = (e1[:, None] * c + e0[:, None]) / (s1[:, None] * c + s0[:, None] + params.sigma)
    response = response + params.baseline_unmod
    return response[0] if single else response


@dataclass(frozen=True, kw_only=True, eq=False)
class AttentionExperimentResult:
    """The two-stimulus experiment of Reynolds & Heeger (2009), Fig. 2.

    Attributes
    ----------
    params : NormalizationAttentionParams
    contrasts : ndarray, shape (n_contrasts,)
    attended : ndarray, shape (n_contrasts,)
        Response of the neuron at the stimulus with attention on that stimulus.
    unattended : ndarray, shape (n_contrasts,)
        Its response with attention on the other stimulus.
    fit_attended, fit_unattended : NakaRushtonFit
        Naka-Rushton fits of the two curves.
    stimulus_width, attention_width : float
        Spatial widths [a.u.] of the stimuli and of the attention field.
    """

    params: NormalizationAttentionParams
    contrasts: np.ndarray
    attended: np.ndarray
    unattended: np.ndarray
    fit_attended: NakaRushtonFit
    fit_unattended: NakaRushtonFit
    stimulus_width: float
    attention_width: float

    def __post_init__(self):
        for name in ("contrasts", "attended", "unattended"):
            getattr(self, name).setflags(write=False)

    @property
    def c50_ratio(self) -> float:
        """c50 unattended / c50 attended: > 1 is a contrast-gain shift to lower contrasts."""
        return self.fit_unattended.c50 / self.fit_attended.c50

    @property
    def r_max_ratio(self) -> float:
        """R_max attended / R_max unattended: > 1 is response gain."""
        return self.fit_attended.r_max / self.fit_unattended.r_max

    @property
    def modulation(self) -> np.ndarray:
        """Attentional modulation, (attended - unattended) / unattended, at each contrast."""
        return (self.attended - self.unattended) / self.unattended


@functools.lru_cache(maxsize=16)
def _cached_grating_drive(params, space, centers, width):
    return _readonly(_stimulus_drive(params, space, grating_stimulus(space, centers=centers, widths=width)))


def run_contrast_gain_experiment(
    params=None,
    *,
    stimulus_width,
    attention_width,
    contrasts=None,
    stimulus_centers=(100.0, -100.0),
    space=None,
):
    """Run Reynolds & Heeger's (2009) Fig. 2 experiment: attend to the neuron's stimulus or away.

    Two equal stimuli of the neuron's preferred orientation (0 deg) sit at
    ``stimulus_centers``; the recorded neuron has its receptive field at the first. Attention
    (a spatial field of width ``attention_width``) goes to the first stimulus (attended) or to
    the second (unattended); both contrast-response curves are fitted with Naka-Rushton.

    Parameters
    ----------
    params : NormalizationAttentionParams, optional
        The authors' defaults if None.
    stimulus_width : float
        Spatial width of each stimulus [a.u.], > 0 (3 in Fig. 2A, 5 in Fig. 2B).
    attention_width : float
        Spatial width of the attention field [a.u.], > 0 (30 in Fig. 2A, 3 in Fig. 2B).
    contrasts : array_like, optional
        Contrasts; 25 values log-spaced from 1e-5 to 1 by default (the authors').
    stimulus_centers : tuple of two floats
        Centres of the recorded neuron's stimulus and of the other one [a.u.].
    space : ModelSpace, optional
        The sampling; :func:`model_space` by default.

    Returns
    -------
    AttentionExperimentResult

    References
    ----------
    Reynolds JH, Heeger DJ (2009) The normalization model of attention. Neuron 61:168-185.
    """
    params = _params(params)
    space = _space(space)
    stimulus_width = check_positive("stimulus_width", stimulus_width, unit="a.u.", high=1e4)
    attention_width = check_positive("attention_width", attention_width, unit="a.u.", high=1e5)
    contrasts = (
        np.logspace(-5, 0, 25)
        if contrasts is None
        else check_array("contrasts", contrasts, ndim=1, low=0.0, low_inclusive=False, min_size=4)
    )
    centers = check_array("stimulus_centers", stimulus_centers, unit="a.u.", ndim=1)
    if centers.size != 2:
        raise ValueError(f"stimulus_centers must hold two centres; got {centers.size}")
    stimulus = grating_stimulus(space, centers=centers, widths=stimulus_width)
    drive = _cached_grating_drive(params, space, tuple(centers), stimulus_width)
    fields = np.stack(
        [
            attention_field(
                space,
                center_x=center,
                width_x=attention_width,
                peak=params.attention_peak,
                baseline=params.attention_baseline,
            )
            for center in centers
        ]
    )
    attended, unattended = attention_contrast_response(
        params,
        stimulus,
        fields,
        contrasts,
        neuron_x=centers[0],
        neuron_theta=0.0,
        space=space,
        stimulus_drive=drive,
    )
    fit_baseline = params.baseline_unmod > 0 or params.baseline_mod > 0
    return AttentionExperimentResult(
        params=params,
        contrasts=np.array(contrasts),
        attended=attended,
        unattended=unattended,
        fit_attended=fit_naka_rushton(contrasts, attended, fit_baseline=fit_baseline),
        fit_unattended=fit_naka_rushton(contrasts, unattended, fit_baseline=fit_baseline),
        stimulus_width=stimulus_width,
        attention_width=attention_width,
    )


# =========================================================================== biased competition


def biased_competition_response(
    inputs,
    excitatory_weights,
    inhibitory_weights,
    *,
    attention_gain=1.0,
    attended=None,
    max_response=1.0,
    decay=0.0,
):
    """Return the steady response of Reynolds, Chelazzi & Desimone's (1999) competitive circuit.

    Each stimulus in the receptive field drives the recorded cell through an excitatory and
    an inhibitory pathway; attention multiplies the inputs of the attended stimulus.

    Parameters
    ----------
    inputs : array_like, shape (n_stimuli,) or (..., n_stimuli)
        Input strength x_i of each stimulus (its contrast, or 0 when it is absent), >= 0.
    excitatory_weights, inhibitory_weights : array_like, shape (n_stimuli,)
        w_i^+ and w_i^-, >= 0, of each stimulus's pathway.
    attention_gain : float
        Factor on the attended stimulus's inputs, >= 1 (1: no attention).
    attended : int, optional
        Index of the attended stimulus; None for attention away from the receptive field.
    max_response : float
        Saturation B of the response, > 0.
    decay : float
        Passive decay A, >= 0.

    Returns
    -------
    float or ndarray
        The fixed point of :math:`\\dot y = (B - y)E - yI - Ay`:

        .. math:: y = \\frac{B E}{E + I + A},\\quad E = \\sum_i g_i x_i w_i^+,\\quad I = \\sum_i g_i x_i w_i^-

        with :math:`g_i` the attention gain of stimulus i. 0 when nothing drives the cell.

    Notes
    -----
    With A = 0 the pair response is a weighted average of the responses to each stimulus
    alone, weighted by each stimulus's total input ``x_i (w_i^+ + w_i^-)``: attention raises
    the weight of the attended stimulus and pulls the pair response toward its response alone.

    References
    ----------
    Reynolds JH, Chelazzi L, Desimone R (1999) Competitive mechanisms subserve attention in
    macaque areas V2 and V4. J Neurosci 19:1736-1753.
    """
    x = check_array("inputs", inputs, low=0.0, min_size=1)
    if x.ndim == 0:
        x = x.reshape(1)
    n = x.shape[-1]
    w_plus = check_array("excitatory_weights", excitatory_weights, ndim=1, low=0.0)
    w_minus = check_array("inhibitory_weights", inhibitory_weights, ndim=1, low=0.0)
    if w_plus.shape != (n,) or w_minus.shape != (n,):
        raise ValueError(
            f"excitatory_weights and inhibitory_weights must have shape ({n},), one per stimulus"
        )
    attention_gain = check_scalar("attention_gain", attention_gain, low=1.0, high=1e3)
    max_response = check_positive("max_response", max_response)
    decay = check_nonnegative("decay", decay)
    gains = np.ones(n)
    if attended is not None:
        attended = check_int("attended", attended, low=0, high=n - 1)
        gains[attended] = attention_gain
    drive = x * gains
    excitation = drive @ w_plus
    inhibition = drive @ w_minus
    total = excitation + inhibition + decay
    with np.errstate(invalid="ignore", divide="ignore"):
        y = np.where(total > 0, max_response * excitation / np.where(total > 0, total, 1.0), 0.0)
    return float(y) if y.ndim == 0 else y


# =========================================================================== feature-similarity gain


def gaussian_tuning_curve(directions, *, preferred, amplitude, width, baseline=0.0):
    """Return a Gaussian tuning curve over direction (wrapped to +-180 deg).

    Parameters
    ----------
    directions : array_like
        Stimulus directions [deg].
    preferred : float
        Preferred direction [deg].
    amplitude : float
        Peak response above baseline [Hz], >= 0.
    width : float
        Tuning width (Gaussian sd) [deg], > 0.
    baseline : float
        Response far from the preferred direction [Hz], >= 0.

    Returns
    -------
    ndarray
        ``baseline + amplitude * exp(-d^2 / 2 width^2)``, d the wrapped difference [Hz].
    """
    directions = check_array("directions", directions, unit="deg")
    preferred = check_scalar("preferred", preferred, unit="deg")
    amplitude = check_nonnegative("amplitude", amplitude, unit="Hz")
    width = check_positive("width", width, unit="deg", high=1e4)
    baseline = check_nonnegative("baseline", baseline, unit="Hz")
    return baseline + amplitude * _peak_gaussian(_wrap(directions - preferred), width)


def feature_similarity_gain(preferred, attended, *, strength=0.3):
    """Return a descriptive feature-similarity gain: a cosine of preferred minus attended direction.

    This is the descriptive summary of the data, not a mechanism. The mechanism is the
    normalization model of attention with an attention field tuned in direction and uniform
    over space: :func:`run_feature_attention_experiment` derives the gains from it.

    Parameters
    ----------
    preferred : float or array_like
        Preferred direction of each neuron [deg].
    attended : float
        Attended direction [deg].
    strength : float
        Gain modulation beta, in [0, 1): a neuron preferring the attended direction gains
        ``1 + beta``, one preferring the opposite direction ``1 - beta``.

    Returns
    -------
    float or ndarray
        :math:`g = 1 + \\beta \\cos(\\theta_{pref} - \\theta_{att})`.

    Notes
    -----
    The gain multiplies the whole tuning curve (baseline included), so its width is
    unchanged and its amplitude is scaled. Treue & Martinez-Trujillo (1999) found that
    attention scales MT direction-tuning curves without narrowing them, and that attending
    to a direction elsewhere in the visual field modulates a neuron's response according to
    the similarity of that direction to the neuron's preferred one: the response is larger
    when they match than when the attended direction is the neuron's null direction.
    Martinez-Trujillo & Treue (2004) found enhancement for neurons preferring the attended
    direction and suppression for those preferring the opposite one.

    The derived model agrees in the ordering and, at full contrast, in the sign: with the
    authors' parameters its gains fall from 1.19 (neuron preferring the attended direction)
    through 0.96 (orthogonal) to 0.88 (opposite). It differs in shape: below saturation its
    gain is the attention field itself, :math:`1 + (a_{peak} - 1)\\,G(\\theta_{pref} -
    \\theta_{att})`, never below 1; and at full contrast normalization also changes tuning
    widths (by +11 % for the neuron preferring the attended direction), which this summary
    leaves out.

    References
    ----------
    Treue S, Martinez-Trujillo JC (1999) Feature-based attention influences motion processing
    gain in macaque visual cortex. Nature 399:575-579.

    Martinez-Trujillo JC, Treue S (2004) Feature-based attention increases the selectivity of
    population responses in primate visual cortex. Curr Biol 14:744-751.

    Reynolds JH, Heeger DJ (2009) The normalization model of attention. Neuron 61:168-185.
    """
    preferred = check_array("preferred", preferred, unit="deg")
    attended = check_scalar("attended", attended, unit="deg")
    strength = check_scalar("strength", strength, low=0.0, high=1.0, high_inclusive=False)
    gain = 1.0 + strength * np.cos(np.deg2rad(preferred - attended))
    return float(gain) if gain.ndim == 0 else gain


@dataclass(frozen=True, kw_only=True)
class TuningFit:
    """A fitted Gaussian tuning curve (see :func:`gaussian_tuning_curve`).

    Attributes
    ----------
    preferred, width : float
        Preferred direction and width [deg].
    amplitude, baseline : float
        Peak above baseline and baseline [Hz].
    """

    preferred: float
    amplitude: float
    width: float
    baseline: float


def fit_gaussian_tuning(directions, responses):
    """Fit a Gaussian tuning curve (preferred, amplitude, width, baseline) by least squares.

    Parameters
    ----------
    directions : array_like, shape (n,)
        Stimulus directions [deg], at least 4.
    responses : array_like, shape (n,)
        Responses [Hz].

    Returns
    -------
    TuningFit
    """
    from scipy import optimize

    d = check_array("directions", directions, unit="deg", ndim=1, min_size=4)
    r = check_array("responses", responses, unit="Hz", ndim=1)
    if r.shape != d.shape:
        raise ValueError(f"responses must have the shape of directions {d.shape}; got {r.shape}")
    start = [float(d[np.argmax(r)]), float(r.max() - r.min()), 40.0, float(r.min())]

    def residual(p):
        return p[3] + p[1] * _peak_gaussian(_wrap(d - p[0]), p[2]) - r

    solution = optimize.least_squares(
        residual,
        start,
        bounds=([-360, 0, 1e-3, -np.inf], [360, np.inf, 1e3, np.inf]),
        xtol=1e-12,
        ftol=1e-12,
        gtol=1e-12,
    )
    preferred, amplitude, width, baseline = solution.x
    return TuningFit(
        preferred=float(_wrap(preferred)),
        amplitude=float(amplitude),
        width=float(width),
        baseline=float(baseline),
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class FeatureAttentionResult:
    """Direction-tuning curves of model neurons with and without feature-based attention.

    Rows are neurons (``preferred``), columns stimulus directions (``directions``).

    Attributes
    ----------
    params : NormalizationAttentionParams
    directions : ndarray, shape (n_directions,)
        Directions of the stimulus in the receptive field [deg].
    preferred : ndarray, shape (n_neurons,)
        Preferred directions of the recorded model neurons [deg] (the samples of the model
        space nearest to those asked for).
    attended_direction : float
        Centre of the attention field in the feature dimension [deg].
    attention_width : float
        Width (Gaussian sd) of the attention field in the feature dimension [deg].
    contrast : float
        Contrast of the stimulus (a fraction, 1 = 100 %).
    stimulus_width : float
        Spatial width of the stimulus [a.u.].
    attended : ndarray, shape (n_neurons, n_directions)
        Responses with attention on ``attended_direction`` (spatially uniform field).
    unattended : ndarray, shape (n_neurons, n_directions)
        Responses with attention on the fixation point (attention field 1 everywhere).
    fit_attended, fit_unattended : tuple of TuningFit
        Gaussian fits (:func:`fit_gaussian_tuning`) of each neuron's two curves.
    """

    params: NormalizationAttentionParams
    directions: np.ndarray
    preferred: np.ndarray
    attended_direction: float
    attention_width: float
    contrast: float
    stimulus_width: float
    attended: np.ndarray
    unattended: np.ndarray
    fit_attended: tuple
    fit_unattended: tuple

    def __post_init__(self):
        for name in ("directions", "preferred", "attended", "unattended"):
            getattr(self, name).setflags(write=False)

    @property
    def gains(self) -> np.ndarray:
        """Fitted amplitude attended / unattended of each neuron, shape (n_neurons,)."""
        pairs = zip(self.fit_attended, self.fit_unattended, strict=True)
        return np.array([a.amplitude / u.amplitude for a, u in pairs])

    @property
    def width_ratios(self) -> np.ndarray:
        """Fitted tuning width attended / unattended of each neuron, shape (n_neurons,); 1 = unchanged."""
        pairs = zip(self.fit_attended, self.fit_unattended, strict=True)
        return np.array([a.width / u.width for a, u in pairs])

    @property
    def response_ratios(self) -> np.ndarray:
        """Attended / unattended response at each neuron and direction, shape (n_neurons, n_directions).

        A row that is constant is a purely multiplicative gain.
        """
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.unattended > 0, self.attended / self.unattended, np.nan)


def run_feature_attention_experiment(
    params=None,
    *,
    attended_direction,
    attention_width=60.0,
    preferred=None,
    directions=None,
    contrast=1.0,
    stimulus_width=10.0,
    space=None,
):
    """Derive feature-similarity gain from the normalization model of attention.

    The experiment of Treue & Martinez-Trujillo (1999) in the model of Reynolds & Heeger
    (2009): the monkey attends to a direction of motion shown in the other hemifield, and the
    direction-tuning curves of neurons whose receptive field holds an unattended stimulus are
    measured. In the model, attention to a feature is an attention field that is uniform over
    space and tuned in direction (:func:`attention_field` with ``center_theta`` and
    ``width_theta`` only); attending to the fixation point is a field of ones. Everything else
    (stimulation field, suppressive field, sigma) is the model of :func:`run_attention_model`,
    the same as for spatial attention.

    Parameters
    ----------
    params : NormalizationAttentionParams, optional
        The authors' defaults if None (stimulation field 60 deg and suppressive field 360 deg
        wide: their values for direction-selective neurons in MT). The attention field has
        peak ``params.attention_peak`` (2) and baseline ``params.attention_baseline`` (1).
    attended_direction : float
        Attended direction [deg].
    attention_width : float
        Width (Gaussian sd) of the attention field over direction [deg] (60, the authors'
        value for attention to moving stimuli, their Table 1), in (0, 1e4].
    preferred : array_like, optional
        Preferred directions of the recorded neurons [deg]; by default the attended direction
        plus 0, 45, 90, 135 and 180 deg. The nearest neurons of the model space are recorded.
    directions : array_like, shape (n_directions,), optional
        Directions of the stimulus in the receptive field [deg], at least 4; -180 to 165 in
        steps of 15 by default.
    contrast : float
        Stimulus contrast, in (0, 1] (1 = 100 %). With the default parameters and stimulus
        the neuron's c50 is about 3.2e-4: responses saturate well below contrast 1.
    stimulus_width : float
        Spatial width (Gaussian sd) of the stimulus [a.u.] (10, their Table 1), in (0, 1e4].
    space : ModelSpace, optional
        The sampling; :func:`model_space` by default.

    Returns
    -------
    FeatureAttentionResult

    Raises
    ------
    TypeError, ValueError
        On a bad ``params`` or ``space``, or a value out of its range (the message names the
        parameter, its unit and the allowed range).

    Notes
    -----
    The stimulus sits at x = 0 and the recorded neurons have their receptive fields there.
    The attended stimulus of the experiment, in the other hemifield, lies far outside the
    suppressive field and is left out: it only sets where attention goes, which the attention
    field states. Because that field is uniform in space, the response of a neuron preferring
    :math:`\\theta_p` to a stimulus moving in direction :math:`\\phi` is

    .. math::

        R(\\theta_p; \\phi) = \\frac{A(\\theta_p)\\,E(\\theta_p; \\phi)}{S_A(\\phi) + \\sigma},
        \\qquad S_A(\\phi) \\propto \\sum_{\\theta} K_S(\\theta_p - \\theta)\\,A(\\theta)\\,E(\\theta; \\phi).

    The numerator multiplies the whole tuning curve by the attention field at the neuron's
    preferred direction: a gain that depends on the similarity of that preference to the
    attended direction (feature-similarity gain), with the width unchanged. Below
    saturation (contrast well under c50) that is all, and the gain is
    :math:`A(\\theta_p) \\ge 1`. Near saturation the suppressive pool, which the suppressive
    field of 360 deg makes nearly the same for every neuron at the location, grows when the
    stimulus moves in the attended direction: this pushes the gains of neurons preferring
    distant directions below 1 (the suppression seen in MT for neurons preferring the
    opposite direction, Martinez-Trujillo & Treue 2004), and it also reshapes the curves: at
    contrast 1 with the defaults, the neuron preferring the attended direction is 11 % more
    broadly tuned with attention, and one preferring a direction 45 deg away has its fitted
    preference pushed 7 deg further away.

    Each stimulus direction is one run of the model, evaluated at the recorded neurons with
    :func:`attention_contrast_response` (exactly the maps of :func:`run_attention_model`).

    References
    ----------
    Reynolds JH, Heeger DJ (2009) The normalization model of attention. Neuron 61:168-185.

    Treue S, Martinez-Trujillo JC (1999) Feature-based attention influences motion processing
    gain in macaque visual cortex. Nature 399:575-579.

    Martinez-Trujillo JC, Treue S (2004) Feature-based attention increases the selectivity of
    population responses in primate visual cortex. Curr Biol 14:744-751.
    """
    params = _params(params)
    space = _space(space)
    attended_direction = check_scalar("attended_direction", attended_direction, unit="deg")
    attention_width = check_positive("attention_width", attention_width, unit="deg", high=1e4)
    if preferred is None:
        preferred = attended_direction + np.array([0.0, 45.0, 90.0, 135.0, 180.0])
    preferred = check_array("preferred", preferred, unit="deg", ndim=(0, 1), min_size=1).reshape(-1)
    directions = (
        np.arange(-180.0, 180.0, 15.0)
        if directions is None
        else check_array("directions", directions, unit="deg", ndim=1, min_size=4)
    )
    if np.unique(_wrap(directions)).size < 4:
        raise ValueError("directions [deg] must hold at least 4 distinct directions (mod 360) to fit a curve")
    contrast = check_scalar("contrast", contrast, low=0.0, low_inclusive=False, high=1.0)
    stimulus_width = check_positive("stimulus_width", stimulus_width, unit="a.u.", high=1e4)

    fields = np.stack(
        [
            attention_field(
                space,
                center_theta=attended_direction,
                width_theta=attention_width,
                peak=params.attention_peak,
                baseline=params.attention_baseline,
            ),
            attention_field(space),
        ]
    )
    neurons = [space.index(0.0, theta) for theta in preferred]
    responses = np.empty((2, preferred.size, directions.size))
    for j, direction in enumerate(directions):
        stimulus = grating_stimulus(space, centers=0.0, widths=stimulus_width, orientations=direction)
        drive = _stimulus_drive(params, space, stimulus)
        for i, (i_theta, _) in enumerate(neurons):
            responses[:, i, j] = attention_contrast_response(
                params,
                stimulus,
                fields,
                [contrast],
                neuron_x=0.0,
                neuron_theta=space.theta[i_theta],
                space=space,
                stimulus_drive=drive,
            )[:, 0]
    attended, unattended = responses
    return FeatureAttentionResult(
        params=params,
        directions=np.array(directions),
        preferred=np.array([space.theta[i_theta] for i_theta, _ in neurons]),
        attended_direction=attended_direction,
        attention_width=attention_width,
        contrast=contrast,
        stimulus_width=stimulus_width,
        attended=attended,
        unattended=unattended,
        fit_attended=tuple(fit_gaussian_tuning(directions, row) for row in attended),
        fit_unattended=tuple(fit_gaussian_tuning(directions, row) for row in unattended),
    )


# =========================================================================== spiking gating


@dataclass(frozen=True, kw_only=True, eq=False)
class AttentionGatingResult:
    """Rate coding in a spiking network with and without attentional input gain.

    Rows are attention states (``attention_gains``), columns the stimulus levels.

    Attributes
    ----------
    params : BrunelParams
        Network parameters.
    stimulus_levels : ndarray, shape (n_levels,)
        Stimulus-driven input of each stimulus, unattended, in units of nu_thr.
    background : float
        Input that attention leaves alone, in units of nu_thr.
    attention_gains : ndarray, shape (2,)
        Input gains: 1 (unattended) and the attended gain.
    window : float
        Counting window [ms].
    rates : ndarray, shape (2, n_levels, n_excitatory)
        Firing rate of each excitatory neuron [Hz].
    count_means, count_variances : ndarray, shape (2, n_levels, n_excitatory)
        Mean and variance of each neuron's spike count per window.
    """

    params: object
    stimulus_levels: np.ndarray
    background: float
    attention_gains: np.ndarray
    window: float
    rates: np.ndarray
    count_means: np.ndarray
    count_variances: np.ndarray

    def __post_init__(self):
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray):
                value.setflags(write=False)

    @property
    def mean_rates(self) -> np.ndarray:
        """Population-mean rate [Hz], shape (2, n_levels)."""
        return self.rates.mean(axis=-1)

    @property
    def fano_factors(self) -> np.ndarray:
        """Mean Fano factor of the spike counts over neurons that fired, shape (2, n_levels)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            fano = np.where(self.count_means > 0, self.count_variances / self.count_means, np.nan)
        return np.nanmean(fano, axis=-1)

    @property
    def d_prime(self) -> np.ndarray:
        """Mean discriminability of neighbouring stimuli by one neuron's count, shape (2, n_levels - 1).

        ``(mu_{k+1} - mu_k) / sqrt((var_k + var_{k+1}) / 2)`` per neuron, averaged over
        neurons with a non-zero variance.
        """
        diff = np.diff(self.count_means, axis=1)
        pooled = np.sqrt(0.5 * (self.count_variances[:, 1:] + self.count_variances[:, :-1]))
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.where(pooled > 0, diff / pooled, np.nan)
        return np.nanmean(d, axis=-1)


def simulate_attention_gating(
    stimulus_levels,
    *,
    duration,
    background=1.0,
    attention_gain=1.5,
    g=5.0,
    n_excitatory=1004,
    window=100.0,
    transient=100.0,
    dt=0.1,
    params=None,
    rng=None,
    progress=False,
):
    """Simulate attention as a gain on the stimulus input of Brunel's network and measure rate coding.

    One network (chapter 01's :func:`~neurocourse.networks.brunel_network`) is built once;
    its external Poisson rate is ``nu_ext = (background + gain * level) * nu_thr``: a
    background input that attention leaves alone, plus the stimulus-driven input, which
    attention multiplies by ``attention_gain`` (gain 1: unattended). For each
    condition the network runs ``transient + duration`` ms; the spikes of the excitatory
    neurons after the transient are counted in windows of ``window`` ms.

    Parameters
    ----------
    stimulus_levels : array_like, shape (n_levels,)
        Stimulus-driven input in units of nu_thr, in [0, 10], at least 2, ascending.
    duration : float
        Measured time per condition [ms], at least two windows.
    background : float
        Input that attention does not change, in units of nu_thr, in [0, 10].
    attention_gain : float
        Gain of attention on the stimulus-driven input, in [1, 5].
    g : float
        Relative inhibition of the network (5: the asynchronous irregular regime).
    n_excitatory : int
        Number of excitatory neurons, in [1004, 20000] (C_E stays 1000).
    window : float
        Counting window [ms], in [10, duration].
    transient : float
        Discarded start of each run [ms], >= 0.
    dt : float
        Time step [ms].
    params : BrunelParams, optional
        Brunel's parameters by default.
    rng : None, int or numpy.random.Generator
        Source of the connections, initial voltages and Poisson input.
    progress : bool
        Show a ``tqdm.auto`` progress bar over the conditions (it stays, finished, in a notebook).

    Returns
    -------
    AttentionGatingResult

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208.
    McAdams CJ, Maunsell JHR (1999) Effects of attention on orientation-tuning functions of
    single neurons in macaque cortical area V4. J Neurosci 19:431-441.
    """
    from .networks.presets import BrunelParams, brunel_network, brunel_threshold_rate
    from .networks.spiking import PoissonDrive, simulate_spiking_network

    rng = as_generator(rng)
    levels = check_array("stimulus_levels", stimulus_levels, ndim=1, low=0.0, high=10.0, min_size=2)
    background = check_nonnegative("background", background, high=10.0)
    if np.any(np.diff(levels) <= 0):
        raise ValueError("stimulus_levels must be strictly ascending")
    attention_gain = check_scalar("attention_gain", attention_gain, low=1.0, high=5.0)
    n_excitatory = check_int("n_excitatory", n_excitatory, low=1004, high=20000)
    progress = check_bool("progress", progress)
    duration = check_positive("duration", duration, unit="ms", high=1e5)
    window = check_scalar("window", window, unit="ms", low=10.0, high=duration)
    transient = check_nonnegative("transient", transient, unit="ms", high=1e4)
    params = BrunelParams() if params is None else params
    n_windows = int(duration // window)
    if n_windows < 2:
        raise ValueError(f"duration [ms] must hold at least two windows of {window:g} ms; got {duration:g}")
    network = brunel_network(g=g, nu_ext_ratio=1.0, n_excitatory=n_excitatory, params=params, rng=rng)
    nu_thr = brunel_threshold_rate(n_excitatory, params=params)
    gains = np.array([1.0, attention_gain])
    shape = (2, levels.size, n_excitatory)
    rates, means, variances = np.empty(shape), np.empty(shape), np.empty(shape)
    v_init = rng.uniform(params.e_leak, params.v_threshold, network.n_neurons)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=gains.size * levels.size, desc="attention gating", unit="condition")
    for a, gain in enumerate(gains):
        for s, level in enumerate(levels):
            drive = PoissonDrive(
                n_inputs=network.drive.n_inputs,
                rate=(background + gain * level) * nu_thr,
                weight=network.drive.weight,
            )
            result = simulate_spiking_network(
                dataclasses.replace(network, drive=drive),
                duration=transient + n_windows * window,
                dt=dt,
                v_init=v_init,
                rng=rng,
            )
            keep = (result.spike_indices < n_excitatory) & (result.spike_times >= transient)
            bins = ((result.spike_times[keep] - transient) // window).astype(np.int64)
            bins = np.minimum(bins, n_windows - 1)
            counts = np.bincount(
                result.spike_indices[keep] * n_windows + bins, minlength=n_excitatory * n_windows
            ).reshape(n_excitatory, n_windows)
            means[a, s] = counts.mean(axis=1)
            variances[a, s] = counts.var(axis=1, ddof=1)
            rates[a, s] = counts.sum(axis=1) / (n_windows * window) * 1000.0
            if bar is not None:
                bar.update(1)
    if bar is not None:
        bar.close()
    return AttentionGatingResult(
        params=params,
        stimulus_levels=levels,
        background=background,
        attention_gains=gains,
        window=window,
        rates=rates,
        count_means=means,
        count_variances=variances,
    )


# =========================================================================== softmax attention


def softmax(scores, *, axis=-1, temperature=1.0):
    """Return the softmax of ``scores`` along ``axis``, computed stably.

    Parameters
    ----------
    scores : array_like
        Real scores (logits).
    axis : int
        Axis to normalize over.
    temperature : float
        Divides the scores, > 0: low temperatures sharpen towards the maximum.

    Returns
    -------
    ndarray
        :math:`e^{z_i / T} / \\sum_j e^{z_j / T}`, the maximum subtracted first (same result,
        no overflow).
    """
    z = check_array("scores", scores, min_size=1)
    temperature = check_positive("temperature", temperature)
    if z.ndim == 0:
        z = z.reshape(1)
    z = z / temperature
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


@dataclass(frozen=True, kw_only=True, eq=False)
class AttentionOutput:
    """Output of an attention layer.

    Attributes
    ----------
    output : ndarray, shape (n_queries, d_value)
        Weighted sums of the values.
    weights : ndarray, shape (n_queries, n_keys)
        Attention weights; each row sums to 1.
    """

    output: np.ndarray
    weights: np.ndarray


def scaled_dot_product_attention(queries, keys, values, *, mask=None, temperature=1.0):
    """Return scaled dot-product attention, softmax(Q K^T / sqrt(d)) V (Vaswani et al. 2017).

    Parameters
    ----------
    queries : array_like, shape (n_queries, d)
    keys : array_like, shape (n_keys, d)
    values : array_like, shape (n_keys, d_value)
    mask : array_like of bool, shape (n_queries, n_keys), optional
        False where a query may not look; every row needs at least one True.
    temperature : float
        Extra divisor of the scores, > 0 (1: the transformer's).

    Returns
    -------
    AttentionOutput

    Notes
    -----
    Each row of weights is divisive normalization of an exponentiated drive:
    ``w_ij = exp(s_ij) / sum_k exp(s_ik)``, :func:`divisive_normalization` of ``exp(s)``
    with sigma = 0 and exponent 1.

    References
    ----------
    Vaswani A, Shazeer N, Parmar N, Uszkoreit J, Jones L, Gomez AN, Kaiser L, Polosukhin I
    (2017) Attention is all you need. Adv Neural Inf Process Syst 30:5998-6008.
    """
    q = check_array("queries", queries, ndim=2, min_size=1)
    k = check_array("keys", keys, ndim=2, min_size=1)
    v = check_array("values", values, ndim=2, min_size=1)
    if q.shape[1] != k.shape[1]:
        raise ValueError(f"queries and keys must have the same width d; got {q.shape[1]} and {k.shape[1]}")
    if v.shape[0] != k.shape[0]:
        raise ValueError(f"values need one row per key ({k.shape[0]}); got {v.shape[0]}")
    scores = q @ k.T / math.sqrt(q.shape[1])
    if mask is not None:
        mask = np.asarray(mask)
        if mask.dtype != bool or mask.shape != scores.shape:
            raise ValueError(f"mask must be a bool array of shape {scores.shape}")
        if not mask.any(axis=1).all():
            raise ValueError("every row of mask needs at least one True (a query must see some key)")
        scores = np.where(mask, scores, -np.inf)
    if mask is None:
        weights = softmax(scores, axis=-1, temperature=temperature)
    else:
        weights = _masked_softmax(scores, temperature)
    return AttentionOutput(output=weights @ v, weights=weights)


def _masked_softmax(scores, temperature):
    z = scores / temperature
    z = z - np.max(np.where(np.isfinite(z), z, -np.inf), axis=-1, keepdims=True)
    e = np.where(np.isfinite(z), np.exp(z), 0.0)
    return e / e.sum(axis=-1, keepdims=True)


def self_attention(tokens, w_query, w_key, w_value, *, mask=None, temperature=1.0):
    """Return one self-attention head: project the tokens to queries, keys and values, then attend.

    Parameters
    ----------
    tokens : array_like, shape (n_tokens, d_model)
    w_query, w_key : array_like, shape (d_model, d)
    w_value : array_like, shape (d_model, d_value)
    mask : array_like of bool, shape (n_tokens, n_tokens), optional
        Where each token may look.
    temperature : float
        Extra divisor of the scores, > 0.

    Returns
    -------
    AttentionOutput
    """
    x = check_array("tokens", tokens, ndim=2, min_size=1)
    mats = []
    for name, w in (("w_query", w_query), ("w_key", w_key), ("w_value", w_value)):
        w = check_array(name, w, ndim=2)
        if w.shape[0] != x.shape[1]:
            raise ValueError(f"{name} must have {x.shape[1]} rows (d_model); got {w.shape[0]}")
        mats.append(w)
    return scaled_dot_product_attention(
        x @ mats[0], x @ mats[1], x @ mats[2], mask=mask, temperature=temperature
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class KeyValueTask:
    """A toy retrieval task: a sequence of (key, value) tokens, then a query token.

    Attributes
    ----------
    tokens : ndarray, shape (n_sequences, n_pairs + 1, 2 d_key)
        Each memory token is ``[key, value]``; the last token is ``[noisy query key, 0]``.
    targets : ndarray of int, shape (n_sequences,)
        Index of the pair whose key the query copies.
    values : ndarray, shape (n_sequences, n_pairs, d_key)
        The values of each sequence.
    w_query, w_key, w_value : ndarray, shape (2 d_key, d_key)
        A hand-wired head that retrieves: queries and keys read the key half of a token,
        values the value half.
    mask : ndarray of bool, shape (n_pairs + 1, n_pairs + 1)
        The query token looks at the memory tokens only.
    """

    tokens: np.ndarray
    targets: np.ndarray
    values: np.ndarray
    w_query: np.ndarray
    w_key: np.ndarray
    w_value: np.ndarray
    mask: np.ndarray


def key_value_retrieval_task(*, n_sequences=200, n_pairs=8, d_key=16, noise=0.5, key_scale=3.0, rng=None):
    """Return a toy sequence task for attention: retrieve the value paired with a query key.

    Parameters
    ----------
    n_sequences : int
        Number of sequences, in [1, 1e5].
    n_pairs : int
        Key-value pairs per sequence, in [2, 1000].
    d_key : int
        Width of keys and values, in [2, 1024].
    noise : float
        Standard deviation of the noise added to the query's copy of its key, per component
        of a unit-norm key scaled by ``key_scale``, >= 0.
    key_scale : float
        Norm of the keys, > 0 (larger keys: sharper attention).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    KeyValueTask
    """
    rng = as_generator(rng)
    n_sequences = check_int("n_sequences", n_sequences, low=1, high=100_000)
    n_pairs = check_int("n_pairs", n_pairs, low=2, high=1000)
    d_key = check_int("d_key", d_key, low=2, high=1024)
    noise = check_nonnegative("noise", noise)
    key_scale = check_positive("key_scale", key_scale, high=1e3)
    keys = rng.standard_normal((n_sequences, n_pairs, d_key))
    keys *= key_scale / np.linalg.norm(keys, axis=-1, keepdims=True)
    values = rng.standard_normal((n_sequences, n_pairs, d_key))
    targets = rng.integers(0, n_pairs, n_sequences)
    query = keys[np.arange(n_sequences), targets] + noise * key_scale / math.sqrt(
        d_key
    ) * rng.standard_normal((n_sequences, d_key))
    tokens = np.zeros((n_sequences, n_pairs + 1, 2 * d_key))
    tokens[:, :n_pairs, :d_key] = keys
    tokens[:, :n_pairs, d_key:] = values
    tokens[:, n_pairs, :d_key] = query
    eye = np.eye(d_key)
    zeros = np.zeros((d_key, d_key))
    w_qk = np.vstack([eye, zeros]) * d_key**0.25  # the 1/sqrt(d) scaling undone, so scores are q . k
    w_value = np.vstack([zeros, eye])
    mask = np.zeros((n_pairs + 1, n_pairs + 1), dtype=bool)
    mask[:, :n_pairs] = True
    return KeyValueTask(
        tokens=tokens,
        targets=targets,
        values=values,
        w_query=w_qk,
        w_key=w_qk.copy(),
        w_value=w_value,
        mask=mask,
    )


def hopfield_retrieve(patterns, state, *, beta, n_steps=1):
    """Run the update of a modern (continuous) Hopfield network, which is softmax attention.

    Parameters
    ----------
    patterns : array_like, shape (n_patterns, d)
        Stored patterns X (rows).
    state : array_like, shape (d,) or (n_states, d)
        Initial state(s) xi (e.g. a corrupted pattern).
    beta : float
        Inverse temperature, > 0.
    n_steps : int
        Number of updates, in [1, 1000].

    Returns
    -------
    ndarray
        The state(s) after ``n_steps`` updates of
        :math:`\\xi \\leftarrow X^T \\mathrm{softmax}(\\beta X \\xi)`:
        attention with the state as query and the patterns as keys and values.

    References
    ----------
    Ramsauer H, Schäfl B, Lehner J, Seidl P, Widrich M, Adler T, Gruber L, Holzleitner M,
    Pavlović M, Sandve GK, Greiff V, Kreil D, Kopp M, Klambauer G, Brandstetter J, Hochreiter S
    (2021) Hopfield networks is all you need. International Conference on Learning
    Representations (ICLR 2021).
    """
    x = check_array("patterns", patterns, ndim=2, min_size=1)
    xi = check_array("state", state, ndim=(1, 2))
    beta = check_positive("beta", beta, high=1e6)
    n_steps = check_int("n_steps", n_steps, low=1, high=1000)
    if xi.shape[-1] != x.shape[1]:
        raise ValueError(f"state must have width {x.shape[1]} (the patterns'); got {xi.shape[-1]}")
    single = xi.ndim == 1
    xi = np.atleast_2d(xi)
    for _ in range(n_steps):
        xi = softmax(beta * xi @ x.T, axis=-1) @ x
    return xi[0] if single else xi
