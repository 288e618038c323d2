"""The calibration and gains section of a report: per model, the calibration (ECE with a bootstrap interval,
Brier score and its decomposition, recalibration slope and intercept) where its scores are probabilities, and for
binary models the KS statistic, gains and lift at the top of the ranking and the decile gains table; with the
reliability diagram, gains, lift and KS charts. Built from the evaluations and normalized problems a report
already holds: no input is validated or sorted again (the gains come from each evaluation's counts table)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..core.errors import UndefinedMetricWarning
from ..stats.calibration import Calibration, MultiCalibration, calibration_of_problem
from ..stats.gains import (
    GainsCurve,
    GainsTable,
    KSStatistic,
    gains_from_counts,
    gains_table_from_counts,
    ks_from_counts,
)
from .common import fmt, fmt_interval, level_text, span_of

__all__ = ["CalibrationSection", "calibration_section"]

TOP_DEPTHS = (0.1, 0.2)
ECE_RESAMPLES = 200


@dataclass(frozen=True, eq=False)
class CalibrationSection:
    """Calibration and gains of the models of one data set (see :func:`rocauc.report`'s ``calibration``)."""

    title: str
    calibrations: dict[str, Calibration | MultiCalibration]
    gains: dict[str, tuple[GainsCurve, GainsTable, KSStatistic]]
    n_bins: int
    strategy: str
    level: float
    notes: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # the counts table of each binary model (for the KS chart)

    def to_dict(self) -> dict:
        from ..core.decision import json_ready

        return json_ready(
            {
                "kind": "calibration",
                "title": self.title,
                "n_bins": self.n_bins,
                "strategy": self.strategy,
                "level": self.level,
                "notes": self.notes,
                "models": [{"name": name, **cal.to_dict()} for name, cal in self.calibrations.items()],
                "gains": [
                    {
                        "name": name,
                        "ks": ks.to_dict(),
                        "gains_table": table.to_dict(),
                        "gains_area": curve.area,
                        **{f"lift_top_{round(d * 100)}": _lift_at(curve, d) for d in TOP_DEPTHS},
                    }
                    for name, (curve, table, ks) in self.gains.items()
                ],
            }
        )

    # ------------------------------------------------------------------ tables

    def calibration_rows(self) -> tuple[list[str], list[list[str]]]:
        ci = f"{level_text(self.level)} CI"
        headers = [
            "model",
            "ECE",
            f"ECE {ci}",
            "MCE",
            "Brier",
            "reliability",
            "resolution",
            "uncertainty",
            "slope",
            f"slope {ci}",
            "intercept",
            f"intercept {ci}",
        ]
        rows = []
        for name, cal in self.calibrations.items():
            for label, c in _parts(name, cal):
                r = c.recalibration
                d = c.decomposition
                fit = (
                    ["–"] * 4
                    if r is None
                    else [
                        fmt(r.slope.estimate),
                        fmt_interval(span_of(r.slope)) or "–",
                        fmt(r.intercept.estimate),
                        fmt_interval(span_of(r.intercept)) or "–",
                    ]
                )
                rows.append(
                    [
                        label,
                        fmt(c.ece.estimate),
                        fmt_interval(span_of(c.ece)) or "–",
                        fmt(c.mce),
                        fmt(c.brier),
                        fmt(d.reliability),
                        fmt(d.resolution),
                        fmt(d.uncertainty),
                        *fit,
                    ]
                )
        return headers, rows

    def gains_rows(self) -> tuple[list[str], list[list[str]]]:
        headers = ["model", "KS", "KS threshold"]
        for d in TOP_DEPTHS:
            headers += [f"gain top {d:.0%}", f"lift top {d:.0%}"]
        headers.append("gains area")
        rows = []
        for name, (curve, _, ks) in self.gains.items():
            row = [name, fmt(ks.statistic), "–" if not np.isfinite(ks.threshold) else f"{ks.threshold:.4g}"]
            for d in TOP_DEPTHS:
                row += [fmt(float(np.interp(d, curve.depth, curve.gain))), fmt(_lift_at(curve, d), 2)]
            row.append(fmt(curve.area))
            rows.append(row)
        return headers, rows

    def decile_rows(self, name: str) -> tuple[list[str], list[list[str]]]:
        _, table, _ = self.gains[name]
        headers = ["group", "depth", "share of positives", "response rate", "cumulative gain", "cumulative lift"]
        rows = [
            [
                str(r["group"]),
                fmt(r["depth"], 2),
                fmt(r["share"]),
                fmt(r["response"]),
                fmt(r["gain"]),
                fmt(r["lift"], 2),
            ]
            for r in table.rows()
        ]
        return headers, rows

    def description(self) -> str:
        what = f"{self.n_bins} {self.strategy} bins" if self.strategy != "edges" else "the given bins"
        return (
            f"Calibration on {what}; ECE with a {level_text(self.level)} bootstrap percentile interval "
            f"({ECE_RESAMPLES} resamples; the same resamples give each bin's interval), slope and intercept of "
            "the logistic recalibration with Wald intervals. Gains: share of positives captured by the "
            "highest-scored share of the population; lift = gain / depth; KS = max |TPR - FPR|."
        )

    # ------------------------------------------------------------------ outputs

    def text_lines(self) -> list[str]:
        from .report_text import table as _table
        from .report_text import term as _term

        out = [f"{_term(self.title)}:", _term(self.description()), ""]
        if self.calibrations:
            out += _table(*self.calibration_rows())
        if self.gains:
            out += ["", "Gains and Kolmogorov-Smirnov (highest scores first):"]
            out += _table(*self.gains_rows())
        out += [""] + [_term(n) for n in self.notes] if self.notes else []
        return out

    def figures(self) -> list[tuple[str, str, Callable[[Any], Any]]]:
        from . import calibration_plots as cp

        figs: list[tuple[str, str, Callable[[Any], Any]]] = []
        binary = {n: c for n, c in self.calibrations.items() if isinstance(c, Calibration)}
        if binary:
            figs.append(
                (
                    "calibration",
                    "Reliability diagram",
                    lambda fig: cp.CalibrationDisplay(binary).plot(ax=fig.subplots()),
                )
            )

        def per_class(cal: MultiCalibration, name: str) -> Callable[[Any], Any]:
            return lambda fig: cp.CalibrationDisplay(cp.named_calibrations(cal)).plot(
                ax=fig.subplots(), title=f"{name}: reliability diagram"
            )

        def ks_chart(name: str) -> Callable[[Any], Any]:
            return lambda fig: _ks_display(self.counts[name], name).plot(ax=fig.subplots())

        for i, (name, cal) in enumerate(self.calibrations.items(), start=1):
            if isinstance(cal, MultiCalibration):
                figs.append((f"calibration-{i}", f"Reliability diagram: {name}", per_class(cal, name)))
        if self.gains:
            curves = {n: g[0] for n, g in self.gains.items()}
            figs.append(("gains", "Cumulative gains", lambda fig: cp.GainsDisplay(curves).plot(ax=fig.subplots())))
            figs.append(("lift", "Cumulative lift", lambda fig: cp.LiftDisplay(curves).plot(ax=fig.subplots())))
            for i, name in enumerate(self.gains, start=1):
                figs.append((f"ks-{i}", f"Kolmogorov-Smirnov chart: {name}", ks_chart(name)))
        return figs

    def html(self, svgs: dict[str, str], keys: list[tuple[str, str]]) -> str:
        from .report_html import esc as _esc
        from .report_html import html_figures as _html_figures
        from .report_html import html_table as _html_table

        parts = [f"<h2>{_esc(self.title)}</h2>", f'<p class="note">{_esc(self.description())}</p>']
        if self.calibrations:
            parts.append(_html_table(*self.calibration_rows()))
        if self.gains:
            parts += ["<h3>Gains and Kolmogorov-Smirnov (highest scores first)</h3>", _html_table(*self.gains_rows())]
        parts += [f'<p class="note">{_esc(n)}</p>' for n in self.notes]
        parts.append(_html_figures(svgs, keys))
        for name in self.gains:
            parts += [f"<h3>Gains table (deciles): {_esc(name)}</h3>", _html_table(*self.decile_rows(name))]
        return "\n".join(parts)


def _parts(name: str, cal: Calibration | MultiCalibration) -> list[tuple[str, Calibration]]:
    if isinstance(cal, Calibration):
        return [(name, cal)]
    out = [(f"{name}, top label", cal.top_label)] if cal.top_label is not None else []
    prefix = "class" if cal.task == "multiclass" else "label"
    return out + [(f"{name}, {prefix} {c.label}", c) for c in cal.classes]


def _lift_at(curve: GainsCurve, depth: float) -> float:
    return float(np.interp(depth, curve.depth, curve.gain)) / depth


def _ks_display(counts: Any, name: str) -> Any:
    from .calibration_plots import KSDisplay

    above_fp, above_tp = np.r_[0.0, counts.fp[:-1]], np.r_[0.0, counts.tp[:-1]]
    return KSDisplay(
        counts.thresholds, 1 - above_fp / counts.N, 1 - above_tp / counts.P, ks_from_counts(counts), name=name
    )


def calibration_section(
    results: list,
    *,
    level: float = 0.95,
    n_bins: int = 10,
    strategy: str = "uniform",
    random_state: Any = 0,
    title: str = "Calibration and gains",
) -> CalibrationSection | None:
    """The section of a report's models (``ModelResult``): calibration where the scores are probabilities (or
    logits), gains and KS for binary models. None when no model qualifies."""
    calibrations, gains, notes, ks_inputs = {}, {}, [], {}
    skipped = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UndefinedMetricWarning)
        for m in results:
            ev, problem = m.evaluation, m.problem
            if ev.task == "binary":
                counts = ev.classes[0].counts
                if counts.P > 0 and counts.N > 0:
                    gains[m.name] = (gains_from_counts(counts), gains_table_from_counts(counts), ks_from_counts(counts))
                    ks_inputs[m.name] = counts
            if problem is None or problem.score_kind == "score":
                skipped.append(m.name)
                continue
            calibrations[m.name] = calibration_of_problem(
                problem,
                n_bins=n_bins,
                strategy=strategy,
                level=level,
                interval="bootstrap",
                n_resamples=ECE_RESAMPLES,
                random_state=random_state,
                progress=False,
            )
    if skipped:
        notes.append(
            f"No calibration for {', '.join(map(repr, skipped))}: scores that are not probabilities (or "
            "given as evaluations) cannot be calibrated as they are."
        )
    for w in caught:
        text = str(w.message)
        if text not in notes:
            notes.append(text)
    if not calibrations and not gains:
        return None
    return CalibrationSection(title, calibrations, gains, n_bins, strategy, level, notes, ks_inputs)
