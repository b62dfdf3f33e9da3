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
# # 02 · Sparse coding: exercises
#
# Seven exercises that follow the lecture (`notebooks/02_sparse_coding.ipynb`): teach a neuron
# Oja's rule, whiten images, write the shrinkage step of ISTA and the update of the LCA network,
# learn a dictionary, measure how sparse its code is, and discover the penalty behind a code you
# are given.
#
# **How it works.** Each exercise is a function with a `raise NotImplementedError(...)` line.
# Replace that line with your code, run the cell, then run the check cell under it. The check
# runs your function on cases you have not seen and says *passed*, *not attempted yet*, or
# what is wrong, with a hint. Cells after a check that use your function wait until it passes.
#
# **Estimated time:** about 100 minutes (15 + 10 + 15 + 15 + 15 + 10 + 20).

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
from neurocourse import sparse_coding as sc

nc.plotting.use_course_style()
rng = np.random.default_rng(2026)
natural = nc.datasets.load_natural_images()
learned = nc.datasets.load_sparse_dictionary()

# %% [markdown]
# Exercise 7 gives every student their own hidden penalty. Put your student number here (digits
# only) and run the cell.
#
# *For instructors:* the seed is the only thing that selects a student's variant. Tell each
# student which number to use, and grade with `neurocourse check`, which runs each submission as
# handed in, with the seed in this cell. Self-learners can keep any number.

# %%
STUDENT_SEED = 2026  # replace 2026 by your student number
print(f"Your student seed is {STUDENT_SEED}: your exercise 7 is drawn from it.")

# %% [markdown]
# ## Exercise 1: Oja's rule (15 min)
#
# A linear neuron $y = w \cdot x$ learns by Oja's rule
#
# $$w \leftarrow w + \eta\, y\, (x - y\, w).$$
#
# Write `oja_step(w, x, learning_rate)`: one update for one input `x` (both 1-D arrays), returning
# the new weights.


# %%
def oja_step(w, x, learning_rate):
    """Return the weights after one step of Oja's rule on input x."""
    ### BEGIN SOLUTION hint: y = w @ x, then w plus learning_rate * y * (x - y * w)
    y = w @ x
    return w + learning_rate * y * (x - y * w)
    ### END SOLUTION


# %%
oja_check = nc.checks.sparse_coding.oja_step(oja_step)

# %% [markdown]
# Now run your rule over 10 000 raw 8 × 8 patches and watch the weight vector turn towards the
# first principal component (`sc.fit_pca`) while its norm goes to 1.

# %%
if oja_check.passed:
    raw = sc.sample_patches(natural.images, 10000, patch_size=8, rng=rng)
    raw = (raw - raw.mean(axis=0)) / raw.std()
    first = sc.fit_pca(raw, n_components=1).components[0]
    w = 0.1 * rng.standard_normal(64)
    overlaps, norms = [], []
    for x in raw:
        w = oja_step(w, x, 0.002)
        overlaps.append(abs(w @ first) / np.linalg.norm(w))
        norms.append(np.linalg.norm(w))
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(overlaps, label="|cos(w, PC 1)|")
    ax.plot(norms, label="|w|")
    ax.set_xlabel("Inputs presented")
    ax.legend()
    print(f"after {len(raw)} inputs: overlap {overlaps[-1]:.3f}, |w| = {norms[-1]:.3f}")
else:
    print("Solve exercise 1 first: this run uses your oja_step.")

# %% [markdown]
# ## Exercise 2: the whitening filter (10 min)
#
# Write `whitening_filter(shape, f0)` returning Olshausen & Field's filter $R(f) = f\,e^{-(f/f_0)^4}$
# on the grid of `np.fft.fft2` for images of `shape = (rows, cols)`: $f = \sqrt{f_x^2 + f_y^2}$ in
# cycles per pixel, with $f_x$ = `np.fft.fftfreq(cols)` and $f_y$ = `np.fft.fftfreq(rows)`, zero
# frequency at index `[0, 0]`.


# %%
def whitening_filter(shape, f0):
    """Return R(f) = f exp(-(f/f0)^4) on the np.fft.fft2 grid of an image of the given shape."""
    ### BEGIN SOLUTION hint: fftfreq for rows (column vector) and cols (row vector); f = sqrt(fx^2 + fy^2)
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.fftfreq(shape[1])[None, :]
    f = np.sqrt(fx**2 + fy**2)
    return f * np.exp(-((f / f0) ** 4))
    ### END SOLUTION


