"""``rocauc.spark``: exact and certified ROC/PR results of a Spark DataFrame, computed in the executors.

Each partition's Arrow batches are sketched where they are (``mapInArrow``); the driver adds the sketches (one
small row per partition). For exact answers the rows of each score range are then brought together by a group-by
on (problem, range) and counted exactly in one Python worker (``applyInPandas``); the driver adds one small summary
per range. No global sort, and the numbers are those of :mod:`rocauc.dask` and of the in-memory functions.

>>> from rocauc import spark as rs                                   # doctest: +SKIP
>>> rs.roc_auc(df, label_col="label", score_col="probability")       # doctest: +SKIP
0.8731...
"""

from __future__ import annotations

import itertools
import pickle
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import numpy as np

from ..core.curves import PrecisionRecallCurve, RocCurve
from ..distributed import api as _api
from ..distributed import engine as _engine
from ..distributed import folded as _folded
from ..stats.evaluation import Evaluation
from ..stats.intervals import Interval
from ..streaming import StreamingAUC

__all__ = [
    "roc_auc",
    "average_precision",
    "pr_auc",
    "roc_curve",
    "precision_recall_curve",
    "roc_auc_ci",
    "evaluate",
    "sketch",
]

_INSTALL = "pip install 'rocauc[spark]'"
_CHUNK_ROWS = 1 << 20  # Arrow batches of a partition are gathered into chunks of about this many rows
_META = -2  # the key of a split pass's row that carries its partition's meta (the summaries' keys are >= 0)


def _pyspark():
    try:
        import pyarrow  # noqa: F401
        import pyspark
    except ImportError as exc:  # pragma: no cover - exercised where pyspark is missing
        raise ImportError(f"rocauc.spark needs pyspark and pyarrow: {_INSTALL} (Spark also needs Java 17).") from exc
    return pyspark


# --------------------------------------------------------------------------------------------- columns


def _select(df: Any, label_col: str, score_col: str | Sequence[str], weight_col: str | None, by: str | None):
    """The DataFrame of the needed columns (Spark ML vectors as arrays) and how a batch reads them."""
    _pyspark()
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F

    if not isinstance(df, DataFrame):
        raise TypeError(f"df must be a pyspark.sql.DataFrame, got {type(df).__name__}.")
    scores = [score_col] if isinstance(score_col, str) else list(score_col)
    names = [label_col, *scores, *([weight_col] if weight_col else []), *([by] if by else [])]
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"column names must be strings, got {name!r}.")
        if name not in df.columns:
            raise ValueError(f"df has no column {name!r}; its columns are {df.columns}.")
    types = dict(df.dtypes)
    columns = []
    for i, name in enumerate(names):
        col = F.col(name)
        if types[name] == "vector":  # Spark ML's probability / rawPrediction
            from pyspark.ml.functions import vector_to_array

            col = vector_to_array(col)
        columns.append(col.alias(f"c{i}"))
    layout = (len(scores), isinstance(score_col, str), weight_col is not None, by is not None)
    return df.select(*columns), layout


def _arrays(table: Any, layout: tuple) -> tuple:
    """(y, score, weight, group) numpy arrays of an Arrow table."""
    import pyarrow as pa

    k, single, weighted, grouped = layout
    cols = [table.column(i) for i in range(table.num_columns)]

    def plain(c):
        c = c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c
        if pa.types.is_list(c.type) or pa.types.is_large_list(c.type):
            n = len(c)
            flat = c.flatten().to_numpy(zero_copy_only=False)
            return flat.reshape(n, -1) if n else flat.reshape(0, 0)
        return c.to_numpy(zero_copy_only=False)

    y = plain(cols[0])
    scores = [plain(c) for c in cols[1 : 1 + k]]
    score = scores[0] if single else np.column_stack(scores)
    if single and score.ndim == 2 and score.shape[1] == 2:
        score = score[:, 1]  # a binary model's probability vector: the positive class's column
    w = plain(cols[1 + k]) if weighted else None
    g = plain(cols[1 + k + int(weighted)]) if grouped else None
    return y, score, w, g


