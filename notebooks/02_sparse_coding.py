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
# # 02 · Sparse coding
#
# *What a single Hebbian neuron extracts from natural images, why that is not what the visual
# cortex does, and how a sparse code, found by a network of competing neurons, turns the same
# images into oriented, localised, V1-like receptive fields; and the same idea in today's
# sparse autoencoders.*
#
# **Objectives.** After this chapter you can
# 1. derive Oja's rule and say why a Hebbian neuron learns the first principal component (15 min);
# 2. measure three statistics of natural images: the 1/f² power spectrum, pixel correlations and heavy-tailed filter responses (20 min);
# 3. whiten images with Olshausen & Field's filter and explain why PCA of whitened patches gives global, non-local features (15 min);
# 4. write sparse inference as neural dynamics (the LCA: lateral inhibition doing optimisation) and compare it with ISTA/FISTA (25 min);
# 5. learn a dictionary from natural images and watch Gabor-like receptive fields appear; measure its sparseness (25 min);
# 6. read the tiling of orientation and spatial frequency from Gabor fits (10 min);
# 7. relate sparse coding to sparse autoencoders, dictionary features in interpretability and first-layer CNN filters, and say where the analogy stops (20 min).
#
# **Estimated time:** about 2 h 10 min, plus the exercises (`exercises/02_sparse_coding.ipynb`, about 100 min).
#
# **Prerequisites:** chapter 01 (lateral inhibition, winner-take-all); linear algebra (eigenvectors, least squares); the Fourier transform.

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

# %% [markdown]
# ## 1. Hebb and Oja: what one neuron's plasticity extracts
#
# Hebb (1949) proposed that a synapse grows when its input helps fire the cell:
# <a id="term-hebbian-learning"></a>**Hebbian learning**. For a linear
# neuron $y = w \cdot x$ the simplest version is $\Delta w = \eta\, y\, x$. Averaged over inputs
# it is $\Delta w = \eta\, C w$ with $C = \langle x x^T \rangle$ the input covariance: the weights
# grow along the leading eigenvector of $C$, and grow without bound. Oja (1982) added a decay
# that keeps $|w| = 1$, <a id="term-oja-s-rule"></a>**Oja's rule**,
#
# $$\Delta w = \eta\, y\,(x - y\, w),$$
#
# and showed that $w$ converges to the unit-norm leading eigenvector: **a Hebbian neuron with a
# normalised synapse computes the first principal component** of its input
# (<a id="term-principal-component-analysis-pca"></a>**principal component analysis**, PCA: the eigenvectors of the
# covariance, by decreasing variance). Sanger (1989) gave
# $k$ neurons the rule $\Delta W = \eta\,(y x^T - \mathrm{LT}(y y^T) W)$, in which each neuron
# learns from what the earlier ones leave unexplained, so they find the $k$ leading components
# in order.
#
# Let us feed 8 × 8 patches of natural images (six public-domain and CC0 photographs that ship
# with the package) to one Oja neuron and to eight Sanger neurons, and compare with PCA.

# %%
natural = nc.datasets.load_natural_images()
raw = sc.sample_patches(natural.images, 20000, patch_size=8, rng=rng)
raw = raw - raw.mean(axis=0)
raw /= raw.std()
pca_raw = sc.fit_pca(raw, n_components=8)
oja = nc.learning.fit_oja(raw, learning_rate=0.001, n_epochs=2, rng=rng)
sanger = nc.learning.fit_sanger(raw, 8, learning_rate=0.001, n_epochs=2, rng=rng)
overlap = abs(oja.weights[0] @ pca_raw.components[0]) / np.linalg.norm(oja.weights[0])
print(f"Oja's weights: |w| = {np.linalg.norm(oja.weights[0]):.3f}, overlap with the first PC = {overlap:.4f}")

# %% [markdown]
# Top row: the eight leading principal components; bottom row: Sanger's neurons (the first is
# also Oja's). The first component is a smooth blob, the local mean brightness; the next are
# smooth gradients and then ever finer checkerboards, each spread over the whole patch.

