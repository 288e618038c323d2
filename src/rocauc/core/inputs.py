"""The input boundary: raw labels, scores and weights become one normalized :class:`Problem`, once.

Everything after this module takes a ``Problem`` and never validates again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import kernels as _kernels
from . import threads as _threads
from . import validation as _validation
from .errors import HardPredictionWarning, warn

__all__ = ["Problem", "normalize", "as_array", "binary_problem"]

TASKS = ("binary", "multiclass", "multilabel")
_BINARY_DEFAULT_SETS = ({0, 1}, {-1, 1})
_F64_EPS = float(np.finfo(np.float64).eps)


@dataclass(frozen=True, eq=False)
class Problem:
    """Normalized input.

    ``binary``: ``y`` bool (n,), ``score`` (n,), ``classes`` = [negative label, positive label].
    ``multiclass``: ``y`` int codes (n,) into ``classes``, ``score`` (n, k) probabilities.
    ``multilabel``: ``y`` bool (n, k), ``score`` (n, k), ``classes`` = column names.
    ``score_kind`` is ``"probability"``, ``"logit"`` (binary or multilabel logits kept as they are: they rank the
    same as their sigmoid, without its rounding to 0 or 1) or ``"score"`` (any real-valued score).
    ``score_range`` is (lowest, highest) score of a binary problem where validation read them, so that no later
    pass reads them again; None elsewhere.
    """

    task: str
    classes: np.ndarray
    y: np.ndarray
    score: np.ndarray
    weight: np.ndarray | None
    score_kind: str
    score_range: tuple[Any, Any] | None = None

    @property
    def n_samples(self) -> int:
        return int(self.y.shape[0])

    @property
    def n_classes(self) -> int:
        return int(len(self.classes))

    @property
    def positive_label(self) -> Any:
        return _py(self.classes[1]) if self.task == "binary" else None

    def one_vs_rest(self) -> Iterator[tuple[Any, np.ndarray, np.ndarray]]:
        """(class label, is-this-class, score of this class) for each class; one problem for binary."""
        if self.task == "binary":
            yield _py(self.classes[1]), self.y, self.score
        elif self.task == "multiclass":
            for j, c in enumerate(self.classes):
                yield _py(c), self.y == j, self.score[:, j]
        else:
            for j, c in enumerate(self.classes):
                yield _py(c), self.y[:, j], self.score[:, j]

    def indicator(self) -> np.ndarray:
        """(n, k) boolean matrix of class membership (k = 1 for binary)."""
        if self.task == "binary":
            return self.y[:, None]
        if self.task == "multiclass":
            return self.y[:, None] == np.arange(self.n_classes)[None, :]
        return self.y

    def scores_2d(self) -> np.ndarray:
        return self.score[:, None] if self.task == "binary" else self.score


def binary_problem(y: np.ndarray, score: np.ndarray, weight: np.ndarray | None = None) -> Problem:
    """A binary problem from already-clean arrays (internal use: bool ``y``, finite ``score``)."""
    return Problem("binary", np.array([False, True]), y, score, weight, "score")


def _py(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


# ----------------------------------------------------------------------------------------------- conversion


def as_array(x: Any, name: str) -> np.ndarray:
    """Any array-like (list, numpy, pandas, torch/TF/JAX tensor) to numpy, without importing a framework.

    Booleans are normalized by truth value (a bool view of bytes other than 0 and 1 holds True for every non-zero
    byte); torch dtypes numpy cannot hold (bfloat16) are widened to float32.
    """
    if isinstance(x, np.ndarray):
        a = x
    elif x is None:
        raise TypeError(f"{name} is None; pass an array of shape (n_samples,) or (n_samples, n_classes).")
    elif hasattr(x, "detach") and hasattr(x, "cpu"):  # torch tensors, also with requires_grad or on a GPU
        t = x.detach().cpu()
        if str(getattr(t, "dtype", "")) in _TORCH_WIDEN:
            t = t.float()
        a = np.asarray(t.numpy())
    elif hasattr(x, "to_numpy"):  # pandas, polars
        a = np.asarray(x.to_numpy())
    elif hasattr(x, "numpy") and not hasattr(x, "__array__"):  # eager TensorFlow tensors without __array__
        a = np.asarray(x.numpy())
    else:
        try:
            a = np.asarray(x)
        except Exception as exc:  # ragged lists and the like
            raise TypeError(f"{name} could not be read as an array ({exc}); pass a rectangular array.") from exc
    if a.dtype.kind == "b" and a.size and a.view(np.uint8).max() > 1:
        a = a.view(np.uint8) != 0
    return a


_TORCH_WIDEN = ("torch.bfloat16",)
_PRECISION = {"torch.bfloat16": 2.0**-7}  # the spacing of numbers near 1 in dtypes numpy does not hold


def _input_precision(x: Any, a: np.ndarray) -> float:
    """The relative precision (machine epsilon) of the scores as the user gave them: float16 and bfloat16
    probabilities sum to 1 only within their own rounding."""
    eps = _PRECISION.get(str(getattr(x, "dtype", "")))
    if eps is not None:
        return eps
    if a.dtype.kind == "f":
        return float(np.finfo(a.dtype).eps)
    return float(np.finfo(np.float64).eps)


def _scores_array(y_score: Any) -> tuple[np.ndarray, float]:
    """The scores as a float array (float32 or float64) and the precision of the dtype they came in."""
    s = as_array(y_score, "y_score")
    eps = _input_precision(y_score, s)
    kind = s.dtype.kind
    if kind in "cmM":
        what = {"c": "complex numbers", "m": "time differences (timedelta64)", "M": "dates (datetime64)"}[kind]
        raise TypeError(
            f"y_score holds {what} (dtype {s.dtype}); scores must be real numbers: pass the score itself "
            f"(e.g. its real part, or a duration in seconds as a float)."
        )
    if kind == "b":
        s = s.astype(np.float32)
    elif kind in "iu":
        s = _integer_scores(s)
    elif s.dtype == np.float16:
        s = s.astype(np.float32)
    elif kind != "f":
        s = _object_scores(s)
    if s.ndim == 2 and s.shape[1] == 1:
        s = s[:, 0]
    if s.ndim not in (1, 2):
        raise ValueError(f"y_score must have shape (n_samples,) or (n_samples, n_classes), got shape {s.shape}.")
    return s, eps


_EXACT_INT = 2**53  # every integer of magnitude up to this is a float64


def _integer_scores(s: np.ndarray) -> np.ndarray:
    """Integer scores as float64, refused where float64 would merge distinct integers (false ties)."""
    f = s.astype(np.float64)
    if s.size and (f.max() >= _EXACT_INT or f.min() <= -_EXACT_INT):
        big = np.abs(f) >= _EXACT_INT
        ints, floats = np.unique(s[big]), np.unique(f[big])
        if ints.size != floats.size:
            first = int(np.argmax(big.ravel()))
            raise ValueError(
                f"y_score holds integers beyond 2**53 (the first, {_py(s.ravel()[first])}, at index "
                f"{_index(first, s.shape)}) that a float64 cannot tell apart, so their order would be lost; pass "
                "their ranks (e.g. scipy.stats.rankdata(y_score)) or the scores before they were scaled to integers."
            )
    return f


def _object_scores(s: np.ndarray) -> np.ndarray:
    """Scores of an object (or string) array: Python numbers; None and pandas' NA become NaN (reported as missing
    by the finiteness check); anything else is an error naming the value."""
    flat = s.ravel()
    if s.dtype.kind == "O":
        ints = [v for v in flat if isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))]
        if any(abs(int(v)) >= _EXACT_INT for v in ints):
            if len(ints) == flat.size and all(-(2**63) <= int(v) < 2**63 for v in ints):
                return _integer_scores(np.array(ints, dtype=np.int64).reshape(s.shape))
            raise ValueError(
                "y_score holds integers beyond 2**53 mixed with other values (or beyond 64 bits); a float64 cannot "
                "keep their order. Pass their ranks (e.g. scipy.stats.rankdata(y_score)) or plain floats."
            )
        if any(isinstance(v, (complex, np.complexfloating)) for v in flat):
            raise TypeError(f"y_score holds complex numbers (dtype {s.dtype}); scores must be real numbers.")
        if any(_missing(v) for v in flat):
            flat = np.array([np.nan if _missing(v) else v for v in flat], dtype=object)
            s = flat.reshape(s.shape)
    try:
        return s.astype(np.float64)
    except (TypeError, ValueError):
        bad = next((i for i, v in enumerate(flat) if not _is_number(v)), 0)
        raise TypeError(
            f"y_score must be numeric, got dtype {s.dtype} with the non-numeric value {_py(flat[bad])!r} "
            f"at index {_index(bad, s.shape)}; pass scores or probabilities as floats."
        ) from None


def _missing(v: Any) -> bool:
    """None, NaN or pandas' NA / NaT (recognized without importing pandas)."""
    if v is None:
        return True
    if isinstance(v, (float, np.floating)):
        return bool(np.isnan(v))
    return type(v).__name__ in ("NAType", "NaTType")


