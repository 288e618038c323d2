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

import functools
import inspect
import math
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..core.curves import RocCurve, average_roc
from ..core.decision import OperatingPoint, _rates
from ..core.decision import _averages as _rate_averages
from ..core.decision import _decision as _argmax_or_labels
from ..core.errors import HardPredictionWarning, UndefinedMetricWarning, warn
from ..core.inputs import Problem, _py, normalize
from ..core.threads import capped
from ..stats.evaluation import ClassEvaluation, Evaluation, _averages
from ..stats.intervals import Interval, _delong_interval, _nan_interval
from . import reading as _reading
from .partition import (
    ALL,
    PartitionResult,
    RangePlan,
    Sketch,
    SketchBuilder,
    bits_for_error,
    combine,
    influence_covariance,
    influence_sums,
    packs,
    plan_ranges,
    range_placements,
    refined_bits,
    sketch_of,
    summarize_packed,
    summarize_range,
    summarize_sorted,
)
from .reading import Evidence

__all__ = [
    "Spec",
    "Meta",
    "read_batch",
    "batch_sketches",
    "batches_sketches",
    "settle",
    "add_sketches",
    "make_plans",
    "batch_split",
    "group_split",
    "place_range",
    "one_thread",
    "batch_split_read",
    "range_summary",
    "results",
    "evaluation",
    "EXACT_BITS",
    "ROWS_PER_RANGE",
]

EXACT_BITS = 16  # the sketch that only cuts ranges
ROWS_PER_RANGE = 1 << 22  # about this many rows are counted in one place
KEYED_ROWS_PER_RANGE = 1 << 24  # ... when they travel as 4-byte keys (an AUC alone, unweighted): 64 MB a range
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
    influence: bool = False  # send each range's placement values back to the rows' batches (multi-class DeLong)
    settled: bool = False  # the reading is the whole data's (see settle): a batch that cannot be read is an error


@dataclass
class Meta:
    """What the client learns about the data besides the sketches (it adds like them).

    ``task``, ``classes``, ``positive_label``: how the batches read the problem (the first batch's reading;
    ``consistent`` says whether every batch read it alike); ``evidence``: what all the rows say about the problem
    (:mod:`rocauc.distributed.reading`); ``unread``: some batch could not be read on its own (its rows are in no
    sketch); ``sampled``: the sketch saw a sample of the rows, so its evidence may be partial. :func:`settle`
    decides from these whether the batches must be read again with the whole data's reading.
    """

    task: str | None = None
    classes: list | None = None
    positive_label: Any = None
    score_kind: str | None = None
    n_samples: int = 0
    decision: dict = field(default_factory=dict)  # group -> (matrix, exact-match weight, total weight)
    influence: dict = field(default_factory=dict)  # group -> influence_sums of all batches (set on the client)
    evidence: Evidence | None = None
    consistent: bool = True
    unread: bool = False
    sampled: bool = False

    def reading(self) -> tuple:
        return self.task, self.classes, self.positive_label

    def __add__(self, other: Meta) -> Meta:
        evidence = self.evidence if other.evidence is None else other.evidence
        if self.evidence is not None and other.evidence is not None:
            evidence = self.evidence + other.evidence
        n = self.n_samples + other.n_samples
        unread, sampled = self.unread or other.unread, self.sampled or other.sampled
        if self.task is None or other.task is None:
            first = other if self.task is None else self
            consistent = self.consistent and other.consistent
            return replace(first, n_samples=n, evidence=evidence, consistent=consistent, unread=unread, sampled=sampled)
        # each batch reads its own rows: one holding only one-hot rows of a multi-label indicator reads as
        # multi-class; settle() reads the batches again with the whole data's reading where they disagree
        consistent = self.consistent and other.consistent and self.reading() == other.reading()
        decision = dict(self.decision) if consistent else {}
        for g, (m, e, t) in other.decision.items() if consistent else ():
            if g in decision:
                m0, e0, t0 = decision[g]
                decision[g] = (m0 + m, e0 + e, t0 + t)
            else:
                decision[g] = (m, e, t)
        kind = self.score_kind if self.score_kind == other.score_kind else "score"
        return Meta(
            self.task, self.classes, self.positive_label, kind, n, decision, {}, evidence, consistent, unread, sampled
        )


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


