"""The import layers of the package (DESIGN.md), one subpackage per layer:

- ``rocauc.core`` (the input boundary, counts tables, curves, scores, averaging, policy) imports nothing above it;
- ``rocauc.stats`` imports only the core; ``rocauc.streaming`` only the core;
- ``rocauc.distributed`` (the engine-free partitioned scheme) and ``rocauc.integrations`` (Keras, Dask, Spark,
  files) never import presentation;
- ``rocauc.present`` never calls the input boundary (``normalize``) itself: it reads evaluations and problems
  (``core.policy.as_problem`` is the one entry that normalizes raw scores, once per model);
- the public paths users import (``rocauc.keras``, ``rocauc.plot``, ``rocauc.dask`` ...) are thin re-exports;
- every module is in a layer.
"""

import ast
import pathlib

import pytest

SRC = pathlib.Path(__file__).resolve().parent.parent / "src" / "rocauc"

# layer -> the layers it may import (itself included)
ALLOWED = {
    "core": {"core"},
    "stats": {"core", "stats"},
    "streaming": {"core", "streaming"},
    "distributed": {"core", "stats", "streaming", "distributed"},
    "integrations": {"core", "stats", "streaming", "distributed", "integrations"},
    # the report reads a CrossValidatedRoc (a lazy isinstance check on the result type of rocauc.crossval)
    "present": {"core", "stats", "present", "crossval"},
}
# thin public modules that re-export one layer's names where users import them today
FACADES = {"keras": "integrations", "dask": "integrations", "spark": "integrations", "outofcore": "integrations"}
FACADES |= {"plot": "present"}
# the application layer on top: the public facade, the command line (with its report options, its out-of-core and
# cluster reports), the demo, cross-validation
TOP = {"__init__", "cli", "cli_options", "cli_outofcore", "cli_cluster", "demo", "crossval"}


def _module_name(path: pathlib.Path) -> list[str]:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _modules() -> list[pathlib.Path]:
    return sorted(SRC.rglob("*.py"))


def _layer(path: pathlib.Path) -> str:
    parts = path.relative_to(SRC).parts
    return parts[0] if len(parts) > 1 else pathlib.Path(parts[0]).stem


def _imports(path: pathlib.Path) -> set[str]:
    """The rocauc layers (first component under rocauc) a module imports, at its top or inside functions."""
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = base + (node.module.split(".") if node.module else [])
                if target:
                    found.add(target[0])
                else:  # from . import x (inside rocauc itself)
                    found.update(a.name for a in node.names)
            elif node.module and node.module.startswith("rocauc."):
                found.add(node.module.split(".")[1])
            elif node.module == "rocauc":
                found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("rocauc."))
    return found


def _in(layer: str) -> list[pathlib.Path]:
    return [p for p in _modules() if _layer(p) == layer]


def _ids(p: pathlib.Path) -> str:
    return str(p.relative_to(SRC))


def test_every_module_is_in_a_layer():
    unplaced = {_ids(p) for p in _modules() if _layer(p) not in set(ALLOWED) | set(FACADES) | TOP}
    assert unplaced == set(), "place new modules in a layer (a subpackage) listed in tests/test_layers.py"


def test_the_layers_exist():
    for layer in ALLOWED:
        assert _in(layer), f"rocauc/{layer}/ is empty"
    assert len(_in("core")) >= 10 and len(_in("stats")) >= 10


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below(layer):
    for path in _in(layer):
        above = _imports(path) - ALLOWED[layer] - {"__version__"}
        assert above == set(), f"{_ids(path)} imports {sorted(above)}, above the {layer} layer"


@pytest.mark.parametrize("facade", sorted(FACADES))
def test_public_paths_are_thin_re_exports(facade):
    (path,) = _in(facade)
    assert _imports(path) <= {FACADES[facade]}
    tree = ast.parse(path.read_text())
    defined = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    assert defined == [], f"{_ids(path)} should only re-export names"


