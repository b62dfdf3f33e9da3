"""The Wilson-Cowan E/I rate model and its phase-plane tools.

In the form taught by Neuromatch Academy (W2D4):

.. math::

    \\tau_E \\frac{dr_E}{dt} = -r_E + F_E(w_{EE} r_E - w_{EI} r_I + I^{ext}_E), \\qquad
    \\tau_I \\frac{dr_I}{dt} = -r_I + F_I(w_{IE} r_E - w_{II} r_I + I^{ext}_I),

    F(x; a, \\theta) = \\frac{1}{1 + e^{-a (x - \\theta)}} - \\frac{1}{1 + e^{a \\theta}}.

The vector field, the sigmoid and its inverse, the nullclines, the Jacobian and the
fixed-point finder live here, once; plots, widgets and exercise checks call them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np

from .._params import set_checked
from .._results import SimulationResult
from .._validation import (
    check_array,
    check_choice,
    check_dt,
    check_duration,
    check_int,
    check_memory,
    check_nonnegative,
    check_positive,
    check_scalar,
    n_steps_for,
)

__all__ = [
    "WilsonCowanParams",
    "WilsonCowanResult",
    "FixedPoint",
    "Nullclines",
    "wilson_cowan_sigmoid",
    "wilson_cowan_inverse_sigmoid",
    "wilson_cowan_activity_range",
    "wilson_cowan_field",
    "wilson_cowan_jacobian",
    "wilson_cowan_nullclines",
    "simulate_wilson_cowan",
    "find_fixed_points",
    "classify_fixed_point",
]


@dataclass(frozen=True, kw_only=True)
class WilsonCowanParams:
    """Parameters of the Wilson-Cowan model (Neuromatch Academy W2D4 defaults: bistable).

    Rates are dimensionless activities (fractions of the maximal rate), as in Neuromatch;
    time constants are in ms.

    Attributes
    ----------
    tau_e, tau_i : float
        Time constants of the E and I populations [ms], in (0, 1e4] (1 and 2).
    a_e, a_i : float
        Gains of the sigmoids, in (0, 1e3] (1.2 and 1.0).
    theta_e, theta_i : float
        Thresholds of the sigmoids, in [-1e3, 1e3] (2.8 and 4.0).
    w_ee, w_ei, w_ie, w_ii : float
        Coupling strengths, in [0, 1e3] (9, 4, 13, 11): ``w_ei`` is I -> E, ``w_ie`` is E -> I.
    i_ext_e, i_ext_i : float
        External inputs, in [-1e3, 1e3] (0 and 0).

    Notes
    -----
    The limit-cycle set of Neuromatch is ``WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0,
    w_ii=1.2, i_ext_e=0.8)``.

    References
    ----------
    Wilson HR, Cowan JD (1972) Excitatory and inhibitory interactions in localized populations
    of model neurons. Biophys J 12:1-24.
    Neuromatch Academy Computational Neuroscience, W2D4 Tutorial 2 (2020-2023).
    """

    tau_e: float = 1.0
    a_e: float = 1.2
    theta_e: float = 2.8
    tau_i: float = 2.0
    a_i: float = 1.0
    theta_i: float = 4.0
    w_ee: float = 9.0
    w_ei: float = 4.0
    w_ie: float = 13.0
    w_ii: float = 11.0
    i_ext_e: float = 0.0
    i_ext_i: float = 0.0

    def __post_init__(self):
        for name in ("tau_e", "tau_i"):
            set_checked(self, name, check_positive(name, getattr(self, name), unit="ms", high=1e4))
        for name in ("a_e", "a_i"):
            set_checked(self, name, check_positive(name, getattr(self, name), high=1e3))
        for name in ("theta_e", "theta_i", "i_ext_e", "i_ext_i"):
            set_checked(self, name, check_scalar(name, getattr(self, name), low=-1e3, high=1e3))
        for name in ("w_ee", "w_ei", "w_ie", "w_ii"):
            set_checked(self, name, check_nonnegative(name, getattr(self, name), high=1e3))

    @property
    def max_dt(self) -> float:
        """Largest time step [ms] accepted: a fifth of the faster time constant."""
        return min(self.tau_e, self.tau_i) / 5.0


def _check_wc(params):
    if not isinstance(params, WilsonCowanParams):
        raise TypeError(f"params must be a WilsonCowanParams; got {type(params).__name__}")
    return params


# --------------------------------------------------------------------------- the sigmoid


def _shift(a, theta):
    """F(0) offset 1 / (1 + e^{a theta}), 0 where it underflows."""
    return 1.0 / (1.0 + math.exp(a * theta)) if a * theta < 700 else 0.0


def _sigmoid(x, a, theta):
    # 1 / (1 + exp(-z)) written with tanh: no overflow for large |z|
    return 0.5 * (1.0 + np.tanh(0.5 * a * (x - theta))) - _shift(a, theta)


def _sigmoid_derivative(x, a, theta):
    t = np.tanh(0.5 * a * (x - theta))
    return 0.25 * a * (1.0 - t * t)


def _inverse_sigmoid(r, a, theta):
    y = r + _shift(a, theta)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = theta - np.log(1.0 / y - 1.0) / a
    return np.where((y > 0.0) & (y < 1.0), out, np.nan)


def wilson_cowan_sigmoid(x, a, theta):
    """Return the shifted sigmoid F(x; a, theta), which maps 0 to 0.

    .. math:: F(x; a, \\theta) = (1 + e^{-a (x - \\theta)})^{-1} - (1 + e^{a \\theta})^{-1}

    Parameters
    ----------
    x : float or array_like
        Input, finite.
    a : float
        Gain, in (0, 1e3].
    theta : float
        Threshold, in [-1e3, 1e3].

    Returns
    -------
    float or ndarray
        F(x), in ``(-1 / (1 + e^{a theta}), 1 - 1 / (1 + e^{a theta}))``.
    """
    x = check_array("x", x, ndim=(0, 1, 2))
    a = check_positive("a", a, high=1e3)
    theta = check_scalar("theta", theta, low=-1e3, high=1e3)
    out = _sigmoid(x, a, theta)
    return float(out) if out.ndim == 0 else out


def wilson_cowan_inverse_sigmoid(r, a, theta):
    """Return the input x with F(x; a, theta) = r.

    .. math:: F^{-1}(r) = \\theta - \\frac{1}{a}
       \\ln\\left(\\frac{1}{r + (1 + e^{a \\theta})^{-1}} - 1\\right)

    Parameters
    ----------
    r : float or array_like
        Activity, inside the range of F.
    a : float
        Gain, in (0, 1e3].
    theta : float
        Threshold, in [-1e3, 1e3].

    Returns
    -------
    float or ndarray
        The input; NaN where ``r`` lies outside the range of F.
    """
    r = check_array("r", r, ndim=(0, 1, 2))
    a = check_positive("a", a, high=1e3)
    theta = check_scalar("theta", theta, low=-1e3, high=1e3)
    out = _inverse_sigmoid(r, a, theta)
    return float(out) if out.ndim == 0 else out


def wilson_cowan_activity_range(params):
    """Return the ranges of the two sigmoids, ``((low_E, high_E), (low_I, high_I))``.

    Every fixed point and, after transients, every trajectory lies inside this box, since
    :math:`r = F(\\cdot)` at a fixed point and :math:`\\dot r` points inward outside it. Each
    range is the open interval :math:`(-s, 1 - s)` with :math:`s = (1 + e^{a\\theta})^{-1}`.
    """
    p = _check_wc(params)
    s_e, s_i = _shift(p.a_e, p.theta_e), _shift(p.a_i, p.theta_i)
    return (-s_e, 1.0 - s_e), (-s_i, 1.0 - s_i)


# --------------------------------------------------------------------------- the vector field


def _field(p, r_e, r_i):
    """(dr_E/dt, dr_I/dt) [1/ms], unchecked, broadcasting."""
    x_e = p.w_ee * r_e - p.w_ei * r_i + p.i_ext_e
    x_i = p.w_ie * r_e - p.w_ii * r_i + p.i_ext_i
    return (
        (_sigmoid(x_e, p.a_e, p.theta_e) - r_e) / p.tau_e,
        (_sigmoid(x_i, p.a_i, p.theta_i) - r_i) / p.tau_i,
    )


def _field_vector(state, p):
    de, di = _field(p, state[0], state[1])
    return np.array([de, di])


def _jacobian(state, p):
    e, i = state
    de = _sigmoid_derivative(p.w_ee * e - p.w_ei * i + p.i_ext_e, p.a_e, p.theta_e)
    di = _sigmoid_derivative(p.w_ie * e - p.w_ii * i + p.i_ext_i, p.a_i, p.theta_i)
    return np.array(
        [
            [(-1.0 + p.w_ee * de) / p.tau_e, -p.w_ei * de / p.tau_e],
            [p.w_ie * di / p.tau_i, (-1.0 - p.w_ii * di) / p.tau_i],
        ]
    )


def wilson_cowan_field(params, r_e, r_i):
    """Return the Wilson-Cowan vector field (dr_E/dt, dr_I/dt) [1/ms] at (r_e, r_i).

    .. math::

        \\dot r_E = \\frac{-r_E + F_E(w_{EE} r_E - w_{EI} r_I + I^{ext}_E)}{\\tau_E}, \\qquad
        \\dot r_I = \\frac{-r_I + F_I(w_{IE} r_E - w_{II} r_I + I^{ext}_I)}{\\tau_I}

    Parameters
    ----------
    params : WilsonCowanParams
        Model parameters.
    r_e, r_i : float or array_like
        Activities, finite, in [-10, 10]; broadcast against each other (a grid from
        ``np.meshgrid`` gives the field on the grid).

    Returns
    -------
    dr_e, dr_i : float or ndarray
        Time derivatives [1/ms], of the broadcast shape (floats for scalar input).
    """
    p = _check_wc(params)
    r_e = check_array("r_e", r_e, low=-10.0, high=10.0)
    r_i = check_array("r_i", r_i, low=-10.0, high=10.0)
    try:
        r_e, r_i = np.broadcast_arrays(r_e, r_i)
    except ValueError:
        raise ValueError(
            f"r_e and r_i must broadcast together; got shapes {r_e.shape} and {r_i.shape}"
        ) from None
    de, di = _field(p, r_e, r_i)
    if de.ndim == 0:
        return float(de), float(di)
    return de, di


def wilson_cowan_jacobian(params, r_e, r_i):
    """Return the Jacobian of the Wilson-Cowan vector field at (r_e, r_i) [1/ms].

    .. math::

        J = \\begin{pmatrix}
        (-1 + w_{EE} F_E') / \\tau_E & -w_{EI} F_E' / \\tau_E \\\\
        w_{IE} F_I' / \\tau_I & (-1 - w_{II} F_I') / \\tau_I
        \\end{pmatrix}

    Parameters
    ----------
    params : WilsonCowanParams
        Model parameters.
    r_e, r_i : float
        The point, in [-10, 10].

    Returns
    -------
    ndarray, shape (2, 2)
    """
    p = _check_wc(params)
    r_e = check_scalar("r_e", r_e, low=-10.0, high=10.0)
    r_i = check_scalar("r_i", r_i, low=-10.0, high=10.0)
    return _jacobian(np.array([r_e, r_i]), p)


# --------------------------------------------------------------------------- nullclines


def _roots_1d(func, low, high, n_samples, scalar_func=None):
    """Roots of a vectorised function on [low, high]: sign changes on a grid, then Brent
    (on ``scalar_func``, a faster float version, if given)."""
    from scipy.optimize import brentq

    if scalar_func is None:
        scalar_func = lambda z: float(func(np.array(z)))  # noqa: E731
    x = np.linspace(low, high, n_samples)
    values = func(x)
    roots = list(x[values == 0.0])
    vector_as_scalar = lambda z: float(func(np.array(z)))  # noqa: E731
    for k in np.flatnonzero(values[:-1] * values[1:] < 0.0):
        for f in (scalar_func, vector_as_scalar):
            try:  # the two versions can round differently right next to a root
                roots.append(brentq(f, x[k], x[k + 1], xtol=1e-15, rtol=4 * np.finfo(float).eps))
                break
            except ValueError:
                continue
        else:
            roots.append(x[k] if abs(values[k]) <= abs(values[k + 1]) else x[k + 1])
    return sorted(roots)


def _scalar_sigmoid(x, a, theta, shift):
    return 0.5 * (1.0 + math.tanh(0.5 * a * (x - theta))) - shift


def _i_nullcline_r_i_scalar(p, r_e):
    """:func:`_i_nullcline_r_i` for one float r_E, by Brent's method."""
    from scipy.optimize import brentq

    shift = _shift(p.a_i, p.theta_i)
    drive = p.w_ie * r_e + p.i_ext_i
    lo, hi = -shift, 1.0 - shift
    return brentq(
        lambda r_i: r_i - _scalar_sigmoid(drive - p.w_ii * r_i, p.a_i, p.theta_i, shift),
        lo,
        hi,
        xtol=1e-16,
        rtol=4 * np.finfo(float).eps,
    )


