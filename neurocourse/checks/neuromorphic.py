"""Checkers of chapter 05, neuromorphic computing, and the mystery synapse of exercise 6.

Six exercises, one checker each; every checker runs the student's function on cases it draws
itself and says *how* an answer is wrong without showing the reference:

1. :func:`poisson_encoder` -- a Bernoulli/Poisson rate encoder and the standard error of its
   rate estimate against the window length.
2. :func:`stdp_pair_rule` -- the STDP window of one spike pair.
3. :func:`fixed_point_step` -- one step of the fixed-point LIF neuron: shifts, rounding toward
   zero, saturation, threshold and reset.
4. :func:`weight_normalization` -- data-based weight normalisation for ANN-to-SNN conversion.
5. :func:`inference_energy` -- the energy of a spiking network's inference and of its ANN.
6. :func:`estimate_stdp_time_constants` -- the hidden time constants of the student's
   :func:`mystery_synapse`, found by pairing experiments.
"""

from __future__ import annotations

import copy
import functools

import numpy as np

from ..learning.stdp import STDPParams, stdp_window
from ..neuromorphic import HOROWITZ_45NM_COSTS, LOIHI_COSTS, FixedPointLIFParams, fixed_point_lif_step
from ._framework import (
    CheckFailed,
    check_function_cases,
    checker_side,
    compare_values,
    exercise,
    require_function,
)
from ._variants import seed_text, variant_rng

__all__ = [
    "MysterySynapse",
    "mystery_synapse",
    "poisson_encoder",
    "stdp_pair_rule",
    "fixed_point_step",
    "weight_normalization",
    "inference_energy",
    "estimate_stdp_time_constants",
]

CHAPTER = "05_neuromorphic"


_require_function = functools.partial(require_function, module="neuromorphic", exercise="<exercise>")


def _matches(student_fn, formula, cases, *, rtol=1e-9, atol=1e-12) -> bool:
    """Whether the student's function agrees with ``formula`` on every case (a diagnosis)."""
    with np.errstate(all="ignore"):
        for args in cases:
            try:
                got = np.asarray(student_fn(*copy.deepcopy(args)), dtype=float)
            except NotImplementedError:
                raise
            except Exception:
                return False
            want = np.asarray(formula(*args), dtype=float)
            if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=atol):
                return False
    return True


# =========================================================================== exercise 1


def _reference_rate_error(value, window, dt, max_rate):
    p = value * max_rate * dt / 1000.0
    return np.sqrt(1000.0 * value * (1.0 - p) / (max_rate * window))


_RATE_ERROR_MISTAKES = (
    (
        lambda x, w, dt, r: np.sqrt(x * (1 - x * r * dt / 1000) / (r * w)),
        "your error is about 30 times too small (sqrt(1000)): the window seems to be used in ms where "
        "the rate is in Hz",
        "convert the window to seconds (or the rate to spikes per ms) before combining them.",
    ),
    (
        lambda x, w, dt, r: np.sqrt(1000.0 * x / (r * w)),
        "your error ignores that a step holds at most one spike",
        "a Bernoulli step has variance p (1 - p), not p: include the (1 - p) factor.",
    ),
    (
        lambda x, w, dt, r: 1000.0 * x * (1 - x * r * dt / 1000) / (r * w),
        "you return the variance, not the standard deviation",
        "take the square root.",
    ),
    (
        lambda x, w, dt, r: np.sqrt(1000.0 * x * (1 - x * r * dt / 1000) / (r * w)) * x,
        "your error is scaled by the value once too often",
        "the standard error of the decoded value x "
        "is the spread of count / (max_rate T), without a further factor x.",
    ),
)