@pytest.mark.parametrize("path", _in("present"), ids=_ids)
def test_presentation_never_calls_the_boundary(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("inputs"):
            assert "normalize" not in {a.name for a in node.names}, f"{_ids(path)} imports normalize"
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            assert name != "normalize", f"{_ids(path)} calls normalize (line {node.lineno})"


def _private_names_used_across_modules(tree: ast.AST) -> list[str]:
    """``from .x import _name`` and ``module._name`` on an imported rocauc module: reaching into another module."""
    modules, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("rocauc")):
            for a in node.names:
                if a.name.startswith("_") and not a.name.startswith("__"):
                    found.append(f"{node.module}.{a.name}")
                modules.add(a.asname or a.name)
        elif isinstance(node, ast.Import):
            modules.update((a.asname or a.name).split(".")[-1] for a in node.names if a.name.startswith("rocauc"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
    return found


@pytest.mark.parametrize("path", _in("present"), ids=_ids)
def test_presentation_uses_no_private_name_of_another_module(path):
    assert _private_names_used_across_modules(ast.parse(path.read_text())) == []


def test_the_private_name_check_sees_both_spellings():
    tree = ast.parse("from ..core.decision import _clean\nfrom . import plots as plot\nplot._with_band(1, 2)\n")
    assert _private_names_used_across_modules(tree) == ["core.decision._clean", "plot._with_band (line 3)"]


def test_the_check_reads_relative_imports():
    # the resolver itself: a stats module's `from ..core.counts import ...` is the core layer
    imports = _imports(SRC / "stats" / "delong.py")
    assert imports and imports <= {"core", "stats"} and "core" in imports
    assert "streaming" in _imports(SRC / "distributed" / "partition.py")


def test_package_is_typed():
    assert (SRC / "py.typed").is_file()


def test_importing_rocauc_loads_no_adapter_drawing_or_demo():
    # the integrations, the plots and the demo are imported only when used (and so are their dependencies)
    import subprocess
    import sys

    code = (
        "import sys, rocauc; "
        "print(sorted(m for m in sys.modules if m.startswith(('rocauc.integrations', 'rocauc.distributed', "
        "'rocauc.keras', 'rocauc.plot', 'rocauc.present.plots', 'rocauc.demo', 'rocauc.cli', "
        "'keras', 'matplotlib', 'torch', 'sklearn', 'dask', 'pyspark', 'pandas'))))"
    )
    env = {"PYTHONPATH": str(SRC.parent)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "[]", done.stdout


SCORE_ARGUMENTS = {"y_true": "Labels", "y_score": "Scores", "sample_weight": "Weights"}


def test_public_signatures_use_the_array_aliases():
    import inspect

    import rocauc

    checked = 0
    for name in rocauc.__all__:
        obj = getattr(rocauc, name)
        if not inspect.isfunction(obj):
            continue
        for arg, alias in SCORE_ARGUMENTS.items():
            param = inspect.signature(obj).parameters.get(arg)
            if param is not None:
                assert param.annotation == alias, f"rocauc.{name}({arg}: {param.annotation}) should use {alias}"
                checked += 1
    assert checked > 50


def test_display_constructors_use_the_array_aliases():
    import inspect

    import rocauc.plot

    allowed = {"y_true": {"Labels"}, "y_score": {"Scores", "ModelScores"}, "y_prob": {"ModelScores"}}
    allowed["sample_weight"] = {"Weights"}
    checked = 0
    for name in rocauc.plot.__all__:
        method = getattr(getattr(rocauc.plot, name), "from_predictions", None)
        if method is None:
            continue
        for arg, aliases in allowed.items():
            param = inspect.signature(method).parameters.get(arg)
            if param is not None:
                assert param.annotation in aliases, f"{name}.from_predictions({arg}: {param.annotation})"
                checked += 1
    assert checked >= 20
