"""Parameter dataclasses shared by model families.

Every ``*Params`` class of the package is a ``frozen=True, kw_only=True`` dataclass that
validates its fields in ``__post_init__`` and states its own largest stable time step as the
property ``max_dt`` [ms]. The leaky integrate-and-fire fields (membrane time constant,
resting, threshold and reset potentials, refractory period) and the rule that the reset lies
below the threshold live once, here, in :class:`LIFFields`; the single-neuron
:class:`~neurocourse.neurons.LIFParams` and the network neuron
:class:`~neurocourse.networks.LIFNetworkParams` compose them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._validation import check_nonnegative, check_positive, check_scalar

__all__ = ["LIFFields", "set_checked"]


def set_checked(obj, name: str, value) -> None:
    """Store a validated (converted) value on a frozen dataclass in its ``__post_init__``."""
    object.__setattr__(obj, name, value)


@dataclass(frozen=True, kw_only=True)
class LIFFields:
    """The fields every leaky integrate-and-fire neuron has.

    The threshold test is ``V >= v_threshold`` in every LIF implementation of the package.

    Attributes
    ----------
    tau_m : float
        Membrane time constant [ms], in (0, 1e4].
    e_leak : float
        Resting (leak reversal) potential E_L [mV], in [-200, 100].
    v_threshold : float
        Firing threshold theta [mV], in [-200, 100]; a neuron spikes when V >= theta.
    v_reset : float
        Reset potential V_r [mV], in [-200, 100] and below ``v_threshold``.
    t_ref : float
        Absolute refractory period [ms], in [0, 1000].
    """

    tau_m: float = 20.0
    e_leak: float = 0.0
    v_threshold: float = 20.0
    v_reset: float = 10.0
    t_ref: float = 2.0

    def __post_init__(self):
        set_checked(self, "tau_m", check_positive("tau_m", self.tau_m, unit="ms", high=1e4))
        for name in ("e_leak", "v_threshold", "v_reset"):
            set_checked(self, name, check_scalar(name, getattr(self, name), unit="mV", low=-200, high=100))
        set_checked(self, "t_ref", check_nonnegative("t_ref", self.t_ref, unit="ms", high=1e3))
        if self.v_reset >= self.v_threshold:
            raise ValueError(
                f"v_reset [mV] must be below v_threshold = {self.v_threshold:g} mV; got {self.v_reset:g}"
            )

    @property
    def max_dt(self) -> float:
        """Largest time step [ms] accepted: a tenth of tau_m, at most 1 ms."""
        return min(1.0, self.tau_m / 10.0)
