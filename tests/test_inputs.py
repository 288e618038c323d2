"""The input boundary: what is accepted, and an error or warning that names the fix for everything else."""

import numpy as np
import pandas as pd
import pytest

import rocauc
from rocauc.core.inputs import normalize

Y = [0, 1, 0, 1]
S = [0.1, 0.9, 0.3, 0.6]


# ----------------------------------------------------------------------------------------------- accepted forms


def test_accepts_lists_numpy_pandas_and_tensors():
    torch = pytest.importorskip("torch")
    expected = rocauc.roc_auc(Y, S)
    assert rocauc.roc_auc(np.array(Y), np.array(S)) == expected
    assert rocauc.roc_auc(pd.Series(Y), pd.Series(S)) == expected
    assert rocauc.roc_auc(pd.DataFrame({"y": Y}), pd.DataFrame({"s": S})) == expected
    scores = torch.tensor(S, requires_grad=True)
    assert rocauc.roc_auc(torch.tensor(Y), scores) == pytest.approx(expected)


def test_keras_tensor_input():
    keras = pytest.importorskip("keras")
    assert rocauc.roc_auc(keras.ops.convert_to_tensor(Y), keras.ops.convert_to_tensor(S)) == pytest.approx(
        rocauc.roc_auc(Y, S)
    )


def test_task_inference():
    assert normalize(Y, S).task == "binary"
    assert normalize(Y, [[0.9, 0.1], [0.2, 0.8], [0.5, 0.5], [0.4, 0.6]]).task == "binary"
    assert normalize([0, 1, 2], np.eye(3)[[0, 1, 2]] * 0.8 + 0.2 / 3).task == "multiclass"
    assert normalize(np.eye(3)[[0, 1, 2, 0]], np.full((4, 3), 1 / 3)).task == "multiclass"
    assert normalize([[1, 1], [0, 1], [0, 0]], [[0.2, 0.3], [0.4, 0.5], [0.1, 0.9]]).task == "multilabel"
    assert normalize(np.eye(2)[[0, 1, 1]], [0.1, 0.9, 0.8]).task == "binary"


def test_one_hot_rows_can_be_multilabel_when_told():
    p = normalize(
        np.eye(3)[[0, 1, 2]], np.array([[0.9, 0.8, 0.1], [0.2, 0.7, 0.3], [0.1, 0.1, 0.9]]), task="multilabel"
    )
    assert p.task == "multilabel"


def test_labels_fix_the_column_order():
    y = np.array(["cat", "dog", "bird", "dog"])
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.3, 0.6, 0.1]])
    # columns are cat, dog, bird
    per_class = rocauc.roc_auc(y, p, labels=["cat", "dog", "bird"], average=None)
    assert per_class.tolist() == [1.0, 1.0, 1.0]


def test_numeric_labels_greater_is_positive():
    assert rocauc.roc_auc([1, 2, 2, 1], [0.1, 0.9, 0.8, 0.2]) == 1.0


def test_pos_label_missing_from_data_but_valid():
    with pytest.warns(rocauc.UndefinedMetricWarning):
        assert np.isnan(rocauc.roc_auc([0, 0], [0.1, 0.3], pos_label=1))


