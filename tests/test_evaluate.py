import json

import numpy as np
import pytest
from sklearn import metrics as skm

import rocauc


def _multiclass(seed=0, n=300, k=3):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    logits = rng.normal(size=(n, k)) + 1.5 * np.eye(k)[y]
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y, p


def test_binary_evaluation_matches_sklearn():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 200)
    s = np.clip(0.3 * y + rng.random(200) * 0.7, 0, 1)
    w = rng.random(200)
    ev = rocauc.evaluate(y, s, sample_weight=w)
    assert ev.task == "binary" and ev.positive_label == 1
    assert ev.roc_auc == pytest.approx(skm.roc_auc_score(y, s, sample_weight=w), abs=1e-12)
    assert ev.average_precision == pytest.approx(skm.average_precision_score(y, s, sample_weight=w), abs=1e-12)
    pred = (s >= 0.5).astype(int)
    np.testing.assert_allclose(ev.decision.matrix, skm.confusion_matrix(y, pred, sample_weight=w), atol=1e-9)
    assert ev.decision.accuracy == pytest.approx(skm.accuracy_score(y, pred, sample_weight=w))
    assert ev.decision.precision == pytest.approx(skm.precision_score(y, pred, sample_weight=w))
    assert ev.decision.recall == pytest.approx(skm.recall_score(y, pred, sample_weight=w))
    assert ev.decision.f1 == pytest.approx(skm.f1_score(y, pred, sample_weight=w))
    assert ev.decision.specificity == pytest.approx(skm.recall_score(y, pred, pos_label=0, sample_weight=w))
    fpr, tpr, _ = skm.roc_curve(y, s, sample_weight=w)
    np.testing.assert_allclose(ev.classes[0].roc.fpr, fpr, atol=1e-12)


def test_binary_threshold_and_logits():
    y = [0, 1, 1, 0]
    z = [-2.0, 3.0, 0.5, 0.1]
    ev = rocauc.evaluate(y, z, from_logits=True)
    assert ev.decision.threshold == 0.0 and ev.score_kind == "logit"
    assert ev.decision.matrix.tolist() == [[1, 1], [0, 2]]
    ev = rocauc.evaluate(y, z, threshold=0.2)
    assert ev.decision.matrix.tolist() == [[2, 0], [0, 2]]
    with pytest.raises(ValueError, match="pass threshold="):
        rocauc.evaluate(y, z)


def test_multiclass_evaluation_matches_sklearn():
    y, p = _multiclass()
    ev = rocauc.evaluate(y, p)
    for average in ("macro", "weighted", "micro"):
        assert ev.averages["roc_auc"][average] == pytest.approx(
            skm.roc_auc_score(y, p, multi_class="ovr", average=average), abs=1e-12
        )
        assert ev.averages["average_precision"][average] == pytest.approx(
            skm.average_precision_score(y, p, average=average), abs=1e-12
        )
    assert ev.averages["roc_auc"]["ovo_macro"] == pytest.approx(skm.roc_auc_score(y, p, multi_class="ovo"), abs=1e-12)
    pred = p.argmax(axis=1)
    np.testing.assert_array_equal(ev.decision.matrix, skm.confusion_matrix(y, pred))
    prec, rec, f1, support = skm.precision_recall_fscore_support(y, pred)
    np.testing.assert_allclose(ev.decision.per_class["precision"], prec)
    np.testing.assert_allclose(ev.decision.per_class["recall"], rec)
    np.testing.assert_allclose(ev.decision.per_class["f1"], f1)
    np.testing.assert_allclose(ev.decision.per_class["support"], support)
    assert ev.decision.macro["f1"] == pytest.approx(skm.f1_score(y, pred, average="macro"))
    assert ev.decision.weighted["f1"] == pytest.approx(skm.f1_score(y, pred, average="weighted"))
    micro_fpr, micro_tpr, _ = skm.roc_curve(np.eye(3)[y].ravel(), p.ravel())
    np.testing.assert_allclose(ev.micro.roc.fpr, micro_fpr, atol=1e-12)
    np.testing.assert_allclose(ev.micro.roc.tpr, micro_tpr, atol=1e-12)
    assert ev[2].roc_auc == pytest.approx(skm.roc_auc_score(y == 2, p[:, 2]))


def test_macro_curve_area_equals_macro_auc():
    for seed in range(5):
        y, p = _multiclass(seed, n=80, k=4)
        p = np.round(p, 1)  # ties: vertical jumps in the class curves
        p = p / p.sum(axis=1, keepdims=True)
        ev = rocauc.evaluate(y, p)
        curve = ev.macro_roc
        assert np.trapezoid(curve.tpr, curve.fpr) == pytest.approx(ev.roc_auc, abs=1e-12)
        assert np.all(np.diff(curve.fpr) >= 0) and np.all(np.diff(curve.tpr) >= -1e-15)


def test_multilabel_evaluation():
    rng = np.random.default_rng(4)
    Y = rng.integers(0, 2, (100, 3))
    S = np.clip(Y * 0.3 + rng.random((100, 3)) * 0.7, 0, 1)
    ev = rocauc.evaluate(Y, S)
    assert ev.task == "multilabel"
    assert ev.averages["roc_auc"]["micro"] == pytest.approx(skm.roc_auc_score(Y, S, average="micro"), abs=1e-12)
    pred = S >= 0.5
    np.testing.assert_allclose(ev.decision.matrix, skm.multilabel_confusion_matrix(Y, pred))
    assert ev.decision.accuracy == pytest.approx(skm.accuracy_score(Y, pred))


def test_to_dict_is_json_and_complete():
    y, p = _multiclass(n=60)
    d = json.loads(rocauc.evaluate(y, p, labels=[0, 1, 2]).to_json())
    assert d["task"] == "multiclass" and len(d["classes"]) == 3
    assert {"roc", "pr", "roc_auc", "average_precision", "pr_auc"} <= set(d["classes"][0])
    assert d["decision"]["matrix"] and d["macro_roc"]["fpr"][0] == 0.0


def test_absent_class_is_listed_and_left_out():
    y = np.array([0, 1, 0, 1])
    p = np.array([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1], [0.1, 0.8, 0.1]])
    with pytest.warns(rocauc.UndefinedMetricWarning, match=r"classes \[2\]"):
        ev = rocauc.evaluate(y, p, labels=[0, 1, 2])
    assert ev.excluded == [2] and ev.roc_auc == 1.0


def test_one_class_binary_evaluation_warns():
    with pytest.warns(rocauc.UndefinedMetricWarning, match=r"only one class is present in y_true \(0\)"):
        ev = rocauc.evaluate([0, 0, 0], [0.1, 0.5, 0.7])
    assert np.isnan(ev.roc_auc)
