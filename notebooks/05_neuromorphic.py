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
# # 05 · Neuromorphic computing
#
# *What a spike costs, what a bit costs, and what you give up: spike codes, event-driven
# simulation, learning on chip with STDP, fixed-point neurons, and turning a trained network
# into a spiking one.*
#
# **Objectives.** After this chapter you can
# 1. say why spikes can save energy (events, sparsity, locality) and when they do not (10 min);
# 2. encode numbers as rate, latency, delta and sigma-delta spike trains and predict the error of a rate code (25 min);
# 3. count the synaptic operations and neuron updates of event-driven and clock-driven simulation and find where each wins (20 min);
# 4. state the STDP pair rule with Bi & Poo's time constants, and explain competition (Song et al.) and the eligibility trace of reward-modulated STDP (30 min);
# 5. write one step of a Loihi-style fixed-point neuron and measure what the bit widths cost (20 min);
# 6. convert a ReLU network to integrate-and-fire neurons with data-based normalisation and weigh accuracy, latency and energy (30 min);
# 7. place Loihi, TrueNorth, SpiNNaker and surrogate-gradient training in the picture, and say where the brain analogy stops (15 min).
#
# **Estimated time:** about 2 h 30 min with the exercises (`exercises/05_neuromorphic.ipynb`).
#
# **Prerequisites:** chapter 01 (the LIF neuron, spiking networks); a little probability (binomial
# and Poisson counts); a feed-forward network and its training by gradient descent.

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
from neurocourse import neuromorphic as nm
from neurocourse.learning import stdp

nc.plotting.use_course_style()
rng = np.random.default_rng(2026)
COLORS = nc.plotting.COLORS

# %% [markdown]
# ## 1. Why spikes?
#
# A GPU multiplies every weight by every activation at every layer, whether the activation is
# 0.9 or 0. A brain does something different in three ways:
#
# - **events**: a neuron talks only when it spikes, so communication and computation happen
#   when something changes, not at every tick of a clock;
# - **sparsity**: cortical neurons fire a few spikes per second, so at any moment almost all
#   synapses are idle, and an idle synapse costs (almost) nothing;
# - **locality**: memory (the synapse) sits next to the arithmetic (the dendrite), so weights
#   are not shipped across a chip, which in a conventional processor costs far more energy
#   than the arithmetic itself (Horowitz 2014).
#
# Neuromorphic chips copy these three. Whether they save energy depends on the numbers this
# chapter computes: how many events a code needs, how much each event costs, and how many bits
# the arithmetic keeps.

# %% [markdown]
# ## 2. Encoding information in spikes
#
# ### Rate codes
#
# The simplest code, a <a id="term-rate-code"></a>**rate code**, sends a value $x \in [0, 1]$ as a spike train of rate $x\,r_{max}$. In
# discrete time, each step of $\Delta t$ holds a spike with probability $p = x\,r_{max}\Delta t/1000$
# (a Bernoulli process, the discrete-time Poisson process). The receiver counts the spikes in a
# window $T$ and divides by $r_{max}T$. The count is binomial, so the decoded value has standard
# deviation
#
# $$\sigma = \sqrt{\frac{1000\,x(1-p)}{r_{max}\,T}} \propto \frac{1}{\sqrt{T}}:$$
#
# to halve the error you must wait four times longer (and spend four times as many spikes).

# %%
values = np.array([0.1, 0.5, 0.9])
spikes = nm.encode_rate(values, duration=200.0, dt=1.0, max_rate=100.0, rng=rng)
fig, ax = plt.subplots(figsize=(7, 2.2))
for row, train in enumerate(spikes):
    ax.plot(np.flatnonzero(train), np.full(train.sum(), row), "|", markersize=12)
ax.set_yticks(range(3), [f"x = {v}" for v in values])
ax.set_xlabel("Time (ms)")
ax.set_title("Rate code, r_max = 100 Hz")
plt.show();

# %% [markdown]
# The standard error falls as $1/\sqrt{T}$: 4000 encoded trains of $x = 0.3$, decoded over
# windows of 10 ms to 3.2 s, against the closed form.

