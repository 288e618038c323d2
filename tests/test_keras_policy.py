"""The Keras metric's compiled averaging and area arithmetic held equal to the numpy rules (``_policy.combine``,
``_scores``) that StreamingAUC applies to the same tables: the one compiled copy the design allows."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

keras = pytest.importorskip("keras")

import rocauc.keras as rk  # noqa: E402
from rocauc import StreamingAUC  # noqa: E402
from rocauc.integrations import keras as keras_impl  # noqa: E402


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    average=st.sampled_from(["macro", "weighted", "micro", None]),
    curve=st.sampled_from(["ROC", "PR"]),
    summation=st.sampled_from(["interpolation", "minoring", "majoring"]),
    label_weights=st.booleans(),
    drop=st.booleans(),
)
def test_compiled_average_and_area_equal_numpy(seed, average, curve, summation, label_weights, drop):
    rng = np.random.default_rng(seed)
    n, k = 120, 3
    y = (rng.random((n, k)) < 0.4).astype(np.float32)
    if drop:  # a label without positives: undefined, left out of the average (and NaN per label)
        y[:, 1] = 0
    s = np.clip(rng.random((n, k)) * 0.7 + 0.3 * y, 0, 1).astype(np.float32)
    weights = rng.random(k) + 0.1 if label_weights and average != "weighted" else None
    kw = dict(
        curve=curve, summation_method=summation, multi_label=True, num_labels=k, label_weights=weights, average=average
    )
    metric = rk.AUC(**kw)
    metric.update_state(y, s)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the undefined-label warnings are tested elsewhere
        eager = np.asarray(metric.result(), dtype=np.float64)  # averaged by _policy.combine
        # as in a compiled step (no concrete values): the compiled copy of the averaging
        compiled = np.asarray(metric.stateless_result([v.value for v in metric.variables]), dtype=np.float64)
        expected = np.asarray(StreamingAUC(**kw).update(y, s).result(), dtype=np.float64)
    np.testing.assert_allclose(compiled, expected, rtol=2e-5, atol=2e-6, equal_nan=True)
    np.testing.assert_allclose(eager, expected, rtol=2e-5, atol=2e-6, equal_nan=True)


def test_eager_results_are_averaged_by_the_policy_combinator(monkeypatch):
    calls = []
    combine = keras_impl._policy.combine

    def spy(values, weights=None, **kw):
        calls.append((np.array(values), None if weights is None else np.array(weights)))
        return combine(values, weights, **kw)

    monkeypatch.setattr(keras_impl._policy, "combine", spy)
    y = np.array([[0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 0, 0]], np.float32)
    s = np.array([[0.2, 0.9, 0.6], [0.7, 0.3, 0.8], [0.1, 0.6, 0.4], [0.9, 0.2, 0.3]], np.float32)
    m = rk.AUC(multi_label=True, average="weighted")
    m.update_state(y, s)
    assert float(m.result()) == pytest.approx(StreamingAUC(multi_label=True, average="weighted").update(y, s).result())
    ((values, weights),) = calls
    assert values.shape == (3,) and weights.tolist() == [2.0, 2.0, 2.0]  # the positives per label
    calls.clear()
    m.stateless_result([v.value for v in m.variables])  # a compiled step: the compiled copy, no numpy
    assert not calls
