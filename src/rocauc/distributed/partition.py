"""Exact and certified ROC/PR results of data split across processes or machines, without a global sort.

Engine-free (numpy only): the Dask and Spark adapters move batches and call these functions where the rows are.

**Certified** (one pass): a :class:`Sketch` (the state of ``StreamingAUC(bits=...)``: weight per bucket) per
batch; sketches add. Its ``bounds()`` always contain the exact AUC and its ``estimate()`` is their midpoint, so
``|estimate - exact| <= (high - low) / 2``.
:func:`bits_for_error` picks ``bits`` for a requested error; :func:`refined_bits` raises it when the data need more.

**Exact** (a second pass): the sketch cuts the bucket axis of the score into ranges holding a bounded share of
the weight (:func:`plan_ranges`). A range is a set of whole buckets and a bucket never decreases as the score grows,
so tied scores share a range and every score of a higher range is larger. Each batch splits its rows by range
(:meth:`RangePlan.split`); the rows of one range, wherever they came from, are counted exactly in one place
(:func:`summarize_range`, one sort of that range only); :func:`combine` adds the small summaries:

``AUC * P * N = sum over ranges of (pairs inside the range, ties counting one half)
+ (positives in the range) * (negatives in all lower ranges)``.

The rows of range ``r`` are also rows of the global exact table shifted by the weight above the range
(known from the sketch), so average precision, the Davis-Goadrich PR area, DeLong's variance (placement sums
centred on the sketch's estimate) and exact curve points (down-sampled to ``n_points``) come from the same pass.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> y = rng.random(1000) < 0.3
>>> s = rng.normal(size=1000) + y
>>> parts = [(y[:400], s[:400], None), (y[400:], s[400:], None)]
>>> r = partitioned(parts, n_ranges=3)
>>> from rocauc import roc_auc
>>> abs(r.auc - roc_auc(y, s)) < 1e-12
True
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core import scores as _scores
from ..core.binning import bit_edges, table_from_masses
from ..core.counts import (
    _HALF_SPAN,
    _LITTLE_ENDIAN,
    Counts,
    _ordered_uint32,
    exact_counts,
    lowest_packed,
    packed_sorted,
    rank_auc,
    rank_counts,
    tally_counts,
)
from ..core.kernels import compiled
from ..core.pages import small_pages
from ..core.ranges import pairs_across
from ..stats.delong import layout
from ..stats.intervals import Interval, _delong_interval
from ..streaming import StreamingAUC

__all__ = [
    "RangePlan",
    "RangeSummary",
    "PartitionResult",
    "bits_for_error",
    "refined_bits",
    "Sketch",
    "SketchBuilder",
    "sketch_of",
    "plan_ranges",
    "summarize_range",
    "combine",
    "partitioned",
    "packs",
    "summarize_packed",
    "summarize_sorted",
    "range_placements",
    "influence_sums",
    "influence_covariance",
    "report_rows",
]

Batch = tuple[np.ndarray, np.ndarray, "np.ndarray | None"]  # (y bool, finite score, weight >= 0 or None)

MIN_BITS, MAX_BITS = 12, 32
_EXPONENT_BITS = 9  # sign and exponent of a float32: the bits above its mantissa in the ordered key


def bits_for_error(max_error: float) -> int:
    """A first guess at the sketch resolution for a certified error of ``max_error``: enough mantissa bits that a
    bucket holds about ``2 * max_error`` of the weight of a binade. :func:`refined_bits` corrects it on the data.

    >>> bits_for_error(1e-3), bits_for_error(1e-5)
    (17, 24)
    """
    if isinstance(max_error, bool) or not isinstance(max_error, (int, float)) or not 0 < max_error < 0.5:
        raise ValueError(f"max_error must be a number in (0, 0.5), e.g. max_error=1e-5; got {max_error!r}.")
    mantissa = math.ceil(math.log2(1.0 / (2.0 * max_error))) - 1  # scores spread over a few binades
    return int(min(MAX_BITS, max(MIN_BITS, _EXPONENT_BITS + mantissa)))


def refined_bits(bits: int, low: float, high: float, max_error: float) -> int | None:
    """The resolution to try next when the bounds ``[low, high]`` at ``bits`` are wider than ``2 * max_error``
    (the width halves with each extra bit where scores are spread out), or None when they are narrow enough or
    ``bits`` is already 32 (then only the exact pass helps)."""
    width = high - low
    if not width > 2.0 * max_error or bits >= MAX_BITS:
        return None
    return int(min(MAX_BITS, bits + max(1, math.ceil(math.log2(width / (2.0 * max_error))) + 1)))


@dataclass(frozen=True, eq=False)
class Sketch:
    """Positive and negative weight per occupied bucket (``buckets`` ascending, top ``bits`` bits of the float32
    ordered key of the score) of one binary problem. Sketches add; :meth:`bounds` are certified.

    >>> sk = sketch_of(np.array([0, 0, 1, 1], bool), np.array([0.1, 0.4, 0.35, 0.8]), None, 16)
    >>> sk.bounds(), (sk + sk).bounds()
    ((0.75, 0.75), (0.75, 0.75))
    """

    bits: int
    buckets: np.ndarray
    pos: np.ndarray
    neg: np.ndarray

    def __add__(self, other: Sketch) -> Sketch:
        if other.bits != self.bits:
            raise ValueError(f"cannot add sketches of {self.bits} and {other.bits} bits.")
        if not other.buckets.size:
            return self
        if not self.buckets.size:
            return other
        module = compiled()
        if module is not None and self.buckets.dtype == other.buckets.dtype == np.int64:
            return _compiled_add(module, self, other)
        lo = min(int(self.buckets[0]), int(other.buckets[0]))
        span = max(int(self.buckets[-1]), int(other.buckets[-1])) - lo + 1
        if span <= 4 * (self.buckets.size + other.buckets.size) + 4096:  # dense: add in place, no sort
            present = np.zeros(span, dtype=bool)
            present[self.buckets - lo] = True
            present[other.buckets - lo] = True
            occupied = np.flatnonzero(present)
            added = []
            for mine, theirs in ((self.pos, other.pos), (self.neg, other.neg)):
                dense = np.zeros(span)
                dense[self.buckets - lo] = mine  # buckets are distinct within a sketch
                dense[other.buckets - lo] += theirs
                added.append(dense[occupied])
            return Sketch(self.bits, occupied + lo, added[0], added[1])
        buckets, inverse = np.unique(np.concatenate([self.buckets, other.buckets]), return_inverse=True)
        pos = np.bincount(inverse, weights=np.concatenate([self.pos, other.pos]), minlength=buckets.size)
        neg = np.bincount(inverse, weights=np.concatenate([self.neg, other.neg]), minlength=buckets.size)
        return Sketch(self.bits, buckets, pos, neg)

    def __reduce__(self) -> tuple:
        """Pickled compactly (a sketch travels from every worker to the client): the buckets as uint32 (``bits`` is
        at most 32), weights that are whole numbers below ``2**32`` (rows counted) as uint32; read back as they
        were (int64 buckets, float64 weights). Half the bytes of an unweighted sketch."""
        buckets = self.buckets
        if buckets.dtype == np.int64 and self.bits <= 32:
            buckets = buckets.astype(np.uint32)
        return _sketch_from_wire, (self.bits, buckets, _compact_weights(self.pos), _compact_weights(self.neg))

    @property
    def P(self) -> float:
        return float(self.pos.sum())

    @property
    def N(self) -> float:
        return float(self.neg.sum())

    def counts(self) -> Counts:
        """The binned counts table (rows are buckets; ``exact`` False)."""
        return table_from_masses(bit_edges(self.bits), self.buckets, self.pos, self.neg)

    def bounds(self) -> tuple[float, float]:
        """Certified lower and upper bounds on the exact AUC (NaN without both classes); computed once (a sketch's
        arrays are never changed after it is made)."""
        known = self.__dict__.get("_bounds")
        if known is not None:
            return known
        P, N = self.P, self.N
        if not (P > 0 and N > 0):
            return float("nan"), float("nan")
        # the AUCs of bound_tables(self.counts()) (the pairs inside a bucket all wrong, then all right), from the
        # masses in rank form: pairs across buckets (as the exact ranges add) and the pairs that share one
        pos, neg = self.pos / P, self.neg / N  # shares: P * N may underflow where weights are tiny
        across = float(pairs_across(pos, neg))
        known = (across, across + float(_scores.dot(pos, neg)))
        self.__dict__["_bounds"] = known  # a frozen dataclass: the cache bypasses __setattr__
        return known

    def estimate(self) -> float:
        """The midpoint of :meth:`bounds` (the trapezoid AUC of the binned table): within half their width of the
        exact AUC."""
        low, high = self.bounds()
        return 0.5 * (low + high)

    def to_streaming(self) -> StreamingAUC:
        """The same state as a :class:`rocauc.StreamingAUC` (bounds, curves, merging with other states)."""
        m = StreamingAUC(bits=self.bits)
        state = {
            "format": "rocauc.StreamingAUC",
            "version": 1,
            "config": m.config(),
            "task": "binary",
            "classes": [False, True],
            "exact": False,
            "columns": [{"buckets": self.buckets.tolist(), "pos": self.pos.tolist(), "neg": self.neg.tolist()}],
        }
        return StreamingAUC.from_dict(state)


def _compact_weights(w: np.ndarray) -> np.ndarray:
    """``w`` as uint32 where every value is a whole number in [0, 2**32) (a count of rows), else as it is."""
    if w.dtype != np.float64 or not w.size:
        return w
    low, high = float(w.min()), float(w.max())
    if low < 0 or high >= 2.0**32 or not np.array_equal(w, np.floor(w)):
        return w
    return w.astype(np.uint32)


def _sketch_from_wire(bits: int, buckets: np.ndarray, pos: np.ndarray, neg: np.ndarray) -> Sketch:
    """A :class:`Sketch` from its pickled form (:meth:`Sketch.__reduce__`)."""
    if buckets.dtype == np.uint32:
        buckets = buckets.astype(np.int64)
    pos, neg = (w.astype(np.float64) if w.dtype == np.uint32 else w for w in (pos, neg))
    return Sketch(bits, buckets, pos, neg)


_DENSE_SPAN = 1 << 22  # up to this many buckets between the lowest and highest score, one bincount; else a sort
_LOOKUP_BITS = 20  # up to this many bits, a score's range is read from a table of every bucket
_MAX_CUTS = 255  # the compiled pack takes at most this many cuts


def sketch_of(y: np.ndarray, score: np.ndarray, weight: np.ndarray | None, bits: int) -> Sketch:
    """The sketch of one batch of a binary problem (``y`` bool, ``score`` finite, ``weight`` >= 0 or None): one
    pass over the bucket of each score and one ``bincount``, no sort where the occupied span is small."""
    if not score.size:
        empty = np.zeros(0)
        return Sketch(bits, np.zeros(0, dtype=np.int64), empty, empty.copy())
    module = compiled()
    if module is not None and weight is None and score.dtype == np.float32 and _LITTLE_ENDIAN:
        sketch = _compiled_sketch(module, y, score, bits)
        if sketch is not None:
            return sketch
    with np.errstate(over="ignore"):  # float64 scores beyond float32 round to infinity: still in order
        bucket = bit_edges(bits).bucket(score)
    lo, hi = int(bucket.min()), int(bucket.max())
    span = hi - lo + 1
    if span <= _DENSE_SPAN:
        cells = np.multiply(y, span, dtype=np.intp)
        cells += bucket
        cells -= lo
        masses = np.bincount(cells, weights=weight, minlength=2 * span).astype(np.float64, copy=False)
        neg: np.ndarray
        pos: np.ndarray
        neg, pos = masses[:span], masses[span:]
        occupied = np.flatnonzero((neg != 0) | (pos != 0))
        return Sketch(bits, occupied + lo, pos[occupied], neg[occupied])
    buckets, inverse = np.unique(bucket, return_inverse=True)
    w = np.ones(score.size) if weight is None else weight
    # float64 even where one label is absent (bincount of nothing gives int64)
    pos = np.bincount(inverse[y], weights=w[y], minlength=buckets.size).astype(np.float64, copy=False)
    neg = np.bincount(inverse[~y], weights=w[~y], minlength=buckets.size).astype(np.float64, copy=False)
    keep = (pos != 0) | (neg != 0)
    return Sketch(bits, buckets[keep].astype(np.int64), pos[keep], neg[keep])


def _compiled_sketch(module, y: np.ndarray, score: np.ndarray, bits: int) -> Sketch | None:
    """:func:`sketch_of` of unweighted float32 scores by the compiled ``histogram`` (one pass, rows counted per
    bucket and label in two uint32 cells, read as one uint64 a bucket); None where the occupied span is too wide
    for one dense table. The table is this thread's scratch (:func:`_scratch`), zeroed again after each use."""
    score = np.ascontiguousarray(score)
    ends = np.array([score.min(), score.max()], dtype=np.float32)
    shift = 32 - bits
    lo, hi = (_ordered_uint32(ends) >> np.uint32(shift)).tolist()
    span = hi - lo + 1
    if span > _DENSE_SPAN or score.size >= 1 << 32:
        return None
    table = _scratch(span)
    try:
        module.histogram(score, np.ascontiguousarray(y, dtype=bool).view(np.uint8), table.view(np.uint32), shift, lo)
        occupied = np.flatnonzero(table)
        cells = table[occupied].view(np.uint32).reshape(-1, 2)  # (negatives, positives) of each occupied bucket
        table[occupied] = 0
    except BaseException:
        table.fill(0)
        raise
    return Sketch(bits, occupied + lo, cells[:, 1].astype(np.float64), cells[:, 0].astype(np.float64))


