"""Tests of Izhikevich's (2003) 1000-neuron network (neurocourse.networks.izhikevich2003).

The numbers in the science tests were measured on 40 seeds (network rng = s, noise rng =
1000 + s, s = 0..39, 1000 ms runs, first 100 ms discarded) and are restated in each test's
docstring with the tolerance chosen.
"""

import numpy as np
import pytest

import neurocourse._progress as progress_module
from neurocourse.analysis import compute_power_spectrum
from neurocourse.networks.connectivity import Connectivity, from_edges
from neurocourse.networks.izhikevich2003 import (
    IzhikevichNetwork,
    IzhikevichNetworkParams,
    IzhikevichNetworkResult,
    izhikevich_network,
    simulate_izhikevich_network,
)

SEEDS = range(10)
TRANSIENT = 100  # ms discarded: every neuron starts at v = -65 mV and the first ~50 ms are one volley


def _band(freqs, power, low, high):
    mask = (freqs >= low) & (freqs <= high)
    return float(power[mask].mean())


@pytest.fixture(scope="module")
def paper_runs():
    """Ten 1000 ms runs of the paper's network (seeds 0..9)."""
    return [
        simulate_izhikevich_network(izhikevich_network(rng=s), duration=1000.0, rng=1000 + s) for s in SEEDS
    ]


@pytest.fixture(scope="module")
def spectra(paper_runs):
    """Seed-averaged power spectra (1 ms bins, 100..1000 ms) of the population rate and of a
    control with the same spikes at uniformly shuffled times."""
    network, control = [], []
    for s, result in zip(SEEDS, paper_runs, strict=True):
        _, rate = result.population_rate(1.0)
        freqs, power = compute_power_spectrum(rate[TRANSIENT:], dt=1.0)
        network.append(power)
        n_late = int(np.count_nonzero(result.spike_times >= TRANSIENT))
        shuffled = np.random.default_rng(s).uniform(TRANSIENT, result.duration, n_late)
        counts, _ = np.histogram(shuffled, bins=np.arange(TRANSIENT, result.duration + 1.0))
        _, power = compute_power_spectrum(counts * (1000.0 / result.n_neurons), dt=1.0)
        control.append(power)
    return freqs, np.mean(network, axis=0), np.mean(control, axis=0)


# --------------------------------------------------------------------------- construction


def test_network_has_the_papers_heterogeneity_and_all_to_all_weights():
    """a, b, c, d follow the paper's formulas in r_e, r_i (exactly: d = 8 - 0.4 (c + 65) for E,
    b = 0.25 - 0.05 (a - 0.02) / 0.08 for I) and S = [0.5 U, -U] is dense, autapses included."""
    net = izhikevich_network(rng=3)
    n_e = 800
    assert net.n_neurons == 1000 and net.populations == {"E": slice(0, 800), "I": slice(800, 1000)}
    assert np.all(net.a[:n_e] == 0.02) and np.all(net.b[:n_e] == 0.2)
    assert np.all((net.c[:n_e] >= -65.0) & (net.c[:n_e] < -50.0))
    np.testing.assert_allclose(net.d[:n_e], 8.0 - 0.4 * (net.c[:n_e] + 65.0), rtol=0, atol=1e-12)
    assert np.all((net.a[n_e:] >= 0.02) & (net.a[n_e:] < 0.1))
    np.testing.assert_allclose(net.b[n_e:], 0.25 - 0.05 * (net.a[n_e:] - 0.02) / 0.08, rtol=0, atol=1e-12)
    assert np.all(net.c[n_e:] == -65.0) and np.all(net.d[n_e:] == 2.0)
    # re uniform in [0, 1): c spans RS (-65) to CH (-50); mean of 15 re^2 is 5 (+-0.5 for 800 draws)
    assert abs(net.c[:n_e].mean() - (-60.0)) < 0.5
    conn = net.connectivity
    assert conn.n_synapses == 1000 * 1000 and np.all(conn.delays == 0.0)
    dense = conn.to_dense()  # [pre, post]
    assert np.all((dense[:n_e] >= 0.0) & (dense[:n_e] < 0.5))
    assert np.all((dense[n_e:] <= 0.0) & (dense[n_e:] > -1.0))
    # means 0.25 and -0.5 within 1% (800 000 and 200 000 draws: standard errors 0.00016 and 0.00065)
    assert abs(dense[:n_e].mean() - 0.25) < 0.0025 and abs(dense[n_e:].mean() + 0.5) < 0.005


