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
# # 03 · Attention gating
#
# *What attention does to neurons (more spikes for what matters, and the same tuning), the
# normalization model that explains why it sometimes shifts a contrast-response curve and
# sometimes scales it, competition between stimuli in one receptive field, attention to
# features, attention as a gain on the input of a spiking network, and why the attention of a
# transformer is, arithmetically, a normalization model.*
#
# **Objectives.** After this chapter you can
# 1. describe what spatial and feature-based attention do to tuning curves and contrast-response functions (15 min);
# 2. compute divisive normalization and derive a Naka-Rushton contrast-response function from it (15 min);
# 3. run the normalization model of attention and predict contrast gain or response gain from the sizes of stimulus and attention field (30 min);
# 4. explain biased competition and feature-similarity gain as gain changes in a normalization circuit (20 min);
# 5. measure how an input gain changes rate coding and signal-to-noise in a spiking network (15 min);
# 6. read softmax attention, LSTM gates, mixtures of experts and modern Hopfield networks as gain control, and say where the analogy stops (25 min).
#
# **Estimated time:** about 3 h 40 min with the exercises (`exercises/03_attention.ipynb`).
#
# **Prerequisites:** chapter 01 (LIF neurons, Brunel's network, divisive normalization and softmax in
# its "From brain to AI" section); logarithms and a little linear algebra (matrix products).

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
from neurocourse import attention as attn

nc.plotting.use_course_style()
rng = np.random.default_rng(2026)
COLORS = nc.plotting.COLORS

# %% [markdown]
# ## 1. What attention does to neurons
#
# Cue a location and people detect a faint target there sooner and more often (Posner 1980).
# Record in visual area V4 while a monkey attends to one of two stimuli inside a neuron's
# receptive field, and the neuron responds as if the other stimulus were hardly there (Moran &
# Desimone 1985). Three regularities organise what followed:
#
# - **Gain, not retuning.** Attending to a neuron's receptive field scales its orientation-tuning
#   curve up, by some 20–30 % in V4, without changing its width or preferred orientation
#   (McAdams & Maunsell 1999).
# - **Contrast gain or response gain.** Attention shifted V4 contrast-response functions towards
#   lower contrasts, as if the stimulus had a higher contrast (Reynolds et al. 2000); other
#   experiments found curves scaled up at high contrast instead (Williford & Maunsell 2006).
# - **Competition.** Attention matters most when several stimuli share a receptive field: the
#   response to the pair moves towards the response to the attended stimulus alone (Reynolds,
#   Chelazzi & Desimone 1999), the core of the biased-competition view (Desimone & Duncan 1995).
#
# Feature-based attention adds a fourth: attending to a direction of motion anywhere in the
# visual field scales the responses of neurons everywhere according to how similar their
# preference is to the attended direction (Treue & Martinez-Trujillo 1999). One circuit explains
# all four: **normalization**.

# %% [markdown]
# ## 2. Divisive normalization
#
# <a id="term-divisive-normalization"></a>A neuron's response is its own drive divided by the pooled drive of its neighbours (Heeger 1992;
# Carandini & Heeger 2012):
#
# $$R_j = \gamma \frac{D_j^n}{\sigma^n + \sum_k w_{jk} D_k^n}.$$
#
# Multiply every drive by a contrast $c$: at low contrast $\sigma$ dominates and the response
# grows as $c^n$; at high contrast the pool grows as fast as the drive and the response
# saturates. That is the <a id="term-naka-rushton-function"></a>**Naka-Rushton** function $R = R_{max} c^n/(c^n + c_{50}^n)$ (Naka &
# Rushton 1966), with the <a id="term-c50"></a>**c50** $c_{50}$ (the contrast of half the maximum) set by $\sigma$ relative to the pool. Below, one unit of a
# population of 19 orientation-tuned units; the fitted Naka-Rushton curves lie on the
# normalization model's responses.

