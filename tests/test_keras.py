import warnings

import numpy as np
import pytest

keras = pytest.importorskip("keras")

import rocauc  # noqa: E402
import rocauc.keras as rk  # noqa: E402
from helpers import keras_auc_case  # noqa: E402
from rocauc import StreamingAUC  # noqa: E402


def feed(metric, batches):
    for b in batches:
        metric.update_state(*b)
    return metric


# ------------------------------------------------------------------------------------------------ the metric


def test_keras_documented_examples():
    m = rk.AUC(num_thresholds=3)
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    assert float(m.result()) == pytest.approx(0.75, abs=1e-6)
    assert m.thresholds == pytest.approx(keras.metrics.AUC(num_thresholds=3).thresholds)
    m.reset_state()
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], sample_weight=[1, 0, 0, 1])
    assert float(m.result()) == pytest.approx(1.0, abs=1e-6)


# JAX outside jit compiles every operation for every new shape: fewer seeds there (test_keras_parity.py has more)
@pytest.mark.parametrize("seed", range(40) if keras.backend.backend() != "jax" else range(8))
def test_equals_keras_on_random_inputs(seed):
    kw, batches = keras_auc_case(np.random.default_rng(seed), streaming=False)
    ours = feed(rk.AUC(**kw), batches)
    expected = float(feed(keras.metrics.AUC(**kw), batches).result())
    assert float(ours.result()) == pytest.approx(expected, abs=1e-6)
    # the exported state gives the same number through the numpy path
    assert ours.to_streaming().result() == pytest.approx(expected, abs=1e-6)


def test_high_resolution_equals_streaming_and_its_bounds_hold():
    rng = np.random.default_rng(1)
    y = (rng.random(3000) < 0.2).astype(np.float32)
    z = (rng.normal(size=3000) - 6 + 1.5 * y).astype(np.float32)  # rare-event logits
    m = feed(rk.AUC(bits=16, from_logits=True), [(y[:1000], z[:1000]), (y[1000:], z[1000:])])
    s = StreamingAUC(bits=16, from_logits=True).update(y, z)
    assert float(m.result()) == pytest.approx(s.result(), abs=1e-6)
    low, high = m.to_streaming().bounds()
    exact = rocauc.roc_auc(y, z)
    assert low <= exact <= high and high - low < 1e-2
    # Keras's linear thresholds on the sigmoid of these logits lose almost everything
    k = float(feed(keras.metrics.AUC(from_logits=True), [(y, z)]).result())
    assert abs(k - exact) > 5 * abs(float(m.result()) - exact)


def test_two_column_output_is_scored_on_the_positive_column():
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 400).astype(np.float32)
    p1 = rng.random(400).astype(np.float32)
    both = np.c_[1 - p1, p1]
    single = float(feed(rk.AUC(), [(y, p1)]).result())
    assert float(feed(rk.AUC(), [(y, both)]).result()) == pytest.approx(single, abs=1e-6)
    assert float(feed(rk.AUC(), [(np.eye(2)[y.astype(int)], both)]).result()) == pytest.approx(single, abs=1e-6)
    logits = np.c_[np.zeros(400), np.log(p1 / (1 - p1))].astype(np.float32)
    assert float(feed(rk.AUC(from_logits=True), [(y, logits)]).result()) == pytest.approx(single, abs=1e-5)


def test_multiclass_average_and_keras_flattening():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 4, 500)
    p = rng.dirichlet(np.ones(4), 500).astype(np.float32)
    onehot = np.eye(4, dtype=np.float32)[y]
    for average in ("macro", "weighted", "micro"):
        expected = StreamingAUC(average=average).update(y, p).result()
        assert float(feed(rk.AUC(average=average), [(onehot, p)]).result()) == pytest.approx(expected, abs=1e-6)
        assert float(feed(rk.AUC(average=average), [(y, p)]).result()) == pytest.approx(expected, abs=1e-6)
    flattened = float(feed(keras.metrics.AUC(), [(onehot, p)]).result())
    assert float(feed(rk.AUC(average="micro"), [(onehot, p)]).result()) == pytest.approx(flattened, abs=1e-6)
    per_class = feed(rk.AUC(average=None, bits=20), [(y, p)]).result()
    np.testing.assert_allclose(per_class, rocauc.roc_auc(y, p, average=None), atol=1e-4)
    logits = np.log(p)
    assert float(feed(rk.AUC(from_logits=True), [(y, logits)]).result()) == pytest.approx(
        StreamingAUC().update(y, p).result(), abs=1e-4
    )


