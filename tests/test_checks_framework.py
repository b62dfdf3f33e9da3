"""Tests of the exercise-check framework (neurocourse.checks._framework)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from neurocourse import checks
from neurocourse.checks import (
    CHECK_LOG_ENV,
    CheckFailed,
    CheckResult,
    check_function_cases,
    compare_values,
    exercise,
    get_checker,
    registered_exercises,
)

CHAPTER = "98_framework_test"


@pytest.fixture(autouse=True)
def _no_check_log(monkeypatch):
    monkeypatch.delenv(CHECK_LOG_ENV, raising=False)


def _define_rheobase_checker():
    @exercise(CHAPTER, "rheobase", title="Rheobase of the LIF neuron")
    def rheobase(student_function):
        value = student_function(10.0)
        compare_values(value, 0.4127, name="rheobase", unit="nA", rtol=1e-3)

    return rheobase


def _failure_message(student, reference, **options) -> str:
    with pytest.raises(CheckFailed) as caught:
        compare_values(student, reference, **{"name": "answer", **options})
    return caught.value.feedback


# --------------------------------------------------------------------------- statuses


def test_passed_prints_feedback_and_returns_result(capsys):
    rheobase = _define_rheobase_checker()
    result = rheobase(lambda tau: 0.4127)
    assert result == CheckResult(CHAPTER, "rheobase", "Rheobase of the LIF neuron", "passed", "passed.")
    assert result.passed
    assert capsys.readouterr().out == "✅ Rheobase of the LIF neuron: passed.\n"


def test_stub_is_not_attempted(capsys):
    rheobase = _define_rheobase_checker()

    def student(tau):
        raise NotImplementedError("Exercise: write your code here")

    result = rheobase(student)
    assert result.status == "not attempted"
    out = capsys.readouterr().out
    assert out.startswith("⏳ Rheobase of the LIF neuron: not attempted yet")
    assert "raise NotImplementedError" in out


def test_not_implemented_deep_inside_student_code_is_not_attempted():
    rheobase = _define_rheobase_checker()

    def helper():
        raise NotImplementedError

    def student(tau):
        try:
            helper()
        except NotImplementedError as error:
            raise ValueError("wrapped") from error

    assert rheobase(student).status == "not attempted"


def test_check_failed_gives_failed_with_its_message(capsys):
    rheobase = _define_rheobase_checker()
    result = rheobase(lambda tau: 412.7)
    assert result.status == "failed"
    assert "1000 times too large" in result.message
    assert "nA" in result.message
    assert capsys.readouterr().out.startswith("❌ Rheobase of the LIF neuron: `rheobase` is about 1000 times")


def test_student_exception_is_failed_without_traceback(capsys):
    rheobase = _define_rheobase_checker()

    def student(tau):
        return tau / 0

    result = rheobase(student)
    out = capsys.readouterr().out
    assert result.status == "failed"
    assert result.message.startswith("your code raised ZeroDivisionError: float division by zero")
    assert "in `student`" in result.message and "return tau / 0" in result.message
    assert "Hint:" in result.message
    assert "Traceback" not in out and "File " not in out


def test_type_error_in_student_code_names_type_and_hints(capsys):
    rheobase = _define_rheobase_checker()
    result = rheobase(lambda tau: tau + "1")
    assert result.message.startswith("your code raised TypeError:")
    assert "types" in result.message


def test_error_inside_checker_is_blamed_on_checking_not_student():
    @exercise(CHAPTER, "indexing", title="Indexing")
    def indexing(student_function):
        value = student_function()
        value[5]

    result = indexing(lambda: [1, 2])
    assert result.status == "failed"
    assert result.message.startswith("checking your answer raised IndexError")


def test_calling_the_check_the_wrong_way_says_how_to_call_it():
    rheobase = _define_rheobase_checker()
    result = rheobase()
    assert result.status == "failed"
    assert result.message.startswith("the check was called the wrong way")
    assert "`rheobase(student_function)`" in result.message


def test_keyboard_interrupt_propagates():
    rheobase = _define_rheobase_checker()

    def student(tau):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rheobase(student)


def test_system_exit_in_student_code_is_a_failure():
    rheobase = _define_rheobase_checker()

    def student(tau):
        raise SystemExit(3)

    result = rheobase(student)
    assert result.status == "failed" and "exit()" in result.message


def test_result_does_not_display_twice_and_has_clear_str():
    result = CheckResult(CHAPTER, "x", "An exercise", "failed", "`x` is too large. Hint: look.")
    assert result._ipython_display_() is None
    assert str(result) == "❌ An exercise: `x` is too large. Hint: look."
    assert "status='failed'" in repr(result)
    with pytest.raises(ValueError, match="status must be one of"):
        CheckResult(CHAPTER, "x", "X", "maybe", "")


def test_check_log_gets_one_json_line_per_result(tmp_path, monkeypatch):
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv(CHECK_LOG_ENV, str(log))
    rheobase = _define_rheobase_checker()
    rheobase(lambda tau: 0.4127)
    rheobase(lambda tau: None)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [line["status"] for line in lines] == ["passed", "failed"]
    assert set(lines[0]) == {"chapter", "name", "title", "status", "message"}
    assert lines[1]["chapter"] == CHAPTER and lines[1]["name"] == "rheobase"


def test_unwritable_check_log_does_not_raise(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(CHECK_LOG_ENV, str(tmp_path / "missing-folder" / "log.jsonl"))
    rheobase = _define_rheobase_checker()
    assert rheobase(lambda tau: 0.4127).passed
    assert "could not be written" in capsys.readouterr().err


# --------------------------------------------------------------------------- registry


def test_registry_keeps_definition_order_and_replaces_redefinitions():
    chapter = "97_registry_test"

    @exercise(chapter, "first", title="First")
    def first(answer):
        pass

    @exercise(chapter, "second", title="Second")
    def second(answer):
        pass

    @exercise(chapter, "first", title="First, redefined")
    def first_again(answer):
        pass

    assert registered_exercises(chapter) == ["first", "second"]
    assert get_checker(chapter, "first").title == "First, redefined"
    assert checks.get_checker(chapter, "second") is second
    assert chapter in checks.registered_chapters()
    assert registered_exercises("96_nothing_here") == []
    with pytest.raises(LookupError, match="registered: first, second"):
        get_checker(chapter, "third")


@pytest.mark.parametrize(
    ("chapter", "name", "title", "match"),
    [
        ("welcome", "x", "X", "chapter stem"),
        ("00_welcome", "not an identifier", "X", "identifier"),
        ("00_welcome", "x", " ", "title"),
    ],
)
def test_exercise_validates_its_arguments(chapter, name, title, match):
    with pytest.raises(ValueError, match=match):
        exercise(chapter, name, title=title)


def test_chapter_modules_load_lazily_and_unknown_names_explain():
    assert "CheckFailed" in dir(checks)
    with pytest.raises(AttributeError, match="no attribute 'no_such_chapter'; available: .*circuits"):
        checks.no_such_chapter  # noqa: B018


def test_load_checker_modules_reports_failures_instead_of_raising():
    failures = checks.load_checker_modules(extra_modules=["neurocourse_no_such_module_xyz"])
    assert "neurocourse_no_such_module_xyz" in failures
    assert isinstance(failures["neurocourse_no_such_module_xyz"], ModuleNotFoundError)


# --------------------------------------------------------------------------- compare_values


def test_compare_values_accepts_within_tolerance():
    compare_values(1.0005, 1.0, name="x", rtol=1e-3)
    compare_values([1.0, 2.0], np.array([1.0, 2.0]), name="x")
    compare_values(np.float32(2.0), 2, name="x")
    compare_values(np.array(3.0), 3.0, name="x")
    compare_values(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), name="x")
    compare_values(0.0, 0.0, name="x")
    compare_values(1e-9, 0.0, name="x", atol=1e-6)
    compare_values(True, True, name="x")
    compare_values(" excitatory", "excitatory", name="x")
    compare_values(None, None, name="x")


def test_none_answer_asks_about_return():
    message = _failure_message(None, 1.5)
    assert "`answer` is None" in message and "forget `return`" in message


@pytest.mark.parametrize(
    ("student", "expected_text"),
    [
        ("1.5", "text (a str)"),
        (True, "a bool"),
        (np.ones(3), "should be a single number, but it is an array of shape (3,)"),
        (np.ones(1), ".item()"),
        ([1.0, 2.0], "a list of 2 items"),
        (1 + 2j, "a complex number"),
        (print, "a function"),
    ],
)
def test_scalar_reference_type_messages(student, expected_text):
    assert expected_text in _failure_message(student, 1.5)


def test_array_reference_type_and_shape_messages():
    reference = np.linspace(0.0, 1.0, 100)
    assert "expected shape (100,), got (100, 1)" in _failure_message(reference[:, None], reference)
    assert ".ravel()" in _failure_message(reference[:, None], reference)
    assert "expected shape (100,), got (101,)" in _failure_message(np.zeros(101), reference)
    assert "single number" in _failure_message(0.5, reference)
    assert "transpose" in _failure_message(np.zeros((100, 3)), np.zeros((3, 100)))
    assert "cannot be read as an array" in _failure_message([[1.0], [1.0, 2.0]], np.zeros(2))
    assert "array of numbers" in _failure_message(np.array(["a", "b"]), np.zeros(2))


def test_nan_and_inf_messages():
    assert "contains NaN" in _failure_message(np.array([np.nan, 1.0]), np.array([1.0, 1.0]))
    assert "contains NaN" in _failure_message(float("nan"), 1.0)
    assert "contains inf" in _failure_message(np.array([np.inf, 1.0]), np.array([1.0, 1.0]))
    assert "NaN expected" in _failure_message(np.array([1.0, 1.0]), np.array([np.nan, 1.0]))


@pytest.mark.parametrize(
    ("factor", "expected_text"),
    [
        (1000.0, "about 1000 times too large"),
        (1e-3, "about 1000 times too small"),
        (1e6, "about 10^6 times too large"),
        (10.0, "about 10 times too large"),
        (2.0, "factor of about 2"),
        (2 * math.pi, "factor of about 2π"),
        (-1.0, "wrong sign"),
        (-1000.0, "has the wrong sign"),
    ],
)
def test_unit_and_factor_hints(factor, expected_text):
    message = _failure_message(0.4127 * factor, 0.4127, unit="nA")
    assert expected_text in message
    if abs(math.log10(abs(factor))) >= 3:
        assert "should be in nA" in message and "ms vs s" in message
    array_message = _failure_message(np.arange(1.0, 6.0) * factor, np.arange(1.0, 6.0), unit="mV")
    assert expected_text in array_message


def test_value_messages_say_how_it_is_wrong():
    assert "slightly too large" in _failure_message(1.004, 1.0)
    assert "too small, by a few percent" in _failure_message(0.95, 1.0)
    assert "is too large" in _failure_message(1.7, 1.0)
    assert "is zero" in _failure_message(0.0, 1.0)
    assert "not the expected truth value" in _failure_message(False, True)
    assert "not the expected text" in _failure_message("inhibitory", "excitatory")
    reference = np.linspace(1.0, 2.0, 100)
    wrong = reference.copy()
    wrong[[3, 50, 70]] += 0.5
    message = _failure_message(wrong, reference)
    assert "3 of 100 elements differ" in message and "index 3" in message
    assert "all zeros" in _failure_message(np.zeros(100), reference)
    assert "reverse order" in _failure_message(reference[::-1], reference)
    assert "shifted by one step" in _failure_message(np.roll(reference, 1), reference)


def test_compare_values_validates_its_own_arguments():
    with pytest.raises(ValueError, match="rtol"):
        compare_values(1.0, 1.0, name="x", rtol=-1.0)
    with pytest.raises(ValueError, match="non-empty name"):
        compare_values(1.0, 1.0, name="")
    with pytest.raises(TypeError, match="reference"):
        compare_values(1.0, {"a": 1}, name="x")


# --------------------------------------------------------------------------- check_function_cases


def _reference_ramp(n, slope=1.0):
    return np.arange(n) * slope + 0.5


def test_check_function_cases_passes_and_names_failing_inputs():
    check_function_cases(_reference_ramp, _reference_ramp, [(5,), {"n": 3, "slope": 2.0}], name="ramp")

    def wrong_for_keyword_case(n, slope=1.0):
        return np.arange(n) * 1.0 + 0.5

    with pytest.raises(CheckFailed) as caught:
        check_function_cases(
            wrong_for_keyword_case, _reference_ramp, [(5,), {"n": 3, "slope": 2.0}], name="ramp"
        )
    assert "`ramp(n=3, slope=2.0)`" in caught.value.message


def test_check_function_cases_reports_student_exception_with_inputs():
    def student(n, slope=1.0):
        return np.arange(n)[n] * slope

    with pytest.raises(CheckFailed) as caught:
        check_function_cases(student, _reference_ramp, [(4, 0.5)], name="ramp")
    assert caught.value.message.startswith("`ramp(4, 0.5)` raised IndexError")
    assert "in `student`" in caught.value.message


def test_check_function_cases_lets_stub_through_and_copies_inputs():
    def stub(values):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        check_function_cases(stub, np.sum, [(np.ones(3),)], name="total")

    def mutating(values):
        values *= 2
        return values.sum()

    data = np.ones(3)
    with pytest.raises(CheckFailed, match="factor of about 2"):
        check_function_cases(mutating, np.sum, [(data,)], name="total")
    assert np.array_equal(data, np.ones(3))
    with pytest.raises(CheckFailed, match="should be a function"):
        check_function_cases(3.0, np.sum, [(data,)], name="total")


# --------------------------------------------------------------------------- never the reference


def _reference_forms(reference) -> set[str]:
    forms = {repr(reference), str(reference)}
    values = np.atleast_1d(np.asarray(reference, dtype=float))
    for value in values:
        value = float(value)
        forms |= {repr(value), str(value), f"{value:e}"}
        forms |= {f"{value:.{digits}g}" for digits in (3, 4, 6)} | {f"{value:g}"}
        forms |= {f"{value:.{digits}f}" for digits in (2, 3)}
    if values.size > 1:
        forms.add(np.array2string(values, separator=", "))
    return {form for form in forms if len(form) >= 4}


_interesting_floats = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False).filter(
    lambda value: abs(value) > 1e-3 and abs(value - round(value)) > 1e-3
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    reference=_interesting_floats,
    wrong=st.one_of(
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
        st.sampled_from([1e3, 1e-3, -1.0, 2.0, 1.05, 0.999, 0.0]),
    ),
    unit=st.sampled_from([None, "nA", "ms"]),
)
def test_feedback_never_contains_the_scalar_reference(capsys, reference, wrong, unit):
    student = wrong * reference if abs(wrong) < 1e4 else wrong
    assume(not math.isclose(student, reference, rel_tol=1e-5))

    @exercise("99_property_test", "scalar", title="A number")
    def scalar_check(answer):
        compare_values(answer(), reference, name="value", unit=unit, rtol=1e-6)

    capsys.readouterr()
    result = scalar_check(lambda: student)
    printed = capsys.readouterr().out
    assert result.status == "failed"
    for form in _reference_forms(reference):
        assert form not in printed, (form, printed)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    reference=st.lists(_interesting_floats, min_size=2, max_size=8),
    perturbation=st.sampled_from(["scale", "shift_one", "noise", "shape", "roll"]),
    factor=st.sampled_from([1e3, -1.0, 1.5, 0.5]),
)
def test_feedback_never_contains_the_array_reference(capsys, reference, perturbation, factor):
    reference = np.array(reference)
    student = reference.copy()
    if perturbation == "scale":
        student = reference * factor
    elif perturbation == "shift_one":
        student[0] = reference[0] * factor + 1.0
    elif perturbation == "noise":
        student = reference + np.abs(reference) * 0.3 + 0.5
    elif perturbation == "shape":
        student = reference[:, None]
    else:
        student = np.roll(reference, 1)
    assume(student.shape != reference.shape or not np.allclose(student, reference, rtol=1e-5))

    @exercise("99_property_test", "array", title="An array")
    def array_check(answer):
        compare_values(answer(), reference, name="trace", unit="mV", rtol=1e-6)

    capsys.readouterr()
    result = array_check(lambda: student)
    printed = capsys.readouterr().out
    assert result.status == "failed"
    for form in _reference_forms(reference):
        assert form not in printed, (form, printed)