# %%
tuning = np.exp(-0.5 * (np.linspace(-90, 90, 19) / 30.0) ** 2)  # drive of each unit at contrast 1
contrasts = np.logspace(-3, 0, 30)
fig, ax = plt.subplots(figsize=(6, 3.4))
for sigma, color in ((0.05, COLORS["excitatory"]), (0.2, COLORS["inhibitory"])):
    responses = np.array(
        [attn.divisive_normalization(c * tuning, sigma=sigma, exponent=2.0)[9] for c in contrasts]
    )
    fit = attn.fit_naka_rushton(contrasts, responses)
    ax.semilogx(contrasts, responses, "o", markersize=3, color=color, label=f"normalization, sigma = {sigma}")
    ax.semilogx(
        contrasts,
        fit(contrasts),
        color=color,
        linewidth=1,
        label=f"Naka-Rushton: c50 = {fit.c50:.3f}, n = {fit.n:.2f}",
    )
ax.set_xlabel("Contrast")
ax.set_ylabel("Response of the centre unit")
ax.legend(fontsize=8);
# %% [markdown]
# With the exponent $n = 2$ and no weights, the normalization is *exactly* a Naka-Rushton function
# of contrast (the fit returns $n = 2$ and $c_{50} = \sigma/\sqrt{\sum_k D_k^2}$). A larger $\sigma$
# moves the curve to higher contrasts without changing its shape: remember this, because
# attention will turn out to act like a smaller $\sigma$.

# %% [markdown]
# ## 3. The normalization model of attention
#
# Reynolds and Heeger (2009) put attention into the normalization equation. Neurons are
# labelled by the centre $x$ of their receptive field and their preferred orientation $\theta$.
# The **stimulus drive** $E$ is the stimulus filtered by each neuron's stimulation field
# (Gaussian over space and orientation, of unit area). The <a id="term-attention-field"></a>**attention field** $A(x, \theta)$
# multiplies it. The <a id="term-suppressive-drive"></a>**suppressive drive** $S$ pools the attended drive over a wider
# suppressive field, and
#
# $$R(x, \theta) = \frac{A(x, \theta)\,E(x, \theta)}{S(x, \theta) + \sigma}, \qquad
# S = s(x, \theta) * [A\,E].$$
#
# We follow the authors' published model code: space from $-200$ to $200$ in steps of 1
# (arbitrary units), stimulation field width 5 and 60 deg, suppressive field width 20 and
# 360 deg, attention field $1 + (2 - 1)\,G$ with $G$ a Gaussian of peak 1, $\sigma = 10^{-6}$,
# kernels of unit area, circular in orientation. One difference: orientation is sampled at
# 360 values with an exact period of 360 deg, where their code samples 361 values from $-180$
# to $180$ (on their grid every response is 0.25 % larger, a uniform factor, and the c50 and R_max
# ratios below agree to twelve digits). The maps of their Fig. 2A configuration:
# two small stimuli at $x = \pm 100$, attention on the right one.

# %%
space = attn.model_space()
stimulus = attn.grating_stimulus(space, centers=[100.0, -100.0], widths=3.0, contrasts=0.01)
field = attn.attention_field(space, center_x=100.0, width_x=30.0)
maps = attn.run_attention_model(None, stimulus, field, space=space)
fig, axes = plt.subplots(1, 5, figsize=(13, 2.8), sharey=True)
for ax, (title, image) in zip(
    axes,
    [
        ("Stimulus", maps.stimulus),
        ("Stimulus drive", maps.stimulus_drive),
        ("Attention field", maps.attention),
        ("Suppressive drive", maps.suppressive_drive),
        ("Population response", maps.response),
    ],
):
    ax.imshow(
        image,
        aspect="auto",
        origin="lower",
        cmap="gray_r",
        extent=[space.x[0], space.x[-1], space.theta[0], space.theta[-1] + 1],
    )
    ax.set_title(title)
    ax.set_xlabel("RF centre x (a.u.)")
axes[0].set_ylabel("Preferred orientation (deg)");
# %% [markdown]
# ### Two regimes: contrast gain and response gain
#
# Record the neuron at $x = 100$ preferring the stimuli's orientation, attending to its stimulus
# or to the other one, over contrasts from $10^{-5}$ to 1, and fit both curves.
# `attn.run_contrast_gain_experiment` does exactly that. Fig. 2A of the paper: small
# stimuli (width 3), a large attention field (width 30). Fig. 2B: larger stimuli (width 5), a
# small attention field (width 3).