# %%
trains = nm.encode_rate(np.full(4000, 0.3), duration=3200.0, dt=1.0, max_rate=100.0, rng=rng)
windows = np.array([10, 20, 50, 100, 200, 400, 800, 1600, 3200])
measured = [np.std(nm.decode_rate(trains[:, :w], dt=1.0, max_rate=100.0)) for w in windows]
fig, ax = plt.subplots(figsize=(5, 3.2))
ax.loglog(windows, measured, "o", label="simulated")
ax.loglog(
    windows,
    nm.rate_code_error(0.3, windows),
    color=COLORS["analytic"],
    label=r"closed form $\propto T^{-1/2}$",
)
ax.set_xlabel("Window T (ms)")
ax.set_ylabel("Std of decoded x")
ax.legend()
plt.show()
slope = np.polyfit(np.log(windows), np.log(measured), 1)[0]
print(f"log-log slope {slope:.3f} (theory -0.5)")

# %% [markdown]
# ### Latency, delta and sigma-delta codes
#
# Other codes spend fewer spikes. A **latency** code sends one spike per value and window: the
# larger the value, the earlier the spike. A <a id="term-delta-sigma-delta-code"></a>**delta** (send-on-delta) code sends an up or
# down event whenever the signal has moved by a step $\theta$ since the last event, so a
# constant signal costs nothing; its error stays below $\theta$. A **sigma-delta** code
# integrates the signal and fires whenever the integral crosses $\theta$: its event rate
# follows the level, and averaging the events over a window recovers it (Loihi 2 and the
# Lava framework use such graded and sigma-delta neurons for exactly this reason).
#
# The explorer encodes a slow signal with each scheme. Watch the number of events and the
# error as you change the window: the rate code needs hundreds of spikes to be accurate, the
# delta code a few dozen.

# %%
nc.widgets.encoder_explorer()

# %% [markdown]
# ## 3. Event-driven against clock-driven computing
#
# A clock-driven simulator updates every neuron at every step: the leak of $N$ neurons costs
# $N$ updates per step even when nothing happens. An <a id="term-event-driven"></a>**event-driven** simulator touches a neuron
# only when a spike arrives, and makes up for the missed leak in one multiplication,
# $V \leftarrow E_L + (V - E_L)\,e^{-k\Delta t/\tau_m}$ for the $k$ steps since its last update.
# Both do one <a id="term-synaptic-operation-synop"></a>**synaptic operation** (SynOp) per spike and target; they differ in the **neuron
# updates**. `nm.simulate_event_network` runs the same network (chapter 01's connectivity
# and LIF parameters: 200 Poisson inputs, 400 neurons, delta synapses) both ways; the spikes
# are identical, the work is not.

# %%
rng_net = np.random.default_rng(7)
inputs = nc.networks.fixed_indegree(200, 400, 40, weight=3.0, rng=rng_net)
recurrent = nc.networks.fixed_indegree(400, 400, 40, weight=-0.4, rng=rng_net, allow_autapses=False)
connectivity = nc.networks.stack_presynaptic([inputs, recurrent])

input_rates = [0.5, 1, 2, 5, 10, 20, 40]
counts = {"event": [], "clock": []}
for rate in input_rates:
    raster = nm.encode_rate(np.ones(200), duration=500.0, dt=0.1, max_rate=rate, rng=rng_net)
    for method in counts:
        run = nm.simulate_event_network(connectivity, raster, duration=500.0, dt=0.1, method=method)
        counts[method].append((run.synaptic_ops, run.neuron_updates, run.mean_rate))

fig, ax = plt.subplots(figsize=(6, 3.4))
for method, colour in (("clock", COLORS["inhibitory"]), ("event", COLORS["excitatory"])):
    ops = np.array(counts[method])
    ax.loglog(input_rates, ops[:, 1], "o-", color=colour, label=f"{method}-driven: neuron updates")
ax.loglog(
    input_rates, np.array(counts["event"])[:, 0], "s--", color=COLORS["neutral"], label="synaptic ops (both)"
)
ax.set_xlabel("Input rate (Hz)")
ax.set_ylabel("Operations in 500 ms")
ax.legend(fontsize=8)
plt.show();

# %% [markdown]
# The clock-driven count is flat (400 neurons x 5000 steps); the event-driven count grows
# with activity and meets it when almost every neuron receives an event in almost every step.
# In wall time the crossover comes earlier, because an event costs more than a tick (a power,
# a random memory access): `benchmarks/neuromorphic.py` measures it. Events win when activity
# is **sparse in time** (most neurons, most steps, no input); dense activity gives the clock
# back its advantage.

