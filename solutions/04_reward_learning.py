# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 · Reward learning: exercises
#
# Six exercises that follow the lecture (`notebooks/04_reward_learning.ipynb`): write the
# Rescorla-Wagner rule and watch it block, build an epsilon-greedy agent for the 10-armed
# testbed, run TD(0) on the random walk, make the dopamine model's error move from reward to
# cue, recover a hidden learner's parameters from its choices, and train an actor-critic.
#
# **How it works.** Each exercise is a function with a `raise NotImplementedError(...)` line.
# Replace that line with your code, run the cell, then run the check cell under it. The check
# runs your function on cases you have not seen and says *passed*, *not attempted yet*, or
# what is wrong, with a hint. Cells after a check that use your function wait until it passes.
#
# **Estimated time:** about 110 minutes (15 + 20 + 15 + 20 + 25 + 15).

# %% [markdown]
# ## Setup

# %%
# Colab only: install the course package from its repository; elsewhere this does nothing.
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("google") and importlib.util.find_spec("google.colab"):
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "neurocourse @ git+https://github.com/neurocourse/neurocourse@main"])
    print("On Colab: installed the course package from https://github.com/neurocourse/neurocourse")

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy import optimize

import neurocourse as nc
from neurocourse import reward

nc.plotting.use_course_style()
rng = np.random.default_rng(2026)

# %% [markdown]
# Exercise 5 gives every student their own mystery subject. Put your student number here
# (digits only) and run the cell.
#
# *For instructors:* the seed is the only thing that selects a student's variant. Grade with
# `neurocourse check`, which runs each submission as handed in, with the seed in this cell.
# Self-learners can keep any number: the checks work for every seed.

# %%
STUDENT_SEED = 2026  # replace 2026 by your student number
print(f"Your student seed is {STUDENT_SEED}: your mystery subject in exercise 5 is drawn from it.")

# %% [markdown]
# ## Exercise 1: the Rescorla-Wagner rule and blocking (15 min)
#
# On each trial every cue $i$ that is **present** changes its associative strength by
#
# $$\Delta V_i = \alpha_i \beta \Big(\lambda - \sum_{j \in \text{present}} V_j\Big),$$
#
# and absent cues stay as they are. Write `rescorla_wagner_update(v, present, reward, salience, learning_rate)`:
# `v` is the array of strengths of all cues, `present` a boolean array of the same length,
# `reward` is $\lambda$ of this trial, `salience` is $\alpha$ (one number for all cues, or an
# array with one per cue) and `learning_rate` is $\beta$. Return the new array of strengths
# (do not change `v` in place).


# %%
def rescorla_wagner_update(v, present, reward, salience, learning_rate):
    """Return the associative strengths after one Rescorla-Wagner trial."""
    ### BEGIN SOLUTION hint: the error is reward minus the SUM of v over the present cues; only present cues change
    v = np.array(v, dtype=float)
    present = np.asarray(present, dtype=bool)
    alpha = np.broadcast_to(np.asarray(salience, dtype=float), v.shape)
    error = reward - v[present].sum()
    v[present] += alpha[present] * learning_rate * error
    return v
    ### END SOLUTION


# %%
rw_check = nc.checks.reward.rescorla_wagner_update(rescorla_wagner_update)

# %% [markdown]
# ### Blocking with your rule
#
# Kamin's experiment: 50 trials of A+ (cue A, then reward), then 50 of AX+. The control group
# has 50 C+ trials first. Run both with your function ($\alpha = 0.2$, $\beta = 1$,
# $\lambda = 1$) and compare $V_X$ with the library's `reward.simulate_rescorla_wagner`.


# %%
def run_design(first_phase):
    """Strengths of A, C, X over 50 first-phase trials, then 50 AX+ trials, with your rule."""
    cues = {"A": 0, "C": 1, "X": 2}
    v = np.zeros(3)
    history = [v]
    for trial_cues in [first_phase] * 50 + ["AX"] * 50:
        present = np.zeros(3, dtype=bool)
        present[[cues[c] for c in trial_cues]] = True
        v = rescorla_wagner_update(v, present, 1.0, 0.2, 1.0)
        history.append(v)
    return np.array(history)