def _is_number(v: Any) -> bool:
    try:
        float(v)
        return True
    except (TypeError, ValueError):
        return False


def _index(flat_index: int, shape: tuple[int, ...]) -> Any:
    if len(shape) <= 1:
        return int(flat_index)
    return tuple(int(i) for i in np.unravel_index(flat_index, shape))


def _check_finite(s: np.ndarray, name: str) -> None:
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(s.sum()):  # one pass; NaN and inf propagate (an overflow only sends us the long way)
            return
    finite = np.isfinite(s)
    if finite.all():
        return
    bad = ~finite
    count = int(bad.sum())
    first = int(np.argmax(bad.ravel()))
    value = s.ravel()[first]
    kinds = []
    if np.isnan(s).any():
        kinds.append("NaN")
    if np.isinf(s).any():
        kinds.append("infinite")
    raise ValueError(
        f"{name} has {count} {' or '.join(kinds)} value{'s' if count > 1 else ''} (the first, {value}, at index "
        f"{_index(first, s.shape)}); remove or fix those rows (a NaN score often means the model diverged)."
    )


_SAFE_WEIGHTS = (2.0**-64, 2.0**64)  # largest weights outside this range are rescaled by a power of two (exactly)


def _weights(sample_weight: Any, n: int, rescale: bool = True) -> np.ndarray | None:
    """Weights as float64 (n,), >= 0, finite, not all 0. With ``rescale``, weights whose largest value lies outside
    [2**-64, 2**64] are multiplied by the power of two that brings it into [0.5, 1): an exact operation, so every
    score is the same as with the original weights, and sums and products of weights neither overflow nor
    underflow (every result is then the same for any positive scale factor of the weights)."""
    if sample_weight is None:
        return None
    w = as_array(sample_weight, "sample_weight")
    if w.dtype.kind == "O" and w.size:
        missing = np.fromiter((_missing(v) for v in w.ravel()), bool, w.size)
        if missing.any():
            raise ValueError(
                f"sample_weight has {int(missing.sum())} missing values (first at index "
                f"{int(np.argmax(missing))}); give every sample a weight (0 leaves it out)."
            )
        try:
            w = w.astype(np.float64)
        except (TypeError, ValueError):
            pass
    if w.dtype.kind not in "biuf":
        raise TypeError(f"sample_weight must be numeric, got dtype {w.dtype}; pass one float weight per sample.")
    w = np.asarray(w, dtype=np.float64)
    if w.ndim == 2 and w.shape[1] == 1:
        w = w[:, 0]
    if w.ndim != 1:
        raise ValueError(f"sample_weight must have shape (n_samples,), got shape {w.shape}.")
    if w.shape[0] != n:
        raise ValueError(
            f"sample_weight has {w.shape[0]} values but there are {n} samples; pass one weight per sample."
        )
    _check_finite(w, "sample_weight")
    if (w < 0).any():
        first = int(np.argmax(w < 0))
        raise ValueError(
            f"sample_weight has {int((w < 0).sum())} negative values (the first, {w[first]}, at index {first}); "
            "weights must be >= 0."
        )
    top = float(w.max())
    if not top > 0:
        raise ValueError("sample_weight is zero for every sample; at least one weight must be positive.")
    if rescale and not (_SAFE_WEIGHTS[0] <= top <= _SAFE_WEIGHTS[1]):
        w = np.ldexp(w, -int(np.frexp(top)[1]))
    return w


