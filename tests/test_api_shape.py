"""One library shape: every params class, simulation function and result follows DESIGN.md.

These tests walk the public API instead of listing it, so that a model added later that
drifts from the shape (a params class that is not frozen or keyword-only, a simulation with
a default duration, a result without ``params``) fails here.
"""

import dataclasses
import inspect
import warnings

import numpy as np
import pytest

import neurocourse as nc
from neurocourse._results import SimulationResult
from neurocourse._validation import UnitWarning, as_generator


def _public_objects():
    for package in (
        nc.neurons,
        nc.networks,
        nc.inputs,
        nc.learning,
        nc.sparse_coding,
        nc.attention,
        nc.reward,
        nc.neuromorphic,
    ):
        for name in package.__all__:
            yield name, getattr(package, name)


PARAMS = sorted(
    {obj for name, obj in _public_objects() if inspect.isclass(obj) and name.endswith("Params")},
    key=lambda c: c.__name__,
)
SIMULATORS = sorted(
    {obj for name, obj in _public_objects() if inspect.isfunction(obj) and name.startswith("simulate_")},
    key=lambda f: f.__name__,
)


def test_the_api_walk_finds_the_models():
    names = {c.__name__ for c in PARAMS}
    assert {"LIFParams", "IzhikevichParams", "LIFNetworkParams", "WilsonCowanParams"} <= names
    simulators = {f.__name__ for f in SIMULATORS}
    assert {"simulate_lif", "simulate_izhikevich", "simulate_spiking_network"} <= simulators


@pytest.mark.parametrize("cls", PARAMS, ids=lambda c: c.__name__)
def test_params_are_frozen_keyword_only_and_state_their_largest_step(cls):
    assert dataclasses.is_dataclass(cls)
    assert cls.__dataclass_params__.frozen, f"{cls.__name__} must be frozen"
    assert all(f.kw_only for f in dataclasses.fields(cls)), f"{cls.__name__} must be kw_only"
    with pytest.raises(TypeError):
        cls(1.0)  # positional arguments are refused
    if all(
        f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        for f in dataclasses.fields(cls)
    ):
        params = cls()
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(params, dataclasses.fields(cls)[0].name, 1.0)
        if "max_dt" in dir(cls):
            assert 0.0 < params.max_dt <= 1.0


def test_the_lif_fields_and_their_rule_live_once():
    from neurocourse._params import LIFFields

    assert issubclass(nc.neurons.LIFParams, LIFFields)
    assert issubclass(nc.networks.LIFNetworkParams, LIFFields)
    for cls in (nc.neurons.LIFParams, nc.networks.LIFNetworkParams):
        with pytest.raises(ValueError, match="v_reset .* below v_threshold"):
            cls(v_reset=cls().v_threshold)
        assert "max_dt" not in vars(cls), f"{cls.__name__} re-states the LIF step rule"


@pytest.mark.parametrize("func", SIMULATORS, ids=lambda f: f.__name__)
def test_simulations_take_their_length_required_and_options_keyword_only(func):
    """A simulation in time takes ``duration`` [ms], required and keyword-only; one counted in
    trials or abstract steps (Rescorla-Wagner, the dopamine model's trials, a converted network's
    time steps) takes that count instead (``n_trials``, ``n_steps``), also required."""
    params = inspect.signature(func).parameters
    if "duration" in params or "dt" in params:
        length = "duration"
        assert length in params, f"{func.__name__} takes dt but no duration"
        assert params[length].kind is inspect.Parameter.KEYWORD_ONLY
    else:
        counts = [name for name in ("n_trials", "n_steps") if name in params]
        schedule = "schedule" in params  # Rescorla-Wagner: the schedule (data) sets the length
        assert counts or schedule, f"{func.__name__} takes neither duration nor a count of trials or steps"
        length = counts[0] if counts else "schedule"
    assert params[length].default is inspect.Parameter.empty, f"{func.__name__}: {length} is required"
    for name in ("dt", "rng", "record", "progress", "parallel", "v_init", "r_init"):
        if name in params:
            assert params[name].kind is inspect.Parameter.KEYWORD_ONLY, f"{func.__name__}: {name}"
    for old in ("record_v", "v0", "u0", "r_e0", "r_i0", "seed", "random_state"):
        assert old not in params, f"{func.__name__} still takes {old}"


