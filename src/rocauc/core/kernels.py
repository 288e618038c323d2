"""The compiled loops of the exact float32 AUC, where they are built, and the switch that turns them off.

``_kernels.c`` (built when rocauc is installed from source with a C compiler; wheels carry it) packs float32
scores and labels into uint32 keys straight into their ranges, and counts a sorted range in one pass; numpy needs
several passes for each. Without the module, or with the environment variable ``ROCAUC_KERNELS=numpy``, the same
numbers come from numpy (``core.counts``). Both give identical integers: the tests run both.

>>> import os
>>> os.environ[ENV] = "numpy"
>>> compiled() is None
True
>>> del os.environ[ENV]
"""

from __future__ import annotations

import os
from types import ModuleType

__all__ = ["ENV", "compiled"]

ENV = "ROCAUC_KERNELS"

try:
    from . import _kernels as _module  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - an install without a C compiler
    _module = None


def compiled() -> ModuleType | None:
    """The compiled module, or None where it is not built or ``ROCAUC_KERNELS=numpy`` turns it off."""
    value = os.environ.get(ENV, "").strip().lower()
    if value in ("", "auto", "compiled"):
        return _module
    if value == "numpy":
        return None
    raise ValueError(f"the environment variable {ENV} must be 'numpy' (compiled loops off) or unset, got {value!r}.")
