"""Run one submitted notebook inside the sandbox: ``python -m neurocourse.course.notebook_runner``.

Arguments: the notebook copy, the output folder, the time limit per cell and per notebook
[s]. The runner executes the notebook on a fresh ``python3`` kernel (both run in the
sandbox), lets failing cells fail and goes on, and writes ``executed.ipynb`` and
``run.json`` (seconds, where it stopped and why) to the output folder. Before each cell it
appends the previous cell's state to ``progress.jsonl``, so that a run killed at the
notebook's time limit still says which cells ran.

What the run yields is used for feedback and to tell which cells ran without an error;
the grade itself comes from the checker processes.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

__all__ = ["main"]


def _cell_state(cell) -> dict:
    error = None
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            error = [output.get("ename", "Error"), str(output.get("evalue", ""))[:300]]
            break
    return {"error": error}


def main(argv: list[str] | None = None) -> int:
    """Run the notebook; always exit 0 unless the arguments are wrong."""
    from .notebooks import read_notebook, run_notebook

    argv = sys.argv[1:] if argv is None else argv
    notebook_path, output_dir = Path(argv[0]), Path(argv[1])
    cell_timeout, notebook_timeout = float(argv[2]), float(argv[3])
    notebook = read_notebook(notebook_path)
    progress = open(output_dir / "progress.jsonl", "a", encoding="utf-8")
    start = time.monotonic()
    state = {"previous": None}

    def on_cell_start(index: int) -> None:
        previous = state["previous"]
        if previous is not None:
            progress.write(json.dumps({"cell": previous, **_cell_state(notebook.cells[previous])}) + "\n")
        progress.write(json.dumps({"cell": index, "started": True}) + "\n")
        progress.flush()
        state["previous"] = index
        if time.monotonic() - start > notebook_timeout:
            raise TimeoutError(f"the notebook ran longer than its time limit of {notebook_timeout:g} s")

    run = run_notebook(
        notebook,
        cwd=notebook_path.parent,
        timeout=cell_timeout,
        allow_errors=True,
        on_cell_start=on_cell_start,
    )
    reason = run.stop_reason
    if reason and "TimeoutError" in reason:
        reason = f"the notebook ran longer than its time limit of {notebook_timeout:g} s"
    if state["previous"] is not None:
        previous = state["previous"]
        cell_state = _cell_state(notebook.cells[previous])
        if run.stopped_at == previous and cell_state["error"] is None:
            cell_state["error"] = ["Stopped", reason or "the run stopped"]
        progress.write(json.dumps({"cell": previous, **cell_state}) + "\n")
    progress.close()
    import nbformat

    nbformat.write(run.notebook, output_dir / "executed.ipynb")
    with open(output_dir / "run.json", "w", encoding="utf-8") as run_file:
        json.dump({"seconds": run.seconds, "stopped_at": run.stopped_at, "stop_reason": reason}, run_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
