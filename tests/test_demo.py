"""Smoke test of ``rocauc demo`` in its tiny configuration: it trains, shows progress, prints the summary and writes
the report; the numbers in its report agree with scikit-learn on the scores it produced."""

import json
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn import metrics  # noqa: E402

from rocauc.demo import FULL, QUICK, run_demo  # noqa: E402

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "report"
    lines = []
    rep = run_demo(out=str(out), quick=True, log=lines.append)
    return rep, lines, out


def test_progress_lines_cover_every_step(demo):
    _, lines, _ = demo
    text = "\n".join(lines)
    for step in ("[1/4] binary", "[2/4] 3 classes", "[3/4] 3-fold cross-validated ROC", "[4/4] report"):
        assert step in text
    assert f"Keras MLP: epoch  1/{QUICK.epochs}" in text and "validation AUC" in text
    assert f"Keras softmax: epoch  {QUICK.epochs_multiclass}/{QUICK.epochs_multiclass}" in text
    assert "Keras MLP: fold 3/3  AUC = " in text and "random forest: fold 3/3" in text
    assert lines[-1].startswith("finished in ")


def test_report_sections_and_numbers(demo):
    rep, lines, _ = demo
    kinds = [(s["kind"], s.get("task")) for s in rep.to_dict()["sections"]]
    assert kinds == [("evaluation", "binary"), ("cross_validation", None), ("evaluation", "multiclass")]
    binary, cv, multi = rep.sections
    assert [m.name for m in binary.models] == ["Keras MLP", "random forest"]
    for m in binary.models:  # the report's numbers are those of the scores the demo produced
        y, s = m.problem.y, m.problem.score
        assert m.evaluation.roc_auc == pytest.approx(metrics.roc_auc_score(y, s), abs=1e-12)
    (softmax,) = multi.models
    y3, p3 = softmax.problem.y, softmax.problem.score
    assert p3.shape[1] == 3
    assert softmax.evaluation.roc_auc == pytest.approx(metrics.roc_auc_score(y3, p3, multi_class="ovr"), abs=1e-12)
    assert set(cv.results) == {"Keras MLP", "random forest"}
    assert all(r.n_folds == QUICK.folds for r in cv.results.values())
    assert rep.to_text() in "\n".join(lines) + "\n"


def test_files_written(demo):
    rep, _, out = demo
    assert (out / "report.html").exists() and (out / "report.txt").exists()
    saved = json.loads((out / "report.json").read_text())
    assert [s["kind"] for s in saved["sections"]] == ["evaluation", "cross_validation", "evaluation"]
    assert len(list(out.glob("*.png"))) == len(rep.figures())
    page = (out / "report.html").read_text()
    assert "Keras MLP" in page and "random forest" in page and "Keras softmax" in page


def test_full_configuration_is_the_documented_tutorial():
    assert FULL.folds == 5 and FULL.n_features == 20
    assert QUICK.n_samples < FULL.n_samples / 5


def test_command_line_demo_picks_an_installed_backend(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    env.update(PYTHONPATH=SRC, MPLBACKEND="Agg")
    out = subprocess.run(
        [sys.executable, "-m", "rocauc.cli", "demo", "--quick", "--out", str(tmp_path / "r")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    first = out.stdout.splitlines()[0]
    expected = "tensorflow" if _installed("tensorflow") else "torch" if _installed("torch") else "jax"
    assert first.startswith("rocauc demo: Keras ") and f"on the {expected} backend" in first
    assert "Three classes: Keras softmax classifier" in out.stdout
    assert (tmp_path / "r" / "report.html").exists()


def _installed(module):
    import importlib.util

    return importlib.util.find_spec(module) is not None


def test_macro_curve_of_the_softmax_model_has_the_macro_auc(demo):
    rep, _, _ = demo
    ev = rep.sections[2].models[0].evaluation
    area = np.trapezoid(ev.macro_roc.tpr, ev.macro_roc.fpr)
    assert area == pytest.approx(ev.averages["roc_auc"]["macro"], abs=1e-12)
