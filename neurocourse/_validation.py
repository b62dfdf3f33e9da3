"""Shared argument checks for every public function of neurocourse.

Each check raises a ``ValueError`` (or ``TypeError`` for a wrong kind of object) whose
message names the parameter, its unit and the allowed range, so a learner who types a bad
value sees what to change. Checks run in the Python wrappers, before any numba kernel, so a
kernel never sees a value that could corrupt memory, hang, or produce NaN.

The pattern follows ``scipy.stats._resampling._bootstrap_iv``: one validation step per
function, explicit exceptions, never ``assert``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "check_scalar",
    "check_positive",
    "check_nonnegative",
    "check_int",
    "check_bool",
    "check_array",
    "check_index_array",
    "check_dt",
    "check_duration",
    "check_choice",
    "n_steps_for",
    "check_memory",
    "check_record",
    "check_initial_state",
    "as_generator",
    "UnitWarning",
    "warn_unit_slip",
    "MAX_ARRAY_BYTES",
]


def _unit_text(unit: str | None) -> str:
    return f" [{unit}]" if unit else ""


def _format_range(low, high, low_inclusive, high_inclusive) -> str:
    if low is None and high is None:
        return "a finite number"
    if high is None:
        return f"{'>=' if low_inclusive else '>'} {low:g}"
    if low is None:
        return f"{'<=' if high_inclusive else '<'} {high:g}"
    left = "[" if low_inclusive else "("
    right = "]" if high_inclusive else ")"
    return f"in {left}{low:g}, {high:g}{right}"


def check_scalar(
    name: str,
    value,
    *,
    unit: str | None = None,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Return ``value`` as a finite float inside the given range, or raise.

    Parameters
    ----------
    name : str
        Parameter name shown in the message.
    value : real number
        The value to check. Booleans, strings, arrays and complex numbers are rejected.
    unit : str, optional
        Unit shown in the message, e.g. ``"ms"``.
    low, high : float, optional
        Bounds of the allowed range.
    low_inclusive, high_inclusive : bool
        Whether the bounds themselves are allowed.

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If ``value`` is NaN, infinite or out of range.
    """
    allowed = _format_range(low, high, low_inclusive, high_inclusive)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0 and np.issubdtype(value.dtype, np.number):
            value = value.item()
        else:
            raise TypeError(
                f"{name}{_unit_text(unit)} must be a real number {allowed}; "
                f"got {type(value).__name__} {value!r:.60}"
            )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name}{_unit_text(unit)} must be finite ({allowed}); got {value}")
    too_low = low is not None and (value < low or (not low_inclusive and value == low))
    too_high = high is not None and (value > high or (not high_inclusive and value == high))
    if too_low or too_high:
        raise ValueError(f"{name}{_unit_text(unit)} must be {allowed}; got {value:g}")
    return value


def check_positive(name: str, value, *, unit: str | None = None, high: float | None = None) -> float:
    """Return ``value`` as a float > 0 (and <= ``high`` if given), or raise ValueError."""
    return check_scalar(name, value, unit=unit, low=0.0, low_inclusive=False, high=high)


def check_nonnegative(name: str, value, *, unit: str | None = None, high: float | None = None) -> float:
    """Return ``value`` as a float >= 0 (and <= ``high`` if given), or raise ValueError."""
    return check_scalar(name, value, unit=unit, low=0.0, high=high)


