"""Reports: numbers in the JSON and the text table against scikit-learn; the HTML escaped and self-contained."""

import html.parser
import json
import math
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn import metrics  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

import rocauc  # noqa: E402
from helpers import parse_table  # noqa: E402
from rocauc import Report, report  # noqa: E402

HOSTILE = '<script>alert("x")</script>'
HOSTILE_ATTR = '"><img src=x onerror=alert(1)>'


def binary_data(n=400, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    a = 1 / (1 + np.exp(-(rng.normal(size=n) + 1.6 * (y - 0.5))))
    b = 1 / (1 + np.exp(-(rng.normal(size=n) + 1.0 * (y - 0.5))))
    return y, a, b


def softmax_data(n=300, k=3, seed=1, strength=1.2):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    z = rng.normal(size=(n, k))
    z[np.arange(n), y] += strength
    return y, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def metrics_at(y, s, t):
    pred = s >= t
    tn, fp, fn, tp = metrics.confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {
        "tpr": tp / (tp + fn),
        "fpr": fp / (fp + tn),
        "precision": metrics.precision_score(y, pred),
        "f1": metrics.f1_score(y, pred),
        "accuracy": metrics.accuracy_score(y, pred),
        "specificity": tn / (tn + fp),
    }


# -------------------------------------------------------------------------------------------- binary


def test_binary_numbers_against_sklearn():
    y, a, b = binary_data()
    rep = report(y, {"A": a, "B": b}, calibration=False)
    d = json.loads(rep.to_json())
    (section,) = d["sections"]
    assert section["task"] == "binary" and section["n_samples"] == len(y)
    assert section["positives"] == y.sum() and section["negatives"] == len(y) - y.sum()
    for m, s in zip(section["models"], [a, b]):
        assert m["roc_auc"] == pytest.approx(metrics.roc_auc_score(y, s), abs=1e-12)
        assert m["average_precision"] == pytest.approx(metrics.average_precision_score(y, s), abs=1e-12)
        op = m["operating_point"]
        expected = metrics_at(y, s, op["threshold"])
        for k, v in expected.items():
            assert op[k] == pytest.approx(v, abs=1e-12), k
        assert op["confusion_matrix"] == metrics.confusion_matrix(y, s >= op["threshold"]).tolist()
        # Youden's J: the threshold maximizes TPR - FPR over the whole curve
        fpr, tpr, _ = metrics.roc_curve(y, s)
        assert op["tpr"] - op["fpr"] == pytest.approx(np.max(tpr - fpr), abs=1e-12)
        assert op["criterion"] == "Youden's J (max TPR - FPR)"


def test_binary_text_table_against_sklearn():
    y, a, b = binary_data()
    rep = report(y, {"model A": a, "model B": b}, threshold=0.45)
    text = rep.to_text()
    rows = parse_table(text, "model")
    assert [r["model"] for r in rows] == ["model A", "model B"]
    for r, s in zip(rows, [a, b]):
        assert r["ROC AUC"] == f"{metrics.roc_auc_score(y, s):.3f}"
        assert r["AP"] == f"{metrics.average_precision_score(y, s):.3f}"
        assert r["threshold"] == "0.45"
        m = metrics_at(y, s, 0.45)
        for col, key in [
            ("TPR", "tpr"),
            ("FPR", "fpr"),
            ("precision", "precision"),
            ("F1", "f1"),
            ("accuracy", "accuracy"),
        ]:
            assert r[col] == f"{m[key]:.3f}", col
    assert f"binary, {len(y)} samples: {y.sum()} positive (class 1), {len(y) - y.sum()} negative" in text
    assert "Operating point: given threshold" in text
    # the columns line up: every row of the table has the same width as its rule line
    lines = text.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("model "))
    assert lines[i + 1].startswith("-------  ")
    assert str(rep) == text


