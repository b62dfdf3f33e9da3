"""Widget demos of chapter 04, reward learning.

Each demo is a plain ``update_*`` function returning ``(figure, summary_html)`` and a builder
that wraps it in a :class:`~neurocourse.widgets.Demo`. Simulations behind the sliders are
cached on the parameters that change them.
"""

from __future__ import annotations

import functools

import ipywidgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..plotting import COLORS
from ..reward import (
    BanditParams,
    DopamineParams,
    conditioning_schedule,
    make_testbed,
    run_bandit,
    simulate_dopamine_td,
    simulate_rescorla_wagner,
)
from ._base import Demo, new_figure

__all__ = [
    "rescorla_wagner_designer",
    "update_rescorla_wagner_designer",
    "bandit_arena",
    "update_bandit_arena",
    "dopamine_raster",
    "update_dopamine_raster",
    "BANDIT_ARENA_METHODS",
]


def _thin_ticks(fig, nbins=4):
    """At most ``nbins + 1`` ticks per linear axis: each tick costs drawing time."""
    for ax in fig.axes:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10]))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10]))
    return fig


_MARGINS = dict(left=0.08, right=0.98, bottom=0.16, top=0.88, wspace=0.28, hspace=0.2)
_TITLE = {"fontsize": 10, "y": 1.0}
_CUE_COLORS = {
    "A": COLORS["excitatory"],
    "X": COLORS["inhibitory"],
    "C": COLORS["input"],
    "B": COLORS["accent"],
}

# ---------------------------------------------------------------------------------------------
# Rescorla-Wagner cue designer

#: Trial types offered in each phase of the designer.
PHASE_ONE_TYPES = ("A+", "C+", "AX+", "A+/AX-", "A-", "B+")
PHASE_TWO_TYPES = ("AX+", "A-", "AX-", "A+/AX-", "X+", "none")


@functools.lru_cache(maxsize=256)
def _rw_run(phase_one, n_one, phase_two, n_two, salience_a, salience_x):
    phases = [(phase_one, n_one)]
    if phase_two != "none":
        phases.append((phase_two, n_two))
    schedule = conditioning_schedule(*phases, cues="ABCX")
    salience = np.array([salience_a, 0.2, 0.2, salience_x])
    return schedule, simulate_rescorla_wagner(schedule, salience=salience)


def update_rescorla_wagner_designer(
    phase_one="A+", n_one=50, phase_two="AX+", n_two=50, salience_a=0.2, salience_x=0.2
):
    """Draw the associative strengths over a two-phase conditioning design.

    Parameters
    ----------
    phase_one, phase_two : str
        Trial types (``"A+"``, ``"AX+"``, ``"A+/AX-"`` alternates, ...); ``"none"`` skips phase 2.
    n_one, n_two : int
        Trials per phase.
    salience_a, salience_x : float
        alpha of cues A and X (B and C have 0.2); lambda = 1, beta = 1.

    Returns
    -------
    figure, summary_html
    """
    if phase_one not in PHASE_ONE_TYPES:
        raise ValueError(f"phase 1 must be one of {', '.join(PHASE_ONE_TYPES)}; got {phase_one!r}")
    if phase_two not in PHASE_TWO_TYPES:
        raise ValueError(f"phase 2 must be one of {', '.join(PHASE_TWO_TYPES)}; got {phase_two!r}")
    schedule, result = _rw_run(
        phase_one, int(n_one), phase_two, int(n_two), float(salience_a), float(salience_x)
    )
    fig, ax = new_figure(figsize=(8.0, 3.2), margins=_MARGINS)
    trials = np.arange(schedule.n_trials + 1)
    used = [name for i, name in enumerate(schedule.cue_names) if schedule.cues[:, i].any()]
    for name in used:
        ax.plot(trials, result.strength(name), color=_CUE_COLORS[name], label=f"V_{name}")
    ax.axhline(0.0, color=COLORS["neutral"], lw=0.8)
    ax.axhline(1.0, color=COLORS["neutral"], lw=0.8, ls=":")
    if len(schedule.phase_ends) > 1:
        ax.axvline(schedule.phase_ends[0], color=COLORS["analytic"], lw=0.8, ls="--")
    ax.set_xlabel("Trial")
    ax.set_ylabel("Associative strength V")
    ax.set_ylim(-1.1, 1.15)
    ax.legend(loc="lower right", fontsize=9, ncol=len(used))
    _thin_ticks(fig)
    design = f"{n_one} x {phase_one}" + ("" if phase_two == "none" else f", then {n_two} x {phase_two}")
    ax.set_title(design, **_TITLE)
    finals = ", ".join(f"V_{name} = <b>{result.final[name]:.3f}</b>" for name in used)
    summary = f"After {design}: {finals} (lambda = 1)."
    if "X" in used and phase_one == "A+" and phase_two == "AX+":
        summary += " A already predicts the reward, so X learns almost nothing: <b>blocking</b>."
    return fig, summary


