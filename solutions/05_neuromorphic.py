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
# # 05 · Neuromorphic computing: exercises
#
# Six exercises that follow the lecture (`notebooks/05_neuromorphic.ipynb`): build a Poisson
# encoder and predict its error, write the STDP pair rule, take one step of a Loihi-style
# fixed-point neuron, normalise a network's weights for conversion, price an inference in
# picojoules, and find the hidden time constants of a mystery synapse.
#
# **How it works.** Each exercise is a function with a `raise NotImplementedError(...)` line.
# Replace that line with your code, run the cell, then run the check cell under it. The check
# runs your function on cases you have not seen and says *passed*, *not attempted yet*, or
# what is wrong, with a hint. Cells after a check that use your function wait until it passes.
#
# **Estimated time:** about 90 minutes (15 + 10 + 20 + 15 + 10 + 20).

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

nc.plotting.use_course_style()
rng = np.random.default_rng(2026)

# %% [markdown]
# Exercise 6 gives every student their own synapse, so that answers differ from student to
# student. Put your student number here (digits only) and run the cell.
#
# *For instructors:* the seed is the only thing that selects a student's variant; grade with
# `neurocourse check`, which holds the course secret the student's kernel does not have.

# %%
STUDENT_SEED = 2026  # replace 2026 by your student number
print(f"Your student seed is {STUDENT_SEED}: your mystery synapse in exercise 6 is drawn from it.")

# %% [markdown]
# ## Exercise 1: a Poisson encoder and its error (15 min)
#
# Write `poisson_encode(values, n_steps, dt, max_rate, rng)`: `values` is a 1-D array of
# intensities in [0, 1]; return a boolean array of shape `(len(values), n_steps)` in which each
# step holds a spike with probability $p = x\,r_{max}\,\Delta t / 1000$ ($r_{max}$ in Hz, $\Delta t$
# in ms). Draw the random numbers from `rng`.
#
# Then write `rate_error(value, window, dt, max_rate)`: the standard deviation of the decoded
# value (count divided by $r_{max}T$, with $T$ = `window` in ms) for a value $x$, from the
# variance of a binomial count.


# %%
def poisson_encode(values, n_steps, dt, max_rate, rng):
    """Return Bernoulli spike trains, shape (n_values, n_steps), spike probability x r_max dt / 1000."""
    ### BEGIN SOLUTION hint: compare rng.random((n_values, n_steps)) with the spike probability of each value
    p = np.asarray(values, dtype=float) * max_rate * dt / 1000.0
    return rng.random((np.size(values), n_steps)) < p.reshape(-1, 1)
    ### END SOLUTION


def rate_error(value, window, dt, max_rate):
    """Return the standard deviation of the decoded value for a window [ms]."""
    ### BEGIN SOLUTION hint: a count of n steps with probability p has variance n p (1 - p); divide by r_max T
    p = value * max_rate * dt / 1000.0
    n = window / dt
    return np.sqrt(n * p * (1 - p)) / (max_rate * window / 1000.0)
    ### END SOLUTION


# %%
encoder_check = nc.checks.neuromorphic.poisson_encoder(poisson_encode, rate_error)

# %% [markdown]
# Your encoder against your error formula: the spread of the decoded value over 2000 trains.

# %%
if encoder_check.passed:
    trains = poisson_encode(np.full(2000, 0.4), 2000, 1.0, 100.0, rng)
    windows = np.array([20, 50, 100, 200, 500, 1000, 2000])
    spread = [np.std(trains[:, :w].sum(axis=1) / (100.0 * w / 1000.0)) for w in windows]
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.loglog(windows, spread, "o", label="simulated")
    ax.loglog(windows, rate_error(0.4, windows, 1.0, 100.0), label="your formula")
    ax.set_xlabel("Window (ms)")
    ax.set_ylabel("Std of decoded value")
    ax.legend()
    plt.show()
else:
    print("Solve exercise 1 first: this figure uses your functions.")

