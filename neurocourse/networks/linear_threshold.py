"""A linear-threshold network with self-excitation and lateral inhibition: winner-take-all.

.. math:: \\tau \\frac{dr_i}{dt} = -r_i + \\Big[I_i + \\alpha r_i - \\beta \\sum_{j \\ne i} r_j\\Big]_+

When ``beta > 1 - alpha`` no two neurons can stay active together: the network picks a
single winner (winner-take-all); below it, responses are graded copies of the input. Near the
line the competition is slow (differences grow at the rate (alpha + beta - 1) / tau), so a
run of fixed length can end before the winner is decided:
``simulate_linear_threshold_network(..., until_converged=True)`` runs until the activities
stop changing and reports whether they did.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from .._params import set_checked
from .._results import SimulationResult
from .._validation import (
    as_generator,
    check_array,
    check_bool,
    check_dt,
    check_duration,
    check_memory,
    check_nonnegative,
    check_positive,
    check_scalar,
    n_steps_for,
)

__all__ = [
    "LinearThresholdParams",
    "LinearThresholdResult",
    "simulate_linear_threshold_network",
]


@dataclass(frozen=True, kw_only=True)
class LinearThresholdParams:
    """Parameters of the linear-threshold (winner-take-all) network.

    Attributes
    ----------
    alpha : float
        Self-excitation, in [0, 1): at alpha >= 1 a unit's own feedback outweighs its leak and
        a lone active unit grows without bound (0.5).
    beta : float
        Inhibition from every other unit, in [0, 100] (0.2).
    tau : float
        Time constant [ms], in (0, 1e4] (10).

    References
    ----------
    Hahnloser RHR, Sarpeshkar R, Mahowald MA, Douglas RJ, Seung HS (2000) Nature 405:947-951.
    Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 7.4. MIT Press.
    """

    alpha: float = 0.5
    beta: float = 0.2
    tau: float = 10.0

    def __post_init__(self):
        set_checked(self, "alpha", check_scalar("alpha", self.alpha, low=0.0, high=1.0, high_inclusive=False))
        set_checked(self, "beta", check_scalar("beta", self.beta, low=0.0, high=100.0))
        set_checked(self, "tau", check_positive("tau", self.tau, unit="ms", high=1e4))

    @property
    def max_dt(self) -> float:
        """Largest time step [ms] accepted: a tenth of tau."""
        return self.tau / 10.0


@dataclass(frozen=True, kw_only=True, eq=False)
class LinearThresholdResult(SimulationResult):
    """Result of :func:`simulate_linear_threshold_network`.

    Sample ``n`` is the state at the start of step ``n``, time ``n * dt`` (column 0 the
    initial state; see :class:`~neurocourse._results.SimulationResult`).

    Attributes
    ----------
    rates : ndarray, shape (n_neurons, n_steps)
        Activity of each neuron.
    inputs : ndarray, shape (n_neurons,)
        The constant inputs.
    converged : bool
        Whether the last sample met the convergence test: ``max_i |dr_i/dt| <= tol * s`` with
        ``s`` the largest activity or the largest |input|, whichever is larger.
    tol : float
        Tolerance of that test [1/ms].
    params : LinearThresholdParams
        The parameters simulated.
    """

    rates: np.ndarray
    inputs: np.ndarray
    converged: bool
    tol: float

    @property
    def n_neurons(self) -> int:
        """Number of neurons."""
        return int(self.rates.shape[0])

    @property
    def final_rates(self) -> np.ndarray:
        """Activities of the last sample, shape (n_neurons,)."""
        return self.rates[:, -1]

    @property
    def winner(self) -> int:
        """Index of the most active neuron at the end."""
        return int(np.argmax(self.final_rates))

    def active(self, threshold=1e-3) -> np.ndarray:
        """Return the indices of neurons whose final activity exceeds ``threshold * s``.

        ``s`` is the scale of the convergence test: the largest final activity, or the largest
        |input| if larger (so a network fading to silence has no active unit).

        Parameters
        ----------
        threshold : float
            Fraction of the scale, in [0, 1).
        """
        threshold = check_scalar("threshold", threshold, low=0.0, high=1.0, high_inclusive=False)
        scale = max(float(self.final_rates.max()), float(np.abs(self.inputs).max()))
        return np.flatnonzero(self.final_rates > threshold * scale)


@numba.njit(cache=True)
def _linear_threshold_kernel(rates, inputs, dt, tau, alpha, beta, tol, stop_at_convergence):
    """Euler-integrate ``rates`` (n, max_samples) in place from column 0.

    Returns ``(n_samples, converged)``: the number of columns filled and whether the last of
    them meets ``max |dr/dt| <= tol * max(max r, max |I|)``. With ``stop_at_convergence`` the
    run ends at the first sample that meets it.
    """
    n, max_samples = rates.shape
    r = rates[:, 0].copy()
    drive = np.empty(n)
    scale_input = 0.0
    for i in range(n):
        if abs(inputs[i]) > scale_input:
            scale_input = abs(inputs[i])
    converged = False
    for k in range(max_samples):
        total = 0.0
        for i in range(n):
            total += r[i]
        largest_rate = 0.0
        largest_change = 0.0
        for i in range(n):
            x = inputs[i] + alpha * r[i] - beta * (total - r[i])
            drive[i] = x if x > 0.0 else 0.0
            change = abs(drive[i] - r[i]) / tau
            if change > largest_change:
                largest_change = change
            if r[i] > largest_rate:
                largest_rate = r[i]
        converged = largest_change <= tol * max(largest_rate, scale_input)
        if k == max_samples - 1 or (converged and stop_at_convergence):
            return k + 1, converged
        for i in range(n):
            r[i] += dt / tau * (drive[i] - r[i])
            rates[i, k + 1] = r[i]
    return max_samples, converged


def simulate_linear_threshold_network(
    params, inputs, *, duration, dt=0.1, r_init=None, until_converged=False, tol=1e-6, noise=0.0, rng=None
):
    """Simulate linear-threshold units with self-excitation and all-to-all lateral inhibition.

    Parameters
    ----------
    params : LinearThresholdParams
        alpha, beta, tau.
    inputs : array_like, shape (n_neurons,)
        Constant input of each unit, in [-1e3, 1e3].
    duration : float
        Simulated time [ms], > 0; with ``until_converged`` the longest run allowed.
    dt : float
        Euler step [ms], in (0, params.max_dt] (a tenth of tau).
    r_init : array_like, shape (n_neurons,), optional
        Initial activities, in [0, 1e6]; zeros by default.
    until_converged : bool
        Stop at the first sample where the activities have stopped changing (see ``tol``),
        or after ``duration`` if they never do; ``result.converged`` says which.
    tol : float
        Convergence tolerance [1/ms], in (0, 1e-1]: converged when
        ``max_i |dr_i/dt| <= tol * s``, ``s`` the largest activity (or the largest |input|,
        if larger, so that a network decaying to silence converges too).
    noise : float
        Standard deviation of Gaussian noise added to the initial activities (then clipped
        at 0), in [0, 1e3]; useful to break ties between equal inputs.
    rng : None, int or numpy.random.Generator
        Source of randomness for ``noise``.

    Returns
    -------
    LinearThresholdResult
        Activities over time, and whether they converged.

    Raises
    ------
    TypeError, ValueError
        On an invalid argument, naming it and the allowed range.

    Notes
    -----
    .. math:: \\tau \\dot r_i = -r_i + \\Big[I_i + \\alpha r_i - \\beta \\sum_{j \\ne i} r_j\\Big]_+

    With k active units the linearised dynamics have eigenvalues
    :math:`(\\alpha + \\beta - 1)/\\tau` for the differences between them and
    :math:`(\\alpha - 1 - (k - 1)\\beta)/\\tau` for their sum: several units can stay
    active together only if :math:`\\beta < 1 - \\alpha`. Above it the unit with the largest
    input wins and settles at :math:`I_{max}/(1 - \\alpha)` while the others are silenced
    (if :math:`\\beta I_{max}/(1-\\alpha)` exceeds their input). Close to the line the
    differences grow slowly: at alpha = 0.5, beta = 0.7, tau = 10 ms they grow by e every
    50 ms, so two close inputs can both look active after 300 ms.

    Two exactly equal inputs sit on the unstable symmetric state, where the test above may
    report convergence; ``noise`` breaks the tie.

    References
    ----------
    Hahnloser RHR, Sarpeshkar R, Mahowald MA, Douglas RJ, Seung HS (2000) Digital selection
    and analogue amplification coexist in a cortex-inspired silicon circuit. Nature
    405:947-951.
    Dayan P, Abbott LF (2001) Theoretical Neuroscience, ch. 7.4. MIT Press.
    """
    rng = as_generator(rng)
    if not isinstance(params, LinearThresholdParams):
        raise TypeError(f"params must be a LinearThresholdParams; got {type(params).__name__}")
    inputs = check_array("inputs", inputs, ndim=1, min_size=1, low=-1e3, high=1e3)
    dt = check_dt(dt, max_dt=params.max_dt, model="linear-threshold network")
    duration = check_duration(duration, dt=dt)
    until_converged = check_bool("until_converged", until_converged)
    tol = check_positive("tol", tol, unit="1/ms", high=0.1)
    noise = check_nonnegative("noise", noise, high=1e3)
    n = inputs.size
    if r_init is None:
        start = np.zeros(n)
    else:
        start = check_array("r_init", r_init, shape=(n,), low=0.0, high=1e6).copy()
    if noise > 0:
        start = np.maximum(start + noise * rng.standard_normal(n), 0.0)
    n_steps = n_steps_for(duration, dt)
    check_memory(
        f"inputs: the activity of {n} neurons over {n_steps} steps",
        8.0 * n * n_steps,
        reduce="use fewer neurons or shorten duration",
    )
    rates = np.empty((n, n_steps))
    rates[:, 0] = start
    n_done, converged = _linear_threshold_kernel(
        rates, inputs, dt, params.tau, params.alpha, params.beta, tol, until_converged
    )
    if n_done < n_steps:
        rates = rates[:, :n_done].copy()
    return LinearThresholdResult(
        params=params,
        dt=dt,
        n_steps=int(n_done),
        rates=rates,
        inputs=inputs.copy(),
        converged=bool(converged),
        tol=tol,
    )
