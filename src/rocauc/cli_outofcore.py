"""The report of binary models whose scores sit in a file larger than memory (``rocauc report --engine
outofcore``): the numbers of the in-memory report, from passes over the file with bounded memory.

1. **Read** (the only pass over the file): Parquet row groups or CSV blocks (``pyarrow``), each batch checked and
   reduced to compact columns in a temporary folder: each row's label as a small integer code, each model's
   score as float64 (12 bytes a row for one model, 20 for two). Every later pass reads those columns in chunks.
2. **Sketch**: per model, the sketch that cuts the score axis into ranges (:mod:`rocauc.distributed.partition`).
3. **Ranges**: per model, each chunk's rows are cut by range and appended to one temporary file per range; each
   range is then counted exactly in one place (one sort of that range): its summary (AUC pairs, average
   precision, PR area, DeLong sums), its share of the ~``n_points`` curve points, and every row of the exact table
   that a printed number reads (the rows of the largest Youden J and KS gap, the rows around each gains depth
   and around a given threshold, each range's first and last row); each sample's DeLong component; and the
   range's exact table (each distinct score with its positives and negatives).
4. **Pairs and calibration**: the DeLong covariance of every pair of models (their components, row by row), the
   calibration bins, and the logistic recalibration fit (its sums over the exact tables).

Memory holds one chunk, or the rows of one range (about 4 million), at a time, plus the kept curve rows. The
numbers equal the in-memory report's (tests: 1e-12); the curves are drawn through exact points of the full
curves. Not computed here (the report says so): the bootstrap interval of the ECE.

The report is built from the engine's results (:class:`ScaleResults`) by :func:`build_report`, which
``rocauc report --engine dask|spark`` (:mod:`rocauc.cli_cluster`) shares. Multi-class and multi-label models
(:func:`file_class_report`, :func:`class_report`) get the main table, from ``rocauc.outofcore``'s exact run.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .cli_options import ReportOptions
from .core.errors import HardPredictionWarning
from .core.inputs import Problem, _py, normalize
from .core.threads import num_threads
from .distributed import engine as _engine
from .distributed.partition import (
    PartitionResult,
    RangePlan,
    RangeSummary,
    _curve_rows,
    combine,
    plan_ranges,
    report_rows,
    sketch_of,
    summarize_range,
)
from .integrations import outofcore
from .stats.delong import layout

__all__ = [
    "file_report",
    "file_class_report",
    "build_report",
    "class_report",
    "ScaleResults",
    "Column",
    "ReadColumns",
    "read_columns",
]

CHUNK_ROWS = 1 << 20
_RECORD = np.dtype([("i", "<i8"), ("y", "?"), ("s", "<f8")])  # a row cut into a range file
_SUMMARY = ("auc", "average_precision", "pr_auc", "delong")  # the curve rows are kept here, not by the summary
_MISSING = ("", "nan", "na", "null", "none")


# ------------------------------------------------------------------------------------------------ pass 1: read


@dataclass(frozen=True)
class Column:
    """A column of fixed-size values in a binary file, read a slice at a time (``column[a:b]``: a plain read, not
    a memory map, so that the passes over it do not keep its pages resident)."""

    path: str
    dtype: np.dtype
    n: int

    def __getitem__(self, sl: slice) -> np.ndarray:
        start, stop, _ = sl.indices(self.n)
        size = np.dtype(self.dtype).itemsize
        return np.fromfile(self.path, dtype=self.dtype, count=max(0, stop - start), offset=start * size)


@dataclass
class ReadColumns:
    """The compact columns of a file: label codes into ``values`` and one float64 score column per model
    (memory-mapped files in ``folder``), with each score column's range."""

    folder: str
    n: int
    values: list  # the distinct labels as read (CSV: text), by code
    codes: Column
    scores: dict[str, Column]
    low: dict[str, float]
    high: dict[str, float]
    batches: int = 0  # the record batches the file was read in

    def chunks(self, rows: int) -> Iterator[slice]:
        for start in range(0, self.n, rows):
            yield slice(start, min(self.n, start + rows))


