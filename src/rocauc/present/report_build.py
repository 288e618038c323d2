"""Building a report: :func:`report` normalizes each model once and runs its statistics (the evaluation, the
interval of its AUC, its operating point, its bands) and the pairwise comparisons, and gathers them in a
:class:`~rocauc.present.report_model.Report`.

>>> rep = report([0, 0, 1, 1, 0, 1], {"A": [0.1, 0.4, 0.35, 0.8, 0.2, 0.9]}, ci=None)
>>> rep.to_dict()["sections"][0]["models"][0]["roc_auc"]
0.8888888888888888
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..core import validation as _validation
from ..core.decision import json_ready
from ..core.errors import deprecated
from ..core.inputs import Problem
from ..core.policy import as_problem
from ..core.types import Labels, Weights
from ..stats.evaluation import Evaluation, evaluate_problem
from ..stats.transformed import ROC_METHODS
from .common import Span, evaluation_spans, method_text, span_of
from .report_calibration import calibration_section
from .report_model import CrossValidationSection, ModelResult, Report, Section

__all__ = ["report"]

_UNSET: Any = object()


def report(
    y_true: Labels,
    models: Any,
    *,
    sample_weight: Weights = None,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    threshold: float | None = None,
    operating_point: str | None = "youden",
    ci: str | None = "auto",
    level: float = 0.95,
    n_resamples: int = 2000,
    random_state: Any = None,
    compare: bool = True,
    cross_validation: Any = None,
    title: str | None = None,
    calibration: bool = True,
    calibration_bins: int = 10,
    band: str | None = None,
    smooth: str | None = None,
    criterion: Any = _UNSET,
) -> Report:
    """Evaluate one or several classifiers on the same cases and gather everything in one report.

    Parameters
    ----------
    y_true : the true labels (may be None when every model is given as an :class:`rocauc.Evaluation`).
    models : ``{name: scores}`` (or ``{name: evaluation}``), or one score array (named "model").
    threshold : the binary operating point; by default the one chosen by ``operating_point`` (a criterion of
        :func:`rocauc.operating_point`: ``"youden"``, ``"closest_topleft"``); ``operating_point=None`` keeps the
        decision threshold (0.5 for probabilities, 0 for logits). ``criterion=`` is its deprecated spelling.
    ci : the AUC interval of each model (binary AUC, or the macro AUC of multi-class and multi-label models, with
        an interval per class): ``"auto"`` (default: logit-DeLong where the smaller class has fewer than 100
        samples, else DeLong, as :func:`rocauc.roc_auc_ci`), ``"delong"``, ``"delong-logit"``, ``"bootstrap"`` or
        None; the tables name the method used.
    compare : with several models, every pair compared on the same cases with :func:`rocauc.compare` (paired
        DeLong, or the bootstrap when ``ci="bootstrap"``), p-values adjusted by Holm's method.
    n_resamples, random_state : the bootstrap's draws and seed (``ci="bootstrap"``; a fixed seed makes the report
        reproducible).
    cross_validation : a :class:`rocauc.CrossValidatedRoc` or ``{name: result}`` to add a cross-validation section.
    calibration : the calibration and gains section (reliability diagram, ECE, Brier score, recalibration slope
        and intercept of models whose scores are probabilities; KS, gains and lift of binary models) on
        ``calibration_bins`` uniform bins; on by default, as in ``rocauc report`` (``False`` leaves it out, as
        ``--no-calibration``).
    band : ``"pointwise"`` or ``"simultaneous"``: each binary model's ROC and precision-recall curves get a shaded
        bootstrap band at ``level`` (:func:`rocauc.roc_band`, :func:`rocauc.pr_band`; ``n_resamples`` resamples,
        seeded by ``random_state``), also in the JSON; the text and HTML tables give the sensitivity at a few
        specificities and the precision at a few recalls with their band.
    smooth : ``"binormal"`` or ``"density"``: each binary model's ROC curve is also smoothed
        (:func:`rocauc.smooth_roc`); the ROC plot draws the smoothed curve over the empirical one, and the tables
        and JSON give the smoothed AUC.

    Returns
    -------
    Report
        The report: ``to_text()``, ``to_dict()``, ``to_json()``, ``to_html()``, ``save(directory)``.

    Examples
    --------
    >>> rep = report([0, 1, 1, 0], {"A": [0.2, 0.9, 0.6, 0.4], "B": [0.3, 0.8, 0.2, 0.1]}, ci=None, compare=False)
    >>> [(m["name"], m["roc_auc"]) for m in rep.to_dict()["sections"][0]["models"]]
    [('A', 1.0), ('B', 0.75)]
    """
    if criterion is not _UNSET:
        deprecated("report(..., criterion=)", "operating_point=")
        operating_point = criterion
    criterion = operating_point
    level = _validation.level(level)
    ci = _validation.choice(ci, "ci", (None, "auto", "delong", "delong-logit", "bootstrap"))
    band = _validation.choice(band, "band", (None, "pointwise", "simultaneous"))
    smooth = _validation.choice(smooth, "smooth", (None, "binormal", "density"))
    if threshold is not None:
        threshold = _validation.threshold(threshold)
    if models is None:
        if cross_validation is None:
            raise ValueError("nothing to report: pass models={name: scores} and/or cross_validation=...")
        return Report([_cv_section(cross_validation)], title=title or "rocauc report")
    named = _named(models)
    common = {
        k: v
        for k, v in dict(
            sample_weight=sample_weight, pos_label=pos_label, labels=labels, from_logits=from_logits, task=task
        ).items()
        if v is not None and v is not False
    }
    stats_kw = dict(level=level, method=ci or "auto", random_state=random_state, progress=False)
    if ci == "bootstrap":
        stats_kw["n_resamples"] = n_resamples
    results = []
    per_class: dict | None
    for name, value in named.items():
        if isinstance(value, Evaluation):
            span, per_class = evaluation_spans(value)
            results.append(
                ModelResult(
                    name,
                    value,
                    span,
                    _operating_from_evaluation(value),
                    value.problem,
                    per_class or None,
                    smooth=_smoothed(value.problem, smooth),
                )
            )
            continue
        problem = as_problem(y_true, value, f"model {name!r}", **common)  # the one normalization of this model
        delong = ci in ROC_METHODS
        ev, op = _evaluate_at_operating_point(problem, threshold, criterion, level, delong, ci if delong else "auto")
        if delong:  # rocauc.evaluate's DeLong-based intervals: binary, or macro and per class
            span, per_class = evaluation_spans(ev)
        else:
            span, per_class = (None, None) if ci is None else _auc_intervals(problem, stats_kw)
        bands = None
        if band is not None and problem.task == "binary":
            from ..stats.bands import pr_band, roc_band

            kw = dict(kind=band, level=level, n_resamples=n_resamples, random_state=random_state, progress=False)
            bands = {"roc": roc_band(None, problem, **kw), "pr": pr_band(None, problem, **kw)}  # no new normalize
        results.append(ModelResult(name, ev, span, op, problem, per_class, bands, _smoothed(problem, smooth)))
    _check_same_data(results)
    notes = []
    comparisons: list = []
    if compare and len(results) > 1:
        comparisons, note = _comparisons(results, ci, stats_kw)
        if note:
            notes.append(note)
    section_title = title or ("rocauc report" if cross_validation is None else "Held-out evaluation")
    sections: list = [Section(section_title, results, comparisons, notes, level)]
    if calibration:
        extra = calibration_section(results, level=level, n_bins=calibration_bins, random_state=random_state)
        if extra is not None:
            sections.append(extra)
    if cross_validation is not None:
        sections.append(_cv_section(cross_validation))
    return Report(sections, title=title or "rocauc report")


def _smoothed(problem: Problem | None, smooth: str | None) -> Any:
    """The smoothed ROC curve of a binary model (``report(smooth=...)``), from its normalized problem."""
    if smooth is None or problem is None or problem.task != "binary":
        return None
    from ..stats.smooth import smooth_roc

    return smooth_roc(None, problem, method=smooth)


def _named(models: Any) -> dict[str, Any]:
    if isinstance(models, Mapping):
        if not models:
            raise ValueError("models is empty; pass {name: scores} with at least one model.")
        for name in models:
            if not isinstance(name, str):
                raise TypeError(f"model names must be strings, got {name!r} ({type(name).__name__}).")
        return dict(models)
    return {"model": models}


def _cv_section(cross_validation: Any) -> CrossValidationSection:
    from ..crossval import CrossValidatedRoc

    if isinstance(cross_validation, CrossValidatedRoc):
        cross_validation = {cross_validation.name: cross_validation}
    if not isinstance(cross_validation, Mapping) or not all(
        isinstance(v, CrossValidatedRoc) for v in cross_validation.values()
    ):
        raise TypeError("cross_validation must be a result of rocauc.cross_validate_roc or {name: result}.")
    return CrossValidationSection("Cross-validation", dict(cross_validation))


def _check_same_data(results: list[ModelResult]) -> None:
    first = results[0].evaluation
    for m in results[1:]:
        ev = m.evaluation
        if ev.n_samples != first.n_samples or ev.task != first.task or ev.labels != first.labels:
            raise ValueError(
                f"the models of one report must be evaluated on the same cases: {results[0].name!r} is {first.task} "
                f"with {first.n_samples} samples and labels {first.labels}, {m.name!r} is {ev.task} with "
                f"{ev.n_samples} samples and labels {ev.labels}. Make one report per data set and add them "
                "(report_a + report_b)."
            )


# ------------------------------------------------------------------------------------------------ statistics


def _auc_intervals(problem: Problem, stats_kw: dict) -> tuple[Span | None, dict | None]:
    """The model's AUC interval (binary, or macro average) and, for several classes, one interval per class."""
    from ..stats.intervals import roc_auc_ci

    if problem.task == "binary":
        return span_of(roc_auc_ci(None, problem, **stats_kw)), None
    with _quiet():
        macro = span_of(roc_auc_ci(None, problem, average="macro", **stats_kw))
        per_class = roc_auc_ci(None, problem, average=None, **stats_kw)
    assert isinstance(per_class, dict)  # average=None: one interval per class
    return macro, {label: span_of(v) for label, v in per_class.items()}


