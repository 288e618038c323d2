"""What a distributed engine runs on each batch and on the client, engine-free (numpy only).

An engine (``rocauc.dask``, ``rocauc.spark``) only moves batches and small results:

1. on each batch: :func:`batch_sketches` (validate the batch once with ``normalize``, cut it into keyed binary
   problems - one per class, the micro-average and each ``by`` group - and sketch each);
2. on the client: :func:`add_sketches` (any order), then :func:`make_plans`;
3. on each batch again (exact answers only): :func:`batch_split` cuts each problem's rows by score range;
4. where the rows of one (problem, range) meet: :func:`range_summary`;
5. on the client: :func:`results` and :func:`evaluation` (the in-memory evaluation types, averaged by the same
   code as ``rocauc.evaluate``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..core.curves import RocCurve, average_roc
from ..core.decision import OperatingPoint, _rates
from ..core.decision import _averages as _rate_averages
from ..core.decision import _decision as _argmax_or_labels
from ..core.errors import HardPredictionWarning, UndefinedMetricWarning, warn
from ..core.inputs import Problem, _py, normalize
from ..stats.evaluation import ClassEvaluation, Evaluation, _averages
from .partition import (
    ALL,
    PartitionResult,
    RangePlan,
    RangeSummary,
    Sketch,
    bits_for_error,
    combine,
    packs,
    plan_ranges,
    refined_bits,
    sketch_of,
    summarize_packed,
    summarize_range,
)

__all__ = [
    "Spec",
    "Meta",
    "batch_sketches",
    "add_sketches",
    "make_plans",
    "batch_split",
    "range_summary",
    "results",
    "evaluation",
    "EXACT_BITS",
    "ROWS_PER_RANGE",
]

EXACT_BITS = 16  # the sketch that only cuts ranges
ROWS_PER_RANGE = 1 << 22  # about this many rows are counted in one place
PLAN_STRIDE = 16


@dataclass(frozen=True)
class Spec:
    """How to read a batch: ``normalize``'s options, which scores to compute, and whether to count the decision
    matrix (``threshold``) for an evaluation."""

    labels: Any = None
    pos_label: Any = None
    from_logits: bool = False
    task: str | None = None
    micro: bool = False
    what: tuple = ALL
    decision: bool = False
    threshold: float | None = None


@dataclass
class Meta:
    """What the client learns about the data besides the sketches (it adds like them)."""

    task: str | None = None
    classes: list | None = None
    positive_label: Any = None
    score_kind: str | None = None
    n_samples: int = 0
    decision: dict = field(default_factory=dict)  # group -> (matrix, exact-match weight, total weight)

    def __add__(self, other: Meta) -> Meta:
        if self.task is None:
            return other if other.task is not None else Meta(n_samples=self.n_samples + other.n_samples)
        if other.task is None:
            return replace(self, n_samples=self.n_samples + other.n_samples)
        if other.task != self.task or other.classes != self.classes:
            raise ValueError(
                f"batches disagree on the problem: {self.task} with classes {self.classes} and {other.task} with "
                f"classes {other.classes}; pass labels=[...] (and pos_label=) so that every batch reads the same."
            )
        decision = dict(self.decision)
        for g, (m, e, t) in other.decision.items():
            if g in decision:
                m0, e0, t0 = decision[g]
                decision[g] = (m0 + m, e0 + e, t0 + t)
            else:
                decision[g] = (m, e, t)
        kind = self.score_kind if self.score_kind == other.score_kind else "score"
        return Meta(self.task, self.classes, self.positive_label, kind, self.n_samples + other.n_samples, decision)


Key = tuple  # (group, label); group None without ``by``; label "micro" for the micro-average


def _problem(spec: Spec, y: Any, s: Any, w: Any) -> Problem:
    labels = spec.labels
    if labels is None and s.ndim == 2 and s.shape[1] > 2 and y.ndim == 1 and y.dtype.kind in "iu":
        labels = list(range(s.shape[1]))  # integer codes index the columns: a batch may lack some classes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HardPredictionWarning)  # a batch of few distinct scores is not a verdict
        return normalize(
            y, s, sample_weight=w, labels=labels, pos_label=spec.pos_label, from_logits=spec.from_logits, task=spec.task
        )


def _binary_problems(spec: Spec, p: Problem) -> dict:
    out = {}
    for label, y, s in p.one_vs_rest():
        out[label] = (y, s, p.weight)
    if spec.micro and p.task != "binary":
        k = p.n_classes
        w = None if p.weight is None else np.repeat(p.weight, k)
        out["micro"] = (p.indicator().ravel(), p.score.ravel(), w)
    return out


def _keyed(spec: Spec, y: Any, s: Any, w: Any, g: Any) -> tuple[Meta, dict]:
    """Validate a batch and cut it into keyed binary problems."""
    if g is None:
        groups = [(None, slice(None))]
    else:
        g = np.asarray(g)
        values, inverse = np.unique(g, return_inverse=True)
        groups = [(_py(v), inverse == i) for i, v in enumerate(values)]
    meta, keyed = Meta(), {}
    for group, rows in groups:
        yy, ss = np.asarray(y)[rows], np.asarray(s)[rows]
        ww = None if w is None else np.asarray(w)[rows]
        if ww is not None and ww.dtype.kind in "biuf":
            nonzero = ww != 0  # rows of zero weight carry nothing (a batch may hold only those)
            if not nonzero.all():
                yy, ss, ww = yy[nonzero], ss[nonzero], ww[nonzero]
        if yy.size == 0:
            continue
        p = _problem(spec, yy, ss, ww)
        decision = {}
        if spec.decision:
            from ..core.decision import decision_metrics

            d = decision_metrics(p, spec.threshold)
            weight = float(p.n_samples if p.weight is None else p.weight.sum())
            decision = {group: (d.matrix, d.accuracy * weight, weight)}
        meta = meta + Meta(p.task, [_py(c) for c in p.classes], p.positive_label, p.score_kind, p.n_samples, decision)
        for label, problem in _binary_problems(spec, p).items():
            keyed[(group, label)] = problem
    return meta, keyed


def batch_sketches(
    spec: Spec, bits: int, y: Any, s: Any, w: Any = None, g: Any = None, stride: int = 1
) -> tuple[Meta, dict]:
    """(meta, sketch by key) of one batch; ``stride > 1`` sketches every stride-th row only (enough to cut
    balanced ranges for an AUC, which needs no totals from the sketch: see :func:`plan_stride`)."""
    meta, keyed = _keyed(spec, y, s, w, g)
    sl = slice(None, None, stride)
    return meta, {
        key: sketch_of(yy[sl], ss[sl], None if ww is None else ww[sl], bits) for key, (yy, ss, ww) in keyed.items()
    }


def plan_stride(spec: Spec) -> int:
    """Rows per sketched row in the first pass of an exact answer: the AUC alone is combined from the ranges' own
    totals, so a sample places the range cuts (balance is approximate, exactness is not affected); average
    precision, curves and DeLong need the exact weight above each range, hence every row."""
    return PLAN_STRIDE if tuple(spec.what) == ("auc",) else 1


def add_sketches(a: tuple[Meta, dict], b: tuple[Meta, dict]) -> tuple[Meta, dict]:
    meta = a[0] + b[0]
    out = dict(a[1])
    for key, sk in b[1].items():
        out[key] = out[key] + sk if key in out else sk
    return meta, out


def n_ranges_for(sketch: Sketch, weighted: bool, at_least: int = 1, stride: int = 1) -> int:
    """Enough ranges that each holds about :data:`ROWS_PER_RANGE` rows (weights stand in for rows when
    weighted; a sketch of every ``stride``-th row stands for ``stride`` times its rows), and at least
    ``at_least`` (the engine's parallelism)."""
    rows = (sketch.P + sketch.N) * stride
    wanted = 1 if weighted else math.ceil(rows / ROWS_PER_RANGE)
    return int(max(1, min(4096, max(wanted, at_least))))


def make_plans(
    sketches: dict,
    *,
    weighted: bool,
    n_points: int = 1000,
    n_ranges: int | None = None,
    parallelism: int = 1,
    stride: int = 1,
) -> dict:
    return {
        key: plan_ranges(sk, n_ranges or n_ranges_for(sk, weighted, parallelism, stride), n_points)
        for key, sk in sketches.items()
    }


def batch_split(spec: Spec, plans: dict, y: Any, s: Any, w: Any = None, g: Any = None, wave: Any = None) -> dict:
    """The rows of each keyed problem of a batch cut by range: key -> list (one entry per range) of batches.
    ``wave`` (key -> (lo, hi)) keeps only the ranges ``lo <= r < hi`` of each key (see :func:`waves`)."""
    _, keyed = _keyed(spec, y, s, w, g)
    auc_only = tuple(spec.what) == ("auc",)
    out = {}
    for key, (yy, ss, ww) in keyed.items():
        if key not in plans or (wave is not None and key not in wave):
            continue
        lo, hi = (0, plans[key].n_ranges) if wave is None else wave[key]
        if auc_only and packs(yy, ss, ww):
            out[key] = plans[key].split_packed(yy, ss, lo, hi)
        else:
            out[key] = plans[key].split(yy, ss, ww, lo, hi)
    return out


def waves(plans: dict, rows: int, packed: bool, memory: float | None) -> list[dict]:
    """Split the second pass into waves that each hold about a quarter of ``memory`` bytes of rows in flight
    (8 bytes a row when packed, else about 32): a list of key -> (lo, hi) range slices, every range in exactly
    one wave. One wave (everything at once) when ``memory`` is None or the rows fit."""
    per_row = 8 if packed else 32
    n_waves = 1 if not memory else max(1, math.ceil(rows * per_row / (memory / 4)))
    n_waves = min(n_waves, max(p.n_ranges for p in plans.values()) if plans else 1)
    out = []
    for j in range(n_waves):
        wave = {}
        for key, plan in plans.items():
            lo, hi = (plan.n_ranges * j) // n_waves, (plan.n_ranges * (j + 1)) // n_waves
            if hi > lo:
                wave[key] = (lo, hi)
        out.append(wave)
    return out


def range_summary(plan: RangePlan, index: int, pieces: Sequence, what: Sequence[str] = ALL) -> RangeSummary:
    """Summarize one range from its pieces (one per batch; ``None`` where a batch had none)."""
    pieces = [p for p in pieces if p is not None and (p.size if isinstance(p, np.ndarray) else p[1].size)]
    if pieces and isinstance(pieces[0], np.ndarray):
        return summarize_packed(index, pieces)
    if not pieces:
        empty = np.zeros(0)
        return summarize_range(plan, index, np.zeros(0, bool), empty, None, what)
    y = np.concatenate([p[0] for p in pieces])
    s = np.concatenate([p[1] for p in pieces])
    w = None if pieces[0][2] is None else np.concatenate([p[2] for p in pieces])
    return summarize_range(plan, index, y, s, w, what)


def results(plans: dict, summaries: dict, sketches: dict, sampled: bool = False) -> dict:
    """key -> :class:`PartitionResult` from the summaries (key -> list of RangeSummary); the sketch's bounds
    are kept unless it saw a sample only."""
    nan = (float("nan"), float("nan"))
    return {
        key: combine(plans[key], summaries.get(key, []), nan if sampled else sketches[key].bounds()) for key in plans
    }


def certified_bits(max_error: float | None) -> int:
    return bits_for_error(1e-4 if max_error is None else max_error)


def needs_more_bits(sketches: dict, bits: int, max_error: float) -> int | None:
    """The resolution to sketch again at, or None when every problem's bounds are within ``2 * max_error``."""
    wanted = []
    for sk in sketches.values():
        low, high = sk.bounds()
        if np.isfinite(low):
            nxt = refined_bits(bits, low, high, max_error)
            if nxt is not None:
                wanted.append(nxt)
    return max(wanted) if wanted else None


# --------------------------------------------------------------------------------------------- results


def _class_evaluation(label: Any, r: PartitionResult) -> ClassEvaluation:
    return ClassEvaluation(
        label=label,
        counts_=r.counts,
        roc_auc=r.auc,
        average_precision=r.average_precision,
        pr_auc=r.pr_auc,
        positives=r.P,
        negatives=r.N,
    )


def _certified_evaluation(label: Any, sk: Sketch) -> ClassEvaluation:
    from ..core import scores as _scores

    c = sk.counts()
    ap, pr_area = _scores.precision_scores(c) if c.P > 0 else (float("nan"), float("nan"))
    return ClassEvaluation(
        label=label,
        counts_=c,
        roc_auc=sk.estimate(),
        average_precision=ap,
        pr_auc=pr_area,
        positives=c.P,
        negatives=c.N,
    )


def _decision(meta: Meta, group: Any, threshold: float | None) -> OperatingPoint:
    """The decision metrics of the summed confusion matrix, built as ``decision_metrics`` builds them."""
    matrix, exact_match, total = meta.decision[group]
    labels = meta.classes
    assert labels is not None  # set by the first batch, before any decision is summed
    if meta.task == "multiclass":
        tp = np.diag(matrix)
        fp = matrix.sum(axis=0) - tp
        fn = matrix.sum(axis=1) - tp
        tn = matrix.sum() - tp - fp - fn
        per_class = _rates(tp, fp, fn, tn)
        macro, weighted = _rate_averages(per_class)
        return _argmax_or_labels("argmax", labels, matrix, float(tp.sum() / matrix.sum()), per_class, macro, weighted)
    t = threshold if threshold is not None else (0.0 if meta.score_kind == "logit" else 0.5)
    if meta.task == "binary":
        tn, fp, fn, tp = matrix.ravel()
        return OperatingPoint.from_cells(
            t, "threshold", tp=tp, fp=fp, tn=tn, fn=fn, positive_label=meta.positive_label, labels=labels
        )
    tn, fp, fn, tp = (matrix[:, 0, 0], matrix[:, 0, 1], matrix[:, 1, 0], matrix[:, 1, 1])
    per_class = _rates(tp, fp, fn, tn)
    macro, weighted = _rate_averages(per_class)
    return _argmax_or_labels("per-label", labels, matrix, exact_match / total, per_class, macro, weighted, t)


def evaluation(
    meta: Meta, group: Any, per_key: dict, *, certified: bool = False, threshold: float | None = None
) -> Evaluation:
    """The :class:`rocauc.Evaluation` of one group from its keyed results (``PartitionResult``, or ``Sketch``
    with ``certified=True``), averaged by ``rocauc.evaluate``'s own rule."""
    make = _certified_evaluation if certified else _class_evaluation
    # set by the first batch: an evaluation is only built from data
    assert meta.task is not None and meta.classes is not None and meta.score_kind is not None
    labels = [meta.positive_label] if meta.task == "binary" else meta.classes
    classes = [make(label, per_key[(group, label)]) for label in labels]
    excluded = [c.label for c in classes if not (c.positives > 0 and c.negatives > 0)]
    decision = _decision(meta, group, threshold) if group in meta.decision else None
    first = per_key[(group, labels[0])]
    n = int(first.m + first.n) if isinstance(first, PartitionResult) else int(round(first.P + first.N))
    if meta.task == "binary":
        only = classes[0]
        if excluded:
            warn(f"only one class is present{_in(group)}: the AUCs are undefined (NaN).", UndefinedMetricWarning)
        averages = {
            "roc_auc": {"binary": only.roc_auc},
            "average_precision": {"binary": only.average_precision},
            "pr_auc": {"binary": only.pr_auc},
        }
        return Evaluation(
            meta.task,
            meta.classes,
            meta.positive_label,
            n,
            meta.score_kind,
            classes,
            only.roc_auc,
            only.average_precision,
            averages,
            None,
            None,
            excluded,
            decision,  # type: ignore[arg-type]  # None where no decision was asked for (spec.decision false)
        )
    if excluded:
        warn(
            f"classes {excluded} have no positive (or no negative) samples{_in(group)}: their AUCs are undefined "
            "(NaN) and they are left out of the averages.",
            UndefinedMetricWarning,
        )
    micro = make("micro", per_key[(group, "micro")]) if (group, "micro") in per_key else None
    nan = float("nan")
    averages = {
        name: _averages(classes, name, nan if micro is None else getattr(micro, name))
        for name in ("roc_auc", "average_precision", "pr_auc")
    }
    defined = [c.roc for c in classes if c.label not in excluded]
    macro_roc = None
    if defined:
        fpr, tpr = average_roc(defined)
        macro_roc = RocCurve(fpr, tpr, np.full(fpr.shape, np.nan), averages["roc_auc"]["macro"])
    return Evaluation(
        meta.task,
        meta.classes,
        None,
        n,
        meta.score_kind,
        classes,
        averages["roc_auc"]["macro"],
        averages["average_precision"]["macro"],
        averages,
        micro,
        macro_roc,
        excluded,
        decision,  # type: ignore[arg-type]  # None where no decision was asked for (spec.decision false)
    )


def evaluations(meta: Meta, per_key: dict, certified: bool, threshold: float | None = None) -> dict:
    """One :class:`Evaluation` per group (``None`` when the rows are not grouped), in the order groups were met."""
    groups = list(dict.fromkeys(k[0] for k in per_key))
    return {g: evaluation(meta, g, per_key, certified=certified, threshold=threshold) for g in groups}


def per_group(by: Any, evaluations: dict, fn: Any) -> Any:
    """``fn`` of the one evaluation without ``by``, else a dict of ``fn`` per group."""
    if by is None:
        return fn(next(iter(evaluations.values())))
    return {g: fn(ev) for g, ev in evaluations.items()}


def warn_undefined_intervals(intervals: dict) -> None:
    """One warning naming the groups (or the problem) whose interval is NaN."""
    undefined = [g for g, iv in intervals.items() if not np.isfinite(iv.std_error)]
    if not undefined:
        return
    where = "" if undefined == [None] else f" in groups {undefined}"
    warn(
        f"DeLong's interval is undefined{where}: it needs both classes, with at least two samples each; the "
        "interval is NaN.",
        UndefinedMetricWarning,
    )


def _in(group: Any) -> str:
    return "" if group is None else f" in group {group!r}"


def pick(ev: Evaluation, name: str, average: str | None) -> Any:
    """One score of an evaluation, as the in-memory functions return it for ``average``."""
    if ev.task == "binary":
        return ev.averages[name]["binary"]
    if average is None:
        return np.array([getattr(c, name) for c in ev.classes])
    if average not in ("macro", "weighted", "micro"):
        raise ValueError(f"average={average!r} is not supported here; use 'macro', 'weighted', 'micro' or None.")
    return ev.averages[name][average]
