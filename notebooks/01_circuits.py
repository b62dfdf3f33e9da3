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
# 4. place a balanced E/I network in Brunel's four regimes from its raster, rates, synchrony and spectrum (35 min);
# 5. find and classify the fixed points of the Wilson-Cowan model on its phase plane (25 min);
# 6. explain Mach bands and winner-take-all by lateral inhibition, with the condition for a single winner (20 min);
# 7. connect each mechanism with its AI descendant: normalization and softmax, k-winners-take-all, recurrent networks (20 min).
#
# **Estimated time:** about 3 hours with the exercises (`exercises/01_circuits.ipynb`).
#
# **Prerequisites:** chapter 00; calculus (exponentials, a first-order ODE), a little linear algebra (eigenvalues).

# %% [markdown]
# ## Setup

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
params = nc.neurons.LIFParams()                       # neurodynex defaults
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
# **rheobase** $I_{rh} = (\theta - E_L)/R$. Above it, the time from reset to threshold follows from
# the exponential: $T = \tau_m \ln\frac{RI + E_L - V_r}{RI + E_L - \theta}$, so the rate is
#
# $$f(I) = \frac{1}{t_{ref} + \tau_m \ln\frac{RI + E_L - V_r}{RI + E_L - \theta}}.$$
#
# Simulate a range of currents at once (one neuron per current) and compare with the formula.

# %%
currents = np.linspace(0.0, 6.0, 25)
sweep = nc.neurons.simulate_lif(params, currents[:, None], duration=1000.0, dt=0.1, record_v=False)
simulated = np.array([1000.0 / np.diff(t).mean() if t.size > 1 else 0.0 for t in sweep.spike_trains()])
grid = np.linspace(0.0, 6.0, 400)
nc.plotting.plot_fi_curve(currents, simulated, analytic_currents=grid, analytic_rates=nc.neurons.lif_rate(params, grid));

# %%
# NBVAL_CHECK_OUTPUT
print(f"rheobase: {nc.neurons.lif_rheobase(params):.3f} nA")
for amp in (2.5, 4.0):
    print(f"f({amp} nA) = {nc.neurons.lif_rate(params, amp):.3f} Hz")

# %% [markdown]
# Three things to notice: nothing below the rheobase; a steep, square-root-like onset just above
# it; and saturation towards $1/t_{ref} = 500$ Hz. Try it in the explorer: a longer $\tau_m$
# integrates more slowly, a higher threshold moves the rheobase right. A threshold below the
# reset potential is refused with a message: such a neuron would fire forever.

# %%
nc.widgets.lif_explorer()

# %% [markdown]
# ## 2. A zoo of neurons
#
# Real neurons are not all alike. Pyramidal cells slow down during a sustained input
# (adaptation), some cells fire bursts, fast-spiking interneurons keep a steady high rate,
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
    if name == "TC":   # thalamo-cortical: released from -87 mV at 50 ms
        p = nc.neurons.izhikevich_preset(name)
        hold = -(0.04 * 87.0 ** 2 - 5 * 87.0 + 140 + p.b * 87.0)
        drive = np.r_[np.full(500, hold), np.zeros(2500)]
        r = nc.neurons.simulate_izhikevich(p, drive, duration=300.0, v0=-87.0, u0=-87.0 * p.b)
    else:
        drive = np.r_[np.zeros(500), np.full(2500, 10.0)]
        r = nc.neurons.simulate_izhikevich(name, drive, duration=300.0)
    nc.plotting.plot_voltage_trace(r.time, r.voltage[0], spike_times=r.spike_times, v_peak=30.0, ax=ax)
    ax.set_title(f"{name}: {nc.neurons.IZHIKEVICH_TYPE_NAMES[name]}", fontsize=10)
    ax.set_xlabel("Time (ms)" if ax in axes[-1] else "")
