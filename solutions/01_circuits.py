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
# # 01 · Neurons and circuits: exercises
#
# Six exercises that follow the lecture (`notebooks/01_circuits.ipynb`): integrate a membrane
# by hand, derive the f-I curve, unmask four mystery neurons, find where a balanced network
# loses its lockstep, classify the fixed points of a rate model, and tune a retina to make
# Mach bands of a given height.
#
# **How it works.** Each exercise is a function with a `raise NotImplementedError(...)` line.
# Replace that line with your code, run the cell, then run the check cell under it. The check
# runs your function on cases you have not seen and says *passed*, *not attempted yet*, or
# what is wrong, with a hint. Cells after a check that use your function wait until it passes.
#
# **Estimated time:** about 100 minutes (15 + 15 + 20 + 20 + 20 + 10).

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
from neurocourse.networks.lateral import DoGParams, dog_filter, mach_band_overshoot, step_edge

nc.plotting.use_course_style()
params = nc.neurons.LIFParams()  # tau_m = 8 ms, E_L = -70 mV, theta = -50 mV, R = 10 MOhm

# %% [markdown]
# Exercises 3 and 4 give every student their own variant (their own mystery neurons, their own
# network condition), so that answers differ from student to student and none is printed in the
# lecture. Put your student number here (digits only) and run the cell.
#
# *For instructors:* a variant is drawn from the seed and a course secret. Tell each student
# which number to use (their student number, or a seed from your roster). `neurocourse check`
# grades with the seed of your roster (`--roster`, or the submission's folder name) and your
# secret (`NEUROCOURSE_COURSE_SECRET`), which the students' notebooks never have: there, the
# variants use the public self-study default, so a notebook cannot compute the graded answers
# (see `docs/instructors.md`). Self-learners can keep any number: the checks work for every seed.

# %%
STUDENT_SEED = 2026  # replace 2026 by your student number
print(f"Your student seed is {STUDENT_SEED}: your exercises 3 and 4 are drawn from it.")

# %% [markdown]
# ## Exercise 1: one step of the membrane equation (15 min)
#
# Below threshold the LIF membrane obeys
#
# $$\tau_m \frac{dV}{dt} = -(V - E_L) + R I .$$
#
# A computer advances such an equation in small time steps. The simplest rule, **forward
# Euler**, assumes the derivative stays constant during a step $\Delta t$:
#
# $$V(t + \Delta t) \approx V(t) + \frac{\Delta t}{\tau_m}\big[-(V(t) - E_L) + R I\big].$$
#
# Write `lif_euler_step(v, current, dt, params)`: it takes the voltage `v` [mV] (a number or an
# array), the current [nA], the step `dt` [ms] and the `LIFParams`, and returns the voltage one
# step later [mV]. No threshold, no reset: only the membrane. The parameters are
# `params.tau_m`, `params.e_leak`, `params.r_membrane`.


# %%
def lif_euler_step(v, current, dt, params):
    """Return the membrane potential [mV] one forward-Euler step dt [ms] after v [mV]."""
    ### BEGIN SOLUTION hint: v plus dt / tau_m times the bracket -(v - E_L) + R I
    return v + dt / params.tau_m * (-(v - params.e_leak) + params.r_membrane * current)
    ### END SOLUTION


# %%
euler_check = nc.checks.circuits.lif_euler_step(lif_euler_step)

# %% [markdown]
# ### How accurate is Euler?
#
# For a constant current the exact solution is known: $V(t) = V_\infty + (E_L - V_\infty)e^{-t/\tau_m}$
# with $V_\infty = E_L + RI$ (`nc.neurons.lif_subthreshold_voltage`). Step from rest with
# $I$ = 1.5 nA for 40 ms, with your function, and measure the largest error against the exact
# curve, for several steps. Forward Euler is a *first-order* method: halve the step and the
# error halves.


