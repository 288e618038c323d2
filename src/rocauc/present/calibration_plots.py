"""Displays of calibration, gains, lift and KS (exported from :mod:`rocauc.plot`), in scikit-learn's display
pattern: the constructor stores results, ``from_predictions`` computes them, ``plot(ax=None)`` draws and returns
the display, with ``ax_``, ``figure_`` and ``lines_`` set. Each display draws one or several models on one axes.

>>> from rocauc.plot import GainsDisplay
>>> y = [0, 1, 1, 0, 0, 1]
>>> d = GainsDisplay.from_predictions(y, {"A": [.1, .9, .6, .4, .2, .8], "B": [.5, .4, .6, .3, .2, .1]})
>>> [line.get_label() for line in d.lines_]
['A (gains area = 0.750)', 'B (gains area = 0.528)']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..core.errors import require
from ..core.types import Labels, ModelScores, Weights
from ..stats.calibration import Calibration, MultiCalibration, calibration
from ..stats.gains import GainsCurve, KSStatistic, gains_from_counts, ks_from_counts
from .common import as_models, fmt, level_text, method_text

__all__ = ["CalibrationDisplay", "GainsDisplay", "KSDisplay", "LiftDisplay"]


def _axes(ax: Any, size: tuple[float, float] = (6.4, 6.0)) -> Any:
    if ax is None:
        _, ax = require("matplotlib.pyplot", "plot", "plotting").subplots(figsize=size)
    return ax


def _binary_tables(y_true: Any, y_score: Any, sample_weight: Any, pos_label: Any, from_logits: bool) -> dict:
    """``{name: counts table}`` of one or several binary classifiers' scores."""
    from ..core.counts import exact_counts
    from ..core.policy import as_problem

    models, _ = as_models(y_score)
    out = {}
    for name, scores in models.items():
        p = as_problem(
            y_true, scores, sample_weight=sample_weight, pos_label=pos_label, from_logits=from_logits, task="binary"
        )
        out[name] = exact_counts(p.y, p.score, p.weight)
    return out


# --------------------------------------------------------------------------------------------- calibration


