"""The ``rocauc`` command: ``rocauc report``, ``rocauc compare`` and ``rocauc demo``.

Files are CSV (read with the standard library), Parquet (pyarrow) or ``.npz`` (numpy). Bad input stops with one
line on stderr naming the file, the column and, where it applies, the line, and exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import math
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .cli_options import ReportOptions
from .core.errors import RocaucDeprecationWarning

__all__ = ["main", "read_table", "InputError"]


class InputError(Exception):
    """Bad input for the command line: the message is one line naming the file, the column and the line."""


# a number as written in a data file: ASCII digits, an optional sign, decimal point and exponent, or inf/nan words
# (Python's float() also takes "1_000" and non-ASCII digits, which are not numbers in a CSV)
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|infinity|nan)", re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?\d+")


def _parse_float(text: str) -> float:
    if not _NUMBER.fullmatch(text) or not text.isascii():
        raise ValueError(text)
    return float(text)


def _parse_int(text: str) -> int:
    if not _INTEGER.fullmatch(text) or not text.isascii():
        raise ValueError(text)
    return int(text)


# ------------------------------------------------------------------------------------------------ reading


@dataclass
class Table:
    """Columns of a file as raw values, with how to name the place of a row in error messages."""

    path: str
    columns: dict[str, Any]  # name -> list of str (CSV) or numpy array (Parquet, npz)
    n_rows: int
    lines: list[int] | None  # CSV: the file line of each row
    where: str  # "line", "row" or "index"

    def place(self, i: int) -> str:
        if self.lines is not None:
            return f"line {self.lines[i]}"
        return f"row {i + 1}" if self.where == "row" else f"index {i}"

    def names(self) -> list[str]:
        return list(self.columns)

    def select(self, pattern: str, what: str) -> list[str]:
        """Column names matching a name, a comma-separated list or a glob, in file order."""
        names = []
        for part in [p.strip() for p in pattern.split(",") if p.strip()]:
            if any(ch in part for ch in "*?["):
                found = [c for c in self.columns if fnmatch.fnmatchcase(c, part)]
                if not found:
                    raise InputError(f"{self.path}: no column matches {what} {part!r} (columns: {_list(self.names())})")
                names.extend(found)
            elif part in self.columns:
                names.append(part)
            else:
                raise InputError(f"{self.path}: no column {part!r} ({what}); the columns are {_list(self.names())}")
        if not names:
            raise InputError(f"{self.path}: {what} {pattern!r} names no column")
        return list(dict.fromkeys(names))

    def numbers(self, name: str) -> np.ndarray:
        """A numeric column (float64); a value that is not a finite number is an error naming its place."""
        raw = self.columns[name]
        if isinstance(raw, np.ndarray) and raw.dtype.kind in "biuf":
            values = raw.astype(np.float64)
            bad = ~np.isfinite(values)
            if bad.any():
                rows = values.reshape(len(values), -1)
                i = int(np.flatnonzero(~np.isfinite(rows).all(axis=1))[0])
                value = float(rows[i][~np.isfinite(rows[i])][0])
                raise InputError(
                    f"{self.path}, column {name!r}, {self.place(i)}: {value!r} is not a finite "
                    "number; remove or fix that row"
                )
            return values
        out = np.empty(len(raw), dtype=np.float64)
        for i, v in enumerate(raw):
            text = "" if v is None else str(v).strip()
            try:
                x = _parse_float(text)
            except ValueError:
                what = "empty" if text == "" else f"{text!r} is not a number"
                raise InputError(
                    f"{self.path}, column {name!r}, {self.place(i)}: {what}; scores must be numbers"
                ) from None
            if not math.isfinite(x):
                raise InputError(
                    f"{self.path}, column {name!r}, {self.place(i)}: {text!r} is not a finite number; "
                    "remove or fix that row"
                )
            out[i] = x
        return out

    def weights(self, name: str) -> np.ndarray:
        """A column of sample weights: finite numbers >= 0, not all 0; a bad one is an error naming its place."""
        values = self.numbers(name)
        negative = np.flatnonzero(values < 0)
        if negative.size:
            i = int(negative[0])
            raise InputError(
                f"{self.path}, column {name!r} (--weight), {self.place(i)}: negative weight "
                f"{values[i]:g}; sample weights must be >= 0"
            )
        if not (values > 0).any():
            raise InputError(
                f"{self.path}, column {name!r} (--weight): every weight is 0; at least one must be positive"
            )
        return values

    def labels(self, name: str) -> np.ndarray:
        """A label column: integers, else numbers, else strings; an empty value is an error naming its place."""
        raw = self.columns[name]
        if isinstance(raw, np.ndarray) and raw.dtype.kind in "biu":
            return raw
        if isinstance(raw, np.ndarray) and raw.dtype.kind == "f":
            bad = ~np.isfinite(raw)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise InputError(
                    f"{self.path}, column {name!r}, {self.place(i)}: missing label ({float(raw[i])!r}); "
                    "drop rows without a label"
                )
            return raw.astype(np.int64) if np.all(raw == np.round(raw)) else raw
        texts = []
        for i, v in enumerate(raw):
            text = "" if v is None else str(v).strip()
            if text == "" or text.lower() in ("nan", "na", "null", "none"):
                raise InputError(
                    f"{self.path}, column {name!r}, {self.place(i)}: missing label ({text!r}); drop "
                    "rows without a label"
                )
            texts.append(text)
        return _typed(texts)


def _typed(texts: list[str]) -> np.ndarray:
    for cast in (_parse_int, _parse_float):
        try:
            values = [cast(t) for t in texts]
        except ValueError:
            continue
        if cast is _parse_float and all(float(v).is_integer() for v in values):
            return np.array(values, dtype=np.int64)
        return np.array(values)
    return np.array(texts, dtype=object)


def _list(names: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(repr(n) for n in names[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "") if names else "(none)"


def read_table(path: str) -> Table:
    """Read a CSV, Parquet or .npz file into a :class:`Table`."""
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a file")
    lower = path.lower()
    try:
        if lower.endswith(".npz"):
            return _read_npz(path)
        if lower.endswith((".parquet", ".pq")):
            return _read_parquet(path)
        return _read_csv(path)
    except OSError as exc:  # unreadable (permissions), or gone while reading
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc


def _read_csv(path: str) -> Table:
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            sample = f.read(65536)
            if not sample.strip():
                raise InputError(f"{path}: the file is empty; it needs a header line and one row per case")
            f.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel
            reader = csv.reader(f, dialect)
            header = next(reader)
            header = [h.strip() for h in header]
            dupes = sorted({h for h in header if header.count(h) > 1})
            if dupes:
                raise InputError(f"{path}, line 1: repeated column names {_list(dupes)}")
            rows, lines = [], []
            for row in reader:
                if not row or all(not c.strip() for c in row):
                    continue
                if len(row) != len(header):
                    raise InputError(
                        f"{path}, line {reader.line_num}: {len(row)} fields but the header has {len(header)}"
                    )
                rows.append(row)
                lines.append(reader.line_num)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not a UTF-8 text file ({exc.reason} at byte {exc.start}); is it a CSV file?"
        ) from exc
    except csv.Error as exc:
        raise InputError(f"{path}: not a valid CSV file ({exc})") from exc
    if not rows:
        raise InputError(f"{path}: the file has a header but no rows")
    columns = {h: [r[j] for r in rows] for j, h in enumerate(header)}
    return Table(path, columns, len(rows), lines, "line")


def _read_parquet(path: str) -> Table:
    from .core.errors import require

    try:
        pq = require("pyarrow.parquet", "parquet", "reading Parquet files")
    except ImportError as exc:
        raise InputError(f"{path}: {exc}") from exc
    try:
        data = pq.read_table(path)
    except Exception as exc:  # pyarrow raises its own error types
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
    if data.num_rows == 0:
        raise InputError(f"{path}: the file has no rows")
    columns = {}
    for name in data.column_names:
        col = data.column(name)
        try:
            values = col.to_numpy(zero_copy_only=False)
        except Exception:
            values = np.array(col.to_pylist(), dtype=object)
        if values.dtype.kind not in "biuf":
            values = np.array(col.to_pylist(), dtype=object)
        columns[name] = values
    return Table(path, columns, data.num_rows, None, "row")


def _read_npz(path: str) -> Table:
    try:
        with np.load(path, allow_pickle=False) as z:
            columns = {k: z[k] for k in z.files}
    except Exception as exc:
        raise InputError(f"{path}: not a readable .npz file ({exc})") from exc
    if not columns:
        raise InputError(f"{path}: the file holds no arrays")
    lengths = {k: (v.shape[0] if v.ndim else 0) for k, v in columns.items()}
    n = max(lengths.values())
    if n == 0:
        raise InputError(f"{path}: the arrays are empty")
    return Table(path, columns, n, None, "index")


# ------------------------------------------------------------------------------------------------ models


@dataclass
class _Spec:
    """A model named on the command line: its columns and, where they came from one glob, that glob."""

    name: str
    columns: list[str]
    glob: str | None


def _single_glob(pattern: str) -> str | None:
    parts = [p.strip() for p in pattern.split(",") if p.strip()]
    return parts[0] if len(parts) == 1 and any(ch in parts[0] for ch in "*?[") else None


def _models(table: Table, args: argparse.Namespace, targets: list[str]) -> list[_Spec]:
    """The models: ``--score`` one model per column, ``--scores`` one model of several columns, ``--model
    NAME=COLS`` a named model."""
    specs: list[_Spec] = []
    for pattern in args.score or []:
        for col in table.select(pattern, "--score"):
            specs.append(_Spec(col, [col], None))
    for pattern in args.scores or []:
        cols = table.select(pattern, "--scores")
        specs.append(_Spec(_common_name(cols, pattern), cols, _single_glob(pattern)))
    for spec in args.model or []:
        name, sep, cols = spec.partition("=")
        if not sep or not name.strip() or not cols.strip():
            raise InputError(f"--model {spec!r}: write NAME=COLUMN or NAME=COL1,COL2,... (a glob works too)")
        specs.append(_Spec(name.strip(), table.select(cols, f"--model {name.strip()}"), _single_glob(cols)))
    if not specs:
        raise InputError(
            f"{table.path}: say which columns hold scores with --score COL, --scores GLOB or "
            f"--model NAME=COLS (columns: {_list(table.names())})"
        )
    names: set[str] = set()
    for spec in specs:
        overlap = set(spec.columns) & set(targets)
        if overlap:
            raise InputError(f"{table.path}: column {sorted(overlap)[0]!r} is the target; it cannot also be a score")
        if spec.name in names:
            raise InputError(f"{table.path}: two models are named {spec.name!r}; name them with --model NAME=COLS")
        names.add(spec.name)
    return specs


def _scores_of(table: Table, cols: list[str]) -> np.ndarray:
    arrays = [table.numbers(c) for c in cols]
    return arrays[0] if len(arrays) == 1 else np.column_stack([a.reshape(len(a), -1) for a in arrays])


def _common_name(cols: list[str], pattern: str) -> str:
    """The name of a model of several columns: the fixed part of the glob (``'p_*'`` -> ``p``), else the columns'
    common prefix, else ``model`` (``--model NAME=GLOB`` names it explicitly)."""
    if len(cols) == 1:
        return cols[0]
    if "," not in pattern:
        fixed = re.sub(r"\[[^\]]*\]|[*?]", " ", pattern).strip(" _-.")
        fixed = re.sub(r"[ _\-.]*\s[ _\-.]*", "_", fixed)  # a wildcard in the middle joins the fixed parts
        if fixed:
            return fixed
    prefix = os.path.commonprefix(cols).rstrip("_-. ")
    return prefix or "model"


_API_TO_CLI = (
    (r"from_logits=True", "--from-logits"),
    (r"pos_label=(?=\S)", "--pos-label "),
    (r"pos_label=", "--pos-label"),
    (r"\bthreshold=(\.\.\.)?", "--threshold "),
    (r"task='multilabel' with an indicator y_true", "several --target columns (multi-label)"),
    (r"pass it as y_score\[:, 1\]", "pass that column alone with --score"),
    (r"\by_score\b", "the scores (--score, --scores or --model)"),
    (r"\by_true\b", "the --target column"),
    (r"\bsample_weight\b", "the --weight column"),
    (r"operating_point='youden' \(or another criterion\)", "the default operating point (Youden's J)"),
)
# rocauc.compare's arguments, which only ``rocauc compare`` sets (``rocauc report`` has --ci, not --method)
_COMPARE_TO_CLI = (
    (r"\bn_resamples\b", "--resamples"),
    (r"\bmethod='(\w+)'", r"--method \1"),
    (r"\bat=(?=[\w.])", "--at "),
    (r"\bat=", "--at"),
    (r"\bfpr=(?=[\w.(])", "--fpr "),
    (r"\btpr=(?=[\w.(])", "--tpr "),
)


def _cli_words(message: str, command: str = "report") -> str:
    """A library error in the command line's words: argument names become the options that set them."""
    for pattern, replacement in _API_TO_CLI + (_COMPARE_TO_CLI if command == "compare" else ()):
        message = re.sub(pattern, replacement, message)
    return message


