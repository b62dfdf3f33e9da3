"""CSR connectivity: builders' statistics, invariants, kernels vs Python, speed, validation."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from neurocourse.networks import connectivity as cn
from neurocourse.networks.connectivity import (
    Connectivity,
    bernoulli,
    fixed_indegree,
    from_edges,
    stack_presynaptic,
)


def assert_valid(conn):
    """Re-check every invariant through the validating constructor."""
    Connectivity(conn.indptr, conn.indices, conn.weights, conn.delays, conn.n_pre, conn.n_post)
    assert conn.indptr.dtype == np.int64 and conn.indices.dtype == np.int64
    assert conn.weights.dtype == np.float64 and conn.delays.dtype == np.float64
    for arr in (conn.indptr, conn.indices, conn.weights, conn.delays):
        assert arr.flags.c_contiguous and not arr.flags.writeable


# --------------------------------------------------------------------------- fixed in-degree


@pytest.mark.parametrize(
    "n_pre, n_post, k, autapses, offset",
    [
        (50, 50, 10, False, 0),
        (50, 50, 49, False, 0),
        (50, 80, 50, True, 0),
        (20, 100, 7, False, 60),
        (30, 30, 0, True, 0),
        (1, 5, 1, True, 0),
    ],
)
def test_fixed_indegree_gives_each_target_exactly_k_distinct_sources(n_pre, n_post, k, autapses, offset):
    conn = fixed_indegree(
        n_pre, n_post, k, weight=0.3, delay=1.5, allow_autapses=autapses, pre_offset=offset, rng=1
    )
    assert_valid(conn)
    assert conn.n_synapses == n_post * k
    np.testing.assert_array_equal(conn.indegrees, k)
    pairs = conn.sources * n_post + conn.indices
    assert np.unique(pairs).size == pairs.size  # no multiple synapses
    if not autapses:
        assert not np.any(conn.indices == conn.sources + offset)  # no autapses
    assert np.all(conn.weights == 0.3) and np.all(conn.delays == 1.5)


def test_fixed_indegree_sources_are_uniform():
    n_pre, n_post, k = 200, 2000, 50
    conn = fixed_indegree(n_pre, n_post, k, weight=1.0, rng=3)
    # each source is chosen by each target with probability k / n_pre: outdegrees are binomial
    out = conn.outdegrees
    p = k / n_pre
    assert out.mean() == pytest.approx(n_post * p)
    assert out.var() == pytest.approx(n_post * p * (1 - p), rel=0.25)
    # and every pair is equally likely, whatever the distance between source and target
    dist = (conn.indices % n_pre - conn.sources) % n_pre
    counts = np.bincount(dist, minlength=n_pre)
    expected = conn.n_synapses / n_pre
    chi2 = np.sum((counts - expected) ** 2 / expected)
    assert chi2 < n_pre + 5 * np.sqrt(2 * n_pre)


def test_fixed_indegree_is_reproducible():
    a = fixed_indegree(100, 100, 10, weight=1.0, rng=5)
    b = fixed_indegree(100, 100, 10, weight=1.0, rng=np.random.default_rng(5))
    c = fixed_indegree(100, 100, 10, weight=1.0, rng=6)
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_array_equal(a.indptr, b.indptr)
    assert not np.array_equal(a.indices, c.indices)


def test_sampling_kernels_equal_their_python_functions():
    rng = np.random.default_rng(0)
    n_pre, n_post, k = 15, 12, 6
    candidates = rng.integers(0, n_pre, 400)
    excluded = np.arange(n_post, dtype=np.int64) - 2
    outs = []
    for f in (cn._sample_sources_kernel, cn._sample_sources_kernel.py_func):
        sources = np.full((n_post, k), -1, dtype=np.int64)
        marks = np.zeros(n_pre, dtype=np.int64)
        state = np.zeros(3, dtype=np.int64)
        f(candidates[:40], n_pre, k, excluded, sources, marks, state)  # runs out: resumable
        partial = state.copy()
        f(candidates[40:], n_pre, k, excluded, sources, marks, state)
        outs.append((sources, partial, state))
    np.testing.assert_array_equal(outs[0][0], outs[1][0])
    np.testing.assert_array_equal(outs[0][1], outs[1][1])
    np.testing.assert_array_equal(outs[0][2], outs[1][2])
    assert outs[0][1][0] < n_post and outs[0][2][0] == n_post
    sources = outs[0][0]
    assert np.all([np.unique(row).size == k for row in sources])
    assert not np.any(sources == excluded[:, None])
    csr = []
    for f in (cn._sources_to_csr_kernel, cn._sources_to_csr_kernel.py_func):
        indptr = np.empty(n_pre + 1, dtype=np.int64)
        indices = np.empty(n_post * k, dtype=np.int64)
        f(sources, n_pre, indptr, indices)
        csr.append((indptr, indices))
    np.testing.assert_array_equal(csr[0][0], csr[1][0])
    np.testing.assert_array_equal(csr[0][1], csr[1][1])
    dense = np.zeros((n_pre, n_post), dtype=int)
    np.add.at(dense, (sources, np.arange(n_post)[:, None]), 1)
    rebuilt = np.zeros_like(dense)
    np.add.at(rebuilt, (np.repeat(np.arange(n_pre), np.diff(csr[0][0])), csr[0][1]), 1)
    np.testing.assert_array_equal(dense, rebuilt)


# --------------------------------------------------------------------------- Bernoulli


def test_bernoulli_connects_a_fraction_p_of_the_pairs():
    n_pre, n_post, p = 800, 1000, 0.05
    conn = bernoulli(n_pre, n_post, p, weight=-2.0, delay=0.5, rng=2)
    assert_valid(conn)
    mean = p * n_pre * n_post
    assert abs(conn.n_synapses - mean) < 5 * np.sqrt(mean * (1 - p))
    # in-degrees are binomial(n_pre, p)
    assert conn.indegrees.var() == pytest.approx(n_pre * p * (1 - p), rel=0.2)
    pairs = conn.sources * n_post + conn.indices
    assert np.unique(pairs).size == pairs.size
    # connections do not depend on the position in the matrix (row-major order is uniform)
    hist = np.bincount((pairs * 10) // (n_pre * n_post), minlength=10)
    assert np.all(np.abs(hist - conn.n_synapses / 10) < 5 * np.sqrt(conn.n_synapses / 10))


def test_bernoulli_edge_cases_and_autapses():
    assert bernoulli(10, 20, 0.0, weight=1.0, rng=0).n_synapses == 0
    full = bernoulli(10, 20, 1.0, weight=1.0, rng=0)
    assert full.n_synapses == 200 and np.all(full.to_dense() == 1.0)
    no_self = bernoulli(10, 10, 1.0, weight=1.0, allow_autapses=False, rng=0)
    assert no_self.n_synapses == 90 and np.all(np.diag(no_self.to_dense()) == 0)
    shifted = bernoulli(5, 10, 1.0, weight=1.0, allow_autapses=False, pre_offset=5, rng=0)
    dense = shifted.to_dense()
    assert np.all(dense[np.arange(5), np.arange(5) + 5] == 0) and shifted.n_synapses == 45
    for seed in range(5):
        conn = bernoulli(300, 300, 0.1, weight=1.0, allow_autapses=False, rng=seed)
        assert not np.any(conn.sources == conn.indices)


# --------------------------------------------------------------------------- combine, explicit


def test_from_edges_sorts_and_keeps_weights():
    conn = from_edges(
        [2, 0, 2, 0],
        [1, 3, 0, 1],
        n_pre=3,
        n_post=4,
        weights=[1.0, 2.0, 3.0, 4.0],
        delays=[0.1, 0.2, 0.3, 0.4],
    )
    assert_valid(conn)
    np.testing.assert_array_equal(conn.indptr, [0, 2, 2, 4])
    np.testing.assert_array_equal(conn.indices, [1, 3, 0, 1])
    np.testing.assert_array_equal(conn.weights, [4.0, 2.0, 3.0, 1.0])
    np.testing.assert_array_equal(conn.delays, [0.4, 0.2, 0.3, 0.1])
    assert conn.to_dense()[2, 0] == 3.0 and conn.connection_probability == pytest.approx(4 / 12)


def test_stack_presynaptic_builds_the_block_matrix():
    e = bernoulli(30, 40, 0.2, weight=1.0, delay=1.0, rng=0)
    i = bernoulli(10, 40, 0.3, weight=-4.0, delay=2.0, rng=1)
    both = stack_presynaptic([e, i])
    assert_valid(both)
    assert both.n_pre == 40 and both.n_post == 40 and both.n_synapses == e.n_synapses + i.n_synapses
    np.testing.assert_array_equal(both.to_dense(), np.vstack([e.to_dense(), i.to_dense()]))
    np.testing.assert_array_equal(both.delays[both.sources >= 30], 2.0)
    with pytest.raises(ValueError, match="n_post"):
        stack_presynaptic([e, bernoulli(3, 41, 0.5, weight=1.0)])
    with pytest.raises(ValueError, match="connectivities"):
        stack_presynaptic([])
    with pytest.raises(TypeError, match="connectivities"):
        stack_presynaptic([e, "I"])


def test_full_size_brunel_connectivity_builds():
    """Brunel's full network (12 500 neurons, C = 1250 inputs each): exact in-degrees.

    How fast it builds is measured in ``benchmarks/``, not asserted here."""
    n_e = 10_000
    e = fixed_indegree(n_e, 12_500, 1000, weight=0.1, delay=1.5, allow_autapses=False, rng=0)
    i = fixed_indegree(
        2_500, 12_500, 250, weight=-0.5, delay=1.5, allow_autapses=False, pre_offset=n_e, rng=1
    )
    brunel = stack_presynaptic([e, i])
    assert brunel.n_synapses == 12_500 * 1250
    np.testing.assert_array_equal(brunel.indegrees, 1250)


# --------------------------------------------------------------------------- validation


def test_connectivity_validation_names_the_field():
    ok = dict(indptr=[0, 1, 2], indices=[1, 0], weights=[1.0, 1.0], delays=[0.0, 0.0], n_pre=2, n_post=2)
    Connectivity(**ok)
    cases = [
        (dict(indptr=[0, 1]), ValueError, "indptr"),
        (dict(indptr=[1, 1, 2]), ValueError, "indptr"),
        (dict(indptr=[0, 2, 1]), ValueError, "indptr"),
        (dict(indices=[1, 2]), ValueError, "indices"),
        (dict(indices=[1, -1]), ValueError, "indices"),
        (dict(indices=[1]), ValueError, "indices"),
        (dict(indices=[1.5, 0]), ValueError, "indices"),
        (dict(weights=[1.0, np.nan]), ValueError, "weights"),
        (dict(weights=[1.0, np.inf]), ValueError, "weights"),
        (dict(weights=[1.0]), ValueError, "weights"),
        (dict(delays=[0.0, -1.0]), ValueError, "delays"),
        (dict(delays=[0.0, 5000.0]), ValueError, "delays"),
        (dict(n_pre=0), ValueError, "n_pre"),
        (dict(n_post=1.5), TypeError, "n_post"),
        (dict(weights=["a", "b"]), TypeError, "weights"),
    ]
    for change, error, name in cases:
        with pytest.raises(error, match=name):
            Connectivity(**{**ok, **change})
    with pytest.raises(ValueError, match="sorted"):
        Connectivity(
            indptr=[0, 2, 2], indices=[1, 0], weights=[1.0, 1.0], delays=[0.0, 0.0], n_pre=2, n_post=2
        )


def test_connectivity_copies_and_freezes_its_arrays():
    indices = np.array([1, 0])
    conn = Connectivity([0, 1, 2], indices, [1.0, 1.0], [0.0, 0.0], 2, 2)
    indices[0] = 0
    assert conn.indices[0] == 1 and indices.flags.writeable
    with pytest.raises(ValueError):
        conn.weights[0] = 5.0
    with pytest.raises(AttributeError):
        conn.n_pre = 3


def test_builder_validation_names_the_argument():
    cases = [
        (fixed_indegree, (10, 10, 11), {}, ValueError, "indegree"),
        (fixed_indegree, (10, 10, 10), {"allow_autapses": False}, ValueError, "indegree"),
        (fixed_indegree, (10, 10, -1), {}, ValueError, "indegree"),
        (fixed_indegree, (0, 10, 1), {}, ValueError, "n_pre"),
        (fixed_indegree, (10, 10, 2), {"delay": -1.0}, ValueError, "delay"),
        (fixed_indegree, (10, 10, 2), {"weight": np.nan}, ValueError, "weight"),
        (fixed_indegree, (10, 10, 2), {"allow_autapses": "no"}, TypeError, "allow_autapses"),
        (fixed_indegree, (10, 10, 2), {"pre_offset": -1}, ValueError, "pre_offset"),
        (fixed_indegree, (10_000_000, 10_000_000, 1000), {}, ValueError, "synapses"),
        (bernoulli, (10, 10, 1.5), {}, ValueError, "p"),
        (bernoulli, (10, 10, -0.1), {}, ValueError, "p"),
        (bernoulli, (10, 10, np.nan), {}, ValueError, "p"),
        (bernoulli, (10, 0, 0.5), {}, ValueError, "n_post"),
        (bernoulli, (10, 10, 0.5), {"delay": np.inf}, ValueError, "delay"),
    ]
    for builder, args, kwargs, error, name in cases:
        kwargs = {"weight": 1.0, **kwargs}
        with pytest.raises(error, match=name):
            builder(*args, **kwargs)
    with pytest.raises(ValueError, match="pre"):
        from_edges([0, 3], [0, 0], n_pre=3, n_post=1, weights=1.0)
    with pytest.raises(ValueError, match="post"):
        from_edges([0, 1], [0, 1], n_pre=3, n_post=1, weights=1.0)
    with pytest.raises(ValueError, match="weights"):
        from_edges([0, 1], [0, 0], n_pre=3, n_post=1, weights=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="to_dense|large"):
        bernoulli(20_000, 20_000, 0.0, weight=1.0).to_dense()


def _bernoulli_reference(n_pre, n_post, p, allow_autapses, pre_offset, seed):
    """The geometric-gap construction written plainly (the builder's algorithm before it
    worked in place): the same random draws must give the same synapses."""
    rng = np.random.default_rng(seed)
    n_pairs = n_pre * n_post
    if p == 0.0:
        flat = np.empty(0, dtype=np.int64)
    elif p == 1.0:
        flat = np.arange(n_pairs, dtype=np.int64)
    else:
        chunks, last = [], -1
        while True:
            remaining = (n_pairs - 1 - last) * p
            gaps = np.minimum(rng.geometric(p, size=int(remaining + 6.0 * np.sqrt(remaining) + 32)), n_pairs)
            pos = np.cumsum(gaps) + last
            if pos[-1] >= n_pairs - 1:
                chunks.append(pos[pos < n_pairs])
                break
            chunks.append(pos)
            last = int(pos[-1])
        flat = np.concatenate(chunks)
    rows, cols = flat // n_post, flat % n_post
    if not allow_autapses:
        keep = cols != rows + pre_offset
        rows, cols = rows[keep], cols[keep]
    return np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_pre))]), cols


@pytest.mark.parametrize(
    "n_pre, n_post, p, autapses, offset",
    [
        (1, 1, 0.5, True, 0),
        (10, 20, 0.0, True, 0),
        (10, 20, 1.0, True, 0),
        (10, 10, 1.0, False, 0),
        (5, 10, 1.0, False, 5),
        (300, 300, 0.1, False, 0),
        (3200, 4000, 0.02, True, 0),
        (7, 3, 0.9, True, 0),
        (1000, 1000, 1e-9, True, 0),
        (50, 60, 0.999, False, 3),
        (2, 10**7, 1e-7, True, 0),
    ],
)
def test_bernoulli_equals_the_plain_construction(n_pre, n_post, p, autapses, offset):
    for seed in range(3):
        conn = bernoulli(n_pre, n_post, p, weight=1.5, allow_autapses=autapses, pre_offset=offset, rng=seed)
        indptr, cols = _bernoulli_reference(n_pre, n_post, p, autapses, offset, seed)
        assert np.array_equal(conn.indptr, indptr) and np.array_equal(conn.indices, cols)
        assert_valid(conn)


def test_presets_build_what_the_public_builders_stack():
    """cuba_network and brunel_network assemble their projections without a second copy
    (``_stack_uniform``): the result equals stacking the public builders' projections."""
    from neurocourse.networks import brunel_network, cuba_network
    from neurocourse.networks.presets import BrunelParams, CUBAParams, brunel_indegrees

    fields = ("indptr", "indices", "weights", "delays")
    for seed in range(2):
        rng = np.random.default_rng(seed)
        cuba, n = CUBAParams(), 4000
        n_e = int(round(cuba.excitatory_fraction * n))
        expected = stack_presynaptic(
            [
                bernoulli(n_e, n, 80 / n, weight=cuba.w_e, rng=rng),
                bernoulli(n - n_e, n, 80 / n, weight=cuba.w_i, rng=rng),
            ]
        )
        got = cuba_network(n, rng=seed).connectivity
        assert_valid(got)
        for field in fields:
            assert np.array_equal(getattr(got, field), getattr(expected, field)), field
        brunel, n_e = BrunelParams(), 2000
        c_e, c_i = brunel_indegrees(n_e)
        rng = np.random.default_rng(seed)
        expected = stack_presynaptic(
            [
                fixed_indegree(
                    n_e, 2500, c_e, weight=brunel.j, delay=brunel.delay, allow_autapses=False, rng=rng
                ),
                fixed_indegree(
                    500,
                    2500,
                    c_i,
                    weight=-5 * brunel.j,
                    delay=brunel.delay,
                    allow_autapses=False,
                    pre_offset=n_e,
                    rng=rng,
                ),
            ]
        )
        got = brunel_network(n_excitatory=n_e, rng=seed).connectivity
        assert_valid(got)
        for field in fields:
            assert np.array_equal(getattr(got, field), getattr(expected, field)), field


