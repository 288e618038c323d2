"""``rocauc.evaluate``: everything about one classifier's scores in one serializable object."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..core import scores as _scores
from ..core import validation as _validation
from ..core.averaging import micro_counts, one_vs_one_auc, one_vs_one_averages
from ..core.counts import Counts, exact_counts
from ..core.curves import PrecisionRecallCurve, RocCurve, average_roc, pr_from_counts, roc_from_counts
from ..core.decision import OperatingPoint, decision_metrics, json_ready
from ..core.errors import UndefinedMetricWarning, deprecated, warn
from ..core.inputs import Problem
from ..core.policy import as_problem, combine, defined
from ..core.threads import thread_map, threads_for
from ..core.types import Labels, Scores, Weights

__all__ = ["ClassEvaluation", "Evaluation", "evaluate", "evaluate_problem"]

_UNSET: Any = object()


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
    >>> ev = evaluate([0, 1, 2, 2], [[.8, .1, .1], [.2, .7, .1], [.1, .2, .7], [.3, .3, .4]], ci=None)
    >>> third = ev.classes[2]
    >>> third.label, third.roc_auc, third.positives
    (2, 1.0, 2.0)
    """

    label: Any
    counts_: Any
    roc_auc: float
    average_precision: float
    pr_auc: float
    positives: float
    negatives: float

    @property
    def counts(self) -> Counts:
        """The exact counts table of this binary problem (a large micro-average table is built when first read)."""
        value = self.counts_
        if callable(value):
            value = value()
            object.__setattr__(self, "counts_", value)
        return value

    @property
    def roc(self) -> RocCurve:
        """The ROC curve (scikit-learn's points), built from the table when first read."""
        curve = self.__dict__.get("_roc")
        if curve is None:
            curve = roc_from_counts(self.counts, self.roc_auc)
            object.__setattr__(self, "_roc", curve)
        return curve

    @property
    def pr(self) -> PrecisionRecallCurve:
        """The precision-recall curve (scikit-learn's points), built from the table when first read."""
        curve = self.__dict__.get("_pr")
        if curve is None:
            curve = pr_from_counts(self.counts, self.average_precision)
            object.__setattr__(self, "_pr", curve)
        return curve

    def to_dict(self) -> dict:
        return json_ready(
            {
                "label": self.label,
                "roc_auc": self.roc_auc,
                "average_precision": self.average_precision,
                "pr_auc": self.pr_auc,
                "positives": self.positives,
                "negatives": self.negatives,
                "roc": self.roc.to_dict(),
                "pr": self.pr.to_dict(),
            }
        )


def _class_evaluation(label: Any, c: Counts, table: Any = None) -> ClassEvaluation:
    """The scores of the table ``c`` (or of the rows of it that the scores read); ``table`` is the full table, or
    a function that builds it, when ``c`` holds only those rows."""
    defined_roc = defined(c.P, c.N)
    defined_pr = defined(c.P, c.N, needs_negatives=False)
    roc_auc = _scores.auc(c) if defined_roc else float("nan")
    ap, pr_auc = _scores.precision_scores(c) if defined_pr else (float("nan"), float("nan"))
    return ClassEvaluation(
        label=label,
        counts_=c if table is None else table,
        roc_auc=roc_auc,
        average_precision=ap,
        pr_auc=pr_auc,
        positives=c.P,
        negatives=c.N,
    )