def read_batch(spec: Spec, y: Any, s: Any, w: Any = None, g: Any = None, evidence: bool = True) -> tuple[Meta, dict]:
    """:func:`_keyed`, with the batch's :class:`~rocauc.distributed.reading.Evidence` in the meta. A batch whose
    labels are valid but that cannot be read on its own (a one-hot batch of a multi-label indicator read as
    multi-class, with sigmoid scores; a batch lacking a class) is ``unread`` until the reading is settled
    (``spec.settled``); then every error is raised."""
    try:
        meta, keyed = _keyed(spec, y, s, w, g)
    except ValueError:
        if spec.settled or not _reading.clean_labels(y):
            raise
        meta, keyed = Meta(unread=True), {}
    if evidence:
        meta.evidence = _reading.evidence(y, s)
    return meta, keyed


def batch_sketches(
    spec: Spec, bits: int, y: Any, s: Any, w: Any = None, g: Any = None, stride: int = 1
) -> tuple[Meta, dict]:
    """(meta, sketch by key) of one batch; ``stride > 1`` sketches every stride-th row only (enough to cut
    balanced ranges for an AUC, which needs no totals from the sketch: see :func:`plan_stride`)."""
    meta, keyed = read_batch(spec, y, s, w, g)
    sl = slice(None, None, stride)
    return meta, {
        key: sketch_of(yy[sl], ss[sl], None if ww is None else ww[sl], bits) for key, (yy, ss, ww) in keyed.items()
    }


