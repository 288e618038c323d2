"""``StreamingAUC``: the AUC of data seen in batches, Keras-compatible or high-resolution with certified bounds.

The state is the weight of positives and negatives per bucket (and per class); every result is arithmetic on the
counts table that state makes (``counts()``), so curves, scores and reports work from streaming state. States add.
The configuration (:mod:`rocauc.streaming.config`) and the serialized form (:mod:`rocauc.streaming.codec`) have
their own modules.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from ..core import scores as _scores
from ..core.binning import bound_tables, cell_index, keras_area, sigmoid32, table_from_masses
from ..core.counts import Counts, sum_counts
from ..core.curves import PrecisionRecallCurve, RocCurve, pr_from_counts, roc_from_counts
from ..core.errors import UndefinedMetricWarning, warn
from ..core.inputs import Problem, _index, _py, as_array, normalize
from ..core.policy import combine, defined
from . import codec
from .config import StreamingConfig

__all__ = ["StreamingAUC"]

_FLUSH = 1 << 16  # buffered cells are summed in one bincount once this many are pending
_SINGLE_PAGE = 1 << 16  # up to this many cells, one dense array
_UNALLOCATED = -(1 << 62)
_PAGED_BITS = 24  # up to this many bits, pages of one sign-and-exponent range each; beyond, sorted sparse arrays


class _CellSums:
    """Weight per cell ``(label * k + column) * n_buckets + bucket``.

    Additions are buffered and summed in bulk with one ``bincount``. Small tables are one dense array; bit
    buckets are held in pages (one per float exponent range), allocated when a score first falls in them, so the
    empty score ranges cost nothing; above 24 bits, cells are held sparse (sorted keys)."""

    def __init__(self, n_buckets: int, k: int, bits: int | None):
        self.size = 2 * k * n_buckets
        if self.size <= _SINGLE_PAGE or bits is None or bits < 10:
            self.mode, self.page_bits = "dense", None
        elif bits <= _PAGED_BITS:
            self.mode, self.page_bits = "paged", bits - 9
        else:
            self.mode, self.page_bits = "sparse", None
        if self.mode == "dense":
            self._data = np.zeros(self.size)
        elif self.mode == "paged":
            # compact index = cell + shift[page]: the page's slot offset minus its own; unallocated pages map far
            # below zero, which is how new pages are found
            self._shift = np.full(self.size >> self._page_bits_, _UNALLOCATED, np.intp)
            self._page_of_slot = np.zeros(0, np.intp)
            self._data = np.zeros(0)
        else:
            self._keys = np.zeros(0, np.int64)
            self._data = np.zeros(0)
        self._pending: list[tuple[np.ndarray, np.ndarray | None]] = []
        self._pending_n = 0

    def add(self, cells: np.ndarray, weights: np.ndarray | None) -> None:
        self._pending.append((cells, weights))
        self._pending_n += cells.size
        if self._pending_n >= max(_FLUSH, self._data.size >> 1):
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending, self._pending_n = self._pending, [], 0
        plain = [c for c, w in pending if w is None]
        weighted = [(c, w) for c, w in pending if w is not None]
        if plain:
            self._add_now(np.concatenate(plain), None)
        if weighted:
            self._add_now(np.concatenate([c for c, _ in weighted]), np.concatenate([w for _, w in weighted]))

    @property
    def _page_bits_(self) -> int:
        # the page size (bits) of the paged mode: set whenever mode == "paged"
        assert self.page_bits is not None
        return self.page_bits

    def _add_now(self, cells: np.ndarray, weights: np.ndarray | None) -> None:
        if cells.size == 0:  # an empty batch, or one whose weights were all zero
            return
        if self.mode == "dense":
            self._data += np.bincount(cells, weights=weights, minlength=self.size)
        elif self.mode == "paged":
            pages = cells >> self._page_bits_
            compact = self._shift[pages]
            compact += cells
            if compact.min() < 0:  # scores in a range not seen before: give their pages a slot
                new = np.unique(pages[compact < 0])
                slots = np.arange(self._page_of_slot.size, self._page_of_slot.size + new.size)
                self._shift[new] = (slots - new) << self._page_bits_
                self._page_of_slot = np.r_[self._page_of_slot, new]
                self._data = np.r_[self._data, np.zeros(new.size << self._page_bits_)]
                compact = self._shift[pages]
                compact += cells
            self._data += np.bincount(compact, weights=weights, minlength=self._data.size)
        else:
            keys, inverse = np.unique(cells, return_inverse=True)
            keys = np.r_[self._keys, keys.astype(np.int64)]
            values = np.r_[self._data, np.bincount(inverse, weights=weights).astype(np.float64)]
            order = np.argsort(keys, kind="stable")
            keys, values = keys[order], values[order]
            starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
            self._keys, self._data = keys[starts], np.add.reduceat(values, starts)

    def items(self) -> tuple[np.ndarray, np.ndarray]:
        """(cells, weights) of the non-empty cells, cells ascending."""
        self.flush()
        if self.mode != "paged":
            nonzero = np.flatnonzero(self._data)
            keys = nonzero.astype(np.int64) if self.mode == "dense" else self._keys[nonzero]
            return keys, self._data[nonzero]
        # the slots in page order make the cells ascending
        order = np.argsort(self._page_of_slot)
        data = self._data.reshape(-1, 1 << self._page_bits_)[order].ravel()
        nonzero = np.flatnonzero(data)
        pages = self._page_of_slot[order][nonzero >> self._page_bits_]
        keys = (pages << self._page_bits_) | (nonzero & ((1 << self._page_bits_) - 1))
        return keys.astype(np.int64), data[nonzero]

    def add_items(self, cells: np.ndarray, values: np.ndarray) -> None:
        self._pending.append((np.asarray(cells, dtype=np.intp), np.asarray(values, dtype=np.float64)))
        self.flush()

    def __getstate__(self) -> dict:
        self.flush()
        return self.__dict__.copy()


def _setting(name: str) -> property:
    """A read-only attribute of the configuration (``m.edges``, ``m.curve_name``, ...)."""
    return property(lambda self: getattr(self._config, name), doc=f"The configuration's ``{name}``.")


class StreamingAUC:
    """Area under the ROC (or PR) curve of all data passed to :meth:`update`, with certified bounds.

    Without ``bits`` it is configured as ``keras.metrics.AUC`` (same arguments and defaults, same numbers on
    valid input): ``num_thresholds`` linear thresholds or the given ``thresholds``, predicted positive iff
    ``score > threshold``, ``summation_method`` ``"interpolation"``, ``"minoring"`` or ``"majoring"``. Scores must
    be probabilities in [0, 1] (``from_logits=True`` applies the sigmoid, or the softmax to multi-class logits).

    With ``bits`` (1 to 32, e.g. ``bits=20``) scores are bucketed on the top ``bits`` bits of their float32
    ordered key: any real score (probabilities near 0 or 1, logits) keeps its resolution, and :meth:`bounds`
    is narrow. ``bits=32`` is exact for float32 scores.

    Binary scores may be ``(n,)`` or ``(n, 2)`` (the positive column). Multi-class ``(n, k)`` scores are scored one
    class against the rest and averaged (``average="macro"`` by default; ``"micro"`` sums the class tables, which
    is what keras.metrics.AUC's flattening computes). ``multi_label=True`` takes an ``(n, k)`` indicator
    ``y_true``; ``label_weights`` weight the classes in the average.

    Examples
    --------
    >>> m = StreamingAUC(num_thresholds=3)
    >>> m.update([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]).result()
    0.75
    >>> hi = StreamingAUC(bits=20).update([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> hi.result(), hi.bounds()
    (0.75, (0.75, 0.75))
    """

    def __init__(
        self,
        num_thresholds: int = 200,
        curve: str = "ROC",
        summation_method: str = "interpolation",
        *,
        thresholds: Any = None,
        multi_label: bool = False,
        num_labels: int | None = None,
        label_weights: Any = None,
        from_logits: bool = False,
        bits: int | None = None,
        average: str | None = "macro",
        labels: Any = None,
        pos_label: Any = None,
    ):
        self._config = StreamingConfig.from_arguments(
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
            labels=labels,
            pos_label=pos_label,
        )
        self.reset()

    # ------------------------------------------------------------------------------------------- state

    edges = _setting("edges")
    curve_name = _setting("curve_name")
    summation_method = _setting("summation_method")
    multi_label = _setting("multi_label")
    num_labels = _setting("num_labels")
    label_weights = _setting("label_weights")
    from_logits = _setting("from_logits")
    average = _setting("average")
    labels = _setting("labels")
    pos_label = _setting("pos_label")

    @property
    def num_thresholds(self) -> int | None:
        return self._config.num_thresholds

    @property
    def bits(self) -> int | None:
        return self._config.bits

    @property
    def thresholds(self) -> list[float] | None:
        """The Keras thresholds (with the epsilon ends), as keras.metrics.AUC.thresholds; None with ``bits``."""
        return self._config.thresholds

    @property
    def task(self) -> str | None:
        """``"binary"``, ``"multiclass"`` or ``"multilabel"`` once data has been seen, else None."""
        return self._task

    @property
    def classes(self) -> list | None:
        """The labels scored: ``[negative, positive]`` for binary, the classes (or columns) otherwise."""
        return self._classes

    @property
    def exact(self) -> bool:
        """Whether each bucket holds a single score (``bits=32`` with float32 scores): then results are exact."""
        return self.edges.bits == 32 and self._exact

    def reset(self) -> StreamingAUC:
        """Forget all data seen (the configuration stays)."""
        self._task: str | None = "multilabel" if self.multi_label else None
        self._classes: list | None = None
        self._k: int | None = None
        self._sums: _CellSums | None = None
        self._exact = True
        self._cache: dict | None = None
        return self

    def config(self) -> dict:
        """The constructor arguments (JSON-serializable)."""
        return self._config.to_dict()

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items() if v is not None and v is not False)
        return f"StreamingAUC({args})"

    # ------------------------------------------------------------------------------------------- update

    def update(self, y_true: Any, y_score: Any, sample_weight: Any = None) -> StreamingAUC:
        """Add a batch: labels, scores (``(n,)``, ``(n, 2)`` or ``(n, k)``) and optional per-sample weights.

        Validated here, once: NaN scores, soft labels (0.1/0.9), probabilities outside [0, 1] (without
        ``from_logits``) and inconsistent classes raise a ``ValueError`` saying what to fix.
        """
        problem = self._normalize(y_true, y_score, sample_weight)
        if problem is None:
            return self
        if problem.task == "binary":
            y, score = problem.y, problem.score
        else:
            y, score = problem.indicator(), problem.score
        if self.edges.kind != "bits":
            if problem.score_kind == "logit":
                score = sigmoid32(score)
            elif problem.score_kind == "score":
                self._reject_non_probabilities(score)
        elif self.edges.bits == 32 and self._exact and score.dtype != np.float32:
            self._exact = bool(np.array_equal(score.astype(np.float32), score))
        bucket = self.edges.bucket(score, nonnegative=problem.score_kind == "probability")
        cells, weights = cell_index(bucket, y, problem.weight, self.edges.n_buckets)
        assert self._sums is not None  # _normalize adopted the batch's problem
        self._sums.add(cells, weights)
        self._cache = None
        return self

    def _normalize(self, y_true: Any, y_score: Any, sample_weight: Any) -> Problem | None:
        y = as_array(y_true, "y_true")
        s = as_array(y_score, "y_score")
        if y.size == 0 and s.size == 0:
            return None
        keep = True
        if sample_weight is not None:
            w = as_array(sample_weight, "sample_weight")
            if w.dtype.kind in "biuf" and w.size and y.ndim and w.size == y.shape[0] and not np.any(w):
                sample_weight, keep = None, False  # a fully masked batch: validate it, count nothing
        labels = self._classes if self._task == "multiclass" else self.labels
        if (
            labels is None
            and self._task in (None, "multiclass")
            and s.ndim == 2
            and s.shape[1] > 2
            and y.ndim == 1
            and y.dtype.kind in "iuf"
        ):
            labels = list(range(s.shape[1]))  # integer class codes index the score columns, as in Keras
        task = None if self._task == "binary" else self._task  # a binary stream meeting other data: _adopt says so
        problem = normalize(
            y,
            s,
            sample_weight=sample_weight,
            pos_label=self.pos_label,
            labels=labels,
            from_logits=self.from_logits,
            task=task,
            rescale_weights=False,
        )
        self._adopt(problem)
        return problem if keep else None

    def _adopt(self, problem: Problem) -> None:
        """Fix the task and classes on the first batch; check later batches agree."""
        if problem.task == "multilabel" and not self.multi_label:
            raise ValueError(
                "y_true has several positive labels in a row: this is multi-label data. Pass multi_label=True "
                "(keras.metrics.AUC would flatten it into one binary problem without saying so)."
            )
        k = 1 if problem.task == "binary" else problem.n_classes
        if (
            self._task == "binary"
            and problem.task == "binary"
            and self._classes is not None  # always, once the task is known
            and self._classes[0] is not None
        ):
            if problem.classes[1] == self._classes[1]:
                return  # the common case: nothing new to check
        classes = [_py(c) for c in problem.classes]
        if self._sums is None:
            if self.num_labels is not None and k != self.num_labels:
                raise ValueError(f"num_labels={self.num_labels} but the data has {k} labels (columns).")
            if self.label_weights is not None and self.label_weights.size != k:
                raise ValueError(
                    f"label_weights has {self.label_weights.size} entries but the data has {k} "
                    f"{'class' if k == 1 else 'classes'}; give one weight per class."
                )
            self._task, self._classes, self._k = problem.task, classes, k
            self._sums = _CellSums(self.edges.n_buckets, k, self.edges.bits)
            return
        assert self._classes is not None  # set with the sums by the first batch
        if problem.task != self._task or k != self._k:
            raise ValueError(
                f"this StreamingAUC has seen {self._describe(self._task, self._k)} data, but this batch is "
                f"{self._describe(problem.task, k)}; use one StreamingAUC per problem (or reset() it)."
            )
        if problem.task == "binary" and classes[1] != self._classes[1]:
            raise ValueError(
                f"the positive class of this batch ({classes[1]!r}) differs from the earlier batches' "
                f"({self._classes[1]!r}); pass pos_label= to fix it."
            )
        if problem.task == "binary" and self._classes[0] is None and classes[0] is not None:
            self._classes[0] = classes[0]

    @staticmethod
    def _describe(task: str | None, k: int | None) -> str:
        return "binary" if task == "binary" else f"{task} ({k} classes)"

    def _reject_non_probabilities(self, score: np.ndarray) -> None:
        outside = (score < 0) | (score > 1)
        first = int(np.argmax(outside.ravel()))
        raise ValueError(
            f"y_score has {int(outside.sum())} values outside [0, 1] (the first, {score.ravel()[first]}, at index "
            f"{_index(first, score.shape)}), but the Keras-compatible thresholds bin probabilities "
            "(keras.metrics.AUC would clip them without saying so). If these are logits pass from_logits=True; "
            "for any real-valued score use the high-resolution buckets, e.g. StreamingAUC(bits=20)."
        )

    # ------------------------------------------------------------------------------------------- tables

    def _columns(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(buckets ascending, positive weight, negative weight) of each column."""
        # set by the first batch (the callers require data)
        assert self._k is not None and self._sums is not None
        nb, k = self.edges.n_buckets, self._k
        cells, values = self._sums.items()
        label_column, bucket = np.divmod(cells, nb)
        label, column = np.divmod(label_column, k)
        out = []
        for j in range(k):
            mine = column == j
            b, positive, v = bucket[mine], label[mine] == 1, values[mine]
            if self.edges.kind == "bits":  # the union of two ascending runs (negatives', positives')
                buckets = np.sort(b, kind="stable")
                if buckets.size:
                    buckets = buckets[np.r_[True, buckets[1:] != buckets[:-1]]]
            else:
                buckets = np.arange(nb)
            at = np.searchsorted(buckets, b)
            pos = np.bincount(at[positive], weights=v[positive], minlength=buckets.size)
            neg = np.bincount(at[~positive], weights=v[~positive], minlength=buckets.size)
            out.append((buckets, pos, neg))
        return out

    def tables(self) -> dict:
        """The counts table of each class (one-vs-rest; the positive class alone for binary), by label."""
        self._require_data()
        if self._cache is None:
            exact = self.exact
            tables = [table_from_masses(self.edges, b, p, n, exact) for b, p, n in self._columns()]
            assert self._classes is not None  # set by the first batch
            labels = [self._classes[1]] if self._task == "binary" else self._classes
            self._cache = dict(zip(labels, tables))
        return dict(self._cache)

    def counts(self, label: Any = None) -> Counts:
        """The counts table: of the binary problem, of class ``label``, or ``label="micro"`` the summed table.

        >>> StreamingAUC(num_thresholds=3).update([0, 1], [0.2, 0.7]).counts().tp.tolist()
        [0.0, 1.0, 1.0]
        """
        tables = self.tables()
        if self._task == "binary" and label is None:
            return next(iter(tables.values()))
        if label == "micro":
            return self._micro(tables)
        if label not in tables:
            raise ValueError(f"label={label!r} is not one of {list(tables)} (or 'micro'); pass one of them.")
        return tables[label]

    def _micro(self, tables: dict) -> Counts:
        """The class tables summed over their shared edges (scaled by the label weights, as Keras does)."""
        scaled = list(tables.values())
        if self.label_weights is not None:
            scaled = [
                Counts(c.thresholds, c.tp * lw, c.fp * lw, c.exact, c.rule) for c, lw in zip(scaled, self.label_weights)
            ]
        return sum_counts(scaled)

    def _require_data(self) -> None:
        if self._sums is None:
            raise ValueError("no data yet: call update(y_true, y_score) before reading results.")

    # ------------------------------------------------------------------------------------------- results

    def result(self) -> float | np.ndarray:
        """The AUC of all data seen, as keras.metrics.AUC computes it from the table (its ``curve`` and
        ``summation_method``), averaged over classes as ``average`` says (``None``: one value per class).
        NaN, with a warning, where a class has no positives (or no negatives, for ROC)."""
        return self._reduce(lambda c: keras_area(c, self.curve_name, self.summation_method), "result")

    def bounds(self) -> tuple[float, float] | tuple[np.ndarray, np.ndarray]:
        """A certified lower and upper bound on the exact AUC (ROC, or Davis-Goadrich interpolated PR) of all data
        seen: the pairs of a positive and a negative that share a bucket are ranked worst, then best. Equal where
        the table is exact. Averaged as :meth:`result` (per class with ``average=None``). Not for PRGAIN."""
        if self.curve_name == "PRGAIN":
            raise ValueError(
                "bounds() are certified for curve='ROC' and curve='PR' only; with curve='PRGAIN' read result()."
            )
        area = _scores.auc if self.curve_name == "ROC" else _scores.pr_auc

        def one(c: Counts) -> tuple[float, float]:
            low, high = bound_tables(c)
            return (area(low), area(high)) if self._defined(c) else (float("nan"), float("nan"))

        both = self._reduce(one, "bounds", pairs=True)
        if isinstance(both, np.ndarray):
            return both[:, 0], both[:, 1]
        return both

    def _defined(self, c: Counts) -> bool:
        return defined(c.P, c.N, needs_negatives=self.curve_name == "ROC")

    def _reduce(self, metric, what: str, pairs: bool = False):
        tables = self.tables()
        if self._task == "binary" or self.average == "micro":
            c = next(iter(tables.values())) if self._task == "binary" else self._micro(tables)
            if not self._defined(c):
                self._warn_undefined(["micro"] if self._task != "binary" else None, c)
            return metric(c) if self._defined(c) else ((np.nan, np.nan) if pairs else np.nan)
        values = np.array(
            [metric(c) if self._defined(c) else ((np.nan, np.nan) if pairs else np.nan) for c in tables.values()],
            dtype=np.float64,
        )
        undefined = [lab for lab, c in tables.items() if not self._defined(c)]
        if undefined:
            self._warn_undefined(undefined, None)
        if self.average is None:
            return values
        if self.average == "weighted":
            weights = np.array([c.P for c in tables.values()])
        else:
            weights = self.label_weights
        value = combine(values, weights)  # the one averaging rule (undefined classes are NaN: left out)
        return tuple(float(v) for v in value) if pairs else value

    def _warn_undefined(self, labels: list | None, c: Counts | None) -> None:
        if labels is None:  # binary: the table of the positive class is given
            assert c is not None and self._classes is not None
            present = self._classes[0] if c.P <= 0 else self._classes[1]
            warn(
                f"only one class is present in the data seen ({present!r}), so the {self.curve_name} AUC is "
                "undefined; returning NaN (keras.metrics.AUC would report 0).",
                UndefinedMetricWarning,
            )
            return
        lacking = "no positives or no negatives" if self.curve_name == "ROC" else "no positives"
        what = "they are left out of the average" if self.average not in (None, "micro") else "their values are NaN"
        warn(
            f"the {self.curve_name} AUC is undefined for classes {labels}, which have {lacking} in the data seen; "
            f"{what}.",
            UndefinedMetricWarning,
        )

    def curve(self, label: Any = None, drop_intermediate: bool = True) -> RocCurve | PrecisionRecallCurve:
        """The binned ROC curve (or precision-recall curve with ``curve="PR"``) of the binary problem, of class
        ``label``, or of the summed table (``label="micro"``): one point per bucket edge."""
        c = self.counts(label)
        if self.curve_name == "ROC":
            value = _scores.auc(c) if self._defined(c) else float("nan")
            return roc_from_counts(c, value, drop_intermediate)
        ap = _scores.average_precision(c) if c.P > 0 else float("nan")
        return pr_from_counts(c, ap)

    # ------------------------------------------------------------------------------------------- merging

    def merge(self, other: StreamingAUC) -> StreamingAUC:
        """Add another state's data to this one (in place; returns self). Configurations must match."""
        if not isinstance(other, StreamingAUC):
            raise TypeError(f"can only merge another StreamingAUC, not {type(other).__name__}.")
        mine, theirs = self.config(), other.config()
        differ = [k for k in mine if mine[k] != theirs[k]]
        if differ:
            raise ValueError(
                "cannot merge StreamingAUC states with different configurations: "
                + ", ".join(f"{k}={mine[k]!r} vs {theirs[k]!r}" for k in differ)
            )
        if other._sums is None:
            return self
        # other has data: its classes and columns are set with its sums
        assert other._classes is not None and other._k is not None
        if self._sums is None:
            self._task, self._classes, self._k = other._task, list(other._classes), other._k
            self._sums = _CellSums(self.edges.n_buckets, other._k, self.edges.bits)
        else:
            assert self._classes is not None  # set with the sums
            if (
                other._task != self._task
                or other._k != self._k
                or (self._task == "binary" and other._classes[1] != self._classes[1])
                or (self._task != "binary" and other._classes != self._classes)
            ):
                raise ValueError(
                    f"cannot merge states of different problems: {self._describe(self._task, self._k)} with "
                    f"classes {self._classes} and {self._describe(other._task, other._k)} with classes "
                    f"{other._classes}."
                )
        self._sums.add_items(*other._sums.items())
        self._exact = self._exact and other._exact
        self._cache = None
        return self

    def __add__(self, other: StreamingAUC) -> StreamingAUC:
        if not isinstance(other, StreamingAUC):
            return NotImplemented
        return copy.deepcopy(self).merge(other)

    def __radd__(self, other: Any) -> StreamingAUC:
        if other == 0:  # sum([...]) starts from 0
            return copy.deepcopy(self)
        return NotImplemented

    def __getstate__(self) -> dict:
        if self._sums is not None:
            self._sums.flush()
        return self.__dict__.copy()

    def to_dict(self) -> dict:
        """A JSON-serializable state: configuration, task, classes and the weight per occupied bucket."""
        cols = None if self._sums is None else self._columns()
        return codec.encode(self.config(), self._task, self._classes, self._exact, cols)

    @classmethod
    def from_dict(cls, state: dict) -> StreamingAUC:
        """Rebuild a state written by :meth:`to_dict` (on this or another machine).

        The state is validated completely first (version, keys, types, ranges, lengths, strictly increasing
        buckets inside the configured range, task, classes and columns consistent with the configuration): a
        tampered or corrupted state raises ``ValueError`` naming the field.
        """
        config = codec.read_config(state)
        try:
            m = cls(**config)
        except (ValueError, TypeError) as exc:
            raise codec.StateError(f"StreamingAUC state: field 'config' is not a valid configuration: {exc}") from None
        codec.check_data(state, m._config)
        if state["columns"] is not None:
            m._task, m._classes = state["task"], list(state["classes"])
            m._k = len(state["columns"])
            m._exact = state["exact"]
            nb, k = m.edges.n_buckets, m._k
            m._sums = _CellSums(nb, k, m.edges.bits)
            for j, b, pos, neg in codec.columns(state):
                for lab, weight in ((1, pos), (0, neg)):
                    m._sums.add_items((lab * k + j) * nb + b, weight)
        return m

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StreamingAUC) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]
