"""Calibration: can the predicted probabilities be taken at their word?

One table answers the binned questions, as the counts table answers the ROC ones: for bins of predicted
probability, the weight, positive weight, sum of ``w p``, sum of ``w p`` over positives, sum of ``w p^2`` and sum
of ``w^2`` (:class:`CalibrationTable`). Tables on the same edges add, so uniform or user-given bins stream (batch
by batch, or across workers); quantile bins need the whole data once to place their edges. From the table:

- the reliability curve (mean predicted probability against observed frequency per bin), with Wilson intervals
  per bin (or bootstrap ones, from the samples);
- the expected calibration error ``ECE = sum_k (n_k / n) |o_k - p_k|`` and the maximum one;
- the Brier score, exactly (not binned), and its decomposition ``BS = REL - RES + UNC + WBV - WBC``: Murphy's
  reliability, resolution and uncertainty on the bins, plus the within-bin variance and covariance terms of
  Stephenson et al. (2008) that make the identity exact when forecasts vary inside a bin.

The logistic recalibration ``logit P(y = 1) = a + b logit(p)`` needs the samples: its slope ``b`` (1 when the
probabilities are neither over- nor under-confident) and the calibration intercept (``a`` with ``b`` fixed at 1,
"calibration-in-the-large", 0 when the mean prediction is right), fitted by Newton's method in numpy.

Multi-class probabilities are calibrated one class against the rest, and by their top label (the confidence of
the predicted class against whether it is right, as Guo et al. 2017 measure ECE).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..core.errors import UndefinedMetricWarning, warn
from ..core.inputs import Problem, normalize
from ..core.types import Labels, Scores, Weights

__all__ = [
    "BrierDecomposition",
    "Calibration",
    "CalibrationTable",
    "MultiCalibration",
    "Recalibration",
    "ReliabilityCurve",
    "brier_score",
    "calibration",
    "calibration_curve",
    "calibration_edges",
    "calibration_of_problem",
    "expected_calibration_error",
]

STRATEGIES = ("uniform", "quantile")
BIN_INTERVALS = ("wilson", "bootstrap")
_CLIP = 1e-15  # probabilities are clipped to [_CLIP, 1 - _CLIP] before the logit
_NAN = float("nan")


def _f(v: float) -> float | None:
    return float(v) if v is not None and np.isfinite(v) else None


# --------------------------------------------------------------------------------------------- the table


def calibration_edges(n_bins: int = 10, strategy: str = "uniform", prob: np.ndarray | None = None) -> np.ndarray:
    """Bin edges on [0, 1]: ``n_bins`` equal widths, or the quantiles of ``prob`` (scikit-learn's rule: a
    probability equal to an inner edge falls in the lower bin).

    >>> calibration_edges(4).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer (10 is usual), got {n_bins!r}.")
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy={strategy!r} is not one of {STRATEGIES}.")
    if strategy == "uniform":
        return np.linspace(0.0, 1.0, int(n_bins) + 1)
    if prob is None:
        raise ValueError("strategy='quantile' places its edges at the quantiles of the data: pass prob.")
    return np.percentile(prob, np.linspace(0, 1, int(n_bins) + 1) * 100)


