"""Every branch of the shared argument checks gives a message naming parameter, unit and range."""

import numpy as np
import pytest

from neurocourse import _validation as v


def test_check_scalar_accepts_and_converts():
    assert v.check_scalar("x", 3) == 3.0 and isinstance(v.check_scalar("x", np.float32(2.5)), float)
    assert v.check_scalar("x", np.array(1.5)) == 1.5


@pytest.mark.parametrize(
    "value, kwargs, error, match",
    [
        (True, {}, TypeError, "x"),
        ("3", {}, TypeError, "real number"),
        ([1.0], {}, TypeError, "x"),
        (1 + 2j, {}, TypeError, "x"),
        (np.nan, {"unit": "ms"}, ValueError, r"x \[ms\] must be finite"),
        (np.inf, {}, ValueError, "finite"),
        (-1.0, {"low": 0.0, "unit": "ms"}, ValueError, r"x \[ms\] must be >= 0"),
        (0.0, {"low": 0.0, "low_inclusive": False}, ValueError, "> 0"),
        (5.0, {"high": 4.0}, ValueError, "<= 4"),
        (4.0, {"low": 0.0, "high": 4.0, "high_inclusive": False}, ValueError, r"in \[0, 4\)"),
    ],
)
def test_check_scalar_rejects(value, kwargs, error, match):
    with pytest.raises(error, match=match):
        v.check_scalar("x", value, **kwargs)


def test_check_int():
    assert v.check_int("n", 3.0) == 3
    with pytest.raises(TypeError, match="whole number"):
        v.check_int("n", 2.5)
    with pytest.raises(TypeError, match="n"):
        v.check_int("n", True)
    with pytest.raises(ValueError, match=r"n must be a whole number >= 1"):
        v.check_int("n", 0, low=1)


def test_check_bool_and_choice():
    assert v.check_bool("flag", np.bool_(True)) is True
    with pytest.raises(TypeError, match="flag"):
        v.check_bool("flag", 1)
    assert v.check_choice("kind", "a", ("a", "b")) == "a"
    with pytest.raises(ValueError, match="'a', 'b'"):
        v.check_choice("kind", "c", ("a", "b"))


@pytest.mark.parametrize(
    "value, kwargs, error, match",
    [
        ([[1, 2], [3]], {}, (TypeError, ValueError), "arr"),
        (["a", "b"], {}, TypeError, "numbers"),
        ([1j], {}, TypeError, "complex"),
        ([1.0, 2.0], {"ndim": 2}, ValueError, "2-D"),
        (np.ones((2, 3)), {"shape": (2, None, 1)}, ValueError, r"shape \(2, any, 1\)"),
        ([], {"min_size": 1}, ValueError, "at least 1"),
        ([1.0, np.nan], {"unit": "mV"}, ValueError, r"arr \[mV\] must be finite; it holds 1"),
        ([1.0, -2.0], {"low": 0.0}, ValueError, "found -2"),
        ([1.0, 7.0], {"high": 5.0}, ValueError, "found 7"),
        ([1.5], {"dtype": np.int64}, ValueError, "whole numbers"),
        ([1e300], {"dtype": np.int64}, ValueError, r"within \[-9223372036854775808, .*found 1e\+300"),
        ([-(2.0**63) - 4096], {"dtype": np.int64}, ValueError, "within"),
        ([2.0**63], {"dtype": np.int64}, ValueError, "within"),
        ([3e9], {"dtype": np.int32}, ValueError, "within"),
    ],
)
def test_check_array_rejects(value, kwargs, error, match):
    with pytest.raises(error, match=match):
        v.check_array("arr", value, **kwargs)


def test_check_array_returns_contiguous_copies_of_the_dtype():
    a = np.arange(12.0).reshape(3, 4)[:, ::2]
    out = v.check_array("a", a)
    assert out.flags.c_contiguous and out.dtype == np.float64
    assert v.check_array("a", 2.0).ndim == 0
    assert v.check_array("i", [1.0, 2.0], dtype=np.int64).dtype == np.int64


def test_check_index_array():
    np.testing.assert_array_equal(v.check_index_array("idx", [0, 2], size=3), [0, 2])
    with pytest.raises(ValueError, match=r"idx holds indices out of range: they must lie in \[0, 2\]"):
        v.check_index_array("idx", [0, 3], size=3)
    with pytest.raises(ValueError, match="out of range"):
        v.check_index_array("idx", [-1], size=3)


def test_check_dt_and_duration():
    assert v.check_dt(0.1, max_dt=1.0, model="m") == 0.1
    with pytest.raises(ValueError, match=r"dt \[ms\] = 2 is too large for the m"):
        v.check_dt(2.0, max_dt=1.0, model="m")
    with pytest.raises(ValueError, match="too small"):
        v.check_dt(1e-9, max_dt=1.0, model="m")
    with pytest.raises(ValueError, match="dt"):
        v.check_dt(-0.1, max_dt=1.0, model="m")
    assert v.check_duration(100.0, dt=0.1) == 100.0
    with pytest.raises(ValueError, match="steps"):
        v.check_duration(1e9, dt=0.001)
    assert v.n_steps_for(1.0, 0.3) == 3
