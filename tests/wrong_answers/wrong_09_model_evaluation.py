"""Plausible wrong answers for 09_model_evaluation; each must lose points."""
from course_tools import Right, Wrong, mutate

CHAPTER = "09_model_evaluation"

WRONG = [
    # stratified_split
    Wrong("split-not-stratified", {"stratified_split": '''
def stratified_split(y, ratios, rng):
    y = np.asarray(y)
    shares = np.asarray(ratios, dtype=float) / np.sum(ratios)
    order = rng.permutation(len(y))
    cuts = np.round(np.cumsum(shares)[:2] * len(y)).astype(int)
    return tuple(np.split(order, cuts))
'''}, loses=("stratified_split-test",), why="shuffles everyone together: class shares drift"),
    Wrong("split-no-shuffle", mutate(
        "stratified_split",
        ('''\
    y = np.asarray(y).reshape(-1)
    shares = np.asarray(ratios, dtype=float)
    shares = shares / shares.sum()
''',
         '''\
    y = np.asarray(y)
    shares = np.asarray(ratios, dtype=float) / np.sum(ratios)
'''),
        ('        members = rng.permutation(np.flatnonzero(y == label))\n',
         '        members = np.flatnonzero(y == label)\n'),
        ('    return tuple(np.sort(np.concatenate(part)) for part in parts)\n',
         '    return tuple(np.concatenate(p) for p in parts)\n')),
        loses=("stratified_split-test",), why="never shuffles: the same split for every seed"),
    Wrong("split-ratios-not-normalised", mutate(
        "stratified_split",
        ('    y = np.asarray(y).reshape(-1)\n',
         '    y = np.asarray(y)\n'),
        ('    shares = shares / shares.sum()\n',
         ''),
        ('        cuts = np.round(np.cumsum(shares)[:2] * len(members)).astype(int)\n',
         '''\
        cuts = np.minimum(np.round(np.cumsum(shares)[:2] * len(members)).astype(int),
                          len(members))
'''),
        ('    return tuple(np.sort(np.concatenate(part)) for part in parts)\n',
         '    return tuple(np.concatenate(p) for p in parts)\n')),
        loses=("stratified_split-test",), why="uses (6, 2, 2) as fractions without dividing by 10"),
    Wrong("split-global-random", mutate(
        "stratified_split",
        ('''\
    y = np.asarray(y).reshape(-1)
    shares = np.asarray(ratios, dtype=float)
    shares = shares / shares.sum()
''',
         '''\
    y = np.asarray(y)
    shares = np.asarray(ratios, dtype=float) / np.sum(ratios)
'''),
        ('        members = rng.permutation(np.flatnonzero(y == label))\n',
         '        members = np.random.permutation(np.flatnonzero(y == label))\n'),
        ('    return tuple(np.sort(np.concatenate(part)) for part in parts)\n',
         '    return tuple(np.concatenate(p) for p in parts)\n')),
        loses=("stratified_split-test",), why="ignores rng: not reproducible"),
    # kfold_folds
    Wrong("kfold-round-robin", {"kfold_folds": '''
def kfold_folds(n, k):
    return np.arange(n) % k
'''}, loses=("kfold_folds-test",), why="deals samples in turn instead of consecutive blocks"),
    Wrong("kfold-remainder-last", {"kfold_folds": '''
def kfold_folds(n, k):
    fold = np.arange(n) // (n // k)
    return np.minimum(fold, k - 1)
'''}, loses=("kfold_folds-test",), why="the last fold takes the whole remainder"),
    Wrong("kfold-proportional", {"kfold_folds": '''
def kfold_folds(n, k):
    return np.arange(n) * k // n
'''}, loses=("kfold_folds-test",), why="spreads the larger folds instead of putting them first"),
    # stratified_kfold_folds
    Wrong("skf-sorted-class-order", mutate(
        "stratified_kfold_folds",
        ('''\
    y = np.asarray(y).reshape(-1)
    classes, first = np.unique(y, return_index=True)
    classes = classes[np.argsort(first)]  # in order of first appearance
    codes = np.zeros(len(y), dtype=int)
    for c, label in enumerate(classes):
        codes[y == label] = c
''',
         '''\
    y = np.asarray(y)
    classes, codes = np.unique(y, return_inverse=True)
''')),
        loses=("stratified_kfold_folds-test",),
        why="numbers the classes by value instead of by first appearance"),
    Wrong("skf-round-robin-in-class", {"stratified_kfold_folds": '''
def stratified_kfold_folds(y, k):
    y = np.asarray(y)
    fold = np.empty(len(y), dtype=int)
    for label in np.unique(y):
        members = np.flatnonzero(y == label)
        fold[members] = np.arange(len(members)) % k
    return fold
'''}, loses=("stratified_kfold_folds-test",),
        why="deals each class in turn and restarts at fold 0 for every class"),
    Wrong("skf-shuffled-sklearn", {"stratified_kfold_folds": '''
def stratified_kfold_folds(y, k):
    from sklearn.model_selection import StratifiedKFold
    y = np.asarray(y)
    fold = np.empty(len(y), dtype=int)
    splitter = StratifiedKFold(k, shuffle=True, random_state=0)
    for f, (_, val) in enumerate(splitter.split(np.zeros(len(y)), y)):
        fold[val] = f
    return fold
'''}, loses=("stratified_kfold_folds-test",), why="shuffles, which the exercise does not"),
    # confusion_slide
    Wrong("cm-sklearn-layout", {"confusion_slide": '''
def confusion_slide(y_true, y_pred):
    from sklearn.metrics import confusion_matrix
    return confusion_matrix(y_true, y_pred, labels=[0, 1])
'''}, loses=("confusion_slide-test",), why="scikit-learn's layout"),
    Wrong("cm-transposed", {"confusion_slide": '''
def confusion_slide(y_true, y_pred):
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    return np.array([[np.sum(p & t), np.sum(~p & t)], [np.sum(p & ~t), np.sum(~p & ~t)]])
'''}, loses=("confusion_slide-test",), why="rows are the truth: FP and FN swapped"),
    Wrong("cm-fp-fn-swapped", {"confusion_slide": '''
def confusion_slide(y_true, y_pred):
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, tn = np.sum(t & p), np.sum(~t & ~p)
    fp, fn = np.sum(t & ~p), np.sum(~t & p)
    return np.array([[tp, fp], [fn, tn]])
'''}, loses=("confusion_slide-test",), why="calls a missed positive a false positive"),
    # classification_rates
    Wrong("rates-npv-as-specificity", {"classification_rates": '''
def classification_rates(y_true, y_pred):
    (tp, fp), (fn, tn) = confusion_slide(y_true, y_pred)
    r = lambda a, b: float(a / b) if b else 0.0
    recall, precision = r(tp, tp + fn), r(tp, tp + fp)
    return {"accuracy": r(tp + tn, tp + fp + fn + tn), "recall": recall,
            "precision": precision, "specificity": r(tn, tn + fn),
            "f1": r(2 * precision * recall, precision + recall)}
'''}, loses=("classification_rates-test",), why="TN / (TN + FN) is the NPV, not specificity"),
    Wrong("rates-arithmetic-mean-f1", {"classification_rates": '''
def classification_rates(y_true, y_pred):
    (tp, fp), (fn, tn) = confusion_slide(y_true, y_pred)
    r = lambda a, b: float(a / b) if b else 0.0
    recall, precision = r(tp, tp + fn), r(tp, tp + fp)
    return {"accuracy": r(tp + tn, tp + fp + fn + tn), "recall": recall,
            "precision": precision, "specificity": r(tn, tn + fp),
            "f1": (precision + recall) / 2}
'''}, loses=("classification_rates-test",), why="the arithmetic mean instead of the harmonic"),
    Wrong("rates-precision-recall-swapped", {"classification_rates": '''
def classification_rates(y_true, y_pred):
    (tp, fp), (fn, tn) = confusion_slide(y_true, y_pred)
    r = lambda a, b: float(a / b) if b else 0.0
    recall, precision = r(tp, tp + fp), r(tp, tp + fn)
    return {"accuracy": r(tp + tn, tp + fp + fn + tn), "recall": recall,
            "precision": precision, "specificity": r(tn, tn + fp),
            "f1": r(2 * precision * recall, precision + recall)}
'''}, loses=("classification_rates-test",), why="precision and recall swapped"),
    Wrong("rates-nan-on-zero", {"classification_rates": '''
def classification_rates(y_true, y_pred):
    (tp, fp), (fn, tn) = confusion_slide(y_true, y_pred)
    with np.errstate(divide="ignore", invalid="ignore"):
        recall, precision = np.float64(tp) / (tp + fn), np.float64(tp) / (tp + fp)
        return {"accuracy": (tp + tn) / (tp + fp + fn + tn), "recall": recall,
                "precision": precision, "specificity": np.float64(tn) / (tn + fp),
                "f1": 2 * precision * recall / (precision + recall)}
'''}, loses=("classification_rates-test",), why="NaN instead of 0 when nothing is predicted positive"),
    # roc
    Wrong("roc-strict-greater", {"roc": '''
def roc_points(y_true, scores):
    y_true, scores = np.asarray(y_true) == 1, np.asarray(scores, dtype=float)
    thresholds = np.concatenate([[np.inf], np.unique(scores)[::-1]])
    tpr = np.array([np.mean(scores[y_true] > t) for t in thresholds])
    fpr = np.array([np.mean(scores[~y_true] > t) for t in thresholds])
    return fpr, tpr, thresholds


def auc_trapezoid(fpr, tpr):
    return float(np.trapezoid(tpr, fpr))
'''}, loses=("roc-test",), why="predicts positive for scores > threshold"),
    Wrong("roc-ascending", mutate(
        "roc",
        ('''\
    y_true = np.asarray(y_true).reshape(-1) == 1
    scores = np.asarray(scores, dtype=float).reshape(-1)
    thresholds = np.concatenate([[np.inf], np.sort(np.unique(scores))[::-1]])
''',
         '''\
    y_true, scores = np.asarray(y_true) == 1, np.asarray(scores, dtype=float)
    thresholds = np.concatenate([np.unique(scores), [np.inf]])
'''),
        ('''\
    fpr, tpr = np.asarray(fpr, dtype=float), np.asarray(tpr, dtype=float)
    return float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2))
''',
         '    return float(np.trapezoid(tpr, fpr))\n')),
        loses=("roc-test",), why="thresholds in increasing order"),
    Wrong("auc-left-rectangles", {"roc": '''
def roc_points(y_true, scores):
    from sklearn.metrics import roc_curve
    return roc_curve(y_true, scores, drop_intermediate=False)


def auc_trapezoid(fpr, tpr):
    fpr, tpr = np.asarray(fpr, dtype=float), np.asarray(tpr, dtype=float)
    return float(np.sum(np.diff(fpr) * tpr[:-1]))
'''}, loses=("roc-test",), why="rectangles at the left height, not trapezoids"),
    Wrong("auc-no-half", {"roc": '''
def roc_points(y_true, scores):
    from sklearn.metrics import roc_curve
    return roc_curve(y_true, scores, drop_intermediate=False)


def auc_trapezoid(fpr, tpr):
    fpr, tpr = np.asarray(fpr, dtype=float), np.asarray(tpr, dtype=float)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1])))
'''}, loses=("roc-test",), why="forgets to halve the sum of the heights"),
    # threshold_for_sensitivity
    Wrong("threshold-strictly-above", {"threshold_for_sensitivity": '''
def threshold_for_sensitivity(y_true, scores, target):
    fpr, tpr, thresholds = roc_points(y_true, scores)
    return float(thresholds[np.flatnonzero(tpr > target)[0]])
'''}, loses=("threshold_for_sensitivity-test",),
        why="needs more than the target, which costs specificity when it is met exactly"),
    Wrong("threshold-smallest", {"threshold_for_sensitivity": '''
def threshold_for_sensitivity(y_true, scores, target):
    fpr, tpr, thresholds = roc_points(y_true, scores)
    return float(thresholds[np.flatnonzero(tpr >= target)[-1]])
'''}, loses=("threshold_for_sensitivity-test",),
        why="the smallest threshold: every patient positive"),
    Wrong("threshold-specificity-target", {"threshold_for_sensitivity": '''
def threshold_for_sensitivity(y_true, scores, target):
    fpr, tpr, thresholds = roc_points(y_true, scores)
    return float(thresholds[np.flatnonzero(1 - fpr >= target)[-1]])
'''}, loses=("threshold_for_sensitivity-test",), why="meets the target with specificity"),
    Wrong("threshold-strict-rule", {"threshold_for_sensitivity": '''
def threshold_for_sensitivity(y_true, scores, target):
    y_true, scores = np.asarray(y_true) == 1, np.asarray(scores, dtype=float)
    for t in np.unique(scores)[::-1]:
        if np.mean(scores[y_true] > t) >= target:
            return float(t)
    return float(scores.min())
'''}, loses=("threshold_for_sensitivity-test",),
        why="uses score > t while choosing, so the returned t is one step too low"),
    Wrong("threshold-sklearn-dropped-points", {"threshold_for_sensitivity": '''
def threshold_for_sensitivity(y_true, scores, target):
    from sklearn.metrics import roc_curve
    fpr, tpr, thresholds = roc_curve(y_true, scores)
    return thresholds[np.argmax(tpr >= target)]
'''}, loses=("threshold_for_sensitivity-test",),
        why="roc_curve's default drops collinear points, so the first point reaching the "
            "target can be missing"),
    # regression_errors
    Wrong("reg-log-without-one", mutate(
        "regression_errors",
        ('''\
    y = np.asarray(y, dtype=float)
    y_hat = np.asarray(y_hat, dtype=float)
''',
         '    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)\n'),
        ('    msle = np.mean((np.log1p(y) - np.log1p(y_hat)) ** 2)\n',
         '''\
    with np.errstate(divide="ignore", invalid="ignore"):
        msle = np.mean((np.log(y) - np.log(y_hat)) ** 2)
''')),
        loses=("regression_errors-test",), why="log(y) instead of log(1 + y)"),
    Wrong("reg-rmsle-mean-of-roots", {"regression_errors": '''
def regression_errors(y, y_hat):
    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
    d = np.log1p(y) - np.log1p(y_hat)
    mse = np.mean((y - y_hat) ** 2)
    return {"mae": float(np.mean(np.abs(y - y_hat))), "mse": float(mse),
            "rmse": float(np.mean(np.abs(y - y_hat))), "msle": float(np.mean(d ** 2)),
            "rmsle": float(np.mean(np.abs(d)))}
'''}, loses=("regression_errors-test",), why="averages before squaring: RMSE becomes MAE"),
    Wrong("reg-log1p-of-difference", mutate(
        "regression_errors",
        ('''\
    y = np.asarray(y, dtype=float)
    y_hat = np.asarray(y_hat, dtype=float)
''',
         '    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)\n'),
        ('    msle = np.mean((np.log1p(y) - np.log1p(y_hat)) ** 2)\n',
         '    msle = np.mean(np.log1p(np.abs(y - y_hat)) ** 2)\n')),
        loses=("regression_errors-test",), why="log of the error instead of the error of the logs"),
]