# %%
# NBVAL_CHECK_OUTPUT
fig2a = attn.run_contrast_gain_experiment(stimulus_width=3.0, attention_width=30.0)
fig2b = attn.run_contrast_gain_experiment(stimulus_width=5.0, attention_width=3.0)
for name, result in (("Fig. 2A", fig2a), ("Fig. 2B", fig2b)):
    print(
        f"{name}: c50 unattended / attended = {result.c50_ratio:.3f}, "
        f"R_max attended / unattended = {result.r_max_ratio:.3f}"
    )

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.4))
for ax, (name, result) in zip(
    axes[:2], (("Fig. 2A: stimulus 3, field 30", fig2a), ("Fig. 2B: stimulus 5, field 3", fig2b))
):
    ax.semilogx(
        result.contrasts, result.unattended, "o-", markersize=3, color=COLORS["neutral"], label="attend away"
    )
    ax.semilogx(
        result.contrasts, result.attended, "o-", markersize=3, color=COLORS["highlight"], label="attend to RF"
    )
    ax.set_title(name)
    ax.set_xlabel("Contrast")
    axes[2].semilogx(result.contrasts, 100 * result.modulation, label=name.split(":")[0])
axes[0].set_ylabel("Response (normalized)")
axes[0].legend()
axes[2].set_xlabel("Contrast")
axes[2].set_ylabel("Attentional modulation (%)")
axes[2].legend();
# %% [markdown]
# **Against the paper.** In Fig. 2A the attended curve is the unattended one moved left by a
# factor 1.98 in contrast, with the same saturation (R_max changes by 0.9 %): pure <a id="term-contrast-gain-response-gain"></a>**contrast
# gain**, the modulation largest at low contrast and vanishing at high contrast, as in
# Reynolds et al. (2000). A large attention field multiplies the neuron's drive *and* its
# whole suppressive pool by 2, which is the same as halving $\sigma$. In Fig. 2B the field is
# smaller than the stimulus: it doubles the drive at the neuron but only part of the pool, so
# R_max rises by 42 % and the modulation stays large at full contrast: a **response-gain**
# component (here with c50 shifted by 1.41 as well, the mixture the paper describes). The sizes
# decide, which is how Reynolds and Heeger reconcile the two kinds of experiments.
#
# Explore: shrink the attention field below the stimulus, or widen the stimulus, and watch the
# ratios.

# %%
nc.widgets.rh09_explorer()

# %% [markdown]
# ## 4. Biased competition
#
# <a id="term-biased-competition"></a>**Biased competition.** Put two stimuli in one receptive field, a preferred one that drives the cell well and a poor
# one that drives it weakly. Reynolds, Chelazzi and Desimone (1999) modelled each stimulus as
# an input $x_i$ reaching the cell through an excitatory pathway $w_i^+$ and an inhibitory one
# $w_i^-$, in a shunting equation $\dot y = (B - y)E - yI - Ay$ with $E = \sum_i x_i w_i^+$,
# $I = \sum_i x_i w_i^-$, whose steady state
#
# $$y = \frac{B\,E}{E + I + A}$$
#
# is a normalization: with $A = 0$ the pair response is an average of the two responses alone,
# each weighted by its stimulus's total input. Attention multiplies the inputs of the attended
# stimulus (here by 4) and so its weight in the average.

# %%
# NBVAL_CHECK_OUTPUT
w_plus, w_minus = np.array([1.0, 0.1]), np.array([0.2, 0.8])  # preferred, poor stimulus
responses = {
    "preferred alone": attn.biased_competition_response([1.0, 0.0], w_plus, w_minus),
    "poor alone": attn.biased_competition_response([0.0, 1.0], w_plus, w_minus),
    "pair, attend away": attn.biased_competition_response([1.0, 1.0], w_plus, w_minus),
    "pair, attend preferred": attn.biased_competition_response(
        [1.0, 1.0], w_plus, w_minus, attention_gain=4.0, attended=0
    ),
    "pair, attend poor": attn.biased_competition_response(
        [1.0, 1.0], w_plus, w_minus, attention_gain=4.0, attended=1
    ),
}
for name, value in responses.items():
    print(f"{name:24s} {value:.3f}")

