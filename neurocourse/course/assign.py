"""``neurocourse assign``: generate the student exercise notebooks from the solutions.

``solutions/NN_topic.py`` is the single source of a chapter's exercises. Every region
between a line containing ``### BEGIN SOLUTION`` and one containing ``### END SOLUTION``
(nbgrader's markers) is replaced:

- in a code cell, by ``raise NotImplementedError("Exercise: <hint>")`` at the indentation
  of the ``BEGIN`` line, where the hint is the text after ``hint:`` on that line
  (``### BEGIN SOLUTION hint: use np.exp``), or "write your code here";
- in a markdown cell, by ``YOUR ANSWER HERE``.

The result, without outputs, is written to ``exercises/NN_topic.ipynb`` with the
``python3`` kernelspec and ``metadata["neurocourse"] = {"chapter": ..., "kind":
"exercises"}``, which ``neurocourse check`` uses to map a renamed submission to its chapter.
A region must sit inside a function body, so that the student notebook runs top to bottom
without an error before any answer is written.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import nbformat

from .notebooks import (
    KERNELSPEC,
    CourseError,
    assign_cell_ids,
    chapter_sources,
    check_chapter_filter,
    display_path,
    input_differences,
    notebook_text,
    read_notebook,
    read_source,
)

__all__ = [
    "BEGIN_MARKER",
    "DEFAULT_HINT",
    "END_MARKER",
    "MARKDOWN_PLACEHOLDER",
    "SolutionMarkerError",
    "SolutionRegion",
    "assign_exercises",
    "check_assignments",
    "exercise_notebook",
    "find_solution_regions",
]

BEGIN_MARKER = "### BEGIN SOLUTION"
END_MARKER = "### END SOLUTION"
#: Hint used when the ``BEGIN`` line gives none.
DEFAULT_HINT = "write your code here"
#: What a solution region in a markdown cell becomes.
MARKDOWN_PLACEHOLDER = "YOUR ANSWER HERE"

# Cell metadata that only jupytext's round trip needs; the student notebook drops it.
_JUPYTEXT_CELL_KEYS = {
    "lines_to_next_cell",
    "lines_to_end_of_cell_marker",
    "cell_marker",
    "region_name",
    "comment_questions",
    "incorrectly_encoded_metadata",
}


class SolutionMarkerError(CourseError):
    """Solution markers are unbalanced, nested, malformed or in a place students cannot run."""


@dataclasses.dataclass(frozen=True)
class SolutionRegion:
    """One solution region of a solutions notebook.

    Attributes
    ----------
    cell_index : int
        Index of the cell (from 0).
    begin : int
        Line index of the ``BEGIN`` marker inside the cell (from 0).
    end : int
        Line index of the ``END`` marker inside the cell.
    indent : str
        Leading whitespace of the ``BEGIN`` line.
    hint : str
        The hint shown in the stub.
    file_line : int or None
        Line number of the ``BEGIN`` marker in the source file (from 1), when known.
    """

    cell_index: int
    begin: int
    end: int
    indent: str
    hint: str
    file_line: int | None = None


def _marker_file_lines(text: str) -> list[int]:
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if BEGIN_MARKER in line or END_MARKER in line
    ]


def find_solution_regions(notebook, *, path: Path, source_text: str | None = None) -> list[SolutionRegion]:
    """Find the solution regions of a notebook and check that the markers are well formed.

    Parameters
    ----------
    notebook : NotebookNode
        The solutions notebook.
    path : Path
        Its file, named in error messages.
    source_text : str, optional
        The text of the source file, used to give file line numbers in messages.

    Returns
    -------
    list of SolutionRegion
        In notebook order.

    Raises
    ------
    SolutionMarkerError
        On an ``END`` without ``BEGIN``, a ``BEGIN`` inside an open region (nesting), a
        ``BEGIN`` not closed in the same cell, both markers on one line, or text after
        ``BEGIN`` other than ``hint: ...``; the message names the file and line.
    """
    file_lines = _marker_file_lines(source_text) if source_text is not None else []
    marker_cells = []  # (cell_index, line_index) of every marker line, in order
    for cell_index, cell in enumerate(notebook.cells):
        for line_index, line in enumerate(cell.source.splitlines()):
            if BEGIN_MARKER in line or END_MARKER in line:
                marker_cells.append((cell_index, line_index))
    if len(file_lines) != len(marker_cells):
        file_lines = []
    position = {key: file_lines[k] if file_lines else None for k, key in enumerate(marker_cells)}

    shown = display_path(path)

    def where(cell_index, line_index) -> str:
        number = position.get((cell_index, line_index))
        if number is not None:
            return f"{shown}, line {number}"
        return f"{shown}, cell {cell_index + 1}, line {line_index + 1} of the cell"

    regions = []
    for cell_index, cell in enumerate(notebook.cells):
        open_region = None
        for line_index, line in enumerate(cell.source.splitlines()):
            has_begin, has_end = BEGIN_MARKER in line, END_MARKER in line
            if has_begin and has_end:
                raise SolutionMarkerError(
                    f"{where(cell_index, line_index)}: `{BEGIN_MARKER}` and `{END_MARKER}` on one "
                    "line; put each marker on its own line"
                )
            if has_begin:
                if open_region is not None:
                    raise SolutionMarkerError(
                        f"{where(cell_index, line_index)}: `{BEGIN_MARKER}` inside the region opened at "
                        f"{where(cell_index, open_region[0])}; regions cannot nest: close the first "
                        f"with `{END_MARKER}`"
                    )
                rest = line.split(BEGIN_MARKER, 1)[1].strip()
                if not rest:
                    hint = DEFAULT_HINT
                elif rest.lower().startswith("hint:") and rest[5:].strip():
                    hint = rest[5:].strip()
                else:
                    raise SolutionMarkerError(
                        f"{where(cell_index, line_index)}: unexpected text {rest!r} after "
                        f"`{BEGIN_MARKER}`; write `{BEGIN_MARKER} hint: <a hint for students>` "
                        "or nothing"
                    )
                indent = line[: len(line) - len(line.lstrip())]
                open_region = (line_index, indent, hint)
            elif has_end:
                if open_region is None:
                    raise SolutionMarkerError(
                        f"{where(cell_index, line_index)}: `{END_MARKER}` without a "
                        f"`{BEGIN_MARKER}` before it in the same cell"
                    )
                begin, indent, hint = open_region
                regions.append(
                    SolutionRegion(
                        cell_index, begin, line_index, indent, hint, position.get((cell_index, begin))
                    )
                )
                open_region = None
        if open_region is not None:
            raise SolutionMarkerError(
                f"{where(cell_index, open_region[0])}: `{BEGIN_MARKER}` is not closed by "
                f"`{END_MARKER}` in the same cell"
            )
    return regions


def _stub_line(region: SolutionRegion) -> str:
    message = json.dumps(f"Exercise: {region.hint}", ensure_ascii=False)
    return f"{region.indent}raise NotImplementedError({message})"


def _python_of_cell(source: str) -> str:
    """Cell source as plain Python (IPython magics and shell escapes translated)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return source
    return TransformerManager().transform_cell(source)