def _i_nullcline_r_i(p, r_e, *, n_iter=54):
    """The r_I on the I nullcline above each r_E: the unique root of r_I = F_I(w_IE r_E - w_II r_I + I_I).

    ``r_I - F_I(...)`` increases strictly with r_I (w_II >= 0), and is negative at the bottom and
    positive at the top of the range of F_I, so the root exists, is unique, and bisection
    (vectorised over r_E) finds it to rounding.
    """
    lo_i, hi_i = -_shift(p.a_i, p.theta_i), 1.0 - _shift(p.a_i, p.theta_i)
    r_e = np.asarray(r_e, dtype=float)
    low = np.full(r_e.shape, lo_i)
    high = np.full(r_e.shape, hi_i)
    drive = p.w_ie * r_e + p.i_ext_i
    for _ in range(n_iter):
        mid = 0.5 * (low + high)
        above = mid - _sigmoid(drive - p.w_ii * mid, p.a_i, p.theta_i) > 0.0
        high = np.where(above, mid, high)
        low = np.where(above, low, mid)
    return 0.5 * (low + high)


@dataclass(frozen=True, kw_only=True, eq=False)
class Nullclines:
    """Nullclines of the Wilson-Cowan model, as curves in the (r_E, r_I) plane.

    A curve may have several pieces, separated by NaN (matplotlib breaks a line there): with
    ``w_ei = 0`` the E nullcline is one to three vertical lines, with ``w_ie = 0`` the I
    nullcline a horizontal line.

    Attributes
    ----------
    e_r_e, e_r_i : ndarray
        The E nullcline (dr_E/dt = 0): points (e_r_e[k], e_r_i[k]).
    i_r_e, i_r_i : ndarray
        The I nullcline (dr_I/dt = 0): points (i_r_e[k], i_r_i[k]).
    """

    e_r_e: np.ndarray
    e_r_i: np.ndarray
    i_r_e: np.ndarray
    i_r_i: np.ndarray


