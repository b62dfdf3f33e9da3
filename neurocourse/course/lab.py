"""``neurocourse lab``: copy the course into a workspace and open JupyterLab on it.

The lecture, exercise and solution notebooks (and a ``data/`` folder, if the course has
one) are copied into the workspace (``./neurocourse-work`` by default). A file that is
already there is never overwritten, so a learner's work survives a second ``neurocourse
lab``. JupyterLab then opens with the workspace as its root and the welcome notebook as
its start page.
"""

from __future__ import annotations

import dataclasses
import filecmp
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from .notebooks import COURSE_FOLDERS, CourseUsageError

__all__ = [
    "DEFAULT_WORKSPACE",
    "WORKSPACE_FOLDERS",
    "WorkspaceCopy",
    "default_url",
    "lab_command",
    "launch_lab",
    "prepare_workspace",
]

#: Where ``neurocourse lab`` puts the learner's copy of the course, relative to the cwd.
DEFAULT_WORKSPACE = "neurocourse-work"

#: Course folders copied into the workspace (those that exist).
WORKSPACE_FOLDERS = (*COURSE_FOLDERS, "data")

_SKIPPED_DIRS = {"__pycache__", ".ipynb_checkpoints"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo"}


@dataclasses.dataclass(frozen=True)
class WorkspaceCopy:
    """What :func:`prepare_workspace` did.

    Attributes
    ----------
    workspace : Path
        The workspace folder.
    copied : tuple of Path
        Files copied now (paths relative to the workspace).
    kept : tuple of Path
        Files already present and different from the course's: the learner's version was
        kept and the course's was not written.
    unchanged : tuple of Path
        Files already present and identical to the course's.
    """

    workspace: Path
    copied: tuple[Path, ...]
    kept: tuple[Path, ...]
    unchanged: tuple[Path, ...]


def _course_files(course_root: Path) -> list[Path]:
    """Files to copy, relative to the course root."""
    files = []
    for folder in WORKSPACE_FOLDERS:
        directory = course_root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            relative = path.relative_to(course_root)
            if not path.is_file() or any(part in _SKIPPED_DIRS for part in relative.parts):
                continue
            if path.suffix in _SKIPPED_SUFFIXES:
                continue
            if path.suffix == ".py" and path.with_suffix(".ipynb").is_file() and folder != "data":
                continue  # the jupytext source of a notebook that is copied anyway
            files.append(relative)
    return files


def prepare_workspace(course_root: Path, workspace: Path) -> WorkspaceCopy:
    """Copy the course into ``workspace`` without overwriting anything already there.

    Parameters
    ----------
    course_root : Path
        The course folder.
    workspace : Path
        The learner's folder; created if missing.

    Returns
    -------
    WorkspaceCopy

    Raises
    ------
    CourseUsageError
        If the course has no notebooks to copy, or ``workspace`` is a file or lies inside
        the course folder it copies from.
    """
    course_root = Path(course_root).resolve()
    workspace = Path(workspace).expanduser().resolve()
    if workspace.exists() and not workspace.is_dir():
        raise CourseUsageError(f"{workspace}: exists and is not a folder; choose another workspace folder")
    for folder in WORKSPACE_FOLDERS:
        if workspace == course_root / folder or (course_root / folder) in workspace.parents:
            raise CourseUsageError(
                f"{workspace}: the workspace cannot lie inside the course's {folder}/ folder; "
                "choose another folder"
            )
    files = _course_files(course_root)
    if not any(path.suffix == ".ipynb" for path in files):
        raise CourseUsageError(
            f"{course_root}: the course has no notebooks to copy (run `neurocourse build` and "
            "`neurocourse assign` first, or pass --course-root)"
        )
    copied, kept, unchanged = [], [], []
    for relative in files:
        source, target = course_root / relative, workspace / relative
        if target.exists():
            if target.is_file() and filecmp.cmp(source, target, shallow=False):
                unchanged.append(relative)
            else:
                kept.append(relative)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied.append(relative)
    return WorkspaceCopy(workspace, tuple(copied), tuple(kept), tuple(unchanged))


def default_url(workspace: Path) -> str:
    """JupyterLab URL path of the start page: the welcome notebook if present."""
    notebooks = sorted((Path(workspace) / "notebooks").glob("*.ipynb"))
    welcome = [path for path in notebooks if path.stem.startswith("00_")]
    start = (welcome or notebooks or [None])[0]
    if start is None:
        return "/lab"
    return f"/lab/tree/notebooks/{start.name}"


def lab_command(workspace: Path, *, open_browser: bool = True, port: int | None = None) -> list[str]:
    """Return the command that starts JupyterLab on ``workspace``.

    Parameters
    ----------
    workspace : Path
        Root folder of the server.
    open_browser : bool
        Whether JupyterLab opens a browser tab.
    port : int, optional
        Port to listen on; with it, JupyterLab fails instead of trying another port.

    Notes
    -----
    When run as root (as in many containers) the command adds ``--allow-root``, without
    which JupyterLab refuses to start.

    Returns
    -------
    list of str
    """
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={Path(workspace).resolve()}",
        f"--LabApp.default_url={default_url(workspace)}",
    ]
    if not open_browser:
        command.append("--no-browser")
    if port is not None:
        command += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers (Docker, some Binder setups) run as root
    return command


def launch_lab(command: Sequence[str], *, cwd: Path) -> int:
    """Run JupyterLab until it exits and return its exit status.

    SIGTERM sent to this process is passed on to JupyterLab, so stopping ``neurocourse
    lab`` stops the server too; Ctrl-C reaches JupyterLab directly (same terminal) and is
    answered by its own shutdown prompt.
    """
    process = subprocess.Popen(list(command), cwd=str(cwd))
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = None
    if in_main_thread and hasattr(signal, "SIGTERM"):
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: process.send_signal(signum))
    try:
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                continue  # JupyterLab got the same Ctrl-C and decides itself
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
