"""Package-wide rules: layering, public API hygiene, plotting conventions."""

import ast
import importlib
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import neurocourse as nc

PACKAGE = pathlib.Path(nc.__file__).parent
MODEL_MODULES = [
    "neurocourse.neurons",
    "neurocourse.networks",
    "neurocourse.inputs",
    "neurocourse.analysis",
    "neurocourse._validation",
]


def modules_loaded_by_import(module, candidates):
    """Return which of ``candidates`` a fresh interpreter has loaded after ``import module``."""
    code = f"import sys, {module}; print(','.join(m for m in {tuple(candidates)!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.mark.parametrize("module", MODEL_MODULES)
def test_model_modules_import_neither_matplotlib_nor_ipywidgets(module):
    loaded = modules_loaded_by_import(module, ["matplotlib", "ipywidgets"])
    assert loaded == "", f"{module} pulls in {loaded}"


def _model_files():
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.split("/")[0] in {"widgets", "checks", "course"} or rel == "plotting.py":
            continue
        yield path


def test_model_sources_do_not_mention_matplotlib_or_ipywidgets():
    for path in _model_files():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("matplotlib", "ipywidgets")), f"{path} imports {name}"


def test_every_module_declares_all():
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__main__.py":
            continue
        tree = ast.parse(path.read_text())
        declared = any(
            getattr(name, "id", None) == "__all__"
            for node in tree.body
            if isinstance(node, (ast.Assign, ast.AnnAssign))
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            for name in (target.elts if isinstance(target, ast.Tuple) else [target])  # attach(...) unpacking
        )
        assert declared, f"{path} has no __all__"


def test_no_global_random_state_and_no_assert_in_the_library():
    for path in PACKAGE.rglob("*.py"):
        src = path.read_text()
        assert "np.random.seed(" not in src, path
        tree = ast.parse(src)
        assert not any(isinstance(n, ast.Assert) for n in ast.walk(tree)), f"{path} validates with assert"


def test_lazy_subpackages_and_units():
    assert nc.UNITS["time"] == "ms" and nc.UNITS["current"] == "nA"
    assert "plotting" in dir(nc)
    with pytest.raises(AttributeError, match="not_a_module"):
        _ = nc.not_a_module


def _module_names():
    """Every module of the package, found on disk (a broken package fails its own test only)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__main__":  # neurocourse.course.__main__ runs the command line
            continue
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unloadable(module, names):
    """Return ``{name: error}`` for the names of ``names`` that ``getattr(module, name)`` cannot load."""
    errors = {}
    for attr in names:
        try:
            getattr(module, attr)
        except (AttributeError, ImportError) as error:  # a lazy entry naming a missing module
            errors[attr] = f"{type(error).__name__}: {error}"
    return errors


@pytest.mark.parametrize("name", list(_module_names()))
def test_every_name_in_all_and_in_dir_imports(name):
    module = importlib.import_module(name)
    exported = module.__all__
    assert len(set(exported)) == len(exported), f"{name}.__all__ lists a name twice"
    missing = _unloadable(module, exported)
    assert not missing, f"{name}.__all__ names what cannot be loaded: {missing}"
    # lazy tables: every name dir() offers must load too
    unreachable = _unloadable(module, dir(module))
    assert not unreachable, f"dir({name}) offers names that cannot be loaded: {unreachable}"
    namespace = {}
    exec(f"from {name} import *", namespace)
    assert set(exported) <= set(namespace)


def test_import_neurocourse_loads_no_plotting_widgets_or_scipy_solvers():
    """``import neurocourse`` stays light; its time is measured in benchmarks, not asserted here."""
    heavy = ["matplotlib", "ipywidgets", "scipy.optimize", "scipy.integrate"]
    loaded = modules_loaded_by_import("neurocourse", heavy)
    assert loaded == "", f"import neurocourse pulls in {loaded}"


def test_plots_label_their_axes_with_units():
    import matplotlib.pyplot as plt

    ax = nc.plotting.plot_raster([0, 1], [1.0, 2.0], n_excitatory=1)
    assert ax.get_xlabel() == "Time (ms)"
    ax = nc.plotting.plot_fi_curve([1.0], [2.0], analytic_currents=[0, 1], analytic_rates=[0, 2])
    assert ax.get_xlabel() == "Input current (nA)" and ax.get_ylabel() == "Firing rate (Hz)"
    ax = nc.plotting.plot_population_rate(np.arange(3.0), np.ones(3))
    assert ax.get_ylabel() == "Rate (Hz)"
    plt.close("all")


def test_serial_and_parallel_kernels_have_separate_disk_caches():
    """numba keys its cache by qualified name, not compile options: the twins must differ."""
    from neurocourse.networks import spiking
    from neurocourse.neurons import izhikevich, lif

    for serial, parallel in [
        (lif._lif_kernel_serial, lif._lif_kernel_parallel),
        (izhikevich._izhikevich_kernel_serial, izhikevich._izhikevich_kernel_parallel),
        (spiking._network_kernel_serial, spiking._network_kernel_parallel),
    ]:
        assert serial.py_func.__qualname__ != parallel.py_func.__qualname__
        assert parallel.targetoptions.get("parallel") and not serial.targetoptions.get("parallel")
