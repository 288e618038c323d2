"""``rocauc.evaluate`` with intervals and operating points: the same numbers as the standalone functions."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

import rocauc

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


def _binary(n=400, seed=0, weights=False):
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.35
    s = 1 / (1 + np.exp(-(rng.normal(size=n) + 1.2 * y)))
    w = rng.random(n) + 0.5 if weights else None
    return y.astype(int), s, w


def _multiclass(n=300, k=4, seed=1):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    logits = rng.normal(size=(n, k)) + 1.0 * np.eye(k)[y]
    return y, np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)


@pytest.mark.parametrize("weights", [False, True])
def test_binary_evaluation_has_the_delong_interval(weights):
    y, s, w = _binary(weights=weights)
    ev = rocauc.evaluate(y, s, sample_weight=w)
    ci = rocauc.roc_auc_ci(y, s, sample_weight=w)
    assert ev.roc_auc_interval == ci
    assert ev.intervals["roc_auc"]["binary"] == ci
    assert ev.intervals.per_class["roc_auc"][1] == ci
    assert ev.roc_auc_interval.estimate == pytest.approx(ev.roc_auc, abs=1e-12)
    assert f"AUC {ev.roc_auc_interval:.2f}" == f"AUC {ci.estimate:.2f} [{ci.low:.2f}, {ci.high:.2f}]"
    out = json.loads(ev.to_json())
    assert out["intervals"]["averages"]["roc_auc"]["binary"]["method"] == "delong"
    assert out["intervals"]["per_class"]["roc_auc"][0]["label"] == 1
    assert ev.operating_point is None


def test_multiclass_evaluation_intervals_equal_roc_auc_ci():
    y, p = _multiclass()
    ev = rocauc.evaluate(y, p)
    per = rocauc.roc_auc_ci(y, p, average=None)
    assert dict(ev.intervals.per_class["roc_auc"]) == per
    for average in ("macro", "weighted"):
        ci = rocauc.roc_auc_ci(y, p, average=average)
        assert ev.intervals["roc_auc"][average].std_error == pytest.approx(ci.std_error, abs=1e-15)
        assert ev.intervals["roc_auc"][average].estimate == pytest.approx(ev.averages["roc_auc"][average], abs=1e-12)
    assert ev.roc_auc_interval is ev.intervals["roc_auc"]["macro"]


def test_bootstrap_intervals_equal_the_standalone_ones():
    y, s, _ = _binary(300)
    ev = rocauc.evaluate(y, s, ci="bootstrap", n_resamples=300, random_state=4)
    for metric, fn in (("average_precision", rocauc.average_precision_ci), ("pr_auc", rocauc.pr_auc_ci)):
        ci = fn(y, s, n_resamples=300, random_state=4)
        assert ev.intervals[metric]["binary"] == ci
        assert ci.estimate == pytest.approx(ev.averages[metric]["binary"], abs=1e-12)
    y, p = _multiclass()
    ev = rocauc.evaluate(y, p, ci="bootstrap", n_resamples=200, random_state=9)
    per = rocauc.average_precision_ci(y, p, average=None, n_resamples=200, random_state=9)
    assert dict(ev.intervals.per_class["average_precision"]) == per
    micro = rocauc.roc_auc_ci(y, p, method="bootstrap", average="micro", n_resamples=200, random_state=9)
    assert ev.intervals["roc_auc"]["micro"] == micro
    for metric in ("average_precision", "pr_auc"):
        for average in ("macro", "weighted", "micro"):
            ci = ev.intervals[metric][average]
            assert ci.estimate == pytest.approx(ev.averages[metric][average], abs=1e-12)
            assert ci.low <= ci.estimate <= ci.high and ci.method == "bootstrap-percentile"
    assert ev.intervals["roc_auc"]["macro"] == rocauc.roc_auc_ci(y, p)  # the default method, "auto", resolved


def test_multilabel_bootstrap_is_unstratified():
    rng = np.random.default_rng(5)
    Y = (rng.random((200, 3)) < 0.4).astype(int)
    S = (rng.random((200, 3)) + 0.4 * Y) / 1.4
    ev = rocauc.evaluate(Y, S, ci="bootstrap", n_resamples=100, random_state=0)
    assert set(ev.intervals["average_precision"]) == {"macro", "weighted", "micro"}
    assert ev.intervals["roc_auc"]["micro"].n_resamples == 100


def test_intervals_can_be_turned_off():
    y, s, _ = _binary(50)
    ev = rocauc.evaluate(y, s, ci=None)
    assert ev.intervals is None and ev.roc_auc_interval is None and "intervals" not in ev.to_dict()


def test_operating_points():
    y, s, _ = _binary()
    ev = rocauc.evaluate(y, s, operating_point="youden")
    assert ev.operating_point == rocauc.operating_point(y, s)
    ev = rocauc.evaluate(y, s, operating_point={"criterion": "fpr", "value": 0.1}, level=0.9)
    assert ev.operating_point == rocauc.operating_point(y, s, criterion="fpr", value=0.1, level=0.9)
    assert ev.to_dict()["operating_point"]["criterion"] == "fpr"
    y, p = _multiclass()
    ev = rocauc.evaluate(y, p, operating_point={"criterion": "cost", "costs": (1, 4)})
    assert list(ev.operating_point) == [0, 1, 2, 3]
    for k, op in ev.operating_point.items():
        expected = rocauc.operating_point(y == k, p[:, k], criterion="cost", costs=(1, 4))
        assert op.threshold == expected.threshold and op.tp == expected.tp and op.positive_label == k
    assert json.loads(ev.to_json())["operating_point"][2]["label"] == 2


def test_undefined_classes_do_not_warn_twice():
    y = np.array([0, 1, 2, 0, 1, 2, 0, 1])
    p = np.random.default_rng(0).dirichlet(np.ones(4), 8)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ev = rocauc.evaluate(y, p, labels=[0, 1, 2, 3], operating_point="youden")
    messages = [str(w.message) for w in caught if issubclass(w.category, rocauc.UndefinedMetricWarning)]
    assert len([m for m in messages if "[3]" in m]) == 1, messages
    assert np.isnan(ev.intervals.per_class["roc_auc"][3].estimate)
    assert 3 not in ev.operating_point


def test_too_few_samples_for_delong_warn():
    with pytest.warns(rocauc.UndefinedMetricWarning, match="DeLong's variance needs at least two positive"):
        ev = rocauc.evaluate([0, 0, 1, 0], [0.1, 0.2, 0.9, 0.3])
    assert ev.roc_auc == 1.0 and np.isnan(ev.roc_auc_interval.low)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(operating_point="best"), ValueError, r"criterion='best' is not one of"),
        (dict(operating_point={"criterion": "fpr"}), ValueError, r"criterion='fpr' needs value="),
        (
            dict(operating_point={"criterion": "fpr", "target": 0.1}),
            ValueError,
            r"operating_point takes the keys criterion, value, costs and prevalence; got \['target'\]",
        ),
        (dict(operating_point=0.5), TypeError, "operating_point must be a criterion name"),
        (dict(operating_point={"costs": "high"}), ValueError, "costs must give the cost of a false positive"),
        (dict(ci="bootstrap", n_resamples=1), ValueError, "n_resamples must be an integer >= 2"),
        (dict(ci="wilson"), ValueError, "ci must be one of .auto., .delong., .delong-logit., .bootstrap. or None"),
        (dict(level=95), ValueError, r"level must be a number in \(0, 1\)"),
    ],
)
def test_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        rocauc.evaluate([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6], **kwargs)


def test_operating_point_errors_name_the_class():
    y = np.array([0, 1, 2, 0, 1, 2])
    p = np.array(
        [[0.5, 0.3, 0.2], [0.7, 0.2, 0.1], [0.2, 0.2, 0.6], [0.4, 0.3, 0.3], [0.1, 0.8, 0.1], [0.3, 0.1, 0.6]]
    )  # the highest score for class 0 belongs to a sample of class 1
    with pytest.raises(ValueError, match=r"class 0: no threshold reaches precision >= 1"):
        rocauc.evaluate(y, p, operating_point={"criterion": "precision", "value": 1.0})


def test_deprecated_spellings_still_work_and_say_so():
    y, s, _ = _binary(80)
    with pytest.warns(DeprecationWarning, match="intervals is deprecated; use ci"):
        ev = rocauc.evaluate(y, s, intervals=False)
    assert ev.intervals is None
    with pytest.warns(DeprecationWarning, match=r"use ci='bootstrap'"):
        ev = rocauc.evaluate(y, s, n_resamples=50, random_state=1)
    assert (
        ev.intervals["average_precision"]["binary"]
        == rocauc.evaluate(y, s, ci="bootstrap", n_resamples=50, random_state=1).intervals["average_precision"][
            "binary"
        ]
    )
    with pytest.warns(DeprecationWarning, match=r"rocauc.DecisionMetrics is deprecated; use rocauc.OperatingPoint"):
        assert rocauc.DecisionMetrics is rocauc.OperatingPoint
    assert isinstance(ev.decision, rocauc.OperatingPoint)


def test_print_evaluation_is_a_short_summary():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 500)
    p = rng.dirichlet(np.ones(3), 500)
    ev = rocauc.evaluate(y, p, operating_point="youden")
    text = str(ev)
    assert len(text) < 1500 and repr(ev).startswith("<Evaluation: multiclass, 500 samples")
    assert "ROC AUC macro" in text and f"{ev.averages['roc_auc']['macro']:.3f}" in text
    assert f"[{ev.roc_auc_interval.low:.3f}, {ev.roc_auc_interval.high:.3f}]" in text
    assert "decision argmax: accuracy" in text and "operating points (youden) for 3 classes" in text
    y2 = rng.integers(0, 2, 500)
    text = str(rocauc.evaluate(y2, rng.random(500)))
    assert text.splitlines()[0] == "Evaluation: binary, 500 samples, classes [0, 1] (positive 1); scores: probability"
    assert "decision score >= 0.5: accuracy" in text
