"""Chapter 05 benchmarks: event-driven against clock-driven simulation, and SNN inference.

1. The same delta-synapse LIF network (N_in Poisson inputs, N neurons, chapter 01's
   connectivity) simulated by ``neuromorphic.simulate_event_network`` event-driven and
   clock-driven, across input rates: wall time (best of ``--repeats``), synaptic events per
   second, neuron updates, and the input rate above which the clock-driven loop is faster.
2. The converted digits SNN (64-64-32-10, T steps): ``simulate_converted_snn`` (all test
   images at once, dense numpy) against snnTorch-style dense time stepping in numpy (one image
   at a time, every layer multiplied at every step, as ``snntorch.Leaky`` layers behind
   ``nn.Linear`` do) and an event-driven numpy loop (one image at a time, adding only the weight
   rows of the neurons that spiked). All three give the same predictions; the script checks it.

Usage: ``python benchmarks/neuromorphic.py [--neurons 2000] [--repeats 3] [--steps 200]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from neurocourse import neuromorphic as nm
from neurocourse.networks import fixed_indegree, stack_presynaptic


def best_time(function, repeats):
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def event_vs_clock(n_neurons, repeats):
    n_inputs = n_neurons // 2
    rng = np.random.default_rng(1)
    connectivity = stack_presynaptic(
        [
            fixed_indegree(n_inputs, n_neurons, 40, weight=3.0, rng=rng),
            fixed_indegree(n_neurons, n_neurons, 40, weight=-0.4, rng=rng, allow_autapses=False),
        ]
    )
    duration, dt = 1000.0, 0.1
    print(
        f"\n1. Event-driven vs clock-driven: {n_inputs} inputs -> {n_neurons} LIF neurons, "
        f"indegree 40 + 40, {duration:g} ms at dt = {dt} ms"
    )
    print(
        f"{'input Hz':>8} {'out Hz':>7} {'syn. ops':>10} {'event upd.':>11} {'clock upd.':>11} "
        f"{'event [s]':>9} {'clock [s]':>9} {'clock/event':>11} {'events/s (event)':>17}"
    )
    nm.simulate_event_network(connectivity, np.zeros((n_inputs, 10), bool), duration=1.0, dt=dt)  # compile
    nm.simulate_event_network(
        connectivity, np.zeros((n_inputs, 10), bool), duration=1.0, dt=dt, method="clock"
    )
    crossover = None
    rows = []
    for rate in (0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200):
        raster = nm.encode_rate(np.ones(n_inputs), duration=duration, dt=dt, max_rate=rate, rng=2)
        t_event, event = best_time(
            lambda r=raster: nm.simulate_event_network(
                connectivity, r, duration=duration, dt=dt, method="event"
            ),
            repeats,
        )
        t_clock, clock = best_time(
            lambda r=raster: nm.simulate_event_network(
                connectivity, r, duration=duration, dt=dt, method="clock"
            ),
            repeats,
        )
        assert np.array_equal(event.spike_indices, clock.spike_indices)
        rows.append((rate, t_event, t_clock))
        if crossover is None and t_clock < t_event:
            crossover = rate
        print(
            f"{rate:8g} {event.mean_rate:7.1f} {event.synaptic_ops:10d} {event.neuron_updates:11d} "
            f"{clock.neuron_updates:11d} {t_event:9.4f} {t_clock:9.4f} {t_clock / t_event:11.2f} "
            f"{event.synaptic_ops / t_event:17.3g}"
        )
    if crossover is None:
        print("event-driven was faster at every input rate tried")
    else:
        print(f"clock-driven becomes faster at an input rate of about {crossover:g} Hz")
    return rows


def snntorch_style_dense(snn, x, n_steps):
    """One image at a time; every layer's dense matmul at every step (snnTorch-style)."""
    predictions = np.empty(len(x), dtype=np.int64)
    for i, image in enumerate(x):
        potentials = [np.zeros(w.shape[1]) for w in snn.weights]
        counts = np.zeros(snn.weights[-1].shape[1])
        spikes = None
        for _ in range(n_steps):
            current = image @ snn.weights[0] + snn.biases[0]
            for layer, (w, b) in enumerate(zip(snn.weights, snn.biases, strict=True)):
                if layer > 0:
                    current = spikes @ w + b
                potentials[layer] += current
                spikes = (potentials[layer] >= 1.0).astype(float)
                potentials[layer] -= spikes
            counts += spikes
        predictions[i] = np.argmax(counts + 0.49 * np.clip(potentials[-1], -1.0, 1.0))
    return predictions


def event_driven_numpy(snn, x, n_steps):
    """One image at a time; a layer adds only the weight rows of the neurons that spiked."""
    predictions = np.empty(len(x), dtype=np.int64)
    for i, image in enumerate(x):
        drive = image @ snn.weights[0] + snn.biases[0]
        potentials = [np.zeros(w.shape[1]) for w in snn.weights]
        counts = np.zeros(snn.weights[-1].shape[1])
        active = None
        for _ in range(n_steps):
            current = drive
            for layer, (w, b) in enumerate(zip(snn.weights, snn.biases, strict=True)):
                if layer > 0:
                    current = w[active].sum(axis=0) + b
                potentials[layer] += current
                fired = potentials[layer] >= 1.0
                potentials[layer][fired] -= 1.0
                active = np.flatnonzero(fired)
            counts[active] += 1
        predictions[i] = np.argmax(counts + 0.49 * np.clip(potentials[-1], -1.0, 1.0))
    return predictions


def conversion_inference(n_steps, repeats):
    task = nm.digits_task()
    snn = nm.convert_to_snn(task.mlp, task.x_train)
    x = task.x_test
    print(
        f"\n2. Converted digits SNN {task.mlp.layer_sizes}, T = {n_steps} steps, {len(x)} test images "
        f"(reset by subtraction)"
    )
    t_lib, lib = best_time(lambda: nm.simulate_converted_snn(snn, x, n_steps=n_steps), repeats)
    t_dense, dense = best_time(lambda: snntorch_style_dense(snn, x, n_steps), 1)
    t_event, event = best_time(lambda: event_driven_numpy(snn, x, n_steps), 1)
    lib_pred = lib.predictions[-1]
    agree_dense = np.mean(lib_pred == dense)
    agree_event = np.mean(lib_pred == event)
    spikes_per_step = sum(c.sum() for c in lib.spike_counts) / (len(x) * n_steps)
    print(f"{'implementation':<46} {'total [s]':>9} {'per image [ms]':>14}")
    for name, t in (
        ("neurocourse simulate_converted_snn (batched)", t_lib),
        ("snnTorch-style dense stepping, numpy, batch 1", t_dense),
        ("event-driven rows, numpy, batch 1", t_event),
    ):
        print(f"{name:<46} {t:9.3f} {1000 * t / len(x):14.3f}")
    print(
        f"predictions identical to the library: dense {agree_dense:.3f}, event-driven {agree_event:.3f}; "
        f"accuracy {np.mean(lib_pred == task.y_test):.4f} (ANN {task.ann_accuracy:.4f})"
    )
    print(f"mean spikes per step per image: {spikes_per_step:.1f} of {sum(task.mlp.layer_sizes[1:])} neurons")
    print(f"dense / batched = {t_dense / t_lib:.1f}x, event-driven / dense = {t_event / t_dense:.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neurons", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    event_vs_clock(args.neurons, args.repeats)
    conversion_inference(args.steps, args.repeats)


if __name__ == "__main__":
    main()
