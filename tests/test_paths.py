"""The one-path kernels: the micro table of the flattened problem, the one-vs-one pass (class tables, pairwise
AUCs and the micro table from one sort per column), the sum of many tables, and the rules of ``_policy``."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference import pair_auc, threshold_sweep
from rocauc.core.averaging import class_tables, micro_counts, one_vs_one_auc, one_vs_one_averages
from rocauc.core.counts import exact_counts, merge_counts, merge_sorted, sum_counts
from rocauc.core.inputs import normalize
from rocauc.core.policy import at_threshold, combine, defined
from strategies import binary_data, multiclass_data

# hypothesis may draw scores that are all 0/1 (hard predictions): their warning is tested in test_inputs
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


def _assert_same_table(a, b):
    np.testing.assert_array_equal(a.thresholds, b.thresholds)
    np.testing.assert_allclose(a.tp, b.tp, rtol=0, atol=1e-9)
    np.testing.assert_allclose(a.fp, b.fp, rtol=0, atol=1e-9)


@given(multiclass_data(), st.booleans())
def test_one_vs_one_pass_equals_pair_counting(data, weighted):
    y, p = data
    w = (np.arange(y.size) % 3).astype(float) / 2 if weighted else None
    if w is not None:
        w[: p.shape[1]] = 1.0  # every class keeps weight
    problem = normalize(y, p, sample_weight=w)
    result = one_vs_one_auc(problem)
    k = p.shape[1]
    for a in range(k):
        for b in range(k):
            if a == b:
                continue
            mask = (y == a) | (y == b)
            expected = pair_auc(y[mask] == a, p[mask, a], None if w is None else w[mask])
            assert result.auc[a, b] == pytest.approx(expected, abs=1e-12)
    for (label, table), (ref_label, ref) in zip(result.tables, class_tables(problem)):
        assert label == ref_label
        _assert_same_table(table, ref)
    flat_w = None if w is None else np.repeat(w, k)
    thresholds, tp, fp = threshold_sweep(problem.indicator().ravel(), p.ravel(), flat_w)
    np.testing.assert_array_equal(result.micro.thresholds, thresholds)
    np.testing.assert_allclose(result.micro.tp, tp, atol=1e-9)
    np.testing.assert_allclose(result.micro.fp, fp, atol=1e-9)


@given(multiclass_data())
def test_one_vs_one_averages_equal_scikit_learn(data):
    from sklearn.metrics import roc_auc_score

    y, p = data
    averages = one_vs_one_averages(normalize(y, p))
    assert averages["macro"] == pytest.approx(roc_auc_score(y, p, multi_class="ovo"), abs=1e-12)
    assert averages["weighted"] == pytest.approx(roc_auc_score(y, p, multi_class="ovo", average="weighted"), abs=1e-12)


@given(multiclass_data(), st.booleans())
def test_micro_table_equals_sum_of_class_tables(data, weighted):
    y, p = data
    w = np.linspace(0.5, 2.0, y.size) if weighted else None
    problem = normalize(y, p, sample_weight=w)
    tables = [c for _, c in class_tables(problem)]
    chained = tables[0]
    for c in tables[1:]:
        chained = merge_counts(chained, c)
    _assert_same_table(micro_counts(problem), chained)
    _assert_same_table(sum_counts(tables), chained)


@given(binary_data(weights=False))
def test_merge_sorted_is_the_sorted_union(data):
    y, s, _ = data
    values, labels = merge_sorted(np.sort(s[y]), np.sort(s[~y]))
    np.testing.assert_array_equal(values, np.sort(s))
    assert labels.sum() == y.sum()
    for v in np.unique(s):  # each tie run holds the right number of positives
        assert labels[values == v].sum() == y[s == v].sum()


def test_micro_average_has_no_k_squared_term():
    # 200 classes: a chain of pairwise merges would build 200 ever-longer unions; the flattened table is one sort
    rng = np.random.default_rng(0)
    y = rng.integers(0, 200, 2000)
    y[:200] = np.arange(200)
    p = rng.dirichlet(np.ones(200), 2000)
    problem = normalize(y, p)
    assert micro_counts(problem).thresholds.size == np.unique(p).size


def test_sum_counts_of_one_and_mixed_rules():
    c = exact_counts(np.array([True, False]), np.array([0.9, 0.1]))
    assert sum_counts([c]) is c
    keras_like = type(c)(c.thresholds, c.tp, c.fp, False, ">")
    with pytest.raises(ValueError, match="different threshold rules"):
        sum_counts([c, keras_like])
    with pytest.raises(ValueError, match="at least one table"):
        sum_counts([])


@given(binary_data(weights=True), st.floats(-2e6, 2e6, allow_nan=False))
def test_at_threshold_equals_counting_raw_scores(data, t):
    y, s, w = data
    c = exact_counts(y, s, w)
    ww = np.ones(y.size) if w is None else w
    s = s.astype(np.float64)  # compare in float64 (numpy would round t to float32 against float32 scores)
    predicted = s >= t
    tp, fp = at_threshold(c, t)
    assert tp == pytest.approx(ww[predicted & y].sum(), abs=1e-9)
    assert fp == pytest.approx(ww[predicted & ~y].sum(), abs=1e-9)
    # at the table's own thresholds too (ties)
    for t in c.thresholds[:5]:
        predicted = s >= t
        assert at_threshold(c, t) == pytest.approx((ww[predicted & y].sum(), ww[predicted & ~y].sum()))


def test_at_threshold_nan_predicts_nothing():
    c = exact_counts(np.array([True, False]), np.array([0.9, 0.1]))
    assert at_threshold(c, float("nan")) == (0.0, 0.0)


def test_combine_is_the_mean_of_defined_values():
    assert combine([0.5, np.nan, 1.0]) == pytest.approx(0.75)
    assert combine([0.5, np.nan, 1.0], [1.0, 5.0, 3.0]) == pytest.approx((0.5 + 3.0) / 4.0)
    assert np.isnan(combine([np.nan, np.nan]))
    assert np.isnan(combine([0.5], [0.0]))
    np.testing.assert_allclose(combine(np.array([[0.1, 0.2], [np.nan, 0.9], [0.3, 0.4]])), [0.2, 0.3])


def test_defined_rule():
    assert defined(1, 1) and not defined(0, 1) and not defined(1, 0) and defined(1, 0, needs_negatives=False)


def test_report_normalizes_and_sorts_each_model_once(monkeypatch):
    import rocauc
    from rocauc.core import counts, inputs, policy

    calls = {"normalize": 0, "sort": 0}
    real_normalize, real_sort = inputs.normalize, counts._sort_ascending

    def counting_normalize(*args, **kwargs):
        calls["normalize"] += 1
        return real_normalize(*args, **kwargs)

    def counting_sort(*args, **kwargs):
        calls["sort"] += 1
        return real_sort(*args, **kwargs)

    monkeypatch.setattr(policy, "normalize", counting_normalize)
    monkeypatch.setattr(counts, "_sort_ascending", counting_sort)
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    models = {"A": rng.normal(size=300) + y, "B": rng.normal(size=300) + 0.5 * y}
    rep = rocauc.report(y, models)
    assert calls == {"normalize": 2, "sort": 2}
    section = rep.to_dict()["sections"][0]
    assert [m["roc_auc"] for m in section["models"]] == pytest.approx([rocauc.roc_auc(y, s) for s in models.values()])
    assert len(section["comparisons"]) == 1
    # with bands: still one normalization per model, and the same bands as roc_band/pr_band on the raw scores
    calls["normalize"] = 0
    kw = dict(level=0.9, n_resamples=40, random_state=3)
    rep = rocauc.report(y, models, band="simultaneous", **kw)
    assert calls["normalize"] == 2
    with_bands = rep.sections[0].models
    calls["normalize"] = 0
    for m, scores in zip(with_bands, models.values()):
        for curve, band_of in (("roc", rocauc.roc_band), ("pr", rocauc.pr_band)):
            direct = band_of(y, scores, kind="simultaneous", progress=False, **kw).to_dict()
            assert m.bands[curve].to_dict() == direct
    assert calls["normalize"] == 4  # the direct calls normalize their raw scores themselves


def test_functions_accept_a_normalized_problem_or_an_evaluation():
    import rocauc

    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 200)
    a, b = rng.normal(size=200) + y, rng.normal(size=200)
    ev_a, ev_b = rocauc.evaluate(y, a, threshold=0.0), rocauc.evaluate(y, b, threshold=0.0)
    assert rocauc.compare(None, ev_a, ev_b).p_value == pytest.approx(rocauc.compare(y, a, b).p_value)
    assert rocauc.operating_point(None, ev_a).threshold == rocauc.operating_point(y, a).threshold
    assert rocauc.metrics_at_threshold(y, ev_a, 0.3).tp == rocauc.metrics_at_threshold(y, a, 0.3).tp
    assert rocauc.roc_auc_ci(None, ev_a.problem).high == pytest.approx(rocauc.roc_auc_ci(y, a).high)
    with pytest.raises(ValueError, match="already normalized .* so pos_label cannot be applied"):
        rocauc.operating_point(None, ev_a, pos_label=1)
    with pytest.raises(ValueError, match="y_true has 3 samples but y_score was evaluated on 200"):
        rocauc.roc_curve([0, 1, 0], ev_a)
    with pytest.raises(TypeError, match="y_true is None; pass an array"):
        rocauc.roc_curve(None, a)


def test_evaluate_uses_the_requested_operating_point_for_any_scores():
    import rocauc

    y = np.array([0, 0, 1, 1, 0, 1, 1, 0])
    margins = np.array([-2.0, -1.0, 1.5, 3.0, 0.5, 0.2, 2.0, -0.5])  # not probabilities
    ev = rocauc.evaluate(y, margins, operating_point="youden")
    op = rocauc.operating_point(y, margins)
    assert ev.decision.threshold == op.threshold == ev.operating_point.threshold
    assert ev.decision.matrix.tolist() == op.confusion_matrix.tolist()
    with pytest.raises(ValueError, match="operating_point='youden'"):
        rocauc.evaluate(y, margins)


@given(binary_data(weights=True))
def test_precision_scores_in_one_pass_equal_the_separate_ones(data):
    from reference import davis_goadrich_pr_auc, step_average_precision
    from rocauc.core.scores import average_precision, pr_auc, precision_scores

    y, s, w = data
    c = exact_counts(y, s, w)
    ap, pr = precision_scores(c)
    assert ap == pytest.approx(average_precision(c), abs=1e-12)
    assert pr == pytest.approx(pr_auc(c), abs=1e-12)
    assert ap == pytest.approx(step_average_precision(y, s, w), abs=1e-9)
    assert pr == pytest.approx(davis_goadrich_pr_auc(y, s, w), abs=1e-6)  # the reference integrates numerically


@given(binary_data(weights=False, both_classes=False))
def test_score_rows_give_the_scores_of_the_full_table(data):
    from rocauc.core import scores as _scores
    from rocauc.core.counts import score_rows

    y, s, _ = data
    full = exact_counts(y, s)
    rows = score_rows(np.sort(s[y]), np.sort(s[~y]))
    assert (rows.P, rows.N) == (full.P, full.N)
    assert np.all(np.diff(rows.thresholds) < 0) and len(rows) <= len(full)
    for score in (_scores.auc, _scores.average_precision, _scores.pr_auc):
        np.testing.assert_allclose(score(rows), score(full), rtol=0, atol=1e-12)


@given(multiclass_data())
def test_evaluation_micro_scores_and_lazy_micro_table(data):
    import warnings

    import rocauc

    y, p = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = rocauc.evaluate(y, p, ci=None)
    full = micro_counts(normalize(y, p))
    from rocauc.core import scores as _scores

    assert ev.averages["roc_auc"]["micro"] == pytest.approx(_scores.auc(full), abs=1e-12)
    assert ev.averages["average_precision"]["micro"] == pytest.approx(_scores.average_precision(full), abs=1e-12)
    assert ev.averages["pr_auc"]["micro"] == pytest.approx(_scores.pr_auc(full), abs=1e-12)
    _assert_same_table(ev.micro.counts, full)  # built when read
    np.testing.assert_allclose(ev.micro.roc.tpr, rocauc.roc_curve(problem_indicator(y, p), p.ravel()).tpr)


def problem_indicator(y, p):
    return (y[:, None] == np.arange(p.shape[1])[None, :]).ravel()
