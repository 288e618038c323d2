"""The serialized form of a :class:`~rocauc.StreamingAUC` (``to_dict``/``from_dict``): a JSON-ready dict of its
configuration, task, classes and the weight per occupied bucket of each column, validated completely (envelope,
configuration, then the data against that configuration) before anything is rebuilt.

>>> state = encode({"bits": 20}, "binary", [0, 1], True, [([3, 7], [0.0, 2.0], [1.0, 0.0])])
>>> state["format"], state["columns"][0]["buckets"]
('rocauc.StreamingAUC', [3, 7])
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from ..core import codec as _codec
from .config import StreamingConfig

__all__ = ["FORMAT", "encode", "read_config", "check_data", "columns", "StateError"]

FORMAT = "rocauc.StreamingAUC"
StateError = _codec.StateError


def encode(config: dict, task: str | None, classes: list | None, exact: bool, cols: Sequence | None) -> dict:
    """The state as a dict: ``cols`` holds ``(buckets, positive weight, negative weight)`` per column (None before
    any data); only the occupied buckets are written."""
    state: dict[str, Any] = {
        "format": FORMAT,
        "version": 1,
        "config": config,
        "task": task,
        "classes": classes,
        "exact": exact,
        "columns": None,
    }
    if cols is not None:
        state["columns"] = []
        for b, p, n in cols:
            b, p, n = np.asarray(b), np.asarray(p), np.asarray(n)
            used = (p != 0) | (n != 0)
            state["columns"].append({"buckets": b[used].tolist(), "pos": p[used].tolist(), "neg": n[used].tolist()})
    return state


def read_config(state: Any) -> dict:
    """The envelope and configuration of a state, checked; returns the constructor arguments."""
    return _codec.check_streaming_state(state, FORMAT)


def check_data(state: dict, config: StreamingConfig) -> None:
    """The data part of a state (task, classes, columns), checked against the configuration it is built with."""
    _codec.check_streaming_data(
        state,
        n_buckets=config.edges.n_buckets,
        multi_label=config.multi_label,
        num_labels=config.num_labels,
        n_label_weights=None if config.label_weights is None else int(config.label_weights.size),
    )


def columns(state: dict) -> Iterator[tuple[int, np.ndarray, np.ndarray, np.ndarray]]:
    """``(column, buckets, positive weight, negative weight)`` of each column of a checked state."""
    for j, col in enumerate(state["columns"] or []):
        yield (
            j,
            np.asarray(col["buckets"], dtype=np.int64),
            np.asarray(col["pos"], dtype=np.float64),
            np.asarray(col["neg"], dtype=np.float64),
        )
