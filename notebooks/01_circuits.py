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
# # 01 · Neurons and circuits
#
# *How a membrane integrates and fires, why real neurons differ, how excitation and inhibition
# balance in a recurrent network, how lateral inhibition sharpens contrast and picks winners,
# and what AI took from each.*
#
# **Objectives.** After this chapter you can
# 1. derive the rheobase and f-I curve of a leaky integrate-and-fire neuron and check them by simulation (25 min);
# 2. tell the seven Izhikevich cell types apart by their responses and say what each is for (20 min);
# 3. measure irregularity (ISI CV, Fano factor) and predict a noisy neuron's rate with the diffusion (Siegert) formula (25 min);
# 4. place a balanced E/I network in Brunel's four regimes from its raster, rates, synchrony and spectrum, and read the alpha and gamma rhythms of Izhikevich's heterogeneous network from its spectrum (45 min);
# 5. find and classify the fixed points of the Wilson-Cowan model on its phase plane (25 min);
# 6. explain Mach bands and winner-take-all by lateral inhibition, with the condition for a single winner (20 min);
# 7. connect each mechanism with its AI descendant: normalization and softmax, k-winners-take-all, recurrent networks (20 min).
#
# **Estimated time:** about 3 h 10 min with the exercises (`exercises/01_circuits.ipynb`).
#
# **Prerequisites:** chapter 00; calculus (exponentials, a first-order ODE), a little linear algebra (eigenvalues).

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

nc.plotting.use_course_style()
rng = np.random.default_rng(2026)

# %% [markdown]
# ## 1. The membrane as an RC circuit
#
# A patch of membrane is a capacitor $C$ (the lipid bilayer) in parallel with a resistor $R$
# (the ion channels that are open at rest) and a battery $E_L$ (the resting potential). An
# injected current $I$ splits between charging the capacitor and leaking through the resistor:
#
# $$C\frac{dV}{dt} = -\frac{V - E_L}{R} + I \quad\Longleftrightarrow\quad \tau_m\frac{dV}{dt} = -(V - E_L) + R I, \qquad \tau_m = RC.$$
#
# For a constant current the voltage relaxes exponentially to $V_\infty = E_L + RI$ with time
# constant $\tau_m$. The **leaky integrate-and-fire** (LIF) neuron adds one rule: when $V$
# reaches the threshold $\theta$, emit a spike, reset to $V_r$ and stay there for a refractory
# period $t_{ref}$ (Lapicque 1907).
#
# Below threshold the simulator is exact: the trace and the exponential lie on top of each other.

# %%
params = nc.neurons.LIFParams()  # neurodynex defaults
sub = nc.neurons.simulate_lif(params, 1.5, duration=60.0, dt=0.1)
exact = nc.neurons.lif_subthreshold_voltage(params, 1.5, sub.time)
ax = nc.plotting.plot_voltage_trace(sub.time, sub.voltage[0], label="simulated")
ax.plot(sub.time, exact, "--", color=nc.plotting.COLORS["analytic"], label="$E_L + RI(1 - e^{-t/\\tau_m})$")
ax.legend()
ax.set_title("I = 1.5 nA: below threshold");
# %% [markdown]
# ### Rheobase and the f-I curve
#
# The neuron can fire only if $V_\infty$ exceeds $\theta$, i.e. for currents above the
# <a id="term-rheobase"></a>**rheobase** $I_{rh} = (\theta - E_L)/R$. Above it, the time from reset to threshold follows from
# the exponential: $T = \tau_m \ln\frac{RI + E_L - V_r}{RI + E_L - \theta}$, so the rate as a function of the current, the
# <a id="term-f-i-curve"></a>**f-I curve**, is
#
# $$f(I) = \frac{1}{t_{ref} + \tau_m \ln\frac{RI + E_L - V_r}{RI + E_L - \theta}}.$$
#
# Simulate a range of currents at once (one neuron per current) and compare with the formula.

# %%
currents = np.linspace(0.0, 6.0, 25)
sweep = nc.neurons.simulate_lif(params, currents[:, None], duration=1000.0, dt=0.1, record=False)
simulated = sweep.isi_rates  # 1000 / mean inter-spike interval of each neuron [Hz]
grid = np.linspace(0.0, 6.0, 400)
nc.plotting.plot_fi_curve(
    currents, simulated, analytic_currents=grid, analytic_rates=nc.neurons.lif_rate(params, grid)
);
# %%
# NBVAL_CHECK_OUTPUT
print(f"rheobase: {nc.neurons.lif_rheobase(params):.3f} nA")
for amp in (2.5, 4.0):
    print(f"f({amp} nA) = {nc.neurons.lif_rate(params, amp):.3f} Hz")

# %% [markdown]
# Three things to notice: nothing below the rheobase; a steep onset just above it, which for the
# LIF neuron is logarithmic (the rate goes to zero only like $-1/\ln(I - I_{rh})$, much steeper
# than the square-root onset of type-I neurons; Ermentrout 1996); and saturation towards
# $1/t_{ref} = 500$ Hz. Try it in the explorer: a longer $\tau_m$
# integrates more slowly, a higher threshold moves the rheobase right. A threshold below the
# reset potential is refused with a message: such a neuron would fire forever.

# %%
nc.widgets.lif_explorer()

# %% [markdown]
# ## 2. A zoo of neurons
#
# Real neurons are not all alike. Pyramidal cells slow down during a sustained input
# (<a id="term-adaptation"></a>**adaptation**), some cells fire bursts, fast-spiking interneurons keep a steady high rate,
# thalamic relay cells fire a burst when released from inhibition, and some cells resonate.
# Izhikevich (2003) showed that two variables are enough to reproduce all of these:
#
# $$\dot v = 0.04 v^2 + 5 v + 140 - u + I, \qquad \dot u = a(bv - u), \qquad v \ge 30 \text{ mV} \Rightarrow v \leftarrow c,\ u \leftarrow u + d .$$
#
# $u$ is a slow recovery current: $a$ sets its speed, $b$ its coupling to $v$, and each spike
# adds $d$ to it and resets $v$ to $c$. Seven parameter sets give seven cell types.

# %%
fig, axes = plt.subplots(4, 2, figsize=(10, 9), sharex=True)
for ax, name in zip(axes.flat, nc.neurons.IZHIKEVICH_PRESETS):
    p = nc.neurons.izhikevich_preset(name)
    if name == "TC":  # thalamo-cortical: held at -87 mV, released at 50 ms
        hold = nc.neurons.izhikevich_holding_current(p, -87.0)
        drive = nc.inputs.step_current(duration=300.0, dt=0.1, amplitude=hold, t_stop=50.0)
        r = nc.neurons.simulate_izhikevich(p, drive, duration=300.0, v_init=-87.0, u_init=-87.0 * p.b)
    else:  # a step of I = 10 at 50 ms
        drive = nc.inputs.step_current(duration=300.0, dt=0.1, amplitude=10.0, t_start=50.0)
        r = nc.neurons.simulate_izhikevich(p, drive, duration=300.0)
    nc.plotting.plot_voltage_trace(r.time, r.voltage[0], spike_times=r.spike_times, v_peak=30.0, ax=ax)
    ax.set_title(f"{name}: {nc.neurons.IZHIKEVICH_TYPE_NAMES[name]}", fontsize=10)
    ax.set_xlabel("Time (ms)" if ax in axes[-1] else "")
