import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reference import davis_goadrich_pr_auc, pair_auc
from rocauc.core.binning import (
    bin_masses,
    binned_counts,
    bit_edges,
    bound_tables,
    keras_area,
    keras_edges,
    shared_mass,
)
from rocauc.core.counts import Counts, _ordered_uint32
from rocauc.core.scores import auc, pr_auc
from strategies import binary_data

# hypothesis may draw scores that are all 0/1 (hard predictions): their warning is tested in test_inputs
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")

finite32 = st.floats(allow_nan=False, allow_infinity=False, width=32)
unit = st.floats(0, 1, allow_nan=False, width=32)


def edges_strategy():
    return st.one_of(
        st.integers(1, 32).map(bit_edges),
        st.integers(2, 40).map(lambda n: keras_edges(num_thresholds=n)),
        st.lists(unit, min_size=1, max_size=20).map(lambda t: keras_edges(thresholds=t)),
    )


def keras_reference_table(y, p, w, thresholds):
    """keras.metrics.AUC's definition: at each threshold t (ascending), the weight with p > t, in float32."""
    p32 = np.asarray(p, np.float32)
    t32 = np.asarray(thresholds, np.float32)
    w = np.ones(len(y)) if w is None else w
    tp = np.array([w[y & (p32 > t)].sum() for t in t32])
    fp = np.array([w[~y & (p32 > t)].sum() for t in t32])
    return tp, fp


# ------------------------------------------------------------------------------------------------ edges


@given(edges_strategy(), st.data())
def test_buckets_never_decrease_and_ties_share_a_bucket(edges, data):
    elements = finite32 if edges.kind == "bits" else unit
    s = np.sort(data.draw(arrays(np.float64, st.integers(1, 50), elements=elements)))
    b = edges.bucket(s).astype(np.int64)
    assert (np.diff(b) >= 0).all()
    assert (b >= 0).all() and (b < edges.n_buckets).all()
    equal = s[1:] == s[:-1]
    assert (b[1:][equal] == b[:-1][equal]).all()


@given(
    st.integers(1, 32),
    arrays(np.float32, st.integers(1, 50), elements=st.floats(0, float(np.finfo(np.float32).max), width=32)),
)
def test_nonnegative_shortcut_gives_the_same_buckets(bits, s):
    s = np.r_[s, np.float32(-0.0)]
    e = bit_edges(bits)
    np.testing.assert_array_equal(e.bucket(s, nonnegative=True), e.bucket(s))


def test_signed_zeros_share_a_bucket():
    for e in (bit_edges(32), bit_edges(7), keras_edges(), keras_edges(thresholds=[0.3])):
        b = e.bucket(np.array([-0.0, 0.0]))
        assert b[0] == b[1]


@given(st.integers(1, 32), arrays(np.float32, st.integers(1, 50), elements=finite32))
def test_bit_buckets_are_the_top_bits_of_the_ordered_key(bits, s):
    expected = _ordered_uint32(s) >> np.uint32(32 - bits)
    np.testing.assert_array_equal(bit_edges(bits).bucket(s), expected)


@given(st.integers(1, 32), arrays(np.float32, st.integers(1, 50), elements=finite32))
def test_bit_bucket_edges_bound_their_scores(bits, s):
    e = bit_edges(bits)
    b = e.bucket(s).astype(np.int64)
    low = e.row_thresholds(b)
    assert (low <= s.astype(np.float64)).all()
    top = b < e.n_buckets - 1
    nxt = e.row_thresholds(b[top] + 1)
    assert (s[top].astype(np.float64) < nxt).all()


def test_keras_thresholds_are_keras_defaults():
    e = keras_edges()
    assert e.kind == "linear" and e.n_buckets == 200
    assert e.thresholds[0] == -1e-7 and e.thresholds[-1] == 1 + 1e-7
    np.testing.assert_allclose(e.thresholds[1:-1], np.arange(1, 199) / 199, rtol=0, atol=1e-15)
    assert keras_edges(thresholds=[0.9, 0.1, 0.3]).thresholds.tolist() == [-1e-7, 0.1, 0.3, 0.9, 1 + 1e-7]
    # evenly spaced user thresholds take the linear kind, as Keras's optimized path does
    assert keras_edges(thresholds=[0.25, 0.5, 0.75]).kind == "linear"
    assert keras_edges(thresholds=[0.2, 0.5, 0.75]).kind == "thresholds"