def _compiled_add(module, a: Sketch, b: Sketch) -> Sketch:
    """``a + b`` by the compiled ``merge`` of their ascending bucket lists (the weights of a shared bucket added
    in the same order as the numpy paths)."""
    size = a.buckets.size + b.buckets.size
    buckets, pos, neg = np.empty(size, dtype=np.int64), np.empty(size), np.empty(size)
    parts = [np.ascontiguousarray(v, dtype=np.float64) for v in (a.pos, a.neg, b.pos, b.neg)]
    m = module.merge(
        np.ascontiguousarray(a.buckets),
        parts[0],
        parts[1],
        np.ascontiguousarray(b.buckets),
        parts[2],
        parts[3],
        buckets,
        pos,
        neg,
    )
    return Sketch(a.bits, buckets[:m], pos[:m], neg[:m])


class SketchBuilder:
    """Adds the batches of one binary problem into one :class:`Sketch` (the batches one worker holds).

    Unweighted float32 batches (with the compiled module) are counted into one dense table of (negatives,
    positives) per bucket by the compiled ``histogram_from``, widened where a batch reaches buckets outside it: no
    scan for the lowest and highest score of a batch that falls inside the table, and the table is read once, at
    the end, instead of once a batch and a merge. Any other batch is sketched alone (:func:`sketch_of`) and added.

    >>> b = SketchBuilder(16)
    >>> b.add(np.array([0, 1], bool), np.array([0.1, 0.8], np.float32), None)
    >>> b.add(np.array([1, 0], bool), np.array([0.3, 0.6], np.float32), None)
    >>> b.sketch().bounds()
    (0.75, 0.75)
    """

    _PAD = 8  # a new table reaches 1/8 of its span beyond the scores that made it, on each side
    _MAX_ROWS = (1 << 32) - 1  # rows a table counts before it is read (a cell is a uint32)

    def __init__(self, bits: int):
        self.bits = bits
        self._added: Sketch | None = None
        self._table: np.ndarray | None = None  # uint64 a bucket: its negatives and positives as two uint32
        self._lo = 0  # the bucket of the table's first cell
        self._rows = 0  # rows counted in the table (a cell must stay below 2**32)

    def add(self, y: np.ndarray, score: np.ndarray, weight: np.ndarray | None) -> None:
        """Add one batch (``y`` bool, ``score`` finite, ``weight`` >= 0 or None)."""
        if not score.size:
            return
        module = compiled()
        if module is None or weight is not None or score.dtype != np.float32 or score.ndim != 1 or not _LITTLE_ENDIAN:
            self._add(sketch_of(y, score, weight, self.bits))
            return
        if self._rows + score.size > self._MAX_ROWS:
            self._flush()
        score = np.ascontiguousarray(score)
        labels = np.ascontiguousarray(y, dtype=bool).view(np.uint8)
        shift, start = 32 - self.bits, 0
        while start < score.size:
            if self._table is not None:
                start = module.histogram_from(score, labels, self._table.view(np.uint32), shift, self._lo, start)
            if start < score.size and not self._widen(score[start:]):  # too many buckets for one table
                self._flush()
                self._add(sketch_of(y[start:], score[start:], None, self.bits))
                break
        self._rows += score.size

    def sketch(self) -> Sketch:
        """The sketch of every row added."""
        self._flush()
        if self._added is None:
            empty = np.zeros(0)
            return Sketch(self.bits, np.zeros(0, dtype=np.int64), empty, empty.copy())
        return self._added

    def _add(self, sketch: Sketch) -> None:
        self._added = sketch if self._added is None else self._added + sketch

    def _widen(self, score: np.ndarray) -> bool:
        """A zeroed table holding the buckets of ``score`` and the current table's (whose counts it copies), or False
        where that takes more than a dense table's buckets."""
        ends = np.array([score.min(), score.max()], dtype=np.float32)
        lo, hi = (_ordered_uint32(ends) >> np.uint32(32 - self.bits)).tolist()
        if self._table is not None:
            lo, hi = min(lo, self._lo), max(hi, self._lo + self._table.size - 1)
        if hi - lo + 1 > _DENSE_SPAN:
            return False
        pad = (hi - lo + 1) // self._PAD
        first, last = max(0, lo - pad), min((1 << self.bits) - 1, hi + pad)
        if last - first + 1 > _DENSE_SPAN:
            first, last = lo, hi
        table = np.zeros(last - first + 1, dtype=np.uint64)
        if self._table is not None:
            table[self._lo - first : self._lo - first + self._table.size] = self._table
        self._table, self._lo = table, first
        return True

    def _flush(self) -> None:
        if self._table is None:
            return
        occupied = np.flatnonzero(self._table)
        cells = self._table[occupied].view(np.uint32).reshape(-1, 2)  # (negatives, positives) of each bucket
        buckets = occupied.astype(np.int64) + self._lo
        self._add(Sketch(self.bits, buckets, cells[:, 1].astype(np.float64), cells[:, 0].astype(np.float64)))
        self._table, self._rows = None, 0


