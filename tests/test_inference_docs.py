"""The docstring examples of the inference modules (partial AUC, bands, smoothing, curve tests, transformed
intervals) run and give what they say."""

import doctest
import importlib

import pytest

MODULES = ["rocauc._partial", "rocauc._bands", "rocauc._smooth", "rocauc._roc_tests", "rocauc._transformed"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
