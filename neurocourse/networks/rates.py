"""Firing-rate models: the Wilson-Cowan E/I pair and a linear-threshold winner-take-all ring.

Wilson-Cowan, in the form taught by Neuromatch Academy (W2D4):

.. math::

    \\tau_E \\frac{dr_E}{dt} = -r_E + F_E(w_{EE} r_E - w_{EI} r_I + I^{ext}_E), \\qquad
    \\tau_I \\frac{dr_I}{dt} = -r_I + F_I(w_{IE} r_E - w_{II} r_I + I^{ext}_I),

    F(x; a, \\theta) = \\frac{1}{1 + e^{-a (x - \\theta)}} - \\frac{1}{1 + e^{a \\theta}},

with the phase-plane tools that go with it: nullclines, fixed points and their stability.

Linear-threshold network with self-excitation ``alpha`` and lateral inhibition ``beta``:

.. math:: \\tau \\frac{dr_i}{dt} = -r_i + \\Big[I_i + \\alpha r_i - \\beta \\sum_{j \\ne i} r_j\\Big]_+

When ``beta > 1 - alpha`` no two neurons can stay active together: the network picks a
single winner (winner-take-all); below it, responses are graded copies of the input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np

from .._validation import (
    check_array,
    check_dt,
    check_duration,
    check_int,
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
    "simulate_wilson_cowan",
    "wilson_cowan_nullclines",
    "wilson_cowan_jacobian",
    "find_fixed_points",
    "classify_fixed_point",
    "LinearThresholdResult",
    "simulate_linear_threshold_network",
]


# --------------------------------------------------------------------------- Wilson-Cowan


@dataclass(frozen=True)
class WilsonCowanParams:
    """Parameters of the Wilson-Cowan model (Neuromatch Academy W2D4 defaults: bistable).

    Rates are dimensionless activities (fractions of the maximal rate), as in Neuromatch;
    time constants are in ms.

    Attributes
    ----------
    tau_e, tau_i : float
        Time constants of the E and I populations [ms], in (0, 1e4] (1 and 2).
    a_e, a_i : float
        Gains of the sigmoids, > 0 (1.2 and 1.0).
    theta_e, theta_i : float
        Thresholds of the sigmoids (2.8 and 4.0).
    w_ee, w_ei, w_ie, w_ii : float
        Coupling strengths, >= 0 (9, 4, 13, 11): ``w_ei`` is I -> E, ``w_ie`` is E -> I.
    i_ext_e, i_ext_i : float
        External inputs (0 and 0).

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
            object.__setattr__(self, name, check_positive(name, getattr(self, name), unit="ms", high=1e4))
        for name in ("a_e", "a_i"):
            object.__setattr__(self, name, check_positive(name, getattr(self, name), high=1e3))
        for name in ("theta_e", "theta_i", "i_ext_e", "i_ext_i"):
            object.__setattr__(self, name, check_scalar(name, getattr(self, name), low=-1e3, high=1e3))
        for name in ("w_ee", "w_ei", "w_ie", "w_ii"):
            object.__setattr__(self, name, check_nonnegative(name, getattr(self, name), high=1e3))

    @property
    def max_dt(self) -> float:
        """Largest time step [ms] accepted: a fifth of the faster time constant."""
        return min(self.tau_e, self.tau_i) / 5.0


def _check_wc(params):
    if not isinstance(params, WilsonCowanParams):
        raise TypeError(f"params must be a WilsonCowanParams; got {type(params).__name__}")
    return params


def wilson_cowan_sigmoid(x, a, theta):
    """Return the shifted sigmoid F(x; a, theta), which maps 0 to 0.

    .. math:: F(x; a, \\theta) = (1 + e^{-a (x - \\theta)})^{-1} - (1 + e^{a \\theta})^{-1}

    Parameters
    ----------
    x : float or array_like
        Input, finite.
    a : float
        Gain, > 0.
    theta : float
        Threshold.

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


def _sigmoid(x, a, theta):
    # 1 / (1 + exp(-z)) written with tanh: no overflow for large |z|
    return 0.5 * (1.0 + np.tanh(0.5 * a * (x - theta))) - _shift(a, theta)


def _sigmoid_derivative(x, a, theta):
    t = np.tanh(0.5 * a * (x - theta))
    return 0.25 * a * (1.0 - t * t)


def wilson_cowan_inverse_sigmoid(r, a, theta):
    """Return the input x with F(x; a, theta) = r.

    .. math:: F^{-1}(r) = \\theta - \\frac{1}{a}
       \\ln\\left(\\frac{1}{r + (1 + e^{a \\theta})^{-1}} - 1\\right)

    Parameters
    ----------
    r : float or array_like
        Activity, inside the range of F.
    a : float
        Gain, > 0.
    theta : float
        Threshold.

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