_local = threading.local()
_SCRATCH_BUCKETS = 1 << 20  # a thread keeps a zeroed table of up to this many buckets (8 MB) between batches


def _scratch(buckets: int) -> np.ndarray:
    """A zeroed uint64 table of ``buckets`` cells: this thread's kept table where it is large enough (fresh
    memory costs a page fault every 4 KB, more than the histogram itself), else a new one. The caller zeroes
    what it wrote before it returns."""
    kept = getattr(_local, "table", None)
    if kept is not None and kept.size >= buckets:
        return kept[:buckets]
    table = np.zeros(buckets, dtype=np.uint64)
    if buckets <= _SCRATCH_BUCKETS:
        _local.table = table
    return table


# --------------------------------------------------------------------------------------------- the plan


@dataclass(frozen=True, eq=False)
class RangePlan:
    """How rows are cut into score ranges, and what each range needs to know of the ranges above it.

    Range ``r`` holds the rows whose bucket (top ``bits`` bits of the float32 ordered key) is in
    ``[starts[r], starts[r + 1])``; range 0 holds the lowest scores. ``P_above[r]``/``N_above[r]``: positive and
    negative weight in the ranges above ``r``; ``P``/``N``: totals; ``shift``: the sketch's AUC estimate, on which
    DeLong's placement sums are centred; ``n_points``: about how many exact curve points to keep. ``keyed``: the
    plan also cuts at each quarter of the key space (:func:`plan_ranges`), so a range's rows can travel as uint32
    offsets (:meth:`split_keys`).
    """

    bits: int
    starts: np.ndarray
    P_above: np.ndarray
    N_above: np.ndarray
    P: float
    N: float
    shift: float
    n_points: int
    keyed: bool = False

    @property
    def n_ranges(self) -> int:
        return int(self.starts.size)

    def range_of(self, score: np.ndarray) -> np.ndarray:
        """The range of each score (a small unsigned integer array)."""
        with np.errstate(over="ignore"):  # float64 scores beyond float32 round to infinity: still in order
            bucket = bit_edges(self.bits).bucket(score)
        dtype = np.uint8 if self.n_ranges <= 1 << 8 else np.uint16 if self.n_ranges <= 1 << 16 else np.uint32
        if self.bits <= _LOOKUP_BITS:  # one gather from a table of every bucket's range
            table = self.__dict__.get("_table")
            if table is None:
                table = np.zeros(1 << self.bits, dtype=dtype)
                table[self.starts[1:]] = 1
                table = np.cumsum(table, dtype=dtype)
                object.__setattr__(self, "_table", table)
            return table[bucket]
        r = np.searchsorted(self.starts, bucket, side="right")
        r -= 1
        np.maximum(r, 0, out=r)
        return r.astype(dtype)

    def split_packed(self, y: np.ndarray, score: np.ndarray, lo: int = 0, hi: int | None = None) -> list[np.ndarray]:
        """The rows of an unweighted float32 batch as sorted packed arrays (:func:`rocauc.core.counts.packed_sorted`),
        cut by range: one sort, then a binary search for each range's lowest packed value. With ``lo``/``hi`` only
        the ranges ``lo <= r < hi`` (one wave of a pass that holds part of the rows at a time): one entry each."""
        hi = self.n_ranges if hi is None else hi
        if lo > 0 or hi < self.n_ranges:
            r = self.range_of(score)
            keep = (r >= lo) & (r < hi)
            y, score = y[keep], score[keep]
        wide = packed_sorted(y, score)
        if hi - lo == 1:
            return [wide]
        edge = bit_edges(self.bits).row_thresholds(self.starts[lo + 1 : hi])  # lowest float32 score of each range
        return np.split(wide, np.searchsorted(wide, lowest_packed(edge), side="left"))

    def split_keys(self, y: np.ndarray, score: np.ndarray, lo: int = 0, hi: int | None = None) -> list[np.ndarray]:
        """The rows of an unweighted float32 batch cut by range (one entry per range ``lo <= r < hi``), 4 bytes a
        row: uint32 ``(key - lowest key of the range) * 2 + label`` in any order, ``key`` the order-preserving
        32-bit key of the score (-0.0 reads as 0.0). The entries of one range from any batches concatenate and sort
        into the input of :func:`rocauc.core.counts.rank_counts` (:func:`summarize_packed`). Needs a ``keyed``
        plan: each range lies inside one quarter of the key space, so an offset and its label fit 31 bits. With the
        compiled module (:mod:`rocauc.core.kernels`): two passes over the rows, no sort; else one uint32 sort per
        quarter the batch's scores touch (probabilities touch one), each entry sorted."""
        if not self.keyed:
            raise ValueError("split_keys needs a plan cut with keyed=True (see plan_ranges).")
        hi = self.n_ranges if hi is None else hi
        module = compiled()
        if module is not None:
            pieces = self._compiled_split_keys(module, y, score, lo, hi)
            if pieces is not None:
                return pieces
        first = self.starts.astype(np.uint64) << np.uint64(32 - self.bits)  # lowest key of each range
        first = np.r_[first, np.uint64(1 << 32)]
        key = _ordered_uint32(score)
        quarter = first[lo:hi] >> np.uint64(30)  # ascending: each range lies in one quarter
        low, high = (int(key.min()) >> 30, int(key.max()) >> 30) if key.size else (4, -1)
        out: list[np.ndarray] = []
        for q in np.unique(quarter).tolist():
            ranges = np.flatnonzero(quarter == q) + lo
            if not low <= q <= high:
                out.extend(np.zeros(0, dtype=np.uint32) for _ in ranges)
                continue
            base = np.uint64(q << 30)
            rows = slice(None) if low == high else (key >> np.uint32(30)) == np.uint32(q)
            packed = np.subtract(key[rows], np.uint32(base), dtype=np.uint32)
            packed <<= np.uint32(1)
            packed |= y[rows].view(np.uint8)
            packed.sort()  # every row of the quarter: cheaper than picking a wave's rows out first
            edges = np.minimum(first[ranges[0] : ranges[-1] + 2], base + np.uint64(1 << 30))
            edges = np.searchsorted(packed, ((edges - base) << np.uint64(1)).astype(np.uint32), side="left")
            if edges[0] > 0 or edges[-1] < packed.size:  # a wave: keep its rows only, not views of the others
                packed = packed[edges[0] : edges[-1]].copy()
                edges = edges - edges[0]
            for r, a, b in zip(ranges.tolist(), edges[:-1].tolist(), edges[1:].tolist()):
                piece = packed[a:b]
                piece -= np.uint32((int(first[r]) - int(base)) << 1)  # a view: rebased in place
                out.append(piece)
        return out

    def _compiled_split_keys(self, module, y: np.ndarray, score: np.ndarray, lo: int, hi: int) -> list | None:
        """:meth:`split_keys` by the compiled ``range_sizes`` and ``pack`` (:meth:`_compiled_joined` of one batch):
        None where the module cannot take the batch."""
        layout = self._key_layout(module, y, score, lo, hi)
        return None if layout is None else self._compiled_joined(module, [layout], lo, hi)

    def _key_layout(self, module, y: np.ndarray, score: np.ndarray, lo: int, hi: int) -> tuple | None:
        """(score, label bytes, low, cuts, sizes) of a batch for the compiled ``pack``: keys relative to the batch's
        lowest key, cut at the lowest key of each range of the wave; ``sizes``: [below the wave, its ranges...,
        above it]. None where the batch's keys span ``2**31`` or more, or the wave has more ranges than the module
        takes."""
        n = score.size
        if n == 0 or n >= 1 << 32 or hi - lo + 1 > _MAX_CUTS or score.dtype != np.float32 or not _LITTLE_ENDIAN:
            return None
        score = np.ascontiguousarray(score)
        low, high = _ordered_uint32(np.array([score.min(), score.max()], dtype=np.float32)).tolist()
        if high - low >= _HALF_SPAN - 1:
            return None
        first = self._first_keys()
        cuts = [0 if b <= low else (min(b, high + 1) - low) << 1 for b in first[lo : hi + 1]]
        sizes = module.range_sizes(score, low, cuts)
        return score, np.ascontiguousarray(y, dtype=bool).view(np.uint8), low, cuts, sizes

    def _first_keys(self) -> list[int]:
        """The lowest key of each range, then ``2**32``."""
        return (self.starts.astype(np.int64) << (32 - self.bits)).tolist() + [1 << 32]

    def _compiled_joined(self, module, layouts: list, lo: int, hi: int) -> list[np.ndarray]:
        """Every batch's rows packed once straight into one buffer (:meth:`_key_layout`), range by range (each
        range's rows of every batch together, in batch order then row order; rows outside the wave go to a spare
        end that is overwritten), then each batch's part of a range rebased on the range's own lowest key."""
        sizes = np.array([layout[4] for layout in layouts], dtype=np.int64)  # batch x [below, ranges..., above]
        offsets = np.r_[0, np.cumsum(sizes[:, 1:-1].sum(axis=0))]
        spare = int(offsets[-1])
        out = small_pages(spare + int((sizes[:, 0] + sizes[:, -1]).max()), np.uint32)  # see core.pages
        cursor = offsets[:-1].copy()
        first = self._first_keys()
        for (score, label, low, cuts, sz), row in zip(layouts, sizes):
            starts = [spare, *cursor.tolist(), spare + sz[0]]
            module.pack(score, label, out, low, cuts, starts, sz)
            for j, r in enumerate(range(lo, hi)):
                piece = out[cursor[j] : cursor[j] + row[j + 1]]
                piece -= np.uint32(((first[r] - low) << 1) & 0xFFFFFFFF)  # modulo 2**32: the range's own offsets
            cursor += row[1:-1]
        return [out[a:b] for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())]

    def split_keys_joined(self, batches: Sequence[tuple[np.ndarray, np.ndarray]], lo: int = 0, hi: int | None = None):
        """:meth:`split_keys` of several batches held in one place, joined: one array per range ``lo <= r < hi``
        with the range's rows of every batch, all in one buffer (no copy a range; an array sorts in place). With
        the compiled module each row is packed once; else each batch is split, and a range's pieces joined.

        >>> import numpy as np
        >>> plan = plan_ranges(sketch_of(np.array([0, 1, 0, 1]), np.float32([0.1, 0.9, 0.2, 0.8]), None, 16), 2,
        ...                    keyed=True)
        >>> joined = plan.split_keys_joined([(np.array([0, 1]), np.float32([0.1, 0.9])),
        ...                                  (np.array([0, 1]), np.float32([0.2, 0.8]))])
        >>> [r.size for r in joined if r.size]  # the keyed plan also cuts at each quarter of the keys
        [2, 2]
        """
        if not self.keyed:
            raise ValueError("split_keys_joined needs a plan cut with keyed=True (see plan_ranges).")
        hi = self.n_ranges if hi is None else hi
        module = compiled()
        if module is not None and batches:
            layouts = [self._key_layout(module, y, s, lo, hi) for y, s in batches]
            if all(layout is not None for layout in layouts):
                return self._compiled_joined(module, layouts, lo, hi)
        per = [self.split_keys(y, s, lo, hi) for y, s in batches]
        if len(per) == 1:
            return per[0]
        return [np.concatenate([p[j] for p in per]) if per else np.zeros(0, np.uint32) for j in range(hi - lo)]

    def split(
        self,
        y: np.ndarray,
        score: np.ndarray,
        weight: np.ndarray | None,
        lo: int = 0,
        hi: int | None = None,
        with_index: bool = False,
    ) -> list:
        """The rows of a batch, cut by range (one entry per range ``lo <= r < hi``, possibly empty). With
        ``with_index`` each entry also holds the rows' positions in the batch (``(y, score, weight, index)``), so
        that what a range computes per row can be sent back to the row's batch (:func:`influence_sums`)."""
        hi = self.n_ranges if hi is None else hi
        position = np.arange(y.size)
        if self.n_ranges == 1:
            return [(y, score, weight, position) if with_index else (y, score, weight)]
        r = self.range_of(score)
        if lo > 0 or hi < self.n_ranges:
            keep = (r >= lo) & (r < hi)
            y, score, r, position = y[keep], score[keep], r[keep], position[keep]
            weight = None if weight is None else weight[keep]
        order = np.argsort(r, kind="stable")  # a radix sort of small integers: linear
        ends = np.cumsum(np.bincount(r, minlength=hi)[lo:hi])
        y, score, position = y[order], score[order], position[order]
        weight = None if weight is None else weight[order]
        out, start = [], 0
        for end in ends.tolist():
            piece = (y[start:end], score[start:end], None if weight is None else weight[start:end])
            out.append((*piece, position[start:end]) if with_index else piece)
            start = end
        return out