# %% [markdown]
# ## Exercise 2: the STDP pair rule (10 min)
#
# Write `stdp_dw(delta_t, a_plus, a_minus, tau_plus, tau_minus)` for $\Delta t = t_{post} - t_{pre}$
# [ms], a number or an array: $A_+e^{-\Delta t/\tau_+}$ for $\Delta t > 0$, $-A_-e^{\Delta t/\tau_-}$
# for $\Delta t < 0$, and 0 for $\Delta t = 0$.


# %%
def stdp_dw(delta_t, a_plus, a_minus, tau_plus, tau_minus):
    """Return the weight change of a spike pair with delta_t = t_post - t_pre [ms]."""
    ### BEGIN SOLUTION hint: np.where(delta_t > 0, ..., np.where(delta_t < 0, ..., 0.0))
    delta_t = np.asarray(delta_t, dtype=float)
    return np.where(
        delta_t > 0,
        a_plus * np.exp(-delta_t / tau_plus),
        np.where(delta_t < 0, -a_minus * np.exp(delta_t / tau_minus), 0.0),
    )
    ### END SOLUTION


# %%
stdp_check = nc.checks.neuromorphic.stdp_pair_rule(stdp_dw)

# %% [markdown]
# With the time constants of Bi & Poo (1998) the depression side is twice as long as the potentiation side:
# with $A_- = A_+$ the window's integral is negative, and random (uncorrelated) spike pairs
# weaken a synapse on average.

# %%
if stdp_check.passed:
    dts = np.linspace(-150, 150, 3001)
    window = stdp_dw(dts, 1.0, 1.0, 16.8, 33.7)
    print(f"integral of the window: {np.trapezoid(window, dts):+.1f} ms x A (16.8 - 33.7 = -16.9)")

# %% [markdown]
# ## Exercise 3: one fixed-point LIF step (20 min)
#
# Write `fixed_point_lif_step(u, v, weighted_input, params)` in integers only, for a
# `nm.FixedPointLIFParams` (fields `du`, `dv`, `bias`, `v_threshold`, `decay_bits`, `state_bits`,
# `weight_shift`, `threshold_shift`):
#
# 1. decay: `decay(x, d) = sign(x) * ((|x| * (2**decay_bits - d)) >> decay_bits)` (rounding toward zero);
# 2. `u = sat(decay(u, du) + (weighted_input << weight_shift))`;
# 3. `v = sat(decay(v, dv) + u + bias)` (the *new* u);
# 4. spike if `v >= v_threshold << threshold_shift`; then `v = 0`.
#
# `sat` clips to $\pm(2^{\text{state\_bits}-1} - 1)$. Return `u, v, spike`.


# %%
def fixed_point_lif_step(u, v, weighted_input, params):
    """Return (u, v, spike) after one integer step of the CUBA LIF neuron."""
    ### BEGIN SOLUTION hint: a helper decay(x, d) that shifts |x| * (2**bits - d) and restores the sign
    limit = 2 ** (params.state_bits - 1) - 1

    def decay(x, d):
        product = x * ((1 << params.decay_bits) - d)
        return -((-product) >> params.decay_bits) if product < 0 else product >> params.decay_bits

    u = max(-limit, min(limit, decay(u, params.du) + (weighted_input << params.weight_shift)))
    v = max(-limit, min(limit, decay(v, params.dv) + u + params.bias))
    if v >= params.v_threshold << params.threshold_shift:
        return u, 0, True
    return u, v, False
    ### END SOLUTION


# %%
fixed_check = nc.checks.neuromorphic.fixed_point_step(fixed_point_lif_step)

# %% [markdown]
# Your step against the library's compiled neuron over 2000 random steps: they must agree bit for bit.

# %%
if fixed_check.passed:
    p = nm.FixedPointLIFParams()
    inputs = rng.integers(-100, 400, 2000)
    u, v, n_spikes = 0, 0, 0
    library = nm.simulate_fixed_point_lif(p, inputs, duration=2000.0)
    identical = True
    for t, x in enumerate(inputs):
        u, v, spike = fixed_point_lif_step(u, v, int(x), p)
        n_spikes += spike
        identical &= (u == library.current[0, t]) and (v == library.voltage[0, t])
    print(f"identical to the library over 2000 steps: {identical}; {n_spikes} spikes")

