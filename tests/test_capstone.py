"""dlcourse.capstone (chapter 14) against scikit-learn."""
import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, recall_score

from dlcourse import capstone, metrics


def _cancer():
    data = load_breast_cancer()
    return data.data, (data.target == 0).astype(int)


def test_split_and_scale_uses_the_training_part_only():
    X, y = _cancer()
    X_train, X_test, y_train, y_test = capstone.split_and_scale(X, y, 0.25, 3)
    np.testing.assert_allclose(X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X_train.std(axis=0), 1.0, rtol=1e-12)
    assert abs(X_test.mean(axis=0)).max() > 1e-3  # the test part is not centred on itself
    assert len(y_test) == 143 and abs(y_test.mean() - y.mean()) < 0.01


def test_bootstrap_ci_is_a_percentile_interval_around_the_estimate():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    pred = np.where(rng.random(200) < 0.85, y, 1 - y)
    est, low, high = capstone.bootstrap_ci(y, pred, accuracy_score, 2000, seed=1)
    assert est == accuracy_score(y, pred) and low < est < high
    # a binomial proportion: the 95 % interval is about +-1.96 sd
    sd = np.sqrt(est * (1 - est) / 200)
    assert high - low == pytest.approx(2 * 1.96 * sd, rel=0.15)
    assert capstone.bootstrap_ci(y, pred, accuracy_score, 2000, seed=1) == (est, low, high)
    narrow = capstone.bootstrap_ci(y, pred, accuracy_score, 2000, seed=1, level=0.5)
    assert low < narrow[1] < narrow[2] < high


def test_threshold_reaches_the_target_out_of_fold():
    X, y = _cancer()
    def model():
        return LogisticRegression(max_iter=5000)

    t = capstone.choose_threshold(model, X, y, 0.95, k=5, seed=0)
    scores = capstone.out_of_fold_scores(model, X, y, 5, 0)
    assert recall_score(y, (scores >= t).astype(int)) >= 0.95
    assert t == metrics.threshold_for_sensitivity(y, scores, 0.95)


@pytest.mark.parametrize("n_bins", [5, 10, 17])
def test_calibration_table_matches_scikit_learn(n_bins):
    rng = np.random.default_rng(n_bins)
    prob = rng.random(300) ** 2
    prob[:3] = [0.0, 1.0, 0.5]
    y = (rng.random(300) < prob).astype(int)
    observed, predicted, counts = capstone.calibration_table(y, prob, n_bins)
    expected_obs, expected_pred = calibration_curve(y, prob, n_bins=n_bins)
    np.testing.assert_allclose(observed, expected_obs)
    np.testing.assert_allclose(predicted, expected_pred)
    assert counts.sum() == 300


def test_metric_wrappers_and_the_default_model():
    from sklearn.metrics import roc_auc_score

    X, y = _cancer()
    model = capstone.default_model().fit(X[:400], y[:400])
    pred, scores = model.predict(X[400:]), model.predict_proba(X[400:])[:, 1]
    assert capstone.accuracy(y[400:], pred) == accuracy_score(y[400:], pred) > 0.9
    assert capstone.sensitivity(y[400:], pred) == recall_score(y[400:], pred)
    assert capstone.specificity(y[400:], pred) == recall_score(y[400:], pred, pos_label=0)
    assert capstone.auc(y[400:], scores) == pytest.approx(roc_auc_score(y[400:], scores))
    assert capstone.auc(np.ones(5), np.arange(5.0)) == 0.5
    assert model[-1].n_epochs_ < 300
