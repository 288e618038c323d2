"""Comparing classifiers: paired (same cases) and unpaired (two test sets) tests of an AUC difference, DeLong or
bootstrap, and all pairwise comparisons of several models with Holm's correction."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from ..core import validation as _validation
from ..core.decision import json_ready
from ..core.errors import UndefinedMetricWarning, warn
from ..core.inputs import Problem
from ..core.policy import as_problem
from ..core.scores import dot
from ..core.types import Labels, Scores, Weights
from . import bootstrap as bs
from .intervals import (
    Interval,
    ScoreSpec,
    _check_average,
    _check_resamples,
    _undefined_reason,
    check_level,
    delong_psi,
    drop_zero_weights,
    resampling_plan,
    rng_from,
    spec_for,
    strata,
    summarize,
)
from .roc_tests import student_t_quantile, student_t_sf, welch_df

__all__ = ["Comparison", "ComparisonTable", "compare", "holm"]

_ALTERNATIVES = ("two-sided", "greater", "less")
_CURVE_METHODS = ("venkatraman", "sensitivity", "specificity")
_METHODS = ("delong", "bootstrap") + _CURVE_METHODS
_NAN = float("nan")


@dataclass(frozen=True)
class Comparison:
    """The comparison of two classifiers' scores, returned by :func:`compare`.

    ``difference`` is ``estimate_a - estimate_b`` with its two-sided confidence interval; ``statistic`` is the z
    statistic and ``p_value`` its p-value under ``alternative`` ("greater": a is better). ``correlation`` is the
    correlation of the two estimates (paired DeLong; NaN otherwise).

    Examples
    --------
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
    >>> a = [0.1, 0.3, 0.7, 0.8, 0.4, 0.9, 0.2, 0.6, 0.5, 0.35]
    >>> c = compare(y, a, [0.2, 0.5, 0.6, 0.4, 0.3, 0.7, 0.6, 0.5, 0.9, 0.1])
    >>> c.name_a, c.name_b, c.paired, c.method, round(c.estimate_a, 2), round(c.estimate_b, 2)
    ('a', 'b', True, 'delong', 1.0, 0.84)
    """

    name_a: str
    name_b: str
    estimate_a: float
    estimate_b: float
    difference: Interval
    statistic: float
    p_value: float
    alternative: str
    method: str
    paired: bool
    metric: str = "ROC AUC"
    correlation: float = _NAN
    df: float = _NAN  # degrees of freedom of a Student t statistic (unpaired DeLong, as pROC); NaN for z

    @property
    def statistic_name(self) -> str:
        """``"z"`` (normal), ``"t"`` (Student, ``df`` degrees of freedom), ``"E"`` (Venkatraman's permutation
        statistic) or ``"D"`` (pROC's bootstrap statistic of a rate at a fixed point)."""
        if self.method == "venkatraman":
            return "E"
        if self.method in ("sensitivity", "specificity"):
            return "D"
        return "t" if np.isfinite(self.df) else "z"

    def __str__(self) -> str:
        design = "paired" if self.paired else "unpaired"
        df = f" (df = {self.df:.1f})" if np.isfinite(self.df) else ""
        method = {"delong": "DeLong", "venkatraman": "Venkatraman permutation"}.get(self.method, self.method)
        return (
            f"{self.name_a} vs {self.name_b}: {self.metric} {self.estimate_a:.4f} vs {self.estimate_b:.4f}, "
            f"difference {self.difference:.4f}, {self.statistic_name} = {self.statistic:.3f}{df}, "
            f"p = {self.p_value:.4g} ({design} {method}, {self.alternative})"
        )

    def to_dict(self) -> dict:
        return {
            "name_a": self.name_a,
            "name_b": self.name_b,
            "metric": self.metric,
            "estimate_a": json_ready(self.estimate_a),
            "estimate_b": json_ready(self.estimate_b),
            "difference": self.difference.to_dict(),
            "statistic": json_ready(self.statistic),
            "p_value": json_ready(self.p_value),
            "alternative": self.alternative,
            "method": self.method,
            "paired": self.paired,
            "correlation": json_ready(self.correlation),
            "statistic_name": self.statistic_name,
            "df": json_ready(self.df),
        }


@dataclass(frozen=True)
class ComparisonTable:
    """All pairwise comparisons of several models on the same cases, with p-values adjusted for multiple testing
    (Holm's step-down method, which controls the family-wise error rate). ``intervals`` holds each model's own
    interval. Index it by position or by a pair of names.

    Examples
    --------
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
    >>> table = compare(y, {"a": [0.1, 0.3, 0.7, 0.8, 0.4, 0.9, 0.2, 0.6, 0.5, 0.35],
    ...                     "b": [0.2, 0.5, 0.6, 0.4, 0.3, 0.7, 0.6, 0.5, 0.9, 0.1],
    ...                     "c": [0.5, 0.4, 0.6, 0.3, 0.2, 0.8, 0.1, 0.7, 0.6, 0.3]})
    >>> [(c.name_a, c.name_b) for c in table], [round(p, 3) for p in table.p_adjusted]
    ([('a', 'b'), ('a', 'c'), ('b', 'c')], [0.667, 0.723, 0.723])
    >>> table["a", "b"].estimate_a
    1.0
    """

    comparisons: tuple[Comparison, ...]
    p_adjusted: tuple[float, ...]
    intervals: Mapping[str, Interval]
    correction: str = "holm"

    def __iter__(self):
        return iter(self.comparisons)

    def __len__(self) -> int:
        return len(self.comparisons)

    def __getitem__(self, key: int | tuple[str, str]) -> Comparison:
        if isinstance(key, tuple):
            for c in self.comparisons:
                if (c.name_a, c.name_b) == key:
                    return c
            raise KeyError(f"no comparison {key!r}; the pairs are {[(c.name_a, c.name_b) for c in self]}")
        return self.comparisons[key]

    def adjusted(self, key: int | tuple[str, str]) -> float:
        """Holm-adjusted p-value of one comparison."""
        c = self[key]
        return self.p_adjusted[self.comparisons.index(c)]

    def significant(self, alpha: float = 0.05) -> list[tuple[str, str]]:
        """Pairs whose Holm-adjusted p-value is below ``alpha``."""
        return [(c.name_a, c.name_b) for c, p in zip(self.comparisons, self.p_adjusted) if p < alpha]

    def __str__(self) -> str:
        name = self.comparisons[0].statistic_name if self.comparisons else "z"
        rows = [("model a", "model b", "difference [interval]", name, "p", f"p ({self.correction})")]
        for c, p in zip(self.comparisons, self.p_adjusted):
            rows.append(
                (c.name_a, c.name_b, f"{c.difference:+.4f}", f"{c.statistic:.3f}", f"{c.p_value:.4g}", f"{p:.4g}")
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
        models = ", ".join(f"{name} {ci:.4f}" for name, ci in self.intervals.items())
        first = self.comparisons[0] if self.comparisons else None
        head = f"{first.metric}: {models}" if first else models
        return "\n".join([head] + lines)

    def to_dict(self) -> dict:
        return {
            "correction": self.correction,
            "intervals": {k: v.to_dict() for k, v in self.intervals.items()},
            "comparisons": [
                dict(c.to_dict(), p_adjusted=json_ready(p)) for c, p in zip(self.comparisons, self.p_adjusted)
            ],
        }


def holm(p_values: Any) -> np.ndarray:
    """Holm's step-down adjusted p-values (the k-th smallest times m - k + 1, kept monotone, at most 1).

    >>> holm([0.01, 0.04, 0.03]).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p_values, dtype=np.float64)
    m = p.size
    order = np.argsort(p, kind="stable")
    scaled = np.minimum(1.0, (m - np.arange(m)) * p[order])
    adjusted = np.empty(m)
    adjusted[order] = np.maximum.accumulate(np.where(np.isnan(scaled), 1.0, scaled))
    adjusted[np.isnan(p)] = np.nan
    return adjusted


def _p_value(z: float, alternative: str) -> float:
    if not np.isfinite(z) and not np.isinf(z):
        return _NAN
    if alternative == "two-sided":
        return min(1.0, 2.0 * bs.normal_sf(abs(z)))
    return bs.normal_sf(z) if alternative == "greater" else bs.normal_sf(-z)


def _t_p_value(t: float, df: float, alternative: str) -> float:
    if alternative == "two-sided":
        return min(1.0, 2.0 * student_t_sf(abs(t), df))
    return student_t_sf(t, df) if alternative == "greater" else student_t_sf(-t, df)


def _z_test(diff: float, se: float, alternative: str, names: tuple[str, str]) -> tuple[float, float]:
    if not np.isfinite(se) or not np.isfinite(diff):
        return _NAN, _NAN
    if se == 0:
        warn(
            f"the variance of the difference between {names[0]} and {names[1]} is zero (the two rank the cases the "
            "same way, or both perfectly); there is no evidence of a difference: z = 0, p = 1"
            + ("" if diff == 0 else f" although the estimates differ by {diff:.3g}")
            + ".",
            UndefinedMetricWarning,
        )
        return (0.0, 1.0) if diff == 0 else (math.copysign(math.inf, diff), 0.0)
    z = diff / se
    return z, _p_value(z, alternative)


def _normal_difference(diff: float, se: float, level: float) -> Interval:
    zq = bs.normal_quantile(0.5 + level / 2.0)
    return Interval(diff, max(-1.0, diff - zq * se), min(1.0, diff + zq * se), level, "delong", se)


# ------------------------------------------------------------------------------------------------- inputs


def _problem(y_true: Any, score: Any, weight: Any, kw: dict, what: str) -> Problem:
    try:
        return drop_zero_weights(as_problem(y_true, score, what, sample_weight=weight, **kw))
    except (ValueError, TypeError) as exc:
        raise type(exc)(f"{what}: {exc}") from None


def _paired_problems(
    y_true: Any, scores: Mapping[str, Any], weight: Any, kw: dict, average: Any, multi_class: str
) -> tuple[list[Problem], Any]:
    problems = [_problem(y_true, s, weight, kw, f"scores of {name!r}") for name, s in scores.items()]
    first = problems[0]  # the same y_true: the same task and classes for every model
    average = _check_average(first, average, multi_class)
    if first.task != "binary" and average is None:
        raise ValueError("a comparison needs one number per model: pass average='macro', 'weighted' or 'micro'.")
    return problems, average


def _warn_excluded(problem: Problem, spec: ScoreSpec, excluded: list, average: Any) -> None:
    if not excluded:
        return
    reasons = "; ".join(_undefined_reason(problem, lab, P, N) for lab, P, N in excluded)
    if problem.task == "binary":
        warn(f"{spec.name} is undefined: {reasons}; the comparison is NaN.", UndefinedMetricWarning)
    else:
        warn(
            f"{spec.name} is undefined for classes {[e[0] for e in excluded]} ({reasons}); they are left out of the "
            f"{average} average of every model.",
            UndefinedMetricWarning,
        )


def _oriented(problems: list[Problem], spec: ScoreSpec) -> list[Problem]:
    return problems if spec.orient is None else [spec.orient(p) for p in problems]


# ------------------------------------------------------------------------------------------------- DeLong


def _delong_table(
    problems: list[Problem], names: list[str], average: Any, level: float, alternative: str, spec: ScoreSpec
) -> tuple[list[Comparison], dict[str, Interval]]:
    estimates, psis = [], []
    psi_of = spec.psi or delong_psi
    for i, p in enumerate(problems):
        est, psi, excluded = psi_of(p, average)
        if i == 0:
            _warn_excluded(p, spec, excluded, average)
        estimates.append(est)
        psis.append(psi)
    intervals = {}
    zq = bs.normal_quantile(0.5 + level / 2.0)
    for name, est, psi in zip(names, estimates, psis):
        se = math.sqrt(dot(psi, psi))
        intervals[name] = Interval(est, max(0.0, est - zq * se), min(1.0, est + zq * se), level, "delong", se)
    if any(not np.isfinite(ci.std_error) and np.isfinite(ci.estimate) for ci in intervals.values()):
        warn(
            "DeLong's variance needs at least two positive and two negative samples of every class; the comparison "
            "is NaN. Use method='bootstrap' or more data.",
            UndefinedMetricWarning,
        )
    out = []
    for i in range(len(problems)):
        for j in range(i + 1, len(problems)):
            d = psis[i] - psis[j]
            se = math.sqrt(dot(d, d))
            diff = estimates[i] - estimates[j]
            z, p_value = _z_test(diff, se, alternative, (names[i], names[j]))
            va, vb = intervals[names[i]].std_error, intervals[names[j]].std_error
            corr = dot(psis[i], psis[j]) / (va * vb) if va > 0 and vb > 0 else _NAN
            out.append(
                Comparison(
                    names[i],
                    names[j],
                    estimates[i],
                    estimates[j],
                    _normal_difference(diff, se, level),
                    z,
                    p_value,
                    alternative,
                    "delong",
                    True,
                    spec.name,
                    corr,
                )
            )
    return out, intervals


# ------------------------------------------------------------------------------------------------- bootstrap


def _bootstrap_table(
    problems: list[Problem],
    names: list[str],
    average: Any,
    level: float,
    alternative: str,
    spec: ScoreSpec,
    n_resamples: int,
    rng: np.random.Generator,
    kind: str,
    stratified: bool | None,
    progress: bool | None,
) -> tuple[list[Comparison], dict[str, Interval]]:
    draws, position = strata(problems[0], stratified)
    plans = [resampling_plan(p, spec, average, position) for p in problems]
    _warn_excluded(problems[0], spec, plans[0].excluded, average)
    width = max(plan.width for plan in plans)

    def values_of(mult):
        return np.concatenate([plan.values(mult) for plan in plans], axis=1)

    if not all(plan.tables for plan in plans):
        nan = Interval(_NAN, _NAN, _NAN, level, f"bootstrap-{kind}")
        intervals = {name: nan for name in names}
        return [
            Comparison(names[i], names[j], _NAN, _NAN, nan, _NAN, _NAN, alternative, "bootstrap", True, spec.name)
            for i in range(len(names))
            for j in range(i + 1, len(names))
        ], intervals
    estimates = values_of(np.ones((1, draws.n_samples), dtype=np.int64))[0]
    values = bs.bootstrap(draws, values_of, width, n_resamples, rng, progress)
    jack = bs.jackknife(draws.n_samples, values_of, width, rng) if kind == "bca" else None
    intervals = dict(zip(names, summarize(values, estimates, jack, level, kind, names, spec.name)))
    out = []
    for i in range(len(problems)):
        for j in range(i + 1, len(problems)):
            diff_values = values[:, i : i + 1] - values[:, j : j + 1]
            diff_jack = None if jack is None else jack[:, i : i + 1] - jack[:, j : j + 1]
            diff = float(estimates[i] - estimates[j])
            ci = summarize(
                diff_values, np.array([diff]), diff_jack, level, kind, ["difference"], f"the {spec.name} difference"
            )[0]
            z, p = _z_test(diff, ci.std_error, alternative, (names[i], names[j]))
            out.append(
                Comparison(
                    names[i],
                    names[j],
                    float(estimates[i]),
                    float(estimates[j]),
                    ci,
                    z,
                    p,
                    alternative,
                    "bootstrap",
                    True,
                    spec.name,
                )
            )
    return out, intervals


def _unpaired(
    pa: Problem,
    pb: Problem,
    names: tuple[str, str],
    average_a: Any,
    average_b: Any,
    method: str,
    level: float,
    alternative: str,
    spec: ScoreSpec,
    n_resamples: int,
    rng: np.random.Generator | None,
    kind: str,
    stratified: bool | None,
    progress: bool | None,
) -> Comparison:
    if method == "delong":
        psi_of = spec.psi or delong_psi
        ea, psia, exa = psi_of(pa, average_a)
        eb, psib, exb = psi_of(pb, average_b)
        _warn_excluded(pa, spec, exa, average_a)
        _warn_excluded(pb, spec, exb, average_b)
        var_a, var_b = dot(psia, psia), dot(psib, psib)
        se = math.sqrt(var_a + var_b)
        diff = ea - eb
        if np.isfinite(diff) and not np.isfinite(se):
            warn(
                "DeLong's variance needs at least two positive and two negative samples of every class in each "
                "test set; the comparison is NaN. Use method='bootstrap' or more data.",
                UndefinedMetricWarning,
            )
        # as pROC: the statistic D is referred to Student's t with Welch-Satterthwaite degrees of freedom
        df = welch_df(var_a, var_b, pa.n_samples, pb.n_samples) if np.isfinite(se) else _NAN
        t, p = _z_test(diff, se, alternative, names)
        if np.isfinite(t) and np.isfinite(df):
            p = _t_p_value(t, df, alternative)
        tq = student_t_quantile(0.5 + level / 2.0, df) if np.isfinite(df) else _NAN
        ci = Interval(diff, max(-1.0, diff - tq * se), min(1.0, diff + tq * se), level, "delong-welch-t", se)
        return Comparison(names[0], names[1], ea, eb, ci, t, p, alternative, "delong", False, spec.name, df=df)
    assert rng is not None  # the bootstrap branch: compare() made the generator
    results = []
    for problem, average in ((pa, average_a), (pb, average_b)):
        draws, position = strata(problem, stratified)
        plan = resampling_plan(problem, spec, average, position)
        _warn_excluded(problem, spec, plan.excluded, average)
        if not plan.tables:
            nan = Interval(_NAN, _NAN, _NAN, level, f"bootstrap-{kind}")
            return Comparison(
                names[0], names[1], _NAN, _NAN, nan, _NAN, _NAN, alternative, "bootstrap", False, spec.name
            )
        estimate = plan.values(np.ones((1, draws.n_samples), dtype=np.int64))[0, 0]
        values = bs.bootstrap(draws, plan.values, plan.width, n_resamples, rng, progress)[:, 0]
        jack = bs.jackknife(draws.n_samples, plan.values, plan.width, rng)[:, 0] if kind == "bca" else None
        results.append((estimate, values, jack))
    (ea, va, ja), (eb, vb, jb) = results
    diff = float(ea - eb)
    # independent samples: the replicates of the difference pair the i-th replicates of each set
    diff_values = (va - vb)[:, None]
    jack = None
    if kind == "bca":
        assert ja is not None and jb is not None  # computed above for kind="bca"
        jack = _stacked_jackknife(ja, jb)
    ci = summarize(diff_values, np.array([diff]), jack, level, kind, ["difference"], f"the {spec.name} difference")[0]
    z, p = _z_test(diff, ci.std_error, alternative, names)
    return Comparison(names[0], names[1], float(ea), float(eb), ci, z, p, alternative, "bootstrap", False, spec.name)


def _stacked_jackknife(ja: np.ndarray, jb: np.ndarray) -> np.ndarray:
    """Jackknife values of ``a - b`` for independent sets: leaving out a case of a changes only a, of b only b."""
    ma, mb = np.nanmean(ja), np.nanmean(jb)
    return np.concatenate([ja - mb, ma - jb])[:, None]


# ------------------------------------------------------------------------------------------------- public

_UNSET: Any = object()


def _renamed_scores(y_score: Any, y_score_b: Any, score_a: Any, score_b: Any) -> tuple[Any, Any]:
    """``y_score`` and ``y_score_b`` from the current or the deprecated keywords (``score_a``, ``score_b``)."""
    from ..core.errors import deprecated

    for old, new, value in (("score_a", "y_score", score_a), ("score_b", "y_score_b", score_b)):
        if value is _UNSET:
            continue
        deprecated(f"compare({old}=...)", f"{new}=", "the names of scikit-learn's metrics")
        current = y_score if new == "y_score" else y_score_b
        if current is not None:
            raise TypeError(f"compare got both {new} and its deprecated spelling {old}; pass {new} only.")
        if new == "y_score":
            y_score = value
        else:
            y_score_b = value
    if y_score is None:
        raise TypeError(
            "compare needs the scores: compare(y_true, y_score, y_score_b) or compare(y_true, {name: scores})."
        )
    return y_score, y_score_b


@overload
def compare(y_true: Labels, y_score: Mapping[str, Any], y_score_b: None = None, **kwargs: Any) -> ComparisonTable: ...
@overload
def compare(y_true: Labels, y_score: Scores, y_score_b: Scores, **kwargs: Any) -> Comparison: ...


def compare(  # type: ignore[misc]  # the overloads abbreviate the keyword-only options as **kwargs
    y_true: Labels,
    y_score: Scores = None,  # type: ignore[assignment]  # or {name: scores}; None only with the deprecated score_a=
    y_score_b: Scores | None = None,
    *,
    method: str = "delong",
    alternative: str = "two-sided",
    level: float = 0.95,
    metric: str = "roc_auc",
    max_fpr: float | None = None,
    fpr: tuple[float, float] | None = None,
    tpr: tuple[float, float] | None = None,
    standardized: bool = False,
    at: float | None = None,
    average: str | None = "macro",
    multi_class: str = "ovr",
    y_true_b: Any = None,
    sample_weight: Weights = None,
    sample_weight_b: Any = None,
    labels: Any = None,
    pos_label: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    names: tuple[str, str] | None = None,
    n_resamples: int = 2000,
    random_state: Any = None,
    bootstrap_interval: str = "percentile",
    stratified: bool | None = None,
    progress: bool | None = None,
    score_a: Any = _UNSET,
    score_b: Any = _UNSET,
) -> Comparison | ComparisonTable:
    """Compare classifiers by their AUC (or ``metric="average_precision"``/``"pr_auc"``, bootstrap only).

    - ``compare(y, y_score, y_score_b)``: paired comparison of two classifiers on the same cases. DeLong's test
      (default) uses the covariance of the two AUCs; ``method="bootstrap"`` resamples the cases once for both.
    - ``compare(y, y_score, y_score_b, y_true_b=y2)``: unpaired, ``y_score_b`` scored on another test set ``y2``
      (with ``sample_weight_b``); the variances add.
    - ``compare(y, {"cnn": p1, "gbm": p2, "lr": p3})``: every pair, as a :class:`ComparisonTable` with
      Holm-adjusted p-values.

    ``fpr=(a, b)`` or ``tpr=(a, b)`` (with ``standardized=``) compare partial AUCs (see
    :func:`rocauc.partial_auc`): DeLong-type tests from their influence values, or the bootstrap.

    ``method="venkatraman"``: Venkatraman's permutation test that the two whole ROC curves are equal (paired, or
    unpaired with ``y_true_b``; ``n_resamples`` permutations). ``method="sensitivity"`` with ``at=`` a specificity
    (or ``"specificity"`` with ``at=`` a sensitivity): the bootstrap test of the rates at that point (pROC's
    ``roc.test(method="sensitivity", specificity=...)``). The unpaired DeLong test refers its statistic to Student's
    t with Welch-Satterthwaite degrees of freedom (``Comparison.df``), as pROC does.

    ``alternative="greater"`` tests that a's score is higher. The difference ``a - b`` comes with its two-sided
    interval at ``level``. Multi-class and multi-label scores compare their ``average`` (macro and weighted with
    DeLong; micro too with the bootstrap).

    Parameters
    ----------
    y_true : array-like
        True labels, as for :func:`roc_auc`.
    y_score : array-like or dict
        The first classifier's scores, or ``{name: scores}`` of two or more classifiers (then omit ``y_score_b``).
    y_score_b : array-like, optional
        The second classifier's scores (``y_score_b``, ``y_true_b`` and ``sample_weight_b`` describe model b).
    method : {"delong", "bootstrap", "venkatraman", "sensitivity", "specificity"}, default "delong"
        The test (the last three compare binary ROC curves: whole curves by permutation, or the rates at ``at``).
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        The alternative hypothesis about ``a - b``.
    level : float, default 0.95
        Confidence level of the interval of the difference.
    metric : {"roc_auc", "average_precision", "pr_auc"}, default "roc_auc"
        What is compared (the last two with the bootstrap only).
    max_fpr, average, multi_class, labels, pos_label, sample_weight, from_logits, task
        As for :func:`roc_auc`.
    fpr, tpr, standardized : optional
        Compare partial AUCs over this range (as for :func:`partial_auc`).
    at : float, optional
        The specificity (``method="sensitivity"``) or sensitivity (``method="specificity"``) of the comparison.
    y_true_b, sample_weight_b : array-like, optional
        Labels (and weights) of another test set on which ``y_score_b`` was scored: an unpaired comparison.
    names : tuple of two str, optional
        Names of the two classifiers (default ``("a", "b")``).
    n_resamples, random_state, bootstrap_interval, stratified, progress
        Bootstrap options, as for :func:`roc_auc_ci`.
    score_a, score_b : array-like, optional
        Deprecated spellings of ``y_score`` and ``y_score_b``.

    Returns
    -------
    Comparison or ComparisonTable
        One :class:`Comparison`, or a :class:`ComparisonTable` of every pair for a dict of classifiers.

    Examples
    --------
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0]
    >>> a = [0.1, 0.3, 0.7, 0.8, 0.4, 0.9, 0.2, 0.6, 0.5, 0.35]
    >>> b = [0.2, 0.5, 0.6, 0.4, 0.3, 0.7, 0.6, 0.5, 0.9, 0.1]
    >>> c = compare(y, a, b)
    >>> round(c.difference.estimate, 2), round(c.p_value, 3)
    (0.16, 0.222)
    """
    y_score, y_score_b = _renamed_scores(y_score, y_score_b, score_a, score_b)
    level = check_level(level)
    alternative = _validation.choice(alternative, "alternative", _ALTERNATIVES)
    method = _validation.choice(method, "method", _METHODS)
    if method in _CURVE_METHODS:
        from .roc_tests import compare_curves

        return compare_curves(
            y_true,
            y_score,
            y_score_b,
            method=method,
            at=at,
            alternative=alternative,
            level=level,
            y_true_b=y_true_b,
            sample_weight=sample_weight,
            sample_weight_b=sample_weight_b,
            labels=labels,
            pos_label=pos_label,
            from_logits=from_logits,
            task=task,
            names=names,
            n_resamples=n_resamples,
            random_state=random_state,
            progress=progress,
            other=dict(metric=metric, max_fpr=max_fpr, fpr=fpr, tpr=tpr),
        )
    if at is not None:
        raise ValueError(
            "at= is the fixed specificity (method='sensitivity') or sensitivity (method='specificity') "
            f"of a test at one point; method={method!r} takes none."
        )
    bootstrap_interval = _validation.choice(bootstrap_interval, "bootstrap_interval", ("percentile", "bca"))
    spec = spec_for(metric, max_fpr)
    if fpr is not None or tpr is not None:
        from .partial import partial_spec, region_from

        if metric != "roc_auc" or max_fpr is not None:
            raise ValueError(
                "fpr=/tpr= choose a partial ROC AUC; they do not combine with max_fpr= or another "
                f"metric (got metric={metric!r}, max_fpr={max_fpr!r})."
            )
        spec = partial_spec(region_from(fpr, tpr, standardized))
    if method == "delong" and not (spec.delong or spec.psi):
        raise ValueError(
            f"DeLong's test applies to the full ROC AUC only, not to the {spec.name}; use method='bootstrap'."
        )
    if method == "bootstrap":
        n_resamples = _check_resamples(n_resamples)
    rng = rng_from(random_state) if method == "bootstrap" else None
    kw = dict(pos_label=pos_label, labels=labels, from_logits=from_logits, task=task)

    if isinstance(y_score, Mapping):
        if y_score_b is not None or y_true_b is not None:
            raise ValueError("pass either a mapping of several models' scores, or y_score and y_score_b; not both.")
        if len(y_score) < 2:
            raise ValueError(f"comparing models needs at least two; got {len(y_score)} in the mapping.")
        model_names = [str(k) for k in y_score]
        problems, average = _paired_problems(y_true, y_score, sample_weight, kw, average, multi_class)
        problems = _oriented(problems, spec)
        if method == "delong":
            rows, intervals = _delong_table(problems, model_names, average, level, alternative, spec)
        else:
            assert rng is not None  # method="bootstrap"
            rows, intervals = _bootstrap_table(
                problems,
                model_names,
                average,
                level,
                alternative,
                spec,
                n_resamples,
                rng,
                bootstrap_interval,
                stratified,
                progress,
            )
        adjusted = holm([c.p_value for c in rows])
        return ComparisonTable(tuple(rows), tuple(float(p) for p in adjusted), intervals)

    if y_score_b is None:
        raise TypeError("compare needs two scores (y_score, y_score_b) or a mapping of several models' scores.")
    given = tuple(names) if names is not None else ("a", "b")
    if len(given) != 2:
        raise ValueError(f"names must hold two names, got {given!r}.")
    names = (given[0], given[1])
    if y_true_b is None:
        if sample_weight_b is not None:
            raise ValueError(
                "sample_weight_b applies to an unpaired comparison (with y_true_b); for paired scores "
                "the cases and their weights are shared: pass sample_weight only."
            )
        problems, average = _paired_problems(
            y_true, {names[0]: y_score, names[1]: y_score_b}, sample_weight, kw, average, multi_class
        )
        problems = _oriented(problems, spec)
        if method == "delong":
            rows, _ = _delong_table(problems, list(names), average, level, alternative, spec)
        else:
            assert rng is not None  # method="bootstrap"
            rows, _ = _bootstrap_table(
                problems,
                list(names),
                average,
                level,
                alternative,
                spec,
                n_resamples,
                rng,
                bootstrap_interval,
                stratified,
                progress,
            )
        return rows[0]
    pa = _problem(y_true, y_score, sample_weight, kw, f"test set of {names[0]!r}")
    pb = _problem(y_true_b, y_score_b, sample_weight_b, kw, f"test set of {names[1]!r}")
    if pa.task != pb.task:
        raise ValueError(
            f"the two test sets describe different problems ({pa.task} and {pb.task}); compare scores of the same task."
        )
    average_a = _check_average(pa, average, multi_class)
    average_b = _check_average(pb, average, multi_class)
    if pa.task != "binary" and average_a is None:
        raise ValueError("a comparison needs one number per model: pass average='macro', 'weighted' or 'micro'.")
    pa, pb = _oriented([pa, pb], spec)
    return _unpaired(
        pa,
        pb,
        names,
        average_a,
        average_b,
        method,
        level,
        alternative,
        spec,
        n_resamples if method == "bootstrap" else 0,
        rng,
        bootstrap_interval,
        stratified,
        progress,
    )
