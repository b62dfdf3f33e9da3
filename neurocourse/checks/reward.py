"""Checkers of chapter 04, reward learning, and the mystery subject of exercise 5.

Six exercises, one checker each; every checker runs the student's function on cases it
draws itself and says *how* an answer is wrong without showing the reference:

1. :func:`rescorla_wagner_update` -- one trial of the Rescorla-Wagner rule.
2. :func:`epsilon_greedy_action` -- epsilon-greedy choice with random tie-breaking
   (checked by its choice frequencies).
3. :func:`td0_episode` -- TD(0) updates along one episode of a random walk.
4. :func:`csc_trial` -- one trial of the TD model of dopamine with a complete serial compound.
5. :func:`fit_learner` -- recover a hidden learning rate and inverse temperature from the
   choices of the student's :func:`mystery_subject` by maximum likelihood.
6. :func:`actor_critic_update` -- one step of a tabular actor-critic.
"""

from __future__ import annotations

import copy
import functools
import math
import numbers

import numpy as np

from ..reward import (
    DopamineParams,
    RandomWalkParams,
    fit_choice_model,
    random_walk_episodes,
    reversal_task,
    run_choice_task,
    simulate_dopamine_td,
)
from ._framework import (
    CheckFailed,
    check_function_cases,
    compare_values,
    exercise,
    outputs_on_cases,
    require_function,
)
from ._variants import seed_text, variant_rng

__all__ = [
    "MysterySubject",
    "mystery_subject",
    "rescorla_wagner_update",
    "epsilon_greedy_action",
    "td0_episode",
    "csc_trial",
    "fit_learner",
    "actor_critic_update",
]

CHAPTER = "04_reward_learning"


_require_function = functools.partial(require_function, module="reward")


_outputs = outputs_on_cases


def _matches(outputs, formula, cases, *, atol=1e-9) -> bool:
    with np.errstate(all="ignore"):
        for value, args in zip(outputs, cases, strict=False):
            expected = np.asarray(formula(*copy.deepcopy(args)), dtype=float)
            if value.shape != expected.shape or not np.allclose(value, expected, rtol=1e-9, atol=atol):
                return False
    return True


def _diagnose(student_function, reference, cases, mistakes):
    """Raise the first mistake whose formula reproduces every output (unless the answer is right)."""
    outputs = _outputs(student_function, cases)
    if outputs is None or _matches(outputs, reference, cases):
        return
    for formula, message, hint in mistakes:
        if _matches(outputs, formula, cases):
            raise CheckFailed(message, hint=hint)


# =========================================================================== exercise 1


def _reference_rw(v, present, reward, salience, learning_rate):
    v = np.array(v, dtype=float)
    present = np.asarray(present, dtype=bool)
    error = reward - v[present].sum()
    alpha = np.broadcast_to(np.asarray(salience, dtype=float), v.shape)
    v[present] += alpha[present] * learning_rate * error
    return v


def _rw_cases():
    rng = np.random.default_rng(404)
    cases = [
        (np.array([0.0, 0.0]), np.array([True, True]), 1.0, 0.2, 1.0),
        (np.array([0.9, 0.0, 0.3]), np.array([True, True, False]), 1.0, 0.2, 1.0),  # blocking-like
        (np.array([0.8, -0.2, 0.5]), np.array([True, False, True]), 0.0, 0.3, 0.5),  # extinction
        (np.array([0.5, 0.5]), np.array([True, True]), 1.0, np.array([0.4, 0.1]), 1.0),  # saliences
    ]
    for _ in range(6):
        n = int(rng.integers(2, 6))
        v = np.round(rng.uniform(-0.5, 1.0, n), 3)
        present = rng.random(n) < 0.6
        present[int(rng.integers(n))] = True
        salience = np.round(rng.uniform(0.05, 0.5, n), 3) if rng.random() < 0.5 else 0.25
        lam = float(rng.choice([0.0, 1.0, 2.0]))
        cases.append((v, present, lam, salience, float(rng.choice([0.5, 1.0]))))
    return cases


_RW_CASES = _rw_cases()