@dataclass(frozen=True, eq=False, repr=False)
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
    >>> ev = evaluate([0, 1, 2, 2], [[.8, .1, .1], [.2, .7, .1], [.1, .2, .7], [.3, .3, .4]], ci=None)
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
    macro_roc_: Any
    excluded: list
    decision: OperatingPoint
    extras: dict = field(default_factory=dict)
    problem: Problem | None = field(default=None, repr=False, compare=False)
    """The normalized input (not serialized): functions that take scores also take the evaluation."""

    @property
    def macro_roc(self) -> RocCurve | None:
        """The vertical average of the class ROC curves (its area is the macro AUC), computed when first read:
        drawing needs it, numbers do not."""
        value = self.macro_roc_
        if callable(value):
            value = value()
            object.__setattr__(self, "macro_roc_", value)
        return value

    @property
    def intervals(self) -> Any:
        """:class:`EvaluationIntervals` of the scores (DeLong for ROC AUCs; bootstrap for the others with
        ``ci="bootstrap"``), or None when ``evaluate(..., ci=None)``."""
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

    def __str__(self) -> str:
        """A short summary: the task and classes, the AUCs with their intervals, the averages and the decision
        metrics (the full data is in :meth:`to_dict`)."""
        iv = self.intervals

        def with_interval(value: float, metric: str, key: Any, per_class: bool = False) -> str:
            text = _num(value)
            ci = None
            if iv is not None:
                ci = (iv.per_class if per_class else iv.averages).get(metric, {}).get(key)
            if ci is not None and np.isfinite(getattr(ci, "low", np.nan)):
                text += f" [{ci.low:.3f}, {ci.high:.3f}]"
            return text

        shown = self.labels if len(self.labels) <= 10 else self.labels[:10] + ["..."]
        head = f"Evaluation: {self.task}, {self.n_samples} samples, classes {shown}"
        if self.task == "binary":
            head += f" (positive {self.positive_label!r})"
        lines = [head + f"; scores: {self.score_kind}"]
        if iv is not None:
            lines.append(f"intervals: {iv.level:.0%} ({iv.roc_auc_method_text()} for ROC AUC)")
        if self.task == "binary":
            lines.append(
                f"ROC AUC {with_interval(self.roc_auc, 'roc_auc', 'binary')}  AP "
                f"{with_interval(self.average_precision, 'average_precision', 'binary')}  PR AUC "
                f"{_num(self.averages['pr_auc']['binary'])}"
            )
        else:
            for metric, name in (("roc_auc", "ROC AUC"), ("average_precision", "AP"), ("pr_auc", "PR AUC")):
                a = self.averages[metric]
                parts = [f"{k} {with_interval(a[k], metric, k)}" for k in ("macro", "weighted", "micro") if k in a]
                if "ovo_macro" in a:
                    parts.append(f"one-vs-one {_num(a['ovo_macro'])}")
                lines.append(f"{name:<8}" + "  ".join(parts))
            per = [f"{c.label}: {with_interval(c.roc_auc, 'roc_auc', c.label, True)}" for c in self.classes[:10]]
            lines.append("per class ROC AUC: " + "; ".join(per) + ("; ..." if len(self.classes) > 10 else ""))
        d = self.decision
        if self.task == "binary":
            lines.append(
                f"decision {d.rule}: accuracy {_num(d.accuracy)}, precision {_num(d.precision)}, "
                f"recall {_num(d.recall)}, F1 {_num(d.f1)}"
            )
        else:
            lines.append(
                f"decision {d.rule}: {'accuracy' if self.task == 'multiclass' else 'exact match'} "
                f"{_num(d.accuracy)}, macro F1 {_num(d.macro.get('f1'))}"
            )
        op = self.operating_point
        if op is not None and hasattr(op, "threshold"):
            lines.append(
                f"operating point ({op.criterion}): threshold {op.threshold:.4g}, TPR {_num(op.tpr)}, FPR "
                f"{_num(op.fpr)}"
            )
        elif op:
            lines.append(f"operating points ({next(iter(op.values())).criterion}) for {len(op)} classes")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<{self.__str__()}>"

    def __getitem__(self, label: Any) -> ClassEvaluation:
        for c in self.classes:
            if c.label == label:
                return c
        raise KeyError(f"no class {label!r}; the classes are {[c.label for c in self.classes]}")

    def to_dict(self) -> dict:
        return json_ready(
            {
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
            }
        )

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)


