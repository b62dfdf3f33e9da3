"""Analysis functions against closed forms."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from neurocourse import analysis, inputs


def test_firing_rates_count_spikes_in_the_window():
    idx = np.array([0, 1, 0, 0, 2])
    t = np.array([1.0, 2.0, 3.0, 600.0, 999.0])
    np.testing.assert_allclose(
        analysis.compute_firing_rates(idx, t, n_neurons=4, duration=1000.0), [3.0, 1.0, 1.0, 0.0]
    )
    late = analysis.compute_firing_rates(idx, t, n_neurons=4, duration=500.0, t_start=500.0)
    np.testing.assert_allclose(late, [2.0, 0.0, 2.0, 0.0])


def test_isi_cv_of_clock_and_poisson():
    clock_t = np.arange(0, 1000.0, 10.0)
    assert analysis.compute_isi_cv(np.zeros(100, int), clock_t, n_neurons=1) == pytest.approx([0.0])
    trains = inputs.poisson_spike_trains(50.0, duration=20_000.0, n_trains=20, rng=0)
    cv = analysis.compute_isi_cv(trains.spike_indices, trains.spike_times, n_neurons=20)
    assert cv.shape == (20,)
    assert cv.mean() == pytest.approx(1.0, abs=0.03)
    # neurons with fewer than min_spikes spikes are left out
    assert analysis.compute_isi_cv([0, 0, 1, 1, 1], [1.0, 2.0, 1.0, 3.0, 9.0], n_neurons=3).shape == (1,)


def test_fano_factor_of_poisson_is_one():
    trains = inputs.poisson_spike_trains(30.0, duration=50_000.0, n_trains=20, rng=1)
    fano = analysis.compute_fano_factor(
        trains.spike_indices, trains.spike_times, n_neurons=20, duration=50_000.0, window=100.0
    )
    assert fano.mean() == pytest.approx(1.0, abs=0.05)
    clock = np.arange(5.0, 10_000.0, 10.0)
    f_clock = analysis.compute_fano_factor(
        np.zeros(clock.size, int), clock, n_neurons=1, duration=10_000.0, window=100.0
    )
    assert f_clock == pytest.approx([0.0])


def test_psth_and_population_rate():
    centres, rate = analysis.compute_psth(np.array([0.5, 1.5, 1.6]), n_trials=2, duration=2.0, bin_width=1.0)
    np.testing.assert_allclose(centres, [0.5, 1.5])
    np.testing.assert_allclose(rate, [500.0, 1000.0])
    trains = inputs.poisson_spike_trains(10.0, duration=1000.0, n_trains=1000, rng=2)
    _, pop = analysis.compute_population_rate(
        trains.spike_times, n_neurons=1000, duration=1000.0, bin_width=10.0
    )
    assert pop.mean() == pytest.approx(10.0, rel=0.05)


def test_synchrony_chi_limits():
    t = np.linspace(0, 100, 1000)
    same = np.tile(np.sin(t), (20, 1))
    assert analysis.compute_synchrony_chi(same) == pytest.approx(1.0)
    noise = np.random.default_rng(0).standard_normal((400, 2000))
    assert analysis.compute_synchrony_chi(noise) == pytest.approx(1 / np.sqrt(400), rel=0.2)
    assert analysis.compute_synchrony_chi(np.zeros((3, 10))) == 0.0


def test_power_spectrum_finds_a_sine_and_obeys_parseval():
    dt = 0.5  # ms -> 2 kHz sampling
    t = np.arange(4000) * dt
    x = np.sin(2 * np.pi * 40.0 * t / 1000.0)
    f, p = analysis.compute_power_spectrum(x, dt=dt)
    assert f[np.argmax(p)] == pytest.approx(40.0, abs=0.5)
    df = f[1] - f[0]
    assert p.sum() * df == pytest.approx(x.var(), rel=1e-6)


@pytest.mark.parametrize(
    "call, match",
    [
        (
            lambda: analysis.compute_firing_rates([0, 5], [1.0, 2.0], n_neurons=3, duration=10.0),
            "spike_indices",
        ),
        (lambda: analysis.compute_firing_rates([0], [1.0, 2.0], n_neurons=3, duration=10.0), "same length"),
        (lambda: analysis.compute_firing_rates([0], [np.nan], n_neurons=3, duration=10.0), "spike_times"),
        (lambda: analysis.compute_firing_rates([0], [1.0], n_neurons=0, duration=10.0), "n_neurons"),
        (lambda: analysis.compute_firing_rates([0], [1.0], n_neurons=1, duration=0.0), "duration"),
        (lambda: analysis.compute_isi_cv([0], [1.0], n_neurons=1, min_spikes=1), "min_spikes"),
        (lambda: analysis.compute_fano_factor([0], [1.0], n_neurons=1, duration=10.0, window=8.0), "window"),
        (lambda: analysis.compute_psth([1.0], n_trials=1, duration=10.0, bin_width=20.0), "bin_width"),
        (lambda: analysis.compute_synchrony_chi(np.zeros((1, 10))), "voltage"),
        (lambda: analysis.compute_synchrony_chi(np.zeros(10)), "voltage"),
        (lambda: analysis.compute_power_spectrum([1.0], dt=1.0), "signal"),
        (lambda: analysis.compute_power_spectrum([1.0, 2.0], dt=-1.0), "dt"),
    ],
)
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_chi_does_not_depend_on_the_voltage_scale_up_to_the_float_limit():
    rng = np.random.default_rng(2)
    v = rng.normal(size=(5, 40)) + rng.normal(size=40)  # partly shared fluctuations
    chi = analysis.compute_synchrony_chi(v)
    assert 0.3 < chi < 0.95
    with np.errstate(all="raise"):  # no overflow on the way
        for factor in (1e-300, 1e150, 1e307):
            assert analysis.compute_synchrony_chi(v * factor) == pytest.approx(chi, rel=1e-12)


@given(v=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6)))
def test_chi_odd_inputs(v):
    try:
        chi = analysis.compute_synchrony_chi(v)
    except (ValueError, TypeError) as exc:
        assert "voltage" in str(exc)  # the error names the argument
        return
    assert 0.0 <= chi <= 1.0


@given(times=st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=20))
def test_cv_odd_inputs(times):
    try:
        cv = analysis.compute_isi_cv(np.zeros(len(times), int), times, n_neurons=1)
    except (ValueError, TypeError) as exc:
        assert "spike_times" in str(exc)  # the error names the argument
        return
    assert np.all(np.isfinite(cv))


@pytest.mark.parametrize(
    "cell, current, kind",
    [
        ("RS", 10.0, "adapting"),
        ("IB", 10.0, "initial burst"),
        ("CH", 10.0, "bursting"),
        ("FS", 10.0, "tonic"),
        ("LTS", 10.0, "adapting"),
        ("TC", 10.0, "tonic"),
        ("RZ", 10.0, "tonic"),
    ],
)
def test_firing_patterns_of_the_izhikevich_types_match_the_paper(cell, current, kind):
    """Izhikevich (2003) Fig. 2: RS and LTS adapt, IB fires an initial burst, CH chatters,
    FS fires fast without adaptation (its first intervals shorten by less than 2-fold)."""
    from neurocourse.analysis import classify_firing_pattern
    from neurocourse.neurons import simulate_izhikevich

    drive = inputs.step_current(duration=300.0, dt=0.1, amplitude=current, t_start=20.0)
    result = simulate_izhikevich(cell, drive, duration=300.0, dt=0.1, record=False)
    assert classify_firing_pattern(result.spike_times, t_stop=300.0).kind == kind


def test_firing_pattern_rules_on_hand_made_trains():
    from neurocourse.analysis import classify_firing_pattern

    assert classify_firing_pattern([]).kind == "silent"
    assert classify_firing_pattern([5.0]).kind == "single spike"
    assert classify_firing_pattern([5.0, 10.0, 15.0]).kind == "few spikes"
    assert classify_firing_pattern(np.arange(10) * 10.0).kind == "tonic"
    assert classify_firing_pattern(np.cumsum([5, 8, 12, 16, 20, 21, 21])).kind == "adapting"
    initial = np.cumsum([0, 2, 2, 30, 30, 30, 30])  # spikes at 0, 2, 4, then every 30 ms
    assert classify_firing_pattern(initial).kind == "initial burst"
    assert "3 spikes" in classify_firing_pattern(initial).description
    assert classify_firing_pattern(np.cumsum([2, 2, 40, 2, 2, 40, 2])).kind == "bursting"
    rebound = np.cumsum([10.0, 4, 5, 6, 7])
    assert classify_firing_pattern(rebound, t_stop=200.0).kind == "single burst"
    with pytest.raises(ValueError, match="ascending"):
        classify_firing_pattern([3.0, 1.0])
