"""rocauc.keras.AUC against keras.metrics.AUC on the backend of KERAS_BACKEND, in every configuration Keras has:
curves ROC/PR/PRGAIN, the three summation methods, linear or user thresholds, multi_label on and off (off with
several columns: ``average="micro"``, Keras's flattening), label_weights, from_logits, per-row and per-value
sample weights, rank-3 (per time step) inputs. Backend-agnostic: numpy inputs, keras.ops inside the metric."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import rocauc.keras as rk  # noqa: E402
from rocauc import StreamingAUC  # noqa: E402

LAYOUTS = ("binary", "binary_column", "multi_label", "pooled", "rank3", "rank3_pooled", "rank3_multi_label")


def both(kw, batches, ours_kw=None, keras_batches=None):
    """(ours, Keras's) result after the same batches (Keras's may be reshaped where it refuses our shapes)."""
    ours = rk.AUC(**kw, **(ours_kw or {}))
    theirs = keras.metrics.AUC(**kw)
    for b in batches:
        ours.update_state(*b)
    for b in keras_batches or batches:
        theirs.update_state(*b)
    value = float(ours.result())  # read outside a compiled step: computed in numpy from a copy of the state
    # inside a compiled step (no concrete values), keras.ops compute the same number
    compiled = float(ours.stateless_result([v.value for v in ours.variables]))
    assert compiled == pytest.approx(value, abs=1e-6, rel=1e-5, nan_ok=True)
    return value, float(theirs.result())


@st.composite
def cases(draw):
    """A keras.metrics.AUC configuration, our extra arguments, and data in batches (ours, Keras's)."""
    kw = {
        "curve": draw(st.sampled_from(["ROC", "PR", "PRGAIN"])),
        "summation_method": draw(st.sampled_from(["interpolation", "minoring", "majoring"])),
    }
    edges = draw(st.sampled_from(["default", "num_thresholds", "thresholds", "even_thresholds"]))
    if edges == "num_thresholds":
        kw["num_thresholds"] = draw(st.integers(2, 300))
    elif edges == "thresholds":
        kw["thresholds"] = draw(st.lists(st.floats(0, 1, width=32), min_size=1, max_size=40))
    elif edges == "even_thresholds":
        m = draw(st.integers(1, 30))
        kw["thresholds"] = [(i + 1) / (m + 1) for i in range(m)]
    layout = draw(st.sampled_from(LAYOUTS))
    logits = draw(st.booleans())
    if logits:
        kw["from_logits"] = True
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    k = 1 if layout.startswith("binary") or layout == "rank3" else int(rng.integers(2, 5))
    steps = int(rng.integers(2, 6)) if layout.startswith("rank3") else None
    n = draw(st.integers(4, 150))
    shape = (n,) if layout == "binary" else (n, k) if steps is None else (n, steps, k)
    y = (rng.random(shape) < rng.uniform(0.1, 0.9)).astype(np.float32)
    flat_y = y.reshape(-1, k) if k > 1 else y.reshape(-1)
    flat_y[0], flat_y[1] = 1, 0  # every label has both classes
    s = rng.random(shape).astype(np.float32)
    if draw(st.booleans()):
        s = np.round(s, int(rng.integers(1, 3))).astype(np.float32)  # ties, and scores on the thresholds
    if logits:
        s = (rng.normal(size=shape) * 3).astype(np.float32)
    ours_kw = {}
    if layout in ("multi_label", "rank3_multi_label"):
        kw["multi_label"] = True
    elif k > 1:
        ours_kw["average"] = "micro"  # Keras's flattening
    if k > 1 and draw(st.booleans()):
        # eighths: exact in float32, so that Keras's own float32 sums are exact too
        kw["label_weights"] = (rng.integers(1, 17, k) / 8).tolist()
    weighting = draw(st.sampled_from(["none", "row", "value", "position"]))
    w = None
    if weighting == "row":
        w = rng.integers(0, 4, n).astype(np.float32)
    elif weighting == "value" or (weighting == "position" and steps is not None):
        w = rng.integers(0, 4, shape if weighting == "value" else (n, steps)).astype(np.float32)
    if w is not None:
        w.reshape(n, -1)[:2] = 1  # the rows that hold both classes count
    cuts = np.sort(rng.integers(0, n, int(rng.integers(0, 3))))
    parts = [p for p in np.split(np.arange(n), cuts) if p.size]
    ours = [(y[p], s[p], None if w is None else w[p]) for p in parts]
    theirs = None
    if steps is not None and (layout == "rank3_multi_label" or (w is not None and w.ndim == 1)):
        # Keras refuses rank 3 with multi_label=True and per-sequence weights: give it the same data flattened
        def flat(a):
            return a.reshape(-1, k)

        def flat_weights(wb):
            return None if wb is None else np.repeat(wb, steps) if wb.ndim == 1 else wb.reshape(len(wb) * steps, -1)

        theirs = [(flat(yb), flat(sb), flat_weights(wb)) for yb, sb, wb in ours]
    return kw, ours_kw, ours, theirs


# JAX outside jit compiles every operation for every new shape: fewer (still random) configurations there
FEWER_ON_JAX = {"max_examples": 20} if keras.backend.backend() == "jax" else {}


@settings(deadline=None, **FEWER_ON_JAX)
@given(cases())
def test_equals_keras_in_every_configuration(case):
    kw, ours_kw, batches, keras_batches = case
    ours, theirs = both(kw, batches, ours_kw, keras_batches)
    # PRGAIN's precision gain reaches large negative values where few positives are found: relative there
    assert ours == pytest.approx(theirs, abs=1e-6, rel=1e-5 if kw["curve"] == "PRGAIN" else 0)


def test_keras_documented_examples():
    kw = {"num_thresholds": 3}
    assert both(kw, [([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])]) == pytest.approx((0.75, 0.75), abs=1e-7)
    assert both(kw, [([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1])]) == pytest.approx((1.0, 1.0), abs=1e-7)
    # the thresholds Keras documents: [0 - 1e-7, 0.5, 1 + 1e-7], and its multi_label=False flattening of
    # multi-label data (each label-prediction pair one data point), here with average="micro"
    assert rk.AUC(**kw).thresholds == pytest.approx(keras.metrics.AUC(**kw).thresholds)
    y = [[0, 1, 1], [1, 1, 0], [0, 0, 1], [1, 0, 0]]
    s = [[0.1, 0.8, 0.6], [0.7, 0.9, 0.2], [0.3, 0.4, 0.5], [0.6, 0.1, 0.4]]
    ours, theirs = both({}, [(y, s)], {"average": "micro"})
    assert ours == pytest.approx(theirs, abs=1e-6) and ours == pytest.approx(
        StreamingAUC().update(np.ravel(y), np.ravel(s)).result(), abs=1e-6
    )


def test_two_logit_columns_with_multi_hot_labels():
    """Issue 9: two logit columns and labels [[0, 0], [0, 0], [1, 1], [1, 1]] gave 0.375 without a word."""
    y = np.array([[0, 0], [0, 0], [1, 1], [1, 1]], np.float32)
    z = np.array([[-1.0, 2.0], [0.5, -1.0], [1.0, 0.2], [2.0, 1.5]], np.float32)
    ours, theirs = both({"from_logits": True}, [(y, z)], {"average": "micro"})
    assert ours == pytest.approx(theirs, abs=1e-6)
    m = rk.AUC(from_logits=True)
    m.update_state(y, z)
    with pytest.warns(UserWarning, match=r"4 rows of y_true did not hold exactly one 1.*average='micro'"):
        assert np.isnan(float(m.result()))


def test_multi_hot_labels_without_multi_label_say_how_to_get_kerass_number():
    rng = np.random.default_rng(0)
    y = (rng.random((40, 3)) < 0.5).astype(np.float32)
    s = rng.random((40, 3)).astype(np.float32)
    m = rk.AUC()
    m.update_state(y, s)
    with pytest.warns(
        UserWarning,
        match=r"rows of y_true did not hold exactly one 1.*pass multi_label=True.*"
        r"average='micro' for keras.metrics.AUC's number",
    ):
        assert np.isnan(float(m.result()))
    ours, theirs = both({}, [(y, s)], {"average": "micro"})
    assert ours == pytest.approx(theirs, abs=1e-6)


def test_prgain_matches_keras_and_the_numpy_path():
    rng = np.random.default_rng(1)
    y = (rng.random(500) < 0.3).astype(np.float32)
    s = np.clip(0.3 * y + 0.7 * rng.random(500), 0, 1).astype(np.float32)
    for method in ("interpolation", "minoring", "majoring"):
        kw = {"curve": "PRGAIN", "summation_method": method}
        ours, theirs = both(kw, [(y, s)])
        assert ours == pytest.approx(theirs, abs=1e-6)
        assert StreamingAUC(**kw).update(y, s).result() == pytest.approx(theirs, abs=1e-6)
    with pytest.raises(ValueError, match=r"bounds\(\) are certified for curve='ROC' and curve='PR' only"):
        StreamingAUC(curve="PRGAIN").update(y, s).bounds()


def test_rank3_inputs_are_flattened_as_keras_does():
    rng = np.random.default_rng(2)
    y = (rng.random((8, 6, 1)) < 0.4).astype(np.float32)
    s = rng.random((8, 6, 1)).astype(np.float32)
    w = rng.random((8, 6)).astype(np.float32)
    assert both({}, [(y, s, w)]) == pytest.approx(both({}, [(y.reshape(-1), s.reshape(-1), w.reshape(-1))]), abs=1e-6)
    per_sequence = rng.random(8).astype(np.float32)  # Keras refuses (n,) weights at rank 3; we broadcast them
    ours, theirs = both({}, [(y, s, per_sequence)], keras_batches=[(y, s, np.repeat(per_sequence, 6).reshape(8, 6))])
    assert ours == pytest.approx(theirs, abs=1e-6)


def test_per_label_sample_weight():
    rng = np.random.default_rng(3)
    y = (rng.random((60, 3)) < 0.5).astype(np.float32)
    y[0], y[1] = 1, 0
    s = rng.random((60, 3)).astype(np.float32)
    w = rng.random((60, 3)).astype(np.float32)
    for ours_kw, kw in (({}, {"multi_label": True}), ({"average": "micro"}, {})):
        ours, theirs = both(kw, [(y, s, w)], ours_kw)
        assert ours == pytest.approx(theirs, abs=1e-6)
    # one-vs-rest classes take their column's weight
    classes = np.argmax(s, axis=1)
    p = s / s.sum(axis=1, keepdims=True)
    m = rk.AUC(average=None)
    m.update_state(np.eye(3, dtype=np.float32)[classes], p, w)
    for j in range(3):
        expected = StreamingAUC().update(classes == j, p[:, j], sample_weight=w[:, j]).result()
        assert float(m.result()[j]) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    "shape, layout, message",
    [
        ((6, 3), {}, r"sample_weight of shape \(6, 3\) does not fit y_pred of shape \(6, 2\)"),
        ((6, 2), {}, r"sample_weight gives a weight per column, but a two-column output is one binary problem"),
    ],
)
def test_sample_weights_that_do_not_fit(shape, layout, message):
    m = rk.AUC(**layout)
    with pytest.raises(ValueError, match=message):
        m.update_state(
            np.eye(2, dtype=np.float32)[[0, 1, 0, 1, 0, 1]],
            np.full((6, 2), 0.5, np.float32),
            np.ones(shape, np.float32),
        )


