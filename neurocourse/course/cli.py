"""The ``neurocourse`` command: build, assign, check, export-nbgrader and lab.

Examples
--------
::

    neurocourse build 00            # run lecture + solution notebooks of chapter 00
    neurocourse build --check       # CI: committed .ipynb inputs equal their .py sources
    neurocourse assign              # write exercises/ from solutions/
    neurocourse assign --check      # CI: exercises/ is up to date
    neurocourse check submissions/ --roster roster.csv --csv grades.csv --feedback feedback/
    neurocourse export-nbgrader 01  # solutions notebook with nbgrader metadata
    neurocourse lab                 # copy the course to ./neurocourse-work, open JupyterLab
    neurocourse site                # build the course website into _build/site
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["build_parser", "main"]

_DESCRIPTION = """\
Tools for the neurocourse notebooks.

  build    run lecture and solution notebooks on fresh kernels and write their .ipynb
  assign   generate the student notebooks exercises/NN_topic.ipynb from solutions/
  check    grade student notebooks: each exercise passed / not attempted / failed
  export-nbgrader  write a chapter's solutions notebook with nbgrader's cell metadata
  lab      copy the course into a workspace and open JupyterLab on it
  bench    run the performance suite (widgets, notebooks, start-up, scaling, tests)
  site     build the course website (notebooks with their outputs, API reference) offline
