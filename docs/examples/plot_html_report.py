"""
The HTML report: every number and plot of several classifiers in one file
=========================================================================

``rocauc.report`` evaluates one or several classifiers on the same cases and gathers the AUCs with their
intervals, average precision, the operating point, the pairwise comparisons, the per-class tables and every plot.
It prints as aligned text, serializes to JSON and writes one self-contained HTML page (inline SVG plots, no
scripts, no network assets) that can be mailed or archived. The ``rocauc report`` command does the same from a
CSV, Parquet or ``.npz`` file of predictions.
"""

# sphinx_gallery_thumbnail_path = "report.png"

# %%
import html
import os
import tempfile
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

import rocauc

keras.utils.set_random_seed(0)
X, y = load_breast_cancer(return_X_y=True)
X = StandardScaler().fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=0, stratify=y)
mlp = keras.Sequential(
    [keras.Input((30,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")]
)
mlp.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
mlp.fit(X_train, y_train, epochs=8, verbose=0)
forest = RandomForestClassifier(100, random_state=0)
binary_scores = {
    "Keras MLP": mlp.predict(X_test, verbose=0),
    "random forest": forest.fit(X_train, y_train).predict_proba(X_test),
}

Xw, yw = load_wine(return_X_y=True)
Xw_train, Xw_test, yw_train, yw_test = train_test_split(
    StandardScaler().fit_transform(Xw), yw, test_size=0.5, random_state=0, stratify=yw
)
wine_probs = LogisticRegression(C=0.05).fit(Xw_train, yw_train).predict_proba(Xw_test)

# %%
# Building the report
# -------------------
# A binary section with two classifiers and a cross-validation of the forest, then a multi-class section.
cv = rocauc.cross_validate_roc(
    RandomForestClassifier(100, random_state=0), X, y, cv=5, name="random forest", progress=False
)
rep = rocauc.report(y_test, binary_scores, cross_validation={"random forest": cv}, title="Breast cancer")
rep += rocauc.report(yw_test, {"logistic regression": wine_probs}, title="Wine (three classes)")
print(rep.to_text())

# %%
# Saving it
# ---------
# ``save`` writes the page, one PNG per plot, the JSON and the text; ``to_html`` gives the page alone.
out = Path(tempfile.mkdtemp()) / "rocauc-report"
written = rep.save(out)
for kind, path in sorted(written.items()):
    print(f"{kind:>6}: {Path(path).name}")

# %%
# The page itself, as written (scroll inside the frame):


class Page:
    """Shows an HTML document in the gallery, sandboxed in a frame."""

    def __init__(self, document):
        self.document = document

    def _repr_html_(self):
        return (
            f'<iframe sandbox srcdoc="{html.escape(self.document, quote=True)}" '
            'style="width: 100%; height: 720px; border: 1px solid #ccc"></iframe>'
        )


Page(rep.to_html())
