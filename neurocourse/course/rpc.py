"""Calls between the trusted checker process and the sandboxed process running a student's code.

The checker never runs student code, and the student's code never sees the checker. The
checker process holds the exercise's checker (and, for hidden-parameter exercises, the
course secret); the student process holds only the student's extracted exercise code. A
student function reaches the checker as a :class:`RemoteFunction`: calling it sends the
arguments to the student process, which calls the real function and sends back the result.

Messages are pickles in length-prefixed frames over two pipes. The two directions are not
equal:

* checker -> student: ordinary pickles (the student process may trust the checker).
  Objects whose class is marked with :func:`neurocourse.checks.checker_side` (the mystery
  neurons) and callables that cannot be pickled by reference stay in the checker: the
  student gets a proxy whose method calls come back to the checker;
* student -> checker: read by :class:`_RestrictedUnpickler`, which builds only plain data
  (numbers, strings, containers, numpy arrays and scalars) and the library's classes;
  anything else (a student's own class) arrives as an :class:`OpaqueValue`, a student's
  callable as a :class:`RemoteFunction`. Unpickling student data can run no code.

A malformed message ends the check with :class:`ProtocolError`.
"""

from __future__ import annotations

import builtins
import dataclasses
import importlib
import inspect
import io
import pickle
import struct
import types
from typing import Any

__all__ = [
    "Channel",
    "OpaqueValue",
    "ProtocolError",
    "RemoteFunction",
    "StudentCodeError",
    "exception_info",
]

_HEADER = struct.Struct("!Q")
#: Largest message accepted [bytes]; a bigger one ends the check.
MAX_MESSAGE_BYTES = 512 * 1024 * 1024

_SAFE_BUILTINS = {
    "list",
    "tuple",
    "dict",
    "set",
    "frozenset",
    "complex",
    "bytearray",
    "slice",
    "range",
    "bool",
    "int",
    "float",
    "str",
    "bytes",
}
_SAFE_GLOBALS = {
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.numeric", "_frombuffer"),
}
_SAFE_MODULE_PREFIXES = ("builtins", "numpy", "neurocourse")


class ProtocolError(BaseException):
    """The other process sent something that is not a valid message, or went away.

    A ``BaseException``, so that a checker's ``except Exception`` does not turn it into a
    verdict about the student's answer: it ends the check.
    """

    def __init__(self, message: str, *, closed: bool = False):
        super().__init__(message)
        self.closed = closed


@dataclasses.dataclass(frozen=True)
class OpaqueValue:
    """A value from the student's code the checker cannot rebuild (an object of their own class).

    Attributes
    ----------
    type_name : str
        The name of its class.
    text : str
        Its ``repr``, shortened.
    """

    type_name: str
    text: str

    def __repr__(self) -> str:
        return f"<{self.type_name} object: {self.text}>"


class StudentCodeError(Exception):
    """An exception raised by the student's code in the other process, rebuilt in the checker.

    ``student_location`` names the student's line (read by the check framework's messages).
    """

    def __init__(self, type_name: str, message: str, location: str | None):
        super().__init__(message)
        self.type_name = type_name
        self.student_location = location


def exception_info(error: BaseException, student_files: set[str]) -> dict[str, Any]:
    """Describe an exception as plain data: type, message, the student's line, stub or not."""
    import linecache
    import traceback

    location = None
    frames = [
        (frame, lineno)
        for frame, lineno in traceback.walk_tb(error.__traceback__)
        if frame.f_code.co_filename in student_files
    ]
    if frames:
        frame, lineno = frames[-1]
        line = " ".join(linecache.getline(frame.f_code.co_filename, lineno).split())
        line = line if len(line) <= 80 else line[:79] + "…"
        location = f"in `{frame.f_code.co_name}`, line {lineno}" + (f": `{line}`" if line else "")
    not_implemented = False
    seen, current = set(), error
    while current is not None and id(current) not in seen:
        if isinstance(current, NotImplementedError):
            not_implemented = True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    text = str(error)
    return {
        "type": type(error).__name__,
        "builtin": type(error).__module__ == "builtins",
        "message": text if len(text) <= 500 else text[:499] + "…",
        "location": location,
        "not_implemented": not_implemented,
    }


def rebuild_exception(info: dict) -> BaseException:
    """The checker-side exception for an exception of the student's code."""
    if info.get("not_implemented"):
        return NotImplementedError(info.get("message", ""))
    kind = getattr(builtins, str(info.get("type")), None) if info.get("builtin") else None
    message = str(info.get("message", ""))
    location = info.get("location")
    if isinstance(kind, type) and issubclass(kind, Exception) and kind not in (StopIteration,):
        try:
            error = kind(message)
        except Exception:
            error = StudentCodeError(str(info.get("type")), message, location)
    else:
        error = StudentCodeError(str(info.get("type")), message, location)
    error.student_location = location
    return error


# --------------------------------------------------------------------------- pickling


