"""Partial AUC over any range of false positive rates or of true positive rates, as arithmetic on the counts table,
with its influence values (a DeLong-type variance) and its batched form for the bootstrap.

A *specificity focus* ``fpr=(a, b)`` is the area under the ROC curve between FPR ``a`` and ``b`` (pROC's
``partial.auc=c(1 - a, 1 - b)``). A *sensitivity focus* ``tpr=(a, b)`` is the area between the curve and the
right border for TPR in ``[a, b]`` (pROC's ``partial.auc.focus="sensitivity"``); it is the specificity focus of the
problem with the classes swapped and the scores negated (the curve turned half a turn about (0.5, 0.5)), which is how
it is computed here. McClish's standardization maps the area under the diagonal to 0.5 and the whole region to 1.

The influence values generalize DeLong's structural components: for a positive in table row ``g`` the derivative
of the area with respect to its weight is ``(V10_g - area) / P`` where ``V10_g`` is the integral over ``[a, b]`` of
the curve that steps from 0 to 1 across row ``g``; for a negative it is ``(V01_g - area) / N`` where ``V01_g`` adds
the effect of the moving FPR quantiles (the derivation is in docs/guide/statistics.md). On ``[0, 1]`` these are
DeLong's components exactly, so the variance is DeLong's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.counts import Counts, exact_counts
from ..core.errors import UndefinedMetricWarning, warn
from ..core.inputs import Problem, normalize
from ..core.scores import dot
from ..core.types import Labels, Scores, Weights
from . import bootstrap as bs
from .delong import layout

__all__ = [
    "Region",
    "region_from",
    "partial_area",
    "partial_auc",
    "partial_auc_ci",
    "partial_psi",
    "batched_partial",
    "partial_spec",
]

_NAN = float("nan")


@dataclass(frozen=True)
class Region:
    """A range ``(low, high)`` of false positive rates (``focus="specificity"``) or of true positive rates
    (``focus="sensitivity"``), and whether the area is McClish-standardized."""

    low: float
    high: float
    focus: str = "specificity"
    standardized: bool = False

    @property
    def fpr_range(self) -> tuple[float, float]:
        """The FPR range of the problem the area is computed on (the swapped problem for a sensitivity focus)."""
        if self.focus == "specificity":
            return self.low, self.high
        return 1.0 - self.high, 1.0 - self.low

    @property
    def full(self) -> bool:
        return self.low == 0.0 and self.high == 1.0

    def bounds(self) -> tuple[float, float]:
        """(area under the diagonal, area of the whole region) on the computed problem's FPR range."""
        a, b = self.fpr_range
        return (b * b - a * a) / 2.0, b - a

    def standardize(self, area: Any) -> Any:
        if not self.standardized:
            return area
        low, high = self.bounds()
        return 0.5 * (1.0 + (area - low) / (high - low))

    def scale(self) -> float:
        """d(reported value) / d(area)."""
        if not self.standardized:
            return 1.0
        low, high = self.bounds()
        return 0.5 / (high - low)

    @property
    def name(self) -> str:
        what = "FPR" if self.focus == "specificity" else "TPR"
        kind = "standardized partial AUC" if self.standardized else "partial AUC"
        return f"{kind} ({what} {self.low:g}-{self.high:g})"


def _check_range(value: Any, name: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a pair (low, high) of rates in [0, 1], e.g. {name}=(0, 0.1); got {value!r}."
        ) from None
    if not (0.0 <= lo <= 1.0 and 0.0 <= hi <= 1.0) or math.isnan(lo) or math.isnan(hi):
        raise ValueError(f"{name} must be a pair (low, high) of rates in [0, 1]; got {value!r}.")
    lo, hi = min(lo, hi), max(lo, hi)
    if lo == hi:
        raise ValueError(f"{name}=({lo:g}, {hi:g}) is an empty range; give two different rates, e.g. {name}=(0, 0.1).")
    return lo, hi


