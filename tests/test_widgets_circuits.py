"""Chapter 01 widget demos and their figures, driven headlessly; update times are printed."""

import io
import re

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


def test_izhikevich_zoo_update_and_controls():
    fig, summary = update_izhikevich_zoo("RS", 10.0)
    assert "spike" in summary and "Adapting" in summary
    _, fast = update_izhikevich_zoo("FS", 10.0)
    assert "Tonic" in fast and "not adapting" in fast  # FS: fast, without adaptation
    _, bursts = update_izhikevich_zoo("CH", 10.0)
    assert "Bursting" in bursts  # CH: repeated bursts, not "adapting"
    _, initial = update_izhikevich_zoo("IB", 10.0)
    assert "initial burst" in initial
    _, rebound = update_izhikevich_zoo("TC", 0.0, protocol="rebound")
    assert "single burst" in rebound
    assert_units(fig)
    _, silent = update_izhikevich_zoo("RS", 0.0)
    assert "No spikes" in silent
    with pytest.raises(ValueError, match="protocol"):
        update_izhikevich_zoo("RS", 10.0, protocol="ramp")
    demo = izhikevich_zoo()
    drive(demo, "cell_type", ["FS", "CH", "TC"], "spike")
    demo.controls["cell_type"].value = "TC"
    demo.controls["current"].value = 0.0
    drive(demo, "protocol", ["rebound"], "single burst")  # the rebound burst of a released TC cell


def test_mach_bands_update_controls_and_refusal():
    fig, summary = update_mach_bands(1.0, 3.0)
    assert "Mach band" in summary and "deg" in summary and "beyond the edge" in summary
    assert_units(fig)
    _, summary = update_mach_bands(1.0, 3.0, ramp_width=4.0)
    assert "top of the ramp" in summary
    with pytest.raises(ValueError, match="sigma_surround"):
        update_mach_bands(1.0, 0.5)  # narrower than the centre: no such receptive field
    demo = mach_bands()
    assert set(demo.controls) == {"surround_weight", "sigma_surround", "ramp_width"}
    drive(demo, "surround_weight", [0.5, 1.2], "Mach band")
    drive(demo, "ramp_width", [0.0, 10.0], "Mach band")
    # every value a slider offers is accepted
    for name, control in demo.controls.items():
        for value in (control.min, control.max):
            control.value = value
            assert "cannot be simulated" not in demo.message.value, (name, value)


@pytest.mark.parametrize(
    "k, sigma_s, width",
    [(1.0, 8.0, 0.0), (1.5, 8.0, 0.0), (0.8, 6.0, 0.0), (1.0, 3.0, 0.0), (1.0, 8.0, 6.0), (0.6, 4.0, 2.0)],
)
def test_mach_bands_reports_the_closed_form_at_wide_surrounds(k, sigma_s, width):
    """The reported band is the library measurement (plateau 10 sigma_s from the edge), which
    equals the closed form; a fixed plateau window 12 deg from the edge under-reported it."""
    params = nc.networks.DoGParams(sigma_center=1.0, sigma_surround=sigma_s, surround_weight=k)
    if width == 0.0:
        expected = nc.networks.mach_band_overshoot(params)
    else:
        bands = nc.networks.ramp_mach_bands(params, low=1.0, high=2.0, start=-width / 2, stop=width / 2)
        expected = bands.bright
    _, summary = update_mach_bands(k, sigma_s, width)
    measured, closed = map(float, re.search(r"Mach band ([\d.]+) .*closed form ([\d.]+)", summary).groups())
    assert measured == pytest.approx(expected, abs=1e-3) and closed == pytest.approx(expected, abs=1e-3)


# ----------------------------------------------------------------------------- Brunel explorer


@pytest.mark.parametrize(
    "g, nu, regime",
    [
        (3.0, 2.0, "SR"),
        (5.0, 2.0, "AI"),
        (6.0, 4.0, "SI-fast"),
        (4.5, 0.9, "SI-slow"),
        (3.5, 2.0, "AR"),
        (5.0, 0.5, "quiescent"),
    ],
)
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