axes.flat[-1].axis("off")
fig.tight_layout()

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
# a Poisson process. Two numbers measure it:
#
# - the **ISI coefficient of variation** $CV = \sigma_{ISI}/\mu_{ISI}$: 0 for a clock, 1 for Poisson;
# - the **Fano factor** $F = \mathrm{Var}(n)/\mathrm{E}(n)$ of spike counts in windows: 1 for Poisson.
#
# Drive 400 unconnected LIF neurons of Brunel's network (rest 0 mV, threshold 20 mV, reset
# 10 mV, $\tau_m$ = 20 ms) with 1000 excitatory Poisson inputs each, every input spike a jump
# of $J$ = 0.1 mV. Each neuron sees a mean drive $\mu = C J \tau_m \nu_{ext}$ and fluctuations
# $\sigma^2 = C J^2 \tau_m \nu_{ext}$.

# %%
def poisson_driven_neurons(nu_ext, *, n_neurons=400, duration=2000.0, rng=None):
    """Simulate unconnected Brunel neurons, each driven by 1000 Poisson inputs at nu_ext [Hz]."""
    empty = nc.networks.from_edges([], [], n_pre=n_neurons, n_post=n_neurons, weights=0.0)
    network = nc.networks.SpikingNetwork(empty, drive=nc.networks.PoissonDrive(1000, nu_ext, 0.1))
    return nc.networks.simulate_spiking_network(network, duration=duration, dt=0.1, rng=rng)


noisy = poisson_driven_neurons(20.0, rng=rng)
cv = nc.analysis.compute_isi_cv(noisy.spike_indices, noisy.spike_times, n_neurons=noisy.n_neurons)
fano = nc.analysis.compute_fano_factor(noisy.spike_indices, noisy.spike_times, n_neurons=noisy.n_neurons,
                                       duration=2000.0, window=100.0)
fig, (ax_r, ax_h) = plt.subplots(1, 2, figsize=(10, 3.2))
nc.plotting.plot_raster(noisy.spike_indices, noisy.spike_times, ax=ax_r, max_neurons=40)
ax_r.set_xlim(0, 1000)
ax_h.hist(np.concatenate([np.diff(t) for t in noisy.spike_trains()]), bins=60, color=nc.plotting.COLORS["excitatory"])
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
# When many small inputs arrive, the membrane potential performs a random walk with drift.
# Its firing rate is a first-passage problem with a closed-form answer, the **Siegert formula**:
#
# $$\frac{1}{\nu} = t_{ref} + \tau_m\sqrt{\pi}\int_{(V_r-\mu)/\sigma}^{(\theta-\mu)/\sigma} e^{u^2}\,(1 + \mathrm{erf}\,u)\,du .$$
#
# Compare it with simulation across input rates, including the fluctuation-driven range where
# the mean input $\mu$ stays below threshold (left of the dashed line).

# %%
nu_values = np.array([6.0, 8.0, 10.0, 12.0, 15.0, 20.0])
simulated_rates = [poisson_driven_neurons(nu, n_neurons=200, duration=1000.0, rng=rng).mean_rate for nu in nu_values]
theory_grid = np.linspace(5.0, 21.0, 80)
siegert = [nc.networks.siegert_rate(1000 * 0.1 * 20e-3 * nu, np.sqrt(1000 * 0.01 * 20e-3 * nu)) for nu in theory_grid]
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
# Brunel (2000) studied $N_E$ excitatory and $N_I = N_E/4$ inhibitory LIF neurons, each
# receiving $C_E = 1000$ excitatory and $C_I = 250$ inhibitory recurrent synapses chosen at random,
# plus $C_E$ external Poisson inputs at rate $\nu_{ext}$. Excitatory synapses have efficacy
# $J = 0.1$ mV, inhibitory ones $-gJ$, all with a delay of 1.5 ms. Two numbers set the regime:
#
# - $g$, the relative strength of inhibition: since there are four times fewer inhibitory inputs,
#   $g = 4$ balances excitation exactly, $g > 4$ makes inhibition win;
# - $\nu_{ext}/\nu_{thr}$, the external drive in units of $\nu_{thr} = \theta/(C_E J \tau_m)$,
#   the rate that alone brings the mean input to threshold (10 Hz here).
#
# We simulate a scaled network of $N_E$ = 5000 with $C_E$ kept at 1000, so the mean and variance of
# every neuron's input, and hence the regimes, stay where Brunel found them. These are the four
# points A to D of his Fig. 8.

