"""Tests of the ``neurocourse`` command (build, assign, check, lab) on tiny temporary courses.

Every test builds its own course in a temporary folder; none depends on the real chapters.
The tiny course's checks live in a module written next to it and made importable in the
test process and in the kernels through PYTHONPATH. Kernel starts cost about a second
each, so the notebooks are three to six cells long and the expensive steps (build, grading
a folder of submissions) run once per module.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from neurocourse.course.cli import main
from neurocourse.course.notebooks import KERNELSPEC, find_course_root

CHECKS_MODULE = "tiny_course_checks"

CHECKS_SOURCE = '''
"""Checks of the tiny test course (chapter 00_intro)."""
from neurocourse.checks._framework import check_function_cases, compare_values, exercise

__all__ = ["double", "halve"]


@exercise("00_intro", "double", title="Double a number")
def double(student_function):
    check_function_cases(student_function, lambda x: 2 * x, [(1.5,), (-4.0,)], name="double")


@exercise("00_intro", "halve", title="Halve a number")
def halve(student_function):
    compare_values(student_function(3.0), 1.5, name="halve(3.0)")
'''

LECTURE_SOURCE = """# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Welcome
# A two-cell lecture.

# %%
import os
print("working in", os.getcwd())

# %%
6 * 7
"""

SOLUTIONS_SOURCE = '''# %% [markdown]
# # Exercises of chapter 00
#
# Why is the sky blue?
# ### BEGIN SOLUTION
# Rayleigh scattering.
# ### END SOLUTION

# %%
import tiny_course_checks

# %%
def double(x):
    """Return twice x."""
    ### BEGIN SOLUTION hint: multiply `x` by 2
    return 2 * x
    ### END SOLUTION

# %%
tiny_course_checks.double(double)

# %%
class Halver:
    def halve(self, x):
        ### BEGIN SOLUTION
        result = x / 2
        return result
        ### END SOLUTION


halve = Halver().halve

# %%
tiny_course_checks.halve(halve)
'''


def _write_course(root: Path) -> Path:
    (root / "notebooks").mkdir(parents=True)
    (root / "solutions").mkdir()
    (root / "notebooks" / "00_intro.py").write_text(LECTURE_SOURCE, encoding="utf-8")
    (root / "solutions" / "00_intro.py").write_text(SOLUTIONS_SOURCE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def checks_path(tmp_path_factory):
    """Make the tiny course's checker module importable here and in every kernel."""
    modules = tmp_path_factory.mktemp("checker_modules")
    (modules / f"{CHECKS_MODULE}.py").write_text(CHECKS_SOURCE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        python_path = [str(modules), os.environ.get("PYTHONPATH")]
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, python_path)))
        patch.syspath_prepend(str(modules))
        yield modules


@pytest.fixture
def course(tmp_path) -> Path:
    """A fresh tiny course: one lecture and one solutions source, nothing generated."""
    return _write_course(tmp_path / "course")


@pytest.fixture(scope="module")
def built_course(tmp_path_factory, checks_path) -> Path:
    """A tiny course after `neurocourse assign` and `neurocourse build` (run once)."""
    root = _write_course(tmp_path_factory.mktemp("built") / "course")
    assert main(["assign", "--course-root", str(root)]) == 0
    assert main(["build", "--course-root", str(root)]) == 0
    return root


def _cells(path: Path):
    return nbformat.read(path, as_version=4).cells


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --------------------------------------------------------------------------- assign


def test_assign_writes_stubs_placeholders_and_metadata(course, capsys):
    assert main(["assign", "--course-root", str(course)]) == 0
    assert "wrote exercises/00_intro.ipynb  (2 exercise stubs)" in capsys.readouterr().out
    notebook = nbformat.read(course / "exercises" / "00_intro.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"] == KERNELSPEC
    assert notebook.metadata["neurocourse"] == {"chapter": "00_intro", "kind": "exercises"}
    sources = [cell.source for cell in notebook.cells]
    assert sources[0] == "# Exercises of chapter 00\n\nWhy is the sky blue?\nYOUR ANSWER HERE"
    assert sources[2] == (
        'def double(x):\n    """Return twice x."""\n'
        '    raise NotImplementedError("Exercise: multiply `x` by 2")'
    )
    assert '        raise NotImplementedError("Exercise: write your code here")\n\n\nhalve = ' in sources[4]
    text = (course / "exercises" / "00_intro.ipynb").read_text(encoding="utf-8")
    assert "Rayleigh" not in text and "2 * x" not in text and "x / 2" not in text
    assert "SOLUTION" not in text
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "lines_to_next_cell" not in cell.metadata