def _is_checker_side(obj) -> bool:
    return isinstance(getattr(type(obj), "__checker_side__", None), tuple)


def _picklable_by_reference(obj) -> bool:
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", "")
    if not module or "<" in qualname:
        return False
    try:
        target = importlib.import_module(module)
        for part in qualname.split("."):
            target = getattr(target, part)
    except Exception:
        return False
    return target is obj


class _Pickler(pickle.Pickler):
    def __init__(self, file, channel: Channel):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.channel = channel

    def persistent_id(self, obj):
        if isinstance(obj, type):
            return None
        if _is_checker_side(obj):
            methods = type(obj).__checker_side__
            return ("handle", self.channel.register(obj), "object", tuple(methods), repr(obj)[:200])
        if self.channel.trusted:
            if isinstance(
                obj, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)
            ) and not _picklable_by_reference(obj):
                return ("handle", self.channel.register(obj), "function", (), _describe(obj))
            return None
        # The student's side: callables go as handles, everything else must be plain.
        if callable(obj) and not _safe_class(type(obj)):
            return ("handle", self.channel.register(obj), "function", (), _describe(obj))
        return None


def _describe(obj) -> str:
    return str(getattr(obj, "__name__", type(obj).__name__))[:100]


def _safe_class(cls) -> bool:
    module = getattr(cls, "__module__", "") or ""
    return module.split(".")[0] in _SAFE_MODULE_PREFIXES


def _plain(value, depth: int = 0):
    """The student's value made of things the checker can rebuild (student side)."""
    if depth > 50:
        return OpaqueValue(type(value).__name__, "nested too deeply")
    kind = type(value)
    if value is None or kind in (bool, int, float, complex, str, bytes):
        return value
    if isinstance(value, dict):
        return {_plain(key, depth + 1): _plain(item, depth + 1) for key, item in value.items()}
    if (
        isinstance(value, (list, tuple, set, frozenset))
        and not _safe_class(kind)
        or kind in (list, tuple, set, frozenset)
    ):
        items = [_plain(item, depth + 1) for item in value]
        if isinstance(value, list):
            return items
        if isinstance(value, (set, frozenset)):
            return set(items)
        return tuple(items)
    if _safe_class(kind):
        module = importlib.import_module("numpy")
        if isinstance(value, module.ndarray) and value.dtype.kind == "O":
            plain = module.empty(value.shape, dtype=object)
            for index, item in enumerate(value.flat):
                plain.flat[index] = _plain(item, depth + 1)
            return plain
        return value
    if callable(value):
        return value  # sent as a handle
    text = repr(value) if not isinstance(value, BaseException) else str(value)
    return OpaqueValue(kind.__name__, text[:200])


class _RestrictedUnpickler(pickle.Unpickler):
    def __init__(self, file, channel: Channel):
        super().__init__(file)
        self.channel = channel

    def find_class(self, module, name):
        if not self.channel.trusted:
            return super().find_class(module, name)
        if module == "builtins" and name in _SAFE_BUILTINS:
            return getattr(builtins, name)
        if (module, name) in _SAFE_GLOBALS:
            return getattr(importlib.import_module(module), name)
        library = module.split(".")[0] == "neurocourse" and not module.startswith("neurocourse.course")
        if (library or module == __name__) and "." not in name and not name.startswith("_"):
            # a class of the library (a parameter dataclass, a result, a Stimulus array)
            target = getattr(importlib.import_module(module), name, None)
            if isinstance(target, type) and (module != __name__ or target is OpaqueValue):
                return target
        raise pickle.UnpicklingError(f"the checker does not accept objects of {module}.{name}")

    def persistent_load(self, pid):
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "handle"):
            raise pickle.UnpicklingError("malformed handle")
        _, handle, kind, methods, text = pid
        if kind == "object":
            return RemoteObject(self.channel, int(handle), tuple(str(m) for m in methods), str(text))
        return RemoteFunction(self.channel, int(handle), str(text))


# --------------------------------------------------------------------------- proxies


class RemoteFunction:
    """A function that lives in the other process; calling it calls it there."""

    def __init__(self, channel: Channel, handle: int, name: str, signature=None):
        self._channel = channel
        self._handle = handle
        self.__name__ = self.__qualname__ = name
        if signature is not None:
            self.__signature__ = signature

    def __call__(self, *args, **kwargs):
        return self._channel.call(self._handle, None, args, kwargs)

    def __repr__(self) -> str:
        return f"<function {self.__name__}>"


class RemoteObject:
    """An object that stays in the checker process (e.g. a mystery neuron); its methods call back."""

    def __init__(self, channel: Channel, handle: int, methods: tuple[str, ...], text: str):
        object.__setattr__(self, "_channel", channel)
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_methods", methods)
        object.__setattr__(self, "_text", text)

    def __getattr__(self, name):
        if name in self._methods:

            def method(*args, **kwargs):
                return self._channel.call(self._handle, name, args, kwargs)

            method.__name__ = name
            return method
        raise AttributeError(f"{self._text} has no attribute {name!r}")

    def __setattr__(self, name, value):
        raise AttributeError(f"{self._text} cannot be changed")

    def __repr__(self) -> str:
        return self._text


