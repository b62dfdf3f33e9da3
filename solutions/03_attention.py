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
# # 03 · Attention gating: exercises
#
# Six exercises that follow the lecture (`notebooks/03_attention.ipynb`): write divisive
# normalization, build the attention field of the normalization model of attention and
# reproduce its contrast-gain result, fit Naka-Rushton functions, measure the c50 shift in a
# condition of your own, write the attention of a transformer and see that it is
# normalization, and find the hidden attention field of a model brain from its responses.
#
# **How it works.** Each exercise is a function with a `raise NotImplementedError(...)` line.
# Replace that line with your code, run the cell, then run the check cell under it. The check
# runs your function on cases you have not seen and says *passed*, *not attempted yet*, or
# what is wrong, with a hint. Cells after a check that use your function wait until it passes.
#
# **Estimated time:** about 100 minutes (10 + 15 + 20 + 15 + 15 + 25).

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
from neurocourse import attention as attn

nc.plotting.use_course_style()
space = attn.model_space()  # x from -200 to 200 (a.u.), orientation in steps of 1 deg

# %% [markdown]
# Exercises 4 and 6 give every student their own variant (their own experimental condition,
# their own hidden attention field), so that answers differ from student to student and none
# is printed in the lecture. Put your student number here (digits only) and run the cell.
#
# *For instructors:* the seed is the only thing that selects a student's variant. Grade with
# `neurocourse check`, which runs each submission as handed in, with the seed in this cell.
# Self-learners can keep any number: the checks work for every seed.

# %%
STUDENT_SEED = 2026  # replace 2026 by your student number
print(f"Your student seed is {STUDENT_SEED}: your exercises 4 and 6 are drawn from it.")

# %% [markdown]
# ## Exercise 1: divisive normalization (10 min)
#
# Carandini and Heeger's normalization equation divides each unit's drive $D_j$, raised to a
# power $n$, by a constant plus the pooled drive of the population:
#
# $$R_j = \frac{D_j^n}{\sigma^n + \sum_k D_k^n}.$$
#
# Write `divisive_normalization(drive, sigma, n)`: `drive` is a 1-D array of non-negative
# drives, `sigma` the semi-saturation constant (same units as the drive) and `n` the exponent;
# return the array of responses (no gain factor: gamma = 1).


# %%
def divisive_normalization(drive, sigma, n):
    """Return D_j^n / (sigma^n + sum_k D_k^n) for each unit j of the 1-D array drive."""
    ### BEGIN SOLUTION hint: raise the drive (and sigma) to n, then divide by sigma^n plus the sum
    powered = np.asarray(drive, dtype=float) ** n
    return powered / (sigma**n + powered.sum())
    ### END SOLUTION


# %%
normalization_check = nc.checks.attention.divisive_normalization(divisive_normalization)

# %% [markdown]
# ### Normalization makes a contrast-response function
#
# Scale a whole population's drive by the stimulus contrast $c$ and watch one unit: its
# response rises as $c^n$ at low contrast and saturates at high contrast, because the pool grows
# with it. That is a Naka-Rushton function, with a semi-saturation contrast set by sigma.

# %%
if normalization_check.passed:
    tuning = np.exp(-0.5 * (np.linspace(-90, 90, 19) / 30.0) ** 2)  # drives at contrast 1
    contrasts = np.logspace(-3, 0, 40)
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    for n in (1.0, 2.0, 3.0):
        responses = [divisive_normalization(c * tuning, 0.1, n)[9] for c in contrasts]
        ax.semilogx(contrasts, responses, label=f"n = {n:g}")
    ax.set_xlabel("Contrast")
    ax.set_ylabel("Response of the centre unit")
    ax.legend()
    plt.show()
else:
    print("Solve exercise 1 first: this figure uses your divisive_normalization.")

