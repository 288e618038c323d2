"""``rocauc.evaluate``: everything about one classifier's scores in one serializable object."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import _scores, _validation
from ._averaging import average_score
from ._counts import Counts, exact_counts
from ._curves import PrecisionRecallCurve, RocCurve, average_roc, pr_from_counts, roc_from_counts
from ._decision import DecisionMetrics, _clean, decision_metrics
from ._errors import UndefinedMetricWarning, warn
from ._inputs import Problem, normalize
from ._metrics import ROC_AUC

__all__ = ["ClassEvaluation", "Evaluation", "evaluate", "evaluate_problem"]


@dataclass(frozen=True, eq=False)
class ClassEvaluation:
    """One binary problem (a class against the rest, or the micro-average): its curves and scores.

    Attributes
    ----------
    label : label
        The class (the positive class of a binary problem; ``"micro"`` for the micro average).
    counts : Counts
        The counts table the rest is computed from.
    roc, pr : RocCurve, PrecisionRecallCurve
        The curves.
    roc_auc, average_precision, pr_auc : float
        The scores.
    positives, negatives : float
        The (weighted) number of positive and negative samples.

    Examples
    --------
    >>> ev = evaluate([0, 1, 2, 2], [[.8, .1, .1], [.2, .7, .1], [.1, .2, .7], [.3, .3, .4]])
    >>> third = ev.classes[2]
    >>> third.label, third.roc_auc, third.positives
    (2, 1.0, 2.0)
    """

    label: Any
    counts: Counts
    roc: RocCurve
    pr: PrecisionRecallCurve
    roc_auc: float
    average_precision: float
    pr_auc: float
    positives: float
    negatives: float

    def to_dict(self) -> dict:
        return _clean({
            "label": self.label,
            "roc_auc": self.roc_auc,
            "average_precision": self.average_precision,
            "pr_auc": self.pr_auc,
            "positives": self.positives,
            "negatives": self.negatives,
            "roc": self.roc.to_dict(),
            "pr": self.pr.to_dict(),
        })


def _class_evaluation(label: Any, c: Counts) -> ClassEvaluation:
    defined_roc = c.P > 0 and c.N > 0
    defined_pr = c.P > 0
    roc_auc = _scores.auc(c) if defined_roc else float("nan")
    ap = _scores.average_precision(c) if defined_pr else float("nan")
    return ClassEvaluation(
        label=label,
        counts=c,
        roc=roc_from_counts(c, roc_auc),
        pr=pr_from_counts(c, ap),
        roc_auc=roc_auc,
        average_precision=ap,
        pr_auc=_scores.pr_auc(c) if defined_pr else float("nan"),
        positives=c.P,
        negatives=c.N,
    )


@dataclass(frozen=True, eq=False)
class Evaluation:
    """The evaluation of one classifier's scores.

    ``classes`` holds one :class:`ClassEvaluation` per class (one-vs-rest; a single one, the positive class, for
    binary problems). ``roc_auc`` is the binary AUC or the macro average; ``averages`` holds every average
    (macro, weighted, micro and, for multi-class, one-vs-one); ``micro`` the curves of the summed tables;
    ``macro_roc`` the vertical average of the class ROC curves, whose area equals the macro AUC; ``excluded``
    the classes left out of averages because one of their classes is absent; ``decision`` the confusion matrix
    metrics at the decision rule.

    Build it with :func:`evaluate` (or :func:`rocauc.keras.evaluate_model`); ``to_dict()`` and ``to_json()``
    serialize it, and ``ev[label]`` is the :class:`ClassEvaluation` of one class.

    Examples
    --------
    >>> ev = evaluate([0, 1, 2, 2], [[.8, .1, .1], [.2, .7, .1], [.1, .2, .7], [.3, .3, .4]])
    >>> ev.task, ev.labels, ev.roc_auc
    ('multiclass', [0, 1, 2], 1.0)
    >>> ev.decision.matrix.tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 2.0]]
    """

    task: str
    labels: list
    positive_label: Any
    n_samples: int
    score_kind: str
    classes: list[ClassEvaluation]
    roc_auc: float
    average_precision: float
    averages: dict[str, dict[str, float]]
    micro: ClassEvaluation | None
    macro_roc: RocCurve | None
    excluded: list
    decision: DecisionMetrics
    extras: dict = field(default_factory=dict)

    @property
    def intervals(self) -> Any:
        """:class:`EvaluationIntervals` of the scores (DeLong for ROC AUCs; bootstrap for the others when asked),
        or None when ``evaluate(..., intervals=False)``."""
        return self.extras.get("intervals")

    @property
    def roc_auc_interval(self) -> Any:
        """The interval of ``roc_auc`` (binary, or the macro average): ``f"AUC {ev.roc_auc_interval:.2f}"``."""
        iv = self.extras.get("intervals")
        return None if iv is None else iv.averages["roc_auc"]["binary" if self.task == "binary" else "macro"]

    @property
    def operating_point(self) -> Any:
        """The chosen :class:`OperatingPoint` (binary) or one per class, when ``evaluate(..., operating_point=...)``
        asked for it; else None."""
        return self.extras.get("operating_point")

    def __getitem__(self, label: Any) -> ClassEvaluation:
        for c in self.classes:
            if c.label == label:
                return c
        raise KeyError(f"no class {label!r}; the classes are {[c.label for c in self.classes]}")

    def to_dict(self) -> dict:
        return _clean({
            "task": self.task,
            "labels": self.labels,
            "positive_label": self.positive_label,
            "n_samples": self.n_samples,
            "score_kind": self.score_kind,
            "roc_auc": self.roc_auc,
            "average_precision": self.average_precision,
            "averages": self.averages,
            "excluded": self.excluded,
            "classes": [c.to_dict() for c in self.classes],
            "micro": None if self.micro is None else self.micro.to_dict(),
            "macro_roc": None if self.macro_roc is None else self.macro_roc.to_dict(),
            "decision": self.decision.to_dict(),
            **{k: (v.to_dict() if hasattr(v, "to_dict") else v) for k, v in self.extras.items()},
        })

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)


def evaluate(
    y_true: Any,
    y_score: Any,
    *,
    sample_weight: Any = None,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    threshold: float | None = None,
    intervals: bool = True,
    level: float = 0.95,
    n_resamples: int = 0,
    random_state: Any = None,
    operating_point: str | dict | None = None,
) -> Evaluation:
    """Evaluate a classifier's scores: per-class ROC and PR curves and AUCs, averages, and the confusion matrix
    at the decision rule (``score >= threshold`` for binary and multi-label, 0.5 by default or 0 for logits;
    argmax for multi-class).

    ``intervals`` (default True) adds DeLong intervals at ``level`` for every ROC AUC (``ev.intervals``,
    ``ev.roc_auc_interval``); ``n_resamples=2000`` adds stratified bootstrap intervals for average precision,
    PR-AUC and the micro ROC AUC. ``operating_point="youden"`` (or a dict of :func:`operating_point`'s keywords,
    e.g. ``{"criterion": "fpr", "value": 0.1}``) adds the chosen threshold and its metrics
    (``ev.operating_point``; one per class for multi-class and multi-label).

    Parameters
    ----------
    y_true, y_score : array-like
        Labels and scores, as for :func:`roc_auc` (binary, multi-class or multi-label).
    sample_weight, pos_label, labels, from_logits, task
        As for :func:`roc_auc`.
    threshold : float, optional
        The decision threshold of binary and multi-label problems (default 0.5 for probabilities, 0 for logits).
    intervals : bool, default True
        Add DeLong intervals for every ROC AUC.
    level : float, default 0.95
        Confidence level of the intervals.
    n_resamples : int, default 0
        Bootstrap resamples for the intervals of average precision, PR-AUC and the micro ROC AUC (0: none).
    random_state : int, optional
        Seed of the bootstrap.
    operating_point : str or dict, optional
        A criterion of :func:`operating_point` (``"youden"``...) or a dict of its keywords.

    Returns
    -------
    Evaluation
        Curves, scores, averages, intervals and decision metrics.

    Examples
    --------
    >>> ev = evaluate([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4])
    >>> ev.roc_auc, ev.decision.accuracy
    (1.0, 1.0)
    """
    stats = _stats_options(intervals, level, n_resamples, random_state, operating_point)
    if threshold is not None:
        threshold = _validation.threshold(threshold)
    problem = normalize(y_true, y_score, sample_weight=sample_weight, pos_label=pos_label, labels=labels,
                        from_logits=from_logits, task=task)
    return evaluate_problem(problem, threshold=threshold, **stats)


def _stats_options(intervals: bool, level: float, n_resamples: int, random_state: Any, operating_point: Any) -> dict:
    from ._evaluation_stats import check_operating_point
    from ._stats import _check_resamples, check_level

    if not (isinstance(n_resamples, (int, np.integer)) and not isinstance(n_resamples, bool) and n_resamples == 0):
        _check_resamples(n_resamples)  # 0 (the default) means no bootstrap
    if random_state is not None:
        _validation.random_state(random_state)
    return {"intervals": bool(intervals), "level": check_level(level), "n_resamples": int(n_resamples),
            "random_state": random_state, "operating_point": check_operating_point(operating_point)}


def evaluate_problem(problem: Problem, *, threshold: float | None = None, intervals: bool = False,
                     level: float = 0.95, n_resamples: int = 0, random_state: Any = None,
                     operating_point: dict | None = None) -> Evaluation:
    """:func:`evaluate` on an already normalized problem (used by the adapters); the statistics options are
    validated by :func:`evaluate`."""
    ev = _evaluate_problem(problem, threshold)
    if not (intervals or n_resamples or operating_point):
        return ev
    from dataclasses import replace

    from ._evaluation_stats import evaluation_intervals, evaluation_operating_point

    tables = [(c.label, c.counts) for c in ev.classes]
    extras = dict(ev.extras)
    if intervals or n_resamples:
        extras["intervals"] = evaluation_intervals(problem, tables, level=level, n_resamples=n_resamples,
                                                   random_state=random_state)
    if operating_point:
        extras["operating_point"] = evaluation_operating_point(problem, tables, operating_point, level)
    return replace(ev, extras=extras)


def _evaluate_problem(problem: Problem, threshold: float | None) -> Evaluation:
    decision = decision_metrics(problem, threshold)
    tables = [(label, exact_counts(y, s, problem.weight)) for label, y, s in problem.one_vs_rest()]
    classes = [_class_evaluation(label, c) for label, c in tables]
    excluded = [c.label for c in classes if not (c.positives > 0 and c.negatives > 0)]
    if problem.task == "binary":
        only = classes[0]
        if excluded:
            present = problem.classes[0] if only.positives <= 0 else problem.classes[1]
            warn(f"only one class is present in y_true ({present!r}): the AUCs are undefined (NaN).",
                 UndefinedMetricWarning)
        averages = {"roc_auc": {"binary": only.roc_auc}, "average_precision": {"binary": only.average_precision},
                    "pr_auc": {"binary": only.pr_auc}}
        return Evaluation(problem.task, _labels(problem), problem.positive_label, problem.n_samples,
                          problem.score_kind, classes, only.roc_auc, only.average_precision, averages, None, None,
                          excluded, decision)
    if excluded:
        warn(f"classes {excluded} have no positive (or no negative) samples: their AUCs are undefined (NaN) and "
             "they are left out of the averages.", UndefinedMetricWarning)
    total = tables[0][1]
    for _, c in tables[1:]:
        total = total + c
    micro = _class_evaluation("micro", total)
    averages = {
        "roc_auc": _averages(classes, "roc_auc", micro.roc_auc),
        "average_precision": _averages(classes, "average_precision", micro.average_precision),
        "pr_auc": _averages(classes, "pr_auc", micro.pr_auc),
    }
    if problem.task == "multiclass":
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            averages["roc_auc"]["ovo_macro"] = average_score(problem, ROC_AUC, "macro", multi_class="ovo")
            averages["roc_auc"]["ovo_weighted"] = average_score(problem, ROC_AUC, "weighted", multi_class="ovo")
    defined = [c.roc for c in classes if c.label not in excluded]
    if defined:
        fpr, tpr = average_roc(defined)
        macro_roc = RocCurve(fpr, tpr, np.full(fpr.shape, np.nan), averages["roc_auc"]["macro"])
    else:
        macro_roc = None
    return Evaluation(problem.task, _labels(problem), None, problem.n_samples, problem.score_kind, classes,
                      averages["roc_auc"]["macro"], averages["average_precision"]["macro"], averages, micro,
                      macro_roc, excluded, decision)


def _labels(problem: Problem) -> list:
    return [c.item() if isinstance(c, np.generic) else c for c in problem.classes]


def _averages(classes: list[ClassEvaluation], name: str, micro: float) -> dict[str, float]:
    values = np.array([getattr(c, name) for c in classes])
    support = np.array([c.positives for c in classes])
    ok = ~np.isnan(values)
    macro = float(values[ok].mean()) if ok.any() else float("nan")
    weighted = float(np.average(values[ok], weights=support[ok])) if ok.any() and support[ok].sum() > 0 else float("nan")
    return {"macro": macro, "weighted": weighted, "micro": micro}