# %% [markdown]
# ## 4. Learning on chip: spike-timing-dependent plasticity
#
# ### The pair rule
#
# <a id="term-stdp"></a>**Spike-timing-dependent plasticity** (STDP). Bi & Poo (1998) paired pre- and postsynaptic spikes in hippocampal cultures and measured the
# change of the synaptic current. Pre before post ($\Delta t = t_{post} - t_{pre} > 0$)
# potentiated, post before pre depressed, both fading exponentially with $|\Delta t|$, with
# fitted time constants $\tau_+ = 16.8$ ms and $\tau_- = 33.7$ ms:
#
# $$\Delta w = \begin{cases} A_+ e^{-\Delta t/\tau_+} & \Delta t > 0 \\ -A_- e^{\Delta t/\tau_-} & \Delta t < 0.\end{cases}$$

# %%
params_bp = stdp.STDPParams()  # tau+ = 16.8 ms, tau- = 33.7 ms (Bi & Poo 1998)
delta = np.linspace(-100, 100, 401)
fig, ax = plt.subplots(figsize=(5.5, 3.2))
ax.axhline(0, color=COLORS["neutral"], lw=0.8)
ax.plot(delta, stdp.stdp_window(delta, params_bp))
ax.set_xlabel(r"$\Delta t = t_{post} - t_{pre}$ (ms)")
ax.set_ylabel("Weight change")
ax.set_title("STDP window with Bi & Poo's time constants")
plt.show();

# %% [markdown]
# A chip does not store spike histories: each neuron keeps a <a id="term-trace"></a>**trace** that jumps at its spikes
# and decays with $\tau$. A postsynaptic spike reads the presynaptic trace (potentiation), a
# presynaptic spike reads the postsynaptic trace (depression). If a trace jumps *by* 1, every
# earlier spike counts (all-to-all pairing); if it jumps *to* 1, only the nearest one does
# (Morrison et al. 2008). The two agree for sparse spikes and differ at high rates:

# %%
for rate in (5.0, 20.0, 50.0):
    pre = nc.inputs.poisson_spike_trains(rate, duration=20_000.0, rng=rng).spike_times
    post = nc.inputs.poisson_spike_trains(rate, duration=20_000.0, rng=rng).spike_times
    both = [stdp.stdp_weight_change(pre, post, params_bp, pairing=p) for p in ("all_to_all", "nearest")]
    print(f"{rate:4.0f} Hz: all-to-all {both[0]:+.3f}, nearest {both[1]:+.3f}")

# %% [markdown]
# ### Competition
#
# Song, Miller & Abbott (2000) gave a conductance-based integrate-and-fire neuron 1000
# excitatory Poisson inputs with STDP and 200 fixed inhibitory ones. Each excitatory synapse
# has a strength between 0 and $\bar g_{max} = 0.015$ (in units of the leak conductance); a pair
# changes it by at most $A_+ = 0.005\,\bar g_{max}$, with $\tau_+ = \tau_- = 20$ ms and a
# slightly stronger depression, $A_-/A_+ = 1.05$. Inputs that happen to help fire the neuron are
# potentiated, which makes them help more; the rest are depressed. The weights split into a
# U-shaped distribution, and because potentiation needs causal spikes, the neuron regulates its
# own rate: after learning its output depends much less on the input rate.
#
# We run their neuron with their parameters (the defaults of `CompetitiveSTDPParams`) from
# uniform weights at the input rates of their Fig. 2, 10 to 40 Hz. With so small an $A_+$
# learning is slow. In our runs at 10 Hz, the slowest case, the two ends of the distribution
# hold four times as many synapses as its middle only after about 750 s of simulated time, and
# the output rate settles by about 900 s (at 40 Hz: 300 s). So each run learns for 1000 s, a
# second or two of compute.

# %%
song = stdp.CompetitiveSTDPParams()  # Song et al.: A+ = 0.005, A-/A+ = 1.05, tau = 20 ms, g_max = 0.015
rates_in = [10.0, 20.0, 30.0, 40.0]
learned = {  # 1000 s at each input rate, weights saved every 100 s
    r: stdp.simulate_competitive_stdp(song, input_rate=r, duration=1_000_000.0, n_snapshots=10, rng=1)
    for r in rates_in
}


