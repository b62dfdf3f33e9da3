"""Widget demos of chapter 05, driven headlessly."""

import numpy as np
import pytest

import neurocourse as nc
from neurocourse.widgets import neuromorphic as demos


def test_encoder_explorer_reconstruction_improves_with_window_for_rate_code():
    _, short = demos.update_encoder_explorer("rate", 5)
    _, long = demos.update_encoder_explorer("rate", 50)
    rms = [float(text.split("RMS error <b>")[1].split("<")[0]) for text in (short, long)]
    assert rms[1] < rms[0]
    for scheme in ("latency", "delta", "sigma-delta"):
        fig, summary = demos.update_encoder_explorer(scheme, 50)
        assert fig.axes and scheme in summary
    with pytest.raises(ValueError, match="scheme"):
        demos.update_encoder_explorer("phase", 50)


def test_encoder_widget_message_follows_the_controls():
    demo = nc.widgets.encoder_explorer()
    demo.controls["scheme"].value = "delta"
    assert "<b>delta</b>" in demo.message.value and demo.image.value


def test_stdp_explorer_draws_window_and_histograms():
    fig, summary = demos.update_stdp_explorer(0.05, 1.05, 20.0, 20.0, 10.0)
    assert len(fig.axes) == 2 and "synapses" in summary
    assert "window area -0.0500 ms" in fig.axes[0].get_title()  # A+ (tau+ - 1.05 tau-) = 0.05 * (20 - 21)


def test_bit_width_explorer_effective_time_constant():
    _, coarse = demos.update_bit_width_explorer(3, 24, 20.0)
    _, fine = demos.update_bit_width_explorer(16, 24, 20.0)
    tau = [float(text.split("becomes <b>")[1].split(" ms")[0]) for text in (coarse, fine)]
    assert abs(tau[1] - 20.0) < 0.05 and abs(tau[0] - 20.0) > 1.0


def test_conversion_dashboard_reports_accuracy_and_energy():
    fig, summary = demos.update_conversion_dashboard(200, "subtract", "percentile 99.9")
    assert "accuracy" in summary and "nJ" in summary and len(fig.axes) == 2
    with pytest.raises(ValueError, match="multiple of 10"):
        demos.update_conversion_dashboard(15, "subtract", "max")
    snn, ann = demos._conversion_energy("subtract", "percentile 99.9", 200)
    assert snn.total > ann.total > 0  # rate-coded conversion costs more than the dense arithmetic
    assert np.isclose(ann.total, nc.neuromorphic.mlp_macs(nc.neuromorphic.digits_task().mlp) * 4.6)
