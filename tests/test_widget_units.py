"""Every numeric control of every demo tells the learner its unit.

The rule for a control's ``description`` (the label the learner sees next to it):

* it ends in one unit in parentheses after a name, ``<name> (<unit>)``: ``I (nA)``,
  ``tau_m (ms)``, ``input rate (Hz)``;
* a dimensioned quantity uses its unit from the course's unit table (README, "Units") or the
  few more a demo needs: ms, s, mV, nA, nS, MOhm or MΩ, nF, Hz, deg or °, %, and a.u. for a
  quantity the library itself measures in arbitrary units (its docstring says ``[a.u.]``);
  lengths on a grid are in ``pixels`` or ``units`` (network units);
* a dimensionless quantity (a ratio, a gain, a probability, a weight or input of a model
  without units, the log of a pure number) is marked ``(–)``, an en dash: ``k (–)``,
  ``gamma (–)``. This is the ONE dimensionless marker; ``(a.u.)``, ``(1)`` and ``(-)`` are
  not used for it;
* an integer that counts things carries the things as its unit: ``phase 1 (trials)``,
  ``T (steps)``, ``decay (bits)``; an integer that picks one item (an index, a trial number, a
  seed) is marked ``(#)`` after the name of what it picks: ``patch (#)``, ``trial (#)``.
  Both are integer-valued, so the test requires an integer control for them.

Where the update function's docstring gives the parameter a unit in brackets (``[ms]``), the
label must show the same unit. Numeric controls are FloatSlider, IntSlider, FloatLogSlider,
and selection controls (dropdowns, selection sliders) whose options are all numbers; menus
of words, check boxes and toggles are not checked. A label must also stay visible: ipywidgets
cuts a label wider than its 80 px default (13 px font) with an ellipsis, so a longer label
must set ``style={"description_width": "initial"}``; its width is measured here in DejaVu Sans
(bundled with matplotlib), wider than most interface fonts.
"""

import inspect
import numbers
import re

import ipywidgets
import pytest
from matplotlib import font_manager
from PIL import ImageFont

import neurocourse as nc

#: The dimensionless marker, and the marker of an index.
DIMENSIONLESS = "–"  # U+2013 EN DASH
INDEX = "#"
#: Dimensioned units, as written in a label; aliases say the same unit.
UNITS = {"ms", "s", "mV", "nA", "nS", "MOhm", "MΩ", "nF", "Hz", "deg", "°", "%", "a.u.", "pixels", "units"}
ALIASES = {"MΩ": "MOhm", "°": "deg"}
#: Units of integer counts.
COUNT_UNITS = {"trials", "steps", "bits"}

LABEL = re.compile(r"^(?P<name>\S(?:.*\S)?) \((?P<unit>[^()]+)\)$")
MAX_LABEL_CHARS = 20
DEFAULT_LABEL_PX = 80.0
FONT = ImageFont.truetype(font_manager.findfont("DejaVu Sans", fallback_to_default=False), 13)


def _demo_names():
    names = nc.widgets.__all__
    return sorted(n for n in names if f"update_{n}" in names)


def _option_values(widget):
    return [option[1] if isinstance(option, tuple) else option for option in widget.options]


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _numeric_controls(demo):
    for key, widget in demo.controls.items():
        if isinstance(widget, (ipywidgets.FloatSlider, ipywidgets.IntSlider, ipywidgets.FloatLogSlider)):
            yield key, widget, isinstance(widget, ipywidgets.IntSlider)
        elif hasattr(widget, "options"):  # dropdowns, selection sliders, toggle buttons
            values = _option_values(widget)
            if values and all(_is_number(v) for v in values):
                yield key, widget, all(isinstance(v, numbers.Integral) for v in values)


def _docstring_unit(update, key):
    """The bracketed unit the numpydoc docstring gives parameter ``key``, or None."""
    doc = inspect.getdoc(update) or ""
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        names = line.split(" : ")[0] if " : " in line and not line.startswith(" ") else ""
        if key in [n.strip() for n in names.split(",")]:
            body = []
            for text in lines[i + 1 :]:
                if not text.startswith("    "):
                    break
                body.append(text)
            found = re.search(r"\[([^\]\d,]+)\]", " ".join(body))  # not a range like [0, 1]
            return found.group(1) if found else None
    return None


DEMOS = _demo_names()


def test_every_demo_is_found():
    assert len(DEMOS) == 20 and "lif_explorer" in DEMOS and "conversion_dashboard" in DEMOS


@pytest.mark.parametrize("name", DEMOS)
def test_numeric_controls_carry_a_unit(name):
    demo = getattr(nc.widgets, name)()
    update = getattr(nc.widgets, f"update_{name}")
    checked = 0
    for key, widget, integer in _numeric_controls(demo):
        label = widget.description
        where = f"{name}.controls[{key!r}] = {label!r}"
        match = LABEL.match(label)
        assert match, f"{where}: a numeric control's label must be '<name> (<unit>)'"
        unit = match["unit"]
        allowed = UNITS | COUNT_UNITS | {DIMENSIONLESS, INDEX}
        assert unit in allowed, f"{where}: unit {unit!r} is none of {sorted(allowed)}"
        if unit in COUNT_UNITS or unit == INDEX:
            assert integer, f"{where}: ({unit}) counts or picks items, so the control must be integer"
        stated = _docstring_unit(update, key)
        if stated is not None:
            assert ALIASES.get(unit, unit) == ALIASES.get(stated, stated), (
                f"{where}: update_{name} documents {key} in [{stated}]"
            )
        checked += 1
    assert checked, f"{name} has no numeric control"


@pytest.mark.parametrize("name", DEMOS)
def test_labels_are_short_and_not_cut(name):
    demo = getattr(nc.widgets, name)()
    for key, widget in demo.controls.items():
        label = widget.description
        if not label or isinstance(widget, ipywidgets.Checkbox):  # a check box's label is beside it
            continue
        assert len(label) <= MAX_LABEL_CHARS, f"{name}.controls[{key!r}] = {label!r} is too long"
        if widget.style.description_width != "initial":
            width = FONT.getlength(label)
            assert width <= DEFAULT_LABEL_PX, (
                f"{name}.controls[{key!r}] = {label!r} is {width:.0f} px wide, cut at "
                f'{DEFAULT_LABEL_PX:.0f} px: set style={{"description_width": "initial"}}'
            )


def test_the_rules_reject_a_bare_or_unknown_label():
    """The label pattern and unit set refuse what the rule forbids (no test that cannot fail)."""
    for bad in ("I", "I(nA)", "I (volts)", "(ms)", "k (a.u.) x", "rate Hz"):
        match = LABEL.match(bad)
        assert match is None or match["unit"] not in UNITS | COUNT_UNITS | {DIMENSIONLESS, INDEX}, bad
    assert _docstring_unit(nc.widgets.update_lif_explorer, "tau_m") == "ms"
    assert _docstring_unit(nc.widgets.update_winner_take_all, "beta") is None  # "in [0, 100]"
    assert FONT.getlength("sigma_s (deg)") > DEFAULT_LABEL_PX > FONT.getlength("tau_m (ms)")