# %% [markdown]
# The pair (0.52) lies between the preferred (0.83) and the poor (0.11) stimulus; attending to
# the preferred one lifts it to 0.72, attending to the poor one drops it to 0.29, in the
# directions V2 and V4 neurons moved. Attention to a single stimulus changes much less, because
# there is no competitor to outweigh. Move the controls: which stimulus is attended, their
# inputs, and the strength of attention.

# %%
nc.widgets.biased_competition()

# %% [markdown]
# ## 5. Feature-based attention
#
# Treue and Martinez-Trujillo (1999) recorded direction-selective neurons in area MT.
# Attending to a pattern inside the receptive field scaled a neuron's direction-tuning curve
# without narrowing it. And attention acted regardless of location: while the monkey attended
# to a moving pattern in the *other* hemifield, the response to an unattended pattern in the
# receptive field was larger when the attended direction was the neuron's preferred direction
# than when it was the null direction. Their <a id="term-feature-similarity-gain"></a>**feature-similarity gain** model: a neuron's
# gain depends on how similar its preferred feature is to the attended one. Martinez-Trujillo
# and Treue (2004) then found enhancement for neurons preferring the attended direction and
# suppression for those preferring the opposite one.
#
# This needs no new mechanism. In the normalization model it is the equation of section 3
# with another attention field: **uniform over space** (the direction is attended everywhere)
# and **tuned in direction** (`attn.attention_field(center_theta=..., width_theta=...)`).
# We take the authors' settings for MT (Reynolds & Heeger 2009, their Table 1): stimulation
# field 60 deg wide in direction, suppressive field 360 deg, attention field 60 deg wide with
# peak 2, stimulus size 10; attending to the fixation point is a field of ones. For a neuron
# preferring $\theta_p$ and a stimulus in its receptive field moving in direction $\phi$,
#
# $$R(\theta_p; \phi) = \frac{A(\theta_p)\,E(\theta_p; \phi)}{S_A(\phi) + \sigma}.$$
#
# The numerator is a gain set by the neuron's preference alone. The denominator pools over
# all directions, so it is nearly the same for every neuron at that location, but it grows
# when the stimulus moves in the attended direction. Which term matters depends on contrast,
# so `attn.run_feature_attention_experiment` measures the tuning curves of neurons preferring
# 0 to 180 deg away from the attended direction (0 deg) at two contrasts: $3\times10^{-5}$,
# about a tenth of these neurons' c50 ($3.2\times10^{-4}$ with the authors' $\sigma$), and 1.

# %%
# NBVAL_CHECK_OUTPUT
offsets = np.arange(0.0, 181.0, 15.0)  # preferred minus attended direction (deg)
feature = {
    contrast: attn.run_feature_attention_experiment(attended_direction=0.0, preferred=offsets, contrast=contrast)
    for contrast in (3e-5, 1.0)
}
for contrast, result in feature.items():
    print(f"contrast {contrast:g}")
    for i in range(0, offsets.size, 3):
        print(
            f"  prefers {offsets[i]:3.0f} deg from the attended: gain {result.gains[i]:.2f}, "
            f"width {result.fit_unattended[i].width:.1f} -> {result.fit_attended[i].width:.1f} deg"
        )

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.4))
shown = {0.0: COLORS["highlight"], 90.0: COLORS["excitatory"], 180.0: COLORS["inhibitory"]}
for ax, (contrast, result) in zip(axes[:2], feature.items()):
    scale = result.unattended.max()
    for offset, color in shown.items():
        i = int(np.flatnonzero(offsets == offset)[0])
        ax.plot(result.directions, result.unattended[i] / scale, "--", color=color, linewidth=1)
        ax.plot(
            result.directions,
            result.attended[i] / scale,
            "o-",
            color=color,
            markersize=3,
            label=f"prefers {offset:.0f} deg",
        )
    ax.set_title(f"Contrast {contrast:g}")
    ax.set_xlabel("Stimulus direction (deg)")
axes[0].set_ylabel("Response (max. at fixation = 1)")
axes[0].legend(fontsize=8, title="solid: attend 0 deg\ndashed: attend fixation", title_fontsize=8)
for (contrast, result), color in zip(feature.items(), (COLORS["accent"], COLORS["analytic"])):
    axes[2].plot(offsets, result.gains, "o-", color=color, markersize=3, label=f"contrast {contrast:g}")
