"""Warning classes of rocauc (errors are plain ``ValueError`` and ``TypeError`` with messages that name the fix)."""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from types import FrameType, ModuleType

__all__ = [
    "UndefinedMetricWarning",
    "HardPredictionWarning",
    "RocaucDeprecationWarning",
    "require",
    "warn",
    "deprecated",
]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class UndefinedMetricWarning(UserWarning):
    """A score is undefined for the data given (for instance only one class is present); NaN is returned.

    Examples
    --------
    >>> import warnings, rocauc
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     auc = rocauc.roc_auc([1, 1, 1], [0.2, 0.5, 0.9])
    >>> auc, caught[0].category.__name__
    (nan, 'UndefinedMetricWarning')
    """


class HardPredictionWarning(UserWarning):
    """The scores look like hard class predictions (0/1 or argmax); a ROC curve needs continuous scores.

    Examples
    --------
    >>> import warnings, rocauc
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     auc = rocauc.roc_auc([0, 1, 1, 0], [0, 1, 0, 0])
    >>> caught[0].category.__name__
    'HardPredictionWarning'
    """


class RocaucDeprecationWarning(DeprecationWarning):
    """An argument or name of rocauc that still works but will go: the message names its replacement."""


def deprecated(old: str, new: str, note: str = "") -> None:
    """Warn that the argument or name ``old`` is deprecated in favour of ``new``."""
    warn(f"{old} is deprecated; use {new}" + (f" ({note})" if note else "") + ".", RocaucDeprecationWarning)


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import an optional dependency, or raise ImportError saying what to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - exercised by the missing-extra tests with a fake module name
        raise ImportError(
            f"{purpose} needs the optional dependency {module!r}; install it with "
            f"`pip install 'rocauc[{extra}]'` (or `pip install {module.split('.')[0]}`)."
        ) from exc


def warn(message: str, category: type[Warning]) -> None:
    """Warn, attributing the warning to the first caller outside rocauc (the user's line)."""
    level = 2  # stacklevel 2 is the caller of this function
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)).startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)