class _quiet:
    """Silence undefined-metric warnings already given once by the evaluation."""

    def __enter__(self) -> None:
        import warnings

        from ..core.errors import UndefinedMetricWarning

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore", UndefinedMetricWarning)

    def __exit__(self, *exc: Any) -> None:
        self._ctx.__exit__(*exc)


def _operating_dict(op: Any, criterion: str | None) -> dict | None:
    """The metrics of a binary operating point (an :class:`rocauc.OperatingPoint`), with their Wilson
    intervals, as the report shows them."""
    if op is None or op.threshold is None or math.isnan(op.threshold):
        return None
    return json_ready(
        {
            "criterion": criterion,
            "threshold": op.threshold,
            "tpr": op.tpr,
            "fpr": op.fpr,
            "specificity": op.specificity,
            "precision": op.precision,
            "f1": op.f1,
            "accuracy": op.accuracy,
            "confusion_matrix": [[op.tn, op.fp], [op.fn, op.tp]],
            "npv": op.npv,
            "mcc": op.mcc,
            "intervals": {
                k: {"low": v.low, "high": v.high, "level": v.level, "method": v.method} for k, v in op.intervals.items()
            },
        }
    )


def _operating_from_evaluation(ev: Evaluation) -> dict | None:
    """A given evaluation's operating point: the one ``evaluate(..., operating_point=...)`` chose (binary), else
    its decision threshold."""
    if ev.task != "binary":
        return None
    op = ev.extras.get("operating_point")
    if op is not None and getattr(op, "threshold", None) is not None:
        return _operating_dict(op, _CRITERIA.get(op.criterion, op.criterion))
    return _decision_dict(ev, "decision threshold")


