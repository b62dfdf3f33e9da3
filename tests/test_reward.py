"""neurocourse.reward: published results with stated tolerances, closed forms, validation.

Sources: Rescorla & Wagner (1972) and Kamin's blocking design; Sutton & Barto (2018),
Figure 2.2 (10-armed testbed), Example 6.2 / Figure 6.2 (random walk), Figure 7.2 (n-step TD on
the 19-state walk); Schultz, Dayan & Montague (1997) (TD model of dopamine); Dabney et al.
(2020) (distributional TD: reversal points at expectiles).
"""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurocourse import reward

# ----------------------------------------------------------------------------- Rescorla-Wagner


def _final(*phases, salience=0.2, cues=None):
    return reward.simulate_rescorla_wagner(
        reward.conditioning_schedule(*phases, cues=cues), salience=salience
    ).final


def test_blocking_and_its_control():
    # Issue 11: 50 A+ then 50 AX+ (alpha 0.2, lambda 1): V_X < 1e-4; control 50 C+ then 50 AX+: V_X = 0.5.
    blocked = _final(("A+", 50), ("AX+", 50), cues="ACX")
    control = _final(("C+", 50), ("AX+", 50), cues="ACX")
    assert 0.0 < blocked["X"] < 1e-4
    # closed form: the first AX+ trial leaves 0.8**50 of error; the compound then closes it
    assert blocked["X"] == pytest.approx(0.5 * 0.8**50, rel=1e-3)
    assert control["X"] == pytest.approx(0.5, abs=1e-9)
    assert control["A"] == pytest.approx(0.5, abs=1e-9)


def test_acquisition_and_extinction_follow_the_geometric_curve():
    schedule = reward.conditioning_schedule(("A+", 30), ("A-", 30))
    result = reward.simulate_rescorla_wagner(schedule, salience=0.2)
    n = np.arange(31)
    np.testing.assert_allclose(result.strength("A")[:31], 1 - 0.8**n, rtol=1e-12)
    np.testing.assert_allclose(result.strength("A")[30:], (1 - 0.8**30) * 0.8**n, rtol=1e-12)
    np.testing.assert_allclose(result.prediction_errors[:30], 0.8 ** np.arange(30), rtol=1e-12)


@pytest.mark.parametrize("alpha_a, alpha_x", [(0.3, 0.1), (0.2, 0.05), (0.5, 0.25)])
def test_overshadowing_splits_in_the_ratio_of_the_saliences(alpha_a, alpha_x):
    final = _final(("AX+", 300), salience=[alpha_a, alpha_x])
    assert final["A"] / final["X"] == pytest.approx(alpha_a / alpha_x, rel=1e-9)
    assert final["A"] + final["X"] == pytest.approx(1.0, abs=1e-9)


def test_conditioned_inhibition_drives_x_to_minus_lambda():
    final = _final(("A+", 50), ("A+/AX-", 400))
    assert final["A"] == pytest.approx(1.0, abs=1e-4)
    assert final["X"] == pytest.approx(-1.0, abs=1e-4)


