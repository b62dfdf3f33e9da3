"""Course tooling behind the ``neurocourse`` command: build, assign, check, export-nbgrader, lab.

This subpackage handles notebooks and kernels, not models. Its modules:

- :mod:`~neurocourse.course.notebooks`: finding the course, reading jupytext sources,
  running a notebook on a fresh ``python3`` kernel;
- :mod:`~neurocourse.course.build`: execute lecture and solution notebooks, or check that
  the committed ``.ipynb`` inputs equal their sources;
- :mod:`~neurocourse.course.assign`: generate the student notebooks from the solutions;
- :mod:`~neurocourse.course.grade`: grade submissions, with results their code cannot forge:
  :mod:`~neurocourse.course.sandbox` (bubblewrap or plain limited processes),
  :mod:`~neurocourse.course.notebook_runner` (the sandboxed notebook run),
  :mod:`~neurocourse.course.extract` (each exercise's code),
  :mod:`~neurocourse.course.checker_process` and :mod:`~neurocourse.course.student_process`
  (the verdict, outside the student's kernel) and :mod:`~neurocourse.course.rpc` (their calls);
- :mod:`~neurocourse.course.nbgrader`: a chapter's solutions with nbgrader's cell metadata;
- :mod:`~neurocourse.course.lab`: copy the course into a workspace and open JupyterLab;
- :mod:`~neurocourse.course.errors`: the errors and the exit status each maps to;
- :mod:`~neurocourse.course.cli`: the command line (``neurocourse --help``).
"""

from __future__ import annotations

from .._lazy import attach

# The submodules load on first use, so that ``neurocourse --help`` does not pay for
# importing nbformat, nbclient and jupytext.
__getattr__, __dir__, __all__ = attach(
    __name__,
    submod_attrs={
        "errors": ["CourseError", "CourseUsageError"],
        "notebooks": ["find_course_root"],
        "assign": ["assign_exercises", "check_assignments", "exercise_notebook"],
        "build": ["build_notebooks", "check_build"],
        "grade": ["grade_notebook", "grade_notebooks", "write_grades_csv"],
        "nbgrader": ["export_nbgrader"],
        "lab": ["prepare_workspace"],
        "cli": ["main"],
    },
)
