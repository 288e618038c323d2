"""A report as one self-contained HTML document: inline SVG figures and tables, no scripts or network assets,
every user-given string escaped (bidirectional controls shown as their code point).

>>> html_table(["model", "AUC"], [["<b>A</b>", "0.9"]]).split("<tbody>")[1]
'<tr><td class="name">&lt;b&gt;A&lt;/b&gt;</td><td>0.9</td></tr></tbody></table>'
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .report_calibration import CalibrationSection
from .report_figures import section_figures
from .report_model import CrossValidationSection
from .report_text import (
    BIDI,
    band_rows,
    band_title,
    class_rows,
    comparison_rows,
    cv_rows,
    model_rows,
    operating_note,
    summary_line,
    visible_bidi,
)

if TYPE_CHECKING:
    from .report_model import Report

__all__ = ["html_document", "html_table", "html_figures", "esc"]


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


def esc(s: Any) -> str:
    return html.escape(visible_bidi(str(s)), quote=True)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], names: int = 1) -> str:
    head = "".join(
        f'<th class="name">{esc(h)}</th>' if j < names else f"<th>{esc(h)}</th>" for j, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td class="name">{esc(c)}</td>' if j < names else f"<td>{esc(c)}</td>" for j, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_figures(svgs: dict[str, str], keys: list[tuple[str, str]]) -> str:
    parts = [f'<figure id="fig-{esc(k)}">{svgs[k]}<figcaption>{esc(c)}</figcaption></figure>' for k, c in keys]
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


def html_document(rep: Report, svgs: dict[str, str]) -> str:
    from .. import __version__

    body = [f"<h1>{esc(rep.title)}</h1>", f'<p class="meta">rocauc {esc(__version__)} · {esc(rep.created)}</p>']
    for i, s in enumerate(rep.sections, start=1):
        keys = [(f"s{i}-{key}", caption) for key, caption, _ in section_figures(s)]
        if isinstance(s, CrossValidationSection):
            body += [f"<h2>{esc(s.title)}</h2>", html_table(*cv_rows(s)), html_figures(svgs, keys)]
            continue
        if isinstance(s, CalibrationSection):
            body.append(s.html(svgs, keys))
            continue
        if s.title != rep.title or len(rep.sections) > 1:
            body.append(f"<h2>{esc(s.title)}</h2>")
        body += [f'<p class="meta">{esc(summary_line(s))}</p>', html_table(*model_rows(s))]
        note = operating_note(s)
        if note:
            body.append(f'<p class="note">{esc(note)}</p>')
        heading = band_title(s)
        if heading:
            body += [f"<h3>{esc(heading)}</h3>", html_table(*band_rows(s))]
        if s.comparisons:
            method = s.comparisons[0].get("method") or "paired"
            body += [
                f"<h3>Pairwise comparisons ({esc(method)}; p-values adjusted by Holm's method)</h3>",
                html_table(*comparison_rows(s), names=2),
            ]
        body += [f'<p class="note">{esc(n)}</p>' for n in s.notes]
        body.append(html_figures(svgs, keys))
        if s.first.task != "binary":
            for m in s.models:
                body += [
                    f"<h3>Per {'class' if s.first.task == 'multiclass' else 'label'}: {esc(m.name)}</h3>",
                    html_table(*class_rows(m)),
                ]
    body.append(f'<h2>Definitions</h2><p class="note">{esc(_DEFINITIONS)}</p>')
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">\n'
        f"<title>{esc(rep.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + BIDI.sub(lambda m: f"&lt;U+{ord(m.group()):04X}&gt;", "\n".join(body))  # inline SVG text too
        + "\n</main>\n</body>\n</html>\n"
    )
