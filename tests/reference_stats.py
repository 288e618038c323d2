"""Textbook implementations of the statistics, written from the definitions for clarity (O(n0 * n1) and worse)."""

from __future__ import annotations

import math
from pathlib import Path
from statistics import NormalDist

import numpy as np


def structural_components(y, s, w=None):
    """DeLong, DeLong and Clarke-Pearson (1988): for each positive, V10 = weighted fraction of negatives it
    outranks (a tie counts one half); for each negative, V01 = weighted fraction of positives outranking it.
    Returns (auc, v10 over positives, v01 over negatives, positive weights, negative weights)."""
    y = np.asarray(y, bool)
    s = np.asarray(s, np.float64)
    w = np.ones(y.size) if w is None else np.asarray(w, np.float64)
    pos, neg = s[y], s[~y]
    wp, wn = w[y], w[~y]
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    v10 = (psi * wn[None, :]).sum(axis=1) / wn.sum()
    v01 = (psi * wp[:, None]).sum(axis=0) / wp.sum()
    auc = float((v10 * wp).sum() / wp.sum())
    return auc, v10, v01, wp, wn


def delong_covariance(y, scores, w=None):
    """DeLong's covariance matrix of the AUCs of several score vectors on the same samples.

    Unweighted: S = S10 / m + S01 / n with S10[r, s] = sum_i (V10_r,i - A_r)(V10_s,i - A_s) / (m - 1).
    Weighted (importance weights): each squared deviation weighted by w_i**2 / (sum w)**2, times m / (m - 1)
    (with unit weights this is S10 / m exactly).
    """
    comps = [structural_components(y, s, w) for s in scores]
    aucs = np.array([c[0] for c in comps])
    wp, wn = comps[0][3], comps[0][4]
    m, n = wp.size, wn.size
    d10 = np.array([c[1] - c[0] for c in comps])
    d01 = np.array([c[2] - c[0] for c in comps])
    s10 = (d10 * wp**2) @ d10.T / wp.sum() ** 2 * m / (m - 1)
    s01 = (d01 * wn**2) @ d01.T / wn.sum() ** 2 * n / (n - 1)
    return aucs, s10 + s01


def unweighted_delong_variance(y, s):
    """DeLong's variance in its original form: S10 / m + S01 / n with sample variances (denominator m - 1)."""
    auc, v10, v01, _, _ = structural_components(y, s)
    m, n = v10.size, v01.size
    return auc, float(np.var(v10, ddof=1) / m + np.var(v01, ddof=1) / n)


def wilson(successes, total, level=0.95):
    """Wilson (1927): the p whose normal score test at level ``level`` is not rejected, i.e. the roots of
    (p_hat - p)**2 = z**2 p (1 - p) / n, solved as a quadratic in p."""
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p_hat = successes / total
    a = 1 + z * z / total
    b = -(2 * p_hat + z * z / total)
    c = p_hat * p_hat
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


def holm(p_values):
    """Holm (1979) step-down adjusted p-values: the k-th smallest p times (m - k + 1), made monotone, capped at 1."""
    p = np.asarray(p_values, float)
    m = p.size
    order = np.argsort(p)
    adjusted = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def jackknife_acceleration(values_without):
    """Efron's BCa acceleration from leave-one-out values theta_(i)."""
    t = np.asarray(values_without, float)
    d = t.mean() - t
    return float((d**3).sum() / (6 * (d**2).sum() ** 1.5))


def confusion_at(y, s, threshold, w=None):
    """(tp, fp, tn, fn) weights of the rule score >= threshold, by brute force."""
    y = np.asarray(y, bool)
    s = np.asarray(s, float)
    w = np.ones(y.size) if w is None else np.asarray(w, float)
    pred = s >= threshold
    return (float(w[pred & y].sum()), float(w[pred & ~y].sum()), float(w[~pred & ~y].sum()), float(w[~pred & y].sum()))


ASAH_PATH = Path(__file__).resolve().parent / "data" / "aSAH.csv"


def load_asah():
    """pROC's aSAH data set (public pROC data, vendored as tests/data/aSAH.csv) and its outcome as booleans (Poor
    is positive)."""
    import pandas as pd

    d = pd.read_csv(ASAH_PATH)
    return d, (d["outcome"] == "Poor").to_numpy()


def roc_vertices(y, s, w=None):
    """ROC vertices by a brute-force threshold sweep over the distinct scores (decreasing), starting at (0, 0)."""
    y = np.asarray(y, bool)
    s = np.asarray(s, float)
    w = np.ones(y.size) if w is None else np.asarray(w, float)
    P, N = w[y].sum(), w[~y].sum()
    fpr, tpr = [0.0], [0.0]
    for t in sorted(set(s.tolist()), reverse=True):
        above = s >= t
        fpr.append(w[above & ~y].sum() / N)
        tpr.append(w[above & y].sum() / P)
    return np.array(fpr), np.array(tpr)


