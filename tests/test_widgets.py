"""Widget demos, driven headlessly through their update functions and controls."""

import numpy as np
from matplotlib.figure import Figure

import neurocourse as nc
from neurocourse.widgets import Demo, lif_current_demo, update_lif_current_demo


def test_lif_demo_update_reports_the_analytic_rate():
    fig, summary = update_lif_current_demo(2.5)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert "76.4 Hz" in summary
    assert fig.axes[0].get_xlabel() == "Time (ms)" and fig.axes[0].get_ylabel() == "V (mV)"
    assert "(nA)" in fig.axes[1].get_xlabel() and "(Hz)" in fig.axes[1].get_ylabel()


def test_lif_demo_below_rheobase_is_silent():
    _, summary = update_lif_current_demo(1.0)
    assert "silent" in summary and "rheobase" in summary


def test_lif_demo_slider_drives_the_update():
    # update times are measured by benchmarks/widget_times.py, not asserted here
    demo = lif_current_demo()
    assert isinstance(demo, Demo)
    for value in np.linspace(0.0, 6.0, 9):
        image = demo.image.value
        demo.controls["current"].value = float(value)
        assert demo.message.value == update_lif_current_demo(float(value))[1]
        assert demo.image.value != image  # a new picture for every move of the slider


def test_demo_shows_a_message_instead_of_a_traceback():
    import ipywidgets

    def update(x):
        if x < 0:
            raise ValueError("x [nA] must be >= 0; got -1")
        return Figure(), f"x = {x}"

    control = ipywidgets.FloatText(value=1.0)
    demo = Demo(update, {"x": control}, title="test")
    good_figure = demo.last_figure
    control.value = -1.0
    assert "cannot be simulated" in demo.message.value and "x [nA]" in demo.message.value
    assert demo.last_figure is good_figure


def test_widgets_are_reachable_from_the_package():
    assert nc.widgets.lif_current_demo is lif_current_demo
