"""rocauc.dask against the in-memory functions: threaded scheduler (any partitioning) and a 2-process LocalCluster."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rocauc

# the in-memory references see the same degenerate draws (one class, all-equal scores): their warnings are expected
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning", "ignore::rocauc.UndefinedMetricWarning")

da = pytest.importorskip("dask.array")
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")
from helpers import same_interval, same_intervals  # noqa: E402
from reference import pair_auc  # noqa: E402
from rocauc import dask as rd  # noqa: E402
from strategies import binary_data, multiclass_data, multilabel_data  # noqa: E402


@pytest.fixture(autouse=True)
def _threaded(request):
    import dask

    if "cluster_client" in request.fixturenames:  # the client's scheduler: the tasks run in its worker processes
        yield
    else:
        with dask.config.set(scheduler="threads"):
            yield


def _chunked(a, chunk):
    return da.from_array(a, chunks=(chunk,) + a.shape[1:])


@settings(max_examples=25)
@given(binary_data(min_size=4, max_size=60, weights=True), st.integers(1, 25), st.integers(1, 5))
def test_exact_scores_do_not_depend_on_the_partitioning(data, chunk, n_ranges):
    y, s, w = data
    Y, S, W = _chunked(y, chunk), _chunked(s, chunk), _chunked(w, chunk)
    assert rd.roc_auc(Y, S, n_ranges=n_ranges) == pytest.approx(rocauc.roc_auc(y, s), abs=1e-12)
    got = rd.roc_auc(Y, S, sample_weight=W, n_ranges=n_ranges)
    assert got == pytest.approx(pair_auc(y, s, w), abs=1e-12)
    assert rd.average_precision(Y, S, sample_weight=W, n_ranges=n_ranges) == pytest.approx(
        rocauc.average_precision(y, s, sample_weight=w), abs=1e-12
    )


@settings(max_examples=15)
@given(binary_data(min_size=10, max_size=80), st.integers(3, 30), st.sampled_from([1e-2, 1e-3]))
def test_certified_auc_is_within_max_error(data, chunk, max_error):
    y, s, _ = data
    got = rd.roc_auc(_chunked(y, chunk), _chunked(s, chunk), max_error=max_error)
    assert abs(got - pair_auc(y, s)) <= max_error + 1e-12
    low, high = rd.sketch(_chunked(y, chunk), _chunked(s, chunk), max_error=max_error).bounds()
    assert low - 1e-12 <= pair_auc(y, s) <= high + 1e-12


@settings(max_examples=10)
@given(multiclass_data(max_size=60), st.integers(5, 30))
def test_multiclass_averages_equal_roc_auc(data, chunk):
    y, p = data
    Y, P = _chunked(y, chunk), _chunked(p, chunk)
    for average in ("macro", "weighted", "micro"):
        assert rd.roc_auc(Y, P, average=average) == pytest.approx(rocauc.roc_auc(y, p, average=average), abs=1e-12)
    np.testing.assert_allclose(rd.roc_auc(Y, P, average=None), rocauc.roc_auc(y, p, average=None), atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(multiclass_data(max_size=80), st.integers(4, 30), st.integers(1, 4), st.booleans())
def test_multiclass_delong_intervals_equal_roc_auc_ci(data, chunk, n_ranges, weighted):
    """Macro and weighted DeLong intervals (class covariances from the placements sent back to the batches), and
    each class's, equal the in-memory ones for any chunking, number of ranges and weights."""
    y, p = data
    w = (np.arange(y.size) % 4) / 2.0 if weighted else None
    Y, P = _chunked(y, chunk), _chunked(p, chunk)
    W = None if w is None else _chunked(w, chunk)
    for average in ("macro", "weighted"):
        got = rd.roc_auc_ci(Y, P, sample_weight=W, average=average, n_ranges=n_ranges)
        same_interval(got, rocauc.roc_auc_ci(y, p, sample_weight=w, average=average, method="delong"))
    per_class = rd.roc_auc_ci(Y, P, sample_weight=W, average=None, n_ranges=n_ranges)
    expected = rocauc.roc_auc_ci(y, p, sample_weight=w, average=None, method="delong")
    assert list(per_class) == list(expected)
    for label in expected:
        same_interval(per_class[label], expected[label])