# ----------------------------------------------------------------------------------------------- labels


def _discover_labels(y: np.ndarray) -> np.ndarray:
    """Sorted distinct labels, in O(n) for booleans and small-range integers."""
    if y.dtype.kind == "b":
        return np.array([v for v in (False, True) if (y == v).any()])
    if y.dtype.kind in "iu":
        lo, hi = int(y.min()), int(y.max())
        if hi - lo <= 1:  # both extremes occur, so these are all the labels
            return np.unique(np.array([lo, hi], dtype=y.dtype))
        if hi - lo < 1 << 20:
            counts = np.bincount((y - lo).astype(np.intp, copy=False), minlength=hi - lo + 1)
            return (np.flatnonzero(counts) + lo).astype(y.dtype)
        return np.unique(y)
    if y.dtype.kind == "f":
        if _zeros_and_ones(y):
            ones = np.count_nonzero(y)
            return np.array([v for v, present in ((0.0, ones < y.size), (1.0, ones > 0)) if present], dtype=y.dtype)
        return np.unique(y)
    try:
        return np.unique(y)
    except TypeError:
        kinds = sorted({type(v).__name__ for v in y.ravel()[:1000]})
        raise TypeError(f"y_true mixes label types ({', '.join(kinds)}); use one type for all labels.") from None


