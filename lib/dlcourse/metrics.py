"""Model evaluation (chapter 09): splits, folds and metrics in numpy, as the slides define them.

Chapter 09 has students write these; its tests compare them with scikit-learn directly where
scikit-learn has the same thing, and with these references where it does not (the slide's
confusion-matrix layout, the stratified three-way split, the threshold choice). Later
chapters import them from here. tests/test_metrics.py checks each one against scikit-learn.

Conventions:

- Binary labels are 0/1 with 1 the positive class (the disease, e.g. a malignant tumour).
- A score ``s`` is predicted positive when ``s >= threshold`` (scikit-learn's ``roc_curve``).
- The slide (4-8-6) lays the confusion matrix out as ``[[TP, FP], [FN, TN]]``: rows are the
  prediction (positive first), columns the truth. scikit-learn's ``confusion_matrix`` is
  ``[[TN, FP], [FN, TP]]``: rows are the truth, columns the prediction, labels in sorted
  order (0 first).
- A rate whose denominator is 0 is 0.0 (scikit-learn's ``zero_division=0``).
"""
import numpy as np

__all__ = ["stratified_split", "kfold_folds", "stratified_kfold_folds", "folds_to_splits",
           "confusion_slide", "slide_to_sklearn", "sklearn_to_slide", "classification_rates",
           "rates_from_counts", "rates_at_prevalence", "roc_points", "auc_trapezoid",
           "threshold_for_sensitivity", "regression_errors"]


def _labels(y):
    return np.asarray(y).reshape(-1)


def stratified_split(y, ratios, rng):
    """Indices of a stratified train/validation/test split.

    y: (n,) class labels; ratios: three non-negative numbers (6, 2, 2) or (0.6, 0.2, 0.2);
    rng: a numpy Generator. Every class is shuffled with ``rng`` and cut in the given
    proportions, so each part holds each class within one sample of its share.
    Returns (train_idx, val_idx, test_idx): sorted int64 arrays that partition range(n).
    """
    y = _labels(y)
    shares = np.asarray(ratios, dtype=np.float64)
    shares = shares / shares.sum()
    parts = [[], [], []]
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        cuts = np.round(np.cumsum(shares)[:-1] * len(members)).astype(int)
        for part, chunk in zip(parts, np.split(members, cuts)):
            part.append(chunk)
    return tuple(np.sort(np.concatenate(p)).astype(np.int64) for p in parts)


def kfold_folds(n, k):
    """Validation fold of each of n samples for k-fold CV without shuffling.

    The folds are consecutive blocks; the first ``n % k`` folds hold one sample more
    (scikit-learn's ``KFold(k)``). Returns an int64 array (n,) with values in 0..k-1.
    """
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    return np.repeat(np.arange(k), sizes).astype(np.int64)


def stratified_kfold_folds(y, k):
    """Validation fold of each sample for stratified k-fold CV without shuffling.

    scikit-learn's ``StratifiedKFold(k)`` rule: classes are numbered in the order they first
    appear in ``y``; the labels sorted by that number are dealt to folds 0, 1, ..., k-1, 0, ...
    which fixes how many samples of each class each fold gets; then the samples of each class,
    in data order, fill fold 0 first, then fold 1, and so on. Returns an int64 array (n,).
    """
    y = _labels(y)
    _, first, inverse = np.unique(y, return_index=True, return_inverse=True)
    order_of_appearance = np.argsort(np.argsort(first))
    codes = order_of_appearance[inverse.reshape(-1)]
    n_classes = len(first)
    dealt = np.sort(codes)
    counts = np.array([np.bincount(dealt[i::k], minlength=n_classes) for i in range(k)])
    fold = np.empty(len(y), dtype=np.int64)
    for c in range(n_classes):
        fold[codes == c] = np.repeat(np.arange(k), counts[:, c])
    return fold


def folds_to_splits(fold):
    """``[(train_idx, val_idx), ...]`` for folds 0, 1, ... of a fold-number array."""
    fold = np.asarray(fold).reshape(-1)
    return [(np.flatnonzero(fold != f), np.flatnonzero(fold == f))
            for f in range(int(fold.max()) + 1)]


def confusion_slide(y_true, y_pred):
    """The slide's confusion matrix ``[[TP, FP], [FN, TN]]`` (int64, (2, 2)) for 0/1 labels."""
    t, p = _labels(y_true).astype(bool), _labels(y_pred).astype(bool)
    return np.array([[np.sum(p & t), np.sum(p & ~t)],
                     [np.sum(~p & t), np.sum(~p & ~t)]], dtype=np.int64)


