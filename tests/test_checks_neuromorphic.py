"""Checkers of chapter 05: each accepts the reference and rejects plausible wrong answers."""

import numpy as np
import pytest

from neurocourse.checks import neuromorphic as checks
from neurocourse.checks._framework import FAILED, NOT_ATTEMPTED, PASSED

# ----------------------------------------------------------------------------- reference answers


def poisson_encode(values, n_steps, dt, max_rate, rng):
    p = np.asarray(values, dtype=float) * max_rate * dt / 1000.0
    return rng.random((np.size(values), n_steps)) < p.reshape(-1, 1)


def rate_error(value, window, dt, max_rate):
    p = value * max_rate * dt / 1000.0
    return np.sqrt(value * (1 - p) / (max_rate * window / 1000.0))


def stdp_dw(delta_t, a_plus, a_minus, tau_plus, tau_minus):
    delta_t = np.asarray(delta_t, dtype=float)
    return np.where(
        delta_t > 0,
        a_plus * np.exp(-delta_t / tau_plus),
        np.where(delta_t < 0, -a_minus * np.exp(delta_t / tau_minus), 0.0),
    )


def _decay(x, d, bits):
    product = x * ((1 << bits) - d)
    return -((-product) >> bits) if product < 0 else product >> bits


def fixed_point_lif_step(u, v, weighted_input, params):
    limit = 2 ** (params.state_bits - 1) - 1
    u = _decay(u, params.du, params.decay_bits) + (weighted_input << params.weight_shift)
    u = max(-limit, min(limit, u))
    v = _decay(v, params.dv, params.decay_bits) + u + params.bias
    v = max(-limit, min(limit, v))
    if v >= params.v_threshold << params.threshold_shift:
        return u, 0, True
    return u, v, False


def normalize_weights(weights, biases, activations, percentile):
    scales = [np.percentile(a[a > 0], percentile) for a in activations]
    previous = [1.0] + scales[:-1]
    return (
        [w * p / s for w, p, s in zip(weights, previous, scales, strict=True)],
        [b / s for b, s in zip(biases, scales, strict=True)],
    )


def snn_energy_pj(spike_counts, fan_outs, n_neurons, n_steps):
    ops = sum(np.sum(c) * f for c, f in zip(spike_counts, fan_outs, strict=True))
    return ops * 23.6 + n_neurons * n_steps * 81.0


def ann_energy_pj(layer_sizes):
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:], strict=False)) * 4.6


def estimate_time_constants(synapse):
    delta = np.arange(1.0, 150.0, 1.0)
    plus = synapse.pair(delta, n_pairs=200, rng=0)
    minus = -synapse.pair(-delta, n_pairs=200, rng=1)
    keep_p, keep_m = plus > 1e-3, minus > 1e-3
    tau_plus = -1 / np.polyfit(delta[keep_p], np.log(plus[keep_p]), 1, w=plus[keep_p])[0]
    tau_minus = -1 / np.polyfit(delta[keep_m], np.log(minus[keep_m]), 1, w=minus[keep_m])[0]
    return tau_plus, tau_minus


def _stub(*args, **kwargs):
    raise NotImplementedError("Exercise")


# ----------------------------------------------------------------------------- tests


def test_every_checker_accepts_the_reference():
    assert checks.poisson_encoder(poisson_encode, rate_error).status == PASSED
    assert checks.stdp_pair_rule(stdp_dw).status == PASSED
    assert checks.fixed_point_step(fixed_point_lif_step).status == PASSED
    assert checks.weight_normalization(normalize_weights).status == PASSED
    assert checks.inference_energy(snn_energy_pj, ann_energy_pj).status == PASSED
    for seed in (2026, 1, "12345"):
        assert checks.estimate_stdp_time_constants(estimate_time_constants, seed=seed).status == PASSED


def test_stubs_are_not_attempted():
    assert checks.poisson_encoder(_stub, rate_error).status == NOT_ATTEMPTED
    assert checks.stdp_pair_rule(_stub).status == NOT_ATTEMPTED
    assert checks.estimate_stdp_time_constants(_stub, seed=2026).status == NOT_ATTEMPTED


def _fails(result, fragment):
    assert result.status == FAILED, result.message
    assert fragment in result.message, result.message