if rw_check.passed:
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.2), sharey=True)
    for ax, first in zip(axes, ("A", "C")):
        history = run_design(first)
        for index, name in enumerate("ACX"):
            ax.plot(history[:, index], label=f"V_{name}")
        ax.axvline(50, color=nc.plotting.COLORS["neutral"], ls="--")
        ax.set_xlabel("Trial")
        ax.set_title(f"50 {first}+, then 50 AX+")
    axes[0].set_ylabel("Associative strength V")
    axes[1].legend()
    library = reward.simulate_rescorla_wagner(
        reward.conditioning_schedule(("A+", 50), ("AX+", 50)), salience=0.2
    )
    print(
        f"blocking: V_X = {run_design('A')[-1, 2]:.2e} (library {library.final['X']:.2e}); "
        f"control: V_X = {run_design('C')[-1, 2]:.3f}"
    )
else:
    print("Solve exercise 1 first: this comparison uses your rescorla_wagner_update.")

# %% [markdown]
# **Question.** After blocking, $V_X$ is about $10^{-5}$, not 0. Where does the little it
# learns come from, and how does it depend on the number of A+ trials?
#
# ### BEGIN SOLUTION
# After $n$ A+ trials $V_A = 1 - (1 - \alpha\beta)^n$, so the first AX+ trial still leaves an error
# of $(0.8)^{50} \approx 1.4 \times 10^{-5}$, which A and X share; the rest of phase 2 adds
# geometrically less. Every further A+ trial multiplies the residue by 0.8: blocking is never
# perfect in the model, only exponentially close to it.
# ### END SOLUTION

# %% [markdown]
# ## Exercise 2: an epsilon-greedy agent (20 min)
#
# Write `epsilon_greedy_action(estimates, epsilon, rng)`: with probability $1-\varepsilon$ return a
# greedy arm (an index where `estimates` is largest; if several arms tie, one of them at
# random), and with probability $\varepsilon$ an arm chosen uniformly among **all** arms (the greedy
# one included, as in Sutton & Barto). Use the generator `rng` for every random draw
# (`rng.random()`, `rng.integers(k)`, `rng.choice(indices)`). Return an `int`.


# %%
def epsilon_greedy_action(estimates, epsilon, rng):
    """Return the index of the arm an epsilon-greedy agent chooses."""
    ### BEGIN SOLUTION hint: rng.random() < epsilon -> rng.integers(len(estimates)); else rng.choice among the maxima
    if rng.random() < epsilon:
        return int(rng.integers(len(estimates)))
    best = np.flatnonzero(estimates == np.max(estimates))
    return int(rng.choice(best))
    ### END SOLUTION


# %%
greedy_check = nc.checks.reward.epsilon_greedy_action(epsilon_greedy_action)

# %% [markdown]
# ### Your agent on the testbed
#
# With sample-average estimates ($Q \leftarrow Q + (R - Q)/N$), run your agent on 100 problems
# of the testbed for 1000 steps (a plain loop: a few seconds) and lay it over the library's
# vectorised agent on the same problems (`reward.run_bandit`, 2000 runs in a fraction of a second).


# %%
def run_my_agent(q_true, epsilon, n_steps, rng):
    """Average reward per step of your agent over the problems in q_true (n_runs, n_arms)."""
    n_runs, n_arms = q_true.shape
    rewards = np.zeros((n_runs, n_steps))
    for run in range(n_runs):
        estimates, counts = np.zeros(n_arms), np.zeros(n_arms)
        for t in range(n_steps):
            arm = epsilon_greedy_action(estimates, epsilon, rng)
            r = q_true[run, arm] + rng.normal()
            counts[arm] += 1
            estimates[arm] += (r - estimates[arm]) / counts[arm]
            rewards[run, t] = r
    return rewards.mean(axis=0)


