"""Dask adapter (public path; the code is :mod:`rocauc.integrations.dask`): exact AUC, curves, intervals and
evaluations of data that lives in a Dask dataframe, with the arithmetic of the core."""

from rocauc.integrations.dask import (
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
