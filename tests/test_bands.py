"""Curve bands and intervals at thresholds: curve values against brute force, coverage of the bands by
simulation (binormal data), thresholds and operating points against direct counting, and the error messages."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import rocauc
from reference_stats import (
    confusion_at,
    interpolated_precision_at_recall,
    load_asah,
    precision_at_recall,
    roc_vertices,
    tpr_at_fpr,
)
from rocauc.core.counts import exact_counts
from rocauc.stats.bands import precision_at, tpr_at
from strategies import binary_data

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")
NORMAL = NormalDist()


@given(binary_data(min_size=2, weights=True), st.lists(st.floats(0, 1), min_size=1, max_size=5))
def test_tpr_at_equals_brute_force(data, grid):
    y, s, w = data
    c = exact_counts(y, s, w)
    got = tpr_at(c.tp[None, :], c.fp[None, :], np.array(grid))[0]
    keep = w > 0
    expected = [tpr_at_fpr(y[keep], s[keep], x, w[keep]) for x in grid]
    np.testing.assert_allclose(got, expected, atol=1e-12)


@given(binary_data(min_size=2, weights=True), st.lists(st.floats(0.001, 1), min_size=1, max_size=5))
def test_precision_at_equals_brute_force(data, grid):
    y, s, w = data
    c = exact_counts(y, s, w)
    got = precision_at(c.tp[None, :], c.fp[None, :], np.array(grid))[0]
    keep = w > 0
    expected = [precision_at_recall(y[keep], s[keep], r, w[keep]) for r in grid]
    np.testing.assert_allclose(got, expected, atol=1e-12)


def test_band_estimates_are_the_curve_and_intervals_hold_them():
    d, poor = load_asah()
    grid = np.linspace(0, 1, 11)
    for kind in ("pointwise", "simultaneous"):
        band = rocauc.roc_band(poor, d["ndka"], at=grid, kind=kind, n_resamples=300, random_state=0)
        expected = [tpr_at_fpr(poor, d["ndka"].to_numpy(), x) for x in grid]
        np.testing.assert_allclose(band.estimate, expected, atol=1e-12)
        assert np.all(band.low <= band.estimate) and np.all(band.estimate <= band.high)
        assert band.kind == kind and band.n_resamples == 300
    sp = rocauc.roc_band(poor, d["ndka"], at=grid, along="tpr", n_resamples=300, random_state=0)
    # specificity at TPR t: pROC's ci.sp (the highest specificity reaching sensitivity t)
    F, T = roc_vertices(poor, d["ndka"].to_numpy())
    for t, value in zip(grid, sp.estimate):
        on = [f for f, tt in zip(F, T) if tt == t]
        if on:  # a horizontal run at sensitivity t: its best specificity
            expected = 1 - min(on)
        else:
            k = max(i for i in range(T.size) if T[i] < t)
            expected = 1 - (F[k] + (t - T[k]) * (F[k + 1] - F[k]) / (T[k + 1] - T[k]))
        assert value == pytest.approx(expected, abs=1e-12)
    assert sp.curve == "roc-specificity" and "specificity" in str(sp)
    assert band.to_dict()["kind"] == "simultaneous"


def _binormal(rng, mu, n1, n0):
    y = np.r_[np.ones(n1, bool), np.zeros(n0, bool)]
    return y, rng.normal(size=n1 + n0) + mu * y


# n = 60, 200, 500 and 2000 (30% positives, true AUC 0.76)
BAND_SIZES = [(1.0, 18, 42), (1.0, 60, 140), (1.0, 150, 350), (1.0, 600, 1400)]


@pytest.mark.slow
@pytest.mark.parametrize("mu, n1, n0", BAND_SIZES)
def test_simultaneous_roc_band_covers_the_true_curve(mu, n1, n0):
    # binormal: TPR(f) = Phi(mu + Phi^-1(f)); the 95% band must hold the whole curve (FPR in (0, 1]) in 93-97% of
    # the data sets (400 data sets: the binomial standard error of the coverage is 1.1%; 1000 data sets in
    # bench_coverage.py --bands: see docs/guide/statistics.md)
    grid = np.linspace(0, 1, 101)[1:]
    true = np.array([NORMAL.cdf(mu + NORMAL.inv_cdf(f)) if f < 1 else 1.0 for f in grid])
    rng = np.random.default_rng(0)
    runs, hits = 400, 0
    for i in range(runs):
        y, s = _binormal(rng, mu, n1, n0)
        band = rocauc.roc_band(y, s, at=grid, kind="simultaneous", n_resamples=500, random_state=i)
        hits += bool(np.all((band.low <= true + 1e-12) & (true <= band.high + 1e-12)))
    assert 0.93 <= hits / runs <= 0.97


SIZES = [(1.0, 60, 140), (1.0, 18, 42)]  # n = 200 and n = 60, 30% positives, true AUC 0.76


def _true_precision(mu, n1, n0, recall):
    pi = n1 / (n1 + n0)
    fpr = np.array([1 - NORMAL.cdf(mu + NORMAL.inv_cdf(1 - r)) for r in recall])
    return pi * recall / (pi * recall + (1 - pi) * fpr)


@pytest.mark.slow
@pytest.mark.parametrize("mu, n1, n0", SIZES)
def test_pointwise_roc_intervals_cover(mu, n1, n0):
    # the default (Wilson with the bootstrap's effective sample size): 400 data sets, 19 FPRs from 0.05 to 0.95;
    # the binomial standard error of one point's coverage is 1.1%, so each point is held to 90-99% and their mean
    # to 93-97%. Measured: 93-97% per point at n = 200, 92-98% at n = 60 (the arcsine interval: 100% above FPR 0.75)
    grid = np.linspace(0.05, 0.95, 19)
    true = np.array([NORMAL.cdf(mu + NORMAL.inv_cdf(f)) for f in grid])
    rng = np.random.default_rng(2)
    runs, hits = 400, np.zeros(grid.size)
    for i in range(runs):
        y, s = _binormal(rng, mu, n1, n0)
        band = rocauc.roc_band(y, s, at=grid, n_resamples=500, random_state=i)
        hits += (band.low <= true) & (true <= band.high)
    coverage = hits / runs
    assert band.method == "bootstrap-wilson"
    assert 0.93 <= coverage.mean() <= 0.97, coverage
    assert np.all((0.90 <= coverage) & (coverage <= 0.99)), coverage


@pytest.mark.slow
@pytest.mark.parametrize("mu, n1, n0", BAND_SIZES[:3])
def test_simultaneous_pr_band_covers_the_true_curve(mu, n1, n0):
    # the PR band is the specificity band at TPR = recall mapped to the precision: it holds the whole true PR curve
    # (recall 0.05-0.95) in 93-97% of the data sets. 1000 data sets (bench_coverage.py --bands): 94.0% at n = 60,
    # 95.5% at n = 200, 96.1% at n = 500 (the sup-t band on the precision itself: 97.5-98.5%). 400 here: standard
    # error 1.1%
    recall = np.linspace(0.05, 0.95, 19)
    true = _true_precision(mu, n1, n0, recall)
    rng = np.random.default_rng(0)
    runs, hits = 400, 0
    for i in range(runs):
        y, s = _binormal(rng, mu, n1, n0)
        band = rocauc.pr_band(y, s, recall=recall, kind="simultaneous", n_resamples=500, random_state=i)
        hits += bool(np.all((band.low <= true) & (true <= band.high)))
    assert 0.93 <= hits / runs <= 0.97


# a recall r is read through 1 - r, which keeps r to about 1e-16 / r relative: recalls are 0 or at least 1e-6, so
# the precision holds to 1e-9 (at r = 1e-9 it came out 1e-7 off, a float limit of the grid, not of the curve)
RECALLS = st.one_of(st.just(0.0), st.floats(1e-6, 1))


@given(binary_data(min_size=2, weights=True), st.lists(RECALLS, min_size=1, max_size=4))
def test_pr_band_curve_is_the_interpolated_pr_curve(data, grid):
    y, s, w = data
    keep = w > 0
    assume(y[keep].any() and not y[keep].all())
    band = rocauc.pr_band(y, s, sample_weight=w, recall=grid, n_resamples=2, random_state=0)
    expected = [interpolated_precision_at_recall(y[keep], s[keep], r, w[keep]) for r in grid]
    np.testing.assert_allclose(band.estimate, expected, atol=1e-9)
    assert np.all((band.low <= band.estimate + 1e-12) & (band.estimate <= band.high + 1e-12))


def test_pr_band_at_a_rule_is_that_rules_precision():
    d, poor = load_asah()
    s = d["wfns"].to_numpy(float)  # heavy ties
    P = poor.sum()
    recall = np.array([k / P for k in range(1, P + 1)])
    band = rocauc.pr_band(poor, s, recall=recall, n_resamples=50, random_state=0)
    reached = np.array([precision_at_recall(poor, s, r) for r in recall])
    # where a rule reaches the recall exactly, the interpolated curve passes through that rule's point
    from reference_stats import roc_vertices as vertices

    _, T = vertices(poor, s)
    exact = np.isin(np.round(recall * P), np.round(T * P))
    np.testing.assert_allclose(band.estimate[exact], reached[exact], atol=1e-12)


def test_threshold_intervals_count_the_rule():
    d, poor = load_asah()
    s = d["s100b"].to_numpy()
    ci = rocauc.threshold_ci(poor, s, [0.2, 0.5], n_resamples=400, random_state=0)
    for t in (0.2, 0.5):
        tp, fp, tn, fn = confusion_at(poor, s, t)
        se, sp = ci[t]["sensitivity"], ci[t]["specificity"]
        assert se.estimate == tp / (tp + fn) and sp.estimate == tn / (tn + fp)
        assert se.low <= se.estimate <= se.high and sp.low <= sp.estimate <= sp.high
        # a fixed rule's bootstrap interval is about its Wilson interval
        wilson = rocauc.wilson_interval(tp, tp + fn)
        assert se.low == pytest.approx(wilson.low, abs=0.05) and se.high == pytest.approx(wilson.high, abs=0.05)


def test_operating_point_is_chosen_again_in_each_resample():
    d, poor = load_asah()
    op = rocauc.operating_point(poor, d["s100b"])
    ci = rocauc.operating_point_ci(poor, d["s100b"], n_resamples=400, random_state=0)
    assert ci["threshold"].estimate == op.threshold
    assert ci["sensitivity"].estimate == op.tpr and ci["specificity"].estimate == op.specificity
    assert ci["threshold"].low < ci["threshold"].high  # the chosen threshold varies between resamples
    # choosing the threshold again widens the sensitivity interval beyond the fixed-threshold Wilson interval
    assert ci["sensitivity"].width > op.intervals["tpr"].width
    fixed = rocauc.operating_point_ci(poor, d["s100b"], criterion="fpr", value=0.1, n_resamples=200, random_state=0)
    assert fixed["specificity"].low >= 0.8


def test_percentile_pointwise_is_procs_interval():
    d, poor = load_asah()
    grid = np.array([0.1, 0.5])
    band = rocauc.roc_band(poor, d["s100b"], at=grid, pointwise="percentile", n_resamples=300, random_state=0)
    assert band.method == "bootstrap-percentile"
    # the same resamples drawn by hand (the engine draws, per chunk of replicates, the positives' indices then the
    # negatives'), the resampled data rebuilt and its curve evaluated by brute force
    rng = np.random.default_rng(0)
    s = d["s100b"].to_numpy(float)
    pos, neg = np.sort(s[poor])[::-1], np.sort(s[~poor])[::-1]
    picks_pos = rng.integers(0, pos.size, size=(300, pos.size), dtype=np.uint32)
    picks_neg = rng.integers(0, neg.size, size=(300, neg.size), dtype=np.uint32)
    labels = np.r_[np.ones(pos.size, bool), np.zeros(neg.size, bool)]
    values = [
        [tpr_at_fpr(labels, np.r_[pos[ip], neg[ineg]], x) for x in grid] for ip, ineg in zip(picks_pos, picks_neg)
    ]
    low, high = np.quantile(np.array(values), [0.025, 0.975], axis=0)
    np.testing.assert_allclose(band.low, low, atol=1e-12)
    np.testing.assert_allclose(band.high, high, atol=1e-12)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda y, s: rocauc.roc_band(y, s, kind="both"), ValueError, "kind='both' is not one of"),
        (lambda y, s: rocauc.roc_band(y, s, along="x"), ValueError, "along='x' is not one of"),
        (lambda y, s: rocauc.pr_band(y, s, pointwise="t"), ValueError, "pointwise='t' is not one of"),
        (lambda y, s: rocauc.roc_band(y, s, at=[0.5, 2]), ValueError, r"at must be rates in \[0, 1\]"),
        (lambda y, s: rocauc.pr_band(y, s, recall="a"), ValueError, r"recall must be rates in \[0, 1\]"),
        (lambda y, s: rocauc.threshold_ci(y, s, []), ValueError, "thresholds must be one or more numbers"),
        (lambda y, s: rocauc.threshold_ci(y, s, ["a"]), TypeError, "thresholds must be numbers"),
        (lambda y, s: rocauc.roc_band(y, s, n_resamples=1), ValueError, "n_resamples must be an integer >= 2"),
        (lambda y, s: rocauc.operating_point_ci(y, s, criterion="fpr"), ValueError, "needs value="),
        (lambda y, s: rocauc.roc_band([1, 1, 1, 1], s), ValueError, "needs both classes"),
    ],
)
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6])
