"""Chapter 09 (model evaluation); check_threshold_choice also chapter 14."""
import numpy as np
from sklearn import metrics as skm
from sklearn.model_selection import StratifiedKFold

from .. import metrics as ref
from ..grading import (check_array, check_equal, check_scalar, check_shape, check_true,
                       graded_with, to_numpy)
from .common import check_dict, check_scalar_number

__all__ = ["check_split_parts", "check_folds", "check_confusion_slide", "check_rates",
           "check_threshold_choice", "check_stratified_split", "sklearn_kfold_folds",
           "sklearn_stratified_folds", "check_stratified_kfold", "check_confusion_against_sklearn",
           "sklearn_rates", "check_classification_rates", "check_roc_points", "check_auc",
           "check_threshold_for_sensitivity", "check_regression_errors"]


def _index_array(value, name):
    got = to_numpy(value, name, kind="int")
    check_true(got.ndim == 1, f"{name}: 1차원 인덱스 배열(index array)이어야 하는데 모양(shape)이 "
                              f"{got.shape}입니다.")
    return got


def check_split_parts(parts, y, ratios, name, tolerance=2.0):
    """Check a train/validation/test split (chapter 09): three 1-D index arrays that together
    hold every index of ``y`` exactly once, each part (and each class within it) within
    ``tolerance`` samples of its share. Returns the three arrays."""
    check_true(isinstance(parts, (tuple, list)) and len(parts) == 3,
               f"{name}: (train_idx, val_idx, test_idx) 세 배열을 튜플(tuple)로 돌려주어야 합니다.")
    labels = ("train_idx", "val_idx", "test_idx")
    arrays = [_index_array(p, f"{name}의 {label}") for p, label in zip(parts, labels)]
    y = np.asarray(y).reshape(-1)
    n = len(y)
    joined = np.concatenate(arrays)
    outside = joined[(joined < 0) | (joined >= n)]
    check_true(outside.size == 0, f"{name}: 0..{n - 1} 밖의 인덱스 {outside[:3].tolist()}가 "
                                  "있습니다.")
    counts = np.bincount(joined, minlength=n)
    twice, missing = np.flatnonzero(counts > 1), np.flatnonzero(counts == 0)
    check_true(twice.size == 0, f"{name}: 인덱스 {twice[:5].tolist()}가 두 부분 이상에 들어 "
                                "있습니다.",
               hint="세 부분은 겹치지 않아야 합니다 (훈련에 쓴 환자를 평가에 쓰면 안 됩니다).")
    check_true(missing.size == 0, f"{name}: 인덱스 {missing[:5].tolist()}가 어느 부분에도 "
                                  "없습니다.",
               hint=f"모든 샘플({n}개)을 나누어야 합니다: 마지막 부분은 남은 것 전부입니다.")
    shares = np.asarray(ratios, dtype=np.float64)
    shares = shares / shares.sum()
    for arr, label, share in zip(arrays, labels, shares):
        check_true(bool(abs(len(arr) - share * n) <= tolerance),
                   f"{name}: {label}의 크기가 {len(arr)}인데, 비율대로라면 약 {share * n:.1f}"
                   "개입니다.",
                   hint="ratios를 합이 1이 되게 나누어 쓰세요 (예: (6, 2, 2) -> (0.6, 0.2, 0.2)).",
                   misconception="formula-transcription")
        for label_value in np.unique(y):
            n_class = int(np.sum(y == label_value))
            got = int(np.sum(y[arr] == label_value))
            shown = label_value.item() if isinstance(label_value, np.generic) else label_value
            check_true(bool(abs(got - share * n_class) <= tolerance),
                       f"{name}: {label}에 클래스 {shown!r}의 샘플이 {got}개인데, 층화"
                       f"(stratified)라면 약 {share * n_class:.1f}개입니다 (전체 {n_class}개의 "
                       f"{share:.0%}). 클래스마다 따로 섞어서 비율대로 자르세요.",
                       misconception="stratification")
    return arrays


