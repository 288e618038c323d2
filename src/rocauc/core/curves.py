"""Curves as arithmetic on a counts table: ROC, precision-recall, and the vertical average of ROC curves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .counts import Counts

__all__ = ["RocCurve", "PrecisionRecallCurve", "roc_from_counts", "pr_from_counts", "average_roc"]


def _tolist(a: np.ndarray) -> list:
    return [None if not np.isfinite(v) else float(v) for v in np.asarray(a, dtype=np.float64)]


@dataclass(frozen=True, eq=False)
class RocCurve:
    """ROC curve points for decreasing thresholds; unpacks as ``fpr, tpr, thresholds``.

    Examples
    --------
    >>> fpr, tpr, thresholds = RocCurve(np.array([0.0, 1.0]), np.array([0.0, 1.0]), np.array([np.inf, 0.5]), 0.5)
    """

    fpr: np.ndarray
    tpr: np.ndarray
    thresholds: np.ndarray
    auc: float = float("nan")

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.fpr, self.tpr, self.thresholds))

    def __len__(self) -> int:
        return 3

    def __getitem__(self, i: int) -> np.ndarray:
        return (self.fpr, self.tpr, self.thresholds)[i]

    def to_dict(self) -> dict:
        return {
            "fpr": _tolist(self.fpr),
            "tpr": _tolist(self.tpr),
            "thresholds": _tolist(self.thresholds),
            "auc": None if not np.isfinite(self.auc) else float(self.auc),
        }


@dataclass(frozen=True, eq=False)
class PrecisionRecallCurve:
    """Precision-recall points for increasing thresholds (scikit-learn's order); unpacks as
    ``precision, recall, thresholds``. ``prevalence`` is the precision of a random classifier.

    Examples
    --------
    >>> from rocauc import precision_recall_curve
    >>> curve = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> precision, recall, thresholds = curve
    >>> thresholds.tolist(), curve.prevalence
    ([0.1, 0.35, 0.4, 0.8], 0.5)
    """

    precision: np.ndarray
    recall: np.ndarray
    thresholds: np.ndarray
    average_precision: float = float("nan")
    prevalence: float = float("nan")
    extra: dict = field(default_factory=dict)

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.precision, self.recall, self.thresholds))

    def __len__(self) -> int:
        return 3

    def __getitem__(self, i: int) -> np.ndarray:
        return (self.precision, self.recall, self.thresholds)[i]

    def to_dict(self) -> dict:
        return {
            "precision": _tolist(self.precision),
            "recall": _tolist(self.recall),
            "thresholds": _tolist(self.thresholds),
            "average_precision": None if not np.isfinite(self.average_precision) else float(self.average_precision),
            "prevalence": None if not np.isfinite(self.prevalence) else float(self.prevalence),
        }


def _corners(*series: np.ndarray) -> np.ndarray:
    """Indices of the points kept by scikit-learn's ``drop_intermediate`` (collinear interior points dropped)."""
    n = series[0].size
    if n <= 2:
        return np.arange(n)
    bend = np.zeros(n - 2, dtype=bool)
    for s in series:
        bend |= np.diff(s, 2) != 0
    return np.flatnonzero(np.r_[True, bend, True])


def roc_points(c: Counts, drop_intermediate: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fpr, tpr, thresholds) with the (0, 0) point at threshold +inf; NaN rates where a class is absent."""
    fps, tps, thr = c.fp, c.tp, c.thresholds
    if drop_intermediate:
        keep = _corners(fps, tps)
        fps, tps, thr = fps[keep], tps[keep], thr[keep]
    fps = np.r_[0.0, fps]
    tps = np.r_[0.0, tps]
    thr = np.r_[np.inf, thr]
    N, P = c.N, c.P
    fpr = fps / N if N > 0 else np.full(fps.shape, np.nan)
    tpr = tps / P if P > 0 else np.full(tps.shape, np.nan)
    return fpr, tpr, thr


def roc_from_counts(c: Counts, auc: float, drop_intermediate: bool = True) -> RocCurve:
    fpr, tpr, thr = roc_points(c, drop_intermediate)
    return RocCurve(fpr, tpr, thr, auc)


def pr_from_counts(c: Counts, average_precision: float, drop_intermediate: bool = False) -> PrecisionRecallCurve:
    """scikit-learn's precision-recall curve: increasing thresholds, ending at (recall 0, precision 1)."""
    fps, tps, thr = c.fp, c.tp, c.thresholds
    if drop_intermediate and fps.size > 2:
        keep = np.flatnonzero(np.r_[True, (np.diff(tps[:-1]) != 0) | (np.diff(tps[1:]) != 0), True])
        fps, tps, thr = fps[keep], tps[keep], thr[keep]
    ps = tps + fps
    precision = np.divide(tps, ps, out=np.zeros_like(tps), where=ps != 0)
    P = c.P
    recall = tps / P if P > 0 else np.ones_like(tps)
    prevalence = P / (P + c.N) if P + c.N > 0 else float("nan")
    return PrecisionRecallCurve(
        np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thr[::-1].copy(), average_precision, prevalence
    )


def average_roc(curves: list[RocCurve]) -> tuple[np.ndarray, np.ndarray]:
    """Vertical average of ROC curves on the union of their FPR values.

    Each curve is piecewise linear, so its value at every union point is exact; at an FPR where a curve jumps
    vertically both the bottom and the top of the jump are kept. The area under the average curve therefore
    equals the mean of the curves' areas (the macro AUC).
    """
    if not curves:
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    grid = np.unique(np.concatenate([c.fpr for c in curves]))
    lows = np.zeros(grid.size)
    highs = np.zeros(grid.size)
    for c in curves:
        lo, hi = _limits(c.fpr, c.tpr, grid)
        lows += lo
        highs += hi
    lows /= len(curves)
    highs /= len(curves)
    x = np.repeat(grid, 2)
    y = np.empty(x.size)
    y[0::2], y[1::2] = lows, highs
    keep = np.r_[True, (np.diff(x) != 0) | (np.diff(y) != 0)]
    return x[keep], y[keep]


def _limits(fpr: np.ndarray, tpr: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bottom and top of a piecewise-linear curve (non-decreasing in both coordinates) at each grid point."""
    first = np.searchsorted(fpr, grid, side="left")
    last = np.searchsorted(fpr, grid, side="right") - 1
    n = fpr.size
    lo = np.empty(grid.size)
    hi = np.empty(grid.size)
    on = (first < n) & (fpr[np.minimum(first, n - 1)] == grid)
    lo[on] = tpr[first[on]]
    hi[on] = tpr[last[on]]
    off = ~on
    if off.any():
        a = np.clip(last[off], 0, n - 1)
        b = np.clip(a + 1, 0, n - 1)
        x0, x1, y0, y1 = fpr[a], fpr[b], tpr[a], tpr[b]
        span = np.where(x1 > x0, x1 - x0, 1.0)
        v = y0 + (grid[off] - x0) * (y1 - y0) / span
        lo[off] = v
        hi[off] = v
    return lo, hi