class CalibrationDisplay:
    """Reliability diagram: observed frequency of positives against mean predicted probability per bin, with each
    bin's interval, the diagonal of perfect calibration and the number of predictions per bin.

    The legend gives each curve's ECE, Brier score and calibration slope. ``calibrations`` maps a name to a
    :class:`rocauc.Calibration`. A multi-class model gives its top-label curve and one curve per class.

    Examples
    --------
    >>> y, p = [0, 0, 1, 1, 0, 1, 1, 0], [.1, .3, .8, .35, .65, .9, .7, .2]
    >>> d = CalibrationDisplay.from_predictions(y, p, n_bins=2)
    >>> d.lines_[0].get_label()
    'model (ECE = 0.012, Brier = 0.141, slope = 1.46)'
    """

    def __init__(self, calibrations: Mapping[str, Calibration], *, title: str | None = None) -> None:
        self.calibrations = dict(calibrations)
        self.title = title

    @classmethod
    def from_calibration(
        cls, result: Calibration | MultiCalibration | Mapping[str, Calibration], *, ax: Any = None, **plot_kwargs: Any
    ) -> CalibrationDisplay:
        """Draw :func:`rocauc.calibration` results: one, a multi-class one (top label and classes), or a mapping
        ``{name: calibration}``."""
        return cls(named_calibrations(result)).plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_predictions(
        cls,
        y_true: Labels,
        y_prob: ModelScores,
        *,
        n_bins: int = 10,
        strategy: str = "uniform",
        interval: str | None = "wilson",
        level: float = 0.95,
        sample_weight: Weights = None,
        pos_label: Any = None,
        labels: Any = None,
        from_logits: bool = False,
        random_state: Any = 0,
        ax: Any = None,
        **plot_kwargs: Any,
    ) -> CalibrationDisplay:
        """Draw from labels and probabilities: ``y_prob`` is one model's probabilities or ``{name: probs}``."""
        models, several = as_models(y_prob)
        results = {}
        for name, probs in models.items():
            results[name] = calibration(
                y_true,
                probs,
                n_bins=n_bins,
                strategy=strategy,
                interval=interval,
                level=level,
                sample_weight=sample_weight,
                pos_label=pos_label,
                labels=labels,
                from_logits=from_logits,
                random_state=random_state,
                progress=False,
            )
        if not several:
            return cls.from_calibration(results["model"], ax=ax, **plot_kwargs)
        flat = {}
        for name, r in results.items():
            flat[name if isinstance(r, Calibration) else f"{name}, top label"] = (
                r if isinstance(r, Calibration) else r.top_label or r.classes[0]
            )
        return cls(flat).plot(ax=ax, **plot_kwargs)

    def plot(
        self,
        ax: Any = None,
        *,
        histogram: bool = True,
        error_bars: bool = True,
        title: str | None = None,
        legend_loc: str = "upper left",
    ) -> CalibrationDisplay:
        """Draw the curves. Sets ``ax_``, ``figure_``, ``lines_``, ``error_bars_``, ``diagonal_`` and
        ``hist_ax_`` (the axes of the bin counts, None without ``histogram``) with ``hist_bars_`` (one step
        histogram per curve: filled for one curve, outlined for several)."""
        ax = _axes(ax)
        self.ax_, self.figure_ = ax, ax.figure
        (self.diagonal_,) = ax.plot(
            [0, 1], [0, 1], linestyle="--", color="0.45", linewidth=1, label="perfectly calibrated"
        )
        self.lines_, self.error_bars_ = [], []
        for name, cal in self.calibrations.items():
            c = cal.curve
            (line,) = ax.plot(
                c.prob_pred, c.prob_true, marker="o", markersize=4, linewidth=1.8, label=_label(name, cal)
            )
            self.lines_.append(line)
            ok = np.isfinite(c.low) & np.isfinite(c.high)
            if error_bars and ok.any():
                err = np.vstack([c.prob_true[ok] - c.low[ok], c.high[ok] - c.prob_true[ok]])
                self.error_bars_.append(
                    ax.errorbar(
                        c.prob_pred[ok],
                        c.prob_true[ok],
                        yerr=np.maximum(err, 0),
                        fmt="none",
                        ecolor=line.get_color(),
                        elinewidth=1,
                        capsize=2,
                        alpha=0.8,
                        label="_interval",
                    )
                )
        self.hist_ax_ = None
        if histogram and self.calibrations:
            self.hist_ax_ = hist = ax.twinx()
            top = 1.0
            single = len(self.calibrations) == 1
            self.hist_bars_ = []
            for line, cal in zip(self.lines_, self.calibrations.values()):
                t = cal.table
                self.hist_bars_.append(
                    hist.stairs(
                        t.weight,
                        t.edges,
                        fill=single,
                        color=line.get_color(),
                        alpha=0.25 if single else 0.7,
                        linewidth=1.2,
                    )
                )
                top = max(top, float(t.weight.max()) if t.weight.size else 1.0)
            hist.set_ylim(0, top * 5)  # the bars fill the bottom fifth
            hist.set_ylabel("predictions per bin", fontsize="small", color="0.4")
            hist.tick_params(labelsize="x-small", colors="0.4")
            ax.set_zorder(hist.get_zorder() + 1)
            ax.patch.set_visible(False)
        ax.set(
            xlim=(-0.01, 1.01),
            ylim=(-0.01, 1.01),
            xlabel="Mean predicted probability",
            ylabel="Observed frequency of positives",
        )
        ax.set_title(title or self.title or "Reliability diagram")
        ax.grid(True, alpha=0.25)
        intervals = {
            (cal.curve.level, cal.curve.method) for cal in self.calibrations.values() if cal.curve.method != "none"
        }
        legend_title = None
        if error_bars and len(intervals) == 1:
            level, method = intervals.pop()
            legend_title = f"bars: {level_text(level)} {method_text(method)} interval per bin"
        ax.legend(loc=legend_loc, fontsize="small", title=legend_title, title_fontsize="small")
        return self


def named_calibrations(result: Any) -> dict[str, Calibration]:
    if isinstance(result, Calibration):
        return {"model": result}
    if isinstance(result, MultiCalibration):
        out = {}
        if result.top_label is not None:
            out["top label"] = result.top_label
        prefix = "class" if result.task == "multiclass" else "label"
        out.update({f"{prefix} {c.label}": c for c in result.classes})
        return out
    return dict(result)


def _label(name: str, cal: Calibration) -> str:
    text = f"ECE = {fmt(cal.ece.estimate)}, Brier = {fmt(cal.brier)}"
    if cal.recalibration is not None and np.isfinite(cal.recalibration.slope.estimate):
        text += f", slope = {fmt(cal.recalibration.slope.estimate, 2)}"
    return f"{name} ({text})"


# --------------------------------------------------------------------------------------------- gains and lift