# %%
def euler_trajectory(current, dt, *, duration=40.0):
    """Integrate the membrane from rest with lif_euler_step; return times [ms] and voltages [mV]."""
    n_steps = int(round(duration / dt))
    v = np.empty(n_steps + 1)
    v[0] = params.e_leak
    for k in range(n_steps):
        v[k + 1] = lif_euler_step(v[k], current, dt, params)
    return dt * np.arange(n_steps + 1), v


# %%
if euler_check.passed:
    steps = np.array([0.05, 0.1, 0.2, 0.4, 0.8])
    errors = []
    for dt in steps:
        t, v = euler_trajectory(1.5, dt)
        errors.append(np.abs(v - nc.neurons.lif_subthreshold_voltage(params, 1.5, t)).max())
    errors = np.array(errors)
    fig, (ax_v, ax_e) = plt.subplots(1, 2, figsize=(10, 3.2))
    t, v = euler_trajectory(1.5, 0.8)
    ax_v.plot(t, v, "o-", markersize=3, label="Euler, dt = 0.8 ms")
    fine = np.linspace(0.0, 40.0, 400)
    ax_v.plot(
        fine,
        nc.neurons.lif_subthreshold_voltage(params, 1.5, fine),
        "--",
        color=nc.plotting.COLORS["analytic"],
        label="exact",
    )
    ax_v.set_xlabel("Time (ms)")
    ax_v.set_ylabel("V (mV)")
    ax_v.legend()
    ax_e.loglog(steps, errors, "o-", label="largest error")
    ax_e.loglog(
        steps, errors[0] * steps / steps[0], ":", color=nc.plotting.COLORS["neutral"], label="slope 1"
    )
    ax_e.minorticks_off()
    ax_e.set_xticks(steps, [f"{dt:g}" for dt in steps])
    ax_e.set_xlabel("Time step dt (ms)")
    ax_e.set_ylabel("Error (mV)")
    ax_e.legend()
    fig.tight_layout()
    for dt, error in zip(steps, errors):
        print(f"dt = {dt:4.2f} ms: largest error {error:.4f} mV, error / dt = {error / dt:.3f} mV/ms")
else:
    print("Solve exercise 1 first: this comparison uses your lif_euler_step.")

# %% [markdown]
# The error is proportional to the step: error / dt stays at about 0.35 mV/ms. (Its size follows
# from the second derivative: the local error of one step is $\frac{1}{2}\ddot V \Delta t^2$, and
# $1/\Delta t$ steps add up to an error of order $\Delta t$.) The library's `simulate_lif` does not
# use Euler at all: it applies the exact exponential over each step, so its voltage is exact for
# any step and its spike times are found in closed form.

# %% [markdown]
# ## Exercise 2: the f-I curve (15 min)
#
# Above the rheobase $I_{rh} = (\theta - E_L)/R$ the neuron fires with the period
#
# $$T(I) = t_{ref} + \tau_m \ln\frac{R I + E_L - V_r}{R I + E_L - \theta},$$
#
# and at or below the rheobase it never reaches threshold: rate 0. Write
# `lif_fi_curve(current, params)` that returns the firing rate [Hz] for a current [nA] that
# may be a single number or an array of currents (return one rate per current, in an array of
# the same shape). Mind the units: $T$ is in ms. Below the rheobase the logarithm's argument is
# negative, so compute the formula only where $RI + E_L > \theta$ (a boolean mask, or
# `np.where`).


# %%
def lif_fi_curve(current, params):
    """Return the firing rate [Hz] of the LIF neuron for constant current(s) [nA]."""
    ### BEGIN SOLUTION hint: rate 0 where R I + E_L <= theta; elsewhere 1000 / T, with T in ms
    current = np.asarray(current, dtype=float)
    v_inf = params.e_leak + params.r_membrane * current  # where the voltage would settle [mV]
    fires = v_inf > params.v_threshold
    rate = np.zeros_like(v_inf)
    period = params.t_ref + params.tau_m * np.log(
        (v_inf[fires] - params.v_reset) / (v_inf[fires] - params.v_threshold)
    )
    rate[fires] = 1000.0 / period
    return rate if rate.ndim else float(rate)
    ### END SOLUTION


