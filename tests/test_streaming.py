import json
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import rocauc
from helpers import keras_auc_case
from reference import davis_goadrich_pr_auc, pair_auc
from rocauc import StreamingAUC, UndefinedMetricWarning
from rocauc.core.inputs import normalize
from strategies import binary_data, multiclass_data, multilabel_data

# the property tests draw constant and 0/1 scores on purpose: the hard-prediction warning is expected there
pytestmark = pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")


def stream(m, y, s, w=None, splits=(), order=None):
    """Feed (y, s, w) to copies of ``m``'s configuration in batches cut at ``splits``, merged in ``order``."""
    idx = np.split(np.arange(len(y)), sorted(set(splits)))
    parts = []
    for part in idx:
        p = StreamingAUC.from_dict(m.to_dict())
        if part.size:
            p.update(y[part], s[part], None if w is None else w[part])
        parts.append(p)
    order = order if order is not None else range(len(parts))
    total = StreamingAUC.from_dict(m.to_dict())
    for i in order:
        total.merge(parts[i])
    return total


# ------------------------------------------------------------------------------------------------ Keras parity


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def keras_auc(kw, batches):
    import keras

    m = keras.metrics.AUC(**kw)
    for b in batches:
        m.update_state(*b)
    return float(m.result())


def test_keras_documented_examples(keras):
    m = StreamingAUC(num_thresholds=3)
    m.update([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    assert m.result() == pytest.approx(0.75, abs=1e-6)
    assert m.thresholds == pytest.approx(keras.metrics.AUC(num_thresholds=3).thresholds)
    m.reset()
    m.update([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], sample_weight=[1, 0, 0, 1])
    assert m.result() == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("seed", range(60))
def test_equals_keras_on_random_inputs(seed, keras):
    kw, batches = keras_auc_case(np.random.default_rng(seed), streaming=True)
    expected = keras_auc(kw, batches)
    m = StreamingAUC(**kw)
    for y, s, w in batches:
        m.update(y, s, w)
    assert m.result() == pytest.approx(expected, abs=1e-6)


def test_equals_keras_with_float64_inputs_and_integer_labels(keras):
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 500)
    s = rng.random(500)
    assert StreamingAUC().update(y, s).result() == pytest.approx(keras_auc({}, [(y, s)]), abs=1e-6)


def test_micro_average_equals_keras_flattening_of_one_hot_multiclass(keras):
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, 400)
    p = rng.dirichlet(np.ones(4), 400).astype(np.float32)
    onehot = np.eye(4, dtype=np.float32)[y]
    expected = keras_auc({}, [(onehot, p)])
    assert StreamingAUC(average="micro").update(onehot, p).result() == pytest.approx(expected, abs=1e-6)
    assert StreamingAUC(average="micro").update(y, p).result() == pytest.approx(expected, abs=1e-6)


# ------------------------------------------------------------------------------------------------ high resolution


@given(binary_data(weights=True), st.integers(1, 24), st.data())
def test_high_resolution_bounds_contain_the_exact_auc(data, bits, draw):
    y, s, w = data
    m = stream(StreamingAUC(bits=bits), y, s, w, draw.draw(st.lists(st.integers(0, len(y)), max_size=3)))
    low, high = m.bounds()
    exact = pair_auc(y, s, w)
    assert low - 1e-12 <= exact <= high + 1e-12
    assert low - 1e-12 <= m.result() <= high + 1e-12


@given(binary_data(weights=True, max_size=25), st.integers(1, 20))
def test_high_resolution_pr_bounds_contain_the_exact_pr_auc(data, bits):
    y, s, w = data
    m = StreamingAUC(bits=bits, curve="PR").update(y, s, w)
    low, high = m.bounds()
    assert low - 1e-6 <= davis_goadrich_pr_auc(y, s, w) <= high + 1e-6


@given(binary_data(weights=True, dtype=np.float32))
def test_32_bits_are_exact_for_float32_scores(data):
    y, s, w = data
    m = StreamingAUC(bits=32).update(y, s, w)
    assert m.exact
    low, high = m.bounds()
    assert low == high == pytest.approx(pair_auc(y, s, w), abs=1e-12)
    assert m.result() == pytest.approx(rocauc.roc_auc(y, s, sample_weight=w), abs=1e-12)
    np.testing.assert_allclose(
        m.curve(drop_intermediate=False).tpr,
        rocauc.roc_curve(y, s, sample_weight=w, drop_intermediate=False).tpr,
        atol=1e-12,
    )


