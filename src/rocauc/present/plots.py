"""Plots with matplotlib (an optional extra, imported only when something is drawn).

Each plot is a display object in scikit-learn's pattern: the constructor stores the data, ``from_predictions`` and
``from_evaluation`` compute it, and ``plot(ax=None)`` draws it and returns the display, whose ``ax_``, ``figure_``
and ``lines_`` are then set. Every display draws several curves on one axes.

>>> import numpy as np
>>> from rocauc.plot import RocDisplay
>>> y = np.array([0, 0, 1, 1, 0, 1])
>>> d = RocDisplay.from_predictions(y, {"A": [0.1, 0.4, 0.35, 0.8, 0.2, 0.9], "B": [0.3, 0.2, 0.6, 0.7, 0.1, 0.4]},
...                                ci=None)
>>> [line.get_label() for line in d.lines_]
['A (AUC = 0.889)', 'B (AUC = 1.000)']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.errors import require
from ..core.types import Labels, ModelScores, Scores, Weights
from ..stats.evaluation import Evaluation
from .common import (
    Span,
    as_models,
    evaluation_for_curves,
    evaluation_spans,
    fmt,
    fmt_count,
    fmt_interval,
    level_text,
    method_text,
    problem_of,
    span_of,
)

__all__ = [
    "Curve",
    "RocDisplay",
    "PrecisionRecallDisplay",
    "CrossValidatedRocDisplay",
    "ConfusionMatrixDisplay",
    "ThresholdDisplay",
    "CalibrationDisplay",
    "GainsDisplay",
    "LiftDisplay",
    "KSDisplay",
]

MACRO_LABEL = "macro-average"  # the vertical mean of the class curves: its area is the macro AUC


THIN_RESOLUTION = 2048
"""Curves with more points than 4 * THIN_RESOLUTION are drawn thinned to this many cells per axis."""


def thin(x: Any, y: Any, resolution: int = THIN_RESOLUTION) -> tuple[np.ndarray, np.ndarray]:
    """The points of a curve that a plot can show: with the axes cut into ``resolution`` cells each way, the first
    and last point of every run of points in the same cell (the curve moves less than a cell between them).
    Curves of up to ``4 * resolution`` points are returned whole. A million-point ROC curve becomes a few
    thousand points that draw the same picture, and drawing and legend placement stay fast.

    >>> x = np.linspace(0, 1, 100_001)
    >>> tx, ty = thin(x, x ** 2)
    >>> tx.size <= 2 * 2 * 2048, float(tx[0]), float(tx[-1])
    (True, 0.0, 1.0)
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = x.size
    if n <= 4 * resolution:
        return x, y

    def cells(v: np.ndarray) -> np.ndarray:
        finite = np.isfinite(v)
        if not finite.any():
            return np.zeros(v.size)
        lo, hi = float(v[finite].min()), float(v[finite].max())
        q = np.floor((v - lo) / ((hi - lo) or 1.0) * resolution)
        return np.where(finite, q, -1.0)  # undefined values form their own cell

    qx, qy = cells(x), cells(y)
    change = (qx[1:] != qx[:-1]) | (qy[1:] != qy[:-1])
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    keep[1:] |= change
    keep[:-1] |= change
    return x[keep], y[keep]


def _pyplot() -> Any:
    return require("matplotlib.pyplot", "plot", "plotting")


def _axes(ax: Any) -> Any:
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(6.4, 6.0), layout="constrained")
    return ax


def _legend(ax: Any, loc: str, entries: int, **kwargs: Any) -> Any:
    """A legend at ``loc``, or with ``loc="outside"`` below the axes (two columns for more than five entries),
    where it covers neither the curves nor the axes. Never matplotlib's ``"best"`` search over every point."""
    if loc == "outside":
        many = entries > 5
        return ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.13),
            ncol=2 if many else 1,
            fontsize="x-small" if many else "small",
            title_fontsize="x-small" if many else "small",
            columnspacing=1.0,
            handlelength=1.8,
            **kwargs,
        )
    return ax.legend(loc=loc, fontsize="small", title_fontsize="small", **kwargs)


def _entries(ax: Any) -> int:
    return len([h for h in ax.get_legend_handles_labels()[1] if not h.startswith("_")])


@dataclass(frozen=True, eq=False)
class Curve:
    """One line of a plot: its points, its name, its area (AUC or AP) with an interval when known, and its role:
    ``"model"``, ``"class"``, ``"micro"`` or ``"macro"``. ``baseline`` is the prevalence (precision-recall).

    Examples
    --------
    >>> import numpy as np
    >>> curve = Curve("model", np.array([0.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0]), 1.0)
    >>> RocDisplay([curve]).plot().lines_[0].get_label()
    'model (AUC = 1.000)'
    """

    name: str
    x: np.ndarray
    y: np.ndarray
    score: float
    interval: Span | None = None
    kind: str = "model"
    baseline: float = float("nan")
    band: Any = None  # a rocauc.CurveBand drawn as a shaded region (ROC: sensitivity along FPR; PR: precision)

    def label(self, metric: str) -> str:
        text = f"{metric} = {fmt(self.score)}"
        if self.interval is not None:
            text += f" {fmt_interval(self.interval)}"
        return f"{self.name} ({text})"


_STYLE: dict[str, dict[str, Any]] = {
    "model": {"linewidth": 2.0},
    "class": {"linewidth": 1.4, "alpha": 0.85},
    "micro": {"linewidth": 2.6, "linestyle": ":", "color": "deeppink"},
    "macro": {"linewidth": 2.6, "linestyle": "--", "color": "navy"},
    "empirical": {"linewidth": 1.0, "alpha": 0.45, "color": "0.35", "drawstyle": "default"},
}


