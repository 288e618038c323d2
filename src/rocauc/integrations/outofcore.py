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
from typing import Any

import numpy as np

from ..distributed import engine as _engine
from ..distributed.partition import ALL
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


def _batches(path, label, score, weight, by, batch_rows, progress, what: str) -> Iterator[tuple]:
    batches, total, _ = _reader(str(path), _columns(label, score, weight, by), batch_rows)
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


def _run(
    path,
    label,
    score,
    weight,
    by,
    spec: _engine.Spec,
    *,
    exact: bool,
    max_error: float | None,
    n_points: int,
    batch_rows: int,
    progress: bool | None,
):
    args = (path, label, score, weight, by, batch_rows, progress)

    def sketches(bits: int, stride: int = 1, what: str = "sketch"):
        total = None
        for arrays in _batches(*args, what):
            part = _engine.batch_sketches(spec, bits, *arrays, stride=stride)  # type: ignore[misc]  # (y, s, w, g): never a 5th
            total = part if total is None else _engine.add_sketches(total, part)
        if total is None or total[0].task is None:
            raise ValueError(f"{path}: no rows (or every weight is zero); pass a file with scored rows.")
        return total

    if not exact or max_error is not None:
        bits = _engine.certified_bits(max_error)
        bound = 1e-4 if max_error is None else max_error
        meta, sk = sketches(bits)
        for _ in range(3):
            more = _engine.needs_more_bits(sk, bits, bound)
            if more is None:
                return meta, sk, True
            bits = more
            meta, sk = sketches(bits, what=f"sketch ({bits} bits)")
    stride = _engine.plan_stride(spec)
    meta, sk = sketches(_engine.EXACT_BITS, stride, "plan ranges")
    plans = _engine.make_plans(sk, weighted=weight is not None, n_points=n_points, stride=stride)
    summaries: dict = {key: [] for key in plans}
    with tempfile.TemporaryDirectory(prefix="rocauc-ranges-") as tmp:
        files: dict = {}
        try:
            for arrays in _batches(*args, "cut by range"):
                for key, pieces in _engine.batch_split(spec, plans, *arrays).items():
                    for r, piece in enumerate(pieces):
                        if (piece.size if isinstance(piece, np.ndarray) else piece[1].size) == 0:
                            continue
                        if (key, r) not in files:
                            files[(key, r)] = open(os.path.join(tmp, f"{len(files)}.pkl"), "wb")
                        pickle.dump(piece, files[(key, r)], protocol=5)
        finally:
            for f in files.values():
                f.close()
        for (key, r), f in files.items():
            pieces = []
            with open(f.name, "rb") as handle:
                while True:
                    try:
                        pieces.append(pickle.load(handle))
                    except EOFError:
                        break
            summaries[key].append(_engine.range_summary(plans[key], r, pieces, spec.what))
            os.remove(f.name)
    return meta, _engine.results(plans, summaries, sk, sampled=stride > 1), False


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
    certified = max_error is not None or not exact
    spec = _engine.Spec(
        labels=labels, pos_label=pos_label, from_logits=from_logits, task=task, micro=average == "micro", what=("auc",)
    )
    meta, per_key, is_certified = _run(
        path,
        label,
        score,
        weight,
        by,
        spec,
        exact=not certified,
        max_error=max_error,
        n_points=1000,
        batch_rows=batch_rows,
        progress=progress,
    )
    evaluations = _engine.evaluations(meta, per_key, is_certified)
    return _engine.per_group(by, evaluations, lambda ev: _engine.pick(ev, "roc_auc", average))


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
    n_points: int = 1000,
    batch_rows: int = BATCH_ROWS,
    progress: bool | None = None,
) -> Evaluation | dict:
    """:func:`rocauc.evaluate` of a file larger than memory (as :func:`rocauc.dask.evaluate`): exact per-class
    curves (about ``n_points`` exact points), scores, averages and the confusion matrix, read in batches."""
    certified = max_error is not None or not exact
    spec = _engine.Spec(
        labels=labels,
        pos_label=pos_label,
        from_logits=from_logits,
        task=task,
        micro=True,
        what=ALL,
        decision=True,
        threshold=threshold,
    )
    meta, per_key, is_certified = _run(
        path,
        label,
        score,
        weight,
        by,
        spec,
        exact=not certified,
        max_error=max_error,
        n_points=n_points,
        batch_rows=batch_rows,
        progress=progress,
    )
    evaluations = _engine.evaluations(meta, per_key, is_certified, threshold)
    return evaluations[None] if by is None else evaluations
