"""What ``rocauc.evaluate`` adds from the statistics modules: intervals for its scores and operating points.

DeLong intervals for every ROC AUC they apply to (binary, each class, macro and weighted averages) cost about one
more pass over the counts tables, so they are on by default. Intervals for average precision, PR-AUC and the
micro-averaged ROC AUC need the bootstrap; they are computed when ``n_resamples`` is given, in one stratified
bootstrap for all of them (one dense replicate table per class serves both precision scores).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..core.counts import Counts
from ..core.errors import UndefinedMetricWarning, warn
from ..core.inputs import Problem, binary_problem
from ..core.policy import combine
from . import bootstrap as bs
from .delong import delong_variance
from .intervals import (
    Interval,
    _binary_delong,
    _delong_interval,
    _layouts,
    delong_interval_of_problem,
    drop_zero_weights,
    layout,
    rng_from,
    strata,
    summarize,
)
from .operating import OperatingPoint, check_criterion, point_of_problem
from .transformed import apply_roc_method

__all__ = [
    "EvaluationIntervals",
    "OperatingPoints",
    "evaluation_intervals",
    "evaluation_operating_point",
    "check_operating_point",
]

_NAN = float("nan")


@dataclass(frozen=True)
class EvaluationIntervals:
    """Confidence intervals of an evaluation's scores at ``level``.

    ``averages[metric][average]`` mirrors ``Evaluation.averages`` (``"binary"``, or ``"macro"``, ``"weighted"``,
    ``"micro"``); ``per_class[metric][label]`` holds each class's interval. ``metric`` is ``"roc_auc"``,
    ``"average_precision"`` or ``"pr_auc"``; the precision scores are present only with a bootstrap.
    """

    level: float
    averages: Mapping[str, Mapping[str, Interval]]
    per_class: Mapping[str, Mapping[Any, Interval]]

    def __getitem__(self, metric: str) -> Mapping[str, Interval]:
        return self.averages[metric]

    def roc_auc_method_text(self) -> str:
        """The printed names of the ROC AUC intervals' methods, e.g. ``"logit-DeLong"``."""
        from .intervals import method_name

        cis = [*self.averages.get("roc_auc", {}).values(), *self.per_class.get("roc_auc", {}).values()]
        return ", ".join(sorted({method_name(ci.method) for ci in cis})) or "DeLong"

    def to_dict(self) -> dict:
        return {
            "level": self.level,
            "averages": {m: {a: ci.to_dict() for a, ci in v.items()} for m, v in self.averages.items()},
            "per_class": {
                m: [{"label": lab, **ci.to_dict()} for lab, ci in v.items()] for m, v in self.per_class.items()
            },
        }


class OperatingPoints(dict):
    """Operating points by class label (one-vs-rest), for multi-class and multi-label evaluations."""

    def to_dict(self) -> list:
        return [{"label": label, **op.to_dict()} for label, op in self.items()]


def _delong_per_class(problem: Problem, tables: list[tuple[Any, Counts]], level: float) -> dict[Any, Interval]:
    out = {}
    for (label, y, s), (_, c) in zip(problem.one_vs_rest(), tables):
        if problem.weight is None:
            auc, var = delong_variance(c)
        else:
            auc, var = _binary_delong(y, s, problem.weight)
        if not np.isfinite(auc):
            out[label] = Interval(auc, _NAN, _NAN, level, "delong")
        elif not np.isfinite(var):
            out[label] = Interval(auc, _NAN, _NAN, level, "delong")
        else:
            out[label] = _delong_interval(auc, var, level)
    return out


def _bootstrap_precision(
    problem: Problem, level: float, n_resamples: int, rng: np.random.Generator, progress: bool | None
) -> tuple[dict, dict]:
    """One stratified bootstrap for average precision and PR-AUC (per class, macro, weighted, micro) and the
    micro ROC AUC."""
    draws, position = strata(problem, None)
    included = [(label, lay) for label, lay in _layouts(problem) if lay.dtp.sum() > 0]
    labels = [label for label, _ in included]
    tables = [bs.table(lay, position) for _, lay in included]
    binary = problem.task == "binary"
    micro = None if binary else bs.table(layout(problem.indicator(), problem.score, problem.weight), position)
    width = max([draws.n_samples] + [t.n_rows for t in tables] + ([] if micro is None else [micro.n_rows]))
    names = [("average_precision", lab) for lab in labels] + [("pr_auc", lab) for lab in labels]
    if not binary:
        names += [
            ("average_precision", "macro"),
            ("average_precision", "weighted"),
            ("pr_auc", "macro"),
            ("pr_auc", "weighted"),
            ("roc_auc", "micro"),
            ("average_precision", "micro"),
            ("pr_auc", "micro"),
        ]

    def values_of(mult: np.ndarray) -> np.ndarray:
        ap, pr, support = [], [], []
        for t in tables:
            dtp, dfp = bs.replicate_counts(t, mult)
            ap.append(bs.batched_average_precision(dtp, dfp))
            pr.append(bs.batched_pr_auc(dtp, dfp))
            support.append(dtp.sum(axis=1, dtype=np.float64))
        empty = np.zeros((mult.shape[0], 0))
        ap_ = np.stack(ap, axis=1) if ap else empty
        pr_ = np.stack(pr, axis=1) if pr else empty
        out = [ap_, pr_]
        if not binary:
            sup = np.stack(support, axis=1) if support else empty
            for v in (ap_, pr_):
                if not v.size:
                    out += [np.full((mult.shape[0], 1), np.nan)] * 2
                    continue
                out.append(combine(v, axis=1, skip_undefined=False)[:, None])
                out.append(combine(v, sup, axis=1, skip_undefined=False)[:, None])
            assert micro is not None  # built above for every non-binary problem
            dtp, dfp = bs.replicate_counts(micro, mult)
            out += [
                bs.batched_auc(dtp, dfp)[:, None],
                bs.batched_average_precision(dtp, dfp)[:, None],
                bs.batched_pr_auc(dtp, dfp)[:, None],
            ]
        return np.concatenate(out, axis=1)

    estimates = values_of(np.ones((1, draws.n_samples), dtype=np.int64))[0]
    values = bs.bootstrap(draws, values_of, width, n_resamples, rng, progress)
    hint = "" if problem.task == "multilabel" else " Stratified resampling (stratified=True) avoids this."
    intervals = summarize(
        values, estimates, None, level, "percentile", [f"{m} {a}" for m, a in names], "the score", hint
    )
    averages: dict = {"average_precision": {}, "pr_auc": {}}
    per_class: dict = {"average_precision": {}, "pr_auc": {}}
    for (metric, key), ci in zip(names, intervals):
        if key in ("macro", "weighted", "micro"):
            averages.setdefault(metric, {})[key] = ci
        else:
            per_class[metric][key] = ci
    if binary:
        for metric in ("average_precision", "pr_auc"):
            averages[metric]["binary"] = (
                per_class[metric].get(labels[0])
                if labels
                else Interval(_NAN, _NAN, _NAN, level, "bootstrap-percentile")
            )
    return averages, per_class


