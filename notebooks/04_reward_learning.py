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
# # 04 · Reward learning
#
# *Prediction errors from conditioning to dopamine to deep reinforcement learning: how an animal
# learns which cues predict reward, how an agent balances exploring against exploiting, how
# temporal-difference learning predicts the future from the future, and why a dopamine neuron
# looks like a TD error.*
#
# **Objectives.** After this chapter you can
# 1. explain blocking, overshadowing and conditioned inhibition with the Rescorla-Wagner rule (20 min);
# 2. compare epsilon-greedy, optimistic, UCB and gradient agents on the 10-armed testbed and say why exploration has a price (20 min);
# 3. derive the TD(0) update and compare it with Monte Carlo on the random walk (20 min);
# 4. reproduce the dopamine prediction error of Schultz, Dayan & Montague (1997) -- its backward shift, its dip at omission -- and name the known limits of the model (25 min);
# 5. describe actor-critic learning and its basal-ganglia reading, and fit a learning model to choices by maximum likelihood (20 min);
# 6. connect TD learning to TD-Gammon, DQN and distributional RL, and say where the analogy stops (15 min).
#
# **Estimated time:** about 2 h 10 min, and 1 h 50 min for the exercises (`exercises/04_reward_learning.ipynb`).
#
# **Prerequisites:** chapter 00; probability (expectations), a little calculus.

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

import neurocourse as nc
from neurocourse import reward

nc.plotting.use_course_style()
rng = np.random.default_rng(2026)
COLORS = nc.plotting.COLORS

# %% [markdown]
# ## 1. Conditioning and the Rescorla-Wagner rule
#
# Pavlov (1927) rang a bell before feeding his dogs; after a few pairings the bell alone made
# them salivate. Contiguity -- the bell and the food close in time -- seemed to be all that
# learning needs. Kamin (1969) showed that it is not: a rat first taught that a light predicts a
# shock, then given light *and* tone before the shock, learns almost nothing about the tone.
# The tone is paired with the shock just as often as in a control group, but the shock is
# already predicted. Learning needs **surprise**.
#
# Rescorla & Wagner (1972) wrote this as a rule. Each cue $i$ has an <a id="term-associative-strength"></a>**associative strength** $V_i$;
# on a trial, the cues present predict $\sum V$, the reinforcer supports a strength $\lambda$
# (1 if it comes, 0 if not), and every cue present changes by
#
# $$\Delta V_i = \alpha_i \beta\Big(\lambda - \sum_{j \in \text{present}} V_j\Big).$$
#
# $\alpha_i$ is the cue's salience, $\beta$ the learning rate of the reinforcer. The
# <a id="term-prediction-error"></a>**prediction error** in brackets is shared by all cues present: that is the whole theory.
#
# First the basics: 50 reinforced trials (acquisition), then 50 without reward (extinction).

# %%
schedule = reward.conditioning_schedule(("A+", 50), ("A-", 50))
acquisition = reward.simulate_rescorla_wagner(schedule, salience=0.2)
fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(acquisition.strength("A"), label="$V_A$")
ax.axvline(50, color=COLORS["neutral"], ls="--")
ax.text(20, 0.4, "acquisition: A+")
ax.text(65, 0.6, "extinction: A-")
ax.set_xlabel("Trial")
ax.set_ylabel("Associative strength V")
ax.legend();
# %% [markdown]
# Each trial closes a fraction $\alpha\beta = 0.2$ of the remaining gap, so after $n$ trials
# $V = 1 - 0.8^n$: the negatively accelerated learning curve of the conditioning literature.
#
# ### Blocking, overshadowing, conditioned inhibition
#
# Three designs that contiguity cannot explain, with $\alpha = 0.2$ and $\lambda = 1$:
#
# * <a id="term-blocking"></a>**blocking**: 50 A+ trials, then 50 AX+; the control group has 50 C+ first;
# * <a id="term-overshadowing"></a>**overshadowing**: AX+ from the start, with a salient A ($\alpha_A = 0.3$) and a faint X ($\alpha_X = 0.1$);
# * **conditioned inhibition**: A+ trials interleaved with AX- trials (the compound is *not* reinforced).

