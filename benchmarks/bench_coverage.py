"""Simulated coverage of rocauc's 95% AUC intervals on small and large samples.

Binormal scores (negatives N(0, 1), positives N(mu, 1)) with a fixed share of positives; the true AUC is
Phi(mu / sqrt 2). For each sample size the script draws ``--reps`` data sets and counts how often each interval
holds the true AUC; it prints the coverage (with its binomial standard error) and the mean width.

Intervals: DeLong (method="delong"), logit-DeLong (method="delong-logit"; the default, method="auto", picks it
when the smaller class has fewer than 100 samples), stratified bootstrap percentile
(method="bootstrap", ``--resamples`` resamples, on fewer data sets: ``--bootstrap-reps``).

Run: python benchmarks/bench_coverage.py [--reps 2000] [--bootstrap-reps 300] [--auc 0.76 0.9] [--quick]
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=2000)
    ap.add_argument("--bootstrap-reps", type=int, default=300)
    ap.add_argument("--resamples", type=int, default=500)
    ap.add_argument("--share", type=float, default=0.3)
    ap.add_argument("--auc", type=float, nargs="+", default=[0.76, 0.9])
    ap.add_argument("--sizes", type=int, nargs="+", default=[30, 60, 100, 300, 1000, 3000])
    ap.add_argument("--quick", action="store_true", help="fewer data sets (a smoke run)")
    args = ap.parse_args()
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