@dataclass(frozen=True, eq=False)
class CalibrationTable:
    """Sufficient statistics of calibration per bin of predicted probability: tables on the same ``edges`` add, so
    a table can be built batch by batch.

    The arrays have one value per bin: ``weight``, ``positive`` (weight of positives), ``prob_sum`` (sum of
    ``w p``), ``positive_prob_sum`` (sum of ``w p`` over positives), ``prob_sq_sum`` (sum of ``w p^2``) and
    ``weight_sq`` (sum of ``w^2``). ``a + b`` is the table of the concatenated data.

    Examples
    --------
    >>> t = CalibrationTable.from_arrays(np.array([0, 1, 1], bool), np.array([0.2, 0.7, 0.9]), n_bins=2)
    >>> t.weight.tolist(), t.positive.tolist(), round(t.brier(), 4)
    ([1.0, 2.0], [0.0, 2.0], 0.0467)
    """

    edges: np.ndarray
    weight: np.ndarray
    positive: np.ndarray
    prob_sum: np.ndarray
    positive_prob_sum: np.ndarray
    prob_sq_sum: np.ndarray
    weight_sq: np.ndarray

    @property
    def n_bins(self) -> int:
        return int(self.weight.size)

    @property
    def total(self) -> float:
        return float(self.weight.sum())

    @classmethod
    def empty(cls, edges: np.ndarray) -> CalibrationTable:
        z = np.zeros(len(edges) - 1)
        return cls(np.asarray(edges, dtype=np.float64), z, z.copy(), z.copy(), z.copy(), z.copy(), z.copy())

    @classmethod
    def from_predictions(
        cls,
        y_true: Any,
        y_prob: Any,
        *,
        edges: Any = None,
        n_bins: int = 10,
        sample_weight: Any = None,
        pos_label: Any = None,
        from_logits: bool = False,
    ) -> CalibrationTable:
        """The table of one batch of a binary problem's labels and probabilities (validated as everywhere), on
        ``edges`` (default ``n_bins`` uniform bins): add the tables of successive batches to stream.

        >>> edges = np.linspace(0, 1, 5)
        >>> t = CalibrationTable.from_predictions([0, 1], [0.2, 0.9], edges=edges)
        >>> (t + CalibrationTable.from_predictions([1], [0.6], edges=edges)).positive.tolist()
        [0.0, 0.0, 1.0, 1.0]
        """
        edges = calibration_edges(n_bins) if edges is None else _check_edges(edges)
        problem = _problem(y_true, y_prob, sample_weight, pos_label, None, from_logits, "binary")
        ((_, y, p, _),) = _binary_parts(problem, logits=False)
        return cls.from_arrays(y, p, problem.weight, edges=edges)

    @classmethod
    def from_counts(cls, counts: Any, *, edges: Any = None, n_bins: int = 10) -> CalibrationTable:
        """The table of a counts table of probabilities (an evaluation's, or :class:`rocauc.StreamingAUC`'s), without
        the samples.

        An exact table (one row per distinct probability) gives the exact table of unweighted data; with sample
        weights only ``weight_sq`` (Kish's effective size of each bin's Wilson interval) is approximate, taken as
        if the weights were counts. A binned table (Keras-like thresholds, or ``bits`` edges) puts each bucket's
        predictions at the bucket's midpoint: each prediction moves by at most half a bucket, and a bucket that
        straddles a bin edge goes to the bin of its midpoint.

        >>> from rocauc.core.counts import exact_counts
        >>> c = exact_counts(np.array([0, 1, 1], bool), np.array([0.2, 0.7, 0.9]))
        >>> CalibrationTable.from_counts(c, n_bins=2).positive.tolist()
        [0.0, 2.0]
        """
        edges = calibration_edges(n_bins) if edges is None else _check_edges(edges)
        t = np.asarray(counts.thresholds, dtype=np.float64)
        dtp = np.diff(counts.tp, prepend=0.0)
        dfp = np.diff(counts.fp, prepend=0.0)
        n = dtp + dfp
        occupied = n > 0
        if counts.exact:
            p = t
        else:  # row r holds the scores between its threshold and the one above it
            above = np.r_[max(1.0, float(t[0]) if t.size else 1.0), t[:-1]]
            p = (np.clip(t, 0.0, 1.0) + np.clip(above, 0.0, 1.0)) / 2
        if occupied.any() and (p[occupied].min() < 0 or p[occupied].max() > 1):
            raise ValueError(
                "the counts table's thresholds are not probabilities in [0, 1] (scores or logits?); "
                "calibration needs a table of probabilities."
            )
        p, dtp, n = p[occupied], dtp[occupied], n[occupied]
        k = edges.size - 1
        bins = bin_of(p, edges)
        weight = np.bincount(bins, n, k)
        return cls(
            edges,
            weight,
            np.bincount(bins, dtp, k),
            np.bincount(bins, n * p, k),
            np.bincount(bins, dtp * p, k),
            np.bincount(bins, n * p * p, k),
            weight.copy(),
        )

    @classmethod
    def from_arrays(
        cls,
        y: np.ndarray,
        prob: np.ndarray,
        weight: np.ndarray | None = None,
        *,
        edges: np.ndarray | None = None,
        n_bins: int = 10,
        strategy: str = "uniform",
    ) -> CalibrationTable:
        """The table of normalized arrays (``y`` bool, ``prob`` in [0, 1], ``weight`` >= 0 or None)."""
        if edges is None:
            edges = calibration_edges(n_bins, strategy, prob)
        edges = np.asarray(edges, dtype=np.float64)
        k = edges.size - 1
        bins = bin_of(prob, edges)
        p = np.asarray(prob, dtype=np.float64)
        w = np.ones(p.size) if weight is None else np.asarray(weight, dtype=np.float64)
        wp = w * p
        yw = np.where(y, w, 0.0)
        return cls(
            edges,
            np.bincount(bins, w, k),
            np.bincount(bins, yw, k),
            np.bincount(bins, wp, k),
            np.bincount(bins, yw * p, k),
            np.bincount(bins, wp * p, k),
            np.bincount(bins, w * w, k),
        )

    def __add__(self, other: CalibrationTable) -> CalibrationTable:
        if not isinstance(other, CalibrationTable):
            return NotImplemented
        if self.edges.shape != other.edges.shape or not np.array_equal(self.edges, other.edges):
            raise ValueError(
                "calibration tables add only on the same bin edges; build both with the same edges= "
                "(quantile edges differ from batch to batch: use uniform or explicit edges to stream)."
            )
        return CalibrationTable(self.edges, *(getattr(self, f) + getattr(other, f) for f in _FIELDS))

    # ------------------------------------------------------------------ scores on the table

    def _occupied(self) -> np.ndarray:
        return self.weight > 0

    def observed(self) -> np.ndarray:
        """Observed frequency of positives per bin (NaN for empty bins)."""
        return np.divide(self.positive, self.weight, out=np.full(self.n_bins, np.nan), where=self._occupied())

    def mean_predicted(self) -> np.ndarray:
        """Mean predicted probability per bin (NaN for empty bins)."""
        return np.divide(self.prob_sum, self.weight, out=np.full(self.n_bins, np.nan), where=self._occupied())

    def ece(self) -> float:
        """Expected calibration error: the weight-averaged gap between observed frequency and mean prediction."""
        total = self.total
        if total <= 0:
            return _NAN
        gap = np.abs(self.positive - self.prob_sum)  # n_k |o_k - p_k|
        return float(gap.sum() / total)

    def mce(self) -> float:
        """Maximum calibration error: the largest gap over the occupied bins."""
        occupied = self._occupied()
        if not occupied.any():
            return _NAN
        return float(np.max(np.abs(self.observed()[occupied] - self.mean_predicted()[occupied])))

    def brier(self) -> float:
        """The Brier score ``sum w (p - y)^2 / sum w``, exactly (the table keeps the needed sums)."""
        total = self.total
        if total <= 0:
            return _NAN
        return float((self.prob_sq_sum.sum() - 2 * self.positive_prob_sum.sum() + self.positive.sum()) / total)

    def decomposition(self) -> BrierDecomposition:
        """Murphy's decomposition on the bins, made exact by the within-bin terms (Stephenson et al. 2008)."""
        W = self.total
        if W <= 0:
            return BrierDecomposition(_NAN, _NAN, _NAN, _NAN, _NAN, _NAN)
        occupied = self._occupied()
        n = self.weight[occupied]
        o = self.positive[occupied] / n
        p = self.prob_sum[occupied] / n
        base = float(self.positive.sum() / W)
        reliability = float((n * (p - o) ** 2).sum() / W)
        resolution = float((n * (o - base) ** 2).sum() / W)
        uncertainty = base * (1 - base)
        within_variance = float(max((self.prob_sq_sum[occupied] - n * p * p).sum(), 0.0) / W)
        within_covariance = float(2 * (self.positive_prob_sum[occupied] - n * o * p).sum() / W)
        return BrierDecomposition(
            self.brier(), reliability, resolution, uncertainty, within_variance, within_covariance
        )

    def curve(self, level: float = 0.95) -> ReliabilityCurve:
        """The reliability curve of the occupied bins with Wilson intervals per bin (Kish's effective sample size
        under weights)."""
        from .intervals import wilson_interval

        occupied = np.flatnonzero(self._occupied())
        low = np.empty(occupied.size)
        high = np.empty(occupied.size)
        for i, k in enumerate(occupied):
            effective = self.weight[k] ** 2 / self.weight_sq[k] if self.weight_sq[k] > 0 else None
            ci = wilson_interval(float(self.positive[k]), float(self.weight[k]), level=level, effective_total=effective)
            low[i], high[i] = ci.low, ci.high
        return ReliabilityCurve(
            self.observed()[occupied],
            self.mean_predicted()[occupied],
            self.weight[occupied],
            low,
            high,
            self.edges[occupied],
            self.edges[occupied + 1],
            level,
            "wilson",
        )

    def to_dict(self) -> dict:
        return {"edges": self.edges.tolist(), **{f: getattr(self, f).tolist() for f in _FIELDS}}

    @classmethod
    def from_dict(cls, d: dict) -> CalibrationTable:
        edges = np.asarray(d["edges"], dtype=np.float64)
        arrays = [np.asarray(d[f], dtype=np.float64) for f in _FIELDS]
        if edges.ndim != 1 or edges.size < 2 or any(a.shape != (edges.size - 1,) for a in arrays):
            raise ValueError(
                f"a calibration table dict needs 'edges' (n_bins + 1 values) and arrays of n_bins values for {_FIELDS}."
            )
        return cls(edges, *arrays)


