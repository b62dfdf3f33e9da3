"""``neurocourse check``: grade student notebooks with results the student's code cannot forge.

For each submission (a notebook file):

1. **Copy.** The notebook is copied into a fresh temporary folder; the student's file is
   never opened for writing, and nothing is written next to it.
2. **Run.** The copy runs top to bottom on a fresh ``python3`` kernel, inside the sandbox
   (:mod:`neurocourse.course.sandbox`: bubblewrap when installed, else a plain limited
   process), with a time limit per cell and per notebook and a memory limit. Failing cells
   fail and the next ones still run. The run gives the feedback on cells (errors, time
   limits, a dead kernel) and tells which cells ran without an error. Whatever the kernel
   prints -- check cells included -- does not count.
3. **Extract.** For each exercise of the chapter, the grader finds the check call in the
   notebook (``nc.checks.welcome.rheobase(rheobase)``) and extracts the *exercise code*: the
   top-level statements of cells that ran without an error that define the names the check
   gets, and what those need (:mod:`neurocourse.course.extract`).
4. **Check.** A fresh checker process per exercise
   (:mod:`neurocourse.course.checker_process`; it alone has the course secret) runs the
   registered checker. The student's functions are proxies: each call runs in a separate
   sandboxed student process that holds only the exercise code
   (:mod:`neurocourse.course.student_process`). The verdict is the checker's, with its
   message, as in the notebook.

The student seed (for per-student variants and hidden parameters) comes from the roster
(``--roster``: student id -> seed) or else is the student id (the submission's folder
name). A submission that cannot be graded (corrupt, empty, not a notebook, another chapter,
not on the roster) gets a row with the reason; the batch goes on.
"""

from __future__ import annotations

import collections
import concurrent.futures
import csv
import dataclasses
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .._chapters import is_chapter_stem
from ..checks import (
    FAILED,
    NOT_ATTEMPTED,
    PASSED,
    get_checker,
    load_checker_modules,
    registered_chapters,
    registered_exercises,
)
from .errors import CourseError
from .extract import SEED_KEYWORD, exercise_code, find_check_call, split_statements
from .notebooks import (
    CHAPTER_STEM,
    CourseUsageError,
    cell_label,
    display_path,
    read_notebook,
)
from .sandbox import DEFAULT_MEMORY_MB, Sandbox, choose_isolation, kill_group, seed_numba_cache

__all__ = [
    "DEFAULT_CELL_TIMEOUT",
    "DEFAULT_CHECK_TIMEOUT",
    "DEFAULT_NOTEBOOK_TIMEOUT",
    "ExerciseOutcome",
    "GradingOptions",
    "NotebookGrade",
    "Submission",
    "find_submissions",
    "format_exercise_summary",
    "format_feedback",
    "format_grade",
    "format_summary",
    "grade_notebook",
    "grade_notebooks",
    "notebook_chapter",
    "read_roster",
    "write_feedback",
    "write_grades_csv",
]

#: Default time limit per cell when grading [s].
DEFAULT_CELL_TIMEOUT = 120.0
#: Default time limit for the whole notebook [s].
DEFAULT_NOTEBOOK_TIMEOUT = 1200.0
#: Default time limit for one exercise's check [s].
DEFAULT_CHECK_TIMEOUT = 300.0

_STATUS_SYMBOLS = {PASSED: "✅", NOT_ATTEMPTED: "⏳", FAILED: "❌"}