def _stubs_outside_functions(source: str) -> list[int] | None:
    """Line numbers (from 1) of stub ``raise`` statements outside any function, or None if
    the code does not parse."""
    try:
        tree = ast.parse(_python_of_cell(source))
    except SyntaxError:
        return None
    outside = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True)
                continue
            if (
                isinstance(child, ast.Raise)
                and isinstance(child.exc, ast.Call)
                and getattr(child.exc.func, "id", None) == "NotImplementedError"
                and child.exc.args
                and isinstance(child.exc.args[0], ast.Constant)
                and str(child.exc.args[0].value).startswith("Exercise:")
                and not in_function
            ):
                outside.append(child.lineno)
            visit(child, in_function)

    visit(tree, False)
    return outside


def _strip_cell(cell, regions: list[SolutionRegion], path: Path, where) -> None:
    lines = cell.source.splitlines()
    new_lines = []
    previous_end = -1
    for region in regions:
        new_lines.extend(lines[previous_end + 1 : region.begin])
        if cell.cell_type == "code":
            new_lines.append(_stub_line(region))
        else:
            placeholder = MARKDOWN_PLACEHOLDER
            if region.hint != DEFAULT_HINT:
                placeholder += f" (hint: {region.hint})"
            new_lines.append(region.indent + placeholder)
        previous_end = region.end
    new_lines.extend(lines[previous_end + 1 :])
    original = cell.source
    cell.source = "\n".join(new_lines)
    if cell.cell_type != "code" or not regions:
        return
    if "raises-exception" in cell.get("metadata", {}).get("tags", []):
        return
    outside = _stubs_outside_functions(cell.source)
    if outside is None:
        if _stubs_outside_functions(original) is not None:
            raise SolutionMarkerError(
                f"{where(regions[0])}: replacing the solution region leaves invalid Python; "
                "a region must cover whole statements inside one block"
            )
        return
    if outside:
        raise SolutionMarkerError(
            f"{where(regions[0])}: the solution region is not inside a function body, so the "
            "student notebook would stop here with NotImplementedError; put the region inside "
            "a function (the check cell calls it) or tag the cell `raises-exception`"
        )