_FIELDS = ("weight", "positive", "prob_sum", "positive_prob_sum", "prob_sq_sum", "weight_sq")


def bin_of(prob: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Bin index of each probability: the number of inner edges strictly below it (scikit-learn's rule)."""
    return np.searchsorted(edges[1:-1], prob, side="left")


# --------------------------------------------------------------------------------------------- results


@dataclass(frozen=True, eq=False)
class ReliabilityCurve:
    """Observed frequency against mean predicted probability in each occupied bin; unpacks as scikit-learn's
    ``prob_true, prob_pred``.

    ``weight`` is each bin's (weighted) count, ``low``/``high`` the interval of the observed frequency (``method``
    ``"wilson"`` or ``"bootstrap-percentile"``), ``bin_low``/``bin_high`` the bin's edges.

    Examples
    --------
    >>> curve = calibration_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], n_bins=2)
    >>> prob_true, prob_pred = curve
    >>> curve.weight.tolist(), curve.low.round(3).tolist()
    ([3.0, 1.0], [0.061, 0.207])
    """

    prob_true: np.ndarray
    prob_pred: np.ndarray
    weight: np.ndarray
    low: np.ndarray
    high: np.ndarray
    bin_low: np.ndarray
    bin_high: np.ndarray
    level: float = 0.95
    method: str = "wilson"

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.prob_true, self.prob_pred))

    def __len__(self) -> int:
        return 2

    def __getitem__(self, i: int) -> np.ndarray:
        return (self.prob_true, self.prob_pred)[i]

    def to_dict(self) -> dict:
        return {
            k: [_f(v) for v in getattr(self, k)]
            for k in ("prob_true", "prob_pred", "weight", "low", "high", "bin_low", "bin_high")
        } | {"level": self.level, "method": self.method}


@dataclass(frozen=True)
class BrierDecomposition:
    """``brier = reliability - resolution + uncertainty + within_variance - within_covariance`` (exact).
    ``reliability`` (lower is better) measures miscalibration on the bins, ``resolution`` (higher is better) how
    far the bins' frequencies spread from the base rate, ``uncertainty`` the base rate's own variance."""

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_variance: float
    within_covariance: float

    def to_dict(self) -> dict:
        return {
            k: _f(getattr(self, k))
            for k in ("brier", "reliability", "resolution", "uncertainty", "within_variance", "within_covariance")
        }


