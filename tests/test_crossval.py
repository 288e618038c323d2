"""cross_validate_roc against scikit-learn's own cross-validation, and the cross-validated ROC display."""

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn import metrics  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold, cross_val_score  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

import rocauc  # noqa: E402
from rocauc.crossval import cross_validate_roc  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    return make_classification(300, 8, n_informative=4, flip_y=0.1, random_state=0)


def reference_tpr_at(fpr, tpr, g):
    """TPR of a ROC curve at FPR g: the top of a vertical jump at g, else linear between the neighbours."""
    on = fpr == g
    if on.any():
        return tpr[on].max()
    i = np.flatnonzero(fpr < g)[-1]
    j = np.flatnonzero(fpr > g)[0]
    return tpr[i] + (g - fpr[i]) * (tpr[j] - tpr[i]) / (fpr[j] - fpr[i])


def test_fold_aucs_equal_sklearn_cross_val_score(data):
    X, y = data
    model = LogisticRegression(max_iter=1000)
    result = cross_validate_roc(model, X, y, cv=5, progress=False)
    expected = cross_val_score(model, X, y, scoring="roc_auc", cv=StratifiedKFold(5, shuffle=True, random_state=0))
    np.testing.assert_allclose(result.aucs, expected, rtol=0, atol=1e-12)
    assert result.mean_auc == pytest.approx(expected.mean(), abs=1e-12)
    assert result.std_auc == pytest.approx(expected.std(), abs=1e-12)
    assert result.n_folds == 5 and result.name == "LogisticRegression"