def _decision_dict(ev: Evaluation, criterion: str) -> dict | None:
    """The binary decision of an evaluation given without its scores (no intervals)."""
    d = ev.decision
    if d.threshold is None or math.isnan(d.threshold):
        return None
    tn, fp, fn, tp = np.asarray(d.matrix, dtype=np.float64).ravel()
    return json_ready(
        {
            "criterion": criterion,
            "threshold": d.threshold,
            "tpr": d.recall,
            "fpr": fp / (fp + tn) if fp + tn else float("nan"),
            "specificity": d.specificity,
            "precision": d.precision,
            "f1": d.f1,
            "accuracy": d.accuracy,
            "confusion_matrix": d.matrix,
        }
    )


def _evaluate_at_operating_point(
    problem: Problem,
    threshold: float | None,
    criterion: str | None,
    level: float,
    intervals: bool,
    roc_method: str = "auto",
) -> tuple[Evaluation, dict | None]:
    """The evaluation (with its DeLong intervals when asked) with its binary decision at the operating point, and
    that point's metrics: everything from the model's one table."""
    from ..stats.operating import point_of_problem

    if problem.task != "binary":
        t = (
            threshold
            if threshold is not None
            else (float("nan") if problem.score_kind == "score" and problem.task == "multilabel" else None)
        )
        return evaluate_problem(problem, threshold=t, intervals=intervals, level=level, roc_method=roc_method), None
    both = bool(problem.y.any()) and not bool(problem.y.all())
    if threshold is not None:
        ev = evaluate_problem(
            problem, threshold=float(threshold), intervals=intervals, level=level, roc_method=roc_method
        )
        op = (
            point_of_problem(
                problem, ev.classes[0].counts, "threshold", None, None, None, level, threshold=float(threshold)
            )
            if both
            else None
        )
        return ev, _operating_dict(op, "given threshold")
    if criterion is None or not both:
        if problem.score_kind == "score":
            return evaluate_problem(
                problem, threshold=float("nan"), intervals=intervals, level=level, roc_method=roc_method
            ), None
        ev = evaluate_problem(problem, intervals=intervals, level=level, roc_method=roc_method)
        op = (
            point_of_problem(
                problem, ev.classes[0].counts, "threshold", None, None, None, level, threshold=ev.decision.threshold
            )
            if both
            else None
        )
        return ev, _operating_dict(op, "decision threshold") if op is not None else _decision_dict(
            ev, "decision threshold"
        )
    ev = evaluate_problem(
        problem, intervals=intervals, level=level, operating_point={"criterion": criterion}, roc_method=roc_method
    )
    return ev, _operating_dict(ev.operating_point, _CRITERIA.get(criterion, criterion))


