"""Benchmark the 10-armed testbed (Sutton & Barto 2018, Figure 2.2): 2000 runs x 1000 steps.

Three implementations of the same epsilon-greedy, sample-average agent, measured in the same run:

* ``neurocourse``: :func:`neurocourse.reward.run_bandit` (numba kernel over runs and steps; the
  random numbers drawn by numpy beforehand), with a warm disk cache;
* ``numpy-vectorised``: the plain vectorised numpy implementation a practitioner writes: a
  Python loop over the 1000 steps, every operation vectorised over the 2000 runs, random ties
  broken by adding a tiny random jitter before ``argmax``;
* ``python-per-run``: the textbook loop of ShangtongZhang/reinforcement-learning-an-introduction
  (one ``Bandit`` object per run, ``np.random`` calls per step), timed on 100 runs and scaled
  to 2000.

All three must agree on the published numbers (about 1.37 average reward and 80 % optimal
actions over the last 100 steps for eps = 0.1; the per-run loop on its 100 runs within noise).
Each timing is the best of ``--repeat`` runs. Prints one JSON line per implementation and one
line of ratios.

Usage::

    python benchmarks/bandits.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import time

import numpy as np

from neurocourse import reward

N_RUNS, N_STEPS, N_ARMS, EPSILON = 2000, 1000, 10, 0.1


def numpy_vectorised(q_true, epsilon, n_steps, rng):
    """Epsilon-greedy with sample averages, vectorised over runs, looping over steps."""
    n_runs, n_arms = q_true.shape
    rows = np.arange(n_runs)
    q = np.zeros((n_runs, n_arms))
    counts = np.zeros((n_runs, n_arms))
    best = q_true.argmax(axis=1)
    rewards = np.empty((n_runs, n_steps))
    optimal = np.empty((n_runs, n_steps), dtype=bool)
    for t in range(n_steps):
        greedy = (q + 1e-9 * rng.random((n_runs, n_arms))).argmax(axis=1)  # random tie-breaking
        explore = rng.random(n_runs) < epsilon
        action = np.where(explore, rng.integers(0, n_arms, n_runs), greedy)
        r = q_true[rows, action] + rng.standard_normal(n_runs)
        counts[rows, action] += 1
        q[rows, action] += (r - q[rows, action]) / counts[rows, action]
        rewards[:, t] = r
        optimal[:, t] = action == best
    return rewards.mean(axis=0), optimal.mean(axis=0)


def python_per_run(q_true, epsilon, n_steps, rng):
    """One agent at a time, one step at a time: the textbook implementation."""
    n_runs, n_arms = q_true.shape
    rewards = np.zeros((n_runs, n_steps))
    optimal = np.zeros((n_runs, n_steps))
    for run in range(n_runs):
        q = np.zeros(n_arms)
        counts = np.zeros(n_arms)
        best = np.argmax(q_true[run])
        for t in range(n_steps):
            if rng.random() < epsilon:
                action = rng.integers(n_arms)
            else:
                action = rng.choice(np.flatnonzero(q == q.max()))
            r = q_true[run, action] + rng.standard_normal()
            counts[action] += 1
            q[action] += (r - q[action]) / counts[action]
            rewards[run, t] = r
            optimal[run, t] = action == best
    return rewards.mean(axis=0), optimal.mean(axis=0)


def neurocourse_run(q_true, epsilon, n_steps, rng):
    result = reward.run_bandit(reward.BanditParams(epsilon=epsilon), q_true, n_steps=n_steps, rng=rng)
    return result.average_reward, result.optimal_fraction


def best_time(function, q_true, repeat, seed):
    times, out = [], None
    for k in range(repeat):
        start = time.perf_counter()
        out = function(q_true, EPSILON, N_STEPS, np.random.default_rng(seed + k))
        times.append(time.perf_counter() - start)
    return min(times), out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-run-runs", type=int, default=100)
    args = parser.parse_args(argv)
    q_true = reward.make_testbed(N_RUNS, n_arms=N_ARMS, rng=2018)
    neurocourse_run(q_true[:10], EPSILON, 10, np.random.default_rng(0))  # load the cached kernel
    results = {}
    for name, function, q, scale in (
        ("neurocourse", neurocourse_run, q_true, 1.0),
        ("numpy-vectorised", numpy_vectorised, q_true, 1.0),
        ("python-per-run", python_per_run, q_true[: args.per_run_runs], N_RUNS / args.per_run_runs),
    ):
        seconds, (average, optimal) = best_time(function, q, args.repeat if scale == 1.0 else 1, seed=1)
        results[name] = seconds * scale
        print(
            json.dumps(
                {
                    "impl": name,
                    "runs": q.shape[0],
                    "steps": N_STEPS,
                    "seconds": round(seconds, 4),
                    "seconds_for_2000_runs": round(seconds * scale, 4),
                    "last100_average_reward": round(float(average[-100:].mean()), 3),
                    "last100_optimal_percent": round(100 * float(optimal[-100:].mean()), 1),
                }
            )
        )
    print(
        json.dumps(
            {
                "impl": "ratios",
                "numpy_over_neurocourse": round(results["numpy-vectorised"] / results["neurocourse"], 1),
                "per_run_over_neurocourse": round(results["python-per-run"] / results["neurocourse"], 1),
                "machine": f"{platform.machine()}, numpy {np.__version__}",
            }
        )
    )


if __name__ == "__main__":
    main()
