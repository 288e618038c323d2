"""More tests of two ROC curves (pROC's ``roc.test`` methods beyond DeLong and the AUC bootstrap):

- Student's t distribution (for the unpaired DeLong test with Welch-Satterthwaite degrees of freedom, as pROC);
- Venkatraman's permutation test that two whole ROC curves are equal, paired (Venkatraman and Begg 1996) and
  unpaired (Venkatraman 2000);
- the test of the sensitivity at a fixed specificity (or the specificity at a fixed sensitivity), with the
  bootstrap standard deviation of the difference (pROC's ``method="sensitivity"`` / ``"specificity"``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..core.inputs import Problem
from . import bootstrap as bs
from .delong import layout

__all__ = [
    "student_t_sf",
    "student_t_quantile",
    "welch_df",
    "venkatraman_statistic",
    "venkatraman_unpaired_statistic",
    "venkatraman_test",
    "venkatraman_unpaired_test",
    "rate_test",
]

_NAN = float("nan")


# ------------------------------------------------------------------------------------------------- Student's t


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta I_x(a, b), by its continued fraction (modified Lentz), using the symmetry
    I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1.0) / (a + b + 2.0):
        return 1.0 - _incomplete_beta(b, a, 1.0 - x)
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    tiny = 1e-300
    f, c, d = 1.0, 1.0, 0.0
    for i in range(0, 400):
        m = i // 2
        if i == 0:
            numerator = 1.0
        elif i % 2 == 0:
            numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        else:
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1.0 + numerator * d
        d = tiny if abs(d) < tiny else d
        c = 1.0 + numerator / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        f *= c * d
        if abs(1.0 - c * d) < 1e-15:
            break
    return math.exp(log_front) * (f - 1.0) / a


def student_t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with ``df`` degrees of freedom (``df`` may be fractional; infinite is normal).

    >>> round(student_t_sf(2.0, 10), 6)
    0.036694
    """
    if not np.isfinite(t):
        return 0.0 if t > 0 else 1.0 if t < 0 else _NAN
    if not np.isfinite(df):
        return bs.normal_sf(t)
    if abs(t) < 1.0:  # near zero: P(|T| < t) = I_{t^2 / (df + t^2)}(1/2, df/2) keeps its digits
        central = _incomplete_beta(0.5, df / 2.0, t * t / (df + t * t))
        return 0.5 - math.copysign(0.5 * central, t)
    tail = 0.5 * _incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return tail if t > 0 else 1.0 - tail


def student_t_quantile(p: float, df: float) -> float:
    """The t with P(T <= t) = p, by bisection on :func:`student_t_sf`."""
    if not np.isfinite(df):
        return bs.normal_quantile(p)
    lo, hi = -1e3, 1e3
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if 1.0 - student_t_sf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def welch_df(var_a: float, var_b: float, n_a: int, n_b: int) -> float:
    """Welch-Satterthwaite degrees of freedom of a difference of two independent estimates with variances
    ``var_a``, ``var_b`` from ``n_a``, ``n_b`` samples (pROC's unpaired DeLong test uses all samples of each set)."""
    total = var_a + var_b
    denominator = var_a**2 / (n_a - 1) + var_b**2 / (n_b - 1)
    return total * total / denominator if denominator > 0 else math.inf


# ------------------------------------------------------------------------------------------------- Venkatraman


def _ranks(score: np.ndarray, rng: np.random.Generator | None) -> np.ndarray:
    """(rows, n) ranks 0..n-1 of each row; ties in order of appearance (rng None) or in random order."""
    if rng is None:
        return np.argsort(np.argsort(score, axis=-1, kind="stable"), axis=-1, kind="stable")
    jitter = rng.random(score.shape)
    order = np.lexsort((jitter, score), axis=-1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(score.shape[-1])[None, :].repeat(score.shape[0], 0), axis=-1)
    return ranks


