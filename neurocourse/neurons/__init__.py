"""Single-neuron models: leaky integrate-and-fire and Izhikevich (one model a module)."""

from .izhikevich import (
    IZHIKEVICH_PRESETS,
    IZHIKEVICH_TYPE_NAMES,
    IzhikevichParams,
    IzhikevichResult,
    izhikevich_holding_current,
    izhikevich_preset,
    izhikevich_rest,
    simulate_izhikevich,
)
from .lif import LIFParams, LIFResult, lif_rate, lif_rheobase, lif_subthreshold_voltage, simulate_lif

__all__ = [
    "LIFParams",
    "LIFResult",
    "simulate_lif",
    "lif_rate",
    "lif_rheobase",
    "lif_subthreshold_voltage",
    "IzhikevichParams",
    "IzhikevichResult",
    "IZHIKEVICH_PRESETS",
    "IZHIKEVICH_TYPE_NAMES",
    "izhikevich_preset",
    "izhikevich_rest",
    "izhikevich_holding_current",
    "simulate_izhikevich",
]
