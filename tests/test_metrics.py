"""dlcourse.metrics (chapter 09) against scikit-learn."""
import contextlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm
from sklearn.model_selection import KFold, StratifiedKFold

from dlcourse import metrics

labels = st.lists(st.integers(0, 3), min_size=12, max_size=80)
binary = st.lists(st.integers(0, 1), min_size=2, max_size=60)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 60), st.integers(2, 7))
def test_kfold_folds_match_scikit_learn(n, k):
    if k > n:
        return
    fold = metrics.kfold_folds(n, k)
    assert fold.dtype == np.int64
    for f, (train, val) in enumerate(KFold(k).split(np.zeros(n))):
        assert np.flatnonzero(fold == f).tolist() == val.tolist()
        assert metrics.folds_to_splits(fold)[f][0].tolist() == train.tolist()


@settings(max_examples=80, deadline=None)
@given(labels, st.integers(2, 5))
def test_stratified_kfold_folds_match_scikit_learn(y, k):
    y = np.array(y)
    counts = np.bincount(y)
    if np.all(counts[counts > 0] < k):
        return  # scikit-learn refuses: every class smaller than k
    fold = metrics.stratified_kfold_folds(y, k)
    with pytest.warns(UserWarning) if np.min(counts[counts > 0]) < k else contextlib.nullcontext():
        expected = list(StratifiedKFold(k).split(np.zeros(len(y)), y))
    for f, (_, val) in enumerate(expected):
        assert np.flatnonzero(fold == f).tolist() == val.tolist()


def test_stratified_kfold_numbers_classes_by_first_appearance():
    # class 5 appears first: it is dealt first, although 2 < 5
    y = np.array([5, 5, 2, 5, 2, 2, 5, 2, 5])
    fold = metrics.stratified_kfold_folds(y, 2)
    expected = np.empty(len(y), dtype=int)
    for f, (_, val) in enumerate(StratifiedKFold(2).split(np.zeros(len(y)), y)):
        expected[val] = f
    assert fold.tolist() == expected.tolist()


@settings(max_examples=60, deadline=None)
@given(labels, st.sampled_from([(6, 2, 2), (8, 1, 1), (0.7, 0.15, 0.15), (1, 1, 1)]),
       st.integers(0, 1000))
def test_stratified_split_partitions_and_keeps_class_shares(y, ratios, seed):
    y = np.array(y)
    parts = metrics.stratified_split(y, ratios, np.random.default_rng(seed))
    joined = np.concatenate(parts)
    assert sorted(joined.tolist()) == list(range(len(y)))
    shares = np.array(ratios, dtype=float) / sum(ratios)
    for part, share in zip(parts, shares):
        assert part.dtype == np.int64
        for label in np.unique(y):
            assert abs(np.sum(y[part] == label) - share * np.sum(y == label)) < 1.0
    again = metrics.stratified_split(y, ratios, np.random.default_rng(seed))
    assert all(a.tolist() == b.tolist() for a, b in zip(parts, again))


@settings(max_examples=80, deadline=None)
@given(binary, st.integers(0, 10_000))
def test_confusion_and_rates_match_scikit_learn(y_true, seed):
    y_true = np.array(y_true)
    y_pred = np.random.default_rng(seed).integers(0, 2, len(y_true))
    sk = skm.confusion_matrix(y_true, y_pred, labels=[0, 1])
    slide = metrics.confusion_slide(y_true, y_pred)
    assert slide.tolist() == skm.confusion_matrix(y_true, y_pred, labels=[1, 0]).T.tolist()
    assert metrics.sklearn_to_slide(sk).tolist() == slide.tolist()
    assert metrics.slide_to_sklearn(slide).tolist() == sk.tolist()
    rates = metrics.classification_rates(y_true, y_pred)
    assert rates["accuracy"] == pytest.approx(skm.accuracy_score(y_true, y_pred))
    assert rates["recall"] == pytest.approx(skm.recall_score(y_true, y_pred, zero_division=0))
    assert rates["precision"] == pytest.approx(
        skm.precision_score(y_true, y_pred, zero_division=0))
    assert rates["specificity"] == pytest.approx(
        skm.recall_score(y_true, y_pred, pos_label=0, zero_division=0))
    assert rates["f1"] == pytest.approx(skm.f1_score(y_true, y_pred, zero_division=0))


def test_rates_at_prevalence_screening_example():
    # sensitivity 0.9, specificity 0.9 at prevalence 1 %: PPV = 0.009 / (0.009 + 0.099)
    rates = metrics.rates_at_prevalence(0.9, 0.9, 0.01)
    assert rates["ppv"] == pytest.approx(0.009 / 0.108)
    assert rates["npv"] == pytest.approx(0.891 / 0.892)
    assert rates["accuracy"] == pytest.approx(0.9)


@settings(max_examples=80, deadline=None)
@given(st.integers(4, 60), st.integers(0, 10_000), st.booleans())
def test_roc_points_and_auc_match_scikit_learn(n, seed, ties):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    scores = rng.integers(0, 5, n).astype(float) if ties else rng.normal(size=n) + y
    fpr, tpr, thr = metrics.roc_points(y, scores)
    sk_fpr, sk_tpr, sk_thr = skm.roc_curve(y, scores, drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr)
    np.testing.assert_allclose(tpr, sk_tpr)
    np.testing.assert_array_equal(thr, sk_thr)
    assert metrics.auc_trapezoid(fpr, tpr) == pytest.approx(skm.roc_auc_score(y, scores))


@settings(max_examples=80, deadline=None)
@given(st.integers(4, 60), st.integers(0, 10_000), st.floats(0.05, 1.0))
def test_threshold_for_sensitivity_is_the_best_threshold_reaching_the_target(n, seed, target):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    scores = np.round(rng.normal(size=n) + y, 1)
    t = metrics.threshold_for_sensitivity(y, scores, target)
    rates = metrics.classification_rates(y, (scores >= t).astype(int))
    assert rates["recall"] >= target
    higher = np.unique(scores[scores > t])
    if higher.size:  # the next threshold up misses the target
        assert skm.recall_score(y, (scores >= higher[0]).astype(int)) < target


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 50), st.integers(0, 10_000))
def test_regression_errors_match_scikit_learn(n, seed):
    rng = np.random.default_rng(seed)
    y, y_hat = rng.uniform(0, 300, n), rng.uniform(0, 300, n)
    errors = metrics.regression_errors(y, y_hat)
    assert errors["mae"] == pytest.approx(skm.mean_absolute_error(y, y_hat))
    assert errors["mse"] == pytest.approx(skm.mean_squared_error(y, y_hat))
    assert errors["rmse"] == pytest.approx(skm.root_mean_squared_error(y, y_hat))
    assert errors["msle"] == pytest.approx(skm.mean_squared_log_error(y, y_hat))
    assert errors["rmsle"] == pytest.approx(skm.root_mean_squared_log_error(y, y_hat))