@dataclass(frozen=True)
class Recalibration:
    """Logistic recalibration ``logit P(y = 1) = a + b logit(p)``: ``slope`` is ``b`` (1 for calibrated
    probabilities; below 1: over-confident), ``intercept`` the calibration-in-the-large ``a`` with ``b`` fixed at
    1 (0 when the mean prediction is right; above 0: probabilities too low), each an :class:`rocauc.Interval`
    (Wald, from the observed information; sample weights as frequency weights). ``slope_intercept`` is ``a`` of
    the two-parameter fit."""

    slope: Any
    intercept: Any
    slope_intercept: float

    def to_dict(self) -> dict:
        return {
            "slope": self.slope.to_dict(),
            "intercept": self.intercept.to_dict(),
            "slope_intercept": _f(self.slope_intercept),
        }


@dataclass(frozen=True, eq=False)
class Calibration:
    """Calibration of one binary problem (a binary classifier, one class against the rest, or the top label).

    ``curve`` is the :class:`ReliabilityCurve`, ``ece`` the expected calibration error (an
    :class:`rocauc.Interval` with a bootstrap interval when asked, else with NaN bounds), ``mce`` the maximum
    calibration error, ``brier`` the Brier score and ``decomposition`` its :class:`BrierDecomposition`,
    ``recalibration`` the logistic :class:`Recalibration`, ``table`` the :class:`CalibrationTable`.

    Examples
    --------
    >>> cal = calibration([0, 0, 1, 1, 0, 1, 1, 0], [.1, .3, .8, .35, .65, .9, .7, .2], n_bins=2)
    >>> cal.summary()
    'ECE 0.0125, Brier 0.1406, slope 1.455, intercept 0.000'
    """

    label: Any
    curve: ReliabilityCurve
    ece: Any
    mce: float
    brier: float
    decomposition: BrierDecomposition
    recalibration: Recalibration | None
    table: CalibrationTable
    strategy: str = "uniform"
    n_samples: int = 0

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "n_samples": self.n_samples,
            "n_bins": self.table.n_bins,
            "strategy": self.strategy,
            "ece": self.ece.to_dict(),
            "mce": _f(self.mce),
            "brier": _f(self.brier),
            "decomposition": self.decomposition.to_dict(),
            "recalibration": None if self.recalibration is None else self.recalibration.to_dict(),
            "curve": self.curve.to_dict(),
        }

    def __str__(self) -> str:
        return (
            f"calibration of {self.label!r} ({self.n_samples} samples, {self.table.n_bins} {self.strategy} "
            f"bins): {self.summary()}"
        )

    def summary(self) -> str:
        r = self.recalibration
        ece = self.ece
        text = f"ECE {ece.estimate:.4f}"
        if np.isfinite(ece.low):
            text += f" [{ece.low:.4f}, {ece.high:.4f}]"
        text += f", Brier {self.brier:.4f}"
        if r is not None:
            text += f", slope {r.slope.estimate:.3f}, intercept {r.intercept.estimate:.3f}"
        return text


@dataclass(frozen=True, eq=False)
class MultiCalibration:
    """Calibration of a multi-class or multi-label classifier: ``classes`` one :class:`Calibration` per class
    (one-vs-rest), ``top_label`` that of the predicted class's confidence (multi-class only).

    Examples
    --------
    >>> cal = calibration([0, 1, 2, 1], [[.7, .2, .1], [.2, .6, .2], [.1, .3, .6], [.3, .4, .3]], n_bins=2,
    ...                   recalibrate=False)
    >>> [c.label for c in cal.classes], round(cal.top_label.brier, 4)
    ([0, 1, 2], 0.1925)
    """

    task: str
    classes: list[Calibration]
    top_label: Calibration | None = None
    extras: dict = field(default_factory=dict)

    def __getitem__(self, label: Any) -> Calibration:
        for c in self.classes:
            if c.label == label:
                return c
        raise KeyError(f"no class {label!r}; the classes are {[c.label for c in self.classes]}")

    def __str__(self) -> str:
        rows = [f"calibration ({self.task}, one class against the rest):"]
        rows += [f"  {c.label!r}: {c.summary()}" for c in self.classes]
        if self.top_label is not None:
            rows.append(f"  top label: {self.top_label.summary()}")
        return "\n".join(rows)

    def to_dict(self) -> dict:
        return {
            "task": self.task,
            "classes": [c.to_dict() for c in self.classes],
            "top_label": None if self.top_label is None else self.top_label.to_dict(),
        }