def read_columns(
    path: str,
    target: str,
    columns: list[str],
    folder: str,
    *,
    csv: bool,
    delimiter: str | None = None,
    batch_rows: int = CHUNK_ROWS,
    block_bytes: int = outofcore.CSV_BLOCK_BYTES,
    progress: bool | None = None,
) -> ReadColumns:
    """Read ``target`` and the score ``columns`` of a Parquet file or folder, or a CSV file, batch by batch into
    compact columns in ``folder``. A bad value stops with a ValueError naming the file, the column and the line
    (CSV) or row (Parquet)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    types = {c: pa.float64() for c in columns} | {target: pa.string()} if csv else None
    names = [target, *columns]
    try:  # a CSV file's first block is parsed on opening
        batches, total, found = outofcore._reader(
            path, names, batch_rows, block_bytes=block_bytes, column_types=types, csv=csv, delimiter=delimiter
        )
    except pa.ArrowInvalid as exc:
        raise ValueError(f"{path}{_arrow_words(str(exc), _header(path, delimiter) if csv else names)}") from None
    bar = outofcore._bar(progress, total, "read")
    values: list = []
    index: dict = {}
    code_path = os.path.join(folder, "codes.bin")
    score_paths = {c: os.path.join(folder, f"score-{j}.bin") for j, c in enumerate(columns)}
    low = dict.fromkeys(columns, math.inf)
    high = dict.fromkeys(columns, -math.inf)
    n = count = 0

    def place(i: int) -> str:
        return f"line {n + i + 2}" if csv else f"row {n + i + 1}"

    files = {c: open(p, "wb") for c, p in score_paths.items()}
    try:
        with open(code_path, "wb") as code_file:
            try:
                for batch in batches:
                    k = batch.num_rows
                    if not k:
                        continue
                    count += 1
                    labels = batch.column(target)
                    if csv:
                        labels = pc.utf8_trim_whitespace(labels)
                    _check_labels(path, target, labels, place)
                    for v in pc.unique(labels).to_pylist():
                        if v not in index:
                            index[v] = len(values)
                            values.append(v)
                    value_set = pa.array(values, type=labels.type)
                    codes = pc.index_in(labels, value_set=value_set).to_numpy(zero_copy_only=False)
                    codes.astype(np.int32).tofile(code_file)
                    for c in columns:
                        s = _scores(path, c, batch.column(c), place)
                        low[c] = min(low[c], float(s.min()))
                        high[c] = max(high[c], float(s.max()))
                        s.tofile(files[c])
                    n += k
                    if bar is not None:
                        bar.update(k)
            except pa.ArrowInvalid as exc:
                raise ValueError(f"{path}{_arrow_words(str(exc), found)}") from None
    finally:
        for f in files.values():
            f.close()
        if bar is not None:
            bar.close()
    if n == 0:
        raise ValueError(f"{path}: the file has no rows")
    codes = Column(code_path, np.dtype(np.int32), n)
    scores = {c: Column(p, np.dtype(np.float64), n) for c, p in score_paths.items()}
    return ReadColumns(folder, n, values, codes, scores, low, high, count)


def _header(path: str, delimiter: str | None) -> list:
    import csv as _csv

    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        return [h.strip() for h in next(_csv.reader(f, delimiter=delimiter or ","), [])]


def _arrow_words(message: str, names: list) -> str:
    """pyarrow's CSV error as the command line says it: the column by name (after the file's name)."""
    import re

    text = message.strip().splitlines()[0]
    column = re.match(r"In CSV column #(\d+): (.*)", text)
    if column and int(column.group(1)) < len(names):
        name, text = names[int(column.group(1))], column.group(2)
        if "conversion error to double" in text:
            value = text.rpartition("invalid value ")[2]
            return f", column {name!r}: {value} is not a number; scores must be numbers"
        return f", column {name!r}: {text}"
    return f": not a readable CSV file ({text})"


def _check_labels(path: str, target: str, labels: Any, place: Any) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    bad = labels.is_null()
    if pa.types.is_string(labels.type) or pa.types.is_large_string(labels.type):
        bad = pc.or_(bad, pc.is_in(pc.utf8_lower(labels), value_set=pa.array(_MISSING)))
    elif pa.types.is_floating(labels.type):
        bad = pc.or_(bad, pc.is_nan(labels))
    bad_rows = np.flatnonzero(bad.to_numpy(zero_copy_only=False))
    if bad_rows.size:
        i = int(bad_rows[0])
        raw = labels[i].as_py()
        raise ValueError(
            f"{path}, column {target!r}, {place(i)}: missing label ({'' if raw is None else raw!r}); drop rows "
            "without a label"
        )


def _scores(path: str, name: str, column: Any, place: Any) -> np.ndarray:
    import pyarrow as pa

    if not (pa.types.is_integer(column.type) or pa.types.is_floating(column.type)):
        raise ValueError(f"{path}, column {name!r}: holds {column.type}, not numbers; scores must be numbers")
    if column.null_count:
        i = int(np.flatnonzero(column.is_null().to_numpy(zero_copy_only=False))[0])
        raise ValueError(f"{path}, column {name!r}, {place(i)}: empty; scores must be numbers")
    s = column.to_numpy(zero_copy_only=False).astype(np.float64, copy=False)
    finite = np.isfinite(s)
    if not finite.all():
        i = int(np.flatnonzero(~finite)[0])
        raise ValueError(
            f"{path}, column {name!r}, {place(i)}: {float(s[i])!r} is not a finite number; remove or fix that row"
        )
    return s


def typed_labels(values: list, csv: bool) -> np.ndarray:
    """The distinct labels typed as the in-memory reader types a whole column: integers, else numbers, else
    text (CSV); numbers that are all whole become integers (Parquet)."""
    if csv:
        from .cli import _typed

        return _typed([str(v) for v in values])
    array = np.array(values)
    if array.dtype.kind == "f" and np.all(array == np.round(array)):
        return array.astype(np.int64)
    return array if array.dtype.kind in "biuf" else np.array(values, dtype=object)


def label_problem(typed: np.ndarray, low: float, high: float, *, pos_label: Any, from_logits: bool) -> Problem:
    """The in-memory normalization run on one row per distinct label (the scores' extremes stand in for the
    scores): the task, the classes, the positive label and the kind of score, as the whole column would give."""
    s = np.full(typed.size, low)
    s[0] = high
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HardPredictionWarning)
        return normalize(typed, s, pos_label=pos_label, from_logits=from_logits)


# ------------------------------------------------------------------------------------------------ the models


@dataclass
class ModelPass:
    """One model's state through the passes."""

    name: str
    column: str
    plan: RangePlan | None = None
    result: PartitionResult | None = None
    components: Column | None = None  # each sample's DeLong component (V10 of a positive, V01 of a negative)
    fit: FitTable | None = None  # the terms of its recalibration fit (models whose scores are probabilities)
    summaries: list = field(default_factory=list)