if greedy_check.passed:
    q_true = reward.make_testbed(100, rng=rng)
    mine = run_my_agent(q_true, 0.1, 1000, rng)
    library = reward.run_bandit(
        reward.BanditParams(epsilon=0.1), reward.make_testbed(2000, rng=rng), n_steps=1000, rng=rng
    )
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.plot(mine, lw=0.8, label="your agent, 100 runs")
    ax.plot(library.average_reward, lw=0.8, label="library, 2000 runs")
    ax.set_xlabel("Step")
    ax.set_ylabel("Average reward")
    ax.legend()
    print(
        f"last 100 steps: yours {mine[-100:].mean():.2f}, library {library.average_reward[-100:].mean():.2f}"
    )
else:
    print("Solve exercise 2 first: this run uses your epsilon_greedy_action.")

# %% [markdown]
# ## Exercise 3: TD(0) on the random walk (15 min)
#
# The states of the 5-state random walk are numbered 0 to 6: 0 and 6 are terminal (their value
# is 0 and never changes), 1 to 5 are A to E. An episode is the list of states it visits,
# `states[0]` = 3 to the terminal state, and `rewards[t]` is the reward of the step from
# `states[t]` to `states[t + 1]` (so there is one reward fewer than states).
#
# Write `td0_episode(values, states, rewards, alpha, gamma)` that applies the TD(0) update
# $V(S_t) \leftarrow V(S_t) + \alpha[R_{t+1} + \gamma V(S_{t+1}) - V(S_t)]$ at each step, in order,
# and returns the new values (a new array; `values` has one entry per state, terminals included).


# %%
def td0_episode(values, states, rewards, alpha, gamma):
    """Return the state values after online TD(0) updates along one episode."""
    ### BEGIN SOLUTION hint: loop over t in range(len(rewards)); update values[states[t]] towards rewards[t] + gamma * values[states[t + 1]]
    v = np.array(values, dtype=float)
    for t in range(len(rewards)):
        s, s_next = states[t], states[t + 1]
        v[s] += alpha * (rewards[t] + gamma * v[s_next] - v[s])
    return v
    ### END SOLUTION


# %%
td_check = nc.checks.reward.td0_episode(td0_episode)

# %% [markdown]
# ### The estimates after 0, 1, 10 and 100 episodes (Sutton & Barto, Figure 6.2 left)
#
# Start from $V = 0.5$ everywhere and learn with $\alpha = 0.1$. The true values are
# $1/6, \dots, 5/6$.

# %%
if td_check.passed:
    walk = reward.RandomWalkParams()
    episodes = reward.random_walk_episodes(walk, 100, rng=rng)
    values = np.r_[0.0, np.full(5, 0.5), 0.0]
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ax.plot(range(1, 6), walk.true_values, "k--", label="true values")
    for k in range(101):
        if k in (0, 1, 10, 100):
            ax.plot(range(1, 6), values[1:6], "o-", label=f"{k} episodes")
        if k < 100:
            states = episodes.episode(k)
            rewards = np.zeros(states.size - 1)
            rewards[-1] = 1.0 if states[-1] == 6 else 0.0
            values = td0_episode(values, states, rewards, 0.1, 1.0)
    ax.set_xticks(range(1, 6), list("ABCDE"))
    ax.set_xlabel("State")
    ax.set_ylabel("Estimated value")
    ax.legend(fontsize=8)
    print("after 100 episodes:", np.round(values[1:6], 2))
else:
    print("Solve exercise 3 first: this figure uses your td0_episode.")

