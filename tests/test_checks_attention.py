"""The chapter 03 checkers accept the reference, reject plausible wrong answers, and hide the answers."""

import numpy as np
import pytest
from scipy import optimize

from neurocourse import attention
from neurocourse.checks import attention as checks


def stub(*args, **kwargs):
    raise NotImplementedError("Exercise: write your code here")


# --------------------------------------------------------------------------- exercise 1


def reference_normalization(drive, sigma, n):
    powered = np.asarray(drive, dtype=float) ** n
    return powered / (sigma**n + powered.sum())


def test_normalization_accepts_the_reference_and_the_library():
    assert checks.divisive_normalization(reference_normalization).status == "passed"
    library = lambda d, s, n: attention.divisive_normalization(d, sigma=s, exponent=n)  # noqa: E731
    assert checks.divisive_normalization(library).status == "passed"


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda d, s, n: d**n / (s + np.sum(d**n)), "not raised to the power n"),
        (lambda d, s, n: d / (s**n + np.sum(d**n)), "numerator"),
        (lambda d, s, n: d**n / np.sum(d**n), "sigma is missing"),
        (lambda d, s, n: d**n / (s**n + np.sum(d**n) - d**n), "leaves each unit out"),
        (lambda d, s, n: d**n / (s**n + np.sum(d) ** n), "summed drive"),
        (lambda d, s, n: (d / (s + np.sum(d))) ** n, "whole ratio"),
        (lambda d, s, n: d**n * (s**n + np.sum(d**n)), "multiply"),
        (lambda d, s, n: 1.01 * reference_normalization(d, s, n), "divisive_normalization("),
        (lambda d, s, n: None, "None"),
        (lambda d, s, n: float(reference_normalization(d, s, n)[0]), "divisive_normalization("),
    ],
)
def test_normalization_rejects_plausible_wrong_answers(wrong, words):
    result = checks.divisive_normalization(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message


def test_not_attempted_and_not_a_function():
    assert checks.divisive_normalization(stub).status == "not attempted"
    assert checks.attention_field(stub).status == "not attempted"
    assert checks.fit_naka_rushton(stub).status == "not attempted"
    assert checks.c50_shift(stub, seed=2026).status == "not attempted"
    assert checks.scaled_dot_product_attention(stub).status == "not attempted"
    assert checks.infer_attention_width(stub, seed=2026).status == "not attempted"
    result = checks.divisive_normalization(reference_normalization(np.ones(3), 1.0, 1.0))
    assert result.status == "failed" and "function itself" in result.message


# --------------------------------------------------------------------------- exercise 2


def reference_field(x, center, width, peak, baseline):
    return baseline + (peak - baseline) * np.exp(-((x - center) ** 2) / (2 * width**2))


def test_field_accepts_the_reference():
    assert checks.attention_field(reference_field).status == "passed"


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda x, c, w, p, b: b + p * np.exp(-0.5 * ((x - c) / w) ** 2), "baseline + peak"),
        (lambda x, c, w, p, b: p * np.exp(-0.5 * ((x - c) / w) ** 2), "falls to 0"),
        (lambda x, c, w, p, b: b + (p - b) * np.exp(-0.5 * (x - c) ** 2 / w), "variance"),
        (lambda x, c, w, p, b: b + (p - b) * np.exp(-(((x - c) / w) ** 2)), "1/2"),
        (
            lambda x, c, w, p, b: b + (p - b) * np.exp(-0.5 * ((x - c) / w) ** 2) / (w * np.sqrt(2 * np.pi)),
            "unit area",
        ),
        (lambda x, c, w, p, b: b + (p - b) * np.exp(-0.5 * ((x + c) / w) ** 2), "mirror"),
        (lambda x, c, w, p, b: reference_field(x, c, w, p, b)[:-1], "attention_field("),
    ],
)
def test_field_rejects_plausible_wrong_answers(wrong, words):
    result = checks.attention_field(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message


# --------------------------------------------------------------------------- exercise 3


def reference_fit(contrasts, responses):
    def f(c, r_max, log_c50, n):
        return r_max * c**n / (c**n + (10**log_c50) ** n)

    p, _ = optimize.curve_fit(
        f, contrasts, responses, p0=[responses.max(), np.log10(np.median(contrasts)), 2.0], maxfev=20000
    )
    return p[0], 10 ** p[1], p[2]


def test_fit_accepts_the_reference_and_the_library():
    assert checks.fit_naka_rushton(reference_fit).status == "passed"

    def library(c, r):
        fit = attention.fit_naka_rushton(c, r)
        return fit.r_max, fit.c50, fit.n

    assert checks.fit_naka_rushton(library).status == "passed"
    assert checks.fit_naka_rushton(lambda c, r: attention.fit_naka_rushton(c, r)).status == "passed"


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda c, r: (reference_fit(c, r)[1], reference_fit(c, r)[0], reference_fit(c, r)[2]), "swapped"),
        (
            lambda c, r: (reference_fit(c, r)[0], 100 * reference_fit(c, r)[1], reference_fit(c, r)[2]),
            "percentage",
        ),
        (
            lambda c, r: (reference_fit(c, r)[0], np.log10(reference_fit(c, r)[1]), reference_fit(c, r)[2]),
            "log c50",
        ),
        (
            lambda c, r: (
                attention.fit_naka_rushton(c, r, fix_n=2.0).r_max,
                attention.fit_naka_rushton(c, r, fix_n=2.0).c50,
                2.0,
            ),
            "stays at 2",
        ),
        (
            lambda c, r: (reference_fit(c, r)[0], 1.2 * reference_fit(c, r)[1], reference_fit(c, r)[2]),
            "c50 is too large",
        ),
        (lambda c, r: (reference_fit(c, r)[0], reference_fit(c, r)[1]), "three numbers"),
        (lambda c, r: (np.nan, 0.1, 2.0), "NaN"),
    ],
)
def test_fit_rejects_plausible_wrong_answers(wrong, words):
    result = checks.fit_naka_rushton(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message


def test_fit_cases_are_hidden_behind_the_course_secret(monkeypatch):
    first = checks._nr_cases()[0][2]
    monkeypatch.setenv("NEUROCOURSE_COURSE_SECRET", "a-real-course")
    assert checks._nr_cases()[0][2] != first


# --------------------------------------------------------------------------- exercise 4


def reference_shift(stimulus_width, attention_width):
    result = attention.run_contrast_gain_experiment(
        stimulus_width=stimulus_width, attention_width=attention_width
    )
    return result.c50_ratio, result.r_max_ratio


def test_shift_accepts_the_reference_for_several_seeds():
    for seed in (2026, 1, "abc"):
        assert checks.c50_shift(reference_shift, seed=seed).status == "passed"


def test_shift_conditions_differ_between_students():
    conditions = {checks.c50_shift_condition(seed) for seed in range(20)}
    assert len(conditions) == 20
    for sw, aw in conditions:
        assert 2.0 <= sw <= 12.0 and 2.0 <= aw <= 40.0


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda s, a: (1 / reference_shift(s, a)[0], reference_shift(s, a)[1]), "inverted"),
        (lambda s, a: (reference_shift(s, a)[1], reference_shift(s, a)[0]), "swapped"),
        (lambda s, a: (100 * reference_shift(s, a)[0], reference_shift(s, a)[1]), "percentages"),
        (lambda s, a: (2.0, 1.0), "off"),
        (lambda s, a: 2.0, "two numbers"),
    ],
)
def test_shift_rejects_plausible_wrong_answers(wrong, words):
    result = checks.c50_shift(wrong, seed=2026)
    assert result.status == "failed"
    assert words in result.message, result.message