def _progress_chunks(cols: ReadColumns, rows: int, progress: bool | None, what: str) -> Iterator[slice]:
    bar = outofcore._bar(progress, cols.n, what)
    try:
        for sl in cols.chunks(rows):
            yield sl
            if bar is not None:
                bar.update(sl.stop - sl.start)
    finally:
        if bar is not None:
            bar.close()


def exact_results(
    cols: ReadColumns,
    positive: np.ndarray,
    models: list[ModelPass],
    *,
    n_points: int,
    threshold: float | None,
    chunk_rows: int,
    progress: bool | None,
) -> None:
    """Passes 2 and 3: each model's exact result (``PartitionResult`` whose counts keep the curve points and
    the rows the report reads) and its samples' DeLong components; the models in parallel threads (their sorts
    and passes release the GIL), so one range per model is in memory at a time."""
    from concurrent.futures import ThreadPoolExecutor

    bar = outofcore._bar(progress, 3 * cols.n * len(models), "sketch, cut and count")
    workers = max(1, min(len(models), num_threads()))  # ROCAUC_NUM_THREADS caps them
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [
                pool.submit(_model_exact, cols, positive, j, m, n_points, threshold, chunk_rows, bar)
                for j, m in enumerate(models)
            ]
            for f in futures:
                f.result()
    finally:
        if bar is not None:
            bar.close()


def _model_exact(
    cols: ReadColumns,
    positive: np.ndarray,
    j: int,
    m: ModelPass,
    n_points: int,
    threshold: float | None,
    chunk_rows: int,
    bar: Any,
) -> None:
    """One model's passes: the sketch, the plan of its ranges, the cut into range files, each range counted."""

    def advance(rows: int) -> None:
        if bar is not None:
            bar.update(rows)

    sk = sketch_of(np.zeros(0, bool), np.zeros(0), None, _engine.EXACT_BITS)
    for sl in cols.chunks(chunk_rows):
        sk = sk + sketch_of(positive[cols.codes[sl]], cols.scores[m.column][sl], None, _engine.EXACT_BITS)
        advance(sl.stop - sl.start)
    plan = m.plan = plan_ranges(sk, _engine.n_ranges_for(sk, weighted=False), n_points)
    ranges = os.path.join(cols.folder, f"ranges-{j}")
    os.makedirs(ranges, exist_ok=True)
    for sl in cols.chunks(chunk_rows):
        y = positive[cols.codes[sl]]
        s = cols.scores[m.column][sl]
        r = plan.range_of(s)
        order = np.argsort(r, kind="stable")
        ends = np.cumsum(np.bincount(r, minlength=plan.n_ranges))
        record = np.empty(s.size, dtype=_RECORD)
        record["i"] = np.arange(sl.start, sl.stop, dtype=np.int64)[order]
        record["y"], record["s"] = y[order], s[order]
        start = 0
        for k, end in enumerate(ends.tolist()):
            if end > start:
                with open(os.path.join(ranges, f"{k}.bin"), "ab") as f:
                    record[start:end].tofile(f)
            start = end
        advance(sl.stop - sl.start)
    comp_path = os.path.join(cols.folder, f"components-{j}.bin")
    components = np.memmap(comp_path, dtype=np.float64, mode="w+", shape=(cols.n,))
    summaries = []
    for k in range(plan.n_ranges):
        file = os.path.join(ranges, f"{k}.bin")
        if not os.path.exists(file):
            continue
        record = np.fromfile(file, dtype=_RECORD)
        os.remove(file)
        summaries.append(_range(plan, k, record, components, threshold, m.fit))
        advance(record.size)
        del record
    components.flush()
    del components  # unmapped: its pages need not stay resident
    m.components = Column(comp_path, np.dtype(np.float64), cols.n)
    m.result = combine(plan, summaries)


def _range(
    plan: RangePlan,
    index: int,
    record: np.ndarray,
    components: np.ndarray,
    threshold: float | None,
    fit: FitTable | None,
) -> RangeSummary:
    """Range ``index`` counted exactly (one sort): its summary, with the kept rows of the global table, its
    samples' DeLong components written into ``components``, and its exact table (each distinct score with its
    positives and negatives) added to the terms of the recalibration ``fit``."""
    y = np.ascontiguousarray(record["y"])
    s = np.ascontiguousarray(record["s"])
    lay = layout(y, s, None)
    summary = summarize_range(plan, index, y, s, None, _SUMMARY, lay=lay)
    if fit is not None:
        fit.add(lay.thresholds, lay.dtp, lay.dfp)
    tp = np.cumsum(lay.dtp)
    tp += plan.P_above[index]
    fp = np.cumsum(lay.dfp)
    fp += plan.N_above[index]
    P, N = plan.P, plan.N
    if P > 0 and N > 0:
        v10 = 1.0 - (fp - 0.5 * lay.dfp) / N  # as DeLong's components (rocauc.stats.delong)
        v01 = (tp - 0.5 * lay.dtp) / P
        components[record["i"]] = np.where(y, v10[lay.row], v01[lay.row])
    keep = _kept_rows(plan, index, lay.thresholds, tp, fp, threshold)
    return replace(summary, thresholds=lay.thresholds[keep], tp=tp[keep], fp=fp[keep])