def check_folds(fold, expected, name, hint=None, misconception="fold-assignment"):
    """Check a fold-number array (chapter 09) against ``expected`` (n,): shape, whole numbers,
    the number of folds, then membership fold by fold (a difference names ``misconception``)."""
    got = to_numpy(fold, name, kind="int")
    expected = np.asarray(expected)
    check_shape(got, expected.shape, f"{name} (샘플마다 검증 분할 번호 하나)")
    k = int(expected.max()) + 1
    check_true(bool(got.min() >= 0 and got.max() == k - 1),
               f"{name}: 분할 번호는 0부터 {k - 1}까지여야 하는데 {int(got.min())}부터 "
               f"{int(got.max())}까지입니다.")
    different = np.flatnonzero(got != expected)
    if different.size:
        i = int(different[0])
        f = int(expected[i])
        wanted, members = np.flatnonzero(expected == f), np.flatnonzero(got == f)
        more = " ..."
        check_true(False, f"{name}: 샘플 {i}의 겹 번호가 다릅니다. 기대값(expected) {f}, 받은 값"
                          f"(got) {int(got[i])}.\n  {f}번 겹의 기대한 샘플: "
                          f"{wanted[:12].tolist()}{more if wanted.size > 12 else ''}\n"
                          f"  {f}번 겹의 받은 샘플: {members[:12].tolist()}"
                          f"{more if members.size > 12 else ''}", hint=hint,
                   misconception=misconception)
    return got


def check_confusion_slide(cm, y_true, y_pred, name):
    """Check a confusion matrix in the slide's layout ``[[TP, FP], [FN, TN]]`` (chapter 09)
    and, when it is another layout of the same counts, say which one."""
    from ..metrics import confusion_slide, slide_to_sklearn

    got = to_numpy(cm, name, kind="int")
    check_shape(got, (2, 2), name)
    expected = confusion_slide(y_true, y_pred)
    if got.tolist() != expected.tolist():
        layouts = {"scikit-learn의 배치 [[TN, FP], [FN, TP]]": slide_to_sklearn(expected),
                   "전치(transpose) (행이 실제, 열이 예측이거나 FP와 FN을 바꿔 셈)": expected.T,
                   "행과 열의 순서가 클래스 0 먼저": expected[::-1, ::-1]}
        found = [label for label, m in layouts.items() if got.tolist() == m.tolist()]
        hint = (f"받은 행렬은 {found[0]}입니다. 슬라이드 4-8-6의 배치는 행이 예측(1, 0), "
                "열이 실제(1, 0)입니다." if found else
                "TP = 실제 1이고 예측 1, FP = 실제 0인데 예측 1, FN = 실제 1인데 예측 0, "
                "TN = 실제 0이고 예측 0의 개수입니다.")
        check_equal(got, expected, name=f"{name} [[TP, FP], [FN, TN]]", hint=hint,
                    misconception="confusion-matrix-layout")
    return got


_RATE_HINTS = {
    "accuracy": "정확도 = (TP + TN) / 전체",
    "recall": "재현율(민감도) = TP / (TP + FN): 실제 1 가운데 1로 맞힌 비율",
    "precision": "정밀도 = TP / (TP + FP): 1로 판정한 것 가운데 실제 1의 비율",
    "specificity": "특이도 = TN / (TN + FP): 실제 0 가운데 0으로 맞힌 비율",
    "f1": "F1 = 2 * 정밀도 * 재현율 / (정밀도 + 재현율)",
}


def check_rates(rates, expected, name):
    """Check a dict of classification rates (chapter 09) key by key against ``expected``."""
    check_dict(rates, list(expected), name)
    for key, value in expected.items():
        zero = "분모가 0이면 0.0입니다 (scikit-learn의 zero_division=0)."
        check_scalar(rates[key], value, name=f"{name}[{key!r}]", rtol=1e-9,
                     hint=f"{_RATE_HINTS[key]}. {zero}" if key in _RATE_HINTS else zero,
                     misconception={"nan": "division-by-zero", "value": "metric-definitions"})


