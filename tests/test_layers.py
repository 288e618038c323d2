"""The import layers of the package (DESIGN.md): the core imports nothing above it, the statistics import only the
core, and presentation never calls the input boundary (``normalize``) itself: it reads evaluations and problems
(``_policy.as_problem`` is the one entry that normalizes raw scores, once per model)."""

import ast
import pathlib

import pytest

SRC = pathlib.Path(__file__).resolve().parent.parent / "src" / "rocauc"

CORE = {
    "_errors",
    "_validation",
    "_codec",
    "_inputs",
    "_counts",
    "_binning",
    "_curves",
    "_scores",
    "_policy",
    "_averaging",
    "_metrics",
    "_decision",
    "_threads",
    "_ranges",
}
STATS = {
    "_delong",
    "_bootstrap",
    "_stats",
    "_compare",
    "_operating",
    "_evaluation_stats",
    "_gains",
    "_power",
    "_bands",
    "_smooth",
    "_partial",
    "_calibration",
    "_roc_tests",
    "_transformed",
}
PRESENTATION = {"_present", "plot", "report", "cli", "_report_calibration", "_calibration_plots"}
# beyond one machine: the engine-free partitioned scheme and the adapters that move batches (Dask, Spark, files)
DISTRIBUTED = {"_partition", "_engine", "dask", "spark", "outofcore"}


def _imports(module: str) -> set[str]:
    """The rocauc modules a module imports, at its top or inside functions (lazy imports count too)."""
    tree = ast.parse((SRC / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found.update(a.name for a in node.names)
            elif node.module and node.module.startswith("rocauc."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("rocauc."))
    return found


def test_every_module_is_in_a_layer():
    modules = {p.stem for p in SRC.glob("*.py")} - {"__init__"}
    known = CORE | STATS | PRESENTATION | DISTRIBUTED | {"_evaluate", "streaming", "crossval", "keras", "demo"}
    assert modules - known == set(), "place new modules in a layer of tests/test_layers.py"


@pytest.mark.parametrize("module", sorted(DISTRIBUTED))
def test_distributed_modules_never_import_presentation(module):
    assert _imports(module) & PRESENTATION == set()


@pytest.mark.parametrize("module", sorted(CORE))
def test_core_imports_only_core(module):
    assert _imports(module) - CORE == set()


@pytest.mark.parametrize("module", sorted(STATS))
def test_statistics_import_only_core_and_statistics(module):
    assert _imports(module) - CORE - STATS == set()


@pytest.mark.parametrize("module", sorted(PRESENTATION))
def test_presentation_never_calls_the_boundary(module):
    tree = ast.parse((SRC / f"{module}.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("_inputs"):
            assert "normalize" not in {a.name for a in node.names}, f"{module} imports normalize"
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            assert name != "normalize", f"{module} calls normalize (line {node.lineno})"


def test_package_is_typed():
    assert (SRC / "py.typed").is_file()
