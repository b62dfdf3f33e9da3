"""The chapter 01 checkers accept the reference, reject plausible wrong answers, and hide the answers."""

import itertools
import re

import numpy as np
import pytest
from scipy import optimize

import neurocourse as nc
from neurocourse.checks import circuits
from neurocourse.networks.lateral import DoGParams, dog_filter, mach_band_overshoot, step_edge


def stub(*args, **kwargs):
    raise NotImplementedError("Exercise: write your code here")


# --------------------------------------------------------------------------- exercise 1


def reference_euler(v, current, dt, p):
    return v + dt / p.tau_m * (-(v - p.e_leak) + p.r_membrane * current)


def test_euler_step_accepts_the_reference(capsys):
    assert circuits.lif_euler_step(reference_euler).status == "passed"
    assert "passed" in capsys.readouterr().out


def _reset_at_threshold(v, current, dt, p):
    v_next = reference_euler(v, current, dt, p)
    return np.where(v_next >= p.v_threshold, p.v_reset, v_next)


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda v, i, dt, p: v + dt / p.tau_m * ((v - p.e_leak) + p.r_membrane * i), "leak"),
        (lambda v, i, dt, p: v + dt / p.tau_m * (-(v - p.e_leak) + i), "resistance"),
        (lambda v, i, dt, p: v + dt / p.tau_m * (-(v - p.e_leak) - p.r_membrane * i), "positive current"),
        (lambda v, i, dt, p: v + dt / dt * (-(v - p.e_leak) + p.r_membrane * i), "time constant"),
        (lambda v, i, dt, p: v + p.tau_m / dt * (-(v - p.e_leak) + p.r_membrane * i), "swapped"),
        (lambda v, i, dt, p: v + (-(v - p.e_leak) + p.r_membrane * i) / p.tau_m, "dt"),
        (lambda v, i, dt, p: dt / p.tau_m * (-(v - p.e_leak) + p.r_membrane * i), "change"),
        (lambda v, i, dt, p: v + dt / p.tau_m * (-(v - p.v_reset) + p.r_membrane * i), "reset potential"),
        (lambda v, i, dt, p: circuits._exact_step(v, i, dt, p), "exact"),
        (_reset_at_threshold, "resets"),
        (lambda v, i, dt, p: reference_euler(v, i, dt / 1000.0, p), "1000 times too small"),  # dt in seconds
        (
            lambda v, i, dt, p: v + dt / (p.tau_m / 1000.0) * (-(v - p.e_leak) + p.r_membrane * i),
            "1000 times too large",
        ),
        (lambda v, i, dt, p: reference_euler(v, i, dt, p) + 1e-3, "lif_euler_step("),
        (lambda v, i, dt, p: None, "None"),
    ],
)
def test_euler_step_rejects_plausible_wrong_answers(wrong, words, capsys):
    result = circuits.lif_euler_step(wrong)
    assert result.status == "failed"
    assert words in result.message
    out = capsys.readouterr().out
    for args in circuits._EULER_CASES[:3]:  # the expected voltages are never shown
        assert f"{reference_euler(*args):.4f}" not in out


def test_euler_step_stub_and_non_function():
    assert circuits.lif_euler_step(stub).status == "not attempted"
    assert circuits.lif_euler_step(-69.5).status == "failed"


# --------------------------------------------------------------------------- exercise 2


def reference_fi(current, p):
    current = np.asarray(current, dtype=float)
    v_inf = p.e_leak + p.r_membrane * current
    fires = v_inf > p.v_threshold
    rate = np.zeros_like(v_inf)
    rate[fires] = 1000.0 / (
        p.t_ref + p.tau_m * np.log((v_inf[fires] - p.v_reset) / (v_inf[fires] - p.v_threshold))
    )
    return rate if rate.ndim else float(rate)


def test_fi_curve_accepts_the_reference_and_the_library(capsys):
    assert circuits.lif_fi_curve(reference_fi).status == "passed"
    assert circuits.lif_fi_curve(lambda i, p: nc.neurons.lif_rate(p, i)).status == "passed"


