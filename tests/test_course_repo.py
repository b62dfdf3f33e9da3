"""The real course chapters stay consistent: generated, built, checkable, runnable.

Parametrised over ``solutions/NN_topic.py`` of this repository; skipped while there are
none. For each chapter:

(a) ``neurocourse assign --check`` passes (exercises/ is up to date);
(b) ``neurocourse build --check`` passes (committed .ipynb inputs equal their .py sources
    and carry the python3 kernelspec), for every lecture of notebooks/ as well;
(c) grading reports every exercise "not attempted" on the generated exercises notebook and
    "passed" on the solutions notebook;
(d) the exercises notebook runs top to bottom without an error (checked in the same run
    as (c)).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from neurocourse.checks import load_checker_modules, registered_exercises
from neurocourse.course.cli import main
from neurocourse.course.grade import Submission, grade_notebook
from neurocourse.course.notebooks import CHAPTER_STEM

# The course checked: this repository, or another course folder named by the variable
# NEUROCOURSE_TEST_COURSE_ROOT (to try the tests on a scratch copy before committing).
REPO = Path(os.environ.get("NEUROCOURSE_TEST_COURSE_ROOT") or Path(__file__).resolve().parents[1])
CHAPTERS = sorted(path.stem for path in (REPO / "solutions").glob("*.py") if CHAPTER_STEM.match(path.stem))
LECTURES = sorted(path.stem for path in (REPO / "notebooks").glob("*.py") if CHAPTER_STEM.match(path.stem))
chapters = pytest.mark.parametrize(
    "chapter",
    CHAPTERS or [pytest.param(None, marks=pytest.mark.skip(reason="no chapters in solutions/ yet"))],
)
lectures = pytest.mark.parametrize(
    "chapter",
    LECTURES or [pytest.param(None, marks=pytest.mark.skip(reason="no lectures in notebooks/ yet"))],
)


@pytest.fixture(scope="module")
def checker_modules():
    failures = load_checker_modules()
    assert not failures, f"checker modules failed to import: {failures}"


@chapters
def test_exercises_are_up_to_date(chapter, capsys):
    status = main(["assign", "--check", chapter, "--course-root", str(REPO)])
    assert status == 0, capsys.readouterr().out


@chapters
def test_committed_notebooks_match_their_sources(chapter, capsys):
    status = main(["build", "--check", chapter, "--course-root", str(REPO)])
    assert status == 0, capsys.readouterr().out


@lectures
def test_lecture_notebooks_match_their_sources(chapter, capsys):
    # (b) for lectures too, including chapters that have no exercises yet.
    status = main(["build", "--check", chapter, "--course-root", str(REPO)])
    assert status == 0, capsys.readouterr().out


@pytest.mark.slow  # runs the chapter's notebook on a kernel
@chapters
def test_exercises_notebook_runs_cleanly_and_nothing_is_attempted(chapter, checker_modules):
    notebook = REPO / "exercises" / f"{chapter}.ipynb"
    if not notebook.is_file():
        pytest.fail(f"exercises/{chapter}.ipynb is missing: run `neurocourse assign`")
    grade = grade_notebook(Submission(notebook, "student"))
    assert grade.error is None, grade.error
    assert grade.chapter == chapter
    errors = "\n".join(grade.cell_errors)
    assert grade.cell_errors == (), f"the student notebook must run without an error:\n{errors}"
    assert [outcome.name for outcome in grade.outcomes] == registered_exercises(chapter)
    assert grade.outcomes, f"chapter {chapter} registers no exercises"
    wrong = {outcome.name: outcome.message for outcome in grade.outcomes if outcome.status != "not attempted"}
    assert not wrong, f"expected every exercise 'not attempted': {wrong}"


@pytest.mark.slow  # runs the chapter's notebook on a kernel
@chapters
def test_solutions_notebook_passes_every_check(chapter, checker_modules):
    notebook = REPO / "solutions" / f"{chapter}.ipynb"
    if not notebook.is_file():
        pytest.fail(f"solutions/{chapter}.ipynb is missing: run `neurocourse build {chapter}`")
    grade = grade_notebook(Submission(notebook, "instructor"))
    assert grade.error is None, grade.error
    assert grade.chapter == chapter
    assert grade.outcomes, f"chapter {chapter} registers no exercises"
    failing = {
        outcome.name: f"{outcome.status}: {outcome.message}"
        for outcome in grade.outcomes
        if outcome.status != "passed"
    }
    assert not failing, f"the solutions must pass every check: {failing}"
