"""Neuromorphic computing: spike codes, event vs clock, fixed point, conversion, energy."""

import functools

import numpy as np
import pytest

import neurocourse as nc
from neurocourse import neuromorphic as nm
from neurocourse.networks import fixed_indegree, stack_presynaptic

# ----------------------------------------------------------------------------- spike codes


def test_poisson_rate_error_falls_as_one_over_sqrt_window():
    windows = np.array([50.0, 200.0, 800.0, 3200.0])
    spikes = nm.encode_rate(np.full(4000, 0.3), duration=3200.0, dt=1.0, max_rate=100.0, rng=0)
    errors = []
    for w in windows:
        estimate = nm.decode_rate(spikes[:, : int(w)], dt=1.0, max_rate=100.0)
        errors.append(np.sqrt(np.mean((estimate - 0.3) ** 2)))
    slope = np.polyfit(np.log(windows), np.log(errors), 1)[0]
    assert slope == pytest.approx(-0.5, abs=0.03)
    # and each error matches the binomial closed form within 5 % (4000 trials)
    np.testing.assert_allclose(errors, nm.rate_code_error(0.3, windows), rtol=0.05)


def test_latency_and_delta_codes_round_trip():
    values = np.array([1.0, 0.5, 0.25, 0.0])
    spikes = nm.encode_latency(values, duration=101.0, dt=1.0)
    assert spikes.sum(axis=1).tolist() == [1, 1, 1, 0]
    assert np.argmax(spikes[0]) == 0 and np.argmax(spikes[1]) == 50
    np.testing.assert_allclose(nm.decode_latency(spikes), values, atol=0.006)
    signal = np.sin(np.linspace(0, 6, 600)) * 3.0
    events = nm.encode_delta(signal, threshold=0.1)
    rebuilt = nm.decode_delta(events, threshold=0.1, initial=signal[0])
    assert np.max(np.abs(rebuilt - signal)) < 0.1
    sd = nm.encode_sigma_delta(np.full(1000, 0.375), threshold=1.0)
    assert sd.sum() == 375  # the mean event rate carries the level exactly
    assert nm.decode_sigma_delta(sd, threshold=1.0, window=100)[-1] == pytest.approx(0.375, abs=0.011)


def test_encoder_validation():
    with pytest.raises(ValueError, match="values"):
        nm.encode_rate([1.5], duration=10.0)
    with pytest.raises(ValueError, match="max_rate"):
        nm.encode_rate([0.5], duration=10.0, dt=1.0, max_rate=2000.0)
    with pytest.raises(ValueError, match="threshold"):
        nm.encode_delta([0.0, 1.0], threshold=0.0)


# ----------------------------------------------------------------------------- event vs clock


@functools.cache
def _network(seed=0, n_inputs=200, n_neurons=400):
    rng = np.random.default_rng(seed)
    inputs = fixed_indegree(n_inputs, n_neurons, 40, weight=3.0, rng=rng)
    recurrent = fixed_indegree(n_neurons, n_neurons, 40, weight=-0.4, rng=rng, allow_autapses=False)
    return stack_presynaptic([inputs, recurrent])


@pytest.mark.parametrize("rate", [10.0, 40.0])
def test_event_driven_equals_clock_driven_and_counts_less_work(rate):
    conn = _network()
    raster = nm.encode_rate(np.full(200, 1.0), duration=500.0, dt=0.1, max_rate=rate, rng=1)
    event = nm.simulate_event_network(conn, raster, duration=500.0, dt=0.1, method="event")
    clock = nm.simulate_event_network(conn, raster, duration=500.0, dt=0.1, method="clock")
    assert event.n_spikes > 10
    np.testing.assert_array_equal(event.spike_indices, clock.spike_indices)
    np.testing.assert_array_equal(event.spike_times, clock.spike_times)
    np.testing.assert_allclose(event.final_voltage, clock.final_voltage, atol=1e-9)
    assert event.synaptic_ops == clock.synaptic_ops
    out_degree = np.diff(conn.indptr)
    delivered = event.spike_indices[event.spike_times < 500.0 - 0.05]  # the last step's spikes never arrive
    expected_ops = raster.sum(axis=1) @ out_degree[:200] + out_degree[200:][delivered].sum()
    assert event.synaptic_ops == expected_ops
    assert clock.neuron_updates == 400 * 5000
    assert event.neuron_updates == event.active_updates == clock.active_updates < clock.neuron_updates


def test_event_network_refuses_to_overflow_its_spike_buffer():
    conn = _network()
    raster = nm.encode_rate(np.full(200, 1.0), duration=100.0, dt=0.1, max_rate=40.0, rng=1)
    full = nm.simulate_event_network(conn, raster, duration=100.0, dt=0.1)
    assert full.n_spikes > 5
    with pytest.raises(ValueError, match="max_spikes"):
        nm.simulate_event_network(conn, raster, duration=100.0, dt=0.1, max_spikes=full.n_spikes - 1)