def _fi_nan_below(current, p):
    v_inf = p.e_leak + p.r_membrane * np.asarray(current, dtype=float)
    with np.errstate(all="ignore"):
        return 1000.0 / (p.t_ref + p.tau_m * np.log((v_inf - p.v_reset) / (v_inf - p.v_threshold)))


def _fi_at_rheobase_fires(current, p):
    current = np.asarray(current, dtype=float)
    v_inf = p.e_leak + p.r_membrane * current
    with np.errstate(all="ignore"):
        rate = 1000.0 / (p.t_ref + p.tau_m * np.log((v_inf - p.v_reset) / (v_inf - p.v_threshold)))
    return np.where(v_inf >= p.v_threshold, np.where(v_inf == p.v_threshold, 500.0, rate), 0.0)


def _fi_scalar_only(current, p):
    if p.e_leak + p.r_membrane * current <= p.v_threshold:
        return 0.0
    return reference_fi(current, p)


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda i, p: reference_fi(i, p) / 1000.0, "1000"),
        (lambda i, p: reference_fi(i, p) * 1000.0, "1000"),
        (lambda i, p: nc.neurons.lif_rate(p.__class__(**{**p.__dict__, "t_ref": 0.0}), i), "refractory"),
        (_fi_nan_below, "NaN"),
        (_fi_at_rheobase_fires, "rheobase"),
        (_fi_scalar_only, "array"),
        (lambda i, p: reference_fi(i, p) * 1.05, "lif_fi_curve("),
        (lambda i, p: 100.0, "lif_fi_curve("),
    ],
)
def test_fi_curve_rejects_plausible_wrong_answers(wrong, words, capsys):
    result = circuits.lif_fi_curve(wrong)
    assert result.status == "failed"
    assert words in result.message
    out = capsys.readouterr().out
    default = nc.neurons.LIFParams()
    assert f"{nc.neurons.lif_rate(default, 2.5):.2f}" not in out  # 76.39 Hz never shown


def test_fi_curve_stub_is_not_attempted():
    assert circuits.lif_fi_curve(stub).status == "not attempted"


def test_fi_hidden_rheobases_are_exact():
    # R * I_rh + E_L == theta holds exactly, so the rate at the rheobase is unambiguously 0
    for currents, p in circuits._FI_CASES[:-1]:
        assert p.r_membrane * currents[3] + p.e_leak == p.v_threshold
        assert nc.neurons.lif_rate(p, currents[3]) == 0.0


# --------------------------------------------------------------------------- exercise 3

RELEASE = np.r_[np.full(1000, -15.0), np.zeros(1500)]


def classify_one(probe):
    """The reference decision procedure; ``probe(current, duration)`` returns spike times."""
    if np.sum(probe(RELEASE, 250.0) > 100.0) >= 3:
        return "TC"
    if probe(0.3, 500.0).size >= 3:
        return "RZ"
    if probe(1.0, 300.0).size >= 1:
        return "LTS"
    times = probe(10.0, 300.0)
    intervals = np.diff(times)
    if np.sum(intervals[times[1:] > 100.0] < 6.0) >= 2:
        return "CH"
    if intervals.max() < 15.0:
        return "FS"
    if intervals[0] < 6.0:
        return "IB"
    return "RS"


def reference_classify(neurons):
    return [
        classify_one(lambda current, duration, n=n: n.probe(current, duration=duration).spike_times)
        for n in neurons
    ]


def _params_probe(params):
    return lambda current, duration: (
        nc.neurons.simulate_izhikevich(params, current, duration=duration).spike_times
    )


