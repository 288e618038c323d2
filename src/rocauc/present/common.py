"""Helpers shared by the presentation modules (plots, reports, command line): number and interval formatting, and
evaluations for drawing."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..core.inputs import Problem
from ..core.policy import as_problem
from ..stats.evaluation import Evaluation, evaluate_problem

__all__ = [
    "Span",
    "fmt",
    "fmt_count",
    "fmt_interval",
    "level_text",
    "method_text",
    "span_of",
    "problem_of",
    "evaluation_for_curves",
    "evaluation_spans",
    "as_models",
]


class Span(NamedTuple):
    """An interval as the presentation layer reads it, whatever object the statistics code returned."""

    low: float
    high: float
    level: float
    method: str


def fmt(x: Any, digits: int = 3) -> str:
    """A number for a table or a legend: fixed digits, an en dash for missing or undefined values."""
    if x is None:
        return "–"
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(v):
        return "–"
    return f"{v:.{digits}f}"


def fmt_count(x: float) -> str:
    """A (possibly weighted) count: an integer when it is one."""
    v = float(x)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.4g}"


def span_of(interval: Any) -> Span | None:
    """Read an interval object (``low``/``high``/``level``/``method`` attributes, or a dict with those keys)."""
    if interval is None:
        return None
    get = interval.get if isinstance(interval, Mapping) else (lambda k, d=None: getattr(interval, k, d))
    low, high = get("low"), get("high")
    if low is None or high is None:
        return None
    low, high = float(low), float(high)
    if not (math.isfinite(low) and math.isfinite(high)):
        return None
    return Span(low, high, float(get("level", 0.95) or 0.95), str(get("method", "") or ""))


def evaluation_spans(ev: Evaluation) -> tuple[Span | None, dict]:
    """The ROC AUC intervals an evaluation carries (``rocauc.evaluate`` adds DeLong's by default): that of
    ``ev.roc_auc`` (binary, or the macro average) and one per class (empty for binary problems)."""
    iv = ev.extras.get("intervals")
    if iv is None:
        return None, {}
    main = span_of(iv.averages.get("roc_auc", {}).get("binary" if ev.task == "binary" else "macro"))
    per_class = (
        {} if ev.task == "binary" else {label: span_of(ci) for label, ci in iv.per_class.get("roc_auc", {}).items()}
    )
    return main, per_class


def fmt_interval(span: Span | None, digits: int = 3) -> str:
    return "" if span is None else f"[{fmt(span.low, digits)}, {fmt(span.high, digits)}]"


def method_text(method: str) -> str:
    """The name of an interval method for a legend or a table header (``delong`` -> ``DeLong``)."""
    from ..stats.intervals import method_name

    return method_name(method)


def level_text(level: float) -> str:
    pct = level * 100
    return f"{pct:.0f}%" if abs(pct - round(pct)) < 1e-9 else f"{pct:g}%"


def problem_of(y_true: Any, y_score: Any, **kwargs: Any) -> Problem:
    return as_problem(y_true, y_score, **kwargs)


def evaluation_for_curves(problem: Problem, threshold: float | None = None) -> Evaluation:
    """``evaluate`` for drawing curves: scores that are neither probabilities nor logits have no default decision
    threshold, and curves do not need one, so their decision is computed at NaN (nothing predicted positive) unless
    a threshold is given. Never shown: the confusion matrix and threshold plots ask for a threshold instead."""
    if threshold is None and problem.score_kind == "score" and problem.task != "multiclass":
        threshold = float("nan")
    return evaluate_problem(problem, threshold=threshold)


def as_models(y_score: Any, default_name: str = "model") -> tuple[dict[str, Any], bool]:
    """``{name: scores}`` from one score array or a mapping; the flag says whether a mapping was given."""
    if isinstance(y_score, Mapping):
        if not y_score:
            raise ValueError("the mapping of model names to scores is empty; pass at least one model.")
        for name in y_score:
            if not isinstance(name, str):
                raise TypeError(f"model names must be strings, got {name!r} ({type(name).__name__}).")
        return dict(y_score), True
    return {default_name: y_score}, False
