"""Chapter 04 widget demos and their figures, driven headlessly; update times are printed."""

import statistics
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from neurocourse.widgets import (  # noqa: E402
    Demo,
    bandit_arena,
    dopamine_raster,
    rescorla_wagner_designer,
    update_bandit_arena,
    update_dopamine_raster,
    update_rescorla_wagner_designer,
)
from neurocourse.widgets.reward import BANDIT_ARENA_METHODS  # noqa: E402


def drive(demo, name, values, expect):
    for value in values:
        demo.controls[name].value = value
        text = expect(value) if callable(expect) else expect
        assert text in demo.message.value, (name, value, demo.message.value)


def test_rescorla_wagner_designer_shows_blocking_and_its_control():
    fig, summary = update_rescorla_wagner_designer("A+", 50, "AX+", 50, 0.2, 0.2)
    assert isinstance(fig, Figure)
    assert "blocking" in summary and "V_X = <b>0.000</b>" in summary
    _, control = update_rescorla_wagner_designer("C+", 50, "AX+", 50, 0.2, 0.2)
    assert "V_X = <b>0.500</b>" in control and "blocking" not in control
    _, inhibition = update_rescorla_wagner_designer("A+", 50, "A+/AX-", 200, 0.2, 0.2)
    assert "V_X = <b>-1.000</b>" in inhibition
    _, single = update_rescorla_wagner_designer("AX+", 100, "none", 50, 0.3, 0.1)
    assert "V_A = <b>0.750</b>" in single and "V_X = <b>0.250</b>" in single
    assert fig.axes[0].get_xlabel() == "Trial"
    with pytest.raises(ValueError, match="phase 1"):
        update_rescorla_wagner_designer("Z+", 50, "AX+", 50, 0.2, 0.2)
    demo = rescorla_wagner_designer()
    assert isinstance(demo, Demo)
    drive(demo, "phase_two", ["A-", "AX-", "X+"], "After")
    drive(demo, "salience_x", [0.05, 1.0], "V_")


def test_bandit_arena_reports_the_testbed_numbers_and_the_ceiling():
    fig, summary = update_bandit_arena("epsilon-greedy", 0.1)
    assert "91.0 %" in summary  # 1 - eps + eps / 10
    assert [ax.get_ylabel() for ax in fig.axes] == ["Average reward", "Optimal action (%)"]
    reward_text = summary.split("average reward <b>")[1].split("</b>")[0]
    assert 1.2 < float(reward_text) < 1.5  # 400 runs: Sutton & Barto's 1.37 within noise
    for method in BANDIT_ARENA_METHODS:
        _, text = update_bandit_arena(method, 0.0)
        assert "Last 100 steps" in text
    with pytest.raises(ValueError, match="method"):
        update_bandit_arena("random", 0.1)
    demo = bandit_arena()
    drive(demo, "epsilon", [0.0, 0.25, 0.5], "Last 100 steps")


def test_dopamine_raster_shows_the_shift_and_the_omission_dip():
    _, first = update_dopamine_raster(1, False, 0.98)
    assert "at the reward time <b>+1.00</b>" in first and "at the cue <b>+0.00</b>" in first
    _, late = update_dopamine_raster(300, False, 0.98)
    assert "at the cue <b>+0.74</b>" in late and "at the reward time <b>+0.00</b>" in late
    _, omitted = update_dopamine_raster(300, True, 0.98)
    assert "at the reward time <b>-1.00</b>" in omitted
    fig, _ = update_dopamine_raster(150, False, 1.0)
    assert fig.axes[0].get_xlabel() == "Time step in trial"
    with pytest.raises(ValueError, match="trial"):
        update_dopamine_raster(0)
    demo = dopamine_raster()
    drive(demo, "trial", [1, 100, 300], "Trial")
    drive(demo, "omit_reward", [True], "omitted")


@pytest.mark.parametrize(
    "builder, control, values",
    [
        (rescorla_wagner_designer, "n_two", list(range(10, 200, 19))),
        (bandit_arena, "epsilon", [round(x, 2) for x in np.linspace(0.0, 0.5, 11)]),
        (dopamine_raster, "trial", list(range(1, 300, 29))),
    ],
)
def test_update_times_are_printed(builder, control, values, capsys):
    demo = builder()
    times = []
    for value in values:
        start = time.perf_counter()
        demo.controls[control].value = value
        times.append(time.perf_counter() - start)
    with capsys.disabled():
        print(f"\n{builder.__name__}: median update {1000 * statistics.median(times):.0f} ms")