@pytest.mark.parametrize("which", ["cuba", "brunel", "bernoulli", "fixed_indegree"])
def test_building_needs_little_more_memory_than_the_result(which):
    """Peak memory while building (numpy reports its buffers to tracemalloc) is within 10 % of
    the connectivity's own arrays. It was 1.7-2.3 times: the stacking of E and I copied every
    array, and the random gaps had three temporaries; cuba_network(1_000_000) peaked at 3.9 GB."""
    import tracemalloc

    from neurocourse.networks import brunel_network, cuba_network

    build = {
        "cuba": lambda: cuba_network(50_000, rng=1).connectivity,
        "brunel": lambda: brunel_network(n_excitatory=4000, rng=1).connectivity,
        "bernoulli": lambda: bernoulli(40_000, 50_000, 0.002, weight=1.0, rng=1),
        "fixed_indegree": lambda: fixed_indegree(5000, 50_000, 80, weight=1.0, rng=1),
    }[which]
    build()  # compiled helpers and caches first
    tracemalloc.start()
    try:
        conn = build()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    arrays = sum(getattr(conn, f).nbytes for f in ("indptr", "indices", "weights", "delays"))
    assert arrays >= cn.BYTES_PER_SYNAPSE * conn.n_synapses
    assert peak <= 1.1 * arrays, f"peak {peak / 1e6:.0f} MB for {arrays / 1e6:.0f} MB of arrays"