def region_from(fpr: Any, tpr: Any, standardized: Any) -> Region:
    """Validate ``fpr``/``tpr``/``standardized`` (the boundary of every partial-AUC function)."""
    if not isinstance(standardized, (bool, np.bool_)):
        raise TypeError(f"standardized must be True or False, got {standardized!r}.")
    if fpr is not None and tpr is not None:
        raise ValueError(
            "pass either fpr=(low, high) (a specificity focus) or tpr=(low, high) (a sensitivity focus), not both."
        )
    if fpr is None and tpr is None:
        raise ValueError(
            "a partial AUC needs its range: fpr=(low, high) for false positive rates (e.g. fpr=(0, "
            "0.1), pROC's partial.auc=c(1, 0.9)) or tpr=(low, high) for true positive rates."
        )
    if fpr is not None:
        lo, hi = _check_range(fpr, "fpr")
        return Region(lo, hi, "specificity", bool(standardized))
    lo, hi = _check_range(tpr, "tpr")
    return Region(lo, hi, "sensitivity", bool(standardized))


# ------------------------------------------------------------------------------------------------- area


def _area_to(F: np.ndarray, T: np.ndarray, S: np.ndarray, x: float) -> float:
    """Area under the piecewise-linear curve (F, T) from 0 to ``x``; ``S`` are the cumulative areas at vertices."""
    k = int(np.searchsorted(F, x, side="right")) - 1  # last vertex with F <= x
    if k >= F.size - 1:
        return float(S[-1])
    x0, x1, y0, y1 = F[k], F[k + 1], T[k], T[k + 1]
    y = y0 + (x - x0) * (y1 - y0) / (x1 - x0)  # x1 > x >= x0
    return float(S[k] + (x - x0) * (y0 + y) / 2.0)