def slide_to_sklearn(cm):
    """Slide layout ``[[TP, FP], [FN, TN]]`` to scikit-learn's ``[[TN, FP], [FN, TP]]``."""
    return np.asarray(cm)[::-1, ::-1].T.copy()


def sklearn_to_slide(cm):
    """scikit-learn's ``[[TN, FP], [FN, TP]]`` to the slide layout ``[[TP, FP], [FN, TN]]``."""
    return np.asarray(cm).T[::-1, ::-1].copy()


def _ratio(num, den):
    return float(num) / float(den) if den else 0.0


def rates_from_counts(tp, fp, fn, tn):
    """Accuracy, recall (sensitivity), precision, specificity and F1 from the four counts."""
    recall, precision = _ratio(tp, tp + fn), _ratio(tp, tp + fp)
    return {"accuracy": _ratio(tp + tn, tp + fp + fn + tn), "recall": recall,
            "precision": precision, "specificity": _ratio(tn, tn + fp),
            "f1": _ratio(2 * precision * recall, precision + recall)}


def classification_rates(y_true, y_pred):
    """:func:`rates_from_counts` of the predictions ``y_pred`` for 0/1 labels ``y_true``."""
    (tp, fp), (fn, tn) = confusion_slide(y_true, y_pred)
    return rates_from_counts(tp, fp, fn, tn)


def rates_at_prevalence(sensitivity, specificity, prevalence):
    """What a test with this sensitivity and specificity gives in a population with this
    prevalence: ``{"ppv", "npv", "accuracy", "f1"}`` (PPV = precision, NPV = negative
    predictive value), per person screened (counts as fractions of the population)."""
    tp = sensitivity * prevalence
    fn = prevalence - tp
    tn = specificity * (1.0 - prevalence)
    fp = (1.0 - prevalence) - tn
    rates = rates_from_counts(tp, fp, fn, tn)
    return {"ppv": rates["precision"], "npv": _ratio(tn, tn + fn),
            "accuracy": rates["accuracy"], "f1": rates["f1"]}


def roc_points(y_true, scores):
    """ROC curve at every distinct score: ``(fpr, tpr, thresholds)``, float arrays.

    thresholds: ``inf`` then the distinct scores in decreasing order; at each one a score
    ``>= threshold`` is predicted positive. The first point is (0, 0), the last (1, 1).
    Matches scikit-learn's ``roc_curve(y_true, scores, drop_intermediate=False)``.
    Both classes must be present.
    """
    t = _labels(y_true).astype(bool)
    s = _labels(scores).astype(np.float64)
    thresholds = np.concatenate([[np.inf], np.unique(s)[::-1]])
    positive = s[None, :] >= thresholds[:, None]
    tpr = (positive & t).sum(axis=1) / t.sum()
    fpr = (positive & ~t).sum(axis=1) / (~t).sum()
    return fpr.astype(np.float64), tpr.astype(np.float64), thresholds


def auc_trapezoid(fpr, tpr):
    """Area under the curve through the points (fpr, tpr), by the trapezoidal rule."""
    x, y = np.asarray(fpr, dtype=np.float64), np.asarray(tpr, dtype=np.float64)
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2.0))


def threshold_for_sensitivity(y_true, scores, target):
    """The largest threshold (one of the scores) whose sensitivity is at least ``target``.

    Among the thresholds that reach the target it has the highest specificity.
    """
    fpr, tpr, thresholds = roc_points(y_true, scores)
    reached = np.flatnonzero(tpr >= target - 1e-12)
    return float(thresholds[reached[reached > 0][0]])


def regression_errors(y, y_hat):
    """MAE, MSE, RMSE, MSLE and RMSLE of predictions ``y_hat`` for targets ``y``.

    MSLE = mean((log(1 + y) - log(1 + y_hat))^2) needs every value > -1.
    Returns ``{"mae", "mse", "rmse", "msle", "rmsle"}`` as floats.
    """
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    y_hat = np.asarray(y_hat, dtype=np.float64).reshape(-1)
    mse = float(np.mean((y - y_hat) ** 2))
    msle = float(np.mean((np.log1p(y) - np.log1p(y_hat)) ** 2))
    return {"mae": float(np.mean(np.abs(y - y_hat))), "mse": mse, "rmse": float(np.sqrt(mse)),
            "msle": msle, "rmsle": float(np.sqrt(msle))}