def _kept_rows(
    plan: RangePlan, index: int, thresholds: np.ndarray, tp: np.ndarray, fp: np.ndarray, threshold: float | None
) -> np.ndarray:
    """The rows of a range kept in the down-sampled table: the curve points, every row a printed number reads
    (:func:`rocauc.distributed.partition.report_rows`) and the last row at or above a given threshold."""
    parts: list = [
        _curve_rows(plan, tp, fp, float(plan.P_above[index]), float(plan.N_above[index])),
        report_rows(plan, tp, fp),
    ]
    if threshold is not None:
        parts.append([int(np.searchsorted(-thresholds, -threshold, side="right")) - 1])
    keep = np.unique(np.concatenate([np.asarray(p, dtype=np.intp) for p in parts]))
    return keep[(keep >= 0) & (keep < tp.size)]


def pair_variances(
    cols: ReadColumns,
    positive: np.ndarray,
    models: list[ModelPass],
    chunk_rows: int,
    progress: bool | None,
    tables: Any,
) -> dict:
    """Pass 4: ``{(i, j): sum of (psi_i - psi_j)**2}`` over the samples (DeLong's influence values, as
    ``rocauc.compare`` pairs them) for every pair of models, and the calibration tables (``tables``:
    ``{name: (edges, prob_of_score)}``) added chunk by chunk."""
    scale = []
    for m in models:
        r = m.result
        assert r is not None
        a = math.sqrt(r.m / (r.m - 1.0)) / r.P if r.m > 1 else math.nan
        b = math.sqrt(r.n / (r.n - 1.0)) / r.N if r.n > 1 else math.nan
        scale.append((r.auc, a, b))
    pairs = {(i, j): 0.0 for i in range(len(models)) for j in range(i + 1, len(models))}
    calibration: dict = {}
    from .stats.calibration import CalibrationTable

    for sl in _progress_chunks(cols, chunk_rows, progress, "pairs, calibration"):
        y = positive[cols.codes[sl]]
        psis = []
        if pairs:
            for m, (auc, a, b) in zip(models, scale):
                assert m.components is not None
                psi = np.asarray(m.components[sl]) - auc
                psi *= np.where(y, a, b)
                psis.append(psi)
            for i, j in pairs:
                d = psis[i] - psis[j]
                pairs[(i, j)] += float(np.dot(d, d))
        for name, (edges, column, prob_of) in tables.items():
            prob = prob_of(np.asarray(cols.scores[column][sl]))
            t = CalibrationTable.from_arrays(y, prob, None, edges=edges)
            calibration[name] = t if name not in calibration else calibration[name] + t
    return {"pairs": pairs, "calibration": calibration}


def file_report(
    path: str,
    target: str,
    models: dict[str, str],
    *,
    csv: bool,
    options: ReportOptions,
    delimiter: str | None = None,
    block_bytes: int | None = None,
    progress: bool | None = None,
    workdir: str | None = None,
) -> Any:
    """The :class:`rocauc.Report` of binary ``models`` (``{name: score column}``) against ``target`` in a
    Parquet file or folder, or a CSV file, computed out of core as ``options`` say; errors are ValueErrors in the
    command line's words (file, column, line)."""
    folder = tempfile.mkdtemp(prefix="rocauc-report-", dir=workdir)
    try:
        columns = list(dict.fromkeys(models.values()))
        cols = read_columns(
            path,
            target,
            columns,
            folder,
            csv=csv,
            delimiter=delimiter,
            batch_rows=options.chunk_rows,
            block_bytes=outofcore.CSV_BLOCK_BYTES if block_bytes is None else block_bytes,
            progress=progress,
        )
        return _report(cols, path, target, models, csv=csv, options=options, progress=progress)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _report(
    cols: ReadColumns,
    path: str,
    target: str,
    models: dict[str, str],
    *,
    csv: bool,
    options: ReportOptions,
    progress: bool | None,
) -> Any:
    where = f"{path}, column {target!r}"
    extremes = {name: (cols.low[column], cols.high[column]) for name, column in models.items()}
    typed = typed_labels(cols.values, csv)
    problems = binary_problems(typed, extremes, options, where)
    positive_label = next(iter(problems.values())).positive_label
    positive = np.array([_py(v) == positive_label for v in typed.tolist()], dtype=bool)
    chunk_rows, threshold = options.chunk_rows, options.threshold
    P = sum(int(np.count_nonzero(positive[cols.codes[sl]])) for sl in cols.chunks(chunk_rows))
    check_both_classes(where, positive_label, P, cols.n)
    check_threshold(path, threshold, extremes)
    tables = {}
    if options.calibration:
        from .stats.calibration import calibration_edges

        edges = calibration_edges(options.calibration_bins, "uniform")
        for name, column in models.items():
            kind = problems[name].score_kind
            if kind != "score":
                tables[name] = (edges, column, probability_of(kind))
    passes = [
        ModelPass(name, column, fit=FitTable(os.path.join(cols.folder, f"fit-{j}"), problems[name].score_kind))
        if name in tables
        else ModelPass(name, column)
        for j, (name, column) in enumerate(models.items())
    ]
    exact_results(
        cols, positive, passes, n_points=options.n_points, threshold=threshold, chunk_rows=chunk_rows, progress=progress
    )
    sums = pair_variances(cols, positive, passes, chunk_rows, progress, tables)
    fit_tables = {m.name: [m.fit] for m in passes if m.fit is not None}
    fits, fit_notes = recalibration_fits(lambda: table_fits(fit_tables, options.level, chunk_rows))
    results = {m.name: m.result for m in passes}
    computed = ScaleResults(cols.n, problems, results, sums["pairs"], sums["calibration"], fits, fit_notes)
    return build_report(computed, options)


