"""Calibration, gains and KS: rocauc against scikit-learn and scipy, measured side by side in one run on the same
data, with one np.sort of the scores as the floor.

Run: python benchmarks/bench_calibration.py [--n 1000000] [--repeats 5]
Prints median wall times (seconds) and each one's ratio to its peer.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

import rocauc


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from scipy.stats import ks_2samp
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import brier_score_loss

    rng = np.random.default_rng(0)
    z = rng.normal(-1, 1.5, args.n)
    y = (rng.random(args.n) < 1 / (1 + np.exp(-z))).astype(np.int64)
    p = 1 / (1 + np.exp(-z))
    r = args.repeats
    floor = median_time(lambda: np.sort(p), r)
    rows = [
        (
            "reliability curve, 10 bins",
            lambda: rocauc.calibration_curve(y, p, n_bins=10),
            lambda: calibration_curve(y, p, n_bins=10),
            "sklearn calibration_curve",
        ),
        ("Brier score", lambda: rocauc.brier_score(y, p), lambda: brier_score_loss(y, p), "sklearn brier_score_loss"),
        ("KS statistic", lambda: rocauc.ks_statistic(y, p), lambda: ks_2samp(p[y == 1], p[y == 0]), "scipy ks_2samp"),
        (
            "full calibration (curve, ECE, Brier, decomposition, slope)",
            lambda: rocauc.calibration(y, p),
            lambda: (calibration_curve(y, p, n_bins=10), brier_score_loss(y, p)),
            "sklearn curve + Brier",
        ),
    ]
    print(f"n = {args.n:,}, median of {r} runs; floor: one np.sort of the scores = {floor:.4f} s")
    print(f"{'what':58s} {'rocauc s':>9s} {'peer s':>9s} {'ratio':>7s} {'x sort':>7s}  peer")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, ours, peer, peer_name in rows:
            a, b = median_time(ours, r), median_time(peer, r)
            print(f"{name:58s} {a:9.4f} {b:9.4f} {a / b:7.2f} {a / floor:7.2f}  {peer_name}")


if __name__ == "__main__":
    main()