axes[2].axhline(1.0, color=COLORS["neutral"], linestyle=":")
axes[2].set_xlabel("Preferred minus attended direction (deg)")
axes[2].set_ylabel("Gain (fitted amplitude ratio)")
axes[2].legend(fontsize=8)
fig.tight_layout()
# %% [markdown]
# **Against the papers.** Below saturation the model *is* feature-similarity gain: each
# curve is multiplied by the attention field at the neuron's preference (gain 1.89 for the
# neuron preferring the attended direction, 1.28 orthogonal, 1.00 opposite), its width
# unchanged to 1.3 % and its preferred direction to 1.1 deg. At full contrast normalization
# adds what the attention field alone cannot: the attended direction drives the shared pool
# harder, so the neuron preferring it is still enhanced (1.19) while those preferring
# directions 90 deg or more away are suppressed (0.96 orthogonal, 0.88 opposite), the
# enhancement and suppression of Martinez-Trujillo and Treue (2004). The same pool reshapes
# the curves, though: the neuron preferring the attended direction is 11 % broader with
# attention, the one preferring the opposite 9 % narrower, and neurons in between have their
# preference pushed away from the attended direction by up to 10 deg. Treue and
# Martinez-Trujillo (1999) found attention to scale MT tuning curves without narrowing them;
# this model keeps widths only below saturation, so the shape of tuning curves under
# feature-based attention at high contrast is a test of its untuned normalization pool.
# `attn.feature_similarity_gain` (a cosine of the difference of directions) remains as the
# descriptive summary of the data.
#
# Across the *population*, gains that fall with the difference between preferred and
# attended direction tilt the response to any stimulus towards the attended direction,
# which sharpens the population's selectivity (Martinez-Trujillo & Treue 2004).

# %% [markdown]
# ## 6. Gating a spiking circuit
#
# The models so far are rate models. Does a gain on the *input* survive a network of spiking
# neurons that balances excitation and inhibition? We take chapter 01's Brunel (2000) network in
# its asynchronous irregular regime ($g = 5$, $N_E = 1004$ with $C_E = 1000$) and give every neuron
# a background Poisson input of rate $1\,\nu_{thr}$ plus a stimulus input of $s\,\nu_{thr}$, for
# three stimuli $s$ = 0.2, 0.4, 0.6. Attention multiplies the stimulus input by 1.5 and nothing
# else. For each condition we count each excitatory neuron's spikes in 100 ms windows and ask how
# well one neuron's count tells neighbouring stimuli apart, <a id="term-d"></a>**d'**: $d' = \Delta\mu/\sqrt{\bar{\sigma^2}}$.

# %%
gating = attn.simulate_attention_gating(
    [0.2, 0.4, 0.6], background=1.0, attention_gain=1.5, duration=1500.0, window=100.0, rng=11, progress=True
)

# %%
# NBVAL_CHECK_OUTPUT
for state, rates, fano, d in zip(
    ("unattended", "attended"), gating.mean_rates, gating.fano_factors, gating.d_prime
):
    print(
        f"{state:10s}: rates {np.round(rates, 1)} Hz, Fano factors {np.round(fano, 2)}, d' {np.round(d, 2)}"
    )

# %%
fig, (ax_rate, ax_d) = plt.subplots(1, 2, figsize=(10, 3.3))
for row, (state, color) in enumerate((("unattended", COLORS["neutral"]), ("attended", COLORS["highlight"]))):
    ax_rate.plot(gating.stimulus_levels, gating.mean_rates[row], "o-", color=color, label=state)
    ax_d.bar(np.arange(2) + 0.2 * (2 * row - 1), gating.d_prime[row], width=0.4, color=color, label=state)
ax_rate.set_xlabel("Stimulus input (nu_thr)")
ax_rate.set_ylabel("Mean rate (Hz)")
ax_rate.legend()
ax_d.set_xticks([0, 1], ["0.2 vs 0.4", "0.4 vs 0.6"])
ax_d.set_xlabel("Stimulus pair")
ax_d.set_ylabel("d' of one neuron's count")
ax_d.legend();
# %% [markdown]
# The balanced network passes the gain on: rates rise with the stimulus and the attended
# stimulus-rate line is steeper, so the same difference in stimulus gives a larger difference in
# counts. The noise grows too (the counts stay near-Poisson, Fano factors around 0.4 in both
# states), but more slowly than the signal, so $d'$ rises. **What this model leaves out.** In V4
# attention also *lowers* Fano factors (Mitchell et al. 2007) and, above all, the correlations
# between neurons, which accounts for most of the improvement of a population's code (Cohen &
# Maunsell 2009). Our network, with its independent external inputs, has no shared
# fluctuations for attention to remove.

