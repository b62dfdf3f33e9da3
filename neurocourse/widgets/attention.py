"""Widget demos of chapter 03, attention gating.

Each demo is a plain ``update_*`` function returning ``(figure, summary_html)`` and a builder
that wraps it in a :class:`~neurocourse.widgets.Demo`:

* :func:`rh09_explorer` -- the normalization model of attention (Reynolds & Heeger 2009):
  stimulus size, attention-field size and contrast; the two contrast-response functions and
  the fitted R_max and c50 ratios.
* :func:`biased_competition` -- two stimuli in one receptive field (Reynolds, Chelazzi &
  Desimone 1999): which is attended, and their contrasts.
* :func:`softmax_attention_heatmap` -- scaled dot-product attention on a toy key-value task:
  temperature and query; the weights as normalization of an exponentiated drive.
"""

from __future__ import annotations

import functools

import ipywidgets
import numpy as np
from matplotlib.ticker import NullLocator

from .. import attention as model
from .._validation import check_choice, check_int, check_scalar
from ..plotting import COLORS
from ._base import Demo, new_figure

__all__ = [
    "biased_competition",
    "rh09_explorer",
    "softmax_attention_heatmap",
    "update_biased_competition",
    "update_rh09_explorer",
    "update_softmax_attention_heatmap",
]

_CONTRASTS = np.logspace(-5, 0, 31)
_DECADES = np.logspace(-5, 0, 6)


# ---------------------------------------------------------------------------------------------
# RH09 explorer


@functools.lru_cache(maxsize=64)
def _experiment(stimulus_width, attention_width):
    return model.run_contrast_gain_experiment(
        stimulus_width=stimulus_width, attention_width=attention_width, contrasts=_CONTRASTS
    )


class _RH09View:
    """The explorer's figure, built once; each update replaces the data of its artists.

    Creating the ticks, titles and legends of a new figure took most of an update's time;
    here they are made once, and responses are drawn as fractions of the unattended R_max,
    so that the axes never change.
    """

    def __init__(self, params):
        fig, (ax_field, ax_crf) = new_figure(
            ncols=2,
            figsize=(8.6, 3.0),
            width_ratios=[1, 1.5],
            margins=dict(left=0.07, right=0.985, bottom=0.16, top=0.9, wspace=0.25),
        )
        self.fig = fig
        self.x = np.linspace(60.0, 140.0, 321)
        profile = lambda width: np.exp(-0.5 * ((self.x - 100.0) / width) ** 2)  # noqa: E731
        (self.stimulus,) = ax_field.plot(self.x, profile(3.0), color=COLORS["neutral"], label="stimulus")
        ax_field.plot(
            self.x,
            profile(params.excitatory_width_x),
            color=COLORS["excitatory"],
            linestyle=":",
            label="receptive field",
        )
        ax_field.plot(
            self.x,
            profile(params.suppressive_width_x),
            color=COLORS["inhibitory"],
            linestyle=":",
            label="suppressive field",
        )
        (self.field,) = ax_field.plot(
            self.x, profile(30.0), color=COLORS["highlight"], linewidth=2.0, label="attention field"
        )
        ax_field.set_xlabel("Position x (a.u.)")
        ax_field.set_ylabel("Profile (peak 1)")
        ax_field.set_xlim(60.0, 140.0)
        ax_field.set_ylim(0.0, 1.45)
        ax_field.set_xticks([60.0, 100.0, 140.0])
        ax_field.set_yticks([0.0, 0.5, 1.0])
        ax_field.legend(loc="upper left", fontsize=7, ncol=2)
        ax_field.set_title("Sizes around the recorded neuron", y=1.0)
        c = _CONTRASTS
        (self.unattended,) = ax_crf.semilogx(
            c, c, "o", markersize=3, color=COLORS["neutral"], label="attend away"
        )
        (self.attended,) = ax_crf.semilogx(
            c, c, "o", markersize=3, color=COLORS["highlight"], label="attend to RF"
        )
        self.fine = np.logspace(-5, 0, 101)
        (self.fit_unattended,) = ax_crf.semilogx(self.fine, self.fine, color=COLORS["neutral"], linewidth=1.0)
        (self.fit_attended,) = ax_crf.semilogx(self.fine, self.fine, color=COLORS["highlight"], linewidth=1.0)
        self.marker = ax_crf.axvline(1e-3, color=COLORS["analytic"], linewidth=0.8, linestyle="--")
        ax_crf.set_xlim(1e-5 / 1.5, 1.5)
        ax_crf.set_ylim(0.0, 2.0)
        ax_crf.set_xticks(_DECADES, [f"1e{int(k)}" if k else "1" for k in np.log10(_DECADES)])
        ax_crf.xaxis.set_minor_locator(NullLocator())  # log-axis minor ticks cost most of the drawing
        ax_crf.set_yticks([0.0, 0.5, 1.0, 1.5, 2.0])
        ax_crf.set_xlabel("Contrast")
        ax_crf.set_ylabel("Response (unattended R_max)")
        ax_crf.legend(loc="upper left")
        ax_crf.set_title("Contrast-response functions and Naka-Rushton fits", y=1.0)

    def show(self, result, stimulus_width, attention_width, contrast):
        scale = result.fit_unattended.r_max
        self.stimulus.set_ydata(np.exp(-0.5 * ((self.x - 100.0) / stimulus_width) ** 2))
        self.field.set_ydata(np.exp(-0.5 * ((self.x - 100.0) / attention_width) ** 2))
        self.unattended.set_ydata(result.unattended / scale)
        self.attended.set_ydata(result.attended / scale)
        self.fit_unattended.set_ydata(result.fit_unattended(self.fine) / scale)
        self.fit_attended.set_ydata(result.fit_attended(self.fine) / scale)
        self.marker.set_xdata([contrast, contrast])
        return self.fig