def exercise_notebook(solution_source: Path) -> nbformat.NotebookNode:
    """Build the student notebook of one chapter from its solutions source.

    Parameters
    ----------
    solution_source : Path
        ``solutions/NN_topic.py``.

    Returns
    -------
    NotebookNode
        The exercises notebook: stubs instead of solutions, no outputs, the python3
        kernelspec and ``metadata["neurocourse"]``.

    Raises
    ------
    SolutionMarkerError
        If the markers are malformed (see :func:`find_solution_regions`) or a code region
        is not inside a function body.
    CourseError
        If the source cannot be read.
    """
    solution_source = Path(solution_source)
    notebook = read_source(solution_source)
    text = solution_source.read_text(encoding="utf-8")
    regions = find_solution_regions(notebook, path=solution_source, source_text=text)

    shown = display_path(solution_source)

    def where(region: SolutionRegion) -> str:
        if region.file_line is not None:
            return f"{shown}, line {region.file_line}"
        return f"{shown}, cell {region.cell_index + 1}"

    student = copy.deepcopy(notebook)
    for cell_index, cell in enumerate(student.cells):
        cell_regions = [region for region in regions if region.cell_index == cell_index]
        _strip_cell(cell, cell_regions, solution_source, where)
        cell.metadata = {
            key: value for key, value in cell.get("metadata", {}).items() if key not in _JUPYTEXT_CELL_KEYS
        }
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    student.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "neurocourse": {"chapter": solution_source.stem, "kind": "exercises"},
    }
    assign_cell_ids(student, solution_source.stem)
    return student


def _exercise_path(course_root: Path, source: Path) -> Path:
    return course_root / "exercises" / f"{source.stem}.ipynb"


def assign_exercises(
    course_root: Path, *, chapter: str | None = None, echo: Callable[[str], None] = print
) -> list[Path]:
    """Write ``exercises/NN_topic.ipynb`` for every ``solutions/NN_topic.py``.

    Every notebook is generated before any is written, so a marker error leaves
    ``exercises/`` untouched.

    Parameters
    ----------
    course_root : Path
        The course folder.
    chapter : str, optional
        Only this chapter (stem or prefix).
    echo : callable
        Receives one line per notebook written.

    Returns
    -------
    list of Path
        The notebooks written.

    Raises
    ------
    SolutionMarkerError
        If a solutions source has malformed markers.
    """
    check_chapter_filter(course_root, chapter)
    generated = []
    for source in chapter_sources(course_root, "solutions", chapter):
        notebook = exercise_notebook(source)
        generated.append((source, notebook))
    written = []
    for source, notebook in generated:
        target = _exercise_path(course_root, source)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = notebook_text(notebook)
        n_stubs = sum(
            cell.source.count('raise NotImplementedError("Exercise:')
            for cell in notebook.cells
            if cell.cell_type == "code"
        )
        unchanged = target.is_file() and target.read_text(encoding="utf-8") == text
        if not unchanged:
            target.write_text(text, encoding="utf-8")
        state = "unchanged" if unchanged else "wrote"
        note = "" if n_stubs else "  (warning: no solution regions, so nothing to solve)"
        echo(f"{state} {display_path(target, course_root)}  ({n_stubs} exercise stubs){note}")
        written.append(target)
    return written


def check_assignments(course_root: Path, *, chapter: str | None = None) -> list[str]:
    """List the ways ``exercises/`` disagrees with what ``assign`` would write.

    Nothing is written.

    Parameters
    ----------
    course_root : Path
        The course folder.
    chapter : str, optional
        Only this chapter (stem or prefix).

    Returns
    -------
    list of str
        Problems: a missing or stale exercises notebook, a marker error, or an exercises
        notebook with no solutions source. Empty when ``exercises/`` is up to date.
    """
    check_chapter_filter(course_root, chapter)
    problems = []
    sources = chapter_sources(course_root, "solutions", chapter)
    for source in sources:
        target = _exercise_path(course_root, source)
        label = display_path(target, course_root)
        try:
            expected = exercise_notebook(source)
        except CourseError as error:
            problems.append(str(error))
            continue
        if not target.is_file():
            problems.append(f"{label}: missing (run `neurocourse assign`)")
            continue
        if target.read_text(encoding="utf-8") == notebook_text(expected):
            continue
        detail = ""
        try:
            differences = input_differences(expected, read_notebook(target))
        except CourseError as error:
            differences = [str(error)]
        if differences:
            detail = ":\n" + "\n".join(f"    {difference}" for difference in differences)
        else:
            detail = " (its outputs or metadata differ from the generated notebook)"
        problems.append(f"{label}: stale, differs from what `neurocourse assign` writes{detail}")
    stems = {source.stem for source in sources}
    exercises_dir = course_root / "exercises"
    if exercises_dir.is_dir():
        for orphan in sorted(exercises_dir.glob("*.ipynb")):
            if orphan.stem in stems or (chapter and not orphan.stem.startswith(chapter)):
                continue
            problems.append(
                f"{display_path(orphan, course_root)}: no source solutions/{orphan.stem}.py "
                "(exercises are generated: add the solutions source or delete this notebook)"
            )
    return problems