def test_network_is_reproducible_and_read_only():
    one, two = izhikevich_network(rng=7), izhikevich_network(rng=7)
    np.testing.assert_array_equal(one.c, two.c)
    np.testing.assert_array_equal(one.connectivity.weights, two.connectivity.weights)
    with pytest.raises(ValueError):
        one.c[0] = 0.0


# --------------------------------------------------------------------------- the kernel


def _half_step_reference(a, b, c, d, current, n_steps, v0=-65.0):
    """One neuron, the paper's scheme in plain Python: fire/reset, v in two 0.5 ms half-steps,
    u in one 1 ms step with the new v."""
    v, u = v0, b * v0
    vs, us, spikes = [], [], []
    for n in range(n_steps):
        if v >= 30.0:
            spikes.append(float(n))
            v = c
            u += d
        vs.append(v)
        us.append(u)
        v += 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + current)
        v += 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + current)
        u = u + 1.0 * (a * (b * v - u))
    return np.array(vs), np.array(us), np.array(spikes)


def test_uncoupled_noiseless_neurons_follow_the_half_step_euler_scheme_exactly():
    """Zero weights and zero noise, constant input 10 (E) and 4 (I): every neuron's v, u and
    spike times equal the single-neuron half-step scheme computed in plain Python, bit for bit."""
    params = IzhikevichNetworkParams(
        n_excitatory=6,
        n_inhibitory=4,
        excitatory_weight=0.0,
        inhibitory_weight=0.0,
        excitatory_noise=0.0,
        inhibitory_noise=0.0,
        excitatory_input_mean=10.0,
        inhibitory_input_mean=4.0,
    )
    net = izhikevich_network(params, rng=0)
    result = simulate_izhikevich_network(net, duration=300.0, record=True, rng=1)
    assert isinstance(result, IzhikevichNetworkResult)
    for i in range(10):
        current = 10.0 if i < 6 else 4.0
        v, u, spikes = _half_step_reference(net.a[i], net.b[i], net.c[i], net.d[i], current, 300)
        np.testing.assert_array_equal(result.voltage[i], v)
        np.testing.assert_array_equal(result.recovery[i], u)
        np.testing.assert_array_equal(result.spike_times[result.spike_indices == i], spikes)
        assert spikes.size >= 3  # the check above compared real spike trains
    # a regular-spiking cell (r_e small) at I = 10 fires tonically: its first spike within 30 ms
    rs = int(np.argmin(net.c[:6]))
    assert 0 < result.spike_times[result.spike_indices == rs][0] < 30.0


def _matlab_reference(net, noise):
    """The paper's MATLAB loop transcribed to numpy (S[post, pre]; spike at step n timed n ms)."""
    s = net.connectivity.to_dense().T
    n_steps, n = noise.shape
    v = np.full(n, -65.0)
    u = net.b * v
    times, indices, vs = [], [], []
    for t in range(n_steps):
        current = noise[t].copy()
        fired = np.flatnonzero(v >= 30.0)
        times += [float(t)] * fired.size
        indices += list(fired)
        v[fired] = net.c[fired]
        u[fired] += net.d[fired]
        for j in fired:  # the kernel's summation order: ascending presynaptic index
            current += s[:, j]
        vs.append(v.copy())
        v = v + 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + current)
        v = v + 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + current)
        u = u + 1.0 * (net.a * (net.b * v - u))
    return np.array(indices), np.array(times), np.array(vs).T


