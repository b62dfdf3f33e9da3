"""Rate models: Wilson-Cowan fixed points, stability and limit cycle; winner-take-all."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurocourse.networks import rates
from neurocourse.networks.rates import (
    WilsonCowanParams,
    classify_fixed_point,
    find_fixed_points,
    simulate_linear_threshold_network,
    simulate_wilson_cowan,
    wilson_cowan_inverse_sigmoid,
    wilson_cowan_jacobian,
    wilson_cowan_nullclines,
    wilson_cowan_sigmoid,
)

BISTABLE = WilsonCowanParams()  # Neuromatch W2D4 defaults
OSCILLATING = WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0, w_ii=1.2, i_ext_e=0.8)


def on_nullclines(p, r_e, r_i):
    """Distance of a point from the E nullcline (in r_I) and the I nullcline (in r_E)."""
    e_r_i = (p.w_ee * r_e - wilson_cowan_inverse_sigmoid(r_e, p.a_e, p.theta_e) + p.i_ext_e) / p.w_ei
    i_r_e = (p.w_ii * r_i + wilson_cowan_inverse_sigmoid(r_i, p.a_i, p.theta_i) - p.i_ext_i) / p.w_ie
    return abs(e_r_i - r_i), abs(i_r_e - r_e)


# --------------------------------------------------------------------------- Wilson-Cowan


def test_sigmoid_is_zero_at_zero_and_inverts():
    assert wilson_cowan_sigmoid(0.0, 1.2, 2.8) == pytest.approx(0.0, abs=1e-15)
    x = np.linspace(-5, 10, 31)
    np.testing.assert_allclose(wilson_cowan_inverse_sigmoid(wilson_cowan_sigmoid(x, 1.2, 2.8), 1.2, 2.8), x,
                               atol=1e-9)
    expected = 1 / (1 + np.exp(-1.2 * (x - 2.8))) - 1 / (1 + np.exp(1.2 * 2.8))
    np.testing.assert_allclose(wilson_cowan_sigmoid(x, 1.2, 2.8), expected, rtol=1e-12, atol=1e-15)
    assert np.isnan(wilson_cowan_inverse_sigmoid(1.5, 1.2, 2.8))


def test_bistable_set_has_stable_saddle_stable_fixed_points():
    points = find_fixed_points(BISTABLE)
    assert [p.kind for p in points] == ["stable focus", "saddle", "stable node"]
    # coordinates computed here and checked against the nullclines (Neuromatch's guesses are
    # only approximate); residuals are at machine precision
    expected = [(0.0, 0.0), (0.336852, 0.168420), (0.938430, 0.672481)]
    for point, (r_e, r_i) in zip(points, expected):
        assert point.r_e == pytest.approx(r_e, abs=1e-4) and point.r_i == pytest.approx(r_i, abs=1e-4)
        assert point.residual < 1e-12
        if point.r_e > 1e-9:
            d_e, d_i = on_nullclines(BISTABLE, point.r_e, point.r_i)
            assert d_e < 1e-9 and d_i < 1e-9
    assert points[0].stable and points[2].stable and not points[1].stable
    assert points[1].eigenvalues[0].real * points[1].eigenvalues[1].real < 0


def test_bistable_trajectories_go_to_the_attractor_on_their_side_of_the_saddle():
    low, saddle, high = find_fixed_points(BISTABLE)
    result = simulate_wilson_cowan(BISTABLE, r_e0=[0.1, 0.6, saddle.r_e - 0.02, saddle.r_e + 0.02],
                                   r_i0=[0.1, 0.6, saddle.r_i, saddle.r_i], duration=100.0, dt=0.1)
    final = result.final_state
    np.testing.assert_allclose(final[[0, 2]], [[low.r_e, low.r_i]] * 2, atol=1e-6)
    np.testing.assert_allclose(final[[1, 3]], [[high.r_e, high.r_i]] * 2, atol=1e-6)


def test_limit_cycle_set_has_one_unstable_focus_and_keeps_oscillating():
    points = find_fixed_points(OSCILLATING)
    assert len(points) == 1 and points[0].kind == "unstable focus"
    assert points[0].residual < 1e-12
    d_e, d_i = on_nullclines(OSCILLATING, points[0].r_e, points[0].r_i)
    assert d_e < 1e-9 and d_i < 1e-9
    # from near the focus and from far away, trajectories end on the same stable cycle
    result = simulate_wilson_cowan(OSCILLATING, r_e0=[points[0].r_e + 0.01, 0.0, 0.9],
                                   r_i0=[points[0].r_i, 0.0, 0.9], duration=200.0, dt=0.1)
    late = result.r_e[:, -1000:]
    amplitude = late.max(axis=1) - late.min(axis=1)
    assert np.all(amplitude > 0.3)
    np.testing.assert_allclose(amplitude, amplitude[0], rtol=1e-3)
    # a regular oscillation: successive maxima are equally spaced
    x = late[0]
    peaks = np.flatnonzero((x[1:-1] > x[:-2]) & (x[1:-1] >= x[2:])) + 1
    assert peaks.size >= 3
    periods = np.diff(peaks)
    assert periods.max() - periods.min() <= 1


def test_jacobian_matches_finite_differences():
    for p in (BISTABLE, OSCILLATING):
        x = np.array([0.3, 0.2])
        jac = wilson_cowan_jacobian(p, *x)
        h = 1e-6
        numeric = np.column_stack([(rates._derivatives(x + h * e, p) - rates._derivatives(x - h * e, p)) / (2 * h)
                                   for e in np.eye(2)])
        np.testing.assert_allclose(jac, numeric, rtol=1e-6, atol=1e-8)


def test_nullclines_cross_at_the_fixed_points():
    null = wilson_cowan_nullclines(BISTABLE, n_points=2000)
    for point in find_fixed_points(BISTABLE):
        k = np.argmin(np.abs(null.e_r_e - point.r_e))
        assert abs(null.e_r_i[k] - point.r_i) < 5e-3
        k = np.argmin(np.abs(null.i_r_i - point.r_i))
        assert abs(null.i_r_e[k] - point.r_e) < 5e-3


@pytest.mark.parametrize("jac, kind", [
    ([[-1, 0], [0, -2]], "stable node"), ([[1, 0], [0, 2]], "unstable node"),
    ([[-1, -2], [2, -1]], "stable focus"), ([[1, -2], [2, 1]], "unstable focus"),
    ([[1, 0], [0, -1]], "saddle"), ([[0, -1], [1, 0]], "non-hyperbolic")])
def test_classification_of_planar_fixed_points(jac, kind):
    assert classify_fixed_point(np.array(jac, dtype=float)) == kind


def test_wilson_cowan_kernel_equals_its_python_function():
    p = OSCILLATING
    args = (20, 0.1, p.tau_e, p.a_e, p.theta_e, p.tau_i, p.a_i, p.theta_i, p.w_ee, p.w_ei, p.w_ie, p.w_ii,
            p.i_ext_e, p.i_ext_i, rates._shift(p.a_e, p.theta_e), rates._shift(p.a_i, p.theta_i))
    outs = []
    for f in (rates._wilson_cowan_kernel, rates._wilson_cowan_kernel.py_func):
        r_e = np.zeros((2, 21))
        r_i = np.zeros((2, 21))
        r_e[:, 0] = [0.1, 0.7]
        r_i[:, 0] = [0.2, 0.1]
        f(r_e, r_i, *args)
        outs.append((r_e, r_i))
    np.testing.assert_array_equal(outs[0][0], outs[1][0])
    np.testing.assert_array_equal(outs[0][1], outs[1][1])


def test_wilson_cowan_validation_names_the_argument():
    for kwargs, name in [({"tau_e": 0.0}, "tau_e"), ({"tau_i": -1.0}, "tau_i"), ({"a_e": 0.0}, "a_e"),
                         ({"w_ee": -1.0}, "w_ee"), ({"theta_i": np.nan}, "theta_i"), ({"i_ext_e": np.inf}, "i_ext_e")]:
        with pytest.raises(ValueError, match=name):
            WilsonCowanParams(**kwargs)
    cases = [
        (dict(dt=1.0), ValueError, "dt"), (dict(dt=0.0), ValueError, "dt"),
        (dict(duration=-1.0), ValueError, "duration"), (dict(r_e0=np.nan), ValueError, "r_e0"),
        (dict(r_e0=[0.1, 0.2], r_i0=[0.1, 0.2, 0.3]), ValueError, "r_e0"),
        (dict(r_i0=5.0), ValueError, "r_i0"), (dict(r_e0=[[0.1]]), ValueError, "r_e0"),
    ]
    for kwargs, error, name in cases:
        with pytest.raises(error, match=name):
            simulate_wilson_cowan(BISTABLE, **kwargs)
    with pytest.raises(TypeError, match="params"):
        simulate_wilson_cowan({"tau_e": 1.0})
    with pytest.raises(ValueError, match="n_grid"):
        find_fixed_points(BISTABLE, n_grid=0)
    with pytest.raises(ValueError, match="tol"):
        find_fixed_points(BISTABLE, tol=-1.0)
    with pytest.raises(ValueError, match="n_points"):
        wilson_cowan_nullclines(BISTABLE, n_points=1)
    with pytest.raises(ValueError, match="jacobian"):
        classify_fixed_point(np.eye(3))


finite = dict(allow_nan=False, allow_infinity=False)


@given(w=st.lists(st.floats(0, 20, **finite), min_size=4, max_size=4), i_ext=st.floats(-5, 5, **finite),
       a=st.floats(0.1, 5, **finite), theta=st.floats(-5, 10, **finite))
def test_fixed_points_of_odd_parameters_are_genuine(w, i_ext, a, theta):
    p = WilsonCowanParams(w_ee=w[0], w_ei=w[1], w_ie=w[2], w_ii=w[3], i_ext_e=i_ext, a_e=a, theta_e=theta)
    points = find_fixed_points(p, n_grid=4)
    for point in points:
        assert point.residual < 1e-10 and np.isfinite(point.r_e) and np.isfinite(point.r_i)
    result = simulate_wilson_cowan(p, r_e0=0.5, r_i0=0.5, duration=5.0)
    assert np.all(np.isfinite(result.r_e)) and np.all(np.isfinite(result.r_i))


# --------------------------------------------------------------------------- winner-take-all


def bump(n=20, centre=7, width=3.0, height=1.0, base=0.5):
    idx = np.arange(n)
    dist = np.minimum(np.abs(idx - centre), n - np.abs(idx - centre))  # on a ring
    return base + height * np.exp(-dist ** 2 / (2 * width ** 2))


@pytest.mark.parametrize("alpha, beta", [(0.5, 0.6), (0.0, 1.2), (0.3, 0.9)])
def test_strong_inhibition_picks_a_single_winner(alpha, beta):
    assert beta > 1 - alpha
    inputs = bump()
    result = simulate_linear_threshold_network(inputs, alpha=alpha, beta=beta, tau=10.0, duration=1000.0, dt=0.1)
    assert result.active(1e-6).tolist() == [7]
    assert result.winner == 7
    assert result.final_rates[7] == pytest.approx(inputs[7] / (1 - alpha), rel=1e-6)


@pytest.mark.parametrize("alpha, beta", [(0.5, 0.02), (0.0, 0.03), (0.3, 0.01)])
def test_weak_inhibition_gives_graded_responses(alpha, beta):
    assert beta < 1 - alpha
    inputs = bump()
    result = simulate_linear_threshold_network(inputs, alpha=alpha, beta=beta, tau=10.0, duration=1000.0, dt=0.1)
    n = inputs.size
    # all active: (1 - alpha - beta) r + beta * sum(r) = I  (the linear steady state)
    matrix = (1 - alpha - beta) * np.eye(n) + beta * np.ones((n, n))
    expected = np.linalg.solve(matrix, inputs)
    assert np.all(expected > 0)
    np.testing.assert_allclose(result.final_rates, expected, rtol=1e-6)
    assert result.active().size == n
    assert np.all(np.diff(result.final_rates[7:12]) < 0)  # graded: order of the inputs kept


def test_linear_threshold_kernel_equals_its_python_function():
    inputs = bump(8)
    outs = []
    for f in (rates._linear_threshold_kernel, rates._linear_threshold_kernel.py_func):
        r = np.zeros((8, 51))
        r[:, 0] = np.linspace(0, 1, 8)
        f(r, inputs, 50, 0.1, 10.0, 0.4, 0.7)
        outs.append(r)
    np.testing.assert_array_equal(outs[0], outs[1])


def test_linear_threshold_validation_names_the_argument():
    cases = [
        (dict(alpha=1.0), "alpha"), (dict(alpha=-0.1), "alpha"), (dict(beta=-1.0), "beta"),
        (dict(tau=0.0), "tau"), (dict(dt=5.0), "dt"), (dict(duration=0.0), "duration"),
        (dict(r0=[1.0, 2.0]), "r0"), (dict(r0=[-1.0, 0.0, 0.0]), "r0"), (dict(noise=-1.0), "noise"),
    ]
    for kwargs, name in cases:
        with pytest.raises(ValueError, match=name):
            simulate_linear_threshold_network([1.0, 2.0, 3.0], **kwargs)
    with pytest.raises(ValueError, match="inputs"):
        simulate_linear_threshold_network([])
    with pytest.raises(ValueError, match="inputs"):
        simulate_linear_threshold_network([np.nan, 1.0])


@given(inputs=st.lists(st.floats(-100, 100, **finite), min_size=1, max_size=12),
       alpha=st.floats(0, 0.99, **finite), beta=st.floats(0, 5, **finite), seed=st.integers(0, 3))
def test_linear_threshold_odd_inputs_stay_finite_and_non_negative(inputs, alpha, beta, seed):
    result = simulate_linear_threshold_network(inputs, alpha=alpha, beta=beta, duration=50.0, noise=0.1, rng=seed)
    assert np.all(np.isfinite(result.rates)) and np.all(result.rates >= 0)
