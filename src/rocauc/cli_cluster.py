"""``rocauc report --engine dask|spark``: the report of binary models computed on a cluster, through
:mod:`rocauc.dask` or :mod:`rocauc.spark`, and built by the out-of-core report's own code
(:func:`rocauc.cli_outofcore.build_report`), so that every engine gives the same report.

1. **Labels**: the target's distinct values (one small pass), typed and normalized as the in-memory report
   types them: the classes, the positive label (``--pos-label``).
2. **Exact pass** (one engine run for all models): each row's label becomes 1 for the positive class, and the
   models are the labels of one multi-label problem (one model: a binary one), so that the engine's exact run
   gives every model's AUC, average precision, PR area, DeLong variance and kept rows (the curve points and every
   row the report reads: :func:`rocauc.distributed.partition.report_rows`), the confusion matrix at
   ``--threshold``, and the covariance of the models' DeLong influence values, row by row (the paired
   comparisons).
3. **Calibration**: the calibration bins added over the partitions, and the logistic recalibration fit. On a
   cluster each of the fit's sums is computed where the rows are (a cached copy of the label and score columns in
   the workers' memory, or Spark's cache); on Dask's local schedulers (threaded: the rows would be held in this
   process) one pass writes each partition's table of distinct scores to a temporary file, and the fit streams
   those files a chunk at a time (as the out-of-core report's fit), so memory stays bounded.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from typing import Any

import numpy as np

from .cli_options import ReportOptions
from .core.counts import Counts
from .core.inputs import Problem, _py
from .distributed import engine as _engine
from .distributed.partition import ALL, REPORT, influence_covariance

__all__ = ["cluster_report", "cluster_class_report"]

_Y = "__rocauc_positive"  # the column of each row's 0/1 label (positive class or not)
_YS = "__rocauc_positives"  # Spark: that label once per model (an array column: the multi-label problem)


# ------------------------------------------------------------------------------------------------ engines


def _on_this_process() -> bool:
    """Whether Dask runs its tasks in this process (its threaded or synchronous scheduler), not on a
    ``distributed`` cluster."""
    try:
        from distributed import default_client

        default_client()
    except (ImportError, ValueError):
        return True
    return False


def _add(a: Any, b: Any) -> Any:
    """Sums of partition results: tuples add item by item."""
    if isinstance(a, tuple):
        return tuple(_add(u, v) for u, v in zip(a, b))
    return a + b


def _on_batch(fn: Any, batch: tuple, positives: list) -> Any:
    y, s, w = batch[0], batch[1], batch[2]
    w = None if w is None else np.asarray(w, dtype=np.float64)
    return fn(np.isin(y, positives), np.asarray(s, dtype=np.float64).reshape(y.shape[0], -1), w)


class _Dask:
    """The Dask side: a DataFrame of the file, on the active scheduler (threaded, or ``--scheduler``)."""

    def __init__(self, path: str, csv: bool, delimiter: str | None, scheduler: str | None):
        import dask.dataframe as dd

        self.client = None
        self.folder: str | None = None  # the temporary tables of distinct scores (local schedulers)
        if scheduler is not None:
            from distributed import Client

            try:
                self.client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as exc:
                raise ValueError(f"--scheduler {scheduler!r}: cannot reach the Dask scheduler ({exc})") from None
        self.frame = dd.read_csv(path, sep=delimiter or ",", blocksize="64MB") if csv else dd.read_parquet(path)
        self.local = _on_this_process()
        self.batches: list | None = None

    def distinct(self, target: str) -> list:
        return [v.item() if isinstance(v, np.generic) else v for v in self.frame[target].dropna().unique().compute()]

    def run(
        self, target: str, positives: list, columns: list[str], spec: _engine.Spec, n_points: int, weight: Any
    ) -> tuple:
        frame = self.frame.assign(**{_Y: self.frame[target].isin(positives).astype("int8")})
        y = _Y if len(columns) == 1 else [_Y] * len(columns)
        return self.exact(frame, y, columns[0] if len(columns) == 1 else columns, spec, n_points, weight)

    def exact(self, frame: Any, y: Any, score: Any, spec: _engine.Spec, n_points: int, weight: Any) -> tuple:
        """(meta, results by key) of the engine's exact run on label column(s) ``y`` and score column(s)."""
        from .integrations import dask as rd

        frame = self.frame if frame is None else frame
        meta, per_key, _ = rd._run(y, score, weight, None, frame, spec, exact=True, max_error=None, n_points=n_points)
        return meta, per_key

    def _columns(self, target: str, columns: list[str], weight: Any) -> list:
        """One delayed ``(label, scores, weight, None)`` per partition: on a cluster persisted in the workers'
        memory for the passes of the recalibration fit; on a local scheduler read again at each pass (holding
        them would hold every row in this process)."""
        import dask

        from .integrations import dask as rd

        if self.batches is None:
            names = [target, *columns, *([weight] if weight else [])]
            batches = rd._batches(target, columns, weight, None, self.frame[list(dict.fromkeys(names))])
            self.batches = batches if self.local else list(dask.persist(*batches))
        return self.batches

    def total(self, target: str, positives: list, columns: list[str], fn: Any, weight: Any) -> Any:
        """The sum over the partitions of ``fn(positive, scores, weights)`` (scores: one column per model)."""
        import dask
        from dask import delayed

        from .integrations import dask as rd

        parts = [delayed(_on_batch)(fn, b, positives) for b in self._columns(target, columns, weight)]
        return dask.compute(rd._tree(parts, _add))[0]

    def fit_tables(
        self, target: str, positives: list, columns: list[str], calibrated: list[int], kinds: list[str], weight: Any
    ) -> dict | None:
        """On a local scheduler: one pass adding each partition's table of distinct scores of each calibrated
        model (``calibrated``: its score column; ``kinds``: its kind of score) to temporary files;
        ``{column: [its FitTables, one a partition]}`` for :func:`rocauc.cli_outofcore.table_fits`. None on a
        cluster (the fit's sums are computed on the workers)."""
        if not self.local:
            return None
        import dask
        from dask import delayed

        from .cli_outofcore import FitTable

        self.folder = tempfile.mkdtemp(prefix="rocauc-fit-")
        batches = self._columns(target, columns, weight)
        fits = [
            {j: FitTable(os.path.join(self.folder, f"part-{i}-{j}"), kind) for j, kind in zip(calibrated, kinds)}
            for i in range(len(batches))
        ]
        dask.compute(*[delayed(_on_batch)(_AddTables(part), b, positives) for part, b in zip(fits, batches)])
        return {j: [part[j] for part in fits] for j in calibrated}

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        if self.client is not None:
            self.client.close()