def _chunks(batches, layout):
    """Gather a partition's Arrow batches into tables of about ``_CHUNK_ROWS`` rows, as numpy arrays."""
    import pyarrow as pa

    pending, rows = [], 0
    for batch in batches:
        pending.append(batch)
        rows += batch.num_rows
        if rows >= _CHUNK_ROWS:
            yield _arrays(pa.Table.from_batches(pending), layout)
            pending, rows = [], 0
    if rows:
        yield _arrays(pa.Table.from_batches(pending), layout)


def _narrow(wide: np.ndarray) -> tuple:
    """A packed array (float32 scores widened to float64, label in the lowest bit) as its float32 scores and one
    bit per label: about 4 bytes a row instead of 8 through Spark's shuffle. :func:`_widen` restores it exactly."""
    labels = np.packbits(wide.view(np.uint64).astype(np.uint8) & 1)
    return ("packed32", wide.astype(np.float32), labels)


def _widen(piece: Any) -> Any:
    if not (isinstance(piece, tuple) and piece and isinstance(piece[0], str)):
        return piece
    _, score, labels = piece
    wide = score.astype(np.float64)  # the label bit is far below float32's rounding: the score comes back exact
    bits = wide.view(np.uint64)
    bits |= np.unpackbits(labels, count=score.size).astype(np.uint64)
    return wide


# --------------------------------------------------------------------------------------------- passes


def _sketches(selected, layout, spec: _engine.Spec, bits: int, stride: int = 1):
    import pyarrow as pa

    @_engine.one_thread
    def sketch_partition(batches):
        total = None
        for arrays in _chunks(batches, layout):
            part = _engine.batch_sketches(spec, bits, *arrays, stride=stride)  # type: ignore[misc]  # (y, s, w, g): never a 5th
            total = part if total is None else _engine.add_sketches(total, part)
        if total is not None:
            yield pa.RecordBatch.from_pydict({"payload": [pickle.dumps(total, protocol=5)]})

    rows = selected.mapInArrow(sketch_partition, "payload binary").collect()
    if not rows:
        raise ValueError("the DataFrame has no rows; pass at least one scored row.")
    total = pickle.loads(rows[0][0])
    for row in rows[1:]:
        total = _engine.add_sketches(total, pickle.loads(row[0]))
    if total[0].task is None and not total[0].unread:
        raise ValueError("the DataFrame has no rows (or every weight is zero); pass at least one scored row.")
    return total


def _default_parallelism(selected) -> int:
    try:
        return int(selected.sparkSession.sparkContext.defaultParallelism)
    except Exception:  # pragma: no cover - Spark Connect has no SparkContext
        return 2


def _label_is(column: Any, value: Any, kind: str) -> Any:
    """``column == value`` in Spark SQL, as numpy compares labels: strings byte by byte (whatever the column's
    collation), numbers by value."""
    from pyspark.sql import functions as F

    if kind == "string":
        return column.cast("binary") == F.lit(bytearray(value.encode("utf-8")))
    return column == F.lit(value)


def _label_kind(data_type: Any, classes: list) -> str | None:
    """How the label column's values compare with the classes in Spark SQL ("bool", "number", "string"), or None
    where the fold does not apply to this column type."""
    from pyspark.sql import types as T

    numbers = (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType)
    if isinstance(data_type, T.BooleanType) and all(isinstance(c, bool) for c in classes):
        return "bool"
    if isinstance(data_type, numbers) and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in classes):
        return "number"
    if isinstance(data_type, T.StringType) and all(isinstance(c, str) for c in classes):
        return "string"
    return None