@pytest.mark.parametrize("bad", [1, 0, -3, 2.5, True, "200"])
def test_num_thresholds_must_be_an_integer_above_one(bad):
    with pytest.raises(ValueError, match=r"num_thresholds must be an integer > 1"):
        keras_edges(num_thresholds=bad)


@pytest.mark.parametrize("bad", [[1.5], [-0.1, 0.5], [np.nan]])
def test_thresholds_must_lie_in_the_unit_interval(bad):
    with pytest.raises(ValueError, match=r"thresholds must lie in \[0, 1\].*from_logits=True"):
        keras_edges(thresholds=bad)


def test_thresholds_must_be_a_non_empty_list():
    with pytest.raises(ValueError, match=r"thresholds must be a non-empty 1-d list"):
        keras_edges(thresholds=[])


@pytest.mark.parametrize("bad", [0, 33, 8.0, None, True])
def test_bits_range(bad):
    with pytest.raises(ValueError, match=r"bits must be an integer from 1 to 32"):
        bit_edges(bad)


def test_edges_round_trip_through_dict():
    for e in (keras_edges(), keras_edges(7), keras_edges(thresholds=[0.2, 0.7]), bit_edges(20)):
        again = type(e).from_dict(e.to_dict())
        assert again.same_as(e) and again.kind == e.kind
    assert not keras_edges(7).same_as(keras_edges(8))
    assert not bit_edges(20).same_as(keras_edges())


# ------------------------------------------------------------------------------------------------ kernel


@given(binary_data(weights=True), st.integers(1, 12))
def test_bin_masses_sum_the_weight_of_each_bucket(data, n_buckets):
    y, s, w = data
    bucket = np.arange(y.size) % n_buckets
    masses = bin_masses(bucket, y, w, n_buckets)
    for b in range(n_buckets):
        assert masses[1, 0, b] == pytest.approx(w[(bucket == b) & y].sum(), abs=1e-12)
        assert masses[0, 0, b] == pytest.approx(w[(bucket == b) & ~y].sum(), abs=1e-12)


def test_bin_masses_of_several_columns():
    bucket = np.array([[0, 1], [1, 1], [2, 0]])
    y = np.array([[1, 0], [0, 1], [1, 1]], bool)
    m = bin_masses(bucket, y, np.array([1.0, 2.0, 4.0]), 3)
    assert m.shape == (2, 2, 3)
    assert m[1, 0].tolist() == [1.0, 0.0, 4.0] and m[0, 0].tolist() == [0.0, 2.0, 0.0]
    assert m[1, 1].tolist() == [4.0, 2.0, 0.0] and m[0, 1].tolist() == [0.0, 1.0, 0.0]


@given(
    binary_data(weights=True),
    st.one_of(
        st.integers(2, 40).map(lambda n: keras_edges(num_thresholds=n)),
        st.lists(unit, min_size=1, max_size=30).map(lambda t: keras_edges(thresholds=t)),
    ),
)
def test_keras_table_equals_the_p_greater_than_t_definition(data, edges):
    y, s, w = data
    p = np.clip(np.abs(s) / (1 + np.abs(s).max()), 0, 1)
    if edges.kind == "linear":
        # the float32 formula and the comparison agree away from the thresholds: keep scores off them
        t = edges.thresholds[1:-1]
        if t.size:
            near = np.abs(p[:, None] - t[None, :]).min(axis=1) < 1e-5
            p = np.where(near, p + 2e-5, p).clip(0, 1)
    c = binned_counts(y, p, w, edges)
    tp, fp = keras_reference_table(y, p, w, edges.thresholds)
    assert c.rule == ">" and not c.exact
    np.testing.assert_array_equal(c.thresholds, edges.thresholds[::-1])
    np.testing.assert_allclose(c.tp, tp[::-1], atol=1e-12)
    np.testing.assert_allclose(c.fp, fp[::-1], atol=1e-12)


