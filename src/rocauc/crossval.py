"""Cross-validated ROC: fit a fresh model on each training fold, score its test fold, and summarize the fold curves
by their mean on a common false positive rate grid with a band, and the mean and standard deviation of the AUCs.

Works with scikit-learn estimators (cloned per fold) and with Keras models given as a factory (a function that
builds and compiles a fresh model; it is called once per fold).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .core.curves import RocCurve
from .core.errors import require
from .core.inputs import as_array
from .present.common import evaluation_for_curves, fmt, problem_of
from .stats.evaluation import Evaluation

__all__ = ["CrossValidatedRoc", "cross_validate_roc"]


@dataclass(frozen=True, eq=False)
class CrossValidatedRoc:
    """The result of :func:`cross_validate_roc`.

    ``curves``/``aucs``: each fold's ROC curve (binary; the macro-average curve for multi-class) and AUC;
    ``evaluations``: each fold's full :class:`rocauc.Evaluation`; ``fpr``: the common grid; ``tprs``: each fold's
    true positive rate on it (shape (n_folds, n_grid)); ``mean_tpr`` their mean; ``band_low``/``band_high`` the band
    (mean +- ``band_width`` standard deviations, or percentiles); ``mean_auc``/``std_auc``: mean and standard
    deviation (ddof=0, as scikit-learn's examples) of the fold AUCs.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = make_classification(200, random_state=0)
    >>> cv = cross_validate_roc(LogisticRegression(), X, y, cv=3, progress=False)
    >>> cv.aucs.shape, cv.tprs.shape, round(cv.mean_auc, 3)
    ((3,), (3, 202), 0.967)
    """

    name: str
    curves: list[RocCurve]
    aucs: np.ndarray
    evaluations: list[Evaluation]
    fpr: np.ndarray
    tprs: np.ndarray
    mean_tpr: np.ndarray
    band_low: np.ndarray
    band_high: np.ndarray
    band_label: str
    mean_auc: float
    std_auc: float
    fit_seconds: list[float] = field(default_factory=list)

    @property
    def n_folds(self) -> int:
        return len(self.curves)

    def plot(self, ax: Any = None, **plot_kwargs: Any) -> Any:
        """Draw with :class:`rocauc.plot.CrossValidatedRocDisplay`; returns the display."""
        from .present.plots import CrossValidatedRocDisplay

        return CrossValidatedRocDisplay.from_cross_validation(self, ax=ax, **plot_kwargs)

    def to_dict(self) -> dict:
        from .core.decision import json_ready

        return json_ready(
            {
                "name": self.name,
                "n_folds": self.n_folds,
                "aucs": self.aucs,
                "mean_auc": self.mean_auc,
                "std_auc": self.std_auc,
                "band": self.band_label,
                "fpr": self.fpr,
                "mean_tpr": self.mean_tpr,
                "band_low": self.band_low,
                "band_high": self.band_high,
                "fit_seconds": self.fit_seconds,
            }
        )


def cross_validate_roc(
    model: Any,
    X: Any,
    y: Any,
    *,
    cv: Any = 5,
    fit_params: Mapping[str, Any] | None = None,
    groups: Any = None,
    pos_label: Any = None,
    from_logits: bool = False,
    band: str | tuple[float, float] = "std",
    band_width: float = 1.0,
    grid: int | Sequence[float] = 201,
    random_state: int | None = 0,
    name: str | None = None,
    progress: bool | Callable[[str], None] = True,
) -> CrossValidatedRoc:
    """Cross-validated ROC curves and AUCs of a scikit-learn estimator or a Keras model factory.

    Parameters
    ----------
    model : a scikit-learn estimator (cloned for each fold; scored with ``predict_proba``, else
        ``decision_function``), or a function returning a fresh compiled Keras model (scored with ``predict``).
    X, y : features and labels (numpy arrays, pandas objects, lists).
    cv : number of folds (``StratifiedKFold`` with shuffling and ``random_state``), any scikit-learn splitter, or
        an iterable of ``(train_index, test_index)`` pairs.
    fit_params : keyword arguments for ``fit`` (for Keras: ``epochs``, ``batch_size``, ``verbose``...).
    band : ``"std"`` (mean +- ``band_width`` standard deviations, clipped to [0, 1]) or a pair of percentiles
        such as ``(5, 95)``.
    grid : the number of points of the common false positive rate grid, or the grid itself.
    progress : print one line per fold to stderr (True), or pass a function that receives each line.

    Returns
    -------
    CrossValidatedRoc
        Each fold's curve, AUC and evaluation, the mean curve on a common grid and its band.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = make_classification(200, random_state=0)
    >>> cv = cross_validate_roc(LogisticRegression(), X, y, cv=3, progress=False)
    >>> cv.n_folds, cv.fpr.shape == cv.mean_tpr.shape
    (3, True)
    """
    if band != "std" and not (isinstance(band, (tuple, list)) and len(band) == 2 and 0 <= band[0] < band[1] <= 100):
        raise ValueError(
            f"band must be 'std' or a pair of percentiles (low, high) with 0 <= low < high <= 100, got {band!r}."
        )
    fpr_grid = _grid(grid)
    y_arr = as_array(y, "y")
    n = y_arr.shape[0]
    if _rows(X) != n:
        raise ValueError(f"X has {_rows(X)} rows but y has {n} labels; pass one label per row of X.")
    fit_one, label = _fitter(model, fit_params)
    named: str | Callable[[], str] = name or label
    splits = list(_splits(cv, X, y_arr, groups, random_state))
    say = _progress(progress)
    curves, aucs, evaluations, seconds, tprs = [], [], [], [], []
    labels = y_arr if y_arr.ndim == 1 else np.argmax(y_arr, axis=1)
    classes = np.unique(labels)
    for i, (train, test) in enumerate(splits):
        missing = np.setdiff1d(classes, labels[test])
        if missing.size:
            raise ValueError(
                f"the test set of fold {i + 1} has no samples of class {missing.tolist()}; every test "
                "fold needs each class: use a stratified splitter or fewer folds."
            )
        start = time.perf_counter()
        scores = fit_one(_take(X, train), y_arr[train], _take(X, test))
        seconds.append(time.perf_counter() - start)
        name = named() if callable(named) else named  # a Keras model's own name is known once one is built
        problem = problem_of(y_arr[test], scores, pos_label=pos_label, from_logits=from_logits)
        ev = evaluation_for_curves(problem)
        curve = ev.classes[0].roc if ev.task == "binary" else ev.macro_roc
        assert curve is not None  # a fold's binary or multi-class evaluation always has its ROC curve
        curves.append(curve)
        aucs.append(float(ev.roc_auc))
        evaluations.append(ev)
        tprs.append(_tpr_on_grid(curve, fpr_grid))
        say(
            f"{name}: fold {i + 1}/{len(splits)}  AUC = {fmt(ev.roc_auc)}  "
            f"(train {len(train)}, test {len(test)}, {seconds[-1]:.1f} s)"
        )
    tpr_matrix = np.vstack(tprs)
    mean_tpr = tpr_matrix.mean(axis=0)
    if band == "std":
        spread = band_width * tpr_matrix.std(axis=0)
        low, high = np.clip(mean_tpr - spread, 0, 1), np.clip(mean_tpr + spread, 0, 1)
        band_label = f"± {band_width:g} std. dev." if band_width != 1 else "± 1 std. dev."
    else:
        assert not isinstance(band, str)  # validated: "std" or a (low, high) pair of percentiles
        low, high = np.percentile(tpr_matrix, band, axis=0)
        band_label = f"{band[0]:g}th–{band[1]:g}th percentile band"
    name = named() if callable(named) else named
    auc_arr = np.asarray(aucs)
    result = CrossValidatedRoc(
        name,
        curves,
        auc_arr,
        evaluations,
        np.r_[0.0, fpr_grid],
        tpr_matrix,
        mean_tpr,
        low,
        high,
        band_label,
        float(auc_arr.mean()),
        float(auc_arr.std()),
        seconds,
    )
    say(f"{name}: mean AUC = {fmt(result.mean_auc)} ± {fmt(result.std_auc)} over {len(splits)} folds")
    return result


# ----------------------------------------------------------------------------------------------- helpers


def _grid(grid: int | Sequence[float]) -> np.ndarray:
    if isinstance(grid, (int, np.integer)) and not isinstance(grid, bool):
        if grid < 2:
            raise ValueError(f"grid must be at least 2 points, got {grid}.")
        return np.linspace(0.0, 1.0, int(grid))
    g = np.unique(np.asarray(grid, dtype=np.float64))
    if g.size < 2 or g[0] != 0 or g[-1] != 1:
        raise ValueError("a grid of false positive rates must be increasing values from 0 to 1 (both included).")
    return g


def _tpr_on_grid(curve: RocCurve, grid: np.ndarray) -> np.ndarray:
    """The curve's true positive rate at each grid point (the top of a vertical jump that sits exactly on a grid
    point, linear between curve points), after a leading (0, 0) point: the curve starts at the origin, and the
    second point holds the height reached at FPR 0."""
    from .core.curves import _limits

    _, high = _limits(curve.fpr, curve.tpr, grid)
    return np.r_[0.0, high]


def _rows(X: Any) -> int:
    shape = getattr(X, "shape", None)
    return int(shape[0]) if shape is not None else len(X)


def _take(X: Any, index: np.ndarray) -> Any:
    if hasattr(X, "iloc"):
        return X.iloc[index]
    if isinstance(X, np.ndarray) or hasattr(X, "shape"):
        return X[index]
    return [X[i] for i in index]


def _progress(progress: bool | Callable[[str], None]) -> Callable[[str], None]:
    if callable(progress):
        return progress
    if progress:
        return lambda line: print(line, file=sys.stderr, flush=True)
    return lambda line: None


def _splits(cv: Any, X: Any, y: np.ndarray, groups: Any, random_state: int | None) -> Iterable[tuple]:
    if isinstance(cv, (int, np.integer)) and not isinstance(cv, bool):
        if cv < 2:
            raise ValueError(f"cv must be at least 2 folds, got {cv}.")
        model_selection = require("sklearn.model_selection", "sklearn", "cross_validate_roc(cv=<int>)")
        labels = y if y.ndim == 1 else np.argmax(y, axis=1)
        smallest = int(np.unique(labels, return_counts=True)[1].min())
        if smallest < cv:
            raise ValueError(
                f"the smallest class has {smallest} samples, fewer than the {cv} folds: every test "
                "fold needs each class; use fewer folds."
            )
        splitter = model_selection.StratifiedKFold(n_splits=int(cv), shuffle=True, random_state=random_state)
        return splitter.split(np.zeros(len(labels)), labels)
    if hasattr(cv, "split") and not isinstance(cv, (str, bytes)):
        labels = y if y.ndim == 1 else np.argmax(y, axis=1)
        return cv.split(X, labels, groups)
    try:
        if isinstance(cv, (str, bytes)):
            raise TypeError
        return [(np.asarray(a), np.asarray(b)) for a, b in cv]
    except (TypeError, ValueError):
        raise TypeError(
            f"cv must be a number of folds, a scikit-learn splitter or (train, test) index pairs, got "
            f"{type(cv).__name__}."
        ) from None


def _is_keras_model(obj: Any) -> bool:
    return any(
        c.__module__.split(".")[0] == "keras" and c.__name__ in ("Model", "Sequential", "Functional")
        for c in type(obj).__mro__
    )


# names that say nothing about the model: a factory called make_model, a lambda; Keras's automatic model names
_GENERIC_FACTORY = re.compile(
    r"_*((make|build|create|get|new|compile|define)_?)?(keras_?)?"
    r"(model|net|network|classifier|fn|func|factory)?(_?(fn|func|factory))?",
    re.I,
)
_AUTOMATIC_KERAS_NAME = re.compile(r"(sequential|functional|model)(_\d+)?")


def _keras_name(factory: str, model: str) -> str:
    """The name of a Keras factory's results: the factory's name when it is informative (``build_cnn``), else the
    model's own name when one was given (``keras.Sequential(..., name="tiny_mlp")``), else ``"Keras model"``.

    >>> _keras_name("make_model", "sequential_3"), _keras_name("build_cnn", "sequential")
    ('Keras model', 'build_cnn')
    >>> _keras_name("<lambda>", "tiny_mlp")
    'tiny_mlp'
    """
    if factory and factory != "<lambda>" and not _GENERIC_FACTORY.fullmatch(factory):
        return factory
    if model and not _AUTOMATIC_KERAS_NAME.fullmatch(model):
        return model
    return "Keras model"


def _fitter(model: Any, fit_params: Mapping[str, Any] | None) -> tuple[Callable, str | Callable[[], str]]:
    """``fit_one(X_train, y_train, X_test) -> test scores`` for an estimator or a Keras model factory."""
    kwargs = dict(fit_params or {})
    if _is_keras_model(model):
        raise TypeError(
            "pass a function that builds and compiles a fresh Keras model (e.g. `lambda: make_model()`), "
            "not a model: each fold must start from new weights."
        )
    if hasattr(model, "fit") and hasattr(model, "get_params"):
        base = require("sklearn.base", "sklearn", "cross_validate_roc with a scikit-learn estimator")

        def fit_estimator(X_train: Any, y_train: np.ndarray, X_test: Any) -> np.ndarray:
            est = base.clone(model).fit(X_train, y_train, **kwargs)
            if hasattr(est, "predict_proba"):
                return np.asarray(est.predict_proba(X_test))
            if hasattr(est, "decision_function"):
                return np.asarray(est.decision_function(X_test))
            raise TypeError(
                f"{type(model).__name__} has neither predict_proba nor decision_function; a ROC curve "
                "needs scores, not class predictions."
            )

        return fit_estimator, type(model).__name__
    if callable(model):
        kwargs.setdefault("verbose", 0)
        built: list[str] = []

        def fit_keras(X_train: Any, y_train: np.ndarray, X_test: Any) -> np.ndarray:
            net = model()
            if not (hasattr(net, "fit") and hasattr(net, "predict")):
                raise TypeError(
                    f"the model factory returned {type(net).__name__}, which has no fit/predict; it must "
                    "return a compiled Keras model."
                )
            if not built:
                built.append(str(getattr(net, "name", "") or ""))
            net.fit(X_train, y_train, **kwargs)
            return np.asarray(net.predict(X_test, verbose=0, batch_size=4096))

        return fit_keras, lambda: _keras_name(getattr(model, "__name__", ""), built[0] if built else "")
    raise TypeError(
        f"model must be a scikit-learn estimator or a function returning a compiled Keras model, got "
        f"{type(model).__name__}."
    )
