"""Operating points against a brute-force sweep over thresholds, scikit-learn's confusion-matrix metrics, Wilson
intervals, pROC's published "best" threshold on aSAH, and the error messages."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sklearn import metrics as skm

import rocauc
from reference_stats import confusion_at, load_asah, wilson
from strategies import binary_data

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


def _candidates(y, s, w):
    """Every rule score >= t over the distinct scores (and +inf), by brute force: (t, tp, fp, tn, fn)."""
    keep = np.ones(y.size, bool) if w is None else w > 0
    ts = np.r_[np.inf, np.unique(s[keep].astype(np.float64))[::-1]]
    return [(t,) + confusion_at(y, s, t, w) for t in ts]


def _pick(rows, key, better):
    """The first row (highest threshold) whose key is best, with a small tolerance for float rounding."""
    keys = [key(r) for r in rows]
    best = better(keys)
    for r, k in zip(rows, keys):
        if abs(k - best) <= 1e-9:
            return r
    raise AssertionError


def _reference(y, s, w, criterion, value=None, ratio=1.0):
    rows = _candidates(y, s, w)
    P = rows[-1][1] + rows[-1][4]
    N = rows[-1][2] + rows[-1][3]
    tpr = lambda r: r[1] / P  # noqa: E731
    fpr = lambda r: r[2] / N  # noqa: E731
    if criterion in ("youden", "cost"):
        return _pick(rows, lambda r: tpr(r) - ratio * fpr(r), max)
    if criterion == "closest_topleft":
        return _pick(rows, lambda r: (1 - tpr(r)) ** 2 + ratio * fpr(r) ** 2, min)
    if criterion == "fpr":
        feasible = [r for r in rows if fpr(r) <= value + 1e-12]
        return _pick(feasible, tpr, max)
    if criterion == "tpr":
        feasible = [r for r in rows if tpr(r) >= value - 1e-12]
        best = min(fpr(r) for r in feasible)
        return [r for r in feasible if fpr(r) <= best + 1e-12][-1]
    feasible = [r for r in rows if r[1] + r[2] > 0 and r[1] / (r[1] + r[2]) >= value - 1e-12]
    return _pick(feasible, tpr, max) if feasible else None


def _usable(y, w):
    keep = np.ones(y.size, bool) if w is None else w > 0
    return (y & keep).any() and (~y & keep).any()


@given(
    binary_data(weights=True),
    st.sampled_from(["youden", "closest_topleft", "fpr", "tpr", "precision"]),
    st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.8, 1.0]),
)
def test_criteria_equal_brute_force(data, criterion, value):
    y, s, w = data
    assume(_usable(y, w))
    targeted = criterion in ("fpr", "tpr", "precision")
    expected = _reference(y, s, w, criterion, value)
    kwargs = dict(value=value) if targeted else {}
    if expected is None:
        with pytest.raises(ValueError, match=f"no threshold reaches precision >= {value:g}"):
            rocauc.operating_point(y, s, sample_weight=w, criterion=criterion, **kwargs)
    else:
        op = rocauc.operating_point(y, s, sample_weight=w, criterion=criterion, **kwargs)
        t, tp, fp, tn, fn = expected
        assert op.threshold == t
        assert (op.tp, op.fp, op.tn, op.fn) == pytest.approx((tp, fp, tn, fn), abs=1e-12)
        assert op.criterion == criterion and op.value == (value if targeted else None)


@given(
    binary_data(weights=True),
    st.tuples(st.integers(0, 5), st.integers(1, 5)),
    st.one_of(st.none(), st.sampled_from([0.01, 0.2, 0.5, 0.9])),
)
def test_cost_criterion_is_weighted_youden(data, costs, prevalence):
    y, s, w = data
    assume(_usable(y, w))
    c_fp, c_fn = costs
    assume(not (c_fp + c_fn == 0))
    keep = np.ones(y.size, bool) if w is None else w > 0
    ww = np.ones(y.size) if w is None else w
    prev = ww[y & keep].sum() / ww[keep].sum() if prevalence is None else prevalence
    ratio = (c_fp / c_fn) * (1 - prev) / prev
    cost = rocauc.operating_point(
        y, s, sample_weight=w, criterion="cost", costs={"fp": c_fp, "fn": c_fn}, prevalence=prevalence
    )
    youden = rocauc.operating_point(y, s, sample_weight=w, costs=(c_fp, c_fn), prevalence=prevalence)
    assert cost.threshold == youden.threshold == _reference(y, s, w, "cost", ratio=ratio)[0]
    topleft = rocauc.operating_point(
        y, s, sample_weight=w, criterion="closest_topleft", costs=(c_fp, c_fn), prevalence=prevalence
    )
    assert topleft.threshold == _reference(y, s, w, "closest_topleft", ratio=ratio)[0]


def test_equal_costs_at_the_observed_prevalence_maximize_accuracy():
    rng = np.random.default_rng(0)
    y = rng.random(300) < 0.2
    s = np.round(rng.normal(size=300) + 1.5 * y, 1)
    op = rocauc.operating_point(y, s, criterion="cost", costs=(1, 1))
    best = max(_candidates(y, s, None), key=lambda r: (r[1] + r[3], r[0]))
    assert op.accuracy == pytest.approx((best[1] + best[3]) / 300)


@given(binary_data(weights=True), st.floats(-2, 2), st.sampled_from([0.9, 0.95]))
def test_metrics_at_threshold_equal_sklearn(data, threshold, level):
    y, s, w = data
    s = s.astype(np.float64)
    pred = s >= threshold
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = rocauc.metrics_at_threshold(y, s, threshold, sample_weight=w, level=level)
        tn, fp, fn, tp = skm.confusion_matrix(y, pred, sample_weight=w, labels=[False, True]).ravel()
    np.testing.assert_allclose(m.confusion_matrix, [[tn, fp], [fn, tp]], rtol=0, atol=1e-12)
    assert m.threshold == threshold and m.criterion == "threshold"
    P, N = tp + fn, tn + fp
    expected = dict(
        tpr=tp / P if P else np.nan,
        fpr=fp / N if N else np.nan,
        specificity=tn / N if N else np.nan,
        precision=tp / (tp + fp) if tp + fp else np.nan,
        npv=tn / (tn + fn) if tn + fn else np.nan,
        accuracy=(tp + tn) / (P + N),
        f1=2 * tp / (2 * tp + fp + fn) if tp + fp + fn else np.nan,
    )
    for name, v in expected.items():
        assert getattr(m, name) == pytest.approx(v, abs=1e-12, nan_ok=True), name
    if tp + fp and tp + fn and tn + fp and tn + fn:
        assert m.mcc == pytest.approx(skm.matthews_corrcoef(y, pred, sample_weight=w), abs=1e-9)
    else:
        assert np.isnan(m.mcc)  # scikit-learn returns 0 there; the coefficient is 0/0
    if w is None:
        for name, (a, b) in dict(
            tpr=(tp, P), fpr=(fp, N), precision=(tp, tp + fp), npv=(tn, tn + fn), accuracy=(tp + tn, P + N)
        ).items():
            if b:
                low, high = wilson(a, b, level)
                assert m.intervals[name].low == pytest.approx(low, abs=1e-12)
                assert m.intervals[name].high == pytest.approx(high, abs=1e-12)
                assert m.intervals[name].method == "wilson" and m.intervals[name].level == level


def test_weighted_wilson_uses_kish_effective_size():
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0], bool)
    s = np.array([0.9, 0.8, 0.3, 0.2, 0.7, 0.1, 0.2, 0.3])
    w = np.array([3.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    m = rocauc.metrics_at_threshold(y, s, 0.5, sample_weight=w)
    assert m.tpr == pytest.approx(4 / 6)
    n_eff = 6**2 / (9 + 1 + 1 + 1)  # (sum w)^2 / sum w^2 over the positives
    expected = rocauc.wilson_interval(4, 6, effective_total=n_eff)
    assert (m.intervals["tpr"].low, m.intervals["tpr"].high) == pytest.approx((expected.low, expected.high))
    # the Wilson interval of the effective size: same proportion, n_eff samples
    z = 1.959963984540054
    center = (4 / 6 + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z / (1 + z * z / n_eff) * math.sqrt((4 / 6) * (2 / 6) / n_eff + z * z / (4 * n_eff**2))
    assert m.intervals["tpr"].low == pytest.approx(center - half)


def test_youden_matches_proc_on_asah():
    # pROC: coords(roc(aSAH$outcome, aSAH$s100b), "best") -> threshold 0.205, specificity 0.8055556,
    # sensitivity 0.6341463. pROC reports the midpoint between consecutive scores (0.19 and 0.22); our threshold is
    # the score itself with the rule score >= threshold: the same classification.
    d, _ = load_asah()
    op = rocauc.operating_point(d["outcome"], d["s100b"], pos_label="Poor")
    assert round(op.specificity, 7) == 0.8055556 and round(op.sensitivity, 7) == 0.6341463
    assert op.threshold == 0.22
    below = d["s100b"][d["s100b"] < 0.22].max()
    assert (below + op.threshold) / 2 == pytest.approx(0.205)
    assert op.positive_label == "Poor"
    text = str(op)
    assert text.startswith("threshold 0.22 (youden): predicted positive iff score >= threshold")
    assert "specificity 0.806 [0.700, 0.880]" in text
    out = op.to_dict()
    assert out["threshold"] == 0.22 and out["intervals"]["tpr"]["method"] == "wilson" and out["value"] is None


def test_extreme_rules():
    y = [0, 1, 0, 1]
    s = [0.1, 0.2, 0.3, 0.4]
    strict = rocauc.operating_point(y, s, criterion="fpr", value=0.0)
    assert strict.threshold == 0.4 and strict.fp == 0 and strict.tp == 1
    nothing = rocauc.operating_point([0, 1], [0.9, 0.1], criterion="fpr", value=0.0)
    assert nothing.threshold == math.inf and nothing.tp == 0 and np.isnan(nothing.precision)
    assert np.isnan(nothing.intervals["precision"].low)
    everything = rocauc.operating_point(y, s, criterion="tpr", value=1.0)
    assert everything.threshold == 0.2 and everything.fn == 0 and everything.fp == 1


def test_one_class_at_a_threshold_warns():
    with pytest.warns(
        rocauc.UndefinedMetricWarning,
        match=r"only one class is present in y_true \(0\): with no "
        r"positive samples the rates over positives are undefined",
    ):
        m = rocauc.metrics_at_threshold([0, 0, 0], [0.1, 0.5, 0.9], 0.5)
    assert np.isnan(m.tpr) and m.fpr == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (
            dict(criterion="f1"),
            r"criterion='f1' is not one of \('youden', 'closest_topleft', 'fpr', 'tpr', 'precision', "
            r"'cost'\)",
        ),
        (dict(criterion="fpr"), r"criterion='fpr' needs value=, the target fpr in \[0, 1\]"),
        (dict(criterion="tpr", value=1.5), r"value must be a number in \[0, 1\] \(the target tpr\); got 1.5"),
        (
            dict(criterion="precision", value=0.9, prevalence=0.1),
            "costs and prevalence weigh the youden, closest_topleft and cost criteria",
        ),
        (dict(value=0.1), r"value= is the target of the 'fpr', 'tpr' and 'precision' criteria; criterion='youden'"),
        (dict(criterion="cost"), r"criterion='cost' needs costs=\{'fp': ..., 'fn': ...\}"),
        (
            dict(criterion="cost", costs={"fp": 1}),
            "costs must give the cost of a false positive and of a false negative",
        ),
        (dict(criterion="cost", costs=3), "costs must give the cost of a false positive and of a false negative"),
        (dict(criterion="cost", costs=("a", 1)), "costs must be numbers"),
        (dict(criterion="cost", costs=(0, 0)), "costs must be finite, >= 0 and not both 0; got fp=0, fn=0"),
        (dict(prevalence=1.0), r"prevalence must be a number in \(0, 1\)"),
        (dict(level=2), r"level must be a number in \(0, 1\)"),
    ],
)
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        rocauc.operating_point([0, 1, 0, 1], [0.1, 0.6, 0.3, 0.8], **kwargs)


def test_input_errors():
    with pytest.raises(
        ValueError,
        match=r"needs both classes in y_true, but only 1 is present; use "
        "metrics_at_threshold",
    ):
        rocauc.operating_point([1, 1], [0.2, 0.4])
    with pytest.raises(
        ValueError, match="no threshold reaches precision >= 0.99; the highest precision of these scores is 0.6667"
    ):
        rocauc.operating_point([0, 1, 0, 1], [0.9, 0.8, 0.1, 0.2], criterion="precision", value=0.99)
    y3 = [0, 1, 2, 0]
    p = np.full((4, 3), 1 / 3)
    with pytest.raises(
        ValueError,
        match=r"operating_point takes a binary problem, but the input is multiclass with 3 "
        r"classes; pass one class against the rest: y_true == k and y_score\[:, k\]",
    ):
        rocauc.operating_point(y3, p)
    with pytest.raises(
        TypeError, match=r"threshold must be a number \(the rule is score >= threshold\); got the string 'high'"
    ):
        rocauc.metrics_at_threshold([0, 1], [0.1, 0.9], "high")
    with pytest.raises(ValueError, match="threshold is NaN"):
        rocauc.metrics_at_threshold([0, 1], [0.1, 0.9], float("nan"))