def packs(y: np.ndarray, score: np.ndarray, weight: np.ndarray | None) -> bool:
    """Whether a batch's AUC-only pieces travel as sorted packed arrays (unweighted float32 scores, label in the
    lowest bit of the widened score: one sort per batch, one per range, no table)."""
    return weight is None and score.dtype == np.float32 and score.ndim == 1 and _LITTLE_ENDIAN


def plan_ranges(sketch: Sketch, n_ranges: int, n_points: int = 1000, keyed: bool = False) -> RangePlan:
    """Cut the sketch's buckets into at most ``n_ranges`` ranges of about equal weight (a bucket heavier than a
    share gets a range of its own: tied scores are never split). ``keyed`` also cuts at each quarter of the key
    space (up to 3 more ranges, empty where no score falls), so that every range's keys span under ``2**30``:
    its rows then travel as 4-byte offsets (:meth:`RangePlan.split_keys`)."""
    if isinstance(n_ranges, bool) or not isinstance(n_ranges, (int, np.integer)) or n_ranges < 1:
        raise ValueError(f"n_ranges must be a positive integer, got {n_ranges!r}.")
    if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or n_points < 2:
        raise ValueError(f"n_points must be an integer >= 2, got {n_points!r}.")
    bits = sketch.bits
    buckets, dtp, dfp = sketch.buckets, sketch.pos, sketch.neg  # ascending
    mass = dtp + dfp
    total = float(mass.sum())
    if total <= 0 or n_ranges == 1 or buckets.size <= 1:
        rid = np.zeros(buckets.size, dtype=np.int64)
    else:
        before = np.cumsum(mass) - mass
        rid = np.minimum((before / total * n_ranges).astype(np.int64), n_ranges - 1)
    first = np.flatnonzero(np.r_[True, rid[1:] != rid[:-1]]) if rid.size else np.zeros(1, dtype=np.int64)
    starts = buckets[first] if buckets.size else np.zeros(1, dtype=np.int64)
    starts[0] = 0
    if keyed:
        starts = np.union1d(starts, np.arange(4, dtype=np.int64) << (bits - 2))
    # weight per range, then the weight above each range
    group = np.searchsorted(starts, buckets, side="right") - 1
    P_r = np.bincount(group, weights=dtp, minlength=starts.size)
    N_r = np.bincount(group, weights=dfp, minlength=starts.size)
    P_above = np.r_[np.cumsum(P_r[::-1])[::-1][1:], 0.0]
    N_above = np.r_[np.cumsum(N_r[::-1])[::-1][1:], 0.0]
    P, N = sketch.P, sketch.N
    shift = sketch.estimate() if P > 0 and N > 0 else 0.5
    return RangePlan(bits, starts, P_above, N_above, P, N, shift, int(n_points), keyed)