def _check_threshold(inp: Inputs, threshold: float | None) -> None:
    """``--threshold`` is the binary decision rule ``score >= threshold``: refuse it for other targets and outside
    the scores' range (where it would predict every case the same way)."""
    if threshold is None:
        return
    classes = np.unique(inp.y) if inp.y.ndim == 1 else None
    if classes is None or classes.size > 2:
        what = f"{classes.size} classes" if classes is not None else f"{inp.y.shape[1]} target columns"
        raise InputError(
            f"{inp.table.path}: --threshold applies to a binary target, but {inp.target!r} has {what}; "
            "leave it out (multi-class decisions take the argmax)"
        )
    for name, scores in inp.models.items():
        if scores.ndim != 1:
            continue
        lo, hi = float(np.nanmin(scores)), float(np.nanmax(scores))
        if not lo <= threshold <= hi:
            raise InputError(
                f"{inp.table.path}: --threshold {threshold:g} is outside the scores of model {name!r} "
                f"({lo:.6g} to {hi:.6g}); every case would get the same prediction"
            )


def _keys(cols: list[str], glob: str | None) -> list[str]:
    """The part of each column name that names its class: what the glob's wildcards matched (the name without
    the glob's fixed prefix and suffix: 'p_*' gives p_cat -> cat), else the name after the common prefix."""
    if glob is not None:
        starts = [i for i, ch in enumerate(glob) if ch in "*?["]
        head = glob[: starts[0]]
        tail_start = max(glob.rfind("*"), glob.rfind("?"), glob.rfind("]")) + 1
        tail = glob[tail_start:]
        return [c[len(head) : len(c) - len(tail)] for c in cols]
    prefix = os.path.commonprefix(cols)
    return [c[len(prefix) :] for c in cols]


