"""
Intervals and comparisons on pROC's aSAH data, next to pROC's published numbers
===============================================================================

pROC (Robin et al., 2011) is the reference implementation of ROC statistics in R, and its documentation works
through the ``aSAH`` data: 113 patients after an aneurysmal subarachnoid haemorrhage, their outcome (``Good`` or
``Poor``) and three predictors: the WFNS clinical score and the s100b and ndka biomarkers. This example computes
the same statistics with rocauc and prints pROC's published figures beside them.
"""

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import rocauc
from rocauc.plot import RocDisplay


def asah_path():
    # the data set is vendored in the repository's tests/data (pROC's public data)
    here = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
    for base in (here, *here.parents):
        if (base / "tests" / "data" / "aSAH.csv").exists():
            return base / "tests" / "data" / "aSAH.csv"
    raise FileNotFoundError("tests/data/aSAH.csv not found: run this example from the rocauc repository.")


aSAH = pd.read_csv(asah_path())
print(aSAH.head())
poor = aSAH["outcome"] == "Poor"

# %%
# AUC with a DeLong interval
# --------------------------
# pROC's ``ci(roc(aSAH$outcome, aSAH$s100b))`` and the same for ``wfns`` (DeLong, 95%).
published = {"s100b": (0.7314, 0.6301, 0.8326), "wfns": (0.8237, 0.7485, 0.8988)}
print(f"{'marker':8} {'rocauc':>26}   {'pROC':>26}")
for marker, (auc, low, high) in published.items():
    ci = rocauc.roc_auc_ci(poor, aSAH[marker])
    print(f"{marker:8} {ci.estimate:.4f} [{ci.low:.4f}, {ci.high:.4f}]   {auc:.4f} [{low:.4f}, {high:.4f}]")

# %%
# The bootstrap (stratified: each outcome keeps its size in every resample) gives a similar interval; it is
# random, so pass ``random_state`` to reproduce it.
print(f"{rocauc.roc_auc_ci(poor, aSAH['s100b'], method='bootstrap', n_resamples=2000, random_state=0):.4f}")

# %%
# Comparing two predictors on the same patients
# ---------------------------------------------
# pROC's ``roc.test(roc(aSAH$outcome, aSAH$wfns), roc(aSAH$outcome, aSAH$s100b))`` reports the paired DeLong test
# Z = 2.209, p-value = 0.0272.
c = rocauc.compare(poor, aSAH["wfns"], aSAH["s100b"])
print(c)
print(f"rocauc: Z = {c.statistic:.3f}, p = {c.p_value:.4f}      pROC: Z = 2.209, p = 0.0272")

# %%
# All three predictors, every pair, with Holm's adjustment for the three tests:
print(rocauc.compare(poor, {"wfns": aSAH["wfns"], "s100b": aSAH["s100b"], "ndka": aSAH["ndka"]}))

# %%
# The best threshold
# ------------------
# pROC's ``coords(roc(aSAH$outcome, aSAH$s100b), "best")`` gives threshold 0.205, specificity 0.8056 and
# sensitivity 0.6341. pROC reports the midpoint between two consecutive scores (0.19 and 0.22); rocauc reports
# the score itself with the rule ``score >= threshold``, which classifies every patient the same way.
op = rocauc.operating_point(aSAH["outcome"], aSAH["s100b"], pos_label="Poor")
print(op)
print(f"rocauc: threshold {op.threshold}, specificity {op.specificity:.4f}, sensitivity {op.sensitivity:.4f}")

# %%
# The three curves, with their intervals in the legend.
RocDisplay.from_predictions(poor, {m: aSAH[m] for m in ("wfns", "s100b", "ndka")})
plt.show()

# %%
# One difference of convention: pROC picks the direction of each predictor from the medians of the two groups
# (``direction="auto"``), so an AUC is never below 0.5. rocauc never flips: a higher score means ``Poor`` (the
# positive class), and a predictor that works the other way shows an AUC below 0.5. For these three predictors the
# two conventions agree.
