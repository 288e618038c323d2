"""How many threads the exact in-memory paths use, and the pool they run in.

numpy's sorts, searches and most array operations release the GIL, so the work of one call can run on several
cores in threads: the binary AUC sorts and counts ranges of its scores side by side (``core.ranges``) and
``evaluate`` sorts its classes side by side. Small inputs stay on one thread (the hand-off costs more than it
saves). The environment variable ``ROCAUC_NUM_THREADS`` caps the number of threads; ``ROCAUC_NUM_THREADS=1``
turns the parallel paths off. Results never depend on it: every count is exact and combined in a fixed order.

>>> import os
>>> os.environ["ROCAUC_NUM_THREADS"] = "1"
>>> threads_for(10**8)
1
>>> del os.environ["ROCAUC_NUM_THREADS"]
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import numpy as np

__all__ = [
    "ENV",
    "MIN_ROWS",
    "num_threads",
    "capped",
    "threads_for",
    "thread_map",
    "blocks",
    "min_max",
    "sort_in_place",
    "searchsorted",
]

ENV = "ROCAUC_NUM_THREADS"
MIN_ROWS = 1 << 19  # below this many rows (or scores) the work stays on the calling thread

T = TypeVar("T")
R = TypeVar("R")

_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_lock = threading.Lock()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        return os.cpu_count() or 1


_local = threading.local()


@contextmanager
def capped(n: int) -> Iterator[None]:
    """Calls made on this thread inside the block use at most ``n`` threads: a task of an engine that runs tasks
    side by side (Dask's workers and threads) is one of its parallel parts already.

    >>> with capped(1):
    ...     threads_for(10**8)
    1
    """
    before = getattr(_local, "cap", None)
    _local.cap = n if before is None else min(before, n)
    try:
        yield
    finally:
        _local.cap = before


def num_threads() -> int:
    """The number of threads a parallel path may use: ``ROCAUC_NUM_THREADS`` when set, else the CPUs this
    process may run on; at most the cap of :func:`capped` on this thread."""
    cap = getattr(_local, "cap", None)
    n = _configured()
    return n if cap is None else max(1, min(n, cap))


def _configured() -> int:
    value = os.environ.get(ENV, "").strip()
    if not value:
        return _cpus()
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise ValueError(
            f"the environment variable {ENV} must be a positive integer (1 turns threads off), got {value!r}."
        )
    return n


def threads_for(n_rows: int) -> int:
    """Threads for a call over ``n_rows`` rows: one below :data:`MIN_ROWS`, else :func:`num_threads`."""
    return 1 if n_rows < MIN_ROWS else num_threads()


def thread_map(fn: Callable[[T], R], items: Iterable[T], threads: int) -> list[R]:
    """``[fn(x) for x in items]``, run on up to ``threads`` threads of a shared pool (in order; on the calling
    thread when ``threads`` is 1). Nested calls from inside the pool run on their own thread."""
    items = list(items)
    threads = min(threads, len(items))
    if threads <= 1 or threading.current_thread().name.startswith("rocauc"):
        return [fn(x) for x in items]
    # one task per thread, items dealt out in turn (so a pool left larger by an earlier call keeps the cap)
    groups = list(_executor(threads).map(lambda i: [fn(x) for x in items[i::threads]], range(threads)))
    out: list = [None] * len(items)
    for i, group in enumerate(groups):
        out[i::threads] = group
    return out


def blocks(n: int, threads: int) -> list[slice]:
    """``threads`` contiguous slices covering ``range(n)``, as equal as can be.

    >>> blocks(5, 2)
    [slice(0, 2, None), slice(2, 5, None)]
    """
    edges = [n * i // threads for i in range(threads + 1)]
    return [slice(edges[i], edges[i + 1]) for i in range(threads)]


def min_max(values: np.ndarray, threads: int | None = None) -> tuple:
    """``(values.min(), values.max())`` of a non-empty array, the blocks of a contiguous one reduced on
    ``threads`` threads (by default :func:`threads_for` its size); NaN if any value is NaN, as numpy gives.

    >>> min_max(np.array([3.0, -1.0, 2.0]), threads=2)
    (np.float64(-1.0), np.float64(3.0))
    """
    threads = min(threads_for(values.size) if threads is None else max(1, int(threads)), values.size)
    if threads <= 1 or not values.flags.c_contiguous:
        return values.min(), values.max()
    flat = values.reshape(-1)
    parts = thread_map(lambda b: (flat[b].min(), flat[b].max()), blocks(flat.size, threads), threads)
    lows = np.array([p[0] for p in parts])
    highs = np.array([p[1] for p in parts])
    return lows.min(), highs.max()


def sort_in_place(values: np.ndarray, threads: int | None = None) -> np.ndarray:
    """Sort a contiguous 1-d array in place on ``threads`` threads (by default :func:`threads_for`
    its size) and return it: a linear selection cuts it into one range per thread, then the ranges are sorted side
    by side. The result is the array ``np.sort`` gives.

    >>> sort_in_place(np.array([3.0, 1.0, 2.0, 0.0]), threads=2).tolist()
    [0.0, 1.0, 2.0, 3.0]
    """
    n = values.size
    threads = threads_for(n) if threads is None else max(1, min(int(threads), n // 2))
    if threads <= 1:
        values.sort()
        return values
    cuts = [n * i // threads for i in range(1, threads)]
    values.partition(cuts)
    edges = [0, *cuts, n]
    thread_map(lambda r: values[edges[r] : edges[r + 1]].sort(), range(threads), threads)
    return values


def searchsorted(a: np.ndarray, v: np.ndarray, side: str = "left", threads: int | None = None) -> np.ndarray:
    """``np.searchsorted(a, v, side)``, the queries split into one block per thread (by default
    :func:`threads_for` the number of queries).

    >>> searchsorted(np.array([1.0, 2.0, 3.0]), np.array([0.5, 2.0, 9.0]), threads=2).tolist()
    [0, 1, 3]
    """
    n = v.size
    threads = threads_for(n) if threads is None else max(1, min(int(threads), n))
    if threads <= 1:
        return np.searchsorted(a, v, side=side)  # type: ignore[call-overload]
    out = np.empty(n, dtype=np.intp)
    edges = [n * i // threads for i in range(threads + 1)]

    def block(r: int) -> None:
        out[edges[r] : edges[r + 1]] = np.searchsorted(a, v[edges[r] : edges[r + 1]], side=side)  # type: ignore[call-overload]

    thread_map(block, range(threads), threads)
    return out


def _forget_pool() -> None:
    """In a forked child the pool's threads do not exist: start a new pool there when one is needed."""
    global _pool, _pool_size, _lock
    _pool, _pool_size, _lock = None, 0, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _executor(threads: int) -> ThreadPoolExecutor:
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size < threads:
            # a larger pool replaces the old one; the old one is not shut down, as another thread may be using it
            _pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="rocauc")
            _pool_size = threads
        return _pool
