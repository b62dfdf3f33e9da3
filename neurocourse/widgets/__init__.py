"""Widget demos, one module per chapter: ``nc.widgets.<demo>()`` returns the widget.

Each demo wraps a plain update function (``update_<demo>``) that returns a figure and a
summary; tests drive it headlessly.
"""

from ._base import Demo, new_figure
from .welcome import lif_current_demo, update_lif_current_demo

__all__ = ["Demo", "new_figure", "lif_current_demo", "update_lif_current_demo"]
