"""The sandboxed process that holds one submission's exercise code and answers the checker's calls.

Started by :mod:`neurocourse.course.checker_process` (inside bubblewrap when available) as
``python -m neurocourse.course.student_process``, with a scrubbed environment that has no
course secret. It reads the exercise code from the checker, runs it in a fresh namespace,
hands back a function handle (or the value) for each name the check needs, then serves the
checker's calls until the pipe closes. The student's prints go to stderr, never into the
conversation with the checker.
"""

from __future__ import annotations

import linecache
import os
import sys

__all__ = ["main"]


def _load(channel, cells, names):
    from .rpc import exception_info, signature_data

    namespace = {"__name__": "__student__", "__builtins__": __builtins__}
    load_errors = []
    for index, source in cells:
        filename = f"<cell {index + 1}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        channel.student_files.add(filename)
        try:
            exec(compile(source, filename, "exec"), namespace)
        except (Exception, SystemExit) as error:
            info = exception_info(error, channel.student_files)
            load_errors.append((index, info["type"], info["message"]))
    answers = {}
    for name in names:
        if name not in namespace:
            continue
        value = namespace[name]
        if callable(value) and not isinstance(value, type):
            answers[name] = (
                "function",
                channel.register(value),
                getattr(value, "__name__", name),
                signature_data(value),
            )
        else:
            answers[name] = ("value", value)
    return answers, load_errors


def main() -> int:
    """Serve one checker over stdin/stdout."""
    from .rpc import Channel, ProtocolError

    reader = os.fdopen(os.dup(0), "rb", buffering=0)
    writer = os.fdopen(os.dup(1), "wb", buffering=0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, encoding="utf-8")
    sys.stdout = sys.stderr
    channel = Channel(reader, writer, trusted=False)
    try:
        import neurocourse  # noqa: F401  (the library, loaded while the checker loads its own)
        import neurocourse.neurons  # noqa: F401

        message = channel.receive()
        if not (isinstance(message, tuple) and len(message) == 3 and message[0] == "load"):
            return 3
        answers, load_errors = _load(channel, message[1], message[2])
        channel.send(("loaded", answers, load_errors))
        while True:
            message = channel.receive()
            if isinstance(message, tuple) and len(message) == 5 and message[0] == "call":
                channel.serve(message)
            else:
                return 3
    except ProtocolError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