def _class_order(table: Table, spec: _Spec, classes: list[Any], what: str) -> list[int] | None:
    """The column of each class (in the order of ``classes``), matched by exact name; None where the columns do
    not name the classes and were listed one by one (their order is then the classes' sorted order). Columns from
    a glob must name every class exactly once: otherwise an error lists the columns and the classes."""
    keys = _keys(spec.columns, spec.glob)
    wanted = [str(c) for c in classes]
    if len(set(keys)) == len(keys) and sorted(keys) == sorted(wanted):
        return [keys.index(k) for k in wanted]
    if spec.glob is None:
        return None
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    problem = (
        f"the names {_list(repeated)} match several columns"
        if repeated
        else "their names after the glob's fixed part do not name each class exactly once"
    )
    raise InputError(
        f"{table.path}: the columns {_list(spec.columns)} matched by {spec.glob!r} cannot be matched to the "
        f"{what} {_list(wanted)}: {problem} (read {_list(keys)}); name the columns after the {what} (e.g. "
        f"{spec.glob.replace('*', wanted[0], 1) if '*' in spec.glob else 'p_' + wanted[0]}) or list them in "
        f"{what[:-2] if what.endswith('es') else what} order with --model NAME=COL1,COL2,..."
    )


@dataclass
class Inputs:
    table: Table
    y: np.ndarray
    models: dict[str, np.ndarray]
    labels: list | None
    weight: np.ndarray | None
    pos_label: Any
    target: str


