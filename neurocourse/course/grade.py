"""``neurocourse check``: run student notebooks and report every exercise's status.

Each notebook runs on a fresh ``python3`` kernel, on a temporary copy in a temporary
folder (the student's file is never touched and nothing is written next to it), with
``allow_errors`` so that one broken cell does not stop the grading of later ones, a time
limit per cell, and ``NEUROCOURSE_CHECK_LOG`` pointing to a temporary file in which every
check cell appends its result (see :mod:`neurocourse.checks._framework`).

A notebook maps to its chapter through ``metadata["neurocourse"]["chapter"]`` (written by
``neurocourse assign``), or else the start of its file name (``00_welcome...``); the
chapter maps to its exercises through the checker registry, filled by importing every
module of :mod:`neurocourse.checks`. An exercise whose check never reported is failed with
the reason (the kernel died, a cell before it failed, the check cell was deleted).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..checks._framework import (
    CHECK_LOG_ENV,
    FAILED,
    NOT_ATTEMPTED,
    PASSED,
    get_checker,
    load_checker_modules,
    registered_chapters,
    registered_exercises,
)
from .notebooks import (
    CHAPTER_STEM,
    CourseUsageError,
    cell_label,
    display_path,
    read_notebook,
    run_notebook,
    strip_ansi,
)

__all__ = [
    "DEFAULT_CELL_TIMEOUT",
    "ExerciseOutcome",
    "NotebookGrade",
    "Submission",
    "find_submissions",
    "format_grade",
    "format_summary",
    "grade_notebook",
    "grade_notebooks",
    "notebook_chapter",
    "write_grades_csv",
]

#: Default time limit per cell when grading [s].
DEFAULT_CELL_TIMEOUT = 120.0

_STATUS_SYMBOLS = {PASSED: "✅", NOT_ATTEMPTED: "⏳", FAILED: "❌"}


@dataclasses.dataclass(frozen=True)
class Submission:
    """A notebook to grade.

    Attributes
    ----------
    path : Path
        The notebook file.
    student : str
        Student id: the subfolder of the submissions folder, or the file stem.
    """

    path: Path
    student: str


@dataclasses.dataclass(frozen=True)
class ExerciseOutcome:
    """The status of one exercise in one notebook.

    Attributes
    ----------
    name : str
        Exercise name.
    title : str
        Exercise title.
    status : str
        ``"passed"``, ``"not attempted"`` or ``"failed"``.
    message : str
        The checker's feedback, or why the check did not run.
    """

    name: str
    title: str
    status: str
    message: str


@dataclasses.dataclass(frozen=True)
class NotebookGrade:
    """The grading of one notebook.

    Attributes
    ----------
    path : Path
        The student's notebook.
    student : str
        Student id.
    chapter : str or None
        Chapter stem, None when it could not be told.
    outcomes : tuple of ExerciseOutcome
        One per exercise of the chapter, in the chapter's order.
    error : str or None
        Why the notebook could not be graded as a whole (unknown chapter, no exercises).
    seconds : float
        Wall time of the run [s].
    cell_errors : tuple of str
        One line per cell that raised an error while the notebook ran.
    """

    path: Path
    student: str
    chapter: str | None
    outcomes: tuple[ExerciseOutcome, ...]
    error: str | None = None
    seconds: float = 0.0
    cell_errors: tuple[str, ...] = ()

    @property
    def n_passed(self) -> int:
        """Number of passed exercises."""
        return sum(outcome.status == PASSED for outcome in self.outcomes)

    @property
    def total(self) -> int:
        """Number of exercises of the chapter."""
        return len(self.outcomes)

    @property
    def all_passed(self) -> bool:
        """Whether the notebook was graded and every exercise passed."""
        return self.error is None and self.total > 0 and self.n_passed == self.total

    def status_of(self, name: str) -> str | None:
        """Status of the exercise ``name``, None if the chapter has no such exercise."""
        for outcome in self.outcomes:
            if outcome.name == name:
                return outcome.status
        return None


def _student_from_file(path: Path) -> str:
    stem = path.stem
    if re.match(r"^\d{2}_", stem) and path.parent.name:
        return path.parent.resolve().name
    return stem


def find_submissions(paths: Sequence[str | os.PathLike]) -> list[Submission]:
    """Expand files and folders into the notebooks to grade.

    A folder is searched recursively for ``.ipynb`` files (checkpoints and hidden folders
    left out); the student id of ``submissions/alice/00_welcome.ipynb`` is ``alice`` and
    that of ``submissions/bob.ipynb`` is ``bob``. A file given directly is named by its
    stem, or by its folder when the stem is a chapter name.

    Parameters
    ----------
    paths : sequence of path
        Notebook files and folders of notebooks.

    Returns
    -------
    list of Submission
        Without duplicates, in the order given (folders sorted).

    Raises
    ------
    CourseUsageError
        If a path does not exist, a file is not an ``.ipynb``, or a folder holds none.
    """
    if not paths:
        raise CourseUsageError("give at least one notebook or folder of notebooks to check")
    submissions, seen = [], set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for notebook in sorted(path.rglob("*.ipynb")):
                relative = notebook.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                student = relative.parts[0] if len(relative.parts) > 1 else notebook.stem
                found.append(Submission(notebook, student))
            if not found:
                raise CourseUsageError(f"{raw}: this folder holds no notebooks (.ipynb files)")
            candidates = found
        elif path.is_file():
            if path.suffix != ".ipynb":
                raise CourseUsageError(f"{raw}: not a notebook (expected an .ipynb file)")
            candidates = [Submission(path, _student_from_file(path))]
        else:
            raise CourseUsageError(f"{raw}: no such file or folder")
        for submission in candidates:
            key = submission.path.resolve()
            if key not in seen:
                seen.add(key)
                submissions.append(submission)
    return submissions


def notebook_chapter(notebook, path: Path, known_chapters: Iterable[str]) -> str | None:
    """Tell which chapter a notebook belongs to.

    Parameters
    ----------
    notebook : NotebookNode
        The notebook.
    path : Path
        Its file.
    known_chapters : iterable of str
        Chapters with registered exercises.

    Returns
    -------
    str or None
        ``metadata["neurocourse"]["chapter"]`` if present, else the known chapter the file
        stem starts with (``00_welcome_alice`` → ``00_welcome``), else the only known
        chapter with the stem's two-digit prefix; None if none of these applies.
    """
    metadata = notebook.get("metadata", {}).get("neurocourse", {})
    chapter = metadata.get("chapter") if isinstance(metadata, dict) else None
    if isinstance(chapter, str) and CHAPTER_STEM.match(chapter):
        return chapter
    known = sorted(known_chapters, key=len, reverse=True)
    stem = Path(path).stem
    for candidate in known:
        if stem == candidate or stem.startswith(candidate + "_") or stem.startswith(candidate + "-"):
            return candidate
    prefix = re.match(r"^(\d{2})(?:_|-|$)", stem)
    if prefix:
        matching = [candidate for candidate in known if candidate.startswith(prefix.group(1) + "_")]
        if len(matching) == 1:
            return matching[0]
    return None


def _read_log(log_path: Path) -> list[dict]:
    if not log_path.is_file():
        return []
    records = []
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and {"chapter", "name", "status"} <= set(record):
            records.append(record)
    return records


def _cell_errors(notebook) -> dict[int, tuple[str, str]]:
    """(ename, evalue) of every code cell that raised, except cells expected to raise."""
    errors = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors[index] = (output.get("ename", "Error"), strip_ansi(output.get("evalue", "")))
                break
    return errors


def _find_check_cell(notebook, name: str) -> int | None:
    call = re.compile(r"\." + re.escape(name) + r"\s*\(")
    fallback = None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            if call.search(line):
                if "check" in line:
                    return index
                if fallback is None:
                    fallback = index
    return fallback


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_text(ename: str, evalue: str, timeout: float) -> str:
    if ename == "KeyboardInterrupt":
        return f"it was stopped after the time limit of {timeout:g} s"
    return f"{ename}: {_short(evalue)}" if evalue else ename


def _missing_result_reason(name: str, notebook, run, errors, timeout: float) -> str:
    check_index = _find_check_cell(notebook, name)
    stop_text = None
    if run.stopped_at is not None:
        if run.stopped_at < 0:
            where = "before the first cell"
        else:
            where = f"at {cell_label(notebook, run.stopped_at)}"
        stop_text = f"the notebook stopped {where}: {run.stop_reason}"
    if check_index is None:
        reason = (
            f"no check ran: no cell calls its check (`….{name}(...)`); was the check cell "
            "deleted or changed?"
        )
        return reason + (f" Also, {stop_text}." if stop_text else "")
    check_text = f"the check cell, {cell_label(notebook, check_index)},"
    if run.stopped_at is not None and check_index >= run.stopped_at:
        if check_index == run.stopped_at:
            return f"{check_text} did not finish: {run.stop_reason}."
        return f"the check cell did not run: {stop_text}."
    earlier = [index for index in sorted(errors) if index < check_index]
    if check_index in errors:
        ename, evalue = errors[check_index]
        if ename == "KeyboardInterrupt":
            return (
                f"{check_text} was stopped after the time limit of {timeout:g} s: look for an "
                "endless loop or a simulation that is far too long."
            )
        if earlier:
            first = earlier[0]
            first_name, first_value = errors[first]
            if first_name == "KeyboardInterrupt":
                stopped = (
                    f"at {cell_label(notebook, first)}, which ran past the time limit of "
                    f"{timeout:g} s"
                )
            else:
                error = _error_text(first_name, first_value, timeout)
                stopped = f"at {cell_label(notebook, first)} with {error}"
            return (
                f"the check did not run: the notebook stopped {stopped}, and {check_text} then "
                f"raised {_error_text(ename, evalue, timeout)}."
            )
        return f"{check_text} raised {_error_text(ename, evalue, timeout)}."
    return f"{check_text} ran but reported no result for this exercise: was the check call changed?"


def _exercise_title(chapter: str, name: str, logged: dict | None) -> str:
    if logged and logged.get("title"):
        return str(logged["title"])
    try:
        return get_checker(chapter, name).title
    except LookupError:
        return name


def grade_notebook(
    submission: Submission,
    *,
    timeout: float = DEFAULT_CELL_TIMEOUT,
    known_chapters: Iterable[str] | None = None,
) -> NotebookGrade:
    """Run one student notebook on a temporary copy and grade its exercises.

    The checker modules must already be imported (see :func:`load_checker_modules`), so
    that the registry knows every exercise of the chapter.

    Parameters
    ----------
    submission : Submission
        The notebook and its student id.
    timeout : float
        Time limit per cell [s]; a cell over it is interrupted and the next cells run.
    known_chapters : iterable of str, optional
        Chapters with registered exercises; all registered chapters by default.

    Returns
    -------
    NotebookGrade

    Raises
    ------
    CourseUsageError
        If the file is not a valid notebook.
    """
    notebook = read_notebook(submission.path)
    known = list(registered_chapters() if known_chapters is None else known_chapters)
    chapter = notebook_chapter(notebook, submission.path, known)
    with tempfile.TemporaryDirectory(prefix="neurocourse-check-") as workdir:
        workdir = Path(workdir)
        copy = workdir / "submission" / submission.path.name
        copy.parent.mkdir()
        shutil.copyfile(submission.path, copy)
        notebook = read_notebook(copy)
        log_path = workdir / "checks.jsonl"
        env = dict(os.environ)
        env[CHECK_LOG_ENV] = str(log_path)
        run = run_notebook(notebook, cwd=copy.parent, timeout=timeout, allow_errors=True, env=env)
        records = _read_log(log_path)
    if chapter is None:
        logged_chapters = {record["chapter"] for record in records}
        if len(logged_chapters) == 1:
            chapter = logged_chapters.pop()
    errors = _cell_errors(run.notebook)
    cell_errors = tuple(
        f"{cell_label(run.notebook, index)}: {_error_text(*errors[index], timeout)}"
        for index in sorted(errors)
    )
    if run.stopped_at is not None:
        cell_errors += (f"{cell_label(run.notebook, run.stopped_at)}: {run.stop_reason}",)
    if chapter is None:
        return NotebookGrade(
            submission.path,
            submission.student,
            None,
            (),
            error=(
                "could not tell which chapter this notebook belongs to: its metadata has no "
                "neurocourse chapter and its file name does not start with one (e.g. "
                "00_welcome.ipynb); rename it after its chapter"
            ),
            seconds=run.seconds,
            cell_errors=cell_errors,
        )
    latest = {}
    for record in records:
        if record["chapter"] == chapter:
            latest[record["name"]] = record
    names = registered_exercises(chapter)
    names += [name for name in latest if name not in names]
    if not names:
        return NotebookGrade(
            submission.path,
            submission.student,
            chapter,
            (),
            error=(
                f"no exercises are registered for chapter {chapter}: is its checker module in "
                "neurocourse/checks (or given with --checks-module) and importable?"
            ),
            seconds=run.seconds,
            cell_errors=cell_errors,
        )
    outcomes = []
    for name in names:
        record = latest.get(name)
        title = _exercise_title(chapter, name, record)
        if record is not None and record.get("status") in (PASSED, NOT_ATTEMPTED, FAILED):
            outcomes.append(ExerciseOutcome(name, title, record["status"], str(record.get("message", ""))))
        else:
            reason = _missing_result_reason(name, run.notebook, run, errors, timeout)
            outcomes.append(ExerciseOutcome(name, title, FAILED, reason))
    return NotebookGrade(
        submission.path,
        submission.student,
        chapter,
        tuple(outcomes),
        seconds=run.seconds,
        cell_errors=cell_errors,
    )


def grade_notebooks(
    paths: Sequence[str | os.PathLike],
    *,
    timeout: float = DEFAULT_CELL_TIMEOUT,
    extra_modules: Sequence[str] = (),
    echo: Callable[[str], None] = print,
) -> list[NotebookGrade]:
    """Grade notebooks and folders of notebooks, printing each notebook's report.

    Parameters
    ----------
    paths : sequence of path
        Notebook files and folders of submissions.
    timeout : float
        Time limit per cell [s].
    extra_modules : sequence of str
        Checker modules to import besides those of :mod:`neurocourse.checks` (they must
        be importable in the kernel too, e.g. through ``PYTHONPATH``).
    echo : callable
        Receives the report text of each notebook as soon as it is graded.

    Returns
    -------
    list of NotebookGrade

    Raises
    ------
    CourseUsageError
        If a path is missing, not a notebook, or not valid notebook JSON (all are checked
        before any notebook runs), or an extra checker module cannot be imported.
    """
    submissions = find_submissions(paths)
    for submission in submissions:
        read_notebook(submission.path)
    failures = load_checker_modules(extra_modules=extra_modules)
    for module_name in extra_modules:
        if module_name in failures:
            error = failures[module_name]
            raise CourseUsageError(
                f"--checks-module {module_name}: cannot import it ({type(error).__name__}: {error})"
            )
    for module_name, error in failures.items():
        print(
            f"warning: checker module {module_name} failed to import "
            f"({type(error).__name__}: {_short(str(error))}); its exercises are unknown",
            file=sys.stderr,
        )
    grades = []
    for submission in submissions:
        grade = grade_notebook(submission, timeout=timeout)
        echo(format_grade(grade))
        grades.append(grade)
    return grades


def format_grade(grade: NotebookGrade) -> str:
    """Return a readable report of one graded notebook."""
    counts = f"{grade.n_passed} of {grade.total} passed" if grade.total else "not graded"
    header = (
        f"{display_path(grade.path)}  (student {grade.student}, chapter {grade.chapter or '?'}): "
        f"{counts}  [{grade.seconds:.1f} s]"
    )
    lines = [header]
    if grade.error:
        lines.append(f"  ❌ {grade.error}")
    width = max((len(outcome.name) for outcome in grade.outcomes), default=0)
    for outcome in grade.outcomes:
        text = f"  {_STATUS_SYMBOLS[outcome.status]} {outcome.name.ljust(width)}  {outcome.status}"
        if outcome.status == FAILED:
            text += f": {outcome.message}"
        lines.append(text)
    return "\n".join(lines)


def format_summary(grades: Sequence[NotebookGrade]) -> str:
    """Return a table with one row per notebook: student, notebook, chapter, passed/total."""
    rows = [("student", "notebook", "chapter", "passed")]
    for grade in grades:
        rows.append(
            (grade.student, display_path(grade.path), grade.chapter or "?", f"{grade.n_passed}/{grade.total}")
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _exercise_columns(grades: Sequence[NotebookGrade]) -> list[tuple[str, str, str]]:
    """(column name, chapter, exercise name) for every exercise of the graded chapters."""
    pairs = []
    for grade in grades:
        for outcome in grade.outcomes:
            if (grade.chapter, outcome.name) not in pairs:
                pairs.append((grade.chapter, outcome.name))
    chapters = {chapter for chapter, _ in pairs}
    if len(chapters) <= 1:
        return [(name, chapter, name) for chapter, name in pairs]
    return [(f"{chapter}:{name}", chapter, name) for chapter, name in pairs]


def write_grades_csv(grades: Sequence[NotebookGrade], csv_path: str | os.PathLike) -> Path:
    """Write one CSV row per graded notebook.

    Columns: ``student``, ``notebook``, ``chapter``, one per exercise (its status; named
    ``chapter:exercise`` when several chapters are graded together), ``passed``, ``total``.

    Returns
    -------
    Path
        The CSV file.
    """
    csv_path = Path(csv_path)
    columns = _exercise_columns(grades)
    with open(csv_path, "w", newline="", encoding="utf-8") as csv_file:
        writer = csv.writer(csv_file)
        exercise_names = [column for column, _, _ in columns]
        writer.writerow(["student", "notebook", "chapter", *exercise_names, "passed", "total"])
        for grade in grades:
            statuses = [
                (grade.status_of(name) or "") if grade.chapter == chapter else ""
                for _, chapter, name in columns
            ]
            writer.writerow(
                [
                    grade.student,
                    display_path(grade.path),
                    grade.chapter or "",
                    *statuses,
                    grade.n_passed,
                    grade.total,
                ]
            )
    return csv_path