# %%
designs = {
    "blocking": (reward.conditioning_schedule(("A+", 50), ("AX+", 50), cues="ACX"), 0.2),
    "control": (reward.conditioning_schedule(("C+", 50), ("AX+", 50), cues="ACX"), 0.2),
    "overshadowing": (reward.conditioning_schedule(("AX+", 100)), np.array([0.3, 0.1])),
    "conditioned inhibition": (reward.conditioning_schedule(("A+", 50), ("A+/AX-", 200)), 0.2),
}
fig, axes = plt.subplots(1, 4, figsize=(13, 3), sharey=True)
for ax, (name, (design, salience)) in zip(axes, designs.items()):
    result = reward.simulate_rescorla_wagner(design, salience=salience)
    for cue in result.cue_names:
        ax.plot(result.strength(cue), label=f"$V_{cue}$")
    ax.axhline(0, color=COLORS["neutral"], lw=0.8)
    ax.set_title(name)
    ax.set_xlabel("Trial")
    ax.legend(fontsize=8)
axes[0].set_ylabel("Associative strength V");
# %% [markdown]
# The numbers the tests of the library hold:

# %%
# NBVAL_CHECK_OUTPUT
for name, (design, salience) in designs.items():
    final = reward.simulate_rescorla_wagner(design, salience=salience).final
    print(f"{name:>23}: " + ", ".join(f"V_{cue} = {value:.4g}" for cue, value in final.items()))

# %% [markdown]
# After A+ training the error left for X is $0.8^{50} \approx 10^{-5}$: **blocked**. In the control,
# A and X share the error equally and each ends at 0.5. Under overshadowing both cues grow from
# one shared error, so their strengths stay in the ratio of their saliences, 3 : 1. And X
# becomes a <a id="term-conditioned-inhibitor"></a>**conditioned inhibitor** ($V_X \to -1$): on AX- trials A predicts a reward that does not come,
# and the negative error is shared with X.
#
# The rule has famous failures too (Miller et al. 1995): extinguished responses come back with
# time (spontaneous recovery), which a strength that simply went back to 0 cannot do; an
# inhibitor presented alone does not lose its inhibition, as the rule predicts; and the
# salience of a cue changes with experience. The prediction error has survived them all, and
# it is what the rest of the chapter builds on.
#
# Design your own experiment: choose the two phases and the saliences.

# %%
nc.widgets.rescorla_wagner_designer()

# %% [markdown]
# ## 2. Explore or exploit: multi-armed bandits
#
# Conditioning is prediction without choice. An animal foraging, or an agent choosing, must
# also **act**, and it learns only about what it chooses. The simplest such problem is the
# $k$-armed bandit: $k$ slot machines with unknown mean payoffs $q_*(a)$; each pull of arm $a$
# pays a noisy reward around $q_*(a)$. Estimate each arm's value by the average of its rewards,
# $Q(a)$, and you face the dilemma: pull the arm that looks best (<a id="term-exploration-exploitation"></a>**exploit**), or try another
# that might be better (**explore**)?
#
# Sutton & Barto (2018) made this concrete with the **10-armed testbed**: 2000 random problems,
# each with $q_*(a) \sim \mathcal N(0, 1)$ and rewards $\sim \mathcal N(q_*(a), 1)$, 1000 steps each.
# An <a id="term-epsilon-greedy-ucb-softmax"></a>**epsilon-greedy** agent picks the greedy arm with probability $1 - \varepsilon$ and a random arm
# with probability $\varepsilon$. The library runs all 2000 problems at once.

# %%
testbed = reward.make_testbed(2000, rng=rng)
runs = {
    eps: reward.run_bandit(reward.BanditParams(epsilon=eps), testbed, n_steps=1000, rng=rng)
    for eps in (0.0, 0.01, 0.1)
}
fig, (ax_r, ax_o) = plt.subplots(1, 2, figsize=(11, 3.4))
for eps, result in runs.items():
    ax_r.plot(result.average_reward, lw=0.8, label=f"eps = {eps}")
    ax_o.plot(100 * result.optimal_fraction, lw=0.8)
ax_r.set_xlabel("Step")
ax_r.set_ylabel("Average reward")
ax_r.legend()
ax_o.set_xlabel("Step")
ax_o.set_ylabel("Optimal action (%)");
# %% [markdown]
# This is Figure 2.2 of Sutton & Barto (2018). The greedy agent ($\varepsilon = 0$) locks onto the
# first arm that looks good and finds the best one in only about a third of the problems. With
# $\varepsilon = 0.1$ the agent keeps sampling and finds the best arm in most problems, but it can
# never choose it more often than $1 - \varepsilon + \varepsilon/10 = 91\,\%$ of the time: exploration
# has a price that is paid forever. $\varepsilon = 0.01$ learns slower and ends higher.

# %%
# NBVAL_CHECK_OUTPUT
for eps, result in runs.items():
    print(
        f"eps = {eps:<4}: last 100 steps, average reward {result.average_reward[-100:].mean():.2f}, "
        f"optimal action {100 * result.optimal_fraction[-100:].mean():.0f} %"
    )

