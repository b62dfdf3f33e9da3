"""Spiking and rate networks.

* :mod:`~neurocourse.networks.connectivity` -- sparse (CSR) connectivity and random builders.
* :mod:`~neurocourse.networks.spiking` -- networks of LIF neurons with delta or exponential
  current-based synapses, delays and Poisson drive, in one compiled time loop.
* :mod:`~neurocourse.networks.presets` -- Vogels & Abbott's CUBA benchmark and Brunel's
  sparse E/I network.
* :mod:`~neurocourse.networks.wilson_cowan` -- the Wilson-Cowan model with its phase-plane tools.
* :mod:`~neurocourse.networks.linear_threshold` -- a linear-threshold winner-take-all network.
* :mod:`~neurocourse.networks.meanfield` -- the Siegert rate and Brunel's self-consistent
  mean-field rates.
* :mod:`~neurocourse.networks.lateral` -- difference-of-Gaussians lateral inhibition and
  Mach bands.
* :mod:`~neurocourse.networks.izhikevich2003` -- Izhikevich's (2003) network of 1000
  heterogeneous cells, whose population makes alpha and gamma rhythms.

``meanfield``, ``lateral`` and ``izhikevich2003`` are imported on first use (``nc.networks.siegert_rate`` and
``from neurocourse.networks import siegert_rate`` both work), so that ``import neurocourse``
does not pay for scipy's integration, optimisation and special-function modules: a fresh
process reaches its first simulation sooner.
"""

from .._lazy import attach
from . import connectivity, linear_threshold, presets, spiking, wilson_cowan
from .connectivity import Connectivity, bernoulli, fixed_indegree, from_edges, stack_presynaptic
from .linear_threshold import LinearThresholdParams, LinearThresholdResult, simulate_linear_threshold_network
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
from .spiking import (
    LIFNetworkParams,
    NetworkResult,
    PoissonDrive,
    SpikingNetwork,
    simulate_spiking_network,
)
from .wilson_cowan import (
    FixedPoint,
    Nullclines,
    WilsonCowanParams,
    WilsonCowanResult,
    classify_fixed_point,
    find_fixed_points,
    simulate_wilson_cowan,
    wilson_cowan_activity_range,
    wilson_cowan_field,
    wilson_cowan_inverse_sigmoid,
    wilson_cowan_jacobian,
    wilson_cowan_nullclines,
    wilson_cowan_sigmoid,
)

# Served on first use, so that ``import neurocourse`` does not import scipy's integration,
# optimisation and special-function modules or compile more kernels than it needs.
_LAZY = {
    "lateral": [
        "DoGParams",
        "MachBands",
        "dog_filter",
        "dog_kernel",
        "dog_ramp_response",
        "mach_band_measurement",
        "mach_band_overshoot",
        "mach_band_position",
        "ramp_edge",
        "ramp_mach_bands",
        "step_edge",
    ],
    "meanfield": ["BrunelMeanField", "brunel_input_moments", "siegert_rate", "solve_brunel_mean_field"],
    "izhikevich2003": [
        "IzhikevichNetwork",
        "IzhikevichNetworkParams",
        "IzhikevichNetworkResult",
        "izhikevich_network",
        "simulate_izhikevich_network",
    ],
}

_EAGER = [
    "connectivity",
    "spiking",
    "presets",
    "wilson_cowan",
    "linear_threshold",
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
    # wilson_cowan
    "WilsonCowanParams",
    "WilsonCowanResult",
    "FixedPoint",
    "Nullclines",
    "wilson_cowan_sigmoid",
    "wilson_cowan_inverse_sigmoid",
    "wilson_cowan_activity_range",
    "wilson_cowan_field",
    "simulate_wilson_cowan",
    "wilson_cowan_nullclines",
    "wilson_cowan_jacobian",
    "find_fixed_points",
    "classify_fixed_point",
    # linear_threshold
    "LinearThresholdParams",
    "LinearThresholdResult",
    "simulate_linear_threshold_network",
]

__getattr__, __dir__, __all__ = attach(__name__, submodules=_LAZY, submod_attrs=_LAZY, eager=_EAGER)