def _inputs(args: argparse.Namespace) -> Inputs:
    table = read_table(args.file)
    targets = table.select(args.target, "--target")
    if len(targets) == 1:
        y = table.labels(targets[0])
        if y.ndim > 1:
            y = y if y.shape[1] > 1 else y[:, 0]
    else:
        y = np.column_stack([table.labels(t) for t in targets])
    target_text = targets[0] if len(targets) == 1 else ",".join(targets)
    weight = None
    if args.weight:
        (wcol,) = table.select(args.weight, "--weight")[:1]
        weight = table.weights(wcol)
    specs = _models(table, args, targets)
    pos_label = None
    if args.pos_label is not None:
        present = np.unique(y) if y.ndim == 1 else None
        pos_label = _match_label(args.pos_label, [] if present is None else present)
        if present is not None and pos_label not in present.tolist():
            raise InputError(
                f"{table.path}, column {target_text!r}: --pos-label {args.pos_label!r} is not one of its "
                f"values {_list([str(v) for v in present.tolist()])}"
            )
    labels, ordered = _class_columns(table, specs, targets, args.target, np.unique(y).tolist() if y.ndim == 1 else None)
    models = {spec.name: _scores_of(table, cols) for spec, cols in zip(specs, ordered)}
    return Inputs(table, y, models, labels, weight, pos_label, target_text)


def _class_columns(
    table: Table, specs: list[_Spec], targets: list[str], target_option: Any, classes: list | None
) -> tuple[list | None, list[list[str]]]:
    """(the ``labels`` of the report, or None for the classes' sorted order; each model's score columns in that
    order). ``classes``: the sorted classes of a single target, None for several target columns (multi-label).
    The column of each class is matched by name; the classes are then listed in the first such model's column
    order."""
    labels = None
    if classes is None:
        labels = targets
        classes, what = _keys(targets, _single_glob(target_option)) if len(targets) > 1 else targets, "labels"
    else:
        what = "classes"
    columns_of = {}
    for spec in specs:
        if len(spec.columns) > 1 and (what == "labels" or len(spec.columns) == len(classes) or spec.glob is not None):
            order = _class_order(table, spec, classes, what)
            if order is not None:
                columns_of[spec.name] = order
    ranked = list(range(len(classes)))
    if what == "classes" and columns_of:
        first = next(iter(columns_of.values()))
        ranked = sorted(ranked, key=lambda j: first[j])
        if ranked != sorted(ranked):
            labels = [classes[j] for j in ranked]
    ordered = [
        [spec.columns[columns_of[spec.name][j]] for j in ranked] if spec.name in columns_of else spec.columns
        for spec in specs
    ]
    return labels, ordered


def _match_label(text: str, present: Any) -> Any:
    """The target value written as ``text`` (labels are typed: 1 matches the integer 1)."""
    for v in list(present):
        if str(v) == text:
            return v.item() if isinstance(v, np.generic) else v
    return text


# ------------------------------------------------------------------------------------------------ commands


def _check_out(out: str) -> None:
    """The --out folder: an existing folder, or a path whose nearest existing parent is a writable folder."""
    if os.path.exists(out) and not os.path.isdir(out):
        raise InputError(
            f"--out {out!r}: a file of that name exists; --out names a folder for the report (pass a "
            "new folder name, or '' to write none)"
        )
    parent = os.path.abspath(out)
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        raise InputError(f"--out {out!r}: {parent!r} is a file, so the folder cannot be created there")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"--out {out!r}: {parent!r} is not writable; pass a folder you can write to")


def _report(args: argparse.Namespace) -> int:
    from .present.report_build import report

    if args.out:
        _check_out(args.out)
    options = ReportOptions.from_args(args)
    engine = _engine_of(args, options)
    if engine != "memory":
        return _report_at_scale(args, engine, options)
    inp = _inputs(args)
    _check_threshold(inp, options.threshold)
    try:
        rep = report(
            inp.y,
            inp.models,
            sample_weight=inp.weight,
            pos_label=inp.pos_label,
            labels=inp.labels,
            **options.report_keywords(),
        )
    except (ValueError, TypeError) as exc:
        raise InputError(f"{inp.table.path}, column {inp.target!r}: {_cli_words(str(exc))}") from exc
    print(rep.to_text(), end="")
    if args.out:
        _save(rep, args.out)
    return 0


# ------------------------------------------------------------------------------------------------ at scale

AUTO_BYTES = 128 << 20  # --engine auto: files from this size (and Parquet folders) are read out of core
_ENGINE_EXTRAS = {"dask": ("distributed", "dask"), "spark": ("pyspark", "spark")}  # engine: (module, extra)


def _is_parquet(path: str) -> bool:
    return os.path.isdir(path) or path.lower().endswith((".parquet", ".pq"))