def one_thread(fn: Any) -> Any:
    """``fn`` run on one thread (:func:`rocauc.core.threads.capped`): a task of an engine that runs its tasks side
    by side (Dask's workers and threads, Spark's Python workers) is one of the parallel parts already, and each
    starting threads of its own oversubscribes the cores. For functions and generator functions (Spark's
    ``mapInArrow``)."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def rows(*args: Any, **kwargs: Any) -> Any:
            with capped(1):
                yield from fn(*args, **kwargs)

        rows.__signature__ = inspect.signature(fn)  # type: ignore[attr-defined]
        return rows

    @functools.wraps(fn)
    def task(*args: Any, **kwargs: Any) -> Any:
        with capped(1):
            return fn(*args, **kwargs)

    task.__signature__ = inspect.signature(fn)  # type: ignore[attr-defined]  # Spark reads a UDF's parameters
    return task


SAMPLE_BLOCK = 4096  # rows: a sample reads blocks of rows, a 1/stride of the memory (every stride-th row reads it all)


def _sample_rows(v: Any, stride: int) -> Any:
    """Every ``stride``-th block of :data:`SAMPLE_BLOCK` rows of ``v``, joined (every ``stride``-th row where
    there are few): the blocks are spread over the batch, and reading them reads 1/``stride`` of its memory.

    >>> import numpy as np
    >>> _sample_rows(np.arange(10), 4).tolist()
    [0, 4, 8]
    >>> int(_sample_rows(np.arange(10**6), 16).size)
    65536
    """
    n = len(v)
    if n < SAMPLE_BLOCK * stride * 2:
        return v[::stride]
    return np.concatenate([v[a : a + SAMPLE_BLOCK] for a in range(0, n, SAMPLE_BLOCK * stride)])


def batches_sketches(
    spec: Spec, bits: int, batches: Iterable[tuple], stride: int = 1, sample: bool = False
) -> tuple[Meta, dict]:
    """The added (meta, sketch by key) of several batches held in one place (an engine's task that sketches all
    the partitions one worker holds, so that one sketch per worker travels): each problem's rows of every batch
    go into one :class:`~rocauc.distributed.partition.SketchBuilder` (one dense table for unweighted float32
    scores, read once). Equals :func:`batch_sketches` of each batch, added. With ``sample`` only every
    ``stride``-th row of a batch is read at all (``meta.sampled``: the pass that reads every row checks the
    reading, see :func:`settle`). Raises ValueError where ``batches`` is empty."""
    meta = None
    builders: dict = {}
    rows = slice(None) if sample else slice(None, None, stride)  # of a read batch: a sample is read whole
    for batch in batches:
        if sample:
            batch = tuple(None if v is None else _sample_rows(v, stride) for v in batch)
        part, keyed = read_batch(spec, *batch)
        part.sampled = sample
        meta = part if meta is None else meta + part
        for key, (yy, ss, ww) in keyed.items():
            builders.setdefault(key, SketchBuilder(bits)).add(yy[rows], ss[rows], None if ww is None else ww[rows])
    if meta is None:
        raise ValueError("batches_sketches needs at least one batch.")
    return meta, {key: builder.sketch() for key, builder in builders.items()}


def settle(spec: Spec, meta: Meta) -> tuple[Spec, bool]:
    """(the Spec of the later passes, whether to sketch again with it). Every batch read the problem as
    ``normalize`` reads all the rows (the usual case): the same Spec, now ``settled``. Else a Spec with the whole
    data's ``task``, ``labels`` and ``pos_label``, with which each batch reads it so. A sketch of a sample
    (``meta.sampled``) settles nothing: the pass that reads every row decides (:func:`rocauc.distributed.api.run`).
    Raises ``normalize``'s error where the whole data cannot be read (e.g. string labels without ``pos_label``)."""
    if meta.sampled:
        return spec, False
    assert meta.evidence is not None  # every pass that reads the batches reports it
    whole = _reading.whole_reading(
        meta.evidence, labels=spec.labels, pos_label=spec.pos_label, from_logits=spec.from_logits, task=spec.task
    )
    if meta.consistent and not meta.unread and meta.reading() == whole:
        return replace(spec, settled=True), False
    return replace(spec, **_reading.pinned_options(meta.evidence, whole, spec.labels), settled=True), True


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


def n_ranges_for(
    sketch: Sketch, weighted: bool, at_least: int = 1, stride: int = 1, rows_per_range: int | None = None
) -> int:
    """Enough ranges that each holds about ``rows_per_range`` (default :data:`ROWS_PER_RANGE`) rows (weights
    stand in for rows when weighted; a sketch of every ``stride``-th row stands for ``stride`` times its rows),
    and at least ``at_least`` (the engine's parallelism)."""
    rows = (sketch.P + sketch.N) * stride
    wanted = 1 if weighted else math.ceil(rows / (rows_per_range or ROWS_PER_RANGE))
    return int(max(1, min(4096, max(wanted, at_least))))


def make_plans(
    sketches: dict,
    *,
    weighted: bool,
    n_points: int = 1000,
    n_ranges: int | None = None,
    parallelism: int = 1,
    stride: int = 1,
    keyed: bool = False,
) -> dict:
    """key -> :class:`RangePlan`. ``keyed`` (an unweighted AUC alone): ranges of :data:`KEYED_ROWS_PER_RANGE`
    rows, cut so that their float32 rows travel as 4-byte keys (:meth:`RangePlan.split_keys`)."""
    per_range = KEYED_ROWS_PER_RANGE if keyed else None
    return {
        key: plan_ranges(sk, n_ranges or n_ranges_for(sk, weighted, parallelism, stride, per_range), n_points, keyed)
        for key, sk in sketches.items()
    }


def batch_split(spec: Spec, plans: dict, y: Any, s: Any, w: Any = None, g: Any = None, wave: Any = None) -> dict:
    """The rows of each keyed problem of a batch cut by range: key -> list (one entry per range) of batches.
    ``wave`` (key -> (lo, hi)) keeps only the ranges ``lo <= r < hi`` of each key (see :func:`waves`). The reading
    is settled (every batch reads alike): a batch that cannot be read is an error."""
    return batch_split_read(replace(spec, settled=True), plans, y, s, w, g, wave, evidence=False)[1]