@exercise(CHAPTER, "poisson_encoder", title="Exercise 1: a Poisson encoder and its error")
def poisson_encoder(encode, rate_error):
    """Check ``encode(values, n_steps, dt, max_rate, rng)`` and ``rate_error(value, window, dt, max_rate)``.

    The encoder runs on values of the checker's choosing over 20000 steps; the rate of each
    value must fall within 5 standard errors of ``value * max_rate``, the output must be
    0/1 of shape (n_values, n_steps) and depend on ``rng``. Diagnosed: a rate 1000 times off
    (dt in s or ms), time on the first axis, spike counts instead of spikes, an encoder that
    ignores ``rng``; for the error, a missing (1 - p), a variance, a units slip.
    """
    _require_function(encode, "poisson_encode")
    _require_function(rate_error, "rate_error")
    values = np.array([0.0, 0.1, 0.45, 0.8, 1.0])
    n_steps, dt, max_rate = 20000, 0.5, 80.0
    spikes = np.asarray(encode(values.copy(), n_steps, dt, max_rate, np.random.default_rng(11)))
    if spikes.shape == (n_steps, values.size):
        raise CheckFailed(
            "your spikes have time on the first axis",
            hint="return shape (n_values, n_steps): one row per value, time last.",
        )
    if spikes.shape != (values.size, n_steps):
        raise CheckFailed(
            f"your spikes have shape {spikes.shape}, not (n_values, n_steps)",
            hint="one row per value, one column per time step.",
        )
    spikes = spikes.astype(float)
    if not np.all((spikes == 0) | (spikes == 1)):
        raise CheckFailed(
            "your spike array holds values other than 0 and 1",
            hint="each step holds a spike (True) or none (False): compare a uniform "
            "random number with the probability of a spike in one step.",
        )
    p = values * max_rate * dt / 1000.0
    rates = spikes.mean(axis=1)
    if spikes[-1].mean() == 1.0 or np.all(rates[1:] > 0.9):
        raise CheckFailed(
            "your neurons spike in (almost) every step",
            hint="the probability of a spike in a step is rate [Hz] x dt [ms] / 1000.",
        )
    if rates[-1] == 0.0 and spikes.sum() < 5:
        raise CheckFailed(
            "your encoder (almost) never spikes: the rate seems 1000 times too small",
            hint="the probability of a spike in a step is rate [Hz] x dt [ms] / 1000.",
        )
    tolerance = 5.0 * np.sqrt(p * (1 - p) / n_steps) + 1e-12
    if np.any(np.abs(rates - p) > tolerance):
        if np.allclose(rates[1:] / p[1:], rates[-1] / p[-1], rtol=0.2):
            factor = rates[-1] / p[-1]
            raise CheckFailed(
                f"your spike rates are off by a factor of about {factor:.3g}",
                hint="a value x fires at x * max_rate Hz; per step that is x * max_rate * dt / 1000.",
            )
        raise CheckFailed(
            "your spike rates do not grow in proportion to the values",
            hint="the spike probability of a step is proportional to the value.",
        )
    again = np.asarray(encode(values.copy(), n_steps, dt, max_rate, np.random.default_rng(12)))
    if np.array_equal(again, spikes):
        raise CheckFailed(
            "your encoder gives the same spikes with a different generator",
            hint="draw the random numbers from the `rng` argument.",
        )
    cases = [
        (0.3, 100.0, 1.0, 100.0),
        (0.7, 1000.0, 1.0, 100.0),
        (1.0, 250.0, 0.1, 200.0),
        (0.05, 50.0, 1.0, 20.0),
        (np.array([0.2, 0.9]), 400.0, 1.0, 100.0),
        (0.5, np.array([10.0, 40.0, 160.0]), 1.0, 100.0),
    ]
    for formula, message, hint in _RATE_ERROR_MISTAKES:
        if _matches(rate_error, formula, cases, rtol=1e-6):
            raise CheckFailed(message, hint=hint)
    check_function_cases(rate_error, _reference_rate_error, cases, name="rate_error", rtol=1e-6, atol=1e-12)


# =========================================================================== exercise 2


def _reference_window(delta_t, a_plus, a_minus, tau_plus, tau_minus):
    return stdp_window(
        delta_t, STDPParams(a_plus=a_plus, a_minus=a_minus, tau_plus=tau_plus, tau_minus=tau_minus)
    )


def _window_cases():
    dts = np.array([-120.0, -40.0, -10.0, -1.0, 0.0, 1.0, 5.0, 16.8, 60.0])
    return [
        (dts, 0.01, 0.0105, 16.8, 33.7),
        (dts, 0.5, 0.25, 10.0, 30.0),
        (dts, 1.0, 1.2, 25.0, 12.0),
        (7.5, 0.3, 0.2, 20.0, 20.0),
        (-7.5, 0.3, 0.2, 20.0, 20.0),
    ]