# %% [markdown]
# ## Exercise 4: the dopamine model, one trial at a time (20 min)
#
# In the model of Schultz, Dayan & Montague (1997) a trial has `n_steps` time steps; the cue
# comes on at `cue_step` and the reward arrives at `reward_step`. The **complete serial
# compound** gives the value one weight per step since the cue: $V(t) = w[t - c]$ for
# $t \ge c$ (`c = cue_step`) and $V(t) = 0$ before the cue. At every step $t = 0, \dots, n-1$
#
# $$\delta(t) = r(t) + \gamma V(t) - V(t-1), \qquad V(-1) = 0,$$
#
# and $\delta(t)$ corrects the prediction made one step earlier: $w[t - 1 - c] \mathrel{+}= \alpha\,\delta(t)$
# (only if $t - 1 \ge c$). Read $V(t)$ before that update. After the last step the trial ends
# and the value is 0: one more update $w[-1] \mathrel{+}= \alpha\,(0 - w[-1])$.
#
# Write `csc_trial(weights, reward, cue_step, reward_step, n_steps, alpha, gamma)` returning
# `(new_weights, deltas)`, with `deltas` an array of the $n$ errors. `weights` has
# `n_steps - cue_step` entries.


# %%
def csc_trial(weights, reward, cue_step, reward_step, n_steps, alpha, gamma):
    """Return the weights after one trial of the CSC TD model and the TD error at each step."""
    ### BEGIN SOLUTION hint: loop over t; current = w[t - cue_step] (0 before the cue); delta = r + gamma*current - previous; update w[t - 1 - cue_step]
    w = np.array(weights, dtype=float)
    deltas = np.zeros(n_steps)
    previous = 0.0
    for t in range(n_steps):
        current = w[t - cue_step] if t >= cue_step else 0.0
        r = reward if t == reward_step else 0.0
        deltas[t] = r + gamma * current - previous
        if t - 1 >= cue_step:
            w[t - 1 - cue_step] += alpha * deltas[t]
        previous = current
    w[-1] += alpha * (0.0 - w[-1])
    return w, deltas
    ### END SOLUTION


# %%
csc_check = nc.checks.reward.csc_trial(csc_trial)

# %% [markdown]
# ### The error moves from the reward to the cue
#
# Run 400 trials with the lecture's setting (25 steps, cue at 5, reward at 20, $\alpha = 0.1$,
# $\gamma = 0.98$), then one trial with the reward omitted.

# %%
if csc_check.passed:
    w = np.zeros(20)
    errors = []
    for _ in range(400):
        w, deltas = csc_trial(w, 1.0, 5, 20, 25, 0.1, 0.98)
        errors.append(deltas)
    _, omitted = csc_trial(w, 0.0, 5, 20, 25, 0.1, 0.98)
    errors = np.array(errors)
    fig, ax = plt.subplots(figsize=(8, 3.2))
    for trial in (0, 10, 50, 150, 399):
        ax.plot(errors[trial], label=f"trial {trial + 1}")
    ax.plot(omitted, "k--", label="reward omitted")
    ax.set_xlabel("Time step in trial")
    ax.set_ylabel("Prediction error delta")
    ax.legend(fontsize=8, ncol=2)
    print(
        f"trial 400: delta at cue {errors[-1, 5]:.3f} (gamma^15 = {0.98**15:.3f}), at reward "
        f"{errors[-1, 20]:.3f}; omission: {omitted[20]:.3f}"
    )
else:
    print("Solve exercise 4 first: this figure uses your csc_trial.")

# %% [markdown]
# ## Exercise 5: discover the mystery subject (25 min)
#
# `nc.checks.reward.mystery_subject(STUDENT_SEED)` holds 1500 choices of a simulated subject
# in a two-armed reversal task (the better arm pays with probability 0.8, the worse with 0.2,
# and they swap every 50 trials). The subject is a Q-learner: both values start at 0, it
# chooses arm $a$ with probability
#
# $$P(a) = \frac{e^{\beta Q(a)}}{\sum_b e^{\beta Q(b)}},$$
#
# and after the reward $r \in \{0, 1\}$ it updates only the chosen arm,
# $Q(a) \leftarrow Q(a) + \alpha\,(r - Q(a))$. Its learning rate $\alpha$ and inverse temperature
# $\beta$ are hidden; yours differ from your neighbour's.
#
# Write `fit_learner(choices, rewards)` returning the maximum-likelihood `(alpha, beta)`:
# 1. a function of $(\alpha, \beta)$ that replays the trials and sums $\log P(c_t)$, using $Q$
#    *before* the trial's update;
# 2. minimise its negative with `optimize.minimize(..., method="L-BFGS-B", bounds=[(0.001, 1), (0.001, 50)])`
#    from a few starting points, and keep the best.
#
# The check runs your function on your subject and on another one.

