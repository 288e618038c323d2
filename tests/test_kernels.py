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


# long enough for the 8-row vector loops (AVX2, where the processor has it) and their leftover rows
long_scores = st.one_of(
    arrays(np.float32, st.integers(1, 2000), elements=st.floats(-4, 4, width=32)),
    arrays(np.float32, st.integers(1, 2000), elements=st.sampled_from([-1.5, -0.0, 0.0, 1e-45, 0.25, 0.5, 1.0])),
)


@given(long_scores, st.integers(0, 2**32 - 1), st.floats(0, 1))
def test_the_vector_and_plain_counts_equal_the_numpy_count(s, seed, share):
    y = np.random.default_rng(seed).random(s.size) < share
    keys = np.sort(_counts.packed_keys(y, s))
    assume(keys.dtype == np.uint32)
    want = tuple(int(v) for v in _counts.rank_counts(keys))
    assert module.count(keys) == want
    assert module.count(keys, False) == want
    assert module.count(keys[1:]) == module.count(keys[1:], False)  # not aligned to 8 rows


@given(long_scores, st.integers(0, 2**32 - 1), st.floats(0, 1), st.integers(0, 9), st.data())
def test_the_split_pack_keeps_the_row_order_and_writes_only_its_ranges(s, seed, share, gap, data):
    y = np.random.default_rng(seed).random(s.size) < share
    keys = _counts.packed_keys(y, s)
    assume(keys.dtype == np.uint32)
    low = int(_counts._ordered_uint32(np.array([s.min()], np.float32))[0])
    cut = data.draw(st.sampled_from(sorted({int(k) & ~1 for k in keys} - {0}) or [2]), label="cut")
    below, above = keys[keys < cut], keys[keys >= cut]
    # the two ranges apart in a larger array: every slot outside them keeps its guard value
    out = np.full(3 * gap + s.size, 0xDEADBEEF, np.uint32)
    starts = [gap, 2 * gap + below.size]
    module.pack(s, y.view(np.uint8), out, low, [cut], starts, [below.size, above.size])
    np.testing.assert_array_equal(out[starts[0] : starts[0] + below.size], below)  # in the rows' order
    np.testing.assert_array_equal(out[starts[1] : starts[1] + above.size], above)
    guard = np.ones(out.size, bool)
    guard[starts[0] : starts[0] + below.size] = guard[starts[1] : starts[1] + above.size] = False
    assert (out[guard] == 0xDEADBEEF).all()


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


# --------------------------------------------------------------------------------------------- the Dask paths

_NARROW = [-1.5, -1.0, -1e-45, -0.0, 0.0, 1e-45, 0.25, 0.5, 1.0, float(np.nextafter(np.float32(2), np.float32(0))), 2.0]
# scores whose order-preserving keys span under 2**31 (the compiled split's domain), across the quarter cuts at 0.0
# and 2.0 of a keyed plan
narrow_scores = st.one_of(
    arrays(np.float32, st.integers(1, 200), elements=st.floats(-1.5, 2.0, width=32)),
    arrays(np.float32, st.integers(1, 200), elements=st.sampled_from(_NARROW)),
    arrays(np.float32, st.integers(1, 200), elements=st.floats(0, 1, width=32)),
)


def _with_numpy(fn):
    import os

    os.environ[_kernels.ENV] = "numpy"
    try:
        return fn()
    finally:
        del os.environ[_kernels.ENV]


@given(st.one_of(narrow_scores, scores), st.integers(0, 2**32 - 1), st.sampled_from([4, 9, 12, 16, 20, 24, 32]))
def test_compiled_sketch_equals_the_numpy_sketch(s, seed, bits):
    from rocauc.distributed.partition import _compiled_sketch, sketch_of

    y = np.random.default_rng(seed).random(s.size) < 0.4
    got = sketch_of(y, s, None, bits)
    want = _with_numpy(lambda: sketch_of(y, s, None, bits))
    lo, hi = (_counts._ordered_uint32(np.array([s.min(), s.max()], np.float32)) >> np.uint32(32 - bits)).tolist()
    if hi - lo < 1 << 22:  # the compiled histogram ran (wider spans go to numpy's sort)
        assert _compiled_sketch(module, y, s, bits) is not None
    np.testing.assert_array_equal(got.buckets, want.buckets)
    np.testing.assert_array_equal(got.pos, want.pos)
    np.testing.assert_array_equal(got.neg, want.neg)
    assert got.pos.dtype == got.neg.dtype == np.float64 and got.buckets.dtype == want.buckets.dtype
    # a strided view of the rows (a sketch of every k-th row) reads the same
    np.testing.assert_array_equal(sketch_of(y[::3], s[::3], None, bits).pos, want_every_third(y, s, bits).pos)


