"""Published spiking networks: Vogels & Abbott's CUBA benchmark and Brunel's sparse E/I network.

* :func:`cuba_network` / :func:`simulate_cuba` -- the current-based benchmark of Brette et al.
  (2007), after Vogels & Abbott (2005), exactly as Brian2's published ``examples/CUBA.py``:
  4000 neurons, 80 % excitatory, connection probability 0.02, exponential synapses
  (5 ms excitatory, 10 ms inhibitory), neurons driven above threshold by their leak
  reversal (E_L = -49 mV > theta = -50 mV). Without synapses every cell fires regularly at
  1 / (5 ms + 20 ms ln 11) = 18.9 Hz; with them the network settles near 6 Hz.
* :func:`brunel_network` / :func:`simulate_brunel` -- Brunel's (2000) model A: N_E
  excitatory and N_E / 4 inhibitory LIF neurons, each receiving C_E = epsilon N_E excitatory
  and C_I = C_E / 4 inhibitory synapses of strength J and -g J (delta synapses, delay D) and
  C_E external Poisson inputs at rate nu_ext. The ratio g and the drive nu_ext / nu_thr set
  the regime: synchronous regular (SR), asynchronous irregular (AI), synchronous irregular.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from .._params import LIFFields, set_checked
from .._validation import as_generator, check_bool, check_int, check_nonnegative, check_positive, check_scalar
from .connectivity import (
    MAX_SYNAPSES,
    _bernoulli_part,
    _check_synapse_count,
    _fixed_indegree_part,
    _stack_uniform,
)
from .spiking import (
    LIFNetworkParams,
    PoissonDrive,
    SpikingNetwork,
    simulate_spiking_network,
)

__all__ = [
    "CUBAParams",
    "cuba_network",
    "simulate_cuba",
    "cuba_uncoupled_rate",
    "BrunelParams",
    "brunel_indegrees",
    "brunel_threshold_rate",
    "brunel_network",
    "simulate_brunel",
]


# --------------------------------------------------------------------------- CUBA

#: Largest CUBA network: 80 synapses a neuron (p = 80 / N) within the synapse limit.
_CUBA_MAX_NEURONS = MAX_SYNAPSES // 80


@dataclass(frozen=True, kw_only=True)
class CUBAParams(LIFFields):
    """Parameters of the CUBA benchmark network (Brian2's ``examples/CUBA.py``).

    The neuron fields, their validation and ``max_dt`` come from
    :class:`~neurocourse._params.LIFFields`, with the benchmark's values as defaults.

    Attributes
    ----------
    tau_m : float
        Membrane time constant [ms] (taum = 20 ms).
    e_leak : float
        Leak reversal [mV] (El = -49 mV, above threshold: the cells are intrinsically active).
    v_threshold : float
        Threshold [mV] (Vt = -50 mV).
    v_reset : float
        Reset [mV] (Vr = -60 mV).
    t_ref : float
        Refractory period [ms] (5 ms).
    tau_e : float
        Excitatory synaptic time constant [ms] (taue = 5 ms), in (0, 1000].
    tau_i : float
        Inhibitory synaptic time constant [ms] (taui = 10 ms), in (0, 1000].
    w_e : float
        Excitatory weight [mV]: jump of ``ge`` per spike (we = 60 * 0.27 / 10 mV = 1.62 mV).
    w_i : float
        Inhibitory weight [mV]: jump of ``gi`` per spike (wi = -20 * 4.5 / 10 mV = -9 mV).
    excitatory_fraction : float
        Fraction of excitatory neurons, in (0, 1) (0.8).

    References
    ----------
    Vogels TP, Abbott LF (2005) Signal propagation and logic gating in networks of
    integrate-and-fire neurons. J Neurosci 25:10786-10795.
    Brette R et al. (2007) Simulation of networks of spiking neurons: a review of tools and
    strategies. J Comput Neurosci 23:349-398.
    """

    tau_m: float = 20.0
    e_leak: float = -49.0
    v_threshold: float = -50.0
    v_reset: float = -60.0
    t_ref: float = 5.0
    tau_e: float = 5.0
    tau_i: float = 10.0
    w_e: float = 60 * 0.27 / 10
    w_i: float = -20 * 4.5 / 10
    excitatory_fraction: float = 0.8

    def __post_init__(self):
        super().__post_init__()
        for name in ("tau_e", "tau_i"):
            set_checked(self, name, check_positive(name, getattr(self, name), unit="ms", high=1e3))
        set_checked(self, "w_e", check_scalar("w_e", self.w_e, unit="mV", low=-1000, high=1000))
        set_checked(self, "w_i", check_scalar("w_i", self.w_i, unit="mV", low=-1000, high=1000))
        set_checked(
            self,
            "excitatory_fraction",
            check_scalar(
                "excitatory_fraction",
                self.excitatory_fraction,
                low=0.0,
                high=1.0,
                low_inclusive=False,
                high_inclusive=False,
            ),
        )

    @property
    def neuron(self) -> LIFNetworkParams:
        """The neuron parameters as :class:`LIFNetworkParams`."""
        return _neuron_of(self)


def _neuron_of(params: LIFFields) -> LIFNetworkParams:
    """The LIF fields of a preset's parameters, as the network's neuron parameters."""
    return LIFNetworkParams(**{f.name: getattr(params, f.name) for f in fields(LIFFields)})


def _params_or_default(params, cls):
    """Return ``params``, or ``cls()`` when None; a TypeError for any other type."""
    if params is None:
        return cls()
    if not isinstance(params, cls):
        raise TypeError(f"params must be a {cls.__name__}; got {type(params).__name__}")
    return params


def cuba_uncoupled_rate(params=None):
    """Return the firing rate of an isolated CUBA neuron [Hz] (all synapses removed).

    .. math:: f = \\left[t_{ref} + \\tau_m \\ln\\frac{E_L - V_r}{E_L - \\theta}\\right]^{-1}
       = 1 / (5\\,\\text{ms} + 20\\,\\text{ms} \\ln 11) = 18.88\\ \\text{Hz}

    Parameters
    ----------
    params : CUBAParams, optional
        Network parameters; the published ones by default.

    Returns
    -------
    float
        Rate [Hz]; 0 if ``e_leak`` is not above the threshold.
    """
    params = _params_or_default(params, CUBAParams)
    if params.e_leak <= params.v_threshold:
        return 0.0
    period = params.t_ref + params.tau_m * math.log(
        (params.e_leak - params.v_reset) / (params.e_leak - params.v_threshold)
    )
    return 1000.0 / period


def cuba_network(n_neurons=4000, *, connection_probability=None, synapses=True, params=None, rng=None):
    """Build the CUBA benchmark network (Vogels & Abbott 2005; Brette et al. 2007).

    Parameters
    ----------
    n_neurons : int
        Number of neurons, in [10, 500 000] (80 synapses each by default: 40 million synapses,
        the library's memory limit, at 500 000); the first ``excitatory_fraction`` are
        excitatory.
    connection_probability : float, optional
        Probability of each directed connection, in [0, 1]; ``80 / n_neurons`` by default
        (0.02 for 4000 neurons), which keeps every neuron's mean input fixed when the network
        is resized (the benchmark's size sweep).
    synapses : bool
        If False, build the network without any synapse: every neuron then fires regularly at
        :func:`cuba_uncoupled_rate`.
    params : CUBAParams, optional
        Network parameters; the published ones by default.
    rng : None, int or numpy.random.Generator
        Source of randomness for the connections.

    Returns
    -------
    SpikingNetwork
        Channel 0 (excitatory, tau_e) and channel 1 (inhibitory, tau_i), zero delays,
        autapses allowed (as Brian2's ``connect(p=...)``), populations ``"E"`` and ``"I"``.

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it and the allowed range.

    Notes
    -----
    Brian2's equations ``dv/dt = (ge + gi - (v - El)) / taum``, ``dge/dt = -ge / taue``,
    ``dgi/dt = -gi / taui`` with ``ge += we`` and ``gi += wi`` on a spike are the exponential
    synapses of :mod:`neurocourse.networks.spiking` with weights ``we``, ``wi`` [mV].

    References
    ----------
    Vogels TP, Abbott LF (2005) Signal propagation and logic gating in networks of
    integrate-and-fire neurons. J Neurosci 25:10786-10795.
    Brette R et al. (2007) Simulation of networks of spiking neurons: a review of tools and
    strategies. J Comput Neurosci 23:349-398.
    """
    rng = as_generator(rng)
    params = _params_or_default(params, CUBAParams)
    n_neurons = check_int("n_neurons", n_neurons, low=10, high=_CUBA_MAX_NEURONS)
    synapses = check_bool("synapses", synapses)
    if connection_probability is None:
        p = min(1.0, 80.0 / n_neurons)
    else:
        p = check_scalar("connection_probability", connection_probability, low=0.0, high=1.0)
    n_e = int(round(params.excitatory_fraction * n_neurons))
    if not 1 <= n_e < n_neurons:
        raise ValueError(
            f"n_neurons = {n_neurons} with excitatory_fraction = {params.excitatory_fraction:g} "
            "leaves no excitatory or no inhibitory neuron; use more neurons"
        )
    n_i = n_neurons - n_e
    if not synapses:
        p = 0.0
    _check_synapse_count(
        f"connection_probability * n_neurons**2 (n_neurons = {n_neurons}, connection_probability = {p:.3g})",
        p * n_neurons**2,
        reduce="use fewer neurons or a smaller connection_probability",
    )
    connectivity = _stack_uniform(
        [
            _bernoulli_part(n_e, n_neurons, p, params.w_e, 0.0, True, 0, rng),
            _bernoulli_part(n_i, n_neurons, p, params.w_i, 0.0, True, 0, rng),
        ],
        n_neurons,
    )
    channels = np.zeros(n_neurons, dtype=np.int64)
    channels[n_e:] = 1
    return SpikingNetwork(
        connectivity,
        params=params.neuron,
        channels=channels,
        tau_syn=(params.tau_e, params.tau_i),
        populations={"E": slice(0, n_e), "I": slice(n_e, n_neurons)},
    )


def simulate_cuba(
    *,
    duration,
    n_neurons=4000,
    dt=0.1,
    connection_probability=None,
    synapses=True,
    params=None,
    v_init=None,
    record=None,
    rng=None,
    parallel=False,
    progress=False,
    schedule="inputs_first",
):
    """Simulate the CUBA benchmark network, from random initial voltages by default.

    Parameters
    ----------
    duration : float
        Simulated time [ms], > 0 (1000 ms in the benchmark).
    n_neurons : int
        Number of neurons, in [10, 500 000] (see :func:`cuba_network`).
    dt : float
        Time step [ms] (0.1 ms in the benchmark), in [1e-4, ``params.max_dt``].
    connection_probability : float, optional
        Probability of each connection; ``80 / n_neurons`` by default.
    synapses : bool
        Include the recurrent synapses.
    params : CUBAParams, optional
        Network parameters; the published ones by default.
    v_init : float or array_like, shape (n_neurons,), optional
        Initial membrane potential [mV]; by default drawn uniformly in [Vr, Vt] from ``rng``
        (after the connections), as in the benchmark.
    record : None, bool or array_like of int
        Neurons whose voltage to record: None/False for none, True for all, or indices.
    rng : None, int or numpy.random.Generator
        Source of randomness (connections, then initial voltages).
    parallel : bool
        Update neurons on several threads; same result as serial (see
        :func:`~neurocourse.networks.spiking.simulate_spiking_network`: it pays only for
        large networks on idle cores).
    progress : bool
        Show a progress bar for long runs.
    schedule : {'inputs_first', 'brian2'}
        Order of events within a step (see
        :func:`~neurocourse.networks.spiking.simulate_spiking_network`). The CUBA network
        has only exponential synapses (no voltage jumps), so both orders give identical
        results; ``'brian2'`` names the order of Brian2's example.

    Returns
    -------
    NetworkResult
        Spikes, populations ``"E"`` and ``"I"``, recorded voltages.

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it and the allowed range.

    References
    ----------
    Vogels TP, Abbott LF (2005) J Neurosci 25:10786-10795.
    Brette R et al. (2007) J Comput Neurosci 23:349-398.
    """
    rng = as_generator(rng)
    params = _params_or_default(params, CUBAParams)
    network = cuba_network(
        n_neurons, connection_probability=connection_probability, synapses=synapses, params=params, rng=rng
    )
    if v_init is None:
        v_init = rng.uniform(params.v_reset, params.v_threshold, network.n_neurons)
    return simulate_spiking_network(
        network,
        duration=duration,
        dt=dt,
        v_init=v_init,
        record=record,
        rng=rng,
        parallel=parallel,
        progress=progress,
        schedule=schedule,
    )


# --------------------------------------------------------------------------- Brunel


@dataclass(frozen=True, kw_only=True)
class BrunelParams(LIFFields):
    """Parameters of Brunel's (2000) sparse E/I network (model A), apart from g and nu_ext.

    The neuron fields, their validation and ``max_dt`` come from
    :class:`~neurocourse._params.LIFFields` (whose defaults are Brunel's: potentials measured
    from rest, ``e_leak = 0``).

    Attributes
    ----------
    tau_m : float
        Membrane time constant tau [ms] (20 ms).
    e_leak : float
        Resting potential [mV] (0 mV: Brunel measures potentials from rest), below
        ``v_threshold``.
    v_threshold : float
        Threshold theta [mV] (20 mV).
    v_reset : float
        Reset V_r [mV] (10 mV).
    t_ref : float
        Refractory period tau_rp [ms] (2 ms).
    j : float
        Excitatory efficacy J [mV] (0.1 mV), in (0, 100]; inhibitory synapses have -g J.
    epsilon : float
        Connection probability epsilon (0.1): C_E = epsilon N_E, in (0, 1].
    min_excitatory_indegree : int
        Smallest C_E used (1000). A scaled-down network (N_E < 10 000) keeps
        C_E = 1000 rather than epsilon N_E: the regimes depend on C_E and J through the mean
        and variance of the input, so keeping C_E and J keeps the phase diagram in place,
        at the price of denser connectivity.
    delay : float
        Transmission delay D [ms] (1.5 ms), in [0, 1000].

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208.
    """

    j: float = 0.1
    epsilon: float = 0.1
    min_excitatory_indegree: int = 1000
    delay: float = 1.5

    def __post_init__(self):
        super().__post_init__()
        set_checked(self, "j", check_positive("j", self.j, unit="mV", high=100.0))
        set_checked(self, "epsilon", check_positive("epsilon", self.epsilon, high=1.0))
        set_checked(
            self,
            "min_excitatory_indegree",
            check_int("min_excitatory_indegree", self.min_excitatory_indegree, low=1),
        )
        set_checked(self, "delay", check_nonnegative("delay", self.delay, unit="ms", high=1e3))
        if self.v_threshold <= self.e_leak:
            raise ValueError(
                f"v_threshold [mV] must be above the resting potential e_leak = {self.e_leak:g} mV; "
                f"got {self.v_threshold:g}"
            )

    @property
    def neuron(self) -> LIFNetworkParams:
        """The neuron parameters as :class:`LIFNetworkParams`."""
        return _neuron_of(self)


def _brunel_max_excitatory(params):
    """The largest N_E whose Brunel network stays within the synapse limit."""
    lo, hi = 4, 1_000_000  # synapses grow with N_E: bisect for the last N_E that fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        c_e, c_i = brunel_indegrees(mid, params=params)
        if (mid + int(round(mid / 4))) * (c_e + c_i) <= MAX_SYNAPSES:
            lo = mid
        else:
            hi = mid - 1
    return lo


def brunel_indegrees(n_excitatory=10000, *, params=None):
    """Return the in-degrees (C_E, C_I) used for a Brunel network of ``n_excitatory`` cells.

    C_E = max(epsilon N_E, ``min_excitatory_indegree``) and C_I = C_E / 4 (rounded).

    Parameters
    ----------
    n_excitatory : int
        Number of excitatory neurons N_E, >= 4.
    params : BrunelParams, optional
        Network parameters; Brunel's by default.

    Returns
    -------
    (int, int)
        C_E and C_I.
    """
    params = _params_or_default(params, BrunelParams)
    n_excitatory = check_int("n_excitatory", n_excitatory, low=4, high=1_000_000)
    c_e = max(int(round(params.epsilon * n_excitatory)), params.min_excitatory_indegree)
    return c_e, int(round(c_e / 4))


def brunel_threshold_rate(n_excitatory=10000, *, params=None):
    """Return nu_thr [Hz], the external rate that brings the mean input to threshold.

    .. math:: \\nu_{thr} = \\frac{\\theta - E_L}{J C_E \\tau}

    (10 Hz for the default parameters, C_E = 1000.)

    Parameters
    ----------
    n_excitatory : int
        Number of excitatory neurons N_E (sets C_E, see :func:`brunel_indegrees`).
    params : BrunelParams, optional
        Network parameters; Brunel's by default.

    Returns
    -------
    float
        nu_thr [Hz].

    References
    ----------
    Brunel N (2000) J Comput Neurosci 8:183-208, section 2.
    """
    params = _params_or_default(params, BrunelParams)
    c_e, _ = brunel_indegrees(n_excitatory, params=params)
    return 1000.0 * (params.v_threshold - params.e_leak) / (params.j * c_e * params.tau_m)


def brunel_network(*, g=5.0, nu_ext_ratio=2.0, n_excitatory=10000, params=None, rng=None):
    """Build Brunel's (2000) sparsely connected network of excitatory and inhibitory LIF neurons.

    Parameters
    ----------
    g : float
        Relative strength of inhibition, in [0, 100]: inhibitory synapses have weight -g J.
    nu_ext_ratio : float
        External rate in units of the threshold rate, nu_ext / nu_thr, in [0, 100].
    n_excitatory : int
        Number of excitatory neurons N_E, in [1004, 1e6], with the network's
        (N_E + N_I)(C_E + C_I) synapses within the library's limit of 40 million (N_E up to
        16 000 with Brunel's epsilon = 0.1); N_I = N_E / 4 (rounded).
    params : BrunelParams, optional
        The other parameters; Brunel's by default.
    rng : None, int or numpy.random.Generator
        Source of randomness for the connections.

    Returns
    -------
    SpikingNetwork
        Neurons ``0 .. N_E - 1`` excitatory, the rest inhibitory (populations ``"E"``,
        ``"I"``); delta synapses with delay D; each neuron receives exactly C_E excitatory
        and C_I inhibitory inputs from distinct neurons (no autapses) and C_E external Poisson
        inputs of rate nu_ext and weight J.

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it and the allowed range.

    Notes
    -----
    .. math::

        \\tau \\dot V_i = -V_i + R I_i(t), \\quad
        R I_i = \\tau \\sum_j J_{ij} \\sum_k \\delta(t - t_j^k - D)

    with C_E = epsilon N_E (at least ``params.min_excitatory_indegree``, see
    :class:`BrunelParams`), C_I = C_E / 4, and
    :math:`\\nu_{thr} = (\\theta - E_L) / (J C_E \\tau)`. At N_E = 10 000: g = 5,
    nu_ext / nu_thr = 2 gives the asynchronous irregular state near 38 Hz; g = 3,
    nu_ext / nu_thr = 2 the synchronous regular state, near saturation.

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208.
    """
    rng = as_generator(rng)
    params = _params_or_default(params, BrunelParams)
    g = check_scalar("g", g, low=0.0, high=100.0)
    nu_ext_ratio = check_scalar("nu_ext_ratio", nu_ext_ratio, low=0.0, high=100.0)
    n_excitatory = check_int("n_excitatory", n_excitatory, low=1004, high=1_000_000)
    n_inhibitory = int(round(n_excitatory / 4))
    n = n_excitatory + n_inhibitory
    c_e, c_i = brunel_indegrees(n_excitatory, params=params)
    if c_e > n_excitatory - 1 or c_i > n_inhibitory - 1:
        raise ValueError(
            f"n_excitatory = {n_excitatory} is too small for C_E = {c_e} distinct excitatory and "
            f"C_I = {c_i} inhibitory inputs; use n_excitatory >= {4 * c_i + 4}"
        )
    _check_synapse_count(
        f"(N_E + N_I) (C_E + C_I) (n_excitatory = {n_excitatory}, C_E = {c_e}, C_I = {c_i})",
        n * (c_e + c_i),
        reduce=f"use n_excitatory <= {_brunel_max_excitatory(params)}",
    )
    connectivity = _stack_uniform(
        [
            _fixed_indegree_part(n_excitatory, n, c_e, params.j, params.delay, False, 0, rng),
            _fixed_indegree_part(n_inhibitory, n, c_i, -g * params.j, params.delay, False, n_excitatory, rng),
        ],
        n,
    )
    nu_ext = nu_ext_ratio * brunel_threshold_rate(n_excitatory, params=params)
    return SpikingNetwork(
        connectivity,
        params=params.neuron,
        tau_syn=(0.0,),
        drive=PoissonDrive(n_inputs=c_e, rate=nu_ext, weight=params.j),
        populations={"E": slice(0, n_excitatory), "I": slice(n_excitatory, n)},
    )


def simulate_brunel(
    *,
    duration,
    g=5.0,
    nu_ext_ratio=2.0,
    n_excitatory=10000,
    dt=0.1,
    params=None,
    v_init=None,
    record=None,
    rng=None,
    parallel=False,
    progress=False,
    schedule="inputs_first",
):
    """Simulate Brunel's (2000) network, from voltages drawn uniformly in [E_L, theta] by default.

    Parameters
    ----------
    duration : float
        Simulated time [ms], > 0.
    g : float
        Relative strength of inhibition, in [0, 100].
    nu_ext_ratio : float
        External rate nu_ext / nu_thr, in [0, 100].
    n_excitatory : int
        Number of excitatory neurons N_E, in [1004, 1e6], within the synapse limit (see
        :func:`brunel_network`).
    dt : float
        Time step [ms], in [1e-4, ``params.max_dt``] (0.1 ms by default; the delay 1.5 ms is
        15 steps).
    params : BrunelParams, optional
        The other parameters; Brunel's by default.
    v_init : float or array_like, shape (n_neurons,), optional
        Initial membrane potential [mV]; by default drawn uniformly in [E_L, theta] from
        ``rng`` (after the connections).
    record : None, bool or array_like of int
        Neurons whose voltage to record: None/False for none, True for all, or indices.
    rng : None, int or numpy.random.Generator
        Source of randomness: connections, initial voltages, external Poisson input.
    parallel : bool
        Update neurons on several threads; same result as serial (see
        :func:`~neurocourse.networks.spiking.simulate_spiking_network`: it pays only for
        large networks on idle cores).
    progress : bool
        Show a progress bar for long runs.
    schedule : {'inputs_first', 'brian2'}
        Order of events within a step (see
        :func:`~neurocourse.networks.spiking.simulate_spiking_network`): by default a jump
        that crosses threshold fires in its own step; ``'brian2'`` tests the threshold before
        the inputs of the step, which delays every jump-driven spike by one step.

    Returns
    -------
    NetworkResult
        Spikes, populations ``"E"`` and ``"I"``, recorded voltages.

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it and the allowed range.

    References
    ----------
    Brunel N (2000) Dynamics of sparsely connected networks of excitatory and inhibitory
    spiking neurons. J Comput Neurosci 8:183-208.
    """
    rng = as_generator(rng)
    params = _params_or_default(params, BrunelParams)
    network = brunel_network(
        g=g, nu_ext_ratio=nu_ext_ratio, n_excitatory=n_excitatory, params=params, rng=rng
    )
    if v_init is None:
        v_init = rng.uniform(params.e_leak, params.v_threshold, network.n_neurons)
    return simulate_spiking_network(
        network,
        duration=duration,
        dt=dt,
        v_init=v_init,
        record=record,
        rng=rng,
        parallel=parallel,
        progress=progress,
        schedule=schedule,
    )