@functools.lru_cache(maxsize=1)
def _rh09_view():
    return _RH09View(model.NormalizationAttentionParams())


def update_rh09_explorer(stimulus_width=3.0, attention_width=30.0, log_contrast=-3.0):
    """Draw the attended and unattended contrast-response functions of the normalization model.

    Parameters
    ----------
    stimulus_width : float
        Spatial width of the two stimuli [a.u.], in [1, 40].
    attention_width : float
        Spatial width of the attention field [a.u.], in [1, 100].
    log_contrast : float
        log10 of the contrast marked on the curves, in [-5, 0].

    Returns
    -------
    figure, summary_html
        The figure is the same object at every call (its artists are updated).
    """
    stimulus_width = check_scalar("stimulus_width", stimulus_width, unit="a.u.", low=1.0, high=40.0)
    attention_width = check_scalar("attention_width", attention_width, unit="a.u.", low=1.0, high=100.0)
    log_contrast = check_scalar("log_contrast", log_contrast, low=-5.0, high=0.0)
    result = _experiment(stimulus_width, attention_width)
    contrast = 10.0**log_contrast
    fig = _rh09_view().show(result, stimulus_width, attention_width, contrast)
    r_att, r_un = result.fit_attended(contrast), result.fit_unattended(contrast)
    ratio_c50, ratio_rmax = result.c50_ratio, result.r_max_ratio
    if ratio_rmax < 1.05:
        regime = "contrast gain: the curve shifts left, the same saturation"
    elif ratio_c50 < 1.1:
        regime = "response gain: the curve is scaled up"
    else:
        regime = "a mixture of contrast gain and response gain"
    summary = (
        f"c50 unattended / attended = <b>{ratio_c50:.2f}</b>, R_max attended / unattended = "
        f"<b>{ratio_rmax:.3f}</b>: {regime}. At contrast {contrast:.2g} attention raises the response "
        f"by {100 * (r_att / r_un - 1):.0f} %."
    )
    return fig, summary


def rh09_explorer():
    """Return the normalization-model demo: stimulus size, attention-field size and contrast."""
    style = {"description_width": "initial"}
    controls = {
        "stimulus_width": ipywidgets.FloatSlider(
            value=3.0,
            min=1.0,
            max=30.0,
            step=1.0,
            description="stimulus (a.u.)",
            continuous_update=False,
            style=style,
        ),
        "attention_width": ipywidgets.FloatSlider(
            value=30.0,
            min=1.0,
            max=60.0,
            step=1.0,
            description="attention (a.u.)",
            continuous_update=False,
            style=style,
        ),
        "log_contrast": ipywidgets.FloatSlider(
            value=-3.0, min=-5.0, max=0.0, step=0.25, description="log10 c (–)", continuous_update=False
        ),
    }
    return Demo(
        update_rh09_explorer, controls, title="Normalization model of attention (Reynolds & Heeger 2009)"
    )


# ---------------------------------------------------------------------------------------------
# Biased competition

_W_PLUS = np.array([1.0, 0.1])  # preferred, poor stimulus: excitatory pathways
_W_MINUS = np.array([0.2, 0.8])  # and inhibitory pathways
_ATTEND = {"away": None, "preferred": 0, "poor": 1}