def want_every_third(y, s, bits):
    from rocauc.distributed.partition import sketch_of

    return _with_numpy(lambda: sketch_of(y[::3].copy(), s[::3].copy(), None, bits))


def test_histogram_checks_its_arguments():
    s = np.array([0.1, 0.9, 0.5], np.float32)
    y = np.array([0, 1, 0], np.uint8)
    top = (_counts._ordered_uint32(s) >> np.uint32(16)).astype(np.int64)
    lo, span = int(top.min()), int(top.max() - top.min() + 1)
    cells = np.zeros(2 * span, np.uint32)
    module.histogram(s, y, cells, 16, lo)
    assert cells.sum() == 3 and cells[2 * (top[1] - lo) + 1] == 1
    with pytest.raises(ValueError, match="outside"):
        module.histogram(s, y, np.zeros(2 * (span - 1), np.uint32), 16, lo)
    with pytest.raises(ValueError, match="outside"):
        module.histogram(s, y, cells, 16, lo + 1)
    with pytest.raises(ValueError, match="do not match"):
        module.histogram(s, y[:2], cells, 16, lo)
    with pytest.raises(ValueError, match="do not match"):
        module.histogram(s, y, cells, 32, lo)


@given(st.lists(st.integers(0, 2**31 - 1), min_size=1, max_size=300), st.data())
def test_many_cuts_find_each_keys_range_as_a_search_does(offsets, data):
    """The pack with 2 to 255 cuts (a table of 2**16-key blocks, the cuts inside a block decide): each key in
    the range a binary search of the cuts names, cuts at and next to the block edges, repeated cuts."""
    low = 0x40000000  # the ordered key of the float32 below -2.0: scores from there up to below 2.0
    ordered = np.array(offsets, np.uint64) + np.uint64(low)
    assume(not (ordered == 0x7FFFFFFF).any())  # -0.0, which reads as +0.0
    bits = np.where(ordered >= 0x80000000, ordered ^ np.uint64(0x80000000), ~ordered & np.uint64(0xFFFFFFFF))
    s = bits.astype(np.uint32).view(np.float32)
    y = data.draw(arrays(np.uint8, s.size, elements=st.integers(0, 1)))
    keys = (np.array(offsets, np.uint32) << np.uint32(1)) | y
    raw = keys.tolist()
    block_edges = st.integers(0, 65535).map(lambda b: b << 16).flatmap(lambda e: st.sampled_from([e, e + 1, e + 2]))
    cut_values = st.one_of(block_edges, st.sampled_from(raw), st.integers(0, 2**32 - 1))
    cuts = sorted(data.draw(st.lists(cut_values, min_size=2, max_size=255)))
    cuts = [c & 0xFFFFFFFE for c in cuts]  # a cut is a packed key of label 0 (a range starts at a score)
    assert np.isfinite(s).all()
    want = np.searchsorted(np.array(cuts, np.uint64), keys.astype(np.uint64), side="right")
    sizes = module.range_sizes(s, low, cuts)
    assert sizes == np.bincount(want, minlength=len(cuts) + 1).tolist()
    starts = np.r_[0, np.cumsum(sizes)[:-1]].tolist()
    out = np.empty(s.size, np.uint32)
    module.pack(s, y, out, low, cuts, starts, sizes)
    for j, (a, m) in enumerate(zip(starts, sizes)):
        np.testing.assert_array_equal(out[a : a + m], keys[want == j])  # in row order


