"""Notebook plumbing shared by the course commands.

Finding the course folder, listing chapter sources, reading jupytext percent files,
comparing input cells, writing ``.ipynb`` files deterministically and running a notebook on
a fresh ``python3`` kernel of the Python that runs this code.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from .._chapters import CHAPTER_STEM
from .errors import CourseError, CourseUsageError, NotebookExecutionError

__all__ = [
    "CHAPTER_STEM",
    "COURSE_FOLDERS",
    "KERNELSPEC",
    "CourseError",
    "CourseUsageError",
    "NotebookExecutionError",
    "NotebookRun",
    "assign_cell_ids",
    "cell_label",
    "chapter_sources",
    "check_chapter_filter",
    "course_chapters",
    "display_path",
    "find_course_root",
    "has_python3_kernelspec",
    "input_differences",
    "notebook_text",
    "read_notebook",
    "read_source",
    "run_notebook",
    "scrub_outputs",
    "strip_ansi",
]

#: The kernelspec every course notebook carries, so Jupyter starts it without asking.
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}

#: Chapter file stems: two digits, an underscore and a topic, e.g. ``00_welcome``.

#: The folders of the course: lectures, generated exercises, solutions.
COURSE_FOLDERS = ("notebooks", "exercises", "solutions")

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _is_course_dir(path: Path) -> bool:
    return (path / "notebooks").is_dir() and (path / "solutions").is_dir()


def find_course_root(course_root: str | os.PathLike | None = None) -> Path:
    """Return the folder of the course (the one holding ``notebooks/`` and ``solutions/``).

    Parameters
    ----------
    course_root : path, optional
        An explicit course folder. Without it: the folder that contains the installed
        ``neurocourse`` package if it holds the course (an editable install of the
        repository), else the current directory or the nearest parent that does.

    Returns
    -------
    Path
        Absolute path of the course folder.

    Raises
    ------
    CourseUsageError
        If the given folder does not exist or holds neither ``notebooks/`` nor
        ``solutions/``, or no course is found.
    """
    if course_root is not None:
        root = Path(course_root).expanduser().resolve()
        if not root.is_dir():
            raise CourseUsageError(f"--course-root {course_root}: no such folder")
        if not ((root / "notebooks").is_dir() or (root / "solutions").is_dir()):
            raise CourseUsageError(
                f"--course-root {course_root}: this folder has no notebooks/ or solutions/ "
                "folder, so it is not a neurocourse course"
            )
        return root
    package_parent = Path(__file__).resolve().parents[2]
    if _is_course_dir(package_parent):
        return package_parent
    cwd = Path.cwd().resolve()
    for candidate in (cwd, *cwd.parents):
        if _is_course_dir(candidate):
            return candidate
    raise CourseUsageError(
        "could not find the course (a folder with notebooks/ and solutions/): run the "
        "command inside the course folder or pass --course-root DIR"
    )


def course_chapters(course_root: Path) -> list[str]:
    """Return the chapter stems found in ``notebooks/`` and ``solutions/``, sorted."""
    stems = set()
    for folder in ("notebooks", "solutions"):
        sources = (course_root / folder).glob("*.py")
        stems.update(path.stem for path in sources if CHAPTER_STEM.match(path.stem))
    return sorted(stems)


def _matches_chapter(stem: str, chapter: str | None) -> bool:
    return chapter is None or stem == chapter or stem.startswith(chapter)


def chapter_sources(course_root: Path, folder: str, chapter: str | None = None) -> list[Path]:
    """Return the jupytext sources ``<folder>/NN_topic.py`` of the course, sorted.

    Parameters
    ----------
    course_root : Path
        The course folder.
    folder : str
        ``"notebooks"`` or ``"solutions"``.
    chapter : str, optional
        Keep only this chapter: a stem (``"00_welcome"``) or a prefix (``"00"``).

    Returns
    -------
    list of Path
    """
    directory = course_root / folder
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.glob("*.py")
        if CHAPTER_STEM.match(path.stem) and _matches_chapter(path.stem, chapter)
    )


def check_chapter_filter(course_root: Path, chapter: str | None) -> None:
    """Raise :class:`CourseUsageError` if ``chapter`` matches no chapter of the course."""
    if chapter is None:
        return
    chapters = course_chapters(course_root)
    if not any(_matches_chapter(stem, chapter) for stem in chapters):
        raise CourseUsageError(
            f"no chapter matches {chapter!r}; the chapters are: {', '.join(chapters) or 'none yet'}"
        )


def display_path(path: Path, base: Path | None = None) -> str:
    """Return ``path`` relative to ``base`` (or the current directory) when it lies inside."""
    path = Path(path)
    for anchor in (base, Path.cwd()):
        if anchor is None:
            continue
        try:
            return str(path.resolve().relative_to(Path(anchor).resolve()))
        except ValueError:
            continue
    return str(path)


def assign_cell_ids(notebook: nbformat.NotebookNode, stem: str) -> None:
    """Give every cell a deterministic id, so that rebuilding a notebook changes no ids."""
    for index, cell in enumerate(notebook.cells):
        cell["id"] = hashlib.sha1(f"{stem}:{index}".encode()).hexdigest()[:8]


def read_source(path: Path) -> nbformat.NotebookNode:
    """Read a jupytext percent source into a notebook with the python3 kernelspec.

    Parameters
    ----------
    path : Path
        A ``NN_topic.py`` file in jupytext percent format.

    Returns
    -------
    NotebookNode
        The notebook (nbformat 4.5) with deterministic cell ids and ``KERNELSPEC``.

    Raises
    ------
    CourseError
        If the file cannot be read or parsed.
    """
    import jupytext

    try:
        notebook = jupytext.read(path, fmt="py:percent")
    except Exception as error:
        raise CourseError(f"{path}: cannot be read as a jupytext percent notebook: {error}") from None
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    jupytext_metadata = dict(notebook.metadata.get("jupytext", {}))
    jupytext_metadata.pop("text_representation", None)
    jupytext_metadata.setdefault("formats", "ipynb,py:percent")
    notebook.metadata["jupytext"] = jupytext_metadata
    assign_cell_ids(notebook, path.stem)
    return notebook


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read an ``.ipynb`` file.

    Raises
    ------
    CourseUsageError
        If the file is missing, not JSON, or not a valid notebook; the message says which.
    """
    path = Path(path)
    if not path.is_file():
        raise CourseUsageError(f"{path}: no such file")
    try:
        with open(path, encoding="utf-8") as notebook_file:
            notebook = nbformat.read(notebook_file, as_version=4)
    except UnicodeDecodeError:
        raise CourseUsageError(f"{path}: not a notebook (the file is not UTF-8 text)") from None
    except Exception as error:  # nbformat raises several kinds for bad JSON and bad schema
        reason = _one_line(str(error), 160)
        raise CourseUsageError(
            f"{path}: not a valid notebook (invalid JSON or structure: {reason})"
        ) from None
    if not isinstance(notebook.get("cells"), list):
        raise CourseUsageError(f"{path}: not a valid notebook (it has no list of cells)")
    return notebook