def test_synapse_limit_is_within_the_memory_limit_and_named_in_the_error():
    from neurocourse._validation import MAX_ARRAY_BYTES
    from neurocourse.networks import brunel_network, cuba_network

    assert cn.MAX_SYNAPSES * cn.BYTES_PER_SYNAPSE <= MAX_ARRAY_BYTES
    with pytest.raises(ValueError, match=r"p \* n_pre \* n_post = 4\.1e\+07 synapses would need 0\.98 GB"):
        bernoulli(64_000, 64_000, 0.01, weight=1.0)
    with pytest.raises(ValueError, match=r"n_post \* indegree = 4\.1e\+07 synapses.*use a smaller network"):
        fixed_indegree(100_000, 410_000, 100, weight=1.0)
    with pytest.raises(ValueError, match=r"n_neurons must be a whole number in \[10, 500000\]"):
        cuba_network(500_001)
    with pytest.raises(ValueError, match=r"n_neurons = 20000, connection_probability = 0\.5.*fewer neurons"):
        cuba_network(20_000, connection_probability=0.5)
    with pytest.raises(ValueError, match=r"n_excitatory = 16001.*use n_excitatory <= 16000"):
        brunel_network(n_excitatory=16_001)


# --------------------------------------------------------------------------- properties


@given(
    n_pre=st.integers(-2, 40),
    n_post=st.integers(-2, 40),
    k=st.integers(-2, 45),
    autapses=st.booleans(),
    offset=st.integers(0, 50),
    seed=st.integers(0, 3),
)
def test_fixed_indegree_odd_inputs(n_pre, n_post, k, autapses, offset, seed):
    try:
        conn = fixed_indegree(
            n_pre, n_post, k, weight=1.0, allow_autapses=autapses, pre_offset=offset, rng=seed
        )
    except ValueError as err:
        assert any(name in str(err) for name in ("n_pre", "n_post", "indegree"))
        return
    assert_valid(conn)
    np.testing.assert_array_equal(conn.indegrees, k)


