"""``rocauc report --engine dask|spark``: the report's main table computed on a cluster, through
:mod:`rocauc.dask` or :mod:`rocauc.spark` (one exact run per model: the sketch, then the rows of each score range
counted where they meet).

Each model gets its exact ROC AUC, DeLong interval (``--ci``), average precision, PR AUC and curves (about
``n_points`` exact points), and the decision rule at ``--threshold`` (default: 0.5 for probabilities, 0 for
logits) with its Wilson intervals. Not computed on a cluster (the report says so): Youden's operating point, the
paired comparisons (they pair the models row by row) and the calibration section; ``--engine outofcore``
computes them on one machine.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .core.counts import Counts
from .core.inputs import Problem
from .distributed import engine as _engine
from .distributed.partition import ALL

__all__ = ["cluster_report"]

NOT_ON_A_CLUSTER = (
    "Computed on a cluster (--engine {engine}): the operating point is the decision rule at the threshold shown; "
    "Youden's operating point, the pairwise comparisons and the calibration section are computed by --engine "
    "outofcore or memory."
)


def _dask_frame(path: str, csv: bool, delimiter: str | None, scheduler: str | None) -> tuple[Any, Any]:
    import dask.dataframe as dd

    client = None
    if scheduler is not None:
        from distributed import Client

        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ValueError(f"--scheduler {scheduler!r}: cannot reach the Dask scheduler ({exc})") from None
    frame = dd.read_csv(path, sep=delimiter or ",", blocksize="64MB") if csv else dd.read_parquet(path)
    return frame, client


def _spark_frame(path: str, csv: bool, delimiter: str | None) -> Any:
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is None:
        session = SparkSession.builder.appName("rocauc report").getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
    if csv:
        return session.read.csv(path, header=True, inferSchema=True, sep=delimiter or ",")
    return session.read.parquet(path)


def _distinct(engine: str, frame: Any, target: str) -> list:
    if engine == "dask":
        return [v.item() if isinstance(v, np.generic) else v for v in frame[target].dropna().unique().compute()]
    return [row[0] for row in frame.select(target).distinct().collect() if row[0] is not None]


def _run(engine: str, frame: Any, target: str, column: str, spec: _engine.Spec, n_points: int) -> tuple:
    if engine == "dask":
        from .integrations import dask as rd

        return rd._run(target, column, None, None, frame, spec, exact=True, max_error=None, n_points=n_points)
    from .integrations import spark as rs

    return rs._run(frame, target, column, None, None, spec, exact=True, max_error=None, n_points=n_points)


def cluster_report(
    engine: str,
    path: str,
    target: str,
    models: dict[str, str],
    *,
    csv: bool,
    delimiter: str | None = None,
    scheduler: str | None = None,
    pos_label_text: str | None = None,
    from_logits: bool = False,
    threshold: float | None = None,
    ci: str | None = "auto",
    level: float = 0.95,
    title: str | None = None,
    calibration: bool = True,
    n_points: int = 2000,
) -> Any:
    """The :class:`rocauc.Report` of binary ``models`` (``{name: score column}``) computed by ``engine``
    (``"dask"`` or ``"spark"``); errors are ValueErrors in the command line's words."""
    from .cli import _list, _match_label
    from .cli_outofcore import _auc_interval
    from .present.common import span_of
    from .present.report_build import _operating_dict
    from .present.report_model import ModelResult, Report, Section

    client = None
    if engine == "dask":
        frame, client = _dask_frame(path, csv, delimiter, scheduler)
    else:
        frame = _spark_frame(path, csv, delimiter)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="PySpark does not yet fully support")
            pos_label = None
            if pos_label_text is not None:
                present = _distinct(engine, frame, target)
                pos_label = _match_label(pos_label_text, present)
                if pos_label not in present:
                    raise ValueError(
                        f"{path}, column {target!r}: --pos-label {pos_label_text!r} is not one of its values "
                        f"{_list(sorted(str(v) for v in present))}"
                    )
            results = []
            for name, column in models.items():
                spec = _engine.Spec(
                    pos_label=pos_label,
                    from_logits=from_logits,
                    task="binary",
                    what=ALL,
                    decision=True,
                    threshold=threshold,
                )
                try:
                    meta, per_key, _ = _run(engine, frame, target, column, spec, n_points)
                except (ValueError, TypeError) as exc:
                    from .cli import _cli_words

                    raise ValueError(f"{path}, column {target!r}: {_cli_words(str(exc))}") from None
                r = per_key[(None, meta.positive_label)]
                if not (r.P > 0 and r.N > 0):
                    raise ValueError(f"{path}, column {target!r}: only one class; the report needs both classes")
                ev = _engine.evaluation(meta, None, per_key, threshold=threshold)
                interval = None if ci is None else span_of(_auc_interval(r, ci, level))
                op = _operating(meta, threshold, level)
                criterion = "given threshold" if threshold is not None else "decision threshold"
                results.append(ModelResult(name, ev, interval, None if op is None else _operating_dict(op, criterion)))
            notes = [NOT_ON_A_CLUSTER.format(engine=engine)] if len(results) > 1 or calibration else []
            section = Section(title or "rocauc report", results, [], notes, level)
            return Report([section], title=title or "rocauc report")
    finally:
        if client is not None:
            client.close()


def _operating(meta: _engine.Meta, threshold: float | None, level: float) -> Any:
    """The decision rule's operating point with its Wilson intervals (as the in-memory report's, from the
    exact confusion matrix the engine summed)."""
    from .stats.operating import _point

    if threshold is None and meta.score_kind == "score":
        return None  # no decision threshold for scores that are not probabilities or logits
    t = threshold if threshold is not None else (0.0 if meta.score_kind == "logit" else 0.5)
    (tn, fp), (fn, tp) = np.asarray(meta.decision[None][0], dtype=np.float64)
    # a two-row table: the rule at t, then everything (what the rule reads: its cells and the totals)
    table = Counts(np.array([t, -np.inf]), np.array([tp, tp + fn]), np.array([fp, fp + tn]))
    assert meta.classes is not None  # set by the first batch
    problem = Problem(
        "binary", np.array(meta.classes, dtype=object), np.zeros(0, bool), np.zeros(0), None, str(meta.score_kind)
    )
    return _point(problem, float(t), "threshold", None, level, table)
