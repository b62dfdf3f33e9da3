"""The seven Izhikevich (2003) cell types at I = 10, dt = 0.1 ms, forward Euler.

Izhikevich EM (2003) Simple model of spiking neurons. IEEE Trans Neural Netw 14:1569-1572, Fig. 2.
"""

import numpy as np
import pytest

from neurocourse.neurons import (
    IZHIKEVICH_PRESETS,
    IzhikevichParams,
    izhikevich_preset,
    izhikevich_rest,
    simulate_izhikevich,
)
from neurocourse.neurons import izhikevich as izh_module


def isis(name, current=10.0, duration=500.0):
    return simulate_izhikevich(name, current, duration=duration, dt=0.1).interspike_intervals()


def rest_state(params):
    return izhikevich_rest(params)


def count_bursts(intervals, gap=15.0):
    """Number of groups of spikes separated by intervals longer than ``gap`` ms."""
    return 1 + int(np.sum(intervals > gap))


def test_rs_adapts():
    intervals = isis("RS")  # from rest (-70 mV), as every simulation starts by default
    assert intervals[-1] > 2 * intervals[0]


def test_ib_fires_an_initial_burst_then_single_spikes():
    intervals = isis("IB")
    assert np.all(intervals[:2] < 6.0)  # a burst: the first spikes within a few ms
    assert np.all(intervals[2:] > 20.0)  # then tonic single spikes
    assert intervals.size >= 6


def test_ch_fires_repeated_bursts():
    intervals = isis("CH")
    short = intervals < 6.0
    assert count_bursts(intervals) >= 4
    # every burst holds more than one spike: long gaps are followed by short intervals
    long_gaps = np.flatnonzero(~short[:-1])
    assert long_gaps.size >= 3 and np.all(short[long_gaps + 1])


def test_fs_fires_faster_than_rs_with_a_flat_isi():
    fs, rs = isis("FS"), isis("RS")
    assert 1.0 / fs.mean() > 2 * (1.0 / rs.mean())
    steady = fs[3:]
    assert steady.std() / steady.mean() < 0.05  # flat after the first few
    assert np.ptp(steady) < 0.5


def rheobase(name):
    params = izhikevich_preset(name)
    lo, hi = 0.0, 20.0
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        v0, u0 = rest_state(params)
        fired = (
            simulate_izhikevich(
                params, mid, duration=1000.0, dt=0.1, v_init=v0, u_init=u0, record=False
            ).n_spikes
            > 0
        )
        lo, hi = (lo, mid) if fired else (mid, hi)
    return hi


def test_lts_has_a_lower_rheobase_than_rs():
    assert rheobase("LTS") < rheobase("RS") - 1.0


def test_tc_fires_a_rebound_burst_when_released_from_hyperpolarisation():
    params = izhikevich_preset("TC")
    v_hold = -87.0
    i_hold = -(0.04 * v_hold**2 + 5 * v_hold + 140 - params.b * v_hold)
    current = np.r_[np.full(1000, i_hold), np.zeros(1500)]  # hold 100 ms, then release
    result = simulate_izhikevich(
        params, current, duration=250.0, dt=0.1, v_init=v_hold, u_init=params.b * v_hold
    )
    assert np.allclose(result.voltage[0, :1000], v_hold, atol=1e-6)  # held at -87 mV
    after = result.spike_times[result.spike_times > 100.0]
    assert after.size >= 2  # a rebound burst ...
    assert after[0] < 130.0 and np.all(np.diff(after[:2]) < 10.0)  # ... soon after release, fast
    assert result.spike_times[result.spike_times < 100.0].size == 0
    # the same cell at rest with no input stays silent
    v0, u0 = rest_state(params)
    assert simulate_izhikevich(params, 0.0, duration=250.0, dt=0.1, v_init=v0, u_init=u0).n_spikes == 0


def test_rz_rings_below_threshold_after_a_short_pulse():
    params = izhikevich_preset("RZ")
    v0, u0 = rest_state(params)
    current = np.zeros(3000)
    current[100:120] = 1.0  # a weak 2 ms pulse
    result = simulate_izhikevich(params, current, duration=300.0, dt=0.1, v_init=v0, u_init=u0)
    assert result.n_spikes == 0
    v = result.voltage[0, 120:] - v0
    peaks = np.flatnonzero((v[1:-1] > v[:-2]) & (v[1:-1] > v[2:]))
    troughs = np.flatnonzero((v[1:-1] < v[:-2]) & (v[1:-1] < v[2:]))
    assert peaks.size >= 3 and troughs.size >= 3  # damped oscillation
    assert np.any(v[troughs] < -1e-3)  # it swings below rest
    assert abs(v[peaks[1]]) < abs(v[peaks[0]])  # and decays


