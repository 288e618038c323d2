"""Plot contents (lines, labels, legends) checked against scikit-learn, without image comparison."""

import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sklearn import metrics  # noqa: E402

import rocauc  # noqa: E402
from rocauc.plot import (  # noqa: E402
    ConfusionMatrixDisplay,
    Curve,
    PrecisionRecallDisplay,
    RocDisplay,
    ThresholdDisplay,
)
from rocauc.present.common import Span  # noqa: E402
from rocauc.present.plots import bend_limits, thin  # noqa: E402

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def binary_data(n=300, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    a = 1 / (1 + np.exp(-(rng.normal(size=n) + 1.5 * (y - 0.5))))
    b = 1 / (1 + np.exp(-(rng.normal(size=n) + 0.8 * (y - 0.5))))
    return y, a, b


def softmax_data(n=300, k=3, seed=1):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    z = rng.normal(size=(n, k))
    z[np.arange(n), y] += 1.2
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return y, p


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


# ----------------------------------------------------------------------------------------------- ROC


def test_roc_several_models_match_sklearn_and_label_auc():
    y, a, b = binary_data()
    d = RocDisplay.from_predictions(y, {"keras MLP": a, "random forest": b}, ci=None)
    assert len(d.lines_) == 2
    for line, name, s in zip(d.lines_, ["keras MLP", "random forest"], [a, b]):
        fpr, tpr, _ = metrics.roc_curve(y, s)
        np.testing.assert_allclose(line.get_xdata(), fpr)
        np.testing.assert_allclose(line.get_ydata(), tpr)
        assert line.get_label() == f"{name} (AUC = {metrics.roc_auc_score(y, s):.3f})"
    assert d.chance_line_.get_label() == "chance (AUC = 0.5)"
    np.testing.assert_array_equal(d.chance_line_.get_xdata(), [0, 1])
    np.testing.assert_array_equal(d.chance_line_.get_ydata(), [0, 1])
    assert legend_texts(d.ax_) == [line.get_label() for line in d.lines_] + ["chance (AUC = 0.5)"]
    assert d.ax_.get_xlabel().startswith("False positive rate")
    assert d.ax_.get_ylabel().startswith("True positive rate")
    assert d.inset_ax_ is None


@pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")
@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.integers(0, 6)), min_size=4, max_size=40).filter(
        lambda rows: 0 < sum(r[0] for r in rows) < len(rows)
    )
)
def test_roc_line_is_sklearn_curve_property(rows):
    y = np.array([r[0] for r in rows], int)
    s = np.array([r[1] for r in rows], float) / 6  # ties on purpose
    d = RocDisplay.from_predictions(y, s, ci=None)
    fpr, tpr, _ = metrics.roc_curve(y, s)
    np.testing.assert_allclose(d.lines_[0].get_xdata(), fpr)
    np.testing.assert_allclose(d.lines_[0].get_ydata(), tpr)
    plt.close("all")


def test_roc_inset_zooms_where_the_curves_bend_with_the_same_curves():
    y, a, b = binary_data()
    d = RocDisplay.from_predictions(y, {"A": a, "B": b}, ci=None, inset=True)
    inner = d.inset_ax_
    (x0, x1), (y0, y1) = inner.get_xlim(), inner.get_ylim()
    assert (x0, x1, y0, y1) == pytest.approx(bend_limits(d.curves))
    for c in d.curves:  # the point of each curve closest to the top-left corner is inside the zoom
        i = int(np.argmin(c.x**2 + (1 - c.y) ** 2))
        assert x0 <= c.x[i] <= x1 and y0 <= c.y[i] <= y1
    assert x1 - x0 == pytest.approx(y1 - y0) and x1 - x0 < 0.6
    assert len(inner.lines) == 2
    for outer, zoomed in zip(d.lines_, inner.lines):
        np.testing.assert_array_equal(outer.get_xdata(), zoomed.get_xdata())
        assert outer.get_color() == zoomed.get_color()
    d2 = RocDisplay.from_predictions(y, a, ci=None, inset=(0, 0.1, 0.5, 1))
    assert d2.inset_ax_.get_xlim() == (0.0, 0.1) and d2.inset_ax_.get_ylim() == (0.5, 1.0)
    with pytest.raises(ValueError, match=r"inset must be True or \(x0, x1, y0, y1\)"):
        RocDisplay.from_predictions(y, a, ci=None, inset=(0, 1))
    with pytest.raises(ValueError, match="need x0 < x1 and y0 < y1"):
        RocDisplay.from_predictions(y, a, ci=None, inset=(0.2, 0.1, 0.8, 1))