# ------------------------------------------------------------------------------------------------ shared rules


def positive_of(typed: np.ndarray, pos_label_text: str | None, where: str) -> Any:
    """The label ``--pos-label`` names (typed as the target's values), or None; one line when it is absent."""
    if pos_label_text is None:
        return None
    from .cli import _list, _match_label

    present = np.unique(typed)
    pos_label = _match_label(pos_label_text, present)
    if pos_label not in present.tolist():
        raise ValueError(
            f"{where}: --pos-label {pos_label_text!r} is not one of its values "
            f"{_list([str(v) for v in present.tolist()])}"
        )
    return pos_label


def model_problem(typed: np.ndarray, low: float, high: float, pos_label: Any, from_logits: bool, where: str) -> Problem:
    """:func:`label_problem` with its errors in the command line's words."""
    try:
        return label_problem(typed, low, high, pos_label=pos_label, from_logits=from_logits)
    except (ValueError, TypeError) as exc:
        from .cli import _cli_words

        raise ValueError(f"{where}: {_cli_words(str(exc))}") from None


def binary_problems(typed: np.ndarray, extremes: dict, options: ReportOptions, where: str) -> dict:
    """``{name: Problem}`` of binary models (``extremes``: name -> (lowest, highest) score) against a target of
    distinct values ``typed``, with ``options``' positive class and kind of score; a target of several classes
    stops with one line saying how to give their scores."""
    pos_label = positive_of(typed, options.pos_label, where)
    problems = {
        name: model_problem(typed, lo, hi, pos_label, options.from_logits, where) for name, (lo, hi) in extremes.items()
    }
    first = next(iter(problems.values()))
    if first.task != "binary":
        raise ValueError(
            f"{where}: the target has {first.n_classes} classes: give each model a score column per class (--scores "
            "'p_*' or --model NAME=COL1,COL2,...), or pass --pos-label X for one class against the rest"
        )
    return problems


def check_both_classes(where: str, positive_label: Any, P: float, n: float) -> None:
    if P == 0 or P == n:
        raise ValueError(
            f"{where}: only one class ({positive_label!r} {'everywhere' if P else 'nowhere'}); the report needs "
            "both classes"
        )


def check_threshold(path: str, threshold: float | None, extremes: dict) -> None:
    """``--threshold`` inside every model's scores (``extremes``: name -> (lowest, highest) score)."""
    if threshold is None:
        return
    for name, (lo, hi) in extremes.items():
        if not lo <= threshold <= hi:
            raise ValueError(
                f"{path}: --threshold {threshold:g} is outside the scores of model {name!r} ({lo:.6g} to "
                f"{hi:.6g}); every case would get the same prediction"
            )


def probability_of(kind: str) -> Any:
    """The function giving a model's probabilities from its scores (``kind``: "probability" or "logit")."""
    from .stats.calibration import _sigmoid

    return _sigmoid if kind == "logit" else _identity


def _identity(s: np.ndarray) -> np.ndarray:
    return s


def recalibration_fits(fit: Any) -> tuple[dict, list[str]]:
    """``fit()`` (name -> Recalibration) with the warnings it gives as the section's notes (as
    :func:`rocauc.report` makes them)."""
    from .core.errors import UndefinedMetricWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UndefinedMetricWarning)
        fits = fit()
    notes: list[str] = []
    for w in caught:
        text = str(w.message)
        if text not in notes:
            notes.append(text)
    return fits, notes


@dataclass
class ScaleResults:
    """What the report of binary models computed beyond memory is built from (:func:`build_report`), whichever
    engine computed it (out of core here, or Dask and Spark in :mod:`rocauc.cli_cluster`)."""

    n: int
    problems: dict  # name -> Problem (the labels' normalization: classes, positive label, kind of score)
    results: dict  # name -> PartitionResult; its counts keep the curve points and every row the report reads
    pairs: dict  # (i, j) -> sum over samples of (psi_i - psi_j)**2 (DeLong influence values, models i < j)
    tables: dict  # name -> CalibrationTable (summed bins) of the models whose scores are probabilities
    fits: dict  # name -> Recalibration of those models
    fit_notes: list = field(default_factory=list)
    operating: dict = field(default_factory=dict)  # name -> OperatingPoint where the engine gives it


