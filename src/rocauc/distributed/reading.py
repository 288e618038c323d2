"""The problem of ALL the rows, read as :func:`rocauc.core.inputs.normalize` reads one array.

An engine's batch sees part of the rows, and what ``normalize`` infers from them (the task, the classes, the positive
class) can differ from what it infers from the whole: a multi-label indicator ``y_true`` whose batch holds only
one-hot rows reads as multi-class there; a batch of labels ``{-1, 1}`` holding only ``1`` reads as ``{0, 1}``; a
batch missing a class of string labels cannot be read at all. So each batch also reports its :class:`Evidence`
(what its rows say about the problem: the distinct labels, or whether an indicator's rows are one-hot), the evidence
of all batches adds up on the client, and :func:`whole_reading` runs ``normalize`` itself on a few rows that carry
the same evidence: the answer is ``normalize``'s rule applied to the whole data, never a copy of it.

:func:`settle` compares that reading with the batches' own; where they differ (rarely: it needs a partial view that
misleads), it returns the options (``task``, ``labels``, ``pos_label``) with which every batch reads the problem as
the whole data does, and the engine sketches again with them.

>>> import numpy as np
>>> parts = [evidence(np.array([1, 1]), np.array([0.2, 0.9])), evidence(np.array([-1, 1]), np.array([0.1, 0.4]))]
>>> whole_reading(parts[0] + parts[1])
('binary', [-1, 1], 1)
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.inputs import _check_label_values, _discover_labels, _is_one_hot, _py, as_array, normalize

__all__ = ["Evidence", "evidence", "clean_labels", "whole_reading", "pinned_options"]


@dataclass(frozen=True, eq=False)
class Evidence:
    """What a batch's rows say about the problem, besides the scores' values; evidence adds over batches.

    ``labels``: the distinct labels of a 1-d ``y_true`` (sorted, in its dtype), None for an indicator matrix;
    ``columns``: the indicator's columns (0 for 1-d labels); ``one_hot``: whether every indicator row holds exactly
    one label; ``score_columns``: the scores' columns (0 for 1-d scores).
    """

    labels: np.ndarray | None
    columns: int
    one_hot: bool
    score_columns: int

    def __add__(self, other: Evidence) -> Evidence:
        labels = None
        if self.labels is not None and other.labels is not None:
            both = np.concatenate([self.labels, other.labels])
            labels = _discover_labels(both) if both.size else both
        return Evidence(
            labels if self.labels is not None else other.labels,
            max(self.columns, other.columns),
            self.one_hot and other.one_hot,
            max(self.score_columns, other.score_columns),
        )


def _labels_array(y_true: Any) -> np.ndarray:
    y = as_array(y_true, "y_true")
    return y[:, 0] if y.ndim == 2 and y.shape[1] == 1 else y


def evidence(y_true: Any, y_score: Any) -> Evidence:
    """The :class:`Evidence` of one batch's raw labels and scores (every row, whatever its weight or group, as
    ``normalize`` sees the whole array)."""
    y = _labels_array(y_true)
    shape = np.shape(y_score)
    score_columns = shape[1] if len(shape) == 2 and shape[1] != 1 else 0
    if y.ndim == 2:
        return Evidence(None, int(y.shape[1]), _is_one_hot(y != 0) if y.size else True, score_columns)
    if y.dtype.kind == "b":  # the common case, in one pass
        ones = int(np.count_nonzero(y))
        labels = np.array([v for v, present in ((False, ones < y.size), (True, ones > 0)) if present], dtype=bool)
    else:
        labels = _discover_labels(y) if y.size else y[:0]
    return Evidence(labels, 0, True, score_columns)


def clean_labels(y_true: Any) -> bool:
    """Whether the labels alone are valid (no missing, infinite or fractional values; an indicator of 0 and 1),
    so a batch that cannot be read on its own may be read later with the whole data's options. Raises
    ``normalize``'s own error (with the batch's row index) where a label is missing."""
    y = _labels_array(y_true)
    _check_label_values(y)
    if y.ndim == 2 and y.dtype.kind != "b":
        return bool(((y == 0) | (y == 1)).all())
    return True


def whole_reading(
    ev: Evidence, *, labels: Any = None, pos_label: Any = None, from_logits: bool = False, task: str | None = None
) -> tuple[str, list, Any]:
    """(task, classes, positive label) that ``normalize`` reads from all the rows whose evidence is ``ev``: it runs
    on one row per label (or per indicator column, and a row without labels where the rows are not all one-hot)
    with valid scores of the same shape, so its errors are those of the whole data."""
    if ev.labels is None:
        y = np.eye(ev.columns, dtype=bool)
        if not ev.one_hot:
            y = np.vstack([y, np.zeros((1, ev.columns), bool)])
    else:
        y = ev.labels
    n, c = y.shape[0], ev.score_columns
    # rows of probabilities (logits that are not probabilities with from_logits, which refuses a softmax twice)
    s = np.full(n, 0.5) if c == 0 else np.full((n, c), 0.0 if from_logits else 1.0 / c)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = normalize(y, s, labels=labels, pos_label=pos_label, from_logits=from_logits, task=task)
    return p.task, [_py(v) for v in p.classes], p.positive_label


def pinned_options(ev: Evidence, reading: tuple[str, list, Any], labels: Any) -> dict:
    """The ``normalize`` options (``task``, ``labels``, ``pos_label``) with which any batch reads ``reading``, the
    whole data's (``labels``: the user's, which already fix the classes): the task of an indicator; the classes
    of 1-d labels (for two-column binary scores in their sorted order, which is how ``normalize`` maps them to
    the columns)."""
    task, classes, positive = reading
    if ev.labels is None or labels is not None or (task == "binary" and None in classes):
        # an indicator's classes are its columns; the user's labels fix the classes; one class in all the data:
        # every batch with rows sees just it
        return {"task": task}
    if task == "multiclass":
        return {"task": task, "labels": classes}
    order = sorted(classes) if ev.score_columns else classes  # classes is [negative, positive]
    return {"task": task, "labels": order, "pos_label": positive}