@dataclasses.dataclass(frozen=True)
class Submission:
    """A file to grade.

    Attributes
    ----------
    path : Path
        The notebook file (or the file or folder that is not one, see ``problem``).
    student : str
        Student id: the subfolder of the submissions folder, or the file stem.
    problem : str or None
        Why it cannot be graded, found when listing (not a notebook, a folder without one).
    """

    path: Path
    student: str
    problem: str | None = None


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
        The checker's feedback, or why the check could not run.
    seconds : float
        Time the check took [s].
    """

    name: str
    title: str
    status: str
    message: str
    seconds: float = 0.0


@dataclasses.dataclass(frozen=True)
class NotebookGrade:
    """The grading of one submission.

    Attributes
    ----------
    path : Path
        The student's file.
    student : str
        Student id.
    chapter : str or None
        Chapter stem, None when it could not be told.
    outcomes : tuple of ExerciseOutcome
        One per exercise of the chapter, in the chapter's order.
    error : str or None
        Why the submission could not be graded at all.
    seconds : float
        Wall time of the whole grading of this submission [s].
    cell_errors : tuple of str
        One line per cell that raised, timed out or killed the kernel.
    seed : str or None
        The student seed the checks used.
    """

    path: Path
    student: str
    chapter: str | None
    outcomes: tuple[ExerciseOutcome, ...]
    error: str | None = None
    seconds: float = 0.0
    cell_errors: tuple[str, ...] = ()
    seed: str | None = None

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

    def outcome_of(self, name: str) -> ExerciseOutcome | None:
        """The outcome of exercise ``name``, None if the chapter has no such exercise."""
        for outcome in self.outcomes:
            if outcome.name == name:
                return outcome
        return None

    def status_of(self, name: str) -> str | None:
        """Status of the exercise ``name``, None if the chapter has no such exercise."""
        outcome = self.outcome_of(name)
        return None if outcome is None else outcome.status


@dataclasses.dataclass(frozen=True)
class GradingOptions:
    """How to grade.

    Attributes
    ----------
    timeout : float
        Time limit per cell [s].
    notebook_timeout : float
        Time limit for the whole notebook run [s].
    check_timeout : float
        Time limit for each exercise's check [s].
    memory_mb : int
        Memory limit of each process that runs student code [MB].
    isolation : str
        ``"auto"``, ``"bubblewrap"`` or ``"process"``.
    roster : dict of str to str, optional
        Student id -> seed; without it the seed is the student id.
    chapter : str, optional
        Only this chapter: a notebook of another chapter gets an error row.
    extra_modules : tuple of str
        Instructor's checker modules to import besides :mod:`neurocourse.checks`.
    """

    timeout: float = DEFAULT_CELL_TIMEOUT
    notebook_timeout: float = DEFAULT_NOTEBOOK_TIMEOUT
    check_timeout: float = DEFAULT_CHECK_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    isolation: str = "auto"
    roster: dict[str, str] | None = None
    chapter: str | None = None
    extra_modules: tuple[str, ...] = ()


# --------------------------------------------------------------------------- finding work


def _student_from_file(path: Path) -> str:
    stem = path.stem
    if is_chapter_stem(stem) and path.parent.name:
        return path.parent.resolve().name
    return stem


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in relative.parts)


def find_submissions(paths: Sequence[str | os.PathLike]) -> list[Submission]:
    """Expand files and folders into the submissions to grade.

    In a folder, each notebook is a submission: ``submissions/alice/00_welcome.ipynb`` is
    student ``alice``'s, ``submissions/bob.ipynb`` is ``bob``'s. A file at the top of the
    folder that is not a notebook, and a student folder without a notebook, are submissions
    too, with the problem noted (they get an error row). Hidden files and folders are left out.

    Parameters
    ----------
    paths : sequence of path
        Notebook files and folders of submissions.

    Returns
    -------
    list of Submission
        Without duplicates, in the order given (folders sorted).

    Raises
    ------
    CourseUsageError
        If a path does not exist, a file given directly is not an ``.ipynb``, or a folder
        holds nothing.
    """
    if not paths:
        raise CourseUsageError("give at least one notebook or folder of notebooks to check")
    submissions, seen = [], set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = []
            for entry in sorted(path.iterdir()):
                if _hidden(entry.relative_to(path)):
                    continue
                if entry.is_dir():
                    notebooks = [
                        notebook
                        for notebook in sorted(entry.rglob("*.ipynb"))
                        if not _hidden(notebook.relative_to(path)) and notebook.is_file()
                    ]
                    if notebooks:
                        candidates += [Submission(notebook, entry.name) for notebook in notebooks]
                    else:
                        others = sorted(p.name for p in entry.rglob("*") if p.is_file())[:3]
                        found = f" (it holds {', '.join(others)})" if others else " (it is empty)"
                        candidates.append(
                            Submission(entry, entry.name, f"no notebook (.ipynb) in this folder{found}")
                        )
                elif entry.suffix == ".ipynb":
                    candidates.append(Submission(entry, entry.stem))
                else:
                    problem = "not a notebook (expected an .ipynb file)"
                    candidates.append(Submission(entry, entry.stem, problem))
            if not candidates:
                raise CourseUsageError(f"{raw}: this folder holds no notebooks (.ipynb files)")
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


def read_roster(path: str | os.PathLike) -> dict[str, str]:
    """Read a roster CSV: a header row, then one row per student with their id and seed.

    The id column is called ``student`` (or ``student_id``, ``id``), the seed column
    ``seed``. Ids are the submission folders' names (or the notebooks' stems).

    Returns
    -------
    dict of str to str
        Student id -> seed (as text).

    Raises
    ------
    CourseUsageError
        If the file is missing, lacks a column, or lists a student twice or without a seed.
    """
    path = Path(path)
    if not path.is_file():
        raise CourseUsageError(f"--roster {path}: no such file")
    try:
        with open(path, newline="", encoding="utf-8-sig") as roster_file:
            rows = list(csv.DictReader(roster_file))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise CourseUsageError(f"--roster {path}: cannot be read as CSV ({error})") from None
    if not rows:
        raise CourseUsageError(f"--roster {path}: no students (expected a header row `student,seed`)")
    columns = {name.strip().lower(): name for name in rows[0] if name}
    id_column = next((columns[name] for name in ("student", "student_id", "id") if name in columns), None)
    seed_column = columns.get("seed")
    if id_column is None or seed_column is None:
        raise CourseUsageError(
            f"--roster {path}: the header must name a `student` column and a `seed` column; "
            f"it has {', '.join(columns) or 'none'}"
        )
    roster = {}
    for line, row in enumerate(rows, start=2):
        student = (row.get(id_column) or "").strip()
        seed = (row.get(seed_column) or "").strip()
        if not student:
            continue
        if not seed:
            raise CourseUsageError(f"--roster {path}, line {line}: student {student} has no seed")
        if student in roster:
            raise CourseUsageError(f"--roster {path}, line {line}: student {student} is listed twice")
        roster[student] = seed
    return roster


def notebook_chapter(notebook, path: Path, known_chapters: Iterable[str]) -> str | None:
    """Tell which chapter a notebook belongs to.

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


