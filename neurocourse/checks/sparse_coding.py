"""Checkers of chapter 02, sparse coding, and the hidden penalty of the discovery exercise.

Every checker runs the student's function on cases of its own (drawn here, not shown in the
notebook) and says *how* an answer is wrong without showing the reference:

1. :func:`oja_step` -- one step of Oja's rule.
2. :func:`whitening_filter` -- Olshausen & Field's filter R(f) = f exp(-(f/f0)^4) on an FFT grid.
3. :func:`soft_threshold` and :func:`ista_step` -- the shrinkage and one ISTA iteration.
4. :func:`lca_step` -- one Euler step of the Locally Competitive Algorithm.
5. :func:`dictionary_step` -- one Olshausen-Field dictionary update with unit-norm atoms.
6. :func:`excess_kurtosis` -- the sparseness measure of the coefficients.
7. :func:`infer_penalty` -- discover the penalty lambda that produced a student's hidden code
   (:func:`mystery_code`); lambda is drawn from the student seed and the course secret.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .. import sparse_coding as sc
from ..learning.hebb import oja_update
from ._framework import (
    CheckFailed,
    check_function_cases,
    compare_values,
    exercise,
    outputs_on_cases,
    require_function,
)
from ._variants import seed_text, variant_rng

__all__ = [
    "MysteryCode",
    "mystery_code",
    "oja_step",
    "whitening_filter",
    "soft_threshold",
    "ista_step",
    "lca_step",
    "dictionary_step",
    "excess_kurtosis",
    "infer_penalty",
]

CHAPTER = "02_sparse_coding"


_require_function = functools.partial(require_function, module="sparse_coding")


_outputs = outputs_on_cases


def _diagnose(outputs, mistakes, cases, *, rtol=1e-7, atol=1e-10):
    """Raise CheckFailed for the first mistake whose formula matches every output."""
    if outputs is None:
        return
    for formula, message, hint in mistakes:
        matched = True
        with np.errstate(all="ignore"):
            for value, args in zip(outputs, cases, strict=True):
                expected = np.asarray(formula(*args), dtype=float)
                if value.shape != expected.shape or not np.allclose(value, expected, rtol=rtol, atol=atol):
                    matched = False
                    break
        if matched:
            raise CheckFailed(message, hint=hint)


# =========================================================================== exercise 1: Oja


def _oja_cases():
    rng = np.random.default_rng(2021)
    cases = []
    for n, eta in ((3, 0.01), (8, 0.1), (16, 0.5), (5, 1.0)):
        w = rng.standard_normal(n)
        cases.append((w / np.linalg.norm(w) * rng.uniform(0.5, 1.5), rng.standard_normal(n), eta))
    cases.append((np.array([1.0, 0.0]), np.array([2.0, 1.0]), 0.25))
    return cases


_OJA_CASES = _oja_cases()


def _oja_reference(w, x, eta):
    return oja_update(w, x, learning_rate=eta)


_OJA_MISTAKES = (
    (
        lambda w, x, eta: w + eta * (w @ x) * x,
        "this is the plain Hebbian rule: nothing stops the weights from growing",
        "Oja's rule subtracts a decay term y^2 w from the Hebbian term y x.",
    ),
    (
        lambda w, x, eta: w - eta * (w @ x) * (x - (w @ x) * w),
        "your weights move against the Hebbian term (a sign error)",
        "the change is + eta y (x - y w).",
    ),
    (
        lambda w, x, eta: w + eta * ((w @ x) * x - w),
        "your decay term is -w, not -y^2 w",
        "the decay that normalises the weights is proportional to the squared output y^2.",
    ),
    (
        lambda w, x, eta: eta * (w @ x) * (x - (w @ x) * w),
        "you return the change of the weights, not the new weights",
        "return w + dw.",
    ),
    (
        lambda w, x, eta: (w + eta * (w @ x) * x) / np.linalg.norm(w + eta * (w @ x) * x),
        "you normalise the Hebbian step explicitly: Oja's rule is its first-order approximation",
        "write the rule itself, w + eta y (x - y w), with no division by the norm.",
    ),
    (
        lambda w, x, eta: w + eta * (w * x) * (x - (w * x) * w),
        "your output y is an array: y is the dot product w . x, one number",
        "use `y = w @ x` (or np.dot).",
    ),
)


@exercise(CHAPTER, "oja_step", title="Exercise 1: one step of Oja's rule")
def oja_step(student_function):
    """Check ``student_function(w, x, learning_rate) -> new w``.

    Diagnosed: plain Hebb, a sign error, decay -w instead of -y^2 w, returning the change,
    explicit normalisation, an elementwise y.
    """
    _require_function(student_function, "oja_step")
    _diagnose(_outputs(student_function, _OJA_CASES), _OJA_MISTAKES, _OJA_CASES)
    check_function_cases(student_function, _oja_reference, _OJA_CASES, name="oja_step", rtol=1e-9, atol=1e-12)


# =========================================================================== exercise 2: whitening


_FILTER_CASES = [((16, 16), 0.4), ((32, 32), 0.2), ((8, 12), 0.3), ((64, 64), 0.4)]


def _filter_reference(shape, f0):
    return sc.whitening_filter(shape, f0=f0)


def _filter_grid(shape):
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.fftfreq(shape[1])[None, :]
    return np.sqrt(fx * fx + fy * fy)


_FILTER_MISTAKES = (
    (
        lambda shape, f0: np.fft.fftshift(sc.whitening_filter(shape, f0=f0)),
        "your filter has its zero frequency in the middle of the array (fftshift layout)",
        "np.fft.fft2 puts f = 0 at index [0, 0]: "
        "build the frequencies with np.fft.fftfreq, without fftshift.",
    ),
    (
        lambda shape, f0: np.exp(-((_filter_grid(shape) / f0) ** 4)),
        "your filter is only the low-pass part: the whitening factor f is missing",
        "multiply by the frequency magnitude f: it flattens the 1/f amplitude spectrum.",
    ),
    (
        lambda shape, f0: _filter_grid(shape) * np.exp(-((_filter_grid(shape) / f0) ** 2)),
        "your low-pass roll-off has the exponent 2; Olshausen & Field use 4",
        "exp(-(f/f0)^4) stays flat longer and then falls steeply.",
    ),
    (
        lambda shape, f0: _filter_grid(shape) ** 2 * np.exp(-((_filter_grid(shape) / f0) ** 4)),
        "your whitening factor is f^2: that whitens the power spectrum twice over",
        "the amplitude spectrum falls as 1/f, so the amplitude is multiplied by f.",
    ),
    (
        lambda shape, f0: _filter_grid(shape) * np.exp(-((_filter_grid(shape) / f0) ** 4)) * shape[0],
        "your frequencies are in cycles per picture, the exercise uses cycles per pixel",
        "np.fft.fftfreq(n) gives cycles per pixel (up to 0.5).",
    ),
    (
        lambda shape, f0: _filter_grid(shape) * np.exp(-((shape[0] * _filter_grid(shape) / f0) ** 4)),
        "your frequencies are in cycles per picture, the exercise uses cycles per pixel",
        "np.fft.fftfreq(n) gives cycles per pixel (up to 0.5).",
    ),
    (
        lambda shape, f0: (
            (np.abs(np.fft.fftfreq(shape[0])[:, None]) + np.abs(np.fft.fftfreq(shape[1])[None, :]))
            * np.exp(
                -(
                    (
                        (
                            np.abs(np.fft.fftfreq(shape[0])[:, None])
                            + np.abs(np.fft.fftfreq(shape[1])[None, :])
                        )
                        / f0
                    )
                    ** 4
                )
            )
        ),
        "your |f| is |f_x| + |f_y|; the frequency magnitude is sqrt(f_x^2 + f_y^2)",
        "the filter is rotationally symmetric: it depends on the distance from the origin.",
    ),
)


@exercise(CHAPTER, "whitening_filter", title="Exercise 2: the whitening filter")
def whitening_filter(student_function):
    """Check ``student_function(shape, f0) -> R`` on an FFT grid (DC at [0, 0]).

    Diagnosed: fftshift layout, the low-pass part alone, exponent 2, f^2, cycles per picture,
    |f_x| + |f_y|.
    """
    _require_function(student_function, "whitening_filter")
    _diagnose(_outputs(student_function, _FILTER_CASES), _FILTER_MISTAKES, _FILTER_CASES)
    check_function_cases(
        student_function, _filter_reference, _FILTER_CASES, name="whitening_filter", rtol=1e-9, atol=1e-12
    )


# =========================================================================== exercise 3: ISTA


_SOFT_CASES = [
    (np.array([-2.0, -1.0, -0.5, 0.0, 0.3, 0.5, 0.7, 3.0]), 0.5),
    (np.array([[1.5, -0.2], [-4.0, 0.1]]), 1.0),
    (np.linspace(-1.0, 1.0, 9), 0.0),
    (2.5, 1.0),
]

_SOFT_MISTAKES = (
    (
        lambda u, t: np.where(np.abs(u) > t, u, 0.0),
        "this is the hard threshold: values above the threshold keep their full size",
        "the soft threshold also shrinks the survivors towards 0 by the threshold.",
    ),
    (
        lambda u, t: np.maximum(u - t, 0.0),
        "your negative inputs all become 0: the soft threshold is symmetric",
        "use the sign: sign(u) max(|u| - t, 0).",
    ),
    (
        lambda u, t: np.sign(u) * (np.abs(u) - t),
        "small inputs come out with the wrong sign: nothing clips them at 0",
        "take max(|u| - t, 0) before restoring the sign.",
    ),
)


@exercise(CHAPTER, "soft_threshold", title="Exercise 3a: the soft threshold")
def soft_threshold(student_function):
    """Check ``student_function(u, threshold)``, elementwise.

    Diagnosed: the hard threshold, a one-sided threshold, no clipping at 0.
    """
    _require_function(student_function, "soft_threshold")
    _diagnose(_outputs(student_function, _SOFT_CASES), _SOFT_MISTAKES, _SOFT_CASES)
    check_function_cases(
        student_function,
        lambda u, t: sc.soft_threshold(u, t),
        _SOFT_CASES,
        name="soft_threshold",
        rtol=1e-12,
        atol=1e-12,
    )


def _ista_cases():
    rng = np.random.default_rng(303)
    cases = []
    for n_patches, n_atoms, n_pixels, penalty in ((1, 6, 4, 0.1), (5, 12, 16, 0.3), (3, 8, 8, 0.05)):
        D = sc.random_dictionary(n_atoms, n_pixels, rng=rng)
        X = rng.standard_normal((n_patches, n_pixels))
        A = sc.soft_threshold(rng.standard_normal((n_patches, n_atoms)), 0.5)
        step = 1.0 / np.linalg.eigvalsh(D @ D.T)[-1]
        cases.append((A, D, X, penalty, step))
    return cases


_ISTA_CASES = _ista_cases()


def _ista_reference(a, D, X, penalty, step):
    return sc.soft_threshold(a - step * (a @ D - X) @ D.T, step * penalty)


_ISTA_MISTAKES = (
    (
        lambda a, D, X, lam, step: sc.soft_threshold(a - step * (a @ D - X) @ D.T, lam),
        "your threshold is the penalty itself; after a gradient step of size `step` it is step x penalty",
        "the proximal step of step * penalty * |a| shrinks by step * penalty.",
    ),
    (
        lambda a, D, X, lam, step: sc.soft_threshold(a + step * (a @ D - X) @ D.T, step * lam),
        "your step climbs the reconstruction error instead of descending it (a sign error)",
        "the gradient of 1/2 ||x - a D||^2 with respect to a is (a D - x) D^T; step against it.",
    ),
    (
        lambda a, D, X, lam, step: a - step * (a @ D - X) @ D.T,
        "your step has no threshold: it is plain gradient descent",
        "apply the soft threshold to the gradient step.",
    ),
    (
        lambda a, D, X, lam, step: sc.hard_threshold(a - step * (a @ D - X) @ D.T, step * lam),
        "you apply a hard threshold; ISTA for the L1 penalty uses the soft one",
        "use your soft_threshold.",
    ),
    (
        lambda a, D, X, lam, step: sc.soft_threshold(a - (a @ D - X) @ D.T, step * lam),
        "your gradient step is not scaled by `step`",
        "a - step * gradient, then the threshold.",
    ),
)


@exercise(CHAPTER, "ista_step", title="Exercise 3b: one ISTA step")
def ista_step(student_function):
    """Check ``student_function(codes, dictionary, patches, penalty, step) -> new codes``.

    Diagnosed: threshold penalty instead of step * penalty, a sign error in the gradient, no
    threshold, a hard threshold, an unscaled step.
    """
    _require_function(student_function, "ista_step")
    _diagnose(_outputs(student_function, _ISTA_CASES), _ISTA_MISTAKES, _ISTA_CASES)
    check_function_cases(
        student_function, _ista_reference, _ISTA_CASES, name="ista_step", rtol=1e-9, atol=1e-12
    )


# =========================================================================== exercise 4: LCA


def _lca_cases():
    rng = np.random.default_rng(404)
    cases = []
    for n_patches, n_atoms, n_pixels, penalty, rate in (
        (1, 6, 4, 0.1, 0.1),
        (4, 12, 16, 0.3, 0.05),
        (2, 10, 8, 0.2, 0.2),
    ):
        D = sc.random_dictionary(n_atoms, n_pixels, rng=rng)
        X = rng.standard_normal((n_patches, n_pixels))
        U = 0.8 * rng.standard_normal((n_patches, n_atoms))
        cases.append((U, D, X, penalty, rate))
    return cases


_LCA_CASES = _lca_cases()


def _lca_reference(u, D, X, penalty, rate):
    a = sc.soft_threshold(u, penalty)
    return u + rate * (X @ D.T - u - (a @ (D @ D.T) - a))


_LCA_MISTAKES = (
    (
        lambda u, D, X, lam, r: u + r * (X @ D.T - u - sc.soft_threshold(u, lam) @ (D @ D.T)),
        "each neuron inhibits itself: the competition must leave out the diagonal of D D^T",
        "the inhibition is (D D^T - I) a: subtract a from a @ G.",
    ),
    (
        lambda u, D, X, lam, r: u + r * (X @ D.T - u - (u @ (D @ D.T) - u)),
        "the inhibition comes from the potentials u; in the LCA only active neurons (a = T(u)) inhibit",
        "threshold u first, then use a in the lateral term.",
    ),
    (
        lambda u, D, X, lam, r: (
            u + r * (X @ D.T - u + (sc.soft_threshold(u, lam) @ (D @ D.T) - sc.soft_threshold(u, lam)))
        ),
        "your lateral term excites instead of inhibiting (a sign error)",
        "tau du/dt = b - u - (G - I) a.",
    ),
    (
        lambda u, D, X, lam, r: (
            u + r * (X @ D.T - (sc.soft_threshold(u, lam) @ (D @ D.T) - sc.soft_threshold(u, lam)))
        ),
        "the leak -u is missing",
        "each LCA neuron is a leaky integrator: tau du/dt = b - u - ...",
    ),
    (
        lambda u, D, X, lam, r: (
            r * (X @ D.T - u - (sc.soft_threshold(u, lam) @ (D @ D.T) - sc.soft_threshold(u, lam)))
        ),
        "you return the change of u, not the new u",
        "return u + du.",
    ),
)


@exercise(CHAPTER, "lca_step", title="Exercise 4: one step of the LCA network")
def lca_step(student_function):
    """Check ``student_function(u, dictionary, patches, penalty, dt_over_tau) -> new u``.

    Diagnosed: self-inhibition, inhibition from u, excitation, no leak, returning du.
    """
    _require_function(student_function, "lca_step")
    _diagnose(_outputs(student_function, _LCA_CASES), _LCA_MISTAKES, _LCA_CASES)
    check_function_cases(student_function, _lca_reference, _LCA_CASES, name="lca_step", rtol=1e-9, atol=1e-12)


# =========================================================================== exercise 5: dictionary step


def _dictionary_cases():
    rng = np.random.default_rng(505)
    cases = []
    for n_patches, n_atoms, n_pixels, eta in ((10, 6, 9, 0.5), (25, 8, 16, 1.0), (4, 3, 4, 0.1)):
        D = sc.random_dictionary(n_atoms, n_pixels, rng=rng)
        X = rng.standard_normal((n_patches, n_pixels))
        A = sc.soft_threshold(rng.standard_normal((n_patches, n_atoms)), 0.3)
        cases.append((D, X, A, eta))
    return cases


_DICTIONARY_CASES = _dictionary_cases()


def _dictionary_reference(D, X, A, eta):
    return sc.dictionary_step(D, X, A, learning_rate=eta)


def _unit_rows(M):
    return M / np.linalg.norm(M, axis=1, keepdims=True)


_DICTIONARY_MISTAKES = (
    (
        lambda D, X, A, eta: D + eta * A.T @ (X - A @ D) / X.shape[0],
        "your atoms are not renormalised after the step",
        "divide every atom (row) by its norm after the update.",
    ),
    (
        lambda D, X, A, eta: _unit_rows(D + eta * A.T @ (X - A @ D)),
        "your update sums over the batch; the exercise averages (divide by the number of patches)",
        "use the batch mean, so the step size does not depend on the batch size.",
    ),
    (
        lambda D, X, A, eta: _unit_rows(D - eta * A.T @ (X - A @ D) / X.shape[0]),
        "your step increases the reconstruction error (a sign error)",
        "D moves along a^T (x - a D), the residual weighted by the coefficients.",
    ),
    (
        lambda D, X, A, eta: _unit_rows(D + eta * A.T @ X / X.shape[0]),
        "your update is Hebbian on the patch itself, not on the residual",
        "use the residual x - a D: each atom learns only what the code does not yet explain.",
    ),
    (
        lambda D, X, A, eta: (lambda M: M / np.linalg.norm(M, axis=0, keepdims=True))(
            D + eta * A.T @ (X - A @ D) / X.shape[0]
        ),
        "you normalise the columns; the atoms are the rows of the dictionary",
        "use np.linalg.norm(..., axis=1, keepdims=True).",
    ),
)


@exercise(CHAPTER, "dictionary_step", title="Exercise 5: one dictionary-learning step")
def dictionary_step(student_function):
    """Check ``student_function(dictionary, patches, codes, learning_rate) -> new dictionary`` (unit rows).

    Diagnosed: no renormalisation, a batch sum, a sign error, Hebb on x instead of the
    residual, columns normalised.
    """
    _require_function(student_function, "dictionary_step")
    _diagnose(_outputs(student_function, _DICTIONARY_CASES), _DICTIONARY_MISTAKES, _DICTIONARY_CASES)
    check_function_cases(
        student_function,
        _dictionary_reference,
        _DICTIONARY_CASES,
        name="dictionary_step",
        rtol=1e-9,
        atol=1e-12,
    )


# =========================================================================== exercise 6: kurtosis


def _kurtosis_cases():
    rng = np.random.default_rng(606)
    return [
        (rng.standard_normal(5000),),
        (rng.laplace(size=4000),),
        (np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0, -2.0, 0.0]),),
        (3.0 + 2.0 * rng.standard_t(6, size=3000),),
        (rng.uniform(-1, 1, size=(40, 30)),),
    ]


_KURTOSIS_CASES = _kurtosis_cases()


def _moments(v):
    v = np.ravel(v)
    c = v - v.mean()
    return np.mean(c**2), np.mean(c**4), c


_KURTOSIS_MISTAKES = (
    (
        lambda v: _moments(v)[1] / _moments(v)[0] ** 2,
        "you return the kurtosis, not the excess kurtosis: a Gaussian should give 0",
        "subtract 3, the kurtosis of a Gaussian.",
    ),
    (
        lambda v: np.mean(np.ravel(v) ** 4) / np.mean(np.ravel(v) ** 2) ** 2 - 3.0,
        "your moments are not centred: data with a non-zero mean give a wrong value",
        "subtract the mean before taking the 2nd and 4th powers.",
    ),
    (
        lambda v: _moments(v)[1] / _moments(v)[0] - 3.0,
        "you divide the 4th moment by the variance, not by the variance squared",
        "kurtosis = <c^4> / <c^2>^2, a pure number whatever the units.",
    ),
)


@exercise(CHAPTER, "excess_kurtosis", title="Exercise 6: the excess kurtosis")
def excess_kurtosis(student_function):
    """Check ``student_function(values) -> float``, pooled over all values.

    Diagnosed: kurtosis without the -3, uncentred moments, variance not squared.
    """
    _require_function(student_function, "excess_kurtosis")
    _diagnose(_outputs(student_function, _KURTOSIS_CASES), _KURTOSIS_MISTAKES, _KURTOSIS_CASES, rtol=1e-6)
    check_function_cases(
        student_function,
        lambda v: sc.compute_kurtosis(v),
        _KURTOSIS_CASES,
        name="excess_kurtosis",
        rtol=2e-3,
        atol=2e-3,
    )


# =========================================================================== exercise 7: hidden penalty

#: Dictionary shape of the mystery codes: (atoms, pixels).
MYSTERY_SHAPE = (48, 64)


@dataclass(frozen=True, eq=False)
class MysteryCode:
    """A patch, a dictionary and the Lasso code of the patch, for a penalty lambda that is not given.

    Attributes
    ----------
    dictionary : ndarray, shape (48, 64)
        Unit-norm atoms (rows).
    patches : ndarray, shape (n_patches, 64)
        The encoded patches.
    codes : ndarray, shape (n_patches, 48)
        argmin_a 1/2 ||x - a D||^2 + lambda ||a||_1 for each patch (solved by FISTA to 1e-12).
    """

    dictionary: np.ndarray
    patches: np.ndarray
    codes: np.ndarray

    def __post_init__(self):
        for name in ("dictionary", "patches", "codes"):
            getattr(self, name).setflags(write=False)


def _hidden_code(rng, n_patches=4):
    penalty = float(np.round(rng.uniform(0.05, 0.5), 4))
    D = sc.random_dictionary(*MYSTERY_SHAPE, rng=rng)
    X = rng.standard_normal((n_patches, MYSTERY_SHAPE[1]))
    code = sc.solve_fista(D, X, penalty=penalty, max_iter=20000, tol=1e-13)
    return MysteryCode(dictionary=D, patches=X, codes=np.array(code.codes)), penalty


def mystery_code(seed):
    """Return the student's mystery code: dictionary, patches and their Lasso codes for a hidden lambda.

    Parameters
    ----------
    seed : int or str
        The student's number; the hidden lambda depends on it and on the course secret.

    Returns
    -------
    MysteryCode
    """
    seed_text(seed)
    code, _ = _hidden_code(variant_rng(f"{CHAPTER}:infer_penalty", seed))
    return code


def _student_penalty(student_function, code, label):
    try:
        value = student_function(np.array(code.dictionary), np.array(code.patches), np.array(code.codes))
    except NotImplementedError:
        raise
    try:
        return float(np.asarray(value, dtype=float).item())
    except (TypeError, ValueError):
        raise CheckFailed(
            f"your function returned {type(value).__name__} for {label}; it should return one number, lambda",
            hint="the penalty is a single number for all patches and atoms.",
        ) from None


@exercise(CHAPTER, "infer_penalty", title="Exercise 7: discover the hidden sparsity penalty")
def infer_penalty(student_function, *, seed):
    """Check ``student_function(dictionary, patches, codes) -> lambda`` on the student's mystery code.

    The student's function must recover the hidden lambda of :func:`mystery_code(seed) <mystery_code>`
    to 0.5% and of three more codes drawn here. Diagnosed: lambda / 2 or 2 lambda (a missing
    1/2 in the energy), a mean over all atoms including the inactive ones, using the patch
    instead of the residual.
    """
    _require_function(student_function, "infer_penalty")
    try:
        seed_text(seed)
    except TypeError:
        raise CheckFailed(
            f"`STUDENT_SEED` should be your student number (an integer), but it is {seed!r}",
            hint="set STUDENT_SEED in the setup cell and run it again.",
        ) from None
    cases = [_hidden_code(variant_rng(f"{CHAPTER}:infer_penalty", seed))]
    extra = variant_rng(f"{CHAPTER}:infer_penalty:cases", seed)
    cases += [_hidden_code(extra, n_patches=int(extra.integers(1, 4))) for _ in range(3)]
    for index, (code, penalty) in enumerate(cases):
        label = "your mystery code" if index == 0 else f"test code {index}"
        value = _student_penalty(student_function, code, label)
        if not np.isfinite(value):
            raise CheckFailed(
                f"your lambda for {label} is NaN or infinite",
                hint="use only the active atoms (non-zero coefficients).",
            )
        if np.isclose(value, 2 * penalty, rtol=5e-3) or np.isclose(value, 0.5 * penalty, rtol=5e-3):
            raise CheckFailed(
                f"your lambda for {label} is off by a factor of 2",
                hint="the energy is 1/2 ||x - a D||^2 + lambda ||a||_1: take its gradient with the 1/2.",
            )
        if value < 0:
            raise CheckFailed(
                f"your lambda for {label} is negative",
                hint="at the optimum D (x - a D) = lambda sign(a) on the active atoms.",
            )
        compare_values(value, penalty, name=f"lambda of {label}", rtol=5e-3)
