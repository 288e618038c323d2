"""The three "one path" targets, each measured against its peer in the same run.

1. micro ROC AUC at n=20,000, k=100 classes: rocauc against scikit-learn's ``roc_auc_score(average="micro")``.
2. ``rocauc.evaluate`` at n=10^6, k=10 (intervals off) against ``rocauc.roc_auc`` macro on the same data.
3. ``rocauc report`` (the command line) on a CSV of n=10^6 rows x 2 binary models, HTML included: wall time
   and peak memory (the child's maximum resident set size; measured first, while this process is small).

Run: python benchmarks/bench_paths.py [--only micro evaluate report] [--repeats 3] [--report-rows 1000000]
Prints median wall times (seconds) and ratios; one ``np.sort`` of the data is the floor of each row.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def multiclass_data(n: int, k: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    z = rng.normal(size=(n, k))
    z[np.arange(n), y] += 1.0
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return y, p


def bench_micro(repeats: int) -> list[tuple]:
    import warnings

    from sklearn.metrics import roc_auc_score

    import rocauc

    n, k = 20_000, 100
    y, p = multiclass_data(n, k)
    onehot = np.eye(k, dtype=np.int64)[y]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = median_time(lambda: rocauc.roc_auc(y, p, average="micro"), repeats)
        sk = median_time(lambda: roc_auc_score(onehot, p, average="micro"), repeats)
    floor = median_time(lambda: np.sort(p.ravel()), repeats)
    a = rocauc.roc_auc(y, p, average="micro")
    b = roc_auc_score(onehot, p, average="micro")
    assert abs(a - b) < 1e-12, (a, b)
    return [("micro ROC AUC n=20k k=100", ours, "sklearn", sk, floor)]


def bench_evaluate(repeats: int) -> list[tuple]:
    """float64 softmax probabilities (numpy's default; float32 scores take the rank kernel in roc_auc)."""
    import rocauc
    from rocauc.core.threads import ENV

    n, k = 1_000_000, 10
    y, p = multiclass_data(n, k)
    ours = median_time(lambda: rocauc.evaluate(y, p, ci=None), repeats)
    macro = median_time(lambda: rocauc.roc_auc(y, p), repeats)
    saved = os.environ.get(ENV)
    os.environ[ENV] = "1"  # rocauc's parallel paths off
    try:
        ours_1 = median_time(lambda: rocauc.evaluate(y, p, ci=None), repeats)
        macro_1 = median_time(lambda: rocauc.roc_auc(y, p), repeats)
    finally:
        if saved is None:
            del os.environ[ENV]
        else:
            os.environ[ENV] = saved
    floor = median_time(lambda: np.sort(p[:, 0]), repeats)
    return [
        ("evaluate n=1e6 k=10", ours, "roc_auc macro", macro, floor),
        ("evaluate n=1e6 k=10, 1 thread", ours_1, "roc_auc macro, 1 thread", macro_1, floor),
        ("evaluate threads vs macro 1 thread", ours, "roc_auc macro, 1 thread", macro_1, floor),
    ]


def bench_report(rows: int) -> list[tuple]:
    rng = np.random.default_rng(0)
    y = (rng.random(rows) < 0.3).astype(np.int64)
    a = 1 / (1 + np.exp(-(rng.normal(size=rows) + 1.2 * y)))
    b = 1 / (1 + np.exp(-(rng.normal(size=rows) + 0.9 * y)))
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "scores.csv")
        with open(csv, "w") as f:
            f.write("y,model_a,model_b\n")
            np.savetxt(f, np.column_stack([y, a, b]), fmt=["%d", "%.6f", "%.6f"], delimiter=",")
        out = os.path.join(tmp, "report")
        cmd = [
            sys.executable,
            "-c",
            "import sys, rocauc.cli; sys.exit(rocauc.cli.main())",
            "report",
            csv,
            "--target",
            "y",
            "--score",
            "model_*",
            "--out",
            out,
        ]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if done.returncode != 0:
            raise SystemExit(f"rocauc report failed:\n{done.stderr}")
        assert os.path.getsize(os.path.join(out, "report.html")) > 0
        floor = median_time(lambda: np.sort(a), 3)
    mem = f"peak RSS {peak_kb / 1024:.0f} MB" + ("" if peak_kb >= before else " (approx.)")
    return [(f"rocauc report CSV {rows:,} x 2 (HTML)", wall, mem, float("nan"), floor)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", nargs="+", default=["micro", "evaluate", "report"])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--report-rows", type=int, default=1_000_000)
    args = ap.parse_args()
    rows = []
    # the report runs first: a child's peak RSS counts the parent's memory at the fork (Linux keeps the high-water
    # mark across exec), so it is measured while this process is still small
    if "report" in args.only:
        rows += bench_report(args.report_rows)
    if "micro" in args.only:
        rows += bench_micro(args.repeats)
    if "evaluate" in args.only:
        rows += bench_evaluate(args.repeats)
    from rocauc.core.threads import num_threads

    load = os.getloadavg()[0]
    print(f"rocauc threads: {num_threads()} ('1 thread' rows: ROCAUC_NUM_THREADS=1); load average {load:.2f}")
    print(f"{'case':<40}{'rocauc s':>10}  {'peer':<25}{'peer s':>9}{'ratio':>8}{'np.sort s':>11}")
    for name, ours, peer, peer_t, floor in rows:
        ratio = ours / peer_t if np.isfinite(peer_t) else float("nan")
        print(f"{name:<40}{ours:>10.3f}  {peer:<25}{peer_t:>9.3f}{ratio:>8.2f}{floor:>11.4f}")


if __name__ == "__main__":
    main()