def _zeros_and_ones(y: np.ndarray) -> bool:
    """Whether a float array holds only 0 and 1 (the common label array), cheaply."""
    return bool(np.logical_or(y == 0, y == 1).all())


def _check_label_values(y: np.ndarray) -> None:
    if y.dtype.kind == "f":
        if _zeros_and_ones(y):
            return
        _check_missing_labels(np.isnan(y), y.shape)
        infinite = np.isinf(y)
        if infinite.any():
            first = int(np.argmax(infinite.ravel()))
            raise ValueError(
                f"y_true has {int(infinite.sum())} infinite labels (the first, {y.ravel()[first]}, at index "
                f"{_index(first, y.shape)}); labels must be classes: fix or drop those rows."
            )
        frac = y != np.round(y)
        if frac.any():
            first = int(np.argmax(frac.ravel()))
            raise ValueError(
                f"y_true holds non-integer values (the first, {y.ravel()[first]}, at index {_index(first, y.shape)}): "
                "labels must be classes, not probabilities or smoothed labels (0.1/0.9). Pass the hard labels, "
                "e.g. y_true.round()."
            )
    elif y.dtype.kind in "mM":
        _check_missing_labels(np.isnat(y), y.shape)
    elif y.dtype.kind == "c":
        raise TypeError(
            f"y_true holds complex numbers (dtype {y.dtype}); labels must be classes (integers, strings or booleans)."
        )
    elif y.dtype.kind == "O":
        _check_missing_labels(np.fromiter((_missing(v) for v in y.ravel()), bool, y.size).reshape(y.shape), y.shape)


def _check_missing_labels(missing: np.ndarray, shape: tuple[int, ...]) -> None:
    if missing.any():
        first = int(np.argmax(missing.ravel()))
        count = int(missing.sum())
        raise ValueError(
            f"y_true has {count} missing label{'s' if count > 1 else ''} (first at index {_index(first, shape)}); "
            "drop those rows (or fill them with their class) before scoring."
        )


def _encode(y: np.ndarray, classes: np.ndarray, name: str = "labels") -> np.ndarray:
    """Codes of ``y`` in ``classes`` (any order); unknown labels are an error."""
    sorter = np.argsort(classes, kind="stable")
    ordered = classes[sorter]
    pos = np.searchsorted(ordered, y)
    pos_clipped = np.minimum(pos, len(classes) - 1)
    found = ordered[pos_clipped] == y
    if not found.all():
        first = int(np.argmax(~found))
        unknown = np.unique(y[~found])[:5]
        raise ValueError(
            f"y_true contains labels that are not in {name}={_py_list(classes)}: {_py_list(unknown)} "
            f"(the first at index {first}); add them to {name} or drop those rows."
        )
    return sorter[pos_clipped]


def _py_list(a: Sequence[Any] | np.ndarray) -> list:
    return [_py(v) for v in a]


def _is_one_hot(y2: np.ndarray) -> bool:
    return bool((y2.sum(axis=1) == 1).all())


# ----------------------------------------------------------------------------------------------- normalize


