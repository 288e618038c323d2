"""Schema checks of serialized states (``StreamingAUC.to_dict``, ``Counts.to_dict``).

A state read back is data from outside (a file, another machine, a message queue): every field is checked for
presence, type, range, length and consistency before anything is built from it, and a bad state raises one
``ValueError`` naming the field, never returns a number.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

__all__ = ["STREAMING_VERSION", "StateError", "check_counts_dict", "check_streaming_data", "check_streaming_state"]

STREAMING_VERSION = 1
_TASKS = ("binary", "multiclass", "multilabel")
_STREAMING_KEYS = ("format", "version", "config", "task", "classes", "exact", "columns")
_CONFIG_KEYS = (
    "num_thresholds",
    "curve",
    "summation_method",
    "thresholds",
    "multi_label",
    "num_labels",
    "label_weights",
    "from_logits",
    "bits",
    "average",
    "labels",
    "pos_label",
)


class StateError(ValueError):
    """A serialized state that is not valid; the message names the field."""


def _fail(what: str, field: str, problem: str) -> None:
    raise StateError(f"{what} state: field {field!r} {problem}")


def _is_int(v: Any) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_))


def _is_real(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))


def _keys(d: Any, required: tuple, what: str, field: str, optional: tuple = ()) -> None:
    if not isinstance(d, dict):
        _fail(what, field, f"must be a dict, got {type(d).__name__}")
    missing = [k for k in required if k not in d]
    if missing:
        _fail(what, field, f"is missing the keys {missing}")
    unknown = [k for k in d if k not in required and k not in optional]
    if unknown:
        _fail(what, field, f"has unknown keys {unknown!r}")


def _scalar_label(v: Any) -> bool:
    if isinstance(v, float):
        return math.isfinite(v)
    return v is None or isinstance(v, (str, bool, int))


def check_streaming_state(state: Any, format_name: str) -> dict:
    """The envelope and config of a ``StreamingAUC`` state; returns the config to build the object from."""
    what = "StreamingAUC"
    if not isinstance(state, dict) or state.get("format") != format_name:
        raise StateError("not a StreamingAUC state: pass the dict that StreamingAUC.to_dict() returned.")
    _keys(state, _STREAMING_KEYS, what, "state")
    version = state["version"]
    if not _is_int(version) or version != STREAMING_VERSION:
        _fail(
            what,
            "version",
            f"is {version!r}; this rocauc reads version {STREAMING_VERSION} (upgrade rocauc to read newer states)",
        )
    config = state["config"]
    _keys(config, _CONFIG_KEYS, what, "config")
    for key in ("multi_label", "from_logits"):
        if not isinstance(config[key], bool):
            _fail(what, f"config.{key}", f"must be true or false, got {config[key]!r}")
    for key in ("labels", "label_weights", "thresholds"):
        if config[key] is not None and not isinstance(config[key], list):
            _fail(what, f"config.{key}", f"must be a list or null, got {type(config[key]).__name__}")
    if config["labels"] is not None and not all(_scalar_label(v) for v in config["labels"]):
        _fail(what, "config.labels", "must hold strings, numbers or booleans")
    if not _scalar_label(config["pos_label"]):
        _fail(what, "config.pos_label", f"must be a string, a number, a boolean or null, got {config['pos_label']!r}")
    if not isinstance(state["exact"], bool):
        _fail(what, "exact", f"must be true or false, got {state['exact']!r}")
    return dict(config)


def check_streaming_data(
    state: dict, *, n_buckets: int, multi_label: bool, num_labels: int | None, n_label_weights: int | None
) -> None:
    """The data part of a ``StreamingAUC`` state, against the configuration it was built from."""
    what = "StreamingAUC"
    task, classes, columns = state["task"], state["classes"], state["columns"]
    if columns is None:
        if classes is not None:
            _fail(what, "classes", "must be null when there are no columns (no data seen)")
        expected = "multilabel" if multi_label else None
        if task != expected:
            _fail(what, "task", f"must be {expected!r} before any data is seen, got {task!r}")
        return
    if task not in _TASKS:
        _fail(what, "task", f"must be one of {list(_TASKS)}, got {task!r}")
    if (task == "multilabel") != multi_label:
        _fail(what, "task", f"is {task!r} but config.multi_label is {multi_label}")
    if not isinstance(classes, list):
        _fail(what, "classes", f"must be a list, got {type(classes).__name__}")
    if not all(_scalar_label(c) for c in classes):
        _fail(what, "classes", "must hold strings, numbers or booleans")
    if task == "binary":
        if len(classes) != 2 or classes[1] is None:
            _fail(
                what,
                "classes",
                f"of a binary state must be [negative, positive] with a positive class, got {classes!r}",
            )
        k = 1
    else:
        k = len(classes)
        if k < 2 and task == "multiclass":
            _fail(what, "classes", f"of a multiclass state must name at least 2 classes, got {classes!r}")
        if k < 1 or None in classes:
            _fail(what, "classes", f"must name every class (no null), got {classes!r}")
        if len({repr(c) for c in classes}) != k:
            _fail(what, "classes", f"has repeated entries: {classes!r}")
    if not isinstance(columns, list):
        _fail(what, "columns", f"must be a list or null, got {type(columns).__name__}")
    if len(columns) != k:
        _fail(what, "columns", f"has {len(columns)} entries but the {task} state with classes {classes!r} needs {k}")
    if num_labels is not None and k != num_labels:
        _fail(what, "columns", f"has {k} columns but config.num_labels is {num_labels}")
    if n_label_weights is not None and k != n_label_weights:
        _fail(what, "columns", f"has {k} columns but config.label_weights has {n_label_weights} entries")
    for j, col in enumerate(columns):
        _check_column(col, f"columns[{j}]", n_buckets)


def _check_column(col: Any, field: str, n_buckets: int) -> None:
    what = "StreamingAUC"
    _keys(col, ("buckets", "pos", "neg"), what, field)
    lists = {}
    for key in ("buckets", "pos", "neg"):
        v = col[key]
        if not isinstance(v, list):
            _fail(what, f"{field}.{key}", f"must be a list, got {type(v).__name__}")
        lists[key] = v
    sizes = {key: len(v) for key, v in lists.items()}
    if len(set(sizes.values())) != 1:
        _fail(what, field, f"has lists of different lengths {sizes}")
    buckets = lists["buckets"]
    for i, b in enumerate(buckets):
        if not _is_int(b):
            _fail(what, f"{field}.buckets[{i}]", f"must be an integer bucket index, got {b!r}")
        if not 0 <= b < n_buckets:
            _fail(what, f"{field}.buckets[{i}]", f"is {b}, outside the {n_buckets} buckets [0, {n_buckets - 1}]")
        if i and b <= buckets[i - 1]:
            problem = "repeats" if b == buckets[i - 1] else "is smaller than"
            _fail(
                what,
                f"{field}.buckets[{i}]",
                f"{problem} the bucket before it ({buckets[i - 1]}); buckets must be strictly increasing",
            )
    for key in ("pos", "neg"):
        for i, v in enumerate(lists[key]):
            if not _is_real(v) or not math.isfinite(v) or v < 0:
                _fail(what, f"{field}.{key}[{i}]", f"must be a finite weight >= 0, got {v!r}")


def check_counts_dict(d: Any) -> None:
    """A ``Counts.to_dict()``: lists of the same length, thresholds strictly decreasing (no NaN), cumulative
    weights finite, >= 0 and non-decreasing, ``exact`` a bool, ``rule`` '>=' or '>'."""
    what = "Counts"
    _keys(d, ("thresholds", "tp", "fp"), what, "table", optional=("exact", "rule"))
    arrays = {}
    for key in ("thresholds", "tp", "fp"):
        v = d[key]
        if not isinstance(v, (list, tuple, np.ndarray)):
            _fail(what, key, f"must be a list, got {type(v).__name__}")
        for i, x in enumerate(v):
            if not _is_real(x):
                _fail(what, f"{key}[{i}]", f"must be a number, got {x!r}")
        arrays[key] = np.asarray(v, dtype=np.float64).reshape(-1)
        if np.ndim(v) != 1 and len(v):
            _fail(what, key, "must be a flat list")
    sizes = {key: a.size for key, a in arrays.items()}
    if len(set(sizes.values())) != 1:
        _fail(what, "table", f"has lists of different lengths {sizes}")
    t = arrays["thresholds"]
    if np.isnan(t).any():
        _fail(what, f"thresholds[{int(np.argmax(np.isnan(t)))}]", "is NaN")
    if t.size > 1 and not (np.diff(t) < 0).all():
        i = int(np.argmax(~(np.diff(t) < 0))) + 1
        _fail(what, f"thresholds[{i}]", "must be smaller than the threshold before it (thresholds decrease strictly)")
    for key in ("tp", "fp"):
        a = arrays[key]
        bad = ~np.isfinite(a) | (a < 0)
        if bad.any():
            i = int(np.argmax(bad))
            _fail(what, f"{key}[{i}]", f"must be a finite cumulative weight >= 0, got {float(a[i])!r}")
        if a.size > 1 and (np.diff(a) < 0).any():
            i = int(np.argmax(np.diff(a) < 0)) + 1
            _fail(what, f"{key}[{i}]", "is smaller than the value before it (cumulative weights never decrease)")
    if "exact" in d and not isinstance(d["exact"], (bool, np.bool_)):
        _fail(what, "exact", f"must be true or false, got {d['exact']!r}")
    if "rule" in d and d["rule"] not in (">=", ">"):
        _fail(what, "rule", f"must be '>=' or '>', got {d['rule']!r}")