def test_32_bits_are_not_exact_for_float64_scores_that_float32_merges():
    m = StreamingAUC(bits=32).update([0, 1], [0.5, 0.5 + 1e-12])
    assert not m.exact
    assert m.bounds() == (0.0, 1.0)


@given(binary_data(weights=True))
def test_estimate_equals_exact_when_bits_suffice(data):
    y, s, w = data
    grid = np.round(np.abs(s.astype(np.float64)) % 1 * 64) / 64  # 6 significant bits: one score per bucket
    assert StreamingAUC(bits=16).update(y, grid, w).result() == pytest.approx(pair_auc(y, grid, w), abs=1e-12)


@pytest.mark.parametrize("kind", ["probability", "rare-event probability", "logit"])
def test_million_realistic_scores(kind):
    rng = np.random.default_rng(11)
    n = 10**6
    y = rng.random(n) < 0.3
    z = rng.normal(size=n) + 1.2 * y
    s = {"probability": 1 / (1 + np.exp(-z)), "rare-event probability": 1 / (1 + np.exp(6 - z)), "logit": z}[
        kind
    ].astype(np.float32)
    m = StreamingAUC(bits=22, from_logits=kind == "logit")
    for i in range(0, n, 65536):
        m.update(y[i : i + 65536], s[i : i + 65536])
    exact = rocauc.roc_auc(y, s)
    low, high = m.bounds()
    assert low <= exact <= high
    assert high - low <= 1e-4
    assert m.result() == pytest.approx(exact, abs=1e-6)
    # the Keras-compatible configuration on the same data, for contrast (rare events: far off, and it says so)
    if kind == "rare-event probability":
        k = StreamingAUC().update(y, s)
        k_low, k_high = k.bounds()
        assert abs(k.result() - exact) > 0.01 and k_low <= exact <= k_high and k_high - k_low > 0.1


# ------------------------------------------------------------------------------------------------ streaming


configs = st.sampled_from(
    [
        {},
        {"num_thresholds": 7},
        {"thresholds": [0.1, 0.35, 0.8]},
        {"bits": 8},
        {"bits": 32},
        {"bits": 26},
        {"curve": "PR"},
        {"bits": 12, "curve": "PR", "summation_method": "majoring"},
    ]
)


@given(binary_data(weights=True), configs, st.data())
def test_any_split_merged_in_any_order_equals_one_shot(data, kw, draw):
    y, s, w = data
    if "bits" not in kw:
        s = np.abs(s) / (1 + np.abs(s).max())
    one = StreamingAUC(**kw).update(y, s, w)
    cuts = draw.draw(st.lists(st.integers(0, len(y)), max_size=4))
    order = draw.draw(st.permutations(range(len(set(cuts)) + 1)))
    many = stream(StreamingAUC(**kw), y, s, w, cuts, order)
    assert _same(many, one)


def _same(a, b):
    da, db = a.to_dict(), b.to_dict()
    for ca, cb in zip(da.pop("columns"), db.pop("columns")):
        assert ca["buckets"] == cb["buckets"]
        np.testing.assert_allclose(ca["pos"], cb["pos"], atol=1e-9)
        np.testing.assert_allclose(ca["neg"], cb["neg"], atol=1e-9)
    assert da == db
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        assert a.result() == pytest.approx(b.result(), abs=1e-12, nan_ok=True)
    return True


@given(
    multiclass_data(),
    st.sampled_from([{}, {"bits": 10}, {"average": "micro"}, {"average": "weighted"}]),
    st.lists(st.integers(0, 60), max_size=3),
)
def test_multiclass_batches_equal_one_shot(data, kw, cuts):
    y, p = data
    one = StreamingAUC(**kw).update(y, p)
    many = stream(StreamingAUC(**kw), y, p, None, [c for c in cuts if c <= len(y)])
    assert _same(many, one)


@given(multiclass_data())
def test_multiclass_macro_equals_exact_one_vs_rest(data):
    y, p = data
    p = p.astype(np.float32)
    m = StreamingAUC(bits=32).update(y, p)
    assert m.result() == pytest.approx(rocauc.roc_auc(y, p, average="macro"), abs=1e-12)
    per_class = StreamingAUC(bits=32, average=None).update(y, p).result()
    np.testing.assert_allclose(per_class, rocauc.roc_auc(y, p, average=None), atol=1e-12)
    weighted = StreamingAUC(bits=32, average="weighted").update(y, p).result()
    assert weighted == pytest.approx(rocauc.roc_auc(y, p, average="weighted"), abs=1e-12)
    micro = StreamingAUC(bits=32, average="micro").update(y, p).result()
    assert micro == pytest.approx(rocauc.roc_auc(y, p, average="micro"), abs=1e-12)