def _folded_rows(selected, layout, spec: _engine.Spec, meta: _engine.Meta, plans: dict) -> Any:
    """The rows of an unweighted binary AUC of float32 scores as one float64 column (the label folded into the
    score in Spark SQL, :mod:`rocauc.distributed.folded`): handing rows to Python costs per column, so the split
    pass then crosses one column instead of two. A row that is not a valid row of ``meta``'s binary problem
    (another label, a missing value, a NaN or infinite score) comes out NaN. None where the fold does not apply
    (several problems or columns, weights, groups, non-float32 scores, labels of another type)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    if layout != (1, True, False, False) or tuple(spec.what) != ("auc",) or spec.influence:
        return None
    if meta.task != "binary" or meta.classes is None or len(meta.classes) != 2 or None in meta.classes:
        return None
    if len(plans) != 1 or not next(iter(plans.values())).keyed:
        return None
    fields = selected.schema.fields
    if not isinstance(fields[1].dataType, T.FloatType):
        return None
    negative, positive = _folded.binary_classes(meta)
    kind = _label_kind(fields[0].dataType, [negative, positive])
    if kind is None or negative is None:
        return None
    return selected.select(_fold(F.col(fields[0].name), F.col(fields[1].name), negative, positive, kind).alias("v"))


def _fold(label: Any, score: Any, negative: Any, positive: Any, kind: str) -> Any:
    """:func:`rocauc.distributed.folded.fold` as a Spark SQL expression of a label column and a float32 score
    column (``kind``: see :func:`_label_kind`); NaN where the label is neither class or a value is missing."""
    from pyspark.sql import functions as F

    wide = score.cast("double")  # exact
    tagged = F.when(score == 0, F.lit(_folded.ZERO)).otherwise(wide * F.lit(_folded.FACTOR))
    value = F.when(_label_is(label, positive, kind), tagged).when(_label_is(label, negative, kind), wide)
    return F.coalesce(value, F.lit(float("nan")))


def _split_folded(folded, plans: dict, schema: Any) -> Any:
    """The split pass over a folded column (:func:`_folded_rows`): each partition's rows cut by range as 4-byte keys
    (one row per range, key 0), and one row (key ``_META``) with its (positives, negatives), or None where a row
    was marked invalid (then nothing else: the caller reads the rows the ordinary way)."""
    import pyarrow as pa

    plan = next(iter(plans.values()))

    @_engine.one_thread
    def split_partition(batches):
        from pyspark import TaskContext

        context = TaskContext.get()
        b = context.partitionId() if context is not None else 0
        pieces: list[list] = [[] for _ in range(plan.n_ranges)]
        positives = negatives = 0
        valid = True
        pending, rows = [], 0
        for batch in itertools.chain(batches, [None]):  # None: the end, where the last chunk is read
            if batch is not None:
                pending.append(batch.column(0))
                rows += batch.num_rows
            if not valid or not pending or (batch is not None and rows < _CHUNK_ROWS):
                continue
            got = _folded.unfold(pa.chunked_array(pending, pa.float64()).to_numpy())
            pending, rows = [], 0
            if got is None:
                valid, pieces = False, []
                continue
            y, score = got
            ones = int(np.count_nonzero(y))
            positives, negatives = positives + ones, negatives + y.size - ones
            for r, piece in enumerate(plan.split_keys(y, score)):
                if piece.size:
                    pieces[r].append(piece)
        out: dict[str, list] = {"key": [], "r": [], "b": [], "payload": []}
        for r, parts in enumerate(pieces):
            if parts:
                out["key"].append(0)
                out["r"].append(r)
                out["b"].append(b)
                out["payload"].append(pickle.dumps(np.concatenate(parts), protocol=5))
        counts = (positives, negatives) if valid else None
        for name, value in (("key", _META), ("r", b), ("b", -1), ("payload", pickle.dumps(counts, protocol=5))):
            out[name].append(value)
        yield pa.RecordBatch.from_pydict(out, schema=schema)

    return folded.mapInArrow(split_partition, "key int, r int, b int, payload binary")


def _exact(
    selected,
    layout,
    spec: _engine.Spec,
    meta: _engine.Meta,
    sketches: dict,
    weighted: bool,
    n_points: int,
    n_ranges: int | None,
    stride: int = 1,
) -> tuple[dict, _engine.Meta | None]:
    """(the exact results by key, the split pass's meta where the sketch read a sample (``meta.sampled``), else
    None); with ``spec.influence`` (a multi-class interval) also ``meta.influence``: each range sends its rows'
    placement values back to their partition (a second group-by), which sums them."""
    import pandas as pd
    import pyarrow as pa

    plans = _engine.make_plans(
        sketches,
        weighted=weighted,
        n_points=n_points,
        n_ranges=n_ranges,
        parallelism=_default_parallelism(selected),
        stride=stride,
        keyed=tuple(spec.what) == ("auc",) and not weighted,  # float32 rows travel as 4-byte keys
    )
    influence = spec.influence and meta.task != "binary"
    spec = replace(spec, influence=influence)
    keys = list(plans)
    ids = {key: i for i, key in enumerate(keys)}
    groups = _engine.influence_labels(plans)
    read = meta.sampled  # the split pass reads every row: it checks the reading settled from a sample
    schema = pa.schema([("key", pa.int32()), ("r", pa.int32()), ("b", pa.int32()), ("payload", pa.binary())])
    columns = "key int, r int, b int, payload binary"

    @_engine.one_thread
    def split_partition(batches):
        from pyspark import TaskContext

        context = TaskContext.get()
        b = context.partitionId() if context is not None else 0
        pieces: dict = {}
        offset: dict = {}  # group -> rows of the group in the earlier chunks (positions are the partition's)
        seen = _engine.Meta()
        for arrays in _chunks(batches, layout):
            part, split = _engine.batch_split_read(spec, plans, *arrays, evidence=read)  # type: ignore[misc]  # (y, s, w, g)
            seen = seen + part
            for key, parts in split.items():
                shift = offset.get(key[0], 0)
                for r, piece in enumerate(parts):
                    if piece.size if isinstance(piece, np.ndarray) else piece[1].size:
                        if len(piece) == 4 and not isinstance(piece, np.ndarray):
                            piece = (*piece[:3], piece[3] + shift)
                        pieces.setdefault((ids[key], r), []).append(piece)
            for group, names in groups.items():
                first = split.get((group, names[0]))
                if first is not None:
                    offset[group] = offset.get(group, 0) + sum(
                        p.size if isinstance(p, np.ndarray) else p[1].size for p in first
                    )
        out: dict[str, list] = {"key": [], "r": [], "b": [], "payload": []}
        for (key, r), parts in pieces.items():
            if isinstance(parts[0], np.ndarray):
                # 4-byte keys of a keyed plan travel as they are; widened floats as float32 and a label bit
                piece = np.concatenate(parts)
                if piece.dtype == np.float64:
                    piece = _narrow(piece)
            else:
                piece = tuple(
                    None if parts[0][i] is None else np.concatenate([p[i] for p in parts]) for i in range(len(parts[0]))
                )
            out["key"].append(key)
            out["r"].append(r)
            out["b"].append(b)
            out["payload"].append(pickle.dumps(piece, protocol=5))
        if read:
            for name, value in (("key", _META), ("r", b), ("b", -1), ("payload", pickle.dumps(seen, protocol=5))):
                out[name].append(value)
        yield pa.RecordBatch.from_pydict(out, schema=schema)

    @_engine.one_thread
    def summarize(frame):
        key, r = int(frame["key"].iloc[0]), int(frame["r"].iloc[0])
        if key == _META:  # a partition's meta passes through
            return frame
        pieces = [_widen(pickle.loads(p)) for p in frame["payload"]]
        with_influence = influence and keys[key][1] != "micro"
        got = _engine.range_summary(plans[keys[key]], r, pieces, spec.what, with_influence)
        summary = got[0] if with_influence else got
        rows: dict[str, list] = {"key": [key], "r": [r], "b": [-1], "payload": [pickle.dumps(summary, protocol=5)]}
        if with_influence:
            for b, placement in zip(frame["b"], got[1]):
                rows["key"].append(key)
                rows["r"].append(r)
                rows["b"].append(int(b))
                rows["payload"].append(pickle.dumps(placement, protocol=5))
        return pd.DataFrame(rows)

    @_engine.one_thread
    def gather(frame):
        b = int(frame["b"].iloc[0])
        if b < 0:  # the summaries pass through
            return frame
        entries: dict = {}
        for key, payload in zip(frame["key"], frame["payload"]):
            entries.setdefault(keys[int(key)], []).append(pickle.loads(payload))
        sums = _engine.batch_influence(groups, entries)
        return pd.DataFrame({"key": [-1], "r": [-1], "b": [b], "payload": [pickle.dumps(sums, protocol=5)]})

    folded = _folded_rows(selected, layout, spec, meta, plans)
    if folded is not None:
        rows = _split_folded(folded, plans, schema).groupBy("key", "r").applyInPandas(summarize, columns).collect()
        counts = [pickle.loads(row[3]) for row in rows if row[0] == _META]
        if all(c is not None for c in counts):  # else some row is not of this binary problem: read them all below
            found = {keys[0]: [pickle.loads(row[3]) for row in rows if row[0] >= 0]}
            positives, negatives = sum(c[0] for c in counts), sum(c[1] for c in counts)
            folded_seen = _folded.folded_meta(meta, positives, negatives) if read else None
            return _engine.results(plans, found, sketches, sampled=stride > 1), folded_seen
    split = selected.mapInArrow(split_partition, columns)
    ranges = split.groupBy("key", "r").applyInPandas(summarize, columns)
    rows = (ranges.groupBy("b").applyInPandas(gather, columns) if influence else ranges).collect()
    summaries: dict = {key: [] for key in keys}
    total: dict = {}
    seen = _engine.Meta(sampled=False) if read else None
    for row in rows:
        if row[0] >= 0:
            summaries[keys[row[0]]].append(pickle.loads(row[3]))
        elif row[0] == _META:
            seen = seen + pickle.loads(row[3])
        else:
            total = _engine.add_influence(total, pickle.loads(row[3]))
    if influence:
        meta.influence = total
    return _engine.results(plans, summaries, sketches, sampled=stride > 1), seen


_SAMPLE_STRIDE = 256  # rows per sampled row where a sample plans the ranges: 40k rows of 10^7 place the cuts well


class _Passes:
    """The passes of :func:`rocauc.distributed.api.run` over the partitions of a Spark DataFrame."""

    def __init__(self, df: Any, label_col: Any, score_col: Any, weight_col: str | None, by: str | None):
        self.selected, self.layout = _select(df, label_col, score_col, weight_col, by)
        self.weighted = weight_col is not None
        self.grouped = by is not None

    def sketch(self, spec: _engine.Spec, bits: int, stride: int) -> tuple:
        if stride > 1 and not self.grouped:
            stride = max(stride, _SAMPLE_STRIDE)
            # the cuts of an AUC need a sample only: Spark draws it before the rows cross to Python (that
            # crossing is most of a pass); every group must be seen, hence not with ``by``. The split pass reads
            # every row, and checks the reading (``meta.sampled``)
            try:
                sample = self.selected.sample(fraction=1.0 / stride, seed=0)
                with _executor_errors():
                    meta, sketches = _sketches(sample, self.layout, spec, bits)
                meta.sampled = True
                return meta, sketches, stride
            except ValueError:  # too few rows to sample, or a sample it cannot read: sketch them all
                pass
        with _executor_errors():
            return (*_sketches(self.selected, self.layout, spec, bits), 1)

    def exact(self, spec, meta, sketches, *, n_points: int, n_ranges: int | None, stride: int) -> tuple:
        with _executor_errors():
            return _exact(self.selected, self.layout, spec, meta, sketches, self.weighted, n_points, n_ranges, stride)


_OWN_ERROR = re.compile(r"^(ValueError|TypeError): (.+?)(?=\n\s*\n|\nJVM stacktrace|\Z)", re.MULTILINE | re.DOTALL)


@contextmanager
def _executor_errors() -> Iterator[None]:
    """A ValueError or TypeError raised by the checks in an executor (a row that only the pass reading every row
    sees) reaches the caller as that error, its message unchanged, not as pyspark's ``PythonException`` around
    its traceback."""
    try:
        yield
    except Exception as error:
        if type(error).__name__ != "PythonException":
            raise
        found = _OWN_ERROR.findall(str(error))
        if not found:
            raise
        kind, message = found[-1]
        raise (ValueError if kind == "ValueError" else TypeError)(message.strip()) from error


def _run(df, label_col, score_col, weight_col, by, spec: _engine.Spec, **options: Any) -> tuple:
    """(meta, keyed results, certified) of ``spec``: :func:`rocauc.distributed.api.run` (``exact``, ``max_error``,
    ``n_points``, ``n_ranges``) on these rows (the cluster report's entry)."""
    return _api.run(_Passes(df, label_col, score_col, weight_col, by), spec, **options)


# --------------------------------------------------------------------------------------------- public


def roc_auc(
    df: Any,
    label_col: str = "label",
    score_col: str | Sequence[str] = "probability",
    *,
    weight_col: str | None = None,
    by: str | None = None,
    exact: bool = True,
    max_error: float | None = None,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    n_ranges: int | None = None,
) -> float | np.ndarray | dict:
    """Area under the ROC curve of a Spark DataFrame: exact (default) or certified (``exact=False`` or
    ``max_error=``: within ``max_error``, default 1e-4, of the exact AUC, in one pass).

    ``score_col`` is a numeric column, a Spark ML vector or array column (a 2-element probability vector gives
    its positive column; longer ones are multi-class), or a list of columns (one per class). ``by`` gives one AUC
    per value of that column (a dict). Multi-class averages as ``rocauc.roc_auc`` (``average``).
    """
    return _api.call(_api.roc_auc, _Passes(df, label_col, score_col, weight_col, by), locals())


def average_precision(
    df: Any,
    label_col: str = "label",
    score_col: str | Sequence[str] = "probability",
    *,
    weight_col: str | None = None,
    by: str | None = None,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    n_ranges: int | None = None,
) -> float | np.ndarray | dict:
    """Exact average precision (scikit-learn's definition); arguments as :func:`roc_auc`."""
    return _api.call(
        _api.exact_score, _Passes(df, label_col, score_col, weight_col, by), locals(), name="average_precision"
    )


def pr_auc(
    df: Any,
    label_col: str = "label",
    score_col: str | Sequence[str] = "probability",
    *,
    weight_col: str | None = None,
    by: str | None = None,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    n_ranges: int | None = None,
) -> float | np.ndarray | dict:
    """Exact area under the precision-recall curve (Davis-Goadrich interpolation, as ``rocauc.pr_auc``)."""
    return _api.call(_api.exact_score, _Passes(df, label_col, score_col, weight_col, by), locals(), name="pr_auc")


def roc_curve(
    df: Any,
    label_col: str = "label",
    score_col: str = "probability",
    *,
    weight_col: str | None = None,
    by: str | None = None,
    n_points: int = 1000,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    n_ranges: int | None = None,
) -> RocCurve | dict:
    """The exact ROC curve of a binary problem down-sampled to about ``n_points`` points, each one exact."""
    return _api.call(_api.binary_curve, _Passes(df, label_col, score_col, weight_col, by), locals(), kind="roc")


def precision_recall_curve(
    df: Any,
    label_col: str = "label",
    score_col: str = "probability",
    *,
    weight_col: str | None = None,
    by: str | None = None,
    n_points: int = 1000,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    n_ranges: int | None = None,
) -> PrecisionRecallCurve | dict:
    """The exact precision-recall curve of a binary problem down-sampled as :func:`roc_curve`."""
    return _api.call(_api.binary_curve, _Passes(df, label_col, score_col, weight_col, by), locals(), kind="pr")


def roc_auc_ci(
    df: Any,
    label_col: str = "label",
    score_col: str = "probability",
    *,
    level: float = 0.95,
    weight_col: str | None = None,
    by: str | None = None,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    average: str | None = "macro",
    task: str | None = None,
    n_ranges: int | None = None,
) -> Interval | dict:
    """Exact AUC with DeLong's interval (as ``rocauc.roc_auc_ci(..., method="delong")``), from the same pass;
    multi-class averages and ``average=None`` as :func:`rocauc.dask.roc_auc_ci`."""
    return _api.call(_api.roc_auc_ci, _Passes(df, label_col, score_col, weight_col, by), locals())


def evaluate(
    df: Any,
    label_col: str = "label",
    score_col: str | Sequence[str] = "probability",
    *,
    weight_col: str | None = None,
    by: str | None = None,
    exact: bool = True,
    max_error: float | None = None,
    labels: Any = None,
    pos_label: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    threshold: float | None = None,
    ci: str | None = "auto",
    level: float = 0.95,
    n_points: int = 1000,
    n_ranges: int | None = None,
) -> Evaluation | dict:
    """:func:`rocauc.evaluate` for a Spark DataFrame (as :func:`rocauc.dask.evaluate`): exact per-class curves
    (about ``n_points`` exact points each), scores, averages, the confusion matrix and (``ci``) the DeLong-based
    ROC AUC intervals of ``rocauc.evaluate``; one per ``by`` value."""
    return _api.call(_api.evaluate, _Passes(df, label_col, score_col, weight_col, by), locals())


def sketch(
    df: Any,
    label_col: str = "label",
    score_col: str = "probability",
    *,
    weight_col: str | None = None,
    by: str | None = None,
    bits: int | None = None,
    max_error: float | None = None,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
) -> StreamingAUC | dict:
    """The certified sketch of a binary problem in one pass, as a :class:`rocauc.StreamingAUC` (``bits`` default
    from ``max_error``, else 20)."""
    return _api.call(_api.sketch, _Passes(df, label_col, score_col, weight_col, by), locals())
