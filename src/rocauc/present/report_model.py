"""Reports: the whole evaluation of one or several classifiers as a terminal table, a dict/JSON document, one
self-contained HTML file (inline SVG plots, no network assets) or a folder of HTML, PNG and JSON files.

>>> rep = report([0, 0, 1, 1, 0, 1], {"A": [0.1, 0.4, 0.35, 0.8, 0.2, 0.9]}, ci=None)
>>> rep.to_dict()["sections"][0]["models"][0]["roc_auc"]
0.8888888888888888
"""

from __future__ import annotations

import datetime as _dt
import html
import io
import json
import math
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..core import validation as _validation
from ..core.decision import _clean
from ..core.errors import deprecated, require
from ..core.inputs import Problem
from ..core.policy import as_problem
from ..stats.evaluation import Evaluation, evaluate_problem
from ..stats.transformed import ROC_METHODS
from .common import Span, evaluation_spans, fmt, fmt_count, fmt_interval, level_text, method_text, span_of
from .report_calibration import CalibrationSection, calibration_section

__all__ = ["Report", "ModelResult", "report"]

_UNSET: Any = object()


# ------------------------------------------------------------------------------------------------ data


@dataclass(frozen=True, eq=False)
class ModelResult:
    """One classifier in a report: its evaluation, the interval of its AUC (None where not computed), and its
    operating point (binary: the decision metrics at the chosen threshold)."""

    name: str
    evaluation: Evaluation
    interval: Span | None
    operating: dict | None
    problem: Problem | None = None
    class_intervals: dict | None = None
    bands: dict | None = None  # {"roc": CurveBand, "pr": CurveBand} of a binary model (report(band=...))

    def to_dict(self) -> dict:
        ev = self.evaluation
        out = {
            "name": self.name,
            "task": ev.task,
            "roc_auc": ev.roc_auc,
            "roc_auc_ci": _span_dict(self.interval),
            "average_precision": ev.average_precision,
            "pr_auc": ev.averages["pr_auc"].get("binary", ev.averages["pr_auc"].get("macro")),
            "averages": ev.averages,
            "operating_point": self.operating,
        }
        if self.bands:
            out["bands"] = {k: v.to_dict() for k, v in self.bands.items()}
        if ev.task != "binary":
            d = ev.decision
            out["decision"] = {
                "rule": d.rule,
                "threshold": d.threshold,
                "accuracy": d.accuracy,
                "macro": d.macro,
                "weighted": d.weighted,
                "matrix": d.matrix,
            }
            out["classes"] = [
                {
                    "label": c.label,
                    "roc_auc": c.roc_auc,
                    "average_precision": c.average_precision,
                    "pr_auc": c.pr_auc,
                    "positives": c.positives,
                    "negatives": c.negatives,
                    "roc_auc_ci": _span_dict((self.class_intervals or {}).get(c.label)),
                    **{k: d.per_class[k][i] for k in ("precision", "recall", "f1")},
                }
                for i, c in enumerate(ev.classes)
            ]
        return _clean(out)


def _span_dict(span: Span | None) -> dict | None:
    return None if span is None else span._asdict()


@dataclass(frozen=True, eq=False)
class Section:
    """One data set in a report: its classifiers and their pairwise comparisons."""

    title: str
    models: list[ModelResult]
    comparisons: list[dict]
    notes: list[str] = field(default_factory=list)
    level: float = 0.95

    @property
    def first(self) -> Evaluation:
        return self.models[0].evaluation

    def to_dict(self) -> dict:
        ev = self.first
        d = {
            "kind": "evaluation",
            "title": self.title,
            "task": ev.task,
            "n_samples": ev.n_samples,
            "labels": ev.labels,
            "positive_label": ev.positive_label,
            "level": self.level,
            "models": [m.to_dict() for m in self.models],
            "comparisons": self.comparisons,
            "notes": self.notes,
        }
        if ev.task == "binary":
            c = ev.classes[0]
            d["positives"], d["negatives"] = c.positives, c.negatives
        return _clean(d)


