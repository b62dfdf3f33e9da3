"""Checkers of chapter 03, attention gating, and the mystery attention field of exercise 6.

Six exercises, one checker each; every checker runs the student's function on cases it
draws itself (hidden ones through :func:`~neurocourse.checks.variant_rng`, which depends on
the course secret) and says *how* an answer is wrong without showing the reference:

1. :func:`divisive_normalization` -- Carandini & Heeger's normalization of a population.
2. :func:`attention_field` -- the Reynolds-Heeger attention field over space.
3. :func:`fit_naka_rushton` -- R_max, c50 and n of a contrast-response curve.
4. :func:`c50_shift` -- the c50 and R_max ratios of the two-stimulus experiment, in the
   student's own condition (:func:`c50_shift_condition`).
5. :func:`scaled_dot_product_attention` -- softmax(Q K^T / sqrt(d)) V.
6. :func:`infer_attention_width` -- the hidden attention-field width of the student's
   :func:`mystery_lab`, measured through contrast-response curves.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import numbers

import numpy as np

from .. import attention as model
from ._framework import (
    CheckFailed,
    check_function_cases,
    checker_side,
    exercise,
    outputs_on_cases,
    require_function,
)
from ._variants import seed_text, variant_rng

__all__ = [
    "MYSTERY_WIDTH_RANGE",
    "LabRecording",
    "MysteryLab",
    "attention_field",
    "c50_shift",
    "c50_shift_condition",
    "divisive_normalization",
    "fit_naka_rushton",
    "infer_attention_width",
    "mystery_lab",
    "scaled_dot_product_attention",
]

CHAPTER = "03_attention"


_require_function = functools.partial(require_function, module="attention")


def _require_seed(seed) -> None:
    try:
        seed_text(seed)
    except TypeError:
        raise CheckFailed(
            f"`STUDENT_SEED` should be your student number (an integer), but it is {seed!r}",
            hint="set `STUDENT_SEED = 1234567` (your number) in the cell at the top and run it again.",
        ) from None


_outputs = outputs_on_cases


def _matches(outputs, formula, cases, *, rtol=1e-7, atol=1e-12) -> bool:
    with np.errstate(all="ignore"):
        for value, args in zip(outputs, cases, strict=False):
            expected = np.asarray(formula(*args), dtype=float)
            if value.shape != expected.shape or not np.allclose(value, expected, rtol=rtol, atol=atol):
                return False
    return True


def _diagnose(outputs, cases, mistakes):
    if outputs is None:
        return
    for formula, message, hint in mistakes:
        if _matches(outputs, formula, cases):
            raise CheckFailed(message, hint=hint)


# =========================================================================== exercise 1


def _reference_normalization(drive, sigma, n):
    d = np.asarray(drive, dtype=float) ** n
    return d / (sigma**n + d.sum())


_NORMALIZATION_CASES = (
    (np.array([1.0, 2.0, 3.0, 4.0]), 2.0, 2.0),
    (np.array([0.5, 8.0, 0.0, 3.0, 1.0]), 0.5, 1.0),
    (np.array([10.0, 20.0, 5.0]), 3.0, 2.5),
    (np.array([0.2, 0.1]), 1.0, 3.0),
    (np.array([4.0, 0.0, 0.0, 0.0, 1.0, 2.0]), 1.5, 1.7),
)

_NORMALIZATION_MISTAKES = (
    (
        lambda d, s, n: d**n / (s + np.sum(d**n)),
        "your semi-saturation constant is not raised to the power n",
        "in the denominator it is sigma^n, like the drives: the curves saturate at the same contrast "
        "for every n only that way.",
    ),
    (
        lambda d, s, n: d / (s**n + np.sum(d**n)),
        "your numerator is the drive itself, not the drive raised to n",
        "both the numerator and every term of the pool use D^n.",
    ),
    (
        lambda d, s, n: d**n / np.sum(d**n),
        "sigma is missing from your denominator",
        "without sigma the responses always sum to 1, whatever the input strength: add sigma^n to the pool.",
    ),
    (
        lambda d, s, n: d**n / (s**n + np.sum(d**n) - d**n),
        "your pool leaves each unit out of its own normalization",
        "in Carandini & Heeger's equation the sum runs over all units k, including j itself.",
    ),
    (
        lambda d, s, n: d**n / (s**n + np.sum(d) ** n),
        "you raise the summed drive to n instead of summing the powered drives",
        "the pool is sum_k D_k^n, not (sum_k D_k)^n.",
    ),
    (
        lambda d, s, n: (d / (s + np.sum(d))) ** n,
        "you raise the whole ratio to the power n",
        "raise each drive (and sigma) to n first, then divide.",
    ),
    (
        lambda d, s, n: d**n * (s**n + np.sum(d**n)),
        "you multiply by the pool instead of dividing by it",
        "normalization divides: D_j^n / (sigma^n + sum_k D_k^n).",
    ),
)


@exercise(CHAPTER, "divisive_normalization", title="Exercise 1: divisive normalization")
def divisive_normalization(student_function):
    """Check ``student_function(drive, sigma, n) -> responses`` (1-D arrays).

    Hidden cases: five populations with exponents from 1 to 3 and zero drives. Diagnosed:
    sigma not raised to n, a numerator without the exponent, a missing sigma, a pool without
    the unit itself, (sum D)^n instead of sum D^n, the ratio raised to n, multiplying by the pool.
    """
    _require_function(student_function, "divisive_normalization")
    _diagnose(_outputs(student_function, _NORMALIZATION_CASES), _NORMALIZATION_CASES, _NORMALIZATION_MISTAKES)
    check_function_cases(
        student_function,
        _reference_normalization,
        _NORMALIZATION_CASES,
        name="divisive_normalization",
        rtol=1e-9,
        atol=1e-12,
    )


# =========================================================================== exercise 2


def _reference_field(x, center, width, peak, baseline):
    return baseline + (peak - baseline) * np.exp(-0.5 * ((np.asarray(x, dtype=float) - center) / width) ** 2)


_X = np.arange(-200.0, 201.0, 5.0)
_FIELD_CASES = (
    (_X, 100.0, 30.0, 2.0, 1.0),
    (_X, -100.0, 3.0, 2.0, 1.0),
    (np.linspace(-20.0, 20.0, 41), 5.0, 4.0, 3.0, 0.5),
    (np.array([0.0, 1.0, 2.0, 10.0]), 1.0, 2.0, 5.0, 2.0),
    (_X, 0.0, 50.0, 1.5, 1.0),
)

_FIELD_MISTAKES = (
    (
        lambda x, c, w, p, b: b + p * np.exp(-0.5 * ((x - c) / w) ** 2),
        "your field reaches baseline + peak at its centre, more than the peak gain",
        "the Gaussian of peak 1 is scaled by (peak - baseline), so that the centre has gain `peak`.",
    ),
    (
        lambda x, c, w, p, b: p * np.exp(-0.5 * ((x - c) / w) ** 2),
        "your field falls to 0 far from the attended location",
        "unattended neurons keep the baseline gain: add the baseline, and scale the Gaussian "
        "by (peak - baseline).",
    ),
    (
        lambda x, c, w, p, b: b + (p - b) * np.exp(-0.5 * (x - c) ** 2 / w),
        "your field is too narrow or too broad: the width seems to be used as a variance",
        "width is the standard deviation: the exponent is -(x - c)^2 / (2 width^2).",
    ),
    (
        lambda x, c, w, p, b: b + (p - b) * np.exp(-(((x - c) / w) ** 2)),
        "your Gaussian is narrower than asked: the factor 1/2 in the exponent is missing",
        "the exponent is -(x - c)^2 / (2 width^2).",
    ),
    (
        lambda x, c, w, p, b: b + (p - b) * np.exp(-0.5 * ((x - c) / w) ** 2) / (w * np.sqrt(2 * np.pi)),
        "your Gaussian has unit area, but the attention field's Gaussian has peak 1",
        "the stimulation and suppressive fields have unit area; the attention field is a gain, "
        "equal to `peak` at the attended location.",
    ),
    (
        lambda x, c, w, p, b: b + (p - b) * np.exp(-0.5 * ((x + c) / w) ** 2),
        "your field is centred on the mirror image of the attended location",
        "the Gaussian is a function of x - center.",
    ),
)


@exercise(CHAPTER, "attention_field", title="Exercise 2: the attention field")
def attention_field(student_function):
    """Check ``student_function(x, center, width, peak, baseline) -> gain`` over space.

    Hidden cases: the RH09 widths (3 and 30), other grids, peaks and baselines. Diagnosed:
    baseline + peak at the centre, a field without baseline, the width used as a variance, a
    missing factor 1/2, a unit-area Gaussian, a mirrored centre.
    """
    _require_function(student_function, "attention_field")
    _diagnose(_outputs(student_function, _FIELD_CASES), _FIELD_CASES, _FIELD_MISTAKES)
    check_function_cases(
        student_function, _reference_field, _FIELD_CASES, name="attention_field", rtol=1e-9, atol=1e-12
    )


# =========================================================================== exercise 3

_NR_N_CURVES = 4
_NR_RTOL = 0.05  # on R_max, c50 and n, with 1 % response noise (the reference fit is within 1.5 %)


def _nr_cases():
    """Hidden curves: (contrasts, responses, (r_max, c50, n)); drawn with the course secret."""
    rng = variant_rng(f"{CHAPTER}:fit_naka_rushton", "checker")
    cases = []
    for index in range(_NR_N_CURVES):
        r_max = float(rng.uniform(10.0, 80.0))
        c50 = float(10 ** rng.uniform(-2.0, -0.7))
        n = float(rng.uniform(1.5, 3.5)) if index else 1.0
        contrasts = np.logspace(math.log10(c50) - 1.5, 0.0, 12)
        responses = model.naka_rushton(contrasts, r_max=r_max, c50=c50, n=n)
        responses = responses * (1.0 + 0.01 * rng.standard_normal(contrasts.size))
        cases.append((contrasts, responses, (r_max, c50, n)))
    return cases


def _fit_triple(answer, call):
    if answer is None:
        raise CheckFailed(f"`{call}` returned None", hint="did you forget `return`?")
    if isinstance(answer, model.NakaRushtonFit):
        answer = (answer.r_max, answer.c50, answer.n)
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 3:
        raise CheckFailed(
            f"`{call}` should return three numbers, (r_max, c50, n)", hint="e.g. `return r_max, c50, n`."
        )
    try:
        values = tuple(float(v) for v in answer)
    except (TypeError, ValueError):
        raise CheckFailed(f"`{call}` should return three numbers, (r_max, c50, n)") from None
    if not all(math.isfinite(v) for v in values):
        raise CheckFailed(
            f"`{call}` returned NaN or infinity",
            hint="start the fit from sensible values (r_max near the largest response, "
            "c50 inside the contrast range, n = 2) and keep c50 > 0 (fit log c50).",
        )
    return values


@exercise(CHAPTER, "fit_naka_rushton", title="Exercise 3: fit a Naka-Rushton function")
def fit_naka_rushton(student_function):
    """Check ``student_function(contrasts, responses) -> (r_max, c50, n)``.

    Four hidden curves (one with n = 1) with 1 % noise, drawn with the course secret; each
    parameter must be within 5 %. Diagnosed: the order of the three numbers, c50 in percent or
    in log10 units, n held at 1 or 2, R_max read off the largest response.
    """
    _require_function(student_function, "fit_naka_rushton")
    for number, (contrasts, responses, (r_max, c50, n)) in enumerate(_nr_cases(), start=1):
        call = f"fit_naka_rushton(contrasts, responses) on hidden curve {number}"
        got_r, got_c, got_n = _fit_triple(student_function(contrasts.copy(), responses.copy()), call)
        close = lambda a, b: math.isclose(a, b, rel_tol=_NR_RTOL)  # noqa: E731
        if close(got_c, r_max) and close(got_r, c50):
            raise CheckFailed(
                f"`{call}`: r_max and c50 are swapped", hint="return them in the order (r_max, c50, n)."
            )
        if close(got_c, 100 * c50):
            raise CheckFailed(
                f"`{call}`: your c50 is 100 times too large: it looks like a percentage",
                hint="contrasts here are fractions (1 = 100 %): keep c50 in the same units.",
            )
        if close(got_c, math.log10(c50)) or close(got_c, math.log(c50)):
            raise CheckFailed(
                f"`{call}`: your c50 is negative: it looks like log c50",
                hint="if you fit log c50, return 10 ** log_c50 (or exp).",
            )
        if not close(got_n, n) and got_n in (1.0, 2.0):
            raise CheckFailed(
                f"`{call}`: your exponent n stays at {got_n:g}",
                hint="fit n as a free parameter: the curves differ in steepness.",
            )
        if (
            close(got_c, c50)
            and close(got_n, n)
            and not close(got_r, r_max)
            and math.isclose(got_r, float(np.max(responses)), rel_tol=1e-9)
        ):
            raise CheckFailed(
                f"`{call}`: your r_max is the largest measured response, not the fitted saturation",
                hint="the curve may still be rising at the highest contrast: take r_max from the fit.",
            )
        for value, true, label in ((got_r, r_max, "r_max"), (got_c, c50, "c50"), (got_n, n, "n")):
            if not close(value, true):
                direction = "too large" if value > true else "too small"
                raise CheckFailed(
                    f"`{call}`: your {label} is {direction} (more than {_NR_RTOL:.0%} off)",
                    hint="plot your fitted curve over the data on a log contrast axis; fit all three "
                    "parameters by least squares (scipy.optimize.curve_fit), starting from r_max = the "
                    "largest response, c50 = the contrast of half that response, n = 2.",
                )


# =========================================================================== exercise 4

#: Ranges of the per-student condition of exercise 4: stimulus width, attention-field width [a.u.].
_SHIFT_STIMULUS_WIDTHS = (2.0, 12.0)
_SHIFT_ATTENTION_WIDTHS = (2.0, 40.0)
_SHIFT_RTOL = 0.01


def c50_shift_condition(seed):
    """Return the student's condition for exercise 4: ``(stimulus_width, attention_width)`` [a.u.].

    Parameters
    ----------
    seed : int or str
        The student seed.
    """
    rng = variant_rng(f"{CHAPTER}:c50_shift", seed)
    stimulus_width = float(np.round(rng.uniform(*_SHIFT_STIMULUS_WIDTHS), 1))
    attention_width = float(np.round(10 ** rng.uniform(*np.log10(_SHIFT_ATTENTION_WIDTHS)), 1))
    return stimulus_width, attention_width


def _reference_shift(stimulus_width, attention_width):
    result = model.run_contrast_gain_experiment(
        stimulus_width=stimulus_width, attention_width=attention_width
    )
    return np.array([result.c50_ratio, result.r_max_ratio])


@exercise(CHAPTER, "c50_shift", title="Exercise 4: the c50 shift in your condition")
def c50_shift(student_function, *, seed):
    """Check ``student_function(stimulus_width, attention_width) -> (c50_ratio, r_max_ratio)``.

    The cases: the student's own condition (:func:`c50_shift_condition`) and two hidden ones;
    each ratio within 1 %. Diagnosed: inverted ratios (attended over unattended c50), ratios
    in percent, and the two ratios swapped.
    """
    _require_seed(seed)
    _require_function(student_function, "c50_shift")
    rng = variant_rng(f"{CHAPTER}:c50_shift:hidden", "checker")
    cases = [c50_shift_condition(seed)] + [
        (
            float(np.round(rng.uniform(*_SHIFT_STIMULUS_WIDTHS), 1)),
            float(np.round(10 ** rng.uniform(*np.log10(_SHIFT_ATTENTION_WIDTHS)), 1)),
        )
        for _ in range(2)
    ]
    for stimulus_width, attention_width in cases:
        call = f"c50_shift({stimulus_width:g}, {attention_width:g})"
        answer = student_function(stimulus_width, attention_width)
        if answer is None:
            raise CheckFailed(f"`{call}` returned None", hint="did you forget `return`?")
        try:
            values = np.asarray(answer, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            raise CheckFailed(f"`{call}` should return two numbers, (c50_ratio, r_max_ratio)") from None
        if values.size != 2:
            raise CheckFailed(
                f"`{call}` should return two numbers, (c50_ratio, r_max_ratio)",
                hint="e.g. `return c50_unattended / c50_attended, rmax_attended / rmax_unattended`.",
            )
        c50_ratio, r_max_ratio = _reference_shift(stimulus_width, attention_width)
        close = lambda a, b: math.isclose(a, b, rel_tol=_SHIFT_RTOL)  # noqa: E731
        if close(values[0], 1.0 / c50_ratio) and not close(values[0], c50_ratio):
            raise CheckFailed(
                f"`{call}`: your c50 ratio is inverted (below 1)",
                hint="attention lowers c50: report c50 unattended / c50 attended, a number above 1.",
            )
        if close(values[1], 1.0 / r_max_ratio) and not close(values[1], r_max_ratio):
            raise CheckFailed(
                f"`{call}`: your R_max ratio is inverted", hint="report R_max attended / R_max unattended."
            )
        if close(values[0], r_max_ratio) and close(values[1], c50_ratio) and not close(values[0], c50_ratio):
            raise CheckFailed(
                f"`{call}`: the two ratios are swapped", hint="return (c50_ratio, r_max_ratio)."
            )
        if close(values[0], 100 * c50_ratio) or close(values[0], 100 * (c50_ratio - 1)):
            raise CheckFailed(
                f"`{call}`: your ratios look like percentages", hint="return plain ratios, e.g. 1.5."
            )
        for value, true, label in (
            (values[0], c50_ratio, "c50 ratio"),
            (values[1], r_max_ratio, "R_max ratio"),
        ):
            if not close(value, true):
                direction = "too large" if value > true else "too small"
                raise CheckFailed(
                    f"`{call}`: your {label} is {direction} (more than {_SHIFT_RTOL:.0%} off)",
                    hint="record the neuron at the first stimulus (x = 100, preferred orientation 0) with "
                    "attention at x = +100 and at x = -100, over contrasts spanning 1e-5 to 1, and fit "
                    "both curves; the model's defaults are the authors'.",
                )


# =========================================================================== exercise 5


def _reference_attention(q, k, v):
    return model.scaled_dot_product_attention(q, k, v).output


def _attention_cases():
    rng = np.random.default_rng(303)
    cases = [
        (rng.standard_normal((4, 8)), rng.standard_normal((6, 8)), rng.standard_normal((6, 3))),
        (rng.standard_normal((1, 2)), rng.standard_normal((5, 2)), rng.standard_normal((5, 5))),
        (rng.standard_normal((3, 16)), rng.standard_normal((3, 16)), rng.standard_normal((3, 2))),
    ]
    big = rng.standard_normal((2, 4))
    cases.append((300.0 * big, 300.0 * rng.standard_normal((5, 4)), rng.standard_normal((5, 2))))
    return cases


_ATTENTION_CASES = _attention_cases()


def _softmax_rows(s, axis=-1):
    s = s - s.max(axis=axis, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=axis, keepdims=True)


_ATTENTION_MISTAKES = (
    (
        lambda q, k, v: _softmax_rows(q @ k.T) @ v,
        "your scores are not scaled: the 1/sqrt(d) factor is missing",
        "divide Q K^T by sqrt(d), d the width of the keys, before the softmax.",
    ),
    (
        lambda q, k, v: _softmax_rows(q @ k.T / q.shape[1]) @ v,
        "your scores are divided by d, not by sqrt(d)",
        "the scale is 1/sqrt(d): it keeps the variance of the scores near 1 for random vectors.",
    ),
    (
        lambda q, k, v: _softmax_rows(q @ k.T / np.sqrt(q.shape[1]), axis=0) @ v,
        "your softmax normalizes over the queries instead of over the keys",
        "each query's weights over the keys must sum to 1: normalize along axis=-1 (the rows).",
    ),
    (
        lambda q, k, v: (q @ k.T / np.sqrt(q.shape[1])) @ v,
        "your weights are the raw scores: the softmax is missing",
        "exponentiate the scores and divide each row by its sum.",
    ),
)


@exercise(CHAPTER, "scaled_dot_product_attention", title="Exercise 5: scaled dot-product attention")
def scaled_dot_product_attention(student_function):
    """Check ``student_function(queries, keys, values) -> output`` of shape (n_queries, d_value).

    Hidden cases: random queries, keys and values of several sizes, one query, and scores in
    the hundreds (where exp overflows unless the maximum is subtracted). Diagnosed: no
    scaling, scaling by d, softmax over the wrong axis, no softmax, overflow to NaN.
    """
    _require_function(student_function, "scaled_dot_product_attention")
    outputs = _outputs(student_function, _ATTENTION_CASES)
    _diagnose(outputs, _ATTENTION_CASES[:-1], _ATTENTION_MISTAKES)
    if outputs is not None:
        if not np.all(np.isfinite(outputs[-1])) and all(np.all(np.isfinite(o)) for o in outputs[:-1]):
            raise CheckFailed(
                "with large scores (in the hundreds) your output is NaN: exp overflowed",
                hint="subtract each row's maximum score before exponentiating; the softmax does not change.",
            )
    check_function_cases(
        student_function,
        _reference_attention,
        _ATTENTION_CASES,
        name="scaled_dot_product_attention",
        rtol=1e-9,
        atol=1e-12,
    )


# =========================================================================== exercise 6

#: Range of the hidden attention-field widths [a.u.] (drawn log-uniformly).
MYSTERY_WIDTH_RANGE = (4.0, 25.0)
_MYSTERY_RTOL = 0.05
_LAB_NOISE = 0.005  # relative noise of each recorded response


def _hidden_width(key):
    rng = variant_rng(f"{CHAPTER}:mystery_width", key)
    return float(10 ** rng.uniform(*np.log10(MYSTERY_WIDTH_RANGE)))


@dataclasses.dataclass(frozen=True, eq=False)
class LabRecording:
    """One recording of the mystery lab: a neuron's contrast-response functions.

    Attributes
    ----------
    stimulus_width : float
        Spatial width of the two stimuli [a.u.].
    contrasts : ndarray
        Contrasts.
    attended, unattended : ndarray
        Responses with attention on the neuron's stimulus and on the other one (with 0.5 % noise).
    """

    stimulus_width: float
    contrasts: np.ndarray
    attended: np.ndarray
    unattended: np.ndarray


@checker_side("record")
class MysteryLab:
    """A neuron in a model brain whose attention field has a hidden width.

    Everything else is the normalization model with the authors' defaults, the two stimuli at
    x = +-100 and the neuron at x = 100 (as in :func:`~neurocourse.attention.run_contrast_gain_experiment`).
    The width is computed afresh at each recording and never stored. Use :meth:`record`;
    create the lab with :func:`mystery_lab`. When ``neurocourse check`` grades, the lab stays
    in the checker process (which alone has the course secret) and the student's code records
    through a proxy.
    """

    __slots__ = ("_key", "_calls")

    def __init__(self, key):
        seed_text(key)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_calls", [0])

    def __setattr__(self, name, value):
        raise AttributeError("a MysteryLab cannot be changed")

    def __repr__(self) -> str:
        return "MysteryLab(attention-field width hidden)"

    def record(self, stimulus_width, contrasts=None):
        """Record the neuron's contrast-response functions, attending to its stimulus and away.

        Parameters
        ----------
        stimulus_width : float
            Spatial width of both stimuli [a.u.], in [1, 60].
        contrasts : array_like, optional
            Contrasts in (0, 1]; 25 values log-spaced from 1e-5 to 1 by default.

        Returns
        -------
        LabRecording
        """
        stimulus_width = float(stimulus_width)
        if not 1.0 <= stimulus_width <= 60.0:
            raise ValueError(f"stimulus_width [a.u.] must be in [1, 60]; got {stimulus_width:g}")
        if contrasts is not None:
            contrasts = np.asarray(contrasts, dtype=float)
            if contrasts.ndim != 1 or contrasts.size < 4 or np.any(~(contrasts > 0)) or np.any(contrasts > 1):
                raise ValueError("contrasts must be a 1-D array of at least 4 contrasts in (0, 1]")
        result = model.run_contrast_gain_experiment(
            stimulus_width=stimulus_width, attention_width=_hidden_width(self._key), contrasts=contrasts
        )
        self._calls[0] += 1
        noise = np.random.default_rng([self._calls[0], int(stimulus_width * 1000)])
        scale = 1.0 + _LAB_NOISE * noise.standard_normal((2, result.contrasts.size))
        return LabRecording(
            stimulus_width=stimulus_width,
            contrasts=result.contrasts.copy(),
            attended=result.attended * scale[0],
            unattended=result.unattended * scale[1],
        )


def mystery_lab(seed):
    """Return the student's mystery lab: a model neuron whose attention-field width is hidden.

    Parameters
    ----------
    seed : int or str
        The student's number; every seed has its own width, in ``MYSTERY_WIDTH_RANGE``.
    """
    seed_text(seed)
    return MysteryLab(seed)


@exercise(CHAPTER, "infer_attention_width", title="Exercise 6: the hidden attention field")
def infer_attention_width(student_function, *, seed):
    """Check ``student_function(lab) -> width`` on the student's lab and on two hidden labs.

    Each estimate must be within 10 % of the lab's hidden width. The feedback says whether an
    estimate is too large or too small, never the width.
    """
    _require_seed(seed)
    _require_function(student_function, "infer_attention_width")
    labs = [("your lab", seed), ("hidden lab 1", "checker-lab-1"), ("hidden lab 2", "checker-lab-2")]
    for label, key in labs:
        answer = student_function(MysteryLab(key))
        if answer is None:
            raise CheckFailed(f"on {label} your function returned None", hint="did you forget `return`?")
        if (
            isinstance(answer, (bool, np.bool_, str))
            or not isinstance(answer, (numbers.Real, np.ndarray))
            or np.size(answer) != 1
        ):
            raise CheckFailed(
                f"on {label} your function should return one number, the width",
                hint="return the estimated attention-field width (a float).",
            )
        width = float(np.asarray(answer, dtype=float).reshape(()))
        if not math.isfinite(width) or width <= 0:
            raise CheckFailed(f"on {label} your width is not a positive number")
        true = _hidden_width(key)
        if math.isclose(width, true, rel_tol=_MYSTERY_RTOL):
            continue
        if math.isclose(width, true**2, rel_tol=2 * _MYSTERY_RTOL):
            raise CheckFailed(
                f"on {label} your estimate looks like a variance, not a width",
                hint="the attention field's width is its standard deviation.",
            )
        direction = "too large" if width > true else "too small"
        raise CheckFailed(
            f"on {label} your width is {direction} (more than {_MYSTERY_RTOL:.0%} off)",
            hint="compare the lab's R_max and c50 ratios with the model's for candidate widths, at a "
            "stimulus width where they change most with the attention field (try several), and "
            "pick the width that matches best.",
        )