def _integral_over(x, h, lo, hi):
    """Integral over [lo, hi] of the piecewise-linear function through (x[k], h[k]) (x non-decreasing; vertical
    segments have no width), segment by segment."""
    total = 0.0
    for k in range(1, x.size):
        x0, x1, h0, h1 = x[k - 1], x[k], h[k - 1], h[k]
        left, right = max(x0, lo), min(x1, hi)
        if right <= left or x1 == x0:
            continue
        slope = (h1 - h0) / (x1 - x0)
        at_left, at_right = h0 + (left - x0) * slope, h0 + (right - x0) * slope
        total += (right - left) * (at_left + at_right) / 2
    return total


def partial_area_definition(y, s, w=None, fpr=None, tpr=None):
    """pROC's partial area from its definition: the integral of TPR over FPR in ``fpr``, or of the specificity
    (1 - FPR) over TPR in ``tpr``."""
    F, T = roc_vertices(y, s, w)
    if fpr is not None:
        return _integral_over(F, T, *fpr)
    return _integral_over(T, 1 - F, *tpr)


def tpr_at_fpr(y, s, x, w=None):
    """The ROC curve's sensitivity at false positive rate ``x``: linear between the brute-force vertices; on a
    vertical jump at ``x``, its top (pROC's coords(input="specificity") picks the highest sensitivity)."""
    F, T = roc_vertices(y, s, w)
    at = [t for f, t in zip(F, T) if f == x]
    if at:
        return max(at)
    k = max(i for i in range(F.size) if F[i] < x)
    return T[k] + (x - F[k]) * (T[k + 1] - T[k]) / (F[k + 1] - F[k])


def precision_at_recall(y, s, r, w=None):
    """Precision of the highest threshold whose recall is at least ``r`` (brute force over the distinct scores)."""
    y = np.asarray(y, bool)
    s = np.asarray(s, float)
    w = np.ones(y.size) if w is None else np.asarray(w, float)
    P = w[y].sum()
    for t in sorted(set(s.tolist()), reverse=True):
        above = s >= t
        tp, fp = w[above & y].sum(), w[above & ~y].sum()
        if tp / P >= r:
            return tp / (tp + fp) if tp + fp > 0 else 1.0
    raise AssertionError("unreachable: the lowest threshold has recall 1")


def venkatraman_paired_e(y, a, b):
    """Venkatraman and Begg (1996): with ranks 1..n of each score (ties in order of appearance), for each k the
    errors of "positive iff rank > k" are the positives ranked <= k plus the negatives ranked > k; E sums the absolute
    differences of the two classifiers' errors over k = 1..n."""
    y = np.asarray(y, bool)
    n = y.size

    def ranks(s):
        order = sorted(range(n), key=lambda i: (s[i], i))
        r = [0] * n
        for position, i in enumerate(order):
            r[i] = position + 1
        return r

    ra, rb = ranks(list(a)), ranks(list(b))
    total = 0
    for k in range(1, n + 1):
        ea = sum(1 for i in range(n) if y[i] and ra[i] <= k) + sum(1 for i in range(n) if not y[i] and ra[i] > k)
        eb = sum(1 for i in range(n) if y[i] and rb[i] <= k) + sum(1 for i in range(n) if not y[i] and rb[i] > k)
        total += abs(ea - eb)
    return float(total)


def specificity_at_tpr(y, s, t, w=None):
    """The ROC curve's specificity at true positive rate ``t`` (pROC's ci.sp): on a horizontal run at ``t`` its
    best specificity, else linear between the brute-force vertices."""
    F, T = roc_vertices(y, s, w)
    on = [f for f, tt in zip(F, T) if tt == t]
    if on:
        return 1 - min(on)
    k = max(i for i in range(T.size) if T[i] < t)
    return 1 - (F[k] + (t - T[k]) * (F[k + 1] - F[k]) / (T[k + 1] - T[k]))


def interpolated_precision_at_recall(y, s, r, w=None):
    """Precision at recall ``r`` of the precision-recall curve interpolated in ROC space (Davis and Goadrich):
    r P / (r P + FPR(r) N) with FPR(r) from :func:`specificity_at_tpr`; 1 at recall 0."""
    y = np.asarray(y, bool)
    w = np.ones(y.size) if w is None else np.asarray(w, float)
    P, N = w[y].sum(), w[~y].sum()
    if r == 0:
        return 1.0
    fpr = 1 - specificity_at_tpr(y, s, r, w)
    return r * P / (r * P + fpr * N)
