"""DeLong's variance of the AUC, computed on the counts table (Sun and Xu's fast algorithm, O(n log n)).

The structural components of DeLong, DeLong and Clarke-Pearson (1988) are, for a positive ``i``, the fraction of
negatives it outranks (``V10``), and for a negative ``j`` the fraction of positives that outrank it (``V01``), a
tie counting one half. Sun and Xu (2014) compute them from midranks after one sort. On the counts table they are
a property of the table row a sample falls in: for a positive in row ``g`` (decreasing thresholds),
``V10 = 1 - (fp[g-1] + fp[g]) / 2N``, and for a negative ``V01 = (tp[g-1] + tp[g]) / 2P``. So the variance is
O(number of rows) once the table exists.

The variance is written as a sum over samples of squared *influence* values ``psi``:
``psi_i = w_i (V10_i - A) / P * sqrt(m / (m - 1))`` for a positive (``m`` positive samples, total weight ``P``),
likewise for a negative. With unit weights ``sum psi**2 = S10 / m + S01 / n``, DeLong's variance exactly, and
``sum psi_a * psi_b`` is DeLong's covariance of two AUCs on the same samples. Sample weights act as importance
weights (the linearization of the weighted AUC): scaling all weights changes nothing. The same ``psi`` gives the
covariance of one-vs-rest AUCs of different classes, hence the variance of their macro and weighted averages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.counts import Counts
from ..core.scores import dot

__all__ = ["Layout", "layout", "delong_variance", "Influence", "influence"]


@dataclass(frozen=True, eq=False)
class Layout:
    """The exact counts table of one binary problem together with the table row of every sample.

    ``row``: (n,) row index of each sample (rows in decreasing-threshold order, as in :class:`Counts`);
    ``dtp``/``dfp``: positive and negative weight in each row (the table is their cumulative sum).
    """

    thresholds: np.ndarray
    row: np.ndarray
    positive: np.ndarray
    weight: np.ndarray | None
    dtp: np.ndarray
    dfp: np.ndarray

    @property
    def n_rows(self) -> int:
        return int(self.thresholds.size)

    def counts(self) -> Counts:
        return Counts(self.thresholds, np.cumsum(self.dtp), np.cumsum(self.dfp))


def layout(y: np.ndarray, score: np.ndarray, weight: np.ndarray | None = None) -> Layout:
    """Sort once; map each sample to its row of the exact counts table (ties share a row).

    ``y`` bool, ``score`` finite, ``weight`` positive or None (drop zero-weight samples before). Any shape: the
    samples are ``score.ravel()`` (a micro-average pools the entries of an (n, k) problem this way).
    """
    flat = score.ravel()
    order = np.argsort(flat)
    ordered = flat[order]
    starts = np.empty(flat.size, dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])  # -0.0 == 0.0: one row
    ascending = np.cumsum(starts) - 1
    n_rows = int(ascending[-1]) + 1 if flat.size else 0
    row: np.ndarray = np.empty(flat.size, dtype=np.intp)
    row[order] = n_rows - 1 - ascending
    row = row.reshape(score.shape)
    thresholds = np.asarray(ordered[starts][::-1], dtype=np.float64)
    pos = y.ravel()
    flat_row = row.ravel()
    if weight is None:
        dtp: np.ndarray = np.bincount(flat_row[pos], minlength=n_rows).astype(np.float64)
        dfp: np.ndarray = np.bincount(flat_row, minlength=n_rows) - dtp
    else:
        w = np.broadcast_to(weight.reshape(weight.shape + (1,) * (score.ndim - weight.ndim)), score.shape).ravel()
        dtp = np.bincount(flat_row, weights=np.where(pos, w, 0.0), minlength=n_rows)
        dfp = np.bincount(flat_row, weights=np.where(pos, 0.0, w), minlength=n_rows)
    return Layout(thresholds, row, y, weight, dtp, dfp)


def _components(tp: np.ndarray, fp: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """(AUC, V10 per row, V01 per row) of a cumulative table with both classes present."""
    P, N = float(tp[-1]), float(fp[-1])
    tp_before = np.concatenate([[0.0], tp[:-1]])
    fp_before = np.concatenate([[0.0], fp[:-1]])
    v10 = 1.0 - (fp_before + fp) / (2.0 * N)
    v01 = (tp_before + tp) / (2.0 * P)
    dtp = tp - tp_before
    auc = dot(dtp, v10) / P
    return auc, v10, v01


def _increments(cumulative: np.ndarray) -> np.ndarray:
    out = np.empty_like(cumulative)
    out[:1] = cumulative[:1]
    np.subtract(cumulative[1:], cumulative[:-1], out=out[1:])
    return out


def delong_variance(
    c: Counts,
    positive_sq: np.ndarray | None = None,
    negative_sq: np.ndarray | None = None,
    m: int | None = None,
    n: int | None = None,
) -> tuple[float, float]:
    """(AUC, DeLong variance) from a table, in O(rows).

    Unweighted tables need nothing else. For weighted ones pass the sum of squared weights of the positives
    (``positive_sq``) and negatives in each row, and the numbers of positive and negative samples ``m``, ``n``.
    The AUC is NaN without both classes; the variance is NaN with fewer than two samples of a class.

    >>> import numpy as np
    >>> from ..core.counts import exact_counts
    >>> auc, var = delong_variance(exact_counts(np.array([0, 0, 1, 1, 0, 1], bool),
    ...                                         np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9])))
    >>> round(auc, 4), round(var, 5)
    (0.8889, 0.02469)
    """
    tp, fp = c.tp, c.fp
    P, N = c.P, c.N
    if P <= 0 or N <= 0:
        return float("nan"), float("nan")
    dtp, dfp = _increments(tp), _increments(fp)
    # V10 of a positive in row g: 1 - (negatives above + half the tied ones) / N   (in place: one buffer)
    v10 = dfp * 0.5
    np.subtract(v10, fp, out=v10)
    v10 /= N
    v10 += 1.0
    auc = dot(dtp, v10) / P
    if positive_sq is None:
        positive_sq, negative_sq = dtp, dfp
        m, n = int(round(P)), int(round(N))
    elif m is None or n is None or negative_sq is None:
        raise TypeError("delong_variance: pass negative_sq and the sample counts m and n with positive_sq")
    if m < 2 or n < 2:
        return auc, float("nan")
    v10 -= auc
    v10 *= v10
    s10 = dot(positive_sq, v10) / P**2 * m / (m - 1)
    # V01 of a negative in row g: (positives above + half the tied ones) / P
    v01 = v10
    np.multiply(dtp, -0.5, out=v01)
    v01 += tp
    v01 /= P
    v01 -= auc
    v01 *= v01
    s01 = dot(negative_sq, v01) / N**2 * n / (n - 1)
    return auc, s10 + s01


@dataclass(frozen=True, eq=False)
class Influence:
    """AUC of one binary problem and the influence value of every sample (variance = ``psi @ psi``).

    ``psi`` is NaN everywhere when the variance is undefined (fewer than two samples of a class); ``auc`` is NaN
    when a class is absent. ``component`` is each sample's structural component (V10 for a positive, V01 for a
    negative).
    """

    auc: float
    psi: np.ndarray
    component: np.ndarray
    positive: np.ndarray
    weight: np.ndarray | None

    @property
    def variance(self) -> float:
        return dot(self.psi, self.psi)

    @property
    def jackknife(self) -> np.ndarray:
        """Leave-one-out AUCs: without sample i, the weighted mean of its class's components lacks its own."""
        pos, v = self.positive, self.component
        w = np.ones(v.size) if self.weight is None else self.weight
        P, N = float(w[pos].sum()), float(w[~pos].sum())
        total = np.where(pos, P, N)
        with np.errstate(divide="ignore", invalid="ignore"):
            return (total * self.auc - w * v) / (total - w)


def influence(lay: Layout) -> Influence:
    """DeLong influence values of every sample of a binary layout, in O(n) after the layout's sort."""
    row, pos = lay.row, lay.positive
    size = row.size
    P, N = float(lay.dtp.sum()), float(lay.dfp.sum())
    if P <= 0 or N <= 0:
        nan = np.full(size, np.nan)
        return Influence(float("nan"), nan, nan.copy(), pos, lay.weight)
    auc, v10, v01 = _components(np.cumsum(lay.dtp), np.cumsum(lay.dfp))
    # one lookup table of 2 * rows values: entry 2g for a negative in row g, 2g + 1 for a positive
    key = row * 2
    key += pos
    values = np.empty(2 * v10.size)
    values[0::2], values[1::2] = v01, v10
    component = values[key]
    m = int(np.count_nonzero(pos))
    n = size - m
    if m < 2 or n < 2:
        return Influence(auc, np.full(size, np.nan), component, pos, lay.weight)
    values -= auc
    values[0::2] *= np.sqrt(n / (n - 1.0)) / N
    values[1::2] *= np.sqrt(m / (m - 1.0)) / P
    psi = values[key]
    if lay.weight is not None:
        psi *= lay.weight
    return Influence(auc, psi, component, pos, lay.weight)
