"""rocauc.keras.AUC inside models on the backend of KERAS_BACKEND: fit and evaluate with a partial last batch,
eager and ``jit_compile=True``, ``.keras`` save and load, sequence outputs, multi-label outputs; on TensorFlow
also ``tf.data`` without ``drop_remainder`` and ``MirroredStrategy``. Each reported value is checked against
keras.metrics.AUC in the same model, or against the numpy StreamingAUC on the model's predictions."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

keras = pytest.importorskip("keras")

import rocauc.keras as rk  # noqa: E402
from rocauc import StreamingAUC  # noqa: E402
from rocauc.integrations import keras as keras_adapter  # noqa: E402

BACKEND = keras.backend.backend()
THRESHOLDS = [0.1, 0.25, 0.3, 0.5, 0.55, 0.9]  # uneven: Keras's slow path, and our searchsorted
ROWS, BATCH = 300, 64  # the last batch holds 44 rows
SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")


def data(n=ROWS, seed=0, features=3):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype(np.float32)
    y = (x[:, 0] + 0.7 * rng.normal(size=n) > 0).astype(np.float32)
    return x, y


def metrics():
    return [
        rk.AUC(name="auc"),
        keras.metrics.AUC(name="keras_auc"),
        rk.AUC(thresholds=THRESHOLDS, name="thr"),
        keras.metrics.AUC(thresholds=THRESHOLDS, name="keras_thr"),
        rk.AUC(curve="PR", name="pr"),
        keras.metrics.AUC(curve="PR", name="keras_pr"),
        rk.AUC(bits=16, name="auc16"),
    ]


def check(result, y, p):
    """Our values equal Keras's in the same step, and the numpy path on the predictions."""
    for ours in ("auc", "thr", "pr"):
        assert result[ours] == pytest.approx(result["keras_" + ours], abs=1e-6), ours
    assert result["auc"] == pytest.approx(StreamingAUC().update(y, p).result(), abs=1e-6)
    assert result["thr"] == pytest.approx(StreamingAUC(thresholds=THRESHOLDS).update(y, p).result(), abs=1e-6)
    assert result["auc16"] == pytest.approx(StreamingAUC(bits=16).update(y, p).result(), abs=1e-6)


def model_for(jit_compile):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=metrics(), jit_compile=jit_compile)
    return model


@pytest.mark.parametrize(
    "jit_compile", [False, pytest.param(True, marks=[pytest.mark.slow] if BACKEND == "torch" else [])]
)  # torch.compile: minutes
def test_fit_evaluate_partial_last_batch_save_load(jit_compile, tmp_path):
    x, y = data()
    model = model_for(jit_compile)
    history = model.fit(x, y, epochs=2, batch_size=BATCH, verbose=0, validation_data=(x, y))
    for ours in ("auc", "thr", "pr"):  # the training logs too (each a mean of the epoch's steps' states)
        assert history.history[ours][-1] == pytest.approx(history.history["keras_" + ours][-1], abs=1e-6)
        assert history.history["val_" + ours][-1] == pytest.approx(history.history["val_keras_" + ours][-1], abs=1e-6)
    result = model.evaluate(x, y, batch_size=BATCH, verbose=0, return_dict=True)
    p = model.predict(x, batch_size=BATCH, verbose=0)
    check(result, y, p)
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    again = loaded.evaluate(x, y, batch_size=BATCH, verbose=0, return_dict=True)
    for name in ("auc", "thr", "pr", "auc16"):
        assert again[name] == pytest.approx(result[name], abs=1e-6)


def test_sequence_outputs_per_time_step():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(ROWS, 5, 3)).astype(np.float32)
    y = (x[..., :1] + 0.7 * rng.normal(size=(ROWS, 5, 1)) > 0).astype(np.float32)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((5, 3)), keras.layers.Dense(1, activation="sigmoid")])  # (n, 5, 1)
    model.compile(
        optimizer="adam",
        loss="binary_crossentropy",
        metrics=[rk.AUC(name="auc"), keras.metrics.AUC(name="keras_auc"), rk.AUC(bits=16, name="auc16")],
    )
    model.fit(x, y, epochs=1, batch_size=BATCH, verbose=0)
    result = model.evaluate(x, y, batch_size=BATCH, verbose=0, return_dict=True)
    p = model.predict(x, batch_size=BATCH, verbose=0)
    assert result["auc"] == pytest.approx(result["keras_auc"], abs=1e-6)
    assert result["auc16"] == pytest.approx(StreamingAUC(bits=16).update(y.ravel(), p.ravel()).result(), abs=1e-6)


def test_multi_label_outputs():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(ROWS, 3)).astype(np.float32)
    y = (x + rng.normal(size=(ROWS, 3)) > 0).astype(np.float32)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="sigmoid")])
    model.compile(
        optimizer="adam",
        loss="binary_crossentropy",
        metrics=[
            rk.AUC(multi_label=True, name="ml"),
            keras.metrics.AUC(multi_label=True, name="keras_ml"),
            rk.AUC(average="micro", label_weights=[1, 2, 0.5], name="pooled"),
            keras.metrics.AUC(label_weights=[1, 2, 0.5], name="keras_pooled"),
        ],
    )
    model.fit(x, y, epochs=1, batch_size=BATCH, verbose=0)
    result = model.evaluate(
        x, y, sample_weight=rng.integers(1, 4, ROWS).astype(np.float32), batch_size=BATCH, verbose=0, return_dict=True
    )
    assert result["ml"] == pytest.approx(result["keras_ml"], abs=1e-6)
    assert result["pooled"] == pytest.approx(result["keras_pooled"], abs=1e-6)


