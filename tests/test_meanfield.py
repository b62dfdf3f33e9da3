"""Siegert rate and Brunel's (2000) self-consistent mean-field rates."""

import math

import numpy as np
import pytest
from scipy import integrate

from neurocourse.networks.meanfield import (
    brunel_input_moments,
    siegert_rate,
    solve_brunel_mean_field,
)


def siegert_by_plain_quadrature(mu, sigma, tau=20.0, theta=20.0, vr=10.0, tref=2.0):
    f = lambda u: math.exp(u * u) * (1.0 + math.erf(u))  # noqa: E731
    value, _ = integrate.quad(f, (vr - mu) / sigma, (theta - mu) / sigma)
    return 1000.0 / (tref + tau * math.sqrt(math.pi) * value)


@pytest.mark.parametrize("mu, sigma", [(10.0, 5.0), (18.0, 3.0), (25.0, 8.0), (5.0, 10.0)])
def test_siegert_matches_the_textbook_integral(mu, sigma):
    assert siegert_rate(mu, sigma) == pytest.approx(siegert_by_plain_quadrature(mu, sigma), rel=1e-8)


def test_siegert_limits():
    # far below threshold with little noise: silent; strongly suprathreshold with little noise: the
    # deterministic LIF rate 1 / (t_ref + tau ln((mu - V_r) / (mu - theta)))
    assert siegert_rate(0.0, 0.5) == 0.0
    deterministic = 1000.0 / (2.0 + 20.0 * math.log((40.0 - 10.0) / (40.0 - 20.0)))
    assert siegert_rate(40.0, 0.05) == pytest.approx(deterministic, rel=1e-3)


def test_moments_at_the_threshold_rate():
    mu, sigma = brunel_input_moments(0.0, g=5.0, nu_ext=10.0)  # nu_ext = nu_thr: mean input at threshold
    assert mu == pytest.approx(20.0)
    assert sigma == pytest.approx(math.sqrt(0.01 * 1000 * 0.02 * 10.0))


@pytest.mark.parametrize(
    "g, ratio, published",
    [
        (5.0, 2.0, 38.0),  # Fig. 8B, asynchronous irregular
        (6.0, 4.0, 56.0),  # Fig. 8C, synchronous irregular, fast
        (4.5, 0.9, 6.5),  # Fig. 8D, synchronous irregular, slow
    ],
)
def test_mean_field_rates_reproduce_brunel_fig8(g, ratio, published):
    """Brunel (2000), Fig. 8: the stationary mean-field rates quoted in the caption, within 5 %."""
    solution = solve_brunel_mean_field(g, ratio)
    assert solution.rates.size == 1
    assert solution.rate == pytest.approx(published, rel=0.05)
    mu, sigma = solution.mu[0], solution.sigma[0]
    assert siegert_rate(mu, sigma) == pytest.approx(solution.rate, rel=1e-8)  # self-consistent


def test_scaled_network_keeps_the_rates():
    """C_E stays 1000 when N_E shrinks, so the mean-field rate of a scaled network is unchanged."""
    assert solve_brunel_mean_field(5.0, 2.0, n_excitatory=5000).rate == pytest.approx(
        solve_brunel_mean_field(5.0, 2.0).rate, rel=1e-9
    )


def test_shifted_potentials_give_the_same_rates_and_the_solution_is_read_only():
    from neurocourse.networks import BrunelParams

    shifted = BrunelParams(e_leak=-70.0, v_threshold=-50.0, v_reset=-60.0)
    solution = solve_brunel_mean_field(5.0, 2.0, params=shifted)
    assert solution.rate == pytest.approx(solve_brunel_mean_field(5.0, 2.0).rate, rel=1e-9)
    with pytest.raises(ValueError, match="read-only"):
        solution.rates[0] = 0.0


def test_excitation_dominated_network_saturates():
    solution = solve_brunel_mean_field(3.0, 2.0)  # Fig. 8A: synchronous regular, near 1 / t_ref
    assert solution.rate > 300.0


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: siegert_rate(10.0, 0.0), "sigma"),
        (lambda: siegert_rate(np.nan, 1.0), "mu"),
        (lambda: siegert_rate(10.0, 1.0, v_reset=30.0), "v_reset"),
        (lambda: siegert_rate(10.0, 1.0, tau_m=-1.0), "tau_m"),
        (lambda: solve_brunel_mean_field(-1.0, 2.0), "g"),
        (lambda: solve_brunel_mean_field(5.0, 0.0), "nu_ext_ratio"),
        (lambda: brunel_input_moments(-1.0, g=5.0, nu_ext=1.0), "rate"),
        (lambda: solve_brunel_mean_field(5.0, 2.0, n_grid=2), "n_grid"),
    ],
)
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()