def test_assign_check_detects_missing_stale_and_orphan_notebooks(course, capsys):
    assert main(["assign", "--check", "--course-root", str(course)]) == 1
    assert "exercises/00_intro.ipynb: missing" in capsys.readouterr().out
    assert main(["assign", "--course-root", str(course)]) == 0
    before = _digest(course)
    assert main(["assign", "--check", "--course-root", str(course)]) == 0
    assert _digest(course) == before

    source = course / "solutions" / "00_intro.py"
    changed = SOLUTIONS_SOURCE.replace('"""Return twice x."""', '"""Return 2 x."""')
    source.write_text(changed, encoding="utf-8")
    capsys.readouterr()
    assert main(["assign", "--check", "--course-root", str(course)]) == 1
    out = capsys.readouterr().out
    assert "exercises/00_intro.ipynb: stale" in out and "cell 3 differs" in out and "Return 2 x" in out
    assert _digest(course)["exercises/00_intro.ipynb"] == before["exercises/00_intro.ipynb"]

    source.write_text(SOLUTIONS_SOURCE, encoding="utf-8")
    (course / "exercises" / "01_orphan.ipynb").write_text("{}", encoding="utf-8")
    assert main(["assign", "--check", "--course-root", str(course)]) == 1
    assert "exercises/01_orphan.ipynb: no source solutions/01_orphan.py" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        ("def f():\n    ### END SOLUTION\n    pass\n", 3, "without a `### BEGIN SOLUTION`"),
        (
            "def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    pass\n    ### END SOLUTION\n",
            4,
            "cannot nest",
        ),
        ("def f():\n    ### BEGIN SOLUTION\n    return 1\n\n# %%\nx = 1\n", 3, "not closed"),
        ("def f():\n    ### BEGIN SOLUTION ### END SOLUTION\n", 3, "on one line"),
        ("def f():\n    ### BEGIN SOLUTION use numpy\n    return 1\n    ### END SOLUTION\n", 3, "hint:"),
        ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", 2, "not inside a function body"),
        (
            "for i in range(3):\n    ### BEGIN SOLUTION\n    print(i)\n    ### END SOLUTION\n",
            3,
            "not inside a function body",
        ),
    ],
    ids=[
        "end-without-begin",
        "nested",
        "unclosed",
        "one-line",
        "junk-after-begin",
        "top-level",
        "top-level-loop",
    ],
)
def test_assign_reports_bad_markers_with_file_and_line(course, capsys, body, line, expected):
    source = course / "solutions" / "00_intro.py"
    source.write_text("# %%\n" + body, encoding="utf-8")
    assert main(["assign", "--course-root", str(course)]) == 1
    err = capsys.readouterr().err
    assert f"00_intro.py, line {line}" in err and expected in err
    assert not (course / "exercises" / "00_intro.ipynb").exists()


def test_assign_allows_top_level_region_in_cell_tagged_raises_exception(course):
    source = course / "solutions" / "00_intro.py"
    source.write_text(
        '# %% tags=["raises-exception"]\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n', encoding="utf-8"
    )
    assert main(["assign", "--course-root", str(course)]) == 0
    cells = _cells(course / "exercises" / "00_intro.ipynb")
    assert cells[0].source == 'raise NotImplementedError("Exercise: write your code here")'
    assert cells[0].metadata["tags"] == ["raises-exception"]


# --------------------------------------------------------------------------- build


def test_build_executes_sources_and_writes_clean_notebooks(built_course, capsys):
    lecture = nbformat.read(built_course / "notebooks" / "00_intro.ipynb", as_version=4)
    nbformat.validate(lecture)
    assert lecture.metadata["kernelspec"] == KERNELSPEC
    code_cells = [cell for cell in lecture.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code_cells] == [1, 2]
    assert code_cells[0].outputs[0]["text"] == "working in .\n"  # the notebook's folder, no machine path
    assert code_cells[1].outputs[0]["data"]["text/plain"] == "42"
    assert code_cells[1].outputs[0]["execution_count"] == 2
    text = (built_course / "notebooks" / "00_intro.ipynb").read_text(encoding="utf-8")
    assert str(built_course) not in text
    solutions = _cells(built_course / "solutions" / "00_intro.ipynb")
    printed = "".join(
        output.get("text", "") for cell in solutions if cell.cell_type == "code" for output in cell.outputs
    )
    assert "✅ Double a number: passed." in printed and "✅ Halve a number: passed." in printed
    assert main(["build", "--check", "--course-root", str(built_course)]) == 0
    assert "build --check: OK" in capsys.readouterr().out


