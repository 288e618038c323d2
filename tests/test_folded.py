"""A binary problem's label folded into its float32 score (rocauc.distributed.folded): every float32 comes back."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from rocauc.core.counts import _ordered_uint32
from rocauc.distributed import engine
from rocauc.distributed.folded import FACTOR, ZERO, fold, folded_meta, unfold
from rocauc.distributed.reading import evidence

TINY = np.finfo(np.float32).smallest_subnormal
SPECIAL = np.array(
    [0.0, -0.0, TINY, -TINY, 3 * TINY, np.finfo(np.float32).tiny, np.finfo(np.float32).max, -np.finfo(np.float32).max]
    + [np.nextafter(np.float32(1), np.float32(0)), 1.0, 2.0, 0.5, -1.0, 16777215.0, 16777216.0],
    dtype=np.float32,
)


def _float32_rows(bits: np.ndarray) -> np.ndarray:
    """Any bit pattern as a float32: every finite float32 (subnormals, zeros, both signs) can be drawn."""
    return np.asarray(bits, dtype=np.uint32).view(np.float32)


@given(
    arrays(np.uint32, st.integers(1, 64), elements=st.integers(0, 2**32 - 1)),
    st.lists(st.booleans(), min_size=64, max_size=64),
)
def test_every_finite_float32_comes_back_with_its_label(bits, labels):
    s = _float32_rows(bits)
    s = np.r_[s[np.isfinite(s)], SPECIAL]  # infinities and NaNs: test_a_marked_or_infinite_row...
    y = np.resize(np.array(labels), s.size)
    got = unfold(fold(y, s))
    assert got is not None
    y_back, s_back = got
    np.testing.assert_array_equal(y_back, y)
    assert s_back.dtype == np.float32
    # the same score: bit for bit, but a positive -0.0 comes back as 0.0 (one score: the same order key)
    np.testing.assert_array_equal(_ordered_uint32(s_back), _ordered_uint32(s))
    nonzero = s != 0
    np.testing.assert_array_equal(s_back[nonzero].view(np.uint32), s[nonzero].view(np.uint32))
    np.testing.assert_array_equal(s_back[~y].view(np.uint32), s[~y].view(np.uint32))


def test_the_rule_of_each_special_score():
    s = SPECIAL
    for label in (False, True):
        v = fold(np.full(s.size, label), s)
        assert np.isfinite(v).all()
        assert ((v != v.astype(np.float32).astype(np.float64)) == label).all()
    assert fold(np.array([True]), np.array([0.0], np.float32))[0] == ZERO
    assert fold(np.array([True]), np.array([-0.0], np.float32))[0] == ZERO
    assert fold(np.array([True]), np.array([0.75], np.float32))[0] == 0.75 * FACTOR
    assert np.float32(ZERO) == 0.0 and ZERO > 0.0


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_marked_or_infinite_row_makes_the_column_unreadable(bad):
    v = fold(np.array([True, False, True]), np.array([0.1, 0.2, 0.3], np.float32))
    assert unfold(v) is not None
    v[1] = bad
    assert unfold(v) is None
    # infinite scores fold to infinities (an engine may also mark them NaN): never read back as rows
    assert unfold(fold(np.array([True]), np.array([bad], np.float32))) is None


def test_an_empty_column_reads_as_no_rows():
    y, s = unfold(np.zeros(0))
    assert y.size == 0 and s.dtype == np.float32


@pytest.mark.parametrize(
    "labels, positives, negatives, met",
    [
        (np.array([0.0, 1.0]), 5, 7, [0.0, 1.0]),
        (np.array([1, 1]), 3, 0, [1]),
        (np.array([-1, 1]), 0, 4, [-1]),
        (np.array(["neg", "pos", "pos"], dtype=object), 2, 2, ["neg", "pos"]),
        (np.array([True, False]), 9, 1, [False, True]),
    ],
)
def test_the_meta_of_folded_rows_holds_the_classes_met(labels, positives, negatives, met):
    spec = engine.Spec(what=("auc",), pos_label="pos" if labels.dtype == object else None)
    sample, _ = engine.read_batch(spec, labels, np.linspace(0.1, 0.9, labels.size))
    meta = folded_meta(sample, positives, negatives)
    assert meta.reading() == sample.reading()
    assert meta.n_samples == positives + negatives and not meta.sampled
    assert meta.evidence is not None
    assert meta.evidence.labels.tolist() == met
    expected = evidence(np.array(met, dtype=labels.dtype), np.zeros(len(met)))
    assert expected.labels.tolist() == meta.evidence.labels.tolist()
    # the whole data (every row one of the sample's two classes) reads as the sample did, whichever classes it met
    settled, again = engine.settle(spec, meta)
    assert not again and settled.settled
