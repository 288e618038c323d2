"""Slow, definitional implementations that the fast code is checked against. Written for clarity, not speed."""

from __future__ import annotations

import numpy as np


def pair_auc(y, s, w=None) -> float:
    """AUC as the weighted fraction of (positive, negative) pairs ranked correctly, a tie counting one half."""
    y = np.asarray(y, bool)
    s = np.asarray(s, np.float64)
    w = np.ones(y.size) if w is None else np.asarray(w, np.float64)
    pos, neg = s[y], s[~y]
    wp, wn = w[y], w[~y]
    if wp.sum() == 0 or wn.sum() == 0:
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).astype(float)
    ties = (pos[:, None] == neg[None, :]).astype(float)
    pair_w = wp[:, None] * wn[None, :]
    return float(((greater + 0.5 * ties) * pair_w).sum() / pair_w.sum())


def threshold_sweep(y, s, w=None):
    """(thresholds, tp, fp): for each distinct score t, descending, the weight predicted positive by s >= t."""
    y = np.asarray(y, bool)
    s = np.asarray(s, np.float64)
    w = np.ones(y.size) if w is None else np.asarray(w, np.float64)
    keep = w != 0
    y, s, w = y[keep], s[keep], w[keep]
    thresholds = np.unique(s)[::-1]
    tp = np.array([w[(s >= t) & y].sum() for t in thresholds])
    fp = np.array([w[(s >= t) & ~y].sum() for t in thresholds])
    return thresholds, tp, fp


def davis_goadrich_pr_auc(y, s, w=None) -> float:
    """PR-AUC: between consecutive thresholds, tp grows linearly with the predicted positives p = tp + fp, so
    precision(p) = tp(p) / p; integrate precision d(recall) numerically (midpoint rule, many steps)."""
    thresholds, tp, fp = threshold_sweep(y, s, w)
    P = tp[-1]
    tp = np.r_[0.0, tp]
    p = tp + np.r_[0.0, fp]
    total = 0.0
    for i in range(1, tp.size):
        if tp[i] == tp[i - 1]:
            continue
        steps = 20000
        frac = (np.arange(steps) + 0.5) / steps
        pp = p[i - 1] + frac * (p[i] - p[i - 1])
        tt = tp[i - 1] + frac * (tp[i] - tp[i - 1])
        precision = np.where(pp > 0, tt / np.where(pp > 0, pp, 1), tp[i] / p[i])
        total += precision.mean() * (tp[i] - tp[i - 1]) / P
    return total


def step_average_precision(y, s, w=None) -> float:
    """Average precision as the mean, over positive weight, of the precision at each positive's threshold."""
    thresholds, tp, fp = threshold_sweep(y, s, w)
    dtp = np.diff(np.r_[0.0, tp])
    return float(np.sum(dtp * tp / (tp + fp)) / tp[-1])