def evaluate(
    y_true: Labels,
    y_score: Scores,
    *,
    sample_weight: Weights = None,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    threshold: float | None = None,
    ci: str | None = "auto",
    level: float = 0.95,
    n_resamples: Any = _UNSET,
    random_state: Any = None,
    operating_point: str | dict | None = None,
    intervals: Any = _UNSET,
) -> Evaluation:
    """Evaluate a classifier's scores: per-class ROC and PR curves and AUCs, averages, intervals, and the
    confusion matrix at the decision rule.

    The rule is ``score >= threshold`` for binary and multi-label problems (0.5 by default, 0 for logits; with
    ``operating_point`` and no ``threshold``, a binary decision is taken at the chosen point, for any kind of
    scores) and the argmax for multi-class ones.

    ``ci="auto"`` (default) adds DeLong-based intervals at ``level`` for every ROC AUC (``ev.intervals``,
    ``ev.roc_auc_interval``), logit-DeLong where the smaller class has fewer than 100 samples and DeLong otherwise,
    as :func:`roc_auc_ci`'s default (``"delong"`` or ``"delong-logit"`` force one; each Interval's ``method`` says
    which was used); ``ci="bootstrap"`` adds, to those, stratified bootstrap intervals (``n_resamples`` draws,
    2000 by default, seeded by ``random_state``) for average precision, PR-AUC and the micro ROC AUC too;
    ``ci=None`` none.
    ``operating_point="youden"`` (or a dict of :func:`operating_point`'s keywords, e.g.
    ``{"criterion": "fpr", "value": 0.1}``) adds the chosen threshold and its metrics (``ev.operating_point``;
    one per class for multi-class and multi-label). ``y_score`` may also be a normalized problem.
    ``intervals=`` is the deprecated spelling of ``ci=`` (``intervals=False`` is ``ci=None``).

    Parameters
    ----------
    y_true, y_score : array-like
        Labels and scores, as for :func:`roc_auc` (binary, multi-class or multi-label).
    sample_weight, pos_label, labels, from_logits, task
        As for :func:`roc_auc`.
    threshold : float, optional
        The decision threshold of binary and multi-label problems (default 0.5 for probabilities, 0 for logits).
    ci : {"auto", "delong", "delong-logit", "bootstrap", None}, default "auto"
        The interval method of every ROC AUC (as :func:`roc_auc_ci`'s ``method``); ``"bootstrap"`` adds bootstrap
        intervals for average precision,
        PR-AUC and the micro ROC AUC; None: no intervals.
    level : float, default 0.95
        Confidence level of the intervals.
    n_resamples : int, default 2000
        Bootstrap resamples (``ci="bootstrap"``).
    random_state : int, optional
        Seed of the bootstrap.
    operating_point : str or dict, optional
        A criterion of :func:`operating_point` (``"youden"``...) or a dict of its keywords.
    intervals : bool, optional
        Deprecated: ``ci=None`` for ``intervals=False``.

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
    if intervals is not _UNSET:
        deprecated("intervals", "ci", "intervals=False is ci=None")
        if not intervals:
            ci = None
    if ci not in _CI_CHOICES:
        raise ValueError(f"ci must be one of 'auto', 'delong', 'delong-logit', 'bootstrap' or None, got {ci!r}.")
    explicit = n_resamples is not _UNSET
    if not explicit:
        n_resamples = 2000
    elif not (isinstance(n_resamples, (int, np.integer)) and not isinstance(n_resamples, bool) and n_resamples == 0):
        from .intervals import _check_resamples

        _check_resamples(n_resamples)
    if explicit and ci in ("auto", "delong") and n_resamples:  # the old spelling: evaluate(..., n_resamples=k)
        deprecated("evaluate(..., n_resamples=k) without ci=", "ci='bootstrap' (with n_resamples=k)")
        ci = "bootstrap"
    stats = _stats_options(ci, level, n_resamples, random_state, operating_point)
    if threshold is not None:
        threshold = _validation.threshold(threshold)
    problem = as_problem(
        y_true,
        y_score,
        sample_weight=sample_weight,
        pos_label=pos_label,
        labels=labels,
        from_logits=from_logits,
        task=task,
    )
    return evaluate_problem(problem, threshold=threshold, **stats)


_CI_CHOICES = ("auto", "delong", "delong-logit", "bootstrap", None)


def _stats_options(ci: str | None, level: float, n_resamples: int, random_state: Any, operating_point: Any) -> dict:
    from .evaluation_stats import check_operating_point
    from .intervals import _check_resamples, check_level

    if ci == "bootstrap":
        n_resamples = _check_resamples(n_resamples)
    if random_state is not None:
        _validation.random_state(random_state)
    return {
        "intervals": ci is not None,
        "roc_method": "auto" if ci in (None, "bootstrap") else ci,
        "level": check_level(level),
        "n_resamples": int(n_resamples) if ci == "bootstrap" else 0,
        "random_state": random_state,
        "operating_point": check_operating_point(operating_point),
    }


def evaluate_problem(
    problem: Problem,
    *,
    threshold: float | None = None,
    intervals: bool = False,
    level: float = 0.95,
    n_resamples: int = 0,
    random_state: Any = None,
    operating_point: dict | None = None,
    roc_method: str = "auto",
) -> Evaluation:
    """:func:`evaluate` on an already normalized problem (used by the adapters and the reports); the statistics
    options are validated by :func:`evaluate`. Each table is built once and every number, interval and operating
    point is read from it. A binary decision without ``threshold`` is taken at the operating point when one is
    asked for."""
    tables, ovo = _tables(problem)
    extras: dict = {}
    if operating_point:
        from .evaluation_stats import evaluation_operating_point

        extras["operating_point"] = evaluation_operating_point(problem, tables, operating_point, level)
        chosen = extras["operating_point"]
        if threshold is None and problem.task == "binary" and chosen is not None:
            threshold = chosen.threshold
    ev = _evaluate_problem(problem, threshold, tables, ovo)
    if intervals or n_resamples:
        from .evaluation_stats import evaluation_intervals

        extras["intervals"] = evaluation_intervals(
            problem, tables, level=level, n_resamples=n_resamples, random_state=random_state, method=roc_method
        )
    if extras:
        from dataclasses import replace

        ev = replace(ev, extras={**ev.extras, **extras})
    return ev


def _tables(problem: Problem) -> tuple[list[tuple[Any, Counts]], Any]:
    """The one-vs-rest tables (and, for multi-class, the one-vs-one pass that also gives the micro table)."""
    if problem.task == "multiclass":  # one sort per column: class tables, one-vs-one AUCs and the micro table
        ovo = one_vs_one_auc(problem)
        return ovo.tables, ovo
    return [(label, exact_counts(y, s, problem.weight)) for label, y, s in problem.one_vs_rest()], None


def _evaluate_problem(
    problem: Problem, threshold: float | None, tables: list[tuple[Any, Counts]], ovo: Any
) -> Evaluation:
    decision = decision_metrics(problem, threshold, tables)
    # the class scores read independent tables: side by side on large inputs (numpy releases the GIL)
    threads = threads_for(sum(len(c) for _, c in tables))
    classes = thread_map(lambda t: _class_evaluation(*t), tables, threads)
    excluded = [c.label for c in classes if not (c.positives > 0 and c.negatives > 0)]
    if problem.task == "binary":
        only = classes[0]
        if excluded:
            present = problem.classes[0] if only.positives <= 0 else problem.classes[1]
            warn(
                f"only one class is present in y_true ({present!r}): the AUCs are undefined (NaN).",
                UndefinedMetricWarning,
            )
        averages = {
            "roc_auc": {"binary": only.roc_auc},
            "average_precision": {"binary": only.average_precision},
            "pr_auc": {"binary": only.pr_auc},
        }
        return Evaluation(
            problem.task,
            _labels(problem),
            problem.positive_label,
            problem.n_samples,
            problem.score_kind,
            classes,
            only.roc_auc,
            only.average_precision,
            averages,
            None,
            None,
            excluded,
            decision,
            problem=problem,
        )
    if excluded:
        warn(
            f"classes {excluded} have no positive (or no negative) samples: their AUCs are undefined (NaN) and "
            "they are left out of the averages.",
            UndefinedMetricWarning,
        )
    if ovo is not None:
        micro = _class_evaluation("micro", ovo.micro_rows, ovo.micro_table())
    else:
        micro = _class_evaluation("micro", micro_counts(problem))
    averages = {
        "roc_auc": _averages(classes, "roc_auc", micro.roc_auc),
        "average_precision": _averages(classes, "average_precision", micro.average_precision),
        "pr_auc": _averages(classes, "pr_auc", micro.pr_auc),
    }
    if problem.task == "multiclass":
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            pairs = one_vs_one_averages(problem, auc=(ovo.auc, ovo.weight))
        averages["roc_auc"]["ovo_macro"] = pairs["macro"]
        averages["roc_auc"]["ovo_weighted"] = pairs["weighted"]
    defined_classes = [c for c in classes if c.label not in excluded]
    macro_auc = averages["roc_auc"]["macro"]

    def macro_roc() -> RocCurve:  # the class curves are built here, when a picture asks for the average
        fpr, tpr = average_roc([c.roc for c in defined_classes])
        return RocCurve(fpr, tpr, np.full(fpr.shape, np.nan), macro_auc)

    return Evaluation(
        problem.task,
        _labels(problem),
        None,
        problem.n_samples,
        problem.score_kind,
        classes,
        averages["roc_auc"]["macro"],
        averages["average_precision"]["macro"],
        averages,
        micro,
        macro_roc if defined_classes else None,
        excluded,
        decision,
        problem=problem,
    )


def _num(x: Any) -> str:
    return "nan" if x is None or not np.isfinite(x) else f"{x:.3f}"


def _labels(problem: Problem) -> list:
    return [c.item() if isinstance(c, np.generic) else c for c in problem.classes]


def _averages(classes: list[ClassEvaluation], name: str, micro: float) -> dict[str, float]:
    values = [getattr(c, name) for c in classes]
    return {"macro": combine(values), "weighted": combine(values, [c.positives for c in classes]), "micro": micro}