def test_presets_match_the_paper():
    expected = {
        "RS": (0.02, 0.2, -65, 8),
        "IB": (0.02, 0.2, -55, 4),
        "CH": (0.02, 0.2, -50, 2),
        "FS": (0.1, 0.2, -65, 2),
        "LTS": (0.02, 0.25, -65, 2),
        "TC": (0.02, 0.25, -65, 0.05),
        "RZ": (0.1, 0.26, -65, 2),
    }
    for name, abcd in expected.items():
        p = IZHIKEVICH_PRESETS[name]
        assert (p.a, p.b, p.c, p.d) == pytest.approx(abcd)
    assert izhikevich_preset("rs") == IZHIKEVICH_PRESETS["RS"]


def test_kernel_equals_py_func_and_parallel_equals_serial():
    current = np.random.default_rng(1).normal(8.0, 4.0, size=(3, 300))

    def args():
        return (
            current,
            np.full(3, -65.0),
            np.full(3, -13.0),
            0,
            300,
            0.1,
            0.02,
            0.2,
            -65.0,
            8.0,
            np.arange(3),
            np.empty((3, 300)),
            np.empty((3, 300)),
            np.zeros((3, 300)),
            np.zeros(3, dtype=np.int64),
        )

    outs = []
    for fn in (
        izh_module._izhikevich_kernel_serial,
        izh_module._izhikevich_kernel_serial.py_func,
        izh_module._izhikevich_kernel_parallel,
    ):
        a = args()
        fn(*a)
        outs.append(a)
    for other in outs[1:]:
        for x, y in zip(outs[0][1:], other[1:], strict=True):
            np.testing.assert_array_equal(np.asarray(x), np.asarray(y))


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(params="XX"), ValueError, "name"),
        (dict(params=IzhikevichParams, current=10.0), TypeError, "params"),
        (dict(current=np.nan), ValueError, "current"),
        (dict(current=1e6), ValueError, "current"),
        (dict(dt=1.0), ValueError, "dt"),
        (dict(dt=-0.1), ValueError, "dt"),
        (dict(duration=0.0), ValueError, "duration"),
        (dict(v_init=50.0), ValueError, "v_init"),
        (dict(u_init=[1.0, 2.0]), ValueError, "u_init"),
    ],
)
def test_rejects_bad_input(kwargs, error, match):
    call = dict(params="RS", current=10.0, duration=50.0, dt=0.1)
    call.update(kwargs)
    with pytest.raises(error, match=match):
        simulate_izhikevich(call.pop("params"), call.pop("current"), **call)


@pytest.mark.parametrize("field, value", [("a", 0.0), ("a", 2.0), ("b", np.nan), ("c", 10.0), ("d", 1e3)])
def test_params_reject_bad_values(field, value):
    with pytest.raises(ValueError, match=field):
        IzhikevichParams(**{field: value})


def test_extreme_inputs_stay_finite():
    for current in (-1000.0, 1000.0):
        result = simulate_izhikevich("CH", current, duration=100.0, dt=0.5, v_init=-150.0)
        assert np.all(np.isfinite(result.voltage)) and np.all(np.isfinite(result.recovery))


@pytest.mark.parametrize("name", ["TC", "RS", "LTS"])
def test_holding_current_holds_v_at_rest(name):
    from neurocourse.neurons import izhikevich_holding_current, izhikevich_preset

    params = izhikevich_preset(name)
    hold = izhikevich_holding_current(params, -87.0)
    result = simulate_izhikevich(params, hold, duration=50.0, dt=0.1, v_init=-87.0, u_init=-87.0 * params.b)
    # v and u sit at a fixed point of the Euler map: dv = du = 0 exactly (up to rounding)
    np.testing.assert_allclose(result.voltage[0], -87.0, atol=1e-9)
    np.testing.assert_allclose(result.recovery[0], -87.0 * params.b, atol=1e-9)


def test_spike_buffer_is_not_sized_per_step():
    """A long run of a slow cell allocates buffers by rate, not one slot per step (which was
    800 MB for 1000 neurons over 100 s at dt 0.1), and still keeps every spike of a fast one."""
    fast = simulate_izhikevich("FS", 1000.0, duration=200.0, dt=0.01, record=False)
    per_step = fast.n_spikes / fast.n_steps
    assert per_step > 0.05  # fires far faster than the 1 kHz buffer guess
    assert np.all(np.diff(fast.spike_times) > 0)
    assert fast.spike_times[-1] <= 200.0