def _interval_title(curves: Sequence[Curve], metric: str) -> str | None:
    spans = [c.interval for c in curves if c.interval is not None]
    if not spans:
        return None
    levels = {level_text(s.level) for s in spans}
    methods = {method_text(s.method) for s in spans if s.method}
    method = ", ".join(sorted(methods))
    return f"{metric} [{'/'.join(sorted(levels))} CI{', ' + method if method else ''}]"


def _intervals(
    y_true: Any,
    y_score: Any,
    ci: str | None,
    level: float,
    kwargs: dict,
    task: str,
    n_resamples: int = 2000,
    random_state: Any = None,
) -> tuple[Span | None, dict | None]:
    """The AUC interval of a model (binary AUC, or macro average) and, for several classes, of each class."""
    if ci is None:
        return None, None
    import warnings

    from ..core.errors import UndefinedMetricWarning
    from ..stats.intervals import roc_auc_ci

    kw = dict(level=level, method=ci, random_state=random_state, progress=False, **kwargs)
    if ci == "bootstrap":
        kw["n_resamples"] = n_resamples
    if task == "binary":
        return span_of(roc_auc_ci(y_true, y_score, **kw)), None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        macro = span_of(roc_auc_ci(y_true, y_score, average="macro", **kw))
        intervals = roc_auc_ci(y_true, y_score, average=None, **kw)
        assert isinstance(intervals, dict)  # average=None: one interval per class
        per_class = {label: span_of(v) for label, v in intervals.items()}
    return macro, per_class


_BANDS = (None, "pointwise", "simultaneous")


def _check_band(band: Any) -> None:
    if band not in _BANDS:
        raise ValueError(f"band={band!r} is not one of {_BANDS}: a shaded confidence band of each curve (bootstrap).")


def _band_of(
    which: str, y_true: Any, scores: Any, band: str | None, level: float, n_resamples: int, common: dict, task: str
) -> Any:
    """The bootstrap band of a binary model's curve, or None."""
    if band is None:
        return None
    if task != "binary":
        raise ValueError(
            "band= draws the band of a binary curve; for a multi-class model plot one class against the "
            "rest (y_true == k, y_score[:, k])."
        )
    from ..stats.bands import pr_band, roc_band

    kw: dict[str, Any] = dict(
        kind=band,
        level=level,
        n_resamples=n_resamples,
        random_state=0,
        progress=False,
        sample_weight=common.get("sample_weight"),
        pos_label=common.get("pos_label"),
    )
    return roc_band(y_true, scores, **kw) if which == "roc" else pr_band(y_true, scores, **kw)


def _draw_bands(ax: Any, curves: Sequence[Curve], lines: Sequence[Any]) -> list:
    out = []
    for c, line in zip(curves, lines):
        if c.band is not None:
            out.append(
                ax.fill_between(
                    c.band.x, c.band.low, c.band.high, color=line.get_color(), alpha=0.18, linewidth=0, label="_band"
                )
            )
    return out


def _band_title(curves: Sequence[Curve]) -> str | None:
    bands = [c.band for c in curves if c.band is not None]
    if not bands:
        return None
    b = bands[0]
    return f"shaded: {level_text(b.level)} {b.kind} band ({b.method}, {b.n_resamples} resamples)"


def _join_titles(*titles: str | None) -> str | None:
    present = [t for t in titles if t]
    return "\n".join(present) if present else None


def evaluation_interval(ev: Evaluation) -> Span | None:
    """The AUC interval an evaluation carries (binary, or the macro average), or None."""
    return evaluation_spans(ev)[0]


# --------------------------------------------------------------------------------------------------- ROC


