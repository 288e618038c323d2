"""``StreamingAUC``: the AUC of data seen in batches, Keras-compatible or high-resolution with certified bounds.

>>> from rocauc.streaming import StreamingAUC
>>> StreamingAUC().update([0, 1, 0, 1], [0.1, 0.9, 0.4, 0.6]).result()
1.0
"""

from .state import StreamingAUC

__all__ = ["StreamingAUC"]