@settings(max_examples=10, deadline=None)
@given(multiclass_data(max_size=60), st.integers(5, 30), st.sampled_from(["auto", "delong", "delong-logit"]))
def test_evaluate_intervals_equal_in_memory_evaluate(data, chunk, ci):
    y, p = data
    ev = rd.evaluate(_chunked(y, chunk), _chunked(p, chunk), ci=ci, n_ranges=2)
    same_intervals(ev.intervals, rocauc.evaluate(y, p, ci=ci).intervals)


@settings(max_examples=10, deadline=None)
@given(multilabel_data(), st.integers(3, 20))
def test_multilabel_evaluate_intervals_equal_in_memory_evaluate(data, chunk):
    Y, S = data
    # task= : a chunk of one-hot rows alone would read as multi-class
    ev = rd.evaluate(_chunked(Y, chunk), _chunked(S, chunk), n_ranges=3, task="multilabel", threshold=0.5)
    same_intervals(ev.intervals, rocauc.evaluate(Y, S, task="multilabel", threshold=0.5).intervals)


def test_binary_evaluate_intervals_by_group_and_level():
    df = _frame(3000, seed=6)
    data = dd.from_pandas(df, npartitions=3)
    ev = rd.evaluate("y", "s", data=data, sample_weight="w", by="country", level=0.9, threshold=0.0)
    for g, d in df.groupby("country"):
        expected = rocauc.evaluate(d.y, d.s, sample_weight=d.w, level=0.9, threshold=0.0)
        same_intervals(ev[g].intervals, expected.intervals)
    Y, S = _chunked(df.y.to_numpy(), 500), _chunked(df.s.to_numpy(), 500)
    assert rd.evaluate(Y, S, ci=None, threshold=0.0).intervals is None
    s = np.random.default_rng(7).normal(size=3000) + df.y.to_numpy()  # untied: the sketch certifies at once
    certified = rd.evaluate(Y, _chunked(s, 500), max_error=1e-3, threshold=0.0)
    assert certified.intervals is None  # a certified answer has no exact placements


