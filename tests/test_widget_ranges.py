"""Every value a demo's controls offer is one the demo accepts.

A learner can only move a slider within its range, so a range that includes values the model
refuses is a trap. Each control of every demo is swept over its whole range (both ends and
values between, the other controls at their defaults); each setting must draw, except the
refusals listed below, which the lecture teaches on purpose and whose message must name the
control the learner moved.
"""

import ipywidgets
import numpy as np
import pytest

import neurocourse as nc

DEMOS = [
    "lif_current_demo",
    "lif_explorer",
    "izhikevich_zoo",
    "brunel_explorer",
    "wilson_cowan_phase_plane",
    "mach_bands",
    "winner_take_all",
    "sparsity_tradeoff",
    "lca_dynamics",
    "basis_browser",
    "rh09_explorer",
    "biased_competition",
    "softmax_attention_heatmap",
    "rescorla_wagner_designer",
    "bandit_arena",
    "dopamine_raster",
    "encoder_explorer",
    "stdp_explorer",
    "bit_width_explorer",
    "conversion_dashboard",
]

#: (demo, control) -> predicate on the value: settings refused on purpose, with a message.
TAUGHT_REFUSALS = {
    ("lif_explorer", "v_threshold"): lambda value: value <= -65.0,  # theta at or below the reset
}


def _sweep(widget, n=7):
    if isinstance(widget, (ipywidgets.FloatSlider, ipywidgets.IntSlider)):
        values = np.linspace(widget.min, widget.max, n)
        if widget.step:
            values = np.unique(np.round((values - widget.min) / widget.step) * widget.step + widget.min)
        values = np.clip(values, widget.min, widget.max)
        return [int(v) if isinstance(widget, ipywidgets.IntSlider) else float(v) for v in values]
    if isinstance(widget, ipywidgets.FloatLogSlider):
        return list(widget.base ** np.linspace(widget.min, widget.max, n))
    if hasattr(widget, "options"):
        return [option[1] if isinstance(option, tuple) else option for option in widget.options]
    if isinstance(widget, ipywidgets.Checkbox):
        return [True, False]
    return []


@pytest.mark.parametrize("name", DEMOS)
def test_every_control_value_is_accepted_or_refused_by_name(name):
    demo = getattr(nc.widgets, name)()
    defaults = demo.values()
    for control, widget in demo.controls.items():
        for value in _sweep(widget):
            widget.value = value
            if widget.value == defaults[control] and demo.last_changed != control:
                demo.last_changed = control
                demo.refresh()
            refused = "cannot be simulated" in demo.message.value
            taught = TAUGHT_REFUSALS.get((name, control), lambda v: False)(value)
            assert refused == taught, (name, control, value, demo.message.value)
            if refused:
                label = widget.description or control
                assert f"you set <b>{label}</b>" in demo.message.value, demo.message.value
        widget.value = defaults[control]