def test_event_network_validation():
    conn = _network()
    with pytest.raises(ValueError, match="input_spikes"):
        nm.simulate_event_network(conn, np.zeros((200, 10)), duration=2.0, dt=0.1)
    with pytest.raises(ValueError, match="method"):
        nm.simulate_event_network(conn, np.zeros((200, 20)), duration=2.0, dt=0.1, method="async")


# ----------------------------------------------------------------------------- fixed point


def test_fixed_point_neuron_equals_the_integer_reference_bit_for_bit():
    rng = np.random.default_rng(5)
    inputs = rng.integers(-300, 900, 50_000)
    for params in (
        nm.FixedPointLIFParams(),
        nm.FixedPointLIFParams(du=4095, dv=1, v_threshold=100, bias=-37),
        nm.FixedPointLIFParams(du=1, dv=0, state_bits=16, v_threshold=500, threshold_shift=0),
    ):
        u, v, s = nm.fixed_point_lif_reference(params, inputs)
        result = nm.simulate_fixed_point_lif(params, inputs, duration=inputs.size)
        np.testing.assert_array_equal(result.current[0], u)
        np.testing.assert_array_equal(result.voltage[0], v)
        np.testing.assert_array_equal(result.spikes[0], s)
        assert np.abs(result.current).max() <= params.state_limit  # saturated, never wrapped
    assert s.any() and np.abs(u).max() == params.state_limit  # the 16-bit case saturates


def test_fixed_point_step_rounds_toward_zero_and_saturates():
    p = nm.FixedPointLIFParams(du=2048, dv=2048, weight_shift=0, v_threshold=10**5, threshold_shift=0)
    assert nm.fixed_point_lif_step(-3, 0, 0, p)[0] == -1  # -3 * 2048 / 4096 = -1.5 -> -1
    assert nm.fixed_point_lif_step(3, 0, 0, p)[0] == 1
    big = nm.fixed_point_lif_step(0, 0, 10**9, p)
    assert big[0] == p.state_limit == 2**23 - 1


def test_float_twin_agrees_with_fixed_point_and_error_shrinks_with_bits():
    rng = np.random.default_rng(2)
    inputs = rng.integers(0, 60, 3000)
    errors = {}
    for bits in (4, 8, 12):
        params = nm.FixedPointLIFParams(
            du=nm.decay_constant(5.0, bits=bits),
            dv=nm.decay_constant(20.0, bits=bits),
            decay_bits=bits,
            v_threshold=10**5,
        )
        fixed = nm.simulate_fixed_point_lif(params, inputs, duration=3000)
        ideal = nm.simulate_float_lif(params, inputs, duration=3000, tau_u=5.0, tau_v=20.0)
        twin = nm.simulate_float_lif(params, inputs, duration=3000)
        scale = np.abs(ideal.voltage).mean()
        errors[bits] = np.sqrt(np.mean((fixed.voltage - ideal.voltage) ** 2)) / scale
        # with the same constants, only the rounding of the states separates integer and float
        assert np.sqrt(np.mean((fixed.voltage - twin.voltage) ** 2)) / scale < 1e-3
    # the quantised time constants dominate the error: 4 bits is crude, 12 bits (Loihi) is < 0.1 %
    assert errors[4] > 0.1 and errors[12] < 1e-3 and errors[12] < errors[8] < errors[4]
    assert nm.decay_constant(20.0, bits=12) == round(4096 * (1 - np.exp(-1 / 20)))


def test_fixed_point_validation():
    with pytest.raises(ValueError, match="du"):
        nm.FixedPointLIFParams(du=5000)
    with pytest.raises(ValueError, match="v_threshold"):
        nm.FixedPointLIFParams(v_threshold=2**20)
    with pytest.raises(ValueError, match="weighted_input"):
        nm.simulate_fixed_point_lif(nm.FixedPointLIFParams(), [1, 2], duration=3)


# ----------------------------------------------------------------------------- conversion


@functools.lru_cache(maxsize=1)
def _trained():
    digits = nc.datasets.load_digits()
    train, test = digits.split()
    mlp = nm.train_mlp(digits.data[train], digits.labels[train], hidden=(64, 32), epochs=60, rng=0)
    return digits, train, test, mlp


@pytest.mark.slow
def test_conversion_subtract_reset_keeps_ann_accuracy_zero_reset_loses():
    # Rueckauer et al. (2017): reset by subtraction removes the conversion error that reset to
    # zero keeps; with 99.9th-percentile normalisation the SNN matches the ANN at T >= 200.
    digits, train, test, mlp = _trained()
    x, y = digits.data, digits.labels
    ann = np.mean(nm.mlp_predict(mlp, x[test]) == y[test])
    assert ann > 0.96
    snn = nm.convert_to_snn(mlp, x[train], method="percentile", percentile=99.9)
    steps = [200, 300, 400, 600]
    sub = nm.simulate_converted_snn(snn, x[test], n_steps=600, reset="subtract", checkpoints=steps)
    zero = nm.simulate_converted_snn(snn, x[test], n_steps=600, reset="zero", checkpoints=steps)
    assert np.all(ann - sub.accuracy(y[test]) <= 0.005)
    assert np.all(ann - zero.accuracy(y[test]) >= 0.004)
    assert np.mean(ann - zero.accuracy(y[test])) > np.mean(ann - sub.accuracy(y[test])) + 0.004


