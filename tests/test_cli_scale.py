"""``rocauc report`` out of core (``--engine outofcore``) and on clusters (``--engine dask|spark``): every number
of the report equals the in-memory report of the same file (1e-12), the file is read in chunks, and options the
engines cannot honour stop with one line naming them (exit status 2)."""

from __future__ import annotations

import csv
import json
import os

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from rocauc import cli_outofcore as _outofcore_report  # noqa: E402
from rocauc.cli import main  # noqa: E402
from rocauc.cli_options import ReportOptions  # noqa: E402
from rocauc.core.counts import exact_counts  # noqa: E402
from rocauc.integrations import outofcore  # noqa: E402

ASAH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "aSAH.csv")
# what the out-of-core report does not compute (documented): the ECE's bootstrap interval, and bootstrap bins
NOT_OUT_OF_CORE = ("/ece/", "/curve/low", "/curve/high", "/curve/method", "/created", "/notes")


def data(n=3000, seed=0, ties=2):
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.3
    a = 1 / (1 + np.exp(-(rng.normal(size=n) + 1.2 * y)))
    b = np.round(1 / (1 + np.exp(-(rng.normal(size=n) + 0.8 * y))), ties)  # heavy ties
    return y.astype(int), a, b


def write_csv(path, columns: dict):
    names = list(columns)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        w.writerows(zip(*[[repr(float(v)) if isinstance(v, float) else v for v in columns[c]] for c in names]))
    return str(path)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def differences(a, b, path="", tol=1e-12):
    """Paths where two report documents differ (numbers beyond ``tol``), except what is not computed out of
    core."""
    if any(skip in path + "/" for skip in NOT_OUT_OF_CORE):
        return []
    if isinstance(a, dict):
        if set(a) != set(b):
            return [f"{path}: keys {sorted(set(a) ^ set(b))}"]
        return [d for k in a for d in differences(a[k], b[k], f"{path}/{k}", tol)]
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} != {len(b)} items"]
        return [d for i, (u, v) in enumerate(zip(a, b)) for d in differences(u, v, f"{path}[{i}]", tol)]
    if isinstance(a, float) and isinstance(b, (int, float)):
        return [] if abs(a - b) <= tol * max(1.0, abs(a)) else [f"{path}: {a!r} != {b!r}"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def reports(capsys, tmp_path, file, *options, reference=None):
    """(text, JSON) of the in-memory report of ``reference or file`` and of the out-of-core report of ``file``."""
    out = []
    for engine, source in (("memory", reference or file), ("outofcore", file)):
        folder = tmp_path / engine
        code, text, err = run(capsys, "report", source, *options, "--engine", engine, "--out", folder)
        assert code == 0, err
        with open(folder / "report.json") as f:
            out.append((text, json.load(f)))
    return out


def main_section(text):
    return text.split("\nCalibration and gains:")[0]


def test_outofcore_report_equals_the_in_memory_report_csv(capsys, tmp_path):
    y, a, b = data()
    file = write_csv(tmp_path / "preds.csv", {"label": y, "a": a, "b": b})
    (mem_text, mem), (ooc_text, ooc) = reports(
        capsys, tmp_path, file, "--target", "label", "--score", "a", "--score", "b", "--chunk-rows", "700"
    )
    assert main_section(ooc_text) == main_section(mem_text)  # AUCs, CIs, AP, operating points, comparisons
    assert differences(mem, ooc) == []  # every number of the JSON, calibration and gains included
    assert "gains area" in ooc_text and "KS" in ooc_text
    assert "No interval for the ECE" in ooc_text  # the one figure it leaves out says so
    assert os.path.getsize(tmp_path / "outofcore" / "report.html") > 0


def test_parquet_folder_equals_the_in_memory_report_of_the_whole_table(capsys, tmp_path):
    y, a, b = data(n=2500, seed=1)
    table = pa.table({"y": y, "model_a": a, "model_b": b})
    pq.write_table(table, tmp_path / "all.parquet")
    folder = tmp_path / "parts"
    folder.mkdir()
    for i, start in enumerate(range(0, 2500, 1000)):
        pq.write_table(table.slice(start, 1000), folder / f"part-{i}.parquet", row_group_size=300)
    (mem_text, mem), (ooc_text, ooc) = reports(
        capsys,
        tmp_path,
        folder,
        "--target",
        "y",
        "--score",
        "model_*",
        "--chunk-rows",
        "256",
        "--title",
        "scores",
        reference=tmp_path / "all.parquet",
    )
    assert differences(mem, ooc) == []
    assert main_section(ooc_text) == main_section(mem_text)


@pytest.mark.parametrize(
    "options",
    [
        ("--score", "s100b", "--pos-label", "Poor", "--threshold", "0.2", "--ci", "delong-logit"),
        ("--score", "s100b", "--score", "ndka", "--pos-label", "Good", "--ci", "none", "--level", "0.9"),
        ("--score", "s100b", "--score", "wfns", "--pos-label", "Poor", "--ci", "delong", "--no-calibration"),
        ("--model", "S=s100b", "--model", "N=ndka", "--pos-label", "Poor", "--bins", "7"),  # auto: logit-DeLong
    ],
)
def test_asah_text_labels_threshold_and_interval_options(capsys, tmp_path, options):
    (mem_text, mem), (ooc_text, ooc) = reports(capsys, tmp_path, ASAH, "--target", "outcome", *options)
    assert main_section(ooc_text) == main_section(mem_text)
    assert differences(mem, ooc) == []


def test_the_curves_are_exact_points_of_the_full_curves(tmp_path):
    y, a, b = data(n=20000, seed=2, ties=3)
    file = write_csv(tmp_path / "preds.csv", {"y": y, "a": a, "b": b})
    rep = _outofcore_report.file_report(
        file, "y", {"a": "a", "b": "b"}, csv=True, options=ReportOptions(n_points=50), progress=False
    )
    for m, s in zip(rep.sections[0].models, (a, b)):
        kept = m.evaluation.classes[0].counts
        full = exact_counts(y == 1, s)
        assert 50 <= kept.thresholds.size < full.thresholds.size / 10  # down-sampled
        rows = np.searchsorted(-full.thresholds, -kept.thresholds)
        np.testing.assert_array_equal(full.thresholds[rows], kept.thresholds)
        np.testing.assert_array_equal(full.tp[rows], kept.tp)
        np.testing.assert_array_equal(full.fp[rows], kept.fp)


def test_a_csv_file_is_read_in_chunks_never_at_once(capsys, tmp_path, monkeypatch):
    y, a, b = data(n=20000, seed=3)
    file = write_csv(tmp_path / "preds.csv", {"y": y, "a": a, "b": b})
    import pyarrow.csv as pcsv

    def whole_file(*args, **kwargs):
        raise AssertionError("the whole file was read at once")

    monkeypatch.setattr(pcsv, "read_csv", whole_file)
    monkeypatch.setattr(outofcore, "CSV_BLOCK_BYTES", 16 << 10)  # 16 KiB blocks: ~40 for this file
    seen = []
    read = _outofcore_report.read_columns

    def spy(*args, **kwargs):
        cols = read(*args, **kwargs)
        seen.append(cols)
        return cols

    monkeypatch.setattr(_outofcore_report, "read_columns", spy)
    code, text, err = run(capsys, "report", file, "--target", "y", "--score", "a", "--engine", "outofcore", "--out", "")
    assert code == 0, err
    (cols,) = seen
    assert cols.n == 20000 and cols.batches >= os.path.getsize(file) // (16 << 10)
    assert "binary, 20,000 samples" in text or "binary, 20000 samples" in text


def test_memory_is_bounded_by_the_chunk_and_range_sizes_not_the_rows(tmp_path, monkeypatch):
    """numpy's allocations (traced by tracemalloc) stay below one float64 column of the file: every pass holds a
    chunk or a range, never a column."""
    import tracemalloc

    from rocauc.distributed import engine as _engine

    n = 1_000_000
    rng = np.random.default_rng(6)
    y = (rng.random(n) < 0.3).astype(np.int64)
    table = pa.table({"y": y, "a": np.round(rng.random(n) * 0.5 + 0.3 * y, 5), "b": rng.random(n)})
    path = tmp_path / "big.parquet"
    pq.write_table(table, path, row_group_size=50_000)
    del table, y
    monkeypatch.setattr(_engine, "ROWS_PER_RANGE", 20_000)
    small = tmp_path / "small.parquet"
    few = {"y": [0, 1, 0, 1, 0, 1], "a": [0.1, 0.9, 0.6, 0.4, 0.3, 0.7], "b": [0.2, 0.3, 0.1, 0.7, 0.8, 0.4]}
    pq.write_table(pa.table(few), small)
    _outofcore_report.file_report(
        str(small), "y", {"a": "a", "b": "b"}, csv=False, options=ReportOptions(), progress=False
    )  # the imports, before tracing
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        rep = _outofcore_report.file_report(
            str(path),
            "y",
            {"a": "a", "b": "b"},
            csv=False,
            options=ReportOptions(chunk_rows=20_000, n_points=200),
            progress=False,
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak - start < n * 8  # one float64 column of the file: 8 MB
    assert rep.sections[0].models[0].evaluation.n_samples == n


def test_progress_bar(tmp_path, capsys):
    y, a, _ = data(n=500)
    file = write_csv(tmp_path / "preds.csv", {"y": y, "a": a})
    _outofcore_report.file_report(file, "y", {"a": "a"}, csv=True, options=ReportOptions(), progress=True)
    err = capsys.readouterr().err
    assert "read" in err and "rows" in err


def test_auto_engine_reads_folders_and_large_files_out_of_core(capsys, tmp_path, monkeypatch):
    y, a, _ = data(n=400)
    file = write_csv(tmp_path / "preds.csv", {"y": y, "a": a})
    calls = []
    report = _outofcore_report.file_report
    monkeypatch.setattr(_outofcore_report, "file_report", lambda *a, **k: calls.append(a) or report(*a, **k))
    run(capsys, "report", file, "--target", "y", "--score", "a", "--out", "")
    assert calls == []  # small: in memory
    import rocauc.cli

    monkeypatch.setattr(rocauc.cli, "AUTO_BYTES", 1000)
    code, _, err = run(capsys, "report", file, "--target", "y", "--score", "a", "--out", "")
    assert code == 0, err
    assert len(calls) == 1


@pytest.mark.parametrize(
    "options, message",
    [
        (
            ("--weight", "w"),
            "--weight: --engine outofcore reads the rows of binary models unweighted; use --engine dask",
        ),
        (("--ci", "bootstrap"), "--ci bootstrap needs the rows in memory (it resamples the rows"),
        (("--band", "pointwise"), "--band needs the rows in memory (its bootstrap resamples"),
        (("--smooth", "binormal"), "--smooth needs the rows in memory (the smoothed curve is fitted"),
        (("--scheduler", "tcp://127.0.0.1:1"), "--scheduler 'tcp://127.0.0.1:1' names a Dask scheduler"),
    ],
)
def test_options_out_of_core_cannot_honour(capsys, tmp_path, options, message):
    y, a, _ = data(n=100)
    file = write_csv(tmp_path / "preds.csv", {"y": y, "a": a, "w": a, "p_x": a, "p_y": a})
    code, out, err = run(capsys, "report", file, "--target", "y", "--score", "a", *options, "--engine", "outofcore")
    assert code == 2 and out == ""
    assert err.startswith("rocauc report: error: ") and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "rows, message",
    [
        ([("1", "0.2"), ("0", "high"), ("1", "0.3")], "column 'a': 'high' is not a number; scores must be numbers"),
        ([("1", "0.2"), ("0", ""), ("1", "0.3")], "column 'a', line 3: empty; scores must be numbers"),
        ([("1", "0.2"), ("0", "inf"), ("1", "0.3")], "column 'a', line 3: inf is not a finite number"),
        ([("1", "0.2"), ("", "0.1"), ("0", "0.3")], "column 'y', line 3: missing label"),
        ([("1", "0.2"), ("1", "0.1")], "only one class"),
        ([("a", "0.2"), ("b", "0.1"), ("c", "0.4")], "has one column; pass one score column per class"),
    ],
)
def test_bad_values_are_one_line_naming_file_column_and_line(capsys, tmp_path, rows, message):
    file = tmp_path / "bad.csv"
    with open(file, "w") as f:
        f.write("y,a\n" + "".join(f"{u},{v}\n" for u, v in rows))
    code, out, err = run(capsys, "report", file, "--target", "y", "--score", "a", "--engine", "outofcore")
    assert code == 2, err
    assert err.startswith(f"rocauc report: error: {file}") and message in err
    assert len(err.strip().splitlines()) == 1


def test_missing_columns_and_engine_extras(capsys, tmp_path, monkeypatch):
    y, a, _ = data(n=100)
    file = write_csv(tmp_path / "preds.csv", {"y": y, "a": a})
    code, _, err = run(capsys, "report", file, "--target", "label", "--score", "a", "--engine", "outofcore")
    assert code == 2 and "no column 'label' (--target); the columns are 'y', 'a'" in err
    import importlib

    real = importlib.import_module

    def missing(name, *args):
        if name in ("distributed", "pyspark"):
            raise ImportError(f"No module named {name!r}")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", missing)
    for engine, extra in (("dask", "rocauc[dask]"), ("spark", "rocauc[spark]")):
        code, out, err = run(capsys, "report", file, "--target", "y", "--score", "a", "--engine", engine)
        assert code == 2 and out == ""
        assert f"--engine {engine} needs the optional dependency" in err and extra in err
        assert len(err.strip().splitlines()) == 1


# ------------------------------------------------------------------------------------------------ on a cluster
# --engine dask|spark: the report of --engine outofcore (operating point, paired comparisons, calibration and
# gains, exact curve points), every JSON number within 1e-9 of the in-memory and the out-of-core reports


def within(a, b):
    """``differences`` at 1e-9 (a cluster adds its partitions' sums in another order)."""
    return differences(a, b, tol=1e-9)


def run_json(capsys, folder, *argv):
    code, text, err = run(capsys, "report", *argv, "--out", folder)
    assert code == 0, err
    with open(folder / "report.json") as f:
        return text, json.load(f)


def engine_reports(capsys, tmp_path, file, engines, *options):
    return {e: run_json(capsys, tmp_path / e, file, *options, "--engine", e, *x) for e, x in engines}


def cluster_files(tmp_path, n=2000, seed=4):
    """The same rows as a CSV file and as a Parquet file of several row groups."""
    y, a, b = data(n=n, seed=seed)
    logit = np.log(a / (1 - a)) * 1.3
    w = np.round(np.random.default_rng(seed).gamma(2.0, 1.0, n), 3) + 0.001
    columns = {"y": y, "a": a, "b": b, "z": logit, "w": w}
    csv_path = write_csv(tmp_path / "preds.csv", columns)
    pq_path = tmp_path / "preds.parquet"
    pq.write_table(pa.table(columns), pq_path, row_group_size=400)
    return {"csv": csv_path, "parquet": pq_path}


CLUSTER_OPTIONS = [
    ("--score", "a", "--score", "b"),  # Youden's point, paired comparison, calibration and gains
    ("--score", "a", "--score", "b", "--weight", "w"),  # weighted: Kish sizes in the Wilson intervals
    ("--score", "a", "--score", "b", "--threshold", "0.4", "--ci", "delong-logit", "--bins", "7"),
    ("--score", "b", "--level", "0.9"),  # one model
]


def same_reports(capsys, tmp_path, file, engine, *options, extra=()):
    """The cluster report equals the in-memory and the out-of-core reports: its main table as text, every JSON
    number (1e-9), and it writes the HTML page."""
    engines = (
        (("memory", ()), (engine, extra))
        if "--weight" in options
        else (("memory", ()), ("outofcore", ()), (engine, extra))
    )
    got = engine_reports(capsys, tmp_path, file, engines, "--target", "y", *options)
    (mem_text, mem), (cl_text, cl) = got["memory"], got[engine]
    assert main_section(cl_text) == main_section(mem_text)
    assert within(mem, cl) == []
    if "outofcore" in got:
        assert within(got["outofcore"][1], cl) == []
    assert os.path.getsize(tmp_path / engine / "report.html") > 0
    return cl_text


@pytest.mark.parametrize("fmt, options", zip(["csv", "parquet"] * 2, CLUSTER_OPTIONS))
def test_dask_engine_threaded_gives_the_whole_report(capsys, tmp_path, fmt, options):
    pytest.importorskip("distributed")
    file = cluster_files(tmp_path)[fmt]
    text = same_reports(capsys, tmp_path, file, "dask", *options)
    if "--score" in options[2:]:
        assert "Pairwise comparisons" in text and "Calibration and gains" in text


def test_dask_engine_logits_and_text_labels(capsys, tmp_path):
    pytest.importorskip("distributed")
    file = cluster_files(tmp_path)["parquet"]
    same_reports(capsys, tmp_path, file, "dask", "--score", "z", "--score", "a", "--from-logits")
    for options in (
        ("--score", "s100b", "--pos-label", "Poor", "--threshold", "0.2"),
        ("--model", "S=s100b", "--model", "N=ndka", "--model", "W=wfns", "--pos-label", "Poor", "--ci", "none"),
    ):
        got = engine_reports(capsys, tmp_path, ASAH, (("memory", ()), ("dask", ())), "--target", "outcome", *options)
        assert main_section(got["dask"][0]) == main_section(got["memory"][0])
        assert within(got["memory"][1], got["dask"][1]) == []


@pytest.fixture(scope="module")
def local_cluster():
    distributed = pytest.importorskip("distributed")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        )
    yield cluster
    cluster.close()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_dask_engine_on_a_local_cluster_of_processes(capsys, tmp_path, local_cluster, fmt):
    file = cluster_files(tmp_path)[fmt]
    for i, options in enumerate(CLUSTER_OPTIONS[1:3]):
        same_reports(
            capsys, tmp_path / str(i), file, "dask", *options, extra=("--scheduler", local_cluster.scheduler_address)
        )


