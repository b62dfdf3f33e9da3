"""Linear-threshold network: winner-take-all above beta = 1 - alpha, graded below; convergence."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurocourse.networks import linear_threshold
from neurocourse.networks.linear_threshold import (
    LinearThresholdParams,
    LinearThresholdResult,
    simulate_linear_threshold_network,
)


def bump(n=20, centre=7, width=3.0, height=1.0, base=0.5):
    idx = np.arange(n)
    dist = np.minimum(np.abs(idx - centre), n - np.abs(idx - centre))  # on a ring
    return base + height * np.exp(-(dist**2) / (2 * width**2))


def two_bumps(width):
    """The widget's input (two bumps at units 6 and 14 and a ripple), written out."""
    units = np.arange(20)
    return (
        1.0
        + 0.3 * np.exp(-0.5 * ((units - 6.0) / width) ** 2)
        + 0.25 * np.exp(-0.5 * ((units - 14.0) / width) ** 2)
        + 0.02 * np.cos(2.3 * units)
    )


def derivative(params, inputs, r):
    """dr/dt of the model [1/ms], from the equation."""
    drive = inputs + params.alpha * r - params.beta * (r.sum() - r)
    return (np.maximum(drive, 0.0) - r) / params.tau


def test_params_are_keyword_only_and_state_their_step():
    with pytest.raises(TypeError):
        LinearThresholdParams(0.5)
    assert LinearThresholdParams(tau=20.0).max_dt == pytest.approx(2.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        LinearThresholdParams().alpha = 0.1


@pytest.mark.parametrize("alpha, beta", [(0.5, 0.6), (0.0, 1.2), (0.3, 0.9)])
def test_strong_inhibition_picks_a_single_winner(alpha, beta):
    assert beta > 1 - alpha
    inputs = bump()
    params = LinearThresholdParams(alpha=alpha, beta=beta, tau=10.0)
    result = simulate_linear_threshold_network(
        params, inputs, duration=5000.0, dt=0.1, until_converged=True, tol=1e-10
    )
    assert result.converged
    assert result.active().tolist() == [7]
    assert result.winner == 7
    assert result.final_rates[7] == pytest.approx(inputs[7] / (1 - alpha), rel=1e-8)


@pytest.mark.parametrize("alpha, beta", [(0.5, 0.02), (0.0, 0.03), (0.3, 0.01)])
def test_weak_inhibition_gives_graded_responses(alpha, beta):
    assert beta < 1 - alpha
    inputs = bump()
    params = LinearThresholdParams(alpha=alpha, beta=beta, tau=10.0)
    result = simulate_linear_threshold_network(params, inputs, duration=1000.0, dt=0.1)
    n = inputs.size
    # all active: (1 - alpha - beta) r + beta * sum(r) = I  (the linear steady state)
    matrix = (1 - alpha - beta) * np.eye(n) + beta * np.ones((n, n))
    expected = np.linalg.solve(matrix, inputs)
    assert np.all(expected > 0)
    np.testing.assert_allclose(result.final_rates, expected, rtol=1e-6)
    assert result.converged
    assert result.active().size == n
    assert np.all(np.diff(result.final_rates[7:12]) < 0)  # graded: order of the inputs kept


def test_single_winner_at_the_lecture_beta_needs_a_converged_run():
    """Issue 7: at alpha = 0.5, beta = 0.7 (the single-winner case) a fixed 300 ms run stops while a
    loser is still active; run to convergence, exactly one unit is left."""
    params = LinearThresholdParams(alpha=0.5, beta=0.7, tau=10.0)
    inputs = two_bumps(6.0)
    fixed = simulate_linear_threshold_network(params, inputs, duration=300.0, dt=0.1)
    assert fixed.active().size == 2 and not fixed.converged  # what the old demo showed
    result = simulate_linear_threshold_network(params, inputs, duration=5000.0, dt=0.1, until_converged=True)
    assert result.converged and result.duration > 300.0
    assert result.active().tolist() == [int(np.argmax(inputs))]
    assert result.final_rates[result.winner] == pytest.approx(inputs.max() / (1 - params.alpha), rel=1e-4)


def test_the_run_stops_at_the_first_sample_that_meets_the_tolerance():
    params = LinearThresholdParams(alpha=0.5, beta=0.7, tau=10.0)
    inputs = two_bumps(2.0)
    tol = 1e-6
    result = simulate_linear_threshold_network(
        params, inputs, duration=5000.0, dt=0.1, until_converged=True, tol=tol
    )
    assert isinstance(result, LinearThresholdResult)
    assert result.rates.shape == (20, result.n_steps) and result.tol == tol

    def meets(r):
        return np.abs(derivative(params, inputs, r)).max() <= tol * max(r.max(), np.abs(inputs).max())

    assert meets(result.rates[:, -1]) and not meets(result.rates[:, -2])
    # the same run of fixed length holds the same samples
    fixed = simulate_linear_threshold_network(params, inputs, duration=result.duration, dt=0.1)
    np.testing.assert_array_equal(fixed.rates, result.rates)
    assert fixed.converged
    # and stopping too early is reported
    assert not simulate_linear_threshold_network(
        params, inputs, duration=50.0, dt=0.1, until_converged=True
    ).converged


def test_samples_follow_the_convention():
    params = LinearThresholdParams(alpha=0.4, beta=0.7, tau=10.0)
    inputs = bump(5)
    start = np.linspace(0.0, 1.0, 5)
    result = simulate_linear_threshold_network(params, inputs, duration=2.0, dt=0.5, r_init=start)
    assert result.n_steps == 4 and result.duration == pytest.approx(2.0)
    np.testing.assert_allclose(result.time, [0.0, 0.5, 1.0, 1.5])
    r = start.copy()
    for n in range(4):
        np.testing.assert_allclose(result.rates[:, n], r, rtol=1e-14, atol=1e-15)
        r = r + 0.5 * derivative(params, inputs, r)
    with pytest.raises(ValueError, match="read-only"):
        result.rates[0, 0] = 1.0


def test_a_silenced_network_converges_too():
    params = LinearThresholdParams(alpha=0.5, beta=0.7)
    result = simulate_linear_threshold_network(
        params, [-1.0, -2.0], duration=2000.0, r_init=[1.0, 0.5], until_converged=True
    )
    assert result.converged and result.active().size == 0 and result.final_rates.max() < 1e-4


def test_linear_threshold_kernel_equals_its_python_function():
    inputs = bump(8)
    outs = []
    for f in (linear_threshold._linear_threshold_kernel, linear_threshold._linear_threshold_kernel.py_func):
        r = np.zeros((8, 51))
        r[:, 0] = np.linspace(0, 1, 8)
        n_done, converged = f(r, inputs, 0.1, 10.0, 0.4, 0.7, 1e-6, False)
        assert n_done == 51 and not converged
        outs.append(r)
    np.testing.assert_array_equal(outs[0], outs[1])


def test_linear_threshold_validation_names_the_argument():
    for kwargs, name in [
        (dict(alpha=1.0), "alpha"),
        (dict(alpha=-0.1), "alpha"),
        (dict(beta=-1.0), "beta"),
        (dict(beta=101.0), "beta"),
        (dict(tau=0.0), "tau"),
    ]:
        with pytest.raises(ValueError, match=name):
            LinearThresholdParams(**kwargs)
    params = LinearThresholdParams()
    cases = [
        (dict(dt=5.0), "dt"),
        (dict(duration=0.0), "duration"),
        (dict(r_init=[1.0, 2.0]), "r_init"),
        (dict(r_init=[-1.0, 0.0, 0.0]), "r_init"),
        (dict(noise=-1.0), "noise"),
        (dict(tol=0.0), "tol"),
    ]
    for kwargs, name in cases:
        kwargs.setdefault("duration", 10.0)
        with pytest.raises(ValueError, match=name):
            simulate_linear_threshold_network(params, [1.0, 2.0, 3.0], **kwargs)
    with pytest.raises(ValueError, match="inputs"):
        simulate_linear_threshold_network(params, [], duration=10.0)
    with pytest.raises(ValueError, match="inputs"):
        simulate_linear_threshold_network(params, [np.nan, 1.0], duration=10.0)
    with pytest.raises(TypeError, match="until_converged"):
        simulate_linear_threshold_network(params, [1.0], duration=10.0, until_converged="yes")
    with pytest.raises(TypeError, match="params"):
        simulate_linear_threshold_network([1.0, 2.0], params, duration=10.0)
    with pytest.raises(TypeError, match="duration"):
        simulate_linear_threshold_network(params, [1.0, 2.0])
    with pytest.raises(ValueError, match="threshold"):
        simulate_linear_threshold_network(params, [1.0], duration=1.0).active(1.5)


finite = dict(allow_nan=False, allow_infinity=False)


@settings(deadline=None, max_examples=40)
@given(
    inputs=st.lists(st.floats(-100, 100, **finite), min_size=1, max_size=12),
    alpha=st.floats(0, 0.99, **finite),
    beta=st.floats(0, 5, **finite),
    seed=st.integers(0, 3),
    until_converged=st.booleans(),
)
def test_linear_threshold_odd_inputs_stay_finite_and_non_negative(inputs, alpha, beta, seed, until_converged):
    params = LinearThresholdParams(alpha=alpha, beta=beta)
    result = simulate_linear_threshold_network(
        params, inputs, duration=50.0, noise=0.1, rng=seed, until_converged=until_converged
    )
    assert np.all(np.isfinite(result.rates)) and np.all(result.rates >= 0)
    assert 1 <= result.n_steps <= 500