# %%
fig, axes = plt.subplots(2, 8, figsize=(9, 2.6))
for i in range(8):
    for row, vectors in enumerate((pca_raw.components, sanger.weights)):
        v = vectors[i] * np.sign(vectors[i] @ pca_raw.components[i])
        axes[row, i].imshow(v.reshape(8, 8), cmap="gray")
        axes[row, i].set_axis_off()
    axes[0, i].set_title(f"PC {i + 1}", fontsize=9)
axes[0, 0].text(-3, 3.5, "PCA", rotation=90, va="center", ha="right")
axes[1, 0].text(-3, 3.5, "Sanger", rotation=90, va="center", ha="right");
# %% [markdown]
# Hebbian learning of this kind only sees **second-order statistics**, the covariance. For
# images whose statistics do not change when shifted, the covariance depends only on the
# distance between pixels, and its eigenvectors are (close to) Fourier modes: global waves,
# not the local, oriented receptive fields of simple cells in V1 (Hubel & Wiesel 1962). Section
# 2 shows what the covariance misses.

# %% [markdown]
# ## 2. Natural image statistics
#
# ### The 1/f² spectrum and correlations
#
# Field (1987) found that the amplitude spectrum of natural scenes falls as $1/f$ (power as
# $1/f^2$) over a wide range of scales: images are *scale invariant*, and neighbouring pixels
# are strongly correlated.

# %%
# NBVAL_CHECK_OUTPUT
frequencies, power = sc.image_power_spectrum(natural.images)
band = (frequencies > 0.01) & (frequencies < 0.2)
slope = np.polyfit(np.log(frequencies[band]), np.log(power[band]), 1)[0]
distances = np.arange(1, 33)
images = natural.images - natural.images.mean(axis=(1, 2), keepdims=True)
correlation = [np.mean(images[:, :, d:] * images[:, :, :-d]) / np.mean(images**2) for d in distances]

fig, (ax_img, ax_spec, ax_corr) = plt.subplots(1, 3, figsize=(11, 3.2))
ax_img.imshow(natural["camera"], cmap="gray")
ax_img.set_title("one of the six images", fontsize=9)
ax_img.set_axis_off()
ax_spec.loglog(frequencies, power, "o-", markersize=3, label="natural images")
ax_spec.loglog(
    frequencies[band],
    np.exp(
        np.polyval(np.polyfit(np.log(frequencies[band]), np.log(power[band]), 1), np.log(frequencies[band]))
    ),
    "--",
    color=nc.plotting.COLORS["analytic"],
    label=f"fit: slope {slope:.2f}",
)
ax_spec.set_xlabel("Spatial frequency (cycles/pixel)")
ax_spec.set_ylabel("Power (a.u.)")
ax_spec.legend()
ax_corr.plot(distances, correlation, "o-", markersize=3)
ax_corr.set_xlabel("Distance (pixels)")
ax_corr.set_ylabel("Pixel correlation")
fig.tight_layout()
print(f"power spectrum slope {slope:.2f} (Field 1987: about -2)")

# %% [markdown]
# ### Heavy tails: what the covariance does not see
#
# Filter the images with a small oriented edge detector and look at the histogram of the
# responses. A Gaussian with the same variance (what second-order statistics alone would
# predict) has excess <a id="term-kurtosis"></a>**kurtosis** (normalised fourth moment) 0; the responses have a sharp peak at 0 and heavy tails: most
# places have no edge, a few have a strong one. This *sparseness* is the regularity Olshausen &
# Field (1996) built their code on.

# %%
edge = sc.gabor_patch(
    9, x0=4, y0=4, orientation=0.0, frequency=0.15, phase=np.pi / 2, sigma_x=1.5, sigma_y=2.5
)
spectrum_edge = np.fft.fft2(edge, s=natural.images.shape[1:])
responses = np.real(np.fft.ifft2(np.fft.fft2(images) * spectrum_edge))[:, 8:-8, 8:-8].ravel()
responses /= responses.std()
pixels = (images / images.std()).ravel()
fig, ax = plt.subplots(figsize=(6, 3.2))
bins = np.linspace(-8, 8, 161)
ax.semilogy(bins[:-1], np.histogram(responses, bins, density=True)[0], label="edge-filter responses")
ax.semilogy(bins[:-1], np.histogram(pixels, bins, density=True)[0], label="pixel values")
ax.semilogy(
    bins,
    np.exp(-(bins**2) / 2) / np.sqrt(2 * np.pi),
    "--",
    color=nc.plotting.COLORS["analytic"],
    label="Gaussian",
)
ax.set_ylim(1e-5, 2)
ax.set_xlabel("Value (standard deviations)")
ax.set_ylabel("Probability density")
ax.legend()
print(
    f"excess kurtosis: edge-filter responses {sc.compute_kurtosis(responses):.1f}, "
    f"pixels {sc.compute_kurtosis(pixels):.1f}, Gaussian 0"
)

