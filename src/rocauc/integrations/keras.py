"""Keras adapter: a drop-in ``AUC`` metric, a callback writing the exact validation AUC into the logs, and
``evaluate_model``. Imported only when used; it needs ``keras>=3`` and one of its backends (TensorFlow, JAX or
torch: the metric uses ``keras.ops`` only).

>>> import rocauc.keras                                   # doctest: +SKIP
>>> model.compile(loss="binary_crossentropy", metrics=[rocauc.keras.AUC()])   # doctest: +SKIP

A ``.keras`` file that holds the metric loads where ``rocauc.keras`` has been imported (Keras finds custom objects
only once their module has registered them): ``import rocauc.keras`` before ``keras.models.load_model``.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import warnings
from types import SimpleNamespace
from typing import Any

import numpy as np

from ..core import policy as _policy
from ..core.counts import Counts
from ..core.errors import require
from ..stats.evaluation import Evaluation
from ..streaming import StreamingAUC

# Keras's backends and what to install for each
_BACKENDS = {"tensorflow": "tensorflow-cpu", "jax": "'jax[cpu]'", "torch": "torch"}


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _configured_backend() -> str:
    """The backend Keras loads: ``KERAS_BACKEND``, else the one in ``keras.json``, else TensorFlow (its default)."""
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    try:
        with open(os.path.join(home, "keras.json")) as f:
            return str(json.load(f).get("backend", "tensorflow"))
    except (OSError, ValueError, AttributeError):
        return "tensorflow"


def _import_keras() -> Any:
    """``import keras``, or an ImportError that says what is missing: Keras itself, or the backend it tried to
    load (``pip install "rocauc[keras]"`` installs Keras, not a backend)."""
    try:
        return require("keras", "keras", "rocauc.keras")
    except ImportError as exc:
        if not _installed("keras"):
            raise
        cause = exc.__cause__ or exc
        backend = _configured_backend()
        others = [name for name in _BACKENDS if name != backend and _installed(name)]
        choose = (
            f"or use one that is installed here ({', '.join(others)}) by setting KERAS_BACKEND before Python "
            f"starts, e.g. `KERAS_BACKEND={others[0]} python ...`"
            if others
            else "or choose another backend with the environment variable KERAS_BACKEND (tensorflow, jax or "
            "torch), set before Python starts"
        )
        raise ImportError(
            f"rocauc.keras: keras is installed, but importing it failed while it loaded its backend {backend!r} "
            f"({type(cause).__name__}: {cause}). Install that backend (`pip install "
            f"{_BACKENDS.get(backend, backend)}`), {choose}."
        ) from exc


keras = _import_keras()
ops = keras.ops

__all__ = ["AUC", "ROCCallback", "evaluate_model", "output_activation"]

# the checks that cannot stop a compiled step: counted in the metric's state, reported when results are read
_ISSUES = (
    ("nan", "y_pred held {n} NaN values (the model may have diverged); they were counted as 0"),
    (
        "labels",
        "y_true held {n} values that are not class labels (0/1, or class indices below the number of "
        "outputs): smoothed labels like 0.1/0.9 are not labels, pass the hard ones",
    ),
    (
        "range",
        "y_pred held {n} values outside [0, 1] where probabilities were expected; if the model outputs "
        "logits pass from_logits=True (keras.metrics.AUC would clip them without saying so)",
    ),
    (
        "rows",
        "{n} rows of y_pred did not sum to 1, so they are not softmax probabilities; pass from_logits=True for "
        "logits, multi_label=True for independent sigmoid outputs, or average='micro' to pool every value "
        "into one binary problem as keras.metrics.AUC does",
    ),
    (
        "one_hot",
        "{n} rows of y_true did not hold exactly one 1 in a multi-class problem; for several labels per row "
        "pass multi_label=True (one AUC per label), or average='micro' for keras.metrics.AUC's number (every "
        "value pooled into one binary problem)",
    ),
    (
        "weights",
        "sample_weight held {n} negative or NaN values; weights must be >= 0 (keras.metrics.AUC would "
        "add negative mass to its counts)",
    ),
)
_MAX_BITS = 24
_ONE_HOT_CELLS = 1 << 20  # JAX sums unweighted batches by a one-hot product up to this many (value, cell) pairs
_TREE_BACKENDS = ("tensorflow", "jax")  # where bits ROC areas keep a running count of wrongly ordered pairs
# ops.scatter_update(..., reduction="add"), in recent Keras versions
_SCATTER_ADD = "reduction" in inspect.signature(ops.scatter_update).parameters


def _as_float32(x: Any, xp: Any = ops) -> Any:
    return x if keras.backend.standardize_dtype(x.dtype) == "float32" else xp.cast(x, "float32")


def _no_nan(a: Any, b: Any) -> np.ndarray:
    """``keras.ops.divide_no_nan`` in numpy: ``a / b``, 0 where ``b`` is 0."""
    zero = np.asarray(b) == 0
    return np.where(zero, np.float32(0), np.asarray(a) / np.where(zero, np.float32(1), b))


def _np_array(x: Any, dtype: Any = None) -> np.ndarray:
    return np.asarray(x, dtype=dtype)


# The keras.ops that AUC.result uses, in numpy (float32 arrays in, float32 out). Read outside a compiled step (Keras
# reads every metric at each epoch's end, and at every step of an eager one), the result is computed from one copy
# of the state instead of by some forty backend operations dispatched one at a time: the same formulas, given this
# namespace instead of keras.ops.
_NUMPY = SimpleNamespace(
    **{name: getattr(np, name) for name in ("abs", "concatenate", "cumsum", "flip", "log", "maximum")},
    **{name: getattr(np, name) for name in ("minimum", "reshape", "shape", "sum", "where", "zeros")},
    divide_no_nan=_no_nan,
    convert_to_tensor=_np_array,
    cast=_np_array,
)


def _rows_off(s: Any) -> Any:
    """Rows that do not sum to 1 (as softmax probabilities do, to float32 rounding)."""
    return ops.abs(ops.sum(s, axis=1) - 1.0) > 1e-4


_BLOCK = 32


def _pairs_below(neg: Any, pos: Any) -> Any:
    """``sum_b neg[:, b] * sum_{b' < b} pos[:, b']`` for a power-of-two number of buckets, without a cumulative sum
    (slow on TensorFlow's CPU kernels and less accurate in float32): within blocks of 32 buckets a product with a
    triangular matrix, then the same on the blocks' totals, 32 times fewer at each level (keras.ops: the buckets of
    ``bits=`` are read by the backend, never copied to numpy)."""
    k = ops.shape(neg)[0]
    ahead = np.tril(np.ones((_BLOCK, _BLOCK), np.float32), -1).T  # ahead[b', b] = 1 where b' < b
    total = 0.0
    size = int(neg.shape[-1])
    while size > 1:
        block = min(size, _BLOCK)
        n = ops.reshape(neg, (k, size // block, block))
        p = ops.reshape(pos, (k, size // block, block))
        total = total + ops.sum(n * ops.matmul(p, ops.convert_to_tensor(ahead[:block, :block])), axis=(1, 2))
        neg, pos, size = ops.sum(n, axis=2), ops.sum(p, axis=2), size // block
    return total


class _PairTree:
    """The running ROC area of ``2**bits`` buckets per column, kept at O(batch) cost per update.

    The area is ``1 - wrong / (P * N)``, ``wrong`` the weight of the (negative, positive) pairs ordered wrongly
    (the negative in a higher bucket, a shared bucket counting half). A batch adds to ``wrong``: for each of its
    negatives, the positives below it, this batch's included; for each of its positives, the negatives above it
    from before this batch. "The weight below a bucket" is read from a tree of bucket totals whose levels take
    ``_DIGIT`` more bits of the bucket each: at every level the siblings before the bucket's own node, one row of
    at most ``2**_DIGIT`` nodes gathered per value and level. The upper levels' totals are cells of the metric's
    state after its issue counts, summed by the same segment sum as the buckets (the leaves); per label they hold
    one block of ``k * nodes`` cells, a column's nodes after the previous column's, as the buckets do.
    """

    _DIGIT = 4

    def __init__(self, bits: int, k: int, start: int):
        n_levels = -(-bits // self._DIGIT)
        widths = np.array([bits - self._DIGIT * (n_levels - 1)] + [self._DIGIT] * (n_levels - 1))
        nodes = 1 << np.cumsum(widths)  # nodes per column at each level, the top first; the last are the buckets
        shifts = bits - np.cumsum(widths)  # a bucket's node at a level: bucket >> shift
        sizes = 2 * k * nodes  # cells per level (both labels, every column)
        offsets = np.r_[start + np.cumsum(sizes[:-1]) - sizes[:-1], 0]  # the leaves are the state's first cells
        self.k, self.stop = k, int(start + sizes[:-1].sum())
        self.top = (int(offsets[0]), int(nodes[0]))
        # the upper levels' cells of a value: offset + label * k * nodes + (place >> shift)
        self._upper = [c.astype(np.int32) for c in (offsets[:-1], k * nodes[:-1], shifts[:-1])]
        # the gathered rows, all levels side by side: per column its level's offset, shift, row width and position
        rows = 1 << widths
        level = np.repeat(np.arange(n_levels), rows)
        self._rows = [
            c.astype(np.int32)
            for c in (offsets[level], shifts[level], widths[level], np.concatenate([np.arange(r) for r in rows]))
        ]
        self._positives = (k * nodes[level]).astype(np.int32)  # from a negative's cell to the positive's
        self._leaf = (level == n_levels - 1).astype(np.float32)
        self._all = (level == 0).astype(np.float32)  # the top level's row: every node of the column

    def upper_cells(self, place: Any, label: Any) -> Any:
        """The cells of the upper levels' nodes of each value, ``(m, levels - 1)``, or None for a one-level tree."""
        if not self._upper[0].size:
            return None
        offset, stride, shift = (ops.convert_to_tensor(c) for c in self._upper)
        return offset + label[:, None] * stride + ops.right_shift(place[:, None], shift)

    def wrong_pairs(self, before: Any, after: Any, place: Any, label: Any, weight: Any) -> Any:
        """The weight of the pairs a batch orders wrongly, per column ``(k,)``: the state ``before`` and ``after``
        the batch was added, and per value its ``place`` (``column * 2**bits + bucket``), ``label`` and ``weight``
        (0: not counted)."""
        offset, shift, width, position = (ops.convert_to_tensor(c) for c in self._rows)
        node = ops.right_shift(place[:, None], shift)
        first = ops.left_shift(ops.right_shift(node, width), width)  # the first sibling of the node
        cell = offset + first + position  # (m, columns): the negatives' nodes of each level's row
        digit = node - first
        below = ops.cast(position < digit, "float32")  # the siblings before the node, and half the bucket itself
        below = below + ops.convert_to_tensor(0.5 * self._leaf) * ops.cast(position == digit, "float32")
        negatives = ops.take(_as_float32(before), cell)
        positives = ops.take(_as_float32(after), cell + ops.convert_to_tensor(self._positives))
        # a negative: the positives below it (this batch's too); a positive: the negatives above it, from before
        above = ops.convert_to_tensor(self._all) - below
        wrong = ops.where(label > 0, ops.sum(negatives * above, axis=1), ops.sum(positives * below, axis=1))
        wrong = wrong * weight
        return ops.sum(ops.reshape(wrong, (-1, self.k)), axis=0)

    def totals(self, state: Any) -> tuple[Any, Any]:
        """The negatives' and the positives' weight per column, ``(k,)`` each, from the top level (keras.ops: the
        state of ``bits=`` is read by the backend, never copied to numpy)."""
        offset, nodes = self.top
        top = ops.reshape(_as_float32(state[offset : offset + 2 * self.k * nodes]), (2, self.k, nodes))
        totals = ops.sum(top, axis=2)
        return totals[0], totals[1]