def test_label_weights_on_a_two_column_output():
    with pytest.raises(ValueError, match=r"a two-column output is one binary problem scored on its second column"):
        rk.AUC(label_weights=[1, 2]).update_state([0, 1], [[0.6, 0.4], [0.2, 0.8]])


def test_label_and_score_columns_of_one():
    y, s = np.array([0, 1, 1, 0], np.float32), np.array([0.2, 0.7, 0.4, 0.5], np.float32)
    for yb, sb in ((y[:, None], s), (y, s[:, None]), (y[:, None], s[:, None])):
        assert both({}, [(yb, sb)]) == pytest.approx(both({}, [(y, s)]), abs=1e-7)


def test_labels_that_do_not_fit():
    with pytest.raises(ValueError, match=r"y_true of shape \(2, 3\) does not fit y_pred of shape \(2, 2\)"):
        rk.AUC().update_state(np.zeros((2, 3)), [[0.6, 0.4], [0.2, 0.8]])


def test_config_counts_user_thresholds_as_keras_does():
    ours, theirs = rk.AUC(thresholds=[0.3, 0.1]), keras.metrics.AUC(thresholds=[0.3, 0.1])
    assert ours.get_config()["num_thresholds"] == theirs.get_config()["num_thresholds"] == 4
    again = rk.AUC.from_config(ours.get_config())
    assert again.thresholds == ours.thresholds == pytest.approx(theirs.thresholds)
