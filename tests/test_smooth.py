"""Smoothed ROC curves: pROC's published aSAH values and curve, the binormal AUC formula against the area under the
fitted curve, the density AUC against the probability of a higher score under the two kernel densities, and the
errors."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rocauc
from reference_stats import load_asah
from rocauc.stats.smooth import bandwidth_nrd0

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")
DATA = Path(__file__).resolve().parent / "data"


def test_binormal_auc_matches_proc_on_asah():
    # pROC: smooth(roc(aSAH$outcome, aSAH$ndka)) -> "Smoothing: binormal, Area under the curve: 0.6006"
    d, poor = load_asah()
    assert f"{rocauc.smooth_roc(poor, d['ndka']).auc:.4f}" == "0.6006"


def test_density_auc_matches_proc_on_asah():
    # pROC: smooth(roc(outcome ~ s100b, aSAH), method="density") -> "bandwidth: nrd0; adjust: 1 ... 0.7244"
    d, poor = load_asah()
    assert f"{rocauc.smooth_roc(poor, d['s100b'], method='density').auc:.4f}" == "0.7244"


def test_binormal_curve_matches_procs_coordinates():
    import pandas as pd

    expected = pd.read_csv(DATA / "proc_smooth_s100b_binormal.csv", comment="#")
    d, poor = load_asah()
    s = rocauc.smooth_roc(poor, d["s100b"])
    assert s.fpr.size == 512 and np.all(np.diff(s.fpr) >= 0)
    fpr_at = np.interp(expected["sensitivity"], s.tpr, s.fpr)
    np.testing.assert_allclose(1 - fpr_at, expected["specificity"], atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10**6), st.floats(0.3, 2.0), st.floats(0.5, 2.0))
@example(239, 2.0, 2.0)
def test_binormal_auc_is_the_area_under_the_fitted_curve(seed, mu, sigma):
    r = np.random.default_rng(seed)
    y = np.r_[np.ones(150, bool), np.zeros(250, bool)]
    s = np.where(y, r.normal(mu, sigma, 400), r.normal(0, 1, 400))
    fit = rocauc.smooth_roc(y, s, n=20001)
    area = float(np.sum(np.diff(fit.fpr) * (fit.tpr[1:] + fit.tpr[:-1]) / 2))
    assert fit.auc == pytest.approx(area, abs=2e-4)
    a, b = fit.params["a"], fit.params["b"]
    # a binormal curve: TPR = Phi(a + b Phi^-1(FPR)) at every inner point (seed=239, mu=2, sigma=2 has FPRs near
    # 1e-12, where a Phi written as 1 + erf lost its relative precision)
    from statistics import NormalDist

    nd = NormalDist()
    for t, f in zip(fit.tpr[1000:-1000:2000], fit.fpr[1000:-1000:2000]):
        assert t == pytest.approx(nd.cdf(a + b * nd.inv_cdf(f)), abs=1e-12)


def test_binormal_fit_recovers_the_parameters():
    r = np.random.default_rng(0)
    y = np.r_[np.ones(3000, bool), np.zeros(3000, bool)]
    s = np.where(y, r.normal(1.0, 1.5, 6000), r.normal(0, 1, 6000))
    fit = rocauc.smooth_roc(y, s)
    # TPR = Phi((mu - t) / sigma1), FPR = Phi(-t): a = mu / sigma1, b = 1 / sigma1
    assert fit.params["a"] == pytest.approx(1 / 1.5, abs=0.05)
    assert fit.params["b"] == pytest.approx(1 / 1.5, abs=0.05)


def test_density_auc_is_the_probability_under_the_kernel_densities():
    # with Gaussian kernels of bandwidth h, P(case > control) = mean over pairs of Phi((x1 - x0) / (h sqrt 2))
    d, poor = load_asah()
    for marker in ("s100b", "ndka"):
        s = d[marker].to_numpy(float)
        h = bandwidth_nrd0(s)
        diff = s[poor][:, None] - s[~poor][None, :]
        expected = np.mean([0.5 * (1 + math.erf(v / (h * 2))) for v in diff.ravel()])
        fit = rocauc.smooth_roc(poor, s, method="density", n=4096)
        assert fit.params["bandwidth"] == pytest.approx(h)
        assert fit.auc == pytest.approx(expected, abs=2e-3)


def test_nrd0_is_rs_rule():
    x = np.array([1.0, 2.0, 3.0, 4.0, 10.0])
    iqr = 4.0 - 2.0
    assert bandwidth_nrd0(x) == pytest.approx(0.9 * min(np.std(x, ddof=1), iqr / 1.34) * 5**-0.2)
    assert bandwidth_nrd0(np.array([2.0, 2.0, 2.0, 2.0])) > 0  # R's fallback for no spread


@given(st.lists(st.integers(1, 3), min_size=8, max_size=8))
def test_density_weights_are_duplicated_rows(counts):
    y = np.array([0, 1, 0, 1, 1, 0, 0, 1], bool)
    s = np.array([0.1, 0.9, 0.4, 0.6, 0.3, 0.35, 0.2, 0.8])
    weighted = rocauc.smooth_roc(y, s, method="density", sample_weight=np.array(counts, float), bandwidth=0.1)
    repeated = rocauc.smooth_roc(np.repeat(y, counts), np.repeat(s, counts), method="density", bandwidth=0.1)
    assert weighted.auc == pytest.approx(repeated.auc, abs=1e-12)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"method": "loess"}, "method='loess' is not one of"),
        ({"n": 1}, "n must be an integer >= 2"),
        ({"adjust": 0}, "adjust must be a positive number"),
        ({"bandwidth": "scott"}, "bandwidth must be 'nrd0'"),
    ],
)
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        rocauc.smooth_roc([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.6], **kwargs)


def test_binormal_needs_inner_points():
    with pytest.raises(ValueError, match="binormal fit needs at least two ROC points"):
        rocauc.smooth_roc([0, 1], [0.1, 0.8])
    with pytest.raises(ValueError, match="needs both classes"):
        rocauc.smooth_roc([1, 1, 1], [0.1, 0.8, 0.3])


def test_display_draws_the_smoothed_curve():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from rocauc.plot import RocDisplay

    d, poor = load_asah()
    disp = RocDisplay.from_predictions(poor, {"s100b": d["s100b"]}, smooth="binormal")
    labels = [line.get_label() for line in disp.lines_]
    fit = rocauc.smooth_roc(poor, d["s100b"])
    assert labels[1] == f"s100b, binormal-smoothed (AUC = {fit.auc:.3f})" and labels[0].startswith("_")
    np.testing.assert_array_equal(disp.lines_[1].get_xdata(), fit.fpr)
    with pytest.raises(ValueError, match="smooth='x' is not one of"):
        RocDisplay.from_predictions(poor, d["s100b"], smooth="x")
    plt.close("all")