axes.flat[-1].axis("off")
fig.tight_layout();

# %% [markdown]
# | type | signature | where it is found, what it is for |
# |---|---|---|
# | RS | spikes slow down (adaptation) | excitatory cortical cells; adaptation makes them report *changes* |
# | IB | an initial burst, then single spikes | layer 5 pyramidal cells; the burst marks an onset |
# | CH | repeated bursts at up to 40 Hz | layer 2/3 chattering cells; bursts sync gamma rhythms |
# | FS | high rate without adaptation | inhibitory basket cells; fast, reliable inhibition |
# | LTS | fires at low threshold, adapts | inhibitory Martinotti-like cells |
# | TC | tonic when depolarised, a rebound burst after inhibition | thalamic relay cells; gating in sleep and wake |
# | RZ | rings below threshold, prefers input at its resonant frequency | some interneurons; frequency selectivity |
#
# The whole repertoire comes from the slow variable $u$: a large jump $d$ gives adaptation (RS),
# a high reset $c$ keeps the cell near threshold and gives bursts (IB, CH), a fast $a$ lets $u$
# follow $v$ and removes adaptation (FS), and a large $b$ makes $u$ act like a spring, which
# gives rebound (TC) and ringing (RZ). Explore the zoo; try TC with the *rebound* protocol.

# %%
nc.widgets.izhikevich_zoo()

# %% [markdown]
# ## 3. Noise and irregularity
#
# Cortical neurons fire irregularly: their interspike intervals (ISIs) look almost as random as
# a Poisson process (Softky & Koch 1993). Two numbers measure it:
#
# - the <a id="term-isi-cv"></a>**ISI coefficient of variation** (ISI CV) $CV = \sigma_{ISI}/\mu_{ISI}$: 0 for a clock, 1 for Poisson;
# - the <a id="term-fano-factor"></a>**Fano factor** $F = \mathrm{Var}(n)/\mathrm{E}(n)$ of spike counts in windows: 1 for Poisson.
#
# Drive 400 unconnected LIF neurons of Brunel's network (rest 0 mV, threshold 20 mV, reset
# 10 mV, $\tau_m$ = 20 ms) with 1000 excitatory Poisson inputs each, every input spike a jump
# of $J$ = 0.1 mV. Each neuron sees a mean drive $\mu = C J \tau_m \nu_{ext}$ and fluctuations
# $\sigma^2 = C J^2 \tau_m \nu_{ext}$.


# %%
def poisson_driven_neurons(nu_ext, *, n_neurons=400, duration=2000.0, rng=None):
    """Simulate unconnected Brunel neurons, each driven by 1000 Poisson inputs at nu_ext [Hz]."""
    empty = nc.networks.from_edges([], [], n_pre=n_neurons, n_post=n_neurons, weights=0.0)
    network = nc.networks.SpikingNetwork(
        empty, drive=nc.networks.PoissonDrive(n_inputs=1000, rate=nu_ext, weight=0.1)
    )
    return nc.networks.simulate_spiking_network(network, duration=duration, dt=0.1, rng=rng)


noisy = poisson_driven_neurons(20.0, rng=rng)
cv = nc.analysis.compute_isi_cv(noisy.spike_indices, noisy.spike_times, n_neurons=noisy.n_neurons)
fano = nc.analysis.compute_fano_factor(
    noisy.spike_indices, noisy.spike_times, n_neurons=noisy.n_neurons, duration=2000.0, window=100.0
)
fig, (ax_r, ax_h) = plt.subplots(1, 2, figsize=(10, 3.2))
nc.plotting.plot_raster(noisy.spike_indices, noisy.spike_times, ax=ax_r, max_neurons=40)
ax_r.set_xlim(0, 1000)
ax_h.hist(
    np.concatenate([np.diff(t) for t in noisy.spike_trains()]),
    bins=60,
    color=nc.plotting.COLORS["excitatory"],
)
ax_h.set_xlabel("ISI (ms)")
ax_h.set_ylabel("Count")
fig.tight_layout()
print(f"rate {noisy.mean_rate:.1f} Hz, mean ISI CV {cv.mean():.2f}, mean Fano factor {fano.mean():.2f}")

# %% [markdown]
# The mean input $\mu$ = 40 mV here is far above threshold, so each neuron fires quite regularly
# (CV well below 1): a strong mean drive makes a clock. Irregular firing needs the mean input
# *below* threshold, with spikes triggered by fluctuations. That is the **fluctuation-driven**
# regime, and it is what a balance of excitation and inhibition produces (section 4).
#
# ### The diffusion approximation
#
# When many small inputs arrive, the membrane potential performs a random walk with drift: the
# <a id="term-diffusion-approximation"></a>**diffusion approximation**.
# Its firing rate is a first-passage problem with a closed-form answer, the **Siegert formula**
# (Siegert 1951; for the LIF neuron see Gerstner et al. 2014, ch. 8):
#
# $$\frac{1}{\nu} = t_{ref} + \tau_m\sqrt{\pi}\int_{(V_r-\mu)/\sigma}^{(\theta-\mu)/\sigma} e^{u^2}\,(1 + \mathrm{erf}\,u)\,du .$$
#
# Compare it with simulation across input rates, including the fluctuation-driven range where
# the mean input $\mu$ stays below threshold (left of the dashed line).

# %%
nu_values = np.array([6.0, 8.0, 10.0, 12.0, 15.0, 20.0])
simulated_rates = [
    poisson_driven_neurons(nu, n_neurons=200, duration=1000.0, rng=rng).mean_rate for nu in nu_values
]
theory_grid = np.linspace(5.0, 21.0, 80)
siegert = [
    nc.networks.siegert_rate(1000 * 0.1 * 20e-3 * nu, np.sqrt(1000 * 0.01 * 20e-3 * nu)) for nu in theory_grid
]
fig, ax = plt.subplots()
ax.plot(theory_grid, siegert, color=nc.plotting.COLORS["analytic"], label="Siegert (diffusion)")
ax.plot(nu_values, simulated_rates, "o", color=nc.plotting.COLORS["excitatory"], label="simulated")
ax.axvline(10.0, linestyle="--", color=nc.plotting.COLORS["neutral"], label=r"$\mu = \theta$")
ax.set_xlabel(r"Input rate per synapse $\nu_{ext}$ (Hz)")
ax.set_ylabel("Output rate (Hz)")
ax.legend();
# %% [markdown]
# The diffusion approximation is good whenever the individual jumps (0.1 mV) are small compared
# with the distance from reset to threshold (10 mV). It is the building block of the mean-field
# theory of networks in the next section.