def test_build_prints_wall_time_and_filters_chapters(course, capsys):
    (course / "solutions" / "00_intro.py").unlink()
    (course / "notebooks" / "01_other.py").write_text("# %%\nx = 1\n", encoding="utf-8")
    assert main(["build", "01", "--course-root", str(course)]) == 0
    out = capsys.readouterr().out
    assert "built notebooks/01_other.ipynb  (1 code cells," in out and " s)" in out
    assert not (course / "notebooks" / "00_intro.ipynb").exists()
    assert main(["build", "07", "--course-root", str(course)]) == 2
    assert "no chapter matches '07'" in capsys.readouterr().err


def test_build_fails_on_a_failing_cell_and_shows_it(course, capsys):
    (course / "solutions" / "00_intro.py").unlink()
    (course / "notebooks" / "00_intro.py").write_text("# %%\nx = 1\n\n# %%\ny = x / 0\n", encoding="utf-8")
    assert main(["build", "--course-root", str(course), "--timeout", "60"]) == 1
    err = capsys.readouterr().err
    assert "building notebooks/00_intro.py failed" in err
    assert "cell 2 (`y = x / 0`) raised ZeroDivisionError: division by zero" in err
    assert "    y = x / 0" in err
    assert not (course / "notebooks" / "00_intro.ipynb").exists()


def test_build_check_detects_changed_inputs_missing_kernelspec_and_missing_files(
    built_course, tmp_path, capsys
):
    course = tmp_path / "copy"
    shutil.copytree(built_course, course)
    lecture_source = course / "notebooks" / "00_intro.py"
    lecture_source.write_text(LECTURE_SOURCE.replace("6 * 7", "6 * 8"), encoding="utf-8")
    assert main(["build", "--check", "--course-root", str(course)]) == 1
    out = capsys.readouterr().out
    assert "notebooks/00_intro.ipynb: input cells differ from notebooks/00_intro.py" in out
    assert "cell 3 differs" in out and "--- source (.py)" in out and "+++ notebook (.ipynb)" in out
    assert "-6 * 8" in out and "+6 * 7" in out

    lecture_source.write_text(LECTURE_SOURCE, encoding="utf-8")
    solutions = course / "solutions" / "00_intro.ipynb"
    notebook = nbformat.read(solutions, as_version=4)
    del notebook.metadata["kernelspec"]
    nbformat.write(notebook, solutions)
    (course / "notebooks" / "00_intro.ipynb").unlink()
    (course / "notebooks" / "02_stray.ipynb").write_text("{}", encoding="utf-8")
    assert main(["build", "--check", "--course-root", str(course)]) == 1
    out = capsys.readouterr().out
    assert "notebooks/00_intro.ipynb: missing" in out
    assert "solutions/00_intro.ipynb: the metadata lacks the python3 kernelspec" in out
    assert "notebooks/02_stray.ipynb: has no source notebooks/02_stray.py" in out


# --------------------------------------------------------------------------- check


def _exercises_notebook(course: Path):
    return nbformat.read(course / "exercises" / "00_intro.ipynb", as_version=4)


@pytest.fixture(scope="module")
def submissions(built_course, tmp_path_factory) -> Path:
    """A folder of submissions: passing, untouched, wrong-and-broken, looping-and-crashing."""
    folder = tmp_path_factory.mktemp("grading") / "submissions"
    for student in ("alice", "carol", "dave"):
        (folder / student).mkdir(parents=True)
    shutil.copy(built_course / "solutions" / "00_intro.ipynb", folder / "alice" / "00_intro.ipynb")
    # renamed: the notebook's metadata maps it to its chapter
    shutil.copy(built_course / "exercises" / "00_intro.ipynb", folder / "bob.ipynb")

    carol = _exercises_notebook(built_course)
    carol.cells[2].source = "def double(x):\n    return 3 * x"
    carol.cells[4].source = "1 / 0\ndef halve(x):\n    return x / 2"
    nbformat.write(carol, folder / "carol" / "00_intro.ipynb")

    dave = _exercises_notebook(built_course)
    dave.cells[2].source = "def double(x):\n    while True:\n        pass"
    dave.cells[4].source = "import os\nos._exit(1)"
    nbformat.write(dave, folder / "dave" / "00_intro.ipynb")
    return folder