def test_brunel_explorer_updates_one_figure_with_the_points_data():
    # the figure is built once; each update replaces the data of its artists (the design that
    # brought the nu slider from 170-200 ms to below 100 ms)
    grid = nc.datasets.load_brunel_grid()
    fig_c, _ = update_brunel_explorer(5.0, 2.0)
    fig_b, summary = update_brunel_explorer(6.0, 4.0)
    assert fig_b is fig_c
    point = grid.point(6.0, 4.0)
    ax_raster, ax_rate, ax_spectrum, ax_phase = fig_b.axes[:4]  # then the phase diagram's picture
    offsets = ax_raster.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], point.spike_times)
    np.testing.assert_allclose(offsets[:, 1], point.spike_indices)
    np.testing.assert_allclose(ax_rate.lines[0].get_ydata(), point.population_rate)
    assert ax_rate.get_ylim()[1] >= point.population_rate.max()
    assert ax_raster.get_title().endswith("SI-fast") and "SI-fast" in summary
    marker = ax_phase.lines[-1]
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (6.0, 4.0)
    # the spectrum axis shows SR's peak at 1 / D = 667 Hz
    update_brunel_explorer(3.0, 2.0)
    assert ax_spectrum.get_xlim()[1] >= 667.0
    assert grid.point(3.0, 2.0).peak_frequency == pytest.approx(1000.0 / 1.5, abs=2.5)
    fig_b.savefig(io.BytesIO(), format="png")


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
    assert "AI" in demo.message.value  # starts at Brunel's point C (g 5, nu_ext/nu_thr 2)
    assert (demo.controls["g"].value, demo.controls["nu_ext_ratio"].value) == (5.0, 2.0)
    drive(demo, "g", [3.0, 6.0], lambda g: f"g = {g:g},")
    drive(demo, "nu_ext_ratio", [4.0, 0.5], lambda nu: f"nu_ext/nu_thr = {nu:g}")
    assert demo.last_figure is not None


# ----------------------------------------------------------------------------- Wilson-Cowan


def test_wilson_cowan_bistable_and_limit_cycle():
    fig, summary = update_wilson_cowan_phase_plane(9.0, 4.0, 13.0, 11.0, 0.0)
    assert "3 fixed points" in summary and "saddle" in summary and "stable node" in summary
    assert "Bistable" in summary
    assert ("r_E (a.u.)", "r_I (a.u.)") in labels(fig) and ("Time (ms)", "Activity (a.u.)") in labels(fig)
    assert_units(fig)
    _, summary = update_wilson_cowan_phase_plane(6.4, 4.8, 6.0, 1.2, 0.8)
    assert "1 fixed point" in summary and "unstable focus" in summary and "limit cycle" in summary


def test_wilson_cowan_controls_accept_every_slider_value():
    demo = wilson_cowan_phase_plane()
    assert set(demo.controls) == {"w_ee", "w_ei", "w_ie", "w_ii", "i_ext_e"}
    assert "Bistable" in demo.message.value
    drive(demo, "i_ext_e", [1.0, -1.0], "fixed point")
    drive(demo, "w_ee", [5.0, 12.0], "fixed point")
    drive(demo, "w_ii", [2.0], "fixed point")
    drive(demo, "w_ie", [8.0], "fixed point")
    # without the E-I loop the model still runs; the cut nullcline is a straight line
    drive(demo, "w_ei", [0.0], "fixed point")
    drive(demo, "w_ie", [0.0], "fixed point")
    drive(demo, "w_ei", [4.0], "fixed point")
    for name, control in demo.controls.items():
        for value in (control.min, control.max):
            control.value = value
            assert "fixed point" in demo.message.value, (name, value, demo.message.value)


# ----------------------------------------------------------------------------- winner-take-all


def test_winner_take_all_single_winner_above_the_critical_inhibition():
    fig, summary = update_winner_take_all(0.7, 0.5)
    assert "<b>1 winner</b> (unit 6" in summary and "converged after" in summary
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


def test_winner_take_all_runs_until_one_winner_is_left():
    """Issue 7: with wide bumps at beta = 0.7 a 300 ms run still showed a fading loser."""
    _, summary = update_winner_take_all(0.7, 0.5, width=6.0)
    assert "<b>1 winner</b> (unit 8" in summary
    settled = float(re.search(r"converged after (\d+) ms", summary).group(1))
    assert settled > 300.0


def test_winner_take_all_refuses_runaway_excitation_and_offers_only_allowed_values():
    with pytest.raises(ValueError, match="alpha = 1.00 >= 1.*runaway"):
        update_winner_take_all(0.7, 1.0)
    with pytest.raises(ValueError, match="alpha"):
        update_winner_take_all(0.7, -0.1)
    with pytest.raises(ValueError, match="beta"):
        update_winner_take_all(101.0, 0.5)
    demo = winner_take_all()
    assert set(demo.controls) == {"beta", "alpha", "width"}
    drive(demo, "beta", [0.2, 0.9], "winner")
    drive(demo, "width", [1.0, 4.0], "winner")
    assert demo.controls["alpha"].max < 1.0  # the slider stops below runaway excitation
    for name, control in demo.controls.items():
        for value in (control.min, control.max):
            control.value = value
            assert "winner" in demo.message.value or "no active unit" in demo.message.value, (name, value)


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
    bad = types.SimpleNamespace(
        g=np.array([1.0, 2.0]), nu_ext_ratio=np.array([1.0]), regime=np.array([["AI"], ["chaos"]])
    )
    with pytest.raises(ValueError, match="chaos"):
        nc.plotting.plot_brunel_phase_diagram(bad)


