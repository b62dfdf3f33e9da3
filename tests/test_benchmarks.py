"""The performance suite (``python -m benchmarks``, ``neurocourse bench``) runs and reports.

Speed is never asserted here (it is measured by the benchmarks, as ratios in one run); these
tests hold that the machinery measuring it works: each part returns its figures with the
fields its table needs, a part that cannot run says why, and the command refuses a misspelt
part before measuring anything.
"""

import math
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import notebook_times  # noqa: E402
import scaling  # noqa: E402
import startup  # noqa: E402
import widget_times  # noqa: E402


def test_widget_latency_is_measured_through_the_controls():
    rows = widget_times.run(3, names=["mach_bands"], echo=lambda line: None)
    (row,) = rows
    assert row["demo"] == "mach_bands" and row["timed"] + row["refused"] == 3
    assert 0 < row["median_ms"] <= row["p95_ms"] <= row["max_ms"]
    table = widget_times.markdown(rows)
    assert table[2].startswith("| mach_bands |") and len(table) == 3


def test_widget_latency_takes_each_demo_from_its_best_fresh_process():
    rows = widget_times.run_processes(2, 2, names=["mach_bands"], echo=lambda line: None)
    (row,) = rows
    assert row["demo"] == "mach_bands" and len(row["process_medians_ms"]) == 2
    assert row["median_ms"] == min(row["process_medians_ms"])
    assert row["median_ms"] <= row["p95_ms"] <= row["max_ms"]
    table = widget_times.markdown(rows)
    assert table[0].endswith("| medians of the processes [ms] |") and table[0].count("|") == 9
    assert table[1].count("|") == 9
    assert table[2].startswith("| mach_bands |") and table[2].count("|") == 9


def test_every_demo_is_in_the_latency_sweep():
    import neurocourse as nc

    names = widget_times.demo_names()
    assert len(names) >= 20
    for name in names:
        assert callable(getattr(nc.widgets, name)) and callable(getattr(nc.widgets, f"update_{name}"))


@pytest.mark.slow
def test_startup_breaks_the_first_result_down():
    record = startup.measure("01", repeat=1)
    assert record["process_s"] > record["imports_s"] > 0
    assert record["kernels_loaded"] >= 1 and record["cache_loads_s"] > 0  # the cache was warmed first
    assert record["first_call_s"] >= record["cache_loads_s"]
    assert all(math.isfinite(value) for value in record.values() if isinstance(value, float))
    assert "| 01 | CUBA" in "\n".join(startup.markdown([record]))


def _record(impl, n, run_s, first_call_s):
    return {
        "impl": impl,
        "n": n,
        "duration_s": 1.0,
        "run_s": run_s,
        "first_call_s": first_call_s,
        "synaptic_events": 10**6,
        "rate_e_hz": 5.0,
        "rate_i_hz": 5.0,
        "peak_rss_mb": 100.0,
    }


def test_scaling_decides_the_run_target_on_the_paired_median():
    """Two best-of times measured minutes apart can fall on either side of the target as the
    machine's speed drifts; alternating pairs decide it when there are any."""
    records = [
        _record("neurocourse", 1000, 0.012, 0.9),
        _record("brian2-cpp_standalone", 1000, 0.020, 5.0),
        _record("brian2-cython", 1000, 0.4, 4.0),
        {
            "impl": "paired",
            "n": 1000,
            "ours_s": [1, 1, 1],
            "standalone_s": [1, 1, 1],
            "ratios": [0.3, 0.62, 0.41],
        },
        _record("neurocourse", 4000, 0.030, 1.0),
        _record("brian2-cpp_standalone", 4000, 0.080, 6.0),
    ]
    by_n = {row["n"]: row for row in scaling.ratios(records)}
    assert by_n[1000]["run_vs_standalone"] == 0.6  # best of each: missed
    assert by_n[1000]["paired_run_vs_standalone"] == 0.41 and by_n[1000]["run_target_met"]
    assert by_n[1000]["paired_range"] == (0.3, 0.62) and by_n[1000]["paired_count"] == 3
    assert by_n[1000]["brian2_best_first_over_ours"] == pytest.approx(4.0 / 0.9, abs=0.01)
    assert not by_n[1000]["first_target_met"]
    assert "paired_run_vs_standalone" not in by_n[4000] and by_n[4000]["run_target_met"]  # 0.375
    table = scaling.markdown(records).splitlines()
    assert "| 1000 | **0.41** (0.3-0.62, 3) | 0.6 |" in "\n".join(table)
    assert "| 4000 |  | **0.375** |" in "\n".join(table)


def test_notebook_table_marks_a_notebook_over_budget():
    rows = [
        {"notebook": "notebooks/a.ipynb", "cold_run_s": 70.0, "warm_run_s": 12.0},
        {"notebook": "notebooks/b.ipynb", "cold_run_s": 90.0, "warm_run_s": 61.0},
    ]
    lines = notebook_times.markdown(rows)
    assert lines[2] == "| notebooks/a.ipynb | 70.0 | 12.0 | yes |"
    assert lines[3].endswith("| **no** |")


def test_the_bench_command_refuses_an_unknown_part_before_measuring():
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "widgets,speed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "unknown part(s) speed" in out.stderr


def test_bench_keep_replaces_only_the_parts_it_runs(tmp_path, monkeypatch):
    """``--only widgets --keep`` re-measures one part and keeps the other sections, each dated."""
    import importlib

    monkeypatch.syspath_prepend(str(ROOT))
    bench = importlib.import_module("benchmarks.__main__")
    out = tmp_path / "results.md"
    calls = []

    def fake(part, value):
        def run(args):
            calls.append(part)
            return [f"## {bench.SECTION_NUMBERS[part]}. {part}", "", f"{part} measured {value}"]

        return run

    monkeypatch.setitem(bench.RUNNERS, "widgets", fake("widgets", "first"))
    monkeypatch.setitem(bench.RUNNERS, "startup", fake("startup", "first"))
    assert bench.main(["--only", "widgets,startup", "--output", str(out)]) == 0
    first = out.read_text()
    assert "every figure from one run" in first and first.index("widgets measured") < first.index(
        "startup measured"
    )
    monkeypatch.setitem(bench.RUNNERS, "widgets", fake("widgets", "second"))
    assert bench.main(["--only", "widgets", "--keep", "--output", str(out)]) == 0
    second = out.read_text()
    assert calls == ["widgets", "startup", "widgets"]
    assert "widgets measured second" in second and "widgets measured first" not in second
    assert "startup measured first" in second and second.count("## 3. startup") == 1
    assert "widgets from this run; startup kept from earlier runs" in second
    assert second.index("## 1. widgets") < second.index("## 3. startup")
    assert second.count("_(startup: measured in") == 1 and second.count("ending 20") == 2
    assert second.count("Load average at the end") == 1
    assert bench.main(["--only", "widgets", "--output", str(out)]) == 0  # no --keep: one run only
    assert "startup" not in out.read_text()


def test_neurocourse_bench_outside_the_repository_says_where_the_benchmarks_are(tmp_path):
    from neurocourse.course.cli import main

    (tmp_path / "notebooks").mkdir()
    (tmp_path / "solutions").mkdir()
    assert main(["bench", "--course-root", str(tmp_path)]) == 2