# %% [markdown]
# With $\varepsilon = 0.1$: about 1.37 and 80 %, as in the book. The best possible average is the
# expected largest of ten standard normal values, 1.54.
#
# ### Smarter exploration
#
# Random exploration wastes pulls on arms already known to be bad. Three alternatives:
#
# * **optimistic initial values**: start every estimate at $Q = 5$, far above any real value.
#   Every arm disappoints, so a purely greedy agent tries them all before settling;
# * **upper confidence bound** (UCB): choose $\arg\max_a \big[Q(a) + c\sqrt{\ln t / N(a)}\big]$,
#   a bonus that shrinks as an arm is sampled (Auer et al. 2002);
# * **gradient bandit**: learn preferences $H(a)$, choose by softmax
#   $\pi(a) \propto e^{H(a)}$, and move $H$ up for the chosen arm when the reward beats the
#   average reward so far (a baseline), down otherwise.

# %%
agents = {
    "eps-greedy, eps = 0.1": reward.BanditParams(epsilon=0.1),
    "optimistic, Q0 = 5, greedy": reward.BanditParams(epsilon=0.0, initial_value=5.0, step_size=0.1),
    "UCB, c = 2": reward.BanditParams(method="ucb", epsilon=0.0, ucb_c=2.0),
    "gradient, alpha = 0.1": reward.BanditParams(method="gradient", step_size=0.1),
}
fig, (ax_r, ax_o) = plt.subplots(1, 2, figsize=(11, 3.4))
for label, agent in agents.items():
    result = reward.run_bandit(agent, testbed, n_steps=1000, rng=rng)
    ax_r.plot(result.average_reward, lw=0.8, label=label)
    ax_o.plot(100 * result.optimal_fraction, lw=0.8)
ax_r.set_xlabel("Step")
ax_r.set_ylabel("Average reward")
ax_r.legend(fontsize=8)
ax_o.set_xlabel("Step")
ax_o.set_ylabel("Optimal action (%)");
# %% [markdown]
# Optimism explores early and then stops (the early spike of its curve is the book's Exercise
# 2.6: once every arm has been tried and has disappointed, many agents pick the best one at the
# same step, before it disappoints too); UCB keeps exploring where it is still uncertain. Try them in the arena, and watch the dotted ceiling of epsilon-greedy move
# with $\varepsilon$.

# %%
nc.widgets.bandit_arena()

# %% [markdown]
# ## 3. Temporal-difference learning
#
# A bandit pays at once. Most rewards come at the end of a sequence of states, and the value of
# a state is the (discounted) reward that follows it: $v(s) = E[G_t \mid S_t = s]$ with the <a id="term-return"></a>**return**
# $G_t = R_{t+1} + \gamma R_{t+2} + \gamma^2 R_{t+3} + \dots$ A **Monte Carlo** method waits
# until the episode ends and moves $V(S_t)$ towards the return it saw. **Temporal-difference**
# learning (Sutton 1988) does not wait: it uses the next reward plus its own estimate of what
# comes after,
#
# $$V(S_t) \leftarrow V(S_t) + \alpha\,\underbrace{\big[R_{t+1} + \gamma V(S_{t+1}) - V(S_t)\big]}_{\delta_t,\ \text{the TD error}}.$$
#
# It learns a guess from a guess (it <a id="term-bootstrapping"></a>*bootstraps*). The TD error has the form of the
# Rescorla-Wagner error, with the reward replaced by reward plus the next prediction: a
# prediction can now be taught by a later prediction, not only by a reward.
#
# Sutton & Barto's Example 6.2: five states A-E in a row, start in C, step left or right at
# random; leaving on the right pays 1, on the left 0. The true values are 1/6, ..., 5/6. We
# start every estimate at 0.5 and measure the root-mean-square error over the five states,
# averaged over 100 runs, with the step sizes of the book's Figure 6.2.

# %%
walk = reward.RandomWalkParams()
episodes = reward.random_walk_episodes(walk, 100 * 100, rng=rng)  # the same episodes for every method
fig, ax = plt.subplots(figsize=(7, 3.6))
for method, alphas, style in (("td0", (0.15, 0.1, 0.05), "-"), ("mc", (0.01, 0.02, 0.03, 0.04), "--")):
    for alpha in alphas:
        result = reward.run_td_prediction(walk, method=method, alpha=alpha, episodes=episodes)
        ax.plot(
            result.mean_rms_error,
            style,
            lw=1.0,
            label=f"{'TD' if method == 'td0' else 'MC'}, alpha = {alpha}",
        )