# %%
fi_check = nc.checks.circuits.lif_fi_curve(lif_fi_curve)

# %% [markdown]
# ### Theory against simulation
#
# Simulate one neuron per current for a second (`simulate_lif` takes a column of currents,
# shape `(n, 1)`), measure each rate as one over the mean interspike interval (the result's
# `isi_rates`), and lay the points on your curve.

# %%
if fi_check.passed:
    currents = np.linspace(0.0, 6.0, 25)
    sweep = nc.neurons.simulate_lif(params, currents[:, None], duration=1000.0, dt=0.1, record=False)
    simulated = sweep.isi_rates  # 1000 / mean inter-spike interval of each neuron [Hz]
    grid = np.linspace(0.0, 6.0, 400)
    nc.plotting.plot_fi_curve(
        currents, simulated, analytic_currents=grid, analytic_rates=lif_fi_curve(grid, params)
    )
    print(
        f"largest difference between simulation and your curve: "
        f"{np.abs(simulated - lif_fi_curve(currents, params)).max():.2e} Hz"
    )
else:
    print("Solve exercise 2 first: this comparison uses your lif_fi_curve.")

# %% [markdown]
# Simulation and formula agree to rounding, because the simulator integrates exactly. An Euler
# simulation with a 0.1 ms step, checking the threshold only at the end of each step, is off by
# about 1 % at 6 nA: every interspike interval carries the error of exercise 1 plus up to a
# step of delay in detecting the crossing, and the shorter the interval, the more that weighs.

# %% [markdown]
# ## Exercise 3: the mystery neurons (20 min)
#
# `nc.checks.circuits.mystery_neurons(STUDENT_SEED)` gives you four Izhikevich neurons of
# **four different types** among the seven of the lecture: RS, IB, CH, FS, LTS, TC, RZ. Their
# parameters are hidden (and jittered a little around the type's preset); all you can do is
# what an electrophysiologist does: inject currents and record.
#
# ```python
# response = neuron.probe(current, duration=300.0)     # current: a number, or one value per 0.1 ms step
# response.time, response.voltage, response.spike_times, response.interspike_intervals   # [ms], [mV], [ms], [ms]
# ```
#
# Each probe starts from rest. The signatures from the lecture's table: RS adapts (its
# intervals lengthen); IB fires one burst, then single spikes; CH fires bursts again and again;
# FS fires fast with little adaptation; LTS fires already at weak currents and adapts; TC
# answers the *release* from hyperpolarisation with a burst; RZ sits close to threshold, fires
# at the weakest currents and rings below threshold.
#
# First look: each neuron's answer to a step of I = 10.

# %%
neurons = nc.checks.circuits.mystery_neurons(STUDENT_SEED)
fig, axes = plt.subplots(len(neurons), 1, figsize=(9, 7), sharex=True)
for ax, neuron in zip(axes, neurons):
    response = neuron.probe(10.0, duration=300.0)
    nc.plotting.plot_voltage_trace(
        response.time, response.voltage, spike_times=response.spike_times, v_peak=30.0, ax=ax
    )
    ax.set_title(repr(neuron), fontsize=10)
    ax.set_xlabel("Time (ms)" if ax is axes[-1] else "")
fig.tight_layout();

# %% [markdown]
# Some types already show themselves; others need other protocols. Write
# `classify_mystery_neurons(neurons)`, which returns a list of four labels (`"RS"`, `"IB"`,
# ...) in the order of the neurons. Probe with whatever you like: a weak step, a negative
# current switched off, a brief pulse (build them with `nc.inputs`, e.g.
# `nc.inputs.step_current(duration=250.0, dt=0.1, amplitude=-15.0, t_stop=100.0)` for 100 ms at
# -15 and 150 ms at 0; a neuron's `probe` runs at `dt=0.1` unless you pass another). You may look
# at plots and return the labels you decided on, but a function that decides from measurements
# works for anyone's neurons.