def _frame(n=3000, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.3
    return pd.DataFrame(
        {
            "y": y,
            "s": np.round(rng.normal(size=n) + y, 2).astype(np.float32),
            "w": rng.random(n),
            "country": rng.choice(["de", "fr", "it"], n),
        }
    )


def test_dataframe_columns_parquet_and_by_groups(tmp_path):
    df = _frame()
    ddf = dd.from_pandas(df, npartitions=5)
    expected = {g: rocauc.roc_auc(d.y, d.s, sample_weight=d.w) for g, d in df.groupby("country")}
    got = rd.roc_auc("y", "s", data=ddf, sample_weight="w", by="country")
    assert got.keys() == expected.keys()
    for g in expected:
        assert got[g] == pytest.approx(expected[g], abs=1e-12)
    path = tmp_path / "scores.parquet"
    df.to_parquet(path)
    assert rd.roc_auc("y", "s", data=str(path)) == pytest.approx(rocauc.roc_auc(df.y, df.s), abs=1e-12)
    assert rd.roc_auc(ddf.y, ddf.s) == pytest.approx(rocauc.roc_auc(df.y, df.s), abs=1e-12)


def test_curves_interval_and_evaluation_match_in_memory():
    df = _frame(4000, seed=1)
    Y, S = _chunked(df.y.to_numpy(), 900), _chunked(df.s.to_numpy(), 900)
    ci, expected = rd.roc_auc_ci(Y, S), rocauc.roc_auc_ci(df.y, df.s, method="delong")
    assert ci.std_error == pytest.approx(expected.std_error, abs=1e-12)
    assert (ci.low, ci.high) == pytest.approx((expected.low, expected.high), abs=1e-12)
    roc = rd.roc_curve(Y, S, n_points=50)
    full = rocauc.roc_curve(df.y, df.s, drop_intermediate=False)
    assert len(roc.fpr) <= 52 and roc.auc == pytest.approx(rocauc.roc_auc(df.y, df.s), abs=1e-12)
    at = np.searchsorted(-full.thresholds, -roc.thresholds)
    np.testing.assert_allclose(roc.fpr, full.fpr[at], atol=1e-12)
    np.testing.assert_allclose(roc.tpr, full.tpr[at], atol=1e-12)
    pr = rd.precision_recall_curve(Y, S, n_points=50)
    assert pr.average_precision == pytest.approx(rocauc.average_precision(df.y, df.s), abs=1e-12)
    ev = rd.evaluate(Y, S, threshold=0.5)
    ev0 = rocauc.evaluate(df.y, df.s, threshold=0.5, ci=None)
    assert ev.roc_auc == pytest.approx(ev0.roc_auc, abs=1e-12)
    assert ev.averages["pr_auc"]["binary"] == pytest.approx(ev0.averages["pr_auc"]["binary"], abs=1e-12)
    np.testing.assert_array_equal(ev.decision.matrix, ev0.decision.matrix)
    assert ev.decision.f1 == pytest.approx(ev0.decision.f1)
    certified = rd.evaluate(Y, S, max_error=1e-3, threshold=0.5)
    assert abs(certified.roc_auc - ev0.roc_auc) <= 1e-3


def test_second_pass_in_waves_gives_the_same_numbers(monkeypatch):
    """A small memory budget runs the exact pass in several waves (each holding part of the rows at a time)."""
    df = _frame(6000, seed=4)
    y, s, w = df.y.to_numpy(), df.s.to_numpy(), df.w.to_numpy()
    Y, S, W = _chunked(y, 700), _chunked(s, 700), _chunked(w, 700)
    import importlib

    calls = []
    adapter = importlib.import_module("rocauc.integrations.dask")
    monkeypatch.setattr(adapter, "_cluster_memory", lambda: calls.append(1) or 6000 * 4.0)  # about 4 waves of rows
    assert rd.roc_auc(Y, S, n_ranges=6) == pytest.approx(rocauc.roc_auc(y, s), abs=1e-12)
    got = rd.average_precision(Y, S, sample_weight=W, n_ranges=5)
    assert got == pytest.approx(rocauc.average_precision(y, s, sample_weight=w), abs=1e-12)
    ci = rd.roc_auc_ci(Y, S, n_ranges=7)
    assert ci.std_error == pytest.approx(rocauc.roc_auc_ci(y, s, method="delong").std_error, abs=1e-12)
    assert len(calls) == 3


def test_multilabel_evaluation_matches_in_memory():
    rng = np.random.default_rng(2)
    Yn = (rng.random((2000, 3)) < 0.4).astype(int)
    Sn = np.round(0.7 * rng.random((2000, 3)) + 0.3 * Yn, 3)
    ev = rd.evaluate(_chunked(Yn, 450), _chunked(Sn, 450))
    ev0 = rocauc.evaluate(Yn, Sn, ci=None)
    for name in ("roc_auc", "average_precision", "pr_auc"):
        for average in ("macro", "weighted", "micro"):
            assert ev.averages[name][average] == pytest.approx(ev0.averages[name][average], abs=1e-12)
    np.testing.assert_array_equal(ev.decision.matrix, ev0.decision.matrix)
    assert ev.decision.accuracy == pytest.approx(ev0.decision.accuracy)


def test_one_class_warns_and_gives_nan():
    Y = _chunked(np.zeros(10, int), 4)
    with pytest.warns(rocauc.UndefinedMetricWarning, match="only one class is present"):
        assert np.isnan(rd.evaluate(Y, _chunked(np.arange(10.0) / 10, 4)).roc_auc)
    with pytest.warns(rocauc.UndefinedMetricWarning, match="DeLong's interval is undefined"):
        assert np.isnan(rd.roc_auc_ci(Y, _chunked(np.arange(10.0), 4)).low)
    groups = _chunked(np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]), 4)
    with pytest.warns(rocauc.UndefinedMetricWarning, match=r"in groups \[1\]"):
        out = rd.roc_auc_ci(
            _chunked(np.array([0, 1, 0, 1, 0, 1, 1, 1, 1, 1]), 4), _chunked(np.arange(10.0), 4), by=groups
        )
    assert np.isfinite(out[0].std_error) and np.isnan(out[1].std_error)


