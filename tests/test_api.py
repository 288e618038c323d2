"""The public facade: an explicit, documented __all__ and nothing heavy imported with the core."""

import inspect
import subprocess
import sys

import rocauc


def test_all_is_explicit_and_resolves():
    assert len(rocauc.__all__) == len(set(rocauc.__all__))
    for name in rocauc.__all__:
        obj = getattr(rocauc, name)
        assert inspect.getdoc(obj), f"{name} has no docstring"


def test_public_functions_have_type_hints():
    for name in rocauc.__all__:
        obj = getattr(rocauc, name)
        if inspect.isfunction(obj):
            hints = obj.__annotations__
            assert "return" in hints, f"{name} has no return annotation"


def test_core_import_needs_only_numpy():
    code = (
        "import sys, rocauc; heavy = {'matplotlib', 'keras', 'sklearn', 'torch', 'pandas', 'scipy', 'dask'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