@pytest.mark.parametrize("label", circuits.MYSTERY_TYPES)
def test_mystery_parameter_ranges_keep_each_types_signature(label):
    # every corner of the jitter box and random draws inside it are classified correctly
    (a_range, b, c_range, d_range) = circuits._MYSTERY_RANGES[label]
    rng = np.random.default_rng(7)
    draws = [(a, c, d) for a, c, d in itertools.product(a_range, c_range, d_range)]
    draws += [(rng.uniform(*a_range), rng.uniform(*c_range), rng.uniform(*d_range)) for _ in range(30)]
    for a, c, d in draws:
        params = nc.neurons.IzhikevichParams(a=a, b=b, c=c, d=d)
        assert classify_one(_params_probe(params)) == label, params


@pytest.mark.parametrize("seed", [2026, 0, -3, 20231234, 10**30, np.int64(77), "s1234567"])
def test_reference_classifier_passes_for_any_seed(seed, capsys):
    result = circuits.classify_mystery_neurons(reference_classify, seed=seed)
    assert result.status == "passed", result.message


def test_mystery_neurons_are_reproducible_distinct_and_cover_every_type():
    seen = set()
    for seed in range(200):
        labels = [label for label, _ in circuits._mystery_draw(seed)]
        assert len(set(labels)) == circuits.N_MYSTERY_NEURONS
        seen.update(labels)
    assert seen == set(circuits.MYSTERY_TYPES)
    assert (
        circuits._mystery_draw(12345)
        == circuits._mystery_draw("12345")
        == circuits._mystery_draw(np.int32(12345))
    )
    first = circuits.mystery_neurons(5)[0].probe(10.0, duration=100.0)
    again = circuits.mystery_neurons(5)[0].probe(10.0, duration=100.0)
    np.testing.assert_array_equal(first.voltage, again.voltage)


def test_a_fixed_guess_almost_never_passes():
    guess = ["RS", "IB", "CH", "FS"]
    hits = sum([label for label, _ in circuits._mystery_draw(seed)] == guess for seed in range(2000))
    assert hits <= 8  # 1 / 840 per seed: about 2.4 expected in 2000


def test_mystery_neurons_do_not_expose_their_parameters():
    neuron = circuits.mystery_neurons(2026)[0]
    with pytest.raises(TypeError):
        vars(neuron)
    with pytest.raises(AttributeError):
        neuron.params = None
    assert not any(
        isinstance(getattr(neuron, name), nc.neurons.IzhikevichParams) for name in neuron.__slots__
    )
    text = repr(neuron)
    assert not any(re.search(rf"\b{label}\b", text) for label in circuits.MYSTERY_TYPES)
    response = neuron.probe(np.r_[np.zeros(100), np.full(900, 10.0)], duration=100.0)
    assert set(vars(response)) == {"time", "voltage", "spike_times"}
    assert response.voltage.shape == response.time.shape == (1000,)
    with pytest.raises(ValueError, match="1-D"):
        neuron.probe(np.zeros((2, 10)), duration=1.0)
    with pytest.raises(ValueError):
        neuron.probe(10.0, duration=-1.0)


def test_mystery_check_counts_right_answers_and_hints_without_revealing(capsys):
    seed = 2026
    truth = [label for label, _ in circuits._mystery_draw(seed)]
    others = [label for label in circuits.MYSTERY_TYPES if label not in truth]
    answer = [truth[0], truth[1], others[0], others[1]]
    result = circuits.classify_mystery_neurons(lambda neurons: answer, seed=seed)
    assert result.status == "failed"
    assert "2 of 4 labels are right" in result.message and "neurons 3 and 4 are not yet" in result.message
    assert circuits._MYSTERY_HINTS[truth[2]] in result.message
    out = capsys.readouterr().out
    for label in truth:
        assert not re.search(rf"\b{label}\b", out)


@pytest.mark.parametrize(
    "answer, words",
    [
        (["RS", "IB", "CH"], "3 labels"),
        ("RS IB CH FS", "list"),
        (["regular spiking", "IB", "CH", "FS"], "not one of the cell types"),
        ([1, 2, 3, 4], "not text"),
        (None, "list"),
    ],
)
def test_mystery_check_rejects_malformed_answers(answer, words):
    result = circuits.classify_mystery_neurons(lambda neurons: answer, seed=1)
    assert result.status == "failed" and words in result.message


