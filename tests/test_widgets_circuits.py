"""Chapter 01 widget demos and their figures, driven headlessly; update times are printed."""

import io
import re
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import neurocourse as nc  # noqa: E402
from neurocourse.widgets import (  # noqa: E402
    Demo,
    brunel_explorer,
    izhikevich_zoo,
    lif_explorer,
    mach_bands,
    new_figure,
    update_brunel_explorer,
    update_izhikevich_zoo,
    update_lif_explorer,
    update_mach_bands,
    update_wilson_cowan_phase_plane,
    update_winner_take_all,
    wilson_cowan_phase_plane,
    winner_take_all,
)

UNIT = re.compile(r"\(.+\)")  # an axis label carries its unit in parentheses
COUNTS = {"Interval number", "Neuron", "Unit"}  # dimensionless indices need none


def labels(fig):
    return [(ax.get_xlabel(), ax.get_ylabel()) for ax in fig.axes]


def assert_units(fig):
    for ax in fig.axes:
        for text in (ax.get_xlabel(), ax.get_ylabel()):
            if text and text not in COUNTS:
                assert UNIT.search(text), f"axis label without a unit: {text!r}"


def median_update_ms(update, settings):
    """Median wall time [ms] of update(**s) plus rendering its figure to PNG."""
    times = []
    for setting in settings:
        start = time.perf_counter()
        fig, _ = update(**setting)
        fig.savefig(io.BytesIO(), format="png")
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def drive(demo, name, values, expect):
    """Set a control to each value; the message must contain ``expect`` (str or callable)."""
    for value in values:
        demo.controls[name].value = value
        text = expect(value) if callable(expect) else expect
        assert text in demo.message.value, (name, value, demo.message.value)


# ----------------------------------------------------------------------------- existing demos


def test_lif_explorer_update_and_controls():
    fig, summary = update_lif_explorer(2.5, 8.0, -50.0)
    assert isinstance(fig, Figure) and "Rheobase" in summary and "Hz" in summary
    assert labels(fig)[0] == ("Time (ms)", "V (mV)")
    assert_units(fig)
    demo = lif_explorer()
    assert isinstance(demo, Demo)
    drive(demo, "current", [0.5, 3.0, 6.0], "Simulated rate")
    drive(demo, "tau_m", [5.0, 30.0], "Rheobase")
    drive(demo, "v_threshold", [-60.0, -45.0], "Rheobase")
    ms = median_update_ms(update_lif_explorer, [dict(current=c, tau_m=8.0, v_threshold=-50.0)
                                                for c in np.linspace(0.0, 8.0, 9)])
    print(f"lif_explorer: median update {ms:.0f} ms")


def test_izhikevich_zoo_update_and_controls():
    fig, summary = update_izhikevich_zoo("RS", 10.0)
    assert "spikes" in summary and "ISI" in summary
    assert_units(fig)
    _, silent = update_izhikevich_zoo("RS", 0.0)
    assert "No spikes" in silent
    with pytest.raises(ValueError, match="protocol"):
        update_izhikevich_zoo("RS", 10.0, protocol="ramp")
    demo = izhikevich_zoo()
    drive(demo, "cell_type", ["FS", "CH", "TC"], "spike")
    drive(demo, "protocol", ["rebound"], "")
    ms = median_update_ms(update_izhikevich_zoo, [dict(cell_type=k, current=10.0) for k in
                                                  ["RS", "IB", "CH", "FS", "LTS", "TC", "RZ"]])
    print(f"izhikevich_zoo: median update {ms:.0f} ms")


def test_mach_bands_update_controls_and_refusal():
    fig, summary = update_mach_bands(1.0, 3.0)
    assert "Mach band" in summary and "deg" in summary
    assert_units(fig)
    demo = mach_bands()
    drive(demo, "surround_weight", [0.5, 1.2], "Mach band")
    demo.controls["sigma_surround"].value = 0.5  # narrower than the centre: no such receptive field
    assert "cannot be simulated" in demo.message.value
    ms = median_update_ms(update_mach_bands, [dict(surround_weight=k, sigma_surround=3.0)
                                              for k in np.linspace(0.0, 1.5, 9)])
    print(f"mach_bands: median update {ms:.0f} ms")


# ----------------------------------------------------------------------------- Brunel explorer


@pytest.mark.parametrize("g, nu, regime", [(3.0, 2.0, "SR"), (5.0, 2.0, "AI"), (6.0, 4.0, "SI-fast"),
                                           (4.5, 1.0, "SI-slow"), (5.0, 0.5, "quiescent")])
def test_brunel_explorer_shows_each_regime(g, nu, regime):
    fig, summary = update_brunel_explorer(g, nu)
    grid = nc.datasets.load_brunel_grid()
    point = grid.point(g, nu)
    assert point.regime == regime
    assert f"<b>{regime}</b>" in summary
    assert f"{point.rate:.1f} Hz" in summary and "chi" in summary and "CV" in summary
    assert "precomputed" in summary
    found = labels(fig)
    assert ("", "Neuron") in found or ("Time (ms)", "Neuron") in found
    assert ("Time (ms)", "Rate (Hz)") in found
    assert ("Frequency (Hz)", "Power (Hz)") in found
    assert ("g (relative inhibition)", "nu_ext / nu_thr") in found
    fig.savefig(io.BytesIO(), format="png")


