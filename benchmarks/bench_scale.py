"""Exact and certified AUC at scale, side by side: rocauc in memory, rocauc.dask on a 2-worker LocalCluster,
rocauc.spark on local[2], Spark's BinaryClassificationEvaluator, scikit-learn, and one np.sort as the floor.

Run: python benchmarks/bench_scale.py [--rows 1e7 1e8] [--repeats 3] [--evaluator-max 1e7] [--sklearn-max 1e7]
     [--engines memory dask spark] [--memory-max 1e8]
     python benchmarks/bench_scale.py --rows 1e9 --engines dask        # generated inside the workers, ~10 min

The same data everywhere: labels Bernoulli(0.3), scores sigmoid(normal + 1.2 * label) as float32, generated from
the row index (a generator seeded by the block of rows), so the in-memory copy, the Dask workers and the Spark
executors hold identical rows without shipping them. The Dask and Spark data are generated inside the workers and
kept in memory (persisted / cached) before timing, as the in-memory arrays are. Times are medians of ``--repeats``
runs (default 3, and 1 at 10^8 rows and above); "peak MB" is the largest resident set of any one process of that engine
during the run (sampled every 50 ms: workers, the JVM, Python workers, or this process); "diff" is the AUC minus
the exact AUC.

Above ``--memory-max`` rows (default 10^8) nothing is held in memory: the in-memory rows are skipped, and the
Dask rows are generated inside the workers by every pass (never persisted; they never exist on the client), as
they would be read from Parquet. The exact reference is then rocauc.dask's own exact AUC, the peak memory covers
the workers and this (client) process, and the exact pass runs in waves that fit the workers' memory limit.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
import warnings

import numpy as np

import rocauc

CHUNK = 5_000_000


def generate(start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows [start, stop): the same values wherever they are generated (SFC64 seeded by the block index)."""
    ys, ss = [], []
    for block in range(start // CHUNK, (stop - 1) // CHUNK + 1):
        lo, hi = max(start, block * CHUNK), min(stop, (block + 1) * CHUNK)
        rng = np.random.Generator(np.random.SFC64(block))
        y = rng.random(CHUNK, dtype=np.float32) < 0.3
        z = rng.standard_normal(CHUNK, dtype=np.float32)
        z[y] += np.float32(1.2)
        np.negative(z, out=z)  # sigmoid(z) in place, in float32
        np.exp(z, out=z)
        z += np.float32(1.0)
        s = np.reciprocal(z, out=z)
        a, b = lo - block * CHUNK, hi - block * CHUNK
        ys.append(y[a:b])
        ss.append(s[a:b])
    return np.concatenate(ys), np.concatenate(ss)


def spark_blocks(spark, n: int):
    """A Spark DataFrame of one row ``(a, b)`` per block of rows ``[a, b)``, each block in its own partition, so that
    local[2] works on two partitions at once (``repartition``'s round robin put both blocks of 10^7 rows in one
    partition and left the other empty: every pass then ran on one core)."""
    from pyspark.sql import functions as F

    k = len(range(0, n, CHUNK))
    first = F.col("id") * CHUNK
    return spark.range(0, k, 1, numPartitions=k).select(first.alias("a"), F.least(first + CHUNK, F.lit(n)).alias("b"))


class PeakMemory:
    """Largest RSS of any process among ``pids()`` (re-read as processes come and go) while the block runs."""

    def __init__(self, pids):
        self.pids, self.peak, self._stop = pids, 0, threading.Event()

    def _run(self):
        import psutil

        while not self._stop.is_set():
            for pid in self.pids():
                try:
                    self.peak = max(self.peak, psutil.Process(pid).memory_info().rss)
                except Exception:
                    pass
            time.sleep(0.05)

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def tree(pid: int, include_self: bool = True):
    import psutil

    def pids():
        try:
            p = psutil.Process(pid)
            return ([pid] if include_self else []) + [c.pid for c in p.children(recursive=True)]
        except Exception:
            return []

    return pids


def local_spark():
    """The benchmarks' Spark session: local[2], Arrow batches of 10^6 rows, no UI or progress bars."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "6g")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000000")
        .getOrCreate()
    )


def timed(fn, repeats: int, pids):
    times, value = [], None
    with PeakMemory(pids) as mem:
        for _ in range(repeats):
            t0 = time.perf_counter()
            value = fn()
            times.append(time.perf_counter() - t0)
    return float(np.median(times)), mem.peak / 2**20, value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", nargs="+", type=float, default=[1e7])
    ap.add_argument("--repeats", type=int, default=None, help="runs timed per row (default 3; 1 from 10^8 rows)")
    ap.add_argument("--evaluator-max", type=float, default=1e7, help="largest size for Spark's evaluator")
    ap.add_argument("--sklearn-max", type=float, default=1e7)
    ap.add_argument("--engines", nargs="+", default=["memory", "dask", "spark"])
    ap.add_argument("--max-error", type=float, default=1e-5)
    ap.add_argument("--memory-max", type=float, default=1e8, help="largest size held in memory (see above)")
    ap.add_argument("--worker-memory", default="4GiB", help="memory limit of each Dask worker")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    only_me = lambda: [os.getpid()]  # noqa: E731
    rows = []

    client = cluster = spark = None
    if "dask" in args.engines:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit=args.worker_memory,
            dashboard_address=None,
            host="127.0.0.1",
        )
        client = Client(cluster)
    if "spark" in args.engines:
        spark = local_spark()
        spark.sparkContext.setLogLevel("ERROR")

    for n in (int(v) for v in args.rows):
        reps = args.repeats if args.repeats is not None else (3 if n < 10**8 else 1)
        exact = None
        in_memory = n <= args.memory_max
        if in_memory:  # the in-memory exact AUC is every row's reference
            y, s = generate(0, n)
            t, peak, exact = timed(lambda: rocauc.roc_auc(y, s), reps, only_me)
            rows.append((n, "rocauc.roc_auc (in memory, exact)", t, peak, 0.0))
            t, peak, _ = timed(lambda: np.sort(s), reps, only_me)
            rows.append((n, "np.sort of the scores (floor)", t, peak, float("nan")))
            if n <= args.sklearn_max:
                from sklearn.metrics import roc_auc_score

                t, peak, v = timed(lambda: roc_auc_score(y, s), max(1, reps - 1), only_me)
                rows.append((n, "sklearn roc_auc_score", t, peak, v - exact))
            del y, s
        if client is not None:
            import dask.array as da
            from dask import delayed

            from rocauc import dask as rd

            starts = list(range(0, n, CHUNK))
            blocks = [delayed(generate)(a, min(n, a + CHUNK)) for a in starts]
            sizes = [min(n, a + CHUNK) - a for a in starts]
            Y = da.concatenate([da.from_delayed(b[0], (m,), bool) for b, m in zip(blocks, sizes)])
            S = da.concatenate([da.from_delayed(b[1], (m,), np.float32) for b, m in zip(blocks, sizes)])
            if in_memory:
                Y, S = client.persist([Y, S])
                from distributed import wait

                wait([Y, S])
            worker_pids = list(client.run(os.getpid).values())
            workers = lambda: worker_pids + ([] if in_memory else [os.getpid()])  # noqa: E731
            t, peak, v = timed(lambda: rd.roc_auc(Y, S), reps, workers)
            where = "" if in_memory else ", generated in the workers"
            if exact is None:
                exact = v  # the reference where nothing fits in memory
            rows.append((n, f"rocauc.dask exact (LocalCluster 2x1{where})", t, peak, v - exact))
            t, peak, v = timed(lambda: rd.roc_auc(Y, S, max_error=args.max_error), reps, workers)
            rows.append((n, f"rocauc.dask certified (max_error={args.max_error:g})", t, peak, v - exact))
            del Y, S
            client.cancel(list(client.futures))
        if spark is not None and exact is None:
            print(f"spark skipped at {n:.0e} rows: no exact reference (run memory or dask at this size)")
        elif spark is not None:
            from pyspark.sql import functions as F
            from pyspark.sql.types import DoubleType, FloatType, StructField, StructType

            from rocauc import spark as rs

            starts = spark_blocks(spark, n)

            def make(batches):
                import pyarrow as pa

                for batch in batches:
                    for a, b in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist()):
                        yy, ss = generate(a, b)
                        for i in range(0, yy.size, 1_000_000):
                            yield pa.RecordBatch.from_arrays(
                                [pa.array(yy[i : i + 1_000_000].astype(np.float64)), pa.array(ss[i : i + 1_000_000])],
                                ["label", "score"],
                            )

            schema = StructType([StructField("label", DoubleType()), StructField("score", FloatType())])
            df = starts.mapInArrow(make, schema).cache()
            df.count()
            jvm = tree(os.getpid(), include_self=False)
            t, peak, v = timed(lambda: rs.roc_auc(df, "label", "score"), reps, jvm)
            rows.append((n, "rocauc.spark exact (local[2])", t, peak, v - exact))
            t, peak, v = timed(lambda: rs.roc_auc(df, "label", "score", max_error=args.max_error), reps, jvm)
            rows.append((n, f"rocauc.spark certified (max_error={args.max_error:g})", t, peak, v - exact))
            if n <= args.evaluator_max:
                from pyspark.ml.evaluation import BinaryClassificationEvaluator

                scored = df.withColumn("raw", F.col("score").cast("double"))
                ev = BinaryClassificationEvaluator(rawPredictionCol="raw", labelCol="label")
                t, peak, v = timed(lambda: ev.evaluate(scored), 1, jvm)
                rows.append((n, "Spark BinaryClassificationEvaluator (numBins=1000)", t, peak, v - exact))
                # rocauc.spark again right after it: the load of a shared machine drifts during a long run
                t, peak, v = timed(lambda: rs.roc_auc(df, "label", "score"), reps, jvm)
                rows.append((n, "rocauc.spark exact (local[2]), after the evaluator", t, peak, v - exact))
            df.unpersist()
        print_table(rows)

    if client is not None:
        client.close()
        cluster.close()
    if spark is not None:
        spark.stop()


def print_table(rows) -> None:
    print()
    print(f"{'rows':>6}  {'method':<62} {'seconds':>8} {'x in-memory':>11} {'peak MB':>8} {'diff to exact':>14}")
    base = {n: t for n, m, t, _, _ in rows if m.startswith("rocauc.roc_auc")}
    for n, method, t, peak, diff in rows:
        d = "" if np.isnan(diff) else f"{diff:+.1e}"
        ratio = f"{t / base[n]:>11.2f}" if n in base else f"{'':>11}"
        print(f"{n:>6.0e}  {method:<62} {t:>8.2f} {ratio} {peak:>8.0f} {d:>14}")
    for n in dict.fromkeys(r[0] for r in rows):
        evaluator = [t for m, t in ((r[1], r[2]) for r in rows if r[0] == n) if m.startswith("Spark Binary")]
        ours = [t for m, t in ((r[1], r[2]) for r in rows if r[0] == n) if m.startswith("rocauc.spark exact")]
        if evaluator and ours:
            print(
                f"{n:.0e} rows: BinaryClassificationEvaluator / rocauc.spark exact = {evaluator[0] / max(ours):.1f}x "
                f"(slower of the two measurements) to {evaluator[0] / min(ours):.1f}x"
            )
    print(flush=True)


if __name__ == "__main__":
    main()