def _multi_replica() -> bool:
    """Whether the metric is made under a TensorFlow distribution strategy with several replicas, whose updates are
    summed across replicas: pairs across replicas would be missed, so the area is then computed from the buckets."""
    if keras.backend.backend() != "tensorflow":
        return False
    import tensorflow as tf

    return bool(tf.distribute.has_strategy() and tf.distribute.get_strategy().num_replicas_in_sync > 1)


try:  # Keras's shape inference runs metrics on dummy data in these scopes: nothing there is worth reporting
    from keras.src.backend.common.stateless_scope import in_stateless_scope as _in_stateless_scope
    from keras.src.backend.common.symbolic_scope import in_symbolic_scope as _in_symbolic_scope
except ImportError:  # pragma: no cover - other Keras layouts

    def _in_stateless_scope() -> bool:
        return False

    _in_symbolic_scope = _in_stateless_scope


def _concrete(x: Any) -> np.ndarray | None:
    """The value of a tensor, or None inside a traced, symbolic or stateless computation."""
    if _in_symbolic_scope() or _in_stateless_scope():
        return None
    if keras.backend.backend() == "torch":
        import torch

        if torch.compiler.is_compiling():  # torch.compile traces Python too: leave the report to eager reads
            return None
    try:
        return np.asarray(ops.convert_to_numpy(x))
    except Exception:  # JAX tracers, TF graph tensors, torch meta tensors: no value to read here
        return None


