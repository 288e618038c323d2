"""The examples in the core modules' docstrings run and give what they say."""

import doctest
import importlib

import pytest

CORE = ["rocauc", "rocauc._counts", "rocauc._curves", "rocauc._scores", "rocauc._inputs", "rocauc._metrics",
        "rocauc._decision", "rocauc._evaluate", "rocauc._policy", "rocauc._averaging"]


@pytest.mark.parametrize("name", CORE)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0  # a module without examples would pass vacuously
