"""Widget demos of chapter 00, welcome."""

from __future__ import annotations

import functools

import ipywidgets

from ..neurons import LIFParams, lif_rate, lif_rheobase, simulate_lif
from ._base import Demo
from .circuits import lif_trace_and_fi_figure

__all__ = ["lif_current_demo", "update_lif_current_demo"]

_PARAMS = LIFParams()


@functools.lru_cache(maxsize=256)
def _simulate(current, params, duration, dt):
    return simulate_lif(params, current, duration=duration, dt=dt)


def update_lif_current_demo(current, *, params=_PARAMS, duration=200.0, dt=0.1):
    """Draw the voltage of a LIF neuron driven by a constant current, and its rate on the f-I curve.

    Parameters
    ----------
    current : float
        Input current [nA].
    params : LIFParams
        Neuron parameters (neurodynex defaults).
    duration : float
        Simulated time [ms].
    dt : float
        Time step [ms].

    Returns
    -------
    figure : matplotlib.figure.Figure
        Left, the voltage trace; right, the analytic f-I curve with this current marked.
    summary : str
        HTML line with the measured and analytic rates.
    """
    result = _simulate(float(current), params, float(duration), float(dt))
    fig, measured = lif_trace_and_fi_figure(
        params, result, current, max_current=6.0, title=f"I = {current:.2f} nA"
    )
    i_rh = lif_rheobase(params)
    if measured == 0.0:
        state = (
            f"is silent: {current:.2f} nA is below the rheobase {i_rh:.2f} nA"
            if current <= i_rh
            else "fires too few spikes in this window to measure a rate"
        )
    else:
        state = f"fires at <b>{measured:.1f} Hz</b> (analytic f-I curve: {lif_rate(params, current):.1f} Hz)"
    return fig, f"I = {current:.2f} nA: the neuron {state}."


def lif_current_demo():
    """Return a widget: a LIF neuron driven by a current slider, with its voltage and rate.

    Move the slider across the rheobase (2 nA) and watch the neuron start firing; the orange
    point on the right walks along the analytic f-I curve.
    """
    current = ipywidgets.FloatSlider(
        value=2.5,
        min=0.0,
        max=6.0,
        step=0.05,
        description="I (nA)",
        continuous_update=False,
        readout_format=".2f",
    )
    return Demo(
        lambda current: update_lif_current_demo(current),
        {"current": current},
        title="A leaky integrate-and-fire neuron",
    )