# keras is the module _import_keras returned (typed Any), so mypy cannot see its classes as bases
@keras.saving.register_keras_serializable(package="rocauc")
class AUC(keras.metrics.Metric):  # type: ignore[name-defined]
    """Area under the ROC or PR curve: ``keras.metrics.AUC``'s constructor and, in that configuration, its numbers,
    with its silent failures made loud and a high-resolution mode.

    The same arguments and defaults as ``keras.metrics.AUC`` (``num_thresholds=200``, ``curve``,
    ``summation_method``, ``thresholds``, ``multi_label``, ``num_labels``, ``label_weights``, ``from_logits``), and:

    - ``bits`` (1 to 24): buckets on the top ``bits`` bits of the float32 score's ordered key instead of linear
      thresholds, so scores crowded near 0 or 1, and logits, keep their resolution (``AUC(bits=16)``);
    - ``(n, 2)`` outputs are scored on the positive column (not flattened); ``(n, k)`` softmax outputs are scored
      one class against the rest and averaged as ``average`` says (``"macro"`` by default, ``"weighted"`` weights
      by prevalence, None gives one value per class). ``average="micro"`` is exactly Keras's ``multi_label=False``
      flattening of any multi-column output (every value one binary example; multi-hot labels allowed);
    - ``curve="PRGAIN"`` (precision-recall gain) as Keras computes it; outputs of rank above 2 (per time step)
      flattened into rows as Keras does; ``sample_weight`` per row, per leading position or per value;
    - NaN scores, soft labels, probabilities outside [0, 1], rows that are not softmax probabilities, multi-hot rows
      in a multi-class problem and negative weights are counted in the state (a compiled step cannot stop): the
      result is then NaN and reading it warns, saying what to fix. One class present gives NaN, not 0.
      :meth:`check` raises instead.

    :meth:`to_streaming` exports the state as a :class:`rocauc.StreamingAUC` (with bounds, curves, counts).

    Examples
    --------
    >>> m = AUC(num_thresholds=3)
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> float(m.result())
    0.75
    >>> m.to_streaming().bounds()
    (0.5, 1.0)
    """

    def __init__(
        self,
        num_thresholds: int = 200,
        curve: str = "ROC",
        summation_method: str = "interpolation",
        name: str | None = None,
        dtype: Any = None,
        thresholds: Any = None,
        multi_label: bool = False,
        num_labels: int | None = None,
        label_weights: Any = None,
        from_logits: bool = False,
        average: str | None = "macro",
        bits: int | None = None,
    ):
        if bits is not None and not (
            isinstance(bits, (int, np.integer)) and not isinstance(bits, bool) and 1 <= bits <= _MAX_BITS
        ):
            raise ValueError(
                f"bits must be an integer from 1 to {_MAX_BITS} for the Keras metric (its state is "
                f"2**bits buckets per class), got {bits!r}; e.g. bits=16."
            )
        # the configuration is checked, and held, by the StreamingAUC the state exports to
        self._spec = StreamingAUC(
            num_thresholds,
            curve,
            summation_method,
            thresholds=thresholds,
            multi_label=multi_label,
            num_labels=num_labels,
            label_weights=label_weights,
            from_logits=from_logits,
            bits=bits,
            average=average,
        )
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self._user_thresholds = None if thresholds is None else [float(t) for t in thresholds]
        # a numpy constant: converted inside each update, so no tensor outlives the graph or device it was made in
        self._thresholds32 = None if self._spec.edges.kind != "thresholds" else self._spec.edges._t.astype(np.float32)
        self._warned = False
        self._built = False
        self._tree: _PairTree | None = None
        self._scatter = False
        self._sparse_labels = False
        if multi_label and num_labels:
            self._build((None, int(num_labels)))

    # ------------------------------------------------------------------------------------------- config

    @property
    def num_thresholds(self) -> int | None:
        return self._spec.num_thresholds

    @property
    def thresholds(self) -> list[float] | None:
        """The thresholds with the epsilon end thresholds, as ``keras.metrics.AUC.thresholds`` (None with bits)."""
        return self._spec.thresholds

    @property
    def multi_label(self) -> bool:
        return self._spec.multi_label

    @property
    def from_logits(self) -> bool:
        return self._spec.from_logits

    def get_config(self) -> dict:
        spec = self._spec
        config = {
            # as keras.metrics.AUC: user thresholds count with their two end thresholds
            "num_thresholds": len(self._user_thresholds) + 2
            if self._user_thresholds
            else 200
            if spec.num_thresholds is None
            else spec.num_thresholds,
            "curve": spec.curve_name,
            "summation_method": spec.summation_method,
            "thresholds": self._user_thresholds,
            "multi_label": spec.multi_label,
            "num_labels": spec.num_labels,
            "label_weights": None if spec.label_weights is None else spec.label_weights.tolist(),
            "from_logits": spec.from_logits,
            "average": spec.average,
            "bits": spec.bits,
        }
        return {**super().get_config(), **config}

    # ------------------------------------------------------------------------------------------- state

    def _build(self, shape: tuple) -> None:
        spec = self._spec
        rank = len(shape)
        last = shape[-1] if rank >= 2 else 1
        if rank == 0:
            raise ValueError("y_pred must hold a batch of scores, shape (n,), (n, k) or (n, ..., k); got a scalar.")
        if last is None:
            raise ValueError("the number of model outputs (the last dimension of y_pred) must be known.")
        last = int(last)
        if spec.multi_label:
            if rank < 2:
                raise ValueError(f"multi_label=True needs y_pred of shape (n, n_labels); got {tuple(shape)}.")
            mode, k = "multilabel", last
        elif last == 1:
            mode, k = "binary", 1
        elif spec.average == "micro":  # keras.metrics.AUC's flattening: every value is one binary example
            mode, k = "flat", 1
        elif last == 2:
            mode, k = "two_column", 1
        else:
            mode, k = "multiclass", last
        if spec.num_labels is not None and k != spec.num_labels:
            raise ValueError(f"num_labels={spec.num_labels} but y_pred has {k} columns.")
        if spec.label_weights is not None:
            if mode == "two_column":
                raise ValueError(
                    "label_weights weight the columns of a multi-label output or of the values pooled "
                    "by average='micro', but a two-column output is one binary problem scored on its "
                    "second column: drop label_weights, or pass average='micro' for "
                    "keras.metrics.AUC's flattening."
                )
            if last > 1 and spec.label_weights.size != last:
                raise ValueError(
                    f"label_weights has {spec.label_weights.size} entries but y_pred has {last} "
                    "columns; give one weight per class."
                )
        nb = spec.edges.n_buckets
        if 2 * k * nb >= 2**31:
            raise ValueError(f"{k} columns with bits={spec.bits} make too many buckets; use fewer bits.")
        self._mode, self._k, self._columns, self._size = mode, k, last, 2 * k * nb
        self._issues = slice(self._size, self._size + len(_ISSUES))
        # Keras reads the result at every training step. With bits and the ROC trapezoid (columns not pooled), on
        # TensorFlow and JAX each update adds the pairs it orders wrongly to a running count, read from a tree of
        # bucket totals, so that result() costs O(k) instead of passes over the 2**bits buckets; torch's cumulative
        # sum over the buckets costs less than the tree's extra operations (benchmarks/bench_keras.py). Replicas
        # whose updates are summed would miss the pairs across replicas: they add plain bucket sums.
        backend, replicated = keras.backend.backend(), _multi_replica()
        self._tree = (
            _PairTree(spec.edges._b, k, self._issues.stop)
            if spec.edges.kind == "bits"
            and spec.curve_name == "ROC"
            and spec.summation_method == "interpolation"
            and not (spec.average == "micro" and k > 1)
            and backend in _TREE_BACKENDS
            and not replicated
            else None
        )
        # TensorFlow adds a batch in place (tensor_scatter_nd_add) faster than it sums it into a new dense array
        self._scatter = backend == "tensorflow" and not replicated and _SCATTER_ADD
        total = self._issues.stop if self._tree is None else self._tree.stop
        # one flat variable, so that a batch is one sum and one assignment: the weight of negatives then positives
        # per (column, bucket), then the count of invalid values of each kind (then the tree's upper levels)
        self.state = self.add_variable(shape=(total,), initializer="zeros", name="state", dtype=self.dtype)
        if self._tree is not None:  # the pairs ordered wrongly (negative above positive, ties half) per column,
            # as a float sum and its rounding error (compensated summation: the count outgrows float32's 24 bits)
            self.pairs = self.add_variable(shape=(2, k), initializer="zeros", name="pairs", dtype=self.dtype)
        self._built = True

    def _describe(self) -> str:
        return {"binary": "a binary output (1 column)", "two_column": "a two-column output"}.get(
            self._mode, f"{self._columns} columns"
        )

    def reset_state(self) -> None:
        if self._built:
            self.state.assign(ops.zeros(self.state.shape, dtype=self.state.dtype))
            if self._tree is not None:
                self.pairs.assign(ops.zeros(self.pairs.shape, dtype=self.pairs.dtype))
        self._warned = False

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Add a batch. Backend-agnostic (``keras.ops`` and tensor operators only): runs inside compiled train and
        test steps. Invalid values are not binned; they are counted, by kind, in the same sum as the buckets.

        ``y_pred`` is ``(n,)``, ``(n, k)`` or ``(n, ..., k)`` (per time step: the leading dimensions are flattened, as
        Keras does); ``y_true`` holds a label per value, or a class index per row. ``sample_weight`` is one weight
        per row ``(n,)``, per leading position ``(n, ...)``, or per value (the shape of ``y_pred``)."""
        y_pred = ops.convert_to_tensor(y_pred)
        y_true = ops.convert_to_tensor(y_true)
        if not self._built:
            self._build(tuple(y_pred.shape))
        last = y_pred.shape[-1] if len(y_pred.shape) >= 2 else 1
        if last != self._columns:
            raise ValueError(
                f"y_pred has {last} columns, but this metric counts {self._describe()}; use one metric "
                "per output (or reset it with a new one)."
            )
        spec, mode, k = self._spec, self._mode, self._k
        keras_kind = spec.edges.kind != "bits"
        s, y, row_issue, row_code = self._values(_as_float32(y_pred), _as_float32(y_true))
        pooled_weights = mode == "flat" and spec.label_weights is not None  # Keras weights each pooled column
        w = None if sample_weight is None and not pooled_weights else self._weights(sample_weight, y_pred)
        nan = s != s
        bad_label = (y != 0) & (y != 1)
        probabilities = not spec.from_logits and (keras_kind or mode in ("two_column", "multiclass"))
        outside = ((s < 0) | (s > 1)) if probabilities else None
        if keras_kind and spec.from_logits and mode != "multiclass":
            s = ops.sigmoid(s)
        # An invalid value goes to the cell of its issue (NaN, label, range, row sum, one-hot) instead of a bucket.
        # Its bucket is never used, so a NaN needs no cleaning first.
        cells, place, label = self._cells(s, y)
        size = self._size
        if row_issue is not None:
            if k > 1:
                row_issue = row_issue[:, None]
                row_code = row_code if isinstance(row_code, int) else row_code[:, None]
            cells = ops.where(row_issue, size + row_code, cells)
        if outside is not None:
            cells = ops.where(outside, size + 2, cells)
        cells = ops.where(bad_label, size + 1, cells)
        cells = ops.reshape(ops.where(nan, size, cells), (-1,))
        if w is not None:
            w = ops.reshape(w, (-1,))
            cells = ops.where((w < 0) | (w != w), size + 5, cells)
            w = ops.where(cells >= size, 1.0, w)  # count an invalid value even where masked
        total = int(self.state.shape[0])
        tree, ids = self._tree, cells
        if tree is not None:  # the same values, weighted 0 where invalid, also in the tree's upper levels' cells
            counted = ops.where(cells >= size, 0.0, 1.0 if w is None else w)
            place, label = ops.reshape(place, (-1,)), ops.reshape(label, (-1,))
            upper = tree.upper_cells(place, label)
            if upper is not None:
                ids = ops.concatenate([cells, ops.reshape(upper, (-1,))])
                repeated = ops.reshape(ops.broadcast_to(counted[:, None], ops.shape(upper)), (-1,))
                w = ops.concatenate([ops.ones_like(cells, dtype="float32") if w is None else w, repeated])
        old, new = self.state.value, None
        if self._scatter:
            data = ops.ones_like(ids, dtype=self.dtype) if w is None else ops.cast(w, self.dtype)
            new = ops.scatter_update(old, ops.reshape(ids, (-1, 1)), data, reduction="add")
        else:
            backend, m = keras.backend.backend(), ids.shape[0]
            if backend == "torch":  # torch's bincount is the fastest sum here (lengths fit minlength)
                sums = ops.bincount(ids, weights=w, minlength=total)
            elif backend == "jax" and w is None and m is not None and m * total <= _ONE_HOT_CELLS:
                # counts as a product of ones with the cells' one-hot rows: in a jitted training step XLA's CPU
                # scatter costs more (benchmarks/bench_keras.py); ones and zeros are exact in any matmul precision
                sums = ops.matmul(ops.ones((1, m)), ops.one_hot(ids, total, dtype="float32"))[0]
            else:  # jit-friendly everywhere
                sums = ops.segment_sum(ops.ones_like(ids, dtype="float32") if w is None else w, ids, num_segments=total)
            if keras.backend.standardize_dtype(sums.dtype) != keras.backend.standardize_dtype(self.dtype):
                sums = ops.cast(sums, self.dtype)
            if tree is not None:
                new = old + sums
        if tree is not None:  # the pairs this batch orders wrongly, read from the state before and after it
            wrong = ops.cast(tree.wrong_pairs(old, new, place, label, counted), self.dtype)
        if new is None:
            self.state.assign_add(sums)
        else:
            self.state.assign(new)
        if tree is not None:  # compensated summation: the running sum and its rounding error
            hi, lo = self.pairs[0], self.pairs[1]
            new = hi + wrong
            back = new - hi
            self.pairs.assign(ops.stack([new, lo + ((hi - (new - back)) + (wrong - back))]))

    def _values(self, s: Any, y: Any) -> tuple:
        """Scores and labels laid out as the values counted, ``(m,)`` or ``(m, k)``, with the rows that fail a
        check of whole rows and the kind of issue they count as (or None)."""
        spec, mode, last = self._spec, self._mode, self._columns
        rank = len(s.shape)
        per_value = (len(y.shape) == rank and (rank == 1 or y.shape[-1] == last)) or (
            len(y.shape) == rank + 1 and y.shape[-1] == 1
        )  # (n, 1) labels for (n,) scores
        if not per_value and not (len(y.shape) in (rank - 1, rank) and (len(y.shape) < rank or y.shape[-1] == 1)):
            raise ValueError(
                f"y_true of shape {tuple(y.shape)} does not fit y_pred of shape {tuple(s.shape)}: give "
                "a label per value (the shape of y_pred) or, for several columns, a class index per row."
            )
        if mode in ("binary", "multilabel"):
            if mode == "multilabel" and not per_value:
                raise ValueError(
                    f"multi_label=True needs y_true of the shape of y_pred, {tuple(s.shape)} (one 0/1 "
                    f"label per value); got {tuple(y.shape)}."
                )
            if mode == "binary":
                return ops.reshape(s, (-1,)), ops.reshape(y, (-1,)), None, None
            return ops.reshape(s, (-1, last)), ops.reshape(y, (-1, last)), None, None
        s = ops.reshape(s, (-1, last))
        row_issue = row_code = None
        if mode == "two_column":
            if not spec.from_logits:
                row_issue, row_code = _rows_off(s), 3
            s = s[:, 1] - s[:, 0] if spec.from_logits else s[:, 1]  # logits: the log-odds of the positive class
            if not per_value:
                return s, ops.reshape(y, (-1,)), row_issue, row_code
            y = ops.reshape(y, (-1, 2))
            not_one_hot = (y[:, 0] + y[:, 1]) != 1.0  # [0, 0] or [1, 1] rows are multi-label data, not one class
            row_issue = not_one_hot if row_issue is None else row_issue | not_one_hot
            row_code = 4 if row_code is None else ops.where(not_one_hot, 4, row_code)
            return s, y[:, 1], row_issue, row_code
        if per_value:
            y = ops.reshape(y, (-1, last))
            bad = None
        else:  # class indices
            self._sparse_labels = True
            codes = ops.reshape(y, (-1,))
            bad = (codes != ops.round(codes)) | (codes < 0) | (codes > last - 1)
            y = ops.one_hot(ops.cast(ops.where(bad, 0.0, codes), "int32"), last, dtype="float32")
        if mode == "flat":  # every value one binary example; a bad class index flags the values of its row
            if bad is not None:
                y = ops.where(bad[:, None], 0.5, y)
            return ops.reshape(s, (-1,)), ops.reshape(y, (-1,)), None, None
        if spec.from_logits:
            s = ops.softmax(s, axis=-1)
        else:
            row_issue, row_code = _rows_off(s), 3
        if bad is None:
            not_one_hot = ops.sum(y, axis=1) != 1.0
            row_issue = not_one_hot if row_issue is None else row_issue | not_one_hot
            row_code = 4 if row_code is None else ops.where(not_one_hot, 4, row_code)
        else:
            row_issue = bad if row_issue is None else row_issue | bad
            row_code = 1 if row_code is None else ops.where(bad, 1, row_code)
        return s, y, row_issue, row_code

    def _weights(self, sample_weight: Any, y_pred: Any) -> Any:
        """``sample_weight`` broadcast to ``y_pred`` and laid out as the values counted (times ``label_weights``
        where the columns are pooled)."""
        w = ops.ones(ops.shape(y_pred)) if sample_weight is None else _as_float32(ops.convert_to_tensor(sample_weight))
        shape, wshape = tuple(y_pred.shape), tuple(w.shape)
        rank = len(shape)
        if len(wshape) > rank:  # (n, 1) weights for (n,) outputs
            if any(d not in (1, None) for d in wshape[rank:]):
                raise ValueError(f"sample_weight of shape {wshape} does not fit y_pred of shape {shape}.")
            w = ops.reshape(w, (-1,))
        elif self._mode == "binary" and len(wshape) == 1 and rank <= 2:
            pass  # the common case: one weight per row of a binary output
        else:
            if any(a is not None and b is not None and a not in (1, b) for a, b in zip(wshape, shape)):
                raise ValueError(
                    f"sample_weight of shape {wshape} does not fit y_pred of shape {shape}: give one "
                    "weight per row (n,), per leading position, or per value (the shape of y_pred)."
                )
            if self._mode == "two_column" and len(wshape) == rank and wshape[-1] == 2:
                raise ValueError(
                    "sample_weight gives a weight per column, but a two-column output is one binary "
                    "problem scored on its second column: give one weight per row (n,), or pass "
                    "average='micro' to pool both columns as keras.metrics.AUC does."
                )
            for _ in range(rank - len(wshape)):
                w = ops.expand_dims(w, -1)
            w = ops.broadcast_to(w, ops.shape(y_pred))
        if self._mode == "binary":
            return ops.reshape(w, (-1,))
        w = ops.reshape(w, (-1, self._columns))
        if self._mode == "two_column":
            return w[:, 1]
        if self._mode == "flat":
            if self._spec.label_weights is not None:
                w = w * ops.convert_to_tensor(self._spec.label_weights.astype(np.float32))[None, :]
            return ops.reshape(w, (-1,))
        return w

    def _cells(self, s: Any, y: Any) -> tuple:
        """``(label * k + column) * n_buckets + bucket`` of each value (flat for one column), with its place among
        the buckets of one label, ``column * n_buckets + bucket``, and its 0/1 label."""
        edges, k = self._spec.edges, self._k
        nb = edges.n_buckets
        if edges.kind == "linear":  # Keras's index ceil(p * (T - 1)) in float32
            bucket = ops.cast(ops.ceil(s * float(nb - 1)), "int32")
        elif edges.kind == "thresholds":  # the number of thresholds below p (a numpy constant, made a tensor here,
            # inside the traced step: a tensor made at build time would belong to another graph or device)
            bucket = ops.searchsorted(ops.convert_to_tensor(self._thresholds32), ops.reshape(s, (-1,)), side="left")
            bucket = ops.cast(bucket if k == 1 else ops.reshape(bucket, ops.shape(s)), "int32")
        else:  # the top bits of the order-preserving key: flip the magnitude bits of negative floats, then shift
            x = ops.reshape(ops.where(s == 0, 0.0, s), (-1, 1))  # -0.0 -> +0.0 first (a NaN gives some bucket);
            key = ops.reshape(ops.view(x, "int32"), ops.shape(s))  # (-1, 1): a known last dimension for view
            key = ops.bitwise_xor(key, ops.bitwise_and(ops.right_shift(key, 31), 0x7FFFFFFF))
            bucket = ops.right_shift(key, 32 - edges._b) + (1 << (edges._b - 1))
        label = ops.cast(y > 0.5, "int32")
        place = bucket if k == 1 else ops.arange(0, k * nb, nb, dtype="int32")[None, :] + bucket
        return label * (k * nb) + place, place, label

    # ------------------------------------------------------------------------------------------- results

    def result(self) -> Any:
        """The AUC (NaN if invalid input was seen, with a warning when read outside a compiled step)."""
        if not self._built:
            return ops.convert_to_tensor(float("nan"), dtype=self.dtype)
        tree = self._tree
        # read outside a compiled step: numpy, from one copy of the state (see _NUMPY); not the 2**bits buckets per
        # class of bits=, whose copy and pass would cost more than the backend's cumulative sum or running pair count
        state = None if self._spec.edges.kind == "bits" else _concrete(self.state.value)
        if state is None:  # keras.ops: inside a compiled (traced, symbolic or stateless) step, or with bits
            pairs = None if tree is None else self.pairs.value
            value, P, N = self._value(ops, self.state.value, pairs)
            counts = _concrete(self.state[self._issues])
            if counts is not None:  # outside compiled steps
                self._report(counts, _concrete(P), _concrete(N))
            return ops.cast(value, self.dtype)
        pairs = None if tree is None else _concrete(self.pairs.value)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            value, P, N = self._value(_NUMPY, state, pairs)
        self._report(state[self._issues], P, N)
        return ops.cast(ops.convert_to_tensor(np.asarray(value, dtype=np.float32)), self.dtype)

    def _value(self, xp: Any, state: Any, pairs: Any) -> tuple[Any, Any, Any]:
        """The AUC from the state (and the running pair count, with the tree), computed with ``xp``: keras.ops inside
        compiled steps, ``_NUMPY`` outside them; with the positives' and negatives' weight per column."""
        spec = self._spec
        weights = (
            None
            if spec.label_weights is None or self._k == 1
            else xp.convert_to_tensor(spec.label_weights.astype(np.float32))
        )
        if self._tree is not None:  # O(k): the running count of wrongly ordered pairs over the weights' product
            N, P = self._tree.totals(state)  # xp is keras.ops: with bits, result() never reads numpy
            values = 1.0 - _as_float32(pairs[0] + pairs[1], xp) / (P * N)
        else:
            m = xp.reshape(_as_float32(state[: self._size], xp), (2, self._k, spec.edges.n_buckets))
            neg, pos = m[0], m[1]
            if spec.average == "micro" and self._k > 1:  # the classes' tables summed: one table
                scale = 1.0 if weights is None else weights[:, None]
                pos = xp.sum(pos * scale, axis=0, keepdims=True)
                neg = xp.sum(neg * scale, axis=0, keepdims=True)
            P, N = xp.sum(pos, axis=1), xp.sum(neg, axis=1)
        if self._tree is not None:
            pass
        elif spec.curve_name == "ROC" and spec.summation_method == "interpolation":
            values = self._roc_area(xp, pos, neg, P, N)
        else:
            if spec.edges.kind != "bits":  # row i of Keras's table sums buckets i + 1 and up; row 0 sums all
                fill = xp.zeros((xp.shape(pos)[0], 1), "float32")
                pos = xp.concatenate([pos[:, :1] + pos[:, 1:2], pos[:, 2:], fill], axis=1)
                neg = xp.concatenate([neg[:, :1] + neg[:, 1:2], neg[:, 2:], fill], axis=1)
            tp = xp.cumsum(xp.flip(pos, axis=1), axis=1)
            fp = xp.cumsum(xp.flip(neg, axis=1), axis=1)
            values = self._areas(xp, tp, fp, P, N)
        nan = xp.convert_to_tensor(float("nan"), dtype="float32")
        if self._k > 1 or spec.curve_name != "ROC":
            defined = P > 0 if spec.curve_name == "PR" else (P > 0) & (N > 0)
            values = xp.where(defined, values, nan)
        # else one ROC area, already NaN where P or N is 0: its sums of products over P * N are then 0 / 0
        if spec.average is None or values.shape[0] == 1:
            value = values if spec.average is None else values[0]
        else:
            if spec.average == "weighted":
                weights = P
            concrete = values if xp is _NUMPY else _concrete(values)
            if concrete is not None:  # outside compiled steps: the one averaging rule, _policy.combine
                w = weights if weights is None or xp is _NUMPY else _concrete(weights)
                value = xp.convert_to_tensor(np.float32(_policy.combine(concrete, w)))
            else:  # its compiled copy (tests/test_keras_policy.py holds the two equal)
                w = xp.where(defined, 1.0 if weights is None else weights, 0.0)
                value = xp.sum(xp.where(defined, values, 0.0) * w) / xp.sum(w)
        return xp.where(xp.sum(state[self._issues]) > 0, nan, value), P, N

    def _roc_area(self, xp: Any, pos: Any, neg: Any, P: Any, N: Any) -> Any:
        """The trapezoidal ROC area of each row of bucket masses in one pass (Keras's number, with fewer operations
        on a large state than building its curve): 1 - (negatives above positives, ties half) / (P * N)."""
        if self._spec.edges.kind == "bits" and keras.backend.backend() != "torch":
            # 2**bits buckets (read with keras.ops, see result()): blocks, no long scan (faster on TensorFlow and
            # JAX; torch's cumsum is the faster)
            wrong = _pairs_below(neg, pos) + 0.5 * xp.sum(neg * pos, axis=1)
        else:
            wrong = xp.sum(neg * (xp.cumsum(pos, axis=1) - 0.5 * pos), axis=1)
        if self._spec.edges.kind != "bits":  # Keras's table merges buckets 0 and 1: their pairs are ties,
            # + neg0 * pos1 / 2 - neg1 * pos0 / 2
            halves = xp.convert_to_tensor(np.array([0.5, -0.5], np.float32))
            wrong = wrong + xp.sum(neg[:, :2] * xp.flip(pos[:, :2], axis=1) * halves, axis=1)
        return 1.0 - wrong / (P * N)

    def _areas(self, xp: Any, tp: Any, fp: Any, P: Any, N: Any) -> Any:
        """keras.metrics.AUC's area of each row of tables (the arithmetic of rocauc.core.binning.keras_area)."""
        spec = self._spec
        zeros = xp.zeros((xp.shape(tp)[0], 1), "float32")
        tp = xp.concatenate([zeros, tp], axis=1)
        fp = xp.concatenate([zeros, fp], axis=1)
        P1, N1 = P[:, None], N[:, None]
        if spec.curve_name == "PR" and spec.summation_method == "interpolation":  # Davis and Goadrich
            p = tp + fp
            dtp = tp[:, 1:] - tp[:, :-1]
            dp = p[:, 1:] - p[:, :-1]
            slope = xp.divide_no_nan(dtp, xp.maximum(dp, 0.0))
            intercept = tp[:, :-1] - slope * p[:, :-1]
            both = (p[:, :-1] > 0) & (p[:, 1:] > 0)
            ratio = xp.where(both, xp.divide_no_nan(p[:, 1:], xp.maximum(p[:, :-1], 0.0)), 1.0)
            increment = slope * (dtp + intercept * xp.log(ratio))
            return xp.sum(increment, axis=1) / P
        # dividing by a zero total gives NaN for that column, which result() masks as undefined
        if spec.curve_name == "ROC":
            x, y = fp / N1, tp / P1
        elif spec.curve_name == "PRGAIN":  # Flach and Kull's recall gain and precision gain, with Keras's guards
            scale = xp.divide_no_nan(P1, N1)
            none = tp == 0.0
            x = xp.where(none, 0.0, xp.maximum(1.0 - scale * xp.divide_no_nan(P1 - tp, tp), 0.0))
            y = xp.where(none, 1.0, 1.0 - scale * xp.divide_no_nan(fp, tp))
        else:
            x, y = tp / P1, xp.divide_no_nan(tp, tp + fp)  # Keras counts an undefined precision as 0
        if spec.summation_method == "interpolation":
            heights = (y[:, 1:] + y[:, :-1]) / 2.0
        elif spec.summation_method == "minoring":
            heights = xp.minimum(y[:, 1:], y[:, :-1])
        else:
            heights = xp.maximum(y[:, 1:], y[:, :-1])
        return xp.sum((x[:, 1:] - x[:, :-1]) * heights, axis=1)

    # ------------------------------------------------------------------------------------------- checks

    def issues(self) -> dict[str, int]:
        """How many invalid inputs of each kind the state has seen (read outside compiled steps): NaN scores,
        values that are not labels, probabilities outside [0, 1], rows not summing to 1, rows not one-hot."""
        if not self._built:
            return {name: 0 for name, _ in _ISSUES}
        counts = _concrete(self.state[self._issues])  # outside compiled steps: a concrete array
        return {name: c for (name, _), c in zip(_ISSUES, self._issue_counts(counts))}  # type: ignore[arg-type]

    def _messages(self, counts: np.ndarray | None = None) -> list[str]:
        counts = _concrete(self.state[self._issues]) if counts is None else counts
        if counts is None:  # inside a traced step: nothing to read
            return []
        issued = self._issue_counts(counts)
        return [text.format(n=c) for (_, text), c in zip(_ISSUES, issued) if c > 0]

    def _issue_counts(self, counts: np.ndarray) -> list[int]:
        counts = np.array(counts, dtype=np.float64)
        if self._mode == "multiclass":  # row checks flag every value of their row
            counts[3:] /= self._k
        if self._sparse_labels and self._mode in ("multiclass", "flat"):  # so does a bad class index
            counts[1] /= self._columns
        return [int(round(c)) for c in counts]

    def _report(self, counts: np.ndarray, P: Any, N: Any) -> None:
        """Warn once about what made the result NaN: the issue counts, or a class without positives or negatives
        (``P``, ``N``: their weight per column), all read outside a compiled step."""
        if self._warned:
            return
        messages = self._messages(counts)
        if messages:
            self._warned = True
            warnings.warn(
                f"{self.name}: the AUC is NaN because " + "; ".join(messages) + ".", UserWarning, stacklevel=3
            )
            return
        P, N = np.atleast_1d(P), np.atleast_1d(N)
        if not (P.sum() + N.sum()) > 0:
            return
        lacking = [j for j in range(P.size) if P[j] <= 0 or (N[j] <= 0 and self._spec.curve_name != "PR")]
        if lacking:
            self._warned = True
            what = (
                "only one class is present in y_true"
                if P.size == 1
                else f"the classes {lacking} have no positives or no negatives"
            )
            warnings.warn(
                f"{self.name}: {what}, so the AUC is undefined (NaN; keras.metrics.AUC would report 0).",
                UserWarning,
                stacklevel=3,
            )

    def check(self) -> None:
        """Raise ``ValueError`` if invalid input was seen (what was wrong and how to fix it)."""
        messages = self._messages() if self._built else []
        if messages:
            raise ValueError(f"{self.name}: " + "; ".join(messages) + ".")

    # ------------------------------------------------------------------------------------------- export

    def to_streaming(self) -> StreamingAUC:
        """The state as a :class:`rocauc.StreamingAUC` (bounds, curves, counts, merging, serialization)."""
        self.check()
        state = self._spec.to_dict()
        if self._built:
            masses = np.asarray(ops.convert_to_numpy(self.state), dtype=np.float64)[: self._size]
            masses = masses.reshape(2, self._k, self._spec.edges.n_buckets)
            if masses.any():
                k = self._k
                state["task"] = {"binary": "binary", "two_column": "binary"}.get(self._mode, self._mode)
                state["classes"] = [0, 1] if k == 1 else list(range(k))
                columns = []
                for j in range(k):
                    occupied = np.flatnonzero(masses[0, j] + masses[1, j])
                    columns.append(
                        {
                            "buckets": occupied.tolist(),
                            "pos": masses[1, j, occupied].tolist(),
                            "neg": masses[0, j, occupied].tolist(),
                        }
                    )
                state["columns"] = columns
        return StreamingAUC.from_dict(state)

    def counts(self, label: Any = None) -> Counts:
        """The counts table of the state (see :meth:`rocauc.StreamingAUC.counts`)."""
        return self.to_streaming().counts(label)


