"""STDP: the pair rule (Bi & Poo 1998), traces, competition (Song et al. 2000), reward (Izhikevich 2007)."""

import numpy as np
import pytest

from neurocourse.learning import stdp


def test_bi_poo_time_constants_and_window_closed_form():
    assert stdp.BI_POO_TAU_PLUS == 16.8 and stdp.BI_POO_TAU_MINUS == 33.7  # Bi & Poo (1998) fits
    p = stdp.STDPParams(a_plus=0.8, a_minus=0.4)
    dt = np.array([-33.7, -10.0, 0.0, 10.0, 16.8])
    expected = [-0.4 * np.exp(-1), -0.4 * np.exp(-10 / 33.7), 0.0, 0.8 * np.exp(-10 / 16.8), 0.8 * np.exp(-1)]
    np.testing.assert_allclose(stdp.stdp_window(dt, p), expected, rtol=1e-12)
    assert stdp.stdp_window(5.0, p) > 0 > stdp.stdp_window(-5.0, p)


def test_all_to_all_traces_equal_the_sum_over_pairs():
    rng = np.random.default_rng(3)
    pre = np.sort(rng.uniform(0, 1000, 40))
    post = np.sort(rng.uniform(0, 1000, 30))
    p = stdp.STDPParams()
    pairs = stdp.stdp_window(post[:, None] - pre[None, :], p).sum()
    assert stdp.stdp_weight_change(pre, post, p) == pytest.approx(pairs, rel=1e-10)


def test_nearest_neighbour_counts_only_the_nearest_earlier_spike():
    p = stdp.STDPParams(a_plus=1.0, a_minus=1.0, tau_plus=10.0, tau_minus=10.0)
    # two pre spikes before one post spike: all-to-all counts both, nearest only the later one
    pre, post = [0.0, 10.0], [20.0]
    assert stdp.stdp_weight_change(pre, post, p, pairing="nearest") == pytest.approx(np.exp(-1))
    assert stdp.stdp_weight_change(pre, post, p) == pytest.approx(np.exp(-1) + np.exp(-2))
    assert stdp.stdp_weight_change([5.0], [5.0], p) == 0.0  # simultaneous spikes do not pair


def test_validation_names_the_parameter():
    with pytest.raises(ValueError, match="tau_plus"):
        stdp.STDPParams(tau_plus=0.0)
    with pytest.raises(ValueError, match="w_min"):
        stdp.STDPParams(w_min=1.0, w_max=1.0)
    with pytest.raises(ValueError, match="pairing"):
        stdp.stdp_weight_change([1.0], [2.0], pairing="closest")
    with pytest.raises(ValueError, match="input_rate"):
        stdp.simulate_competitive_stdp(input_rate=0.0, duration=10.0)
    with pytest.raises(ValueError, match="dt"):
        stdp.simulate_competitive_stdp(input_rate=10.0, duration=10.0, dt=2.0)


@pytest.mark.slow
def test_song_miller_abbott_competition_gives_u_shaped_weights_and_rate_normalisation():
    # Song, Miller & Abbott (2000): with A-/A+ = 1.05 the weights of 1000 Poisson inputs
    # split towards 0 and g_max, and the output rate depends far less on the input rate.
    # A+ is 4x Song's 0.005 so that 300 s of learning suffice.
    params = stdp.CompetitiveSTDPParams(a_plus=0.02)
    learned = stdp.simulate_competitive_stdp(params, input_rate=10.0, duration=300_000, rng=1)
    counts = np.histogram(learned.weights, bins=10, range=(0, 1))[0]
    middle = counts[3:7].mean()
    assert counts[0] > 2 * middle and counts[-1] > 2 * middle, counts
    initial = np.histogram(learned.weight_history[0], bins=10, range=(0, 1))[0]
    assert initial[0] < 1.5 * initial[3:7].mean()  # it started flat
    rates = {}
    for rate in (10.0, 40.0):
        before = stdp.simulate_competitive_stdp(
            params, input_rate=rate, duration=5_000, plastic=False, w_init=0.5, rng=2
        )
        trained = (
            learned
            if rate == 10.0
            else stdp.simulate_competitive_stdp(params, input_rate=rate, duration=300_000, rng=1)
        )
        after = stdp.simulate_competitive_stdp(
            params, input_rate=rate, duration=5_000, plastic=False, w_init=trained.weights, rng=2
        )
        rates[rate] = before.output_rate(), after.output_rate()
    ratio_before = rates[40.0][0] / max(rates[10.0][0], 0.2)
    ratio_after = rates[40.0][1] / rates[10.0][1]
    assert ratio_after < 10.0 and ratio_after < ratio_before / 10, rates


def test_reward_stdp_eligibility_bridges_the_delay():
    # Izhikevich (2007): a pre-before-post pair tags the synapse; a reward 1 s later still
    # strengthens it, by about c(1 s) = A+ e^{-dt/tau+} e^{-1} times the dopamine integral.
    n = 4000
    pre, post, reward = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool)
    pre[100], post[110] = True, True
    reward[1110] = True
    params = stdp.RewardSTDPParams()
    rewarded = stdp.simulate_reward_stdp(pre, post, reward, params=params, duration=n)
    unrewarded = stdp.simulate_reward_stdp(pre, post, np.zeros(n, bool), params=params, duration=n)
    assert unrewarded.final_weight == 1.0
    c_at_reward = params.stdp.a_plus * np.exp(-10 / 20) * np.exp(-1000 / 1000)
    expected = 1.0 + c_at_reward * 0.5 * 1.0 / (1 / 1000 + 1 / 200)  # integral of c d over time
    assert rewarded.final_weight == pytest.approx(expected, rel=0.02)
    anti = stdp.simulate_reward_stdp(post, pre, reward, params=params, duration=n)  # post before pre
    assert anti.final_weight < 1.0