# %% [markdown]
# ## 3. Whitening, and why PCA gives global features
#
# The strong low-frequency power would dominate any code learned from raw pixels. Olshausen &
# Field (1997) first <a id="term-whitening"></a>**whiten** the images with the filter
#
# $$R(f) = f\, e^{-(f/f_0)^4},$$
#
# whose factor $f$ flattens the $1/f$ amplitude spectrum and whose roll-off removes the highest
# frequencies, where noise and the square pixel grid dominate ($f_0$ = 0.4 cycles/pixel, their
# 200 cycles/picture for 512-pixel images). The retina and LGN do something similar with their
# centre-surround receptive fields (the difference of Gaussians of chapter 01). You write this
# filter in exercise 2. Here we block-average the images by 2 first (fewer pixel artefacts) and
# scale them to a pixel variance of 0.1, as in Olshausen & Field's `sparsenet`.

# %%
learned = nc.datasets.load_sparse_dictionary()
small = natural.images.reshape(6, 256, 2, 256, 2).mean(axis=(2, 4))
white = sc.whiten_images(small, f0=learned.f0)
filt = np.fft.fftshift(sc.whitening_filter((256, 256), f0=learned.f0))
fig, axes = plt.subplots(1, 3, figsize=(11, 3.3))
axes[0].imshow(filt, cmap="viridis", extent=[-0.5, 0.5, -0.5, 0.5])
axes[0].set_title("R(f) = f exp(-(f/f0)^4)", fontsize=9)
axes[0].set_xlabel("f_x (cycles/pixel)")
axes[0].set_ylabel("f_y (cycles/pixel)")
axes[1].imshow(small[0], cmap="gray")
axes[1].set_title("grass", fontsize=9)
axes[2].imshow(white[0], cmap="gray", vmin=-1, vmax=1)
axes[2].set_title("grass, whitened", fontsize=9)
for ax in axes[1:]:
    ax.set_axis_off()
fig.tight_layout();

# %% [markdown]
# After whitening, the frequencies the filter keeps carry about the same power, so the variance
# is spread over many components (the printout below): **PCA has little left to find**. Its
# components are still global, checkerboard-like waves, and where their variances are nearly
# equal any rotation of them would do as well. Second-order statistics cannot tell us to prefer
# localised, oriented features; something beyond the covariance must.

# %%
patches = sc.normalize_patches(sc.sample_patches(white, 20000, patch_size=16, rng=rng))
pca_white = sc.fit_pca(patches)
fig, axes = plt.subplots(2, 8, figsize=(9, 2.6))
for i, ax in enumerate(axes.ravel()):
    index = i if i < 8 else 8 * i
    ax.imshow(pca_white.components[index].reshape(16, 16), cmap="gray")
    ax.set_title(f"PC {index + 1}", fontsize=8)
    ax.set_axis_off()
fig.suptitle("principal components of whitened 16 x 16 patches", fontsize=10)
fraction = pca_white.explained_fraction
print(
    f"variance of PC 1: {100 * fraction[0]:.1f}% ; of PC 64: {100 * fraction[63]:.2f}% ; "
    f"components for 90% of the variance: {np.searchsorted(np.cumsum(fraction), 0.9) + 1} of 256"
)

