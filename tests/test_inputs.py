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
    # std is that of the current averaged over 1 ms: each sample is sqrt(1 ms / dt) wider
    assert white.std() == pytest.approx(0.5 * np.sqrt(10.0), rel=0.02)
    assert white.reshape(-1, 10).mean(axis=1).std() == pytest.approx(0.5, rel=0.03)


@pytest.mark.parametrize("dt", [0.2, 0.05, 0.01])
def test_white_noise_drives_the_same_voltage_variance_at_every_dt(dt):
    """An LIF membrane filters white noise: Var(V) = sigma^2 R^2 (1 ms) / (2 tau_m) [mV^2] for
    a current whose 1-ms average has std sigma (the Ornstein-Uhlenbeck variance), whatever dt."""
    from neurocourse.neurons import LIFParams, simulate_lif

    params = LIFParams(v_threshold=100.0, v_reset=-80.0, e_leak=-70.0)  # never fires
    noise = inputs.noisy_current(duration=20_000.0, dt=dt, mean=0.0, std=0.2, rng=5)
    result = simulate_lif(params, noise, duration=20_000.0, dt=dt)
    expected = 0.2**2 * params.r_membrane**2 * 1.0 / (2.0 * params.tau_m)
    # exact discretisation of the OU process driven by piecewise-constant noise:
    # Var = sigma^2 R^2 (1/dt) (1 - a)^2 / (1 - a^2), a = exp(-dt / tau_m), -> expected as dt -> 0
    a = np.exp(-dt / params.tau_m)
    exact = 0.2**2 * params.r_membrane**2 / dt * (1 - a) ** 2 / (1 - a**2)
    assert exact == pytest.approx(expected, rel=0.02)
    assert result.voltage[0, 1000:].var() == pytest.approx(exact, rel=0.06)


def test_stimulus_carries_dt_and_a_mismatch_is_an_error():
    from neurocourse.neurons import LIFParams, simulate_lif

    step = inputs.step_current(duration=50.0, dt=0.1, amplitude=2.5, t_start=10.0)
    assert step.dt == 0.1 and (2 * step).dt == 0.1 and step[10:].dt == 0.1
    simulate_lif(LIFParams(), step, duration=50.0, dt=0.1)
    with pytest.raises(ValueError, match="built at dt = 0.1 ms but the simulation runs at dt = 0.05 ms"):
        simulate_lif(LIFParams(), step, duration=25.0, dt=0.05)
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
    assert isi.std() / isi.mean() == pytest.approx(1.0, abs=0.03)  # CV of a Poisson process
    # 50 Hz for 20 s: 1000 +- sqrt(1000) = 32 spikes, so 10 % (100 spikes) is 3 standard deviations
    rates = inputs.poisson_spike_trains([0.0, 50.0], duration=20_000.0, rng=0).firing_rates
    assert rates[0] == 0.0 and rates[1] == pytest.approx(50.0, rel=0.1)


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


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: inputs.step_current(duration=10.0, dt=0.1, amplitude=np.nan), "amplitude"),
        (
            lambda: inputs.step_current(duration=10.0, dt=0.1, amplitude=1.0, t_start=5.0, t_stop=2.0),
            "t_stop",
        ),
        (lambda: inputs.step_current(duration=-1.0, dt=0.1, amplitude=1.0), "duration"),
        (lambda: inputs.pulse_current(duration=10.0, dt=0.1, amplitude=1.0, t_start=1.0, width=0.0), "width"),
        (lambda: inputs.noisy_current(duration=10.0, dt=0.1, mean=0.0, std=-1.0), "std"),
        (lambda: inputs.noisy_current(duration=10.0, dt=0.1, mean=0.0, std=1.0, tau=0.0), "tau"),
        (lambda: inputs.poisson_spike_trains(-5.0, duration=100.0), "rate"),
        (lambda: inputs.poisson_spike_trains(1e9, duration=100.0), "rate"),
        (lambda: inputs.poisson_spike_trains(1e4, duration=1e8, n_trains=100), "spikes"),
        (lambda: inputs.inhomogeneous_poisson_spike_trains([1.0, np.inf], dt=1.0), "rate"),
        (lambda: inputs.inhomogeneous_poisson_spike_trains(np.ones((2, 2, 2)), dt=1.0), "rate"),
    ],
)
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@given(rate=st.floats(allow_nan=True, allow_infinity=True), duration=st.floats(-1e3, 1e4))
def test_poisson_odd_inputs(rate, duration):
    try:
        trains = inputs.poisson_spike_trains(rate, duration=duration, rng=0)
    except (ValueError, TypeError) as exc:
        assert "rate" in str(exc) or "duration" in str(exc), exc  # the error names the argument
        return
    assert np.all(np.isfinite(trains.spike_times))