def test_roc_inset_left_out_when_there_is_nothing_to_zoom_on():
    good = Curve("good", np.array([0.0, 0.02, 1.0]), np.array([0.0, 0.95, 1.0]), 0.97)
    poor = Curve("poor", np.array([0.0, 0.6, 1.0]), np.array([0.0, 0.55, 1.0]), 0.5)
    assert bend_limits([good, poor]) is None  # they bend far apart: a zoom would show the whole plot
    assert bend_limits([]) is None
    d = RocDisplay([good, poor]).plot(inset=True)
    assert d.inset_ax_ is None
    assert RocDisplay([good]).plot(inset=True).inset_ax_ is not None


def test_large_curves_are_thinned_to_the_pixels_drawn():
    rng = np.random.default_rng(0)
    n = 200_000
    y = rng.random(n) < 0.3
    s = rng.normal(size=n) + y
    d = RocDisplay.from_predictions(y, s, ci=None)
    fpr, tpr, _ = rocauc.roc_curve(y, s)
    x, v = d.lines_[0].get_xdata(), d.lines_[0].get_ydata()
    assert x.size < 20_000 < fpr.size
    assert (x[0], v[0], x[-1], v[-1]) == (fpr[0], tpr[0], fpr[-1], tpr[-1])
    # every dropped point lies within one cell (1/2048) of the drawn polyline
    assert np.max(np.abs(np.interp(fpr, x, v) - tpr)) <= 2.0 / 2048
    tx, ty = thin(np.arange(10.0), np.arange(10.0))
    assert tx.size == 10  # small curves are drawn whole
    plt.close("all")


def test_legends_do_not_cover_the_axes_when_there_are_many_classes():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 10, 500)
    p = rng.dirichlet(np.ones(10), 500)
    d = RocDisplay.from_predictions(y, p, ci=None)
    legend = d.ax_.get_legend()
    d.figure_.canvas.draw()
    box, axes_box = legend.get_window_extent(), d.ax_.get_window_extent()
    assert box.y1 <= axes_box.y0  # below the axes
    assert legend._ncols == 2
    t = ThresholdDisplay.from_predictions(y == 1, p[:, 1], threshold=0.1)
    t.figure_.canvas.draw()
    assert t.ax_.get_legend().get_window_extent().y1 <= t.ax_.get_window_extent().y0
    plt.close("all")


