"""Averaging a binary score over the binary problems of a task: per class, macro, weighted, micro, samples, and
one-vs-one (Hand and Till). Classes where the score is undefined are left out of averages and named in a warning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import validation as _validation
from .counts import Counts, exact_counts, merge_sorted, score_rows, table_of_sorted
from .errors import UndefinedMetricWarning, warn
from .inputs import Problem, _py
from .policy import combine, defined, undefined_reason
from .threads import sort_in_place, thread_map, threads_for

__all__ = ["Metric", "class_tables", "micro_counts", "average_score", "AVERAGES"]

AVERAGES = {
    "binary": (None, "macro", "weighted", "micro", "samples"),
    "multiclass": (None, "macro", "weighted", "micro"),
    "multilabel": (None, "macro", "weighted", "micro", "samples"),
}


@dataclass(frozen=True)
class Metric:
    """A score of one counts table, with the name used in messages and whether it needs negatives to exist.
    ``of_ranks(y, score, score_range)`` optionally computes the same number without a table (unweighted), or
    returns None; ``score_range`` is (lowest, highest) score where validation read them, else None."""

    name: str
    of_counts: Callable[[Counts], float]
    needs_negatives: bool = True
    of_ranks: Callable[[np.ndarray, np.ndarray, tuple | None], float | None] | None = None
    one_vs_one: bool = False

    def defined(self, P: float, N: float) -> bool:
        return defined(P, N, self.needs_negatives)


def class_tables(problem: Problem) -> list[tuple[Any, Counts]]:
    """One exact counts table per one-vs-rest problem (a single one for binary)."""
    return [(label, exact_counts(y, s, problem.weight)) for label, y, s in problem.one_vs_rest()]


def micro_counts(problem: Problem) -> Counts:
    """The micro-average table: the table of the flattened problem, every (sample, class) entry a case. It equals
    the sum of the class tables over their shared thresholds, built with one sort of the n*k scores (a chain of
    pairwise merges would grow with k**2)."""
    indicator = np.ascontiguousarray(problem.indicator()).ravel()
    scores = np.ascontiguousarray(problem.scores_2d()).ravel()
    k = problem.scores_2d().shape[1]
    weight = None if problem.weight is None else np.repeat(problem.weight, k)
    return exact_counts(indicator, scores, weight)


def _per_class(problem: Problem, metric: Metric) -> list[tuple[Any, float, float, float]]:
    """(label, value, P, N) for each one-vs-rest problem; NaN where the metric is undefined."""
    out = []
    for label, y, s in problem.one_vs_rest():
        value = None
        if metric.of_ranks is not None and problem.weight is None:
            P = float(np.count_nonzero(y))
            N = y.size - P
            if not metric.defined(P, N):
                out.append((label, float("nan"), P, N))
                continue
            value = metric.of_ranks(y, s, problem.score_range)
        if value is None:
            c = exact_counts(y, s, problem.weight)
            P, N = c.P, c.N
            value = metric.of_counts(c) if metric.defined(P, N) else float("nan")
        out.append((label, value, P, N))
    return out


def _undefined_reason(problem: Problem, label: Any, P: float, N: float) -> str:
    return undefined_reason(problem.task, problem.classes, label, P, N)


def average_score(
    problem: Problem,
    metric: Metric,
    average: str | None,
    *,
    multi_class: str = "ovr",
) -> float | np.ndarray:
    """Average ``metric`` over the problem's binary problems as ``average`` says."""
    task = problem.task
    multi_class = _validation.choice(multi_class, "multi_class", ("ovr", "ovo"))
    if task == "multiclass" and multi_class == "ovo":
        if not metric.one_vs_one:
            raise ValueError(f"{metric.name} is not available with multi_class='ovo'; use multi_class='ovr'.")
        return _one_vs_one(problem, metric, average)
    if average not in AVERAGES[task]:
        raise ValueError(f"average={average!r} is not supported for {task} problems; use one of {AVERAGES[task]}.")
    if average == "samples" and task == "multilabel":
        return _samples(problem, metric)
    if average == "micro" and task != "binary":
        total = micro_counts(problem)
        return _value(problem, metric, "micro", total.P, total.N, lambda: metric.of_counts(total))
    results = _per_class(problem, metric)
    if task == "binary":
        label, value, P, N = results[0]
        return _value(problem, metric, label, P, N, lambda: value)
    values = np.array([r[1] for r in results])
    undefined = [r for r in results if not metric.defined(r[2], r[3])]
    if undefined:
        reasons = "; ".join(_undefined_reason(problem, lab, P, N) for lab, _, P, N in undefined)
        what = "they are left out of the " + average + " average" if average else "their values are NaN"
        warn(
            f"{metric.name} is undefined for classes {[r[0] for r in undefined]} ({reasons}); {what}.",
            UndefinedMetricWarning,
        )
    if average is None:
        return values
    return combine(values, np.array([r[2] for r in results]) if average == "weighted" else None)