def _vertices(tp: np.ndarray, fp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    P, N = float(tp[-1]), float(fp[-1])
    return np.r_[0.0, fp / N], np.r_[0.0, tp / P]


def _cumulative_area(F: np.ndarray, T: np.ndarray) -> np.ndarray:
    return np.r_[0.0, np.cumsum(np.diff(F) * (T[1:] + T[:-1]) / 2.0)]


def partial_area(c: Counts, a: float, b: float) -> float:
    """Area under the ROC curve of table ``c`` for FPR in ``[a, b]`` (trapezoids, a tie is a diagonal segment).
    NaN when a class is absent.

    >>> import numpy as np
    >>> c = exact_counts(np.array([0, 0, 1, 1], bool), np.array([0.1, 0.4, 0.35, 0.8]))
    >>> partial_area(c, 0.0, 0.5)
    0.25
    """
    if c.P <= 0 or c.N <= 0:
        return _NAN
    F, T = _vertices(c.tp, c.fp)
    S = _cumulative_area(F, T)
    return _area_to(F, T, S, b) - _area_to(F, T, S, a)


def _swapped(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return ~y, -score


def _oriented(problem: Problem, region: Region) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    y, s = problem.y, problem.score.astype(np.float64)
    if region.focus == "sensitivity":
        y, s = _swapped(y, s)
    return y, s, problem.weight


def _value(y: np.ndarray, s: np.ndarray, w: np.ndarray | None, region: Region) -> float:
    a, b = region.fpr_range
    return float(region.standardize(partial_area(exact_counts(y, s, w), a, b)))


# ------------------------------------------------------------------------------------------------- influence


def _row_components(tp: np.ndarray, fp: np.ndarray, a: float, b: float) -> tuple[float, np.ndarray, np.ndarray]:
    """(area, V10 per row, V01 per row) of the partial area on [a, b]: the derivative of the area with respect to
    the weight of a positive (negative) in row g is (V10_g - area) / P  ((V01_g - area) / N).

    A positive in row g raises the curve by the unit step across row g, so V10_g is that step's integral over
    [a, b]. A negative in row g moves every vertex k horizontally at speed (1{k > g} - F_k) / N: sloped segments
    change the area by -slope * speed, vertical jumps inside (a, b) by -rise * speed, and a jump on an end of the
    range only when it moves into the range (at a: the vertices after row g; at b: those before it).
    """
    F, T = _vertices(tp, fp)
    S = _cumulative_area(F, T)
    area = _area_to(F, T, S, b) - _area_to(F, T, S, a)
    F0, F1, T0, T1 = F[:-1], F[1:], T[:-1], T[1:]
    dF, dT = F1 - F0, T1 - T0
    lo, hi = np.clip(F0, a, b), np.clip(F1, a, b)
    sloped = dF > 0
    slope = np.divide(dT, dF, out=np.zeros_like(dT), where=sloped)
    # integral over the clipped segment of lambda = (F - F0) / dF
    ramp = np.zeros(F0.size)
    ramp[sloped] = ((hi[sloped] - F0[sloped]) ** 2 - (lo[sloped] - F0[sloped]) ** 2) / (2.0 * dF[sloped])
    # positive in row g: the unit step across row g, integrated over [a, b]
    v10 = ramp + np.maximum(0.0, b - np.maximum(a, F1))
    # negative in row g (times N): the part of every vertex's speed that is -F_k, on sloped segments and inner jumps
    vertical = ~sloped
    inner = vertical & (F0 > a) & (F0 < b)
    at_a = vertical & (F0 == a)
    at_b = vertical & (F0 == b)
    common = float(np.sum(slope * (hi * hi - lo * lo) / 2.0) + np.sum(np.where(inner, dT * F0, 0.0)))
    # rows after g move right by 1 / N more: sloped rows lose slope * width, inner jumps their rise, jumps at a
    # their rise times (1 - a) (their whole speed is then 1 - a > 0); rows before g: jumps at b move in at speed b
    after = np.where(sloped, -slope * (hi - lo), 0.0) - np.where(inner, dT, 0.0) - np.where(at_a, dT * (1.0 - a), 0.0)
    before = np.where(at_b, dT * b, 0.0)
    after_sum = np.r_[np.cumsum(after[::-1])[::-1][1:], 0.0]  # sum over rows > g
    before_sum = np.r_[0.0, np.cumsum(before)[:-1]]  # sum over rows < g
    v01 = common + after_sum + before_sum - slope * ramp + area
    return area, v10, v01


def partial_psi(problem: Problem, region: Region) -> tuple[float, np.ndarray]:
    """(value, influence value of every sample) of the partial AUC of a binary problem; the DeLong-type variance is
    ``psi @ psi``. ``psi`` is NaN with fewer than two samples of a class; the value is NaN without both classes."""
    y, s, w = _oriented(problem, region)
    n = y.size
    lay = layout(y, s, w)
    P, N = float(lay.dtp.sum()), float(lay.dfp.sum())
    if P <= 0 or N <= 0:
        return _NAN, np.full(n, np.nan)
    a, b = region.fpr_range
    area, v10, v01 = _row_components(np.cumsum(lay.dtp), np.cumsum(lay.dfp), a, b)
    value = float(region.standardize(area))
    m = int(np.count_nonzero(y))
    k = n - m
    if m < 2 or k < 2:
        return value, np.full(n, np.nan)
    scale = region.scale()
    psi = (
        np.where(
            y,
            (v10[lay.row] - area) / P * math.sqrt(m / (m - 1.0)),
            (v01[lay.row] - area) / N * math.sqrt(k / (k - 1.0)),
        )
        * scale
    )
    if w is not None:
        psi *= w
    return value, psi


# ------------------------------------------------------------------------------------------------- bootstrap


def batched_partial(dtp: np.ndarray, dfp: np.ndarray, region: Region) -> np.ndarray:
    """The partial AUC of each replicate (rows of per-row counts, in the oriented problem's row order)."""
    a, b = region.fpr_range
    tp = np.cumsum(dtp, axis=1, dtype=np.float64)
    fp = np.cumsum(dfp, axis=1, dtype=np.float64)
    P, N = tp[:, -1], fp[:, -1]
    ok = (P > 0) & (N > 0)
    zeros = np.zeros((tp.shape[0], 1))
    F = np.concatenate([zeros, fp / np.where(ok, N, 1.0)[:, None]], axis=1)
    T = np.concatenate([zeros, tp / np.where(ok, P, 1.0)[:, None]], axis=1)
    S = np.concatenate([zeros, np.cumsum(np.diff(F, axis=1) * (T[:, 1:] + T[:, :-1]) / 2.0, axis=1)], axis=1)
    area = _batched_area_to(F, T, S, b) - _batched_area_to(F, T, S, a)
    return np.where(ok, region.standardize(area), np.nan)


def _batched_area_to(F: np.ndarray, T: np.ndarray, S: np.ndarray, x: float) -> np.ndarray:
    k = np.count_nonzero(F <= x, axis=1) - 1  # F is non-decreasing from 0
    last = F.shape[1] - 1
    k1 = np.minimum(k + 1, last)
    r = np.arange(F.shape[0])
    x0, x1, y0, y1 = F[r, k], F[r, k1], T[r, k], T[r, k1]
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where(x1 > x0, y0 + (x - x0) * (y1 - y0) / (x1 - x0), y0)
    return np.where(k >= last, S[:, -1], S[r, k] + (x - x0) * (y0 + y) / 2.0)


def partial_spec(region: Region) -> Any:
    """The :class:`rocauc.stats.intervals.ScoreSpec` of a partial AUC (bootstrap replicates and influence values)."""
    from functools import partial

    from .intervals import ScoreSpec

    return ScoreSpec(
        region.name,
        partial(_batched_oriented, region=region),
        True,
        False,
        direct=partial(_direct_oriented, region=region),
        psi=partial(_problem_psi, region=region),
        orient=partial(_orient_problem, region=region),
    )


def _direct_oriented(t: bs.Table, mult: np.ndarray, region: Region) -> tuple[np.ndarray, np.ndarray]:
    """The partial AUC of each replicate from the table's two sides (no dense tables; see
    :func:`rocauc.stats.bootstrap.replicate_partial_area`) and its positive weight."""
    area, P = bs.replicate_partial_area(t, mult, *region.fpr_range)
    return region.standardize(area), P


def _batched_oriented(dtp: np.ndarray, dfp: np.ndarray, region: Region) -> np.ndarray:
    return batched_partial(dtp, dfp, region)


def _orient_problem(problem: Problem, region: Region) -> Problem:
    """The problem whose FPR range the area is measured on (classes swapped for a sensitivity focus)."""
    if problem.task != "binary":
        raise ValueError(
            f"the partial AUC is defined for binary problems; the input is {problem.task}. Pass one "
            "class against the rest (y_true == k, y_score[:, k])."
        )
    if region.focus == "specificity":
        return problem
    y, s = _swapped(problem.y, problem.score.astype(np.float64))
    return Problem("binary", problem.classes[::-1], y, s, problem.weight, problem.score_kind)


def _problem_psi(problem: Problem, average: Any, region: Region) -> tuple[float, np.ndarray, list]:
    """Influence values of an already oriented problem (see :func:`_orient_problem`)."""
    a, b = region.fpr_range
    value, psi = partial_psi(problem, Region(a, b, "specificity", region.standardized))
    return value, psi, []


# ------------------------------------------------------------------------------------------------- public


def _binary(y_true: Any, y_score: Any, sample_weight: Any, pos_label: Any, what: str) -> Problem:
    from .intervals import drop_zero_weights

    problem = normalize(y_true, y_score, sample_weight=sample_weight, pos_label=pos_label)
    if problem.task != "binary":
        raise ValueError(
            f"{what} takes a binary problem, but the input is {problem.task} with {problem.n_classes} "
            "classes; pass one class against the rest: y_true == k and y_score[:, k]."
        )
    return drop_zero_weights(problem)


def partial_auc(
    y_true: Labels,
    y_score: Scores,
    *,
    fpr: tuple[float, float] | None = None,
    tpr: tuple[float, float] | None = None,
    standardized: bool = False,
    sample_weight: Weights = None,
    pos_label: Any = None,
) -> float:
    """Area under the ROC curve over a range of false positive rates or of true positive rates (pROC's partial
    AUC).

    ``roc_auc(..., max_fpr=m)`` is ``partial_auc(..., fpr=(0, m), standardized=True)``. A standardized area below
    the diagonal's gives a value below 0.5 (pROC returns NA there).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels.
    y_score : array-like of shape (n_samples,) or (n_samples, 2)
        Scores (higher means positive).
    fpr : (float, float), optional
        The area under the curve for FPR in ``[low, high]``: a specificity focus, pROC's
        ``partial.auc=c(1 - low, 1 - high)``.
    tpr : (float, float), optional
        The area between the curve and the line FPR = 1 for TPR in ``[low, high]``: pROC's
        ``partial.auc.focus="sensitivity"``. Give ``fpr`` or ``tpr``.
    standardized : bool, default False
        McClish's correction (pROC's ``partial.auc.correct=TRUE``): 0.5 for the diagonal, 1 for a perfect ranking.
    sample_weight : array-like of shape (n_samples,), optional
        Sample weights.
    pos_label : optional
        The positive class.

    Returns
    -------
    float
        The partial AUC (NaN with a warning when a class is absent).

    Examples
    --------
    >>> partial_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], fpr=(0, 0.5))
    0.25
    >>> partial_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], fpr=(0, 0.5), standardized=True)
    0.6666666666666666
    """
    region = region_from(fpr, tpr, standardized)
    problem = _binary(y_true, y_score, sample_weight, pos_label, "partial_auc")
    y, s, w = _oriented(problem, region)
    value = _value(y, s, w, region)
    if not np.isfinite(value):
        warn(
            "the partial AUC is undefined: only one class is present in y_true; returning NaN.", UndefinedMetricWarning
        )
    return value


def partial_auc_ci(
    y_true: Labels,
    y_score: Scores,
    *,
    fpr: tuple[float, float] | None = None,
    tpr: tuple[float, float] | None = None,
    standardized: bool = False,
    method: str = "delong",
    level: float = 0.95,
    n_resamples: int = 2000,
    random_state: Any = None,
    bootstrap_interval: str = "percentile",
    sample_weight: Weights = None,
    pos_label: Any = None,
    progress: bool | None = None,
) -> Any:
    """Partial AUC (as :func:`partial_auc`) with a confidence interval, DeLong-type or bootstrap.

    ``method="delong"``: the normal interval from the influence values of the partial area (DeLong's structural
    components restricted to the range, plus the effect of estimating the range's thresholds); on the whole range
    it is DeLong's interval. ``method="bootstrap"``: stratified resamples of the counts table, as pROC's ``ci.auc``
    does for partial AUCs.

    Parameters
    ----------
    y_true, y_score, fpr, tpr, standardized, sample_weight, pos_label
        As for :func:`partial_auc`.
    method : {"delong", "bootstrap"}, default "delong"
        How the interval is computed.
    level : float, default 0.95
        Confidence level.
    n_resamples, random_state, bootstrap_interval, progress
        Bootstrap options, as for :func:`roc_auc_ci`.

    Returns
    -------
    Interval
        The partial AUC with its interval (``method`` ``"delong"`` or ``"bootstrap-percentile"``/``"-bca"``).

    Examples
    --------
    >>> ci = partial_auc_ci([0, 0, 1, 1, 0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.9], fpr=(0, 0.5))
    >>> round(ci.estimate, 4), ci.method
    (0.375, 'delong')
    """
    from .intervals import Interval, _bootstrap_intervals, _check_resamples, check_level, rng_from

    level = check_level(level)
    if method not in ("delong", "bootstrap"):
        raise ValueError(f"method={method!r} is not one of ('delong', 'bootstrap').")
    if bootstrap_interval not in ("percentile", "bca"):
        raise ValueError(f"bootstrap_interval={bootstrap_interval!r} is not one of ('percentile', 'bca').")
    region = region_from(fpr, tpr, standardized)
    problem = _binary(y_true, y_score, sample_weight, pos_label, "partial_auc_ci")
    if method == "bootstrap":
        n_resamples = _check_resamples(n_resamples)
        spec = partial_spec(region)
        return _bootstrap_intervals(
            _orient_problem(problem, region),
            spec,
            None,
            level,
            n_resamples,
            rng_from(random_state),
            bootstrap_interval,
            True,
            progress,
        )
    value, psi = partial_psi(problem, region)
    if not np.isfinite(value):
        warn(
            "the partial AUC is undefined: only one class is present in y_true; the interval is NaN.",
            UndefinedMetricWarning,
        )
        return Interval(value, _NAN, _NAN, level, "delong")
    se = math.sqrt(dot(psi, psi))
    if not np.isfinite(se):
        warn(
            "DeLong's variance needs at least two positive and two negative samples; the interval is NaN. Use "
            "method='bootstrap' or more data.",
            UndefinedMetricWarning,
        )
        return Interval(value, _NAN, _NAN, level, "delong")
    z = bs.normal_quantile(0.5 + level / 2.0)
    top = 1.0 if region.standardized else region.bounds()[1]
    return Interval(value, max(0.0, value - z * se), min(top, value + z * se), level, "delong", se)