# %%
def classify_mystery_neurons(neurons):
    """Return the type ('RS', 'IB', 'CH', 'FS', 'LTS', 'TC' or 'RZ') of each mystery neuron."""
    ### BEGIN SOLUTION hint: probe each neuron with a strong step, weak steps, and a release from hyperpolarisation
    release = nc.inputs.step_current(duration=250.0, dt=0.1, amplitude=-15.0, t_stop=100.0)  # -15, then 0
    labels = []
    for neuron in neurons:
        rebound = neuron.probe(release, duration=250.0).spike_times
        if np.sum(rebound > 100.0) >= 3:  # a rebound burst after release
            labels.append("TC")
        elif neuron.probe(0.3, duration=500.0).n_spikes >= 3:  # fires tonically at a tiny current
            labels.append("RZ")
        elif neuron.probe(1.0, duration=300.0).n_spikes >= 1:  # fires at a weak current
            labels.append("LTS")
        else:  # b = 0.2: the step response decides
            step = neuron.probe(10.0, duration=300.0)
            intervals, times = step.interspike_intervals, step.spike_times[1:]
            if np.sum(intervals[times > 100.0] < 6.0) >= 2:  # bursts keep coming
                labels.append("CH")
            elif intervals.max() < 15.0:  # fast, never slows much
                labels.append("FS")
            elif intervals[0] < 6.0:  # one burst at the onset
                labels.append("IB")
            else:  # slows down: adaptation
                labels.append("RS")
    return labels
    ### END SOLUTION


# %%
nc.checks.circuits.classify_mystery_neurons(classify_mystery_neurons, seed=STUDENT_SEED)

# %% [markdown]
# ## Exercise 4: where does Brunel's network leave the synchronous regular state? (20 min)
#
# In Brunel's network with weak inhibition the neurons fire in lockstep, in two clusters that take
# turns (each neuron at 333 Hz): the **synchronous regular** (SR) state. Make inhibition stronger
# and the lockstep breaks. Find the $g$ where it happens at *your own* drive
# $\nu_{ext}/\nu_{thr}$, drawn from your student seed (between 1.5 and 3).
#
# Golomb's synchrony $\chi$ (`nc.analysis.compute_synchrony_chi`, lecture section 4) measures
# the lockstep: about 0.5 in SR (two clusters firing in turn), 0.4 and lower once it breaks.
#
# 1. Write `measure_synchrony(g, nu_ext_ratio, *, rng=None)`: simulate
#    `nc.networks.simulate_brunel(g=g, nu_ext_ratio=nu_ext_ratio, n_excitatory=2000, duration=300.0, record=np.arange(200), rng=rng)`
#    (a scaled network, about 0.5 to 1 s per run: $C_E$ stays 1000, so the mean and variance of
#    each input stay Brunel's, but the connection probability is 0.5 instead of 0.1), discard
#    the first 100 ms with `result.window(100.0)` (the transient from random initial voltages),
#    and return $\chi$ of the recorded voltages.
# 2. Write `estimate_sr_transition(g_values, nu_ext_ratio, *, rng=None)`: measure $\chi$ at every
#    $g$ of the ascending array `g_values`, find the first $g$ where $\chi$ falls below 0.4, and
#    return the midpoint between it and the $g$ before it (or `np.nan` if $\chi$ never falls below 0.4).
#
# The check first runs your `measure_synchrony` on two networks of its choosing, then calls
# `estimate_sr_transition` with $g$ from 3.0 to 3.6 in steps of 0.1 at your drive (about 15 s).

# %%
nu_ext_ratio = nc.checks.circuits.sr_condition(STUDENT_SEED)
print(f"Your drive: nu_ext / nu_thr = {nu_ext_ratio:g}")


def measure_synchrony(g, nu_ext_ratio, *, rng=None):
    """Return Golomb's chi of Brunel's network at inhibition g and drive nu_ext / nu_thr, after 100 ms."""
    ### BEGIN SOLUTION hint: simulate_brunel as described, then result.window(100.0).voltage into compute_synchrony_chi
    result = nc.networks.simulate_brunel(
        g=g, nu_ext_ratio=nu_ext_ratio, n_excitatory=2000, duration=300.0, record=np.arange(200), rng=rng
    )
    return nc.analysis.compute_synchrony_chi(result.window(100.0).voltage)
    ### END SOLUTION