class RocDisplay:
    """ROC curves on one axes: several classifiers, or the classes of one multi-class (or multi-label) classifier
    with the micro- and macro-average curves.

    The legend gives each curve's AUC and, when known, its confidence interval. The macro-average curve is the
    vertical mean of the class curves (at each false positive rate, the mean true positive rate), so its area
    equals the reported macro AUC; the micro-average curve is that of the summed one-vs-rest counts tables.

    Examples
    --------
    >>> d = RocDisplay.from_predictions([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4], ci=None)
    >>> d.lines_[0].get_label(), d.chance_line_.get_label()
    ('model (AUC = 1.000)', 'chance (AUC = 0.5)')
    """

    metric = "AUC"

    def __init__(self, curves: Sequence[Curve], *, title: str | None = None) -> None:
        self.curves = list(curves)
        self.title = title

    @classmethod
    def from_evaluation(
        cls,
        evaluation: Evaluation | Mapping[str, Evaluation],
        *,
        average: str = "macro",
        ax: Any = None,
        **plot_kwargs: Any,
    ) -> RocDisplay:
        """Draw from :func:`rocauc.evaluate` results: one evaluation of a multi-class or multi-label classifier
        gives one curve per class plus the micro and macro averages; a mapping ``{name: evaluation}`` gives one
        curve per classifier (its ``average`` curve, ``"macro"`` or ``"micro"``, for multi-class ones)."""
        if isinstance(evaluation, Evaluation):
            main, per_class = evaluation_spans(evaluation)
            display = cls(class_curves(evaluation, "roc", per_class, main), title=_default_title(evaluation))
        else:
            display = cls([model_curve(name, ev, "roc", average) for name, ev in evaluation.items()])
        return display.plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_predictions(
        cls,
        y_true: Labels,
        y_score: ModelScores,
        *,
        sample_weight: Weights = None,
        pos_label: Any = None,
        labels: Any = None,
        from_logits: bool = False,
        task: str | None = None,
        ci: str | None = "auto",
        level: float = 0.95,
        average: str = "macro",
        band: str | None = None,
        n_resamples: int = 2000,
        random_state: Any = None,
        smooth: str | None = None,
        ax: Any = None,
        **plot_kwargs: Any,
    ) -> RocDisplay:
        """Draw from labels and scores: ``y_score`` is one classifier's scores, or ``{name: scores}`` for several.
        AUCs get a confidence interval (``ci="auto"``, the default of :func:`rocauc.roc_auc_ci`: logit-DeLong
        below 100 samples in the smaller class, else DeLong; or ``"delong"``, ``"delong-logit"``, ``"bootstrap"``
        with ``n_resamples`` and ``random_state``; None for none); the legend's title names the method used.
        ``band="pointwise"`` or ``"simultaneous"`` shades each binary curve's
        bootstrap confidence band at ``level`` (see :func:`rocauc.roc_band`; ``n_resamples`` resamples).
        ``smooth="binormal"`` or ``"density"`` draws each binary curve smoothed (see :func:`rocauc.smooth_roc`) with
        its smoothed AUC, and the empirical curve faintly behind it.

        >>> d = RocDisplay.from_predictions([0, 1, 2, 1], [[.8, .1, .1], [.2, .7, .1], [.1, .2, .7], [.3, .5, .2]])
        >>> [line.get_label() for line in d.lines_][-2:]
        ['micro-average (AUC = 1.000)', 'macro-average (AUC = 1.000)']
        """
        _check_band(band)
        models, several = as_models(y_score)
        common = dict(
            sample_weight=sample_weight, pos_label=pos_label, labels=labels, from_logits=from_logits, task=task
        )
        evaluations, spans, bands = {}, {}, {}
        for name, scores in models.items():
            problem = problem_of(y_true, scores, **common)
            evaluations[name] = evaluation_for_curves(problem)
            spans[name] = _intervals(None, problem, ci, level, {}, problem.task, n_resamples, random_state)
            bands[name] = _band_of("roc", y_true, scores, band, level, n_resamples, common, problem.task)
        if not several and evaluations["model"].task != "binary":
            ev = evaluations["model"]
            macro, per_class = spans["model"]
            return cls(class_curves(ev, "roc", per_class, macro), title=_default_title(ev)).plot(ax=ax, **plot_kwargs)
        curves = [
            with_band(
                model_curve(
                    name, ev, "roc", average, spans[name][0] if average == "macro" or ev.task == "binary" else None
                ),
                bands[name],
            )
            for name, ev in evaluations.items()
        ]
        if smooth is not None:
            curves = _smoothed(curves, y_true, models, smooth, common, evaluations)
        return cls(curves).plot(ax=ax, **plot_kwargs)

    def plot(
        self,
        ax: Any = None,
        *,
        inset: bool | Sequence[float] = False,
        chance: bool = True,
        title: str | None = None,
        legend_loc: str | None = None,
    ) -> RocDisplay:
        """Draw the curves, the chance diagonal and, with ``inset=True``, a zoomed view of where the curves bend
        (left out when there is nothing to zoom on), or of the box ``inset=(x0, x1, y0, y1)``. The legend goes in
        the lower right for up to three curves, else below the axes (``legend_loc`` sets it: a matplotlib
        location or ``"outside"``). Sets ``ax_``, ``figure_``, ``lines_``, ``chance_line_`` and ``inset_ax_``."""
        ax = _axes(ax)
        self.ax_, self.figure_ = ax, ax.figure
        self.lines_ = [
            ax.plot(*thin(c.x, c.y), label=c.label(self.metric), **_STYLE.get(c.kind, {}))[0] for c in self.curves
        ]
        self.bands_ = _draw_bands(ax, self.curves, self.lines_)
        self.chance_line_ = None
        if chance:
            (self.chance_line_,) = ax.plot(
                [0, 1], [0, 1], linestyle="--", color="0.45", linewidth=1, label="chance (AUC = 0.5)"
            )
        ax.set(
            xlim=(-0.01, 1.01),
            ylim=(-0.01, 1.01),
            xlabel="False positive rate (1 - specificity)",
            ylabel="True positive rate (sensitivity)",
        )
        ax.set_aspect("equal")
        ax.set_title(title or self.title or "ROC curve" + ("s" if len(self.curves) > 1 else ""))
        ax.grid(True, alpha=0.25)
        self.inset_ax_ = None
        if inset is not False and inset is not None:
            limits = bend_limits(self.curves) if inset is True else tuple(inset)
            if limits is not None:
                self.inset_ax_ = self._inset(ax, limits)
        loc = legend_loc or ("lower right" if len(self.curves) <= 3 else "outside")
        _legend(
            ax,
            loc,
            _entries(ax),
            title=_join_titles(_interval_title(self.curves, self.metric), _band_title(self.curves)),
        )
        return self

    def _inset(self, ax: Any, limits: Sequence[float]) -> Any:
        if len(limits) != 4:
            raise ValueError(f"inset must be True or (x0, x1, y0, y1), got {limits!r}.")
        x0, x1, y0, y1 = (float(v) for v in limits)
        if not (x0 < x1 and y0 < y1):
            raise ValueError(f"inset limits (x0, x1, y0, y1) need x0 < x1 and y0 < y1, got {limits!r}.")
        inner = ax.inset_axes([0.52, 0.36, 0.45, 0.45])
        for line in self.lines_:
            inner.plot(
                line.get_xdata(),
                line.get_ydata(),
                color=line.get_color(),
                linestyle=line.get_linestyle(),
                linewidth=line.get_linewidth(),
            )
        inner.set(xlim=(x0, x1), ylim=(y0, y1))
        inner.set_title("zoom", fontsize="x-small")
        inner.tick_params(labelsize="x-small")
        inner.locator_params(nbins=4)
        inner.grid(True, alpha=0.25)
        ax.indicate_inset_zoom(inner, edgecolor="0.4")
        return inner


