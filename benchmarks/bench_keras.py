"""The cost of an AUC metric in Keras training: epoch times with no metric, keras.metrics.AUC, rocauc.keras.AUC()
and rocauc.keras.AUC(bits=16), per backend, eager and compiled, measured side by side.

Run on the backend of KERAS_BACKEND (torch if unset):

    KERAS_BACKEND=torch python benchmarks/bench_keras.py [--rows 16384] [--batch 128] [--epochs 5]

or on several backends in one run, each in the Python that has it (a child process per backend; the table is
printed by the parent once all have run; ``--repeat N`` runs the backends N times in turn and gives each ratio's
median and range over the repeats; ``--clock cpu`` times CPU time, steadier on a shared machine):

    python benchmarks/bench_keras.py --clock cpu --repeat 2 --python torch=python \\
        --python tensorflow=/work/venvs/tf/bin/python --python jax=/work/venvs/jax/bin/python

Each backend trains the same small binary classifier (two Dense layers, sigmoid output) on the same data, once per
metric configuration, with ``jit_compile=False`` ("eager": torch eager, a TensorFlow graph without XLA, JAX op by
op) and ``jit_compile=True`` ("compiled": torch.compile, XLA, jax.jit). Per configuration one epoch compiles and
warms up, then ``--epochs`` epochs are timed, interleaved across the configurations so that the machine's drift
hits each alike; the table gives median epoch times and each time's ratio to the epoch without a metric and to
the epoch with ``keras.metrics.AUC``. Keras computes every metric's result at every step (for the progress
logs), so a metric costs its ``update_state`` plus its ``result`` per step. The floor: one ``np.sort`` of an
epoch's predictions. Times are noisy on a shared machine; the ratios are measured in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

CONFIGS = ("no metric", "keras.metrics.AUC", "rocauc.keras.AUC()", "rocauc.keras.AUC(bits=16)")
MODES = {"eager": False, "compiled": True}


def measure(args: argparse.Namespace) -> list[dict]:
    """The rows of the current backend: one per (mode, configuration)."""
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras
    import numpy as np

    import rocauc.keras as rk

    backend = keras.backend.backend()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    if backend == "torch" and args.threads:
        import torch

        torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(args.rows, 32)).astype(np.float32)
    y = (x[:, :4].sum(axis=1) + rng.normal(size=args.rows) > 0).astype(np.float32)

    def metric(config: str):
        return {
            "no metric": [],
            "keras.metrics.AUC": [keras.metrics.AUC(name="auc")],
            "rocauc.keras.AUC()": [rk.AUC(name="auc")],
            "rocauc.keras.AUC(bits=16)": [rk.AUC(bits=16, name="auc")],
        }[config]

    rows = []
    for mode in args.modes:
        models = {}
        for config in CONFIGS:
            keras.utils.set_random_seed(1)
            model = keras.Sequential(
                [
                    keras.Input((32,)),
                    keras.layers.Dense(64, activation="relu"),
                    keras.layers.Dense(1, activation="sigmoid"),
                ]
            )
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=metric(config), jit_compile=MODES[mode])
            model.fit(x, y, batch_size=args.batch, epochs=1, verbose=0, shuffle=False)  # compile and warm up
            models[config] = model
        times: dict[str, list[float]] = {config: [] for config in CONFIGS}
        for _ in range(args.epochs):
            for config in CONFIGS:
                t0 = clock()
                history = models[config].fit(x, y, batch_size=args.batch, epochs=1, verbose=0, shuffle=False)
                times[config].append(clock() - t0)
                if config != "no metric":
                    assert np.isfinite(history.history["auc"][-1])
        for config in CONFIGS:
            rows.append(
                {"backend": backend, "mode": mode, "config": config, "seconds": statistics.median(times[config])}
            )
    p = rng.random(args.rows).astype(np.float32)
    floor = []
    for _ in range(max(args.epochs, 3)):
        t0 = time.perf_counter()
        np.sort(p)
        floor.append(time.perf_counter() - t0)
    rows.append(
        {
            "backend": backend,
            "mode": "floor",
            "config": "np.sort of an epoch's predictions",
            "seconds": statistics.median(floor),
        }
    )
    return rows


# what jit_compile=False / True mean on each backend
MODE_NAMES = {
    ("torch", "eager"): "eager",
    ("torch", "compiled"): "torch.compile",
    ("tensorflow", "eager"): "graph (tf.function)",
    ("tensorflow", "compiled"): "XLA",
    ("jax", "eager"): "op by op",
    ("jax", "compiled"): "jit",
}


def _ratio(values: list[float]) -> str:
    text = f"{statistics.median(values):.2f}x"
    return text if len(values) == 1 else f"{text} ({min(values):.2f}-{max(values):.2f})"


def table(rows: list[dict], args: argparse.Namespace) -> str:
    """Median epoch time per configuration, and its ratios; with several repeats, the median ratio and its range
    over the repeats (each ratio taken within one repeat, where both epochs ran side by side)."""
    repeats = sorted({r.get("repeat", 0) for r in rows})
    over = f", {len(repeats)} repeats: median (range) over the repeats" if len(repeats) > 1 else ""
    out = [
        f"{args.rows} rows, batch {args.batch} ({-(-args.rows // args.batch)} steps per epoch), median of "
        f"{args.epochs} epochs{over}; {'CPU' if args.clock == 'cpu' else 'wall-clock'} time",
        "",
        "| backend | mode | metric | epoch | vs no metric | vs keras.metrics.AUC |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    seconds = {(r.get("repeat", 0), r["backend"], r["mode"], r["config"]): r["seconds"] for r in rows}
    seen = []
    for r in rows:
        if (r["backend"], r["mode"], r["config"]) not in seen:
            seen.append((r["backend"], r["mode"], r["config"]))
    for backend, mode, config in seen:
        times = [seconds[(i, backend, mode, config)] for i in repeats if (i, backend, mode, config) in seconds]
        if mode == "floor":
            out.append(f"| {backend} | | {config} | {statistics.median(times) * 1e3:.2f} ms | | |")
            continue
        vs_none = [seconds[(i, backend, mode, config)] / seconds[(i, backend, mode, "no metric")] for i in repeats]
        vs_keras = [
            seconds[(i, backend, mode, config)] / seconds[(i, backend, mode, "keras.metrics.AUC")] for i in repeats
        ]
        name = MODE_NAMES.get((backend, mode), mode)
        out.append(
            f"| {backend} | {name} | {config} | {statistics.median(times):.3f} s | {_ratio(vs_none)} | "
            f"{'' if config == 'no metric' else _ratio(vs_keras)} |"
        )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=16384)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--epochs", type=int, default=5, help="timed epochs per configuration (median)")
    ap.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall: elapsed time; cpu: the process's CPU time, all threads (steadier on a shared machine)",
    )
    ap.add_argument("--modes", nargs="+", default=list(MODES), choices=list(MODES))
    ap.add_argument("--threads", type=int, default=1, help="torch threads (0: torch's default)")
    ap.add_argument(
        "--python",
        action="append",
        default=[],
        metavar="BACKEND=PYTHON",
        help="run BACKEND in that Python (repeat for several backends)",
    )
    ap.add_argument("--repeat", type=int, default=1, help="run every backend this many times (with --python), in turn")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON (used for the child processes)")
    args = ap.parse_args()
    if not args.python:
        rows = measure(args)
        print(json.dumps(rows) if args.json else table(rows, args))
        return
    rows = []
    for repeat in range(args.repeat):  # the backends in turn, so that the machine's drift hits each alike
        for spec in args.python:
            backend, _, python = spec.partition("=")
            env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
            child = [python, os.path.abspath(__file__), *_forwarded(args), "--json"]
            done = subprocess.run(child, env=env, capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"{backend}: the benchmark failed:\n{done.stderr[-3000:]}")
            rows += [{**r, "repeat": repeat} for r in json.loads(done.stdout.strip().splitlines()[-1])]
    print(table(rows, args))


def _forwarded(args: argparse.Namespace) -> list[str]:
    return [
        "--rows",
        str(args.rows),
        "--batch",
        str(args.batch),
        "--epochs",
        str(args.epochs),
        "--threads",
        str(args.threads),
        "--clock",
        args.clock,
        "--modes",
        *args.modes,
    ]


if __name__ == "__main__":
    main()
