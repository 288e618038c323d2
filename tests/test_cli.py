"""The rocauc command: reports from CSV, Parquet and .npz files checked against scikit-learn, and one-line errors
(file, column, line; exit status 2) for malformed files."""

import csv
import json
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn import metrics  # noqa: E402

from helpers import parse_table  # noqa: E402
from rocauc.cli import main  # noqa: E402
from rocauc.core.errors import RocaucDeprecationWarning, UndefinedMetricWarning  # noqa: E402

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
# pROC's aSAH data set (public pROC data), vendored under tests/data
ASAH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "aSAH.csv")


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return str(path)


@pytest.fixture(scope="module")
def binary():
    rng = np.random.default_rng(0)
    n = 200
    y = rng.integers(0, 2, n)
    a = np.round(1 / (1 + np.exp(-(rng.normal(size=n) + 2 * (y - 0.5)))), 6)
    b = np.round(1 / (1 + np.exp(-(rng.normal(size=n) + 1 * (y - 0.5)))), 6)
    return y, a, b


@pytest.fixture
def preds(tmp_path, binary):
    y, a, b = binary
    labels = np.where(y == 1, "Poor", "Good")
    return write_csv(tmp_path / "preds.csv", ["outcome", "model_a", "model_b"], zip(labels, a, b))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -------------------------------------------------------------------------------------------------- report


def test_report_csv_prints_the_table_and_writes_the_report(capsys, tmp_path, preds, binary):
    y, a, b = binary
    out_dir = tmp_path / "rep"
    code, out, err = run(
        capsys,
        "report",
        preds,
        "--target",
        "outcome",
        "--score",
        "model_a",
        "--score",
        "model_b",
        "--pos-label",
        "Poor",
        "--out",
        str(out_dir),
    )
    assert code == 0, err
    rows = parse_table(out)
    assert [r["model"] for r in rows] == ["model_a", "model_b"]
    for r, s in zip(rows, [a, b]):
        assert r["ROC AUC"] == f"{metrics.roc_auc_score(y, s):.3f}"
        assert r["AP"] == f"{metrics.average_precision_score(y, s):.3f}"
    assert f"{y.sum()} positive (class 'Poor')" in out
    saved = json.loads((out_dir / "report.json").read_text())
    models = saved["sections"][0]["models"]
    assert models[0]["roc_auc"] == pytest.approx(metrics.roc_auc_score(y, a), abs=1e-12)
    assert (out_dir / "report.html").exists() and len(list(out_dir.glob("*.png"))) >= 2
    assert err.startswith("\nwrote ") and "report.html" in err


def test_glob_names_and_model_option(capsys, preds, binary):
    y, a, b = binary
    code, out, err = run(
        capsys, "report", preds, "--target", "outcome", "--score", "model_*", "--pos-label", "Poor", "--out", ""
    )
    assert code == 0, err
    assert [r["model"] for r in parse_table(out)] == ["model_a", "model_b"]
    code, out, err = run(
        capsys,
        "report",
        preds,
        "--target",
        "outcome",
        "--model",
        "keras=model_a",
        "--model",
        "forest=model_b",
        "--pos-label",
        "Poor",
        "--out",
        "",
        "--threshold",
        "0.4",
    )
    assert code == 0, err
    rows = parse_table(out)
    assert [r["model"] for r in rows] == ["keras", "forest"]
    assert rows[1]["TPR"] == f"{metrics.recall_score(y, b >= 0.4):.3f}"