def bend_limits(curves: Sequence[Curve], *, min_size: float = 0.08) -> tuple[float, float, float, float] | None:
    """The square box an ROC inset zooms on: centred on the points of the curves closest to the top-left corner
    (where ROC curves bend), at least ``2.5 * min_size`` wide and half again as wide as those points spread; None
    when there is nothing to zoom on (no curve, or the bends spread over most of the plot).

    >>> c = Curve("A", np.array([0.0, 0.05, 1.0]), np.array([0.0, 0.9, 1.0]), 0.9)
    >>> [round(v, 2) for v in bend_limits([c])]
    [0.0, 0.2, 0.8, 1.0]
    """
    knees = []
    for c in curves:
        x, y = np.asarray(c.x, dtype=np.float64), np.asarray(c.y, dtype=np.float64)
        ok = np.isfinite(x) & np.isfinite(y)
        if not ok.any():
            continue
        x, y = x[ok], y[ok]
        i = int(np.argmin(x**2 + (1 - y) ** 2))
        knees.append((x[i], y[i]))
    if not knees:
        return None
    xs, ys = np.array(knees).T
    size = max(2.5 * min_size, 1.5 * max(np.ptp(xs), np.ptp(ys)))
    if size > 0.6:  # the curves bend in different places: a zoom would show most of the plot again
        return None
    cx, cy = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
    x0 = min(max(0.0, cx - size / 2), 1.0 - size)
    y0 = min(max(0.0, cy - size / 2), 1.0 - size)
    return (float(x0), float(x0 + size), float(y0), float(y0 + size))


def _smoothed(
    curves: list[Curve], y_true: Any, models: Mapping, smooth: str, common: dict, evaluations: Mapping
) -> list[Curve]:
    """Each binary model's smoothed curve (its AUC in the label), after its empirical curve drawn faintly."""
    from ..stats.smooth import METHODS, smooth_roc

    if smooth not in METHODS:
        raise ValueError(f"smooth={smooth!r} is not one of {METHODS} (or None).")
    out = []
    for curve, (name, scores) in zip(curves, models.items()):
        if evaluations[name].task != "binary":
            raise ValueError(
                "smooth= smooths a binary ROC curve; for a multi-class model plot one class against the "
                "rest (y_true == k, y_score[:, k])."
            )
        fit = smooth_roc(
            y_true, scores, method=smooth, sample_weight=common.get("sample_weight"), pos_label=common.get("pos_label")
        )
        out += smooth_pair(curve, name, fit)
    return out


def smooth_pair(curve: Curve, name: str, fit: Any) -> list[Curve]:
    """A model's empirical curve drawn faintly (no legend entry), then its smoothed curve ``fit`` (a
    :class:`rocauc.SmoothRoc`) with the smoothed AUC in the label and the band, if any."""
    from dataclasses import replace

    return [
        replace(curve, name=f"_{name} (empirical)", kind="empirical", interval=None, band=None),
        replace(curve, name=f"{name}, {fit.method}-smoothed", x=fit.fpr, y=fit.tpr, score=fit.auc, interval=None),
    ]


def with_band(curve: Curve, band: Any) -> Curve:
    """The curve with its shaded band (a ``roc_band``/``pr_band`` result), or as it is when there is none."""
    if band is None:
        return curve
    from dataclasses import replace

    return replace(curve, band=band)


def _default_title(ev: Evaluation) -> str | None:
    if ev.task == "multiclass":
        return "ROC curves, one class against the rest"
    if ev.task == "multilabel":
        return "ROC curves, one per label"
    return None


def class_curves(ev: Evaluation, which: str, spans: Mapping | None = None, macro: Span | None = None) -> list[Curve]:
    """One curve per class (with its AUC interval from ``spans``), then the micro and macro averages."""
    spans = spans or {}
    curves = []
    for c in ev.classes:
        if c.label in ev.excluded:
            continue
        name = (
            str(c.label)
            if ev.task == "binary"
            else f"class {c.label}"
            if ev.task == "multiclass"
            else f"label {c.label}"
        )
        curves.append(
            _curve(
                name,
                c,
                which,
                "class" if ev.task != "binary" else "model",
                spans.get(c.label) if which == "roc" else None,
            )
        )
    if ev.micro is not None:
        curves.append(_curve("micro-average", ev.micro, which, "micro"))
    if which == "roc" and ev.macro_roc is not None:
        curves.append(Curve(MACRO_LABEL, ev.macro_roc.fpr, ev.macro_roc.tpr, ev.macro_roc.auc, macro, "macro"))
    return curves


def _curve(name: str, c: Any, which: str, kind: str, span: Span | None = None) -> Curve:
    if which == "roc":
        return Curve(name, c.roc.fpr, c.roc.tpr, c.roc_auc, span, kind)
    return Curve(name, c.pr.recall, c.pr.precision, c.average_precision, span, kind, c.pr.prevalence)


def model_curve(name: str, ev: Evaluation, which: str, average: str, span: Span | None = None) -> Curve:
    """The one curve that stands for a classifier: its binary curve, or its macro or micro average."""
    if which != "roc":
        span = None  # the intervals are those of the ROC AUC
    elif span is None and (ev.task == "binary" or average == "macro"):
        span = evaluation_interval(ev)
    if ev.task == "binary":
        return _curve(name, ev.classes[0], which, "model", span)
    if average not in ("macro", "micro"):
        raise ValueError(f"average must be 'macro' or 'micro' for a multi-class model's curve, got {average!r}.")
    if average == "micro" or which == "pr":
        return _curve(f"{name}, micro-average", ev.micro, which, "model")
    if ev.macro_roc is None:
        raise ValueError(f"model {name!r} has no class with both positives and negatives: no macro ROC curve.")
    return Curve(f"{name}, macro-average", ev.macro_roc.fpr, ev.macro_roc.tpr, ev.macro_roc.auc, span, "model")


