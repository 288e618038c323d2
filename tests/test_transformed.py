"""Transformed AUC intervals: logit-DeLong against its formula, the automatic choice, and its coverage by
simulation against DeLong's on small samples (the numbers of benchmarks/bench_coverage.py)."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import assume, given

import rocauc
from reference_stats import load_asah
from strategies import binary_data

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")
ND = NormalDist()


@given(binary_data(min_size=4))
def test_logit_delong_is_the_normal_interval_on_the_logit_scale(data):
    y, s, _ = data
    assume(y.sum() >= 2 and (~y).sum() >= 2)
    plain = rocauc.roc_auc_ci(y, s, level=0.9, method="delong")
    logit = rocauc.roc_auc_ci(y, s, level=0.9, method="delong-logit")
    a, se = plain.estimate, plain.std_error
    assert logit.estimate == a and logit.std_error == se and logit.method == "delong-logit"
    assume(0 < a < 1 and se > 0)
    z = ND.inv_cdf(0.95)
    center, half = math.log(a / (1 - a)), z * se / (a * (1 - a))
    assert logit.low == pytest.approx(1 / (1 + math.exp(-(center - half))), abs=1e-12)
    assert logit.high == pytest.approx(1 / (1 + math.exp(-(center + half))), abs=1e-12)
    assert 0 < logit.low < a < logit.high < 1


def test_auto_uses_logit_on_small_classes_only():
    d, poor = load_asah()  # 41 positives
    small = rocauc.roc_auc_ci(poor, d["wfns"], method="auto")
    assert small.method == "delong-logit"
    assert small.low == rocauc.roc_auc_ci(poor, d["wfns"], method="delong-logit").low
    rng = np.random.default_rng(0)
    y = np.r_[np.ones(150, bool), np.zeros(300, bool)]
    s = rng.normal(size=450) + y
    assert rocauc.roc_auc_ci(y, s, method="auto").method == "delong"
    per_class = rocauc.roc_auc_ci(
        np.r_[np.zeros(200), np.ones(200), np.full(30, 2)].astype(int),
        rng.dirichlet(np.ones(3), 430),
        method="auto",
        average=None,
    )
    assert [per_class[k].method for k in (0, 1, 2)] == ["delong", "delong", "delong-logit"]


def test_perfect_and_degenerate_estimates():
    ci = rocauc.roc_auc_ci([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], method="delong-logit")
    assert (ci.low, ci.high) == (1.0, 1.0)


@pytest.mark.slow
def test_logit_delong_keeps_its_level_where_delong_does_not():
    # n = 60, 30% positives, binormal with true AUC 0.76 (the case): DeLong ~92%, logit-DeLong ~95%
    mu = math.sqrt(2) * ND.inv_cdf(0.76)
    rng = np.random.default_rng(60)
    y = np.r_[np.ones(18, bool), np.zeros(42, bool)]
    runs, plain, logit = 1500, 0, 0
    for _ in range(runs):
        s = rng.normal(size=60) + mu * y
        ci = rocauc.roc_auc_ci(y, s, method="delong")
        plain += ci.low <= 0.76 <= ci.high
        ci = rocauc.roc_auc_ci(y, s, method="delong-logit")
        logit += ci.low <= 0.76 <= ci.high
    assert 0.935 <= logit / runs <= 0.965
    assert plain / runs < 0.935


def test_method_error_lists_the_intervals():
    match = "method='x' is not one of \\('delong', 'delong-logit', 'auto', 'bootstrap'\\)"
    with pytest.raises(ValueError, match=match):
        rocauc.roc_auc_ci([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6], method="x")


@pytest.mark.parametrize("n_small, expected", [(99, "delong-logit"), (100, "delong")])
def test_default_is_auto_on_both_sides_of_the_cutoff(n_small, expected):
    rng = np.random.default_rng(n_small)
    for y in (np.r_[np.ones(n_small, bool), np.zeros(250, bool)], np.r_[np.ones(250, bool), np.zeros(n_small, bool)]):
        s = rng.normal(size=y.size) + y
        ci = rocauc.roc_auc_ci(y, s)
        assert ci.method == expected and ci == rocauc.roc_auc_ci(y, s, method="auto")
        assert ci == rocauc.roc_auc_ci(y, s, method=expected)  # the resolved method is recorded on the Interval
        assert rocauc.evaluate(y, s, operating_point="youden").roc_auc_interval == ci
        assert str(ci).endswith({"delong": "(95% DeLong)", "delong-logit": "(95% logit-DeLong)"}[expected])


def test_evaluate_and_report_resolve_auto_per_class_like_roc_auc_ci():
    rng = np.random.default_rng(3)
    y = np.r_[np.zeros(200), np.ones(200), np.full(30, 2)].astype(int)
    p = rng.dirichlet(np.ones(3), y.size)
    ev = rocauc.evaluate(y, p)
    assert dict(ev.intervals.per_class["roc_auc"]) == rocauc.roc_auc_ci(y, p, average=None)
    assert ev.roc_auc_interval == rocauc.roc_auc_ci(y, p)  # the macro average: its smallest class decides
    assert ev.roc_auc_interval.method == "delong-logit"
    assert "intervals: 95% (DeLong, logit-DeLong for ROC AUC)" in str(ev)
    assert rocauc.evaluate(y, p, ci="delong").roc_auc_interval.method == "delong"


def test_printed_results_name_the_interval_method():
    d, poor = load_asah()  # 41 poor outcomes: "auto" is logit-DeLong
    text = rocauc.report(poor, {"wfns": d["wfns"], "s100b": d["s100b"]}, random_state=0).to_text()
    assert "95% CI (logit-DeLong)" in text
    text = rocauc.report(poor, {"wfns": d["wfns"]}, ci="delong", compare=False).to_text()
    assert "95% CI (DeLong)" in text and "logit" not in text
    assert str(rocauc.roc_auc_ci(poor, d["wfns"])).endswith(" (95% logit-DeLong)")
    assert str(rocauc.roc_auc_ci(poor, d["wfns"], level=0.9, method="delong")).endswith(" (90% DeLong)")


def test_intervals_without_bounds_print_the_estimate_only():
    ci = rocauc.Interval(0.0123, float("nan"), float("nan"), 0.95, "none")
    assert str(ci) == "0.012" and f"{ci:.2f}" == "0.01"
    d, poor = load_asah()
    c = rocauc.compare(poor, d["wfns"], d["s100b"], method="venkatraman", n_resamples=200, random_state=0)
    assert "nan" not in str(c)
    assert f"difference {c.difference.estimate:.4f}, E = " in str(c)


def test_apply_roc_method_names_the_methods():
    from rocauc.stats.transformed import apply_roc_method

    with pytest.raises(ValueError, match="must be one of \\('auto', 'delong', 'delong-logit'\\), got 'bootstrap'"):
        apply_roc_method(None, rocauc.Interval(0.8, 0.7, 0.9, 0.95, "delong", 0.05), "bootstrap")
