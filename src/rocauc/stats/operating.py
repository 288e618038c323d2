"""Operating points: choose a decision threshold by a criterion, and the confusion-matrix metrics at a threshold,
each rate with a Wilson interval. Every criterion is arithmetic on the one counts table (no re-sorting)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..core import validation as _validation
from ..core.counts import Counts, exact_counts
from ..core.decision import OperatingPoint
from ..core.errors import UndefinedMetricWarning, warn
from ..core.inputs import Problem, _py
from ..core.policy import as_problem, at_threshold
from ..core.types import Labels, Scores, Weights
from .intervals import Interval, check_level, wilson_interval

__all__ = [
    "OperatingPoint",
    "operating_point",
    "metrics_at_threshold",
    "CRITERIA",
    "check_criterion",
    "point_of_problem",
]

CRITERIA = ("youden", "closest_topleft", "fpr", "tpr", "precision", "cost")
_NAN = float("nan")


# ------------------------------------------------------------------------------------------------- the table


def _points(c: Counts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every rule the table allows: threshold +inf (nothing predicted positive), then each distinct score."""
    return np.r_[np.inf, c.thresholds], np.r_[0.0, c.tp], np.r_[0.0, c.fp]


def _first(mask: np.ndarray) -> int:
    return int(np.argmax(mask))


def _choose(c: Counts, criterion: str, value: float | None, weight_ratio: float) -> int:
    """Index into ``_points`` of the rule the criterion picks. Ties go to the highest threshold (fewest
    predicted positives), except where the criterion says otherwise."""
    _, tp, fp = _points(c)
    tpr, fpr = tp / c.P, fp / c.N
    if criterion in ("youden", "cost"):
        # sensitivity + r * specificity, r weighing a false positive against a false negative (r = 1: Youden's J)
        gain = tpr - weight_ratio * fpr
        return _first(gain >= gain.max() - 1e-12 * max(1.0, abs(gain.max())))
    if criterion == "closest_topleft":
        distance = (1 - tpr) ** 2 + weight_ratio * fpr**2
        return _first(distance <= distance.min() + 1e-12)
    assert value is not None  # the target criteria (fpr, tpr, precision) were validated with their value
    if criterion == "fpr":
        feasible = fpr <= value + 1e-12
        best = tpr[feasible].max()  # the +inf rule is always feasible
        return _first(feasible & (tpr >= best))
    if criterion == "tpr":
        feasible = tpr >= value - 1e-12
        lowest = fpr[feasible].min()  # the last rule (everything positive) has tpr 1
        return int(np.flatnonzero(feasible & (fpr <= lowest))[-1])
    # precision
    predicted = tp + fp
    precision = np.divide(tp, predicted, out=np.full(tp.shape, -1.0), where=predicted > 0)
    feasible = precision >= value - 1e-12
    if not feasible.any():
        raise ValueError(
            f"no threshold reaches precision >= {value:g}; the highest precision of these scores is "
            f"{precision.max():.4g}. Lower value=, or choose by criterion='fpr'."
        )
    best = tpr[feasible].max()
    return _first(feasible & (tpr >= best))


def _cells(problem: Problem, threshold: float, c: Counts | None = None) -> tuple[dict, dict]:
    """(weighted cells, Kish effective sizes of the rates' denominators) of ``score >= threshold``: read from the
    table ``c`` when given and unweighted (``_policy.at_threshold``), else one pass over the scores (the Kish
    sizes need the squared weights)."""
    y, s, w = problem.y, problem.score, problem.weight
    if w is None and c is not None:
        tp, fp = at_threshold(c, threshold)
        return dict(tp=tp, fp=fp, fn=c.P - tp, tn=c.N - fp), {}
    predicted = (s if s.dtype == np.float64 else s.astype(np.float64)) >= threshold
    if w is None:
        tp = float(np.count_nonzero(predicted & y))
        fp = float(np.count_nonzero(predicted & ~y))
        P = float(np.count_nonzero(y))
        N = y.size - P
        cells = dict(tp=tp, fp=fp, fn=P - tp, tn=N - fp)
        return cells, {}
    groups = dict(tp=predicted & y, fp=predicted & ~y, fn=~predicted & y, tn=~predicted & ~y)
    cells = {k: float(w[m].sum()) for k, m in groups.items()}
    squares = {k: float((w[m] ** 2).sum()) for k, m in groups.items()}
    return cells, effective_sizes(cells, squares)