def update_biased_competition(attend="away", contrast_preferred=1.0, contrast_poor=1.0, attention_gain=4.0):
    """Draw the responses to a preferred and a poor stimulus, alone and together.

    Parameters
    ----------
    attend : {'away', 'preferred', 'poor'}
        Which stimulus is attended.
    contrast_preferred, contrast_poor : float
        Inputs of the two stimuli, in [0, 1].
    attention_gain : float
        Factor on the attended stimulus's input, in [1, 10].

    Returns
    -------
    figure, summary_html
    """
    attend = check_choice("attend", attend, tuple(_ATTEND))
    c_pref = check_scalar("contrast_preferred", contrast_preferred, low=0.0, high=1.0)
    c_poor = check_scalar("contrast_poor", contrast_poor, low=0.0, high=1.0)
    gain = check_scalar("attention_gain", attention_gain, low=1.0, high=10.0)
    which = _ATTEND[attend]

    def response(inputs, attended=None):
        return model.biased_competition_response(
            inputs, _W_PLUS, _W_MINUS, attention_gain=gain, attended=attended
        )

    alone_pref = response([c_pref, 0.0])
    alone_poor = response([0.0, c_poor])
    pair_away = response([c_pref, c_poor])
    pair = response([c_pref, c_poor], which)
    fig, (ax_bar, ax_curve) = new_figure(
        ncols=2,
        figsize=(8.6, 3.0),
        width_ratios=[1, 1.3],
        margins=dict(left=0.08, right=0.985, bottom=0.17, top=0.9, wspace=0.3),
    )
    labels = ["preferred\nalone", "poor\nalone", "pair,\nattend away", f"pair,\nattend {attend}"]
    colors = [COLORS["excitatory"], COLORS["inhibitory"], COLORS["neutral"], COLORS["highlight"]]
    ax_bar.bar(range(4), [alone_pref, alone_poor, pair_away, pair], color=colors)
    ax_bar.set_xticks(range(4), labels, fontsize=8)
    ax_bar.set_ylabel("Response (fraction of max)")
    ax_bar.set_ylim(0.0, 1.0)
    ax_bar.set_yticks([0.0, 0.5, 1.0])
    ax_bar.set_title("Competition in one receptive field", y=1.0)
    poor_inputs = np.linspace(0.0, 1.0, 41)
    for attended, color, label in (
        (None, COLORS["neutral"], "attend away"),
        (0, COLORS["excitatory"], "attend preferred"),
        (1, COLORS["inhibitory"], "attend poor"),
    ):
        curve = response(np.column_stack([np.full(poor_inputs.size, c_pref), poor_inputs]), attended)
        ax_curve.plot(poor_inputs, curve, color=color, label=label)
    ax_curve.axhline(alone_pref, color=COLORS["excitatory"], linestyle=":", linewidth=0.8)
    ax_curve.axvline(c_poor, color=COLORS["analytic"], linestyle="--", linewidth=0.8)
    ax_curve.set_xlabel("Input of the poor stimulus")
    ax_curve.set_ylabel("Pair response (fraction of max)")
    ax_curve.set_ylim(0.0, 1.0)
    ax_curve.set_xticks([0.0, 0.5, 1.0])
    ax_curve.set_yticks([0.0, 0.5, 1.0])
    ax_curve.legend(loc="lower left", fontsize=8)
    ax_curve.set_title(f"Preferred input fixed at {c_pref:.2f}", y=1.0)
    if alone_pref == alone_poor:
        where = "the two stimuli drive the cell equally"
    else:
        span = alone_pref - alone_poor
        position = (pair - alone_poor) / span if span else 0.0
        where = (
            f"the pair response sits {100 * position:.0f} % of the way from the poor stimulus's response "
            "to the preferred one's"
        )
    summary = (
        f"Attend {attend}: pair response {pair:.3f} (attend away {pair_away:.3f}; preferred alone "
        f"{alone_pref:.3f}, poor alone {alone_poor:.3f}); {where}."
    )
    return fig, summary


def biased_competition():
    """Return the biased-competition demo: which stimulus is attended, contrasts, attention gain."""
    controls = {
        "attend": ipywidgets.ToggleButtons(options=list(_ATTEND), value="away", description="attend"),
        "contrast_preferred": ipywidgets.FloatSlider(
            value=1.0,
            min=0.0,
            max=1.0,
            step=0.05,
            description="preferred (–)",
            continuous_update=False,
            style={"description_width": "initial"},
        ),
        "contrast_poor": ipywidgets.FloatSlider(
            value=1.0, min=0.0, max=1.0, step=0.05, description="poor (–)", continuous_update=False
        ),
        "attention_gain": ipywidgets.FloatSlider(
            value=4.0, min=1.0, max=10.0, step=0.5, description="gain (–)", continuous_update=False
        ),
    }
    return Demo(
        update_biased_competition, controls, title="Biased competition (Reynolds, Chelazzi & Desimone 1999)"
    )


