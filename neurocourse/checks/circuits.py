"""Checkers of chapter 01, neurons and circuits, and the mystery neurons of exercise 3.

Six exercises, one checker each; every checker runs the student's function on hidden cases
(or, for the mystery neurons and Brunel's network, on the student's own data) and says
*how* an answer is wrong without showing the reference:

1. :func:`lif_euler_step` -- one forward-Euler step of the LIF membrane.
2. :func:`lif_fi_curve` -- the analytic f-I curve, vectorised, 0 below the rheobase.
3. :func:`classify_mystery_neurons` -- the cell types of the student's
   :func:`mystery_neurons`, Izhikevich neurons whose parameters stay hidden.
4. :func:`estimate_sr_transition` -- the inhibition strength g at which Brunel's network
   leaves the synchronous regular (SR) state, at the student's own drive :func:`sr_condition`.
5. :func:`find_wc_fixed_points` -- positions and kinds of the Wilson-Cowan fixed points.
6. :func:`surround_weight_for_overshoot` -- the DoG surround weight that gives a Mach band
   of a given height.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import numbers
import re

import numpy as np

from ..networks.lateral import DoGParams, mach_band_measurement
from ..networks.wilson_cowan import WilsonCowanParams, find_fixed_points, wilson_cowan_field
from ..neurons import IzhikevichParams, LIFParams, lif_rate, simulate_izhikevich
from ._framework import (
    CheckFailed,
    check_function_cases,
    checker_side,
    exercise,
    outputs_on_cases,
    require_function,
)
from ._variants import variant_rng

__all__ = [
    "MYSTERY_TYPES",
    "N_MYSTERY_NEURONS",
    "SR_SWEEP_G",
    "SR_NU_RANGE",
    "sr_condition",
    "FIXED_POINT_KINDS",
    "MysteryNeuron",
    "ProbeResult",
    "mystery_neurons",
    "lif_euler_step",
    "lif_fi_curve",
    "classify_mystery_neurons",
    "estimate_sr_transition",
    "find_wc_fixed_points",
    "surround_weight_for_overshoot",
]

CHAPTER = "01_circuits"


_require_function = functools.partial(require_function, module="circuits")


_outputs = outputs_on_cases


def _all_close(outputs, formula, cases, *, rtol=1e-9, atol=1e-9) -> bool:
    with np.errstate(all="ignore"):
        for value, args in zip(outputs, cases, strict=True):
            expected = np.asarray(formula(*args), dtype=float)
            if value.shape != expected.shape or not np.allclose(value, expected, rtol=rtol, atol=atol):
                return False
    return True


# =========================================================================== exercise 1

# Hidden neurons of exercises 1 and 2: the course default and three others. Their rheobases
# (theta - E_L) / R are exact binary fractions, so R * I_rh + E_L == theta holds exactly in
# floating point and the rate *at* the rheobase is unambiguously 0.
_LIF_CASES_PARAMS = (
    LIFParams(),
    LIFParams(tau_m=20.0, e_leak=-65.0, v_reset=-70.0, v_threshold=-45.0, r_membrane=40.0, t_ref=3.0),
    LIFParams(tau_m=10.0, e_leak=-60.0, v_reset=-60.0, v_threshold=-52.0, r_membrane=32.0, t_ref=1.0),
    LIFParams(tau_m=15.0, e_leak=-75.0, v_reset=-58.0, v_threshold=-55.0, r_membrane=80.0, t_ref=0.0),
)


def _euler_cases():
    rng = np.random.default_rng(101)
    cases = []
    for params in _LIF_CASES_PARAMS:
        for dt in (0.01, 0.1, 0.5):
            v = float(np.round(rng.uniform(-80.0, -50.0), 3))
            current = float(np.round(rng.uniform(-1.0, 3.0), 3))
            cases.append((v, current, dt, params))
    params = _LIF_CASES_PARAMS[0]
    # a step that ends above threshold: this function has no threshold and no reset
    cases.append((-50.5, 4.0, 1.0, params))
    # several neurons at once
    cases.append((np.array([-70.0, -60.0, -55.0]), np.array([0.0, 1.5, 3.0]), 0.1, params))
    return cases


_EULER_CASES = _euler_cases()
_EULER_CROSSING = len(_EULER_CASES) - 2  # the case whose step ends above threshold


def _reference_euler_step(v, current, dt, params):
    return v + dt / params.tau_m * (-(v - params.e_leak) + params.r_membrane * current)


def _exact_step(v, current, dt, params):
    v_inf = params.e_leak + params.r_membrane * current
    return v_inf + (v - v_inf) * np.exp(-dt / params.tau_m)


_EULER_MISTAKES = (
    (
        lambda v, i, dt, p: v + dt / p.tau_m * ((v - p.e_leak) + p.r_membrane * i),
        "the leak pushes the voltage away from rest instead of pulling it back",
        "the leak term is -(v - E_L): above rest it must lower v.",
    ),
    (
        lambda v, i, dt, p: v + dt / p.tau_m * (-(v - p.e_leak) + i),
        "the input term is missing the membrane resistance",
        "the current enters as R I (MOhm x nA = mV): multiply by params.r_membrane.",
    ),
    (
        lambda v, i, dt, p: v + dt / p.tau_m * (-(v - p.e_leak) - p.r_membrane * i),
        "a positive current lowers your voltage",
        "the input term is + R I: a depolarising (positive) current raises v.",
    ),
    (
        lambda v, i, dt, p: v + (-(v - p.e_leak) + p.r_membrane * i),
        "your step divides by dt where it should divide by tau_m: the time constant is missing",
        "the change in one step is dt / tau_m times (-(v - E_L) + R I).",
    ),
    (
        lambda v, i, dt, p: v + p.tau_m / dt * (-(v - p.e_leak) + p.r_membrane * i),
        "dt and tau_m are swapped in your step",
        "the change in one step is dt / tau_m times (-(v - E_L) + R I).",
    ),
    (
        lambda v, i, dt, p: v + (-(v - p.e_leak) + p.r_membrane * i) / p.tau_m,
        "your step does not depend on dt",
        "forward Euler multiplies the derivative dV/dt by the time step dt.",
    ),
    (
        lambda v, i, dt, p: dt / p.tau_m * (-(v - p.e_leak) + p.r_membrane * i),
        "you return the change of the voltage, not the new voltage",
        "return v + dv, the voltage after the step.",
    ),
    (
        lambda v, i, dt, p: v + dt / p.tau_m * (-(v - p.v_reset) + p.r_membrane * i),
        "the leak pulls towards the reset potential",
        "the membrane relaxes towards its resting potential, params.e_leak.",
    ),
    (
        lambda v, i, dt, p: v + dt * 1e-3 / p.tau_m * (-(v - p.e_leak) + p.r_membrane * i),
        "your step is 1000 times too small: dt seems to be converted to seconds while tau_m stays in ms",
        "dt and tau_m are both in ms here (dt / tau_m is a pure number); use them as they are, "
        "without a factor 1e-3.",
    ),
    (
        lambda v, i, dt, p: v + dt / (p.tau_m * 1e-3) * (-(v - p.e_leak) + p.r_membrane * i),
        "your step is 1000 times too large: tau_m seems to be converted to seconds while dt stays in ms",
        "dt and tau_m are both in ms here (dt / tau_m is a pure number); use them as they are, "
        "without a factor 1e-3.",
    ),
    (
        _exact_step,
        "this is the exact exponential update, not a forward-Euler step",
        "the exercise asks for v + dt * dV/dt, the first-order approximation; the exact solution "
        "comes next, for comparison.",
    ),
)


@exercise(CHAPTER, "lif_euler_step", title="Exercise 1: a forward-Euler step of the LIF membrane")
def lif_euler_step(student_function):
    """Check ``student_function(v, current, dt, params) -> v_next`` [mV].

    The hidden cases cover four neurons, steps of 0.01 to 1 ms, scalar and array inputs and a
    step that ends above threshold (there is no threshold in this function). Diagnosed: the
    wrong sign of the leak or of the input, a missing R, dt and tau_m swapped or missing,
    returning the increment, relaxing towards the reset, the exact exponential update, and a
    threshold-and-reset that does not belong here.
    """
    _require_function(student_function, "lif_euler_step")
    outputs = _outputs(student_function, _EULER_CASES)
    if outputs is not None:
        for formula, message, hint in _EULER_MISTAKES:
            if _all_close(outputs, formula, _EULER_CASES):
                raise CheckFailed(message, hint=hint)
        value, crossing = outputs[_EULER_CROSSING], _EULER_CASES[_EULER_CROSSING]
        if value.shape == () and np.isclose(float(value), crossing[3].v_reset):
            raise CheckFailed(
                "your step resets the voltage when it crosses the threshold",
                hint="this function is only the membrane equation: leave the threshold and the "
                "reset to the simulation around it.",
            )
    check_function_cases(
        student_function,
        _reference_euler_step,
        _EULER_CASES,
        name="lif_euler_step",
        unit="mV",
        rtol=1e-9,
        atol=1e-9,
    )


# =========================================================================== exercise 2


def _fi_currents(params):
    rheobase = (params.v_threshold - params.e_leak) / params.r_membrane
    return np.array(
        [
            -1.0,
            0.0,
            0.5 * rheobase,
            rheobase,
            1.02 * rheobase,
            1.5 * rheobase,
            2.0 * rheobase,
            4.0 * rheobase,
            10.0 * rheobase,
        ]
    )


_FI_CASES = [(_fi_currents(params), params) for params in _LIF_CASES_PARAMS]
_FI_CASES.append((2.5, _LIF_CASES_PARAMS[0]))  # a single number in, a single number out


def _reference_fi(current, params):
    return lif_rate(params, current)


def _fi_without_refractoriness(current, params):
    return lif_rate(dataclasses.replace(params, t_ref=0.0), current)


def _is_rheobase(current, params):
    return params.r_membrane * current + params.e_leak == params.v_threshold


@exercise(CHAPTER, "lif_fi_curve", title="Exercise 2: the f-I curve of the LIF neuron")
def lif_fi_curve(student_function):
    """Check ``student_function(current, params) -> rate`` [Hz], vectorised over ``current`` [nA].

    Hidden cases: four neurons, currents below, exactly at and above the rheobase, and a
    scalar current. Diagnosed: a function that fails on arrays (``if`` on an array), NaN below
    the rheobase, a wrong value exactly at the rheobase, rates in spikes per ms (a factor of
    1000), a forgotten refractory period.
    """
    _require_function(student_function, "lif_fi_curve")
    for current, params in _FI_CASES[:-1]:
        try:
            with np.errstate(all="ignore"):
                value = student_function(current.copy(), params)
        except NotImplementedError:
            raise
        except ValueError as error:
            if "truth value of an array" in str(error):
                raise CheckFailed(
                    "your function works on a single current but not on an array of currents "
                    "(`if` cannot test a whole array)",
                    hint="compute the rate for every current and set the sub-rheobase ones to 0 "
                    "with `np.where(condition, rate, 0.0)` or a boolean mask.",
                ) from None
            break  # check_function_cases reports other errors with the case shown
        except Exception:
            break
        try:
            rates = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            break
        if rates.shape != current.shape:
            break
        rheobase = (params.v_threshold - params.e_leak) / params.r_membrane
        below = current < rheobase
        at = np.array([_is_rheobase(c, params) for c in current])
        if np.any(~np.isfinite(rates[below])):
            raise CheckFailed(
                "your rates are NaN or infinite below the rheobase",
                hint="below the rheobase the logarithm's argument is negative (no threshold "
                "crossing): the neuron is silent, so its rate is 0. Use `np.where` or a mask.",
            )
        if np.any(~np.isfinite(rates[at])) or np.any(rates[at] != 0.0):
            raise CheckFailed(
                "your rate exactly at the rheobase is not 0",
                hint="at I = I_rh the voltage approaches the threshold but never reaches it (the "
                "time to threshold is infinite), so the neuron does not fire: use `>`, not `>=`.",
            )
        reference = _reference_fi(current, params)
        above = reference > 0
        if np.allclose(rates[above], reference[above] / 1000.0, rtol=1e-6):
            raise CheckFailed(
                "your rates are 1000 times too small: they are in spikes per ms",
                hint="times are in ms, so 1 / T is in 1/ms = kHz; multiply by 1000 for Hz.",
            )
        if np.allclose(rates[above], reference[above] * 1000.0, rtol=1e-6):
            raise CheckFailed(
                "your rates are 1000 times too large",
                hint="with T in ms, the rate in Hz is 1000 / T.",
            )
        if params.t_ref > 0 and np.allclose(rates, _fi_without_refractoriness(current, params), rtol=1e-6):
            raise CheckFailed(
                "your rates are too high at strong currents: the refractory period is missing",
                hint="one interspike interval is t_ref plus the time from reset to threshold.",
            )
    check_function_cases(
        student_function, _reference_fi, _FI_CASES, name="lif_fi_curve", unit="Hz", rtol=1e-6, atol=1e-9
    )


# =========================================================================== exercise 3

#: The cell types a mystery neuron can have (Izhikevich 2003; see ``IZHIKEVICH_TYPE_NAMES``).
MYSTERY_TYPES = ("RS", "IB", "CH", "FS", "LTS", "TC", "RZ")

#: Number of mystery neurons per student; their types are distinct.
N_MYSTERY_NEURONS = 4

# Parameter ranges of each type: (a range [1/ms], b, c range [mV], d range). Around the
# presets of Izhikevich (2003), narrow enough to keep each type's signature (checked at every
# corner of each box and at random draws inside it, in tests/test_checks_circuits.py; 2900
# draws while designing them). b is not jittered: the types differ by
# small changes of b (0.2, 0.25, 0.26). IB sits at c in [-56, -55], d in [4, 4.4], where it
# fires one initial burst (at c = -55, d = 3.6 it already fires doublets, like CH).
_MYSTERY_RANGES = {
    "RS": ((0.0185, 0.0215), 0.2, (-66.0, -64.0), (7.4, 8.6)),
    "IB": ((0.019, 0.021), 0.2, (-56.0, -55.0), (4.0, 4.4)),
    "CH": ((0.0185, 0.0215), 0.2, (-51.0, -49.0), (1.85, 2.15)),
    "FS": ((0.092, 0.108), 0.2, (-66.0, -64.0), (1.85, 2.15)),
    "LTS": ((0.0185, 0.0215), 0.25, (-66.0, -64.0), (1.85, 2.15)),
    "TC": ((0.0185, 0.0215), 0.25, (-66.0, -64.0), (0.046, 0.054)),
    "RZ": ((0.092, 0.108), 0.26, (-66.0, -64.0), (1.85, 2.15)),
}

# What to probe when a neuron is misclassified, by its true type; never the label itself.
_MYSTERY_HINTS = {
    "RS": "compare its first and its last interspike intervals during a long step of I = 10",
    "IB": "look closely at its first two or three interspike intervals after the onset of a step",
    "CH": "look at its spikes late in a long step: do they come singly or in groups?",
    "FS": "look at its rate and its interspike intervals during a strong step: does it slow down much?",
    "LTS": "compare its rate and its adaptation with a regular-spiking cell's during the same strong step "
    "(I = 10): how fast does it fire, and how much does it slow down?",
    "TC": "hold it hyperpolarised (a negative current for 100 ms), then release it",
    "RZ": "give it a very weak step (I well below 1), and watch its voltage after a brief small pulse",
}


def _seed_text(seed) -> str:
    if isinstance(seed, (bool, np.bool_)):
        raise TypeError("seed must be your student number (an int or a str), not True/False")
    if isinstance(seed, numbers.Integral):
        return str(int(seed))
    if isinstance(seed, str) and seed.strip():
        text = seed.strip()
        return str(int(text)) if re.fullmatch(r"[+-]?\d+", text) else text
    raise TypeError(
        f"seed must be your student number, an int (or a str); got {type(seed).__name__} {seed!r}"
    )


def _mystery_draw(seed) -> list[tuple[str, IzhikevichParams]]:
    """The (type, parameters) of each mystery neuron of ``seed``: the answer key, private.

    Drawn by :func:`~neurocourse.checks.variant_rng` from the seed and the course secret.
    A student's kernel has no secret, so there this gives the public self-study neurons; the
    graded neurons exist only in the grader's checker process, which has the secret.
    """
    _seed_text(seed)
    rng = variant_rng(f"{CHAPTER}:mystery", seed)
    order = rng.permutation(len(MYSTERY_TYPES))[:N_MYSTERY_NEURONS]
    drawn = []
    for index in order:
        label = MYSTERY_TYPES[int(index)]
        a_range, b, c_range, d_range = _MYSTERY_RANGES[label]
        drawn.append(
            (
                label,
                IzhikevichParams(
                    a=float(rng.uniform(*a_range)),
                    b=b,
                    c=float(rng.uniform(*c_range)),
                    d=float(rng.uniform(*d_range)),
                ),
            )
        )
    return drawn


@dataclasses.dataclass(frozen=True, eq=False)
class ProbeResult:
    """The response of a mystery neuron to a current protocol.

    Attributes
    ----------
    time : ndarray, shape (n_steps,)
        Sample times [ms] (the start of each step).
    voltage : ndarray, shape (n_steps,)
        Membrane potential v [mV] at each sample.
    spike_times : ndarray
        Spike times [ms], ascending.
    """

    time: np.ndarray
    voltage: np.ndarray
    spike_times: np.ndarray

    @property
    def n_spikes(self) -> int:
        """Number of spikes."""
        return int(self.spike_times.size)

    @property
    def interspike_intervals(self) -> np.ndarray:
        """Intervals between consecutive spikes [ms]."""
        return np.diff(self.spike_times)


@checker_side("probe")
class MysteryNeuron:
    """An Izhikevich neuron of unknown type: probe it with currents, read its voltage and spikes.

    The object holds only the student's seed and its position in the list; the parameters are
    drawn afresh at each probe (from the seed and the course secret) and never stored, so
    nothing on the object reveals them. In a graded run the neurons stay in the grader's
    checker process and the student's code probes them through a proxy.

    Use :meth:`probe`; create the neurons with :func:`mystery_neurons`.
    """

    __slots__ = ("_seed", "_index")

    def __init__(self, seed, index):
        _seed_text(seed)
        if not isinstance(index, numbers.Integral) or not 0 <= int(index) < N_MYSTERY_NEURONS:
            raise ValueError(f"index must be in [0, {N_MYSTERY_NEURONS - 1}]; got {index!r}")
        object.__setattr__(self, "_seed", seed)
        object.__setattr__(self, "_index", int(index))

    def __setattr__(self, name, value):
        raise AttributeError("a MysteryNeuron cannot be changed")

    def __repr__(self) -> str:
        return f"MysteryNeuron({self._index + 1} of {N_MYSTERY_NEURONS})"

    def probe(self, current, *, duration, dt=0.1):
        """Inject a current and record the response, starting from rest.

        Parameters
        ----------
        current : float or array_like, shape (n_steps,)
            Input I (the model's dimensionless input; 10 is a strong step): a constant, or
            one value per time step (``n_steps = duration / dt``); finite, within +-1000.
        duration : float
            Simulated time [ms], > 0.
        dt : float
            Time step [ms], in (0, 0.5].

        Returns
        -------
        ProbeResult
            Time [ms], voltage [mV] and spike times [ms].

        Raises
        ------
        TypeError, ValueError
            On an invalid current, duration or dt, naming it and the allowed range.
        """
        if np.ndim(current) > 1:
            raise ValueError(
                f"current must be a number or a 1-D array (one value per step); got shape {np.shape(current)}"
            )
        params = _mystery_draw(self._seed)[self._index][1]
        result = simulate_izhikevich(params, current, duration=duration, dt=dt)
        return ProbeResult(
            time=result.time.copy(), voltage=result.voltage[0].copy(), spike_times=result.spike_times.copy()
        )


def mystery_neurons(seed):
    """Return the mystery neurons of one student: four Izhikevich neurons of distinct, hidden types.

    Parameters
    ----------
    seed : int or str
        The student's number. Every seed gives its own neurons, the same each time.

    Returns
    -------
    list of MysteryNeuron
        ``N_MYSTERY_NEURONS`` neurons; each is one of ``MYSTERY_TYPES`` (no two alike), its
        parameters jittered around the type's preset so that the type's signature survives.

    Raises
    ------
    TypeError
        If ``seed`` is not an int or a non-empty str.

    Notes
    -----
    The neurons are drawn from the seed and the course secret
    (:func:`~neurocourse.checks.variant_rng`). Self-study uses the public default secret:
    the neurons work, and anybody could compute their types, which is fine for learning. A
    graded run (``neurocourse check`` with the instructor's secret) draws other neurons for the
    same seed, and only the grader's checker process has them.
    """
    _seed_text(seed)
    return [MysteryNeuron(seed, index) for index in range(N_MYSTERY_NEURONS)]


def _mystery_labels(answer) -> list[str]:
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, np.ndarray)):
        raise CheckFailed(
            f"your function should return a list of {N_MYSTERY_NEURONS} labels, one per neuron",
            hint="e.g. `return ['RS', 'FS', 'TC', 'CH']`, in the order of the neurons.",
        )
    if len(answer) != N_MYSTERY_NEURONS:
        raise CheckFailed(
            f"your function returned {len(answer)} labels for {N_MYSTERY_NEURONS} neurons",
            hint="return one label per neuron, in the order of the list you were given.",
        )
    labels = []
    for position, label in enumerate(answer, start=1):
        if not isinstance(label, str):
            raise CheckFailed(
                f"label {position} is not text (a str)",
                hint=f"use the abbreviations {', '.join(MYSTERY_TYPES)}.",
            )
        text = label.strip().upper()
        if text not in MYSTERY_TYPES:
            raise CheckFailed(
                f"label {position}, {label!r}, is not one of the cell types",
                hint=f"use the abbreviations {', '.join(MYSTERY_TYPES)}.",
            )
        labels.append(text)
    return labels


@exercise(CHAPTER, "classify_mystery_neurons", title="Exercise 3: the mystery neurons")
def classify_mystery_neurons(student_function, *, seed):
    """Check ``student_function(neurons) -> list of str`` on the neurons of ``seed``.

    The student's function receives ``mystery_neurons(seed)`` and returns one label of
    ``MYSTERY_TYPES`` per neuron. All must be right: a blind guess passes with probability
    1 / (7 x 6 x 5 x 4) = 1/840. For each wrong neuron the feedback says what to probe,
    never its type.
    """
    try:
        _seed_text(seed)
    except TypeError:
        raise CheckFailed(
            f"`STUDENT_SEED` should be your student number (an integer), but it is {seed!r}",
            hint="set `STUDENT_SEED = 1234567` (your number) in the cell at the top and run it again.",
        ) from None
    _require_function(student_function, "classify_mystery_neurons")
    labels = _mystery_labels(student_function(mystery_neurons(seed)))
    truth = [label for label, _ in _mystery_draw(seed)]
    wrong = [position for position, (got, true) in enumerate(zip(labels, truth, strict=True)) if got != true]
    if not wrong:
        return
    n_right = N_MYSTERY_NEURONS - len(wrong)
    numbers_text = [str(position + 1) for position in wrong]
    which = numbers_text[0] if len(wrong) == 1 else ", ".join(numbers_text[:-1]) + " and " + numbers_text[-1]
    verb = "is" if n_right == 1 else "are"
    subject = f"neuron {which} is" if len(wrong) == 1 else f"neurons {which} are"
    hints = "; ".join(f"for neuron {position + 1}, {_MYSTERY_HINTS[truth[position]]}" for position in wrong)
    raise CheckFailed(f"{n_right} of {N_MYSTERY_NEURONS} labels {verb} right; {subject} not yet", hint=hints)


# =========================================================================== exercise 4

#: The grid of g the check hands to the student's sweep (ascending).
SR_SWEEP_G = (3.0, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6)
_SR_SWEEP_SEED = 2026
#: The drives nu_ext / nu_thr a student's exercise 4 can be given (see :func:`sr_condition`).
SR_NU_RANGE = (1.5, 3.0)
#: chi below which the lockstep counts as broken: two clusters in antiphase give chi = 0.5.
SR_CHI_THRESHOLD = 0.4
_SR_SIMULATION = dict(n_excitatory=2000, duration=300.0)
_SR_TRANSIENT = 100.0  # ms
_SR_RECORDED = 200
_SR_CHI_TOLERANCE = 0.02


def sr_condition(seed) -> float:
    """Return the external drive nu_ext / nu_thr of one student's exercise 4.

    Drawn from the student's seed (a hash, as the mystery neurons of exercise 3), uniformly
    over ``SR_NU_RANGE`` = [1.5, 3] in steps of 0.05: at every such drive Brunel's network
    (N_E = 2000, C_E = 1000) is in lockstep at g = 3.0 and has left it by g = 3.6, so the
    transition lies inside the sweep ``SR_SWEEP_G``.

    Parameters
    ----------
    seed : int or str
        The student's number.

    Returns
    -------
    float
        nu_ext / nu_thr.
    """
    digest = hashlib.sha256(f"neurocourse:01_circuits:sr-transition:{_seed_text(seed)}".encode()).digest()
    steps = int(round((SR_NU_RANGE[1] - SR_NU_RANGE[0]) / 0.05))
    return round(SR_NU_RANGE[0] + 0.05 * (int.from_bytes(digest[:8], "little") % (steps + 1)), 2)


@functools.lru_cache(maxsize=64)
def _sr_run(g, nu_ext_ratio, rng):
    """The exercise's simulation, as the student is told to run it (cached: the check reuses it)."""
    from ..networks import simulate_brunel

    result = simulate_brunel(
        g=g, nu_ext_ratio=nu_ext_ratio, record=np.arange(_SR_RECORDED), rng=rng, **_SR_SIMULATION
    )
    return result


def _sr_reference_chi(g, nu_ext_ratio, rng, *, transient=_SR_TRANSIENT):
    from ..analysis import compute_synchrony_chi

    return compute_synchrony_chi(_sr_run(float(g), float(nu_ext_ratio), rng).window(transient).voltage)


def _sr_reference_transition(nu_ext_ratio, rng):
    """Midpoint of the two g of the sweep around the first chi below the threshold (NaN if none)."""
    for k, g in enumerate(SR_SWEEP_G):  # stop at the first drop: the rest of the sweep is not needed
        if _sr_reference_chi(g, nu_ext_ratio, rng) < SR_CHI_THRESHOLD:
            return float("nan") if k == 0 else 0.5 * (SR_SWEEP_G[k - 1] + SR_SWEEP_G[k])
    return float("nan")


def _as_number(value, what):
    if value is None:
        raise CheckFailed(f"your {what} returned None", hint="did you forget `return`?")
    if isinstance(value, (list, tuple, np.ndarray)) and np.size(value) != 1:
        raise CheckFailed(
            f"your {what} returned {np.size(value)} numbers, not one",
            hint="return one number (for the transition, e.g. the midpoint between the last g in SR "
            "and the first one past it).",
        )
    if isinstance(value, (str, bytes, bool, np.bool_)) or np.asarray(value).dtype.kind not in "iuf":
        raise CheckFailed(
            f"your {what} should return a number, not {type(value).__name__}",
            hint="remove quotes or conversions: return the float itself.",
        )
    return float(np.asarray(value, dtype=float).reshape(()))


def _check_measurement(measure_function, nu_student):
    """Run the student's measure_synchrony on cases of the checker's choosing."""
    # one case in lockstep at the student's drive, one past it at another drive (a function
    # that ignores nu_ext_ratio fails the second)
    other_nu = 2.75 if nu_student < 2.25 else 1.75
    for g, nu in ((3.0, nu_student), (3.6, other_nu)):
        try:
            value = measure_function(g, nu, rng=_SR_SWEEP_SEED)
        except TypeError as exc:
            raise CheckFailed(
                f"calling measure_synchrony({g}, {nu}, rng={_SR_SWEEP_SEED}) failed: {exc}",
                hint="define it as `measure_synchrony(g, nu_ext_ratio, *, rng=None)` and pass rng on "
                "to simulate_brunel.",
            ) from None
        chi = _as_number(value, "measure_synchrony")
        expected = _sr_reference_chi(g, nu, _SR_SWEEP_SEED)
        if abs(chi - expected) <= _SR_CHI_TOLERANCE:
            continue
        call = f"measure_synchrony({g}, {nu}, rng={_SR_SWEEP_SEED})"
        if abs(chi - expected**2) <= _SR_CHI_TOLERANCE:
            raise CheckFailed(
                f"{call} returned {chi:.3f}, which is chi squared",
                hint="compute_synchrony_chi already takes the square root: return it as it is.",
            )
        if abs(chi - _sr_reference_chi(g, nu, _SR_SWEEP_SEED, transient=0.0)) <= _SR_CHI_TOLERANCE:
            raise CheckFailed(
                f"{call} returned {chi:.3f}: the first 100 ms are still in it",
                hint="discard the transient from random initial voltages: `result.window(100.0).voltage`.",
            )
        other_drives = {nu_student, 2.0} - {nu}
        if any(
            abs(chi - _sr_reference_chi(g, other, _SR_SWEEP_SEED)) <= _SR_CHI_TOLERANCE
            for other in sorted(other_drives)
        ):
            raise CheckFailed(
                f"{call} returned {chi:.3f}, the chi of another drive",
                hint="pass nu_ext_ratio on to simulate_brunel instead of a fixed drive.",
            )
        raise CheckFailed(
            f"{call} returned {chi:.3f}; the same network measured as the exercise says gives {expected:.3f}",
            hint="simulate_brunel(g=g, nu_ext_ratio=nu_ext_ratio, n_excitatory=2000, duration=300.0, "
            "record=np.arange(200), rng=rng), then compute_synchrony_chi(result.window(100.0).voltage).",
        )


@exercise(CHAPTER, "estimate_sr_transition", title="Exercise 4: where Brunel's network leaves the SR state")
def estimate_sr_transition(student_function, measure_function=None, *, seed):
    """Check the student's sweep and measurement at the drive of ``seed``.

    ``student_function(g_values, nu_ext_ratio, *, rng) -> g`` simulates Brunel's network at
    each g of ``g_values`` (``SR_SWEEP_G``, 3.0 to 3.6 in steps of 0.1) and the student's
    drive :func:`sr_condition` ``(seed)``, and returns the g where the network leaves the
    synchronous regular (SR) state: where chi first falls below 0.4. ``measure_function(g,
    nu_ext_ratio, *, rng) -> chi`` is checked first, on two networks of the checker's choosing
    (one in lockstep at the student's drive, one past it at another drive), against the
    checker's own measurement of the same simulation (within 0.02).

    The estimate is accepted within 0.1 (one step of the sweep) of the checker's transition
    for the same drive and seed, so the last g in SR, the first g past it and their
    midpoint all pass. The reference is measured at check time and never shown.

    Justification, from simulations with :func:`~neurocourse.networks.simulate_brunel`
    (N_E = 2000, C_E = 1000, dt = 0.1 ms, chi of 200 voltages in 100-300 ms): chi is
    0.48-0.55 in the lockstep (two clusters in antiphase give chi = sqrt(0.01 + 0.99 * 0.25)
    = 0.5) and falls to 0.2-0.35 once it breaks, between g = 3.0 and 3.5 for every drive in
    ``SR_NU_RANGE``: well before the balance point g = 4 of the mean-input argument, which the
    check rejects with its own message.
    """
    try:
        nu = sr_condition(seed)
    except TypeError:
        raise CheckFailed(
            f"`STUDENT_SEED` should be your student number (an integer), but it is {seed!r}",
            hint="set `STUDENT_SEED = 1234567` (your number) in the cell at the top and run it again.",
        ) from None
    _require_function(student_function, "estimate_sr_transition")
    if measure_function is not None:
        _require_function(measure_function, "measure_synchrony")
        _check_measurement(measure_function, nu)
    value = student_function(np.array(SR_SWEEP_G), nu, rng=_SR_SWEEP_SEED)
    g = _as_number(value, "estimate_sr_transition")
    if not math.isfinite(g):
        raise CheckFailed(
            "your estimate is not a finite number",
            hint="NaN usually means no g of the sweep crossed your threshold: print chi for each g "
            "and look for the abrupt drop.",
        )
    reference = _sr_reference_transition(nu, _SR_SWEEP_SEED)
    if abs(g - reference) <= 0.1 + 1e-9:
        return
    if abs(g - 4.0) <= 0.15:
        raise CheckFailed(
            "your estimate is close to g = 4, the balance point of the mean input, not where the "
            "simulated network leaves SR",
            hint="the lockstep breaks before inhibition cancels excitation on average: take the first g "
            "of the sweep at which chi drops below 0.4.",
        )
    if g < reference:
        raise CheckFailed(
            "your estimate is too small: just above it the network is still in lockstep",
            hint="the SR state has vertical stripes in the raster and chi near 0.5; did you use your own "
            f"drive nu_ext/nu_thr = {nu:g} (nc.checks.circuits.sr_condition(STUDENT_SEED))?",
        )
    raise CheckFailed(
        "your estimate is too large: at that g the network has already left the SR state",
        hint="take the *first* g at which chi drops below 0.4 (chi rises again for larger g); print chi "
        f"for each g, at your drive nu_ext/nu_thr = {nu:g}.",
    )


# =========================================================================== exercise 5

#: The kinds of fixed point, as returned by :func:`~neurocourse.networks.classify_fixed_point`.
FIXED_POINT_KINDS = ("stable node", "stable focus", "unstable node", "unstable focus", "saddle")

# Hidden parameter sets: Neuromatch's bistable and limit-cycle sets (shown in the notebook),
# the bistable set with a slow I population (same positions, other kinds), a damped
# oscillator, and a set with five fixed points (including an unstable node).
_WC_CASES = (
    WilsonCowanParams(),
    WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0, w_ii=1.2, i_ext_e=0.8),
    WilsonCowanParams(tau_i=5.0),
    WilsonCowanParams(w_ee=6.4, w_ei=4.8, w_ie=6.0, w_ii=1.2, i_ext_e=1.5),
    WilsonCowanParams(w_ee=12.0, w_ei=4.0, w_ie=13.0, w_ii=0.7, i_ext_e=0.2, tau_i=4.0),
)
_WC_POSITION_TOL = 1e-4


def _wc_params_text(params: WilsonCowanParams) -> str:
    default = WilsonCowanParams()
    changed = [
        f"{field.name}={getattr(params, field.name):g}"
        for field in dataclasses.fields(params)
        if getattr(params, field.name) != getattr(default, field.name)
    ]
    return f"WilsonCowanParams({', '.join(changed)})"


def _wc_speed(params: WilsonCowanParams, r_e: float, r_i: float) -> float:
    """Max-norm of the vector field [1/ms] at a student's point (infinite far outside the plane shown)."""
    if abs(r_e) > 10.0 or abs(r_i) > 10.0:
        return math.inf
    return max(abs(d) for d in wilson_cowan_field(params, r_e, r_i))


def _wc_points(answer, call: str) -> list[tuple[float, float, str]]:
    if answer is None:
        raise CheckFailed(f"`{call}` returned None", hint="did you forget `return`?")
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__iter__"):
        raise CheckFailed(f"`{call}` should return a list of (r_e, r_i, kind), not {type(answer).__name__}")
    points = []
    for item in answer:
        if all(hasattr(item, name) for name in ("r_e", "r_i", "kind")):
            item = (item.r_e, item.r_i, item.kind)
        if isinstance(item, (str, bytes)) or not hasattr(item, "__len__") or len(item) != 3:
            raise CheckFailed(
                f"`{call}`: each fixed point should be a tuple (r_e, r_i, kind)",
                hint="e.g. `(0.337, 0.168, 'saddle')`.",
            )
        r_e, r_i, kind = item
        try:
            r_e, r_i = float(r_e), float(r_i)
        except (TypeError, ValueError):
            raise CheckFailed(f"`{call}`: r_e and r_i of each fixed point should be numbers") from None
        if not (math.isfinite(r_e) and math.isfinite(r_i)):
            raise CheckFailed(
                f"`{call}` returned a fixed point with NaN or infinite coordinates",
                hint="keep only roots where the solver succeeded (`sol.success`).",
            )
        if not isinstance(kind, str) or kind.strip().lower() not in FIXED_POINT_KINDS:
            raise CheckFailed(
                f"`{call}`: the kind {kind!r} is not one of the five kinds",
                hint=f"use exactly one of {', '.join(repr(k) for k in FIXED_POINT_KINDS)}.",
            )
        points.append((r_e, r_i, kind.strip().lower()))
    return points


def _kind_hint(got: str, expected: str) -> str:
    if (got == "saddle") != (expected == "saddle"):
        return (
            "a saddle has real eigenvalues of opposite signs; stable and unstable points have "
            "both real parts of the same sign"
        )
    if got.split()[0] != expected.split()[0]:
        return (
            "stability is the sign of the real parts of the eigenvalues (negative: stable); "
            "check the signs in your Jacobian, e.g. the -1 / tau terms"
        )
    return (
        "a focus has complex eigenvalues (a nonzero imaginary part), a node real ones; check "
        "how you test the imaginary part"
    )


@exercise(CHAPTER, "find_wc_fixed_points", title="Exercise 5: fixed points of the Wilson-Cowan model")
def find_wc_fixed_points(student_function):
    """Check ``student_function(params) -> list of (r_e, r_i, kind)`` on hidden parameter sets.

    Five sets: Neuromatch's bistable and limit-cycle sets, the bistable set with tau_i = 5 ms
    (same positions, other kinds), a damped oscillator and a set with five fixed points. Every
    fixed point must be found within 1e-4 (max-norm) with the right kind; the order does not
    matter. Diagnosed: missing points, points that are not fixed points, duplicates, and which
    part of the classification (stability, node versus focus, saddle) is wrong.
    """
    _require_function(student_function, "find_wc_fixed_points")
    for params in _WC_CASES:
        call = f"find_wc_fixed_points({_wc_params_text(params)})"
        points = _wc_points(student_function(params), call)
        reference = find_fixed_points(params, n_grid=20)
        matched = [False] * len(reference)
        for r_e, r_i, kind in points:
            distances = [max(abs(r_e - fp.r_e), abs(r_i - fp.r_i)) for fp in reference]
            nearest = int(np.argmin(distances))
            if distances[nearest] > _WC_POSITION_TOL:
                if _wc_speed(params, r_e, r_i) > 1e-6:
                    raise CheckFailed(
                        f"`{call}`: ({r_e:.4f}, {r_i:.4f}) is not a fixed point (the vector field "
                        "there is not zero)",
                        hint="keep only the roots where the solver converged (`sol.success`), and "
                        "check your equations against the text.",
                    )
                raise CheckFailed(
                    f"`{call}`: ({r_e:.4f}, {r_i:.4f}) is not within {_WC_POSITION_TOL:g} of a fixed point",
                    hint="polish each root with a tight tolerance (e.g. `tol=1e-12`).",
                )
            if matched[nearest]:
                raise CheckFailed(
                    f"`{call}`: the fixed point near ({r_e:.4f}, {r_i:.4f}) is listed more than once",
                    hint="many starting points converge to the same root: keep a new root only if it "
                    "differs from every kept one by more than about 1e-6.",
                )
            matched[nearest] = True
            expected = reference[nearest].kind
            if kind != expected:
                article = "an" if kind.startswith("unstable") else "a"
                raise CheckFailed(
                    f"`{call}`: the fixed point at ({r_e:.4f}, {r_i:.4f}) is not {article} {kind}",
                    hint=_kind_hint(kind, expected),
                )
        missing = matched.count(False)
        if missing:
            noun = "fixed point is" if missing == 1 else "fixed points are"
            raise CheckFailed(
                f"`{call}`: {missing} {noun} missing",
                hint="start the root finder from a grid of initial points over the whole range of "
                "the activities (e.g. 10 x 10 points in [0, 1] x [0, 1]): each root has its own basin.",
            )


# =========================================================================== exercise 6

# Hidden (target overshoot, sigma_center [deg], sigma_surround [deg]) for a unit step.
_MACH_CASES = (
    (0.15, 1.0, 3.0),
    (0.05, 1.0, 3.0),
    (0.3, 0.5, 2.0),
    (0.1, 2.0, 5.0),
    (0.2, 1.0, 1.5),
)
_MACH_RTOL = 0.01


def _mach_k(answer, sigma_center, sigma_surround, call) -> float:
    if isinstance(answer, DoGParams):
        if not (
            math.isclose(answer.sigma_center, sigma_center)
            and math.isclose(answer.sigma_surround, sigma_surround)
        ):
            raise CheckFailed(
                f"`{call}` returned a DoGParams with other widths than those asked for",
                hint="keep sigma_center and sigma_surround; only the surround weight k is free.",
            )
        return answer.surround_weight
    if answer is None:
        raise CheckFailed(f"`{call}` returned None", hint="did you forget `return`?")
    if (
        isinstance(answer, (bool, np.bool_, str))
        or not isinstance(answer, (numbers.Real, np.ndarray))
        or np.size(answer) != 1
    ):
        raise CheckFailed(
            f"`{call}` should return one number, the surround weight k",
            hint="if you have a DoGParams `p`, return `p.surround_weight`.",
        )
    k = float(np.asarray(answer, dtype=float).reshape(()))
    if not math.isfinite(k):
        raise CheckFailed(
            f"`{call}` returned NaN or infinity",
            hint="check the bracket you give the root finder: the overshoot minus the "
            "target must change sign inside it.",
        )
    return k


@exercise(CHAPTER, "surround_weight_for_overshoot", title="Exercise 6: a Mach band of a given height")
def surround_weight_for_overshoot(student_function):
    """Check ``student_function(target, sigma_center, sigma_surround) -> k``.

    For each hidden (target, sigma_center, sigma_surround) the check builds
    ``DoGParams(sigma_center=..., sigma_surround=..., surround_weight=k)``, measures the band of a
    unit luminance step with :func:`~neurocourse.networks.lateral.mach_band_measurement`
    (filtering with dx = sigma_center / 50, 10 surround widths each side) and requires the
    bright band's height above the bright plateau to match the target within 1 %. Diagnosed:
    k outside (0, 2], k with k sigma_c >= sigma_s (no band apart from the edge), a band
    measured as a fraction of the plateau instead of a height, and bands too high or too low
    (the student's own band height is shown, never the k sought).
    """
    _require_function(student_function, "surround_weight_for_overshoot")
    for target, sigma_center, sigma_surround in _MACH_CASES:
        call = f"surround_weight_for_overshoot({target:g}, {sigma_center:g}, {sigma_surround:g})"
        answer = student_function(target, sigma_center, sigma_surround)
        k = _mach_k(answer, sigma_center, sigma_surround, call)
        if not 0.0 < k <= 2.0:
            raise CheckFailed(
                f"`{call}` returned k = {k:.4g}, outside (0, 2]",
                hint="the surround weight k must be positive (with k = 0 there is no surround and "
                "no band), and the course allows k up to 2.",
            )
        if k * sigma_center >= sigma_surround:
            raise CheckFailed(
                f"`{call}` returned k = {k:.4g}: with k sigma_c >= sigma_s there is no band beside the "
                "edge, the response just falls from the edge to the plateau",
                hint="a Mach band, a maximum at x* > 0, needs k < sigma_s / sigma_c; search k in that range.",
            )
        params = DoGParams(sigma_center=sigma_center, sigma_surround=sigma_surround, surround_weight=k)
        bands = mach_band_measurement(params, low=0.0, high=1.0)
        plateau = bands.bright_plateau
        overshoot = bands.bright
        if math.isclose(overshoot, target, rel_tol=_MACH_RTOL):
            continue
        if plateau > 0 and math.isclose(overshoot / plateau, target, rel_tol=_MACH_RTOL):
            raise CheckFailed(
                f"`{call}`: your band is a fraction of the plateau, not a height",
                hint="the target is the height of the peak above the plateau, in luminance units "
                "(for a unit step), not peak / plateau - 1.",
            )
        direction = "too high" if overshoot > target else "too low"
        raise CheckFailed(
            f"`{call}`: with your k = {k:.4g} the band is {overshoot:.4g} high, {direction} "
            f"(target {target:g}, within 1 %)",
            hint="the band grows with k: solve overshoot(k) = target with a root finder "
            "(`scipy.optimize.brentq`) on a well-resolved edge (dx <= sigma_c / 10, several "
            "sigma_s on each side).",
        )
