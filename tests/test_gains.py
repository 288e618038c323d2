"""Gains, lift and KS against scipy's ks_2samp, brute-force threshold sweeps, scikit-learn's precision and an
exact decile table, with weights, ties and the error messages."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import rocauc
from rocauc.core.counts import exact_counts
from rocauc.stats.gains import gains_from_counts, ks_from_counts
from strategies import binary_data

stats = pytest.importorskip("scipy.stats")
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


def _sweep(y, s, w):
    """Brute force: for each distinct score t (and +inf), the weight at or above t and its positive weight."""
    w = np.ones(s.size) if w is None else w
    ts = np.r_[np.inf, np.unique(s)[::-1]]
    above = [(w[s >= t].sum(), w[(s >= t) & y].sum(), w[(s >= t) & ~y].sum()) for t in ts]
    return ts, np.array(above)


@given(binary_data(weights=True))
def test_ks_matches_brute_force(data):
    y, s, w = data
    s = s.astype(np.float64)
    ks = rocauc.ks_statistic(y, s, sample_weight=w)
    ts, above = _sweep(y, s, w)
    P, N = above[-1, 1], above[-1, 2]
    gaps = np.abs(above[:, 1] / P - above[:, 2] / N)
    assert ks.statistic == pytest.approx(gaps.max(), abs=1e-12)
    # the reported threshold reaches it, with the rates there
    at = np.flatnonzero(ts == ks.threshold)[0]
    assert gaps[at] == pytest.approx(ks.statistic, abs=1e-12)
    assert (ks.tpr, ks.fpr) == pytest.approx((above[at, 1] / P, above[at, 2] / N), abs=1e-12)
    assert ks.direction * (ks.tpr - ks.fpr) == pytest.approx(ks.statistic, abs=1e-12)


@given(binary_data())
def test_ks_matches_scipy(data):
    y, s, _ = data
    s = s.astype(np.float64)
    expected = stats.ks_2samp(s[y], s[~y]).statistic
    assert rocauc.ks_statistic(y, s).statistic == pytest.approx(expected, abs=1e-12)


@given(binary_data(weights=True))
def test_gains_and_lift_match_sweep(data):
    y, s, w = data
    s = s.astype(np.float64)
    curve = rocauc.gains_curve(y, s, sample_weight=w)
    ts, above = _sweep(y, s, w)
    keep = np.r_[True, above[1:, 0] > 0] if w is not None else np.ones(ts.size, bool)
    total, P = above[-1, 0], above[-1, 1]
    # rows of zero-weight scores carry nothing and are not in the table
    expected_depth = above[:, 0] / total
    expected_gain = above[:, 1] / P
    pairs = {(round(d, 12), round(g, 12)) for d, g in zip(expected_depth[keep], expected_gain[keep])}
    got = {(round(d, 12), round(g, 12)) for d, g in zip(curve.depth, curve.gain)}
    assert got <= pairs and (1.0, 1.0) in got and (0.0, 0.0) in got
    assert curve.prevalence == pytest.approx(P / total)
    # lift = precision / prevalence
    inside = curve.depth > 0
    precision = (curve.gain * P)[inside] / (curve.depth * total)[inside]
    np.testing.assert_allclose(curve.lift[inside], precision / curve.prevalence, rtol=1e-12)
    assert np.isnan(curve.lift[0])


def test_lift_matches_sklearn_precision():
    from sklearn.metrics import precision_recall_curve

    rng = np.random.default_rng(3)
    y = rng.random(500) < 0.2
    s = rng.normal(y * 1.2, 1)
    curve = rocauc.gains_curve(y, s)
    precision, _, thresholds = precision_recall_curve(y, s)
    lift_at = dict(zip(curve.thresholds, curve.lift))
    for p, t in zip(precision[:-1], thresholds):
        assert lift_at[t] == pytest.approx(p / y.mean())


@pytest.mark.filterwarnings("ignore::rocauc.UndefinedMetricWarning")  # draws with one class are expected
@given(st.integers(1, 6), st.integers(1, 10), st.data())
def test_gains_table_equals_counting_groups(groups, per_group, data):
    n = groups * per_group
    y = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    assume(y.any())
    s = np.array(data.draw(st.lists(st.integers(0, 10**6), min_size=n, max_size=n, unique=True)), float)
    table = rocauc.gains_table(y, s, n_groups=groups)
    ranked = y[np.argsort(-s)].reshape(groups, per_group)
    positives = ranked.sum(axis=1)
    np.testing.assert_allclose(table.share, positives / y.sum(), atol=1e-12)
    np.testing.assert_allclose(table.response, positives / per_group, atol=1e-12)
    np.testing.assert_allclose(table.gain, np.cumsum(positives) / y.sum(), atol=1e-12)
    np.testing.assert_allclose(table.lift, table.gain / (np.arange(1, groups + 1) / groups), atol=1e-12)
    assert table.rows()[0]["group"] == 1 and table.to_dict()["prevalence"] == pytest.approx(y.mean())


def test_ties_spread_evenly_in_the_table():
    # all four scores tied: any depth captures that share of the positives
    t = rocauc.gains_table([1, 0, 0, 0], [0.5, 0.5, 0.5, 0.5], n_groups=4)
    np.testing.assert_allclose(t.gain, [0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(t.lift, [1, 1, 1, 1])


@given(binary_data())
def test_invariant_to_increasing_transforms(data):
    y, s, _ = data
    s = s.astype(np.float64)
    t = np.cbrt(s) * 3 + 1  # strictly increasing; assume no two scores merge in floating point
    assume(np.unique(t).size == np.unique(s).size)
    a, b = rocauc.ks_statistic(y, s), rocauc.ks_statistic(y, t)
    assert a.statistic == pytest.approx(b.statistic)
    np.testing.assert_allclose(rocauc.gains_curve(y, s).gain, rocauc.gains_curve(y, t).gain)


def test_area_of_random_and_perfect_rankings():
    rng = np.random.default_rng(0)
    y = rng.random(20000) < 0.3
    assert rocauc.gains_curve(y, rng.random(y.size)).area == pytest.approx(0.5, abs=0.01)
    assert rocauc.gains_curve(y, y.astype(float) + rng.random(y.size) * 0.1).area == pytest.approx(
        1 - y.mean() / 2, abs=1e-9
    )


def test_from_the_counts_table_and_messages():
    c = exact_counts(np.array([0, 1, 1, 0], bool), np.array([0.1, 0.9, 0.6, 0.4]))
    assert gains_from_counts(c).gain.tolist() == [0.0, 0.5, 1.0, 1.0, 1.0]
    assert ks_from_counts(c).statistic == 1.0 and str(ks_from_counts(c)) == "KS 1.000 at threshold 0.6"
    with pytest.raises(ValueError, match=r"n_groups must be a positive integer \(10 for deciles\), got 0"):
        rocauc.gains_table([0, 1], [0.2, 0.8], n_groups=0)
    with pytest.warns(rocauc.UndefinedMetricWarning, match=r"only one class is present in y_true \(0\)"):
        ks = rocauc.ks_statistic([0, 0, 0], [0.1, 0.2, 0.3], pos_label=1)
    assert np.isnan(ks.statistic)