ax.set_xlabel("Episode")
ax.set_ylabel("RMS error (value)")
ax.legend(fontsize=8, ncol=2);
# %% [markdown]
# As in the book: TD is better than Monte Carlo at every step size on this task, and its error
# with the largest step size first falls and then rises a little (a constant step size keeps
# chasing the noise of recent episodes). The numbers after 100 episodes:

# %%
# NBVAL_CHECK_OUTPUT
for method, alpha in (("td0", 0.05), ("td0", 0.1), ("td0", 0.15), ("mc", 0.01), ("mc", 0.04)):
    error = reward.run_td_prediction(walk, method=method, alpha=alpha, episodes=episodes).mean_rms_error
    print(f"{method:>3}, alpha = {alpha:<4}: RMS error {error[100]:.3f} after 100 episodes")

# %% [markdown]
# ### Between TD and Monte Carlo
#
# TD(0) looks one step ahead, Monte Carlo to the end. **n-step TD** looks $n$ steps ahead, and
# **TD($\lambda$)** averages all of them with weights $(1-\lambda)\lambda^{n-1}$, computed online
# with an <a id="term-eligibility-trace"></a>*eligibility trace* that marks recently visited states (`method="nstep"`,
# `"td_lambda"`, `"lambda_return"`). On the 19-state walk of the book's Figure 7.2, averaged over
# the first 10 episodes and 100 runs, an intermediate $n$ is best:

# %%
walk19 = reward.RandomWalkParams(n_states=19, left_reward=-1.0)
episodes19 = reward.random_walk_episodes(walk19, 100 * 10, rng=rng)
alphas = np.linspace(0.05, 1.0, 20)
fig, ax = plt.subplots(figsize=(7, 3.6))
for n in (1, 2, 4, 8, 16, 32):
    errors = [
        reward.run_td_prediction(
            walk19, method="nstep", n=n, alpha=alpha, n_runs=100, n_episodes=10, episodes=episodes19
        )
        .rms_error[:, 1:]
        .mean()
        for alpha in alphas
    ]
    ax.plot(alphas, errors, lw=1.0, label=f"n = {n}")
ax.set_ylim(0.25, 0.55)
ax.set_xlabel("Step size alpha")
ax.set_ylabel("RMS error, first 10 episodes")
ax.legend(fontsize=8, ncol=2);
# %% [markdown]
# ## 4. Dopamine as a reward prediction error
#
# Schultz and colleagues recorded midbrain dopamine neurons in monkeys learning that a light
# predicts juice. Before learning the neurons burst when the juice came. After learning they
# burst at the light, and no longer at the juice. And when the juice was withheld, they
# paused -- exactly at the time it should have come. Schultz, Dayan & Montague (1997) showed
# that this is what the TD error does, building on Montague et al. (1996).
#
# The model needs a representation of time within a trial. The <a id="term-complete-serial-compound"></a>**complete serial compound**
# (CSC) gives each time step since the cue its own feature: $V(t) = w_{t - c}$ after the cue at
# step $c$, and 0 before it (the cue itself comes at an unpredictable time). At each step
#
# $$\delta(t) = r(t) + \gamma V(t) - V(t - 1),$$
#
# and $\delta(t)$ corrects the prediction of the step before. Our trial has 25 steps, the cue at
# step 5, the reward at step 20, $\alpha = 0.1$ and $\gamma = 0.98$.

# %%
dopamine = reward.DopamineParams()
training = reward.simulate_dopamine_td(dopamine, 500)
fig, (ax_lines, ax_raster) = plt.subplots(1, 2, figsize=(12, 3.6))
for trial in (1, 20, 60, 150, 500):
    ax_lines.plot(training.prediction_errors[trial - 1], lw=1.0, label=f"trial {trial}")
ax_lines.set_xlabel("Time step in trial")
ax_lines.set_ylabel("Prediction error delta")
ax_lines.legend(fontsize=8)
image = ax_raster.imshow(
    training.prediction_errors,
    aspect="auto",
    origin="lower",
    cmap="RdBu_r",
    vmin=-1,
    vmax=1,
    extent=(-0.5, 24.5, 0.5, 500.5),
)
ax_raster.set_xlabel("Time step in trial")
ax_raster.set_ylabel("Trial")
fig.colorbar(image, ax=ax_raster, label="delta");
# %% [markdown]
# On trial 1 the error is +1 at the reward. The error then creeps backwards, one step per
# several trials, until it sits at the cue, where it stays: the cue is the earliest reliable
# predictor, and its onset cannot itself be predicted. After learning, the error at the cue is
# $\gamma^{15}$ (the reward is 15 steps away) and 0 at the reward. Omit the reward on a trained
# trial and the error is $-1$ at the expected time:

