"""Grading instructors can trust: forgeries grade 0, isolation holds, batches always finish.

The expensive tests grade one folder of chapter-00 submissions (the course's own solutions and
exercise notebooks, copied and altered) once per module, under bubblewrap when it works here,
and a small chapter-01 folder for the hidden answer key of the mystery neurons.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import pickle
import shutil
import threading
from pathlib import Path

import nbformat
import numpy as np
import pytest

from neurocourse.checks import PASSED, SECRET_ENV, SECRET_FILE_ENV, circuits
from neurocourse.course import rpc
from neurocourse.course.cli import main
from neurocourse.course.errors import CourseUsageError
from neurocourse.course.extract import exercise_code, find_check_call, split_statements
from neurocourse.course.grade import find_submissions, read_roster
from neurocourse.course.sandbox import BUBBLEWRAP, PLAIN, Sandbox, bubblewrap_works

REPO = Path(__file__).resolve().parents[1]
SECRET = "the instructor's secret for these tests"
needs_bwrap = pytest.mark.skipif(
    not bubblewrap_works(), reason="bubblewrap (bwrap) is not installed or cannot run"
)


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as csv_file:
        return {row["student"]: row for row in csv.DictReader(csv_file)}


def _cell_index(notebook, start: str) -> int:
    """Index of the one code cell whose source starts with ``start`` (not a fixed position)."""
    cells = enumerate(notebook.cells)
    (index,) = [i for i, cell in cells if cell.cell_type == "code" and cell.source.startswith(start)]
    return index


def _notebook(name: str):
    return nbformat.read(REPO / name, as_version=4)


def _check(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(argv)
    return status, out.getvalue()


# --------------------------------------------------------------------------- extraction


CELLS = [
    (
        0,
        "import numpy as np\nimport neurocourse as nc\nfrom neurocourse.checks import _framework as f\n"
        "f._run_check = None\nparams = nc.neurons.LIFParams()\nunused = np.zeros(3)",
    ),
    (
        1,
        "def helper(x):\n    return np.float64(2 * x)\n\n"
        "def rheobase(params):\n    return helper(params.e_leak) / SCALE",
    ),
    (2, "SCALE = 10.0\nprint('hello')"),
    (3, "%matplotlib inline\nnc.checks.welcome.rheobase(rheobase)"),
]


def test_exercise_code_keeps_definitions_and_what_they_need_and_nothing_else():
    statements = split_statements(CELLS)
    code = exercise_code(statements, ["rheobase"])
    assert code.missing == ()
    text = code.text
    for kept in ("def rheobase", "def helper", "SCALE = 10.0", "import numpy as np"):
        assert kept in text
    for dropped in ("_run_check", "print(", "unused", "import neurocourse", "params = ", "checks.welcome"):
        assert dropped not in text
    assert exercise_code(statements, ["measured_rate"]).missing == ("measured_rate",)


def test_find_check_call_reads_names_and_rejects_anything_else():
    call = find_check_call(CELLS, "welcome", "rheobase", seeded=False)
    assert (call.cell, call.args, call.problem) == (3, ("rheobase",), None)
    seeded = find_check_call(
        [(0, "nc.checks.circuits.classify_mystery_neurons(classify, seed=STUDENT_SEED)")],
        "circuits",
        "classify_mystery_neurons",
        seeded=True,
    )
    assert seeded.args == ("classify",) and seeded.kwargs == {} and seeded.seeded
    forged = find_check_call(
        [(0, "nc.checks.welcome.rheobase(lambda p: 0.0)")], "welcome", "rheobase", seeded=False
    )
    assert "is not the name of your function" in forged.problem
    library = find_check_call(  # a library call of the same name is not the check call
        [(0, "attention.fit_naka_rushton(contrast, response)")], "attention", "fit_naka_rushton", seeded=False
    )
    assert library.cell is None and library.args == ("fit_naka_rushton",)
    default = find_check_call([], "welcome", "measured_rate", seeded=False)
    assert default.cell is None and default.args == ("measured_rate",)


# --------------------------------------------------------------------------- the protocol


class _Evil:
    def __reduce__(self):
        return (print, ("this must never run in the checker",))


def _channels():
    import os

    a_read, b_write = os.pipe()
    b_read, a_write = os.pipe()
    trusted = rpc.Channel(
        os.fdopen(a_read, "rb", buffering=0), os.fdopen(a_write, "wb", buffering=0), trusted=True
    )
    student = rpc.Channel(
        os.fdopen(b_read, "rb", buffering=0), os.fdopen(b_write, "wb", buffering=0), trusted=False
    )
    return trusted, student


def test_the_checker_rebuilds_only_plain_data_from_the_student():
    trusted, student = _channels()
    payload = pickle.dumps(("return", _Evil()))
    student.writer.write(rpc._HEADER.pack(len(payload)) + payload)
    with pytest.raises(rpc.ProtocolError, match="does not accept"):
        trusted.receive()

    class Point:
        def __init__(self):
            self.x = 1

    student.send(
        (
            "return",
            [
                np.arange(3.0),
                {"a": (1, 2.5)},
                Point(),
                circuits.ProbeResult(time=np.zeros(2), voltage=np.zeros(2), spike_times=np.zeros(0)),
            ],
        )
    )
    array, mapping, opaque, probe = trusted.receive()[1]
    np.testing.assert_array_equal(array, [0.0, 1.0, 2.0])
    assert mapping == {"a": (1, 2.5)} and isinstance(probe, circuits.ProbeResult)
    assert isinstance(opaque, rpc.OpaqueValue) and opaque.type_name == "Point"


def test_checker_side_objects_stay_in_the_checker_and_calls_come_back():
    trusted, student = _channels()
    neurons = circuits.mystery_neurons(7)
    student_function = {}

    def student_side():
        message = student.receive()  # ("call", ...) with proxies of the neurons
        _, _, _, args, _ = message
        proxies = args[0]
        student_function["types"] = [type(proxy).__name__ for proxy in proxies]
        student_function["seed_hidden"] = not any(hasattr(proxy, "_seed") for proxy in proxies)
        counts = [proxy.probe(10.0, duration=100.0).n_spikes for proxy in proxies]
        student.send(("return", counts))

    thread = threading.Thread(target=student_side)
    thread.start()
    counts = trusted.call(1, None, (neurons,), {})
    thread.join()
    assert student_function == {"types": ["RemoteObject"] * 4, "seed_hidden": True}
    assert counts == [neuron.probe(10.0, duration=100.0).n_spikes for neuron in neurons]


# --------------------------------------------------------------------------- answer keys, roster, sandbox


def test_the_mystery_answer_key_needs_the_course_secret(monkeypatch):
    monkeypatch.delenv(SECRET_FILE_ENV, raising=False)
    monkeypatch.delenv(SECRET_ENV, raising=False)
    public = [[label for label, _ in circuits._mystery_draw(seed)] for seed in range(20)]
    monkeypatch.setenv(SECRET_ENV, SECRET)
    graded = [[label for label, _ in circuits._mystery_draw(seed)] for seed in range(20)]
    assert sum(p == g for p, g in zip(public, graded, strict=True)) <= 1  # 1/840 per seed by chance
    assert circuits.MysteryNeuron.__checker_side__ == ("probe",)


def test_roster_is_read_and_bad_rosters_are_usage_errors(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,seed\nalice,1234\nbob, 0042\n", encoding="utf-8")
    assert read_roster(roster) == {"alice": "1234", "bob": "0042"}
    roster.write_text("name,number\nalice,1\n", encoding="utf-8")
    with pytest.raises(CourseUsageError, match="`student` column and a `seed` column"):
        read_roster(roster)
    roster.write_text("student,seed\nalice,1\nalice,2\n", encoding="utf-8")
    with pytest.raises(CourseUsageError, match="listed twice"):
        read_roster(roster)


def test_find_submissions_lists_what_cannot_be_graded_as_its_own_row(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "00_welcome.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "answers.pdf").write_bytes(b"%PDF")
    (tmp_path / "carol.txt").write_text("hi", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    found = {(s.student, s.problem is None) for s in find_submissions([tmp_path])}
    assert found == {("alice", True), ("bob", False), ("carol", False)}


def test_a_student_missing_from_the_roster_gets_an_error_row_without_running(tmp_path):
    from neurocourse.course.grade import GradingOptions, Submission, grade_notebook

    path = tmp_path / "00_welcome.ipynb"
    shutil.copy(REPO / "solutions" / "00_welcome.ipynb", path)
    grade = grade_notebook(Submission(path, "mallory"), options=GradingOptions(roster={"alice": "1"}))
    assert grade.error == "student mallory is not on the roster" and grade.outcomes == ()


def test_a_notebook_killed_at_its_time_limit_reports_where_it_stopped(tmp_path):
    from neurocourse.course.grade import _read_run

    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(source)
            for source in ("def f():\n    return 1", "import time\ntime.sleep(1e6)")
        ]
    )
    records = [{"cell": 0, "started": True}, {"cell": 0, "error": None}, {"cell": 1, "started": True}]
    (tmp_path / "progress.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run = _read_run(notebook, tmp_path, timeout=100.0, notebook_timeout=30.0, killed=True)
    assert run.ok_cells == {0}
    assert run.cell_errors == [
        "cell 2 (`import time`): the notebook was stopped at its time limit of 30 s "
        "(cells after it did not run)"
    ]


def test_sandbox_environment_is_scrubbed_and_bubblewrap_hides_the_home(tmp_path, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    monkeypatch.setenv("SOME_TOKEN", "x")
    for isolation in (PLAIN, BUBBLEWRAP):
        sandbox = Sandbox(isolation, tmp_path / "w", tmp_path / "s", tmp_path / "c", tmp_path / "o")
        environment = sandbox.environment()
        assert SECRET_ENV not in environment and "SOME_TOKEN" not in environment
        assert SECRET not in json.dumps(environment)
    command = Sandbox(BUBBLEWRAP, tmp_path / "w", tmp_path / "s", tmp_path / "c", tmp_path / "o").command(
        ["x"]
    )
    bound = {command[i + 2] for i, part in enumerate(command) if part in ("--ro-bind", "--bind")}
    assert str(Path.home()) not in bound and str(REPO) not in bound and "/" not in bound
    assert "--unshare-all" in command and "--clearenv" in command


# --------------------------------------------------------------------------- grading a folder (chapter 00)

ATTACK_SETUP = """
import json, os
import neurocourse.checks._framework as framework
from neurocourse.checks import CheckResult
# forgery 1: replace the framework's verdict
framework._run_check = lambda f, chapter, name, title, a, k: CheckResult(
    chapter, name, title, "passed", "passed.")
