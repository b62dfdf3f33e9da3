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
    fig, summary = demos.update_stdp_explorer(0.01, 1.05, 20.0, 20.0, 20.0)
    assert len(fig.axes) == 2 and "synapses" in summary
    assert "window area -0.0100 ms" in fig.axes[0].get_title()  # A+ (tau+ - 1.05 tau-) = 0.01 * (20 - 21)
    assert "first 100 s of learning" in fig.axes[1].get_title()
    assert "250 inputs of g_max = 0.06" in summary  # the figure says which neuron it shows


def test_stdp_explorer_runs_each_simulation_only_when_its_inputs_change():
    demos._stdp_run.cache_clear()
    demos._stdp_rate_before.cache_clear()
    demos.update_stdp_explorer(0.01, 1.05, 20.0, 20.0, 20.0)
    demos.update_stdp_explorer(0.02, 1.05, 20.0, 20.0, 20.0)  # A+ changes the learning run only
    demos.update_stdp_explorer(0.01, 1.05, 20.0, 20.0, 20.0)  # back to a setting already run
    assert demos._stdp_run.cache_info().misses == 2
    assert demos._stdp_rate_before.cache_info().misses == 1  # the initial weights' rate: input rate only


def test_stdp_explorer_neuron_competes_and_normalises_its_rate():
    """The explorer's scaled-down neuron (250 inputs of g_max = 0.06, A+ = 0.01, 100 s) shows Song,
    Miller & Abbott's (2000) two results. At 20 Hz more than 70 % of the weights end in the
    lowest or highest fifth of [0, g_max], each fifth holding over 10 % (measured 60 % and 21 %).
    Raising the input rate from 10 to 40 Hz multiplies the output rate of the initial weights by
    more than 20 (measured 9.4 -> 485 Hz) and the learned rate by less than 3 (measured 40 -> 80 Hz)."""
    run = demos._stdp_run(0.01, 1.05, 20.0, 20.0, 20.0)
    low, high = np.mean(run.weights < 0.2), np.mean(run.weights > 0.8)
    assert low + high > 0.7 and min(low, high) > 0.1, (low, high)
    before = {rate: demos._stdp_rate_before(rate) for rate in (10.0, 40.0)}
    after = {rate: demos._stdp_run(0.01, 1.05, 20.0, 20.0, rate).output_rate(80_000) for rate in (10.0, 40.0)}
    assert before[40.0] > 20 * before[10.0] and after[40.0] < 3 * after[10.0], (before, after)


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