@dataclass(frozen=True, eq=False)
class CrossValidationSection:
    """Cross-validated ROC of one or several classifiers."""

    title: str
    results: dict[str, Any]

    def to_dict(self) -> dict:
        return _clean(
            {
                "kind": "cross_validation",
                "title": self.title,
                "models": [{**r.to_dict(), "name": name} for name, r in self.results.items()],
            }
        )


class Report:
    """An evaluation report; build it with :func:`report`. Reports add: ``report_a + report_b`` holds both
    sections (for instance a binary and a multi-class data set) in one document.

    ``to_text()`` is an aligned table for a terminal, ``to_dict()``/``to_json()`` the numbers, ``to_html(path)``
    one self-contained HTML file, ``save(directory)`` the HTML, one PNG per plot and the JSON.

    Examples
    --------
    >>> rep = report([0, 1, 1, 0], {"A": [0.2, 0.9, 0.6, 0.4]}, ci=None)
    >>> rep.to_text().splitlines()[3]
    'binary, 4 samples: 2 positive (class 1), 2 negative'
    >>> rep.to_html().startswith("<!DOCTYPE html>")
    True
    """

    def __init__(self, sections: Sequence[Section | CrossValidationSection], *, title: str = "rocauc report") -> None:
        self.sections = list(sections)
        self.title = title
        self.created = _dt.datetime.now().astimezone().replace(microsecond=0).isoformat()

    def __add__(self, other: Report) -> Report:
        if not isinstance(other, Report):
            return NotImplemented
        title = self.title if self.title == other.title else f"{self.title} + {other.title}"
        return Report(self.sections + other.sections, title=title)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.to_html()

    # -------------------------------------------------------------------------------------------- outputs

    def to_dict(self) -> dict:
        from .. import __version__

        return {
            "title": self.title,
            "rocauc_version": __version__,
            "created": self.created,
            "sections": [s.to_dict() for s in self.sections],
        }

    def to_json(self, path: str | os.PathLike | None = None, **kwargs: Any) -> str:
        """The report as JSON (undefined values are null); written to ``path`` when given."""
        kwargs.setdefault("indent", 2)
        text = json.dumps(self.to_dict(), **kwargs)
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        return text

    def to_text(self) -> str:
        """Aligned tables for a terminal."""
        out = [_term(self.title), "=" * _width(_term(self.title))]
        for s in self.sections:
            out.append("")
            if isinstance(s, CalibrationSection):
                out.extend(s.text_lines())
                continue
            out.extend(_section_text(s, s.title != self.title) if isinstance(s, Section) else _cv_text(s))
        return _visible_bidi("\n".join(out) + "\n")

    def to_html(self, path: str | os.PathLike | None = None) -> str:
        """One self-contained HTML document (inline SVG plots and tables, no scripts or network assets, every
        user-given string escaped); written to ``path`` when given."""
        figures = self._render(("svg",))
        text = _html_document(self, {key: f["svg"] for key, f in figures.items()})
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return text

    def save(self, directory: str | os.PathLike, *, dpi: int = 110) -> dict[str, str]:
        """Write ``report.html``, ``report.json``, ``report.txt`` and one PNG per plot into ``directory``
        (created if needed); returns ``{what: path}``."""
        os.makedirs(directory, exist_ok=True)
        figures = self._render(("svg", "png"), dpi=dpi)
        paths = {}
        for key, f in figures.items():
            p = os.path.join(directory, f"{key}.png")
            with open(p, "wb") as fh:
                fh.write(f["png"])
            paths[key] = p
        html_path = os.path.join(directory, "report.html")
        with open(html_path, "w", encoding="utf-8") as fh:
            fh.write(_html_document(self, {key: f["svg"] for key, f in figures.items()}))
        paths["html"] = html_path
        paths["json"] = os.path.join(directory, "report.json")
        self.to_json(paths["json"])
        paths["text"] = os.path.join(directory, "report.txt")
        with open(paths["text"], "w", encoding="utf-8") as fh:
            fh.write(self.to_text())
        return paths

    # -------------------------------------------------------------------------------------------- figures

    def figures(self) -> list[tuple[str, str, Callable[[Any], Any]]]:
        """``(key, caption, draw)`` for every plot; ``draw(figure)`` draws into a matplotlib figure."""
        out: list[tuple[str, str, Callable[[Any], Any]]] = []
        for i, s in enumerate(self.sections, start=1):
            out.extend((f"s{i}-{key}", caption, draw) for key, caption, draw in _section_figures(s))
        return out

    def _render(self, formats: Sequence[str], dpi: int = 110) -> dict[str, dict[str, Any]]:
        require("matplotlib", "plot", "the report's plots")
        from matplotlib import rc_context
        from matplotlib.figure import Figure

        rendered = {}
        with rc_context({"svg.fonttype": "path", "svg.hashsalt": "rocauc", "font.size": 10}):
            for key, caption, draw in self.figures():
                fig = Figure(figsize=(6.4, 6.0), layout="constrained")
                draw(fig)
                entry: dict[str, Any] = {"caption": caption}
                for fmt_ in formats:
                    buf = io.BytesIO()
                    fig.savefig(buf, format=fmt_, dpi=dpi, metadata=_METADATA.get(fmt_))
                    entry[fmt_] = buf.getvalue() if fmt_ != "svg" else _inline_svg(buf.getvalue().decode(), key)
                rendered[key] = entry
        return rendered


