"""Simulated coverage of rocauc's 95% AUC intervals on small and large samples.

Binormal scores (negatives N(0, 1), positives N(mu, 1)) with a fixed share of positives; the true AUC is
Phi(mu / sqrt 2). For each sample size the script draws ``--reps`` data sets and counts how often each interval
holds the true AUC; it prints the coverage (with its binomial standard error) and the mean width.

Intervals: DeLong (method="delong"), logit-DeLong (method="delong-logit"; the default, method="auto", picks it
when the smaller class has fewer than 100 samples), stratified bootstrap percentile
(method="bootstrap", ``--resamples`` resamples, on fewer data sets: ``--bootstrap-reps``).

Run: python benchmarks/bench_coverage.py [--reps 2000] [--bootstrap-reps 300] [--auc 0.76 0.9] [--quick]

``--bands``: coverage of the 95% curve bands instead (binormal, true AUC 0.76, 30% positives; ``--band-reps`` data
sets, 500 resamples each): the simultaneous ROC band over FPR (0, 1]; the simultaneous PR band over recall 0.05-0.9
and 0.05-0.95, as built now (the specificity band at TPR = recall, mapped to the precision) and as before (sup-t on
the precision at the first rule reaching each recall); and the pointwise ROC intervals at FPR 0.05-0.95 (mean, lowest
and highest coverage over the 19 points) for the Wilson (default), arcsine and percentile (pROC's) intervals.

Run: python benchmarks/bench_coverage.py --bands [--band-reps 1000] [--sizes 60 200]
"""

from __future__ import annotations

import argparse
import math
import time
from statistics import NormalDist

import numpy as np

import rocauc

ND = NormalDist()


