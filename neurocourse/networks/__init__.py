"""Spiking and rate networks.

* :mod:`~neurocourse.networks.connectivity` -- sparse (CSR) connectivity and random builders.
* :mod:`~neurocourse.networks.spiking` -- networks of LIF neurons with delta or exponential
  current-based synapses, delays and Poisson drive, in one compiled time loop.
* :mod:`~neurocourse.networks.presets` -- Vogels & Abbott's CUBA benchmark and Brunel's
  sparse E/I network.
* :mod:`~neurocourse.networks.rates` -- the Wilson-Cowan model with its phase-plane tools,
  and a linear-threshold winner-take-all network.
* :mod:`~neurocourse.networks.meanfield` -- the Siegert rate and Brunel's self-consistent
  mean-field rates.
* :mod:`~neurocourse.networks.lateral` -- difference-of-Gaussians lateral inhibition and
  Mach bands.

``meanfield`` and ``lateral`` are imported on first use (``nc.networks.siegert_rate`` and
``from neurocourse.networks import siegert_rate`` both work), so that ``import neurocourse``
does not pay for scipy's integration, optimisation and special-function modules: a fresh
process reaches its first simulation sooner.
"""

import importlib

from . import connectivity, presets, rates, spiking
from .connectivity import Connectivity, bernoulli, fixed_indegree, from_edges, stack_presynaptic
from .presets import (
    BrunelParams,
    CUBAParams,
    brunel_indegrees,
    brunel_network,
    brunel_threshold_rate,
    cuba_network,
    cuba_uncoupled_rate,
    simulate_brunel,
    simulate_cuba,
)
from .rates import (
    FixedPoint,
    LinearThresholdResult,
    Nullclines,
    WilsonCowanParams,
    WilsonCowanResult,
    classify_fixed_point,
    find_fixed_points,
    simulate_linear_threshold_network,
    simulate_wilson_cowan,
    wilson_cowan_inverse_sigmoid,
    wilson_cowan_jacobian,
    wilson_cowan_nullclines,
    wilson_cowan_sigmoid,
)
from .spiking import (
    LIFNetworkParams,
    NetworkResult,
    PoissonDrive,
    SpikingNetwork,
    simulate_spiking_network,
)

#: Names served lazily: attribute -> (module, attribute in it, or None for the module).
_LAZY = {
    "lateral": ("lateral", None),
    "meanfield": ("meanfield", None),
    "DoGParams": ("lateral", "DoGParams"),
    "dog_kernel": ("lateral", "dog_kernel"),
    "dog_filter": ("lateral", "dog_filter"),
    "step_edge": ("lateral", "step_edge"),
    "mach_band_overshoot": ("lateral", "mach_band_overshoot"),
    "mach_band_position": ("lateral", "mach_band_position"),
    "siegert_rate": ("meanfield", "siegert_rate"),
    "BrunelMeanField": ("meanfield", "BrunelMeanField"),
    "brunel_input_moments": ("meanfield", "brunel_input_moments"),
    "solve_brunel_mean_field": ("meanfield", "solve_brunel_mean_field"),
}


def __getattr__(name):
    if name in _LAZY:
        module_name, attribute = _LAZY[name]
        module = importlib.import_module(f"{__name__}.{module_name}")
        value = module if attribute is None else getattr(module, attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "connectivity",
    "spiking",
    "presets",
    "rates",
    # connectivity
    "Connectivity",
    "fixed_indegree",
    "bernoulli",
    "from_edges",
    "stack_presynaptic",
    # spiking
    "LIFNetworkParams",
    "PoissonDrive",
    "SpikingNetwork",
    "NetworkResult",
    "simulate_spiking_network",
    # presets
    "CUBAParams",
    "cuba_network",
    "simulate_cuba",
    "cuba_uncoupled_rate",
    "BrunelParams",
    "brunel_indegrees",
    "brunel_threshold_rate",
    "brunel_network",
    "simulate_brunel",
    # rates
    "WilsonCowanParams",
    "WilsonCowanResult",
    "FixedPoint",
    "Nullclines",
    "wilson_cowan_sigmoid",
    "wilson_cowan_inverse_sigmoid",
    "simulate_wilson_cowan",
    "wilson_cowan_nullclines",
    "wilson_cowan_jacobian",
    "find_fixed_points",
    "classify_fixed_point",
    "LinearThresholdResult",
    "simulate_linear_threshold_network",
    # lazily imported (lateral inhibition, mean-field theory)
    *sorted(_LAZY),
]
