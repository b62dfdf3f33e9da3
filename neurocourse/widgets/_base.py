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

A live demo reuses its figure. Most of the time of drawing a new matplotlib figure goes to
creating its axes and their tick objects, not to the data; so while :class:`Demo` runs an
update, :func:`new_figure` hands back the figure the previous update built with the same
layout, emptied of everything the update draws (lines, images, texts, legends, extra axes such
as colour bars) and with its axes reset to a fresh state, instead of building a new one. A
test renders every demo both ways over its control ranges and requires identical pixels.
Called outside a demo (tests, notebooks), an update function builds a new figure every time.
"""

from __future__ import annotations

import contextvars
import html
import io
import time

import ipywidgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import AutoLocator, MaxNLocator
from PIL import Image

from ..plotting import course_style

__all__ = ["Demo", "new_figure", "render_png", "thin_ticks"]


def render_png(fig):
    """Return the figure as PNG bytes, drawn and encoded for speed.

    The figure is drawn once on an Agg canvas and its pixels are encoded by Pillow at zlib
    level 1. Against ``fig.savefig(format="png")`` this skips savefig's canvas switch and
    save-time re-layout, and the level-6 compression that costs tens of milliseconds per
    figure, for PNGs about a third larger: a slider update that feels live matters more than
    the bytes sent to the browser on the same machine. An opaque figure (every pixel's alpha
    255, as in every course figure) is encoded as RGB, a transparent one as RGBA.
    """
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    # The course's figures are opaque: RGB is a quarter less to encode (a third faster) than RGBA.
    pixels = rgba if (rgba[..., 3] != 255).any() else np.ascontiguousarray(rgba[..., :3])
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


#: While a :class:`Demo` runs its update function: the demo's figures by layout, and a counter.
_FIGURE_SLOT = contextvars.ContextVar("neurocourse_widget_figures", default=None)


class _FigureSlot:
    """The figures one demo reuses, by (call number within an update, layout)."""

    def __init__(self):
        self.figures = {}
        self.calls = 0


def _axis_state(axis):
    return (
        axis.get_major_locator(),
        axis.get_minor_locator(),
        axis.get_major_formatter(),
        axis.get_minor_formatter(),
    )


def _restore_axis(axis, state):
    major_loc, minor_loc, major_fmt, minor_fmt = state
    # units (categorical bars set a string converter once per axis): as on a new axis
    axis._converter, axis._converter_is_explicit, axis.units = None, False, None
    if axis.get_major_locator() is not major_loc:
        axis.set_major_locator(major_loc)
        axis.isDefault_majloc = True
    if axis.get_minor_locator() is not minor_loc:
        axis.set_minor_locator(minor_loc)
        axis.isDefault_minloc = True
    if axis.get_major_formatter() is not major_fmt:
        axis.set_major_formatter(major_fmt)
        axis.isDefault_majfmt = True
    if axis.get_minor_formatter() is not minor_fmt:
        axis.set_minor_formatter(minor_fmt)
        axis.isDefault_minfmt = True


class _ReusableFigure:
    """A figure, its axes, and what a fresh copy of them looked like."""

    def __init__(self, fig, axes):
        self.fig = fig
        self.axes = axes
        self.base_axes = list(fig.axes)
        self.state = [
            (
                ax.get_position(original=True).frozen(),
                _axis_state(ax.xaxis),
                _axis_state(ax.yaxis),
                ax.get_facecolor(),
                ax.axison,
                (ax.get_xmargin(), ax.get_ymargin()),
            )
            for ax in self.base_axes
        ]

    def reset(self):
        """Empty the figure of everything an update draws and reset its axes."""
        fig = self.fig
        for ax in list(fig.axes):
            if ax not in self.base_axes:  # colour bars, twin and inset axes
                fig.delaxes(ax)
        for artists in (fig.texts, fig.legends, fig.lines, fig.patches, fig.images, fig.artists):
            for artist in list(artists):
                artist.remove()
        fig._suptitle = fig._supxlabel = fig._supylabel = None
        for ax, (position, xstate, ystate, facecolor, axison, margins) in zip(
            self.base_axes, self.state, strict=True
        ):
            for container in list(ax.containers):  # bars and error bars: legends read these
                container.remove()
            for artist in list(ax._children):
                artist.remove()
            if ax.legend_ is not None:
                ax.legend_.remove()
            for loc in ("left", "center", "right"):
                ax.set_title("", loc=loc)
            ax.set_xlabel("")
            ax.set_ylabel("")
            if ax.get_xscale() != "linear":
                ax.set_xscale("linear")
            if ax.get_yscale() != "linear":
                ax.set_yscale("linear")
            _restore_axis(ax.xaxis, xstate)
            _restore_axis(ax.yaxis, ystate)
            ax.set_prop_cycle(None)  # colours start again from the first
            ax.set_aspect("auto")
            ax.set_position(position)
            ax.set_facecolor(facecolor)
            if axison:
                ax.set_axis_on()
            else:
                ax.set_axis_off()
            ax.margins(*margins)
            ax.set_xlim(0.0, 1.0)
            ax.set_ylim(0.0, 1.0)
            ax.ignore_existing_data_limits = True
            ax.set_autoscale_on(True)
        return self.fig, self.axes


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

    Within a :class:`Demo`'s update, the figure of the previous update with the same layout is
    returned, emptied and reset (see the module docstring); elsewhere a new one.
    """
    slot = _FIGURE_SLOT.get()
    if slot is not None:
        layout = (ncols, nrows, tuple(figsize), repr(sorted((margins or {}).items())), repr(subplot_kwargs))
        key = (slot.calls, *layout)
        slot.calls += 1
        if key in slot.figures:
            with course_style():
                return slot.figures[key].reset()
        fig, axes = _build_figure(ncols, nrows, figsize, margins, subplot_kwargs)
        slot.figures[key] = _ReusableFigure(fig, axes)
        return fig, axes
    return _build_figure(ncols, nrows, figsize, margins, subplot_kwargs)


def _build_figure(ncols, nrows, figsize, margins, subplot_kwargs):
    with course_style():
        if margins is None:
            fig = Figure(figsize=figsize, layout="constrained")
            axes = fig.subplots(nrows=nrows, ncols=ncols, **subplot_kwargs)
        else:
            fig = Figure(figsize=figsize)
            fig.set_layout_engine(None)  # no engine at all: "none" leaves one that costs a second draw
            axes = fig.subplots(nrows=nrows, ncols=ncols, gridspec_kw=dict(margins), **subplot_kwargs)
            thin_ticks(fig)
    return fig, axes


def thin_ticks(fig, nbins=4):
    """Put at most ``nbins + 1`` ticks on every axis of ``fig`` that has matplotlib's default locator.

    Matplotlib's default picks up to nine; each tick label is a text to lay out and draw, about
    1.5 ms each, the largest share of a demo's drawing time. :func:`new_figure` applies it to the
    axes of every fixed-layout figure; call it again for axes added later. Logarithmic,
    categorical and explicit ticks set afterwards replace these. Returns ``fig``.
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_locator(), AutoLocator):
                axis.set_major_locator(MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10]))
    return fig


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
        self._figures = _FigureSlot()
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
        self._figures.calls = 0
        token = _FIGURE_SLOT.set(self._figures)
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
        finally:
            _FIGURE_SLOT.reset(token)
        self.last_figure = fig
        self.message.value = summary
        self.image.value = render_png(fig)
        self.last_update_seconds = time.perf_counter() - start
        return True