# %%
regimes = {
    "A: synchronous regular (SR)": dict(g=3.0, nu_ext_ratio=2.0),
    "B: asynchronous irregular (AI)": dict(g=5.0, nu_ext_ratio=2.0),
    "C: synchronous irregular, fast (SI)": dict(g=6.0, nu_ext_ratio=4.0),
    "D: synchronous irregular, slow (SI)": dict(g=4.5, nu_ext_ratio=0.9),
}
runs = {name: nc.networks.simulate_brunel(**setting, n_excitatory=5000, duration=600.0, record_v=np.arange(100),
                                         rng=rng, progress=True)
        for name, setting in regimes.items()}

# %% [markdown]
# Look at each regime from three sides: a raster of 50 excitatory neurons, the population rate
# (all neurons, 0.5 ms bins), and the power spectrum of that rate.

# %%
fig, axes = plt.subplots(4, 3, figsize=(12, 10), gridspec_kw={"width_ratios": [2, 2, 1]})
summaries = {}
for row, (name, result) in zip(axes, runs.items()):
    late = result.window(200.0)
    summaries[name] = nc.analysis.summarize_network_activity(late)
    nc.plotting.plot_raster(late.spike_indices, late.spike_times, ax=row[0], max_neurons=50)
    row[0].set_xlim(400, 600)
    row[0].set_title(name, fontsize=10)
    t, pop = nc.analysis.compute_population_rate(late.spike_times, n_neurons=late.n_neurons, duration=400.0,
                                                 bin_width=0.5, t_start=200.0)
    nc.plotting.plot_population_rate(t, pop, ax=row[1])
    row[1].set_xlim(400, 600)
    f, power = nc.analysis.compute_power_spectrum(pop, dt=0.5)
    row[2].semilogy(f[1:], power[1:], color=nc.plotting.COLORS["excitatory"], linewidth=1.0)
    row[2].set_xlim(0, 300)
    row[2].set_xlabel("Frequency (Hz)")
    row[2].set_ylabel("Power (Hz)")
fig.tight_layout()

# %%
# NBVAL_CHECK_OUTPUT
for name, s in summaries.items():
    print(f"{name:38s} rate {s.rate:6.1f} Hz   CV {s.cv:4.2f}   chi {s.chi:4.2f}   peak {s.peak_frequency:5.0f} Hz -> {s.regime}")

# %% [markdown]
# - **SR** (weak inhibition): neurons fire near their maximal rate, in lockstep, with regular
#   ISIs (CV near 0) and a high synchrony $\chi$. At $\nu_{ext}/\nu_{thr} = 2$ the lockstep breaks
#   near $g \approx 3.2$, already before inhibition balances excitation on average ($g = 4$);
#   you will locate that transition yourself in the exercises.
# - **AI** (inhibition dominates, strong drive): each neuron fires irregularly while the population
#   rate is nearly flat and $\chi$ is small. This is the state that resembles cortex. Its CV, about
#   0.4 here (also over runs of several seconds), is far from SR's clock but below a Poisson
#   process's 1: with $\nu_{ext} = 2\nu_{thr}$ the mean input sits close to threshold, so firing is
#   only partly fluctuation-driven. Stronger inhibition (point C) pushes the CV to about 0.9.
# - **SI fast** (strong inhibition, very strong drive): single neurons still fire irregularly at
#   modest rates, but the population oscillates far faster (around 180 Hz), each neuron joining
#   only some cycles.
# - **SI slow** (inhibition dominant, weak drive): sparse firing with a slow population oscillation.
#
# Golomb's synchrony measure $\chi$ compares the variance of the population-averaged voltage with
# the average variance of single voltages: 1 for identical traces, about $1/\sqrt N$ for
# independent ones.
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
# The self-consistent rates match the simulations in the three irregular regimes (Brunel's 38,
# 56 and 6.5 Hz), even where the population oscillates: the oscillation redistributes spikes in
# time but hardly changes their number. In SR the neurons sit at the refractory ceiling.
#
# ### The phase diagram
#
# Sweeping $g$ and $\nu_{ext}/\nu_{thr}$ maps out the regimes. Running the sweep takes minutes, so
# the course ships it: 13 x 9 simulations of this scaled network (`neurocourse/datasets/`, with the
# script that made it). Each point is classified by its rate, CV, $\chi$ and spectral peak.

