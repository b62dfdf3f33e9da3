"""Shared test settings: quick hypothesis profiles, a headless matplotlib backend, JIT-only tests.

The backend is chosen in this process only (``matplotlib.use``), not through MPLBACKEND:
notebook kernels started by nbval inherit the environment and must keep the inline backend
that learners have, so that their figures are part of the outputs nbval compares.

With ``NUMBA_DISABLE_JIT=1`` (``scripts/kernel_coverage.py``) every kernel is a plain Python
function: a test that inspects numba dispatchers (``.py_func``, ``.targetoptions``, the disk
cache) has nothing to inspect. Such tests get the ``jit`` marker, by hand or automatically
when their source names one of those attributes, and are skipped without the JIT.
"""

import inspect
import re

import matplotlib
import numba
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

settings.register_profile(
    "course", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("course")

# What only a compiled dispatcher has: numba.core.registry.CPUDispatcher attributes and the
# cache debug output.
_NEEDS_JIT = re.compile(r"\.py_func\b|\.targetoptions\b|\.signatures\b|NUMBA_DEBUG_CACHE")


def _inspects_dispatchers(function, seen=None) -> bool:
    """Whether ``function``, or a helper in its test module that it calls, names a dispatcher attribute."""
    seen = set() if seen is None else seen
    if function in seen or not inspect.isfunction(function):
        return False
    seen.add(function)
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    if _NEEDS_JIT.search(source):
        return True
    helpers = (function.__globals__.get(name) for name in function.__code__.co_names)
    return any(
        _inspects_dispatchers(helper, seen)
        for helper in helpers
        if inspect.isfunction(helper) and helper.__module__ == function.__module__
    )


def pytest_collection_modifyitems(config, items):
    jit_disabled = bool(numba.config.DISABLE_JIT)
    skip = pytest.mark.skip(reason="inspects compiled numba dispatchers; NUMBA_DISABLE_JIT=1")
    for item in items:
        if item.get_closest_marker("jit") is None and _inspects_dispatchers(getattr(item, "function", None)):
            item.add_marker(pytest.mark.jit)
        if jit_disabled and item.get_closest_marker("jit") is not None:
            item.add_marker(skip)
