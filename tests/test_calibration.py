"""Calibration against scikit-learn (calibration_curve, brier_score_loss, LogisticRegression without penalty), the
exact Brier decomposition, definitional ECE, streaming tables, multi-class and the error messages."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import rocauc
from rocauc.stats.calibration import (
    CalibrationTable,
    calibration_edges,
    fit_recalibration,
    logit,
)

sklearn_calibration = pytest.importorskip("sklearn.calibration")
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import brier_score_loss  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")

PROB_POOL = np.array([0.0, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.6, 0.75, 0.8, 0.9, 1.0])


@st.composite
def prob_data(draw, min_size=4, max_size=80, weights=False):
    n = draw(st.integers(min_size, max_size))
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    y[0], y[1] = True, False
    if draw(st.booleans()):
        p = PROB_POOL[draw(st.lists(st.integers(0, PROB_POOL.size - 1), min_size=n, max_size=n))]
    else:
        p = draw(arrays(np.float64, n, elements=st.floats(0, 1)))
    w = None
    if weights:
        w = np.array(draw(st.lists(st.integers(0, 16), min_size=n, max_size=n)), dtype=np.float64) / 4
        w[0] = w[1] = 1.0
    return y, p, w


def _reference_bins(y, p, w, edges):
    """Definitional: loop over bins, scikit-learn's rule (a probability on an inner edge goes to the lower bin)."""
    w = np.ones(p.size) if w is None else w
    out = []
    for k in range(edges.size - 1):
        inside = (p <= edges[k + 1]) & (p > edges[k]) if k > 0 else (p <= edges[1])
        if k == edges.size - 2:
            inside = (p > edges[k]) if k > 0 else np.ones(p.size, bool)
        n = w[inside].sum()
        if n > 0:
            out.append((n, (w[inside] * y[inside]).sum() / n, (w[inside] * p[inside]).sum() / n))
    return out


# --------------------------------------------------------------------------------------------- scikit-learn