@given(multilabel_data())
def test_multilabel_macro_equals_exact(data):
    Y, S = data
    m = StreamingAUC(bits=32, multi_label=True).update(Y, S)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        assert m.result() == pytest.approx(rocauc.roc_auc(Y, S, average="macro"), abs=1e-12, nan_ok=True)


def test_two_column_softmax_is_the_positive_column():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 300)
    p1 = rng.random(300)
    both = np.c_[1 - p1, p1]
    a = StreamingAUC().update(y, both).result()
    assert a == StreamingAUC().update(y, p1).result()
    assert StreamingAUC().task is None
    logits = np.c_[np.zeros(300), np.log(p1 / (1 - p1))]
    assert StreamingAUC(from_logits=True).update(y, logits).result() == pytest.approx(a, abs=1e-6)


def test_multiclass_logits_use_the_softmax():
    rng = np.random.default_rng(2)
    y = rng.integers(0, 3, 400)
    z = rng.normal(size=(400, 3)) + np.eye(3)[y]
    m = StreamingAUC(bits=32, from_logits=True).update(y, z)
    assert m.result() == pytest.approx(rocauc.roc_auc(y, z, from_logits=True), abs=1e-6)
    assert m.task == "multiclass" and m.classes == [0, 1, 2]


def test_integer_class_codes_need_not_all_appear_in_a_batch():
    m = StreamingAUC()
    m.update([0, 1, 1], [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.5, 0.2]])
    m.update([2, 2], [[0.1, 0.1, 0.8], [0.3, 0.3, 0.4]])
    assert m.classes == [0, 1, 2] and 0 <= m.result() <= 1


def test_label_weights_weight_the_class_average():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 3, 300)
    p = rng.dirichlet(np.ones(3), 300)
    per = StreamingAUC(average=None).update(y, p).result()
    weighted = StreamingAUC(label_weights=[1, 0, 3]).update(y, p).result()
    assert weighted == pytest.approx((per[0] + 3 * per[2]) / 4, abs=1e-12)


def test_counts_and_curves_come_from_the_state():
    rng = np.random.default_rng(5)
    y = rng.integers(0, 3, 200)
    p = rng.dirichlet(np.ones(3), 200).astype(np.float32)
    m = StreamingAUC(bits=32).update(y, p)
    for j in range(3):
        exact = rocauc.binary_counts(y == j, p[:, j])
        c = m.counts(j)
        np.testing.assert_array_equal(c.thresholds, exact.thresholds)
        np.testing.assert_array_equal(c.tp, exact.tp)
        np.testing.assert_array_equal(c.fp, exact.fp)
    assert m.counts("micro").P == 200
    pr = StreamingAUC(bits=32, curve="PR").update(y == 1, p[:, 1]).curve()
    np.testing.assert_allclose(pr.precision, rocauc.precision_recall_curve(y == 1, p[:, 1]).precision)
    assert set(m.tables()) == {0, 1, 2}


# ------------------------------------------------------------------------------------------------ state


def test_dict_json_and_pickle_round_trips():
    rng = np.random.default_rng(6)
    for kw in ({}, {"bits": 20}, {"bits": 28, "average": "micro"}, {"thresholds": [0.2, 0.9], "curve": "PR"}):
        y = rng.integers(0, 3, 100)
        p = rng.dirichlet(np.ones(3), 100)
        m = StreamingAUC(**kw).update(y, p, rng.random(100))
        again = StreamingAUC.from_dict(json.loads(json.dumps(m.to_dict())))
        assert again == m and again.result() == m.result()
        assert pickle.loads(pickle.dumps(m)) == m
        # a state saved elsewhere merges with a local one
        local = StreamingAUC(**kw).update(y, p)
        merged = local + again
        assert merged.counts("micro").P == pytest.approx(local.counts("micro").P + m.counts("micro").P)


def test_merge_add_sum_and_reset():
    a = StreamingAUC().update([0, 1], [0.2, 0.8])
    b = StreamingAUC().update([1, 0], [0.3, 0.9])
    total = a + b
    assert total.result() == StreamingAUC().update([0, 1, 1, 0], [0.2, 0.8, 0.3, 0.9]).result()
    assert sum([a, b]) == total
    assert a.result() == 1.0  # + leaves its operands alone
    assert StreamingAUC().merge(a) == a
    assert a.merge(StreamingAUC()) == StreamingAUC().update([0, 1], [0.2, 0.8])
    a.reset()
    with pytest.raises(ValueError, match=r"no data yet: call update"):
        a.result()


