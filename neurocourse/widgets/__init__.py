"""Widget demos, one module per chapter: ``nc.widgets.<demo>()`` returns the widget.

Each demo wraps a plain update function (``update_<demo>``) that returns a figure and a
summary; tests drive it headlessly.

* chapter 00 (:mod:`~neurocourse.widgets.welcome`): :func:`lif_current_demo`.
* chapter 01 (:mod:`~neurocourse.widgets.circuits`): :func:`lif_explorer`,
  :func:`izhikevich_zoo`, :func:`brunel_explorer`, :func:`wilson_cowan_phase_plane`,
  :func:`mach_bands`, :func:`winner_take_all`.
* chapter 02 (:mod:`~neurocourse.widgets.sparse_coding`): :func:`sparsity_tradeoff`,
  :func:`lca_dynamics`, :func:`basis_browser`.
* chapter 03 (:mod:`~neurocourse.widgets.attention`): :func:`rh09_explorer`,
  :func:`biased_competition`, :func:`softmax_attention_heatmap`.
* chapter 04 (:mod:`~neurocourse.widgets.reward`): :func:`rescorla_wagner_designer`,
  :func:`bandit_arena`, :func:`dopamine_raster`.
* chapter 05 (:mod:`~neurocourse.widgets.neuromorphic`): :func:`encoder_explorer`,
  :func:`stdp_explorer`, :func:`bit_width_explorer`, :func:`conversion_dashboard`.
"""

from ._base import Demo, new_figure
from .attention import (
    biased_competition,
    rh09_explorer,
    softmax_attention_heatmap,
    update_biased_competition,
    update_rh09_explorer,
    update_softmax_attention_heatmap,
)
from .circuits import (
    brunel_explorer,
    izhikevich_zoo,
    lif_explorer,
    mach_bands,
    update_brunel_explorer,
    update_izhikevich_zoo,
    update_lif_explorer,
    update_mach_bands,
    update_wilson_cowan_phase_plane,
    update_winner_take_all,
    wilson_cowan_phase_plane,
    winner_take_all,
)
from .neuromorphic import (
    bit_width_explorer,
    conversion_dashboard,
    encoder_explorer,
    stdp_explorer,
    update_bit_width_explorer,
    update_conversion_dashboard,
    update_encoder_explorer,
    update_stdp_explorer,
)
from .reward import (
    bandit_arena,
    dopamine_raster,
    rescorla_wagner_designer,
    update_bandit_arena,
    update_dopamine_raster,
    update_rescorla_wagner_designer,
)
from .sparse_coding import (
    basis_browser,
    lca_dynamics,
    sparsity_tradeoff,
    update_basis_browser,
    update_lca_dynamics,
    update_sparsity_tradeoff,
)
from .welcome import lif_current_demo, update_lif_current_demo

__all__ = [
    "Demo",
    "new_figure",
    # chapter 00
    "lif_current_demo",
    "update_lif_current_demo",
    # chapter 01
    "lif_explorer",
    "update_lif_explorer",
    "izhikevich_zoo",
    "update_izhikevich_zoo",
    "brunel_explorer",
    "update_brunel_explorer",
    "wilson_cowan_phase_plane",
    "update_wilson_cowan_phase_plane",
    "mach_bands",
    "update_mach_bands",
    "winner_take_all",
    "update_winner_take_all",
    # chapter 03
    "rh09_explorer",
    "update_rh09_explorer",
    "biased_competition",
    "update_biased_competition",
    "softmax_attention_heatmap",
    "update_softmax_attention_heatmap",
    # chapter 04
    "rescorla_wagner_designer",
    "update_rescorla_wagner_designer",
    "bandit_arena",
    "update_bandit_arena",
    "dopamine_raster",
    "update_dopamine_raster",
    # chapter 05
    "encoder_explorer",
    "update_encoder_explorer",
    "stdp_explorer",
    "update_stdp_explorer",
    "bit_width_explorer",
    "update_bit_width_explorer",
    "conversion_dashboard",
    "update_conversion_dashboard",
    # chapter 02
    "sparsity_tradeoff",
    "update_sparsity_tradeoff",
    "lca_dynamics",
    "update_lca_dynamics",
    "basis_browser",
    "update_basis_browser",
]