def _rw_all_cues(v, present, reward, salience, learning_rate):
    v = np.array(v, dtype=float)
    error = reward - v[np.asarray(present, bool)].sum()
    return v + np.broadcast_to(np.asarray(salience, float), v.shape) * learning_rate * error


def _rw_own(v, present, reward, salience, learning_rate):
    v = np.array(v, dtype=float)
    present = np.asarray(present, bool)
    alpha = np.broadcast_to(np.asarray(salience, float), v.shape)
    v[present] += alpha[present] * learning_rate * (reward - v[present])
    return v


def _rw_sum_all(v, present, reward, salience, learning_rate):
    v = np.array(v, dtype=float)
    present = np.asarray(present, bool)
    alpha = np.broadcast_to(np.asarray(salience, float), v.shape)
    v[present] += alpha[present] * learning_rate * (reward - v.sum())
    return v


_RW_MISTAKES = (
    (
        _rw_all_cues,
        "absent cues change too",
        "only the cues present on the trial learn: update V where `present` is True, leave the others.",
    ),
    (
        _rw_own,
        "each cue learns from its own prediction error, lambda - V_i",
        "the Rescorla-Wagner error is shared: lambda minus the SUM of V over all cues present. "
        "That sum is what makes blocking happen.",
    ),
    (
        _rw_sum_all,
        "your error subtracts the strengths of absent cues as well",
        "the prediction is the sum of V over the cues present on this trial only.",
    ),
    (
        lambda v, p, r, a, b: 2 * np.asarray(v, float) - _reference_rw(v, p, r, a, b),
        "the strengths move away from lambda instead of towards it",
        "the error is lambda - sum(V): positive when the reward is larger than predicted.",
    ),
    (
        lambda v, p, r, a, b: _reference_rw(v, p, r, a, b) - np.asarray(v, float),
        "you return the change of the strengths, not the new strengths",
        "return V + Delta V.",
    ),
    (
        lambda v, p, r, a, b: _reference_rw(v, p, r, a, 1.0),
        "the learning rate beta is missing",
        "Delta V_i = alpha_i * beta * (lambda - sum V).",
    ),
    (
        lambda v, p, r, a, b: _reference_rw(v, p, r, 1.0, b),
        "the salience alpha is missing",
        "Delta V_i = alpha_i * beta * (lambda - sum V); alpha may differ from cue to cue.",
    ),
)


@exercise(CHAPTER, "rescorla_wagner_update", title="Exercise 1: the Rescorla-Wagner update")
def rescorla_wagner_update(student_function):
    """Check ``student_function(v, present, reward, salience, learning_rate) -> new v``.

    Hidden cases: 2 to 5 cues, some absent, rewards 0, 1 and 2, one salience or one per cue.
    Diagnosed: absent cues learning, a per-cue error instead of the shared one, the sum over
    absent cues, the wrong sign, returning the increment, a missing alpha or beta.
    """
    _require_function(student_function, "rescorla_wagner_update")
    _diagnose(student_function, _reference_rw, _RW_CASES, _RW_MISTAKES)
    check_function_cases(
        student_function, _reference_rw, _RW_CASES, name="rescorla_wagner_update", rtol=1e-9, atol=1e-9
    )


# =========================================================================== exercise 2

# (estimates, epsilon): greedy with exploration, a three-way tie without exploration, pure
# exploration, and ten arms.
_GREEDY_CASES = (
    (np.array([0.2, 1.0, -0.5, 0.3]), 0.3),
    (np.array([1.0, 0.0, 1.0, 0.5, 1.0]), 0.0),
    (np.array([0.0, 2.0, 1.0]), 1.0),
    (np.array([0.3, -0.1, 0.8, 0.1, 0.5, 0.4, 0.2, 0.0, -0.3, 0.6]), 0.3),
)
_GREEDY_DRAWS = 1500


def _greedy_probabilities(estimates, epsilon):
    best = np.flatnonzero(estimates == estimates.max())
    p = np.full(estimates.size, epsilon / estimates.size)
    p[best] += (1.0 - epsilon) / best.size
    return p