def rescorla_wagner_designer():
    """Return the Rescorla-Wagner demo: two phases of trials and the saliences of A and X."""
    style = {"description_width": "initial"}
    controls = {
        "phase_one": ipywidgets.Dropdown(options=PHASE_ONE_TYPES, value="A+", description="phase 1"),
        "n_one": ipywidgets.IntSlider(
            value=50,
            min=1,
            max=200,
            step=1,
            description="phase 1 (trials)",
            continuous_update=False,
            style=style,
        ),
        "phase_two": ipywidgets.Dropdown(options=PHASE_TWO_TYPES, value="AX+", description="phase 2"),
        "n_two": ipywidgets.IntSlider(
            value=50,
            min=1,
            max=200,
            step=1,
            description="phase 2 (trials)",
            continuous_update=False,
            style=style,
        ),
        "salience_a": ipywidgets.FloatSlider(
            value=0.2, min=0.05, max=1.0, step=0.05, description="alpha_A (–)", continuous_update=False
        ),
        "salience_x": ipywidgets.FloatSlider(
            value=0.2, min=0.05, max=1.0, step=0.05, description="alpha_X (–)", continuous_update=False
        ),
    }
    return Demo(
        update_rescorla_wagner_designer, controls, title="Rescorla-Wagner: design a conditioning experiment"
    )


# ---------------------------------------------------------------------------------------------
# Bandit arena

#: Agents of the bandit arena, by label: (method, initial value, step size, extra keywords).
BANDIT_ARENA_METHODS = {
    "epsilon-greedy": dict(method="epsilon-greedy"),
    "optimistic (Q0 = 5, alpha = 0.1)": dict(method="epsilon-greedy", initial_value=5.0, step_size=0.1),
    "UCB (c = 2)": dict(method="ucb", ucb_c=2.0),
    "gradient (alpha = 0.1)": dict(method="gradient", step_size=0.1),
}
_ARENA_RUNS = 400
_ARENA_STEPS = 1000


@functools.lru_cache(maxsize=1)
def _arena_testbed():
    return make_testbed(_ARENA_RUNS, rng=4)


@functools.lru_cache(maxsize=128)
def _arena_run(label, epsilon):
    options = dict(BANDIT_ARENA_METHODS[label])
    if options["method"] in ("epsilon-greedy", "ucb"):
        options["epsilon"] = epsilon
    result = run_bandit(BanditParams(**options), _arena_testbed(), n_steps=_ARENA_STEPS, rng=5)
    return result.average_reward, result.optimal_fraction


