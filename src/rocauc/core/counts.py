"""The counts table: the one structure every curve and score is computed from.

For decreasing thresholds ``t_0 > t_1 > ...`` the table holds ``tp[i]`` and ``fp[i]``, the cumulative weight of
positives and negatives predicted positive at ``t_i``. The exact builder here sorts the scores once; the binned
builder lives in ``_binning``. Both give a :class:`Counts`, and tables add.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import threads as _threads

__all__ = [
    "Counts",
    "exact_counts",
    "table_of_sorted",
    "merge_sorted",
    "score_rows",
    "merge_counts",
    "sum_counts",
    "rank_auc",
    "packed_keys",
    "rank_counts",
]

_LITTLE_ENDIAN = sys.byteorder == "little"


@dataclass(frozen=True, eq=False)
class Counts:
    """Cumulative positive (``tp``) and negative (``fp``) weight at decreasing ``thresholds``.

    ``exact`` says whether each row holds samples whose scores are truly tied (the exact builder) or samples
    whose order inside the row is unknown (a bucket of the binned builder); the AUC bounds depend on it.
    ``rule`` is ``">="`` (predicted positive iff ``score >= threshold``) or ``">"`` (the Keras rule).

    Examples
    --------
    >>> import numpy as np
    >>> c = exact_counts(np.array([0, 1, 1], bool), np.array([0.2, 0.7, 0.2]))
    >>> c.thresholds.tolist(), c.tp.tolist(), c.fp.tolist()
    ([0.7, 0.2], [1.0, 2.0], [0.0, 1.0])
    """

    thresholds: np.ndarray
    tp: np.ndarray
    fp: np.ndarray
    exact: bool = True
    rule: str = ">="

    @property
    def P(self) -> float:
        """Total positive weight."""
        return float(self.tp[-1]) if self.tp.size else 0.0

    @property
    def N(self) -> float:
        """Total negative weight."""
        return float(self.fp[-1]) if self.fp.size else 0.0

    def __len__(self) -> int:
        return int(self.thresholds.size)

    def __add__(self, other: Counts) -> Counts:
        return merge_counts(self, other)

    def to_dict(self) -> dict:
        return {
            "thresholds": self.thresholds.tolist(),
            "tp": self.tp.tolist(),
            "fp": self.fp.tolist(),
            "exact": self.exact,
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Counts:
        """The table written by :meth:`to_dict`, validated (lengths, decreasing thresholds, cumulative weights
        finite, >= 0 and non-decreasing, the rule); a bad table raises ``ValueError`` naming the field.

        >>> Counts.from_dict({"thresholds": [0.7, 0.2], "tp": [1.0, 2.0], "fp": [0.0, 1.0]}).P
        2.0
        """
        from .codec import check_counts_dict

        check_counts_dict(d)
        return cls(
            np.asarray(d["thresholds"], dtype=np.float64),
            np.asarray(d["tp"], dtype=np.float64),
            np.asarray(d["fp"], dtype=np.float64),
            bool(d.get("exact", True)),
            str(d.get("rule", ">=")),
        )


def merge_counts(a: Counts, b: Counts) -> Counts:
    """Sum two tables over the union of their thresholds (the table of the concatenated data).

    >>> import numpy as np
    >>> a = exact_counts(np.array([1, 0], bool), np.array([0.9, 0.1]))
    >>> b = exact_counts(np.array([1, 0], bool), np.array([0.5, 0.1]))
    >>> (a + b).tp.tolist(), (a + b).fp.tolist()
    ([1.0, 2.0, 2.0], [0.0, 0.0, 2.0])
    """
    if a.rule != b.rule:
        raise ValueError(f"cannot merge tables with different threshold rules ({a.rule!r} and {b.rule!r})")
    if a.thresholds.size == b.thresholds.size and np.array_equal(a.thresholds, b.thresholds):
        return Counts(a.thresholds, a.tp + b.tp, a.fp + b.fp, a.exact and b.exact, a.rule)
    union = np.unique(np.concatenate([a.thresholds, b.thresholds]))[::-1]
    tp = _step_at(a, union, "tp") + _step_at(b, union, "tp")
    fp = _step_at(a, union, "fp") + _step_at(b, union, "fp")
    return Counts(np.ascontiguousarray(union), tp, fp, a.exact and b.exact, a.rule)


def sum_counts(tables: Sequence[Counts]) -> Counts:
    """The sum of several tables in one pass (the table of all their data together): their rows are concatenated
    and ordered with one stable sort, which merges the already sorted runs in O(N log k) for k tables of N rows in
    all (a chain of pairwise merges would cost O(N k)).

    >>> import numpy as np
    >>> a = exact_counts(np.array([1, 0], bool), np.array([0.9, 0.1]))
    >>> b = exact_counts(np.array([1, 0], bool), np.array([0.5, 0.1]))
    >>> sum_counts([a, b]).tp.tolist() == (a + b).tp.tolist()
    True
    """
    tables = list(tables)
    if not tables:
        raise ValueError("sum_counts needs at least one table.")
    first = tables[0]
    if len(tables) == 1:
        return first
    rules = {t.rule for t in tables}
    if len(rules) > 1:
        raise ValueError(f"cannot merge tables with different threshold rules {sorted(rules)}")
    exact = all(t.exact for t in tables)
    if all(
        t.thresholds.size == first.thresholds.size and np.array_equal(t.thresholds, first.thresholds)
        for t in tables[1:]
    ):  # shared edges (binned tables): add the columns
        return Counts(
            first.thresholds,
            np.sum([t.tp for t in tables], axis=0),
            np.sum([t.fp for t in tables], axis=0),
            exact,
            first.rule,
        )
    # ascending runs of thresholds with the weight each row adds
    thresholds = np.concatenate([t.thresholds[::-1] for t in tables])
    dtp = np.concatenate([np.diff(t.tp, prepend=0.0)[::-1] for t in tables])
    dfp = np.concatenate([np.diff(t.fp, prepend=0.0)[::-1] for t in tables])
    order = np.argsort(thresholds, kind="stable")[::-1]
    thresholds = thresholds[order]
    last = _group_ends(thresholds)
    tp = np.cumsum(dtp[order])[last]
    fp = np.cumsum(dfp[order])[last]
    return Counts(np.ascontiguousarray(thresholds[last]), tp, fp, exact, first.rule)


def _step_at(c: Counts, thresholds: np.ndarray, field: str) -> np.ndarray:
    # number of own thresholds >= t: own thresholds are decreasing, so search the ascending reversal
    own = c.thresholds[::-1]
    k = own.size - np.searchsorted(own, thresholds, side="left")
    values = np.concatenate([[0.0], getattr(c, field)])
    return values[k]


def exact_counts(y: np.ndarray, score: np.ndarray, weight: np.ndarray | None = None) -> Counts:
    """Exact counts table of one binary problem (``y`` boolean, ``score`` finite, ``weight`` >= 0 or None).

    Thresholds are the distinct scores, decreasing; zero-weight samples are left out (as scikit-learn does).
    This is the low-level builder: it does not validate (use :func:`rocauc.binary_counts` for raw inputs).

    Parameters
    ----------
    y : numpy.ndarray of bool, shape (n_samples,)
        True for positive samples.
    score : numpy.ndarray of float, shape (n_samples,)
        Finite scores.
    weight : numpy.ndarray of float, shape (n_samples,), optional
        Non-negative sample weights.

    Returns
    -------
    Counts
        One row per distinct score.

    Examples
    --------
    >>> import numpy as np
    >>> c = exact_counts(np.array([0, 1, 1, 0], bool), np.array([0.2, 0.9, 0.4, 0.4]))
    >>> c.thresholds.tolist(), c.tp.tolist(), c.fp.tolist()
    ([0.9, 0.4, 0.2], [1.0, 2.0, 2.0], [0.0, 1.0, 2.0])
    """
    if weight is not None:
        keep = weight != 0
        if not keep.all():
            y, score, weight = y[keep], score[keep], weight[keep]
    if score.size == 0:
        empty = np.zeros(0)
        return Counts(empty, empty.copy(), empty.copy())
    values, labels, order_weight = _sort_ascending(y, score, weight)
    return table_of_sorted(values, labels, order_weight)


def table_of_sorted(values: np.ndarray, labels: np.ndarray, order_weight: np.ndarray | None = None) -> Counts:
    """The exact table of scores already sorted ascending, with their labels (and weights, none zero): the
    second half of :func:`exact_counts`, for callers that sorted the scores for another purpose too."""
    if values.size == 0:
        empty = np.zeros(0)
        return Counts(empty, empty.copy(), empty.copy())
    # work in descending order, as the table does
    values, labels = values[::-1], labels[::-1]
    last = _group_ends(values)
    if last.size == values.size and order_weight is None:  # no ties: every row is a group, no gathers
        thresholds = values if values.dtype == np.float64 else values.astype(np.float64)  # a fresh array
        count_type = np.int32 if values.size < 2**31 else np.int64
        tp = np.cumsum(labels.view(np.uint8), dtype=count_type).astype(np.float64)
        fp = np.arange(1.0, values.size + 1.0)
        fp -= tp
        return Counts(thresholds, tp, fp)
    thresholds = np.asarray(values[last], dtype=np.float64)
    if order_weight is None:
        count_type = np.int32 if values.size < 2**31 else np.int64
        tp = np.cumsum(labels.view(np.uint8), dtype=count_type)[last].astype(np.float64)
        fp = (last + 1).astype(np.float64)
        fp -= tp
    else:
        w = order_weight[::-1]
        tp = np.cumsum(np.where(labels, w, 0.0))[last]
        fp = np.cumsum(np.where(labels, 0.0, w))[last]
    return Counts(thresholds, tp, fp)


def _group_ends(desc_values: np.ndarray) -> np.ndarray:
    """Index of the last element of each run of equal values."""
    n = desc_values.size
    ends = np.empty(n, dtype=bool)
    np.not_equal(desc_values[1:], desc_values[:-1], out=ends[:-1])
    ends[-1] = True
    return np.flatnonzero(ends)


def _sort_ascending(
    y: np.ndarray, score: np.ndarray, weight: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Scores sorted ascending with their labels (and weights), avoiding ``argsort`` where possible."""
    if weight is None:
        if score.dtype == np.float32:
            return _sort_float32_with_labels(y, score)
        # sort each class on its own (plain sorts), then merge the two runs by rank: each value of the smaller run
        # goes after the values of the larger run below it (one binary search per value of the smaller run)
        threads = _threads.threads_for(score.size)
        pos, neg = _threads.thread_map(lambda m: np.sort(score[m]), [y, ~y], threads)
        values, labels = merge_sorted(pos, neg)
        return values, labels, None
    # Tied samples are ordered by decreasing row index, so that the caller's descending table adds their weights
    # in row order, as scikit-learn's stable descending sort does: the cumulative sums (and so the points that
    # drop_intermediate keeps) are the same to the last bit.
    last = score.size - 1
    if score.dtype == np.float32 and score.size < 2**32:
        # the order-preserving 32-bit key and the reversed row index packed in one uint64: a plain sort orders them
        key = _ordered_uint32(score).astype(np.uint64)
        key <<= np.uint64(32)
        key |= np.arange(last, -1, -1, dtype=np.uint64)
        key.sort()
        order: np.ndarray = last - (key & np.uint64(0xFFFFFFFF)).astype(np.intp)
    else:
        order = np.argsort(score)  # introsort: fast, but the order inside a tie is arbitrary
        values = score[order]
        tied = values[1:] == values[:-1]
        if tied.any():  # reorder the members of each tie by decreasing row index
            member = np.r_[tied, False] | np.r_[False, tied]
            at = np.flatnonzero(member)
            if at.size > score.size // 4:  # mostly ties: one stable sort of the reversed scores is cheaper
                order = last - np.argsort(score[::-1], kind="stable")
            else:  # a few ties: one integer sort of their members only
                run = np.cumsum(np.r_[True, ~tied])
                tie_key = run[at].astype(np.int64) * score.size + (last - order[at])
                order[at] = order[at][np.argsort(tie_key)]
        return values, y[order], weight[order]
    return score[order], y[order], weight[order]


