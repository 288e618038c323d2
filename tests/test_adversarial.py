"""The adversarial catalog (issue 8): inputs an adversarial user tries, each with the right number (against
scikit-learn or a definitional reference) or the exact error. Plus a fuzz against scikit-learn and a fuzz of
serialized states with random corruptions.

Case numbers in the comments are the items of the issue.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

import rocauc
from reference import pair_auc  # tests/reference.py: O(n0*n1) pair counting
from rocauc import Counts, StreamingAUC
from rocauc.cli import main
from rocauc.core import validation as V


def exact(message: str) -> str:
    """A pattern matching ``message`` literally and entirely."""
    return "^" + re.escape(message) + "$"


@contextlib.contextmanager
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


Y4 = [0, 1, 1, 0]
S4 = [0.2, 0.9, 0.6, 0.4]


# ============================================================ 1. big integers


def test_integer_scores_beyond_2_53_that_float64_merges_are_refused():
    with pytest.raises(
        ValueError,
        match=exact(
            "y_score holds integers beyond 2**53 (the first, 9007199254740993, at index 0) that a float64 cannot "
            "tell apart, so their order would be lost; pass their ranks (e.g. scipy.stats.rankdata(y_score)) or the "
            "scores before they were scaled to integers."
        ),
    ):
        rocauc.roc_auc([0, 1], np.array([2**53 + 1, 2**53]))


@pytest.mark.parametrize("fn", [rocauc.roc_auc, rocauc.average_precision, rocauc.roc_curve, rocauc.evaluate])
def test_big_integer_refusal_is_the_same_everywhere(fn):
    with pytest.raises(ValueError, match="y_score holds integers beyond 2\\*\\*53"):
        fn([0, 1, 0], np.array([2**62 + 1, 2**62, 3], dtype=np.int64))


def test_big_integers_that_float64_keeps_apart_keep_their_order():
    # spaced by 2**11, exactly representable: the order is exact, and so is the AUC
    s = np.array([2**62 + 2**11, 2**62, 2**62 + 2**12, -(2**62)], dtype=np.int64)
    y = np.array([0, 1, 1, 0])
    assert rocauc.roc_auc(y, s) == pair_auc(y.astype(bool), np.argsort(np.argsort(s)).astype(float)) == 0.75


def test_uint64_beyond_2_63_keeps_order_when_representable():
    s = np.array([2**63 + 2**12, 2**63], dtype=np.uint64)
    assert rocauc.roc_auc([1, 0], s) == 1.0


def test_python_big_integers_in_an_object_list_are_refused_or_exact():
    with pytest.raises(ValueError, match="y_score holds integers beyond 2\\*\\*53"):
        rocauc.roc_auc([0, 1], [2**53 + 1, 2**53])
    assert rocauc.roc_auc([0, 1], [2**60, 2**60 + 2**10]) == 1.0
    with pytest.raises(
        ValueError,
        match=exact(
            "y_score holds integers beyond 2**53 mixed with other values (or beyond 64 bits); a float64 cannot keep "
            "their order. Pass their ranks (e.g. scipy.stats.rankdata(y_score)) or plain floats."
        ),
    ):
        rocauc.roc_auc([0, 1], [2**70 + 1, 2**70])


# ============================================================ 2. bool views


def _weird_bool(values):
    return np.array(values, dtype=np.uint8).view(bool)


def test_bool_view_labels_are_read_by_truth_value():
    y = _weird_bool([0, 2, 0, 2, 7, 0])
    s = [0.1, 0.8, 0.35, 0.3, 0.9, 0.5]
    truth = np.array([0, 1, 0, 1, 1, 0], bool)
    assert rocauc.roc_auc(y, s) == skm.roc_auc_score(truth, s)
    assert rocauc.roc_auc(y, np.float32(s)) == skm.roc_auc_score(truth, np.float32(s))  # the rank kernel
    assert rocauc.average_precision(y, s) == pytest.approx(skm.average_precision_score(truth, s), abs=1e-15)
    fpr, tpr, _ = rocauc.roc_curve(y, s)
    ref = skm.roc_curve(truth, s)
    np.testing.assert_array_equal(fpr, ref[0])
    np.testing.assert_array_equal(tpr, ref[1])


def test_bool_view_scores_and_weights_are_read_by_truth_value():
    y = [0, 1, 0, 1, 1, 0]
    s = _weird_bool([0, 2, 0, 0, 3, 1])
    w = _weird_bool([1, 1, 5, 1, 1, 9])
    with quiet():
        assert rocauc.roc_auc(y, s, sample_weight=w) == pytest.approx(
            skm.roc_auc_score(y, s.astype(bool).astype(float)), rel=1e-15
        )


def test_bool_view_streaming_equals_truth():
    y = _weird_bool([0, 2, 0, 2])
    m = StreamingAUC(bits=32).update(y, [0.1, 0.6, 0.35, 0.8])
    assert m.result() == skm.roc_auc_score([0, 1, 0, 1], [0.1, 0.6, 0.35, 0.8])


# ============================================================ 3. dtypes refused


@pytest.mark.parametrize(
    "dtype, what",
    [
        (np.complex128, "complex numbers (dtype complex128)"),
        (np.complex64, "complex numbers (dtype complex64)"),
        ("datetime64[s]", "dates (datetime64) (dtype datetime64[s])"),
        ("timedelta64[ms]", "time differences (timedelta64) (dtype timedelta64[ms])"),
    ],
)
@pytest.mark.parametrize(
    "fn",
    [
        rocauc.roc_auc,
        rocauc.roc_curve,
        rocauc.evaluate,
        rocauc.average_precision,
        lambda y, s: StreamingAUC(bits=16).update(y, s),
    ],
)
def test_complex_and_time_scores_are_refused(dtype, what, fn):
    s = np.arange(4).astype(dtype)
    with pytest.raises(
        TypeError,
        match=exact(
            f"y_score holds {what}; scores must be real numbers: pass the score itself (e.g. its real part, or a "
            "duration in seconds as a float)."
        ),
    ):
        fn(Y4, s)


def test_complex_python_scores_are_refused():
    with pytest.raises(
        TypeError, match=exact("y_score holds complex numbers (dtype object); scores must be real numbers.")
    ):
        rocauc.roc_auc([0, 1], np.array([1 + 1j, 2], dtype=object))


def test_complex_labels_are_refused():
    with pytest.raises(
        TypeError,
        match=exact(
            "y_true holds complex numbers (dtype complex128); labels must be classes (integers, strings or booleans)."
        ),
    ):
        rocauc.roc_auc(np.array([0, 1, 2j]), [[0.2, 0.3, 0.5]] * 3)


def test_string_scores_are_refused_naming_the_value():
    with pytest.raises(
        TypeError,
        match=exact(
            "y_score must be numeric, got dtype <U3 with the non-numeric value "
            "'abc' at index 1; pass scores or probabilities as floats."
        ),
    ):
        rocauc.roc_auc([0, 1], np.array(["0.1", "abc"]))


# ============================================================ 11. float16 / bfloat16


def test_float16_softmax_rows_within_their_precision_are_probabilities():
    rng = np.random.default_rng(3)
    y = np.r_[0, 1, 2, rng.integers(0, 3, 60)]
    p = rng.dirichlet(np.ones(3), y.size).astype(np.float16)
    sums = p.sum(axis=1, dtype=np.float64)
    assert not np.allclose(sums, 1.0, rtol=1e-5, atol=1e-6)  # the case of the issue: rows off by ~1e-4
    ours = rocauc.roc_auc(y, p)
    assert ours == pytest.approx(
        skm.roc_auc_score(y, p.astype(np.float64) / sums[:, None], multi_class="ovr"), abs=1e-12
    )
    np.testing.assert_allclose(
        rocauc.roc_auc(y, p, average=None), [skm.roc_auc_score(y == k, p[:, k]) for k in range(3)], rtol=1e-15
    )


def test_float16_rows_far_from_one_are_still_refused():
    p = np.array([[0.5, 0.3, 0.1], [0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], np.float16)
    with pytest.raises(ValueError, match=r"the rows of 3-class y_score must sum to 1 .*\(row 0 sums to 0\.900024\)"):
        rocauc.roc_auc([0, 1, 2], p)


def test_float16_binary_two_column():
    p = np.array([[0.3333, 0.6667], [0.9, 0.1], [0.2, 0.8], [0.55, 0.45]], np.float16)
    assert rocauc.roc_auc([1, 0, 1, 0], p) == skm.roc_auc_score([1, 0, 1, 0], p[:, 1].astype(float))


def test_torch_bfloat16_scores():
    torch = pytest.importorskip("torch")
    s = torch.tensor(S4, dtype=torch.bfloat16)
    assert rocauc.roc_auc(Y4, s) == skm.roc_auc_score(Y4, s.float().numpy())
    logits = torch.randn(50, 3, generator=torch.Generator().manual_seed(0))
    probs = torch.softmax(logits, dim=1).to(torch.bfloat16)  # rows sum to 1 within bfloat16's 2**-8
    y = np.r_[0, 1, 2, np.random.default_rng(0).integers(0, 3, 47)]
    p = probs.float().numpy()
    np.testing.assert_allclose(
        rocauc.roc_auc(y, probs, average=None), [skm.roc_auc_score(y == k, p[:, k]) for k in range(3)], rtol=1e-15
    )


# ============================================================ 12. missing labels


MISSING = (
    "y_true has {n} missing label{s} (first at index {i}); drop those rows (or fill them with their class) "
    "before scoring."
)


def _missing(n, i):
    return exact(MISSING.format(n=n, s="s" if n > 1 else "", i=i))


def test_pandas_boolean_with_na():
    pd = pytest.importorskip("pandas")
    y = pd.array([True, None, False, True, None], dtype="boolean")
    with pytest.raises(ValueError, match=_missing(2, 1)):
        rocauc.roc_auc(y, [0.1, 0.2, 0.3, 0.4, 0.5])


def test_pandas_string_with_na():
    pd = pytest.importorskip("pandas")
    y = pd.Series(["a", "b", None, "a"], dtype="string")
    with pytest.raises(ValueError, match=_missing(1, 2)):
        rocauc.roc_auc(y, [0.1, 0.2, 0.3, 0.4], pos_label="a")


def test_pandas_nullable_int_with_na():
    pd = pytest.importorskip("pandas")
    y = pd.Series([1, 0, None, 1], dtype="Int64")
    with pytest.raises(ValueError, match=_missing(1, 2)):
        rocauc.average_precision(y, [0.1, 0.2, 0.3, 0.4])


@pytest.mark.parametrize(
    "y, n, i",
    [
        ([0, np.nan, 1, 1], 1, 1),
        ([np.nan, 1, np.nan, 0], 2, 0),
        (np.array([0, None, 1], dtype=object), 1, 1),
        (np.array(["a", "b", float("nan")], dtype=object), 1, 2),
        (np.array(["2020-01-01", "NaT", "2020-01-02"], dtype="datetime64[D]"), 1, 1),
    ],
)
def test_missing_labels_message(y, n, i):
    s = np.linspace(0.1, 0.9, len(y))
    with pytest.raises(ValueError, match=_missing(n, i)):
        rocauc.roc_auc(y, s, pos_label="a" if np.asarray(y).dtype == object and "a" in list(y) else None)


def test_missing_label_in_an_indicator_matrix():
    y = np.array([[0, 1], [np.nan, 0], [1, 0]])
    with pytest.raises(ValueError, match=_missing(1, (1, 0))):
        rocauc.roc_auc(y, np.full((3, 2), 0.5), task="multilabel")


def test_infinite_labels_are_not_called_missing_or_nan_scores():
    with pytest.raises(
        ValueError,
        match=exact(
            "y_true has 1 infinite labels (the first, inf, at index 3); labels must be classes: fix or drop those rows."
        ),
    ):
        rocauc.roc_auc([0, 1, 1, np.inf], S4)


def test_nullable_float_scores_with_na_are_reported_as_nan_scores():
    pd = pytest.importorskip("pandas")
    s = pd.Series([0.1, None, 0.3, 0.4], dtype="Float64")
    with pytest.raises(ValueError, match=r"^y_score has 1 NaN value \(the first, nan, at index 1\)"):
        rocauc.roc_auc(Y4, s)
    with pytest.raises(ValueError, match=r"^y_score has 1 NaN value \(the first, nan, at index 2\)"):
        rocauc.roc_auc(Y4, np.array([0.1, 0.2, None, 0.4], dtype=object))


# ============================================================ 4. labels vs pos_label


def test_labels_order_that_contradicts_the_positive_class_raises():
    with pytest.raises(
        ValueError,
        match=exact(
            "labels=[1, 0] lists 0 as the positive class, but with a 1-d y_score the positive class is set by "
            "pos_label (default 1). Pass pos_label=0 to score class 0, or labels=[0, 1]."
        ),
    ):
        rocauc.roc_auc(Y4, S4, labels=[1, 0])
    with pytest.raises(ValueError, match=r"^labels=\[1, 0\] lists 0 as the positive class"):
        rocauc.average_precision(Y4, S4, labels=[1, 0])


def test_labels_and_pos_label_that_disagree_raise():
    with pytest.raises(
        ValueError,
        match=exact(
            "labels=[0, 1] lists 1 as the positive class, but with a 1-d y_score the positive class is set by "
            "pos_label=0. Pass pos_label=1 to score class 1, or labels=[1, 0]."
        ),
    ):
        rocauc.roc_auc(Y4, S4, labels=[0, 1], pos_label=0)


def test_labels_that_agree_give_scikit_learns_numbers():
    assert rocauc.roc_auc(Y4, S4, labels=[0, 1]) == skm.roc_auc_score(Y4, S4) == 1.0
    assert rocauc.average_precision(Y4, S4, labels=[1, 0], pos_label=0) == pytest.approx(
        skm.average_precision_score(Y4, S4, pos_label=0)
    )
    fpr, tpr, _ = skm.roc_curve(Y4, S4, pos_label=0)
    assert rocauc.roc_auc(Y4, S4, labels=[1, 0], pos_label=0) == skm.auc(fpr, tpr) == 0.0


def test_labels_give_the_column_order_of_two_column_scores():
    p = np.array([[0.8, 0.2], [0.1, 0.9], [0.4, 0.6], [0.6, 0.4]])
    # columns are [class 1, class 0]: the positive class 1 is column 0
    assert rocauc.roc_auc(Y4, p[:, ::-1], labels=[1, 0]) == skm.roc_auc_score(Y4, p[:, 1])


def test_string_labels_without_a_default_order_take_the_second_as_positive():
    y = ["neg", "pos", "pos", "neg"]
    assert rocauc.roc_auc(y, S4, labels=["neg", "pos"]) == skm.roc_auc_score(Y4, S4)
    assert rocauc.average_precision(y, S4, labels=["pos", "neg"]) == pytest.approx(
        skm.average_precision_score(y, S4, pos_label="neg")
    )


# ============================================================ 5. weight scale


SCALES = [1e-300, 1e-200, 1e-170, 2.0**-80, 1e-10, 1.0, 3.0, 1e10, 2.0**80, 1e170, 1e200, 1e300]


@pytest.mark.parametrize("scale", SCALES)
def test_weights_at_any_scale_give_the_same_scores(scale):
    y = [0, 1, 1, 0, 1, 0]
    s = [0.2, 0.9, 0.6, 0.4, 0.3, 0.35]
    w = np.array([1.0, 2.0, 0.5, 1.5, 1.0, 3.0])
    base = dict(
        roc=rocauc.roc_auc(y, s, sample_weight=w),
        ap=rocauc.average_precision(y, s, sample_weight=w),
        pr=rocauc.pr_auc(y, s, sample_weight=w),
    )
    ws = w * scale
    assert rocauc.roc_auc(y, s, sample_weight=ws) == pytest.approx(base["roc"], rel=1e-13)
    assert rocauc.average_precision(y, s, sample_weight=ws) == pytest.approx(base["ap"], rel=1e-13)
    assert rocauc.pr_auc(y, s, sample_weight=ws) == pytest.approx(base["pr"], rel=1e-13)
    assert base["roc"] == pytest.approx(skm.roc_auc_score(y, s, sample_weight=w), rel=1e-15)


@pytest.mark.parametrize("scale", [1e-200, 1e-170, 1e200])
def test_constant_weights_at_extreme_scales_equal_unweighted(scale):
    w = [scale] * 4
    assert rocauc.roc_auc(Y4, S4, sample_weight=w) == rocauc.roc_auc(Y4, S4) == 1.0
    assert rocauc.average_precision(Y4, S4, sample_weight=w) == skm.average_precision_score(Y4, S4)
    y = [0, 1, 1, 0, 1, 0, 1]
    s = [0.2, 0.9, 0.6, 0.4, 0.3, 0.35, 0.5]
    ci = rocauc.roc_auc_ci(y, s, sample_weight=[scale] * 7)
    plain = rocauc.roc_auc_ci(y, s)
    assert (ci.estimate, ci.low, ci.high) == pytest.approx((plain.estimate, plain.low, plain.high), rel=1e-12)
    ev = rocauc.evaluate(y, s, sample_weight=[scale] * 7)
    assert ev.roc_auc == pytest.approx(plain.estimate, rel=1e-15)
    assert ev.decision.accuracy == pytest.approx(rocauc.evaluate(y, s).decision.accuracy, rel=1e-12)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.sampled_from([0.1, 0.2, 0.3, 0.5, 0.7, 0.9]), st.integers(1, 40)),
        min_size=2,
        max_size=30,
    ),
    st.integers(-1000, 1000),
    st.floats(1e-250, 1e250),
)
def test_weight_scale_invariance_property(rows, power, factor):
    y = np.array([r[0] for r in rows])
    assume(y.any() and not y.all())
    s = np.array([r[1] for r in rows])
    w = np.array([r[2] for r in rows], dtype=np.float64) / 8
    roc = rocauc.roc_auc(y, s, sample_weight=w)
    ap = rocauc.average_precision(y, s, sample_weight=w)
    # a power of two is exact: the very same numbers
    w2 = np.ldexp(w, power)
    assume(w2.min() > 0 and np.isfinite(w2).all())
    assert rocauc.roc_auc(y, s, sample_weight=w2) == roc
    assert rocauc.average_precision(y, s, sample_weight=w2) == ap
    # any positive factor: the same up to the rounding of the product w * factor
    wf = w * factor
    assume(wf.min() > 0 and np.isfinite(wf).all())
    assert rocauc.roc_auc(y, s, sample_weight=wf) == pytest.approx(roc, rel=1e-12, abs=1e-15)
    assert rocauc.average_precision(y, s, sample_weight=wf) == pytest.approx(ap, rel=1e-12, abs=1e-15)


def test_counts_keep_the_weights_own_units_when_moderate():
    c = rocauc.binary_counts([0, 1, 1], [0.2, 0.7, 0.2], sample_weight=[2.0, 3.0, 4.0])
    assert c.tp.tolist() == [3.0, 7.0] and c.fp.tolist() == [0.0, 2.0]


# ============================================================ 6. scalar arguments


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: rocauc.evaluate(Y4, S4, threshold=float("nan")),
            ValueError,
            "threshold is NaN; pass a number (the rule is score >= threshold).",
        ),
        (
            lambda: rocauc.evaluate(Y4, S4, threshold="0.5"),
            TypeError,
            "threshold must be a number (the rule is score >= threshold); got the string '0.5'; pass threshold=0.5 "
            "without quotes.",
        ),
        (
            lambda: rocauc.evaluate(Y4, S4, threshold=[0.5]),
            TypeError,
            "threshold must be a number (the rule is score >= threshold); got [0.5] (list).",
        ),
        (
            lambda: rocauc.evaluate(Y4, S4, threshold=True),
            TypeError,
            "threshold must be a number (the rule is score >= threshold); got True (bool).",
        ),
        (
            lambda: rocauc.metrics_at_threshold(Y4, S4, float("nan")),
            ValueError,
            "threshold is NaN; pass a number (the rule is score >= threshold).",
        ),
        (
            lambda: rocauc.report(Y4, {"m": S4}, threshold=float("nan"), ci=None, compare=False),
            ValueError,
            "threshold is NaN; pass a number (the rule is score >= threshold).",
        ),
        (
            lambda: rocauc.wilson_interval(5, 3),
            ValueError,
            "successes (5) is greater than total (3); a proportion needs 0 <= successes <= total.",
        ),
        (
            lambda: rocauc.wilson_interval(-1, 3),
            ValueError,
            "successes must be a number >= 0 (a count of successes); got -1.",
        ),
        (
            lambda: rocauc.wilson_interval(float("nan"), 3),
            ValueError,
            "successes is NaN; pass a number >= 0 (a count of successes).",
        ),
        (
            lambda: rocauc.wilson_interval(1, float("inf")),
            ValueError,
            "total must be a number >= 0 (finite) (the number of trials); got inf.",
        ),
        (
            lambda: rocauc.wilson_interval(1, -2),
            ValueError,
            "total must be a number >= 0 (the number of trials); got -2.",
        ),
        (
            lambda: rocauc.wilson_interval("1", 2),
            TypeError,
            "successes must be a number >= 0 (a count of successes); got the "
            "string '1'; pass successes=1.0 without quotes.",
        ),
        (
            lambda: rocauc.wilson_interval(1, 2, effective_total=0),
            ValueError,
            "effective_total must be a number > 0 (Kish's effective number of samples); got 0.",
        ),
        (
            lambda: rocauc.wilson_interval(1, 2, level=1),
            ValueError,
            "level must be a number in (0, 1) (e.g. 0.95 for a 95% interval); got 1.",
        ),
        (
            lambda: rocauc.roc_auc(Y4, S4, max_fpr="0.5"),
            TypeError,
            "max_fpr must be a number in (0, 1] (the largest false positive "
            "rate); got the string '0.5'; pass max_fpr=0.5 "
            "without quotes.",
        ),
        (
            lambda: rocauc.roc_auc(Y4, S4, max_fpr=float("nan")),
            ValueError,
            "max_fpr is NaN; pass a number in (0, 1] (the largest false positive rate).",
        ),
        (
            lambda: rocauc.roc_auc(Y4, S4, max_fpr=0),
            ValueError,
            "max_fpr must be a number in (0, 1] (the largest false positive rate); got 0.",
        ),
        (
            lambda: rocauc.roc_auc(Y4, S4, max_fpr=True),
            TypeError,
            "max_fpr must be a number in (0, 1] (the largest false positive rate); got True (bool).",
        ),
        (
            lambda: rocauc.roc_auc_ci(Y4, S4, max_fpr="half", method="bootstrap"),
            TypeError,
            "max_fpr must be a number in (0, 1] (the largest false positive rate); got the string 'half'.",
        ),
        (
            lambda: rocauc.roc_auc_ci(Y4, S4, level="95%"),
            TypeError,
            "level must be a number in (0, 1) (e.g. 0.95 for a 95% interval); got the string '95%'.",
        ),
        (
            lambda: rocauc.roc_auc_ci(Y4, S4, level=float("nan")),
            ValueError,
            "level is NaN; pass a number in (0, 1) (e.g. 0.95 for a 95% interval).",
        ),
        (
            lambda: rocauc.roc_auc_ci(Y4, S4, method="Delong"),
            ValueError,
            "method='Delong' is not one of ('delong', 'delong-logit', 'auto', 'bootstrap').",
        ),
        (
            lambda: rocauc.roc_auc_ci(Y4, S4, method="bootstrap", bootstrap_interval="bc"),
            ValueError,
            "bootstrap_interval='bc' is not one of ('percentile', 'bca').",
        ),
        (
            lambda: rocauc.roc_auc_ci(Y4, S4, method="bootstrap", n_resamples=2.5),
            ValueError,
            "n_resamples must be an integer >= 2 (2000 is a good default); got 2.5.",
        ),
        (
            lambda: rocauc.roc_auc_ci(Y4, S4, method="bootstrap", n_resamples=True),
            ValueError,
            "n_resamples must be an integer >= 2 (2000 is a good default); got True.",
        ),
        (
            lambda: rocauc.roc_auc_ci(Y4, S4, method="bootstrap", random_state=1.5),
            TypeError,
            "random_state must be None, an int seed or a numpy Generator; got 1.5.",
        ),
        (
            lambda: rocauc.evaluate(Y4, S4, n_resamples=-3),
            ValueError,
            "n_resamples must be an integer >= 2 (2000 is a good default); got -3.",
        ),
        (
            lambda: rocauc.evaluate(Y4, S4, random_state="seed"),
            TypeError,
            "random_state must be None, an int seed or a numpy Generator; got 'seed'.",
        ),
        (
            lambda: rocauc.evaluate(Y4, S4, level=0),
            ValueError,
            "level must be a number in (0, 1) (e.g. 0.95 for a 95% interval); got 0.",
        ),
        (
            lambda: rocauc.report(Y4, {"m": S4}, level="high"),
            TypeError,
            "level must be a number in (0, 1) (e.g. 0.95 for a 95% interval); got the string 'high'.",
        ),
        (
            lambda: rocauc.report(Y4, {"m": S4}, ci="wald"),
            ValueError,
            "ci='wald' is not one of (None, 'auto', 'delong', 'delong-logit', 'bootstrap').",
        ),
        (
            lambda: rocauc.operating_point(Y4, S4, criterion="fpr", value=float("nan")),
            ValueError,
            "value is NaN; pass a number in [0, 1] (the target fpr).",
        ),
        (
            lambda: rocauc.operating_point(Y4, S4, criterion="fpr", value="0.1"),
            TypeError,
            "value must be a number in [0, 1] (the target fpr); got the string '0.1'; pass value=0.1 without quotes.",
        ),
        (
            lambda: rocauc.operating_point(Y4, S4, prevalence=float("nan")),
            ValueError,
            "prevalence is NaN; pass a number in (0, 1) (the share of positives where the rule will be used).",
        ),
        (
            lambda: rocauc.operating_point(Y4, S4, criterion=None),
            ValueError,
            "criterion=None is not one of ('youden', 'closest_topleft', 'fpr', 'tpr', 'precision', 'cost').",
        ),
        (
            lambda: rocauc.roc_auc(Y4, S4, from_logits="no"),
            TypeError,
            "from_logits must be True or False; got 'no' (str).",
        ),
        (
            lambda: rocauc.roc_auc(Y4, S4, task="binary-ish"),
            ValueError,
            "task='binary-ish' is not one of ('binary', 'multiclass', 'multilabel').",
        ),
        (
            lambda: StreamingAUC(num_thresholds=10**9),
            ValueError,
            "num_thresholds must be an integer > 1 and at most 1,000,000 "
            "(for a finer resolution use the high-resolution "
            "buckets, e.g. bits=20); got 1000000000.",
        ),
        (
            lambda: StreamingAUC(num_thresholds=200.0),
            TypeError,
            "num_thresholds must be an integer > 1 and at most 1,000,000 "
            "(for a finer resolution use the high-resolution "
            "buckets, e.g. bits=20); got 200.0.",
        ),
        (lambda: StreamingAUC(bits=33), ValueError, "bits must be an integer from 1 to 32 (e.g. bits=20); got 33."),
        (
            lambda: StreamingAUC(bits=np.float64(20)),
            TypeError,
            "bits must be an integer from 1 to 32 (e.g. bits=20); got 20.0.",
        ),
        (
            lambda: StreamingAUC(thresholds=["a"]),
            ValueError,
            "thresholds must be a non-empty 1-d list of numbers in [0, 1] (at most 1,000,000), got ['a'].",
        ),
        (
            lambda: StreamingAUC(average="samples"),
            ValueError,
            "average='samples' is not one of ('macro', 'weighted', 'micro', None).",
        ),
        (lambda: StreamingAUC(from_logits="yes"), TypeError, "from_logits must be True or False; got 'yes' (str)."),
        (lambda: StreamingAUC(multi_label=1), TypeError, "multi_label must be True or False; got 1 (int)."),
        (
            lambda: StreamingAUC(multi_label=True, num_labels=0),
            ValueError,
            "num_labels must be an integer >= 1; got 0.",
        ),
        (
            lambda: StreamingAUC(curve="roc curve"),
            ValueError,
            "curve='roc curve' is not one of ('ROC', 'PR', 'PRGAIN').",
        ),
    ],
)
def test_scalar_argument_errors(call, error, message):
    with pytest.raises(error, match=exact(message)):
        call()


def test_type_errors_of_arguments_are_also_value_errors():
    # code that catches ValueError for a bad option keeps working
    with pytest.raises(ValueError):
        rocauc.roc_auc(Y4, S4, max_fpr="0.5")
    assert issubclass(V.ArgumentTypeError, TypeError) and issubclass(V.ArgumentTypeError, ValueError)


@pytest.mark.parametrize("value", [0.5, np.float32(0.5), np.float64(0.5), np.array(0.5), 1])
def test_numeric_arguments_accept_numpy_scalars_and_0d_arrays(value):
    assert rocauc.roc_auc(Y4, S4, max_fpr=value) == pytest.approx(skm.roc_auc_score(Y4, S4, max_fpr=float(value)))


def test_thresholds_may_be_infinite():
    assert rocauc.metrics_at_threshold(Y4, S4, float("inf")).tp == 0
    assert rocauc.metrics_at_threshold(Y4, S4, -float("inf")).tp == 2


def test_wilson_interval_edges_are_proportions():
    ci = rocauc.wilson_interval(3, 3)
    assert ci.estimate == 1.0 and ci.high == 1.0 and 0 < ci.low < 1
    ci = rocauc.wilson_interval(0, 3)
    assert ci.estimate == 0.0 and ci.low == 0.0
    assert math.isnan(rocauc.wilson_interval(0, 0).estimate)
    ci = rocauc.wilson_interval(2.5, 4.5)  # weighted counts may be fractional
    assert ci.low < ci.estimate == 2.5 / 4.5 < ci.high


# ============================================================ 10. 2-d 0/1 y_true


Y2 = [[0, 1], [1, 0], [0, 1]]
P2 = [[0.2, 0.8], [0.3, 0.6], [0.1, 0.7]]


def test_samples_average_reads_an_indicator_as_multilabel():
    assert (
        rocauc.roc_auc(Y2, P2, average="samples")
        == skm.roc_auc_score(Y2, P2, average="samples")
        == pytest.approx(2 / 3)
    )
    assert rocauc.average_precision(Y2, P2, average="samples") == skm.average_precision_score(Y2, P2, average="samples")


AVERAGES = [None, "macro", "weighted", "micro", "samples"]


@pytest.mark.parametrize("average", AVERAGES)
@pytest.mark.parametrize("k", [2, 3, 5])
def test_task_multilabel_matches_scikit_learn_for_every_average(k, average):
    rng = np.random.default_rng(k)
    n = 40
    y = np.eye(k, dtype=int)[np.r_[np.arange(k), rng.integers(0, k, n - k)]]  # one-hot rows
    p = rng.random((n, k))  # independent sigmoid outputs: rows do not sum to 1
    for ours, ref in ((rocauc.roc_auc, skm.roc_auc_score), (rocauc.average_precision, skm.average_precision_score)):
        with quiet():
            got = ours(y, p, average=average, task="multilabel")
            want = ref(y, p, average=average)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("average", [None, "macro", "weighted", "micro"])
@pytest.mark.parametrize("k", [3, 4])
def test_one_hot_classes_match_scikit_learns_indicator_reading(k, average):
    rng = np.random.default_rng(10 + k)
    n = 50
    y = np.eye(k, dtype=int)[np.r_[np.arange(k), rng.integers(0, k, n - k)]]
    p = rng.dirichlet(np.ones(k), n)
    for ours, ref in ((rocauc.roc_auc, skm.roc_auc_score), (rocauc.average_precision, skm.average_precision_score)):
        np.testing.assert_allclose(ours(y, p, average=average), ref(y, p, average=average), rtol=1e-12)


def test_two_column_one_hot_is_the_binary_problem_of_column_one():
    rng = np.random.default_rng(4)
    y = np.eye(2, dtype=int)[np.r_[0, 1, rng.integers(0, 2, 38)]]
    p = rng.dirichlet(np.ones(2), 40)
    assert rocauc.roc_auc(y, p) == pytest.approx(skm.roc_auc_score(y[:, 1], p[:, 1]), rel=1e-15)
    assert rocauc.roc_auc(y, p) == pytest.approx(skm.roc_auc_score(y, p), rel=1e-15)
    assert rocauc.average_precision(y, p) == pytest.approx(skm.average_precision_score(y[:, 1], p[:, 1]))


def test_two_column_indicator_with_independent_columns_names_task_multilabel():
    with pytest.raises(
        ValueError, match=re.escape("(for a multi-label indicator y_true with independent columns, task='multilabel')")
    ):
        rocauc.roc_auc(Y2, P2)
    assert rocauc.roc_auc(Y2, P2, task="multilabel") == skm.roc_auc_score(Y2, P2)


@pytest.mark.parametrize("pos_label", [0, "1", 2, False])
def test_pos_label_with_a_multilabel_indicator_is_refused(pos_label):
    with pytest.raises(
        ValueError,
        match=exact(
            f"pos_label={pos_label!r} does not apply to a multi-label indicator y_true: each column's positive value "
            "is 1. Leave pos_label out (to score the absence of a label, pass 1 - y_true)."
        ),
    ):
        rocauc.roc_auc([[1, 1, 0], [0, 1, 1], [1, 0, 0]], np.full((3, 3), 0.5), pos_label=pos_label)


def test_pos_label_1_with_a_multilabel_indicator_is_the_default():
    y = [[1, 1, 0], [0, 1, 1], [1, 0, 1], [0, 0, 1]]
    p = [[0.9, 0.8, 0.1], [0.2, 0.7, 0.6], [0.8, 0.1, 0.9], [0.3, 0.4, 0.5]]
    with quiet():
        assert rocauc.roc_auc(y, p, pos_label=1) == rocauc.roc_auc(y, p) == skm.roc_auc_score(y, p)


def test_pos_label_with_one_hot_classes_is_refused():
    with pytest.raises(
        ValueError, match=exact("pos_label applies to binary problems only; for multi-class problems leave it out.")
    ):
        rocauc.roc_auc(np.eye(3)[[0, 1, 2, 0]], np.full((4, 3), 1 / 3), pos_label=2)


# ============================================================ 14. samples + weights


@pytest.mark.filterwarnings("ignore:ROC AUC is undefined for 1 rows")  # row 0's own warning, tested elsewhere
def test_samples_average_with_no_weighted_defined_row_is_nan_with_a_warning():
    y = [[1, 1, 1], [0, 1, 1]]
    p = [[0.2, 0.8, 0.3], [0.3, 0.6, 0.1]]
    with pytest.warns(
        rocauc.UndefinedMetricWarning,
        match=exact(
            "ROC AUC is undefined for every row with a positive sample weight (the rows where it is defined all weigh "
            "0); returning NaN."
        ),
    ):
        assert math.isnan(rocauc.roc_auc(y, p, average="samples", sample_weight=[1, 0]))
    with quiet():
        assert math.isnan(skm.roc_auc_score(y, p, average="samples", sample_weight=[1, 0]))


def test_samples_average_with_weights_matches_scikit_learn():
    y = [[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1]]
    p = [[0.2, 0.8, 0.3], [0.3, 0.6, 0.1], [0.5, 0.4, 0.45], [0.1, 0.2, 0.9]]
    w = [0.5, 2.0, 0.0, 1.0]
    assert rocauc.roc_auc(y, p, average="samples", sample_weight=w) == pytest.approx(
        skm.roc_auc_score(y, p, average="samples", sample_weight=w)
    )


# ============================================================ 13. streaming edges


def test_streaming_scalar_batch_is_a_clear_error():
    with pytest.raises(
        ValueError, match=exact("y_score must have shape (n_samples,) or (n_samples, n_classes), got shape ().")
    ):
        StreamingAUC(bits=12).update(1, 0.5, sample_weight=[0])


def test_streaming_single_sample_batch_with_zero_weight():
    m = StreamingAUC(bits=12).update([1], [0.5], sample_weight=[0]).update([0, 1], [0.2, 0.7])
    assert m.result() == 1.0


def test_streaming_weights_keep_their_units_across_batches():
    a = StreamingAUC(bits=32).update([0, 1], [0.2, 0.7], sample_weight=[1e-100, 1e-100])
    a.update([1, 0], [0.1, 0.9], sample_weight=[1.0, 1.0])
    y = [0, 1, 1, 0]
    s = [0.2, 0.7, 0.1, 0.9]
    w = [1e-100, 1e-100, 1.0, 1.0]
    assert a.result() == pytest.approx(skm.roc_auc_score(y, s, sample_weight=w), rel=1e-12)


def test_streaming_too_many_thresholds_are_refused():
    with pytest.raises(
        ValueError,
        match=r"^thresholds must be a non-empty 1-d list of numbers in \[0, 1\] \(at most "
        r"1,000,000\), got array\(\[0\.0+e\+00",
    ):
        StreamingAUC(thresholds=np.linspace(0, 1, 1_000_001))


def test_streaming_thresholds_of_strings_are_refused():
    with pytest.raises(ValueError, match=r"^thresholds must be a non-empty 1-d list of numbers in \[0, 1\]"):
        StreamingAUC(thresholds="0.5")


# ============================================================ drop_intermediate


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.sampled_from([0.1, 0.2, 0.3, 0.4, 0.5]),
            st.sampled_from([0.1, 0.2, 0.3, 1 / 3, 0.7, 1.1, 2.0, 1e-3]),
        ),
        min_size=3,
        max_size=40,
    ),
    st.sampled_from([np.float64, np.float32]),
)
def test_roc_curve_with_weights_keeps_scikit_learns_points_exactly(rows, dtype):
    y = np.array([r[0] for r in rows])
    assume(y.any() and not y.all())
    s = np.array([r[1] for r in rows], dtype=dtype)
    w = np.array([r[2] for r in rows])
    for drop in (True, False):
        ours = rocauc.roc_curve(y, s, sample_weight=w, drop_intermediate=drop)
        ref = skm.roc_curve(y, s, sample_weight=w, drop_intermediate=drop)
        np.testing.assert_array_equal(ours.fpr, ref[0])
        np.testing.assert_array_equal(ours.tpr, ref[1])
        np.testing.assert_array_equal(ours.thresholds[1:], ref[2][1:])


# ============================================================ 9. serialized states


def _state(**kw):
    rng = np.random.default_rng(0)
    m = StreamingAUC(**kw)
    if kw.get("multi_label"):
        y = (rng.random((40, 3)) < 0.5).astype(int)
        y[0], y[1] = 1, 0
        m.update(y, rng.random((40, 3)))
    else:
        m.update(rng.integers(0, 2, 40), rng.random(40))
    return m.to_dict()


def _bad_state(change, **kw):
    state = json.loads(json.dumps(_state(**kw)))
    change(state)
    return state


STATE_CASES = [
    (
        lambda s: s.update(version=2),
        "field 'version' is 2; this rocauc reads version 1 (upgrade rocauc to read newer states)",
    ),
    (lambda s: s.update(version="1"), "field 'version' is '1'; this rocauc reads version 1"),
    (lambda s: s.update(version=True), "field 'version' is True; this rocauc reads version 1"),
    (lambda s: s.pop("config"), "field 'state' is missing the keys ['config']"),
    (lambda s: s.pop("columns"), "field 'state' is missing the keys ['columns']"),
    (lambda s: s.update(extra=1), "field 'state' has unknown keys ['extra']"),
    (lambda s: s.update(config=None), "field 'config' must be a dict, got NoneType"),
    (lambda s: s["config"].pop("bits"), "field 'config' is missing the keys ['bits']"),
    (
        lambda s: s["config"].update(bits=40),
        "field 'config' is not a valid configuration: bits must be an integer from 1 to 32 (e.g. bits=20); got 40.",
    ),
    (
        lambda s: s["config"].update(curve="XY"),
        "field 'config' is not a valid configuration: curve='XY' is not one of ('ROC', 'PR', 'PRGAIN').",
    ),
    (
        lambda s: s["config"].update(from_logits="false"),
        "field 'config.from_logits' must be true or false, got 'false'",
    ),
    (lambda s: s["config"].update(labels="ab"), "field 'config.labels' must be a list or null, got str"),
    (lambda s: s.update(exact=1), "field 'exact' must be true or false, got 1"),
    (
        lambda s: s.update(task="regression"),
        "field 'task' must be one of ['binary', 'multiclass', 'multilabel'], got 'regression'",
    ),
    (
        lambda s: s.update(task="multiclass"),
        "field 'columns' has 1 entries but the multiclass state with classes [0, 1] needs 2",
    ),
    (lambda s: s.update(task="multilabel"), "field 'task' is 'multilabel' but config.multi_label is False"),
    (lambda s: s.update(classes=None), "field 'classes' must be a list, got NoneType"),
    (
        lambda s: s.update(classes=[0]),
        "field 'classes' of a binary state must be [negative, positive] with a positive class, got [0]",
    ),
    (
        lambda s: s.update(classes=[0, None]),
        "field 'classes' of a binary state must be [negative, positive] with a positive class, got [0, None]",
    ),
    (lambda s: s.update(classes=[0, [1]]), "field 'classes' must hold strings, numbers or booleans"),
    (lambda s: s.update(columns="x"), "field 'columns' must be a list or null, got str"),
    (
        lambda s: s["columns"].append(copy.deepcopy(s["columns"][0])),
        "field 'columns' has 2 entries but the binary state with classes [0, 1] needs 1",
    ),
    (lambda s: s.update(columns=[]), "field 'columns' has 0 entries but the binary state with classes [0, 1] needs 1"),
    (lambda s: s["columns"][0].pop("neg"), "field 'columns[0]' is missing the keys ['neg']"),
    (lambda s: s["columns"][0]["pos"].pop(), "field 'columns[0]' has lists of different lengths"),
    (
        lambda s: s["columns"][0]["pos"].__setitem__(0, -1.0),
        "field 'columns[0].pos[0]' must be a finite weight >= 0, got -1.0",
    ),
    (
        lambda s: s["columns"][0]["neg"].__setitem__(1, float("nan")),
        "field 'columns[0].neg[1]' must be a finite weight >= 0, got nan",
    ),
    (
        lambda s: s["columns"][0]["neg"].__setitem__(1, float("inf")),
        "field 'columns[0].neg[1]' must be a finite weight >= 0, got inf",
    ),
    (
        lambda s: s["columns"][0]["neg"].__setitem__(1, "2"),
        "field 'columns[0].neg[1]' must be a finite weight >= 0, got '2'",
    ),
    (
        lambda s: s["columns"][0]["pos"].__setitem__(1, True),
        "field 'columns[0].pos[1]' must be a finite weight >= 0, got True",
    ),
    (
        lambda s: s["columns"][0]["buckets"].__setitem__(1, s["columns"][0]["buckets"][0]),
        "field 'columns[0].buckets[1]' repeats the bucket before it",
    ),
    (
        lambda s: s["columns"][0]["buckets"].__setitem__(0, s["columns"][0]["buckets"][0] + 0.5),
        "field 'columns[0].buckets[0]' must be an integer bucket index, got",
    ),
    (lambda s: s["columns"][0]["buckets"].__setitem__(-1, 4096), "field 'columns[0].buckets[-1]'"),
    (
        lambda s: s["columns"][0]["buckets"].__setitem__(0, -1),
        "field 'columns[0].buckets[0]' is -1, outside the 4096 buckets [0, 4095]",
    ),
    (
        lambda s: s["columns"][0].update(buckets=list(reversed(s["columns"][0]["buckets"]))),
        "field 'columns[0].buckets[1]' is smaller than the bucket before it",
    ),
    (lambda s: s.update(columns=None), "field 'classes' must be null when there are no columns (no data seen)"),
]


@pytest.mark.parametrize("change, message", STATE_CASES)
def test_streaming_state_corruptions_raise_naming_the_field(change, message):
    state = _bad_state(change, bits=12)
    if "buckets[-1]" in message:
        n = len(state["columns"][0]["buckets"])
        message = message.replace("[-1]", f"[{n - 1}]")
    with pytest.raises(ValueError, match="^StreamingAUC state: " + re.escape(message)):
        StreamingAUC.from_dict(state)


def test_streaming_state_of_a_multilabel_stream_checks_classes_and_labels():
    good = _state(multi_label=True, num_labels=3, bits=10)
    assert StreamingAUC.from_dict(json.loads(json.dumps(good))) == StreamingAUC.from_dict(good)
    state = json.loads(json.dumps(good))
    state["classes"] = [0, 1, 1]
    with pytest.raises(ValueError, match=re.escape("field 'classes' has repeated entries: [0, 1, 1]")):
        StreamingAUC.from_dict(state)
    state = json.loads(json.dumps(good))
    state["columns"].pop()
    state["classes"].pop()
    with pytest.raises(ValueError, match=re.escape("field 'columns' has 2 columns but config.num_labels is 3")):
        StreamingAUC.from_dict(state)
    state = json.loads(json.dumps(good))
    state["task"] = "binary"
    with pytest.raises(ValueError, match=re.escape("field 'task' is 'binary' but config.multi_label is True")):
        StreamingAUC.from_dict(state)


def test_not_a_state():
    for bad in (None, [], {"format": "other"}, "rocauc.StreamingAUC"):
        with pytest.raises(
            ValueError, match=exact("not a StreamingAUC state: pass the dict that StreamingAUC.to_dict() returned.")
        ):
            StreamingAUC.from_dict(bad)


def test_valid_states_round_trip():
    for kw in (dict(), dict(bits=20), dict(num_thresholds=7), dict(thresholds=[0.2, 0.6]), dict(curve="PR")):
        m = StreamingAUC(**kw).update([0, 1, 1, 0, 1], [0.1, 0.8, 0.3, 0.6, 0.9])
        again = StreamingAUC.from_dict(json.loads(json.dumps(m.to_dict())))
        assert again.result() == m.result() and again == m
    empty = StreamingAUC(bits=8)
    assert StreamingAUC.from_dict(empty.to_dict()) == empty


COUNTS_CASES = [
    (
        dict(thresholds=[0.7, 0.2], tp=[1.0], fp=[0.0, 1.0]),
        "Counts state: field 'table' has lists of different lengths {'thresholds': 2, 'tp': 1, 'fp': 2}",
    ),
    (
        dict(thresholds=[0.2, 0.7], tp=[1.0, 2.0], fp=[0.0, 1.0]),
        "Counts state: field 'thresholds[1]' must be smaller than the threshold before it",
    ),
    (dict(thresholds=[0.7, 0.7], tp=[1.0, 2.0], fp=[0.0, 1.0]), "Counts state: field 'thresholds[1]' must be smaller"),
    (dict(thresholds=[0.7, float("nan")], tp=[1.0, 2.0], fp=[0.0, 1.0]), "Counts state: field 'thresholds[1]' is NaN"),
    (
        dict(thresholds=[0.7, 0.2], tp=[2.0, 1.0], fp=[0.0, 1.0]),
        "Counts state: field 'tp[1]' is smaller than the value before it",
    ),
    (
        dict(thresholds=[0.7, 0.2], tp=[1.0, 2.0], fp=[-1.0, 1.0]),
        "Counts state: field 'fp[0]' must be a finite cumulative weight >= 0, got -1.0",
    ),
    (
        dict(thresholds=[0.7, 0.2], tp=[1.0, float("inf")], fp=[0.0, 1.0]),
        "Counts state: field 'tp[1]' must be a finite cumulative weight >= 0, got inf",
    ),
    (
        dict(thresholds=[0.7, 0.2], tp=[1.0, "2"], fp=[0.0, 1.0]),
        "Counts state: field 'tp[1]' must be a number, got '2'",
    ),
    (dict(thresholds=[0.7, 0.2], tp=[1.0, 2.0]), "Counts state: field 'table' is missing the keys ['fp']"),
    (dict(thresholds=[0.7], tp=[1.0], fp=[0.0], rule="<"), "Counts state: field 'rule' must be '>=' or '>', got '<'"),
    (
        dict(thresholds=[0.7], tp=[1.0], fp=[0.0], exact="yes"),
        "Counts state: field 'exact' must be true or false, got 'yes'",
    ),
    (dict(thresholds=[0.7], tp=[1.0], fp=[0.0], extra=1), "Counts state: field 'table' has unknown keys ['extra']"),
    (dict(thresholds=0.7, tp=[1.0], fp=[0.0]), "Counts state: field 'thresholds' must be a list, got float"),
    ([1, 2], "Counts state: field 'table' must be a dict, got list"),
]


@pytest.mark.parametrize("table, message", COUNTS_CASES)
def test_counts_from_dict_corruptions(table, message):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        Counts.from_dict(table)


def test_counts_round_trip():
    c = rocauc.binary_counts([0, 1, 1, 0], [0.1, 0.8, 0.8, 0.3], sample_weight=[1, 2, 3, 4])
    again = Counts.from_dict(json.loads(json.dumps(c.to_dict())))
    assert again.to_dict() == c.to_dict()


def _corrupt(draw, state):
    """One corruption that makes any valid state invalid, at a random place."""
    cols = state["columns"]
    kinds = [
        "version",
        "drop_key",
        "add_key",
        "task",
        "classes_none",
        "config_drop",
        "config_type",
        "exact_type",
        "drop_column",
        "add_column",
    ]
    if cols and any(c["buckets"] for c in cols):
        kinds += [
            "negative",
            "nan",
            "inf",
            "string",
            "dup_bucket",
            "frac_bucket",
            "range_bucket",
            "neg_bucket",
            "truncate",
            "bool_weight",
            "swap_order",
        ]
    kind = draw(st.sampled_from(kinds))
    if kind == "version":
        state["version"] = draw(st.sampled_from([0, 2, "1", 1.5, None, True]))
    elif kind == "drop_key":
        state.pop(draw(st.sampled_from(sorted(state))))
    elif kind == "add_key":
        state[draw(st.sampled_from(["extra", "Columns", "weights"]))] = 0
    elif kind == "task":
        other = [t for t in ("binary", "multiclass", "multilabel", "regression", None, 3) if t != state["task"]]
        state["task"] = draw(st.sampled_from(other))
    elif kind == "classes_none":
        state["classes"] = None if cols is not None else [0, 1]
    elif kind == "config_drop":
        state["config"].pop(draw(st.sampled_from(sorted(state["config"]))))
    elif kind == "config_type":
        key = draw(st.sampled_from(["multi_label", "from_logits", "bits", "curve", "average", "num_thresholds"]))
        state["config"][key] = draw(st.sampled_from(["yes", -1, [1]])) if key != "average" else "samples"
    elif kind == "exact_type":
        state["exact"] = draw(st.sampled_from([1, "true", None]))
    elif kind == "drop_column":
        if cols is None:
            state["columns"] = []
        else:
            cols.pop(draw(st.integers(0, len(cols) - 1)))
    elif kind == "add_column":
        if cols is None:
            state["columns"] = [{"buckets": [], "pos": [], "neg": []}]
        else:
            cols.append(copy.deepcopy(cols[0]))
    else:
        j = draw(st.sampled_from([j for j, c in enumerate(cols) if c["buckets"]]))
        col = cols[j]
        n = len(col["buckets"])
        i = draw(st.integers(0, n - 1))
        field = draw(st.sampled_from(["pos", "neg"]))
        if kind == "negative":
            col[field][i] = -draw(st.floats(1e-300, 1e300))
        elif kind == "nan":
            col[field][i] = float("nan")
        elif kind == "inf":
            col[field][i] = draw(st.sampled_from([float("inf"), -float("inf")]))
        elif kind == "string":
            col[field][i] = str(col[field][i])
        elif kind == "bool_weight":
            col[field][i] = True
        elif kind == "dup_bucket":
            if n == 1:
                col["buckets"].append(col["buckets"][0])
                col["pos"].append(0.0)
                col["neg"].append(1.0)
            else:
                col["buckets"][max(i, 1)] = col["buckets"][max(i, 1) - 1]
        elif kind == "frac_bucket":
            col["buckets"][i] = col["buckets"][i] + draw(st.sampled_from([0.5, 0.25, 1e-9]))
        elif kind == "range_bucket":
            col["buckets"][i] = draw(st.integers(2**32, 2**40))  # beyond any configuration (bits <= 32)
        elif kind == "neg_bucket":
            col["buckets"][i] = -draw(st.integers(1, 10**6))
        elif kind == "truncate":
            col[draw(st.sampled_from(["buckets", "pos", "neg"]))].pop(i)
        elif kind == "swap_order":
            if n == 1:
                col["buckets"].insert(0, col["buckets"][0] + 1)
                col["pos"].insert(0, 1.0)
                col["neg"].insert(0, 0.0)
            else:
                col["buckets"][0], col["buckets"][-1] = col["buckets"][-1], col["buckets"][0]
    return kind


_STATE_CONFIGS = [
    dict(bits=12),
    dict(bits=20),
    dict(),
    dict(num_thresholds=9),
    dict(thresholds=[0.3, 0.5]),
    dict(multi_label=True, bits=10),
    dict(multi_label=True),
    dict(curve="PR", bits=16),
]


@settings(
    max_examples=max(500, settings.default.max_examples), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def test_from_dict_fuzz_every_corruption_raises_value_error(data):
    config = data.draw(st.sampled_from(_STATE_CONFIGS + [dict(bits=12, multiclass=True)]))
    config = dict(config)
    multiclass = config.pop("multiclass", False)
    m = StreamingAUC(**config)
    n = data.draw(st.integers(0, 30))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    if n:
        if config.get("multi_label"):
            y = (rng.random((n, 3)) < 0.5).astype(int)
            m.update(y, rng.random((n, 3)))
        elif multiclass:
            y = rng.integers(0, 3, n)
            m.update(y, rng.dirichlet(np.ones(3), n))
        else:
            m.update(rng.integers(0, 2, n), rng.random(n))
    state = json.loads(json.dumps(m.to_dict()))
    assert StreamingAUC.from_dict(copy.deepcopy(state)) == m  # the valid state reads back
    _corrupt(data.draw, state)
    with pytest.raises(ValueError, match="StreamingAUC state"):
        StreamingAUC.from_dict(state)


# ============================================================ 8, 15. CLI


def _csv(path, header, rows):
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return str(path)


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def three_classes(tmp_path):
    rng = np.random.default_rng(5)
    n = 90
    y = np.r_[0, 1, 2, rng.integers(0, 3, n - 3)]
    p = rng.dirichlet(np.ones(3), n)
    p[np.arange(n), y] += 1.0
    p /= p.sum(axis=1, keepdims=True)
    # prefix-sharing columns in an order that is not the class order
    path = _csv(
        tmp_path / "m.csv",
        ["target", "p_class3", "p_class1", "p_class2"],
        [(f"class{t + 1}", r[2], r[0], r[1]) for t, r in zip(y, p)],
    )
    return path, y, p


def test_cli_glob_columns_match_classes_by_exact_name(capsys, three_classes):
    path, y, p = three_classes
    code, out, err = _run(capsys, "report", path, "--target", "target", "--scores", "p_*", "--out", "")
    assert code == 0, err
    from helpers import parse_table

    per_class = {r["class"]: r["ROC AUC"] for r in parse_table(out[out.index("Per class") :], "class")}
    assert per_class == {f"class{k + 1}": f"{skm.roc_auc_score(y == k, p[:, k]):.3f}" for k in range(3)}
    row = parse_table(out)[0]
    assert row["macro AUC"] == f"{skm.roc_auc_score(y, p, multi_class='ovr'):.3f}"
    assert row["accuracy"] == f"{skm.accuracy_score(y, p.argmax(axis=1)):.3f}"


def test_cli_glob_that_does_not_name_the_classes_is_refused(capsys, three_classes):
    path, _, _ = three_classes
    code, out, err = _run(capsys, "report", path, "--target", "target", "--scores", "p_class*", "--out", "")
    assert code == 2 and out == ""
    assert err == (
        f"rocauc report: error: {path}: the columns 'p_class3', 'p_class1', 'p_class2' matched by "
        "'p_class*' cannot be matched to the classes 'class1', 'class2', 'class3': their names after the "
        "glob's fixed part do not name each class exactly once (read '3', '1', '2'); name the columns after "
        "the classes (e.g. p_classclass1) or list them in class order with --model NAME=COL1,COL2,...\n"
    )


def test_cli_glob_with_a_missing_class_column_is_refused(capsys, tmp_path):
    path = _csv(tmp_path / "x.csv", ["y", "p_a", "p_b"], [("a", 0.2, 0.8), ("b", 0.6, 0.4), ("c", 0.5, 0.5)])
    code, _, err = _run(capsys, "report", path, "--target", "y", "--scores", "p_*", "--out", "")
    assert code == 2 and err.count("\n") == 1
    assert "cannot be matched to the classes 'a', 'b', 'c'" in err


def test_cli_glob_with_an_extra_column_is_refused(capsys, tmp_path):
    path = _csv(tmp_path / "x.csv", ["y", "p_a", "p_b", "p_a2"], [("a", 0.2, 0.7, 0.1), ("b", 0.6, 0.3, 0.1)])
    code, _, err = _run(capsys, "report", path, "--target", "y", "--scores", "p_*", "--out", "")
    assert code == 2 and err.count("\n") == 1
    assert "cannot be matched to the classes 'a', 'b'" in err


def test_cli_explicit_column_list_keeps_its_order(capsys, tmp_path):
    y = [0, 1, 2, 0, 1, 2]
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.5, 0.3, 0.2], [0.3, 0.4, 0.3], [0.1, 0.3, 0.6]])
    path = _csv(tmp_path / "x.csv", ["y", "a", "b", "c"], [(t, *r) for t, r in zip(y, p)])
    code, out, err = _run(capsys, "report", path, "--target", "y", "--model", "m=a,b,c", "--out", "", "--ci", "none")
    assert code == 0, err
    from helpers import parse_table

    assert parse_table(out)[0]["macro AUC"] == f"{skm.roc_auc_score(y, p, multi_class='ovr'):.3f}"


@pytest.fixture()
def binary_csv(tmp_path):
    return _csv(
        tmp_path / "b.csv",
        ["y", "s", "w"],
        [(0, 0.1, 1), (1, 0.8, 1), (0, 0.4, 2), (1, 0.35, -0.5), (1, 0.9, 1), (0, 0.2, 1)],
    )


def test_cli_out_naming_an_existing_file(capsys, binary_csv, tmp_path):
    f = tmp_path / "taken"
    f.write_text("x")
    code, out, err = _run(capsys, "report", binary_csv, "--target", "y", "--score", "s", "--out", str(f))
    assert code == 2 and out == ""
    assert err == (
        f"rocauc report: error: --out {str(f)!r}: a file of that name exists; --out names a folder for the "
        "report (pass a new folder name, or '' to write none)\n"
    )


def test_cli_out_under_a_file(capsys, binary_csv, tmp_path):
    f = tmp_path / "taken"
    f.write_text("x")
    target = os.path.join(str(f), "sub")
    code, _, err = _run(capsys, "report", binary_csv, "--target", "y", "--score", "s", "--out", target)
    assert code == 2
    assert err == (
        f"rocauc report: error: --out {target!r}: {str(f)!r} is a file, so the folder cannot be created there\n"
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_cli_out_unwritable(capsys, binary_csv, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        target = os.path.join(str(locked), "r")
        code, _, err = _run(capsys, "report", binary_csv, "--target", "y", "--score", "s", "--out", target)
    finally:
        locked.chmod(0o700)
    assert code == 2
    assert (
        err == f"rocauc report: error: --out {target!r}: {str(locked)!r} is not writable; pass a folder you can "
        "write to\n"
    )


def test_cli_out_save_failure_is_one_line(capsys, binary_csv, tmp_path, monkeypatch):
    import sys

    report_module = sys.modules["rocauc.present.report_model"]

    def fail(self, directory, **kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(report_module.Report, "save", fail)
    code, _, err = _run(capsys, "report", binary_csv, "--target", "y", "--score", "s", "--out", str(tmp_path / "r"))
    assert code == 2
    assert err.endswith(
        f"rocauc report: error: --out {str(tmp_path / 'r')!r}: cannot write the report (Permission "
        "denied); pass a folder you can write to\n"
    )


def test_cli_negative_weight_names_the_weight_column_and_line(capsys, binary_csv):
    code, out, err = _run(capsys, "report", binary_csv, "--target", "y", "--score", "s", "--weight", "w", "--out", "")
    assert code == 2 and out == ""
    assert err == (
        f"rocauc report: error: {binary_csv}, column 'w' (--weight), line 5: negative weight -0.5; sample "
        "weights must be >= 0\n"
    )


def test_cli_all_zero_weights(capsys, tmp_path):
    path = _csv(tmp_path / "z.csv", ["y", "s", "w"], [(0, 0.1, 0), (1, 0.8, 0)])
    code, _, err = _run(capsys, "report", path, "--target", "y", "--score", "s", "--weight", "w", "--out", "")
    assert code == 2
    assert err == (
        f"rocauc report: error: {path}, column 'w' (--weight): every weight is 0; at least one must be positive\n"
    )


@pytest.mark.parametrize("text", ["1_000", "٣", "0x10", "1e", "--1", "1.2.3", "½"])
def test_cli_numbers_are_plain_decimals(capsys, tmp_path, text):
    path = _csv(tmp_path / "n.csv", ["y", "s"], [(0, 0.1), (1, text), (1, 0.7)])
    code, _, err = _run(capsys, "report", path, "--target", "y", "--score", "s", "--out", "")
    assert code == 2
    assert err == (
        f"rocauc report: error: {path}, column 's', line 3: {text!r} is not a number; scores must be numbers\n"
    )


@pytest.mark.parametrize("text, value", [("1e3", 1000.0), ("+.5", 0.5), ("-2.", -2.0), (" 3 ", 3.0)])
def test_cli_plain_decimal_forms_are_numbers(text, value, tmp_path):
    from rocauc.cli import read_table

    path = _csv(tmp_path / "n.csv", ["s"], [(text,)])
    assert read_table(path).numbers("s").tolist() == [value]


def test_cli_labels_written_with_underscores_are_strings(tmp_path):
    from rocauc.cli import read_table

    path = _csv(tmp_path / "l.csv", ["y"], [("1_000",), ("2",)])
    assert read_table(path).labels("y").tolist() == ["1_000", "2"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["--threshold", "nan"],
            "argument --threshold: 'nan': threshold is NaN; pass a number (the rule is score >= threshold).",
        ),
        (["--threshold", "1_0"], "argument --threshold: '1_0' is not a number (e.g. 0.5)"),
        (
            ["--level", "95"],
            "argument --level: '95': level must be a number in (0, 1) (e.g. 0.95 for a 95% interval); got 95.0.",
        ),
    ],
)
def test_cli_option_values(capsys, binary_csv, argv, message):
    with pytest.raises(SystemExit) as exc:
        main(["report", binary_csv, "--target", "y", "--score", "s", "--out", "", *argv])
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"rocauc report: error: {message}"


BIDI = "s\u202eevil"


def test_bidi_override_is_visible_in_text_and_html(capsys, tmp_path):
    path = _csv(tmp_path / "bidi.csv", ["y", BIDI], [(0, 0.1), (1, 0.8), (0, 0.3), (1, 0.6)])
    code, out, err = _run(capsys, "report", path, "--target", "y", "--score", "s*", "--out", "", "--ci", "none")
    assert code == 0, err
    assert "\u202e" not in out and "s<U+202E>evil" in out
    rep = rocauc.report([0, 1, 0, 1], {BIDI: [0.1, 0.8, 0.3, 0.6]}, ci=None, compare=False, title="t\u2066x\u2069")
    html = rep.to_html()
    text = rep.to_text()
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
        assert ch not in html and ch not in text
    assert "s&lt;U+202E&gt;evil" in html and "t<U+2066>x<U+2069>" in text


def test_cli_errors_escape_bidi_in_names(capsys, tmp_path):
    path = _csv(tmp_path / "bidi.csv", ["y", BIDI], [(0, "x"), (1, 0.8)])
    code, _, err = _run(capsys, "report", path, "--target", "y", "--score", "s*", "--out", "")
    assert code == 2 and "\u202e" not in err and "\\u202e" in err


# ============================================================ other boundary cases


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: rocauc.roc_auc([], []), ValueError, "empty input: y_true and y_score need at least one sample."),
        (
            lambda: rocauc.roc_auc(np.zeros((2, 2, 2)), [0.1, 0.2]),
            ValueError,
            "y_true must have shape (n_samples,) or (n_samples, n_classes), got shape (2, 2, 2).",
        ),
        (
            lambda: rocauc.roc_auc([0, 1], [0.1, 0.2, 0.3]),
            ValueError,
            "y_true has 2 samples but y_score has 3; they must be the same "
            "length (y_true shape (2,), y_score shape (3,)).",
        ),
        (
            lambda: rocauc.roc_auc([0, 1], [0.1, 0.2], sample_weight=[1, 2, 3]),
            ValueError,
            "sample_weight has 3 values but there are 2 samples; pass one weight per sample.",
        ),
        (
            lambda: rocauc.roc_auc([0, 1], [0.1, 0.2], sample_weight=[1, -2]),
            ValueError,
            "sample_weight has 1 negative values (the first, -2.0, at index 1); weights must be >= 0.",
        ),
        (
            lambda: rocauc.roc_auc([0, 1], [0.1, 0.2], sample_weight=[0, 0]),
            ValueError,
            "sample_weight is zero for every sample; at least one weight must be positive.",
        ),
        (
            lambda: rocauc.roc_auc([0, 1], [0.1, 0.2], sample_weight=[1j, 1]),
            TypeError,
            "sample_weight must be numeric, got dtype complex128; pass one float weight per sample.",
        ),
        (
            lambda: rocauc.roc_auc([0, 1], [0.1, 0.2], sample_weight=["1", "2"]),
            TypeError,
            "sample_weight must be numeric, got dtype <U1; pass one float weight per sample.",
        ),
        (
            lambda: rocauc.roc_auc([0, 1], [0.1, np.inf]),
            ValueError,
            "y_score has 1 infinite value (the first, inf, at index 1); "
            "remove or fix those rows (a NaN score often means "
            "the model diverged).",
        ),
        (
            lambda: rocauc.roc_auc([0, 1], [0.1, 0.2], sample_weight=[np.nan, 1]),
            ValueError,
            "sample_weight has 1 NaN value (the first, nan, at index 0); "
            "remove or fix those rows (a NaN score often means "
            "the model diverged).",
        ),
        (
            lambda: rocauc.roc_auc([0, 0.5, 1], [0.1, 0.2, 0.3]),
            ValueError,
            "y_true holds non-integer values (the first, 0.5, at index 1): "
            "labels must be classes, not probabilities or "
            "smoothed labels (0.1/0.9). Pass the hard labels, e.g. y_true.round().",
        ),
        (
            lambda: rocauc.roc_auc([[0, 2], [1, 0]], [[0.1, 0.9], [0.8, 0.2]]),
            ValueError,
            "y_true has shape (2, 2) (an indicator matrix) but holds 2 at "
            "index (0, 1); an indicator matrix holds only 0 and "
            "1 (smoothed labels? round them).",
        ),
        (
            lambda: rocauc.roc_auc(None, [0.1]),
            TypeError,
            "y_true is None; pass an array of shape (n_samples,) or (n_samples, n_classes).",
        ),
        (lambda: rocauc.roc_auc([0, 1], [[0.1], [0.2, 0.3]]), TypeError, None),
    ],
)
def test_boundary_errors(call, error, message):
    with pytest.raises(error, match=exact(message) if message else "y_score could not be read as an array"):
        call()


def test_negative_zero_and_zero_are_one_score():
    y = [0, 1, 0, 1]
    s = np.array([-0.0, 0.0, 0.0, -0.0])
    with quiet():
        assert rocauc.roc_auc(y, s) == 0.5 == skm.roc_auc_score(y, s)
        assert rocauc.roc_auc(y, s.astype(np.float32)) == 0.5


def test_extreme_finite_scores():
    y = [0, 1, 0, 1, 1]
    s = np.array([-1.7e308, 1.7e308, 5e-324, -5e-324, 1e-300])
    assert rocauc.roc_auc(y, s) == pytest.approx(skm.roc_auc_score(y, s), rel=1e-15) == pair_auc(y, s) == 5 / 6
    assert rocauc.average_precision(y, s) == pytest.approx(skm.average_precision_score(y, s))


def test_object_array_of_numbers_is_read_as_floats():
    assert rocauc.roc_auc(np.array([0, 1, 1, 0], dtype=object), np.array(S4, dtype=object)) == 1.0


def test_decimal_and_fraction_scores():
    from decimal import Decimal
    from fractions import Fraction

    assert rocauc.roc_auc(Y4, [Decimal("0.2"), Decimal("0.9"), Decimal("0.6"), Decimal("0.4")]) == 1.0
    assert rocauc.roc_auc(Y4, [Fraction(1, 5), Fraction(9, 10), Fraction(3, 5), Fraction(2, 5)]) == 1.0


# ============================================================ fuzz vs scikit-learn


FUZZ_EXAMPLES = max(2000, settings.default.max_examples)  # 20,000 with --hypothesis-profile=thorough

_POOL = [-1e300, -2.5, -1.0, -0.0, 0.0, 1e-300, 0.1, 0.25, 0.5, 0.7, 0.9, 1.0, 3.0, 1e300]
_WEIGHTS = [0.0, 0.125, 0.5, 1.0, 1.5, 2.0, 3.0, 0.1, 1 / 3, 7.0]


@st.composite
def fuzz_case(draw):
    kind = draw(st.sampled_from(["binary", "binary", "multiclass", "multilabel"]))
    n = draw(st.integers(4, 30))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    tied = draw(st.booleans())
    weighted = draw(st.booleans())
    w = np.array(_WEIGHTS)[rng.integers(0, len(_WEIGHTS), n)] if weighted else None
    if kind == "binary":
        y = rng.integers(0, 2, n)
        scale = 10.0 ** rng.integers(-5, 5)
        s = np.array(_POOL)[rng.integers(0, len(_POOL), n)] if tied else rng.normal(size=n) * scale
        s = s.astype(draw(st.sampled_from([np.float64, np.float32]))) if not tied else s
        return kind, y, s, w
    k = draw(st.integers(3, 5))
    if kind == "multiclass":
        y = rng.integers(0, k, n)
        raw = rng.integers(1, 4, (n, k)).astype(float) if tied else rng.random((n, k)) + 1e-3
        return kind, y, raw / raw.sum(axis=1, keepdims=True), w
    y = (rng.random((n, k)) < 0.5).astype(int)
    s = np.array(_POOL)[rng.integers(0, len(_POOL), (n, k))] if tied else rng.normal(size=(n, k))
    return kind, y, s, w


def _defined_binary(y, w):
    pos = np.asarray(y, bool)
    if w is None:
        return pos.any() and (~pos).any()
    return w[pos].sum() > 0 and w[~pos].sum() > 0


@pytest.mark.filterwarnings("ignore::rocauc.HardPredictionWarning")  # 0/1 scores are valid fuzz input
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(fuzz_case())
def test_fuzz_against_scikit_learn(case):
    kind, y, s, w = case
    if kind == "binary":
        assume(_defined_binary(y, w))
        assert rocauc.roc_auc(y, s, sample_weight=w) == pytest.approx(
            skm.roc_auc_score(y, s, sample_weight=w), rel=1e-12, abs=1e-12
        )
        assert rocauc.average_precision(y, s, sample_weight=w) == pytest.approx(
            skm.average_precision_score(y, s, sample_weight=w), rel=1e-12, abs=1e-12
        )
        ours = rocauc.roc_curve(y, s, sample_weight=w)
        ref = skm.roc_curve(y, s, sample_weight=w)
        np.testing.assert_allclose(ours.fpr, ref[0], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(ours.tpr, ref[1], rtol=1e-12, atol=1e-15)
    elif kind == "multiclass":
        k = s.shape[1]
        assume(len(np.unique(y)) == k)
        onehot = np.eye(k, dtype=bool)[y]
        assume(all(_defined_binary(onehot[:, j], w) for j in range(k)))
        for average in ("weighted", "micro"):
            np.testing.assert_allclose(
                rocauc.roc_auc(y, s, sample_weight=w, average=average),
                skm.roc_auc_score(y, s, sample_weight=w, average=average, multi_class="ovr"),
                rtol=1e-12,
                atol=1e-12,
            )
        if w is None:
            np.testing.assert_allclose(
                rocauc.roc_auc(y, s, multi_class="ovo"),
                skm.roc_auc_score(y, s, multi_class="ovo"),
                rtol=1e-12,
                atol=1e-12,
            )
        np.testing.assert_allclose(
            rocauc.average_precision(y, s, sample_weight=w, average=None),
            skm.average_precision_score(onehot, s, sample_weight=w, average=None),
            rtol=1e-12,
            atol=1e-12,
        )
    else:
        k = s.shape[1]
        assume(all(_defined_binary(y[:, j], w) for j in range(k)))
        # task="multilabel": a matrix whose rows happen to hold one 1 each would otherwise be read as one-hot classes
        # per label (None) and micro are enough: macro and weighted are numpy averages of the per-label values
        for average in (None, "micro"):
            np.testing.assert_allclose(
                rocauc.roc_auc(y, s, sample_weight=w, average=average, task="multilabel"),
                skm.roc_auc_score(y, s, sample_weight=w, average=average),
                rtol=1e-12,
                atol=1e-12,
            )
            np.testing.assert_allclose(
                rocauc.average_precision(y, s, sample_weight=w, average=average, task="multilabel"),
                skm.average_precision_score(y, s, sample_weight=w, average=average),
                rtol=1e-12,
                atol=1e-12,
            )
        np.testing.assert_allclose(
            rocauc.roc_auc(y, s, sample_weight=w, average="weighted", task="multilabel"),
            skm.roc_auc_score(y, s, sample_weight=w, average="weighted"),
            rtol=1e-12,
            atol=1e-12,
        )
        rows_defined = all(0 < r.sum() < k for r in y) and (w is None or (w > 0).all())
        if rows_defined:  # average="samples" alone reads the matrix as multi-label
            np.testing.assert_allclose(
                rocauc.roc_auc(y, s, sample_weight=w, average="samples"),
                skm.roc_auc_score(y, s, sample_weight=w, average="samples"),
                rtol=1e-12,
                atol=1e-12,
            )


# ============================================================ 11. advice that misleads


def test_float16_probabilities_with_from_logits_are_refused_not_softmaxed_twice():
    p = np.array([[0.3333, 0.3333, 0.3334], [0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1]], np.float16)
    with pytest.raises(
        ValueError,
        match=exact(
            "from_logits=True, but every row of y_score is already a probability distribution (values in [0, 1] "
            "summing to 1): a second softmax would change the one-vs-rest AUCs. Leave from_logits out."
        ),
    ):
        rocauc.roc_auc([0, 1, 2, 0], p, from_logits=True)
    # the logits of the same probabilities give the same number as the probabilities
    y = [0, 1, 2, 0]
    assert rocauc.roc_auc(y, np.log(p.astype(np.float64)), from_logits=True) == pytest.approx(
        skm.roc_auc_score(y, p.astype(np.float64) / p.astype(np.float64).sum(1, keepdims=True), multi_class="ovr")
    )


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: rocauc.roc_auc([0, 1, 2], np.full((3, 3), 1 / 3), multi_class="ovo-ish"),
            "multi_class='ovo-ish' is not one of ('ovr', 'ovo').",
        ),
        (
            lambda: rocauc.compare(Y4, S4, [0.1, 0.2, 0.3, 0.4], alternative="bigger"),
            "alternative='bigger' is not one of ('two-sided', 'greater', 'less').",
        ),
        (
            lambda: rocauc.compare(Y4, S4, [0.1, 0.2, 0.3, 0.4], method="wald"),
            "method='wald' is not one of ('delong', 'bootstrap', 'venkatraman', 'sensitivity', 'specificity').",
        ),
        (
            lambda: rocauc.compare(Y4, S4, [0.1, 0.2, 0.3, 0.4], level=1.5),
            "level must be a number in (0, 1) (e.g. 0.95 for a 95% interval); got 1.5.",
        ),
    ],
)
def test_option_errors_of_other_functions(call, message):
    with pytest.raises(ValueError, match=exact(message)):
        call()


def test_cli_level_that_is_not_a_number(capsys, binary_csv):
    with pytest.raises(SystemExit) as exc:
        main(["report", binary_csv, "--target", "y", "--score", "s", "--out", "", "--level", "high"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "rocauc report: error: argument --level: 'high' is not a number (e.g. 0.95)"
    )


def test_validation_module_is_the_one_place_for_numbers():
    assert V.number(np.array(2), "x") == 2.0
    assert V.integer(np.int64(3), "k", low=1) == 3
    assert V.choice("ROC", "curve", ("ROC", "PR")) == "ROC"
    with pytest.raises(ValueError, match=exact("k must be an integer >= 1; got 0.")):
        V.integer(0, "k", low=1)
    with pytest.raises(TypeError, match=exact("x must be a number; got None (NoneType).")):
        V.number(None, "x")
    with pytest.raises(ValueError, match=exact("x must be a number < 1; got 1.")):
        V.number(1, "x", high=1, high_open=True)


def test_cli_multilabel_score_columns_follow_the_target_columns(capsys, tmp_path):
    rng = np.random.default_rng(8)
    n = 60
    y = (rng.random((n, 3)) < 0.5).astype(int)
    y[0], y[1] = 1, 0
    p = np.clip(y * 0.3 + rng.random((n, 3)) * 0.7, 0, 1)
    # targets in the order b, c, a; score columns in the order a, b, c
    path = _csv(
        tmp_path / "ml.csv",
        ["y_b", "y_c", "y_a", "p_a", "p_b", "p_c"],
        [(r[1], r[2], r[0], q[0], q[1], q[2]) for r, q in zip(y, p)],
    )
    code, out, err = _run(capsys, "report", path, "--target", "y_*", "--scores", "p_*", "--out", "", "--ci", "none")
    assert code == 0, err
    from helpers import parse_table

    per_label = {r["label"]: r["ROC AUC"] for r in parse_table(out[out.index("Per label") :], "label")}
    assert per_label == {f"y_{c}": f"{skm.roc_auc_score(y[:, j], p[:, j]):.3f}" for j, c in enumerate("abc")}


def test_weights_with_missing_values():
    pd = pytest.importorskip("pandas")
    with pytest.raises(
        ValueError,
        match=exact(
            "sample_weight has 1 missing values (first at index 2); give every sample a weight (0 leaves it out)."
        ),
    ):
        rocauc.roc_auc(Y4, S4, sample_weight=pd.array([1.0, 2.0, None, 1.0], dtype="Float64").astype(object))
    assert rocauc.roc_auc(Y4, S4, sample_weight=np.array([1, 2, 1, 1], dtype=object)) == 1.0


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_cli_unreadable_file(capsys, binary_csv):
    os.chmod(binary_csv, 0)
    try:
        code, _, err = _run(capsys, "report", binary_csv, "--target", "y", "--score", "s", "--out", "")
    finally:
        os.chmod(binary_csv, 0o600)
    assert code == 2 and err == f"rocauc report: error: {binary_csv}: cannot read the file (Permission denied)\n"