# %%
# NBVAL_CHECK_OUTPUT
trained = reward.simulate_dopamine_td(dopamine, 2000)
omission = reward.simulate_dopamine_td(dopamine, 1, rewards=[0.0], weights_init=trained.weights[-1])
print(f"trial 1: delta at reward = {training.prediction_errors[0, 20]:.3f}")
print(
    f"trained: delta at cue = {trained.prediction_errors[-1, 5]:.4f} (gamma^15 = {0.98**15:.4f}), "
    f"at reward = {abs(trained.prediction_errors[-1, 20]):.4f}"
)
print(f"omitted: delta at the expected reward time = {omission.prediction_errors[0, 20]:.3f}")

# %% [markdown]
# Move through the trials, and withhold the reward on any of them:

# %%
nc.widgets.dopamine_raster()

# %% [markdown]
# ### What the CSC model gets wrong
#
# The match of the three signatures made the theory famous; the details are less tidy.
#
# * **The gradual backward shift.** In the CSC model the error travels step by step from the
#   reward to the cue over many trials. Early recordings found no such travelling bump: the
#   response at the cue grew while the one at the reward shrank (Pan et al. 2005, who proposed
#   eligibility traces -- TD($\lambda$) -- instead). With recordings across learning in mice,
#   Amo et al. (2022) did see a gradual shift; the question is open, and depends on the task.
# * **Time is not a tapped delay line.** The CSC gives perfect timing however long the delay.
#   Real timing gets noisier with longer delays, which blurs the dip at omission; microstimulus
#   representations of time fit such data better (Ludvig et al. 2008). A reward that comes
#   early produces a burst, and the CSC model then predicts a dip at the usual time as well;
#   the recordings showed little or none (Hollerman & Schultz 1998).
# * **More than a TD error.** Dopamine neurons also respond to novel and salient events,
#   ramp up when an animal approaches a reward, and show a sustained activity that grows with
#   reward uncertainty (Fiorillo et al. 2003). A single scalar error is a summary, not the
#   whole signal.
#
# Causally, the theory has passed a hard test: stimulating dopamine neurons at the time of an
# expected reward undoes blocking, as an artificial prediction error should (Steinberg et al. 2013).

# %% [markdown]
# ## 5. Actor-critic and the basal ganglia
#
# A prediction error can teach actions too. In the <a id="term-actor-critic"></a>**actor-critic** the critic learns state
# values with TD, and the *same* error trains an actor: a choice followed by a positive
# $\delta$ (things went better than expected) becomes more likely, one followed by a negative
# $\delta$ less likely. For a softmax policy over preferences $h(s, a)$:
#
# $$\delta = r + \gamma V(s') - V(s), \qquad V(s) \mathrel{+}= \alpha_c\,\delta, \qquad h(s, \cdot) \mathrel{+}= \alpha_a\,\delta\,(\mathbf 1_a - \pi(\cdot|s)).$$
#
# The basal-ganglia reading (Barto 1995; Joel et al. 2002): dopamine neurons broadcast
# $\delta$; the ventral striatum, which projects back to them, acts as the critic, and the dorsal
# striatum, which selects actions, as the actor. In human imaging the ventral striatum carries
# prediction errors in passive and active tasks alike, the dorsal striatum only when the
# subject chooses (O'Doherty et al. 2004).
#
# A small task: a linear track of 7 positions; the agent starts in the middle and steps left or
# right; leaving on the right pays 1, on the left nothing. The shortest path takes 4 steps.
# Compare the actor-critic with **Q-learning** (Watkins & Dayan 1992), which learns action values
# directly, $Q(s,a) \mathrel{+}= \alpha[r + \gamma \max_{a'} Q(s', a') - Q(s, a)]$, and acts
# epsilon-greedily.

