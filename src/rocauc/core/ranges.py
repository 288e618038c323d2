"""Exact AUC from score ranges counted apart: the combining rule, and the in-memory binary AUC on several threads.

Cut the scores into ranges (every score of a higher range is larger, and tied scores share a range). Each range is
counted on its own (its positives, negatives and the pairs inside it ranked right, ties counting one half); then

``AUC * P * N = sum of the pairs inside each range + sum over ranges of (positives in the range) * (negatives in
all lower ranges)``.

The distributed scheme (``_partition``) and :func:`rank_auc` below both combine with :func:`pairs_across`.
:func:`rank_auc` packs the float32 scores and labels of one problem into one array, sorts it on several threads
(``threads.sort_in_place``: a linear selection cuts it into one range per thread, and numpy's sort, which releases the
GIL, sorts the ranges side by side), moves each cut back to the start of its tie, and counts the ranges side by
side. Every count is an exact integer, so the AUC does not depend on the number of threads.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> y = rng.random(1000) < 0.3
>>> s = np.round(rng.random(1000), 2).astype(np.float32)
>>> rank_auc(y, s, threads=3) == rank_auc(y, s, threads=1)
True
"""

from __future__ import annotations

import numpy as np

from .counts import _HALF_SPAN, _LITTLE_ENDIAN, _ordered_uint32, packed_keys, rank_counts, tie_start
from .kernels import compiled
from .threads import blocks, min_max, sort_in_place, thread_map, threads_for

__all__ = ["pairs_across", "rank_auc"]


def pairs_across(P_r: np.ndarray, N_r: np.ndarray) -> float | int:
    """Pairs between ranges (ranges ascending by score): the positive weight of each range times the negative
    weight of all lower ranges. Integer counts give an exact integer.

    >>> pairs_across(np.array([1, 2, 3]), np.array([4, 5, 6]))
    35
    """
    negatives_below = np.cumsum(N_r) - N_r
    total = np.einsum("i,i->", P_r, negatives_below)  # not np.dot: BLAS threads cost more than they save here
    return int(total) if np.issubdtype(total.dtype, np.integer) else float(total)


def rank_auc(
    y: np.ndarray, score: np.ndarray, score_range: tuple | None = None, threads: int | None = None
) -> float | None:
    """Exact unweighted AUC of float32 scores (``y`` bool), counted on ``threads`` threads (by default
    :func:`rocauc.core.threads.threads_for` the number of rows); None for other scores (the caller builds the table).
    ``score_range``: the scores' (lowest, highest) where the caller has them. Equals ``rocauc.core.counts.rank_auc``
    exactly."""
    if score.dtype != np.float32 or not _LITTLE_ENDIAN:
        return None
    n = score.size
    threads = threads_for(n) if threads is None else max(1, min(int(threads), n // 2))
    module = compiled()
    if module is not None and 0 < n < 1 << 32:
        ends = min_max(score, threads) if score_range is None else score_range
        low, high = _ordered_uint32(np.array(ends, dtype=np.float32)).tolist()
        if high - low < _HALF_SPAN:
            return _compiled_auc(module, y, score, low, threads)
    keys = packed_keys(y, score, threads)
    if threads <= 1:
        keys.sort()
        P, N, u2 = rank_counts(keys)
    else:
        sort_in_place(keys, threads)
        # one range per thread, each cut moved back to the start of its tie so that no tie is split
        starts = sorted({tie_start(keys, n * i // threads) for i in range(1, threads)} - {0})
        edges = [0, *starts, n]
        parts = thread_map(lambda r: rank_counts(keys[edges[r] : edges[r + 1]]), range(len(edges) - 1), threads)
        P_r = np.array([p[0] for p in parts], dtype=np.int64)
        N_r = np.array([p[1] for p in parts], dtype=np.int64)
        P, N = int(P_r.sum()), int(N_r.sum())
        u2 = sum(p[2] for p in parts) + 2 * int(pairs_across(P_r, N_r))  # integer counts: exact
    if P == 0 or N == 0:
        return float("nan")
    return u2 / (2.0 * P * N)


_SAMPLE = 1 << 16  # scores sampled to place the cuts between the ranges of the threads
_MAX_RANGES = 64  # the compiled pack takes at most 255 cuts


def _compiled_auc(module, y: np.ndarray, score: np.ndarray, low: int, threads: int) -> float:
    """:func:`rank_auc` with the compiled loops: each thread packs its block of rows straight into the ranges
    (cut at quantiles of a sample of the scores, so that no tie is split), then each range is sorted and counted
    on its own thread."""
    threads = min(threads, _MAX_RANGES)
    score = np.ascontiguousarray(score)
    labels = np.ascontiguousarray(y, dtype=bool).view(np.uint8)
    n = score.size
    out = np.empty(n, dtype=np.uint32)
    if threads <= 1:
        module.pack(score, labels, out, low, [], [0], [n])
        out.sort()
        P, N, u2 = module.count(out)
    else:
        sample = np.sort(_ordered_uint32(score[:: max(1, n // _SAMPLE)]) - np.uint32(low))
        cuts = sorted({int(sample[sample.size * i // threads]) * 2 for i in range(1, threads)} - {0})
        parts = blocks(n, threads)
        sizes = thread_map(lambda rows: module.range_sizes(score[rows], low, cuts), parts, threads)
        totals = np.sum(sizes, axis=0)
        firsts = np.concatenate([[0], np.cumsum(totals)[:-1]])
        # block b writes range j after the earlier blocks' rows of range j
        starts = firsts + np.cumsum([[0] * len(totals), *sizes[:-1]], axis=0)
        jobs = list(zip(parts, starts.tolist(), sizes))
        thread_map(
            lambda job: module.pack(score[job[0]], labels[job[0]], out, low, cuts, job[1], job[2]), jobs, threads
        )

        def count(j: int) -> tuple[int, int, int]:
            keys = out[firsts[j] : firsts[j] + totals[j]]
            keys.sort()
            return module.count(keys)

        counted = thread_map(count, range(len(totals)), threads)
        P_r = np.array([c[0] for c in counted], dtype=np.int64)
        N_r = np.array([c[1] for c in counted], dtype=np.int64)
        P, N = int(P_r.sum()), int(N_r.sum())
        u2 = sum(c[2] for c in counted) + 2 * int(pairs_across(P_r, N_r))  # integer counts: exact
    if P == 0 or N == 0:
        return float("nan")
    return u2 / (2.0 * P * N)