def _greedy_frequencies(student_function, estimates, epsilon, case_index):
    counts = np.zeros(estimates.size)
    for draw in range(_GREEDY_DRAWS):
        # A fresh generator per call: in a grading run the student's function lives in another
        # process and receives a copy of its arguments, so a shared generator would never advance.
        rng = np.random.default_rng([20260404, case_index, draw])
        action = student_function(estimates.copy(), epsilon, rng)
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, numbers.Integral):
            if isinstance(action, np.ndarray) and action.ndim == 0 and action.dtype.kind in "iu":
                action = int(action)
            else:
                raise CheckFailed(
                    f"`epsilon_greedy_action` returned {type(action).__name__} {action!r:.40}; it should "
                    "return one arm index, an int",
                    hint="np.argmax and rng.integers return ints; rng.choice on an array of indices too.",
                )
        if not 0 <= action < estimates.size:
            raise CheckFailed(
                f"`epsilon_greedy_action` returned arm {action}, but there are only "
                f"{estimates.size} arms (0 to {estimates.size - 1})"
            )
        counts[action] += 1
    return counts / _GREEDY_DRAWS


def _close_to(frequencies, probabilities):
    sigma = np.sqrt(probabilities * (1 - probabilities) / _GREEDY_DRAWS)
    return bool(np.all(np.abs(frequencies - probabilities) <= 5 * sigma + 0.004))


@exercise(CHAPTER, "epsilon_greedy_action", title="Exercise 2: an epsilon-greedy agent")
def epsilon_greedy_action(student_function):
    """Check ``student_function(estimates, epsilon, rng) -> arm`` by its choice frequencies.

    Each hidden case is drawn 1500 times; every arm's frequency must lie within 5 standard
    errors of its probability (1 - epsilon shared among the greedy arms, epsilon / k to each
    arm). Diagnosed: no exploration, exploration that excludes the greedy arm, the first of
    tied arms always, epsilon and 1 - epsilon swapped, an index out of range.
    """
    _require_function(student_function, "epsilon_greedy_action")
    for case_index, (estimates, epsilon) in enumerate(_GREEDY_CASES):
        frequencies = _greedy_frequencies(student_function, estimates, epsilon, case_index)
        expected = _greedy_probabilities(estimates, epsilon)
        if _close_to(frequencies, expected):
            continue
        k = estimates.size
        best = np.flatnonzero(estimates == estimates.max())
        case = f"for estimates {np.array2string(estimates, separator=', ')} and epsilon = {epsilon:g}"
        if epsilon > 0 and _close_to(frequencies, _greedy_probabilities(estimates, 0.0)):
            raise CheckFailed(
                f"your agent never explores ({case})",
                hint="with probability epsilon, choose an arm uniformly at random.",
            )
        if 0 < epsilon < 1 and _close_to(frequencies, _greedy_probabilities(estimates, 1.0 - epsilon)):
            raise CheckFailed(
                f"your agent explores with probability 1 - epsilon ({case})",
                hint="explore when a uniform random number is BELOW epsilon.",
            )
        if best.size == 1 and 0 < epsilon < 1:
            excluding = np.full(k, epsilon / (k - 1))
            excluding[best] = 1.0 - epsilon
            if _close_to(frequencies, excluding):
                raise CheckFailed(
                    f"when exploring, your agent never picks the greedy arm ({case})",
                    hint="exploration picks any of the k arms, the greedy one included "
                    "(Sutton & Barto's convention): the greedy arm gets "
                    "1 - epsilon + epsilon/k.",
                )
        if best.size > 1 and frequencies[best[0]] > frequencies[best[1:]].max() + 0.2:
            raise CheckFailed(
                f"among tied arms your agent always takes the first ({case})",
                hint="np.argmax returns the first maximum; choose at random among "
                "np.flatnonzero(estimates == estimates.max()).",
            )
        raise CheckFailed(
            f"your agent's choice frequencies are off ({case})",
            hint="greedy arms share 1 - epsilon, and every arm gets epsilon / k from exploration.",
        )


# =========================================================================== exercise 3


def _reference_td0(values, states, rewards, alpha, gamma):
    v = np.array(values, dtype=float)
    for t in range(len(rewards)):
        s, s_next = states[t], states[t + 1]
        v[s] += alpha * (rewards[t] + gamma * v[s_next] - v[s])
    return v