def check_int(name: str, value, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int in ``[low, high]``, or raise TypeError/ValueError."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        if (
            isinstance(value, numbers.Real)
            and not isinstance(value, (bool, np.bool_))
            and math.isfinite(float(value))
            and float(value).is_integer()
        ):
            value = int(value)
        else:
            raise TypeError(f"{name} must be a whole number; got {type(value).__name__} {value!r:.60}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        rng = _format_range(low, high, True, True)
        raise ValueError(f"{name} must be a whole number {rng}; got {value}")
    return value


def check_bool(name: str, value) -> bool:
    """Return ``value`` as a bool, or raise TypeError for anything but True/False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {type(value).__name__} {value!r:.60}")
    return bool(value)


def check_choice(name: str, value, choices) -> str:
    """Return ``value`` if it is one of ``choices``, else raise ValueError listing them."""
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {listed}; got {value!r:.60}")
    return value


def check_array(
    name: str,
    value,
    *,
    unit: str | None = None,
    ndim: int | tuple[int, ...] | None = None,
    shape: tuple | None = None,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    min_size: int = 0,
    dtype=np.float64,
) -> np.ndarray:
    """Return ``value`` as a C-contiguous array of ``dtype``, checked, or raise.

    Parameters
    ----------
    name : str
        Parameter name shown in the message.
    value : array_like
        Numbers; strings, objects, NaN and infinities are rejected.
    unit : str, optional
        Unit shown in the message.
    ndim : int or tuple of int, optional
        Allowed number(s) of dimensions.
    shape : tuple, optional
        Required shape; ``None`` entries match any length.
    low, high : float, optional
        Bounds every element must satisfy.
    min_size : int
        Smallest allowed number of elements.
    dtype : numpy dtype
        Output dtype (float64 or int64).
    """
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name}{_unit_text(unit)} must be an array of numbers ({exc})") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_):
        raise TypeError(f"{name}{_unit_text(unit)} must be an array of numbers; got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name}{_unit_text(unit)} must be real, not complex")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be a {want} array; got shape {arr.shape}")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(
            s is None or s == a for s, a in zip(shape, arr.shape, strict=True)
        )
        if not ok:
            want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} must have shape {want}; got {arr.shape}")
    if arr.size < min_size:
        raise ValueError(f"{name} must hold at least {min_size} element(s); got {arr.size}")
    if np.issubdtype(dtype, np.integer):
        if np.issubdtype(arr.dtype, np.floating):
            if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
                raise ValueError(f"{name} must hold whole numbers")
            # beyond the integer type's range the cast would wrap around silently; max + 1 is a
            # power of two, exact as a float (float(max) itself rounds up to it for int64)
            limits = np.iinfo(dtype)
            lower, upper = float(limits.min), float(int(limits.max) + 1)
            if arr.size and (arr.min() < lower or arr.max() >= upper):
                raise ValueError(
                    f"{name} must hold whole numbers within [{limits.min}, {limits.max}]; "
                    f"found {(arr.max() if arr.max() >= upper else arr.min()):g}"
                )
        out = np.asarray(arr, dtype=dtype, order="C")
    else:
        out = np.asarray(arr, dtype=dtype, order="C")
        if not np.all(np.isfinite(out)):
            bad = int(np.size(out) - np.count_nonzero(np.isfinite(out)))
            raise ValueError(
                f"{name}{_unit_text(unit)} must be finite; it holds {bad} NaN or infinite value(s)"
            )
    if out.size and (low is not None or high is not None):
        lo, hi = out.min(), out.max()
        if low is not None and (lo < low or (not low_inclusive and lo == low)):
            rng = _format_range(low, high, low_inclusive, True)
            raise ValueError(f"{name}{_unit_text(unit)} values must be {rng}; found {lo:g}")
        if high is not None and hi > high:
            rng = _format_range(low, high, low_inclusive, True)
            raise ValueError(f"{name}{_unit_text(unit)} values must be {rng}; found {hi:g}")
    return out


def check_index_array(name: str, value, *, size: int, ndim: int = 1) -> np.ndarray:
    """Return ``value`` as an int64 array of indices in ``[0, size)``, or raise ValueError."""
    arr = check_array(name, value, ndim=ndim, dtype=np.int64)
    if arr.size and (arr.min() < 0 or arr.max() >= size):
        raise ValueError(
            f"{name} holds indices out of range: they must lie in [0, {size - 1}]; "
            f"found {int(arr.min())}..{int(arr.max())}"
        )
    return arr


def check_dt(dt, *, max_dt: float, model: str, min_dt: float = 1e-4) -> float:
    """Return the time step ``dt`` [ms] checked against the model's largest stable step.

    Parameters
    ----------
    dt : float
        Time step [ms].
    max_dt : float
        Largest step [ms] the model integrates faithfully (usually a fraction of its fastest
        time constant).
    model : str
        Model name for the message.
    min_dt : float
        Smallest step [ms]; below it a run would take unreasonably many steps.
    """
    dt = check_scalar("dt", dt, unit="ms", low=0.0, low_inclusive=False)
    if dt > max_dt:
        raise ValueError(
            f"dt [ms] = {dt:g} is too large for the {model}: use 0 < dt <= {max_dt:g} ms "
            f"(a step must be well below the model's fastest time constant)"
        )
    if dt < min_dt:
        raise ValueError(f"dt [ms] = {dt:g} is too small: use dt >= {min_dt:g} ms")
    return dt


#: Largest number of time steps a single simulation may take (guards against hangs).
MAX_STEPS = 50_000_000


def check_duration(duration, *, dt: float, max_steps: int = MAX_STEPS) -> float:
    """Return ``duration`` [ms] checked to be positive and to take at most ``max_steps`` steps."""
    duration = check_positive("duration", duration, unit="ms")
    steps = duration / dt
    if steps > max_steps:
        raise ValueError(
            f"duration [ms] = {duration:g} at dt = {dt:g} ms needs {steps:.3g} steps; "
            f"the limit is {max_steps:.3g} (use a shorter duration or a larger dt)"
        )
    return duration


def n_steps_for(duration: float, dt: float) -> int:
    """Return the number of steps that covers ``duration`` at ``dt`` (rounded, at least 1)."""
    return max(1, int(round(duration / dt)))


#: Largest array (in bytes) a simulation may allocate for one buffer or recording: one limit,
#: well inside a laptop's or a Binder session's memory.
MAX_ARRAY_BYTES = 1_000_000_000


def check_memory(what: str, n_bytes: float, *, reduce: str) -> None:
    """Raise ValueError before allocating ``n_bytes`` for ``what`` if it exceeds the limit.

    Parameters
    ----------
    what : str
        What would be allocated, e.g. ``"recording the voltage of 4000 neurons"``; names the
        argument responsible.
    n_bytes : float
        Size the allocation would have.
    reduce : str
        How to make it smaller, e.g. ``"record fewer neurons or shorten duration"``.
    """
    if n_bytes > MAX_ARRAY_BYTES:
        raise ValueError(
            f"{what} would need {n_bytes / 1e9:.2f} GB of memory; the limit is "
            f"{MAX_ARRAY_BYTES / 1e9:g} GB: {reduce}"
        )


def as_generator(rng) -> np.random.Generator:
    """Return ``np.random.default_rng(rng)``, or raise a TypeError that says what ``rng`` may be."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is not None and (
        isinstance(rng, (bool, np.bool_, float, str, bytes))
        or (isinstance(rng, numbers.Integral) and int(rng) < 0)
    ):
        raise TypeError(
            "rng must be None, a non-negative whole number (a seed) or a numpy.random.Generator; "
            f"got {type(rng).__name__} {rng!r:.60}"
        )
    try:
        return np.random.default_rng(rng)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            "rng must be None, a non-negative whole number (a seed) or a numpy.random.Generator; "
            f"got {type(rng).__name__} {rng!r:.60} ({exc})"
        ) from None