# forgery 2: append "passed" records to the check log (named in the environment, or guessed)
for path in filter(None, [os.environ.get("NEUROCOURSE_CHECK_LOG"), "checks.jsonl", "../checks.jsonl"]):
    with open(path, "a") as log:
        for name in ("rheobase", "measured_rate"):
            log.write(json.dumps({"chapter": "00_welcome", "name": name, "title": name,
                                  "status": "passed", "message": "passed."}) + "\\n")
"""

FORGING_FUNCTIONS = """
def rheobase(params):
    import neurocourse.checks._framework as framework
    framework.compare_values = lambda *args, **kwargs: None   # in the student's own process only
    framework.check_function_cases = lambda *args, **kwargs: None
    return 0.0
"""

SNOOP = """
import pathlib
sibling = pathlib.Path({sibling!r})
instructor = pathlib.Path({instructor!r})
print(instructor.read_text())
"""

SNOOP_WRITE = """
import pathlib
pathlib.Path({sibling!r}).write_text("overwritten by another student")
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Chapter-00 submissions: honest (and snooping), forged, broken files; an instructor file."""
    base = tmp_path_factory.mktemp("ch00")
    submissions = base / "submissions"
    instructor = base / "instructor"
    instructor.mkdir()
    secret_file = instructor / "secret.txt"
    secret_file.write_text(SECRET + "\n", encoding="utf-8")
    for student in ("honest", "forger", "patcher", "stub"):
        (submissions / student).mkdir(parents=True)
    stub = _notebook("exercises/00_welcome.ipynb")
    over_the_limit = "too_much = bytearray(8 * 1024**3)  # over the memory limit"
    stub.cells.insert(2, nbformat.v4.new_code_cell(over_the_limit))
    nbformat.write(stub, submissions / "stub" / "00_welcome.ipynb")
    sibling = submissions / "stub" / "00_welcome.ipynb"

    honest = _notebook("solutions/00_welcome.ipynb")
    honest.cells.insert(
        2, nbformat.v4.new_code_cell(SNOOP.format(sibling=str(sibling), instructor=str(secret_file)))
    )
    honest.cells.insert(3, nbformat.v4.new_code_cell(SNOOP_WRITE.format(sibling=str(sibling))))
    nbformat.write(honest, submissions / "honest" / "00_welcome.ipynb")

    forger = _notebook("exercises/00_welcome.ipynb")
    forger.cells.insert(1, nbformat.v4.new_code_cell(ATTACK_SETUP))
    nbformat.write(forger, submissions / "forger" / "00_welcome.ipynb")

    patcher = _notebook("exercises/00_welcome.ipynb")
    patcher.cells[_cell_index(patcher, "def rheobase(")].source = FORGING_FUNCTIONS
    patcher.cells[_cell_index(patcher, "def measured_rate(")].source = (
        "def measured_rate(current):\n    import os\n"
        "    return float(len(os.environ.get('NEUROCOURSE_COURSE_SECRET', '')))"
    )
    nbformat.write(patcher, submissions / "patcher" / "00_welcome.ipynb")

    (submissions / "corrupt.ipynb").write_text('{"cells": [', encoding="utf-8")
    (submissions / "empty.ipynb").write_bytes(b"")
    (submissions / "notes.txt").write_text("not a notebook", encoding="utf-8")
    other = _notebook("exercises/01_circuits.ipynb")
    nbformat.write(other, submissions / "wrongchapter.ipynb")
    roster = instructor / "roster.csv"
    roster.write_text(
        "student,seed\n"
        + "".join(
            f"{name},{1000 + i}\n"
            for i, name in enumerate(
                ["honest", "forger", "patcher", "stub", "corrupt", "empty", "notes", "wrongchapter"]
            )
        ),
        encoding="utf-8",
    )
    return {
        "submissions": submissions,
        "instructor": instructor,
        "secret_file": secret_file,
        "roster": roster,
    }


def _grade(folder, out: Path, *, jobs: int, isolation: str, monkeypatch) -> dict:
    monkeypatch.setenv(SECRET_FILE_ENV, str(folder["secret_file"]))
    monkeypatch.delenv(SECRET_ENV, raising=False)
    before = _digest(folder["submissions"])
    status, text = _check(
        [
            "check",
            str(folder["submissions"]),
            "--roster",
            str(folder["roster"]),
            "--chapter",
            "00_welcome",
            "--isolation",
            isolation,
            "-j",
            str(jobs),
            "--timeout",
            "60",
            "--check-timeout",
            "60",
            "--csv",
            str(out / "grades.csv"),
            "--feedback",
            str(out / "feedback"),
        ]
    )
    return {
        "status": status,
        "out": text,
        "rows": _rows(out / "grades.csv"),
        "before": before,
        "after": _digest(folder["submissions"]),
        "csv": out / "grades.csv",
        "feedback": out / "feedback",
    }


@pytest.fixture(scope="module")
def graded(folder, tmp_path_factory):
    isolation = BUBBLEWRAP if bubblewrap_works() else PLAIN
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _grade(
            folder, tmp_path_factory.mktemp("graded_j2"), jobs=2, isolation=isolation, monkeypatch=monkeypatch
        )


@pytest.mark.slow
def test_honest_solution_grades_full_marks_and_forgeries_grade_zero(graded):
    rows = graded["rows"]
    assert graded["status"] == 1
    assert (rows["honest"]["rheobase"], rows["honest"]["measured_rate"], rows["honest"]["passed"]) == (
        "passed",
        "passed",
        "2",
    )
    assert rows["honest"]["seed"] == "1000"
    assert (rows["forger"]["rheobase"], rows["forger"]["measured_rate"], rows["forger"]["passed"]) == (
        "not attempted",
        "not attempted",
        "0",
    )
    assert rows["patcher"]["passed"] == "0" and rows["patcher"]["rheobase"] == "failed"
    assert "`rheobase(LIFParams(" in rows["patcher"]["rheobase reason"]
    assert rows["patcher"]["measured_rate"] == "failed"  # no secret in the student's process
    assert rows["stub"]["passed"] == "0" and rows["stub"]["rheobase"] == "not attempted"
    assert "cell 3 (`too_much = bytearray(8 * 1024**3)" in rows["stub"]["problems"]
    assert "): MemoryError" in rows["stub"]["problems"]


@pytest.mark.slow
def test_broken_files_get_their_own_rows_and_the_batch_finishes(graded):
    rows = graded["rows"]
    assert set(rows) == {"honest", "forger", "patcher", "stub", "corrupt", "empty", "notes", "wrongchapter"}
    assert "not a valid notebook" in rows["corrupt"]["error"]
    assert rows["empty"]["error"] == "the file is empty"
    assert "not a notebook" in rows["notes"]["error"]
    assert rows["wrongchapter"]["error"] == "this is a notebook of chapter 01_circuits, not of 00_welcome"
    assert all(rows[name]["error"] == "" for name in ("honest", "forger", "patcher", "stub"))


@pytest.mark.slow
def test_student_files_stay_byte_identical(graded):
    assert graded["after"] == graded["before"]


@pytest.mark.slow
@needs_bwrap
def test_under_bubblewrap_a_submission_cannot_reach_siblings_or_instructor_files(graded):
    problems = graded["rows"]["honest"]["problems"]
    assert "cell 3 (`import pathlib`): FileNotFoundError" in problems  # the secret file is not there
    assert "cell 4 (`import pathlib`): FileNotFoundError" in problems  # nor is the sibling to overwrite
    assert graded["rows"]["honest"]["passed"] == "2"


@pytest.mark.slow
def test_reports_feedback_files_and_summary(graded):
    feedback = (graded["feedback"] / "patcher_00_welcome.md").read_text(encoding="utf-8")
    assert "# Feedback: 00_welcome" in feedback and "Seed of your exercise variants: 1002" in feedback
    assert "Hint:" in feedback
    summary = (graded["feedback"] / "summary.md").read_text(encoding="utf-8")
    assert "most common failure" in summary and "could not be graded" in summary
    assert "exercise       passed  not attempted  failed" in graded["out"]
    assert float(graded["rows"]["honest"]["seconds"]) > 0


@pytest.mark.slow
def test_one_job_gives_the_same_csv_as_two(folder, graded, tmp_path, monkeypatch):
    serial = _grade(
        folder,
        tmp_path,
        jobs=1,
        isolation=BUBBLEWRAP if bubblewrap_works() else PLAIN,
        monkeypatch=monkeypatch,
    )

    def without_time(rows):
        return {
            student: {key: value for key, value in row.items() if key != "seconds"}
            for student, row in rows.items()
        }

    assert list(serial["rows"]) == list(graded["rows"])
    assert without_time(serial["rows"]) == without_time(graded["rows"])


@pytest.mark.slow
def test_plain_processes_grade_the_same(folder, tmp_path, monkeypatch):
    single = tmp_path / "single"
    (single / "honest").mkdir(parents=True)
    shutil.copy(REPO / "solutions" / "00_welcome.ipynb", single / "honest" / "00_welcome.ipynb")
    status, out = _check(["check", str(single), "--isolation", "process", "--timeout", "60"])
    assert status == 0, out
    assert "(student honest, chapter 00_welcome, seed honest): 2 of 2 passed" in out


# --------------------------------------------------------------------------- the mystery neurons (chapter 01)

MYSTERY_CELLS = [
    "import numpy as np\nimport neurocourse as nc",
    "STUDENT_SEED = 2026",
]

KEY_THIEF = """
def classify_mystery_neurons(neurons):
    from neurocourse.checks import circuits
    return [label for label, _ in circuits._mystery_draw(STUDENT_SEED)]
