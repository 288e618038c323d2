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
