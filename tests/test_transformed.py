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
    plain = rocauc.roc_auc_ci(y, s, level=0.9)
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
    per_class = rocauc.roc_auc_ci(np.r_[np.zeros(200), np.ones(200), np.full(30, 2)].astype(int),
                                  rng.dirichlet(np.ones(3), 430), method="auto", average=None)
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
        plain += rocauc.roc_auc_ci(y, s) .low <= 0.76 <= rocauc.roc_auc_ci(y, s).high
        ci = rocauc.roc_auc_ci(y, s, method="delong-logit")
        logit += ci.low <= 0.76 <= ci.high
    assert 0.935 <= logit / runs <= 0.965
    assert plain / runs < 0.935


def test_method_error_lists_the_intervals():
    match = "method='x' is not one of \\('delong', 'delong-logit', 'auto', 'bootstrap'\\)"
    with pytest.raises(ValueError, match=match):
        rocauc.roc_auc_ci([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6], method="x")