def build_report(res: ScaleResults, options: ReportOptions) -> Any:
    """The :class:`rocauc.Report` of binary models from engine results, as ``options`` say: the in-memory
    report's numbers (Youden's operating point or the rule at the threshold, DeLong intervals and paired
    comparisons, calibration and gains), each read from exact rows of the full tables."""
    from .present.common import span_of
    from .present.report_build import _CRITERIA, _operating_dict
    from .present.report_model import ModelResult, Report, Section
    from .stats.operating import point_of_problem

    threshold, ci, level, title = options.threshold, options.ci, options.level, options.title
    results = []
    for name, r in res.results.items():
        problem = res.problems[name]
        op = res.operating.get(name)
        if op is None:
            op = _operating_point(problem, r, threshold, level, point_of_problem)
        ev = _evaluation(problem, r, op, res.n)
        interval = None if ci is None else span_of(_auc_interval(r, ci, level))
        criterion = "given threshold" if threshold is not None else _CRITERIA["youden"]
        results.append(ModelResult(name, ev, interval, _operating_dict(op, criterion)))
    names = list(res.results)
    comparisons = _comparisons(names, res.results, res.pairs, level) if len(names) > 1 else []
    section_title = title or "rocauc report"
    sections: list = [Section(section_title, results, comparisons, [], level)]
    if options.calibration:
        sections.append(_calibration_section(res, level, options.calibration_bins))
    return Report(sections, title=title or "rocauc report")


def _operating_point(problem: Problem, r: PartitionResult, threshold: float | None, level: float, point: Any) -> Any:
    """Youden's operating point (or the rule at ``threshold``) read from the kept rows: the rows the criterion
    compares are all kept, so it picks the in-memory row."""
    if threshold is not None:
        return point(problem, r.counts, "threshold", None, None, None, level, threshold=float(threshold))
    return point(problem, r.counts, "youden", None, None, None, level)


def _evaluation(problem: Problem, r: PartitionResult, op: Any, n: int) -> Any:
    """The binary :class:`rocauc.Evaluation` of a model: exact scores, the kept rows as its counts table, and the
    decision at the operating point."""
    classes = [_py(c) for c in problem.classes]
    matrix = np.array([[op.tn, op.fp], [op.fn, op.tp]])
    total = float(op.tp + op.fp + op.tn + op.fn)
    meta = _engine.Meta(
        "binary",
        classes,
        problem.positive_label,
        problem.score_kind,
        n,
        {None: (matrix, op.accuracy * total, total)},
    )
    return _engine.evaluation(meta, None, {(None, problem.positive_label): r}, threshold=op.threshold)


def _auc_interval(r: PartitionResult, ci: str, level: float) -> Any:
    """DeLong's interval from the ranges' placement sums, logit-transformed as ``ci`` says (``"auto"``: where the
    smaller class has fewer than ``SMALL_CLASS`` samples, as ``rocauc.roc_auc_ci``)."""
    from .stats.transformed import SMALL_CLASS, logit_interval

    iv = r.interval(level)
    if ci == "delong-logit" or (ci == "auto" and min(r.m, r.n) < SMALL_CLASS):
        return logit_interval(iv)
    return iv


def _comparisons(names: list[str], results: dict, pairs: dict, level: float) -> list[dict]:
    """Paired DeLong tests of every pair of models, as :func:`rocauc.report` lists them (Holm-adjusted)."""
    from .core.decision import json_ready
    from .present.common import method_text
    from .present.report_build import _quiet
    from .stats.compare import _normal_difference, _z_test, holm

    rows = []
    with _quiet():
        for (i, j), sq in pairs.items():
            a, b = results[names[i]], results[names[j]]
            se = math.sqrt(max(0.0, sq)) if np.isfinite(sq) else math.nan
            diff = a.auc - b.auc
            z, p = _z_test(diff, se, "two-sided", (names[i], names[j]))
            d = _normal_difference(diff, se, level)
            rows.append(
                {
                    "model_a": names[i],
                    "model_b": names[j],
                    "auc_a": a.auc,
                    "auc_b": b.auc,
                    "difference": d.estimate,
                    "low": d.low,
                    "high": d.high,
                    "level": d.level,
                    "z": z,
                    "p_value": p,
                    "method": f"paired {method_text('delong')}",
                }
            )
    adjusted = holm([r["p_value"] for r in rows])
    out = []
    for r, p_adj in zip(rows, adjusted):
        r["p_holm"] = p_adj
        out.append(json_ready({k: r[k] for k in (*list(r)[:10], "p_holm", "method")}))
    return out


ECE_NOTE = (
    "No interval for the ECE: its interval is a bootstrap over the rows, which the report of a file beyond memory "
    "(--engine outofcore, dask or spark) does not compute; --engine memory does."
)