# ------------------------------------------------------------------------------------------------ TensorFlow


@pytest.mark.skipif(BACKEND != "tensorflow", reason="tf.data is TensorFlow's")
def test_tf_data_without_drop_remainder():
    import tensorflow as tf

    x, y = data()
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(BATCH)  # unknown batch dimension in the graph
    model = model_for(False)
    model.fit(dataset, epochs=1, verbose=0)
    result = model.evaluate(dataset, verbose=0, return_dict=True)
    check(result, y, model.predict(x, verbose=0))


MIRRORED = """
import numpy as np, tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
import keras, rocauc.keras as rk
from rocauc import StreamingAUC
rng = np.random.default_rng(0)
x = rng.normal(size=(300, 3)).astype(np.float32)
y = (x[:, 0] + 0.7 * rng.normal(size=300) > 0).astype(np.float32)
strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
assert strategy.num_replicas_in_sync == 2
with strategy.scope():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[
        rk.AUC(name="auc"), keras.metrics.AUC(name="keras_auc"), rk.AUC(bits=16, name="auc16"),
        rk.AUC(thresholds=[0.1, 0.3, 0.5, 0.55], name="thr"),
        keras.metrics.AUC(thresholds=[0.1, 0.3, 0.5, 0.55], name="keras_thr")])
dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(64)
model.fit(dataset, epochs=1, verbose=0)
r = model.evaluate(dataset, verbose=0, return_dict=True)
p = model.predict(x, verbose=0)
assert abs(r["auc"] - r["keras_auc"]) < 1e-6, r
assert abs(r["thr"] - r["keras_thr"]) < 1e-6, r
assert abs(r["auc16"] - StreamingAUC(bits=16).update(y, p).result()) < 1e-6, r
print("ok", r)
"""


@pytest.mark.skipif(BACKEND != "tensorflow", reason="MirroredStrategy is TensorFlow's")
def test_mirrored_strategy_on_two_devices():
    # a fresh process: the two logical CPUs must be set before TensorFlow starts
    env = {
        **os.environ,
        "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "KERAS_BACKEND": "tensorflow",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    done = subprocess.run([sys.executable, "-c", MIRRORED], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr[-3000:]


# ------------------------------------------------------------------------------------------------ processes


def run_python(code, **env):
    env = {
        **os.environ,
        "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=600
    )


def test_load_in_a_process_that_never_imported_rocauc_keras(tmp_path):
    x, y = data(64)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[rk.AUC(name="auc")])
    model.fit(x, y, epochs=1, verbose=0)
    path = str(tmp_path / "model.keras")
    model.save(path)
    done = run_python(f"""
        import keras
        import numpy as np
        try:
            keras.models.load_model({path!r})
        except TypeError as exc:
            print("refused:", exc)
        import rocauc.keras
        model = keras.models.load_model({path!r})
        x = np.random.default_rng(0).normal(size=(20, 3)).astype("float32")
        print(model.evaluate(x, np.arange(20) % 2, verbose=0, return_dict=True)["auc"])
    """)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "refused: Could not locate class 'AUC'" in done.stdout  # Keras's own error, before the import
    assert 0 <= float(done.stdout.strip().splitlines()[-1]) <= 1


def test_a_missing_backend_is_named():
    missing = [name for name in ("tensorflow", "jax", "torch") if not keras_adapter._installed(name)]
    if not missing:
        pytest.skip("every Keras backend is installed here")
    done = run_python("import rocauc.keras", KERAS_BACKEND=missing[0])
    assert done.returncode != 0
    assert f"keras is installed, but importing it failed while it loaded its backend '{missing[0]}'" in done.stderr, (
        done.stderr[-2000:]
    )
    assert "KERAS_BACKEND" in done.stderr and "pip install" in done.stderr


def test_the_guide_example_runs_as_written(tmp_path, monkeypatch):
    guide = os.path.join(os.path.dirname(SRC), "docs", "guide", "streaming-and-keras.md")
    text = open(guide, encoding="utf-8").read()
    section = text[text.index("## Drop-in Keras metric") :]
    start = section.index("```python\n") + len("```python\n")
    code = section[start : section.index("\n```", start)]
    assert "model.fit(" in code
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(compile(code, guide, "exec"), namespace)
    assert (tmp_path / "model.keras").exists()
    again = namespace["loaded"].evaluate(namespace["x"], namespace["y"], batch_size=64, verbose=0, return_dict=True)
    assert again["auc"] == pytest.approx(namespace["result"]["auc"], abs=1e-6)
    assert again["auc16"] == pytest.approx(namespace["result"]["auc16"], abs=1e-6)