class UnitWarning(UserWarning):
    """A value that looks like it was written in another unit (volts for mV, amperes for nA)."""


#: Likely unit slips: unit -> (what the slipped unit is, factor to our unit, smallest |value|
#: that is plausible in our unit).
_SLIPS = {
    "mV": ("volts", 1e3, 1.0),
    "nA": ("amperes", 1e9, 1e-6),
    "ms": ("seconds", 1e3, 1.0),
}


def warn_unit_slip(name: str, value, *, unit: str, plausible_low: float | None = None) -> None:
    """Warn (:class:`UnitWarning`) when a non-zero ``value`` is so small that it was probably
    written in the base SI unit: ``e_leak=-0.07`` [mV] (volts), ``2.5e-9`` [nA] (amperes),
    ``duration=0.5`` [ms] (seconds).

    Parameters
    ----------
    name : str
        Parameter name in the message.
    value : float or array_like
        The value as given.
    unit : {'mV', 'nA', 'ms'}
        The package's unit for it.
    plausible_low : float, optional
        Smallest non-zero magnitude that is plausible in ``unit``; defaults per unit
        (1 mV, 1e-6 nA, 1 ms).
    """
    import warnings

    slipped, factor, low = _SLIPS[unit]
    low = low if plausible_low is None else plausible_low
    arr = np.abs(np.asarray(value, dtype=float))
    nonzero = arr[arr > 0]
    if nonzero.size and nonzero.max() < low:
        example = float(np.ravel(np.asarray(value, dtype=float))[np.argmax(np.ravel(arr))])
        warnings.warn(
            f"{name} = {example:g} {unit} is very small; was it written in {slipped}? "
            f"{example:g} {slipped} would be {example * factor:g} {unit} "
            f"(neurocourse takes {name} in {unit}).",
            UnitWarning,
            stacklevel=3,
        )


def check_record(record, n_neurons: int, *, name: str = "record") -> np.ndarray:
    """Return the indices of the neurons to record, as a sorted-as-given int64 array.

    ``None`` or ``False`` records nothing, ``True`` every neuron, otherwise a 1-D array of
    distinct indices in ``[0, n_neurons)``.
    """
    if record is None or (isinstance(record, (bool, np.bool_)) and not record):
        return np.empty(0, dtype=np.int64)
    if isinstance(record, (bool, np.bool_)):
        return np.arange(n_neurons, dtype=np.int64)
    if isinstance(record, numbers.Integral):
        record = [record]
    elif isinstance(record, (str, bytes, numbers.Number)):
        raise TypeError(
            f"{name} must be None, True/False, a neuron index or an array of neuron indices; "
            f"got {type(record).__name__} {record!r:.60}"
        )
    indices = check_index_array(name, record, size=n_neurons)
    if np.unique(indices).size != indices.size:
        raise ValueError(f"{name} must not repeat a neuron index")
    return indices


def check_initial_state(
    name: str, value, n_neurons: int, *, default: float, unit: str | None, low: float, high: float
) -> np.ndarray:
    """Return an initial state as a writable float64 array of shape (n_neurons,).

    ``None`` gives ``default`` for every neuron; a scalar is broadcast; an array must have
    one value per neuron, each in ``[low, high]``.
    """
    if value is None:
        return np.full(n_neurons, float(default))
    arr = check_array(name, value, unit=unit, ndim=(0, 1), low=low, high=high)
    if arr.ndim == 1 and arr.size not in (1, n_neurons):
        raise ValueError(
            f"{name} must be a scalar or have shape ({n_neurons},) (one per neuron); got shape {arr.shape}"
        )
    return np.array(np.broadcast_to(arr.reshape(-1) if arr.ndim else arr, (n_neurons,)), dtype=np.float64)