def _results():
    lif = nc.neurons.simulate_lif(nc.neurons.LIFParams(), 2.5, duration=20.0, dt=0.1)
    izh = nc.neurons.simulate_izhikevich("RS", 10.0, duration=20.0, dt=0.1)
    return [lif, izh]


@pytest.mark.parametrize("index", [0, 1])
def test_results_share_one_base_with_time_duration_params_and_read_only_arrays(index):
    result = _results()[index]
    assert isinstance(result, SimulationResult)
    assert result.params is not None
    assert result.duration == result.n_steps * result.dt
    np.testing.assert_allclose(result.time, result.t_start + np.arange(result.n_steps) * result.dt)
    assert result.voltage.shape[-1] == result.n_steps
    with pytest.raises(ValueError, match="read-only"):
        result.voltage[0, 0] = 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.dt = 1.0


def test_the_first_sample_is_the_initial_state():
    lif = nc.neurons.simulate_lif(nc.neurons.LIFParams(), 2.5, duration=5.0, dt=0.1, v_init=-60.0)
    assert lif.voltage[0, 0] == -60.0
    izh = nc.neurons.simulate_izhikevich("RS", 0.0, duration=5.0, dt=0.1, v_init=-60.0, u_init=-12.0)
    assert izh.voltage[0, 0] == -60.0 and izh.recovery[0, 0] == -12.0


def test_record_selects_neurons_in_every_single_neuron_model():
    current = np.array([[1.0], [2.5], [3.0]])
    lif = nc.neurons.simulate_lif(nc.neurons.LIFParams(), current, duration=10.0, dt=0.1, record=[2, 0])
    full = nc.neurons.simulate_lif(nc.neurons.LIFParams(), current, duration=10.0, dt=0.1)
    np.testing.assert_array_equal(lif.voltage, full.voltage[[2, 0]])
    izh = nc.neurons.simulate_izhikevich("RS", current * 4, duration=10.0, dt=0.1, record=False)
    assert izh.voltage.shape == (0, 100) and izh.recorded.size == 0


def test_rng_gets_a_library_message():
    with pytest.raises(TypeError, match="rng must be None, a non-negative whole number"):
        as_generator("abc")
    with pytest.raises(TypeError, match="rng must be"):
        nc.inputs.noisy_current(duration=10.0, dt=0.1, mean=0.0, std=1.0, rng="abc")
    assert isinstance(as_generator(3), np.random.Generator)


@pytest.mark.parametrize(
    "call, unit_hint",
    [
        (lambda: nc.neurons.LIFParams(e_leak=-0.07, v_reset=-0.068, v_threshold=-0.05), "volts"),
        (lambda: nc.neurons.simulate_lif(nc.neurons.LIFParams(), 2.5e-9, duration=10.0, dt=0.1), "amperes"),
    ],
)
def test_likely_unit_slips_warn_and_name_the_unit(call, unit_hint):
    with pytest.warns(UnitWarning, match=unit_hint):
        try:
            call()
        except ValueError:
            pass


def test_ordinary_values_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnitWarning)
        nc.neurons.simulate_lif(nc.neurons.LIFParams(), 2.5, duration=10.0, dt=0.1)
        nc.neurons.simulate_lif(nc.neurons.LIFParams(), 0.0, duration=10.0, dt=0.1)


def test_isi_rates_is_the_steady_rate_of_a_regular_neuron():
    params = nc.neurons.LIFParams()
    result = nc.neurons.simulate_lif(
        params, np.array([[0.5], [2.5], [4.0]]), duration=1000.0, dt=0.1, record=False
    )
    expected = nc.neurons.lif_rate(params, np.array([0.5, 2.5, 4.0]))
    np.testing.assert_allclose(result.isi_rates, expected, rtol=1e-9)  # exact spike times: exact ISIs
    assert result.isi_rates[0] == 0.0


def test_a_rate_over_half_a_millisecond_warns_about_seconds():
    with pytest.warns(UnitWarning, match="seconds"):
        nc.analysis.compute_firing_rates([0], [0.1], n_neurons=1, duration=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnitWarning)
        nc.analysis.compute_firing_rates([0], [100.0], n_neurons=1, duration=500.0)