@pytest.mark.parametrize("kind, weighted", [("probability", False), ("probability", True), ("logit", True)])
def test_fit_table_terms_give_the_in_memory_recalibration(tmp_path, kind, weighted):
    """A FitTable filled in chunks (each chunk's table of distinct scores; several tables added) gives the fit
    over the rows (1e-9): its terms are the rows' sums regrouped by distinct score."""
    from rocauc.stats.calibration import fit_recalibration, logit

    rng = np.random.default_rng(11)
    n = 3000
    y = rng.random(n) < 0.35
    p = np.clip(np.round(rng.random(n) * 0.7 + 0.25 * y, 2), 0.01, 0.99)  # heavy ties
    s = logit(p) if kind == "logit" else p
    w = rng.gamma(2.0, 1.0, n) if weighted else None
    fits = [_outofcore_report.FitTable(str(tmp_path / f"fit-{i}"), kind) for i in range(2)]
    half = n // 2
    fits[0].add_rows(y[:half], s[:half], None if w is None else w[:half], chunk_rows=97)
    fits[1].add_rows(y[half:], s[half:], None if w is None else w[half:], chunk_rows=500)
    got = _outofcore_report.table_fit(fits, 0.95, chunk_rows=64)
    want = fit_recalibration(y, logit(p), w)
    for a, b in ((got.slope, want.slope), (got.intercept, want.intercept)):
        np.testing.assert_allclose([a.estimate, a.low, a.high], [b.estimate, b.low, b.high], rtol=1e-9)
    assert np.isfinite(got.slope.estimate) and got.slope_intercept == pytest.approx(want.slope_intercept, rel=1e-9)


