"""
The pitfall: class predictions passed to a ROC curve
====================================================

A ROC curve sweeps a threshold over *scores*. Pass it ``model.predict(x).argmax(axis=1)`` (or ``predict`` of a
scikit-learn classifier, or ``probabilities > 0.5``) and only one threshold is left: the "curve" is two straight
segments through a single point, and its area is the balanced accuracy of that one decision, not the ranking
quality of the model. Many tutorials do exactly this. rocauc computes what it is given, but warns.
"""

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import warnings

import keras
import matplotlib.pyplot as plt
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

import rocauc
from rocauc.plot import RocDisplay

keras.utils.set_random_seed(0)
X, y = load_breast_cancer(return_X_y=True)
X = StandardScaler().fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=0, stratify=y)
model = keras.Sequential([keras.Input((30,)), keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer=keras.optimizers.Adam(0.005), loss="sparse_categorical_crossentropy")
model.fit(X_train, y_train, epochs=3, verbose=0)
probs = model.predict(X_test, verbose=0)

# %%
# The mistake, caught
# -------------------
# 0/1 or argmax predictions get a :class:`rocauc.HardPredictionWarning` that says what to pass instead.
predicted_class = probs.argmax(axis=1)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    wrong = rocauc.roc_auc(y_test, predicted_class)
for w in caught:
    print(f"{w.category.__name__}: {w.message}")

# %%
# Scores, not classes
# -------------------
right = rocauc.roc_auc(y_test, probs)
print(f"AUC of the argmax: {wrong:.4f}   AUC of the probabilities: {right:.4f}")

# %%
# The two curves: the argmax "curve" has one corner; the real curve shows every threshold the model offers.
# (To be able to draw the mistake, the warning is silenced here.)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", rocauc.HardPredictionWarning)
    RocDisplay.from_predictions(y_test, {"argmax (wrong)": predicted_class, "softmax probabilities": probs}, ci=None)
plt.show()

# %%
# The same single point is what the confusion matrix at the argmax describes: its true and false positive rates
# are exactly the corner of the argmax "curve".
ev = rocauc.evaluate(y_test, probs)
print(f"argmax rule: TPR {ev.decision.recall:.4f}, FPR {1 - ev.decision.specificity:.4f}")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", rocauc.HardPredictionWarning)
    fpr, tpr, _ = rocauc.roc_curve(y_test, predicted_class)
print(f"corner of the argmax curve: TPR {tpr[1]:.4f}, FPR {fpr[1]:.4f}")