def estimate_sr_transition(g_values, nu_ext_ratio, *, rng=None):
    """Return the g where chi first falls below 0.4: the midpoint of the two g around the drop."""
    ### BEGIN SOLUTION hint: chi for each g; the first index where chi < 0.4; the midpoint with the g before it
    chi = np.array([measure_synchrony(g, nu_ext_ratio, rng=rng) for g in g_values])
    below = np.flatnonzero(chi < 0.4)
    if below.size == 0 or below[0] == 0:
        return np.nan
    first = below[0]
    return 0.5 * (g_values[first - 1] + g_values[first])
    ### END SOLUTION


# %%
nc.checks.circuits.estimate_sr_transition(estimate_sr_transition, measure_synchrony, seed=STUDENT_SEED)

# %% [markdown]
# **Question.** The balance argument of the lecture says excitation and inhibition cancel on
# average at $g = 4$ ($C_I g J = C_E J$ with $C_I = C_E/4$). Is your transition above or below
# it? Why can the lockstep break while the mean recurrent input is still excitatory?
#
# ### BEGIN SOLUTION
# Below it: the lockstep ends between $g$ = 3.0 and 3.5 at every drive from 1.5 to 3, where the mean recurrent input
# $C_E J \tau \nu (1 - g/4)$ is still excitatory and the neurons still fire at about 330 Hz.
# The mean input sets how fast the neurons fire on average, not whether they fire together.
# The SR state is held together by its volleys: the synchronous volley of one cluster arrives
# one delay later and must carry enough net excitation to push the next cluster through
# threshold at once, before its neurons drift up to threshold each at its own time. Every
# increase of $g$ shrinks the net size of a volley ($C_E J (1 - g/4)$ for the whole network),
# and once a volley no longer fires a cluster promptly the clusters dissolve into asynchronous
# firing, well before the volleys cancel at $g = 4$. Where exactly depends on the delay, the
# reset and the drive: with `BrunelParams(delay=3.0)` the lockstep lasts up to $g \approx 3.5$.
# ### END SOLUTION

# %% [markdown]
# ## Exercise 5: fixed points of the Wilson-Cowan model (20 min)
#
# The Wilson-Cowan equations (lecture section 5) are
#
# $$\tau_E \dot r_E = -r_E + F_E(w_{EE} r_E - w_{EI} r_I + I_E), \qquad \tau_I \dot r_I = -r_I + F_I(w_{IE} r_E - w_{II} r_I + I_I),$$
#
# with $F(x; a, \theta)$ = `nc.networks.wilson_cowan_sigmoid(x, a, theta)`. A fixed point is a
# root of the vector field; its kind follows from the eigenvalues $\lambda_{1,2}$ of the Jacobian
# there:
#
# | eigenvalues | kind |
# |---|---|
# | real, both negative | `"stable node"` |
# | complex, negative real part | `"stable focus"` |
# | real, both positive | `"unstable node"` |
# | complex, positive real part | `"unstable focus"` |
# | real, opposite signs | `"saddle"` |
#
# Write `find_wc_fixed_points(params)`, returning a list of `(r_e, r_i, kind)`, one per fixed
# point, in any order, positions within $10^{-4}$. Use `scipy.optimize.root` (imported as
# `optimize`) from many starting points (the activities lie between 0 and 1), keep the roots
# where it converged, drop duplicates, and classify each one with the eigenvalues
# (`np.linalg.eigvals`) of a Jacobian you compute yourself, by central finite differences or
# by hand. (`nc.networks.find_fixed_points` does all of this for you: use it afterwards to
# compare, not inside your function.) The check tries five parameter sets, among them the two
# below.

# %%
bistable = nc.networks.WilsonCowanParams()  # Neuromatch's defaults
oscillator = nc.networks.WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0, w_ii=1.2, i_ext_e=0.8)