def _td0_cases():
    rng = np.random.default_rng(606)
    cases = []
    for n_states, gamma, alpha in ((5, 1.0, 0.1), (5, 0.9, 0.3), (7, 1.0, 0.5), (9, 0.8, 0.2), (5, 1.0, 1.0)):
        walk = RandomWalkParams(n_states=n_states)
        episodes = random_walk_episodes(walk, 3, rng=rng)
        for k in range(episodes.n_episodes):
            states = episodes.episode(k).copy()
            if states.size < 4 and k < 2:
                continue
            values = np.zeros(n_states + 2)
            values[1:-1] = np.round(rng.uniform(-0.5, 1.0, n_states), 3)
            rewards = np.round(rng.normal(0.0, 0.5, states.size - 1), 3)
            rewards[-1] = 1.0 if states[-1] == n_states + 1 else -1.0
            cases.append((values, states, rewards, alpha, gamma))
    return cases


_TD0_CASES = _td0_cases()


def _td0_no_gamma(values, states, rewards, alpha, gamma):
    return _reference_td0(values, states, rewards, alpha, 1.0)


def _td0_offline(values, states, rewards, alpha, gamma):
    start = np.array(values, dtype=float)
    v = start.copy()
    for t in range(len(rewards)):
        s, s_next = states[t], states[t + 1]
        v[s] += alpha * (rewards[t] + gamma * start[s_next] - start[s])
    return v


def _td0_mc(values, states, rewards, alpha, gamma):
    v = np.array(values, dtype=float)
    g = 0.0
    returns = np.empty(len(rewards))
    for t in range(len(rewards) - 1, -1, -1):
        g = rewards[t] + gamma * g
        returns[t] = g
    for t in range(len(rewards)):
        v[states[t]] += alpha * (returns[t] - v[states[t]])
    return v


def _td0_next(values, states, rewards, alpha, gamma):
    v = np.array(values, dtype=float)
    for t in range(len(rewards)):
        s, s_next = states[t], states[t + 1]
        v[s_next] += alpha * (rewards[t] + gamma * v[s_next] - v[s])
    return v


def _td0_reward_index(values, states, rewards, alpha, gamma):
    v = np.array(values, dtype=float)
    shifted = np.concatenate([[0.0], rewards[:-1]])
    for t in range(len(rewards)):
        s, s_next = states[t], states[t + 1]
        v[s] += alpha * (shifted[t] + gamma * v[s_next] - v[s])
    return v


_TD0_MISTAKES = (
    (_td0_no_gamma, "the discount gamma is missing", "the target is R + gamma * V(S')."),
    (
        lambda v, s, r, a, g: 2 * np.asarray(v, float) - _reference_td0(v, s, r, a, g),
        "the values move away from the target",
        "the TD error is target - V(S): R + gamma V(S') - V(S).",
    ),
    (
        _td0_mc,
        "this is a Monte Carlo update: the target is the full return",
        "TD(0) bootstraps: its target is the next reward plus gamma times the current estimate V(S').",
    ),
    (
        _td0_next,
        "your update changes the next state's value",
        "the error of the transition S -> S' updates V(S), the state being left.",
    ),
    (
        _td0_reward_index,
        "the rewards are one step out of line",
        "rewards[t] is the reward of the transition from states[t] to states[t + 1].",
    ),
    (
        _td0_offline,
        "your targets use the values from before the episode",
        "update V in place as you go: a later step must see the earlier steps' updates.",
    ),
)


@exercise(CHAPTER, "td0_episode", title="Exercise 3: TD(0) on the random walk")
def td0_episode(student_function):
    """Check ``student_function(values, states, rewards, alpha, gamma) -> new values``.

    Hidden cases: episodes of random walks of 5 to 9 states, random values and rewards,
    gamma < 1 and alpha up to 1. Diagnosed: no gamma, the wrong sign, Monte Carlo targets,
    updating the next state, rewards misaligned by a step, targets from stale values.
    """
    _require_function(student_function, "td0_episode")
    _diagnose(student_function, _reference_td0, _TD0_CASES, _TD0_MISTAKES)
    check_function_cases(
        student_function, _reference_td0, _TD0_CASES, name="td0_episode", rtol=1e-9, atol=1e-9
    )