# --------------------------------------------------------------------------- one submission


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclasses.dataclass
class _RunReport:
    """What the sandboxed notebook run left behind."""

    ok_cells: set[int]
    cell_errors: list[str]
    failed_cells: dict[int, str]


def _read_run(
    notebook, output_dir: Path, *, timeout: float, notebook_timeout: float, killed: bool
) -> _RunReport:
    states: dict[int, dict] = {}
    progress = output_dir / "progress.jsonl"
    if progress.is_file():
        for line in progress.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and isinstance(record.get("cell"), int):
                states.setdefault(record["cell"], {}).update(record)
    run = {}
    if (output_dir / "run.json").is_file():
        try:
            run = json.loads((output_dir / "run.json").read_text(encoding="utf-8"))
        except (json.JSONDecodeError, OSError):
            run = {}
    ok_cells, errors, failed = set(), [], {}
    for index, cell in enumerate(notebook.cells):
        if cell.get("cell_type") != "code":
            continue
        state = states.get(index)
        if state is None or "error" not in state:
            continue
        error = state.get("error")
        expected = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        if error is None:
            ok_cells.add(index)
        elif not expected:
            ename, evalue = (list(error) + ["", ""])[:2]
            if ename == "KeyboardInterrupt":
                text = f"stopped after the time limit of {timeout:g} s per cell"
            elif ename == "Stopped":
                continue  # reported with the reason the run stopped, below
            else:
                text = f"{ename}: {_short(evalue)}" if evalue else str(ename)
            failed[index] = text
            errors.append(f"{cell_label(notebook, index)}: {text}")
    stopped_at = run.get("stopped_at") if isinstance(run, dict) else None
    reason = run.get("stop_reason") if isinstance(run, dict) else None
    if killed:
        started = [index for index, state in states.items() if state.get("started") and "error" not in state]
        where = cell_label(notebook, max(started)) if started else "the start"
        errors.append(
            f"{where}: the notebook was stopped at its time limit of {notebook_timeout:g} s "
            "(cells after it did not run)"
        )
    elif isinstance(stopped_at, int):
        where = cell_label(notebook, stopped_at) if stopped_at >= 0 else "before the first cell"
        errors.append(f"{where}: {_short(reason or 'the run stopped', 200)} (cells after it did not run)")
        failed.setdefault(stopped_at, _short(reason or "the run stopped", 200))
    elif not run and not states:
        errors.append("the notebook did not run (the kernel could not start)")
    return _RunReport(ok_cells, errors, failed)


