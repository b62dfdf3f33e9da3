"""Reward learning: Rescorla-Wagner, bandits, TD learning, dopamine prediction errors, actor-critic.

Everything in this module counts in *trials*, *steps* or *episodes*, not in milliseconds: a
step of a bandit or of a random walk is one choice or one transition, and a "time step" of the
dopamine model is one bin of a trial. The results are therefore plain frozen dataclasses, not
:class:`~neurocourse._results.SimulationResult` time series.

Contents
--------
* Conditioning: :func:`conditioning_schedule`, :func:`simulate_rescorla_wagner`
  (Rescorla & Wagner 1972): acquisition, extinction, blocking, overshadowing, conditioned
  inhibition.
* Bandits: :func:`make_testbed`, :class:`BanditParams`, :func:`run_bandit` -- the 10-armed
  testbed of Sutton & Barto (2018, section 2.3) with epsilon-greedy, optimistic initial
  values, UCB, softmax and gradient bandits, thousands of runs at once.
* Prediction: :class:`RandomWalkParams`, :func:`random_walk_episodes`,
  :func:`run_td_prediction` -- TD(0), n-step TD, constant-alpha Monte Carlo, TD(lambda) with
  accumulating traces and the off-line lambda-return on the random walks of Example 6.2 and
  section 7.1.
* Dopamine: :class:`DopamineParams`, :func:`simulate_dopamine_td` -- TD(0) with a complete
  serial compound (Schultz, Dayan & Montague 1997).
* Control: :class:`TrackParams`, :func:`run_actor_critic`, :func:`run_q_learning`.
* Choices: :func:`reversal_task`, :func:`run_choice_task`, :func:`choice_log_likelihood`,
  :func:`fit_choice_model` -- a Q-learner with softmax choice and its maximum-likelihood fit.
* Distributional TD: :func:`run_distributional_td`, :func:`expectiles` (Dabney et al. 2020).
"""

from __future__ import annotations

import dataclasses
import math
import re

import numba
import numpy as np

from ._validation import (
    as_generator,
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_memory,
    check_nonnegative,
    check_positive,
    check_scalar,
)

__all__ = [
    # conditioning
    "ConditioningSchedule",
    "conditioning_schedule",
    "RescorlaWagnerResult",
    "simulate_rescorla_wagner",
    # bandits
    "BANDIT_METHODS",
    "BanditParams",
    "BanditResult",
    "make_testbed",
    "run_bandit",
    # prediction
    "TD_METHODS",
    "RandomWalkParams",
    "RandomWalkEpisodes",
    "PredictionResult",
    "random_walk_episodes",
    "run_td_prediction",
    # dopamine
    "DopamineParams",
    "DopamineResult",
    "simulate_dopamine_td",
    # control
    "TrackParams",
    "ControlResult",
    "run_actor_critic",
    "run_q_learning",
    # choices
    "ChoiceData",
    "ChoiceFit",
    "reversal_task",
    "run_choice_task",
    "choice_log_likelihood",
    "fit_choice_model",
    # distributional
    "DABNEY_MAGNITUDES",
    "DistributionalResult",
    "run_distributional_td",
    "expectiles",
]


def _readonly(*arrays):
    for array in arrays:
        if isinstance(array, np.ndarray):
            array.setflags(write=False)


def _freeze_arrays(obj):
    _readonly(*(getattr(obj, f.name) for f in dataclasses.fields(obj)))


# =============================================================================== conditioning


_TRIAL_TYPE = re.compile(r"^([A-Z]+)([+-])$")


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class ConditioningSchedule:
    """A sequence of conditioning trials.

    Attributes
    ----------
    cues : ndarray of bool, shape (n_trials, n_cues)
        Which cues are present on each trial.
    rewards : ndarray, shape (n_trials,)
        The asymptote lambda of each trial (the reward; 0 on non-reinforced trials).
    cue_names : tuple of str
        One letter per cue, in column order.
    phase_ends : tuple of int
        The trial index at which each phase ends (exclusive).
    """

    cues: np.ndarray
    rewards: np.ndarray
    cue_names: tuple
    phase_ends: tuple

    def __post_init__(self):
        _freeze_arrays(self)

    @property
    def n_trials(self) -> int:
        """Number of trials."""
        return int(self.rewards.size)


def conditioning_schedule(*phases, cues=None, reward=1.0) -> ConditioningSchedule:
    """Build a conditioning schedule from phases such as ``("A+", 50), ("AX+", 50)``.

    Parameters
    ----------
    *phases : tuple of (str, int)
        Each phase is a trial type and a number of trials. A trial type is one or more cue
        letters followed by ``+`` (reinforced, lambda = ``reward``) or ``-`` (not reinforced,
        lambda = 0): ``"A+"``, ``"AX+"``, ``"B-"``. Several types joined by ``/`` alternate
        within the phase: ``("A+/AX-", 100)`` is the conditioned-inhibition procedure.
    cues : str, optional
        The cue letters, in column order; by default every letter used, sorted.
    reward : float
        The asymptote lambda of a reinforced trial.

    Returns
    -------
    ConditioningSchedule

    Raises
    ------
    ValueError
        For a malformed trial type, a non-positive number of trials or no phases.
    """
    reward = check_scalar("reward", reward)
    if not phases:
        raise ValueError("conditioning_schedule needs at least one phase, e.g. ('A+', 50)")
    parsed = []
    letters = set()
    for phase in phases:
        if not isinstance(phase, (tuple, list)) or len(phase) != 2 or not isinstance(phase[0], str):
            raise ValueError(
                f"each phase must be a (trial type, number of trials) pair like ('AX+', 50); "
                f"got {phase!r:.60}"
            )
        kinds = []
        for text in phase[0].replace(" ", "").split("/"):
            match = _TRIAL_TYPE.match(text)
            if match is None:
                raise ValueError(
                    f"trial type {text!r} must be capital cue letters followed by + or -, like 'A+' or 'AX-'"
                )
            kinds.append((match.group(1), match.group(2) == "+"))
            letters.update(match.group(1))
        n = check_int(f"number of trials of phase {phase[0]!r}", phase[1], low=1, high=1_000_000)
        parsed.append((kinds, n))
    if cues is None:
        names = tuple(sorted(letters))
    else:
        if not isinstance(cues, str) or not cues.isalpha() or not cues.isupper():
            raise ValueError(f"cues must be a string of capital letters like 'ABX'; got {cues!r:.60}")
        names = tuple(cues)
        missing = sorted(letters - set(names))
        if missing:
            raise ValueError(f"cues {cues!r} lacks the cue(s) {''.join(missing)} used by the phases")
    column = {name: i for i, name in enumerate(names)}
    total = sum(n for _, n in parsed)
    present = np.zeros((total, len(names)), dtype=bool)
    lam = np.zeros(total)
    ends, start = [], 0
    for kinds, n in parsed:
        for k in range(n):
            letters_k, reinforced = kinds[k % len(kinds)]
            present[start + k, [column[c] for c in letters_k]] = True
            lam[start + k] = reward if reinforced else 0.0
        start += n
        ends.append(start)
    return ConditioningSchedule(cues=present, rewards=lam, cue_names=names, phase_ends=tuple(ends))


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class RescorlaWagnerResult:
    """Associative strengths over a Rescorla-Wagner run.

    Attributes
    ----------
    strengths : ndarray, shape (n_cues, n_trials + 1)
        V of each cue before each trial; the last column is after the last trial.
    prediction_errors : ndarray, shape (n_trials,)
        lambda - sum of V over the cues present, on each trial.
    cues, rewards : ndarray
        The schedule (see :class:`ConditioningSchedule`).
    salience : ndarray, shape (n_cues,)
        alpha of each cue.
    learning_rate : float
        beta, the learning rate of the reinforcer.
    cue_names : tuple of str
    """

    strengths: np.ndarray
    prediction_errors: np.ndarray
    cues: np.ndarray
    rewards: np.ndarray
    salience: np.ndarray
    learning_rate: float
    cue_names: tuple

    def __post_init__(self):
        _freeze_arrays(self)

    @property
    def final(self) -> dict:
        """The associative strength of each cue after the last trial, by name."""
        return {name: float(self.strengths[i, -1]) for i, name in enumerate(self.cue_names)}

    def strength(self, cue: str) -> np.ndarray:
        """Return V of one cue (by letter) before each trial and after the last, shape (n_trials + 1,)."""
        if cue not in self.cue_names:
            raise ValueError(f"cue must be one of {', '.join(self.cue_names)}; got {cue!r:.20}")
        return self.strengths[self.cue_names.index(cue)]