_METADATA = {"svg": {"Date": None, "Creator": "rocauc"}, "png": {"Software": "rocauc"}}


# ------------------------------------------------------------------------------------------------ building


def report(
    y_true: Any,
    models: Any,
    *,
    sample_weight: Any = None,
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
    calibration: bool = False,
    calibration_bins: int = 10,
    band: str | None = None,
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
    calibration : ``True`` adds the calibration and gains section (reliability diagram, ECE, Brier score, recalibration
        slope and intercept of models whose scores are probabilities; KS, gains and lift of binary models) on
        ``calibration_bins`` uniform bins.
    band : ``"pointwise"`` or ``"simultaneous"``: each binary model's ROC and precision-recall curves get a shaded
        bootstrap band at ``level`` (:func:`rocauc.roc_band`, :func:`rocauc.pr_band`; ``n_resamples`` resamples,
        seeded by ``random_state``), also in the JSON.

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
                ModelResult(name, value, span, _operating_from_evaluation(value), value.problem, per_class or None)
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
        results.append(ModelResult(name, ev, span, op, problem, per_class, bands))
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


# ------------------------------------------------------------------------------------ intervals, comparisons


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
    return _clean(
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
    return _clean(
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
            _clean(
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


# ------------------------------------------------------------------------------------------------ text


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


# bidirectional controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM) reorder the text around
# them: a name holding one could make a table or a report read differently from its data (CVE-2021-42574)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _visible_bidi(s: str) -> str:
    """Bidirectional control characters written as visible code points (<U+202E>)."""
    return _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", s)


def _term(s: Any) -> str:
    """A user string made safe for a terminal: control characters (escape sequences, newlines) shown as '?',
    bidirectional controls as their code point (<U+202E>)."""
    return _visible_bidi(_CONTROL.sub("?", str(s)))


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in s)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Columns separated by two spaces; the first ``left`` columns left-aligned, the others right-aligned."""
    cells = [list(map(_term, headers))] + [list(map(_term, r)) for r in rows]
    widths = [max(_width(r[j]) for r in cells) for j in range(len(headers))]

    def line(r: list[str]) -> str:
        parts = [
            c + " " * (w - _width(c)) if j < left else " " * (w - _width(c)) + c
            for j, (c, w) in enumerate(zip(r, widths))
        ]
        return "  ".join(parts).rstrip()

    return [line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]]


def _ci_header(s: Section) -> str | None:
    spans = [m.interval for m in s.models if m.interval is not None]
    if not spans:
        return None
    methods = sorted({method_text(sp.method) for sp in spans if sp.method})
    return f"{level_text(spans[0].level)} CI" + (f" ({', '.join(methods)})" if methods else "")


def _summary_line(s: Section) -> str:
    ev = s.first
    if ev.task == "binary":
        c = ev.classes[0]
        return (
            f"binary, {fmt_count(ev.n_samples)} samples: {fmt_count(c.positives)} positive (class "
            f"{ev.positive_label!r}), {fmt_count(c.negatives)} negative"
        )
    what = "classes" if ev.task == "multiclass" else "labels"
    return f"{ev.task}, {fmt_count(ev.n_samples)} samples, {len(ev.labels)} {what}: " + ", ".join(
        str(v) for v in ev.labels
    )


def model_rows(s: Section) -> tuple[list[str], list[list[str]]]:
    """The main table of a section: headers and formatted rows (shared by the text and HTML outputs)."""
    ci = _ci_header(s)
    if s.first.task == "binary":
        headers = (
            ["model", "ROC AUC"]
            + ([ci] if ci else [])
            + ["AP", "PR AUC", "threshold", "TPR", "FPR", "precision", "F1", "accuracy"]
        )
        rows = []
        for m in s.models:
            ev, op = m.evaluation, m.operating or {}
            rows.append(
                [m.name, fmt(ev.roc_auc)]
                + ([fmt_interval(m.interval) or "–"] if ci else [])
                + [
                    fmt(ev.average_precision),
                    fmt(ev.averages["pr_auc"]["binary"]),
                    "–" if op.get("threshold") is None else f"{op['threshold']:.4g}",
                    *(fmt(op.get(k)) for k in ("tpr", "fpr", "precision", "f1", "accuracy")),
                ]
            )
        return headers, rows
    headers = ["model", "macro AUC"] + ([ci] if ci else []) + ["weighted AUC", "micro AUC"]
    multiclass = s.first.task == "multiclass"
    if multiclass:
        headers += ["OvO AUC"]
    headers += ["macro AP", "micro AP", "accuracy" if multiclass else "exact match", "macro F1"]
    rows = []
    for m in s.models:
        ev = m.evaluation
        a, ap = ev.averages["roc_auc"], ev.averages["average_precision"]
        row = (
            [m.name, fmt(a["macro"])]
            + ([fmt_interval(m.interval) or "–"] if ci else [])
            + [fmt(a["weighted"]), fmt(a["micro"])]
        )
        if multiclass:
            row.append(fmt(a.get("ovo_macro")))
        row += [fmt(ap["macro"]), fmt(ap["micro"]), fmt(ev.decision.accuracy), fmt(ev.decision.macro["f1"])]
        rows.append(row)
    return headers, rows


def class_rows(m: ModelResult) -> tuple[list[str], list[list[str]]]:
    ev = m.evaluation
    d = ev.decision
    spans = m.class_intervals or {}
    shown = [sp for sp in spans.values() if sp is not None]
    methods = sorted({method_text(sp.method) for sp in shown if sp.method})
    ci = (f"{level_text(shown[0].level)} CI" + (f" ({', '.join(methods)})" if methods else "")) if shown else None
    headers = (
        ["class" if ev.task == "multiclass" else "label", "ROC AUC"]
        + ([ci] if ci else [])
        + ["AP", "positives", "precision", "recall", "F1"]
    )
    rows = [
        [str(c.label), fmt(c.roc_auc)]
        + ([fmt_interval(spans.get(c.label)) or "–"] if ci else [])
        + [
            fmt(c.average_precision),
            fmt_count(c.positives),
            fmt(d.per_class["precision"][i]),
            fmt(d.per_class["recall"][i]),
            fmt(d.per_class["f1"][i]),
        ]
        for i, c in enumerate(ev.classes)
    ]
    return headers, rows


def comparison_rows(s: Section) -> tuple[list[str], list[list[str]]]:
    headers = ["model A", "model B", "AUC A - AUC B", f"{level_text(s.level)} CI", "z", "p", "p (Holm)"]
    rows = [
        [
            r["model_a"],
            r["model_b"],
            fmt(r["difference"]),
            fmt_interval(span_of(r)) or "–",
            fmt(r["z"], 2),
            _fmt_p(r["p_value"]),
            _fmt_p(r.get("p_holm")),
        ]
        for r in s.comparisons
    ]
    return headers, rows


def _fmt_p(p: Any) -> str:
    if p is None or not math.isfinite(p):
        return "–"
    return "<0.0001" if p < 1e-4 else f"{p:.4f}"


def _operating_note(s: Section) -> str | None:
    crits = sorted({str(m.operating.get("criterion")) for m in s.models if m.operating})
    if not crits:
        return None
    return (
        "Operating point: " + ", ".join(crits) + "; TPR, FPR, precision, F1 and accuracy are those of the rule "
        "score >= threshold."
    )


def _section_text(s: Section, titled: bool = True) -> list[str]:
    out = [f"{_term(s.title)}: {_term(_summary_line(s))}" if titled else _term(_summary_line(s)), ""]
    headers, rows = model_rows(s)
    out += _table(headers, rows)
    note = _operating_note(s)
    if note:
        out += ["", _term(note)]
    if s.first.task != "binary":
        for m in s.models:
            out += ["", f"Per {'class' if s.first.task == 'multiclass' else 'label'}: {_term(m.name)}"]
            out += _table(*class_rows(m))
    if s.comparisons:
        method = s.comparisons[0].get("method") or "paired"
        out += ["", f"Pairwise comparisons ({method}; p-values adjusted by Holm's method):"]
        out += _table(*comparison_rows(s), left=2)
    if s.notes:
        out += [""] + [_term(n) for n in s.notes]
    return out


def cv_rows(s: CrossValidationSection) -> tuple[list[str], list[list[str]]]:
    headers = ["model", "folds", "mean AUC", "std", "fold AUCs"]
    rows = [
        [name, str(r.n_folds), fmt(r.mean_auc), fmt(r.std_auc), " ".join(fmt(a) for a in r.aucs)]
        for name, r in s.results.items()
    ]
    return headers, rows


def _cv_text(s: CrossValidationSection) -> list[str]:
    return [f"{_term(s.title)}:", ""] + _table(*cv_rows(s))


# ------------------------------------------------------------------------------------------------ figures


def _section_figures(s: Section | CrossValidationSection) -> list[tuple[str, str, Callable[[Any], Any]]]:
    from . import plots as plot

    # Callable[..., Any]: the drawing lambdas bind their loop variable by a default argument
    figs: list[tuple[str, str, Callable[..., Any]]] = []
    if isinstance(s, CalibrationSection):
        return s.figures()
    if isinstance(s, CrossValidationSection):
        for i, (name, r) in enumerate(s.results.items(), start=1):
            figs.append(
                (
                    f"cv-{i}",
                    f"Cross-validated ROC: {name}",
                    lambda fig, r=r: plot.CrossValidatedRocDisplay.from_cross_validation(r, ax=fig.subplots()),
                )
            )
        return figs
    evs = {m.name: m.evaluation for m in s.models}
    if s.first.task == "binary":
        curves = [
            plot._with_band(
                plot._model_curve(m.name, m.evaluation, "roc", "macro", m.interval), (m.bands or {}).get("roc")
            )
            for m in s.models
        ]
        figs.append(("roc", "ROC curves", lambda fig: plot.RocDisplay(curves).plot(ax=fig.subplots(), inset=True)))
        if any(m.bands for m in s.models):
            pr_curves = [
                plot._with_band(plot._model_curve(m.name, m.evaluation, "pr", "micro"), (m.bands or {}).get("pr"))
                for m in s.models
            ]
            figs.append(
                (
                    "pr",
                    "Precision-recall curves",
                    lambda fig: plot.PrecisionRecallDisplay(pr_curves).plot(ax=fig.subplots()),
                )
            )
        else:
            figs.append(
                (
                    "pr",
                    "Precision-recall curves",
                    lambda fig: plot.PrecisionRecallDisplay.from_evaluation(evs, ax=fig.subplots()),
                )
            )
        for i, m in enumerate(s.models, start=1):
            if m.operating is not None:
                figs.append(
                    (
                        f"threshold-{i}",
                        f"Rates against the threshold: {m.name}",
                        lambda fig, m=m: plot.ThresholdDisplay.from_evaluation(
                            m.evaluation, threshold=m.operating["threshold"], name=m.name, ax=fig.subplots()
                        ),
                    )
                )
                figs.append(
                    (
                        f"confusion-{i}",
                        f"Confusion matrix at the operating point: {m.name}",
                        lambda fig, m=m: plot.ConfusionMatrixDisplay(
                            m.operating["confusion_matrix"],
                            plot.class_names(m.evaluation.labels),
                            title=f"{m.name}: score >= {m.operating['threshold']:.4g}\n(rows sum to 100%)",
                        ).plot(ax=fig.subplots()),
                    )
                )
        return figs
    if len(s.models) > 1:
        figs.append(
            (
                "roc",
                "ROC curves (macro-average of each model)",
                lambda fig: plot.RocDisplay.from_evaluation(evs, ax=fig.subplots()),
            )
        )
    for i, m in enumerate(s.models, start=1):
        figs.append(
            (
                f"roc-{i}",
                f"ROC curves per {'class' if s.first.task == 'multiclass' else 'label'}: {m.name}",
                lambda fig, m=m: plot.RocDisplay(
                    plot._class_curves(m.evaluation, "roc", m.class_intervals, m.interval),
                    title=f"{m.name}: ROC, one-vs-rest",
                ).plot(ax=fig.subplots(), inset=True),
            )
        )
        figs.append(
            (
                f"pr-{i}",
                f"Precision-recall curves: {m.name}",
                lambda fig, m=m: plot.PrecisionRecallDisplay.from_evaluation(m.evaluation, ax=fig.subplots()),
            )
        )
        if s.first.task == "multiclass":
            figs.append(
                (
                    f"confusion-{i}",
                    f"Confusion matrix (argmax): {m.name}",
                    lambda fig, m=m: plot.ConfusionMatrixDisplay.from_evaluation(
                        m.evaluation, ax=fig.subplots(), title=f"{m.name}: argmax"
                    ),
                )
            )
    return figs


_ID = re.compile(r'\bid="([^"]+)"')


def _inline_svg(svg: str, key: str) -> str:
    """matplotlib's SVG file as an inline element: no XML prolog, DOCTYPE, comments or metadata, ids prefixed
    with the figure's key (several SVGs share one document), and a size that follows the page."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    prefix = re.sub(r"[^A-Za-z0-9_-]", "_", key) + "-"
    ids = set(_ID.findall(svg))
    if ids:
        pattern = re.compile(
            r'(\bid="|xlink:href="#|\bhref="#|url\(#)(' + "|".join(map(re.escape, ids)) + r')(?=["\)])'
        )
        svg = pattern.sub(lambda m: m.group(1) + prefix + m.group(2), svg)
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="plot" role="img"', svg, count=1)
    return svg.strip()


# ------------------------------------------------------------------------------------------------ HTML


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}
h2{font-size:1.25em;margin:32px 0 8px;border-bottom:2px solid #dde1e7;padding-bottom:4px}
h3{font-size:1.05em;margin:20px 0 6px}.meta{color:#5b6473;font-size:.9em}
table{border-collapse:collapse;background:#fff;margin:6px 0 12px;font-size:.92em}
th,td{padding:5px 10px;border-bottom:1px solid #e3e6eb;text-align:right;white-space:nowrap}
th{background:#eef1f5;font-weight:600}td:first-child,th:first-child{text-align:left}
th.name{text-align:left}td.name{text-align:left;white-space:normal;max-width:24em;overflow-wrap:anywhere}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:16px}
figure{margin:0;background:#fff;border:1px solid #e3e6eb;border-radius:6px;padding:8px}
figcaption{font-size:.88em;color:#5b6473;margin-top:4px;overflow-wrap:anywhere}
svg.plot{width:100%;height:auto;display:block}.note{font-size:.9em;color:#3d4452;max-width:75em}
"""


def _esc(s: Any) -> str:
    return html.escape(_visible_bidi(str(s)), quote=True)


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], names: int = 1) -> str:
    head = "".join(
        f'<th class="name">{_esc(h)}</th>' if j < names else f"<th>{_esc(h)}</th>" for j, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td class="name">{_esc(c)}</td>' if j < names else f"<td>{_esc(c)}</td>" for j, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_figures(svgs: dict[str, str], keys: list[tuple[str, str]]) -> str:
    parts = [f'<figure id="fig-{_esc(k)}">{svgs[k]}<figcaption>{_esc(c)}</figcaption></figure>' for k, c in keys]
    return f'<div class="grid">{"".join(parts)}</div>'


_DEFINITIONS = (
    "ROC AUC: area under the exact ROC curve (ties count one half). AP: average precision, the step sum of "
    "precision over recall (as scikit-learn). PR AUC: area under the precision-recall curve with Davis and "
    "Goadrich's interpolation (as keras.metrics.AUC(curve='PR')). The macro-average ROC curve is the vertical mean "
    "of the class curves, so its area equals the macro AUC; the micro-average curve is that of the summed "
    "one-vs-rest tables. Intervals: DeLong's (clipped to [0, 1]) unless the bootstrap is named; pairwise comparisons "
    "are paired tests on the same cases, their p-values adjusted by Holm's step-down method. The operating point is "
    "the threshold chosen by the criterion named (Youden's J maximizes TPR - FPR); the rule is score >= threshold."
)


def _html_document(rep: Report, svgs: dict[str, str]) -> str:
    from .. import __version__

    body = [f"<h1>{_esc(rep.title)}</h1>", f'<p class="meta">rocauc {_esc(__version__)} · {_esc(rep.created)}</p>']
    for i, s in enumerate(rep.sections, start=1):
        keys = [(f"s{i}-{key}", caption) for key, caption, _ in _section_figures(s)]
        if isinstance(s, CrossValidationSection):
            body += [f"<h2>{_esc(s.title)}</h2>", _html_table(*cv_rows(s)), _html_figures(svgs, keys)]
            continue
        if isinstance(s, CalibrationSection):
            body.append(s.html(svgs, keys))
            continue
        if s.title != rep.title or len(rep.sections) > 1:
            body.append(f"<h2>{_esc(s.title)}</h2>")
        body += [f'<p class="meta">{_esc(_summary_line(s))}</p>', _html_table(*model_rows(s))]
        note = _operating_note(s)
        if note:
            body.append(f'<p class="note">{_esc(note)}</p>')
        if s.comparisons:
            method = s.comparisons[0].get("method") or "paired"
            body += [
                f"<h3>Pairwise comparisons ({_esc(method)}; p-values adjusted by Holm's method)</h3>",
                _html_table(*comparison_rows(s), names=2),
            ]
        body += [f'<p class="note">{_esc(n)}</p>' for n in s.notes]
        body.append(_html_figures(svgs, keys))
        if s.first.task != "binary":
            for m in s.models:
                body += [
                    f"<h3>Per {'class' if s.first.task == 'multiclass' else 'label'}: {_esc(m.name)}</h3>",
                    _html_table(*class_rows(m)),
                ]
    body.append(f'<h2>Definitions</h2><p class="note">{_esc(_DEFINITIONS)}</p>')
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">\n'
        f"<title>{_esc(rep.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + _BIDI.sub(lambda m: f"&lt;U+{ord(m.group()):04X}&gt;", "\n".join(body))  # inline SVG text too
        + "\n</main>\n</body>\n</html>\n"
    )