# %% [markdown]
# ## 4. Balanced E/I networks
#
# Brunel (2000) studied a <a id="term-balanced-network"></a>**balanced network**, where recurrent inhibition cancels
# most of the excitation: $N_E$ excitatory and $N_I = N_E/4$ inhibitory LIF neurons, each
# receiving $C_E = 1000$ excitatory and $C_I = 250$ inhibitory recurrent synapses chosen at random,
# plus $C_E$ external Poisson inputs at rate $\nu_{ext}$. Excitatory synapses have efficacy
# $J = 0.1$ mV, inhibitory ones $-gJ$, all with a delay of 1.5 ms. Two numbers set the regime:
#
# - $g$, the relative strength of inhibition: since there are four times fewer inhibitory inputs,
#   $g = 4$ balances excitation exactly, $g > 4$ makes inhibition win;
# - $\nu_{ext}/\nu_{thr}$, the external drive in units of $\nu_{thr} = \theta/(C_E J \tau_m)$,
#   the rate that alone brings the mean input to threshold (10 Hz here).
#
# We simulate Brunel's network at his size: $N_E$ = 10 000 and $N_I$ = 2500, so each neuron
# connects to a fraction $\epsilon = C_E/N_E = 0.1$ of the others and two neurons share on average
# 10 % of their recurrent inputs. (A network half this size with $C_E$ kept at 1000 keeps the mean and
# variance of every input, but doubles $\epsilon$ and the shared input to 20 %: at point C its
# neurons correlate more than twice as much (0.13 instead of 0.04-0.06), $\chi$ rises from
# 0.23-0.26 to 0.37 and the population rate, in 0.5 ms bins, swings up to about 300 Hz instead
# of 130-180 Hz, with a standard deviation of 36 Hz instead of 22-24 Hz. Shared input is what a scaled-down
# network changes.)
# What still differs from the paper: 400 ms of activity per point instead of seconds, a time
# step of 0.1 ms, and our own random connections and seeds. These are the four points A to D of
# his Fig. 8 (about 13 s for the four).

# %%
regimes = {
    "A: synchronous regular (SR)": dict(g=3.0, nu_ext_ratio=2.0),
    "B: synchronous irregular, fast (SI)": dict(g=6.0, nu_ext_ratio=4.0),
    "C: asynchronous irregular (AI)": dict(g=5.0, nu_ext_ratio=2.0),
    "D: synchronous irregular, slow (SI)": dict(g=4.5, nu_ext_ratio=0.9),
}
N_E = 10000
epsilon = nc.networks.brunel_indegrees(N_E)[0] / N_E  # connection probability, 0.1
runs = {
    name: nc.networks.simulate_brunel(
        **setting, n_excitatory=N_E, duration=600.0, record=np.arange(100), rng=rng, progress=True
    )
    for name, setting in regimes.items()
}

# %% [markdown]
# Look at each regime from three sides: a raster of 50 excitatory neurons, the population rate
# (all neurons, 0.5 ms bins), and the power spectrum of that rate, up to 1 kHz (the fastest
# rhythm 0.5 ms bins can show; SR's peak sits at 667 Hz).

# %%
fig, axes = plt.subplots(4, 3, figsize=(12, 10), gridspec_kw={"width_ratios": [2, 2, 1]})
summaries = {}
for row, (name, result) in zip(axes, runs.items()):
    late = result.window(200.0)
    summaries[name] = nc.analysis.summarize_network_activity(late, connection_probability=epsilon)
    nc.plotting.plot_raster(late.spike_indices, late.spike_times, ax=row[0], max_neurons=50)
    row[0].set_xlim(400, 600)
    row[0].set_title(name, fontsize=10)
    t, pop = nc.analysis.compute_population_rate(
        late.spike_times, n_neurons=late.n_neurons, duration=400.0, bin_width=0.5, t_start=200.0
    )
    nc.plotting.plot_population_rate(t, pop, ax=row[1])
    row[1].set_xlim(400, 600)
    f, power = nc.analysis.compute_power_spectrum(pop, dt=0.5)
    row[2].semilogy(f[1:], power[1:], color=nc.plotting.COLORS["excitatory"], linewidth=1.0)
    row[2].set_xlim(0, 1000)
    row[2].set_xlabel("Frequency (Hz)")
    row[2].set_ylabel("Power (Hz)")
fig.tight_layout();

# %%
# NBVAL_CHECK_OUTPUT
for name, s in summaries.items():
    print(
        f"{name:38s} rate {s.rate:6.1f} Hz   CV {s.cv:4.2f}   chi {s.chi:4.2f} (null {s.chi_null:4.2f}, "
        f"correlation {s.correlation:5.3f})   peak {s.peak_frequency:5.0f} Hz -> {s.regime}"
    )

