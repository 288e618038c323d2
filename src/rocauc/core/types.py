"""Type aliases of the arrays the public functions take: numpy's typing only (annotations; nothing is checked or
converted at run time, the input boundary ``core.inputs.normalize`` does that).

- ``Labels``: ``y_true``, ``(n,)`` class labels or an ``(n, k)`` indicator; None where the scores are already a
  normalized :class:`~rocauc.core.inputs.Problem` (or an evaluation) that carries its labels.
- ``Scores``: ``y_score``, ``(n,)``, ``(n, 2)`` or ``(n, k)`` scores, probabilities or logits (lists, numpy,
  pandas, or tensors with ``__array__``), or a normalized ``Problem``, or a result that carries one
  (``rocauc.evaluate``'s :class:`~rocauc.Evaluation`: ``HasProblem``).
- ``Weights``: ``sample_weight``, ``(n,)`` non-negative weights, or None.
- ``FloatArray``: a float64 array, as the curves and per-class results hold.

>>> from rocauc.core.types import Labels, Scores
>>> def hits(y_true: Labels, y_score: Scores) -> int:
...     return int(sum(y == (s >= 0.5) for y, s in zip(y_true, y_score)))
>>> hits([0, 1, 1], [0.2, 0.7, 0.4])
2
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, TypeAlias, Union

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from .inputs import Problem

__all__ = ["ArrayLike", "FloatArray", "HasProblem", "Labels", "ModelScores", "Scores", "Weights"]


class HasProblem(Protocol):
    """A result that carries the normalized problem it was computed from (an :class:`~rocauc.Evaluation`)."""

    @property
    def problem(self) -> Problem | None: ...


ArrayLike: TypeAlias = npt.ArrayLike
Labels: TypeAlias = Union[npt.ArrayLike, None]  # noqa: UP007 (a runtime alias: X | Y needs real classes)
Scores: TypeAlias = Union[npt.ArrayLike, "Problem", HasProblem]  # noqa: UP007
Weights: TypeAlias = Union[npt.ArrayLike, None]  # noqa: UP007
ModelScores: TypeAlias = Union[Scores, Mapping[str, Scores]]  # noqa: UP007 (the Displays: one model or {name: scores})
FloatArray: TypeAlias = npt.NDArray[np.float64]