def _engine_of(args: argparse.Namespace, options: ReportOptions) -> str:
    """The engine of ``rocauc report``: ``--engine``, or by the input's size (``auto``); options the engine
    cannot honour stop here with one line naming them."""
    engine = args.engine
    path = args.file
    if args.scheduler is not None and engine != "dask":
        raise InputError(f"--scheduler {args.scheduler!r} names a Dask scheduler; it goes with --engine dask")
    if engine == "auto":
        if not os.path.exists(path):
            raise InputError(f"{path}: no such file")
        big = os.path.isdir(path) or os.path.getsize(path) >= AUTO_BYTES
        engine = "outofcore" if big and not path.lower().endswith(".npz") else "memory"
    if engine == "memory":
        return engine
    option = f"--engine {args.engine}" if args.engine != "auto" else f"{path} (a folder or a large file: out of core)"
    if path.lower().endswith(".npz"):
        raise InputError(f"{option} reads CSV or Parquet files; .npz files are read in memory (--engine memory)")
    refused = (  # (option, given, why it needs every row in one place, what the engine takes instead)
        (
            "--ci bootstrap",
            options.ci == "bootstrap",
            "it resamples the rows thousands of times",
            "DeLong-based intervals (--ci auto, delong, delong-logit or none)",
        ),
        ("--band", options.band is not None, "its bootstrap resamples the rows", "no bootstrap bands"),
        (
            "--smooth",
            options.smooth is not None,
            "the smoothed curve is fitted to every score",
            "the empirical curves (no smoothing)",
        ),
    )
    for name, given, why, takes in refused:
        if given:
            raise InputError(
                f"{name} needs the rows in memory ({why}); {option} takes {takes} (or use --engine memory)"
            )
    if engine in _ENGINE_EXTRAS:
        from .core.errors import require

        try:
            require(*_ENGINE_EXTRAS[engine], f"--engine {engine}")
        except ImportError as exc:
            raise InputError(str(exc)) from None
    return engine


def _schema(path: str, csv_file: bool, delimiter: str | None) -> Table:
    """The columns of a large file (their names only), for the column options and their messages."""
    from .integrations import outofcore

    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if csv_file:  # the header line only (pyarrow would parse a whole first block)
        with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
            header = next(csv.reader(f, delimiter=delimiter or ","), [])
        return Table(path, dict.fromkeys(h.strip() for h in header), 0, None, "line")
    try:
        _, _, names = outofcore._reader(path, [], 1 << 16, csv=csv_file, delimiter=delimiter)
    except ImportError as exc:
        raise InputError(f"{path}: {exc}") from exc
    except Exception as exc:  # pyarrow raises its own error types
        kind = "CSV" if csv_file else "Parquet"
        raise InputError(f"{path}: not a readable {kind} file ({str(exc).strip().splitlines()[0]})") from exc
    return Table(path, dict.fromkeys(names), 0, None, "row")


def _sniff(path: str) -> str:
    """The delimiter of a CSV file, as the in-memory reader finds it."""
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        sample = f.read(65536)
    if not sample.strip():
        raise InputError(f"{path}: the file is empty; it needs a header line and one row per case")
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _report_at_scale(args: argparse.Namespace, engine: str, options: ReportOptions) -> int:
    """``rocauc report`` out of core (``outofcore``) or on a cluster (``dask``, ``spark``): binary models (one
    score column each) get the whole report; multi-class and multi-label ones its main table."""
    path = args.file
    csv_file = not _is_parquet(path)
    delimiter = _sniff(path) if csv_file and os.path.isfile(path) else None
    table = _schema(path, csv_file, delimiter)
    targets = table.select(args.target, "--target")
    specs = _models(table, args, targets)
    weight = table.select(args.weight, "--weight")[0] if args.weight else None
    several = len(targets) > 1 or any(len(spec.columns) > 1 for spec in specs)
    if several:
        _check_several_classes(path, targets, options)
    elif engine == "outofcore" and weight is not None:
        raise InputError(
            "--weight: --engine outofcore reads the rows of binary models unweighted; use --engine dask (its "
            "threaded scheduler runs on this machine) or --engine memory"
        )

    def order(classes: list | None) -> tuple[list | None, dict]:
        labels, ordered = _class_columns(table, specs, targets, args.target, classes)
        return labels, {spec.name: cols for spec, cols in zip(specs, ordered)}

    models = {spec.name: spec.columns[0] for spec in specs}
    reading: dict[str, Any] = {"csv": csv_file, "delimiter": delimiter}  # how the file is read
    try:
        if engine == "outofcore":
            from .cli_outofcore import file_class_report, file_report

            if several:
                rep = file_class_report(path, targets, order, options=options, weight=weight, **reading)
            else:
                rep = file_report(path, targets[0], models, options=options, **reading)
        else:
            from .cli_cluster import cluster_class_report, cluster_report

            reading |= {"scheduler": args.scheduler, "weight": weight}
            if several:
                rep = cluster_class_report(engine, path, targets, order, options=options, **reading)
            else:
                rep = cluster_report(engine, path, targets[0], models, options=options, **reading)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    print(rep.to_text(), end="")
    if args.out:
        _save(rep, args.out)
    return 0


def _check_several_classes(path: str, targets: list[str], options: ReportOptions) -> None:
    """The options of a binary target, refused for multi-class models (a score column per class) and multi-label
    ones (several ``--target`` columns) beyond memory."""
    if options.pos_label is not None:
        raise InputError(
            f"--pos-label names the positive class of a binary target; {path}'s models score several "
            "classes (one column each)"
        )
    if options.threshold is not None:
        what = f"{len(targets)} target columns" if len(targets) > 1 else "several classes (a score column each)"
        raise InputError(
            f"{path}: --threshold applies to a binary target, but {','.join(targets)!r} has {what}; leave it "
            "out (multi-class decisions take the argmax)"
        )