# --------------------------------------------------------------------------------------------- precision-recall


class PrecisionRecallDisplay:
    """Precision-recall curves on one axes, with the chance baseline (precision = prevalence) and iso-F1 lines.

    The legend gives each curve's average precision (scikit-learn's step sum, drawn as steps).

    Examples
    --------
    >>> d = PrecisionRecallDisplay.from_predictions([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> d.lines_[0].get_label(), d.baseline_lines_[0].get_label()
    ('model (AP = 0.833)', 'chance (prevalence = 0.500)')
    """

    metric = "AP"

    def __init__(self, curves: Sequence[Curve], *, title: str | None = None) -> None:
        self.curves = list(curves)
        self.title = title

    @classmethod
    def from_evaluation(
        cls, evaluation: Evaluation | Mapping[str, Evaluation], *, ax: Any = None, **plot_kwargs: Any
    ) -> PrecisionRecallDisplay:
        """One evaluation: its curve (binary) or one per class plus the micro-average; a mapping
        ``{name: evaluation}``: one curve per classifier (the micro-average for multi-class ones)."""
        if isinstance(evaluation, Evaluation):
            display = cls(class_curves(evaluation, "pr"))
        else:
            display = cls([model_curve(name, ev, "pr", "micro") for name, ev in evaluation.items()])
        return display.plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_predictions(
        cls,
        y_true: Labels,
        y_score: ModelScores,
        *,
        sample_weight: Weights = None,
        pos_label: Any = None,
        labels: Any = None,
        from_logits: bool = False,
        task: str | None = None,
        band: str | None = None,
        level: float = 0.95,
        n_resamples: int = 2000,
        ax: Any = None,
        **plot_kwargs: Any,
    ) -> PrecisionRecallDisplay:
        """Draw from labels and scores (one classifier, or ``{name: scores}`` for several). ``band="pointwise"`` or
        ``"simultaneous"`` shades each binary curve's bootstrap band of the precision at ``level`` (see
        :func:`rocauc.pr_band`)."""
        _check_band(band)
        models, several = as_models(y_score)
        if band is not None:
            common = dict(sample_weight=sample_weight, pos_label=pos_label)
            curves = []
            for name, s in models.items():
                ev = evaluation_for_curves(
                    problem_of(
                        y_true,
                        s,
                        sample_weight=sample_weight,
                        pos_label=pos_label,
                        labels=labels,
                        from_logits=from_logits,
                        task=task,
                    )
                )
                curves.append(
                    with_band(
                        model_curve(name, ev, "pr", "micro"),
                        _band_of("pr", y_true, s, band, level, n_resamples, common, ev.task),
                    )
                )
            return cls(curves).plot(ax=ax, **plot_kwargs)
        evaluations = {
            name: evaluation_for_curves(
                problem_of(
                    y_true,
                    s,
                    sample_weight=sample_weight,
                    pos_label=pos_label,
                    labels=labels,
                    from_logits=from_logits,
                    task=task,
                )
            )
            for name, s in models.items()
        }
        if not several:
            return (
                cls.from_evaluation(evaluations["model"], ax=ax, **plot_kwargs)
                if evaluations["model"].task != "binary"
                else cls([model_curve("model", evaluations["model"], "pr", "micro")]).plot(ax=ax, **plot_kwargs)
            )
        return cls.from_evaluation(evaluations, ax=ax, **plot_kwargs)

    def plot(
        self,
        ax: Any = None,
        *,
        iso_f1: Sequence[float] = (0.2, 0.4, 0.6, 0.8),
        baseline: bool = True,
        title: str | None = None,
        legend_loc: str = "outside",
    ) -> PrecisionRecallDisplay:
        """Draw the curves (as steps), the prevalence baselines and the iso-F1 lines. Sets ``ax_``, ``figure_``,
        ``lines_``, ``baseline_lines_`` and ``iso_f1_lines_``."""
        ax = _axes(ax)
        self.ax_, self.figure_ = ax, ax.figure
        self.iso_f1_lines_ = []
        for f in iso_f1:
            if not 0 < f < 1:
                raise ValueError(f"iso_f1 values must be in (0, 1), got {f!r}.")
            r = np.linspace(f / (2 - f) + 1e-9, 1, 200)
            p = f * r / (2 * r - f)
            (line,) = ax.plot(r, p, color="0.6", linewidth=0.8, alpha=0.6, label="_iso-F1")
            # the label sits outside the axes, where the line leaves them at recall 1: no curve covers it
            ax.annotate(
                f"F1 = {f:g}",
                xy=(1.0, f / (2 - f)),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize="x-small",
                color="0.45",
                annotation_clip=False,
            )
            self.iso_f1_lines_.append(line)
        self.lines_ = [
            ax.plot(*thin(c.x, c.y), drawstyle="steps-post", label=c.label(self.metric), **_STYLE.get(c.kind, {}))[0]
            for c in self.curves
        ]
        self.bands_ = _draw_bands(ax, self.curves, self.lines_)
        self.baseline_lines_ = []
        if baseline:
            levels: dict[float, Any] = {}
            for c, line in zip(self.curves, self.lines_):
                if np.isfinite(c.baseline):
                    levels.setdefault(round(float(c.baseline), 12), line.get_color())
            if len(levels) == 1:
                (value,) = levels
                self.baseline_lines_.append(
                    ax.axhline(
                        value, linestyle="--", color="0.3", linewidth=1, label=f"chance (prevalence = {fmt(value)})"
                    )
                )
            else:
                for value, color in levels.items():
                    self.baseline_lines_.append(
                        ax.axhline(value, linestyle=":", color=color, linewidth=1, label=f"_chance {fmt(value)}")
                    )
        ax.set(
            xlim=(-0.01, 1.01),
            ylim=(-0.01, 1.05),
            xlabel="Recall (true positive rate)",
            ylabel="Precision (positive predictive value)",
        )
        ax.set_aspect("equal")
        ax.set_title(title or self.title or "Precision-recall curve" + ("s" if len(self.curves) > 1 else ""))
        ax.grid(True, alpha=0.25)
        legend_title = _join_titles(
            "dotted: chance (each prevalence)" if len(self.baseline_lines_) > 1 else None, _band_title(self.curves)
        )
        _legend(ax, legend_loc, _entries(ax), title=legend_title)
        return self


