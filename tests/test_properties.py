"""Properties from DESIGN.md that any correct AUC must have."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import rocauc
from strategies import binary_data

# the property tests draw constant and 0/1 scores on purpose: the hard-prediction warning is expected there
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


@given(binary_data(), st.sampled_from(["exp", "affine", "cube"]))
def test_invariant_to_strictly_increasing_transforms(data, kind):
    y, s, _ = data
    s = s.astype(np.float64)
    f = {"exp": lambda v: np.exp(np.clip(v, -50, 50) / 10), "affine": lambda v: 3 * v + 7, "cube": lambda v: v**3}[kind]
    t = f(s)
    # the transform must stay strictly increasing in floating point for this sample
    order = np.argsort(s)
    assume(np.all(np.diff(t[order])[np.diff(s[order]) > 0] > 0))
    assert rocauc.roc_auc(y, t) == pytest.approx(rocauc.roc_auc(y, s), abs=1e-12)


@given(binary_data(weights=True), st.randoms(use_true_random=False))
def test_invariant_to_permutation(data, rnd):
    y, s, w = data
    perm = list(range(y.size))
    rnd.shuffle(perm)
    assert rocauc.roc_auc(y[perm], s[perm], sample_weight=w[perm]) == pytest.approx(
        rocauc.roc_auc(y, s, sample_weight=w), abs=1e-12
    )


@given(binary_data(), st.data())
def test_integer_weights_equal_duplicated_rows(data, draw):
    y, s, _ = data
    k = np.array(draw.draw(st.lists(st.integers(0, 3), min_size=y.size, max_size=y.size)))
    assume(not (k[y].sum() == 0 or k[~y].sum() == 0))
    weighted = rocauc.roc_auc(y, s, sample_weight=k)
    repeated = rocauc.roc_auc(np.repeat(y, k), np.repeat(s, k))
    assert weighted == pytest.approx(repeated, abs=1e-12)
    np.testing.assert_allclose(
        rocauc.roc_curve(y, s, sample_weight=k).tpr, rocauc.roc_curve(np.repeat(y, k), np.repeat(s, k)).tpr
    )


@given(binary_data(weights=True))
def test_flipping_labels_gives_one_minus_auc(data):
    y, s, w = data
    assert rocauc.roc_auc(~y, s, sample_weight=w) == pytest.approx(1 - rocauc.roc_auc(y, s, sample_weight=w), abs=1e-12)


@given(binary_data())
def test_trapezoid_auc_equals_rank_auc(data):
    y, s, _ = data
    c = rocauc.roc_curve(y, s, drop_intermediate=False)
    assert np.trapezoid(c.tpr, c.fpr) == pytest.approx(rocauc.roc_auc(y, s), abs=1e-12)
