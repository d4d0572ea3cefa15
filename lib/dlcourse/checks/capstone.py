"""Chapter 14 (the clinical capstone)."""
import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.model_selection import train_test_split

from .. import capstone as ref
from ..grading import check_array, check_equal, check_scalar, check_true, to_numpy
from .metrics import check_threshold_choice

__all__ = ["check_split_and_scale", "check_choose_threshold", "check_bootstrap_ci",
           "check_calibration_table"]


def check_split_and_scale(split_and_scale, X, y, test_size, seed, what):
    """Check ``split_and_scale(X, y, test_size, seed)``: scikit-learn's stratified split, the
    scaler fitted on the training part only, inputs unchanged."""
    copies = np.array(X, copy=True), np.array(y, copy=True)
    out = split_and_scale(X, y, test_size, seed)
    check_true(isinstance(out, (tuple, list)) and len(out) == 4,
               f"{what}: (X_train, X_test, y_train, y_test) 네 값을 돌려주어야 합니다.",
               misconception="return-contract")
    X_train, X_test = to_numpy(out[0], f"{what}의 X_train"), to_numpy(out[1], f"{what}의 X_test")
    raw_train, raw_test, y_train, y_test = train_test_split(
        copies[0], copies[1], test_size=test_size, stratify=copies[1], random_state=seed)
    check_equal(out[2], y_train, name=f"{what}의 y_train",
                hint="train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)",
                misconception="stratification")
    check_equal(out[3], y_test, name=f"{what}의 y_test", misconception="stratification")
    check_array(X_train.mean(axis=0), np.zeros(X_train.shape[1]), atol=1e-9,
                name=f"{what}: 표준화한 X_train의 열 평균",
                hint="StandardScaler를 훈련 부분에만 fit하면 X_train의 열 평균이 정확히 0입니다. "
                     "전체 데이터로 fit했나요? (데이터 누수)", misconception="test-set-leak")
    mean, std = raw_train.mean(axis=0), raw_train.std(axis=0)
    check_array(X_test, (raw_test - mean) / std, rtol=1e-9, atol=1e-9,
                name=f"{what}의 X_test",
                hint="시험 부분은 훈련 부분의 평균과 표준편차로 변환합니다 (시험 부분으로 다시 "
                     "fit하지 않음).", misconception="test-set-leak")
    check_array(X, copies[0], name=f"{what}: 호출 뒤의 X", misconception="mutates-input")


def check_choose_threshold(choose_threshold, X_raw, y_data, rows, target, k, seed, what):
    """Check ``choose_threshold(default_model, X, y, target, k=, seed=)`` on the rows ``rows`` of
    (X_raw, y_data) with check_threshold_choice on the out-of-fold scores."""
    X, y = X_raw[rows], y_data[rows]
    t = choose_threshold(ref.default_model, X, y, target, k=k, seed=seed)
    scores = ref.out_of_fold_scores(ref.default_model, X, y, k, seed)
    check_threshold_choice(t, y, scores, target,
                           f"{what} (교차 검증 예측 점수에서 잰 민감도와 특이도)",
                           hint="문턱값은 교차 검증의 겹 밖(out-of-fold) 예측 점수로 고릅니다: "
                                "같은 데이터로 학습한 모델의 점수로 고르면 민감도가 부풀려집니다.",
                           misconception="scored-on-seen-data",
                           diagnose=lambda t: _threshold_misconception(t, X, y, target, k))