def _calibration_section(res: ScaleResults, level: float, n_bins: int) -> Any:
    """The calibration and gains section: gains and KS from the kept rows (the gains area from the exact AUC),
    calibration from the summed bins and the recalibration fit."""
    from .stats.calibration import Calibration
    from .stats.gains import gains_from_counts, gains_table_from_counts, ks_from_counts
    from .stats.intervals import Interval

    gains, counts, calibrations, skipped = {}, {}, {}, []
    notes: list[str] = []
    for name, r in res.results.items():
        c = r.counts
        curve = gains_from_counts(c)
        prevalence = r.P / (r.P + r.N)
        area = prevalence / 2 + (1 - prevalence) * r.auc  # the trapezoids of the whole gains curve
        gains[name] = (_ExactAreaGains(*curve, curve.prevalence, area), gains_table_from_counts(c), ks_from_counts(c))
        counts[name] = c
        if name not in res.tables:
            skipped.append(name)
            continue
        table = res.tables[name]
        calibrations[name] = Calibration(
            res.problems[name].positive_label,
            table.curve(level),
            Interval(table.ece(), math.nan, math.nan, level, "none"),
            table.mce(),
            table.brier(),
            table.decomposition(),
            res.fits[name],
            table,
            "uniform",
            int(res.n),
        )
    if skipped:
        notes.append(
            f"No calibration for {', '.join(map(repr, skipped))}: scores that are not probabilities (or "
            "given as evaluations) cannot be calibrated as they are."
        )
    notes += [text for text in res.fit_notes if text not in notes]
    if calibrations:
        notes.append(ECE_NOTE)
    return _section_type()("Calibration and gains", calibrations, gains, n_bins, "uniform", level, notes, counts)


def table_fits(tables: dict, level: float, chunk_rows: int) -> dict:
    """``{name: Recalibration}`` of the models in ``tables`` (``{name: [its FitTable, one or several]}``) by
    :func:`table_fit`, in parallel threads (numpy releases the GIL in their passes)."""
    from concurrent.futures import ThreadPoolExecutor

    if not tables:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, min(len(tables), num_threads()))) as pool:
        futures = {name: pool.submit(table_fit, fits, level, chunk_rows) for name, fits in tables.items()}
        return {name: f.result() for name, f in futures.items()}


