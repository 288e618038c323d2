"""Metrics of a decision rule: the confusion matrix and the rates computed from it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .counts import Counts
from .inputs import Problem, _py
from .policy import at_threshold, combine

__all__ = ["OperatingPoint", "decision_metrics", "default_threshold"]


def _ratio(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.divide(a, b, out=np.full(np.broadcast(a, b).shape, np.nan), where=b > 0)


def json_ready(x: Any) -> Any:
    """``x`` as plain JSON values: arrays to lists, numpy scalars to Python ones, NaN and infinities to None."""
    if isinstance(x, dict):
        return {k: json_ready(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [json_ready(v) for v in x]
    if isinstance(x, np.ndarray):
        return json_ready(x.tolist())
    if isinstance(x, (float, np.floating)):
        return None if not np.isfinite(x) else float(x)
    if isinstance(x, np.generic):
        return x.item()
    return x


_NAN = float("nan")
_POINT_RATES = ("tpr", "fpr", "specificity", "precision", "npv", "accuracy")


@dataclass(frozen=True)
class OperatingPoint:
    """A decision rule and what it buys: the (weighted) confusion matrix and its rates. One type for every
    decision: a binary rule ``score >= threshold`` (chosen by a criterion, or given), and the decisions of
    :func:`rocauc.evaluate` (binary, per-label ``score >= threshold``, or multi-class argmax).

    Binary: ``tp``, ``fp``, ``tn``, ``fn`` and their rates; ``tpr`` is also ``sensitivity`` and ``recall``;
    ``intervals`` holds a Wilson interval for each proportion (``tpr``, ``fpr``, ``specificity``, ``precision``,
    ``npv``, ``accuracy``) where computed. F1 and MCC are not proportions and have none. Undefined rates (a zero
    denominator) are NaN. ``criterion`` says how the threshold was chosen (``"threshold"`` when it was given),
    ``value`` the target of ``fpr``/``tpr``/``precision`` criteria.

    Every decision also has ``rule`` (e.g. ``"score >= 0.5"``, ``"argmax"``), ``labels``, ``matrix`` (rows: true
    class, columns: predicted class; (k, 2, 2) per label for multi-label), ``accuracy`` (exact match for
    multi-label), ``per_class`` rates (``precision``, ``recall``, ``specificity``, ``f1``, ``support``) with their
    ``macro`` and ``weighted`` averages. For multi-class and multi-label decisions the binary cells are NaN.
    ``rocauc.DecisionMetrics`` is a deprecated alias of this type.

    Examples
    --------
    >>> from rocauc import evaluate, operating_point
    >>> op = operating_point([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7])
    >>> op.sensitivity, op.specificity, op.precision
    (0.6666666666666666, 1.0, 1.0)
    >>> print(op.intervals["tpr"])
    0.667 [0.208, 0.939] (95% Wilson)
    >>> d = evaluate([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.6]).decision
    >>> d.rule, d.matrix.tolist(), d.precision, d.macro["f1"]
    ('score >= 0.5', [[1.0, 1.0], [1.0, 1.0]], 0.5, 0.5)
    >>> OperatingPoint.from_cells(0.5, "threshold", tp=3, fp=1, tn=4, fn=2).confusion_matrix.tolist()
    [[4.0, 1.0], [2.0, 3.0]]
    """

    threshold: float | None
    criterion: str
    tp: float
    fp: float
    tn: float
    fn: float
    tpr: float
    fpr: float
    specificity: float
    precision: float
    npv: float
    f1: float
    accuracy: float
    mcc: float
    intervals: Mapping[str, Any] = field(default_factory=dict, compare=False)
    value: float | None = None
    positive_label: Any = None
    rule: str = ""
    labels: list = field(default_factory=list, compare=False)
    matrix: Any = field(default=None, compare=False)
    per_class: dict = field(default_factory=dict, compare=False)
    macro: dict = field(default_factory=dict, compare=False)
    weighted: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        binary = not math.isnan(self.tp)
        if not self.rule:
            rule = f"score >= {self.threshold:g}" if self.threshold is not None else self.criterion
            object.__setattr__(self, "rule", rule)
        if binary and self.matrix is None:
            object.__setattr__(self, "matrix", self.confusion_matrix)
        if binary and not self.per_class:
            # the rates of each class as the positive one: [negative class, positive class]
            tn, fp, fn, tp = self.tn, self.fp, self.fn, self.tp
            per_class = _rates(np.array([tn, tp]), np.array([fn, fp]), np.array([fp, fn]), np.array([tp, tn]))
            macro, weighted = _averages(per_class)
            object.__setattr__(self, "per_class", per_class)
            object.__setattr__(self, "macro", macro)
            object.__setattr__(self, "weighted", weighted)

    @classmethod
    def from_cells(
        cls,
        threshold: float,
        criterion: str,
        *,
        tp: float,
        fp: float,
        tn: float,
        fn: float,
        intervals: Mapping[str, Any] | None = None,
        value: float | None = None,
        positive_label: Any = None,
        labels: list | None = None,
    ) -> OperatingPoint:
        """The binary decision with these (weighted) cells, its rates computed here."""
        tp, fp, tn, fn = float(tp), float(fp), float(tn), float(fn)
        P, N = tp + fn, fp + tn
        ratio = lambda a, b: a / b if b > 0 else _NAN  # noqa: E731
        denominator = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
        mcc = (tp * tn - fp * fn) / math.sqrt(denominator) if denominator > 0 else _NAN
        return cls(
            None if threshold is None else float(threshold),
            criterion,
            tp,
            fp,
            tn,
            fn,
            ratio(tp, P),
            ratio(fp, N),
            ratio(tn, N),
            ratio(tp, tp + fp),
            ratio(tn, tn + fn),
            ratio(2 * tp, 2 * tp + fp + fn),
            ratio(tp + tn, P + N),
            mcc,
            dict(intervals or {}),
            value,
            positive_label,
            labels=list(labels) if labels is not None else [],
        )

    @property
    def sensitivity(self) -> float:
        return self.tpr

    @property
    def recall(self) -> float:
        return self.tpr

    @property
    def youden(self) -> float:
        """Youden's J = sensitivity + specificity - 1."""
        return self.tpr - self.fpr

    @property
    def confusion_matrix(self) -> np.ndarray:
        """[[tn, fp], [fn, tp]]: rows are the true class (negative, positive), as scikit-learn's; ``matrix`` for
        decisions with more classes."""
        if math.isnan(self.tp):
            return np.asarray(self.matrix, dtype=np.float64)
        return np.array([[self.tn, self.fp], [self.fn, self.tp]], dtype=np.float64)

    def __str__(self) -> str:
        if math.isnan(self.tp):
            macro = self.macro
            return (
                f"{self.rule}: accuracy {self.accuracy:.3f}, macro precision {macro.get('precision', _NAN):.3f}"
                f", recall {self.macro.get('recall', _NAN):.3f}, F1 {self.macro.get('f1', _NAN):.3f}"
            )
        target = "" if self.value is None else f" = {self.value:g}"
        threshold = "none" if self.threshold is None else f"{self.threshold:.6g}"
        lines = [
            f"threshold {threshold} ({self.criterion}{target}): predicted positive iff score >= threshold",
            f"  tp {self.tp:g}  fp {self.fp:g}  tn {self.tn:g}  fn {self.fn:g}",
        ]
        for name in _POINT_RATES:
            ci = self.intervals.get(name)
            lines.append(f"  {name:<12}{ci:.3f}" if ci is not None else f"  {name:<12}{getattr(self, name):.3f}")
        lines.append(f"  {'f1':<12}{self.f1:.3f}")
        lines.append(f"  {'mcc':<12}{self.mcc:.3f}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        out = json_ready(
            {
                k: getattr(self, k)
                for k in (
                    "threshold",
                    "criterion",
                    "value",
                    "tp",
                    "fp",
                    "tn",
                    "fn",
                    "tpr",
                    "fpr",
                    "specificity",
                    "precision",
                    "npv",
                    "f1",
                    "accuracy",
                    "mcc",
                    "rule",
                    "labels",
                    "matrix",
                    "per_class",
                    "macro",
                    "weighted",
                )
            }
        )
        out["positive_label"] = self.positive_label
        out["intervals"] = {k: v.to_dict() for k, v in self.intervals.items()}
        return out