def _inverse_sigmoid(r, a, theta):
    y = r + _shift(a, theta)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = theta - np.log(1.0 / y - 1.0) / a
    return np.where((y > 0.0) & (y < 1.0), out, np.nan)


@dataclass(frozen=True, eq=False)
class WilsonCowanResult:
    """Result of :func:`simulate_wilson_cowan`.

    Attributes
    ----------
    r_e, r_i : ndarray, shape (n_trajectories, n_steps + 1)
        Activities of the E and I populations, one row per initial condition; column ``n``
        is time ``n * dt`` (column 0 the initial condition).
    dt : float
        Time step [ms].
    params : WilsonCowanParams
        The parameters simulated.
    """

    r_e: np.ndarray
    r_i: np.ndarray
    dt: float
    params: WilsonCowanParams

    @property
    def time(self) -> np.ndarray:
        """Time of each sample [ms], shape (n_steps + 1,)."""
        return np.arange(self.r_e.shape[-1]) * self.dt

    @property
    def final_state(self) -> np.ndarray:
        """Last (r_E, r_I) of each trajectory, shape (n_trajectories, 2)."""
        return np.stack([self.r_e[:, -1], self.r_i[:, -1]], axis=1)


@numba.njit(cache=True)
def _wilson_cowan_kernel(r_e, r_i, n_steps, dt, tau_e, a_e, theta_e, tau_i, a_i, theta_i,
                         w_ee, w_ei, w_ie, w_ii, i_ext_e, i_ext_i, shift_e, shift_i):
    """Euler-integrate trajectories in place: ``r_e``, ``r_i`` (n_traj, n_steps + 1), column 0
    holding the initial conditions."""
    for m in range(r_e.shape[0]):
        e = r_e[m, 0]
        i = r_i[m, 0]
        for k in range(n_steps):
            x_e = w_ee * e - w_ei * i + i_ext_e
            x_i = w_ie * e - w_ii * i + i_ext_i
            f_e = 0.5 * (1.0 + math.tanh(0.5 * a_e * (x_e - theta_e))) - shift_e
            f_i = 0.5 * (1.0 + math.tanh(0.5 * a_i * (x_i - theta_i))) - shift_i
            e = e + dt / tau_e * (f_e - e)
            i = i + dt / tau_i * (f_i - i)
            r_e[m, k + 1] = e
            r_i[m, k + 1] = i


def _shift(a, theta):
    return 1.0 / (1.0 + math.exp(a * theta)) if a * theta < 700 else 0.0


def simulate_wilson_cowan(params, *, r_e0=0.0, r_i0=0.0, duration=50.0, dt=0.1):
    """Simulate the Wilson-Cowan E/I rate model from one or several initial conditions.

    Parameters
    ----------
    params : WilsonCowanParams
        Model parameters.
    r_e0, r_i0 : float or array_like, shape (n_trajectories,)
        Initial activities, in [-1, 2]; broadcast against each other.
    duration : float
        Simulated time [ms], > 0.
    dt : float
        Euler time step [ms], in (0, min(tau_e, tau_i) / 5].

    Returns
    -------
    WilsonCowanResult
        Trajectories, shape (n_trajectories, n_steps + 1).

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
    e0 = check_array("r_e0", r_e0, ndim=(0, 1), low=-1.0, high=2.0)
    i0 = check_array("r_i0", r_i0, ndim=(0, 1), low=-1.0, high=2.0)
    try:
        e0, i0 = np.broadcast_arrays(np.atleast_1d(e0), np.atleast_1d(i0))
    except ValueError:
        raise ValueError(f"r_e0 and r_i0 must broadcast together; got shapes {e0.shape} and {i0.shape}") from None
    n_steps = n_steps_for(duration, dt)
    if e0.size * (n_steps + 1) > 100_000_000:
        raise ValueError("r_e0: too many trajectories x steps (> 1e8 samples); shorten duration")
    r_e = np.empty((e0.size, n_steps + 1))
    r_i = np.empty((e0.size, n_steps + 1))
    r_e[:, 0] = e0
    r_i[:, 0] = i0
    _wilson_cowan_kernel(r_e, r_i, n_steps, dt, p.tau_e, p.a_e, p.theta_e, p.tau_i, p.a_i,
                         p.theta_i, p.w_ee, p.w_ei, p.w_ie, p.w_ii, p.i_ext_e, p.i_ext_i,
                         _shift(p.a_e, p.theta_e), _shift(p.a_i, p.theta_i))
    return WilsonCowanResult(r_e=r_e, r_i=r_i, dt=dt, params=p)


@dataclass(frozen=True, eq=False)
class Nullclines:
    """Nullclines of the Wilson-Cowan model, as curves in the (r_E, r_I) plane.

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


