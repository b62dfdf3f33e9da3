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
# # 00 · Welcome to neurocourse
#
# *Systems neuroscience for AI: how circuits of neurons compute, and what AI borrowed from them.*
#
# **Objectives.** After this notebook you will
# 1. know how the course works: lectures, widgets, exercises and their checks (5 min);
# 2. know the map of the chapters and what each needs (5 min);
# 3. have simulated your first neuron and read its firing rate off an f-I curve (10 min);
# 4. have solved and checked your first exercise (10 min).
#
# **Estimated time:** 30 minutes.

# %% [markdown]
# ## Setup
#
# Every notebook starts the same way: import NumPy, matplotlib and the course library, apply
# the course style (a colour-blind-safe palette), and make one random generator, `rng`, from
# a fixed seed, so that every number you see is the number your neighbour sees. The first cell
# matters only on Google Colab, where it installs the course package; anywhere else it does nothing.

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

nc.plotting.use_course_style()
rng = np.random.default_rng(2026)

# %% [markdown]
# ## 1. How the course works
#
# Each chapter has **three notebooks** that share one name, `NN_topic`:
#
# | notebook | what it is for |
# |---|---|
# | `notebooks/NN_topic` | the **lecture**: prose, figures, widget demos and a *From brain to AI* section |
# | `exercises/NN_topic` | the **exercises**: functions for you to complete, each followed by a check cell |
# | `solutions/NN_topic` | the same exercises with **worked solutions**, for when you are stuck |
#
# **Widgets** are small interactive demos: move a slider and the simulation reruns. They are
# built by `nc.widgets`, so a notebook cell holds one line.
#
# **Checks.** Each exercise ends with a cell such as `nc.checks.welcome.rheobase(rheobase)`.
# It runs your function on cases you have not seen and prints one of three answers:
# *passed*; *not attempted yet*; or *what is wrong*, with a hint. It never prints the answer.
# Instructors grade the same way, with `neurocourse check`.
#
# **The library.** The simulations run on `neurocourse`, a small library of numba-compiled
# models behind plain Python functions. Its conventions hold in every chapter:
#
# - a model is a parameter object plus a `simulate_*` function: `nc.neurons.simulate_lif(params, current, duration=..., dt=...)`;
# - units are fixed: time in ms, voltage in mV, current in nA, rate in Hz (`nc.UNITS`);
# - randomness enters through one `rng` argument;
# - a bad value raises an error that says which argument, its unit and the allowed range.

# %%
nc.UNITS

# %% [markdown]
# ## 2. The map of the course
#
# | # | chapter | prerequisites | time |
# |---|---|---|---|
# | 00 | Welcome (this notebook) | Python, NumPy | 30 min |
# | 01 | Neurons and circuits: membranes, spiking models, balanced networks, rate models, lateral inhibition | 00 | 3 h |
# | 02 | Sparse coding: efficient codes, ISTA and LCA, dictionaries that learn V1 receptive fields | 01 | 3 h |
# | 03 | Attention gating: normalization model of attention, gain modulation, softmax attention | 01 | 2 h |
# | 04 | Reward learning: Rescorla-Wagner, TD learning, dopamine prediction errors, actor-critic | 00 | 3 h |
# | 05 | Neuromorphic computing: spike encoders, fixed-point neurons, ANN-to-SNN conversion, energy | 01 | 2 h |
#
# Chapters 01 to 05 are being written; this welcome chapter already runs the whole pipeline:
# lecture, widget, exercise, check.

# %% [markdown]
# ## 3. Your first neuron
#
# A neuron's membrane is a leaky capacitor. Current charges it, raising the
# <a id="term-membrane-potential"></a>**membrane potential** $V$, the voltage across the membrane; the
# leak pulls the voltage back to rest. When the voltage reaches a threshold the neuron fires a spike, and the
# voltage is reset. This is the <a id="term-leaky-integrate-and-fire-lif"></a>**leaky integrate-and-fire** (LIF) neuron, a model that goes
# back to Lapicque (1907):
#
# $$\tau_m \frac{dV}{dt} = -(V - E_L) + R\,I, \qquad V \ge \theta \;\Rightarrow\; \text{spike},\; V \leftarrow V_r .$$
#
# The defaults below are those of the textbook *Neuronal Dynamics* (Gerstner et al., 2014):
# rest $E_L = -70$ mV, threshold $\theta = -50$ mV, reset $V_r = -65$ mV, $R = 10$ MΩ,
# $\tau_m = 8$ ms and a <a id="term-refractory-period"></a>refractory period of 2 ms (after a spike, the neuron
# cannot fire).

# %%
params = nc.neurons.LIFParams()
params

# %% [markdown]
# Drive the neuron with a constant 2.5 nA for 100 ms and look at its voltage. Watch the
# membrane charge up towards threshold, fire, reset, and start again.

# %%
result = nc.neurons.simulate_lif(params, 2.5, duration=100.0, dt=0.1)
ax = nc.plotting.plot_voltage_trace(
    result.time, result.voltage[0], spike_times=result.spike_times, v_peak=0.0, threshold=params.v_threshold
)
ax.set_title("LIF neuron, I = 2.5 nA");
# %% [markdown]
# The spikes come at a regular interval. The firing rate is one over that interval; the
# library also knows the closed-form rate of the LIF neuron (its <a id="term-f-i-curve"></a>**f-I curve**), and the two
# agree because the simulator integrates the membrane exactly between time steps.