def _decision(
    rule: str,
    labels: list,
    matrix: np.ndarray,
    accuracy: float,
    per_class: dict,
    macro: dict,
    weighted: dict,
    threshold: float | None = None,
) -> OperatingPoint:
    """A multi-class (argmax) or multi-label decision: no binary cells."""
    return OperatingPoint(
        threshold,
        "argmax" if rule == "argmax" else "threshold",
        tp=_NAN,
        fp=_NAN,
        tn=_NAN,
        fn=_NAN,
        tpr=_NAN,
        fpr=_NAN,
        specificity=_NAN,
        precision=_NAN,
        npv=_NAN,
        f1=_NAN,
        accuracy=accuracy,
        mcc=_NAN,
        rule=rule,
        labels=labels,
        matrix=matrix,
        per_class=per_class,
        macro=macro,
        weighted=weighted,
    )


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
        macro[name] = combine(per_class[name])
        weighted[name] = combine(per_class[name], support)
    return macro, weighted


def _predicted(score: np.ndarray, t: float) -> np.ndarray:
    """``score >= t`` compared in float64, as the tables compare (numpy would round ``t`` to float32 scores)."""
    return score >= np.float64(t) if score.dtype == np.float64 else score.astype(np.float64) >= t


def default_threshold(problem: Problem) -> float:
    """0.5 for probabilities, 0 for logits (the same decision); other scores need an explicit threshold."""
    if problem.score_kind == "logit":
        return 0.0
    if problem.score_kind == "probability":
        return 0.5
    raise ValueError(
        "the scores are not probabilities (values outside [0, 1]), so the decision threshold cannot default to 0.5; "
        "pass threshold=..., operating_point='youden' (or another criterion) to choose one from the data, or "
        "from_logits=True if they are logits (then the threshold is 0)."
    )