def find_wc_fixed_points(params):
    """Return the fixed points of the Wilson-Cowan model as a list of (r_e, r_i, kind)."""
    ### BEGIN SOLUTION hint: the vector field as a function of [r_e, r_i]; optimize.root from an 11 x 11 grid in [0, 1]^2
    p = params
    F = nc.networks.wilson_cowan_sigmoid

    def field(state):
        r_e, r_i = state
        return np.array(
            [
                (-r_e + F(p.w_ee * r_e - p.w_ei * r_i + p.i_ext_e, p.a_e, p.theta_e)) / p.tau_e,
                (-r_i + F(p.w_ie * r_e - p.w_ii * r_i + p.i_ext_i, p.a_i, p.theta_i)) / p.tau_i,
            ]
        )

    roots = []
    for r_e0 in np.linspace(0.0, 1.0, 11):
        for r_i0 in np.linspace(0.0, 1.0, 11):
            solution = optimize.root(field, [r_e0, r_i0], tol=1e-12)
            x = solution.x
            if not solution.success or np.abs(field(x)).max() > 1e-10:
                continue
            if all(np.abs(x - root).max() > 1e-6 for root in roots):
                roots.append(x)
    points = []
    h = 1e-6
    for r_e, r_i in roots:
        jacobian = np.column_stack(
            [
                (field([r_e + h, r_i]) - field([r_e - h, r_i])) / (2 * h),
                (field([r_e, r_i + h]) - field([r_e, r_i - h])) / (2 * h),
            ]
        )
        eigenvalues = np.linalg.eigvals(jacobian)
        if eigenvalues.real.min() < 0 < eigenvalues.real.max():
            kind = "saddle"
        else:
            stability = "stable" if eigenvalues.real.max() < 0 else "unstable"
            kind = f"{stability} {'focus' if np.abs(eigenvalues.imag).max() > 1e-9 else 'node'}"
        points.append((float(r_e), float(r_i), kind))
    return points
    ### END SOLUTION


# %%
nc.checks.circuits.find_wc_fixed_points(find_wc_fixed_points)

# %% [markdown]
# Compare with the phase planes of the lecture: the bistable set has a low and a high stable
# state with a saddle between them, whose stable manifold separates their basins; the
# oscillator has a single unstable focus, and the trajectories spiral out of it onto the limit
# cycle. Try `WilsonCowanParams(tau_i=5.0)`: the positions stay, the kinds change. Why can the
# time constants change the kinds but not the positions?

# %%
# NBVAL_CHECK_OUTPUT
for name, wc in (
    ("bistable", bistable),
    ("oscillator", oscillator),
    ("slow inhibition", nc.networks.WilsonCowanParams(tau_i=5.0)),
):
    print(
        f"{name}:",
        ", ".join(f"({fp.r_e:.3f}, {fp.r_i:.3f}) {fp.kind}" for fp in nc.networks.find_fixed_points(wc)),
    )

# %% [markdown]
# ## Exercise 6: a Mach band of a given height (10 min)
#
# A difference-of-Gaussians receptive field $K(x) = G_{\sigma_c}(x) - k\,G_{\sigma_s}(x)$ turns a
# luminance step into a response with a bright band just right of the edge (lecture
# section 6; the filter predicts it, even though observers see weak bands or none at a sharp
# step). How bright depends on the surround weight $k$. Build receptive fields with keywords:
# `DoGParams(sigma_center=1.0, sigma_surround=3.0, surround_weight=k)`.
#
# 1. Write `measured_overshoot(params)`: filter a unit step (`step_edge(x, low=0.0, high=1.0)`)
#    with `dog_filter(params, stimulus, dx=dx)` on a grid fine enough (`dx` at most
#    $\sigma_c/10$) and wide enough (several $\sigma_s$ on each side of the edge for the plateau
#    to settle), and return the height of the band: the largest response right of the edge
#    minus the plateau far to the right.
# 2. Write `surround_weight_for_overshoot(target, sigma_center, sigma_surround)`, returning the
#    $k$ whose band is `target` high. The band grows with $k$ and exists (as a maximum beside
#    the edge) only for $k\sigma_c < \sigma_s$; `DoGParams` accepts $k \le 2$. Solve with
#    `optimize.brentq(f, k_low, k_high)`, which needs `f` to change sign between the ends.


