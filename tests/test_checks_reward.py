"""The chapter 04 checkers accept the reference, reject plausible wrong answers, and hide the answers."""

import numpy as np
import pytest
from scipy import optimize

from neurocourse import reward
from neurocourse.checks import SECRET_ENV, registered_exercises
from neurocourse.checks import reward as checks


def stub(*args, **kwargs):
    raise NotImplementedError("Exercise: write your code here")


def test_six_exercises_are_registered_in_order():
    assert registered_exercises("04_reward_learning") == [
        "rescorla_wagner_update",
        "epsilon_greedy_action",
        "td0_episode",
        "csc_trial",
        "fit_learner",
        "actor_critic_update",
    ]


@pytest.mark.parametrize(
    "name",
    ["rescorla_wagner_update", "epsilon_greedy_action", "td0_episode", "csc_trial", "actor_critic_update"],
)
def test_stubs_are_not_attempted_and_results_are_refused(name):
    checker = getattr(checks, name)
    assert checker(stub).status == "not attempted"
    result = checker(0.5)
    assert result.status == "failed" and "function itself" in result.message


# --------------------------------------------------------------------------- exercise 1


def reference_rw(v, present, lam, salience, learning_rate):
    v = np.array(v, dtype=float)
    present = np.asarray(present, dtype=bool)
    alpha = np.broadcast_to(np.asarray(salience, dtype=float), v.shape)
    v[present] += alpha[present] * learning_rate * (lam - v[present].sum())
    return v


def test_rw_accepts_the_reference(capsys):
    assert checks.rescorla_wagner_update(reference_rw).status == "passed"
    assert "passed" in capsys.readouterr().out


def _rw_own_error(v, present, lam, salience, learning_rate):
    v = np.array(v, dtype=float)
    present = np.asarray(present, dtype=bool)
    alpha = np.broadcast_to(np.asarray(salience, dtype=float), v.shape)
    v[present] += alpha[present] * learning_rate * (lam - v[present])
    return v


@pytest.mark.parametrize(
    "wrong, words",
    [
        (
            lambda v, p, lam, a, b: (
                np.asarray(v, float) + a * b * (lam - np.asarray(v, float)[np.asarray(p)].sum())
            ),
            "absent cues",
        ),
        (_rw_own_error, "own prediction error"),
        (lambda v, p, lam, a, b: reference_rw(v, p, lam, a, b) - np.asarray(v, float), "change"),
        (
            lambda v, p, lam, a, b: 2 * np.asarray(v, float) - reference_rw(v, p, lam, a, b),
            "away from lambda",
        ),
        (lambda v, p, lam, a, b: reference_rw(v, p, lam, a, 1.0), "beta"),
        (lambda v, p, lam, a, b: reference_rw(v, p, lam, 1.0, b), "salience"),
        (lambda v, p, lam, a, b: reference_rw(v, p, lam, a, b) + 1e-3, "rescorla_wagner_update("),
        (lambda v, p, lam, a, b: None, "None"),
        (lambda v, p, lam, a, b: reference_rw(v, p, lam, a, b)[0], "single number"),
    ],
)
def test_rw_rejects_plausible_wrong_answers(wrong, words, capsys):
    result = checks.rescorla_wagner_update(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message


def test_rw_mutating_in_place_is_fine_and_does_not_spoil_later_cases():
    def in_place(v, present, lam, salience, learning_rate):
        v += 0  # a student may update the array they were given
        v[:] = reference_rw(v, present, lam, salience, learning_rate)
        return v

    assert checks.rescorla_wagner_update(in_place).status == "passed"


# --------------------------------------------------------------------------- exercise 2


def reference_greedy(estimates, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(estimates)))
    return int(rng.choice(np.flatnonzero(estimates == estimates.max())))


def test_epsilon_greedy_accepts_the_reference_and_a_numpy_int():
    assert checks.epsilon_greedy_action(reference_greedy).status == "passed"

    def numpy_int(estimates, epsilon, rng):
        return np.int64(reference_greedy(estimates, epsilon, rng))

    assert checks.epsilon_greedy_action(numpy_int).status == "passed"


def _never_explores(estimates, epsilon, rng):
    return reference_greedy(estimates, 0.0, rng)


def _excludes_greedy(estimates, epsilon, rng):
    best = int(np.argmax(estimates))
    if rng.random() < epsilon:
        others = [a for a in range(len(estimates)) if a != best]
        return int(rng.choice(others))
    return int(rng.choice(np.flatnonzero(estimates == estimates.max())))