def signature_from_data(parameters) -> inspect.Signature | None:
    """Rebuild a signature from ``[(name, kind, has_default), ...]`` (no default values)."""
    try:
        return inspect.Signature(
            [
                inspect.Parameter(
                    str(name), inspect._ParameterKind(int(kind)), **({"default": None} if has_default else {})
                )
                for name, kind, has_default in parameters
            ]
        )
    except (TypeError, ValueError):
        return None


def signature_data(function) -> list[tuple[str, int, bool]] | None:
    """The signature of a function as plain data."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    return [
        (p.name, int(p.kind), p.default is not inspect.Parameter.empty) for p in signature.parameters.values()
    ]


# --------------------------------------------------------------------------- channel


class Channel:
    """One end of the conversation: send and receive frames, serve calls while waiting.

    Parameters
    ----------
    reader, writer : binary file objects
        The pipes.
    trusted : bool
        True in the checker process: what it receives is unpickled with restrictions.
    """

    def __init__(self, reader, writer, *, trusted: bool):
        self.reader = reader
        self.writer = writer
        self.trusted = trusted
        self._objects: dict[int, Any] = {}
        self.student_files: set[str] = set()

    def register(self, obj) -> int:
        for handle, known in self._objects.items():
            if known is obj:
                return handle
        handle = len(self._objects) + 1
        self._objects[handle] = obj
        return handle

    def send(self, message) -> None:
        buffer = io.BytesIO()
        if not self.trusted:
            message = _plain(message)
        _Pickler(buffer, self).dump(message)
        data = buffer.getvalue()
        self.writer.write(_HEADER.pack(len(data)) + data)
        self.writer.flush()

    def _read_exactly(self, n: int) -> bytes:
        chunks, remaining = [], n
        while remaining:
            chunk = self.reader.read(remaining)
            if not chunk:
                raise ProtocolError("the other process closed the connection", closed=True)
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def receive(self):
        (size,) = _HEADER.unpack(self._read_exactly(_HEADER.size))
        if size > MAX_MESSAGE_BYTES:
            raise ProtocolError(f"a message of {size} bytes is too large")
        data = self._read_exactly(size)
        try:
            return _RestrictedUnpickler(io.BytesIO(data), self).load()
        except ProtocolError:
            raise
        except Exception as error:
            raise ProtocolError(f"an unreadable message ({type(error).__name__}: {error})"[:300]) from None

    def call(self, handle: int, method: str | None, args, kwargs):
        """Call a function or method of the other side and wait for its answer."""
        self.send(("call", handle, method, tuple(args), dict(kwargs)))
        return self.wait_reply()

    def wait_reply(self):
        while True:
            message = self.receive()
            if not isinstance(message, tuple) or not message:
                raise ProtocolError("a malformed message")
            kind = message[0]
            if kind == "return" and len(message) == 2:
                return message[1]
            if kind == "raise" and len(message) == 2 and isinstance(message[1], dict):
                raise rebuild_exception(message[1])
            if kind == "call" and len(message) == 5:
                self.serve(message)
                continue
            raise ProtocolError(f"an unexpected message {kind!r}"[:100])

    def serve(self, message) -> None:
        """Run one call of the other side and send back its result or its exception."""
        _, handle, method, args, kwargs = message
        target = self._objects.get(handle) if isinstance(handle, int) else None
        if (
            target is None
            or (method is None and _is_checker_side(target))
            or not isinstance(args, tuple)
            or not isinstance(kwargs, dict)
            or not all(isinstance(key, str) for key in kwargs)
        ):
            self.send(
                (
                    "raise",
                    {
                        "type": "RuntimeError",
                        "builtin": True,
                        "message": "a bad call",
                        "location": None,
                        "not_implemented": False,
                    },
                )
            )
            return
        if method is not None:
            allowed = getattr(type(target), "__checker_side__", ())
            if method not in allowed:
                self.send(
                    (
                        "raise",
                        {
                            "type": "AttributeError",
                            "builtin": True,
                            "message": f"no method {method!r}",
                            "location": None,
                            "not_implemented": False,
                        },
                    )
                )
                return
            target = getattr(target, method)
        try:
            result = target(*args, **kwargs)
        except ProtocolError:
            raise
        except (Exception, SystemExit) as error:
            self.send(("raise", exception_info(error, self.student_files)))
            return
        try:
            self.send(("return", result))
        except ProtocolError:
            raise
        except Exception as error:  # the result cannot be sent (pickling failed)
            self.send(
                (
                    "raise",
                    {
                        "type": "TypeError",
                        "builtin": True,
                        "message": f"the result cannot be sent to the check: {error}"[:300],
                        "location": None,
                        "not_implemented": False,
                    },
                )
            )
