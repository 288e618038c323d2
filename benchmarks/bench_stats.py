"""Intervals and tests: rocauc's DeLong and bootstrap against the exact AUC alone and against MLstatkit, measured
side by side in one run on the same data.

Run: python benchmarks/bench_stats.py [--repeats 5] [--quick] [--bootstrap-only]
Needs MLstatkit for its rows (`pip install MLstatkit`); without it those rows compare against a plain textbook
O(n log n) DeLong written below, and say so.

Prints median wall times (seconds) and ratios. Targets (issue 4): DeLong interval at n = 10^6 within 3x the exact
AUC alone; paired DeLong at n = 10^5 at least 10x faster than MLstatkit; 2,000 bootstrap replicates at n = 10^5
in under 10 s; the partial-AUC bootstrap (counted on the table's two sides, as the full AUC's) within a few times
the full-AUC bootstrap. ``--bootstrap-only`` runs the bootstrap rows alone.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time

import numpy as np

import rocauc


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def data(n: int, seed: int = 0, dtype=np.float32):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(np.int64)
    signal = rng.normal(size=n) + 1.2 * y
    a = 1 / (1 + np.exp(-(signal + 0.5 * rng.normal(size=n))))
    b = 1 / (1 + np.exp(-(signal + 1.0 * rng.normal(size=n))))
    return y, a.astype(dtype), b.astype(dtype)


def textbook_delong_test(y, a, b):
    """A straightforward midrank DeLong (Sun and Xu's formulas with scipy's rankdata), the fallback peer."""
    from scipy.stats import norm, rankdata

    y = np.asarray(y, bool)
    m, n = y.sum(), (~y).sum()
    aucs, v10s, v01s = [], [], []
    for s in (a, b):
        tz = rankdata(s)
        tx = rankdata(s[y])
        ty = rankdata(s[~y])
        v10 = (tz[y] - tx) / n
        v01 = 1 - (tz[~y] - ty) / m
        aucs.append(v10.mean())
        v10s.append(v10)
        v01s.append(v01)
    cov = np.cov(np.array(v10s)) / m + np.cov(np.array(v01s)) / n
    z = (aucs[0] - aucs[1]) / np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1])
    return z, 2 * norm.sf(abs(z))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="fewer repeats and peer replicates (a smoke run)")
    ap.add_argument("--bootstrap-only", action="store_true", help="only the bootstrap rows (section 3)")
    args = ap.parse_args()
    reps = 2 if args.quick else args.repeats

    try:
        from MLstatkit import Bootstrapping, Delong_test

        peer_name = "MLstatkit"
    except ImportError:
        Bootstrapping, Delong_test = None, None
        peer_name = "textbook DeLong (MLstatkit not installed)"

    rows = []  # (task, n, ours, peer name, peer, ratio kind, target)
    if not args.bootstrap_only:
        delong_rows(rows, reps, Delong_test, peer_name)
    bootstrap_rows(rows, args, Bootstrapping)
    if not args.bootstrap_only:
        multiclass_rows(rows, reps)
    print_rows(rows, reps, 1 if args.quick else 3)


def delong_rows(rows: list, reps: int, Delong_test, peer_name: str) -> None:
    # 1. DeLong interval against the exact AUC alone, n = 10^6
    for dtype in (np.float32, np.float64):
        y, a, _ = data(10**6, dtype=dtype)
        ci = rocauc.roc_auc_ci(y, a)
        assert abs(ci.estimate - rocauc.roc_auc(y, a)) < 1e-12
        t_auc = median_time(lambda: rocauc.roc_auc(y, a), reps + 2)
        t_ci = median_time(lambda: rocauc.roc_auc_ci(y, a), reps + 2)
        rows.append(
            (
                f"DeLong interval ({np.dtype(dtype).name})",
                10**6,
                t_ci,
                "rocauc.roc_auc alone",
                t_auc,
                "slowdown",
                "<= 3x",
            )
        )
    w = np.random.default_rng(1).random(10**6)
    y, a, _ = data(10**6)
    t_auc = median_time(lambda: rocauc.roc_auc(y, a, sample_weight=w), reps)
    t_ci = median_time(lambda: rocauc.roc_auc_ci(y, a, sample_weight=w), reps)
    rows.append(("weighted DeLong interval (float32)", 10**6, t_ci, "weighted roc_auc alone", t_auc, "slowdown", ""))
    t_cmp = median_time(lambda: rocauc.compare(y, a, _), reps)
    rows.append(
        (
            "paired DeLong test (float32)",
            10**6,
            t_cmp,
            "rocauc.roc_auc alone",
            median_time(lambda: rocauc.roc_auc(y, a), reps),
            "slowdown",
            "",
        )
    )

    # 2. paired DeLong test against MLstatkit, n = 10^5
    y, a, b = data(10**5, dtype=np.float64)
    ours = rocauc.compare(y, a, b)
    if Delong_test is not None:
        z_peer, p_peer = Delong_test(y, a, b, return_ci=False, return_auc=False)
        peer = lambda: Delong_test(y, a, b, return_ci=False, return_auc=False)  # noqa: E731
        z_peer = -z_peer  # MLstatkit signs z as (AUC_B - AUC_A)
    else:
        z_peer, p_peer = textbook_delong_test(y, a, b)
        peer = lambda: textbook_delong_test(y, a, b)  # noqa: E731
    assert abs(ours.statistic - z_peer) < 1e-6 * max(1, abs(z_peer)), (ours.statistic, z_peer)
    t_ours = median_time(lambda: rocauc.compare(y, a, b), reps)
    t_peer = median_time(peer, max(2, reps // 2))
    rows.append(("paired DeLong test", 10**5, t_ours, peer_name, t_peer, "speedup", ">= 10x"))


def bootstrap_rows(rows: list, args, Bootstrapping) -> None:
    # 3. 2,000 bootstrap replicates at n = 10^5
    y, a, _ = data(10**5)
    boot_reps = 1 if args.quick else 3
    for kind in ("percentile", "bca"):
        t = median_time(
            lambda: rocauc.roc_auc_ci(
                y, a, method="bootstrap", n_resamples=2000, random_state=0, bootstrap_interval=kind, progress=False
            ),
            boot_reps,
        )
        rows.append((f"bootstrap {kind}, 2000 replicates", 10**5, t, "", float("nan"), "", "< 10 s"))
    t = median_time(
        lambda: rocauc.average_precision_ci(y, a, n_resamples=2000, random_state=0, progress=False), boot_reps
    )
    rows.append(("bootstrap AP, 2000 replicates", 10**5, t, "", float("nan"), "", ""))
    t_full = median_time(
        lambda: rocauc.roc_auc_ci(y, a, method="bootstrap", n_resamples=2000, random_state=0, progress=False),
        boot_reps,
    )
    for fpr in ((0.0, 0.2), (0.1, 0.5)):
        t = median_time(
            lambda: rocauc.partial_auc_ci(
                y, a, fpr=fpr, method="bootstrap", n_resamples=2000, random_state=0, progress=False
            ),
            boot_reps,
        )
        rows.append(
            (
                f"bootstrap partial AUC, FPR {fpr[0]:g}-{fpr[1]:g}",
                10**5,
                t,
                "full-AUC bootstrap, same resamples",
                t_full,
                "slowdown",
                "a few x",
            )
        )
    if Bootstrapping is not None:
        peer_replicates = 20 if args.quick else 100
        with contextlib.redirect_stderr(io.StringIO()):  # its tqdm bar
            t_peer = median_time(lambda: Bootstrapping(y, a, metric_str="roc_auc", n_bootstraps=peer_replicates), 1)
        t_ours = median_time(
            lambda: rocauc.roc_auc_ci(y, a, method="bootstrap", n_resamples=2000, random_state=0, progress=False),
            boot_reps,
        )
        rows.append(
            (
                "bootstrap, per replicate",
                10**5,
                t_ours / 2000,
                f"MLstatkit ({peer_replicates} replicates)",
                t_peer / peer_replicates,
                "speedup",
                "",
            )
        )


def multiclass_rows(rows: list, reps: int) -> None:
    # 4. multi-class macro DeLong (covariances of the class AUCs), n = 10^5, 10 classes
    rng = np.random.default_rng(2)
    yk = rng.integers(0, 10, 10**5)
    logits = rng.normal(size=(10**5, 10)) + 1.5 * np.eye(10)[yk]
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    t_macro = median_time(lambda: rocauc.roc_auc(yk, p), reps)
    t_macro_ci = median_time(lambda: rocauc.roc_auc_ci(yk, p), reps)
    rows.append(
        ("macro DeLong interval, 10 classes", 10**5, t_macro_ci, "macro roc_auc alone", t_macro, "slowdown", "")
    )


def print_rows(rows: list, reps: int, boot_reps: int) -> None:
    header = f"{'task':<38}{'n':>9}{'rocauc s':>11}  {'peer':<36}{'peer s':>10}{'ratio':>10}  target"
    print(header)
    print("-" * len(header))
    for task, n, t_ours, peer_label, t_peer, kind, target in rows:
        if kind == "slowdown":
            ratio = f"{t_ours / t_peer:.2f}x"
        elif kind == "speedup":
            ratio = f"{t_peer / t_ours:.1f}x"
        else:
            ratio = ""
        peer_s = f"{t_peer:.4g}" if np.isfinite(t_peer) else ""
        print(f"{task:<38}{n:>9}{t_ours:>11.4g}  {peer_label:<36}{peer_s:>10}{ratio:>10}  {target}")
    print(
        "\nslowdown = rocauc time / peer time; speedup = peer time / rocauc time; medians of",
        reps,
        "runs (bootstrap rows:",
        boot_reps,
        ")",
    )


if __name__ == "__main__":
    main()
