"""``rocauc.dask``: exact and certified ROC/PR results of Dask arrays, Dask DataFrames and Parquet datasets.

Nothing but small results reaches the client: one mergeable sketch per problem (weight per score bucket), then,
for exact answers, one summary per score range. No global sort: the rows of a score range are counted exactly
where they meet (see ``rocauc.distributed.partition``). Works with any Dask scheduler: the threaded default, or a
``distributed.Client`` (``Client("tcp://scheduler:8786")``) when one is active.

>>> import numpy as np, dask.array as da
>>> from rocauc import dask as rd
>>> y = da.from_array(np.array([0, 1, 0, 1, 1, 0]), chunks=2)
>>> s = da.from_array(np.array([0.1, 0.8, 0.3, 0.6, 0.2, 0.4]), chunks=2)
>>> rd.roc_auc(y, s)
0.7777777777777778
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

import numpy as np

from ..core.curves import PrecisionRecallCurve, RocCurve
from ..distributed import api as _api
from ..distributed import engine as _engine
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

_INSTALL = "pip install 'rocauc[dask]'"


def _dask():
    try:
        import dask
        import dask.array  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised where dask is missing
        raise ImportError(f"rocauc.dask needs dask: {_INSTALL} (adds dask[array,dataframe] and distributed).") from exc
    return dask


# --------------------------------------------------------------------------------------------- inputs


def _is_name(x: Any) -> bool:
    return isinstance(x, str) or (isinstance(x, (list, tuple)) and bool(x) and all(isinstance(v, str) for v in x))


def _frame_batch(frame: Any, names: tuple) -> tuple:
    y, s, w, g = names
    score = frame[list(s)].to_numpy() if isinstance(s, (list, tuple)) else frame[s].to_numpy()
    labels = frame[list(y)].to_numpy() if isinstance(y, (list, tuple)) else frame[y].to_numpy()
    return (labels, score, None if w is None else frame[w].to_numpy(), None if g is None else frame[g].to_numpy())


def _array_batch(y: Any, s: Any, w: Any, g: Any) -> tuple:
    return tuple(None if v is None else np.asarray(v.to_numpy() if hasattr(v, "to_numpy") else v) for v in (y, s, w, g))


def _batches(y_true: Any, y_score: Any, sample_weight: Any, by: Any, data: Any) -> list:
    """One delayed ``(y, score, weight, group)`` tuple of numpy arrays per partition."""
    from dask import delayed

    make, args = _batch_args(y_true, y_score, sample_weight, by, data)
    return [delayed(make)(*a) for a in args]


def _batch_args(y_true: Any, y_score: Any, sample_weight: Any, by: Any, data: Any) -> tuple[Any, list]:
    """(make, the arguments of each partition): ``make(*args)`` is a partition's ``(y, score, weight, group)`` tuple
    of numpy arrays, its arguments the partition's delayed blocks (and the column names of a frame)."""
    _dask()

    if data is not None or _is_name(y_true):
        if data is None:
            raise TypeError(
                "y_true and y_score are column names: pass the table as data= (a dask DataFrame or a Parquet path)."
            )
        for name, v in (("y_true", y_true), ("y_score", y_score)):
            if not _is_name(v):
                raise TypeError(
                    f"with data=, {name} must be a column name (or a list of names), got {type(v).__name__}."
                )
        for name, v in (("sample_weight", sample_weight), ("by", by)):
            if v is not None and not isinstance(v, str):
                raise TypeError(f"with data=, {name} must be a column name, got {type(v).__name__}.")
        import dask.dataframe as dd

        columns = []
        for v in (y_true, y_score, sample_weight, by):
            if v is not None:
                columns.extend([v] if isinstance(v, str) else list(v))
        if isinstance(data, (str, os.PathLike)):
            frame = dd.read_parquet(data, columns=list(dict.fromkeys(columns)))
        elif hasattr(data, "to_delayed") and hasattr(data, "columns"):
            missing = [c for c in columns if c not in data.columns]
            if missing:
                raise ValueError(f"data has no column {missing[0]!r}; its columns are {list(data.columns)}.")
            frame = data[list(dict.fromkeys(columns))]
        else:
            raise TypeError(f"data must be a dask DataFrame or a Parquet path, got {type(data).__name__}.")
        names = (
            tuple(y_true) if isinstance(y_true, list) else y_true,
            tuple(y_score) if isinstance(y_score, list) else y_score,
            sample_weight,
            by,
        )
        return _frame_batch, [[part, names] for part in frame.to_delayed()]
    import dask.array as da

    inputs = {"y_true": y_true, "y_score": y_score, "sample_weight": sample_weight, "by": by}
    if all(
        hasattr(v, "to_delayed") and hasattr(v, "npartitions") and not hasattr(v, "chunks")
        for v in inputs.values()
        if v is not None
    ):  # dask DataFrame columns (Series)
        counts = {k: v.npartitions for k, v in inputs.items() if v is not None}
        if len(set(counts.values())) != 1:
            raise ValueError(
                f"the dask Series have different numbers of partitions ({counts}); take them from one "
                "DataFrame, or pass data=frame with column names."
            )
        parts = {k: (v.to_delayed() if v is not None else None) for k, v in inputs.items()}
        n = len(parts["y_true"])  # type: ignore[arg-type]  # y_true is never None
        return _array_batch, [[None if parts[k] is None else parts[k][i] for k in inputs] for i in range(n)]  # type: ignore[index]
    arrays = {}
    for k, v in inputs.items():
        if v is None:
            continue
        if not isinstance(v, da.Array):
            v = da.asarray(np.asarray(v))
        arrays[k] = v
    y = arrays["y_true"]
    if y.ndim not in (1, 2):
        raise ValueError(f"y_true must have shape (n_samples,) or (n_samples, n_labels), got {y.shape}.")
    rows = y.chunks[0]
    out = {}
    for k, v in arrays.items():
        if v.shape[0] != y.shape[0]:
            raise ValueError(f"{k} has {v.shape[0]} rows but y_true has {y.shape[0]}; pass one row per sample.")
        v = v.rechunk({0: rows, **({1: -1} if v.ndim == 2 else {})})
        blocks = v.to_delayed(optimize_graph=False)
        out[k] = list(blocks[:, 0]) if v.ndim == 2 else list(blocks)
    return _array_batch, [[out[k][i] if k in out else None for k in inputs] for i in range(len(rows))]


