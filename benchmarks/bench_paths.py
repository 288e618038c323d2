"""The three "one path" targets, each measured against its peer in the same run.

1. micro ROC AUC at n=20,000, k=100 classes: rocauc against scikit-learn's ``roc_auc_score(average="micro")``.
2. ``rocauc.evaluate`` at n=10^6, k=10 (intervals off) against ``rocauc.roc_auc`` macro on the same data.
3. ``rocauc report`` (the command line) on a CSV (or Parquet) file of n rows x 2 binary models, HTML included,
   in memory, out of core and on Dask's threaded scheduler (``--report-engines memory outofcore dask``): median
   wall time, CPU time and peak memory (each child's own resource usage, from ``os.wait4``; a Dask run's worker
   threads are in the child). The issue's target: 10^7 rows under 60 s and 2 GB.

Run: python benchmarks/bench_paths.py [--only micro evaluate report] [--repeats 3] [--report-rows 1e6]
     python benchmarks/bench_paths.py --only report --report-rows 1e7 --report-engines outofcore \\
         --report-formats csv parquet
Prints median wall times (seconds) and ratios; one ``np.sort`` of the data is the floor of each row.
"""

from __future__ import annotations

import argparse
import os
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


_GENERATE = """
import sys, numpy as np, pyarrow as pa, pyarrow.csv as pcsv, pyarrow.parquet as pq
rows, path = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(0)
writer = None
for start in range(0, rows, 1_000_000):
    k = min(1_000_000, rows - start)
    y = (rng.random(k) < 0.3).astype(np.int64)
    a = np.round(1 / (1 + np.exp(-(rng.normal(size=k) + 1.2 * y))), 6)
    b = np.round(1 / (1 + np.exp(-(rng.normal(size=k) + 0.9 * y))), 6)
    t = pa.table({"y": y, "model_a": a, "model_b": b})
    if writer is None:
        writer = pcsv.CSVWriter(path, t.schema) if path.endswith(".csv") else pq.ParquetWriter(path, t.schema)
    writer.write_table(t)
writer.close()
"""


def run_child(cmd: list[str]) -> tuple[float, float, float, int, str]:
    """(wall seconds, CPU seconds (user + system), peak RSS in MB of that child alone, exit status, stderr) of one
    command. On a shared machine the CPU time is the steadier figure: the wall time includes waiting for a core."""
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = child.stderr.read() if child.stderr is not None else ""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode, err


def bench_report(rows: int, engines: list[str], formats: list[str], repeats: int) -> list[tuple]:
    """``rocauc report`` on a file of ``rows`` x 2 binary models (labels Bernoulli(0.3), probabilities with 6
    decimals), HTML included; the file is written by a child process in chunks, and each report runs in its own
    child whose peak RSS is read with ``os.wait4`` (its own maximum resident set, not the parent's)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt_ in formats:
            path = os.path.join(tmp, f"scores.{fmt_}")
            subprocess.run([sys.executable, "-c", _GENERATE, str(rows), path], check=True)
            for engine in engines:
                walls, cpus, peaks = [], [], []
                for i in range(repeats):
                    folder = os.path.join(tmp, f"report-{fmt_}-{engine}-{i}")
                    cmd = [sys.executable, "-c", "import sys, rocauc.cli; sys.exit(rocauc.cli.main())", "report"]
                    cmd += [path, "--target", "y", "--score", "model_*", "--out", folder, "--engine", engine]
                    wall, cpu, peak, code, err = run_child(cmd)
                    if code != 0:
                        raise SystemExit(f"rocauc report --engine {engine} failed:\n{err}")
                    assert os.path.getsize(os.path.join(folder, "report.html")) > 0
                    walls.append(wall)
                    cpus.append(cpu)
                    peaks.append(peak)
                size = os.path.getsize(path) / 2**20
                name = f"report {fmt_} {rows:.0e} x 2 --engine {engine}"
                medians = [float(np.median(v)) for v in (walls, cpus, peaks)]
                out.append((name, *medians, size, repeats))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", nargs="+", default=["micro", "evaluate", "report"])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--report-rows", type=float, default=1e6)
    ap.add_argument(
        "--report-engines",
        nargs="+",
        default=["memory", "outofcore"],
        choices=["memory", "outofcore", "dask"],
        help="engines of the report rows (dask: its threaded scheduler, in the child process)",
    )
    ap.add_argument("--report-formats", nargs="+", default=["csv"], choices=["csv", "parquet"])
    args = ap.parse_args()
    rows = []
    reports = []
    if "report" in args.only:
        reports = bench_report(int(args.report_rows), args.report_engines, args.report_formats, args.repeats)
    if "micro" in args.only:
        rows += bench_micro(args.repeats)
    if "evaluate" in args.only:
        rows += bench_evaluate(args.repeats)
    from rocauc.core.threads import num_threads

    load = os.getloadavg()[0]
    if rows:
        print(f"rocauc threads: {num_threads()} ('1 thread' rows: ROCAUC_NUM_THREADS=1); load average {load:.2f}")
        print(f"{'case':<40}{'rocauc s':>10}  {'peer':<25}{'peer s':>9}{'ratio':>8}{'np.sort s':>11}")
    for name, ours, peer, peer_t, floor in rows:
        ratio = ours / peer_t if np.isfinite(peer_t) else float("nan")
        print(f"{name:<40}{ours:>10.3f}  {peer:<25}{peer_t:>9.3f}{ratio:>8.2f}{floor:>11.4f}")
    if reports:
        load = os.getloadavg()[0]
        print(f"{'command (HTML included)':<44}{'wall s':>8}{'CPU s':>8}{'peak RSS MB':>13}{'file MB':>9}{'runs':>6}")
        for name, wall, cpu, peak, size, runs in reports:
            print(f"{name:<44}{wall:>8.1f}{cpu:>8.1f}{peak:>13.0f}{size:>9.0f}{runs:>6}")
        print(f"(medians; load average {load:.1f} at the end on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
