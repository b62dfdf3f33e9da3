"""Wilson-Cowan model: vector field, nullclines, fixed points, stability, limit cycle."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurocourse.networks import wilson_cowan
from neurocourse.networks.wilson_cowan import (
    WilsonCowanParams,
    WilsonCowanResult,
    classify_fixed_point,
    find_fixed_points,
    simulate_wilson_cowan,
    wilson_cowan_activity_range,
    wilson_cowan_field,
    wilson_cowan_inverse_sigmoid,
    wilson_cowan_jacobian,
    wilson_cowan_nullclines,
    wilson_cowan_sigmoid,
)

BISTABLE = WilsonCowanParams()  # Neuromatch W2D4 defaults
OSCILLATING = WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0, w_ii=1.2, i_ext_e=0.8)


def reference_field(p, r_e, r_i):
    """The equations of the docstring, written out with exp."""

    def f(x, a, theta):
        return 1 / (1 + np.exp(-a * (x - theta))) - 1 / (1 + np.exp(a * theta))

    return (
        (-r_e + f(p.w_ee * r_e - p.w_ei * r_i + p.i_ext_e, p.a_e, p.theta_e)) / p.tau_e,
        (-r_i + f(p.w_ie * r_e - p.w_ii * r_i + p.i_ext_i, p.a_i, p.theta_i)) / p.tau_i,
    )


def on_nullclines(p, r_e, r_i):
    """Distance of a point from the E nullcline (in r_I) and the I nullcline (in r_E)."""
    e_r_i = (p.w_ee * r_e - wilson_cowan_inverse_sigmoid(r_e, p.a_e, p.theta_e) + p.i_ext_e) / p.w_ei
    i_r_e = (p.w_ii * r_i + wilson_cowan_inverse_sigmoid(r_i, p.a_i, p.theta_i) - p.i_ext_i) / p.w_ie
    return abs(e_r_i - r_i), abs(i_r_e - r_e)


def test_params_are_keyword_only_and_state_their_step():
    with pytest.raises(TypeError):
        WilsonCowanParams(1.0)
    assert BISTABLE.max_dt == pytest.approx(0.2)  # a fifth of tau_e = 1 ms
    assert WilsonCowanParams(tau_e=3.0, tau_i=2.0).max_dt == pytest.approx(0.4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        BISTABLE.w_ee = 1.0


def test_sigmoid_is_zero_at_zero_and_inverts():
    assert wilson_cowan_sigmoid(0.0, 1.2, 2.8) == pytest.approx(0.0, abs=1e-15)
    x = np.linspace(-5, 10, 31)
    np.testing.assert_allclose(
        wilson_cowan_inverse_sigmoid(wilson_cowan_sigmoid(x, 1.2, 2.8), 1.2, 2.8), x, atol=1e-9
    )
    expected = 1 / (1 + np.exp(-1.2 * (x - 2.8))) - 1 / (1 + np.exp(1.2 * 2.8))
    np.testing.assert_allclose(wilson_cowan_sigmoid(x, 1.2, 2.8), expected, rtol=1e-12, atol=1e-15)
    assert np.isnan(wilson_cowan_inverse_sigmoid(1.5, 1.2, 2.8))


def test_field_is_the_equations_and_broadcasts():
    e, i = np.meshgrid(np.linspace(-0.2, 1.0, 7), np.linspace(-0.1, 1.0, 5))
    for p in (BISTABLE, OSCILLATING):
        de, di = wilson_cowan_field(p, e, i)
        ref_e, ref_i = reference_field(p, e, i)
        assert de.shape == e.shape
        np.testing.assert_allclose(de, ref_e, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(di, ref_i, rtol=1e-12, atol=1e-14)
    de, di = wilson_cowan_field(BISTABLE, 0.3, [0.1, 0.2])  # scalar against a vector
    assert de.shape == (2,)
    assert np.abs(wilson_cowan_field(BISTABLE, 0.0, 0.0)).max() < 1e-16  # F(0) = 0: the origin is fixed


def test_activity_range_is_the_range_of_each_sigmoid():
    (lo_e, hi_e), (lo_i, hi_i) = wilson_cowan_activity_range(BISTABLE)
    assert lo_e == pytest.approx(-1 / (1 + np.exp(1.2 * 2.8)), rel=1e-14) and hi_e == pytest.approx(1 + lo_e)
    assert lo_i == pytest.approx(-1 / (1 + np.exp(4.0)), rel=1e-14) and hi_i == pytest.approx(1 + lo_i)


def test_bistable_set_has_stable_saddle_stable_fixed_points():
    points = find_fixed_points(BISTABLE)
    assert [p.kind for p in points] == ["stable focus", "saddle", "stable node"]
    # coordinates checked against the nullclines (Neuromatch's guesses are only approximate);
    # residuals are at machine precision
    expected = [(0.0, 0.0), (0.336852, 0.168420), (0.938430, 0.672481)]
    for point, (r_e, r_i) in zip(points, expected, strict=True):
        assert point.r_e == pytest.approx(r_e, abs=1e-4) and point.r_i == pytest.approx(r_i, abs=1e-4)
        assert point.residual < 1e-12
        if point.r_e > 1e-9:
            d_e, d_i = on_nullclines(BISTABLE, point.r_e, point.r_i)
            assert d_e < 1e-9 and d_i < 1e-9
    assert points[0].stable and points[2].stable and not points[1].stable
    assert points[1].eigenvalues[0].real * points[1].eigenvalues[1].real < 0


def _fixed_point_sets():
    rng = np.random.default_rng(11)
    sets = [
        BISTABLE,
        OSCILLATING,
        WilsonCowanParams(tau_i=5.0),
        WilsonCowanParams(w_ee=12.0, w_ei=4.0, w_ie=13.0, w_ii=0.7, i_ext_e=0.2, tau_i=4.0),
        WilsonCowanParams(w_ei=0.0),
        WilsonCowanParams(w_ie=0.0),
        WilsonCowanParams(w_ei=0.0, w_ie=0.0),
        WilsonCowanParams(w_ee=0.0, w_ei=0.0, w_ie=0.0, w_ii=0.0),
        WilsonCowanParams(w_ei=0.1),
    ]
    for _ in range(30):  # the widget's slider box
        w = rng.uniform(0.0, 16.0, 4)
        i_ext_e = rng.uniform(-2.0, 4.0)
        sets.append(WilsonCowanParams(w_ee=w[0], w_ei=w[1], w_ie=w[2], w_ii=w[3], i_ext_e=i_ext_e))
    return sets


def test_the_two_fixed_point_methods_agree():
    """Roots along the I nullcline (fast, the widget's) match 2-D root finding from a grid."""
    for params in _fixed_point_sets():
        grid = find_fixed_points(params, n_grid=20)
        along = find_fixed_points(params, method="nullcline")
        assert [p.kind for p in along] == [p.kind for p in grid], params
        for a, b in zip(along, grid, strict=True):
            assert a.r_e == pytest.approx(b.r_e, abs=1e-8) and a.r_i == pytest.approx(b.r_i, abs=1e-8)
            assert a.residual < 1e-10


def test_bistable_trajectories_go_to_the_attractor_on_their_side_of_the_saddle():
    low, saddle, high = find_fixed_points(BISTABLE)
    starts = [(0.1, 0.1), (0.6, 0.6), (saddle.r_e - 0.02, saddle.r_i), (saddle.r_e + 0.02, saddle.r_i)]
    result = simulate_wilson_cowan(BISTABLE, r_init=starts, duration=100.0, dt=0.1)
    final = result.final_state
    np.testing.assert_allclose(final[[0, 2]], [[low.r_e, low.r_i]] * 2, atol=1e-6)
    np.testing.assert_allclose(final[[1, 3]], [[high.r_e, high.r_i]] * 2, atol=1e-6)


def test_samples_follow_the_convention_and_equal_an_explicit_euler_loop():
    """Sample n is the state at the start of step n: column 0 is r_init, n_steps columns in all."""
    result = simulate_wilson_cowan(OSCILLATING, r_init=(0.6, 0.2), duration=5.0, dt=0.1)
    assert isinstance(result, WilsonCowanResult)
    assert result.n_steps == 50 and result.r_e.shape == (1, 50) and result.duration == pytest.approx(5.0)
    np.testing.assert_allclose(result.time, np.arange(50) * 0.1)
    state = np.array([0.6, 0.2])
    tau = np.array([OSCILLATING.tau_e, OSCILLATING.tau_i])
    for n in range(50):
        assert result.r_e[0, n] == pytest.approx(state[0], abs=1e-14)
        assert result.r_i[0, n] == pytest.approx(state[1], abs=1e-14)
        state = state + 0.1 * np.array(reference_field(OSCILLATING, *state)) * tau / tau  # dt * dr/dt
    with pytest.raises(ValueError, match="read-only"):
        result.r_e[0, 0] = 1.0
    assert simulate_wilson_cowan(BISTABLE, duration=1.0).r_e[0, 0] == 0.0  # default start (0, 0)


def test_limit_cycle_set_has_one_unstable_focus_and_keeps_oscillating():
    points = find_fixed_points(OSCILLATING)
    assert len(points) == 1 and points[0].kind == "unstable focus"
    assert points[0].residual < 1e-12
    d_e, d_i = on_nullclines(OSCILLATING, points[0].r_e, points[0].r_i)
    assert d_e < 1e-9 and d_i < 1e-9
    # from near the focus and from far away, trajectories end on the same stable cycle
    result = simulate_wilson_cowan(
        OSCILLATING,
        r_init=[(points[0].r_e + 0.01, points[0].r_i), (0.0, 0.0), (0.9, 0.9)],
        duration=200.0,
        dt=0.1,
    )
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


def test_jacobian_matches_finite_differences_of_the_field():
    h = 1e-6
    for p in (BISTABLE, OSCILLATING):
        x = np.array([0.3, 0.2])
        jac = wilson_cowan_jacobian(p, *x)
        field = lambda y, p=p: np.array(wilson_cowan_field(p, *y))  # noqa: E731
        numeric = np.column_stack([(field(x + h * e) - field(x - h * e)) / (2 * h) for e in np.eye(2)])
        np.testing.assert_allclose(jac, numeric, rtol=1e-6, atol=1e-8)


def test_nullclines_cross_at_the_fixed_points():
    null = wilson_cowan_nullclines(BISTABLE, n_points=2000)
    for point in find_fixed_points(BISTABLE):
        k = np.argmin(np.abs(null.e_r_e - point.r_e))
        assert abs(null.e_r_i[k] - point.r_i) < 5e-3
        k = np.argmin(np.abs(null.i_r_i - point.r_i))
        assert abs(null.i_r_e[k] - point.r_e) < 5e-3


@pytest.mark.parametrize(
    "params, n_e_lines, n_i_lines",
    [
        (WilsonCowanParams(w_ei=0.0), 3, None),  # E alone is bistable: three vertical lines
        (WilsonCowanParams(w_ie=0.0), None, 1),  # I alone: one horizontal line
        (WilsonCowanParams(w_ei=0.0, w_ie=0.0), 3, 1),
    ],
)
def test_without_the_e_i_loop_the_nullclines_are_straight_lines(params, n_e_lines, n_i_lines):
    null = wilson_cowan_nullclines(params, n_points=50)
    curves = ((null.e_r_e, null.e_r_i, 0, n_e_lines), (null.i_r_e, null.i_r_i, 1, n_i_lines))
    for r_e, r_i, which, lines in curves:
        keep = ~np.isnan(r_e)
        speed = np.abs(wilson_cowan_field(params, r_e[keep], r_i[keep])[which])
        assert speed.max() < 1e-12  # every point really has dr/dt = 0
        if lines is not None:
            assert np.isnan(r_e).sum() == lines - 1
            constant = r_e if which == 0 else r_i
            assert np.unique(np.round(constant[keep], 12)).size == lines
    # the fixed points lie on the lines
    for point in find_fixed_points(params, method="nullcline"):
        if params.w_ei == 0.0:
            assert np.min(np.abs(null.e_r_e[~np.isnan(null.e_r_e)] - point.r_e)) < 1e-12


@pytest.mark.parametrize(
    "jac, kind",
    [
        ([[-1, 0], [0, -2]], "stable node"),
        ([[1, 0], [0, 2]], "unstable node"),
        ([[-1, -2], [2, -1]], "stable focus"),
        ([[1, -2], [2, 1]], "unstable focus"),
        ([[1, 0], [0, -1]], "saddle"),
        ([[0, -1], [1, 0]], "non-hyperbolic"),
    ],
)
def test_classification_of_planar_fixed_points(jac, kind):
    assert classify_fixed_point(np.array(jac, dtype=float)) == kind


def test_wilson_cowan_kernel_equals_its_python_function():
    p = OSCILLATING
    args = (
        0.1,
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
        wilson_cowan._shift(p.a_e, p.theta_e),
        wilson_cowan._shift(p.a_i, p.theta_i),
    )
    outs = []
    for f in (wilson_cowan._wilson_cowan_kernel, wilson_cowan._wilson_cowan_kernel.py_func):
        r_e = np.zeros((2, 21))
        r_i = np.zeros((2, 21))
        r_e[:, 0] = [0.1, 0.7]
        r_i[:, 0] = [0.2, 0.1]
        f(r_e, r_i, *args)
        outs.append((r_e, r_i))
    np.testing.assert_array_equal(outs[0][0], outs[1][0])
    np.testing.assert_array_equal(outs[0][1], outs[1][1])


def test_wilson_cowan_validation_names_the_argument():
    for kwargs, name in [
        ({"tau_e": 0.0}, "tau_e"),
        ({"tau_i": -1.0}, "tau_i"),
        ({"a_e": 0.0}, "a_e"),
        ({"w_ee": -1.0}, "w_ee"),
        ({"theta_i": np.nan}, "theta_i"),
        ({"i_ext_e": np.inf}, "i_ext_e"),
    ]:
        with pytest.raises(ValueError, match=name):
            WilsonCowanParams(**kwargs)
    cases = [
        (dict(dt=1.0), "dt"),
        (dict(dt=0.0), "dt"),
        (dict(duration=-1.0), "duration"),
        (dict(r_init=(np.nan, 0.0)), "r_init"),
        (dict(r_init=(0.1, 5.0)), "r_init"),
        (dict(r_init=[0.1, 0.2, 0.3]), "r_init"),
        (dict(r_init=[[0.1, 0.2, 0.3]]), "r_init"),
        (dict(r_init=0.1), "r_init"),
    ]
    for kwargs, name in cases:
        kwargs.setdefault("duration", 10.0)
        with pytest.raises(ValueError, match=name):
            simulate_wilson_cowan(BISTABLE, **kwargs)
    with pytest.raises(TypeError, match="duration"):
        simulate_wilson_cowan(BISTABLE)  # duration is required
    with pytest.raises(TypeError, match="params"):
        simulate_wilson_cowan({"tau_e": 1.0}, duration=10.0)
    with pytest.raises(ValueError, match="n_grid"):
        find_fixed_points(BISTABLE, n_grid=0)
    with pytest.raises(ValueError, match="method"):
        find_fixed_points(BISTABLE, method="newton")
    with pytest.raises(ValueError, match="tol"):
        find_fixed_points(BISTABLE, tol=-1.0)
    with pytest.raises(ValueError, match="n_points"):
        wilson_cowan_nullclines(BISTABLE, n_points=1)
    with pytest.raises(ValueError, match="jacobian"):
        classify_fixed_point(np.eye(3))
    with pytest.raises(ValueError, match="r_e"):
        wilson_cowan_field(BISTABLE, [0.1, np.nan], 0.0)
    with pytest.raises(ValueError, match="broadcast"):
        wilson_cowan_field(BISTABLE, [0.1, 0.2], [0.1, 0.2, 0.3])


finite = dict(allow_nan=False, allow_infinity=False)


@settings(deadline=None, max_examples=40)
@given(
    w=st.lists(st.floats(0, 20, **finite), min_size=4, max_size=4),
    i_ext=st.floats(-5, 5, **finite),
    a=st.floats(0.1, 5, **finite),
    theta=st.floats(-5, 10, **finite),
)
def test_fixed_points_of_odd_parameters_are_genuine(w, i_ext, a, theta):
    p = WilsonCowanParams(w_ee=w[0], w_ei=w[1], w_ie=w[2], w_ii=w[3], i_ext_e=i_ext, a_e=a, theta_e=theta)
    for method in ("grid", "nullcline"):
        for point in find_fixed_points(p, method=method, n_grid=4):
            assert point.residual < 1e-10 and np.isfinite(point.r_e) and np.isfinite(point.r_i)
    null = wilson_cowan_nullclines(p, n_points=20)
    assert null.e_r_e.shape == null.e_r_i.shape and null.i_r_e.shape == null.i_r_i.shape
    result = simulate_wilson_cowan(p, r_init=(0.5, 0.5), duration=5.0)
    assert np.all(np.isfinite(result.r_e)) and np.all(np.isfinite(result.r_i))
