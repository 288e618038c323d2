"""``rocauc.outofcore``: exact and certified results of a Parquet dataset or CSV file larger than memory, on one
machine, with bounded memory.

The file is read in batches (Parquet row groups through ``pyarrow.dataset``, CSV blocks through
``pyarrow.csv.open_csv``), never all at once. The certified answer is one pass (a sketch per batch, added). The
exact answer is the partitioned scheme of ``rocauc.dask`` run as loops: a second pass cuts each batch by score
range and appends the pieces to one temporary file per range; each range is then read back alone, counted
exactly and reduced to a summary. Memory holds one batch, or one range (about 4 million rows), at a time.

>>> import numpy as np, pandas as pd, tempfile, os
>>> from rocauc import outofcore
>>> path = os.path.join(tempfile.mkdtemp(), "preds.parquet")
>>> pd.DataFrame({"y": [0, 1, 0, 1], "p": [0.1, 0.8, 0.3, 0.6]}).to_parquet(path)
>>> outofcore.roc_auc(path, "y", "p", progress=False)
1.0
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..distributed import api as _api
from ..distributed import engine as _engine
from ..stats.evaluation import Evaluation

__all__ = ["roc_auc", "evaluate"]

BATCH_ROWS = 1 << 20


def _pyarrow():
    try:
        import pyarrow  # noqa: F401
        import pyarrow.csv  # noqa: F401
        import pyarrow.dataset  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised where pyarrow is missing
        raise ImportError("rocauc.outofcore reads files with pyarrow: pip install 'rocauc[parquet]'.") from exc


def _columns(label: str | Sequence[str], score: str | Sequence[str], weight: str | None, by: str | None) -> list:
    names = []
    for v in (label, score, weight, by):
        if v is not None:
            names.extend([v] if isinstance(v, str) else list(v))
    return list(dict.fromkeys(names))


CSV_BLOCK_BYTES = 64 << 20  # a CSV file is parsed in blocks of this many bytes (one record batch each)


def is_csv(path: str | os.PathLike) -> bool:
    """Whether ``path`` is read as CSV (by its extension); anything else is read as Parquet."""
    return str(path).lower().endswith((".csv", ".csv.gz", ".txt", ".tsv"))


def _reader(
    path: str,
    columns: list,
    batch_rows: int,
    *,
    block_bytes: int = CSV_BLOCK_BYTES,
    column_types: dict | None = None,
    csv: bool | None = None,
    delimiter: str | None = None,
):
    """(iterator over Arrow record batches of ``columns``, total rows or None, the columns found). A CSV file
    (``csv``; by default told by its extension) is parsed in blocks of ``block_bytes``, split at ``delimiter``
    (default a comma, a tab for .tsv); ``column_types``: Arrow types of some CSV columns, instead of inferring them
    from the first block."""
    _pyarrow()
    import pyarrow.csv as pcsv
    import pyarrow.dataset as pds

    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file or directory.")
    if is_csv(path) if csv is None else csv:
        if delimiter is None:
            delimiter = "\t" if str(path).lower().endswith(".tsv") else ","
        opened = pcsv.open_csv(
            path,
            read_options=pcsv.ReadOptions(block_size=block_bytes),
            parse_options=pcsv.ParseOptions(delimiter=delimiter),
            convert_options=pcsv.ConvertOptions(column_types=column_types or {}),
        )
        found = opened.schema.names
        _check(path, columns, found)

        def batches():
            for batch in opened:
                yield batch.select(columns)

        return batches(), None, found
    dataset = pds.dataset(path, format="parquet")
    found = dataset.schema.names
    _check(path, columns, found)
    return dataset.to_batches(columns=columns, batch_size=batch_rows), dataset.count_rows(), found


def _check(path: str, columns: list, found: list) -> None:
    missing = [c for c in columns if c not in found]
    if missing:
        raise ValueError(f"{path}: no column {missing[0]!r}; the columns are {found}.")


def _arrays(batch: Any, label, score, weight, by) -> tuple:
    def col(name):
        return batch.column(name).to_numpy(zero_copy_only=False)

    y = col(label) if isinstance(label, str) else np.column_stack([col(c) for c in label])
    s = col(score) if isinstance(score, str) else np.column_stack([col(c) for c in score])
    return y, s, None if weight is None else col(weight), None if by is None else col(by)


def _batches(
    path, label, score, weight, by, batch_rows, progress, what: str, csv: bool | None = None, delimiter=None
) -> Iterator[tuple]:
    batches, total, _ = _reader(str(path), _columns(label, score, weight, by), batch_rows, csv=csv, delimiter=delimiter)
    bar = _bar(progress, total, what)
    try:
        for batch in batches:
            if batch.num_rows:
                yield _arrays(batch, label, score, weight, by)
                if bar is not None:
                    bar.update(batch.num_rows)
    finally:
        if bar is not None:
            bar.close()


def _bar(progress: bool | None, total: int | None, what: str):
    if progress is False:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if progress:
            raise ImportError("progress=True shows a tqdm progress bar: pip install tqdm.") from None
        return None
    return tqdm(total=total, unit=" rows", unit_scale=True, desc=what, disable=None if progress is None else False)


class _Spool:
    """Pickled items appended to one temporary file per key, read back one key at a time (memory holds one key's
    items). ``keep_open=False`` opens a file for each append (for keys too many to hold open at once)."""

    def __init__(self, folder: str, prefix: str, keep_open: bool = True):
        self.folder, self.prefix, self.keep_open = folder, prefix, keep_open
        self.names: dict = {}  # key -> file name
        self.handles: dict = {}  # key -> open file (keep_open)

    def append(self, key: Any, item: Any) -> None:
        if key not in self.names:
            self.names[key] = os.path.join(self.folder, f"{self.prefix}-{len(self.names)}.pkl")
            if self.keep_open:
                self.handles[key] = open(self.names[key], "wb")
        if self.keep_open:
            pickle.dump(item, self.handles[key], protocol=5)
        else:
            with open(self.names[key], "ab") as handle:
                pickle.dump(item, handle, protocol=5)

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()

    def drain(self) -> Iterator[tuple[Any, list]]:
        """(key, its items in the order appended), each file removed once read."""
        for key, name in self.names.items():
            items = []
            with open(name, "rb") as handle:
                while True:
                    try:
                        items.append(pickle.load(handle))
                    except EOFError:
                        break
            os.remove(name)
            yield key, items


def _size(piece: Any) -> int:
    return piece.size if isinstance(piece, np.ndarray) else piece[1].size


class _Passes:
    """The passes of :func:`rocauc.distributed.api.run` over a file, as loops over its batches: the split pass
    appends each range's pieces to a temporary file, then each range is read back alone and counted; a DeLong
    interval of a multi-class average sends each range's placement values back to their batch through a
    temporary file per batch, summed one batch at a time. ``csv`` and ``delimiter``: how the file is read (as
    :func:`_reader`; the command line passes the delimiter it detected)."""

    def __init__(
        self,
        path: Any,
        label: Any,
        score: Any,
        weight: str | None,
        by: str | None,
        batch_rows: int,
        progress,
        *,
        csv: bool | None = None,
        delimiter: str | None = None,
    ):
        self.args = (path, label, score, weight, by, batch_rows, progress)
        self.csv, self.delimiter = csv, delimiter
        self.path = path
        self.weighted = weight is not None
        self.grouped = by is not None

    def sketch(self, spec: _engine.Spec, bits: int, stride: int) -> tuple:
        total = None
        for arrays in _batches(*self.args, f"sketch ({bits} bits)", self.csv, self.delimiter):
            part = _engine.batch_sketches(spec, bits, *arrays, stride=stride)  # type: ignore[misc]  # (y, s, w, g): never a 5th
            total = part if total is None else _engine.add_sketches(total, part)
        if total is None or (total[0].task is None and not total[0].unread):
            raise ValueError(f"{self.path}: no rows (or every weight is zero); pass a file with scored rows.")
        return (*total, stride)

    def exact(self, spec, meta, sketches, *, n_points: int, n_ranges: int | None, stride: int) -> tuple:
        plans = _engine.make_plans(
            sketches, weighted=self.weighted, n_points=n_points, n_ranges=n_ranges, stride=stride
        )
        influence = spec.influence and meta.task != "binary"
        spec = replace(spec, influence=influence)
        summaries: dict = {key: [] for key in plans}
        total: dict = {}
        with tempfile.TemporaryDirectory(prefix="rocauc-ranges-") as tmp:
            ranges = _Spool(tmp, "range")
            try:
                for b, arrays in enumerate(_batches(*self.args, "cut by range", self.csv, self.delimiter)):
                    for key, pieces in _engine.batch_split(spec, plans, *arrays).items():
                        for r, piece in enumerate(pieces):
                            if _size(piece):
                                ranges.append((key, r), (b, piece))
            finally:
                ranges.close()
            placements = _Spool(tmp, "batch", keep_open=False)
            for (key, r), entries in ranges.drain():
                with_influence = influence and key[1] != "micro"
                got = _engine.range_summary(plans[key], r, [p for _, p in entries], spec.what, with_influence)
                if with_influence:
                    got, placed = got
                    for (b, _), place in zip(entries, placed):
                        placements.append(b, (key, place))
                summaries[key].append(got)
            groups = _engine.influence_labels(plans)
            for _, items in placements.drain():
                by_key: dict = {}
                for key, place in items:
                    by_key.setdefault(key, []).append(place)
                total = _engine.add_influence(total, _engine.batch_influence(groups, by_key))
        if influence:
            meta.influence = total
        return _engine.results(plans, summaries, sketches, sampled=stride > 1), None


def _run(
    path: Any,
    label: Any,
    score: Any,
    weight: str | None,
    by: str | None,
    spec: _engine.Spec,
    *,
    batch_rows: int = BATCH_ROWS,
    progress: bool | None = None,
    csv: bool | None = None,
    delimiter: str | None = None,
    **options: Any,
) -> tuple:
    """(meta, keyed results, certified) of ``spec``: :func:`rocauc.distributed.api.run` (``exact``, ``max_error``,
    ``n_points``, ``n_ranges``) on the rows of a file (the out-of-core report's entry; ``csv`` and ``delimiter``:
    how the command line reads it)."""
    passes = _Passes(path, label, score, weight, by, batch_rows, progress, csv=csv, delimiter=delimiter)
    return _api.run(passes, spec, **options)


def roc_auc(
    path: str | os.PathLike,
    label: str | Sequence[str],
    score: str | Sequence[str],
    *,
    weight: str | None = None,
    by: str | None = None,
    exact: bool = True,
    max_error: float | None = None,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    batch_rows: int = BATCH_ROWS,
    progress: bool | None = None,
) -> float | np.ndarray | dict:
    """ROC AUC of the ``label`` and ``score`` columns of a Parquet file or directory, or a CSV file, read in
    batches with bounded memory: exact (two passes and a temporary file per score range) or certified
    (``max_error``, one pass). ``progress`` shows a tqdm bar (None: when writing to a terminal). Other
    arguments as :func:`rocauc.dask.roc_auc`.
    """
    return _api.call(_api.roc_auc, _Passes(path, label, score, weight, by, batch_rows, progress), locals())


def evaluate(
    path: str | os.PathLike,
    label: str | Sequence[str],
    score: str | Sequence[str],
    *,
    weight: str | None = None,
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
    batch_rows: int = BATCH_ROWS,
    progress: bool | None = None,
) -> Evaluation | dict:
    """:func:`rocauc.evaluate` of a file larger than memory (as :func:`rocauc.dask.evaluate`): exact per-class
    curves (about ``n_points`` exact points), scores, averages, the confusion matrix and (``ci``: "auto",
    "delong", "delong-logit" or None) the DeLong-based ROC AUC intervals of ``rocauc.evaluate`` at ``level``, per
    class and for the macro and weighted averages (``ev.intervals``), from the exact pass; read in batches.
    A certified evaluation (``exact=False``/``max_error``) has no intervals.

    >>> import pandas as pd, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "preds.parquet")
    >>> pd.DataFrame({"y": [0, 0, 1, 1, 0, 1], "p": [0.1, 0.4, 0.35, 0.8, 0.2, 0.7]}).to_parquet(path)
    >>> print(evaluate(path, "y", "p", ci="delong", progress=False).intervals.averages["roc_auc"]["binary"])
    0.889 [0.581, 1.000] (95% DeLong)
    """
    return _api.call(_api.evaluate, _Passes(path, label, score, weight, by, batch_rows, progress), locals())
