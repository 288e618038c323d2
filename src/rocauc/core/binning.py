"""Bucket edges and the pure binning kernel: scores -> weight per bucket -> a binned counts table with bounds.

Three kinds of edges map a score to a bucket, always by a non-decreasing function of the score:

- ``linear``: keras.metrics.AUC's ``num_thresholds`` evenly spaced thresholds with its epsilon end thresholds,
  bucketed exactly as Keras does (``ceil(p * (T - 1)) - 1`` in float32, predicted positive iff ``p > t``);
- ``thresholds``: user-given thresholds (Keras's ``thresholds=`` argument, same ``p > t`` rule);
- ``bits``: the top ``bits`` bits of the order-preserving integer key of the score rounded to float32, so that
  scores near 0 or 1, and logits, keep their resolution (predicted positive iff ``score >= lower bucket edge``).

Because the bucket of a score never decreases as the score grows, a positive and a negative in different buckets
are ordered as their scores are; only pairs sharing a bucket are unknown. That gives the certified bounds of
:func:`bound_tables`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import scores as _scores
from . import validation as _validation
from .counts import Counts

__all__ = [
    "Edges",
    "keras_edges",
    "bit_edges",
    "bin_masses",
    "table_from_masses",
    "binned_counts",
    "bound_tables",
    "keras_area",
    "sigmoid32",
    "CURVES",
    "SUMMATION_METHODS",
]

KERAS_EPSILON = 1e-7  # keras.backend.epsilon(): the end thresholds are -epsilon and 1 + epsilon
CURVES = ("ROC", "PR", "PRGAIN")  # PRGAIN: precision-recall gain (Flach and Kull), as in Keras
SUMMATION_METHODS = ("interpolation", "minoring", "majoring")
_KEY_OF_MINUS_INF = 0x007FFFFF  # order-preserving uint32 key of float32 -inf (smaller keys are NaN patterns)


@dataclass(frozen=True, eq=False)
class Edges:
    """How scores map to buckets. ``kind`` is ``"linear"``, ``"thresholds"`` (Keras rule ``score > t``; the
    ascending ``thresholds`` include the epsilon end thresholds) or ``"bits"`` (rule ``score >= edge``).

    For the Keras kinds, bucket ``j >= 1`` holds the scores above ``t[j - 1]`` and at most ``t[j]`` (bucket 0 the
    scores equal to 0, linear kind), so that the table row of ``t[i]`` sums buckets ``i + 1`` and up (row 0: all).

    >>> e = keras_edges(num_thresholds=3)
    >>> e.thresholds.tolist(), e.bucket(np.array([0.0, 0.3, 0.5, 0.9])).tolist()
    ([-1e-07, 0.5, 1.0000001], [0, 1, 1, 2])
    """

    kind: str
    thresholds: np.ndarray | None = None
    bits: int | None = None

    @property
    def _t(self) -> np.ndarray:
        # the thresholds of the keras kinds (the constructors set them whenever ``bits`` is None)
        assert self.thresholds is not None
        return self.thresholds

    @property
    def _b(self) -> int:
        # the bits of the "bits" kind
        assert self.bits is not None
        return self.bits

    @property
    def n_buckets(self) -> int:
        return int(self._t.size) if self.bits is None else 1 << self.bits

    @property
    def rule(self) -> str:
        return ">=" if self.kind == "bits" else ">"

    def bucket(self, score: np.ndarray, nonnegative: bool = False) -> np.ndarray:
        """Bucket index (an integer array, same shape) of each finite score; keras kinds take scores in [0, 1].
        ``nonnegative=True`` promises no score is below 0 (probabilities), which saves work on bit edges."""
        if self.kind == "bits":
            return _top_bits(score, self._b, nonnegative)
        if self.kind == "linear":
            # Keras's index ceil(p * (T - 1)), computed in float32 as Keras does
            x = np.multiply(score, np.float32(self._t.size - 1), dtype=np.float32)
            np.ceil(x, out=x)
            return x.astype(np.intp)
        # the number of thresholds below p, compared in float32 as Keras does
        return np.searchsorted(self._thresholds32, np.asarray(score, dtype=np.float32), side="left")

    @property
    def _thresholds32(self) -> np.ndarray:
        cached = self.__dict__.get("_t32")
        if cached is None:
            cached = self._t.astype(np.float32)
            object.__setattr__(self, "_t32", cached)
        return cached

    def row_thresholds(self, buckets: np.ndarray) -> np.ndarray:
        """The threshold of the table row whose lowest bucket is ``buckets`` (float64)."""
        if self.kind != "bits":
            return self._t[buckets]
        key = np.asarray(buckets, dtype=np.uint32) << np.uint32(32 - self._b)
        key = np.maximum(key, np.uint32(_KEY_OF_MINUS_INF))
        raw = np.where(key >= np.uint32(0x80000000), key ^ np.uint32(0x80000000), ~key).astype(np.uint32)
        return raw.view(np.float32).astype(np.float64)

    def same_as(self, other: Edges) -> bool:
        if self.kind != other.kind or self.bits != other.bits:
            return False
        return self.thresholds is None or (
            other.thresholds is not None and np.array_equal(self.thresholds, other.thresholds)
        )

    def to_dict(self) -> dict:
        if self.kind == "bits":
            return {"kind": "bits", "bits": self.bits}
        if self.kind == "linear":
            return {"kind": "linear", "num_thresholds": int(self._t.size)}
        return {"kind": "thresholds", "thresholds": self._t[1:-1].tolist()}

    @classmethod
    def from_dict(cls, d: dict) -> Edges:
        if d["kind"] == "bits":
            return bit_edges(int(d["bits"]))
        if d["kind"] == "linear":
            return keras_edges(num_thresholds=int(d["num_thresholds"]))
        return keras_edges(thresholds=d["thresholds"])


def keras_edges(num_thresholds: int = 200, thresholds=None) -> Edges:
    """keras.metrics.AUC's thresholds: ``num_thresholds`` evenly spaced ones, or the given ones sorted, plus
    ``-epsilon`` and ``1 + epsilon``. Evenly spaced user thresholds take the linear kind, as in Keras.

    >>> keras_edges(thresholds=[0.5, 0.1]).thresholds.tolist()
    [-1e-07, 0.1, 0.5, 1.0000001]
    """
    n = _validation.integer(
        num_thresholds,
        "num_thresholds",
        low=2,
        high=_validation.MAX_THRESHOLDS,
        what=f"an integer > 1 and at most {_validation.MAX_THRESHOLDS:,}",
        hint="for a finer resolution use the high-resolution buckets, e.g. bits=20",
    )
    if thresholds is not None:
        try:
            t = np.asarray(thresholds, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(
                f"thresholds must be a non-empty 1-d list of numbers in [0, 1] (at most "
                f"{_validation.MAX_THRESHOLDS:,}), got {_short(thresholds)}."
            ) from None
        if t.ndim != 1 or t.size == 0 or t.size > _validation.MAX_THRESHOLDS:
            raise ValueError(
                f"thresholds must be a non-empty 1-d list of numbers in [0, 1] (at most "
                f"{_validation.MAX_THRESHOLDS:,}), got {_short(thresholds)}."
            )
        if not np.isfinite(t).all() or t.min() < 0 or t.max() > 1:
            bad = t[~(np.isfinite(t) & (t >= 0) & (t <= 1))][0]
            raise ValueError(
                f"thresholds must lie in [0, 1] (the end thresholds -epsilon and 1 + epsilon are added), got {bad}; "
                "for logits pass from_logits=True, which applies the sigmoid before thresholding."
            )
        t = np.sort(t)
        full = np.r_[-KERAS_EPSILON, t, 1.0 + KERAS_EPSILON]
        evenly = np.r_[0.0, t, 1.0]
        even = evenly.size >= 3 and np.allclose(
            evenly, np.arange(evenly.size, dtype=np.float32) / (evenly.size - 1), atol=KERAS_EPSILON
        )
        return Edges("linear" if even else "thresholds", full)

    inner = [(i + 1) * 1.0 / (n - 1) for i in range(n - 2)]
    return Edges("linear", np.array([0.0 - KERAS_EPSILON] + inner + [1.0 + KERAS_EPSILON]))


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def bit_edges(bits: int) -> Edges:
    """High-resolution edges: buckets on the top ``bits`` bits (1 to 32) of the float32 score's ordered key.

    >>> e = bit_edges(12)  # 3 bits of mantissa: 0.25 and 0.26 share a bucket, 0.3 is in the next
    >>> b = e.bucket(np.array([0.25, 0.26, 0.3]))
    >>> e.n_buckets, b.tolist(), e.row_thresholds(b).tolist()
    (4096, [3048, 3048, 3049], [0.25, 0.25, 0.28125])
    """
    bits = _validation.integer(bits, "bits", low=1, high=32, hint="e.g. bits=20")
    return Edges("bits", None, int(bits))


def _top_bits(score: np.ndarray, bits: int, nonnegative: bool = False) -> np.ndarray:
    """The top ``bits`` bits of the order-preserving 32-bit key of ``float32(score)`` (uint32).

    Viewed as int32, a float's bits order positive floats correctly; flipping the magnitude bits of negative ones
    orders them too, and flipping the sign bit then makes the order unsigned. -0.0 is first made +0.0 so that
    equal scores share a bucket. Without negative scores the key is the bits with the sign bit set."""
    x = np.add(score, np.float32(0.0), dtype=np.float32)
    if nonnegative:
        key = x.view(np.uint32)
        key >>= 32 - bits
        key += 1 << (bits - 1)
        return key
    key = x.view(np.int32)
    flip = key >> 31  # -1 for negative floats, 0 otherwise
    flip &= 0x7FFFFFFF
    key ^= flip
    unsigned = key.view(np.uint32)
    unsigned ^= 0x80000000
    unsigned >>= 32 - bits
    return unsigned


def sigmoid32(x: np.ndarray) -> np.ndarray:
    """The logistic function, rounded to float32 as Keras's metric sees it."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty(x.shape, dtype=np.float64)
    neg = x < 0
    e = np.exp(-np.abs(x))
    np.divide(1.0, 1.0 + e, out=out)
    out[neg] = (e / (1.0 + e))[neg]
    return out.astype(np.float32)


