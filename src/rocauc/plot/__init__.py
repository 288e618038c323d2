"""Plots (public path; the code is :mod:`rocauc.present.plots` and :mod:`rocauc.present.calibration_plots`):
scikit-learn style Displays. ``from_predictions`` computes, ``plot(ax=None)`` draws and returns the Display.

>>> from rocauc.plot import RocDisplay                     # doctest: +SKIP
>>> RocDisplay.from_predictions([0, 1, 0, 1], [0.1, 0.9, 0.4, 0.6]).plot()   # doctest: +SKIP
"""

from rocauc.present.plots import (
    CalibrationDisplay,
    ConfusionMatrixDisplay,
    CrossValidatedRocDisplay,
    Curve,
    GainsDisplay,
    KSDisplay,
    LiftDisplay,
    PrecisionRecallDisplay,
    RocDisplay,
    ThresholdDisplay,
)

__all__ = [
    "Curve",
    "RocDisplay",
    "PrecisionRecallDisplay",
    "CrossValidatedRocDisplay",
    "ConfusionMatrixDisplay",
    "ThresholdDisplay",
    "CalibrationDisplay",
    "GainsDisplay",
    "LiftDisplay",
    "KSDisplay",
]
