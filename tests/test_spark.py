"""rocauc.spark in local mode: the numbers of the in-memory functions, of rocauc.dask and of Spark's evaluator."""

from __future__ import annotations

import shutil
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import rocauc

# the in-memory references see the same degenerate draws (one class, all-equal scores): their warnings are expected
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning", "ignore::rocauc.UndefinedMetricWarning")

pyspark = pytest.importorskip("pyspark")
pd = pytest.importorskip("pandas")
if shutil.which("java") is None:  # pragma: no cover - CI installs Java
    pytest.skip("Spark needs Java (apt-get install openjdk-17-jre-headless)", allow_module_level=True)

from helpers import same_interval  # noqa: E402
from reading_cases import chunked, columns, same, same_evaluation  # noqa: E402
from reference import pair_auc  # noqa: E402
from rocauc import spark as rs  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        session = (
            SparkSession.builder.master("local[2]")
            .appName("rocauc-tests")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.memory", "1g")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "1000")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning)  # pyspark about pandas 3
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        yield


def _data(n=6000, seed=0, decimals=2):
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.3
    s = rng.normal(size=n) + y
    if decimals is not None:
        s = np.round(s, decimals)
    return pd.DataFrame(
        {"label": y.astype(float), "score": s, "w": rng.integers(0, 5, n) / 2.0, "country": rng.choice(["de", "fr"], n)}
    )


def test_exact_scores_equal_the_in_memory_ones(spark):
    pdf = _data()
    df = spark.createDataFrame(pdf).repartition(3)
    y, s = pdf.label.to_numpy() == 1, pdf.score.to_numpy()
    assert rs.roc_auc(df, "label", "score") == pytest.approx(pair_auc(y, s), abs=1e-12)
    ev = rs.evaluate(df, "label", "score", threshold=0.0, n_ranges=3)
    assert ev.roc_auc == pytest.approx(pair_auc(y, s), abs=1e-12)
    assert ev.average_precision == pytest.approx(rocauc.average_precision(y, s), abs=1e-12)
    assert ev.averages["pr_auc"]["binary"] == pytest.approx(rocauc.pr_auc(y, s), abs=1e-12)


@pytest.mark.slow
def test_weights_groups_intervals_and_certified_bounds(spark):
    pdf = _data(seed=5)
    df = spark.createDataFrame(pdf).repartition(3)
    y, s = pdf.label.to_numpy() == 1, pdf.score.to_numpy()
    ci, expected = rs.roc_auc_ci(df, "label", "score"), rocauc.roc_auc_ci(y, s, method="delong")
    assert ci.std_error == pytest.approx(expected.std_error, abs=1e-12)
    by = rs.roc_auc(df, "label", "score", by="country", weight_col="w")
    for g, d in pdf.groupby("country"):
        assert by[g] == pytest.approx(pair_auc(d.label == 1, d.score, d.w), abs=1e-12)
    assert abs(rs.roc_auc(df, "label", "score", max_error=1e-3) - pair_auc(y, s)) <= 1e-3
    low, high = rs.sketch(df, "label", "score", bits=14).bounds()
    assert low <= pair_auc(y, s) <= high


@pytest.mark.slow
def test_same_numbers_as_rocauc_dask(spark):
    rd = pytest.importorskip("rocauc.dask")
    da = pytest.importorskip("dask.array")
    pdf = _data(3000, seed=1)
    df = spark.createDataFrame(pdf).repartition(2)
    Y, S = da.from_array(pdf.label.to_numpy(), chunks=700), da.from_array(pdf.score.to_numpy(), chunks=700)
    assert rs.roc_auc(df, "label", "score") == pytest.approx(rd.roc_auc(Y, S), abs=1e-12)
    ev, ev_dask = rs.evaluate(df, "label", "score", threshold=0.0), rd.evaluate(Y, S, threshold=0.0)
    for name in ("roc_auc", "average_precision", "pr_auc"):
        assert ev.averages[name]["binary"] == pytest.approx(ev_dask.averages[name]["binary"], abs=1e-12)
    np.testing.assert_array_equal(ev.decision.matrix, ev_dask.decision.matrix)
    roc, roc_dask = rs.roc_curve(df, "label", "score", n_points=40), rd.roc_curve(Y, S, n_points=40)
    np.testing.assert_allclose(roc.fpr, roc_dask.fpr, atol=1e-12)
    np.testing.assert_allclose(roc.tpr, roc_dask.tpr, atol=1e-12)


def test_multiclass_intervals_and_evaluate_intervals_equal_in_memory(spark):
    """Macro/weighted DeLong intervals (the ranges' placement values summed back per partition) and evaluate's
    intervals equal rocauc.roc_auc_ci and rocauc.evaluate on the same rows, with weights and several partitions."""
    rng = np.random.default_rng(8)
    n, k = 1200, 3
    y = rng.integers(0, k, n)
    p = rng.dirichlet(np.ones(k), n)
    p[np.arange(n), y] += 0.15
    p = np.round(p / p.sum(axis=1, keepdims=True), 2)
    p[:, -1] = np.clip(1 - p[:, :-1].sum(axis=1), 0, 1)
    w = rng.integers(0, 4, n) / 2.0
    pdf = pd.DataFrame({"label": y, "w": w, **{f"p{j}": p[:, j] for j in range(k)}})
    df = spark.createDataFrame(pdf).repartition(3)
    cols = [f"p{j}" for j in range(k)]
    for average in ("macro", "weighted"):
        got = rs.roc_auc_ci(df, "label", cols, weight_col="w", average=average, n_ranges=2)
        same_interval(got, rocauc.roc_auc_ci(y, p, sample_weight=w, average=average, method="delong"))
    ev = rs.evaluate(df, "label", cols, weight_col="w", n_ranges=2)
    expected = rocauc.evaluate(y, p, sample_weight=w).intervals
    for average in ("macro", "weighted"):
        same_interval(ev.intervals.averages["roc_auc"][average], expected.averages["roc_auc"][average])
    for label, ci in expected.per_class["roc_auc"].items():
        same_interval(ev.intervals.per_class["roc_auc"][label], ci)
    binary = _data(2000, seed=9)
    ev = rs.evaluate(spark.createDataFrame(binary).repartition(2), "label", "score", threshold=0.0, ci="delong-logit")
    y2, s2 = binary.label.to_numpy() == 1, binary.score.to_numpy()
    same_interval(
        ev.intervals.averages["roc_auc"]["binary"],
        rocauc.evaluate(y2, s2, threshold=0.0, ci="delong-logit").intervals.averages["roc_auc"]["binary"],
    )


def test_equals_sparks_evaluator_without_binning(spark):
    from pyspark.ml.evaluation import BinaryClassificationEvaluator

    evaluator = BinaryClassificationEvaluator(rawPredictionCol="score", labelCol="label", numBins=0)
    distinct = spark.createDataFrame(_data(5000, seed=2, decimals=None)).repartition(3)
    assert rs.roc_auc(distinct, "label", "score") == pytest.approx(evaluator.evaluate(distinct), abs=1e-12)
    tied = spark.createDataFrame(_data(5000, seed=3, decimals=1)).coalesce(1)
    assert rs.roc_auc(tied, "label", "score") == pytest.approx(evaluator.evaluate(tied), abs=1e-12)


@pytest.mark.slow
def test_vector_and_multiclass_columns(spark):
    from pyspark.ml.linalg import Vectors

    rng = np.random.default_rng(4)
    n, k = 1500, 3
    y = rng.integers(0, k, n)
    p = rng.dirichlet(np.ones(k), n)
    p[np.arange(n), y] += 0.2
    p /= p.sum(axis=1, keepdims=True)
    rows = [(float(a), Vectors.dense(b.tolist()), float(b[1] / (b[0] + b[1]))) for a, b in zip(y, p)]
    df = spark.createDataFrame(rows, ["label", "probability", "binary"]).repartition(2)
    for average in ("macro", "weighted", "micro"):
        assert rs.roc_auc(df, "label", "probability", average=average) == pytest.approx(
            rocauc.roc_auc(y, p, average=average), abs=1e-12
        )
    both = y < 2
    two = spark.createDataFrame(
        [(float(a), Vectors.dense([1 - b, b])) for a, b in zip(y[both], p[both, 1] / (p[both, 0] + p[both, 1]))],
        ["label", "probability"],
    )
    assert rs.roc_auc(two) == pytest.approx(rocauc.roc_auc(y[both], p[both, 1] / (p[both, 0] + p[both, 1])), abs=1e-12)


def test_narrowed_packed_pieces_come_back_exact():
    """The shuffle carries a packed piece as float32 scores and label bits; widening restores every bit."""
    from rocauc.core.counts import packed_sorted
    from rocauc.integrations.spark import _narrow, _widen

    rng = np.random.default_rng(3)
    tiny, big = np.finfo(np.float32).tiny, np.finfo(np.float32).max
    s = np.r_[rng.normal(size=500), -0.0, 0.0, tiny, tiny / 8, -big, big].astype(np.float32)
    y = rng.random(s.size) < 0.5
    wide = packed_sorted(y, s)
    np.testing.assert_array_equal(_widen(_narrow(wide)).view(np.uint64), wide.view(np.uint64))


def test_bad_arguments_get_clear_errors(spark):
    df = spark.createDataFrame(_data(20))
    with pytest.raises(ValueError, match="df has no column 'nope'"):
        rs.roc_auc(df, "label", "nope")
    with pytest.raises(TypeError, match="df must be a pyspark.sql.DataFrame"):
        rs.roc_auc(_data(20), "label", "score")
    with pytest.raises(ValueError, match="the DataFrame has no rows"):
        rs.roc_auc(df.limit(0), "label", "score")


# --------------------------------------------------------------------------------------------- the whole reading


def _chunked_frame(spark, y, s, sizes):
    """One Spark DataFrame per chunk, unioned: every partition holds rows of one chunk only."""
    from functools import reduce

    frames, start = [], 0
    for size in sizes:
        part = {"y": list(map(list, y[start : start + size])) if y.ndim == 2 else y[start : start + size]}
        part |= columns(s[start : start + size], "s")
        frames.append(spark.createDataFrame(pd.DataFrame(part)))
        start += size
    return reduce(lambda a, b: a.union(b), frames)


@settings(max_examples=8, deadline=None)
@given(chunked())
def test_spark_reads_the_problem_of_all_the_rows(spark, data):
    """As rocauc.dask and the in-memory functions: a partition alone may read otherwise (see
    tests/test_engine_reading.py); the AUC alone plans its ranges from a sample, which the split pass checks."""
    y, s, options, sizes = data
    df = _chunked_frame(spark, y, s, sizes)
    score = "s" if s.ndim == 1 else [f"s{j}" for j in range(s.shape[1])]
    same(rs.roc_auc(df, "y", score, **options), rocauc.roc_auc(y, s, **options), "roc_auc")
    ev = rs.evaluate(df, "y", score, threshold=0.5, **options)
    same_evaluation(ev, rocauc.evaluate(y, s, threshold=0.5, **options))


def test_a_sample_that_misses_a_label_is_checked_by_the_split_pass(spark):
    # labels {-1, 1} with one -1: the sample that plans the AUC's ranges reads {1} as {0, 1}; the split pass reads
    # every row and the answer is the whole data's; a class the sample misses entirely is found the same way
    rng = np.random.default_rng(4)
    n = 4000
    y = np.ones(n, int)
    y[1234] = -1
    s = rng.random(n)
    df = spark.createDataFrame(pd.DataFrame({"y": y, "s": s})).coalesce(1)
    assert rs.roc_auc(df, "y", "s") == pytest.approx(rocauc.roc_auc(y, s), abs=1e-12)
    names = np.array(["ant", "bee", "cat"])
    codes = rng.integers(0, 2, n)
    codes[[17, 2345]] = 2
    p = rng.dirichlet(np.ones(3), n)
    frame = pd.DataFrame({"y": names[codes], **columns(p, "p")})
    df = spark.createDataFrame(frame).repartition(2)
    expected = rocauc.roc_auc(names[codes], p, average=None)
    np.testing.assert_allclose(rs.roc_auc(df, "y", ["p0", "p1", "p2"], average=None), expected, atol=1e-12)


def test_float32_scores_travel_as_keys_and_stay_exact(spark):
    # an unweighted AUC of float32 scores plans keyed ranges: rows cross the shuffle as 4-byte keys
    from pyspark.sql.types import FloatType, StructField, StructType

    rng = np.random.default_rng(11)
    n = 5000
    y = rng.random(n) < 0.35
    s = np.round(rng.normal(size=n) + y, 1).astype(np.float32)  # ties within and across the classes
    s[::9] = -0.0
    s[1::9] = 0.0
    schema = StructType([StructField("label", FloatType()), StructField("score", FloatType())])
    df = spark.createDataFrame([(float(a), float(b)) for a, b in zip(y, s)], schema).repartition(3)
    for n_ranges in (None, 2, 5):
        assert rs.roc_auc(df, "label", "score", n_ranges=n_ranges) == pytest.approx(pair_auc(y, s), abs=1e-12)


# --------------------------------------------------------------------------------------------- the folded column


def _float32_frame(spark, labels, scores, label_type, partitions=3):
    from pyspark.sql.types import FloatType, StructField, StructType

    schema = StructType([StructField("label", label_type), StructField("score", FloatType())])
    rows = [(a, None if b is None else float(b)) for a, b in zip(labels, scores)]
    return spark.createDataFrame(rows, schema).repartition(partitions)


@pytest.fixture
def folds(monkeypatch):
    """How many exact passes crossed as a folded column (rocauc.distributed.folded)."""
    from rocauc.integrations import spark as spark_module

    seen = {"folded": 0}
    split = spark_module._split_folded

    def counting(*args, **kwargs):
        seen["folded"] += 1
        return split(*args, **kwargs)

    monkeypatch.setattr(spark_module, "_split_folded", counting)
    return seen


_SPECIAL32 = np.array(
    [0.0, -0.0, 1e-45, -1e-45, 3e-45, 1.17549435e-38, 3.4028235e38, -3.4028235e38, 0.99999994, 1.0, 0.5, -2.0],
    dtype=np.float32,
)


@settings(max_examples=4, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=120), st.lists(st.booleans(), min_size=1))
def test_the_fold_in_spark_sql_is_the_numpy_rule(spark, bits, labels):
    """Every float32 (subnormals, zeros, -0.0, the largest) with both labels: Spark's folded column equals
    rocauc.distributed.folded.fold bit for bit, and anything else (another label, a missing value, NaN) is NaN."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType

    from rocauc.distributed.folded import fold
    from rocauc.integrations.spark import _fold

    s = np.array(bits, dtype=np.uint32).view(np.float32)
    s = np.r_[s[np.isfinite(s)], _SPECIAL32]
    y = np.resize(np.array(labels), s.size)
    label = [float(v) for v in y] + [2.0, None, 1.0, 0.0, 1.0]
    score = [*s.tolist(), 0.5, 0.5, None, float("nan"), float("inf")]
    df = _float32_frame(spark, label, score, DoubleType(), partitions=2)
    got = df.select("label", "score", _fold(F.col("label"), F.col("score"), 0.0, 1.0, "number").alias("v"))
    rows = got.toPandas()
    v = rows.v.to_numpy()
    valid = rows.label.isin([0.0, 1.0]).to_numpy() & rows.score.notna().to_numpy() & np.isfinite(rows.score.to_numpy())
    expected = fold(rows.label.to_numpy()[valid] == 1.0, rows.score.to_numpy(dtype=np.float32)[valid])
    np.testing.assert_array_equal(v[valid].view(np.uint64), expected.view(np.uint64))
    assert not np.isfinite(v[~valid]).any()
    assert (~valid).sum() == 5


@pytest.mark.parametrize("kind", ["double", "boolean", "string", "int", "float"])
def test_folded_exact_auc_equals_the_in_memory_one(spark, folds, kind):
    from pyspark.sql import types as T

    rng = np.random.default_rng(21)
    n = 3000
    y = rng.random(n) < 0.3
    s = np.round(rng.normal(size=n) + y, 1).astype(np.float32)  # ties within and across the classes
    s[::7], s[1::7], s[2::11], s[3::13] = 0.0, -0.0, 1e-45, -3e-45
    s[5::17], s[6::17] = np.finfo(np.float32).max, -np.finfo(np.float32).max
    types = {"double": T.DoubleType(), "boolean": T.BooleanType(), "string": T.StringType()}
    types |= {"int": T.IntegerType(), "float": T.FloatType()}
    labels = {"double": y.astype(float), "boolean": y, "string": np.where(y, "pos", "neg"), "int": y * 2 - 1}
    labels["float"] = y.astype(float)
    values = [v.item() for v in labels[kind]]
    options = {"pos_label": "pos"} if kind == "string" else {}
    df = _float32_frame(spark, values, s, types[kind])
    expected = rocauc.roc_auc(labels[kind], s, **options)
    assert expected == pytest.approx(pair_auc(y, s), abs=1e-12)
    for n_ranges in (None, 3):
        assert rs.roc_auc(df, "label", "score", n_ranges=n_ranges, **options) == pytest.approx(expected, abs=1e-12)
    assert folds["folded"] == 2


def test_rows_the_fold_marks_are_read_the_ordinary_way(spark, folds):
    """Rows that are not rows of the sample's binary problem (a label the sample missed, a missing label, a NaN or
    infinite score) are never counted: the rows are read again as every engine reads them, with the in-memory
    answer or error."""
    from pyspark.sql.types import DoubleType

    rng = np.random.default_rng(5)
    n = 4000
    y = (rng.random(n) < 0.4).astype(float)
    s = rng.random(n).astype(np.float32)
    cases = [
        ("label", 1234, 2.0, "y_true has 3 classes"),
        ("label", 77, None, "y_true has 1 missing label"),
        ("score", 3000, float("nan"), "y_score has 1 NaN value"),
        ("score", 5, float("inf"), "y_score has 1 infinite value"),
    ]
    for column, row, value, message in cases:
        labels, scores = [float(v) for v in y], [float(v) for v in s]
        (labels if column == "label" else scores)[row] = value
        df = _float32_frame(spark, labels, scores, DoubleType())
        memory_y = np.array([np.nan if v is None else v for v in labels])
        with pytest.raises(ValueError, match=message):
            rocauc.roc_auc(memory_y, np.array(scores, dtype=np.float32))
        # the error of the ordinary reading, on the driver or (a row the sample missed) from the executor that read
        # it: the same ValueError and message either way
        with pytest.raises(ValueError, match=message):
            rs.roc_auc(df, "label", "score")
    assert folds["folded"] == len(cases)
    # labels {-1, 1} with a single -1: the sample reads {1} as {0, 1}; the fold marks the -1, the rows are read again
    y2 = np.ones(n, int)
    y2[2345] = -1
    df = _float32_frame(spark, [int(v) for v in y2], s, pyspark.sql.types.IntegerType(), partitions=2)
    assert rs.roc_auc(df, "label", "score") == pytest.approx(rocauc.roc_auc(y2, s), abs=1e-12)
    # one class in all the rows: NaN with the in-memory warning
    df = _float32_frame(spark, [1.0] * 500, s[:500], DoubleType(), partitions=2)
    with pytest.warns(rocauc.UndefinedMetricWarning, match="only one class"):
        assert np.isnan(rs.roc_auc(df, "label", "score"))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(_SPECIAL32.tolist() + [0.25, 0.25, -0.75, 3.0]), min_size=8, max_size=300),
    st.lists(st.booleans(), min_size=8, max_size=300),
    st.integers(1, 4),
)
def test_folded_auc_of_ties_zeros_and_subnormals_over_partitions(spark, folds, scores, labels, partitions):
    from pyspark.sql.types import BooleanType

    s = np.array(scores, dtype=np.float32)
    y = np.resize(np.array(labels), s.size)
    assume(y.any() and not y.all())
    df = _float32_frame(spark, y.tolist(), s, BooleanType(), partitions=partitions)
    assert rs.roc_auc(df, "label", "score", n_ranges=partitions) == pytest.approx(pair_auc(y, s), abs=1e-12)
    assert rocauc.roc_auc(y, s) == pytest.approx(pair_auc(y, s), abs=1e-12)
    assert folds["folded"] > 0  # the fixture counts over the examples: the fold read these rows


def test_executor_errors_reach_the_caller_as_the_checks_raised_them():
    from rocauc.integrations.spark import _executor_errors

    class PythonException(Exception):  # pyspark's name for an error raised in a Python worker
        pass

    trace = "An exception was thrown from the Python worker.\nTraceback (most recent call last):\n  File 'x'\n"
    with pytest.raises(ValueError, match=r"^y_true has 3 classes \(0, 1, 2\); pass labels=\.$") as got:
        with _executor_errors():
            raise PythonException(
                trace + "ValueError: y_true has 3 classes (0, 1, 2); pass labels=.\n\nJVM stacktrace:\n"
            )
    assert isinstance(got.value.__cause__, PythonException)
    with pytest.raises(TypeError, match="^y_score must be numeric$"), _executor_errors():
        raise PythonException(trace + "TypeError: y_score must be numeric\n")
    with pytest.raises(PythonException), _executor_errors():  # anything else passes through
        raise PythonException(trace + "MemoryError\n")
    with pytest.raises(KeyError), _executor_errors():
        raise KeyError("x")
