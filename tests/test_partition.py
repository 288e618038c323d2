"""The engine-free partitioned scheme: exact scores from ranges, certified bounds from the sketch."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import rocauc
from reference import pair_auc, step_average_precision, threshold_sweep
from rocauc.core.counts import exact_counts
from rocauc.distributed.partition import Sketch, bits_for_error, partitioned, plan_ranges, refined_bits, sketch_of
from strategies import binary_data

# the in-memory references see the same degenerate draws (one class, all-equal scores): their warnings are expected
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning", "ignore::rocauc.UndefinedMetricWarning")


def _batches(y, s, w, cuts):
    edges = [0, *sorted(set(cuts)), y.size]
    return [(y[a:b], s[a:b], None if w is None else w[a:b]) for a, b in zip(edges[:-1], edges[1:])]


@st.composite
def split_problem(draw, weights=None):
    weighted = draw(st.booleans()) if weights is None else weights
    y, s, w = draw(binary_data(min_size=4, max_size=80, weights=weighted))
    cuts = draw(st.lists(st.integers(0, y.size), max_size=4))
    n_ranges = draw(st.integers(1, 7))
    bits = draw(st.sampled_from([4, 8, 12, 16, 24, 32]))
    return y, s, w, cuts, n_ranges, bits


@given(split_problem())
def test_exact_scores_equal_the_in_memory_ones_for_any_split(case):
    y, s, w, cuts, n_ranges, bits = case
    r = partitioned(_batches(y, s, w, cuts), n_ranges=n_ranges, bits=bits)
    assert r.auc == pytest.approx(rocauc.roc_auc(y, s, sample_weight=w), abs=1e-12)
    assert r.auc == pytest.approx(pair_auc(y, s, w), abs=1e-12)
    assert r.average_precision == pytest.approx(rocauc.average_precision(y, s, sample_weight=w), abs=1e-12)
    assert r.average_precision == pytest.approx(step_average_precision(y, s, w), abs=1e-12)
    assert r.pr_auc == pytest.approx(rocauc.pr_auc(y, s, sample_weight=w), abs=1e-12)
    low, high = r.bounds
    assert low - 1e-12 <= r.auc <= high + 1e-12
    auc_only = partitioned(_batches(y, s, w, cuts), n_ranges=n_ranges, bits=bits, what=("auc",))
    assert auc_only.auc == pytest.approx(r.auc, abs=1e-12)


@given(split_problem())
def test_delong_standard_error_equals_roc_auc_ci(case):
    y, s, w, cuts, n_ranges, bits = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = rocauc.roc_auc_ci(y, s, sample_weight=w, method="delong")
        got = partitioned(_batches(y, s, w, cuts), n_ranges=n_ranges, bits=bits).interval()
    if np.isnan(expected.std_error):
        assert np.isnan(got.std_error)
    else:
        assert got.std_error == pytest.approx(expected.std_error, abs=1e-9)
        assert got.low == pytest.approx(expected.low, abs=1e-9)
        assert got.high == pytest.approx(expected.high, abs=1e-9)


@given(split_problem(), st.integers(2, 12))
def test_curve_points_are_exact_rows_of_the_full_table(case, n_points):
    y, s, w, cuts, n_ranges, bits = case
    r = partitioned(_batches(y, s, w, cuts), n_ranges=n_ranges, bits=bits, n_points=n_points)
    thresholds, tp, fp = threshold_sweep(y, s, w)
    c = r.counts
    assert 1 <= len(c) <= n_points + 1
    assert np.all(np.diff(c.thresholds) < 0)
    at = np.searchsorted(-thresholds, -c.thresholds)
    np.testing.assert_array_equal(thresholds[at], c.thresholds)
    np.testing.assert_allclose(c.tp, tp[at], atol=1e-12)
    np.testing.assert_allclose(c.fp, fp[at], atol=1e-12)
    assert c.tp[-1] == pytest.approx(tp[-1]) and c.fp[-1] == pytest.approx(fp[-1])  # the last point is (1, 1)
    fpr, tpr, _ = r.roc_curve()
    assert fpr[0] == 0 and tpr[0] == 0 and fpr[-1] == pytest.approx(1) and tpr[-1] == pytest.approx(1)


def test_ranges_hold_bounded_shares_and_ties_stay_together():
    rng = np.random.default_rng(3)
    y = rng.random(20_000) < 0.4
    s = np.round(rng.normal(size=y.size) + y, 2)
    plan = plan_ranges(sketch_of(y, s, None, 16), n_ranges=8)
    r = plan.range_of(s)
    shares = np.bincount(r, minlength=plan.n_ranges) / y.size
    assert plan.n_ranges == 8 and shares.max() < 2 / 8
    for value in np.unique(s)[:50]:
        assert np.unique(r[s == value]).size == 1
    # ranges are ordered by score: every score of a higher range is larger
    order = np.argsort(s, kind="stable")
    assert np.all(np.diff(r[order].astype(int)) >= 0)


def test_float64_scores_beyond_float32_keep_exact_order():
    y = np.array([0, 1, 0, 1, 0, 1, 1, 0], bool)
    s = np.array([1e300, -1e300, 1 + 1e-15, 1.0, 1e-50, 0.0, -0.0, 3e38])
    r = partitioned([(y[:3], s[:3], None), (y[3:], s[3:], None)], n_ranges=3, bits=32)
    assert r.auc == pytest.approx(pair_auc(y, s), abs=1e-15)


def test_one_class_gives_nan_auc():
    y = np.zeros(10, bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = partitioned([(y, np.arange(10.0), None)], n_ranges=2)
    assert np.isnan(r.auc) and np.isnan(r.average_precision)


@given(binary_data(min_size=10, max_size=200), st.sampled_from([1e-2, 1e-3, 1e-4]))
def test_certified_estimate_is_within_its_bounds(data, max_error):
    y, s, _ = data
    bits = bits_for_error(max_error)
    m = sketch_of(y, s, None, bits)
    low, high = m.bounds()
    exact = pair_auc(y, s)
    assert low - 1e-12 <= exact <= high + 1e-12
    assert abs(m.estimate() - exact) <= (high - low) / 2 + 1e-12
    streaming = m.to_streaming()  # the same state as a StreamingAUC
    assert streaming.bounds() == pytest.approx((low, high), abs=1e-12)
    direct = rocauc.StreamingAUC(bits=bits).update(y, s)
    assert direct.bounds() == pytest.approx((low, high), abs=1e-12)


@given(split_problem())
def test_sketches_add_like_one_sketch(case):
    y, s, w, cuts, _, bits = case
    parts = [sketch_of(a, b, c, bits) for a, b, c in _batches(y, s, w, cuts)]
    total = parts[0]
    for p in parts[1:]:
        total = total + p
    whole = sketch_of(y, s, w, bits)
    np.testing.assert_array_equal(total.buckets, whole.buckets)
    np.testing.assert_allclose(total.pos, whole.pos)
    np.testing.assert_allclose(total.neg, whole.neg)


@given(
    st.lists(st.integers(0, 1 << 20), min_size=1, max_size=60, unique=True),
    st.lists(st.integers(0, 1 << 20), min_size=1, max_size=60, unique=True),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1, 1 << 12, 1 << 30]),
)
def test_the_dense_and_the_sorting_add_of_sketches_agree(a, b, seed, scale):
    """Two sketches add bucket by bucket, the same by the compiled merge and by numpy, whose buckets are close (a
    dense table) or far apart (a sort of both lists): buckets of either (zero weight kept), weights summed in the
    same order."""
    rng = np.random.default_rng(seed)

    def sketch(buckets):
        buckets = np.sort(np.array(buckets, dtype=np.int64)) * scale
        masses = np.round(rng.random((2, buckets.size)) * 3, 1)  # zero weights too
        return Sketch(20, buckets, masses[0], masses[1])

    import os

    from rocauc.core import kernels

    x, z = sketch(a), sketch(b)
    compiled = x + z  # the compiled merge where the module is built
    os.environ[kernels.ENV] = "numpy"
    try:
        numpy_sum = x + z
    finally:
        del os.environ[kernels.ENV]
    buckets, inverse = np.unique(np.concatenate([x.buckets, z.buckets]), return_inverse=True)
    for got in (compiled, numpy_sum):
        np.testing.assert_array_equal(got.buckets, buckets)
        assert got.buckets.dtype == np.int64
        for mass in ("pos", "neg"):
            want = np.bincount(inverse, weights=np.concatenate([getattr(x, mass), getattr(z, mass)]))
            np.testing.assert_array_equal(getattr(got, mass), want)


@given(split_problem(), st.integers(1, 5), st.booleans())
def test_waves_cut_the_same_ranges_as_one_pass(case, n_waves, float32):
    """A second pass run in waves (each batch keeps the ranges lo <= r < hi only) hands every range the same rows."""
    from rocauc.distributed.engine import waves

    y, s, w, cuts, n_ranges, bits = case
    if float32:
        s, w = s.astype(np.float32), None
    batches = _batches(y, s, w, cuts)
    sketch = sketch_of(y, s, w, bits)
    plan = plan_ranges(sketch, n_ranges)
    slices = waves({"k": plan}, y.size, True, y.size * 4 * 4 / n_waves)
    assert [r for wave in slices for r in range(*wave["k"])] == list(range(plan.n_ranges))
    for y_, s_, w_ in batches:
        whole = plan.split(y_, s_, w_)
        packed = plan.split_packed(y_, s_) if float32 else None
        for wave in slices:
            lo, hi = wave["k"]
            for r, (a, b, _) in zip(range(lo, hi), plan.split(y_, s_, w_, lo, hi)):
                np.testing.assert_array_equal(a, whole[r][0])
                np.testing.assert_array_equal(b, whole[r][1])
            if packed is not None:
                for r, piece in zip(range(lo, hi), plan.split_packed(y_, s_, lo, hi)):
                    np.testing.assert_array_equal(piece, packed[r])


def test_refined_bits_grow_until_the_bounds_are_narrow():
    assert refined_bits(16, 0.70, 0.71, 1e-3) > 16
    assert refined_bits(16, 0.700, 0.7015, 1e-3) is None
    assert refined_bits(32, 0.70, 0.71, 1e-3) is None
    y = np.random.default_rng(0).random(5000) < 0.5
    s = np.random.default_rng(1).random(5000).astype(np.float32)
    bits = 12
    while True:
        low, high = sketch_of(y, s, None, bits).bounds()
        nxt = refined_bits(bits, low, high, 1e-4)
        if nxt is None:
            break
        bits = nxt
    assert high - low <= 2e-4


@pytest.mark.parametrize("bad", [0, 0.5, -1e-3, "1e-3", True])
def test_max_error_is_checked(bad):
    with pytest.raises(ValueError, match=r"max_error must be a number in \(0, 0.5\)"):
        bits_for_error(bad)


def test_plan_arguments_are_checked():
    m = sketch_of(np.array([0, 1], bool), np.array([0.1, 0.9]), None, 16)
    with pytest.raises(ValueError, match="n_ranges must be a positive integer"):
        plan_ranges(m, 0)
    with pytest.raises(ValueError, match="n_points must be an integer >= 2"):
        plan_ranges(m, 2, n_points=1)


def test_single_range_table_is_the_exact_table():
    rng = np.random.default_rng(5)
    y = rng.random(300) < 0.5
    s = rng.integers(0, 20, 300).astype(np.float64)
    r = partitioned([(y, s, None)], n_ranges=1, n_points=10_000)
    c = exact_counts(y, s)
    np.testing.assert_array_equal(r.counts.thresholds, c.thresholds)
    np.testing.assert_array_equal(r.counts.tp, c.tp)


def test_docstring_examples():
    import doctest

    from rocauc.distributed import partition as module

    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


# float32 scores at the edges of the key quarters a keyed plan cuts at (ordered keys 2**30, 2**31, 3 * 2**30 and
# their neighbours), the signed zeros, the smallest and largest magnitudes
_EDGES = np.array(
    [-3.4e38, -2.0, np.nextafter(np.float32(-2), np.float32(0)), -1.0, -1e-45, -0.0, 0.0, 1e-45, 0.5, 1.0]
    + [np.nextafter(np.float32(2), np.float32(0)), 2.0, 3.4e38],
    dtype=np.float32,
)


@st.composite
def keyed_problem(draw):
    n = draw(st.integers(2, 120))
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    edge = st.sampled_from(_EDGES.tolist())
    spread = st.floats(-1e6, 1e6, allow_nan=False, width=32)
    s = np.array(draw(st.lists(st.one_of(edge, spread, st.sampled_from([0.25, 0.75])), min_size=n, max_size=n)))
    cuts = draw(st.lists(st.integers(0, n), max_size=4))
    return y, s.astype(np.float32), cuts, draw(st.integers(1, 9)), draw(st.sampled_from([4, 12, 16, 24, 32]))


@given(keyed_problem(), st.integers(1, 4), st.integers(1, 16))
def test_keyed_rows_give_the_exact_auc_in_any_waves(case, n_waves, stride):
    """Rows as 4-byte keys (offset in the range and label): ties across batches and classes, negative scores,
    -0.0 and 0.0 (one score), scores at the quarter cuts; any batches, waves, and a plan from a sample of rows."""
    from rocauc.distributed.engine import waves
    from rocauc.distributed.partition import combine, summarize_packed

    y, s, cuts, n_ranges, bits = case
    batches = _batches(y, s, None, cuts)
    plan = plan_ranges(sketch_of(y[::stride], s[::stride], None, bits), n_ranges, keyed=True)
    assert plan.keyed and plan.n_ranges <= n_ranges + 3
    # every range lies inside one quarter of the key space
    first = plan.starts.astype(np.uint64) << np.uint64(32 - bits)
    last = np.r_[first[1:], np.uint64(1 << 32)] - np.uint64(1)
    np.testing.assert_array_equal(first >> np.uint64(30), last >> np.uint64(30))
    slices = waves({"k": plan}, y.size, True, y.size * 4 * 4 / n_waves)
    pieces: list = [[] for _ in range(plan.n_ranges)]
    for wave in slices:
        lo, hi = wave["k"]
        for y_, s_, _ in batches:
            got = plan.split_keys(y_, s_, lo, hi)
            assert len(got) == hi - lo
            for r, piece in zip(range(lo, hi), got):
                assert piece.dtype == np.uint32
                pieces[r].append(piece)
    # each row lands in the range range_of names, as its offset from the range's lowest key
    assert sum(p.size for ps in pieces for p in ps) == y.size
    ranges = plan.range_of(s)
    for r in range(plan.n_ranges):
        np.testing.assert_array_equal(np.sort(np.concatenate(pieces[r]) & np.uint32(1)), np.sort(y[ranges == r]))
    summaries = [summarize_packed(r, ps) for r, ps in enumerate(pieces)]
    result = combine(plan, summaries)
    if y.all() or not y.any():
        assert np.isnan(result.auc)
    else:
        assert result.auc == pytest.approx(pair_auc(y, s), abs=1e-12)
        assert result.auc == pytest.approx(rocauc.roc_auc(y, s), abs=1e-12)
    assert (result.m, result.n) == (int(y.sum()), int((~y).sum()))


def test_keyed_offsets_at_the_quarter_edges():
    """The lowest score of a quarter is offset 0 of its range, and the signed zeros are one score."""
    s = _EDGES
    y = np.arange(s.size) % 2 == 0
    plan = plan_ranges(sketch_of(y, s, None, 16), 1, keyed=True)
    assert plan.starts.tolist() == [0, 1 << 14, 2 << 14, 3 << 14]
    got = plan.split_keys(y, s)
    assert [p.size for p in got] == [2, 3, 6, 2]  # -3.4e38, -2 | -1.99 .. -1e-45 | -0.0 .. 1.99 | 2.0, 3.4e38
    assert got[0][-1] >> 1 == (1 << 30) - 1  # -2.0: the last key of the lowest quarter
    assert (got[1][0] >> 1, got[2][0] >> 1, got[3][0] >> 1) == (0, 0, 0)  # -1.99, +-0.0, 2.0 start theirs
    assert got[2][:3].tolist() == [0, 1, 2]  # -0.0 (negative) and 0.0 (positive) tie; 1e-45 is the next key
    with pytest.raises(ValueError, match="keyed=True"):
        plan_ranges(sketch_of(y, s, None, 16), 2).split_keys(y, s)


@given(split_problem(), st.booleans())
def test_sketches_of_batches_held_together_equal_the_whole(case, float32):
    """The sketch of several batches held by one worker (engine.batches_sketches: one task per worker) is the sketch
    of all their rows: the same buckets and weights, the same number of rows read."""
    from rocauc.distributed import engine

    y, s, w, cuts, _, bits = case
    if float32:
        s = s.astype(np.float32)
    spec = engine.Spec(what=("auc",))
    batches = [(a, b, c) for a, b, c in _batches(y, s, w, cuts) if a.size]
    meta, together = engine.batches_sketches(spec, bits, iter(batches))
    whole_meta, whole = engine.batch_sketches(spec, bits, y, s, w)
    assert meta.n_samples == whole_meta.n_samples  # rows of zero weight are not counted
    assert together.keys() == whole.keys()
    for key, sk in whole.items():
        np.testing.assert_array_equal(together[key].buckets, sk.buckets)
        np.testing.assert_allclose(together[key].pos, sk.pos, rtol=1e-12)
        np.testing.assert_allclose(together[key].neg, sk.neg, rtol=1e-12)
        assert together[key].bounds() == pytest.approx(sk.bounds(), abs=1e-12, nan_ok=True)


def test_sketches_of_no_batch_is_an_error():
    from rocauc.distributed import engine

    with pytest.raises(ValueError, match="at least one batch"):
        engine.batches_sketches(engine.Spec(), 16, [])


@given(split_problem())
def test_sketch_bounds_are_the_areas_of_the_bound_tables(case):
    """Sketch.bounds (pairs across buckets, and those sharing one, from the masses) equals the AUCs of
    core.binning.bound_tables of the sketch's table (the pairs inside each bucket ranked worst, then best)."""
    from rocauc.core import scores
    from rocauc.core.binning import bound_tables

    y, s, w, _, _, bits = case
    sk = sketch_of(y, s, w, bits)
    assume(sk.P > 0 and sk.N > 0)
    low, high = bound_tables(sk.counts())
    assert sk.bounds() == pytest.approx((scores.auc(low), scores.auc(high)), abs=1e-12)
    assert sk.bounds() is sk.bounds()  # computed once