def _value(problem: Problem, metric: Metric, label: Any, P: float, N: float, compute: Callable[[], float]) -> float:
    if metric.defined(P, N):
        return float(compute())
    warn(
        f"{metric.name} is undefined: {_undefined_reason(problem, label, P, N)}; returning NaN.", UndefinedMetricWarning
    )
    return float("nan")


def _samples(problem: Problem, metric: Metric) -> float:
    """Per-row score over the labels, averaged over rows with the sample weights (scikit-learn's 'samples')."""
    y, s, w = problem.y, problem.score, problem.weight
    values = np.empty(y.shape[0])
    for i in range(y.shape[0]):
        c = exact_counts(y[i], s[i])
        values[i] = metric.of_counts(c) if metric.defined(c.P, c.N) else np.nan
    ok = ~np.isnan(values)
    if not ok.all():
        rows = np.flatnonzero(~ok)
        warn(
            f"{metric.name} is undefined for {rows.size} rows whose labels are all equal (the first is row "
            f"{int(rows[0])}); they are left out of the samples average.",
            UndefinedMetricWarning,
        )
    if not ok.any():
        return float("nan")
    if w is not None and not w[ok].sum() > 0:
        warn(
            f"{metric.name} is undefined for every row with a positive sample weight (the rows where it is defined "
            "all weigh 0); returning NaN.",
            UndefinedMetricWarning,
        )
        return float("nan")
    return combine(values, w)


class OneVsOne:
    """What one pass over the sorted score columns of a multi-class problem gives: ``auc[a, b]``, the AUC of
    class ``a`` against class ``b`` ranked by column ``a`` (a tie counts one half); ``weight``, the weight of each
    class; ``tables``, the one-vs-rest table of each class (equal to :func:`class_tables`); ``micro_rows``, the
    rows of the micro-average table its scores read (``_counts.score_rows``), and ``micro``, the full micro table
    (equal to :func:`micro_counts`), built when first read."""

    def __init__(
        self,
        auc: np.ndarray,
        weight: np.ndarray,
        tables: list[tuple[Any, Counts]],
        micro_rows: Counts,
        micro: Counts | Callable[[], Counts],
    ) -> None:
        self.auc, self.weight, self.tables, self.micro_rows = auc, weight, tables, micro_rows
        self._micro = micro

    @property
    def micro(self) -> Counts:
        if callable(self._micro):
            self._micro = self._micro()
        return self._micro

    def micro_table(self) -> Counts | Callable[[], Counts]:
        """The micro table, or the function that builds it when it has not been built yet."""
        return self._micro