def check_threshold_choice(threshold, y_true, scores, target, name, hint=None,
                           misconception=None, diagnose=None):
    """Check a threshold chosen for a target sensitivity (chapter 09): predicting
    ``scores >= threshold`` positive (1) must reach ``target`` and keep the best specificity any
    threshold reaching it has. Returns (sensitivity, specificity) at the threshold. ``hint``
    replaces the general hint of a sensitivity below the target. A failure names
    ``misconception`` if given, else the likely one: a sensitivity below the target confuses
    the rates; the lowest score as threshold calls every patient positive (how the ROC points
    are read); another threshold below the best one is a boundary (> for >=) mistake.
    ``diagnose``: a function ``threshold -> misconception id or None`` called only when the
    threshold fails (for diagnoses that cost a training)."""
    from ..metrics import classification_rates, roc_points

    t = check_scalar_number(threshold, name)
    scores = np.asarray(scores, dtype=np.float64)
    rates = classification_rates(y_true, (scores >= t).astype(int))
    fpr, tpr, _ = roc_points(y_true, scores)
    best = float(1.0 - fpr[tpr >= target - 1e-12].min())
    if diagnose is not None and not (rates["recall"] >= target - 1e-12
                                     and rates["specificity"] >= best - 1e-12):
        misconception = diagnose(t) or misconception
    check_true(bool(rates["recall"] >= target - 1e-12),
               f"{name}: 문턱값 {t!r}에서 민감도(sensitivity)는 {rates['recall']:.4f}, 목표 "
               f"{target}보다 낮습니다.",
               hint=hint or "점수 >= 문턱값이면 1(악성)로 판정합니다. 목표는 민감도(TPR)입니다: "
                            "특이도나 FPR이 아니라 tpr >= 목표인 문턱값 가운데서 고르세요.",
               misconception=misconception or "metric-definitions")
    check_true(bool(rates["specificity"] >= best - 1e-12),
               f"{name}: 문턱값 {t!r}에서 민감도는 목표({target}) 이상이지만 특이도(specificity)가 "
               f"{rates['specificity']:.4f}입니다. 목표에 닿는 문턱값 가운데 특이도가 가장 높은 "
               f"것은 {best:.4f}입니다.",
               hint="목표에 닿는 문턱값 가운데 가장 큰 것을 고르세요 (문턱값이 클수록 1로 판정하는 "
                    "것이 줄어 특이도가 올라갑니다). scikit-learn의 roc_curve는 기본값으로 한 직선 "
                    "위의 점을 지우므로 drop_intermediate=False로 부르세요.",
               misconception=misconception or ("roc-thresholds" if t <= scores.min()
                                               else "boundary-convention"))
    return rates["recall"], rates["specificity"]


_REGRESSION_HINTS = {
    "mae": "MAE = |y - y_hat|의 평균",
    "mse": "MSE = (y - y_hat)^2의 평균",
    "rmse": "RMSE = MSE의 제곱근",
    "msle": "MSLE = (log(1 + y) - log(1 + y_hat))^2의 평균",
    "rmsle": "RMSLE = MSLE의 제곱근 (제곱근을 먼저 씌우고 평균하면 다릅니다)",
}


_REGRESSION_MISCONCEPTIONS = {"mae": "metric-definitions", "mse": "metric-definitions",
                              "rmse": "order-of-operations", "msle": "log-base",
                              "rmsle": "order-of-operations"}


def check_stratified_split(stratified_split, y, ratios, seed, what):
    """Check ``stratified_split(y, ratios, rng)``: a valid split (check_split_parts), the same one
    for the same seed, and ``y`` unchanged."""
    y_copy = np.array(y, copy=True)
    parts = stratified_split(y, ratios, np.random.default_rng(seed))
    arrays = check_split_parts(parts, y_copy, ratios, what)
    again = stratified_split(y, ratios, np.random.default_rng(seed))
    check_true(isinstance(again, (tuple, list)) and len(again) == 3 and all(
        to_numpy(a, what, kind="int").tolist() == b.tolist() for a, b in zip(again, arrays)),
        f"{what}: 같은 시드의 rng로 두 번 부르면 같은 분할이 나와야 합니다.",
        hint="섞을 때 받은 rng(rng.permutation, rng.shuffle 등)만 쓰세요: np.random의 전역 "
             "난수를 쓰면 재현되지 않습니다.", misconception="random-generator")
    other = stratified_split(y, ratios, np.random.default_rng(seed + 1))
    check_true(any(to_numpy(a, what, kind="int").tolist() != b.tolist()
                   for a, b in zip(other, arrays)),
               f"{what}: 시드가 다른 rng를 주어도 분할이 똑같습니다.",
               hint="클래스마다 인덱스를 rng로 섞은 뒤 자르세요.", misconception="random-generator")
    check_array(y, y_copy, name=f"{what}: 호출 뒤의 y (바꾸면 안 됩니다)",
                misconception="mutates-input")


def sklearn_kfold_folds(splitter, n, y=None):
    """Each sample's validation fold under a scikit-learn splitter (KFold, StratifiedKFold, ...)
    over n samples (labels ``y`` if it needs them). Returns an int64 array (n,)."""
    fold = np.empty(n, dtype=np.int64)
    for f, (_, val) in enumerate(splitter.split(np.zeros((n, 1)), y)):
        fold[val] = f
    return fold


def sklearn_stratified_folds(y, k):
    """Each sample's validation fold under ``StratifiedKFold(k)`` for labels ``y`` (n,).
    Returns an int64 array (n,)."""
    y = np.asarray(y)
    fold = np.empty(len(y), dtype=np.int64)
    for f, (_, val) in enumerate(StratifiedKFold(k).split(np.zeros((len(y), 1)), y)):
        fold[val] = f
    return fold


