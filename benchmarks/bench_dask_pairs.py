"""rocauc.dask at 10^8 rows, warm: the in-memory AUC, the certified and the exact Dask AUC timed in turn, round after
round, on the data of ``bench_scale.py`` persisted in a 2-worker LocalCluster (one untimed call of each first:
the first call on a fresh cluster touches new memory, see the large-data guide). Prints each round's ratios to
the in-memory time of the same round and their medians: on a shared machine the load drifts between rounds, and
a ratio within one round is steadier than one time against another taken minutes apart.

Run: python benchmarks/bench_dask_pairs.py [--rows 1e8] [--rounds 5] [--max-error 1e-5]
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np
from bench_scale import CHUNK, generate

import rocauc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=float, default=1e8)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--max-error", type=float, default=1e-5)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    import dask.array as da
    from dask import delayed
    from distributed import Client, LocalCluster, wait

    from rocauc import dask as rd

    n = int(args.rows)
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, memory_limit="4GiB", dashboard_address=None, host="127.0.0.1"
    )
    client = Client(cluster)
    starts = list(range(0, n, CHUNK))
    blocks = [delayed(generate)(a, min(n, a + CHUNK)) for a in starts]
    sizes = [min(n, a + CHUNK) - a for a in starts]
    Y = da.concatenate([da.from_delayed(b[0], (m,), bool) for b, m in zip(blocks, sizes)])
    S = da.concatenate([da.from_delayed(b[1], (m,), np.float32) for b, m in zip(blocks, sizes)])
    Y, S = client.persist([Y, S])
    wait([Y, S])
    y, s = generate(0, n)
    exact = rocauc.roc_auc(y, s)
    rd.roc_auc(Y, S, max_error=args.max_error)
    rd.roc_auc(Y, S)
    ratios = []
    print(f"{'load':>5} {'in memory':>10} {'certified':>10} {'ratio':>6} {'exact':>8} {'ratio':>6}")
    for _ in range(args.rounds):
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        rocauc.roc_auc(y, s)
        t1 = time.perf_counter()
        certified = rd.roc_auc(Y, S, max_error=args.max_error)
        t2 = time.perf_counter()
        got = rd.roc_auc(Y, S)
        t3 = time.perf_counter()
        assert abs(certified - exact) <= args.max_error and abs(got - exact) <= 1e-12
        memory, cert, ex = t1 - t0, t2 - t1, t3 - t2
        ratios.append((cert / memory, ex / memory))
        line = f"{load:5.1f} {memory:9.3f}s {cert:9.3f}s {cert / memory:5.2f}x {ex:7.3f}s {ex / memory:5.2f}x"
        print(line, flush=True)
    r = np.array(ratios)
    print(f"median ratios to the in-memory time: certified {np.median(r[:, 0]):.2f}x, exact {np.median(r[:, 1]):.2f}x")
    client.close()
    cluster.close()


if __name__ == "__main__":
    main()
