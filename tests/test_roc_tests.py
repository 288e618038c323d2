"""More tests of two ROC curves: the unpaired DeLong test with Welch-Satterthwaite t (pROC's published aSAH
results), Student's t against scipy, Venkatraman's permutation tests against their definition and under the null,
the sensitivity/specificity tests at a fixed point, all through compare() and its Holm table."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import rocauc
from reference_stats import load_asah, venkatraman_paired_e
from rocauc.core.counts import exact_counts
from rocauc.stats.bands import tpr_at
from rocauc.stats.roc_tests import student_t_quantile, student_t_sf, venkatraman_statistic

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


# pROC tests/testthat/test-roc.test.R: roc.test(r.x, r.y, paired = FALSE) on aSAH
@pytest.mark.parametrize(
    "a, b, D, p",
    [
        ("wfns", "s100b", 1.43490640926908, 0.152825378808796),
        ("wfns", "ndka", 3.10125096778969, 0.00220950791756457),
        ("ndka", "s100b", -1.55995743389685, 0.120192832430845),
    ],
)
def test_unpaired_delong_matches_proc(a, b, D, p):
    d, poor = load_asah()
    c = rocauc.compare(poor, d[a], d[b], y_true_b=poor, names=(a, b))
    assert not c.paired and c.statistic_name == "t"
    assert c.statistic == pytest.approx(D, rel=1e-9)
    assert c.p_value == pytest.approx(p, rel=1e-9)
    assert f"t = {D:.3f} (df = " in str(c) and "unpaired DeLong" in str(c)
    assert c.to_dict()["statistic_name"] == "t" and c.to_dict()["df"] == pytest.approx(c.df)
    # reversing the curves flips the statistic and keeps p
    r = rocauc.compare(poor, d[b], d[a], y_true_b=poor)
    assert r.statistic == pytest.approx(-D, rel=1e-9) and r.p_value == pytest.approx(p, rel=1e-9)


def test_unpaired_one_sided_matches_proc():
    d, poor = load_asah()
    greater = rocauc.compare(poor, d["wfns"], d["s100b"], y_true_b=poor, alternative="greater")
    less = rocauc.compare(poor, d["wfns"], d["s100b"], y_true_b=poor, alternative="less")
    assert greater.p_value == pytest.approx(0.076412689404398, rel=1e-9)
    assert less.p_value == pytest.approx(0.923587310595602, rel=1e-9)


def test_welch_df_and_t_interval():
    d, poor = load_asah()
    c = rocauc.compare(poor, d["wfns"], d["s100b"], y_true_b=poor)
    va = rocauc.roc_auc_ci(poor, d["wfns"]).std_error ** 2
    vb = rocauc.roc_auc_ci(poor, d["s100b"]).std_error ** 2
    n = poor.size
    df = (va + vb) ** 2 / (va**2 / (n - 1) + vb**2 / (n - 1))
    assert c.df == pytest.approx(df)
    q = stats.t.ppf(0.975, df)
    assert c.difference.low == pytest.approx(c.difference.estimate - q * np.sqrt(va + vb))
    assert c.difference.method == "delong-welch-t"


@given(st.floats(-40, 40), st.floats(0.5, 500))
def test_student_t_equals_scipy(t, df):
    assert student_t_sf(t, df) == pytest.approx(stats.t.sf(t, df), rel=1e-9, abs=1e-300)


@given(st.floats(0.001, 0.999), st.floats(1, 300))
def test_student_t_quantile_equals_scipy(p, df):
    assert student_t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-7, abs=1e-7)


# ------------------------------------------------------------------------------------------------- Venkatraman


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 6), st.integers(0, 6)), min_size=3, max_size=25))
def test_venkatraman_statistic_equals_definition(rows):
    y = np.array([r[0] for r in rows])
    a = np.array([r[1] for r in rows], float)
    b = np.array([r[2] for r in rows], float)
    assert venkatraman_statistic(y, a, b) == venkatraman_paired_e(y, a, b)


def test_venkatraman_identical_curves_and_crossing_curves():
    rng = np.random.default_rng(0)
    y = np.r_[np.ones(150, bool), np.zeros(150, bool)]
    s = rng.normal(size=300) + y
    same = rocauc.compare(y, s, s.copy(), method="venkatraman", random_state=0, n_resamples=200)
    assert same.statistic == 0 and same.p_value == 1.0
    # two curves with the same AUC that cross (unequal variances): DeLong sees nothing, Venkatraman sees them
    pos_a, neg = rng.normal(1.0, 1.0, 150), rng.normal(0.0, 1.0, 150)
    pos_b = rng.normal(1.0, 3.0, 150)
    a, b = np.r_[pos_a, neg], np.r_[pos_b, neg + rng.normal(0, 0.01, 150)]
    v = rocauc.compare(y, a, b, method="venkatraman", random_state=0, n_resamples=500)
    assert v.p_value < 0.01 and v.method == "venkatraman" and v.statistic_name == "E"


@pytest.mark.slow
def test_venkatraman_holds_its_level():
    # exchangeable scores (the same signal plus independent noise): the 5% test rejects about 5% of the time
    rng = np.random.default_rng(1)
    rejections, runs = 0, 200
    for i in range(runs):
        y = rng.random(80) < 0.4
        signal = rng.normal(size=80) + y
        a, b = signal + rng.normal(size=80), signal + rng.normal(size=80)
        rejections += rocauc.compare(y, a, b, method="venkatraman", random_state=i, n_resamples=200).p_value < 0.05
    assert rejections / runs <= 0.09


def test_unpaired_venkatraman():
    d, poor = load_asah()
    half = np.arange(poor.size) % 2 == 0
    c = rocauc.compare(
        poor[half],
        d["wfns"][half],
        d["s100b"][~half],
        y_true_b=poor[~half],
        method="venkatraman",
        random_state=0,
        n_resamples=200,
    )
    assert not c.paired and 0 < c.p_value <= 1 and c.statistic > 0
    # the same curve on two halves of one sample: no evidence of a difference
    rng = np.random.default_rng(3)
    y = rng.random(400) < 0.5
    s = rng.normal(size=400) + y
    same = rocauc.compare(
        y[:200], s[:200], s[200:], y_true_b=y[200:], method="venkatraman", random_state=0, n_resamples=200
    )
    assert same.p_value > 0.05


# ------------------------------------------------------------------------------------------------- fixed point


def test_sensitivity_at_fixed_specificity():
    d, poor = load_asah()
    c = rocauc.compare(
        poor,
        d["wfns"],
        d["s100b"],
        method="sensitivity",
        at=0.8,
        random_state=0,
        n_resamples=500,
        names=("wfns", "s100b"),
    )
    for name, value in (("wfns", c.estimate_a), ("s100b", c.estimate_b)):
        table = exact_counts(poor, d[name].to_numpy(float))
        assert value == pytest.approx(tpr_at(table.tp[None], table.fp[None], np.array([0.2]))[0, 0])
    assert c.metric == "sensitivity at specificity 0.8" and c.statistic_name == "D"
    assert c.statistic == pytest.approx(c.difference.estimate / c.difference.std_error)
    assert c.p_value == pytest.approx(2 * stats.norm.sf(abs(c.statistic)))
    sp = rocauc.compare(poor, d["wfns"], d["s100b"], method="specificity", at=0.8, random_state=0, n_resamples=300)
    band = rocauc.roc_band(poor, d["wfns"], at=[0.8], along="tpr", n_resamples=2)
    assert sp.estimate_a == pytest.approx(band.estimate[0])


def test_fixed_point_tests_in_a_holm_table_and_unpaired():
    d, poor = load_asah()
    table = rocauc.compare(
        poor,
        {"wfns": d["wfns"], "s100b": d["s100b"], "ndka": d["ndka"]},
        method="specificity",
        at=0.8,
        random_state=0,
        n_resamples=300,
    )
    assert len(table) == 3
    assert list(table.p_adjusted) == pytest.approx(rocauc.stats.compare.holm([c.p_value for c in table]).tolist())
    assert str(table).startswith("specificity at sensitivity 0.8: wfns")
    assert table.intervals["wfns"].estimate == pytest.approx(table[0].estimate_a)
    half = np.arange(poor.size) % 2 == 0
    un = rocauc.compare(
        poor[half],
        d["wfns"][half],
        d["s100b"][~half],
        y_true_b=poor[~half],
        method="sensitivity",
        at=0.9,
        random_state=0,
        n_resamples=300,
    )
    assert not un.paired and np.isfinite(un.p_value)


@pytest.mark.slow
def test_fixed_point_test_holds_its_level():
    rng = np.random.default_rng(2)
    rejections, runs = 0, 150
    for i in range(runs):
        y = rng.random(150) < 0.4
        signal = rng.normal(size=150) + 1.2 * y
        a, b = signal + rng.normal(size=150), signal + rng.normal(size=150)
        c = rocauc.compare(y, a, b, method="sensitivity", at=0.8, random_state=i, n_resamples=200)
        rejections += c.p_value < 0.05
    assert rejections / runs <= 0.09


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"method": "sensitivity"}, ValueError, "pass at=, the specificity"),
        ({"method": "specificity", "at": 1.5}, ValueError, "pass at=, the sensitivity"),
        ({"method": "venkatraman", "alternative": "greater"}, ValueError, "Venkatraman's test is two-sided"),
        ({"method": "venkatraman", "at": 0.5}, ValueError, "takes none"),
        ({"method": "venkatraman", "sample_weight": [1, 2, 1, 1, 1, 1]}, ValueError, "sample weights are not"),
        ({"method": "venkatraman", "fpr": (0, 0.2)}, ValueError, "takes no metric="),
        ({"method": "delong", "at": 0.5}, ValueError, "takes none"),
        ({"method": "x"}, ValueError, "method='x' is not one of"),
    ],
)
def test_errors(kwargs, error, match):
    y = [0, 1, 0, 1, 0, 1]
    with pytest.raises(error, match=match):
        rocauc.compare(y, [0.1, 0.8, 0.3, 0.6, 0.2, 0.7], [0.2, 0.7, 0.3, 0.6, 0.1, 0.9], **kwargs)