# --------------------------------------------------------------------------------------------- recalibration


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function without overflow: 1/2 (1 + tanh(z/2)), one pass."""
    out = np.multiply(z, 0.5)
    np.tanh(out, out=out)
    out += 1.0
    out *= 0.5
    return out


def logit(prob: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(prob, dtype=np.float64), _CLIP, 1 - _CLIP)
    return np.log(p) - np.log1p(-p)


def fit_recalibration(
    y: np.ndarray,
    z: np.ndarray,
    w: np.ndarray | None,
    level: float = 0.95,
    max_iter: int = 100,
    *,
    pieces: Callable[[], Iterable[tuple[np.ndarray, np.ndarray, np.ndarray | None]]] | None = None,
    sums: Callable[[Callable[..., Any]], Any] | None = None,
) -> Recalibration:
    """Newton's method (IRLS) for the two-parameter logistic fit on ``z = logit(p)``, and the one-parameter fit
    with offset ``z``. NaN (with a warning) when a fit does not converge (separated data, one class).

    ``pieces`` (instead of ``y``, ``z``, ``w``): a function returning the data again as ``(y, z, w)`` pieces, for
    data read in chunks (``rocauc report --engine outofcore``): every sum of the fit is added piece by piece.
    ``sums`` (instead of both): a function that returns the sum over the data of ``fn(y, z, w)`` for a given
    ``fn`` (computed where the data are: ``rocauc report --engine dask|spark``)."""
    from . import bootstrap as bs
    from .intervals import Interval

    def parts() -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        if pieces is None:
            yield y.astype(np.float64), z, np.ones(z.size) if w is None else np.asarray(w, dtype=np.float64)
            return
        for yy, zz, ww in pieces():
            yield yy.astype(np.float64), zz, np.ones(zz.size) if ww is None else np.asarray(ww, dtype=np.float64)

    def total(fn: Callable[..., Any]) -> Any:
        """The sum over the pieces of ``fn(y, z, w)`` (one piece: its value)."""
        if sums is not None:
            return sums(_as_floats(fn))
        out: Any = None
        for part in parts():
            value = fn(*part)
            out = value if out is None else out + value
        return out

    q = bs.normal_quantile(0.5 + level / 2)

    def wald(est: float, se: float) -> Interval:
        if not (np.isfinite(est) and np.isfinite(se)):
            return Interval(_NAN, _NAN, _NAN, level, "wald")
        return Interval(est, est - q * se, est + q * se, level, "wald", se)

    def intercept_sums(a: float) -> Callable[..., np.ndarray]:
        def fn(yf: np.ndarray, z: np.ndarray, w: np.ndarray) -> np.ndarray:
            mu = _sigmoid(a + z)
            return np.array([np.einsum("i,i->", w, mu * (1 - mu)), np.einsum("i,i->", w, yf - mu)])

        return fn

    # one parameter, offset z: the calibration intercept
    a, ok = 0.0, False
    for _ in range(max_iter):
        info, score = (float(v) for v in total(intercept_sums(a)))
        if info <= 0:
            break
        step = score / info
        a += step
        if abs(step) < 1e-12 * max(1.0, abs(a)):
            ok = abs(a) < 1e6
            break
    info = float(total(intercept_sums(a))[0])
    intercept = wald(a, 1 / math.sqrt(info)) if ok and info > 0 else wald(_NAN, _NAN)
    # two parameters: slope and its intercept
    beta = np.array([0.0, 1.0])  # start at "calibrated": a few Newton steps from there
    converged = False

    def loglik(b: np.ndarray) -> float:
        def fn(yf: np.ndarray, z: np.ndarray, w: np.ndarray) -> float:
            eta = b[0] + b[1] * z  # sum of w (y eta - log(1 + e^eta)), without overflow
            return float(np.einsum("i,i->", w, yf * eta - np.logaddexp(0.0, eta)))

        return float(total(fn))

    def newton_sums(b: np.ndarray) -> Callable[..., np.ndarray]:
        """(h00, h01, h11, g0, g1): the information matrix and the score at ``b``."""

        def fn(yf: np.ndarray, z: np.ndarray, w: np.ndarray) -> np.ndarray:
            mu = _sigmoid(b[0] + b[1] * z)
            v = w * mu * (1 - mu)
            r = w * (yf - mu)
            return np.array(
                [v.sum(), np.einsum("i,i->", v, z), np.einsum("i,i,i->", v, z, z), r.sum(), np.einsum("i,i->", r, z)]
            )

        return fn

    current = loglik(beta)
    for _ in range(max_iter):
        h00, h01, h11, g0, g1 = total(newton_sums(beta))
        det = h00 * h11 - h01**2
        if not det > 1e-300:
            break
        step = np.array([h11 * g0 - h01 * g1, h00 * g1 - h01 * g0]) / det
        # damped Newton: halve the step until the (concave) log-likelihood does not fall, so a start far from
        # the optimum (a slope near 0 with widely spread logits) cannot overshoot and diverge
        accepted: float | None = None
        for _ in range(60):
            trial = loglik(beta + step)
            if trial >= current - 1e-12 * abs(current):
                accepted = trial
                break
            step = step / 2
        beta += step
        current = loglik(beta) if accepted is None else accepted  # the accepted trial is loglik(beta)
        if np.max(np.abs(step)) < 1e-12 * max(1.0, float(np.max(np.abs(beta)))):
            converged = bool(np.all(np.abs(beta) < 1e6))
            break
    if converged:
        h00, h01, h11 = total(newton_sums(beta))[:3]
        det = h00 * h11 - h01 * h01
        slope = wald(float(beta[1]), math.sqrt(h00 / det)) if det > 0 else wald(_NAN, _NAN)
        slope_intercept = float(beta[0])
    else:
        slope, slope_intercept = wald(_NAN, _NAN), _NAN
    if not (ok and converged):
        warn(
            "the logistic recalibration did not converge (the labels are separated by the predicted probabilities, "
            "or one class is absent); its slope and intercept are NaN.",
            UndefinedMetricWarning,
        )
    return Recalibration(slope, intercept, slope_intercept)


def _as_floats(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn(y, z, w)`` of the fit's sums called with float labels and weights (ones where ``w`` is None)."""

    def on_piece(y: np.ndarray, z: np.ndarray, w: np.ndarray | None) -> Any:
        return fn(y.astype(np.float64), z, np.ones(z.size) if w is None else np.asarray(w, dtype=np.float64))

    return on_piece


# --------------------------------------------------------------------------------------------- bootstrap