def effective_sizes(cells: dict, squares: dict) -> dict:
    """Kish's effective sample size of each rate's denominator, from the weight (``cells``) and the squared
    weight (``squares``) of each cell (``tp``, ``fp``, ``fn``, ``tn``) of a weighted confusion matrix."""

    def kish(*names: str) -> float:
        total = sum(cells[k] for k in names)
        sq = sum(squares[k] for k in names)
        return total * total / sq if sq > 0 else 0.0

    return dict(
        tpr=kish("tp", "fn"),
        fpr=kish("fp", "tn"),
        specificity=kish("fp", "tn"),
        precision=kish("tp", "fp"),
        npv=kish("tn", "fn"),
        accuracy=kish("tp", "fp", "tn", "fn"),
    )


def _point(
    problem: Problem,
    threshold: float,
    criterion: str,
    value: float | None,
    level: float,
    c: Counts | None = None,
    cells: tuple[dict, dict] | None = None,
) -> OperatingPoint:
    """The operating point at ``threshold``; ``cells``: its (weighted cells, effective sizes) where the caller
    summed them (weighted data read in batches), else from the table ``c`` or the problem's rows."""
    weights, effective = _cells(problem, threshold, c) if cells is None else cells
    tp, fp, tn, fn = weights["tp"], weights["fp"], weights["tn"], weights["fn"]
    P, N = tp + fn, fp + tn
    counts = dict(
        tpr=(tp, P),
        fpr=(fp, N),
        specificity=(tn, N),
        precision=(tp, tp + fp),
        npv=(tn, tn + fn),
        accuracy=(tp + tn, P + N),
    )
    intervals = {
        k: wilson_interval(a, b, level=level, effective_total=effective.get(k))
        if b > 0
        else Interval(_NAN, _NAN, _NAN, level, "wilson")
        for k, (a, b) in counts.items()
    }
    return OperatingPoint.from_cells(
        float(threshold),
        criterion,
        tp=tp,
        fp=fp,
        tn=tn,
        fn=fn,
        intervals=intervals,
        value=value,
        positive_label=problem.positive_label,
        labels=[_py(v) for v in problem.classes],
    )


# ------------------------------------------------------------------------------------------------- public


def _binary(
    y_true: Any,
    y_score: Any,
    sample_weight: Any,
    pos_label: Any,
    labels: Any,
    from_logits: bool,
    what: str,
    task: str | None = None,
) -> Problem:
    problem = as_problem(
        y_true,
        y_score,
        sample_weight=sample_weight,
        pos_label=pos_label,
        labels=labels,
        from_logits=from_logits,
        task=task,
    )
    if problem.task != "binary":
        raise ValueError(
            f"{what} takes a binary problem, but the input is {problem.task} with {problem.n_classes} "
            "classes; pass one class against the rest: y_true == k and y_score[:, k]."
        )
    return problem


def _costs(costs: Any) -> tuple[float, float]:
    if isinstance(costs, Mapping):
        unknown = set(costs) - {"fp", "fn"}
        if unknown or not {"fp", "fn"} <= set(costs):
            raise ValueError(
                f"costs must give the cost of a false positive and of a false negative, as "
                f"{{'fp': ..., 'fn': ...}} or (fp, fn); got {dict(costs)!r}."
            )
        c_fp, c_fn = costs["fp"], costs["fn"]
    else:
        try:
            c_fp, c_fn = costs
        except (TypeError, ValueError):
            raise ValueError(
                f"costs must give the cost of a false positive and of a false negative, as "
                f"{{'fp': ..., 'fn': ...}} or (fp, fn); got {costs!r}."
            ) from None
    try:
        c_fp, c_fn = float(c_fp), float(c_fn)
    except (TypeError, ValueError):
        raise ValueError(f"costs must be numbers, got {costs!r}.") from None
    if not (np.isfinite(c_fp) and np.isfinite(c_fn)) or c_fp < 0 or c_fn < 0 or c_fp + c_fn == 0:
        raise ValueError(f"costs must be finite, >= 0 and not both 0; got fp={c_fp:g}, fn={c_fn:g}.")
    return c_fp, c_fn