# %%
grid_data = nc.datasets.load_brunel_grid()
ax = nc.plotting.plot_brunel_phase_diagram(grid_data)
for name, setting in regimes.items():
    ax.annotate(name[0], (setting["g"], setting["nu_ext_ratio"]), color="white", fontweight="bold",
                ha="center", va="center")

# %% [markdown]
# The explorer below shows any point of the grid: drag $g$ and $\nu_{ext}/\nu_{thr}$ and watch the
# raster, the population rate, CV, $\chi$ and spectrum change; the point is marked on the phase
# diagram. (It reads the stored sweep, so it answers instantly.)

# %%
nc.widgets.brunel_explorer()

# %% [markdown]
# ## 5. Rate models: the Wilson-Cowan phase plane
#
# When we care about populations rather than spikes, we can describe each population by its
# mean activity. Wilson and Cowan (1972) wrote, for an excitatory population $r_E$ and an
# inhibitory one $r_I$,
#
# $$\tau_E \dot r_E = -r_E + F_E(w_{EE} r_E - w_{EI} r_I + I_E), \qquad \tau_I \dot r_I = -r_I + F_I(w_{IE} r_E - w_{II} r_I + I_I),$$
#
# with sigmoid gain functions $F$. Two variables fit on a plane: the **nullclines** are the curves
# where $\dot r_E = 0$ or $\dot r_I = 0$; where they cross lie the **fixed points**; the
# eigenvalues of the Jacobian there tell whether each attracts or repels.
#
# With the Neuromatch Academy parameters the network is **bistable**: a low and a high activity
# state, separated by a saddle.

# %%
wc = nc.networks.WilsonCowanParams()
points = nc.networks.find_fixed_points(wc)
ax = nc.plotting.plot_wilson_cowan_phase_plane(wc, trajectories=[(0.6, 0.8), (0.6, 0.6), (0.2, 0.1), (0.9, 0.3)])
ax.set_title("Bistable Wilson-Cowan network");

# %%
# NBVAL_CHECK_OUTPUT
for p in points:
    print(f"r_E = {round(p.r_e, 4) + 0.0:.4f}, r_I = {round(p.r_i, 4) + 0.0:.4f}: {p.kind}")

# %% [markdown]
# Change the coupling (weaker self-excitation, a constant input to E) and the picture changes:
# the only fixed point becomes an **unstable focus** surrounded by a stable **limit cycle**, an
# oscillation between E and I, the rate-model cousin of the SI regime.

# %%
oscillator = nc.networks.WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0, w_ii=1.2, i_ext_e=0.8)
ax = nc.plotting.plot_wilson_cowan_phase_plane(oscillator, trajectories=[(0.1, 0.1), (0.5, 0.2)], duration=100.0)
ax.set_title("Limit cycle");
print([p.kind for p in nc.networks.find_fixed_points(oscillator)])

# %% [markdown]
# Explore: move the weights and the input and watch the nullclines, fixed points and a trajectory.

# %%
nc.widgets.wilson_cowan_phase_plane()

# %% [markdown]
# ## 6. Lateral inhibition
#
# ### Mach bands
#
# Look at a luminance edge: on its bright side you see a band brighter than the plateau, on the
# dark side a band darker than its plateau. These **Mach bands** are not in the light; they are
# made by the retina. A ganglion cell is excited by light in a small centre and inhibited by
# light in a wider surround, a **difference of Gaussians** (DoG) receptive field (Rodieck 1965):
#
# $$K(x) = G_{\sigma_c}(x) - k\,G_{\sigma_s}(x).$$
#
# Filtering the edge with $K$ gives the bands. With a balanced surround ($k = 1$) uniform light gives
# no response at all: the retina reports contrast, not luminance.

