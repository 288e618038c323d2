"""Public curves and scores: thin functions that normalize inputs once, build the counts tables and average."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from . import scores as _scores
from . import validation as _validation
from .averaging import Metric, average_score
from .counts import Counts, exact_counts
from .curves import PrecisionRecallCurve, RocCurve, pr_from_counts, roc_from_counts
from .errors import UndefinedMetricWarning, warn
from .inputs import Problem
from .policy import as_problem
from .ranges import rank_auc
from .types import Labels, Scores, Weights

__all__ = ["roc_curve", "precision_recall_curve", "roc_auc", "average_precision", "pr_auc", "binary_counts"]

ROC_AUC = Metric("ROC AUC", _scores.auc, of_ranks=rank_auc, one_vs_one=True)
AVERAGE_PRECISION = Metric("average precision", _scores.average_precision, needs_negatives=False)
PR_AUC = Metric("PR AUC", _scores.pr_auc, needs_negatives=False)


def _binary_problem(y_true, y_score, sample_weight, pos_label, from_logits, labels, what, task=None) -> Problem:
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
            f"{what} takes a binary problem, but the input is {problem.task} with {problem.n_classes} classes; use "
            "rocauc.evaluate(y_true, y_score) for per-class curves, or pass one class's column with pos_label."
        )
    return problem


def binary_counts(
    y_true: Labels,
    y_score: Scores,
    *,
    pos_label: Any = None,
    sample_weight: Weights = None,
    from_logits: bool = False,
    labels: Any = None,
    task: str | None = None,
) -> Counts:
    """The exact counts table of a binary problem (the table every curve and score is computed from).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels: 0/1, bools, {-1, 1}, or any two labels (string labels need ``pos_label``).
    y_score : array-like of shape (n_samples,) or (n_samples, 2)
        Scores (probabilities, logits or any decision values); of ``(n, 2)`` probabilities the positive class's
        column is used.
    pos_label : label, optional
        The positive class. By default the greater of two numeric labels.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights; zero-weight samples add no threshold.
    from_logits : bool, default False
        Whether ``(n, 2)`` scores are logits (softmax is applied).
    labels : sequence, optional
        The classes of ``y_score``'s columns, in order (by default the sorted labels of ``y_true``).

    Returns
    -------
    Counts
        Cumulative positive (``tp``) and negative (``fp``) weight at each distinct score, decreasing.

    Examples
    --------
    >>> binary_counts([0, 1, 1], [0.2, 0.7, 0.2]).tp.tolist()
    [1.0, 2.0]
    """
    p = _binary_problem(y_true, y_score, sample_weight, pos_label, from_logits, labels, "binary_counts", task)
    return exact_counts(p.y, p.score, p.weight)


def _warn_one_class(p: Problem, c: Counts, what: str) -> None:
    if c.P <= 0 or c.N <= 0:
        present = p.classes[0] if c.P <= 0 else p.classes[1]
        missing = "positive" if c.P <= 0 else "negative"
        warn(
            f"only one class is present in y_true ({present!r}): there are no {missing} samples, so the {what} "
            f"{'true' if missing == 'positive' else 'false'} positive rate is undefined (NaN).",
            UndefinedMetricWarning,
        )


def _averaged(
    metric: Metric,
    y_true: Any,
    y_score: Any,
    average: str | None,
    labels: Any,
    pos_label: Any,
    sample_weight: Any,
    from_logits: bool,
    task: str | None,
    multi_class: str = "ovr",
) -> float | np.ndarray:
    problem = as_problem(
        y_true,
        y_score,
        sample_weight=sample_weight,
        pos_label=pos_label,
        labels=labels,
        from_logits=from_logits,
        task=task,
        average=average,
    )
    return average_score(problem, metric, average, multi_class=multi_class)


def roc_curve(
    y_true: Labels,
    y_score: Scores,
    *,
    pos_label: Any = None,
    sample_weight: Weights = None,
    drop_intermediate: bool = True,
    from_logits: bool = False,
    labels: Any = None,
    task: str | None = None,
) -> RocCurve:
    """Exact ROC curve of a binary problem: the same points as ``sklearn.metrics.roc_curve``, plus its AUC.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels: 0/1, bools, {-1, 1}, or any two labels (string labels need ``pos_label``).
    y_score : array-like of shape (n_samples,) or (n_samples, 2)
        Scores (probabilities, logits or any decision values); of ``(n, 2)`` probabilities the positive class's
        column is used.
    pos_label : label, optional
        The positive class. By default the greater of two numeric labels.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights; zero-weight samples add no threshold.
    drop_intermediate : bool, default True
        Drop the points that lie on a straight line between their neighbours (as scikit-learn does).
    from_logits : bool, default False
        Whether ``(n, 2)`` scores are logits (softmax is applied).
    labels : sequence, optional
        The classes of ``y_score``'s columns, in order (by default the sorted labels of ``y_true``).
    task : {"binary"}, optional
        States the task: an error names the task found if the input is not binary. ``y_score`` may also be a
        normalized problem or an :class:`rocauc.Evaluation` (with ``y_true=None``): it is not validated again.

    Returns
    -------
    RocCurve
        ``fpr``, ``tpr`` and ``thresholds`` (decreasing; the first is ``inf``, the point (0, 0)); it unpacks like
        scikit-learn's tuple, and ``auc`` holds the area. With one class in ``y_true`` the undefined rate is NaN
        and an :class:`UndefinedMetricWarning` names the class present.

    Examples
    --------
    >>> fpr, tpr, thresholds = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> tpr.tolist(), roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).auc
    ([0.0, 0.5, 0.5, 1.0, 1.0], 0.75)
    """
    p = _binary_problem(y_true, y_score, sample_weight, pos_label, from_logits, labels, "roc_curve", task)
    c = exact_counts(p.y, p.score, p.weight)
    _warn_one_class(p, c, "ROC curve's")
    return roc_from_counts(c, _scores.auc(c), drop_intermediate)


def precision_recall_curve(
    y_true: Labels,
    y_score: Scores,
    *,
    pos_label: Any = None,
    sample_weight: Weights = None,
    drop_intermediate: bool = False,
    from_logits: bool = False,
    labels: Any = None,
    task: str | None = None,
) -> PrecisionRecallCurve:
    """Exact precision-recall curve of a binary problem: the same points as scikit-learn's.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels: 0/1, bools, {-1, 1}, or any two labels (string labels need ``pos_label``).
    y_score : array-like of shape (n_samples,) or (n_samples, 2)
        Scores (probabilities, logits or any decision values); of ``(n, 2)`` probabilities the positive class's
        column is used.
    pos_label : label, optional
        The positive class. By default the greater of two numeric labels.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights; zero-weight samples add no threshold.
    drop_intermediate : bool, default False
        Drop the points that do not change the curve's shape (as scikit-learn's option).
    from_logits : bool, default False
        Whether ``(n, 2)`` scores are logits (softmax is applied).
    labels : sequence, optional
        The classes of ``y_score``'s columns, in order (by default the sorted labels of ``y_true``).

    Returns
    -------
    PrecisionRecallCurve
        ``precision``, ``recall`` and ``thresholds`` in scikit-learn's order (increasing thresholds; the last point
        is precision 1, recall 0); it unpacks like scikit-learn's tuple, and ``average_precision`` holds the step
        sum.

    Examples
    --------
    >>> precision, recall, thresholds = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> recall.tolist()
    [1.0, 1.0, 0.5, 0.5, 0.0]
    """
    p = _binary_problem(y_true, y_score, sample_weight, pos_label, from_logits, labels, "precision_recall_curve", task)
    c = exact_counts(p.y, p.score, p.weight)
    if c.P <= 0:
        warn(
            f"only one class is present in y_true ({p.classes[0]!r}): no positive samples, so recall is set to 1 "
            "and average precision is undefined (NaN).",
            UndefinedMetricWarning,
        )
    return pr_from_counts(c, _scores.average_precision(c), drop_intermediate)


def roc_auc(
    y_true: Labels,
    y_score: Scores,
    *,
    average: str | None = "macro",
    multi_class: str = "ovr",
    labels: Any = None,
    pos_label: Any = None,
    sample_weight: Weights = None,
    max_fpr: float | None = None,
    from_logits: bool = False,
    task: str | None = None,
) -> float | np.ndarray:
    """Exact area under the ROC curve, for binary, multi-class and multi-label problems.

    Binary scores may be (n,) or (n, 2) (the positive class's column is used). Multi-class scores are (n, k)
    probabilities (``from_logits=True`` applies softmax); ``multi_class`` is ``"ovr"`` (averages ``"macro"``,
    ``"weighted"``, ``"micro"``, or ``None`` for per-class values) or ``"ovo"`` (Hand and Till). ``max_fpr`` gives
    McClish's standardized partial AUC. Same numbers as ``sklearn.metrics.roc_auc_score`` where it accepts the input.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        True labels: two classes (0/1, bools, {-1, 1}, strings with ``pos_label``), class labels of a multi-class
        problem, or an indicator matrix of a multi-label problem.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores: one column for binary problems (or ``(n, 2)`` probabilities, whose positive column is used),
        probabilities per class for multi-class problems (``from_logits=True`` for logits), one score per label
        for multi-label problems.
    average : {"macro", "weighted", "micro", "samples"} or None, default "macro"
        How the one-vs-rest scores of a multi-class or multi-label problem are averaged (``None``: one value per
        class). Ignored for binary problems.
    multi_class : {"ovr", "ovo"}, default "ovr"
        One class against the rest, or Hand and Till's one-vs-one average (``average`` "macro" or "weighted").
    labels : sequence, optional
        The classes of ``y_score``'s columns, in order (by default the sorted labels of ``y_true``).
    pos_label : label, optional
        The positive class of a binary problem. By default the greater of two numeric labels.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights.
    from_logits : bool, default False
        Whether multi-class (or ``(n, 2)``) scores are logits: softmax is applied. Without it, logits stop with an
        error that names this option.
    task : {"binary", "multiclass", "multilabel"}, optional
        What the inputs are, where their shapes leave it open (for instance a 0/1 matrix ``y_true``).
    max_fpr : float in (0, 1], optional
        Compute McClish's standardized partial AUC up to this false positive rate.

    Returns
    -------
    float or numpy.ndarray
        The AUC (an array of per-class values with ``average=None``). NaN, with an
        :class:`UndefinedMetricWarning`, where it is undefined (one class only).

    Examples
    --------
    >>> roc_auc([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4])
    1.0
    >>> roc_auc([0, 1, 0, 1], [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]])
    1.0
    """
    max_fpr = _validation.max_fpr(max_fpr)
    if max_fpr is None or max_fpr == 1:
        metric = ROC_AUC
    else:
        metric = Metric(f"partial ROC AUC (max_fpr={max_fpr})", partial(_scores.partial_auc, max_fpr=max_fpr))
    return _averaged(metric, y_true, y_score, average, labels, pos_label, sample_weight, from_logits, task, multi_class)


def average_precision(
    y_true: Labels,
    y_score: Scores,
    *,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    sample_weight: Weights = None,
    from_logits: bool = False,
    task: str | None = None,
) -> float | np.ndarray:
    """Average precision, scikit-learn's step sum over thresholds: the same numbers as
    ``sklearn.metrics.average_precision_score``, with the same averaging options as :func:`roc_auc`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        True labels: two classes (0/1, bools, {-1, 1}, strings with ``pos_label``), class labels of a multi-class
        problem, or an indicator matrix of a multi-label problem.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores: one column for binary problems (or ``(n, 2)`` probabilities, whose positive column is used),
        probabilities per class for multi-class problems (``from_logits=True`` for logits), one score per label
        for multi-label problems.
    average : {"macro", "weighted", "micro", "samples"} or None, default "macro"
        How the one-vs-rest scores of a multi-class or multi-label problem are averaged (``None``: one value per
        class). Ignored for binary problems.
    labels : sequence, optional
        The classes of ``y_score``'s columns, in order (by default the sorted labels of ``y_true``).
    pos_label : label, optional
        The positive class of a binary problem. By default the greater of two numeric labels.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights.
    from_logits : bool, default False
        Whether multi-class (or ``(n, 2)``) scores are logits: softmax is applied. Without it, logits stop with an
        error that names this option.
    task : {"binary", "multiclass", "multilabel"}, optional
        What the inputs are, where their shapes leave it open (for instance a 0/1 matrix ``y_true``).

    Returns
    -------
    float or numpy.ndarray
        The average precision (per class with ``average=None``); NaN with a warning when there are no positives.

    Examples
    --------
    >>> average_precision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.8333333333333333
    """
    return _averaged(AVERAGE_PRECISION, y_true, y_score, average, labels, pos_label, sample_weight, from_logits, task)


def pr_auc(
    y_true: Labels,
    y_score: Scores,
    *,
    average: str | None = "macro",
    labels: Any = None,
    pos_label: Any = None,
    sample_weight: Weights = None,
    from_logits: bool = False,
    task: str | None = None,
) -> float | np.ndarray:
    """Area under the precision-recall curve with Davis and Goadrich's interpolation: the exact counterpart of
    ``keras.metrics.AUC(curve="PR")``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_classes)
        True labels: two classes (0/1, bools, {-1, 1}, strings with ``pos_label``), class labels of a multi-class
        problem, or an indicator matrix of a multi-label problem.
    y_score : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores: one column for binary problems (or ``(n, 2)`` probabilities, whose positive column is used),
        probabilities per class for multi-class problems (``from_logits=True`` for logits), one score per label
        for multi-label problems.
    average : {"macro", "weighted", "micro", "samples"} or None, default "macro"
        How the one-vs-rest scores of a multi-class or multi-label problem are averaged (``None``: one value per
        class). Ignored for binary problems.
    labels : sequence, optional
        The classes of ``y_score``'s columns, in order (by default the sorted labels of ``y_true``).
    pos_label : label, optional
        The positive class of a binary problem. By default the greater of two numeric labels.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights.
    from_logits : bool, default False
        Whether multi-class (or ``(n, 2)``) scores are logits: softmax is applied. Without it, logits stop with an
        error that names this option.
    task : {"binary", "multiclass", "multilabel"}, optional
        What the inputs are, where their shapes leave it open (for instance a 0/1 matrix ``y_true``).

    Returns
    -------
    float or numpy.ndarray
        The area (per class with ``average=None``); NaN with a warning when there are no positives.

    Examples
    --------
    >>> round(pr_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 6)
    0.797267
    """
    return _averaged(PR_AUC, y_true, y_score, average, labels, pos_label, sample_weight, from_logits, task)