def check_stratified_kfold(stratified_kfold_folds, y, k, what):
    """Check ``stratified_kfold_folds(y, k)``: one fold number per sample, every class spread
    evenly over the folds, the same folds as scikit-learn's StratifiedKFold(k), y unchanged."""
    y_copy = np.array(y, copy=True)
    fold = stratified_kfold_folds(y, k)
    got = to_numpy(fold, what, kind="int")
    check_shape(got, (len(y_copy),), f"{what} (샘플마다 검증 겹 번호 하나)")
    for c in np.unique(y_copy):
        if got.min() >= 0 and got.max() < k:
            per_fold = np.bincount(got[y_copy == c], minlength=k)
            check_true(bool(per_fold.max() - per_fold.min() <= 1),
                       f"{what}: 클래스 {c}의 겹별 개수가 {per_fold.tolist()}입니다. 층화라면 "
                       "겹마다 많아야 1개 차이여야 합니다.", misconception="stratification")
    check_folds(got, sklearn_stratified_folds(y_copy, k), what,
                hint="겹마다 클래스별 개수는 맞았다면, 클래스 번호를 처음 나타나는 순서로 "
                     "붙였는지, 클래스 안에서 데이터 순서대로 겹 0부터 채웠는지 확인하세요.")
    check_array(y, y_copy, name=f"{what}: 호출 뒤의 y (바꾸면 안 됩니다)",
                misconception="mutates-input")


def check_confusion_against_sklearn(confusion_slide, y_true, y_pred, what):
    """Check ``confusion_slide(y_true, y_pred)`` (the slide's [[TP, FP], [FN, TN]]) against
    scikit-learn's confusion matrix, and that it leaves its inputs unchanged."""
    copies = np.array(y_true, copy=True), np.array(y_pred, copy=True)
    check_confusion_slide(confusion_slide(y_true, y_pred), copies[0], copies[1], what)
    expected = skm.confusion_matrix(copies[0], copies[1], labels=[1, 0]).T
    check_equal(confusion_slide(y_true, y_pred), expected,
                name=f"{what} (scikit-learn의 confusion_matrix(labels=[1, 0]).T와 비교)",
                misconception="confusion-matrix-layout")
    check_array(y_true, copies[0], name=f"{what}: 호출 뒤의 y_true", misconception="mutates-input")
    check_array(y_pred, copies[1], name=f"{what}: 호출 뒤의 y_pred", misconception="mutates-input")


def sklearn_rates(y_true, y_pred):
    """Accuracy, recall, precision, specificity and F1 of 0/1 labels by scikit-learn, a rate
    with a zero denominator 0. Returns a dict of floats."""
    return {"accuracy": skm.accuracy_score(y_true, y_pred),
            "recall": skm.recall_score(y_true, y_pred, zero_division=0),
            "precision": skm.precision_score(y_true, y_pred, zero_division=0),
            "specificity": skm.recall_score(y_true, y_pred, pos_label=0, zero_division=0),
            "f1": skm.f1_score(y_true, y_pred, zero_division=0)}


def check_classification_rates(classification_rates, y_true, y_pred, what):
    """Check ``classification_rates(y_true, y_pred)`` against scikit-learn's rates (the answer
    is given the library's confusion_slide while graded), and that it leaves y_true unchanged."""
    copies = np.array(y_true, copy=True), np.array(y_pred, copy=True)
    with graded_with(confusion_slide=ref.confusion_slide):
        rates = classification_rates(y_true, y_pred)
    check_rates(rates, sklearn_rates(*copies), what)
    check_array(y_true, copies[0], name=f"{what}: 호출 뒤의 y_true", misconception="mutates-input")