def batch_split_read(
    spec: Spec, plans: dict, y: Any, s: Any, w: Any = None, g: Any = None, wave: Any = None, evidence: bool = True
) -> tuple[Meta, dict]:
    """:func:`batch_split` with the batch's meta (:func:`read_batch`): where a sample planned the ranges, the pass
    that reads every row checks the reading (:func:`settle`)."""
    meta, keyed = read_batch(spec, y, s, w, g, evidence)
    return meta, {
        key: _split_rows(spec, key, plans[key], rows, span) for key, rows, span in _planned(keyed, plans, wave)
    }


def _planned(keyed: dict, plans: dict, wave: Any) -> Iterator[tuple]:
    """(key, (y, score, weight), (lo, hi)) of each problem of a read batch that the pass (or its ``wave``) counts."""
    for key, rows in keyed.items():
        if key in plans and (wave is None or key in wave):
            yield key, rows, (0, plans[key].n_ranges) if wave is None else wave[key]


def _packed_keys(spec: Spec, plan: RangePlan, rows: tuple) -> bool:
    """Whether a problem's rows travel as 4-byte keys (:meth:`RangePlan.split_keys`): an unweighted AUC alone of
    float32 scores, on a ``keyed`` plan."""
    return tuple(spec.what) == ("auc",) and plan.keyed and packs(*rows)


def _split_rows(spec: Spec, key: Any, plan: RangePlan, rows: tuple, span: tuple) -> list:
    """One problem's rows of a batch cut into the ranges ``lo <= r < hi`` of ``span``, in the form the ranges are
    counted from: 4-byte keys (:func:`_packed_keys`), packed widened floats (an AUC alone, unweighted), else
    rows with their weights (and their positions, for the placements of a multi-class interval)."""
    (yy, ss, ww), (lo, hi) = rows, span
    if _packed_keys(spec, plan, rows):
        return plan.split_keys(yy, ss, lo, hi)
    if tuple(spec.what) == ("auc",) and packs(yy, ss, ww):
        return plan.split_packed(yy, ss, lo, hi)
    return plan.split(yy, ss, ww, lo, hi, with_index=spec.influence and key[1] != "micro")


def group_split(
    spec: Spec, plans: dict, batches: Iterable[tuple], wave: Any = None, evidence: bool = False
) -> tuple[Meta, dict]:
    """(meta, key -> for each range a list of pieces): :func:`batch_split_read` of several batches held in one
    place (an engine's task that splits all the partitions one worker holds). Rows that travel as 4-byte keys
    (:func:`_packed_keys`) come joined, one array a range (:meth:`RangePlan.split_keys_joined`): a range's array
    sorts in place where it is, and the arrays of two places are counted merged
    (:func:`~rocauc.distributed.partition.summarize_sorted`)."""
    meta = Meta()
    out: dict = {}
    joined: dict = {}  # key -> (its ranges, the (y, score) of every batch), packed together below
    for y, s, w, g in batches:
        part, keyed = read_batch(spec, y, s, w, g, evidence=evidence)
        meta = meta + part
        for key, rows, span in _planned(keyed, plans, wave):
            if _packed_keys(spec, plans[key], rows):
                joined.setdefault(key, (span, []))[1].append(rows[:2])
                continue
            pieces = _split_rows(spec, key, plans[key], rows, span)
            got = out.setdefault(key, [[] for _ in pieces])
            for r, piece in enumerate(pieces):
                got[r].append(piece)
    for key, (span, batch_rows) in joined.items():
        keys = plans[key].split_keys_joined(batch_rows, *span)
        got = out.setdefault(key, [[] for _ in keys])  # a key whose batches split both ways: pieces and arrays
        for r, k in enumerate(keys):
            got[r].append(k)
    return meta, out


