"""Lint: ``ruff check`` passes over the package, tests, scripts and notebook sources.

The rules live in pyproject.toml ([tool.ruff]); this test makes the README test command
fail on a lint error, with ruff's report as the message; and ``ruff format --check``, so the
code stays in the one format the pre-commit hook writes.
"""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: What is linted: the library, its tests, benchmarks and scripts, the set-up script and the
#: jupytext sources of lectures and solutions (the .ipynb files are generated from them).
LINTED = ["neurocourse", "tests", "benchmarks", "scripts", "course.py", "notebooks", "solutions"]


def test_ruff_check_passes():
    if importlib.util.find_spec("ruff") is None:
        pytest.fail("ruff is not installed: pip install -r binder/requirements.txt")
    paths = [name for name in LINTED if (REPO / name).exists()]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format=concise", *paths],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"ruff check found problems:\n{result.stdout}{result.stderr}", pytrace=False)


def test_ruff_format_is_applied():
    if importlib.util.find_spec("ruff") is None:
        pytest.fail("ruff is not installed: pip install -r binder/requirements.txt")
    paths = [name for name in LINTED if (REPO / name).exists()]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", *paths],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"run `ruff format` on these files:\n{result.stdout}{result.stderr}", pytrace=False)


@pytest.mark.parametrize("tool", ["ruff", "jupytext"])
def test_pre_commit_hooks_pin_the_course_environment_versions(tool):
    requirements = (REPO / "binder" / "requirements.txt").read_text(encoding="utf-8")
    hooks = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    pinned = set(re.findall(rf"^{tool}==([\w.]+)\s*$", requirements, flags=re.MULTILINE))
    in_hooks = set(re.findall(rf'"{tool}==([\w.]+)"', hooks))
    assert len(pinned) == 1, f"binder/requirements.txt should pin {tool} once: {pinned}"
    assert in_hooks == pinned, f".pre-commit-config.yaml uses {tool} {in_hooks}, the course {pinned}"
