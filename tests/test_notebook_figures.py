"""Every figure a notebook draws is shown.

nbval-lax compares only marked text outputs and never images, so a notebook whose figures
silently stopped appearing passed every other test: chapter 01 showed 1 of its 12 static
figures because the course style restored matplotlib's ``interactive`` flag after the inline
backend had switched it on. These tests look at the images themselves.
"""

import json
import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILT = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))

#: A code cell that makes or draws on a figure, or builds a widget demo.
DRAWS = re.compile(
    r"plt\.(subplots|figure|plot|imshow|hist|bar)\(|\bsubplots\(|"
    r"plotting\.(?!use_course_style\b|course_style\b|COLORS\b|REGIME_\w+\b)\w+\(|"
    r"\bnc\.widgets\.\w+\(|\bax\w*\.(plot|imshow|hist|bar|scatter|fill_between)\("
)
SHOWN = {"image/png", "image/svg+xml", "application/vnd.jupyter.widget-view+json"}


def _drawing_cells(path):
    nb = json.loads(path.read_text())
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
        if DRAWS.search(code):
            yield index, source, cell.get("outputs", [])


def test_the_scan_finds_drawing_cells():
    counts = {f"{path.parent.name}/{path.name}": len(list(_drawing_cells(path))) for path in BUILT}
    lectures = {name: n for name, n in counts.items() if name.startswith("notebooks/")}
    assert len(lectures) >= 2 and all(n > 0 for n in lectures.values()), counts
    assert counts["notebooks/01_circuits.ipynb"] >= 12, counts


@pytest.mark.parametrize("path", BUILT, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_drawing_cell_of_a_built_notebook_shows_an_image(path):
    missing = []
    for index, source, outputs in _drawing_cells(path):
        kinds = {kind for output in outputs for kind in output.get("data", {})}
        if not kinds & SHOWN:
            missing.append(f"cell {index}: {source.strip().splitlines()[0][:80]}")
    assert not missing, f"{path.name}: cells that draw but show no figure:\n" + "\n".join(missing)


def test_course_style_keeps_every_later_figure_visible_in_a_real_kernel():
    """The regression itself, in an IPython kernel with the inline backend (as in JupyterLab):
    the session's first figure is made by the course style, and later figures, through the
    course helpers and through plain pyplot, still show."""
    from nbclient import NotebookClient

    cells = [
        "import neurocourse as nc\nfig, ax = nc.plotting.new_axes()\nax.plot([0, 1], [0, 1])",
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([0, 1], [1, 0])",
        "fig, ax = nc.plotting.new_axes()\nax.plot([0, 1], [1, 1])",
        "nc.plotting.use_course_style()\nfig, ax = plt.subplots()\nax.plot([0, 1], [0, 0])",
        "import matplotlib as mpl\nprint(mpl.is_interactive())",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    for cell in nb.cells[:-1]:
        kinds = {kind for output in cell.outputs for kind in output.get("data", {})}
        assert "image/png" in kinds, f"no figure shown for:\n{cell.source}"
    assert nb.cells[-1].outputs[0]["text"].strip() == "True"
