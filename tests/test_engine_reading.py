"""The engines read the problem of ALL the rows, as ``rocauc.evaluate`` reads one array: the answer never depends on
the partitioning, even where a batch alone reads otherwise (a one-hot batch of a multi-label indicator, a batch of
labels {-1, 1} holding only 1, a batch missing a class of string labels, a batch of one class with two-column
scores and ``pos_label=0``). Dask (threaded scheduler) and files read in batches; Spark in tests/test_spark.py."""

from __future__ import annotations

import os
import tempfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rocauc

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning", "ignore::rocauc.UndefinedMetricWarning")

da = pytest.importorskip("dask.array")
pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
from reading_cases import TOL, chunked, columns, names, same, same_evaluation  # noqa: E402
from reference import pair_auc  # noqa: E402
from rocauc import dask as rd  # noqa: E402
from rocauc import outofcore  # noqa: E402
from rocauc.distributed import api as _api  # noqa: E402
from rocauc.distributed import engine as _engine  # noqa: E402
from rocauc.distributed.reading import evidence, pinned_options, whole_reading  # noqa: E402


@pytest.fixture(autouse=True)
def _threaded():
    import dask

    with dask.config.set(scheduler="threads"):
        yield


def _dask_arrays(y, s, sizes):
    return da.from_array(y, chunks=(sizes,) + y.shape[1:]), da.from_array(s, chunks=(sizes,) + s.shape[1:])


def _write_chunks(folder, y, s, sizes):
    """One Parquet file per chunk (read in name order, one batch each)."""
    start = 0
    for i, size in enumerate(sizes):
        part = pd.DataFrame({**columns(y[start : start + size], "y"), **columns(s[start : start + size], "s")})
        part.to_parquet(os.path.join(folder, f"part-{i:03d}.parquet"))
        start += size


@settings(max_examples=40, deadline=None)
@given(chunked())
def test_dask_reads_the_problem_of_all_the_rows(data):
    y, s, options, sizes = data
    Y, S = _dask_arrays(y, s, sizes)
    same(rd.roc_auc(Y, S, **options), rocauc.roc_auc(y, s, **options), "roc_auc")
    same_evaluation(rd.evaluate(Y, S, threshold=0.5, **options), rocauc.evaluate(y, s, threshold=0.5, **options))


@settings(max_examples=25, deadline=None)
@given(chunked())
def test_files_read_the_problem_of_all_the_rows(data):
    y, s, options, sizes = data
    with tempfile.TemporaryDirectory() as folder:
        _write_chunks(folder, y, s, sizes)
        label, score = names(y, "y"), names(s, "s")
        got = outofcore.roc_auc(folder, label, score, progress=False, **options)
        same(got, rocauc.roc_auc(y, s, **options), "roc_auc")
        ev = outofcore.evaluate(folder, label, score, threshold=0.5, progress=False, **options)
    same_evaluation(ev, rocauc.evaluate(y, s, threshold=0.5, **options))


@settings(max_examples=15, deadline=None)
@given(chunked("multilabel"), st.sampled_from([1e-2, 1e-3]))
def test_certified_answers_read_the_whole_indicator(data, max_error):
    y, s, _, sizes = data
    Y, S = _dask_arrays(y, s, sizes)
    exact = np.array([pair_auc(y[:, j], s[:, j]) for j in range(y.shape[1])])
    got = rd.roc_auc(Y, S, average=None, max_error=max_error)
    defined = np.isfinite(exact)
    assert np.all(np.abs(got[defined] - exact[defined]) <= max_error + 1e-12)


def test_one_hot_rows_with_a_zero_weight_multi_label_row_read_as_multi_label():
    # normalize sees every row, whatever its weight: so does the engines' reading
    y = np.array([[1, 0], [0, 1], [1, 0], [0, 1], [1, 1]])
    s = np.array([[0.8, 0.3], [0.1, 0.9], [0.6, 0.4], [0.3, 0.5], [0.5, 0.5]])
    w = np.array([1.0, 2.0, 1.0, 1.0, 0.0])
    expected = rocauc.roc_auc(y, s, sample_weight=w)
    got = rd.roc_auc(da.from_array(y, chunks=2), da.from_array(s, chunks=2), sample_weight=da.from_array(w, chunks=2))
    assert got == pytest.approx(expected, abs=TOL)


def test_an_unreadable_whole_gives_the_in_memory_error():
    y = np.array(["no", "yes", "yes", "no"])
    s = np.array([0.1, 0.8, 0.6, 0.3])
    with pytest.raises(ValueError, match="say which one is the positive class") as memory:
        rocauc.roc_auc(y, s)
    with pytest.raises(ValueError, match="say which one is the positive class") as engine:
        rd.roc_auc(da.from_array(y, chunks=1), da.from_array(s, chunks=1))
    assert str(engine.value) == str(memory.value)
    assert rd.roc_auc(da.from_array(y, chunks=1), da.from_array(s, chunks=1), pos_label="yes") == 1.0


