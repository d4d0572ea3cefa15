"""dlcourse.tuning (chapter 11) against scikit-learn."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (GridSearchCV, ParameterGrid, StratifiedKFold,
                                     cross_val_score)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from dlcourse import tuning

grids = st.dictionaries(st.sampled_from(["a", "b", "lr", "nodes", "z"]),
                        st.lists(st.integers(0, 9), min_size=1, max_size=4), min_size=1)


@settings(max_examples=50, deadline=None)
@given(grids, st.floats(0.01, 1.0))
def test_grid_count_and_configs_match_parameter_grid(grid, sample):
    assert tuning.count_grid(grid) == len(ParameterGrid(grid))
    assert tuning.grid_configs(grid) == list(ParameterGrid(grid))
    assert tuning.count_grid(grid, sample) == math.ceil(sample * len(ParameterGrid(grid)))


def test_the_seed_grid():
    grid = {"nodes1": [64, 128, 256], "nodes2": [64, 128, 256], "dropout1": [0.2, 0.3, 0.4],
            "dropout2": [0.2, 0.3, 0.4], "optimizer": ["rmsprop", "adam"],
            "batch_size": [16, 32, 64, 128]}
    assert tuning.count_grid(grid) == 648
    assert tuning.count_grid(grid, 0.7) == 454


def test_random_configs_respect_the_space_and_the_seed():
    space = {"lr": ("loguniform", 1e-4, 1e-1), "p": ("uniform", 0.1, 0.5),
             "hidden": ("int", 2, 5), "opt": ("choice", ["adam", "sgd"])}
    configs = tuning.random_configs(space, 4000, seed=0)
    assert configs == tuning.random_configs(space, 4000, seed=0)
    assert configs != tuning.random_configs(space, 4000, seed=1)
    lr = np.array([c["lr"] for c in configs])
    assert lr.min() >= 1e-4 and lr.max() <= 1e-1
    quarters = np.histogram(np.log10(lr), bins=4, range=(-4, -1))[0] / len(lr)
    np.testing.assert_allclose(quarters, 0.25, atol=0.03)
    assert {c["hidden"] for c in configs} == {2, 3, 4, 5}
    assert {c["opt"] for c in configs} == {"adam", "sgd"}
    p = np.array([c["p"] for c in configs])
    assert 0.1 <= p.min() and p.max() <= 0.5 and abs(p.mean() - 0.3) < 0.01
    with pytest.raises(ValueError):
        tuning.random_configs({"x": ("normal", 0, 1)}, 1, seed=0)


def _cancer():
    data = load_breast_cancer()
    return StandardScaler().fit_transform(data.data), (data.target == 0).astype(int)


def test_cv_scores_match_cross_val_score():
    X, y = _cancer()
    for config in ({"C": 0.01}, {"C": 1.0}):
        expected = cross_val_score(LogisticRegression(**config), X, y,
                                   cv=StratifiedKFold(4, shuffle=True, random_state=3))
        np.testing.assert_allclose(tuning.cv_scores(LogisticRegression, config, X, y, k=4,
                                                    seed=3), expected)


def test_best_so_far():
    np.testing.assert_array_equal(tuning.best_so_far([0.5, 0.4, 0.7, 0.6]),
                                  np.maximum.accumulate([0.5, 0.4, 0.7, 0.6]))
    out = tuning.best_so_far([np.nan, 0.3, np.nan, 0.2, 0.9])
    assert np.isnan(out[0]) and out[1:].tolist() == [0.3, 0.3, 0.3, 0.9]


def test_pick_and_test_picks_by_cross_validation_and_tests_once():
    X, y = _cancer()
    results = [({"C": 0.001}, [0.90, 0.91]), ({"C": 0.1}, [0.97, 0.95]), ({"C": 10.0},
                                                                         [0.99, 0.92])]
    config, score = tuning.pick_and_test(results, LogisticRegression, X[:400], y[:400],
                                         X[400:], y[400:])
    assert config == {"C": 0.1}
    assert score == LogisticRegression(C=0.1).fit(X[:400], y[:400]).score(X[400:], y[400:])


def test_torch_classifier_is_a_scikit_learn_estimator():
    X, y = load_breast_cancer(return_X_y=True)
    model = make_pipeline(StandardScaler(), tuning.TorchMLPClassifier(hidden=8, epochs=40))
    assert clone(model).get_params()["torchmlpclassifier__hidden"] == 8
    first = model.fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(first, clone(model).fit(X, y).predict_proba(X))
    np.testing.assert_allclose(first.sum(axis=1), 1.0, rtol=1e-6)
    assert model.score(X, y) > 0.9
    search = GridSearchCV(model, {"torchmlpclassifier__lr": [1e-4, 1e-2]}, cv=3).fit(X, y)
    assert search.best_params_ == {"torchmlpclassifier__lr": 1e-2}
    labels = np.where(y == 1, "benign", "malignant")
    assert set(tuning.TorchMLPClassifier(epochs=5).fit(X[:50], labels[:50])
               .predict(X[:50])) <= {"benign", "malignant"}


def test_torch_classifier_early_stopping_restores_the_best_weights():
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    model = tuning.TorchMLPClassifier(hidden=32, lr=0.05, epochs=500, early_stopping=True,
                                      patience=5).fit(X, y)
    assert model.n_epochs_ < 500
    assert model.best_epoch_ == model.n_epochs_ - 5  # stopped 5 steps after the best one
    plain = tuning.TorchMLPClassifier(hidden=32, lr=0.05, epochs=40).fit(X, y)
    assert plain.n_epochs_ == plain.best_epoch_ == 40
    assert model.score(X, y) > 0.9


def test_keras_style_regression_without_hidden_layers_is_linear_regression():
    # No hidden layer and no early stopping: the network is a linear model trained on the MSE,
    # so its validation MAE is that of scikit-learn's least squares on the same Keras split.
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import LinearRegression

    X, y = load_diabetes(return_X_y=True)
    X_before, y_before = X.copy(), y.copy()
    result = tuning.keras_style_regression(X, y, hidden=(), lr=0.05, epochs=800, patience=800)
    cut = math.floor(len(X) * 0.8)  # 353 of 442 rows train, the last 89 validate
    fitted = LinearRegression().fit(X[:cut], y[:cut])
    errors = fitted.predict(X[cut:]) - y[cut:]
    assert result["val_mae"] == pytest.approx(np.mean(np.abs(errors)), rel=1e-3)
    assert result["val_mse"] == pytest.approx(np.mean(errors ** 2), rel=1e-3)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)


def test_keras_style_regression_validates_on_the_last_rows_before_shuffling():
    # 11 rows, validation_split=0.2: Keras trains on floor(8.8) = 8 rows and validates on the
    # last 3. Row 8 alone is off the line by 99, so the validation MAE is 99 / 3 = 33; rounding
    # (9 training rows) or shuffling would move that outlier into training.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(11, 2))
    y = X @ np.array([3.0, -2.0]) + 1.0
    y[8] += 99.0
    result = tuning.keras_style_regression(X, y, hidden=(), epochs=4000, patience=4000)
    assert result["val_mae"] == pytest.approx(33.0, abs=0.05)
    y_last = y.copy()
    y_last[8] -= 99.0
    y_last[0] += 99.0  # the same outlier among the training rows instead
    assert tuning.keras_style_regression(X, y_last, hidden=(), epochs=4000,
                                         patience=4000)["val_mae"] > 5


def test_keras_style_regression_stops_early_and_is_repeatable():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    first = tuning.keras_style_regression(X, y, patience=5, seed=3)
    assert first["epochs"] < 500
    assert first["epochs"] == first["best_epoch"] + 5
    assert tuning.keras_style_regression(X, y, patience=5, seed=3) == first
    knobs = tuning.keras_style_regression(X, y, patience=5, seed=3, dropout=0.3, layer_norm=True,
                                          weight_decay=0.01)
    assert knobs != first  # the knobs reach the network and the optimizer
    assert 20 < knobs["val_mae"] < 80  # a working model: the target runs from 25 to 346