def _code_cells(notebook, only: set[int] | None = None) -> list[tuple[int, str]]:
    return [
        (index, cell.get("source", ""))
        for index, cell in enumerate(notebook.cells)
        if cell.get("cell_type") == "code" and (only is None or index in only)
    ]


def _missing_reason(name: str, notebook, run: _RunReport) -> str:
    statements = split_statements(
        [(index, source) for index, source in _code_cells(notebook) if index in run.failed_cells]
    )
    for statement in statements:
        if name in statement.binds:
            index = statement.cell
            return (
                f"`{name}` is not defined: the cell that defines it, {cell_label(notebook, index)}, "
                f"did not run without an error ({run.failed_cells[index]})"
            )
    if any(name in statement.binds for statement in split_statements(_code_cells(notebook))):
        return f"`{name}` is not defined: the cell that defines it did not run"
    return (
        f"`{name}` is not defined at the top level of any cell: was the exercise's function "
        "renamed or deleted?"
    )


def _checker_info(chapter: str, name: str) -> tuple[str, str, bool]:
    checker = get_checker(chapter, name)
    module = (getattr(checker, "__module__", "") or "").rsplit(".", 1)[-1]
    try:
        seeded = SEED_KEYWORD in inspect.signature(checker).parameters
    except (TypeError, ValueError):
        seeded = False
    return checker.title, module, seeded


def _run_check(job: dict, workdir: Path, name: str, timeout: float) -> tuple[dict, float]:
    job_path = workdir / f"job-{name}.json"
    result_path = workdir / f"result-{name}.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    environment = dict(os.environ)
    environment.pop("NEUROCOURSE_CHECK_LOG", None)
    environment["MPLBACKEND"] = "Agg"
    start = time.perf_counter()
    with open(workdir / f"checker-{name}.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "neurocourse.course.checker_process", str(job_path), str(result_path)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=environment,
            cwd=str(workdir),
            start_new_session=True,
        )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
            return (
                {
                    "status": FAILED,
                    "message": (
                        f"the check ran longer than its time limit of {timeout:g} s: "
                        "look for an endless loop "
                        "or a simulation that is far too long"
                    ),
                },
                time.perf_counter() - start,
            )
        kill_group(process)  # the student process, if anything is left
    seconds = time.perf_counter() - start
    try:
        return json.loads(result_path.read_text(encoding="utf-8")), seconds
    except (OSError, json.JSONDecodeError):
        tail = (workdir / f"checker-{name}.log").read_text(encoding="utf-8", errors="replace")[-300:]
        return {"status": "error", "message": f"the checker process failed: {_short(tail, 300)}"}, seconds


