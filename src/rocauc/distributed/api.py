"""The public functions of every engine, engine-free: each maps its arguments to a :class:`~.engine.Spec`, runs the
passes of an engine (:class:`Passes`: ``rocauc.dask``, ``rocauc.spark``, ``rocauc.outofcore``) through one driver
(:func:`run`) and reads the results as the in-memory function returns them. An engine's public function is a thin
call: its own arguments name the data (arrays, columns, a file), the rest are passed here.

The driver: a sketch pass (the whole data's reading settled, :func:`~.engine.settle`); then either the certified
answer (the sketch's resolution raised until its bounds are within ``2 * max_error``, else the exact answer), or the
exact answer (a split pass whose ranges the sketch planned).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, Protocol

from ..stats.intervals import check_level
from . import engine as _engine
from .engine import Meta, Spec
from .partition import ALL

__all__ = [
    "Passes",
    "run",
    "call",
    "roc_auc",
    "exact_score",
    "binary_curve",
    "roc_auc_ci",
    "evaluate",
    "sketch",
]

REFINEMENTS = 2  # sketches at a finer resolution before a certified answer falls back to the exact one


class Passes(Protocol):
    """What an engine does with its batches (the rows are wherever the engine keeps them)."""

    weighted: bool  # the rows carry weights
    grouped: bool  # the rows carry a ``by`` group: results are dicts by group

    def sketch(self, spec: Spec, bits: int, stride: int) -> tuple[Meta, dict, int]:
        """The added (meta, sketches by key) of every batch (:func:`~.engine.batch_sketches`), and the stride the
        sketch was taken at (``stride`` or 1); ``meta.sampled`` where it read a sample of the rows only. Raises
        the engine's "no rows" error where no batch holds a row."""
        ...

    def exact(
        self, spec: Spec, meta: Meta, sketches: dict, *, n_points: int, n_ranges: int | None, stride: int
    ) -> tuple[dict, Meta | None]:
        """(key -> PartitionResult, the meta of the split pass where the sketch was ``sampled``, else None); with
        ``spec.influence`` also ``meta.influence``."""
        ...


def _disagree(meta: Meta, spec: Spec) -> ValueError:
    return ValueError(
        f"batches read the problem differently ({meta.task} with classes {meta.classes}) even with the whole "
        f"data's task={spec.task!r} and labels={spec.labels!r}: please report this, with the dtype of y_true and "
        "the shape of y_score."
    )


def settled_sketch(passes: Passes, spec: Spec, bits: int, stride: int = 1) -> tuple[Meta, dict, Spec, int]:
    """(meta, sketches, the Spec of the later passes, stride): the sketch pass, taken again with the whole data's
    reading where a batch read the problem otherwise (:func:`~.engine.settle`)."""
    meta, sketches, stride = passes.sketch(spec, bits, stride)
    settled, again = _engine.settle(spec, meta)
    if again:
        meta, sketches, stride = passes.sketch(settled, bits, stride)
        if _engine.settle(spec, meta)[1]:
            raise _disagree(meta, settled)
    return meta, sketches, settled, stride


def _within(sketches: dict, bound: float) -> bool:
    """Whether every problem's certified bounds are at most ``2 * bound`` apart (NaN: undefined, nothing to bound)."""
    return all(not (high - low > 2.0 * bound) for low, high in (sk.bounds() for sk in sketches.values()))


def run(
    passes: Passes,
    spec: Spec,
    *,
    exact: bool,
    max_error: float | None,
    n_points: int = 1000,
    n_ranges: int | None = None,
) -> tuple[Meta, dict, bool]:
    """(meta, keyed results, certified): PartitionResults for exact answers, Sketches for certified ones (within
    ``max_error``, default 1e-4, of the exact AUC, else exact: ties finer than float32 keep the bounds apart)."""
    if exact and max_error is None:
        return _exact(passes, spec, n_points, n_ranges)
    bits = _engine.certified_bits(max_error)
    bound = 1e-4 if max_error is None else max_error
    meta, sketches, settled, _ = settled_sketch(passes, spec, bits)
    for attempt in range(REFINEMENTS + 1):
        if _within(sketches, bound):
            return meta, sketches, True
        more = _engine.needs_more_bits(sketches, bits, bound)
        if more is None or attempt == REFINEMENTS:
            break
        bits = more
        meta, sketches, _ = passes.sketch(settled, bits, 1)
    results, _ = passes.exact(settled, meta, sketches, n_points=n_points, n_ranges=n_ranges, stride=1)
    return meta, results, False


def _exact(passes: Passes, spec: Spec, n_points: int, n_ranges: int | None) -> tuple[Meta, dict, bool]:
    stride = _engine.plan_stride(spec)
    meta, sketches, settled, stride = settled_sketch(passes, spec, _engine.EXACT_BITS, stride)
    results, seen = passes.exact(settled, meta, sketches, n_points=n_points, n_ranges=n_ranges, stride=stride)
    if seen is None:
        return meta, results, False
    # a sample planned the ranges: the split pass read every row, and checks the reading with all of them
    if not _engine.settle(spec, seen)[1] and seen.reading() == meta.reading():
        return seen, results, False
    meta, sketches, settled, _ = settled_sketch(passes, spec, _engine.EXACT_BITS, 1)
    results, _ = passes.exact(settled, meta, sketches, n_points=n_points, n_ranges=n_ranges, stride=1)
    return meta, results, False


# --------------------------------------------------------------------------------------------- public functions