def _first_of_ties(estimates, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(estimates)))
    return int(np.argmax(estimates))


def _inverted(estimates, epsilon, rng):
    return reference_greedy(estimates, 1.0 - epsilon, rng)


@pytest.mark.parametrize(
    "wrong, words",
    [
        (_never_explores, "never explores"),
        (_excludes_greedy, "never picks the greedy arm"),
        (_first_of_ties, "first"),
        (_inverted, "1 - epsilon"),
        (lambda e, eps, rng: float(reference_greedy(e, eps, rng)), "int"),
        (lambda e, eps, rng: len(e), "only"),
        (lambda e, eps, rng: int(rng.integers(len(e))), "frequencies"),
    ],
)
def test_epsilon_greedy_rejects_plausible_wrong_answers(wrong, words):
    result = checks.epsilon_greedy_action(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message


# --------------------------------------------------------------------------- exercise 3


def reference_td0(values, states, rewards, alpha, gamma):
    v = np.array(values, dtype=float)
    for t in range(len(rewards)):
        v[states[t]] += alpha * (rewards[t] + gamma * v[states[t + 1]] - v[states[t]])
    return v


def test_td0_accepts_the_reference():
    assert checks.td0_episode(reference_td0).status == "passed"


def _td0_mc(values, states, rewards, alpha, gamma):
    v = np.array(values, dtype=float)
    returns = np.zeros(len(rewards))
    g = 0.0
    for t in range(len(rewards) - 1, -1, -1):
        g = rewards[t] + gamma * g
        returns[t] = g
    for t in range(len(rewards)):
        v[states[t]] += alpha * (returns[t] - v[states[t]])
    return v


def _td0_stale(values, states, rewards, alpha, gamma):
    old = np.array(values, dtype=float)
    v = old.copy()
    for t in range(len(rewards)):
        v[states[t]] += alpha * (rewards[t] + gamma * old[states[t + 1]] - old[states[t]])
    return v


def _td0_next(values, states, rewards, alpha, gamma):
    v = np.array(values, dtype=float)
    for t in range(len(rewards)):
        v[states[t + 1]] += alpha * (rewards[t] + gamma * v[states[t + 1]] - v[states[t]])
    return v


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda v, s, r, a, g: reference_td0(v, s, r, a, 1.0), "gamma"),
        (_td0_mc, "Monte Carlo"),
        (_td0_stale, "before the episode"),
        (_td0_next, "next state"),
        (
            lambda v, s, r, a, g: 2 * np.asarray(v, float) - reference_td0(v, s, r, a, g),
            "away from the target",
        ),
        (lambda v, s, r, a, g: reference_td0(v, s, np.r_[0.0, r[:-1]], a, g), "out of line"),
        (lambda v, s, r, a, g: reference_td0(v, s, r, a, g)[1:-1], "shape"),
    ],
)
def test_td0_rejects_plausible_wrong_answers(wrong, words):
    result = checks.td0_episode(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message


# --------------------------------------------------------------------------- exercise 4


def reference_csc(weights, r, cue, reward_step, n_steps, alpha, gamma, *, shift=1, end=True, discount=True):
    w = np.array(weights, dtype=float)
    deltas = np.zeros(n_steps)
    previous = 0.0
    g = gamma if discount else 1.0
    for t in range(n_steps):
        current = w[t - cue] if t >= cue else 0.0
        deltas[t] = (r if t == reward_step else 0.0) + g * current - previous
        if 0 <= t - shift - cue < w.size:
            w[t - shift - cue] += alpha * deltas[t]
        previous = current
    if end:
        w[-1] -= alpha * w[-1]
    return w, deltas


def test_csc_accepts_the_reference_and_agrees_with_the_library():
    assert checks.csc_trial(reference_csc).status == "passed"
    params = reward.DopamineParams()
    trained = reward.simulate_dopamine_td(params, 50)
    w = np.zeros(20)
    for trial in range(50):
        w, deltas = reference_csc(w, 1.0, 5, 20, 25, 0.1, 0.98)
        np.testing.assert_allclose(deltas, trained.prediction_errors[trial], atol=1e-12)
    np.testing.assert_allclose(w, trained.weights[-1], atol=1e-12)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(shift=0), "current step"),
        (dict(discount=False), "gamma"),
        (dict(end=False), "end of the trial"),
    ],
)
def test_csc_diagnoses_typical_mistakes(kwargs, words):
    result = checks.csc_trial(lambda *args: reference_csc(*args, **kwargs))
    assert result.status == "failed"
    assert words in result.message, result.message


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda *args: reference_csc(*args)[1], "two things"),
        (lambda *args: reference_csc(*args)[::-1], "deltas"),
        (lambda *args: (reference_csc(*args)[0], -reference_csc(*args)[1]), "sign"),
        (lambda *args: (reference_csc(*args)[0], reference_csc(*args)[1] * np.nan), "NaN"),
    ],
)
def test_csc_rejects_malformed_answers(wrong, words):
    result = checks.csc_trial(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message


# --------------------------------------------------------------------------- exercise 5


def reference_fit(choices, rewards):
    fit = reward.fit_choice_model(choices, rewards, n_arms=2)
    return fit.learning_rate, fit.inverse_temperature


def python_fit(choices, rewards):
    """A student's fit written from the text, with scipy: must agree with the library."""

    def negative(x):
        q = np.zeros(2)
        total = 0.0
        for c, r in zip(choices, rewards, strict=False):
            logits = x[1] * q
            total += logits[c] - logits.max() - np.log(np.exp(logits - logits.max()).sum())
            q[c] += x[0] * (r - q[c])
        return -total

    fits = [
        optimize.minimize(negative, s, method="L-BFGS-B", bounds=[(1e-3, 1), (1e-3, 50)])
        for s in ([0.2, 2.0], [0.5, 8.0])
    ]
    return tuple(min(fits, key=lambda f: f.fun).x)


@pytest.mark.slow  # pure-Python likelihood fits (about 5 s on an idle machine)
def test_fit_accepts_the_reference_and_a_plain_python_fit():
    assert checks.fit_learner(reference_fit, seed=2026).status == "passed"
    assert checks.fit_learner(python_fit, seed=123).status == "passed"


def _true_parameters(seed):
    return checks._hidden_parameters("mystery_subject", seed)


@pytest.mark.parametrize("seed", [1, 2, 3, 2026])
def test_the_reference_fit_recovers_the_hidden_parameters(seed):
    subject = checks.mystery_subject(seed)
    alpha, beta = reference_fit(subject.choices, subject.rewards)
    true_alpha, true_beta = _true_parameters(seed)
    assert alpha == pytest.approx(true_alpha, rel=0.3)
    assert beta == pytest.approx(true_beta, rel=0.3)


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda c, r: reference_fit(c, r)[::-1], "outside [0, 1]"),
        (
            lambda c, r: (reference_fit(c, r)[0], 1.3 * reference_fit(c, r)[1]),
            "inverse temperature is too large",
        ),
        (lambda c, r: (0.7 * reference_fit(c, r)[0], reference_fit(c, r)[1]), "learning rate is too small"),
        (lambda c, r: (0.3, 5.0), "too"),
        (lambda c, r: (np.nan, 5.0), "nan"),
        (lambda c, r: 0.3, "two numbers"),
        (lambda c, r: ("a", "b"), "not a number"),
    ],
)
def test_fit_rejects_wrong_estimates(wrong, words):
    result = checks.fit_learner(wrong, seed=2026)
    assert result.status == "failed"
    assert words in result.message, result.message


