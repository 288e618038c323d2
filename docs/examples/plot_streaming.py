"""
Streaming and large data: the AUC of data that never sits in memory at once
===========================================================================

``StreamingAUC`` accumulates the weight of positives and negatives per score bucket, batch by batch, in numpy.
Its state is small, adds across batches, workers and machines, and serializes to JSON. With ``bits=`` the buckets
follow the float's own bits, so the estimate comes with a certified interval: the exact AUC of all data seen is
guaranteed to lie between ``bounds()``.
"""

# %%
import json
import time

import matplotlib.pyplot as plt
import numpy as np

import rocauc


def batches(n_batches, batch_size=50_000, seed=0):
    """A stream of (labels, scores) batches, like a data loader feeding ``model.predict_on_batch``."""
    rng = np.random.default_rng(seed)
    for _ in range(n_batches):
        y = (rng.random(batch_size) < 0.1).astype(np.int8)
        logit = rng.normal(size=batch_size) + 1.3 * y - 2.5
        yield y, (1 / (1 + np.exp(-logit))).astype(np.float32)


# %%
# A million scores, 20 batches
# ----------------------------
stream = rocauc.StreamingAUC(bits=20)
start = time.perf_counter()
for y, s in batches(20):
    stream.update(y, s)
seconds = time.perf_counter() - start
low, high = stream.bounds()
print(f"streamed 1,000,000 scores in {seconds:.2f} s: AUC {stream.result():.6f}, certified in [{low:.6f}, {high:.6f}]")

# %%
# Here the data does fit in memory, so the exact AUC can be checked: it is inside the bounds.
y_all, s_all = map(np.concatenate, zip(*batches(20)))
exact = rocauc.roc_auc(y_all, s_all)
print(f"exact AUC {exact:.6f}; inside the bounds: {low <= exact <= high}")

# %%
# Resolution and certainty
# ------------------------
# More bits, narrower bounds; the Keras-compatible configuration (200 linear thresholds) is shown for reference.
rows = []
for bits in (8, 12, 16, 20, 24):
    m = rocauc.StreamingAUC(bits=bits)
    for y, s in batches(20):
        m.update(y, s)
    lo, hi = m.bounds()
    rows.append((bits, hi - lo, abs(m.result() - exact)))
keras_like = rocauc.StreamingAUC()
for y, s in batches(20):
    keras_like.update(y, s)
k_lo, k_hi = keras_like.bounds()
for bits, width, err in rows:
    print(f"bits={bits:2d}: bound width {width:.2e}, |estimate - exact| {err:.2e}")
keras_error = abs(keras_like.result() - exact)
print(f"200 linear thresholds: bound width {k_hi - k_lo:.2e}, |estimate - exact| {keras_error:.2e}")

fig, ax = plt.subplots(figsize=(6, 4))
ax.semilogy([r[0] for r in rows], [r[1] for r in rows], "o-", label="width of the certified bounds")
ax.semilogy([r[0] for r in rows], [max(r[2], 1e-12) for r in rows], "s--", label="|estimate - exact AUC|")
ax.axhline(k_hi - k_lo, color="grey", ls=":", label="bounds of 200 linear thresholds")
ax.set_xlabel("bits")
ax.set_ylabel("AUC")
ax.legend()
plt.show()

# %%
# Workers and machines
# --------------------
# Each worker streams its own share; the states add, in any order, to the state of one pass over all data.
workers = [rocauc.StreamingAUC(bits=20) for _ in range(4)]
for i, (y, s) in enumerate(batches(20)):
    workers[i % 4].update(y, s)
shipped = [json.dumps(w.to_dict()) for w in workers]  # e.g. sent back from each machine
total = sum(
    (rocauc.StreamingAUC.from_dict(json.loads(text)) for text in shipped[1:]),
    rocauc.StreamingAUC.from_dict(json.loads(shipped[0])),
)
print(f"merged: {total.result():.6f}   one pass: {stream.result():.6f}   JSON state: {len(shipped[0]):,} characters")

# %%
# Curves from the state
# ---------------------
# The state is a counts table, so the ROC curve and everything else rocauc computes are available from it.
curve = stream.curve()
print(f"{len(curve.fpr):,} points; area {curve.auc:.6f}")
