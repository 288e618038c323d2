"""rocauc: exact ROC and precision-recall curves, AUC, intervals and reports for any classifier's scores.

>>> import rocauc
>>> rocauc.roc_auc([0, 1, 0, 1], [0.1, 0.9, 0.4, 0.6])
1.0
"""

from ._counts import Counts, exact_counts
from ._curves import PrecisionRecallCurve, RocCurve
from ._errors import HardPredictionWarning, UndefinedMetricWarning
from ._metrics import average_precision, binary_counts, pr_auc, precision_recall_curve, roc_auc, roc_curve

__version__ = "0.1.0"

__all__ = [
    "Counts",
    "HardPredictionWarning",
    "PrecisionRecallCurve",
    "RocCurve",
    "UndefinedMetricWarning",
    "average_precision",
    "binary_counts",
    "exact_counts",
    "pr_auc",
    "precision_recall_curve",
    "roc_auc",
    "roc_curve",
]