# %% [markdown]
# ## Exercise 2: the attention field (15 min)
#
# In the normalization model of attention (Reynolds & Heeger 2009), attention multiplies the
# stimulus drive by an **attention field**: a gain of `peak` at the attended location that
# falls, as a Gaussian of standard deviation `width` (peak 1), to a `baseline` gain far away:
#
# $$A(x) = b + (p - b)\, e^{-(x - x_a)^2 / 2 w^2}.$$
#
# Write `attention_field(x, center, width, peak, baseline)` that returns $A$ at every position
# of the array `x`. (The authors' defaults are peak 2 and baseline 1.)


# %%
def attention_field(x, center, width, peak, baseline):
    """Return the attention gain at each position of x (a Gaussian of peak 1 scaled and raised)."""
    ### BEGIN SOLUTION hint: baseline + (peak - baseline) times a Gaussian of peak 1 and sd width
    x = np.asarray(x, dtype=float)
    return baseline + (peak - baseline) * np.exp(-((x - center) ** 2) / (2.0 * width**2))
    ### END SOLUTION


# %%
field_check = nc.checks.attention.attention_field(attention_field)

# %% [markdown]
# ### Reproduce the contrast-gain case
#
# With your field, rebuild Reynolds and Heeger's Fig. 2A: two small stimuli (width 3) at
# $x = \pm 100$, a large attention field (width 30) on one of them, and the neuron at
# $x = 100$ preferring their orientation. Attention is spread evenly over orientation, so the
# same field applies to every row of the model's (orientation x space) maps.

# %%
if field_check.passed:
    stimulus = attn.grating_stimulus(space, centers=[100.0, -100.0], widths=3.0)
    fields = np.stack(
        [
            np.broadcast_to(attention_field(space.x, center, 30.0, 2.0, 1.0), space.shape)
            for center in (100.0, -100.0)
        ]
    )
    contrasts = np.logspace(-5, 0, 25)
    attended, unattended = attn.attention_contrast_response(None, stimulus, fields, contrasts, neuron_x=100.0)
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    ax.semilogx(contrasts, unattended, "o-", markersize=3, label="attend away")
    ax.semilogx(contrasts, attended, "o-", markersize=3, label="attend to the neuron's stimulus")
    ax.set_xlabel("Contrast")
    ax.set_ylabel("Response (normalized)")
    ax.legend()
    plt.show()
else:
    print("Solve exercise 2 first: this figure uses your attention_field.")

# %% [markdown]
# The attended curve is the unattended one shifted to the left, with the same saturation:
# **contrast gain**. Exercise 3 measures the shift.

# %% [markdown]
# ## Exercise 3: fit a Naka-Rushton function (20 min)
#
# $$R(c) = R_{max} \frac{c^n}{c^n + c_{50}^n}$$
#
# Write `fit_naka_rushton(contrasts, responses)` returning `(r_max, c50, n)` fitted by least
# squares. `scipy.optimize.curve_fit` works well if you fit $\log_{10} c_{50}$ instead of
# $c_{50}$ (it keeps c50 positive and spans decades evenly) and start from sensible values:
# $R_{max}$ near the largest response, $c_{50}$ where the response crosses half of it, $n = 2$.


# %%
def fit_naka_rushton(contrasts, responses):
    """Return (r_max, c50, n) of the Naka-Rushton function that best fits the responses."""
    ### BEGIN SOLUTION hint: curve_fit on r_max, log10 c50 and n, from r_max = max response, c50 = half-response contrast, n = 2
    contrasts = np.asarray(contrasts, dtype=float)
    responses = np.asarray(responses, dtype=float)

    def naka_rushton(c, r_max, log_c50, n):
        return r_max * c**n / (c**n + (10.0**log_c50) ** n)

    half = contrasts[np.argmax(responses >= 0.5 * responses.max())]
    start = [responses.max(), np.log10(half), 2.0]
    params, _ = optimize.curve_fit(naka_rushton, contrasts, responses, p0=start, maxfev=20000)
    return params[0], 10.0 ** params[1], params[2]
    ### END SOLUTION


# %%
fit_check = nc.checks.attention.fit_naka_rushton(fit_naka_rushton)

# %% [markdown]
# ### The c50 shift of Fig. 2A
#
# Fit both curves of exercise 2. Reynolds and Heeger report a pure contrast-gain change for
# this configuration: c50 falls by a factor near 2, R_max barely moves.