# %% [markdown]
# - **SR** (A, weak inhibition): neurons fire in lockstep with regular ISIs (CV near 0). The
#   network splits into two clusters that fire in turn: each volley reaches the other cluster one
#   delay $D$ = 1.5 ms later and fires it at once, so every neuron fires every $2D$ = 3 ms, at
#   333 Hz, and the population every $D$ (the 667 Hz peak of the spectrum). That is a rhythm set by
#   the delay, below the refractory ceiling $1/t_{ref}$ = 500 Hz. Make inhibition stronger at this
#   drive and the lockstep breaks well before inhibition balances excitation on average ($g = 4$):
#   at $g$ = 3.5 the neurons still fire like clocks near 240 Hz, but no longer together
#   (asynchronous regular, AR, with $\chi$ close to its value for independent neurons). You will
#   locate that transition yourself in the exercises.
# - **SI fast** (B, strong inhibition, very strong drive): single neurons fire irregularly
#   (CV about 0.7) at about 60 Hz, but the population oscillates three times faster, near 190 Hz
#   (a period of about $3.5D$, paced by the delay), each neuron joining only some cycles.
# - <a id="term-asynchronous-irregular-ai-state"></a>**AI**, asynchronous irregular (C, inhibition dominates, strong drive): each neuron fires irregularly while the population
#   rate fluctuates without a strong rhythm and $\chi$ stays low (0.23-0.26, against 0.10 for
#   independent neurons: a pairwise correlation of 0.04-0.06). This is the state that resembles
#   cortex. Its CV, about 0.4 here (also over runs of several seconds), is far from SR's
#   clock but below a Poisson process's 1: with $\nu_{ext} = 2\nu_{thr}$ the mean input sits close to
#   threshold, so firing is only partly fluctuation-driven. Stronger inhibition and drive (point B)
#   push the CV to about 0.7.
# - **SI slow** (D, inhibition dominant, weak drive): sparse firing (5-7 Hz) on a slow population
#   rhythm near 20 Hz (18-25 Hz from seed to seed), paced by the membrane time constant.
#
# Golomb's <a id="term-synchrony"></a>**synchrony** measure $\chi$ (Golomb & Rinzel 1993) compares the variance of the
# population-averaged voltage with the average variance of single voltages. If $N$ traces have a
# mean pairwise correlation $\rho$, then $\chi^2 = 1/N + (1 - 1/N)\rho$: 1 for identical traces and,
# for independent ones, $\chi^2 = 1/N$ on average, whatever the length of the recording. With the
# $N$ = 100 voltages recorded here that floor is $\chi$ = 0.10 (the "null" column, measured on
# surrogates in which every trace is shifted in time at random). The "correlation" column is
# $\rho$ read back from $\chi$. Even AI is not at the floor: two neurons share on average a fraction
# $\epsilon$ = 0.1 of their recurrent inputs, which correlates them by up to $\epsilon$ even if every
# presynaptic neuron fired independently. So `summarize_network_activity` calls a network
# *synchronous* when $\rho$ is significantly above the floor **and** above $\epsilon$ (a rhythm
# shared by the presynaptic neurons), and *regular* when the ISI CV is below 0.25 (intervals
# scattered by less than a quarter of their mean: more regular than a refractory Poisson neuron
# can be below 375 Hz). Synchronous and regular is SR; synchronous and irregular is SI, fast
# when its spectral peak lies nearer the delay's scale $1/(4D)$ than the membrane's $1/\tau_m$
# (above their geometric mean, 91 Hz).
#
# ### The mean-field rate
#
# In the asynchronous state every neuron receives the same statistics: mean
# $\mu = C_E J \tau [\nu_{ext} + \nu(1 - g\gamma)]$ and variance
# $\sigma^2 = J^2 C_E \tau[\nu_{ext} + \nu(1 + g^2\gamma)]$ with $\gamma = 1/4$. The rate it emits, by
# the Siegert formula, must equal the rate $\nu$ of the network: one equation for one unknown.

# %%
# NBVAL_CHECK_OUTPUT
for name, setting in regimes.items():
    theory = nc.networks.solve_brunel_mean_field(setting["g"], setting["nu_ext_ratio"])
    print(f"{name:38s} mean field {theory.rate:6.1f} Hz   simulated {summaries[name].rate:6.1f} Hz")

# %% [markdown]
# Point by point (the simulated numbers vary by a few percent from seed to seed):
#
# - **C (AI)**: 37.9 Hz in theory, 37.6-38.4 Hz simulated (within 1 %). This is the state the
#   theory describes: asynchronous firing, many small inputs.
# - **B (SI fast)**: 55.8 Hz in theory, 59-60 Hz simulated (+6 to +7 %). The theory assumes
#   independent Poisson inputs; in the oscillating network the inputs arrive in correlated
#   volleys, whose larger fluctuations push more neurons over threshold.
# - **D (SI slow)**: 6.5 Hz in theory, 4.8-7.1 Hz simulated over four seeds (-26 % to +9 %, the
#   largest gap and the most variable). The slow rhythm makes the rate depend on the phase of the few cycles that
#   fit into 400 ms, and near threshold the rate is very sensitive to the input: the
#   diffusion approximation (0.1 mV steps replaced by Gaussian noise), the shared input of a
#   finite network and the 0.1 ms time step each shift it by a few percent.
# - **A (SR)**: 327 Hz in theory, 333 Hz simulated (+2 %), but the agreement is a coincidence: the
#   theory's asynchronous state does not exist here. With a mean input ten times the threshold
#   both numbers sit near saturation, the theory's from the refractory period and the membrane
#   ($1/(t_{ref} + \tau \ln\frac{\mu - V_r}{\mu - \theta})$), the simulation's from the delay ($1/(2D)$).
#
# ### The phase diagram
#
# Sweeping $g$ and $\nu_{ext}/\nu_{thr}$ maps out the regimes. Running the sweep takes minutes, so
# the course ships it: 13 x 9 simulations of this network, $N_E$ = 10 000 (`neurocourse/datasets/`,
# with the script that made it). Each point is classified by `summarize_network_activity` as
# above, from its rate, CV, $\chi$ and spectral peak. Letters mark Brunel's points A-D.

# %%
grid_data = nc.datasets.load_brunel_grid()
ax = nc.plotting.plot_brunel_phase_diagram(grid_data)
for name, setting in regimes.items():
    letter = name.split(":")[0]  # "A" ... "D", as in Brunel's Fig. 8
    ax.annotate(
        letter,
        (setting["g"], setting["nu_ext_ratio"]),
        color="white",
        fontweight="bold",
        ha="center",
        va="center",
    )


# %% [markdown]
# Brunel's diagram has four regimes, SR, AI, SI fast and SI slow. The map adds a fifth, AR
# (asynchronous regular, yellow), at $g$ = 3.5-4 with strong drive: by $\chi$ these networks are
# asynchronous like AI (a correlation below $\epsilon$), but their neurons fire near saturation with
# a CV of 0.1-0.2, too regular to call irregular. Cells next to a boundary can change label
# from seed to seed: each is one 400 ms sample of a finite network.
#
# The explorer below shows any point of the grid: drag $g$ and $\nu_{ext}/\nu_{thr}$ and watch the
# raster, the population rate, CV, $\chi$ and spectrum change; the point is marked on the phase
# diagram. (It reads the stored sweep, so it answers instantly.)

# %%
nc.widgets.brunel_explorer()

# %% [markdown]
# ### Izhikevich's network: rhythms from heterogeneous cells
#
# Brunel's network is built from identical neurons. Real cortex is not: Izhikevich (2003) closed
# his paper with 1000 neurons whose parameters are all different (his Fig. 3). Each of the 800
# excitatory cells draws a number $r_e$ uniformly in [0, 1) and takes
# $(a, b, c, d) = (0.02,\ 0.2,\ -65 + 15 r_e^2,\ 8 - 6 r_e^2)$. Most are regular spiking
# ($r_e$ near 0), and a few are intrinsically bursting or chattering ($r_e$ near 1). Each of the
# 200 inhibitory cells draws $r_i$ and takes $(0.02 + 0.08 r_i,\ 0.25 - 0.05 r_i,\ -65,\ 2)$,
# which runs from fast spiking to low-threshold spiking. The cell types of section 2 are corners
# of this mixture.
#
# Every neuron is connected to every neuron. A spike adds a weight drawn uniformly from [0, 0.5)
# (excitatory) or (-1, 0] (inhibitory) to the input of all cells for one millisecond. The only
# outside drive is a "thalamic" Gaussian noise, drawn afresh every millisecond, with standard
# deviation 5 for excitatory and 2 for inhibitory cells. Nothing in this recipe contains a
# frequency. We simulate it exactly as the paper's MATLAB code does: 1 ms steps, with $v$ in two
# half-steps of 0.5 ms.

