"""Files larger than memory (public path; the code is :mod:`rocauc.integrations.outofcore`): the exact AUC and
evaluation of a file read in chunks."""

from rocauc.integrations.outofcore import evaluate, roc_auc

__all__ = ["roc_auc", "evaluate"]
