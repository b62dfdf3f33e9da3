"""The LIF neuron against its closed forms (Gerstner et al. 2014, Neuronal Dynamics ch. 1)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurocourse.neurons import LIFParams, lif_rate, lif_rheobase, lif_subthreshold_voltage, simulate_lif
from neurocourse.neurons import lif as lif_module

NEURODYNEX = LIFParams(tau_m=8.0, e_leak=-70.0, v_reset=-65.0, v_threshold=-50.0, r_membrane=10.0, t_ref=2.0)


@pytest.mark.parametrize("current, published", [(2.5, 76.392), (4.0, 154.394)])
@pytest.mark.parametrize("dt", [0.1, 0.025, 0.01])
def test_rate_matches_published_analytic_fi_curve(current, published, dt):
    # the analytic curve itself reproduces the published values to 1e-3 Hz ...
    assert lif_rate(NEURODYNEX, current) == pytest.approx(published, abs=1e-3)
    # ... and the simulated rate (1 / mean ISI) matches it within 1 % at dt <= 0.025 ms
    # (exact integration makes it hold at coarser steps too)
    result = simulate_lif(NEURODYNEX, current, duration=500.0, dt=dt)
    rate = 1000.0 / result.interspike_intervals().mean()
    assert rate == pytest.approx(published, rel=0.01)


def test_fi_curve_over_a_range_of_currents():
    currents = np.linspace(0.0, 6.0, 31)
    result = simulate_lif(NEURODYNEX, currents[:, None], duration=1000.0, dt=0.025, record=False)
    simulated = np.array([1000.0 / np.diff(t).mean() if t.size > 2 else 0.0 for t in result.spike_trains()])
    np.testing.assert_allclose(simulated, lif_rate(NEURODYNEX, currents), rtol=0.01, atol=1.1)


def test_rheobase_is_the_firing_threshold():
    i_rh = lif_rheobase(NEURODYNEX)
    assert i_rh == pytest.approx(2.0)
    assert lif_rate(NEURODYNEX, i_rh) == 0.0
    assert simulate_lif(NEURODYNEX, i_rh * 0.999, duration=500.0, dt=0.1).n_spikes == 0
    # 1 % above: R I = 20.2 mV against theta - E_L = 20 mV. The first spike from E_L comes at
    # tau_m ln(20.2 / 0.2) = 36.92 ms, then one every t_ref + tau_m ln(15.2 / 0.2) = 36.65 ms
    # (from v_reset = E_L + 5 mV): 13 spikes in 500 ms, the last at 476.7 ms.
    above = simulate_lif(NEURODYNEX, i_rh * 1.01, duration=500.0, dt=0.1)
    assert above.spike_times[0] == pytest.approx(8.0 * np.log(101.0), abs=0.1)
    assert above.n_spikes == 13


def test_subthreshold_voltage_is_the_analytic_exponential():
    result = simulate_lif(NEURODYNEX, 1.5, duration=50.0, dt=0.05)
    expected = lif_subthreshold_voltage(NEURODYNEX, 1.5, result.time)
    np.testing.assert_allclose(result.voltage[0], expected, atol=1e-10)


def test_spike_time_is_exact_and_refractory_holds_reset():
    params = NEURODYNEX
    result = simulate_lif(params, 4.0, duration=20.0, dt=0.1)
    t_first = params.tau_m * np.log((40.0 - 0.0) / (40.0 - 20.0))  # from E_L to theta, V_inf = E_L + 40
    assert result.spike_times[0] == pytest.approx(t_first, abs=1e-12)
    t_spike = result.spike_times[0]
    in_ref = (result.time > t_spike + 1e-9) & (result.time < t_spike + params.t_ref)
    assert np.all(result.voltage[0, in_ref] == params.v_reset)


def test_kernel_equals_py_func_and_parallel_equals_serial():
    rng = np.random.default_rng(3)
    current = rng.normal(3.0, 1.5, size=(4, 400))

    def args():
        return (
            current.copy(),
            np.full(4, -70.0),
            np.zeros(4),
            0,
            400,
            0.1,
            8.0,
            -70.0,
            10.0,
            -50.0,
            -65.0,
            2.0,
            np.arange(4),
            np.empty((4, 400)),
            np.zeros((4, 400)),
            np.zeros(4, dtype=np.int64),
        )

    outs = []
    kernels = (
        lif_module._lif_kernel_serial,
        lif_module._lif_kernel_serial.py_func,
        lif_module._lif_kernel_parallel,
    )
    for fn in kernels:
        a = args()
        fn(*a)
        outs.append(a)
    for other in outs[1:]:
        for x, y in zip(outs[0], other, strict=True):
            np.testing.assert_array_equal(np.asarray(x), np.asarray(y))
    serial = simulate_lif(NEURODYNEX, current, duration=40.0, dt=0.1)
    parallel = simulate_lif(NEURODYNEX, current, duration=40.0, dt=0.1, parallel=True)
    np.testing.assert_array_equal(serial.spike_times, parallel.spike_times)
    np.testing.assert_array_equal(serial.voltage, parallel.voltage)


def test_chunked_long_run_equals_single_chunk(monkeypatch):
    from neurocourse import _progress

    current = np.random.default_rng(0).normal(2.5, 1.0, size=(3, 5000))
    whole = simulate_lif(NEURODYNEX, current, duration=500.0, dt=0.1)
    monkeypatch.setattr(_progress, "SINGLE_CHUNK_WORK", 1000)
    chunked = simulate_lif(NEURODYNEX, current, duration=500.0, dt=0.1, progress=True)
    np.testing.assert_array_equal(whole.spike_times, chunked.spike_times)
    np.testing.assert_array_equal(whole.voltage, chunked.voltage)


@pytest.mark.parametrize(
    "field, value, match",
    [
        ("tau_m", 0.0, "tau_m"),
        ("tau_m", -1.0, "tau_m"),
        ("tau_m", np.nan, "tau_m"),
        ("r_membrane", -5.0, "r_membrane"),
        ("t_ref", -1.0, "t_ref"),
        ("v_threshold", -75.0, "v_threshold"),
        ("v_reset", -40.0, "v_reset"),
        ("e_leak", np.inf, "e_leak"),
    ],
)
def test_params_reject_bad_values(field, value, match):
    with pytest.raises(ValueError, match=match):
        LIFParams(**{field: value})


def test_params_reject_wrong_types():
    with pytest.raises(TypeError, match="tau_m"):
        LIFParams(tau_m="fast")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(current=np.nan, duration=10.0), "current"),
        (dict(current=np.inf, duration=10.0), "current"),
        (dict(current=1.0, duration=-10.0), "duration"),
        (dict(current=1.0, duration=10.0, dt=5.0), "dt"),
        (dict(current=1.0, duration=10.0, dt=0.0), "dt"),
        (dict(current=np.ones(7), duration=10.0, dt=0.1), "one value per step"),
        (dict(current=np.ones((2, 3)), duration=10.0, dt=0.1), "shape"),
        (dict(current=np.ones((2, 2, 2)), duration=10.0), "current"),
        (dict(current=1.0, duration=10.0, v_init=[1.0, 2.0, 3.0]), "v_init"),
        (dict(current=1.0, duration=1e12), "duration"),
    ],
)
def test_simulate_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        simulate_lif(NEURODYNEX, **kwargs)


def test_simulate_rejects_non_params():
    with pytest.raises(TypeError, match="params"):
        simulate_lif({"tau_m": 8.0}, 1.0, duration=10.0)
    with pytest.raises(TypeError, match="record"):
        simulate_lif(NEURODYNEX, 1.0, duration=10.0, record="yes")


@given(
    current=st.floats(allow_nan=True, allow_infinity=True, width=64),
    dt=st.floats(min_value=-1.0, max_value=2.0),
    duration=st.floats(min_value=-10.0, max_value=300.0),
)
def test_odd_inputs_give_a_clear_error_or_a_finite_result(current, dt, duration):
    try:
        result = simulate_lif(NEURODYNEX, current, duration=duration, dt=dt)
    except (ValueError, TypeError) as exc:
        assert any(name in str(exc) for name in ("current", "duration", "dt")), exc  # names the argument
        return
    assert np.all(np.isfinite(result.voltage)) and np.all(np.isfinite(result.spike_times))
    assert np.all(np.diff(result.spike_times) >= 0)


@pytest.mark.parametrize("t_ref, dt", [(0.0, 0.1), (0.3, 0.5), (0.05, 0.1), (0.25, 0.1)])
def test_short_refractory_periods_fire_several_times_per_step_exactly(t_ref, dt):
    """With t_ref < dt a neuron may fire more than once per step; the rate still equals the
    analytic f-I curve (no saturation at 1/dt)."""
    params = LIFParams(t_ref=t_ref)
    current = 40.0  # drive fast enough that the period is below dt when t_ref < dt
    period = 1000.0 / lif_rate(params, current)  # [ms]
    result = simulate_lif(params, current, duration=500.0, dt=dt, record=False)
    isi = np.diff(result.spike_times)
    np.testing.assert_allclose(isi[1:], period, rtol=1e-9)
    assert result.n_spikes >= int(500.0 / period)


def test_refractory_period_spanning_steps_is_exact():
    params = LIFParams(t_ref=2.05)
    result = simulate_lif(params, 3.0, duration=300.0, dt=0.1, record=False)
    np.testing.assert_allclose(np.diff(result.spike_times)[1:], 1000.0 / lif_rate(params, 3.0), rtol=1e-9)
