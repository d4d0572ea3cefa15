"""Plausible wrong answers for 14_clinical_capstone; each must lose points."""
from course_tools import Right, Wrong, mutate

CHAPTER = "14_clinical_capstone"

WRONG = [
    # split_and_scale
    Wrong("scale-before-split", {"split_and_scale": '''
def split_and_scale(X, y, test_size, seed):
    X = StandardScaler().fit_transform(X)
    return tuple(train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed))
'''}, loses=("split_and_scale-test",), why="standardizes with the test rows: leakage"),
    Wrong("scale-test-on-itself", {"split_and_scale": '''
def split_and_scale(X, y, test_size, seed):
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, stratify=y,
                                                        random_state=seed)
    return (StandardScaler().fit_transform(X_train), StandardScaler().fit_transform(X_test),
            y_train, y_test)
'''}, loses=("split_and_scale-test",), why="fits a second scaler on the test part"),
    Wrong("split-not-stratified", {"split_and_scale": '''
def split_and_scale(X, y, test_size, seed):
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size,
                                                        random_state=seed)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test
'''}, loses=("split_and_scale-test",), why="forgets stratify=y"),
    # choose_threshold
    Wrong("threshold-in-sample", {"choose_threshold": '''
def choose_threshold(make_model, X_train, y_train, target, k=5, seed=0):
    model = make_model().fit(X_train, y_train)
    scores = model.predict_proba(X_train)[:, 1]
    return metrics.threshold_for_sensitivity(y_train, scores, target)
'''}, loses=("choose_threshold-test",), why="scores the patients the model was trained on"),
    Wrong("threshold-unshuffled-folds", {"choose_threshold": '''
def choose_threshold(make_model, X_train, y_train, target, k=5, seed=0):
    scores = cross_val_predict(make_model(), X_train, y_train, cv=StratifiedKFold(k),
                               method="predict_proba")[:, 1]
    return metrics.threshold_for_sensitivity(y_train, scores, target)
'''}, loses=("choose_threshold-test",), why="other folds than the ones asked for"),
    Wrong("threshold-default-half", {"choose_threshold": '''
def choose_threshold(make_model, X_train, y_train, target, k=5, seed=0):
    return 0.5
'''}, loses=("choose_threshold-test",), why="keeps the default 0.5"),
    # bootstrap_ci
    Wrong("boot-no-replacement", mutate(
        "bootstrap_ci",
        ('    n = len(y_true)\n',
         ''),
        ('        idx = rng.integers(0, n, n)\n',
         '        idx = rng.permutation(len(y_true))\n')),
        loses=("bootstrap_ci-test",), why="reshuffles without replacement: a zero-width interval"),
    Wrong("boot-unpaired", mutate(
        "bootstrap_ci",
        ('''\
        idx = rng.integers(0, n, n)
        values.append(metric(y_true[idx], y_pred[idx]))
''',
         '''\
        values.append(metric(y_true[rng.integers(0, n, n)], y_pred[rng.integers(0, n, n)]))
''')),
        loses=("bootstrap_ci-test",), why="resamples truth and prediction separately"),
    Wrong("boot-level-as-quantiles", {"bootstrap_ci": '''
def bootstrap_ci(y_true, y_pred, metric, n_boot, seed, level=0.95):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    rng = np.random.default_rng(seed)
    n = len(y_true)
    values = [metric(y_true[idx], y_pred[idx])
              for idx in (rng.integers(0, n, n) for _ in range(n_boot))]
    low, high = np.quantile(values, [1 - level, level])
    return float(metric(y_true, y_pred)), float(low), float(high)
'''}, loses=("bootstrap_ci-test",), why="uses the 5 % and 95 % quantiles: a 90 % interval"),
    Wrong("boot-mean-as-estimate", {"bootstrap_ci": '''
def bootstrap_ci(y_true, y_pred, metric, n_boot, seed, level=0.95):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    rng = np.random.default_rng(seed)
    n = len(y_true)
    values = [metric(y_true[idx], y_pred[idx])
              for idx in (rng.integers(0, n, n) for _ in range(n_boot))]
    low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    return float(np.mean(values)), float(low), float(high)
'''}, loses=("bootstrap_ci-test",), why="reports the bootstrap mean as the estimate"),
    # calibration_table
    Wrong("calib-right-closed-edges", {"calibration_table": '''
def calibration_table(y_true, prob, n_bins=10):
    y_true, prob = np.asarray(y_true, dtype=float), np.asarray(prob, dtype=float)
    bins = np.minimum((prob * n_bins).astype(int), n_bins - 1)
    keep = [b for b in range(n_bins) if np.any(bins == b)]
    return (np.array([y_true[bins == b].mean() for b in keep]),
            np.array([prob[bins == b].mean() for b in keep]),
            np.array([np.sum(bins == b) for b in keep]))
'''}, loses=("calibration_table-test",), why="puts a value on an edge into the upper bin"),
    Wrong("calib-keeps-empty", {"calibration_table": '''
def calibration_table(y_true, prob, n_bins=10):
    y_true, prob = np.asarray(y_true, dtype=float), np.asarray(prob, dtype=float)
    bins = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], prob)
    counts = np.bincount(bins, minlength=n_bins)
    with np.errstate(invalid="ignore"):
        return (np.bincount(bins, y_true, n_bins) / counts,
                np.bincount(bins, prob, n_bins) / counts, counts)
'''}, loses=("calibration_table-test",), why="keeps empty bins as NaN"),
    Wrong("calib-bin-centres", {"calibration_table": '''
def calibration_table(y_true, prob, n_bins=10):
    y_true, prob = np.asarray(y_true, dtype=float), np.asarray(prob, dtype=float)
    bins = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], prob)
    keep = [b for b in range(n_bins) if np.any(bins == b)]
    return (np.array([y_true[bins == b].mean() for b in keep]),
            np.array([(b + 0.5) / n_bins for b in keep]),
            np.array([np.sum(bins == b) for b in keep]))
'''}, loses=("calibration_table-test",), why="the bin centres instead of the mean predictions"),
]

