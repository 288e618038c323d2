"""Draw the pictures of docs/guide/calibration.md: `python docs/images/calibration_figures.py` (needs matplotlib)."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from rocauc.plot import CalibrationDisplay, GainsDisplay, KSDisplay, LiftDisplay  # noqa: E402

HERE = Path(__file__).resolve().parent


def data(n=4000, seed=7):
    """A default-risk example: the outcome follows the log-odds z of a calibrated model; an over-confident model
    stretches them, an under-confident one shrinks them (both rank exactly as the calibrated one)."""
    rng = np.random.default_rng(seed)
    z = rng.normal(-1.2, 1.3, n)
    y = rng.random(n) < 1 / (1 + np.exp(-z))
    sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    return y, {
        "logistic (calibrated)": sigmoid(z),
        "boosted (over-confident)": sigmoid(2.2 * z + 1.0),
        "smoothed (under-confident)": sigmoid(0.5 * z - 0.6),
    }


def main():
    y, models = data()
    d = CalibrationDisplay.from_predictions(y, models, n_bins=10)
    d.figure_.savefig(HERE / "calibration.png", dpi=90, bbox_inches="tight")
    rng = np.random.default_rng(1)
    ranked = {
        "logistic": models["logistic (calibrated)"],
        "scorecard (coarser)": np.round(models["logistic (calibrated)"] + rng.normal(0, 0.12, y.size), 1),
    }
    g = GainsDisplay.from_predictions(y, ranked)
    g.figure_.savefig(HERE / "gains.png", dpi=90, bbox_inches="tight")
    lift = LiftDisplay.from_predictions(y, ranked)
    lift.figure_.savefig(HERE / "lift.png", dpi=90, bbox_inches="tight")
    ks = KSDisplay.from_predictions(y, models["logistic (calibrated)"], name="logistic")
    ks.figure_.savefig(HERE / "ks.png", dpi=90, bbox_inches="tight")
    plt.close("all")


if __name__ == "__main__":
    main()
