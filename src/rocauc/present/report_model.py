"""The report's data model: a :class:`Report` holds sections that add; a :class:`Section` holds one data set's
classifiers (:class:`ModelResult`) and their pairwise comparisons; a :class:`CrossValidationSection` holds
cross-validated ROC results. Build one with :func:`rocauc.report` (``report_build``); the terminal text, the
figures and the HTML are written by ``report_text``, ``report_figures`` and ``report_html``.

>>> from rocauc import report
>>> rep = report([0, 0, 1, 1, 0, 1], {"A": [0.1, 0.4, 0.35, 0.8, 0.2, 0.9]}, ci=None)
>>> rep.to_dict()["sections"][0]["models"][0]["roc_auc"]
0.8888888888888888
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core.decision import json_ready
from ..core.inputs import Problem
from ..stats.evaluation import Evaluation
from .common import Span

__all__ = ["Report", "ModelResult", "Section", "CrossValidationSection"]


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
    smooth: Any = None  # the SmoothRoc of a binary model (report(smooth=...))

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
        if self.smooth is not None:
            sm = self.smooth
            out["smooth"] = {
                "method": sm.method,
                "auc": sm.auc,
                "params": sm.params,
                "fpr": sm.fpr.tolist(),
                "tpr": sm.tpr.tolist(),
            }
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
        return json_ready(out)


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
        return json_ready(d)


@dataclass(frozen=True, eq=False)
class CrossValidationSection:
    """Cross-validated ROC of one or several classifiers."""

    title: str
    results: dict[str, Any]

    def to_dict(self) -> dict:
        return json_ready(
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
    >>> from rocauc import report
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
        from .report_text import report_text

        return report_text(self)

    def to_html(self, path: str | os.PathLike | None = None) -> str:
        """One self-contained HTML document (inline SVG plots and tables, no scripts or network assets, every
        user-given string escaped); written to ``path`` when given."""
        from .report_figures import render
        from .report_html import html_document

        figures = render(self, ("svg",))
        text = html_document(self, {key: f["svg"] for key, f in figures.items()})
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return text

    def save(self, directory: str | os.PathLike, *, dpi: int = 110) -> dict[str, str]:
        """Write ``report.html``, ``report.json``, ``report.txt`` and one PNG per plot into ``directory``
        (created if needed); returns ``{what: path}``."""
        from .report_figures import render
        from .report_html import html_document

        os.makedirs(directory, exist_ok=True)
        figures = render(self, ("svg", "png"), dpi=dpi)
        paths = {}
        for key, f in figures.items():
            p = os.path.join(directory, f"{key}.png")
            with open(p, "wb") as fh:
                fh.write(f["png"])
            paths[key] = p
        html_path = os.path.join(directory, "report.html")
        with open(html_path, "w", encoding="utf-8") as fh:
            fh.write(html_document(self, {key: f["svg"] for key, f in figures.items()}))
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
        from .report_figures import section_figures

        out: list[tuple[str, str, Callable[[Any], Any]]] = []
        for i, s in enumerate(self.sections, start=1):
            out.extend((f"s{i}-{key}", caption, draw) for key, caption, draw in section_figures(s))
        return out
