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

import importlib

from ._framework import (
    CHECK_LOG_ENV,
    CHECK_STATUSES,
    CheckFailed,
    CheckResult,
    check_function_cases,
    checker_module_names,
    compare_values,
    exercise,
    get_checker,
    load_checker_modules,
    registered_chapters,
    registered_exercises,
)

__all__ = [
    "CHECK_LOG_ENV",
    "CHECK_STATUSES",
    "CheckFailed",
    "CheckResult",
    "check_function_cases",
    "checker_module_names",
    "compare_values",
    "exercise",
    "get_checker",
    "load_checker_modules",
    "registered_chapters",
    "registered_exercises",
]


def __getattr__(name: str):
    # Chapter checker modules load lazily: ``nc.checks.welcome`` imports
    # ``neurocourse.checks.welcome`` on first use.
    if name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module_name = f"{__name__}.{name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        available = ", ".join(full.rsplit(".", 1)[1] for full in checker_module_names(__name__))
        raise AttributeError(
            f"neurocourse.checks has no chapter checker module {name!r}; "
            f"available: {available or 'none yet'}"
        ) from None
    globals()[name] = module
    return module


def __dir__():
    chapters = [full.rsplit(".", 1)[1] for full in checker_module_names(__name__)]
    return sorted(set(globals()) | set(chapters))