# --------------------------------------------------------------------------------------------- one range


@dataclass(frozen=True, eq=False)
class RangeSummary:
    """What one range contributes: totals, its pairs, its terms of the scores, and its exact curve points."""

    index: int
    P: float  # positive weight in the range
    N: float
    m: int  # positive samples (non-zero weight)
    n: int
    pairs: float  # weight of (positive, negative) pairs inside the range ranked right, ties counting one half
    ap: float  # sum of (positive weight of a row) * (precision at the row)
    pr_area: float  # sum of the Davis-Goadrich steps of the rows
    positive_sums: np.ndarray  # sum of w**2, w**2 * d, w**2 * d**2 over positives, d = V10 - shift
    negative_sums: np.ndarray
    thresholds: np.ndarray  # kept rows of the global table (descending), their tp and fp
    tp: np.ndarray
    fp: np.ndarray


ALL = ("auc", "average_precision", "pr_auc", "delong", "curve")
REPORT = "report"  # in ``what``: also keep the rows a report reads (:func:`report_rows`)
GAIN_DEPTHS = tuple(k / 10 for k in range(1, 11)) + (0.1, 0.2)  # the deciles table, and the gains at the top


def _auc_summary(index: int, P: int, N: int, u2: int) -> RangeSummary:
    """The summary of a range counted for its AUC alone: its totals and twice its pairs (a tie counting one half)."""
    empty = np.zeros(0)
    return RangeSummary(
        index, float(P), float(N), P, N, u2 / 2.0, 0.0, 0.0, np.zeros(3), np.zeros(3), empty, empty, empty
    )


