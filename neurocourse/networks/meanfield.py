"""Mean-field (diffusion) theory of LIF networks: the Siegert rate and Brunel's self-consistency.

A LIF neuron whose input is a sum of many small, independent Poisson kicks sees a membrane
potential that diffuses with mean ``mu`` and standard deviation ``sigma``; its firing rate
is the first-passage rate of that diffusion through threshold, the Siegert formula. In a
sparse random network the rate a neuron emits must equal the rate it receives, which fixes
the network's stationary rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import integrate, optimize, special

from .._validation import check_int, check_nonnegative, check_positive, check_scalar
from .presets import BrunelParams, brunel_indegrees, brunel_threshold_rate

__all__ = [
    "siegert_rate",
    "BrunelMeanField",
    "brunel_input_moments",
    "solve_brunel_mean_field",
]

# Above this value of (theta - mu) / sigma the rate is below 1e-300 Hz: zero in double precision.
_LARGE_BARRIER = 26.0


def siegert_rate(mu, sigma, *, tau_m=20.0, theta=20.0, v_reset=10.0, t_ref=2.0):
    """Return the stationary rate of a LIF neuron driven by white noise (the Siegert formula) [Hz].

    .. math::

        \\frac{1}{\\nu} = t_{ref} + \\tau_m \\sqrt{\\pi}
        \\int_{(V_r - \\mu)/\\sigma}^{(\\theta - \\mu)/\\sigma} e^{u^2} (1 + \\mathrm{erf}\\, u)\\, du

    Parameters
    ----------
    mu : float
        Mean input, as the free membrane potential it would hold [mV] (relative to rest).
    sigma : float
        Standard deviation of the free membrane potential [mV], > 0.
    tau_m : float
        Membrane time constant [ms], > 0.
    theta : float
        Threshold [mV] (relative to rest).
    v_reset : float
        Reset [mV] (relative to rest), below ``theta``.
    t_ref : float
        Refractory period [ms], >= 0.

    Returns
    -------
    rate : float
        Firing rate [Hz].

    References
    ----------
    Siegert AJF (1951) On the first passage time probability problem. Phys Rev 81:617-623.
    Brunel N (2000) J Comput Neurosci 8:183-208, eq. 21.
    """
    mu = check_scalar("mu", mu, unit="mV", low=-1e4, high=1e4)
    sigma = check_positive("sigma", sigma, unit="mV", high=1e4)
    tau_m = check_positive("tau_m", tau_m, unit="ms")
    theta = check_scalar("theta", theta, unit="mV")
    v_reset = check_scalar(
        "v_reset",
        v_reset,
        unit="mV",
        high=theta,
    )
    if v_reset >= theta:
        raise ValueError(f"v_reset [mV] must be below theta = {theta:g} mV; got {v_reset:g}")
    t_ref = check_nonnegative("t_ref", t_ref, unit="ms")
    upper = (theta - mu) / sigma
    lower = (v_reset - mu) / sigma
    if lower > _LARGE_BARRIER:
        return 0.0
    # e^{u^2}(1 + erf u) = erfcx(-u): finite for every u, and the integrand is monotone
    value, _ = integrate.quad(
        lambda u: special.erfcx(-u), lower, min(upper, _LARGE_BARRIER + 10.0), limit=200
    )
    period = t_ref + tau_m * math.sqrt(math.pi) * value  # ms
    if not math.isfinite(period) or period <= 0.0:
        return 0.0
    return 1000.0 / period


def brunel_input_moments(rate, *, g, nu_ext, j=0.1, c_e=1000, gamma=0.25, tau_m=20.0):
    """Return the mean and standard deviation [mV] of the input to a neuron of Brunel's network.

    .. math::

        \\mu = C_E J \\tau [\\nu_{ext} + \\nu (1 - g\\gamma)], \\qquad
        \\sigma^2 = J^2 C_E \\tau [\\nu_{ext} + \\nu (1 + g^2 \\gamma)]

    Parameters
    ----------
    rate : float
        Rate of the network's neurons nu [Hz], >= 0.
    g : float
        Relative strength of inhibition, >= 0.
    nu_ext : float
        Rate of each of the C_E external inputs [Hz], >= 0.
    j : float
        Excitatory PSP amplitude J [mV], > 0.
    c_e : int
        Number of excitatory (and external) inputs per neuron.
    gamma : float
        C_I / C_E (0.25 in the paper).
    tau_m : float
        Membrane time constant [ms].
    """
    rate = check_nonnegative("rate", rate, unit="Hz")
    g = check_nonnegative("g", g)
    nu_ext = check_nonnegative("nu_ext", nu_ext, unit="Hz")
    tau_s = check_positive("tau_m", tau_m, unit="ms") / 1000.0
    mu = c_e * j * tau_s * (nu_ext + rate * (1.0 - g * gamma))
    var = j * j * c_e * tau_s * (nu_ext + rate * (1.0 + g * g * gamma))
    return mu, math.sqrt(var)


@dataclass(frozen=True, kw_only=True, eq=False)
class BrunelMeanField:
    """Stationary solutions of Brunel's mean-field equations.

    Attributes
    ----------
    rates : ndarray
        Every self-consistent rate found [Hz], ascending (usually one); read-only.
    mu : ndarray
        Mean input at each solution [mV], relative to rest.
    sigma : ndarray
        Input standard deviation at each solution [mV].
    g : float
        Relative inhibition.
    nu_ext_ratio : float
        nu_ext / nu_thr.
    """

    rates: np.ndarray
    mu: np.ndarray
    sigma: np.ndarray
    g: float
    nu_ext_ratio: float

    def __post_init__(self):
        for name in ("rates", "mu", "sigma"):
            getattr(self, name).setflags(write=False)

    @property
    def rate(self) -> float:
        """The lowest self-consistent rate [Hz] (the one the asynchronous state settles on)."""
        return float(self.rates[0])


def solve_brunel_mean_field(g, nu_ext_ratio, *, n_excitatory=10000, params=None, n_grid=400):
    """Solve nu = phi(mu(nu), sigma(nu)) for the stationary rate of Brunel's sparse E/I network.

    Parameters
    ----------
    g : float
        Relative strength of inhibition, in [0, 20].
    nu_ext_ratio : float
        External rate in units of nu_thr, in (0, 20].
    n_excitatory : int
        Number of excitatory neurons N_E; sets the in-degrees as in the simulation
        (:func:`~neurocourse.networks.brunel_indegrees`: C_E = 1000 for N_E <= 10 000).
    params : BrunelParams, optional
        The same parameters as :func:`~neurocourse.networks.simulate_brunel` takes; Brunel's
        by default.
    n_grid : int
        Rates scanned between 0 and 1/t_ref to bracket every solution, in [10, 10 000].

    Returns
    -------
    BrunelMeanField
        All self-consistent rates, ascending, with their input moments.

    Notes
    -----
    The rates are roots of :math:`F(\\nu) = \\phi(\\mu(\\nu), \\sigma(\\nu)) - \\nu`, bracketed on a
    grid of rates (finer near 0) and refined with Brent's method.

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208, eqs. 4-5, 21.
    Amit DJ, Brunel N (1997) Cereb Cortex 7:237-252.
    """
    params = BrunelParams() if params is None else params
    if not isinstance(params, BrunelParams):
        raise TypeError(f"params must be a BrunelParams; got {type(params).__name__}")
    g = check_scalar("g", g, low=0.0, high=20.0)
    nu_ext_ratio = check_scalar("nu_ext_ratio", nu_ext_ratio, low=0.0, high=20.0, low_inclusive=False)
    n_grid = check_int("n_grid", n_grid, low=10, high=10_000)
    c_e, c_i = brunel_indegrees(n_excitatory, params=params)
    gamma = c_i / c_e
    nu_ext = nu_ext_ratio * brunel_threshold_rate(n_excitatory, params=params)
    max_rate = 1000.0 / params.t_ref if params.t_ref > 0 else 1e4
    moments = dict(g=g, nu_ext=nu_ext, j=params.j, c_e=c_e, gamma=gamma, tau_m=params.tau_m)
    # the Siegert formula takes potentials relative to rest
    neuron = dict(
        tau_m=params.tau_m,
        theta=params.v_threshold - params.e_leak,
        v_reset=params.v_reset - params.e_leak,
        t_ref=params.t_ref,
    )

    def excess(rate):
        mu, sigma = brunel_input_moments(rate, **moments)
        return siegert_rate(mu, sigma, **neuron) - rate

    grid = max_rate * np.linspace(0.0, 1.0, n_grid) ** 2
    values = np.array([excess(r) for r in grid])
    roots = []
    for a, b, fa, fb in zip(grid[:-1], grid[1:], values[:-1], values[1:], strict=True):
        if fa == 0.0:
            roots.append(a)
        elif fa * fb < 0.0:
            roots.append(optimize.brentq(excess, a, b, xtol=1e-10, rtol=1e-12))
    if not roots:  # saturated: the rate sits at the refractory limit
        roots.append(grid[int(np.argmin(np.abs(values)))])
    rates = np.array(sorted(roots))
    solved = [brunel_input_moments(r, **moments) for r in rates]
    return BrunelMeanField(
        rates=rates,
        mu=np.array([m[0] for m in solved]),
        sigma=np.array([m[1] for m in solved]),
        g=g,
        nu_ext_ratio=nu_ext_ratio,
    )