def _save(rep: Any, out: str) -> None:
    try:
        paths = rep.save(out)
    except OSError as exc:
        raise InputError(
            f"--out {out!r}: cannot write the report ({exc.strerror or exc}); pass a folder you can write to"
        ) from exc
    except ImportError as exc:
        os.makedirs(out, exist_ok=True)
        rep.to_json(os.path.join(out, "report.json"))
        with open(os.path.join(out, "report.txt"), "w", encoding="utf-8") as f:
            f.write(rep.to_text())
        print(
            f"\nwrote {os.path.join(out, 'report.json')} and report.txt; the HTML report and plots need "
            f"matplotlib ({exc})",
            file=sys.stderr,
        )
        return
    pngs = sum(1 for p in paths.values() if p.endswith(".png"))
    print(f"\nwrote {paths['html']} (and {pngs} PNG plots, report.json, report.txt in {out})", file=sys.stderr)


_SAMPLING_METHODS = ("bootstrap", "venkatraman", "sensitivity", "specificity")
_TEST_NAMES = {
    "delong": "DeLong",
    "bootstrap": "bootstrap",
    "venkatraman": "Venkatraman permutation test",
    "sensitivity": "bootstrap test",
    "specificity": "bootstrap test",
}


def _check_compare_options(args: argparse.Namespace) -> None:
    """The combinations of ``rocauc compare``'s test options that make no sense, refused in the options' words."""
    at_method = args.method in ("sensitivity", "specificity")
    if args.at is not None and not at_method:
        raise InputError(
            f"--at applies to --method sensitivity (the fixed specificity) or specificity (the fixed sensitivity), "
            f"not to --method {args.method}; leave it out or pick one of those"
        )
    if at_method and args.at is None:
        fixed = "specificity" if args.method == "sensitivity" else "sensitivity"
        raise InputError(f"--method {args.method} needs --at X, the {fixed} at which to compare (e.g. --at 0.9)")
    if args.fpr is not None and args.tpr is not None:
        raise InputError("--fpr and --tpr each choose the range of a partial AUC; pass one of them, not both")
    partial = "--fpr" if args.fpr is not None else "--tpr" if args.tpr is not None else None
    if args.standardized and partial is None:
        raise InputError("--standardized applies to a partial AUC; add --fpr LO HI or --tpr LO HI")
    if partial and args.method not in ("delong", "bootstrap"):
        raise InputError(
            f"{partial} chooses a partial AUC, which --method delong or bootstrap compares; --method {args.method} "
            "takes none"
        )
    if args.method not in _SAMPLING_METHODS:
        for option, value in (("--resamples", args.resamples), ("--seed", args.seed)):
            if value is not None:
                raise InputError(
                    f"{option} applies to --method {', '.join(_SAMPLING_METHODS[:-1])} or {_SAMPLING_METHODS[-1]}; "
                    f"--method {args.method} draws no resamples"
                )


def _compare(args: argparse.Namespace) -> int:
    _check_compare_options(args)
    inp = _inputs(args)
    if len(inp.models) < 2:
        raise InputError(
            f"{inp.table.path}: compare needs two or more score columns, got {_list(list(inp.models))}; add --score COL"
        )
    from .present.common import fmt, fmt_interval, level_text, span_of
    from .present.report_build import report
    from .present.report_model import Section
    from .present.report_text import fmt_p as _fmt_p
    from .present.report_text import model_rows
    from .present.report_text import table as _table
    from .stats.compare import compare

    where = f"{inp.table.path}, column {inp.target!r}"
    try:
        rep = report(
            inp.y,
            inp.models,
            sample_weight=inp.weight,
            pos_label=inp.pos_label,
            labels=inp.labels,
            from_logits=args.from_logits,
            level=args.level,
            random_state=0,
            compare=False,
            title="comparison",
        )
    except (ValueError, TypeError) as exc:
        raise InputError(f"{where}: {_cli_words(str(exc))}") from exc
    section = rep.sections[0]
    assert isinstance(section, Section)  # a comparison report, not a cross-validation one
    sampled = args.method in _SAMPLING_METHODS
    resamples = args.resamples if args.resamples is not None else 2000
    seed = args.seed if args.seed is not None else 0
    try:
        # the models' problems as the report normalized them: compare reads them without normalizing again
        table = compare(
            None,
            {m.name: m.problem for m in section.models},
            method=args.method,
            level=args.level,
            fpr=args.fpr,
            tpr=args.tpr,
            standardized=args.standardized,
            at=args.at,
            n_resamples=resamples,
            random_state=seed,
            progress=False,
        )
    except (ValueError, TypeError) as exc:
        raise InputError(f"{where}: {_cli_words(str(exc), 'compare')}") from exc
    headers, rows = model_rows(section)
    keep = [j for j, h in enumerate(headers) if h in ("model", "ROC AUC", "macro AUC") or "CI" in h]
    lines = _table([headers[j] for j in keep], [[r[j] for j in keep] for r in rows])
    first = table.comparisons[0]
    design = "paired" if first.paired else "unpaired"
    test = f"{design} {_TEST_NAMES[args.method]}"
    if sampled:
        test += f", {resamples} {'permutations' if args.method == 'venkatraman' else 'resamples'}, seed {seed}"
    lines += ["", f"Pairwise comparisons of the {first.metric} ({test}; p-values adjusted by Holm's method):"]
    cmp_headers = ["model A", "model B", "A", "B", "A - B", f"{level_text(args.level)} CI", first.statistic_name]
    cmp_headers += ["p", "p (Holm)"]
    cmp_rows = [
        [
            c.name_a,
            c.name_b,
            fmt(c.estimate_a),
            fmt(c.estimate_b),
            fmt(c.difference.estimate),
            fmt_interval(span_of(c.difference)) or "–",
            fmt(c.statistic, 2),
            _fmt_p(c.p_value),
            _fmt_p(p),
        ]
        for c, p in zip(table.comparisons, table.p_adjusted)
    ]
    lines += _table(cmp_headers, cmp_rows, left=2)
    print("\n".join(lines))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    run_demo(out=args.out, quick=args.quick)
    return 0