def summarize_packed(index: int, pieces: Sequence[np.ndarray]) -> RangeSummary:
    """The AUC-only summary of a range whose rows came as packed arrays (one per batch): sorted widened float64
    (:meth:`RangePlan.split_packed`), or uint32 keys in any order (:meth:`RangePlan.split_keys`): with the
    compiled module (:mod:`rocauc.core.kernels`) see :func:`_compiled_range_counts`; else tallied without a sort
    where their span is within twice their number, or sorted and counted."""
    module = compiled()
    full = [p for p in pieces if p.size]
    if module is not None and full and full[0].dtype == np.uint32:
        return _auc_summary(index, *_compiled_range_counts(module, full))
    wide = np.concatenate(pieces) if len(pieces) != 1 else pieces[0].copy()
    if wide.dtype == np.uint32 and wide.size and int(wide.max()) - int(wide.min()) <= 2 * wide.size < 1 << 32:
        return _auc_summary(index, *tally_counts(wide))
    wide.sort()
    return _auc_summary(index, *rank_counts(wide))


def summarize_sorted(index: int, keys: Sequence[np.ndarray]) -> RangeSummary:
    """The AUC-only summary of a range whose uint32 keys (:meth:`RangePlan.split_keys_joined`) came as sorted
    arrays, one from each place that held rows of it: one is counted, two are merged as they are counted
    (the compiled ``merge_count``, no copy); of more, the two smallest are merged into one (``merge_sorted``)
    until two are left. Without the compiled module they are joined and sorted.

    >>> import numpy as np
    >>> # key = offset * 2 + label: (0, negative) (1, positive) | (0, positive) (1, negative)
    >>> summarize_sorted(0, [np.array([0, 3], np.uint32), np.array([1, 2], np.uint32)]).pairs  # 1 + two ties
    2.0
    """
    module = compiled()
    full = [k for k in keys if k.size]
    if not full:
        return _auc_summary(index, 0, 0, 0)
    if module is None:
        wide = np.sort(np.concatenate(full)) if len(full) > 1 else full[0]
        return _auc_summary(index, *rank_counts(wide))
    if len(full) == 1:
        return _auc_summary(index, *module.count(full[0]))
    while len(full) > 2:  # the two smallest merged first (each key is copied about log2(k) - 1 times)
        full.sort(key=len)
        a, b = full.pop(0), full.pop(0)
        merged = small_pages(a.size + b.size, np.uint32)
        module.merge_sorted(a, b, merged)
        full.append(merged)
    return _auc_summary(index, *module.merge_count(full[0], full[1]))


def _compiled_range_counts(module, pieces: Sequence[np.ndarray]) -> tuple[int, int, int]:
    """(positives, negatives, twice U) of a range's uint32 keys (non-empty pieces in any order): where their span
    is within twice their number, every piece tallied into one table of rows per key (no copy, no sort), else
    the pieces joined, sorted and counted (``count``)."""
    low = min(int(p.min()) for p in pieces) & ~1  # an even key: the negatives' cell of its score
    high = max(int(p.max()) for p in pieces) | 1
    rows = sum(p.size for p in pieces)
    if high - low + 1 <= 2 * rows and rows < 1 << 32:
        cells = np.zeros(high - low + 1, dtype=np.uint32)
        for p in pieces:
            module.tally(np.ascontiguousarray(p), cells, low)
        return module.count_cells(cells)
    wide = np.concatenate(pieces) if len(pieces) != 1 else pieces[0].copy()
    wide.sort()
    return module.count(wide)


