"""Smoothed ROC curves: the binormal fit and kernel-density smoothing, each with its AUC (pROC's ``smooth``).

- **binormal** (pROC's ``smooth(method="binormal")``): the empirical ROC points, on the probit scale of both axes,
  fitted by least squares (probit specificity on probit sensitivity, points at 0 or 1 left out). The fitted line
  is a binormal curve ``TPR = Phi(a + b Phi^-1(FPR))`` whose AUC is ``Phi(a / sqrt(1 + b^2))``.
- **density** (pROC's ``smooth(method="density")``): Gaussian kernel density estimates of the scores of each class
  (bandwidth: R's ``bw.nrd0`` of all scores, times ``adjust``) on a grid of ``n`` points reaching three
  bandwidths beyond the data; each grid point is a threshold, and the rates are the shares of each density above it.
  Its AUC is the trapezoid area under those points.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np

from ..core.counts import exact_counts
from ..core.curves import roc_points
from ..core.inputs import Problem
from ..core.types import Labels, Scores, Weights

__all__ = ["SmoothRoc", "smooth_roc", "binormal_fit", "density_curve", "bandwidth_nrd0"]

_NORMAL = NormalDist()
METHODS = ("binormal", "density")


@dataclass(frozen=True, eq=False)
class SmoothRoc:
    """A smoothed ROC curve with its AUC (from :func:`smooth_roc`); unpacks as ``fpr, tpr``.

    Attributes
    ----------
    fpr, tpr : ndarray
        The curve, FPR increasing.
    auc : float
        Its area.
    method : {"binormal", "density"}
        The smoothing.
    params : dict
        The fit: ``a``, ``b`` (binormal, ``TPR = Phi(a + b Phi^-1(FPR))``) or ``bandwidth`` (density).

    Examples
    --------
    >>> s = smooth_roc([0, 0, 1, 1, 0, 1, 0, 1, 0, 1], [.1, .4, .35, .8, .2, .7, .6, .9, .3, .5])
    >>> s.method, round(s.auc, 4)
    ('binormal', 0.8068)
    """

    fpr: np.ndarray
    tpr: np.ndarray
    auc: float
    method: str
    params: dict = field(default_factory=dict)

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.fpr, self.tpr))

    def to_dict(self) -> dict:
        return {
            "fpr": self.fpr.tolist(),
            "tpr": self.tpr.tolist(),
            "auc": float(self.auc),
            "method": self.method,
            "params": {k: float(v) for k, v in self.params.items()},
        }


def _phi(x: np.ndarray) -> np.ndarray:
    # erfc keeps the lower tail's relative precision (1 + erf(x) cancels: FPR 8e-13 came out 1e-4 off)
    return 0.5 * np.vectorize(math.erfc)(-np.asarray(x, dtype=np.float64) / math.sqrt(2.0))


def _phi_inverse(p: np.ndarray) -> np.ndarray:
    p = np.asarray(p, dtype=np.float64)
    out = np.empty_like(p)
    inner = (p > 0) & (p < 1)
    out[inner] = [_NORMAL.inv_cdf(v) for v in p[inner]]
    out[p <= 0] = -np.inf
    out[p >= 1] = np.inf
    return out


def binormal_fit(fpr: np.ndarray, tpr: np.ndarray) -> tuple[float, float]:
    """(a, b) of the binormal curve fitted as pROC does: least squares of probit specificity on probit sensitivity
    over the ROC points strictly inside (0, 1) on both axes."""
    sp_z = _phi_inverse(1.0 - np.asarray(fpr, dtype=np.float64))
    se_z = _phi_inverse(np.asarray(tpr, dtype=np.float64))
    keep = np.isfinite(sp_z) & np.isfinite(se_z)
    if np.count_nonzero(keep) < 2 or np.ptp(se_z[keep]) == 0:
        raise ValueError(
            "the binormal fit needs at least two ROC points with both rates strictly between 0 and 1 "
            "(scores with more distinct values); use method='density'."
        )
    slope, intercept = np.polyfit(se_z[keep], sp_z[keep], 1)
    # -Phi^-1(FPR) = intercept + slope * Phi^-1(TPR)  =>  Phi^-1(TPR) = a + b Phi^-1(FPR)
    return float(-intercept / slope), float(-1.0 / slope)


def bandwidth_nrd0(x: np.ndarray) -> float:
    """R's ``bw.nrd0``: 0.9 * min(sd, IQR / 1.34) * n^(-1/5), with R's fallbacks when that is zero."""
    x = np.asarray(x, dtype=np.float64)
    hi = float(np.std(x, ddof=1)) if x.size > 1 else 0.0
    q75, q25 = np.quantile(x, [0.75, 0.25])
    lo = min(hi, float(q75 - q25) / 1.34)
    if lo <= 0:
        lo = hi or abs(float(x[0])) or 1.0
    return 0.9 * lo * x.size**-0.2


def _kde(points: np.ndarray, weight: np.ndarray | None, grid: np.ndarray, bw: float) -> np.ndarray:
    w = np.ones(points.size) if weight is None else weight
    out = np.zeros(grid.size)
    for start in range(0, points.size, 2048):
        p, ww = points[start : start + 2048], w[start : start + 2048]
        out += np.exp(-0.5 * ((grid[:, None] - p[None, :]) / bw) ** 2) @ ww
    return out / (w.sum() * bw * math.sqrt(2.0 * math.pi))


def density_curve(
    problem: Problem, n: int = 512, bandwidth: Any = "nrd0", adjust: float = 1.0
) -> tuple[np.ndarray, np.ndarray, float]:
    """(FPR, TPR, bandwidth) of the kernel-density smoothed ROC curve of a binary problem (FPR increasing)."""
    s = problem.score.astype(np.float64)
    bw = bandwidth_nrd0(s) if bandwidth == "nrd0" else float(bandwidth)
    bw *= adjust
    grid = np.linspace(s.min() - 3 * bw, s.max() + 3 * bw, n)
    w = problem.weight
    y = problem.y
    cases = _kde(s[y], None if w is None else w[y], grid, bw)
    controls = _kde(s[~y], None if w is None else w[~y], grid, bw)
    # thresholds between grid points, from the top: the share of each density at grid points above the threshold
    tpr = np.r_[0.0, np.cumsum(cases[::-1])] / cases.sum()
    fpr = np.r_[0.0, np.cumsum(controls[::-1])] / controls.sum()
    return fpr, tpr, bw


def _trapezoid(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2.0))


def smooth_roc(
    y_true: Labels,
    y_score: Scores,
    *,
    method: str = "binormal",
    n: int = 512,
    bandwidth: Any = "nrd0",
    adjust: float = 1.0,
    sample_weight: Weights = None,
    pos_label: Any = None,
) -> SmoothRoc:
    """A smoothed ROC curve and its AUC, as pROC's ``smooth``.

    ``method="binormal"``: the binormal curve fitted to the empirical ROC points on the probit scale (pROC's
    least-squares fit); its AUC is ``Phi(a / sqrt(1 + b^2))``. ``method="density"``: Gaussian kernel density
    estimates of each class's scores on ``n`` grid points; the AUC is the trapezoid area of the resulting curve.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels.
    y_score : array-like of shape (n_samples,)
        Scores.
    method : {"binormal", "density"}, default "binormal"
        The smoothing.
    n : int, default 512
        Number of curve points.
    bandwidth : "nrd0" or float, default "nrd0"
        Kernel bandwidth (density): R's ``bw.nrd0`` of all scores, or a number; multiplied by ``adjust``.
    adjust : float, default 1.0
        Bandwidth multiplier (density).
    sample_weight, pos_label
        As for :func:`roc_curve`.

    Returns
    -------
    SmoothRoc
        The smoothed curve, its AUC and the fit's parameters.

    Examples
    --------
    >>> s = smooth_roc([0, 0, 1, 1, 0, 1, 0, 1], [.1, .4, .35, .8, .2, .7, .6, .9], method="density")
    >>> s.method, 0.5 < s.auc < 1
    ('density', True)
    """
    if method not in METHODS:
        raise ValueError(f"method={method!r} is not one of {METHODS}.")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an integer >= 2 (the number of curve points, 512 by default); got {n!r}.")
    if isinstance(adjust, bool) or not isinstance(adjust, (int, float)) or not adjust > 0:
        raise ValueError(f"adjust must be a positive number (it multiplies the bandwidth); got {adjust!r}.")
    if not (
        bandwidth == "nrd0"
        or (isinstance(bandwidth, (int, float)) and not isinstance(bandwidth, bool) and bandwidth > 0)
    ):
        raise ValueError(f"bandwidth must be 'nrd0' (R's rule) or a positive number; got {bandwidth!r}.")
    from ..core.policy import as_problem
    from .intervals import drop_zero_weights

    # raw scores are normalized here; an already normalized problem (or an Evaluation) is read as it is
    problem = drop_zero_weights(as_problem(y_true, y_score, sample_weight=sample_weight, pos_label=pos_label))
    if problem.task != "binary":
        raise ValueError(
            f"smooth_roc takes a binary problem, but the input is {problem.task}; pass one class against "
            "the rest: y_true == k and y_score[:, k]."
        )
    if not problem.y.any() or problem.y.all():
        raise ValueError("smooth_roc needs both classes in y_true; only one is present.")
    if method == "binormal":
        fpr, tpr, _ = roc_points(exact_counts(problem.y, problem.score, problem.weight), drop_intermediate=False)
        a, b = binormal_fit(fpr, tpr)
        # pROC's grid: sensitivities equally spaced in [0, 1]
        t = np.linspace(0.0, 1.0, n)
        z = _phi_inverse(t)
        # FPR from Phi^-1(TPR) = a + b Phi^-1(FPR)
        with np.errstate(invalid="ignore", divide="ignore"):
            f = np.where(t <= 0, 0.0, np.where(t >= 1, 1.0, _phi((z - a) / b)))
        auc = float(_phi(np.array([a / math.sqrt(1.0 + b * b)]))[0])
        return SmoothRoc(f, t, auc, "binormal", {"a": a, "b": b})
    fpr, tpr, bw = density_curve(problem, n, bandwidth, adjust)
    return SmoothRoc(fpr, tpr, _trapezoid(fpr, tpr), "density", {"bandwidth": bw})
