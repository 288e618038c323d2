"""Validation of scalar and option arguments: written once, used by every public function.

Each check returns the clean value (a Python ``float``, ``int``, ``str`` or ``bool``) or raises one error whose
message names the argument, what it accepts and the value received. Arrays are the business of ``_inputs``.

>>> number(0.5, "max_fpr", low=0, high=1, low_open=True)
0.5
>>> choice("Macro", "average", ("macro", "micro"), ignore_case=True)
'macro'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "MAX_THRESHOLDS",
    "ArgumentTypeError",
    "choice",
    "flag",
    "integer",
    "level",
    "max_fpr",
    "n_resamples",
    "number",
    "proportion_counts",
    "random_state",
    "threshold",
]

MAX_THRESHOLDS = 1_000_000  # linear Keras-style thresholds: the edges and the per-bucket state stay small


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong type (a string or a bool for a number...): both a TypeError and a ValueError, so
    that code catching either one catches it."""


def _range_text(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f" in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f" {'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f" {'<' if high_open else '<='} {high:g}"
    return ""


def _scalar(value: Any) -> Any:
    """A 0-d numpy array or tensor as its Python number; anything else unchanged."""
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except Exception:  # pragma: no cover - exotic array types
            return value
    return value


def number(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    finite: bool = True,
    hint: str = "",
) -> float:
    """A real number (not a bool, not a string, not NaN) inside the given range, as a float.

    >>> number(3, "value", low=0)
    3.0
    """
    what = f"a number{_range_text(low, high, low_open, high_open)}"
    hint = f" ({hint})" if hint else ""
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        if isinstance(value, str):
            try:
                parsed = float(value.strip().replace("_", "!"))  # "1_000" is not a number in a data file
                suggestion = f"; pass {name}={parsed!r} without quotes"
            except ValueError:
                suggestion = ""
            raise ArgumentTypeError(f"{name} must be {what}{hint}; got the string {value!r}{suggestion}.")
        raise ArgumentTypeError(f"{name} must be {what}{hint}; got {value!r} ({type(value).__name__}).")
    x = float(value)
    if math.isnan(x):
        raise ValueError(f"{name} is NaN; pass {what}{hint}.")
    if finite and math.isinf(x):
        raise ValueError(f"{name} must be {what} (finite){hint}; got {x!r}.")
    if (
        low is not None
        and (x < low or (low_open and x == low))
        or high is not None
        and (x > high or (high_open and x == high))
    ):
        raise ValueError(f"{name} must be {what}{hint}; got {value!r}.")
    return x


def integer(
    value: Any, name: str, *, low: int | None = None, high: int | None = None, hint: str = "", what: str | None = None
) -> int:
    """An integer (``3`` or ``np.int64(3)``; not ``3.0``, not a bool) inside ``[low, high]``, as an int.

    >>> integer(np.int32(5), "n", low=1)
    5
    """
    if what is None:
        if low is not None and high is not None:
            what = f"an integer from {low} to {high}"
        else:
            what = f"an integer{_range_text(low, high, False, False)}"
    hint = f" ({hint})" if hint else ""
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(f"{name} must be {what}{hint}; got {value!r}.")
    x = int(value)
    if (low is not None and x < low) or (high is not None and x > high):
        raise ValueError(f"{name} must be {what}{hint}; got {x!r}.")
    return x


def choice(value: Any, name: str, options: Sequence[Any], *, ignore_case: bool = False, hint: str = "") -> Any:
    """One of ``options`` (strings compared case-insensitively with ``ignore_case``); returns the option itself.

    >>> choice(None, "average", (None, "macro"))
    """
    for option in options:
        if value is option:
            return option
        if isinstance(value, str) and isinstance(option, str):
            if value == option or (ignore_case and value.lower() == option.lower()):
                return option
    hint = f"; {hint}" if hint else ""
    raise ValueError(f"{name}={value!r} is not one of {tuple(options)}{hint}.")


def flag(value: Any, name: str) -> bool:
    """A boolean option: True, False (or numpy's bools); a string such as "false" is refused (it is truthy).

    >>> flag(np.True_, "from_logits")
    True
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ArgumentTypeError(f"{name} must be True or False; got {value!r} ({type(value).__name__}).")


def level(value: Any) -> float:
    """A confidence level in (0, 1).

    >>> level(0.9)
    0.9
    """
    return number(value, "level", low=0, high=1, low_open=True, high_open=True, hint="e.g. 0.95 for a 95% interval")


def max_fpr(value: Any) -> float | None:
    """The ``max_fpr`` of a partial AUC: None, or a number in (0, 1].

    >>> max_fpr(None), max_fpr(0.5)
    (None, 0.5)
    """
    if value is None:
        return None
    return number(value, "max_fpr", low=0, high=1, low_open=True, hint="the largest false positive rate")


def threshold(value: Any, name: str = "threshold") -> float:
    """A decision threshold: any real number, +-inf allowed (the rule is ``score >= threshold``), not NaN.

    >>> threshold(0.5)
    0.5
    """
    return number(value, name, finite=False, hint="the rule is score >= threshold")


def n_resamples(value: Any) -> int:
    """The number of bootstrap resamples: an integer >= 2.

    >>> n_resamples(2000)
    2000
    """
    return integer(value, "n_resamples", low=2, hint="2000 is a good default")


def random_state(value: Any) -> np.random.Generator:
    """A numpy Generator from None, an int seed or a Generator.

    >>> int(random_state(0).integers(10)) == int(random_state(0).integers(10))
    True
    """
    if isinstance(value, np.random.RandomState):
        raise TypeError(
            "random_state must be None, an int seed or a numpy Generator (np.random.default_rng(seed)); "
            "a legacy np.random.RandomState is not supported."
        )
    if isinstance(value, (bool, np.bool_, float, str)):
        raise TypeError(f"random_state must be None, an int seed or a numpy Generator; got {value!r}.")
    try:
        return np.random.default_rng(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"random_state must be None, an int seed or a numpy Generator; got {value!r}.") from exc


def proportion_counts(successes: Any, total: Any) -> tuple[float, float]:
    """The counts of a proportion: ``0 <= successes <= total``, both finite (weighted counts may be fractional).

    >>> proportion_counts(3, 10)
    (3.0, 10.0)
    """
    s = number(successes, "successes", low=0, hint="a count of successes")
    n = number(total, "total", low=0, hint="the number of trials")
    if s > n:
        raise ValueError(
            f"successes ({s:g}) is greater than total ({n:g}); a proportion needs 0 <= successes <= total."
        )
    return s, n
