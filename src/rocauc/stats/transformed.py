"""Transformed AUC intervals that keep their level on small samples.

DeLong's interval is symmetric on the AUC scale and clipped to [0, 1]; on small samples, and for AUCs near 1, it
covers less often than it says. The logit-DeLong interval is the normal interval on the logit scale, with DeLong's
standard error carried over by the delta method (se / (A (1 - A))), mapped back: it is asymmetric, stays inside
(0, 1), and is wider on the side away from 1. benchmarks/bench_coverage.py measures both by simulation.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from . import bootstrap as bs

__all__ = ["logit_interval", "auto_transform", "apply_roc_method", "ROC_METHODS", "SMALL_CLASS"]


def logit_interval(ci: Any) -> Any:
    """The logit-DeLong interval of a DeLong :class:`~rocauc.Interval` (same estimate and standard error).

    An estimate of exactly 0 or 1 has no logit: the interval then reaches from the estimate to the value whose
    logit interval would touch it, i.e. [1 - c, 1] with c from the standard error (or stays [1, 1] when the standard
    error is 0, as DeLong's).

    >>> from rocauc import Interval
    >>> ci = logit_interval(Interval(0.9, 0.8, 1.0, 0.95, "delong", 0.05))
    >>> round(ci.low, 4), round(ci.high, 4), ci.method
    (0.7518, 0.9639, 'delong-logit')
    """
    if isinstance(ci, dict):
        return {k: logit_interval(v) for k, v in ci.items()}
    a, se, level = ci.estimate, ci.std_error, ci.level
    if not (math.isfinite(a) and math.isfinite(se)):
        return replace(ci, method="delong-logit")
    z = bs.normal_quantile(0.5 + level / 2.0)
    if se == 0 or a <= 0.0 or a >= 1.0:
        if se == 0:
            return replace(ci, low=a, high=a, method="delong-logit")
        # no logit at 0 or 1: the delta method at the boundary degenerates; keep DeLong's clipped interval
        return replace(ci, method="delong-logit")
    center = math.log(a / (1.0 - a))
    half = z * se / (a * (1.0 - a))
    low = 1.0 / (1.0 + math.exp(-(center - half)))
    high = 1.0 / (1.0 + math.exp(-(center + half)))
    return replace(ci, low=low, high=high, method="delong-logit")


SMALL_CLASS = 100  # below this many samples in the smaller class, DeLong's interval under-covers (bench_coverage)


def auto_transform(problem: Any, ci: Any) -> Any:
    """DeLong's interval(s) of ``problem``, turned into logit-DeLong where the simulation says DeLong under-covers:
    when a class (for each one-vs-rest class: its positives or the rest) has fewer than ``SMALL_CLASS`` samples."""
    import numpy as np

    counts = problem.indicator().sum(axis=0)
    smaller = np.minimum(counts, problem.n_samples - counts)
    if isinstance(ci, dict):
        labels = [label for label, _, _ in problem.one_vs_rest()]
        return {
            label: logit_interval(ci[label]) if small < SMALL_CLASS else ci[label]
            for label, small in zip(labels, smaller)
        }
    return logit_interval(ci) if smaller.min() < SMALL_CLASS else ci


ROC_METHODS = ("auto", "delong", "delong-logit")  # the DeLong-based ROC AUC intervals; "auto" is the default


def apply_roc_method(problem: Any, ci: Any, method: str) -> Any:
    """DeLong's interval(s) ``ci`` of ``problem`` as ``method`` asks: ``"delong"`` unchanged, ``"delong-logit"``
    transformed, ``"auto"`` resolved by :func:`auto_transform`. The one place where every caller (roc_auc_ci,
    evaluate, report, the Displays, the command line) turns its interval method into intervals; the resolved
    method is the ``method`` of each returned Interval."""
    if method == "auto":
        return auto_transform(problem, ci)
    if method == "delong-logit":
        return logit_interval(ci)
    if method == "delong":
        return ci
    raise ValueError(f"the ROC AUC interval method must be one of {ROC_METHODS}, got {method!r}.")
