"""The checker process: decides one exercise of one submission, outside the student's kernel.

``neurocourse check`` starts one fresh checker process per exercise (``python -m
neurocourse.course.checker_process JOB.json RESULT.json``). It is the only process with the
course secret. It imports the checker modules, starts the student process in the sandbox
(:mod:`neurocourse.course.student_process`, which gets only the exercise code), and runs the
registered checker with proxies of the student's functions (:mod:`neurocourse.course.rpc`).
The verdict is written to ``RESULT.json``, a file the student's processes cannot reach.
"""

from __future__ import annotations

import json
import os
import sys

__all__ = ["main", "run_job"]


def _result(status: str, message: str, **extra) -> dict:
    return {"status": status, "message": message, **extra}


def run_job(job: dict) -> dict:
    """Run one check as described by ``job`` (written by :mod:`neurocourse.course.grade`)."""
    import subprocess

    try:
        import resource
    except ImportError:  # Windows
        resource = None

    from ..checks import evaluate_check, load_checker_modules
    from .rpc import Channel, ProtocolError, RemoteFunction, signature_from_data

    memory = int(job["memory_bytes"])

    def limit():
        for kind, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CORE, 0)):
            try:
                resource.setrlimit(kind, (value, value))
            except (ValueError, OSError):
                pass

    with open(job["student_log"], "wb") as log:
        process = subprocess.Popen(
            job["student_command"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env=job["student_env"],
            cwd=job["student_cwd"],
            preexec_fn=limit if resource is not None else None,
        )
    channel = Channel(process.stdout, process.stdin, trusted=True)
    try:
        # The student process imports the library meanwhile.
        failures = load_checker_modules(extra_modules=job.get("extra_modules", ()))
        if failures and any(name in failures for name in job.get("extra_modules", ())):
            return _result("error", f"a checker module failed to import: {sorted(failures)}")
        names = list(dict.fromkeys(job["args"] + list(job["kwargs"].values())))
        channel.send(("load", [tuple(cell) for cell in job["cells"]], names))
        message = channel.receive()
        if not (isinstance(message, tuple) and len(message) == 3 and message[0] == "loaded"):
            raise ProtocolError("the student process did not load the code")
        answers, load_errors = message[1], message[2]
        values = {}
        for name in names:
            answer = answers.get(name) if isinstance(answers, dict) else None
            if not isinstance(answer, tuple) or not answer:
                errors = (
                    "; ".join(
                        f"cell {int(index) + 1} raised {kind}: {text}" for index, kind, text in load_errors
                    )[:300]
                    if load_errors
                    else ""
                )
                return _result(
                    "missing",
                    f"`{name}` is not defined by your exercise code" + (f" ({errors})" if errors else ""),
                    name=name,
                )
            if answer[0] == "function" and len(answer) == 4:
                values[name] = RemoteFunction(
                    channel, int(answer[1]), str(answer[2]), signature_from_data(answer[3] or [])
                )
            elif answer[0] == "value" and len(answer) == 2:
                values[name] = answer[1]
            else:
                raise ProtocolError("a malformed answer")
        args = [values[name] for name in job["args"]]
        kwargs = {key: values[name] for key, name in job["kwargs"].items()}
        if job.get("seed") is not None:
            kwargs["seed"] = job["seed"]
        result = evaluate_check(job["chapter"], job["exercise"], *args, **kwargs)
        return _result(result.status, result.message, title=result.title)
    except ProtocolError as error:
        if not error.closed:
            return _result("failed", f"the check could not read what your code sent: {error}"[:300])
        try:
            code = process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        reason = "your code's process ended during the check"
        if code is not None and code < 0:
            reason += f" (killed by signal {-code}: out of memory, or a crash)"
        elif code:
            reason += f" (exit status {code}: did your code call exit() or os._exit()?)"
        return _result("failed", reason, detail=str(error)[:300])
    finally:
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str] | None = None) -> int:
    """Read the job, run it, write the verdict as JSON."""
    argv = sys.argv[1:] if argv is None else argv
    job_path, result_path = argv
    with open(job_path, encoding="utf-8") as job_file:
        job = json.load(job_file)
    os.unlink(job_path)
    try:
        result = run_job(job)
    except Exception as error:  # a bug of a checker: reported, never a crash of the batch
        result = _result("error", f"the checker failed: {type(error).__name__}: {error}"[:400])
    with open(result_path, "w", encoding="utf-8") as result_file:
        json.dump(result, result_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