# ------------------------------------------------------------------------------------------------ model outputs


def output_activation(model: Any) -> str | None:
    """The activation of the model's output layer: ``"sigmoid"``, ``"softmax"``, ``"linear"`` (logits) or None
    when it cannot be read (several outputs, an unknown or custom activation).

    Parameters
    ----------
    model : keras.Model
        A Sequential or functional model with one output.

    Returns
    -------
    str or None
        The activation's name, or None.

    Examples
    --------
    >>> output_activation(keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")]))
    'softmax'
    >>> output_activation(keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)]))
    'linear'
    """
    outputs = getattr(model, "outputs", None)
    if outputs is not None and len(outputs) > 1:
        return None
    layers = getattr(model, "layers", None)
    if not layers:
        return None
    layer = layers[-1]
    if isinstance(layer, keras.layers.Softmax):
        return "softmax"
    activation = getattr(layer, "activation", None)
    name = getattr(activation, "__name__", None)
    if name in ("sigmoid", "softmax", "linear"):
        return name
    if isinstance(layer, (keras.Sequential, keras.Model)):
        return output_activation(layer)
    return None


def _is_batches(x: Any) -> bool:
    """Whether ``x`` is a source of (inputs, targets) batches rather than the inputs themselves."""
    if isinstance(x, (np.ndarray, list, tuple, dict)) or hasattr(x, "shape"):
        return False
    return isinstance(x, keras.utils.PyDataset) or hasattr(x, "__iter__") or hasattr(x, "__next__")


