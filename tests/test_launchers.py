"""The ways to open the course: Binder, Colab and ``course.py`` on any operating system.

- every chapter of the README's course table has a Binder and a Colab badge that open that
  chapter's lecture, and every launch link names the one repository of
  ``neurocourse.course.colab.REPOSITORY``; ``sync_launchers`` moves them all to another one;
- every course notebook starts with the Colab setup cell made from that repository; the cell
  installs the package with one pip line when Colab's module ``google.colab`` is importable
  and does nothing otherwise (tested with a fake ``google.colab``, pip replaced by a recorder,
  so no network is used);
- ``course.py`` (and the ``lab`` code it starts) makes no POSIX-only call, so that
  ``py course.py lab`` works on Windows;
- (slow) a fresh virtual environment built from exactly ``binder/`` as repo2docker builds it
  (``pip install -r binder/requirements.txt``, then ``binder/postBuild``) runs the welcome
  notebook.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement

from neurocourse.course.colab import (
    BRANCH,
    GITHUB_LINK,
    LAUNCH_LINK,
    REPOSITORY,
    binder_url,
    colab_setup_source,
    colab_url,
    pip_requirement,
    sync_launchers,
)
from neurocourse.course.notebooks import CHAPTER_STEM, read_source

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LECTURES = sorted(p.stem for p in (ROOT / "notebooks").glob("*.py") if CHAPTER_STEM.match(p.stem))
SOURCES = sorted(
    p
    for folder in ("notebooks", "solutions")
    for p in (ROOT / folder).glob("*.py")
    if CHAPTER_STEM.match(p.stem)
)
NOTEBOOKS = sorted(
    p
    for folder in ("notebooks", "solutions", "exercises")
    for p in (ROOT / folder).glob("*.ipynb")
    if CHAPTER_STEM.match(p.stem)
)
MARKDOWN_LINK = re.compile(r"\[!\[([^\]]*)\]\([^)]*\)\]\(([^)]*)\)")


def _course_table_rows() -> dict[str, str]:
    """``{"00": row, ...}``: the rows of the README's course table, by chapter number."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*(\d\d)\s*\|", line)
        if match:
            rows[match[1]] = line
    return rows


# --- README badges ------------------------------------------------------------------------


@pytest.mark.parametrize("stem", LECTURES)
def test_every_chapter_has_a_binder_and_a_colab_badge_opening_its_lecture(stem):
    row = _course_table_rows().get(stem[:2])
    assert row is not None, f"README.md: the course table has no row for chapter {stem[:2]}"
    badges = dict(MARKDOWN_LINK.findall(row))
    notebook = f"notebooks/{stem}.ipynb"
    assert (ROOT / notebook).is_file()
    assert badges.get("Binder") == binder_url(notebook), (
        f"chapter {stem}: Binder badge {badges.get('Binder')}"
    )
    assert badges.get("Colab") == colab_url(notebook), f"chapter {stem}: Colab badge {badges.get('Colab')}"


def test_every_launch_link_of_the_readme_names_the_one_repository_and_an_existing_notebook():
    text = README.read_text(encoding="utf-8")
    launch = list(LAUNCH_LINK.finditer(text))
    assert len(launch) >= 2 * len(LECTURES) + 1  # the top badge and two per chapter
    for match in launch:
        assert (match[2], match[4]) == (REPOSITORY, BRANCH), (
            f"README.md: {match[0]} is not {REPOSITORY}@{BRANCH}; change REPOSITORY in "
            "neurocourse/course/colab.py and run `python -m neurocourse.course.colab`"
        )
        rest = text[match.end() :].split(")", 1)[0]
        path = rest.removeprefix("?urlpath=lab/tree/").removeprefix("/")
        assert path.endswith(".ipynb") and (ROOT / path).is_file(), (
            f"README.md: {match[0]}{rest} opens {path}"
        )
    for match in GITHUB_LINK.finditer(text):
        assert match[2] == REPOSITORY, f"README.md links to {match[0]}, not to {REPOSITORY}"


def test_sync_launchers_moves_every_link_and_setup_cell_to_another_repository_and_back(tmp_path):
    shutil.copy(README, tmp_path / "README.md")
    for folder in ("notebooks", "solutions"):
        (tmp_path / folder).mkdir()
        for source in SOURCES:
            if source.parent.name == folder:
                shutil.copy(source, tmp_path / folder / source.name)
    originals = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    changed = sync_launchers(tmp_path, "someone/fork", "dev")
    assert set(changed) == set(originals)
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert REPOSITORY not in readme
    assert binder_url("notebooks/00_welcome.ipynb", "someone/fork", "dev") in readme
    assert colab_url("notebooks/00_welcome.ipynb", "someone/fork", "dev") in readme
    for source in tmp_path.glob("*/*.py"):
        first = next(c for c in read_source(source).cells if c.cell_type == "code")
        assert first.source == colab_setup_source("someone/fork", "dev"), source

    sync_launchers(tmp_path)  # back to REPOSITORY: byte for byte what it was
    assert {p: p.read_bytes() for p in originals} == originals


