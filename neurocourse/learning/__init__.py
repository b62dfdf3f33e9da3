"""Plasticity rules shared by the chapters.

* :mod:`~neurocourse.learning.stdp` -- spike-timing-dependent plasticity: the pair rule, its
  traces, competition (Song, Miller & Abbott 2000) and reward modulation (Izhikevich 2007).
* :mod:`~neurocourse.learning.hebb` -- Hebbian learning of principal components: Oja's rule
  (:func:`fit_oja`, :func:`oja_update`) and Sanger's rule (:func:`fit_sanger`, :func:`sanger_update`).
"""

from .hebb import HebbianResult, fit_oja, fit_sanger, oja_update, sanger_update
from .stdp import (
    BI_POO_TAU_MINUS,
    BI_POO_TAU_PLUS,
    CompetitiveSTDPParams,
    CompetitiveSTDPResult,
    RewardSTDPParams,
    RewardSTDPResult,
    STDPParams,
    simulate_competitive_stdp,
    simulate_reward_stdp,
    stdp_weight_change,
    stdp_window,
)

__all__ = [
    "BI_POO_TAU_PLUS",
    "BI_POO_TAU_MINUS",
    "STDPParams",
    "stdp_window",
    "stdp_weight_change",
    "CompetitiveSTDPParams",
    "CompetitiveSTDPResult",
    "simulate_competitive_stdp",
    "RewardSTDPParams",
    "RewardSTDPResult",
    "simulate_reward_stdp",
    # hebb
    "HebbianResult",
    "fit_oja",
    "fit_sanger",
    "oja_update",
    "sanger_update",
]