# %%
filter_check = nc.checks.sparse_coding.whitening_filter(whitening_filter)

# %% [markdown]
# Filter the images with your function: the power spectrum, which fell as $1/f^2$, becomes flat
# up to the roll-off.

# %%
if filter_check.passed:
    images = natural.images - natural.images.mean(axis=(1, 2), keepdims=True)
    white = np.real(np.fft.ifft2(np.fft.fft2(images) * whitening_filter(images.shape[1:], 0.4)))
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for data, label in ((images, "raw"), (white, "whitened")):
        f, power = sc.image_power_spectrum(data)
        ax.loglog(f, power / np.nanmax(power), "o-", markersize=3, label=label)
    ax.set_xlabel("Spatial frequency (cycles/pixel)")
    ax.set_ylabel("Power (normalised)")
    ax.legend()
else:
    print("Solve exercise 2 first.")

# %% [markdown]
# ## Exercise 3: the soft threshold and one ISTA step (15 min)
#
# The Lasso energy of codes $a$ (one patch a row) is $E(a) = \tfrac12\lVert x - aD\rVert^2 + \lambda\lVert a\rVert_1$,
# with atoms the rows of $D$. ISTA alternates a gradient step on the first term with the soft
# threshold, the proximal step of the second:
#
# $$a \leftarrow T_{s\lambda}\big(a - s\,(aD - x)D^T\big), \qquad T_t(u) = \mathrm{sign}(u)\max(|u| - t, 0),$$
#
# with step $s = 1/L$ ($L$ the largest eigenvalue of $DD^T$).
#
# **a.** Write `soft_threshold(u, threshold)`, elementwise on arrays.


# %%
def soft_threshold(u, threshold):
    """Return sign(u) * max(|u| - threshold, 0), elementwise."""
    ### BEGIN SOLUTION hint: np.sign, np.abs and np.maximum
    return np.sign(u) * np.maximum(np.abs(u) - threshold, 0.0)
    ### END SOLUTION


# %%
nc.checks.sparse_coding.soft_threshold(soft_threshold)

# %% [markdown]
# **b.** Write `ista_step(codes, dictionary, patches, penalty, step)` with your `soft_threshold`:
# `codes` has shape (n_patches, n_atoms), `dictionary` (n_atoms, n_pixels), `patches`
# (n_patches, n_pixels).


# %%
def ista_step(codes, dictionary, patches, penalty, step):
    """Return the codes after one ISTA step on 1/2 ||x - a D||^2 + penalty ||a||_1."""
    ### BEGIN SOLUTION hint: gradient (codes @ dictionary - patches) @ dictionary.T; threshold step * penalty
    gradient = (codes @ dictionary - patches) @ dictionary.T
    return soft_threshold(codes - step * gradient, step * penalty)
    ### END SOLUTION


# %%
ista_check = nc.checks.sparse_coding.ista_step(ista_step)

# %% [markdown]
# Iterate your step on 50 whitened patches with the bundled dictionary and watch the energy
# approach the optimum of the library's FISTA; note how slowly plain ISTA gets there.

# %%
whitened = sc.whiten_images(natural.images.reshape(6, 256, 2, 256, 2).mean(axis=(2, 4)), f0=learned.f0)
patches = sc.normalize_patches(sc.sample_patches(whitened, 50, patch_size=16, rng=rng))
D = learned.dictionary
penalty = 0.1
if ista_check.passed:
    step = 1.0 / np.linalg.eigvalsh(D @ D.T)[-1]
    a = np.zeros((50, D.shape[0]))
    energies = []
    for _ in range(300):
        a = ista_step(a, D, patches, penalty, step)
        energies.append(sc.lasso_objective(D, patches, a, penalty=penalty).sum())
    optimum = sc.solve_fista(D, patches, penalty=penalty, max_iter=5000, tol=1e-10).objective.sum()
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.semilogy(np.array(energies) - optimum)
    ax.set_xlabel("ISTA iteration")
    ax.set_ylabel("Energy above the optimum")
else:
    print("Solve exercise 3 first.")

