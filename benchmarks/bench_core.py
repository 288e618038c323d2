"""Exact AUC and ROC curve: rocauc against scikit-learn and the np.sort floor, measured side by side.

Run: python benchmarks/bench_core.py [--sizes 1e5 1e6 1e7] [--repeats 5]
Prints median wall times (seconds) and ratios; every row's peers are measured in the same run on the same data.
Rows marked "1 thread" run with ROCAUC_NUM_THREADS=1 (rocauc's parallel paths off); np.sort is single-threaded.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import time
import tracemalloc

import numpy as np

import rocauc
from rocauc.core.threads import ENV, num_threads


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


@contextlib.contextmanager
def one_thread():
    """rocauc's parallel paths off (ROCAUC_NUM_THREADS=1) inside the block."""
    saved = os.environ.get(ENV)
    os.environ[ENV] = "1"
    try:
        yield
    finally:
        if saved is None:
            del os.environ[ENV]
        else:
            os.environ[ENV] = saved


def peak_extra_memory(fn) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def data(n: int, kind: str, seed: int = 0):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(np.int64)
    if kind == "uniform":  # uniform float32: about 2**24 distinct values, so many ties at 10^7
        s = rng.random(n, dtype=np.float32)
    else:  # model-like: sigmoid of separated logits, float32
        z = rng.normal(size=n) + 1.5 * y
        s = (1 / (1 + np.exp(-z))).astype(np.float32)
    w = rng.random(n)
    return y, s, w


def main() -> None:
    from sklearn import metrics as skm

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", nargs="+", type=float, default=[1e5, 1e6, 1e7])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    rows = []
    load_before = f"{os.getloadavg()[0]:.2f}"
    for n in (int(v) for v in args.sizes):
        reps = args.repeats if n < 10**7 else max(3, args.repeats // 2)
        sk_reps = max(1, reps // 2) if n >= 10**7 else reps
        for kind in ("uniform", "model"):
            y, s, w = data(n, kind)
            assert abs(rocauc.roc_auc(y, s) - skm.roc_auc_score(y, s)) < 1e-9
            t_sort = median_time(lambda: np.sort(s), reps)
            t_ours = median_time(lambda: rocauc.roc_auc(y, s), reps)
            with one_thread():
                t_ours_1 = median_time(lambda: rocauc.roc_auc(y, s), reps)
            t_sk = median_time(lambda: skm.roc_auc_score(y, s), sk_reps)
            rows.append((n, kind, "roc_auc", t_ours, t_sk, t_sort))
            rows.append((n, kind, "roc_auc 1 thread", t_ours_1, t_sk, t_sort))
            if kind == "uniform":
                t_ours_w = median_time(lambda: rocauc.roc_auc(y, s, sample_weight=w), reps)
                t_sk_w = median_time(lambda: skm.roc_auc_score(y, s, sample_weight=w), sk_reps)
                rows.append((n, kind, "roc_auc weighted", t_ours_w, t_sk_w, t_sort))
                t_ours_c = median_time(lambda: rocauc.roc_curve(y, s), reps)
                t_sk_c = median_time(lambda: skm.roc_curve(y, s), sk_reps)
                rows.append((n, kind, "roc_curve", t_ours_c, t_sk_c, t_sort))
                s64 = s.astype(np.float64)
                t_sort64 = median_time(lambda: np.sort(s64), reps)
                t_ours64 = median_time(lambda: rocauc.roc_auc(y, s64), reps)
                t_sk64 = median_time(lambda: skm.roc_auc_score(y, s64), sk_reps)
                rows.append((n, "uniform f64", "roc_auc", t_ours64, t_sk64, t_sort64))
        if n == max(int(v) for v in args.sizes):
            y, s, w = data(n, "uniform")
            input_bytes = y.nbytes + s.nbytes
            mem = peak_extra_memory(lambda: rocauc.roc_auc(y, s))
            mem_w = peak_extra_memory(lambda: rocauc.roc_auc(y, s, sample_weight=w))
            mem_sk = peak_extra_memory(lambda: skm.roc_auc_score(y, s))

    print(f"numpy {np.__version__}; times are medians in seconds; ratio = scikit-learn / rocauc and rocauc / np.sort")
    print(
        f"rocauc threads: {num_threads()} (rows marked '1 thread' run with {ENV}=1); "
        f"load average before/after: {load_before} / {os.getloadavg()[0]:.2f}"
    )
    header = (
        f"{'n':>10} {'scores':<12} {'function':<17} {'rocauc':>9} {'sklearn':>9} {'np.sort':>9} "
        f"{'x faster':>9} {'x sort':>7}"
    )
    print(header)
    print("-" * len(header))
    for n, kind, name, ours, sk, srt in rows:
        print(
            f"{n:>10.0e} {kind:<12} {name:<17} {ours:>9.4f} {sk:>9.4f} {srt:>9.4f} {sk / ours:>9.1f} {ours / srt:>7.2f}"
        )
    print(f"\npeak extra memory at n={n:.0e} (tracemalloc), input y int64 + s float32 = {input_bytes / 1e6:.0f} MB:")
    print(
        f"  rocauc.roc_auc {mem / 1e6:.0f} MB ({mem / input_bytes:.2f} x input), weighted {mem_w / 1e6:.0f} MB "
        f"({mem_w / (input_bytes + w.nbytes):.2f} x input incl. weights); sklearn {mem_sk / 1e6:.0f} MB"
    )


if __name__ == "__main__":
    main()