def test_multiclass_per_class_micro_macro():
    y, p = softmax_data()
    d = RocDisplay.from_predictions(y, p)
    labels = [line.get_label() for line in d.lines_]
    per_class = metrics.roc_auc_score(y, p, multi_class="ovr", average=None)
    ci = rocauc.roc_auc_ci(y, p, average=None)
    assert labels[:3] == [f"class {k} (AUC = {per_class[k]:.3f} [{ci[k].low:.3f}, {ci[k].high:.3f}])" for k in range(3)]
    # the default interval, "auto": logit-DeLong for the classes with fewer than 100 samples (and the macro average)
    assert sorted({ci[k].method for k in range(3)}) == ["delong", "delong-logit"]
    assert d.ax_.get_legend().get_title().get_text() == "AUC [95% CI, DeLong, logit-DeLong]"
    plain = RocDisplay.from_predictions(y, p, ci="delong")
    assert plain.ax_.get_legend().get_title().get_text() == "AUC [95% CI, DeLong]"
    onehot = np.eye(3)[y]
    for k in range(3):
        fpr, tpr, _ = metrics.roc_curve(y == k, p[:, k])
        np.testing.assert_allclose(d.lines_[k].get_xdata(), fpr)
        np.testing.assert_allclose(d.lines_[k].get_ydata(), tpr)
    micro_fpr, micro_tpr, _ = metrics.roc_curve(onehot.ravel(), p.ravel())
    micro = d.lines_[3]
    np.testing.assert_allclose(micro.get_xdata(), micro_fpr)
    np.testing.assert_allclose(micro.get_ydata(), micro_tpr)
    micro_auc = metrics.roc_auc_score(onehot, p, average="micro")
    assert micro.get_label() == f"micro-average (AUC = {micro_auc:.3f})"
    macro = d.lines_[4]
    macro_auc = metrics.roc_auc_score(y, p, multi_class="ovr", average="macro")
    macro_ci = rocauc.roc_auc_ci(y, p)
    assert macro.get_label().startswith("macro-average (AUC = ")  # the report's definitions explain it
    assert macro.get_label().endswith(f"(AUC = {macro_auc:.3f} [{macro_ci.low:.3f}, {macro_ci.high:.3f}])")
    # the drawn macro curve's area is the macro AUC
    area = np.trapezoid(macro.get_ydata(), macro.get_xdata())
    assert area == pytest.approx(macro_auc, abs=1e-12)
    assert d.ax_.get_title() == "ROC curves, one class against the rest"


def test_multilabel_per_label_curves():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, (200, 3))
    s = rng.random((200, 3)) + 0.5 * y
    s /= s.max()
    d = RocDisplay.from_predictions(y, s, labels=["cat", "dog", "<b>bird</b>"], ci=None)
    per_label = metrics.roc_auc_score(y, s, average=None)
    assert [line.get_label() for line in d.lines_[:3]] == [
        f"label {n} (AUC = {v:.3f})" for n, v in zip(["cat", "dog", "<b>bird</b>"], per_label)
    ]
    assert d.lines_[3].get_label() == f"micro-average (AUC = {metrics.roc_auc_score(y, s, average='micro'):.3f})"


def test_from_evaluation_uses_the_evaluation_intervals():
    y, p = softmax_data()
    ev = rocauc.evaluate(y, p)  # DeLong intervals by default
    d = RocDisplay.from_evaluation(ev)
    ci = ev.intervals.per_class["roc_auc"]
    assert d.lines_[1].get_label().endswith(f"[{ci[1].low:.3f}, {ci[1].high:.3f}])")
    macro = ev.roc_auc_interval
    assert d.lines_[4].get_label().endswith(f"[{macro.low:.3f}, {macro.high:.3f}])")
    both = RocDisplay.from_evaluation({"A": ev})
    assert both.lines_[0].get_label().endswith(f"[{macro.low:.3f}, {macro.high:.3f}])")
    plain = RocDisplay.from_evaluation(rocauc.evaluate(y, p, ci=None))
    assert "[" not in plain.lines_[1].get_label()


def test_several_multiclass_models_draw_their_average_curve():
    y, p = softmax_data()
    _, q = softmax_data(seed=5)
    evs = {"A": rocauc.evaluate(y, p, ci=None), "B": rocauc.evaluate(y, q, ci=None)}
    d = RocDisplay.from_evaluation(evs)
    assert [line.get_label() for line in d.lines_] == [
        f"A, macro-average (AUC = {metrics.roc_auc_score(y, p, multi_class='ovr'):.3f})",
        f"B, macro-average (AUC = {metrics.roc_auc_score(y, q, multi_class='ovr'):.3f})",
    ]
    d = RocDisplay.from_evaluation(evs, average="micro")
    assert (
        d.lines_[0].get_label()
        == f"A, micro-average (AUC = {metrics.roc_auc_score(np.eye(3)[y], p, average='micro'):.3f})"
    )
    with pytest.raises(ValueError, match="average must be 'macro' or 'micro'"):
        RocDisplay.from_evaluation(evs, average="weighted")