def waves(plans: dict, rows: int, packed: bool, memory: float | None) -> list[dict]:
    """Split the second pass into waves that each hold about a quarter of ``memory`` bytes of rows in flight
    (4 bytes a row when packed - keyed plans, :meth:`RangePlan.split_keys` - else about 32): a list of key ->
    (lo, hi) range slices, every range in exactly one wave. One wave (everything at once) when ``memory`` is None
    or the rows fit."""
    per_row = 4 if packed else 32
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


def place_range(pieces: list) -> list:
    """One place's pieces of a range, before they travel to where the range is counted: uint32 keys (an
    unweighted AUC) joined into one array (those of :func:`group_split` already are) and sorted where they are,
    in place; any other pieces as they are. The range's place then counts the sorted arrays merged
    (:func:`range_summary` with ``sorted_keys``)."""
    if not pieces or not all(isinstance(p, np.ndarray) and p.dtype == np.uint32 for p in pieces):
        return pieces
    keys = pieces[0] if len(pieces) == 1 else np.concatenate(pieces)
    if keys.flags.writeable:
        keys.sort()
    else:  # a copy that travelled here read-only
        keys = np.sort(keys)
    return [keys]


def range_summary(
    plan: RangePlan,
    index: int,
    pieces: Sequence,
    what: Sequence[str] = ALL,
    influence: bool = False,
    sorted_keys: bool = False,
) -> Any:
    """Summarize one range from its pieces (one per batch; ``None`` where a batch had none). With ``influence``
    (pieces carry their rows' positions): ``(summary, placements)``, ``placements[b]`` = (positions, labels,
    weights, centred placement values) of batch ``b``'s rows, or None (see :func:`batch_influence`). With
    ``sorted_keys``, uint32 pieces are sorted (:func:`place_range`)."""
    sizes = [0 if p is None else (p.size if isinstance(p, np.ndarray) else p[1].size) for p in pieces]
    kept = [p for p, n in zip(pieces, sizes) if n]
    if kept and isinstance(kept[0], np.ndarray):
        if sorted_keys and all(p.dtype == np.uint32 for p in kept):
            return summarize_sorted(index, kept)
        return summarize_packed(index, kept)
    if not kept:
        empty = np.zeros(0)
        summary = summarize_range(plan, index, np.zeros(0, bool), empty, None, what)
        return (summary, [None] * len(pieces)) if influence else summary
    y = np.concatenate([p[0] for p in kept])
    s = np.concatenate([p[1] for p in kept])
    w = None if kept[0][2] is None else np.concatenate([p[2] for p in kept])
    summary = summarize_range(plan, index, y, s, w, what)
    if not influence:
        return summary
    d = np.split(range_placements(plan, index, y, s, w), np.cumsum([p[1].size for p in kept])[:-1])
    parts = iter(d)
    placements = [(p[3], p[0], p[2], next(parts)) if n else None for p, n in zip(pieces, sizes)]
    return summary, placements


def batch_influence(labels: dict, entries: dict) -> dict:
    """One batch's :func:`influence_sums` per group: ``labels`` group -> class labels in order, ``entries`` key ->
    the batch's placements from each range of that key (:func:`range_summary` with ``influence``)."""
    out = {}
    for group, names in labels.items():
        parts = {name: [e for e in entries.get((group, name), []) if e is not None] for name in names}
        n = sum(e[0].size for e in parts[names[0]])
        if n == 0:
            continue
        indicator = np.zeros((n, len(names)), dtype=bool)
        placement = np.full((n, len(names)), np.nan)
        weight = None
        for j, name in enumerate(names):
            for index, y, w, d in parts[name]:
                indicator[index, j] = y
                placement[index, j] = d
                if w is not None:
                    if weight is None:
                        weight = np.zeros(n)
                    weight[index] = w
        out[group] = influence_sums(indicator, placement, weight)
    return out