# %%
subject = nc.checks.reward.mystery_subject(STUDENT_SEED)
print(subject)
fig, ax = plt.subplots(figsize=(9, 2.6))
window = np.ones(10) / 10
ax.plot(np.convolve(subject.choices == 0, window, mode="same"), lw=0.8, label="P(arm 0), 10-trial average")
ax.plot(
    subject.reward_probabilities[:, 0],
    color=nc.plotting.COLORS["neutral"],
    label="reward probability of arm 0",
)
ax.set_xlim(0, 300)
ax.set_xlabel("Trial")
ax.set_ylabel("Probability")
ax.legend(fontsize=8, loc="lower right");


# %%
def fit_learner(choices, rewards):
    """Return the maximum-likelihood (learning rate, inverse temperature) of a Q-learner's choices."""

    ### BEGIN SOLUTION hint: replay the trials to get the log-likelihood; minimise its negative with L-BFGS-B from several starts
    def negative_log_likelihood(x):
        alpha, beta = x
        q = np.zeros(2)
        total = 0.0
        for c, r in zip(choices, rewards):
            logits = beta * q
            total += logits[c] - logits.max() - np.log(np.exp(logits - logits.max()).sum())
            q[c] += alpha * (r - q[c])
        return -total

    fits = [
        optimize.minimize(
            negative_log_likelihood, start, method="L-BFGS-B", bounds=[(0.001, 1.0), (0.001, 50.0)]
        )
        for start in ([0.1, 1.0], [0.3, 5.0], [0.7, 15.0])
    ]
    best = min(fits, key=lambda fit: fit.fun)
    return float(best.x[0]), float(best.x[1])
    ### END SOLUTION


# %%
fit_check = nc.checks.reward.fit_learner(fit_learner, seed=STUDENT_SEED)

# %% [markdown]
# ### How sure is the fit?
#
# The likelihood surface around your estimate: a long valley means the two parameters trade
# off against each other (a higher learning rate with a lower inverse temperature explains the
# choices almost as well).

# %%
if fit_check.passed:
    alpha_hat, beta_hat = fit_learner(subject.choices, subject.rewards)
    alphas = np.linspace(0.02, 0.9, 30)
    betas = np.linspace(0.5, 15.0, 30)
    surface = np.array(
        [
            [
                reward.choice_log_likelihood(
                    subject.choices, subject.rewards, learning_rate=a, inverse_temperature=b
                )
                for a in alphas
            ]
            for b in betas
        ]
    )
    fig, ax = plt.subplots(figsize=(5.5, 4))
    image = ax.contourf(alphas, betas, surface - surface.max(), levels=np.linspace(-60, 0, 13), extend="min")
    ax.plot(alpha_hat, beta_hat, "w*", markersize=12)
    fig.colorbar(image, ax=ax, label="log-likelihood - maximum")
    ax.set_xlabel("Learning rate alpha")
    ax.set_ylabel("Inverse temperature beta")
else:
    print("Solve exercise 5 first: this figure uses your fit_learner.")

# %% [markdown]
# ## Exercise 6: actor-critic (15 min)
#
# One step of a tabular actor-critic, from state `state` with action `action` to `next_state`
# with reward `reward`:
#
# 1. the critic's TD error $\delta = r + \gamma V(s') - V(s)$, with $V(s') = 0$ when `terminal` is True;
# 2. the critic: $V(s) \leftarrow V(s) + \alpha_c\,\delta$;
# 3. the actor, with the policy $\pi(\cdot|s) = \mathrm{softmax}(h(s, \cdot))$ computed *before*
#    the update: $h(s, \cdot) \leftarrow h(s, \cdot) + \alpha_a\,\delta\,(\mathbf{1}_a - \pi(\cdot|s))$,
#    where $\mathbf{1}_a$ is 1 for the chosen action and 0 for the others.
#
# Write `actor_critic_update(values, preferences, state, action, reward, next_state, terminal, alpha_critic, alpha_actor, gamma)`
# returning new `(values, preferences, delta)`; `preferences` has shape (n_states, n_actions).