# ----------------------------------------------------------------------------------------- cross-validation


class CrossValidatedRocDisplay:
    """Cross-validated ROC: each fold's curve faint, the mean curve bold with a band (+-1 standard deviation or
    a percentile band) on a common false positive rate grid, and "mean AUC = x ± s" in the legend.

    Build it with :meth:`from_cross_validation` from :func:`rocauc.cross_validate_roc`'s result.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from rocauc import cross_validate_roc
    >>> X, y = make_classification(200, random_state=0)
    >>> cv = cross_validate_roc(LogisticRegression(), X, y, cv=3, progress=False)
    >>> d = CrossValidatedRocDisplay.from_cross_validation(cv)
    >>> [t.get_text() for t in d.ax_.get_legend().get_texts()][-2]
    'LogisticRegression: mean ROC (mean AUC = 0.967 ± 0.014)'
    """

    def __init__(
        self,
        folds: Sequence[Curve],
        fpr: np.ndarray,
        mean_tpr: np.ndarray,
        band_low: np.ndarray,
        band_high: np.ndarray,
        mean_auc: float,
        std_auc: float,
        *,
        band_label: str = "± 1 std. dev.",
        name: str | None = None,
    ) -> None:
        self.folds = list(folds)
        self.fpr, self.mean_tpr = np.asarray(fpr), np.asarray(mean_tpr)
        self.band_low, self.band_high = np.asarray(band_low), np.asarray(band_high)
        self.mean_auc, self.std_auc = float(mean_auc), float(std_auc)
        self.band_label = band_label
        self.name = name

    @classmethod
    def from_cross_validation(cls, result: Any, *, ax: Any = None, **plot_kwargs: Any) -> CrossValidatedRocDisplay:
        """Draw a :class:`rocauc.crossval.CrossValidatedRoc`."""
        folds = [
            Curve(f"fold {i + 1}", c.fpr, c.tpr, auc) for i, (c, auc) in enumerate(zip(result.curves, result.aucs))
        ]
        display = cls(
            folds,
            result.fpr,
            result.mean_tpr,
            result.band_low,
            result.band_high,
            result.mean_auc,
            result.std_auc,
            band_label=result.band_label,
            name=result.name,
        )
        return display.plot(ax=ax, **plot_kwargs)

    def plot(
        self,
        ax: Any = None,
        *,
        folds: bool = True,
        chance: bool = True,
        color: str | None = None,
        title: str | None = None,
        legend_loc: str = "lower right",
    ) -> CrossValidatedRocDisplay:
        """Draw the folds, the mean curve and its band. Sets ``ax_``, ``figure_``, ``fold_lines_``,
        ``mean_line_``, ``band_``, ``chance_line_`` (and ``lines_``, all of the lines)."""
        ax = _axes(ax)
        self.ax_, self.figure_ = ax, ax.figure
        prefix = f"{self.name}: " if self.name else ""
        # one model: folds in the colour cycle, the mean in blue, the band grey; several (color=...): one colour
        mean_color, band_color = (color, color) if color else ("tab:blue", "0.5")
        self.fold_lines_ = []
        if folds:
            small = len(self.folds) <= 10
            cycle = [c.get("color") for c in _pyplot().rcParams["axes.prop_cycle"]][1:] or [None]
            for i, f in enumerate(self.folds):
                self.fold_lines_.append(
                    ax.plot(
                        *thin(f.x, f.y),
                        linewidth=1,
                        alpha=0.45,
                        color=color or cycle[i % len(cycle)],
                        label=f.label("AUC") if small else "_fold",
                        zorder=2,
                    )[0]
                )
        self.band_ = ax.fill_between(
            self.fpr,
            self.band_low,
            self.band_high,
            color=band_color,
            alpha=0.2,
            label=f"{prefix}{self.band_label}",
            linewidth=0,
            zorder=1,
        )
        self.mean_line_ = ax.plot(
            self.fpr,
            self.mean_tpr,
            linewidth=2.8,
            color=mean_color,
            zorder=3,
            label=f"{prefix}mean ROC (mean AUC = {fmt(self.mean_auc)} ± {fmt(self.std_auc)})",
        )[0]
        self.chance_line_ = None
        if chance:
            (self.chance_line_,) = ax.plot(
                [0, 1], [0, 1], linestyle="--", color="0.45", linewidth=1, label="chance (AUC = 0.5)"
            )
        self.lines_ = [self.mean_line_, *self.fold_lines_]
        ax.set(
            xlim=(-0.01, 1.01),
            ylim=(-0.01, 1.01),
            xlabel="False positive rate (1 - specificity)",
            ylabel="True positive rate (sensitivity)",
        )
        ax.set_aspect("equal")
        ax.set_title(title or f"Cross-validated ROC ({len(self.folds)} folds)")
        ax.grid(True, alpha=0.25)
        _legend(ax, legend_loc, _entries(ax))
        return self


# --------------------------------------------------------------------------------------------- decisions