class GainsDisplay:
    """Cumulative gains: the share of positives captured against the share of the population targeted (highest
    scores first), with the random and the perfect targeting.

    ``curves`` maps a name to a :class:`rocauc.GainsCurve`; build it with :meth:`from_predictions`.

    Examples
    --------
    >>> d = GainsDisplay.from_predictions([0, 1, 1, 0], [0.1, 0.9, 0.6, 0.4])
    >>> d.lines_[0].get_label(), d.perfect_line_.get_label()
    ('model (gains area = 0.750)', 'perfect targeting (prevalence = 0.500)')
    """

    def __init__(self, curves: Mapping[str, GainsCurve], *, title: str | None = None) -> None:
        self.curves = dict(curves)
        self.title = title

    @classmethod
    def from_predictions(
        cls,
        y_true: Labels,
        y_score: ModelScores,
        *,
        sample_weight: Weights = None,
        pos_label: Any = None,
        from_logits: bool = False,
        ax: Any = None,
        **plot_kwargs: Any,
    ) -> GainsDisplay:
        """Draw from a binary problem's labels and scores (one model, or ``{name: scores}``)."""
        tables = _binary_tables(y_true, y_score, sample_weight, pos_label, from_logits)
        return cls({n: gains_from_counts(c) for n, c in tables.items()}).plot(ax=ax, **plot_kwargs)

    def plot(
        self, ax: Any = None, *, perfect: bool = True, title: str | None = None, legend_loc: str = "lower right"
    ) -> GainsDisplay:
        """Draw the curves. Sets ``ax_``, ``figure_``, ``lines_``, ``random_line_`` and ``perfect_line_``."""
        ax = _axes(ax)
        self.ax_, self.figure_ = ax, ax.figure
        self.lines_ = [
            ax.plot(c.depth, c.gain, linewidth=2, label=f"{name} (gains area = {fmt(c.area)})")[0]
            for name, c in self.curves.items()
        ]
        (self.random_line_,) = ax.plot(
            [0, 1], [0, 1], linestyle="--", color="0.45", linewidth=1, label="random targeting"
        )
        self.perfect_line_ = None
        prevalences = {round(c.prevalence, 12) for c in self.curves.values() if np.isfinite(c.prevalence)}
        if perfect and len(prevalences) == 1:
            (prev,) = prevalences
            (self.perfect_line_,) = ax.plot(
                [0, prev, 1],
                [0, 1, 1],
                linestyle=":",
                color="0.3",
                linewidth=1.2,
                label=f"perfect targeting (prevalence = {fmt(prev)})",
            )
        ax.set(
            xlim=(-0.01, 1.01),
            ylim=(-0.01, 1.01),
            xlabel="Share of the population targeted (highest scores first)",
            ylabel="Share of positives captured (gain)",
        )
        ax.set_aspect("equal")
        ax.set_title(title or self.title or "Cumulative gains")
        ax.grid(True, alpha=0.25)
        ax.legend(loc=legend_loc, fontsize="small")
        return self


class LiftDisplay:
    """Cumulative lift: how many times more positives than random targeting the top share of the population
    holds (``gain / depth``), against that share, with the baseline 1.

    Examples
    --------
    >>> d = LiftDisplay.from_predictions([0, 1, 1, 0], [0.1, 0.9, 0.6, 0.4])
    >>> d.lines_[0].get_label()
    'model (top 10%: lift = 2.00)'
    """

    def __init__(self, curves: Mapping[str, GainsCurve], *, title: str | None = None) -> None:
        self.curves = dict(curves)
        self.title = title

    @classmethod
    def from_predictions(
        cls,
        y_true: Labels,
        y_score: ModelScores,
        *,
        sample_weight: Weights = None,
        pos_label: Any = None,
        from_logits: bool = False,
        ax: Any = None,
        **plot_kwargs: Any,
    ) -> LiftDisplay:
        """Draw from a binary problem's labels and scores (one model, or ``{name: scores}``)."""
        tables = _binary_tables(y_true, y_score, sample_weight, pos_label, from_logits)
        return cls({n: gains_from_counts(c) for n, c in tables.items()}).plot(ax=ax, **plot_kwargs)

    def plot(
        self, ax: Any = None, *, at: float = 0.1, title: str | None = None, legend_loc: str = "upper right"
    ) -> LiftDisplay:
        """Draw the curves; the legend gives the lift at depth ``at`` (the top 10% by default). Sets ``ax_``,
        ``figure_``, ``lines_`` and ``baseline_``."""
        if not 0 < at <= 1:
            raise ValueError(f"at must be a share of the population in (0, 1], got {at!r}.")
        ax = _axes(ax, (7.0, 5.0))
        self.ax_, self.figure_ = ax, ax.figure
        self.lines_ = []
        for name, c in self.curves.items():
            inside = c.depth > 0
            lift_at = float(np.interp(at, c.depth, c.gain)) / at
            self.lines_.append(
                ax.plot(
                    c.depth[inside],
                    c.lift[inside],
                    linewidth=2,
                    label=f"{name} (top {at:.0%}: lift = {fmt(lift_at, 2)})",
                )[0]
            )
        self.baseline_ = ax.axhline(1.0, linestyle="--", color="0.45", linewidth=1, label="random targeting (lift 1)")
        ax.set(
            xlim=(0, 1.01), xlabel="Share of the population targeted (highest scores first)", ylabel="Cumulative lift"
        )
        ax.set_ylim(bottom=0)
        ax.set_title(title or self.title or "Cumulative lift")
        ax.grid(True, alpha=0.25)
        ax.legend(loc=legend_loc, fontsize="small")
        return self