def _lines(at, span, n_points):
    """Coordinates of straight lines at each value of ``at`` across ``span``, NaN-separated."""
    along, across = [], []
    for value in at:
        along.extend([np.linspace(span[0], span[1], n_points), [np.nan]])
        across.extend([np.full(n_points, value), [np.nan]])
    if not along:
        return np.zeros(0), np.zeros(0)
    return np.concatenate(across)[:-1], np.concatenate(along)[:-1]


def wilson_cowan_nullclines(params, *, n_points=200):
    """Return the E and I nullclines of the Wilson-Cowan model.

    .. math::

        \\dot r_E = 0 \\iff r_I = \\frac{w_{EE} r_E - F_E^{-1}(r_E) + I^{ext}_E}{w_{EI}}, \\qquad
        \\dot r_I = 0 \\iff r_E = \\frac{w_{II} r_I + F_I^{-1}(r_I) - I^{ext}_I}{w_{IE}}

    Without the E-I loop these forms divide by zero, and the nullclines are straight lines:
    with ``w_ei = 0``, :math:`\\dot r_E = 0` wherever :math:`r_E = F_E(w_{EE} r_E + I^{ext}_E)`
    (one to three values of r_E, each a vertical line); with ``w_ie = 0``, :math:`\\dot r_I = 0`
    at the single r_I with :math:`r_I = F_I(-w_{II} r_I + I^{ext}_I)` (a horizontal line).

    Parameters
    ----------
    params : WilsonCowanParams
        Model parameters (any couplings >= 0).
    n_points : int
        Number of points per curve (per line), in [2, 1e6]; the activities sweep the range of
        each sigmoid, from just above its lower bound to just below its upper bound.

    Returns
    -------
    Nullclines
        Both curves.

    References
    ----------
    Neuromatch Academy Computational Neuroscience, W2D4 Tutorial 2, section 2.
    """
    p = _check_wc(params)
    n_points = check_int("n_points", n_points, low=2, high=1_000_000)
    (lo_e, hi_e), (lo_i, hi_i) = wilson_cowan_activity_range(p)
    margin = 1e-6
    r_e = np.linspace(lo_e + margin, hi_e - margin, n_points)
    r_i = np.linspace(lo_i + margin, hi_i - margin, n_points)
    if p.w_ei > 0.0:
        with np.errstate(over="ignore"):  # a tiny w_ei sends the curve off to infinity
            e_r_e, e_r_i = r_e, (p.w_ee * r_e - _inverse_sigmoid(r_e, p.a_e, p.theta_e) + p.i_ext_e) / p.w_ei
    else:
        at = _roots_1d(
            lambda x: _sigmoid(p.w_ee * x + p.i_ext_e, p.a_e, p.theta_e) - x,
            lo_e + margin,
            hi_e - margin,
            4001,
        )
        e_r_e, e_r_i = _lines(at, (lo_i + margin, hi_i - margin), n_points)
    if p.w_ie > 0.0:
        with np.errstate(over="ignore"):
            i_r_e, i_r_i = (p.w_ii * r_i + _inverse_sigmoid(r_i, p.a_i, p.theta_i) - p.i_ext_i) / p.w_ie, r_i
    else:
        at = [float(_i_nullcline_r_i(p, 0.0))]
        i_r_i, i_r_e = _lines(at, (lo_e + margin, hi_e - margin), n_points)
    return Nullclines(e_r_e=e_r_e, e_r_i=e_r_i, i_r_e=i_r_e, i_r_i=i_r_i)