@given(
    st.integers(1, 32),
    st.lists(st.tuples(st.integers(0, 2**32 - 1), st.floats(0, 2**33), st.floats(0, 1e6)), max_size=50),
    st.booleans(),
)
def test_a_sketch_travels_compactly_and_comes_back_as_it_was(bits, cells, whole):
    """Pickled (as Dask sends it), a sketch keeps its buckets and weights exactly; counts of rows travel as uint32."""
    import pickle

    buckets = np.unique(np.array([c[0] >> (32 - bits) for c in cells], np.int64))
    pos = np.array([cells[i][1] for i in range(buckets.size)], np.float64)
    neg = np.array([cells[i][2] for i in range(buckets.size)], np.float64)
    if whole:
        pos, neg = np.floor(pos) % 2**32, np.floor(neg)
    sk = Sketch(bits, buckets, pos, neg)
    wire = pickle.dumps(sk, protocol=5)
    back = pickle.loads(wire)
    assert back.bits == bits and back.buckets.dtype == np.int64 and back.pos.dtype == back.neg.dtype == np.float64
    np.testing.assert_array_equal(back.buckets, buckets)
    np.testing.assert_array_equal(back.pos, pos)
    np.testing.assert_array_equal(back.neg, neg)
    assert back.bounds() == sk.bounds() or np.isnan(sk.bounds()[0])


def test_an_unweighted_sketch_pickles_in_twelve_bytes_a_bucket():
    import pickle

    rng = np.random.default_rng(0)
    y, s = rng.random(200_000) < 0.3, rng.random(200_000).astype(np.float32)
    sk = sketch_of(y, s, None, 24)
    assert sk.buckets.size > 10_000
    assert len(pickle.dumps(sk, protocol=5)) < 12.1 * sk.buckets.size  # was 24: int64 buckets, float64 counts
    weighted = sketch_of(y, s, rng.random(200_000), 24)
    assert len(pickle.dumps(weighted, protocol=5)) > 20 * weighted.buckets.size  # weights stay float64