def test_brunel_explorer_names_the_nearest_point_and_refuses_outside_the_sweep():
    _, summary = update_brunel_explorer(5.2, 1.9)
    assert "nearest grid point" in summary and "g = 5," in summary
    with pytest.raises(ValueError, match="g"):
        update_brunel_explorer(12.0, 2.0)
    with pytest.raises(ValueError, match="nu_ext_ratio"):
        update_brunel_explorer(5.0, 9.0)


def test_brunel_explorer_controls():
    demo = brunel_explorer()
    assert set(demo.controls) == {"g", "nu_ext_ratio"}
    assert "AI" in demo.message.value  # starts at Brunel's point B
    drive(demo, "g", [3.0, 6.0], lambda g: f"g = {g:g},")
    drive(demo, "nu_ext_ratio", [4.0, 0.5], lambda nu: f"nu_ext/nu_thr = {nu:g}")
    assert demo.last_figure is not None
    grid = nc.datasets.load_brunel_grid()
    settings = [dict(g=float(g), nu_ext_ratio=float(nu)) for g in grid.g[::3] for nu in grid.nu_ext_ratio[::2]]
    print(f"brunel_explorer: median update {median_update_ms(update_brunel_explorer, settings[:20]):.0f} ms")


# ----------------------------------------------------------------------------- Wilson-Cowan


def test_wilson_cowan_bistable_and_limit_cycle():
    fig, summary = update_wilson_cowan_phase_plane(9.0, 4.0, 13.0, 11.0, 0.0)
    assert "3 fixed points" in summary and "saddle" in summary and "stable node" in summary
    assert "Bistable" in summary
    assert ("r_E (a.u.)", "r_I (a.u.)") in labels(fig) and ("Time (ms)", "Activity (a.u.)") in labels(fig)
    assert_units(fig)
    _, summary = update_wilson_cowan_phase_plane(6.4, 4.8, 6.0, 1.2, 0.8)
    assert "1 fixed point" in summary and "unstable focus" in summary and "limit cycle" in summary


def test_wilson_cowan_controls_and_refusal():
    demo = wilson_cowan_phase_plane()
    assert set(demo.controls) == {"w_ee", "w_ei", "w_ie", "w_ii", "i_ext_e"}
    assert "Bistable" in demo.message.value
    drive(demo, "i_ext_e", [1.0, -1.0], "fixed point")
    drive(demo, "w_ee", [5.0, 12.0], "fixed point")
    drive(demo, "w_ii", [2.0], "fixed point")
    drive(demo, "w_ie", [8.0], "fixed point")
    good = demo.last_figure
    demo.controls["w_ei"].value = 0.0
    assert "cannot be simulated" in demo.message.value and "w_EI" in demo.message.value
    assert demo.last_figure is good
    demo.controls["w_ei"].value = 4.0
    assert "fixed point" in demo.message.value
    settings = [dict(w_ee=w, w_ei=4.0 + 0.1 * k, w_ie=13.0, w_ii=11.0 - 0.2 * k, i_ext_e=0.1 * k)
                for k, w in enumerate(np.linspace(6.0, 12.0, 20))]
    ms = median_update_ms(update_wilson_cowan_phase_plane, settings)
    print(f"wilson_cowan_phase_plane: median update {ms:.0f} ms")


# ----------------------------------------------------------------------------- winner-take-all


def test_winner_take_all_single_winner_above_the_critical_inhibition():
    fig, summary = update_winner_take_all(0.7, 0.5)
    assert "<b>1 winner</b> (unit 6" in summary
    assert "beta = 0.70 &gt; 1 - alpha = 0.50" in summary and "single winner" in summary
    assert ("Unit", "Activity (a.u.)") in labels(fig) and ("Time (ms)", "Activity (a.u.)") in labels(fig)
    _, summary = update_winner_take_all(0.3, 0.5)
    n = int(re.search(r"<b>(\d+) winners</b>", summary).group(1))
    assert n >= 2 and "&le; 1 - alpha" in summary
    # no inhibition: every unit follows its input, I / (1 - alpha)
    _, summary = update_winner_take_all(0.0, 0.5)
    assert "<b>20 winners</b>" in summary
    # wider bumps, same verdict above the line
    _, summary = update_winner_take_all(0.9, 0.3, width=4.0)
    assert "<b>1 winner</b>" in summary