def evaluation_intervals(
    problem: Problem,
    tables: list[tuple[Any, Counts]],
    *,
    level: float = 0.95,
    n_resamples: int = 0,
    random_state: Any = None,
    progress: bool | None = None,
    method: str = "auto",
) -> EvaluationIntervals:
    """Intervals of an evaluation: DeLong-based for the ROC AUCs (``method`` as :func:`rocauc.roc_auc_ci`'s:
    "auto", "delong" or "delong-logit"); with ``n_resamples`` a stratified bootstrap for the rest. ``tables``
    are the evaluation's exact counts tables (reused: no sort for unweighted DeLong)."""
    problem = drop_zero_weights(problem)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        per_class = {"roc_auc": apply_roc_method(problem, _delong_per_class(problem, tables, level), method)}
        if problem.task == "binary":
            averages = {"roc_auc": {"binary": next(iter(per_class["roc_auc"].values()))}}
        else:
            averages = {
                "roc_auc": {
                    a: apply_roc_method(problem, delong_interval_of_problem(problem, a, level), method)
                    for a in ("macro", "weighted")
                }
            }
        if n_resamples:
            boot_averages, boot_per_class = _bootstrap_precision(
                problem, level, n_resamples, rng_from(random_state), progress
            )
            for metric, v in boot_averages.items():
                averages.setdefault(metric, {}).update(v)
            per_class.update(boot_per_class)
    # evaluate already warned about absent classes; pass on what only the intervals know
    for w in caught:
        text = str(w.message)
        if "DeLong's variance needs" in text or "bootstrap resamples lost a class" in text:
            warn(text, w.category)
    too_few = [lab for lab, ci in per_class["roc_auc"].items() if np.isfinite(ci.estimate) and np.isnan(ci.low)]
    if too_few and not any("DeLong's variance needs" in str(w.message) for w in caught):
        warn(
            f"DeLong's variance needs at least two positive and two negative samples; the ROC AUC intervals of "
            f"{too_few} are NaN.",
            UndefinedMetricWarning,
        )
    return EvaluationIntervals(level, averages, per_class)


def check_operating_point(operating_point: Any) -> dict | None:
    """Normalize ``evaluate``'s ``operating_point`` (a criterion name or a dict of :func:`operating_point`'s
    keywords) and validate it.

    >>> check_operating_point("youden")
    {'criterion': 'youden'}
    """
    if operating_point is None:
        return None
    if isinstance(operating_point, str):
        spec = {"criterion": operating_point}
    elif isinstance(operating_point, Mapping):
        spec = dict(operating_point)
        unknown = set(spec) - {"criterion", "value", "costs", "prevalence"}
        if unknown:
            raise ValueError(
                f"operating_point takes the keys criterion, value, costs and prevalence; got {sorted(unknown)}."
            )
    else:
        raise TypeError(
            f"operating_point must be a criterion name (e.g. 'youden') or a dict such as "
            f"{{'criterion': 'fpr', 'value': 0.1}}; got {operating_point!r}."
        )
    spec.setdefault("criterion", "youden")
    check_criterion(spec["criterion"], spec.get("value"), spec.get("costs"), spec.get("prevalence"))
    return spec


def evaluation_operating_point(
    problem: Problem, tables: list[tuple[Any, Counts]], spec: dict, level: float
) -> OperatingPoint | OperatingPoints | None:
    """The operating point of a binary evaluation, or one per class (one-vs-rest) for the other tasks; classes
    without both classes present have none."""
    args = (spec["criterion"], spec.get("value"), spec.get("costs"), spec.get("prevalence"), level)
    if problem.task == "binary":
        c = tables[0][1]
        if c.P <= 0 or c.N <= 0:
            warn("no operating point: only one class is present in y_true.", UndefinedMetricWarning)
            return None
        return point_of_problem(problem, c, *args)
    out = OperatingPoints()
    for (label, y, s), (_, c) in zip(problem.one_vs_rest(), tables):
        if c.P > 0 and c.N > 0:
            try:
                op = point_of_problem(binary_problem(y, s, problem.weight), c, *args)
            except ValueError as exc:
                raise ValueError(f"class {label!r}: {exc}") from None
            out[label] = replace(op, positive_label=label)
    return out