@pytest.mark.slow  # pure-Python likelihood fits (about 5 s on an idle machine)
def test_fit_with_values_starting_at_one_half_is_diagnosed():
    def half_start(choices, rewards):
        def negative(x):
            q = np.full(2, 0.5)
            total = 0.0
            for c, r in zip(choices, rewards, strict=False):
                logits = x[1] * q
                total += logits[c] - np.log(np.exp(logits).sum())
                q[c] += x[0] * (r - q[c])
            return -total

        return tuple(
            optimize.minimize(negative, [0.3, 5.0], method="L-BFGS-B", bounds=[(1e-3, 1), (1e-3, 50)]).x
        )

    result = checks.fit_learner(half_start, seed=77)
    # close to the truth but not the model asked for: accepted only if within 10 % of the reference
    reference = reference_fit(checks.mystery_subject(77).choices, checks.mystery_subject(77).rewards)
    got = half_start(checks.mystery_subject(77).choices, checks.mystery_subject(77).rewards)
    within = all(abs(g / r - 1) < 0.1 for g, r in zip(got, reference, strict=False))
    assert (result.status == "passed") == within


def test_mystery_subjects_are_reproducible_per_seed_and_hide_their_parameters(monkeypatch):
    a, b, c = checks.mystery_subject(2026), checks.mystery_subject(2026), checks.mystery_subject(7)
    np.testing.assert_array_equal(a.choices, b.choices)
    assert not np.array_equal(a.choices, c.choices)
    assert a.n_trials == checks.MYSTERY_TRIALS and set(np.unique(a.choices)) == {0, 1}
    hidden = ("learning_rate", "inverse_temperature", "alpha", "beta", "params")
    assert not any(hasattr(a, name) for name in hidden)
    with pytest.raises(AttributeError):
        a.choices = np.zeros(3)
    with pytest.raises(ValueError):
        a.choices[0] = 1
    # the hidden values come from the course secret: another secret, another subject
    monkeypatch.setenv(SECRET_ENV, "a-real-course-secret")
    graded = checks.mystery_subject(2026)
    assert not np.array_equal(graded.choices, a.choices)
    assert _true_parameters(2026) != checks._hidden_parameters("check_subject", 2026)


