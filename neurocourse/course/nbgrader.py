"""``neurocourse export-nbgrader``: a chapter's solutions notebook with nbgrader's cell metadata.

The written notebook goes into an nbgrader course's ``source/<assignment>/`` folder:

* a code cell with a ``### BEGIN SOLUTION`` region is a *solution* cell (nbgrader replaces
  the region by its stub when it generates the assignment); the course's hint, which
  follows the marker in ``solutions/``, moves to a comment line above it;
* a markdown cell with a solution region is a manually graded answer (1 point);
* a cell that calls an exercise's checker is an *autograded test* cell (1 point, locked):
  the call stays and an ``assert`` on its result follows, so the cell fails unless the
  check passed, with the checker's message as the error;
* every other markdown cell is locked; other code cells (imports, the student seed) stay
  editable, without metadata.

nbgrader's autograder runs the test cells in the student's own kernel: like nbgrader
itself, it trusts that kernel. ``neurocourse check`` decides grades outside it.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import nbformat

from ..checks import get_checker, load_checker_modules, registered_exercises
from .errors import CourseUsageError
from .extract import find_check_call
from .notebooks import chapter_sources, notebook_text, read_source

__all__ = ["NBGRADER_SCHEMA_VERSION", "export_nbgrader", "nbgrader_notebook"]

#: The version of nbgrader's cell metadata written.
NBGRADER_SCHEMA_VERSION = 3


def _metadata(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float = 0) -> dict:
    metadata = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": NBGRADER_SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if grade:
        metadata["points"] = points
    return metadata


def _move_hints(source: str) -> str:
    lines = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("### BEGIN SOLUTION") and stripped != "### BEGIN SOLUTION":
            indent = line[: len(line) - len(line.lstrip())]
            hint = stripped[len("### BEGIN SOLUTION") :].strip()
            if hint.lower().startswith("hint:"):
                hint = hint[5:].strip()
            lines.append(f"{indent}# Hint: {hint}")
            lines.append(f"{indent}### BEGIN SOLUTION")
        else:
            lines.append(line)
    return "\n".join(lines)


def _with_assert(source: str, call_name: str) -> str:
    """The check cell with an ``assert`` on the result of its check call."""
    tree = ast.parse(source)
    lines = source.splitlines()
    for node in tree.body:
        calls = [
            sub
            for sub in ast.walk(node)
            if isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Attribute)
            and sub.func.attr == call_name
        ]
        if not calls:
            continue
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target = node.targets[0].id
            tail = lines[node.end_lineno :]
            head = lines[: node.end_lineno]
        elif isinstance(node, ast.Expr):
            target = "_check_result"
            head = (
                lines[: node.lineno - 1]
                + [f"{target} = " + lines[node.lineno - 1].lstrip()]
                + lines[node.lineno : node.end_lineno]
            )
            tail = lines[node.end_lineno :]
        else:
            continue
        check = f"assert {target}.passed, {target}.message"
        return "\n".join([*head, check, *tail])
    return source


def nbgrader_notebook(source_path: Path) -> nbformat.NotebookNode:
    """Return the solutions notebook of ``source_path`` (a ``solutions/NN_topic.py``) for nbgrader."""
    chapter = Path(source_path).stem
    load_checker_modules()
    notebook = read_source(Path(source_path))
    code = [(index, cell.source) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    test_cells = {}
    for name in registered_exercises(chapter):
        checker = get_checker(chapter, name)
        module = (getattr(checker, "__module__", "") or "").rsplit(".", 1)[-1]
        call = find_check_call(code, module, name, seeded=False)
        if call.cell is not None:
            test_cells[call.cell] = name
    for index, cell in enumerate(notebook.cells):
        cell.metadata.pop("nbgrader", None)
        has_solution = "BEGIN SOLUTION" in cell.source
        if cell.cell_type == "code" and index in test_cells:
            name = test_cells[index]
            cell.source = _with_assert(cell.source, name)
            cell.metadata["nbgrader"] = _metadata(
                f"check_{name}", grade=True, solution=False, locked=True, points=1
            )
        elif cell.cell_type == "code" and has_solution:
            cell.source = _move_hints(cell.source)
            cell.metadata["nbgrader"] = _metadata(
                f"solution_{index + 1}", grade=False, solution=True, locked=False
            )
        elif cell.cell_type == "markdown" and has_solution:
            cell.metadata["nbgrader"] = _metadata(
                f"answer_{index + 1}", grade=True, solution=True, locked=False, points=1
            )
        elif cell.cell_type == "markdown":
            cell.metadata["nbgrader"] = _metadata(
                f"text_{index + 1}", grade=False, solution=False, locked=True
            )
    notebook.metadata["neurocourse"] = {"chapter": chapter, "kind": "nbgrader-source"}
    return notebook


def export_nbgrader(course_root: Path, chapter: str, *, output: str | os.PathLike | None = None) -> Path:
    """Write the nbgrader source notebook of one chapter.

    Parameters
    ----------
    course_root : Path
        The course folder.
    chapter : str
        A chapter stem (``01_circuits``) or prefix (``01``); it must match one chapter.
    output : path, optional
        The notebook to write; ``nbgrader/source/<chapter>/<chapter>.ipynb`` under the
        course folder by default.

    Returns
    -------
    Path

    Raises
    ------
    CourseUsageError
        If no chapter, or more than one, matches.
    """
    sources = chapter_sources(course_root, "solutions", chapter)
    if len(sources) != 1:
        found = ", ".join(path.stem for path in chapter_sources(course_root, "solutions")) or "none"
        what = "no" if not sources else "more than one"
        raise CourseUsageError(
            f"{what} chapter matches {chapter!r}; the chapters with solutions are: {found}"
        )
    source = sources[0]
    notebook = nbgrader_notebook(source)
    default = course_root / "nbgrader" / "source" / source.stem / f"{source.stem}.ipynb"
    path = Path(output) if output else default
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(notebook_text(notebook), encoding="utf-8")
    return path