# %%
# NBVAL_CHECK_OUTPUT
interval = np.diff(result.spike_times).mean()
print(f"interspike interval: {interval:.3f} ms")
print(f"simulated rate: {1000.0 / interval:.3f} Hz")
print(f"analytic rate:  {nc.neurons.lif_rate(params, 2.5):.3f} Hz")

# %% [markdown]
# ### A first widget
#
# Move the slider. Below about 2 nA the neuron stays silent, whatever you wait: the current
# cannot lift the voltage to threshold. Above it, the rate rises steeply, then ever more
# slowly. The orange point walks along the analytic f-I curve.

# %%
nc.widgets.lif_current_demo()

# %% [markdown]
# ## 4. From brain to AI
#
# An artificial neuron computes $y = f(w \cdot x + b)$: a weighted sum passed through an
# activation function $f$. The f-I curve *is* a biological activation function: input current
# in, firing rate out. Put it beside the activation functions of deep learning.

# %%
currents = np.linspace(0.0, 6.0, 301)
rate = nc.neurons.lif_rate(params, currents)
rheobase = nc.neurons.lif_rheobase(params)
relu = np.maximum(0.0, currents - rheobase)
type_one = np.sqrt(relu)  # the onset of a type-I neuron (QIF / theta model): sqrt(I - I_rh)
fig, ax = plt.subplots()
ax.plot(currents, rate / rate.max(), label="LIF f-I curve")
ax.plot(currents, type_one / type_one.max(), ":", label="type-I onset, $\\sqrt{I - I_{rh}}$")
ax.plot(currents, relu / relu.max(), "--", label="ReLU shifted to the rheobase")
ax.set_xlabel("Input current (nA)")
ax.set_ylabel("Output (normalised)")
ax.legend();

# %% [markdown]
# All three are zero below a threshold and rise above it. Look at the onset, though. The LIF
# rate rises **logarithmically** at the rheobase: the time to reach threshold,
# $\tau_m \ln\frac{RI + E_L - V_r}{RI + E_L - \theta}$, diverges only like $-\ln(I - I_{rh})$, so
# the rate jumps almost vertically from zero. Real "type-I" neurons, and the quadratic
# integrate-and-fire (theta) model that describes them near onset, start as a **square root**,
# $f \propto \sqrt{I - I_{rh}}$ (Ermentrout 1996): arbitrarily low rates, reached gradually. ReLU
# rises linearly. And the LIF curve **saturates** at $1/t_{ref}$ = 500 Hz because of the
# refractory period, while ReLU grows forever.
#
# How much of deep learning's choice does this shared threshold shape explain? Some: the
# papers that made rectified units popular name one-sidedness and sparse activity, as in
# neurons, among their motivations (Nair & Hinton 2010; Glorot et al. 2011). But ReLU won
# mainly for reasons neurons do not share: its gradient is 1 wherever it is active, so deep
# networks train without the vanishing gradients of saturating units, and it is cheap. The
# biological curve saturates, which is exactly what ReLU was chosen not to do. Saturating,
# threshold-linear units return in
# chapter 01 (rate models) and chapter 05 (converting trained networks to spiking ones).

# %% [markdown]
# ## 5. Your first exercise
#
# Open `exercises/00_welcome.ipynb`. It asks you to
# 1. write the <a id="term-rheobase"></a>**rheobase** of a LIF neuron, the smallest current that makes it fire, and
# 2. **measure a firing rate** by simulation.
#
# Each exercise is a function with a line `raise NotImplementedError(...)`: replace that line
# with your code, run the cell, then run the check cell below it. The exercise notebook runs
# from top to bottom before you write anything; the checks then say *not attempted yet*.
#
# Stuck? `solutions/00_welcome.ipynb` has worked solutions.

# %% [markdown]
# ## Summary
#
# - Each chapter is a lecture, an exercise notebook whose cells check your answers, and a
#   solutions notebook.
# - The LIF neuron integrates its input current until it reaches threshold, fires and resets;
#   its rate for a constant current is the f-I curve, zero below the rheobase.
# - The f-I curve is a biological activation function: thresholded, rising, saturating.
#
# ## References
#
# - Lapicque L (1907) Recherches quantitatives sur l'excitation électrique des nerfs traitée
#   comme une polarisation. *J Physiol Pathol Gen* 9:620–635.
# - Gerstner W, Kistler WM, Naud R, Paninski L (2014) *Neuronal Dynamics*, ch. 1. Cambridge
#   University Press. <https://neuronaldynamics.epfl.ch>
# - Nair V, Hinton GE (2010) Rectified linear units improve restricted Boltzmann machines.
#   *ICML*.
# - Ermentrout B (1996) Type I membranes, phase resetting curves, and synchrony. *Neural Comput*
#   8:979–1001.
# - Glorot X, Bordes A, Bengio Y (2011) Deep sparse rectifier neural networks. *AISTATS*,
#   *PMLR* 15:315–323.
#
# ## Glossary
#
# - **membrane potential** $V$: the voltage across the cell membrane [mV].
# - **leaky integrate-and-fire (LIF)**: a neuron model that integrates current with a leak
#   and fires when $V$ reaches a threshold.
# - **rheobase**: the smallest constant current that makes a neuron fire [nA].
# - **refractory period**: the time after a spike during which a neuron cannot fire [ms].
# - **f-I curve**: firing rate [Hz] as a function of constant input current [nA].