# --------------------------------------------------------------------------------------------- the kernel


def bin_masses(bucket: np.ndarray, y: np.ndarray, weight: np.ndarray | None, n_buckets: int) -> np.ndarray:
    """Weight of negatives and positives per column and bucket: an array of shape ``(2, k, n_buckets)``.

    ``bucket`` and ``y`` are ``(n, k)`` (or ``(n,)`` for one column), ``weight`` is ``(n,)`` or None. Pure: no
    state is touched. One ``bincount`` sums the cells of :func:`cell_index`.

    >>> bin_masses(np.array([0, 1, 1]), np.array([False, True, False]), None, 2)[:, 0].tolist()
    [[1.0, 1.0], [0.0, 1.0]]
    """
    cells, w = cell_index(bucket, y, weight, n_buckets)
    k = 1 if np.ndim(bucket) == 1 else bucket.shape[1]
    counts = np.bincount(cells, weights=w, minlength=2 * n_buckets * k)
    return counts.astype(np.float64, copy=False).reshape(2, k, n_buckets)


def cell_index(
    bucket: np.ndarray, y: np.ndarray, weight: np.ndarray | None, n_buckets: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """Flat cell of each (sample, column), ``(label * k + column) * n_buckets + bucket``, with its weight."""
    if bucket.ndim == 1:
        cells = np.multiply(y, n_buckets, dtype=np.intp)
        cells += bucket
        return cells, weight
    n, k = bucket.shape
    cells = np.multiply(y, k * n_buckets, dtype=np.intp)
    cells += np.arange(0, k * n_buckets, n_buckets, dtype=np.intp)
    cells += bucket
    return cells.ravel(), None if weight is None else np.repeat(weight, k)


def table_from_masses(
    edges: Edges, buckets: np.ndarray, pos: np.ndarray, neg: np.ndarray, exact: bool = False
) -> Counts:
    """The counts table of one column from the weight per occupied bucket (``buckets`` ascending).

    Keras kinds take all ``num_thresholds`` buckets and give Keras's own table (its rows, top row first); the
    bits kind keeps the occupied buckets, each row's threshold being its bucket's lower edge.
    """
    if edges.kind != "bits":  # row i of Keras's table sums buckets i + 1 and up; row 0 sums all
        pos = np.r_[pos[0] + pos[1], pos[2:], 0.0]
        neg = np.r_[neg[0] + neg[1], neg[2:], 0.0]
    order = slice(None, None, -1)
    tp = np.cumsum(pos[order], dtype=np.float64)
    fp = np.cumsum(neg[order], dtype=np.float64)
    return Counts(edges.row_thresholds(buckets[order]), tp, fp, exact, edges.rule)


def binned_counts(y: np.ndarray, score: np.ndarray, weight: np.ndarray | None, edges: Edges) -> Counts:
    """The binned counts table of one binary problem (``y`` bool, ``score`` finite; in [0, 1] for Keras edges).

    >>> c = binned_counts(np.array([0, 0, 1, 1], bool), np.array([0, 0.5, 0.3, 0.9]), None, keras_edges(3))
    >>> c.thresholds.tolist(), c.tp.tolist(), c.fp.tolist()
    ([1.0000001, 0.5, -1e-07], [0.0, 1.0, 2.0], [0.0, 0.0, 2.0])
    """
    bucket = edges.bucket(score)
    if edges.kind != "bits":
        masses = bin_masses(bucket, y, weight, edges.n_buckets)[:, 0]
        return table_from_masses(edges, np.arange(edges.n_buckets), masses[1], masses[0])
    if weight is not None:
        keep = weight != 0
        bucket, y, weight = bucket[keep], y[keep], weight[keep]
    occupied, inverse = np.unique(bucket, return_inverse=True)  # up to 2**32 buckets: only the occupied ones
    masses = bin_masses(inverse, y, weight, occupied.size)[:, 0]
    return table_from_masses(edges, occupied, masses[1], masses[0])


# --------------------------------------------------------------------------------------------- bounds


def bound_tables(c: Counts) -> tuple[Counts, Counts]:
    """Two refinements of a binned table: inside each row's bucket, the negatives ranked above the positives (the
    worst order) and the positives above the negatives (the best). Any score that only gets better as positives
    move up (ROC AUC, interpolated PR AUC) is bounded by its values on them; for an exact table both are ``c``.

    >>> low, high = bound_tables(Counts(np.array([0.5]), np.array([1.0]), np.array([1.0]), exact=False))
    >>> _scores.auc(low), _scores.auc(high)
    (0.0, 1.0)
    """
    if c.exact or len(c) == 0:
        return c, c
    tp_prev = np.r_[0.0, c.tp[:-1]]
    fp_prev = np.r_[0.0, c.fp[:-1]]
    thresholds = np.repeat(c.thresholds, 2)
    low_tp = np.empty(2 * len(c))
    low_fp = np.empty(2 * len(c))
    low_tp[0::2], low_fp[0::2] = tp_prev, c.fp  # the bucket's negatives first
    low_tp[1::2], low_fp[1::2] = c.tp, c.fp
    high_tp = np.empty(2 * len(c))
    high_fp = np.empty(2 * len(c))
    high_tp[0::2], high_fp[0::2] = c.tp, fp_prev  # the bucket's positives first
    high_tp[1::2], high_fp[1::2] = c.tp, c.fp
    return (Counts(thresholds, low_tp, low_fp, True, c.rule), Counts(thresholds, high_tp, high_fp, True, c.rule))


def shared_mass(c: Counts) -> float:
    """Weight of the positive-negative pairs that share a bucket, as a fraction of all pairs (the bound width of
    the ROC AUC). 0 for an exact table."""
    if c.exact or c.P <= 0 or c.N <= 0:
        return 0.0
    dtp = np.diff(c.tp, prepend=0.0)
    dfp = np.diff(c.fp, prepend=0.0)
    return _scores.dot(dtp, dfp) / (c.P * c.N)


# --------------------------------------------------------------------------------------------- Keras areas


def keras_area(c: Counts, curve: str = "ROC", summation_method: str = "interpolation") -> float:
    """The area keras.metrics.AUC reports for a table: ROC trapezoids, Davis-Goadrich PR interpolation, or the
    ``minoring`` / ``majoring`` Riemann sums (heights the smaller / larger of two neighbouring points, where an
    undefined precision counts 0 as in Keras). ``curve="PRGAIN"`` is the area under Flach and Kull's
    precision-recall-gain curve, with Keras's guards (no true positives: recall gain 0, precision gain 1; recall
    gain floored at 0). NaN where the area is undefined (no positives; no negatives for ROC and PRGAIN).

    >>> c = binned_counts(np.array([0, 0, 1, 1], bool), np.array([0, 0.5, 0.3, 0.9]), None, keras_edges(3))
    >>> keras_area(c, "PRGAIN")
    0.5
    """
    P, N = c.P, c.N
    if P <= 0 or (curve != "PR" and N <= 0):
        return float("nan")
    if summation_method == "interpolation" and curve != "PRGAIN":
        return _scores.auc(c) if curve == "ROC" else _scores.pr_auc(c)
    tp = np.r_[0.0, c.tp]
    fp = np.r_[0.0, c.fp]
    if curve == "ROC":
        x, y = fp / N, tp / P
    elif curve == "PRGAIN":
        none = tp == 0
        safe = np.where(none, 1.0, tp)
        x = np.where(none, 0.0, np.maximum(1.0 - (P / N) * (P - tp) / safe, 0.0))
        y = np.where(none, 1.0, 1.0 - (P / N) * fp / safe)
        if summation_method == "interpolation":
            return _scores.dot(np.diff(x), (y[:-1] + y[1:]) / 2.0)
    else:
        predicted = tp + fp
        x = tp / P
        y = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    pick = np.minimum if summation_method == "minoring" else np.maximum
    return _scores.dot(np.diff(x), pick(y[:-1], y[1:]))
