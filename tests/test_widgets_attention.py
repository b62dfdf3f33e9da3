"""Chapter 03 widget demos and their figures, driven headlessly."""

import io
import re

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from neurocourse import attention  # noqa: E402
from neurocourse.widgets import (  # noqa: E402
    Demo,
    biased_competition,
    rh09_explorer,
    softmax_attention_heatmap,
    update_biased_competition,
    update_rh09_explorer,
    update_softmax_attention_heatmap,
)

UNIT = re.compile(r"\(.+\)")
DIMENSIONLESS = {"Contrast", "Key", "Query", "Weight", "Input of the poor stimulus", ""}


def _labels_carry_units(fig):
    for ax in fig.axes:
        for label in (ax.get_xlabel(), ax.get_ylabel()):
            assert label in DIMENSIONLESS or UNIT.search(label), label


def _png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_rh09_explorer_summary_agrees_with_the_model():
    fig, summary = update_rh09_explorer(stimulus_width=3.0, attention_width=30.0, log_contrast=-3.0)
    assert isinstance(fig, Figure) and _png(fig).startswith(b"\x89PNG")
    _labels_carry_units(fig)
    result = attention.run_contrast_gain_experiment(stimulus_width=3.0, attention_width=30.0)
    assert f"{result.c50_ratio:.2f}" in summary and "contrast gain" in summary
    _, summary = update_rh09_explorer(stimulus_width=5.0, attention_width=3.0, log_contrast=0.0)
    assert "contrast gain:" not in summary and "response gain" in summary
    with pytest.raises(ValueError, match="stimulus_width"):
        update_rh09_explorer(stimulus_width=0.5)


def test_biased_competition_demo_orders_the_responses():
    for attend in ("away", "preferred", "poor"):
        fig, summary = update_biased_competition(attend=attend, contrast_preferred=1.0, contrast_poor=1.0)
        _labels_carry_units(fig)
        assert f"Attend {attend}" in summary
    heights = [patch.get_height() for patch in fig.axes[0].patches]
    preferred, poor, away, attended_poor = heights
    assert poor < attended_poor < away < preferred
    with pytest.raises(ValueError, match="attend"):
        update_biased_competition(attend="left")


def test_softmax_heatmap_shows_normalization_equals_softmax():
    fig, summary = update_softmax_attention_heatmap(log_temperature=0.0, query=2)
    _labels_carry_units(fig)
    assert "differ by 0.0e+00" in summary or re.search(r"differ by [0-9.]+e-1[5-7]", summary)
    _, cold = update_softmax_attention_heatmap(log_temperature=-1.3, query=2)
    _, hot = update_softmax_attention_heatmap(log_temperature=1.3, query=2)
    share = lambda text: int(re.search(r"puts (\d+) %", text).group(1))  # noqa: E731
    assert share(cold) > share(hot)
    with pytest.raises(ValueError, match="query"):
        update_softmax_attention_heatmap(query=8)


@pytest.mark.parametrize("builder", [rh09_explorer, biased_competition, softmax_attention_heatmap])
def test_demos_build_and_refresh(builder):
    demo = builder()
    assert isinstance(demo, Demo)
    assert bytes(demo.image.value).startswith(b"\x89PNG")
    assert "cannot be simulated" not in demo.message.value
    name = next(iter(demo.controls))
    widget = demo.controls[name]
    if hasattr(widget, "max"):
        widget.value = widget.max
    assert "cannot be simulated" not in demo.message.value