class ConfusionMatrixDisplay:
    """Confusion matrix heatmap: each cell shows the (weighted) count and its normalized share.

    ``normalize`` is ``"true"`` (rows sum to 1: the rate of each true class), ``"pred"`` (columns) or ``"all"``;
    the colours follow the normalized values.

    Examples
    --------
    >>> d = ConfusionMatrixDisplay.from_predictions([0, 1, 1, 0], [0.2, 0.9, 0.4, 0.6], threshold=0.5)
    >>> [t.get_text() for t in d.text_.ravel()]
    ['1\\n50.0%', '1\\n50.0%', '1\\n50.0%', '1\\n50.0%']
    """

    def __init__(
        self, matrix: Any, labels: Sequence[Any], *, rule: str | None = None, title: str | None = None
    ) -> None:
        self.matrix = np.asarray(matrix, dtype=np.float64)
        self.labels = list(labels)
        self.rule = rule
        self.title = title

    @classmethod
    def from_evaluation(
        cls, evaluation: Evaluation, *, label: Any = None, ax: Any = None, **plot_kwargs: Any
    ) -> ConfusionMatrixDisplay:
        """The confusion matrix at the evaluation's decision rule (for multi-label, the 2x2 matrix of ``label``)."""
        d = evaluation.decision
        if evaluation.task == "multilabel":
            if label is None or label not in d.labels:
                raise ValueError(
                    f"a multi-label evaluation has one 2x2 matrix per label; pass label= one of {d.labels}."
                )
            j = d.labels.index(label)
            display = cls(d.matrix[j], [f"not {label}", str(label)], rule=d.rule, title=f"Label {label}")
        else:
            names = class_names(evaluation.labels) if evaluation.task == "binary" else d.labels
            display = cls(d.matrix, names, rule=d.rule)
        return display.plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_predictions(
        cls,
        y_true: Labels,
        y_score: Scores,
        *,
        threshold: float | None = None,
        sample_weight: Weights = None,
        pos_label: Any = None,
        labels: Any = None,
        from_logits: bool = False,
        ax: Any = None,
        **plot_kwargs: Any,
    ) -> ConfusionMatrixDisplay:
        """The confusion matrix of ``score >= threshold`` (binary; 0.5 for probabilities by default) or of the
        argmax (multi-class)."""
        from ..stats.evaluation import evaluate

        ev = evaluate(
            y_true,
            y_score,
            threshold=threshold,
            sample_weight=sample_weight,
            pos_label=pos_label,
            labels=labels,
            from_logits=from_logits,
        )
        return cls.from_evaluation(ev, ax=ax, **plot_kwargs)

    def plot(
        self,
        ax: Any = None,
        *,
        normalize: str | None = "true",
        cmap: str = "Blues",
        colorbar: bool = True,
        title: str | None = None,
    ) -> ConfusionMatrixDisplay:
        """Draw the heatmap. Sets ``ax_``, ``figure_``, ``im_`` and ``text_`` (the cell texts, same shape)."""
        if normalize not in ("true", "pred", "all", None):
            raise ValueError(f"normalize must be 'true', 'pred', 'all' or None, got {normalize!r}.")
        ax = _axes(ax)
        self.ax_, self.figure_ = ax, ax.figure
        m = self.matrix
        if normalize is None:
            shown = m
        else:
            total = {"true": m.sum(axis=1, keepdims=True), "pred": m.sum(axis=0, keepdims=True), "all": m.sum()}[
                normalize
            ]
            shown = np.divide(m, total, out=np.full(m.shape, np.nan), where=np.broadcast_to(total, m.shape) > 0)
        self.normalized_ = shown
        self.im_ = ax.imshow(np.nan_to_num(shown), cmap=cmap, vmin=0, vmax=1 if normalize else None)
        k = m.shape[0]
        self.text_ = np.empty(m.shape, dtype=object)
        threshold = (np.nanmax(shown) if np.isfinite(shown).any() else 0) / 2
        for i in range(k):
            for j in range(m.shape[1]):
                text = (
                    fmt_count(m[i, j])
                    if normalize is None
                    else f"{fmt_count(m[i, j])}\n{'–' if not np.isfinite(shown[i, j]) else f'{100 * shown[i, j]:.1f}%'}"
                )
                dark = np.isfinite(shown[i, j]) and shown[i, j] > threshold
                self.text_[i, j] = ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    fontsize="large" if k <= 3 else "medium" if k <= 6 else "small",
                    color="white" if dark else "black",
                )
        names = [str(v) for v in self.labels]
        ax.set_xticks(
            range(m.shape[1]),
            names,
            rotation=30 if max(map(len, names)) > 6 else 0,
            ha="right" if max(map(len, names)) > 6 else "center",
        )
        ax.set_yticks(range(k), names)
        ax.set(xlabel="Predicted label", ylabel="True label")
        norm_text = {
            "true": "rows sum to 100%",
            "pred": "columns sum to 100%",
            "all": "all cells sum to 100%",
            None: "counts",
        }[normalize]
        rule = f", {self.rule}" if self.rule else ""
        ax.set_title(title or self.title or f"Confusion matrix{rule}\n({norm_text})", fontsize="medium")
        if colorbar:
            ax.figure.colorbar(self.im_, ax=ax, fraction=0.046, pad=0.04)
        return self


def class_names(labels: Sequence[Any]) -> list[str]:
    """The axis names of a binary confusion matrix: each class label with its role.

    >>> class_names([0, 1])
    ['0 (negative)', '1 (positive)']
    """
    negative, positive = labels
    return [f"{negative} (negative)", f"{positive} (positive)"]