def test_bad_inputs_get_clear_errors(tmp_path):
    S = _chunked(np.array([0.1, np.nan, 0.3]), 2)
    with pytest.raises(ValueError, match="y_score has 1 NaN value"):
        rd.roc_auc(_chunked(np.array([0, 1, 0]), 2), S)
    with pytest.raises(ValueError, match="sample_weight has 2 rows but y_true has 3"):
        rd.roc_auc(
            _chunked(np.array([0, 1, 0]), 2),
            _chunked(np.array([0.1, 0.2, 0.3]), 2),
            sample_weight=_chunked(np.array([1.0, 2.0]), 2),
        )
    with pytest.raises(TypeError, match="pass the table as data="):
        rd.roc_auc("y", "s")
    with pytest.raises(ValueError, match="data has no column 'nope'"):
        rd.roc_auc("y", "nope", data=dd.from_pandas(_frame(20), npartitions=2))
    with pytest.raises(TypeError, match="data must be a dask DataFrame or a Parquet path"):
        rd.roc_auc("y", "s", data=42)
    Y3, P3 = _chunked(np.array([0, 1, 2, 0]), 2), _chunked(np.eye(3)[[0, 1, 2, 1]] * 0.8 + 0.2 / 3, 2)
    with pytest.raises(ValueError, match="DeLong intervals do not apply to the micro average"):
        rd.roc_auc_ci(Y3, P3, average="micro")
    with pytest.raises(ValueError, match="average must be 'macro', 'weighted' or None"):
        rd.roc_auc_ci(Y3, P3, average="mean")
    with pytest.raises(ValueError, match="ci must be 'auto', 'delong', 'delong-logit' or None here"):
        rd.evaluate(Y3, P3, ci="bootstrap")
    with pytest.raises(ValueError, match="max_error must be a number in"):
        rd.roc_auc(_chunked(np.array([0, 1]), 1), _chunked(np.array([0.1, 0.2]), 1), max_error=2)
    ddf = dd.from_pandas(_frame(20), npartitions=2)
    with pytest.raises(ValueError, match="different numbers of partitions"):
        rd.roc_auc(ddf.y, dd.from_pandas(_frame(20), npartitions=3).s)


def _missed_by_the_sample(n=4000, seed=4):
    """Binary labels {-1, 1} with a single -1, and three classes with the third in two rows only: rows no sample
    of every 16th row (or block of rows) reads."""
    rng = np.random.default_rng(seed)
    y = np.ones(n, int)
    y[1235] = -1
    codes = rng.integers(0, 2, n)
    codes[[17, 2345]] = 2
    p = rng.dirichlet(np.ones(3), n)
    return y, rng.random(n).astype(np.float32), codes, p


def _check_the_split_pass_reads_every_row(chunk, persist=lambda *a: a):
    # the AUC alone plans its ranges from a sample; the split pass reads every row: the answer and the errors are
    # those of the whole data
    y, s, codes, p = _missed_by_the_sample()
    Y, S = persist(_chunked(y, chunk), _chunked(s, chunk))
    assert rd.roc_auc(Y, S) == pytest.approx(rocauc.roc_auc(y, s), abs=1e-12)
    C, P = persist(_chunked(codes, chunk), _chunked(p, chunk))
    np.testing.assert_allclose(rd.roc_auc(C, P, average=None), rocauc.roc_auc(codes, p, average=None), atol=1e-12)
    bad = s.copy()
    bad[1234] = np.nan
    with pytest.raises(ValueError, match="y_score has 1 NaN value"):
        rocauc.roc_auc(y, bad)
    with pytest.raises(ValueError, match="y_score has 1 NaN value"):
        rd.roc_auc(*persist(_chunked(y, chunk), _chunked(bad, chunk)))
    three = np.where(np.arange(y.size) == 1234, 2, (y > 0).astype(int))  # a third label in one unsampled row
    with pytest.raises(ValueError) as in_memory:
        rocauc.roc_auc(three, s)
    with pytest.raises(ValueError) as on_dask:
        rd.roc_auc(*persist(_chunked(three, chunk), _chunked(s, chunk)))
    assert str(on_dask.value) == str(in_memory.value)