def test_multiclass_columns_named_after_classes(capsys, tmp_path):
    rng = np.random.default_rng(1)
    n = 240
    names = np.array(["cat", "dog", "bird"])
    y = rng.integers(0, 3, n)
    z = rng.normal(size=(n, 3))
    z[np.arange(n), y] += 1.5
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    # columns in an order that is not the sorted class order: dog, cat, bird
    path = write_csv(
        tmp_path / "multi.csv",
        ["species", "p_dog", "p_cat", "p_bird"],
        [(names[t], r[1], r[0], r[2]) for t, r in zip(y, p)],
    )
    code, out, err = run(capsys, "report", path, "--target", "species", "--scores", "p_*", "--out", "")
    assert code == 0, err
    per_class = parse_table(out[out.index("Per class") :], "class")
    expected = {names[k]: metrics.roc_auc_score(y == k, p[:, k]) for k in range(3)}
    assert [r["class"] for r in per_class] == ["dog", "cat", "bird"]
    assert {r["class"]: r["ROC AUC"] for r in per_class} == {k: f"{v:.3f}" for k, v in expected.items()}
    assert parse_table(out)[0]["macro AUC"] == f"{metrics.roc_auc_score(y, p, multi_class='ovr'):.3f}"


def test_multilabel_target_columns(capsys, tmp_path):
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, (150, 2))
    s = np.round(np.clip(0.6 * rng.random((150, 2)) + 0.4 * y, 0, 1), 5)
    path = write_csv(tmp_path / "tags.csv", ["y_red", "y_blue", "s_red", "s_blue"], [(*t, *r) for t, r in zip(y, s)])
    code, out, err = run(capsys, "report", path, "--target", "y_*", "--model", "tagger=s_red,s_blue", "--out", "")
    assert code == 0, err
    assert parse_table(out)[0]["macro AUC"] == f"{metrics.roc_auc_score(y, s):.3f}"
    assert "labels: y_red, y_blue" in out


def test_parquet_and_npz(capsys, tmp_path, binary):
    import pyarrow as pa
    import pyarrow.parquet as pq

    y, a, b = binary
    path = str(tmp_path / "p.parquet")
    pq.write_table(pa.table({"y": y, "a": a, "b": b, "w": np.arange(len(y)) % 3 + 1.0}), path)
    code, out, err = run(capsys, "report", path, "--target", "y", "--score", "a", "--weight", "w", "--out", "")
    assert code == 0, err
    w = np.arange(len(y)) % 3 + 1.0
    assert parse_table(out)[0]["ROC AUC"] == f"{metrics.roc_auc_score(y, a, sample_weight=w):.3f}"
    probs = np.column_stack([1 - a, a])
    path = str(tmp_path / "p.npz")
    np.savez(path, y_true=y, probs=probs)
    code, out, err = run(capsys, "report", path, "--target", "y_true", "--model", "softmax=probs", "--out", "")
    assert code == 0, err
    assert parse_table(out)[0] == parse_table(out)[0] | {
        "model": "softmax",
        "ROC AUC": f"{metrics.roc_auc_score(y, a):.3f}",
    }


# -------------------------------------------------------------------------------------------------- errors


