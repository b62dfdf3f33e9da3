"""A live demo reuses its figure, and what it shows is exactly what a fresh figure shows.

:class:`neurocourse.widgets.Demo` hands an update function the figure of the previous update,
emptied and reset, because building a matplotlib figure (its axes and tick objects) costs more
than drawing the data. Anything the reset misses (a colour bar's axes, a log scale, fixed ticks,
an inverted or equal-aspect axis, a title) would leak from one setting into the next. So every
demo is driven through its controls, a few values per control, and each picture it shows must
equal, pixel for pixel, the picture of a new figure drawn by calling the update function
directly with the same values.
"""

import io

import ipywidgets
import numpy as np
import pytest
from PIL import Image

import neurocourse as nc
from neurocourse.widgets._base import render_png

#: Every demo the package exports: ``name()`` builds it, ``update_name(**values)`` draws it.
DEMOS = [
    name[len("update_") :]
    for name in nc.widgets.__all__
    if name.startswith("update_") and name[len("update_") :] in nc.widgets.__all__
]


def _values(widget):
    """Both ends of a control's range and one value between, or every option."""
    if isinstance(widget, ipywidgets.FloatLogSlider):
        exponents = (widget.max, (widget.min + widget.max) / 2, widget.min)
        return [widget.base**exponent for exponent in exponents]
    if isinstance(widget, (ipywidgets.FloatSlider, ipywidgets.IntSlider)):
        mid = widget.min + round((widget.max - widget.min) / 2 / widget.step) * widget.step
        return [widget.max, type(widget.value)(mid), widget.min]
    if hasattr(widget, "options"):
        return [option[1] if isinstance(option, tuple) else option for option in widget.options][:4]
    if isinstance(widget, ipywidgets.Checkbox):
        return [not widget.value, widget.value]
    return []


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("name", DEMOS)
def test_a_reused_figure_shows_what_a_new_one_shows(name):
    demo = getattr(nc.widgets, name)()
    update = getattr(nc.widgets, f"update_{name}")
    compared = 0
    for control, widget in demo.controls.items():
        for value in _values(widget):
            widget.value = value
            if "cannot be simulated" in demo.message.value:
                continue
            fresh = render_png(update(**demo.values())[0])
            shown, expected = _pixels(demo.image.value), _pixels(fresh)
            assert shown.shape == expected.shape, (control, value)
            differing = np.argwhere((shown != expected).any(axis=-1))
            assert differing.size == 0, (
                f"{name}: after setting {control} = {value!r}, {len(differing)} pixels differ from a new "
                f"figure, first at (row, column) {tuple(differing[0])}"
            )
            compared += 1
    assert compared >= 2