# --------------------------------------------------------------------------- fixed points


def classify_fixed_point(jacobian, *, tol=1e-9):
    """Classify a fixed point of a planar system from its Jacobian.

    Parameters
    ----------
    jacobian : array_like, shape (2, 2)
        The Jacobian at the fixed point, finite.
    tol : float
        Real parts with ``|Re| <= tol`` count as zero, and imaginary parts with
        ``|Im| <= tol`` as real, >= 0.

    Returns
    -------
    str
        ``"stable node"``, ``"stable focus"``, ``"unstable node"``, ``"unstable focus"``,
        ``"saddle"`` or ``"non-hyperbolic"`` (an eigenvalue with zero real part).
    """
    jac = check_array("jacobian", jacobian, shape=(2, 2))
    tol = check_nonnegative("tol", tol)
    eig = np.linalg.eigvals(jac)
    re = eig.real
    if np.any(np.abs(re) <= tol):
        return "non-hyperbolic"
    if re[0] * re[1] < 0:
        return "saddle"
    kind = "focus" if np.any(np.abs(eig.imag) > tol) else "node"
    return f"{'stable' if re[0] < 0 else 'unstable'} {kind}"


@dataclass(frozen=True, kw_only=True)
class FixedPoint:
    """A fixed point of the Wilson-Cowan model.

    Attributes
    ----------
    r_e, r_i : float
        Its coordinates.
    eigenvalues : tuple of complex
        Eigenvalues of the Jacobian there [1/ms].
    kind : str
        Classification (see :func:`classify_fixed_point`).
    residual : float
        Max-norm of the vector field there [1/ms] (below 1e-10 for an accepted root).
    """

    r_e: float
    r_i: float
    eigenvalues: tuple
    kind: str
    residual: float

    @property
    def stable(self) -> bool:
        """True for a stable node or focus."""
        return self.kind.startswith("stable")