@pytest.mark.parametrize("single_chunk", [True, False])
def test_coupled_network_matches_the_papers_matlab_loop(monkeypatch, single_chunk):
    """A small coupled network with noise (16 E + 4 I, stronger weights and a mean drive so the
    spike buffers must grow) equals the MATLAB loop in numpy exactly: same spikes, same v.
    Split into chunks (the progress path), the run draws the same noise and gives the same result."""
    if not single_chunk:
        monkeypatch.setattr(progress_module, "SINGLE_CHUNK_WORK", 500)
    params = IzhikevichNetworkParams(
        n_excitatory=16,
        n_inhibitory=4,
        excitatory_weight=1.0,
        inhibitory_weight=1.0,
        excitatory_input_mean=10.0,
    )
    net = izhikevich_network(params, rng=5)
    result = simulate_izhikevich_network(net, duration=400.0, record=True, rng=11)
    generator = np.random.default_rng(11)
    noise = generator.standard_normal((400, 20))
    noise *= np.r_[np.full(16, 5.0), np.full(4, 2.0)]
    noise += np.r_[np.full(16, 10.0), np.full(4, 0.0)]
    indices, times, voltage = _matlab_reference(net, noise)
    assert result.n_spikes > 200  # more than the first spike buffer (4 * n_neurons + ...)
    np.testing.assert_array_equal(result.spike_indices, indices)
    np.testing.assert_array_equal(result.spike_times, times)
    np.testing.assert_array_equal(result.voltage, voltage)


def test_record_selects_neurons_and_result_is_read_only():
    net = izhikevich_network(IzhikevichNetworkParams(n_excitatory=8, n_inhibitory=2), rng=0)
    full = simulate_izhikevich_network(net, duration=50.0, record=True, rng=2)
    part = simulate_izhikevich_network(net, duration=50.0, record=[9, 0], rng=2)
    none = simulate_izhikevich_network(net, duration=50.0, rng=2)
    np.testing.assert_array_equal(part.voltage, full.voltage[[9, 0]])
    np.testing.assert_array_equal(part.recorded, [9, 0])
    assert none.voltage.shape == (0, 50) and full.voltage.shape == (10, 50)
    assert full.voltage[:, 0].tolist() == [-65.0] * 10  # sample 0 is the initial state
    np.testing.assert_array_equal(full.recovery[:, 0], -65.0 * net.b)
    assert full.duration == 50.0 and full.dt == 1.0 and full.n_steps == 50
    np.testing.assert_array_equal(full.time, np.arange(50.0))
    with pytest.raises(ValueError):
        full.voltage[0, 0] = 0.0
    with pytest.raises(ValueError):
        full.spike_times[:1] = 0.0


# --------------------------------------------------------------------------- the paper's result


def test_excitatory_and_inhibitory_rates_are_a_few_hz(paper_runs):
    """Measured (40 seeds, 100..1000 ms): E 7.28 +- 0.12 Hz (range 7.06-7.56), I 6.87 +- 0.21 Hz
    (6.52-7.32). Each seed must give E in [6.5, 8.0] Hz and I in [6.0, 8.0] Hz (about 4 s.d.);
    the ten-seed means E in [7.0, 7.6] and I in [6.5, 7.2] Hz (several standard errors)."""
    rates = []
    for result in paper_runs:
        late = result.spike_indices[result.spike_times >= TRANSIENT]
        counts = np.bincount(late, minlength=result.n_neurons) / ((result.duration - TRANSIENT) / 1000.0)
        rates.append((counts[:800].mean(), counts[800:].mean()))
    rates = np.array(rates)
    assert np.all((rates[:, 0] >= 6.5) & (rates[:, 0] <= 8.0)), rates[:, 0]
    assert np.all((rates[:, 1] >= 6.0) & (rates[:, 1] <= 8.0)), rates[:, 1]
    assert 7.0 <= rates[:, 0].mean() <= 7.6 and 6.5 <= rates[:, 1].mean() <= 7.2
    # population_mean_rates over the whole run includes the initial volley: a little higher
    whole = paper_runs[0].population_mean_rates
    assert set(whole) == {"E", "I"} and whole["E"] > rates[0, 0]