@given(narrow_scores, st.integers(0, 2**32 - 1), st.integers(1, 300), st.sampled_from([8, 12, 16, 24]), st.data())
def test_compiled_split_keys_equals_numpy_and_the_pair_count(s, seed, n_ranges, bits, data):
    """Each batch's rows by range from the compiled pack equal numpy's (as multisets: the compiled ones come in row
    order), for any waves, and the ranges counted give the pair-count AUC."""
    from rocauc.distributed.engine import waves
    from rocauc.distributed.partition import combine, plan_ranges, sketch_of, summarize_packed

    rng = np.random.default_rng(seed)
    y = rng.random(s.size) < rng.uniform(0.1, 0.9)
    cuts = sorted(data.draw(st.lists(st.integers(0, s.size), max_size=3)))
    edges = [0, *cuts, s.size]
    batches = [(y[a:b], s[a:b]) for a, b in zip(edges[:-1], edges[1:]) if b > a]
    plan = plan_ranges(sketch_of(y, s, None, bits), n_ranges, keyed=True)
    n_waves = data.draw(st.integers(1, 4))
    pieces: list = [[] for _ in range(plan.n_ranges)]
    for wave in waves({"k": plan}, y.size, True, y.size * 16 / n_waves):
        lo, hi = wave["k"]
        for y_, s_ in batches:
            if hi - lo + 1 <= 255:
                assert plan._compiled_split_keys(module, y_, s_, lo, hi) is not None  # the compiled path ran
            got = plan.split_keys(y_, s_, lo, hi)
            want = _with_numpy(lambda y_=y_, s_=s_, lo=lo, hi=hi: plan.split_keys(y_, s_, lo, hi))
            assert len(got) == len(want) == hi - lo
            for r, g, w in zip(range(lo, hi), got, want):
                assert g.dtype == np.uint32
                np.testing.assert_array_equal(np.sort(g), w)
                pieces[r].append(g)
    summaries = [summarize_packed(r, ps) for r, ps in enumerate(pieces)]
    numpy_summaries = _with_numpy(lambda: [summarize_packed(r, ps) for r, ps in enumerate(pieces)])
    assert [(a.m, a.n, a.pairs) for a in summaries] == [(b.m, b.n, b.pairs) for b in numpy_summaries]
    result = combine(plan, summaries)
    if y.all() or not y.any():
        assert np.isnan(result.auc)
    else:
        assert result.auc == pytest.approx(pair_auc(y, s), abs=1e-12)


@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=300), st.integers(0, 2**31 - 100), st.integers(1, 4), st.data()
)
def test_tally_and_count_cells_equal_the_sorted_count(offsets, base, n_pieces, data):
    """The tally of a range's keys (several pieces, any order, a narrow span: ties on most scores) counts as the
    sort and the compiled count do; summarize_packed takes that path and agrees with numpy's."""
    from rocauc.distributed.partition import _compiled_range_counts, summarize_packed

    keys = np.array(offsets, np.uint32) + np.uint32(base)
    cuts = sorted(data.draw(st.lists(st.integers(0, keys.size), min_size=n_pieces - 1, max_size=n_pieces - 1)))
    pieces = np.split(keys, cuts)
    want = module.count(np.sort(keys))
    assert want == tuple(int(v) for v in _counts.rank_counts(np.sort(keys)))
    low = int(keys.min()) & ~1
    cells = np.zeros((int(keys.max()) | 1) - low + 1, np.uint32)
    for p in pieces:
        module.tally(p, cells, low)
    assert module.count_cells(cells) == want
    full = [p for p in pieces if p.size]
    assert _compiled_range_counts(module, full) == want
    got = summarize_packed(0, pieces)
    numpy_summary = _with_numpy(lambda: summarize_packed(0, pieces))
    assert (
        (got.m, got.n, got.pairs) == (numpy_summary.m, numpy_summary.n, numpy_summary.pairs) == (*want[:2], want[2] / 2)
    )


def test_tally_checks_its_arguments():
    keys = np.array([10, 11, 13], np.uint32)
    cells = np.zeros(4, np.uint32)
    module.tally(keys, cells, 10)
    assert cells.tolist() == [1, 1, 0, 1]
    assert module.count_cells(cells) == (2, 1, 3)  # score 5: a tie (1/2 pair); score 6 above the negative: 1 pair
    with pytest.raises(ValueError, match="outside"):
        module.tally(keys, np.zeros(3, np.uint32), 10)
    with pytest.raises(ValueError, match="outside"):
        module.tally(keys, cells, 11)
    with pytest.raises(ValueError, match="uint32 arrays"):
        module.tally(keys, np.zeros(3, np.uint8), 10)
    with pytest.raises(ValueError, match="even length"):
        module.count_cells(np.zeros(3, np.uint32))


