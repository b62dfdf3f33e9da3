"""The chapter 00 checkers accept the reference and reject plausible wrong answers."""

import numpy as np
import pytest

import neurocourse as nc
from neurocourse.checks import welcome


def reference_rheobase(p):
    return (p.v_threshold - p.e_leak) / p.r_membrane


def reference_rate(current):
    result = nc.neurons.simulate_lif(nc.neurons.LIFParams(), current, duration=1000.0, dt=0.1)
    return 0.0 if result.n_spikes < 2 else 1000.0 / np.diff(result.spike_times).mean()


def stub(*args):
    raise NotImplementedError("Exercise: write your code here")


def test_rheobase_accepts_the_reference(capsys):
    assert welcome.rheobase(reference_rheobase).status == "passed"
    assert "passed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda p: (p.v_threshold - p.v_reset) / p.r_membrane, "reset"),
        (lambda p: (p.v_threshold - p.e_leak) * p.r_membrane, "R"),
        (lambda p: 2.0, "rheobase"),  # hard-coded for the default neuron
        (lambda p: None, "return"),
        (lambda p: p.v_thresh, "AttributeError"),
    ],
)
def test_rheobase_rejects_plausible_wrong_answers(wrong, words, capsys):
    result = welcome.rheobase(wrong)
    assert result.status == "failed"
    assert words in result.message
    out = capsys.readouterr().out
    assert "0.25" not in out and "0.5" not in out  # hidden references never printed


def test_rheobase_stub_is_not_attempted():
    assert welcome.rheobase(stub).status == "not attempted"
    assert welcome.rheobase(2.0).status == "failed"


def test_measured_rate_accepts_the_reference_and_rejects_wrong_units():
    assert welcome.measured_rate(reference_rate).status == "passed"
    in_khz = welcome.measured_rate(lambda i: reference_rate(i) / 1000.0)
    assert in_khz.status == "failed" and "1000" in in_khz.message
    assert welcome.measured_rate(stub).status == "not attempted"


def test_measured_rate_rejects_nan_below_rheobase():
    def nan_below(current):
        result = nc.neurons.simulate_lif(nc.neurons.LIFParams(), current, duration=1000.0, dt=0.1)
        return 1000.0 / np.diff(result.spike_times).mean() if result.n_spikes else float("nan")

    result = welcome.measured_rate(nan_below)
    assert result.status == "failed" and "NaN" in result.message


def test_welcome_exercises_are_registered_in_order():
    assert nc.checks.registered_exercises("00_welcome") == ["rheobase", "measured_rate"]