@pytest.mark.parametrize("chunk", [4000, 1000, 333])
def test_a_sample_that_misses_rows_is_checked_by_the_split_pass(chunk, monkeypatch):
    from rocauc.distributed import engine as _engine

    sampled = []
    real = _engine.batches_sketches
    monkeypatch.setattr(_engine, "batches_sketches", lambda *a, **k: sampled.append(a[4:] or k) or real(*a, **k))
    _check_the_split_pass_reads_every_row(chunk)
    assert (True,) in sampled  # the sketch read a sample


def test_the_sketch_of_the_exact_auc_reads_a_sample_of_blocks():
    from rocauc.distributed import engine as _engine

    n = 200_000
    rng = np.random.default_rng(1)
    y, s = rng.random(n) < 0.3, rng.random(n).astype(np.float32)
    spec = _engine.Spec(what=("auc",))
    meta, sketches = _engine.batches_sketches(spec, 16, [(y, s, None, None)], 16, sample=True)
    (sketch,) = sketches.values()
    assert meta.sampled and meta.n_samples == sketch.P + sketch.N
    first = np.concatenate([np.arange(a, min(a + 4096, n)) for a in range(0, n, 16 * 4096)])
    assert meta.n_samples == first.size  # every 16th block of 4096 rows
    expected = _engine.batches_sketches(spec, 16, [(y[first], s[first], None, None)], 1)[1]
    assert sketch.P == expected[next(iter(expected))].P


@pytest.fixture(scope="module")
def cluster_client():
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit="1GiB",
            dashboard_address=None,
            host="127.0.0.1",
        )
        client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_local_cluster_of_processes_gives_the_same_numbers(cluster_client):
    df = _frame(20_000, seed=3)
    y, s, w = df.y.to_numpy(), df.s.to_numpy(), df.w.to_numpy()
    Y, S, W = _chunked(y, 3000), _chunked(s, 3000), _chunked(w, 3000)
    assert rd.roc_auc(Y, S) == pytest.approx(rocauc.roc_auc(y, s), abs=1e-12)
    assert rd.roc_auc(Y, S, sample_weight=W) == pytest.approx(rocauc.roc_auc(y, s, sample_weight=w), abs=1e-12)
    assert abs(rd.roc_auc(Y, S, max_error=1e-4) - rocauc.roc_auc(y, s)) <= 1e-4
    ci = rd.roc_auc_ci(Y, S)
    assert ci.std_error == pytest.approx(rocauc.roc_auc_ci(y, s, method="delong").std_error, abs=1e-12)
    rng = np.random.default_rng(4)
    labels = rng.integers(0, 3, 3000)
    probabilities = rng.dirichlet(np.ones(3), 3000)
    probabilities[np.arange(3000), labels] += 0.2
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    ev = rd.evaluate(_chunked(labels, 700), _chunked(probabilities, 700), n_ranges=2)
    same_intervals(ev.intervals, rocauc.evaluate(labels, probabilities).intervals)
    by = rd.average_precision("y", "s", data=dd.from_pandas(df, npartitions=4), by="country")
    for g, d in df.groupby("country"):
        assert by[g] == pytest.approx(rocauc.average_precision(d.y, d.s), abs=1e-12)


def test_a_sample_that_misses_rows_is_checked_on_the_cluster(cluster_client):
    from distributed import wait

    def persist(*arrays):
        kept = cluster_client.persist(list(arrays))
        wait(kept)
        return kept

    _check_the_split_pass_reads_every_row(700, persist)