def test_merge_checks_its_arguments():
    b, w = np.array([1, 3], np.int64), np.array([1.0, 2.0])
    out = [np.empty(4, np.int64), np.empty(4), np.empty(4)]
    assert module.merge(b, w, w, np.array([2, 3], np.int64), w, w, *out) == 3
    assert out[0][:3].tolist() == [1, 2, 3] and out[1][:3].tolist() == [1.0, 1.0, 4.0]
    with pytest.raises(ValueError, match="at least the two lengths"):
        module.merge(b, w, w, b, w, w, *[o[:3] for o in out])
    with pytest.raises(ValueError, match="at least the two lengths"):
        module.merge(b, w[:1], w, b, w, w, *out)


@given(
    st.sampled_from([np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64]),
    st.lists(st.sampled_from([0, 1, 2, 255, -1, -2]), min_size=1, max_size=200),
)
def test_zero_one_labels_compiled_and_numpy_agree(dtype, values):
    import os

    from rocauc.core import inputs

    y = np.array(values).astype(dtype)  # negative values wrap for unsigned types: still not 0 or 1
    expected = y == 1 if np.isin(y, [0, 1]).all() else None
    got = inputs._zero_one(y)
    os.environ[_kernels.ENV] = "numpy"
    try:
        fallback = inputs._zero_one(y)
    finally:
        del os.environ[_kernels.ENV]
    for value in (got, fallback):
        if expected is None:
            assert value is None
        else:
            np.testing.assert_array_equal(value, expected)


def test_labels01_checks_its_arguments():
    with pytest.raises(ValueError, match="do not match"):
        module.labels01(np.zeros(4, np.int64), 3, np.zeros(4, np.uint8))
    with pytest.raises(ValueError, match="do not match"):
        module.labels01(np.zeros(4, np.int64), 8, np.zeros(3, np.uint8))


def test_histogram_from_stops_before_a_block_outside_the_table():
    """histogram_from counts blocks of 4096 rows from ``start`` and stops, without an error, before the first block
    holding a bucket outside the table: the rows before it are counted, none of that block."""
    rng = np.random.default_rng(3)
    s = rng.random(10_000).astype(np.float32) * 0.5 + 0.25
    y = (rng.random(10_000) < 0.3).astype(np.uint8)
    s[5000] = 0.9  # in the second block (rows 4096-8191)
    top = (_counts._ordered_uint32(s) >> np.uint32(12)).astype(np.int64)
    inside = top[s < 0.8]
    lo, span = int(inside.min()), int(inside.max() - inside.min() + 1)
    cells = np.zeros(2 * span, np.uint32)
    assert module.histogram_from(s, y, cells, 12, lo, 0) == 4096
    assert cells.sum() == 4096 and cells[1::2].sum() == y[:4096].sum()
    cells[:] = 0
    assert module.histogram_from(s, y, cells, 12, lo, 8192) == 10_000  # the third block on
    assert cells.sum() == 10_000 - 8192
    with pytest.raises(ValueError, match="do not match"):
        module.histogram_from(s, y, cells, 12, lo, 10_001)
    with pytest.raises(ValueError, match="do not match"):
        module.histogram_from(s, y, cells, 12, lo, -1)


@given(
    st.lists(st.sampled_from([1e-3, 0.1, 1.0, 10.0, 1e30]), min_size=1, max_size=6),
    st.integers(0, 2**32 - 1),
    st.sampled_from([12, 16, 20, 24, 32]),
    st.sampled_from([None, 5000]),
)
def test_sketch_builder_equals_the_numpy_sketch_of_all_rows(scales, seed, bits, max_rows):
    """SketchBuilder (one dense table for a worker's float32 batches, widened as batches reach new buckets; a batch
    too wide for one table is sketched alone; a table read when it holds too many rows) gives the numpy sketch of
    all the rows: the same buckets and counts, for scores far apart (tables widened, or too wide: 32 bits)."""
    from rocauc.distributed.partition import SketchBuilder, sketch_of

    rng = np.random.default_rng(seed)
    batches = []
    for scale in scales:
        n = int(rng.integers(0, 9000))
        s = (rng.standard_normal(n) * scale).astype(np.float32)
        batches.append((rng.random(n) < 0.4, s))
    builder = SketchBuilder(bits)
    if max_rows is not None:
        builder._MAX_ROWS = max_rows  # read the table every few batches
    for y, s in batches:
        builder.add(y, s, None)
    got = builder.sketch()
    y = np.concatenate([b[0] for b in batches])
    s = np.concatenate([b[1] for b in batches])
    want = _with_numpy(lambda: sketch_of(y, s, None, bits))
    np.testing.assert_array_equal(got.buckets, want.buckets)
    np.testing.assert_array_equal(got.pos, want.pos)
    np.testing.assert_array_equal(got.neg, want.neg)
    assert got.buckets.dtype == np.int64 and got.pos.dtype == got.neg.dtype == np.float64