# %%
track = reward.TrackParams()
actor_critic = reward.run_actor_critic(track, n_episodes=200, n_runs=200, rng=rng)
q_learning = reward.run_q_learning(track, n_episodes=200, n_runs=200, epsilon=0.1, rng=rng)
fig, (ax_len, ax_policy) = plt.subplots(1, 2, figsize=(11, 3.4))
ax_len.plot(actor_critic.episode_lengths.mean(axis=0), lw=1.0, label="actor-critic")
ax_len.plot(q_learning.episode_lengths.mean(axis=0), lw=1.0, label="Q-learning, eps = 0.1")
ax_len.axhline(4, color=COLORS["neutral"], ls=":", label="shortest path")
ax_len.set_xlabel("Episode")
ax_len.set_ylabel("Steps to the end")
ax_len.legend()
positions = np.arange(track.n_states)
ax_policy.plot(positions, actor_critic.p_right.mean(axis=0), "o-", label="actor: P(right)")
ax_policy.plot(positions, actor_critic.values.mean(axis=0), "s-", label="critic: V")
ax_policy.plot(positions, 0.9 ** (track.n_states - 1 - positions), "k:", label="optimal V = 0.9^(steps - 1)")
ax_policy.set_xlabel("Position")
ax_policy.set_ylabel("Probability or value")
ax_policy.legend(fontsize=8);
# %% [markdown]
# The actor learns to step right wherever the critic has learned values, and the critic's
# values approach the optimal $\gamma^{k}$ near the goal. Far from the goal both lag: those
# states are visited less once the policy is good.
#
# ### Fitting a learner to choices
#
# The same models turn into measuring instruments. Give a subject (or a simulated one) a
# two-armed **reversal task** -- one arm pays with probability 0.8, the other with 0.2, and
# they swap every 50 trials -- and model its choices with a Q-learner that chooses by softmax,
# $P(a) \propto e^{\beta Q(a)}$. The likelihood of its choices is a function of the learning rate
# $\alpha$ and the <a id="term-inverse-temperature"></a>**inverse temperature** $\beta$; maximising it estimates both (Daw 2011; Wilson & Collins 2019).
# Here a subject simulated with $\alpha = 0.3$, $\beta = 5$:

# %%
# NBVAL_CHECK_OUTPUT
task = reward.reversal_task(1000)
subject = reward.run_choice_task(task, learning_rate=0.3, inverse_temperature=5.0, rng=7)
fit = reward.fit_choice_model(subject.choices, subject.rewards)
print(
    f"{subject.n_trials} choices: alpha = {fit.learning_rate:.2f} (true 0.30), beta = "
    f"{fit.inverse_temperature:.2f} (true 5.00)"
)

# %% [markdown]
# The likelihood landscape shows why such fits need many trials: $\alpha$ and $\beta$ trade off
# along a ridge, because a learner that updates fast but chooses noisily looks much like one
# that updates slowly and chooses sharply. Exercise 5 hands you a subject whose parameters are
# hidden.

# %%
alphas = np.linspace(0.05, 0.9, 35)
betas = np.linspace(1.0, 12.0, 35)
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
image = ax.contourf(alphas, betas, surface - surface.max(), levels=np.linspace(-40, 0, 11), extend="min")
ax.plot(0.3, 5.0, "kx", markersize=10, label="true")
ax.plot(fit.learning_rate, fit.inverse_temperature, "w*", markersize=12, label="fit")
fig.colorbar(image, ax=ax, label="log-likelihood - maximum")
ax.set_xlabel("Learning rate alpha")
ax.set_ylabel("Inverse temperature beta")
ax.legend(loc="upper right");
# %% [markdown]
# ## 6. From brain to AI
#
# ### TD-Gammon and DQN
#
# TD learning left the laboratory early. Tesauro (1995) trained a neural network to evaluate
# backgammon positions by TD($\lambda$), from games it played against itself, and it reached the
# level of the best human players. Mnih et al. (2015) put Q-learning on top of a deep
# convolutional network (DQN) and learned 49 Atari games from the screen pixels, most of them at
# human level or better. The learning signal in both is the TD error of section 3; what changed
# is the function that holds the values. DQN needed two devices that have no clear counterpart
# in the dopamine story: a replay memory of past transitions, sampled at random to break their
# correlations (the hippocampal replay of sleep and rest is an inviting but loose analogy), and a
# slowly updated copy of the network to compute targets from.
#
# ### Distributional RL and its dopamine evidence
#
# A TD learner predicts the **mean** return. Distributional RL learns the whole distribution
# (Bellemare et al. 2017), and one simple way to do it is a population of predictors that scale
# positive and negative errors differently. Predictor $i$ learns $V_i \mathrel{+}= \alpha_i^+ \delta$
# for $\delta > 0$ and $\alpha_i^- \delta$ for $\delta < 0$; it settles where the two balance,
# at the $\tau_i$-<a id="term-expectile"></a>**expectile** of the reward distribution with $\tau_i = \alpha_i^+/(\alpha_i^+ + \alpha_i^-)$.
# Optimists ($\tau > 1/2$) settle above the mean, pessimists below: together they encode the
# distribution.
#
# Dabney et al. (2020) found this in mice. Given rewards of seven sizes (0.1 to 20 µl) at random,
# different dopamine neurons reversed from dips to bursts at different reward sizes
# (<a id="term-reversal-point"></a>**reversal points**), and the neurons whose responses to positive errors were steeper
# relative to negative ones had the higher reversal points, as the model requires. Here the model
# on the seven sizes, made equally likely for illustration (in the experiment they were not: the
# middle sizes came more often):