def test_empty_and_fully_masked_batches_count_nothing():
    m = StreamingAUC().update([0, 1], [0.2, 0.8])
    before = m.to_dict()
    m.update([], [])
    m.update([0, 1], [0.9, 0.1], sample_weight=[0, 0])
    assert m.to_dict() == before


# ------------------------------------------------------------------------------------------------ bad input

SOFT3 = np.full((3, 3), 0.2) + 0.4 * np.eye(3)  # three rows of probabilities


def test_nan_scores_are_an_error():
    with pytest.raises(ValueError, match=r"y_score has 1 NaN value .*model diverged"):
        StreamingAUC().update([0, 1, 0], [0.1, np.nan, 0.3])


def test_soft_labels_are_an_error():
    with pytest.raises(ValueError, match=r"smoothed labels \(0.1/0.9\)"):
        StreamingAUC().update([0.1, 0.9, 0.9], [0.1, 0.8, 0.3])


def test_probabilities_outside_the_unit_interval_are_an_error():
    with pytest.raises(
        ValueError,
        match=r"2 values outside \[0, 1\] \(the first, 2.5, at index 1\).*"
        r"from_logits=True.*bits=20",
    ):
        StreamingAUC().update([0, 1, 0], [0.1, 2.5, -1.0])
    assert StreamingAUC(bits=20).update([0, 1, 0], [0.1, 2.5, -1.0]).result() == 1.0
    assert StreamingAUC(from_logits=True).update([0, 1, 0], [0.1, 2.5, -1.0]).result() == 1.0


def test_one_class_present_warns_and_gives_nan():
    m = StreamingAUC().update([1, 1], [0.2, 0.8])
    with pytest.warns(UndefinedMetricWarning, match=r"only one class is present in the data seen \(1\).*NaN"):
        assert np.isnan(m.result())
    with pytest.warns(UndefinedMetricWarning, match=r"only one class"):
        assert all(np.isnan(m.bounds()))
    y, p = [0, 0, 1], [[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1]]
    with pytest.warns(UndefinedMetricWarning, match=r"undefined for classes \[2\].*their values are NaN"):
        values = StreamingAUC(average=None).update(y, p).result()
    assert np.isnan(values[2]) and not np.isnan(values[:2]).any()
    with pytest.warns(UndefinedMetricWarning, match=r"left out of the average"):
        assert StreamingAUC().update(y, p).result() == pytest.approx(np.nanmean(values))


def test_multi_hot_labels_need_multi_label():
    with pytest.raises(ValueError, match=r"multi-label data. Pass multi_label=True"):
        StreamingAUC().update([[1, 1, 0], [0, 0, 1]], [[0.9, 0.8, 0.1], [0.1, 0.2, 0.9]])


def test_batches_of_another_problem_are_an_error():
    m = StreamingAUC().update([0, 1], [0.2, 0.7])
    with pytest.raises(ValueError, match=r"has seen binary data, but this batch is multiclass \(3 classes\)"):
        m.update([0, 1, 2], SOFT3)
    m = StreamingAUC(pos_label="b").update(["a", "b"], [0.2, 0.7])
    assert m.classes == ["a", "b"]
    m.update(["b", "b"], [0.3, 0.9])
    with pytest.raises(ValueError, match=r"say which one is the positive class with pos_label="):
        StreamingAUC().update(["a", "b"], [0.2, 0.7])


def test_merging_different_configurations_is_an_error():
    with pytest.raises(ValueError, match=r"different configurations: bits=None vs 20"):
        StreamingAUC().update([0, 1], [0.1, 0.2]).merge(StreamingAUC(bits=20))
    with pytest.raises(ValueError, match=r"different problems"):
        StreamingAUC().update([0, 1], [0.1, 0.2]).merge(StreamingAUC().update([0, 1, 2], SOFT3))
    with pytest.raises(TypeError, match=r"can only merge another StreamingAUC"):
        StreamingAUC().merge({"a": 1})


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"bits": 20, "num_thresholds": 50}, r"bits= selects the high-resolution buckets"),
        ({"curve": "PRGAINS"}, r"curve='PRGAINS' is not one of \('ROC', 'PR', 'PRGAIN'\)"),
        ({"summation_method": "trapezoid"}, r"summation_method='trapezoid' is not one of"),
        ({"average": "samples"}, r"average='samples' is not one of"),
        ({"num_labels": 3}, r"num_labels is needed only when multi_label=True"),
        ({"label_weights": [-1, 2]}, r"label_weights must be a 1-d list of non-negative numbers"),
        ({"label_weights": [1, 2], "average": "weighted"}, r"cannot be combined with average='weighted'"),
    ],
)
def test_bad_configuration(kw, message):
    with pytest.raises(ValueError, match=message):
        StreamingAUC(**kw)