@given(long_scores, st.integers(0, 2**32 - 1), st.floats(0, 1), st.integers(0, 9), st.data())
def test_the_few_cuts_pack_keeps_the_row_order_and_writes_only_its_ranges(s, seed, share, gap, data):
    """The pack with 2 to 15 cuts (8 rows at a time, each range gathered into a stage of 64 keys) and the range
    sizes by counting loops: each key in the range a search of the cuts names, in row order; cuts at 0, repeated
    and above every key (the empty ranges of a wave); every slot outside the ranges keeps its guard value."""
    y = np.random.default_rng(seed).random(s.size) < share
    keys = _counts.packed_keys(y, s)
    assume(keys.dtype == np.uint32)
    low = int(_counts._ordered_uint32(np.array([s.min()], np.float32))[0])
    inside = sorted({int(k) & ~1 for k in keys} - {0}) or [2]
    cut_values = st.one_of(st.sampled_from(inside), st.just(0), st.just((int(keys.max()) | 1) + 1))
    cuts = sorted(data.draw(st.lists(cut_values, min_size=2, max_size=15), label="cuts"))
    want = np.searchsorted(np.array(cuts, np.uint64), keys.astype(np.uint64), side="right")
    sizes = module.range_sizes(s, low, cuts)
    assert sizes == np.bincount(want, minlength=len(cuts) + 1).tolist()
    starts = (np.r_[0, np.cumsum(sizes)[:-1]] + gap * np.arange(1, len(sizes) + 1)).tolist()
    out = np.full(s.size + gap * (len(sizes) + 1), 0xDEADBEEF, np.uint32)
    module.pack(s, y.view(np.uint8), out, low, cuts, starts, sizes)
    guard = np.ones(out.size, bool)
    for j, (a, m) in enumerate(zip(starts, sizes)):
        np.testing.assert_array_equal(out[a : a + m], keys[want == j])  # in row order
        guard[a : a + m] = False
    assert (out[guard] == 0xDEADBEEF).all()


def test_the_few_cuts_pack_refuses_sizes_that_are_not_the_scores_own():
    s = np.linspace(0.01, 0.99, 1000, dtype=np.float32)
    y = (np.arange(1000) % 3 == 0).view(np.uint8)
    low = int(_counts._ordered_uint32(s[:1])[0])
    keys = _counts.packed_keys(y.view(bool), s)
    cuts = [int(keys[300]) & ~1, int(keys[700]) & ~1]
    sizes = module.range_sizes(s, low, cuts)
    assert sizes == [300, 400, 300]
    for wrong in ([301, 399, 300], [300, 500, 200], [200, 400, 400]):
        out = np.full(1300, 7, np.uint32)
        starts = [0, 350, 900]
        with pytest.raises(ValueError, match="changed"):
            module.pack(s, y, out, low, cuts, starts, wrong)
        guard = np.ones(out.size, bool)
        for a, m in zip(starts, wrong):
            guard[a : a + m] = False
        assert (out[guard] == 7).all()  # nothing written past a range


sorted_keys = st.one_of(
    st.lists(st.integers(0, 2**32 - 1), max_size=3000),
    st.lists(st.integers(0, 7), max_size=3000),  # ties on every score, both labels
    st.lists(st.integers(1000, 1100), max_size=300),
).map(lambda v: np.sort(np.array(v, np.uint32)))


@given(sorted_keys, sorted_keys, st.booleans())
def test_merge_count_equals_the_count_of_the_two_joined(a, b, apart):
    """merge_count of two sorted key arrays (four parts merged side by side, counted in blocks of 2048) counts as
    the sort of the two joined; the two apart, either first, empty, and the portable count of the blocks."""
    if apart and a.size and b.size:  # every key of b above every key of a
        b = np.sort((b.astype(np.uint64) % 2**20 + np.uint64(int(a.max()) + 1) % 2**32).astype(np.uint32))
        assume(a.max() < b.min())
    want = module.count(np.sort(np.concatenate([a, b])), False)
    assert module.merge_count(a, b) == want
    assert module.merge_count(b, a) == want
    assert module.merge_count(a, b, False) == want


def test_merge_count_refuses_what_is_not_uint32():
    with pytest.raises(ValueError, match="uint32"):
        module.merge_count(np.zeros(3, np.uint8), np.zeros(2, np.uint32))