# %% [markdown]
# ## 4. Sparse inference as neural dynamics
#
# Olshausen & Field (1996) asked for a *sparse* code instead: represent each patch $x$ as a
# combination of a few <a id="term-dictionary-atom"></a>**atoms** $\phi_i$ (the rows of a **dictionary** $D$), by minimising the energy
#
# $$E(a) = \tfrac12 \lVert x - a D \rVert^2 + \lambda \sum_i S(a_i/\sigma),$$
#
# a reconstruction error plus a cost $S$ that is small only when most $a_i$ are zero. With
# $S(z) = |z|$ this is the <a id="term-lasso"></a>**Lasso**, a convex problem. Two ways to solve it:
#
# - <a id="term-ista-fista"></a>**ISTA / FISTA** (Daubechies et al. 2004; Beck & Teboulle 2009): a gradient step on the
#   reconstruction error, then the <a id="term-soft-threshold"></a>*soft threshold* $T_\lambda(u) = \mathrm{sign}(u)\max(|u|-\lambda, 0)$;
#   FISTA adds Nesterov momentum and converges as $1/k^2$ instead of $1/k$.
# - <a id="term-lca"></a>**The Locally Competitive Algorithm** (LCA, Rozell et al. 2008): a network of leaky neurons,
#   one per atom, with internal state $u_i$ and output $a_i = T_\lambda(u_i)$,
#
# $$\tau \dot u = x D^T - u - a\,(D D^T - I).$$
#
# Each neuron is driven by how well its atom matches the patch and is **inhibited by the active
# neurons in proportion to the overlap of their atoms**: the lateral inhibition of chapter 01,
# now with learned weights. Rozell et al. showed that its fixed point is the Lasso solution.
# Check it on a patch, with the bundled learned dictionary:

# %%
lca_params = sc.LCAParams(tau=10.0, penalty=0.1, threshold="soft")
x = patches[:200]
lca = sc.run_lca(lca_params, learned.dictionary, x, duration=50 * lca_params.tau)
fista = sc.solve_fista(learned.dictionary, x, penalty=lca_params.penalty, max_iter=5000, tol=1e-10)
ista = sc.solve_ista(learned.dictionary, x, penalty=lca_params.penalty, max_iter=20000, tol=1e-10)
gap = (lca.objective[:, -1] - fista.objective) / fista.objective
same_support = np.mean(np.all((lca.coefficients != 0) == (fista.codes != 0), axis=1))
print(
    f"LCA after 50 tau: median relative gap to FISTA {np.median(gap):.1e}, "
    f"identical support in {100 * same_support:.0f}% of the 200 patches"
)
print(f"iterations to tol 1e-10: FISTA {fista.n_iter}, ISTA {ista.n_iter}")

# %% [markdown]
# Drive the network yourself: which neurons rise first, and which win? With the hard threshold
# the network minimises a different, non-convex energy (a cost $\lambda^2/2$ per active neuron),
# and ends sparser.

# %%
nc.widgets.lca_dynamics()

# %% [markdown]
# The penalty sets the trade-off: a larger $\lambda$ gives fewer active neurons and a worse
# reconstruction. Exercise 3 asks you to write the soft threshold and one ISTA step, exercise 4
# the LCA update.

# %%
nc.widgets.sparsity_tradeoff()

# %% [markdown]
# A third solver is the one statisticians use for the Lasso, and the one behind the two widgets
# above: **coordinate descent** (Friedman et al. 2007). It updates one coefficient at a time to
# its exact optimum with all the others fixed, $a_i \leftarrow T_\lambda\big((xD^T)_i -
# \sum_{j \ne i} a_j G_{ji}\big) / G_{ii}$ with $G = D D^T$, and sweeps over the atoms until the
# *duality gap* (an upper bound on the distance to the optimum energy) is small. Read that
# update as a neuron: the drive of its atom minus the inhibition of the other active neurons,
# thresholded. It is the LCA with one neuron moving at a time, each jumping straight to its
# fixed point. Both spend their work on the active neurons only: a silent neuron inhibits
# nobody, so a sparse code is also a cheap one, the saving spiking hardware is built on
# (chapter 05).

# %%
cd = sc.solve_coordinate_descent(learned.dictionary, x, penalty=lca_params.penalty, tol=1e-10)
print(
    f"coordinate descent: median {np.median(cd.n_sweeps):.0f} sweeps over the atoms; "
    f"largest energy difference to FISTA {np.max(np.abs(cd.objective - fista.objective)):.1e}"
)

