"""The compiled loops of the exact float32 AUC (core/_kernels.c): built in CI, equal to the numpy loops and to the
pair count for any scores, ties and number of threads, and safe against arguments that do not match."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reference import pair_auc
from rocauc.core import counts as _counts
from rocauc.core import kernels as _kernels
from rocauc.core import ranges as _ranges

module = _kernels.compiled()


def test_the_compiled_module_is_built():
    # setup.py builds it with the package (pip install -e . on a machine with a C compiler, as CI's)
    assert module is not None, (
        "rocauc.core._kernels is not built next to this source tree: run `python setup.py build_ext --inplace` "
        "(or pip install -e .) with a C compiler"
    )


def _numpy_auc(monkeypatch, y, s, threads):
    monkeypatch.setenv(_kernels.ENV, "numpy")
    try:
        return _ranges.rank_auc(y, s, threads=threads)
    finally:
        monkeypatch.delenv(_kernels.ENV)


scores = st.one_of(
    arrays(np.float32, st.integers(2, 300), elements=st.floats(-4, 4, width=32)),
    arrays(np.float32, st.integers(2, 300), elements=st.sampled_from([-1.5, -0.0, 0.0, 1e-30, 0.25, 0.5, 1.0])),
    arrays(np.float32, st.integers(2, 300), elements=st.floats(0, 1, width=32)),
)


@given(scores, st.integers(0, 2**32 - 1), st.integers(1, 6))
def test_compiled_equals_numpy_and_pair_count(s, seed, threads):
    import os

    rng = np.random.default_rng(seed)
    y = rng.random(s.size) < rng.uniform(0.05, 0.95)
    assume(0 < y.sum() < y.size)
    compiled = _ranges.rank_auc(y, s, threads=threads)
    os.environ[_kernels.ENV] = "numpy"
    try:
        numpy_value = _ranges.rank_auc(y, s, threads=threads)
    finally:
        del os.environ[_kernels.ENV]
    assert compiled == numpy_value  # the same integers
    assert compiled == pytest.approx(pair_auc(y, s), abs=1e-12)


@pytest.mark.parametrize("threads", [2, 3, 8])
def test_large_inputs_with_ties_at_the_cuts(monkeypatch, threads):
    # more rows than the sample that places the cuts, most of them tied on a few values
    rng = np.random.default_rng(threads)
    n = 200_000
    s = np.where(rng.random(n) < 0.6, np.float32(0.5), rng.random(n).astype(np.float32))
    s[::7] = -0.0
    y = rng.random(n) < 0.3
    compiled = _ranges.rank_auc(y, s, threads=threads)
    assert compiled == _numpy_auc(monkeypatch, y, s, threads)
    from sklearn.metrics import roc_auc_score

    assert compiled == pytest.approx(roc_auc_score(y, s), abs=1e-12)


@given(arrays(np.float32, st.integers(1, 200), elements=st.floats(-2, 2, width=32)), st.integers(0, 2**32 - 1))
def test_pack_and_count_equal_the_numpy_keys(s, seed):
    y = np.random.default_rng(seed).random(s.size) < 0.5
    keys = _counts.packed_keys(y, s)
    assume(keys.dtype == np.uint32)
    low = int(_counts._ordered_uint32(np.array([s.min()], np.float32))[0])
    out = np.empty(s.size, np.uint32)
    module.pack(s, y.view(np.uint8), out, low, [], [0], [s.size])
    np.testing.assert_array_equal(out, keys)
    keys.sort()
    assert module.count(keys) == tuple(int(v) for v in _counts.rank_counts(keys))


def test_arguments_that_do_not_match_raise_instead_of_writing_out_of_bounds():
    s = np.array([0.1, 0.9, 0.5, 0.7], np.float32)
    y = np.array([0, 1, 0, 1], np.uint8)
    low = int(_counts._ordered_uint32(np.array([s.min()], np.float32))[0])
    cut = [int(_counts._ordered_uint32(np.array([0.6], np.float32))[0] - low) * 2]
    assert module.range_sizes(s, low, cut) == [2, 2]
    out = np.zeros(4, np.uint32)
    with pytest.raises(ValueError, match="do not fit|does not fit"):
        module.pack(s, y, out, low, cut, [0, 3], [2, 2])
    with pytest.raises(ValueError, match="add up"):
        module.pack(s, y, out, low, cut, [0, 1], [1, 1])
    with pytest.raises(ValueError, match="changed while"):
        module.pack(s, y, out, low, cut, [0, 1], [1, 3])  # sizes that are not the scores' own
    with pytest.raises(ValueError, match="do not match"):
        module.pack(s, y[:3], out, low, [], [0], [4])
    with pytest.raises(ValueError, match="one entry per range"):
        module.pack(s, y, out, low, cut, [0], [4])
    with pytest.raises(ValueError, match="too many cuts"):
        module.range_sizes(s, low, list(range(300)))
    module.pack(s, y, out, low, cut, [0, 2], [2, 2])
    keys = _counts.packed_keys(y.view(bool), s)
    np.testing.assert_array_equal(np.sort(out[:2]), np.sort(keys[keys < cut[0]]))
    np.testing.assert_array_equal(np.sort(out[2:]), np.sort(keys[keys >= cut[0]]))


def test_the_switch_turns_the_compiled_loops_off_and_names_its_values(monkeypatch):
    monkeypatch.setenv(_kernels.ENV, "numpy")
    assert _kernels.compiled() is None
    monkeypatch.setenv(_kernels.ENV, "fast")
    with pytest.raises(ValueError, match="ROCAUC_KERNELS must be 'numpy'"):
        _kernels.compiled()


def test_more_threads_than_the_compiled_pack_has_ranges_for():
    rng = np.random.default_rng(3)
    s = rng.random(5000).astype(np.float32)
    y = rng.random(5000) < 0.5
    assert _ranges.rank_auc(y, s, threads=400) == pytest.approx(pair_auc(y, s), abs=1e-12)