def output_rate(input_rate, weights):
    """Output rate [Hz] over 10 s with the weights frozen."""
    return stdp.simulate_competitive_stdp(
        song, input_rate=input_rate, duration=10_000.0, plastic=False, w_init=weights, rng=2
    ).output_rate()


before = [output_rate(r, learned[r].weight_history[0]) for r in rates_in]  # the initial weights
after = [output_rate(r, learned[r].weights) for r in rates_in]
for r, b, a in zip(rates_in, before, after):
    print(f"input {r:2.0f} Hz: output {b:5.1f} Hz before learning, {a:4.1f} Hz after")

slow = learned[10.0]  # the slowest to split
fig, axes = plt.subplots(1, 3, figsize=(12, 3.2))
for weights, label, colour in (
    (slow.weight_history[0], "0 s", COLORS["neutral"]),
    (slow.weight_history[5], "500 s", COLORS["sky"]),
    (slow.weights, "1000 s", COLORS["excitatory"]),
):
    axes[0].hist(weights, bins=20, range=(0, 1), histtype="step", lw=1.5, color=colour, label=label)
axes[0].set_title("Learning at 10 Hz")
for r, colour in zip(rates_in, (COLORS["excitatory"], COLORS["sky"], COLORS["neutral"], COLORS["inhibitory"])):
    axes[1].hist(learned[r].weights, bins=20, range=(0, 1), histtype="step", lw=1.5, color=colour, label=f"{r:.0f} Hz")
axes[1].set_title("After 1000 s")
for ax in axes[:2]:
    ax.set_xlabel("w / g_max")
    ax.set_ylabel("Synapses")
    ax.legend(fontsize=8)
axes[2].semilogy(rates_in, before, "o-", color=COLORS["neutral"], label="before (initial weights)")
axes[2].semilogy(rates_in, after, "o-", color=COLORS["excitatory"], label="after 1000 s of STDP")
axes[2].set_xlabel("Input rate (Hz)")
axes[2].set_ylabel("Output rate (Hz)")
axes[2].legend(fontsize=8)
plt.show();

# %% [markdown]
# These are Song et al.'s two results. The weights end U-shaped: most synapses near 0 or near
# $\bar g_{max}$, few in between. The higher the input rate, the fewer synapses stay strong
# (middle), so that the total causal drive, and with it the output rate, changes little:
# with the initial weights the output rate grows more than a hundredfold from 10 to 40 Hz
# input (this neuron has no refractory period), after learning it stays near 10-15 Hz. Our
# weights at 10 Hz are still moving after 1000 s (the ends keep filling for another 1000 s);
# the output rate has settled.
#
# The explorer below runs a smaller version of the neuron so that it answers in tens of
# milliseconds: 250 inputs, each four times stronger ($\bar g_{max} = 0.06$, the same largest
# total drive), $A_+ = 0.01$ by default (twice theirs), and only the first 100 s of learning.
# Each of the fewer, stronger inputs sways the output more, so this neuron settles at a higher
# rate; the competition and the rate normalisation are the same. Explore the window's shape
# and the input rate:

# %%
nc.widgets.stdp_explorer()

# %% [markdown]
# ### Reward: the eligibility trace
#
# STDP alone learns correlations, not what is useful. Izhikevich (2007) let each pairing set an
# <a id="term-eligibility-trace"></a>**eligibility trace** $c$ instead of the weight; $c$ decays over about a second, and the
# weight changes only when dopamine $d$ is present: $\dot w = c\,d$. A reward that arrives a
# second after the pairing still finds the tag and strengthens the synapse: this bridges the
# delay between action and reward (the distal reward problem).

# %%
n_steps = 4000
pre, post, reward = (np.zeros(n_steps, dtype=bool) for _ in range(3))
pre[100], post[110], reward[1100] = True, True, True
rewarded = stdp.simulate_reward_stdp(pre, post, reward, duration=n_steps)
fig, axes = plt.subplots(3, 1, figsize=(7, 4.5), sharex=True)
for ax, trace, label in zip(
    axes,
    (rewarded.eligibility, rewarded.dopamine, rewarded.weight),
    ("eligibility c", "dopamine d", "weight w"),
    strict=True,
):
    ax.plot(rewarded.time, trace)
    ax.set_ylabel(label)