# %%
if fit_check.passed and field_check.passed:
    fit_att = fit_naka_rushton(contrasts, attended)
    fit_un = fit_naka_rushton(contrasts, unattended)
    print(f"attended:   R_max = {fit_att[0]:.3f}, c50 = {fit_att[1]:.2e}, n = {fit_att[2]:.2f}")
    print(f"unattended: R_max = {fit_un[0]:.3f}, c50 = {fit_un[1]:.2e}, n = {fit_un[2]:.2f}")
    print(f"c50 ratio {fit_un[1] / fit_att[1]:.3f}, R_max ratio {fit_att[0] / fit_un[0]:.4f}")
else:
    print("Solve exercises 2 and 3 first.")

# %% [markdown]
# ## Exercise 4: the c50 shift in your own condition (15 min)
#
# Your condition (stimulus width and attention-field width, in the model's units) comes from
# your seed. Write `c50_shift(stimulus_width, attention_width)` that runs the two-stimulus
# experiment of exercise 2 for any widths (stimuli at $\pm 100$, neuron at 100, the authors'
# defaults otherwise, contrasts from $10^{-5}$ to 1) and returns
# `(c50_unattended / c50_attended, r_max_attended / r_max_unattended)`. You may use your own
# pieces, or `attn.attention_contrast_response` and `attn.fit_naka_rushton`.

# %%
stimulus_width, attention_width = nc.checks.attention.c50_shift_condition(STUDENT_SEED)
print(f"Your condition: stimulus width {stimulus_width:g}, attention-field width {attention_width:g}")


# %%
def c50_shift(stimulus_width, attention_width):
    """Return (c50 unattended / c50 attended, R_max attended / R_max unattended) of the Fig. 2 experiment."""
    ### BEGIN SOLUTION hint: as in exercise 2 with these widths; fit both curves and take the two ratios
    stimulus = attn.grating_stimulus(space, centers=[100.0, -100.0], widths=stimulus_width)
    fields = np.stack(
        [attn.attention_field(space, center_x=center, width_x=attention_width) for center in (100.0, -100.0)]
    )
    contrasts = np.logspace(-5, 0, 25)
    attended, unattended = attn.attention_contrast_response(None, stimulus, fields, contrasts, neuron_x=100.0)
    fit_att = attn.fit_naka_rushton(contrasts, attended)
    fit_un = attn.fit_naka_rushton(contrasts, unattended)
    return fit_un.c50 / fit_att.c50, fit_att.r_max / fit_un.r_max
    ### END SOLUTION


# %%
nc.checks.attention.c50_shift(c50_shift, seed=STUDENT_SEED)

# %% [markdown]
# Is your condition closer to contrast gain or to response gain? Compare the two ratios with
# those of Fig. 2A (stimulus 3, field 30) and Fig. 2B (stimulus 5, field 3).
#
# ### BEGIN SOLUTION
# The regime is set by the sizes: when the attention field is large compared with the stimulus
# (and the stimulation field), it multiplies the stimulus drive and the suppressive drive by
# the same factor, which is the same as dividing sigma: a pure shift of c50 (ratio near 2,
# R_max ratio near 1). When the field is small compared with the stimulus, it multiplies the
# drive at the neuron more than the pool, whose spatial extent takes in unattended parts of the
# stimulus: R_max rises too.
# ### END SOLUTION

# %% [markdown]
# ## Exercise 5: scaled dot-product attention (15 min)
#
# A transformer's attention (Vaswani et al. 2017) weights the values $V$ by how well each
# query matches each key:
#
# $$\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^\top}{\sqrt{d}}\right) V,$$
#
# with the softmax over the keys (each query's weights sum to 1) and $d$ the width of the
# keys. Write `scaled_dot_product_attention(queries, keys, values)` for arrays of shapes
# (n_queries, d), (n_keys, d), (n_keys, d_value); return the (n_queries, d_value) output. Make
# it work for scores in the hundreds too.