def summarize_range(
    plan: RangePlan,
    index: int,
    y: np.ndarray,
    score: np.ndarray,
    weight: np.ndarray | None,
    what: Sequence[str] = ALL,
    lay: Any = None,
) -> RangeSummary:
    """Count the rows of range ``index`` exactly (all of them, from every batch) and reduce them to a summary of
    the scores named in ``what`` (the AUC alone of unweighted float32 scores needs no table: ranks suffice).
    ``lay``: the unweighted rows' :func:`rocauc.stats.delong.layout`, when the caller made it (no second sort)."""
    if tuple(what) == ("auc",) and weight is None:
        value = rank_auc(y, score)
        if value is not None:
            m = int(np.count_nonzero(y))
            n = int(y.size - m)
            pairs = value * m * n if m and n else 0.0
            empty = np.zeros(0)
            return RangeSummary(
                index, float(m), float(n), m, n, pairs, 0.0, 0.0, np.zeros(3), np.zeros(3), empty, empty, empty
            )
    if weight is None and lay is not None:
        thresholds, dtp, dfp = lay.thresholds, lay.dtp, lay.dfp
        pos_sq, neg_sq = dtp, dfp
        m = int(np.count_nonzero(y))
        n = int(y.size - m)
    elif weight is None:
        c = exact_counts(y, score)
        thresholds = c.thresholds
        dtp, dfp = np.diff(c.tp, prepend=0.0), np.diff(c.fp, prepend=0.0)
        pos_sq, neg_sq = dtp, dfp
        m = int(round(c.P))
        n = int(round(c.N))
    else:
        keep = weight > 0
        y, score, weight = y[keep], score[keep], weight[keep]
        lay = layout(y, score, weight)
        thresholds, dtp, dfp = lay.thresholds, lay.dtp, lay.dfp
        w2 = weight * weight
        pos_sq = np.bincount(lay.row[y], weights=w2[y], minlength=lay.n_rows)
        neg_sq = np.bincount(lay.row[~y], weights=w2[~y], minlength=lay.n_rows)
        m = int(np.count_nonzero(y))
        n = int(y.size - m)
    P_r, N_r = float(dtp.sum()), float(dfp.sum())
    if thresholds.size == 0:
        empty = np.zeros(0)
        return RangeSummary(index, 0.0, 0.0, 0, 0, 0.0, 0.0, 0.0, np.zeros(3), np.zeros(3), empty, empty, empty)
    local_fp = np.cumsum(dfp)
    # a positive of row g outranks the range's negatives below g, and ties with half of its own row's
    below = N_r - local_fp
    below += 0.5 * dfp
    pairs = _scores.dot(dtp, below)
    P_above, N_above = float(plan.P_above[index]), float(plan.N_above[index])
    tp = np.cumsum(dtp) + P_above
    fp = local_fp + N_above
    predicted = tp + fp
    ap = pr_area = 0.0
    if "average_precision" in what:
        precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted != 0)
        ap = _scores.dot(dtp, precision)
    if "pr_auc" in what:
        tp_before = np.r_[P_above, tp[:-1]]
        p_before = np.r_[P_above + N_above, predicted[:-1]]
        pr_area = float(_scores.pr_increments(dtp, tp_before, p_before, predicted).sum())
    P, N = plan.P, plan.N
    positive_sums = negative_sums = np.zeros(3)
    if P > 0 and N > 0 and "delong" in what:
        d10 = 1.0 - (fp - 0.5 * dfp) / N - plan.shift  # V10 of a positive in each row, centred
        d01 = (tp - 0.5 * dtp) / P - plan.shift  # V01 of a negative
        positive_sums = np.array([pos_sq.sum(), _scores.dot(pos_sq, d10), _scores.dot(pos_sq, d10 * d10)])
        negative_sums = np.array([neg_sq.sum(), _scores.dot(neg_sq, d01), _scores.dot(neg_sq, d01 * d01)])
    keep = _curve_rows(plan, tp, fp, P_above, N_above) if "curve" in what else np.zeros(0, dtype=np.intp)
    if REPORT in what:
        keep = np.union1d(keep, report_rows(plan, tp, fp))
    return RangeSummary(
        index, P_r, N_r, m, n, pairs, ap, pr_area, positive_sums, negative_sums, thresholds[keep], tp[keep], fp[keep]
    )


def range_placements(plan: RangePlan, index: int, y: np.ndarray, score: np.ndarray, weight: np.ndarray | None):
    """DeLong's placement value of every row of range ``index`` (a positive's share of negatives below it, a
    negative's share of positives above it, ties counting one half), centred on ``plan.shift``; the rows of the
    range come from every batch, the global table is the range's shifted by the weight above it. NaN without both
    classes."""
    if not (plan.P > 0 and plan.N > 0) or y.size == 0:
        return np.full(y.size, np.nan)
    lay = layout(y, score, weight)
    tp = np.cumsum(lay.dtp) + float(plan.P_above[index])
    fp = np.cumsum(lay.dfp) + float(plan.N_above[index])
    d10 = 1.0 - (fp - 0.5 * lay.dfp) / plan.N - plan.shift
    d01 = (tp - 0.5 * lay.dtp) / plan.P - plan.shift
    return np.where(y, d10[lay.row], d01[lay.row])


def influence_sums(indicator: np.ndarray, placement: np.ndarray, weight: np.ndarray | None) -> np.ndarray:
    """The sums that give the covariance of the one-vs-rest AUCs' DeLong influence values (over samples, between
    classes ``c`` and ``d``) once the AUCs are known: an array ``(3, 2, 2, k, k)`` with, over the samples whose
    class-``c`` label is ``a`` and class-``d`` label is ``b``, the sums of ``w**2``, ``w**2 * d_c`` and
    ``w**2 * d_c * d_d`` at ``[:, a, b, c, d]`` (``d``: centred placements, ``indicator`` (n, k) bool). Sums of
    batches add; :func:`influence_covariance` finishes them."""
    k = indicator.shape[1]
    w2 = np.ones(indicator.shape[0]) if weight is None else weight * weight
    out = np.zeros((3, 2, 2, k, k))
    member = [~indicator, indicator]
    d = np.where(np.isfinite(placement), placement, 0.0)
    for a in (0, 1):
        weighted = member[a] * w2[:, None]
        for b in (0, 1):
            other = member[b].astype(np.float64)
            out[0, a, b] = weighted.T @ other
            out[1, a, b] = (weighted * d).T @ other
            out[2, a, b] = (weighted * d).T @ (other * d)
    return out


def influence_covariance(sums: np.ndarray, results: Sequence[PartitionResult], shifts: Sequence[float]) -> np.ndarray:
    """The (k, k) covariance ``sum over samples of psi_c * psi_d`` of the classes' DeLong influence values (as
    ``rocauc.stats.delong.influence``: ``psi = w * (V - auc) * sqrt(m / (m - 1)) / P`` for a positive, the same
    with the negatives' counts for a negative) from the batches' :func:`influence_sums`; NaN for a class without
    two samples of each kind."""
    k = len(results)
    scale = np.full((2, k), np.nan)  # [label, class]
    delta = np.array([r.auc - s for r, s in zip(results, shifts)])
    for c, r in enumerate(results):
        if r.P > 0 and r.N > 0 and r.m >= 2 and r.n >= 2:
            scale[1, c] = math.sqrt(r.m / (r.m - 1.0)) / r.P
            scale[0, c] = math.sqrt(r.n / (r.n - 1.0)) / r.N
    cov = np.zeros((k, k))
    s0, s1, s2 = sums
    for a in (0, 1):
        for b in (0, 1):
            # sum of w**2 (d_c - delta_c)(d_d - delta_d) over the samples labelled (a, b)
            centred = s2[a, b] - delta[None, :] * s1[a, b] - delta[:, None] * s1[b, a].T
            centred = centred + np.outer(delta, delta) * s0[a, b]
            factor = np.outer(scale[a], scale[b])
            present = s0[a, b] > 0  # no sample of that kind: nothing to add (and no NaN scale to carry)
            cov += np.where(present, factor * centred, 0.0)
    bad = np.isnan(scale).any(axis=0)
    cov[bad, :] = np.nan
    cov[:, bad] = np.nan
    return cov


