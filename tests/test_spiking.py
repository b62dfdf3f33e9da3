"""The LIF network kernel: closed forms, delays to the step, kernels vs Python, validation."""

import dataclasses
import math
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurocourse.networks import spiking
from neurocourse.networks.connectivity import Connectivity, bernoulli, from_edges, stack_presynaptic
from neurocourse.networks.spiking import (
    LIFNetworkParams,
    NetworkResult,
    PoissonDrive,
    SpikingNetwork,
    simulate_spiking_network,
)

DT = 0.1


def empty(n):
    return from_edges([], [], n_pre=n, n_post=n, weights=0.0)


def single_synapse(weight, delay, *, n=2):
    """Neuron 0 -> neuron 1 (and nothing else) in a network of ``n``."""
    return from_edges([0], [1], n_pre=n, n_post=n, weights=weight, delays=delay)


def driven_pair(weight, delay, tau_syn=0.0, t_ref=2.0):
    """Neuron 0 fires (bias above threshold), neuron 1 sits at rest and listens."""
    params = LIFNetworkParams(tau_m=20.0, e_leak=0.0, v_threshold=20.0, v_reset=10.0, t_ref=t_ref)
    return SpikingNetwork(
        single_synapse(weight, delay), params=params, tau_syn=(tau_syn,), bias=np.array([25.0, 0.0])
    )