def test_persisted_partitions_are_sketched_per_worker(cluster_client, monkeypatch):
    # persisted blocks: each worker sketches the partitions it holds in one task (one sketch per worker thread
    # travels); the answers are those of the in-memory functions, for arrays, frames and a concatenation of them
    from distributed import wait

    from rocauc.distributed import engine as _engine
    from rocauc.integrations import dask as rdi

    df = _frame(30_000, seed=5)
    y, s, w = df.y.to_numpy(), df.s.to_numpy(), df.w.to_numpy()
    Y, S, W = cluster_client.persist([_chunked(y, 2500), _chunked(s, 2500), _chunked(w, 2500)])
    wait([Y, S, W])
    make, args = rdi._batch_args(Y, S, None, None, None)
    homes = rdi._homes(args)
    assert homes is not None and None not in homes and len(set(homes)) == 2
    groups = rdi._groups(homes, len(args))
    assert sorted(i for _, g in groups for i in g) == list(range(12)) and len(groups) == 2
    assert all(homes[i] == home for home, g in groups for i in g)
    held = rdi._located(args)[1]  # the blocks are the persisted futures: the sketch tasks are submitted on them
    assert all(d.key in held for a in args for d in a if d is not None)
    exact = rocauc.roc_auc(y, s)
    assert rd.roc_auc(Y, S) == pytest.approx(exact, abs=1e-12)
    low, high = rd.sketch(Y, S, max_error=1e-4).bounds()
    assert low - 1e-12 <= exact <= high + 1e-12
    assert abs(rd.roc_auc(Y, S, max_error=1e-4) - exact) <= 1e-4
    assert rd.roc_auc(Y, S, sample_weight=W) == pytest.approx(rocauc.roc_auc(y, s, sample_weight=w), abs=1e-12)
    got = rd.average_precision(Y, S, sample_weight=W, n_ranges=5)
    assert got == pytest.approx(rocauc.average_precision(y, s, sample_weight=w), abs=1e-12)
    curve = rd.roc_curve(Y, S, n_points=50)
    full = rocauc.roc_curve(y, s)
    assert curve.auc == pytest.approx(exact, abs=1e-12)
    index = np.searchsorted(-full.thresholds, -curve.thresholds)  # every point is a point of the full curve
    np.testing.assert_allclose(curve.tpr, full.tpr[index], atol=1e-12)
    np.testing.assert_allclose(curve.fpr, full.fpr[index], atol=1e-12)
    both = da.concatenate([Y, Y[:5000]]), da.concatenate([S, S[:5000]])
    assert None not in rdi._homes(rdi._batch_args(*both, None, None, None)[1])
    assert rd.roc_auc(*both) == pytest.approx(rocauc.roc_auc(np.r_[y, y[:5000]], np.r_[s, s[:5000]]), abs=1e-12)
    ddf = cluster_client.persist(dd.from_pandas(df, npartitions=6))
    wait(ddf)
    assert None not in rdi._homes(rdi._batch_args("y", "s", "w", "country", ddf)[1])
    by = rd.sketch("y", "s", data=ddf, by="country", bits=20)
    for g, d in df.groupby("country"):
        low, high = by[g].bounds()
        assert low - 1e-12 <= pair_auc(d.y.to_numpy(), d.s.to_numpy()) <= high + 1e-12
    assert rd.roc_auc(ddf.y, ddf.s, max_error=1e-3) == pytest.approx(exact, abs=1e-3)
    # nothing persisted (blocks made by tasks): every partition is its own task, as on the threaded scheduler
    assert rdi._homes(rdi._batch_args(_chunked(y, 5000), _chunked(s, 5000), None, None, None)[1]) is None
    # a small memory budget: the exact pass in waves, each worker splitting its partitions in one task a wave
    import importlib

    adapter = importlib.import_module("rocauc.integrations.dask")
    monkeypatch.setattr(adapter, "_cluster_memory", lambda: 30_000 * 4.0)  # about 4 waves of rows
    assert len(_engine.waves(_plans_of(Y, S), 30_000, True, 30_000 * 4.0)) > 1
    assert rd.roc_auc(Y, S, n_ranges=6) == pytest.approx(exact, abs=1e-12)
    got = rd.average_precision(Y, S, sample_weight=W, n_ranges=5)
    assert got == pytest.approx(rocauc.average_precision(y, s, sample_weight=w), abs=1e-12)