def normalize(
    y_true: Any,
    y_score: Any,
    *,
    sample_weight: Any = None,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    average: str | None = None,
    rescale_weights: bool = True,
) -> Problem:
    """Validate and normalize raw inputs into a :class:`Problem` (the only place inputs are checked).

    ``average="samples"`` (an average that exists only for multi-label data) reads a 2-d 0/1 ``y_true`` as a
    multi-label indicator, as ``task="multilabel"`` does; otherwise a 2-d ``y_true`` with one 1 per row is one-hot
    encoded classes. ``rescale_weights=False`` keeps the weights' own scale (streaming state adds batches).

    >>> p = normalize([0, 1, 1], [[0.8, 0.2], [0.3, 0.7], [0.4, 0.6]])
    >>> p.task, p.score.tolist()
    ('binary', [0.2, 0.7, 0.6])
    """
    if task is not None and task not in TASKS:
        raise ValueError(f"task={task!r} is not one of {TASKS}.")
    from_logits = _validation.flag(from_logits, "from_logits")
    y = as_array(y_true, "y_true")
    s, eps = _scores_array(y_score)
    if y.size == 0 or s.size == 0:
        raise ValueError("empty input: y_true and y_score need at least one sample.")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim not in (1, 2):
        raise ValueError(f"y_true must have shape (n_samples,) or (n_samples, n_classes), got shape {y.shape}.")
    n = y.shape[0]
    if s.shape[0] != n:
        raise ValueError(
            f"y_true has {n} samples but y_score has {s.shape[0]}; they must be the same length "
            f"(y_true shape {y.shape}, y_score shape {s.shape})."
        )
    lo, hi = _threads.min_max(s)  # NaN or infinite if any score is
    if not (np.isfinite(lo) and np.isfinite(hi)):
        _check_finite(s, "y_score")
    w = _weights(sample_weight, n, rescale_weights)
    if y.ndim == 1 and s.ndim == 1 and labels is None and pos_label is None and task in (None, "binary"):
        problem = _binary_fast(y, s, w, from_logits, (lo, hi))
        if problem is not None:
            return problem
    _check_label_values(y)

    if y.ndim == 2:
        if task is None and average == "samples":
            task = "multilabel"
        return _from_indicator(y, s, w, labels, from_logits, task, pos_label, eps)
    return _from_labels(y, s, w, labels, pos_label, from_logits, task, eps)


def _from_indicator(y2, s, w, labels, from_logits, task, pos_label, eps) -> Problem:
    k = y2.shape[1]
    values = y2 if y2.dtype.kind == "b" else None
    if values is None:
        ok = (y2 == 0) | (y2 == 1)
        if not ok.all():
            first = int(np.argmax(~ok.ravel()))
            raise ValueError(
                f"y_true has shape {y2.shape} (an indicator matrix) but holds {_py(y2.ravel()[first])!r} at index "
                f"{_index(first, y2.shape)}; an indicator matrix holds only 0 and 1 (smoothed labels? round them)."
            )
        y2 = y2.astype(bool)
    names = np.arange(k) if labels is None else np.asarray(labels)
    if names.shape != (k,):
        raise ValueError(f"labels has {names.size} entries but y_true has {k} columns.")
    one_hot = _is_one_hot(y2)
    if task is None:
        task = ("binary" if k == 2 else "multiclass") if one_hot else "multilabel"
    if task in ("binary", "multiclass") and not one_hot:
        bad = int(np.argmax(y2.sum(axis=1) != 1))
        raise ValueError(
            f"task={task!r} needs one label per row, but row {bad} of y_true has {int(y2[bad].sum())}; "
            "for several labels per row use task='multilabel'."
        )
    if task == "multilabel":
        if pos_label is not None and not (pos_label == 1 and not isinstance(pos_label, str)):
            raise ValueError(
                f"pos_label={pos_label!r} does not apply to a multi-label indicator y_true: each column's positive "
                "value is 1. Leave pos_label out (to score the absence of a label, pass 1 - y_true)."
            )
        if s.ndim != 2 or s.shape[1] != k:
            raise ValueError(
                f"y_true is a multi-label indicator matrix with {k} columns, so y_score must have shape (n, {k}); "
                f"got {s.shape}."
            )
        _warn_if_hard(s, {0.0, 1.0})
        kind = "logit" if from_logits else ("probability" if _in_unit(s) else "score")
        return Problem("multilabel", names, y2, s, w, kind)
    codes = np.argmax(y2, axis=1)
    if task == "binary":
        if k != 2:
            raise ValueError(f"task='binary' needs two classes, but y_true has {k} columns.")
        if pos_label is not None and pos_label not in _py_list(names):
            raise ValueError(f"pos_label={pos_label!r} is not one of the column labels {_py_list(names)}.")
        pos = 1 if pos_label is None else _py_list(names).index(pos_label)
        return _binary(codes == pos, s, w, np.array([names[1 - pos], names[pos]]), pos, from_logits, eps=eps)
    if pos_label is not None:
        raise ValueError("pos_label applies to binary problems only; for multi-class problems leave it out.")
    return _multiclass(codes, s, w, names, from_logits, eps)