def _error_grade(submission: Submission, error: str, *, chapter=None, seed=None, start=None) -> NotebookGrade:
    seconds = time.perf_counter() - start if start is not None else 0.0
    return NotebookGrade(
        submission.path, submission.student, chapter, (), error=error, seconds=seconds, seed=seed
    )


def grade_notebook(
    submission: Submission,
    *,
    timeout: float = DEFAULT_CELL_TIMEOUT,
    known_chapters: Iterable[str] | None = None,
    options: GradingOptions | None = None,
) -> NotebookGrade:
    """Grade one submission (see the module docstring): never raises for a bad submission.

    The checker modules must already be imported (see :func:`load_checker_modules`), so
    that the registry knows every exercise of the chapter.

    Parameters
    ----------
    submission : Submission
        The notebook and its student id.
    timeout : float
        Time limit per cell [s] (when ``options`` is not given).
    known_chapters : iterable of str, optional
        Chapters with registered exercises; all registered chapters by default.
    options : GradingOptions, optional
        Everything else; the defaults otherwise.

    Returns
    -------
    NotebookGrade
    """
    options = options or GradingOptions(timeout=timeout)
    start = time.perf_counter()
    if submission.problem:
        return _error_grade(submission, submission.problem, start=start)
    if options.roster is not None:
        seed = options.roster.get(submission.student)
        if seed is None:
            return _error_grade(submission, f"student {submission.student} is not on the roster", start=start)
    else:
        seed = submission.student
    try:
        notebook = read_notebook(submission.path)
    except CourseError as error:
        reason = str(error).split(": ", 1)[-1]
        if submission.path.is_file() and submission.path.stat().st_size == 0:
            reason = "the file is empty"
        return _error_grade(submission, reason, seed=seed, start=start)
    known = list(registered_chapters() if known_chapters is None else known_chapters)
    chapter = notebook_chapter(notebook, submission.path, known)
    if chapter is None:
        return _error_grade(
            submission,
            (
                "could not tell which chapter this notebook belongs to: its metadata has no "
                "neurocourse chapter and its file name does not start with one (e.g. "
                "00_welcome.ipynb); rename it after its chapter"
            ),
            seed=seed,
            start=start,
        )
    if options.chapter and chapter != options.chapter:
        return _error_grade(
            submission,
            f"this is a notebook of chapter {chapter}, not of {options.chapter}",
            chapter=chapter,
            seed=seed,
            start=start,
        )
    names = registered_exercises(chapter)
    if not names:
        return _error_grade(
            submission,
            (
                f"no exercises are registered for chapter {chapter}: is its checker module in "
                "neurocourse/checks (or given with --checks-module) and importable?"
            ),
            chapter=chapter,
            seed=seed,
            start=start,
        )
    isolation = choose_isolation(options.isolation)
    with tempfile.TemporaryDirectory(prefix="neurocourse-grade-") as temporary:
        root = Path(temporary)
        sandbox = Sandbox(
            isolation,
            root / "submission",
            root / "scratch",
            root / "numba-cache",
            root / "output",
            options.memory_mb,
        )
        sandbox.workdir.mkdir()
        copy = sandbox.workdir / (
            submission.path.name if submission.path.suffix == ".ipynb" else "submission.ipynb"
        )
        shutil.copyfile(submission.path, copy)
        seed_numba_cache(sandbox.cache_dir)
        run = _run_in_sandbox(sandbox, copy, notebook, options)
        ok_code = _code_cells(notebook, run.ok_cells)
        statements = split_statements(ok_code)
        all_code = _code_cells(notebook)
        outcomes = []
        for name in names:
            outcomes.append(
                _grade_exercise(
                    chapter, name, notebook, run, statements, all_code, seed, sandbox, root, options
                )
            )
    return NotebookGrade(
        submission.path,
        submission.student,
        chapter,
        tuple(outcomes),
        seconds=time.perf_counter() - start,
        cell_errors=tuple(run.cell_errors),
        seed=str(seed),
    )


