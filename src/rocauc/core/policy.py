"""Rules written once and called everywhere (exact, streaming, statistics, Keras, reports).

- when a score is defined, and the warning that says why it is not;
- the decision rule ``score >= t`` read from a counts table (no pass over the raw scores);
- the averaging combinator: the mean of the defined values, plain or weighted.

The area formulas live in ``_scores`` (one function per area, shared by the batched bootstrap versions).
Option and scalar validation is the input boundary's and ``_validation``'s job.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from .counts import Counts
from .errors import UndefinedMetricWarning, warn
from .inputs import Problem, normalize

__all__ = ["defined", "undefined_reason", "warn_undefined", "combine", "at_threshold", "as_problem"]


def defined(P: float, N: float, needs_negatives: bool = True) -> bool:
    """Whether a score of a table with positive weight ``P`` and negative weight ``N`` is defined: every score
    needs positives; ROC scores also need negatives.

    >>> defined(3.0, 0.0), defined(3.0, 0.0, needs_negatives=False)
    (False, True)
    """
    return P > 0 and (N > 0 or not needs_negatives)


def undefined_reason(task: str, classes: Any, label: Any, P: float, N: float) -> str:
    """Why a score of one binary problem is undefined, in words that name the class concerned.

    >>> undefined_reason("binary", [0, 1], 1, 0.0, 5.0)
    'only one class is present in y_true (0)'
    """
    if task == "binary":
        present = classes[1] if N <= 0 else classes[0]
        return f"only one class is present in y_true ({present!r})"
    if label == "micro":
        return "there are no positive samples"
    return f"class {label!r} has {'no positive' if P <= 0 else 'only positive'} samples"


def warn_undefined(what: str, reasons: str, consequence: str) -> None:
    """The one warning for undefined scores: ``"{what} is undefined ({reasons}); {consequence}."``."""
    warn(f"{what} is undefined ({reasons}); {consequence}.", UndefinedMetricWarning)


def combine(values: Any, weights: Any = None, *, axis: int = 0, skip_undefined: bool = True) -> Any:
    """The averaging combinator (macro, weighted, label weights, pair prevalence, bootstrap replicates): the
    mean of ``values`` along ``axis``, weighted by ``weights`` when given (one weight per entry along ``axis``,
    or one per value).

    With ``skip_undefined`` (the averages of one data set) the undefined (NaN) values are left out, and the
    result is NaN only when none is defined or the weights of the defined ones sum to zero; for (k, m) values a
    row with a NaN is left out whole. Without it (bootstrap replicates, ``axis=1``) a NaN makes its mean NaN: a
    class undefined in a replicate makes the replicate undefined.

    >>> round(combine([0.8, float("nan"), 0.6]), 12), round(combine([0.8, 0.6], [3, 1]), 12)
    (0.7, 0.75)
    >>> combine([[0.8, float("nan")], [0.6, 0.7]], axis=1, skip_undefined=False).round(12).tolist()
    [nan, 0.65]
    """
    v = np.moveaxis(np.asarray(values, dtype=np.float64), axis, 0)
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    if w is not None:
        w = np.moveaxis(w, axis, 0) if w.ndim == v.ndim else w.reshape((-1,) + (1,) * (v.ndim - 1))
    if not skip_undefined:
        with np.errstate(invalid="ignore", divide="ignore"):
            out = v.mean(axis=0) if w is None else (v * w).sum(axis=0) / np.broadcast_to(w, v.shape).sum(axis=0)
        return float(out) if out.ndim == 0 else out
    ok = ~np.isnan(v) if v.ndim == 1 else ~np.isnan(v).reshape(v.shape[0], -1).any(axis=1)
    nan = float("nan") if v.ndim == 1 else np.full(v.shape[1:], np.nan)
    if not ok.any():
        return nan
    if w is not None:
        w = np.broadcast_to(w, v.shape)[ok] if w.ndim == v.ndim and w.shape == v.shape else w[ok]
        if not w.reshape(w.shape[0], -1)[:, 0].sum() > 0:
            return nan
    out = np.average(v[ok], axis=0, weights=None if w is None else (w if w.ndim == 1 else w[:, 0]))
    return float(out) if np.ndim(out) == 0 else out


def at_threshold(c: Counts, threshold: float) -> tuple[float, float]:
    """``(tp, fp)``: the positive and negative weight with ``score >= threshold`` (``score > threshold`` for a
    table with the Keras rule), read from the table in O(log n).

    >>> import numpy as np
    >>> from .counts import exact_counts
    >>> at_threshold(exact_counts(np.array([0, 1, 1], bool), np.array([0.2, 0.7, 0.4])), 0.4)
    (2.0, 0.0)
    """
    t = float(threshold)
    if np.isnan(t):
        return 0.0, 0.0
    ascending = c.thresholds[::-1]
    # rows whose threshold is >= t (the table's own rule says which rows predict positive at t)
    side: Literal["left", "right"] = "left" if c.rule == ">=" else "right"
    rows = ascending.size - int(np.searchsorted(ascending, t, side=side))
    if rows == 0:
        return 0.0, 0.0
    return float(c.tp[rows - 1]), float(c.fp[rows - 1])


def as_problem(y_true: Any, y_score: Any, what: str = "y_score", **normalize_kwargs: Any) -> Problem:
    """The one entry to the boundary for functions that take scores: raw arrays are normalized (once); an
    already normalized :class:`Problem`, or an evaluation that carries one (``rocauc.evaluate``'s result), is
    used as it is, so a report validates and sorts each model once. ``y_true`` may then be None; options that
    would change the problem (``pos_label``, ``labels``, ...) cannot be applied to it again.

    >>> p = as_problem([0, 1, 1], [0.2, 0.9, 0.4])
    >>> as_problem(None, p) is p
    True
    """
    problem = y_score if isinstance(y_score, Problem) else getattr(y_score, "problem", None)
    if not isinstance(problem, Problem):
        if y_true is None and what != "y_score":  # a named model of a report; else the boundary's own message
            raise ValueError(
                f"y_true is None but {what} is given as scores; pass the true labels (or an Evaluation "
                "from rocauc.evaluate)."
            )
        return normalize(y_true, y_score, **normalize_kwargs)
    # options that only check the input (``average`` against the task) do not change a normalized problem
    given = sorted(k for k, v in normalize_kwargs.items() if v is not None and v is not False and k != "average")
    if given:
        raise ValueError(
            f"{what} is already normalized (a Problem or an Evaluation), so {', '.join(given)} cannot "
            "be applied to it again; pass the raw scores with those options instead."
        )
    if y_true is not None:
        n = len(y_true) if hasattr(y_true, "__len__") else None
        if n is not None and n != problem.n_samples:
            raise ValueError(
                f"y_true has {n} samples but {what} was evaluated on {problem.n_samples}; pass the "
                "labels it was evaluated on, or y_true=None."
            )
    return problem