# %% [markdown]
# ## 7. From brain to AI
#
# ### Dot-product attention is exponentiated drive divided by a pool
#
# A transformer's <a id="term-scaled-dot-product-attention"></a>**scaled dot-product attention** (Vaswani et al. 2017) compares a query $q$ with every key $k_j$ and averages the
# values with weights
#
# $$w_j = \frac{\exp(q\cdot k_j/\sqrt d)}{\sum_l \exp(q\cdot k_l/\sqrt d)}.$$
#
# Read it as the normalization equation of section 2: the drive is $D_j = \exp(q\cdot k_j/\sqrt d)$,
# the exponent is 1, the pool is every key, and $\sigma = 0$. The two computations agree to the
# last bit.

# %%
q, k, v = rng.standard_normal((5, 16)), rng.standard_normal((8, 16)), rng.standard_normal((8, 4))
out = attn.scaled_dot_product_attention(q, k, v)
drive = np.exp(q @ k.T / np.sqrt(16))
by_normalization = attn.divisive_normalization(drive, sigma=0.0, exponent=1.0)
print(
    f"largest difference between softmax weights and normalized exponential drive: "
    f"{np.abs(out.weights - by_normalization).max():.1e}"
)

# %% [markdown]
# ### A tiny self-attention layer that retrieves
#
# A toy sequence task: eight (key, value) tokens, then a query token holding a noisy copy of one
# key; the answer is the value paired with it. One self-attention head with hand-set projections
# solves it: queries and keys read the key half of each token, values the value half, and the
# query token looks at the memory tokens (`attn.key_value_retrieval_task`; a trained
# transformer has to learn such projections from data). Retrieval
# fails gracefully as the query gets noisier and falls to chance (1 in 8) when the query no longer
# resembles its key.

# %%
noise_levels = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0])
accuracy = []
for noise in noise_levels:
    task = attn.key_value_retrieval_task(n_sequences=300, n_pairs=8, d_key=16, noise=noise, rng=5)
    hits = 0
    for tokens, values, target in zip(task.tokens, task.values, task.targets):
        retrieved = attn.self_attention(
            tokens, task.w_query, task.w_key, task.w_value, mask=task.mask
        ).output[-1]
        hits += np.argmin(np.linalg.norm(values - retrieved, axis=1)) == target
    accuracy.append(hits / len(task.targets))
fig, ax = plt.subplots(figsize=(5.5, 3.2))
ax.plot(noise_levels, accuracy, "o-")
ax.axhline(1 / 8, color=COLORS["neutral"], linestyle=":", label="chance")
ax.set_xlabel("Query noise (relative to key size)")
ax.set_ylabel("Fraction retrieved")
ax.legend();
# %% [markdown]
# Temperature plays the role of $\sigma$ and of the exponent together: divide the scores by a
# large temperature and the weights flatten (every key gets a share), by a small one and a single
# key takes everything, a winner-take-all. Each row of the heatmap is one query; the bars compare
# softmax with the normalization of its exponentiated drive.

# %%
nc.widgets.softmax_attention_heatmap()

# %% [markdown]
# ### Gates: LSTMs and mixtures of experts
#
# Attention in the brain is a multiplicative gain chosen by context. Two older ideas in machine
# learning are the same kind of thing:
#
# - **LSTM gates** (Hochreiter & Schmidhuber 1997; the forget gate of Gers et al. 2000)
#   multiply what enters, stays in and leaves a memory cell by sigmoids of the current input and
#   state, $c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t$: gain control by learned context.
# - **Mixtures of experts** (Jacobs et al. 1991) weight the outputs of expert networks by a
#   softmax gate, a normalization over experts; sparse versions route each token to its top few
#   experts only (Shazeer et al. 2017), a k-winners-take-all of chapter 01.
#
# ### Modern Hopfield networks: attention as associative memory
#
# A Hopfield (1982) network stores patterns as minima of an energy and retrieves one from a
# corrupted cue. Its modern, continuous version (Ramsauer et al. 2021) updates a state $\xi$ by
#
# $$\xi \leftarrow X^\top \mathrm{softmax}(\beta X \xi),$$
#
# attention with the state as query and the stored patterns $X$ as keys and values. With a
# large $\beta$ one update retrieves a stored pattern; with a small $\beta$ the state falls into
# a mixture of patterns (a metastable state).

