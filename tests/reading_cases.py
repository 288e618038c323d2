"""Data whose partial views read otherwise than the whole (the engines' reading, tests/test_engine_reading.py and
tests/test_spark.py), and the comparison of an engine's evaluation with the in-memory one."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

TOL = 1e-9
FAMILIES = ("multilabel", "multilabel-softmax", "plus-minus", "pair", "strings", "shifted-codes", "two-column-pos0")


@st.composite
def hazards(draw, family=None):
    """(y, s, options, m): data whose first ``m`` rows alone read otherwise than the whole (see the module)."""
    family = family or draw(st.sampled_from(FAMILIES))
    n = draw(st.integers(8, 40))
    m = draw(st.integers(2, n - 3))  # the misleading block, then the rest
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    grid = arrays(np.float64, (n,), elements=st.integers(0, 8).map(lambda v: v / 8))
    options: dict = {}
    if family.startswith("multilabel"):
        k = draw(st.integers(2, 4))
        y = rng.integers(0, 2, (n, k))
        y[:m] = 0
        y[np.arange(m), rng.integers(0, k, m)] = 1  # one-hot rows only
        y[-1] = 1  # a row of several labels after them
        y[-2] = 1 - y[-1]
        s = np.column_stack([draw(grid) for _ in range(k)])
        if family == "multilabel-softmax":  # the one-hot block reads as multi-class without an error
            s = (s + 0.125) / (s + 0.125).sum(axis=1, keepdims=True)
    elif family in ("plus-minus", "pair", "two-column-pos0"):
        lo, hi = {"plus-minus": (-1, 1), "pair": (2, 5), "two-column-pos0": (0, 1)}[family]
        y = np.where(rng.random(n) < 0.5, lo, hi)
        y[:m] = lo if family == "two-column-pos0" else hi  # one class alone
        y[-1], y[-2] = lo, hi
        s = draw(grid)
        if family == "two-column-pos0":
            s = np.column_stack([1 - s, s])
            options = {"pos_label": 0}
    else:
        k = 3
        codes = rng.integers(0, k, n)
        codes[:m] = rng.integers(0, 2, m)  # the last class is missing from the block
        codes[-3:] = [0, 1, 2]
        names = np.array(["ant", "bee", "cat"]) if family == "strings" else np.array([1, 2, 3])
        y = names[codes]
        raw = np.column_stack([draw(grid) for _ in range(k)]) + 0.125
        s = raw / raw.sum(axis=1, keepdims=True)
    return y, s, options, m


@st.composite
def chunked(draw, family=None):
    """Hazard data and chunk sizes with a boundary at the end of the misleading block (so a chunk holds only its
    rows), and others anywhere."""
    y, s, options, m = draw(hazards(family))
    n = len(y)
    cuts = sorted(set(draw(st.lists(st.integers(1, n - 1), max_size=4))) | {m})
    sizes = tuple(int(b - a) for a, b in zip([0, *cuts], [*cuts, n]))
    return y, s, options, sizes


def same(a, b, what):
    assert (np.isnan(a) and np.isnan(b)) or a == pytest.approx(b, abs=TOL), what


def same_evaluation(ev, ev0):
    assert ev.task == ev0.task
    assert list(ev.labels) == [v.item() if isinstance(v, np.generic) else v for v in ev0.labels]
    assert ev.positive_label == ev0.positive_label
    for c, c0 in zip(ev.classes, ev0.classes, strict=True):
        assert c.label == c0.label
        for name in ("roc_auc", "average_precision", "pr_auc"):
            same(getattr(c, name), getattr(c0, name), (c.label, name))
    keys = ("binary",) if ev0.task == "binary" else ("macro", "weighted", "micro")
    for name in ("roc_auc", "average_precision"):
        for key in keys:
            same(ev.averages[name][key], ev0.averages[name][key], (name, key))
    np.testing.assert_allclose(ev.decision.matrix, ev0.decision.matrix, atol=TOL)
    if ev0.intervals is not None:
        for key, ci in ev0.intervals.averages["roc_auc"].items():
            for name in ("estimate", "low", "high"):
                same(getattr(ev.intervals.averages["roc_auc"][key], name), getattr(ci, name), (key, name))


def columns(a, name):
    """``{name: a}``, or one column per column of a 2-d ``a`` (``name0``, ``name1`` ...)."""
    return {name: a} if a.ndim == 1 else {f"{name}{j}": a[:, j] for j in range(a.shape[1])}


def names(a, name):
    return name if a.ndim == 1 else [f"{name}{j}" for j in range(a.shape[1])]