def test_a_class_missing_from_all_the_rows_is_the_in_memory_error():
    # integer codes with a column no row names: the in-memory error (no silent NaN class)
    y = np.array([0, 1, 0, 1, 1, 0])
    s = np.full((6, 3), 1 / 3)
    with pytest.raises(ValueError, match=r"y_true has 2 classes \[0, 1\] but y_score has 3 columns") as memory:
        rocauc.roc_auc(y, s)
    with pytest.raises(ValueError, match=r"y_true has 2 classes \[0, 1\] but y_score has 3 columns") as engine:
        rd.roc_auc(da.from_array(y, chunks=2), da.from_array(s, chunks=(2, 3)))
    assert str(engine.value) == str(memory.value)
    got = rd.roc_auc(da.from_array(y, chunks=2), da.from_array(s, chunks=(2, 3)), labels=[0, 1, 2], average=None)
    assert np.isnan(got[2])


def test_row_errors_keep_the_batch_row_index():
    y = np.array([0.0, 1.0, np.nan, 1.0])
    s = np.array([0.1, 0.8, 0.6, 0.3])
    with pytest.raises(ValueError, match=r"y_true has 1 missing label \(first at index 0\)"):
        rd.roc_auc(da.from_array(y, chunks=2), da.from_array(s, chunks=2))
    bad = np.array([[0.2, 0.9], [0.5, 0.5], [0.4, 0.6], [0.7, 0.7]])  # row 0 and row 3 do not sum to 1
    with pytest.raises(ValueError, match="must sum to 1"):
        rd.roc_auc(da.from_array(np.array([0, 1, 1, 0]), chunks=2), da.from_array(bad, chunks=(2, 2)))


# ------------------------------------------------------------------------------------------ the reading itself


def test_evidence_adds_and_whole_reading_is_normalize_on_all_the_rows():
    a = evidence(np.array([1, 1]), np.array([0.2, 0.9]))
    b = evidence(np.array([-1, 1]), np.array([0.1, 0.4]))
    assert a.labels.tolist() == [1] and (a + b).labels.tolist() == [-1, 1]
    assert whole_reading(a) == ("binary", [0, 1], 1)
    assert whole_reading(a + b) == ("binary", [-1, 1], 1)
    one_hot = evidence(np.eye(3, dtype=int), np.full((3, 3), 0.2))
    several = evidence(np.array([[1, 1, 0]]), np.full((1, 3), 0.2))
    assert whole_reading(one_hot)[0] == "multiclass"
    assert whole_reading(one_hot + several) == ("multilabel", [0, 1, 2], None)
    flags = evidence(np.array([True, True]), np.array([0.5, 0.6]))
    assert flags.labels.tolist() == [True]
    assert whole_reading(flags + evidence(np.array([False]), np.array([0.1]))) == ("binary", [False, True], True)


def test_pinned_options_read_two_column_scores_by_the_sorted_classes():
    ev = evidence(np.array([0, 1, 0]), np.full((3, 2), 0.5))
    reading = whole_reading(ev, pos_label=0)
    assert reading == ("binary", [1, 0], 0)
    assert pinned_options(ev, reading, None) == {"task": "binary", "labels": [0, 1], "pos_label": 0}
    one_column = evidence(np.array([0, 1, 0]), np.full(3, 0.5))
    reading = whole_reading(one_column, pos_label=0)
    assert pinned_options(one_column, reading, None) == {"task": "binary", "labels": [1, 0], "pos_label": 0}
    # the user's labels fix the classes: only the task is pinned
    assert pinned_options(ev, reading, [0, 1]) == {"task": "binary"}


class _Disagreeing:
    """Passes whose batches read the problem differently however they are asked (a defect the driver reports)."""

    weighted = grouped = False

    def sketch(self, spec, bits, stride):
        ev = evidence(np.array([0, 1]), np.array([0.2, 0.7]))
        meta = _engine.Meta("binary", [0, 1], 1, "probability", 2, evidence=ev)
        return meta + _engine.Meta("binary", [1, 0], 0, "probability", 2, evidence=ev), {}, stride

    def exact(self, *args, **kwargs):  # pragma: no cover - never reached
        raise AssertionError


def test_batches_that_still_disagree_are_reported():
    with pytest.raises(ValueError, match="batches read the problem differently .* please report this"):
        _api.run(_Disagreeing(), _engine.Spec(what=("auc",)), exact=True, max_error=None)


# ------------------------------------------------------------------------------------------ certified fallback


def test_certified_answer_falls_back_to_exact_where_float32_ties_keep_the_bounds_apart():
    # float64 scores that differ below float32's resolution share every bucket: no resolution certifies them
    i = np.arange(100)
    s, y = 0.5 + i * 1e-12, i >= 50
    assert rocauc.roc_auc(y, s) == 1.0
    got = rd.roc_auc(da.from_array(y, chunks=30), da.from_array(s, chunks=30), max_error=1e-3)
    assert got == pytest.approx(1.0, abs=1e-12)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "ties.parquet")
        pd.DataFrame({"y": y, "s": s}).to_parquet(path)
        assert outofcore.roc_auc(path, "y", "s", max_error=1e-3, progress=False) == pytest.approx(1.0, abs=1e-12)