def test_poisson_encoder_mistakes():
    _fails(
        checks.poisson_encoder(lambda v, n, dt, r, g: g.random((n, np.size(v))) < 0.01, rate_error),
        "time on the first axis",
    )
    _fails(
        checks.poisson_encoder(
            lambda v, n, dt, r, g: g.random((np.size(v), n)) < np.reshape(v, (-1, 1)) * r * dt, rate_error
        ),
        "every step",
    )
    _fails(
        checks.poisson_encoder(
            lambda v, n, dt, r, g: (
                np.random.default_rng(0).random((np.size(v), n)) < np.reshape(v, (-1, 1)) * r * dt / 1000
            ),
            rate_error,
        ),
        "different generator",
    )
    _fails(checks.poisson_encoder(poisson_encode, lambda x, w, dt, r: np.sqrt(1000 * x / (r * w))), "(1 - p)")
    _fails(
        checks.poisson_encoder(poisson_encode, lambda x, w, dt, r: rate_error(x, w, dt, r) ** 2), "variance"
    )


def test_stdp_mistakes():
    _fails(
        checks.stdp_pair_rule(lambda d, ap, am, tp, tm: stdp_dw(-np.asarray(d), ap, am, tp, tm)), "mirrored"
    )
    _fails(checks.stdp_pair_rule(lambda d, ap, am, tp, tm: stdp_dw(d, ap, am, tm, tp)), "swapped")
    _fails(checks.stdp_pair_rule(lambda d, ap, am, tp, tm: np.abs(stdp_dw(d, ap, am, tp, tm))), "strengthen")


def test_fixed_point_mistakes():
    def floor_step(u, v, x, p):
        limit = 2 ** (p.state_bits - 1) - 1
        u = max(
            -limit, min(limit, (u * ((1 << p.decay_bits) - p.du) >> p.decay_bits) + (x << p.weight_shift))
        )
        v = max(-limit, min(limit, (v * ((1 << p.decay_bits) - p.dv) >> p.decay_bits) + u + p.bias))
        return (u, 0, True) if v >= p.v_threshold << p.threshold_shift else (u, v, False)

    def strict_step(u, v, x, p):
        u2, v2, s = fixed_point_lif_step(u, v, x, p)
        if s:  # recompute without reset to apply a strict test
            limit = 2 ** (p.state_bits - 1) - 1
            v_raw = max(-limit, min(limit, _decay(v, p.dv, p.decay_bits) + u2 + p.bias))
            return (u2, 0, True) if v_raw > p.threshold_value else (u2, v_raw, False)
        return u2, v2, s

    _fails(checks.fixed_point_step(floor_step), "round the wrong way")
    _fails(checks.fixed_point_step(strict_step), "exactly at threshold")
    _fails(checks.fixed_point_step(lambda u, v, x, p: fixed_point_lif_step(u, v, x, p)[:2]), "three values")


def test_normalization_mistakes():
    def no_previous(w, b, a, q):
        scales = [np.percentile(x[x > 0], q) for x in a]
        return [m / s for m, s in zip(w, scales, strict=True)], [
            c / s for c, s in zip(b, scales, strict=True)
        ]

    def with_max(w, b, a, q):
        return normalize_weights(w, b, a, 100.0)

    _fails(checks.weight_normalization(no_previous), "own layer")
    _fails(checks.weight_normalization(with_max), "maximum")
    _fails(checks.weight_normalization(lambda w, b, a, q: (normalize_weights(w, b, a, q)[0], b)), "biases")


def test_energy_mistakes():
    _fails(
        checks.inference_energy(lambda c, f, n, t: snn_energy_pj(c, f, n, t) / 1000, ann_energy_pj), "1000"
    )
    _fails(
        checks.inference_energy(
            lambda c, f, n, t: sum(np.sum(x) for x in c) * 23.6 + n * t * 81.0, ann_energy_pj
        ),
        "fan-out",
    )
    _fails(checks.inference_energy(snn_energy_pj, lambda s: sum(s[1:]) * 4.6), "one MAC per neuron")


def test_mystery_synapse_hides_its_parameters_and_checker_rejects_wrong_answers():
    synapse = checks.mystery_synapse(2026)
    assert "hidden" in repr(synapse) and not hasattr(synapse, "__dict__")
    with pytest.raises(AttributeError):
        synapse.tau = 3.0
    with pytest.raises(ValueError, match="delta_t"):
        synapse.pair(500.0)
    _fails(
        checks.estimate_stdp_time_constants(lambda s: estimate_time_constants(s)[::-1], seed=2026), "swapped"
    )
    _fails(checks.estimate_stdp_time_constants(lambda s: (16.8, 33.7), seed=7), "tau")
    _fails(checks.estimate_stdp_time_constants(estimate_time_constants, seed=None), "STUDENT_SEED")
    # different students get different synapses
    assert checks.mystery_synapse(1).pair(10.0, rng=0) != checks.mystery_synapse(2).pair(10.0, rng=0)
