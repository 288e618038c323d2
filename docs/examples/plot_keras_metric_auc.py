"""
``keras.metrics.AUC`` and ``rocauc.keras.AUC``: the same number where Keras is right
====================================================================================

``keras.metrics.AUC`` puts the scores into 200 equally spaced buckets and reports an approximate area. That is
fine for well spread probabilities, and silently wrong for scores crowded in one corner (rare events), for logits
passed without ``from_logits``, and for softmax outputs (flattened into one binary problem). ``rocauc.keras.AUC``
takes the same arguments, gives the same number in the same configuration, and adds what Keras lacks: the
one-vs-rest averages, a high-resolution mode (``bits=``) and a certified bound on the error.
"""

# %%
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import matplotlib.pyplot as plt
import numpy as np

import rocauc
import rocauc.keras


def keras_auc(y, s, **options):
    m = keras.metrics.AUC(**options)
    m.update_state(y, s)
    return float(m.result())


def rocauc_auc(y, s, **options):
    m = rocauc.keras.AUC(**options)
    m.update_state(y, s)
    return float(m.result())


# %%
# Well spread scores: the same number
# -----------------------------------
rng = np.random.default_rng(0)
y = rng.integers(0, 2, 5000)
p = 1 / (1 + np.exp(-(rng.normal(size=5000) + 1.5 * y)))
print(f"keras.metrics.AUC  {keras_auc(y, p):.6f}")
print(f"rocauc.keras.AUC   {rocauc_auc(y, p):.6f}")
print(f"exact              {rocauc.roc_auc(y, p):.6f}")

# %%
# Crowded scores: 200 buckets are not enough
# ------------------------------------------
# A fraud or failure model scores almost everything below 0.01. With 200 buckets of width 0.005, nearly all the
# scores share two buckets, and the order inside a bucket is lost. A ``StreamingAUC`` configured like Keras says
# how far its number can be from the truth; ``bits=16`` buckets on the float's own bits instead and keeps the
# resolution near 0.
y_rare = (rng.random(20000) < 0.05).astype(int)
rare = 1 / (1 + np.exp(-(rng.normal(size=20000) + 1.0 * y_rare - 7)))
print(f"share of scores below 0.01: {np.mean(rare < 0.01):.1%}")
stream = rocauc.StreamingAUC()  # keras.metrics.AUC's 200 thresholds
stream.update(y_rare, rare)
low, high = stream.bounds()
print(f"keras.metrics.AUC (200 thresholds)  {keras_auc(y_rare, rare):.4f}", end="   ")
print(f"the exact AUC is in [{low:.4f}, {high:.4f}]")
print(f"rocauc.keras.AUC(bits=16)           {rocauc_auc(y_rare, rare, bits=16):.4f}")
print(f"exact                               {rocauc.roc_auc(y_rare, rare):.4f}")

# %%
# The error of the linear buckets against their number, next to the certified bounds of the high-resolution
# mode at the same state size.
exact = rocauc.roc_auc(y_rare, rare)
sizes = [50, 200, 1000, 5000]
errors = [abs(keras_auc(y_rare, rare, num_thresholds=t) - exact) for t in sizes]
widths = []
for bits in (6, 8, 10, 12):
    s = rocauc.StreamingAUC(bits=bits)
    s.update(y_rare, rare)
    lo, hi = s.bounds()
    widths.append(hi - lo)
fig, ax = plt.subplots(figsize=(6, 4))
ax.loglog(sizes, errors, "o-", label="keras.metrics.AUC: |error|")
ax.loglog([2**b for b in (6, 8, 10, 12)], widths, "s-", label="rocauc bits=: width of the certified bound")
ax.set_xlabel("buckets")
ax.set_ylabel("AUC error")
ax.set_title("Scores crowded below 0.01")
ax.legend()
plt.show()

# %%
# Logits and softmax outputs
# --------------------------
# Logits passed without ``from_logits=True`` are clipped to [0, 1] by Keras; rocauc counts the problem in its
# state and warns when the result is read (a compiled training step cannot stop), and ``check()`` raises.
y_l = rng.integers(0, 2, 1000)
logits = rng.normal(size=1000) * 3 + 2 * y_l
print(f"keras.metrics.AUC on logits:                 {keras_auc(y_l, logits):.4f}")
print(f"keras.metrics.AUC(from_logits=True):         {keras_auc(y_l, logits, from_logits=True):.4f}")
m = rocauc.keras.AUC()
m.update_state(y_l, logits)
try:
    m.check()
except ValueError as err:
    print("rocauc.keras.AUC().check():", err)
print(
    f"rocauc.keras.AUC(bits=16) on logits as they are: {rocauc_auc(y_l, logits, bits=16):.4f}"
    f"   (exact {rocauc.roc_auc(y_l, logits):.4f})"
)

# %%
# A three-class softmax: Keras flattens the one-hot labels and the probabilities into one binary problem (the
# "micro" average). rocauc scores each class against the rest and averages as asked.
labels = rng.choice(3, size=3000, p=[0.6, 0.3, 0.1])  # unbalanced classes
z = rng.normal(size=(3000, 3)) + np.array([0.5, 1.5, 3.0]) * np.eye(3)[labels]  # unequally separable
softmax = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
one_hot = np.eye(3)[labels]
print(f"keras.metrics.AUC (flattened)       {keras_auc(one_hot, softmax):.4f}")
for average in ("micro", "macro", "weighted"):
    print(f"rocauc.keras.AUC(average={average!r:10}) {rocauc_auc(one_hot, softmax, average=average):.4f}")
print("exact per class:", np.round(rocauc.roc_auc(labels, softmax, average=None), 4))

# %%
# In a model
# ----------
# It is a Keras metric like any other: in ``compile``, in ``fit`` and ``evaluate``, and in saved models.
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
model.compile(
    optimizer="adam",
    loss="categorical_crossentropy",
    metrics=[keras.metrics.AUC(name="keras_auc"), rocauc.keras.AUC(name="rocauc_auc", bits=16)],
)
history = model.fit(z, one_hot, epochs=3, batch_size=256, verbose=0)
print({k: np.round(v, 4).tolist() for k, v in history.history.items()})