# =========================================================================== exercise 4


def _reference_csc(weights, reward, cue_step, reward_step, n_steps, alpha, gamma):
    params = DopamineParams(
        n_steps=n_steps, cue_step=cue_step, reward_step=reward_step, learning_rate=alpha, gamma=gamma
    )
    result = simulate_dopamine_td(params, 1, rewards=[reward], weights_init=weights)
    return result.weights[-1], result.prediction_errors[0]


def _csc_cases():
    rng = np.random.default_rng(808)
    cases = [(np.zeros(20), 1.0, 5, 20, 25, 0.1, 0.98)]  # the lecture's first trial
    for _ in range(7):
        n_steps = int(rng.integers(10, 30))
        cue = int(rng.integers(1, n_steps - 4))
        reward_step = int(rng.integers(cue + 1, n_steps - 1))
        weights = np.round(rng.uniform(0.0, 1.0, n_steps - cue), 3)
        cases.append(
            (
                weights,
                float(rng.choice([0.0, 1.0, 2.0])),
                cue,
                reward_step,
                n_steps,
                float(rng.choice([0.1, 0.3, 0.5])),
                float(rng.choice([0.9, 0.95, 1.0])),
            )
        )
    return cases


_CSC_CASES = _csc_cases()


def _csc_variant(
    weights, reward, cue, reward_step, n_steps, alpha, gamma, *, shift=1, use_gamma=True, end_update=True
):
    w = np.array(weights, dtype=float)
    deltas = np.empty(n_steps)
    previous = 0.0
    g = gamma if use_gamma else 1.0
    for t in range(n_steps):
        feature = t - cue
        current = w[feature] if feature >= 0 else 0.0
        r = reward if t == reward_step else 0.0
        delta = r + g * current - previous
        deltas[t] = delta
        target = feature - shift
        if 0 <= target < w.size:
            w[target] += alpha * delta
        previous = current
    if end_update:
        w[-1] += alpha * (0.0 - w[-1])
    return w, deltas


def _csc_diagnosis(weights_out, deltas_out, case):
    variants = (
        (
            dict(shift=0),
            "your update changes the weight of the current step",
            "delta(t) judges the prediction made at step t - 1: update the feature that was on at t - 1.",
        ),
        (dict(use_gamma=False), "the discount gamma is missing", "delta(t) = r(t) + gamma V(t) - V(t - 1)."),
        (
            dict(end_update=False),
            "the last weight misses the end of the trial",
            "after the last step the trial ends and the value is 0: one more update of the last feature, "
            "with delta = 0 - V(last step).",
        ),
    )
    for kwargs, message, hint in variants:
        w, d = _csc_variant(*copy.deepcopy(case), **kwargs)
        if np.allclose(weights_out, w, atol=1e-9) and np.allclose(deltas_out, d, atol=1e-9):
            raise CheckFailed(message, hint=hint)