@given(prob_data(), st.integers(1, 12), st.sampled_from(["uniform", "quantile"]))
def test_curve_matches_sklearn(data, n_bins, strategy):
    y, p, _ = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected_true, expected_pred = sklearn_calibration.calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
        curve = rocauc.calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    np.testing.assert_allclose(curve.prob_true, expected_true, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(curve.prob_pred, expected_pred, rtol=1e-12, atol=1e-12)
    prob_true, prob_pred = curve  # unpacks as scikit-learn's pair
    assert prob_true is curve.prob_true and prob_pred is curve.prob_pred
    assert curve.weight.sum() == y.size
    assert np.all(curve.low <= curve.prob_true + 1e-12) and np.all(curve.prob_true <= curve.high + 1e-12)


@given(prob_data(weights=True))
def test_brier_matches_sklearn(data):
    y, p, w = data
    expected = brier_score_loss(y, p, sample_weight=w)
    assert rocauc.brier_score(y, p, sample_weight=w) == pytest.approx(expected, abs=1e-12)
    table = CalibrationTable.from_arrays(y, p, w, n_bins=7)
    assert table.brier() == pytest.approx(expected, abs=1e-12)


@given(prob_data(weights=True), st.integers(1, 12), st.sampled_from(["uniform", "quantile"]))
def test_table_matches_definition(data, n_bins, strategy):
    y, p, w = data
    edges = calibration_edges(n_bins, strategy, p)
    table = CalibrationTable.from_arrays(y, p, w, edges=edges)
    ref = _reference_bins(y, p, w, edges)
    assume(ref)
    occupied = table.weight > 0
    np.testing.assert_allclose(table.weight[occupied], [r[0] for r in ref])
    np.testing.assert_allclose(table.observed()[occupied], [r[1] for r in ref], atol=1e-12)
    np.testing.assert_allclose(table.mean_predicted()[occupied], [r[2] for r in ref], atol=1e-12)
    total = sum(r[0] for r in ref)
    assert table.ece() == pytest.approx(sum(r[0] * abs(r[1] - r[2]) for r in ref) / total, abs=1e-12)
    assert table.mce() == pytest.approx(max(abs(r[1] - r[2]) for r in ref), abs=1e-12)


@given(prob_data(weights=True), st.integers(1, 12), st.sampled_from(["uniform", "quantile"]))
def test_brier_decomposition_is_exact(data, n_bins, strategy):
    y, p, w = data
    d = CalibrationTable.from_arrays(y, p, w, n_bins=n_bins, strategy=strategy).decomposition()
    assert d.brier == pytest.approx(
        d.reliability - d.resolution + d.uncertainty + d.within_variance - d.within_covariance, abs=1e-12
    )
    base = np.average(y, weights=w)
    assert d.uncertainty == pytest.approx(base * (1 - base))
    assert d.reliability >= 0 and d.resolution >= 0 and d.within_variance >= 0


def test_murphy_decomposition_when_bins_hold_one_forecast():
    # each bin holds a single forecast value: the classical three-term decomposition is exact
    rng = np.random.default_rng(3)
    p = rng.choice([0.05, 0.3, 0.55, 0.85], 400)
    y = rng.random(400) < p
    d = CalibrationTable.from_arrays(y, p, n_bins=20).decomposition()
    assert d.within_variance == pytest.approx(0, abs=1e-15) and d.within_covariance == pytest.approx(0, abs=1e-13)
    values = np.unique(p)
    rel = sum((p == v).sum() * (v - y[p == v].mean()) ** 2 for v in values) / y.size
    res = sum((p == v).sum() * (y[p == v].mean() - y.mean()) ** 2 for v in values) / y.size
    assert d.reliability == pytest.approx(rel) and d.resolution == pytest.approx(res)
    assert d.brier == pytest.approx(d.reliability - d.resolution + d.uncertainty)


# --------------------------------------------------------------------------------------------- streaming


@given(prob_data(weights=True), st.integers(1, 79), st.integers(1, 12))
def test_tables_add_like_one_shot(data, cut, n_bins):
    y, p, w = data
    cut = min(cut, y.size - 1)
    edges = calibration_edges(n_bins)
    whole = CalibrationTable.from_arrays(y, p, w, edges=edges)
    parts = CalibrationTable.from_arrays(y[cut:], p[cut:], w[cut:], edges=edges) + CalibrationTable.from_arrays(
        y[:cut], p[:cut], w[:cut], edges=edges
    )
    for name in ("weight", "positive", "prob_sum", "positive_prob_sum", "prob_sq_sum", "weight_sq"):
        np.testing.assert_allclose(getattr(parts, name), getattr(whole, name), atol=1e-9)
    assert parts.ece() == pytest.approx(whole.ece(), abs=1e-12)
    back = CalibrationTable.from_dict(parts.to_dict())
    assert back.brier() == pytest.approx(parts.brier())
    assert (CalibrationTable.empty(edges) + whole).ece() == pytest.approx(whole.ece())


@pytest.mark.filterwarnings("ignore::rocauc.UndefinedMetricWarning")  # a batch may hold one class
def test_streaming_batches_from_predictions():
    rng = np.random.default_rng(6)
    y = rng.integers(0, 2, 500)
    p = rng.random(500)
    w = rng.random(500)
    edges = np.linspace(0, 1, 9)
    table = CalibrationTable.empty(edges)
    for start in range(0, 500, 128):
        part = slice(start, start + 128)
        table = table + CalibrationTable.from_predictions(y[part], p[part], edges=edges, sample_weight=w[part])
    whole = rocauc.calibration(y, p, edges=edges, sample_weight=w)
    assert table.ece() == pytest.approx(whole.ece.estimate)
    assert table.brier() == pytest.approx(brier_score_loss(y, p, sample_weight=w))
    np.testing.assert_allclose(table.curve().prob_true, whole.curve.prob_true)
    with pytest.raises(ValueError, match=r"edges must be non-decreasing bin edges from 0 to 1"):
        CalibrationTable.from_predictions(y, p, edges=[0, 2])


@given(prob_data(), st.integers(1, 12))
def test_table_from_an_exact_counts_table(data, n_bins):
    from rocauc.core.counts import exact_counts

    y, p, _ = data
    a = CalibrationTable.from_arrays(y, p, n_bins=n_bins)
    b = CalibrationTable.from_counts(exact_counts(y, p), n_bins=n_bins)
    for name in ("weight", "positive", "prob_sum", "positive_prob_sum", "prob_sq_sum", "weight_sq"):
        np.testing.assert_allclose(getattr(b, name), getattr(a, name), atol=1e-9)


def test_table_from_streaming_keras_buckets():
    rng = np.random.default_rng(12)
    p = rng.random(5000)
    y = rng.random(5000) < p
    stream = rocauc.StreamingAUC(num_thresholds=201)
    for start in range(0, 5000, 1000):
        stream.update(y[start : start + 1000], p[start : start + 1000])
    binned = CalibrationTable.from_counts(stream.counts(), n_bins=10)
    exact = CalibrationTable.from_arrays(y, p, n_bins=10)
    # buckets of width 0.005 nest in the bins of width 0.1: the same samples per bin, predictions within 0.0025
    np.testing.assert_array_equal(binned.weight, exact.weight)
    np.testing.assert_array_equal(binned.positive, exact.positive)
    assert abs(binned.ece() - exact.ece()) <= 0.0025 + 1e-12
    assert binned.brier() == pytest.approx(exact.brier(), abs=0.003)
    with pytest.raises(ValueError, match=r"the counts table's thresholds are not probabilities"):
        from rocauc.core.counts import exact_counts

        CalibrationTable.from_counts(exact_counts(np.array([0, 1], bool), np.array([-2.0, 3.0])))


@pytest.mark.filterwarnings("ignore::rocauc.UndefinedMetricWarning")
@given(prob_data(max_size=30), st.data())
def test_integer_weights_equal_repeated_rows(data, more):
    y, p, _ = data
    reps = np.array(more.draw(st.lists(st.integers(1, 3), min_size=y.size, max_size=y.size)))
    a = rocauc.calibration(y, p, sample_weight=reps.astype(float), n_bins=5)
    b = rocauc.calibration(np.repeat(y, reps), np.repeat(p, reps), n_bins=5)
    assert a.ece.estimate == pytest.approx(b.ece.estimate, abs=1e-12)
    assert a.brier == pytest.approx(b.brier, abs=1e-12)
    np.testing.assert_allclose(a.curve.prob_true, b.curve.prob_true, atol=1e-12)


# --------------------------------------------------------------------------------------------- recalibration


def _unpenalized():
    """LogisticRegression without penalty (C=inf from scikit-learn 1.8, penalty=None before)."""
    import sklearn

    major, minor = (int(v) for v in sklearn.__version__.split(".")[:2])
    if (major, minor) >= (1, 8):
        return LogisticRegression(C=np.inf, tol=1e-12, max_iter=10000)
    return LogisticRegression(penalty=None, tol=1e-12, max_iter=10000)


def _simulated(n, slope, intercept, rng):
    z = rng.normal(0, 1.5, n)
    y = rng.random(n) < 1 / (1 + np.exp(-(intercept + slope * z)))
    return y, 1 / (1 + np.exp(-z))


@pytest.mark.parametrize("weighted", [False, True])
def test_recalibration_matches_sklearn_logistic_regression(weighted):
    rng = np.random.default_rng(5)
    y, p = _simulated(3000, 0.7, 0.3, rng)
    w = rng.integers(1, 4, y.size).astype(float) if weighted else None
    cal = rocauc.calibration(y, p, sample_weight=w)
    model = _unpenalized().fit(logit(p)[:, None], y, sample_weight=w)
    assert cal.recalibration.slope.estimate == pytest.approx(model.coef_[0, 0], rel=1e-6)
    assert cal.recalibration.slope_intercept == pytest.approx(model.intercept_[0], rel=1e-6, abs=1e-8)
    # the calibration intercept solves sum w (y - sigmoid(a + logit p)) = 0: bisection as the reference
    z = logit(p)
    wt = np.ones(y.size) if w is None else w
    lo, hi = -5.0, 5.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if (wt * (y - 1 / (1 + np.exp(-(mid + z))))).sum() > 0:
            lo = mid
        else:
            hi = mid
    assert cal.recalibration.intercept.estimate == pytest.approx(lo, abs=1e-9)


@given(seed=st.integers(0, 2**32 - 1), alpha=st.sampled_from([0.2, 0.5, 1.0, 3.0]))
@settings(max_examples=30, deadline=None)
def test_recalibration_converges_far_from_calibrated(seed, alpha):
    """Probabilities unrelated to the labels (true slope near 0) with widely spread logits: plain Newton from the
    calibrated start overshot and gave NaN; the damped fit agrees with scikit-learn."""
    rng = np.random.default_rng(seed)
    p = rng.dirichlet([alpha] * 3, 300)[:, 1]
    y = rng.random(300) < 0.35
    assume(0 < y.sum() < y.size)
    z = logit(p)
    r = fit_recalibration(y, z, None)
    model = _unpenalized().fit(z[:, None], y)
    assert r.slope.estimate == pytest.approx(model.coef_[0, 0], rel=1e-5, abs=1e-7)
    assert r.slope_intercept == pytest.approx(model.intercept_[0], rel=1e-5, abs=1e-7)


def test_recalibration_standard_errors_are_the_inverse_information():
    rng = np.random.default_rng(9)
    y, p = _simulated(800, 1.3, -0.2, rng)
    z = logit(p)
    r = fit_recalibration(y, z, None)
    a, b = r.slope_intercept, r.slope.estimate

    def loglik(a, b):
        eta = a + b * z
        return float(np.sum(y * eta - np.logaddexp(0, eta)))

    h = 1e-4
    haa = (loglik(a + h, b) - 2 * loglik(a, b) + loglik(a - h, b)) / h**2
    hbb = (loglik(a, b + h) - 2 * loglik(a, b) + loglik(a, b - h)) / h**2
    hab = (loglik(a + h, b + h) - loglik(a + h, b - h) - loglik(a - h, b + h) + loglik(a - h, b - h)) / (4 * h * h)
    cov = np.linalg.inv(-np.array([[haa, hab], [hab, hbb]]))
    assert r.slope.std_error == pytest.approx(math.sqrt(cov[1, 1]), rel=1e-4)
    assert r.slope.low == pytest.approx(b - 1.959963985 * r.slope.std_error)


def test_calibrated_and_overconfident_probabilities():
    rng = np.random.default_rng(21)
    y, p = _simulated(20000, 1.0, 0.0, rng)
    good = rocauc.calibration(y, p, interval="bootstrap", n_resamples=200, random_state=0, n_bins=10)
    assert 1.0 in good.recalibration.slope and 0.0 in good.recalibration.intercept
    assert good.ece.estimate < 0.02 and good.ece.low <= good.ece.estimate <= good.ece.high
    assert good.ece.method == "bootstrap-percentile" and good.curve.method == "bootstrap-percentile"
    # probabilities on a logit scale twice too steep: slope about 1/2
    over = rocauc.calibration(y, 1 / (1 + np.exp(-2 * logit(p))))
    assert over.recalibration.slope.estimate == pytest.approx(0.5, abs=0.05)
    assert over.ece.estimate > 0.05 and over.decomposition.reliability > good.decomposition.reliability


def test_bootstrap_is_reproducible():
    rng = np.random.default_rng(2)
    y, p = _simulated(300, 1, 0, rng)
    a = rocauc.calibration(y, p, interval="bootstrap", n_resamples=50, random_state=4)
    b = rocauc.calibration(y, p, interval="bootstrap", n_resamples=50, random_state=4)
    assert (a.ece.low, a.ece.high) == (b.ece.low, b.ece.high)
    np.testing.assert_array_equal(a.curve.low, b.curve.low)


# --------------------------------------------------------------------------------------------- multi-class


def test_multiclass_one_vs_rest_and_top_label():
    rng = np.random.default_rng(8)
    logits = rng.normal(0, 2, (500, 3))
    prob = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = np.array([rng.choice(3, p=row) for row in prob])
    cal = rocauc.calibration(y, prob, n_bins=8)
    assert cal.task == "multiclass" and [c.label for c in cal.classes] == [0, 1, 2]
    for j in range(3):
        alone = rocauc.calibration(y == j, prob[:, j], n_bins=8)
        assert cal[j].ece.estimate == pytest.approx(alone.ece.estimate)
        assert cal[j].brier == pytest.approx(brier_score_loss(y == j, prob[:, j]))
    correct = prob.argmax(axis=1) == y
    conf = prob.max(axis=1)
    top = rocauc.calibration(correct, conf, n_bins=8)
    assert cal.top_label.ece.estimate == pytest.approx(top.ece.estimate)
    assert rocauc.expected_calibration_error(y, prob, n_bins=8) == pytest.approx(top.ece.estimate)
    assert rocauc.expected_calibration_error(y, prob, n_bins=8, multi_class="ovr") == pytest.approx(
        np.mean([c.ece.estimate for c in cal.classes])
    )
    # logits give the same as their softmax
    from_logits = rocauc.calibration(y, logits, n_bins=8, from_logits=True)
    assert from_logits.top_label.ece.estimate == pytest.approx(cal.top_label.ece.estimate)
    assert cal.to_dict()["top_label"]["label"] == "top label"


def test_multilabel_per_label_and_binary_logits():
    rng = np.random.default_rng(4)
    z = rng.normal(0, 1, (300, 2))
    Y = (rng.random((300, 2)) < 1 / (1 + np.exp(-z))).astype(int)
    cal = rocauc.calibration(Y, z, from_logits=True, n_bins=5)
    assert cal.task == "multilabel" and cal.top_label is None
    for j in range(2):
        p = 1 / (1 + np.exp(-z[:, j]))
        assert cal[j].brier == pytest.approx(brier_score_loss(Y[:, j], p))
        assert cal[j].recalibration.slope.estimate == pytest.approx(
            fit_recalibration(Y[:, j].astype(bool), z[:, j], None).slope.estimate
        )
    with pytest.raises(KeyError, match=r"no class 7; the classes are \[0, 1\]"):
        cal[7]


# --------------------------------------------------------------------------------------------- messages


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(n_bins=0), r"n_bins must be a positive integer \(10 is usual\), got 0"),
        (dict(strategy="kmeans"), r"strategy='kmeans' is not one of \('uniform', 'quantile'\)"),
        (dict(edges=[0.1, 0.5, 1]), r"edges must be non-decreasing bin edges from 0 to 1"),
        (dict(interval="normal"), r"interval='normal' is not one of \(None, 'wilson', 'bootstrap'\)"),
        (dict(level=95), r"level must be a number in \(0, 1\)"),
        (dict(interval="bootstrap", n_resamples=1), r"n_resamples must be an integer >= 2"),
    ],
)
def test_option_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rocauc.calibration([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6], **kwargs)