# %%
# NBVAL_CHECK_OUTPUT
patterns = np.sign(np.random.default_rng(1).standard_normal((20, 64)))  # 20 patterns of 64 +-1 units
cue = patterns[7].copy()
cue[:20] *= -1  # 20 of 64 units flipped
for beta in (0.01, 0.05, 0.2, 1.0):
    state = attn.hopfield_retrieve(patterns, cue, beta=beta)
    overlaps = patterns @ state / 64
    print(
        f"beta = {beta:4.2f}: overlap with the stored pattern {overlaps[7]:.3f}, "
        f"largest overlap with another {np.max(np.delete(overlaps, 7)):.3f}"
    )

# %% [markdown]
# ### Where the analogy stops
#
# - **No $\sigma$.** Softmax always hands out a total weight of 1, even when no key matches: it
#   cannot say "nothing here". The $\sigma$ of the normalization model is what lets a neuron's
#   response grow with contrast and what attention effectively lowers (contrast gain).
#   Transformers must learn workarounds (attention "sinks" on uninformative tokens).
# - **Who computes the field.** In cortex the attention field comes from elsewhere (frontal and
#   parietal areas that hold the goal) and multiplies sensory drive that is there regardless. In
#   self-attention the queries and keys are computed from the same input, layer after layer, and
#   there is no separate stimulus drive being gated.
# - **What is normalized.** Cortical normalization pools neighbours in space and feature with
#   fixed, broad weights, and it acts on every response all the time; softmax normalizes over
#   positions of a sequence, over whatever the learned projections make similar.
# - **Dynamics and noise.** Neurons normalize through recurrent circuits in tens of
#   milliseconds and with noisy spikes; section 6 showed that the benefit of attention depends
#   on noise, which a deterministic transformer does not have.
# - **Words.** "Attention" in machine learning names a routing operation; in psychology it names
#   a limited resource and its allocation (Lindsay 2020 compares the two uses).