def test_binary_intervals_from_roc_auc_ci():
    y, a, b = binary_data()
    d = RocDisplay.from_predictions(y, {"A": a, "B": b})
    for line, s, name in zip(d.lines_, [a, b], "AB"):
        ci = rocauc.roc_auc_ci(y, s)
        assert line.get_label() == f"{name} (AUC = {metrics.roc_auc_score(y, s):.3f} [{ci.low:.3f}, {ci.high:.3f}])"
    boot = RocDisplay.from_predictions(y, a, ci="bootstrap", random_state=0)
    ci = rocauc.roc_auc_ci(y, a, method="bootstrap", random_state=0)
    assert boot.lines_[0].get_label().endswith(f"[{ci.low:.3f}, {ci.high:.3f}])")
    assert boot.ax_.get_legend().get_title().get_text() == "AUC [95% CI, bootstrap percentile]"


def test_interval_in_legend_and_legend_title():
    curves = [
        Curve("A", np.array([0, 0.2, 1]), np.array([0, 0.8, 1]), 0.8, Span(0.71, 0.89, 0.95, "DeLong")),
        Curve("B", np.array([0, 1]), np.array([0, 1]), 0.5),
    ]
    d = RocDisplay(curves).plot()
    assert d.lines_[0].get_label() == "A (AUC = 0.800 [0.710, 0.890])"
    assert d.lines_[1].get_label() == "B (AUC = 0.500)"
    assert d.ax_.get_legend().get_title().get_text() == "AUC [95% CI, DeLong]"


def test_plot_on_given_axes_and_returns_self():
    y, a, _ = binary_data()
    fig, ax = plt.subplots()
    d = RocDisplay.from_predictions(y, a, ax=ax, ci=None)
    assert d.ax_ is ax and d.figure_ is fig
    again = d.plot(title="again")
    assert again is d and d.ax_ is not ax and d.ax_.get_title() == "again"


def test_model_names_must_be_strings():
    y, a, b = binary_data()
    with pytest.raises(TypeError, match="model names must be strings, got 1"):
        RocDisplay.from_predictions(y, {1: a}, ci=None)
    with pytest.raises(ValueError, match="mapping of model names to scores is empty"):
        RocDisplay.from_predictions(y, {}, ci=None)


# ------------------------------------------------------------------------------------------ precision-recall


def test_precision_recall_matches_sklearn_with_baseline_and_iso_f1():
    y, a, b = binary_data()
    d = PrecisionRecallDisplay.from_predictions(y, {"A": a, "B": b})
    for line, name, s in zip(d.lines_, "AB", [a, b]):
        precision, recall, _ = metrics.precision_recall_curve(y, s)
        np.testing.assert_allclose(line.get_xdata(), recall)
        np.testing.assert_allclose(line.get_ydata(), precision)
        assert line.get_drawstyle() == "steps-post"
        assert line.get_label() == f"{name} (AP = {metrics.average_precision_score(y, s):.3f})"
    (base,) = d.baseline_lines_
    assert base.get_ydata()[0] == pytest.approx(y.mean())
    assert base.get_label() == f"chance (prevalence = {y.mean():.3f})"
    assert len(d.iso_f1_lines_) == 4
    for line, f in zip(d.iso_f1_lines_, (0.2, 0.4, 0.6, 0.8)):
        r, p = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
        np.testing.assert_allclose(2 * p * r / (p + r), f, rtol=1e-6)
    texts = [t.get_text() for t in d.ax_.texts]
    assert texts == ["F1 = 0.2", "F1 = 0.4", "F1 = 0.6", "F1 = 0.8"]
    assert legend_texts(d.ax_) == [line.get_label() for line in d.lines_] + [base.get_label()]
    with pytest.raises(ValueError, match=r"iso_f1 values must be in \(0, 1\), got 1.5"):
        d.plot(iso_f1=(1.5,))