"""

_EPILOG = """\
exit status: 0 success; 1 a check or build failed (or an exercise did not pass);
2 usage error (missing file, not a notebook, unknown chapter).
"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"the timeout must be > 0 seconds, got {text}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port must be in 1..65535, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``neurocourse`` command."""
    from .. import __version__

    course_root = argparse.ArgumentParser(add_help=False)
    course_root.add_argument(
        "--course-root",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the course folder (holding notebooks/ and solutions/); default: the repository "
        "of an editable install, else the current folder or its nearest parent holding the course",
    )
    parser = argparse.ArgumentParser(
        prog="neurocourse",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"neurocourse {__version__}")
    parser.add_argument("--course-root", metavar="DIR", default=None, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        parents=[course_root],
        help="run lecture and solution notebooks and write their .ipynb with outputs",
        description="Run notebooks/*.py and solutions/*.py (jupytext sources) top to bottom on fresh "
        "python3 kernels, in their own folders, and write the paired .ipynb with outputs.",
    )
    build.add_argument(
        "chapter", nargs="?", metavar="CHAPTER", help="only this chapter: a stem (00_welcome) or prefix (00)"
    )
    build.add_argument(
        "--check",
        action="store_true",
        help="execute nothing; fail if an .ipynb is missing, its input cells differ from its .py, "
        "or it lacks the python3 kernelspec",
    )
    build.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=600.0,
        metavar="S",
        help="time limit per cell in seconds (default 600)",
    )

    assign = commands.add_parser(
        "assign",
        parents=[course_root],
        help="write the student notebooks exercises/NN_topic.ipynb from solutions/",
        description="Replace every region between '### BEGIN SOLUTION [hint: ...]' and '### END SOLUTION' "
        'in solutions/NN_topic.py by raise NotImplementedError("Exercise: <hint>") (markdown: '
        "YOUR ANSWER HERE) and write exercises/NN_topic.ipynb without outputs.",
    )
    assign.add_argument("chapter", nargs="?", metavar="CHAPTER", help="only this chapter: a stem or prefix")
    assign.add_argument(
        "--check",
        action="store_true",
        help="write nothing; fail if exercises/ is stale or holds a notebook with no source",
    )

    check = commands.add_parser(
        "check",
        parents=[course_root],
        help="grade student notebooks: each exercise passed / not attempted / failed",
        description="Grade submissions. Each notebook runs on a temporary copy (the file is never "
        "changed) in a sandbox (bubblewrap when installed, else a plain limited process), then each "
        "exercise is decided by a fresh checker process that calls the student's extracted exercise "
        "code in another sandboxed process: nothing the notebook prints or patches counts. "
        "WARNING: this runs the students' code; see docs/instructors.md.",
    )
    check.add_argument(
        "paths", nargs="+", metavar="NOTEBOOK_OR_DIR", help="notebooks, or folders of submissions"
    )
    check.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=120.0,
        metavar="S",
        help="time limit per cell in seconds (default 120)",
    )
    check.add_argument(
        "--notebook-timeout",
        type=_positive_seconds,
        default=1200.0,
        metavar="S",
        help="time limit for a whole notebook in seconds (default 1200)",
    )
    check.add_argument(
        "--check-timeout",
        type=_positive_seconds,
        default=300.0,
        metavar="S",
        help="time limit for each exercise's check in seconds (default 300)",
    )
    check.add_argument(
        "--memory",
        type=_positive_int,
        default=4096,
        metavar="MB",
        help="memory limit of each process running student code, in MB (default 4096)",
    )
    check.add_argument(
        "--isolation",
        choices=("auto", "bubblewrap", "process"),
        default="auto",
        help="bubblewrap: sandbox with bwrap (Linux); process: plain limited processes (weaker); "
        "auto (default): bubblewrap when it works here",
    )
    check.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="grade N submissions at a time (default: the number of CPUs)",
    )
    check.add_argument(
        "--roster",
        metavar="CSV",
        help="CSV with columns student,seed: each student's seed (default: the folder name is the seed)",
    )
    check.add_argument(
        "--chapter",
        metavar="CHAPTER",
        help="expect this chapter (a stem like 01_circuits); a notebook of another chapter gets an error row",
    )
    check.add_argument("--csv", metavar="FILE", help="write one row per submission to this CSV file")
    check.add_argument(
        "--feedback",
        metavar="DIR",
        help="write one Markdown feedback file per submission and summary.md into DIR",
    )
    check.add_argument(
        "--checks-module",
        action="append",
        default=[],
        metavar="MODULE",
        help="also import this checker module (repeatable); it must be importable in the kernel too",
    )

    export = commands.add_parser(
        "export-nbgrader",
        parents=[course_root],
        help="write a chapter's solutions notebook with nbgrader's cell metadata",
        description="Write solutions/NN_topic.py as a notebook for nbgrader's source/ folder: solution "
        "cells, autograded test cells that call the course's checkers, read-only cells for the rest.",
    )
    export.add_argument("chapter", metavar="CHAPTER", help="a chapter stem or prefix (01)")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the notebook to write (default: nbgrader/source/<chapter>/<chapter>.ipynb)",
    )

    lab = commands.add_parser(
        "lab",
        parents=[course_root],
        help="copy the course into a workspace and open JupyterLab",
        description="Copy notebooks/, exercises/ and solutions/ into a workspace without overwriting "
        "anything there, then start JupyterLab on it at the welcome notebook.",
    )
    lab.add_argument(
        "workspace", nargs="?", default=None, metavar="DIR", help="the workspace (default ./neurocourse-work)"
    )
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    lab.add_argument("--no-launch", action="store_true", help="only copy the course; do not start JupyterLab")
    lab.add_argument("--port", type=_port, default=None, metavar="P", help="port for JupyterLab")

    bench = commands.add_parser(
        "bench",
        parents=[course_root],
        help="run the performance suite and write benchmarks/results.md",
        description="Run the repository's benchmarks (python -m benchmarks): widget latency, notebook "
        "times with a cold and a warm numba cache, start-up, network scaling against Brian2, and the "
        "README test command; print a table and write benchmarks/results.md.",
    )
    bench.add_argument(
        "--only",
        default=None,
        metavar="PARTS",
        help="comma-separated: widgets,notebooks,startup,scaling,tests",
    )
    bench.add_argument("--quick", action="store_true", help="fewer settings, sizes and repeats")

    site = commands.add_parser(
        "site",
        parents=[course_root],
        help="build the course website into _build/site",
        description="Build a static website of the course with Sphinx and myst-nb (pip install -e .[docs]): "
        "the README as front page, every lecture and solutions notebook with its stored outputs (nothing "
        "is executed), a glossary, the course map and the API reference. Offline; the configuration is "
        "docs/site/conf.py.",
    )
    site.add_argument(
        "--output", default=None, metavar="DIR", help="the HTML folder (default: <course>/_build/site)"
    )
    return parser


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _print_problems(title: str, problems: list[str], fix: str) -> int:
    if not problems:
        print(f"{title}: OK")
        return 0
    print(f"{title}: {_count(len(problems), 'problem')}")
    for problem in problems:
        print(f"  - {problem}")
    print(fix)
    return 1


def _run_build(args) -> int:
    from .build import build_notebooks, check_build
    from .notebooks import find_course_root

    root = find_course_root(args.course_root)
    if args.check:
        problems = check_build(root, chapter=args.chapter)
        fix = "Fix: run `neurocourse build` and commit the .ipynb files."
        return _print_problems("build --check", problems, fix)
    built = build_notebooks(root, chapter=args.chapter, timeout=args.timeout)
    if not built:
        print("nothing to build: no notebooks/*.py or solutions/*.py sources")
    else:
        print(f"built {_count(len(built), 'notebook')} in {sum(b.seconds for b in built):.1f} s")
    return 0


def _run_assign(args) -> int:
    from .assign import assign_exercises, check_assignments
    from .notebooks import find_course_root

    root = find_course_root(args.course_root)
    if args.check:
        problems = check_assignments(root, chapter=args.chapter)
        fix = "Fix: run `neurocourse assign` and commit exercises/."
        return _print_problems("assign --check", problems, fix)
    written = assign_exercises(root, chapter=args.chapter)
    if not written:
        print("nothing to assign: no solutions/*.py sources")
    return 0


def _run_check(args) -> int:
    from ..checks import SECRET_ENV, SECRET_FILE_ENV, course_secret, using_self_study_secret
    from .errors import CourseUsageError
    from .grade import (
        GradingOptions,
        format_exercise_summary,
        format_summary,
        grade_notebooks,
        read_roster,
        write_feedback,
        write_grades_csv,
    )
    from .sandbox import choose_isolation, isolation_note

    try:
        course_secret()
    except RuntimeError as error:
        raise CourseUsageError(str(error)) from None
    isolation = choose_isolation(args.isolation)
    print(isolation_note(isolation), file=sys.stderr)
    if using_self_study_secret():
        print(
            f"note: no course secret ({SECRET_ENV} or {SECRET_FILE_ENV}): hidden answers use the public "
            "self-study default, which anybody can compute",
            file=sys.stderr,
        )
    options = GradingOptions(
        timeout=args.timeout,
        notebook_timeout=args.notebook_timeout,
        check_timeout=args.check_timeout,
        memory_mb=args.memory,
        isolation=isolation,
        roster=read_roster(args.roster) if args.roster else None,
        chapter=args.chapter,
        extra_modules=tuple(args.checks_module),
    )
    grades = grade_notebooks(
        args.paths, options=options, jobs=args.jobs, echo=lambda text: print(text + "\n", flush=True)
    )
    if len(grades) > 1:
        print(format_summary(grades))
        print()
    print(format_exercise_summary(grades))
    if args.csv:
        path = write_grades_csv(grades, args.csv)
        print(f"wrote {path}")
    if args.feedback:
        written = write_feedback(grades, args.feedback)
        print(f"wrote {_count(len(written) - 1, 'feedback file')} and summary.md to {args.feedback}")
    return 0 if grades and all(grade.all_passed for grade in grades) else 1


def _run_export(args) -> int:
    from .nbgrader import export_nbgrader
    from .notebooks import display_path, find_course_root

    root = find_course_root(args.course_root)
    path = export_nbgrader(root, args.chapter, output=args.output)
    print(f"wrote {display_path(path)}")
    return 0


def _run_lab(args) -> int:
    from .lab import DEFAULT_WORKSPACE, lab_command, launch_lab, prepare_workspace
    from .notebooks import display_path, find_course_root

    root = find_course_root(args.course_root)
    workspace = Path(args.workspace if args.workspace is not None else DEFAULT_WORKSPACE)
    result = prepare_workspace(root, workspace)
    print(f"workspace: {result.workspace}")
    print(f"  copied {_count(len(result.copied), 'file')}")
    existing = sorted([*result.kept, *result.unchanged])
    if existing:
        print(f"  kept {_count(len(existing), 'existing file')} (never overwritten):")
        for path in existing:
            note = (
                "yours differs from the course's version" if path in result.kept else "same as the course's"
            )
            print(f"    {path}  ({note})")
    if result.kept:
        print(
            "  to get the course's version of a file you changed, rename or delete yours and run "
            "`neurocourse lab` again"
        )
    if args.no_launch:
        return 0
    command = lab_command(result.workspace, open_browser=not args.no_browser, port=args.port)
    print(f"starting JupyterLab in {display_path(result.workspace)} (stop it with Ctrl-C twice)", flush=True)
    return launch_lab(command, cwd=result.workspace)


def _run_bench(args) -> int:
    import subprocess

    from .errors import CourseUsageError
    from .notebooks import find_course_root

    root = find_course_root(args.course_root)
    if not (root / "benchmarks" / "__main__.py").is_file():
        raise CourseUsageError(
            f"no benchmarks/ folder in {root}: the benchmarks live in the course repository, "
            "not in the installed package; run this from a clone of the repository"
        )
    command = [sys.executable, "-m", "benchmarks"]
    if args.only:
        command += ["--only", args.only]
    if args.quick:
        command.append("--quick")
    return subprocess.call(command, cwd=root)


def build_site(root: Path, output: Path) -> Path:
    """Build the course website of the repository ``root`` into ``output``; return its index.html.

    Runs ``sphinx-build -b html`` with the configuration in ``docs/site/`` on a temporary source
    folder, which that configuration fills from the repository. Raises ``CourseUsageError``
    when Sphinx or myst-nb is missing or ``root`` has no ``docs/site/``, ``CourseError`` when
    the build fails.
    """
    import importlib.util
    import subprocess
    import tempfile

    from .errors import CourseError, CourseUsageError

    conf = Path(root) / "docs" / "site" / "conf.py"
    if not conf.is_file():
        raise CourseUsageError(
            f"no docs/site/conf.py in {root}: the website is built from the course repository; "
            "run this from a clone of the repository"
        )
    missing = [name for name in ("sphinx", "myst_nb") if importlib.util.find_spec(name) is None]
    if missing:
        raise CourseUsageError(
            f"the website needs {' and '.join(missing)}: pip install -e .[docs] (from the repository)"
        )
    output = Path(output).resolve()
    with tempfile.TemporaryDirectory(prefix="neurocourse-site-") as work:
        source = Path(work) / "source"
        source.mkdir()
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "1", "-E"]
        command += ["-c", str(conf.parent), "-d", str(Path(work) / "doctrees"), str(source), str(output)]
        status = subprocess.call(command, cwd=root)
    if status != 0 or not (output / "index.html").is_file():
        raise CourseError(f"sphinx-build failed (exit status {status}); its messages are above")
    return output / "index.html"


def _run_site(args) -> int:
    from .notebooks import display_path, find_course_root

    root = find_course_root(args.course_root)
    output = Path(args.output) if args.output is not None else root / "_build" / "site"
    index = build_site(root, output)
    print(f"wrote the website: open {display_path(index)}")
    return 0


_COMMANDS = {
    "build": _run_build,
    "assign": _run_assign,
    "check": _run_check,
    "export-nbgrader": _run_export,
    "lab": _run_lab,
    "bench": _run_bench,
    "site": _run_site,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``neurocourse`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        Exit status: 0 success, 1 failure (a check, a build, an exercise), 2 usage error.
    """
    from .errors import CourseError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # argparse exits on --help and on usage errors
        return int(exit_request.code or 0)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return _COMMANDS[args.command](args)
    except CourseError as error:
        print(f"neurocourse {args.command}: error: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print(f"neurocourse {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