@pytest.mark.parametrize("kind", ["pyplot", "new_figure"])
def test_wilson_cowan_phase_plane_plot(kind):
    params = nc.networks.WilsonCowanParams()
    fig, ax = plt.subplots() if kind == "pyplot" else new_figure()
    trajectories = nc.networks.simulate_wilson_cowan(params, r_init=[(0.6, 0.8), (0.2, 0.1)], duration=50.0)
    out = nc.plotting.plot_wilson_cowan_phase_plane(params, ax=ax, trajectories=trajectories)
    assert out is ax
    assert ax.get_xlabel() == "r_E (a.u.)" and ax.get_ylabel() == "r_I (a.u.)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    expected = {"E nullcline", "I nullcline", "trajectory", "stable fixed point", "unstable fixed point"}
    assert expected <= set(legend)
    # two stable (filled) and one saddle (open) for the bistable set
    filled = [
        ln
        for ln in ax.lines
        if ln.get_marker() == "o" and ln.get_markerfacecolor() in ("black", (0, 0, 0, 1))
    ]
    assert len(filled) == 2
    assert len(ax.collections) == 1  # the vector field
    fig.savefig(io.BytesIO(), format="png")
    if kind == "pyplot":
        plt.close(fig)


def test_wilson_cowan_phase_plane_plot_options():
    params = nc.networks.WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0, w_ii=1.2, i_ext_e=0.8)
    trajectory = nc.networks.simulate_wilson_cowan(params, r_init=(0.1, 0.1), duration=100.0)
    ax = nc.plotting.plot_wilson_cowan_phase_plane(params, vector_field=False, trajectories=trajectory)
    assert len(ax.collections) == 0
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "unstable fixed point" in legend and "stable fixed point" not in legend
    plt.close(ax.figure)
    # the plot draws, it does not simulate: starting points are refused with a hint
    with pytest.raises(TypeError, match="simulate_wilson_cowan"):
        nc.plotting.plot_wilson_cowan_phase_plane(params, trajectories=[(0.1, 0.1)])
    with pytest.raises(ValueError, match="other parameters"):
        nc.plotting.plot_wilson_cowan_phase_plane(nc.networks.WilsonCowanParams(), trajectories=trajectory)
    # without the E-I loop the E nullcline is vertical lines
    ax = nc.plotting.plot_wilson_cowan_phase_plane(nc.networks.WilsonCowanParams(w_ei=0.0))
    e_line = [ln for ln in ax.lines if ln.get_label() == "E nullcline"][0]
    assert np.isnan(e_line.get_xdata()).sum() == 2  # three lines
    plt.close(ax.figure)


def test_chapter_01_demos_are_exported():
    for name in (
        "lif_explorer",
        "izhikevich_zoo",
        "mach_bands",
        "brunel_explorer",
        "wilson_cowan_phase_plane",
        "winner_take_all",
    ):
        assert name in nc.widgets.__all__ and f"update_{name}" in nc.widgets.__all__
        assert callable(getattr(nc.widgets, name))


def test_widget_uses_the_library_fixed_points():
    """The widget lists the fixed points of find_fixed_points(method="nullcline"), classified alike."""
    for args, params in [
        ((9.0, 4.0, 13.0, 11.0, 0.0), nc.networks.WilsonCowanParams()),
        ((9.0, 0.0, 13.0, 11.0, 0.0), nc.networks.WilsonCowanParams(w_ei=0.0)),
    ]:
        _, summary = update_wilson_cowan_phase_plane(*args)
        listed = re.findall(r"\((-?[\d.]+), (-?[\d.]+)\) ([a-z ]+?)[;.]", summary)
        expected = nc.networks.find_fixed_points(params, n_grid=20)
        assert [kind for _, _, kind in listed] == [p.kind for p in expected]
        for (r_e, r_i, _), point in zip(listed, expected, strict=True):
            assert float(r_e) == pytest.approx(point.r_e, abs=6e-4)
            assert float(r_i) == pytest.approx(point.r_i, abs=6e-4)
        assert "-0.000" not in summary
