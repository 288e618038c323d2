"""Comparisons: DeLong's paired test against the textbook covariance and pROC's published aSAH result, unpaired
tests, the bootstrap, Holm's correction, and the error messages."""

from __future__ import annotations

import warnings
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import rocauc
from reference_stats import delong_covariance, load_asah, structural_components
from reference_stats import holm as reference_holm
from rocauc.core.errors import RocaucDeprecationWarning
from rocauc.stats.compare import holm
from strategies import binary_data, multiclass_data

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


def _two_sided(z):
    return 2 * (1 - NormalDist().cdf(abs(z)))


def test_paired_delong_matches_proc_on_asah():
    # pROC: roc.test(roc(aSAH$outcome, aSAH$wfns), roc(aSAH$outcome, aSAH$s100b)): Z = 2.209, p-value = 0.0272
    d, poor = load_asah()
    c = rocauc.compare(poor, d["wfns"], d["s100b"], names=("wfns", "s100b"))
    assert round(c.statistic, 3) == 2.209
    assert round(c.p_value, 4) == 0.0272
    assert (round(c.estimate_a, 4), round(c.estimate_b, 4)) == (0.8237, 0.7314)
    assert c.paired and c.method == "delong" and c.alternative == "two-sided"
    swapped = rocauc.compare(poor, d["s100b"], d["wfns"])
    assert swapped.statistic == pytest.approx(-c.statistic) and swapped.p_value == pytest.approx(c.p_value)
    greater = rocauc.compare(poor, d["wfns"], d["s100b"], alternative="greater")
    less = rocauc.compare(poor, d["wfns"], d["s100b"], alternative="less")
    assert greater.p_value == pytest.approx(c.p_value / 2) and less.p_value == pytest.approx(1 - c.p_value / 2)
    assert str(c).startswith("wfns vs s100b: ROC AUC 0.8237 vs 0.7314, difference 0.0923 [")


@given(binary_data(min_size=6, weights=True), st.data())
def test_paired_delong_equals_textbook(data, more):
    y, s, w = data
    keep = w > 0
    y, s, w = y[keep], s[keep].astype(np.float64), w[keep]
    assume(not (y.sum() < 2 or (~y).sum() < 2))
    s2 = np.array(more.draw(st.lists(st.integers(0, 6), min_size=y.size, max_size=y.size)), float)
    aucs, cov = delong_covariance(y, [s, s2], w)
    var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rocauc.UndefinedMetricWarning)
        c = rocauc.compare(y, s, s2, sample_weight=w, level=0.9)
    assert c.difference.estimate == pytest.approx(aucs[0] - aucs[1], abs=1e-12)
    assert c.difference.std_error == pytest.approx(np.sqrt(max(var, 0)), abs=1e-9)
    if var > 1e-12:
        z = (aucs[0] - aucs[1]) / np.sqrt(var)
        assert c.statistic == pytest.approx(z, rel=1e-7)
        assert c.p_value == pytest.approx(_two_sided(z), abs=1e-9)
        if cov[0, 0] > 0 and cov[1, 1] > 0:
            assert c.correlation == pytest.approx(cov[0, 1] / np.sqrt(cov[0, 0] * cov[1, 1]), abs=1e-9)
        else:
            assert np.isnan(c.correlation)
        half = NormalDist().inv_cdf(0.95) * np.sqrt(var)
        assert c.difference.low == pytest.approx(max(-1, aucs[0] - aucs[1] - half), abs=1e-9)


@given(binary_data(min_size=5), binary_data(min_size=5))
def test_unpaired_delong_adds_variances(first, second):
    (ya, sa, _), (yb, sb, _) = first, second
    assume(not (min(ya.sum(), (~ya).sum(), yb.sum(), (~yb).sum()) < 2))
    (auc_a,), cov_a = delong_covariance(ya, [sa])
    (auc_b,), cov_b = delong_covariance(yb, [sb])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rocauc.UndefinedMetricWarning)
        c = rocauc.compare(ya, sa, sb, y_true_b=yb)
    assert not c.paired
    assert c.difference.estimate == pytest.approx(auc_a - auc_b, abs=1e-12)
    se = np.sqrt(cov_a[0, 0] + cov_b[0, 0])
    assert c.difference.std_error == pytest.approx(se, abs=1e-12)
    if se > 0:
        # as pROC: Student's t with Welch-Satterthwaite degrees of freedom (all samples of each set)
        from scipy import stats

        va, vb = cov_a[0, 0], cov_b[0, 0]
        df = (va + vb) ** 2 / (va**2 / (ya.size - 1) + vb**2 / (yb.size - 1))
        assert c.df == pytest.approx(df, rel=1e-9)
        assert c.p_value == pytest.approx(2 * stats.t.sf(abs(auc_a - auc_b) / se, df), abs=1e-9)


