"""Spark adapter (public path; the code is :mod:`rocauc.integrations.spark`): exact AUC, curves, intervals and
evaluations of data that lives in a Spark dataframe, with the arithmetic of the core."""

from rocauc.integrations.spark import (
    average_precision,
    evaluate,
    pr_auc,
    precision_recall_curve,
    roc_auc,
    roc_auc_ci,
    roc_curve,
    sketch,
)

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