@pytest.fixture(scope="module")
def graded(submissions, checks_path):
    """Run `neurocourse check` once over the submissions folder."""
    before = _digest(submissions)
    csv_path = submissions.parent / "grades.csv"
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        status = main(
            [
                *("check", str(submissions), "--timeout", "6", "--check-timeout", "20"),
                *("--csv", str(csv_path), "--checks-module", CHECKS_MODULE),
            ]
        )
    return {
        "status": status,
        "out": stdout.getvalue(),
        "csv": csv_path,
        "before": before,
        "folder": submissions,
    }


@pytest.mark.slow
def test_check_reports_each_status_and_exits_1(graded):
    out = graded["out"]
    assert graded["status"] == 1
    alice = out.split("alice/00_intro.ipynb", 1)[1].split("\n\n")[0]
    assert "(student alice, chapter 00_intro, seed alice): 2 of 2 passed" in alice
    assert "bob.ipynb  (student bob, chapter 00_intro, seed bob): 0 of 2 passed" in out
    assert "⏳ double  not attempted" in out and "⏳ halve   not attempted" in out
    assert "❌ double  failed: `double(1.5)` is too large" in out


@pytest.mark.slow
def test_check_explains_checks_that_did_not_run(graded):
    out = graded["out"]
    carol = out.split("carol/00_intro.ipynb", 1)[1].split("\n\n")[0]
    assert (
        "halve   failed: `halve` is not defined: the cell that defines it, cell 5 (`1 / 0`), did not "
        "run without an error (ZeroDivisionError: division by zero)" in carol
    )
    assert "⚠ cell 5 (`1 / 0`): ZeroDivisionError: division by zero" in carol
    dave = out.split("dave/00_intro.ipynb", 1)[1].split("\n\n")[0]
    assert "double  failed: the check ran longer than its time limit of 20 s" in dave
    assert (
        "⚠ cell 4 (`tiny_course_checks.double(double)`): stopped after the time limit of 6 s per cell" in dave
    )
    assert "halve   failed: `halve` is not defined at the top level of any cell" in dave
    assert "⚠ cell 5 (`import os`): the kernel died" in dave


@pytest.mark.slow
def test_check_writes_csv_and_summary_and_never_touches_submissions(graded):
    with open(graded["csv"], newline="", encoding="utf-8") as csv_file:
        rows = list(csv.DictReader(csv_file))
    assert list(rows[0]) == [
        *("student", "notebook", "chapter", "seed", "double", "double reason", "halve", "halve reason"),
        *("passed", "total", "problems", "error", "seconds"),
    ]
    table = {row["student"]: (row["double"], row["halve"], row["passed"], row["total"]) for row in rows}
    assert table == {
        "alice": ("passed", "passed", "2", "2"),
        "bob": ("not attempted", "not attempted", "0", "2"),
        "carol": ("failed", "failed", "0", "2"),
        "dave": ("failed", "failed", "0", "2"),
    }
    assert "student  notebook" in graded["out"] and "alice    " in graded["out"]
    assert _digest(graded["folder"]) == graded["before"]


def test_check_exits_0_when_everything_passed(submissions, checks_path, capsys):
    notebook = submissions / "alice" / "00_intro.ipynb"
    assert main(["check", str(notebook), "--checks-module", CHECKS_MODULE]) == 0
    assert "(student alice, chapter 00_intro, seed alice): 2 of 2 passed" in capsys.readouterr().out


@pytest.mark.slow
def test_check_gives_up_on_a_cell_that_ignores_the_interrupt(built_course, tmp_path, checks_path, capsys):
    notebook = _exercises_notebook(built_course)
    notebook.cells[
        1
    ].source = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
    nbformat.write(notebook, tmp_path / "00_intro.ipynb")
    # A check that did not give up would never return; no wall-clock bound is asserted.
    notebook_path = str(tmp_path / "00_intro.ipynb")
    status = main(["check", notebook_path, "--timeout", "2", "--checks-module", CHECKS_MODULE])
    assert status == 1
    out = capsys.readouterr().out
    assert "double  failed: `double` is not defined: the cell that defines it did not run" in out
    assert (
        "⚠ cell 2 (`import signal`): it ran longer than the time limit of 2 s per cell and did not stop "
        "when interrupted (cells after it did not run)" in out
    )