class _ArenaView:
    """The arena's figure, built once; each update replaces the data of its lines."""

    def __init__(self):
        self.fig, (ax_r, ax_o) = new_figure(ncols=2, figsize=(9.0, 3.2), margins=_MARGINS)
        steps = np.arange(1, _ARENA_STEPS + 1)
        greedy_reward, greedy_optimal = _arena_run("epsilon-greedy", 0.0)
        ax_r.plot(steps, greedy_reward, color=COLORS["neutral"], lw=1.0, label="greedy (eps = 0)")
        (self.reward_line,) = ax_r.plot(
            steps, greedy_reward, color=COLORS["excitatory"], lw=1.0, label="agent"
        )
        ax_r.set_xlabel("Step")
        ax_r.set_ylabel("Average reward")
        ax_r.set_ylim(-0.2, 1.7)
        ax_r.set_xlim(0, _ARENA_STEPS)
        ax_r.legend(loc="lower right", fontsize=8)
        ax_o.plot(steps, 100 * greedy_optimal, color=COLORS["neutral"], lw=1.0)
        (self.optimal_line,) = ax_o.plot(steps, 100 * greedy_optimal, color=COLORS["excitatory"], lw=1.0)
        self.ceiling = ax_o.axhline(91.0, color=COLORS["analytic"], lw=0.8, ls=":")
        ax_o.set_xlabel("Step")
        ax_o.set_ylabel("Optimal action (%)")
        ax_o.set_ylim(0, 100)
        ax_o.set_xlim(0, _ARENA_STEPS)
        self.title = ax_r.set_title("", **_TITLE)
        _thin_ticks(self.fig)
        self.greedy = (greedy_reward, greedy_optimal)


@functools.lru_cache(maxsize=1)
def _arena_view():
    return _ArenaView()


def update_bandit_arena(method="epsilon-greedy", epsilon=0.1):
    """Draw the average reward and the fraction of optimal actions of a bandit agent on the testbed.

    Parameters
    ----------
    method : str
        A key of :data:`BANDIT_ARENA_METHODS`.
    epsilon : float
        Exploration probability (epsilon-greedy, optimistic and UCB agents).

    Returns
    -------
    figure, summary_html
    """
    if method not in BANDIT_ARENA_METHODS:
        raise ValueError(f"method must be one of {', '.join(BANDIT_ARENA_METHODS)}; got {method!r}")
    epsilon = round(float(epsilon), 4)
    reward, optimal = _arena_run(method, epsilon)
    view = _arena_view()
    greedy_reward, greedy_optimal = view.greedy
    view.reward_line.set_ydata(reward)
    view.optimal_line.set_ydata(100 * optimal)
    options = BANDIT_ARENA_METHODS[method]
    uses_epsilon = options["method"] in ("epsilon-greedy", "ucb")
    view.title.set_text(
        f"{method}, eps = {epsilon:g} ({_ARENA_RUNS} runs)"
        if uses_epsilon
        else f"{method} ({_ARENA_RUNS} runs)"
    )
    plain_greedy = options["method"] == "epsilon-greedy" and "initial_value" not in options
    ceiling = 100 * (1 - epsilon + epsilon / 10)
    view.ceiling.set_ydata([ceiling, ceiling])
    view.ceiling.set_visible(plain_greedy)
    summary = (
        f"Last 100 steps: average reward <b>{reward[-100:].mean():.2f}</b>, optimal action "
        f"<b>{100 * optimal[-100:].mean():.0f} %</b> "
        f"(greedy, grey: {greedy_reward[-100:].mean():.2f}, "
        f"{100 * greedy_optimal[-100:].mean():.0f} %)."
    )
    if plain_greedy and epsilon > 0:
        summary += (
            f" With eps = {epsilon:g} the agent can at best pick the best arm "
            f"{ceiling:.1f} % of the time (dotted)."
        )
    return view.fig, summary


def bandit_arena():
    """Return the bandit demo: the agent and its exploration probability epsilon."""
    controls = {
        "method": ipywidgets.Dropdown(
            options=list(BANDIT_ARENA_METHODS), value="epsilon-greedy", description="agent"
        ),
        "epsilon": ipywidgets.FloatSlider(
            value=0.1, min=0.0, max=0.5, step=0.01, description="epsilon (–)", continuous_update=False
        ),
    }
    return Demo(update_bandit_arena, controls, title="Explore or exploit: the 10-armed testbed")


# ---------------------------------------------------------------------------------------------
# Dopamine raster

_DOPAMINE_TRIALS = 300


@functools.lru_cache(maxsize=16)
def _dopamine_run(gamma):
    return simulate_dopamine_td(DopamineParams(gamma=gamma), _DOPAMINE_TRIALS)