# %%
def scaled_dot_product_attention(queries, keys, values):
    """Return softmax(Q K^T / sqrt(d)) V, the softmax over the keys."""
    ### BEGIN SOLUTION hint: scores = Q K^T / sqrt(d); subtract each row's max; exp; divide by the row sums; times V
    scores = queries @ keys.T / np.sqrt(queries.shape[1])
    scores = scores - scores.max(axis=1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=1, keepdims=True)
    return weights @ values
    ### END SOLUTION


# %%
attention_check = nc.checks.attention.scaled_dot_product_attention(scaled_dot_product_attention)

# %% [markdown]
# ### Softmax is normalization with an exponential drive
#
# Each row of weights is $e^{s_j} / \sum_k e^{s_k}$: your `divisive_normalization` with drive
# $e^{s}$, $\sigma = 0$ and $n = 1$. Check it on random queries and keys.

# %%
if attention_check.passed and normalization_check.passed:
    rng = np.random.default_rng(3)
    q, k, v = rng.standard_normal((4, 8)), rng.standard_normal((6, 8)), rng.standard_normal((6, 3))
    scores = q @ k.T / np.sqrt(8)
    by_normalization = np.stack([divisive_normalization(np.exp(row), 0.0, 1.0) for row in scores]) @ v
    difference = np.abs(scaled_dot_product_attention(q, k, v) - by_normalization).max()
    print(f"largest difference between attention and normalization: {difference:.1e}")
else:
    print("Solve exercises 1 and 5 first.")

# %% [markdown]
# ## Exercise 6: the hidden attention field (25 min)
#
# `nc.checks.attention.mystery_lab(STUDENT_SEED)` is a model brain, the normalization model
# with the authors' defaults, except that the width of its attention field is hidden (between
# 4 and 25). You can record from the neuron of the two-stimulus experiment with stimuli of any
# width: `lab.record(stimulus_width)` returns its contrast-response functions, attending to its
# stimulus and away (`.contrasts`, `.attended`, `.unattended`), with a little measurement noise.
#
# Write `infer_attention_width(lab)` that returns the width, within 5 %. The check also runs it
# on two labs of its own. Think about which measurements depend most on the attention field.

# %%
lab = nc.checks.attention.mystery_lab(STUDENT_SEED)
recording = lab.record(3.0)
fig, ax = plt.subplots(figsize=(5.5, 3.2))
ax.semilogx(recording.contrasts, recording.unattended, "o", markersize=3, label="attend away")
ax.semilogx(recording.contrasts, recording.attended, "o", markersize=3, label="attend to RF")
ax.set_xlabel("Contrast")
ax.set_ylabel("Response (normalized)")
ax.legend()
plt.show();


# %%
def infer_attention_width(lab):
    """Return the hidden attention-field width of a mystery lab [a.u.]."""
    ### BEGIN SOLUTION hint: record at a few stimulus widths; find the model attention width whose attended / unattended ratios match best
    recordings = [lab.record(width) for width in (3.0, 10.0, 30.0)]

    def mismatch(log_width):
        total = 0.0
        for rec in recordings:
            model = attn.run_contrast_gain_experiment(
                stimulus_width=rec.stimulus_width, attention_width=10.0**log_width
            )
            measured = np.log(rec.attended / rec.unattended)
            total += np.sum((measured - np.log(model.attended / model.unattended)) ** 2)
        return total

    solution = optimize.minimize_scalar(
        mismatch, bounds=(np.log10(2.0), np.log10(60.0)), method="bounded", options=dict(xatol=1e-3)
    )
    return 10.0**solution.x
    ### END SOLUTION


# %%
nc.checks.attention.infer_attention_width(infer_attention_width, seed=STUDENT_SEED)

# %% [markdown]
# ## Going further
#
# - Give the attention field a feature focus (`center_theta`, `width_theta` in
#   `attn.attention_field`) and record a tuning curve: when does feature-based attention
#   scale it, and when does it sharpen it?
# - In exercise 6, which stimulus width tells you most about the attention field? Plot your
#   mismatch against the candidate width for each stimulus width alone.