def coverage(n: int, share: float, auc: float, method: str, reps: int, resamples: int, seed: int):
    mu = math.sqrt(2) * ND.inv_cdf(auc)
    rng = np.random.default_rng(seed)
    m = max(2, round(n * share))
    y = np.r_[np.ones(m, bool), np.zeros(n - m, bool)]
    hits, widths = 0, []
    for i in range(reps):
        s = rng.normal(size=n) + mu * y
        kw = dict(method=method)
        if method == "bootstrap":
            kw.update(n_resamples=resamples, random_state=i, progress=False)
        with np.errstate(all="ignore"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ci = rocauc.roc_auc_ci(y, s, **kw)
        hits += ci.low <= auc <= ci.high
        widths.append(ci.high - ci.low)
    p = hits / reps
    return p, math.sqrt(p * (1 - p) / reps), float(np.mean(widths))


def band_coverage(n: int, reps: int, seed: int) -> dict:
    """Coverage of each band over ``reps`` binormal data sets of ``n`` samples (true AUC 0.76, 30% positives)."""
    import warnings

    from rocauc.stats import bands as _bands

    mu = math.sqrt(2) * ND.inv_cdf(0.76)
    n1 = round(0.3 * n)
    n0 = n - n1
    fpr = np.linspace(0, 1, 101)[1:]
    true_roc = np.array([ND.cdf(mu + ND.inv_cdf(f)) if f < 1 else 1.0 for f in fpr])
    points = np.linspace(0.05, 0.95, 19)
    true_points = np.array([ND.cdf(mu + ND.inv_cdf(f)) for f in points])
    recall = np.linspace(0.05, 0.95, 19)
    far = np.array([1 - ND.cdf(mu + ND.inv_cdf(1 - r)) for r in recall])
    true_pr = n1 * recall / (n1 * recall + n0 * far)
    rng = np.random.default_rng(seed)
    hits: dict = {}

    def add(name, low, high, truth, whole=True):
        inside = (low <= truth + 1e-12) & (truth <= high + 1e-12)
        hits.setdefault(name, []).append(bool(inside.all()) if whole else inside)

    y = np.r_[np.ones(n1, bool), np.zeros(n0, bool)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i in range(reps):
            s = rng.normal(size=n) + mu * y
            kw = dict(n_resamples=500, random_state=i)
            b = rocauc.roc_band(y, s, at=fpr, kind="simultaneous", **kw)
            add("ROC band", b.low, b.high, true_roc)
            b = rocauc.pr_band(y, s, recall=recall, kind="simultaneous", **kw)
            add("PR band <=0.9", b.low[:-1], b.high[:-1], true_pr[:-1])
            add("PR band <=0.95", b.low, b.high, true_pr)
            # before: sup-t on the arcsine scale of the precision at the first rule reaching each recall
            problem = _bands._binary(y, s, None, None, "pr_band")
            est, values = _bands._replicates(problem, lambda tp, fp: _bands.precision_at(tp, fp, recall), 500, i, False)
            predicted = np.maximum(1.0, recall * n1 / np.maximum(est, 1e-12))
            old = _bands._band(recall, est, values, 0.95, "simultaneous", "pr", predicted)
            add("PR before <=0.9", old.low[:-1], old.high[:-1], true_pr[:-1])
            for pointwise in ("wilson", "arcsine", "percentile"):
                b = rocauc.roc_band(y, s, at=points, pointwise=pointwise, **kw)
                add(pointwise, b.low, b.high, true_points, whole=False)
    return {k: np.mean(v, axis=0) for k, v in hits.items()}


def bands_main(args) -> None:
    sizes = args.sizes if args.sizes != SIZES else [60, 200]
    print(f"95% band coverage; binormal scores, true AUC 0.76, 30% positives, {args.band_reps} data sets per row")
    whole = ("ROC band", "PR band <=0.9", "PR band <=0.95", "PR before <=0.9")
    head = " ".join(f"{w:>16}" for w in whole)
    pw = " ".join(f"{p + ' pointwise':>22}" for p in ("wilson", "arcsine", "percentile"))
    print(f"{'n':>5} {head} {pw}")
    t0 = time.perf_counter()
    for n in sizes:
        c = band_coverage(n, args.band_reps, seed=n)
        cells = " ".join(f"{c[w]:>16.3f}" for w in whole)
        points = " ".join(
            f"{c[p].mean():>8.3f} [{c[p].min():.2f}-{c[p].max():.2f}]" for p in ("wilson", "arcsine", "percentile")
        )
        print(f"{n:>5} {cells} {points}")
    seconds = time.perf_counter() - t0
    print(f"\npointwise: mean [lowest-highest] over FPR 0.05-0.95; {seconds:.0f} s on a shared machine")


SIZES = [30, 60, 100, 300, 1000, 3000]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=2000)
    ap.add_argument("--bootstrap-reps", type=int, default=300)
    ap.add_argument("--resamples", type=int, default=500)
    ap.add_argument("--share", type=float, default=0.3)
    ap.add_argument("--auc", type=float, nargs="+", default=[0.76, 0.9])
    ap.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    ap.add_argument("--quick", action="store_true", help="fewer data sets (a smoke run)")
    ap.add_argument("--bands", action="store_true", help="coverage of the curve bands instead")
    ap.add_argument("--band-reps", type=int, default=1000)
    args = ap.parse_args()
    if args.bands:
        return bands_main(args)
    if args.quick:
        args.reps, args.bootstrap_reps, args.sizes = 300, 60, [30, 60, 300]
    print(f"95% interval coverage of the true AUC; binormal scores, {args.share:.0%} positives")
    print(f"{'true AUC':>8} {'n':>6} {'method':<22}{'coverage':>10} {'(se)':>7} {'mean width':>11}")
    t0 = time.perf_counter()
    for auc in args.auc:
        for n in args.sizes:
            for method in ("delong", "delong-logit", "bootstrap"):
                reps = args.bootstrap_reps if method == "bootstrap" else args.reps
                if method == "bootstrap" and n > 1000:
                    continue
                p, se, width = coverage(n, args.share, auc, method, reps, args.resamples, seed=n)
                label = method if method != "bootstrap" else f"bootstrap ({args.resamples})"
                print(f"{auc:>8.2f} {n:>6} {label:<22}{p:>10.3f} {se:>7.3f} {width:>11.4f}")
    print(
        f"\n{args.reps} data sets per row ({args.bootstrap_reps} for the bootstrap); "
        f"{time.perf_counter() - t0:.0f} s on a shared machine"
    )


if __name__ == "__main__":
    main()