def add_influence(a: dict, b: dict) -> dict:
    out = dict(a)
    for group, sums in b.items():
        out[group] = out[group] + sums if group in out else sums
    return out


def influence_labels(plans: dict) -> dict:
    """group -> the class labels whose placements a batch gathers (every key but the micro-average)."""
    out: dict = {}
    for group, label in plans:
        if label != "micro":
            out.setdefault(group, []).append(label)
    return out


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


def _certified_evaluation(label: Any, sk: Sketch, what: Sequence[str] = ALL) -> ClassEvaluation:
    """The evaluation of a sketch's binned table; its precision scores only where ``what`` asks for them (NaN
    else)."""
    from ..core import scores as _scores

    c = sk.counts()
    ap = pr_area = float("nan")
    if c.P > 0 and ("average_precision" in what or "pr_auc" in what):
        ap, pr_area = _scores.precision_scores(c)
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
    meta: Meta,
    group: Any,
    per_key: dict,
    *,
    certified: bool = False,
    threshold: float | None = None,
    what: Sequence[str] = ALL,
) -> Evaluation:
    """The :class:`rocauc.Evaluation` of one group from its keyed results (``PartitionResult``, or ``Sketch``
    with ``certified=True``: its precision scores are NaN unless ``what`` names them), averaged by
    ``rocauc.evaluate``'s own rule."""

    def make(label: Any, result: Any) -> ClassEvaluation:
        return _certified_evaluation(label, result, what) if certified else _class_evaluation(label, result)

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


def evaluations(
    meta: Meta,
    per_key: dict,
    certified: bool,
    threshold: float | None = None,
    ci: str | None = None,
    level: float = 0.95,
    what: Sequence[str] = ALL,
) -> dict:
    """One :class:`Evaluation` per group (``None`` when the rows are not grouped), in the order groups were met;
    with ``ci`` (a DeLong-based method, exact results only) their ROC AUC intervals, as ``rocauc.evaluate``'s.
    ``what``: the scores asked for (a certified evaluation computes no precision scores it is not asked for)."""
    groups = list(dict.fromkeys(k[0] for k in per_key))
    out = {g: evaluation(meta, g, per_key, certified=certified, threshold=threshold, what=what) for g in groups}
    if ci is not None and not certified:
        for g, ev in out.items():
            out[g] = replace(ev, extras={**ev.extras, "intervals": evaluation_intervals(meta, g, per_key, ci, level)})
    return out


class _ClassCounts:
    """What :func:`rocauc.stats.transformed.apply_roc_method` reads of a problem: samples per class."""

    def __init__(self, labels: list, counts: list, n_samples: int):
        self.labels, self.counts, self.n_samples = labels, np.asarray(counts, dtype=np.int64), n_samples

    def indicator(self) -> np.ndarray:
        return self.counts[None, :]

    def one_vs_rest(self):
        return ((label, None, None) for label in self.labels)


def _labels(meta: Meta) -> list:
    return [meta.positive_label] if meta.task == "binary" else list(meta.classes or [])


def average_interval(meta: Meta, group: Any, per_key: dict, average: str, level: float) -> Interval:
    """DeLong's interval of the macro or weighted average of the one-vs-rest AUCs (classes without both kinds of
    sample left out, as ``rocauc.roc_auc_ci``): the variance of the averaged influence values, from the classes'
    influence covariance (:func:`rocauc.distributed.partition.influence_covariance`)."""
    labels = _labels(meta)
    results = [per_key[(group, label)] for label in labels]
    included = [j for j, r in enumerate(results) if r.m > 0 and r.n > 0]
    if not included:
        return _nan_interval(float("nan"), level, "delong")
    positives = np.array([results[j].P for j in included])
    coefficient = positives / positives.sum() if average == "weighted" else np.full(len(included), 1 / len(included))
    estimate = float(sum(c * results[j].auc for c, j in zip(coefficient, included)))
    sums = meta.influence.get(group)
    if sums is None:
        return Interval(estimate, float("nan"), float("nan"), level, "delong")
    shifts = [r.shift for r in results]
    cov = influence_covariance(sums, results, shifts)[np.ix_(included, included)]
    var = float(coefficient @ cov @ coefficient)
    if not np.isfinite(var):
        return Interval(estimate, float("nan"), float("nan"), level, "delong")
    return _delong_interval(estimate, max(0.0, var), level)


