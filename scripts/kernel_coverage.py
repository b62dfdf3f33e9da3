#!/usr/bin/env python3
"""Show which lines and branches of the numba kernels no unit test reaches.

Runs the unit tests of the kernels' modules with ``NUMBA_DISABLE_JIT=1`` (every
``@numba.njit`` function is then plain Python) under ``coverage run --branch``, finds every
kernel -- a function named ``_..._kernel`` -- by parsing the package's modules, and prints
the lines of each kernel that never ran and the branches never taken. The habit is
umap's ``ci_scripts/test.sh``: compiled code is invisible to coverage, so measure the same
code interpreted.

    python scripts/kernel_coverage.py            # report; exit 1 only if a test fails
    python scripts/kernel_coverage.py --strict   # also exit 1 if a kernel line or branch is missed
    python scripts/kernel_coverage.py -- -x      # extra arguments after -- go to pytest

Tests marked ``slow`` are left out, and so are those that inspect compiled dispatchers
(marked ``jit`` by tests/conftest.py) and the few in ``TOO_SLOW_WITHOUT_JIT`` below; the
run takes about three minutes on two cores.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "neurocourse"

#: Unit tests that drive the kernels (files not present are skipped with a note).
TEST_FILES = [
    "tests/test_lif.py",
    "tests/test_izhikevich.py",
    "tests/test_inputs.py",
    "tests/test_connectivity.py",
    "tests/test_spiking.py",
    "tests/test_wilson_cowan.py",
    "tests/test_linear_threshold.py",
    "tests/test_izhikevich2003.py",
    "tests/test_hebb.py",
    "tests/test_sparse_coding.py",
    "tests/test_reward.py",
    "tests/test_stdp.py",
    "tests/test_neuromorphic.py",
]

#: Tests that interpreted kernels make too slow: node ids relative to ROOT, or their prefixes
#: (pytest's --deselect matches prefixes). Smaller tests of the same modules cover these kernels.
TOO_SLOW_WITHOUT_JIT = [
    # builds 12.5 million synapses in Python loops, about a minute (and asserts a wall-clock time)
    "tests/test_connectivity.py::test_full_size_brunel_connectivity_builds",
    # builds networks of 4-6 million synapses to measure the peak memory: many minutes
    # interpreted; the stacking and the builders are covered by the smaller tests
    "tests/test_connectivity.py::test_building_needs_little_more_memory_than_the_result",
    # CUBA-4000 and Brunel-2000 built twice each (0.3 and 0.6 million synapses)
    "tests/test_connectivity.py::test_presets_build_what_the_public_builders_stack",
    # the paper's 1000-neuron network for 1 s (the `paper_runs` fixture), 45 s interpreted
    "tests/test_izhikevich2003.py::test_excitatory_and_inhibitory_rates_are_a_few_hz",
    "tests/test_izhikevich2003.py::test_population_",
    # thousands of bandit runs or Lasso problems, or 1000 s of Song's neuron: 30-220 s each
    # interpreted; the smaller tests of the same kernels stay in
    "tests/test_reward.py::test_other_agents_beat_epsilon_greedy_as_in_the_book",
    "tests/test_reward.py::test_gradient_bandit_needs_its_baseline_when_values_are_shifted",
    "tests/test_reward.py::test_testbed_epsilon_greedy_matches_sutton_barto_figure_2_2",
    "tests/test_reward.py::test_epsilon_greedy_asymptote_is_one_minus_eps_plus_eps_over_k",
    "tests/test_stdp.py::test_song_miller_abbott_competition_gives_u_shaped_weights_and_rate_normalisation",
    "tests/test_stdp.py::test_competitive_stdp_learning_does_not_depend_on_the_step",
    "tests/test_sparse_coding.py::test_coordinate_descent_duality_gap_bounds_the_distance_to_the_optimum",
    "tests/test_sparse_coding.py::test_fista_and_ista_satisfy_the_lasso_optimality_conditions",
    "tests/test_sparse_coding.py::test_gain_adaptation_equalises_the_coefficient_variance",
    "tests/test_sparse_coding.py::test_coordinate_descent_satisfies_the_lasso_optimality_conditions",
    "tests/test_sparse_coding.py::test_learning_recovers_a_planted_sparse_dictionary",
]

#: A kernel: a function whose name starts with an underscore and ends in ``_kernel``.
KERNEL_NAME = re.compile(r"^_\w+_kernel$")


def kernel_functions(path: Path) -> list[tuple[str, int, int]]:
    """Return ``(name, first_line, last_line)`` of every kernel function defined in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.name, node.lineno, node.end_lineno)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and KERNEL_NAME.match(node.name)
    ]