# %% [markdown]
# ## Exercise 4: the LCA network (15 min)
#
# The LCA neurons integrate $\tau\dot u = xD^T - u - a(DD^T - I)$ with $a = T_\lambda(u)$ (soft
# threshold). Write `lca_step(u, dictionary, patches, penalty, dt_over_tau)`: one forward-Euler
# step, returning the new potentials `u` (shape (n_patches, n_atoms)).


# %%
def lca_step(u, dictionary, patches, penalty, dt_over_tau):
    """Return the LCA potentials after one Euler step of size dt / tau."""
    ### BEGIN SOLUTION hint: a = soft_threshold(u, penalty); inhibition a @ (D D^T) - a; du = dt/tau (b - u - inhibition)
    a = soft_threshold(u, penalty)
    drive = patches @ dictionary.T
    inhibition = a @ (dictionary @ dictionary.T) - a
    return u + dt_over_tau * (drive - u - inhibition)
    ### END SOLUTION


# %%
lca_check = nc.checks.sparse_coding.lca_step(lca_step)

# %% [markdown]
# Run your network for 50 time constants ($dt = \tau/10$) on the same patches. Does it reach the
# Lasso optimum? Compare the energy and the set of active neurons with FISTA's.

# %%
if lca_check.passed:
    u = np.zeros((50, D.shape[0]))
    for _ in range(500):
        u = lca_step(u, D, patches, penalty, 0.1)
    a = soft_threshold(u, penalty)
    fista = sc.solve_fista(D, patches, penalty=penalty, max_iter=5000, tol=1e-12)
    gap = (sc.lasso_objective(D, patches, a, penalty=penalty) - fista.objective) / fista.objective
    same = np.mean(np.all((a != 0) == (fista.codes != 0), axis=1))
    print(
        f"largest relative energy gap {gap.max():.1e}; identical active sets in {100 * same:.0f}% of the patches"
    )
else:
    print("Solve exercise 4 first.")

# %% [markdown]
# ## Exercise 5: one dictionary-learning step (15 min)
#
# Given patches and their codes, Olshausen & Field move the dictionary along the residual,
# $D \leftarrow D + \eta\,\langle a^T (x - aD)\rangle$ (the mean over the patches of the batch), and then
# rescale the atoms. Write `dictionary_step(dictionary, patches, codes, learning_rate)` that
# takes this step and returns the dictionary with **every atom (row) scaled to unit norm**.


# %%
def dictionary_step(dictionary, patches, codes, learning_rate):
    """Return the dictionary after one gradient step on the reconstruction error, rows of unit norm."""
    ### BEGIN SOLUTION hint: residual = patches - codes @ dictionary; codes.T @ residual / n_patches; normalise rows
    residual = patches - codes @ dictionary
    new = dictionary + learning_rate * codes.T @ residual / patches.shape[0]
    return new / np.linalg.norm(new, axis=1, keepdims=True)
    ### END SOLUTION


# %%
dictionary_check = nc.checks.sparse_coding.dictionary_step(dictionary_step)

# %% [markdown]
# Learn a small dictionary with your step: 64 atoms for 8 × 8 whitened patches, 400 batches of
# 100 (about 10 s). The residual falls, and the atoms begin to look like the lecture's.

# %%
if dictionary_check.passed:
    small = sc.normalize_patches(sc.sample_patches(whitened, 20000, patch_size=8, rng=rng))
    D_small = sc.random_dictionary(64, 64, rng=rng)
    residuals = []
    for _ in range(400):
        batch = small[rng.integers(len(small), size=100)]
        codes = sc.solve_fista(D_small, batch, penalty=0.1, max_iter=60, tol=1e-3).codes
        residuals.append(np.sum((batch - codes @ D_small) ** 2) / np.sum(batch**2))
        D_small = dictionary_step(D_small, batch, codes, 1.0)
    fig, (ax_curve, ax_atoms) = plt.subplots(1, 2, figsize=(9, 3.4))
    ax_curve.plot(100 * np.array(residuals))
    ax_curve.set_xlabel("Batch")
    ax_curve.set_ylabel("Residual (% of variance)")
    ax_atoms.imshow(sc.tile_atoms(D_small), cmap="gray", vmin=-1, vmax=1)
    ax_atoms.set_axis_off()
    fig.tight_layout()
else:
    print("Solve exercise 5 first.")

