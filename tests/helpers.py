"""Helpers shared by several test files (not tests themselves)."""

from __future__ import annotations

import re

import numpy as np
import pytest


def parse_table(text: str, header_start: str = "model") -> list[dict[str, str]]:
    """Rows of the aligned table whose header line starts with ``header_start``: cells split on 2+ spaces."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    header = re.split(r"\s{2,}", lines[start].strip())
    rows = []
    for line in lines[start + 2 :]:
        if not line.strip():
            break
        rows.append(dict(zip(header, re.split(r"\s{2,}", line.strip()))))
    return rows


def keras_auc_case(rng: np.random.Generator, *, streaming: bool) -> tuple[dict, list]:
    """A random keras.metrics.AUC configuration and its data cut into batches: (kwargs, [(y, s, w), ...]).

    ``streaming=True`` also draws what only StreamingAUC takes (lower-case curve names, ``num_labels``);
    ``streaming=False`` also draws (n, 1) columns, which the Keras metric takes.
    """
    n = int(rng.integers(5, 300))
    curves = ["ROC", "PR", "roc", "pr"] if streaming else ["ROC", "PR"]
    kw = {
        "curve": str(rng.choice(curves)),
        "summation_method": str(rng.choice(["interpolation", "minoring", "majoring"])),
    }
    if rng.random() < 0.3:
        kw["num_thresholds"] = int(rng.integers(2, 300))
    elif rng.random() < 0.4:
        kw["thresholds"] = list(np.round(rng.random(int(rng.integers(1, 60))), int(rng.integers(1, 8))))
    if rng.random() < 0.3:
        k = int(rng.integers(2, 5))
        y = (rng.random((n, k)) < 0.4).astype(np.float32)
        y[0], y[1] = 1, 0
        s = rng.random((n, k)).astype(np.float32)
        kw["multi_label"] = True
        if rng.random() < 0.5:
            kw["label_weights"] = list(rng.random(k) + 0.1)
        if streaming and rng.random() < 0.5:
            kw["num_labels"] = k
    else:
        y = (rng.random(n) < rng.uniform(0.05, 0.95)).astype(np.float32)
        y[0], y[1] = 1, 0
        s = rng.random(n).astype(np.float32)
        if rng.random() < 0.3:
            s = np.round(s, 2)  # ties, and scores on the thresholds
        if not streaming and rng.random() < 0.5:
            s, y = s[:, None], y[:, None]
    if rng.random() < 0.3:
        s = (rng.normal(size=s.shape) * 3).astype(np.float32)
        kw["from_logits"] = True
    w = None
    if rng.random() < 0.3:
        w = rng.integers(0, 4, n).astype(np.float32)
        w[:2] = 1
    cuts = np.sort(rng.integers(0, n, int(rng.integers(0, 4))))
    batches = [(y[p], s[p], None if w is None else w[p]) for p in np.split(np.arange(n), cuts) if p.size]
    return kw, batches


def same_interval(got, expected, tol: float = 1e-9) -> None:
    """Two intervals alike: method, level, and estimate, bounds and standard error within ``tol`` (NaN matches NaN)."""
    assert got.method == expected.method and got.level == expected.level
    for name in ("estimate", "low", "high", "std_error"):
        a, b = getattr(got, name), getattr(expected, name)
        assert (np.isnan(a) and np.isnan(b)) or a == pytest.approx(b, abs=tol), name


def same_intervals(got, expected) -> None:
    """An engine evaluation's intervals against rocauc.evaluate's: every ROC AUC interval, per class and averaged."""
    assert got.level == expected.level
    assert got.averages["roc_auc"].keys() == expected.averages["roc_auc"].keys()
    for key, ci in expected.averages["roc_auc"].items():
        same_interval(got.averages["roc_auc"][key], ci)
    assert list(got.per_class["roc_auc"]) == list(expected.per_class["roc_auc"])
    for label, ci in expected.per_class["roc_auc"].items():
        same_interval(got.per_class["roc_auc"][label], ci)