def _fixed_point(x, p):
    jac = _jacobian(x, p)
    return FixedPoint(
        r_e=float(x[0]),
        r_i=float(x[1]),
        eigenvalues=tuple(complex(z) for z in np.linalg.eigvals(jac)),
        kind=classify_fixed_point(jac),
        residual=float(np.max(np.abs(_field_vector(x, p)))),
    )


def _fixed_points_on_grid(p, n_grid):
    """Roots of the field by hybrid Powell from an n_grid x n_grid grid of starts."""
    from scipy import optimize

    (lo_e, hi_e), (lo_i, hi_i) = wilson_cowan_activity_range(p)
    starts_e = np.linspace(lo_e, hi_e, n_grid + 2)[1:-1]
    starts_i = np.linspace(lo_i, hi_i, n_grid + 2)[1:-1]
    found = []
    for e0 in starts_e:
        for i0 in starts_i:
            sol = optimize.root(
                _field_vector, np.array([e0, i0]), args=(p,), jac=_jacobian, method="hybr", tol=1e-14
            )
            if np.all(np.isfinite(sol.x)) and np.max(np.abs(_field_vector(sol.x, p))) <= 1e-10:
                found.append(sol.x)
    return found


def _fixed_points_on_nullcline(p, n_samples):
    """Roots along the I nullcline r_I = g(r_E): G(r_E) = F_E(w_EE r_E - w_EI g(r_E) + I_E) - r_E."""
    (lo_e, hi_e), _ = wilson_cowan_activity_range(p)

    def gap(r_e):
        r_i = _i_nullcline_r_i(p, r_e)
        return _sigmoid(p.w_ee * r_e - p.w_ei * r_i + p.i_ext_e, p.a_e, p.theta_e) - r_e

    shift_e = _shift(p.a_e, p.theta_e)

    def gap_scalar(r_e):
        r_i = _i_nullcline_r_i_scalar(p, r_e)
        return _scalar_sigmoid(p.w_ee * r_e - p.w_ei * r_i + p.i_ext_e, p.a_e, p.theta_e, shift_e) - r_e

    margin = 1e-9
    found = []
    for root in _roots_1d(gap, lo_e + margin, hi_e - margin, n_samples, gap_scalar):
        x = np.array([root, _i_nullcline_r_i_scalar(p, root)])
        for _ in range(3):  # Newton polish in the plane
            try:
                step = np.linalg.solve(_jacobian(x, p), _field_vector(x, p))
            except np.linalg.LinAlgError:
                break
            if np.all(np.isfinite(step)) and (
                np.max(np.abs(_field_vector(x - step, p))) <= np.max(np.abs(_field_vector(x, p)))
            ):
                x = x - step
        found.append(x)
    return found


