"""Keras adapter (public path; the code is :mod:`rocauc.integrations.keras`): a drop-in ``AUC`` metric, a callback
writing the exact validation AUC into the logs, and ``evaluate_model``. It needs ``keras>=3`` and one backend.

>>> import rocauc.keras                                   # doctest: +SKIP
>>> model.compile(loss="binary_crossentropy", metrics=[rocauc.keras.AUC()])   # doctest: +SKIP

A ``.keras`` file that holds the metric loads where ``rocauc.keras`` has been imported (the metric is registered
as ``rocauc>AUC``).
"""

from rocauc.integrations.keras import AUC, ROCCallback, evaluate_model, output_activation

__all__ = ["AUC", "ROCCallback", "evaluate_model", "output_activation"]