class _Spark:
    """The Spark side: a DataFrame of the file in the active (or a new) session."""

    def __init__(self, path: str, csv: bool, delimiter: str | None):
        from pyspark.sql import SparkSession

        session = SparkSession.getActiveSession()
        if session is None:
            session = SparkSession.builder.appName("rocauc report").getOrCreate()
            session.sparkContext.setLogLevel("ERROR")
        if csv:
            self.frame = session.read.csv(path, header=True, inferSchema=True, sep=delimiter or ",")
        else:
            self.frame = session.read.parquet(path)
        self.cached: Any = None

    def distinct(self, target: str) -> list:
        return [row[0] for row in self.frame.select(target).distinct().collect() if row[0] is not None]

    def run(
        self, target: str, positives: list, columns: list[str], spec: _engine.Spec, n_points: int, weight: Any
    ) -> tuple:
        from pyspark.sql import functions as F

        df = self.frame.withColumn(_Y, F.col(target).isin(positives).cast("int"))
        y = _Y if len(columns) == 1 else [_Y] * len(columns)
        return self.exact(df, y, columns[0] if len(columns) == 1 else columns, spec, n_points, weight)

    def exact(self, frame: Any, y: Any, score: Any, spec: _engine.Spec, n_points: int, weight: Any) -> tuple:
        """(meta, results by key) of the engine's exact run on label column(s) ``y`` (several: as one array
        column) and score column(s)."""
        from pyspark.sql import functions as F

        from .integrations import spark as rs

        df = self.frame if frame is None else frame
        if not isinstance(y, str):
            df, y = df.withColumn(_YS, F.array(*[F.col(c) for c in y])), _YS
        meta, per_key, _ = rs._run(df, y, score, weight, None, spec, exact=True, max_error=None, n_points=n_points)
        return meta, per_key

    def total(self, target: str, positives: list, columns: list[str], fn: Any, weight: Any) -> Any:
        import pickle

        import pyarrow as pa

        from .integrations import spark as rs

        if self.cached is None:
            selected, layout = rs._select(self.frame, target, columns, weight, None)
            self.cached, self.layout = selected.cache(), layout
        layout = self.layout

        def partition(batches: Any) -> Any:
            acc = None
            for arrays in rs._chunks(batches, layout):
                value = _on_batch(fn, arrays, positives)
                acc = value if acc is None else _add(acc, value)
            if acc is not None:
                yield pa.RecordBatch.from_pydict({"payload": [pickle.dumps(acc, protocol=5)]})

        rows = self.cached.mapInArrow(partition, "payload binary").collect()
        out = pickle.loads(rows[0][0])
        for row in rows[1:]:
            out = _add(out, pickle.loads(row[0]))
        return out

    def fit_tables(self, *_: Any) -> None:
        """None: the fit's sums are computed in the executors (on the cached columns, which Spark spills to
        disk)."""
        return None

    def close(self) -> None:
        if self.cached is not None:
            self.cached.unpersist()


