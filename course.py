#!/usr/bin/env python3
"""Set up neurocourse and open it, or run its tests: the README's two commands.

    python3 course.py lab     # set up, then open the course in JupyterLab at the welcome notebook
    python3 course.py test    # set up, then run the whole test suite (unit tests and notebooks)

Set-up needs only Python 3.10 or newer: it creates a virtual environment in ``.venv`` beside
this file and installs the pinned environment of ``binder/requirements.txt`` (the one Binder
runs) and the course package into it. It runs again only when those files change. Everything
after the command name is passed on: ``python3 course.py lab --no-browser``,
``python3 course.py test -k lif``.

Only the standard library is used here, because this runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("NEUROCOURSE_VENV", ROOT / ".venv"))
REQUIREMENTS = ROOT / "binder" / "requirements.txt"
STAMP = VENV / ".neurocourse-stamp"
USAGE = """usage: python3 course.py {lab,test,setup} [ARGS...]

  lab    set up, then open the course in JupyterLab at the welcome notebook
         (your copy lives in ./neurocourse-work; your work there is never overwritten)
  test   set up, then run the whole test suite: unit tests and notebooks
  setup  only set up the virtual environment in .venv
"""


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (REQUIREMENTS, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def run(cmd: list, **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def setup() -> Path:
    """Create or refresh the virtual environment; return its Python."""
    if sys.version_info < (3, 10):
        sys.exit(f"neurocourse needs Python 3.10 or newer; this is {sys.version.split()[0]}")
    python = venv_python()
    wanted = fingerprint()
    if python.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return python
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    print("Installing the pinned course environment (a few minutes the first time) ...", flush=True)
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], env=env)
    run([python, "-m", "pip", "install", "--quiet", "-r", REQUIREMENTS], env=env)
    run([python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ROOT], env=env)
    STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"lab", "test", "setup"}:
        print(USAGE, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    try:
        python = setup()
    except subprocess.CalledProcessError as exc:
        print(f"\nSet-up failed while running: {' '.join(map(str, exc.cmd))}", file=sys.stderr)
        print("Check your internet connection to PyPI and run the command again.", file=sys.stderr)
        return 1
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if command == "setup":
        return 0
    if command == "lab":
        return subprocess.call([str(python), "-m", "neurocourse.course.cli", "lab", *rest], env=env)
    # One BLAS thread per test process: the workers already fill the cores, and OpenBLAS's
    # threads spin-waiting for a busy core made small matrix products 40 times slower.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")
    return subprocess.call(
        # two or more test processes (pytest-xdist), one file per process at a time, so that a
        # notebook's cells run in order on one kernel; `-n 0` after the command runs serially
        [
            str(python),
            "-m",
            "pytest",
            "tests",
            "notebooks",
            "solutions",
            "--nbval-lax",
            "-n",
            "auto",
            "--dist",
            "loadfile",
            *rest,
        ],
        cwd=ROOT,
        env=env,
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
