"""The chapter 02 checkers accept the reference, reject plausible wrong answers, and hide the answers."""

import numpy as np
import pytest

from neurocourse import sparse_coding as sc
from neurocourse.checks import sparse_coding as checks


def stub(*args, **kwargs):
    raise NotImplementedError("Exercise: write your code here")


def soft(u, t):
    return np.sign(u) * np.maximum(np.abs(u) - t, 0.0)


def oja(w, x, eta):
    y = w @ x
    return w + eta * y * (x - y * w)


def whitening(shape, f0):
    f = np.sqrt(np.fft.fftfreq(shape[0])[:, None] ** 2 + np.fft.fftfreq(shape[1])[None, :] ** 2)
    return f * np.exp(-((f / f0) ** 4))


def _f(shape):
    return np.sqrt(np.fft.fftfreq(shape[0])[:, None] ** 2 + np.fft.fftfreq(shape[1])[None, :] ** 2)


def ista(a, D, X, lam, step):
    return soft(a - step * (a @ D - X) @ D.T, step * lam)


def lca(u, D, X, lam, rate):
    a = soft(u, lam)
    return u + rate * (X @ D.T - u - (a @ (D @ D.T) - a))


def dictionary(D, X, A, eta):
    new = D + eta * A.T @ (X - A @ D) / X.shape[0]
    return new / np.linalg.norm(new, axis=1, keepdims=True)


def kurtosis(v):
    c = np.ravel(v) - np.mean(v)
    return np.mean(c**4) / np.mean(c**2) ** 2 - 3.0


def infer(D, X, A):
    grad = (X - A @ D) @ D.T
    return float(np.mean(np.abs(grad[A != 0])))


REFERENCES = [
    (checks.oja_step, oja),
    (checks.whitening_filter, whitening),
    (checks.soft_threshold, soft),
    (checks.ista_step, ista),
    (checks.lca_step, lca),
    (checks.dictionary_step, dictionary),
    (checks.excess_kurtosis, kurtosis),
]


@pytest.mark.parametrize("checker, reference", REFERENCES, ids=lambda x: getattr(x, "name", ""))
def test_checkers_accept_the_reference_and_report_stubs(checker, reference, capsys):
    assert checker(reference).status == "passed"
    assert checker(stub).status == "not attempted"
    result = checker(reference(*_first_case(checker)))  # a result instead of the function
    assert result.status == "failed" and "function" in result.message


def _first_case(checker):
    cases = {
        "oja_step": checks._OJA_CASES,
        "whitening_filter": checks._FILTER_CASES,
        "soft_threshold": checks._SOFT_CASES,
        "ista_step": checks._ISTA_CASES,
        "lca_step": checks._LCA_CASES,
        "dictionary_step": checks._DICTIONARY_CASES,
        "excess_kurtosis": checks._KURTOSIS_CASES,
    }
    return cases[checker.name][0]