def error_of(capsys, *argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_missing_columns(capsys, preds):
    msg = error_of(capsys, "report", preds, "--target", "label", "--score", "model_a")
    assert (
        msg == f"rocauc report: error: {preds}: no column 'label' (--target); the columns are 'outcome', "
        "'model_a', 'model_b'"
    )
    msg = error_of(capsys, "report", preds, "--target", "outcome", "--score", "model_c")
    assert msg.endswith("no column 'model_c' (--score); the columns are 'outcome', 'model_a', 'model_b'")
    msg = error_of(capsys, "report", preds, "--target", "outcome", "--scores", "q_*")
    assert msg.endswith("no column matches --scores 'q_*' (columns: 'outcome', 'model_a', 'model_b')")
    msg = error_of(capsys, "report", preds, "--target", "outcome")
    assert "say which columns hold scores with --score COL, --scores GLOB or --model NAME=COLS" in msg


def test_non_numeric_and_non_finite_scores_name_the_line(capsys, tmp_path):
    path = write_csv(tmp_path / "bad.csv", ["y", "s"], [(0, 0.1), (1, 0.9), (1, "high"), (0, 0.2)])
    assert (
        error_of(capsys, "report", path, "--target", "y", "--score", "s")
        == f"rocauc report: error: {path}, column 's', line 4: 'high' is not a number; scores must be numbers"
    )
    path = write_csv(tmp_path / "nan.csv", ["y", "s"], [(0, 0.1), (1, "nan"), (1, 0.5)])
    assert error_of(capsys, "report", path, "--target", "y", "--score", "s").endswith(
        f"{path}, column 's', line 3: 'nan' is not a finite number; remove or fix that row"
    )
    path = write_csv(tmp_path / "gap.csv", ["y", "s"], [(0, 0.1), (1, ""), (1, 0.5)])
    assert error_of(capsys, "report", path, "--target", "y", "--score", "s").endswith(
        f"{path}, column 's', line 3: empty; scores must be numbers"
    )
    path = write_csv(tmp_path / "label.csv", ["y", "s"], [(0, 0.1), ("", 0.3), (1, 0.5)])
    assert error_of(capsys, "report", path, "--target", "y", "--score", "s").endswith(
        f"{path}, column 'y', line 3: missing label (''); drop rows without a label"
    )


def test_empty_header_only_and_ragged_files(capsys, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert (
        error_of(capsys, "report", str(empty), "--target", "y", "--score", "s")
        == f"rocauc report: error: {empty}: the file is empty; it needs a header line and one row per case"
    )
    header = tmp_path / "header.csv"
    header.write_text("y,s\n")
    assert error_of(capsys, "report", str(header), "--target", "y", "--score", "s").endswith(
        "the file has a header but no rows"
    )
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("y,s\n0,0.1\n1,0.8,7\n")
    assert error_of(capsys, "report", str(ragged), "--target", "y", "--score", "s").endswith(
        f"{ragged}, line 3: 3 fields but the header has 2"
    )
    missing = tmp_path / "nope.csv"
    assert error_of(capsys, "report", str(missing), "--target", "y", "--score", "s").endswith(
        f"{missing}: no such file"
    )
    binary_file = tmp_path / "x.csv"
    binary_file.write_bytes(b"\xff\xfe\x00garbage")
    assert "not a UTF-8 text file" in error_of(capsys, "report", str(binary_file), "--target", "y", "--score", "s")


def test_parquet_and_npz_errors_name_the_row(capsys, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = str(tmp_path / "p.parquet")
    pq.write_table(pa.table({"y": [0, 1, 1], "s": ["0.1", "0.9", "x"]}), path)
    assert error_of(capsys, "report", path, "--target", "y", "--score", "s").endswith(
        f"{path}, column 's', row 3: 'x' is not a number; scores must be numbers"
    )
    path = str(tmp_path / "p.npz")
    np.savez(path, y=np.array([0, 1, 1]), s=np.array([0.1, np.inf, 0.3]))
    assert error_of(capsys, "report", path, "--target", "y", "--score", "s").endswith(
        f"{path}, column 's', index 1: inf is not a finite number; remove or fix that row"
    )
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"not parquet")
    assert "not a readable Parquet file" in error_of(capsys, "report", str(bad), "--target", "y", "--score", "s")


def test_option_and_data_errors(capsys, preds, tmp_path):
    assert error_of(capsys, "report", preds, "--target", "outcome", "--model", "keras").endswith(
        "--model 'keras': write NAME=COLUMN or NAME=COL1,COL2,... (a glob works too)"
    )
    assert error_of(
        capsys, "report", preds, "--target", "outcome", "--score", "model_a", "--model", "model_a=model_b"
    ).endswith("two models are named 'model_a'; name them with --model NAME=COLS")
    assert error_of(capsys, "report", preds, "--target", "outcome", "--score", "outcome").endswith(
        "column 'outcome' is the target; it cannot also be a score"
    )
    assert error_of(
        capsys, "report", preds, "--target", "outcome", "--score", "model_a", "--pos-label", "Bad"
    ).endswith("column 'outcome': --pos-label 'Bad' is not one of its values 'Good', 'Poor'")
    # errors from the evaluation itself name the file and the target column
    msg = error_of(capsys, "report", preds, "--target", "outcome", "--score", "model_a")
    assert msg.startswith(
        f"rocauc report: error: {preds}, column 'outcome': the --target column has the labels "
        "['Good', 'Poor']; say which one is the positive class with --pos-label (e.g. --pos-label "
        "'Poor')"
    )
    path = write_csv(tmp_path / "three.csv", ["y", "s"], [(0, 0.1), (1, 0.5), (2, 0.9)])
    assert (
        "the --target column has 3 classes [0, 1, 2] but the scores (--score, --scores or --model) has one"
        in error_of(capsys, "report", path, "--target", "y", "--score", "s")
    )


def test_one_class_is_a_warning_line(capsys, tmp_path):
    path = write_csv(tmp_path / "one.csv", ["y", "s"], [(1, 0.1), (1, 0.5), (1, 0.9)])
    code, out, err = run(capsys, "report", path, "--target", "y", "--score", "s", "--out", "")
    assert code == 0
    assert "rocauc report: warning: only one class is present in y_true" in err
    assert parse_table(out)[0]["ROC AUC"] == "–"


def test_warnings_shown_are_ours_not_third_party_deprecations(capsys, monkeypatch):
    """The demo trains Keras on torch, whose deprecation notices are for developers: the command shows rocauc's own
    warnings (each one line) and leaves other libraries' DeprecationWarnings out."""
    import warnings

    import rocauc.cli as cli

    def fake_report(args):
        warnings.warn("a library's internal deprecation", DeprecationWarning, stacklevel=1)
        warnings.warn("a pending one", PendingDeprecationWarning, stacklevel=1)
        warnings.warn("intervals= is renamed ci=", RocaucDeprecationWarning, stacklevel=1)
        warnings.warn("only one class is present", UndefinedMetricWarning, stacklevel=1)
        return 0

    monkeypatch.setattr(cli, "_report", fake_report)
    code, out, err = run(capsys, "report", "any.csv", "--target", "y", "--score", "s")
    assert code == 0
    assert err.splitlines() == [
        "rocauc report: warning: intervals= is renamed ci=",
        "rocauc report: warning: only one class is present",
    ]


def test_help_shows_examples(capsys):
    for argv in (["--help"], ["report", "--help"], ["compare", "--help"], ["demo", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
        assert "examples:" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["report"])
    assert exc.value.code == 2
    assert "the following arguments are required: FILE, --target" in capsys.readouterr().err


def test_module_entry_point(preds):
    env = dict(os.environ, PYTHONPATH=SRC, MPLBACKEND="Agg")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "rocauc.cli",
            "report",
            preds,
            "--target",
            "outcome",
            "--score",
            "model_a",
            "--pos-label",
            "Poor",
            "--out",
            "",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "model_a" in out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "rocauc.cli", "report", preds, "--target", "nope", "--score", "x"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    # piped into a command that stops reading: no traceback
    cmd = (
        f"{sys.executable} -m rocauc.cli report {preds} --target outcome --score model_a --pos-label Poor "
        "--out '' | head -1"
    )
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.startswith("rocauc report") and "Traceback" not in out.stderr


# -------------------------------------------------------------------------------------------------- compare


def test_compare_needs_two_models(capsys, preds):
    assert error_of(
        capsys, "compare", preds, "--target", "outcome", "--score", "model_a", "--pos-label", "Poor"
    ).endswith("compare needs two or more score columns, got 'model_a'; add --score COL")


def test_compare_reproduces_proc_on_asah(capsys):
    code, out, err = run(
        capsys, "compare", ASAH, "--target", "outcome", "--pos-label", "Poor", "--score", "wfns", "--score", "s100b"
    )
    assert code == 0, err
    aucs = parse_table(out)
    assert [r["model"] for r in aucs] == ["wfns", "s100b"]
    # pROC: auc(outcome ~ wfns) = 0.8237, auc(outcome ~ s100b) = 0.7314
    assert [r["ROC AUC"] for r in aucs] == ["0.824", "0.731"]
    assert list(aucs[0]) == ["model", "ROC AUC", "95% CI (logit-DeLong)"]  # the default, auto: 41 poor outcomes
    rows = parse_table(out[out.index("Pairwise") :], "model A")
    (row,) = rows
    # pROC: roc.test(roc(outcome ~ wfns), roc(outcome ~ s100b)): Z = 2.209, p-value = 0.0272
    assert (row["model A"], row["model B"]) == ("wfns", "s100b")
    assert abs(float(row["z"])) == pytest.approx(2.209, abs=0.01)
    assert float(row["p"]) == pytest.approx(0.0272, abs=1e-4)


ASAH_PAIR = ("--target", "outcome", "--pos-label", "Poor", "--score", "wfns", "--score", "s100b")


@pytest.fixture(scope="module")
def asah():
    with open(ASAH, newline="") as f:
        rows = list(csv.DictReader(f))
    y = np.array([r["outcome"] for r in rows])
    return y, {k: np.array([float(r[k]) for r in rows]) for k in ("wfns", "s100b")}


@pytest.mark.parametrize(
    "options, kwargs, test",
    [
        ((), {}, "paired DeLong"),
        (("--method", "bootstrap", "--resamples", "300", "--seed", "3"), dict(method="bootstrap"), "paired bootstrap"),
        (("--method", "venkatraman", "--resamples", "300"), dict(method="venkatraman"), "Venkatraman permutation"),
        (("--method", "sensitivity", "--at", "0.9", "--resamples", "300"), dict(method="sensitivity", at=0.9), ""),
        (("--method", "specificity", "--at", "0.8", "--resamples", "300"), dict(method="specificity", at=0.8), ""),
        (("--fpr", "0", "0.2", "--standardized"), dict(fpr=(0.0, 0.2), standardized=True), "paired DeLong"),
        (
            ("--tpr", "0.8", "1", "--method", "bootstrap", "--resamples", "300", "--level", "0.9"),
            dict(tpr=(0.8, 1.0), method="bootstrap", level=0.9),
            "paired bootstrap",
        ),
    ],
)
def test_compare_methods_print_what_rocauc_compare_computes(capsys, asah, options, kwargs, test):
    from rocauc import compare
    from rocauc.present.common import fmt

    code, out, err = run(capsys, "compare", ASAH, *ASAH_PAIR, *options)
    assert code == 0, err
    y, scores = asah
    n = int(options[options.index("--resamples") + 1]) if "--resamples" in options else 2000
    seed = int(options[options.index("--seed") + 1]) if "--seed" in options else 0
    table = compare(y, scores, pos_label="Poor", n_resamples=n, random_state=seed, **kwargs)
    (c,) = table.comparisons
    header = next(line for line in out.splitlines() if line.startswith("Pairwise"))
    assert f"Pairwise comparisons of the {c.metric} (" in header and test in header
    if n != 2000 or "--seed" in options:
        assert f"{n} " in header and f"seed {seed}" in header
    (row,) = parse_table(out[out.index("Pairwise") :], "model A")
    assert (row["model A"], row["model B"]) == ("wfns", "s100b")
    assert float(row[c.statistic_name]) == pytest.approx(c.statistic, abs=0.006)
    assert float(row["p"]) == pytest.approx(c.p_value, abs=6e-5)
    assert float(row["p (Holm)"]) == pytest.approx(table.p_adjusted[0], abs=6e-5)
    assert (row["A"], row["B"], row["A - B"]) == (fmt(c.estimate_a), fmt(c.estimate_b), fmt(c.difference.estimate))
    level = kwargs.get("level", 0.95)
    ci = row[f"{round(level * 100)}% CI"]
    if c.method == "venkatraman":
        assert ci == "–"
    else:
        assert ci == f"[{fmt(c.difference.low)}, {fmt(c.difference.high)}]"


@pytest.mark.parametrize(
    "options, message",
    [
        (("--at", "0.9"), "--at applies to --method sensitivity (the fixed specificity) or specificity"),
        (("--method", "bootstrap", "--at", "0.9"), "not to --method bootstrap; leave it out or pick one of those"),
        (
            (
                "--method",
                "sensitivity",
            ),
            "--method sensitivity needs --at X, the specificity at which to compare",
        ),
        (
            (
                "--method",
                "specificity",
            ),
            "--method specificity needs --at X, the sensitivity at which to compare",
        ),
        (("--fpr", "0", "0.2", "--tpr", "0.8", "1"), "--fpr and --tpr each choose the range of a partial AUC"),
        (("--standardized",), "--standardized applies to a partial AUC; add --fpr LO HI or --tpr LO HI"),
        (
            ("--method", "venkatraman", "--tpr", "0.8", "1"),
            "--tpr chooses a partial AUC, which --method delong or bootstrap compares; --method venkatraman takes none",
        ),
        (("--resamples", "100"), "--resamples applies to --method bootstrap, venkatraman, sensitivity or spec"),
        (("--seed", "1"), "--seed applies to --method bootstrap, venkatraman, sensitivity or specificity"),
    ],
)
def test_compare_refuses_option_combinations(capsys, options, message):
    code, out, err = run(capsys, "compare", ASAH, *ASAH_PAIR, *options)
    assert code == 2 and out == ""
    assert err.startswith("rocauc compare: error: ") and message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "options, message",
    [
        (("--fpr", "0", "2"), "argument --fpr: '2': a rate is a number in [0, 1]"),
        (("--method", "sensitivity", "--at", "x"), "argument --at: 'x' is not a number (e.g. 0.9)"),
        (("--method", "bootstrap", "--seed", "-1"), "argument --seed: expected a non-negative integer, got '-1'"),
        (("--method", "bootstrap", "--resamples", "0"), "argument --resamples: expected a positive integer, got '0'"),
    ],
)
def test_compare_option_values_are_checked(capsys, options, message):
    with pytest.raises(SystemExit) as exc:
        main(["compare", ASAH, *ASAH_PAIR, *options])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_compare_library_errors_name_the_option(capsys):
    # one resample is refused by rocauc.compare itself: the message names the CLI option
    code, out, err = run(capsys, "compare", ASAH, *ASAH_PAIR, "--method", "bootstrap", "--resamples", "1")
    assert code == 2 and "--resamples must be an integer >= 2" in err and "n_resamples" not in err
    from rocauc.cli import _cli_words

    assert _cli_words("use method='bootstrap'; pass at=, the specificity (e.g. at=0.9)", "compare") == (
        "use --method bootstrap; pass --at, the specificity (e.g. --at 0.9)"
    )
    assert _cli_words("use method='bootstrap'") == "use method='bootstrap'"  # rocauc report has no --method


def test_model_names_come_from_the_glob_and_threshold_is_checked(capsys, tmp_path):
    from rocauc.cli import _cli_words, _common_name

    assert _common_name(["p_cat", "p_dog"], "p_*") == "p"
    assert _common_name(["cat_prob", "dog_prob"], "*_prob") == "prob"
    assert _common_name(["a", "b"], "a,b") == "model"
    assert _common_name(["x1", "x2"], "*") == "x"
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 60)
    rows = [(t, *rng.dirichlet(np.ones(3))) for t in y]
    path = write_csv(tmp_path / "m.csv", ["y", "p_0", "p_1", "p_2"], rows)
    code, out, err = run(capsys, "report", path, "--target", "y", "--scores", "p_*", "--out", "")
    assert code == 0, err
    assert "\np " in out
    code, out, err = run(capsys, "report", path, "--target", "y", "--scores", "p_*", "--threshold", "0.5", "--out", "")
    assert code == 2 and "--threshold applies to a binary target, but 'y' has 3 classes" in err
    yb = rng.integers(0, 2, 40)
    path = write_csv(tmp_path / "b.csv", ["y", "s"], [(t, v) for t, v in zip(yb, rng.random(40))])
    code, out, err = run(capsys, "report", path, "--target", "y", "--score", "s", "--threshold", "3", "--out", "")
    assert code == 2 and "--threshold 3 is outside the scores of model 's'" in err
    assert (
        _cli_words("pass from_logits=True, or pos_label= (e.g. pos_label=1)")
        == "pass --from-logits, or --pos-label (e.g. --pos-label 1)"
    )


def test_cli_errors_name_cli_options(capsys, tmp_path):
    rng = np.random.default_rng(1)
    y = rng.integers(0, 3, 50)
    rows = [(t, *(rng.random(3) * 5)) for t in y]  # not probabilities
    path = write_csv(tmp_path / "bad.csv", ["y", "s_0", "s_1", "s_2"], rows)
    code, out, err = run(capsys, "report", path, "--target", "y", "--scores", "s_*", "--out", "")
    assert code == 2
    assert "--from-logits" in err and "from_logits=True" not in err and "y_score" not in err


def test_report_names_the_interval_method(capsys):
    args = ("report", ASAH, "--target", "outcome", "--pos-label", "Poor", "--score", "wfns")
    code, out, err = run(capsys, *args)  # default --ci auto: 41 poor outcomes, so logit-DeLong
    assert code == 0, err
    assert list(parse_table(out)[0])[:3] == ["model", "ROC AUC", "95% CI (logit-DeLong)"]
    code, out, err = run(capsys, *args, "--ci", "delong")
    assert code == 0, err
    row = parse_table(out)[0]
    assert list(row)[2] == "95% CI (DeLong)" and row["95% CI (DeLong)"] == "[0.749, 0.899]"  # pROC: 0.7485-0.8988


def test_report_with_an_operating_point_at_an_infinite_threshold(capsys, tmp_path):
    # wfns scored against "Good" has an AUC below 0.5: Youden's J is largest calling no row positive (threshold
    # +inf, JSON null); the report and its figures must still be written
    out_dir = tmp_path / "rep"
    args = ("report", ASAH, "--target", "outcome", "--pos-label", "Good", "--score", "wfns", "--out", str(out_dir))
    code, out, err = run(capsys, *args)
    assert code == 0, err
    model = json.load(open(out_dir / "report.json"))["sections"][0]["models"][0]
    assert model["roc_auc"] == pytest.approx(1 - 0.8237, abs=1e-4)  # pROC's wfns AUC, with the classes swapped
    assert model["operating_point"]["threshold"] is None and model["operating_point"]["tpr"] == 0.0
    assert (out_dir / "report.html").stat().st_size > 0


def test_report_options_are_read_once_from_the_arguments():
    """``ReportOptions.from_args``: every report setting of the command line, 'none' as None, the title naming
    the file; its keywords are :func:`rocauc.report`'s own and give the report of the command line."""
    import inspect

    from rocauc.cli import build_parser
    from rocauc.cli_options import ReportOptions
    from rocauc.present.report_build import report

    parser = build_parser()
    args = parser.parse_args(["report", "dir/preds.csv", "--target", "y", "--score", "a", "--ci", "none"])
    options = ReportOptions.from_args(args)
    assert options == ReportOptions(ci=None, title="rocauc report: preds.csv")
    argv = ["report", "dir/", "--target", "y", "--score", "a", "--level", "0.9", "--threshold", "0.3"]
    argv += ["--ci", "delong-logit", "--band", "pointwise", "--smooth", "binormal", "--title", "T", "--bins", "7"]
    argv += ["--no-calibration", "--pos-label", "yes", "--from-logits", "--chunk-rows", "5"]
    options = ReportOptions.from_args(parser.parse_args(argv))
    assert options == ReportOptions(
        level=0.9,
        ci="delong-logit",
        threshold=0.3,
        pos_label="yes",
        from_logits=True,
        title="T",
        calibration=False,
        calibration_bins=7,
        band="pointwise",
        smooth="binormal",
        chunk_rows=5,
    )
    assert ReportOptions.from_args(parser.parse_args(argv[:6])).title == "rocauc report: dir"
    assert set(options.report_keywords()) <= set(inspect.signature(report).parameters)
    with pytest.raises(AttributeError):
        options.level = 0.5  # frozen: built once, read everywhere