def check_roc_points(roc_points, y_true, scores, what):
    """Check ``roc_points(y_true, scores)`` = (fpr, tpr, thresholds) against scikit-learn's
    roc_curve(drop_intermediate=False), and that it leaves its inputs unchanged."""
    copies = np.array(y_true, copy=True), np.array(scores, copy=True)
    out = roc_points(y_true, scores)
    check_true(isinstance(out, (tuple, list)) and len(out) == 3,
               f"{what}: (fpr, tpr, thresholds) 세 배열을 튜플(tuple)로 돌려주어야 합니다.")
    sk_fpr, sk_tpr, sk_thr = skm.roc_curve(copies[0], copies[1], drop_intermediate=False)
    thresholds = to_numpy(out[2], f"{what}의 thresholds")
    check_shape(thresholds, sk_thr.shape,
                f"{what}의 thresholds (np.inf 하나 + 서로 다른 점수 {len(sk_thr) - 1}개)")
    check_true(bool(thresholds[0] == np.inf and np.all(np.diff(thresholds) < 0)),
               f"{what}: thresholds는 np.inf로 시작해 큰 것부터 작은 것 순서(내림차순)여야 "
               f"합니다. 받은 값 앞부분: {thresholds[:4].tolist()}",
               hint="np.unique는 오름차순입니다: [::-1]로 뒤집고 앞에 np.inf를 붙이세요.",
               misconception="roc-thresholds")
    hint = ("문턱값은 np.inf 다음에 서로 다른 점수를 큰 것부터 놓고, 점수 >= 문턱값이면 "
            "1로 판정합니다 (> 가 아니라 >=).")
    check_array(out[2], sk_thr, name=f"{what}의 thresholds", hint=hint,
                misconception="roc-thresholds")
    check_array(out[1], sk_tpr, name=f"{what}의 tpr (민감도)", hint=hint,
                misconception="boundary-convention")
    check_array(out[0], sk_fpr, name=f"{what}의 fpr (1 - 특이도)",
                hint=hint + " FPR = FP / (FP + TN): 실제 0 가운데 1로 판정된 비율.",
                misconception="boundary-convention")
    check_array(y_true, copies[0], name=f"{what}: 호출 뒤의 y_true", misconception="mutates-input")
    check_array(scores, copies[1], name=f"{what}: 호출 뒤의 scores", misconception="mutates-input")


def check_auc(auc_trapezoid, y_true, scores, what):
    """Check ``auc_trapezoid`` on the library's ROC points of (y_true, scores) against
    scikit-learn's roc_auc_score."""
    fpr, tpr, _ = ref.roc_points(y_true, scores)
    check_scalar(auc_trapezoid(fpr, tpr), skm.roc_auc_score(y_true, scores), rtol=1e-9,
                 name=f"{what}의 auc_trapezoid (roc_auc_score와 비교)",
                 hint="이웃한 두 점마다 (fpr의 차이) * (두 tpr의 평균)을 더합니다.",
                 misconception="roc-thresholds")


def check_threshold_for_sensitivity(threshold_for_sensitivity, y_true, scores, target, what,
                                    misconception=None):
    """Check ``threshold_for_sensitivity(y_true, scores, target)`` with check_threshold_choice
    (the answer is given the library's roc_points while graded), and that scores are unchanged;
    ``misconception`` overrides the one check_threshold_choice would name."""
    copies = np.array(y_true, copy=True), np.array(scores, copy=True)
    with graded_with(roc_points=ref.roc_points):
        t = threshold_for_sensitivity(y_true, scores, target)
    check_threshold_choice(t, copies[0], copies[1], target, what, misconception=misconception)
    check_array(scores, copies[1], name=f"{what}: 호출 뒤의 scores", misconception="mutates-input")


def check_regression_errors(regression_errors, y, y_hat, what):
    """Check ``regression_errors(y, y_hat)`` (MAE, MSE, RMSE, MSLE, RMSLE) against scikit-learn,
    and that it leaves its inputs unchanged."""
    copies = np.array(y, copy=True), np.array(y_hat, copy=True)
    errors = regression_errors(y, y_hat)
    expected = {"mae": skm.mean_absolute_error(*copies), "mse": skm.mean_squared_error(*copies),
                "rmse": skm.root_mean_squared_error(*copies),
                "msle": skm.mean_squared_log_error(*copies),
                "rmsle": skm.root_mean_squared_log_error(*copies)}
    check_dict(errors, list(expected), what)
    y_f, y_hat_f = (np.asarray(c, dtype=np.float64) for c in copies)
    log_of_error = float(np.mean(np.log1p(np.abs(y_f - y_hat_f)) ** 2))
    suspects = {"msle": [("order-of-operations", log_of_error)],
                "rmsle": [("order-of-operations", log_of_error ** 0.5)]}
    for key, value in expected.items():
        check_scalar(errors[key], value, rtol=1e-9, atol=1e-12, name=f"{what}[{key!r}]",
                     hint=_REGRESSION_HINTS[key],
                     misconception=_REGRESSION_MISCONCEPTIONS[key],
                     suspects=suspects.get(key))
    check_array(y, copies[0], name=f"{what}: 호출 뒤의 y", misconception="mutates-input")
    check_array(y_hat, copies[1], name=f"{what}: 호출 뒤의 y_hat", misconception="mutates-input")
