"""Scores as arithmetic on a counts table: AUC, McClish partial AUC, average precision, interpolated PR-AUC."""

from __future__ import annotations

import numpy as np

from .counts import Counts

__all__ = ["auc", "partial_auc", "average_precision", "pr_auc", "precision_scores", "pr_increments", "dot"]


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """Inner product of two vectors without BLAS: ``np.dot`` of long vectors wakes OpenBLAS's threads, whose
    start-up costs milliseconds (up to 100x the work) on a small, busy machine."""
    return float(np.einsum("i,i->", a, b))


def auc(c: Counts) -> float:
    """Area under the ROC curve (trapezoids; a tie counts one half). NaN if a class is absent.

    >>> import numpy as np
    >>> from .counts import exact_counts
    >>> auc(exact_counts(np.array([0, 0, 1, 1], bool), np.array([0.1, 0.4, 0.35, 0.8])))
    0.75
    """
    P, N = c.P, c.N
    if P <= 0 or N <= 0:
        return float("nan")
    tp, fp = c.tp, c.fp
    # each row adds a trapezoid of width fp[i] - fp[i-1] between heights tp[i-1] and tp[i]
    area = float(dot(np.diff(fp), tp[1:] + tp[:-1]) + fp[0] * tp[0]) / 2.0
    return area / (P * N)


def partial_auc(c: Counts, max_fpr: float) -> float:
    """McClish's standardized partial AUC up to ``max_fpr`` (0.5 for chance, 1 for a perfect ranking)."""
    if max_fpr == 1:
        return auc(c)
    P, N = c.P, c.N
    if P <= 0 or N <= 0:
        return float("nan")
    fpr = np.r_[0.0, c.fp / N]
    tpr = np.r_[0.0, c.tp / P]
    stop = int(np.searchsorted(fpr, max_fpr, "right"))
    y_at = np.interp(max_fpr, [fpr[stop - 1], fpr[stop]], [tpr[stop - 1], tpr[stop]])
    x = np.append(fpr[:stop], max_fpr)
    y = np.append(tpr[:stop], y_at)
    area = float(dot(np.diff(x), (y[1:] + y[:-1]) / 2.0))
    min_area = 0.5 * max_fpr**2
    return 0.5 * (1.0 + (area - min_area) / (max_fpr - min_area))


def average_precision(c: Counts) -> float:
    """scikit-learn's average precision: sum over thresholds of (recall step) * precision. NaN without positives."""
    P = c.P
    if P <= 0:
        return float("nan")
    tp, fp = c.tp, c.fp
    dtp = np.diff(tp, prepend=0.0)
    rows = np.flatnonzero(dtp)  # only the rows that add positives add to the sum (and they predict some)
    tp_rows = tp[rows]
    return max(0.0, float(dot(dtp[rows], tp_rows / (tp_rows + fp[rows]))) / P)


def pr_increments(dtp: np.ndarray, tp_before: np.ndarray, p_before: np.ndarray, p_after: np.ndarray) -> np.ndarray:
    """Davis and Goadrich's area increments (times P) of the interpolated PR curve between consecutive points,
    elementwise (any shape; the one formula behind :func:`pr_auc` and the bootstrap's batched version): from
    ``p_before`` to ``p_after`` predicted positives the true positives grow linearly by ``dtp``, so the area is
    ``slope * (dtp + intercept * log(p_after / p_before))``. Zero where no true positive is added."""
    dp = p_after - p_before
    slope = np.divide(dtp, dp, out=np.zeros(np.shape(dtp)), where=dp > 0)
    intercept = tp_before - slope * p_before
    both = (p_before > 0) & (dtp > 0)  # p_after >= p_before: both points predict something
    ratio = np.divide(p_after, p_before, out=np.ones(np.shape(dtp)), where=both)
    return slope * (dtp + intercept * np.log(ratio, out=np.zeros(np.shape(dtp)), where=both))


def pr_auc(c: Counts) -> float:
    """Area under the PR curve with Davis and Goadrich's interpolation between points (as keras.metrics.AUC with
    ``curve="PR"``): between two points, precision varies as the true positives grow linearly with the predicted
    positives. NaN without positives.

    >>> import numpy as np
    >>> from .counts import exact_counts
    >>> round(pr_auc(exact_counts(np.array([0, 0, 1, 1], bool), np.array([0.1, 0.4, 0.35, 0.8]))), 6)
    0.797267
    """
    P = c.P
    if P <= 0:
        return float("nan")
    tp = np.r_[0.0, c.tp]
    p = tp + np.r_[0.0, c.fp]
    # rows that add no true positive add no area: compute the logarithms only where they matter
    dtp = tp[1:] - tp[:-1]
    rows = np.flatnonzero(dtp > 0)
    return float(pr_increments(dtp[rows], tp[rows], p[rows], p[rows + 1]).sum()) / P


def precision_scores(c: Counts) -> tuple[float, float]:
    """``(average_precision(c), pr_auc(c))`` in one pass: both read only the rows that add positives.

    >>> import numpy as np
    >>> from .counts import exact_counts
    >>> c = exact_counts(np.array([0, 0, 1, 1], bool), np.array([0.1, 0.4, 0.35, 0.8]))
    >>> precision_scores(c) == (average_precision(c), pr_auc(c))
    True
    """
    P = c.P
    if P <= 0:
        return float("nan"), float("nan")
    tp, fp = c.tp, c.fp
    dtp = np.diff(tp, prepend=0.0)
    rows = np.flatnonzero(dtp)
    tp_rows, dtp_rows = tp[rows], dtp[rows]
    p_rows = tp_rows + fp[rows]
    ap = max(0.0, float(dot(dtp_rows, tp_rows / p_rows)) / P)
    before = rows - 1
    first = before < 0
    before[first] = 0
    tp_before = np.where(first, 0.0, tp[before])
    p_before = np.where(first, 0.0, tp[before] + fp[before])
    return ap, float(pr_increments(dtp_rows, tp_before, p_before, p_rows).sum()) / P