# %% [markdown]
# ## 5. Learning the dictionary
#
# So far the dictionary was given. Olshausen & Field learned it by alternating two steps on
# batches of patches: infer the sparse codes $a$ with $D$ fixed, then take a gradient step on
# the energy with respect to $D$,
#
# $$\Delta D = \eta\,\langle a^T (x - aD) \rangle,$$
#
# Hebbian in the coefficient and the *residual* (what the code does not yet explain). Left
# alone, atoms would grow to make their coefficients small and cheap, so their norms must be
# controlled. O&F set each atom's norm to a <a id="term-gain-adaptation"></a>**gain** $g_i$ that adapts until every coefficient has
# the same variance, $g_i \leftarrow g_i\,(\langle a_i^2\rangle/\sigma_{goal}^2)^{\alpha}$ with
# $\alpha = 0.02$ (`DictionaryLearningParams(gain_rate=0.02)`). They used the smooth prior
# $S(z) = \log(1 + z^2)$. With the L1 prior we use here, the rule has a trap: a rarely used atom
# gets a small gain, which raises its effective threshold $\lambda/(\sigma g_i)$, so it is used
# even less. On our images, with gain adaptation 59% of the atoms ended Gabor-like, and 96% with
# the atoms simply kept at unit norm (the usual choice with the LCA). The bundled dictionary
# keeps unit norms (`gain_rate=0`).
#
# Learning 128 atoms of 16 × 16 pixels takes 3000 batches of 100 patches, about a minute on two
# idle cores; the package ships the result (`nc.datasets.load_sparse_dictionary()`, made by
# `scripts/make_sparse_dictionary.py`). Here is the random dictionary it started from, and the
# learned one:

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 5.4))
for ax, D, title in (
    (axes[0], learned.initial_dictionary, "random initial dictionary"),
    (axes[1], learned.dictionary, f"learned from {learned.n_updates} batches"),
):
    ax.imshow(sc.tile_atoms(D), cmap="gray", vmin=-1, vmax=1)
    ax.set_title(title, fontsize=10)
    ax.set_axis_off()

# %% [markdown]
# Watch the first steps yourself: 300 batches from the same random start (a few seconds; set
# `n_updates=learned.n_updates` to relearn the whole dictionary, about a minute). The fraction of
# the variance left unexplained falls as the atoms turn from noise into localised, oriented,
# band-pass filters, like simple-cell receptive fields (Jones & Palmer 1987).

# %%
training = sc.normalize_patches(sc.sample_patches(white, 50000, patch_size=16, rng=learned.seed))
relearn = sc.learn_dictionary(
    training,
    sc.DictionaryLearningParams(
        penalty=learned.penalty,
        sigma=learned.sigma,
        learning_rate=learned.learning_rate,
        gain_rate=learned.gain_rate,
    ),
    n_atoms=learned.n_atoms,
    n_updates=300,
    batch_size=learned.batch_size,
    initial_dictionary=learned.initial_dictionary,
    rng=learned.seed + 1,
    progress=True,
)
print(
    f"300 batches: residual {100 * relearn.residual_fraction[:10].mean():.0f}% of the variance in the first "
    f"10 batches, {100 * relearn.residual_fraction[-10:].mean():.0f}% in the last 10"
)
fig, (ax_curve, ax_atoms) = plt.subplots(1, 2, figsize=(11, 3.6), width_ratios=[1.3, 1])
ax_curve.plot(
    100 * learned.residual_fraction, color=nc.plotting.COLORS["neutral"], lw=0.5, label="bundled run"
)
ax_curve.plot(
    100 * relearn.residual_fraction, color=nc.plotting.COLORS["excitatory"], lw=0.8, label="your 300 batches"
)
ax_curve.set_xlabel("Batch")
ax_curve.set_ylabel("Residual (% of variance)")
ax_curve.legend()
ax_atoms.imshow(sc.tile_atoms(relearn.dictionary[:64], n_cols=8), cmap="gray", vmin=-1, vmax=1)
ax_atoms.set_title("64 atoms after 300 batches", fontsize=9)
ax_atoms.set_axis_off()
fig.tight_layout();

