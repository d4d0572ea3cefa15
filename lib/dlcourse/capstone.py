"""The clinical capstone (chapter 14): reference versions of its larger steps.

Each is graded on properties any correct approach has (no leakage, a percentile bootstrap
interval, a threshold that meets a clinical goal on out-of-fold predictions, a calibration
table as scikit-learn computes it); tests/test_capstone.py checks them.
"""
import numpy as np

__all__ = ["split_and_scale", "bootstrap_ci", "out_of_fold_scores", "choose_threshold",
           "calibration_table", "default_model", "sensitivity", "specificity", "accuracy",
           "auc"]


def split_and_scale(X, y, test_size, seed):
    """Stratified train/test split (``train_test_split(..., stratify=y, random_state=seed)``),
    then standardization with the mean and standard deviation of the training part only.
    Returns ``(X_train, X_test, y_train, y_test)``."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(
        np.asarray(X, dtype=np.float64), np.asarray(y), test_size=test_size, stratify=y,
        random_state=seed)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def bootstrap_ci(y_true, y_pred, metric, n_boot, seed, level=0.95):
    """Percentile bootstrap interval of ``metric(y_true, y_pred)``: resample the (y_true,
    y_pred) pairs with replacement ``n_boot`` times with ``np.random.default_rng(seed)``,
    recompute the metric, take the ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles.
    Returns ``(estimate on all data, low, high)``."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    rng = np.random.default_rng(seed)
    n = len(y_true)
    values = []
    for _ in range(int(n_boot)):
        idx = rng.integers(0, n, n)
        values.append(metric(y_true[idx], y_pred[idx]))
    low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    return float(metric(y_true, y_pred)), float(low), float(high)


def out_of_fold_scores(make_model, X, y, k=5, seed=0):
    """Probability of class 1 for every sample from a model that did not see it:
    ``cross_val_predict(make_model(), X, y, cv=StratifiedKFold(k, shuffle=True,
    random_state=seed), method="predict_proba")[:, 1]``."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    cv = StratifiedKFold(k, shuffle=True, random_state=seed)
    return cross_val_predict(make_model(), np.asarray(X), np.asarray(y), cv=cv,
                             method="predict_proba")[:, 1]


def choose_threshold(make_model, X_train, y_train, target, k=5, seed=0):
    """The largest threshold whose out-of-fold sensitivity on the training set reaches
    ``target`` (chapter 09's rule on :func:`out_of_fold_scores`)."""
    from .metrics import threshold_for_sensitivity

    scores = out_of_fold_scores(make_model, X_train, y_train, k, seed)
    return threshold_for_sensitivity(y_train, scores, target)


def calibration_table(y_true, prob, n_bins=10):
    """Mean predicted probability and observed frequency of class 1 in each of ``n_bins``
    equal-width bins of [0, 1] that holds any sample (empty bins are left out; a probability on
    an edge belongs to the lower bin), as
    ``sklearn.calibration.calibration_curve(y_true, prob, n_bins=n_bins)`` returns them.
    Returns ``(observed, predicted, counts)``."""
    y_true = np.asarray(y_true, dtype=np.float64)
    prob = np.asarray(prob, dtype=np.float64)
    edges = np.linspace(0.0, 1.0, int(n_bins) + 1)
    which = np.searchsorted(edges[1:-1], prob)  # bins (a, b], the first one also holds 0
    counts = np.bincount(which, minlength=n_bins)
    observed = np.bincount(which, weights=y_true, minlength=n_bins)
    predicted = np.bincount(which, weights=prob, minlength=n_bins)
    kept = counts > 0
    return observed[kept] / counts[kept], predicted[kept] / counts[kept], counts[kept]


def default_model():
    """The capstone's network: standardization, then a 16-unit MLP trained with Adam and early
    stopping (a pipeline, so cross-validation fits the scaling inside each fold)."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from .tuning import TorchMLPClassifier

    return make_pipeline(StandardScaler(),
                         TorchMLPClassifier(hidden=16, lr=0.01, epochs=300,
                                            early_stopping=True, patience=20))


def _rates(y_true, y_pred):
    from .metrics import classification_rates

    return classification_rates(y_true, y_pred)


def sensitivity(y_true, y_pred):
    """Recall of class 1."""
    return _rates(y_true, y_pred)["recall"]


def specificity(y_true, y_pred):
    """Recall of class 0."""
    return _rates(y_true, y_pred)["specificity"]


def accuracy(y_true, y_pred):
    """Share of correct predictions."""
    return _rates(y_true, y_pred)["accuracy"]


def auc(y_true, scores):
    """Area under the ROC curve (0.5 when only one class is present, as no order exists)."""
    from .metrics import auc_trapezoid, roc_points

    y_true = np.asarray(y_true)
    if y_true.min() == y_true.max():
        return 0.5
    fpr, tpr, _ = roc_points(y_true, scores)
    return auc_trapezoid(fpr, tpr)
