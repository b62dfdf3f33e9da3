"""Input currents and Poisson spike trains."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurocourse import inputs


def test_step_pulse_ramp_shapes_and_values():
    step = inputs.step_current(duration=10.0, dt=0.1, amplitude=2.0, t_start=2.0, t_stop=5.0)
    t = inputs.time_axis(duration=10.0, dt=0.1)
    assert step.shape == t.shape == (100,)
    np.testing.assert_array_equal(step[(t >= 2.0 - 1e-9) & (t < 5.0 - 1e-9)], 2.0)
    assert step[:20].sum() == 0 and step[50:].sum() == 0
    pulse = inputs.pulse_current(duration=10.0, dt=0.1, amplitude=-1.0, t_start=1.0, width=0.5)
    assert pulse.sum() == pytest.approx(-5.0)
    ramp = inputs.ramp_current(duration=10.0, dt=1.0, start_amplitude=0.0, end_amplitude=10.0)
    np.testing.assert_allclose(ramp, np.arange(10.0))


def test_white_and_ou_noise_statistics():
    white = inputs.noisy_current(duration=10_000.0, dt=0.1, mean=1.0, std=0.5, rng=0)
    assert white.mean() == pytest.approx(1.0, abs=0.01)
    assert white.std() == pytest.approx(0.5, rel=0.02)
    ou = inputs.noisy_current(duration=20_000.0, dt=0.1, mean=0.0, std=1.0, tau=5.0, n_signals=4, rng=1)
    assert ou.shape == (4, 200_000)
    assert ou.std() == pytest.approx(1.0, rel=0.05)
    lag = 50  # 5 ms = tau: autocorrelation e^-1
    x = ou - ou.mean(axis=1, keepdims=True)
    rho = (x[:, :-lag] * x[:, lag:]).mean() / x.var()
    assert rho == pytest.approx(np.exp(-1.0), abs=0.05)


def test_noise_is_reproducible_with_a_seed():
    a = inputs.noisy_current(duration=10.0, dt=0.1, mean=0.0, std=1.0, rng=42)
    b = inputs.noisy_current(duration=10.0, dt=0.1, mean=0.0, std=1.0, rng=np.random.default_rng(42))
    np.testing.assert_array_equal(a, b)


def test_poisson_trains_have_poisson_statistics():
    trains = inputs.poisson_spike_trains(20.0, duration=10_000.0, n_trains=200, rng=0)
    assert trains.mean_rate == pytest.approx(20.0, rel=0.02)
    assert np.all(np.diff(trains.spike_times) >= 0)
    isi = np.concatenate([np.diff(t) for t in trains.spike_trains()])
    assert isi.std() / isi.mean() == pytest.approx(1.0, abs=0.03)   # CV of a Poisson process
    rates = inputs.poisson_spike_trains([0.0, 50.0], duration=1000.0, rng=0).firing_rates
    assert rates[0] == 0.0 and rates[1] > 0


def test_inhomogeneous_poisson_follows_the_rate():
    dt = 1.0
    rate = np.r_[np.full(500, 5.0), np.full(500, 80.0)]
    trains = inputs.inhomogeneous_poisson_spike_trains(rate, dt=dt, n_trains=400, rng=3)
    assert trains.duration == 1000.0
    first = np.mean(trains.spike_times < 500.0)
    expected = 5.0 / (5.0 + 80.0)
    assert first == pytest.approx(expected, abs=0.01)
    n_late = np.sum(trains.spike_times >= 500.0)
    assert n_late / 400 / 0.5 == pytest.approx(80.0, rel=0.05)


@pytest.mark.parametrize("call, match", [
    (lambda: inputs.step_current(duration=10.0, dt=0.1, amplitude=np.nan), "amplitude"),
    (lambda: inputs.step_current(duration=10.0, dt=0.1, amplitude=1.0, t_start=5.0, t_stop=2.0), "t_stop"),
    (lambda: inputs.step_current(duration=-1.0, dt=0.1, amplitude=1.0), "duration"),
    (lambda: inputs.pulse_current(duration=10.0, dt=0.1, amplitude=1.0, t_start=1.0, width=0.0), "width"),
    (lambda: inputs.noisy_current(duration=10.0, dt=0.1, mean=0.0, std=-1.0), "std"),
    (lambda: inputs.noisy_current(duration=10.0, dt=0.1, mean=0.0, std=1.0, tau=0.0), "tau"),
    (lambda: inputs.poisson_spike_trains(-5.0, duration=100.0), "rate"),
    (lambda: inputs.poisson_spike_trains(1e9, duration=100.0), "rate"),
    (lambda: inputs.poisson_spike_trains(1e4, duration=1e8, n_trains=100), "spikes"),
    (lambda: inputs.inhomogeneous_poisson_spike_trains([1.0, np.inf], dt=1.0), "rate"),
    (lambda: inputs.inhomogeneous_poisson_spike_trains(np.ones((2, 2, 2)), dt=1.0), "rate"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@given(rate=st.floats(allow_nan=True, allow_infinity=True), duration=st.floats(-1e3, 1e4))
def test_poisson_odd_inputs(rate, duration):
    try:
        trains = inputs.poisson_spike_trains(rate, duration=duration, rng=0)
    except (ValueError, TypeError) as exc:
        assert str(exc)
        return
    assert np.all(np.isfinite(trains.spike_times))