def notebook_text(notebook: nbformat.NotebookNode) -> str:
    """Serialise a notebook the way the course stores it (nbformat JSON, final newline)."""
    return nbformat.writes(notebook) + "\n"


def has_python3_kernelspec(notebook: nbformat.NotebookNode) -> bool:
    """Whether the notebook metadata carries the course's ``python3`` kernelspec."""
    spec = notebook.get("metadata", {}).get("kernelspec", {})
    return spec.get("name") == "python3" and spec.get("language") == "python"


def _input_cells(notebook) -> list[tuple[str, str, tuple]]:
    return [
        (cell.cell_type, cell.source, tuple(cell.get("metadata", {}).get("tags", ())))
        for cell in notebook.cells
    ]


def _first_line(source: str, limit: int = 60) -> str:
    for line in source.splitlines():
        if line.strip():
            return _one_line(line, limit)
    return ""


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def input_differences(expected, actual, *, max_diff_lines: int = 12) -> list[str]:
    """List how the input cells of ``actual`` differ from those of ``expected``.

    Input cells are compared by type, source and tags; outputs, ids and other metadata are
    ignored.

    Returns
    -------
    list of str
        One entry per differing cell (with a short diff), empty when the inputs agree.
    """
    expected_cells = _input_cells(expected)
    actual_cells = _input_cells(actual)
    problems = []
    if len(expected_cells) != len(actual_cells):
        problems.append(f"it has {len(actual_cells)} cells, its source has {len(expected_cells)}")
    for index, (want, got) in enumerate(zip(expected_cells, actual_cells, strict=False)):
        if want == got:
            continue
        what = []
        if want[0] != got[0]:
            what.append(f"type {got[0]} instead of {want[0]}")
        if want[2] != got[2]:
            what.append(f"tags {list(got[2])} instead of {list(want[2])}")
        text = f"cell {index + 1} differs" + (f" ({'; '.join(what)})" if what else "")
        if want[1] != got[1]:
            diff = list(
                difflib.unified_diff(
                    want[1].splitlines(),
                    got[1].splitlines(),
                    "source (.py)",
                    "notebook (.ipynb)",
                    lineterm="",
                    n=1,
                )
            )
            if len(diff) > max_diff_lines:
                diff = diff[:max_diff_lines] + ["    …"]
            text += ":\n" + "\n".join(f"      {line}" for line in diff)
        problems.append(text)
    return problems


