"""Exercise checkers: one module per chapter, on a small shared framework.

In a notebook, a check cell calls the chapter's checker with the student's answer::

    import neurocourse as nc
    nc.checks.welcome.rheobase(rheobase)

and prints one line of feedback: passed, not attempted yet, or what is wrong and a hint,
without showing the solution. Chapter modules (``welcome`` for ``00_welcome``,
``circuits`` for ``01_circuits``, ...) are imported on first use; each registers its
checkers with :func:`exercise`, keyed by the chapter stem, so that ``neurocourse check``
finds every exercise of a chapter through :func:`registered_exercises` after
:func:`load_checker_modules`.
"""

from __future__ import annotations

from .._lazy import attach
from ._framework import (
    CHECK_LOG_ENV,
    CHECK_STATUSES,
    FAILED,
    NOT_ATTEMPTED,
    PASSED,
    CheckFailed,
    CheckResult,
    check_function_cases,
    checker_module_names,
    checker_side,
    compare_values,
    evaluate_check,
    exercise,
    get_checker,
    load_checker_modules,
    registered_chapters,
    registered_exercises,
)
from ._variants import (
    SECRET_ENV,
    SECRET_FILE_ENV,
    SELF_STUDY_SECRET,
    course_secret,
    seed_text,
    using_self_study_secret,
    variant_rng,
)

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
    # per-student variants
    "SECRET_ENV",
    "SECRET_FILE_ENV",
    "SELF_STUDY_SECRET",
    "course_secret",
    "seed_text",
    "using_self_study_secret",
    "variant_rng",
]


# Chapter checker modules (``welcome``, ``circuits``, ...) load on first use:
# ``nc.checks.welcome`` imports ``neurocourse.checks.welcome``.
__getattr__, __dir__, __all__ = attach(
    __name__,
    submodules=[full.rsplit(".", 1)[1] for full in checker_module_names(__name__)],
    eager=__all__,
)
