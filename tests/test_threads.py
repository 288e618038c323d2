"""Both cores: the binary rank AUC counted on score ranges in threads, evaluate's columns in threads, the threaded
sort and search, and the ROCAUC_NUM_THREADS switch. Every result must not depend on the number of threads and must
equal the pair-count reference and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import rocauc
from reference import pair_auc
from rocauc.core import ranges as _ranges
from rocauc.core import threads as _threads
from rocauc.core.counts import _ordered_uint32, packed_keys, rank_auc
from strategies import binary_data, multiclass_data

pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


@pytest.fixture
def parallel_from_two_rows(monkeypatch):
    """Every input takes the parallel paths (they start at MIN_ROWS rows otherwise)."""
    monkeypatch.setattr(_threads, "MIN_ROWS", 2)
    return monkeypatch


def _with_threads(monkeypatch, n: int, fn):
    monkeypatch.setenv(_threads.ENV, str(n))
    return fn()


@given(binary_data(dtype=np.float32, max_size=120), st.integers(2, 6))
def test_rank_auc_on_threads_equals_one_thread_and_pair_count(data, threads):
    from sklearn.metrics import roc_auc_score

    y, s, _ = data
    one = _ranges.rank_auc(y, s, threads=1)
    assert _ranges.rank_auc(y, s, threads=threads) == one  # exactly: integer counts
    assert one == rank_auc(y, s)
    assert one == pytest.approx(pair_auc(y, s), abs=1e-12)
    assert one == pytest.approx(roc_auc_score(y, s), abs=1e-12)


@given(
    st.integers(2, 5),
    arrays(np.float32, 40, elements=st.sampled_from([-3e38, -1.0, -0.0, 0.0, 1e-38, 2.0, 3e38])),
    arrays(np.bool_, 40),
)
def test_scores_spanning_both_signs_widely_take_the_float64_keys(threads, s, y):
    y[:2] = [True, False]
    low, high = _ordered_uint32(np.array([s.min(), s.max()], np.float32)).astype(np.int64)
    assert packed_keys(y, s).dtype == (np.float64 if high - low >= 2**31 else np.uint32)
    value = _ranges.rank_auc(y, s, threads=threads)
    assert value == _ranges.rank_auc(y, s, threads=1)
    assert value == pytest.approx(pair_auc(y, s), abs=1e-12)


def test_ties_at_every_cut_are_not_split():
    # four distinct scores, many rows each: every cut of the selection falls inside a tie
    rng = np.random.default_rng(1)
    s = np.repeat(np.array([-1.0, 0.0, 0.5, 1.0], np.float32), 5000)
    y = rng.random(s.size) < 0.4
    expected = pair_auc(y, s)
    for threads in (1, 2, 3, 4, 7):
        assert _ranges.rank_auc(y, s, threads=threads) == pytest.approx(expected, abs=1e-12)


# the environment is set anew in every example, so sharing the monkeypatch fixture across examples is safe
shared_fixture = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@shared_fixture
@given(binary_data(max_size=80, weights=True), st.integers(2, 4))
def test_roc_auc_does_not_depend_on_threads(parallel_from_two_rows, data, threads):
    from sklearn.metrics import roc_auc_score

    y, s, w = data
    one = _with_threads(parallel_from_two_rows, 1, lambda: rocauc.roc_auc(y, s, sample_weight=w))
    many = _with_threads(parallel_from_two_rows, threads, lambda: rocauc.roc_auc(y, s, sample_weight=w))
    assert many == one
    assert one == pytest.approx(pair_auc(y, s, w), abs=1e-12)
    assert one == pytest.approx(roc_auc_score(y, s, sample_weight=w), abs=1e-12)


@shared_fixture
@given(multiclass_data(max_size=60), st.booleans(), st.integers(2, 4))
def test_evaluate_does_not_depend_on_threads(parallel_from_two_rows, data, weighted, threads):
    from sklearn.metrics import roc_auc_score

    y, p = data
    w = (np.arange(y.size) % 3 + 1) / 2.0 if weighted else None
    one = _with_threads(parallel_from_two_rows, 1, lambda: rocauc.evaluate(y, p, sample_weight=w, ci=None))
    many = _with_threads(parallel_from_two_rows, threads, lambda: rocauc.evaluate(y, p, sample_weight=w, ci=None))
    np.testing.assert_equal(many.to_dict(), one.to_dict())
    a = one.averages["roc_auc"]
    assert a["macro"] == pytest.approx(roc_auc_score(y, p, multi_class="ovr", sample_weight=w), abs=1e-12)
    if not weighted:  # scikit-learn's one-vs-one takes no weights
        assert a["ovo_macro"] == pytest.approx(roc_auc_score(y, p, multi_class="ovo"), abs=1e-12)
    onehot = np.eye(p.shape[1])[y]
    assert a["micro"] == pytest.approx(roc_auc_score(onehot, p, average="micro", sample_weight=w), abs=1e-12)


def test_large_input_takes_the_parallel_path_by_default(monkeypatch):
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(0)
    n = _threads.MIN_ROWS + 1000
    y = rng.random(n) < 0.3
    s = np.round(rng.normal(size=n) + y, 3).astype(np.float32)  # many ties
    monkeypatch.setenv(_threads.ENV, "2")
    assert _threads.threads_for(n) == 2
    two = rocauc.roc_auc(y, s)
    monkeypatch.setenv(_threads.ENV, "1")
    assert _threads.threads_for(n) == 1
    assert rocauc.roc_auc(y, s) == two
    assert two == pytest.approx(roc_auc_score(y, s), abs=1e-12)


@given(
    arrays(np.float64, st.integers(0, 200), elements=st.sampled_from([-2.0, -0.0, 0.0, 0.5, 1.0, 7.0])),
    st.integers(1, 5),
)
def test_threaded_sort_and_search_equal_numpy(values, threads):
    expected = np.sort(values)
    got = _threads.sort_in_place(values.copy(), threads)
    np.testing.assert_array_equal(got, expected)
    queries = np.array([-3.0, -2.0, 0.0, 0.25, 1.0, 7.0, 9.0] * 3)
    for side in ("left", "right"):
        np.testing.assert_array_equal(
            _threads.searchsorted(expected, queries, side, threads), np.searchsorted(expected, queries, side)
        )


def test_thread_map_keeps_order_and_runs_nested_calls_inline():
    out = _threads.thread_map(lambda i: _threads.thread_map(lambda j: i * 10 + j, range(3), 2), range(5), 2)
    assert out == [[i * 10 + j for j in range(3)] for i in range(5)]


def test_num_threads_reads_the_environment(monkeypatch):
    monkeypatch.setenv(_threads.ENV, "3")
    assert _threads.num_threads() == 3
    assert _threads.threads_for(_threads.MIN_ROWS - 1) == 1
    assert _threads.threads_for(_threads.MIN_ROWS) == 3
    monkeypatch.delenv(_threads.ENV)
    assert _threads.num_threads() >= 1


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5"])
def test_bad_thread_count_is_a_clear_error(monkeypatch, value):
    monkeypatch.setenv(_threads.ENV, value)
    with pytest.raises(ValueError, match=r"ROCAUC_NUM_THREADS must be a positive integer \(1 turns threads off\)"):
        _threads.num_threads()


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_one_vs_one_without_ties_equals_pair_counting(monkeypatch, threads):
    from sklearn.metrics import roc_auc_score

    from rocauc.core.averaging import one_vs_one_auc
    from rocauc.core.inputs import normalize

    rng = np.random.default_rng(threads)
    y = rng.choice(4, size=300, p=[0.1, 0.2, 0.3, 0.4])
    z = rng.normal(size=(300, 4))
    z[np.arange(300), y] += 1.0
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)  # continuous: no ties
    monkeypatch.setattr(_threads, "MIN_ROWS", 2)
    monkeypatch.setenv(_threads.ENV, str(threads))
    result = one_vs_one_auc(normalize(y, p))
    for a in range(4):
        for b in range(4):
            if a != b:
                mask = (y == a) | (y == b)
                assert result.auc[a, b] == pytest.approx(pair_auc(y[mask] == a, p[mask, a]), abs=1e-12)
    ev = rocauc.evaluate(y, p, ci=None)
    assert ev.averages["roc_auc"]["ovo_macro"] == pytest.approx(roc_auc_score(y, p, multi_class="ovo"), abs=1e-12)
    assert ev.averages["roc_auc"]["macro"] == pytest.approx(roc_auc_score(y, p, multi_class="ovr"), abs=1e-12)


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_a_forked_child_gets_a_working_pool():
    import os

    assert _threads.thread_map(lambda i: i + 1, range(4), 2) == [1, 2, 3, 4]  # the parent's pool exists now
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the parent's pool threads are not here; a new pool must run the work
        try:
            ok = _threads.thread_map(lambda i: i * 2, range(4), 2) == [0, 2, 4, 6]
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    import select
    import signal

    ready, _, _ = select.select([read], [], [], 60)
    if not ready:  # a child stuck on the parent's pool
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    assert ready and os.read(read, 1) == b"1"


def test_an_engine_task_runs_on_one_thread_and_keeps_its_signature():
    import inspect

    from rocauc.core.threads import num_threads
    from rocauc.distributed.engine import one_thread

    def task(frame):
        return num_threads()

    def rows(batches):
        for _ in batches:
            yield num_threads()

    before = num_threads()
    assert inspect.getfullargspec(one_thread(task)).args == ["frame"]  # Spark's applyInPandas reads it
    assert one_thread(task)(None) == 1
    assert list(one_thread(rows)([0, 1])) == [1, 1]
    assert num_threads() == before  # outside a task: the configured number again