# %%
magnitudes = np.array(reward.DABNEY_MAGNITUDES)
rewards = rng.choice(magnitudes, size=20000)
taus = np.linspace(0.1, 0.9, 9)
population = reward.run_distributional_td(rewards, asymmetries=taus, learning_rate=0.01)
fig, (ax_learn, ax_rev) = plt.subplots(1, 2, figsize=(11, 3.4))
for i in range(taus.size):
    ax_learn.plot(population.values[i, :5000], lw=0.6, color=plt.cm.viridis(i / (taus.size - 1)))
ax_learn.axhline(magnitudes.mean(), color="k", ls=":", label="mean reward")
ax_learn.set_xlabel("Trial")
ax_learn.set_ylabel("Value (µl)")
ax_learn.legend()
settled = population.values[:, -5000:].mean(axis=1)
ax_rev.plot(taus, reward.expectiles(magnitudes, taus), "k-", label="expectiles of the distribution")
ax_rev.plot(taus, settled, "o", label="learned reversal points")
ax_rev.set_xlabel("Asymmetry tau = alpha+ / (alpha+ + alpha-)")
ax_rev.set_ylabel("Reversal point (µl)")
ax_rev.legend();

# %% [markdown]
# **Where the analogy stops.** The dopamine neuron that "is" a TD error is a model of averaged
# responses in simple Pavlovian tasks. The algorithms of deep RL learn from millions of
# episodes, need replay and target networks to stay stable, and back-propagate errors through
# many layers; no one knows how the brain assigns credit to synapses far from the dopamine
# terminals, and the dopamine signal itself carries more than a scalar error (section 4). The
# distributional evidence is a striking match of one prediction -- diversity of reversal points
# that correlates with asymmetry -- not proof that the brain decodes a distribution. The
# exchange runs both ways, though: TD learning came from animal learning theory, and
# distributional RL went from AI back to the brain.

# %% [markdown]
# ## Summary
#
# - Learning is driven by **prediction errors**: Rescorla-Wagner explains blocking,
#   overshadowing and conditioned inhibition with one shared error.
# - An agent that chooses must **explore**: epsilon-greedy pays for it forever
#   (at most $1 - \varepsilon + \varepsilon/k$ optimal choices); optimism and UCB explore where it pays.
# - **TD learning** bootstraps: $\delta = r + \gamma V(s') - V(s)$ learns from every step and beats
#   Monte Carlo on the random walk.
# - The **TD error of a complete serial compound** reproduces the dopamine burst that moves from
#   the reward to the cue and the dip at omission; its timing and its gradual shift are where
#   the model and the data part.
# - The same error trains an **actor** (the basal-ganglia reading), and learning models fitted to
#   choices by maximum likelihood turn into measuring instruments.
# - TD learning runs **TD-Gammon and DQN**; **distributional RL** predicts the diverse reversal
#   points found in dopamine neurons.