# ------------------------------------------------------------------------------------------------ parser


_REPORT_EXAMPLES = """\
examples:
  rocauc report preds.csv --target label --score model_a --score model_b
  rocauc report preds.csv --target y --score 'prob_*' --out my-report          (one model per matching column)
  rocauc report preds.csv --target species --scores 'p_*'                       (one multi-class model: p_cat, p_dog...)
  rocauc report preds.parquet --target outcome --model keras=p1 --model forest=p2 --pos-label Poor
  rocauc report preds.npz --target y_true --model softmax=probs
  rocauc report preds/ --target y --score 'model_*'                     (a Parquet folder, read out of core)
  rocauc report big.csv --target y --score model_a --engine outofcore   (any size, bounded memory)
  rocauc report big.parquet --target y --score model_a --engine dask --scheduler tcp://host:8786

columns: --score COL gives one model per column (a glob or a comma list gives several models); --scores COLS gives
ONE model whose columns are per-class scores (softmax outputs, or one column per label with --target A,B,C for
multi-label). The classes of per-class columns are read from their names after the common prefix (p_cat -> cat)
when they name every class, else taken in sorted order.
"""

_COMPARE_EXAMPLES = """\
examples:
  rocauc compare preds.csv --target label --score model_a --score model_b
  rocauc compare aSAH.csv --target outcome --pos-label Poor --score s100b --score wfns --score ndka
  rocauc compare aSAH.csv --target outcome --pos-label Poor --score wfns --score s100b --method bootstrap --seed 1
  rocauc compare aSAH.csv --target outcome --pos-label Poor --score wfns --score s100b --fpr 0 0.2 --standardized
  rocauc compare aSAH.csv --target outcome --pos-label Poor --score wfns --score s100b --method sensitivity --at 0.9
"""


def _add_inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="CSV, Parquet (.parquet, needs pyarrow; a folder of them) or .npz file")
    p.add_argument(
        "--target",
        required=True,
        metavar="COL",
        help="the column of true labels (several columns, comma-separated or a glob: multi-label)",
    )
    p.add_argument(
        "--score",
        action="append",
        metavar="COL",
        help="a score column: one model per column (repeat it; globs allowed)",
    )
    p.add_argument(
        "--scores", action="append", metavar="GLOB", help="the per-class score columns of one model (e.g. 'p_*')"
    )
    p.add_argument(
        "--model",
        action="append",
        metavar="NAME=COLS",
        help="a named model: one score column, or per-class columns (comma-separated or a glob)",
    )
    p.add_argument("--pos-label", metavar="X", help="the positive class of a binary target")
    p.add_argument("--weight", metavar="COL", help="a column of sample weights")
    p.add_argument("--from-logits", action="store_true", help="the scores are logits (softmax applied for multi-class)")
    p.add_argument("--level", type=_level, default=0.95, help="confidence level (default 0.95)")


def _level(text: str) -> float:
    """argparse type of --level: a number in (0, 1)."""
    from .core import validation as _validation

    try:
        return _validation.level(_parse_float(text.strip()))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r}: {exc}" if str(exc) != text.strip() else f"{text!r} is not a number (e.g. 0.95)"
        ) from None


def _threshold(text: str) -> float:
    """argparse type of --threshold: a number, not NaN."""
    from .core import validation as _validation

    try:
        return _validation.threshold(_parse_float(text.strip()))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r}: {exc}" if str(exc) != text.strip() else f"{text!r} is not a number (e.g. 0.5)"
        ) from None


def _rate(text: str) -> float:
    """argparse type of --at, --fpr and --tpr: a number in [0, 1]."""
    try:
        value = _parse_float(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number (e.g. 0.9)") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r}: a rate is a number in [0, 1]")
    return value