def _predict(model: Any, x: Any, y: Any, sample_weight: Any, batch_size: int | None, verbose: Any):
    """(y, scores, weights): predictions with their targets. A dataset of (x, y[, w]) batches is walked once, so a
    shuffling dataset keeps each prediction with its own label."""
    if y is not None or not _is_batches(x):
        if y is None:
            raise ValueError(
                "y is required when x holds the inputs themselves; pass y=, or a dataset of (x, y) batches as x."
            )
        return y, model.predict(x, batch_size=batch_size, verbose=verbose), sample_weight
    batches = (x[i] for i in range(len(x))) if isinstance(x, keras.utils.PyDataset) else iter(x)
    ys, scores, weights = [], [], []
    for batch in batches:
        if not isinstance(batch, (tuple, list)) or len(batch) not in (2, 3):
            raise ValueError(
                "x yields batches without targets; each batch must be (x, y) or (x, y, sample_weight), "
                "or pass y= with the inputs."
            )
        inputs = batch[0]
        if keras.backend.backend() != "torch":  # a torch DataLoader feeding a model of another backend
            inputs = keras.tree.map_structure(lambda v: v.detach().cpu().numpy() if hasattr(v, "detach") else v, inputs)
        scores.append(np.asarray(ops.convert_to_numpy(model.predict_on_batch(inputs))))
        ys.append(_numpy(batch[1]))
        if len(batch) == 3:
            weights.append(_numpy(batch[2]))
    if not ys:
        raise ValueError("x yielded no batches.")
    w = np.concatenate(weights) if weights else sample_weight
    return np.concatenate(ys), np.concatenate(scores), w