def report_rows(plan: RangePlan, tp: np.ndarray, fp: np.ndarray) -> np.ndarray:
    """The rows of a range (its global ``tp``, ``fp``) that a report's numbers read, so that a down-sampled table
    gives them exactly: the range's first and last rows (the extremes of the scores), the rows of the largest
    Youden J (within the operating point's tie tolerance of the range's best) and of the largest KS gap, and the
    rows around each gains depth (:data:`GAIN_DEPTHS`)."""
    last = tp.size - 1
    if last < 0:
        return np.zeros(0, dtype=np.intp)
    parts: list = [[0, last]]
    P, N = plan.P, plan.N
    if P > 0 and N > 0:
        j = tp / P - fp / N
        parts.append(np.flatnonzero(j >= j.max() - 4e-12))  # rocauc.stats.operating ties rows within 1e-12
        gap = np.abs(j)
        parts.append(np.flatnonzero(gap == gap.max()))
    depth = (tp + fp) / (P + N)
    at = np.searchsorted(depth, np.array(GAIN_DEPTHS))
    parts += [at, at - 1]
    keep = np.unique(np.concatenate([np.asarray(p, dtype=np.intp) for p in parts]))
    return keep[(keep >= 0) & (keep <= last)]


def _curve_rows(plan: RangePlan, tp: np.ndarray, fp: np.ndarray, P_above: float, N_above: float) -> np.ndarray:
    """Rows where the position along the curve crosses the next of ``n_points`` even steps (the first row at or
    past each step), so the kept points are spread along the curve and each one is exact."""
    P, N = plan.P, plan.N
    if P > 0 and N > 0:
        position = 0.5 * (fp / N + tp / P)
        start = 0.5 * (N_above / N + P_above / P)
    else:
        position = (tp + fp) / (P + N)
        start = (P_above + N_above) / (P + N)
    steps = np.floor(np.r_[start, position] * plan.n_points)
    return np.flatnonzero(steps[1:] > steps[:-1])


# --------------------------------------------------------------------------------------------- combining


@dataclass(frozen=True, eq=False)
class PartitionResult:
    """Exact results of a binary problem combined from its ranges, with the sketch's certified bounds.

    ``counts`` is a down-sampled exact counts table: each of its rows is a row of the full table.
    """

    auc: float
    average_precision: float
    pr_auc: float
    variance: float
    P: float
    N: float
    m: int
    n: int
    counts: Counts
    bounds: tuple[float, float] = (float("nan"), float("nan"))
    shift: float = float("nan")  # the plan's centre of the placement values (see influence_covariance)

    def roc_curve(self):
        """The exact ROC points kept (``RocCurve``), from (0, 0) at threshold +inf."""
        from ..core.curves import roc_from_counts

        return roc_from_counts(self.counts, self.auc, drop_intermediate=False)

    def precision_recall_curve(self):
        from ..core.curves import pr_from_counts

        return pr_from_counts(self.counts, self.average_precision)

    def interval(self, level: float = 0.95) -> Interval:
        """DeLong's interval of the AUC (NaN bounds with fewer than two samples of a class)."""
        if not (np.isfinite(self.auc) and np.isfinite(self.variance)):
            return Interval(self.auc, float("nan"), float("nan"), level, "delong")
        return _delong_interval(self.auc, self.variance, level)


def combine(
    plan: RangePlan, summaries: Iterable[RangeSummary], bounds: tuple[float, float] = (float("nan"), float("nan"))
) -> PartitionResult:
    """Add the summaries of all ranges (any order) into the exact scores of the whole problem."""
    parts = sorted(summaries, key=lambda s: s.index)
    P_r = np.array([s.P for s in parts])
    N_r = np.array([s.N for s in parts])
    P, N = float(P_r.sum()), float(N_r.sum())
    m = sum(s.m for s in parts)
    n = sum(s.n for s in parts)
    nan = float("nan")
    auc = ap = pr_area = variance = nan
    if P > 0:
        ap = max(0.0, sum(s.ap for s in parts) / P)
        pr_area = sum(s.pr_area for s in parts) / P
    if P > 0 and N > 0:
        auc = (sum(s.pairs for s in parts) + pairs_across(P_r, N_r)) / (P * N)
    if P > 0 and N > 0 and m >= 2 and n >= 2:
        # sum of w**2 * (V - auc)**2 = sum of w**2 * (d - delta)**2, with d = V - shift and delta = auc - shift
        delta = auc - plan.shift
        sp = np.sum([s.positive_sums for s in parts], axis=0)
        sn = np.sum([s.negative_sums for s in parts], axis=0)
        s10 = (sp[2] - 2 * delta * sp[1] + delta * delta * sp[0]) / (P * P) * m / (m - 1)
        s01 = (sn[2] - 2 * delta * sn[1] + delta * delta * sn[0]) / (N * N) * n / (n - 1)
        variance = max(0.0, s10 + s01)
    top_down = parts[::-1]
    counts = Counts(
        np.concatenate([s.thresholds for s in top_down] or [np.zeros(0)]),
        np.concatenate([s.tp for s in top_down] or [np.zeros(0)]),
        np.concatenate([s.fp for s in top_down] or [np.zeros(0)]),
    )
    return PartitionResult(auc, ap, pr_area, variance, P, N, m, n, counts, bounds, plan.shift)


# --------------------------------------------------------------------------------------------- one process


def partitioned(
    batches: Sequence[Batch], *, n_ranges: int = 4, bits: int = 16, n_points: int = 1000, what: Sequence[str] = ALL
) -> PartitionResult:
    """The whole scheme in one process (what an engine does, with its map and reduce steps as loops): sketch
    each batch, merge, plan the ranges, split each batch, summarize each range, combine."""
    sketch = sketch_of(np.zeros(0, bool), np.zeros(0), None, bits)
    for y, s, w in batches:
        sketch = sketch + sketch_of(y, s, w, bits)
    plan = plan_ranges(sketch, n_ranges, n_points)
    if tuple(what) == ("auc",) and all(packs(*b) for b in batches):
        packed = [plan.split_packed(y, s) for y, s, _ in batches]
        summaries = [summarize_packed(r, [p[r] for p in packed]) for r in range(plan.n_ranges)]
        return combine(plan, summaries, sketch.bounds())
    pieces = [plan.split(y, s, w) for y, s, w in batches]
    summaries = []
    for r in range(plan.n_ranges):
        ys = [p[r][0] for p in pieces]
        ss = [p[r][1] for p in pieces]
        ws = None if pieces[0][r][2] is None else np.concatenate([p[r][2] for p in pieces])
        summaries.append(summarize_range(plan, r, np.concatenate(ys), np.concatenate(ss), ws, what))
    return combine(plan, summaries, sketch.bounds())