axes[0].axvline(110, color=COLORS["highlight"], lw=0.8)
axes[1].axvline(1100, color=COLORS["highlight"], lw=0.8)
axes[-1].set_xlabel("Time (ms)")
plt.show();

# %% [markdown]
# ## 5. Fixed-point arithmetic
#
# Loihi (Davies et al. 2018) has no floating point: it computes in
# <a id="term-fixed-point"></a>**fixed point**. Its current-based LIF neuron keeps a
# synaptic current $u$ and a voltage $v$ as 24-bit signed integers and decays them with 12-bit
# constants, a multiply and a right shift instead of a division:
#
# $$u \leftarrow \mathrm{sat}\Big(\big\lfloor u\,(2^{12} - \delta_u) / 2^{12} \big\rceil_0 + (x \ll 6)\Big), \qquad
#   v \leftarrow \mathrm{sat}\Big(\big\lfloor v\,(2^{12} - \delta_v) / 2^{12} \big\rceil_0 + u + b\Big),$$
#
# where $\lfloor\cdot\rceil_0$ rounds toward zero and $\mathrm{sat}$ clips to $\pm(2^{23}-1)$. The
# neuron fires when $v \ge \theta \ll 6$ and resets $v$ to 0. `nm.fixed_point_lif_step` is this
# step in plain Python integers (the documented reference, after the order of operations of
# Lava's bit-accurate CUBA LIF model); `nm.simulate_fixed_point_lif` is the compiled version,
# and the tests hold them equal bit for bit over 50 000 random steps. Three differences from
# Lava (checked against its `PyLifModelBitAcc`): the current saturates here where Lava lets it
# wrap around; the threshold test is the course's $v \ge \theta$ where Lava's is $v > \theta$;
# and Lava adds a fixed 1 to $\delta_u$ (a 1-bit offset register of Loihi 1, so that a 12-bit
# field can reach 4096), where our $\delta_u$ is the effective constant itself.

# %%
fixed_params = nm.FixedPointLIFParams(
    du=nm.decay_constant(5.0), dv=nm.decay_constant(20.0), v_threshold=20_000
)
weighted_input = (rng.random(300) < 0.3) * rng.integers(20, 80, 300)
fixed = nm.simulate_fixed_point_lif(fixed_params, weighted_input, duration=300.0)
ideal = nm.simulate_float_lif(fixed_params, weighted_input, duration=300.0, tau_u=5.0, tau_v=20.0)
fig, ax = plt.subplots(figsize=(7, 3))
ax.plot(
    ideal.time,
    ideal.voltage[0] / fixed_params.threshold_value,
    color=COLORS["analytic"],
    lw=1,
    label="float, exact decay",
)
ax.plot(
    fixed.time,
    fixed.voltage[0] / fixed_params.threshold_value,
    color=COLORS["inhibitory"],
    lw=1,
    ls="--",
    label="12-bit decays, 24-bit states",
)
ax.set_xlabel("Time step (ms)")
ax.set_ylabel("v / threshold")
ax.legend(fontsize=8)
plt.show();

# %% [markdown]
# What do the bits cost? With $b$ decay bits a time constant can only be one of
# $-1/\ln(1 - k/2^b)$ steps: 4 bits make a 20 ms membrane into 15.5 ms. The divergence from
# the exact float neuron falls with the bit width until the rounding of the state dominates:

# %%
bits_list = list(range(4, 17, 2))
errors = []
for bits in bits_list:
    p = nm.FixedPointLIFParams(
        du=nm.decay_constant(5.0, bits=bits),
        dv=nm.decay_constant(20.0, bits=bits),
        decay_bits=bits,
        v_threshold=10**5,
    )
    f = nm.simulate_fixed_point_lif(p, weighted_input, duration=300.0)
    e = nm.simulate_float_lif(p, weighted_input, duration=300.0, tau_u=5.0, tau_v=20.0)
    errors.append(np.sqrt(np.mean((f.voltage - e.voltage) ** 2)) / np.abs(e.voltage).mean())
fig, ax = plt.subplots(figsize=(5, 3))
ax.semilogy(bits_list, errors, "o-")
ax.set_xlabel("Decay bits")
ax.set_ylabel("RMS error / mean |v|")
plt.show();

# %%
nc.widgets.bit_width_explorer()