def test_mystery_check_accepts_lower_case_and_explains_a_bad_seed():
    truth = [label.lower() for label, _ in circuits._mystery_draw(3)]
    assert circuits.classify_mystery_neurons(lambda neurons: truth, seed=3).passed
    bad = circuits.classify_mystery_neurons(lambda neurons: truth, seed=None)
    assert bad.status == "failed" and "STUDENT_SEED" in bad.message
    assert circuits.classify_mystery_neurons(stub, seed=3).status == "not attempted"


# --------------------------------------------------------------------------- exercise 4


SEED = 9  # a student seed whose drive (2.35) is neither 2 nor the checker's other drives


def reference_measure(g, nu_ext_ratio, *, rng=None):
    result = nc.networks.simulate_brunel(
        g=g, nu_ext_ratio=nu_ext_ratio, n_excitatory=2000, duration=300.0, record=np.arange(200), rng=rng
    )
    return nc.analysis.compute_synchrony_chi(result.window(100.0).voltage)


def reference_estimate(g_values, nu_ext_ratio, *, rng=None):
    chi = np.array([reference_measure(g, nu_ext_ratio, rng=rng) for g in g_values])
    first = np.flatnonzero(chi < 0.4)[0]
    return 0.5 * (g_values[first - 1] + g_values[first])


def test_each_seed_has_its_own_drive():
    drives = [circuits.sr_condition(seed) for seed in range(40)]
    assert all(circuits.SR_NU_RANGE[0] <= nu <= circuits.SR_NU_RANGE[1] for nu in drives)
    assert len(set(drives)) >= 15  # 31 possible drives
    assert circuits.sr_condition(7) == circuits.sr_condition("7") == circuits.sr_condition(7)
    assert circuits.sr_condition(SEED) not in (2.0, 1.75, 2.75)


@pytest.mark.parametrize("nu", list(circuits.SR_NU_RANGE))
def test_the_transition_lies_inside_the_sweep_at_both_ends_of_the_drive_range(nu):
    # the range of drives is chosen so that every student's transition can be found in the sweep
    chi = [circuits._sr_reference_chi(g, nu, circuits._SR_SWEEP_SEED) for g in circuits.SR_SWEEP_G]
    assert chi[0] > 0.45  # lockstep at g = 3.0
    assert min(chi) < 0.35  # broken before g = 3.6
    assert 3.0 < circuits._sr_reference_transition(nu, circuits._SR_SWEEP_SEED) < 3.6


def test_reference_solution_passes_and_receives_the_students_drive():
    received = {}

    def estimate(g_values, nu_ext_ratio, *, rng=None):
        received.update(g=g_values, nu=nu_ext_ratio, rng=rng)
        return reference_estimate(g_values, nu_ext_ratio, rng=rng)

    assert circuits.estimate_sr_transition(estimate, reference_measure, seed=SEED).passed
    np.testing.assert_allclose(received["g"], circuits.SR_SWEEP_G)
    assert received["nu"] == circuits.sr_condition(SEED) and received["rng"] is not None


def test_sr_transition_accepts_one_sweep_step_around_the_reference():
    nu = circuits.sr_condition(SEED)
    g_star = circuits._sr_reference_transition(nu, circuits._SR_SWEEP_SEED)
    for answer in (g_star - 0.05, g_star, g_star + 0.05, np.float64(g_star), np.array(g_star), [g_star]):
        assert circuits.estimate_sr_transition(
            lambda g_values, nu_ext_ratio, rng=None, a=answer: a, seed=SEED
        ).passed


@pytest.mark.parametrize("offset, words", [(-0.3, "too small"), (0.3, "too large"), (2.0, "too large")])
def test_sr_transition_rejects_estimates_off_the_reference(offset, words, capsys):
    g_star = circuits._sr_reference_transition(circuits.sr_condition(SEED), circuits._SR_SWEEP_SEED)
    result = circuits.estimate_sr_transition(
        lambda g_values, nu_ext_ratio, rng=None: g_star + offset, seed=SEED
    )
    assert result.status == "failed" and words in result.message
    assert f"{g_star:.2f}" not in capsys.readouterr().out  # the answer is never shown