def cell_label(notebook, index: int) -> str:
    """Name a cell for a message: ``cell 7 (`x = 1 / 0`)``, counting all cells from 1."""
    if index is None or not 0 <= index < len(notebook.cells):
        return "an unknown cell"
    first = _first_line(notebook.cells[index].source, 50)
    return f"cell {index + 1}" + (f" (`{first}`)" if first else "")


# --------------------------------------------------------------------------- kernels


class _ThisPythonKernelSpecManager(KernelSpecManager):
    """Resolve ``python3`` to an ipykernel of the running Python, whatever kernelspecs exist.

    A stray user-level ``python3`` kernelspec pointing at another Python is a common reason
    for ``ModuleNotFoundError: neurocourse`` in a fresh kernel; the course commands always
    run notebooks with the Python that has the package installed.
    """

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        if kernel_name == "python3":
            from ipykernel.kernelspec import RESOURCES, get_kernel_dict

            spec = get_kernel_dict()
            spec["argv"] = [sys.executable, *spec["argv"][1:]]
            spec["display_name"] = KERNELSPEC["display_name"]
            return KernelSpec(resource_dir=RESOURCES, **spec)
        return super().get_kernel_spec(kernel_name)


class _ThisPythonKernelManager(AsyncKernelManager):
    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self) -> KernelSpecManager:
        return _ThisPythonKernelSpecManager(data_dir=self.data_dir)