# ------------------------------------------------------------------------------------------------ the report


def _side(engine: str, path: str, csv: bool, delimiter: str | None, scheduler: str | None) -> Any:
    return _Dask(path, csv, delimiter, scheduler) if engine == "dask" else _Spark(path, csv, delimiter)


def cluster_class_report(
    engine: str,
    path: str,
    targets: list[str],
    order: Any,
    *,
    csv: bool,
    options: ReportOptions,
    delimiter: str | None = None,
    scheduler: str | None = None,
    weight: str | None = None,
) -> Any:
    """The report of multi-class (one target column) or multi-label (several) models computed by ``engine`` as
    ``options`` say: ``order(classes)`` gives the report's labels and ``{name: score columns}`` in their order
    (``classes``: the target's sorted values, typed as in memory; None for several targets)."""
    from .cli_outofcore import CLASS_NOTE, class_report, classes_of

    side = _side(engine, path, csv, delimiter, scheduler)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="PySpark does not yet fully support")
            labels, models = classes_of(targets, order, lambda: side.distinct(targets[0]), csv)
            y = targets if len(targets) > 1 else targets[0]
            return class_report(
                lambda columns, spec: side.exact(None, y, columns, spec, options.n_points, weight),
                models,
                labels=labels,
                task="multilabel" if len(targets) > 1 else None,
                options=options,
                notes=[CLASS_NOTE.format(engine=engine)],
            )
    finally:
        side.close()


def cluster_report(
    engine: str,
    path: str,
    target: str,
    models: dict[str, str],
    *,
    csv: bool,
    options: ReportOptions,
    delimiter: str | None = None,
    scheduler: str | None = None,
    weight: str | None = None,
) -> Any:
    """The :class:`rocauc.Report` of binary ``models`` (``{name: score column}``) computed by ``engine``
    (``"dask"`` or ``"spark"``) as ``options`` say: the numbers of the in-memory report (the ECE's bootstrap
    interval aside); errors are ValueErrors in the command line's words."""
    side = _side(engine, path, csv, delimiter, scheduler)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="PySpark does not yet fully support")
            return _report(side, path, target, models, csv=csv, options=options, weight=weight)
    finally:
        side.close()