def _window_mistake(formula):
    def reference_shape(dt, ap, am, tp, tm):
        return formula(np.asarray(dt, dtype=float), ap, am, tp, tm)

    return reference_shape


_WINDOW_MISTAKES = (
    (
        _window_mistake(lambda d, ap, am, tp, tm: _reference_window(-d, ap, am, tp, tm)),
        "your window is mirrored: pre-before-post (delta_t = t_post - t_pre > 0) depresses",
        "delta_t = t_post - t_pre > 0 means the presynaptic spike came first: that pair potentiates.",
    ),
    (
        _window_mistake(
            lambda d, ap, am, tp, tm: np.where(
                d > 0, ap * np.exp(-d / tp), np.where(d < 0, am * np.exp(d / tm), 0.0)
            )
        ),
        "post-before-pre pairs strengthen your synapse",
        "a negative delta_t must give a negative change, -A- exp(delta_t / tau-).",
    ),
    (
        _window_mistake(
            lambda d, ap, am, tp, tm: np.where(
                d > 0, ap * np.exp(-d / tm), np.where(d < 0, -am * np.exp(d / tp), 0.0)
            )
        ),
        "the two time constants are swapped",
        "tau+ shapes the potentiation side (delta_t > 0), tau- the depression side.",
    ),
    (
        _window_mistake(
            lambda d, ap, am, tp, tm: np.where(
                d > 0, ap * np.exp(d / tp), np.where(d < 0, -am * np.exp(-d / tm), 0.0)
            )
        ),
        "your window grows with |delta_t| instead of decaying",
        "the exponent must be negative: exp(-|delta_t| / tau).",
    ),
    (
        _window_mistake(
            lambda d, ap, am, tp, tm: np.where(
                d > 0, ap * np.exp(-d / (1000 * tp)), np.where(d < 0, -am * np.exp(d / (1000 * tm)), 0.0)
            )
        ),
        "your window barely decays: the time constants seem to be converted to microseconds or "
        "delta_t to seconds",
        "delta_t and the taus are both in ms; use them as they are.",
    ),
)


@exercise(CHAPTER, "stdp_pair_rule", title="Exercise 2: the STDP pair rule")
def stdp_pair_rule(student_function):
    """Check ``student_function(delta_t, a_plus, a_minus, tau_plus, tau_minus) -> dw``.

    ``delta_t = t_post - t_pre`` [ms], a number or an array; the change of a pair at
    delta_t = 0 is 0. Diagnosed: a mirrored window, the wrong sign of depression, swapped time
    constants, a growing exponential and a units slip.
    """
    _require_function(student_function, "stdp_dw")
    cases = _window_cases()
    for formula, message, hint in _WINDOW_MISTAKES:
        if _matches(student_function, formula, cases):
            raise CheckFailed(message, hint=hint)
    check_function_cases(student_function, _reference_window, cases, name="stdp_dw", rtol=1e-9, atol=1e-15)


# =========================================================================== exercise 3


_FIXED_PARAMS = (
    FixedPointLIFParams(),
    FixedPointLIFParams(du=4095, dv=1, v_threshold=90, bias=-37),
    FixedPointLIFParams(
        du=1000, dv=3000, decay_bits=12, state_bits=16, v_threshold=400, threshold_shift=0, weight_shift=3
    ),
)


