"""Lateral inhibition: DoG receptive fields and Mach bands (Ratliff 1965; Rodieck 1965)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurocourse.networks.lateral import (
    DoGParams,
    dog_filter,
    dog_kernel,
    mach_band_overshoot,
    mach_band_position,
    step_edge,
)

DX = 0.01
X = np.arange(-40.0, 40.0, DX)


def filtered_step(params, low=1.0, high=2.0):
    return dog_filter(params, step_edge(X, low=low, high=high), dx=DX)


@pytest.mark.parametrize("k, sc, ss", [(1.0, 1.0, 3.0), (0.8, 1.0, 3.0), (0.5, 0.7, 4.0), (1.3, 1.0, 2.0)])
def test_mach_band_overshoot_equals_the_closed_form(k, sc, ss):
    params = DoGParams(sc, ss, k)
    response = filtered_step(params)
    bright = response[np.abs(X - 25.0) < 0.5].mean()
    dark = response[np.abs(X + 25.0) < 0.5].mean()
    expected = mach_band_overshoot(params, step_height=1.0)
    right, left = X >= 0.0, X < 0.0
    assert response[right].max() - bright == pytest.approx(expected, rel=1e-3, abs=1e-6)   # bright band
    assert dark - response[left].min() == pytest.approx(expected, rel=1e-3, abs=1e-6)      # dark band
    assert X[right][np.argmax(response[right])] == pytest.approx(mach_band_position(params), abs=2 * DX)


def test_balanced_dog_ignores_uniform_input():
    params = DoGParams(1.0, 3.0, 1.0)
    assert dog_kernel(params, X).sum() * DX == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(dog_filter(params, np.full(500, 7.3), dx=DX), 0.0, atol=1e-9)
    # an unbalanced one passes a fraction 1 - k of it
    np.testing.assert_allclose(dog_filter(DoGParams(1.0, 3.0, 0.6), np.full(800, 5.0), dx=DX), 2.0, atol=1e-6)


def test_no_band_without_a_surround():
    params = DoGParams(1.0, 3.0, 0.0)
    assert mach_band_overshoot(params) == 0.0
    response = filtered_step(params)
    assert response.max() <= 2.0 + 1e-9 and response.min() >= 1.0 - 1e-9


def test_overshoot_scales_with_the_step():
    params = DoGParams(1.0, 3.0, 1.0)
    assert mach_band_overshoot(params, step_height=3.0) == pytest.approx(3 * mach_band_overshoot(params))


@pytest.mark.parametrize("kwargs, match", [
    (dict(sigma_center=0.0), "sigma_center"),
    (dict(sigma_surround=0.5), "sigma_surround"),
    (dict(surround_weight=-0.1), "surround_weight"),
    (dict(surround_weight=np.nan), "surround_weight"),
])
def test_params_reject_bad_values(kwargs, match):
    with pytest.raises(ValueError, match=match):
        DoGParams(**kwargs)


def test_filter_rejects_bad_input():
    params = DoGParams()
    with pytest.raises(ValueError, match="dx"):
        dog_filter(params, np.ones(10), dx=2.0)
    with pytest.raises(ValueError, match="stimulus"):
        dog_filter(params, [1.0, np.inf], dx=0.1)
    with pytest.raises(TypeError, match="params"):
        dog_filter({"sigma_center": 1}, np.ones(10), dx=0.1)


@given(sc=st.floats(0.1, 5.0), ratio=st.floats(1.05, 6.0), k=st.floats(0.0, 2.0))
def test_overshoot_is_finite_and_nonnegative(sc, ratio, k):
    value = mach_band_overshoot(DoGParams(sc, sc * ratio, k))
    assert np.isfinite(value) and value >= 0.0
