"""Displays with the inference options: shaded bootstrap bands (and smoothed curves), drawn from the same results
the statistics functions return."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import rocauc  # noqa: E402
from reference_stats import load_asah  # noqa: E402
from rocauc.plot import PrecisionRecallDisplay, RocDisplay  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _polygon_y(collection):
    return collection.get_paths()[0].vertices[:, 1]


@pytest.mark.parametrize("kind", ["pointwise", "simultaneous"])
def test_roc_display_shades_the_band(kind):
    d, poor = load_asah()
    disp = RocDisplay.from_predictions(poor, {"wfns": d["wfns"], "s100b": d["s100b"]}, band=kind, n_resamples=300)
    assert len(disp.bands_) == 2
    band = rocauc.roc_band(poor, d["wfns"], kind=kind, n_resamples=300, random_state=0)
    ys = _polygon_y(disp.bands_[0])
    assert np.isclose(ys.min(), band.low.min()) and np.isclose(ys.max(), band.high.max())
    assert disp.bands_[0].get_facecolor()[0][:3] == pytest.approx(matplotlib.colors.to_rgb(disp.lines_[0].get_color()))
    title = disp.ax_.get_legend().get_title().get_text()
    assert f"shaded: 95% {kind} band" in title and "300 resamples" in title


def test_pr_display_shades_the_band_and_none_draws_nothing():
    d, poor = load_asah()
    disp = PrecisionRecallDisplay.from_predictions(poor, d["s100b"], band="simultaneous", n_resamples=200)
    band = rocauc.pr_band(poor, d["s100b"], kind="simultaneous", n_resamples=200, random_state=0)
    assert np.isclose(_polygon_y(disp.bands_[0]).min(), band.low.min())
    assert "simultaneous band" in disp.ax_.get_legend().get_title().get_text()
    plain = RocDisplay.from_predictions(poor, d["s100b"])
    assert plain.bands_ == []


def test_band_errors():
    d, poor = load_asah()
    with pytest.raises(ValueError, match="band='yes' is not one of"):
        RocDisplay.from_predictions(poor, d["s100b"], band="yes")
    with pytest.raises(ValueError, match="band= draws the band of a binary curve"):
        RocDisplay.from_predictions(
            [0, 1, 2, 1],
            [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7], [0.3, 0.5, 0.2]],
            band="pointwise",
            ci=None,
        )


def test_report_shades_bands_and_keeps_them_in_json():
    d, poor = load_asah()
    rep = rocauc.report(
        poor,
        {"wfns": d["wfns"], "s100b": d["s100b"]},
        band="simultaneous",
        n_resamples=200,
        random_state=0,
        compare=False,
    )
    model = rep.to_dict()["sections"][0]["models"][0]
    expected = rocauc.roc_band(poor, d["wfns"], kind="simultaneous", n_resamples=200, random_state=0)
    assert model["bands"]["roc"]["kind"] == "simultaneous"
    assert model["bands"]["roc"]["low"] == pytest.approx(expected.low.tolist())
    drawn = {}
    for key, _, draw in rep.figures():
        if key in ("s1-roc", "s1-pr"):
            fig = plt.figure()
            draw(fig)
            drawn[key] = fig.axes[0]
    for ax in drawn.values():
        assert "simultaneous band" in ax.get_legend().get_title().get_text()
    assert "bands" not in rocauc.report(poor, {"wfns": d["wfns"]}, compare=False).to_dict()["sections"][0]["models"][0]
    with pytest.raises(ValueError, match=re.escape("band='both' is not one of (None, 'pointwise', 'simultaneous').")):
        rocauc.report(poor, {"wfns": d["wfns"]}, band="both")


def test_cli_report_band(tmp_path, capsys):
    from rocauc import cli

    d, poor = load_asah()
    path = tmp_path / "preds.csv"
    d.assign(poor=poor.astype(int))[["poor", "wfns", "s100b"]].to_csv(path, index=False)
    assert (
        cli.main(
            [
                "report",
                str(path),
                "--target",
                "poor",
                "--score",
                "wfns",
                "--band",
                "pointwise",
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    import json

    saved = json.loads((tmp_path / "out" / "report.json").read_text())
    assert saved["sections"][0]["models"][0]["bands"]["pr"]["kind"] == "pointwise"


def test_report_band_rows_are_the_curve_and_its_band():
    # the text and HTML tables: sensitivity at specificities 0.95/0.9/0.8 and precision at recalls 0.5/0.8, each the
    # curve's value (brute force) inside the band roc_band / pr_band return
    from helpers import parse_table
    from reference_stats import interpolated_precision_at_recall, tpr_at_fpr

    d, poor = load_asah()
    s = d["s100b"].to_numpy(float)
    kw = dict(kind="simultaneous", n_resamples=200, random_state=0)
    rep = rocauc.report(poor, {"s100b": s}, band="simultaneous", n_resamples=200, random_state=0, calibration=False)
    text = rep.to_text()
    heading = "95% simultaneous bands (bootstrap-sup-t, 200 resamples): sensitivity at fixed specificities"
    assert heading in text
    (cells,) = parse_table(text.split(heading)[1].split(":", 1)[1])
    assert list(cells) == ["model", "Se at Sp 0.95", "Se at Sp 0.9", "Se at Sp 0.8", "P at R 0.5", "P at R 0.8"]
    roc = rocauc.roc_band(poor, s, **kw)
    pr = rocauc.pr_band(poor, s, **kw)
    for sp in (0.95, 0.9, 0.8):
        i = int(np.argmin(np.abs(roc.x - (1 - sp))))
        value = tpr_at_fpr(poor, s, 1 - sp)
        assert cells[f"Se at Sp {sp:g}"] == f"{value:.3f} [{roc.low[i]:.3f}, {roc.high[i]:.3f}]"
    for r in (0.5, 0.8):
        i = int(np.argmin(np.abs(pr.x - r)))
        value = interpolated_precision_at_recall(poor, s, r)
        assert cells[f"P at R {r:g}"] == f"{value:.3f} [{pr.low[i]:.3f}, {pr.high[i]:.3f}]"
    assert heading in rep.to_html()
    assert "Se at Sp" not in rocauc.report(poor, {"s100b": s}, calibration=False).to_text()


def test_report_smooths_the_roc_curves():
    # pROC's published smoothed AUCs on aSAH: ndka binormal 0.6006, s100b density 0.7244
    d, poor = load_asah()
    models = {"ndka": d["ndka"], "s100b": d["s100b"]}
    binormal = rocauc.report(poor, models, smooth="binormal", calibration=False, compare=False)
    density = rocauc.report(poor, models, smooth="density", calibration=False, compare=False)
    ndka = binormal.to_dict()["sections"][0]["models"][0]["smooth"]
    assert ndka["method"] == "binormal" and ndka["auc"] == pytest.approx(0.6006, abs=5e-5)
    assert ndka["params"]["a"] == pytest.approx(rocauc.smooth_roc(poor, d["ndka"]).params["a"], abs=1e-12)
    s100b = density.to_dict()["sections"][0]["models"][1]["smooth"]
    assert s100b["auc"] == pytest.approx(0.7244, abs=5e-5)
    assert s100b["fpr"] == pytest.approx(rocauc.smooth_roc(poor, d["s100b"], method="density").fpr.tolist())
    assert "smoothed AUC (binormal)" in binormal.to_text() and "0.601" in binormal.to_text()
    assert "smoothed AUC (density)" in density.to_html()
    fig = plt.figure()
    dict((k, draw) for k, _, draw in binormal.figures())["s1-roc"](fig)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any(t.startswith("ndka, binormal-smoothed") and "0.601" in t for t in labels)
    assert "smooth" not in rocauc.report(poor, models, calibration=False).to_dict()["sections"][0]["models"][0]
    with pytest.raises(ValueError, match=re.escape("smooth='loess' is not one of (None, 'binormal', 'density').")):
        rocauc.report(poor, models, smooth="loess")


def test_cli_report_smooth_and_calibration_default(tmp_path, capsys):
    # --smooth adds the smoothed AUC column; the calibration section is on by default in both the CLI and Python
    from rocauc import cli

    d, poor = load_asah()
    path = tmp_path / "preds.csv"
    d.assign(poor=poor.astype(int))[["poor", "ndka"]].to_csv(path, index=False)
    args = ["report", str(path), "--target", "poor", "--score", "ndka", "--out", str(tmp_path / "out")]
    assert cli.main([*args, "--smooth", "binormal"]) == 0
    out = capsys.readouterr().out
    assert "smoothed AUC (binormal)" in out and "0.601" in out
    python_default = rocauc.report(poor, {"ndka": d["ndka"]})
    assert "Calibration and gains" in out and "Calibration and gains" in python_default.to_text()
    assert cli.main([*args, "--no-calibration"]) == 0
    assert "Calibration and gains" not in capsys.readouterr().out
    assert "Calibration and gains" not in rocauc.report(poor, {"ndka": d["ndka"]}, calibration=False).to_text()
