"""What an AUC metric adds to a compiled Keras training step, counted rather than timed (steady on a shared machine):
the operations of the traced train step with keras.metrics.AUC, rocauc.keras.AUC() and rocauc.keras.AUC(bits=16),
minus those of the same step without a metric, on the backend of KERAS_BACKEND (TensorFlow or JAX):

    KERAS_BACKEND=tensorflow python benchmarks/bench_keras_ops.py
    KERAS_BACKEND=jax python benchmarks/bench_keras_ops.py

TensorFlow: the nodes of the train step's graph after Grappler's optimizations (what the graph executor runs at
each step, ``jit_compile=False``; constants counted apart) and the instructions of the XLA-optimized HLO
(``jit_compile=True``). JAX: the instructions of the optimized HLO of the jitted train step and XLA's cost analysis
of it (floating-point operations, bytes accessed). The model and data are those of benchmarks/bench_keras.py
(two Dense layers, sigmoid output, batch 128). A count is a proxy for the per-step cost, not a time: compare it with
bench_keras.py's epoch times.
"""

from __future__ import annotations

import collections
import os
import re

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

import rocauc.keras as rk  # noqa: E402

CONFIGS = {
    "no metric": list,
    "keras.metrics.AUC": lambda: [keras.metrics.AUC(name="auc")],
    "rocauc.keras.AUC()": lambda: [rk.AUC(name="auc")],
    "rocauc.keras.AUC(bits=16)": lambda: [rk.AUC(bits=16, name="auc")],
}


def _model(metrics: list, x: np.ndarray, y: np.ndarray, jit: bool):
    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [keras.Input((32,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=metrics, jit_compile=jit)
    model.fit(x, y, batch_size=128, epochs=1, verbose=0)
    return model


def _train_step(model):
    return lambda x, y: model.train_step((x, y))


def _hlo_instructions(text: str) -> int:
    return sum(1 for line in text.splitlines() if re.match(r"\s+(ROOT )?\S+ = ", line))


def tensorflow_counts(x: np.ndarray, y: np.ndarray) -> dict[str, dict[str, int]]:
    import tensorflow as tf
    from tensorflow.core.protobuf import config_pb2, meta_graph_pb2
    from tensorflow.python.framework import meta_graph
    from tensorflow.python.grappler import tf_optimizer

    counts = {}
    for config, metrics in CONFIGS.items():
        model = _model(metrics(), x, y, jit=False)
        step = tf.function(_train_step(model))
        concrete = step.get_concrete_function(tf.TensorSpec((None, 32), tf.float32), tf.TensorSpec((None,), tf.float32))
        graph = concrete.graph
        meta = meta_graph.export_scoped_meta_graph(graph_def=graph.as_graph_def(add_shapes=True), graph=graph)[0]
        fetch = meta_graph_pb2.CollectionDef()
        for t in concrete.outputs + [op for op in graph.get_operations() if op.type == "AssignVariableOp"]:
            fetch.node_list.value.append(t.name)
        meta.collection_def["train_op"].CopyFrom(fetch)
        optimized = tf_optimizer.OptimizeGraph(config_pb2.ConfigProto(), meta)
        nodes = list(optimized.node) + [n for f in optimized.library.function for n in f.node_def]
        kinds = collections.Counter(n.op for n in nodes)
        xla = tf.function(_train_step(model), jit_compile=True)
        hlo = xla.experimental_get_compiler_ir(tf.constant(x[:128]), tf.constant(y[:128]))(stage="optimized_hlo")
        counts[config] = {
            "graph ops (no constants)": sum(kinds.values()) - kinds["Const"],
            "graph constants": kinds["Const"],
            "XLA HLO instructions": _hlo_instructions(hlo),
        }
    return counts


def jax_counts(x: np.ndarray, y: np.ndarray) -> dict[str, dict[str, int]]:
    import jax

    batch = (jax.numpy.asarray(x[:128]), jax.numpy.asarray(y[:128]), None)
    counts = {}
    for config, metrics in CONFIGS.items():
        model = _model(metrics(), x, y, jit=True)
        state = model._get_jax_state(True, True, True, True)  # the state Keras's jitted train step takes
        compiled = jax.jit(model.train_step, donate_argnums=0).lower(state, batch).compile()
        cost = compiled.cost_analysis()
        cost = cost[0] if isinstance(cost, list) else cost
        counts[config] = {
            "HLO instructions": _hlo_instructions(compiled.as_text()),
            "flops": int(cost.get("flops", 0)),
            "bytes accessed": int(cost.get("bytes accessed", 0)),
        }
    return counts


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 32)).astype(np.float32)
    y = (x[:, :4].sum(axis=1) > 0).astype(np.float32)
    backend = keras.backend.backend()
    if backend not in ("tensorflow", "jax"):
        raise SystemExit(f"counts are taken on TensorFlow or JAX (KERAS_BACKEND), not {backend}")
    counts = (tensorflow_counts if backend == "tensorflow" else jax_counts)(x, y)
    base = counts.pop("no metric")
    names = list(base)
    print(f"{backend}: what each metric adds to the traced train step (the step without a metric: ", end="")
    print(", ".join(f"{base[n]} {n}" for n in names) + ")\n")
    print("| metric | " + " | ".join(names) + " |")
    print("| --- |" + " --- |" * len(names))
    for config, c in counts.items():
        print(f"| {config} | " + " | ".join(f"{c[n] - base[n]:+d}" for n in names) + " |")


if __name__ == "__main__":
    main()