# --------------------------------------------------------------------------------------------- passes


@_engine.one_thread
def _split_batch(batch: tuple, spec: _engine.Spec, plans: dict, wave: dict | None = None):
    y, s, w, g = batch
    return _engine.batch_split(spec, plans, y, s, w, g, wave=wave)


def _piece(split: dict, key: Any, r: int):
    pieces = split.get(key)
    return None if pieces is None else pieces[r]


@_engine.one_thread
def _split_group(
    make, args: list, spec: _engine.Spec, plans: dict, wave: dict | None = None, evidence: bool = False
) -> tuple:
    """(meta, split) of several partitions held in one place (:func:`rocauc.distributed.engine.group_split`):
    key -> for each range, the list of the partitions' pieces (none travel alone: one message a range and a
    group)."""
    return _engine.group_split(spec, plans, (make(*a) for a in args), wave, evidence)


@_engine.one_thread
def _range_of_group(split: tuple, key: Any, r: int, presort: bool) -> list:
    """A group's pieces of range ``r``, made ready to travel: with ``presort`` the keys of an unweighted AUC
    joined and sorted (:func:`rocauc.distributed.engine.place_range`)."""
    pieces = split[1].get(key)
    if pieces is None:
        return []
    return _engine.place_range(pieces[r]) if presort else pieces[r]


@_engine.one_thread
def _group_summary(plans: dict, key: Any, index: int, lists: list, what: tuple, presort: bool) -> Any:
    """:func:`rocauc.distributed.engine.range_summary` of a range whose pieces come in lists (one per group,
    :func:`_range_of_group`)."""
    pieces = [p for got in lists if got for p in got]
    return _engine.range_summary(plans[key], index, pieces, what, sorted_keys=presort)


def _range_owners(plans: dict, wave: dict, n_groups: int) -> dict:
    """(key, range) -> the group that counts it: each group a contiguous run of a key's ranges holding about an
    equal share of the rows the sketch expects (a range's rows from the sketch's weight above each cut)."""
    owner = {}
    for key, (lo, hi) in wave.items():
        plan = plans[key]
        above = plan.P_above + plan.N_above  # weight above each range
        rows = np.maximum(np.r_[plan.P + plan.N, above[:-1]] - above, 0.0)[lo:hi]
        total = float(rows.sum())
        done = np.cumsum(rows) - rows / 2  # the middle of each range, in rows
        for j, r in enumerate(range(lo, hi)):
            share = done[j] / total if total > 0 else j / max(1, hi - lo)
            owner[key, r] = min(n_groups - 1, int(share * n_groups))
    return owner