def test_fit_explains_a_bad_seed():
    result = checks.fit_learner(reference_fit, seed=None)
    assert result.status == "failed" and "STUDENT_SEED" in result.message
    assert checks.fit_learner(stub, seed=1).status == "not attempted"


# --------------------------------------------------------------------------- exercise 6


def reference_ac(values, preferences, state, action, r, next_state, terminal, alpha_c, alpha_a, gamma):
    v = np.array(values, dtype=float)
    h = np.array(preferences, dtype=float)
    delta = r + (0.0 if terminal else gamma * v[next_state]) - v[state]
    pi = np.exp(h[state] - h[state].max())
    pi /= pi.sum()
    v[state] += alpha_c * delta
    onehot = np.eye(h.shape[1])[action]
    h[state] += alpha_a * delta * (onehot - pi)
    return v, h, delta


def test_actor_critic_accepts_the_reference():
    assert checks.actor_critic_update(reference_ac).status == "passed"


def _simple_actor(values, preferences, state, action, r, next_state, terminal, alpha_c, alpha_a, gamma):
    v, _, delta = reference_ac(
        values, preferences, state, action, r, next_state, terminal, alpha_c, alpha_a, gamma
    )
    h = np.array(preferences, dtype=float)
    h[state, action] += alpha_a * delta
    return v, h, delta


def _late_delta(values, preferences, state, action, r, next_state, terminal, alpha_c, alpha_a, gamma):
    v, _, delta = reference_ac(
        values, preferences, state, action, r, next_state, terminal, alpha_c, alpha_a, gamma
    )
    late = r + (0.0 if terminal else gamma * v[next_state]) - v[state]
    h = np.array(preferences, dtype=float)
    pi = np.exp(h[state]) / np.exp(h[state]).sum()
    h[state] += alpha_a * late * (np.eye(h.shape[1])[action] - pi)
    return v, h, late


def _ignores_terminal(values, preferences, state, action, r, next_state, terminal, alpha_c, alpha_a, gamma):
    return reference_ac(values, preferences, state, action, r, next_state, False, alpha_c, alpha_a, gamma)


@pytest.mark.parametrize(
    "wrong, words",
    [
        (_simple_actor, "only the chosen action"),
        (_late_delta, "after the critic"),
        (_ignores_terminal, "terminal"),
        (lambda *a: reference_ac(*a)[:2], "three things"),
        (lambda *a: (reference_ac(*a)[0], reference_ac(*a)[1], -reference_ac(*a)[2]), "delta of"),
        (lambda *a: reference_ac(*a[:-1], 1.0), "actor_critic_update("),
    ],
)
def test_actor_critic_rejects_plausible_wrong_answers(wrong, words):
    result = checks.actor_critic_update(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message


def test_checkers_never_print_the_reference_values(capsys):
    checks.actor_critic_update(lambda *a: (*reference_ac(*a)[:2], reference_ac(*a)[2] + 0.01))
    checks.td0_episode(lambda *a: reference_td0(*a) + 0.01)
    out = capsys.readouterr().out
    assert "failed" not in out and "❌" in out
    delta = reference_ac(*checks._AC_CASES[0])[2]
    values = reference_td0(*checks._TD0_CASES[0])
    for number in (delta, *values[1:-1]):
        assert f"{number:.4f}" not in out