# %%
izh_network = nc.networks.izhikevich_network(rng=0)
izh = nc.networks.simulate_izhikevich_network(izh_network, duration=1000.0, rng=1000)

fig, (ax_raster, ax_rate) = plt.subplots(
    2, 1, figsize=(9, 5.5), sharex=True, gridspec_kw={"height_ratios": [3, 1]}
)
nc.plotting.plot_raster(izh.spike_indices, izh.spike_times, ax=ax_raster, n_excitatory=800, marker_size=1.0)
ax_raster.set_xlabel("")
ax_raster.set_title("Izhikevich (2003), Fig. 3: 800 excitatory (blue), 200 inhibitory (vermillion) cells")
t_izh, rate_izh = izh.population_rate(1.0)
nc.plotting.plot_population_rate(t_izh, rate_izh, ax=ax_rate)
ax_rate.set_xlim(0, 1000)
fig.tight_layout();

# %% [markdown]
# The first 50 ms are a single volley: every cell starts at $v = -65$ mV and they all fire
# together. After that, vertical stripes appear in the raster. Every 100-130 ms a volley sweeps
# through the network, and fainter stripes recur a few tens of milliseconds apart around the
# volleys. The population rate peaks at each volley, yet a single neuron fires only a few times
# per second. A volley (about 20 ms) recruits roughly a third of the cells, each firing once,
# and most spikes fall between volleys.
#
# A spectrum makes "roughly every" precise. One second of one network gives a noisy spectrum,
# so we average ten networks (seeds 0-9). We drop the first 100 ms of each run, because the
# starting volley is not part of the ongoing rhythm.

# %%
izh_power = []
for seed in range(10):
    run = nc.networks.simulate_izhikevich_network(
        nc.networks.izhikevich_network(rng=seed), duration=1000.0, rng=1000 + seed
    )
    _, rate = run.population_rate(1.0)
    freqs, power = nc.analysis.compute_power_spectrum(rate[100:], dt=1.0)
    izh_power.append(power)
izh_power = np.mean(izh_power, axis=0)

fig, ax = plt.subplots(figsize=(7, 3.5))
ax.semilogy(freqs[1:], izh_power[1:], color=nc.plotting.COLORS["excitatory"], linewidth=1.0)
for low, high, name in [(8, 13, "alpha"), (30, 50, "gamma")]:
    ax.axvspan(low, high, color=nc.plotting.COLORS["neutral"], alpha=0.2)
    ax.text((low + high) / 2, 3 * izh_power[1:].max(), name, ha="center", va="top")
ax.set_xlim(0, 150)
ax.set_ylim(top=4 * izh_power[1:].max())
ax.set_xlabel("Frequency (Hz)")
ax.set_ylabel("Power (Hz)")
ax.set_title("Population-rate spectrum, 10 networks, 100-1000 ms")
fig.tight_layout();

# %%
# NBVAL_CHECK_OUTPUT
rates_izh = izh.population_mean_rates
alpha_band = (freqs >= 5) & (freqs <= 20)
gamma_band = (freqs >= 25) & (freqs <= 60)
smoothed = np.convolve(izh_power, np.ones(5) / 5, mode="same")
floor = izh_power[freqs >= 200].mean()
print(f"seed 0, 0-1000 ms: E {rates_izh['E']:.1f} Hz, I {rates_izh['I']:.1f} Hz")
print(
    f"alpha peak {freqs[alpha_band][np.argmax(izh_power[alpha_band])]:.1f} Hz, "
    f"8-13 Hz power {izh_power[(freqs >= 8) & (freqs <= 13)].mean() / floor:.0f} x the 200-500 Hz floor"
)
print(
    f"gamma band peak {freqs[gamma_band][np.argmax(smoothed[gamma_band])]:.1f} Hz, "
    f"30-50 Hz power {izh_power[(freqs >= 30) & (freqs <= 50)].mean() / floor:.0f} x the floor"
)

# %% [markdown]
# **What we measured, against the paper.** Izhikevich describes his raster as showing episodes
# of alpha (about 10 Hz) and gamma (about 40 Hz) band rhythms, with neurons firing at a few Hz.
# We checked each of these claims on 40 networks (seeds 0-39), using the same analysis as above.
#
# - *Rates.* Excitatory cells fire at 7.3 ± 0.1 Hz and inhibitory cells at 6.9 ± 0.2 Hz (mean
#   ± s.d. over seeds, 100-1000 ms). The starting volley raises the whole-run rates printed
#   above by about 0.3 Hz. These are "a few Hz", as in the paper.
# - *Alpha.* The spectrum has a clear low-frequency peak at 7.8 Hz. Every group of ten seeds puts
#   it in the same 1.1 Hz bin, and single seeds put it at 6.7-8.9 Hz in 39 of 40 runs. That is
#   about 2 Hz below the paper's "about 10 Hz", at the lower edge of the classical alpha band
#   (8-13 Hz; Buzsáki & Draguhn 2004). The alpha band holds about 40-60 times the power of the
#   flat high-frequency floor; the same spikes, shuffled in time, give a ratio of about 1.
# - *Gamma.* Between 25 and 45 Hz we find a broad band of raised power, 22-25 times the floor,
#   that falls about seven-fold by 60-100 Hz. We do not find a sharp peak at 40 Hz. The maximum
#   of the smoothed band moves between 26 and 36 Hz from one group of ten seeds to the next. The
#   inhibitory population alone shows the bump most clearly, at about 32-37 Hz. The gamma
#   episodes last only a few cycles inside each alpha volley, and a spectrum of short bursts is
#   broad.
#
# So the two rhythms are there, and neither is written into the model. Their frequencies come
# out a little lower than the paper's round numbers. The paper reads "about 10" and "about 40"
# Hz by eye from one raster and does not report a spectrum, and we have not found a difference
# in the model that would explain the gap. Our simulation follows the published code step for
# step (a test checks it against a numpy transcription of the MATLAB loop).