def test_state_exports_counts_and_streaming_state():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, 200).astype(np.float32)
    s = rng.random(200).astype(np.float32)
    m = feed(rk.AUC(), [(y, s, rng.random(200))])
    st = m.to_streaming()
    assert st.counts().P == pytest.approx(m.counts().P) and st.task == "binary"
    assert StreamingAUC.from_dict(st.to_dict()) == st
    assert rk.AUC().to_streaming().task is None


def test_config_round_trip():
    m = rk.AUC(
        num_thresholds=50,
        curve="PR",
        summation_method="majoring",
        name="pr",
        multi_label=True,
        num_labels=3,
        label_weights=[1, 2, 3],
        from_logits=True,
        average="macro",
    )
    again = rk.AUC.from_config(m.get_config())
    assert again.get_config() == m.get_config()
    assert again.name == "pr" and again.multi_label and again.thresholds == m.thresholds
    t = rk.AUC(thresholds=[0.3, 0.1], bits=None)
    assert rk.AUC.from_config(t.get_config()).thresholds == t.thresholds
    h = rk.AUC(bits=12)
    assert rk.AUC.from_config(h.get_config()).get_config()["bits"] == 12
    assert keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(h)).get_config() == h.get_config()


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"bits": 30}, r"bits must be an integer from 1 to 24 for the Keras metric"),
        ({"bits": 16, "num_thresholds": 20}, r"bits= selects the high-resolution buckets"),
        ({"curve": "ROCX"}, r"curve='ROCX' is not one of"),
        ({"num_thresholds": 1}, r"num_thresholds must be an integer > 1"),
    ],
)
def test_bad_configuration(kw, message):
    with pytest.raises(ValueError, match=message):
        rk.AUC(**kw)


def test_shapes_that_do_not_fit():
    with pytest.raises(ValueError, match=r"multi_label=True needs y_pred of shape \(n, n_labels\)"):
        rk.AUC(multi_label=True).update_state([0, 1], [0.2, 0.3])
    with pytest.raises(ValueError, match=r"label_weights has 2 entries but y_pred has 3 columns"):
        rk.AUC(label_weights=[1, 2]).update_state([0, 1, 2], np.full((3, 3), 1 / 3))
    with pytest.raises(ValueError, match=r"y_pred has 2 columns, but this metric counts 3 columns"):
        rk.AUC(multi_label=True, num_labels=3).update_state([[0, 1]], [[0.2, 0.3]])
    m = rk.AUC()
    m.update_state([0, 1], [0.2, 0.3])
    with pytest.raises(ValueError, match=r"y_pred has 3 columns, but this metric counts a binary output"):
        m.update_state([0, 1], np.full((2, 3), 1 / 3))


# ------------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "y, s, kw, message",
    [
        ([0, 1, 1], [0.1, np.nan, 0.7], {}, r"y_pred held 1 NaN values"),
        ([0.1, 0.9, 0.9], [0.1, 0.6, 0.7], {}, r"y_true held 3 values that are not class labels.*smoothed labels"),
        ([0, 1, 1], [-1.5, 2.0, 0.5], {}, r"2 values outside \[0, 1\].*from_logits=True"),
        ([0, 1, 2], [[0.5, 0.5, 0.5], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]], {}, r"1 rows of y_pred did not sum to 1"),
        (
            [[1, 1, 0], [0, 1, 0], [0, 0, 1]],
            [[0.4, 0.3, 0.3], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]],
            {},
            r"1 rows of y_true did not hold exactly one 1.*multi_label=True",
        ),
        (
            [0, 3, 1],
            [[0.4, 0.3, 0.3], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]],
            {},
            r"held 1 values that are not class labels",
        ),
        ([0, 1], [[0.4, 0.3], [0.1, 0.8]], {}, r"2 rows of y_pred did not sum to 1"),
        (
            [0, 1, 1],
            [0.1, 0.6, 0.7],
            {"sample_weight": [1, -2, np.nan]},
            r"sample_weight held 2 negative or NaN values; weights must be >= 0",
        ),
    ],
)
def test_invalid_input_gives_nan_and_says_why(y, s, kw, message):
    m = rk.AUC()
    m.update_state(np.asarray(y, np.float32), np.asarray(s, np.float32), **kw)
    with pytest.warns(UserWarning, match=message):
        assert np.isnan(float(m.result()))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m.result()  # said once per state
    with pytest.raises(ValueError, match=message):
        m.check()
    with pytest.raises(ValueError, match=message):
        m.to_streaming()
    assert sum(m.issues().values()) > 0
    m.reset_state()
    assert sum(m.issues().values()) == 0


def test_masked_invalid_values_still_count():
    m = rk.AUC()
    m.update_state([0, 1, 1], [0.1, np.nan, 0.7], sample_weight=[1, 0, 1])
    assert m.issues()["nan"] == 1


