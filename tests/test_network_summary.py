"""summarize_network_activity: Brunel's four regimes, synthetic spike trains, validation."""

import dataclasses
import types

import numpy as np
import pytest

import neurocourse as nc
from neurocourse import analysis
from neurocourse.analysis import NetworkActivitySummary, summarize_network_activity

# Brunel (2000) Fig. 8: A (g 3, nu_ext/nu_thr 2) SR, B (6, 4) SI fast, C (5, 2) AI, D (4.5, 0.9)
# SI slow. Simulated at Brunel's size, N_E = 10 000 (C_E = 1000, connection probability 0.1),
# 600 ms, the first 200 ms discarded, 100 voltages recorded (about 12 s for the four).
FIG8 = {
    "A": ("SR", dict(g=3.0, nu_ext_ratio=2.0)),
    "B": ("SI-fast", dict(g=6.0, nu_ext_ratio=4.0)),
    "C": ("AI", dict(g=5.0, nu_ext_ratio=2.0)),
    "D": ("SI-slow", dict(g=4.5, nu_ext_ratio=0.9)),
}
N_E = 10000
EPSILON = 0.1  # C_E / N_E


def run_point(setting, rng):
    result = nc.networks.simulate_brunel(
        **setting, n_excitatory=N_E, duration=600.0, record=np.arange(100), rng=rng
    )
    return summarize_network_activity(result.window(200.0), connection_probability=EPSILON), result


@pytest.fixture(scope="module")
def fig8_summaries():
    return {letter: run_point(setting, [2026, k]) for k, (letter, (_, setting)) in enumerate(FIG8.items())}


@pytest.mark.parametrize("letter", list(FIG8))
def test_brunel_fig8_points_are_classified_as_in_the_paper(fig8_summaries, letter):
    summary, _ = fig8_summaries[letter]
    assert isinstance(summary, NetworkActivitySummary)
    assert summary.chi_source == "voltage"
    assert summary.regime == FIG8[letter][0], summary
    # 100 voltages: chi of independent neurons is 1 / sqrt(100), measured on surrogates
    assert summary.chi_null == pytest.approx(0.1, abs=0.01)


@pytest.mark.parametrize("seed", [1, 2])
def test_brunel_fig8_classification_holds_over_seeds(seed):
    for k, (letter, (expected, setting)) in enumerate(FIG8.items()):
        summary, _ = run_point(setting, [seed, k, 17])
        assert summary.regime == expected, (letter, seed, summary)


def test_brunel_fig8_numbers_match_the_paper(fig8_summaries):
    sr, fast, ai, slow = (fig8_summaries[k][0] for k in FIG8)
    # A: lockstep: two clusters fire in turn, each volley firing the other cluster when it arrives
    # a delay D = 1.5 ms later (a jump that reaches threshold fires at once, as in Brunel's model),
    # so every neuron fires every 2 D = 3 ms (333 Hz, below 1 / t_ref = 500 Hz) and the population
    # every D (667 Hz). Two clusters in antiphase correlate by 0.25: chi = sqrt(0.01 + 0.99 * 0.25).
    assert sr.rate == pytest.approx(1000.0 / 3.0, rel=0.01) and sr.cv < 0.05
    assert sr.peak_frequency == pytest.approx(1000.0 / 1.5, abs=2.5)
    assert 0.45 <= sr.chi <= 0.6
    # B: mean field 55.8 Hz; the oscillating network runs 6-8 % higher. Rhythm near 188 Hz
    # (period about 3.5 D), three times the single-neuron rate
    assert fast.rate == pytest.approx(56.0, rel=0.12) and fast.cv > 0.6
    assert 160.0 <= fast.peak_frequency <= 210.0 and fast.peak_frequency > 2.5 * fast.rate
    # C: mean field 37.9 Hz, simulated within 3 %, irregular
    assert ai.rate == pytest.approx(37.9, rel=0.03) and ai.cv > 0.3
    # D: mean field 6.5 Hz is the mean over a slow rhythm; 400 ms hold only a few cycles: 3-9 Hz,
    # the rhythm between 10 and 50 Hz (below the fast/slow split of 91 Hz)
    assert 3.0 <= slow.rate <= 9.0 and 10.0 <= slow.peak_frequency < 50.0


