"""Metrics of a decision rule: the confusion matrix and the rates computed from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._inputs import Problem, _py

__all__ = ["DecisionMetrics", "decision_metrics", "default_threshold"]


def _ratio(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.divide(a, b, out=np.full(np.broadcast(a, b).shape, np.nan), where=b > 0)


def _clean(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return _clean(x.tolist())
    if isinstance(x, (float, np.floating)):
        return None if not np.isfinite(x) else float(x)
    if isinstance(x, np.generic):
        return x.item()
    return x


@dataclass(frozen=True, eq=False)
class DecisionMetrics:
    """Confusion matrix (rows: true class, columns: predicted class) and the rates of each class, with their
    macro (mean over classes where defined) and weighted (by support) averages.

    For binary problems the rates of the positive class are also given as ``precision``, ``recall``, ...
    Undefined rates (a zero denominator) are NaN.

    Examples
    --------
    >>> from rocauc import evaluate
    >>> d = evaluate([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.6]).decision
    >>> d.rule, d.matrix.tolist(), d.precision, d.macro["f1"]
    ('score >= 0.5', [[1.0, 1.0], [1.0, 1.0]], 0.5, 0.5)
    """

    rule: str
    labels: list
    matrix: np.ndarray
    accuracy: float
    per_class: dict[str, np.ndarray]
    macro: dict[str, float]
    weighted: dict[str, float]
    threshold: float | None = None

    def __getattr__(self, name: str) -> float:
        # binary shortcuts: precision, recall, specificity, f1 of the positive class
        per_class = self.__dict__.get("per_class")
        if per_class is not None and name in per_class and len(self.labels) == 2 and self.rule != "per-label":
            return float(per_class[name][1])
        raise AttributeError(name)

    def to_dict(self) -> dict:
        return _clean({
            "rule": self.rule,
            "threshold": self.threshold,
            "labels": self.labels,
            "matrix": self.matrix,
            "accuracy": self.accuracy,
            "per_class": self.per_class,
            "macro": self.macro,
            "weighted": self.weighted,
        })


_RATES = ("precision", "recall", "specificity", "f1", "support")


def _rates(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, tn: np.ndarray) -> dict[str, np.ndarray]:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "specificity": _ratio(tn, tn + fp),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
        "support": np.asarray(tp + fn, dtype=np.float64),
    }


def _averages(per_class: dict[str, np.ndarray]) -> tuple[dict[str, float], dict[str, float]]:
    support = per_class["support"]
    macro, weighted = {}, {}
    for name in _RATES[:-1]:
        v = per_class[name]
        ok = ~np.isnan(v)
        macro[name] = float(v[ok].mean()) if ok.any() else float("nan")
        w = support[ok]
        weighted[name] = float(np.average(v[ok], weights=w)) if ok.any() and w.sum() > 0 else float("nan")
    return macro, weighted


def default_threshold(problem: Problem) -> float:
    """0.5 for probabilities, 0 for logits (the same decision); other scores need an explicit threshold."""
    if problem.score_kind == "logit":
        return 0.0
    if problem.score_kind == "probability":
        return 0.5
    raise ValueError(
        "the scores are not probabilities (values outside [0, 1]), so the decision threshold cannot default to 0.5; "
        "pass threshold=..., or from_logits=True if they are logits (then the threshold is 0)."
    )


def decision_metrics(problem: Problem, threshold: float | None = None) -> DecisionMetrics:
    """Confusion-matrix metrics: ``score >= threshold`` for binary and multi-label, argmax for multi-class.

    >>> from ._inputs import normalize
    >>> d = decision_metrics(normalize([0, 1, 1, 0], [0.2, 0.8, 0.4, 0.6]))
    >>> d.matrix.tolist(), d.accuracy
    ([[1.0, 1.0], [1.0, 1.0]], 0.5)
    """
    w = np.ones(problem.n_samples) if problem.weight is None else problem.weight
    labels = [_py(c) for c in problem.classes]
    if problem.task == "multiclass":
        k = problem.n_classes
        predicted = np.argmax(problem.score, axis=1)
        matrix = np.bincount(problem.y * k + predicted, weights=w, minlength=k * k).reshape(k, k)
        tp = np.diag(matrix)
        fp = matrix.sum(axis=0) - tp
        fn = matrix.sum(axis=1) - tp
        tn = matrix.sum() - tp - fp - fn
        per_class = _rates(tp, fp, fn, tn)
        macro, weighted = _averages(per_class)
        return DecisionMetrics("argmax", labels, matrix, float(tp.sum() / matrix.sum()), per_class, macro, weighted)
    t = default_threshold(problem) if threshold is None else float(threshold)
    if problem.task == "binary":
        predicted = problem.score >= t
        idx = problem.y.astype(np.intp) * 2 + predicted
        matrix = np.bincount(idx, weights=w, minlength=4).reshape(2, 2)
        tn, fp, fn, tp = matrix.ravel()
        # rates of each class as the positive one: [negative class, positive class]
        per_class = _rates(np.array([tn, tp]), np.array([fn, fp]), np.array([fp, fn]), np.array([tp, tn]))
        macro, weighted = _averages(per_class)
        return DecisionMetrics(f"score >= {t:g}", labels, matrix, float((tp + tn) / matrix.sum()), per_class, macro,
                               weighted, t)
    # multilabel: one 2x2 matrix per label, stacked as (k, 2, 2)
    predicted = problem.score >= t
    y = problem.y
    wc = w[:, None]
    tp = ((y & predicted) * wc).sum(axis=0)
    fp = ((~y & predicted) * wc).sum(axis=0)
    fn = ((y & ~predicted) * wc).sum(axis=0)
    tn = ((~y & ~predicted) * wc).sum(axis=0)
    matrix = np.stack([np.stack([tn, fp], axis=-1), np.stack([fn, tp], axis=-1)], axis=1)
    per_class = _rates(tp, fp, fn, tn)
    macro, weighted = _averages(per_class)
    exact_match = float(np.average((y == predicted).all(axis=1), weights=w))
    return DecisionMetrics("per-label", labels, matrix, exact_match, per_class, macro, weighted, t)