def test_population_spectrum_peaks_in_the_alpha_band(spectra):
    """The seed-averaged spectrum of the population rate has its largest 5-20 Hz peak at
    7.8 Hz (in each of four 10-seed groups); we require 6.5-10 Hz (resolution 1.1 Hz). Its
    8-13 Hz power is 38-62 times the 200-500 Hz floor (four groups); we require > 20, while
    the shuffled control gives 0.7-1.1 (required in [0.5, 2])."""
    freqs, power, control = spectra
    low = (freqs >= 5.0) & (freqs <= 20.0)
    peak = freqs[low][np.argmax(power[low])]
    assert 6.5 <= peak <= 10.0, peak
    assert _band(freqs, power, 8, 13) / _band(freqs, power, 200, 500) > 20.0
    assert 0.5 <= _band(freqs, control, 8, 13) / _band(freqs, control, 200, 500) <= 2.0


def test_population_spectrum_has_a_gamma_band(spectra):
    """Gamma: 30-50 Hz power is 22-25 times the 200-500 Hz floor and 6.3-7.6 times the
    60-100 Hz power (four 10-seed groups); we require > 10 and > 4, with the shuffled control
    in [0.5, 2] for both. The broad band peaks (5-bin smoothed) at 26-36 Hz depending on the
    seeds; we require 24-45 Hz."""
    freqs, power, control = spectra
    floor = _band(freqs, power, 200, 500)
    gamma = _band(freqs, power, 30, 50)
    assert gamma / floor > 10.0
    assert gamma / _band(freqs, power, 60, 100) > 4.0
    control_gamma = _band(freqs, control, 30, 50)
    assert 0.5 <= control_gamma / _band(freqs, control, 200, 500) <= 2.0
    assert 0.5 <= control_gamma / _band(freqs, control, 60, 100) <= 2.0
    smooth = np.convolve(power, np.ones(5) / 5, mode="same")
    band = (freqs >= 25.0) & (freqs <= 60.0)
    assert 24.0 <= freqs[band][np.argmax(smooth[band])] <= 45.0


def test_population_rate_counts_spikes_per_bin(paper_runs):
    result = paper_runs[0]
    centres, rate = result.population_rate(1.0)
    assert centres[0] == 0.5 and rate.size == 1000
    counts = np.bincount(result.spike_times.astype(int), minlength=1000)
    np.testing.assert_allclose(rate, counts * 1000.0 / 1000, rtol=1e-12)
    _, rate_e = result.population_rate(10.0, population="E")
    _, rate_i = result.population_rate(10.0, population="I")
    _, rate_all = result.population_rate(10.0)
    np.testing.assert_allclose(0.8 * rate_e + 0.2 * rate_i, rate_all, rtol=1e-12)
    assert rate_e.mean() == pytest.approx(result.population_mean_rates["E"], rel=1e-12)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "kwargs, error",
    [
        (dict(n_excitatory=0), ValueError),
        (dict(n_inhibitory=4001), ValueError),
        (dict(n_excitatory=1.5), TypeError),
        (dict(n_excitatory="800"), TypeError),
        (dict(excitatory_weight=-0.1), ValueError),
        (dict(inhibitory_weight=float("nan")), ValueError),
        (dict(excitatory_noise=1e3), ValueError),
        (dict(inhibitory_noise=True), TypeError),
        (dict(excitatory_input_mean=-101.0), ValueError),
    ],
)
def test_params_reject_bad_values(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        IzhikevichNetworkParams(**kwargs)


def test_params_are_frozen_keyword_only_with_a_one_ms_step():
    params = IzhikevichNetworkParams()
    assert params.max_dt == 1.0 and params.n_neurons == 1000
    with pytest.raises(AttributeError):
        params.n_excitatory = 10
    with pytest.raises(TypeError):
        IzhikevichNetworkParams(800, 200)


def test_builder_rejects_bad_arguments():
    with pytest.raises(TypeError, match="params"):
        izhikevich_network("paper")
    with pytest.raises(TypeError, match="rng"):
        izhikevich_network(rng="abc")


def _small():
    return izhikevich_network(IzhikevichNetworkParams(n_excitatory=4, n_inhibitory=1), rng=0)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(duration=-1.0), ValueError, "duration"),
        (dict(duration=float("inf")), ValueError, "duration"),
        (dict(duration="10"), TypeError, "duration"),
        (dict(duration=10.0, dt=0.5), ValueError, "dt"),
        (dict(duration=10.0, dt=2.0), ValueError, "dt"),
        (dict(duration=10.0, v_init=30.0), ValueError, "v_init"),
        (dict(duration=10.0, v_init=[-65.0, -65.0]), ValueError, "v_init"),
        (dict(duration=10.0, v_init=float("nan")), ValueError, "v_init"),
        (dict(duration=10.0, u_init=np.zeros(3)), ValueError, "u_init"),
        (dict(duration=10.0, record=[5]), ValueError, "record"),
        (dict(duration=10.0, record=[-1]), ValueError, "record"),
        (dict(duration=10.0, record=1.5), TypeError, "record"),
        (dict(duration=10.0, record="all"), TypeError, "record"),
        (dict(duration=10.0, progress="yes"), TypeError, "progress"),
        (dict(duration=10.0, rng="abc"), TypeError, "rng"),
        (dict(duration=1e9), ValueError, "duration"),
    ],
)
def test_simulate_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        simulate_izhikevich_network(_small(), **kwargs)


