"""Displays with the inference options: shaded bootstrap bands (and smoothed curves), drawn from the same results
the statistics functions return."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import rocauc  # noqa: E402
from rocauc.plot import PrecisionRecallDisplay, RocDisplay  # noqa: E402

from reference_stats import load_asah  # noqa: E402


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
        RocDisplay.from_predictions([0, 1, 2, 1], [[.8, .1, .1], [.2, .7, .1], [.1, .2, .7], [.3, .5, .2]],
                                    band="pointwise", ci=None)