def _bootstrap_bins(y, prob, w, edges, level, n_resamples, rng, progress):
    """Bootstrap (resampling the samples, bin edges held fixed) of the ECE and of each bin's observed frequency:
    (ECE interval bounds, std. error, per-bin low, per-bin high, replicates used) for the occupied bins."""
    from . import bootstrap as bs

    bins = bin_of(prob, edges)
    order = np.argsort(bins, kind="stable")
    sorted_bins = bins[order]
    occupied, starts = np.unique(sorted_bins, return_index=True)
    ws = (np.ones(prob.size) if w is None else w)[order]
    ys = y[order]
    ps = np.asarray(prob, dtype=np.float64)[order]
    contributions = (ws, np.where(ys, ws, 0.0), ws * ps)

    def values_of(mult: np.ndarray) -> np.ndarray:
        sums = [np.add.reduceat(mult * c[None, :], starts, axis=1) for c in contributions]
        n, pos, psum = sums
        total = n.sum(axis=1)
        ece = np.abs(pos - psum).sum(axis=1) / total
        with np.errstate(invalid="ignore", divide="ignore"):
            freq = np.where(n > 0, pos / n, np.nan)
        return np.column_stack([ece, freq])

    draws = bs.Draws((prob.size,))
    values = bs.bootstrap(draws, values_of, prob.size * 3, n_resamples, rng, progress)
    ece_low, ece_high = bs.percentile_interval(values[:, 0], level)
    alpha = (1 - level) / 2
    with np.errstate(invalid="ignore"):
        freq = values[:, 1:]
        low = np.array(
            [
                np.nanquantile(freq[:, j], alpha) if np.isfinite(freq[:, j]).any() else np.nan
                for j in range(freq.shape[1])
            ]
        )
        high = np.array(
            [
                np.nanquantile(freq[:, j], 1 - alpha) if np.isfinite(freq[:, j]).any() else np.nan
                for j in range(freq.shape[1])
            ]
        )
    return ece_low, ece_high, float(np.std(values[:, 0], ddof=1)), occupied, low, high


# --------------------------------------------------------------------------------------------- public


def _problem(y_true, y_prob, sample_weight, pos_label, labels, from_logits, task) -> Problem:
    problem = normalize(
        y_true,
        y_prob,
        sample_weight=sample_weight,
        pos_label=pos_label,
        labels=labels,
        from_logits=from_logits,
        task=task,
    )
    if problem.score_kind == "score":
        lo, hi = float(np.min(problem.score)), float(np.max(problem.score))
        raise ValueError(
            f"calibration needs probabilities in [0, 1], but y_prob ranges over [{lo:g}, {hi:g}]; if "
            "these are logits, pass from_logits=True (scores that are not probabilities cannot be "
            "calibrated as they are: fit a calibrator first)."
        )
    return problem


def _binary_parts(problem: Problem, logits: bool = True) -> list[tuple[Any, np.ndarray, np.ndarray, Any]]:
    """(label, is-positive, probability, logit or None) per one-vs-rest problem."""
    parts: list[tuple[Any, np.ndarray, np.ndarray, Any]] = []
    for label, y, s in problem.one_vs_rest():
        s = np.asarray(s, dtype=np.float64)
        if problem.score_kind == "logit":
            parts.append((label, y, _sigmoid(s), s))
        else:
            parts.append((label, y, s, logit(s) if logits else None))
    return parts


def _top_label(problem: Problem, logits: bool = True) -> tuple[np.ndarray, np.ndarray, Any]:
    p = np.asarray(problem.score, dtype=np.float64)
    predicted = np.argmax(p, axis=1)
    confidence = p[np.arange(p.shape[0]), predicted]
    return predicted == problem.y, confidence, logit(confidence) if logits else None


def _check_interval(interval: str | None, level: float, n_resamples: int) -> None:
    from .intervals import _check_resamples, check_level

    check_level(level)
    if interval not in (None, *BIN_INTERVALS):
        raise ValueError(f"interval={interval!r} is not one of (None, 'wilson', 'bootstrap').")
    if interval == "bootstrap":
        _check_resamples(n_resamples)


def _one(
    label, y, prob, z, w, *, n_bins, strategy, edges, interval, level, n_resamples, rng, progress, recalibrate=True
) -> Calibration:
    from .intervals import Interval

    if w is not None:
        keep = w > 0
        if not keep.all():
            y, prob, w = y[keep], prob[keep], w[keep]
            z = None if z is None else z[keep]
    table = CalibrationTable.from_arrays(y, prob, w, edges=edges, n_bins=n_bins, strategy=strategy)
    curve = table.curve(level)
    ece = Interval(table.ece(), _NAN, _NAN, level, "none")
    if interval == "bootstrap":
        low, high, se, _, bin_low, bin_high = _bootstrap_bins(
            y, prob, w, table.edges, level, n_resamples, rng, progress
        )
        ece = Interval(table.ece(), low, high, level, "bootstrap-percentile", se, n_resamples)
        curve = ReliabilityCurve(
            curve.prob_true,
            curve.prob_pred,
            curve.weight,
            bin_low,
            bin_high,
            curve.bin_low,
            curve.bin_high,
            level,
            "bootstrap-percentile",
        )
    elif interval is None:
        nan = np.full(curve.prob_true.size, np.nan)
        curve = ReliabilityCurve(
            curve.prob_true,
            curve.prob_pred,
            curve.weight,
            nan,
            nan.copy(),
            curve.bin_low,
            curve.bin_high,
            level,
            "none",
        )
    if not recalibrate:
        recal = None
    elif y.all() or not y.any():
        present = "positive" if y.all() else "negative"
        warn(
            f"only {present} samples for {label!r}: the reliability curve is defined but the logistic "
            "recalibration is not (NaN).",
            UndefinedMetricWarning,
        )
        undefined = Interval(_NAN, _NAN, _NAN, level, "wald")
        recal = Recalibration(undefined, undefined, _NAN)
    else:
        recal = fit_recalibration(y, z, w, level)
    return Calibration(
        label,
        curve,
        ece,
        table.mce(),
        table.brier(),
        table.decomposition(),
        recal,
        table,
        strategy if edges is None else "edges",
        int(y.size),
    )