@exercise(CHAPTER, "csc_trial", title="Exercise 4: the dopamine model, one trial")
def csc_trial(student_function):
    """Check ``student_function(weights, reward, cue_step, reward_step, n_steps, alpha, gamma)
    -> (new_weights, deltas)``.

    Hidden cases: trials of 10 to 30 steps, cues and rewards at random steps, trained and naive
    weights, omitted and doubled rewards. Diagnosed: updating the current instead of the previous
    step's feature, no gamma, no update at the end of the trial, wrong shapes.
    """
    _require_function(student_function, "csc_trial")
    for case in _CSC_CASES:
        call = (
            f"csc_trial(<weights of {case[0].size}>, reward={case[1]:g}, cue_step={case[2]}, "
            f"reward_step={case[3]}, n_steps={case[4]}, alpha={case[5]:g}, gamma={case[6]:g})"
        )
        try:
            answer = student_function(*copy.deepcopy(case))
        except NotImplementedError:
            raise
        except Exception:
            # let the framework describe the error, with this case
            check_function_cases(
                lambda *a: student_function(*a)[1], lambda *a: _reference_csc(*a)[1], [case], name="csc_trial"
            )
            raise
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            raise CheckFailed(
                f"`{call}` should return two things, (new_weights, deltas); it returned "
                f"{type(answer).__name__}",
                hint="end with `return weights, deltas`.",
            )
        weights, deltas = _reference_csc(*copy.deepcopy(case))
        try:
            w_out = np.asarray(answer[0], dtype=float)
            d_out = np.asarray(answer[1], dtype=float)
        except (TypeError, ValueError):
            raise CheckFailed(f"`{call}` returned something that is not two arrays of numbers") from None
        if (
            w_out.shape == weights.shape
            and d_out.shape == deltas.shape
            and not (np.allclose(w_out, weights, atol=1e-9) and np.allclose(d_out, deltas, atol=1e-9))
        ):
            _csc_diagnosis(w_out, d_out, case)
        compare_values(d_out, deltas, name=f"deltas of {call}", rtol=1e-9, atol=1e-9)
        compare_values(w_out, weights, name=f"new weights of {call}", rtol=1e-9, atol=1e-9)


# =========================================================================== exercise 5

#: Trials of the mystery subject's reversal task.
MYSTERY_TRIALS = 1500
_ALPHA_RANGE = (0.1, 0.6)
_BETA_RANGE = (2.0, 10.0)


class MysterySubject:
    """The choices of a simulated subject in a two-armed reversal task; its parameters are hidden.

    Attributes
    ----------
    choices : ndarray of int, shape (n_trials,)
        The arm chosen on each trial (0 or 1).
    rewards : ndarray, shape (n_trials,)
        1 if the chosen arm paid, else 0.
    reward_probabilities : ndarray, shape (n_trials, 2)
        The probability that each arm pays, trial by trial (the better arm swaps every 50 trials).
    """

    __slots__ = ("choices", "rewards", "reward_probabilities")

    def __init__(self, choices, rewards, reward_probabilities):
        for name, value in (
            ("choices", choices),
            ("rewards", rewards),
            ("reward_probabilities", reward_probabilities),
        ):
            value = np.array(value)
            value.setflags(write=False)
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError("a mystery subject's data cannot be changed")

    @property
    def n_trials(self) -> int:
        return int(self.choices.size)

    def __repr__(self):
        return f"MysterySubject({self.n_trials} trials, {int(self.rewards.sum())} rewarded)"


def _hidden_parameters(key: str, seed) -> tuple[float, float]:
    rng = variant_rng(f"{CHAPTER}:{key}", seed)
    return float(rng.uniform(*_ALPHA_RANGE)), float(rng.uniform(*_BETA_RANGE))


def _subject(key: str, seed):
    alpha, beta = _hidden_parameters(key, seed)
    rng = variant_rng(f"{CHAPTER}:{key}:choices", seed)
    data = run_choice_task(
        reversal_task(MYSTERY_TRIALS), learning_rate=alpha, inverse_temperature=beta, rng=rng
    )
    return MysterySubject(data.choices, data.rewards, data.reward_probabilities), (alpha, beta)


def mystery_subject(seed) -> MysterySubject:
    """Return the student's mystery subject: 1500 choices of a Q-learner with hidden parameters.

    Parameters
    ----------
    seed : int or str
        The student's number; every seed gives its own subject, the same each time.
    """
    seed_text(seed)
    return _subject("mystery_subject", seed)[0]


def _estimate_pair(answer, label):
    if not isinstance(answer, (tuple, list, np.ndarray)) or len(answer) != 2:
        raise CheckFailed(
            f"{label} should return two numbers, (learning_rate, inverse_temperature); "
            f"it returned {type(answer).__name__}",
            hint="end with `return alpha, beta`.",
        )
    values = []
    for name, value in zip(("learning_rate", "inverse_temperature"), answer, strict=False):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating)):
            if isinstance(value, np.ndarray) and value.size == 1:
                value = value.item()
            else:
                raise CheckFailed(f"the {name} your function returns is {type(value).__name__}, not a number")
        value = float(value)
        if not math.isfinite(value):
            raise CheckFailed(
                f"the {name} your function returns is {value}",
                hint="a NaN or infinite estimate: does the optimiser start inside the bounds, "
                "and does your likelihood avoid log(0)?",
            )
        values.append(value)
    return values