class KSDisplay:
    """Kolmogorov-Smirnov chart: the cumulative distributions of the scores of positives and negatives against the
    threshold, with the largest gap (the KS statistic) marked.

    Examples
    --------
    >>> d = KSDisplay.from_predictions([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> d.gap_line_.get_label()
    'KS = 0.500 at threshold 0.8'
    """

    def __init__(
        self, thresholds: Any, negative_cdf: Any, positive_cdf: Any, ks: KSStatistic, *, name: str | None = None
    ) -> None:
        self.thresholds = np.asarray(thresholds, dtype=np.float64)
        self.negative_cdf = np.asarray(negative_cdf, dtype=np.float64)
        self.positive_cdf = np.asarray(positive_cdf, dtype=np.float64)
        self.ks = ks
        self.name = name

    @classmethod
    def from_predictions(
        cls,
        y_true: Labels,
        y_score: ModelScores,
        *,
        sample_weight: Weights = None,
        pos_label: Any = None,
        from_logits: bool = False,
        name: str | None = None,
        ax: Any = None,
        **plot_kwargs: Any,
    ) -> KSDisplay:
        """Draw from one binary classifier's labels and scores."""
        (c,) = _binary_tables(y_true, y_score, sample_weight, pos_label, from_logits).values()
        # the empirical CDF of each class at each distinct score: the share scored at or below it, i.e. 1 - the
        # share scored above it (the table row of the next higher score)
        above_fp, above_tp = np.r_[0.0, c.fp[:-1]], np.r_[0.0, c.tp[:-1]]
        display = cls(c.thresholds, 1 - above_fp / c.N, 1 - above_tp / c.P, ks_from_counts(c), name=name)
        return display.plot(ax=ax, **plot_kwargs)

    def plot(self, ax: Any = None, *, title: str | None = None, legend_loc: str = "lower right") -> KSDisplay:
        """Draw both distributions as steps and the KS gap. Sets ``ax_``, ``figure_``, ``lines_`` and
        ``gap_line_``."""
        ax = _axes(ax, (7.0, 5.0))
        self.ax_, self.figure_ = ax, ax.figure
        t = self.thresholds[::-1]
        self.lines_ = [
            ax.plot(t, v[::-1], drawstyle="steps-post", linewidth=2, color=color, label=label)[0]
            for v, color, label in (
                (self.negative_cdf, "tab:red", "negatives: share scored at or below"),
                (self.positive_cdf, "tab:green", "positives: share scored at or below"),
            )
        ]
        ks = self.ks
        self.gap_line_ = None
        if np.isfinite(ks.statistic):
            lo, hi = sorted((1 - ks.fpr, 1 - ks.tpr))
            self.gap_line_ = ax.vlines(
                ks.threshold,
                lo,
                hi,
                color="0.1",
                linewidth=2.2,
                label=f"KS = {fmt(ks.statistic)} at threshold {ks.threshold:.4g}",
            )
        ax.set(ylim=(-0.02, 1.02), xlabel="Threshold (score)", ylabel="Cumulative share of the class")
        ax.set_title(title or ("Kolmogorov-Smirnov chart" + (f": {self.name}" if self.name else "")))
        ax.grid(True, alpha=0.25)
        ax.legend(loc=legend_loc, fontsize="small")
        return self