@given(binary_data(weights=True), st.integers(1, 32))
def test_bit_table_rows_count_scores_at_or_above_their_edge(data, bits):
    y, s, w = data
    c = binned_counts(y, s, w, bit_edges(bits))
    s32 = s.astype(np.float32).astype(np.float64)
    assert c.rule == ">=" and (np.diff(c.thresholds) < 0).all()
    tp = np.array([w[y & (s32 >= t)].sum() for t in c.thresholds])
    fp = np.array([w[~y & (s32 >= t)].sum() for t in c.thresholds])
    np.testing.assert_allclose(c.tp, tp, atol=1e-12)
    np.testing.assert_allclose(c.fp, fp, atol=1e-12)


def test_keras_documented_example_table():
    c = binned_counts(np.array([0, 0, 1, 1], bool), np.array([0, 0.5, 0.3, 0.9]), None, keras_edges(3))
    # Keras: tp = [2, 1, 0], fp = [2, 0, 0] for thresholds [-1e-7, 0.5, 1 + 1e-7]
    assert c.tp[::-1].tolist() == [2, 1, 0] and c.fp[::-1].tolist() == [2, 0, 0]
    assert keras_area(c) == 0.75


# ------------------------------------------------------------------------------------------------ bounds


small_edges = st.one_of(
    st.integers(1, 12).map(bit_edges),
    st.integers(2, 8).map(lambda n: keras_edges(num_thresholds=n)),
)


@given(binary_data(weights=True), small_edges)
def test_bounds_contain_the_exact_roc_auc(data, edges):
    y, s, w = data
    if edges.kind != "bits":
        s = np.abs(s) / (1 + np.abs(s).max())
    c = binned_counts(y, s, w, edges)
    low, high = bound_tables(c)
    exact = pair_auc(y, s, w)
    assert auc(low) - 1e-12 <= exact <= auc(high) + 1e-12
    assert auc(low) - 1e-12 <= auc(c) <= auc(high) + 1e-12
    assert auc(high) - auc(low) == pytest.approx(shared_mass(c), abs=1e-12)
    # for ROC the bounds are Keras's minoring and majoring sums on the same table
    assert keras_area(c, "ROC", "minoring") == pytest.approx(auc(low), abs=1e-12)
    assert keras_area(c, "ROC", "majoring") == pytest.approx(auc(high), abs=1e-12)


@given(binary_data(weights=True, max_size=25), small_edges)
def test_bounds_contain_the_exact_pr_auc(data, edges):
    y, s, w = data
    if edges.kind != "bits":
        s = np.abs(s) / (1 + np.abs(s).max())
    c = binned_counts(y, s, w, edges)
    low, high = bound_tables(c)
    exact = davis_goadrich_pr_auc(y, s, w)  # numerical integration: accurate to about 1e-6
    assert pr_auc(low) - 1e-6 <= exact <= pr_auc(high) + 1e-6
    assert pr_auc(low) - 1e-12 <= pr_auc(c) <= pr_auc(high) + 1e-12


@given(binary_data(weights=True))
def test_estimate_is_exact_when_each_bucket_holds_one_score(data):
    y, s, w = data
    grid = np.round(np.abs(s.astype(np.float64)) % 1 * 16) / 16  # at most 5 significant bits
    c = binned_counts(y, grid, w, bit_edges(16))
    assert auc(c) == pytest.approx(pair_auc(y, grid, w), abs=1e-12)


def test_bounds_of_an_exact_table_are_the_table():
    c = Counts(np.array([0.5]), np.array([1.0]), np.array([1.0]))
    assert bound_tables(c) == (c, c)
    assert shared_mass(c) == 0.0


def test_summation_methods_order():
    rng = np.random.default_rng(3)
    y = rng.random(300) < 0.4
    s = np.clip(rng.normal(0.4 + 0.2 * y, 0.2), 0, 1)
    for curve in ("ROC", "PR"):
        c = binned_counts(y, s, None, keras_edges(10))
        lo, mid, hi = (keras_area(c, curve, m) for m in ("minoring", "interpolation", "majoring"))
        assert lo <= mid <= hi
    no_positives = Counts(np.array([0.5]), np.array([0.0]), np.array([3.0]), exact=False)
    assert np.isnan(keras_area(no_positives)) and np.isnan(keras_area(no_positives, "PR", "minoring"))


@pytest.mark.parametrize("name", ["rocauc.core.binning", "rocauc.streaming.state"])
def test_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