def _from_labels(y, s, w, labels, pos_label, from_logits, task, eps) -> Problem:
    present = _discover_labels(y)
    if labels is not None:
        classes = np.asarray(labels)
        if classes.ndim != 1 or classes.size == 0:
            raise ValueError(f"labels must be a non-empty 1-d list of class labels, got {labels!r}.")
        if np.unique(classes).size != classes.size:
            raise ValueError(f"labels has repeated entries: {_py_list(classes)}.")
        codes = _encode(y, classes)
    else:
        classes, codes = present, None

    if task is None:
        if len(classes) <= 2 and (s.ndim == 1 or s.shape[1] == 2):
            task = "binary"
        else:
            task = "multiclass"
    if task == "multilabel":
        raise ValueError(
            f"task='multilabel' needs y_true as an indicator matrix of shape (n, n_labels); got shape {y.shape}."
        )
    if task == "binary":
        return _binary_from_labels(y, s, w, classes, present, labels is not None, pos_label, from_logits, eps)

    # multiclass
    if s.ndim == 1:
        raise ValueError(
            f"y_true has {len(classes)} classes {_py_list(classes[:10])} but y_score has one column; pass one "
            f"score column per class, shape (n, {len(classes)}) (e.g. model.predict(x), not its argmax)."
        )
    k = s.shape[1]
    if len(classes) != k:
        hint = (
            f"pass labels= with the {k} classes in column order"
            if len(classes) < k
            else "y_score needs one column per class"
        )
        raise ValueError(
            f"y_true has {len(classes)} classes {_py_list(classes[:10])} but y_score has {k} columns; {hint}."
        )
    if pos_label is not None:
        raise ValueError("pos_label applies to binary problems only; for multi-class problems leave it out.")
    if codes is None:
        codes = _encode(y, classes)
    return _multiclass(codes, s, w, classes, from_logits, eps)


def _binary_from_labels(y, s, w, classes, present, explicit_labels, pos_label, from_logits, eps) -> Problem:
    if len(classes) > 2:
        raise ValueError(
            f"task='binary' but y_true has {len(classes)} classes {_py_list(classes[:10])}; leave task out for "
            "multi-class data, or map the labels to two classes."
        )
    if explicit_labels and s.ndim == 1 and len(classes) == 2:
        _check_labels_order(_py_list(classes), pos_label)
    if pos_label is not None:
        if pos_label not in _py_list(classes):
            candidates = _py_list(classes)
            if not explicit_labels and len(classes) == 1 and _default_pair(candidates + [pos_label]):
                classes = np.array(sorted(candidates + [pos_label]))
            else:
                raise ValueError(f"pos_label={pos_label!r} is not among the labels {candidates}; pass one of them.")
        pos_value = pos_label
    else:
        listed = _py_list(classes)
        if explicit_labels and len(listed) == 2:
            pos_value = listed[1]
        else:
            pair = _default_pair(listed)
            if pair is None:
                raise ValueError(
                    f"y_true has the labels {listed}; say which one is the positive class with pos_label= "
                    f"(e.g. pos_label={listed[-1]!r})."
                )
            classes = np.array(pair, dtype=object if y.dtype.kind == "O" else None)
            pos_value = pair[1]
    listed = _py_list(classes)
    if len(listed) == 1:
        listed = [None, listed[0]] if listed[0] == pos_value else [listed[0], None]
    neg_value = listed[0] if listed[1] == pos_value else listed[1]
    names = np.array([neg_value, pos_value], dtype=object)
    if y.dtype.kind == "b":
        is_pos = y if bool(pos_value) else ~y
    else:
        is_pos = y == pos_value
    if s.ndim == 2:
        if s.shape[1] != 2:
            raise ValueError(f"a binary problem takes y_score of shape (n,) or (n, 2), got {s.shape}.")
        order = [v for v in listed if v is not None]
        column = order.index(pos_value) if len(order) == 2 else 1
    else:
        column = None
    return _binary(is_pos, s, w, names, column, from_logits, hard_values=listed, eps=eps)