def test_label_weights_and_num_labels_must_fit_the_data():
    with pytest.raises(ValueError, match=r"label_weights has 2 entries but the data has 3 classes"):
        StreamingAUC(label_weights=[1, 2]).update([0, 1, 2], SOFT3)
    with pytest.raises(ValueError, match=r"num_labels=3 but the data has 2 labels"):
        StreamingAUC(multi_label=True, num_labels=3).update([[0, 1], [1, 0]], [[0.1, 0.9], [0.8, 0.3]])


def test_bad_label_and_bad_state():
    m = StreamingAUC().update([0, 1, 2], SOFT3)
    with pytest.raises(ValueError, match=r"label=7 is not one of \[0, 1, 2\] \(or 'micro'\)"):
        m.counts(7)
    with pytest.raises(ValueError, match=r"not a StreamingAUC state"):
        StreamingAUC.from_dict({"columns": []})


# ------------------------------------------------------------------------------------------------ the boundary


@given(binary_data(weights=True), st.sampled_from(["bool", "int", "float"]), st.booleans())
def test_fast_input_path_equals_the_general_one(data, label_type, from_logits):
    y, s, w = data
    y = {"bool": y, "int": y.astype(np.int64), "float": y.astype(np.float32)}[label_type]
    positive = {"bool": True, "int": 1, "float": 1.0}[label_type]
    fast = normalize(y, s, sample_weight=w, from_logits=from_logits)
    general = normalize(y, s, sample_weight=w, from_logits=from_logits, pos_label=positive)
    assert (fast.task, fast.score_kind) == (general.task, general.score_kind)
    assert list(fast.classes) == list(general.classes)
    assert [type(c) for c in fast.classes] == [type(c) for c in general.classes]
    np.testing.assert_array_equal(fast.y, general.y)
    np.testing.assert_array_equal(fast.score, general.score)


def test_keras_adapter_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "keras", None)  # as if keras were not installed
    for name in ("rocauc.keras", "rocauc.integrations.keras"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.raises(ImportError, match=r"rocauc.keras needs the optional dependency 'keras'.*rocauc\[keras\]"):
        import rocauc.keras  # noqa: F401


@pytest.mark.parametrize("kw", [{"bits": 32}, {"bits": 20}, {"bits": 12}, {}])
def test_batch_of_zero_weights_merges_cleanly(kw):
    # a batch whose weights are all zero adds no cell; merging it must not fail (found by hypothesis)
    y = np.array([True, False, False])
    s = np.zeros(3)
    w = np.array([1.0, 1.0, 0.0])
    empty = StreamingAUC(**kw)
    empty.update(y[2:], s[2:], sample_weight=w[2:])
    full = StreamingAUC(**kw)
    full.update(y[:2], s[:2], sample_weight=w[:2])
    one_shot = StreamingAUC(**kw)
    one_shot.update(y, s, sample_weight=w)
    assert (empty + full).result() == pytest.approx(one_shot.result())
    assert (full + empty).result() == pytest.approx(one_shot.result())


def test_state_format_is_the_one_written_before_the_split_into_config_state_codec():
    # a version-1 state written by hand, in the format StreamingAUC.to_dict() has always produced
    from rocauc.streaming.config import StreamingConfig

    config = StreamingConfig.from_arguments(bits=8).to_dict()
    state = {
        "format": "rocauc.StreamingAUC",
        "version": 1,
        "config": config,
        "task": "binary",
        "classes": [0, 1],
        "exact": True,
        "columns": [{"buckets": [10, 200], "pos": [0.0, 2.0], "neg": [3.0, 1.0]}],
    }
    m = StreamingAUC.from_dict(state)
    assert m.to_dict() == state
    assert m.config() == StreamingAUC(bits=8).config() == config
    # 2 positives in the top bucket; negatives: 3 below, 1 tied with them -> (2*3 + 0.5*2*1) / (2*4)
    assert m.result() == pytest.approx(7 / 8)
    assert m.edges is m._config.edges and m.bits == 8 and m.num_thresholds is None
