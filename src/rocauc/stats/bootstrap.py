"""The bootstrap as counting: sort once, then every replicate is the same counts table with other multiplicities.

A replicate of a data set is a vector of multiplicities (how often each sample is drawn). Its counts table has the
same rows as the original (the distinct scores) and the multiplicity-weighted counts in each row, so nothing is
ever sorted again: per replicate, draw indices, count them (``bincount``), add them up per table row, and
compute the score from the rows (batched over a chunk of replicates). A jackknife replicate is the multiplicity
vector with zeros for the samples left out, so the same code computes it.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..core.scores import dot, pr_increments
from .delong import Layout

__all__ = [
    "Side",
    "Table",
    "table",
    "Draws",
    "replicate_counts",
    "replicate_auc",
    "replicate_partial_area",
    "replicate_partial_auc",
    "bootstrap",
    "jackknife",
    "batched_auc",
    "batched_partial_auc",
    "batched_average_precision",
    "batched_pr_auc",
    "percentile_interval",
    "bca_interval",
]

_CHUNK_ENTRIES = 1 << 22  # entries of a (replicates x samples) block in memory at once (32 MB of float64)


# ------------------------------------------------------------------------------------------------- tables


@dataclass(frozen=True, eq=False)
class Side:
    """The samples of one class of a table, ordered by table row: where their multiplicities sit (``src``, or a
    contiguous ``span``), their weights, and the distinct rows they fall in (``rows``). Samples sharing a row are
    added up: by ``depths`` (pairs of target and source columns, one pair per extra member of a run) when runs are
    short, else by ``np.add.reduceat`` over the run ``starts``."""

    src: np.ndarray | None
    span: tuple[int, int] | None
    weight: np.ndarray | None
    rows: np.ndarray
    starts: np.ndarray | None
    firsts: np.ndarray | None
    depths: tuple[tuple[np.ndarray, np.ndarray], ...] | None


@dataclass(frozen=True, eq=False)
class Table:
    """One binary counts table to recompute for each replicate (its rows fixed, its counts varying).

    For the ROC AUC without building dense tables: ``above[j]`` is the number of positive rows above negative
    row j, and (``tie_negative``, ``tie_positive``) pair the rows holding both classes.
    """

    n_rows: int
    positive: Side
    negative: Side
    above: np.ndarray
    tie_negative: np.ndarray
    tie_positive: np.ndarray


_MAX_DEPTH = 8  # runs of tied samples up to this length are added column by column, longer ones by reduceat


def _side(rows: np.ndarray, position: np.ndarray, weight: np.ndarray | None) -> Side:
    order = np.lexsort((position, rows))
    rows, position = rows[order], position[order]
    w = None if weight is None else weight[order]
    starts = firsts = depths = None
    if rows.size > 1 and (rows[1:] == rows[:-1]).any():
        first = np.r_[True, rows[1:] != rows[:-1]]
        starts = np.flatnonzero(first)
        lengths = np.diff(np.r_[starts, rows.size])
        if lengths.max() <= _MAX_DEPTH:
            firsts = starts
            depths = tuple((np.flatnonzero(lengths > d), starts[lengths > d] + d) for d in range(1, lengths.max()))
        rows = rows[first]
    span = None
    if position.size and position[-1] - position[0] == position.size - 1 and (np.diff(position) == 1).all():
        span = (int(position[0]), int(position[-1]) + 1)
    return Side(None if span else position, span, w, rows, starts, firsts, depths)


def table(lay: Layout, position: np.ndarray) -> Table:
    """The resampling plan of a layout. ``position[i]`` is where sample ``i``'s multiplicity sits in the
    multiplicity vectors; a layout of shape (n, k) (pooled entries) gives each entry its sample's multiplicity."""
    row = lay.row
    pos = lay.positive
    where = np.broadcast_to(position.reshape(position.shape + (1,) * (row.ndim - 1)), row.shape)
    w = None
    if lay.weight is not None:
        w = np.broadcast_to(lay.weight.reshape(lay.weight.shape + (1,) * (row.ndim - 1)), row.shape)
    positive = _side(row[pos], where[pos], None if w is None else w[pos])
    negative = _side(row[~pos], where[~pos], None if w is None else w[~pos])
    above = np.searchsorted(positive.rows, negative.rows, side="left")
    hit = np.minimum(above, max(positive.rows.size - 1, 0))
    tied = (
        (positive.rows.size > 0) & (positive.rows[hit] == negative.rows)
        if positive.rows.size
        else np.zeros(negative.rows.size, bool)
    )
    return Table(lay.n_rows, positive, negative, above, np.flatnonzero(tied), hit[tied])