def test_check_reports_a_notebook_of_unknown_chapter(tmp_path, checks_path, capsys):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(notebook, tmp_path / "notes.ipynb")
    assert main(["check", str(tmp_path / "notes.ipynb"), "--checks-module", CHECKS_MODULE]) == 1
    assert "could not tell which chapter this notebook belongs to" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.ipynb", None, "no such file or folder"),
        ("notes.txt", "hello", "not a notebook (expected an .ipynb file)"),
        ("empty_folder", "", "holds no notebooks"),
    ],
)
def test_check_usage_errors_exit_2(tmp_path, capsys, name, content, expected):
    path = tmp_path / name
    if name == "empty_folder":
        path.mkdir()
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert expected in capsys.readouterr().err


def test_check_gives_a_broken_notebook_an_error_row(tmp_path, capsys):
    path = tmp_path / "00_intro.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    assert main(["check", str(path), "--csv", str(tmp_path / "grades.csv")]) == 1
    assert "not a valid notebook" in capsys.readouterr().out
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as csv_file:
        (row,) = list(csv.DictReader(csv_file))
    assert "not a valid notebook" in row["error"] and row["passed"] == "0"


# --------------------------------------------------------------------------- lab


def test_lab_copies_course_and_never_overwrites_changes(built_course, tmp_path, capsys):
    workspace = tmp_path / "work"
    assert main(["lab", str(workspace), "--no-launch", "--course-root", str(built_course)]) == 0
    copied = sorted(str(path.relative_to(workspace)) for path in workspace.rglob("*") if path.is_file())
    assert copied == ["exercises/00_intro.ipynb", "notebooks/00_intro.ipynb", "solutions/00_intro.ipynb"]
    assert "copied 3 files" in capsys.readouterr().out

    student_copy = workspace / "exercises" / "00_intro.ipynb"
    edited = student_copy.read_text(encoding="utf-8").replace("raise NotImplementedError", "return 0 #")
    student_copy.write_text(edited, encoding="utf-8")
    changed = student_copy.read_bytes()
    (workspace / "notebooks" / "00_intro.ipynb").unlink()
    assert main(["lab", str(workspace), "--no-launch", "--course-root", str(built_course)]) == 0
    out = capsys.readouterr().out
    assert student_copy.read_bytes() == changed
    assert "copied 1 file\n" in out and "kept 2 existing files (never overwritten)" in out
    assert "exercises/00_intro.ipynb  (yours differs from the course's version)" in out
    assert "solutions/00_intro.ipynb  (same as the course's)" in out
    assert (workspace / "notebooks" / "00_intro.ipynb").is_file()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_lab_serves_the_welcome_notebook(built_course, tmp_path):
    workspace = tmp_path / "work"
    port, token = _free_port(), "neurocourse-test-token"
    env = {
        **os.environ,
        "JUPYTER_TOKEN": token,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    command = [
        *(sys.executable, "-m", "neurocourse.course", "lab", str(workspace)),
        *("--no-browser", "--port", str(port), "--course-root", str(built_course)),
    ]
    log_path = tmp_path / "lab.log"
    log = open(log_path, "wb")  # a file, not a pipe: a full pipe would block the server
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    notebook_url = f"{base}/api/contents/notebooks/00_intro.ipynb?token={token}"
    try:
        content = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(notebook_url, timeout=5) as response:
                    content = json.load(response)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        assert content is not None, log_path.read_text(errors="replace")
        assert content["type"] == "notebook"
        assert content["content"]["cells"][0]["source"].startswith("# Welcome")
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(f"{base}/?token={token}", timeout=5)
        assert redirect.value.headers["Location"].split("?")[0].endswith("/lab/tree/notebooks/00_intro.ipynb")
    finally:
        process.send_signal(signal.SIGTERM)  # neurocourse passes it on to JupyterLab
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the session this test started
            process.wait()
        log.close()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# --------------------------------------------------------------------------- command line


def test_cli_help_version_and_usage_errors(tmp_path, capsys):
    assert main(["--help"]) == 0
    assert "neurocourse" in capsys.readouterr().out
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["build", "--course-root", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["build", "--course-root", str(tmp_path)]) == 2
    assert "not a neurocourse course" in capsys.readouterr().err
    assert main(["check", "x.ipynb", "--timeout", "-1"]) == 2


def test_course_root_is_found_from_the_current_folder(course, monkeypatch):
    package_parent = Path(find_course_root.__code__.co_filename).resolve().parents[2]
    if (package_parent / "notebooks").is_dir() and (package_parent / "solutions").is_dir():
        assert find_course_root() == package_parent  # an editable install of the course repository
    else:
        monkeypatch.chdir(course / "notebooks")
        assert find_course_root() == course.resolve()
    assert find_course_root(course) == course.resolve()
