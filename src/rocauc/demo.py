"""``rocauc demo``: the classic "ROC curves for Keras classifiers" tutorial, end to end, on built-in data.

1. A Keras binary classifier (a small MLP) and a random forest trained on scikit-learn's ``make_classification``
   data; their ROC curves on one plot with a zoomed top-left inset, AUCs with DeLong intervals, the paired
   comparison, precision-recall curves, threshold plots and confusion matrices.
2. A Keras 3-class softmax classifier: one ROC curve per class with the micro- and macro-average curves.
3. 5-fold cross-validated ROC of the Keras model (a fresh model per fold) and of the random forest.
4. The summary table printed, the report written (HTML with inline plots, PNGs, JSON).

Each step is a few lines of rocauc::

    rep = rocauc.report(y_test, {"Keras MLP": keras_model.predict(X_test), "random forest": forest_probs},
                        cross_validation={"Keras MLP": rocauc.cross_validate_roc(make_model, X, y, cv=5)})
    rep += rocauc.report(y3_test, {"Keras softmax": softmax_model.predict(X3_test)})
    print(rep.to_text()); rep.save("rocauc-report")
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from .core.errors import require

__all__ = ["DemoConfig", "FULL", "QUICK", "run_demo"]


@dataclass(frozen=True)
class DemoConfig:
    """Sizes of the demo: samples, training epochs, trees and folds."""

    n_samples: int = 6000
    n_features: int = 20
    epochs: int = 30
    batch_size: int = 128
    trees: int = 150
    folds: int = 5
    cv_epochs: int = 20
    n_samples_multiclass: int = 4500
    epochs_multiclass: int = 25


FULL = DemoConfig()
QUICK = DemoConfig(
    n_samples=600, epochs=2, trees=10, folds=3, cv_epochs=1, n_samples_multiclass=450, epochs_multiclass=2
)


def _choose_backend() -> None:
    """Keras defaults to TensorFlow; where KERAS_BACKEND is unset and TensorFlow is not installed, use an installed
    backend (torch, then JAX) rather than failing."""
    if os.environ.get("KERAS_BACKEND") or "keras" in sys.modules:
        return
    for module, backend in (("tensorflow", "tensorflow"), ("torch", "torch"), ("jax", "jax")):
        if importlib.util.find_spec(module) is not None:
            os.environ["KERAS_BACKEND"] = backend
            return


def _say(line: str) -> None:
    print(line, flush=True)


def _progress_callback(
    keras: Any, name: str, epochs: int, validation: tuple[np.ndarray, np.ndarray] | None, log: Callable[[str], None]
) -> list[Any]:
    """One line per epoch: the loss and, when validation data is given, its exact ROC AUC, which
    :class:`rocauc.keras.ROCCallback` writes into the logs as ``val_roc_auc``."""
    from .integrations.keras import ROCCallback

    class Progress(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            logs = logs or {}
            text = f"  {name}: epoch {epoch + 1:>2}/{epochs}  loss {logs.get('loss', float('nan')):.4f}"
            if "val_roc_auc" in logs:
                text += f"  validation AUC {logs['val_roc_auc']:.4f}"
            log(text)

    before = [] if validation is None else [ROCCallback(validation)]
    return before + [Progress()]


def _mlp(keras: Any, n_features: int, n_outputs: int) -> Any:
    model = keras.Sequential(
        [
            keras.Input((n_features,)),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(
                1 if n_outputs == 2 else n_outputs, activation="sigmoid" if n_outputs == 2 else "softmax"
            ),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss="binary_crossentropy" if n_outputs == 2 else "sparse_categorical_crossentropy",
    )
    return model


@contextmanager
def _one_torch_thread(keras: Any) -> Iterator[None]:
    """Small MLPs train as fast on one torch thread, and a second thread that waits for a busy core (a shared or
    noisy machine) can make each step ten times slower; restore the setting afterwards."""
    if keras.backend.backend() != "torch":
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def run_demo(
    out: str | None = "rocauc-report",
    *,
    quick: bool = False,
    config: DemoConfig | None = None,
    log: Callable[[str], None] = _say,
) -> Any:
    """Run the demo; prints progress and the summary table, writes the report to ``out`` (None: no files) and
    returns the :class:`rocauc.Report`. ``quick=True`` runs a tiny configuration in seconds."""
    cfg = config or (QUICK if quick else FULL)
    start = time.perf_counter()
    _choose_backend()
    keras = require("keras", "demo", "rocauc demo")
    with _one_torch_thread(keras):
        return _run(keras, cfg, out, quick, log, start)


def _run(keras: Any, cfg: DemoConfig, out: str | None, quick: bool, log: Callable[[str], None], start: float) -> Any:
    datasets = require("sklearn.datasets", "demo", "rocauc demo")
    ensemble = require("sklearn.ensemble", "demo", "rocauc demo")
    model_selection = require("sklearn.model_selection", "demo", "rocauc demo")
    require("matplotlib", "demo", "rocauc demo")
    from .crossval import cross_validate_roc
    from .present.report_build import report

    keras.utils.set_random_seed(0)
    log(
        f"rocauc demo: Keras {keras.__version__} on the {keras.backend.backend()} backend"
        f"{' (quick configuration)' if quick else ''}"
    )

    # 1. binary: a Keras MLP against a random forest --------------------------------------------------------
    X, y = datasets.make_classification(
        n_samples=cfg.n_samples,
        n_features=cfg.n_features,
        n_informative=6,
        n_redundant=4,
        class_sep=0.8,
        flip_y=0.05,
        random_state=0,
    )
    X = ((X - X.mean(axis=0)) / X.std(axis=0)).astype("float32")
    X_train, X_test, y_train, y_test = model_selection.train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
    log(f"[1/4] binary: {len(y_train)} training and {len(y_test)} test samples, {cfg.n_features} features")
    log(f"  training a Keras MLP ({cfg.epochs} epochs)")
    mlp = _mlp(keras, cfg.n_features, 2)
    mlp.fit(
        X_train,
        y_train,
        epochs=cfg.epochs,
        batch_size=cfg.batch_size,
        verbose=0,
        callbacks=_progress_callback(keras, "Keras MLP", cfg.epochs, (X_test, y_test), log),
    )
    p_mlp = np.asarray(mlp.predict(X_test, verbose=0, batch_size=4096))[:, 0]
    log(f"  training a random forest ({cfg.trees} trees)")
    forest = ensemble.RandomForestClassifier(n_estimators=cfg.trees, min_samples_leaf=2, n_jobs=-1, random_state=0)
    p_forest = forest.fit(X_train, y_train).predict_proba(X_test)[:, 1]

    # 2. three classes: a Keras softmax classifier ----------------------------------------------------------
    X3, y3 = datasets.make_classification(
        n_samples=cfg.n_samples_multiclass,
        n_features=cfg.n_features,
        n_informative=6,
        n_redundant=2,
        n_classes=3,
        n_clusters_per_class=1,
        class_sep=0.9,
        flip_y=0.05,
        random_state=1,
    )
    X3 = ((X3 - X3.mean(axis=0)) / X3.std(axis=0)).astype("float32")
    X3_train, X3_test, y3_train, y3_test = model_selection.train_test_split(
        X3, y3, test_size=0.3, stratify=y3, random_state=0
    )
    log(
        f"[2/4] 3 classes: training a Keras softmax classifier ({cfg.epochs_multiclass} epochs) on "
        f"{len(y3_train)} samples"
    )
    softmax = _mlp(keras, cfg.n_features, 3)
    softmax.fit(
        X3_train,
        y3_train,
        epochs=cfg.epochs_multiclass,
        batch_size=cfg.batch_size,
        verbose=0,
        callbacks=_progress_callback(keras, "Keras softmax", cfg.epochs_multiclass, (X3_test, y3_test), log),
    )
    p_softmax = np.asarray(softmax.predict(X3_test, verbose=0, batch_size=4096))

    # 3. cross-validated ROC ----------------------------------------------------------------------------------
    log(f"[3/4] {cfg.folds}-fold cross-validated ROC (a fresh Keras model per fold, {cfg.cv_epochs} epochs each)")
    cv_mlp = cross_validate_roc(
        lambda: _mlp(keras, cfg.n_features, 2),
        X,
        y,
        cv=cfg.folds,
        fit_params={"epochs": cfg.cv_epochs, "batch_size": cfg.batch_size},
        name="Keras MLP",
        progress=lambda line: log("  " + line),
    )
    cv_forest = cross_validate_roc(
        ensemble.RandomForestClassifier(n_estimators=cfg.trees, min_samples_leaf=2, n_jobs=-1, random_state=0),
        X,
        y,
        cv=cfg.folds,
        name="random forest",
        progress=lambda line: log("  " + line),
    )

    # 4. the report -------------------------------------------------------------------------------------------
    log("[4/4] report")
    rep = report(
        y_test,
        {"Keras MLP": p_mlp, "random forest": p_forest},
        title="Binary: Keras MLP vs random forest",
        cross_validation={"Keras MLP": cv_mlp, "random forest": cv_forest},
        calibration=False,  # the tutorial's steps; rocauc report adds the calibration section
    )
    rep += report(
        y3_test, {"Keras softmax": p_softmax}, title="Three classes: Keras softmax classifier", calibration=False
    )
    rep.title = "rocauc demo"
    log("")
    log(rep.to_text())
    if out:
        paths = rep.save(out)
        n_png = sum(1 for p in paths.values() if p.endswith(".png"))
        log(f"wrote {paths['html']} ({n_png} PNG plots, report.json and report.txt in {out}/)")
    log(f"finished in {time.perf_counter() - start:.0f} s")
    return rep