def calibration(
    y_true: Labels,
    y_prob: Scores,
    *,
    n_bins: int = 10,
    strategy: str = "uniform",
    edges: Any = None,
    interval: str | None = "wilson",
    level: float = 0.95,
    n_resamples: int = 1000,
    random_state: Any = None,
    progress: bool | None = None,
    sample_weight: Weights = None,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    recalibrate: bool = True,
) -> Calibration | MultiCalibration:
    """Calibration of predicted probabilities: reliability curve, ECE, Brier score and its decomposition, and the
    logistic recalibration slope and intercept.

    Bins are ``n_bins`` of equal width (``strategy="uniform"``), of equal counts (``"quantile"``), or the given
    ``edges`` on [0, 1]. ``interval="wilson"`` puts a Wilson interval on each bin's observed frequency;
    ``"bootstrap"`` resamples the samples ``n_resamples`` times (edges held fixed) for the bins and for the ECE;
    None for no intervals. Binary problems give a :class:`Calibration`; multi-class ones a
    :class:`MultiCalibration` with one per class (one-vs-rest) and the top-label calibration; multi-label ones
    one per label.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_labels)
        True labels (binary, multi-class, or a multi-label indicator matrix).
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities (or logits with ``from_logits=True``).
    n_bins : int, default 10
        Number of bins.
    strategy : {"uniform", "quantile"}
        Bins of equal width or of equal counts.
    edges : array-like, optional
        Explicit bin edges from 0 to 1 (instead of ``n_bins`` and ``strategy``).
    interval : {"wilson", "bootstrap", None}
        Intervals of each bin's frequency (and, for the bootstrap, of the ECE).
    level : float, default 0.95
        Confidence level.
    n_resamples : int, default 1000
        Bootstrap resamples.
    random_state : None, int or numpy Generator
        Seed of the bootstrap.
    progress : bool, optional
        Progress line of long bootstraps on stderr.
    sample_weight : array-like of shape (n_samples,), optional
        Sample weights.
    pos_label : optional
        The positive class of a binary ``y_true``.
    labels : array-like, optional
        The classes, in the order of the probability columns.
    from_logits : bool, default False
        The scores are logits (sigmoid or softmax applied).
    task : {"binary", "multiclass", "multilabel"}, optional
        Forces the kind of problem.
    recalibrate : bool, default True
        Fit the logistic recalibration (``False``: ``recalibration`` is None).

    Returns
    -------
    Calibration or MultiCalibration
        One calibration (binary), or one per class and the top label (multi-class) or per label (multi-label).

    Examples
    --------
    >>> cal = calibration([0, 0, 1, 1, 0, 1, 1, 0], [0.1, 0.3, 0.8, 0.35, 0.65, 0.9, 0.7, 0.2], n_bins=2)
    >>> cal.curve.prob_true.tolist(), round(cal.brier, 4), round(cal.ece.estimate, 4)
    ([0.25, 0.75], 0.1406, 0.0125)
    """
    _check_interval(interval, level, n_resamples)
    if edges is not None:
        edges = _check_edges(edges)
    else:
        calibration_edges(n_bins, strategy, np.zeros(1))  # validates n_bins and strategy
    problem = _problem(y_true, y_prob, sample_weight, pos_label, labels, from_logits, task)
    return calibration_of_problem(
        problem,
        n_bins=n_bins,
        strategy=strategy,
        edges=edges,
        interval=interval,
        level=level,
        n_resamples=n_resamples,
        random_state=random_state,
        progress=progress,
        recalibrate=recalibrate,
    )


def calibration_of_problem(
    problem: Problem,
    *,
    n_bins: int = 10,
    strategy: str = "uniform",
    edges: np.ndarray | None = None,
    interval: str | None = "wilson",
    level: float = 0.95,
    n_resamples: int = 1000,
    random_state: Any = None,
    progress: bool | None = None,
    recalibrate: bool = True,
) -> Calibration | MultiCalibration:
    """:func:`calibration` of an already normalized problem with probabilities or logits (options validated)."""
    from .intervals import rng_from

    rng = rng_from(random_state) if interval == "bootstrap" else None
    kw = dict(
        n_bins=n_bins,
        strategy=strategy,
        edges=edges,
        interval=interval,
        level=level,
        n_resamples=n_resamples,
        rng=rng,
        progress=progress,
        recalibrate=recalibrate,
    )
    w = problem.weight
    parts = [_one(label, y, p, z, w, **kw) for label, y, p, z in _binary_parts(problem, recalibrate)]
    if problem.task == "binary":
        return parts[0]
    top = None
    if problem.task == "multiclass":
        correct, conf, z = _top_label(problem, recalibrate)
        top = _one("top label", correct, conf, z, w, **kw)
    return MultiCalibration(problem.task, parts, top)


def _check_edges(edges: Any) -> np.ndarray:
    e = np.asarray(edges, dtype=np.float64)
    if e.ndim != 1 or e.size < 2 or not np.isfinite(e).all() or e[0] != 0 or e[-1] != 1 or (np.diff(e) < 0).any():
        raise ValueError(f"edges must be non-decreasing bin edges from 0 to 1 (e.g. [0, 0.1, 0.5, 1]), got {edges!r}.")
    return e