def test_shift_needs_a_seed():
    result = checks.c50_shift(reference_shift, seed=None)
    assert result.status == "failed" and "STUDENT_SEED" in result.message


# --------------------------------------------------------------------------- exercise 5


def reference_attention(q, k, v):
    s = q @ k.T / np.sqrt(q.shape[1])
    s = s - s.max(axis=1, keepdims=True)
    w = np.exp(s)
    return (w / w.sum(axis=1, keepdims=True)) @ v


def test_attention_accepts_the_reference():
    assert checks.scaled_dot_product_attention(reference_attention).status == "passed"


def _softmax(s, axis=-1):
    e = np.exp(s - s.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda q, k, v: _softmax(q @ k.T) @ v, "sqrt(d) factor is missing"),
        (lambda q, k, v: _softmax(q @ k.T / q.shape[1]) @ v, "divided by d"),
        (lambda q, k, v: _softmax(q @ k.T / np.sqrt(q.shape[1]), axis=0) @ v, "over the queries"),
        (lambda q, k, v: (q @ k.T / np.sqrt(q.shape[1])) @ v, "softmax is missing"),
        (
            lambda q, k, v: (
                (
                    np.exp(q @ k.T / np.sqrt(q.shape[1]))
                    / np.exp(q @ k.T / np.sqrt(q.shape[1])).sum(1, keepdims=True)
                )
                @ v
            ),
            "overflowed",
        ),
        (lambda q, k, v: _softmax(q @ k.T / np.sqrt(q.shape[1])), "scaled_dot_product_attention("),
    ],
)
def test_attention_rejects_plausible_wrong_answers(wrong, words):
    result = checks.scaled_dot_product_attention(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message


# --------------------------------------------------------------------------- exercise 6


def reference_infer(lab):
    recordings = [lab.record(width) for width in (3.0, 10.0, 30.0)]

    def mismatch(log_width):
        total = 0.0
        for rec in recordings:
            model = attention.run_contrast_gain_experiment(
                stimulus_width=rec.stimulus_width, attention_width=10**log_width
            )
            total += np.sum(
                (np.log(rec.attended / rec.unattended) - np.log(model.attended / model.unattended)) ** 2
            )
        return total

    solution = optimize.minimize_scalar(
        mismatch, bounds=(np.log10(2.0), np.log10(60.0)), method="bounded", options=dict(xatol=1e-3)
    )
    return 10**solution.x


@pytest.mark.slow
def test_mystery_accepts_the_reference_and_rejects_guesses():
    assert checks.infer_attention_width(reference_infer, seed=2026).status == "passed"
    result = checks.infer_attention_width(lambda lab: 1.5 * reference_infer(lab), seed=2026)
    assert result.status == "failed" and "too large" in result.message
    result = checks.infer_attention_width(lambda lab: reference_infer(lab) ** 2, seed=2026)
    assert result.status == "failed" and "variance" in result.message


def test_mystery_lab_hides_its_width_and_validates():
    lab = checks.mystery_lab(2026)
    assert "hidden" in repr(lab)
    assert type(lab).__checker_side__ == ("record",)  # graded runs keep the lab in the checker
    assert not any("width" in name for name in dir(lab) if not name.startswith("__") and name != "record")
    with pytest.raises(AttributeError):
        lab.width = 3.0
    with pytest.raises(ValueError, match="stimulus_width"):
        lab.record(0.5)
    with pytest.raises(ValueError, match="contrasts"):
        lab.record(3.0, contrasts=[0.1, 2.0, 0.3, 0.4])
    rec = lab.record(3.0)
    assert rec.attended.shape == rec.unattended.shape == (25,)
    widths = [checks._hidden_width(seed) for seed in range(30)]
    assert min(widths) >= 4.0 and max(widths) <= 25.0 and len(set(widths)) == 30
    for bad in (None, "x", np.nan, -1.0, [1.0, 2.0]):
        result = checks.infer_attention_width(lambda lab, bad=bad: bad, seed=2026)
        assert result.status == "failed"