# %% [markdown]
# ## Exercise 6: how sparse is the code? (10 min)
#
# Write `excess_kurtosis(values)`: $\langle c^4\rangle / \langle c^2\rangle^2 - 3$ with $c$ the values
# minus their mean, pooled over all entries of the array (0 for a Gaussian).


# %%
def excess_kurtosis(values):
    """Return the excess kurtosis of all entries of values."""
    ### BEGIN SOLUTION hint: c = values - values.mean(); mean(c**4) / mean(c**2)**2 - 3
    c = np.ravel(values) - np.mean(values)
    return np.mean(c**4) / np.mean(c**2) ** 2 - 3.0
    ### END SOLUTION


# %%
kurtosis_check = nc.checks.sparse_coding.excess_kurtosis(excess_kurtosis)

# %% [markdown]
# Compare the learned dictionary with the random one it started from, at the same $\lambda/\sigma$:
# encode 1000 fresh patches with each and compute your kurtosis of the coefficients.

# %%
if kurtosis_check.passed:
    test = sc.normalize_patches(sc.sample_patches(whitened, 1000, patch_size=16, rng=rng))
    threshold = learned.penalty / learned.sigma
    for name, dictionary in (("learned", learned.dictionary), ("random", learned.initial_dictionary)):
        codes = sc.solve_fista(dictionary, test, penalty=threshold, max_iter=2000, tol=1e-6).codes
        print(f"{name:8s}: excess kurtosis {excess_kurtosis(codes):.1f}")
else:
    print("Solve exercise 6 first.")

# %% [markdown]
# **Question.** Why is the random dictionary's code not dense, even though it explains the patches
# badly? What would its kurtosis be at $\lambda = 0$?
#
# ### BEGIN SOLUTION
# With a random dictionary few atoms correlate strongly with a patch, so at the same threshold
# most coefficients are exactly 0 and the code is sparse too, but it reconstructs little of the
# patch. The learned atoms match the patches' structure, so a few large coefficients explain
# most of the variance: a heavier tail relative to the variance. At $\lambda = 0$ (least squares)
# no coefficient is zero: a random basis gives roughly Gaussian coefficients, kurtosis near 0.
# ### END SOLUTION

# %% [markdown]
# ## Exercise 7: discover the hidden penalty (20 min)
#
# `nc.checks.sparse_coding.mystery_code(STUDENT_SEED)` gives you a dictionary, some patches and
# their Lasso codes, $a = \arg\min \tfrac12\lVert x - aD\rVert^2 + \lambda\lVert a\rVert_1$, for a
# penalty $\lambda$ that is not given. Write `infer_penalty(dictionary, patches, codes)` that
# recovers $\lambda$ from them. *Hint:* what does the gradient of the energy have to satisfy on the
# active atoms at the minimum? The check runs your function on your code and on three more.

# %%
mystery = nc.checks.sparse_coding.mystery_code(STUDENT_SEED)
print(
    f"dictionary {mystery.dictionary.shape}, patches {mystery.patches.shape}, "
    f"{np.count_nonzero(mystery.codes)} active coefficients of {mystery.codes.size}"
)


def infer_penalty(dictionary, patches, codes):
    """Return the penalty lambda for which codes minimise the Lasso energy of patches."""
    ### BEGIN SOLUTION hint: correlation of the residual with each atom, (x - a D) D^T, on the active atoms
    correlation = (patches - codes @ dictionary) @ dictionary.T
    active = codes != 0
    return float(np.mean(np.abs(correlation[active])))
    ### END SOLUTION


# %%
nc.checks.sparse_coding.infer_penalty(infer_penalty, seed=STUDENT_SEED)

# %% [markdown]
# **Question.** On the inactive atoms, what bound does the same condition give, and how could you
# use it to tell whether a code came from the Lasso at all?
#
# ### BEGIN SOLUTION
# At the minimum, $(x - aD)D^T = \lambda\,\mathrm{sign}(a)$ on the active atoms and
# $|(x - aD)D^T| \le \lambda$ on the inactive ones (the subgradient of $|a_i|$ at 0 is $[-1, 1]$).
# A code came from the Lasso only if all active atoms share the same $|$correlation$|$ and no
# inactive atom exceeds it; a code from the hard-threshold LCA or from a sparse autoencoder
# breaks these conditions.
# ### END SOLUTION