def _compare_fit(got, reference, label):
    alpha, beta = got
    ref_alpha, ref_beta = reference
    if not 0.0 <= alpha <= 1.0:
        raise CheckFailed(
            f"{label}: the learning rate {alpha:.3g} lies outside [0, 1]",
            hint="did you return (inverse_temperature, learning_rate) in the wrong order? "
            "Bound alpha to [0, 1] in the search.",
        )
    if math.isclose(alpha, ref_beta, rel_tol=0.1) and math.isclose(beta, ref_alpha, rel_tol=0.1):
        raise CheckFailed(
            f"{label}: the two estimates are swapped", hint="return (learning_rate, inverse_temperature)."
        )
    for name, value, ref in (("learning rate", alpha, ref_alpha), ("inverse temperature", beta, ref_beta)):
        if not math.isclose(value, ref, rel_tol=0.1):
            direction = "too large" if value > ref else "too small"
            raise CheckFailed(
                f"{label}: the {name} is {direction} for the maximum of the likelihood",
                hint="check the model against the text: values start at 0, P(choice) is the softmax of "
                "beta * Q, only the chosen arm learns, and the likelihood uses Q BEFORE the trial's "
                "update. Then check that the optimiser converged (try several starting points).",
            )


@exercise(
    CHAPTER, "fit_learner", title="Exercise 5: discover the mystery subject's learning rate and temperature"
)
def fit_learner(student_function, *, seed):
    """Check ``student_function(choices, rewards) -> (learning_rate, inverse_temperature)``.

    The function is run on the student's own mystery subject and on a second subject drawn by
    the checker (its own hidden parameters); on both its estimates must be within 10 % of the
    maximum-likelihood estimates of the reference fit (which recover the hidden parameters
    within about 15 % with 1500 choices).
    """
    try:
        seed_text(seed)
    except TypeError:
        raise CheckFailed(
            f"`STUDENT_SEED` should be your student number (an integer), but it is {seed!r}",
            hint="set `STUDENT_SEED = 1234567` (your number) in the cell at the top and run it again.",
        ) from None
    _require_function(student_function, "fit_learner")
    for key, label in (
        ("mystery_subject", "for your mystery subject"),
        ("check_subject", "for a second subject"),
    ):
        subject, _ = _subject(key, seed)
        answer = student_function(subject.choices.copy(), subject.rewards.copy())
        got = _estimate_pair(answer, "`fit_learner`")
        reference = fit_choice_model(subject.choices, subject.rewards, n_arms=2)
        _compare_fit(got, (reference.learning_rate, reference.inverse_temperature), label)


# =========================================================================== exercise 6


def _softmax(h):
    e = np.exp(h - h.max())
    return e / e.sum()


def _reference_actor_critic(
    values,
    preferences,
    state,
    action,
    reward,
    next_state,
    terminal,
    alpha_critic,
    alpha_actor,
    gamma,
    *,
    actor="gradient",
    order="before",
    use_terminal=True,
):
    v = np.array(values, dtype=float)
    h = np.array(preferences, dtype=float)
    bootstrap = 0.0 if (terminal and use_terminal) else v[next_state]
    delta = reward + gamma * bootstrap - v[state]
    pi = _softmax(h[state])
    v[state] += alpha_critic * delta
    if order == "after":
        bootstrap = 0.0 if (terminal and use_terminal) else v[next_state]
        delta = reward + gamma * bootstrap - v[state]
    if actor == "gradient":
        indicator = np.zeros(h.shape[1])
        indicator[action] = 1.0
        h[state] += alpha_actor * delta * (indicator - pi)
    else:
        h[state, action] += alpha_actor * delta
    return v, h, delta