def _errors_by_rank(ranks: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(rows, n) number of errors of the rule "positive iff rank >= k" for k = 1..n: the positives ranked below k
    plus the negatives ranked at or above it."""
    B, n = ranks.shape
    positive_at = np.zeros((B, n), dtype=np.int64)
    np.put_along_axis(positive_at, ranks, np.broadcast_to(y.astype(np.int64), (B, n)), axis=-1)
    positives_below = np.cumsum(positive_at, axis=1)  # positives with rank <= k - 1 (0-based rank < k)
    negatives_below = np.arange(1, n + 1)[None, :] - positives_below
    n_negative = int(np.count_nonzero(~y))
    return positives_below + (n_negative - negatives_below)


def venkatraman_statistic(y: np.ndarray, score_a: np.ndarray, score_b: np.ndarray) -> float:
    """Venkatraman and Begg's E: the sum over rank thresholds of the absolute difference of the two classifiers'
    numbers of errors (ties ranked in order of appearance, as pROC's ``ties.method="first"``).

    >>> venkatraman_statistic(np.array([0, 0, 1, 1], bool), np.array([1., 2, 3, 4]), np.array([1., 3, 2, 4]))
    2.0
    """
    ra = _ranks(score_a[None, :], None)
    rb = _ranks(score_b[None, :], None)
    return float(np.abs(_errors_by_rank(ra, y) - _errors_by_rank(rb, y)).sum())


def venkatraman_test(
    y: np.ndarray,
    score_a: np.ndarray,
    score_b: np.ndarray,
    n_permutations: int,
    rng: np.random.Generator,
    chunk: int = 256,
) -> tuple[float, float]:
    """(E, p-value) of the paired permutation test: each case's two ranks are exchanged with probability 1/2
    (ties broken at random), and p = (1 + #{E* >= E}) / (1 + permutations)."""
    E = venkatraman_statistic(y, score_a, score_b)
    ra = _ranks(score_a[None, :], None)[0].astype(np.float64)
    rb = _ranks(score_b[None, :], None)[0].astype(np.float64)
    larger = 0
    done = 0
    while done < n_permutations:
        b = min(chunk, n_permutations - done)
        swap = rng.random((b, y.size)) < 0.5
        xa = np.where(swap, rb, ra)
        xb = np.where(swap, ra, rb)
        ea = _errors_by_rank(_ranks(xa, rng), y)
        eb = _errors_by_rank(_ranks(xb, rng), y)
        larger += int(np.count_nonzero(np.abs(ea - eb).sum(axis=1) >= E - 1e-9))
        done += b
    return E, (1.0 + larger) / (1.0 + n_permutations)


def _mixture_curve(ranks: np.ndarray, y: np.ndarray, mix: float) -> tuple[np.ndarray, np.ndarray]:
    """(mixture CDF, error rate) at each rank threshold k = 1..n of one set (Venkatraman 2000)."""
    B, n = ranks.shape
    positive_at = np.zeros((B, n))
    np.put_along_axis(positive_at, ranks, np.broadcast_to(y.astype(np.float64), (B, n)), axis=-1)
    P = float(np.count_nonzero(y))
    N = n - P
    f = np.cumsum(positive_at, axis=1) / P  # share of positives ranked below the threshold
    g = (np.arange(1, n + 1)[None, :] - np.cumsum(positive_at, axis=1)) / N  # share of negatives
    return mix * f + (1 - mix) * g, mix * f + (1 - mix) * (1 - g)


def _integrated_gap(pa: np.ndarray, ea: np.ndarray, pb: np.ndarray, eb: np.ndarray) -> float:
    """Trapezoid integral over the union grid of |e_a(p) - e_b(p)|, each curve linear between its points."""
    x = np.sort(np.concatenate([pa, pb]))
    lo, hi = max(pa[0], pb[0]), min(pa[-1], pb[-1])
    x = x[(x >= lo) & (x <= hi)]
    gap = np.abs(np.interp(x, pa, ea) - np.interp(x, pb, eb))
    return float(np.sum(np.diff(x) * (gap[1:] + gap[:-1]) / 2.0))


def venkatraman_unpaired_statistic(
    ya: np.ndarray, sa: np.ndarray, yb: np.ndarray, sb: np.ndarray, rng: np.random.Generator | None = None
) -> float:
    """Venkatraman's unpaired E: the area between the two sets' error-rate curves, each drawn against its mixture
    CDF of the scores (the mixing proportion is the share of positives in both sets together)."""
    mix = (np.count_nonzero(ya) + np.count_nonzero(yb)) / (ya.size + yb.size)
    pa, ea = _mixture_curve(_ranks(sa[None, :], rng), ya, mix)
    pb, eb = _mixture_curve(_ranks(sb[None, :], rng), yb, mix)
    return _integrated_gap(pa[0], ea[0], pb[0], eb[0])


def venkatraman_unpaired_test(
    ya: np.ndarray, sa: np.ndarray, yb: np.ndarray, sb: np.ndarray, n_permutations: int, rng: np.random.Generator
) -> tuple[float, float]:
    """(E, p-value) of the unpaired permutation test: the scores are turned into within-set rank fractions, the
    positives of both sets are pooled and dealt back at random (likewise the negatives), ties broken at random."""
    E = venkatraman_unpaired_statistic(ya, sa, yb, sb)
    ua = (_ranks(sa[None, :], None)[0] + 1.0) / sa.size
    ub = (_ranks(sb[None, :], None)[0] + 1.0) / sb.size
    positives = np.concatenate([ua[ya], ub[yb]])
    negatives = np.concatenate([ua[~ya], ub[~yb]])
    ka, ma = int(np.count_nonzero(ya)), int(np.count_nonzero(~ya))
    larger = 0
    for _ in range(n_permutations):
        p = rng.permutation(positives)
        q = rng.permutation(negatives)
        xa = np.empty(ya.size)
        xb = np.empty(yb.size)
        xa[ya], xa[~ya] = p[:ka], q[:ma]
        xb[yb], xb[~yb] = p[ka:], q[ma:]
        larger += venkatraman_unpaired_statistic(ya, xa, yb, xb, rng) >= E - 1e-12
    return E, (1.0 + larger) / (1.0 + n_permutations)


# ------------------------------------------------------------------------------------------------- fixed point


def _rate_statistic(at: float, of: str):
    """Sensitivity at specificity ``at`` (of="sensitivity") or specificity at sensitivity ``at`` from cumulative
    counts (replicates, rows) of a problem oriented for it (see :func:`_orient`)."""
    from .bands import tpr_at

    grid = np.array([1.0 - at])
    return lambda tp, fp: tpr_at(tp, fp, grid)


def _orient(problem: Problem, of: str) -> Problem:
    """The specificity at sensitivity t is the sensitivity of the swapped problem at FPR 1 - t."""
    if of == "sensitivity":
        return problem
    return Problem(
        "binary",
        problem.classes[::-1],
        ~problem.y,
        -problem.score.astype(np.float64),
        problem.weight,
        problem.score_kind,
    )


def _paired_rate_replicates(
    problems: list[Problem], at: float, of: str, n_resamples: int, rng: np.random.Generator, progress: bool | None
) -> tuple[np.ndarray, np.ndarray]:
    """(estimates (models,), replicates (resamples, models)) of the rate of each model, all models resampled
    together (the same cases)."""
    from .intervals import strata

    oriented = [_orient(p, of) for p in problems]
    draws, position = strata(oriented[0], True)
    tables = [bs.table(layout(p.y, p.score, p.weight), position) for p in oriented]
    statistic = _rate_statistic(at, of)

    def values_of(mult: np.ndarray) -> np.ndarray:
        out = []
        for t in tables:
            dtp, dfp = bs.replicate_counts(t, mult)
            out.append(
                statistic(np.cumsum(dtp, axis=1, dtype=np.float64), np.cumsum(dfp, axis=1, dtype=np.float64))[:, 0]
            )
        return np.stack(out, axis=1)

    estimates = values_of(np.ones((1, draws.n_samples), dtype=np.int64))[0]
    width = max([draws.n_samples] + [t.n_rows for t in tables])
    return estimates, bs.bootstrap(draws, values_of, width, n_resamples, rng, progress)


def rate_test(
    problems: list[Problem],
    at: float,
    of: str,
    n_resamples: int,
    rng: np.random.Generator,
    progress: bool | None,
    paired: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """(estimates, replicates) of the sensitivity at a fixed specificity (or the reverse) of each problem: paired
    problems share their resamples; unpaired ones are resampled independently."""
    if paired:
        return _paired_rate_replicates(problems, at, of, n_resamples, rng, progress)
    results = [_paired_rate_replicates([p], at, of, n_resamples, rng, progress) for p in problems]
    return (np.concatenate([r[0] for r in results]), np.concatenate([r[1] for r in results], axis=1))


def check_at(at: Any, method: str) -> float:
    fixed = "specificity" if method == "sensitivity" else "sensitivity"
    if at is None or isinstance(at, bool) or not isinstance(at, (int, float, np.number)) or not 0 <= at <= 1:
        raise ValueError(
            f"method={method!r} compares the {method} at a fixed {fixed}: pass at=, the {fixed} in "
            f"[0, 1] (e.g. at=0.9); got {at!r}."
        )
    return float(at)


# ------------------------------------------------------------------------------------------------- compare()


def compare_curves(
    y_true: Any,
    score_a: Any,
    score_b: Any,
    *,
    method: str,
    at: Any,
    alternative: str,
    level: float,
    y_true_b: Any,
    sample_weight: Any,
    sample_weight_b: Any,
    labels: Any,
    pos_label: Any,
    from_logits: bool,
    task: Any,
    names: Any,
    n_resamples: int,
    random_state: Any,
    progress: bool | None,
    other: dict,
) -> Any:
    """:func:`rocauc.compare` for ``method="venkatraman"``, ``"sensitivity"`` and ``"specificity"``."""
    from collections.abc import Mapping

    from .compare import Comparison, ComparisonTable, _problem, holm
    from .intervals import _check_resamples, rng_from

    if other.get("metric") != "roc_auc" or any(other.get(k) is not None for k in ("max_fpr", "fpr", "tpr")):
        raise ValueError(f"method={method!r} compares ROC curves; it takes no metric=, max_fpr=, fpr= or tpr=.")
    if method == "venkatraman":
        if at is not None:
            raise ValueError(
                "at= is the fixed point of method='sensitivity' or 'specificity'; Venkatraman's test "
                "compares whole curves and takes none."
            )
        if alternative != "two-sided":
            raise ValueError(
                "Venkatraman's test is two-sided (the curves differ somewhere); use alternative='two-sided'."
            )
        if sample_weight is not None or sample_weight_b is not None:
            raise ValueError(
                "Venkatraman's permutation test works on ranks of unweighted cases; sample weights are "
                "not supported (use method='delong' or 'bootstrap')."
            )
    else:
        at = check_at(at, method)
    n_resamples = _check_resamples(n_resamples)
    rng = rng_from(random_state)
    kw = dict(pos_label=pos_label, labels=labels, from_logits=from_logits, task=task)

    def binary(y: Any, s: Any, w: Any, what: str) -> Problem:
        from .intervals import drop_zero_weights

        p = _problem(y, s, w, kw, what)
        if p.task != "binary":
            raise ValueError(
                f"method={method!r} compares binary ROC curves; {what} is {p.task}. Compare one class "
                "against the rest (y_true == k, y_score[:, k])."
            )
        if not p.y.any() or p.y.all():
            raise ValueError(f"method={method!r} needs both classes in y_true ({what}).")
        return drop_zero_weights(p)

    def auc(p: Problem) -> float:
        from ..core.counts import exact_counts
        from ..core.scores import auc as area

        return area(exact_counts(p.y, p.score, p.weight))

    def pair(pa: Problem, pb: Problem, na: str, nb: str, paired: bool, precomputed: Any = None) -> Comparison:
        from .intervals import Interval

        if method == "venkatraman":
            sa, sb = pa.score.astype(np.float64), pb.score.astype(np.float64)
            if paired:
                E, p = venkatraman_test(pa.y, sa, sb, n_resamples, rng)
            else:
                E, p = venkatraman_unpaired_test(pa.y, sa, pb.y, sb, n_resamples, rng)
            ea, eb = auc(pa), auc(pb)
            diff = Interval(ea - eb, _NAN, _NAN, level, "none")
            return Comparison(na, nb, ea, eb, diff, E, p, alternative, "venkatraman", paired, "ROC curve")
        estimates, values = (
            precomputed
            if precomputed is not None
            else rate_test([pa, pb], at, method, n_resamples, rng, progress, paired)
        )
        return rate_comparison(estimates, values, na, nb, paired)

    def rate_comparison(estimates: np.ndarray, values: np.ndarray, na: str, nb: str, paired: bool) -> Comparison:
        from .intervals import Interval

        fixed = "specificity" if method == "sensitivity" else "sensitivity"
        d = values[:, 0] - values[:, 1]
        d = d[np.isfinite(d)]
        sd = float(np.std(d, ddof=1)) if d.size > 1 else _NAN
        diff = float(estimates[0] - estimates[1])
        alpha = (1.0 - level) / 2.0
        lo, hi = np.quantile(d, [alpha, 1.0 - alpha]) if d.size > 1 else (_NAN, _NAN)
        ci = Interval(diff, float(lo), float(hi), level, "bootstrap-percentile", sd, int(d.size))
        D = diff / sd if sd > 0 else (0.0 if diff == 0 else math.copysign(math.inf, diff))
        if alternative == "two-sided":
            p = min(1.0, 2.0 * bs.normal_sf(abs(D)))
        else:
            p = bs.normal_sf(D) if alternative == "greater" else bs.normal_sf(-D)
        return Comparison(
            na,
            nb,
            float(estimates[0]),
            float(estimates[1]),
            ci,
            D,
            p,
            alternative,
            method,
            paired,
            f"{method} at {fixed} {at:g}",
        )

    if isinstance(score_a, Mapping):
        if score_b is not None or y_true_b is not None:
            raise ValueError("pass either a mapping of several models' scores, or y_score and y_score_b; not both.")
        if len(score_a) < 2:
            raise ValueError(f"comparing models needs at least two; got {len(score_a)} in the mapping.")
        model_names = [str(k) for k in score_a]
        problems = [binary(y_true, s, sample_weight, f"scores of {n!r}") for n, s in zip(model_names, score_a.values())]
        from .intervals import delong_interval_of_problem, summarize

        pairs = [(i, j) for i in range(len(problems)) for j in range(i + 1, len(problems))]
        if method == "venkatraman":
            rows = [pair(problems[i], problems[j], model_names[i], model_names[j], True) for i, j in pairs]
            # binary problems: each value is one Interval
            intervals: dict[str, Any] = {
                n: delong_interval_of_problem(p, None, level) for n, p in zip(model_names, problems)
            }
        else:  # every model on the same resamples: each model's rate interval, and every pair's difference
            estimates, values = rate_test(problems, at, method, n_resamples, rng, progress, True)
            rows = [
                rate_comparison(estimates[[i, j]], values[:, [i, j]], model_names[i], model_names[j], True)
                for i, j in pairs
            ]
            intervals = dict(
                zip(model_names, summarize(values, estimates, None, level, "percentile", model_names, f"the {method}"))
            )
        return ComparisonTable(tuple(rows), tuple(float(v) for v in holm([c.p_value for c in rows])), intervals)
    if score_b is None:
        raise TypeError("compare needs two scores (y_score, y_score_b) or a mapping of several models' scores.")
    names = tuple(names) if names is not None else ("a", "b")
    if y_true_b is None:
        if sample_weight_b is not None:
            raise ValueError(
                "sample_weight_b applies to an unpaired comparison (with y_true_b); for paired scores "
                "the cases and their weights are shared: pass sample_weight only."
            )
        pa = binary(y_true, score_a, sample_weight, f"scores of {names[0]!r}")
        pb = binary(y_true, score_b, sample_weight, f"scores of {names[1]!r}")
        return pair(pa, pb, names[0], names[1], True)
    pa = binary(y_true, score_a, sample_weight, f"test set of {names[0]!r}")
    pb = binary(y_true_b, score_b, sample_weight_b, f"test set of {names[1]!r}")
    return pair(pa, pb, names[0], names[1], False)
