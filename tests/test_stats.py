"""Intervals: DeLong against the textbook structural components and pROC's published results, the bootstrap
engine against resampled data, Wilson against its quadratic, and the error messages."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import rocauc
from reference import pair_auc
from reference_stats import (
    delong_covariance,
    jackknife_acceleration,
    load_asah,
    structural_components,
    unweighted_delong_variance,
    wilson,
)
from rocauc.core import scores as _scores
from rocauc.core.counts import Counts, exact_counts
from rocauc.core.inputs import normalize
from rocauc.stats import bootstrap as bs
from rocauc.stats.delong import influence, layout
from rocauc.stats.intervals import resampling_plan, spec_for, strata
from strategies import binary_data, multiclass_data, multilabel_data

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


def _z(level=0.95):
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + level / 2)


# ------------------------------------------------------------------------------------------------- pROC's aSAH


# pROC's published results on aSAH (roc(aSAH$outcome, aSAH$x); ci(...) with DeLong; roc.test(...)). pROC takes the
# first factor level ("Good") as controls and picks the direction from the medians ("<": controls lower), which for
# these three markers is our convention (a higher score means "Poor"), so the numbers compare directly.
@pytest.mark.parametrize(
    "marker, auc, low, high",
    [
        ("s100b", 0.7314, 0.6301, 0.8326),
        ("wfns", 0.8237, 0.7485, 0.8988),
    ],
)
def test_delong_matches_proc_on_asah(marker, auc, low, high):
    d, poor = load_asah()
    ci = rocauc.roc_auc_ci(poor, d[marker], method="delong")  # pROC's ci.auc (the default is "auto")
    assert ci.method == "delong" and ci.level == 0.95
    assert round(ci.estimate, 4) == auc
    assert round(ci.low, 4) == low
    assert round(ci.high, 4) == high


def test_delong_ndka_on_asah():
    # pROC prints the ndka AUC as 0.612. Our interval on this data set is 0.6120 [0.5012, 0.7227], which is also
    # what the textbook DeLong below gives: it is checked against that, not against a quoted 4-digit figure.
    d, poor = load_asah()
    ci = rocauc.roc_auc_ci(poor, d["ndka"], method="delong")
    assert round(ci.estimate, 3) == 0.612
    auc, var = unweighted_delong_variance(poor, d["ndka"].to_numpy())
    assert ci.estimate == pytest.approx(auc, abs=1e-12)
    assert ci.low == pytest.approx(auc - _z() * np.sqrt(var), abs=1e-12)
    assert ci.high == pytest.approx(auc + _z() * np.sqrt(var), abs=1e-12)
    assert (round(ci.low, 4), round(ci.high, 4)) == (0.5012, 0.7227)


# ------------------------------------------------------------------------------------------------- DeLong vs textbook


@given(binary_data(min_size=4, weights=False))
def test_delong_variance_equals_textbook(data):
    y, s, _ = data
    if y.sum() < 2 or (~y).sum() < 2:
        y[:2], y[2:4] = True, False
    auc, var = unweighted_delong_variance(y, s)
    ci = rocauc.roc_auc_ci(y, s, level=0.9, method="delong")
    assert ci.estimate == pytest.approx(auc, abs=1e-12)
    assert ci.std_error == pytest.approx(np.sqrt(var), abs=1e-12)
    assert ci.low == pytest.approx(max(0.0, auc - _z(0.9) * np.sqrt(var)), abs=1e-12)
    assert ci.high == pytest.approx(min(1.0, auc + _z(0.9) * np.sqrt(var)), abs=1e-12)


@given(binary_data(min_size=4, weights=True))
def test_weighted_delong_equals_textbook_components(data):
    y, s, w = data
    keep = w > 0
    assume(not ((y & keep).sum() < 2 or (~y & keep).sum() < 2))
    aucs, cov = delong_covariance(y[keep], [s[keep]], w[keep])
    ci = rocauc.roc_auc_ci(y, s, sample_weight=w)
    assert ci.estimate == pytest.approx(aucs[0], abs=1e-12)
    assert ci.estimate == pytest.approx(pair_auc(y, s, w), abs=1e-12)
    assert ci.std_error == pytest.approx(np.sqrt(cov[0, 0]), abs=1e-12)


@given(binary_data(min_size=4), st.floats(0.01, 100))
def test_delong_weights_are_importance_weights(data, scale):
    y, s, _ = data
    assume(not (y.sum() < 2 or (~y).sum() < 2))
    plain = rocauc.roc_auc_ci(y, s)
    scaled = rocauc.roc_auc_ci(y, s, sample_weight=np.full(y.size, scale))
    assert scaled.estimate == pytest.approx(plain.estimate, abs=1e-12)
    assert scaled.std_error == pytest.approx(plain.std_error, rel=1e-9, abs=1e-15)


@given(binary_data(min_size=4, weights=True), st.data())
def test_influence_gives_delong_covariance_of_two_scores(data, more):
    y, s, w = data
    keep = w > 0
    y, s, w = y[keep], s[keep].astype(np.float64), w[keep]
    assume(not (y.sum() < 2 or (~y).sum() < 2))
    s2 = np.array(more.draw(st.lists(st.integers(0, 5), min_size=y.size, max_size=y.size)), float)
    a, b = influence(layout(y, s, w)), influence(layout(y, s2, w))
    aucs, cov = delong_covariance(y, [s, s2], w)
    assert [a.auc, b.auc] == pytest.approx(aucs.tolist(), abs=1e-12)
    assert np.dot(a.psi, b.psi) == pytest.approx(cov[0, 1], abs=1e-12)
    assert a.variance == pytest.approx(cov[0, 0], abs=1e-12)


@given(binary_data(min_size=3, weights=True))
def test_influence_jackknife_is_leave_one_out(data):
    y, s, w = data
    keep = w > 0
    y, s, w = y[keep], s[keep], w[keep]
    assume(not (y.sum() < 2 or (~y).sum() < 2))
    jack = influence(layout(y, s, w)).jackknife
    for i in range(y.size):
        rest = np.arange(y.size) != i
        assert jack[i] == pytest.approx(pair_auc(y[rest], s[rest], w[rest]), abs=1e-12)


@given(binary_data(weights=True), st.booleans())
def test_layout_table_equals_exact_counts(data, negate):
    y, s, w = data
    if negate:
        s = -s
    keep = w > 0
    y, s, w = y[keep], s[keep], w[keep]
    lay = layout(y, s, w)
    c, ref = lay.counts(), exact_counts(y, s, w)
    np.testing.assert_array_equal(c.thresholds, ref.thresholds)
    np.testing.assert_allclose(c.tp, ref.tp, rtol=0, atol=1e-12)
    np.testing.assert_allclose(c.fp, ref.fp, rtol=0, atol=1e-12)
    # every sample sits in the row of its score
    np.testing.assert_array_equal(lay.thresholds[lay.row], s.astype(np.float64))


@given(multiclass_data(), st.sampled_from(["macro", "weighted"]))
def test_delong_macro_variance_is_covariance_of_class_aucs(data, average):
    y, p = data
    counts = np.bincount(y, minlength=p.shape[1])
    assume(not (counts.min() < 2 or (y.size - counts).min() < 2))
    ci = rocauc.roc_auc_ci(y, p, average=average)
    assert ci.estimate == pytest.approx(rocauc.roc_auc(y, p, average=average), abs=1e-12)
    # textbook: the influence of each sample on each class AUC from the pair-counting components
    k = p.shape[1]
    psi = np.zeros((k, y.size))
    for j in range(k):
        yj = y == j
        auc, v10, v01, _, _ = structural_components(yj, p[:, j])
        m, n = yj.sum(), (~yj).sum()
        psi[j, yj] = (v10 - auc) / np.sqrt(m * (m - 1))
        psi[j, ~yj] = (v01 - auc) / np.sqrt(n * (n - 1))
    cov = psi @ psi.T
    c = counts / counts.sum() if average == "weighted" else np.full(k, 1 / k)
    assert ci.std_error == pytest.approx(np.sqrt(c @ cov @ c), abs=1e-12)
    # the diagonal is each class's own DeLong variance
    per_class = rocauc.roc_auc_ci(y, p, average=None)
    for j, label in enumerate(sorted(per_class)):
        assert per_class[label].std_error == pytest.approx(np.sqrt(cov[j, j]), abs=1e-12)


def test_delong_per_class_on_multilabel_equals_binary():
    rng = np.random.default_rng(3)
    Y = rng.random((80, 3)) < 0.4
    S = rng.random((80, 3)) + 0.3 * Y
    per = rocauc.roc_auc_ci(Y.astype(int), S, average=None)
    assert list(per) == [0, 1, 2]
    for j in range(3):
        single = rocauc.roc_auc_ci(Y[:, j], S[:, j])
        assert per[j].estimate == single.estimate and per[j].std_error == single.std_error


def test_delong_interval_is_clipped():
    y = np.r_[np.zeros(5, bool), np.ones(5, bool)]
    s = np.r_[np.arange(5), 3.5, 5.5, 6.5, 7.5, 8.5]  # one positive below a negative
    ci = rocauc.roc_auc_ci(y, s, method="delong")
    assert ci.high == 1.0 and ci.estimate + _z() * ci.std_error > 1.0
    assert 0.0 <= ci.low <= ci.estimate


def test_perfect_separation_has_zero_width():
    ci = rocauc.roc_auc_ci([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], method="delong")
    assert (ci.estimate, ci.low, ci.high, ci.std_error) == (1.0, 1.0, 1.0, 0.0)


def test_delong_level_changes_width():
    rng = np.random.default_rng(0)
    y = rng.random(300) < 0.4
    s = rng.normal(size=300) + y
    narrow, wide = rocauc.roc_auc_ci(y, s, level=0.8), rocauc.roc_auc_ci(y, s, level=0.99)
    assert narrow.std_error == wide.std_error
    assert wide.width / narrow.width == pytest.approx(_z(0.99) / _z(0.8), rel=1e-12)


# ------------------------------------------------------------------------------------------------- undefined


def test_one_class_gives_nan_and_names_the_class():
    with pytest.warns(rocauc.UndefinedMetricWarning, match=r"only one class is present in y_true \(0\)"):
        ci = rocauc.roc_auc_ci([0, 0, 0], [0.1, 0.2, 0.3])
    assert np.isnan(ci.estimate) and np.isnan(ci.low) and np.isnan(ci.high)


def test_delong_needs_two_of_each_class():
    with pytest.warns(
        rocauc.UndefinedMetricWarning,
        match="at least two positive and two negative samples "
        r"\(1 positive and 3 negative\)",
    ):
        ci = rocauc.roc_auc_ci([0, 0, 1, 0], [0.1, 0.2, 0.3, 0.4])
    assert ci.estimate == pytest.approx(2 / 3) and np.isnan(ci.low)


def test_delong_per_class_warns_for_undefined_classes():
    y = np.array(list("abcabcab"))
    p = np.full((8, 4), 0.25)
    p[:, 0] += np.linspace(-0.1, 0.1, 8)
    p[:, 1] -= np.linspace(-0.1, 0.1, 8)
    with pytest.warns(
        rocauc.UndefinedMetricWarning,
        match=r"undefined for classes \['d'\] \(class 'd' has no "
        "positive samples\\)",
    ):
        per = rocauc.roc_auc_ci(y, p, labels=["a", "b", "c", "d"], average=None)
    assert np.isnan(per["d"].estimate) and np.isfinite(per["a"].low)
    with pytest.warns(rocauc.UndefinedMetricWarning, match=r"left out of the macro average and its interval"):
        macro = rocauc.roc_auc_ci(y, p, labels=["a", "b", "c", "d"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert macro.estimate == pytest.approx(rocauc.roc_auc(y, p, labels=["a", "b", "c", "d"]), abs=1e-12)


def test_delong_macro_with_a_single_sample_class_warns():
    y = np.array([0, 0, 1, 1, 2, 0, 1])
    p = np.random.default_rng(0).dirichlet(np.ones(3), 7)
    with pytest.warns(
        rocauc.UndefinedMetricWarning,
        match=r"at least two positive and two negative samples \(2: "
        "1 positive, 6 negative\\)",
    ):
        ci = rocauc.roc_auc_ci(y, p)
    assert np.isfinite(ci.estimate) and np.isnan(ci.low)


# ------------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(level=1.5), ValueError, r"level must be a number in \(0, 1\)"),
        (dict(level=True), ValueError, r"level must be a number in \(0, 1\)"),
        (
            dict(method="jackknife"),
            ValueError,
            r"method='jackknife' is not one of \('delong', 'delong-logit', 'auto', 'bootstrap'\)",
        ),
        (dict(max_fpr=0.5), ValueError, r"DeLong intervals apply to the full ROC AUC only, not to the partial ROC AUC"),
        (dict(max_fpr=1.5), ValueError, r"max_fpr must be a number in \(0, 1\]"),
        (dict(method="bootstrap", n_resamples=1), ValueError, "n_resamples must be an integer >= 2"),
        (
            dict(method="bootstrap", bootstrap_interval="basic"),
            ValueError,
            r"bootstrap_interval='basic' is not one of \('percentile', 'bca'\)",
        ),
        (
            dict(method="bootstrap", random_state="seed"),
            TypeError,
            "random_state must be None, an int seed or a numpy Generator",
        ),
        (dict(method="bootstrap", random_state=np.random.RandomState(0)), TypeError, "legacy np.random.RandomState"),
    ],
)
def test_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        rocauc.roc_auc_ci([0, 1, 0, 1, 1, 0], [0.1, 0.9, 0.3, 0.6, 0.4, 0.5], **kwargs)


def test_multiclass_errors():
    y = np.array([0, 1, 2, 0, 1, 2])
    p = np.random.default_rng(0).dirichlet(np.ones(3), 6)
    with pytest.raises(ValueError, match="DeLong intervals do not apply to the micro average"):
        rocauc.roc_auc_ci(y, p, average="micro")
    with pytest.raises(ValueError, match=r"average='samples' is not supported for intervals of multiclass"):
        rocauc.roc_auc_ci(y, p, average="samples")
    with pytest.raises(ValueError, match=r"one-vs-rest averages \(multi_class='ovr'\); got multi_class='ovo'"):
        rocauc.roc_auc_ci(y, p, multi_class="ovo")
    with pytest.raises(ValueError, match="stratified resampling needs one class per sample"):
        rocauc.roc_auc_ci(
            np.eye(3, dtype=int)[y] | np.eye(3, dtype=int)[(y + 1) % 3], p, method="bootstrap", stratified=True
        )


# ------------------------------------------------------------------------------------------------- Interval, Wilson


def test_interval_format_and_dict():
    ci = rocauc.Interval(0.87123, 0.84, 0.9, 0.95, "delong", 0.015)
    assert f"{ci:.2f}" == "0.87 [0.84, 0.90]"
    assert str(ci) == "0.871 [0.840, 0.900] (95% DeLong)"
    assert 0.9 in ci and 0.91 not in ci
    assert ci.width == pytest.approx(0.06)
    assert ci.to_dict() == {
        "estimate": 0.87123,
        "low": 0.84,
        "high": 0.9,
        "level": 0.95,
        "method": "delong",
        "std_error": 0.015,
    }
    boot = rocauc.Interval(0.5, float("nan"), 0.7, 0.9, "bootstrap-bca", 0.1, 1999, 1)
    assert boot.to_dict()["low"] is None and boot.to_dict()["n_undefined"] == 1


@given(st.integers(0, 200), st.integers(1, 200), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_wilson_equals_quadratic_roots(k, n, level):
    k = min(k, n)
    ci = rocauc.wilson_interval(k, n, level=level)
    low, high = wilson(k, n, level)
    assert ci.estimate == k / n
    assert ci.low == pytest.approx(low, abs=1e-12) and ci.high == pytest.approx(high, abs=1e-12)
    assert ci.method == "wilson"


def test_wilson_known_values_and_edges():
    # the classic example: 8 of 10 -> [0.490, 0.943]
    ci = rocauc.wilson_interval(8, 10)
    assert (round(ci.low, 3), round(ci.high, 3)) == (0.490, 0.943)
    assert rocauc.wilson_interval(0, 10).low == 0.0 and rocauc.wilson_interval(10, 10).high == 1.0
    assert np.isnan(rocauc.wilson_interval(0, 0).estimate)
    # with weights, Kish's effective size sets the width
    assert rocauc.wilson_interval(4.0, 5.0, effective_total=10).low == pytest.approx(ci.low)


# ------------------------------------------------------------------------------------------------- batched scores


def _random_counts(draw_or_rng, B=6, G=9):
    rng = draw_or_rng
    dtp = rng.integers(0, 3, size=(B, G)).astype(float)
    dfp = rng.integers(0, 3, size=(B, G)).astype(float)
    dtp[rng.random((B, G)) < 0.3] = 0
    dfp[rng.random((B, G)) < 0.3] = 0
    return dtp, dfp


@given(st.integers(0, 2**32 - 1), st.sampled_from([0.05, 0.2, 0.5, 0.77, 1.0]))
def test_batched_scores_equal_scalar_scores(seed, max_fpr):
    rng = np.random.default_rng(seed)
    dtp, dfp = _random_counts(rng)
    dtp[0] = 0  # one replicate without positives
    dtp, dfp = dtp * rng.choice([1.0, 0.5, 0.125]), dfp
    batched = {
        "auc": bs.batched_auc(dtp, dfp),
        "pauc": bs.batched_partial_auc(dtp, dfp, max_fpr),
        "ap": bs.batched_average_precision(dtp, dfp),
        "pr": bs.batched_pr_auc(dtp, dfp),
    }
    for b in range(dtp.shape[0]):
        c = Counts(np.arange(dtp.shape[1], 0, -1.0), np.cumsum(dtp[b]), np.cumsum(dfp[b]))
        defined_roc, defined_pr = c.P > 0 and c.N > 0, c.P > 0
        expected = {
            "auc": _scores.auc(c) if defined_roc else np.nan,
            "pauc": _scores.partial_auc(c, max_fpr) if defined_roc else np.nan,
            "ap": _scores.average_precision(c) if defined_pr else np.nan,
            "pr": _scores.pr_auc(c) if defined_pr else np.nan,
        }
        for name, value in expected.items():
            assert batched[name][b] == pytest.approx(value, abs=1e-12, nan_ok=True), name


# ------------------------------------------------------------------------------------------------- resampling engine


def _in_position_order(mult, position):
    out = np.empty_like(mult)
    out[:, position] = mult
    return out


def _repeat(problem, mult):
    """The data set that a multiplicity vector (in sample order) describes."""
    idx = np.repeat(np.arange(problem.n_samples), mult)
    w = None if problem.weight is None else problem.weight[idx]
    return problem.y[idx], problem.score[idx], w


@given(
    binary_data(weights=True),
    st.sampled_from(["roc_auc", "average_precision", "pr_auc", "partial"]),
    st.integers(0, 2**32 - 1),
)
def test_replicate_counts_equal_scores_of_resampled_data(data, metric, seed):
    y, s, w = data
    keep = w > 0
    problem = normalize(y[keep], s[keep], sample_weight=w[keep])
    spec = spec_for("roc_auc", 0.3) if metric == "partial" else spec_for(metric)
    draws, position = strata(problem, None)
    plan = resampling_plan(problem, spec, None, position)
    rng = np.random.default_rng(seed)
    mult = rng.integers(0, 3, size=(5, problem.n_samples))
    values = plan.values(_in_position_order(mult, position))[:, 0]
    for b in range(5):
        yy, ss, ww = _repeat(problem, mult[b])
        defined = yy.any() and (metric in ("average_precision", "pr_auc") or not yy.all())
        if not defined:
            assert np.isnan(values[b])
            continue
        if metric == "partial":
            expected = rocauc.roc_auc(yy, ss, sample_weight=ww, max_fpr=0.3)
        else:
            expected = getattr(rocauc, metric)(yy, ss, sample_weight=ww)
        assert values[b] == pytest.approx(expected, abs=1e-12)


@given(
    st.one_of(multiclass_data(max_size=30), multilabel_data(max_size=30)),
    st.sampled_from(["macro", "weighted", "micro", None]),
    st.integers(0, 2**32 - 1),
)
def test_replicate_counts_equal_averages_of_resampled_data(data, average, seed):
    y, p = data
    problem = normalize(y, p)
    draws, position = strata(problem, None)
    plan = resampling_plan(problem, spec_for("roc_auc"), average, position)
    mult = np.random.default_rng(seed).integers(1, 3, size=(3, problem.n_samples))
    values = plan.values(_in_position_order(mult, position))
    for b in range(3):
        idx = np.repeat(np.arange(problem.n_samples), mult[b])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = rocauc.roc_auc(y[idx], p[idx], average=average, task=problem.task)
        expected = np.atleast_1d(expected)
        if average is None:
            expected = expected[[problem.classes.tolist().index(lab) for lab in plan.labels]]
        np.testing.assert_allclose(values[b], expected, rtol=0, atol=1e-12)


def test_stratified_resamples_keep_class_sizes_and_are_reproducible():
    rng = np.random.default_rng(5)
    y = rng.integers(0, 3, 50)
    p = rng.dirichlet(np.ones(3), 50)
    problem = normalize(y, p)
    draws, position = strata(problem, None)
    plan = resampling_plan(problem, spec_for("roc_auc"), None, position)

    def sizes(mult):
        return np.stack([bs.replicate_counts(t, mult)[0].sum(axis=1) for t in plan.tables], axis=1)

    first = bs.bootstrap(draws, sizes, plan.width, 50, np.random.default_rng(1))
    np.testing.assert_array_equal(first, np.tile(np.bincount(y), (50, 1)))
    a = rocauc.roc_auc_ci(y, p, method="bootstrap", random_state=7, n_resamples=300)
    b = rocauc.roc_auc_ci(y, p, method="bootstrap", random_state=7, n_resamples=300)
    c = rocauc.roc_auc_ci(y, p, method="bootstrap", random_state=8, n_resamples=300)
    assert a == b and a != c


def test_jackknife_engine_equals_closed_form_leave_one_out():
    rng = np.random.default_rng(2)
    y = rng.random(40) < 0.4
    s = rng.integers(0, 6, 40).astype(float)
    w = rng.integers(1, 4, 40) / 2
    problem = normalize(y, s, sample_weight=w)
    draws, position = strata(problem, None)
    plan = resampling_plan(problem, spec_for("roc_auc"), None, position)
    jack = bs.jackknife(draws.n_samples, plan.values, plan.width, rng)[:, 0]
    closed = influence(layout(y, s, w)).jackknife
    np.testing.assert_allclose(jack[position], closed, rtol=0, atol=1e-12)
    assert bs.acceleration(jack) == pytest.approx(jackknife_acceleration(closed), abs=1e-12)


def test_bootstrap_distribution_matches_naive_resampling():
    # the counting bootstrap against a plain loop that resamples rows and calls roc_auc (different random draws:
    # the two distributions must agree in mean and spread)
    rng = np.random.default_rng(11)
    y = rng.random(300) < 0.35
    s = rng.normal(size=300) + 0.8 * y
    ci = rocauc.roc_auc_ci(y, s, method="bootstrap", random_state=0, n_resamples=2000)
    pos, neg = np.flatnonzero(y), np.flatnonzero(~y)
    naive = []
    for _ in range(1000):
        idx = np.r_[rng.choice(pos, pos.size), rng.choice(neg, neg.size)]
        naive.append(rocauc.roc_auc(y[idx], s[idx]))
    assert ci.std_error == pytest.approx(np.std(naive, ddof=1), rel=0.1)
    lo, hi = np.quantile(naive, [0.025, 0.975])
    assert ci.low == pytest.approx(lo, abs=0.01) and ci.high == pytest.approx(hi, abs=0.01)


def test_bca_interval_on_known_replicates():
    values = np.linspace(0, 1, 1001)
    # no bias, no acceleration: BCa is the percentile interval
    assert bs.bca_interval(values, 0.5, 0.0, 0.9) == pytest.approx(bs.percentile_interval(values, 0.9))
    # an estimate above most replicates shifts the interval up
    low, high = bs.bca_interval(values, 0.7, 0.0, 0.9)
    assert low > 0.05 and high > 0.95


def test_bootstrap_estimates_equal_the_point_scores():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 3, 120)
    p = rng.dirichlet(np.ones(3), 120)
    w = rng.random(120) + 0.5
    for average in ("macro", "weighted", "micro"):
        ci = rocauc.roc_auc_ci(
            y, p, method="bootstrap", average=average, sample_weight=w, n_resamples=50, random_state=0
        )
        assert ci.estimate == pytest.approx(rocauc.roc_auc(y, p, average=average, sample_weight=w), abs=1e-12)
        assert ci.low <= ci.estimate <= ci.high and ci.n_resamples == 50 and ci.n_undefined == 0
    yb, sb = y == 0, p[:, 0]
    for fn, ref in ((rocauc.average_precision_ci, rocauc.average_precision), (rocauc.pr_auc_ci, rocauc.pr_auc)):
        ci = fn(yb, sb, sample_weight=w, n_resamples=50, random_state=0, bootstrap_interval="bca")
        assert ci.estimate == pytest.approx(ref(yb, sb, sample_weight=w), abs=1e-12)
        assert ci.method == "bootstrap-bca"
    part = rocauc.roc_auc_ci(yb, sb, method="bootstrap", max_fpr=0.25, n_resamples=50, random_state=0)
    assert part.estimate == pytest.approx(rocauc.roc_auc(yb, sb, max_fpr=0.25), abs=1e-12)
    per = rocauc.average_precision_ci(y, p, average=None, n_resamples=50, random_state=0)
    assert [per[k].estimate for k in range(3)] == pytest.approx(rocauc.average_precision(y, p, average=None).tolist())


def test_equal_weights_give_the_unweighted_bootstrap():
    rng = np.random.default_rng(8)
    y = rng.random(80) < 0.5
    s = rng.normal(size=80) + y
    a = rocauc.roc_auc_ci(y, s, method="bootstrap", random_state=3, n_resamples=200)
    b = rocauc.roc_auc_ci(y, s, method="bootstrap", random_state=3, n_resamples=200, sample_weight=np.full(80, 2.5))
    assert (a.low, a.high) == pytest.approx((b.low, b.high), abs=1e-12)


def test_unstratified_resamples_that_lose_a_class_are_reported():
    y = np.array([1, 0, 0, 0, 0, 0])
    s = np.array([0.9, 0.1, 0.2, 0.3, 0.4, 0.5])
    with pytest.warns(
        rocauc.UndefinedMetricWarning,
        match=r"of 400 bootstrap resamples lost a class, so ROC AUC "
        "was undefined in them; they are left out",
    ):
        ci = rocauc.roc_auc_ci(y, s, method="bootstrap", stratified=False, n_resamples=400, random_state=0)
    # P(no positive drawn) = (5/6)**6 = 33%
    assert 80 < ci.n_undefined < 190 and ci.n_resamples == 400 - ci.n_undefined
    # stratified: never
    assert rocauc.roc_auc_ci(y, s, method="bootstrap", n_resamples=400, random_state=0).n_undefined == 0


def test_multilabel_bootstrap_reports_lost_labels_per_label():
    Y = np.array([[1, 0], [0, 1], [0, 1], [0, 0], [1, 1], [0, 0]])
    S = np.linspace(0, 1, 12).reshape(6, 2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        per = rocauc.roc_auc_ci(Y, S, method="bootstrap", average=None, n_resamples=200, random_state=0)
    messages = [str(w.message) for w in caught]
    for label in (0, 1):
        assert per[label].n_undefined > 0
        assert any(
            f"{per[label].n_undefined} of 200 bootstrap resamples lost a class, so ROC AUC was undefined in "
            f"them (for {label}); they are left out and the interval uses the other "
            f"{per[label].n_resamples}." == m
            for m in messages
        )


def test_bootstrap_undefined_binary_warns():
    with pytest.warns(
        rocauc.UndefinedMetricWarning,
        match=r"average precision is undefined: only one class is "
        r"present in y_true \(0\)",
    ):
        ci = rocauc.average_precision_ci([0, 0, 0], [0.1, 0.2, 0.3], n_resamples=10)
    assert np.isnan(ci.estimate)


def test_progress_line(capsys):
    rng = np.random.default_rng(0)
    y = rng.random(200) < 0.5
    s = rng.normal(size=200) + y
    rocauc.roc_auc_ci(y, s, method="bootstrap", n_resamples=100, random_state=0, progress=True)
    err = capsys.readouterr().err
    assert "rocauc: bootstrap resamples 100/100 done in" in err
    rocauc.roc_auc_ci(y, s, method="bootstrap", n_resamples=100, random_state=0)  # short: silent by default
    rocauc.roc_auc_ci(y, s, method="bootstrap", n_resamples=100, random_state=0, progress=False)
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------------------------------------- slow statistics


@pytest.mark.slow
@pytest.mark.parametrize("case", ["binary", "weighted", "macro"])
def test_delong_variance_is_close_to_bootstrap_variance(case):
    rng = np.random.default_rng(21)
    n = 4000
    if case == "macro":
        y = rng.integers(0, 3, n)
        logits = rng.normal(size=(n, 3)) + 1.2 * np.eye(3)[y]
        s = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        w = None
    else:
        y = rng.random(n) < 0.3
        s = np.round(rng.normal(size=n) + 1.0 * y, 2)  # ties too
        w = rng.gamma(2.0, size=n) if case == "weighted" else None
    delong = rocauc.roc_auc_ci(y, s, sample_weight=w)
    boot = rocauc.roc_auc_ci(
        y, s, sample_weight=w, method="bootstrap", n_resamples=2000, random_state=0, progress=False
    )
    # the bootstrap standard error has a relative sampling error of about 1/sqrt(2B) = 1.6%
    assert boot.std_error == pytest.approx(delong.std_error, rel=0.08)
    assert boot.low == pytest.approx(delong.low, abs=0.25 * delong.width)
    assert boot.high == pytest.approx(delong.high, abs=0.25 * delong.width)


@pytest.mark.parametrize("distinct", [3, 40, 10_000])
@pytest.mark.parametrize("weighted", [False, True])
def test_direct_replicate_auc_equals_dense_tables_and_data(distinct, weighted):
    # few distinct scores: long runs of ties (added by reduceat); many: short runs (added column by column)
    rng = np.random.default_rng(distinct)
    y = rng.random(300) < 0.4
    s = rng.integers(0, distinct, 300).astype(np.float64)
    w = rng.integers(1, 5, 300) / 4 if weighted else None
    problem = normalize(y, s, sample_weight=w)
    draws, position = strata(problem, None)
    t = resampling_plan(problem, spec_for("roc_auc"), None, position).tables[0]
    mult = rng.integers(0, 3, size=(4, 300))
    direct, support = bs.replicate_auc(t, mult)
    dense = bs.batched_auc(*bs.replicate_counts(t, mult))
    np.testing.assert_allclose(direct, dense, rtol=0, atol=1e-12)
    for b in range(4):
        sample_mult = mult[b, position]
        idx = np.repeat(np.arange(300), sample_mult)
        ww = None if w is None else w[idx]
        assert direct[b] == pytest.approx(pair_auc(y[idx], s[idx], ww), abs=1e-12)
        assert support[b] == pytest.approx(np.sum(sample_mult * (1.0 if w is None else w) * y))


@pytest.mark.parametrize(
    "name",
    [
        "rocauc.stats.intervals",
        "rocauc.stats.delong",
        "rocauc.stats.bootstrap",
        "rocauc.stats.compare",
        "rocauc.stats.operating",
        "rocauc.stats.evaluation_stats",
    ],
)
def test_docstring_examples_of_the_statistics_modules(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