def _actor_critic_cases():
    rng = np.random.default_rng(909)
    cases = []
    for k in range(8):
        n_states = int(rng.integers(3, 8))
        n_actions = 2 if k < 5 else 3
        values = np.round(rng.uniform(-1.0, 1.0, n_states), 3)
        preferences = np.round(rng.normal(0.0, 1.0, (n_states, n_actions)), 3)
        state = int(rng.integers(n_states))
        terminal = k % 3 == 2
        next_state = int(rng.integers(n_states))
        action = int(rng.integers(n_actions))
        cases.append(
            (
                values,
                preferences,
                state,
                action,
                float(np.round(rng.normal(), 3)),
                next_state,
                terminal,
                float(rng.choice([0.1, 0.5])),
                float(rng.choice([0.2, 1.0])),
                float(rng.choice([0.9, 1.0])),
            )
        )
    return cases


_AC_CASES = _actor_critic_cases()
_AC_MISTAKES = (
    (
        dict(actor="simple"),
        "your actor changes only the chosen action's preference by alpha * delta",
        "that is the older actor of Sutton & Barto (1998); here use the policy-gradient actor: "
        "h[s] += alpha_actor * delta * (onehot(a) - pi(.|s)), "
        "which lowers the other actions' preferences too.",
    ),
    (
        dict(order="after"),
        "your actor uses a TD error computed after the critic's update",
        "compute delta once, from the values before the update, and give the same delta to critic and actor.",
    ),
    (
        dict(use_terminal=False),
        "at the end of an episode your target still includes V(next_state)",
        "when terminal is True there is no next state: the target is the reward alone.",
    ),
)


@exercise(CHAPTER, "actor_critic_update", title="Exercise 6: one step of actor-critic")
def actor_critic_update(student_function):
    """Check ``student_function(values, preferences, state, action, reward, next_state, terminal,
    alpha_critic, alpha_actor, gamma) -> (values, preferences, delta)``.

    Hidden cases: 3 to 7 states, 2 or 3 actions, terminal and non-terminal steps. Diagnosed:
    the older "chosen action only" actor, a delta recomputed after the critic's update, a
    terminal step that bootstraps, the wrong sign, missing gamma.
    """
    _require_function(student_function, "actor_critic_update")
    for case in _AC_CASES:
        call = (
            f"actor_critic_update(<{case[0].size} values>, <preferences {case[1].shape}>, "
            f"state={case[2]}, "
            f"action={case[3]}, reward={case[4]:g}, next_state={case[5]}, terminal={case[6]}, "
            f"alpha_critic={case[7]:g}, alpha_actor={case[8]:g}, gamma={case[9]:g})"
        )
        try:
            answer = student_function(*copy.deepcopy(case))
        except NotImplementedError:
            raise
        except Exception:
            check_function_cases(
                lambda *a: student_function(*a)[2],
                lambda *a: _reference_actor_critic(*a)[2],
                [case],
                name="actor_critic_update",
            )
            raise
        if not isinstance(answer, (tuple, list)) or len(answer) != 3:
            raise CheckFailed(
                f"`{call}` should return three things, (values, preferences, delta)",
                hint="end with `return values, preferences, delta`.",
            )
        try:
            got = [np.asarray(part, dtype=float) for part in answer]
        except (TypeError, ValueError):
            raise CheckFailed(f"`{call}` returned something that is not numbers") from None
        expected = _reference_actor_critic(*copy.deepcopy(case))
        same_shapes = all(g.shape == np.shape(e) for g, e in zip(got, expected, strict=False))
        if same_shapes and not all(np.allclose(g, e, atol=1e-9) for g, e in zip(got, expected, strict=False)):
            for kwargs, message, hint in _AC_MISTAKES:
                variant = _reference_actor_critic(*copy.deepcopy(case), **kwargs)
                if all(np.allclose(g, e, atol=1e-9) for g, e in zip(got, variant, strict=False)):
                    raise CheckFailed(message, hint=hint)
        compare_values(got[2], float(expected[2]), name=f"delta of {call}", rtol=1e-9, atol=1e-9)
        compare_values(got[0], expected[0], name=f"values of {call}", rtol=1e-9, atol=1e-9)
        compare_values(got[1], expected[1], name=f"preferences of {call}", rtol=1e-9, atol=1e-9)