def wilson_cowan_nullclines(params, *, n_points=200):
    """Return the E and I nullclines of the Wilson-Cowan model.

    .. math::

        \\dot r_E = 0 \\iff r_I = \\frac{w_{EE} r_E - F_E^{-1}(r_E) + I^{ext}_E}{w_{EI}}, \\qquad
        \\dot r_I = 0 \\iff r_E = \\frac{w_{II} r_I + F_I^{-1}(r_I) - I^{ext}_I}{w_{IE}}

    Parameters
    ----------
    params : WilsonCowanParams
        Model parameters (``w_ei`` and ``w_ie`` must be > 0).
    n_points : int
        Number of points per curve, in [2, 1e6]; the activities sweep the range of each
        sigmoid, from just above its lower bound to just below its upper bound.

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
    if p.w_ei == 0.0 or p.w_ie == 0.0:
        raise ValueError("params: nullclines in this form need w_ei > 0 and w_ie > 0")
    lo_e, hi_e = -_shift(p.a_e, p.theta_e), 1.0 - _shift(p.a_e, p.theta_e)
    lo_i, hi_i = -_shift(p.a_i, p.theta_i), 1.0 - _shift(p.a_i, p.theta_i)
    margin = 1e-6
    r_e = np.linspace(lo_e + margin, hi_e - margin, n_points)
    r_i = np.linspace(lo_i + margin, hi_i - margin, n_points)
    e_r_i = (p.w_ee * r_e - _inverse_sigmoid(r_e, p.a_e, p.theta_e) + p.i_ext_e) / p.w_ei
    i_r_e = (p.w_ii * r_i + _inverse_sigmoid(r_i, p.a_i, p.theta_i) - p.i_ext_i) / p.w_ie
    return Nullclines(e_r_e=r_e, e_r_i=e_r_i, i_r_e=i_r_e, i_r_i=r_i)


def _derivatives(state, p):
    e, i = state
    x_e = p.w_ee * e - p.w_ei * i + p.i_ext_e
    x_i = p.w_ie * e - p.w_ii * i + p.i_ext_i
    return np.array([(-e + _sigmoid(x_e, p.a_e, p.theta_e)) / p.tau_e,
                     (-i + _sigmoid(x_i, p.a_i, p.theta_i)) / p.tau_i])


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
        The point.

    Returns
    -------
    ndarray, shape (2, 2)
    """
    p = _check_wc(params)
    r_e = check_scalar("r_e", r_e, low=-10.0, high=10.0)
    r_i = check_scalar("r_i", r_i, low=-10.0, high=10.0)
    return _jacobian(np.array([r_e, r_i]), p)


def _jacobian(state, p):
    e, i = state
    de = _sigmoid_derivative(p.w_ee * e - p.w_ei * i + p.i_ext_e, p.a_e, p.theta_e)
    di = _sigmoid_derivative(p.w_ie * e - p.w_ii * i + p.i_ext_i, p.a_i, p.theta_i)
    return np.array([[(-1.0 + p.w_ee * de) / p.tau_e, -p.w_ei * de / p.tau_e],
                     [p.w_ie * di / p.tau_i, (-1.0 - p.w_ii * di) / p.tau_i]])


