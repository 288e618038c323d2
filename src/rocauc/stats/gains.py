"""Cumulative gains, lift and the Kolmogorov-Smirnov statistic: the credit and marketing view of a ranking, as
arithmetic on the counts table.

Targeting the samples scored at or above a threshold reaches a *depth* ``(tp + fp) / (P + N)`` of the population
and captures a *gain* ``tp / P`` of the positives; the *lift* is their ratio, ``precision / prevalence`` (how many
times better than targeting at random). The KS statistic is the largest gap between the score distributions of
the two classes, ``max |TPR - FPR|`` over thresholds, which is scipy's ``ks_2samp`` statistic of the positive and
negative scores. Tied scores form one row of the table: between two rows the gains curve is a straight line (the
tied samples spread evenly), so a gains table at fixed depths (deciles) interpolates linearly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.counts import Counts, exact_counts
from ..core.errors import UndefinedMetricWarning, warn
from ..core.inputs import normalize
from ..core.types import Labels, Scores, Weights

__all__ = [
    "GainsCurve",
    "GainsTable",
    "KSStatistic",
    "gains_curve",
    "gains_from_counts",
    "gains_table",
    "gains_table_from_counts",
    "ks_from_counts",
    "ks_statistic",
]

_NAN = float("nan")


def _f(v: float) -> float | None:
    return float(v) if v is not None and np.isfinite(v) else None


@dataclass(frozen=True, eq=False)
class GainsCurve:
    """Cumulative gains for decreasing thresholds, from (0, 0) at threshold +inf to (1, 1); unpacks as
    ``depth, gain, thresholds``.

    ``lift`` is ``gain / depth`` (NaN at depth 0), ``prevalence`` the share of positives.

    Examples
    --------
    >>> depth, gain, thresholds = gains_curve([0, 1, 1, 0], [0.1, 0.9, 0.6, 0.4])
    >>> depth.tolist(), gain.tolist()
    ([0.0, 0.25, 0.5, 0.75, 1.0], [0.0, 0.5, 1.0, 1.0, 1.0])
    """

    depth: np.ndarray
    gain: np.ndarray
    thresholds: np.ndarray
    prevalence: float

    @property
    def lift(self) -> np.ndarray:
        return np.divide(self.gain, self.depth, out=np.full(self.gain.shape, np.nan), where=self.depth > 0)

    @property
    def area(self) -> float:
        """Area under the gains curve (0.5 for a random ranking; ``1 - prevalence / 2`` for a perfect one)."""
        d, g = self.depth, self.gain
        return float(np.sum(np.diff(d) * (g[1:] + g[:-1])) / 2)  # trapezoids

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.depth, self.gain, self.thresholds))

    def __len__(self) -> int:
        return 3

    def __getitem__(self, i: int) -> np.ndarray:
        return (self.depth, self.gain, self.thresholds)[i]

    def to_dict(self) -> dict:
        return {
            "depth": [_f(v) for v in self.depth],
            "gain": [_f(v) for v in self.gain],
            "thresholds": [_f(v) for v in self.thresholds],
            "prevalence": _f(self.prevalence),
        }


@dataclass(frozen=True)
class KSStatistic:
    """The Kolmogorov-Smirnov statistic ``max |TPR - FPR|`` and where it is reached.

    ``threshold`` is where (predicted positive iff ``score >= threshold``), ``tpr`` and ``fpr`` the rates there;
    ``direction`` is +1 when the positives score higher there (``TPR > FPR``), -1 otherwise.

    Examples
    --------
    >>> ks = ks_statistic([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> ks.statistic, ks.threshold, ks.tpr, ks.fpr
    (0.5, 0.8, 0.5, 0.0)
    """

    statistic: float
    threshold: float
    tpr: float
    fpr: float
    direction: int = 1

    def __format__(self, spec: str) -> str:
        spec = spec or ".3f"
        return f"KS {format(self.statistic, spec)} at threshold {self.threshold:.4g}"

    def __str__(self) -> str:
        return format(self, "")

    def to_dict(self) -> dict:
        return {
            "statistic": _f(self.statistic),
            "threshold": _f(self.threshold),
            "tpr": _f(self.tpr),
            "fpr": _f(self.fpr),
            "direction": self.direction,
        }


@dataclass(frozen=True, eq=False)
class GainsTable:
    """Gains at fixed depths: ``n_groups`` equal groups of the population ranked by score (e.g. deciles).

    Per group its ``share`` of the positives and ``response`` rate (positives per sample in the group), and
    cumulatively the ``gain`` (share of positives captured) and ``lift`` (gain / depth).

    Examples
    --------
    >>> t = gains_table([0, 1, 1, 0], [0.1, 0.9, 0.6, 0.4], n_groups=2)
    >>> t.rows()[0]
    {'group': 1, 'depth': 0.5, 'share': 1.0, 'response': 1.0, 'gain': 1.0, 'lift': 2.0}
    """

    depth: np.ndarray
    share: np.ndarray
    response: np.ndarray
    gain: np.ndarray
    lift: np.ndarray
    prevalence: float

    def rows(self) -> list[dict]:
        return [
            {
                "group": i + 1,
                "depth": float(d),
                "share": float(s),
                "response": float(r),
                "gain": float(g),
                "lift": float(lift),
            }
            for i, (d, s, r, g, lift) in enumerate(zip(self.depth, self.share, self.response, self.gain, self.lift))
        ]

    def to_dict(self) -> dict:
        return {"prevalence": _f(self.prevalence), "rows": self.rows()}


# --------------------------------------------------------------------------------------------- on the table


def gains_from_counts(c: Counts) -> GainsCurve:
    """The gains curve of a counts table (NaN gains without positives)."""
    P, N = c.P, c.N
    total = P + N
    depth = np.r_[0.0, (c.tp + c.fp) / total] if total > 0 else np.array([0.0])
    gain = np.r_[0.0, c.tp / P] if P > 0 else np.full(depth.shape, np.nan)
    return GainsCurve(depth, gain, np.r_[np.inf, c.thresholds], P / total if total > 0 else _NAN)


def ks_from_counts(c: Counts) -> KSStatistic:
    """The KS statistic of a counts table: the largest ``|TPR - FPR|`` over its rows (NaN if a class is absent)."""
    P, N = c.P, c.N
    if P <= 0 or N <= 0:
        return KSStatistic(_NAN, _NAN, _NAN, _NAN, 0)
    gap = c.tp / P - c.fp / N
    i = int(np.argmax(np.abs(gap)))
    if gap[i] == 0:
        return KSStatistic(0.0, float(c.thresholds[0]), float(c.tp[0] / P), float(c.fp[0] / N), 1)
    return KSStatistic(
        float(abs(gap[i])), float(c.thresholds[i]), float(c.tp[i] / P), float(c.fp[i] / N), 1 if gap[i] > 0 else -1
    )


def gains_table_from_counts(c: Counts, n_groups: int = 10) -> GainsTable:
    """Gains at depths ``1/n_groups, 2/n_groups, ..., 1``, interpolated linearly inside tied rows."""
    if isinstance(n_groups, bool) or not isinstance(n_groups, (int, np.integer)) or n_groups < 1:
        raise ValueError(f"n_groups must be a positive integer (10 for deciles), got {n_groups!r}.")
    curve = gains_from_counts(c)
    depth = np.arange(1, n_groups + 1) / n_groups
    gain = np.interp(depth, curve.depth, curve.gain)
    gain[-1] = 1.0 if np.isfinite(curve.prevalence) and c.P > 0 else np.nan
    share = np.diff(np.r_[0.0, gain])
    response = share * curve.prevalence * n_groups
    return GainsTable(depth, share, response, gain, gain / depth, curve.prevalence)


# --------------------------------------------------------------------------------------------- public


def _table(y_true: Any, y_score: Any, sample_weight: Any, pos_label: Any, from_logits: bool) -> Counts:
    problem = normalize(
        y_true, y_score, sample_weight=sample_weight, pos_label=pos_label, from_logits=from_logits, task="binary"
    )
    c = exact_counts(problem.y, problem.score, problem.weight)
    if c.P <= 0 or c.N <= 0:
        present = problem.classes[0] if c.P <= 0 else problem.classes[1]
        warn(
            f"only one class is present in y_true ({present!r}): gains, lift and KS need both; NaN is returned.",
            UndefinedMetricWarning,
        )
    return c


def gains_curve(
    y_true: Labels, y_score: Scores, *, sample_weight: Weights = None, pos_label: Any = None, from_logits: bool = False
) -> GainsCurve:
    """Cumulative gains curve of a binary classifier: the share of positives captured against the share of the
    population targeted (highest scores first); ``.lift`` gives the lift curve.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Scores of the positive class (any real values; logits with ``from_logits=True``).
    sample_weight : array-like of shape (n_samples,), optional
        Sample weights.
    pos_label : optional
        The positive class of ``y_true``.
    from_logits : bool, default False
        The scores are logits (they rank as their sigmoid).

    Returns
    -------
    GainsCurve
        Depth, gain and threshold of each row of the counts table, from (0, 0).

    Examples
    --------
    >>> curve = gains_curve([0, 1, 1, 0], [0.1, 0.9, 0.6, 0.4])
    >>> curve.lift.tolist()[1:], curve.area
    ([2.0, 2.0, 1.3333333333333333, 1.0], 0.75)
    """
    return gains_from_counts(_table(y_true, y_score, sample_weight, pos_label, from_logits))


def ks_statistic(
    y_true: Labels, y_score: Scores, *, sample_weight: Weights = None, pos_label: Any = None, from_logits: bool = False
) -> KSStatistic:
    """Kolmogorov-Smirnov statistic of a binary classifier (the largest gap between the cumulative score
    distributions of positives and negatives) with the threshold where it is reached.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Scores of the positive class (any real values; logits with ``from_logits=True``).
    sample_weight : array-like of shape (n_samples,), optional
        Sample weights.
    pos_label : optional
        The positive class of ``y_true``.
    from_logits : bool, default False
        The scores are logits (they rank as their sigmoid).

    Returns
    -------
    KSStatistic
        The statistic (scipy's ``ks_2samp`` statistic of the two classes' scores), threshold and rates.

    Examples
    --------
    >>> print(ks_statistic([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]))
    KS 0.500 at threshold 0.8
    """
    return ks_from_counts(_table(y_true, y_score, sample_weight, pos_label, from_logits))


def gains_table(
    y_true: Labels,
    y_score: Scores,
    *,
    n_groups: int = 10,
    sample_weight: Weights = None,
    pos_label: Any = None,
    from_logits: bool = False,
) -> GainsTable:
    """The decile (or ``n_groups``) gains table: per group of the ranked population, its share of the positives,
    its response rate, and the cumulative gain and lift.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Scores of the positive class (any real values; logits with ``from_logits=True``).
    n_groups : int, default 10
        Number of equal groups (10: deciles).
    sample_weight : array-like of shape (n_samples,), optional
        Sample weights.
    pos_label : optional
        The positive class of ``y_true``.
    from_logits : bool, default False
        The scores are logits (they rank as their sigmoid).

    Returns
    -------
    GainsTable
        Share, response, gain and lift per group (a tie cut by a group boundary is shared in proportion).

    Examples
    --------
    >>> t = gains_table([0, 1, 1, 0, 0, 0, 1, 0, 0, 0], [.1, .9, .8, .3, .2, .4, .7, .5, .6, .05], n_groups=5)
    >>> t.gain.tolist(), t.lift.tolist()[:2]
    ([0.6666666666666666, 1.0, 1.0, 1.0, 1.0], [3.333333333333333, 2.5])
    """
    if isinstance(n_groups, bool) or not isinstance(n_groups, (int, np.integer)) or n_groups < 1:
        raise ValueError(f"n_groups must be a positive integer (10 for deciles), got {n_groups!r}.")
    return gains_table_from_counts(_table(y_true, y_score, sample_weight, pos_label, from_logits), n_groups)