class FitTable:
    """The terms of a model's logistic recalibration fit in four float64 files at ``stem``: the logit of each
    distinct score with its positives' weight (where it has positives), and with its negatives' weight (where it
    has negatives). Tables of distinct scores are added (:meth:`add`) a range or a partition at a time; the fit
    (:func:`table_fit`) reads the terms back a chunk at a time, with no masking and no logit to take again at
    each of its passes. ``kind``: the model's kind of score ("probability" or "logit")."""

    def __init__(self, stem: str, kind: str):
        self.stem, self.kind = stem, kind

    def _path(self, part: str) -> str:
        return f"{self.stem}.{part}.bin"

    def add(self, scores: np.ndarray, positives: np.ndarray, negatives: np.ndarray) -> None:
        """Append a table of distinct scores with their positives' and negatives' weights."""
        from .stats.calibration import logit

        z = scores if self.kind == "logit" else logit(scores)
        for label, weight in (("p", positives), ("n", negatives)):
            keep = weight > 0
            for part, values in ((f"{label}z", z[keep]), (f"{label}w", weight[keep])):
                with open(self._path(part), "ab") as f:
                    np.ascontiguousarray(values, dtype=np.float64).tofile(f)

    def add_rows(
        self, positive: np.ndarray, scores: np.ndarray, weights: np.ndarray | None, chunk_rows: int = CHUNK_ROWS
    ) -> None:
        """Append some rows (each row's label, score and weight), as the table of distinct scores of each chunk
        of ``chunk_rows`` (memory: a few arrays of a chunk)."""
        for start in range(0, scores.size, chunk_rows):
            chunk = slice(start, start + chunk_rows)
            s, row = np.unique(scores[chunk], return_inverse=True)
            w = np.ones(row.size) if weights is None else weights[chunk]
            y = positive[chunk]
            p = np.bincount(row, weights=np.where(y, w, 0.0), minlength=s.size)
            n = np.bincount(row, weights=np.where(y, 0.0, w), minlength=s.size)
            self.add(s, p, n)

    def pieces(self, chunk_rows: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """The terms as ``(label, z, weight)`` pieces of at most ``chunk_rows``: the positives', then the
        negatives'."""
        for label in ("p", "n"):
            path = self._path(f"{label}z")
            size = os.path.getsize(path) // 8 if os.path.exists(path) else 0
            z, w = (Column(self._path(f"{label}{part}"), np.dtype(np.float64), size) for part in ("z", "w"))
            for start in range(0, size, chunk_rows):
                zs = z[start : start + chunk_rows]
                yield np.full(zs.size, label == "p"), zs, w[start : start + chunk_rows]


def table_fit(fits: list, level: float, chunk_rows: int) -> Any:
    """The logistic recalibration (``rocauc.stats.calibration.fit_recalibration``, its sums added chunk by chunk)
    over the terms of :class:`FitTable` s (``fits``): each distinct score once, its positives and its negatives as
    the weights of two terms (the same sums as over the rows, in far fewer terms where scores tie); memory holds
    one chunk at a time."""
    from .stats.calibration import fit_recalibration

    def pieces() -> Iterator[tuple]:
        for fit in fits:
            yield from fit.pieces(chunk_rows)

    return fit_recalibration(None, None, None, level, pieces=pieces)  # type: ignore[arg-type]  # pieces


def _section_type() -> type:
    from .present.report_calibration import CalibrationSection

    class OutOfCoreCalibration(CalibrationSection):
        """The calibration section without the ECE's bootstrap: its description says what was computed."""

        def description(self) -> str:
            text = super().description()
            head, _, tail = text.partition("; ECE with a ")
            tail = tail.partition("), ")[2]
            return f"{head}; bins with Wilson intervals, {tail}" if tail else text

    return OutOfCoreCalibration


def _exact_area_gains() -> type:
    from .stats.gains import GainsCurve

    @dataclass(frozen=True, eq=False)
    class ExactAreaGains(GainsCurve):
        """A gains curve through kept rows of the full table, with the area of the full curve."""

        full_area: float = math.nan

        @property
        def area(self) -> float:
            return self.full_area

    return ExactAreaGains


_ExactAreaGains: Any = _exact_area_gains()


# ------------------------------------------------------------------------------------------------ several classes

CLASS_NOTE = (
    "Multi-class and multi-label models beyond memory (--engine {engine}): the main table (one-vs-rest averages "
    "with their DeLong intervals, a row per class, the decision rule); the one-vs-one averages, the pairwise "
    "comparisons and the calibration section are computed by --engine memory."
)


def distinct_values(path: str, target: str, *, csv: bool, delimiter: str | None, batch_rows: int = CHUNK_ROWS) -> list:
    """The distinct values of one column of a file, read in batches (the classes of a multi-class target)."""
    import pyarrow.compute as pc

    batches, _, _ = outofcore._reader(path, [target], batch_rows, csv=csv, delimiter=delimiter)
    seen: dict = {}
    for batch in batches:
        for v in pc.unique(batch.column(target)).to_pylist():
            if v is not None:
                seen.setdefault(v, None)
    return list(seen)


def class_report(
    run: Any,
    models: dict[str, list[str]],
    *,
    labels: list,
    task: str | None,
    options: ReportOptions,
    notes: list[str],
) -> Any:
    """The report of multi-class or multi-label ``models`` (``{name: score columns, in the order of
    labels}``) from one exact engine run each (``run(columns, spec) -> (meta, results by key)``): the in-memory
    report's main table, as :func:`rocauc.dask.evaluate` computes it."""
    from .distributed.partition import ALL
    from .present.common import evaluation_spans
    from .present.report_model import ModelResult, Report, Section

    ci, threshold = options.ci, options.threshold
    results = []
    for name, columns in models.items():
        spec = _engine.Spec(
            labels=labels,
            from_logits=options.from_logits,
            task=task,
            micro=True,
            what=ALL,
            decision=True,
            threshold=threshold,
            influence=ci is not None,
        )
        meta, per_key = run(columns, spec)
        ev = _engine.evaluations(meta, per_key, False, threshold, ci, options.level)[None]
        span, per_class = evaluation_spans(ev) if ci is not None else (None, None)
        results.append(ModelResult(name, ev, span, None, None, per_class or None))
    section_title = options.title or "rocauc report"
    return Report([Section(section_title, results, [], notes, options.level)], title=section_title)


def classes_of(targets: list[str], order: Any, distinct: Any, csv: bool) -> tuple[list, dict]:
    """(the labels as the engine reads them, in the report's order; ``{name: score columns}`` in that order).
    One target: its distinct values (``distinct()``) typed as the in-memory reader types them, sorted, then
    ordered by ``order(classes)``; several targets (multi-label): the targets' names."""
    if len(targets) > 1:
        labels, models = order(None)
        return list(labels), models
    values = distinct()
    typed = typed_labels(values, csv)
    native = {_py(t): v for v, t in zip(values, typed.tolist())}
    classes = [_py(c) for c in np.unique(typed).tolist()]
    labels, models = order(classes)
    return [native[_py(c)] for c in (labels or classes)], models


def file_class_report(
    path: str,
    targets: list[str],
    order: Any,
    *,
    csv: bool,
    options: ReportOptions,
    delimiter: str | None = None,
    progress: bool | None = None,
    weight: str | None = None,
) -> Any:
    """The report of multi-class or multi-label models of a file read in batches (:func:`rocauc.outofcore`'s
    exact run, with its DeLong intervals); arguments as :func:`rocauc.cli_cluster.cluster_class_report`."""
    labels, models = classes_of(
        targets, order, lambda: distinct_values(path, targets[0], csv=csv, delimiter=delimiter), csv
    )
    y = targets if len(targets) > 1 else targets[0]

    def run(columns: list[str], spec: Any) -> tuple:
        meta, per_key, _ = outofcore._run(
            path,
            y,
            columns,
            weight,
            None,
            spec,
            exact=True,
            max_error=None,
            n_points=options.n_points,
            batch_rows=options.chunk_rows,
            progress=progress,
            csv=csv,
            delimiter=delimiter,
        )
        return meta, per_key

    return class_report(
        run,
        models,
        labels=labels,
        task="multilabel" if len(targets) > 1 else None,
        options=options,
        notes=[CLASS_NOTE.format(engine="outofcore")],
    )