# %% [markdown]
# ## 6. From ANN to SNN
#
# A ReLU unit's output and an integrate-and-fire neuron's rate are close relatives: a neuron
# that integrates a constant input $z$ with threshold 1 and <a id="term-reset-by-subtraction"></a>**reset by subtraction** fires
# $\lfloor t z\rfloor$ spikes in $t$ steps, a rate that converges to $z$ for $0 \le z \le 1$. So a
# trained ReLU network can be run as a spiking one (Diehl et al. 2015; Rueckauer et al. 2017), if
#
# - every activation stays below 1 (one spike per step), by
#   <a id="term-weight-normalisation"></a>**weight normalisation**: divide layer $l$ by a scale
#   $\lambda_l$ taken from the data, the maximum activation (Diehl et al.) or, more robustly, its
#   99.9th percentile (Rueckauer et al.), and multiply the next layer's weights by it:
#   $W_l \leftarrow W_l\,\lambda_{l-1}/\lambda_l$, $b_l \leftarrow b_l/\lambda_l$;
# - the charge above threshold is kept: **reset to zero** throws it away at every spike, so a
#   neuron with input 0.6 fires every second step (rate 0.5) no matter how long you wait.
#
# We train a 64-64-32-10 ReLU network on the UCI 8x8 digits of Alpaydin & Kaynak (1998), which
# ship with the package under CC BY 4.0 (1347 training and 450 test images; about a second of
# numpy).

# %%
task = nm.digits_task(progress=True)
print(f"ANN test accuracy {task.ann_accuracy:.4f}")

# %%
snn = nm.convert_to_snn(task.mlp, task.x_train, method="percentile", percentile=99.9)
checkpoints = np.arange(10, 401, 10)
runs = {
    reset: nm.simulate_converted_snn(snn, task.x_test, n_steps=400, reset=reset, checkpoints=checkpoints)
    for reset in ("subtract", "zero")
}
fig, ax = plt.subplots(figsize=(6, 3.4))
for reset, run in runs.items():
    ax.plot(checkpoints, 100 * run.accuracy(task.y_test), label=f"reset {reset}")
ax.axhline(100 * task.ann_accuracy, color=COLORS["analytic"], ls="--", lw=1, label="ANN")
ax.set_xlabel("Time steps T")
ax.set_ylabel("Test accuracy (%)")
ax.set_ylim(80, 100)
ax.legend()
plt.show();

# %%
# NBVAL_CHECK_OUTPUT
for reset, run in runs.items():
    acc = run.accuracy(task.y_test)
    print(f"reset {reset:8s}: T = 50 {acc[4]:.4f}, T = 200 {acc[19]:.4f}, T = 400 {acc[-1]:.4f}")

# %% [markdown]
# With reset by subtraction the spiking network reaches the ANN's accuracy within a few tenths
# of a percentage point once $T \gtrsim 200$ steps; reset to zero keeps a loss that more time
# does not remove. (The tests hold: at most 0.5 points below the ANN for $T \ge 200$.)
#
# ### Energy
#
# Davies et al. (2018) give Loihi's energy per operation: at least 23.6 pJ per synaptic spike
# operation, 81 pJ per active and 52 pJ per inactive neuron update. These are **pre-silicon
# estimates** from circuit simulation, and the synaptic figure is a **minimum**; chip-level
# measurements add static power and routing. The ANN's arithmetic on a 45 nm processor costs
# 4.6 pJ per 32-bit float multiply-accumulate (Horowitz 2014), not counting memory traffic.

# %%
macs = nm.mlp_macs(task.mlp)
ann_energy = nm.ann_energy(macs=macs)
print(f"ANN: {macs} MACs -> {ann_energy.total / 1e3:.1f} nJ per inference (arithmetic only)")
for T in (50, 200):
    short = nm.simulate_converted_snn(snn, task.x_test, n_steps=T, reset="subtract")
    energy = nm.snn_energy(
        synaptic_ops=short.synaptic_ops,
        active_updates=short.active_updates,
        inactive_updates=short.inactive_updates,
        input_macs=short.input_macs,
    )
    parts = ", ".join(f"{k} {v / 1e3:.0f} nJ" for k, v in energy.parts.items() if v)
    print(f"SNN, T = {T}: {energy.total / 1e3:.0f} nJ per inference ({parts})")