def operating_point(
    y_true: Labels,
    y_score: Scores,
    *,
    criterion: str = "youden",
    value: float | None = None,
    costs: Any = None,
    prevalence: float | None = None,
    level: float = 0.95,
    pos_label: Any = None,
    sample_weight: Weights = None,
    from_logits: bool = False,
    labels: Any = None,
    task: str | None = None,
) -> OperatingPoint:
    """Choose a decision threshold and report the confusion matrix and rates at it.

    Criteria (the rule is ``score >= threshold``; the candidates are the distinct scores and +inf):

    - ``"youden"``: maximize sensitivity + specificity - 1;
    - ``"closest_topleft"``: minimize (1 - sensitivity)**2 + (1 - specificity)**2;
    - ``"fpr"``: the highest sensitivity with false positive rate <= ``value``;
    - ``"tpr"``: the lowest false positive rate with sensitivity >= ``value``;
    - ``"precision"``: the highest recall with precision >= ``value``;
    - ``"cost"``: minimize the expected cost per case,
      ``costs["fn"] * prevalence * (1 - tpr) + costs["fp"] * (1 - prevalence) * fpr``.

    ``costs`` (``{"fp": ..., "fn": ...}`` or ``(fp, fn)``) and ``prevalence`` (default: the observed one) also
    weight ``"youden"`` and ``"closest_topleft"`` as pROC's ``best.weights`` do: specificity terms get
    ``r = (fp cost / fn cost) * (1 - prevalence) / prevalence``; weighted Youden is then the minimum expected cost.
    Ties go to the highest threshold. Rates come with Wilson intervals at ``level``.

    Parameters
    ----------
    y_true, y_score : array-like
        Labels and scores of a binary problem, as for :func:`roc_curve`.
    criterion : {"youden", "closest_topleft", "fpr", "tpr", "precision", "cost"}, default "youden"
        How the threshold is chosen.
    value : float, optional
        The target of the ``"fpr"``, ``"tpr"`` and ``"precision"`` criteria.
    costs : dict or tuple, optional
        ``{"fp": ..., "fn": ...}`` or ``(fp, fn)``: the cost of each error.
    prevalence : float, optional
        The prevalence the costs refer to (default: the observed one).
    level : float, default 0.95
        Confidence level of the Wilson intervals.
    pos_label, sample_weight, from_logits, labels
        As for :func:`roc_curve`.

    Returns
    -------
    OperatingPoint
        The threshold, the confusion matrix and its rates with intervals.

    Examples
    --------
    >>> op = operating_point([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7])
    >>> op.threshold, op.tpr, op.fpr
    (0.7, 0.6666666666666666, 0.0)
    """
    level = check_level(level)
    check_criterion(criterion, value, costs, prevalence)
    problem = _binary(y_true, y_score, sample_weight, pos_label, labels, from_logits, "operating_point", task)
    c = exact_counts(problem.y, problem.score, problem.weight)
    if c.P <= 0 or c.N <= 0:
        present = _py(problem.classes[0] if c.P <= 0 else problem.classes[1])
        raise ValueError(
            f"choosing an operating point needs both classes in y_true, but only {present!r} is present; "
            "use metrics_at_threshold to describe a fixed threshold."
        )
    return point_of_problem(problem, c, criterion, value, costs, prevalence, level)