# %% [markdown]
# ### Is the learned code sparser?
#
# O&F's claim is that the learned basis gives a **sparser** code than other bases: the
# coefficient histogram has a sharper peak and heavier tails. Encode fresh patches with the
# learned and with the random dictionary at the same $\lambda/\sigma$ and compare kurtosis,
# reconstruction and the entropy of the quantised coefficients. (Exercise 6: compute the
# kurtosis yourself.)

# %%
# NBVAL_CHECK_OUTPUT
test = sc.normalize_patches(sc.sample_patches(white, 2000, patch_size=16, rng=11))
threshold = learned.penalty / learned.sigma
codes = {
    "learned": sc.solve_fista(learned.dictionary, test, penalty=threshold, max_iter=2000, tol=1e-6).codes,
    "random": sc.solve_fista(
        learned.initial_dictionary, test, penalty=threshold, max_iter=2000, tol=1e-6
    ).codes,
}
for name, D in (("learned", learned.dictionary), ("random", learned.initial_dictionary)):
    residual = np.sum((test - codes[name] @ D) ** 2) / np.sum(test**2)
    print(
        f"{name:8s}: kurtosis {sc.compute_kurtosis(codes[name]):5.1f}, residual {100 * residual:4.1f}% of the "
        f"variance, active {100 * np.mean(codes[name] != 0):4.1f}%, "
        f"entropy {sc.coefficient_entropy(codes[name], bin_width=0.05):.2f} bits/coefficient"
    )

# %% [markdown]
# At the same penalty the learned dictionary explains most of the variance with a sparse code
# (a residual near 10%, Olshausen & Field's regime), while the random one must leave most of the
# variance unexplained. Its coefficients' kurtosis is at least twice the random basis's. The
# entropy of the quantised coefficients is about the same for both, but the learned code carries
# most of the patch in those bits, the random one little of it.

# %% [markdown]
# ## 6. Tiling orientation and spatial frequency
#
# Fit a 2-D <a id="term-gabor-function"></a>**Gabor function** (a Gaussian envelope times a sinusoidal carrier) to every atom. Our criterion
# of a Gabor-like atom, stated here because the paper publishes none: the fit explains at least
# 80% of the atom's variance ($R^2 \ge 0.8$) and the atom's spectral peak is away from zero
# frequency. Browse the atoms and their fits:

# %%
nc.widgets.basis_browser()

# %%
fits = sc.fit_gabors(learned.dictionary)
good = np.array([fit.is_gabor_like() for fit in fits])
orientation = np.array([fit.orientation for fit in fits])
frequency = np.array([fit.frequency for fit in fits])
fig = plt.figure(figsize=(10, 3.6))
ax_polar = fig.add_subplot(1, 2, 1, projection="polar")
ax_polar.scatter(
    np.concatenate([orientation[good], orientation[good] + np.pi]),
    np.concatenate([frequency[good], frequency[good]]),
    s=10,
    color=nc.plotting.COLORS["excitatory"],
)
ax_polar.set_title("orientation and frequency (cycles/pixel)", fontsize=9)
ax_hist = fig.add_subplot(1, 2, 2)
ax_hist.hist(np.degrees(orientation[good]), bins=12, range=(0, 180))
ax_hist.set_xlabel("Orientation (deg)")
ax_hist.set_ylabel("Atoms")
fig.tight_layout()
print(
    f"{good.sum()} of {good.size} atoms ({100 * good.mean():.0f}%) are Gabor-like (R^2 >= 0.8, peak away from DC); "
    f"median R^2 {np.median([fit.r_squared for fit in fits]):.2f}"
)

# %% [markdown]
# The atoms tile the half-circle of orientations and a range of spatial frequencies, as simple
# cells do. The tiling is not perfectly even: three of our six images are textures (grass is
# mostly vertical blades), and with 128 atoms for 256 pixels the code is undercomplete; O&F's
# figures show the same kind of scatter.