# %% [markdown]
# ## Summary
#
# - Attention scales tuning curves (gain, not retuning), shifts or scales contrast-response
#   functions, and resolves competition between stimuli in a receptive field.
# - Divisive normalization turns a linear drive into a saturating, Naka-Rushton
#   contrast-response function.
# - In the normalization model of attention, an attention field multiplies the drive before
#   normalization: a field larger than the stimulus gives contrast gain (c50 / 2 here, R_max
#   +0.9 %), a field smaller than the stimulus a response-gain component (R_max +42 %).
# - Biased competition is the same multiplication applied to the input of one stimulus.
#   Feature-similarity gain is the normalization model with an attention field uniform in
#   space and tuned in direction: a pure gain below saturation; enhancement, suppression and
#   some reshaping of tuning curves at full contrast.
# - A gain on the input of a balanced spiking network raises rates and single-neuron
#   discriminability; the reductions of variability and correlation seen in cortex need more.
# - Softmax attention is normalization with an exponential drive and no $\sigma$; LSTM gates,
#   mixtures of experts and modern Hopfield networks are gain control by context.
#
# ## References
#
# - Posner MI (1980) Orienting of attention. *Q J Exp Psychol* 32:3–25.
# - Moran J, Desimone R (1985) Selective attention gates visual processing in the extrastriate cortex. *Science* 229:782–784.
# - McAdams CJ, Maunsell JHR (1999) Effects of attention on orientation-tuning functions of single neurons in macaque cortical area V4. *J Neurosci* 19:431–441.
# - Reynolds JH, Pasternak T, Desimone R (2000) Attention increases sensitivity of V4 neurons. *Neuron* 26:703–714.
# - Williford T, Maunsell JHR (2006) Effects of spatial attention on contrast response functions in macaque area V4. *J Neurophysiol* 96:40–54.
# - Reynolds JH, Chelazzi L, Desimone R (1999) Competitive mechanisms subserve attention in macaque areas V2 and V4. *J Neurosci* 19:1736–1753.
# - Desimone R, Duncan J (1995) Neural mechanisms of selective visual attention. *Annu Rev Neurosci* 18:193–222.
# - Treue S, Martinez-Trujillo JC (1999) Feature-based attention influences motion processing gain in macaque visual cortex. *Nature* 399:575–579.
# - Martinez-Trujillo JC, Treue S (2004) Feature-based attention increases the selectivity of population responses in primate visual cortex. *Curr Biol* 14:744–751.
# - Heeger DJ (1992) Normalization of cell responses in cat striate cortex. *Vis Neurosci* 9:181–197.
# - Carandini M, Heeger DJ (2012) Normalization as a canonical neural computation. *Nat Rev Neurosci* 13:51–62.
# - Naka KI, Rushton WAH (1966) S-potentials from colour units in the retina of fish (Cyprinidae). *J Physiol* 185:536–555.
# - Reynolds JH, Heeger DJ (2009) The normalization model of attention. *Neuron* 61:168–185.
# - Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory spiking neurons. *J Comput Neurosci* 8:183–208.
# - Mitchell JF, Sundberg KA, Reynolds JH (2007) Differential attention-dependent response modulation across cell classes in macaque visual area V4. *Neuron* 55:131–141.
# - Cohen MR, Maunsell JHR (2009) Attention improves performance primarily by reducing interneuronal correlations. *Nat Neurosci* 12:1594–1600.
# - Vaswani A, Shazeer N, Parmar N, Uszkoreit J, Jones L, Gomez AN, Kaiser L, Polosukhin I (2017) Attention is all you need. *Adv Neural Inf Process Syst* 30:5998–6008.
# - Hochreiter S, Schmidhuber J (1997) Long short-term memory. *Neural Comput* 9:1735–1780.
# - Gers FA, Schmidhuber J, Cummins F (2000) Learning to forget: continual prediction with LSTM. *Neural Comput* 12:2451–2471.
# - Jacobs RA, Jordan MI, Nowlan SJ, Hinton GE (1991) Adaptive mixtures of local experts. *Neural Comput* 3:79–87.
# - Shazeer N, Mirhoseini A, Maziarz K, Davis A, Le Q, Hinton G, Dean J (2017) Outrageously large neural networks: the sparsely-gated mixture-of-experts layer. *International Conference on Learning Representations* (arXiv:1701.06538).
# - Hopfield JJ (1982) Neural networks and physical systems with emergent collective computational abilities. *Proc Natl Acad Sci USA* 79:2554–2558.
# - Ramsauer H, Schäfl B, Lehner J, Seidl P, Widrich M, Adler T, Gruber L, Holzleitner M, Pavlović M, Sandve GK, Greiff V, Kreil D, Kopp M, Klambauer G, Brandstetter J, Hochreiter S (2021) Hopfield networks is all you need. *International Conference on Learning Representations* (arXiv:2008.02217).
# - Lindsay GW (2020) Attention in psychology, neuroscience, and machine learning. *Front Comput Neurosci* 14:29.
#
# ## Glossary
#
# - **Attention field**: the gain that attention applies to each neuron, by its receptive-field
#   location and its preferred feature.
# - **Biased competition**: stimuli in one receptive field compete for the neuron's response;
#   attention biases the competition toward the attended one.
# - **c50**: the contrast at which a Naka-Rushton function reaches half its maximum.
# - **Contrast gain / response gain**: attention acting like a higher contrast (the curve shifts
#   left) / like a larger output (the curve is scaled up).
# - **d'**: difference of two means divided by their pooled standard deviation.
# - **Divisive normalization**: dividing a unit's drive by the pooled drive of a population.
# - **Feature-similarity gain**: a gain that depends on how similar a neuron's preferred feature is
#   to the attended feature.
# - **Naka-Rushton function**: $R_{max} c^n/(c^n + c_{50}^n)$.
# - **Scaled dot-product attention**: $\mathrm{softmax}(QK^\top/\sqrt d)V$.
# - **Suppressive drive**: the pooled, attention-weighted drive in the denominator of the
#   normalization model.