def check_criterion(criterion: str, value: Any, costs: Any, prevalence: Any) -> None:
    """Validate the arguments of a criterion (at the boundary: :func:`operating_point` and ``evaluate``)."""
    _validation.choice(criterion, "criterion", CRITERIA)
    targeted = criterion in ("fpr", "tpr", "precision")
    if targeted:
        if value is None:
            raise ValueError(
                f"criterion={criterion!r} needs value=, the target {criterion} in [0, 1] (e.g. value=0.1)."
            )
        _validation.number(value, "value", low=0, high=1, hint=f"the target {criterion}")
        if costs is not None or prevalence is not None:
            raise ValueError(
                f"costs and prevalence weigh the youden, closest_topleft and cost criteria; "
                f"criterion={criterion!r} uses value= only."
            )
    elif value is not None:
        raise ValueError(
            f"value= is the target of the 'fpr', 'tpr' and 'precision' criteria; criterion={criterion!r} takes none."
        )
    if criterion == "cost" and costs is None:
        raise ValueError(
            "criterion='cost' needs costs={'fp': ..., 'fn': ...}: the cost of a false positive and of a false negative."
        )
    if costs is not None:
        _costs(costs)
    if prevalence is not None:
        _validation.number(
            prevalence,
            "prevalence",
            low=0,
            high=1,
            low_open=True,
            high_open=True,
            hint="the share of positives where the rule will be used",
        )


def point_of_problem(
    problem: Problem,
    c: Counts,
    criterion: str,
    value: Any,
    costs: Any,
    prevalence: Any,
    level: float,
    *,
    threshold: float | None = None,
) -> OperatingPoint:
    """The operating point of a validated binary problem with both classes, from its counts table ``c``
    (``criterion="threshold"``: the rule at the given ``threshold``)."""
    if criterion == "threshold":
        assert threshold is not None  # validated by the caller: criterion="threshold" comes with its threshold
        return _point(problem, float(threshold), "threshold", None, level, c)
    ratio = 1.0
    if criterion not in ("fpr", "tpr", "precision") and (costs is not None or prevalence is not None):
        c_fp, c_fn = _costs(costs) if costs is not None else (1.0, 1.0)
        prev = c.P / (c.P + c.N) if prevalence is None else float(prevalence)
        # false negatives that cost nothing: only false positives count
        ratio = 1e300 if c_fn == 0 else (c_fp / c_fn) * (1 - prev) / prev
    index = _choose(c, criterion, None if value is None else float(value), ratio)
    thresholds, _, _ = _points(c)
    return _point(problem, thresholds[index], criterion, None if value is None else float(value), level, c)


def metrics_at_threshold(
    y_true: Labels,
    y_score: Scores,
    threshold: float,
    *,
    level: float = 0.95,
    pos_label: Any = None,
    sample_weight: Weights = None,
    from_logits: bool = False,
    labels: Any = None,
    task: str | None = None,
) -> OperatingPoint:
    """The confusion matrix and rates of the rule ``score >= threshold``, each rate with a Wilson interval.

    Parameters
    ----------
    y_true, y_score : array-like
        Labels and scores of a binary problem, as for :func:`roc_curve`.
    threshold : float
        Predicted positive iff ``score >= threshold``.
    level : float, default 0.95
        Confidence level of the Wilson intervals.
    pos_label, sample_weight, from_logits, labels
        As for :func:`roc_curve`.

    Returns
    -------
    OperatingPoint
        The confusion matrix and its rates (``criterion`` is ``"threshold"``).

    Examples
    --------
    >>> m = metrics_at_threshold([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.7], 0.3)
    >>> m.tp, m.fp, m.precision
    (3.0, 1.0, 0.75)
    """
    level = check_level(level)
    t = _validation.threshold(threshold)
    problem = _binary(y_true, y_score, sample_weight, pos_label, labels, from_logits, "metrics_at_threshold", task)
    point = _point(problem, t, "threshold", None, level)
    if point.tp + point.fn <= 0 or point.fp + point.tn <= 0:
        present = _py(problem.classes[0] if point.tp + point.fn <= 0 else problem.classes[1])
        missing = "positive" if point.tp + point.fn <= 0 else "negative"
        warn(
            f"only one class is present in y_true ({present!r}): with no {missing} samples the rates over "
            f"{missing}s are undefined (NaN).",
            UndefinedMetricWarning,
        )
    return point