def _run_in_sandbox(sandbox: Sandbox, copy: Path, notebook, options: GradingOptions) -> _RunReport:
    argv = [
        sys.executable,
        "-m",
        "neurocourse.course.notebook_runner",
        sandbox.inside(copy),
        sandbox.inside(sandbox.output_dir),
        str(options.timeout),
        str(options.notebook_timeout),
    ]
    killed = False
    with open(sandbox.scratch.parent / "runner.log", "wb") as log:
        sandbox.scratch.mkdir(parents=True, exist_ok=True)
        process = sandbox.popen(
            argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
        )
        try:
            process.wait(timeout=options.notebook_timeout + options.timeout + 30.0)
        except subprocess.TimeoutExpired:
            killed = True
        kill_group(process)
    return _read_run(
        notebook,
        sandbox.output_dir,
        timeout=options.timeout,
        notebook_timeout=options.notebook_timeout,
        killed=killed,
    )


def _grade_exercise(
    chapter, name, notebook, run, statements, all_code, seed, sandbox, root, options
) -> ExerciseOutcome:
    title, module, seeded = _checker_info(chapter, name)
    call = find_check_call(all_code, module, name, seeded=seeded)
    if call.problem:
        where = cell_label(notebook, call.cell) if call.cell is not None else "the check cell"
        return ExerciseOutcome(
            name,
            title,
            FAILED,
            f"the check call in {where} was changed: {call.problem}; "
            f"pass your function by its name, as in the original notebook",
        )
    code = exercise_code(statements, call.names)
    if code.missing:
        return ExerciseOutcome(name, title, FAILED, _missing_reason(code.missing[0], notebook, run))
    student_argv = [sys.executable, "-m", "neurocourse.course.student_process"]
    job = {
        "chapter": chapter,
        "exercise": name,
        "cells": [list(cell) for cell in code.cells],
        "args": list(call.args),
        "kwargs": dict(call.kwargs),
        "seed": str(seed) if seeded else None,
        "extra_modules": list(options.extra_modules),
        "student_command": sandbox.command(student_argv),
        "student_env": sandbox.environment(),
        "student_cwd": str(sandbox.workdir),
        "student_log": str(root / f"student-{name}.log"),
        "memory_bytes": options.memory_mb * 1024 * 1024,
    }
    result, seconds = _run_check(job, root, name, options.check_timeout)
    status = result.get("status")
    message = str(result.get("message", ""))
    if status == "error":
        message = f"could not be checked ({message}); this is a problem of the checker, tell the course team"
        status = FAILED
    elif status == "missing":
        status = FAILED
    elif status not in (PASSED, NOT_ATTEMPTED, FAILED):
        status, message = FAILED, f"the check gave no verdict ({_short(message)})"
    return ExerciseOutcome(name, title, status, message, seconds)


# --------------------------------------------------------------------------- many submissions