# %%
x = np.arange(-15.0, 15.0, 0.02)
edge = nc.networks.step_edge(x, low=1.0, high=2.0)
fig, ax = plt.subplots()
ax.plot(x, edge, color=nc.plotting.COLORS["neutral"], label="luminance")
for k in (0.5, 1.0):
    dog = nc.networks.DoGParams(sigma_center=1.0, sigma_surround=3.0, surround_weight=k)
    response = nc.networks.dog_filter(dog, edge, dx=0.02)
    ax.plot(x, response + 1.0 - response[0], label=f"response, k = {k}")
ax.set_xlabel("Position (deg)")
ax.set_ylabel("Luminance (a.u.)")
ax.legend();

# %% [markdown]
# The overshoot has a closed form: the response right of the edge is
# $\Delta L[\Phi(x/\sigma_c) - k\Phi(x/\sigma_s)]$, which peaks at
# $x^* = \sqrt{2\ln(\sigma_s/k\sigma_c)/(\sigma_c^{-2} - \sigma_s^{-2})}$, so a band exists only when
# $k\sigma_c < \sigma_s$.

# %%
# NBVAL_CHECK_OUTPUT
dog = nc.networks.DoGParams(sigma_center=1.0, sigma_surround=3.0, surround_weight=1.0)
response = nc.networks.dog_filter(dog, edge, dx=0.02)
measured = response[x >= 0].max() - response[np.abs(x - 12.0) < 0.5].mean()
print(f"overshoot: filtered {measured:.4f}, closed form {nc.networks.mach_band_overshoot(dog):.4f}")

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
# **single winner**. Below that, the network keeps a graded, contrast-enhanced copy of its input.

# %%
inputs = 1.0 + 0.3 * np.exp(-0.5 * ((np.arange(20) - 8.0) / 2.5) ** 2) + 0.02 * rng.standard_normal(20)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2), sharey=True)
for ax, beta in zip(axes, (0.3, 0.7)):
    wta = nc.networks.simulate_linear_threshold_network(inputs, alpha=0.5, beta=beta, duration=300.0)
    ax.bar(np.arange(20), wta.final_rates, color=nc.plotting.COLORS["excitatory"], label="steady state")
    ax.plot(np.arange(20), inputs, "o", color=nc.plotting.COLORS["highlight"], label="input")
    ax.set_title(f"alpha = 0.5, beta = {beta}: {wta.active().size} active")
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
# Divide each unit's drive by the summed activity of its neighbours and you get **divisive
# normalization** (Heeger 1992; Carandini & Heeger 2012), found from retina to cortex. Raise the
# drives to a power first, or exponentiate them, and it becomes the **softmax** of every
# classifier and every attention layer: $\mathrm{softmax}(x)_i = e^{x_i/T}/\sum_j e^{x_j/T}$. As the
# temperature $T$ falls, softmax turns from a graded code into a winner-take-all, like raising $\beta$.

# %%
def normalize(x, exponent=2.0, sigma=0.1):
    """Divisive normalization: x_i^n / (sigma^n + sum_j x_j^n)."""
    drive = np.maximum(x, 0.0) ** exponent
    return drive / (sigma ** exponent + drive.sum())


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
# silence the rest. It is the activation function of sparse networks for continual learning and
# robustness (Ahmad & Scheinkman 2019; Xiao et al. 2019), and a recurrent network with moderate
# inhibition implements it: with the same $\alpha$, lowering $\beta$ lets more winners survive.

# %%
def k_winners_take_all(x, k):
    """Keep the k largest entries of x, zero the rest."""
    out = np.zeros_like(x)
    top = np.argsort(x)[-k:]
    out[top] = x[top]
    return out


