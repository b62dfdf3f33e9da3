"""neurocourse: a Jupyter-first course in systems neuroscience for AI.

The simulation library under the course: single neurons, spiking and rate networks,
inputs and analysis, written as small numba kernels behind validating Python wrappers.

Units are fixed across the package (see :data:`UNITS`): time in ms, voltage in mV,
current in nA, conductance in nS, resistance in MOhm, rate in Hz.

Plotting, widgets, checks and course tooling are imported lazily (``nc.plotting`` works
after ``import neurocourse as nc``), so that importing a model module never pulls in
matplotlib or ipywidgets.
"""

from __future__ import annotations

__version__ = "0.1.0"

#: The unit of every dimensioned quantity in the package.
UNITS = {
    "time": "ms",
    "voltage": "mV",
    "current": "nA",
    "conductance": "nS",
    "resistance": "MOhm",
    "capacitance": "nF",
    "rate": "Hz",
    "frequency": "Hz",
}

from . import analysis, inputs, networks, neurons  # noqa: E402  (models: no matplotlib)
from ._lazy import attach  # noqa: E402

# The chapter modules, plotting, widgets, checks, course tooling and datasets load on first use.
__getattr__, __dir__, __all__ = attach(
    __name__,
    submodules=[
        "plotting",
        "widgets",
        "checks",
        "course",
        "datasets",
        "learning",
        "sparse_coding",
        "attention",
        "reward",
        "neuromorphic",
    ],
    eager=["UNITS", "__version__", "analysis", "inputs", "networks", "neurons"],
)