def calibration_curve(
    y_true: Labels,
    y_prob: Scores,
    *,
    n_bins: int = 5,
    strategy: str = "uniform",
    interval: str | None = "wilson",
    level: float = 0.95,
    sample_weight: Weights = None,
    pos_label: Any = None,
    from_logits: bool = False,
    n_resamples: int = 1000,
    random_state: Any = None,
) -> ReliabilityCurve:
    """scikit-learn's ``calibration_curve`` with intervals: the observed frequency and mean predicted probability
    of each occupied bin of a binary problem (unpacks as ``prob_true, prob_pred``), with sample weights.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_prob : array-like of shape (n_samples,)
        Predicted probabilities of the positive class (logits with ``from_logits=True``).
    n_bins : int, default 5
        Number of bins (scikit-learn's default).
    strategy : {"uniform", "quantile"}
        Bins of equal width or of equal counts.
    interval : {"wilson", "bootstrap", None}
        Intervals of each bin's observed frequency.
    level : float, default 0.95
        Confidence level.
    sample_weight : array-like of shape (n_samples,), optional
        Sample weights.
    pos_label : optional
        The positive class of a binary ``y_true``.
    from_logits : bool, default False
        The scores are logits.
    n_resamples : int, default 1000
        Bootstrap resamples.
    random_state : None, int or numpy Generator
        Seed of the bootstrap.

    Returns
    -------
    ReliabilityCurve
        The occupied bins' observed frequencies, mean predictions, counts and intervals.

    Examples
    --------
    >>> prob_true, prob_pred = calibration_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], n_bins=2)
    >>> prob_true.tolist(), prob_pred.tolist()
    ([0.3333333333333333, 1.0], [0.2833333333333333, 0.8])
    """
    cal = calibration(
        y_true,
        y_prob,
        n_bins=n_bins,
        strategy=strategy,
        interval=interval,
        level=level,
        sample_weight=sample_weight,
        pos_label=pos_label,
        from_logits=from_logits,
        task="binary",
        n_resamples=n_resamples,
        random_state=random_state,
        progress=False,
        recalibrate=False,
    )
    assert isinstance(cal, Calibration)  # task="binary"
    return cal.curve


def brier_score(
    y_true: Labels, y_prob: Scores, *, sample_weight: Weights = None, pos_label: Any = None, from_logits: bool = False
) -> float:
    """The Brier score of a binary problem, ``mean((p - y)^2)`` (scikit-learn's ``brier_score_loss``).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_prob : array-like of shape (n_samples,)
        Predicted probabilities of the positive class (logits with ``from_logits=True``).
    sample_weight : array-like of shape (n_samples,), optional
        Sample weights.
    pos_label : optional
        The positive class of a binary ``y_true``.
    from_logits : bool, default False
        The scores are logits.

    Returns
    -------
    float
        The (weighted) mean squared difference between probability and outcome.

    Examples
    --------
    >>> round(brier_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 4)
    0.0375
    """
    problem = _problem(y_true, y_prob, sample_weight, pos_label, None, from_logits, "binary")
    ((_, y, p, _),) = _binary_parts(problem, logits=False)
    w = np.ones(p.size) if problem.weight is None else problem.weight
    return float(np.einsum("i,i->", w, (p - y) ** 2) / w.sum())


def expected_calibration_error(
    y_true: Labels,
    y_prob: Scores,
    *,
    n_bins: int = 15,
    strategy: str = "uniform",
    multi_class: str = "top-label",
    sample_weight: Weights = None,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
) -> float:
    """Expected calibration error: binary, or for multi-class data that of the top label (Guo et al. 2017,
    ``multi_class="top-label"``) or the mean over classes one-vs-rest (``"ovr"``).

    Parameters
    ----------
    y_true : array-like
        True labels.
    y_prob : array-like
        Predicted probabilities (logits with ``from_logits=True``).
    n_bins : int, default 15
        Number of bins.
    strategy : {"uniform", "quantile"}
        Bins of equal width or of equal counts.
    multi_class : {"top-label", "ovr"}
        For multi-class data: the top label's ECE, or the mean of the classes' one-vs-rest ECEs.
    sample_weight : array-like of shape (n_samples,), optional
        Sample weights.
    pos_label : optional
        The positive class of a binary ``y_true``.
    labels : array-like, optional
        The classes, in the order of the probability columns.
    from_logits : bool, default False
        The scores are logits.

    Returns
    -------
    float
        The weight-averaged gap between observed frequency and mean prediction over the bins.

    Examples
    --------
    >>> expected_calibration_error([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], n_bins=2)
    0.0875
    """
    if multi_class not in ("top-label", "ovr"):
        raise ValueError(f"multi_class={multi_class!r} is not one of ('top-label', 'ovr').")
    calibration_edges(n_bins, strategy, np.zeros(1))
    problem = _problem(y_true, y_prob, sample_weight, pos_label, labels, from_logits, None)
    w = problem.weight
    if problem.task == "multiclass" and multi_class == "top-label":
        correct, conf, _ = _top_label(problem)
        return CalibrationTable.from_arrays(correct, conf, w, n_bins=n_bins, strategy=strategy).ece()
    eces = [
        CalibrationTable.from_arrays(y, p, w, n_bins=n_bins, strategy=strategy).ece()
        for _, y, p, _ in _binary_parts(problem, logits=False)
    ]
    return float(np.mean(eces))