def test_precision_recall_legend_never_shows_the_auc_interval():
    y, a, b = binary_data()
    d = PrecisionRecallDisplay.from_evaluation({"A": rocauc.evaluate(y, a), "B": rocauc.evaluate(y, b)})
    assert [line.get_label() for line in d.lines_] == [
        f"A (AP = {metrics.average_precision_score(y, a):.3f})",
        f"B (AP = {metrics.average_precision_score(y, b):.3f})",
    ]


def test_precision_recall_multiclass_one_baseline_per_class():
    y, p = softmax_data()
    d = PrecisionRecallDisplay.from_predictions(y, p)
    ap = metrics.average_precision_score(np.eye(3)[y], p, average=None)
    assert [line.get_label() for line in d.lines_[:3]] == [f"class {k} (AP = {ap[k]:.3f})" for k in range(3)]
    micro = metrics.average_precision_score(np.eye(3)[y], p, average="micro")
    assert d.lines_[3].get_label() == f"micro-average (AP = {micro:.3f})"
    prevalences = sorted(line.get_ydata()[0] for line in d.baseline_lines_)
    expected = sorted(set(np.round(np.r_[np.bincount(y) / y.size, 1 / 3], 12)))
    np.testing.assert_allclose(prevalences, expected)
    assert d.ax_.get_legend().get_title().get_text() == "dotted: chance (each prevalence)"


# --------------------------------------------------------------------------------------------- decisions


def test_confusion_matrix_binary_counts_and_rates():
    y, a, _ = binary_data()
    d = ConfusionMatrixDisplay.from_predictions(y, a, threshold=0.4)
    cm = metrics.confusion_matrix(y, a >= 0.4)
    rates = cm / cm.sum(axis=1, keepdims=True)
    for i in range(2):
        for j in range(2):
            assert d.text_[i, j].get_text() == f"{cm[i, j]}\n{100 * rates[i, j]:.1f}%"
    np.testing.assert_allclose(d.im_.get_array(), rates)
    assert [t.get_text() for t in d.ax_.get_xticklabels()] == ["0 (negative)", "1 (positive)"]
    assert d.ax_.get_xlabel() == "Predicted label" and d.ax_.get_ylabel() == "True label"
    assert "score >= 0.4" in d.ax_.get_title() and "rows sum to 100%" in d.ax_.get_title()
    d = ConfusionMatrixDisplay.from_predictions(y, a, threshold=0.4, normalize=None, colorbar=False)
    assert d.text_[1, 1].get_text() == str(cm[1, 1])
    pred = ConfusionMatrixDisplay.from_predictions(y, a, threshold=0.4, normalize="pred")
    np.testing.assert_allclose(pred.normalized_, cm / cm.sum(axis=0, keepdims=True))
    with pytest.raises(ValueError, match="normalize must be 'true', 'pred', 'all' or None, got 'rows'"):
        d.plot(normalize="rows")


def test_confusion_matrix_multiclass_argmax_and_weights():
    y, p = softmax_data()
    w = np.random.default_rng(0).integers(1, 4, y.size).astype(float)
    d = ConfusionMatrixDisplay.from_predictions(y, p, sample_weight=w, normalize="all")
    cm = metrics.confusion_matrix(y, p.argmax(axis=1), sample_weight=w)
    for i in range(3):
        for j in range(3):
            assert d.text_[i, j].get_text() == f"{int(cm[i, j])}\n{100 * cm[i, j] / cm.sum():.1f}%"
    assert "argmax" in d.ax_.get_title()


def test_confusion_matrix_multilabel_needs_a_label():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, (50, 2))
    s = rng.random((50, 2))
    ev = rocauc.evaluate(y, s, labels=["a", "b"])
    with pytest.raises(ValueError, match=r"one 2x2 matrix per label; pass label= one of \['a', 'b'\]"):
        ConfusionMatrixDisplay.from_evaluation(ev)
    d = ConfusionMatrixDisplay.from_evaluation(ev, label="b")
    cm = metrics.confusion_matrix(y[:, 1], s[:, 1] >= 0.5)
    assert d.text_[0, 1].get_text().split("\n")[0] == str(cm[0, 1])
    assert [t.get_text() for t in d.ax_.get_yticklabels()] == ["not b", "b"]


