"""The documentation is tested like the code.

- Every module of the package (found by walking it, so new and moved modules are covered without editing this
  file) runs its docstring examples, and they give what they say.
- Every public name (``rocauc.__all__``, ``rocauc.keras.__all__``, ``rocauc.plot.__all__``) has a numpydoc docstring
  with a runnable example, and the module that defines it runs at least one example (so a typo that turns the
  examples into prose cannot pass silently).
- The API reference page lists every public name; the README and the getting-started page carry the two set-up
  commands verbatim.
"""

import doctest
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import rocauc

ROOT = Path(__file__).resolve().parents[1]
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
OPTIONAL = {
    "rocauc.keras": "keras",
    "rocauc.integrations.keras": "keras",
    "rocauc.plot": "matplotlib",
    "rocauc.present.plots": "matplotlib",
    "rocauc.demo": "keras",
}


def _modules() -> list[str]:
    names = ["rocauc"]
    names += [m.name for m in pkgutil.walk_packages(rocauc.__path__, prefix="rocauc.")]
    return sorted(names)


MODULES = _modules()
PUBLIC_MODULES = ["rocauc", "rocauc.keras", "rocauc.plot"]


def _import(name: str):
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name])
    return importlib.import_module(name)


def _public_objects() -> list[tuple[str, object]]:
    out = []
    for module_name in PUBLIC_MODULES:
        if module_name in OPTIONAL and importlib.util.find_spec(OPTIONAL[module_name]) is None:
            continue
        module = importlib.import_module(module_name)
        out += [(f"{module_name}.{name}", getattr(module, name)) for name in module.__all__]
    return out


def _defining_modules() -> set[str]:
    return {obj.__module__ for _, obj in _public_objects()}


def test_modules_are_found():
    assert {"rocauc", "rocauc.streaming", "rocauc.present.report_model", "rocauc.plot", "rocauc.keras"} <= set(MODULES)
    assert {"rocauc.core.inputs", "rocauc.stats.intervals", "rocauc.integrations.keras"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = _import(name)
    result = doctest.testmod(module, optionflags=FLAGS, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed (see the output above)"
    if name in _defining_modules():
        assert result.attempted > 0, f"{name} defines public names but runs no docstring example"


@pytest.mark.parametrize("qualname, obj", _public_objects(), ids=lambda v: v if isinstance(v, str) else "")
def test_public_docstring_has_summary_and_example(qualname, obj):
    doc = inspect.getdoc(obj)
    assert doc, f"{qualname} has no docstring"
    summary = doc.split("\n\n", 1)[0]
    assert summary.strip() and len(summary.splitlines()) <= 3, f"{qualname}: the summary should be a short paragraph"
    runnable = [e for e in doctest.DocTestParser().get_examples(doc) if not e.options.get(doctest.SKIP)]
    assert runnable, f"{qualname} has no runnable example (>>> lines without '# doctest: +SKIP')"
    # numpydoc sections: every public name has Examples; functions also document Parameters and Returns
    sections = set(re.findall(r"^(\w[\w ]*)\n-{3,}$", doc, flags=re.M))
    needed = {"Examples"} | ({"Parameters", "Returns"} if inspect.isfunction(obj) else set())
    assert needed <= sections, f"{qualname}: numpydoc section(s) {sorted(needed - sections)} missing"


def test_api_reference_lists_every_public_name():
    text = (ROOT / "docs" / "api" / "index.rst").read_text()
    listed = set()
    module = "rocauc"
    for line in text.splitlines():
        m = re.match(r"\.\. currentmodule:: (\S+)", line.strip())
        if m:
            module = m.group(1)
        elif re.fullmatch(r"   [A-Za-z_][A-Za-z0-9_]*", line):
            listed.add(f"{module}.{line.strip()}")
    expected = {f"rocauc.{n}" for n in rocauc.__all__}
    expected |= {f"rocauc.plot.{n}" for n in importlib.import_module("rocauc.plot").__all__}
    keras_all = _keras_all()
    expected |= {f"rocauc.keras.{n}" for n in keras_all}
    assert not expected - listed, f"docs/api/index.rst does not list {sorted(expected - listed)}"
    assert not listed - expected, f"docs/api/index.rst lists names that are not public: {sorted(listed - expected)}"


def _keras_all() -> list[str]:
    # read rocauc.keras.__all__ from the source, so this test runs without keras installed
    source = (ROOT / "src" / "rocauc" / "keras" / "__init__.py").read_text()
    m = re.search(r"__all__ = \[([^\]]*)\]", source)
    assert m, "rocauc/keras/__init__.py has no __all__"
    return re.findall(r"\"([^\"]+)\"", m.group(1))


SETUP_COMMANDS = [
    'pip install -e ".[demo]" && rocauc demo',
    'pip install "torch==2.13.0" -e ".[test]" && KERAS_BACKEND=torch python -m pytest',
]


@pytest.mark.parametrize("page", ["README.md", "docs/getting-started.md"])
def test_setup_commands_are_verbatim(page):
    text = (ROOT / page).read_text()
    for command in SETUP_COMMANDS:
        assert f"```bash\n{command}\n```" in text, f"{page} lost the set-up command {command!r}"


def test_ci_runs_the_test_command_and_builds_the_docs():
    ci = (ROOT / ".ci" / "run").read_text()
    assert '"torch==2.13.0" -e ".[test]" && KERAS_BACKEND=torch python -m pytest' in ci
    assert "python -m sphinx -W --keep-going -b html docs docs/_build/html" in ci


def test_every_guide_page_has_a_title():
    for page in sorted((ROOT / "docs" / "guide").glob("*.md")):
        first = page.read_text().lstrip().splitlines()[0]
        assert first.startswith("# "), f"{page.name} must start with a '# Title' line (it becomes its page title)"
