"""Lateral inhibition: DoG receptive fields and Mach bands (Ratliff 1965; Rodieck 1965)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurocourse.networks.lateral import (
    DoGParams,
    MachBands,
    dog_filter,
    dog_kernel,
    dog_ramp_response,
    mach_band_measurement,
    mach_band_overshoot,
    mach_band_position,
    ramp_edge,
    ramp_mach_bands,
    step_edge,
)

DX = 0.01
X = np.arange(-40.0, 40.0, DX)


def filtered_step(params, low=1.0, high=2.0):
    return dog_filter(params, step_edge(X, low=low, high=high), dx=DX)


@pytest.mark.parametrize("k, sc, ss", [(1.0, 1.0, 3.0), (0.8, 1.0, 3.0), (0.5, 0.7, 4.0), (1.3, 1.0, 2.0)])
def test_mach_band_overshoot_equals_the_closed_form(k, sc, ss):
    params = DoGParams(sigma_center=sc, sigma_surround=ss, surround_weight=k)
    response = filtered_step(params)
    bright = response[np.abs(X - 25.0) < 0.5].mean()
    dark = response[np.abs(X + 25.0) < 0.5].mean()
    expected = mach_band_overshoot(params, step_height=1.0)
    right, left = X >= 0.0, X < 0.0
    assert response[right].max() - bright == pytest.approx(expected, rel=1e-3, abs=1e-6)  # bright band
    assert dark - response[left].min() == pytest.approx(expected, rel=1e-3, abs=1e-6)  # dark band
    assert X[right][np.argmax(response[right])] == pytest.approx(mach_band_position(params), abs=2 * DX)


def test_balanced_dog_ignores_uniform_input():
    params = DoGParams(sigma_center=1.0, sigma_surround=3.0, surround_weight=1.0)
    assert dog_kernel(params, X).sum() * DX == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(dog_filter(params, np.full(500, 7.3), dx=DX), 0.0, atol=1e-9)
    # an unbalanced one passes a fraction 1 - k of it
    unbalanced = DoGParams(sigma_center=1.0, sigma_surround=3.0, surround_weight=0.6)
    np.testing.assert_allclose(dog_filter(unbalanced, np.full(800, 5.0), dx=DX), 2.0, atol=1e-6)


def test_no_band_without_a_surround():
    params = DoGParams(sigma_center=1.0, sigma_surround=3.0, surround_weight=0.0)
    assert mach_band_overshoot(params) == 0.0
    response = filtered_step(params)
    assert response.max() <= 2.0 + 1e-9 and response.min() >= 1.0 - 1e-9


def test_overshoot_scales_with_the_step():
    params = DoGParams(sigma_center=1.0, sigma_surround=3.0, surround_weight=1.0)
    assert mach_band_overshoot(params, step_height=3.0) == pytest.approx(3 * mach_band_overshoot(params))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(sigma_center=0.0), "sigma_center"),
        (dict(sigma_surround=0.5), "sigma_surround"),
        (dict(surround_weight=-0.1), "surround_weight"),
        (dict(surround_weight=np.nan), "surround_weight"),
    ],
)
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
    value = mach_band_overshoot(DoGParams(sigma_center=sc, sigma_surround=sc * ratio, surround_weight=k))
    assert np.isfinite(value) and value >= 0.0


def dog(sc=1.0, ss=3.0, k=1.0):
    return DoGParams(sigma_center=sc, sigma_surround=ss, surround_weight=k)


def test_params_are_keyword_only():
    with pytest.raises(TypeError):
        DoGParams(1.0, 3.0, 1.0)


# ----------------------------------------------------------------------------- the one measurement


@pytest.mark.parametrize(
    "k, sc, ss",
    [
        (1.0, 1.0, 3.0),
        (0.8, 1.0, 3.0),
        (0.5, 0.7, 4.0),
        (1.3, 1.0, 2.0),
        (1.0, 1.0, 8.0),
        (1.5, 1.0, 8.0),
        (1.2, 0.5, 8.0),
    ],
)
def test_measurement_of_a_step_equals_the_closed_form_at_any_surround_width(k, sc, ss):
    """The plateau window scales with sigma_s: at sigma_s = 8 a fixed window 12 deg from the edge
    (the old widget's) still sees the surround and under-reports the band."""
    params = dog(sc, ss, k)
    bands = mach_band_measurement(params, low=1.0, high=2.0)
    expected = mach_band_overshoot(params)
    assert bands.bright == pytest.approx(expected, rel=1e-4)
    assert bands.dark == pytest.approx(expected, rel=1e-4)  # the dark band mirrors it
    assert bands.bright_position == pytest.approx(mach_band_position(params), abs=sc / 50)
    assert bands.dark_position == pytest.approx(-mach_band_position(params), abs=sc / 50)
    assert bands.bright_plateau == pytest.approx(2.0 * (1.0 - k), abs=1e-9)
    assert bands.dark_plateau == pytest.approx(1.0 - k, abs=1e-9)


def test_a_narrow_plateau_window_under_reports_wide_surrounds():
    # the measurement the widget used before: plateau averaged 11.5-12.5 deg from the edge
    params = dog(1.0, 8.0, 1.5)
    x = np.arange(-15.0, 15.0, 0.02)
    response = dog_filter(params, step_edge(x, low=1.0, high=2.0), dx=0.02)
    narrow = response[x >= 0].max() - response[np.abs(x - 12.0) < 0.5].mean()
    assert abs(narrow - mach_band_overshoot(params)) > 0.05
    measured = mach_band_measurement(params, low=1.0, high=2.0)
    assert measured.bright == pytest.approx(mach_band_overshoot(params), rel=1e-4)


# ----------------------------------------------------------------------------- ramps


def test_ramp_edge_is_two_plateaus_joined_by_a_straight_line():
    x = np.array([-5.0, -2.0, -1.0, 0.0, 1.0, 2.0, 5.0])
    np.testing.assert_allclose(
        ramp_edge(x, low=1.0, high=3.0, start=-2.0, stop=2.0), [1.0, 1.0, 1.5, 2.0, 2.5, 3.0, 3.0]
    )
    with pytest.raises(ValueError, match="stop"):
        ramp_edge(x, start=1.0, stop=1.0)


@pytest.mark.parametrize("k, width", [(1.0, 4.0), (0.8, 6.0), (1.0, 1.0), (0.5, 20.0)])
def test_ramp_response_has_a_closed_form(k, width):
    params = dog(1.0, 3.0, k)
    x = np.arange(-60.0, 60.0, DX)
    numeric = dog_filter(params, ramp_edge(x, low=1.0, high=2.0, start=-width / 2, stop=width / 2), dx=DX)
    exact = dog_ramp_response(params, x, low=1.0, high=2.0, start=-width / 2, stop=width / 2)
    inside = np.abs(x) < 40.0  # away from the ends of the sampled stimulus
    np.testing.assert_allclose(numeric[inside], exact[inside], atol=1e-5)


def test_wide_ramp_balanced_bands_sit_on_the_knees_with_closed_form_height():
    """k = 1, width w >> sigma_s: bright band at the top knee and dark band at the bottom knee,
    each Delta L (sigma_s - sigma_c) / (sqrt(2 pi) w) high."""
    sc, ss, w, step = 1.0, 3.0, 60.0, 2.0
    params = dog(sc, ss, 1.0)
    bands = ramp_mach_bands(params, low=1.0, high=1.0 + step, start=-w / 2, stop=w / 2)
    expected = step * (ss - sc) / (np.sqrt(2 * np.pi) * w)
    assert bands.bright == pytest.approx(expected, rel=1e-12)
    assert bands.dark == pytest.approx(expected, rel=1e-12)
    assert bands.bright_position == pytest.approx(0.0, abs=1e-9)
    assert bands.dark_position == pytest.approx(0.0, abs=1e-9)
    measured = mach_band_measurement(params, low=1.0, high=1.0 + step, width=w)
    assert measured.bright == pytest.approx(expected, rel=1e-4)
    assert measured.bright_position == pytest.approx(0.0, abs=sc / 50)


@pytest.mark.parametrize("k, width", [(0.8, 6.0), (0.6, 2.0), (1.0, 4.0), (0.9, 8.0)])
def test_ramp_bands_closed_form_and_measurement_agree(k, width):
    params = dog(1.0, 3.0, k)
    exact = ramp_mach_bands(params, low=1.0, high=2.0, start=-width / 2, stop=width / 2)
    measured = mach_band_measurement(params, low=1.0, high=2.0, width=width)
    assert isinstance(exact, MachBands)
    assert exact.bright > 0 and exact.dark > 0
    assert measured.bright == pytest.approx(exact.bright, rel=1e-4)
    assert measured.dark == pytest.approx(exact.dark, rel=1e-4)
    assert measured.bright_position == pytest.approx(exact.bright_position, abs=0.02)
    assert measured.dark_position == pytest.approx(exact.dark_position, abs=0.02)
    # the bright band lies beyond the top knee (or on it), the dark one before the bottom knee
    assert exact.bright_position >= -1e-9 and exact.dark_position <= 1e-9


def test_gentler_ramps_make_weaker_bands_than_the_step():
    params = dog(1.0, 3.0, 1.0)
    heights = [ramp_mach_bands(params, start=-w / 2, stop=w / 2).bright for w in (1.0, 4.0, 16.0)]
    assert mach_band_overshoot(params) > heights[0] > heights[1] > heights[2] > 0


def test_measurement_rejects_bad_input():
    with pytest.raises(ValueError, match="high"):
        mach_band_measurement(dog(), low=1.0, high=1.0)
    with pytest.raises(ValueError, match="width"):
        mach_band_measurement(dog(), width=-1.0)
    with pytest.raises(ValueError, match="dx"):
        mach_band_measurement(dog(), dx=1.0)
    with pytest.raises(TypeError, match="params"):
        mach_band_measurement({"sigma_center": 1.0})
    with pytest.raises(ValueError, match="stop"):
        ramp_mach_bands(dog(), start=2.0, stop=-2.0)