# %% [markdown]
# ## Exercise 4: weight normalisation for conversion (15 min)
#
# Write `normalize_weights(weights, biases, activations, percentile)`. `weights[l]` has shape
# (n_in, n_out), `biases[l]` shape (n_out,), and `activations[l]` holds layer l's activations on
# the normalisation data (hidden layers after the ReLU, the last one the output). Take
# $\lambda_l$ as the `percentile`-th percentile of the **positive** activations of layer l, set
# $\lambda_{-1} = 1$ for the input, and return the lists
# $W_l\,\lambda_{l-1}/\lambda_l$ and $b_l/\lambda_l$.


# %%
def normalize_weights(weights, biases, activations, percentile):
    """Return (weights, biases) normalised layer by layer with percentile scales."""
    ### BEGIN SOLUTION hint: scales from np.percentile(a[a > 0], percentile); then the previous scale over this one
    scales = [np.percentile(a[a > 0], percentile) for a in activations]
    previous = [1.0] + scales[:-1]
    new_weights = [w * p / s for w, p, s in zip(weights, previous, scales)]
    new_biases = [b / s for b, s in zip(biases, scales)]
    return new_weights, new_biases
    ### END SOLUTION


# %%
normalization_check = nc.checks.neuromorphic.weight_normalization(normalize_weights)

# %% [markdown]
# Your normalisation on the lecture's digits network, run as a spiking network with reset by
# subtraction:

# %%
if normalization_check.passed:
    task = nm.digits_task()
    acts = nm.mlp_activations(task.mlp, task.x_train)[1:]
    w_new, b_new = normalize_weights(list(task.mlp.weights), list(task.mlp.biases), acts, 99.9)
    mine = nm.ConvertedSNN(
        weights=tuple(w_new), biases=tuple(b_new), scales=np.ones(len(w_new)), method="percentile"
    )
    run = nm.simulate_converted_snn(mine, task.x_test, n_steps=200, checkpoints=[50, 100, 200])
    print(
        "accuracy at T = 50, 100, 200:",
        np.round(run.accuracy(task.y_test), 4),
        f"(ANN {task.ann_accuracy:.4f})",
    )

# %% [markdown]
# ## Exercise 5: the energy of an inference (10 min)
#
# Price a spiking inference with Loihi's pre-silicon figures (Davies et al. 2018): 23.6 pJ per
# synaptic operation (each spike of layer l reaches `fan_outs[l]` neurons) and 81 pJ per neuron
# update (every one of `n_neurons` neurons at each of `n_steps` steps; count them all as active).
# Write `snn_energy_pj(spike_counts, fan_outs, n_neurons, n_steps)`, where `spike_counts[l]` is
# an array of spike counts of layer l's neurons. Then `ann_energy_pj(layer_sizes)`: the
# multiply-accumulates of a dense ReLU network at 4.6 pJ each (Horowitz 2014, 45 nm, fp32).


# %%
def snn_energy_pj(spike_counts, fan_outs, n_neurons, n_steps):
    """Return the energy [pJ] of a spiking inference."""
    ### BEGIN SOLUTION hint: synaptic ops = sum over layers of spikes x fan-out; add the neuron updates
    synaptic_ops = sum(np.sum(counts) * fan_out for counts, fan_out in zip(spike_counts, fan_outs))
    return synaptic_ops * 23.6 + n_neurons * n_steps * 81.0
    ### END SOLUTION


def ann_energy_pj(layer_sizes):
    """Return the energy [pJ] of one dense inference."""
    ### BEGIN SOLUTION hint: a dense layer does n_in x n_out MACs
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:])) * 4.6
    ### END SOLUTION


# %%
energy_check = nc.checks.neuromorphic.inference_energy(snn_energy_pj, ann_energy_pj)

