"""A binary problem's label folded into its float32 score: one float64 per row instead of two columns.

Where an engine pays per column to hand rows to Python (Spark's Arrow batches cost about the same for a byte
column as for a double one), the exact AUC of a binary problem can cross in one column. The engine computes
:func:`fold`'s rule itself (``rocauc.spark``: one SQL expression), before the rows leave it; :func:`unfold` reads
the column back, exactly.

The rule, for a float32 score ``s`` (widened to float64, which is exact):

- a negative row is ``float64(s)``: it rounds back to itself in float32;
- a positive row is ``float64(s) * (1 + 2**-29)``: exact in float64 (24 + 30 significant bits fit 53) and only
  ``2**-29`` of ``s`` away, far inside half a float32 step (``2**-24``), so it rounds back to ``s`` in float32
  but differs from ``float64(float32(v))``. A zero (or ``-0.0``) score has no such neighbour: a positive zero is
  the smallest float64 subnormal, which rounds to ``0.0`` in float32 (``-0.0`` and ``0.0`` are one score here);
- any other row (a label that is neither class, a missing label or score, a NaN or infinite score) is NaN.

So ``unfold(v)`` is ``(v != float64(float32(v)), float32(v))``, and a NaN or infinite ``v`` says that some row is
not a valid row of this binary problem: the caller then reads the rows the ordinary way, where ``normalize``
says what is wrong (an infinite score, a third label...). Nothing invalid is ever counted.

>>> import numpy as np
>>> y = np.array([True, False, True, True])
>>> s = np.array([0.25, 0.25, 0.0, -3.5], dtype=np.float32)
>>> back = unfold(fold(y, s))
>>> back[0].tolist(), back[1].tolist()
([True, False, True, True], [0.25, 0.25, 0.0, -3.5])
>>> unfold(np.array([0.5, np.nan])) is None
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .engine import Meta
from .reading import evidence

__all__ = ["FACTOR", "ZERO", "fold", "unfold", "folded_meta", "binary_classes"]

FACTOR = 1.0 + 2.0**-29  # a positive row's score times this: exact in float64, the same float32
ZERO = 5e-324  # a positive row's zero score: the smallest float64 subnormal, 0.0 in float32


def fold(y: np.ndarray, score: np.ndarray) -> np.ndarray:
    """The folded column of boolean labels and float32 scores (the rule an engine computes on its own side;
    NaN and infinite scores come out NaN or infinite, as there)."""
    wide = np.asarray(score, dtype=np.float32).astype(np.float64)
    positive = np.where(wide == 0.0, ZERO, wide * FACTOR)
    return np.where(np.asarray(y, dtype=bool), positive, wide)


def unfold(v: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(labels, float32 scores) of a folded float64 column, or None where a row is marked invalid (NaN or
    infinite: see the module's rule)."""
    v = np.asarray(v, dtype=np.float64)
    if v.size and not np.isfinite(v).all():
        return None
    score = v.astype(np.float32)
    return np.not_equal(v, score, dtype=bool), score


def folded_meta(sample: Meta, positives: int, negatives: int) -> Meta:
    """The :class:`Meta` of rows read through the fold with ``sample``'s reading (its task, classes, positive
    class): every row was one of the two classes (else the caller read the rows the ordinary way), so all the
    rows' evidence holds the classes met; :func:`rocauc.distributed.engine.settle` checks that the whole data
    reads as the sample did."""
    assert sample.classes is not None and len(sample.classes) == 2  # only a binary problem is folded
    negative, positive = binary_classes(sample)
    met = [c for c, n in ((negative, negatives), (positive, positives)) if n > 0]
    seen = sample.evidence.labels if sample.evidence is not None else None
    dtype: Any = None if seen is None else seen.dtype
    labels = np.array(met, dtype=dtype) if met else np.zeros(0, dtype=dtype)
    return Meta(
        sample.task,
        sample.classes,
        sample.positive_label,
        sample.score_kind,
        positives + negatives,
        evidence=evidence(labels, np.zeros(labels.size)),
    )


def binary_classes(meta: Meta) -> tuple[Any, Any]:
    """(negative class, positive class) of a binary reading."""
    assert meta.classes is not None
    positive = meta.positive_label
    others = [c for c in meta.classes if c != positive]
    return (others[0] if others else None), positive