def test_high_resolution_takes_any_real_score():
    m = rk.AUC(bits=12)
    m.update_state([0, 1, 1], [-1.5, 2.0, 0.5])
    assert float(m.result()) == 1.0 and sum(m.issues().values()) == 0


def test_one_class_present_gives_nan_not_zero():
    m = rk.AUC()
    m.update_state([1, 1], [0.2, 0.8])
    with pytest.warns(UserWarning, match=r"only one class is present in y_true.*keras.metrics.AUC would report 0"):
        assert np.isnan(float(m.result()))
    assert float(feed(keras.metrics.AUC(), [([1, 1], [0.2, 0.8])]).result()) == 0.0


# ------------------------------------------------------------------------------------------------ in a model


def binary_data(n=512, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    y = (x[:, 0] + 0.7 * rng.normal(size=n) > 0).astype(np.float32)
    return x, y


def small_model(outputs=1, activation="sigmoid"):
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(outputs, activation=activation)])


def test_compile_fit_evaluate_save_load(tmp_path):
    x, y = binary_data()
    model = small_model()
    model.compile(
        optimizer="adam",
        loss="binary_crossentropy",
        metrics=[rk.AUC(name="auc"), rk.AUC(bits=16, name="auc16"), keras.metrics.AUC(name="keras_auc")],
    )
    history = model.fit(x, y, epochs=2, batch_size=64, verbose=0, validation_data=(x, y))
    assert history.history["val_auc"][-1] == pytest.approx(history.history["val_keras_auc"][-1], abs=1e-6)
    result = model.evaluate(x, y, batch_size=64, verbose=0, return_dict=True)
    p = model.predict(x, verbose=0)
    assert result["auc"] == pytest.approx(StreamingAUC().update(y, p).result(), abs=1e-6)
    assert result["auc16"] == pytest.approx(StreamingAUC(bits=16).update(y, p).result(), abs=1e-6)
    assert abs(result["auc16"] - rocauc.roc_auc(y, p)) < 1e-3
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    again = loaded.evaluate(x, y, batch_size=64, verbose=0, return_dict=True)
    assert again["auc"] == pytest.approx(result["auc"], abs=1e-7)
    assert again["auc16"] == pytest.approx(result["auc16"], abs=1e-7)


# fit/evaluate with jit_compile=True, partial batches and more: tests/test_keras_models.py


# ------------------------------------------------------------------------------------------------ callback


def test_callback_drives_early_stopping():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(300, 3)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.float32)  # separable: the validation AUC reaches 1 and stops improving
    model = small_model(activation=None)
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss=keras.losses.BinaryCrossentropy(from_logits=True))
    model.layers[-1].set_weights([np.array([[1.0], [0.0], [0.0]], np.float32), np.zeros(1, np.float32)])
    callback = rk.ROCCallback((x[:100], y[:100]), keep_curves=True)
    stop = keras.callbacks.EarlyStopping(monitor="val_roc_auc", mode="max", patience=2)
    history = model.fit(x[100:], y[100:], epochs=20, batch_size=50, verbose=0, callbacks=[callback, stop])
    assert len(history.history["val_roc_auc"]) == 3  # 1, then no improvement twice
    assert history.history["val_roc_auc"] == callback.values == [1.0, 1.0, 1.0]
    assert len(callback.evaluations) == 3 and callback.evaluations[-1].roc_auc == 1.0


def test_callback_writes_the_exact_auc_each_epoch(tmp_path):
    x, y = binary_data(400, seed=6)
    model = small_model()
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="binary_crossentropy")
    callback = rk.ROCCallback((x[:200], y[:200]), name="val_auc_exact")
    best = keras.callbacks.ModelCheckpoint(
        tmp_path / "best.keras", monitor="val_auc_exact", mode="max", save_best_only=True
    )
    history = model.fit(x[200:], y[200:], epochs=3, batch_size=50, verbose=0, callbacks=[callback, best])
    assert history.history["val_auc_exact"][-1] == rocauc.roc_auc(y[:200], model.predict(x[:200], verbose=0))
    assert (tmp_path / "best.keras").exists()


def test_callback_multiclass_average():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(300, 3)).astype(np.float32)
    y = np.argmax(x, axis=1)
    model = small_model(3, "softmax")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    callback = rk.ROCCallback((x, y), average="weighted")
    model.fit(x, y, epochs=1, verbose=0, callbacks=[callback])
    assert callback.values[-1] == pytest.approx(
        rocauc.roc_auc(y, model.predict(x, verbose=0), average="weighted"), abs=1e-12
    )


