"""Large write-once buffers mapped in 4 kB pages.

numpy asks the kernel for transparent huge pages (2 MB) for every array of 4 MB or more. On the virtual machines
measured here a huge page's first touch costs several times what its 512 small pages cost together: splitting
5 * 10^7 rows into a fresh 200 MB buffer spent 0.45-0.53 s in the kernel with huge pages, 0.10-0.13 s without
(``benchmarks/bench_dask_pairs.py`` and the large-data guide). A buffer that is written once in order and then
sorted or read in order gains nothing from huge pages, so the exact pass of the engines takes its split buffer
from an anonymous mapping that is not marked for them. Elsewhere (and on systems without ``mmap`` flags) it is
``np.empty``.

>>> small_pages(3, np.uint32).shape
(3,)
"""

from __future__ import annotations

import mmap
from typing import Any

import numpy as np

__all__ = ["small_pages"]

MIN_BYTES = 1 << 22  # numpy's own threshold for huge pages: smaller arrays are left to it

_FLAGS = getattr(mmap, "MAP_PRIVATE", None), getattr(mmap, "MAP_ANONYMOUS", None)


def small_pages(n: int, dtype: Any = np.uint32) -> np.ndarray:
    """An uninitialized 1-d array of ``n`` items (zeros where freshly mapped), in 4 kB pages where the system
    maps anonymous memory without huge pages unless asked."""
    dtype = np.dtype(dtype)
    nbytes = int(n) * dtype.itemsize
    private, anonymous = _FLAGS
    if nbytes < MIN_BYTES or private is None or anonymous is None:
        return np.empty(n, dtype=dtype)
    try:
        buffer = mmap.mmap(-1, nbytes, flags=private | anonymous)
    except (OSError, ValueError):  # pragma: no cover - no such mapping here
        return np.empty(n, dtype=dtype)
    return np.frombuffer(buffer, dtype=dtype)
