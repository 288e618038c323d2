"""Rules written once and called everywhere (exact, streaming, statistics, Keras, reports).

- when a score is defined, and the warning that says why it is not;
- the decision rule ``score >= t`` read from a counts table (no pass over the raw scores);
- the averaging combinator: the mean of the defined values, plain or weighted.

The area formulas live in ``_scores`` (one function per area, shared by the batched bootstrap versions).
Option and scalar validation is the input boundary's and ``_validation``'s job.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._counts import Counts
from ._errors import UndefinedMetricWarning, warn

__all__ = ["defined", "undefined_reason", "warn_undefined", "combine", "at_threshold"]


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


def combine(values: Any, weights: Any = None) -> float:
    """The averaging combinator: the mean of the defined (non-NaN) values, weighted by ``weights`` when given
    (support for ``"weighted"``, label weights, pair prevalence). NaN when no value is defined or the weights of
    the defined values sum to zero. ``values`` may be (k,) or (k, m) (one mean per column, rows with a NaN left
    out).

    >>> combine([0.8, float("nan"), 0.6]), combine([0.8, 0.6], [3, 1])
    (0.7000000000000001, 0.75)
    """
    v = np.asarray(values, dtype=np.float64)
    ok = ~np.isnan(v) if v.ndim == 1 else ~np.isnan(v).any(axis=1)
    nan = float("nan") if v.ndim == 1 else np.full(v.shape[1], np.nan)
    if not ok.any():
        return nan
    w = None
    if weights is not None:
        w = np.asarray(weights, dtype=np.float64)[ok]
        if not w.sum() > 0:
            return nan
    out = np.average(v[ok], axis=0, weights=w)
    return float(out) if v.ndim == 1 else out


def at_threshold(c: Counts, threshold: float) -> tuple[float, float]:
    """``(tp, fp)``: the positive and negative weight with ``score >= threshold`` (``score > threshold`` for a
    table with the Keras rule), read from the table in O(log n).

    >>> import numpy as np
    >>> from ._counts import exact_counts
    >>> at_threshold(exact_counts(np.array([0, 1, 1], bool), np.array([0.2, 0.7, 0.4])), 0.4)
    (2.0, 0.0)
    """
    t = float(threshold)
    if np.isnan(t):
        return 0.0, 0.0
    ascending = c.thresholds[::-1]
    # rows whose threshold is >= t (the table's own rule says which rows predict positive at t)
    side = "left" if c.rule == ">=" else "right"
    rows = ascending.size - int(np.searchsorted(ascending, t, side=side))
    if rows == 0:
        return 0.0, 0.0
    return float(c.tp[rows - 1]), float(c.fp[rows - 1])
