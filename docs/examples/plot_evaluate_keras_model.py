"""
Evaluating a Keras model: confusion matrix, precision and recall, ROC curve
===========================================================================

The last step of most tutorials: accuracy, a confusion matrix, precision and recall, and a ROC curve. They are all
views of one counts table, so ``rocauc.keras.evaluate_model`` computes them together from one prediction pass,
with intervals, and the displays draw them.
"""

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import matplotlib.pyplot as plt
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

import rocauc
import rocauc.keras
from rocauc.plot import ConfusionMatrixDisplay, PrecisionRecallDisplay, RocDisplay, ThresholdDisplay

keras.utils.set_random_seed(0)
data = load_breast_cancer()
X = StandardScaler().fit_transform(data.data)
y = 1 - data.target  # 1 = malignant: the class we want to find
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=0, stratify=y)

model = keras.Sequential(
    [keras.Input((30,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")]
)
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
model.fit(X_train, y_train, epochs=8, batch_size=32, verbose=0)

# %%
# One call
# --------
# ``evaluate_model`` predicts, reads the output layer's activation (sigmoid: probabilities, so the default
# threshold is 0.5) and returns an :class:`rocauc.Evaluation`.
ev = rocauc.keras.evaluate_model(model, X_test, y_test, operating_point="youden")
print(ev.to_dict()["model_output"])
print(f"ROC AUC {ev.roc_auc_interval:.4f}")
d = ev.decision
print(
    f"at score >= {d.threshold}: accuracy {d.accuracy:.3f}, precision {d.precision:.3f}, "
    f"recall {d.recall:.3f}, specificity {d.specificity:.3f}, F1 {d.f1:.3f}"
)
print("confusion matrix (rows: true 0, 1; columns: predicted 0, 1):")
print(d.matrix)

# %%
# The threshold is a choice: Youden's J picks the one that maximizes TPR - FPR on this data, with Wilson
# intervals on each rate. Missing a malignant tumour costs more than a false alarm, so a target sensitivity may be
# the better rule.
print(ev.operating_point)
p_test = model.predict(X_test, verbose=0)
print(rocauc.operating_point(y_test, p_test, criterion="tpr", value=0.98))

# %%
# Four views of the same table
# ----------------------------
fig, axes = plt.subplots(2, 2, figsize=(12, 11), layout="constrained")
RocDisplay.from_evaluation({"Keras MLP": ev}, ax=axes[0, 0])
PrecisionRecallDisplay.from_evaluation({"Keras MLP": ev}, ax=axes[0, 1])
ConfusionMatrixDisplay.from_evaluation(ev, ax=axes[1, 0])
ThresholdDisplay.from_evaluation(ev, ax=axes[1, 1], legend_loc="center left")
plt.show()
