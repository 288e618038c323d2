"""The calibration and gains section of reports and of `rocauc report`: its numbers are those of rocauc.calibration,
ks_statistic and gains_table (themselves checked against scikit-learn and scipy), in text, JSON and HTML."""

import csv
import json

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy.stats import ks_2samp  # noqa: E402
from sklearn.metrics import brier_score_loss  # noqa: E402

import rocauc  # noqa: E402
from helpers import parse_table  # noqa: E402
from rocauc.cli import main  # noqa: E402


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    z = rng.normal(-1, 1.5, 1500)
    y = rng.random(z.size) < 1 / (1 + np.exp(-z))
    return y, {"calibrated": 1 / (1 + np.exp(-z)), "over-confident": 1 / (1 + np.exp(-2 * z))}


@pytest.fixture(scope="module")
def rep(data):
    y, models = data
    return rocauc.report(y, models, calibration=True, calibration_bins=8, random_state=0)


def test_section_numbers_match_the_functions(data, rep):
    y, models = data
    d = rep.to_dict()
    (section,) = [s for s in d["sections"] if s["kind"] == "calibration"]
    assert section["n_bins"] == 8 and section["strategy"] == "uniform"
    for entry, (name, p) in zip(section["models"], models.items()):
        cal = rocauc.calibration(y, p, n_bins=8, interval="bootstrap", n_resamples=200, random_state=0)
        assert entry["name"] == name
        assert entry["ece"]["estimate"] == pytest.approx(cal.ece.estimate)
        assert (entry["ece"]["low"], entry["ece"]["high"]) == pytest.approx((cal.ece.low, cal.ece.high))
        assert entry["brier"] == pytest.approx(brier_score_loss(y, p))
        assert entry["recalibration"]["slope"]["estimate"] == pytest.approx(cal.recalibration.slope.estimate)
    for entry, p in zip(section["gains"], models.values()):
        assert entry["ks"]["statistic"] == pytest.approx(ks_2samp(p[y], p[~y]).statistic)
        table = rocauc.gains_table(y, p)
        assert [r["gain"] for r in entry["gains_table"]["rows"]] == pytest.approx(table.gain.tolist())
        assert entry["lift_top_10"] == pytest.approx(table.lift[0])
    json.dumps(d)  # serializable, no NaN


def test_text_html_and_figures(data, rep):
    text = rep.to_text()
    assert "Calibration and gains:" in text and "Gains and Kolmogorov-Smirnov (highest scores first):" in text
    block = text[text.index("Calibration and gains:") :]
    rows = parse_table(block[block.index("\nmodel") + 1 :])
    assert [r["model"] for r in rows][:2] == ["calibrated", "over-confident"]
    cal = rocauc.calibration(*[data[0], data[1]["over-confident"]], n_bins=8)
    assert rows[1]["slope"] == f"{cal.recalibration.slope.estimate:.3f}"
    keys = [k for k, _, _ in rep.figures()]
    assert {"s2-calibration", "s2-gains", "s2-lift", "s2-ks-1", "s2-ks-2"} <= set(keys)
    html = rep.to_html()
    assert "<h2>Calibration and gains</h2>" in html and "Gains table (deciles): over-confident" in html
    assert html.count("<figure") == len(keys)


def test_multiclass_rows_and_scores_that_are_not_probabilities():
    rng = np.random.default_rng(2)
    logits = rng.normal(0, 2, (400, 3))
    prob = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = np.array([rng.choice(3, p=row) for row in prob])
    r = rocauc.report(y, {"net": prob}, calibration=True, ci=None)
    (section,) = [s for s in r.sections if s.to_dict()["kind"] == "calibration"]
    names = [row[0] for row in section.calibration_rows()[1]]
    assert names == ["net, top label", "net, class 0", "net, class 1", "net, class 2"]
    assert section.gains == {}
    assert any(k.endswith("calibration-1") for k, _, _ in r.figures())
    # raw scores: gains and KS, no calibration, and a note saying why
    yb = rng.random(300) < 0.4
    s = rng.normal(yb * 1.0, 1) * 5
    r = rocauc.report(yb, {"score": s}, calibration=True, ci=None)
    (section,) = [x for x in r.sections if x.to_dict()["kind"] == "calibration"]
    assert section.calibrations == {} and "score" in section.gains
    assert "No calibration for 'score': scores that are not probabilities" in r.to_text()
    # on by default (as in rocauc report); calibration=False leaves it out
    default = rocauc.report(yb, {"score": s}, ci=None).to_dict()["sections"]
    assert [x["kind"] for x in default] == ["evaluation", "calibration"]
    off = rocauc.report(yb, {"score": s}, ci=None, calibration=False).sections
    assert all(x.to_dict()["kind"] != "calibration" for x in off)


def test_cli_report_has_the_section(capsys, tmp_path, data):
    y, models = data
    path = tmp_path / "preds.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["y", "a", "b"])
        w.writerows(zip(y.astype(int), np.round(models["calibrated"], 8), np.round(models["over-confident"], 8)))
    out_dir = tmp_path / "rep"
    code = main(
        ["report", str(path), "--target", "y", "--score", "a", "--score", "b", "--bins", "5", "--out", str(out_dir)]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Calibration on 5 uniform bins" in out and "KS threshold" in out
    saved = json.loads((out_dir / "report.json").read_text())
    assert saved["sections"][1]["kind"] == "calibration"
    assert (out_dir / "s2-calibration.png").exists() and (out_dir / "s2-ks-2.png").exists()
    code = main(["report", str(path), "--target", "y", "--score", "a", "--no-calibration", "--out", ""])
    out, _ = capsys.readouterr()
    assert code == 0 and "Calibration" not in out
    with pytest.raises(SystemExit) as exc:
        main(["report", str(path), "--target", "y", "--score", "a", "--bins", "0"])
    assert exc.value.code == 2
    assert "argument --bins: expected a positive integer, got '0'" in capsys.readouterr().err