def test_winner_take_all_refuses_runaway_excitation():
    with pytest.raises(ValueError, match="alpha = 1.00 >= 1.*runaway"):
        update_winner_take_all(0.7, 1.0)
    demo = winner_take_all()
    assert set(demo.controls) == {"beta", "alpha", "width"}
    drive(demo, "beta", [0.2, 0.9], "winner")
    drive(demo, "width", [1.0, 4.0], "winner")
    good = demo.last_figure
    demo.controls["alpha"].value = 1.1
    assert "cannot be simulated" in demo.message.value and "runaway" in demo.message.value
    assert demo.last_figure is good
    demo.controls["alpha"].value = 0.5
    assert "winner" in demo.message.value
    settings = [dict(beta=b, alpha=a) for b in np.linspace(0.0, 1.5, 5) for a in (0.0, 0.3, 0.6, 0.9)]
    print(f"winner_take_all: median update {median_update_ms(update_winner_take_all, settings):.0f} ms")


# ----------------------------------------------------------------------------- plotting helpers


@pytest.mark.parametrize("kind", ["pyplot", "new_figure"])
def test_phase_diagram_on_both_kinds_of_axes(kind):
    grid = nc.datasets.load_brunel_grid()
    if kind == "pyplot":
        fig, ax = plt.subplots()
    else:
        fig, ax = new_figure()
    out = nc.plotting.plot_brunel_phase_diagram(grid, ax=ax, mark=(5.0, 2.0))
    assert out is ax
    assert ax.get_xlabel() == "g (relative inhibition)" and ax.get_ylabel() == "nu_ext / nu_thr"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("AI") for t in legend) and any(t.startswith("SR") for t in legend)
    fig.savefig(io.BytesIO(), format="png")
    if kind == "pyplot":
        plt.close(fig)


def test_phase_diagram_without_axes_and_rejects_unknown_regimes():
    import types

    ax = nc.plotting.plot_brunel_phase_diagram(nc.datasets.load_brunel_grid())
    assert ax.get_xlabel() == "g (relative inhibition)"
    plt.close(ax.figure)
    bad = types.SimpleNamespace(g=np.array([1.0, 2.0]), nu_ext_ratio=np.array([1.0]),
                                regime=np.array([["AI"], ["chaos"]]))
    with pytest.raises(ValueError, match="chaos"):
        nc.plotting.plot_brunel_phase_diagram(bad)


@pytest.mark.parametrize("kind", ["pyplot", "new_figure"])
def test_wilson_cowan_phase_plane_plot(kind):
    params = nc.networks.WilsonCowanParams()
    fig, ax = (plt.subplots() if kind == "pyplot" else new_figure())
    out = nc.plotting.plot_wilson_cowan_phase_plane(params, ax=ax, trajectories=[(0.6, 0.8), (0.2, 0.1)])
    assert out is ax
    assert ax.get_xlabel() == "r_E (a.u.)" and ax.get_ylabel() == "r_I (a.u.)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"E nullcline", "I nullcline", "trajectory", "stable fixed point", "unstable fixed point"} <= set(legend)
    # two stable (filled) and one saddle (open) for the bistable set
    filled = [ln for ln in ax.lines if ln.get_marker() == "o" and ln.get_markerfacecolor() in ("black", (0, 0, 0, 1))]
    assert len(filled) == 2
    assert len(ax.collections) == 1  # the vector field
    fig.savefig(io.BytesIO(), format="png")
    if kind == "pyplot":
        plt.close(fig)


def test_wilson_cowan_phase_plane_plot_options():
    params = nc.networks.WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0, w_ii=1.2, i_ext_e=0.8)
    ax = nc.plotting.plot_wilson_cowan_phase_plane(params, vector_field=False, duration=100.0,
                                                   trajectories=[(0.1, 0.1)])
    assert len(ax.collections) == 0
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "unstable fixed point" in legend and "stable fixed point" not in legend
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="w_ei"):
        nc.plotting.plot_wilson_cowan_phase_plane(nc.networks.WilsonCowanParams(w_ei=0.0))


def test_chapter_01_demos_are_exported():
    for name in ("lif_explorer", "izhikevich_zoo", "mach_bands", "brunel_explorer", "wilson_cowan_phase_plane",
                 "winner_take_all"):
        assert name in nc.widgets.__all__ and f"update_{name}" in nc.widgets.__all__
        assert callable(getattr(nc.widgets, name))


def test_widget_fixed_points_agree_with_find_fixed_points():
    """The widget's fast fixed-point search (roots along the E nullcline) matches the library's."""
    from neurocourse.widgets.circuits import _wilson_cowan_fixed_points

    rng = np.random.default_rng(11)
    sets = [nc.networks.WilsonCowanParams(),
            nc.networks.WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0, w_ii=1.2, i_ext_e=0.8)]
    for _ in range(40):  # the widget's slider box
        w = rng.uniform(0.1, 16.0, 4)
        sets.append(nc.networks.WilsonCowanParams(w_ee=w[0], w_ei=w[1], w_ie=w[2], w_ii=w[3],
                                                  i_ext_e=rng.uniform(-2.0, 4.0)))
    for params in sets:
        slow = nc.networks.find_fixed_points(params)
        fast = _wilson_cowan_fixed_points(params)
        assert [p.kind for p in fast] == [p.kind for p in slow], params
        for a, b in zip(fast, slow):
            assert a.r_e == pytest.approx(b.r_e, abs=1e-8) and a.r_i == pytest.approx(b.r_i, abs=1e-8)
            assert a.residual < 1e-10