def one_vs_one_auc(problem: Problem) -> OneVsOne:
    """The one-vs-one AUCs of a multi-class problem, with its class tables and micro table, from one sort of
    each score column (plain sorts within each class when unweighted).

    Each row of class ``b`` counts the class-``a`` weight ranked above it (and half the tied weight); summed by
    class this is the numerator of ``A[a, b]`` for every ``b`` at once."""
    y, s, w = problem.y, problem.score, problem.weight
    if w is not None and not (w != 0).all():  # zero weights add nothing and must not become thresholds
        keep = w != 0
        y, s, w = y[keep], s[keep], w[keep]
    k = problem.n_classes
    totals = np.bincount(y, weights=w, minlength=k).astype(np.float64)
    micro: Counts | Callable[[], Counts]
    if w is None:
        U, tables, micro_rows, micro = _one_vs_one_unweighted(problem, y, s, totals)
    else:
        U, tables = _one_vs_one_weighted(problem, y, s, w, totals)
        micro = micro_rows = micro_counts(problem)
    with np.errstate(invalid="ignore", divide="ignore"):
        A = U / (totals[:, None] * totals[None, :])
    return OneVsOne(A, totals, tables, micro_rows, micro)


def _one_vs_one_unweighted(
    problem: Problem, y: np.ndarray, s: np.ndarray, totals: np.ndarray
) -> tuple[np.ndarray, list[tuple[Any, Counts]], Counts, Callable[[], Counts]]:
    """Plain sorts within each class, then one stable argsort per column, which merges the sorted class runs
    (timsort finds them) and says which class each sorted score came from."""
    k = problem.n_classes
    # a stable sort of small integers is a radix sort (linear): the class codes fit in 8 or 16 bits
    small = np.uint8 if k <= 2**8 else np.uint16 if k <= 2**16 else y.dtype
    by_class = np.argsort(y.astype(small, copy=False), kind="stable")
    counts = totals.astype(np.int64)
    bounds = np.r_[0, np.cumsum(counts)]
    grouped = s.take(by_class, axis=0)  # take gathers whole rows faster than fancy indexing
    grouped_codes = np.repeat(np.arange(k, dtype=small), counts)

    def column(a: int) -> tuple[np.ndarray, Counts, np.ndarray, np.ndarray]:
        scores = np.ascontiguousarray(grouped[:, a])
        for b in range(k):
            scores[bounds[b] : bounds[b + 1]].sort()
        order = np.argsort(scores, kind="stable")
        values, codes = scores[order], grouped_codes[order]
        row, table, is_a = _column_pass(values, codes, None, a, k, totals[a])
        return row, table, values[is_a], values[~is_a]

    # the columns are independent: numpy's sorts release the GIL, so they run side by side
    columns = thread_map(column, range(k), threads_for(s.size))
    U = np.array([c[0] for c in columns]).reshape(k, k)
    tables = [(_py(problem.classes[a]), c[1]) for a, c in enumerate(columns)]
    # the micro table from the same sorted runs (every (sample, class) entry is a case): the rows its scores
    # read now, the full table (for its curves) when first asked for
    pos = _merge_runs([c[2] for c in columns], s[:0, 0])
    neg = _merge_runs([c[3] for c in columns], s[:0, 0])

    def micro() -> Counts:
        return table_of_sorted(*merge_sorted(pos, neg))

    return U, tables, score_rows(pos, neg), micro


def _column_pass(
    values: np.ndarray, codes: np.ndarray, wt: np.ndarray | None, a: int, k: int, total_a: float
) -> tuple[np.ndarray, Counts, np.ndarray]:
    """From column ``a`` sorted ascending with the class of each score (and its weight): the numerators of
    ``A[a, b]`` for every ``b`` (each row of class ``b`` counts the class-``a`` weight ranked above it and half
    the tied weight, summed by class with the row's weight), the one-vs-rest table of class ``a``, and the mask
    of class ``a``."""
    is_a = codes == a
    table = table_of_sorted(values, is_a, wt)
    if values.size == 0:
        return np.zeros(k), table, is_a
    cum_a = np.cumsum(is_a, dtype=np.int64) if wt is None else np.cumsum(np.where(is_a, wt, 0.0))
    if table.thresholds.size == values.size:  # no ties: every row is its own run
        per_row = total_a - cum_a
    else:
        ends = np.empty(values.size, dtype=bool)  # last row of each run of equal scores (ascending)
        np.not_equal(values[1:], values[:-1], out=ends[:-1])
        ends[-1] = True
        last = np.flatnonzero(ends)
        at_end = cum_a[last]
        tied = np.diff(at_end, prepend=0)
        above_and_half = (total_a - at_end) + 0.5 * tied
        per_row = np.repeat(above_and_half, np.diff(last, prepend=-1))
    row = np.bincount(codes, weights=per_row if wt is None else per_row * wt, minlength=k).astype(np.float64)
    row[a] = 0.0
    return row, table, is_a