# %% [markdown]
# ## 5. Rate models: the Wilson-Cowan phase plane
#
# When we care about populations rather than spikes, we can describe each population by its
# mean activity. Wilson and Cowan (1972) wrote, for an excitatory population $r_E$ and an
# inhibitory one $r_I$,
#
# $$\tau_E \dot r_E = -r_E + F_E(w_{EE} r_E - w_{EI} r_I + I_E), \qquad \tau_I \dot r_I = -r_I + F_I(w_{IE} r_E - w_{II} r_I + I_I),$$
#
# with sigmoid gain functions $F$. Two variables fit on a plane: the <a id="term-nullcline"></a>**nullclines** are the curves
# where $\dot r_E = 0$ or $\dot r_I = 0$; where they cross lie the **fixed points**; the
# eigenvalues of the Jacobian there tell whether each attracts or repels.
#
# With the Neuromatch Academy parameters the network is **bistable**: a low and a high activity
# state, separated by a saddle. We simulate four trajectories (`r_init` holds one start
# $(r_E, r_I)$ per row) and draw them on the plane with the nullclines and fixed points.

# %%
wc = nc.networks.WilsonCowanParams()
points = nc.networks.find_fixed_points(wc)
runs = nc.networks.simulate_wilson_cowan(
    wc, r_init=[(0.6, 0.8), (0.6, 0.6), (0.2, 0.1), (0.9, 0.3)], duration=50.0
)
ax = nc.plotting.plot_wilson_cowan_phase_plane(wc, trajectories=runs, fixed_points=points)
ax.set_title("Bistable Wilson-Cowan network");
# %%
# NBVAL_CHECK_OUTPUT
for p in points:
    print(f"r_E = {round(p.r_e, 4) + 0.0:.4f}, r_I = {round(p.r_i, 4) + 0.0:.4f}: {p.kind}")

# %% [markdown]
# Change the coupling (weaker self-excitation, a constant input to E) and the picture changes:
# the only fixed point becomes an **unstable focus** surrounded by a stable <a id="term-limit-cycle"></a>**limit cycle**, an
# oscillation between E and I, the rate-model cousin of the SI regime.

# %%
oscillator = nc.networks.WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0, w_ii=1.2, i_ext_e=0.8)
runs = nc.networks.simulate_wilson_cowan(oscillator, r_init=[(0.1, 0.1), (0.5, 0.2)], duration=100.0)
ax = nc.plotting.plot_wilson_cowan_phase_plane(oscillator, trajectories=runs)
ax.set_title("Limit cycle")
print([p.kind for p in nc.networks.find_fixed_points(oscillator)])

# %% [markdown]
# Explore: move the weights and the input and watch the nullclines, fixed points and a trajectory.
# Set $w_{EI}$ or $w_{IE}$ to 0 to cut the loop between the populations: the model still runs,
# and the nullcline of the cut population becomes straight lines (E alone is bistable: three
# vertical lines, one per fixed point of $r_E = F_E(w_{EE} r_E + I_E)$).

# %%
nc.widgets.wilson_cowan_phase_plane()

# %% [markdown]
# ## 6. Lateral inhibition
#
# ### Mach bands
#
# Mach (1865) noticed that where a luminance **ramp** (a gradient, like the penumbra of a shadow)
# meets a plateau, we see a band brighter than the bright plateau at the top knee, and a band
# darker than the dark plateau at the bottom knee. These <a id="term-mach-bands"></a>**Mach bands** are not in the light.
# The classic explanation is lateral inhibition in the retina (Ratliff 1965): a ganglion cell is
# excited by light in a small centre and inhibited by light in a wider surround, a **difference
# of Gaussians** (DoG) receptive field (Rodieck 1965):
#
# $$K(x) = G_{\sigma_c}(x) - k\,G_{\sigma_s}(x).$$
#
# With a balanced surround ($k = 1$) uniform light gives no response at all, and neither does
# a straight gradient (the kernel is symmetric): the cell responds only where the slope changes,
# at the knees of the ramp. Filtering the ramp with $K$ gives the two bands.

# %%
x = np.arange(-15.0, 15.0, 0.02)
ramp = nc.networks.ramp_edge(x, low=1.0, high=2.0, start=-2.0, stop=2.0)
fig, ax = plt.subplots()
ax.plot(x, ramp, color=nc.plotting.COLORS["neutral"], label="luminance")
for k in (0.5, 1.0):
    dog = nc.networks.DoGParams(sigma_center=1.0, sigma_surround=3.0, surround_weight=k)
    response = nc.networks.dog_filter(dog, ramp, dx=0.02)
    ax.plot(x, response + 1.0 - response[0], label=f"response, k = {k}")
ax.axvline(-2.0, color=nc.plotting.COLORS["neutral"], linestyle=":")
ax.axvline(2.0, color=nc.plotting.COLORS["neutral"], linestyle=":")
ax.set_xlabel("Position (deg)")
ax.set_ylabel("Luminance (a.u.)")
ax.legend();
# %% [markdown]
# The bands have a closed form. Convolving a Gaussian with the hinge $\max(u, 0)$ gives
# $\psi_\sigma(u) = u\,\Phi(u/\sigma) + \sigma\varphi(u/\sigma)$, and the ramp is a difference of
# two hinges, so the response is a sum of four such terms
# (`nc.networks.dog_ramp_response`). For a balanced surround and a ramp of width $w$ much wider
# than the surround, each band sits exactly on its knee and is
#
# $$\frac{\Delta L\,(\sigma_s - \sigma_c)}{\sqrt{2\pi}\,w}$$
#
# high: the gentler the ramp, the weaker the bands. `mach_band_measurement` measures the bands
# by filtering (far enough out that the plateaus are plateaus, whatever $\sigma_s$), and
# `ramp_mach_bands` finds them in the closed form:

# %%
# NBVAL_CHECK_OUTPUT
dog = nc.networks.DoGParams(sigma_center=1.0, sigma_surround=3.0, surround_weight=1.0)
for width in (4.0, 30.0):
    measured = nc.networks.mach_band_measurement(dog, low=1.0, high=2.0, width=width)
    exact = nc.networks.ramp_mach_bands(dog, low=1.0, high=2.0, start=-width / 2, stop=width / 2)
    print(
        f"ramp of {width:g} deg: bright band {measured.bright:.4f} (closed form {exact.bright:.4f}), "
        f"{measured.bright_position:.2f} deg beyond the top knee; dark band {measured.dark:.4f}"
    )
print(f"wide-ramp formula for 30 deg: {(3.0 - 1.0) / (np.sqrt(2 * np.pi) * 30.0):.4f}")

# %% [markdown]
# **What lateral inhibition does not explain.** The same filter applied to a sharp **step**
# predicts the largest bands of all: the response right of the edge is
# $\Delta L[\Phi(x/\sigma_c) - k\Phi(x/\sigma_s)]$, which overshoots the plateau at
# $x^* = \sqrt{2\ln(\sigma_s/k\sigma_c)/(\sigma_c^{-2} - \sigma_s^{-2})}$ (whenever
# $k\sigma_c < \sigma_s$). Yet at a sharp step observers see weak bands or none (Ratliff 1984;
# Ross, Morrone & Burr 1989): the bands need the ramp's change of slope, which a linear DoG
# filter does not single out. Ross and colleagues explain the bands by feature detectors that
# report a bar at each knee of a ramp and an edge at a step. Perceived brightness also depends
# on how the scene is organised, on what the visual system takes for illumination, shadow or
# transparency, and on grouping, and the same luminance profile looks different in different
# contexts (Adelson 1993); one account reads Mach bands as learned from the light gradients of
# natural scenes (Lotto, Williams & Purves 1999). Lateral inhibition is a good model of what the
# retina sends on; it is not a model of what we see.