def source_snapshot() -> dict[str, str]:
    """Return the text of every module of the package, by path relative to ROOT."""
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}


def run_tests(data_file: Path, pytest_args: list[str]) -> int:
    """Run the kernel tests interpreted, under coverage; return pytest's exit status."""
    files = []
    for name in TEST_FILES:
        if (ROOT / name).is_file():
            files.append(name)
        else:
            print(f"kernel coverage: {name} does not exist, skipped")
    deselect = [arg for node in TOO_SLOW_WITHOUT_JIT for arg in ("--deselect", node)]
    cmd = [
        sys.executable,
        "-m",
        "coverage",
        "run",
        f"--data-file={data_file}",
        "--branch",
        f"--source={PACKAGE}",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-m",
        "not slow",
        *deselect,
        *files,
        *pytest_args,
    ]
    env = dict(os.environ, NUMBA_DISABLE_JIT="1")
    print("+ NUMBA_DISABLE_JIT=1", " ".join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT, env=env)


def uncovered_kernels(data_file: Path) -> list[str]:
    """Return report lines: each kernel's missed lines and branches, with their source."""
    report_file = data_file.with_suffix(".json")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "coverage",
            "json",
            f"--data-file={data_file}",
            "-o",
            str(report_file),
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
    )
    measured = {
        Path(name).resolve(): data for name, data in json.loads(report_file.read_text())["files"].items()
    }
    lines = []
    for path in sorted(PACKAGE.rglob("*.py")):
        kernels = kernel_functions(path)
        if not kernels:
            continue
        source = path.read_text(encoding="utf-8").splitlines()
        relative = path.relative_to(ROOT)
        data = measured.get(path.resolve())
        for name, first, last in kernels:
            if data is None:
                lines.append(f"{relative}:{first}: {name}: never imported by the tests")
                continue
            missing = [n for n in data["missing_lines"] if first <= n <= last]
            branches = [(a, b) for a, b in data.get("missing_branches", []) if first <= a <= last]
            if not missing and not branches:
                continue
            lines.append(f"{relative}: {name} (lines {first}-{last})")
            for n in missing:
                lines.append(f"    {relative}:{n}: never ran: {source[n - 1].strip()}")
            for a, b in branches:
                if a in missing:
                    continue  # the line never ran at all: already listed
                target = f"line {b}" if b > 0 else "the function's exit"
                lines.append(f"    {relative}:{a}: never jumped to {target}: {source[a - 1].strip()}")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 if a kernel line or branch is not covered"
    )
    parser.add_argument("pytest_args", nargs="*", help="extra arguments for pytest (after --)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kernel-coverage-") as tmp:
        data_file = Path(tmp) / "coverage.dat"
        before = source_snapshot()
        status = run_tests(data_file, args.pytest_args)
        if status != 0:
            print(
                f"kernel coverage: the tests failed with the JIT disabled (pytest exit status {status})",
                file=sys.stderr,
            )
            return 1
        changed = sorted(name for name, text in source_snapshot().items() if before.get(name) != text)
        if changed:
            print(
                "kernel coverage: these files changed during the run, so their line numbers may not "
                f"match what was measured; run again: {', '.join(changed)}",
                file=sys.stderr,
            )
            return 1
        report = uncovered_kernels(data_file)
    if not report:
        print("kernel coverage: every line and branch of every kernel ran")
        return 0
    print("kernel coverage: lines and branches of the kernels that no test reached:")
    print("\n".join(report))
    return 1 if args.strict else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
