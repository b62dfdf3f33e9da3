"""The shared framework behind every exercise check of the course.

A chapter's checker module registers one checker per exercise with :func:`exercise`. The
checker calls the student's code and compares its answer with the reference using
:func:`compare_values` or :func:`check_function_cases`; both raise :class:`CheckFailed` with
a specific message that says *how* an answer is wrong (too large, off by a factor of 1000,
wrong shape, ``None``) without ever showing the reference value. The decorator turns every
outcome into a :class:`CheckResult` and prints one line of friendly feedback::

    from neurocourse.checks._framework import exercise, compare_values

    @exercise("00_welcome", "rheobase", title="Rheobase of the LIF neuron")
    def rheobase(student_function):
        value = student_function(params)
        compare_values(value, reference, name="rheobase", unit="nA", rtol=1e-3)

Calling the decorated checker never raises (``KeyboardInterrupt`` excepted):

- a ``NotImplementedError`` anywhere (the stub left by ``neurocourse assign``) means
  *not attempted*;
- a :class:`CheckFailed` means *failed* with its message;
- any other exception means *failed*, with the exception named in one line and a hint,
  never a traceback;
- returning normally means *passed*.

When the environment variable ``NEUROCOURSE_CHECK_LOG`` names a file, every result is
appended to it as one JSON line (a record of what a learner saw). The grade is *not* taken
from it, nor from anything else the student's kernel prints: ``neurocourse check`` calls
:func:`evaluate_check` in a separate checker process, which calls the student's functions
in a sandboxed process (see :mod:`neurocourse.course.grade`). Objects a checker hands to
student code that must stay in the checker (their state is an answer key) are marked with
:func:`checker_side`.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib
import inspect
import json
import linecache
import math
import numbers
import os
import pkgutil
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .._chapters import is_chapter_stem

__all__ = [
    "CHECK_LOG_ENV",
    "CHECK_STATUSES",
    "FAILED",
    "NOT_ATTEMPTED",
    "PASSED",
    "CheckFailed",
    "CheckResult",
    "check_function_cases",
    "checker_module_names",
    "checker_side",
    "compare_values",
    "evaluate_check",
    "exercise",
    "get_checker",
    "load_checker_modules",
    "registered_chapters",
    "registered_exercises",
]

#: Environment variable naming the file that collects one JSON line per check result.
CHECK_LOG_ENV = "NEUROCOURSE_CHECK_LOG"

PASSED = "passed"
NOT_ATTEMPTED = "not attempted"
FAILED = "failed"

#: The three possible outcomes of a check, in the order they are usually reported.
CHECK_STATUSES = (PASSED, NOT_ATTEMPTED, FAILED)

_STATUS_SYMBOLS = {PASSED: "✅", NOT_ATTEMPTED: "⏳", FAILED: "❌"}
_PASSED_MESSAGE = "passed."
_NOT_ATTEMPTED_MESSAGE = "not attempted yet: replace the `raise NotImplementedError` line with your code."
_MAX_ERROR_TEXT = 200


class CheckFailed(Exception):
    """An answer is wrong; the message says how, without giving the solution away.

    Parameters
    ----------
    message : str
        What is wrong, e.g. "`rheobase` is about 1000 times too large."
    hint : str, optional
        What to look at next, e.g. "check the units: the course uses nA."
    """

    def __init__(self, message: str, *, hint: str | None = None):
        if not isinstance(message, str) or not message.strip():
            raise TypeError("CheckFailed needs a non-empty message (a str) saying what is wrong")
        if hint is not None and not isinstance(hint, str):
            raise TypeError(f"CheckFailed hint must be a str or None, got {type(hint).__name__}")
        super().__init__(message)
        self.message = message
        self.hint = hint

    @property
    def feedback(self) -> str:
        """The message followed by the hint, as shown to the student."""
        return _join_message(self.message, self.hint)


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """The outcome of one exercise check.

    Attributes
    ----------
    chapter : str
        Chapter stem, e.g. ``"00_welcome"``.
    name : str
        Exercise name inside the chapter, e.g. ``"rheobase"``.
    title : str
        Human-readable title shown in the feedback.
    status : str
        One of ``"passed"``, ``"not attempted"``, ``"failed"``.
    message : str
        The feedback sentence after the title (for a failure: what is wrong and a hint).
    """

    chapter: str
    name: str
    title: str
    status: str
    message: str

    def __post_init__(self):
        if self.status not in CHECK_STATUSES:
            raise ValueError(
                f"CheckResult status must be one of {', '.join(map(repr, CHECK_STATUSES))}, "
                f"got {self.status!r}"
            )

    @property
    def passed(self) -> bool:
        """Whether the exercise passed."""
        return self.status == PASSED

    @property
    def feedback(self) -> str:
        """The one-line feedback printed to the student, e.g. ``"✅ Rheobase: passed."``."""
        return f"{_STATUS_SYMBOLS[self.status]} {self.title}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        """Return the result as a plain dict (the JSON log line)."""
        return dataclasses.asdict(self)

    def __str__(self) -> str:
        return self.feedback

    def _ipython_display_(self) -> None:
        # The checker already printed the feedback; showing the result as the cell's
        # output value as well would print it twice.
        return None


# --------------------------------------------------------------------------- registry


@dataclasses.dataclass(frozen=True)
class _RegisteredExercise:
    chapter: str
    name: str
    title: str
    checker: Callable[..., CheckResult]
    function: Callable | None = None


_REGISTRY: dict[str, dict[str, _RegisteredExercise]] = {}


def _validate_chapter(chapter) -> str:
    if not is_chapter_stem(chapter):
        raise ValueError(
            f"chapter must be a chapter stem like '00_welcome' (two digits, underscore, "
            f"topic), got {chapter!r}"
        )
    return chapter


def exercise(chapter: str, name: str, *, title: str) -> Callable[[Callable], Callable[..., CheckResult]]:
    """Register a checker for one exercise and make it report friendly feedback.

    Parameters
    ----------
    chapter : str
        Chapter stem, e.g. ``"00_welcome"``.
    name : str
        Exercise name, a Python identifier, unique inside the chapter.
    title : str
        Title shown in the feedback, e.g. ``"Rheobase of the LIF neuron"``.

    Returns
    -------
    decorator : callable
        Takes the checker function and returns a wrapper with the same signature that
        never raises (``KeyboardInterrupt`` excepted), prints the feedback and returns a
        :class:`CheckResult`. The wrapper has attributes ``chapter``, ``name``, ``title``
        and ``__wrapped__``.

    Raises
    ------
    ValueError
        If ``chapter`` is not a chapter stem, ``name`` is not an identifier or ``title`` is
        empty.

    Notes
    -----
    Registering the same chapter and name again (re-running a notebook cell, reloading a
    module) replaces the earlier checker and keeps its place in the order.
    """
    _validate_chapter(chapter)
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"exercise name must be a Python identifier, got {name!r}")
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"exercise title must be a non-empty str, got {title!r}")

    def decorator(check_function: Callable) -> Callable[..., CheckResult]:
        if not callable(check_function):
            raise TypeError(
                f"@exercise({chapter!r}, {name!r}) must decorate a function, "
                f"got {type(check_function).__name__}"
            )

        @functools.wraps(check_function)
        def run_check(*args, **kwargs) -> CheckResult:
            result = _run_check(check_function, chapter, name, title, args, kwargs)
            _report(result)
            return result

        run_check.chapter = chapter
        run_check.name = name
        run_check.title = title
        _REGISTRY.setdefault(chapter, {})[name] = _RegisteredExercise(
            chapter, name, title, run_check, check_function
        )
        return run_check

    return decorator


def registered_chapters() -> list[str]:
    """Return the chapters that have at least one registered exercise, sorted.

    Returns
    -------
    list of str
        Chapter stems, e.g. ``["00_welcome", "01_circuits"]``.
    """
    return sorted(chapter for chapter, exercises in _REGISTRY.items() if exercises)


def registered_exercises(chapter: str) -> list[str]:
    """Return the exercise names registered for a chapter, in definition order.

    Parameters
    ----------
    chapter : str
        Chapter stem, e.g. ``"00_welcome"``.

    Returns
    -------
    list of str
        Exercise names; empty if the chapter has none (or its module is not imported yet:
        see :func:`load_checker_modules`).
    """
    _validate_chapter(chapter)
    return list(_REGISTRY.get(chapter, {}))


def get_checker(chapter: str, name: str) -> Callable[..., CheckResult]:
    """Return the registered checker of one exercise.

    Parameters
    ----------
    chapter : str
        Chapter stem, e.g. ``"00_welcome"``.
    name : str
        Exercise name.

    Returns
    -------
    callable
        The wrapped checker; its ``title`` attribute holds the exercise title.

    Raises
    ------
    LookupError
        If no such exercise is registered; the message lists the registered ones.
    """
    _validate_chapter(chapter)
    exercises = _REGISTRY.get(chapter, {})
    if name not in exercises:
        known = ", ".join(exercises) or "none (is its checker module imported?)"
        raise LookupError(f"no exercise {name!r} is registered for chapter {chapter!r}; registered: {known}")
    return exercises[name].checker


def evaluate_check(chapter: str, name: str, *args, **kwargs) -> CheckResult:
    """Run a registered check and return its result, printing and logging nothing.

    This is how the grader decides a grade, in its checker process: the same verdict and
    message as the notebook's check cell, without the feedback line.

    Parameters
    ----------
    chapter, name : str
        The exercise.
    *args, **kwargs
        What the notebook's check cell passes (the student's functions, ``seed=``).

    Raises
    ------
    LookupError
        If no such exercise is registered.
    """
    get_checker(chapter, name)
    entry = _REGISTRY[chapter][name]
    return _run_check(entry.function, chapter, name, entry.title, args, kwargs)


def checker_side(*methods: str) -> Callable[[type], type]:
    """Mark a class whose instances stay in the checker process when a graded check runs.

    A checker that hands student code an object holding a hidden answer (a mystery neuron
    with its parameters) marks the object's class with this decorator. In a graded run the
    student's code then gets a proxy that can call only ``methods``; each call runs in the
    checker process, and the object's state never reaches the student's process.

    Parameters
    ----------
    *methods : str
        The public methods student code may call.
    """
    if not methods or not all(isinstance(method, str) and method.isidentifier() for method in methods):
        raise ValueError(f"checker_side needs method names, got {methods!r}")

    def decorate(cls: type) -> type:
        cls.__checker_side__ = tuple(methods)
        return cls

    return decorate


def checker_module_names(package: str = "neurocourse.checks") -> list[str]:
    """Return the names of the chapter checker modules in a package.

    Parameters
    ----------
    package : str
        Dotted name of the package holding the checker modules.

    Returns
    -------
    list of str
        Full dotted module names, sorted, leaving out private modules (leading ``_``).
    """
    package_module = importlib.import_module(package)
    return sorted(
        f"{package}.{info.name}"
        for info in pkgutil.iter_modules(package_module.__path__)
        if not info.name.startswith("_")
    )


def load_checker_modules(
    package: str = "neurocourse.checks", *, extra_modules: Iterable[str] = ()
) -> dict[str, BaseException]:
    """Import every chapter checker module, so that the registry knows all exercises.

    Parameters
    ----------
    package : str
        Dotted name of the package holding the checker modules.
    extra_modules : iterable of str
        Further modules to import (an instructor's own checks).

    Returns
    -------
    dict of str to Exception
        The modules that failed to import, with their error; empty when all imported.
    """
    failures: dict[str, BaseException] = {}
    for module_name in [*checker_module_names(package), *extra_modules]:
        try:
            importlib.import_module(module_name)
        except Exception as error:  # a broken chapter module must not stop the others
            failures[module_name] = error
    return failures


# --------------------------------------------------------------------------- running


def _join_message(message: str, hint: str | None) -> str:
    message = message.strip()
    if message and message[-1] not in ".?!:":
        message += "."
    if hint:
        hint = hint.strip()
        hint = hint[0].upper() + hint[1:]
        if hint[-1] not in ".?!":
            hint += "."
        return f"{message} Hint: {hint}"
    return message


def _run_check(check_function, chapter, name, title, args, kwargs) -> CheckResult:
    try:
        check_function(*args, **kwargs)
    except NotImplementedError:
        return CheckResult(chapter, name, title, NOT_ATTEMPTED, _NOT_ATTEMPTED_MESSAGE)
    except CheckFailed as failure:
        return CheckResult(chapter, name, title, FAILED, failure.feedback)
    except (Exception, SystemExit) as error:
        if _chain_contains(error, NotImplementedError):
            return CheckResult(chapter, name, title, NOT_ATTEMPTED, _NOT_ATTEMPTED_MESSAGE)
        if isinstance(error, TypeError) and error.__traceback__.tb_next is None:
            # The checker itself could not be called with these arguments.
            try:
                signature = str(inspect.signature(check_function))
            except (TypeError, ValueError):
                signature = "(...)"
            message = _join_message(
                f"the check was called the wrong way ({_one_line(error)})",
                f"call it as in the notebook's check cell: `{name}{signature}`, passing your "
                "function itself (without parentheses)",
            )
            return CheckResult(chapter, name, title, FAILED, message)
        student_files = _student_code_files([*args, *kwargs.values()])
        message, hint = _describe_exception(
            error, student_files, checker_code=getattr(check_function, "__code__", None)
        )
        return CheckResult(chapter, name, title, FAILED, _join_message(message, hint))
    return CheckResult(chapter, name, title, PASSED, _PASSED_MESSAGE)


def _chain_contains(error: BaseException, kind: type) -> bool:
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _report(result: CheckResult) -> None:
    print(result.feedback, flush=True)
    log_path = os.environ.get(CHECK_LOG_ENV)
    if log_path:
        try:
            with open(log_path, "a", encoding="utf-8") as log_file:
                log_file.write(json.dumps(result.to_dict()) + "\n")
        except OSError as error:
            print(
                f"(the check result could not be written to {CHECK_LOG_ENV}={log_path}: {error})",
                file=sys.stderr,
            )


def _student_code_files(objects: Sequence[Any]) -> set[str]:
    """Source files of the functions the student handed to a checker."""
    files = set()
    for candidate in objects:
        if isinstance(candidate, functools.partial):
            candidate = candidate.func
        candidate = inspect.unwrap(candidate) if callable(candidate) else candidate
        code = getattr(candidate, "__code__", None) or getattr(
            getattr(candidate, "__func__", None), "__code__", None
        )
        if code is not None:
            files.add(code.co_filename)
    return files


_EXCEPTION_HINTS = {
    "ZeroDivisionError": "you divided by zero: check the denominator, and whether a "
    "variable you divide by is still 0.",
    "UnboundLocalError": "a variable is used before it gets a value inside your function.",
    "NameError": "a name is not defined: is it spelt the same everywhere, and did you run the cells above?",
    "IndexError": "an index is out of range: Python counts from 0, so the last index of `x` is `len(x) - 1`.",
    "KeyError": "a key is missing from a dict: print its keys with `list(d)`.",
    "AttributeError": "an object has no attribute of that name: check the spelling and the "
    "type of the object (print `type(x)`).",
    "TypeError": "check the types of the values you combine and the arguments you pass "
    "(a number, an array, a function?).",
    "ValueError": "check the shapes and values of your arrays (print `x.shape`).",
    "OverflowError": "a number grew too large: check the time step and the units.",
    "FloatingPointError": "a floating-point operation failed: check for division by zero or overflow.",
    "RecursionError": "your function calls itself without end.",
    "SystemExit": "do not call `exit()` or `sys.exit()` in an exercise; return a value instead.",
}
_GENERIC_HINT = "read the error message, then test your code on a small input you can check by hand."


def _one_line(text: str, limit: int = _MAX_ERROR_TEXT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Hints for errors recognised by their message, checked before the hints by type.
_MESSAGE_HINTS = (
    (
        "different signs",
        "a root finder such as brentq needs a bracket [a, b] in which the function changes sign: "
        "print the function at a and at b, and move or widen the bracket until the two values "
        "have opposite signs.",
    ),
)


def _hint_for(error: BaseException) -> str:
    text = str(error)
    for fragment, hint in _MESSAGE_HINTS:
        if fragment in text:
            return hint
    for kind in type(error).__mro__:
        if kind.__name__ in _EXCEPTION_HINTS:
            return _EXCEPTION_HINTS[kind.__name__]
    return _GENERIC_HINT


def _describe_exception(
    error: BaseException,
    student_files: set[str],
    *,
    blame_student: bool | None = None,
    checker_code=None,
) -> tuple[str, str]:
    """Return (message, hint) naming an exception in one line, without a traceback.

    The exception is blamed on the student's code when a traceback frame lies in one of
    ``student_files`` (other than the checker's own code ``checker_code`` and this
    module), or when ``blame_student`` says so; otherwise on checking the answer.
    """
    kind = type(error).__name__
    text = _one_line(error)
    described = f"{kind}: {text}" if text else kind
    location = None
    if student_files:
        student_frames = [
            (frame, lineno)
            for frame, lineno in traceback.walk_tb(error.__traceback__)
            if frame.f_code.co_filename in student_files
            and frame.f_code is not checker_code
            and frame.f_code.co_filename != __file__
        ]
        if student_frames:
            frame, lineno = student_frames[-1]
            line = _one_line(linecache.getline(frame.f_code.co_filename, lineno), 80)
            location = f"in `{frame.f_code.co_name}`, line {lineno}" + (f": `{line}`" if line else "")
    if location is None and getattr(error, "student_location", None):
        # An error of the student's code rebuilt by the grader's checker process.
        location = str(error.student_location)
    if blame_student is None:
        blame_student = location is not None or not student_files
    if blame_student:
        message = f"your code raised {described}" + (f" ({location})" if location else "")
        return message, _hint_for(error)
    message = f"checking your answer raised {described}"
    hint = (
        "this usually means your answer has an unexpected type or shape: compare it with what "
        "the exercise asks for."
    )
    return message, hint


# --------------------------------------------------------------------------- comparing


def _kind_of(value) -> str:
    """A short description of the kind of a value, for messages."""
    if value is None:
        return "None"
    if isinstance(value, (bool, np.bool_)):
        return "a bool (True/False)"
    if isinstance(value, str):
        return "text (a str)"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return "a single number (a 0-d array)"
        return f"an array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        return "a complex number"
    if isinstance(value, numbers.Number):
        return "a single number"
    if callable(value):
        return "a function (did you forget to call it, with parentheses?)"
    return f"an object of type {type(value).__name__}"


def _reference_array(reference, name: str) -> np.ndarray:
    try:
        array = np.asarray(reference)
    except Exception as error:
        raise TypeError(f"the reference for {name!r} cannot be read as an array: {error}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"compare_values needs a numeric, bool, str or None reference for {name!r}, "
            f"got {type(reference).__name__} with dtype {array.dtype}"
        )
    return array


def _is_real_number(value) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind in "iuf"
    return isinstance(value, numbers.Real)


def _student_scalar(student, label: str) -> float:
    if _is_real_number(student):
        return float(student)
    message = f"{label} should be a single number, but it is {_kind_of(student)}"
    hint = None
    if isinstance(student, np.ndarray) and student.size == 1:
        hint = "take the number out of the array with `.item()` or `float(x)`."
    elif isinstance(student, str):
        hint = "remove the quotes: a number is written without them."
    elif isinstance(student, (np.ndarray, list, tuple)):
        hint = "the exercise asks for one number; did you return the whole array?"
    elif callable(student):
        hint = None
    raise CheckFailed(message, hint=hint)


def _student_array(student, reference: np.ndarray, label: str) -> np.ndarray:
    if _is_real_number(student):
        raise CheckFailed(
            f"{label} should be an array of shape {reference.shape}, but it is a single number",
            hint="return the whole array, not one element or a summary of it.",
        )
    if isinstance(student, str) or callable(student) or student is None:
        raise CheckFailed(
            f"{label} should be an array of shape {reference.shape}, but it is {_kind_of(student)}"
        )
    try:
        array = np.asarray(student)
    except Exception:
        raise CheckFailed(
            f"{label} cannot be read as an array of numbers (it is {_kind_of(student)})",
            hint="build it with `np.array(...)` or `np.zeros(...)` and fill it with numbers.",
        ) from None
    if array.dtype.kind not in "biuf":
        raise CheckFailed(
            f"{label} should be an array of numbers, but its elements are of type {array.dtype}",
            hint="check that every element is a number (not None, a str or a list).",
        )
    if array.shape != reference.shape:
        raise CheckFailed(
            f"{label} has the wrong shape: expected shape {reference.shape}, got {array.shape}",
            hint=_shape_hint(array.shape, reference.shape),
        )
    return array


def _shape_hint(got: tuple, expected: tuple) -> str:
    squeezed_got = tuple(n for n in got if n != 1)
    squeezed_expected = tuple(n for n in expected if n != 1)
    if squeezed_got == squeezed_expected:
        return "an axis of length 1 is extra or missing: use `.ravel()`, `.squeeze()` or `[:, None]`."
    if len(got) == len(expected) == 2 and got == expected[::-1]:
        return "the axes are swapped: transpose with `.T` (the course keeps time on the last axis)."
    if len(got) == len(expected) and sum(g != e for g, e in zip(got, expected, strict=True)) == 1:
        for g, e in zip(got, expected, strict=True):
            if g != e and abs(g - e) == 1:
                return (
                    "one element too many or too few along an axis: check where your time axis "
                    "starts and ends (`np.arange` leaves out its stop value)."
                )
    return "print `x.shape` and compare it with what the exercise asks for."


def _unit_hint(unit: str | None) -> str:
    if unit:
        return (
            f"check the units: the answer should be in {unit} (ms vs s and mV vs V are the usual suspects)."
        )
    return "check the units (ms vs s and mV vs V are the usual suspects)."


def _power_of_ten_text(exponent: int) -> str:
    return str(10**exponent) if exponent <= 4 else f"10^{exponent}"


def _factor_diagnosis(student: np.ndarray, reference: np.ndarray, label: str, unit: str | None):
    """(message, hint) if student is a recognisable multiple of reference, else None."""
    both = np.isfinite(student) & np.isfinite(reference) & (reference != 0)
    if not both.any():
        return None
    ratios = student[both] / reference[both]
    ratio = float(np.median(ratios))
    if not math.isfinite(ratio) or ratio == 0:
        return None
    if not np.allclose(ratios, ratio, rtol=1e-3, atol=0.0):
        return None
    zero_reference = np.isfinite(reference) & (reference == 0)
    if not np.allclose(student[zero_reference], 0.0, rtol=0.0, atol=1e-12):
        return None
    if np.isclose(ratio, -1.0, rtol=1e-3):
        return (
            f"{label} has the wrong sign",
            "check the order of a subtraction (e.g. `v - E_L` vs `E_L - v`) and the sign "
            "convention of currents.",
        )
    size = abs(ratio)
    direction = "too large" if size > 1 else "too small"
    sign_note = " and has the wrong sign" if ratio < 0 else ""
    exponent = round(math.log10(size))
    if exponent != 0 and math.isclose(size, 10.0**exponent, rel_tol=1e-2):
        times = _power_of_ten_text(abs(exponent))
        hint = (
            _unit_hint(unit) if abs(exponent) >= 3 else ("check the units and for a misplaced factor of ten.")
        )
        return f"{label} is about {times} times {direction}{sign_note}", hint
    for factor, text, hint in (
        (2.0, "2", "look for a missing or extra factor of 2."),
        (2.0 * math.pi, "2π", "check for 2π: a frequency in Hz vs an angular frequency in rad/s."),
    ):
        if math.isclose(size, factor, rel_tol=1e-2) or math.isclose(size, 1.0 / factor, rel_tol=1e-2):
            return f"{label} is off by a factor of about {text} ({direction}){sign_note}", hint
    return None


def _scalar_diagnosis(student: float, reference: float, label: str, unit: str | None, rtol, atol):
    if student == 0.0 and reference != 0.0:
        return f"{label} is zero", "check that you return the computed value, not its initial value."
    factor = _factor_diagnosis(np.array([student]), np.array([reference]), label, unit)
    if factor is not None:
        return factor
    direction = "too large" if student > reference else "too small"
    if reference != 0.0:
        relative_error = abs(student - reference) / abs(reference)
        if relative_error < 0.01:
            return (
                f"{label} is close, but slightly {direction} (off by less than 1 %)",
                "check rounding, the time step and loops that stop one step early or late.",
            )
        if relative_error < 0.1:
            return (
                f"{label} is {direction}, by a few percent",
                "check the constants in your formula and the time step.",
            )
    return f"{label} is {direction}", "check your formula against the one in the text, term by term."


def _array_diagnosis(
    student: np.ndarray,
    reference: np.ndarray,
    close: np.ndarray,
    label: str,
    unit: str | None,
    rtol: float,
    atol: float,
):
    n_wrong = int(np.count_nonzero(~close))
    total = close.size
    if not np.any(student) and np.any(reference):
        return f"{label} is all zeros", "check that you fill the array and return the filled array."
    factor = _factor_diagnosis(student, reference, label, unit)
    if factor is not None:
        return factor
    if student.ndim >= 1 and student.shape[-1] > 2:

        def matches(a, b):
            return bool(np.all(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)))

        if matches(student[..., ::-1], reference):
            return f"{label} is in reverse order", "check the direction of your loop or of the axis."
        if matches(student[..., 1:], reference[..., :-1]) or matches(student[..., :-1], reference[..., 1:]):
            return (
                f"{label} is shifted by one step along its last axis",
                "check where your loop starts and whether you record before or after the update.",
            )
    first = np.unravel_index(int(np.argmax(~close)), close.shape)
    first_text = str(int(first[0])) if len(first) == 1 else str(tuple(int(i) for i in first))
    wrong_student = student[~close]
    wrong_reference = reference[~close]
    them = "it is" if n_wrong == 1 else "all of them are"
    direction = ""
    if np.all(wrong_student > wrong_reference):
        direction = f"; {them} too large"
    elif np.all(wrong_student < wrong_reference):
        direction = f"; {them} too small"
    verb = "differs" if n_wrong == 1 else "differ"
    message = (
        f"{label}: {n_wrong} of {total} elements {verb} from the expected values "
        f"(the first at index {first_text}){direction}"
    )
    if n_wrong <= max(1, total // 100):
        hint = "most values are right: look at the first or last step, or at a special case."
    else:
        hint = "check your formula against the one in the text, then the loop and its indices."
    return message, hint


def compare_values(
    student,
    reference,
    *,
    name: str,
    unit: str | None = None,
    rtol: float = 1e-6,
    atol: float = 0.0,
) -> None:
    """Compare a student's answer with the reference, or raise a specific :class:`CheckFailed`.

    The checks run in order: kind (``None``, number, array, text), shape, NaN and infinity,
    then the values within ``|student - reference| <= atol + rtol * |reference|``. A wrong
    value is described by how it is wrong (too large, a factor of 1000, the wrong sign,
    how many elements differ), never by the reference value itself.

    Parameters
    ----------
    student : object
        The student's answer: a number, an array (lists are accepted), a bool, a str or None.
    reference : number, array_like, bool, str or None
        The expected answer.
    name : str
        What the answer is called in the message, e.g. ``"rheobase"``.
    unit : str, optional
        Unit of the answer, used in the hint about unit mistakes, e.g. ``"nA"``.
    rtol : float
        Relative tolerance, >= 0.
    atol : float
        Absolute tolerance (in ``unit``), >= 0.

    Raises
    ------
    CheckFailed
        If the answer is of the wrong kind or shape, not finite where the reference is, or
        outside the tolerance.
    TypeError
        If ``reference`` is of an unsupported type (a bug in the checker, not the answer).
    ValueError
        If ``name`` is empty or a tolerance is negative or not finite.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"compare_values needs a non-empty name (a str), got {name!r}")
    for tolerance_name, tolerance in (("rtol", rtol), ("atol", atol)):
        if not _is_real_number(tolerance) or not math.isfinite(tolerance) or tolerance < 0:
            raise ValueError(f"{tolerance_name} must be a finite number >= 0, got {tolerance!r}")
    label = f"`{name}`"

    if reference is None:
        if student is not None:
            raise CheckFailed(f"{label} should be None, but it is {_kind_of(student)}")
        return
    if student is None:
        raise CheckFailed(
            f"{label} is None", hint="did you forget `return`? A function without `return` gives None."
        )
    if isinstance(reference, str):
        if not isinstance(student, str):
            raise CheckFailed(f"{label} should be text (a str), but it is {_kind_of(student)}")
        if student.strip() != reference.strip():
            raise CheckFailed(
                f"{label} is not the expected text", hint="check the spelling and the wording asked for."
            )
        return
    if isinstance(reference, (bool, np.bool_)):
        if not isinstance(student, (bool, np.bool_)):
            raise CheckFailed(f"{label} should be True or False, but it is {_kind_of(student)}")
        if bool(student) != bool(reference):
            raise CheckFailed(
                f"{label} is not the expected truth value",
                hint="reread the question and the condition you test.",
            )
        return

    reference_array = _reference_array(reference, name)
    if reference_array.ndim == 0:
        student_array = np.asarray(_student_scalar(student, label), dtype=float)
    else:
        student_array = _student_array(student, reference_array, label)
    if reference_array.dtype.kind == "b" and student_array.dtype.kind == "b":
        wrong = student_array != reference_array
        if np.any(wrong):
            first = np.unravel_index(int(np.argmax(wrong)), wrong.shape)
            raise CheckFailed(
                f"{label}: {int(np.count_nonzero(wrong))} of {wrong.size} entries are wrong "
                f"(the first at index {first[0] if len(first) == 1 else tuple(int(i) for i in first)})",
                hint="check the condition that sets each entry.",
            )
        return

    student_values = student_array.astype(float)
    reference_values = reference_array.astype(float)
    student_nan = np.isnan(student_values) & ~np.isnan(reference_values)
    if np.any(student_nan):
        where = ""
        if student_values.ndim > 0:
            where = f" ({int(np.count_nonzero(student_nan))} of {student_nan.size} elements)"
        raise CheckFailed(
            f"{label} contains NaN (not a number){where}",
            hint="NaN comes from 0/0, inf - inf, the log or square root of a negative number, "
            "or from a NaN input.",
        )
    missing_nan = np.isnan(reference_values) & ~np.isnan(student_values)
    if np.any(missing_nan):
        raise CheckFailed(
            f"{label} has numbers where the result is undefined (NaN expected)",
            hint="where a quantity cannot be computed (e.g. no spikes), return `np.nan`.",
        )
    student_inf = np.isinf(student_values) & ~np.isinf(reference_values)
    if np.any(student_inf):
        raise CheckFailed(
            f"{label} contains inf (infinity)",
            hint="look for a division by zero or a value that grows without bound (the time step?).",
        )
    close = np.isclose(student_values, reference_values, rtol=rtol, atol=atol, equal_nan=True)
    if np.all(close):
        return
    if reference_values.ndim == 0:
        message, hint = _scalar_diagnosis(
            float(student_values), float(reference_values), label, unit, rtol, atol
        )
    else:
        message, hint = _array_diagnosis(student_values, reference_values, close, label, unit, rtol, atol)
    raise CheckFailed(message, hint=hint)