def find_fixed_points(params, *, method="grid", n_grid=10, n_samples=4001, tol=1e-6):
    """Find the fixed points of the Wilson-Cowan model and classify their stability.

    Parameters
    ----------
    params : WilsonCowanParams
        Model parameters.
    method : {'grid', 'nullcline'}
        ``'grid'``: two-dimensional root finding (``scipy.optimize.root``, hybrid Powell)
        from an ``n_grid x n_grid`` grid of starts over the range of the sigmoids.
        ``'nullcline'``: one-dimensional roots along the I nullcline (fast, about 5 ms: the
        widget's choice), bracketed by sign changes on ``n_samples`` values of r_E, found
        with Brent's method and polished by Newton steps in the plane.
    n_grid : int
        Grid size of ``'grid'``, in [1, 100].
    n_samples : int
        Number of samples of ``'nullcline'``, in [10, 1e6].
    tol : float
        Roots closer than ``tol`` (max-norm) are the same fixed point, in (0, 1e-2].

    Returns
    -------
    list of FixedPoint
        Sorted by r_E.

    Raises
    ------
    TypeError, ValueError
        On an invalid argument.

    Notes
    -----
    Every fixed point lies inside the box spanned by the sigmoids' ranges
    (:func:`wilson_cowan_activity_range`). ``'grid'`` finds each fixed point whose basin under
    Newton-like iteration contains a grid point, which a 10 x 10 grid does for the Neuromatch
    parameter sets. ``'nullcline'`` uses that for each r_E the I nullcline has exactly one
    r_I (``r_I - F_I(w_IE r_E - w_II r_I + I_I)`` increases with r_I), so the fixed points are
    the roots of one function of r_E; it finds every root where that function changes sign
    between samples, and can miss a double root exactly at a saddle-node bifurcation, as any
    sign test can. Both keep only roots with a residual below 1e-10.

    References
    ----------
    Neuromatch Academy Computational Neuroscience, W2D4 Tutorial 2, section 2.
    Strogatz SH (2015) Nonlinear Dynamics and Chaos, 2nd ed., ch. 5-6. Westview Press.
    """
    p = _check_wc(params)
    method = check_choice("method", method, ("grid", "nullcline"))
    n_grid = check_int("n_grid", n_grid, low=1, high=100)
    n_samples = check_int("n_samples", n_samples, low=10, high=1_000_000)
    tol = check_positive("tol", tol, high=1e-2)
    if method == "grid":
        candidates = _fixed_points_on_grid(p, n_grid)
    else:
        candidates = _fixed_points_on_nullcline(p, n_samples)
    kept = []
    for x in candidates:
        if np.max(np.abs(_field_vector(x, p))) > 1e-10:
            continue
        if any(np.max(np.abs(x - y)) < tol for y in kept):
            continue
        kept.append(x)
    return [_fixed_point(x, p) for x in sorted(kept, key=lambda y: (y[0], y[1]))]