def test_sr_transition_with_another_students_drive_is_rejected():
    # the lecture's drive (2) or a neighbour's: the transition moves with the drive
    nu = circuits.sr_condition(SEED)
    mine = circuits._sr_reference_transition(nu, circuits._SR_SWEEP_SEED)
    for other in (1.5, 3.0):
        theirs = circuits._sr_reference_transition(other, circuits._SR_SWEEP_SEED)
        if abs(theirs - mine) > 0.1 + 1e-9:
            assert not circuits.estimate_sr_transition(
                lambda g_values, nu_ext_ratio, rng=None, o=other: reference_estimate(g_values, o, rng=rng),
                seed=SEED,
            ).passed


@pytest.mark.parametrize(
    "answer, words",
    [
        (4.0, "balance"),
        (3.9, "balance"),
        (float("nan"), "finite"),
        (None, "None"),
        (np.array([0.66, 0.6, 0.3]), "3 numbers"),
        ("3.25", "number"),
    ],
)
def test_sr_transition_rejects_malformed_answers(answer, words):
    result = circuits.estimate_sr_transition(lambda g_values, nu_ext_ratio, rng=None: answer, seed=SEED)
    assert result.status == "failed" and words in result.message


@pytest.mark.parametrize(
    "measure, words",
    [
        (lambda g, nu, *, rng=None: reference_measure(g, 2.0, rng=rng), "another drive"),
        (lambda g, nu, *, rng=None: reference_measure(g, nu, rng=rng) ** 2, "chi squared"),
        (
            lambda g, nu, *, rng=None: nc.analysis.compute_synchrony_chi(
                nc.networks.simulate_brunel(
                    g=g, nu_ext_ratio=nu, n_excitatory=2000, duration=300.0, record=np.arange(200), rng=rng
                ).voltage
            ),
            "first 100 ms",
        ),
        (lambda g, nu, *, rng=None: 0.5, "gives"),
        (lambda g, nu: 0.5, "measure_synchrony(g, nu_ext_ratio, *, rng=None)"),
    ],
)
def test_the_students_measurement_is_checked_on_the_checkers_networks(measure, words):
    result = circuits.estimate_sr_transition(reference_estimate, measure, seed=SEED)
    assert result.status == "failed" and words in result.message


def test_sr_transition_stub_non_function_and_bad_seed():
    assert circuits.estimate_sr_transition(stub, seed=SEED).status == "not attempted"
    assert circuits.estimate_sr_transition(3.25, seed=SEED).status == "failed"
    bad = circuits.estimate_sr_transition(reference_estimate, seed=None)
    assert bad.status == "failed" and "STUDENT_SEED" in bad.message


# --------------------------------------------------------------------------- exercise 5


def library_fixed_points(params):
    return [(fp.r_e, fp.r_i, fp.kind) for fp in nc.networks.find_fixed_points(params)]


def reference_fixed_points(p):
    F = nc.networks.wilson_cowan_sigmoid

    def field(state):
        r_e, r_i = state
        return np.array(
            [
                (-r_e + F(p.w_ee * r_e - p.w_ei * r_i + p.i_ext_e, p.a_e, p.theta_e)) / p.tau_e,
                (-r_i + F(p.w_ie * r_e - p.w_ii * r_i + p.i_ext_i, p.a_i, p.theta_i)) / p.tau_i,
            ]
        )

    roots = []
    for start in itertools.product(np.linspace(0, 1, 11), repeat=2):
        sol = optimize.root(field, start, tol=1e-12)
        new = all(np.abs(sol.x - r).max() > 1e-6 for r in roots)
        if sol.success and np.abs(field(sol.x)).max() < 1e-10 and new:
            roots.append(sol.x)
    points = []
    for r_e, r_i in roots:
        jac = nc.networks.wilson_cowan_jacobian(p, r_e, r_i)
        points.append((r_e, r_i, nc.networks.classify_fixed_point(jac)))
    return points