# %% [markdown]
# ## 7. From brain to AI
#
# ### Sparse autoencoders
#
# LCA *infers* each code by running a recurrent network to equilibrium. A <a id="term-sparse-autoencoder"></a>**sparse autoencoder**
# replaces that inference by one feed-forward pass, $h = \mathrm{relu}(x W^T + b)$, trained
# together with a linear decoder to minimise $\tfrac12\lVert x - hD\rVert^2 + \ell_1 \sum h$: amortised
# inference. Train one in numpy on the same whitened patches (a few seconds) and put its decoder
# atoms beside the sparse-coding ones:

# %%
sae = sc.train_sparse_autoencoder(
    training, n_hidden=128, l1=0.5, n_steps=1500, batch_size=256, learning_rate=5e-3, rng=rng
)
sae_codes = sae.encode(test)
sae_residual = np.sum((test - sae_codes @ sae.decoder) ** 2) / np.sum(test**2)
fig, axes = plt.subplots(1, 2, figsize=(11, 5.4))
for ax, D, title in (
    (axes[0], learned.dictionary, "sparse coding (LCA/FISTA inference)"),
    (axes[1], sae.decoder, "sparse autoencoder (decoder atoms)"),
):
    ax.imshow(sc.tile_atoms(D), cmap="gray", vmin=-1, vmax=1)
    ax.set_title(title, fontsize=10)
    ax.set_axis_off()
print(
    f"autoencoder: residual {100 * sae_residual:.1f}% of the variance, active {100 * np.mean(sae_codes > 0):.1f}%"
)

# %% [markdown]
# The autoencoder's atoms are oriented and band-pass too, but many are longer gratings than the
# compact sparse-coding atoms, and it leaves more of the variance unexplained: its encoder
# cannot *explain away* (when two atoms overlap, both fire, where the LCA's inhibition lets one
# win). With more training and a tuned penalty the gap narrows; the reason does not go away.

# %% [markdown]
# ### Dictionary features in interpretability
#
# The same recipe now reads the activations of large language models. Bricken et al. (2023)
# and Cunningham et al. (2023) train sparse autoencoders on a transformer's activations and find
# that many of the learned dictionary atoms are <a id="term-monosemantic-feature"></a>*monosemantic*: each fires for one
# interpretable feature, where single neurons respond to a mixture (superposition). The
# argument is O&F's: if the data are a sparse combination of many features, a sparse code
# recovers them.
#
# ### First-layer CNN filters
#
# A convolutional network trained on natural images for classification learns first-layer
# filters that look like our atoms: oriented, localised, band-pass Gabor-like edges and colour
# blobs (Krizhevsky et al. 2012). A sparse, efficient representation of natural images seems to
# be what early vision needs, whether it is learned by reconstruction or by a downstream task.
#
# ### Where the analogy stops
#
# - **Inference.** LCA needs tens of time constants to settle (here 50 τ); V1 responds within
#   tens of milliseconds, and a sparse autoencoder in one pass. Its single pass cannot explain
#   away (two overlapping atoms cannot compete), so its codes are less sparse for the same
#   reconstruction.
# - **Biology.** LCA needs symmetric inhibition $D D^T$ between every pair of neurons and signed
#   outputs (a negative coefficient is not a firing rate); cortex has separate excitatory and
#   inhibitory cells, spikes, and no weight transport. Spiking and sign-constrained versions
#   exist, but are not what we simulated.
# - **Learning.** Our dictionary update uses the residual at every pixel, a global error signal;
#   how cortex would compute it locally is open. Interpretability SAEs are trained by backprop on
#   millions of activations, and "monosemantic" features are judged by people, not by a
#   criterion like our $R^2 \ge 0.8$.

# %% [markdown]
# ## Summary
#
# - A Hebbian neuron with Oja's normalisation extracts the first principal component; Sanger's
#   rule the leading ones. They see only second-order statistics, and on natural images give
#   global, non-local features.
# - Natural images have a 1/f² power spectrum and heavy-tailed, sparse responses to local
#   oriented filters. Whitening removes the first; a sparse code exploits the second.
# - Sparse inference can run as neural dynamics: the LCA's leaky neurons with lateral inhibition
#   settle at the Lasso optimum that ISTA/FISTA compute.
# - Learning the dictionary from the residual with gain adaptation turns random atoms into
#   localised, oriented, band-pass, Gabor-like receptive fields that tile orientation and
#   frequency, with a sparser code (kurtosis at least twice the random basis's).
# - Sparse autoencoders are amortised sparse coding; the same idea finds features in language
#   models and shapes the first layers of CNNs.

