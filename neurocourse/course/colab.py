"""Where the course is published, and the launch links and Colab setup cell built from it.

The repository slug (``owner/name`` on GitHub) lives here, in :data:`REPOSITORY`, and nowhere
else is it typed by hand: the Binder and Colab badges of the README and the first code cell of
every lecture and solutions notebook (and so of every exercises notebook) are made from it,
and ``tests/test_launchers.py`` fails, naming each place, when one of them disagrees. To
publish the course elsewhere, change :data:`REPOSITORY` and run::

    python -m neurocourse.course.colab

which rewrites the badges and the setup cells of this course folder (then run
``neurocourse assign`` for exercises/ and ``neurocourse build`` or patch the ``.ipynb``).

The setup cell has to run before the course package is installed, so it is plain Python
with no import of ``neurocourse``: on Colab (detected by Colab's own module,
``google.colab``) it installs the package from the repository with one pip line and says so;
anywhere else it does nothing and prints nothing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

__all__ = [
    "BRANCH",
    "GITHUB_LINK",
    "LAUNCH_LINK",
    "REPOSITORY",
    "SETUP_MARKER",
    "binder_url",
    "colab_setup_source",
    "colab_url",
    "pip_requirement",
    "sync_launchers",
]

#: The GitHub repository of the course, ``owner/name``.
REPOSITORY = "neurocourse/neurocourse"
#: The branch the badges open and Colab installs from.
BRANCH = "main"

#: First line of the setup cell; marks it in the sources.
SETUP_MARKER = "# Colab only: install the course package from its repository; elsewhere this does nothing."

_SETUP_TEMPLATE = """{marker}
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("google") and importlib.util.find_spec("google.colab"):
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "{requirement}"])
    print("On Colab: installed the course package from {url}")"""


def pip_requirement(repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """The pip requirement that installs the course package from the repository."""
    return f"neurocourse @ git+https://github.com/{repository}@{branch}"


def colab_setup_source(repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """The source of the first code cell of every course notebook.

    Parameters
    ----------
    repository : str
        GitHub ``owner/name``.
    branch : str
        Branch to install from.

    Returns
    -------
    str
        Cell source without a trailing newline.
    """
    return _SETUP_TEMPLATE.format(
        marker=SETUP_MARKER,
        requirement=pip_requirement(repository, branch),
        url=f"https://github.com/{repository}",
    )


def binder_url(notebook: str, repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """Binder link that opens ``notebook`` (a path in the repository) in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{repository}/{branch}?urlpath=lab/tree/{notebook}"


def colab_url(notebook: str, repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """Colab link that opens ``notebook`` (a path in the repository)."""
    return f"https://colab.research.google.com/github/{repository}/blob/{branch}/{notebook}"


_NAME = r"[A-Za-z0-9_.-]+"
#: A Binder or Colab link: its repository (group 2) and branch (group 4).
LAUNCH_LINK = re.compile(
    r"(https://mybinder\.org/v2/gh/|https://colab\.research\.google\.com/github/)"
    rf"({_NAME}/{_NAME})(/blob/|/)({_NAME})"
)
#: A link to a GitHub repository: its repository (group 2).
GITHUB_LINK = re.compile(rf"(https://github\.com/)({_NAME}/{_NAME})")


def sync_launchers(course_root: Path, repository: str = REPOSITORY, branch: str = BRANCH) -> list[Path]:
    """Point the README badges and the notebook setup cells at ``repository``.

    Rewrites, in place, the repository and branch of every Binder and Colab link of
    ``README.md`` (and the repository of its GitHub links), and the setup cell (the one
    starting with :data:`SETUP_MARKER`) of every ``notebooks/*.py`` and ``solutions/*.py``.
    Returns the files it changed.
    """
    changed = []
    readme = course_root / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = LAUNCH_LINK.sub(lambda m: f"{m[1]}{repository}{m[3]}{branch}", text)
    new = GITHUB_LINK.sub(lambda m: f"{m[1]}{repository}", new)
    if new != text:
        readme.write_text(new, encoding="utf-8")
        changed.append(readme)
    cell = colab_setup_source(repository, branch)
    n_lines = len(cell.splitlines())
    for folder in ("notebooks", "solutions"):
        for path in sorted((course_root / folder).glob("[0-9][0-9]_*.py")):
            lines = path.read_text(encoding="utf-8").split("\n")
            if SETUP_MARKER not in lines:
                continue
            start = lines.index(SETUP_MARKER)
            new_lines = lines[:start] + cell.split("\n") + lines[start + n_lines :]
            if new_lines != lines:
                path.write_text("\n".join(new_lines), encoding="utf-8")
                changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0] if argv else ".").resolve()
    for path in sync_launchers(root):
        print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