# ---------------------------------------------------------------------------------------------
# Softmax attention heatmap

_N_PAIRS = 8


@functools.lru_cache(maxsize=1)
def _heatmap_task():
    return model.key_value_retrieval_task(n_sequences=_N_PAIRS, n_pairs=_N_PAIRS, d_key=16, noise=0.6, rng=3)


def update_softmax_attention_heatmap(log_temperature=0.0, query=0):
    """Draw the attention weights of queries over keys, and one query's weights as normalization.

    Parameters
    ----------
    log_temperature : float
        log10 of the temperature that divides the scores, in [-1.3, 1.3] (T from 0.05 to 20).
    query : int
        Which query to show in detail, in [0, 7]; query q is a noisy copy of key q.

    Returns
    -------
    figure, summary_html
    """
    log_temperature = check_scalar("log_temperature", log_temperature, low=-1.3, high=1.3)
    temperature = 10.0**log_temperature
    query = check_int("query", query, low=0, high=_N_PAIRS - 1)
    task = _heatmap_task()
    keys = task.tokens[0, :_N_PAIRS, :16]
    values = task.tokens[0, :_N_PAIRS, 16:]
    rng = np.random.default_rng(7)
    queries = keys + 0.6 * 3.0 / 4.0 * rng.standard_normal(keys.shape)
    out = model.scaled_dot_product_attention(queries, keys, values, temperature=temperature)
    scores = queries @ keys.T / np.sqrt(keys.shape[1]) / temperature
    drive = np.exp(scores[query] - scores[query].max())
    normalized = model.divisive_normalization(drive, sigma=0.0)
    fig, (ax_map, ax_row) = new_figure(
        ncols=2,
        figsize=(8.6, 3.0),
        width_ratios=[1, 1.3],
        margins=dict(left=0.07, right=0.985, bottom=0.16, top=0.9, wspace=0.3),
    )
    ax_map.imshow(out.weights, vmin=0.0, vmax=1.0, cmap="viridis")
    ax_map.add_patch(_row_box(query, _N_PAIRS))
    ax_map.set_xlabel("Key")
    ax_map.set_ylabel("Query")
    ax_map.set_xticks(range(0, _N_PAIRS, 2))
    ax_map.set_yticks(range(0, _N_PAIRS, 2))
    ax_map.set_title("Weights (dark 0, bright 1)", y=1.0)
    positions = np.arange(_N_PAIRS)
    ax_row.bar(positions - 0.2, out.weights[query], width=0.4, color=COLORS["excitatory"], label="softmax")
    ax_row.bar(
        positions + 0.2, normalized, width=0.4, color=COLORS["highlight"], label="exp(drive) / sum exp(drive)"
    )
    ax_row.set_xticks(positions[::2])
    ax_row.set_xlabel("Key")
    ax_row.set_ylabel("Weight")
    ax_row.set_ylim(0.0, 1.05)
    ax_row.set_yticks([0.0, 0.5, 1.0])
    ax_row.legend(loc="upper right", fontsize=8)
    ax_row.set_title(f"Query {query}: softmax = normalization", y=1.0)
    correct = int(np.sum(np.argmax(out.weights, axis=1) == np.arange(_N_PAIRS)))
    top = out.weights[query].max()
    entropy = float(-np.sum(out.weights[query] * np.log(np.maximum(out.weights[query], 1e-300))))
    difference = float(np.abs(out.weights[query] - normalized).max())
    summary = (
        f"Temperature {temperature:.2g}: query {query} puts {100 * top:.0f} % of its weight on its best key "
        f"(entropy {entropy:.2f} nats, {np.log(_N_PAIRS):.2f} for uniform); {correct} of {_N_PAIRS} queries "
        f"weight their own key most. Softmax and normalization differ by {difference:.1e}."
    )
    return fig, summary


def _row_box(row, n):
    from matplotlib.patches import Rectangle

    return Rectangle((-0.5, row - 0.5), n, 1.0, fill=False, edgecolor=COLORS["inhibitory"], linewidth=2.0)


def softmax_attention_heatmap():
    """Return the softmax-attention demo: temperature and the query shown in detail."""
    controls = {
        "log_temperature": ipywidgets.FloatSlider(
            value=0.0, min=-1.3, max=1.3, step=0.1, description="log10 T (–)", continuous_update=False
        ),
        "query": ipywidgets.IntSlider(
            value=0, min=0, max=_N_PAIRS - 1, step=1, description="query (#)", continuous_update=False
        ),
    }
    return Demo(update_softmax_attention_heatmap, controls, title="Softmax attention as normalization")