def _cluster_memory() -> float | None:
    """The memory limit of all workers of the active distributed client (bytes), or None (no client, no limit):
    the second pass then runs in waves that fit (:func:`rocauc._engine.waves`)."""
    try:
        from distributed import get_client

        workers = get_client().scheduler_info(n_workers=-1)["workers"].values()
    except (ImportError, ValueError, TypeError):
        return None
    limits = [w.get("memory_limit") or 0 for w in workers]
    return float(sum(limits)) if limits and all(limits) else None


def _tree(items: list, combine):
    from dask import delayed

    while len(items) > 1:
        items = [
            delayed(combine)(items[i], items[i + 1]) if i + 1 < len(items) else items[i]
            for i in range(0, len(items), 2)
        ]
    return items[0]


def _parallelism() -> int:
    try:
        from distributed import get_client

        return max(1, sum(get_client().nthreads().values()))
    except (ImportError, ValueError):
        return os.cpu_count() or 1


_VISITS = 10_000  # graph keys walked from one partition to the persisted blocks it reads, at most
_CLIENT_ADDS = 16  # up to this many sketches (one per worker thread) are added on the client, else in a tree


def _homes(args: list) -> list | None:
    """The worker of the active ``distributed`` client that holds the persisted blocks each partition reads (the
    one holding most of them), None for a partition that reads none; None where there is no client or nothing
    persisted (the threaded scheduler, a Parquet path)."""
    return _located(args)[0]


def _located(args: list) -> tuple[list | None, dict]:
    """(:func:`_homes`, the persisted blocks' futures by key)."""
    try:
        from distributed import futures_of, get_client

        client = get_client()
    except (ImportError, ValueError):
        return None, {}
    from dask.base import get_scheduler

    if get_scheduler() != client.get:  # another scheduler is asked for (dask.config scheduler="threads")
        return None, {}
    delayeds = [d for a in args for d in a if hasattr(d, "__dask_graph__")]
    futures = futures_of(delayeds)
    if not futures:
        return None, {}
    who = client.who_has(futures)
    graph: dict = {}
    for g in {id(d.__dask_graph__()): d.__dask_graph__() for d in delayeds}.values():
        graph.update(g)
    from dask.core import get_dependencies

    homes = []
    for a in args:
        stack = [d.key for d in a if hasattr(d, "__dask_graph__")]
        seen: set = set()
        votes: dict = {}
        while stack and len(seen) < _VISITS:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            if who.get(key):
                votes[who[key][0]] = votes.get(who[key][0], 0) + 1
            elif key in graph:
                stack.extend(get_dependencies(graph, key))
        homes.append(max(votes, key=votes.__getitem__) if votes and not stack else None)
    return homes, {f.key: f for f in futures}


