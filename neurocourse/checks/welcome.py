"""Checkers of chapter 00, welcome.

Each checker takes the student's function, runs it on hidden cases and compares with the
reference; the feedback never shows the reference answer.
"""

from __future__ import annotations

import numpy as np

from ..neurons import LIFParams, lif_rate, lif_rheobase
from ._framework import CheckFailed, check_function_cases, exercise

__all__ = ["rheobase", "measured_rate"]

CHAPTER = "00_welcome"

# Hidden cases: the default neuron and three others the student has not seen.
_RHEOBASE_CASES = [
    (LIFParams(),),
    (LIFParams(tau_m=20.0, e_leak=-65.0, v_reset=-70.0, v_threshold=-45.0, r_membrane=50.0, t_ref=3.0),),
    (LIFParams(tau_m=10.0, e_leak=-60.0, v_reset=-60.0, v_threshold=-52.0, r_membrane=100.0, t_ref=1.0),),
    (LIFParams(tau_m=15.0, e_leak=-75.0, v_reset=-58.0, v_threshold=-55.0, r_membrane=25.0, t_ref=0.0),),
]


@exercise(CHAPTER, "rheobase", title="Exercise 1: the rheobase of a LIF neuron")
def rheobase(student_function):
    """Check ``student_function(params) -> float``: the rheobase [nA] of a LIF neuron."""
    if not callable(student_function):
        raise CheckFailed(
            "pass your function itself, `rheobase`, not its result",
            hint="write `nc.checks.welcome.rheobase(rheobase)`.",
        )
    for (params,) in _RHEOBASE_CASES:
        try:
            value = float(student_function(params))
        except (TypeError, ValueError):
            break  # let check_function_cases explain the problem with the case shown
        if (
            np.isclose(value, (params.v_threshold - params.v_reset) / params.r_membrane)
            and params.v_reset != params.e_leak
        ):
            raise CheckFailed(
                "your rheobase uses the reset potential",
                hint="a neuron at rest sits at e_leak; the current must lift it from there to the threshold.",
            )
        if np.isclose(value, (params.v_threshold - params.e_leak) * params.r_membrane):
            raise CheckFailed(
                "your rheobase has the right voltage difference but is combined with R the wrong way",
                hint="Ohm's law: I = V / R, with R in MOhm giving nA.",
            )
    check_function_cases(
        student_function, lif_rheobase, _RHEOBASE_CASES, name="rheobase", unit="nA", rtol=1e-6, atol=1e-9
    )


_RATE_CURRENTS = [(2.5,), (3.3,), (4.0,), (1.5,)]


def _reference_rate(current):
    return lif_rate(LIFParams(), current)


@exercise(CHAPTER, "measured_rate", title="Exercise 2: measure a firing rate by simulation")
def measured_rate(student_function):
    """Check ``student_function(current) -> float``: the simulated firing rate [Hz] at a current [nA]."""
    if not callable(student_function):
        raise CheckFailed(
            "pass your function itself, `measured_rate`, not its result",
            hint="write `nc.checks.welcome.measured_rate(measured_rate)`.",
        )
    check_function_cases(
        student_function,
        _reference_rate,
        _RATE_CURRENTS,
        name="measured_rate",
        unit="Hz",
        rtol=0.02,
        atol=0.5,
    )
