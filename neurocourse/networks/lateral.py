"""Lateral inhibition as a feed-forward filter: difference-of-Gaussians receptive fields and Mach bands.

A retinal ganglion cell (or an LGN cell) is excited by light in a small centre and inhibited
by light in a wider surround. Its receptive field is well described by a difference of
Gaussians (DoG). Filtering a luminance edge with it exaggerates the edge: the bright side
shows a band brighter than the plateau and the dark side a band darker than its plateau,
the Mach bands (Mach 1865; Ratliff 1965).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from .._validation import check_array, check_positive, check_scalar

__all__ = [
    "DoGParams",
    "dog_kernel",
    "dog_filter",
    "step_edge",
    "mach_band_overshoot",
    "mach_band_position",
]


@dataclass(frozen=True)
class DoGParams:
    """A one-dimensional difference-of-Gaussians receptive field.

    .. math::

        K(x) = \\frac{1}{\\sqrt{2\\pi}\\sigma_c} e^{-x^2 / 2\\sigma_c^2}
             - k \\frac{1}{\\sqrt{2\\pi}\\sigma_s} e^{-x^2 / 2\\sigma_s^2}

    Both Gaussians have unit area, so the kernel integrates to ``1 - k``: with ``k = 1``
    (balanced) a uniform input gives no response.

    Attributes
    ----------
    sigma_center : float
        Width of the excitatory centre [deg of visual angle, or any length unit], > 0.
    sigma_surround : float
        Width of the inhibitory surround [same unit], > ``sigma_center``.
    surround_weight : float
        Weight k of the surround, in [0, 2].
    """

    sigma_center: float = 1.0
    sigma_surround: float = 3.0
    surround_weight: float = 1.0

    def __post_init__(self):
        object.__setattr__(self, "sigma_center", check_positive("sigma_center", self.sigma_center, unit="deg",
                                                                high=1e3))
        object.__setattr__(self, "sigma_surround",
                           check_positive("sigma_surround", self.sigma_surround, unit="deg", high=1e3))
        object.__setattr__(self, "surround_weight",
                           check_scalar("surround_weight", self.surround_weight, low=0.0, high=2.0))
        if self.sigma_surround <= self.sigma_center:
            raise ValueError(
                f"sigma_surround [deg] must be larger than sigma_center = {self.sigma_center:g}; "
                f"got {self.sigma_surround:g} (the surround is the wider Gaussian)"
            )


def _check_params(params):
    if not isinstance(params, DoGParams):
        raise TypeError(f"params must be a DoGParams; got {type(params).__name__}")
    return params


def dog_kernel(params, x):
    """Return the DoG receptive field ``K(x)`` at positions ``x``.

    Parameters
    ----------
    params : DoGParams
        Receptive-field parameters.
    x : array_like
        Positions [deg] relative to the centre.

    Returns
    -------
    kernel : ndarray
        ``K(x)`` [1/deg], same shape as ``x``.
    """
    params = _check_params(params)
    x = check_array("x", x, unit="deg", ndim=(0, 1, 2))
    sc, ss, k = params.sigma_center, params.sigma_surround, params.surround_weight
    centre = np.exp(-0.5 * (x / sc) ** 2) / (np.sqrt(2 * np.pi) * sc)
    surround = np.exp(-0.5 * (x / ss) ** 2) / (np.sqrt(2 * np.pi) * ss)
    return centre - k * surround


def dog_filter(params, stimulus, *, dx):
    """Filter a 1-D luminance profile with the DoG receptive field (lateral inhibition).

    The profile is extended beyond its ends by repeating its edge values, so a plateau stays
    a plateau up to the border.

    Parameters
    ----------
    params : DoGParams
        Receptive-field parameters.
    stimulus : array_like, shape (n,)
        Luminance at positions spaced ``dx`` apart.
    dx : float
        Sample spacing [deg], at most ``sigma_center / 2``.

    Returns
    -------
    response : ndarray, shape (n,)
        Filtered profile: the response of a cell centred at each position.
    """
    params = _check_params(params)
    stimulus = check_array("stimulus", stimulus, ndim=1, min_size=2)
    dx = check_positive("dx", dx, unit="deg", high=params.sigma_center / 2.0)
    half = int(np.ceil(5.0 * params.sigma_surround / dx))
    if half > 100_000:
        raise ValueError("sigma_surround / dx is too large (over 20000): use a coarser dx")
    x = dx * np.arange(-half, half + 1)
    # each Gaussian normalised to unit sum on the grid, so a balanced kernel sums to exactly 0
    centre = np.exp(-0.5 * (x / params.sigma_center) ** 2)
    surround = np.exp(-0.5 * (x / params.sigma_surround) ** 2)
    kernel = centre / centre.sum() - params.surround_weight * surround / surround.sum()
    padded = np.pad(stimulus, half, mode="edge")
    return np.convolve(padded, kernel, mode="same")[half:-half]


def step_edge(x, *, low=1.0, high=2.0, position=0.0):
    """Return a luminance step: ``low`` left of ``position`` [deg], ``high`` from it on."""
    x = check_array("x", x, unit="deg", ndim=1)
    low = check_scalar("low", low)
    high = check_scalar("high", high)
    position = check_scalar("position", position, unit="deg")
    return np.where(x >= position, high, low)


def mach_band_position(params):
    """Return the distance from the edge [deg] of the Mach band's peak, or ``inf`` if there is none.

    .. math::

        x^* = \\sqrt{\\frac{2 \\ln(\\sigma_s / (k \\sigma_c))}{\\sigma_c^{-2} - \\sigma_s^{-2}}}

    The peak exists only when :math:`k \\sigma_c < \\sigma_s`; otherwise the response rises
    monotonically and ``inf`` is returned.
    """
    params = _check_params(params)
    sc, ss, k = params.sigma_center, params.sigma_surround, params.surround_weight
    if k == 0.0 or k * sc >= ss:
        return float("inf")
    log_ratio = np.log(ss) - np.log(k) - np.log(sc)  # ln(ss / (k sc)) without overflow for tiny k
    return float(np.sqrt(2.0 * log_ratio / (sc ** -2 - ss ** -2)))


def mach_band_overshoot(params, *, step_height=1.0):
    """Return the height of the Mach band above the bright plateau, in closed form.

    For a step of height :math:`\\Delta L` filtered by the DoG, the response right of the edge is
    :math:`R(x) = \\Delta L[\\Phi(x/\\sigma_c) - k\\Phi(x/\\sigma_s)]` plus a constant, so the
    overshoot over the plateau :math:`R(\\infty)` is

    .. math:: \\Delta L\\,[k\\,Q(x^*/\\sigma_s) - Q(x^*/\\sigma_c)],

    with :math:`Q = 1 - \\Phi` and :math:`x^*` from :func:`mach_band_position`. The dark side
    mirrors it: an undershoot of the same size below the dark plateau.

    Parameters
    ----------
    params : DoGParams
        Receptive-field parameters.
    step_height : float
        Luminance step :math:`\\Delta L` (high minus low), > 0.

    Returns
    -------
    overshoot : float
        In the units of the luminance; 0 when there is no band (``k sigma_c >= sigma_s``).

    References
    ----------
    Ratliff F (1965) Mach Bands: Quantitative Studies on Neural Networks in the Retina.
    Holden-Day. Rodieck RW (1965) Vision Res 5:583-601 (the DoG receptive field).
    """
    params = _check_params(params)
    step_height = check_positive("step_height", step_height)
    x_star = mach_band_position(params)
    if not np.isfinite(x_star):
        return 0.0
    q = lambda z: 0.5 * special.erfc(z / np.sqrt(2.0))  # noqa: E731
    sc, ss, k = params.sigma_center, params.sigma_surround, params.surround_weight
    return float(step_height * (k * q(x_star / ss) - q(x_star / sc)))