def small_mixed_network(seed=0, n=60):
    """Delta and exponential channels, heterogeneous delays, Poisson drive, bias."""
    rng = np.random.default_rng(seed)
    n_e = 3 * n // 4
    ce = bernoulli(n_e, n, 0.2, weight=1.5, delay=0.0, rng=rng)
    ci = bernoulli(n - n_e, n, 0.2, weight=-3.0, delay=0.0, rng=rng)
    conn = stack_presynaptic([ce, ci])
    delays = rng.integers(0, 25, conn.n_synapses) * DT
    conn = Connectivity(conn.indptr, conn.indices, conn.weights, delays, n, n)
    channels = np.r_[np.zeros(n_e // 2, int), np.ones(n_e - n_e // 2, int), np.full(n - n_e, 2)]
    return SpikingNetwork(
        conn,
        params=LIFNetworkParams(tau_m=15.0, e_leak=0.0, v_threshold=15.0, v_reset=5.0, t_ref=1.0),
        channels=channels,
        tau_syn=(0.0, 4.0, 7.0),
        drive=PoissonDrive(n_inputs=100, rate=60.0, weight=0.4),
        bias=rng.uniform(-2.0, 2.0, n),
        populations={"E": slice(0, n_e), "I": slice(n_e, n)},
    )


# --------------------------------------------------------------------------- closed forms


@pytest.mark.parametrize(
    "e_leak, bias, t_ref, dt",
    [(-49.0, 0.0, 5.0, 0.1), (-60.0, 11.0, 5.0, 0.1), (-49.0, 0.0, 2.0, 0.01), (-45.0, 0.0, 0.0, 0.05)],
)
def test_constant_drive_fires_at_the_analytic_lif_rate(e_leak, bias, t_ref, dt):
    params = LIFNetworkParams(tau_m=20.0, e_leak=e_leak, v_threshold=-50.0, v_reset=-60.0, t_ref=t_ref)
    net = SpikingNetwork(empty(1), params=params, bias=bias)
    result = simulate_spiking_network(net, duration=2000.0, dt=dt, v_init=-60.0)
    drive = e_leak + bias
    free = 20.0 * math.log((drive + 60.0) / (drive + 50.0))
    analytic = 1000.0 / (t_ref + free)
    isi = np.diff(result.spike_times)
    # the crossing is detected at the first grid point after it: every ISI is the same whole
    # number of steps, and the analytic period lies within one step below it
    expected_isi = (round(t_ref / dt) + math.ceil(free / dt - 1e-9)) * dt
    np.testing.assert_allclose(isi, expected_isi, atol=1e-9)
    assert 0.0 <= expected_isi - (t_ref + free) < dt
    assert abs(1000.0 / isi.mean() - analytic) <= analytic**2 * dt / 1000.0


def test_subthreshold_voltage_relaxes_exactly():
    params = LIFNetworkParams(tau_m=10.0, e_leak=-70.0, v_threshold=-50.0, v_reset=-75.0, t_ref=2.0)
    net = SpikingNetwork(empty(3), params=params, bias=np.array([0.0, 5.0, 15.0]))
    result = simulate_spiking_network(net, duration=50.0, dt=DT, v_init=-80.0, record=True)
    v_inf = -70.0 + np.array([0.0, 5.0, 15.0])[:, None]
    expected = v_inf + (-80.0 - v_inf) * np.exp(-result.time / 10.0)
    np.testing.assert_allclose(result.voltage, expected, rtol=0, atol=1e-10)
    assert result.n_spikes == 0


@pytest.mark.parametrize("tau_syn", [5.0, 20.0, 3.3])
def test_exponential_psp_matches_the_closed_form(tau_syn):
    # one presynaptic spike; the listener's voltage is J tau_s/(tau_s - tau_m) (e^-t/tau_s - e^-t/tau_m)
    net = driven_pair(2.0, 0.0, tau_syn=tau_syn, t_ref=500.0)
    result = simulate_spiking_network(net, duration=60.0, dt=DT, v_init=np.array([20.5, 0.0]), record=[1])
    assert result.spike_times.tolist() == [0.0]  # starts above threshold: fires at t = 0
    t = result.time
    tau_m = 20.0
    if tau_syn == tau_m:
        expected = 2.0 * t / tau_m * np.exp(-t / tau_m)
    else:
        expected = 2.0 * tau_syn / (tau_syn - tau_m) * (np.exp(-t / tau_syn) - np.exp(-t / tau_m))
    expected[t < 0] = 0.0
    np.testing.assert_allclose(result.voltage[0], expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("delay", [0.0, 0.1, 1.5, 3.0, 7.7])
@pytest.mark.parametrize("tau_syn", [0.0, 5.0])
def test_delay_shifts_the_response_by_exactly_the_delay(delay, tau_syn):
    net = driven_pair(3.0, delay, tau_syn=tau_syn, t_ref=500.0)
    result = simulate_spiking_network(net, duration=30.0, dt=DT, v_init=np.array([19.0, 0.0]), record=[1])
    assert result.n_spikes == 1 and result.spike_times[0] > 3.0
    spike_step = int(round(result.spike_times[0] / DT))
    moved = np.flatnonzero(result.voltage[0] != 0.0)
    arrival = spike_step + int(round(delay / DT))
    if tau_syn == 0.0:
        # the recorded voltage at t_n includes the jumps at t_n
        assert moved[0] == arrival
        assert result.voltage[0, arrival] == pytest.approx(3.0, abs=1e-12)
    else:
        # the synaptic variable jumps at the arrival; the voltage follows from the next step
        assert moved[0] == arrival + 1


# Every delay mode of the engine: all delays zero ("direct": exponential inputs go straight
# into the synaptic variables), one common delay (a ring buffer with one slot per step of
# delay), heterogeneous delays (per-synapse slots), and heterogeneous delays that all round to
# zero steps (heterogeneous propagation in direct mode: the bug of issue 6).
DELAY_MODES = {
    "zero": [0.0, 0.0],
    "uniform": [0.7, 0.7],
    "heterogeneous": [0.3, 1.2],
    "sub-step": [0.0, 0.04],
}


def one_spike_two_listeners(delays, tau_syn, weight=2.0):
    """Neuron 0 fires once, at t = 0 (it starts above threshold; t_ref outlasts the run), onto
    listeners 1 and 2 at rest, through synapses with the given delays [ms]."""
    conn = from_edges([0, 0], [1, 2], n_pre=3, n_post=3, weights=weight, delays=delays)
    return SpikingNetwork(conn, params=LIFNetworkParams(t_ref=500.0), tau_syn=(tau_syn,))


def exact_psp(t, weight, tau_syn, tau_m=20.0):
    """The listener's PSP [mV] at times t [ms] after the arrival (0 before it)."""
    t = np.asarray(t, dtype=float)
    out = np.zeros_like(t)
    after = t >= 0
    if tau_syn == 0.0:
        out[after] = weight * np.exp(-t[after] / tau_m)
    else:
        # J tau_s / (tau_s - tau_m) (e^{-t/tau_s} - e^{-t/tau_m}), written without cancellation
        ta = t[after]
        out[after] = (
            weight
            * tau_syn
            / (tau_syn - tau_m)
            * np.exp(-ta / tau_syn)
            * -np.expm1(-ta * (1.0 / tau_m - 1.0 / tau_syn))
        )
    return out


@pytest.mark.parametrize("schedule", ["inputs_first", "brian2"])
@pytest.mark.parametrize("tau_syn", [0.0, 5.0])
@pytest.mark.parametrize("mode", list(DELAY_MODES))
def test_single_spike_gives_the_exact_psp_in_every_delay_mode(mode, tau_syn, schedule):
    delays = DELAY_MODES[mode]
    net = one_spike_two_listeners(delays, tau_syn)
    result = simulate_spiking_network(
        net, duration=40.0, dt=DT, v_init=np.array([20.5, 0.0, 0.0]), record=[1, 2], schedule=schedule
    )
    assert result.spike_times.tolist() == [0.0] and result.spike_indices.tolist() == [0]
    for row, delay in zip(result.voltage, delays, strict=True):
        arrival = round(delay / DT) * DT  # delays are rounded to whole steps
        expected = exact_psp(result.time - arrival, 2.0, tau_syn)
        # delta: V jumps by J at the arrival step (recorded there), then relaxes;
        # exponential: s jumps at the arrival, V rises from the next step
        first = int(np.flatnonzero(row)[0])
        assert first == round(delay / DT) + (0 if tau_syn == 0.0 else 1)
        np.testing.assert_allclose(row, expected, rtol=1e-12, atol=0)


def test_sub_step_delays_deliver_like_zero_delays():
    # the issue-6 bug: delays [0, 0.04] ms at dt 0.1 (both round to 0 steps) delivered nothing
    peaks = []
    for delays in ([0.0, 0.04], [0.0, 0.0]):
        result = simulate_spiking_network(
            one_spike_two_listeners(delays, 5.0),
            duration=30.0,
            dt=DT,
            v_init=np.array([20.5, 0.0, 0.0]),
            record=[1, 2],
        )
        peaks.append(result.voltage.max(axis=1))
    np.testing.assert_array_equal(peaks[0], peaks[1])
    t_peak = 20.0 * 5.0 / (20.0 - 5.0) * math.log(20.0 / 5.0)  # the PSP's maximum, 9.24 ms
    assert peaks[0][0] == pytest.approx(exact_psp([t_peak], 2.0, 5.0)[0], rel=1e-3)  # 0.945 mV


def held_listener(delays, *, v_hold=19.0, weight=1.0):
    """Neuron 0 fires at t = 0 onto listeners held at ``v_hold`` [mV] by their bias (V stays
    there exactly), with delta synapses of ``weight`` [mV] and the given delays [ms]."""
    n_post = len(delays)
    conn = from_edges(
        [0] * n_post,
        list(range(1, n_post + 1)),
        n_pre=n_post + 1,
        n_post=n_post + 1,
        weights=weight,
        delays=delays,
    )
    bias = np.r_[0.0, np.full(n_post, v_hold)]
    return SpikingNetwork(conn, params=LIFNetworkParams(t_ref=500.0), bias=bias)


@pytest.mark.parametrize("delays", [[1.5], [0.1], [0.3, 1.2, 4.0], [0.0]])
def test_a_jump_that_crosses_threshold_fires_in_its_own_step(delays):
    # the listeners sit at 19 mV; a 1 mV jump brings them to exactly theta = 20 mV: V >= theta
    v_init = np.r_[20.5, np.full(len(delays), 19.0)]
    result = simulate_spiking_network(held_listener(delays), duration=10.0, dt=DT, v_init=v_init)
    assert result.n_spikes == 1 + len(delays)
    first = dict(zip(result.spike_indices.tolist(), result.spike_times.tolist(), strict=True))
    for k, delay in enumerate(delays, start=1):
        steps = round(delay / DT)
        # the spike caused by an arrival at t_n is at t_n (with a zero delay: a cascade within
        # the presynaptic spike's step)
        assert first[k] == pytest.approx(steps * DT, abs=1e-12)
    # Brian2's order tests the threshold before the jumps: the listener decays for a step first,
    # from exactly theta to 19 + e^{-dt/tau_m} < 20 mV, and never fires ...
    brian2 = simulate_spiking_network(
        held_listener(delays), duration=10.0, dt=DT, v_init=v_init, schedule="brian2"
    )
    assert brian2.n_spikes == 1
    # ... and a larger jump fires one step late
    brian2 = simulate_spiking_network(
        held_listener(delays, weight=1.5), duration=10.0, dt=DT, v_init=v_init, schedule="brian2"
    )
    first = dict(zip(brian2.spike_indices.tolist(), brian2.spike_times.tolist(), strict=True))
    for k, delay in enumerate(delays, start=1):
        assert first[k] == pytest.approx((round(delay / DT) + 1) * DT, abs=1e-12)


@pytest.mark.parametrize("t_ref", [0.0, 2.0])
def test_zero_delay_jumps_cascade_within_the_step_and_each_neuron_fires_once(t_ref):
    # 0 -> 1 -> 2 -> 1 with zero delays: 0 fires at t = 0 and its jump fires 1, whose jump fires
    # 2, whose jump returns to 1 -- which has fired in this step already and does not fire again
    conn = from_edges([0, 1, 2], [1, 2, 1], n_pre=3, n_post=3, weights=1.0, delays=0.0)
    net = SpikingNetwork(conn, params=LIFNetworkParams(t_ref=t_ref), bias=np.array([0.0, 19.0, 19.0]))
    result = simulate_spiking_network(
        net, duration=0.3, dt=DT, v_init=np.array([20.5, 19.0, 19.0]), record=True
    )
    at_zero = result.spike_times == 0.0
    assert result.spike_indices[at_zero].tolist() == [0, 1, 2]
    # recorded at t = 0: all reset; with t_ref = 0 neuron 1 keeps the jump from 2 (V_r + 1 mV)
    assert result.voltage[:, 0].tolist() == [10.0, 10.0 + (t_ref == 0.0), 10.0]


def test_a_jump_that_stays_below_threshold_does_not_fire():
    net = held_listener([1.5], v_hold=18.9)  # 18.9 + 1 = 19.9 mV < 20 mV
    result = simulate_spiking_network(net, duration=10.0, dt=DT, v_init=np.array([20.5, 18.9]), record=[1])
    assert result.n_spikes == 1
    assert result.voltage[0, 15] == pytest.approx(19.9, abs=1e-12)


@pytest.mark.parametrize("t_ref", [0.0, 0.5, 2.0])
def test_a_saturated_neuron_fires_once_per_refractory_period(t_ref):
    # a huge Poisson drive (about 1000 jumps of 10 mV per step): the neuron fires as soon as its
    # refractory period ends, so every interval is exactly t_ref (one step when t_ref = 0)
    drive = PoissonDrive(n_inputs=1000, rate=10_000.0, weight=10.0)
    net = SpikingNetwork(empty(1), params=LIFNetworkParams(t_ref=t_ref), drive=drive)
    result = simulate_spiking_network(net, duration=20.0, dt=DT, rng=0)
    np.testing.assert_allclose(np.diff(result.spike_times), max(t_ref, DT), atol=1e-9)
    assert result.mean_rate == pytest.approx(1000.0 / max(t_ref, DT), rel=0.05)


def test_a_refractory_period_shorter_than_a_step_is_refused():
    net = SpikingNetwork(empty(2), params=LIFNetworkParams(t_ref=0.05))
    with pytest.raises(ValueError, match=r"t_ref.*dt"):
        simulate_spiking_network(net, duration=5.0, dt=DT)
    assert simulate_spiking_network(net, duration=5.0, dt=0.05).n_steps == 100  # t_ref == dt is fine


def test_buffers_beyond_the_memory_limit_are_refused(monkeypatch):
    # ring buffer: (max_delay + 1) x rows x n x 8 bytes = 1e7 steps of delay x 20 neurons
    conn = from_edges([0, 0], [1, 2], n_pre=20, n_post=20, weights=1.0, delays=[0.0, 1000.0])
    with pytest.raises(ValueError, match="ring buffer"):
        simulate_spiking_network(SpikingNetwork(conn), duration=1.0, dt=1e-4)
    # spike buffers: grown on demand, each growth checked
    import neurocourse._validation as validation

    monkeypatch.setattr(validation, "MAX_ARRAY_BYTES", 500_000)
    params = LIFNetworkParams(tau_m=10.0, e_leak=100.0, v_threshold=0.0, v_reset=-1.0, t_ref=0.0)
    with pytest.raises(ValueError, match="spike buffers"):
        simulate_spiking_network(SpikingNetwork(empty(10), params=params), duration=500.0, dt=DT)


def test_heterogeneous_delays_reach_each_target_on_its_own_step():
    conn = from_edges([0, 0, 0], [1, 2, 3], n_pre=4, n_post=4, weights=1.0, delays=[0.5, 2.0, 4.3])
    net = SpikingNetwork(conn, bias=np.array([25.0, 0.0, 0.0, 0.0]), params=LIFNetworkParams(t_ref=500.0))
    result = simulate_spiking_network(
        net, duration=20.0, dt=DT, v_init=np.array([20.5, 0, 0, 0]), record=[1, 2, 3]
    )
    first = [int(np.flatnonzero(row != 0.0)[0]) for row in result.voltage]
    assert first == [5, 20, 43]


def test_delta_inputs_during_the_refractory_period_are_lost():
    # both spike at t = 0; neuron 0's input reaches neuron 1 at step 5, inside its 20 refractory steps
    conn = from_edges([0], [1], n_pre=2, n_post=2, weights=5.0, delays=0.5)
    params = LIFNetworkParams(tau_m=20.0, e_leak=0.0, v_threshold=20.0, v_reset=10.0, t_ref=2.0)
    net = SpikingNetwork(conn, params=params, bias=np.array([25.0, 0.0]))
    result = simulate_spiking_network(net, duration=5.0, dt=DT, v_init=np.array([20.5, 21.0]), record=[1])
    assert result.spike_times[:2].tolist() == [0.0, 0.0]
    v1 = result.voltage[0]
    assert np.all(v1[:21] == 10.0)  # reset at step 0, clamped for 20 steps, free from step 20
    assert v1[21] == pytest.approx(10.0 * math.exp(-DT / 20.0), abs=1e-12)  # the jump never seen


def test_poisson_drive_gives_campbells_mean_and_variance():
    # free membrane (threshold out of reach): mean J C nu tau, variance J^2 C nu tau / 2
    drive = PoissonDrive(n_inputs=1000, rate=10.0, weight=0.1)
    params = LIFNetworkParams(tau_m=20.0, e_leak=0.0, v_threshold=100.0, v_reset=0.0, t_ref=0.0)
    net = SpikingNetwork(empty(400), params=params, drive=drive)
    result = simulate_spiking_network(net, duration=300.0, dt=DT, v_init=20.0, record=True, rng=3)
    v = result.voltage[:, 1000:]
    rate_per_ms = 1000 * 10.0 / 1000.0
    mean = 0.1 * rate_per_ms * 20.0
    var = 0.1**2 * rate_per_ms * 20.0 / 2.0
    assert v.mean() == pytest.approx(mean, rel=0.01)
    assert v.var() == pytest.approx(var, rel=0.05)


def test_poisson_tables_invert_the_cdf():
    for lam in (0.05, 2.0, 37.5, 900.0):
        cdf, guide = spiking._poisson_tables(lam)
        u = np.random.default_rng(0).random(200_000)
        counts = np.searchsorted(cdf, u, side="right")
        starts = guide[(u * guide.size).astype(int)]
        assert np.all(cdf[starts - 1][starts > 0] <= u[starts > 0])  # the guide never overshoots
        assert counts.mean() == pytest.approx(lam, rel=0.02, abs=0.01)
        assert counts.var() == pytest.approx(lam, rel=0.03, abs=0.01)


def test_many_spikes_grow_the_buffers():
    params = LIFNetworkParams(tau_m=10.0, e_leak=100.0, v_threshold=0.0, v_reset=-1.0, t_ref=0.0)
    net = SpikingNetwork(empty(10), params=params)
    result = simulate_spiking_network(net, duration=500.0, dt=DT, v_init=-1.0)
    # every neuron crosses threshold within one step of each reset: a spike at every step >= 1
    assert result.n_spikes == 10 * (5000 - 1)
    assert np.all(np.diff(result.spike_times) >= 0)


# --------------------------------------------------------------------------- kernels


def _as_python(monkeypatch):
    for name in (
        "_arrivals_kernel",
        "_advance_kernel",
        "_add_jumps_kernel",
        "_integrate_block_kernel",
        "_integrate_block_exp_kernel",
        "_integrate_block_direct_kernel",
        "_clamp_refractory_kernel",
    ):
        monkeypatch.setattr(spiking, name, getattr(spiking, name).py_func)
    monkeypatch.setattr(spiking, "_network_kernel_serial", spiking._network_kernel)


@pytest.mark.parametrize(
    "zero_delays, drive, bias, schedule",
    [
        (False, True, True, "inputs_first"),
        (True, True, True, "inputs_first"),
        (False, False, False, "inputs_first"),
        (True, False, True, "inputs_first"),
        (False, True, True, "brian2"),
        (True, False, True, "brian2"),
    ],
)
def test_compiled_kernels_equal_their_python_functions(monkeypatch, zero_delays, drive, bias, schedule):
    net = small_mixed_network(seed=1, n=24)
    c = net.connectivity
    delays = np.zeros(c.n_synapses) if zero_delays else c.delays
    net = SpikingNetwork(
        Connectivity(c.indptr, c.indices, c.weights, delays, c.n_pre, c.n_post),
        params=net.params,
        channels=net.channels,
        tau_syn=(0.0, 4.0, 7.0, 9.0) if zero_delays else net.tau_syn,
        drive=net.drive if drive else None,
        bias=(net.bias + (0.0 if drive else 16.0)) if bias else 18.0,
    )
    kwargs = dict(
        duration=40.0, dt=DT, v_init=np.linspace(0, 14, 24), record=[0, 5, 23], rng=7, schedule=schedule
    )
    compiled = simulate_spiking_network(net, **kwargs)
    _as_python(monkeypatch)
    python = simulate_spiking_network(net, **kwargs)
    assert compiled.n_spikes > 10
    np.testing.assert_array_equal(compiled.spike_indices, python.spike_indices)
    np.testing.assert_array_equal(compiled.spike_times, python.spike_times)
    np.testing.assert_array_equal(compiled.voltage, python.voltage)


def test_block_kernels_equal_their_python_functions():
    rng = np.random.default_rng(2)
    n = 300
    for kernel, extra in (
        (spiking._integrate_block_kernel, ("x", True)),
        (spiking._integrate_block_exp_kernel, ("s1", "s2", "in1", "in2", 0.1, 0.2, 0.9, 0.8, "x", True)),
        (spiking._integrate_block_direct_kernel, ("s1", "s2", 0.1, 0.2, 0.9, 0.8, "x", False)),
    ):
        v = rng.uniform(-1, 1, n)
        arrays = {k: rng.normal(size=n) for k in ("s1", "s2", "in1", "in2", "x")}
        outs = []
        for f in (kernel, kernel.py_func):
            state = [v.copy()]
            arr = {k: a.copy() for k, a in arrays.items()}
            rest = [arr[e] if isinstance(e, str) else e for e in extra]
            count = f(3, n - 5, state[0], -0.1, 0.95, 0.2, *rest)
            outs.append((count, state, arr))
        assert outs[0][0] == outs[1][0]
        for a, b in zip(outs[0][1], outs[1][1], strict=True):
            np.testing.assert_array_equal(a, b)
        for k in arrays:
            np.testing.assert_array_equal(outs[0][2][k], outs[1][2][k])


def test_parallel_equals_serial():
    net = small_mixed_network(seed=4, n=700)
    kwargs = dict(duration=30.0, dt=DT, v_init=np.linspace(0, 14, 700), record=[0, 350, 699], rng=11)
    serial = simulate_spiking_network(net, **kwargs)
    parallel = simulate_spiking_network(net, parallel=True, **kwargs)
    assert serial.n_spikes > 100
    np.testing.assert_array_equal(serial.spike_indices, parallel.spike_indices)
    np.testing.assert_array_equal(serial.spike_times, parallel.spike_times)
    np.testing.assert_array_equal(serial.voltage, parallel.voltage)


def test_parallel_kernel_is_compiled_with_parallel_and_cached_apart():
    assert spiking._network_kernel_parallel.targetoptions.get("parallel") is True
    assert not spiking._network_kernel_serial.targetoptions.get("parallel")
    parallel, serial = spiking._network_kernel_parallel, spiking._network_kernel_serial
    assert parallel.py_func.__qualname__ != serial.py_func.__qualname__


def test_chunked_run_equals_a_single_chunk(monkeypatch):
    net = small_mixed_network(seed=5, n=50)
    kwargs = dict(duration=40.0, dt=DT, v_init=np.linspace(0, 14, 50), record=True, rng=2)
    whole = simulate_spiking_network(net, **kwargs)
    monkeypatch.setattr(spiking, "_MAX_DRAW", 50 * 7)  # Poisson variates 7 steps at a time
    import neurocourse._progress as progress

    monkeypatch.setattr(progress, "SINGLE_CHUNK_WORK", 10)  # and many chunks
    chunked = simulate_spiking_network(net, progress=True, **kwargs)
    np.testing.assert_array_equal(whole.spike_times, chunked.spike_times)
    np.testing.assert_array_equal(whole.spike_indices, chunked.spike_indices)
    np.testing.assert_array_equal(whole.voltage, chunked.voltage)


def test_same_seed_same_result_other_seed_other_result():
    net = small_mixed_network(seed=6, n=80)
    a = simulate_spiking_network(net, duration=50.0, rng=1)
    b = simulate_spiking_network(net, duration=50.0, rng=np.random.default_rng(1))
    c = simulate_spiking_network(net, duration=50.0, rng=2)
    np.testing.assert_array_equal(a.spike_times, b.spike_times)
    assert a.n_spikes != c.n_spikes or not np.array_equal(a.spike_times, c.spike_times)


def test_a_second_process_compiles_nothing():
    snippet = (
        "import numpy as np\n"
        "from neurocourse.networks import simulate_cuba, simulate_brunel, simulate_wilson_cowan, "
        "simulate_linear_threshold_network, WilsonCowanParams, LinearThresholdParams\n"
        "simulate_cuba(n_neurons=200, duration=5.0, rng=0)\n"
        "simulate_cuba(n_neurons=200, duration=5.0, rng=0, parallel=True)\n"
        "simulate_brunel(n_excitatory=1200, duration=5.0, rng=0)\n"
        "simulate_wilson_cowan(WilsonCowanParams(), duration=1.0)\n"
        "simulate_linear_threshold_network(LinearThresholdParams(), [1.0, 2.0], duration=1.0)\n"
    )
    env = dict(os.environ, NUMBA_DEBUG_CACHE="1")
    runs = [
        subprocess.run([sys.executable, "-c", snippet], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert "data loaded" in runs[1].stdout
    assert "data saved" not in runs[1].stdout


# --------------------------------------------------------------------------- result


def test_result_properties_and_window():
    net = small_mixed_network(seed=8, n=40)
    result = simulate_spiking_network(net, duration=100.0, dt=DT, record=[1, 2], rng=0)
    assert isinstance(result, NetworkResult)
    assert np.all(np.diff(result.spike_times) >= 0)
    assert result.voltage.shape == (2, 1000) and result.time.shape == (1000,)
    assert result.mean_rate == pytest.approx(result.firing_rates.mean())
    rates = result.population_mean_rates
    assert set(rates) == {"E", "I"}
    n_e = 30
    assert rates["E"] * n_e + rates["I"] * (40 - n_e) == pytest.approx(result.mean_rate * 40)
    centres, pop = result.population_rate(10.0)
    assert centres.shape == (10,) and pop.mean() == pytest.approx(result.mean_rate)
    _, pop_e = result.population_rate(10.0, population="E")
    assert pop_e.mean() == pytest.approx(rates["E"])
    assert result.params is net.params and result.n_steps == 1000 and result.duration == pytest.approx(100.0)
    assert "duration" not in {f.name for f in dataclasses.fields(result)}
    with pytest.raises(ValueError, match="read-only"):
        result.voltage[0, 0] = 0.0
    late = result.window(60.0)
    assert late.duration == pytest.approx(40.0) and late.t_start == pytest.approx(60.0)
    np.testing.assert_allclose(late.time, 60.0 + np.arange(400) * DT)
    assert late.voltage.shape == (2, 400)
    np.testing.assert_array_equal(late.voltage, result.voltage[:, 600:])
    assert np.all(late.spike_times >= 60.0 - 1e-9)
    assert late.n_spikes == int(np.sum(result.spike_times >= 60.0 - 1e-9))
    early_and_late = result.window(0.0, 60.0).n_spikes + late.n_spikes
    assert early_and_late == result.n_spikes
    assert result.n_synaptic_events == int(net.connectivity.outdegrees[result.spike_indices].sum())
    with pytest.raises(ValueError, match="population"):
        result.population_rate(10.0, population="X")
    with pytest.raises(ValueError, match="t_start"):
        result.window(-5.0)
    with pytest.raises(ValueError, match="bin_width"):
        result.population_rate(0.0)


# --------------------------------------------------------------------------- validation


def test_params_validation_names_the_parameter():
    for kwargs, name in [
        ({"tau_m": 0.0}, "tau_m"),
        ({"tau_m": -1.0}, "tau_m"),
        ({"tau_m": float("nan")}, "tau_m"),
        ({"t_ref": -1.0}, "t_ref"),
        ({"v_threshold": float("inf")}, "v_threshold"),
        ({"v_reset": 25.0}, "v_reset"),
        ({"e_leak": 1e6}, "e_leak"),
    ]:
        with pytest.raises(ValueError, match=name):
            LIFNetworkParams(**kwargs)
    with pytest.raises(TypeError, match="tau_m"):
        LIFNetworkParams(tau_m="20")
    for kwargs, name in [
        ({"n_inputs": 0, "rate": 1.0, "weight": 0.1}, "n_inputs"),
        ({"n_inputs": 10, "rate": -1.0, "weight": 0.1}, "rate"),
        ({"n_inputs": 10, "rate": 1.0, "weight": float("inf")}, "weight"),
    ]:
        with pytest.raises(ValueError, match=name):
            PoissonDrive(**kwargs)


def test_params_share_the_lif_fields_and_are_keyword_only():
    from neurocourse._params import LIFFields

    params = LIFNetworkParams()
    assert isinstance(params, LIFFields)
    fields = (params.tau_m, params.e_leak, params.v_threshold, params.v_reset, params.t_ref)
    assert fields == (20.0, 0.0, 20.0, 10.0, 2.0)
    assert params.max_dt == 1.0 and LIFNetworkParams(tau_m=5.0).max_dt == 0.5
    with pytest.raises(TypeError):
        LIFNetworkParams(20.0)
    with pytest.raises(TypeError):
        PoissonDrive(10, 5.0, 0.1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.tau_m = 10.0
    with pytest.raises(TypeError):
        SpikingNetwork(empty(2), LIFNetworkParams())  # only the connectivity is positional


def test_network_validation_names_the_field():
    conn = empty(3)
    with pytest.raises(TypeError, match="connectivity"):
        SpikingNetwork(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="square"):
        SpikingNetwork(from_edges([], [], n_pre=2, n_post=3, weights=0.0))
    with pytest.raises(ValueError, match="tau_syn"):
        SpikingNetwork(conn, tau_syn=(-1.0,))
    with pytest.raises(ValueError, match="tau_syn"):
        SpikingNetwork(conn, tau_syn=())
    with pytest.raises(TypeError, match="tau_syn"):
        SpikingNetwork(conn, tau_syn=5.0)
    with pytest.raises(ValueError, match="tau_syn"):
        SpikingNetwork(conn, tau_syn=(float("nan"),))
    with pytest.raises(ValueError, match="channels"):
        SpikingNetwork(conn, channels=[0, 1, 0])
    with pytest.raises(ValueError, match="channels"):
        SpikingNetwork(conn, channels=[0, 0])
    with pytest.raises(ValueError, match="bias"):
        SpikingNetwork(conn, bias=[1.0, 2.0])
    with pytest.raises(ValueError, match="bias"):
        SpikingNetwork(conn, bias=np.nan)
    with pytest.raises(TypeError, match="params"):
        SpikingNetwork(conn, params={"tau_m": 20.0})
    with pytest.raises(TypeError, match="drive"):
        SpikingNetwork(conn, drive=(10, 5.0, 0.1))
    with pytest.raises(ValueError, match="populations"):
        SpikingNetwork(conn, populations={"E": slice(2, 7)})
    with pytest.raises(TypeError, match="populations"):
        SpikingNetwork(conn, populations={"E": [0, 1]})


def test_simulation_validation_names_the_argument():
    net = SpikingNetwork(empty(3))
    cases = [
        (dict(duration=10.0, dt=5.0), ValueError, "dt"),
        (dict(duration=10.0, dt=0.0), ValueError, "dt"),
        (dict(duration=10.0, dt=-0.1), ValueError, "dt"),
        (dict(duration=10.0, dt=float("nan")), ValueError, "dt"),
        (dict(duration=0.0), ValueError, "duration"),
        (dict(duration=-5.0), ValueError, "duration"),
        (dict(duration=float("inf")), ValueError, "duration"),
        (dict(duration=1e12), ValueError, "duration"),
        (dict(duration=10.0, v_init=[0.0, 1.0]), ValueError, "v_init"),
        (dict(duration=10.0, v_init=np.nan), ValueError, "v_init"),
        (dict(duration=10.0, record=[0, 3]), ValueError, "record"),
        (dict(duration=10.0, record=[-1]), ValueError, "record"),
        (dict(duration=10.0, record=[[0]]), ValueError, "record"),
        (dict(duration=10.0, record=[1, 1]), ValueError, "record"),
        (dict(duration=10.0, record=[0.5]), ValueError, "record"),
        (dict(duration=10.0, parallel=1), TypeError, "parallel"),
        (dict(duration=10.0, progress="yes"), TypeError, "progress"),
        (dict(duration=10.0, schedule="nest"), ValueError, "schedule"),
        (dict(duration=10.0, rng="abc"), TypeError, "rng"),
    ]
    for kwargs, error, name in cases:
        with pytest.raises(error, match=name):
            simulate_spiking_network(net, **kwargs)
    with pytest.raises(TypeError, match="network"):
        simulate_spiking_network(empty(3), duration=10.0)
    with pytest.raises(ValueError, match="record"):
        simulate_spiking_network(SpikingNetwork(empty(100_000)), duration=30000.0, record=True)
    heavy = SpikingNetwork(empty(2), drive=PoissonDrive(n_inputs=1_000_000, rate=10_000.0, weight=0.0))
    with pytest.raises(ValueError, match="drive"):
        simulate_spiking_network(heavy, duration=10.0, dt=1.0)


# --------------------------------------------------------------------------- properties


@st.composite
def odd_networks(draw):
    n = draw(st.integers(1, 12))
    n_syn = draw(st.integers(0, 20))
    pre = draw(st.lists(st.integers(0, n - 1), min_size=n_syn, max_size=n_syn))
    post = draw(st.lists(st.integers(0, n - 1), min_size=n_syn, max_size=n_syn))
    finite = dict(allow_nan=False, allow_infinity=False)
    weights = draw(st.lists(st.floats(-1000, 1000, **finite), min_size=n_syn, max_size=n_syn))
    delays = draw(st.lists(st.floats(0, 5, **finite), min_size=n_syn, max_size=n_syn))
    taus = draw(st.lists(st.floats(0, 50, **finite), min_size=1, max_size=4))
    channels = draw(st.lists(st.integers(0, len(taus) - 1), min_size=n, max_size=n))
    tau_m = draw(st.floats(0.5, 100, **finite))
    v_reset = draw(st.floats(-100, 50, **finite))
    gap = draw(st.floats(1e-3, 50, **finite))
    params = LIFNetworkParams(
        tau_m=tau_m,
        e_leak=draw(st.floats(-200, 100, **finite)),
        v_threshold=min(v_reset + gap, 100.0),
        v_reset=v_reset,
        t_ref=draw(st.floats(0, 10, **finite)),
    )
    drive = None
    if draw(st.booleans()):
        drive = PoissonDrive(
            n_inputs=draw(st.integers(1, 5000)),
            rate=draw(st.floats(0, 200, **finite)),
            weight=draw(st.floats(-20, 20, **finite)),
        )
    conn = from_edges(pre, post, n_pre=n, n_post=n, weights=weights, delays=delays)
    return SpikingNetwork(
        conn,
        params=params,
        channels=channels,
        tau_syn=tuple(taus),
        drive=drive,
        bias=draw(st.floats(-1000, 1000, **finite)),
    )


@given(
    net=odd_networks(),
    dt=st.sampled_from([0.01, 0.05, 0.1, 0.5, 1.0]),
    duration=st.floats(0.01, 20.0),
    seed=st.integers(0, 5),
)
def test_odd_networks_give_finite_results_or_a_clear_error(net, dt, duration, seed):
    try:
        result = simulate_spiking_network(net, duration=duration, dt=dt, record=True, rng=seed)
    except ValueError as err:
        assert "dt" in str(err) or "duration" in str(err)
        return
    assert np.all(np.isfinite(result.voltage))
    assert np.all(np.diff(result.spike_times) >= 0)
    assert result.spike_indices.size == result.spike_times.size
    if result.n_spikes:
        assert 0 <= result.spike_indices.min() and result.spike_indices.max() < net.n_neurons


@given(
    value=st.one_of(
        st.none(),
        st.booleans(),
        st.text(max_size=3),
        st.floats(),
        st.integers(-10, 10),
        st.lists(st.floats(), max_size=3),
    )
)
def test_odd_arguments_raise_clear_errors(value):
    net = SpikingNetwork(empty(2))
    for name in ("duration", "dt", "v_init", "record"):
        kwargs = {"duration": 5.0, name: value}
        try:
            result = simulate_spiking_network(net, **kwargs)
        except (ValueError, TypeError) as err:
            assert name in str(err) or (name == "record" and "record" in str(err))
            continue
        assert np.all(np.isfinite(result.voltage))