def _threshold_misconception(t, X, y, target, k):
    """The misconception behind the wrong threshold ``t``: the default 0.5, a threshold chosen
    on in-sample scores, or on out-of-fold scores of folds that were not shuffled."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from ..metrics import threshold_for_sensitivity

    if np.isclose(t, 0.5, rtol=0.0, atol=1e-12):
        return "roc-thresholds"
    fitted = ref.default_model().fit(X, y)
    in_sample = threshold_for_sensitivity(y, fitted.predict_proba(X)[:, 1], target)
    if np.isclose(t, in_sample, rtol=1e-6, atol=1e-9):
        return "scored-on-seen-data"
    unshuffled = cross_val_predict(ref.default_model(), X, y, cv=StratifiedKFold(k),
                                   method="predict_proba")[:, 1]
    if np.isclose(t, threshold_for_sensitivity(y, unshuffled, target), rtol=1e-6, atol=1e-9):
        return "random-generator"
    return None


def check_bootstrap_ci(bootstrap_ci, y_true, y_pred, metric, level, seed, what):
    """Check ``bootstrap_ci(y_true, y_pred, metric, 4000, seed, level=)`` against the library's:
    the estimate and both ends, inputs unchanged."""
    copies = np.array(y_true, copy=True), np.array(y_pred, copy=True)
    out = bootstrap_ci(y_true, y_pred, metric, 4000, seed, level=level)
    check_true(isinstance(out, (tuple, list)) and len(out) == 3,
               f"{what}: (추정값, 아래 끝, 위 끝) 세 값을 돌려주어야 합니다.",
               misconception="return-contract")
    est, low, high = (float(to_numpy(v, f"{what}의 값").reshape(())) for v in out)
    ref_est, ref_low, ref_high = ref.bootstrap_ci(*copies, metric, 4000, seed, level=level)
    check_scalar(est, ref_est, name=f"{what}의 추정값",
                 hint="추정값은 부트스트랩 평균이 아니라 전체 데이터로 계산한 metric입니다.",
                 misconception="bootstrap-ci")
    check_true(low <= est <= high or ref_low > ref_est or ref_high < ref_est,
               f"{what}: 구간 [{low:.4f}, {high:.4f}]이 추정값 {est:.4f}을 담지 않습니다.",
               hint="정답과 예측을 같은 인덱스로 함께 복원 추출하세요: 따로 뽑으면 짝이 깨집니다.",
               misconception="bootstrap-ci")
    width = ref_high - ref_low
    tolerance = 0.05 * width + 1e-9  # Monte Carlo error of 4000 resamples is far smaller
    check_true(abs(low - ref_low) <= tolerance and abs(high - ref_high) <= tolerance,
               f"{what}: 구간이 [{low:.4f}, {high:.4f}]인데, 쌍을 복원 추출한 백분위수 "
               f"부트스트랩이면 약 [{ref_low:.4f}, {ref_high:.4f}]입니다.",
               hint="정답과 예측을 같은 인덱스로 복원 추출(replace=True)하고, 분위수는 "
                    "(1 - level) / 2와 (1 + level) / 2입니다.",
               misconception="sampling-replacement" if low == high else "bootstrap-ci")
    check_array(y_true, copies[0], name=f"{what}: 호출 뒤의 y_true", misconception="mutates-input")


def check_calibration_table(calibration_table, y_true, prob, n_bins, what):
    """Check ``calibration_table(y_true, prob[, n_bins])`` = (observed, predicted, counts)
    against scikit-learn's calibration_curve and the library's counts, inputs unchanged."""
    copies = np.array(y_true, copy=True), np.array(prob, copy=True)
    out = calibration_table(y_true, prob, n_bins) if n_bins != 10 else \
        calibration_table(y_true, prob)
    check_true(isinstance(out, (tuple, list)) and len(out) == 3,
               f"{what}: (observed, predicted, counts) 세 배열을 돌려주어야 합니다.",
               misconception="return-contract")
    observed, predicted = calibration_curve(copies[0], copies[1], n_bins=n_bins)
    _, _, counts = ref.calibration_table(*copies, n_bins)
    hint = ("구간은 np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], prob)로 정하고 "
            "(경계의 값은 아래 구간), 빈 구간은 뺍니다.")
    check_array(out[0], observed, rtol=1e-9, name=f"{what}의 observed (calibration_curve와 비교)",
                hint=hint,
                misconception={"shape": "calibration-bins", "value": "boundary-convention"})
    check_array(out[1], predicted, rtol=1e-9, name=f"{what}의 predicted", hint=hint,
                misconception="calibration-bins")
    check_equal(out[2], counts, name=f"{what}의 counts", hint=hint,
                misconception="calibration-bins")
    check_array(prob, copies[1], name=f"{what}: 호출 뒤의 prob", misconception="mutates-input")