def _side_values(side: Side, mult: np.ndarray) -> np.ndarray:
    """(replicates, distinct rows of the side): the side's weight in each of its rows. Integer counts when
    unweighted (exact, and integer running sums are several times faster than float ones)."""
    x = mult[:, side.span[0] : side.span[1]] if side.span is not None else mult[:, side.src]
    if side.weight is not None:
        x = x * side.weight
    if side.starts is None:
        return x
    if side.depths is None:
        return np.add.reduceat(x, side.starts, axis=1)
    out = x[:, side.firsts]
    for targets, sources in side.depths:
        out[:, targets] += x[:, sources]
    return out


def _dense(side: Side, values: np.ndarray, n_rows: int) -> np.ndarray:
    out = np.zeros((values.shape[0], n_rows), dtype=values.dtype)
    out[:, side.rows] = values
    return out


def replicate_counts(t: Table, mult: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row positive and negative weight of each replicate: ``mult`` is (replicates, samples)."""
    return (
        _dense(t.positive, _side_values(t.positive, mult), t.n_rows),
        _dense(t.negative, _side_values(t.negative, mult), t.n_rows),
    )


def replicate_auc(t: Table, mult: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ROC AUC, positive weight) of each replicate, from the two sides without dense tables: each negative
    outranks-or-ties the positives in the rows above it, plus half those in its own row."""
    xp = _side_values(t.positive, mult)
    xn = _side_values(t.negative, mult)
    cumulative = np.zeros((xp.shape[0], xp.shape[1] + 1), dtype=xp.dtype)
    np.cumsum(xp, axis=1, out=cumulative[:, 1:])
    area = np.einsum("ij,ij->i", xn, cumulative[:, t.above]).astype(np.float64)
    if t.tie_negative.size:
        area += 0.5 * np.einsum("ij,ij->i", xn[:, t.tie_negative], xp[:, t.tie_positive])
    P = cumulative[:, -1].astype(np.float64)
    N = xn.sum(axis=1, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((P > 0) & (N > 0), area / (P * N), np.nan), P


def replicate_partial_area(t: Table, mult: np.ndarray, a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    """(area under the ROC curve for FPR in [a, b], positive weight) of each replicate, from the two sides as
    :func:`replicate_auc` (no dense tables). Each negative row is a trapezoid of width its weight, from the
    positives above it to those plus the positives tied with it; its twice-area adds up along the rows (integers
    when unweighted), and the row where FPR ``x`` falls contributes the part of its trapezoid left of ``x``. The
    same area as :func:`rocauc.stats.partial.batched_partial` on the dense tables. NaN without both classes."""
    xp = _side_values(t.positive, mult)
    xn = _side_values(t.negative, mult)
    B, K = xn.shape
    cumulative = np.zeros((B, xp.shape[1] + 1), dtype=xp.dtype)
    np.cumsum(xp, axis=1, out=cumulative[:, 1:])
    before = cumulative[:, t.above]  # positives above each negative row
    tied = np.zeros_like(xn)
    if t.tie_negative.size:
        tied[:, t.tie_negative] = xp[:, t.tie_positive]
    twice = np.zeros((B, K + 1), dtype=np.result_type(xn, before))
    np.cumsum(xn * (2 * before + tied), axis=1, out=twice[:, 1:])
    negatives = np.zeros((B, K + 1), dtype=xn.dtype)
    np.cumsum(xn, axis=1, out=negatives[:, 1:])
    P = cumulative[:, -1].astype(np.float64)
    N = negatives[:, -1].astype(np.float64)
    r = np.arange(B)

    def area_to(x: float) -> np.ndarray:
        if x <= 0:
            return np.zeros(B)
        target = x * N
        j = np.count_nonzero(negatives[:, 1:] <= target[:, None], axis=1)  # rows wholly left of x
        whole = twice[r, j].astype(np.float64) / 2.0
        inside = j < K
        jj = np.minimum(j, K - 1)
        width = target - negatives[r, j]
        weight = xn[r, jj].astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            part = width * (before[r, jj] + tied[r, jj] * width / (2.0 * weight))
        return whole + np.where(inside & (weight > 0), part, 0.0)

    with np.errstate(divide="ignore", invalid="ignore"):
        area = (area_to(b) - area_to(a)) / (P * N)
    return np.where((P > 0) & (N > 0), area, np.nan), P


# ------------------------------------------------------------------------------------------------ scores of many tables


def _cumulative(dtp: np.ndarray, dfp: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    tp = np.cumsum(dtp, axis=1)
    fp = np.cumsum(dfp, axis=1)
    return tp, fp, tp[:, -1].astype(np.float64), fp[:, -1].astype(np.float64)


def batched_auc(dtp: np.ndarray, dfp: np.ndarray) -> np.ndarray:
    """ROC AUC of each row of per-row counts (replicates, table rows); NaN where a class is absent."""
    tp = np.cumsum(dtp, axis=1)
    P = tp[:, -1].astype(np.float64)
    N = dfp.sum(axis=1, dtype=np.float64)
    # each negative outranks-or-ties: positives above it plus half the tied ones (exact in integers)
    area = np.einsum("ij,ij->i", dfp, tp) - 0.5 * np.einsum("ij,ij->i", dfp, dtp)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((P > 0) & (N > 0), area / (P * N), np.nan)


def batched_partial_auc(dtp: np.ndarray, dfp: np.ndarray, max_fpr: float) -> np.ndarray:
    """McClish's standardized partial AUC up to ``max_fpr`` of each row (the same arithmetic as
    ``_scores.partial_auc``)."""
    if max_fpr == 1:
        return batched_auc(dtp, dfp)
    tp, fp, P, N = _cumulative(dtp, dfp)
    ok = (P > 0) & (N > 0)
    Ps, Ns = np.where(ok, P, 1.0), np.where(ok, N, 1.0)
    zeros = np.zeros((dtp.shape[0], 1))
    fpr = np.concatenate([zeros, fp / Ns[:, None]], axis=1)
    tpr = np.concatenate([zeros, tp / Ps[:, None]], axis=1)
    stop = np.count_nonzero(fpr <= max_fpr, axis=1)  # fpr is non-decreasing and starts at 0
    stop = np.minimum(stop, fpr.shape[1] - 1)
    seg = np.diff(fpr, axis=1) * (tpr[:, 1:] + tpr[:, :-1]) / 2.0
    inside = np.arange(seg.shape[1])[None, :] < (stop - 1)[:, None]
    full = np.where(inside, seg, 0.0).sum(axis=1)
    r = np.arange(dtp.shape[0])
    x0, x1 = fpr[r, stop - 1], fpr[r, stop]
    y0, y1 = tpr[r, stop - 1], tpr[r, stop]
    with np.errstate(divide="ignore", invalid="ignore"):
        y_at = np.where(x1 > x0, y0 + (max_fpr - x0) * (y1 - y0) / (x1 - x0), y0)
    area = full + (max_fpr - x0) * (y0 + y_at) / 2.0
    min_area = 0.5 * max_fpr**2
    value = 0.5 * (1.0 + (area - min_area) / (max_fpr - min_area))
    return np.where(ok, value, np.nan)


def replicate_partial_auc(t: Table, mult: np.ndarray, max_fpr: float) -> tuple[np.ndarray, np.ndarray]:
    """(McClish's standardized partial AUC up to ``max_fpr``, positive weight) of each replicate from the table's
    two sides (:func:`replicate_partial_area`): the values of :func:`batched_partial_auc` without dense tables."""
    area, P = replicate_partial_area(t, mult, 0.0, max_fpr)
    min_area = 0.5 * max_fpr**2
    return 0.5 * (1.0 + (area - min_area) / (max_fpr - min_area)), P


def batched_average_precision(dtp: np.ndarray, dfp: np.ndarray) -> np.ndarray:
    """scikit-learn's average precision of each row; NaN without positives."""
    tp, fp, P, _ = _cumulative(dtp, dfp)
    predicted = tp + fp
    precision = np.divide(tp, predicted, out=np.zeros(tp.shape), where=predicted != 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.maximum(0.0, np.einsum("ij,ij->i", dtp, precision) / P)
    return np.where(P > 0, value, np.nan)


def batched_pr_auc(dtp: np.ndarray, dfp: np.ndarray) -> np.ndarray:
    """Davis-Goadrich interpolated PR-AUC of each row (the arithmetic of ``_scores.pr_auc``); NaN without
    positives."""
    tp, fp, P, _ = _cumulative(dtp, dfp)
    zeros = np.zeros((dtp.shape[0], 1), dtype=tp.dtype)
    tp0 = np.concatenate([zeros, tp], axis=1)
    p0 = tp0 + np.concatenate([zeros, fp], axis=1)
    increment = pr_increments(np.asarray(dtp, dtype=np.float64), tp0[:, :-1], p0[:, :-1], p0[:, 1:])
    with np.errstate(divide="ignore", invalid="ignore"):
        value = increment.sum(axis=1) / P
    return np.where(P > 0, value, np.nan)


# ------------------------------------------------------------------------------------------------- resampling

Values = Callable[[np.ndarray], np.ndarray]
"""Maps multiplicities (replicates, samples) to the statistic of each replicate, (replicates, outputs)."""


@dataclass(frozen=True, eq=False)
class Draws:
    """How replicates are drawn: ``strata`` are the sizes of the consecutive blocks of the multiplicity vector
    (samples of one class each, for a stratified bootstrap; one block of all samples otherwise). Each replicate
    draws as many samples from each block as it holds, with replacement."""

    strata: tuple[int, ...]

    @property
    def n_samples(self) -> int:
        return int(sum(self.strata))


class _Progress:
    """A one-line progress report on stderr, shown when asked, or by default once a run has taken 2 s."""

    def __init__(self, total: int, what: str, enabled: bool | None):
        self.total, self.what, self.enabled = total, what, enabled
        self.start = time.perf_counter()
        self.last = 0.0
        self.shown = False

    def update(self, done: int) -> None:
        if self.enabled is False:
            return
        now = time.perf_counter()
        elapsed = now - self.start
        if self.enabled is None and elapsed < 2.0:
            return
        if self.shown and now - self.last < 0.5 and done < self.total:
            return
        left = elapsed / done * (self.total - done) if done else float("nan")
        sys.stderr.write(f"\rrocauc: {self.what} {done}/{self.total}, about {left:.0f} s left   ")
        sys.stderr.flush()
        self.shown, self.last = True, now

    def close(self) -> None:
        if self.shown:
            elapsed = time.perf_counter() - self.start
            sys.stderr.write(f"\rrocauc: {self.what} {self.total}/{self.total} done in {elapsed:.1f} s          \n")
            sys.stderr.flush()


def _chunk_size(width: int) -> int:
    return max(1, _CHUNK_ENTRIES // max(width, 1))


def bootstrap(
    draws: Draws,
    values_of: Values,
    width: int,
    n_resamples: int,
    rng: np.random.Generator,
    progress: bool | None = None,
) -> np.ndarray:
    """The statistic of ``n_resamples`` bootstrap replicates, (n_resamples, outputs). ``width`` is the largest
    number of columns a chunk of replicates needs (samples or table rows): it sets how many replicates are
    computed at once."""
    chunk = _chunk_size(width)
    bar = _Progress(n_resamples, "bootstrap resamples", progress)
    out = []
    done = 0
    while done < n_resamples:
        b = min(chunk, n_resamples - done)
        mult = np.empty((b, draws.n_samples), dtype=np.int64)
        offset = 0
        for size in draws.strata:
            picks = rng.integers(0, size, size=(b, size), dtype=np.uint32 if size < 2**32 else np.uint64)
            for r in range(b):
                mult[r, offset : offset + size] = np.bincount(picks[r], minlength=size)
            offset += size
        out.append(values_of(mult))
        done += b
        bar.update(done)
    bar.close()
    return np.concatenate(out, axis=0)


def jackknife(
    n_samples: int,
    values_of: Values,
    width: int,
    rng: np.random.Generator,
    max_blocks: int = 1000,
) -> np.ndarray:
    """Delete-one jackknife values (n_samples, outputs) when ``n_samples <= max_blocks``; otherwise delete-a-block
    values over ``max_blocks`` random blocks of (nearly) equal size, which estimate the same acceleration."""
    blocks = min(n_samples, max_blocks)
    if blocks == n_samples:
        block_of = np.arange(n_samples)
    else:
        block_of = rng.permutation(n_samples) % blocks
    chunk = _chunk_size(width)
    out = []
    for first in range(0, blocks, chunk):
        ids = np.arange(first, min(first + chunk, blocks))
        mult = (block_of[None, :] != ids[:, None]).astype(np.int64)
        out.append(values_of(mult))
    return np.concatenate(out, axis=0)


# ------------------------------------------------------------------------------------------------- intervals

_NORMAL = __import__("statistics").NormalDist()


def percentile_interval(values: np.ndarray, level: float) -> tuple[float, float]:
    alpha = (1.0 - level) / 2.0
    low, high = np.quantile(values, [alpha, 1.0 - alpha])
    return float(low), float(high)


def acceleration(jack: np.ndarray) -> float:
    """BCa acceleration from jackknife values (Efron 1987): skewness of the jackknife influence values / 6."""
    jack = jack[np.isfinite(jack)]
    if jack.size < 3:
        return 0.0
    d = jack.mean() - jack
    ss = dot(d, d)
    if ss <= 0:
        return 0.0
    return float(np.sum(d**3)) / (6.0 * ss**1.5)


def bca_interval(values: np.ndarray, estimate: float, accel: float, level: float) -> tuple[float, float]:
    """Bias-corrected and accelerated percentile interval (Efron 1987). The bias correction counts replicates
    equal to the estimate as one half (AUC replicates tie with it often)."""
    B = values.size
    below = np.count_nonzero(values < estimate) + 0.5 * np.count_nonzero(values == estimate)
    fraction = min(max(below / B, 0.5 / B), 1.0 - 0.5 / B)
    z0 = _NORMAL.inv_cdf(fraction)
    alpha = (1.0 - level) / 2.0
    levels = []
    for q in (alpha, 1.0 - alpha):
        zq = _NORMAL.inv_cdf(q)
        shifted = z0 + zq
        denominator = 1.0 - accel * shifted
        levels.append(_NORMAL.cdf(z0 + shifted / denominator) if denominator > 0 else (0.0 if q < 0.5 else 1.0))
    low, high = np.quantile(values, levels)
    return float(low), float(high)


def normal_quantile(p: float) -> float:
    """The standard normal quantile.

    >>> round(normal_quantile(0.975), 4)
    1.96
    """
    return _NORMAL.inv_cdf(p)


def normal_sf(z: float) -> float:
    """Upper tail probability of the standard normal, accurate far in the tail."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))