def _check_labels_order(listed: list, pos_label: Any) -> None:
    """With a 1-d score the positive class is the one ``pos_label`` names (by default the greater of {0, 1},
    {-1, 1}, {False, True} or two numbers); ``labels`` must list it second, or they contradict each other."""
    if pos_label is not None:
        positive, source = pos_label, f"pos_label={pos_label!r}"
    else:
        pair = _default_pair(listed)
        if pair is None:
            return  # labels the default rule cannot order: the second one listed is the positive class
        positive, source = pair[1], f"pos_label (default {pair[1]!r})"
    if listed[1] != positive and positive in listed:
        raise ValueError(
            f"labels={listed} lists {listed[1]!r} as the positive class, but with a 1-d y_score the positive class "
            f"is set by {source}. Pass pos_label={listed[1]!r} to score class {listed[1]!r}, or "
            f"labels={[listed[1], listed[0]]}."
        )


def _default_pair(values: list) -> list | None:
    """The (negative, positive) labels when no pos_label is given: {False, True}, {0, 1}, {-1, 1}, or two numbers
    (the greater is positive, as scikit-learn's roc_auc_score and the column order of (n, 2) scores have it)."""
    if all(isinstance(v, (bool, np.bool_)) for v in values):
        return [False, True]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return None
    vals = set(values)
    for lo, hi in ((0, 1), (-1, 1)):
        if vals <= {lo, hi}:
            cast = type(values[0])
            return [cast(lo), cast(hi)]
    if len(vals) == 2:
        return sorted(vals)
    return None


def _binary_fast(y, s, w, from_logits, score_range) -> Problem | None:
    """The common case, without the general label logic: 1-d bool or 0/1 labels and 1-d scores, no labels or
    pos_label given. Returns the same Problem as the general path, or None where it does not apply."""
    if y.dtype.kind == "b":
        is_pos, names = y, np.array([False, True], dtype=object)
    elif y.dtype.kind in "iu":
        is_pos = _zero_one(y)
        if is_pos is None:
            return None
        names = np.array([0, 1], dtype=object)
    elif y.dtype.kind == "f":
        is_pos = y == 1
        if np.count_nonzero(is_pos) + np.count_nonzero(y == 0) != y.size:  # other values: the general path
            return None
        names = np.array([0.0, 1.0], dtype=object)
    else:
        return None
    lo, hi = score_range
    kind = "logit" if from_logits else ("probability" if lo >= 0 and hi <= 1 else "score")
    _warn_if_hard(s, {0.0, 1.0})
    return Problem("binary", names, np.ascontiguousarray(is_pos), s, w, kind, score_range=score_range)


def _zero_one(y: np.ndarray) -> np.ndarray | None:
    """``y == 1`` for 1-d integer labels that are all 0 or 1, else None; blocks of rows on threads."""
    # viewed as unsigned, negative labels are huge: the maximum alone says whether all labels are 0 or 1
    unsigned = y.view(y.dtype.str.replace("i", "u"))
    is_pos = np.empty(y.size, dtype=bool)
    module = _kernels.compiled() if y.flags.c_contiguous else None

    def block(rows: slice) -> bool:
        if module is not None:  # one pass: the check and the copy together
            return bool(module.labels01(unsigned[rows], y.itemsize, is_pos[rows].view(np.uint8)))
        if unsigned[rows].max() > 1:
            return False
        np.equal(y[rows], 1, out=is_pos[rows])
        return True

    threads = min(_threads.threads_for(y.size), y.size)
    return is_pos if all(_threads.thread_map(block, _threads.blocks(y.size, threads), threads)) else None