def test_ai_example_looks_asynchronous(fig8_summaries):
    # Brunel's point C at his size: chi near its floor, a correlation below the shared-input
    # fraction 0.1, and a population rate (0.5 ms bins) that fluctuates without swinging to 0.
    # The former lecture network (N_E = 5000, C_E = 1000: connection probability 0.2) failed this:
    # chi 0.37, rate 0-318 Hz (SD 36 Hz).
    summary, result = fig8_summaries["C"]
    assert summary.chi < 0.3 and summary.correlation < EPSILON
    late = result.window(200.0)
    _, pop = late.population_rate(0.5)
    assert pop.std() < 30.0 and pop.std() < 0.8 * pop.mean()


def test_past_the_lockstep_the_network_is_asynchronous_regular():
    # g = 3.5, nu_ext / nu_thr = 2: neurons still fire like clocks near saturation (CV 0.1, about
    # 240 Hz) but chi is near its floor (0.13 vs 0.10): not synchronous, hence not SR (the former
    # rule called it SR from CV and rate alone).
    summary, _ = run_point(dict(g=3.5, nu_ext_ratio=2.0), [2026, 9])
    assert summary.chi < 0.2 and summary.correlation < EPSILON
    assert not summary.synchronous
    assert summary.regime == "AR", summary


def test_spike_count_chi_is_used_without_voltages(fig8_summaries):
    _, result = fig8_summaries["B"]
    late = result.window(200.0)
    stripped = dataclasses.replace(late, voltage=np.zeros((0, late.voltage.shape[1])))
    summary = summarize_network_activity(stripped, connection_probability=EPSILON)
    assert summary.chi_source == "spike counts"
    assert summary.chi_null == pytest.approx(1.0 / np.sqrt(late.n_neurons))
    with_v = summarize_network_activity(late, connection_probability=EPSILON)
    assert summary.rate == with_v.rate and summary.peak_frequency == with_v.peak_frequency
    # against independence (no shared-input bound), the count correlation of the rhythm is significant
    assert summarize_network_activity(stripped).regime == "SI-fast"


# ------------------------------------------------------------------------------- the null of chi


def test_null_chi_formula_matches_independent_poisson_units():
    # E[chi^2] = 1 / N for N independent units, whatever their rates and the number of bins
    rng = np.random.default_rng(11)
    for n_units, n_bins in [(10, 50), (100, 200), (40, 2000)]:
        rates = rng.uniform(0.2, 3.0, n_units)
        chi2 = [
            analysis.compute_synchrony_chi(rng.poisson(rates[:, None], (n_units, n_bins))) ** 2
            for _ in range(400)
        ]
        expected = analysis.expected_chi_independent(n_units) ** 2
        assert np.mean(chi2) == pytest.approx(expected, rel=0.05), (n_units, n_bins)


def test_summary_null_chi_of_independent_voltages_is_one_over_sqrt_n():
    # independent smooth "voltages" (AR(1), 20 ms correlation time): chi_null from the
    # surrogates is 1/sqrt(N), and they are not called synchronous
    rng = np.random.default_rng(5)
    n, steps = 100, 4000
    noise = rng.standard_normal((n, steps))
    v = np.empty_like(noise)
    v[:, 0] = noise[:, 0]
    a = np.exp(-0.1 / 20.0)
    for k in range(1, steps):
        v[:, k] = a * v[:, k - 1] + np.sqrt(1 - a * a) * noise[:, k]
    trains = [np.array([5.0 + k, 200.0 + k]) for k in range(n)]
    s = summarize_network_activity(spikes(trains, duration=400.0, voltage=v))
    assert s.chi_null == pytest.approx(0.1, rel=0.1)
    assert s.chi == pytest.approx(0.1, rel=0.35) and not s.synchronous
    # a common signal with correlation 0.3 is synchronous, and reads back as rho near 0.3
    common = np.sqrt(0.3) * v[0] + np.sqrt(0.7) * v
    s2 = summarize_network_activity(spikes(trains, duration=400.0, voltage=common[1:]))
    assert s2.synchronous and s2.correlation == pytest.approx(0.3, abs=0.1)