def _format_input(value) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= 6:
            return np.array2string(value, separator=", ").replace("\n", "")
        return f"<array of shape {value.shape}>"
    if isinstance(value, (list, tuple)) and len(value) > 6:
        return f"<{type(value).__name__} of {len(value)} items>"
    if isinstance(value, np.generic):
        value = value.item()
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    text = repr(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _format_call(name: str, args: Sequence, kwargs: Mapping) -> str:
    parts = [_format_input(arg) for arg in args]
    parts += [f"{key}={_format_input(value)}" for key, value in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _split_case(case, name: str) -> tuple[tuple, dict]:
    if isinstance(case, Mapping):
        return (), dict(case)
    if isinstance(case, (tuple, list)):
        return tuple(case), {}
    raise TypeError(
        f"check_function_cases for {name!r}: each case must be a tuple of positional "
        f"arguments or a dict of keyword arguments, got {type(case).__name__}"
    )


def check_function_cases(
    student_fn: Callable,
    reference_fn: Callable,
    cases: Sequence,
    *,
    name: str,
    unit: str | None = None,
    rtol: float = 1e-6,
    atol: float = 0.0,
) -> None:
    """Call the student's function and the reference on hidden cases and compare the results.

    Each case is run on fresh (deep) copies of its inputs, so a function that changes its
    arguments in place cannot spoil the next call. The first failing case is reported with
    its inputs (which are fine to show) but without the reference output.

    Parameters
    ----------
    student_fn : callable
        The student's function.
    reference_fn : callable
        The reference implementation.
    cases : sequence of tuple or dict
        Inputs: a tuple of positional arguments or a dict of keyword arguments per case.
    name : str
        Function name used in the messages, e.g. ``"lif_step"``.
    unit : str, optional
        Unit of the result, used in the hint about unit mistakes.
    rtol, atol : float
        Tolerances passed to :func:`compare_values`.

    Raises
    ------
    NotImplementedError
        If the student's function is still the stub (reported as "not attempted").
    CheckFailed
        If the student's function is not callable, raises on a case, or returns a wrong
        result; the message names the case's inputs.
    TypeError
        If a case is neither a tuple nor a dict (a bug in the checker).
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"check_function_cases needs a non-empty name (a str), got {name!r}")
    if not callable(student_fn):
        raise CheckFailed(
            f"`{name}` should be a function, but it is {_kind_of(student_fn)}",
            hint=f"pass the function itself, `{name}`, without calling it.",
        )
    if len(cases) == 0:
        raise ValueError(f"check_function_cases for {name!r} needs at least one case")
    student_files = _student_code_files([student_fn])
    for case in cases:
        args, kwargs = _split_case(case, name)
        call_text = _format_call(name, args, kwargs)
        expected = reference_fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        try:
            answer = student_fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except NotImplementedError:
            raise
        except Exception as error:
            if _chain_contains(error, NotImplementedError):
                raise NotImplementedError from error
            message, hint = _describe_exception(error, student_files, blame_student=True)
            message = message.replace("your code raised", f"`{call_text}` raised", 1)
            raise CheckFailed(message, hint=hint) from None
        compare_values(answer, expected, name=call_text, unit=unit, rtol=rtol, atol=atol)


def require_function(candidate, name: str, *, module: str, exercise: str | None = None) -> None:
    """Fail with a hint when the student passed a value instead of their function ``name``.

    Parameters
    ----------
    candidate : object
        What the check cell passed.
    name : str
        The student's function, as the exercise names it.
    module : str
        The chapter's checker module (``"circuits"``), for the hint's check call.
    exercise : str, optional
        The checker's name when it differs from ``name``.
    """
    if not callable(candidate):
        raise CheckFailed(
            f"pass your function itself, `{name}`, not its result",
            hint=f"write `nc.checks.{module}.{exercise or name}({name})`.",
        )


def outputs_on_cases(student_function, cases):
    """Return the student's outputs on every case as float arrays, or None if a call fails.

    Each case is passed as a deep copy, so a function that changes its arguments cannot change
    the checker's cases; ``NotImplementedError`` (the stub) propagates, any other error gives
    None, and :func:`check_function_cases` then explains it with the case shown.
    """
    outputs = []
    for args in cases:
        try:
            with np.errstate(all="ignore"):
                value = np.asarray(student_function(*copy.deepcopy(args)), dtype=float)
        except NotImplementedError:
            raise
        except Exception:
            return None
        outputs.append(value)
    return outputs