@given(
    n_pre=st.integers(-2, 40),
    n_post=st.integers(-2, 40),
    p=st.one_of(st.floats(-0.5, 1.5), st.just(1.0), st.just(0.0)),
    autapses=st.booleans(),
    offset=st.integers(0, 50),
    seed=st.integers(0, 3),
)
def test_bernoulli_odd_inputs(n_pre, n_post, p, autapses, offset, seed):
    try:
        conn = bernoulli(n_pre, n_post, p, weight=1.0, allow_autapses=autapses, pre_offset=offset, rng=seed)
    except ValueError as err:
        assert any(name in str(err) for name in ("n_pre", "n_post", "p "))
        return
    assert_valid(conn)
    if not autapses:
        assert not np.any(conn.indices == conn.sources + offset)


def test_common_delay_and_row_weights_are_public_and_cached():
    uniform = from_edges([0, 0, 1], [1, 2, 2], n_pre=3, n_post=3, weights=[1.0, 1.0, -2.0], delays=1.5)
    assert uniform.common_delay == 1.5
    np.testing.assert_array_equal(uniform.row_weights, [1.0, -2.0, 0.0])
    assert uniform.row_weights is uniform.row_weights and not uniform.row_weights.flags.writeable
    mixed = from_edges([0, 0], [1, 2], n_pre=3, n_post=3, weights=[1.0, 2.0], delays=[0.0, 0.5])
    assert mixed.common_delay is None and mixed.row_weights is None
    assert from_edges([], [], n_pre=2, n_post=2, weights=0.0).common_delay == 0.0
