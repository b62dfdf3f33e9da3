"""Compiling kernels: one undecorated function, a serial and a parallel dispatcher.

The pattern of ``umap/layouts.py``: write the kernel once with ``numba.prange`` over
independent neurons, and compile it twice. ``prange`` is a plain ``range`` in the serial
build, so both give the same result.
"""

from __future__ import annotations

import types

import numba

__all__ = ["compile_serial_and_parallel"]


def compile_serial_and_parallel(func):
    """Return ``(serial, parallel)`` numba dispatchers of ``func``, both cached on disk.

    The parallel twin is a copy of the function under another qualified name: numba's disk
    cache keys its entries by function name and signature but not by compile options, so two
    dispatchers of the same function would load each other's cached machine code.
    """
    twin = types.FunctionType(
        func.__code__, func.__globals__, func.__name__ + "_parallel", func.__defaults__, func.__closure__
    )
    twin.__qualname__ = func.__qualname__ + "_parallel"
    twin.__module__ = func.__module__
    twin.__doc__ = func.__doc__
    return numba.njit(func, cache=True), numba.njit(twin, cache=True, parallel=True)
