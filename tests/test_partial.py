"""Partial AUC: pROC's published aSAH values, the definitional integral, scikit-learn's max_fpr special case, the
influence values against numerical derivatives, intervals and comparisons, and the error messages."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rocauc
from reference_stats import load_asah, partial_area_definition
from rocauc.core.counts import exact_counts
from rocauc.core.inputs import binary_problem
from rocauc.stats import bootstrap as bs
from rocauc.stats.delong import layout
from rocauc.stats.intervals import spec_for, strata
from rocauc.stats.partial import Region, _direct_oriented, batched_partial, partial_area, partial_psi, partial_spec
from strategies import binary_data

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


# pROC's tests (tests/testthat/test-auc.R and print_output/r.s100b.partial1/2), auc(roc(aSAH$outcome, aSAH$x),
# partial.auc=c(hi, lo), partial.auc.focus=..., partial.auc.correct=...). A specificity range c(1, .9) is FPR (0, .1).
PROC = [
    ("wfns", "fpr", (0.0, 0.1), False, 0.0334417344173442),
    ("wfns", "fpr", (0.1, 0.2), False, 0.0598373983739837),
    ("wfns", "fpr", (0.5, 1.0), False, 0.488134475939354),
    ("ndka", "fpr", (0.0, 0.1), False, 0.0107046070460705),
    ("ndka", "fpr", (0.1, 0.2), False, 0.0277777777777778),
    ("ndka", "fpr", (0.5, 1.0), False, 0.416836043360434),
    ("wfns", "tpr", (0.9, 1.0), False, 0.0400999322493225),
    ("wfns", "tpr", (0.8, 0.9), False, 0.0609953703703703),
    ("wfns", "tpr", (0.0, 0.5), False, 0.483358739837398),
    ("ndka", "tpr", (0.9, 1.0), False, 0.0037940379403794),
    ("ndka", "tpr", (0.8, 0.9), False, 0.0242547425474255),
    ("ndka", "tpr", (0.0, 0.5), False, 0.428523035230352),
    ("wfns", "fpr", (0.0, 0.1), True, 0.649693339038653),
    ("wfns", "fpr", (0.1, 0.2), True, 0.763749402199904),
    ("wfns", "fpr", (0.5, 1.0), True, 0.952537903757416),
    ("ndka", "fpr", (0.0, 0.1), True, 0.530024247610897),
    ("ndka", "fpr", (0.1, 0.2), True, 0.575163398692811),
    ("ndka", "fpr", (0.5, 1.0), True, 0.667344173441734),
    ("wfns", "tpr", (0.9, 1.0), True, 0.68473648552275),
    ("wfns", "tpr", (0.8, 0.9), True, 0.770561002178649),
    ("wfns", "tpr", (0.0, 0.5), True, 0.933434959349593),
    ("ndka", "tpr", (0.8, 0.9), True, 0.554439662043679),
    ("ndka", "tpr", (0.0, 0.5), True, 0.714092140921409),
    ("s100b", "fpr", (0.01, 0.1), False, 0.02983),  # printed to 4 significant digits
    ("s100b", "tpr", (0.9, 0.99), False, 0.01376),
    ("wfns", "fpr", (0.0, 1.0), True, 0.823678861788618),
    ("ndka", "tpr", (0.0, 1.0), False, 0.611957994579946),
]


@pytest.mark.parametrize("marker, focus, rng, standardized, expected", PROC)
def test_matches_proc_on_asah(marker, focus, rng, standardized, expected):
    d, poor = load_asah()
    value = rocauc.partial_auc(poor, d[marker], standardized=standardized, **{focus: rng})
    if expected in (0.02983, 0.01376):  # printed by pROC to 4 significant digits
        assert f"{value:.4g}" == f"{expected:.4g}"
    else:
        assert value == pytest.approx(expected, rel=1e-12)


def test_below_the_diagonal_is_kept():
    # pROC returns NA (with a warning) for a standardized area below the diagonal's; we return McClish's value,
    # below 0.5, as scikit-learn's max_fpr does
    d, poor = load_asah()
    value = rocauc.partial_auc(poor, d["ndka"], tpr=(0.9, 1.0), standardized=True)
    raw = rocauc.partial_auc(poor, d["ndka"], tpr=(0.9, 1.0))
    assert raw < 0.005 and value < 0.5  # the diagonal's area on TPR (0.9, 1) is 0.005, the region's 0.1
    assert value == pytest.approx(0.5 * (1 + (raw - 0.005) / (0.1 - 0.005)))


# ------------------------------------------------------------------------------------------------- definitions


ranges = st.tuples(st.floats(0, 1), st.floats(0, 1)).filter(lambda r: abs(r[0] - r[1]) > 1e-3)


@given(binary_data(min_size=2, weights=True), ranges, st.booleans())
def test_equals_the_definitional_integral(data, rng, sensitivity):
    y, s, w = data
    rng = (min(rng), max(rng))
    kw = {"tpr" if sensitivity else "fpr": rng}
    expected = partial_area_definition(y, s, w, **kw)
    assert rocauc.partial_auc(y, s, sample_weight=w, **kw) == pytest.approx(expected, abs=1e-12)


@given(binary_data(min_size=2, weights=True), st.floats(0.01, 1.0))
def test_max_fpr_is_the_standardized_special_case(data, max_fpr):
    y, s, w = data
    expected = rocauc.roc_auc(y, s, sample_weight=w, max_fpr=max_fpr)
    value = rocauc.partial_auc(y, s, sample_weight=w, fpr=(0, max_fpr), standardized=True)
    assert value == pytest.approx(expected, abs=1e-12)


@given(binary_data(min_size=2, weights=True), st.sampled_from(["fpr", "tpr"]))
def test_the_whole_range_is_the_auc(data, focus):
    y, s, w = data
    assert rocauc.partial_auc(y, s, sample_weight=w, **{focus: (0, 1)}) == pytest.approx(
        rocauc.roc_auc(y, s, sample_weight=w), abs=1e-12
    )


@given(binary_data(min_size=2), ranges)
def test_the_two_foci_are_one_area_turned(data, rng):
    # the area right of the curve for TPR in [a, b] is the area under the curve of the swapped problem for FPR in
    # [1 - b, 1 - a]
    y, s, _ = data
    rng = (min(rng), max(rng))
    swapped = rocauc.partial_auc(~y, -s.astype(float), fpr=(1 - rng[1], 1 - rng[0]))
    assert rocauc.partial_auc(y, s, tpr=rng) == pytest.approx(swapped, abs=1e-12)


# ------------------------------------------------------------------------------------------------- influence


def _numerical_gradient(y, s, region, eps=1e-6):
    a, b = region.fpr_range
    if region.focus == "sensitivity":
        y, s = ~y, -s
    grad = np.empty(y.size)
    for i in range(y.size):
        w = np.ones(y.size)
        w[i] += eps
        up = partial_area(exact_counts(y, s, w), a, b)
        w[i] -= 2 * eps
        down = partial_area(exact_counts(y, s, w), a, b)
        grad[i] = (up - down) / (2 * eps)
    return grad * region.scale()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(6, 40), ranges, st.booleans(), st.booleans(), st.booleans())
def test_influence_values_are_derivatives(seed, n, rng, sensitivity, ties, standardized):
    r = np.random.default_rng(seed)
    y = r.random(n) < 0.5
    y[:2], y[2:4] = True, False
    s = r.normal(size=n) + y
    if ties:
        s = np.round(s * 2) / 2
    region = Region(min(rng), max(rng), "sensitivity" if sensitivity else "specificity", standardized)
    # the derivative exists where no curve vertex sits on the range's ends
    ys, ss = (~y, -s) if sensitivity else (y, s)
    c = exact_counts(ys, ss)
    a, b = region.fpr_range
    F = np.r_[0.0, c.fp / c.N]
    assume(np.min(np.abs(F[:, None] - np.array([a, b])[None, :])) > 1e-5 or a == 0 and b == 1)
    value, psi = partial_psi(binary_problem(y, s), region)
    m, k = y.sum(), (~y).sum()
    correction = np.where(y, math.sqrt(m / (m - 1)), math.sqrt(k / (k - 1)))
    np.testing.assert_allclose(psi / correction, _numerical_gradient(y, s, region), atol=1e-6)
    assert abs(psi[y].sum()) < 1e-9 and abs(psi[~y].sum()) < 1e-9


@given(binary_data(min_size=4, weights=True), st.sampled_from(["fpr", "tpr"]))
def test_whole_range_interval_is_delong(data, focus):
    y, s, w = data
    keep = w > 0
    assume((y & keep).sum() >= 2 and (~y & keep).sum() >= 2)
    ci = rocauc.partial_auc_ci(y, s, sample_weight=w, **{focus: (0, 1)})
    ref = rocauc.roc_auc_ci(y, s, sample_weight=w)
    assert ci.estimate == pytest.approx(ref.estimate, abs=1e-12)
    assert ci.std_error == pytest.approx(ref.std_error, abs=1e-12)


def test_delong_type_interval_covers_in_simulation():
    # binormal, n = 200 (60 positives): the 95% interval of the partial area for FPR (0, 0.2) covers the true area
    from statistics import NormalDist

    norm = NormalDist()
    grid = np.linspace(0, 0.2, 20001)
    curve = np.array([norm.cdf(1.2 + norm.inv_cdf(t)) if t > 0 else 0.0 for t in grid])
    true = float(np.sum(np.diff(grid) * (curve[1:] + curve[:-1]) / 2))  # the true partial area (trapezoids)
    r = np.random.default_rng(1)
    hits, runs = 0, 400
    for _ in range(runs):
        y = np.r_[np.ones(60, bool), np.zeros(140, bool)]
        s = r.normal(size=200) + 1.2 * y
        ci = rocauc.partial_auc_ci(y, s, fpr=(0, 0.2))
        hits += ci.low <= true <= ci.high
    assert 0.91 <= hits / runs <= 0.98


# ------------------------------------------------------------------------------------------------- bootstrap


@given(binary_data(min_size=3, weights=False), ranges, st.integers(0, 2**32 - 1), st.booleans())
def test_batched_partial_equals_recomputed_on_resampled_data(data, rng, seed, standardized):
    y, s, _ = data
    s = s.astype(np.float64)
    region = Region(min(rng), max(rng), "specificity", standardized)
    c = exact_counts(y, s)
    r = np.random.default_rng(seed)
    mult = r.integers(0, 3, size=(4, y.size))
    rows = np.searchsorted(-c.thresholds, -s)  # row of each sample in the decreasing table
    dtp = np.stack([np.bincount(rows[y], weights=m[y], minlength=len(c)) for m in mult])
    dfp = np.stack([np.bincount(rows[~y], weights=m[~y], minlength=len(c)) for m in mult])
    values = batched_partial(dtp, dfp, region)
    for v, m in zip(values, mult):
        yy, ss = np.repeat(y, m), np.repeat(s, m)
        if yy.all() or not yy.any():
            assert np.isnan(v)
        else:
            expected = rocauc.partial_auc(yy, ss, fpr=(region.low, region.high), standardized=standardized)
            assert v == pytest.approx(expected, abs=1e-12)


@given(binary_data(min_size=3, weights=True), ranges, st.integers(0, 2**32 - 1), st.booleans())
def test_replicate_partial_area_equals_recomputed_on_resampled_data(data, rng, seed, standardized):
    # the bootstrap's path (the table's two sides, no dense tables) against partial_auc on the data repeated by the
    # multiplicities (weights and ties included); the whole range is the ROC AUC
    y, s, w = data
    keep = w > 0
    y, s, w = y[keep], s[keep].astype(np.float64), w[keep]
    problem = binary_problem(y, s, w)
    draws, position = strata(problem, True)
    table = bs.table(layout(problem.y, problem.score, problem.weight), position)
    mult = np.random.default_rng(seed).integers(0, 3, size=(4, draws.n_samples))
    sample_mult = mult[:, position]  # each sample's multiplicity
    for region in (Region(min(rng), max(rng), "specificity", standardized), Region(0.0, 1.0)):
        values, P = _direct_oriented(table, mult, region)
        for v, p, m in zip(values, P, sample_mult):
            yy, ss, ww = y[m > 0], s[m > 0], (w * m)[m > 0]
            assert p == pytest.approx(ww[yy].sum(), abs=1e-9)
            if yy.all() or not yy.any():
                assert np.isnan(v)
            else:
                expected = rocauc.partial_auc(
                    yy, ss, fpr=(region.low, region.high), standardized=region.standardized, sample_weight=ww
                )
                assert v == pytest.approx(expected, abs=1e-9)


def test_bootstrap_gives_the_dense_tables_distribution():
    # the two-sided path replaced the dense tables (batched_partial) in partial_auc_ci: same resamples, same values
    d, poor = load_asah()
    problem = binary_problem(poor, d["wfns"].to_numpy(float))
    draws, position = strata(problem, True)
    table = bs.table(layout(problem.y, problem.score, problem.weight), position)
    mult = np.random.default_rng(0).integers(0, 3, size=(50, draws.n_samples))
    for region in (Region(0.0, 0.1), Region(0.1, 0.4, "specificity", True)):
        dense = batched_partial(*bs.replicate_counts(table, mult), region)
        np.testing.assert_allclose(_direct_oriented(table, mult, region)[0], dense, atol=1e-12)
    assert partial_spec(Region(0.0, 0.1)).direct is not None
    # roc_auc_ci(max_fpr=) (McClish) takes the same path
    mcclish = bs.batched_partial_auc(*bs.replicate_counts(table, mult), 0.1)
    np.testing.assert_allclose(bs.replicate_partial_auc(table, mult, 0.1)[0], mcclish, atol=1e-12)
    assert spec_for("roc_auc", 0.1).direct is not None


def test_bootstrap_interval_on_asah():
    d, poor = load_asah()
    ci = rocauc.partial_auc_ci(poor, d["wfns"], fpr=(0, 0.1), method="bootstrap", random_state=0, n_resamples=500)
    assert ci.method == "bootstrap-percentile" and ci.n_resamples == 500
    assert ci.estimate == pytest.approx(0.0334417344173442)
    assert ci.low < ci.estimate < ci.high
    # the DeLong-type interval agrees with it roughly
    delong = rocauc.partial_auc_ci(poor, d["wfns"], fpr=(0, 0.1))
    assert delong.std_error == pytest.approx(ci.std_error, rel=0.3)
    tpr = rocauc.partial_auc_ci(
        poor,
        d["wfns"],
        tpr=(0.9, 1),
        standardized=True,
        method="bootstrap",
        random_state=0,
        n_resamples=300,
        bootstrap_interval="bca",
    )
    assert tpr.estimate == pytest.approx(0.68473648552275) and tpr.method == "bootstrap-bca"


# ------------------------------------------------------------------------------------------------- comparisons


def test_paired_delong_comparison_of_partial_aucs():
    d, poor = load_asah()
    c = rocauc.compare(poor, d["wfns"], d["s100b"], fpr=(0, 0.2), standardized=True, names=("wfns", "s100b"))
    region = Region(0, 0.2, "specificity", True)
    va, pa = partial_psi(binary_problem(poor, d["wfns"].to_numpy(float)), region)
    vb, pb = partial_psi(binary_problem(poor, d["s100b"].to_numpy(float)), region)
    se = math.sqrt(((pa - pb) ** 2).sum())
    assert c.estimate_a == pytest.approx(va) and c.estimate_b == pytest.approx(vb)
    assert c.statistic == pytest.approx((va - vb) / se)
    assert c.metric == "standardized partial AUC (FPR 0-0.2)"


def test_bootstrap_and_unpaired_comparisons_of_partial_aucs():
    d, poor = load_asah()
    boot = rocauc.compare(
        poor, d["wfns"], d["s100b"], tpr=(0.8, 1), method="bootstrap", random_state=0, n_resamples=400
    )
    assert boot.estimate_a == pytest.approx(rocauc.partial_auc(poor, d["wfns"], tpr=(0.8, 1)))
    assert boot.method == "bootstrap" and np.isfinite(boot.p_value)
    half = np.arange(poor.size) % 2 == 0
    un = rocauc.compare(poor[half], d["wfns"][half], d["s100b"][~half], y_true_b=poor[~half], fpr=(0, 0.3))
    assert not un.paired
    assert un.estimate_b == pytest.approx(rocauc.partial_auc(poor[~half], d["s100b"][~half], fpr=(0, 0.3)))
    table = rocauc.compare(poor, {"wfns": d["wfns"], "s100b": d["s100b"], "ndka": d["ndka"]}, fpr=(0, 0.2))
    assert len(table) == 3 and table.intervals["wfns"].estimate == pytest.approx(
        rocauc.partial_auc(poor, d["wfns"], fpr=(0, 0.2))
    )


# ------------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({}, ValueError, r"needs its range: fpr=\(low, high\)"),
        ({"fpr": (0, 0.1), "tpr": (0.9, 1)}, ValueError, "not both"),
        ({"fpr": 0.1}, ValueError, r"fpr must be a pair \(low, high\)"),
        ({"tpr": (0.2, 1.5)}, ValueError, r"tpr must be a pair \(low, high\) of rates in \[0, 1\]"),
        ({"fpr": (0.2, 0.2)}, ValueError, "empty range"),
        ({"fpr": (0, 0.1), "standardized": "yes"}, TypeError, "standardized must be True or False"),
    ],
)
def test_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        rocauc.partial_auc([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6], **kwargs)


def test_multiclass_and_option_errors():
    with pytest.raises(ValueError, match="partial_auc takes a binary problem"):
        rocauc.partial_auc([0, 1, 2], [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]], fpr=(0, 0.5))
    with pytest.raises(ValueError, match="method='x' is not one of"):
        rocauc.partial_auc_ci([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6], fpr=(0, 0.5), method="x")
    with pytest.raises(ValueError, match="do not combine with max_fpr"):
        rocauc.compare([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6], [0.2, 0.7, 0.3, 0.6], fpr=(0, 0.5), max_fpr=0.5)


def test_undefined_warns():
    with pytest.warns(rocauc.UndefinedMetricWarning, match="only one class"):
        assert np.isnan(rocauc.partial_auc([1, 1, 1], [0.1, 0.2, 0.3], fpr=(0, 0.5)))
    with pytest.warns(rocauc.UndefinedMetricWarning, match="at least two positive and two negative"):
        ci = rocauc.partial_auc_ci([1, 0, 0, 0], [0.4, 0.2, 0.3, 0.1], fpr=(0, 0.5))
    assert np.isnan(ci.low)