def test_intervals_and_comparisons_come_from_the_statistics_functions():
    y, a, b = binary_data()
    _, c, _ = binary_data(seed=7)
    rep = report(y, {"A": a, "B": b, "C": c})
    section = rep.to_dict()["sections"][0]
    for m, s in zip(section["models"], [a, b, c]):
        ci = rocauc.roc_auc_ci(y, s)
        assert m["roc_auc_ci"]["low"] == pytest.approx(ci.low) and m["roc_auc_ci"]["high"] == pytest.approx(ci.high)
    pairs = [(r["model_a"], r["model_b"]) for r in section["comparisons"]]
    assert pairs == [("A", "B"), ("A", "C"), ("B", "C")]
    scores = {"A": a, "B": b, "C": c}
    raw = []
    for r in section["comparisons"]:
        ref = rocauc.compare(y, scores[r["model_a"]], scores[r["model_b"]])
        assert r["difference"] == pytest.approx(
            metrics.roc_auc_score(y, scores[r["model_a"]]) - metrics.roc_auc_score(y, scores[r["model_b"]]), abs=1e-12
        )
        assert r["p_value"] == pytest.approx(ref.p_value)
        raw.append(r["p_value"])
    assert [r["p_holm"] for r in section["comparisons"]] == pytest.approx(reference_holm(raw))
    text = rep.to_text()
    assert "Pairwise comparisons" in text and "p (Holm)" in text