def roc_intervals(meta: Meta, per_key: dict, average: str | None, level: float) -> dict:
    """group -> DeLong's interval of the binary AUC, or of the macro/weighted average, or (``average=None``) a
    dict of each class's; as ``rocauc.roc_auc_ci(..., method="delong")``."""
    out: dict = {}
    for group in dict.fromkeys(k[0] for k in per_key):
        if meta.task == "binary":
            out[group] = per_key[(group, meta.positive_label)].interval(level)
        elif average is None:
            out[group] = {label: per_key[(group, label)].interval(level) for label in _labels(meta)}
        else:
            out[group] = average_interval(meta, group, per_key, average, level)
    return out


def check_ci(ci: Any) -> Any:
    """An engine's ``evaluate(ci=...)``: the DeLong-based methods (the bootstrap needs the rows in one place)."""
    if ci not in ("auto", "delong", "delong-logit", None):
        raise ValueError(
            f"ci must be 'auto', 'delong', 'delong-logit' or None here, got {ci!r} (the bootstrap resamples rows "
            "in one place: use rocauc.evaluate on data that fits in memory)."
        )
    return ci


def check_interval_average(average: Any) -> Any:
    if average == "micro":
        raise ValueError(
            "DeLong intervals do not apply to the micro average (it pools the k entries of each sample, "
            "which are not independent); use average='macro', 'weighted' or None."
        )
    if average not in (None, "macro", "weighted"):
        raise ValueError(f"average must be 'macro', 'weighted' or None, got {average!r}.")
    return average


def evaluation_intervals(meta: Meta, group: Any, per_key: dict, method: str, level: float) -> Any:
    """The :class:`EvaluationIntervals` of one group's exact results, as ``rocauc.evaluate`` builds them: DeLong
    (``method``: "auto", "delong" or "delong-logit") for each class's AUC and the macro and weighted averages."""
    from ..stats.evaluation_stats import EvaluationIntervals
    from ..stats.transformed import apply_roc_method

    labels = _labels(meta)
    results = [per_key[(group, label)] for label in labels]
    problem = _ClassCounts(labels, [r.m for r in results], int(results[0].m + results[0].n))
    per_class = apply_roc_method(problem, {lab: r.interval(level) for lab, r in zip(labels, results)}, method)
    if meta.task == "binary":
        averages = {"roc_auc": {"binary": per_class[labels[0]]}}
    else:
        averages = {
            "roc_auc": {
                a: apply_roc_method(problem, average_interval(meta, group, per_key, a, level), method)
                for a in ("macro", "weighted")
            }
        }
    too_few = [lab for lab, ci in per_class.items() if np.isfinite(ci.estimate) and np.isnan(ci.low)]
    if too_few:
        warn(
            f"DeLong's variance needs at least two positive and two negative samples; the ROC AUC intervals of "
            f"{too_few}{_in(group)} are NaN.",
            UndefinedMetricWarning,
        )
    return EvaluationIntervals(level, averages, {"roc_auc": per_class})


def per_group(by: Any, evaluations: dict, fn: Any) -> Any:
    """``fn`` of the one evaluation without ``by``, else a dict of ``fn`` per group."""
    if by is None:
        return fn(next(iter(evaluations.values())))
    return {g: fn(ev) for g, ev in evaluations.items()}


def warn_undefined_intervals(intervals: dict) -> None:
    """One warning naming the groups (or the problem) whose interval is NaN."""
    undefined = [
        g
        for g, iv in intervals.items()
        if not all(np.isfinite(v.std_error) for v in (iv.values() if isinstance(iv, dict) else [iv]))
    ]
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