def test_wc_check_accepts_the_reference_and_the_library(capsys):
    assert circuits.find_wc_fixed_points(reference_fixed_points).status == "passed"
    assert circuits.find_wc_fixed_points(library_fixed_points).status == "passed"
    # FixedPoint objects
    assert circuits.find_wc_fixed_points(nc.networks.find_fixed_points).status == "passed"
    assert circuits.find_wc_fixed_points(lambda p: library_fixed_points(p)[::-1]).status == "passed"


def _flip_stability(kind):
    if kind == "saddle":
        return kind
    return kind.replace("unstable", "STABLE").replace("stable", "unstable").replace("STABLE", "stable")


@pytest.mark.parametrize(
    "wrong, words",
    [
        (
            lambda p: (
                library_fixed_points(p)[:-1] if len(library_fixed_points(p)) > 1 else library_fixed_points(p)
            ),
            "missing",
        ),
        (lambda p: library_fixed_points(p)[:1], "missing"),
        (lambda p: library_fixed_points(p) + library_fixed_points(p)[:1], "more than once"),
        (lambda p: [(e, i, _flip_stability(k)) for e, i, k in library_fixed_points(p)], "real parts"),
        (lambda p: [(e, i, k.replace("focus", "node")) for e, i, k in library_fixed_points(p)], "imaginary"),
        (lambda p: [(e, i, "saddle") for e, i, k in library_fixed_points(p)], "saddle"),
        (lambda p: library_fixed_points(p) + [(0.5, 0.5, "saddle")], "not a fixed point"),
        (lambda p: [(round(e, 2), round(i, 2), k) for e, i, k in library_fixed_points(p)], "fixed point"),
        (
            lambda p: [(e, i, k.upper().replace(" ", "_")) for e, i, k in library_fixed_points(p)],
            "five kinds",
        ),
        (lambda p: [(e, i) for e, i, k in library_fixed_points(p)], "(r_e, r_i, kind)"),
        (lambda p: None, "None"),
    ],
)
def test_wc_check_rejects_plausible_wrong_answers(wrong, words, capsys):
    result = circuits.find_wc_fixed_points(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message
    out = capsys.readouterr().out
    for fp in nc.networks.find_fixed_points(nc.networks.WilsonCowanParams()):
        if abs(fp.r_e) > 1e-3:  # hidden positions never shown
            assert f"{fp.r_e:.4f}" not in out and f"{fp.r_i:.4f}" not in out


def test_wc_hidden_sets_have_the_intended_structure():
    kinds = [[fp.kind for fp in nc.networks.find_fixed_points(p, n_grid=20)] for p in circuits._WC_CASES]
    assert kinds[0] == ["stable focus", "saddle", "stable node"]
    assert kinds[1] == ["unstable focus"]
    assert kinds[2] == ["stable node", "saddle", "stable focus"]
    assert kinds[3] == ["stable focus"]
    assert kinds[4] == ["stable focus", "saddle", "unstable node", "saddle", "stable node"]
    assert circuits.find_wc_fixed_points(stub).status == "not attempted"


def test_wc_check_accepts_both_library_methods_and_rejects_far_away_points():
    def along_nullcline(p):
        return nc.networks.find_fixed_points(p, method="nullcline")

    assert circuits.find_wc_fixed_points(along_nullcline).status == "passed"
    result = circuits.find_wc_fixed_points(lambda p: library_fixed_points(p) + [(50.0, -50.0, "saddle")])
    assert result.status == "failed" and "not a fixed point" in result.message


# --------------------------------------------------------------------------- exercise 6


def dog(sc, ss, k):
    return DoGParams(sigma_center=sc, sigma_surround=ss, surround_weight=k)


def measured_overshoot(params):
    dx = params.sigma_center / 20.0
    x = np.arange(-10.0 * params.sigma_surround, 10.0 * params.sigma_surround, dx)
    response = dog_filter(params, step_edge(x, low=0.0, high=1.0), dx=dx)
    return response[x >= 0].max() - response[-1]


def reference_k(target, sc, ss):
    k_high = min(2.0, ss / sc) * (1.0 - 1e-9)
    return optimize.brentq(lambda k: measured_overshoot(dog(sc, ss, k)) - target, 1e-6, k_high, xtol=1e-10)


def closed_form_k(target, sc, ss):
    k_high = min(2.0, ss / sc) * (1.0 - 1e-9)
    return optimize.brentq(lambda k: mach_band_overshoot(dog(sc, ss, k)) - target, 1e-6, k_high)


def test_mach_check_accepts_the_reference_the_closed_form_and_dog_params(capsys):
    assert circuits.surround_weight_for_overshoot(reference_k).status == "passed"
    assert circuits.surround_weight_for_overshoot(closed_form_k).status == "passed"
    as_params = circuits.surround_weight_for_overshoot(
        lambda t, sc, ss: dog(sc, ss, closed_form_k(t, sc, ss))
    )
    assert as_params.status == "passed"


def test_the_checked_measurement_matches_the_closed_form():
    for target, sc, ss in circuits._MACH_CASES:
        params = dog(sc, ss, closed_form_k(target, sc, ss))
        measured = nc.networks.mach_band_measurement(params, low=0.0, high=1.0)
        assert measured.bright == pytest.approx(target, rel=1e-4)


def _fraction_of_plateau_k(target, sc, ss):
    def excess(k):
        params = dog(sc, ss, k)
        return measured_overshoot(params) / (1.0 - k) - target

    return optimize.brentq(excess, 1e-6, 0.99)


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda t, sc, ss: 0.6777, "too"),  # right only for the shown case
        (lambda t, sc, ss: closed_form_k(t, sc, ss) * 1.05, "too high"),
        (lambda t, sc, ss: closed_form_k(t, sc, ss) * 0.9, "too low"),
        (lambda t, sc, ss: ss / sc, "no band"),
        (lambda t, sc, ss: 2.5, "outside"),
        (lambda t, sc, ss: 0.0, "outside"),
        (_fraction_of_plateau_k, "fraction"),
        (lambda t, sc, ss: dog(sc, ss + 1.0, 0.5), "widths"),
        (lambda t, sc, ss: float("nan"), "NaN"),
        (lambda t, sc, ss: None, "None"),
        (lambda t, sc, ss: [0.5, 0.6], "one number"),
    ],
)
def test_mach_check_rejects_plausible_wrong_answers(wrong, words, capsys):
    result = circuits.surround_weight_for_overshoot(wrong)
    assert result.status == "failed"
    assert words in result.message, result.message
    out = capsys.readouterr().out
    for target, sc, ss in circuits._MACH_CASES[1:]:
        assert f"{closed_form_k(target, sc, ss):.4g}" not in out  # the k sought is never shown


def test_mach_check_stub_is_not_attempted():
    assert circuits.surround_weight_for_overshoot(stub).status == "not attempted"


# --------------------------------------------------------------------------- chapter


def test_circuits_exercises_are_registered_in_order():
    assert nc.checks.registered_exercises("01_circuits") == [
        "lif_euler_step",
        "lif_fi_curve",
        "classify_mystery_neurons",
        "estimate_sr_transition",
        "find_wc_fixed_points",
        "surround_weight_for_overshoot",
    ]


def test_a_root_bracket_error_gets_a_hint_about_brackets():
    from scipy.optimize import brentq

    def student(sigma_center, sigma_surround, target):
        return brentq(lambda k: k - 10.0, 0.0, 1.0)  # no sign change in [0, 1]

    result = circuits.surround_weight_for_overshoot(student)
    assert result.status == "failed"
    assert "bracket" in result.message and "opposite signs" in result.message