def test_simulate_requires_duration_and_a_network():
    with pytest.raises(TypeError):
        simulate_izhikevich_network(_small())
    with pytest.raises(TypeError, match="network"):
        simulate_izhikevich_network("paper", duration=10.0)


def test_simulate_builds_a_network_from_params_with_the_same_rng():
    params = IzhikevichNetworkParams(n_excitatory=8, n_inhibitory=2)
    direct = simulate_izhikevich_network(params, duration=100.0, rng=4)
    rng = np.random.default_rng(4)
    built = simulate_izhikevich_network(izhikevich_network(params, rng=rng), duration=100.0, rng=rng)
    np.testing.assert_array_equal(direct.spike_indices, built.spike_indices)
    np.testing.assert_array_equal(direct.spike_times, built.spike_times)


def test_record_large_request_is_refused_before_allocating():
    net = izhikevich_network(rng=0)
    with pytest.raises(ValueError, match="record fewer neurons"):
        simulate_izhikevich_network(net, duration=10_000_000.0, record=True)


def test_network_constructor_checks_its_arrays():
    params = IzhikevichNetworkParams(n_excitatory=2, n_inhibitory=1)
    empty = from_edges([], [], n_pre=3, n_post=3, weights=0.0)
    good = dict(params=params, a=[0.02] * 3, b=[0.2] * 3, c=[-65.0] * 3, d=[8.0] * 3, connectivity=empty)
    net = IzhikevichNetwork(**good)
    assert net.populations == {"E": slice(0, 2), "I": slice(2, 3)}
    bad = [
        ("a", [0.02] * 2, ValueError),
        ("a", [0.0] * 3, ValueError),
        ("c", [10.0] * 3, ValueError),
        ("d", ["x"] * 3, TypeError),
        ("params", "paper", TypeError),
        ("connectivity", np.zeros((3, 3)), TypeError),
        ("connectivity", from_edges([], [], n_pre=4, n_post=4, weights=0.0), ValueError),
        ("connectivity", from_edges([0], [1], n_pre=3, n_post=3, weights=1.0, delays=1.5), ValueError),
        ("populations", {"E": slice(0, 1)}, ValueError),
    ]
    for name, value, error in bad:
        with pytest.raises(error, match=name):
            IzhikevichNetwork(**{**good, name: value})
    assert isinstance(net.connectivity, Connectivity)


def test_population_rate_rejects_bad_arguments(paper_runs):
    result = paper_runs[0]
    with pytest.raises(ValueError, match="bin_width"):
        result.population_rate(0.5)
    with pytest.raises(ValueError, match="population"):
        result.population_rate(1.0, population="X")
