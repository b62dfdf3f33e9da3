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
# # Glossary and course map
#
# Every term the lectures mark, with its definition and a link to the place where it is
# taught, and a map of which chapter needs which. This notebook is generated from the
# lectures' glossary sections by `neurocourse build`: edit the lectures, not this file.
#
# ## Course map
#
# An arrow runs from a chapter to each chapter that builds on it; under each box, a few
# of the terms it introduces.
#
# - [00 Welcome](00_welcome.ipynb): start here.
# - [01 Neurons and circuits](01_circuits.ipynb) needs 00 Welcome.
# - [02 Sparse coding](02_sparse_coding.ipynb) needs 01 Neurons and circuits.
# - [03 Attention gating](03_attention.ipynb) needs 01 Neurons and circuits.
# - [04 Reward learning](04_reward_learning.ipynb) needs 00 Welcome.
# - [05 Neuromorphic computing](05_neuromorphic.ipynb) needs 01 Neurons and circuits.

# %%
import neurocourse as nc

nc.plotting.use_course_style()
concepts = {
    "00": [
        "membrane potential",
        "leaky integrate-and-fire (LIF)",
        "rheobase",
        "refractory period",
    ],
    "01": [
        "adaptation",
        "ISI CV",
        "Fano factor",
        "diffusion approximation",
    ],
    "02": [
        "Hebbian learning",
        "Oja's rule",
        "principal component analysis (PCA)",
        "whitening",
    ],
    "03": [
        "Attention field",
        "Biased competition",
        "c50",
        "Contrast gain / response gain",
    ],
    "04": [
        "associative strength",
        "blocking",
        "overshadowing",
        "conditioned inhibitor",
    ],
    "05": [
        "event-driven",
        "synaptic operation (SynOp)",
        "rate code",
        "delta / sigma-delta code",
    ],
}
ax = nc.plotting.plot_concept_map(concepts=concepts)