def test_learning_rate_and_matrix_input():
    cues = np.array([[1, 0], [1, 1], [0, 1]], dtype=bool)
    result = reward.simulate_rescorla_wagner(
        cues, [1.0, 1.0, 0.0], salience=[0.5, 0.25], learning_rate=0.5, cue_names=["L", "T"]
    )
    v = np.zeros(2)
    for present, lam in zip(cues, [1.0, 1.0, 0.0], strict=False):
        v = v + present * np.array([0.5, 0.25]) * 0.5 * (lam - v[present].sum())
    np.testing.assert_allclose(result.strengths[:, -1], v)
    assert result.cue_names == ("L", "T")
    with pytest.raises(ValueError):
        result.strengths[0, 0] = 1.0


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: reward.conditioning_schedule(), "at least one phase"),
        (lambda: reward.conditioning_schedule(("Ax+", 5)), "capital cue letters"),
        (lambda: reward.conditioning_schedule(("A", 5)), "capital cue letters"),
        (lambda: reward.conditioning_schedule(("A+", 0)), "number of trials"),
        (lambda: reward.conditioning_schedule(("AX+", 5), cues="A"), "lacks the cue"),
        (lambda: reward.conditioning_schedule("A+"), "pair"),
        (
            lambda: reward.simulate_rescorla_wagner(reward.conditioning_schedule(("A+", 5)), salience=0.0),
            "salience",
        ),
        (
            lambda: reward.simulate_rescorla_wagner(
                reward.conditioning_schedule(("AX+", 5)), salience=[0.1, 0.2, 0.3]
            ),
            "one per cue",
        ),
        (
            lambda: reward.simulate_rescorla_wagner(
                reward.conditioning_schedule(("A+", 5)), learning_rate=2.0
            ),
            "learning_rate",
        ),
        (lambda: reward.simulate_rescorla_wagner([[1, 0]], None), "rewards"),
        (lambda: reward.simulate_rescorla_wagner([[2, 0]], [1.0]), "cue presence"),
        (
            lambda: reward.simulate_rescorla_wagner(reward.conditioning_schedule(("A+", 5)), [1.0] * 5),
            "schedule",
        ),
    ],
)
def test_conditioning_validation(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ----------------------------------------------------------------------------- bandits


@pytest.fixture(scope="module")
def testbed_runs():
    q_true = reward.make_testbed(2000, rng=11)
    return {
        eps: reward.run_bandit(reward.BanditParams(epsilon=eps), q_true, n_steps=1000, rng=12)
        for eps in (0.0, 0.1)
    }


def test_testbed_epsilon_greedy_matches_sutton_barto_figure_2_2(testbed_runs):
    # Sutton & Barto (2018) Fig. 2.2, 2000 runs x 1000 steps: eps = 0.1 reaches about 1.37 average
    # reward and about 80 % optimal actions over the last 100 steps; greedy about 1.0 and a third.
    eps01 = testbed_runs[0.1]
    assert eps01.average_reward[-100:].mean() == pytest.approx(1.37, abs=0.04)
    assert eps01.optimal_fraction[-100:].mean() == pytest.approx(0.80, abs=0.03)
    greedy = testbed_runs[0.0]
    assert greedy.average_reward[-100:].mean() == pytest.approx(1.0, abs=0.06)
    assert greedy.optimal_fraction[-100:].mean() == pytest.approx(0.36, abs=0.04)
    # the first step is a random arm: mean reward 0, optimal 1 in 10
    assert eps01.average_reward[0] == pytest.approx(0.0, abs=0.07)
    assert eps01.optimal_fraction[0] == pytest.approx(0.1, abs=0.025)


def test_epsilon_greedy_asymptote_is_one_minus_eps_plus_eps_over_k():
    # With the best arm far ahead, the optimal fraction tends to 1 - eps + eps / k.
    q_true = np.tile(np.r_[3.0, np.zeros(9)], (2000, 1))
    for eps in (0.1, 0.3):
        result = reward.run_bandit(reward.BanditParams(epsilon=eps), q_true, n_steps=1000, rng=1)
        assert result.optimal_fraction[-500:].mean() == pytest.approx(1 - eps + eps / 10, abs=0.003)


def test_other_agents_beat_epsilon_greedy_as_in_the_book():
    q_true = reward.make_testbed(1000, rng=3)
    last = {}
    for name, params in {
        "eps": reward.BanditParams(epsilon=0.1),
        "optimistic": reward.BanditParams(epsilon=0.0, initial_value=5.0, step_size=0.1),
        "ucb": reward.BanditParams(method="ucb", epsilon=0.0, ucb_c=2.0),
        "gradient": reward.BanditParams(method="gradient", step_size=0.1),
    }.items():
        result = reward.run_bandit(params, q_true, n_steps=1000, rng=4)
        last[name] = (result.average_reward[-200:].mean(), result.optimal_fraction[-200:].mean())
    # Fig. 2.3: optimistic greedy ends above eps-greedy in optimal actions; Fig. 2.4: UCB above in reward.
    assert last["optimistic"][1] > last["eps"][1] + 0.02
    assert last["ucb"][0] > last["eps"][0]
    assert last["gradient"][1] > last["eps"][1]


@pytest.mark.parametrize(
    "params",
    [
        reward.BanditParams(method="ucb", epsilon=0.0, ucb_c=2.0),
        reward.BanditParams(method="softmax", temperature=0.3),
        reward.BanditParams(method="gradient", step_size=0.1),
        reward.BanditParams(method="gradient", step_size=0.1, baseline=False),
    ],
    ids=["ucb", "softmax", "gradient", "gradient-no-baseline"],
)
def test_every_bandit_method_learns_on_a_small_testbed(params):
    """Each method's branch of the kernel, small enough to run interpreted (kernel coverage).

    200 runs x 300 steps on Sutton & Barto's testbed: every method ends choosing the best arm
    far more often than chance (10 %) -- a loose bound; the book's figures are held above.
    """
    q_true = reward.make_testbed(200, rng=8)
    result = reward.run_bandit(params, q_true, n_steps=300, rng=9)
    assert result.optimal_fraction[-50:].mean() > 0.4
    assert np.all(np.isfinite(result.estimates))
    if params.method == "ucb":  # untried arms first: the first ten steps try every arm once
        assert np.all(np.sort(result.actions[:, :10], axis=1) == np.arange(10))


def test_gradient_bandit_needs_its_baseline_when_values_are_shifted():
    # Fig. 2.5: q* ~ N(4, 1); without the baseline the gradient bandit does much worse.
    q_true = reward.make_testbed(1000, mean=4.0, rng=5)
    with_baseline = reward.run_bandit(
        reward.BanditParams(method="gradient", step_size=0.1), q_true, n_steps=1000, rng=6
    )
    without = reward.run_bandit(
        reward.BanditParams(method="gradient", step_size=0.1, baseline=False), q_true, n_steps=1000, rng=6
    )
    assert with_baseline.optimal_fraction[-100:].mean() > 0.75
    assert without.optimal_fraction[-100:].mean() < 0.6


def test_bandit_kernel_against_a_plain_numpy_implementation():
    # The same random numbers through a plain vectorised numpy epsilon-greedy agent.
    rng = np.random.default_rng(8)
    q_true = rng.normal(size=(50, 5))
    n_steps = 300
    result = reward.run_bandit(reward.BanditParams(epsilon=0.2), q_true, n_steps=n_steps, rng=9)
    draws = np.random.default_rng(9)
    noise = draws.standard_normal((50, n_steps))
    u_explore = draws.random((50, n_steps))
    u_choice = draws.random((50, n_steps))
    q = np.zeros((50, 5))
    n = np.zeros((50, 5))
    rows = np.arange(50)
    for t in range(n_steps):
        is_max = q == q.max(axis=1, keepdims=True)
        count = is_max.sum(axis=1)
        pick = np.minimum((u_choice[:, t] * count).astype(int), count - 1)
        greedy = np.array([np.flatnonzero(row)[k] for row, k in zip(is_max, pick, strict=False)])
        explore = np.minimum((u_choice[:, t] * 5).astype(int), 4)
        action = np.where(u_explore[:, t] < 0.2, explore, greedy)
        r = q_true[rows, action] + noise[:, t]
        n[rows, action] += 1
        q[rows, action] += (r - q[rows, action]) / n[rows, action]
        np.testing.assert_array_equal(result.actions[:, t], action)
        np.testing.assert_allclose(result.rewards[:, t], r)
    np.testing.assert_allclose(result.estimates, q)


def test_bandit_is_reproducible_and_validated():
    q_true = reward.make_testbed(20, rng=1)
    a = reward.run_bandit(reward.BanditParams(), q_true, n_steps=50, rng=2)
    b = reward.run_bandit(reward.BanditParams(), q_true, n_steps=50, rng=2)
    np.testing.assert_array_equal(a.rewards, b.rewards)
    with pytest.raises(ValueError, match="method"):
        reward.BanditParams(method="greedy")
    with pytest.raises(ValueError, match="epsilon"):
        reward.BanditParams(epsilon=1.5)
    with pytest.raises(ValueError, match="step_size"):
        reward.BanditParams(step_size=0.0)
    with pytest.raises(ValueError, match="temperature"):
        reward.BanditParams(temperature=0.0)
    with pytest.raises(TypeError, match="baseline"):
        reward.BanditParams(baseline=1)
    with pytest.raises(TypeError):
        reward.BanditParams(0.1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        reward.BanditParams().epsilon = 0.2
    with pytest.raises(TypeError, match="BanditParams"):
        reward.run_bandit({"epsilon": 0.1}, q_true, n_steps=5)
    with pytest.raises(ValueError, match="arms"):
        reward.run_bandit(reward.BanditParams(), np.zeros((3, 1)), n_steps=5)
    with pytest.raises(ValueError, match="n_steps"):
        reward.run_bandit(reward.BanditParams(), q_true, n_steps=0)
    with pytest.raises(ValueError, match="memory"):
        reward.run_bandit(reward.BanditParams(), q_true, n_steps=10**8)
    with pytest.raises(TypeError, match="rng must be"):
        reward.make_testbed(5, rng="abc")


# ----------------------------------------------------------------------------- TD prediction


@pytest.fixture(scope="module")
def walk_errors():
    walk = reward.RandomWalkParams()
    episodes = reward.random_walk_episodes(walk, 100 * 100, rng=21)
    return {
        (method, alpha): reward.run_td_prediction(walk, method=method, alpha=alpha, episodes=episodes)
        for method, alpha in [
            ("td0", 0.05),
            ("td0", 0.1),
            ("td0", 0.15),
            ("mc", 0.01),
            ("mc", 0.02),
            ("mc", 0.03),
            ("mc", 0.04),
        ]
    }


def test_random_walk_true_values_and_initial_error():
    walk = reward.RandomWalkParams()
    np.testing.assert_allclose(walk.true_values, np.arange(1, 6) / 6)
    np.testing.assert_allclose(
        reward.RandomWalkParams(n_states=19, left_reward=-1.0).true_values, np.arange(-18, 19, 2) / 20
    )
    result = reward.run_td_prediction(walk, alpha=0.1, n_runs=2, n_episodes=1, rng=0)
    assert result.rms_error[0, 0] == pytest.approx(np.sqrt(np.mean((0.5 - np.arange(1, 6) / 6) ** 2)))


def test_random_walk_rms_curves_match_sutton_barto_figure_6_2(walk_errors):
    # Fig. 6.2 (right), 100 runs: after 100 episodes TD(0) with alpha = 0.05, 0.1, 0.15 sits near
    # 0.04, 0.06, 0.08 and constant-alpha MC with alpha = 0.01 ... 0.04 near 0.08 - 0.12 (read off
    # the figure, +- 0.02); every TD curve ends below every MC curve.
    final = {key: result.mean_rms_error[100] for key, result in walk_errors.items()}
    for alpha, expected in ((0.05, 0.04), (0.1, 0.06), (0.15, 0.08)):
        assert final[("td0", alpha)] == pytest.approx(expected, abs=0.02)
    for alpha in (0.01, 0.02, 0.03, 0.04):
        assert 0.07 <= final[("mc", alpha)] <= 0.13
    worst_td = max(v for (m, _), v in final.items() if m == "td0")
    assert worst_td < min(v for (m, _), v in final.items() if m == "mc")
    # the largest TD step size first falls below its final error, then rises (the book's dip)
    td15 = walk_errors[("td0", 0.15)].mean_rms_error
    assert td15[10:40].min() < td15[100] - 0.005


def test_td0_after_one_episode_changes_only_the_last_state():
    # Fig. 6.2 (left): from V = 0.5, only the state next to the terminal moves in episode 1.
    walk = reward.RandomWalkParams()
    episodes = reward.random_walk_episodes(walk, 1, rng=3)
    result = reward.run_td_prediction(walk, alpha=0.1, n_runs=1, n_episodes=1, episodes=episodes)
    last_state = episodes.episode(0)[-2]
    final_reward = 1.0 if episodes.episode(0)[-1] == 6 else 0.0
    expected = np.full(5, 0.5)
    expected[last_state - 1] = 0.5 + 0.1 * (final_reward - 0.5)
    np.testing.assert_allclose(result.values[0, 1], expected)


def test_nstep_td_on_the_19_state_walk_as_in_figure_7_2():
    # Fig. 7.2: average RMS error over the first 10 episodes and 100 runs; the best (n, alpha) is
    # an intermediate n (4 in the book) with an error of about 0.25-0.3; n = 1 is worse (> 0.33).
    walk = reward.RandomWalkParams(n_states=19, left_reward=-1.0)
    episodes = reward.random_walk_episodes(walk, 100 * 10, rng=4)
    best = {}
    for n in (1, 4, 16):
        best[n] = min(
            reward.run_td_prediction(
                walk, method="nstep", n=n, alpha=alpha, n_runs=100, n_episodes=10, episodes=episodes
            )
            .rms_error[:, 1:]
            .mean()
            for alpha in np.linspace(0.1, 1.0, 10)
        )
    assert 0.24 <= best[4] <= 0.30
    assert best[1] > best[4] + 0.04
    assert best[16] > best[4]


def test_td_lambda_zero_equals_td0_and_lambda_return_one_equals_monte_carlo():
    walk = reward.RandomWalkParams(n_states=7)
    episodes = reward.random_walk_episodes(walk, 30, rng=5)
    kwargs = dict(alpha=0.1, n_runs=3, n_episodes=10, episodes=episodes)
    td0 = reward.run_td_prediction(walk, method="td0", **kwargs)
    np.testing.assert_allclose(
        reward.run_td_prediction(walk, method="td_lambda", lam=0.0, **kwargs).values, td0.values, atol=1e-12
    )
    # the off-line lambda-return with lambda = 0: one-step targets from the values the episode started with
    offline = reward.run_td_prediction(walk, method="lambda_return", lam=0.0, **kwargs).values
    v = np.full(9, 0.5)
    v[[0, 8]] = 0.0
    for k in range(10):
        states = episodes.episode(k)
        start = v.copy()
        for t in range(states.size - 1):
            r = 1.0 if states[t + 1] == 8 else 0.0
            v[states[t]] += 0.1 * (r + start[states[t + 1]] - v[states[t]])
    np.testing.assert_allclose(offline[0, -1], v[1:8], atol=1e-12)
    mc = reward.run_td_prediction(walk, method="mc", **kwargs)
    offline_mc = reward.run_td_prediction(walk, method="lambda_return", lam=1.0, **kwargs).values
    np.testing.assert_allclose(offline_mc, mc.values, atol=1e-12)
    np.testing.assert_allclose(
        reward.run_td_prediction(walk, method="nstep", n=1000, **kwargs).values, mc.values, atol=1e-12
    )


def test_monte_carlo_every_visit_update_by_hand():
    walk = reward.RandomWalkParams()
    episodes = reward.random_walk_episodes(walk, 1, rng=7)
    states = episodes.episode(0)
    g = 1.0 if states[-1] == 6 else 0.0
    v = np.full(7, 0.5)
    for s in states[:-1]:
        v[s] += 0.2 * (g - v[s])
    result = reward.run_td_prediction(walk, method="mc", alpha=0.2, n_runs=1, n_episodes=1, episodes=episodes)
    np.testing.assert_allclose(result.values[0, 1], v[1:6])


def test_episodes_and_prediction_validation():
    walk = reward.RandomWalkParams()
    episodes = reward.random_walk_episodes(walk, 50, rng=1)
    for k in range(50):
        path = episodes.episode(k)
        assert path[0] == 3 and path[-1] in (0, 6)
        assert np.all(np.abs(np.diff(path)) == 1)
        assert np.all((path[:-1] >= 1) & (path[:-1] <= 5))
    with pytest.raises(ValueError, match="odd"):
        reward.RandomWalkParams(n_states=4)
    with pytest.raises(ValueError, match="method"):
        reward.run_td_prediction(walk, method="sarsa", alpha=0.1)
    with pytest.raises(ValueError, match="alpha"):
        reward.run_td_prediction(walk, alpha=0.0)
    with pytest.raises(ValueError, match="lam"):
        reward.run_td_prediction(walk, method="td_lambda", lam=1.5, alpha=0.1)
    with pytest.raises(ValueError, match="episodes holds"):
        reward.run_td_prediction(walk, alpha=0.1, n_runs=2, n_episodes=50, episodes=episodes)
    with pytest.raises(ValueError, match="same random walk"):
        reward.run_td_prediction(reward.RandomWalkParams(n_states=7), alpha=0.1, episodes=episodes)
    with pytest.raises(TypeError, match="RandomWalkParams"):
        reward.random_walk_episodes(5, 10)


# ----------------------------------------------------------------------------- dopamine


def test_dopamine_model_schultz_dayan_montague():
    # Issue 11 (Schultz, Dayan & Montague 1997): 25 steps, cue at 5, reward entering step 20,
    # alpha 0.1: trial 1 error +1 at the reward; asymptote gamma**15 at the cue and 0 at the
    # reward; omission -1 at the expected reward time.
    for gamma in (0.98, 1.0, 0.9):
        params = reward.DopamineParams(gamma=gamma)
        result = reward.simulate_dopamine_td(params, 3000)
        first = result.prediction_errors[0]
        assert first[20] == 1.0 and np.count_nonzero(first) == 1
        last = result.prediction_errors[-1]
        assert last[5] == pytest.approx(gamma**15, abs=1e-6)
        assert abs(last[20]) < 1e-6
        assert np.abs(np.delete(last, 5)).max() < 1e-6
        np.testing.assert_allclose(result.values[-1, 5:20], gamma ** (19 - np.arange(5, 20)), atol=1e-6)
        omitted = reward.simulate_dopamine_td(params, 1, rewards=[0.0], weights_init=result.weights[-1])
        assert omitted.prediction_errors[0, 20] == pytest.approx(-1.0, abs=1e-6)
        assert omitted.prediction_errors[0, 5] == pytest.approx(gamma**15, abs=1e-6)


def test_dopamine_error_moves_backwards_one_step_at_a_time():
    result = reward.simulate_dopamine_td(reward.DopamineParams(), 400)
    # trial 2: the step before the reward has learned alpha, so delta(19) = gamma * 0.1
    assert result.prediction_errors[1, 19] == pytest.approx(0.98 * 0.1)
    assert result.prediction_errors[1, 20] == pytest.approx(0.9)
    # the earliest nonzero error reaches step 20 - k no sooner than trial k + 1
    for k in range(1, 15):
        first_trial = np.argmax(np.abs(result.prediction_errors[:, 20 - k]) > 0)
        assert first_trial == k


def test_dopamine_validation():
    with pytest.raises(ValueError, match="reward_step"):
        reward.DopamineParams(reward_step=5)
    with pytest.raises(ValueError, match="cue_step"):
        reward.DopamineParams(cue_step=0)
    with pytest.raises(ValueError, match="gamma"):
        reward.DopamineParams(gamma=0.0)
    with pytest.raises(ValueError, match="rewards"):
        reward.simulate_dopamine_td(reward.DopamineParams(), 3, rewards=[1.0])
    with pytest.raises(ValueError, match="weights_init"):
        reward.simulate_dopamine_td(reward.DopamineParams(), 3, weights_init=np.zeros(3))
    with pytest.raises(TypeError, match="DopamineParams"):
        reward.simulate_dopamine_td(None, 3)


# ----------------------------------------------------------------------------- control


def test_actor_critic_and_q_learning_learn_the_track():
    track = reward.TrackParams()
    ac = reward.run_actor_critic(track, n_episodes=200, n_runs=100, rng=1)
    ql = reward.run_q_learning(track, n_episodes=200, n_runs=100, epsilon=0.1, rng=1)
    # a random walk from the middle of 7 states takes 16 steps on average (4 * 4); the shortest path 4
    assert ac.episode_lengths[:, 0].mean() == pytest.approx(16.0, rel=0.25)
    assert ac.episode_lengths[:, -20:].mean() < 5.5
    assert ql.episode_lengths[:, -20:].mean() < 5.0
    assert np.all(ac.p_right.mean(axis=0)[3:] > 0.85)
    # Q-learning is off-policy: its values near the goal reach the optimal gamma ** (steps - 1)
    np.testing.assert_allclose(ql.values.mean(axis=0)[-3:], [0.81, 0.9, 1.0], atol=0.02)
    assert ac.values.mean(axis=0)[-1] == pytest.approx(1.0, abs=0.05)


def test_track_step_and_validation():
    track = reward.TrackParams(step_cost=0.1)
    assert track.step(6, 1) == (-1, 1.0, True)
    assert track.step(0, 0) == (-1, 0.0, True)
    assert track.step(3, 1) == (4, -0.1, False)
    with pytest.raises(ValueError, match="odd"):
        reward.TrackParams(n_states=6)
    with pytest.raises(ValueError, match="action"):
        track.step(3, 2)
    with pytest.raises(ValueError, match="critic_step_size"):
        reward.run_actor_critic(track, n_episodes=5, critic_step_size=0.0)
    with pytest.raises(ValueError, match="epsilon"):
        reward.run_q_learning(track, n_episodes=5, epsilon=-0.1)
    with pytest.raises(ValueError, match="memory"):
        reward.run_q_learning(track, n_episodes=10**6, n_runs=1000)


# ----------------------------------------------------------------------------- fitting choices


def test_likelihood_fit_recovers_the_generating_parameters():
    # 1000 choices per subject in a reversal task (0.8 / 0.2, reversals every 50 trials): the
    # maximum-likelihood estimates lie within 35 % of the generating values for each of eight
    # subjects, and within 12 % on average (the spread a 1000-trial fit has; Wilson & Collins 2019).
    task = reward.reversal_task(1000)
    errors = []
    for seed, (alpha, beta) in enumerate(
        [(0.1, 3.0), (0.2, 8.0), (0.3, 5.0), (0.5, 4.0), (0.6, 9.0), (0.15, 6.0), (0.4, 2.5), (0.25, 10.0)]
    ):
        data = reward.run_choice_task(task, learning_rate=alpha, inverse_temperature=beta, rng=seed)
        fit = reward.fit_choice_model(data.choices, data.rewards)
        errors.append((fit.learning_rate / alpha - 1, fit.inverse_temperature / beta - 1))
        assert (
            fit.log_likelihood
            >= reward.choice_log_likelihood(
                data.choices, data.rewards, learning_rate=alpha, inverse_temperature=beta
            )
            - 1e-6
        )
    errors = np.abs(errors)
    assert errors.max() < 0.35
    assert errors.mean() < 0.12


def test_log_likelihood_closed_forms():
    choices = np.array([0, 1, 1, 0])
    rewards = np.array([1.0, 0.0, 1.0, 1.0])
    # beta = 0: every choice has probability 1/2
    assert reward.choice_log_likelihood(
        choices, rewards, learning_rate=0.3, inverse_temperature=0.0
    ) == pytest.approx(4 * np.log(0.5))
    # by hand with alpha = 0.5, beta = 2
    q = np.zeros(2)
    total = 0.0
    for c, r in zip(choices, rewards, strict=False):
        p = np.exp(2 * q) / np.exp(2 * q).sum()
        total += np.log(p[c])
        q[c] += 0.5 * (r - q[c])
    assert reward.choice_log_likelihood(
        choices, rewards, learning_rate=0.5, inverse_temperature=2.0
    ) == pytest.approx(total)


def test_choice_validation():
    with pytest.raises(ValueError, match="arm indices"):
        reward.choice_log_likelihood([0, 2], [1, 0], learning_rate=0.1, inverse_temperature=1.0, n_arms=2)
    with pytest.raises(ValueError, match="rewards"):
        reward.choice_log_likelihood([0, 1], [1.0], learning_rate=0.1, inverse_temperature=1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        reward.run_choice_task(reward.reversal_task(10), learning_rate=1.5, inverse_temperature=1.0)
    with pytest.raises(ValueError, match="reward_probabilities"):
        reward.run_choice_task([[0.5, 1.5]], learning_rate=0.1, inverse_temperature=1.0)
    task = reward.reversal_task(120, block_length=50)
    np.testing.assert_array_equal(task[[0, 49, 50, 99, 100], 0], [0.8, 0.8, 0.2, 0.2, 0.8])


# ----------------------------------------------------------------------------- distributional TD


def test_distributional_td_reversal_points_are_the_expectiles():
    # Dabney et al. (2020): a predictor with asymmetry tau settles at the tau-expectile.
    magnitudes = np.array(reward.DABNEY_MAGNITUDES)
    rng = np.random.default_rng(3)
    rewards = rng.choice(magnitudes, size=40000)
    taus = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    result = reward.run_distributional_td(rewards, asymmetries=taus, learning_rate=0.005)
    settled = result.values[:, -20000:].mean(axis=1)
    expected = reward.expectiles(magnitudes, taus)
    np.testing.assert_allclose(settled, expected, rtol=0.05)
    assert expected[2] == pytest.approx(magnitudes.mean(), rel=1e-9)  # tau = 1/2: the mean
    assert np.all(np.diff(result.reversal_points) > 0)  # optimists above pessimists


def test_expectiles_of_a_two_point_distribution():
    # X in {0, 1} with P = 1/2: tau E[(X - e)+] = (1 - tau) E[(e - X)+] gives e = tau.
    np.testing.assert_allclose(reward.expectiles([0.0, 1.0], [0.2, 0.5, 0.8]), [0.2, 0.5, 0.8], atol=1e-12)
    skewed = reward.expectiles([0.0, 1.0], 0.5, probabilities=[0.75, 0.25])
    np.testing.assert_allclose(skewed, 0.25, atol=1e-12)
    with pytest.raises(ValueError, match="sum to 1"):
        reward.expectiles([0.0, 1.0], 0.5, probabilities=[0.5, 0.6])
    with pytest.raises(ValueError, match="asymmetries"):
        reward.run_distributional_td([1.0], asymmetries=[1.0])


def test_the_model_module_imports_neither_plotting_nor_the_optimiser():
    import subprocess
    import sys

    code = (
        "import sys, neurocourse.reward; "
        "print(','.join(m for m in ('matplotlib', 'ipywidgets', 'scipy.optimize') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# ----------------------------------------------------------------------------- odd inputs

_odd = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.lists(st.floats(-2, 2), max_size=3),
)


@settings(max_examples=60, deadline=None)
@given(salience=_odd, learning_rate=_odd, reward_value=_odd)
def test_rescorla_wagner_odd_inputs_raise_clearly_or_give_finite_strengths(
    salience, learning_rate, reward_value
):
    try:
        schedule = reward.conditioning_schedule(("A+", 3), ("AX-", 3), reward=reward_value)
        result = reward.simulate_rescorla_wagner(schedule, salience=salience, learning_rate=learning_rate)
    except (TypeError, ValueError):
        return
    assert np.all(np.isfinite(result.strengths))


@settings(max_examples=60, deadline=None)
@given(epsilon=_odd, step_size=_odd, n_steps=_odd)
def test_bandit_odd_inputs_raise_clearly_or_give_finite_rewards(epsilon, step_size, n_steps):
    try:
        params = reward.BanditParams(epsilon=epsilon, step_size=step_size)
        result = reward.run_bandit(params, np.zeros((2, 3)), n_steps=n_steps, rng=0)
    except (TypeError, ValueError):
        return
    assert np.all(np.isfinite(result.rewards))


@settings(max_examples=60, deadline=None)
@given(taus=_odd, values=_odd)
def test_expectiles_odd_inputs_raise_clearly_or_lie_within_the_support(taus, values):
    try:
        result = reward.expectiles(values, taus)
    except (TypeError, ValueError):
        return
    x = np.atleast_1d(np.asarray(values, dtype=float))
    assert np.all((result >= x.min() - 1e-9) & (result <= x.max() + 1e-9))
