"""Every figure of a plotting helper carries a one-sentence description as its alt text.

The helpers compute the sentence from their data (:func:`neurocourse.plotting.describe`); in a
kernel it travels with the displayed image as ``metadata["image/png"]["alt"]`` and as the
``text/plain`` form; the built notebooks keep it; the website makes it the ``<img alt>``
(tests/test_site.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import neurocourse as nc  # noqa: E402
from neurocourse import plotting  # noqa: E402
from neurocourse.plotting import describe, figure_description  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HELPERS = sorted(name for name in plotting.__all__ if name.startswith("plot_"))


def _voltage():
    time = np.arange(0.0, 100.0, 0.1)
    voltage = -70.0 + 15.0 * (time % 25.0) / 25.0
    return plotting.plot_voltage_trace(time, voltage, spike_times=[25.0, 50.0, 75.0], threshold=-55.0)


def _raster():
    return plotting.plot_raster([0, 1, 5, 5, 9], [1.0, 2.0, 3.0, 40.0, 50.0], n_excitatory=8)


def _fi():
    currents = np.linspace(0.0, 4.0, 9)
    rates = np.where(currents >= 2.0, 10.0 * currents, 0.0)
    return plotting.plot_fi_curve(
        currents, rates, analytic_currents=currents, analytic_rates=rates, highlight=(3.0, 30.0)
    )


def _rate():
    return plotting.plot_population_rate(np.arange(0.0, 200.0, 1.0), np.full(200, 12.0), label="E")


def _brunel():
    return plotting.plot_brunel_phase_diagram(nc.datasets.load_brunel_grid(), mark=(5.0, 2.0))


def _wilson_cowan():
    params = nc.networks.WilsonCowanParams()
    runs = nc.networks.simulate_wilson_cowan(params, r_init=[(0.6, 0.8), (0.2, 0.1)], duration=50.0)
    return plotting.plot_wilson_cowan_phase_plane(params, trajectories=runs)


def _concept_map():
    return plotting.plot_concept_map()


#: helper -> (a call with small data, words the sentence must contain)
CASES = {
    "plot_voltage_trace": (_voltage, ["Membrane voltage", "over 99.9 ms", "3 spikes", "threshold at -55 mV"]),
    "plot_raster": (_raster, ["Spike raster", "5 spikes of 4 neurons", "between 1 and 50 ms", "below 8"]),
    "plot_fi_curve": (
        _fi,
        ["f-I curve", "9 simulated points", "firing from 2 nA", "analytic", "3 nA and 30 Hz"],
    ),
    "plot_population_rate": (
        _rate,
        ["Population firing rate (E)", "over 199 ms", "mean 12 Hz", "peak 12 Hz"],
    ),
    "plot_brunel_phase_diagram": (_brunel, ["Brunel", "117 cells", "AI: asynchronous irregular in", "g = 5"]),
    "plot_wilson_cowan_phase_plane": (
        _wilson_cowan,
        ["Wilson-Cowan phase plane", "3 fixed points", "2 stable"],
    ),
    "plot_concept_map": (
        _concept_map,
        ["Concept map of 6 chapters", "5 arrows", "02 Sparse coding needs 01"],
    ),
}


def test_every_public_helper_has_a_case():
    other = sorted(
        f"{module}.{name}"
        for module in ("analysis", "widgets", "sparse_coding", "attention", "reward", "neuromorphic")
        for name in getattr(getattr(nc, module), "__all__", [])
        if name.startswith("plot_")
    )
    assert not other, f"public plot_* helpers outside neurocourse.plotting need a case here: {other}"
    assert sorted(CASES) == HELPERS


@pytest.mark.parametrize("name", HELPERS)
def test_every_helper_describes_its_figure_in_one_sentence(name):
    call, words = CASES[name]
    ax = call()
    try:
        text = figure_description(ax.figure, fallback=False)
        assert text, f"{name} attached no description"
        assert text == figure_description(ax.figure)
        assert text[0].isupper() and text.endswith("."), text
        assert text.count(". ") == 0, f"{name}: more than one sentence: {text}"
        for word in words:
            assert word in text, f"{name}: {word!r} not in {text!r}"
    finally:
        plt.close(ax.figure)


def test_sentences_of_one_panel_add_up_and_panels_are_numbered():
    fig, (left, right) = plt.subplots(1, 2)
    try:
        plotting.plot_population_rate([0.0, 10.0], [1.0, 3.0], ax=left, label="E")
        plotting.plot_population_rate([0.0, 10.0], [2.0, 2.0], ax=left, label="I")
        right.set_xlabel("Time (ms)")
        right.set_ylabel("V (mV)")
        text = figure_description(fig)
        assert text == (
            "A figure of 2 panels. Panel 1: Population firing rate (E) over 10 ms: mean 2 Hz, peak 3 Hz. "
            "Population firing rate (I) over 10 ms: mean 2 Hz, peak 2 Hz. "
            "Panel 2: A plot of V (mV) against Time (ms)."
        )
        assert figure_description(fig, fallback=False).endswith("peak 2 Hz.")
        describe(fig, "Rates of E and I, and an empty voltage panel")
        assert figure_description(fig) == "Rates of E and I, and an empty voltage panel."
    finally:
        plt.close(fig)


def test_a_bare_figure_has_no_description_and_describe_checks_its_arguments():
    fig, ax = plt.subplots()
    try:
        assert figure_description(fig) is None
        ax.set_title("Spectrum")
        assert figure_description(fig) == "Spectrum: a plot."
        with pytest.raises(TypeError, match="Axes or Figure"):
            describe("ax", "text")
        with pytest.raises(TypeError, match="must be a str"):
            describe(ax, 3)
        with pytest.raises(ValueError, match="non-empty"):
            describe(ax, "   ")
    finally:
        plt.close(fig)


def test_the_description_reaches_the_displayed_image_in_a_real_kernel():
    """In a kernel with the inline backend (as in JupyterLab): the image output's metadata
    carries ``alt`` and its ``text/plain`` says the same, also after ``%matplotlib inline``
    registers the formatters again; a plain figure with labels gets the label sentence."""
    import nbformat
    from nbclient import NotebookClient

    cells = [
        "import neurocourse as nc\nnc.plotting.use_course_style()\n"
        "ax = nc.plotting.plot_population_rate([0, 10, 20], [1, 2, 3])",
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
        "ax.plot([0, 1], [1, 0])\nax.set_xlabel('x (mm)')",
        "%matplotlib inline\nax = nc.plotting.plot_raster([0, 1], [1.0, 2.0])",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    expected = [
        "Population firing rate over 20 ms: mean 2 Hz, peak 3 Hz.",
        "A plot of a quantity against x (mm).",
        "Spike raster: 2 spikes of 2 neurons between 1 and 2 ms, one dot per spike, "
        "neuron index against time.",
    ]
    for cell, text in zip(nb.cells, expected, strict=True):
        images = [output for output in cell.outputs if "image/png" in output.get("data", {})]
        assert len(images) == 1, cell.source
        assert images[0]["metadata"]["image/png"]["alt"] == text
        assert images[0]["data"]["text/plain"] == f"Figure: {text}"


#: A call of a plotting helper in a notebook cell.
HELPER_CALL = re.compile(r"\b(?:plotting\.)?(" + "|".join(HELPERS) + r")\(")
BUILT = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])


@pytest.mark.parametrize("path", BUILT, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_image_a_helper_drew_in_a_built_notebook_has_alt_text(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    missing = []
    for index, cell in enumerate(notebook["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
        if cell["cell_type"] != "code" or not HELPER_CALL.search(code):
            continue
        for output in cell.get("outputs", []):
            if "image/png" not in output.get("data", {}):
                continue
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if not (isinstance(alt, str) and alt.strip().endswith(".")):
                missing.append(f"cell {index}: {source.strip().splitlines()[0][:70]}")
    assert not missing, f"{path.name}: helper figures without alt text (rebuild it):\n" + "\n".join(missing)
