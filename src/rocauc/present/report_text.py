"""A report as aligned tables for a terminal, and the table rows the HTML shares: every user-given string made
safe for a terminal (control characters shown as '?', bidirectional controls as their code point).

>>> print("\\n".join(table(["model", "AUC"], [["A", "0.9"], ["long name", "0.85"]])))
model       AUC
---------  ----
A           0.9
long name  0.85
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .common import fmt, fmt_count, fmt_interval, level_text, method_text, span_of
from .report_calibration import CalibrationSection
from .report_model import CrossValidationSection, ModelResult, Section

if TYPE_CHECKING:
    from .report_model import Report

__all__ = [
    "report_text",
    "table",
    "term",
    "model_rows",
    "class_rows",
    "comparison_rows",
    "band_title",
    "band_rows",
    "cv_rows",
    "summary_line",
    "operating_note",
    "fmt_p",
    "visible_bidi",
]


def report_text(rep: Report) -> str:
    """The report's aligned tables for a terminal (``Report.to_text()``)."""
    out = [term(rep.title), "=" * width(term(rep.title))]
    for s in rep.sections:
        out.append("")
        if isinstance(s, CalibrationSection):
            out.extend(s.text_lines())
            continue
        out.extend(section_text(s, s.title != rep.title) if isinstance(s, Section) else cv_text(s))
    return visible_bidi("\n".join(out) + "\n")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


# bidirectional controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM) reorder the text around
# them: a name holding one could make a table or a report read differently from its data (CVE-2021-42574)
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def visible_bidi(s: str) -> str:
    """Bidirectional control characters written as visible code points (<U+202E>)."""
    return BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", s)


def term(s: Any) -> str:
    """A user string made safe for a terminal: control characters (escape sequences, newlines) shown as '?',
    bidirectional controls as their code point (<U+202E>)."""
    return visible_bidi(_CONTROL.sub("?", str(s)))


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in s)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> list[str]:
    """Columns separated by two spaces; the first ``left`` columns left-aligned, the others right-aligned."""
    cells = [list(map(term, headers))] + [list(map(term, r)) for r in rows]
    widths = [max(width(r[j]) for r in cells) for j in range(len(headers))]

    def line(r: list[str]) -> str:
        parts = [
            c + " " * (w - width(c)) if j < left else " " * (w - width(c)) + c
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


def summary_line(s: Section) -> str:
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
        smoothed = sorted({m.smooth.method for m in s.models if m.smooth is not None})
        headers = (
            ["model", "ROC AUC"]
            + ([ci] if ci else [])
            + ([f"smoothed AUC ({', '.join(smoothed)})"] if smoothed else [])
            + ["AP", "PR AUC", "threshold", "TPR", "FPR", "precision", "F1", "accuracy"]
        )
        rows = []
        for m in s.models:
            ev, op = m.evaluation, m.operating or {}
            rows.append(
                [m.name, fmt(ev.roc_auc)]
                + ([fmt_interval(m.interval) or "–"] if ci else [])
                + ([fmt(None if m.smooth is None else m.smooth.auc)] if smoothed else [])
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


# the points of the band table: sensitivity at these specificities, precision at these recalls
BAND_SPECIFICITIES = (0.95, 0.9, 0.8)
BAND_RECALLS = (0.5, 0.8)


def band_title(s: Section) -> str | None:
    """The heading of the band table (None without bands): the level, kind and method of the bands."""
    bands = [m.bands for m in s.models if m.bands]
    if not bands:
        return None
    b = bands[0]["roc"]
    return (
        f"{level_text(b.level)} {b.kind} bands ({b.method}, {b.n_resamples} resamples): sensitivity at fixed "
        "specificities, precision at fixed recalls"
    )


def _band_cell(band: Any, x: float) -> str:
    """The band's curve and interval at grid point ``x`` (the nearest grid point; '–' if none is within 1e-9)."""
    import numpy as np

    if band is None:
        return "–"
    i = int(np.argmin(np.abs(band.x - x)))
    if abs(band.x[i] - x) > 1e-9:
        return "–"
    return f"{fmt(band.estimate[i])} [{fmt(band.low[i])}, {fmt(band.high[i])}]"


def band_rows(s: Section) -> tuple[list[str], list[list[str]]]:
    """Rows of the band table of a binary section (``report(band=...)``): each model's sensitivity at the
    specificities :data:`BAND_SPECIFICITIES` and precision at the recalls :data:`BAND_RECALLS`, with the band."""
    headers = ["model"] + [f"Se at Sp {sp:g}" for sp in BAND_SPECIFICITIES] + [f"P at R {r:g}" for r in BAND_RECALLS]
    rows = []
    for m in s.models:
        bands = m.bands or {}
        rows.append(
            [m.name]
            + [_band_cell(bands.get("roc"), 1.0 - sp) for sp in BAND_SPECIFICITIES]
            + [_band_cell(bands.get("pr"), r) for r in BAND_RECALLS]
        )
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
            fmt_p(r["p_value"]),
            fmt_p(r.get("p_holm")),
        ]
        for r in s.comparisons
    ]
    return headers, rows


def fmt_p(p: Any) -> str:
    if p is None or not math.isfinite(p):
        return "–"
    return "<0.0001" if p < 1e-4 else f"{p:.4f}"


def operating_note(s: Section) -> str | None:
    crits = sorted({str(m.operating.get("criterion")) for m in s.models if m.operating})
    if not crits:
        return None
    return (
        "Operating point: " + ", ".join(crits) + "; TPR, FPR, precision, F1 and accuracy are those of the rule "
        "score >= threshold."
    )


def section_text(s: Section, titled: bool = True) -> list[str]:
    out = [f"{term(s.title)}: {term(summary_line(s))}" if titled else term(summary_line(s)), ""]
    headers, rows = model_rows(s)
    out += table(headers, rows)
    note = operating_note(s)
    if note:
        out += ["", term(note)]
    heading = band_title(s)
    if heading:
        out += ["", heading + ":"]
        out += table(*band_rows(s))
    if s.first.task != "binary":
        for m in s.models:
            out += ["", f"Per {'class' if s.first.task == 'multiclass' else 'label'}: {term(m.name)}"]
            out += table(*class_rows(m))
    if s.comparisons:
        method = s.comparisons[0].get("method") or "paired"
        out += ["", f"Pairwise comparisons ({method}; p-values adjusted by Holm's method):"]
        out += table(*comparison_rows(s), left=2)
    if s.notes:
        out += [""] + [term(n) for n in s.notes]
    return out


def cv_rows(s: CrossValidationSection) -> tuple[list[str], list[list[str]]]:
    headers = ["model", "folds", "mean AUC", "std", "fold AUCs"]
    rows = [
        [name, str(r.n_folds), fmt(r.mean_auc), fmt(r.std_auc), " ".join(fmt(a) for a in r.aucs)]
        for name, r in s.results.items()
    ]
    return headers, rows


def cv_text(s: CrossValidationSection) -> list[str]:
    return [f"{term(s.title)}:", ""] + table(*cv_rows(s))