def classify_fixed_point(jacobian, *, tol=1e-9):
    """Classify a fixed point of a planar system from its Jacobian.

    Parameters
    ----------
    jacobian : array_like, shape (2, 2)
        The Jacobian at the fixed point, finite.
    tol : float
        Real parts with ``|Re| <= tol`` (and a determinant within ``tol``) count as zero, >= 0.

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


@dataclass(frozen=True)
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


def find_fixed_points(params, *, n_grid=10, tol=1e-6):
    """Find the fixed points of the Wilson-Cowan model and classify their stability.

    Parameters
    ----------
    params : WilsonCowanParams
        Model parameters.
    n_grid : int
        Root finding (``scipy.optimize.root``, hybrid Powell) starts from an
        ``n_grid x n_grid`` grid over the range of the sigmoids, in [1, 100].
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
    Every fixed point lies inside the box spanned by the sigmoids' ranges, since
    :math:`r = F(\\cdot)` there; a grid of starts over that box finds each one whose basin
    under Newton-like iteration contains a grid point, which a 10 x 10 grid does for the
    Neuromatch parameter sets. Roots are polished until the residual is below 1e-12.

    References
    ----------
    Neuromatch Academy Computational Neuroscience, W2D4 Tutorial 2, section 2.
    Strogatz SH (2015) Nonlinear Dynamics and Chaos, 2nd ed., ch. 5-6. Westview Press.
    """
    from scipy import optimize

    p = _check_wc(params)
    n_grid = check_int("n_grid", n_grid, low=1, high=100)
    tol = check_positive("tol", tol, high=1e-2)
    lo_e, hi_e = -_shift(p.a_e, p.theta_e), 1.0 - _shift(p.a_e, p.theta_e)
    lo_i, hi_i = -_shift(p.a_i, p.theta_i), 1.0 - _shift(p.a_i, p.theta_i)
    starts_e = np.linspace(lo_e, hi_e, n_grid + 2)[1:-1] if n_grid > 1 else [0.5 * (lo_e + hi_e)]
    starts_i = np.linspace(lo_i, hi_i, n_grid + 2)[1:-1] if n_grid > 1 else [0.5 * (lo_i + hi_i)]
    found = []
    for e0 in starts_e:
        for i0 in starts_i:
            sol = optimize.root(_derivatives, np.array([e0, i0]), args=(p,), jac=_jacobian,
                                method="hybr", tol=1e-14)
            x = sol.x
            if not np.all(np.isfinite(x)):
                continue
            residual = float(np.max(np.abs(_derivatives(x, p))))
            if residual > 1e-10:
                continue
            if any(np.max(np.abs(x - y)) < tol for y in found):
                continue
            found.append(x)
    points = []
    for x in sorted(found, key=lambda y: (y[0], y[1])):
        jac = _jacobian(x, p)
        eig = np.linalg.eigvals(jac)
        points.append(FixedPoint(
            r_e=float(x[0]), r_i=float(x[1]),
            eigenvalues=tuple(complex(z) for z in eig),
            kind=classify_fixed_point(jac),
            residual=float(np.max(np.abs(_derivatives(x, p)))),
        ))
    return points


# --------------------------------------------------------------------------- linear threshold


@dataclass(frozen=True, eq=False)
class LinearThresholdResult:
    """Result of :func:`simulate_linear_threshold_network`.

    Attributes
    ----------
    rates : ndarray, shape (n_neurons, n_steps + 1)
        Activity of each neuron; column ``n`` is time ``n * dt``.
    dt : float
        Time step [ms].
    alpha, beta : float
        Self-excitation and lateral inhibition simulated.
    """

    rates: np.ndarray
    dt: float
    alpha: float
    beta: float

    @property
    def time(self) -> np.ndarray:
        """Time of each sample [ms]."""
        return np.arange(self.rates.shape[1]) * self.dt

    @property
    def final_rates(self) -> np.ndarray:
        """Activities at the end of the run, shape (n_neurons,)."""
        return self.rates[:, -1]

    @property
    def winner(self) -> int:
        """Index of the most active neuron at the end."""
        return int(np.argmax(self.final_rates))

    def active(self, threshold=1e-6) -> np.ndarray:
        """Return the indices of neurons with final activity above ``threshold``."""
        threshold = check_nonnegative("threshold", threshold)
        return np.flatnonzero(self.final_rates > threshold)


@numba.njit(cache=True)
def _linear_threshold_kernel(rates, inputs, n_steps, dt, tau, alpha, beta):
    """Euler-integrate ``rates`` (n, n_steps + 1) in place; column 0 holds the start."""
    n = rates.shape[0]
    r = rates[:, 0].copy()
    drive = np.empty(n)
    for k in range(n_steps):
        total = 0.0
        for i in range(n):
            total += r[i]
        for i in range(n):
            x = inputs[i] + alpha * r[i] - beta * (total - r[i])
            drive[i] = x if x > 0.0 else 0.0
        for i in range(n):
            r[i] += dt / tau * (drive[i] - r[i])
            rates[i, k + 1] = r[i]


def simulate_linear_threshold_network(inputs, *, alpha=0.5, beta=0.2, tau=10.0, duration=500.0,
                                      dt=0.1, r0=None, rng=None, noise=0.0):
    """Simulate a ring of linear-threshold units with self-excitation and lateral inhibition.

    Parameters
    ----------
    inputs : array_like, shape (n_neurons,)
        Constant input of each unit, in [-1e3, 1e3]; neurons sit on a ring in index order
        (a bump of input around one index is the usual demo).
    alpha : float
        Self-excitation, in [0, 1) (alpha >= 1 lets a lone winner grow without bound).
    beta : float
        Inhibition from every other unit, in [0, 100].
    tau : float
        Time constant [ms], in (0, 1e4].
    duration : float
        Simulated time [ms], > 0.
    dt : float
        Euler step [ms], in (0, tau / 10].
    r0 : array_like, shape (n_neurons,), optional
        Initial activities, >= 0; zeros by default.
    rng : None, int or numpy.random.Generator
        Source of randomness for ``noise``.
    noise : float
        Standard deviation of Gaussian noise added to the initial activities (then clipped
        at 0), >= 0; useful to break ties between equal inputs.

    Returns
    -------
    LinearThresholdResult
        Activities over time.

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it and the allowed range.

    Notes
    -----
    .. math:: \\tau \\dot r_i = -r_i + \\Big[I_i + \\alpha r_i - \\beta \\sum_{j \\ne i} r_j\\Big]_+

    With k active units the linearised dynamics have eigenvalues
    :math:`(\\alpha + \\beta - 1)/\\tau` for the differences between them and
    :math:`(\\alpha - 1 - (k - 1)\\beta)/\\tau` for their sum: several units can stay
    active together only if :math:`\\beta < 1 - \\alpha`. Above it the unit with the largest
    input wins and settles at :math:`I_{max}/(1 - \\alpha)` while the others are silenced
    (if :math:`\\beta I_{max}/(1-\\alpha)` exceeds their input).

    References
    ----------
    Hahnloser RHR, Sarpeshkar R, Mahowald MA, Douglas RJ, Seung HS (2000) Digital selection
    and analogue amplification coexist in a cortex-inspired silicon circuit. Nature
    405:947-951.
    Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 7.4. MIT Press.
    """
    rng = np.random.default_rng(rng)
    inputs = check_array("inputs", inputs, ndim=1, min_size=1, low=-1e3, high=1e3)
    alpha = check_scalar("alpha", alpha, low=0.0, high=1.0, high_inclusive=False)
    beta = check_scalar("beta", beta, low=0.0, high=100.0)
    tau = check_positive("tau", tau, unit="ms", high=1e4)
    dt = check_dt(dt, max_dt=tau / 10.0, model="linear-threshold network")
    duration = check_duration(duration, dt=dt)
    noise = check_nonnegative("noise", noise, high=1e3)
    n = inputs.size
    if r0 is None:
        start = np.zeros(n)
    else:
        start = check_array("r0", r0, shape=(n,), low=0.0, high=1e6).copy()
    if noise > 0:
        start = np.maximum(start + noise * rng.standard_normal(n), 0.0)
    n_steps = n_steps_for(duration, dt)
    if n * (n_steps + 1) > 100_000_000:
        raise ValueError("inputs: too many neurons x steps (> 1e8 samples); shorten duration")
    rates = np.empty((n, n_steps + 1))
    rates[:, 0] = start
    _linear_threshold_kernel(rates, inputs, n_steps, dt, tau, alpha, beta)
    return LinearThresholdResult(rates=rates, dt=dt, alpha=alpha, beta=beta)