# %%
# NBVAL_CHECK_OUTPUT
step = nc.networks.mach_band_measurement(dog, low=1.0, high=2.0, width=0.0)
print(
    f"step: predicted band {step.bright:.4f} by filtering, {nc.networks.mach_band_overshoot(dog):.4f} in closed form, "
    f"{step.bright_position:.2f} deg from the edge"
)

# %% [markdown]
# In the explorer, set the ramp width to 0 for a step, widen the ramp to weaken the bands, and
# change the surround.

# %%
nc.widgets.mach_bands()

# %% [markdown]
# ### Winner-take-all
#
# Make the inhibition recurrent: $N$ linear-threshold units, each exciting itself with weight
# $\alpha$ and inhibiting all others with weight $\beta$:
#
# $$\tau \dot r_i = -r_i + \Big[I_i + \alpha r_i - \beta \sum_{j\ne i} r_j\Big]_+ .$$
#
# If two units are active, their difference grows or decays with eigenvalue $(\alpha + \beta - 1)/\tau$.
# So for $\beta > 1 - \alpha$ any difference grows until one unit silences the others: a
# <a id="term-winner-take-all-wta"></a>**single winner**, winner-take-all (WTA). Below that, the network keeps a graded, contrast-enhanced copy of its input.
#
# Close to the line the competition is slow: at $\alpha = 0.5$, $\beta = 0.7$, $\tau$ = 10 ms a
# difference grows by a factor $e$ only every 50 ms, so a run of fixed length (say 300 ms) can
# stop while a loser is still fading and show two winners. We run the network until it has
# **converged**, until $\max_i |\dot r_i|$ falls below $10^{-6}$ per ms times the largest
# activity (`until_converged=True`; `duration` is then the longest run allowed, and
# `result.converged` says whether it got there).

# %%
inputs = 1.0 + 0.3 * np.exp(-0.5 * ((np.arange(20) - 8.0) / 2.5) ** 2) + 0.02 * rng.standard_normal(20)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2), sharey=True)
for ax, beta in zip(axes, (0.3, 0.7)):
    wta = nc.networks.simulate_linear_threshold_network(
        nc.networks.LinearThresholdParams(alpha=0.5, beta=beta), inputs, duration=5000.0, until_converged=True
    )
    ax.bar(np.arange(20), wta.final_rates, color=nc.plotting.COLORS["excitatory"], label="steady state")
    ax.plot(np.arange(20), inputs, "o", color=nc.plotting.COLORS["highlight"], label="input")
    ax.set_title(f"alpha = 0.5, beta = {beta}: {wta.active().size} active after {wta.duration:.0f} ms")
    ax.set_xlabel("Unit")
axes[0].set_ylabel("Activity (a.u.)")
axes[0].legend();
# %%
nc.widgets.winner_take_all()

# %% [markdown]
# ## 7. From brain to AI
#
# ### Lateral inhibition as normalization and softmax
#
# Divide each unit's drive by the summed activity of its neighbours and you get <a id="term-divisive-normalization"></a>**divisive
# normalization** (Heeger 1992; Carandini & Heeger 2012), found from retina to cortex. Raise the
# drives to a power first, or exponentiate them, and it becomes the **softmax** of every
# classifier and every attention layer: $\mathrm{softmax}(x)_i = e^{x_i/T}/\sum_j e^{x_j/T}$. As the
# temperature $T$ falls, softmax turns from a graded code into a winner-take-all, like raising $\beta$.


# %%
def normalize(x, exponent=2.0, sigma=0.1):
    """Divisive normalization: x_i^n / (sigma^n + sum_j x_j^n)."""
    drive = np.maximum(x, 0.0) ** exponent
    return drive / (sigma**exponent + drive.sum())


def softmax(x, temperature=1.0):
    z = np.exp((x - x.max()) / temperature)
    return z / z.sum()


fig, axes = plt.subplots(1, 3, figsize=(12, 3), sharey=True)
units = np.arange(20)
axes[0].bar(units, normalize(inputs, exponent=8.0), color=nc.plotting.COLORS["sky"])
axes[0].set_title("divisive normalization, n = 8")
axes[1].bar(units, softmax(inputs, temperature=0.05), color=nc.plotting.COLORS["accent"])
axes[1].set_title("softmax, T = 0.05")
axes[2].bar(units, softmax(inputs, temperature=0.005), color=nc.plotting.COLORS["inhibitory"])
axes[2].set_title("softmax, T = 0.005: winner-take-all")
for ax in axes:
    ax.set_xlabel("Unit")
axes[0].set_ylabel("Share of activity");

# %% [markdown]
# ### k-winners-take-all
#
# Between a graded code and a single winner lies **k-WTA**: keep the $k$ largest activations and
# silence the rest. It is the activation function of sparse networks whose representations
# resist noise (Ahmad & Scheinkman 2019) and of networks hardened against adversarial inputs
# (Xiao et al. 2019). A recurrent network with moderate inhibition implements it (the analysis
# of Hahnloser et al. 2000): with the same $\alpha$, lowering $\beta$ lets more winners survive.


# %%
def k_winners_take_all(x, k):
    """Keep the k largest entries of x, zero the rest."""
    out = np.zeros_like(x)
    top = np.argsort(x)[-k:]
    out[top] = x[top]
    return out


for beta in (0.45, 0.3, 0.2):
    wta = nc.networks.simulate_linear_threshold_network(
        nc.networks.LinearThresholdParams(alpha=0.5, beta=beta), inputs, duration=5000.0, until_converged=True
    )
    k = wta.active().size
    same = set(np.flatnonzero(k_winners_take_all(inputs, k))) == set(wta.active())
    print(f"beta = {beta}: {k} winners; the same units as {k}-WTA on the input: {same}")

# %% [markdown]
# ### E/I recurrence and recurrent neural networks
#
# Discretise the Wilson-Cowan equations with a step $\Delta t$ and you get exactly a **recurrent
# neural network** with leaky units, $h_{t+1} = (1 - \Delta t/\tau)\,h_t + (\Delta t/\tau)\,F(W h_t + x)$
# (the form of leaky-integrator echo state networks and of the RNNs trained on cognitive tasks by
# Song et al. 2016, whose point was to keep the brain's constraint that a unit is either
# excitatory or inhibitory, Dale's law, as the Wilson-Cowan populations are). Running the RNN
# update by hand reproduces the simulator's trajectory.