@given(multiclass_data(k=3), st.sampled_from(["macro", "weighted"]), st.integers(0, 2**32 - 1))
def test_paired_delong_of_macro_averages_equals_textbook(data, average, seed):
    y, p = data
    counts = np.bincount(y, minlength=3)
    assume(not (counts.min() < 2 or (y.size - counts).min() < 2))
    q = np.random.default_rng(seed).dirichlet(np.ones(3), y.size)

    def psi(scores):
        out = np.zeros(y.size)
        c = counts / counts.sum() if average == "weighted" else np.full(3, 1 / 3)
        for j in range(3):
            yj = y == j
            auc, v10, v01, _, _ = structural_components(yj, scores[:, j])
            m, n = yj.sum(), (~yj).sum()
            out[yj] += c[j] * (v10 - auc) / np.sqrt(m * (m - 1))
            out[~yj] += c[j] * (v01 - auc) / np.sqrt(n * (n - 1))
        return out

    d = psi(p) - psi(q)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rocauc.UndefinedMetricWarning)
        c = rocauc.compare(y, p, q, average=average)
    assert c.difference.estimate == pytest.approx(
        rocauc.roc_auc(y, p, average=average) - rocauc.roc_auc(y, q, average=average), abs=1e-12
    )
    assert c.difference.std_error == pytest.approx(np.sqrt(d @ d), abs=1e-12)


@given(st.lists(st.floats(0, 1), min_size=1, max_size=12))
def test_holm_equals_reference(p):
    np.testing.assert_allclose(holm(p), reference_holm(p), rtol=0, atol=1e-15)


def test_several_models_give_a_holm_table():
    d, poor = load_asah()
    models = {"wfns": d["wfns"], "s100b": d["s100b"], "ndka": d["ndka"]}
    table = rocauc.compare(poor, models)
    assert len(table) == 3
    assert [(c.name_a, c.name_b) for c in table] == [("wfns", "s100b"), ("wfns", "ndka"), ("s100b", "ndka")]
    for c in table:
        single = rocauc.compare(poor, models[c.name_a], models[c.name_b])
        assert c.statistic == pytest.approx(single.statistic, abs=1e-12)
        assert c.p_value == pytest.approx(single.p_value, abs=1e-12)
    np.testing.assert_allclose(table.p_adjusted, reference_holm([c.p_value for c in table]), rtol=0, atol=1e-15)
    assert table.adjusted(("wfns", "s100b")) == pytest.approx(2 * table["wfns", "s100b"].p_value)
    assert table.significant(0.05) == [("wfns", "ndka")]
    assert table.intervals["s100b"].estimate == pytest.approx(0.7314, abs=5e-5)
    text = str(table)
    assert text.splitlines()[0].startswith("ROC AUC: wfns 0.8237 [0.7485, 0.8988], s100b 0.7314 [0.6301, 0.8326]")
    assert "p (holm)" in text.splitlines()[1]
    as_dict = table.to_dict()
    assert as_dict["correction"] == "holm" and len(as_dict["comparisons"]) == 3
    assert as_dict["comparisons"][0]["p_adjusted"] == pytest.approx(table.p_adjusted[0])
    with pytest.raises(KeyError, match=r"no comparison \('ndka', 'wfns'\)"):
        table["ndka", "wfns"]


