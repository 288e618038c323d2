"""Hypothesis strategies shared by the tests: labels, scores with many ties, dyadic weights."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

SCORE_POOL = np.array([-3.0, -1.0, -0.0, 0.0, 0.1, 0.25, 0.5, 0.7, 0.9, 1.0, 2.5, 1e-30], dtype=np.float64)


@st.composite
def binary_data(draw, min_size=2, max_size=60, weights=False, dtype=None, both_classes=True):
    n = draw(st.integers(min_size, max_size))
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    if both_classes and (y.all() or not y.any()):
        y[0] = not y[0]
    tied = draw(st.booleans())
    if tied:
        idx = draw(st.lists(st.integers(0, SCORE_POOL.size - 1), min_size=n, max_size=n))
        s = SCORE_POOL[idx]
    else:
        s = draw(arrays(np.float64, n, elements=st.floats(-1e6, 1e6, allow_nan=False, width=32)))
    dtype = dtype or draw(st.sampled_from([np.float64, np.float32]))
    s = s.astype(dtype)
    w = None
    if weights:
        # multiples of 1/8 are exact in binary floating point: sums do not depend on the order of addition
        w = np.array(draw(st.lists(st.integers(0, 24), min_size=n, max_size=n)), dtype=np.float64) / 8.0
        if w[y].sum() == 0:
            w[np.flatnonzero(y)[0]] = 1.0
        if w[~y].sum() == 0:
            w[np.flatnonzero(~y)[0]] = 1.0
    return y, s, w


@st.composite
def multiclass_data(draw, max_size=60, k=None):
    k = k or draw(st.integers(3, 5))
    n = draw(st.integers(k, max_size))
    y = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    y[:k] = np.arange(k)  # every class present
    raw = draw(arrays(np.float64, (n, k), elements=st.integers(1, 6).map(float)))
    p = raw / raw.sum(axis=1, keepdims=True)  # probabilities with ties
    return y, p


@st.composite
def multilabel_data(draw, max_size=40):
    k = draw(st.integers(2, 4))
    n = draw(st.integers(4, max_size))
    Y = draw(arrays(np.int64, (n, k), elements=st.integers(0, 1)))
    Y[0, :] = 1
    Y[1, :] = 0
    S = draw(arrays(np.float64, (n, k), elements=st.integers(0, 8).map(lambda v: v / 8)))
    return Y, S