def _converted_snn_by_matrices(snn, x, n_steps, reset, checkpoints):
    """The dense reference: every step multiplies each layer's 0/1 spike vector by its weights."""
    drive = x @ snn.weights[0] + snn.biases[0]
    potentials = [np.zeros((x.shape[0], w.shape[1])) for w in snn.weights]
    counts = [np.zeros_like(p) for p in potentials]
    syn_ops = np.zeros(x.shape[0])
    predictions = []
    for t in range(1, n_steps + 1):
        spikes = None
        for layer, w in enumerate(snn.weights):
            current = drive if layer == 0 else spikes @ w + snn.biases[layer]
            potentials[layer] += current
            fired = potentials[layer] >= 1.0
            potentials[layer][fired] = potentials[layer][fired] - 1.0 if reset == "subtract" else 0.0
            spikes = fired.astype(float)
            counts[layer] += spikes
            if layer + 1 < len(snn.weights):
                syn_ops += spikes.sum(axis=1) * snn.weights[layer + 1].shape[1]
        if t in checkpoints:
            predictions.append(np.argmax(counts[-1] + 0.49 * np.clip(potentials[-1], -1, 1), axis=1))
    return np.array(predictions), counts, syn_ops


@pytest.mark.parametrize("reset", ["subtract", "zero"])
def test_converted_snn_kernel_equals_the_dense_reference(reset):
    rng = np.random.default_rng(4)
    sizes = (6, 5, 4, 3)
    weights = tuple(rng.normal(0.0, 0.6, (a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    biases = tuple(rng.normal(0.0, 0.1, b) for b in sizes[1:])
    snn = nm.ConvertedSNN(weights=weights, biases=biases, scales=np.ones(3), method="none")
    x = rng.random((7, 6))
    result = nm.simulate_converted_snn(snn, x, n_steps=40, reset=reset, checkpoints=[5, 40])
    predictions, counts, syn_ops = _converted_snn_by_matrices(snn, x, 40, reset, {5, 40})
    np.testing.assert_array_equal(result.predictions, predictions)
    for ours, reference in zip(result.spike_counts, counts, strict=True):
        np.testing.assert_array_equal(ours, reference)
    np.testing.assert_array_equal(result.synaptic_ops, syn_ops)
    assert counts[1].sum() > 0 and counts[2].sum() > 0  # spikes reach the deeper layers


def test_normalisation_scales_and_weights():
    digits, train, _, mlp = _trained()
    x = digits.data[train]
    acts = nm.mlp_activations(mlp, x)
    scales = nm.normalization_scales(mlp, x, method="max")
    assert scales[0] == pytest.approx(acts[1].max())
    snn = nm.convert_to_snn(mlp, x, method="max")
    np.testing.assert_allclose(snn.weights[1], mlp.weights[1] * scales[0] / scales[1])
    np.testing.assert_allclose(snn.biases[2], mlp.biases[2] / scales[2])
    pct = nm.normalization_scales(mlp, x, method="percentile", percentile=99.0)
    assert np.all(pct <= scales)
    with pytest.raises(ValueError, match="method"):
        nm.normalization_scales(mlp, x, method="mean")


# ----------------------------------------------------------------------------- energy


def test_energy_recomputes_from_counts_exactly():
    report = nm.snn_energy(synaptic_ops=1000, active_updates=10, inactive_updates=90, input_macs=64)
    assert report.total == pytest.approx(1000 * 23.6 + 10 * 81 + 90 * 52 + 64 * 4.6, rel=1e-15)
    assert nm.LOIHI_COSTS.synaptic_op == 23.6 and nm.LOIHI_COSTS.neuron_update_inactive == 52.0
    assert "pre-silicon" in nm.LOIHI_COSTS.source
    ann = nm.ann_energy(macs=64 * 32 + 32 * 10, adds=42)
    assert ann.total == pytest.approx((64 * 32 + 32 * 10) * 4.6 + 42 * 0.9, rel=1e-15)
    assert nm.HOROWITZ_45NM_COSTS.mac == 4.6
    digits, _, test, mlp = _trained()
    assert nm.mlp_macs(mlp) == 64 * 64 + 64 * 32 + 32 * 10
    with pytest.raises(ValueError, match="synaptic_ops"):
        nm.snn_energy(synaptic_ops=-1, active_updates=0)