def reference_holm(p):
    """Holm's adjusted p-values by the definition: the i-th smallest gets max_{j <= i} min(1, (m - j) p_(j))."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    adjusted = [0.0] * m
    for rank, i in enumerate(order):
        adjusted[i] = max(min(1.0, (m - j) * p[order[j]]) for j in range(rank + 1))
    return adjusted


def test_scores_that_are_not_probabilities():
    y, a, b = binary_data()
    margins = np.log(a / (1 - a)) * 3
    rep = report(y, {"svm": margins}, ci=None)
    m = rep.to_dict()["sections"][0]["models"][0]
    assert m["roc_auc"] == pytest.approx(metrics.roc_auc_score(y, margins))
    t = m["operating_point"]["threshold"]
    assert t in margins and m["operating_point"]["tpr"] == pytest.approx(np.mean(margins[y == 1] >= t))
    # without a criterion, scores that are not probabilities have no default threshold: no operating point
    rep = report(y, {"svm": margins}, ci=None, operating_point=None)
    assert rep.to_dict()["sections"][0]["models"][0]["operating_point"] is None
    assert parse_table(rep.to_text(), "model")[0]["threshold"] == "–"


def test_single_score_array_and_sample_weights():
    y, a, _ = binary_data()
    w = np.random.default_rng(2).integers(1, 4, y.size)
    m = report(y, a, sample_weight=w, ci=None).to_dict()["sections"][0]["models"][0]
    assert m["name"] == "model"
    assert m["roc_auc"] == pytest.approx(metrics.roc_auc_score(y, a, sample_weight=w))
    assert m["average_precision"] == pytest.approx(metrics.average_precision_score(y, a, sample_weight=w))


# ------------------------------------------------------------------------------------------ multi-class


def test_multiclass_numbers_against_sklearn():
    y, p = softmax_data()
    _, q = softmax_data(seed=4, strength=0.6)
    rep = report(y, {"softmax": p, "weak": q}, title="three classes")
    section = rep.to_dict()["sections"][0]
    assert section["task"] == "multiclass"
    (comparison,) = section["comparisons"]  # the macro AUCs compared (DeLong on the class AUCs' covariance)
    assert comparison["difference"] == pytest.approx(
        metrics.roc_auc_score(y, p, multi_class="ovr") - metrics.roc_auc_score(y, q, multi_class="ovr"), abs=1e-12
    )
    ref = rocauc.compare(y, p, q)
    assert comparison["p_value"] == pytest.approx(ref.p_value) and comparison["z"] == pytest.approx(ref.statistic)
    onehot = np.eye(3)[y]
    for m, s in zip(section["models"], [p, q]):
        a = m["averages"]["roc_auc"]
        assert a["macro"] == pytest.approx(metrics.roc_auc_score(y, s, multi_class="ovr"), abs=1e-12)
        assert a["weighted"] == pytest.approx(metrics.roc_auc_score(y, s, multi_class="ovr", average="weighted"))
        assert a["micro"] == pytest.approx(metrics.roc_auc_score(onehot, s, average="micro"), abs=1e-12)
        assert a["ovo_macro"] == pytest.approx(metrics.roc_auc_score(y, s, multi_class="ovo"), abs=1e-12)
        assert m["decision"]["accuracy"] == pytest.approx(metrics.accuracy_score(y, s.argmax(1)))
        assert m["decision"]["macro"]["f1"] == pytest.approx(metrics.f1_score(y, s.argmax(1), average="macro"))
        per_class = metrics.roc_auc_score(y, s, multi_class="ovr", average=None)
        f1 = metrics.f1_score(y, s.argmax(1), average=None)
        intervals = rocauc.roc_auc_ci(y, s, average=None)
        macro = rocauc.roc_auc_ci(y, s)
        assert (m["roc_auc_ci"]["low"], m["roc_auc_ci"]["high"]) == pytest.approx((macro.low, macro.high))
        for k, c in enumerate(m["classes"]):
            assert c["roc_auc"] == pytest.approx(per_class[k], abs=1e-12)
            assert (c["roc_auc_ci"]["low"], c["roc_auc_ci"]["high"]) == pytest.approx(
                (intervals[k].low, intervals[k].high)
            )
            assert c["f1"] == pytest.approx(f1[k])
            assert c["average_precision"] == pytest.approx(metrics.average_precision_score(y == k, s[:, k]))
    text = rep.to_text()
    rows = parse_table(text, "model")
    assert rows[0]["macro AUC"] == f"{metrics.roc_auc_score(y, p, multi_class='ovr'):.3f}"
    assert rows[1]["OvO AUC"] == f"{metrics.roc_auc_score(y, q, multi_class='ovo'):.3f}"
    assert rows[0]["accuracy"] == f"{metrics.accuracy_score(y, p.argmax(1)):.3f}"
    per = parse_table(text[text.index("Per class: softmax") :], "class")
    assert [r["ROC AUC"] for r in per] == [
        f"{v:.3f}" for v in metrics.roc_auc_score(y, p, multi_class="ovr", average=None)
    ]
    assert [r["positives"] for r in per] == [str(v) for v in np.bincount(y)]


def test_multilabel_numbers_against_sklearn():
    rng = np.random.default_rng(5)
    y = rng.integers(0, 2, (200, 3))
    s = np.clip(rng.random((200, 3)) * 0.7 + 0.3 * y, 0, 1)
    section = report(y, {"tags": s}, labels=["a", "b", "c"]).to_dict()["sections"][0]
    (m,) = section["models"]
    assert m["averages"]["roc_auc"]["macro"] == pytest.approx(metrics.roc_auc_score(y, s))
    assert m["averages"]["roc_auc"]["micro"] == pytest.approx(metrics.roc_auc_score(y, s, average="micro"))
    assert m["decision"]["accuracy"] == pytest.approx(metrics.accuracy_score(y, s >= 0.5))  # exact match
    assert [c["label"] for c in m["classes"]] == ["a", "b", "c"]


# ------------------------------------------------------------------------------------ evaluations, errors


def test_from_evaluations_without_labels():
    y, a, b = binary_data()
    rep = report(None, {"A": rocauc.evaluate(y, a), "B": rocauc.evaluate(y, b)})
    section = rep.to_dict()["sections"][0]
    assert [m["roc_auc"] for m in section["models"]] == pytest.approx(
        [metrics.roc_auc_score(y, a), metrics.roc_auc_score(y, b)]
    )
    # an evaluation carries its normalized problem: the models are compared without the labels again
    (row,) = section["comparisons"]
    expected = rocauc.compare(y, a, b)
    assert row["difference"] == pytest.approx(expected.difference.estimate)
    assert row["p_value"] == pytest.approx(expected.p_value)
    assert section["notes"] == []
    assert section["models"][0]["operating_point"]["tpr"] == pytest.approx(metrics_at(y, a, 0.5)["tpr"])


def test_from_evaluations_with_intervals_and_operating_points():
    y, a, b = binary_data()
    ev = rocauc.evaluate(y, a, operating_point="youden")
    m = report(None, {"A": ev}).to_dict()["sections"][0]["models"][0]
    assert (m["roc_auc_ci"]["low"], m["roc_auc_ci"]["high"]) == pytest.approx(
        (ev.roc_auc_interval.low, ev.roc_auc_interval.high)
    )
    op = m["operating_point"]
    assert op["threshold"] == ev.operating_point.threshold and op["criterion"] == "Youden's J (max TPR - FPR)"
    expected = metrics_at(y, a, op["threshold"])  # not the 0.5 decision of the evaluation
    for k, v in expected.items():
        assert op[k] == pytest.approx(v, abs=1e-12), k
    assert op["confusion_matrix"] == metrics.confusion_matrix(y, a >= op["threshold"]).tolist()
    y3, p = softmax_data()
    ev3 = rocauc.evaluate(y3, p)
    m3 = report(None, {"S": ev3}).to_dict()["sections"][0]["models"][0]
    per_class = ev3.intervals.per_class["roc_auc"]
    assert [c["roc_auc_ci"]["low"] for c in m3["classes"]] == pytest.approx([per_class[k].low for k in range(3)])


def test_bad_arguments():
    y, a, b = binary_data()
    y3, p = softmax_data()
    with pytest.raises(ValueError, match="y_true is None but model 'A' is given as scores"):
        report(None, {"A": a})
    with pytest.raises(ValueError, match="the models of one report must be evaluated on the same cases"):
        report(None, {"A": rocauc.evaluate(y, a), "B": rocauc.evaluate(y3, p)})
    with pytest.raises(ValueError, match=r"models is empty; pass \{name: scores\}"):
        report(y, {})
    with pytest.raises(TypeError, match="model names must be strings, got 3"):
        report(y, {3: a})
    with pytest.raises(ValueError, match=r"level must be a number in \(0, 1\) \(e.g. 0.95 for a 95% interval\)"):
        report(y, a, level=95)
    with pytest.raises(TypeError, match="cross_validation must be a result of rocauc.cross_validate_roc"):
        report(y, a, cross_validation=[1, 2])
    with pytest.raises(ValueError, match="nothing to report"):
        report(None, None)


def test_reports_add_and_cross_validation_section():
    X, y = make_classification(200, random_state=0)
    cv = rocauc.cross_validate_roc(LogisticRegression(), X, y, cv=3, progress=False, name="logreg")
    only_cv = report(None, None, cross_validation=cv)
    assert only_cv.to_dict()["sections"][0]["models"][0]["aucs"] == pytest.approx(cv.aucs.tolist())
    yb, a, _ = binary_data()
    y3, p = softmax_data()
    kw = dict(ci=None, calibration=False)
    both = report(yb, {"A": a}, title="binary", **kw) + report(y3, {"S": p}, title="three", calibration=False)
    assert isinstance(both, Report) and both.title == "binary + three"
    assert [s["title"] for s in both.to_dict()["sections"]] == ["binary", "three"]
    full = report(yb, {"A": a}, cross_validation={"logreg": cv}, **kw)
    kinds = [s["kind"] for s in full.to_dict()["sections"]]
    assert kinds == ["evaluation", "cross_validation"]
    rows = parse_table(full.to_text(), "model   folds")
    assert rows == [
        {
            "model": "logreg",
            "folds": "3",
            "mean AUC": f"{cv.mean_auc:.3f}",
            "std": f"{cv.std_auc:.3f}",
            "fold AUCs": " ".join(f"{v:.3f}" for v in cv.aucs),
        }
    ]


def test_terminal_control_characters_are_neutralized():
    y, a, _ = binary_data()
    text = report(y, {"red\x1b[31m\nname": a}, ci=None).to_text()
    assert "\x1b" not in text and "red?[31m?name" in text


# ------------------------------------------------------------------------------------------------ HTML


class _Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.refs, self.texts = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k == "id":
                self.ids.append(v)
            if k in ("href", "xlink:href", "src", "srcset", "action", "data", "poster"):
                self.refs.append(v)
            if v and "url(" in v:
                self.refs.extend(re.findall(r"url\(([^)]*)\)", v))

    def handle_data(self, data):
        self.texts.append(data)


@pytest.fixture(scope="module")
def hostile_report():
    y, a, b = binary_data()
    y3, p = softmax_data()
    names = [HOSTILE, "safe", HOSTILE_ATTR]
    return report(y, {HOSTILE: a, HOSTILE_ATTR: b}, title=f"title {HOSTILE}", ci=None, calibration=False) + report(
        np.array(names, dtype=object)[y3], {"soft" + HOSTILE: p}, labels=names, title="three", calibration=False
    )


def test_html_escapes_every_user_string(hostile_report):
    page = hostile_report.to_html()
    assert "<script" not in page.lower()
    assert HOSTILE_ATTR not in page and "onerror=alert(1)>" not in page
    assert html.escape(HOSTILE) in page
    assert html.escape(HOSTILE_ATTR) in page
    assert f"<title>title {html.escape(HOSTILE)} + three</title>" in page
    parsed = _Collector()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    # the class names appear (escaped) in the per-class table and the text decodes back to the originals
    assert HOSTILE in parsed.texts and HOSTILE_ATTR in parsed.texts


def test_html_is_self_contained_with_one_svg_per_plot(hostile_report):
    page = hostile_report.to_html()
    parsed = _Collector()
    parsed.feed(page)
    n_figures = len(hostile_report.figures())
    assert parsed.tags.count("svg") == n_figures == parsed.tags.count("figure")
    assert n_figures == 6 + 3  # binary: roc, pr, 2 x (threshold, confusion); one multi-class model: roc, pr, confusion
    # no network assets: every reference is a fragment of this document (which exists) or inline PNG data
    ids = set(parsed.ids)
    assert len(parsed.ids) == len(ids), "ids must be unique across the inline SVGs"
    fragments = [ref for ref in parsed.refs if ref.startswith("#")]
    inline = [ref for ref in parsed.refs if ref.startswith("data:image/png;base64,")]
    assert fragments and len(fragments) + len(inline) == len(parsed.refs)
    assert all(ref[1:] in ids for ref in fragments)
    assert "http://" not in re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", page)
    assert "https://" not in page and "@import" not in page
    assert "<!DOCTYPE svg" not in page and "<?xml" not in page


def test_save_writes_html_pngs_json_and_text(tmp_path, hostile_report):
    paths = hostile_report.save(tmp_path / "out")
    pngs = sorted(p for p in (tmp_path / "out").iterdir() if p.suffix == ".png")
    assert len(pngs) == len(hostile_report.figures())
    for p in pngs:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    saved = json.loads((tmp_path / "out" / "report.json").read_text())
    expected = hostile_report.to_dict()
    assert saved["sections"] == json.loads(json.dumps(expected["sections"]))
    assert (tmp_path / "out" / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "out" / "report.txt").read_text() == hostile_report.to_text()
    assert set(paths) >= {"html", "json", "text"}
    assert hostile_report._repr_html_().startswith("<!DOCTYPE html>")


def test_json_has_no_nan():
    y = np.r_[np.zeros(20, int), np.ones(20, int)]
    s = np.r_[np.linspace(0, 0.4, 20), np.linspace(0.6, 1, 20)]
    text = report(y, {"perfect": s}, ci=None).to_json()  # with the calibration section (a note may say "NaN")

    def refuse(constant):
        raise AssertionError(f"the JSON holds {constant}")

    d = json.loads(text, parse_constant=refuse)
    assert math.isclose(d["sections"][0]["models"][0]["roc_auc"], 1.0)
    assert [sec["kind"] for sec in d["sections"]] == ["evaluation", "calibration"]


def test_docstring_examples():
    import doctest
    import importlib

    result = doctest.testmod(
        importlib.import_module("rocauc.present.report_model"), optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.failed == 0 and result.attempted > 0