def test_merging_two_empty_arrays_reads_no_key():
    empty = np.zeros(0, np.uint32)
    assert module.merge_count(empty, empty) == module.merge_count(empty, empty, False) == (0, 0, 0)
    module.merge_sorted(empty, empty, np.zeros(0, np.uint32))


@given(narrow_scores, st.integers(0, 2**32 - 1), st.integers(1, 30), st.data())
def test_joined_split_and_sorted_summaries_equal_the_pair_count(s, seed, n_ranges, data):
    """Batches split together (one buffer, a range's rows of every batch in one array) hold each range's keys of
    the batches split alone, for any waves, with and without the compiled module; each range sorted in two places
    and summarized merged (summarize_sorted) gives the pair-count AUC."""
    from rocauc.distributed.engine import place_range, waves
    from rocauc.distributed.partition import combine, plan_ranges, sketch_of, summarize_sorted

    rng = np.random.default_rng(seed)
    y = rng.random(s.size) < rng.uniform(0.1, 0.9)
    cuts = sorted(data.draw(st.lists(st.integers(0, s.size), max_size=4)))
    edges = [0, *cuts, s.size]
    batches = [(y[a:b], s[a:b]) for a, b in zip(edges[:-1], edges[1:]) if b > a]
    half = data.draw(st.integers(0, len(batches)))  # the batches of the first place
    plan = plan_ranges(sketch_of(y, s, None, 16), n_ranges, keyed=True)
    n_waves = data.draw(st.integers(1, 3))
    summaries = []
    for wave in waves({"k": plan}, y.size, True, y.size * 16 / n_waves):
        lo, hi = wave["k"]
        places = []
        for group in (batches[:half], batches[half:]):
            joined = plan.split_keys_joined(group, lo, hi)
            numpy_joined = _with_numpy(lambda group=group, lo=lo, hi=hi: plan.split_keys_joined(group, lo, hi))
            assert len(joined) == len(numpy_joined) == hi - lo
            for r, got, other in zip(range(lo, hi), joined, numpy_joined):
                alone = [plan.split_keys(y_, s_, lo, hi)[r - lo] for y_, s_ in group]
                want = np.sort(np.concatenate(alone)) if alone else np.zeros(0, np.uint32)
                np.testing.assert_array_equal(np.sort(got), want)
                np.testing.assert_array_equal(np.sort(other), want)
            places.append([place_range([k])[0] for k in joined])
        for j, r in enumerate(range(lo, hi)):
            keys = [places[0][j], places[1][j]]
            got = summarize_sorted(r, keys)
            numpy_summary = _with_numpy(lambda keys=keys, r=r: summarize_sorted(r, keys))
            assert (got.m, got.n, got.pairs) == (numpy_summary.m, numpy_summary.n, numpy_summary.pairs)
            summaries.append(got)
    result = combine(plan, sorted(summaries, key=lambda x: x.index))
    if y.all() or not y.any():
        assert np.isnan(result.auc)
    else:
        assert result.auc == pytest.approx(pair_auc(y, s), abs=1e-12)


@given(sorted_keys, sorted_keys)
def test_merge_sorted_equals_the_sort_of_the_two_joined(a, b):
    out = np.full(a.size + b.size, 7, np.uint32)
    module.merge_sorted(a, b, out)
    np.testing.assert_array_equal(out, np.sort(np.concatenate([a, b])))
    with pytest.raises(ValueError, match="lengths added"):
        module.merge_sorted(a, b, np.zeros(a.size + b.size + 1, np.uint32))


@given(st.lists(sorted_keys, min_size=1, max_size=7))
def test_sorted_summaries_of_many_places_equal_the_count_of_all(parts):
    """A range counted from the sorted parts of 1 to 7 places (two merged as counted, more merged pairwise first)
    counts as the sort of all its keys, with and without the compiled module."""
    from rocauc.distributed.partition import summarize_sorted

    every = np.sort(np.concatenate(parts))
    want = module.count(every, False) if every.size else (0, 0, 0)
    got = summarize_sorted(0, parts)
    numpy_summary = _with_numpy(lambda: summarize_sorted(0, parts))
    assert (got.m, got.n, got.pairs) == (numpy_summary.m, numpy_summary.n, numpy_summary.pairs)
    assert (got.m, got.n, got.pairs) == (want[0], want[1], want[2] / 2)