def _binary_decision(
    problem: Problem, t: float, w: np.ndarray, labels: list, tables: list[tuple[Any, Counts]] | None
) -> OperatingPoint:
    """The binary ``score >= t`` decision of :func:`decision_metrics`."""
    if tables is not None:
        c = tables[0][1]
        tp, fp = at_threshold(c, t)
        fn, tn = c.P - tp, c.N - fp
        matrix: np.ndarray = np.array([[tn, fp], [fn, tp]], dtype=np.float64)
    else:
        predicted = _predicted(problem.score, t)
        idx = problem.y.astype(np.intp) * 2 + predicted
        matrix = np.bincount(idx, weights=w, minlength=4).reshape(2, 2)
        tn, fp, fn, tp = (float(v) for v in matrix.ravel())
    return OperatingPoint.from_cells(
        t, "threshold", tp=tp, fp=fp, tn=tn, fn=fn, positive_label=problem.positive_label, labels=labels
    )


def decision_metrics(
    problem: Problem, threshold: float | None = None, tables: list[tuple[Any, Counts]] | None = None
) -> OperatingPoint:
    """Confusion-matrix metrics: ``score >= threshold`` for binary and multi-label, argmax for multi-class.
    With the problem's exact ``tables`` the binary and per-label cells are read from them (``_policy``'s rule).

    >>> from .inputs import normalize
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
        return _decision("argmax", labels, matrix, float(tp.sum() / matrix.sum()), per_class, macro, weighted)
    t = default_threshold(problem) if threshold is None else float(threshold)
    if problem.task == "binary":
        return _binary_decision(problem, t, w, labels, tables)
    # multilabel: one 2x2 matrix per label, stacked as (k, 2, 2)
    predicted = _predicted(problem.score, t)
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
    return _decision("per-label", labels, matrix, exact_match, per_class, macro, weighted, t)