# %%
def measured_overshoot(params):
    """Return the height of the bright Mach band above the bright plateau, for a unit step."""
    ### BEGIN SOLUTION hint: filter a unit step on a grid of dx = sigma_c / 20 over +-10 sigma_s; peak right of the edge minus the last value
    dx = params.sigma_center / 20.0
    x = np.arange(-10.0 * params.sigma_surround, 10.0 * params.sigma_surround, dx)
    response = dog_filter(params, step_edge(x, low=0.0, high=1.0), dx=dx)
    return response[x >= 0].max() - response[-1]
    ### END SOLUTION


def surround_weight_for_overshoot(target, sigma_center, sigma_surround):
    """Return the surround weight k whose Mach band on a unit step is ``target`` high."""

    ### BEGIN SOLUTION hint: brentq on measured_overshoot(DoGParams(...)) - target, for k between ~0 and min(2, sigma_s / sigma_c)
    def excess(k):
        params = DoGParams(sigma_center=sigma_center, sigma_surround=sigma_surround, surround_weight=k)
        return measured_overshoot(params) - target

    k_high = min(2.0, sigma_surround / sigma_center) * (1.0 - 1e-9)
    return optimize.brentq(excess, 1e-6, k_high, xtol=1e-10)
    ### END SOLUTION


# %%
mach_check = nc.checks.circuits.surround_weight_for_overshoot(surround_weight_for_overshoot)

# %% [markdown]
# The retina that makes a band of 15 % of the step, with $\sigma_c$ = 1 and $\sigma_s$ = 3 deg,
# with the library's measurement (`mach_band_measurement`) and the closed form of the lecture
# as cross-checks:

# %%
if mach_check.passed:
    k = surround_weight_for_overshoot(0.15, 1.0, 3.0)
    retina = DoGParams(sigma_center=1.0, sigma_surround=3.0, surround_weight=k)
    x = np.arange(-15.0, 15.0, 0.02)
    fig, ax = plt.subplots()
    ax.plot(x, step_edge(x, low=1.0, high=2.0), color=nc.plotting.COLORS["neutral"], label="luminance")
    response = dog_filter(retina, step_edge(x, low=1.0, high=2.0), dx=0.02)
    ax.plot(x, response + 1.0 - response[0], label=f"response, k = {k:.3f}")
    ax.set_xlabel("Position (deg)")
    ax.set_ylabel("Luminance (a.u.)")
    ax.legend()
    print(
        f"k = {k:.4f}: band {measured_overshoot(retina):.4f} high by your filtering, "
        f"{nc.networks.mach_band_measurement(retina).bright:.4f} by the library's, "
        f"{mach_band_overshoot(retina):.4f} in closed form"
    )
else:
    print("Solve exercise 6 first: this figure uses your surround_weight_for_overshoot.")

# %% [markdown]
# ## Going further
#
# - Exercise 1: write the exponential-Euler step $V_\infty + (V - V_\infty)e^{-\Delta t/\tau_m}$
#   and repeat the error plot. Why is its error zero for a constant current?
# - Exercise 3: find the parameters themselves. The reset $c$ is visible in the voltage right
#   after a spike; the resting potential gives $b$ (solve $0.04v^2 + (5 - b)v + 140 = 0$).
# - Exercise 4: sweep $g$ up to 6 at Brunel's size (`n_excitatory=10000`, 2-7 s a run) and watch $\chi$
#   rise again as the network enters the synchronous irregular regime.
# - Exercise 6: with $k\sigma_c \ge \sigma_s$ the response still peaks, but at the edge itself.
#   Plot it: is that a Mach band?
# - Exercise 6: repeat it for a ramp (`nc.networks.ramp_edge`): which $k$ makes a band of 0.05
#   at the top of a 4 deg ramp? Compare with `nc.networks.ramp_mach_bands`.