def simulate_rescorla_wagner(
    schedule, rewards=None, *, salience=0.2, learning_rate=1.0, v_init=0.0, cue_names=None
) -> RescorlaWagnerResult:
    """Simulate the Rescorla-Wagner model of classical conditioning over a sequence of trials.

    Parameters
    ----------
    schedule : ConditioningSchedule or array_like of bool, shape (n_trials, n_cues)
        The trials: a schedule from :func:`conditioning_schedule`, or the cue-presence matrix
        (then ``rewards`` is required).
    rewards : array_like, shape (n_trials,), optional
        The asymptote lambda of each trial (only with a cue matrix).
    salience : float or array_like, shape (n_cues,)
        alpha of each cue, in (0, 1].
    learning_rate : float
        beta, in (0, 1]; each present cue changes by ``alpha * beta * error``.
    v_init : float or array_like, shape (n_cues,)
        Associative strengths before the first trial.
    cue_names : sequence of str, optional
        Names of the cues of a cue matrix (default ``"A", "B", ...``).

    Returns
    -------
    RescorlaWagnerResult

    Notes
    -----
    On each trial every present cue :math:`i` changes by

    .. math:: \\Delta V_i = \\alpha_i \\beta \\Big(\\lambda - \\sum_{j\\ \\mathrm{present}} V_j\\Big),

    and absent cues do not change. The shared error term makes cues compete: a cue already
    predicting the reward leaves no error for a new one (blocking, Kamin 1969).

    References
    ----------
    Rescorla RA, Wagner AR (1972) A theory of Pavlovian conditioning: variations in the
    effectiveness of reinforcement and nonreinforcement. In: Black AH, Prokasy WF (eds)
    *Classical Conditioning II*, pp 64-99. Appleton-Century-Crofts.
    """
    if isinstance(schedule, ConditioningSchedule):
        if rewards is not None:
            raise ValueError("rewards comes from the schedule; pass it only with a cue matrix")
        present, lam, names = schedule.cues, schedule.rewards, schedule.cue_names
    else:
        present = check_array("schedule", schedule, ndim=2, dtype=np.float64)
        if not np.all((present == 0) | (present == 1)):
            raise ValueError(
                "schedule must be a matrix of cue presence: True/False (or 1/0) per trial and cue"
            )
        present = present.astype(bool)
        if rewards is None:
            raise ValueError("rewards (lambda of each trial) is required with a cue matrix")
        lam = check_array("rewards", rewards, shape=(present.shape[0],))
        n_cues = present.shape[1]
        names = tuple(cue_names) if cue_names is not None else tuple(chr(65 + i) for i in range(n_cues))
        if len(names) != n_cues:
            raise ValueError(f"cue_names must name {n_cues} cues; got {len(names)}")
    n_trials, n_cues = present.shape
    alpha = check_array("salience", salience, ndim=(0, 1), low=0.0, high=1.0, low_inclusive=False)
    if alpha.ndim == 1 and alpha.size != n_cues:
        raise ValueError(f"salience must be one number or one per cue ({n_cues}); got {alpha.size}")
    alpha = np.broadcast_to(alpha, (n_cues,)).copy()
    beta = check_scalar("learning_rate", learning_rate, low=0.0, high=1.0, low_inclusive=False)
    v0 = check_array("v_init", v_init, ndim=(0, 1))
    if v0.ndim == 1 and v0.size != n_cues:
        raise ValueError(f"v_init must be one number or one per cue ({n_cues}); got {v0.size}")
    strengths = np.empty((n_cues, n_trials + 1))
    strengths[:, 0] = v0
    errors = np.empty(n_trials)
    v = strengths[:, 0].copy()
    for k in range(n_trials):
        mask = present[k]
        error = lam[k] - v[mask].sum()
        errors[k] = error
        v[mask] += alpha[mask] * beta * error
        strengths[:, k + 1] = v
    return RescorlaWagnerResult(
        strengths=strengths,
        prediction_errors=errors,
        cues=np.array(present),
        rewards=np.array(lam),
        salience=alpha,
        learning_rate=beta,
        cue_names=names,
    )


# =============================================================================== bandits

#: Action-selection methods of :class:`BanditParams`.
BANDIT_METHODS = ("epsilon-greedy", "ucb", "softmax", "gradient")
_METHOD_CODE = {name: i for i, name in enumerate(BANDIT_METHODS)}


@dataclasses.dataclass(frozen=True, kw_only=True)
class BanditParams:
    """An agent for the multi-armed bandit.

    Attributes
    ----------
    method : str
        ``"epsilon-greedy"`` (greedy with probability 1 - epsilon, else a uniformly random arm,
        the greedy one included), ``"ucb"`` (upper confidence bound), ``"softmax"`` (Boltzmann
        choice on the value estimates) or ``"gradient"`` (softmax on preferences learned by
        stochastic gradient ascent). Ties are broken at random.
    epsilon : float
        Exploration probability in [0, 1] (epsilon-greedy and UCB).
    initial_value : float
        Initial value estimate of every arm (5 for "optimistic initial values").
    step_size : float or None
        Constant step size in (0, 1], or None for sample averages (1/n). For the gradient
        bandit, the preference step size (None means 0.1).
    ucb_c : float
        Exploration weight c >= 0 of UCB.
    temperature : float
        Softmax temperature > 0 (in reward units).
    baseline : bool
        Whether the gradient bandit subtracts the running average reward.

    References
    ----------
    Sutton RS, Barto AG (2018) *Reinforcement Learning: An Introduction*, 2nd ed., ch. 2.
    """

    method: str = "epsilon-greedy"
    epsilon: float = 0.1
    initial_value: float = 0.0
    step_size: float | None = None
    ucb_c: float = 2.0
    temperature: float = 0.2
    baseline: bool = True

    def __post_init__(self):
        check_choice("method", self.method, BANDIT_METHODS)
        object.__setattr__(self, "epsilon", check_scalar("epsilon", self.epsilon, low=0.0, high=1.0))
        object.__setattr__(self, "initial_value", check_scalar("initial_value", self.initial_value))
        if self.step_size is not None:
            object.__setattr__(self, "step_size", check_positive("step_size", self.step_size, high=1.0))
        object.__setattr__(self, "ucb_c", check_nonnegative("ucb_c", self.ucb_c))
        object.__setattr__(self, "temperature", check_positive("temperature", self.temperature))
        object.__setattr__(self, "baseline", check_bool("baseline", self.baseline))


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class BanditResult:
    """Rewards and choices of many independent bandit runs.

    Attributes
    ----------
    params : BanditParams
    q_true : ndarray, shape (n_runs, n_arms)
        The true action values of each run's problem.
    rewards : ndarray, shape (n_runs, n_steps)
    actions : ndarray of int8, shape (n_runs, n_steps)
    optimal : ndarray of bool, shape (n_runs, n_steps)
        Whether each action was the run's best arm.
    estimates : ndarray, shape (n_runs, n_arms)
        Value estimates (preferences for the gradient bandit) after the last step.
    """

    params: BanditParams
    q_true: np.ndarray
    rewards: np.ndarray
    actions: np.ndarray
    optimal: np.ndarray
    estimates: np.ndarray

    def __post_init__(self):
        _freeze_arrays(self)

    @property
    def n_runs(self) -> int:
        return int(self.rewards.shape[0])

    @property
    def n_steps(self) -> int:
        return int(self.rewards.shape[1])

    @property
    def average_reward(self) -> np.ndarray:
        """Reward at each step, averaged over runs, shape (n_steps,)."""
        return self.rewards.mean(axis=0)

    @property
    def optimal_fraction(self) -> np.ndarray:
        """Fraction of runs choosing their best arm at each step, shape (n_steps,)."""
        return self.optimal.mean(axis=0)


