"""Where the time of rocauc.spark's exact AUC goes: handing rows to Python, by column, side by side.

Run: python benchmarks/bench_spark_crossing.py [--rows 1e7] [--repeats 5]

The data of ``bench_scale.py`` (labels as doubles, float32 scores, cached on local[2]). Rows, each a median of
``--repeats`` runs taken in turns (so a shared machine's drifting load hits them alike):

- a do-nothing ``mapInArrow`` (Python counts the rows) over the label and score columns, the score alone, and the
  folded column of ``rocauc.spark`` (the label folded into the score in Spark SQL, ``rocauc.distributed.folded``);
- ``rocauc.spark.roc_auc`` exact, and the same with the fold turned off (the two-column pass it replaces);
- a Spark-only scan (``sum`` of the score): the floor of reading the cached rows.

"seconds" is wall time; "JVM cpu" the executors' CPU seconds as Spark's status store counts them (in Spark 4 the
task thread also writes the Arrow batches to Python), which a busy machine inflates less than wall time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# Spark's Python workers unpickle the data generator by its module: they need this folder on their path too
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (HERE, os.environ.get("PYTHONPATH")) if p)
from bench_scale import generate, local_spark, spark_blocks  # noqa: E402


def _count_rows(batches):
    import pyarrow as pa

    rows = 0
    for batch in batches:
        rows += batch.num_rows
    yield pa.RecordBatch.from_pydict({"n": [rows]})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=float, default=1e7)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType, FloatType, StructField, StructType

    from rocauc import spark as rs
    from rocauc.integrations import spark as spark_module

    spark = local_spark()
    spark.sparkContext.setLogLevel("ERROR")
    n = int(args.rows)
    starts = spark_blocks(spark, n)  # one block of rows per partition

    def make(batches):
        import pyarrow as pa

        for batch in batches:
            for a, b in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist()):
                yy, ss = generate(a, b)
                for i in range(0, yy.size, 1_000_000):
                    cols = [pa.array(yy[i : i + 1_000_000].astype(np.float64)), pa.array(ss[i : i + 1_000_000])]
                    yield pa.RecordBatch.from_arrays(cols, ["label", "score"])

    schema = StructType([StructField("label", DoubleType()), StructField("score", FloatType())])
    df = starts.mapInArrow(make, schema).cache()
    df.count()

    jsc, gateway = spark._jsparkSession.sparkContext(), spark.sparkContext._gateway

    def jvm_cpu() -> dict:
        empty = gateway.jvm.java.util.ArrayList
        stages = jsc.statusStore().stageList(empty(), False, False, gateway.new_array(gateway.jvm.double, 0), empty())
        return {stages.apply(i).stageId(): stages.apply(i).executorCpuTime() / 1e9 for i in range(stages.size())}

    folded = spark_module._fold(F.col("label"), F.col("score"), 0.0, 1.0, "number").alias("v")
    real = spark_module._folded_rows

    def without_fold():
        spark_module._folded_rows = lambda *a: None
        try:
            return rs.roc_auc(df, "label", "score")
        finally:
            spark_module._folded_rows = real

    cases = {
        "Spark only: sum(score) of the cached rows": lambda: df.agg(F.sum("score")).collect(),
        "cross to Python, nothing done: label, score": lambda: (
            df.select("label", "score").mapInArrow(_count_rows, "n long").collect()
        ),
        "cross to Python, nothing done: score": lambda: df.select("score").mapInArrow(_count_rows, "n long").collect(),
        "cross to Python, nothing done: folded column": lambda: (
            df.select(folded).mapInArrow(_count_rows, "n long").collect()
        ),
        "rocauc.spark exact, fold off (two columns)": without_fold,
        "rocauc.spark exact (folded column)": lambda: rs.roc_auc(df, "label", "score"),
    }
    times: dict = {name: [] for name in cases}
    for i in range(args.repeats):
        for name in list(cases) if i % 2 == 0 else list(cases)[::-1]:
            before = jvm_cpu()
            t0 = time.perf_counter()
            cases[name]()
            wall = time.perf_counter() - t0
            cpu = sum(c for s, c in jvm_cpu().items() if s not in before)
            times[name].append((wall, cpu))
    spark.stop()
    base = float(np.median([w for w, _ in times["rocauc.spark exact (folded column)"]]))
    print(f"\n{n:.0e} rows, medians of {args.repeats}, load average now {os.getloadavg()[0]:.1f}")
    print(f"{'what':<52} {'seconds':>8} {'x exact':>8} {'JVM cpu':>8}")
    for name, got in times.items():
        wall, cpu = (float(np.median(v)) for v in zip(*got))
        print(f"{name:<52} {wall:>8.2f} {wall / base:>8.2f} {cpu:>8.2f}")


if __name__ == "__main__":
    main()
