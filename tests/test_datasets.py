"""Bundled datasets: the Brunel sweep, its loader, its provenance, and that it is reproducible."""

import importlib.resources
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import neurocourse as nc
from neurocourse.datasets import BrunelGrid, BrunelGridPoint, load_brunel_grid

REPO = pathlib.Path(__file__).resolve().parents[1]
REGIMES = {"SR", "AR", "AI", "SI-fast", "SI-slow", "quiescent"}


@pytest.fixture(scope="module")
def grid():
    return load_brunel_grid()


def test_grid_axes_and_shapes(grid):
    assert isinstance(grid, BrunelGrid)
    np.testing.assert_allclose(grid.g, np.arange(2.0, 8.01, 0.5))
    np.testing.assert_allclose(grid.nu_ext_ratio, [0.5, 0.9, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0])
    assert grid.shape == (13, 9)
    for name in ("rate", "cv", "chi", "chi_null", "peak_frequency", "regime"):
        assert getattr(grid, name).shape == (13, 9), name
    assert set(np.unique(grid.regime)) <= REGIMES
    assert grid.population_counts.dtype == np.uint16 and grid.population_counts.shape[:2] == (13, 9)
    assert grid.power.dtype == np.float32 and grid.power.shape == (13, 9, grid.frequencies.size)
    assert grid.raster_offsets.shape == (13 * 9 + 1,) and grid.raster_offsets[-1] == grid.raster_indices.size
    assert grid.raster_indices.dtype == np.uint8 and grid.raster_steps.dtype == np.uint16
    assert (grid.n_excitatory, grid.n_neurons) == (10000, 12500)  # Brunel's size
    assert (grid.duration, grid.transient, grid.dt, grid.bin_width) == (600.0, 200.0, 0.1, 0.5)


def test_grid_values_are_physical(grid):
    assert np.all(grid.rate >= 0) and np.all(grid.rate <= 1000.0 / 2.0)  # refractory ceiling 500 Hz
    assert np.all((grid.chi >= 0) & (grid.chi <= 1))
    quiet = grid.regime == "quiescent"
    assert np.all(grid.rate[quiet] < 0.5)
    # the 0.5 Hz ... 1000 Hz spectrum, peaks inside it
    assert grid.frequencies[0] == 0.0 and grid.frequencies[-1] == pytest.approx(1000.0)
    peaks = grid.peak_frequency[np.isfinite(grid.peak_frequency)]
    assert np.all((peaks >= 5.0) & (peaks <= 1000.0))


def test_grid_reproduces_brunels_phase_diagram(grid):
    def regime(g, nu):
        return grid.point(g, nu).regime

    # Brunel (2000) Fig. 8: A (3, 2) SR, B (6, 4) SI fast, C (5, 2) AI, D (4.5, 0.9) SI slow
    assert regime(3.0, 2.0) == "SR"
    assert regime(6.0, 4.0) == "SI-fast"
    assert regime(5.0, 2.0) == "AI"
    assert regime(4.5, 0.9) == "SI-slow"
    # excitation-dominated (g <= 3) and driven above threshold: synchronous regular everywhere
    i_nu = grid.nu_ext_ratio >= 1.0
    assert np.all(grid.regime[grid.g <= 3.0][:, i_nu] == "SR")
    # g = 3.5: the lockstep has broken (chi near its floor) but single neurons still fire like
    # clocks near saturation: asynchronous regular, not SR
    i_g = int(np.flatnonzero(grid.g == 3.5)[0])
    assert np.all(grid.regime[i_g, i_nu] == "AR")
    assert np.all(grid.chi[i_g, i_nu] < 0.2) and np.all(grid.cv[i_g, i_nu] < 0.25)
    # synchrony means a correlation above the shared-input fraction 0.1 (chi^2 = 1/N + rho)
    cn = grid.chi_null
    rho = (grid.chi.astype(float) ** 2 - cn**2) / (1 - cn**2)
    synchronous = np.isin(grid.regime, ["SR", "SI-fast", "SI-slow"])
    assert np.all(rho[synchronous] > 0.1) and np.all(rho[np.isin(grid.regime, ["AI", "AR"])] <= 0.1)
    assert np.all(np.abs(cn[grid.rate > 0.5] - 0.1) < 0.02)  # 1 / sqrt(100 voltages)
    # too little drive: the network falls silent after the transient
    assert np.all(grid.regime[:, grid.nu_ext_ratio < 0.8] == "quiescent")
    # inhibition-dominated, strongest drive: fast oscillation for g >= 6
    assert np.all(grid.regime[grid.g >= 6.0, -1] == "SI-fast")


