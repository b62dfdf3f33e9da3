"""Saved progress bars in the built notebooks show a finished bar (or a one-line summary), never 0%.

The library draws progress with ``tqdm.auto`` (``neurocourse/_progress.py`` with ``leave=False``
for chunked simulations; ``sparse_coding``, ``attention`` and ``neuromorphic`` with the default
``leave=True``). In an executed notebook a bar is saved in one of three forms:

* a stream (stdout/stderr) of tqdm text, frames separated by ``\\r`` (console tqdm);
* a ``display_data`` output with ``application/vnd.jupyter.widget-view+json`` pointing at an
  ``HBox`` whose children are ``HTML`` (label, "desc: 100%"), ``FloatProgress``/``IntProgress``
  and ``HTML`` ("n/total [...]"), the state of every model being stored in the notebook's
  ``metadata["widgets"]["application/vnd.jupyter.widget-state+json"]``, plus a ``text/plain``
  fallback (tqdm's repr) shown wherever widgets are not rendered;
* a ``text/plain`` repr of a bar in any other output.

A text bar is *finished* when it reads 100% and, where it prints ``n/total``, ``n == total``
(tqdm rounds 99.6% up to "100%"). A saved widget is finished when the progress model has
``value == max``; its label, when the box is not hidden (``leave=False`` hides it on close),
must read 100%; its ``text/plain`` fallback must be a finished bar or a line that is no bar.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
PROGRESS_MODELS = {"FloatProgressModel", "IntProgressModel"}

#: tqdm's left bar "desc: 100%|" (percentage is formatted "{:3.0f}%" then "|").
_TEXT_BAR = re.compile(r"(\d{1,3})%\|")
#: tqdm's right bar "| n/total [" (n and total may carry SI suffixes when unit_scale is on).
_COUNT = re.compile(r"\|\s*([\d.]+[kMG]?)/([\d.]+[kMG]?)\s*\[")
#: tqdm's widget label "desc: 100%" (figure spaces U+2007 stand for blanks).
_LABEL = re.compile(r"(\d{1,3})%\s*$")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def visible_lines(text: str) -> list[str]:
    """Lines as a notebook renders them: within a line, ``\\r`` returns to its start."""
    lines = []
    for line in text.split("\n"):
        frames = [frame for frame in line.split("\r") if frame]
        if frames:
            lines.append(frames[-1])
    return lines


def text_bar_problems(text: str) -> list[str]:
    """Unfinished tqdm bars among the visible lines of ``text`` (empty list: none)."""
    problems = []
    for line in visible_lines(text):
        bar = _TEXT_BAR.search(line)
        if bar is None:
            continue  # not a bar: a summary line or ordinary output
        count = _COUNT.search(line)
        finished = int(bar.group(1)) == 100 and (count is None or count.group(1) == count.group(2))
        if not finished:
            problems.append(f"unfinished bar {line.strip()!r}")
    return problems


def _model(state: dict, ref: str) -> dict | None:
    return state.get(ref.removeprefix("IPY_MODEL_"))


def widget_problems(model_id: str, state: dict) -> tuple[bool, list[str]]:
    """``(is_progress_bar, problems)`` for a displayed widget, from the saved widget state."""
    model = state.get(model_id)
    if model is None:
        return False, []  # no saved state: only the text/plain fallback shows (checked apart)
    children = [_model(state, ref) for ref in model["state"].get("children", [])]
    bars = [c for c in children if c is not None and c["model_name"] in PROGRESS_MODELS]
    if model["model_name"] in PROGRESS_MODELS:
        bars = [model]
    if not bars:
        return False, []
    problems = []
    for bar in bars:
        value, maximum = bar["state"].get("value"), bar["state"].get("max")
        if value != maximum:
            problems.append(f"saved progress widget value {value} != max {maximum}")
    layout = _model(state, model["state"].get("layout", "")) or {"state": {}}
    hidden = layout["state"].get("visibility") == "hidden" or layout["state"].get("display") == "none"
    if not hidden:
        for child in children:
            if child is None or child["model_name"] != "HTMLModel":
                continue
            label = child["state"].get("value", "").replace("\u2007", " ")
            percent = _LABEL.search(label)
            if percent is not None and int(percent.group(1)) != 100:
                problems.append(f"visible widget label {label.strip()!r}")
    return True, problems


def notebook_problems(nb: dict) -> list[str]:
    """Every unfinished saved progress bar in notebook ``nb``, as "cell i, output j: why"."""
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    problems = []
    for i, cell in enumerate(nb["cells"]):
        for j, output in enumerate(cell.get("outputs", [])):
            where = f"cell {i} ({cell.get('id', '?')}), output {j}"
            found = []
            if output["output_type"] == "stream":
                found += text_bar_problems(_text(output.get("text", "")))
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                _, why = widget_problems(data[WIDGET_VIEW]["model_id"], state)
                found += why
            if "text/plain" in data:
                found += [f"text/plain fallback: {p}" for p in text_bar_problems(_text(data["text/plain"]))]
            problems += [f"{where}: {p}" for p in found]
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[f"{p.parent.name}/{p.name}" for p in NOTEBOOKS])
def test_saved_progress_bars_are_finished(path):
    problems = notebook_problems(json.loads(path.read_text(encoding="utf-8")))
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_there_are_built_notebooks():
    assert len(NOTEBOOKS) >= 2


# --- the detector itself -------------------------------------------------------------------


def _widget_nb(value, maximum, label, plain, hidden=False):
    state = {
        "box": {
            "model_name": "HBoxModel",
            "state": {"children": ["IPY_MODEL_l", "IPY_MODEL_p", "IPY_MODEL_r"], "layout": "IPY_MODEL_lay"},
        },
        "l": {"model_name": "HTMLModel", "state": {"value": label}},
        "p": {"model_name": "FloatProgressModel", "state": {"value": value, "max": maximum}},
        "r": {"model_name": "HTMLModel", "state": {"value": "\u2007300/300\u2007[00:02&lt;00:00]"}},
        "lay": {"model_name": "LayoutModel", "state": {"visibility": "hidden" if hidden else None}},
    }
    output = {"output_type": "display_data", "data": {WIDGET_VIEW: {"model_id": "box"}, "text/plain": plain}}
    return {"cells": [{"outputs": [output]}], "metadata": {"widgets": {WIDGET_STATE: {"state": state}}}}


FINISHED_PLAIN = "fit: 100%|##########| 300/300 [00:02<00:00, 120.64batch/s]"
ZERO_PLAIN = "fit:   0%|          | 0/300 [00:00<?, ?batch/s]"


@pytest.mark.parametrize(
    ("text", "n_problems"),
    [
        ("fit:   0%|          | 0/300 [00:00<?, ?batch/s]", 1),
        ("\rfit:   0%|  | 0/3 [00:00<?]\rfit: 100%|##| 3/3 [00:01<00:00]\n", 0),
        ("\rfit: 100%|##| 3/3 [00:01<00:00]\rfit:  67%|# | 2/3 [00:01<00:00]", 1),
        ("fit: 100%|##########| 996/1000 [00:01<00:00]", 1),  # tqdm rounds 99.6% up
        ("learned 300 batches in 2.5 s (residual 12.0%)\n", 0),  # a one-line summary
        ("fit: 100%|██████████| 60/60 [00:00<00:00, 91.35epoch/s]\n", 0),
    ],
)
def test_text_bar_detector(text, n_problems):
    assert len(text_bar_problems(text)) == n_problems


def test_widget_detector():
    done = _widget_nb(300.0, 300.0, "fit:\u2007100%", FINISHED_PLAIN)
    assert notebook_problems(done) == []
    # A finished widget whose text/plain fallback froze at 0% (tqdm's repr at display time).
    assert len(notebook_problems(_widget_nb(300.0, 300.0, "fit:\u2007100%", ZERO_PLAIN))) == 1
    # An unfinished saved value, and its visible label.
    assert len(notebook_problems(_widget_nb(120.0, 300.0, "fit:\u2007\u200740%", FINISHED_PLAIN))) == 2
    # A hidden box (leave=False): its stale label is not shown, but value must still equal max.
    assert (
        notebook_problems(_widget_nb(300.0, 300.0, "fit:\u2007\u200797%", FINISHED_PLAIN, hidden=True)) == []
    )
    # A widget output without saved state shows only its fallback, which alone decides.
    for plain, n_problems in ((FINISHED_PLAIN, 0), (ZERO_PLAIN, 1)):
        missing = _widget_nb(300.0, 300.0, "fit:\u2007100%", plain)
        missing["metadata"] = {}
        assert len(notebook_problems(missing)) == n_problems