# %% [markdown]
# ## Exercise 6: the mystery synapse (20 min)
#
# `nc.checks.neuromorphic.mystery_synapse(STUDENT_SEED)` is a synapse whose STDP time constants
# are hidden (drawn from your seed). `synapse.pair(delta_t, n_pairs=60, rng=None)` pairs its
# neurons `n_pairs` times at each `delta_t` [ms] (a number or an array, within ±200 ms) and
# returns the mean weight change per pair, with measurement noise. Write
# `estimate_time_constants(synapse)` that runs the experiments and returns `(tau_plus, tau_minus)`
# in ms, each within 10 %. (Hint: $\ln|\Delta w|$ is a straight line in $\Delta t$.)


# %%
def estimate_time_constants(synapse):
    """Return (tau_plus, tau_minus) [ms] of the synapse, measured by pairing experiments."""
    ### BEGIN SOLUTION hint: fit a line to log(dw) against delta_t on each side, where dw is clearly above the noise
    delta = np.arange(1.0, 150.0, 1.0)
    potentiation = synapse.pair(delta, n_pairs=200, rng=0)
    depression = -synapse.pair(-delta, n_pairs=200, rng=1)
    keep_p, keep_m = potentiation > 1e-3, depression > 1e-3
    # weights dw: the noise of log(dw) grows as 1 / dw
    tau_plus = -1.0 / np.polyfit(delta[keep_p], np.log(potentiation[keep_p]), 1, w=potentiation[keep_p])[0]
    tau_minus = -1.0 / np.polyfit(delta[keep_m], np.log(depression[keep_m]), 1, w=depression[keep_m])[0]
    return tau_plus, tau_minus
    ### END SOLUTION


# %%
mystery_check = nc.checks.neuromorphic.estimate_stdp_time_constants(
    estimate_time_constants, seed=STUDENT_SEED
)

# %% [markdown]
# Your synapse's window, measured, with your fitted time constants:

# %%
if mystery_check.passed:
    synapse = nc.checks.neuromorphic.mystery_synapse(STUDENT_SEED)
    tau_plus, tau_minus = estimate_time_constants(synapse)
    delta = np.linspace(-150, 150, 61)
    fig, ax = plt.subplots(figsize=(5.5, 3))
    ax.axhline(0, color=nc.plotting.COLORS["neutral"], lw=0.8)
    ax.plot(delta, synapse.pair(delta, n_pairs=100, rng=3), "o", markersize=3)
    ax.set_xlabel(r"$\Delta t = t_{post} - t_{pre}$ (ms)")
    ax.set_ylabel("Weight change per pair")
    ax.set_title(f"tau+ = {tau_plus:.1f} ms, tau- = {tau_minus:.1f} ms")
    plt.show()
else:
    print("Solve exercise 6 first: this figure uses your estimate_time_constants.")

# %% [markdown]
# ## Going further
#
# - Exercise 1: repeat the error plot for a latency code (`nm.encode_latency`). What limits its
#   precision, and how does it scale with the window?
# - Exercise 3: make the current wrap around (as Lava's model does) instead of saturating, and
#   find an input that makes the two neurons disagree.
# - Exercise 4: compare percentiles 99, 99.9 and 100 (the maximum of Diehl et al. 2015) by the
#   accuracy after 50 steps; why does the maximum need more steps?
# - Exercise 5: count only active updates (neurons that received a spike) at 81 pJ and the rest
#   at 52 pJ, with `nm.simulate_converted_snn`'s counts and `nm.snn_energy`.
#
# ## References
#
# - Bi G-q, Poo M-m (1998) Synaptic modifications in cultured hippocampal neurons: dependence on spike timing, synaptic strength, and postsynaptic cell type. *J Neurosci* 18:10464–10472.
# - Davies M, Srinivasa N, Lin T-H, et al. (2018) Loihi: a neuromorphic manycore processor with on-chip learning. *IEEE Micro* 38:82–99.
# - Horowitz M (2014) Computing's energy problem (and what we can do about it). *Proc IEEE ISSCC* 2014:10–14.
# - Diehl PU, Neil D, Binas J, Cook M, Liu S-C, Pfeiffer M (2015) Fast-classifying, high-accuracy spiking deep networks through weight and threshold balancing. *Proc IJCNN* 2015:1–8.