# ----------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(y_true=[0, 1, 1], y_score=[0.1, 0.2]), ValueError, r"y_true has 3 samples but y_score has 2"),
        (dict(y_true=[], y_score=[]), ValueError, "empty input"),
        (
            dict(y_true=[0, 1, 0, 1], y_score=[0.1, np.nan, 0.2, np.nan]),
            ValueError,
            r"y_score has 2 NaN values \(the first, nan, at index 1\)",
        ),
        (dict(y_true=[0, 1], y_score=[0.1, np.inf]), ValueError, r"1 infinite value .*index 1"),
        (
            dict(y_true=[0, 1], y_score=[0.1, 0.2], sample_weight=[1.0, -1.0]),
            ValueError,
            r"sample_weight has 1 negative values \(the first, -1.0, at index 1\)",
        ),
        (dict(y_true=[0, 1], y_score=[0.1, 0.2], sample_weight=[1.0, np.nan]), ValueError, "sample_weight has 1 NaN"),
        (
            dict(y_true=[0, 1], y_score=[0.1, 0.2], sample_weight=[1.0]),
            ValueError,
            "sample_weight has 1 values but there are 2 samples",
        ),
        (dict(y_true=[0, 1], y_score=[0.1, 0.2], sample_weight=[0.0, 0.0]), ValueError, "zero for every sample"),
        (dict(y_true=[0, 1], y_score=[0.1, 0.2], pos_label=3), ValueError, r"pos_label=3 is not among the labels"),
        (
            dict(y_true=["a", "b"], y_score=[0.1, 0.2]),
            ValueError,
            r"say which one is the positive class with pos_label",
        ),
        (
            dict(y_true=[0, 1, 2], y_score=[[0.5, 0.5, 0.5]] * 3),
            ValueError,
            r"rows of 3-class y_score must sum to 1.*from_logits=True",
        ),
        (
            dict(y_true=[0, 1, 2], y_score=[[2.0, -1.0, 0.0]] * 3),
            ValueError,
            r"must hold probabilities in \[0, 1\].*from_logits=True",
        ),
        (
            dict(y_true=[0, 1], y_score=[[0.9, 0.9], [0.1, 0.2]]),
            ValueError,
            r"two-column y_score must sum to 1.*y_score\[:, 1\]",
        ),
        (
            dict(y_true=[0, 1, 2, 1], y_score=np.full((4, 4), 0.25)),
            ValueError,
            r"y_true has 3 classes .* but y_score has 4 columns; pass labels=",
        ),
        (dict(y_true=[0, 1, 2, 3], y_score=np.full((4, 3), 1 / 3)), ValueError, r"4 classes .* 3 columns"),
        (
            dict(y_true=[0, 1, 2], y_score=[0.1, 0.5, 0.9]),
            ValueError,
            r"3 classes .* one column; pass one score column per class",
        ),
        (dict(y_true=[0.1, 0.9, 0.9], y_score=[0.1, 0.5, 0.9]), ValueError, r"non-integer values .*smoothed labels"),
        (
            dict(y_true=[[2, 0], [1, 0]], y_score=[[0.1, 0.9], [0.5, 0.5]]),
            ValueError,
            r"indicator matrix .*only 0 and 1",
        ),
        (
            dict(y_true=[[0.1, 0.9], [1, 0]], y_score=[[0.1, 0.9], [0.5, 0.5]]),
            ValueError,
            r"non-integer values .*index \(0, 0\)",
        ),
        (dict(y_true=[0, 1], y_score=["a", "b"]), TypeError, r"y_score must be numeric.*'a' at index 0"),
        (dict(y_true=[0, 1], y_score=np.zeros((2, 2, 2))), ValueError, r"y_score must have shape"),
        (
            dict(y_true=[0, 1, 5], y_score=np.full((3, 2), 0.5), labels=[0, 1]),
            ValueError,
            r"not in labels=\[0, 1\]: \[5\]",
        ),
        (dict(y_true=[0, 1], y_score=[0.2, 0.4], task="other"), ValueError, r"task='other' is not one of"),
        (dict(y_true=[0, 1], y_score=[0.2, 0.4], max_fpr=0), ValueError, r"max_fpr must be a number in \(0, 1\]"),
        (
            dict(y_true=[0, 1, 2], y_score=np.eye(3) * 0.5 + 1 / 6, average="samples"),
            ValueError,
            "average='samples' is not supported for multiclass",
        ),
        (dict(y_true=[0, 1, 2], y_score=np.eye(3) * 0.5 + 1 / 6, multi_class="ovx"), ValueError, r"multi_class='ovx'"),
        (
            dict(y_true=[0, 1, 2], y_score=np.eye(3) * 0.5 + 1 / 6, multi_class="ovo", average="micro"),
            ValueError,
            "not supported for multi_class='ovo'",
        ),
        (
            dict(y_true=[0, 1, 2], y_score=np.eye(3) * 0.5 + 1 / 6, multi_class="ovo", max_fpr=0.5),
            ValueError,
            "not available with multi_class='ovo'",
        ),
        (
            dict(y_true=[0, 1, 2], y_score=np.eye(3) * 0.5 + 1 / 6, pos_label=1),
            ValueError,
            "pos_label applies to binary problems only",
        ),
        (
            dict(y_true=[[1, 0], [0, 1]], y_score=[0.2, 0.4], task="multilabel"),
            ValueError,
            r"y_score must have shape \(n, 2\)",
        ),
        (dict(y_true=[0, 1], y_score=[0.2, 0.4], task="multilabel"), ValueError, "indicator matrix of shape"),
        (
            dict(y_true=[[1, 1], [0, 1]], y_score=[[0.2, 0.8], [0.5, 0.5]], task="binary"),
            ValueError,
            "needs one label per row",
        ),
        (
            dict(y_true=[0, 1, 2], y_score=[0.2, 0.4, 0.3], task="binary"),
            ValueError,
            "task='binary' but y_true has 3 classes",
        ),
        (dict(y_true=[None, 1], y_score=[0.2, 0.4]), ValueError, "missing label"),
        (dict(y_true=[0, 1], y_score=None), TypeError, "y_score is None"),
        (dict(y_true=[0, 1, 1], y_score=[0.1, 0.2, 0.3], labels=[0, 0, 1]), ValueError, "labels has repeated entries"),
        (dict(y_true=[0, 1], y_score=[0.1, 0.2], sample_weight=["a", "b"]), TypeError, "sample_weight must be numeric"),
    ],
)
def test_bad_input_errors_name_the_fix(kwargs, error, match):
    with pytest.raises(error, match=match):
        rocauc.roc_auc(**kwargs)


def test_nan_index_in_2d_scores_is_row_and_column():
    with pytest.raises(ValueError, match=r"at index \(1, 2\)"):
        rocauc.roc_auc([0, 1, 2], [[0.2, 0.3, 0.5], [0.2, 0.3, np.nan], [0.2, 0.3, 0.5]])


def test_mixed_label_types():
    with pytest.raises(TypeError, match="mixes label types"):
        rocauc.roc_auc(np.array([1, "a", 1, "a"], dtype=object), [0.1, 0.2, 0.3, 0.4])


def test_roc_curve_rejects_multiclass_with_hint():
    with pytest.raises(ValueError, match=r"roc_curve takes a binary problem.*rocauc.evaluate"):
        rocauc.roc_curve([0, 1, 2], np.eye(3) * 0.5 + 1 / 6)


def test_hard_multiclass_predictions_warn():
    with pytest.warns(rocauc.HardPredictionWarning):
        rocauc.roc_auc([0, 1, 2, 1], np.eye(3)[[0, 1, 2, 2]])


def test_warning_points_at_the_callers_line():
    with pytest.warns(rocauc.UndefinedMetricWarning) as record:
        rocauc.roc_auc([1, 1], [0.1, 0.2])
    assert record[0].filename == __file__