# --- the Colab setup cell -----------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_source_starts_with_the_colab_setup_cell(source):
    first = next(c for c in read_source(source).cells if c.cell_type == "code")
    assert first.source == colab_setup_source(), (
        f"{source.relative_to(ROOT)}: the first code cell must be "
        "neurocourse.course.colab.colab_setup_source(), before anything imports neurocourse"
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_notebook_starts_with_the_colab_setup_cell_which_printed_nothing(notebook):
    cells = nbformat.read(notebook, as_version=4).cells
    first = next(c for c in cells if c.cell_type == "code")
    assert first.source == colab_setup_source(), f"{notebook.relative_to(ROOT)}: first code cell"
    assert first.get("outputs", []) == [], "off Colab the setup cell prints nothing (nbval compares it)"


def test_the_install_line_names_this_package_at_the_repository():
    requirement = Requirement(pip_requirement())
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert requirement.name == "neurocourse"
    assert re.search(r'^\[project\]\nname = "neurocourse"$', pyproject, re.M), (
        "the package is not neurocourse"
    )
    assert requirement.url == f"git+https://github.com/{REPOSITORY}@{BRANCH}"
    assert not requirement.extras and not requirement.specifier


_RUN_CELL = textwrap.dedent(
    """
    import json, subprocess, sys
    sys.path[:0] = json.loads(sys.argv[1])
    calls = []
    subprocess.check_call = lambda command, **kwargs: calls.append(command) or 0  # pip, not run
    exec(compile(sys.stdin.read(), "<setup cell>", "exec"), {"__name__": "__main__"})
    print("CALLS=" + json.dumps(calls))
    """
)


def _run_setup_cell(extra_paths: list[Path]) -> tuple[list, str]:
    """Run the setup cell in a fresh stdlib-only interpreter; return (commands it ran, what it printed)."""
    done = subprocess.run(
        # -I -S: no site-packages, no user site, no PYTHONPATH: the interpreter knows only the
        # standard library and ``extra_paths``, as on a machine where nothing is installed yet
        [sys.executable, "-I", "-S", "-c", _RUN_CELL, json.dumps([str(p) for p in extra_paths])],
        input=colab_setup_source(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    printed, _, calls = done.stdout.rpartition("CALLS=")
    return json.loads(calls), printed


def _fake_package(root: Path, dotted: str) -> Path:
    folder = root.joinpath(*dotted.split("."))
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    return root


def test_on_colab_the_setup_cell_installs_the_package_with_one_pip_line_and_says_so(tmp_path):
    calls, printed = _run_setup_cell([_fake_package(tmp_path, "google.colab")])
    # pip of the kernel's own interpreter (the cell's sys.executable, here the one that ran it)
    assert calls == [[sys.executable, "-m", "pip", "install", "-q", pip_requirement()]]
    assert printed == f"On Colab: installed the course package from https://github.com/{REPOSITORY}\n"


def test_elsewhere_the_setup_cell_does_nothing(tmp_path):
    assert _run_setup_cell([]) == ([], "")
    # a ``google`` package without ``colab`` (protobuf, google-cloud) is not Colab either
    assert _run_setup_cell([_fake_package(tmp_path, "google.protobuf")]) == ([], "")


# --- course.py on Windows -----------------------------------------------------------------

#: Calls and attributes that exist only on POSIX systems.
POSIX_ONLY_ATTRIBUTES = {
    ("os", "fork"),
    ("os", "forkpty"),
    ("os", "setsid"),
    ("os", "setpgrp"),
    ("os", "killpg"),
    ("os", "getuid"),
    ("os", "geteuid"),
    ("os", "getpgid"),
    ("os", "WNOHANG"),
    ("os", "chmod"),
    ("os", "symlink"),
    ("signal", "SIGKILL"),
    ("signal", "SIGHUP"),
    ("signal", "SIGALRM"),
    ("signal", "alarm"),
    ("signal", "SIGCHLD"),
}
POSIX_ONLY_MODULES = {"fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "posix"}
#: Strings that name a POSIX tool or path.
POSIX_ONLY_TEXT = re.compile(r"/bin/|/usr/bin/|\bbash\b|\bsh -c\b|\bchmod\b")


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
    }


def _posix_only_uses(path: Path) -> list[str]:
    """Where ``path`` uses what Windows lacks, outside an ``if hasattr(...)``/``os.name`` guard.

    Docstrings are prose and may mention anything; other strings are read for POSIX paths and
    tools (a command line ``["bash", ...]``).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, (ast.If, ast.IfExp, ast.BoolOp)):
            test = ast.unparse(node if isinstance(node, ast.BoolOp) else node.test)
            if any(guard in test for guard in ("hasattr(", "os.name", "sys.platform")):
                skipped.update(id(child) for child in ast.walk(node))
    problems = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in POSIX_ONLY_ATTRIBUTES:
                problems.append(f"{where}: {node.value.id}.{node.attr}")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            )
            problems += [
                f"{where}: import {name}" for name in names if name.split(".")[0] in POSIX_ONLY_MODULES
            ]
        elif isinstance(node, ast.keyword) and node.arg == "shell":
            if not (isinstance(node.value, ast.Constant) and node.value.value is False):
                problems.append(f"{where}: shell={ast.unparse(node.value)}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if POSIX_ONLY_TEXT.search(node.value):
                problems.append(f"{where}: {node.value!r}")
    return problems


@pytest.mark.parametrize(
    "path", [ROOT / "course.py", ROOT / "neurocourse" / "course" / "lab.py"], ids=lambda p: p.name
)
def test_the_launcher_makes_no_posix_only_call(path):
    problems = _posix_only_uses(path)
    assert not problems, "POSIX-only, so `py course.py lab` would fail on Windows:\n" + "\n".join(problems)


def test_the_posix_check_finds_what_it_looks_for_and_respects_guards(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        '"""Docstrings may say bash, chmod and /bin/sh."""\n'
        "import os, signal, subprocess, fcntl\n"
        "os.setsid()\n"
        "os.killpg(1, signal.SIGKILL)\n"
        "subprocess.run('ls', shell=True)\n"
        "subprocess.run(['/bin/bash', 'x'])\n"
        "subprocess.run(['chmod', '+x', 'x'])\n"
        "if hasattr(os, 'fork'):\n"
        "    os.fork()\n"
        "if os.name == 'posix':\n"
        "    os.killpg(1, signal.SIGKILL)\n"
    )
    found = {problem.split(": ", 1)[1] for problem in _posix_only_uses(bad)}
    assert found == {
        "import fcntl",
        "os.setsid",
        "os.killpg",
        "signal.SIGKILL",
        "shell=True",
        "'/bin/bash'",
        "'chmod'",
    }


def test_course_py_picks_the_windows_interpreter_of_the_virtual_environment(monkeypatch):
    spec = importlib.util.spec_from_file_location("course_launcher", ROOT / "course.py")
    course = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course)
    monkeypatch.setattr(course.os, "name", "nt")
    assert course.venv_python() == course.VENV / "Scripts/python.exe"
    monkeypatch.setattr(course.os, "name", "posix")
    assert course.venv_python() == course.VENV / "bin/python"


# --- Binder -------------------------------------------------------------------------------


def _binder_python() -> str | None:
    """An interpreter of the version binder/runtime.txt asks for (``python-3.11``), if any."""
    runtime = ROOT / "binder" / "runtime.txt"
    if not runtime.is_file():
        return sys.executable
    version = runtime.read_text().strip().removeprefix("python-")
    if sys.version.startswith(version + "."):
        return sys.executable
    return shutil.which(f"python{version}")


@pytest.mark.slow  # builds a virtual environment (about a minute with a warm pip cache) and runs a notebook
@pytest.mark.skipif(os.name == "nt", reason="repo2docker builds Linux images; postBuild is a bash script")
def test_a_fresh_environment_built_from_binder_runs_the_welcome_notebook(tmp_path):
    python = _binder_python()
    if python is None:
        pytest.skip("no interpreter of the Python version of binder/runtime.txt")
    venv = tmp_path / "binder-env"
    bin_dir = venv / "bin"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",  # repo2docker puts the environment first
        VIRTUAL_ENV=str(venv),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),  # no kernelspec of this machine's user
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
        MPLCONFIGDIR=str(tmp_path / "mpl"),
    )
    env.pop("JUPYTER_PATH", None)

    def step(*command, timeout=900):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, (
            f"{' '.join(map(str, command))} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
        print(f"{time.perf_counter() - start:6.1f} s  {' '.join(map(str, command))[:100]}")
        return done

    step(python, "-m", "venv", venv)
    # what repo2docker runs for binder/: requirements.txt, then postBuild, from the repository root
    # --no-compile: no .pyc files written (less CPU on a busy machine); what is installed is the same
    step(bin_dir / "python", "-m", "pip", "install", "-q", "--no-compile", "-r", "binder/requirements.txt")
    post_build = ROOT / "binder" / "postBuild"
    if post_build.exists():
        assert os.access(post_build, os.X_OK), (
            "repo2docker runs binder/postBuild as a program: make it executable"
        )
        step("bash", post_build)
    where = step(bin_dir / "python", "-c", "import neurocourse; print(neurocourse.__file__)").stdout.strip()
    assert Path(where).resolve() == (ROOT / "neurocourse" / "__init__.py").resolve()

    executed = step(
        bin_dir / "python",
        "-m",
        "jupyter",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--stdout",
        "--ExecutePreprocessor.timeout=600",
        "notebooks/00_welcome.ipynb",
    ).stdout
    notebook = nbformat.reads(executed, as_version=4)
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors, errors
    ran = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.get("execution_count")]
    assert len(ran) == sum(cell.cell_type == "code" for cell in notebook.cells)