# %%
def actor_critic_update(
    values, preferences, state, action, reward, next_state, terminal, alpha_critic, alpha_actor, gamma
):
    """Return (values, preferences, delta) after one actor-critic step."""
    ### BEGIN SOLUTION hint: delta from the old values; pi = softmax(preferences[state]); both updates use the same delta
    values = np.array(values, dtype=float)
    preferences = np.array(preferences, dtype=float)
    target = reward if terminal else reward + gamma * values[next_state]
    delta = target - values[state]
    h = preferences[state]
    pi = np.exp(h - h.max()) / np.exp(h - h.max()).sum()
    values[state] += alpha_critic * delta
    onehot = np.zeros_like(pi)
    onehot[action] = 1.0
    preferences[state] += alpha_actor * delta * (onehot - pi)
    return values, preferences, delta
    ### END SOLUTION


# %%
ac_check = nc.checks.reward.actor_critic_update(actor_critic_update)

# %% [markdown]
# ### Learning the linear track
#
# Seven positions in a row; the agent starts in the middle and steps left or right. Off the
# right end it gets 1, off the left end 0. Train 20 agents for 150 episodes with your update
# ($\alpha_c = \alpha_a = 0.1$, $\gamma = 0.9$) and compare with the library's `reward.run_actor_critic`.


# %%
def train_track(n_agents, n_episodes, rng):
    track = reward.TrackParams()
    lengths = np.zeros((n_agents, n_episodes))
    for agent in range(n_agents):
        values, preferences = np.zeros(7), np.zeros((7, 2))
        for episode in range(n_episodes):
            state = track.start
            steps = 0
            while steps < 200:
                steps += 1
                h = preferences[state]
                p_right = 1.0 / (1.0 + np.exp(h[0] - h[1]))
                action = int(rng.random() < p_right)
                next_state, r, terminal = track.step(state, action)
                values, preferences, _ = actor_critic_update(
                    values, preferences, state, action, r, next_state, terminal, 0.1, 0.1, 0.9
                )
                if terminal:
                    break
                state = next_state
            lengths[agent, episode] = steps
    return lengths


if ac_check.passed:
    mine = train_track(20, 150, rng)
    library = reward.run_actor_critic(reward.TrackParams(), n_episodes=150, n_runs=200, rng=rng)
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.plot(mine.mean(axis=0), lw=0.8, label="your actor-critic, 20 agents")
    ax.plot(library.episode_lengths.mean(axis=0), lw=0.8, label="library, 200 agents")
    ax.axhline(4, color=nc.plotting.COLORS["neutral"], ls=":", label="shortest path")
    ax.set_xlabel("Episode")
    ax.set_ylabel("Steps to the end")
    ax.legend()
    print(
        f"last 20 episodes: yours {mine[:, -20:].mean():.1f} steps, library "
        f"{library.episode_lengths[:, -20:].mean():.1f} steps"
    )
else:
    print("Solve exercise 6 first: this figure uses your actor_critic_update.")

# %% [markdown]
# ## Going further
#
# - Exercise 1: run the conditioned-inhibition design (A+ and AX- trials alternating) with your
#   rule. Why does $V_X$ become negative, and why does it stop at $-\lambda$?
# - Exercise 2: replace sample averages by a constant step size 0.1 and start at $Q = 5$:
#   optimistic initial values make even a greedy agent explore.
# - Exercise 4: move the reward to step 12 halfway through training. How long until the cue's
#   error returns to $\gamma^{7}$?
# - Exercise 5: simulate subjects with known parameters (`reward.run_choice_task`) and fit them
#   with 200, 500 and 2000 trials. How fast does the error of $\hat\alpha$ shrink?