def _binary(is_pos, s, w, names, column, from_logits, hard_values=(0, 1), eps=_F64_EPS) -> Problem:
    if s.ndim == 2:
        neg_col = 1 - column
        if from_logits:
            score = s[:, column].astype(np.float64) - s[:, neg_col]  # log-odds: ranks as the softmax does
            kind = "logit"
        else:
            _require_probabilities(s, "a two-column y_score", two_column=True, eps=eps)
            score = s[:, column]
            kind = "probability"
    else:
        score = s
        if from_logits:
            kind = "logit"
        else:
            kind = "probability" if _in_unit(s) else "score"
    _warn_if_hard(score, {float(v) for v in hard_values if isinstance(v, (int, float, np.number))} | {0.0, 1.0})
    return Problem("binary", names, np.ascontiguousarray(is_pos, dtype=bool), score, w, kind)


def _multiclass(codes, s, w, classes, from_logits, eps=_F64_EPS) -> Problem:
    k = len(classes)
    if s.ndim != 2 or s.shape[1] != k:
        raise ValueError(f"y_score must have shape (n, {k}) for {k} classes, got {s.shape}.")
    if from_logits:
        _refuse_probabilities_as_logits(s, eps)
        z = s.astype(np.float64)
        z = z - z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        score = z
    else:
        _require_probabilities(s, f"{k}-class y_score", two_column=False, eps=eps)
        _warn_if_hard(s, {0.0, 1.0})
        score = s
    return Problem("multiclass", classes, codes.astype(np.intp, copy=False), score, w, "probability")


def _refuse_probabilities_as_logits(s: np.ndarray, eps: float) -> None:
    """Softmax rows given with from_logits=True would get a second softmax: a different, wrong number."""
    if (
        s.shape[0]
        and _in_unit(s)
        and np.isclose(s.sum(axis=1, dtype=np.float64), 1.0, rtol=1e-5, atol=max(1e-6, s.shape[1] * eps)).all()
    ):
        raise ValueError(
            "from_logits=True, but every row of y_score is already a probability distribution (values in [0, 1] "
            "summing to 1): a second softmax would change the one-vs-rest AUCs. Leave from_logits out."
        )


def _in_unit(s: np.ndarray) -> bool:
    return bool(s.min() >= 0 and s.max() <= 1)


def _require_probabilities(s: np.ndarray, what: str, *, two_column: bool, eps: float = _F64_EPS) -> None:
    """Values in [0, 1] and rows summing to 1 within the rounding of the dtype the scores came in (each of the k
    entries of a row carries half an ulp: a float16 softmax sums to 1 only within about k * 2**-11)."""
    outside = (s < 0) | (s > 1)
    if outside.any():
        first = int(np.argmax(outside.ravel()))
        raise ValueError(
            f"{what} must hold probabilities in [0, 1], but {int(outside.sum())} values are outside (the first, "
            f"{s.ravel()[first]}, at index {_index(first, s.shape)}). If these are logits, pass from_logits=True."
        )
    sums = s.sum(axis=1, dtype=np.float64)
    off = ~np.isclose(sums, 1.0, rtol=1e-5, atol=max(1e-6, s.shape[1] * eps))
    if off.any():
        row = int(np.argmax(off))
        extra = (
            "; to score one column alone, pass it as y_score[:, 1] (for a multi-label indicator y_true with "
            "independent columns, task='multilabel')"
            if two_column
            else "; if the columns are independent sigmoid outputs, pass task='multilabel' with an indicator y_true"
        )
        raise ValueError(
            f"the rows of {what} must sum to 1 (softmax probabilities), but {int(off.sum())} rows do not "
            f"(row {row} sums to {sums[row]:.6g}). If these are logits, pass from_logits=True{extra}."
        )


def _warn_if_hard(score: np.ndarray, label_values: set) -> None:
    head = score.ravel()[:4096]
    if head.size and float(head[0]) not in label_values:  # the usual case, decided without a pass over the data
        return
    values = np.array(sorted(label_values), dtype=np.float64)
    if not np.isin(head, values).all():
        return
    if not np.isin(score, values).all():
        return
    distinct = sorted(float(v) for v in np.unique(score))
    warn(
        f"y_score holds only the values {distinct}, like hard class predictions (argmax or a 0/1 output): a ROC "
        "curve needs scores, so it has a single point. Pass the model's probabilities (e.g. model.predict(x), "
        "not its argmax).",
        HardPredictionWarning,
    )
