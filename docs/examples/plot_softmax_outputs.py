"""
Softmax outputs and logits: where ``roc_auc_score`` stops, done right
=====================================================================

Three things a Keras classifier outputs, and what ``sklearn.metrics.roc_auc_score`` says about each:

* a binary model with a **two-column softmax** gives ``(n, 2)`` scores: scikit-learn refuses them;
* a **multi-class softmax** gives ``(n, k)`` probabilities: both libraries score them one class against the rest;
* a model without its final activation gives **logits**: scikit-learn refuses multi-class logits, and a binary
  ``keras.metrics.AUC`` clips them.

rocauc takes the first two as they are, and asks for ``from_logits=True`` for the third rather than guessing.
"""

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

import rocauc
from rocauc.plot import RocDisplay

keras.utils.set_random_seed(0)


def sklearn_says(*args, **kwargs):
    try:
        return f"{roc_auc_score(*args, **kwargs):.4f}"
    except ValueError as err:
        return f"ValueError: {err}"


# %%
# A binary model with a two-column softmax
# ----------------------------------------
X, y = load_breast_cancer(return_X_y=True)
X = StandardScaler().fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=0, stratify=y)
binary = keras.Sequential([keras.Input((30,)), keras.layers.Dense(2, activation="softmax")])
binary.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
binary.fit(X_train, y_train, epochs=5, verbose=0)
p2 = binary.predict(X_test, verbose=0)
print("scores:", p2.shape, p2.dtype)
print("roc_auc_score(y, p2):       ", sklearn_says(y_test, p2))
print("roc_auc_score(y, p2[:, 1]): ", sklearn_says(y_test, p2[:, 1]))
print("rocauc.roc_auc(y, p2):      ", f"{rocauc.roc_auc(y_test, p2):.4f}   (the positive class's column)")

# %%
# With string labels, say which class is positive. The columns are taken to follow the sorted labels, as in
# scikit-learn: here "benign" sorts first but the model's column 0 is "malignant" (target 0), so without
# ``labels=`` the wrong column is scored and the AUC comes out flipped. ``labels=`` names the columns' classes.
names = np.where(y_test == 1, "benign", "malignant")
print(f"columns assumed sorted:  {rocauc.roc_auc(names, p2, pos_label='benign'):.4f}")
print(f"labels= the column order: {rocauc.roc_auc(names, p2, pos_label='benign', labels=['malignant', 'benign']):.4f}")

# %%
# A multi-class softmax in float32
# --------------------------------
X, y = load_wine(return_X_y=True)
X = StandardScaler().fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0, stratify=y)
inputs = keras.Input((13,))
logits_layer = keras.layers.Dense(3)(inputs)  # the logits ...
softmax = keras.Model(inputs, keras.layers.Activation("softmax")(logits_layer))
logit_model = keras.Model(inputs, logits_layer)  # ... and the same model without its activation
softmax.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
softmax.fit(X_train, y_train, epochs=5, verbose=0)
probs = softmax.predict(X_test, verbose=0)
logits = logit_model.predict(X_test, verbose=0)
print("roc_auc_score(y, probs, multi_class='ovr'):", sklearn_says(y_test, probs, multi_class="ovr"))
print("rocauc.roc_auc(y, probs):                  ", f"{rocauc.roc_auc(y_test, probs):.4f}")

# %%
# Logits
# ------
# A multi-class one-vs-rest AUC depends on whether the scores are probabilities: softmax changes the order of
# one class's scores across rows. rocauc never guesses: it stops and names the fix.
print("roc_auc_score(y, logits, multi_class='ovr'):", sklearn_says(y_test, logits, multi_class="ovr"))
try:
    rocauc.roc_auc(y_test, logits)
except ValueError as err:
    print("rocauc.roc_auc(y, logits):", err)
print(f"rocauc.roc_auc(y, logits, from_logits=True): {rocauc.roc_auc(y_test, logits, from_logits=True):.4f}")

# %%
# The displays take the same option: one curve per class from the logits, with the micro and macro averages.
RocDisplay.from_predictions(y_test, logits, from_logits=True)
plt.show()

# %%
# The one-vs-rest AUC of the raw logit columns is a different number (each column ranked on its own), which is
# why rocauc does not silently accept them:
per_class_raw = [rocauc.roc_auc(y_test == k, logits[:, k]) for k in range(3)]
print("macro AUC of raw logit columns:", round(float(np.mean(per_class_raw)), 4))

# %%
# A binary AUC, on the other hand, does not depend on a monotone transform: binary logits are ranked as they are.
z = np.random.default_rng(0).normal(size=500)
yb = (z + np.random.default_rng(1).normal(size=500) > 0).astype(int)
print(rocauc.roc_auc(yb, z) == rocauc.roc_auc(yb, 1 / (1 + np.exp(-z))))
