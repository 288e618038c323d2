"""The configuration of a :class:`~rocauc.StreamingAUC`, validated once: its bucket edges (Keras-compatible
thresholds, or high-resolution buckets on the float's bits), curve, summation method, averaging, and the labels of
the problem it will see. It is what two states must share to be merged, and the ``config`` of their ``to_dict``.

>>> c = StreamingConfig.from_arguments(bits=20, curve="pr")
>>> c.curve_name, c.bits, c.num_thresholds
('PR', 20, None)
>>> StreamingConfig.from_arguments(num_thresholds=3).to_dict()["num_thresholds"]
3
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core import validation as _validation
from ..core.binning import CURVES, SUMMATION_METHODS, Edges, bit_edges, keras_edges
from ..core.inputs import _py

__all__ = ["AVERAGES", "StreamingConfig"]

AVERAGES = ("macro", "weighted", "micro", None)


def _choice(value: Any, options: tuple, name: str) -> str:
    return _validation.choice(value, name, options, ignore_case=True)


@dataclass(frozen=True, eq=False)
class StreamingConfig:
    """The validated constructor arguments of a :class:`~rocauc.StreamingAUC` (see there for their meaning).

    Examples
    --------
    >>> StreamingConfig.from_arguments(num_thresholds=3).edges.thresholds.tolist()
    [-1e-07, 0.5, 1.0000001]
    """

    edges: Edges
    curve_name: str
    summation_method: str
    multi_label: bool
    num_labels: int | None
    label_weights: np.ndarray | None
    from_logits: bool
    average: str | None
    labels: list | None
    pos_label: Any

    @classmethod
    def from_arguments(
        cls,
        num_thresholds: int = 200,
        curve: str = "ROC",
        summation_method: str = "interpolation",
        *,
        thresholds: Any = None,
        multi_label: bool = False,
        num_labels: int | None = None,
        label_weights: Any = None,
        from_logits: bool = False,
        bits: int | None = None,
        average: str | None = "macro",
        labels: Any = None,
        pos_label: Any = None,
    ) -> StreamingConfig:
        """Check every argument (one message per mistake) and build the configuration."""
        curve_name = _choice(curve, CURVES, "curve")
        summation_method = _choice(summation_method, SUMMATION_METHODS, "summation_method")
        if bits is not None:
            if thresholds is not None or num_thresholds != 200:
                raise ValueError(
                    "bits= selects the high-resolution buckets; num_thresholds= and thresholds= belong to the "
                    "Keras-compatible configuration. Pass one or the other."
                )
            edges = bit_edges(bits)
        else:
            edges = keras_edges(num_thresholds, thresholds)
        average = _validation.choice(average, "average", AVERAGES)
        from_logits = _validation.flag(from_logits, "from_logits")
        multi_label = _validation.flag(multi_label, "multi_label")
        if num_labels is not None:
            num_labels = _validation.integer(num_labels, "num_labels", low=1)
        if num_labels is not None and not multi_label:
            raise ValueError("num_labels is needed only when multi_label=True.")
        if label_weights is not None:
            lw = np.asarray(label_weights, dtype=np.float64)
            if lw.ndim != 1 or not np.isfinite(lw).all() or (lw < 0).any() or lw.sum() <= 0:
                raise ValueError(
                    f"label_weights must be a 1-d list of non-negative numbers, not all 0; got {label_weights!r}."
                )
            if average == "weighted":
                raise ValueError(
                    "label_weights weight the classes themselves; they cannot be combined with "
                    "average='weighted' (weights by class prevalence). Use average='macro'."
                )
            label_weights = lw
        return cls(
            edges=edges,
            curve_name=curve_name,
            summation_method=summation_method,
            multi_label=bool(multi_label),
            num_labels=num_labels,
            label_weights=label_weights,
            from_logits=bool(from_logits),
            average=average,
            labels=None if labels is None else list(np.asarray(labels).tolist()),
            pos_label=pos_label,
        )

    @property
    def num_thresholds(self) -> int | None:
        return None if self.edges.kind == "bits" else self.edges.n_buckets

    @property
    def bits(self) -> int | None:
        return self.edges.bits

    @property
    def thresholds(self) -> list[float] | None:
        """The Keras thresholds (with the epsilon ends), as keras.metrics.AUC.thresholds; None with ``bits``."""
        return None if self.edges.kind == "bits" else self.edges._t.tolist()

    def to_dict(self) -> dict:
        """The constructor arguments (JSON-serializable)."""
        return {
            "num_thresholds": 200 if self.edges.kind != "linear" else self.edges.n_buckets,
            "curve": self.curve_name,
            "summation_method": self.summation_method,
            "thresholds": self.edges.to_dict()["thresholds"] if self.edges.kind == "thresholds" else None,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": None if self.label_weights is None else self.label_weights.tolist(),
            "from_logits": self.from_logits,
            "bits": self.edges.bits,
            "average": self.average,
            "labels": self.labels,
            "pos_label": _py(self.pos_label),
        }
