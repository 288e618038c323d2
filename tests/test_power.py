"""Power and sample size: pROC's published results (its test suite, and pROC 1.18.0 run on aSAH), Obuchowski's
(2004) Table 4, Hanley and McNeil's (1982) CT example, round trips, and simulated power of the planned test."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import rocauc
from reference_stats import load_asah
from rocauc.stats.power import (
    _binormal_var,
    _obuchowski_one,
    auc_variance,
    binormal_area,
    binormal_fit,
)

Z = NormalDist()


# --------------------------------------------------------------------------------------------- pROC's results


def test_one_auc_matches_proc():
    d, poor = load_asah()
    # pROC: power.roc.test(roc(aSAH$outcome, aSAH$s100b))$power = 0.9904833 (41 cases, 72 controls)
    r = rocauc.power_from_pilot(poor, d["s100b"])
    assert (r.n_cases, r.n_controls, r.solved_for) == (41, 72, "power")
    assert r.power == pytest.approx(0.9904833, abs=1e-6)
    # power.roc.test(ncases = 41, ncontrols = 72, auc = 0.73)$power = 0.9897453
    assert rocauc.power_auc(0.73, n_cases=41, n_controls=72).power == pytest.approx(0.9897453, abs=1e-6)
    # power.roc.test(auc = auc(s100b), power = 0.95, kappa = 1.7): ncases 29.29764, ncontrols 49.806
    r = rocauc.power_auc(rocauc.roc_auc(poor, d["s100b"]), power=0.95, ratio=1.7)
    assert (r.n_cases, r.n_controls) == pytest.approx((29.29764, 49.806), abs=1e-5)
    assert r.solved_for == "n"
    # power.roc.test(ncases = 41, ncontrols = 72, auc = 0.73, power = 0.95, sig.level = NULL): 0.009238584
    r = rocauc.power_auc(0.73, n_cases=41, n_controls=72, power=0.95, alpha=None)
    assert r.alpha == pytest.approx(0.009238584, abs=1e-9)
    # power.roc.test(ncases = 41, ncontrols = 72, sig.level = 0.05, power = 0.95)$auc = 0.6961054 (pROC's
    # uniroot stops at its default tolerance, 1.2e-4; our bisection goes to the root)
    r = rocauc.power_auc(n_cases=41, n_controls=72, power=0.95)
    assert r.auc == pytest.approx(0.6961054, abs=1.2e-4)
    assert rocauc.power_auc(r.auc, n_cases=41, n_controls=72).power == pytest.approx(0.95, abs=1e-10)
    # kappa from the pilot: power.roc.test(r.s100b, sig.level = 0.05, power = 0.9): 23.5598674 / 41.3734257
    r = rocauc.power_from_pilot(poor, d["s100b"], power=0.9)
    assert (r.n_cases, r.n_controls) == pytest.approx((23.5598674, 41.3734257), abs=1e-6)
    r = rocauc.power_from_pilot(poor, d["s100b"], power=0.9, ratio=1)
    assert (r.n_cases, r.n_controls) == pytest.approx((29.5697422, 29.5697422), abs=1e-6)
    # pROC 1.18.0: power.roc.test(auc = 0.8, ncases = 30, ncontrols = 60, alternative = "one.sided")
    r = rocauc.power_auc(0.8, n_cases=30, n_controls=60, alternative="one-sided")
    assert r.power == pytest.approx(0.9997343671, abs=1e-9)


def test_two_aucs_from_pilot_match_proc():
    d, poor = load_asah()
    ndka, wfns = d["ndka"], d["wfns"]
    # pROC: power.roc.test(r.ndka, r.wfns): DeLong variances, power 0.7131594
    r = rocauc.power_from_pilot(poor, ndka, wfns)
    assert r.power == pytest.approx(0.7131594, abs=1e-6)
    assert (r.n_cases, r.n_controls, r.alternative) == (41, 72, "two-sided")
    assert r.auc == pytest.approx(rocauc.roc_auc(poor, ndka)) and r.auc2 == pytest.approx(rocauc.roc_auc(poor, wfns))
    # power = 0.9: ncases 64.77777, ncontrols 113.7561; sig.level = NULL: 0.1836639
    r = rocauc.power_from_pilot(poor, ndka, wfns, power=0.9)
    assert (r.n_cases, r.n_controls) == pytest.approx((64.77777, 113.7561), abs=1e-4)
    assert rocauc.power_from_pilot(poor, ndka, wfns, power=0.9, alpha=None).alpha == pytest.approx(0.1836639, abs=1e-7)
    # power.roc.test(r.s100b, r.ndka, power = 0.9): 213.117677 cases, 374.255432 controls
    r = rocauc.power_from_pilot(poor, d["s100b"], ndka, power=0.9)
    assert (r.n_cases, r.n_controls) == pytest.approx((213.117677, 374.255432), abs=1e-5)
    # Obuchowski's variances from pROC's binormal fit: pROC's test suite (master and develop) expects 53.23685
    # cases for power 0.9; pROC 1.18.0 run on aSAH gives power 0.8061004 and sig.level 0.1150685768. (One revision
    # of pROC's test suite expects 0.7842276 / 56.10898 / 0.1325649; no released pROC gives those.)
    assert rocauc.power_from_pilot(poor, ndka, wfns, method="obuchowski").power == pytest.approx(0.8061004, abs=1e-7)
    r = rocauc.power_from_pilot(poor, ndka, wfns, power=0.9, method="obuchowski")
    assert r.n_cases == pytest.approx(53.23685361, abs=1e-7)
    r = rocauc.power_from_pilot(poor, ndka, wfns, power=0.9, alpha=None, method="obuchowski")
    assert r.alpha == pytest.approx(0.1150685768, abs=1e-9)


def test_bootstrap_pilot_agrees_with_delong_and_handles_partial_areas():
    d, poor = load_asah()
    ndka, wfns = d["ndka"].to_numpy(), d["wfns"].to_numpy()
    delong = rocauc.power_from_pilot(poor, ndka, wfns, power=0.9)
    boot = rocauc.power_from_pilot(poor, ndka, wfns, power=0.9, method="bootstrap", random_state=0)
    assert boot.n_cases == pytest.approx(delong.n_cases, rel=0.15)
    assert (boot.auc, boot.auc2) == pytest.approx((delong.auc, delong.auc2))
    # the bootstrap variances are those of the replicates (pROC's formula, checked by hand here)
    from rocauc.core.inputs import binary_problem
    from rocauc.stats import bootstrap as bs
    from rocauc.stats.intervals import ROC_AUC_SPEC, resampling_plan, rng_from, strata

    pa, pb = binary_problem(poor, ndka.astype(float)), binary_problem(poor, wfns.astype(float))
    draws, position = strata(pa, True)
    plans = [resampling_plan(p, ROC_AUC_SPEC, None, position) for p in (pa, pb)]
    values = bs.bootstrap(
        draws, lambda m: np.concatenate([pl.values(m) for pl in plans], axis=1), 200, 2000, rng_from(0), False
    )
    n = poor.sum()
    var1, var2 = values[:, 0].var(ddof=1) * n, values[:, 1].var(ddof=1) * n
    cov12 = np.cov(values.T)[0, 1] * n
    v0, va = 2 * var1 - 2 * cov12, var1 + var2 - 2 * cov12
    z = Z.inv_cdf(0.975) * math.sqrt(v0) + Z.inv_cdf(0.9) * math.sqrt(va)
    assert boot.n_cases == pytest.approx(z * z / (delong.auc - delong.auc2) ** 2)
    # max_fpr = 1 is the full AUC; a negated score is oriented back (pROC's direction)
    full = rocauc.power_from_pilot(poor, ndka, wfns, power=0.9, method="bootstrap", random_state=0, max_fpr=1)
    assert full.n_cases == boot.n_cases
    partial = rocauc.power_from_pilot(poor, wfns, ndka, method="bootstrap", random_state=0, max_fpr=0.1)
    flipped = rocauc.power_from_pilot(poor, wfns, -ndka, method="bootstrap", random_state=0, max_fpr=0.1)
    assert partial.power == pytest.approx(flipped.power) and 0 < partial.power < 1
    assert partial.auc == pytest.approx(rocauc.roc_auc(poor, wfns, max_fpr=0.1))
    assert "partial AUC up to FPR 0.1" in partial.method


def test_binormal_fit_matches_proc():
    # pROC 1.18.0: coefficients(smooth(roc(aSAH$outcome, aSAH$ndka), method = "binormal")$model)
    d, poor = load_asah()
    assert binormal_fit(poor, d["ndka"].to_numpy()) == pytest.approx((0.3795076, -1.1036390), abs=1e-7)
    assert binormal_fit(poor, d["wfns"].to_numpy()) == pytest.approx((1.3087119, -0.8103893), abs=1e-7)


def test_binormal_parameters_match_proc():
    # pROC's test suite, example 2 of Obuchowski and McClish (1997): partial areas over FPR 0-0.2, delta 0.037
    p = dict(binormal=(2.6, 1, 1.9, 1), correlation=0.6, fpr_range=(0, 0.2), difference=0.037)
    r = rocauc.power_compare(**p, power=0.8)
    assert (r.n_cases, r.n_controls) == pytest.approx((107.0238, 107.0238), abs=1e-4)
    assert rocauc.power_compare(**p, n_cases=107, power=0.8, alpha=None).alpha == pytest.approx(0.05004012, abs=1e-8)
    assert rocauc.power_compare(**p, n_cases=107).power == pytest.approx(0.7999286, abs=1e-7)
    # FPR bounds in any order give the same design
    swapped = dict(p, fpr_range=(0.2, 0))
    assert rocauc.power_compare(**swapped, power=0.8).n_cases == pytest.approx(r.n_cases)


def test_full_binormal_areas_match_proc_1_18():
    # pROC 1.18.0: power.roc.test(list(A1 = qnorm(0.8) * sqrt(2), B1 = 1, A2 = qnorm(0.88) * sqrt(2), B2 = 1,
    #   rn = 0.5, ra = 0.5, delta = 0.08), power = 0.8)$ncases = 202.3843565
    assert rocauc.power_compare(0.80, 0.88, correlation=0.5, power=0.8).n_cases == pytest.approx(202.3843565, abs=1e-6)
    # unequal slopes and correlations, kappa = 2: 517.9749602 cases for power 0.9; one-sided power at 80 cases
    # 0.3343969212
    p = dict(binormal=(1.2, 0.8, 1.9, 1.3), correlation=(0.6, 0.3), ratio=2)
    assert rocauc.power_compare(**p, power=0.9).n_cases == pytest.approx(517.9749602, abs=1e-6)
    one_sided = rocauc.power_compare(**p, n_cases=80, alternative="one-sided")
    assert one_sided.power == pytest.approx(0.3343969212, abs=1e-9) and one_sided.n_controls == 160


# Obuchowski (2004), Table 4 as pROC's test suite reads it: one-sided alpha 0.05, power 0.9; at least 10 per
# cell, the complement scaled by kappa (two cells corrected by pROC's authors, kept here as in pROC's test)
KAPPAS = [0.25, 0.5, 1, 2, 4]
THETAS = [0.6, 0.7, 0.8, 0.9, 0.95]
CONTROLS = [
    [84, 20, 10, 10, 10],
    [101, 25, 10, 10, 10],
    [135, 33, 14, 10, 10],
    [203, 50, 21, 20, 20],
    [340, 84, 40, 40, 40],
]
CASES = [
    [334, 80, 40, 40, 40],
    [202, 49, 20, 20, 20],
    [135, 33, 14, 10, 10],
    [102, 25, 11, 10, 10],
    [85, 21, 10, 10, 10],
]


@pytest.mark.parametrize("i", range(len(KAPPAS)))
@pytest.mark.parametrize("j", range(len(THETAS)))
def test_obuchowski_2004_table_4(i, j):
    kappa, theta = KAPPAS[i], THETAS[j]
    r = rocauc.power_auc(theta, power=0.9, alpha=0.05, ratio=kappa, alternative="one-sided")
    controls = max(10, (10 if math.ceil(r.n_cases) < 10 else 0) * kappa, math.ceil(r.n_controls))
    cases = max(10, (10 if math.ceil(r.n_controls) < 10 else 0) / kappa, math.ceil(r.n_cases))
    assert (controls, cases) == (CONTROLS[i][j], CASES[i][j])


def test_hanley_mcneil_ct_example():
    # Hanley and McNeil (1982), Table 1: ratings 1-5 of 58 normal and 51 abnormal CT images; area 0.893, SE 0.032
    y = np.r_[np.zeros(58), np.ones(51)].astype(bool)
    s = np.r_[np.repeat([1, 2, 3, 4, 5], [33, 6, 6, 11, 2]), np.repeat([1, 2, 3, 4, 5], [3, 2, 2, 11, 33])]
    auc = rocauc.roc_auc(y, s)
    assert round(auc, 3) == 0.893
    assert round(math.sqrt(auc_variance(auc, 51, 58)), 3) == 0.032
    # at AUC 0.5 Hanley-McNeil's variance is the Mann-Whitney null variance (m + n + 1) / (12 m n)
    assert auc_variance(0.5, 51, 58) == pytest.approx((51 + 58 + 1) / (12 * 51 * 58))


def test_obuchowski_variance_is_the_binormal_one_with_rounded_constants():
    # eq. 3 of Obuchowski (2004) is the equal-variance case (B = 1) of Obuchowski and McClish's (1997) formula
    for theta in (0.55, 0.7, 0.9):
        for kappa in (0.5, 1, 3):
            a = math.sqrt(2) * Z.inv_cdf(theta)
            assert _obuchowski_one(theta, kappa) == pytest.approx(_binormal_var(a, 1.0, kappa, None), rel=6e-3)
    assert binormal_area(1.2, 0.8) == pytest.approx(Z.cdf(1.2 / math.sqrt(1.64)))
    assert binormal_area(1.2, 0.8, (0, 1)) == pytest.approx(binormal_area(1.2, 0.8), abs=1e-9)


# --------------------------------------------------------------------------------------------- round trips


@given(
    st.floats(0.55, 0.97),
    st.floats(0.3, 0.95),
    st.floats(0.2, 5),
    st.sampled_from(["obuchowski", "hanley-mcneil"]),
    st.sampled_from(["two-sided", "one-sided"]),
)
@example(theta=0.9501116300908785, power=0.3, ratio=3.5625, variance="obuchowski", alternative="one-sided")
def test_one_auc_round_trips(theta, power, ratio, variance, alternative):
    kw = dict(alpha=0.05, alternative=alternative, variance=variance)
    n = rocauc.power_auc(theta, power=power, ratio=ratio, **kw)
    again = rocauc.power_auc(theta, n_cases=n.n_cases, n_controls=n.n_controls, **kw)
    assert again.power == pytest.approx(power, abs=1e-7)
    assert n.n_controls == pytest.approx(ratio * n.n_cases)
    solved = rocauc.power_auc(n_cases=n.n_cases, n_controls=n.n_controls, power=power, **kw)
    # an AUC with that power: theta itself where the power grows with the AUC; in a tiny study (a case or two) the
    # power is not monotone in the AUC and the smallest AUC reaching it is found (at a tangency, the maximum)
    back = rocauc.power_auc(solved.auc, n_cases=n.n_cases, n_controls=n.n_controls, **kw)
    assert back.power == pytest.approx(power, abs=1e-6)
    if n.n_cases >= 10:
        assert solved.auc == pytest.approx(theta, abs=1e-6)
    level = rocauc.power_auc(
        theta,
        n_cases=n.n_cases,
        n_controls=n.n_controls,
        power=power,
        alpha=None,
        alternative=alternative,
        variance=variance,
    )
    assert level.alpha == pytest.approx(0.05, abs=1e-7)


@given(
    st.floats(0.6, 0.85),
    st.floats(0.03, 0.1),
    st.floats(0, 0.8),
    st.floats(0.5, 3),
    st.sampled_from(["obuchowski", "hanley-mcneil"]),
)
def test_two_aucs_round_trip(auc1, gap, r, ratio, variance):
    auc2 = auc1 + gap
    n = rocauc.power_compare(auc1, auc2, power=0.8, ratio=ratio, correlation=r, variance=variance)
    assert n.solved_for == "n"
    back = rocauc.power_compare(auc1, auc2, n_cases=n.n_cases, ratio=ratio, correlation=r, variance=variance)
    assert back.power == pytest.approx(0.8, abs=1e-7)
    detectable = rocauc.power_compare(auc1, n_cases=n.n_cases, ratio=ratio, power=0.8, correlation=r, variance=variance)
    assert detectable.auc2 == pytest.approx(auc2, abs=1e-6) and detectable.solved_for == "auc2"
    assert detectable.difference == pytest.approx(auc1 - auc2, abs=1e-6)
    # a correlated (paired) design needs fewer cases than an independent one
    if r > 0.1:
        independent = rocauc.power_compare(auc1, auc2, power=0.8, ratio=ratio, correlation=0, variance=variance)
        assert independent.n_cases > n.n_cases


# --------------------------------------------------------------------------------------------- simulation


def _aucs(cases: np.ndarray, controls: np.ndarray) -> np.ndarray:
    """AUC of each simulated study (rows), by pair counting."""
    diff = cases[:, :, None] - controls[:, None, :]
    return (diff > 0).mean(axis=(1, 2)) + 0.5 * (diff == 0).mean(axis=(1, 2))


@pytest.mark.parametrize("variance", ["obuchowski", "hanley-mcneil"])
def test_one_auc_power_agrees_with_simulation(variance):
    rng = np.random.default_rng(7)
    theta, m, k, alpha = 0.7, 30, 45, 0.05
    planned = rocauc.power_auc(theta, n_cases=m, n_controls=k, alpha=alpha, variance=variance)
    a = math.sqrt(2) * Z.inv_cdf(theta)  # binormal, equal variances
    sims = 3000
    aucs = _aucs(rng.normal(a, 1, (sims, m)), rng.normal(0, 1, (sims, k)))
    null_sd = math.sqrt(0.0792 * (1 + m / k) / m if variance == "obuchowski" else (m + k + 1) / (12 * m * k))
    rejected = np.mean((aucs - 0.5) / null_sd > Z.inv_cdf(1 - alpha / 2))
    assert abs(rejected - planned.power) < 0.04, (rejected, planned.power)


def test_two_aucs_power_agrees_with_simulation():
    rng = np.random.default_rng(11)
    auc1, auc2, r, m, k, alpha = 0.75, 0.85, 0.5, 60, 60, 0.05
    planned = rocauc.power_compare(auc1, auc2, n_cases=m, n_controls=k, correlation=r, alpha=alpha)
    a1, a2 = (math.sqrt(2) * Z.inv_cdf(v) for v in (auc1, auc2))
    sims = 2000
    cov = [[1, r], [r, 1]]
    cases = rng.multivariate_normal([a1, a2], cov, (sims, m))
    controls = rng.multivariate_normal([0, 0], cov, (sims, k))
    d = _aucs(cases[..., 1], controls[..., 1]) - _aucs(cases[..., 0], controls[..., 0])
    # the planned test: the difference over its null standard deviation (curve 1 as the null, as planned)
    v1 = _binormal_var(a1, 1.0, k / m, None)
    from rocauc.stats.power import _binormal_cov

    null_sd = math.sqrt((2 * v1 - 2 * _binormal_cov(a1, 1.0, a1, 1.0, r, r, k / m, None)) / m)
    rejected = np.mean(d / null_sd > Z.inv_cdf(1 - alpha / 2))
    assert abs(rejected - planned.power) < 0.05, (rejected, planned.power)


def test_independent_aucs_hanley_mcneil_power_agrees_with_simulation():
    # two AUCs on different patients (correlation 0): Hanley-McNeil variances, each study simulated separately
    rng = np.random.default_rng(13)
    auc1, auc2, m, k, alpha = 0.7, 0.85, 50, 50, 0.05
    planned = rocauc.power_compare(auc1, auc2, n_cases=m, n_controls=k, variance="hanley-mcneil", alpha=alpha)
    a1, a2 = (math.sqrt(2) * Z.inv_cdf(v) for v in (auc1, auc2))
    sims = 3000
    d = _aucs(rng.normal(a2, 1, (sims, m)), rng.normal(0, 1, (sims, k))) - _aucs(
        rng.normal(a1, 1, (sims, m)), rng.normal(0, 1, (sims, k))
    )
    null_sd = math.sqrt(2 * auc_variance(auc1, m, k))
    rejected = np.mean(d / null_sd > Z.inv_cdf(1 - alpha / 2))
    assert abs(rejected - planned.power) < 0.05, (rejected, planned.power)


# --------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            dict(auc=0.7, n_cases=10, n_controls=10, power=0.8),
            r"leave exactly one of auc, power, alpha, n_cases as None",
        ),
        (dict(auc=0.7), r"leave exactly one of .* got power, n_cases missing"),
        (dict(auc=1.3, n_cases=10), r"auc must be a number in \[0, 1\], got 1.3"),
        (dict(auc=0.5, n_cases=10), r"auc = 0.5 is the null hypothesis itself"),
        (dict(auc=0.7, n_cases=-3), r"n_cases must be a positive number, got -3"),
        (dict(auc=0.7, n_cases=10, ratio=0), r"ratio must be a positive number, got 0"),
        (dict(auc=0.7, power=1.0), r"power must be a number in \(0, 1\), got 1.0"),
        (dict(auc=0.7, n_cases=10, alpha=0), r"alpha must be a number in \(0, 1\), got 0"),
        (dict(auc=0.7, n_cases=10, alternative="greater"), r"alternative='greater' is not one of"),
        (dict(auc=0.7, n_cases=10, variance="delong"), r"variance='delong' is not one of"),
        (dict(n_cases=3, n_controls=3, power=0.999999, alpha=1e-9), r"no AUC between .* reaches the requested power"),
    ],
)
def test_power_auc_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rocauc.power_auc(**kwargs)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(power=0.8), r"auc1 \(the reference AUC\) is required"),
        (dict(auc1=0.7, auc2=0.8, power=0.8, correlation=1.5), r"correlation must lie in \[-1, 1\]"),
        (dict(auc1=0.7, auc2=0.8, power=0.8, correlation=(0.1, 0.2, 0.3)), r"correlation must be a number or"),
        (dict(auc1=0.7, auc2=0.8, power=0.8, fpr_range=(0.2, 0.2)), r"fpr_range must be two different"),
        (dict(auc1=0.7, auc2=0.8, power=0.8, fpr_range=(0, 0.2), variance="hanley-mcneil"), r"fpr_range .* needs"),
        (dict(binormal=(1, 1, 2), power=0.8), r"binormal must be \(A1, B1, A2, B2\)"),
        (dict(binormal=(1, 1, 2, 1), power=0.8, variance="hanley-mcneil"), r"binormal=.* needs variance='obuchowski'"),
        (dict(auc1=0.7, n_cases=50, power=0.8, difference=0.05), r"difference fixes the difference to detect"),
    ],
)
def test_power_compare_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rocauc.power_compare(**kwargs)


def test_power_from_pilot_errors():
    d, poor = load_asah()
    with pytest.raises(ValueError, match=r"method='binormal' is not one of \('delong', 'obuchowski', 'bootstrap'\)"):
        rocauc.power_from_pilot(poor, d["ndka"], d["wfns"], method="binormal")
    with pytest.raises(ValueError, match=r"partial AUCs \(max_fpr\) need method='bootstrap'"):
        rocauc.power_from_pilot(poor, d["ndka"], d["wfns"], max_fpr=0.1)
    with pytest.raises(ValueError, match=r"max_fpr applies to the comparison of two pilot scores"):
        rocauc.power_from_pilot(poor, d["ndka"], max_fpr=0.1, method="bootstrap")
    with pytest.raises(ValueError, match=r"ratio does not apply to two pilot scores"):
        rocauc.power_from_pilot(poor, d["ndka"], d["wfns"], ratio=2)
    with pytest.raises(ValueError, match=r"pilot data need at least two cases and two controls; got 1 cases"):
        rocauc.power_from_pilot([0, 0, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match=r"the two pilot AUCs are equal"):
        rocauc.power_from_pilot(poor, d["ndka"], d["ndka"], power=0.9)
    with pytest.raises(ValueError, match=r"the binormal fit needs at least two ROC points"):
        binormal_fit(np.array([0, 1, 0, 1], bool), np.array([0.1, 0.9, 0.1, 0.9]))
    with pytest.raises(ValueError, match=r"method='x' is not one of \('obuchowski', 'hanley-mcneil'\)"):
        auc_variance(0.7, 10, 10, method="x")


def test_result_text_and_dict():
    r = rocauc.power_auc(0.8, power=0.9, alternative="one-sided")
    assert str(r).startswith("AUC 0.8000 vs 0.5: 13.")
    assert "solved for n" in str(r)
    assert r.to_dict()["solved_for"] == "n" and r.to_dict()["auc2"] is None
    assert r.difference == pytest.approx(0.3)