# %% [markdown]
# For this small, dense network the converted SNN costs far *more* than the ANN's arithmetic:
# a rate code needs hundreds of steps, every neuron is updated at every step, and each hidden
# unit spikes many times. Spiking hardware pays off when activity is sparse (few spikes per
# neuron per inference, few neurons active), when the input is itself a stream of events (an
# event camera), or when the ANN's memory traffic, which we left out, dominates. Explore the
# trade-off between time steps, reset and normalisation:

# %%
nc.widgets.conversion_dashboard()

# %% [markdown]
# ## 7. From brain to AI
#
# **The chips.** IBM's TrueNorth (Merolla et al. 2014) runs a million simple integrate-and-fire
# neurons at 70 mW, with binary synapses, a few shared weight values and no learning on chip. SpiNNaker (Furber et
# al. 2014) takes the opposite road: a million ARM cores that send spikes as small packets, so
# any neuron model can be programmed, at a higher cost per event. Intel's Loihi (Davies et
# al. 2018) sits in between: fixed-point CUBA neurons as in section 5, and programmable
# trace-based learning rules such as the STDP of section 4 running on the chip.
#
# **Training spiking networks directly.** Conversion wastes time steps; training the spiking
# network itself is the alternative. A spike is a step function of the voltage, whose
# derivative is zero almost everywhere, so backpropagation through time stops at every
# threshold. <a id="term-surrogate-gradient"></a>**Surrogate gradients** (Zenke & Ganguli 2018; Neftci et al. 2019) keep the step in
# the forward pass and use a smooth stand-in for its derivative in the backward pass. A few
# lines of numpy train 2 LIF neurons to tell two noisy Poisson input patterns apart from their
# spike counts:

# %%
rng_sg = np.random.default_rng(5)
n_in, T, beta = 40, 50, 0.9
prototypes = rng_sg.uniform(0.02, 0.3, (2, n_in))  # spike probability per step, one row per class


def sample(n):
    labels = rng_sg.integers(0, 2, n)
    return rng_sg.random((n, T, n_in)) < prototypes[labels][:, None, :], labels


def forward(w, x):
    v, voltages, spikes = np.zeros((x.shape[0], 2)), [], []
    for t in range(T):
        v = beta * v + x[:, t] @ w
        s = (v >= 1.0).astype(float)  # forward: the real step
        voltages.append(v.copy())
        spikes.append(s)
        v = v - s
    return np.array(voltages), np.array(spikes)


def surrogate(v):  # backward: a fast sigmoid's slope at v
    return 1.0 / (1.0 + 10.0 * np.abs(v - 1.0)) ** 2


x_train, y_train = sample(400)
w = rng_sg.normal(0.05, 0.05, (n_in, 2))
for _epoch in range(30):
    voltages, spikes = forward(w, x_train)
    logits = spikes.sum(axis=0) / 5.0
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    d_v, grad = np.zeros((len(y_train), 2)), np.zeros_like(w)
    for t in reversed(range(T)):  # backpropagation through time
        d_v = beta * d_v + (p - np.eye(2)[y_train]) / (5.0 * len(y_train)) * surrogate(voltages[t])
        grad += x_train[:, t].T @ d_v
    w -= 0.02 * grad
x_test, y_test = sample(400)
print(
    f"test accuracy after 30 epochs: {np.mean(forward(w, x_test)[1].sum(axis=0).argmax(axis=1) == y_test):.3f}"
)

# %% [markdown]
# **Where the analogy stops.**
#
# - Brains are not known to use backpropagation through time, nor surrogate gradients; STDP
#   and reward-modulated STDP are local and biologically grounded, but on their own they do not
#   yet train networks that compete with gradient descent on hard tasks.
# - A neuromorphic chip's "neurons" are a few integer operations; real neurons have dendrites,
#   many channel types, neuromodulation and stochastic synapses (chapter 01).
# - Energy claims need care. Per-operation figures (like the pre-silicon Loihi numbers above)
#   leave out static power, data movement off the chip and the time steps a rate code needs;
#   fair comparisons count the whole system on the same task, and for dense, static inputs such
#   as our digits a GPU or a small accelerator is often cheaper.
# - The brain's 20 W comes from sparse activity (a few Hz on average), analogue computation
#   and slow, parallel wiring. Spiking chips copy the sparsity and the events; they do not copy
#   the analogue physics, and the algorithms that exploit sparsity are still being found.