def merge_sorted(pos: np.ndarray, neg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ascending merge of the sorted scores of the positives and of the negatives, with the labels: each
    value of the smaller run goes after the values of the larger run below it (one binary search per value of
    the smaller run, no argsort)."""
    small, large = (pos, neg) if pos.size <= neg.size else (neg, pos)
    at = _threads.searchsorted(large, small, side="left")
    at += np.arange(small.size)
    mark = np.zeros(pos.size + neg.size, dtype=bool)
    mark[at] = True
    both = np.empty(mark.size, dtype=np.result_type(pos, neg))
    both[at] = small
    both[~mark] = large
    return both, mark if small is pos else ~mark


def score_rows(pos: np.ndarray, neg: np.ndarray) -> Counts:
    """The rows of the exact table of sorted positive and negative scores that its scores read: every threshold
    with positives, and each run of negative-only thresholds collapsed into its last row. The ROC AUC, average
    precision and interpolated PR-AUC of this table equal those of the full table (a collapsed run is a straight
    horizontal stretch of the ROC curve and adds no precision term), at the cost of binary searches of the
    distinct positive scores, without merging the two runs. The curves need the full table.

    >>> import numpy as np
    >>> y, s = np.array([1, 0, 0, 1, 0], bool), np.array([0.9, 0.8, 0.7, 0.5, 0.1])
    >>> c = score_rows(np.sort(s[y]), np.sort(s[~y]))
    >>> c.thresholds.tolist(), c.tp.tolist(), c.fp.tolist()
    ([0.9, 0.7, 0.5, 0.1], [1.0, 1.0, 2.0, 2.0], [0.0, 2.0, 2.0, 3.0])
    """
    if not pos.size or not neg.size:
        values, labels = merge_sorted(pos, neg)
        return table_of_sorted(values, labels)
    ends = np.flatnonzero(np.r_[pos[1:] != pos[:-1], True])  # last index of each distinct positive score
    u = pos[ends][::-1].astype(np.float64)  # distinct positive scores, decreasing
    tp = (pos.size - np.r_[-1, ends[:-1]][::-1] - 1).astype(np.float64)  # positives >= u
    # one binary search per distinct positive score (ascending queries), a second only where negatives tie it
    right = _threads.searchsorted(neg, u[::-1], side="right")[::-1]
    left = right.copy()
    tied = (right > 0) & (neg[np.maximum(right - 1, 0)] == u)
    if tied.any():
        left[tied] = np.searchsorted(neg, u[tied], side="left")
    fp_at = (neg.size - left).astype(np.float64)  # negatives >= u
    fp_above = (neg.size - right).astype(np.float64)  # negatives > u
    # a negative-only run sits between u[i-1] and u[i] when there are negatives above u[i] not counted at u[i-1]
    previous_fp = np.r_[0.0, fp_at[:-1]]
    gap = fp_above > previous_fp
    last_neg = neg[np.minimum(right, neg.size - 1)].astype(np.float64)
    previous_tp = np.r_[0.0, tp[:-1]]
    rows_t = np.empty(u.size + int(gap.sum()) + 1)
    rows_tp = np.empty(rows_t.size)
    rows_fp = np.empty(rows_t.size)
    at = np.arange(u.size) + np.cumsum(gap)  # position of each positive row after the inserted runs
    rows_t[at], rows_tp[at], rows_fp[at] = u, tp, fp_at
    inserted = at[gap] - 1
    rows_t[inserted], rows_tp[inserted], rows_fp[inserted] = last_neg[gap], previous_tp[gap], fp_above[gap]
    size = u.size + int(gap.sum())
    if fp_at[-1] < neg.size:  # negatives below the lowest positive score: one collapsed row
        rows_t[size], rows_tp[size], rows_fp[size] = neg[0], tp[-1], neg.size
        size += 1
    return Counts(rows_t[:size], rows_tp[:size], rows_fp[:size])


def _sort_float32_with_labels(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, None]:
    # A float32 widens to float64 exactly, leaving the low 29 mantissa bits zero: put the label in the lowest
    # one and sort plain float64s. The label bit never crosses a float32 step, so the order of distinct scores
    # is kept; within a tie the label decides the order, which the grouping ignores.
    wide = np.add(score, np.float64(0.0))  # float64, and -0.0 -> +0.0 so that zeros form one group
    bits = wide.view(np.uint64)
    np.bitwise_or(bits, y.view(np.uint8), out=bits)
    wide.sort()
    if _LITTLE_ENDIAN:
        labels = (bits.view(np.uint8)[::8] & np.uint8(1)).view(bool)
    else:  # pragma: no cover - big-endian machines
        labels = (bits & np.uint64(1)).astype(bool)
    bits &= ~np.uint64(1)
    return wide, labels, None


def _ordered_uint32(score: np.ndarray) -> np.ndarray:
    """Map float32 to uint32 so that integer order equals float order (-0.0 and 0.0 map to the same key)."""
    bits = np.add(score, np.float32(0.0)).view(np.uint32)
    sign = bits >> np.uint32(31)
    mask = np.where(sign == 1, np.uint32(0xFFFFFFFF), np.uint32(0x80000000))
    return bits ^ mask


def rank_auc(y: np.ndarray, score: np.ndarray) -> float | None:
    """Exact unweighted AUC by counting ranks, without building the table (the hot path of ``roc_auc``).

    Returns None where this kernel does not apply (scores that are not float32); the caller then uses the
    table. Equals ``auc(exact_counts(y, score))`` (a tie counts one half). One thread: ``rocauc.core.ranges.rank_auc``
    spreads the same count over several.
    """
    if score.dtype != np.float32 or not _LITTLE_ENDIAN:
        return None
    keys = packed_keys(y, score)
    keys.sort()
    P, N, u2 = rank_counts(keys)
    if P == 0 or N == 0:
        return float("nan")
    return u2 / (2.0 * P * N)


_HALF_SPAN = 1 << 31


def packed_keys(y: np.ndarray, score: np.ndarray, threads: int = 1) -> np.ndarray:
    """Float32 scores with their labels in one fresh array whose plain sort orders them (the caller sorts it):
    ``(key - lowest key) * 2 + label`` as uint32, with ``key`` the order-preserving 32-bit key of the score, where
    the keys span less than ``2**31`` (any scores of one sign, probabilities, most logits); otherwise the widened
    float64 of :func:`packed_sorted`, unsorted. A uint32 sorts about twice as fast as a float64. ``threads``
    threads fill blocks of rows side by side."""
    if not score.size:
        return np.zeros(0, dtype=np.uint32)
    low, high = _ordered_uint32(np.array(_threads.min_max(score, threads), dtype=np.float32)).tolist()
    wide = high - low >= _HALF_SPAN
    out = np.empty(score.size, dtype=np.float64 if wide else np.uint32)
    n = score.size
    edges = [n * i // threads for i in range(threads + 1)]

    def block(r: int) -> None:
        rows = slice(edges[r], edges[r + 1])
        if wide:
            np.add(score[rows], np.float64(0.0), out=out[rows])  # -0.0 -> +0.0
            bits = out[rows].view(np.uint64)
            np.bitwise_or(bits, y[rows].view(np.uint8), out=bits)
            return
        key = out[rows]
        np.add(score[rows], np.float32(0.0), out=key.view(np.float32))  # -0.0 -> +0.0
        if low >= _HALF_SPAN:  # no negative score: the key is the bit pattern with the sign bit set
            np.subtract(key, np.uint32(low - _HALF_SPAN), out=key)
        else:  # flip the sign bit of scores >= 0, every bit of negative scores
            mask = np.right_shift(key.view(np.int32), np.int32(31))
            np.bitwise_or(mask, np.int32(-_HALF_SPAN), out=mask)
            np.bitwise_xor(key, mask.view(np.uint32), out=key)
            np.subtract(key, np.uint32(low), out=key)
        np.left_shift(key, np.uint32(1), out=key)
        np.bitwise_or(key, y[rows].view(np.uint8), out=key)

    _threads.thread_map(block, range(threads), threads)
    return out


def tie_start(packed: np.ndarray, at: int) -> int:
    """The first position of the run of scores tied with ``packed[at]`` in a sorted packed array (uint32 keys of
    :func:`packed_keys` or widened float64 of :func:`packed_sorted`): a range cut there splits no tie."""
    return int(np.searchsorted(packed, lowest_packed(packed[at : at + 1]), side="left")[0])


def lowest_packed(values: np.ndarray) -> np.ndarray:
    """The smallest packed value of each score of ``values`` (its label bit set or not, whichever sorts first)."""
    if values.dtype == np.uint32:
        return values & np.uint32(0xFFFFFFFE)
    bits = values.view(np.uint64)
    clear = (bits & ~np.uint64(1)).view(np.float64)
    return np.minimum(clear, (bits | np.uint64(1)).view(np.float64))  # below zero the label lowers the value


def packed_sorted(y: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Float32 scores widened to float64 with the label in the lowest bit (the other low bits of a widened float32
    are zero), sorted: the input of :func:`rank_counts`. Sorted packed arrays of any batches concatenate and sort
    into the packed array of all of them (the partitioned exact AUC moves these). Little-endian machines only."""
    wide = np.add(score, np.float64(0.0))  # -0.0 -> +0.0
    bits = wide.view(np.uint64)
    np.bitwise_or(bits, y.view(np.uint8), out=bits)
    wide.sort()
    return wide


def rank_counts(wide: np.ndarray) -> tuple[int, int, int]:
    """(positives, negatives, twice the Mann-Whitney U with ties counting one half) of a sorted packed array:
    widened float64 (:func:`packed_sorted`) or uint32 keys (:func:`packed_keys`)."""
    n = wide.size
    if wide.dtype == np.uint32:
        bits = wide
        # the low byte of a key holds other key bits above its label
        labels = wide.astype(np.uint8)  # keeps the low byte
        labels &= np.uint8(1)
    else:
        bits = wide.view(np.uint64)
        # the low byte of each key is its label: the other low bits of a widened float32 are zero
        labels = bits.view(np.uint8)[::8]
    P, position_sum = _positives_and_position_sum(labels)
    N = n - P
    if P == 0 or N == 0:
        return P, N, 0
    # each positive is preceded by the negatives below it: twice the Mann-Whitney U before tie correction
    u2 = 2 * position_sum - P * (P - 1)
    # A tie between classes is a run of negative keys next to a run of positive keys that differ only in the
    # label bit. Keys, and widened floats above zero, put the negatives first (the pair was counted whole and must
    # count one half); widened floats below zero put the positives first (not counted, must count one half).
    if bits.dtype == np.uint32:
        u2 -= _tied_pairs(bits, wide)
    else:
        zero = int(np.searchsorted(wide, 0.0, side="left"))  # -0.0 was made +0.0: the signs split here
        u2 += _tied_pairs(bits[:zero], wide[:zero]) - _tied_pairs(bits[zero:], wide[zero:])
    return P, N, u2


_BLOCK = 4096  # positions inside a block sum below 2**24, so float32 block sums are exact
_POSITIONS = np.arange(_BLOCK, dtype=np.float32)


def _positives_and_position_sum(labels: np.ndarray) -> tuple[int, int]:
    """Number of ones in ``labels`` (0/1 bytes, any stride) and the sum of their indices, exactly, by blocks
    (einsum, not BLAS: OpenBLAS wakes its threads and costs more than it saves)."""
    n = labels.size
    m = n // _BLOCK
    count = total = 0
    if m:
        blocks = labels[: m * _BLOCK].reshape(m, _BLOCK)
        within = np.einsum("ij,j->i", blocks, _POSITIONS).astype(np.int64)
        per_block = blocks.sum(axis=1, dtype=np.int64)
        count = int(per_block.sum())
        total = int(within.sum()) + int((per_block * (np.arange(m, dtype=np.int64) * _BLOCK)).sum())
    tail = np.flatnonzero(labels[m * _BLOCK :])
    return count + int(tail.size), total + int(tail.sum()) + int(tail.size) * m * _BLOCK


_CHUNK = 1 << 16  # keys compared per step: the buffers stay in cache


def _tied_pairs(bits: np.ndarray, ordered: np.ndarray) -> int:
    """The sum over tied scores of (positives) x (negatives) in a sorted run of packed keys: ``bits`` the keys as
    integers, ``ordered`` the same array in the type it is sorted in (equal to ``bits``, or the widened floats of
    one sign). A tie between the classes is a pair of neighbours whose keys differ only in the label bit; most have
    one key on each side, so they are counted without finding them, and only those next to a longer run of equal
    keys are located and measured."""
    n = bits.size
    total = 0
    xor = np.empty(min(max(n - 1, 0), _CHUNK), dtype=bits.dtype)
    tie = np.empty(xor.size, dtype=bool)
    same = np.empty(xor.size, dtype=bool)
    found = []
    for start in range(0, n - 1, _CHUNK):
        stop = min(start + _CHUNK, n - 1)
        m = stop - start  # d[j] compares keys start + j and start + j + 1
        d, at_tie, equal = xor[:m], tie[:m], same[:m]
        np.bitwise_xor(bits[start + 1 : stop + 1], bits[start:stop], out=d)
        np.equal(d, 1, out=at_tie)
        ties = np.count_nonzero(at_tie)
        if not ties:
            continue
        total += ties
        np.equal(d, 0, out=equal)
        # a tie next to a longer run of equal keys on its left or right
        longer = np.zeros(m, dtype=bool)
        np.logical_and(at_tie[1:], equal[:-1], out=longer[1:])
        longer[:-1] |= at_tie[:-1] & equal[1:]
        if at_tie[0] and start > 0 and bits[start - 1] == bits[start]:
            longer[0] = True
        if at_tie[-1] and stop + 1 < n and bits[stop + 1] == bits[stop]:
            longer[-1] = True
        at = np.flatnonzero(longer)
        if at.size:
            found.append(at + start)
    if found:
        at = np.concatenate(found)  # the tie lies between keys at and at + 1
        left = _run_length(ordered, bits, at, -1)
        right = _run_length(ordered, bits, at + 1, +1)
        total += int(np.einsum("i,i->", left, right)) - int(at.size)
    return total


def _run_length(wide: np.ndarray, bits: np.ndarray, first: np.ndarray, direction: int) -> np.ndarray:
    """Length of the run of keys equal to ``bits[first]``, counted from ``first`` in ``direction`` (-1 or +1)."""
    n = bits.size
    key = bits[first]
    length = np.ones(first.size, dtype=np.int64)
    active = np.arange(first.size)
    probe = first.copy()
    for _ in range(8):  # most ties are short: a few vectorized neighbour checks
        probe += direction
        inside = (probe >= 0) & (probe < n)
        same = inside & (bits[np.clip(probe, 0, n - 1)] == key[active])
        active, probe = active[same], probe[same]
        if not active.size:
            return length
        length[active] += 1
    # long runs (many equal scores): binary search for their ends
    start = first[active]
    values = wide[start]
    if direction < 0:
        length[active] = start - np.searchsorted(wide, values, "left") + 1
    else:
        length[active] = np.searchsorted(wide, values, "right") - start
    return length
