"""CalibrationDisplay, GainsDisplay, LiftDisplay and KSDisplay: what is drawn is what is computed (checked against
scikit-learn's CalibrationDisplay and scipy's KS statistic), without image comparison."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import rocauc  # noqa: E402
from rocauc.plot import CalibrationDisplay, GainsDisplay, KSDisplay, LiftDisplay  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _data(n=400, seed=0):
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 1.5, n)
    y = rng.random(n) < 1 / (1 + np.exp(-z))
    return y, 1 / (1 + np.exp(-z)), 1 / (1 + np.exp(-2 * z))


def test_calibration_display_draws_the_reliability_curve_like_sklearn():
    from sklearn.calibration import CalibrationDisplay as SkDisplay

    y, good, over = _data()
    d = CalibrationDisplay.from_predictions(y, {"good": good, "over-confident": over}, n_bins=8)
    sk = SkDisplay.from_predictions(y, good, n_bins=8)
    np.testing.assert_allclose(d.lines_[0].get_xdata(), sk.line_.get_xdata())
    np.testing.assert_allclose(d.lines_[0].get_ydata(), sk.line_.get_ydata())
    cal = rocauc.calibration(y, over, n_bins=8)
    np.testing.assert_allclose(d.lines_[1].get_ydata(), cal.curve.prob_true)
    assert d.lines_[1].get_label().startswith(f"over-confident (ECE = {cal.ece.estimate:.3f}, Brier = ")
    assert d.diagonal_.get_label() == "perfectly calibrated"
    assert len(d.error_bars_) == 2 and d.hist_ax_ is not None
    assert d.ax_.get_legend().get_title().get_text() == "bars: 95% Wilson interval per bin"
    assert len(d.hist_bars_) == 2
    for bars in d.hist_bars_:
        assert bars.get_data().values.sum() == pytest.approx(y.size)


def test_calibration_display_of_a_multiclass_model_and_without_extras():
    rng = np.random.default_rng(1)
    logits = rng.normal(0, 2, (300, 3))
    prob = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y = np.array([rng.choice(3, p=row) for row in prob])
    d = CalibrationDisplay.from_predictions(y, prob, n_bins=5, interval=None)
    labels = [line.get_label().split(" (")[0] for line in d.lines_]
    assert labels == ["top label", "class 0", "class 1", "class 2"]
    assert d.error_bars_ == [] and d.ax_.get_legend().get_title().get_text() == ""
    cal = rocauc.calibration(y, prob, n_bins=5)
    again = CalibrationDisplay.from_calibration({"mine": cal.top_label}, histogram=False)
    assert again.hist_ax_ is None and again.lines_[0].get_label().startswith("mine (ECE")
    several = CalibrationDisplay.from_predictions(y, {"a": prob, "b": prob}, n_bins=5)
    assert [line.get_label().split(" (")[0] for line in several.lines_] == ["a, top label", "b, top label"]


def test_gains_and_lift_displays_draw_the_curves():
    y, good, _ = _data(seed=3)
    d = GainsDisplay.from_predictions(y, {"good": good, "noise": np.random.default_rng(0).random(y.size)})
    g = rocauc.gains_curve(y, good)
    np.testing.assert_allclose(d.lines_[0].get_xdata(), g.depth)
    np.testing.assert_allclose(d.lines_[0].get_ydata(), g.gain)
    assert d.lines_[0].get_label() == f"good (gains area = {g.area:.3f})"
    assert d.perfect_line_.get_ydata().tolist() == [0, 1, 1]
    lift = LiftDisplay.from_predictions(y, good, at=0.2)
    np.testing.assert_allclose(lift.lines_[0].get_ydata(), g.lift[1:])
    top = float(np.interp(0.2, g.depth, g.gain)) / 0.2
    assert lift.lines_[0].get_label() == f"model (top 20%: lift = {top:.2f})"
    assert lift.baseline_.get_ydata()[0] == 1.0
    with pytest.raises(ValueError, match=r"at must be a share of the population in \(0, 1\], got 0"):
        LiftDisplay.from_predictions(y, good, at=0)


def test_ks_display_marks_the_scipy_statistic():
    from scipy.stats import ks_2samp

    y, good, _ = _data(seed=5)
    d = KSDisplay.from_predictions(y, good, name="good")
    expected = ks_2samp(good[y], good[~y]).statistic
    assert d.ks.statistic == pytest.approx(expected)
    (segment,) = d.gap_line_.get_segments()
    (x0, y0), (x1, y1) = segment
    assert x0 == x1 == pytest.approx(d.ks.threshold) and abs(y1 - y0) == pytest.approx(expected)
    # the drawn curves are the empirical CDFs of each class
    t = np.sort(np.unique(good))
    neg = np.searchsorted(np.sort(good[~y]), t, side="right") / (~y).sum()
    np.testing.assert_allclose(d.lines_[0].get_ydata(), neg)
    assert d.ax_.get_title() == "Kolmogorov-Smirnov chart: good"