RIGHT = [
    Right("scale-by-hand", {"split_and_scale": '''
def split_and_scale(X, y, test_size, seed):
    X_train, X_test, y_train, y_test = train_test_split(np.asarray(X, dtype=float), y,
                                                        test_size=test_size, stratify=y,
                                                        random_state=seed)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std, y_train, y_test
'''}, why="the mean and standard deviation by hand"),
    Right("threshold-own-search", {"choose_threshold": '''
def choose_threshold(make_model, X_train, y_train, target, k=5, seed=0):
    folds = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    scores = np.zeros(len(y_train))
    for train, val in folds.split(X_train, y_train):
        model = make_model().fit(X_train[train], y_train[train])
        scores[val] = model.predict_proba(X_train[val])[:, 1]
    positives = np.sort(scores[y_train == 1])[::-1]
    return positives[int(np.ceil(target * len(positives))) - 1]
'''}, why="its own fold loop and the k-th highest positive score"),
    Right("threshold-imports-allowed-metrics", {"choose_threshold": '''
def choose_threshold(make_model, X_train, y_train, target, k=5, seed=0):
    from dlcourse import metrics
    cv = StratifiedKFold(k, shuffle=True, random_state=seed)
    scores = cross_val_predict(make_model(), X_train, y_train, cv=cv,
                               method="predict_proba")[:, 1]
    return metrics.threshold_for_sensitivity(y_train, scores, target)
'''}, why="imports chapter 09's threshold_for_sensitivity itself, as the prompt allows "
       "(once graded 'tampered')"),
    Right("boot-choice", {"bootstrap_ci": '''
def bootstrap_ci(y_true, y_pred, metric, n_boot, seed, level=0.95):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    rng = np.random.default_rng(seed)
    draws = rng.choice(len(y_true), size=(n_boot, len(y_true)), replace=True)
    values = np.array([metric(y_true[d], y_pred[d]) for d in draws])
    alpha = 1 - level
    return (metric(y_true, y_pred), np.percentile(values, 100 * alpha / 2),
            np.percentile(values, 100 * (1 - alpha / 2)))
'''}, why="rng.choice in one draw, np.percentile: other random numbers, the same interval"),
    Right("calib-sklearn-and-histogram", {"calibration_table": '''
def calibration_table(y_true, prob, n_bins=10):
    from sklearn.calibration import calibration_curve
    observed, predicted = calibration_curve(y_true, prob, n_bins=n_bins)
    bins = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], np.asarray(prob))
    counts = np.bincount(bins, minlength=n_bins)
    return observed, predicted, counts[counts > 0]
'''}, why="scikit-learn's calibration_curve plus the counts"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-A", {"concept-1": 'q1 = "A"\n'},
          loses=("concept-1-test",), why="standardises before the split (leak)"),
    Wrong("concept-1-B", {"concept-1": 'q1 = "B"\n'},
          loses=("concept-1-test",), why="fits on the test set"),
    Wrong("concept-2-A", {"concept-2": 'q2 = "A"\n'},
          loses=("concept-2-test",), why="chooses on the test set"),
    Wrong("concept-2-C", {"concept-2": 'q2 = "C"\n'},
          loses=("concept-2-test",), why="uses optimistic in-sample scores"),
    Wrong("concept-3-B", {"concept-3": 'q3 = "B"\n'},
          loses=("concept-3-test",), why="reads width as error"),
    Wrong("concept-3-C", {"concept-3": 'q3 = "C"\n'},
          loses=("concept-3-test",), why="confuses uncertainty with overfitting"),
    Wrong("concept-4-0p95", {"concept-4": 'q4 = 0.95\n'},
          loses=("concept-4-test",), why="gives the sensitivity"),
    Wrong("concept-4-0p9", {"concept-4": 'q4 = 0.9\n'},
          loses=("concept-4-test",), why="gives the specificity"),
]

RIGHT += [
    Right("concept-1-lower-case", {"concept-1": 'q1 = " c "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-2-lower-case", {"concept-2": 'q2 = " b "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-3-lower-case", {"concept-3": 'q3 = " a "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-computed", {"concept-4": 'q4 = 95 / (95 + 90)\n'}, why="computed"),
    Right("concept-4-rounded", {"concept-4": 'q4 = 0.514\n'}, why="rounded"),
]