def _report(
    side: Any,
    path: str,
    target: str,
    models: dict[str, str],
    *,
    csv: bool,
    options: ReportOptions,
    weight: str | None,
) -> Any:
    from .cli_outofcore import (
        ScaleResults,
        binary_problems,
        build_report,
        check_both_classes,
        check_threshold,
        typed_labels,
    )

    where = f"{path}, column {target!r}"
    threshold, level = options.threshold, options.level
    values = side.distinct(target)
    typed = typed_labels(values, csv)
    first = binary_problems(typed, {None: (0.0, 1.0)}, options, where)[None]  # the task and the positive label
    positives = [v for v, t in zip(values, typed.tolist()) if _py(t) == first.positive_label]
    names, columns = list(models), list(models.values())
    several = len(names) > 1
    spec = _engine.Spec(
        labels=names if several else [0, 1],
        pos_label=None if several else 1,
        from_logits=options.from_logits,
        task="multilabel" if several else "binary",
        what=(*ALL, REPORT),
        decision=threshold is not None,
        threshold=threshold,
        influence=several,
    )
    try:
        meta, per_key = side.run(target, positives, columns, spec, options.n_points, weight)
    except (ValueError, TypeError) as exc:
        from .cli import _cli_words

        raise ValueError(f"{where}: {_cli_words(str(exc))}") from None
    keys = names if several else [1]
    results = {name: per_key[(None, key)] for name, key in zip(names, keys)}
    first_result = next(iter(results.values()))
    check_both_classes(where, first.positive_label, first_result.m, first_result.m + first_result.n)
    extremes = {name: _extremes(r.counts) for name, r in results.items()}
    check_threshold(path, threshold, extremes)
    problems = binary_problems(typed, extremes, options, where)
    pairs: dict = {}
    if several:
        cov = influence_covariance(meta.influence[None], list(results.values()), [r.shift for r in results.values()])
        pairs = {
            (i, j): float(cov[i, i] + cov[j, j] - 2 * cov[i, j])
            for i in range(len(names))
            for j in range(i + 1, len(names))
        }
    operating = {}
    if weight is not None:  # the Wilson intervals' effective sizes need each cell's squared weights: one pass
        rules = {name: _rule(r.counts, threshold) for name, r in results.items()}
        cells = side.total(target, positives, columns, _Cells([rules[name] for name in names]), weight)
        criterion = "threshold" if threshold is not None else "youden"
        operating = {
            name: _weighted_operating(problems[name], rules[name], criterion, cells[j], level)
            for j, name in enumerate(names)
        }
    elif threshold is not None:
        matrix = np.asarray(meta.decision[None][0], dtype=np.float64).reshape(-1, 2, 2)
        operating = {name: _operating(problems[name], matrix[j], threshold, level) for j, name in enumerate(names)}
    tables: dict = {}
    fits: dict = {}
    fit_notes: list = []
    if options.calibration:
        calibrated = [j for j, name in enumerate(names) if problems[name].score_kind != "score"]
        if calibrated:
            tables, fits, fit_notes = _calibration(
                side, target, positives, names, columns, problems, calibrated, level, options.calibration_bins, weight
            )
    n = int(first_result.m + first_result.n)
    computed = ScaleResults(n, problems, results, pairs, tables, fits, fit_notes, operating)
    return build_report(computed, options)


def _extremes(c: Counts) -> tuple[float, float]:
    """The lowest and highest score of a model: the last and first rows of its kept table (every range keeps
    its first and last rows)."""
    t = c.thresholds[np.isfinite(c.thresholds)]
    return float(t.min()), float(t.max())


def _calibration(
    side: Any,
    target: str,
    positives: list,
    names: list[str],
    columns: list[str],
    problems: dict,
    calibrated: list[int],
    level: float,
    n_bins: int,
    weight: str | None,
) -> tuple[dict, dict, list]:
    """The calibration bins of the calibrated models (one pass), and their recalibration fits (the sums of each
    Newton step computed on the cluster)."""
    from .cli_outofcore import CHUNK_ROWS, recalibration_fits, table_fits
    from .stats.calibration import calibration_edges, fit_recalibration

    edges = calibration_edges(n_bins, "uniform")
    kinds = [problems[names[j]].score_kind for j in calibrated]
    sums = side.total(target, positives, columns, _BinTables(calibrated, kinds, edges), weight)
    tables = {names[j]: t for j, t in zip(calibrated, sums)}
    files = side.fit_tables(target, positives, columns, calibrated, kinds, weight)

    def fits() -> dict:
        if files is not None:  # the tables of distinct scores, streamed from this machine's disk
            return table_fits({names[j]: files[j] for j in calibrated}, level, CHUNK_ROWS)
        out = {}
        for j, kind in zip(calibrated, kinds):

            def total(fn: Any, j: int = j, kind: str = kind) -> Any:
                return side.total(target, positives, columns, _FitSums(fn, j, kind), weight)

            out[names[j]] = fit_recalibration(None, None, None, level, sums=total)  # type: ignore[arg-type]
        return out

    got, notes = recalibration_fits(fits)
    return tables, got, notes


