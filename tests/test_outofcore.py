"""rocauc.outofcore: files read in batches give the in-memory numbers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rocauc

# the in-memory references see the same degenerate draws (one class, all-equal scores): their warnings are expected
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning", "ignore::rocauc.UndefinedMetricWarning")

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
from helpers import same_intervals  # noqa: E402
from reference import pair_auc  # noqa: E402
from rocauc import outofcore  # noqa: E402
from strategies import binary_data, multiclass_data, multilabel_data  # noqa: E402


def _frame(n=5000, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.3
    return pd.DataFrame(
        {
            "y": y.astype(int),
            "p": np.round(rng.normal(size=n) + y, 2).astype(np.float32),
            "w": rng.random(n),
            "site": rng.choice(["a", "b"], n),
        }
    )


@pytest.fixture
def files(tmp_path):
    df = _frame()
    folder = tmp_path / "parts"
    folder.mkdir()
    for i, start in enumerate(range(0, len(df), 2000)):
        df.iloc[start : start + 2000].to_parquet(folder / f"part-{i}.parquet", row_group_size=700)
    csv = tmp_path / "preds.csv"
    df.to_csv(csv, index=False)
    return df, folder, csv


def test_exact_equals_in_memory_for_parquet_folders_and_csv(files):
    df, folder, csv = files
    expected = rocauc.roc_auc(df.y, df.p)
    assert outofcore.roc_auc(folder, "y", "p", batch_rows=500, progress=False) == pytest.approx(expected, abs=1e-12)
    assert outofcore.roc_auc(csv, "y", "p", progress=False) == pytest.approx(expected, abs=1e-12)
    weighted = outofcore.roc_auc(folder, "y", "p", weight="w", by="site", batch_rows=500, progress=False)
    for g, d in df.groupby("site"):
        assert weighted[g] == pytest.approx(pair_auc(d.y == 1, d.p, d.w), abs=1e-12)
    assert abs(outofcore.roc_auc(folder, "y", "p", max_error=1e-3, progress=False) - expected) <= 1e-3


def test_evaluation_equals_in_memory(files):
    df, folder, _ = files
    ev = outofcore.evaluate(folder, "y", "p", threshold=0.5, batch_rows=800, progress=False)
    ev0 = rocauc.evaluate(df.y, df.p, threshold=0.5, ci=None)
    for name in ("roc_auc", "average_precision", "pr_auc"):
        assert ev.averages[name]["binary"] == pytest.approx(ev0.averages[name]["binary"], abs=1e-12)
    np.testing.assert_array_equal(ev.decision.matrix, ev0.decision.matrix)


def test_progress_bar_counts_the_rows(files, capsys):
    pytest.importorskip("tqdm")
    _, folder, _ = files
    outofcore.roc_auc(folder, "y", "p", max_error=1e-2, progress=True)
    assert "5.00k/5.00k" in capsys.readouterr().err


def test_missing_files_and_columns_are_named(files, tmp_path):
    _, folder, _ = files
    with pytest.raises(ValueError, match="no column 'nope'; the columns are"):
        outofcore.roc_auc(folder, "y", "nope", progress=False)
    with pytest.raises(FileNotFoundError, match="no such file or directory"):
        outofcore.roc_auc(tmp_path / "missing.parquet", "y", "p", progress=False)


def test_docstring_examples():
    import doctest
    import importlib

    assert (
        doctest.testmod(
            importlib.import_module("rocauc.integrations.outofcore"), optionflags=doctest.NORMALIZE_WHITESPACE
        ).failed
        == 0
    )


# --------------------------------------------------------------------------------------------- intervals


@st.composite
def _problems(draw):
    """(y, s, weights or None, task) of a binary, multi-class or multi-label problem."""
    kind = draw(st.sampled_from(["binary", "multiclass", "multilabel"]))
    if kind == "binary":
        y, s, _ = draw(binary_data(min_size=6, max_size=60))
        y = y.astype(int)
    elif kind == "multiclass":
        y, s = draw(multiclass_data(max_size=60))
    else:
        y, s = draw(multilabel_data(max_size=50))
    w = (np.arange(len(y)) % 4) / 2.0 + 0.5 * (np.arange(len(y)) == 0) if draw(st.booleans()) else None
    return y, s, w, kind


def _table(y, s, w):
    cols = {"y": y} if y.ndim == 1 else {f"y{j}": y[:, j] for j in range(y.shape[1])}
    cols |= {"s": s} if s.ndim == 1 else {f"s{j}": s[:, j] for j in range(s.shape[1])}
    if w is not None:
        cols["w"] = w
    return (
        pd.DataFrame(cols),
        ("y" if y.ndim == 1 else list(cols)[: y.shape[1]]),
        ("s" if s.ndim == 1 else [f"s{j}" for j in range(s.shape[1])]),
    )


@settings(max_examples=30, deadline=None)
@given(
    _problems(), st.integers(3, 25), st.sampled_from(["auto", "delong", "delong-logit"]), st.sampled_from([0.9, 0.95])
)
def test_evaluate_intervals_equal_in_memory_evaluate(tmp_path_factory, data, batch_rows, ci, level):
    """DeLong intervals of every class and of the macro and weighted averages (the placements of each range sent
    back to their batch through temporary files), as rocauc.evaluate's, for any batch size and weights."""
    y, s, w, kind = data
    frame, label, score = _table(y, s, w)
    path = tmp_path_factory.mktemp("ci") / "preds.parquet"
    frame.to_parquet(path, row_group_size=batch_rows)
    weight = None if w is None else "w"
    threshold = 0.0 if kind == "binary" else None  # binary scores of any real value
    ev = outofcore.evaluate(
        path,
        label,
        score,
        weight=weight,
        threshold=threshold,
        ci=ci,
        level=level,
        batch_rows=batch_rows,
        progress=False,
    )
    expected = rocauc.evaluate(y, s, sample_weight=w, threshold=threshold, ci=ci, level=level)
    assert ev.task == expected.task == kind
    same_intervals(ev.intervals, expected.intervals)


def test_evaluate_intervals_by_group_and_none(files):
    df, folder, _ = files
    ev = outofcore.evaluate(
        folder, "y", "p", weight="w", by="site", threshold=0.5, level=0.9, batch_rows=700, progress=False
    )
    for g, d in df.groupby("site"):
        expected = rocauc.evaluate(d.y, d.p, sample_weight=d.w, threshold=0.5, level=0.9)
        same_intervals(ev[g].intervals, expected.intervals)
    assert outofcore.evaluate(folder, "y", "p", threshold=0.5, ci=None, progress=False).intervals is None
    certified = outofcore.evaluate(folder, "y", "p", threshold=0.5, max_error=1e-2, progress=False)
    assert certified.intervals is None


def test_evaluate_refuses_the_bootstrap_and_bad_levels(files):
    _, folder, _ = files
    with pytest.raises(ValueError, match="the bootstrap resamples rows in one place"):
        outofcore.evaluate(folder, "y", "p", ci="bootstrap", progress=False)
    with pytest.raises(ValueError, match="level"):
        outofcore.evaluate(folder, "y", "p", level=1.5, progress=False)