def test_paired_bootstrap():
    d, poor = load_asah()
    a = rocauc.compare(poor, d["wfns"], d["s100b"], method="bootstrap", random_state=1, n_resamples=1000)
    b = rocauc.compare(poor, d["wfns"], d["s100b"], method="bootstrap", random_state=1, n_resamples=1000)
    assert a == b
    assert a.method == "bootstrap" and a.paired
    assert a.difference.estimate == pytest.approx(0.8237 - 0.7314, abs=1e-4)
    assert a.difference.n_resamples == 1000 and a.difference.low < a.difference.estimate < a.difference.high
    assert a.statistic == pytest.approx(a.difference.estimate / a.difference.std_error)
    # pROC's bootstrap test on these data gives a similar z (its resamples are random too)
    assert 1.8 < a.statistic < 2.7
    bca = rocauc.compare(
        poor, d["wfns"], d["s100b"], method="bootstrap", random_state=1, n_resamples=1000, bootstrap_interval="bca"
    )
    assert bca.difference.method == "bootstrap-bca" and bca.statistic == a.statistic
    table = rocauc.compare(
        poor,
        {"wfns": d["wfns"], "s100b": d["s100b"], "ndka": d["ndka"]},
        method="bootstrap",
        random_state=1,
        n_resamples=1000,
    )
    assert table["wfns", "s100b"].difference.estimate == a.difference.estimate
    ap = rocauc.compare(
        poor, d["wfns"], d["s100b"], method="bootstrap", metric="average_precision", random_state=0, n_resamples=200
    )
    assert ap.metric == "average precision"
    assert ap.estimate_a == pytest.approx(rocauc.average_precision(poor, d["wfns"]), abs=1e-12)


def test_unpaired_bootstrap():
    rng = np.random.default_rng(0)
    ya, yb = rng.random(150) < 0.4, rng.random(200) < 0.3
    sa, sb = rng.normal(size=150) + ya, rng.normal(size=200) + 0.5 * yb
    for kind in ("percentile", "bca"):
        c = rocauc.compare(
            ya, sa, sb, y_true_b=yb, method="bootstrap", random_state=0, n_resamples=1000, bootstrap_interval=kind
        )
        delong = rocauc.compare(ya, sa, sb, y_true_b=yb)
        assert c.difference.estimate == pytest.approx(rocauc.roc_auc(ya, sa) - rocauc.roc_auc(yb, sb), abs=1e-12)
        assert c.difference.std_error == pytest.approx(delong.difference.std_error, rel=0.15)
        assert not c.paired and c.difference.low < c.difference.estimate < c.difference.high


def test_identical_scores_warn_and_give_p_one():
    y = [0, 1, 0, 1, 1, 0]
    s = [0.1, 0.8, 0.3, 0.6, 0.4, 0.5]
    with pytest.warns(rocauc.UndefinedMetricWarning, match="the variance of the difference between a and b is zero"):
        c = rocauc.compare(y, s, s)
    assert (c.statistic, c.p_value, c.difference.estimate) == (0.0, 1.0, 0.0)


def test_too_few_samples_warn():
    with pytest.warns(rocauc.UndefinedMetricWarning, match="at least two positive and two negative samples"):
        c = rocauc.compare([0, 1, 0, 0], [0.1, 0.8, 0.3, 0.6], [0.2, 0.1, 0.3, 0.4])
    assert np.isnan(c.p_value)


def test_comparison_to_dict():
    c = rocauc.compare([0, 1, 0, 1, 1, 0, 0], [0.1, 0.8, 0.3, 0.6, 0.4, 0.5, 0.2], [0.3, 0.7, 0.1, 0.4, 0.6, 0.2, 0.5])
    out = c.to_dict()
    assert out["name_a"] == "a" and out["difference"]["method"] == "delong" and out["paired"] is True
    assert out["p_value"] == pytest.approx(c.p_value)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            dict(alternative="bigger"),
            ValueError,
            r"alternative='bigger' is not one of \('two-sided', 'greater', 'less'\)",
        ),
        (
            dict(method="permutation"),
            ValueError,
            r"method='permutation' is not one of \('delong', 'bootstrap', 'venkatraman'",
        ),
        (
            dict(metric="average_precision"),
            ValueError,
            "DeLong's test applies to the full ROC AUC only, not to the average precision; use method='bootstrap'",
        ),
        (dict(metric="f1"), ValueError, r"metric='f1' is not one of"),
        (dict(names=("x",)), ValueError, r"names must hold two names, got \('x',\)"),
        (dict(sample_weight_b=[1, 1, 1, 1, 1, 1]), ValueError, "sample_weight_b applies to an unpaired comparison"),
        (dict(level=0), ValueError, r"level must be a number in \(0, 1\)"),
        (dict(method="bootstrap", n_resamples=0), ValueError, "n_resamples must be an integer >= 2"),
        (dict(bootstrap_interval="student"), ValueError, r"bootstrap_interval='student' is not one of"),
    ],
)
def test_errors(kwargs, error, match):
    y = [0, 1, 0, 1, 1, 0]
    with pytest.raises(error, match=match):
        rocauc.compare(y, [0.1, 0.8, 0.3, 0.6, 0.4, 0.5], [0.2, 0.7, 0.1, 0.4, 0.6, 0.3], **kwargs)


