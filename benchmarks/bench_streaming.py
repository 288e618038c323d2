"""Streaming AUC: rocauc.keras.AUC and rocauc.StreamingAUC against keras.metrics.AUC, measured side by side.

Run: KERAS_BACKEND=torch python benchmarks/bench_streaming.py [--samples 1e6] [--batch 1024] [--repeats 5]

Every row streams the same samples in the same batches (float32 scores of a model-like classifier; the Keras
metrics get torch tensors, as in ``fit``; StreamingAUC gets numpy arrays) and times the update calls only; each
configuration's final AUC is printed beside its time so that the rows can be checked to agree. Prints median
wall times over the repeats and the ratio of the peer's time to ours. Torch runs single-threaded by default
(``--threads``): on a small shared machine its thread pool only adds noise to per-batch calls.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np  # noqa: E402


def data(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(np.float32)
    z = rng.normal(size=n) + 1.5 * y
    s = (1 / (1 + np.exp(-z))).astype(np.float32)
    return y, s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=float, default=1e6)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--slow-repeats", type=int, default=3, help="repeats of Keras's O(n*T) uneven-threshold path")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (0: leave torch's default)")
    ap.add_argument("--bits", type=int, default=22, help="bits of the high-resolution StreamingAUC row")
    ap.add_argument("--keras-bits", type=int, default=16, help="bits of the high-resolution rocauc.keras.AUC row")
    args = ap.parse_args()

    import keras
    import torch

    import rocauc
    import rocauc.keras as rk

    if args.threads:
        torch.set_num_threads(args.threads)
    n, b = int(args.samples), args.batch
    y, s = data(n)
    starts = range(0, n, b)
    numpy_batches = [(y[i : i + b], s[i : i + b]) for i in starts]
    torch_batches = [(torch.from_numpy(yb), torch.from_numpy(sb)) for yb, sb in numpy_batches]
    uneven = np.sort(np.random.default_rng(1).random(998) ** 3).tolist()  # 1000 thresholds with the end ones
    exact = rocauc.roc_auc(y, s)

    def keras_metric(metric, batches):
        def run():
            metric.reset_state()
            for yb, sb in batches:
                metric.update_state(yb, sb)

        return run, lambda: float(metric.result())

    def streaming(make, batches):
        holder = {}

        def run():
            m = holder["m"] = make()
            for yb, sb in batches:
                m.update(yb, sb)
            m.counts()  # the buffered sums are folded in: the state is complete

        return run, lambda: holder["m"].result()

    rows = [
        (
            "200 linear thresholds",
            "keras.metrics.AUC.update_state",
            keras_metric(keras.metrics.AUC(), torch_batches),
            args.repeats,
        ),
        ("200 linear thresholds", "rocauc.keras.AUC.update_state", keras_metric(rk.AUC(), torch_batches), args.repeats),
        (
            "200 linear thresholds",
            "rocauc.StreamingAUC.update",
            streaming(rocauc.StreamingAUC, numpy_batches),
            args.repeats,
        ),
        (
            "1000 uneven thresholds",
            "keras.metrics.AUC.update_state",
            keras_metric(keras.metrics.AUC(thresholds=uneven), torch_batches),
            args.slow_repeats,
        ),
        (
            "1000 uneven thresholds",
            "rocauc.keras.AUC.update_state",
            keras_metric(rk.AUC(thresholds=uneven), torch_batches),
            args.repeats,
        ),
        (
            "1000 uneven thresholds",
            "rocauc.StreamingAUC.update",
            streaming(lambda: rocauc.StreamingAUC(thresholds=uneven), numpy_batches),
            args.repeats,
        ),
        (
            "high resolution",
            f"rocauc.StreamingAUC(bits={args.bits}).update",
            streaming(lambda: rocauc.StreamingAUC(bits=args.bits), numpy_batches),
            args.repeats,
        ),
        (
            "high resolution",
            f"rocauc.keras.AUC(bits={args.keras_bits}).update_state",
            keras_metric(rk.AUC(bits=args.keras_bits), torch_batches),
            args.repeats,
        ),
    ]
    # round-robin over the rows, so that the machine's noise falls on all of them alike
    samples: dict = {(group, name): [] for group, name, _, _ in rows}
    for _group, _name, (run, _), _ in rows:
        run()  # warm up (first-call costs: variable creation, imports)
    for r in range(max(repeats for *_, repeats in rows)):
        for group, name, (run, _), repeats in rows:
            if r < repeats:
                t0 = time.perf_counter()
                run()
                samples[group, name].append(time.perf_counter() - t0)
    times = {key: float(np.median(v)) for key, v in samples.items()}
    best = {key: float(np.min(v)) for key, v in samples.items()}
    values = {(group, name): value() for group, name, (_, value), _ in rows}

    print(
        f"{n:,} samples in batches of {b}; keras {keras.__version__} on {keras.backend.backend()} "
        f"(torch {torch.__version__}, {torch.get_num_threads()} threads); exact AUC {exact:.6f}"
    )
    print(f"{'row':<24} {'implementation':<44} {'median s':>9} {'best s':>8} {'AUC':>9}  ratio of medians")
    ratios = {
        ("200 linear thresholds", "rocauc.keras.AUC.update_state"): ("keras.metrics.AUC.update_state", 2),
        ("200 linear thresholds", "rocauc.StreamingAUC.update"): ("keras.metrics.AUC.update_state", 20),
        ("1000 uneven thresholds", "rocauc.keras.AUC.update_state"): ("keras.metrics.AUC.update_state", None),
        ("1000 uneven thresholds", "rocauc.StreamingAUC.update"): ("keras.metrics.AUC.update_state", 20),
    }
    for group, name, _, _ in rows:
        t = times[group, name]
        note = ""
        if (group, name) in ratios:
            peer, goal = ratios[group, name]
            r = times[group, peer] / t
            note = f"{r:6.1f}x faster than {peer}" + (f" (goal >= {goal}x)" if goal else "")
        elif group == "high resolution" and name.startswith("rocauc.StreamingAUC"):
            r = t / times["200 linear thresholds", "rocauc.StreamingAUC.update"]
            note = f"{r:6.2f}x the time of StreamingAUC with 200 thresholds (goal <= 2x)"
        elif group == "high resolution":
            r = t / times["200 linear thresholds", "rocauc.keras.AUC.update_state"]
            note = f"{r:6.2f}x the time of rocauc.keras.AUC with 200 thresholds"
        print(f"{group:<24} {name:<44} {t:9.3f} {best[group, name]:8.3f} {values[group, name]:9.6f}  {note}")


if __name__ == "__main__":
    main()