def test_fast_slow_split_is_the_log_midpoint_of_the_two_time_scales():
    assert analysis.fast_slow_split(1.5, 20.0) == pytest.approx(np.sqrt(1000 / 6.0 * 50.0))
    assert 90.0 < analysis.fast_slow_split(1.5, 20.0) < 92.0


# ------------------------------------------------------------------------------- synthetic


def spikes(trains, *, duration, dt=0.1, t_start=0.0, voltage=None):
    """A NetworkResult-like namespace from a list of spike-time arrays [ms]."""
    idx = np.concatenate([np.full(len(t), k) for k, t in enumerate(trains)]).astype(np.int64)
    times = np.concatenate(trains).astype(float)
    order = np.argsort(times, kind="stable")
    return types.SimpleNamespace(
        spike_indices=idx[order],
        spike_times=times[order],
        n_neurons=len(trains),
        duration=duration,
        dt=dt,
        t_start=t_start,
        voltage=voltage,
    )


def test_silent_network_is_quiescent():
    s = summarize_network_activity(spikes([np.array([])] * 10, duration=400.0))
    assert s.regime == "quiescent" and s.rate == 0.0
    assert np.isnan(s.cv) and s.n_cv_neurons == 0 and np.isnan(s.peak_frequency)
    assert s.chi == 0.0 and s.chi_source == "spike counts"


def test_clock_in_lockstep_is_synchronous_regular():
    clock = np.arange(1.0, 400.0, 4.0)  # 250 Hz, all neurons together
    s = summarize_network_activity(spikes([clock] * 50, duration=400.0))
    assert s.rate == pytest.approx(250.0)
    assert s.cv == pytest.approx(0.0, abs=1e-9) and s.n_cv_neurons == 50
    assert s.chi == pytest.approx(1.0)
    assert s.peak_frequency == pytest.approx(250.0, abs=2.5)
    assert s.regime == "SR"


def test_independent_poisson_neurons_are_asynchronous_irregular():
    trains = nc.inputs.poisson_spike_trains(20.0, duration=2000.0, n_trains=400, rng=1)
    result = types.SimpleNamespace(
        spike_indices=trains.spike_indices,
        spike_times=trains.spike_times,
        n_neurons=400,
        duration=2000.0,
        dt=0.1,
    )  # no voltage, no t_start
    s = summarize_network_activity(result)
    assert s.rate == pytest.approx(20.0, rel=0.05)
    assert s.cv == pytest.approx(1.0, abs=0.05)
    assert s.chi < 0.15  # about 1 / sqrt(400) plus the count noise
    assert s.regime == "AI"


def sparse_rhythm(frequency, p_fire, *, n_neurons=400, duration=1000.0, jitter=0.3, rng=0):
    """Each neuron fires on each cycle of a rhythm with probability p_fire (irregular single cells)."""
    rng = np.random.default_rng(rng)
    cycles = np.arange(2.0, duration - 2.0, 1000.0 / frequency)
    trains = []
    for _ in range(n_neurons):
        t = cycles[rng.random(cycles.size) < p_fire] + jitter * rng.standard_normal()
        trains.append(np.clip(t, 0.0, duration - 0.1))
    return spikes(trains, duration=duration)


def test_sparse_fast_rhythm_is_synchronous_irregular_fast():
    s = summarize_network_activity(sparse_rhythm(180.0, 0.3))
    assert s.rate == pytest.approx(54.0, rel=0.1) and s.cv > 0.5
    assert s.peak_frequency == pytest.approx(180.0, abs=5.0)
    assert s.regime == "SI-fast"


def test_sparse_slow_rhythm_is_synchronous_irregular_slow():
    s = summarize_network_activity(sparse_rhythm(20.0, 0.25, jitter=2.0))
    assert s.peak_frequency == pytest.approx(20.0, abs=2.0)
    assert s.regime == "SI-slow"


