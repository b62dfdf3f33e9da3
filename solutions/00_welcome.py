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
# # 00 · Welcome: exercises
#
# Two short exercises to try the whole loop: write a function, run it, check it.
#
# **How it works.** Each exercise is a function with a `raise NotImplementedError(...)` line.
# Replace that line with your code and run the cell, then run the check cell under it. The
# check runs your function on cases you have not seen and says *passed*, *not attempted yet*,
# or what is wrong, with a hint.
#
# **Estimated time:** 10 minutes.

# %%
# Colab only: install the course package from its repository; elsewhere this does nothing.
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("google") and importlib.util.find_spec("google.colab"):
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "neurocourse @ git+https://github.com/neurocourse/neurocourse@main"])
    print("On Colab: installed the course package from https://github.com/neurocourse/neurocourse")

# %%
import numpy as np

import neurocourse as nc

rng = np.random.default_rng(2026)
params = nc.neurons.LIFParams()

# %% [markdown]
# ## Exercise 1: the rheobase
#
# A LIF neuron at rest sits at $E_L$. A constant current $I$ moves its steady-state voltage to
# $V_\infty = E_L + R I$. The neuron fires only if $V_\infty$ exceeds the threshold $\theta$.
#
# Write `rheobase(params)`, which returns the smallest current [nA] that makes the neuron fire.
# The parameters are attributes of `params`: `params.e_leak`, `params.v_threshold`,
# `params.r_membrane` (MΩ), ... Units work out: mV / MΩ = nA.


# %%
def rheobase(params):
    """Return the rheobase [nA] of a LIF neuron with parameters ``params``."""
    ### BEGIN SOLUTION hint: solve E_L + R * I = theta for I
    return (params.v_threshold - params.e_leak) / params.r_membrane
    ### END SOLUTION


# %%
nc.checks.welcome.rheobase(rheobase)

# %% [markdown]
# ## Exercise 2: measure a firing rate
#
# Write `measured_rate(current)`: simulate the default neuron (`params` above) for 1000 ms with
# `nc.neurons.simulate_lif(params, current, duration=1000.0, dt=0.1)` and return its firing
# rate in Hz, measured as one over the mean interspike interval. `result.spike_times` holds the
# spike times in ms. Below the rheobase the neuron fires no spikes: return `0.0` then.


# %%
def measured_rate(current):
    """Return the firing rate [Hz] of the default LIF neuron driven by ``current`` [nA]."""
    ### BEGIN SOLUTION hint: simulate, take np.diff of the spike times, mind ms versus s
    result = nc.neurons.simulate_lif(params, current, duration=1000.0, dt=0.1)
    if result.n_spikes < 2:
        return 0.0
    return 1000.0 / np.diff(result.spike_times).mean()
    ### END SOLUTION


# %%
nc.checks.welcome.measured_rate(measured_rate)

# %% [markdown]
# ## Going further
#
# Compare your `measured_rate` with the analytic `nc.neurons.lif_rate(params, current)` over a
# range of currents. Where do they differ, and why does a shorter simulation make the
# difference larger just above the rheobase?