def _plans_of(Y, S):
    from rocauc.distributed import engine as _engine
    from rocauc.integrations import dask as rdi

    spec = _engine.Spec(what=("auc",))
    make, args = rdi._batch_args(Y, S, None, None, None)
    meta, sketches = rdi._sketches(make, args, spec, _engine.EXACT_BITS)
    return _engine.make_plans(sketches, weighted=False, n_ranges=6, keyed=True)


def test_docstring_examples():
    import doctest
    import importlib

    assert (
        doctest.testmod(
            importlib.import_module("rocauc.integrations.dask"), optionflags=doctest.NORMALIZE_WHITESPACE
        ).failed
        == 0
    )


def test_indicator_batches_read_as_the_whole_indicator():
    # an indicator y_true whose first chunks hold only one-hot rows reads as multi-label, as the whole array does
    # in memory (each chunk alone would read as multi-class): no task= needed, and the answer is the in-memory one
    r = np.random.default_rng(0)
    y = np.zeros((400, 3), int)
    y[np.arange(400), r.integers(0, 3, 400)] = 1
    y[300:] = r.integers(0, 2, (100, 3))
    s = r.random((400, 3))
    s /= s.sum(1, keepdims=True)
    yd, sd = da.from_array(y, chunks=(100, 3)), da.from_array(s, chunks=(100, 3))
    expected = rocauc.roc_auc(y, s)
    assert rd.roc_auc(yd, sd) == pytest.approx(expected, abs=1e-12)
    assert rd.roc_auc(yd, sd, task="multilabel") == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(np.mean([pair_auc(y[:, k], s[:, k]) for k in range(3)]), abs=1e-12)
    assert rd.evaluate(yd, sd, ci=None).task == "multilabel"


def test_results_come_straight_from_workers_on_this_machine_only(cluster_client):
    from types import SimpleNamespace

    from rocauc.integrations import dask as rdi

    assert rdi._direct(cluster_client) is True  # a LocalCluster: every worker on 127.0.0.1

    def client(direct, *addresses):
        return SimpleNamespace(direct_to_workers=direct, scheduler_info=lambda: {"workers": dict.fromkeys(addresses)})

    assert rdi._direct(client(None, "tcp://10.0.0.5:4000", "tcp://127.0.0.1:4001")) is None  # Dask decides
    assert rdi._direct(client(None)) is None
    assert rdi._direct(client(False, "tcp://127.0.0.1:4001")) is False  # the client's own setting wins
    assert rdi._direct(client(True, "tcp://10.0.0.5:4000")) is True


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 40), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_each_group_counts_a_contiguous_run_of_ranges_of_about_equal_rows(n_ranges, n_groups, seed):
    """The owners of the ranges (each range sorted where it is, counted merged by its owner): contiguous runs in
    order, and each group's rows (counted from the data) within one range of an equal share."""
    from rocauc.distributed.partition import plan_ranges, sketch_of
    from rocauc.integrations import dask as rdi

    rng = np.random.default_rng(seed)
    y, s = rng.random(20_000) < 0.3, rng.random(20_000).astype(np.float32) ** 3
    plan = plan_ranges(sketch_of(y, s, None, 16), n_ranges)
    owner = rdi._range_owners({"k": plan}, {"k": (0, plan.n_ranges)}, n_groups)
    groups = np.array([owner["k", r] for r in range(plan.n_ranges)])
    assert (np.diff(groups) >= 0).all() and set(groups.tolist()) <= set(range(n_groups))
    rows = np.bincount(plan.range_of(s), minlength=plan.n_ranges)  # the rows of each range, from the data
    for g in range(n_groups):
        assert abs(rows[groups == g].sum() - s.size / n_groups) <= rows.max()
    wave = {"k": (1, plan.n_ranges)} if plan.n_ranges > 1 else {"k": (0, 1)}  # a wave: its own ranges only
    assert set(rdi._range_owners({"k": plan}, wave, n_groups)) == {("k", r) for r in range(*wave["k"])}