def _fixed_cases():
    rng = np.random.default_rng(55)
    cases = []
    for params in _FIXED_PARAMS:
        limit = params.state_limit
        for _ in range(6):
            u = int(rng.integers(-limit // 4, limit // 4))
            v = int(rng.integers(-limit // 8, params.threshold_value))
            x = int(rng.integers(-200, 400))
            cases.append((u, v, x, params))
        cases.append((-7, -5, 0, params))  # rounding toward zero on negatives
        cases.append((limit - 3, 0, 500, params))  # current saturates
        cases.append((0, params.threshold_value - 1, 1, params))  # reaches the threshold
        cases.append((-limit + 2, -limit + 5, -500, params))  # saturates below
        if params.bias == 0:  # lands exactly on the threshold
            cases.append((0, 0, params.threshold_value >> params.weight_shift, params))
    return cases


def _step_tuple(u, v, x, params):
    u, v, spike = fixed_point_lif_step(u, v, x, params)
    return np.array([u, v, int(spike)], dtype=float)


def _student_step(student_function):
    def call(u, v, x, params):
        out = student_function(u, v, x, params)
        if not isinstance(out, tuple) or len(out) != 3:
            raise CheckFailed(
                "your function must return three values: `return u, v, spike`",
                hint="the new current u, the new voltage v (after a reset) and whether it spiked.",
            )
        return np.array([float(out[0]), float(out[1]), float(bool(out[2]))])

    return call


def _variant_step(*, floor=False, saturate=True, old_u=False, strict=False, no_reset=False, divide=False):
    def step(u, v, x, p):
        scale = 1 << p.decay_bits
        limit = p.state_limit

        def decay(value, d):
            product = value * (scale - d)
            if divide:
                return product / scale
            if floor:
                return product >> p.decay_bits
            return -((-product) >> p.decay_bits) if product < 0 else product >> p.decay_bits

        u_new = decay(u, p.du) + (x << p.weight_shift)
        if saturate:
            u_new = max(-limit, min(limit, u_new))
        v_new = decay(v, p.dv) + (u if old_u else u_new) + p.bias
        if saturate:
            v_new = max(-limit, min(limit, v_new))
        fired = v_new > p.threshold_value if strict else v_new >= p.threshold_value
        if fired and not no_reset:
            v_new = 0
        return np.array([u_new, v_new, int(fired)], dtype=float)

    return step


_FIXED_MISTAKES = (
    (
        _variant_step(floor=True),
        "negative states round the wrong way: `>>` alone rounds toward minus infinity",
        "shift the magnitude and restore the sign: -((-x) >> bits) for negative x.",
    ),
    (
        _variant_step(divide=True),
        "your decay divides (a float result) instead of shifting",
        "use a multiply and a right shift by decay_bits: integer arithmetic only.",
    ),
    (
        _variant_step(saturate=False),
        "your states overflow the state width instead of saturating",
        "clip u and v to +-(2**(state_bits - 1) - 1) after each update.",
    ),
    (
        _variant_step(old_u=True),
        "your voltage integrates the current of the previous step",
        "update u first, then add the *new* u to v.",
    ),
    (
        _variant_step(strict=True),
        "a voltage exactly at threshold does not fire in your step",
        "the course's threshold test is v >= threshold.",
    ),
    (_variant_step(no_reset=True), "your neuron does not reset after a spike", "set v to 0 when it fires."),
)


@exercise(CHAPTER, "fixed_point_step", title="Exercise 3: one fixed-point LIF step")
def fixed_point_step(student_function):
    """Check ``student_function(u, v, weighted_input, params) -> (u, v, spike)`` in integers.

    Hidden cases: three parameter sets (Loihi's 12-bit decays and 24-bit states, a 16-bit
    state), negative states, saturation above and below, and a voltage landing exactly on
    threshold. Diagnosed: floor instead of rounding toward zero, float division, no
    saturation, the old current in the voltage update, a strict threshold, no reset.
    """
    _require_function(student_function, "fixed_point_lif_step")
    cases = _fixed_cases()
    wrapped = _student_step(student_function)
    for formula, message, hint in _FIXED_MISTAKES:
        if _matches(wrapped, formula, cases, rtol=0, atol=0):
            raise CheckFailed(message, hint=hint)
    for args in cases:
        got = student_function(*copy.deepcopy(args))
        if (
            isinstance(got, tuple)
            and len(got) == 3
            and not all(isinstance(value, (int, np.integer)) for value in got[:2])
        ):
            raise CheckFailed(
                "your states are not integers", hint="use integer operations: *, >>, << and clipping."
            )
    check_function_cases(wrapped, _step_tuple, cases, name="fixed_point_lif_step", rtol=0, atol=0)


# =========================================================================== exercise 4


def _normalize_reference(weights, biases, activations, percentile):
    scales = []
    for a in activations:
        positive = a[a > 0]
        scales.append(float(np.percentile(positive, percentile)) if positive.size else 1.0)
    previous = [1.0] + scales[:-1]
    return (
        [w * (p / s) for w, p, s in zip(weights, previous, scales, strict=True)],
        [b / s for b, s in zip(biases, scales, strict=True)],
    )


def _normalization_case(seed, sizes, percentile):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0, 1 / np.sqrt(a), (a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    biases = [rng.normal(0, 0.1, b) for b in sizes[1:]]
    x = rng.uniform(0, 1, (200, sizes[0]))
    activations = []
    h = x
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        h = h @ w + b
        if k < len(weights) - 1:
            h = np.maximum(h, 0.0)
        activations.append(h)
    return weights, biases, activations, percentile


def _flatten(pair):
    weights, biases = pair
    return np.concatenate([np.ravel(a) for a in list(weights) + list(biases)])


def _normalization_variant(kind):
    def variant(weights, biases, activations, percentile):
        scales = []
        for a in activations:
            data = a.ravel() if kind == "zeros" else a[a > 0]
            scales.append(float(np.max(data)) if kind == "max" else float(np.percentile(data, percentile)))
        previous = [1.0] + scales[:-1]
        if kind == "no_previous":
            previous = [1.0] * len(scales)
        new_w = [w * (p / s) for w, p, s in zip(weights, previous, scales, strict=True)]
        if kind == "inverted":
            new_w = [w * (s / p) for w, p, s in zip(weights, previous, scales, strict=True)]
        new_b = list(biases) if kind == "bias" else [b / s for b, s in zip(biases, scales, strict=True)]
        return new_w, new_b

    return variant


_NORMALIZATION_MISTAKES = (
    (
        "no_previous",
        "your weights are divided by their own layer's scale only",
        "a layer receives spikes scaled by the layer below: multiply by lambda_{l-1} / lambda_l.",
    ),
    ("inverted", "your weight factors are upside down", "W_l <- W_l * lambda_{l-1} / lambda_l."),
    (
        "bias",
        "your biases keep their ANN values",
        "the biases feed the same neurons: divide them by lambda_l.",
    ),
    (
        "max",
        "you normalise by the maximum, not the percentile",
        "use np.percentile of the positive activations: one outlier should not set the scale.",
    ),
    (
        "zeros",
        "your percentile counts the silent (zero) activations",
        "take the percentile over the positive activations only (a[a > 0]).",
    ),
)


@exercise(CHAPTER, "weight_normalization", title="Exercise 4: weight normalisation for conversion")
def weight_normalization(student_function):
    """Check ``student_function(weights, biases, activations, percentile) -> (weights, biases)``.

    ``activations[l]`` holds the activations of layer l (hidden layers after the ReLU, then the
    output) on the normalisation data. Diagnosed: a missing previous-layer factor, inverted
    factors, unscaled biases, the maximum instead of the percentile, zeros counted.
    """
    _require_function(student_function, "normalize_weights")
    cases = [
        _normalization_case(1, (12, 9, 5), 99.0),
        _normalization_case(2, (8, 16, 10, 3), 99.9),
        _normalization_case(3, (20, 4), 95.0),
    ]

    def student_flat(*args):
        out = student_function(*args)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise CheckFailed(
                "return two lists: `return new_weights, new_biases`",
                hint="one normalised matrix and one normalised bias vector per layer.",
            )
        return _flatten(out)

    for kind, message, hint in _NORMALIZATION_MISTAKES:
        variant = _normalization_variant(kind)
        if _matches(student_flat, lambda *a, f=variant: _flatten(f(*a)), cases, rtol=1e-9):
            raise CheckFailed(message, hint=hint)
    check_function_cases(
        student_flat,
        lambda *a: _flatten(_normalize_reference(*a)),
        cases,
        name="normalize_weights",
        rtol=1e-9,
        atol=1e-12,
    )


# =========================================================================== exercise 5


def _reference_snn_energy(spike_counts, fan_outs, n_neurons, n_steps):
    syn_ops = sum(float(np.sum(c)) * f for c, f in zip(spike_counts, fan_outs, strict=True))
    return syn_ops * LOIHI_COSTS.synaptic_op + n_neurons * n_steps * LOIHI_COSTS.neuron_update_active


def _reference_ann_energy(layer_sizes):
    macs = sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:], strict=True))
    return macs * HOROWITZ_45NM_COSTS.mac


def _energy_cases():
    rng = np.random.default_rng(9)
    cases = []
    for sizes, steps in (((64, 32, 10), 100), ((20, 50, 5), 300), ((8, 4), 10)):
        counts = [rng.integers(0, steps // 3, n) for n in sizes[:-1]]
        cases.append((counts, list(sizes[1:]), int(sum(sizes[:-1])), steps))
    return cases


_SNN_ENERGY_MISTAKES = (
    (
        lambda c, f, n, t: _reference_snn_energy(c, f, n, t) / 1000.0,
        "your energy is 1000 times too small",
        "the course reports picojoules: keep the pJ figures as they are.",
    ),
    (
        lambda c, f, n, t: sum(float(np.sum(x)) for x in c) * 23.6 + n * t * 81.0,
        "your synaptic operations ignore the fan-out",
        "each spike is delivered to every neuron it projects to.",
    ),
    (
        lambda c, f, n, t: sum(float(np.sum(x)) * y for x, y in zip(c, f, strict=True)) * 23.6,
        "your energy leaves out the neuron updates",
        "every neuron is updated at every step: n_neurons x n_steps x 81 pJ.",
    ),
    (
        lambda c, f, n, t: sum(float(np.sum(x)) * y for x, y in zip(c, f, strict=True)) * 23.6 + n * t * 52.0,
        "your neuron updates use the inactive figure",
        "count every update as active (81 pJ) in this exercise.",
    ),
)


@exercise(CHAPTER, "inference_energy", title="Exercise 5: the energy of an inference")
def inference_energy(snn_energy_pj, ann_energy_pj):
    """Check ``snn_energy_pj(spike_counts, fan_outs, n_neurons, n_steps)`` and ``ann_energy_pj(sizes)`` [pJ].

    SNN: 23.6 pJ per synaptic operation (spikes x fan-out) plus 81 pJ per neuron update
    (every neuron, every step). ANN: 4.6 pJ per multiply-accumulate. Diagnosed: nJ for pJ,
    a missing fan-out, missing or inactive neuron updates, MACs counted per neuron.
    """
    _require_function(snn_energy_pj, "snn_energy_pj")
    _require_function(ann_energy_pj, "ann_energy_pj")
    cases = _energy_cases()
    for formula, message, hint in _SNN_ENERGY_MISTAKES:
        if _matches(snn_energy_pj, formula, cases, rtol=1e-9):
            raise CheckFailed(message, hint=hint)
    check_function_cases(
        snn_energy_pj, _reference_snn_energy, cases, name="snn_energy_pj", unit="pJ", rtol=1e-9
    )
    ann_cases = [((64, 32, 10),), ((784, 100, 10),), ((3, 2),), ((10, 20, 30, 5),)]
    if _matches(ann_energy_pj, lambda s: sum(s[1:]) * 4.6, ann_cases):
        raise CheckFailed(
            "your ANN energy counts one MAC per neuron",
            hint="a dense layer does n_in x n_out multiply-accumulates.",
        )
    if _matches(ann_energy_pj, lambda s: _reference_ann_energy(s) * 0.9 / 4.6, ann_cases):
        raise CheckFailed(
            "your ANN energy uses the cost of an addition for a MAC",
            hint="a fp32 multiply-accumulate costs 4.6 pJ at 45 nm (Horowitz 2014).",
        )
    check_function_cases(
        ann_energy_pj, _reference_ann_energy, ann_cases, name="ann_energy_pj", unit="pJ", rtol=1e-9
    )


# =========================================================================== exercise 6


def _hidden_stdp(seed) -> tuple[float, float, float, float]:
    """(tau_plus, tau_minus, a_plus, a_minus) of the student's mystery synapse: the answer key."""
    rng = variant_rng(f"{CHAPTER}:mystery_stdp", seed)
    tau_plus = float(rng.uniform(8.0, 30.0))
    tau_minus = float(rng.uniform(15.0, 60.0))
    a_plus = float(rng.uniform(0.005, 0.02))
    a_minus = float(a_plus * rng.uniform(0.8, 1.3))
    return tau_plus, tau_minus, a_plus, a_minus


@checker_side("pair")
class MysterySynapse:
    """A synapse with hidden STDP time constants: pair its neurons and measure the weight change.

    Holds only the student's seed; the parameters are drawn afresh in each experiment. In a
    graded run the object stays in the checker process and the student's code gets a proxy
    that can only call :meth:`pair`.
    Use :meth:`pair`; create it with :func:`mystery_synapse`.
    """

    __slots__ = ("_seed",)

    def __init__(self, seed):
        seed_text(seed)
        object.__setattr__(self, "_seed", seed)

    def __setattr__(self, name, value):
        raise AttributeError("a MysterySynapse cannot be changed")

    def __repr__(self) -> str:
        return "MysterySynapse(hidden time constants)"

    def pair(self, delta_t, *, n_pairs=60, rng=None):
        """Pair pre and post spikes ``n_pairs`` times at ``delta_t = t_post - t_pre`` [ms], 1 s apart.

        Parameters
        ----------
        delta_t : float or array_like
            Spike-timing difference(s) [ms], within +-200 ms.
        n_pairs : int
            Repetitions per delta_t, in [1, 1000]; the measured change is averaged over them.
        rng : None, int or numpy.random.Generator
            Source of the measurement noise.

        Returns
        -------
        float or ndarray
            Mean weight change per pair, with measurement noise (std 0.002 / sqrt(n_pairs)).
        """
        from .._validation import as_generator, check_array, check_int

        rng = as_generator(rng)
        delta = check_array("delta_t", delta_t, unit="ms", ndim=(0, 1), low=-200.0, high=200.0)
        n_pairs = check_int("n_pairs", n_pairs, low=1, high=1000)
        tau_plus, tau_minus, a_plus, a_minus = _hidden_stdp(self._seed)
        clean = stdp_window(
            delta, STDPParams(a_plus=a_plus, a_minus=a_minus, tau_plus=tau_plus, tau_minus=tau_minus)
        )
        noisy = clean + rng.normal(0.0, 0.002 / np.sqrt(n_pairs), np.shape(clean))
        return float(noisy) if np.ndim(noisy) == 0 else noisy


def mystery_synapse(seed):
    """Return the student's mystery synapse (its STDP time constants are drawn from the seed and hidden).

    Raises
    ------
    TypeError
        If ``seed`` is not an int or a non-empty str.
    """
    return MysterySynapse(seed)


@exercise(CHAPTER, "estimate_stdp_time_constants", title="Exercise 6: the mystery synapse")
def estimate_stdp_time_constants(student_function, *, seed):
    """Check ``student_function(synapse) -> (tau_plus, tau_minus)`` [ms] on the synapse of ``seed``.

    Both within 10 % of the hidden values. The student's function runs on a fresh
    :class:`MysterySynapse`, so it must do the experiments itself.
    """
    try:
        seed_text(seed)
    except TypeError:
        raise CheckFailed(
            f"`STUDENT_SEED` should be your student number (an integer), but it is {seed!r}",
            hint="set `STUDENT_SEED` in the cell at the top and run it again.",
        ) from None
    _require_function(student_function, "estimate_time_constants")
    answer = student_function(mystery_synapse(seed))
    if not isinstance(answer, (tuple, list, np.ndarray)) or len(answer) != 2:
        raise CheckFailed("return two numbers: `return tau_plus, tau_minus`", hint="both in ms.")
    tau_plus, tau_minus, _, _ = _hidden_stdp(seed)
    got_plus, got_minus = (float(value) for value in answer)
    correct = np.isclose(got_plus, tau_plus, rtol=0.1) and np.isclose(got_minus, tau_minus, rtol=0.1)
    swapped = np.isclose(got_plus, tau_minus, rtol=0.1) and np.isclose(got_minus, tau_plus, rtol=0.1)
    if swapped and not correct:
        raise CheckFailed(
            "your two time constants are swapped",
            hint="tau+ belongs to delta_t > 0 (pre before post), tau- to delta_t < 0.",
        )
    compare_values(got_plus, tau_plus, name="tau_plus", unit="ms", rtol=0.1)
    compare_values(got_minus, tau_minus, name="tau_minus", unit="ms", rtol=0.1)