def grade_notebooks(
    paths: Sequence[str | os.PathLike],
    *,
    timeout: float = DEFAULT_CELL_TIMEOUT,
    extra_modules: Sequence[str] = (),
    echo: Callable[[str], None] = print,
    options: GradingOptions | None = None,
    jobs: int | None = None,
) -> list[NotebookGrade]:
    """Grade notebooks and folders of submissions, printing each report as it is done.

    Parameters
    ----------
    paths : sequence of path
        Notebook files and folders of submissions.
    timeout : float
        Time limit per cell [s] (when ``options`` is not given).
    extra_modules : sequence of str
        Checker modules to import besides those of :mod:`neurocourse.checks` (they must
        be importable in the checker processes too, e.g. through ``PYTHONPATH``).
    echo : callable
        Receives the report text of each submission as soon as it is graded.
    options : GradingOptions, optional
        Limits, isolation, roster, chapter.
    jobs : int, optional
        Submissions graded at the same time; the number of CPUs by default.

    Returns
    -------
    list of NotebookGrade
        One per submission, in the order of :func:`find_submissions` (whatever ``jobs``).

    Raises
    ------
    CourseUsageError
        If a path is missing or an extra checker module cannot be imported.
    """
    options = options or GradingOptions(timeout=timeout)
    extra = tuple(dict.fromkeys([*options.extra_modules, *extra_modules]))
    options = dataclasses.replace(options, extra_modules=extra)
    submissions = find_submissions(paths)
    failures = load_checker_modules(extra_modules=extra)
    for module_name in extra:
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
    choose_isolation(options.isolation)  # a usage error before any work
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    grades: list[NotebookGrade | None] = [None] * len(submissions)
    known = registered_chapters()

    def work(index: int) -> NotebookGrade:
        try:
            return grade_notebook(submissions[index], known_chapters=known, options=options)
        except CourseUsageError:
            raise
        except Exception as error:  # never lose the batch to one submission
            reason = f"grading failed: {type(error).__name__}: {_short(error)}"
            return _error_grade(submissions[index], reason)

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {pool.submit(work, index): index for index in range(len(submissions))}
        for future in concurrent.futures.as_completed(futures):
            grade = future.result()
            grades[futures[future]] = grade
            echo(format_grade(grade))
    except BaseException:
        # Ctrl-C: start nothing new; running submissions end with this process (their
        # sandboxes die with it, their checker processes at their time limit).
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [grade for grade in grades if grade is not None]


# --------------------------------------------------------------------------- reports