# %% [markdown]
# ## Summary
#
# - Spikes save energy only when activity is sparse: an event costs more than a clock tick, so
#   event-driven computing wins at low activity and loses at high activity.
# - A rate code's error falls as $1/\sqrt{T}$; latency, delta and sigma-delta codes trade
#   accuracy, delay and spike count differently.
# - STDP with Bi & Poo's window ($\tau_+ = 16.8$, $\tau_- = 33.7$ ms) runs on chip with traces;
#   slightly dominant depression makes inputs compete (Song et al.) and stabilises the output
#   rate; an eligibility trace links STDP to a delayed reward (Izhikevich).
# - Loihi-style neurons are a few integer operations: 12-bit decays and 24-bit states keep the
#   error below 0.1 %, 4 bits do not.
# - ANN-to-SNN conversion with percentile normalisation and reset by subtraction matches the
#   ANN after ~200 steps; reset to zero keeps a loss; for a small dense network the spiking
#   version costs more energy than the ANN's arithmetic.
#
# ## References
#
# - Bi G-q, Poo M-m (1998) Synaptic modifications in cultured hippocampal neurons: dependence on spike timing, synaptic strength, and postsynaptic cell type. *J Neurosci* 18:10464–10472.
# - Song S, Miller KD, Abbott LF (2000) Competitive Hebbian learning through spike-timing-dependent synaptic plasticity. *Nat Neurosci* 3:919–926.
# - Morrison A, Diesmann M, Gerstner W (2008) Phenomenological models of synaptic plasticity based on spike timing. *Biol Cybern* 98:459–478.
# - Izhikevich EM (2007) Solving the distal reward problem through linkage of STDP and dopamine signaling. *Cereb Cortex* 17:2443–2452.
# - Davies M, Srinivasa N, Lin T-H, et al. (2018) Loihi: a neuromorphic manycore processor with on-chip learning. *IEEE Micro* 38:82–99.
# - Horowitz M (2014) Computing's energy problem (and what we can do about it). *Proc IEEE ISSCC* 2014:10–14.
# - Diehl PU, Neil D, Binas J, Cook M, Liu S-C, Pfeiffer M (2015) Fast-classifying, high-accuracy spiking deep networks through weight and threshold balancing. *Proc IJCNN* 2015:1–8.
# - Rueckauer B, Lungu I-A, Hu Y, Pfeiffer M, Liu S-C (2017) Conversion of continuous-valued deep networks to efficient event-driven networks for image classification. *Front Neurosci* 11:682.
# - Merolla PA, Arthur JV, Alvarez-Icaza R, et al. (2014) A million spiking-neuron integrated circuit with a scalable communication network and interface. *Science* 345:668–673.
# - Furber SB, Galluppi F, Temple S, Plana LA (2014) The SpiNNaker project. *Proc IEEE* 102:652–665.
# - Zenke F, Ganguli S (2018) SuperSpike: supervised learning in multilayer spiking neural networks. *Neural Comput* 30:1514–1541.
# - Neftci EO, Mostafa H, Zenke F (2019) Surrogate gradient learning in spiking neural networks. *IEEE Signal Process Mag* 36:51–63.
# - Alpaydin E, Kaynak C (1998) Optical recognition of handwritten digits. *UCI Machine Learning Repository* doi:10.24432/C50P49.
#
# ## Glossary
#
# - **event-driven**: computing only when an event (a spike) arrives, instead of at every clock tick.
# - **synaptic operation (SynOp)**: delivering one spike through one synapse: read the weight, add it.
# - **rate code**, **latency code**: a value carried by a spike count in a window, or by the time of one spike.
# - **delta / sigma-delta code**: events that signal a change of the signal, or a quantum of its integral.
# - **STDP**: spike-timing-dependent plasticity; the weight change depends on the order and delay of pre and post spikes.
# - **trace**: a decaying variable that remembers recent spikes, read by the learning rule.
# - **eligibility trace**: a decaying tag set by STDP that a later reward turns into a weight change.
# - **fixed point**: integers with an implied scale; shifts replace divisions, values saturate at the ends of their range.
# - **weight normalisation**: rescaling each layer so that activations (rates) stay below one spike per step.
# - **reset by subtraction**: after a spike, subtract the threshold instead of setting the voltage to zero.
# - **surrogate gradient**: a smooth stand-in for the derivative of the spike step, used only in the backward pass.
