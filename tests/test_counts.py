import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reference import pair_auc, threshold_sweep
from rocauc.core.counts import Counts, _ordered_uint32, exact_counts, merge_counts, rank_auc
from rocauc.core.scores import auc
from strategies import binary_data

# hypothesis may draw scores that are all 0/1 (hard predictions): their warning is tested in test_inputs
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


@given(binary_data(weights=True))
def test_exact_counts_equals_threshold_sweep(data):
    y, s, w = data
    c = exact_counts(y, s, w)
    thresholds, tp, fp = threshold_sweep(y, s, w)
    np.testing.assert_array_equal(c.thresholds, thresholds)
    np.testing.assert_allclose(c.tp, tp, rtol=0, atol=1e-12)
    np.testing.assert_allclose(c.fp, fp, rtol=0, atol=1e-12)


@given(binary_data(weights=False))
def test_unweighted_counts_equal_threshold_sweep(data):
    y, s, _ = data
    c = exact_counts(y, s)
    thresholds, tp, fp = threshold_sweep(y, s)
    np.testing.assert_array_equal(c.thresholds, thresholds)
    np.testing.assert_array_equal(c.tp, tp)
    np.testing.assert_array_equal(c.fp, fp)


@given(binary_data(weights=True))
def test_auc_of_table_equals_pair_count(data):
    y, s, w = data
    assert auc(exact_counts(y, s, w)) == pytest.approx(pair_auc(y, s, w), abs=1e-12)


@given(binary_data(dtype=np.float32, max_size=200))
def test_rank_kernel_equals_pair_count(data):
    y, s, _ = data
    assert rank_auc(y, s) == pytest.approx(pair_auc(y, s), abs=1e-12)


def test_rank_kernel_long_ties_use_binary_search():
    rng = np.random.default_rng(0)
    s = np.repeat(np.array([-1.0, 0.0, 0.5, 1.0], np.float32), 50)
    y = rng.random(s.size) < 0.4
    assert rank_auc(y, s) == pytest.approx(pair_auc(y, s), abs=1e-12)


def test_rank_kernel_declines_float64():
    assert rank_auc(np.array([True, False]), np.array([0.2, 0.1])) is None


@given(binary_data(weights=True), binary_data(weights=True))
def test_merge_equals_table_of_concatenation(a, b):
    (ya, sa, wa), (yb, sb, wb) = a, b
    merged = exact_counts(ya, sa, wa) + exact_counts(yb, sb, wb)
    whole = exact_counts(np.r_[ya, yb], np.r_[sa, sb].astype(np.float64), np.r_[wa, wb])
    np.testing.assert_array_equal(merged.thresholds, whole.thresholds)
    np.testing.assert_allclose(merged.tp, whole.tp, atol=1e-12)
    np.testing.assert_allclose(merged.fp, whole.fp, atol=1e-12)


def test_merge_rejects_different_rules():
    a = Counts(np.array([0.5]), np.array([1.0]), np.array([1.0]))
    b = Counts(np.array([0.5]), np.array([1.0]), np.array([1.0]), rule=">")
    with pytest.raises(ValueError, match="different threshold rules"):
        merge_counts(a, b)


def test_counts_round_trip_dict():
    c = exact_counts(np.array([1, 0, 1], bool), np.array([0.3, 0.2, 0.3]))
    d = Counts.from_dict(c.to_dict())
    np.testing.assert_array_equal(d.tp, c.tp)
    np.testing.assert_array_equal(d.thresholds, c.thresholds)


@given(st.lists(st.floats(width=32, allow_nan=False), min_size=2, max_size=50))
def test_ordered_uint32_preserves_order(values):
    s = np.array(values, np.float32)
    keys = _ordered_uint32(s)
    for i in range(len(s) - 1):
        assert (s[i] < s[i + 1]) == (keys[i] < keys[i + 1])
        assert (s[i] == s[i + 1]) == (keys[i] == keys[i + 1])


def test_zero_weights_are_left_out_of_thresholds():
    c = exact_counts(np.array([1, 0, 1], bool), np.array([0.9, 0.5, 0.1]), np.array([1.0, 0.0, 1.0]))
    assert c.thresholds.tolist() == [0.9, 0.1]


@given(binary_data(dtype=np.float32, max_size=120), st.integers(1, 7))
def test_rank_kernel_across_chunk_edges(data, chunk):
    # ties that straddle the chunks of the tie search must be counted once and whole
    from rocauc.core import counts

    y, s, _ = data
    saved = counts._CHUNK
    counts._CHUNK = chunk
    try:
        value = rank_auc(y, s)
    finally:
        counts._CHUNK = saved
    assert value == pytest.approx(pair_auc(y, s), abs=1e-12)


@given(
    st.lists(
        st.tuples(st.booleans(), st.sampled_from([-3.5, -1.0, -0.0, 0.0, 1e-30, 0.25, 2.0])), min_size=2, max_size=80
    ),
    st.integers(1, 7),
)
def test_rank_counts_of_widened_floats_across_signs_and_chunks(rows, chunk):
    # the widened-float packing puts the positives first below zero and last above it: the tie pairs of each sign
    # are corrected in opposite directions, and runs of equal keys may straddle the chunks of the tie search
    from rocauc.core import counts

    y = np.array([r[0] for r in rows], bool)
    s = np.array([r[1] for r in rows], np.float32)
    assume(0 < y.sum() < y.size)
    saved = counts._CHUNK
    counts._CHUNK = chunk
    try:
        P, N, u2 = counts.rank_counts(counts.packed_sorted(y, s))
    finally:
        counts._CHUNK = saved
    assert (P, N) == (int(y.sum()), int((~y).sum()))
    assert u2 / (2.0 * P * N) == pytest.approx(pair_auc(y, s), abs=1e-12)