def test_threshold_plot_rates_and_operating_point():
    y, a, _ = binary_data()
    t = 0.55
    d = ThresholdDisplay.from_predictions(y, a, threshold=t, name="A")
    assert [line.get_label() for line in d.lines_] == ["true positive rate", "false positive rate", "precision"]
    thresholds = np.unique(a)
    tpr = [np.mean(a[y == 1] >= v) for v in thresholds]
    fpr = [np.mean(a[y == 0] >= v) for v in thresholds]
    np.testing.assert_allclose(d.lines_[0].get_xdata(), thresholds)
    np.testing.assert_allclose(d.lines_[0].get_ydata(), tpr)
    np.testing.assert_allclose(d.lines_[1].get_ydata(), fpr)
    assert all(line.get_drawstyle() == "steps-pre" for line in d.lines_)
    pred = a >= t
    expected = (metrics.recall_score(y, pred), np.mean(pred[y == 0]), metrics.precision_score(y, pred))
    np.testing.assert_allclose([m.get_ydata()[0] for m in d.operating_markers_], expected)
    assert d.operating_line_.get_xdata()[0] == t
    assert d.operating_line_.get_label() == (
        f"operating point: threshold 0.55 (TPR {expected[0]:.2f}, FPR {expected[1]:.2f}, precision {expected[2]:.2f})"
    )
    assert d.ax_.get_title() == "Rates against the threshold: A"


def test_threshold_plot_defaults_to_the_decision_threshold_and_rejects_multiclass():
    y, a, _ = binary_data()
    d = ThresholdDisplay.from_evaluation(rocauc.evaluate(y, a))
    assert d.operating_line_.get_xdata()[0] == 0.5
    assert d.operating_line_.get_label().startswith("decision threshold: threshold 0.5")
    margins = np.log(a / (1 - a))  # not probabilities: no default threshold, so nothing marked
    assert ThresholdDisplay.from_predictions(y, margins).operating_line_ is None
    y3, p = softmax_data()
    with pytest.raises(ValueError, match="the threshold plot is for binary problems; this evaluation is multiclass"):
        ThresholdDisplay.from_evaluation(rocauc.evaluate(y3, p))


def test_curves_from_scores_that_are_not_probabilities():
    y, a, _ = binary_data()
    margins = 3 * np.log(a / (1 - a))  # any real scores: ROC and PR need no threshold
    d = RocDisplay.from_predictions(y, margins, ci=None)
    fpr, tpr, _ = metrics.roc_curve(y, margins)
    np.testing.assert_allclose(d.lines_[0].get_xdata(), fpr)
    PrecisionRecallDisplay.from_predictions(y, margins)


# ---------------------------------------------------------------------------------------------- imports


def _run(code):
    env = dict(os.environ, PYTHONPATH=SRC, MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_matplotlib_is_imported_only_when_drawing():
    out = _run("import sys, rocauc, rocauc.plot; print('matplotlib' in sys.modules)")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_missing_matplotlib_names_the_extra():
    out = _run(
        "import sys; sys.modules['matplotlib'] = None; sys.modules['matplotlib.pyplot'] = None\n"
        "from rocauc.plot import RocDisplay\n"
        "try:\n    RocDisplay.from_predictions([0, 1], [0.2, 0.8], ci=None)\n"
        "except ImportError as e:\n    print(e)"
    )
    assert out.returncode == 0, out.stderr
    assert "plotting needs the optional dependency 'matplotlib.pyplot'" in out.stdout
    assert "pip install 'rocauc[plot]'" in out.stdout


def test_docstring_examples():
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module("rocauc.present.plots"), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