# --------------------------------------------------------------------------- simulation


@dataclass(frozen=True, kw_only=True, eq=False)
class WilsonCowanResult(SimulationResult):
    """Result of :func:`simulate_wilson_cowan`.

    Sample ``n`` is the state at the start of step ``n``, time ``n * dt``: column 0 is the
    initial condition (see :class:`~neurocourse._results.SimulationResult`).

    Attributes
    ----------
    r_e, r_i : ndarray, shape (n_trajectories, n_steps)
        Activities of the E and I populations, one row per initial condition.
    params : WilsonCowanParams
        The parameters simulated.
    dt : float
        Time step [ms].
    n_steps : int
        Number of steps.
    """

    r_e: np.ndarray
    r_i: np.ndarray

    @property
    def n_trajectories(self) -> int:
        """Number of trajectories (initial conditions)."""
        return int(self.r_e.shape[0])

    @property
    def final_state(self) -> np.ndarray:
        """Last recorded (r_E, r_I) of each trajectory, at ``(n_steps - 1) * dt``: (n_trajectories, 2)."""
        return np.stack([self.r_e[:, -1], self.r_i[:, -1]], axis=1)


@numba.njit(cache=True)
def _wilson_cowan_kernel(
    r_e,
    r_i,
    dt,
    tau_e,
    a_e,
    theta_e,
    tau_i,
    a_i,
    theta_i,
    w_ee,
    w_ei,
    w_ie,
    w_ii,
    i_ext_e,
    i_ext_i,
    shift_e,
    shift_i,
):
    """Euler-integrate trajectories in place: ``r_e``, ``r_i`` (n_traj, n_steps), column 0
    holding the initial conditions, column n the state at the start of step n."""
    n_steps = r_e.shape[1]
    for m in range(r_e.shape[0]):
        e = r_e[m, 0]
        i = r_i[m, 0]
        for k in range(n_steps - 1):
            x_e = w_ee * e - w_ei * i + i_ext_e
            x_i = w_ie * e - w_ii * i + i_ext_i
            f_e = 0.5 * (1.0 + math.tanh(0.5 * a_e * (x_e - theta_e))) - shift_e
            f_i = 0.5 * (1.0 + math.tanh(0.5 * a_i * (x_i - theta_i))) - shift_i
            e = e + dt / tau_e * (f_e - e)
            i = i + dt / tau_i * (f_i - i)
            r_e[m, k + 1] = e
            r_i[m, k + 1] = i


