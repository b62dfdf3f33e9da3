"""Measure how fast every widget demo answers a slider move, and print a table.

For each demo exported by :mod:`neurocourse.widgets` (every ``update_<name>`` with a builder
``<name>()``), build the demo, then move its controls the way a learner would: one control
at a time, round-robin, through ``--settings`` values spread over each control's range
(sliders) or options (menus). Each move calls the update function and renders its figure to
PNG in memory, which is what a notebook frontend receives. Settings the demo refuses (a
message instead of a figure) are counted, not timed.

Printed per demo: the median and maximum wall time [ms], the median CPU time of this
process [ms] (close to the wall time of an idle machine; the difference shows how busy the
machine is), the number of timed and refused settings, and whether the median meets the
course's budget of 150 ms.

Usage::

    python benchmarks/widget_times.py [--settings 20] [--budget-ms 150]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import os
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import numpy as np  # noqa: E402

import neurocourse as nc  # noqa: E402


def control_values(widget, n):
    """Return ``n`` values spread over a control's range or options."""
    options = getattr(widget, "options", None)
    if options:
        values = [opt[1] if isinstance(opt, tuple) else opt for opt in options]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            picks = np.linspace(0, len(values) - 1, n).round().astype(int)
            return [values[i] for i in picks]
        return list(itertools.islice(itertools.cycle(values), n))
    if isinstance(widget, ipywidgets.FloatLogSlider):  # min and max are exponents of base
        return [float(v) for v in widget.base ** np.linspace(widget.min, widget.max, n)]
    if hasattr(widget, "min") and hasattr(widget, "max"):
        values = np.linspace(widget.min, widget.max, n)
        step = getattr(widget, "step", None)
        if step:
            values = widget.min + np.round((values - widget.min) / step) * step
        return [type(widget.value)(v) for v in values]
    return [widget.value] * n


def settings_for(demo, n):
    """``n`` settings: start from the defaults and move one control at a time, round-robin."""
    names = list(demo.controls)
    per_control = {name: control_values(demo.controls[name], n) for name in names}
    current = demo.values()
    out = []
    for k in range(n):
        name = names[k % len(names)]
        current = dict(current, **{name: per_control[name][(k * 7) % n]})
        out.append(current)
    return out


def measure(demo, settings):
    """Time each setting from the control change to the finished PNG, as a learner sees it.

    Each setting differs from the previous one in one control; setting that control's value
    runs the demo's refresh (update function, drawing on the demo's reused figure, PNG) before
    returning, exactly as a slider move does in a notebook.
    """
    wall, cpu, refused = [], [], 0
    for setting in settings:
        changed = [(name, value) for name, value in setting.items() if demo.controls[name].value != value]
        w0, c0 = time.perf_counter(), time.process_time()
        for name, value in changed:
            demo.controls[name].value = value
        if not changed:  # the same value again: a learner re-running the cell
            demo.refresh()
        if "cannot be simulated" in demo.message.value:
            refused += 1
            continue
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return np.array(wall) * 1000, np.array(cpu) * 1000, refused


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=int, default=20, help="settings per demo (default 20)")
    parser.add_argument("--budget-ms", type=float, default=150.0, help="median budget [ms] (default 150)")
    args = parser.parse_args(argv)
    names = [
        name[len("update_") :]
        for name in nc.widgets.__all__
        if name.startswith("update_") and name[len("update_") :] in nc.widgets.__all__
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"neurocourse {nc.__version__}, matplotlib {matplotlib.__version__}, {os.cpu_count()} CPUs, "
        f"load average {load:.1f}; {args.settings} settings per demo, update + PNG render"
    )
    header = (
        f"{'demo':28s} {'median ms':>10s} {'p95 ms':>7s} {'max ms':>8s} {'cpu ms':>8s} {'timed':>6s} "
        f"{'refused':>8s}  budget"
    )
    print(header)
    print("-" * len(header))
    for name in names:
        build = getattr(nc.widgets, name)
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # Demo shows its figure; no frontend here
            demo = build()  # the first refresh warms caches and compiled kernels
        first = 1000 * (time.perf_counter() - t0)
        wall, cpu, refused = measure(demo, settings_for(demo, args.settings))
        if wall.size == 0:
            print(f"{name:28s} every setting refused")
            continue
        ok = "ok" if np.median(wall) <= args.budget_ms else "OVER"
        print(
            f"{name:28s} {np.median(wall):10.0f} {np.percentile(wall, 95):7.0f} {wall.max():8.0f} "
            f"{np.median(cpu):8.0f} {wall.size:6d} "
            f"{refused:8d}  {ok}   (built in {first:.0f} ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