"""


def _mystery_notebook(function_source: str):
    solution = _notebook("solutions/01_circuits.ipynb")
    honest = next(
        cell.source for cell in solution.cells if cell.source.startswith("def classify_mystery_neurons")
    )
    cells = [nbformat.v4.new_code_cell(source) for source in MYSTERY_CELLS]
    cells.append(nbformat.v4.new_code_cell(function_source or honest))
    cells.append(
        nbformat.v4.new_code_cell(
            "nc.checks.circuits.classify_mystery_neurons(classify_mystery_neurons, seed=STUDENT_SEED)"
        )
    )
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["neurocourse"] = {"chapter": "01_circuits", "kind": "exercises"}
    return notebook


@pytest.mark.slow
def test_the_hidden_answer_key_is_out_of_reach_and_honest_work_passes(tmp_path, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    folder = tmp_path / "submissions"
    for student, source in (("thief", KEY_THIEF), ("honest", None)):
        (folder / student).mkdir(parents=True)
        nbformat.write(_mystery_notebook(source), folder / student / "01_circuits.ipynb")
    roster = tmp_path / "roster.csv"
    roster.write_text("student,seed\nthief,2026\nhonest,2026\n", encoding="utf-8")
    status, out = _check(
        [
            "check",
            str(folder),
            "--roster",
            str(roster),
            "--timeout",
            "60",
            "--csv",
            str(tmp_path / "grades.csv"),
        ]
    )
    rows = _rows(tmp_path / "grades.csv")
    assert status == 1
    assert rows["honest"]["classify_mystery_neurons"] == PASSED, rows["honest"]
    assert rows["thief"]["classify_mystery_neurons"] == "failed"
    assert "labels" in rows["thief"]["classify_mystery_neurons reason"]
    # other exercises of the chapter are reported, not crashed on
    assert "`lif_euler_step` is not defined" in rows["honest"]["lif_euler_step reason"]


# --------------------------------------------------------------------------- nbgrader


def _exported(tmp_path) -> Path:
    path = tmp_path / "source" / "ps00" / "00_welcome.ipynb"
    assert main(["export-nbgrader", "00", "--course-root", str(REPO), "-o", str(path)]) == 0
    return path


def test_export_nbgrader_writes_solution_and_autograded_test_cells(tmp_path):
    notebook = nbformat.read(_exported(tmp_path), as_version=4)
    kinds = [
        (cell.metadata.get("nbgrader", {}).get("grade_id"), cell.metadata.get("nbgrader", {}).get("points"))
        for cell in notebook.cells
        if cell.cell_type == "code" and "nbgrader" in cell.metadata
    ]
    # a solution cell's grade id numbers it from 1 among the notebook's cells
    rheobase, rate = (_cell_index(notebook, f"def {name}(") for name in ("rheobase", "measured_rate"))
    assert kinds == [
        (f"solution_{rheobase + 1}", None),
        ("check_rheobase", 1),
        (f"solution_{rate + 1}", None),
        ("check_measured_rate", 1),
    ]
    test_cell = next(
        cell
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "check_rheobase"
    )
    assert test_cell.source.endswith("assert _check_result.passed, _check_result.message")
    nbgrader_format = pytest.importorskip("nbgrader.nbgraderformat")
    nbgrader_format.MetadataValidator().validate_nb(notebook)


def test_nbgrader_generates_the_student_version(tmp_path):
    pytest.importorskip("nbgrader")
    from nbgrader.preprocessors import ClearSolutions

    notebook = nbformat.read(_exported(tmp_path), as_version=4)
    student, _ = ClearSolutions().preprocess(notebook, {"language": "python"})
    text = "\n".join(cell.source for cell in student.cells)
    assert "params.v_threshold - params.e_leak" not in text
    assert "# Hint: solve E_L + R * I = theta for I" in text and "raise NotImplementedError()" in text


@pytest.mark.slow
def test_nbgrader_validate_accepts_the_exported_solutions(tmp_path):
    pytest.importorskip("nbgrader")
    import subprocess
    import sys

    path = _exported(tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "nbgrader", "validate", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert "Success! Your notebook passes all the tests." in completed.stdout, (
        completed.stdout + completed.stderr
    )