def call(fn: Callable, passes: Passes, arguments: dict, **fixed: Any) -> Any:
    """``fn(passes, **options)``: an engine's public function hands its ``locals()`` (its own arguments) as
    ``arguments``; ``fn`` takes, by name, the keyword-only options it declares (those naming the data went into
    ``passes``); ``fixed`` adds its own (which score, which curve).

    >>> def f(passes, *, level, n_ranges=None):
    ...     return passes, level, n_ranges
    >>> call(f, "rows", {"level": 0.9, "data": "ignored"})
    ('rows', 0.9, None)
    """
    names = [p.name for p in inspect.signature(fn).parameters.values() if p.kind is p.KEYWORD_ONLY]
    return fn(passes, **fixed, **{name: arguments[name] for name in names if name in arguments and name not in fixed})


def roc_auc(
    passes: Passes,
    *,
    exact: bool,
    max_error: float | None,
    average: str | None,
    labels: Any,
    pos_label: Any,
    from_logits: bool,
    task: str | None,
    n_ranges: int | None = None,
) -> Any:
    """The engines' ``roc_auc``: exact, or certified (``exact=False`` or ``max_error``)."""
    spec = Spec(labels, pos_label, from_logits, task, what=("auc",), micro=average == "micro")
    certified_asked = max_error is not None or not exact
    meta, per_key, certified = run(passes, spec, exact=not certified_asked, max_error=max_error, n_ranges=n_ranges)
    return _per_group(passes, _engine.evaluations(meta, per_key, certified, what=spec.what), "roc_auc", average)


def exact_score(
    passes: Passes,
    *,
    name: str,
    average: str | None,
    labels: Any,
    pos_label: Any,
    from_logits: bool,
    task: str | None,
    n_ranges: int | None = None,
) -> Any:
    """The engines' ``average_precision`` and ``pr_auc`` (``name``), exact."""
    spec = Spec(labels, pos_label, from_logits, task, what=("auc", name), micro=average == "micro")
    meta, per_key, _ = run(passes, spec, exact=True, max_error=None, n_ranges=n_ranges)
    return _per_group(passes, _engine.evaluations(meta, per_key, False), name, average)


def binary_curve(
    passes: Passes,
    *,
    kind: str,
    n_points: int,
    pos_label: Any,
    labels: Any,
    from_logits: bool,
    n_ranges: int | None = None,
) -> Any:
    """The engines' ``roc_curve`` (``kind="roc"``) and ``precision_recall_curve`` (``"pr"``) of a binary problem."""
    spec = Spec(labels, pos_label, from_logits, "binary", what=ALL, micro=False)
    meta, per_key, _ = run(passes, spec, exact=True, max_error=None, n_points=n_points, n_ranges=n_ranges)
    evaluations = _engine.evaluations(meta, per_key, False)
    return _engine.per_group(
        _by(passes), evaluations, lambda ev: ev.classes[0].roc if kind == "roc" else ev.classes[0].pr
    )


def roc_auc_ci(
    passes: Passes,
    *,
    level: float,
    pos_label: Any,
    labels: Any,
    from_logits: bool,
    average: str | None,
    task: str | None,
    n_ranges: int | None = None,
) -> Any:
    """The engines' ``roc_auc_ci``: DeLong's interval from the exact pass."""
    level = check_level(level)
    _engine.check_interval_average(average)
    spec = Spec(labels, pos_label, from_logits, task, what=("auc", "delong"), influence=average is not None)
    meta, per_key, _ = run(passes, spec, exact=True, max_error=None, n_ranges=n_ranges)
    intervals = _engine.roc_intervals(meta, per_key, average, level)
    _engine.warn_undefined_intervals(intervals)
    return intervals if passes.grouped else intervals[None]


def evaluate(
    passes: Passes,
    *,
    exact: bool,
    max_error: float | None,
    labels: Any,
    pos_label: Any,
    from_logits: bool,
    task: str | None,
    threshold: float | None,
    ci: str | None,
    level: float,
    n_points: int,
    n_ranges: int | None = None,
) -> Any:
    """The engines' ``evaluate``: the :class:`rocauc.Evaluation` (one per group), with DeLong-based intervals
    (``ci``) from the exact pass."""
    ci, level = _engine.check_ci(ci), check_level(level)
    spec = Spec(
        labels,
        pos_label,
        from_logits,
        task,
        what=ALL,
        micro=True,
        decision=True,
        threshold=threshold,
        influence=ci is not None,
    )
    certified_asked = max_error is not None or not exact
    meta, per_key, certified = run(
        passes, spec, exact=not certified_asked, max_error=max_error, n_points=n_points, n_ranges=n_ranges
    )
    evaluations = _engine.evaluations(meta, per_key, certified, threshold, ci, level)
    return evaluations if passes.grouped else evaluations[None]


def sketch(
    passes: Passes, *, bits: int | None, max_error: float | None, pos_label: Any, labels: Any, from_logits: bool
) -> Any:
    """The engines' ``sketch``: the certified sketch of a binary problem as a :class:`rocauc.StreamingAUC`."""
    if bits is None:
        bits = 20 if max_error is None else _engine.certified_bits(max_error)
    spec = Spec(labels, pos_label, from_logits, "binary", what=("auc",), micro=False)
    _, sketches, _, _ = settled_sketch(passes, spec, bits)
    out = {key[0]: sk.to_streaming() for key, sk in sketches.items()}
    return out if passes.grouped else out[None]


def _by(passes: Passes) -> Any:
    return True if passes.grouped else None


def _per_group(passes: Passes, evaluations: dict, name: str, average: str | None) -> Any:
    return _engine.per_group(_by(passes), evaluations, lambda ev: _engine.pick(ev, name, average))
