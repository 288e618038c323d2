"""A report's figures: what to draw for each section (``section_figures``, drawn by :mod:`rocauc.plot`'s
Displays) and the rendering of each figure once to inline SVG and PNG (``render``).

>>> from rocauc import report
>>> rep = report([0, 1, 1, 0], {"A": [0.2, 0.9, 0.6, 0.4]}, ci=None)
>>> [key for key, caption, draw in section_figures(rep.sections[0])][:2]
['roc', 'pr']
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..core.errors import require
from .report_calibration import CalibrationSection
from .report_model import CrossValidationSection, Section

if TYPE_CHECKING:
    from .report_model import Report

__all__ = ["render", "section_figures"]

_METADATA = {"svg": {"Date": None, "Creator": "rocauc"}, "png": {"Software": "rocauc"}}


def section_figures(s: Section | CrossValidationSection) -> list[tuple[str, str, Callable[[Any], Any]]]:
    """What to draw for one section: ``(key, caption, draw)`` where ``draw(figure)`` draws into a matplotlib
    figure."""
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
        curves = []
        for m in s.models:
            curve = plot.with_band(
                plot.model_curve(m.name, m.evaluation, "roc", "macro", m.interval), (m.bands or {}).get("roc")
            )
            # report(smooth=...): the smoothed curve over the empirical one, drawn faintly
            curves += [curve] if m.smooth is None else plot.smooth_pair(curve, m.name, m.smooth)
        figs.append(("roc", "ROC curves", lambda fig: plot.RocDisplay(curves).plot(ax=fig.subplots(), inset=True)))
        if any(m.bands for m in s.models):
            pr_curves = [
                plot.with_band(plot.model_curve(m.name, m.evaluation, "pr", "micro"), (m.bands or {}).get("pr"))
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
                            title=f"{m.name}: {_rule(m.operating['threshold'])}\n(rows sum to 100%)",
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
                    plot.class_curves(m.evaluation, "roc", m.class_intervals, m.interval),
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


def render(rep: Report, formats: Sequence[str], dpi: int = 110) -> dict[str, dict[str, Any]]:
    """Every figure of the report drawn once and saved in each format (``"svg"``: inline SVG text, ``"png"``:
    bytes); ``{key: {"caption": ..., format: data}}``."""
    require("matplotlib", "plot", "the report's plots")
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    rendered = {}
    with rc_context({"svg.fonttype": "path", "svg.hashsalt": "rocauc", "font.size": 10}):
        for key, caption, draw in rep.figures():
            fig = Figure(figsize=(6.4, 6.0), layout="constrained")
            draw(fig)
            entry: dict[str, Any] = {"caption": caption}
            for fmt_ in formats:
                buf = io.BytesIO()
                fig.savefig(buf, format=fmt_, dpi=dpi, metadata=_METADATA.get(fmt_))
                entry[fmt_] = buf.getvalue() if fmt_ != "svg" else _inline_svg(buf.getvalue().decode(), key)
            rendered[key] = entry
    return rendered


def _rule(threshold: float | None) -> str:
    """The decision rule as a title: ``score >= t``; an infinite threshold (JSON null) calls no row, or every row,
    positive.

    >>> _rule(0.5), _rule(None)
    ('score >= 0.5', 'score >= an infinite threshold')
    """
    return "score >= an infinite threshold" if threshold is None else f"score >= {threshold:.4g}"
