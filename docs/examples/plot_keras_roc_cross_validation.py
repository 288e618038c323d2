"""
ROC curves of a Keras classifier: cross-validation and a comparison of classifiers
==================================================================================

The classic tutorial: train a small Keras network on the breast cancer data, draw its ROC curve next to other
classifiers, then check that the AUC holds across folds rather than on one lucky split. rocauc adds what a
decision needs: a confidence interval on each AUC, and a paired test of the difference between two classifiers
scored on the same cases.
"""

# %%
# Data and models
# ---------------
# The Keras model is built by a function, so that cross-validation can make a fresh one for each fold.
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import matplotlib.pyplot as plt
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import rocauc
from rocauc.plot import CrossValidatedRocDisplay, RocDisplay

keras.utils.set_random_seed(0)
X, y = load_breast_cancer(return_X_y=True)
X = StandardScaler().fit_transform(X)  # (scaled on all rows to keep the example short)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=0, stratify=y)


def make_mlp():
    model = keras.Sequential(
        [
            keras.Input((X.shape[1],)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
    return model


mlp = make_mlp()
mlp.fit(X_train, y_train, epochs=10, batch_size=32, verbose=0)
scores = {
    "Keras MLP": mlp.predict(X_test, verbose=0),  # (n, 1) sigmoid outputs: fine as they are
    "random forest": RandomForestClassifier(100, random_state=0).fit(X_train, y_train).predict_proba(X_test),
    "logistic regression": make_pipeline(LogisticRegression()).fit(X_train, y_train).predict_proba(X_test),
}

# %%
# Several classifiers on one plot
# -------------------------------
# ``predict_proba``'s two columns and the network's single sigmoid column are both accepted. The legend carries
# each AUC with its 95% DeLong interval; the inset zooms on the top-left corner, where the curves differ.
display = RocDisplay.from_predictions(y_test, scores, inset=True)
plt.show()

# %%
# The AUCs with their intervals, and every pair of classifiers compared on the same test cases (paired DeLong
# test, p-values adjusted by Holm's method). Close AUCs on 228 cases are rarely distinguishable.
print(rocauc.compare(y_test, scores))

# %%
# Cross-validation
# ----------------
# One split can flatter a model. ``cross_validate_roc`` fits a fresh model on each of 5 stratified folds and
# averages the fold curves on a common false positive rate grid. It takes a scikit-learn estimator or a function
# that returns a compiled Keras model.
cv_mlp = rocauc.cross_validate_roc(
    make_mlp, X, y, cv=5, fit_params={"epochs": 10, "batch_size": 32, "verbose": 0}, name="Keras MLP", progress=False
)
cv_forest = rocauc.cross_validate_roc(
    RandomForestClassifier(100, random_state=0), X, y, cv=5, name="random forest", progress=False
)
print("Keras MLP fold AUCs:    ", cv_mlp.aucs.round(4), f"mean {cv_mlp.mean_auc:.4f} ± {cv_mlp.std_auc:.4f}")
print("random forest fold AUCs:", cv_forest.aucs.round(4), f"mean {cv_forest.mean_auc:.4f} ± {cv_forest.std_auc:.4f}")

fig, axes = plt.subplots(1, 2, figsize=(11, 5))
CrossValidatedRocDisplay.from_cross_validation(cv_mlp, ax=axes[0])
CrossValidatedRocDisplay.from_cross_validation(cv_forest, ax=axes[1])
plt.show()