for beta in (0.45, 0.3, 0.2):
    wta = nc.networks.simulate_linear_threshold_network(inputs, alpha=0.5, beta=beta, duration=400.0)
    k = wta.active().size
    same = set(np.flatnonzero(k_winners_take_all(inputs, k))) == set(wta.active())
    print(f"beta = {beta}: {k} winners; the same units as {k}-WTA on the input: {same}")

# %% [markdown]
# ### E/I recurrence and recurrent neural networks
#
# Discretise the Wilson-Cowan equations with a step $\Delta t$ and you get exactly a **recurrent
# neural network** with leaky units, $h_{t+1} = (1 - \Delta t/\tau)\,h_t + (\Delta t/\tau)\,F(W h_t + x)$
# (the form of leaky-integrator echo state networks and of RNNs trained on neuroscience tasks,
# Song et al. 2016). Running the RNN update by hand reproduces the simulator's trajectory.

# %%
W = np.array([[wc.w_ee, -wc.w_ei], [wc.w_ie, -wc.w_ii]])
tau = np.array([wc.tau_e, wc.tau_i])
a, theta = np.array([wc.a_e, wc.a_i]), np.array([wc.theta_e, wc.theta_i])
F = lambda z: 1 / (1 + np.exp(-a * (z - theta))) - 1 / (1 + np.exp(a * theta))  # noqa: E731
h, dt, trajectory = np.array([0.6, 0.6]), 0.1, []
for _ in range(500):
    h = (1 - dt / tau) * h + (dt / tau) * F(W @ h)
    trajectory.append(h)
simulated = nc.networks.simulate_wilson_cowan(wc, r_e0=0.6, r_i0=0.6, duration=50.0, dt=0.1)
simulator_path = np.stack([simulated.r_e[0, 1:], simulated.r_i[0, 1:]], axis=1)
print(f"largest difference between the RNN and the simulator: {np.abs(np.array(trajectory) - simulator_path).max():.1e}")

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
# - The Wilson-Cowan plane shows bistability and oscillations as fixed points and limit cycles.
# - Lateral inhibition makes Mach bands (feed-forward DoG) and winner-take-all (recurrent, $\beta > 1-\alpha$).
# - AI inherited normalization and softmax, k-WTA, and recurrent networks from these circuits.
#
# ## References
#
# - Lapicque L (1907) *J Physiol Pathol Gen* 9:620–635.
# - Izhikevich EM (2003) Simple model of spiking neurons. *IEEE Trans Neural Netw* 14:1569–1572.
# - Siegert AJF (1951) On the first passage time probability problem. *Phys Rev* 81:617–623.
# - Softky WR, Koch C (1993) *J Neurosci* 13:334–350.
# - Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory spiking neurons. *J Comput Neurosci* 8:183–208.
# - Golomb D, Rinzel J (1993) *Phys Rev E* 48:4810–4814.
# - Wilson HR, Cowan JD (1972) Excitatory and inhibitory interactions in localized populations of model neurons. *Biophys J* 12:1–24.
# - Rodieck RW (1965) Quantitative analysis of cat retinal ganglion cell response to visual stimuli. *Vision Res* 5:583–601.
# - Ratliff F (1965) *Mach Bands: Quantitative Studies on Neural Networks in the Retina*. Holden-Day.
# - Hahnloser RHR, Sarpeshkar R, Mahowald MA, Douglas RJ, Seung HS (2000) Digital selection and analogue amplification coexist in a cortex-inspired silicon circuit. *Nature* 405:947–951.
# - Carandini M, Heeger DJ (2012) Normalization as a canonical neural computation. *Nat Rev Neurosci* 13:51–62.
# - Ahmad S, Scheinkman L (2019) How can we be so dense? The benefits of using highly sparse representations. arXiv:1903.11257.
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
# - **Mach bands**: illusory bright and dark bands beside a luminance edge.
# - **winner-take-all (WTA)**, **k-WTA**: competition that leaves one (or k) units active.
# - **divisive normalization**: dividing each response by the pooled activity of its neighbours.