def test_input_and_table_errors():
    with pytest.raises(
        ValueError,
        match=r"calibration needs probabilities in \[0, 1\], but y_prob ranges over "
        r"\[-2, 3\]; if these are logits, pass from_logits=True",
    ):
        rocauc.calibration([0, 1, 0, 1], [-2, 3, 0.5, 1])
    with pytest.raises(ValueError, match=r"multi_class='macro' is not one of \('top-label', 'ovr'\)"):
        rocauc.expected_calibration_error([0, 1], [0.2, 0.8], multi_class="macro")
    with pytest.raises(ValueError, match=r"strategy='quantile' places its edges at the quantiles of the data"):
        calibration_edges(5, "quantile")
    a = CalibrationTable.from_arrays(np.array([0, 1], bool), np.array([0.2, 0.8]), n_bins=2)
    b = CalibrationTable.from_arrays(np.array([0, 1], bool), np.array([0.2, 0.8]), n_bins=3)
    with pytest.raises(ValueError, match=r"calibration tables add only on the same bin edges"):
        a + b
    with pytest.raises(ValueError, match=r"a calibration table dict needs 'edges'"):
        CalibrationTable.from_dict({**a.to_dict(), "weight": [1.0]})


def test_undefined_recalibration_warns():
    with pytest.warns(rocauc.UndefinedMetricWarning, match=r"the logistic recalibration did not converge"):
        cal = rocauc.calibration([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    assert math.isnan(cal.recalibration.slope.estimate)
    with pytest.warns(
        rocauc.UndefinedMetricWarning, match=r"only positive samples for 1: the reliability curve is defined"
    ):
        cal = rocauc.calibration([1, 1, 1], [0.4, 0.8, 0.9], pos_label=1)
    assert cal.brier == pytest.approx(((1 - np.array([0.4, 0.8, 0.9])) ** 2).mean())


def test_summary_and_dict():
    rng = np.random.default_rng(1)
    y, p = _simulated(200, 1, 0, rng)
    cal = rocauc.calibration(y, p)
    assert cal.summary().startswith("ECE 0.") and "slope" in cal.summary()
    assert (
        str(cal) == f"calibration of {cal.label!r} ({cal.n_samples} samples, {cal.table.n_bins} "
        f"{cal.strategy} bins): {cal.summary()}"
    )
    d = cal.to_dict()
    assert d["n_bins"] == 10 and d["curve"]["method"] == "wilson" and d["ece"]["method"] == "none"
    none = rocauc.calibration(y, p, interval=None)
    assert np.isnan(none.curve.low).all()
