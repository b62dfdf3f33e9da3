"""The small framework behind every widget demo.

A demo is a plain *update function* ``update(**values) -> (figure, summary_html)`` and a set of
controls. :class:`Demo` wires them: each change of a control calls the update function,
renders the figure to PNG and shows it explicitly in an ``ipywidgets.Image``, and the
summary in a message line. An Image widget, rather than ``display`` inside an
``ipywidgets.Output``, because it needs no output capture: the figure appears the same in
every frontend, and executing a notebook headlessly (nbclient, nbval) cannot lose the
captured display messages, which made such runs hang now and then.
Impossible settings (the update function raises ``ValueError`` or ``TypeError``) show a
message in the widget, never a traceback, and keep the last good figure.

Figures are created with :class:`matplotlib.figure.Figure`, not pyplot, so a callback leaves
no figure behind for the inline backend to show twice, and nothing accumulates in memory.
"""

from __future__ import annotations

import html
import io
import time

import ipywidgets
from matplotlib.figure import Figure

from ..plotting import course_style

__all__ = ["Demo", "new_figure"]


def new_figure(*, ncols=1, nrows=1, figsize=(9.0, 3.2), margins=None, **subplot_kwargs):
    """Return ``(figure, axes)`` in the course style, outside pyplot's figure registry.

    Parameters
    ----------
    ncols, nrows : int
        Grid of axes.
    figsize : tuple
        Size [inches].
    margins : dict, optional
        Fixed subplot margins (``left, right, bottom, top, wspace, hspace`` as fractions).
        Widgets pass them: a fixed layout draws in about half the time of matplotlib's
        constrained layout, which keeps an update within its time budget. Without them the
        figure uses constrained layout.
    **subplot_kwargs
        Passed to :meth:`matplotlib.figure.Figure.subplots` (e.g. ``width_ratios``).
    """
    with course_style():
        if margins is None:
            fig = Figure(figsize=figsize, layout="constrained")
            axes = fig.subplots(nrows=nrows, ncols=ncols, **subplot_kwargs)
        else:
            fig = Figure(figsize=figsize)
            fig.set_layout_engine(None)  # no engine at all: "none" leaves one that costs a second draw
            axes = fig.subplots(nrows=nrows, ncols=ncols, gridspec_kw=dict(margins), **subplot_kwargs)
    return fig, axes


class Demo(ipywidgets.VBox):
    """A widget demo: a title, controls, a message line and the figure.

    Parameters
    ----------
    update : callable
        ``update(**values) -> (figure, summary_html)``, where ``values`` maps each control's
        name to its current value. Tested headlessly by calling it, or by setting
        ``demo.controls[name].value`` and reading ``demo.message.value``.
    controls : dict of str to ipywidgets.ValueWidget
        The controls, by the keyword their value is passed as.
    title : str
        Shown above the controls.

    Attributes
    ----------
    controls : dict
        The control widgets.
    message : ipywidgets.HTML
        Summary of the current setting, or the reason a setting was refused.
    image : ipywidgets.Image
        The figure, as PNG.
    last_figure : matplotlib.figure.Figure or None
        The figure of the last accepted setting.
    last_update_seconds : float
        Wall time of the last update (simulation and drawing).
    """

    def __init__(self, update, controls, *, title=""):
        self.update_function = update
        self.controls = dict(controls)
        self.message = ipywidgets.HTML()
        self.image = ipywidgets.Image(format="png")
        self.last_figure = None
        self.last_update_seconds = 0.0
        self.last_changed = None
        header = [ipywidgets.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        box = ipywidgets.HBox(list(self.controls.values()), layout=ipywidgets.Layout(flex_flow="row wrap"))
        super().__init__(header + [box, self.message, self.image])
        for widget in self.controls.values():
            widget.observe(self._on_change, names="value")
        self.refresh()

    def values(self):
        """Return the current value of every control, by name."""
        return {name: widget.value for name, widget in self.controls.items()}

    def _on_change(self, change):
        owners = (name for name, widget in self.controls.items() if widget is change["owner"])
        self.last_changed = next(owners, None)
        self.refresh()

    def refresh(self):
        """Run the update function on the current values and show its figure and summary."""
        start = time.perf_counter()
        try:
            fig, summary = self.update_function(**self.values())
        except (ValueError, TypeError) as exc:
            moved = ""
            if self.last_changed is not None:
                widget = self.controls[self.last_changed]
                label = widget.description or self.last_changed
                moved = f" (you set <b>{html.escape(str(label))}</b> to {html.escape(str(widget.value))})"
            self.message.value = (
                f'<span style="color:#D55E00">&#9888; This setting cannot be simulated{moved}: '
                f"{html.escape(str(exc))}</span>"
            )
            return False
        self.last_figure = fig
        self.message.value = summary
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        self.image.value = buffer.getvalue()
        self.last_update_seconds = time.perf_counter() - start
        return True