def simulate_wilson_cowan(params, *, duration, dt=0.1, r_init=None):
    """Simulate the Wilson-Cowan E/I rate model from one or several initial conditions.

    Parameters
    ----------
    params : WilsonCowanParams
        Model parameters.
    duration : float
        Simulated time [ms], > 0.
    dt : float
        Euler time step [ms], in (0, params.max_dt] (a fifth of the faster time constant).
    r_init : array_like, shape (2,) or (n_trajectories, 2), optional
        Initial activities ``(r_E, r_I)``, one row per trajectory, each in [-1, 2];
        ``(0, 0)`` by default.

    Returns
    -------
    WilsonCowanResult
        Trajectories ``r_e``, ``r_i``, shape (n_trajectories, n_steps).

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it and the allowed range.

    Notes
    -----
    Forward Euler, as in Neuromatch Academy: ``r <- r + dt / tau * (-r + F(input))``.

    References
    ----------
    Wilson HR, Cowan JD (1972) Biophys J 12:1-24.
    Neuromatch Academy Computational Neuroscience, W2D4 Tutorial 2.
    """
    p = _check_wc(params)
    dt = check_dt(dt, max_dt=p.max_dt, model="Wilson-Cowan model")
    duration = check_duration(duration, dt=dt)
    if r_init is None:
        r_init = (0.0, 0.0)
    start = check_array("r_init", r_init, ndim=(1, 2), low=-1.0, high=2.0)
    if start.shape[-1] != 2:
        raise ValueError(
            f"r_init must be (r_E, r_I) or an array of shape (n_trajectories, 2); got shape {start.shape}"
        )
    start = start.reshape(-1, 2)
    n_steps = n_steps_for(duration, dt)
    check_memory(
        f"r_init: {start.shape[0]} trajectories over {n_steps} steps",
        16.0 * start.shape[0] * n_steps,
        reduce="use fewer initial conditions or shorten duration",
    )
    r_e = np.empty((start.shape[0], n_steps))
    r_i = np.empty((start.shape[0], n_steps))
    r_e[:, 0] = start[:, 0]
    r_i[:, 0] = start[:, 1]
    _wilson_cowan_kernel(
        r_e,
        r_i,
        dt,
        p.tau_e,
        p.a_e,
        p.theta_e,
        p.tau_i,
        p.a_i,
        p.theta_i,
        p.w_ee,
        p.w_ei,
        p.w_ie,
        p.w_ii,
        p.i_ext_e,
        p.i_ext_i,
        _shift(p.a_e, p.theta_e),
        _shift(p.a_i, p.theta_i),
    )
    return WilsonCowanResult(params=p, dt=dt, n_steps=n_steps, r_e=r_e, r_i=r_i)