# %% [markdown]
# ## References
#
# - Pavlov IP (1927) *Conditioned Reflexes*. Oxford University Press.
# - Kamin LJ (1969) Predictability, surprise, attention, and conditioning. In: Campbell BA, Church RM (eds) *Punishment and Aversive Behavior*, pp 279–296. Appleton-Century-Crofts.
# - Rescorla RA, Wagner AR (1972) A theory of Pavlovian conditioning: variations in the effectiveness of reinforcement and nonreinforcement. In: Black AH, Prokasy WF (eds) *Classical Conditioning II*, pp 64–99. Appleton-Century-Crofts.
# - Miller RR, Barnet RC, Grahame NJ (1995) Assessment of the Rescorla-Wagner model. *Psychol Bull* 117:363–386.
# - Sutton RS, Barto AG (2018) *Reinforcement Learning: An Introduction*, 2nd ed. MIT Press.
# - Auer P, Cesa-Bianchi N, Fischer P (2002) Finite-time analysis of the multiarmed bandit problem. *Mach Learn* 47:235–256.
# - Sutton RS (1988) Learning to predict by the methods of temporal differences. *Mach Learn* 3:9–44.
# - Montague PR, Dayan P, Sejnowski TJ (1996) A framework for mesencephalic dopamine systems based on predictive Hebbian learning. *J Neurosci* 16:1936–1947.
# - Schultz W, Dayan P, Montague PR (1997) A neural substrate of prediction and reward. *Science* 275:1593–1599.
# - Hollerman JR, Schultz W (1998) Dopamine neurons report an error in the temporal prediction of reward during learning. *Nat Neurosci* 1:304–309.
# - Fiorillo CD, Tobler PN, Schultz W (2003) Discrete coding of reward probability and uncertainty by dopamine neurons. *Science* 299:1898–1902.
# - Pan WX, Schmidt R, Wickens JR, Hyland BI (2005) Dopamine cells respond to predicted events during classical conditioning: evidence for eligibility traces in the reward-learning network. *J Neurosci* 25:6235–6242.
# - Ludvig EA, Sutton RS, Kehoe EJ (2008) Stimulus representation and the timing of reward-prediction errors in models of the dopamine system. *Neural Comput* 20:3034–3054.
# - Steinberg EE, Keiflin R, Boivin JR, Witten IB, Deisseroth K, Janak PH (2013) A causal link between prediction errors, dopamine neurons and learning. *Nat Neurosci* 16:966–973.
# - Amo R, Matias S, Yamanaka A, Tanaka KF, Uchida N, Watabe-Uchida M (2022) A gradual temporal shift of dopamine responses mirrors the progression of temporal difference error in machine learning. *Nat Neurosci* 25:1082–1092.
# - Barto AG (1995) Adaptive critics and the basal ganglia. In: Houk JC, Davis JL, Beiser DG (eds) *Models of Information Processing in the Basal Ganglia*, pp 215–232. MIT Press.
# - Joel D, Niv Y, Ruppin E (2002) Actor-critic models of the basal ganglia: new anatomical and computational perspectives. *Neural Netw* 15:535–547.
# - O'Doherty J, Dayan P, Schultz J, Deichmann R, Friston K, Dolan RJ (2004) Dissociable roles of ventral and dorsal striatum in instrumental conditioning. *Science* 304:452–454.
# - Watkins CJCH, Dayan P (1992) Q-learning. *Mach Learn* 8:279–292.
# - Daw ND (2011) Trial-by-trial data analysis using computational models. In: Delgado MR, Phelps EA, Robbins TW (eds) *Decision Making, Affect, and Learning*, pp 3–38. Oxford University Press.
# - Wilson RC, Collins AGE (2019) Ten simple rules for the computational modeling of behavioral data. *eLife* 8:e49547.
# - Tesauro G (1995) Temporal difference learning and TD-Gammon. *Commun ACM* 38:58–68.
# - Mnih V, Kavukcuoglu K, Silver D, et al. (2015) Human-level control through deep reinforcement learning. *Nature* 518:529–533.
# - Bellemare MG, Dabney W, Munos R (2017) A distributional perspective on reinforcement learning. *Proc ICML*, PMLR 70:449–458.
# - Dabney W, Kurth-Nelson Z, Uchida N, Starkweather CK, Hassabis D, Munos R, Botvinick M (2020) A distributional code for value in dopamine-based reinforcement learning. *Nature* 577:671–675.
#
# ## Glossary
#
# - **associative strength** $V$: how strongly a cue predicts the reinforcer (Rescorla-Wagner).
# - **blocking**: a cue added to an already predictive cue learns (almost) nothing.
# - **overshadowing**: of two cues trained together, the more salient takes the larger share.
# - **conditioned inhibitor**: a cue that predicts the absence of an expected reward ($V < 0$).
# - **prediction error**: received minus predicted reward (plus discounted future prediction, in TD).
# - **exploration / exploitation**: trying uncertain options versus choosing the best-looking one.
# - **epsilon-greedy, UCB, softmax**: ways to choose among estimated values.
# - **return** $G_t$: the discounted sum of future rewards; **value**: its expectation.
# - **bootstrapping**: updating an estimate from another estimate (TD), not only from outcomes (Monte Carlo).
# - **eligibility trace**: a decaying mark of recently visited states that lets one error update them all.
# - **complete serial compound**: one feature per time step since a cue; a tapped delay line.
# - **actor-critic**: a policy (actor) trained by the TD error of a value learner (critic).
# - **inverse temperature** $\beta$: how deterministically a softmax chooser follows its values.
# - **expectile**: the value where asymmetrically weighted positive and negative errors balance.
# - **reversal point**: the reward size at which a dopamine neuron's response changes sign.
