"""Confidence intervals: DeLong (fast, on the counts table), stratified bootstrap (percentile and BCa) by counting,
and Wilson intervals for proportions."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from ..core import validation as _validation
from ..core.counts import exact_counts
from ..core.errors import UndefinedMetricWarning, warn
from ..core.inputs import Problem, _py
from ..core.policy import as_problem, combine
from ..core.types import Labels, Scores, Weights
from . import bootstrap as bs
from .delong import Layout, delong_variance, dot, influence, layout

__all__ = [
    "Interval",
    "roc_auc_ci",
    "average_precision_ci",
    "pr_auc_ci",
    "wilson_interval",
    "ScoreSpec",
    "ROC_AUC_SPEC",
    "spec_for",
    "check_level",
    "rng_from",
    "drop_zero_weights",
    "strata",
    "resampling_plan",
    "delong_psi",
    "delong_interval_of_problem",
]


# ------------------------------------------------------------------------------------------------- result


@dataclass(frozen=True)
class Interval:
    """An estimate with its confidence interval.

    ``method`` is ``"delong"``, ``"delong-logit"``, ``"bootstrap-percentile"``, ``"bootstrap-bca"`` or
    ``"wilson"``; ``str()`` prints it with the level. ``std_error`` is
    the standard error (DeLong's, or the standard deviation of the bootstrap replicates; NaN for Wilson).
    ``n_undefined`` counts bootstrap resamples in which the score was undefined (a class lost); they are left out
    of the ``n_resamples`` used.

    Examples
    --------
    >>> ci = Interval(0.8712, 0.8431, 0.8993, 0.95, "delong", 0.0143)
    >>> print(f"AUC {ci:.2f}")
    AUC 0.87 [0.84, 0.90]
    >>> print(ci)
    0.871 [0.843, 0.899] (95% DeLong)
    >>> 0.85 in ci
    True
    """

    estimate: float
    low: float
    high: float
    level: float
    method: str
    std_error: float = float("nan")
    n_resamples: int = 0
    n_undefined: int = 0

    @property
    def width(self) -> float:
        return self.high - self.low

    def __contains__(self, value: float) -> bool:
        return bool(self.low <= value <= self.high)

    def __format__(self, spec: str) -> str:
        spec = spec or ".3f"
        if math.isnan(self.low) and math.isnan(self.high):  # no interval (e.g. Venkatraman's test): the estimate
            return format(self.estimate, spec)
        return f"{format(self.estimate, spec)} [{format(self.low, spec)}, {format(self.high, spec)}]"

    def __str__(self) -> str:
        """The estimate, its interval, the level and the method that computed it:
        ``0.875 [0.560, 0.976] (95% logit-DeLong)``."""
        if math.isnan(self.low) and math.isnan(self.high):
            return format(self, "")
        pct = self.level * 100
        level = f"{pct:.0f}%" if abs(pct - round(pct)) < 1e-9 else f"{pct:g}%"
        return f"{format(self, '')} ({level} {method_name(self.method)})"

    def to_dict(self) -> dict:
        def clean(v: float) -> float | None:
            return float(v) if np.isfinite(v) else None

        out = {
            "estimate": clean(self.estimate),
            "low": clean(self.low),
            "high": clean(self.high),
            "level": self.level,
            "method": self.method,
            "std_error": clean(self.std_error),
        }
        if self.method.startswith("bootstrap"):
            out.update(n_resamples=self.n_resamples, n_undefined=self.n_undefined)
        return out


_NAN = float("nan")

METHOD_NAMES = {
    "delong": "DeLong",
    "delong-logit": "logit-DeLong",
    "delong-welch-t": "DeLong, Welch t",
    "bootstrap-percentile": "bootstrap percentile",
    "bootstrap-bca": "bootstrap BCa",
    "wilson": "Wilson",
}


def method_name(method: str) -> str:
    """The printed name of an interval method (``"delong-logit"`` -> ``"logit-DeLong"``)."""
    return METHOD_NAMES.get(method, method)


def _nan_interval(estimate: float, level: float, method: str) -> Interval:
    return Interval(estimate, _NAN, _NAN, level, method)


# ------------------------------------------------------------------------------------------------- checks


def check_level(level: Any) -> float:
    return _validation.level(level)


def rng_from(random_state: Any) -> np.random.Generator:
    return _validation.random_state(random_state)


def _check_resamples(n_resamples: Any) -> int:
    return _validation.n_resamples(n_resamples)


# ------------------------------------------------------------------------------------------------- Wilson


def wilson_interval(
    successes: float, total: float, *, level: float = 0.95, effective_total: float | None = None
) -> Interval:
    """Wilson score interval of the proportion ``successes / total``.

    With sample weights pass the weighted counts and Kish's ``effective_total`` = (sum w)**2 / sum w**2 of the
    denominator's samples: the interval then uses that many samples. NaN when ``total`` is 0.

    Parameters
    ----------
    successes : float
        The (weighted) number of successes.
    total : float
        The (weighted) number of trials.
    level : float, default 0.95
        Confidence level.
    effective_total : float, optional
        Kish's effective sample size of weighted trials (by default ``total``).

    Returns
    -------
    Interval
        The proportion with its Wilson interval (method ``"wilson"``).

    Examples
    --------
    >>> ci = wilson_interval(8, 10)
    >>> round(ci.low, 4), round(ci.high, 4)
    (0.4902, 0.9433)
    """
    level = check_level(level)
    successes, total = _validation.proportion_counts(successes, total)
    if effective_total is not None:
        effective_total = _validation.number(
            effective_total, "effective_total", low=0, low_open=True, hint="Kish's effective number of samples"
        )
    if total <= 0:
        return _nan_interval(_NAN, level, "wilson")
    p = successes / total
    n = total if effective_total is None else effective_total
    z = bs.normal_quantile(0.5 + level / 2.0)
    z2 = z * z
    center = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(max(p * (1 - p) / n + z2 / (4 * n * n), 0.0))
    low = 0.0 if successes <= 0 else max(0.0, center - half)  # the exact roots at p = 0 and p = 1
    high = 1.0 if successes >= total else min(1.0, center + half)
    return Interval(p, low, high, level, "wilson")


# ------------------------------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class ScoreSpec:
    """A score computed from counts tables: its name, its batched form, and whether it needs negatives.
    ``replicates(table, mult)`` gives (score, positive weight) of each replicate; by default from the dense
    replicate tables and ``batched``."""

    name: str
    batched: Callable[[np.ndarray, np.ndarray], np.ndarray]
    needs_negatives: bool = True
    delong: bool = False  # DeLong applies (the full ROC AUC)
    direct: Callable[[bs.Table, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None
    psi: Callable[[Problem, Any], tuple[float, np.ndarray, list]] | None = None  # influence values (DeLong-type)
    orient: Callable[[Problem], Problem] | None = None  # the problem the tables are built on (partial AUC focus)

    def defined(self, P: float, N: float) -> bool:
        return P > 0 and (N > 0 or not self.needs_negatives)

    def replicates(self, t: bs.Table, mult: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.direct is not None:
            return self.direct(t, mult)
        dtp, dfp = bs.replicate_counts(t, mult)
        return self.batched(dtp, dfp), dtp.sum(axis=1, dtype=np.float64)


ROC_AUC_SPEC = ScoreSpec("ROC AUC", bs.batched_auc, True, True, bs.replicate_auc)
AP_SPEC = ScoreSpec("average precision", bs.batched_average_precision, False)
PR_AUC_SPEC = ScoreSpec("PR AUC", bs.batched_pr_auc, False)


def spec_for(metric: str, max_fpr: float | None = None) -> ScoreSpec:
    if metric == "roc_auc":
        max_fpr = _validation.max_fpr(max_fpr)
        if max_fpr is None or max_fpr == 1:
            return ROC_AUC_SPEC
        return ScoreSpec(
            f"partial ROC AUC (max_fpr={max_fpr})",
            partial(bs.batched_partial_auc, max_fpr=max_fpr),
            direct=partial(bs.replicate_partial_auc, max_fpr=max_fpr),
        )
    if max_fpr is not None:
        raise ValueError(f"max_fpr applies to the ROC AUC only, not to metric={metric!r}.")
    if metric == "average_precision":
        return AP_SPEC
    if metric == "pr_auc":
        return PR_AUC_SPEC
    raise ValueError(f"metric={metric!r} is not one of ('roc_auc', 'average_precision', 'pr_auc').")


def drop_zero_weights(problem: Problem) -> Problem:
    """The problem without zero-weight samples (they carry nothing, and must not count as drawn samples)."""
    w = problem.weight
    if w is None or (w > 0).all():
        return problem
    keep = w > 0
    return Problem(problem.task, problem.classes, problem.y[keep], problem.score[keep], w[keep], problem.score_kind)


def _check_average(problem: Problem, average: str | None, multi_class: str) -> str | None:
    if multi_class != "ovr":
        raise ValueError(
            f"intervals are computed for one-vs-rest averages (multi_class='ovr'); got multi_class={multi_class!r}."
        )
    if problem.task == "binary":
        return None
    allowed = (None, "macro", "weighted", "micro")
    if average not in allowed:
        raise ValueError(
            f"average={average!r} is not supported for intervals of {problem.task} problems; use one of {allowed}."
        )
    return average


def _class_label(problem: Problem, j: int) -> Any:
    return _py(problem.classes[j])


def _undefined_reason(problem: Problem, label: Any, P: float, N: float) -> str:
    if problem.task == "binary":
        present = _py(problem.classes[1] if N <= 0 else problem.classes[0])
        return f"only one class is present in y_true ({present!r})"
    return f"class {label!r} has {'no positive' if P <= 0 else 'only positive'} samples"


# ------------------------------------------------------------------------------------------------- DeLong


def _layouts(problem: Problem) -> list[tuple[Any, Layout]]:
    return [(label, layout(y, s, problem.weight)) for label, y, s in problem.one_vs_rest()]


def _binary_delong(y: np.ndarray, s: np.ndarray, w: np.ndarray | None) -> tuple[float, float]:
    """(AUC, DeLong variance) of one binary problem, on the counts table."""
    if w is None:
        return delong_variance(exact_counts(y, s))
    lay = layout(y, s, w)
    rp, wp = lay.row[y], w[y]
    rn, wn = lay.row[~y], w[~y]
    positive_sq = np.bincount(rp, weights=wp * wp, minlength=lay.n_rows)
    negative_sq = np.bincount(rn, weights=wn * wn, minlength=lay.n_rows)
    return delong_variance(lay.counts(), positive_sq, negative_sq, int(rp.size), int(rn.size))


def _delong_interval(auc: float, var: float, level: float) -> Interval:
    se = math.sqrt(var) if var >= 0 else _NAN
    z = bs.normal_quantile(0.5 + level / 2.0)
    return Interval(auc, max(0.0, auc - z * se), min(1.0, auc + z * se), level, "delong", se)


def _warn_too_few(problem: Problem, labels: list, counts: list[tuple[int, int]]) -> None:
    detail = "; ".join(
        f"{lab!r}: {m} positive, {n} negative" if problem.task != "binary" else f"{m} positive and {n} negative"
        for lab, (m, n) in zip(labels, counts)
    )
    what = "the interval is NaN" if problem.task == "binary" else f"NaN for classes {labels}"
    warn(
        f"DeLong's variance needs at least two positive and two negative samples ({detail}); {what}. "
        "Use method='bootstrap' or more data.",
        UndefinedMetricWarning,
    )


def delong_psi(problem: Problem, average: str | None) -> tuple[float, np.ndarray, list]:
    """(estimate, influence values per sample, undefined class labels) of the binary AUC or of the macro/weighted
    average of one-vs-rest AUCs; the variance is ``psi @ psi``. ``psi`` is NaN where the variance is undefined."""
    # class totals first, so that each class's influence values can be added in and dropped (memory: O(n))
    w = np.ones(problem.n_samples) if problem.weight is None else problem.weight
    indicator = problem.indicator()
    positives = w @ indicator if problem.weight is not None else indicator.sum(axis=0).astype(np.float64)
    total = float(w.sum())
    labels = [label for label, _, _ in problem.one_vs_rest()]
    counts = indicator.sum(axis=0)  # zero weights are dropped: a class is present iff it has samples
    n = problem.n_samples
    excluded = [(lab, float(P), total - float(P)) for lab, P, k in zip(labels, positives, counts) if not 0 < k < n]
    included = [j for j, k in enumerate(counts) if 0 < k < n]
    if not included:
        return _NAN, np.full(problem.n_samples, np.nan), excluded
    coefficient = (
        positives[included] / positives[included].sum()
        if average == "weighted"
        else np.full(len(included), 1.0 / len(included))
    )
    estimate = 0.0
    psi = np.zeros(problem.n_samples)
    for c, j in zip(coefficient, included):
        label, y, score = next(itertools.islice(problem.one_vs_rest(), j, None))
        inf = influence(layout(y, score, problem.weight))
        estimate += c * inf.auc
        psi += c * inf.psi
    return float(estimate), psi, excluded


def delong_interval_of_problem(problem: Problem, average: str | None, level: float) -> Interval | dict:
    """DeLong interval(s) of a normalized problem: binary, per class (``average=None``), macro or weighted."""
    problem = drop_zero_weights(problem)
    if problem.task == "binary":
        auc, var = _binary_delong(problem.y, problem.score, problem.weight)
        if not np.isfinite(auc):
            P = float(np.count_nonzero(problem.y))
            warn(
                f"ROC AUC is undefined: {_undefined_reason(problem, None, P, problem.n_samples - P)}; the interval "
                "is NaN.",
                UndefinedMetricWarning,
            )
            return _nan_interval(auc, level, "delong")
        if not np.isfinite(var):
            m = int(np.count_nonzero(problem.y))
            _warn_too_few(problem, [None], [(m, problem.n_samples - m)])
            return Interval(auc, _NAN, _NAN, level, "delong")
        return _delong_interval(auc, var, level)
    if average is None:
        out, undefined, too_few = {}, [], []
        for label, y, s in problem.one_vs_rest():
            auc, var = _binary_delong(y, s, problem.weight)
            m = int(np.count_nonzero(y))
            if not np.isfinite(auc):
                undefined.append((label, m, y.size - m))
                out[label] = _nan_interval(auc, level, "delong")
            elif not np.isfinite(var):
                too_few.append((label, (m, y.size - m)))
                out[label] = Interval(auc, _NAN, _NAN, level, "delong")
            else:
                out[label] = _delong_interval(auc, var, level)
        if undefined:
            reasons = "; ".join(_undefined_reason(problem, lab, P, N) for lab, P, N in undefined)
            warn(
                f"ROC AUC is undefined for classes {[u[0] for u in undefined]} ({reasons}); their intervals are NaN.",
                UndefinedMetricWarning,
            )
        if too_few:
            _warn_too_few(problem, [t[0] for t in too_few], [t[1] for t in too_few])
        return out
    if average == "micro":
        raise ValueError(
            "DeLong intervals do not apply to the micro average (it pools the k entries of each sample, "
            "which are not independent); use method='bootstrap', or average='macro'."
        )
    estimate, psi, excluded = delong_psi(problem, average)
    if excluded:
        reasons = "; ".join(_undefined_reason(problem, lab, P, N) for lab, P, N in excluded)
        warn(
            f"ROC AUC is undefined for classes {[e[0] for e in excluded]} ({reasons}); they are left out of the "
            f"{average} average and its interval.",
            UndefinedMetricWarning,
        )
    if not np.isfinite(estimate):
        return _nan_interval(estimate, level, "delong")
    var = dot(psi, psi)
    if not np.isfinite(var):
        labels, counts = [], []
        for label, y, _ in problem.one_vs_rest():
            m = int(np.count_nonzero(y))
            if min(m, y.size - m) == 1:
                labels.append(label)
                counts.append((m, y.size - m))
        _warn_too_few(problem, labels, counts)
        return Interval(estimate, _NAN, _NAN, level, "delong")
    return _delong_interval(estimate, var, level)


# ------------------------------------------------------------------------------------------------- bootstrap plan


def strata(problem: Problem, stratified: bool | None) -> tuple[bs.Draws, np.ndarray]:
    """How to draw: (blocks of the multiplicity vector, position of each sample in it). Stratified resampling
    keeps the number of samples of each class (binary: positives and negatives; multi-class: each class), so no
    resample loses a class; multi-label rows are resampled whole."""
    n = problem.n_samples
    if stratified is None:
        stratified = problem.task != "multilabel"
    if not stratified:
        return bs.Draws((n,)), np.arange(n)
    if problem.task == "multilabel":
        raise ValueError(
            "stratified resampling needs one class per sample; multi-label rows are resampled whole: "
            "pass stratified=False (or leave it out)."
        )
    # each stratum ordered by its class's score, decreasing (as the table rows): the multiplicities of the
    # samples of a class are then one contiguous block in row order, which saves a gather per replicate
    if problem.task == "binary":
        codes = (~problem.y).astype(np.intp)  # positives first
        own_score = problem.score
        k = 2
    else:
        codes = problem.y.astype(np.intp)
        own_score = problem.score[np.arange(n), codes]
        k = problem.n_classes
    order = np.lexsort((-own_score, codes))
    sizes = np.bincount(codes, minlength=k)
    position = np.empty(n, dtype=np.intp)
    position[order] = np.arange(n)
    return bs.Draws(tuple(int(s) for s in sizes if s > 0)), position


@dataclass(frozen=True, eq=False)
class Plan:
    """The tables of a score of one problem and how to turn multiplicities into the score of each replicate:
    ``values(mult)`` is (replicates, outputs); ``labels`` names the outputs, ``excluded`` lists the classes left
    out (undefined on the data) as (label, P, N); ``width`` is the widest table or sample count."""

    tables: list
    spec: ScoreSpec
    average: str | None
    labels: list
    excluded: list
    width: int

    def values(self, mult: np.ndarray) -> np.ndarray:
        results = [self.spec.replicates(t, mult) for t in self.tables]
        values = np.stack([r[0] for r in results], axis=1)
        if self.average in ("macro", "weighted"):  # a class undefined in a replicate makes it undefined
            support = np.stack([r[1] for r in results], axis=1) if self.average == "weighted" else None
            return combine(values, support, axis=1, skip_undefined=False)[:, None]
        return values


def resampling_plan(problem: Problem, spec: ScoreSpec, average: str | None, position: np.ndarray) -> Plan:
    """Tables and statistic for the score ``spec`` of ``problem`` averaged as ``average`` (None: per class)."""
    w = problem.weight
    n = problem.n_samples
    if problem.task != "binary" and average == "micro":
        lay = layout(problem.indicator(), problem.score, w)
        return Plan([bs.table(lay, position)], spec, None, ["micro"], [], max(n, lay.n_rows))
    included: list = []
    excluded: list = []
    for label, lay in _layouts(problem):
        P, N = float(lay.dtp.sum()), float(lay.dfp.sum())
        (included if spec.defined(P, N) else excluded).append((label, lay, P, N))
    tables = [bs.table(lay, position) for _, lay, _, _ in included]
    width = max([n] + [lay.n_rows for _, lay, _, _ in included])
    combine = None if problem.task == "binary" else average
    return Plan(
        tables, spec, combine, [lab for lab, _, _, _ in included], [(lab, P, N) for lab, _, P, N in excluded], width
    )


def _bootstrap_intervals(
    problem: Problem,
    spec: ScoreSpec,
    average: str | None,
    level: float,
    n_resamples: int,
    rng: np.random.Generator,
    kind: str,
    stratified: bool | None,
    progress: bool | None,
) -> Interval | dict:
    problem = drop_zero_weights(problem)
    draws, position = strata(problem, stratified)
    plan = resampling_plan(problem, spec, average, position)
    if plan.excluded:
        reasons = "; ".join(_undefined_reason(problem, lab, P, N) for lab, P, N in plan.excluded)
        if problem.task == "binary":
            warn(f"{spec.name} is undefined: {reasons}; the interval is NaN.", UndefinedMetricWarning)
            return _nan_interval(_NAN, level, f"bootstrap-{kind}")
        what = "their intervals are NaN" if average is None else f"they are left out of the {average} average"
        warn(
            f"{spec.name} is undefined for classes {[e[0] for e in plan.excluded]} ({reasons}); {what}.",
            UndefinedMetricWarning,
        )
    if not plan.tables:
        nan = _nan_interval(_NAN, level, f"bootstrap-{kind}")
        return {lab: nan for lab, _, _ in plan.excluded} if average is None else nan
    estimates = plan.values(np.ones((1, draws.n_samples), dtype=np.int64))[0]
    values = bs.bootstrap(draws, plan.values, plan.width, n_resamples, rng, progress)
    jack = bs.jackknife(draws.n_samples, plan.values, plan.width, rng) if kind == "bca" else None
    hint = "" if problem.task == "multilabel" else " Stratified resampling (stratified=True) avoids this."
    intervals = summarize(values, estimates, jack, level, kind, plan.labels, spec.name, hint)
    if problem.task == "binary" or average is not None:
        return intervals[0]
    out = dict(zip(plan.labels, intervals))
    for lab, _, _ in plan.excluded:
        out[lab] = _nan_interval(_NAN, level, f"bootstrap-{kind}")
    return {_py(c): out[_py(c)] for c in problem.classes}


def summarize(
    values: np.ndarray,
    estimates: np.ndarray,
    jack: np.ndarray | None,
    level: float,
    kind: str,
    labels: list,
    name: str,
    hint: str = " Stratified resampling avoids this.",
) -> list[Interval]:
    """One interval per column of bootstrap ``values``, leaving out (and reporting) undefined replicates."""
    out = []
    B = values.shape[0]
    for j in range(values.shape[1]):
        v = values[:, j]
        ok = np.isfinite(v)
        lost = int(B - np.count_nonzero(ok))
        if lost:
            which = "" if len(labels) == 1 else f" (for {labels[j]!r})"
            warn(
                f"{lost} of {B} bootstrap resamples lost a class, so {name} was undefined in them{which}; they are "
                f"left out and the interval uses the other {B - lost}.{hint}",
                UndefinedMetricWarning,
            )
        v = v[ok]
        if v.size < 2:
            out.append(Interval(float(estimates[j]), _NAN, _NAN, level, f"bootstrap-{kind}", _NAN, int(v.size), lost))
            continue
        if kind == "bca":
            assert jack is not None  # the caller computes the jackknife for kind="bca"
            low, high = bs.bca_interval(v, float(estimates[j]), bs.acceleration(jack[:, j]), level)
        else:
            low, high = bs.percentile_interval(v, level)
        out.append(
            Interval(
                float(estimates[j]), low, high, level, f"bootstrap-{kind}", float(np.std(v, ddof=1)), int(v.size), lost
            )
        )
    return out


# ------------------------------------------------------------------------------------------------- public


_METHODS = ("delong", "delong-logit", "auto", "bootstrap")
_KINDS = ("percentile", "bca")


def _interval(
    metric: str,
    y_true: Any,
    y_score: Any,
    *,
    level: float,
    method: str,
    n_resamples: int,
    random_state: Any,
    bootstrap_interval: str,
    stratified: bool | None,
    average: str | None,
    multi_class: str,
    labels: Any,
    pos_label: Any,
    sample_weight: Any,
    max_fpr: float | None,
    from_logits: bool,
    task: str | None,
    progress: bool | None,
) -> Interval | dict:
    level = check_level(level)
    method = _validation.choice(method, "method", _METHODS)
    bootstrap_interval = _validation.choice(bootstrap_interval, "bootstrap_interval", _KINDS)
    spec = spec_for(metric, max_fpr)
    problem = as_problem(
        y_true,
        y_score,
        sample_weight=sample_weight,
        pos_label=pos_label,
        labels=labels,
        from_logits=from_logits,
        task=task,
    )
    average = _check_average(problem, average, multi_class)
    if method in ("delong", "delong-logit", "auto"):
        if not spec.delong:
            raise ValueError(
                f"DeLong intervals apply to the full ROC AUC only, not to the {spec.name}; use method='bootstrap'."
            )
        ci = delong_interval_of_problem(problem, average, level)
        from .transformed import apply_roc_method

        return apply_roc_method(problem, ci, method)
    n_resamples = _check_resamples(n_resamples)
    return _bootstrap_intervals(
        problem, spec, average, level, n_resamples, rng_from(random_state), bootstrap_interval, stratified, progress
    )


def roc_auc_ci(
    y_true: Labels,
    y_score: Scores,
    *,
    level: float = 0.95,
    method: str = "auto",
    n_resamples: int = 2000,
    random_state: Any = None,
    bootstrap_interval: str = "percentile",
    stratified: bool | None = None,
    average: str | None = "macro",
    multi_class: str = "ovr",
    labels: Any = None,
    pos_label: Any = None,
    sample_weight: Weights = None,
    max_fpr: float | None = None,
    from_logits: bool = False,
    task: str | None = None,
    progress: bool | None = None,
) -> Interval | dict[Any, Interval]:
    """ROC AUC with a confidence interval.

    ``method="auto"`` (default): logit-DeLong where the smaller class (for each one-vs-rest class: its positives
    or the rest) has fewer than 100 samples, DeLong otherwise. In binormal simulations (benchmarks/bench_coverage.py)
    DeLong's 95% interval covered the true AUC in only 84-93% of data sets below that size, logit-DeLong in 94-96%;
    from 100 per class up both keep their level. ``Interval.method`` records the method used (``"delong"`` or
    ``"delong-logit"``), and ``str(interval)`` prints it.

    ``method="delong"``: DeLong's asymptotic variance (pROC's ``ci.auc`` default), computed in O(n log n) on the
    counts table, for a binary AUC, for each class (``average=None``) and for the macro and weighted averages of
    one-vs-rest AUCs (from the covariances of the class AUCs); the interval is clipped to [0, 1]. Sample weights
    act as importance weights (scaling them changes nothing).

    ``method="bootstrap"``: ``n_resamples`` stratified resamples (each class keeps its number of samples;
    multi-label rows are resampled whole), as the percentile interval or, with ``bootstrap_interval="bca"``, the
    bias-corrected and accelerated one. Applies also to the micro average and the partial AUC (``max_fpr``).

    ``method="delong-logit"``: DeLong's standard error carried to the logit scale (asymmetric, inside (0, 1)).

    Reproducible with ``random_state``; a progress line is written to stderr on long runs (``progress=False``
    silences it, ``True`` forces it).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        True labels, as for :func:`roc_auc` (binary, multi-class or a multi-label indicator matrix).
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores, as for :func:`roc_auc`.
    method : {"auto", "delong", "delong-logit", "bootstrap"}, default "auto"
        How the interval is computed ("auto": logit-DeLong below 100 samples in the smaller class, else DeLong).
    level : float, default 0.95
        Confidence level of the interval.
    n_resamples : int, default 2000
        Number of bootstrap resamples.
    random_state : int or numpy.random.Generator, optional
        Seed of the resampling (pass one for reproducible intervals).
    bootstrap_interval : {"percentile", "bca"}, default "percentile"
        Percentile interval, or bias-corrected and accelerated (BCa).
    stratified : bool, optional
        Resample each class with its own size (the default, except for multi-label rows, resampled whole).
    average : {"macro", "weighted", "micro"} or None, default "macro"
        Average of multi-class and multi-label problems (``None``: one interval per class; "micro" needs the
        bootstrap).
    multi_class : {"ovr"}, default "ovr"
        One class against the rest.
    max_fpr : float in (0, 1], optional
        Interval of McClish's standardized partial AUC (bootstrap).
    labels, pos_label, sample_weight, from_logits, task
        As for :func:`roc_auc`.
    progress : bool, optional
        Write a progress line to stderr (by default only on long runs).

    Returns
    -------
    Interval or dict
        An :class:`Interval`, or a dict of them by class for ``average=None`` on multi-class/multi-label data.

    Examples
    --------
    >>> ci = roc_auc_ci([0, 0, 1, 1, 0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.9])
    >>> print(ci)
    0.875 [0.345, 0.989] (95% logit-DeLong)
    >>> print(roc_auc_ci([0, 0, 1, 1, 0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.9], method="delong"))
    0.875 [0.592, 1.000] (95% DeLong)
    """
    return _interval(
        "roc_auc",
        y_true,
        y_score,
        level=level,
        method=method,
        n_resamples=n_resamples,
        random_state=random_state,
        bootstrap_interval=bootstrap_interval,
        stratified=stratified,
        average=average,
        multi_class=multi_class,
        labels=labels,
        pos_label=pos_label,
        sample_weight=sample_weight,
        max_fpr=max_fpr,
        from_logits=from_logits,
        task=task,
        progress=progress,
    )


def average_precision_ci(
    y_true: Labels,
    y_score: Scores,
    *,
    level: float = 0.95,
    n_resamples: int = 2000,
    random_state: Any = None,
    bootstrap_interval: str = "percentile",
    stratified: bool | None = None,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    sample_weight: Weights = None,
    from_logits: bool = False,
    task: str | None = None,
    progress: bool | None = None,
) -> Interval | dict[Any, Interval]:
    """Average precision (scikit-learn's) with a stratified bootstrap interval; options as :func:`roc_auc_ci`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        True labels, as for :func:`roc_auc` (binary, multi-class or a multi-label indicator matrix).
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores, as for :func:`roc_auc`.
    level : float, default 0.95
        Confidence level of the interval.
    n_resamples : int, default 2000
        Number of bootstrap resamples.
    random_state : int or numpy.random.Generator, optional
        Seed of the resampling (pass one for reproducible intervals).
    bootstrap_interval : {"percentile", "bca"}, default "percentile"
        Percentile interval, or bias-corrected and accelerated (BCa).
    stratified : bool, optional
        Resample each class with its own size (the default, except for multi-label rows, resampled whole).
    average : {"macro", "weighted", "micro"} or None, default "macro"
        Average of multi-class and multi-label problems (``None``: one interval per class).
    labels, pos_label, sample_weight, from_logits, task
        As for :func:`roc_auc`.
    progress : bool, optional
        Write a progress line to stderr (by default only on long runs).

    Returns
    -------
    Interval or dict
        An :class:`Interval` (method ``"bootstrap-percentile"`` or ``"bootstrap-bca"``), or a dict by class.

    Examples
    --------
    >>> ci = average_precision_ci([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7], random_state=0)
    >>> round(ci.estimate, 4), ci.method
    (0.9167, 'bootstrap-percentile')
    """
    return _interval(
        "average_precision",
        y_true,
        y_score,
        level=level,
        method="bootstrap",
        n_resamples=n_resamples,
        random_state=random_state,
        bootstrap_interval=bootstrap_interval,
        stratified=stratified,
        average=average,
        multi_class="ovr",
        labels=labels,
        pos_label=pos_label,
        sample_weight=sample_weight,
        max_fpr=None,
        from_logits=from_logits,
        task=task,
        progress=progress,
    )


def pr_auc_ci(
    y_true: Labels,
    y_score: Scores,
    *,
    level: float = 0.95,
    n_resamples: int = 2000,
    random_state: Any = None,
    bootstrap_interval: str = "percentile",
    stratified: bool | None = None,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    sample_weight: Weights = None,
    from_logits: bool = False,
    task: str | None = None,
    progress: bool | None = None,
) -> Interval | dict[Any, Interval]:
    """Interpolated PR-AUC (as :func:`rocauc.pr_auc`) with a stratified bootstrap interval; options as
    :func:`roc_auc_ci`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        True labels, as for :func:`roc_auc` (binary, multi-class or a multi-label indicator matrix).
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores, as for :func:`roc_auc`.
    level : float, default 0.95
        Confidence level of the interval.
    n_resamples : int, default 2000
        Number of bootstrap resamples.
    random_state : int or numpy.random.Generator, optional
        Seed of the resampling (pass one for reproducible intervals).
    bootstrap_interval : {"percentile", "bca"}, default "percentile"
        Percentile interval, or bias-corrected and accelerated (BCa).
    stratified : bool, optional
        Resample each class with its own size (the default, except for multi-label rows, resampled whole).
    average : {"macro", "weighted", "micro"} or None, default "macro"
        Average of multi-class and multi-label problems (``None``: one interval per class).
    labels, pos_label, sample_weight, from_logits, task
        As for :func:`roc_auc`.
    progress : bool, optional
        Write a progress line to stderr (by default only on long runs).

    Returns
    -------
    Interval or dict
        An :class:`Interval` (method ``"bootstrap-percentile"`` or ``"bootstrap-bca"``), or a dict by class.

    Examples
    --------
    >>> ci = pr_auc_ci([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7], random_state=0)
    >>> ci.low <= ci.estimate <= ci.high
    True
    """
    return _interval(
        "pr_auc",
        y_true,
        y_score,
        level=level,
        method="bootstrap",
        n_resamples=n_resamples,
        random_state=random_state,
        bootstrap_interval=bootstrap_interval,
        stratified=stratified,
        average=average,
        multi_class="ovr",
        labels=labels,
        pos_label=pos_label,
        sample_weight=sample_weight,
        max_fpr=None,
        from_logits=from_logits,
        task=task,
        progress=progress,
    )