def make_testbed(n_runs, *, n_arms=10, mean=0.0, rng=None) -> np.ndarray:
    """Draw the true action values of ``n_runs`` bandit problems: q*(a) ~ N(mean, 1).

    Parameters
    ----------
    n_runs : int
        Number of problems (2000 in Sutton & Barto's testbed).
    n_arms : int
        Arms per problem (10).
    mean : float
        Mean of the true values (0; 4 in the book's Figure 2.5).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    ndarray, shape (n_runs, n_arms)
    """
    rng = as_generator(rng)
    n_runs = check_int("n_runs", n_runs, low=1)
    n_arms = check_int("n_arms", n_arms, low=2, high=127)
    mean = check_scalar("mean", mean)
    check_memory(f"a testbed of {n_runs} runs", 8.0 * n_runs * n_arms, reduce="use fewer runs")
    return rng.normal(mean, 1.0, size=(n_runs, n_arms))


@numba.njit(cache=True)
def _pick_among_max(scores, u):
    """Index of a maximum of ``scores``, ties broken by the uniform number ``u``."""
    best = scores[0]
    count = 1
    for a in range(1, scores.size):
        if scores[a] > best:
            best = scores[a]
            count = 1
        elif scores[a] == best:
            count += 1
    pick = min(int(u * count), count - 1)
    for a in range(scores.size):
        if scores[a] == best:
            if pick == 0:
                return a
            pick -= 1
    return scores.size - 1


@numba.njit(cache=True)
def _sample_softmax(logits, probabilities, u):
    """Fill ``probabilities`` with softmax(logits) and return the arm drawn with the uniform ``u``."""
    top = logits.max()
    total = 0.0
    for a in range(logits.size):
        probabilities[a] = math.exp(logits[a] - top)
        total += probabilities[a]
    cumulative = 0.0
    chosen = logits.size - 1
    for a in range(logits.size):
        probabilities[a] /= total
    for a in range(logits.size):
        cumulative += probabilities[a]
        if u < cumulative:
            chosen = a
            break
    return chosen


@numba.njit(cache=True)
def _bandit_kernel(
    q_true,
    noise,
    u_explore,
    u_choice,
    method,
    epsilon,
    initial_value,
    step_size,
    ucb_c,
    temperature,
    baseline,
    rewards,
    actions,
    optimal,
    estimates,
):
    n_runs, n_arms = q_true.shape
    n_steps = noise.shape[1]
    counts = np.zeros(n_arms)
    scores = np.empty(n_arms)
    probabilities = np.empty(n_arms)
    for run in range(n_runs):
        best_arm = 0
        for a in range(n_arms):
            if q_true[run, a] > q_true[run, best_arm]:
                best_arm = a
        q = estimates[run]
        for a in range(n_arms):
            q[a] = initial_value if method != 3 else 0.0
            counts[a] = 0.0
        average = 0.0
        for t in range(n_steps):
            u = u_choice[run, t]
            if method == 3:  # gradient bandit: softmax on preferences
                action = _sample_softmax(q, probabilities, u)
            elif method == 2:  # softmax on value estimates
                for a in range(n_arms):
                    scores[a] = q[a] / temperature
                action = _sample_softmax(scores, probabilities, u)
            elif u_explore[run, t] < epsilon:
                action = min(int(u * n_arms), n_arms - 1)
            elif method == 1:  # UCB: untried arms first
                log_t = math.log(t + 1.0)
                for a in range(n_arms):
                    if counts[a] == 0.0:
                        scores[a] = np.inf
                    else:
                        scores[a] = q[a] + ucb_c * math.sqrt(log_t / counts[a])
                action = _pick_among_max(scores, u)
            else:
                action = _pick_among_max(q, u)
            reward = q_true[run, action] + noise[run, t]
            counts[action] += 1.0
            rewards[run, t] = reward
            actions[run, t] = action
            optimal[run, t] = action == best_arm
            if method == 3:
                average += (reward - average) / (t + 1.0)
                reference = average if baseline else 0.0
                alpha = step_size if step_size > 0.0 else 0.1
                for a in range(n_arms):
                    indicator = 1.0 if a == action else 0.0
                    q[a] += alpha * (reward - reference) * (indicator - probabilities[a])
            else:
                alpha = step_size if step_size > 0.0 else 1.0 / counts[action]
                q[action] += alpha * (reward - q[action])


def run_bandit(params, q_true, *, n_steps, rng=None) -> BanditResult:
    """Run a bandit agent on many problems at once.

    Parameters
    ----------
    params : BanditParams
        The agent.
    q_true : array_like, shape (n_runs, n_arms)
        True action values of each problem (from :func:`make_testbed`). Rewards are
        ``q_true[run, action] + N(0, 1)``.
    n_steps : int
        Steps per run (1000 in the book).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    BanditResult

    Notes
    -----
    The wrapper draws all random numbers (the reward noise and two uniform numbers per step:
    explore or not, and which arm); the numba kernel only counts. The whole 2000-run x
    1000-step testbed takes well under a second.

    References
    ----------
    Sutton RS, Barto AG (2018) *Reinforcement Learning: An Introduction*, 2nd ed., sections
    2.3-2.8, Figures 2.2-2.6.
    """
    rng = as_generator(rng)
    if not isinstance(params, BanditParams):
        raise TypeError(f"params must be a BanditParams; got {type(params).__name__}")
    q = check_array("q_true", q_true, ndim=2)
    if q.shape[1] < 2 or q.shape[1] > 127:
        raise ValueError(f"q_true must have 2 to 127 arms (columns); got {q.shape[1]}")
    n_steps = check_int("n_steps", n_steps, low=1)
    n_runs = q.shape[0]
    check_memory(
        f"{n_runs} runs x {n_steps} steps of the bandit",
        8.0 * 4.2 * n_runs * n_steps,
        reduce="use fewer runs (q_true rows) or fewer n_steps",
    )
    noise = rng.standard_normal((n_runs, n_steps))
    u_explore = rng.random((n_runs, n_steps))
    u_choice = rng.random((n_runs, n_steps))
    rewards = np.empty((n_runs, n_steps))
    actions = np.empty((n_runs, n_steps), dtype=np.int8)
    optimal = np.empty((n_runs, n_steps), dtype=np.bool_)
    estimates = np.empty_like(q)
    step = -1.0 if params.step_size is None else params.step_size
    _bandit_kernel(
        q,
        noise,
        u_explore,
        u_choice,
        _METHOD_CODE[params.method],
        params.epsilon,
        params.initial_value,
        step,
        params.ucb_c,
        params.temperature,
        params.baseline,
        rewards,
        actions,
        optimal,
        estimates,
    )
    return BanditResult(
        params=params, q_true=q, rewards=rewards, actions=actions, optimal=optimal, estimates=estimates
    )


# =============================================================================== prediction

#: Prediction methods of :func:`run_td_prediction`.
TD_METHODS = ("td0", "nstep", "mc", "td_lambda", "lambda_return")


@dataclasses.dataclass(frozen=True, kw_only=True)
class RandomWalkParams:
    """A random walk: ``n_states`` states in a row, start in the middle, step left or right at random.

    Leaving on the left ends the episode with ``left_reward``, on the right with
    ``right_reward``; every other reward is 0. Example 6.2 of Sutton & Barto is
    ``RandomWalkParams()`` (5 states, rewards 0 and 1); section 7.1 uses
    ``RandomWalkParams(n_states=19, left_reward=-1.0)``.

    Attributes
    ----------
    n_states : int
        Number of non-terminal states, odd, 3 to 101.
    left_reward, right_reward : float
    """

    n_states: int = 5
    left_reward: float = 0.0
    right_reward: float = 1.0

    def __post_init__(self):
        n = check_int("n_states", self.n_states, low=3, high=101)
        if n % 2 == 0:
            raise ValueError(f"n_states must be odd, so that the walk starts in the middle state; got {n}")
        object.__setattr__(self, "n_states", n)
        object.__setattr__(self, "left_reward", check_scalar("left_reward", self.left_reward))
        object.__setattr__(self, "right_reward", check_scalar("right_reward", self.right_reward))

    @property
    def start(self) -> int:
        """The start state (states are numbered 1..n_states; 0 and n_states + 1 are terminal)."""
        return (self.n_states + 1) // 2

    @property
    def true_values(self) -> np.ndarray:
        """Values of the non-terminal states without discounting: linear from left to right reward."""
        i = np.arange(1, self.n_states + 1)
        return self.left_reward + (self.right_reward - self.left_reward) * i / (self.n_states + 1)


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class RandomWalkEpisodes:
    """Episodes of a random walk, concatenated.

    Attributes
    ----------
    states : ndarray of int64
        The states of all episodes one after the other, each from the start state to its
        terminal state (0 or n_states + 1) inclusive.
    offsets : ndarray of int64, shape (n_episodes + 1,)
        Episode ``k`` is ``states[offsets[k]:offsets[k + 1]]``.
    params : RandomWalkParams
    """

    states: np.ndarray
    offsets: np.ndarray
    params: RandomWalkParams

    def __post_init__(self):
        _freeze_arrays(self)

    @property
    def n_episodes(self) -> int:
        return int(self.offsets.size - 1)

    def episode(self, k) -> np.ndarray:
        """The states of episode ``k``, start to terminal."""
        k = check_int("k", k, low=0, high=self.n_episodes - 1)
        return self.states[self.offsets[k] : self.offsets[k + 1]]


