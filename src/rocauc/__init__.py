"""rocauc: exact ROC and precision-recall curves, AUC, intervals and reports for any classifier's scores.

>>> import rocauc
>>> rocauc.roc_auc([0, 1, 0, 1], [0.1, 0.9, 0.4, 0.6])
1.0
"""

from .core.counts import Counts, exact_counts
from .core.curves import PrecisionRecallCurve, RocCurve
from .core.errors import HardPredictionWarning, UndefinedMetricWarning
from .core.metrics import average_precision, binary_counts, pr_auc, precision_recall_curve, roc_auc, roc_curve
from .crossval import CrossValidatedRoc, cross_validate_roc
from .present.report_build import report
from .present.report_model import Report
from .stats.bands import CurveBand, operating_point_ci, pr_band, roc_band, threshold_ci
from .stats.calibration import (
    Calibration,
    CalibrationTable,
    MultiCalibration,
    ReliabilityCurve,
    brier_score,
    calibration,
    calibration_curve,
    expected_calibration_error,
)
from .stats.compare import Comparison, ComparisonTable, compare
from .stats.evaluation import ClassEvaluation, Evaluation, evaluate
from .stats.gains import GainsCurve, GainsTable, KSStatistic, gains_curve, gains_table, ks_statistic
from .stats.intervals import Interval, average_precision_ci, pr_auc_ci, roc_auc_ci, wilson_interval
from .stats.operating import OperatingPoint, metrics_at_threshold, operating_point
from .stats.partial import partial_auc, partial_auc_ci
from .stats.power import PowerResult, power_auc, power_compare, power_from_pilot
from .stats.smooth import SmoothRoc, smooth_roc
from .streaming import StreamingAUC

__version__ = "0.1.0"

_DEPRECATED = {"DecisionMetrics": ("OperatingPoint", OperatingPoint)}


def __getattr__(name: str) -> object:
    """Deprecated names, still importable with a DeprecationWarning."""
    if name in _DEPRECATED:
        from .core.errors import deprecated

        new, value = _DEPRECATED[name]
        deprecated(f"rocauc.{name}", f"rocauc.{new}", "one type for every decision")
        return value
    raise AttributeError(f"module 'rocauc' has no attribute {name!r}")


__all__ = [
    "Calibration",
    "CalibrationTable",
    "ClassEvaluation",
    "Comparison",
    "ComparisonTable",
    "Counts",
    "CrossValidatedRoc",
    "CurveBand",
    "Evaluation",
    "GainsCurve",
    "GainsTable",
    "HardPredictionWarning",
    "Interval",
    "KSStatistic",
    "MultiCalibration",
    "OperatingPoint",
    "PowerResult",
    "PrecisionRecallCurve",
    "Report",
    "ReliabilityCurve",
    "RocCurve",
    "SmoothRoc",
    "StreamingAUC",
    "UndefinedMetricWarning",
    "average_precision",
    "average_precision_ci",
    "binary_counts",
    "brier_score",
    "calibration",
    "calibration_curve",
    "compare",
    "cross_validate_roc",
    "evaluate",
    "exact_counts",
    "expected_calibration_error",
    "gains_curve",
    "gains_table",
    "ks_statistic",
    "metrics_at_threshold",
    "operating_point",
    "power_auc",
    "power_compare",
    "power_from_pilot",
    "operating_point_ci",
    "partial_auc",
    "partial_auc_ci",
    "pr_auc",
    "pr_auc_ci",
    "pr_band",
    "precision_recall_curve",
    "report",
    "roc_auc",
    "roc_auc_ci",
    "roc_band",
    "roc_curve",
    "smooth_roc",
    "threshold_ci",
    "wilson_interval",
]