def _merge_runs(runs: list[np.ndarray], empty: np.ndarray) -> np.ndarray:
    """One sorted array of sorted runs. numpy's default sort (SIMD quicksort where the CPU has it) beats its
    stable sort's run merging on floats, so the runs are simply sorted again (on several threads when large)."""
    runs = [r for r in runs if r.size]
    if not runs:
        return empty
    if len(runs) == 1:
        return runs[0]
    return sort_in_place(np.concatenate(runs))


def _one_vs_one_weighted(
    problem: Problem, y: np.ndarray, s: np.ndarray, w: np.ndarray, totals: np.ndarray
) -> tuple[np.ndarray, list[tuple[Any, Counts]]]:
    """One argsort per column (the columns side by side), then :func:`_column_pass`."""
    k = problem.n_classes

    def column(a: int) -> tuple[np.ndarray, Counts]:
        scores = np.ascontiguousarray(s[:, a])
        order = np.argsort(scores)
        row, table, _ = _column_pass(scores[order], y[order], w[order], a, k, totals[a])
        return row, table

    columns = thread_map(column, range(k), threads_for(s.size))
    U = np.array([c[0] for c in columns]).reshape(k, k)
    return U, [(_py(problem.classes[a]), c[1]) for a, c in enumerate(columns)]


def one_vs_one_averages(
    problem: Problem, metric_name: str = "ROC AUC", auc: tuple[np.ndarray, np.ndarray] | None = None
) -> dict[str, float]:
    """Hand and Till's one-vs-one ROC AUC, ``{"macro": ..., "weighted": ...}``: for each pair of classes the mean
    of the two one-against-the-other AUCs, averaged over pairs (weighted by the pair's prevalence).

    >>> from .inputs import normalize
    >>> one_vs_one_averages(normalize([0, 1, 2, 1], [[.8, .1, .1], [.2, .7, .1], [.1, .2, .7], [.3, .5, .2]]))
    {'macro': 1.0, 'weighted': 1.0}
    """
    if auc is None:
        result = one_vs_one_auc(problem)
        auc = (result.auc, result.weight)
    A, W = auc
    k = problem.n_classes
    pairs, prevalence, skipped = [], [], []
    for a in range(k):
        for b in range(a + 1, k):
            if W[a] <= 0 or W[b] <= 0:
                skipped.append((_py(problem.classes[a]), _py(problem.classes[b])))
                continue
            pairs.append((A[a, b] + A[b, a]) / 2.0)
            prevalence.append((W[a] + W[b]) / W.sum())
    if skipped:
        warn(
            f"{metric_name} is undefined for the class pairs {skipped} (a class of the pair has no samples); "
            "they are left out of the one-vs-one average.",
            UndefinedMetricWarning,
        )
    values = np.array(pairs)
    return {"macro": combine(values), "weighted": combine(values, prevalence)}


def _one_vs_one(problem: Problem, metric: Metric, average: str | None) -> float:
    """Hand and Till: for each pair of classes, the mean of the two one-against-the-other scores."""
    if average not in ("macro", "weighted"):
        raise ValueError(f"average={average!r} is not supported for multi_class='ovo'; use 'macro' or 'weighted'.")
    return one_vs_one_averages(problem, metric.name)[average]
