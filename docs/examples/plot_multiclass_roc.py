"""
Multi-class ROC: one curve per class, the averages, and a comparison of classifiers
===================================================================================

A softmax classifier of the ten handwritten digits has no single ROC curve. Each class is scored against the
rest; the macro average weighs the classes equally, the weighted average by their size, the micro average pools
all one-vs-rest decisions into one summed counts table, and Hand and Till's one-vs-one average compares every
pair of classes.
"""

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

import rocauc
from rocauc.plot import RocDisplay

keras.utils.set_random_seed(0)
X, y = load_digits(return_X_y=True)
X = X / 16.0
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0, stratify=y)

softmax = keras.Sequential(
    [keras.Input((64,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10, activation="softmax")]
)
softmax.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
softmax.fit(X_train, y_train, epochs=5, batch_size=64, verbose=0)
p_keras = softmax.predict(X_test, verbose=0)  # (n, 10) float32 softmax probabilities
p_forest = RandomForestClassifier(100, random_state=0).fit(X_train, y_train).predict_proba(X_test)

# %%
# One classifier, every class
# ---------------------------
# ``rocauc.evaluate`` computes every curve, score and average once; float32 softmax rows that sum to 1 only up to
# rounding are accepted as they are.
ev = rocauc.evaluate(y_test, p_keras)
for name, value in ev.averages["roc_auc"].items():
    print(f"{name:>13}: {value:.4f}")
print("per class:", np.round(rocauc.roc_auc(y_test, p_keras, average=None), 4))

# %%
# The plot shows each class's curve, the micro-average curve and the macro-average curve. The macro curve is the
# vertical mean of the class curves, so its area is exactly the macro AUC in its legend.
RocDisplay.from_evaluation(ev, legend_loc="lower right")
plt.show()

# %%
# Two multi-class classifiers
# ---------------------------
# Given several classifiers, each is drawn by its macro-average curve (``average="micro"`` draws the micro one),
# with a DeLong interval on the macro AUC.
RocDisplay.from_predictions(y_test, {"Keras softmax": p_keras, "random forest": p_forest}, inset=True)
plt.show()

print(rocauc.compare(y_test, {"Keras softmax": p_keras, "random forest": p_forest}))