def test_voltage_chi_is_preferred_and_window_start_is_respected():
    t = np.arange(4000) * 0.1
    common = np.sin(2 * np.pi * t / 50.0)
    rng = np.random.default_rng(3)
    voltage = common + 0.01 * rng.standard_normal((10, t.size))
    trains = [np.arange(1000.5, 1400.0, 40.0 + k) for k in range(10)]
    result = spikes(trains, duration=400.0, t_start=1000.0, voltage=voltage)
    s = summarize_network_activity(result)
    assert s.chi_source == "voltage" and s.chi == pytest.approx(analysis.compute_synchrony_chi(voltage))
    assert s.rate == pytest.approx(np.mean([len(x) for x in trains]) * 2.5)
    # spikes outside [t_start, t_start + duration) are ignored
    early = spikes(
        [np.concatenate(([5.0, 6.0], x)) for x in trains], duration=400.0, t_start=1000.0, voltage=voltage
    )
    assert summarize_network_activity(early).rate == s.rate


def test_count_chi_equals_the_dense_computation():
    r = sparse_rhythm(60.0, 0.4, n_neurons=50, duration=500.0, rng=5)
    dense = np.zeros((50, 250))
    np.add.at(dense, (r.spike_indices, (r.spike_times // 2.0).astype(int)), 1.0)
    s = summarize_network_activity(r, chi_bin_width=2.0)
    assert s.chi == pytest.approx(analysis.compute_synchrony_chi(dense), rel=1e-12)


def test_summary_works_on_a_network_result_window():
    result = nc.networks.simulate_brunel(
        g=5.0, nu_ext_ratio=2.0, n_excitatory=1100, duration=120.0, record=np.arange(5), rng=4
    )
    s = summarize_network_activity(result.window(40.0))
    assert s.chi_source == "voltage" and s.regime in {"SR", "AR", "AI", "SI-fast", "SI-slow", "quiescent"}
    assert s.rate == pytest.approx(result.window(40.0).mean_rate)


def test_summary_rejects_bad_input():
    with pytest.raises(TypeError, match="spike_indices"):
        summarize_network_activity(object())
    ok = spikes([np.array([1.0, 2.0])] * 3, duration=100.0)
    with pytest.raises(ValueError, match="bin_width"):
        summarize_network_activity(ok, bin_width=50.0)
    with pytest.raises(ValueError, match="bin_width"):
        summarize_network_activity(ok, bin_width=0.01)
    with pytest.raises(ValueError, match="min_spikes"):
        summarize_network_activity(ok, min_spikes=2)
    bad = spikes([np.array([1.0])], duration=100.0)
    bad.spike_indices = np.array([3])
    with pytest.raises(ValueError, match="spike_indices"):
        summarize_network_activity(bad)


def test_summary_is_frozen():
    s = summarize_network_activity(spikes([np.array([])] * 2, duration=100.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.rate = 1.0


# ------------------------------------------------------------------------------- odd inputs

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(
    n_neurons=st.integers(1, 30),
    duration=st.floats(1.0, 500.0),
    n_spikes=st.integers(0, 300),
    seed=st.integers(0, 2**32 - 1),
    n_recorded=st.integers(0, 4),
    t_start=st.floats(-100.0, 100.0),
)
def test_summary_of_random_spikes_is_finite_or_nan_never_a_crash(
    n_neurons, duration, n_spikes, seed, n_recorded, t_start
):
    rng = np.random.default_rng(seed)
    times = np.sort(rng.uniform(t_start - 5.0, t_start + duration + 5.0, n_spikes))
    idx = rng.integers(0, n_neurons, n_spikes)
    voltage = rng.normal(size=(n_recorded, max(2, int(duration / 0.1))))
    result = types.SimpleNamespace(
        spike_indices=idx,
        spike_times=times,
        n_neurons=n_neurons,
        duration=duration,
        dt=0.1,
        t_start=t_start,
        voltage=voltage,
    )
    try:
        s = summarize_network_activity(
            result, chi_bin_width=min(2.0, duration / 4), bin_width=min(0.5, duration / 4)
        )
    except ValueError as exc:  # a window too short for the bins: a clear message
        assert "bin_width" in str(exc)
        return
    assert s.regime in {"SR", "AR", "AI", "SI-fast", "SI-slow", "quiescent"}
    assert np.isfinite(s.rate) and s.rate >= 0 and 0.0 <= s.chi <= 1.0
    assert np.isnan(s.cv) == (s.n_cv_neurons == 0)
    assert np.isnan(s.peak_frequency) or s.peak_frequency >= 5.0
    assert s.chi_source == ("voltage" if n_recorded >= 2 else "spike counts")