def format_grade(grade: NotebookGrade) -> str:
    """Return a readable report of one graded submission."""
    counts = f"{grade.n_passed} of {grade.total} passed" if grade.total else "not graded"
    seed = f", seed {grade.seed}" if grade.seed is not None else ""
    header = (
        f"{display_path(grade.path)}  (student {grade.student}, chapter {grade.chapter or '?'}{seed}): "
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
    for problem in grade.cell_errors:
        lines.append(f"  ⚠ {problem}")
    return "\n".join(lines)


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def format_summary(grades: Sequence[NotebookGrade]) -> str:
    """Return a table with one row per submission: student, notebook, chapter, passed/total."""
    rows = [("student", "notebook", "chapter", "passed")]
    for grade in grades:
        passed = f"{grade.n_passed}/{grade.total}" if grade.error is None else "error"
        rows.append((grade.student, display_path(grade.path), grade.chapter or "?", passed))
    return _table(rows)


def _common_failure(messages: list[str]) -> str:
    if not messages:
        return ""
    # the sentence before the hint: failures that differ only in their hint count together
    heads = [message.split(" Hint:")[0] for message in messages]
    head, count = collections.Counter(heads).most_common(1)[0]
    return f"{_short(head, 90)} ({count}×)"


def format_exercise_summary(grades: Sequence[NotebookGrade]) -> str:
    """Return a table per exercise: how many passed, not attempted, failed; the most common failure."""
    columns = _exercise_columns(grades)
    if not columns:
        return "no exercise was graded"
    rows = [("exercise", "passed", "not attempted", "failed", "most common failure")]
    for column, chapter, name in columns:
        outcomes = [grade.outcome_of(name) for grade in grades if grade.chapter == chapter]
        outcomes = [outcome for outcome in outcomes if outcome is not None]
        counts = collections.Counter(outcome.status for outcome in outcomes)
        failures = [outcome.message for outcome in outcomes if outcome.status == FAILED]
        rows.append(
            (
                column,
                str(counts[PASSED]),
                str(counts[NOT_ATTEMPTED]),
                str(counts[FAILED]),
                _common_failure(failures),
            )
        )
    errors = sum(grade.error is not None for grade in grades)
    text = _table(rows)
    if errors:
        plural = "s" if errors != 1 else ""
        text += f"\n{errors} submission{plural} could not be graded (see the error column)"
    return text


def format_feedback(grade: NotebookGrade) -> str:
    """Return the Markdown feedback of one submission, with the checks' hints."""
    lines = [
        f"# Feedback: {grade.chapter or 'unknown chapter'}",
        "",
        f"- Student: {grade.student}",
        f"- Notebook: `{grade.path.name}`",
    ]
    if grade.seed is not None:
        lines.append(f"- Seed of your exercise variants: {grade.seed}")
    if grade.error:
        lines += ["", "**This notebook could not be graded:** " + grade.error]
        return "\n".join(lines) + "\n"
    lines += [f"- Result: {grade.n_passed} of {grade.total} exercises passed", "", "## Exercises", ""]
    for outcome in grade.outcomes:
        lines.append(f"### {_STATUS_SYMBOLS[outcome.status]} {outcome.title}")
        lines.append("")
        verdict = f"**{outcome.status}.** {outcome.message}" if outcome.status != PASSED else "**passed.**"
        lines.append(verdict)
        lines.append("")
    if grade.cell_errors:
        lines += ["## Cells that did not run cleanly", ""]
        lines += [f"- {problem}" for problem in grade.cell_errors]
        lines.append("")
    return "\n".join(lines)


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "submission"


def write_feedback(grades: Sequence[NotebookGrade], folder: str | os.PathLike) -> list[Path]:
    """Write one Markdown feedback file per submission (``<student>_<chapter>.md``) and ``summary.md``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written, used = [], set()
    for grade in grades:
        base = _safe_name(f"{grade.student}_{grade.chapter or grade.path.stem}")
        name, number = base, 2
        while name in used:
            name, number = f"{base}_{number}", number + 1
        used.add(name)
        path = folder / f"{name}.md"
        path.write_text(format_feedback(grade), encoding="utf-8")
        written.append(path)
    summary = folder / "summary.md"
    summary.write_text(
        "# Summary\n\n```\n"
        + format_exercise_summary(grades)
        + "\n```\n\n```\n"
        + format_summary(grades)
        + "\n```\n",
        encoding="utf-8",
    )
    written.append(summary)
    return written


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
    """Write one CSV row per submission.

    Columns: ``student``, ``notebook``, ``chapter``, ``seed``; per exercise its status and
    ``<exercise> reason`` (the checker's message, short, for anything but a pass; named
    ``chapter:exercise`` when several chapters are graded together); ``passed``, ``total``;
    ``problems`` (cells that raised, timed out or killed the kernel); ``error`` (why the
    submission could not be graded); ``seconds`` (time taken).

    Returns
    -------
    Path
        The CSV file.
    """
    csv_path = Path(csv_path)
    columns = _exercise_columns(grades)
    with open(csv_path, "w", newline="", encoding="utf-8") as csv_file:
        writer = csv.writer(csv_file)
        header = ["student", "notebook", "chapter", "seed"]
        for column, _, _ in columns:
            header += [column, f"{column} reason"]
        writer.writerow([*header, "passed", "total", "problems", "error", "seconds"])
        for grade in grades:
            cells = []
            for _, chapter, name in columns:
                outcome = grade.outcome_of(name) if grade.chapter == chapter else None
                if outcome is None:
                    cells += ["", ""]
                else:
                    reason = "" if outcome.status == PASSED else _short(outcome.message, 200)
                    cells += [outcome.status, reason]
            writer.writerow(
                [
                    grade.student,
                    display_path(grade.path),
                    grade.chapter or "",
                    grade.seed or "",
                    *cells,
                    grade.n_passed,
                    grade.total,
                    " | ".join(grade.cell_errors),
                    grade.error or "",
                    f"{grade.seconds:.1f}",
                ]
            )
    return csv_path
