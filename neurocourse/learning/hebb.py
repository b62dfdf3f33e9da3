"""Hebbian learning of principal components: Oja's rule and Sanger's generalized Hebbian algorithm.

A linear neuron y = w . x with a plain Hebbian rule dw ~ y x grows without bound. Oja (1982)
added a decay term that keeps |w| at 1:

.. math::  \\Delta w = \\eta\\, y\\, (x - y\\, w),

and the weights converge to the leading eigenvector of the input covariance (the first
principal component). Sanger (1989) extended it to k neurons that learn the k leading
components in order, each neuron subtracting what the neurons before it already explain:

.. math::  \\Delta W = \\eta \\left(y x^T - \\mathrm{LT}(y y^T)\\, W\\right),

with LT the lower triangle (diagonal included). Both rules are local in the sense of a
synapse seeing its pre- and postsynaptic activity (and, for Sanger, the earlier neurons'
outputs).

References
----------
Oja E (1982) A simplified neuron model as a principal component analyzer. J Math Biol 15:267-273.
Sanger TD (1989) Optimal unsupervised learning in a single-layer linear feedforward neural
network. Neural Netw 2:459-473.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from .._results import freeze_arrays
from .._validation import as_generator, check_array, check_int, check_memory, check_positive

__all__ = ["HebbianResult", "oja_update", "sanger_update", "fit_oja", "fit_sanger"]


@dataclass(frozen=True, kw_only=True, eq=False)
class HebbianResult:
    """Weights learned by :func:`fit_oja` or :func:`fit_sanger`.

    Attributes
    ----------
    weights : ndarray, shape (n_components, n_inputs)
        Final weights, one neuron a row (Oja: one row).
    weight_history : ndarray, shape (n_records, n_components, n_inputs)
        Weights after every ``record_every`` samples; the first record is the initial weights.
    samples_seen : ndarray of int64, shape (n_records,)
        Number of samples presented at each record.
    learning_rate : float
        eta used.
    rule : str
        ``"oja"`` or ``"sanger"``.
    """

    weights: np.ndarray
    weight_history: np.ndarray
    samples_seen: np.ndarray
    learning_rate: float
    rule: str

    def __post_init__(self):
        freeze_arrays(self)


def oja_update(weights, sample, *, learning_rate):
    """Return the weights after one step of Oja's rule, w + eta y (x - y w) with y = w . x.

    Parameters
    ----------
    weights : array_like, shape (n_inputs,)
    sample : array_like, shape (n_inputs,)
        One input x.
    learning_rate : float
        eta > 0.
    """
    w = check_array("weights", weights, ndim=1, min_size=1)
    x = check_array("sample", sample, shape=(w.size,))
    eta = check_positive("learning_rate", learning_rate)
    y = float(w @ x)
    return w + eta * y * (x - y * w)


def sanger_update(weights, sample, *, learning_rate):
    """Return the weights after one step of Sanger's rule, W + eta (y x^T - LT(y y^T) W), y = W x.

    Parameters
    ----------
    weights : array_like, shape (n_components, n_inputs)
    sample : array_like, shape (n_inputs,)
    learning_rate : float
        eta > 0.
    """
    W = check_array("weights", weights, ndim=2, min_size=1)
    x = check_array("sample", sample, shape=(W.shape[1],))
    eta = check_positive("learning_rate", learning_rate)
    y = W @ x
    return W + eta * (np.outer(y, x) - np.tril(np.outer(y, y)) @ W)


@numba.njit(cache=True)
def _hebbian_kernel(weights, samples, order, eta, sanger, record_every, history):
    """Present samples[order[n]] in turn; update weights in place (Oja for one row, or Sanger)."""
    k, p = weights.shape
    y = np.empty(k)
    residual = np.empty(p)
    record = 1
    for n in range(order.size):
        x = samples[order[n]]
        for i in range(k):
            acc = 0.0
            for j in range(p):
                acc += weights[i, j] * x[j]
            y[i] = acc
        for j in range(p):
            residual[j] = x[j]
        # Sanger: neuron i learns from x minus what neurons 0..i explain (for k = 1 this is Oja)
        for i in range(k):
            for j in range(p):
                residual[j] -= y[i] * weights[i, j]
            for j in range(p):
                weights[i, j] += eta * y[i] * residual[j]
            if not sanger:
                break
        if (n + 1) % record_every == 0:
            history[record] = weights
            record += 1


def _fit(patches, n_components, learning_rate, n_epochs, weights_init, record_every, rng, rule):
    rng = as_generator(rng)
    X = check_array("patches", patches, ndim=2, min_size=1)
    n, p = X.shape
    eta = check_positive("learning_rate", learning_rate, high=10.0)
    n_epochs = check_int("n_epochs", n_epochs, low=1)
    total = n * n_epochs
    record_every = n if record_every is None else check_int("record_every", record_every, low=1)
    if weights_init is None:
        W = rng.standard_normal((n_components, p))
        W *= 0.1 / np.linalg.norm(W, axis=1, keepdims=True)
    else:
        W = check_array("weights_init", weights_init, shape=(n_components, p) if rule == "sanger" else (p,))
        W = W.reshape(n_components, p).copy()
    n_records = 1 + total // record_every
    check_memory(
        f"the weight history ({n_records} records of {n_components} x {p})",
        8.0 * n_records * n_components * p,
        reduce="raise record_every",
    )
    history = np.empty((n_records, n_components, p))
    history[0] = W
    order = np.concatenate([rng.permutation(n) for _ in range(n_epochs)]).astype(np.int64)
    _hebbian_kernel(W, X, order, eta, rule == "sanger", record_every, history)
    samples_seen = np.arange(n_records, dtype=np.int64) * record_every
    return HebbianResult(
        weights=W, weight_history=history, samples_seen=samples_seen, learning_rate=eta, rule=rule
    )


def fit_oja(patches, *, learning_rate=0.01, n_epochs=1, weights_init=None, record_every=None, rng=None):
    """Train one linear neuron with Oja's rule on the rows of ``patches``, presented in random order.

    Parameters
    ----------
    patches : array_like, shape (n_samples, n_inputs)
        Inputs x (zero mean for the principal component; the rule uses them as given).
    learning_rate : float
        eta in (0, 10]; eta times the input variance summed over inputs should stay well below 1.
    n_epochs : int
        Passes over the data, >= 1 (a new random order each pass).
    weights_init : array_like, shape (n_inputs,), optional
        Initial weights (default: random, norm 0.1).
    record_every : int, optional
        Samples between stored weights (default: one record per epoch).
    rng : None, int or numpy.random.Generator
        Initial weights and presentation order.

    Returns
    -------
    HebbianResult
        ``weights`` has shape (1, n_inputs).

    References
    ----------
    Oja E (1982) A simplified neuron model as a principal component analyzer. J Math Biol
    15:267-273.
    """
    return _fit(patches, 1, learning_rate, n_epochs, weights_init, record_every, rng, "oja")


def fit_sanger(
    patches, n_components, *, learning_rate=0.01, n_epochs=1, weights_init=None, record_every=None, rng=None
):
    """Train ``n_components`` linear neurons with Sanger's rule (the generalized Hebbian algorithm).

    Arguments as :func:`fit_oja`; ``n_components`` >= 1 neurons, whose weight vectors converge to
    the leading principal components in order.

    Returns
    -------
    HebbianResult

    References
    ----------
    Sanger TD (1989) Optimal unsupervised learning in a single-layer linear feedforward neural
    network. Neural Netw 2:459-473.
    """
    X = check_array("patches", patches, ndim=2, min_size=1)
    n_components = check_int("n_components", n_components, low=1, high=X.shape[1])
    return _fit(X, n_components, learning_rate, n_epochs, weights_init, record_every, rng, "sanger")