# %% [markdown]
# ## Terms
#
# - **actor-critic**: a policy (actor) trained by the TD error of a value learner (critic). *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-actor-critic).
# - **adaptation**: the slowing of firing during a sustained input. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-adaptation).
# - **associative strength** $V$: how strongly a cue predicts the reinforcer (Rescorla-Wagner). *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-associative-strength).
# - **asynchronous irregular (AI) state**: irregular single neurons, a flat population rate. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-asynchronous-irregular-ai-state).
# - **Attention field**: the gain that attention applies to each neuron, by its receptive-field location and its preferred feature. *Taught in* [03 Attention gating](03_attention.ipynb#term-attention-field).
# - **balanced network**: a network where recurrent inhibition cancels most of the excitation. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-balanced-network).
# - **Biased competition**: stimuli in one receptive field compete for the neuron's response; attention biases the competition toward the attended one. *Taught in* [03 Attention gating](03_attention.ipynb#term-biased-competition).
# - **blocking**: a cue added to an already predictive cue learns (almost) nothing. *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-blocking).
# - **bootstrapping**: updating an estimate from another estimate (TD), not only from outcomes (Monte Carlo). *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-bootstrapping).
# - **c50**: the contrast at which a Naka-Rushton function reaches half its maximum. *Taught in* [03 Attention gating](03_attention.ipynb#term-c50).
# - **complete serial compound**: one feature per time step since a cue; a tapped delay line. *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-complete-serial-compound).
# - **conditioned inhibitor**: a cue that predicts the absence of an expected reward ($V < 0$). *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-conditioned-inhibitor).
# - **Contrast gain / response gain**: attention acting like a higher contrast (the curve shifts left) / like a larger output (the curve is scaled up). *Taught in* [03 Attention gating](03_attention.ipynb#term-contrast-gain-response-gain).
# - **d'**: difference of two means divided by their pooled standard deviation. *Taught in* [03 Attention gating](03_attention.ipynb#term-d).
# - **delta / sigma-delta code**: events that signal a change of the signal, or a quantum of its integral. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-delta-sigma-delta-code).
# - **dictionary, atom**: the set of basis functions of a sparse code, and one of them (a receptive field). *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-dictionary-atom).
# - **diffusion approximation**: treating many small synaptic inputs as a drift plus white noise. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-diffusion-approximation).
# - **divisive normalization**: dividing each response by the pooled activity of its neighbours. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-divisive-normalization).
# - **Divisive normalization**: dividing a unit's drive by the pooled drive of a population. *Taught in* [03 Attention gating](03_attention.ipynb#term-divisive-normalization).
# - **eligibility trace**: a decaying mark of recently visited states that lets one error update them all. *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-eligibility-trace).
# - **eligibility trace**: a decaying tag set by STDP that a later reward turns into a weight change. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-eligibility-trace).
# - **epsilon-greedy, UCB, softmax**: ways to choose among estimated values. *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-epsilon-greedy-ucb-softmax).
# - **event-driven**: computing only when an event (a spike) arrives, instead of at every clock tick. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-event-driven).
# - **expectile**: the value where asymmetrically weighted positive and negative errors balance. *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-expectile).
# - **exploration / exploitation**: trying uncertain options versus choosing the best-looking one. *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-exploration-exploitation).
# - **f-I curve**: firing rate [Hz] as a function of constant input current [nA]. *Taught in* [00 Welcome](00_welcome.ipynb#term-f-i-curve), [01 Neurons and circuits](01_circuits.ipynb#term-f-i-curve).
# - **Fano factor**: variance over mean of spike counts in windows; 1 for Poisson. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-fano-factor).
# - **Feature-similarity gain**: a gain that depends on how similar a neuron's preferred feature is to the attended feature. *Taught in* [03 Attention gating](03_attention.ipynb#term-feature-similarity-gain).
# - **fixed point**: integers with an implied scale; shifts replace divisions, values saturate at the ends of their range. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-fixed-point).
# - **Gabor function**: a Gaussian envelope times a sinusoidal carrier, the classic model of a simple cell. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-gabor-function).
# - **gain adaptation**: rescaling each atom so that its coefficient keeps a target variance. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-gain-adaptation).
# - **Hebbian learning**: strengthening a synapse in proportion to pre- and postsynaptic activity. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-hebbian-learning).
# - **inverse temperature** $\beta$: how deterministically a softmax chooser follows its values. *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-inverse-temperature).
# - **ISI CV**: standard deviation over mean of interspike intervals; 1 for Poisson. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-isi-cv).
# - **ISTA, FISTA**: iterative shrinkage-thresholding, and its accelerated (momentum) version. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-ista-fista).
# - **kurtosis**: the normalised fourth moment; excess kurtosis is 0 for a Gaussian, large for sparse data. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-kurtosis).
# - **Lasso**: least squares with an L1 penalty, $\tfrac12\lVert x - aD\rVert^2 + \lambda\lVert a\rVert_1$. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-lasso).
# - **LCA**: the Locally Competitive Algorithm, leaky neurons with lateral inhibition that solve the Lasso. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-lca).
# - **leaky integrate-and-fire (LIF)**: a neuron model that integrates current with a leak and fires when $V$ reaches a threshold. *Taught in* [00 Welcome](00_welcome.ipynb#term-leaky-integrate-and-fire-lif).
# - **limit cycle**: an isolated closed trajectory; a self-sustained oscillation. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-limit-cycle).
# - **Mach bands**: illusory bright and dark bands at the knees of a luminance ramp. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-mach-bands).
# - **membrane potential** $V$: the voltage across the cell membrane [mV]. *Taught in* [00 Welcome](00_welcome.ipynb#term-membrane-potential).
# - **monosemantic feature**: a dictionary feature that responds to one interpretable property. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-monosemantic-feature).
# - **Naka-Rushton function**: $R_{max} c^n/(c^n + c_{50}^n)$. *Taught in* [03 Attention gating](03_attention.ipynb#term-naka-rushton-function).
# - **nullcline**: the curve where one variable's derivative is zero. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-nullcline).
# - **Oja's rule**: Hebbian learning with a decay $-y^2 w$ that keeps $|w| = 1$; finds the first principal component. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-oja-s-rule).
# - **overshadowing**: of two cues trained together, the more salient takes the larger share. *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-overshadowing).
# - **prediction error**: received minus predicted reward (plus discounted future prediction, in TD). *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-prediction-error).
# - **principal component analysis (PCA)**: the eigenvectors of the covariance, by decreasing variance. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-principal-component-analysis-pca).
# - **rate code**, **latency code**: a value carried by a spike count in a window, or by the time of one spike. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-rate-code).
# - **refractory period**: the time after a spike during which a neuron cannot fire [ms]. *Taught in* [00 Welcome](00_welcome.ipynb#term-refractory-period).
# - **reset by subtraction**: after a spike, subtract the threshold instead of setting the voltage to zero. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-reset-by-subtraction).
# - **return** $G_t$: the discounted sum of future rewards; **value**: its expectation. *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-return).
# - **reversal point**: the reward size at which a dopamine neuron's response changes sign. *Taught in* [04 Reward learning](04_reward_learning.ipynb#term-reversal-point).
# - **rheobase**: the smallest constant current that makes a neuron fire [nA]. *Taught in* [00 Welcome](00_welcome.ipynb#term-rheobase), [01 Neurons and circuits](01_circuits.ipynb#term-rheobase).
# - **Scaled dot-product attention**: $\mathrm{softmax}(QK^\top/\sqrt d)V$. *Taught in* [03 Attention gating](03_attention.ipynb#term-scaled-dot-product-attention).
# - **soft threshold**: $\mathrm{sign}(u)\max(|u| - \lambda, 0)$, the proximal step of the L1 penalty. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-soft-threshold).
# - **sparse autoencoder**: an autoencoder with a sparsity penalty on its hidden layer; amortised sparse coding. *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-sparse-autoencoder).
# - **STDP**: spike-timing-dependent plasticity; the weight change depends on the order and delay of pre and post spikes. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-stdp).
# - **Suppressive drive**: the pooled, attention-weighted drive in the denominator of the normalization model. *Taught in* [03 Attention gating](03_attention.ipynb#term-suppressive-drive).
# - **surrogate gradient**: a smooth stand-in for the derivative of the spike step, used only in the backward pass. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-surrogate-gradient).
# - **synaptic operation (SynOp)**: delivering one spike through one synapse: read the weight, add it. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-synaptic-operation-synop).
# - **synchrony $\chi$**: Golomb's measure, 1 for identical voltages, near 0 for independent ones. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-synchrony).
# - **trace**: a decaying variable that remembers recent spikes, read by the learning rule. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-trace).
# - **weight normalisation**: rescaling each layer so that activations (rates) stay below one spike per step. *Taught in* [05 Neuromorphic computing](05_neuromorphic.ipynb#term-weight-normalisation).
# - **whitening**: filtering that makes the power spectrum flat (the covariance close to the identity). *Taught in* [02 Sparse coding](02_sparse_coding.ipynb#term-whitening).
# - **winner-take-all (WTA)**, **k-WTA**: competition that leaves one (or k) units active. *Taught in* [01 Neurons and circuits](01_circuits.ipynb#term-winner-take-all-wta).