# %% [markdown]
# ## References
#
# - Hebb DO (1949) *The Organization of Behavior*. Wiley.
# - Oja E (1982) A simplified neuron model as a principal component analyzer. *J Math Biol* 15:267–273.
# - Sanger TD (1989) Optimal unsupervised learning in a single-layer linear feedforward neural network. *Neural Netw* 2:459–473.
# - Hubel DH, Wiesel TN (1962) Receptive fields, binocular interaction and functional architecture in the cat's visual cortex. *J Physiol* 160:106–154.
# - Field DJ (1987) Relations between the statistics of natural images and the response properties of cortical cells. *J Opt Soc Am A* 4:2379–2394.
# - Olshausen BA, Field DJ (1996) Emergence of simple-cell receptive field properties by learning a sparse code for natural images. *Nature* 381:607–609.
# - Olshausen BA, Field DJ (1997) Sparse coding with an overcomplete basis set: a strategy employed by V1? *Vision Res* 37:3311–3325.
# - Daubechies I, Defrise M, De Mol C (2004) An iterative thresholding algorithm for linear inverse problems with a sparsity constraint. *Commun Pure Appl Math* 57:1413–1457.
# - Beck A, Teboulle M (2009) A fast iterative shrinkage-thresholding algorithm for linear inverse problems. *SIAM J Imaging Sci* 2:183–202.
# - Friedman J, Hastie T, Hoefling H, Tibshirani R (2007) Pathwise coordinate optimization. *Ann Appl Stat* 1:302–332.
# - Rozell CJ, Johnson DH, Baraniuk RG, Olshausen BA (2008) Sparse coding via thresholding and local competition in neural circuits. *Neural Comput* 20:2526–2563.
# - Jones JP, Palmer LA (1987) An evaluation of the two-dimensional Gabor filter model of simple receptive fields in cat striate cortex. *J Neurophysiol* 58:1233–1258.
# - Krizhevsky A, Sutskever I, Hinton GE (2012) ImageNet classification with deep convolutional neural networks. *Adv Neural Inf Process Syst* 25:1097–1105.
# - Bricken T, Templeton A, Batson J, et al. (2023) Towards monosemanticity: decomposing language models with dictionary learning. *Transformer Circuits Thread*.
# - Cunningham H, Ewart A, Riggs L, Huben R, Sharkey L (2023) Sparse autoencoders find highly interpretable features in language models. arXiv:2309.08600.
#
# ## Glossary
#
# - **Hebbian learning**: strengthening a synapse in proportion to pre- and postsynaptic activity.
# - **Oja's rule**: Hebbian learning with a decay $-y^2 w$ that keeps $|w| = 1$; finds the first principal component.
# - **principal component analysis (PCA)**: the eigenvectors of the covariance, by decreasing variance.
# - **whitening**: filtering that makes the power spectrum flat (the covariance close to the identity).
# - **kurtosis**: the normalised fourth moment; excess kurtosis is 0 for a Gaussian, large for sparse data.
# - **dictionary, atom**: the set of basis functions of a sparse code, and one of them (a receptive field).
# - **Lasso**: least squares with an L1 penalty, $\tfrac12\lVert x - aD\rVert^2 + \lambda\lVert a\rVert_1$.
# - **soft threshold**: $\mathrm{sign}(u)\max(|u| - \lambda, 0)$, the proximal step of the L1 penalty.
# - **ISTA, FISTA**: iterative shrinkage-thresholding, and its accelerated (momentum) version.
# - **LCA**: the Locally Competitive Algorithm, leaky neurons with lateral inhibition that solve the Lasso.
# - **gain adaptation**: rescaling each atom so that its coefficient keeps a target variance.
# - **Gabor function**: a Gaussian envelope times a sinusoidal carrier, the classic model of a simple cell.
# - **sparse autoencoder**: an autoencoder with a sparsity penalty on its hidden layer; amortised sparse coding.
# - **monosemantic feature**: a dictionary feature that responds to one interpretable property.