_CRITERIA = {
    "youden": "Youden's J (max TPR - FPR)",
    "closest_topleft": "closest to the top-left corner",
    "cost": "minimum cost",
}


def _comparisons(results: list[ModelResult], ci: str | None, stats_kw: dict) -> tuple[list[dict], str | None]:
    """Every pair of models compared on the same cases (rocauc.compare on the models' normalized problems), with
    Holm-adjusted p-values."""
    if any(m.problem is None for m in results):
        return [], "Pairwise comparisons need the scores (models given as evaluations are not compared)."
    from ..stats.compare import compare

    kw = {k: v for k, v in stats_kw.items() if k != "method"}
    with _quiet():
        table = compare(
            None, {m.name: m.problem for m in results}, method="bootstrap" if ci == "bootstrap" else "delong", **kw
        )
    rows = []
    for c, p_adj in zip(table.comparisons, table.p_adjusted):
        d = c.difference
        rows.append(
            json_ready(
                {
                    "model_a": c.name_a,
                    "model_b": c.name_b,
                    "auc_a": c.estimate_a,
                    "auc_b": c.estimate_b,
                    "difference": d.estimate,
                    "low": d.low,
                    "high": d.high,
                    "level": d.level,
                    "z": c.statistic,
                    "p_value": c.p_value,
                    "p_holm": p_adj,
                    "method": f"{'paired ' if c.paired else ''}{method_text(c.method)}",
                }
            )
        )
    return rows, None
