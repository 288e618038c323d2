"""Parity with scikit-learn on random inputs (ties and weights included), and the reference implementations."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn import metrics as skm

import rocauc
from reference import davis_goadrich_pr_auc, pair_auc, step_average_precision
from strategies import binary_data, multiclass_data, multilabel_data

# the property tests draw constant and 0/1 scores on purpose: the hard-prediction warning is expected there
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")

TOL = dict(rtol=0, atol=1e-12)


@given(binary_data(weights=True), st.booleans())
def test_roc_curve_matches_sklearn(data, drop):
    y, s, w = data
    ours = rocauc.roc_curve(y, s, sample_weight=w, drop_intermediate=drop)
    fpr, tpr, thr = skm.roc_curve(y, s, sample_weight=w, drop_intermediate=drop)
    np.testing.assert_allclose(ours.fpr, fpr, **TOL)
    np.testing.assert_allclose(ours.tpr, tpr, **TOL)
    np.testing.assert_array_equal(ours.thresholds, thr)
    assert ours.auc == pytest.approx(skm.auc(fpr, tpr), abs=1e-12)


@given(binary_data(weights=True), st.booleans())
def test_precision_recall_curve_matches_sklearn(data, drop):
    y, s, w = data
    ours = rocauc.precision_recall_curve(y, s, sample_weight=w, drop_intermediate=drop)
    p, r, t = skm.precision_recall_curve(y, s, sample_weight=w, drop_intermediate=drop)
    np.testing.assert_allclose(ours.precision, p, **TOL)
    np.testing.assert_allclose(ours.recall, r, **TOL)
    np.testing.assert_array_equal(ours.thresholds, t)


@given(binary_data(weights=True), st.sampled_from([None, 0.05, 0.3, 0.5, 1.0]))
def test_binary_roc_auc_matches_sklearn_and_pair_count(data, max_fpr):
    y, s, w = data
    ours = rocauc.roc_auc(y, s, sample_weight=w, max_fpr=max_fpr)
    assert ours == pytest.approx(skm.roc_auc_score(y, s, sample_weight=w, max_fpr=max_fpr), abs=1e-12)
    if max_fpr is None:
        assert ours == pytest.approx(pair_auc(y, s, w), abs=1e-12)


@given(binary_data(weights=True))
def test_average_precision_matches_sklearn_and_definition(data):
    y, s, w = data
    ours = rocauc.average_precision(y, s, sample_weight=w)
    assert ours == pytest.approx(skm.average_precision_score(y, s, sample_weight=w), abs=1e-12)
    assert ours == pytest.approx(step_average_precision(y, s, w), abs=1e-12)


@given(binary_data(weights=True, max_size=25))
def test_pr_auc_matches_davis_goadrich_integral(data):
    y, s, w = data
    assert rocauc.pr_auc(y, s, sample_weight=w) == pytest.approx(davis_goadrich_pr_auc(y, s, w), abs=1e-6)


@given(multiclass_data(), st.sampled_from(["macro", "weighted", "micro", None]), st.booleans())
def test_multiclass_ovr_matches_sklearn(data, average, weighted):
    y, p = data
    w = (np.arange(y.size) % 3 + 1).astype(float) if weighted else None
    ours = rocauc.roc_auc(y, p, average=average, sample_weight=w)
    theirs = skm.roc_auc_score(y, p, multi_class="ovr", average=average, sample_weight=w)
    np.testing.assert_allclose(ours, theirs, **TOL)


@given(multiclass_data(), st.sampled_from(["macro", "weighted"]))
def test_multiclass_ovo_matches_sklearn(data, average):
    y, p = data
    ours = rocauc.roc_auc(y, p, multi_class="ovo", average=average)
    assert ours == pytest.approx(skm.roc_auc_score(y, p, multi_class="ovo", average=average), abs=1e-12)


def test_multiclass_ovo_weights_equal_duplicated_rows():
    rng = np.random.default_rng(3)
    y = np.r_[0, 1, 2, rng.integers(0, 3, 60)]
    p = rng.dirichlet([1, 1, 1], y.size)
    k = rng.integers(1, 4, y.size)
    for average in ("macro", "weighted"):
        assert rocauc.roc_auc(y, p, multi_class="ovo", average=average, sample_weight=k) == pytest.approx(
            skm.roc_auc_score(np.repeat(y, k), np.repeat(p, k, axis=0), multi_class="ovo", average=average), abs=1e-12
        )


@given(multilabel_data(), st.sampled_from(["macro", "weighted", "micro", "samples", None]), st.booleans())
def test_multilabel_matches_sklearn(data, average, weighted):
    Y, S = data
    w = (np.arange(Y.shape[0]) % 4 + 1) / 4 if weighted else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs_auc = skm.roc_auc_score(Y, S, average=average, sample_weight=w)
        theirs_ap = skm.average_precision_score(Y, S, average=average, sample_weight=w)
        ours_auc = rocauc.roc_auc(Y, S, average=average, sample_weight=w)
        ours_ap = rocauc.average_precision(Y, S, average=average, sample_weight=w)
    # scikit-learn averages NaN (undefined) values in; we leave them out, so compare where all are defined
    if np.all(np.isfinite(np.atleast_1d(theirs_auc))):
        np.testing.assert_allclose(ours_auc, theirs_auc, **TOL)
    # scikit-learn scores a row or column without positives as AP 0; for us that AP is undefined and left out
    units = Y if average == "samples" else Y.T
    if all(u.any() for u in units):
        np.testing.assert_allclose(ours_ap, theirs_ap, **TOL)


@given(multiclass_data(), st.sampled_from(["macro", "weighted", "micro", None]))
def test_multiclass_average_precision_matches_sklearn(data, average):
    y, p = data
    np.testing.assert_allclose(
        rocauc.average_precision(y, p, average=average), skm.average_precision_score(y, p, average=average), **TOL
    )


def test_multilabel_partial_auc_matches_sklearn():
    rng = np.random.default_rng(0)
    Y = rng.integers(0, 2, (80, 3))
    S = rng.random((80, 3))
    for average in ("macro", "micro", None):
        np.testing.assert_allclose(
            rocauc.roc_auc(Y, S, max_fpr=0.3, average=average),
            skm.roc_auc_score(Y, S, max_fpr=0.3, average=average),
            **TOL,
        )


def test_pr_auc_equals_keras_auc_pr_when_thresholds_sit_between_scores():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(1)
    y = rng.random(300) < 0.3
    s = np.round(rng.random(300), 2)
    distinct = np.unique(s)
    # Keras predicts positive iff score > t: thresholds just below each distinct score reproduce our table
    between = np.r_[distinct[0] - 0.005, (distinct[1:] + distinct[:-1]) / 2]
    m = keras.metrics.AUC(curve="PR", thresholds=between.tolist())
    m.update_state(y.astype("float32"), s.astype("float32"))
    assert rocauc.pr_auc(y, s) == pytest.approx(float(m.result()), abs=1e-6)
    m = keras.metrics.AUC(curve="ROC", thresholds=between.tolist())
    m.update_state(y.astype("float32"), s.astype("float32"))
    assert rocauc.roc_auc(y, s) == pytest.approx(float(m.result()), abs=1e-6)


# ----------------------------------------------------------------------------- the "done when" examples


def test_two_column_softmax_uses_positive_column():
    y = [0, 1, 0, 1, 0]
    p = [[0.1, 0.9], [0.8, 0.2], [0.4, 0.6], [0.3, 0.7], [0.6, 0.4]]
    assert rocauc.roc_auc(y, p) == pytest.approx(skm.roc_auc_score(y, np.array(p)[:, 1]), abs=1e-15)


def test_three_class_probabilities_give_ovr_macro():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 100)
    p = rng.dirichlet([2, 2, 2], 100)
    assert rocauc.roc_auc(y, p) == pytest.approx(skm.roc_auc_score(y, p, multi_class="ovr"), abs=1e-12)


def test_three_class_logits_stop_with_from_logits_hint():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 100)
    z = rng.normal(size=(100, 3))
    with pytest.raises(ValueError, match="from_logits=True"):
        rocauc.roc_auc(y, z)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert rocauc.roc_auc(y, z, from_logits=True) == pytest.approx(skm.roc_auc_score(y, p, multi_class="ovr"))


def test_argmax_predictions_warn():
    y = np.array([0, 1, 1, 0, 1])
    with pytest.warns(rocauc.HardPredictionWarning, match="hard class predictions"):
        rocauc.roc_auc(y, np.array([0, 1, 0, 0, 1]))
    with pytest.warns(rocauc.HardPredictionWarning, match=r"model.predict\(x\)"):
        rocauc.roc_curve(y, np.array([0.0, 1.0, 1.0, 0.0, 1.0]))


def test_binary_logits_rank_without_saturation():
    # sigmoid(40) and sigmoid(50) are both 1.0 in float64: ranking on the logits keeps them apart
    y = [0, 1, 0, 1]
    z = [30.0, 50.0, -3.0, 40.0]
    assert rocauc.roc_auc(y, z, from_logits=True) == pytest.approx(pair_auc(y, z))


def test_two_column_logits_rank_by_log_odds():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(50, 2)) * 4
    y = rng.integers(0, 2, 50)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert rocauc.roc_auc(y, z, from_logits=True) == pytest.approx(skm.roc_auc_score(y, p[:, 1]), abs=1e-12)


def test_string_labels_with_pos_label():
    y = np.array(["Good", "Poor", "Poor", "Good"])
    s = [0.1, 0.8, 0.6, 0.7]
    assert rocauc.roc_auc(y, s, pos_label="Poor") == pytest.approx(0.75)
    assert rocauc.roc_auc(y, s, pos_label="Good") == pytest.approx(0.25)
    fpr, tpr, _ = rocauc.roc_curve(y, s, pos_label="Poor")
    sk = skm.roc_curve(y, s, pos_label="Poor")
    np.testing.assert_allclose(fpr, sk[0])


def test_minus_one_one_labels_and_bools():
    s = [0.1, 0.8, 0.6, 0.7]
    assert rocauc.roc_auc([-1, 1, 1, -1], s) == rocauc.roc_auc([False, True, True, False], s) == 0.75


def test_one_class_present_gives_nan_and_names_the_class():
    with pytest.warns(rocauc.UndefinedMetricWarning, match=r"only one class is present in y_true \(0\)"):
        assert np.isnan(rocauc.roc_auc([0, 0, 0], [0.1, 0.2, 0.3]))
    with pytest.warns(rocauc.UndefinedMetricWarning, match="only one class is present"):
        c = rocauc.roc_curve([1, 1], [0.1, 0.2])
    assert np.isnan(c.fpr).all()


def test_absent_class_left_out_of_macro_and_named():
    y = np.array([0, 1, 0, 1, 0, 1])
    p = np.array([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1], [0.1, 0.8, 0.1], [0.7, 0.2, 0.1], [0.3, 0.6, 0.1]])
    with pytest.warns(rocauc.UndefinedMetricWarning, match=r"classes \[2\].*left out of the macro average"):
        value = rocauc.roc_auc(y, p, labels=[0, 1, 2])
    assert value == pytest.approx(1.0)
    with pytest.warns(rocauc.UndefinedMetricWarning, match="their values are NaN"):
        per_class = rocauc.roc_auc(y, p, labels=[0, 1, 2], average=None)
    assert np.isnan(per_class[2]) and per_class[0] == pytest.approx(1.0)


def test_average_none_for_multiclass_is_per_class():
    rng = np.random.default_rng(5)
    y = rng.integers(0, 4, 200)
    p = rng.dirichlet([1] * 4, 200)
    np.testing.assert_allclose(
        rocauc.roc_auc(y, p, average=None), skm.roc_auc_score(y, p, multi_class="ovr", average=None), **TOL
    )
    np.testing.assert_allclose(
        rocauc.pr_auc(y, p, average=None), [rocauc.pr_auc(y == k, p[:, k]) for k in range(4)], **TOL
    )


def test_roc_curve_unpacks_and_indexes():
    c = rocauc.roc_curve([0, 1], [0.2, 0.8])
    fpr, tpr, thr = c
    assert c[0] is fpr and len(c) == 3 and c.auc == 1.0
    assert c.to_dict()["thresholds"][0] is None  # +inf serializes as null


def test_binary_counts_public():
    c = rocauc.binary_counts([0, 1, 1], [0.2, 0.7, 0.2])
    assert c.tp.tolist() == [1.0, 2.0] and c.P == 2 and c.N == 1


def test_large_float32_input_uses_rank_kernel_and_matches_sklearn():
    rng = np.random.default_rng(7)
    n = 200_000
    y = rng.random(n) < 0.3
    s = rng.random(n, dtype=np.float32)  # many ties among 2**24 values
    assert rocauc.roc_auc(y, s) == pytest.approx(skm.roc_auc_score(y, s), abs=1e-12)
    w = rng.random(n)
    assert rocauc.roc_auc(y, s, sample_weight=w) == pytest.approx(skm.roc_auc_score(y, s, sample_weight=w), abs=1e-12)