class ThresholdDisplay:
    """True positive rate, false positive rate and precision against the decision threshold (predicted positive
    iff ``score >= threshold``), with the chosen operating point marked.

    Examples
    --------
    >>> d = ThresholdDisplay.from_predictions([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], threshold=0.35)
    >>> [line.get_label() for line in d.lines_]
    ['true positive rate', 'false positive rate', 'precision']
    """

    def __init__(
        self,
        thresholds: Any,
        tpr: Any,
        fpr: Any,
        precision: Any,
        *,
        operating_threshold: float | None = None,
        operating_label: str | None = None,
        name: str | None = None,
    ) -> None:
        self.thresholds = np.asarray(thresholds, dtype=np.float64)
        self.tpr, self.fpr = np.asarray(tpr, dtype=np.float64), np.asarray(fpr, dtype=np.float64)
        self.precision = np.asarray(precision, dtype=np.float64)
        self.operating_threshold = operating_threshold
        self.operating_label = operating_label
        self.name = name

    @classmethod
    def from_evaluation(
        cls,
        evaluation: Evaluation,
        *,
        threshold: float | None = None,
        name: str | None = None,
        ax: Any = None,
        **plot_kwargs: Any,
    ) -> ThresholdDisplay:
        """Draw a binary evaluation; the marked operating point is ``threshold``, else the evaluation's chosen
        operating point, else its decision threshold."""
        if evaluation.task != "binary":
            raise ValueError(
                f"the threshold plot is for binary problems; this evaluation is {evaluation.task}. "
                "Evaluate one class against the rest (pos_label=..., y_score[:, k]) to draw it."
            )
        c = evaluation.classes[0].counts
        label = None
        if threshold is None:
            threshold, label = _evaluation_operating_point(evaluation)
        display = cls(*_threshold_curves(c), operating_threshold=threshold, operating_label=label, name=name)
        return display.plot(ax=ax, **plot_kwargs)

    @classmethod
    def from_predictions(
        cls,
        y_true: Labels,
        y_score: ModelScores,
        *,
        threshold: float | None = None,
        sample_weight: Weights = None,
        pos_label: Any = None,
        from_logits: bool = False,
        name: str | None = None,
        ax: Any = None,
        **plot_kwargs: Any,
    ) -> ThresholdDisplay:
        """Draw from a binary problem's labels and scores; ``threshold`` marks the operating point."""
        problem = problem_of(y_true, y_score, sample_weight=sample_weight, pos_label=pos_label, from_logits=from_logits)
        ev = evaluation_for_curves(problem, threshold)
        return cls.from_evaluation(ev, threshold=threshold, name=name, ax=ax, **plot_kwargs)

    def plot(self, ax: Any = None, *, title: str | None = None, legend_loc: str = "outside") -> ThresholdDisplay:
        """Draw the three rates as steps, and the operating point. Sets ``ax_``, ``figure_``, ``lines_``,
        ``operating_line_`` and ``operating_markers_``."""
        ax = _axes(ax)
        self.ax_, self.figure_ = ax, ax.figure
        t = self.thresholds[::-1]  # ascending: the rate at t holds for thresholds in (previous t, t]
        self.lines_ = [
            ax.plot(*thin(t, v[::-1]), drawstyle="steps-pre", label=name, linewidth=1.8, color=color)[0]
            for v, name, color in (
                (self.tpr, "true positive rate", "tab:green"),
                (self.fpr, "false positive rate", "tab:red"),
                (self.precision, "precision", "tab:blue"),
            )
        ]
        self.operating_line_, self.operating_markers_ = None, []
        if self.operating_threshold is not None and np.isfinite(self.operating_threshold):
            op = float(self.operating_threshold)
            at = _rates_at(self, op)
            text = self.operating_label or "operating point"
            desc = ", ".join(f"{k} {fmt(v, 2)}" for k, v in zip(("TPR", "FPR", "precision"), at))
            self.operating_line_ = ax.axvline(
                op, color="0.2", linestyle="--", linewidth=1, label=f"{text}: threshold {op:.4g} ({desc})"
            )
            for v, line in zip(at, self.lines_):
                if np.isfinite(v):
                    self.operating_markers_.append(
                        ax.plot([op], [v], "o", color=line.get_color(), markersize=6, label="_operating point")[0]
                    )
        ax.set(ylim=(-0.02, 1.02), xlabel="Threshold (predicted positive if score >= threshold)", ylabel="Rate")
        ax.set_title(title or ("Rates against the threshold" + (f": {self.name}" if self.name else "")))
        ax.grid(True, alpha=0.25)
        _legend(ax, legend_loc, _entries(ax))
        return self


def _threshold_curves(c: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    P, N = c.P, c.N
    tpr = c.tp / P if P > 0 else np.full(c.tp.shape, np.nan)
    fpr = c.fp / N if N > 0 else np.full(c.fp.shape, np.nan)
    ps = c.tp + c.fp
    precision = np.divide(c.tp, ps, out=np.full(c.tp.shape, np.nan), where=ps > 0)
    return c.thresholds, tpr, fpr, precision


def _rates_at(d: ThresholdDisplay, t: float) -> tuple[float, float, float]:
    """TPR, FPR and precision of ``score >= t``: those of the smallest listed threshold at or above ``t``."""
    at_or_above = np.flatnonzero(d.thresholds >= t)
    if not at_or_above.size:  # nothing predicted positive
        return 0.0, 0.0, float("nan")
    i = at_or_above[-1]
    return float(d.tpr[i]), float(d.fpr[i]), float(d.precision[i])


def _evaluation_operating_point(ev: Evaluation) -> tuple[float | None, str | None]:
    """The evaluation's chosen binary operating point (``evaluate(..., operating_point=...)``), else its decision
    threshold."""
    op = ev.extras.get("operating_point")
    t = getattr(op, "threshold", None)
    if t is not None and np.isfinite(t):
        criterion = getattr(op, "criterion", None)
        return float(t), f"operating point ({criterion})" if criterion else "operating point"
    t = ev.decision.threshold
    if t is None or not np.isfinite(t):
        return None, None
    return float(t), "decision threshold"


from .calibration_plots import CalibrationDisplay, GainsDisplay, KSDisplay, LiftDisplay  # noqa: E402