RIGHT = [
    Right("split-sklearn-twice", {"stratified_split": '''
def stratified_split(y, ratios, rng):
    from sklearn.model_selection import train_test_split
    y = np.asarray(y)
    train, val, test = np.asarray(ratios, dtype=float) / np.sum(ratios)
    index = np.arange(len(y))
    rest, test_idx = train_test_split(index, test_size=test, stratify=y,
                                      random_state=int(rng.integers(2**31)))
    train_idx, val_idx = train_test_split(rest, test_size=val / (train + val), stratify=y[rest],
                                          random_state=int(rng.integers(2**31)))
    return train_idx, val_idx, test_idx
'''}, why="scikit-learn's train_test_split twice, seeded from rng"),
    Right("split-shuffle-lists", {"stratified_split": '''
def stratified_split(y, ratios, rng):
    total = sum(ratios)
    parts = [[], [], []]
    for label in sorted(set(np.asarray(y).tolist())):
        members = [i for i, v in enumerate(np.asarray(y).tolist()) if v == label]
        rng.shuffle(members)
        n_train = int(round(len(members) * ratios[0] / total))
        n_val = int(round(len(members) * (ratios[0] + ratios[1]) / total)) - n_train
        parts[0] += members[:n_train]
        parts[1] += members[n_train:n_train + n_val]
        parts[2] += members[n_train + n_val:]
    return tuple(np.array(p, dtype=int) for p in parts)
'''}, why="plain lists and rng.shuffle"),
    Right("kfold-array-split", {"kfold_folds": '''
def kfold_folds(n, k):
    fold = np.zeros(n, dtype=int)
    for f, block in enumerate(np.array_split(np.arange(n), k)):
        fold[block] = f
    return fold
'''}, why="np.array_split puts the larger blocks first"),
    Right("skf-explicit-loops", {"stratified_kfold_folds": '''
def stratified_kfold_folds(y, k):
    y = list(np.asarray(y).tolist())
    order = []
    for v in y:
        if v not in order:
            order.append(v)
    dealt = sorted(order.index(v) for v in y)
    counts = [[0] * len(order) for _ in range(k)]
    for position, c in enumerate(dealt):
        counts[position % k][c] += 1
    fold = [0] * len(y)
    for c, label in enumerate(order):
        members = [i for i, v in enumerate(y) if v == label]
        start = 0
        for f in range(k):
            for i in members[start:start + counts[f][c]]:
                fold[i] = f
            start += counts[f][c]
    return fold
'''}, why="pure Python lists, returns a list"),
    Right("cm-sklearn-converted", {"confusion_slide": '''
def confusion_slide(y_true, y_pred):
    from sklearn.metrics import confusion_matrix
    (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred, labels=[0, 1])
    return [[tp, fp], [fn, tn]]
'''}, why="scikit-learn's matrix rearranged, returned as a list"),
    Right("rates-from-scratch", {"classification_rates": '''
def classification_rates(y_true, y_pred):
    t = torch.as_tensor(np.asarray(y_true)).bool()
    p = torch.as_tensor(np.asarray(y_pred)).bool()
    tp, fp = int((t & p).sum()), int((~t & p).sum())
    fn, tn = int((t & ~p).sum()), int((~t & ~p).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"accuracy": (tp + tn) / len(t), "recall": recall, "precision": precision,
            "specificity": tn / (tn + fp) if tn + fp else 0.0, "f1": f1}
'''}, why="counts with torch, F1 as 2TP / (2TP + FP + FN)"),
    Right("roc-sorted-cumsum", {"roc": '''
def roc_points(y_true, scores):
    y_true = np.asarray(y_true).astype(float)
    scores = np.asarray(scores, dtype=float)
    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], y_true[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # last index of each distinct score
    tps, fps = np.cumsum(t)[last], np.cumsum(1 - t)[last]
    tpr = np.r_[0.0, tps / tps[-1]]
    fpr = np.r_[0.0, fps / fps[-1]]
    return fpr, tpr, np.r_[np.inf, s[last]]


def auc_trapezoid(fpr, tpr):
    return float(np.trapezoid(tpr, fpr))
'''}, why="sorting and cumulative sums, numpy's trapezoid"),
    Right("threshold-midpoint", {"threshold_for_sensitivity": '''
def threshold_for_sensitivity(y_true, scores, target):
    y_true, scores = np.asarray(y_true) == 1, np.asarray(scores, dtype=float)
    positives = np.sort(scores[y_true])[::-1]
    needed = int(np.ceil(target * len(positives) - 1e-9))
    t = positives[needed - 1]
    below = scores[scores < t]
    return (t + below.max()) / 2 if below.size else t - 1.0
'''}, why="halfway to the next lower score: the same predictions"),
    Right("reg-sklearn", {"regression_errors": '''
def regression_errors(y, y_hat):
    from sklearn import metrics as m
    return {"mae": m.mean_absolute_error(y, y_hat), "mse": m.mean_squared_error(y, y_hat),
            "rmse": m.root_mean_squared_error(y, y_hat),
            "msle": m.mean_squared_log_error(y, y_hat),
            "rmsle": m.root_mean_squared_log_error(y, y_hat)}
'''}, why="scikit-learn's own functions"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-0p6666666666", {"concept-1": 'q1 = 0.6666666666666666\n'},
          loses=("concept-1-test",), why="gives the PPV"),
    Wrong("concept-1-0p85", {"concept-1": 'q1 = 0.85\n'},
          loses=("concept-1-test",), why="gives the accuracy"),
    Wrong("concept-2-0p8", {"concept-2": 'q2 = 0.8\n'},
          loses=("concept-2-test",), why="gives the sensitivity"),
    Wrong("concept-2-0p8666666666", {"concept-2": 'q2 = 0.8666666666666667\n'},
          loses=("concept-2-test",), why="gives the specificity"),
    Wrong("concept-3-B", {"concept-3": 'q3 = "B"\n'},
          loses=("concept-3-test",), why="thinks PPV is a property of the test alone"),
    Wrong("concept-3-A", {"concept-3": 'q3 = "A"\n'},
          loses=("concept-3-test",), why="reverses the effect"),
    Wrong("concept-4-A", {"concept-4": 'q4 = "A"\n'},
          loses=("concept-4-test",), why="chooses on the test set"),
    Wrong("concept-4-C", {"concept-4": 'q4 = "C"\n'},
          loses=("concept-4-test",), why="chooses on all the data"),
]

RIGHT += [
    Right("concept-1-computed", {"concept-1": 'q1 = 40 / 50\n'}, why="computed"),
    Right("concept-2-computed", {"concept-2": 'q2 = 40 / 60\n'}, why="computed"),
    Right("concept-2-rounded", {"concept-2": 'q2 = 0.667\n'}, why="rounded"),
    Right("concept-3-lower-case", {"concept-3": 'q3 = " c "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " b "\n'},
          why="case and surrounding spaces are ignored"),
]
