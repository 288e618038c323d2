"""Averaging a binary score over the binary problems of a task: per class, macro, weighted, micro, samples, and
one-vs-one (Hand and Till). Classes where the score is undefined are left out of averages and named in a warning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from . import _validation
from ._counts import Counts, exact_counts
from ._errors import UndefinedMetricWarning, warn
from ._inputs import Problem, _py

__all__ = ["Metric", "class_tables", "average_score", "AVERAGES"]

AVERAGES = {
    "binary": (None, "macro", "weighted", "micro", "samples"),
    "multiclass": (None, "macro", "weighted", "micro"),
    "multilabel": (None, "macro", "weighted", "micro", "samples"),
}


@dataclass(frozen=True)
class Metric:
    """A score of one counts table, with the name used in messages and whether it needs negatives to exist.
    ``of_ranks(y, score)`` optionally computes the same number without a table (unweighted), or returns None."""

    name: str
    of_counts: Callable[[Counts], float]
    needs_negatives: bool = True
    of_ranks: Callable[[np.ndarray, np.ndarray], float | None] | None = None
    one_vs_one: bool = True

    def defined(self, P: float, N: float) -> bool:
        return P > 0 and (N > 0 or not self.needs_negatives)


def class_tables(problem: Problem) -> list[tuple[Any, Counts]]:
    """One exact counts table per one-vs-rest problem (a single one for binary)."""
    return [(label, exact_counts(y, s, problem.weight)) for label, y, s in problem.one_vs_rest()]


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
            value = metric.of_ranks(y, s)
        if value is None:
            c = exact_counts(y, s, problem.weight)
            P, N = c.P, c.N
            value = metric.of_counts(c) if metric.defined(P, N) else float("nan")
        out.append((label, value, P, N))
    return out


def _undefined_reason(problem: Problem, label: Any, P: float, N: float) -> str:
    if problem.task == "binary":
        present = problem.classes[1] if N <= 0 else problem.classes[0]
        return f"only one class is present in y_true ({present!r})"
    if label == "micro":
        return "there are no positive samples"
    return f"class {label!r} has {'no positive' if P <= 0 else 'only positive'} samples"


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
        total = None
        for _, c in class_tables(problem):
            total = c if total is None else total + c
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
            UndefinedMetricWarning)
    if average is None:
        return values
    ok = ~np.isnan(values)
    if not ok.any():
        return float("nan")
    weights = None
    if average == "weighted":
        weights = np.array([r[2] for r in results])[ok]
        if weights.sum() <= 0:
            return float("nan")
    return float(np.average(values[ok], weights=weights))


def _value(problem: Problem, metric: Metric, label: Any, P: float, N: float, compute: Callable[[], float]) -> float:
    if metric.defined(P, N):
        return float(compute())
    warn(f"{metric.name} is undefined: {_undefined_reason(problem, label, P, N)}; returning NaN.",
                  UndefinedMetricWarning)
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
            UndefinedMetricWarning)
    if not ok.any():
        return float("nan")
    if w is not None and not w[ok].sum() > 0:
        warn(f"{metric.name} is undefined for every row with a positive sample weight (the rows where it is defined "
             "all weigh 0); returning NaN.", UndefinedMetricWarning)
        return float("nan")
    return float(np.average(values[ok], weights=None if w is None else w[ok]))


def _one_vs_one(problem: Problem, metric: Metric, average: str | None) -> float:
    """Hand and Till: for each pair of classes, the mean of the two one-against-the-other scores."""
    if average not in ("macro", "weighted"):
        raise ValueError(f"average={average!r} is not supported for multi_class='ovo'; use 'macro' or 'weighted'.")
    y, s, w = problem.y, problem.score, problem.weight
    k = problem.n_classes
    pair_values, prevalence, skipped = [], [], []
    for a in range(k):
        for b in range(a + 1, k):
            mask = (y == a) | (y == b)
            wm = None if w is None else w[mask]
            ya = y[mask] == a
            ca = exact_counts(ya, s[mask, a], wm)
            cb = exact_counts(~ya, s[mask, b], wm)
            if not (metric.defined(ca.P, ca.N) and metric.defined(cb.P, cb.N)):
                skipped.append((_py(problem.classes[a]), _py(problem.classes[b])))
                continue
            pair_values.append((metric.of_counts(ca) + metric.of_counts(cb)) / 2.0)
            prevalence.append(mask.mean() if w is None else wm.sum() / w.sum())
    if skipped:
        warn(
            f"{metric.name} is undefined for the class pairs {skipped} (a class of the pair has no samples); "
            "they are left out of the one-vs-one average.",
            UndefinedMetricWarning)
    if not pair_values:
        return float("nan")
    weights = np.array(prevalence) if average == "weighted" else None
    return float(np.average(pair_values, weights=weights))
