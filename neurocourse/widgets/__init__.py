"""Widget demos, one module per chapter: ``nc.widgets.<demo>()`` returns the widget.

Each demo wraps a plain update function (``update_<demo>``) that returns a figure and a
summary; tests drive it headlessly.

* chapter 00 (:mod:`~neurocourse.widgets.welcome`): :func:`lif_current_demo`.
* chapter 01 (:mod:`~neurocourse.widgets.circuits`): :func:`lif_explorer`,
  :func:`izhikevich_zoo`, :func:`brunel_explorer`, :func:`wilson_cowan_phase_plane`,
  :func:`mach_bands`, :func:`winner_take_all`.
"""

from ._base import Demo, new_figure
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
]