def _groups(homes: list | None, n: int) -> list[tuple[Any, list[int]]]:
    """The partitions sketched (and split) by one task each, with the worker that holds them: those of one worker
    dealt into one contiguous group per thread of that worker (:func:`_homes`), every other partition alone (its
    worker None)."""
    if homes is None:
        return [(None, [i]) for i in range(n)]
    from distributed import get_client

    threads = get_client().nthreads()
    by_worker: dict = {}
    alone = []
    for i, home in enumerate(homes):
        if home is None:
            alone.append((None, [i]))
        else:
            by_worker.setdefault(home, []).append(i)
    groups: list = []
    for home, parts in by_worker.items():
        k = max(1, min(threads.get(home, 1), len(parts)))
        groups.extend((home, parts[len(parts) * j // k : len(parts) * (j + 1) // k]) for j in range(k))
    return groups + alone


def _direct(client: Any) -> bool | None:
    """Whether results come straight from the workers (``client.gather(direct=...)``): the client's own setting,
    else True where every worker listens on this machine's loopback (a LocalCluster: the client surely reaches
    them, and a sketch of a few MB need not pass through the scheduler), else Dask's default."""
    if client.direct_to_workers is not None:
        return client.direct_to_workers
    from urllib.parse import urlparse

    hosts = {urlparse(address).hostname for address in client.scheduler_info().get("workers", {})}
    return True if hosts and hosts <= {"127.0.0.1", "localhost", "::1"} else None


def _on(home: Any):
    """Tasks made in this context run on worker ``home`` where it is up (the scheduler would otherwise place the
    few tasks that pick one range out of a group's split on any free worker, moving the whole split there)."""
    import contextlib

    import dask

    return contextlib.nullcontext() if home is None else dask.annotate(workers=[home], allow_other_workers=True)


@_engine.one_thread
def _sketch_group(make, args: list, spec: _engine.Spec, bits: int, stride: int, sample: bool = False):
    return _engine.batches_sketches(spec, bits, (make(*a) for a in args), stride, sample)


def _sketches(
    make, args: list, spec: _engine.Spec, bits: int, stride: int = 1, sample: bool = False, located: Any = None
):
    """The sketch pass: one task per group of partitions (:func:`_groups`: those one worker holds are sketched
    together, so one sketch per worker thread travels), the sketches added on the client where they are few,
    else in a tree. ``located``: :func:`_located` of ``args`` where the caller asked already."""
    dask = _dask()
    from dask import delayed

    if not args:
        raise ValueError("the input has no partitions (no rows).")
    homes, futures = _located(args) if located is None else located
    groups = _groups(homes, len(args))
    direct = homes is not None and len(groups) <= _CLIENT_ADDS
    if direct:  # each block is a persisted future itself: submitted as it is, no graph to build
        held = [[futures.get(getattr(d, "key", None), d) for d in a] for a in args]
        direct = not any(hasattr(d, "__dask_graph__") for a in held for d in a)
    if direct:
        from distributed import get_client

        client = get_client()
        submitted = [
            client.submit(
                _sketch_group,
                make,
                [held[i] for i in g],
                spec,
                bits,
                stride,
                sample,
                workers=None if home is None else [home],
                allow_other_workers=True,
                pure=False,
            )
            for home, g in groups
        ]
        parts = client.gather(submitted, direct=_direct(client))
        total = parts[0]
        for part in parts[1:]:
            total = _engine.add_sketches(total, part)
        meta, sketches = total
        if meta.task is None and not meta.unread:
            raise ValueError("the input has no rows (or every sample_weight is zero); pass at least one scored row.")
        return meta, sketches
    tasks = []
    for home, g in groups:
        with _on(home):
            tasks.append(delayed(_sketch_group)(make, [args[i] for i in g], spec, bits, stride, sample))
    if homes is not None and len(tasks) <= _CLIENT_ADDS:
        parts = dask.compute(tasks)[0]
        total = parts[0]
        for part in parts[1:]:
            total = _engine.add_sketches(total, part)
        meta, sketches = total
    else:
        meta, sketches = dask.compute(_tree(tasks, _engine.add_sketches))[0]
    if meta.task is None and not meta.unread:
        raise ValueError("the input has no rows (or every sample_weight is zero); pass at least one scored row.")
    return meta, sketches


def _at(pair: tuple, i: int, b: int | None = None):
    return pair[i] if b is None else pair[i][b]


def _exact(
    make: Any,
    args: list,
    groups: list,
    spec: _engine.Spec,
    meta: _engine.Meta,
    sketches: dict,
    weighted: bool,
    n_points: int,
    n_ranges: int | None,
    stride: int = 1,
) -> tuple[dict, _engine.Meta | None]:
    """(the exact results by key, the split pass's meta where a sample planned the ranges (``meta.sampled``), else
    None); with ``spec.influence`` (a multi-class interval) also ``meta.influence``."""
    dask = _dask()
    from dask import delayed

    packed = tuple(spec.what) == ("auc",) and not weighted  # float32 rows travel as 4-byte keys
    plans = _engine.make_plans(
        sketches,
        weighted=weighted,
        n_points=n_points,
        n_ranges=n_ranges,
        parallelism=_parallelism(),
        stride=stride,
        keyed=packed,
    )
    influence = spec.influence and meta.task != "binary"
    spec = replace(spec, influence=influence)
    read = meta.sampled and not influence  # a sample planned the ranges: the split reads every row's evidence
    shared = delayed(plans, traverse=False)
    labels = {key[1] for key in plans}
    # the placements of a batch's rows come back from every range: one wave holds them all
    memory = None if influence else _cluster_memory()
    rows = meta.n_samples * (stride if meta.sampled else 1)  # a sample's meta counts the sampled rows
    waves = _engine.waves(plans, rows * max(1, len(labels)), packed, memory)
    summaries: dict = {key: [] for key in plans}
    seen = _engine.Meta() if read else None
    for wave in waves:  # one wave at a time: its rows are all in flight together
        if not influence:  # the partitions a worker holds are split by one task (the placements go to none)
            part = None if len(waves) == 1 else wave
            pieces: dict = {(key, r): [] for key, (lo, hi) in wave.items() for r in range(lo, hi)}
            metas = []
            # where groups are the workers' partitions, each range is sorted in every group and counted merged
            # (few sorted arrays); the ranges a group sends are sorted first, so they travel while it sorts its own
            presort = groups[0][0] is not None
            owner = _range_owners(plans, wave, len(groups)) if presort else {}
            for gi, (home, g) in enumerate(groups):
                with _on(home):
                    sp = delayed(_split_group)(make, [args[i] for i in g], spec, shared, part, read)
                    metas.append(delayed(_at)(sp, 0))
                    for key, r in pieces:  # picked out at once, not behind the ranges their worker counts
                        with dask.annotate(priority=2 if owner.get((key, r), gi) != gi else 1):
                            pieces[key, r].append(delayed(_range_of_group)(sp, key, r - wave[key][0], presort))
            tasks: dict = {key: [] for key in wave}
            for key, (lo, hi) in wave.items():
                for r in range(lo, hi):
                    with _on(groups[owner[key, r]][0] if presort else None):
                        tasks[key].append(delayed(_group_summary)(shared, key, r, pieces[key, r], spec.what, presort))
            got, metas = dask.compute(tasks, metas if read else [], optimize_graph=False)
            for key, parts in got.items():
                summaries[key].extend(parts)
            for m in metas:
                seen = seen + m
            read = False  # one wave read every row of every batch
            continue
        batches = [delayed(make)(*a) for a in args]
        splits = [delayed(_split_batch)(b, spec, shared, None if len(waves) == 1 else wave) for b in batches]
        tasks = {}
        for key, (lo, hi) in wave.items():
            with_influence = influence and key[1] != "micro"
            tasks[key] = [
                delayed(_engine.range_summary)(
                    plans[key], r, [delayed(_piece)(sp, key, r - lo) for sp in splits], spec.what, with_influence
                )
                for r in range(lo, hi)
            ]
        labels_of = _engine.influence_labels(plans)
        names = {key for names in labels_of.values() for key in names}
        sums = [
            delayed(_engine.batch_influence)(
                labels_of,
                {
                    key: [delayed(_at)(task, 1, b) for task in got]
                    for key, got in tasks.items()
                    if key[1] in names and key[1] != "micro"
                },
            )
            for b in range(len(args))
        ]
        only = {
            key: [delayed(_at)(task, 0) if key[1] != "micro" else task for task in got] for key, got in tasks.items()
        }
        got, total = dask.compute(only, _tree(sums, _engine.add_influence))
        for key, parts in got.items():
            summaries[key].extend(parts)
        meta.influence = total
    return _engine.results(plans, summaries, sketches, sampled=stride > 1), seen


class _Passes:
    """The passes of :func:`rocauc.distributed.api.run` over the partitions of a Dask collection."""

    def __init__(self, y_true: Any, y_score: Any, sample_weight: Any, by: Any, data: Any):
        self.make, self.args = _batch_args(y_true, y_score, sample_weight, by, data)
        self.weighted = sample_weight is not None
        self.grouped = by is not None
        self._where: tuple | None = None

    def _located(self) -> tuple:
        """:func:`_located` of the partitions, asked of the scheduler once for the passes of one call."""
        if self._where is None:
            self._where = _located(self.args)
        return self._where

    def sketch(self, spec: _engine.Spec, bits: int, stride: int) -> tuple:
        # the cuts of an AUC need a sample only (every group must be seen, hence not with ``by``): the split pass
        # reads every row, and checks the reading (``meta.sampled``)
        if stride > 1 and not self.grouped:
            try:
                meta, sketches = _sketches(self.make, self.args, spec, bits, stride, True, self._located())
                return meta, sketches, stride
            except ValueError:  # no row in the sample (zero weights), or one it cannot read: read them all
                pass
        meta, sketches = _sketches(self.make, self.args, spec, bits, stride, located=self._located())
        return meta, sketches, stride

    def exact(self, spec, meta, sketches, *, n_points: int, n_ranges: int | None, stride: int) -> tuple:
        groups = _groups(self._located()[0], len(self.args))
        return _exact(self.make, self.args, groups, spec, meta, sketches, self.weighted, n_points, n_ranges, stride)


def _run(y_true, y_score, sample_weight, by, data, spec: _engine.Spec, **options: Any) -> tuple:
    """(meta, keyed results, certified) of ``spec``: :func:`rocauc.distributed.api.run` (``exact``, ``max_error``,
    ``n_points``, ``n_ranges``) on these rows (the cluster report's entry)."""
    return _api.run(_Passes(y_true, y_score, sample_weight, by, data), spec, **options)


def roc_auc(
    y_true: Any,
    y_score: Any,
    *,
    sample_weight: Any = None,
    by: Any = None,
    data: Any = None,
    exact: bool = True,
    max_error: float | None = None,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    n_ranges: int | None = None,
) -> float | np.ndarray | dict:
    """Area under the ROC curve of a Dask collection: exact (default) or certified.

    ``y_true``/``y_score``/``sample_weight``/``by`` are dask arrays or dask DataFrame columns, or column names of
    ``data`` (a dask DataFrame or a Parquet path). ``by`` gives one AUC per segment (a dict). ``exact=False`` or
    ``max_error=`` returns the sketch's estimate, within ``max_error`` (default 1e-4) of the exact AUC - a
    guarantee, not a probability - in one pass over the data; exact answers take a second pass. Multi-class
    (``y_score`` of k columns, ``labels`` the classes) and multi-label data are averaged one-vs-rest as
    ``rocauc.roc_auc`` does (``average`` macro, weighted, micro or None).

    >>> import numpy as np, dask.array as da
    >>> y = da.from_array(np.array([0, 1, 0, 1]), chunks=2)
    >>> roc_auc(y, da.from_array(np.array([0.1, 0.8, 0.3, 0.6]), chunks=2))
    1.0
    """
    return _api.call(_api.roc_auc, _Passes(y_true, y_score, sample_weight, by, data), locals())


def average_precision(
    y_true: Any,
    y_score: Any,
    *,
    sample_weight: Any = None,
    by: Any = None,
    data: Any = None,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    n_ranges: int | None = None,
) -> float | np.ndarray | dict:
    """Exact average precision (scikit-learn's definition) of a Dask collection; arguments as :func:`roc_auc`.

    >>> import numpy as np, dask.array as da
    >>> y = da.from_array(np.array([0, 1, 0, 1]), chunks=2)
    >>> average_precision(y, da.from_array(np.array([0.1, 0.8, 0.9, 0.6]), chunks=2))
    0.5833333333333333
    """
    return _api.call(
        _api.exact_score, _Passes(y_true, y_score, sample_weight, by, data), locals(), name="average_precision"
    )


def pr_auc(
    y_true: Any,
    y_score: Any,
    *,
    sample_weight: Any = None,
    by: Any = None,
    data: Any = None,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    from_logits: bool = False,
    task: str | None = None,
    n_ranges: int | None = None,
) -> float | np.ndarray | dict:
    """Exact area under the precision-recall curve (Davis-Goadrich interpolation, as ``rocauc.pr_auc``)."""
    return _api.call(_api.exact_score, _Passes(y_true, y_score, sample_weight, by, data), locals(), name="pr_auc")


def roc_curve(
    y_true: Any,
    y_score: Any,
    *,
    sample_weight: Any = None,
    by: Any = None,
    data: Any = None,
    n_points: int = 1000,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    n_ranges: int | None = None,
) -> RocCurve | dict:
    """The exact ROC curve of a binary problem, down-sampled to about ``n_points`` points spread along the curve:
    every point is a point of the full curve (its threshold, false and true positive rates are exact), from
    (0, 0) at threshold +inf to (1, 1); points on a straight line between two others are dropped, as
    ``rocauc.roc_curve`` drops them. ``.auc`` is the exact AUC.

    >>> import numpy as np, dask.array as da
    >>> y = da.from_array(np.array([0, 1, 0, 1]), chunks=2)
    >>> fpr, tpr, thresholds = roc_curve(y, da.from_array(np.array([0.1, 0.8, 0.3, 0.6]), chunks=2))
    >>> fpr.tolist(), tpr.tolist()
    ([0.0, 0.0, 0.0, 1.0], [0.0, 0.5, 1.0, 1.0])
    """
    return _api.call(_api.binary_curve, _Passes(y_true, y_score, sample_weight, by, data), locals(), kind="roc")


def precision_recall_curve(
    y_true: Any,
    y_score: Any,
    *,
    sample_weight: Any = None,
    by: Any = None,
    data: Any = None,
    n_points: int = 1000,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    n_ranges: int | None = None,
) -> PrecisionRecallCurve | dict:
    """The exact precision-recall curve of a binary problem, down-sampled as :func:`roc_curve` (each point exact;
    ``.average_precision`` is exact)."""
    return _api.call(_api.binary_curve, _Passes(y_true, y_score, sample_weight, by, data), locals(), kind="pr")


def roc_auc_ci(
    y_true: Any,
    y_score: Any,
    *,
    level: float = 0.95,
    sample_weight: Any = None,
    by: Any = None,
    data: Any = None,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
    average: str | None = "macro",
    task: str | None = None,
    n_ranges: int | None = None,
) -> Interval | dict:
    """Exact AUC with DeLong's interval, from the same pass as the AUC (the placement sums of each score range);
    equals ``rocauc.roc_auc_ci(..., method="delong")`` on data that fits in memory (the in-memory default,
    ``"auto"``, switches to the logit interval for small samples, which large data are not). Multi-class and
    multi-label data give the interval of the ``average`` ("macro" or "weighted": the classes' influence values
    are combined per sample, so each range sends its rows' placement values back to their partition) or, with
    ``average=None``, a dict of each class's interval.

    >>> import numpy as np, dask.array as da
    >>> y = da.from_array(np.array([0, 0, 1, 1, 0, 1, 0, 1]), chunks=3)
    >>> s = da.from_array(np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.9]), chunks=3)
    >>> print(roc_auc_ci(y, s))
    0.875 [0.592, 1.000] (95% DeLong)
    """
    return _api.call(_api.roc_auc_ci, _Passes(y_true, y_score, sample_weight, by, data), locals())


def evaluate(
    y_true: Any,
    y_score: Any,
    *,
    sample_weight: Any = None,
    by: Any = None,
    data: Any = None,
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
    """:func:`rocauc.evaluate` for a Dask collection: per-class exact ROC and PR curves (down-sampled to about
    ``n_points`` exact points), AUCs, average precision, PR-AUC, their macro, weighted and micro averages, and the
    confusion matrix at the decision rule. With ``exact=False``/``max_error`` the curves and scores come from the
    certified sketch (one pass). ``ci`` ("auto", "delong", "delong-logit" or None) adds the DeLong-based ROC AUC
    intervals of ``rocauc.evaluate`` (per class, macro and weighted: ``ev.intervals``) from the exact pass; the
    bootstrap ones need the rows in one place, and a certified evaluation has none. One evaluation per segment
    with ``by`` (a dict).
    """
    return _api.call(_api.evaluate, _Passes(y_true, y_score, sample_weight, by, data), locals())


def sketch(
    y_true: Any,
    y_score: Any,
    *,
    sample_weight: Any = None,
    by: Any = None,
    data: Any = None,
    bits: int | None = None,
    max_error: float | None = None,
    pos_label: Any = None,
    labels: Any = None,
    from_logits: bool = False,
) -> StreamingAUC | dict:
    """The certified sketch of a binary problem in one pass, as a :class:`rocauc.StreamingAUC` (``bounds()``,
    ``result()``, curves; it merges with other states). ``bits`` (default from ``max_error``, else 20) sets the
    resolution.

    >>> import numpy as np, dask.array as da
    >>> y = da.from_array(np.array([0, 1, 0, 1]), chunks=2)
    >>> sketch(y, da.from_array(np.array([0.1, 0.8, 0.3, 0.6]), chunks=2), bits=16).bounds()
    (1.0, 1.0)
    """
    return _api.call(_api.sketch, _Passes(y_true, y_score, sample_weight, by, data), locals())
