"""rocauc.outofcore: files read in batches give the in-memory numbers."""

from __future__ import annotations

import numpy as np
import pytest

import rocauc

# the in-memory references see the same degenerate draws (one class, all-equal scores): their warnings are expected
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning", "ignore::rocauc.UndefinedMetricWarning")

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
from reference import pair_auc  # noqa: E402
from rocauc import outofcore  # noqa: E402


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