def _course_client_class():
    """nbclient's NotebookClient, changed to give up on a cell that ignores an interrupt.

    With ``interrupt_on_timeout``, nbclient interrupts a cell over its time limit and waits
    for the reply; a cell stuck where Python cannot interrupt it (compiled code, SIGINT
    ignored) would be interrupted again and again, for ever. Here the second timeout of
    the same cell raises ``CellTimeoutError``, which stops the run.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError

    class CourseNotebookClient(NotebookClient):
        async def _async_handle_timeout(self, timeout, cell=None):
            interrupted = self.__dict__.setdefault("_course_interrupted_cells", set())
            if self.interrupt_on_timeout and id(cell) not in interrupted:
                interrupted.add(id(cell))
                return await super()._async_handle_timeout(timeout, cell)
            raise CellTimeoutError.error_from_timeout_and_cell("Cell execution timed out", timeout, cell)

    return CourseNotebookClient


@dataclasses.dataclass
class NotebookRun:
    """What happened when a notebook ran.

    Attributes
    ----------
    notebook : NotebookNode
        The notebook with its outputs.
    seconds : float
        Wall time [s], kernel start included.
    stopped_at : int or None
        Index of the cell at which execution stopped for good (kernel died, timeout
        without recovery, kernel failed to start: ``-1``); None when every cell ran.
    stop_reason : str or None
        Why it stopped, in words.
    """

    notebook: nbformat.NotebookNode
    seconds: float
    stopped_at: int | None = None
    stop_reason: str | None = None


def run_notebook(
    notebook: nbformat.NotebookNode,
    *,
    cwd: Path,
    timeout: float,
    allow_errors: bool = False,
    env: Mapping[str, str] | None = None,
    on_cell_start: Callable[[int], None] | None = None,
) -> NotebookRun:
    """Execute a notebook top to bottom on a fresh ``python3`` kernel.

    Parameters
    ----------
    notebook : NotebookNode
        The notebook; it is executed in place (outputs are replaced).
    cwd : Path
        Working directory of the kernel.
    timeout : float
        Time limit per cell [s].
    allow_errors : bool
        If True (grading), a failing cell is recorded and the next cells still run, and a
        cell over the time limit is interrupted; if False (building), the first failing
        cell raises :class:`NotebookExecutionError`.
    env : mapping, optional
        Environment of the kernel; the current environment by default.
    on_cell_start : callable, optional
        Called with the index of each cell before it runs.

    Returns
    -------
    NotebookRun

    Raises
    ------
    NotebookExecutionError
        If ``allow_errors`` is False and a cell fails, times out or kills the kernel.
    """
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    current = {"index": -1}

    def track(cell, cell_index, **_):
        current["index"] = cell_index
        if on_cell_start is not None:
            on_cell_start(cell_index)

    client = _course_client_class()(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=_ThisPythonKernelManager,
        allow_errors=allow_errors,
        interrupt_on_timeout=allow_errors,
        record_timing=False,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(cwd)}},
        on_cell_start=track,
    )
    kernel_env = dict(os.environ if env is None else env)
    kernel_env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # Notebooks draw with ipykernel's inline backend; an inherited MPLBACKEND (Agg in
    # test runs, a GUI backend on a desktop) would leave the figures out of the outputs.
    kernel_env.pop("MPLBACKEND", None)
    start = time.perf_counter()
    stopped_at, reason = None, None
    try:
        client.execute(env=kernel_env)
    except CellExecutionError as error:
        index = current["index"]
        raise NotebookExecutionError(
            _execution_error_text(notebook, index, error.ename, error.evalue, str(error))
        ) from None
    except CellTimeoutError:
        reason = f"it ran longer than the time limit of {timeout:g} s per cell"
        if allow_errors:
            reason += " and did not stop when interrupted"
        stopped_at = current["index"]
    except DeadKernelError:
        stopped_at, reason = current["index"], "the kernel died (a crash, `os._exit`, or out of memory)"
    except Exception as error:  # the kernel failed to start or to answer
        reason = f"the kernel failed: {type(error).__name__}: {_one_line(str(error), 200)}"
        stopped_at = current["index"]
    seconds = time.perf_counter() - start
    if stopped_at is not None and not allow_errors:
        raise NotebookExecutionError(f"{cell_label(notebook, stopped_at)} did not finish: {reason}")
    return NotebookRun(notebook, seconds, stopped_at, reason)


def _execution_error_text(notebook, index: int, ename: str, evalue: str, formatted: str) -> str:
    lines = [f"{cell_label(notebook, index)} raised {ename}: {_one_line(evalue, 300)}"]
    if 0 <= index < len(notebook.cells):
        lines.append("  cell source:")
        lines.extend(f"    {line}" for line in notebook.cells[index].source.splitlines())
        for output in notebook.cells[index].get("outputs", []):
            if output.get("output_type") == "error":
                lines.append("  traceback:")
                traceback_text = _ANSI_ESCAPE.sub("", "\n".join(output.get("traceback", [])))
                lines.extend(f"    {line}" for line in traceback_text.splitlines())
    return "\n".join(lines)


def strip_ansi(text: str) -> str:
    """Remove terminal colour codes (as found in tracebacks)."""
    return _ANSI_ESCAPE.sub("", text)


def scrub_outputs(notebook: nbformat.NotebookNode, *, folders: list[Path]) -> None:
    """Remove machine-specific paths and addresses from text outputs, in place.

    ``folders`` (e.g. the notebook's folder and the course root) become relative, the home
    folder becomes ``~``, site-packages paths lose their prefix, temporary kernel cell
    files become ``<cell>`` and object addresses (``<function f at 0x7f…>``) ``0x…``.
    """
    replacements = []
    for folder in folders:
        text = str(Path(folder).resolve())
        replacements.append((re.escape(text + os.sep), ""))
        replacements.append((re.escape(text) + r"(?![\w.-])", "."))
    replacements += [
        (r"(?:[^\s'\"(]*[/\\])?(?:site|dist)-packages[/\\]", "site-packages/"),
        (r"[^\s'\"(]*ipykernel_\d+[/\\]\d+\.py", "<cell>"),
        (re.escape(str(Path.home())) + r"(?=[/\\])", "~"),
        (r"(?<= at )0x[0-9a-fA-F]{6,}\b", "0x…"),
    ]
    compiled = [(re.compile(pattern), replacement) for pattern, replacement in replacements]

    def scrub(text: str) -> str:
        for pattern, replacement in compiled:
            text = pattern.sub(replacement, text)
        return text

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = scrub(output["text"])
            data = output.get("data", {})
            for mimetype, value in list(data.items()):
                if isinstance(value, str) and mimetype.startswith("text/"):
                    data[mimetype] = scrub(value)
            if "traceback" in output:
                output["traceback"] = [scrub(line) for line in output["traceback"]]