WRONG = [
    (checks.oja_step, lambda w, x, eta: w + eta * (w @ x) * x, "plain Hebbian"),
    (checks.oja_step, lambda w, x, eta: w - eta * (w @ x) * (x - (w @ x) * w), "sign"),
    (checks.oja_step, lambda w, x, eta: w + eta * ((w @ x) * x - w), "decay"),
    (checks.oja_step, lambda w, x, eta: oja(w, x, eta) - w, "change"),
    (checks.oja_step, lambda w, x, eta: oja(w, x, eta) * 1.001, "oja_step("),
    (checks.whitening_filter, lambda s, f0: np.fft.fftshift(whitening(s, f0)), "fftshift"),
    (checks.whitening_filter, lambda s, f0: np.exp(-((_f(s) / f0) ** 4)), "low-pass"),
    (checks.whitening_filter, lambda s, f0: _f(s) * np.exp(-((_f(s) / f0) ** 2)), "exponent 2"),
    (checks.whitening_filter, lambda s, f0: _f(s) ** 2 * np.exp(-((_f(s) / f0) ** 4)), "f^2"),
    (checks.soft_threshold, lambda u, t: np.where(np.abs(u) > t, u, 0.0), "hard threshold"),
    (checks.soft_threshold, lambda u, t: np.maximum(np.asarray(u) - t, 0.0), "symmetric"),
    (checks.ista_step, lambda a, D, X, lam, step: soft(a - step * (a @ D - X) @ D.T, lam), "step x penalty"),
    (checks.ista_step, lambda a, D, X, lam, step: a - step * (a @ D - X) @ D.T, "no threshold"),
    (checks.ista_step, lambda a, D, X, lam, step: soft(a + step * (a @ D - X) @ D.T, step * lam), "sign"),
    (
        checks.lca_step,
        lambda u, D, X, lam, r: u + r * (X @ D.T - u - soft(u, lam) @ (D @ D.T)),
        "inhibits itself",
    ),
    (checks.lca_step, lambda u, D, X, lam, r: u + r * (X @ D.T - u - (u @ (D @ D.T) - u)), "active neurons"),
    (checks.lca_step, lambda u, D, X, lam, r: lca(u, D, X, lam, r) - u, "change"),
    (checks.dictionary_step, lambda D, X, A, eta: D + eta * A.T @ (X - A @ D) / X.shape[0], "renormalised"),
    (checks.dictionary_step, lambda D, X, A, eta: dictionary(D, X, A, eta * X.shape[0]), "sums"),
    (checks.dictionary_step, lambda D, X, A, eta: dictionary(D, X, A, -eta), "sign"),
    (checks.excess_kurtosis, lambda v: kurtosis(v) + 3.0, "excess"),
    (
        checks.excess_kurtosis,
        lambda v: np.mean(np.ravel(v) ** 4) / np.mean(np.ravel(v) ** 2) ** 2 - 3,
        "centred",
    ),
    (checks.excess_kurtosis, lambda v: float("nan"), "NaN"),
]


@pytest.mark.parametrize("checker, wrong, words", WRONG)
def test_checkers_reject_plausible_wrong_answers(checker, wrong, words, capsys):
    result = checker(wrong)
    assert result.status == "failed", result.message
    assert words in result.message, result.message


def test_the_expected_values_are_never_shown(capsys):
    checks.ista_step(lambda a, D, X, lam, step: ista(a, D, X, lam, step) + 1e-3)
    out = capsys.readouterr().out
    expected = ista(*checks._ISTA_CASES[0])
    assert f"{expected.ravel()[0]:.4f}" not in out


def test_infer_penalty_accepts_the_kkt_answer_and_rejects_wrong_ones(capsys):
    assert checks.infer_penalty(infer, seed=2026).status == "passed"
    assert checks.infer_penalty(stub, seed=2026).status == "not attempted"
    assert "factor of 2" in checks.infer_penalty(lambda D, X, A: 2 * infer(D, X, A), seed=2026).message
    assert checks.infer_penalty(lambda D, X, A: 0.2, seed=2026).status == "failed"
    # the mean correlation of all atoms (active or not) is not lambda
    wrong = checks.infer_penalty(lambda D, X, A: float(np.mean(np.abs((X - A @ D) @ D.T))), seed=2026)
    assert wrong.status == "failed"
    assert "STUDENT_SEED" in checks.infer_penalty(infer, seed=None).message


def test_mystery_codes_differ_between_students_and_hide_lambda():
    a, b = checks.mystery_code(1), checks.mystery_code(2)
    assert not np.allclose(a.codes[0, :5], b.codes[0, :5])
    assert set(vars(a)) == {"dictionary", "patches", "codes"}
    with pytest.raises(ValueError, match="read-only"):
        a.codes[0, 0] = 1.0
    np.testing.assert_array_equal(checks.mystery_code(1).codes, a.codes)  # the same each time
    # the code is a Lasso optimum (so lambda can be recovered exactly)
    lam = infer(a.dictionary, a.patches, a.codes)
    np.testing.assert_allclose(
        sc.solve_fista(a.dictionary, a.patches, penalty=lam, max_iter=20000, tol=1e-13).codes,
        a.codes,
        atol=1e-8,
    )


def test_hidden_lambda_depends_on_the_course_secret(monkeypatch):
    first = infer(*vars(checks.mystery_code(7)).values())
    monkeypatch.setenv("NEUROCOURSE_COURSE_SECRET", "instructor-secret")
    second = infer(*vars(checks.mystery_code(7)).values())
    assert first != pytest.approx(second)