def _numpy(v: Any) -> np.ndarray:
    from ..core.inputs import as_array

    return as_array(v if not hasattr(v, "numpy") or hasattr(v, "__array__") else v.numpy(), "y")


def _interpretation(
    model: Any, scores: np.ndarray, from_logits: bool | None, task: str | None
) -> tuple[bool, str | None, str | None]:
    activation = output_activation(model)
    if from_logits is None:
        from_logits = activation == "linear"
    if task is None and activation == "sigmoid" and scores.ndim == 2 and scores.shape[1] > 1:
        task = "multilabel"  # independent sigmoid outputs
    return from_logits, task, activation


def evaluate_model(
    model: Any,
    x: Any,
    y: Any = None,
    *,
    sample_weight: Any = None,
    batch_size: int | None = None,
    from_logits: bool | None = None,
    task: str | None = None,
    labels: Any = None,
    pos_label: Any = None,
    threshold: float | None = None,
    verbose: Any = 0,
    **evaluate_options: Any,
) -> Evaluation:
    """Evaluate a Keras model: predict, read the output layer's activation to interpret the outputs (sigmoid or
    softmax: probabilities; linear: logits; several sigmoid outputs: multi-label), and return the same object as
    :func:`rocauc.evaluate`, with ``extras["model_output"]`` saying how the outputs were read.

    ``x`` is anything ``model.predict`` accepts; without ``y`` it must yield ``(x, y)`` or ``(x, y, w)`` batches
    (a ``tf.data.Dataset``, a ``keras.utils.PyDataset``, a torch ``DataLoader``, a generator), walked once. Other
    keyword arguments (``intervals``, ``level``, ``n_resamples``, ``operating_point``, ...) go to
    :func:`rocauc.evaluate`.

    Parameters
    ----------
    model : keras.Model
        A trained model.
    x : array-like or dataset
        Inputs, or a dataset of ``(x, y)`` / ``(x, y, sample_weight)`` batches when ``y`` is None.
    y : array-like, optional
        True labels (class indices, one-hot rows or a multi-label indicator matrix).
    sample_weight : array-like, optional
        Sample weights.
    batch_size : int, optional
        Passed to ``model.predict``.
    from_logits : bool, optional
        Whether the outputs are logits; by default read from the output layer's activation.
    task, labels, pos_label, threshold
        As for :func:`rocauc.evaluate` (by default ``task`` is read from the output layer too).
    verbose : int or str, default 0
        Passed to ``model.predict``.
    **evaluate_options
        Further keywords of :func:`rocauc.evaluate` (``intervals``, ``level``, ``operating_point``...).

    Returns
    -------
    rocauc.Evaluation
        As :func:`rocauc.evaluate` returns it, with ``extras["model_output"]``.

    Examples
    --------
    >>> import numpy as np
    >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    >>> x, y = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]] * 8), np.array([1, 0, 1, 0] * 8)
    >>> ev = evaluate_model(model, x, y)
    >>> ev.task, ev.n_samples, ev.to_dict()["model_output"]
    ('binary', 32, {'activation': 'sigmoid', 'from_logits': False})
    """
    from dataclasses import replace

    from ..stats.evaluation import evaluate

    y_true, scores, weights = _predict(model, x, y, sample_weight, batch_size, verbose)
    scores = np.asarray(ops.convert_to_numpy(scores) if not isinstance(scores, np.ndarray) else scores)
    logits, task, activation = _interpretation(model, scores, from_logits, task)
    ev = evaluate(
        y_true,
        scores,
        sample_weight=weights,
        pos_label=pos_label,
        labels=labels,
        from_logits=logits,
        task=task,
        threshold=threshold,
        **evaluate_options,
    )
    return replace(ev, extras={**ev.extras, "model_output": {"activation": activation, "from_logits": logits}})