def test_dask_threaded_calibration_holds_no_column_in_this_process(tmp_path, monkeypatch):
    """On the threaded scheduler the calibration passes read the partitions again (nothing is persisted in this
    process) and the recalibration fit streams each partition's table of distinct scores from disk: no column is
    held after the passes, numpy's allocations stay below one float64 column, and the fits are the in-memory
    ones (1e-9)."""
    pytest.importorskip("distributed")
    import tracemalloc

    import dask

    from rocauc import cli_cluster
    from rocauc.stats.calibration import fit_recalibration, logit

    n, parts = 400_000, 40  # partitions of 10k rows: what one holds is far below a column
    rng = np.random.default_rng(9)
    y = (rng.random(n) < 0.3).astype(np.int64)
    a = np.round(rng.random(n) * 0.5 + 0.3 * y, 4)  # ties: fewer distinct scores than rows
    b = rng.random(n) * 0.6 + 0.3 * y
    folder = tmp_path / "big"
    folder.mkdir()
    for i, rows in enumerate(np.array_split(np.arange(n), parts)):
        pq.write_table(pa.table({"y": y[rows], "a": a[rows], "b": b[rows]}), folder / f"part-{i:02d}.parquet")

    def persist(*args, **kwargs):
        raise AssertionError("the columns were persisted in this process")

    monkeypatch.setattr(dask, "persist", persist)
    # the fit reads its tables of distinct scores in chunks of this many rows: an eighth of the rows, so that a
    # chunk read whole (b has as many distinct scores as rows) stays well under the bound below
    from rocauc import cli_outofcore

    monkeypatch.setattr(cli_outofcore, "CHUNK_ROWS", n // 8)
    problem = _outofcore_report.label_problem(np.array([0, 1]), 0.0, 1.0, pos_label=None, from_logits=False)
    with dask.config.set(scheduler="threads", num_workers=2):
        side = cli_cluster._Dask(str(folder), False, None, None)
        assert side.local and side.frame.npartitions == parts
        tracemalloc.start()
        try:
            start, _ = tracemalloc.get_traced_memory()
            _, fits, _ = cli_cluster._calibration(
                side, "y", [1], ["a", "b"], ["a", "b"], {"a": problem, "b": problem}, [0, 1], 0.95, 10, None
            )
            _, peak = tracemalloc.get_traced_memory()
            held = pa.total_allocated_bytes()
        finally:
            tracemalloc.stop()
            side.close()
    assert peak - start < n * 8  # one float64 column: 3.2 MB
    assert held < n * 8  # no column (the old persist held 24 bytes a row here)
    for name, s in (("a", a), ("b", b)):
        want = fit_recalibration(y == 1, logit(s), None)
        for got, ref in ((fits[name].slope, want.slope), (fits[name].intercept, want.intercept)):
            assert got.estimate == pytest.approx(ref.estimate, rel=1e-9)
            assert got.high == pytest.approx(ref.high, rel=1e-9)
    assert not os.path.exists(side.folder)  # the temporary tables are removed


def test_dask_scheduler_that_cannot_be_reached(capsys, tmp_path):
    pytest.importorskip("distributed")
    file = cluster_files(tmp_path)["parquet"]
    code, out, err = run(
        capsys, "report", file, "--target", "y", "--score", "a", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"
    )
    assert code == 2 and out == ""
    assert "--scheduler 'tcp://127.0.0.1:9': cannot reach the Dask scheduler" in err
    assert len(err.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def spark_session():
    pytest.importorskip("pyspark")
    import shutil
    import warnings

    if shutil.which("java") is None:  # pragma: no cover - CI installs Java
        pytest.skip("Spark needs Java")
    from pyspark.sql import SparkSession

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        session = (
            SparkSession.builder.master("local[2]")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    yield session


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_spark_engine_in_local_mode(capsys, tmp_path, spark_session, fmt):
    import warnings

    file = cluster_files(tmp_path)[fmt]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        for i, options in enumerate(CLUSTER_OPTIONS[1:3]):
            same_reports(capsys, tmp_path / str(i), file, "spark", *options)


# ------------------------------------------------------------------------------------------------ several classes
# multi-class (a score column per class) and multi-label (several --target columns) models beyond memory: the
# main table of the in-memory report (OvR averages with their DeLong intervals, a row per class, the decision)


def class_files(tmp_path, n=1500, seed=7):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    p = rng.dirichlet([1, 1, 1], n)
    p[np.arange(n), y] += 0.4
    p = np.round(p / p.sum(axis=1, keepdims=True), 3)
    p[:, 2] = np.round(1 - p[:, 0] - p[:, 1], 3)
    q = np.round(np.sqrt(p) / np.sqrt(p).sum(axis=1, keepdims=True), 2)
    q[:, 0] = np.round(1 - q[:, 1] - q[:, 2], 2)
    labels = np.array(["cat", "dog", "eel"])[y]
    tags = (rng.random((n, 2)) < 0.4).astype(int)
    sig = np.round(1 / (1 + np.exp(-(rng.normal(size=(n, 2)) + 1.5 * tags))), 4)
    columns = {"y": labels, "p_eel": p[:, 2], "p_cat": p[:, 0], "p_dog": p[:, 1], "q_cat": q[:, 0]}
    columns |= {"q_dog": q[:, 1], "q_eel": q[:, 2], "w": rng.random(n)}
    columns |= {"t_a": tags[:, 0], "t_b": tags[:, 1], "s_a": sig[:, 0], "s_b": sig[:, 1]}
    csv_path = write_csv(tmp_path / "classes.csv", columns)
    pq_path = tmp_path / "classes.parquet"
    pq.write_table(pa.table(columns), pq_path, row_group_size=300)
    return {"csv": csv_path, "parquet": pq_path}


CLASS_OPTIONS = [
    ("--target", "y", "--scores", "p_*", "--scores", "q_*"),  # multi-class: classes ordered by p_*'s columns
    ("--target", "y", "--model", "P=p_cat,p_dog,p_eel", "--ci", "delong-logit", "--no-calibration"),
    ("--target", "t_*", "--scores", "s_*", "--level", "0.9"),  # multi-label
    ("--target", "y", "--scores", "p_*", "--weight", "w", "--no-calibration"),  # weighted
]


def same_class_reports(capsys, tmp_path, file, engine, *options, extra=()):
    got = engine_reports(capsys, tmp_path, file, (("memory", ()), (engine, extra)), *options)
    (_, mem), (text, cl) = got["memory"], got[engine]
    for m0, m1 in zip(mem["sections"][0]["models"], cl["sections"][0]["models"]):
        m0 = json.loads(json.dumps(m0))
        for name in ("ovo_macro", "ovo_weighted"):  # one-vs-one averages: --engine memory only (the note says so)
            m0["averages"]["roc_auc"].pop(name, None)
        assert differences(m0, m1, tol=1e-9) == []
    for key in ("task", "n_samples", "labels"):
        assert cl["sections"][0][key] == mem["sections"][0][key]
    assert len(cl["sections"][0]["models"]) == len(mem["sections"][0]["models"])
    assert "the one-vs-one averages, the pairwise comparisons and the calibration section" in text
    assert os.path.getsize(tmp_path / engine / "report.html") > 0
    return text


@pytest.mark.parametrize("fmt, options", zip(["csv", "parquet"] * 2, CLASS_OPTIONS))
def test_dask_engine_multiclass_and_multilabel(capsys, tmp_path, fmt, options):
    pytest.importorskip("distributed")
    same_class_reports(capsys, tmp_path, class_files(tmp_path)[fmt], "dask", *options)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_dask_engine_multiclass_on_a_local_cluster(capsys, tmp_path, local_cluster, fmt):
    file = class_files(tmp_path)[fmt]
    for i, options in enumerate(CLASS_OPTIONS[::2]):
        same_class_reports(
            capsys, tmp_path / str(i), file, "dask", *options, extra=("--scheduler", local_cluster.scheduler_address)
        )


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_spark_engine_multiclass_and_multilabel(capsys, tmp_path, spark_session, fmt):
    import warnings

    file = class_files(tmp_path)[fmt]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        for i, options in enumerate(CLASS_OPTIONS[::2]):
            same_class_reports(capsys, tmp_path / str(i), file, "spark", *options)


@pytest.mark.parametrize(
    "fmt, options", [*zip(["parquet", "csv"] * 2, CLASS_OPTIONS), ("csv", (*CLASS_OPTIONS[0], "--ci", "none"))]
)
def test_outofcore_multiclass_and_multilabel_with_intervals(capsys, tmp_path, fmt, options):
    """The DeLong intervals (macro, weighted and per class) of ``rocauc.outofcore``'s exact pass: the in-memory
    report's to 1e-9 (``--ci auto``, ``delong-logit``; multi-class and multi-label), and none with ``--ci none``."""
    text = same_class_reports(capsys, tmp_path, class_files(tmp_path)[fmt], "outofcore", *options)
    with open(tmp_path / "outofcore" / "report.json") as f:
        model = json.load(f)["sections"][0]["models"][0]
    assert (model["roc_auc_ci"] is None) == ("none" in options)
    assert ("CI (" in text) == ("none" not in options)


@pytest.mark.parametrize(
    "engine, options, message",
    [
        ("outofcore", ("--scores", "p_*", "--ci", "bootstrap"), "--ci bootstrap needs the rows in memory"),
        ("dask", ("--scores", "p_*", "--pos-label", "cat"), "--pos-label names the positive class of a binary"),
        ("dask", ("--scores", "p_*", "--threshold", "0.5"), "--threshold applies to a binary target, but 'y' has"),
    ],
)
def test_what_several_classes_cannot_have_beyond_memory(capsys, tmp_path, engine, options, message):
    if engine == "dask":
        pytest.importorskip("distributed")
    file = class_files(tmp_path)["csv"]
    code, out, err = run(capsys, "report", file, "--target", "y", *options, "--engine", engine)
    assert code == 2 and out == ""
    assert err.startswith("rocauc report: error: ") and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("delimiter, suffix", [(";", ".csv"), ("\t", ".txt")])
def test_outofcore_multiclass_reads_the_delimiter_the_command_line_found(capsys, tmp_path, delimiter, suffix):
    """A ';'- or tab-separated multi-class file: the out-of-core run splits its lines at the delimiter the
    command line detected (as the in-memory reader does), so the report equals the in-memory one."""
    comma = class_files(tmp_path)["csv"]
    with open(comma, newline="") as f:
        rows = list(csv.reader(f))
    file = tmp_path / f"classes-sep{suffix}"
    with open(file, "w", newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    for options in (CLASS_OPTIONS[0], CLASS_OPTIONS[2]):
        same_class_reports(capsys, tmp_path / options[1].strip("*"), file, "outofcore", *options)