def test_input_errors_name_the_model():
    y = [0, 1, 0, 1]
    with pytest.raises(ValueError, match=r"scores of 'b': y_true has 4 samples but y_score has 3"):
        rocauc.compare(y, [0.1, 0.8, 0.3, 0.6], [0.1, 0.2, 0.3])
    with pytest.raises(TypeError, match=r"compare needs two scores \(y_score, y_score_b\) or a mapping"):
        rocauc.compare(y, [0.1, 0.8, 0.3, 0.6])
    with pytest.raises(ValueError, match="comparing models needs at least two; got 1"):
        rocauc.compare(y, {"only": [0.1, 0.8, 0.3, 0.6]})
    with pytest.raises(ValueError, match="pass either a mapping of several models' scores, or y_score and y_score_b"):
        rocauc.compare(y, {"a": [0.1, 0.8, 0.3, 0.6], "b": [0.2, 0.1, 0.3, 0.5]}, [0.1, 0.2, 0.3, 0.4])
    with pytest.raises(ValueError, match=r"test set of 'b': y_true has 3 samples but y_score has 4"):
        rocauc.compare(y, [0.1, 0.8, 0.3, 0.6], [0.1, 0.2, 0.3, 0.4], y_true_b=[0, 1, 1])
    y3 = [0, 1, 2, 0, 1, 2]
    p = np.full((6, 3), 1 / 3)
    with pytest.raises(ValueError, match="a comparison needs one number per model: pass average='macro'"):
        rocauc.compare(y3, p, p, average=None)
    with pytest.raises(ValueError, match=r"the two test sets describe different problems \(multiclass and binary\)"):
        rocauc.compare(y3, p, [0.1, 0.8, 0.3, 0.6], y_true_b=y)


@pytest.mark.slow
def test_delong_test_holds_its_level_under_the_null():
    # two scores of equal quality, correlated through the shared signal: about 5% of tests reject at 0.05
    rng = np.random.default_rng(123)
    rejections = 0
    runs = 400
    for _ in range(runs):
        y = rng.random(200) < 0.4
        signal = rng.normal(size=200) + 0.8 * y
        a = signal + rng.normal(size=200)
        b = signal + rng.normal(size=200)
        rejections += rocauc.compare(y, a, b).p_value < 0.05
    assert 0.025 <= rejections / runs <= 0.08


@pytest.mark.slow
def test_bootstrap_and_delong_agree_on_the_difference():
    rng = np.random.default_rng(7)
    y = rng.random(3000) < 0.3
    signal = rng.normal(size=3000) + y
    a, b = signal + 0.5 * rng.normal(size=3000), signal + rng.normal(size=3000)
    delong = rocauc.compare(y, a, b)
    boot = rocauc.compare(y, a, b, method="bootstrap", random_state=0, n_resamples=2000, progress=False)
    assert boot.difference.std_error == pytest.approx(delong.difference.std_error, rel=0.08)
    assert boot.statistic == pytest.approx(delong.statistic, rel=0.1)


def test_y_score_names_and_their_deprecated_spellings():
    # scikit-learn's vocabulary: y_score, and y_score_b beside y_true_b and sample_weight_b for model b
    d, poor = load_asah()
    a, b = d["wfns"], d["s100b"]
    positional = rocauc.compare(poor, a, b)
    assert rocauc.compare(poor, y_score=a, y_score_b=b) == positional
    with pytest.warns(RocaucDeprecationWarning) as record:
        old = rocauc.compare(poor, score_a=a, score_b=b)
    assert old == positional
    assert [str(w.message).split(";")[0] for w in record] == [
        "compare(score_a=...) is deprecated",
        "compare(score_b=...) is deprecated",
    ]
    assert (
        str(record[0].message)
        == "compare(score_a=...) is deprecated; use y_score= (the names of scikit-learn's metrics)."
    )
    with pytest.warns(RocaucDeprecationWarning, match=r"compare\(score_b=\.\.\.\) is deprecated; use y_score_b="):
        assert rocauc.compare(poor, a, score_b=b) == positional
    with (
        pytest.warns(RocaucDeprecationWarning),
        pytest.raises(
            TypeError, match="compare got both y_score_b and its deprecated spelling score_b; pass y_score_b only"
        ),
    ):
        rocauc.compare(poor, a, b, score_b=b)
    with pytest.raises(TypeError, match=r"compare needs the scores: compare\(y_true, y_score, y_score_b\)"):
        rocauc.compare(poor)
