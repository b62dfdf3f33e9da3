"""Course tooling behind the ``neurocourse`` command: build, assign, check and lab.

This subpackage handles notebooks and kernels, not models. Its modules:

- :mod:`~neurocourse.course.notebooks`: finding the course, reading jupytext sources,
  running a notebook on a fresh ``python3`` kernel;
- :mod:`~neurocourse.course.build`: execute lecture and solution notebooks, or check that
  the committed ``.ipynb`` inputs equal their sources;
- :mod:`~neurocourse.course.assign`: generate the student notebooks from the solutions;
- :mod:`~neurocourse.course.grade`: run student notebooks and grade their exercises;
- :mod:`~neurocourse.course.lab`: copy the course into a workspace and open JupyterLab;
- :mod:`~neurocourse.course.errors`: the errors and the exit status each maps to;
- :mod:`~neurocourse.course.cli`: the command line (``neurocourse --help``).
"""

from __future__ import annotations

import importlib

# Where each public name lives. The submodules load on first use, so that
# ``neurocourse --help`` does not pay for importing nbformat, nbclient and jupytext.
_EXPORTS = {
    "CourseError": "errors",
    "CourseUsageError": "errors",
    "find_course_root": "notebooks",
    "assign_exercises": "assign",
    "check_assignments": "assign",
    "exercise_notebook": "assign",
    "build_notebooks": "build",
    "check_build": "build",
    "grade_notebook": "grade",
    "grade_notebooks": "grade",
    "write_grades_csv": "grade",
    "prepare_workspace": "lab",
    "main": "cli",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