def _seed(text: str) -> int:
    """argparse type of --seed: a non-negative integer."""
    try:
        value = _parse_int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rocauc",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Evaluate classifiers from their scores: ROC and precision-recall curves, AUC with intervals, "
        "paired comparisons, reports.",
        epilog="examples:\n  rocauc demo\n  rocauc report preds.csv --target label --score model_a --score model_b\n"
        "  rocauc compare preds.csv --target label --score model_a --score model_b\n\n"
        "`rocauc COMMAND --help` explains each command.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser(
        "report",
        help="print the evaluation table and write an HTML/PNG/JSON report",
        description="Print the evaluation table of one or several classifiers' scores and write the "
        "report (HTML with plots, PNGs, JSON).",
        epilog=_REPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_inputs(p)
    p.add_argument(
        "--threshold",
        type=_threshold,
        help="the binary operating point (default: chosen by Youden's J where available, else 0.5 for probabilities)",
    )
    p.add_argument(
        "--ci",
        choices=("auto", "delong", "delong-logit", "bootstrap", "none"),
        default="auto",
        help="AUC interval method (default auto: logit-DeLong when the smaller class has fewer than "
        "100 samples, else DeLong; the table names the one used)",
    )
    p.add_argument(
        "--band",
        choices=("pointwise", "simultaneous", "none"),
        default="none",
        help="shade a bootstrap confidence band around each binary ROC and PR curve, with the sensitivity at "
        "specificities 0.95/0.9/0.8 and the precision at recalls 0.5/0.8 and their band in a table (default none)",
    )
    p.add_argument(
        "--smooth",
        choices=("binormal", "density"),
        default=None,
        help="also smooth each binary ROC curve (binormal fit or kernel density, as pROC's smooth): drawn over "
        "the empirical curve, its AUC in the table",
    )
    p.add_argument("--title", help="the report's title")
    p.add_argument(
        "--no-calibration",
        dest="calibration",
        action="store_false",
        help="leave out the calibration and gains section (reliability diagram, ECE, Brier score, "
        "slope; KS, gains and lift), which is on by default, as in Python's rocauc.report",
    )
    p.add_argument(
        "--bins",
        type=_positive_int,
        default=10,
        metavar="N",
        help="number of uniform probability bins of the calibration section (default 10)",
    )
    p.add_argument(
        "--out",
        default="rocauc-report",
        metavar="DIR",
        help="folder for report.html, the PNG plots and report.json (default rocauc-report; '' for none)",
    )
    p.add_argument(
        "--engine",
        choices=("auto", "memory", "outofcore", "dask", "spark"),
        default="auto",
        help="where the report is computed: memory; outofcore (a CSV or Parquet file or folder larger than "
        "memory, read in batches); dask or spark (on a cluster); default auto: out of core for Parquet folders "
        f"and files from {AUTO_BYTES >> 20} MiB, else in memory",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the address of a running Dask scheduler (tcp://host:8786); default: Dask's "
        "threaded scheduler in this process",
    )
    p.add_argument(
        "--chunk-rows",
        type=_positive_int,
        default=1 << 20,
        metavar="N",
        help="out of core: rows per Parquet batch and per pass chunk (default 1048576)",
    )
    p.set_defaults(run=_report)
    p = sub.add_parser(
        "compare",
        help="paired comparison (DeLong, bootstrap, Venkatraman, sensitivity, specificity) of score columns",
        description="Paired comparison of two or more score columns on the same cases (DeLong's test of the "
        "AUCs by default; --method chooses another test, --fpr/--tpr a partial AUC), with Holm-adjusted p-values.",
        epilog=_COMPARE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_inputs(p)
    p.add_argument(
        "--method",
        choices=("delong", "bootstrap", "venkatraman", "sensitivity", "specificity"),
        default="delong",
        help="the test: DeLong's (default) or a paired bootstrap of the AUCs; Venkatraman's permutation test of "
        "the whole ROC curves; the sensitivities at a specificity or the specificities at a sensitivity (--at)",
    )
    p.add_argument(
        "--at",
        type=_rate,
        metavar="X",
        help="the fixed specificity (--method sensitivity) or sensitivity (--method specificity), e.g. 0.9",
    )
    p.add_argument(
        "--fpr",
        nargs=2,
        type=_rate,
        metavar=("LO", "HI"),
        help="compare the partial AUCs over this false positive rate range (1 - specificity), e.g. --fpr 0 0.2",
    )
    p.add_argument(
        "--tpr",
        nargs=2,
        type=_rate,
        metavar=("LO", "HI"),
        help="compare the partial AUCs over this true positive rate (sensitivity) range, e.g. --tpr 0.8 1",
    )
    p.add_argument(
        "--standardized", action="store_true", help="McClish's standardized partial AUC (with --fpr or --tpr)"
    )
    p.add_argument(
        "--resamples",
        type=_positive_int,
        metavar="N",
        help="bootstrap resamples or permutations of the sampling methods (default 2000)",
    )
    p.add_argument("--seed", type=_seed, metavar="N", help="seed of the resamples (default 0)")
    p.set_defaults(run=_compare)
    p = sub.add_parser(
        "demo",
        help="train Keras and scikit-learn classifiers on built-in data and report",
        description="The classic ROC tutorial end to end on scikit-learn's make_classification data: "
        "a Keras binary classifier against a random forest (ROC with a zoomed inset, AUCs "
        "and intervals), a Keras 3-class softmax classifier (per-class, micro and macro "
        "ROC), 5-fold cross-validated ROC; prints the summary and writes the report.",
        epilog="examples:\n  rocauc demo\n  rocauc demo --out demo-report\n  rocauc demo --quick",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--out", default="rocauc-report", metavar="DIR", help="folder for the report (default rocauc-report)"
    )
    p.add_argument("--quick", action="store_true", help="a tiny configuration (seconds; for smoke tests)")
    p.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``rocauc`` console script; returns the exit status."""
    import warnings

    parser = build_parser()
    args = parser.parse_args(argv)

    def show(message: Warning | str, category: type, *_: Any, **__: Any) -> None:
        print(f"rocauc {args.command}: warning: {message}", file=sys.stderr)

    try:
        with warnings.catch_warnings():
            # every warning is one line on stderr, whatever filters are set, except other libraries' deprecation
            # notices (Keras and torch emit them while the demo trains): they are for developers, not users
            warnings.simplefilter("default")
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
            warnings.filterwarnings("default", category=RocaucDeprecationWarning)
            warnings.showwarning = show
            return args.run(args)
    except InputError as exc:
        print(f"rocauc {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"rocauc {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the output was piped into a command that stopped reading (| head)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
