"""Tests of neurocourse.learning.hebb: Oja's rule (Oja 1982) and Sanger's rule (Sanger 1989).

Published results held here: Oja's neuron converges to the unit-norm leading eigenvector of the
input covariance (|cos| > 0.999 and |w| = 1 within 1%); Sanger's k neurons converge to the k
leading eigenvectors in order (|cos| > 0.99) and become orthonormal.
"""

import numpy as np
import pytest

from neurocourse.learning import fit_oja, fit_sanger, oja_update, sanger_update


def _gaussian_data(n=20000, seed=0):
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    scales = np.array([2.0, 1.4, 1.0, 0.5, 0.3, 0.2])
    X = (rng.standard_normal((n, 6)) * scales) @ basis.T
    return X, basis.T  # rows of basis.T: the principal directions in order


def test_oja_update_is_the_rule():
    w, x = np.array([0.6, 0.8]), np.array([1.0, 2.0])
    y = 0.6 + 1.6
    np.testing.assert_allclose(oja_update(w, x, learning_rate=0.1), w + 0.1 * y * (x - y * w))


def test_sanger_update_with_one_neuron_is_oja():
    w, x = np.array([0.6, 0.8]), np.array([1.0, 2.0])
    np.testing.assert_allclose(
        sanger_update(w[None], x, learning_rate=0.1)[0], oja_update(w, x, learning_rate=0.1)
    )


def test_oja_finds_the_first_principal_component():
    X, components = _gaussian_data()
    result = fit_oja(X, learning_rate=0.001, n_epochs=2, rng=1)
    w = result.weights[0]
    assert np.linalg.norm(w) == pytest.approx(1.0, abs=0.01)
    assert abs(w @ components[0]) / np.linalg.norm(w) > 0.999
    assert result.weight_history.shape == (3, 1, 6)
    np.testing.assert_array_equal(result.samples_seen, [0, 20000, 40000])


def test_the_kernel_matches_the_plain_rule():
    X, _ = _gaussian_data(n=50)
    w0 = np.full(6, 0.2)
    result = fit_oja(X, learning_rate=0.01, weights_init=w0, rng=3, record_every=1)
    order = np.random.default_rng(3).permutation(50)
    w = w0.copy()
    for i in order:
        w = oja_update(w, X[i], learning_rate=0.01)
    np.testing.assert_allclose(result.weights[0], w, rtol=1e-12)
    np.testing.assert_allclose(result.weight_history[1, 0], oja_update(w0, X[order[0]], learning_rate=0.01))


def test_sanger_finds_the_leading_components_in_order():
    X, components = _gaussian_data()
    result = fit_sanger(X, 3, learning_rate=0.001, n_epochs=5, rng=2)
    W = result.weights
    for i in range(3):
        assert abs(W[i] @ components[i]) / np.linalg.norm(W[i]) > 0.99
    np.testing.assert_allclose(W @ W.T, np.eye(3), atol=0.03)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: fit_oja(np.ones(5)), "patches"),
        (lambda: fit_oja(np.ones((5, 2)), learning_rate=0.0), "learning_rate"),
        (lambda: fit_oja(np.ones((5, 2)), n_epochs=0), "n_epochs"),
        (lambda: fit_oja(np.ones((5, 2)), weights_init=np.ones(3)), "weights_init"),
        (lambda: fit_sanger(np.ones((5, 2)), 3), "n_components"),
        (lambda: fit_oja(np.ones((5, 2)), rng="abc"), "rng"),
        (lambda: oja_update(np.ones(2), np.ones(3), learning_rate=0.1), "sample"),
    ],
)
def test_invalid_arguments(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