def test_mean_curve_and_std_band_on_the_common_grid(data):
    X, y = data
    result = cross_validate_roc(LogisticRegression(max_iter=1000), X, y, cv=4, grid=21, progress=False)
    grid = np.linspace(0, 1, 21)
    assert result.fpr.tolist() == [0.0, *grid.tolist()]
    splits = StratifiedKFold(4, shuffle=True, random_state=0).split(X, y)
    rows = []
    for train, test in splits:
        s = LogisticRegression(max_iter=1000).fit(X[train], y[train]).predict_proba(X[test])[:, 1]
        fpr, tpr, _ = metrics.roc_curve(y[test], s, drop_intermediate=False)
        rows.append([0.0] + [reference_tpr_at(fpr, tpr, g) for g in grid])
    rows = np.array(rows)
    np.testing.assert_allclose(result.tprs, rows, atol=1e-12)
    np.testing.assert_allclose(result.mean_tpr, rows.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(result.band_low, np.clip(rows.mean(0) - rows.std(0), 0, 1), atol=1e-12)
    np.testing.assert_allclose(result.band_high, np.clip(rows.mean(0) + rows.std(0), 0, 1), atol=1e-12)
    assert result.band_label == "± 1 std. dev."


def test_percentile_band_and_wider_std_band(data):
    X, y = data
    p = cross_validate_roc(LogisticRegression(max_iter=1000), X, y, cv=5, band=(10, 90), progress=False)
    np.testing.assert_allclose(p.band_low, np.percentile(p.tprs, 10, axis=0))
    np.testing.assert_allclose(p.band_high, np.percentile(p.tprs, 90, axis=0))
    assert p.band_label == "10th–90th percentile band"
    two = cross_validate_roc(LogisticRegression(max_iter=1000), X, y, cv=5, band_width=2, progress=False)
    np.testing.assert_allclose(two.band_high, np.clip(two.mean_tpr + 2 * two.tprs.std(0), 0, 1))
    assert two.band_label == "± 2 std. dev."


def test_any_splitter_index_pairs_groups_and_pandas(data):
    import pandas as pd

    X, y = data
    model = LogisticRegression(max_iter=1000)
    kf = KFold(3, shuffle=True, random_state=1)
    r = cross_validate_roc(model, pd.DataFrame(X), pd.Series(y), cv=kf, progress=False)
    np.testing.assert_allclose(r.aucs, cross_val_score(model, X, y, scoring="roc_auc", cv=kf), atol=1e-12)
    pairs = list(KFold(3).split(X))
    r = cross_validate_roc(model, X, y, cv=pairs, progress=False)
    np.testing.assert_allclose(r.aucs, cross_val_score(model, X, y, scoring="roc_auc", cv=KFold(3)), atol=1e-12)
    groups = np.arange(len(y)) % 6
    r = cross_validate_roc(model, X, y, cv=GroupKFold(3), groups=groups, progress=False)
    ref = cross_val_score(model, X, y, scoring="roc_auc", cv=GroupKFold(3), groups=groups)
    np.testing.assert_allclose(r.aucs, ref, atol=1e-12)


def test_decision_function_and_multiclass(data):
    X, y = data
    svc = LinearSVC()
    r = cross_validate_roc(svc, X, y, cv=3, progress=False)
    ref = cross_val_score(svc, X, y, scoring="roc_auc", cv=StratifiedKFold(3, shuffle=True, random_state=0))
    np.testing.assert_allclose(r.aucs, ref, atol=1e-12)
    X3, y3 = make_classification(300, 8, n_informative=5, n_classes=3, random_state=2)
    model = LogisticRegression(max_iter=1000)
    r = cross_validate_roc(model, X3, y3, cv=3, progress=False)
    ref = cross_val_score(model, X3, y3, scoring="roc_auc_ovr", cv=StratifiedKFold(3, shuffle=True, random_state=0))
    np.testing.assert_allclose(r.aucs, ref, atol=1e-12)
    # the fold curve of a multi-class model is its macro-average curve, whose area is the macro AUC
    for curve, auc in zip(r.curves, r.aucs):
        assert np.trapezoid(curve.tpr, curve.fpr) == pytest.approx(auc, abs=1e-12)


class FakeNet:
    """A Keras-like model: records what fit received; predicts a fixed function of X."""

    made = []

    def __init__(self):
        self.fit_kwargs = None
        FakeNet.made.append(self)

    def fit(self, X, y, **kwargs):
        self.fit_kwargs = kwargs
        self.n_train = len(y)

    def predict(self, X, verbose=0, batch_size=None):
        return 1 / (1 + np.exp(-X[:, :1]))


def test_model_factory_is_called_once_per_fold_with_fit_params(data):
    X, y = data
    FakeNet.made.clear()
    r = cross_validate_roc(FakeNet, X, y, cv=3, fit_params={"epochs": 7, "batch_size": 16}, progress=False)
    assert len(FakeNet.made) == 3
    assert all(m.fit_kwargs == {"epochs": 7, "batch_size": 16, "verbose": 0} for m in FakeNet.made)
    for auc, (_train, test) in zip(r.aucs, StratifiedKFold(3, shuffle=True, random_state=0).split(X, y)):
        assert auc == pytest.approx(metrics.roc_auc_score(y[test], X[test, 0]), abs=1e-12)


def test_keras_factory_trains_a_fresh_model_per_fold(data):
    import keras

    X, y = data
    epochs_seen = []

    class Count(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            epochs_seen.append(epoch)

    def make():
        m = keras.Sequential(
            [
                keras.Input((X.shape[1],)),
                keras.layers.Dense(4, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        m.compile(optimizer="adam", loss="binary_crossentropy")
        return m

    r = cross_validate_roc(
        make, X.astype("float32"), y, cv=3, fit_params={"epochs": 2, "callbacks": [Count()]}, progress=False
    )
    assert epochs_seen == [0, 1] * 3
    assert r.n_folds == 3 and np.all((r.aucs > 0) & (r.aucs <= 1))
    with pytest.raises(TypeError, match="pass a function that builds and compiles a fresh Keras model"):
        cross_validate_roc(make(), X, y, cv=3, progress=False)


def test_progress_lines(data, capsys):
    X, y = data
    lines = []
    r = cross_validate_roc(LogisticRegression(max_iter=1000), X, y, cv=3, progress=lines.append, name="logreg")
    assert len(lines) == 4
    assert lines[0].startswith(f"logreg: fold 1/3  AUC = {r.aucs[0]:.3f}  (train 200, test 100, ")
    assert lines[-1] == f"logreg: mean AUC = {r.mean_auc:.3f} ± {r.std_auc:.3f} over 3 folds"
    cross_validate_roc(LogisticRegression(max_iter=1000), X, y, cv=3)
    assert "fold 3/3" in capsys.readouterr().err


def test_bad_arguments(data):
    X, y = data
    model = LogisticRegression()
    with pytest.raises(ValueError, match="band must be 'std' or a pair of percentiles"):
        cross_validate_roc(model, X, y, band=(90, 10), progress=False)
    with pytest.raises(ValueError, match="grid must be at least 2 points, got 1"):
        cross_validate_roc(model, X, y, grid=1, progress=False)
    with pytest.raises(ValueError, match="a grid of false positive rates must be increasing values from 0 to 1"):
        cross_validate_roc(model, X, y, grid=[0.1, 0.5], progress=False)
    with pytest.raises(ValueError, match="cv must be at least 2 folds, got 1"):
        cross_validate_roc(model, X, y, cv=1, progress=False)
    with pytest.raises(ValueError, match="X has 299 rows but y has 300 labels"):
        cross_validate_roc(model, X[:-1], y, progress=False)
    with pytest.raises(ValueError, match="the smallest class has 3 samples, fewer than the 5 folds"):
        cross_validate_roc(model, X[:103], np.r_[np.zeros(100, int), np.ones(3, int)], progress=False)
    with pytest.raises(TypeError, match="cv must be a number of folds, a scikit-learn splitter"):
        cross_validate_roc(model, X, y, cv="five", progress=False)
    with pytest.raises(TypeError, match="model must be a scikit-learn estimator or a function"):
        cross_validate_roc(42, X, y, progress=False)
    order = np.argsort(y, kind="stable")
    with pytest.raises(ValueError, match=r"the test set of fold 1 has no samples of class \[1\]; every test fold"):
        cross_validate_roc(model, X[order], y[order], cv=KFold(3), progress=False)

    from sklearn.base import BaseEstimator, ClassifierMixin

    class Hard(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            return self

        def predict(self, X):
            return np.zeros(len(X), int)

    with pytest.raises(TypeError, match="Hard has neither predict_proba nor decision_function"):
        cross_validate_roc(Hard(), X, y, cv=3, progress=False)
    with pytest.raises(TypeError, match="the model factory returned int, which has no fit/predict"):
        cross_validate_roc(lambda: 3, X, y, cv=3, progress=False)


def test_display_contents(data):
    X, y = data
    r = cross_validate_roc(LogisticRegression(max_iter=1000), X, y, cv=5, progress=False, name="logreg")
    d = r.plot()
    assert d.mean_line_.get_label() == f"logreg: mean ROC (mean AUC = {r.mean_auc:.3f} ± {r.std_auc:.3f})"
    np.testing.assert_array_equal(d.mean_line_.get_xdata(), r.fpr)
    np.testing.assert_array_equal(d.mean_line_.get_ydata(), r.mean_tpr)
    assert d.mean_line_.get_linewidth() > 2 * d.fold_lines_[0].get_linewidth()
    assert all(line.get_alpha() < 0.5 for line in d.fold_lines_)
    assert [line.get_label() for line in d.fold_lines_] == [
        f"fold {i + 1} (AUC = {a:.3f})" for i, a in enumerate(r.aucs)
    ]
    for line, curve in zip(d.fold_lines_, r.curves):
        np.testing.assert_array_equal(line.get_xdata(), curve.fpr)
    assert d.band_.get_label() == "logreg: ± 1 std. dev."
    # the band polygon spans band_low to band_high
    verts = d.band_.get_paths()[0].vertices
    assert verts[:, 1].min() == pytest.approx(r.band_low.min()) and verts[:, 1].max() == pytest.approx(
        r.band_high.max()
    )
    assert d.chance_line_.get_label() == "chance (AUC = 0.5)"
    assert d.ax_.get_title() == "Cross-validated ROC (5 folds)"
    json.dumps(r.to_dict())
    assert r.to_dict()["aucs"] == pytest.approx(r.aucs.tolist())


def test_exported():
    assert rocauc.cross_validate_roc is cross_validate_roc


def test_docstring_examples():
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module("rocauc.crossval"), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


class _FakeNet:
    """What cross_validate_roc needs of a Keras model (fit, predict, name), backed by a logistic regression."""

    def __init__(self, name):
        self.name = name
        self._lr = LogisticRegression(max_iter=1000)

    def fit(self, X, y, **kwargs):
        self._lr.fit(X, y)

    def predict(self, X, verbose=0, batch_size=None):
        return self._lr.predict_proba(X)[:, 1]


@pytest.mark.parametrize(
    ("factory_name", "model_name", "expected"),
    [
        ("make_model", "sequential_3", "Keras model"),
        ("build_model", "functional", "Keras model"),
        ("<lambda>", "model_1", "Keras model"),
        ("make_model", "tiny_mlp", "tiny_mlp"),
        ("<lambda>", "tiny_mlp", "tiny_mlp"),
        ("build_cnn", "sequential", "build_cnn"),
    ],
)
def test_keras_factory_names_the_model_only_when_informative(data, factory_name, model_name, expected):
    X, y = data

    def factory():
        return _FakeNet(model_name)

    factory.__name__ = factory_name
    lines = []
    r = cross_validate_roc(factory, X, y, cv=3, progress=lines.append)
    assert r.name == expected
    assert all(line.startswith(expected + ": ") for line in lines) and len(lines) == 4
    # the scores are the fake net's: the fold AUCs of a logistic regression
    ref = [
        metrics.roc_auc_score(y[te], LogisticRegression(max_iter=1000).fit(X[tr], y[tr]).predict_proba(X[te])[:, 1])
        for tr, te in StratifiedKFold(3, shuffle=True, random_state=0).split(X, y)
    ]
    np.testing.assert_allclose(r.aucs, ref, rtol=0, atol=1e-12)
    assert cross_validate_roc(factory, X, y, cv=3, progress=False, name="mine").name == "mine"