class _DopamineView:
    """The raster's figure, built once; each update replaces bar heights, image and marker."""

    def __init__(self):
        params = DopamineParams()
        self.fig, (ax_t, ax_r) = new_figure(ncols=2, figsize=(9.0, 3.2), margins=_MARGINS)
        steps = np.arange(params.n_steps)
        ax_t.axhline(0.0, color=COLORS["neutral"], lw=0.8)
        self.bars = ax_t.bar(steps, np.zeros(params.n_steps), width=0.8, color=COLORS["excitatory"])
        ax_t.axvline(params.cue_step, color=COLORS["input"], lw=1.0, ls="--")
        ax_t.axvline(params.reward_step, color=COLORS["highlight"], lw=1.0, ls="--")
        ax_t.set_ylim(-1.1, 1.1)
        ax_t.set_xlabel("Time step in trial")
        ax_t.set_ylabel("Prediction error delta")
        self.title = ax_t.set_title("", **_TITLE)
        self.image = ax_r.imshow(
            np.zeros((_DOPAMINE_TRIALS, params.n_steps)),
            aspect="auto",
            origin="lower",
            cmap="RdBu_r",
            vmin=-1,
            vmax=1,
            interpolation="nearest",
            extent=(-0.5, params.n_steps - 0.5, 0.5, _DOPAMINE_TRIALS + 0.5),
        )
        self.marker = ax_r.axhline(1, color=COLORS["analytic"], lw=0.8)
        ax_r.set_xlabel("Time step in trial")
        ax_r.set_ylabel("Trial")
        ax_r.set_title("delta, all trials (cue at 5, reward at 20)", **_TITLE)
        self.fig.colorbar(self.image, ax=ax_r, fraction=0.05, pad=0.02)
        _thin_ticks(self.fig)
        self.gamma = None


@functools.lru_cache(maxsize=1)
def _dopamine_view():
    return _DopamineView()


def update_dopamine_raster(trial=1, omit_reward=False, gamma=0.98):
    """Draw the TD error of one trial and the error of every trial as a raster.

    Parameters
    ----------
    trial : int
        Trial number, 1 to 300.
    omit_reward : bool
        Withhold the reward on this trial (the model learned with rewards up to it).
    gamma : float
        Discount per step.

    Returns
    -------
    figure, summary_html
    """
    trial = int(trial)
    if not 1 <= trial <= _DOPAMINE_TRIALS:
        raise ValueError(f"trial must be between 1 and {_DOPAMINE_TRIALS}; got {trial}")
    gamma = round(float(gamma), 4)
    result = _dopamine_run(gamma)
    params = result.params
    if omit_reward:
        single = simulate_dopamine_td(params, 1, rewards=[0.0], weights_init=result.weights[trial - 1])
        delta = single.prediction_errors[0]
    else:
        delta = result.prediction_errors[trial - 1]
    view = _dopamine_view()
    for bar, value in zip(view.bars, delta, strict=False):
        bar.set_height(value)
        bar.set_color(COLORS["excitatory"] if value >= 0 else COLORS["inhibitory"])
    if view.gamma != gamma:
        view.image.set_data(result.prediction_errors)
        view.gamma = gamma
    view.marker.set_ydata([trial, trial])
    view.title.set_text(f"trial {trial}, gamma = {gamma:g}" + (", reward omitted" if omit_reward else ""))
    cue, reward = delta[params.cue_step], delta[params.reward_step]
    summary = (
        f"Trial {trial}: error at the cue <b>{cue:+.2f}</b>, at the reward time <b>{reward:+.2f}</b>. "
        f"Fully learned: gamma^15 = {params.gamma**15:.2f} at the cue, 0 at the reward"
        + (", and -1 when the reward is omitted." if omit_reward else ".")
    )
    return view.fig, summary


def dopamine_raster():
    """Return the dopamine demo: the trial, reward omission and the discount."""
    controls = {
        "trial": ipywidgets.IntSlider(
            value=1, min=1, max=_DOPAMINE_TRIALS, step=1, description="trial (#)", continuous_update=False
        ),
        "omit_reward": ipywidgets.Checkbox(value=False, description="omit reward"),
        "gamma": ipywidgets.FloatSlider(
            value=0.98, min=0.8, max=1.0, step=0.01, description="gamma (–)", continuous_update=False
        ),
    }
    return Demo(
        update_dopamine_raster, controls, title="Dopamine as a TD error: the complete serial compound"
    )