# %%
W = np.array([[wc.w_ee, -wc.w_ei], [wc.w_ie, -wc.w_ii]])
tau = np.array([wc.tau_e, wc.tau_i])
a, theta = np.array([wc.a_e, wc.a_i]), np.array([wc.theta_e, wc.theta_i])
F = lambda z: 1 / (1 + np.exp(-a * (z - theta))) - 1 / (1 + np.exp(a * theta))  # noqa: E731
simulated = nc.networks.simulate_wilson_cowan(wc, r_init=(0.6, 0.6), duration=50.0, dt=0.1)
h, dt, trajectory = np.array([0.6, 0.6]), 0.1, [np.array([0.6, 0.6])]
for _ in range(simulated.n_steps - 1):  # sample n is the state at the start of step n
    h = (1 - dt / tau) * h + (dt / tau) * F(W @ h)
    trajectory.append(h)
simulator_path = np.stack([simulated.r_e[0], simulated.r_i[0]], axis=1)
print(
    f"largest difference between the RNN and the simulator: {np.abs(np.array(trajectory) - simulator_path).max():.1e}"
)

# %% [markdown]
# What the RNN view adds is learning: instead of choosing $W$ by hand, train it by gradient
# descent, and look inside the trained network for the E/I structure, attractors and limit
# cycles we have just analysed by hand.

# %% [markdown]
# ## Summary
#
# - A LIF neuron is an RC circuit with a threshold: rheobase $(\theta - E_L)/R$, and an f-I curve
#   with a steep onset and a refractory ceiling.
# - Two variables (Izhikevich) reproduce adaptation, bursting, fast spiking, rebound and resonance.
# - Irregular firing comes from fluctuation-driven input; the Siegert formula gives the rate.
# - Balanced E/I networks have four regimes (SR, AI, SI fast and slow); mean-field theory predicts
#   their rates, and the AI state resembles cortex.
# - Izhikevich's network of 1000 heterogeneous cells makes alpha- and gamma-band rhythms that no
#   parameter names: rhythms are a property of the circuit, not of its cells.
# - The Wilson-Cowan plane shows bistability and oscillations as fixed points and limit cycles.
# - Lateral inhibition makes Mach bands at the knees of a ramp (feed-forward DoG), though not the
#   whole story of what we see, and winner-take-all (recurrent, $\beta > 1-\alpha$).
# - AI inherited normalization and softmax, k-WTA, and recurrent networks from these circuits.
#
# ## References
#
# - Lapicque L (1907) Recherches quantitatives sur l'excitation électrique des nerfs traitée comme une polarisation. *J Physiol Pathol Gen* 9:620–635.
# - Ermentrout B (1996) Type I membranes, phase resetting curves, and synchrony. *Neural Comput* 8:979–1001.
# - Izhikevich EM (2003) Simple model of spiking neurons. *IEEE Trans Neural Netw* 14:1569–1572.
# - Buzsáki G, Draguhn A (2004) Neuronal oscillations in cortical networks. *Science* 304:1926–1929.
# - Siegert AJF (1951) On the first passage time probability problem. *Phys Rev* 81:617–623.
# - Softky WR, Koch C (1993) *J Neurosci* 13:334–350.
# - Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory spiking neurons. *J Comput Neurosci* 8:183–208.
# - Golomb D, Rinzel J (1993) *Phys Rev E* 48:4810–4814.
# - Wilson HR, Cowan JD (1972) Excitatory and inhibitory interactions in localized populations of model neurons. *Biophys J* 12:1–24.
# - Rodieck RW (1965) Quantitative analysis of cat retinal ganglion cell response to visual stimuli. *Vision Res* 5:583–601.
# - Mach E (1865) Über die Wirkung der räumlichen Vertheilung des Lichtreizes auf die Netzhaut. *Sitzungsber Kaiserl Akad Wiss Wien, Math-Nat Cl* 52:303–322.
# - Ratliff F (1965) *Mach Bands: Quantitative Studies on Neural Networks in the Retina*. Holden-Day.
# - Ratliff F (1984) Why Mach bands are not seen at the edges of a step. *Vision Res* 24:163–165.
# - Ross J, Morrone MC, Burr DC (1989) The conditions under which Mach bands are visible. *Vision Res* 29:699–715.
# - Adelson EH (1993) Perceptual organization and the judgment of brightness. *Science* 262:2042–2044.
# - Lotto RB, Williams SM, Purves D (1999) Mach bands as empirically derived associations. *Proc Natl Acad Sci USA* 96:5245–5250.
# - Hahnloser RHR, Sarpeshkar R, Mahowald MA, Douglas RJ, Seung HS (2000) Digital selection and analogue amplification coexist in a cortex-inspired silicon circuit. *Nature* 405:947–951.
# - Heeger DJ (1992) Normalization of cell responses in cat striate cortex. *Vis Neurosci* 9:181–197.
# - Carandini M, Heeger DJ (2012) Normalization as a canonical neural computation. *Nat Rev Neurosci* 13:51–62.
# - Ahmad S, Scheinkman L (2019) How can we be so dense? The benefits of using highly sparse representations. arXiv:1903.11257.
# - Xiao C, Zhong P, Zheng C (2019) Enhancing adversarial defense by k-winners-take-all. arXiv:1905.10510 (ICLR 2020).
# - Song HF, Yang GR, Wang X-J (2016) Training excitatory-inhibitory recurrent neural networks for cognitive tasks. *PLoS Comput Biol* 12:e1004792.
# - Gerstner W, Kistler WM, Naud R, Paninski L (2014) *Neuronal Dynamics*. Cambridge University Press.
#
# ## Glossary
#
# - **rheobase**: the smallest constant current that makes a neuron fire [nA].
# - **f-I curve**: firing rate [Hz] against constant input current [nA].
# - **adaptation**: the slowing of firing during a sustained input.
# - **ISI CV**: standard deviation over mean of interspike intervals; 1 for Poisson.
# - **Fano factor**: variance over mean of spike counts in windows; 1 for Poisson.
# - **diffusion approximation**: treating many small synaptic inputs as a drift plus white noise.
# - **balanced network**: a network where recurrent inhibition cancels most of the excitation.
# - **asynchronous irregular (AI) state**: irregular single neurons, a flat population rate.
# - **synchrony $\chi$**: Golomb's measure, 1 for identical voltages, near 0 for independent ones.
# - **nullcline**: the curve where one variable's derivative is zero.
# - **limit cycle**: an isolated closed trajectory; a self-sustained oscillation.
# - **Mach bands**: illusory bright and dark bands at the knees of a luminance ramp.
# - **winner-take-all (WTA)**, **k-WTA**: competition that leaves one (or k) units active.
# - **divisive normalization**: dividing each response by the pooled activity of its neighbours.