class ROCCallback(keras.callbacks.Callback):  # type: ignore[name-defined]  # keras: typed Any (see AUC)
    """At each epoch's end, write the exact validation AUC (binary, or the ``average`` over classes) into the
    logs as ``name``, so that ``EarlyStopping`` and ``ModelCheckpoint`` can monitor it (with ``mode="max"``; put
    this callback before them in the list).

    ``validation_data`` is ``(x, y)``, ``(x, y, sample_weight)`` or a dataset of such batches. Outputs are read as
    :func:`evaluate_model` reads them. With ``keep_curves=True`` each epoch's :class:`rocauc.Evaluation` (curves per
    class, averages) is kept in ``evaluations``; ``values`` holds each epoch's AUC.

    Examples
    --------
    >>> import numpy as np
    >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> x, y = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]] * 8), np.array([1, 0, 1, 0] * 8)
    >>> auc = ROCCallback((x, y))
    >>> stop = keras.callbacks.EarlyStopping("val_roc_auc", mode="max", patience=3)
    >>> history = model.fit(x, y, epochs=2, verbose=0, callbacks=[auc, stop])
    >>> len(auc.values), "val_roc_auc" in history.history
    (2, True)
    """

    def __init__(
        self,
        validation_data: Any,
        *,
        name: str = "val_roc_auc",
        average: str = "macro",
        from_logits: bool | None = None,
        task: str | None = None,
        labels: Any = None,
        batch_size: int | None = None,
        keep_curves: bool = False,
        every: int = 1,
    ):
        super().__init__()
        if isinstance(validation_data, (tuple, list)):
            if len(validation_data) not in (2, 3):
                raise ValueError(
                    "validation_data must be (x, y), (x, y, sample_weight) or a dataset of such "
                    f"batches; got a {type(validation_data).__name__} of {len(validation_data)} items."
                )
            self._x, self._y = validation_data[0], validation_data[1]
            self._w = validation_data[2] if len(validation_data) == 3 else None
        else:
            self._x, self._y, self._w = validation_data, None, None
        if average not in ("macro", "weighted", "micro"):
            raise ValueError(f"average={average!r} is not one of ['macro', 'weighted', 'micro'].")
        if not isinstance(every, int) or every < 1:
            raise ValueError(f"every must be a positive integer (evaluate every N epochs), got {every!r}.")
        self.name, self.average, self.from_logits, self.task, self.labels = name, average, from_logits, task, labels
        self.batch_size, self.keep_curves, self.every = batch_size, keep_curves, every
        self.values: list[float] = []
        self.evaluations: list = []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if (epoch + 1) % self.every:
            return
        from ..core import averaging as _averaging
        from ..core import metrics as _metrics
        from ..core.inputs import normalize
        from ..stats.evaluation import evaluate_problem

        y, scores, w = _predict(self.model, self._x, self._y, self._w, self.batch_size, 0)
        scores = np.asarray(scores)
        logits, task, _ = _interpretation(self.model, scores, self.from_logits, self.task)
        problem = normalize(y, scores, sample_weight=w, from_logits=logits, task=task, labels=self.labels)
        value: float | np.ndarray
        if self.keep_curves:
            ev = evaluate_problem(problem)
            self.evaluations.append(ev)
            value = ev.roc_auc if problem.task == "binary" else ev.averages["roc_auc"][self.average]
        else:
            value = _averaging.average_score(problem, _metrics.ROC_AUC, self.average)
        self.values.append(float(value))
        if logs is not None:
            logs[self.name] = float(value)