def test_lecture_marks_brunels_points_with_the_right_letters(grid):
    """Brunel (2000) Fig. 8: A (3, 2) SR, B (6, 4) SI fast, C (5, 2) AI, D (4.5, 0.9) SI slow."""
    import ast

    source = (REPO / "notebooks" / "01_circuits.py").read_text()
    tree = ast.parse(source)
    node = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "regimes"
    )
    regimes = eval(compile(ast.Expression(node.value), "regimes", "eval"), {"__builtins__": {}, "dict": dict})
    marks = {name.split(":")[0]: (s["g"], s["nu_ext_ratio"]) for name, s in regimes.items()}
    assert marks == {"A": (3.0, 2.0), "B": (6.0, 4.0), "C": (5.0, 2.0), "D": (4.5, 0.9)}
    expected = {"A": "SR", "B": "SI-fast", "C": "AI", "D": "SI-slow"}
    for name in regimes:
        letter = name.split(":")[0]
        assert f"({expected[letter].split('-')[0]})" in name, name
        assert grid.point(*marks[letter]).regime == expected[letter], letter
    # and no text of the chapter calls (5, 2) "B" or (6, 4) "C"
    for path in (
        "notebooks/01_circuits.py",
        "solutions/01_circuits.py",
        "neurocourse/analysis.py",
        "tests/test_network_summary.py",
        "neurocourse/widgets/circuits.py",
    ):
        text = (REPO / path).read_text()
        for wrong in ("B (5, 2)", "C (6, 4)", "B (g = 5", "C (g = 6", "point B (5", "point C (6"):
            assert wrong not in text, (path, wrong)


def test_point_returns_the_nearest_grid_point(grid):
    p = grid.point(5.2, 1.9)
    assert isinstance(p, BrunelGridPoint)
    assert (p.g, p.nu_ext_ratio) == (5.0, 2.0)
    assert grid.nearest_index(5.2, 1.9) == (6, 4)
    assert p.rate == pytest.approx(float(grid.rate[6, 4]))
    assert p.regime == grid.regime[6, 4]
    # raster: first 40 excitatory neurons over the last 200 ms, times on the dt grid
    assert p.spike_indices.size == p.spike_times.size
    # as many raster spikes as the mean rate predicts for 40 neurons over 200 ms (AI: irregular,
    # so within a few Poisson standard deviations, sqrt(310) = 18 spikes)
    assert p.spike_times.size == pytest.approx(p.rate * grid.n_raster_neurons * 0.2, rel=0.15)
    assert p.spike_indices.max() < grid.n_raster_neurons
    assert np.all((p.spike_times >= 400.0) & (p.spike_times < 600.0))
    assert np.all(np.diff(p.spike_times) >= 0)
    np.testing.assert_allclose(p.spike_times * 10, np.round(p.spike_times * 10), atol=1e-6)
    assert p.time.size == p.population_rate.size == 400
    assert p.time[0] == pytest.approx(400.25)
    # the stored population rate over the last 200 ms agrees with the 400 ms mean rate
    assert p.population_rate.mean() == pytest.approx(p.rate, rel=0.15)
    assert p.power.shape == p.frequencies.shape


def test_point_rejects_settings_outside_the_sweep(grid):
    with pytest.raises(ValueError, match="g"):
        grid.point(9.0, 2.0)
    with pytest.raises(ValueError, match="nu_ext_ratio"):
        grid.point(5.0, 0.1)
    with pytest.raises(TypeError):
        grid.point("five", 2.0)


def test_grid_is_cached_and_read_only(grid):
    assert load_brunel_grid() is grid
    with pytest.raises(ValueError):
        grid.rate[0, 0] = 1.0


def test_data_file_is_small_and_documented():
    files = importlib.resources.files("neurocourse.datasets")
    data = files.joinpath("brunel_grid.npz")
    assert data.is_file()
    size = len(data.read_bytes())
    print(f"brunel_grid.npz: {size / 1e6:.2f} MB")
    assert size < 5_000_000
    readme = files.joinpath("README.md").read_text()
    for needed in ("brunel_grid.npz", "scripts/make_brunel_grid.py", "CC BY 4.0", "Brunel"):
        assert needed in readme, needed


def test_datasets_are_lazy_and_load_without_simulating():
    code = (
        "import sys, neurocourse as nc\n"
        "assert 'neurocourse.datasets' not in sys.modules\n"
        "import neurocourse.networks.presets as presets\n"
        "def refuse(*a, **k): raise RuntimeError('the loader must not simulate')\n"
        "presets.simulate_brunel = refuse\n"
        "grid = nc.datasets.load_brunel_grid()\n"
        "assert 'matplotlib' not in sys.modules and 'ipywidgets' not in sys.modules\n"
        "print(grid.shape)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "(13, 9)" in out.stdout


def test_script_regenerates_a_stored_point(grid):
    """The generating script reproduces a stored point exactly (deterministic, seeded per point)."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import make_brunel_grid as script
    finally:
        sys.path.pop(0)
    i, j = 10, 4  # g = 7, nu_ext / nu_thr = 2: a cheap AI point (about 1 s)
    item = script.simulate_point((i, j))
    s = item["summary"]
    assert s.rate == pytest.approx(float(grid.rate[i, j]), rel=1e-6)
    assert s.chi == pytest.approx(float(grid.chi[i, j]), rel=1e-6)
    assert s.regime == grid.regime[i, j]
    np.testing.assert_array_equal(item["population_counts"], grid.population_counts[i, j])
    k = i * grid.nu_ext_ratio.size + j
    lo, hi = grid.raster_offsets[k], grid.raster_offsets[k + 1]
    np.testing.assert_array_equal(item["raster_steps"], grid.raster_steps[lo:hi])


def test_nc_datasets_is_reachable():
    assert nc.datasets.load_brunel_grid is load_brunel_grid