def test_callback_arguments():
    with pytest.raises(ValueError, match=r"validation_data must be \(x, y\), \(x, y, sample_weight\)"):
        rk.ROCCallback((1, 2, 3, 4))
    with pytest.raises(ValueError, match=r"average='samples' is not one of"):
        rk.ROCCallback(([0], [1]), average="samples")
    with pytest.raises(ValueError, match=r"every must be a positive integer"):
        rk.ROCCallback(([0], [1]), every=0)


# ------------------------------------------------------------------------------------------------ evaluate_model


def test_evaluate_model_reads_the_output_activation():
    x, y = binary_data(300, seed=8)
    sigmoid = small_model()
    ev = rk.evaluate_model(sigmoid, x, y)
    p = sigmoid.predict(x, verbose=0)
    assert ev.roc_auc == rocauc.evaluate(y, p).roc_auc
    assert ev.to_dict()["model_output"] == {"activation": "sigmoid", "from_logits": False}
    assert ev.decision.to_dict() == rocauc.evaluate(y, p).decision.to_dict()
    assert ev.roc_auc_interval.to_dict() == rocauc.evaluate(y, p).roc_auc_interval.to_dict()
    quick = rk.evaluate_model(sigmoid, x, y, ci=None, operating_point="youden")
    assert quick.operating_point.threshold == rocauc.evaluate(y, p, operating_point="youden").operating_point.threshold

    logits = small_model(activation=None)
    ev = rk.evaluate_model(logits, x, y)
    assert ev.score_kind == "logit" and ev.extras["model_output"]["from_logits"] is True
    expected = rocauc.evaluate(y, logits.predict(x, verbose=0), from_logits=True)
    assert ev.decision.to_dict() == expected.decision.to_dict()

    rng = np.random.default_rng(9)
    k = rng.integers(0, 3, 300)
    linear3 = small_model(3, None)
    ev = rk.evaluate_model(linear3, x, k)
    assert ev.task == "multiclass"
    assert ev.roc_auc == pytest.approx(rocauc.roc_auc(k, linear3.predict(x, verbose=0), from_logits=True))

    labels = (rng.random((300, 3)) < 0.5).astype(int)
    labels[0], labels[1] = 1, 0
    sig3 = small_model(3, "sigmoid")
    ev = rk.evaluate_model(sig3, x, np.eye(3, dtype=int)[k])  # one-hot rows, but independent sigmoid outputs
    assert ev.task == "multilabel"
    assert rk.evaluate_model(sig3, x, labels).task == "multilabel"
    soft = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3), keras.layers.Softmax()])
    assert rk.evaluate_model(soft, x, k).task == "multiclass"


def test_evaluate_model_walks_a_dataset_once():
    torch = pytest.importorskip("torch")
    x, y = binary_data(300, seed=10)
    model = small_model()
    w = np.random.default_rng(11).random(300).astype(np.float32)
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(w)),
        batch_size=64,
        shuffle=True,
    )
    expected = rocauc.roc_auc(y, model.predict(x, verbose=0), sample_weight=w)
    assert rk.evaluate_model(model, loader).roc_auc == pytest.approx(expected, abs=1e-12)

    def batches():
        for i in range(0, 300, 100):
            yield x[i : i + 100], y[i : i + 100]

    assert rk.evaluate_model(model, batches()).roc_auc == pytest.approx(rocauc.roc_auc(y, model.predict(x, verbose=0)))

    class Data(keras.utils.PyDataset):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return x[i * 100 : (i + 1) * 100], y[i * 100 : (i + 1) * 100]

    assert rk.evaluate_model(model, Data()).roc_auc == pytest.approx(rocauc.roc_auc(y, model.predict(x, verbose=0)))


def test_evaluate_model_errors():
    x, y = binary_data(50)
    model = small_model()
    with pytest.raises(ValueError, match=r"y is required when x holds the inputs themselves"):
        rk.evaluate_model(model, x)
    with pytest.raises(ValueError, match=r"x yields batches without targets"):
        rk.evaluate_model(model, (b for b in [x]))
    with pytest.raises(ValueError, match=r"x yielded no batches"):
        rk.evaluate_model(model, iter([]))


def test_output_activation():
    assert rk.output_activation(small_model()) == "sigmoid"
    assert rk.output_activation(small_model(activation=None)) == "linear"
    inputs = keras.Input((3,))
    functional = keras.Model(inputs, keras.layers.Activation("softmax")(keras.layers.Dense(3)(inputs)))
    assert rk.output_activation(functional) == "softmax"
    two = keras.Model(inputs, [keras.layers.Dense(1)(inputs), keras.layers.Dense(2)(inputs)])
    assert rk.output_activation(two) is None
    assert rk.output_activation(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="relu")])) is None


def test_docstring_examples():
    import doctest

    from rocauc.integrations import keras as keras_adapter  # the code behind the public path rocauc.keras

    result = doctest.testmod(keras_adapter, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