class _AddTables:
    """On a partition: the table of distinct scores of each calibrated model's column, added to its
    :class:`rocauc.cli_outofcore.FitTable` (``fits``: ``{column: FitTable}``)."""

    def __init__(self, fits: dict):
        self.fits = fits

    def __call__(self, y: np.ndarray, s: np.ndarray, w: np.ndarray | None) -> None:
        for j, fit in self.fits.items():
            fit.add_rows(y, s[:, j], w)


class _BinTables:
    """On a partition: the calibration table of each calibrated model (a tuple, in their order)."""

    def __init__(self, columns: list[int], kinds: list[str], edges: np.ndarray):
        self.columns, self.kinds, self.edges = columns, kinds, edges

    def __call__(self, y: np.ndarray, s: np.ndarray, w: np.ndarray | None) -> tuple:
        from .cli_outofcore import probability_of
        from .stats.calibration import CalibrationTable

        return tuple(
            CalibrationTable.from_arrays(y, probability_of(kind)(s[:, j]), w, edges=self.edges)
            for j, kind in zip(self.columns, self.kinds)
        )


class _FitSums:
    """On a partition: one sum of the recalibration fit (``fn(y, z, w)``, z the logits of model ``column``)."""

    def __init__(self, fn: Any, column: int, kind: str):
        self.fn, self.column, self.kind = fn, column, kind

    def __call__(self, y: np.ndarray, s: np.ndarray, w: np.ndarray | None) -> Any:
        from .stats.calibration import logit

        z = s[:, self.column]
        return self.fn(y, z if self.kind == "logit" else logit(z), w)


class _Cells:
    """On a partition: the weight and the squared weight of each cell (tp, fp, fn, tn) of each model's rule
    ``score >= threshold`` (an array (models, 2, 4))."""

    def __init__(self, thresholds: list[float]):
        self.thresholds = thresholds

    def __call__(self, y: np.ndarray, s: np.ndarray, w: np.ndarray | None) -> np.ndarray:
        w = np.ones(y.size) if w is None else w
        out = np.zeros((len(self.thresholds), 2, 4))
        for j, t in enumerate(self.thresholds):
            predicted = s[:, j] >= t
            for k, cell in enumerate((predicted & y, predicted & ~y, ~predicted & y, ~predicted & ~y)):
                out[j, 0, k] = w[cell].sum()
                out[j, 1, k] = np.dot(w[cell], w[cell])
        return out


def _rule(c: Counts, threshold: float | None) -> float:
    """The threshold of the operating point: the given one, else Youden's (chosen from the kept rows, which hold
    every row of the largest J)."""
    if threshold is not None:
        return float(threshold)
    from .stats.operating import _choose, _points

    return float(_points(c)[0][_choose(c, "youden", None, 1.0)])


def _weighted_operating(problem: Problem, threshold: float, criterion: str, sums: np.ndarray, level: float) -> Any:
    """The weighted operating point with Kish's effective sizes in its Wilson intervals (as in memory), from the
    cells' weights and squared weights summed on the cluster."""
    from .stats.operating import _point, effective_sizes

    names = ("tp", "fp", "fn", "tn")
    cells = {k: float(v) for k, v in zip(names, sums[0])}
    squares = {k: float(v) for k, v in zip(names, sums[1])}
    return _point(problem, threshold, criterion, None, level, None, cells=(cells, effective_sizes(cells, squares)))


def _operating(problem: Problem, matrix: np.ndarray, threshold: float, level: float) -> Any:
    """The rule at ``threshold`` with its Wilson intervals (as the in-memory report's), from the exact confusion
    matrix ``[[tn, fp], [fn, tp]]`` the engine summed."""
    from .stats.operating import _point

    (tn, fp), (fn, tp) = matrix
    # a two-row table: the rule at t, then everything (what the rule reads: its cells and the totals)
    table = Counts(np.array([threshold, -np.inf]), np.array([tp, tp + fn]), np.array([fp, fp + tn]))
    return _point(problem, float(threshold), "threshold", None, level, table)