def random_walk_episodes(params, n_episodes, *, rng=None) -> RandomWalkEpisodes:
    """Draw ``n_episodes`` episodes of a random walk.

    Parameters
    ----------
    params : RandomWalkParams
    n_episodes : int
    rng : None, int or numpy.random.Generator

    Returns
    -------
    RandomWalkEpisodes
    """
    rng = as_generator(rng)
    if not isinstance(params, RandomWalkParams):
        raise TypeError(f"params must be a RandomWalkParams; got {type(params).__name__}")
    n_episodes = check_int("n_episodes", n_episodes, low=1)
    n = params.n_states
    mean_length = params.start * (n + 1 - params.start)
    check_memory(
        f"{n_episodes} random-walk episodes", 8.0 * 2 * n_episodes * mean_length, reduce="draw fewer episodes"
    )
    pieces = [None] * n_episodes
    pending = np.arange(n_episodes)
    length = max(4 * mean_length, 16)
    position = np.full(n_episodes, params.start, dtype=np.int64)
    partial = [[np.array([params.start])] for _ in range(n_episodes)]
    while pending.size:
        steps = np.where(rng.random((pending.size, length)) < 0.5, -1, 1)
        paths = position[pending, None] + np.cumsum(steps, axis=1)
        done = (paths <= 0) | (paths >= n + 1)
        finished = done.any(axis=1)
        first = np.argmax(done, axis=1)
        for row, episode in enumerate(pending):
            if finished[row]:
                partial[episode].append(paths[row, : first[row] + 1])
                pieces[episode] = np.concatenate(partial[episode])
            else:
                partial[episode].append(paths[row])
                position[episode] = paths[row, -1]
        pending = pending[~finished]
    offsets = np.zeros(n_episodes + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([piece.size for piece in pieces])
    return RandomWalkEpisodes(states=np.concatenate(pieces).astype(np.int64), offsets=offsets, params=params)


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class PredictionResult:
    """Value estimates of a prediction method over episodes, for many independent runs.

    Attributes
    ----------
    values : ndarray, shape (n_runs, n_episodes + 1, n_states)
        Estimates before the first episode and after each episode.
    rms_error : ndarray, shape (n_runs, n_episodes + 1)
        Root-mean-square error over the states against the true values, at the same times.
    method : str
    alpha, gamma, lam : float
    n : int
        Steps of n-step TD (1 for TD(0), the longest episode for Monte Carlo).
    params : RandomWalkParams
    """

    values: np.ndarray
    rms_error: np.ndarray
    method: str
    alpha: float
    gamma: float
    lam: float
    n: int
    params: RandomWalkParams

    def __post_init__(self):
        _freeze_arrays(self)

    @property
    def mean_rms_error(self) -> np.ndarray:
        """RMS error averaged over runs, shape (n_episodes + 1,)."""
        return self.rms_error.mean(axis=0)


@numba.njit(cache=True)
def _td_prediction_kernel(
    states,
    offsets,
    n_runs,
    n_episodes,
    n_states,
    left_reward,
    right_reward,
    method,
    alpha,
    gamma,
    lam,
    n_step,
    initial_value,
    true_values,
    values_out,
    rms_out,
):
    v = np.zeros(n_states + 2)
    trace = np.zeros(n_states + 2)
    longest = 0
    for k in range(offsets.size - 1):
        longest = max(longest, offsets[k + 1] - offsets[k])
    target = np.zeros(longest)
    start_values = np.zeros(n_states + 2)
    for run in range(n_runs):
        for s in range(1, n_states + 1):
            v[s] = initial_value
        v[0] = 0.0
        v[n_states + 1] = 0.0
        for episode in range(n_episodes + 1):
            if episode > 0:
                index = run * n_episodes + episode - 1
                first, last = offsets[index], offsets[index + 1]
                big_t = last - first - 1  # number of transitions
                final_reward = left_reward if states[last - 1] == 0 else right_reward
                if method == 0:  # n-step TD (TD(0) with n = 1, Monte Carlo with n >= T)
                    for tau in range(big_t):
                        end = min(tau + n_step, big_t)
                        g = 0.0
                        if end == big_t:
                            g = gamma ** (big_t - tau - 1) * final_reward
                        else:
                            g = gamma**n_step * v[states[first + end]]
                        s = states[first + tau]
                        v[s] += alpha * (g - v[s])
                elif method == 1:  # TD(lambda), accumulating traces, online
                    for s in range(n_states + 2):
                        trace[s] = 0.0
                    for t in range(big_t):
                        s = states[first + t]
                        s_next = states[first + t + 1]
                        reward = final_reward if t == big_t - 1 else 0.0
                        delta = reward + gamma * v[s_next] - v[s]
                        for i in range(n_states + 2):
                            trace[i] *= gamma * lam
                        trace[s] += 1.0
                        for i in range(1, n_states + 1):
                            v[i] += alpha * delta * trace[i]
                else:  # off-line lambda-return: targets from the values at the episode's start
                    for s in range(n_states + 2):
                        start_values[s] = v[s]
                    target[big_t - 1] = final_reward
                    for t in range(big_t - 2, -1, -1):
                        s_next = states[first + t + 1]
                        target[t] = gamma * ((1.0 - lam) * start_values[s_next] + lam * target[t + 1])
                    for t in range(big_t):
                        s = states[first + t]
                        v[s] += alpha * (target[t] - v[s])
            total = 0.0
            for s in range(n_states):
                values_out[run, episode, s] = v[s + 1]
                total += (v[s + 1] - true_values[s]) ** 2
            rms_out[run, episode] = math.sqrt(total / n_states)


def run_td_prediction(
    params,
    *,
    method="td0",
    alpha,
    n_runs=100,
    n_episodes=100,
    n=1,
    lam=0.0,
    gamma=1.0,
    initial_value=None,
    episodes=None,
    rng=None,
) -> PredictionResult:
    """Estimate the state values of a random walk with a TD or Monte Carlo method.

    Parameters
    ----------
    params : RandomWalkParams
    method : str
        ``"td0"`` (one-step TD), ``"nstep"`` (n-step TD, with ``n``), ``"mc"`` (constant-alpha
        every-visit Monte Carlo), ``"td_lambda"`` (online TD(lambda) with accumulating
        traces) or ``"lambda_return"`` (the off-line lambda-return algorithm).
    alpha : float
        Step size in (0, 1].
    n_runs : int
        Independent runs (each with its own episodes).
    n_episodes : int
        Episodes per run.
    n : int
        Steps of n-step TD (``method="nstep"``).
    lam : float
        lambda in [0, 1] of TD(lambda) and the lambda-return.
    gamma : float
        Discount factor in [0, 1]. The true values used for the error are the undiscounted ones,
        so compare errors only for ``gamma = 1``.
    initial_value : float, optional
        Initial estimate of every state; by default the mean of the two terminal rewards
        (0.5 in Example 6.2, 0 on the 19-state walk).
    episodes : RandomWalkEpisodes, optional
        Episodes to learn from (``n_runs * n_episodes`` of them, run after run); drawn with
        ``rng`` if not given, so that several methods can learn from the same episodes.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    PredictionResult

    Notes
    -----
    TD(0) updates after every step, :math:`V(S_t) \\leftarrow V(S_t) + \\alpha[R_{t+1} +
    \\gamma V(S_{t+1}) - V(S_t)]`; n-step TD uses the n-step return
    :math:`G_{t:t+n}`; Monte Carlo the full return. The off-line lambda-return algorithm
    computes every :math:`G^\\lambda_t` at the end of the episode with the values the episode
    started with, then applies the updates in order.

    References
    ----------
    Sutton RS, Barto AG (2018) *Reinforcement Learning: An Introduction*, 2nd ed., Example 6.2
    (Figure 6.2), section 7.1 (Figure 7.2), sections 12.1-12.2 (Figures 12.3, 12.6).
    """
    rng = as_generator(rng)
    if not isinstance(params, RandomWalkParams):
        raise TypeError(f"params must be a RandomWalkParams; got {type(params).__name__}")
    check_choice("method", method, TD_METHODS)
    alpha = check_positive("alpha", alpha, high=1.0)
    n_runs = check_int("n_runs", n_runs, low=1)
    n_episodes = check_int("n_episodes", n_episodes, low=1)
    n = check_int("n", n, low=1)
    lam = check_scalar("lam", lam, low=0.0, high=1.0)
    gamma = check_scalar("gamma", gamma, low=0.0, high=1.0)
    if initial_value is None:
        initial_value = 0.5 * (params.left_reward + params.right_reward)
    initial_value = check_scalar("initial_value", initial_value)
    check_memory(
        "recording the values",
        8.0 * n_runs * (n_episodes + 1) * (params.n_states + 1),
        reduce="use fewer n_runs or n_episodes",
    )
    if episodes is None:
        episodes = random_walk_episodes(params, n_runs * n_episodes, rng=rng)
    elif not isinstance(episodes, RandomWalkEpisodes) or episodes.params != params:
        raise ValueError("episodes must be RandomWalkEpisodes of the same random walk (params)")
    elif episodes.n_episodes != n_runs * n_episodes:
        raise ValueError(
            f"episodes holds {episodes.n_episodes} episodes; n_runs * n_episodes = "
            f"{n_runs * n_episodes} are needed"
        )
    code = {"td0": 0, "nstep": 0, "mc": 0, "td_lambda": 1, "lambda_return": 2}[method]
    n_step = {"td0": 1, "mc": int(np.diff(episodes.offsets).max())}.get(method, n)
    values = np.empty((n_runs, n_episodes + 1, params.n_states))
    rms = np.empty((n_runs, n_episodes + 1))
    _td_prediction_kernel(
        episodes.states,
        episodes.offsets,
        n_runs,
        n_episodes,
        params.n_states,
        params.left_reward,
        params.right_reward,
        code,
        alpha,
        gamma,
        lam,
        n_step,
        initial_value,
        params.true_values,
        values,
        rms,
    )
    return PredictionResult(
        values=values,
        rms_error=rms,
        method=method,
        alpha=alpha,
        gamma=gamma,
        lam=lam,
        n=n_step,
        params=params,
    )


# =============================================================================== dopamine


@dataclasses.dataclass(frozen=True, kw_only=True)
class DopamineParams:
    """A conditioning trial for the TD model of dopamine with a complete serial compound.

    Attributes
    ----------
    n_steps : int
        Time steps (bins) per trial.
    cue_step : int
        Step at which the cue comes on; the complete serial compound has one feature per step
        from the cue to the end of the trial.
    reward_step : int
        Step at which the reward arrives (after the cue).
    learning_rate : float
        alpha in (0, 1].
    gamma : float
        Discount per step in (0, 1].
    reward : float
        Size of the reward on a rewarded trial.
    """

    n_steps: int = 25
    cue_step: int = 5
    reward_step: int = 20
    learning_rate: float = 0.1
    gamma: float = 0.98
    reward: float = 1.0

    def __post_init__(self):
        n = check_int("n_steps", self.n_steps, low=3, high=10_000)
        cue = check_int("cue_step", self.cue_step, low=1, high=n - 2)
        reward_step = check_int("reward_step", self.reward_step, low=cue + 1, high=n - 1)
        object.__setattr__(self, "n_steps", n)
        object.__setattr__(self, "cue_step", cue)
        object.__setattr__(self, "reward_step", reward_step)
        object.__setattr__(
            self, "learning_rate", check_positive("learning_rate", self.learning_rate, high=1.0)
        )
        object.__setattr__(self, "gamma", check_positive("gamma", self.gamma, high=1.0))
        object.__setattr__(self, "reward", check_scalar("reward", self.reward))

    @property
    def n_features(self) -> int:
        """Number of serial-compound features: one per step from the cue to the end of the trial."""
        return self.n_steps - self.cue_step


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class DopamineResult:
    """Prediction errors and values of the TD dopamine model, trial by trial.

    Attributes
    ----------
    prediction_errors : ndarray, shape (n_trials, n_steps)
        delta(t) = r(t) + gamma V(t) - V(t - 1) at each step of each trial.
    values : ndarray, shape (n_trials, n_steps)
        V(t) during each trial (0 before the cue).
    weights : ndarray, shape (n_trials + 1, n_features)
        Serial-compound weights before each trial and after the last.
    rewards : ndarray, shape (n_trials,)
        Reward delivered on each trial (0: omitted).
    params : DopamineParams
    """

    prediction_errors: np.ndarray
    values: np.ndarray
    weights: np.ndarray
    rewards: np.ndarray
    params: DopamineParams

    def __post_init__(self):
        _freeze_arrays(self)

    @property
    def n_trials(self) -> int:
        return int(self.rewards.size)

    @property
    def steps(self) -> np.ndarray:
        """Step index of each column, 0..n_steps-1."""
        return np.arange(self.params.n_steps)


@numba.njit(cache=True)
def _dopamine_kernel(rewards, cue_step, reward_step, alpha, gamma, weights, deltas, values):
    n_trials, n_steps = deltas.shape
    n_features = weights.shape[1]
    w = weights[0].copy()
    for trial in range(n_trials):
        previous = 0.0
        for t in range(n_steps):
            feature = t - cue_step
            current = w[feature] if feature >= 0 else 0.0
            r = rewards[trial] if t == reward_step else 0.0
            delta = r + gamma * current - previous
            deltas[trial, t] = delta
            values[trial, t] = current
            if feature - 1 >= 0:
                w[feature - 1] += alpha * delta
            previous = current
        # the trial ends: the value after it (the inter-trial interval) is 0
        w[n_features - 1] += alpha * (0.0 - w[n_features - 1])
        weights[trial + 1] = w


def simulate_dopamine_td(params, n_trials, *, rewards=None, weights_init=None) -> DopamineResult:
    """Simulate the TD model of dopamine: TD(0) with a complete serial compound over a trial.

    Parameters
    ----------
    params : DopamineParams
    n_trials : int
        Number of trials.
    rewards : array_like, shape (n_trials,), optional
        Reward on each trial; default ``params.reward`` on every trial. A 0 omits the reward.
    weights_init : array_like, shape (n_features,), optional
        Weights before the first trial (default 0: a naive animal). Pass a trained model's
        ``weights[-1]`` to continue from it, e.g. to test reward omission.

    Returns
    -------
    DopamineResult

    Notes
    -----
    The cue at step :math:`c` starts a complete serial compound: feature :math:`i` is on at
    step :math:`c + i` only, so :math:`V(t) = w_{t-c}` for :math:`t \\ge c` and 0 before the
    cue (the cue's timing is unpredictable). At each step

    .. math::

        \\delta(t) = r(t) + \\gamma V(t) - V(t-1), \\qquad
        w_{t-1-c} \\leftarrow w_{t-1-c} + \\alpha\\,\\delta(t).

    On the first trial the error is :math:`r` at the reward; after learning it is
    :math:`\\gamma^{T_r - c}` at the cue (step :math:`c`, reward at :math:`T_r`) and 0 at the
    reward, and omitting the reward gives :math:`-1` at the expected time.

    References
    ----------
    Schultz W, Dayan P, Montague PR (1997) A neural substrate of prediction and reward.
    *Science* 275:1593-1599.
    Montague PR, Dayan P, Sejnowski TJ (1996) A framework for mesencephalic dopamine systems
    based on predictive Hebbian learning. *J Neurosci* 16:1936-1947.
    """
    if not isinstance(params, DopamineParams):
        raise TypeError(f"params must be a DopamineParams; got {type(params).__name__}")
    n_trials = check_int("n_trials", n_trials, low=1)
    check_memory(
        f"{n_trials} trials of the dopamine model",
        8.0 * 3 * n_trials * params.n_steps,
        reduce="use fewer n_trials",
    )
    if rewards is None:
        r = np.full(n_trials, params.reward)
    else:
        r = check_array("rewards", rewards, shape=(n_trials,))
    weights = np.zeros((n_trials + 1, params.n_features))
    if weights_init is not None:
        weights[0] = check_array("weights_init", weights_init, shape=(params.n_features,))
    deltas = np.empty((n_trials, params.n_steps))
    values = np.empty((n_trials, params.n_steps))
    _dopamine_kernel(
        r, params.cue_step, params.reward_step, params.learning_rate, params.gamma, weights, deltas, values
    )
    return DopamineResult(prediction_errors=deltas, values=values, weights=weights, rewards=r, params=params)


# =============================================================================== control


@dataclasses.dataclass(frozen=True, kw_only=True)
class TrackParams:
    """A linear track: ``n_states`` positions in a row; the agent steps left (action 0) or right (1).

    Episodes start in the middle. Stepping left off position 0 ends the episode with reward 0;
    stepping right off the last position ends it with ``reward``. Every other step costs
    ``step_cost`` (a negative reward).

    Attributes
    ----------
    n_states : int
        Positions, odd, 3 to 101.
    reward : float
        Reward at the right end.
    step_cost : float
        Cost >= 0 of each step that does not end the episode.
    """

    n_states: int = 7
    reward: float = 1.0
    step_cost: float = 0.0

    def __post_init__(self):
        n = check_int("n_states", self.n_states, low=3, high=101)
        if n % 2 == 0:
            raise ValueError(f"n_states must be odd, so that episodes start in the middle; got {n}")
        object.__setattr__(self, "n_states", n)
        object.__setattr__(self, "reward", check_scalar("reward", self.reward))
        object.__setattr__(self, "step_cost", check_nonnegative("step_cost", self.step_cost))

    @property
    def start(self) -> int:
        return self.n_states // 2

    def step(self, state, action):
        """Return ``(next_state, reward, terminal)`` for one step; ``next_state`` is -1 when terminal."""
        state = check_int("state", state, low=0, high=self.n_states - 1)
        action = check_int("action", action, low=0, high=1)
        nxt = state + (1 if action == 1 else -1)
        if nxt < 0:
            return -1, 0.0, True
        if nxt >= self.n_states:
            return -1, self.reward, True
        return nxt, -self.step_cost, False


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class ControlResult:
    """What an agent learned on the linear track, for many runs.

    Attributes
    ----------
    values : ndarray, shape (n_runs, n_states)
        The critic's state values (actor-critic), or max_a Q (Q-learning).
    preferences : ndarray, shape (n_runs, n_states, 2)
        The actor's action preferences (actor-critic) or the action values Q (Q-learning).
    episode_lengths : ndarray of int, shape (n_runs, n_episodes)
        Steps taken in each episode (``max_steps`` if cut off).
    episode_returns : ndarray, shape (n_runs, n_episodes)
        Undiscounted sum of rewards of each episode.
    method : str
        ``"actor-critic"`` or ``"q-learning"``.
    params : TrackParams
    """

    values: np.ndarray
    preferences: np.ndarray
    episode_lengths: np.ndarray
    episode_returns: np.ndarray
    method: str
    params: TrackParams

    def __post_init__(self):
        _freeze_arrays(self)

    @property
    def p_right(self) -> np.ndarray:
        """Probability of stepping right in each state under the learned (softmax or greedy) policy,
        shape (n_runs, n_states)."""
        if self.method == "actor-critic":
            h = self.preferences
            return 1.0 / (1.0 + np.exp(h[..., 0] - h[..., 1]))
        q = self.preferences
        return np.where(q[..., 1] > q[..., 0], 1.0, np.where(q[..., 1] == q[..., 0], 0.5, 0.0))


@numba.njit(cache=True)
def _track_kernel(
    method,
    n_states,
    reward_right,
    step_cost,
    alpha_value,
    alpha_policy,
    gamma,
    epsilon,
    uniforms,
    values,
    prefs,
    lengths,
    returns,
):
    n_runs, n_episodes, max_steps = uniforms.shape
    start = n_states // 2
    for run in range(n_runs):
        for episode in range(n_episodes):
            s = start
            total = 0.0
            steps = 0
            for k in range(max_steps):
                u = uniforms[run, episode, k]
                h0 = prefs[run, s, 0]
                h1 = prefs[run, s, 1]
                if method == 0:  # actor: softmax on preferences
                    p1 = 1.0 / (1.0 + math.exp(h0 - h1))
                    a = 1 if u < p1 else 0
                else:  # epsilon-greedy on Q, ties at random
                    if u < epsilon:
                        a = 1 if u < 0.5 * epsilon else 0
                    elif h1 > h0:
                        a = 1
                    elif h0 > h1:
                        a = 0
                    else:
                        a = 1 if (u - epsilon) < 0.5 * (1.0 - epsilon) else 0
                    p1 = 0.0
                nxt = s + (1 if a == 1 else -1)
                terminal = nxt < 0 or nxt >= n_states
                r = 0.0
                if nxt >= n_states:
                    r = reward_right
                elif not terminal:
                    r = -step_cost
                total += r
                steps += 1
                if method == 0:
                    target = r if terminal else r + gamma * values[run, nxt]
                    delta = target - values[run, s]
                    values[run, s] += alpha_value * delta
                    # policy-gradient actor: h(s, .) += alpha delta (1{a} - pi(.|s))
                    pi1 = p1
                    pi0 = 1.0 - p1
                    prefs[run, s, 1] += alpha_policy * delta * ((1.0 if a == 1 else 0.0) - pi1)
                    prefs[run, s, 0] += alpha_policy * delta * ((1.0 if a == 0 else 0.0) - pi0)
                else:
                    best = 0.0
                    if not terminal:
                        best = max(prefs[run, nxt, 0], prefs[run, nxt, 1])
                    target = r + gamma * best
                    prefs[run, s, a] += alpha_value * (target - prefs[run, s, a])
                if terminal:
                    break
                s = nxt
            lengths[run, episode] = steps
            returns[run, episode] = total
        if method == 1:
            for s in range(n_states):
                values[run, s] = max(prefs[run, s, 0], prefs[run, s, 1])


def _check_track_run(params, n_episodes, n_runs, max_steps, gamma):
    if not isinstance(params, TrackParams):
        raise TypeError(f"params must be a TrackParams; got {type(params).__name__}")
    n_episodes = check_int("n_episodes", n_episodes, low=1)
    n_runs = check_int("n_runs", n_runs, low=1)
    max_steps = check_int("max_steps", max_steps, low=1)
    gamma = check_scalar("gamma", gamma, low=0.0, high=1.0)
    check_memory(
        f"random numbers for {n_runs} runs x {n_episodes} episodes x {max_steps} steps",
        8.0 * n_runs * n_episodes * max_steps,
        reduce="use fewer runs, episodes or max_steps",
    )
    return n_episodes, n_runs, max_steps, gamma


def run_actor_critic(
    params,
    *,
    n_episodes,
    n_runs=1,
    critic_step_size=0.1,
    actor_step_size=0.1,
    gamma=0.9,
    max_steps=200,
    rng=None,
) -> ControlResult:
    """Learn the linear track with a tabular one-step actor-critic.

    Parameters
    ----------
    params : TrackParams
    n_episodes : int
    n_runs : int
        Independent agents.
    critic_step_size, actor_step_size : float
        Step sizes in (0, 1] of the critic's values and of the actor's preferences.
    gamma : float
        Discount factor in [0, 1].
    max_steps : int
        Steps after which an episode is cut off.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    ControlResult

    Notes
    -----
    The critic computes the TD error :math:`\\delta = r + \\gamma V(s') - V(s)` (with
    :math:`V = 0` after the end) and learns :math:`V(s) \\leftarrow V(s) + \\alpha_V \\delta`;
    the actor chooses by softmax on preferences :math:`h(s, a)` and learns
    :math:`h(s, \\cdot) \\leftarrow h(s, \\cdot) + \\alpha_h \\delta\\,(\\mathbf{1}_a - \\pi(\\cdot|s))`,
    the one-step actor-critic of Sutton & Barto (2018, section 13.5) without the factor
    :math:`\\gamma^t`. The same error teaches both, as dopamine is thought to teach the ventral
    (critic) and dorsal (actor) striatum.

    References
    ----------
    Barto AG (1995) Adaptive critics and the basal ganglia. In: Houk JC, Davis JL, Beiser DG
    (eds) *Models of Information Processing in the Basal Ganglia*, pp 215-232. MIT Press.
    Joel D, Niv Y, Ruppin E (2002) Actor-critic models of the basal ganglia: new anatomical and
    computational perspectives. *Neural Netw* 15:535-547.
    """
    rng = as_generator(rng)
    n_episodes, n_runs, max_steps, gamma = _check_track_run(params, n_episodes, n_runs, max_steps, gamma)
    alpha_v = check_positive("critic_step_size", critic_step_size, high=1.0)
    alpha_h = check_positive("actor_step_size", actor_step_size, high=10.0)
    uniforms = rng.random((n_runs, n_episodes, max_steps))
    values = np.zeros((n_runs, params.n_states))
    prefs = np.zeros((n_runs, params.n_states, 2))
    lengths = np.zeros((n_runs, n_episodes), dtype=np.int64)
    returns = np.zeros((n_runs, n_episodes))
    _track_kernel(
        0,
        params.n_states,
        params.reward,
        params.step_cost,
        alpha_v,
        alpha_h,
        gamma,
        0.0,
        uniforms,
        values,
        prefs,
        lengths,
        returns,
    )
    return ControlResult(
        values=values,
        preferences=prefs,
        episode_lengths=lengths,
        episode_returns=returns,
        method="actor-critic",
        params=params,
    )


def run_q_learning(
    params, *, n_episodes, n_runs=1, step_size=0.1, epsilon=0.1, gamma=0.9, max_steps=200, rng=None
) -> ControlResult:
    """Learn the linear track with tabular Q-learning and epsilon-greedy choice.

    Parameters
    ----------
    params : TrackParams
    n_episodes, n_runs : int
    step_size : float
        alpha in (0, 1].
    epsilon : float
        Exploration probability in [0, 1].
    gamma : float
        Discount factor in [0, 1].
    max_steps : int
        Steps after which an episode is cut off.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    ControlResult
        ``preferences`` holds Q; ``values`` max_a Q.

    Notes
    -----
    :math:`Q(s, a) \\leftarrow Q(s, a) + \\alpha[r + \\gamma \\max_{a'} Q(s', a') - Q(s, a)]`.

    References
    ----------
    Watkins CJCH, Dayan P (1992) Q-learning. *Mach Learn* 8:279-292.
    """
    rng = as_generator(rng)
    n_episodes, n_runs, max_steps, gamma = _check_track_run(params, n_episodes, n_runs, max_steps, gamma)
    alpha = check_positive("step_size", step_size, high=1.0)
    epsilon = check_scalar("epsilon", epsilon, low=0.0, high=1.0)
    uniforms = rng.random((n_runs, n_episodes, max_steps))
    values = np.zeros((n_runs, params.n_states))
    q = np.zeros((n_runs, params.n_states, 2))
    lengths = np.zeros((n_runs, n_episodes), dtype=np.int64)
    returns = np.zeros((n_runs, n_episodes))
    _track_kernel(
        1,
        params.n_states,
        params.reward,
        params.step_cost,
        alpha,
        0.0,
        gamma,
        epsilon,
        uniforms,
        values,
        q,
        lengths,
        returns,
    )
    return ControlResult(
        values=values,
        preferences=q,
        episode_lengths=lengths,
        episode_returns=returns,
        method="q-learning",
        params=params,
    )


# =============================================================================== choices


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class ChoiceData:
    """Choices and rewards of a simulated subject in a bandit task.

    Attributes
    ----------
    choices : ndarray of int64, shape (n_trials,)
    rewards : ndarray, shape (n_trials,)
    reward_probabilities : ndarray, shape (n_trials, n_arms)
    learning_rate, inverse_temperature : float
        The generating parameters.
    """

    choices: np.ndarray
    rewards: np.ndarray
    reward_probabilities: np.ndarray
    learning_rate: float
    inverse_temperature: float

    def __post_init__(self):
        _freeze_arrays(self)

    @property
    def n_trials(self) -> int:
        return int(self.choices.size)


@dataclasses.dataclass(frozen=True, kw_only=True)
class ChoiceFit:
    """A maximum-likelihood fit of the Q-learning choice model.

    Attributes
    ----------
    learning_rate : float
    inverse_temperature : float
    log_likelihood : float
        At the optimum.
    n_trials : int
    """

    learning_rate: float
    inverse_temperature: float
    log_likelihood: float
    n_trials: int


def reversal_task(n_trials, *, p_high=0.8, p_low=0.2, block_length=50) -> np.ndarray:
    """Reward probabilities of a two-armed reversal task: the better arm swaps every block.

    Parameters
    ----------
    n_trials : int
    p_high, p_low : float
        Reward probabilities of the better and the worse arm, in [0, 1].
    block_length : int
        Trials between reversals.

    Returns
    -------
    ndarray, shape (n_trials, 2)
    """
    n_trials = check_int("n_trials", n_trials, low=1, high=10_000_000)
    p_high = check_scalar("p_high", p_high, low=0.0, high=1.0)
    p_low = check_scalar("p_low", p_low, low=0.0, high=1.0)
    block_length = check_int("block_length", block_length, low=1)
    first_better = (np.arange(n_trials) // block_length) % 2 == 0
    return np.column_stack([np.where(first_better, p_high, p_low), np.where(first_better, p_low, p_high)])


def _check_choice_params(learning_rate, inverse_temperature):
    alpha = check_scalar("learning_rate", learning_rate, low=0.0, high=1.0)
    beta = check_nonnegative("inverse_temperature", inverse_temperature)
    return alpha, beta


def run_choice_task(reward_probabilities, *, learning_rate, inverse_temperature, rng=None) -> ChoiceData:
    """Simulate a Q-learner choosing by softmax in a bandit task with binary rewards.

    Parameters
    ----------
    reward_probabilities : array_like, shape (n_trials, n_arms)
        Probability that each arm pays 1 on each trial (e.g. :func:`reversal_task`).
    learning_rate : float
        alpha in [0, 1].
    inverse_temperature : float
        beta >= 0 (per unit of value).
    rng : None, int or numpy.random.Generator

    Returns
    -------
    ChoiceData

    Notes
    -----
    All values start at 0. On each trial :math:`P(a) \\propto e^{\\beta Q(a)}`, the chosen arm
    pays :math:`r \\in \\{0, 1\\}` and :math:`Q(a) \\leftarrow Q(a) + \\alpha(r - Q(a))`; the
    other values stay.
    """
    rng = as_generator(rng)
    probs = check_array("reward_probabilities", reward_probabilities, ndim=2, low=0.0, high=1.0, min_size=2)
    alpha, beta = _check_choice_params(learning_rate, inverse_temperature)
    n_trials, n_arms = probs.shape
    u_choice = rng.random(n_trials)
    u_reward = rng.random(n_trials)
    q = np.zeros(n_arms)
    choices = np.empty(n_trials, dtype=np.int64)
    rewards = np.empty(n_trials)
    for t in range(n_trials):
        logits = beta * q
        p = np.exp(logits - logits.max())
        p /= p.sum()
        a = min(int(np.searchsorted(np.cumsum(p), u_choice[t], side="right")), n_arms - 1)
        r = 1.0 if u_reward[t] < probs[t, a] else 0.0
        choices[t] = a
        rewards[t] = r
        q[a] += alpha * (r - q[a])
    return ChoiceData(
        choices=choices,
        rewards=rewards,
        reward_probabilities=probs,
        learning_rate=alpha,
        inverse_temperature=beta,
    )


@numba.njit(cache=True)
def _choice_log_likelihood_kernel(choices, rewards, n_arms, alpha, beta):
    q = np.zeros(n_arms)
    total = 0.0
    for t in range(choices.size):
        top = q.max()
        norm = 0.0
        for a in range(n_arms):
            norm += math.exp(beta * (q[a] - top))
        a = choices[t]
        total += beta * (q[a] - top) - math.log(norm)
        q[a] += alpha * (rewards[t] - q[a])
    return total


def _check_choices(choices, rewards, n_arms):
    c = check_array("choices", choices, ndim=1, min_size=1, dtype=np.int64)
    r = check_array("rewards", rewards, shape=(c.size,))
    if n_arms is None:
        n_arms = max(2, int(c.max()) + 1)
    n_arms = check_int("n_arms", n_arms, low=2)
    if c.min() < 0 or c.max() >= n_arms:
        raise ValueError(f"choices must be arm indices in [0, {n_arms - 1}]; found {c.min()}..{c.max()}")
    return c, r, n_arms


def choice_log_likelihood(choices, rewards, *, learning_rate, inverse_temperature, n_arms=None) -> float:
    """Return the log-likelihood of a sequence of choices under the Q-learning softmax model.

    Parameters
    ----------
    choices : array_like of int, shape (n_trials,)
    rewards : array_like, shape (n_trials,)
    learning_rate : float
        alpha in [0, 1].
    inverse_temperature : float
        beta >= 0.
    n_arms : int, optional
        Default: the largest choice + 1 (at least 2).

    Returns
    -------
    float
        :math:`\\sum_t \\log P(c_t \\mid c_{<t}, r_{<t}; \\alpha, \\beta)` with the model of
        :func:`run_choice_task`.
    """
    c, r, n_arms = _check_choices(choices, rewards, n_arms)
    alpha, beta = _check_choice_params(learning_rate, inverse_temperature)
    return float(_choice_log_likelihood_kernel(c, r, n_arms, alpha, beta))


def fit_choice_model(choices, rewards, *, n_arms=None, max_inverse_temperature=50.0) -> ChoiceFit:
    """Fit the learning rate and inverse temperature of the Q-learning model by maximum likelihood.

    Parameters
    ----------
    choices : array_like of int, shape (n_trials,)
    rewards : array_like, shape (n_trials,)
    n_arms : int, optional
    max_inverse_temperature : float
        Upper bound of beta in the search.

    Returns
    -------
    ChoiceFit

    Notes
    -----
    Bounded quasi-Newton search (L-BFGS-B) over alpha in [0.001, 1] and beta in
    [0.001, ``max_inverse_temperature``], started from a coarse grid's best point.

    References
    ----------
    Daw ND (2011) Trial-by-trial data analysis using computational models. In: Delgado MR,
    Phelps EA, Robbins TW (eds) *Decision Making, Affect, and Learning*, pp 3-38. Oxford
    University Press.
    """
    from scipy import optimize

    c, r, n_arms = _check_choices(choices, rewards, n_arms)
    beta_max = check_positive("max_inverse_temperature", max_inverse_temperature)

    def negative(x):
        return -_choice_log_likelihood_kernel(c, r, n_arms, x[0], x[1])

    grid = [(a, b) for a in (0.05, 0.15, 0.3, 0.5, 0.8) for b in np.geomspace(0.5, beta_max, 7)]
    start = min(grid, key=negative)
    bounds = [(1e-3, 1.0), (1e-3, beta_max)]
    solution = optimize.minimize(negative, np.array(start), method="L-BFGS-B", bounds=bounds)
    return ChoiceFit(
        learning_rate=float(solution.x[0]),
        inverse_temperature=float(solution.x[1]),
        log_likelihood=float(-solution.fun),
        n_trials=int(c.size),
    )


# =============================================================================== distributional

#: Reward magnitudes [uL] of the variable-magnitude task of Dabney et al. (2020).
DABNEY_MAGNITUDES = (0.1, 0.3, 1.2, 2.5, 5.0, 10.0, 20.0)


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class DistributionalResult:
    """A population of value predictors learned with asymmetric learning rates.

    Attributes
    ----------
    values : ndarray, shape (n_predictors, n_samples + 1)
        Each predictor's value before each reward and after the last.
    asymmetries : ndarray, shape (n_predictors,)
        tau = alpha+ / (alpha+ + alpha-) of each predictor.
    alpha_plus, alpha_minus : ndarray, shape (n_predictors,)
        Learning rates for positive and negative errors.
    """

    values: np.ndarray
    asymmetries: np.ndarray
    alpha_plus: np.ndarray
    alpha_minus: np.ndarray

    def __post_init__(self):
        _freeze_arrays(self)

    @property
    def reversal_points(self) -> np.ndarray:
        """The reward at which each predictor's error changes sign: its final value."""
        return self.values[:, -1]


@numba.njit(cache=True)
def _distributional_kernel(rewards, alpha_plus, alpha_minus, values):
    n_predictors = values.shape[0]
    for t in range(rewards.size):
        for i in range(n_predictors):
            v = values[i, t]
            delta = rewards[t] - v
            values[i, t + 1] = v + (alpha_plus[i] if delta > 0.0 else alpha_minus[i]) * delta


def run_distributional_td(rewards, *, asymmetries, learning_rate=0.02, v_init=0.0) -> DistributionalResult:
    """Learn a population of value predictors with asymmetric learning rates from a reward sequence.

    Parameters
    ----------
    rewards : array_like, shape (n_samples,)
        Rewards, one per trial (draws from the distribution to learn).
    asymmetries : array_like, shape (n_predictors,)
        tau of each predictor, in (0, 1): the fraction of positive to all learning,
        alpha+ = 2 tau ``learning_rate``, alpha- = 2 (1 - tau) ``learning_rate``.
    learning_rate : float
        Mean step size, in (0, 0.5].
    v_init : float
        Initial value of every predictor.

    Returns
    -------
    DistributionalResult

    Notes
    -----
    Each predictor learns :math:`V_i \\leftarrow V_i + \\alpha_i^{\\pm}(r - V_i)`, with
    :math:`\\alpha^+` for positive and :math:`\\alpha^-` for negative errors. It settles where
    :math:`\\alpha^+ E[(r - V)_+] = \\alpha^- E[(V - r)_+]`: the :math:`\\tau_i`-expectile of the
    reward distribution (:func:`expectiles`), the reward at which its error reverses sign.
    Optimistic predictors (tau > 1/2) settle above the mean, pessimistic ones below.

    References
    ----------
    Dabney W, Kurth-Nelson Z, Uchida N, Starkweather CK, Hassabis D, Munos R, Botvinick M
    (2020) A distributional code for value in dopamine-based reinforcement learning.
    *Nature* 577:671-675.
    """
    r = check_array("rewards", rewards, ndim=1, min_size=1)
    taus = check_array("asymmetries", asymmetries, ndim=1, min_size=1, low=0.0, high=1.0, low_inclusive=False)
    if taus.max() >= 1.0:
        raise ValueError("asymmetries values must be in (0, 1); found 1")
    lr = check_positive("learning_rate", learning_rate, high=0.5)
    v0 = check_scalar("v_init", v_init)
    check_memory(
        "recording the predictor values",
        8.0 * taus.size * (r.size + 1),
        reduce="use fewer rewards or fewer predictors",
    )
    alpha_plus = 2.0 * lr * taus
    alpha_minus = 2.0 * lr * (1.0 - taus)
    values = np.empty((taus.size, r.size + 1))
    values[:, 0] = v0
    _distributional_kernel(r, alpha_plus, alpha_minus, values)
    return DistributionalResult(
        values=values, asymmetries=taus, alpha_plus=alpha_plus, alpha_minus=alpha_minus
    )


def expectiles(values, taus, *, probabilities=None) -> np.ndarray:
    """Return the tau-expectiles of a discrete distribution (or of samples).

    Parameters
    ----------
    values : array_like, shape (n,)
        Support points (or samples).
    taus : array_like
        Levels in (0, 1); 0.5 gives the mean.
    probabilities : array_like, shape (n,), optional
        Probabilities of ``values`` (default: equal).

    Returns
    -------
    ndarray, shape of ``taus``
        The e solving :math:`\\tau E[(X - e)_+] = (1 - \\tau) E[(e - X)_+]`.
    """
    x = check_array("values", values, ndim=1, min_size=1)
    t = check_array("taus", taus, ndim=(0, 1), low=0.0, high=1.0, low_inclusive=False)
    if t.size and t.max() >= 1.0:
        raise ValueError("taus values must be in (0, 1); found 1")
    if probabilities is None:
        p = np.full(x.size, 1.0 / x.size)
    else:
        p = check_array("probabilities", probabilities, shape=(x.size,), low=0.0)
        if not math.isclose(p.sum(), 1.0, rel_tol=1e-9, abs_tol=1e-9):
            raise ValueError(f"probabilities must sum to 1; they sum to {p.sum():g}")
    out = np.empty(t.size)
    for k, tau in enumerate(np.atleast_1d(t)):
        low, high = x.min(), x.max()
        for _ in range(200):
            e = 0.5 * (low + high)
            above = np.sum(p * np.maximum(x - e, 0.0))
            below = np.sum(p * np.maximum(e - x, 0.0))
            balance = tau * above - (1 - tau) * below
            if balance > 0:
                low = e
            else:
                high = e
        out[k] = 0.5 * (low + high)
    return out.reshape(t.shape)
