"""Chapter 11 (hyperparameter tuning)."""
import numpy as np
from sklearn.model_selection import ParameterGrid, StratifiedKFold, cross_val_score

from .. import tuning as ref
from ..grading import check_array, check_scalar, check_shape, check_true, to_numpy
from ..tuning import TorchMLPClassifier
from .common import check_dict, check_scalar_number

__all__ = ["check_random_configs", "check_grid_configs", "check_random_sampler", "check_cv_scores",
           "check_best_so_far", "check_pick_and_test"]


def _plain(value):
    """A sampled value as a plain Python number or string (numpy scalars included)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def check_random_configs(sample, space, n, name):
    """Check ``n`` random configurations drawn from ``space`` (chapter 11): a list of dicts with
    exactly the space's names, every value inside its range or list, and, for large ``n``,
    spread as its distribution says (log-uniform: the same share in each quarter of the
    log-range; uniform and int: the mean; choice and int: every value drawn).
    Returns the configurations with plain Python values."""
    check_true(isinstance(sample, (list, tuple)),
               f"{name}: 설정(딕셔너리)들의 리스트(list)를 돌려주어야 하는데 "
               f"{type(sample).__name__}입니다.")
    check_true(len(sample) == n, f"{name}: 설정이 {n}개여야 하는데 {len(sample)}개입니다.",
               hint="n_trials번 뽑아 설정 하나씩, 모두 n_trials개를 돌려주세요.")
    configs = []
    for i, config in enumerate(sample):
        check_dict(config, list(space), f"{name}[{i}]")
        extra = [k for k in config if k not in space]
        check_true(not extra, f"{name}[{i}]: 공간(space)에 없는 이름 {extra}가 있습니다.")
        configs.append({k: _plain(config[k]) for k in space})
    for key, (kind, *args) in space.items():
        values = [c[key] for c in configs]
        if kind == "choice":
            bad = [v for v in values if v not in args[0]]
            check_true(not bad, f"{name}: {key!r}의 값 {bad[:3]}가 후보 {args[0]}에 없습니다.")
            if n >= 50 * len(args[0]):
                missing = [v for v in args[0] if v not in values]
                check_true(not missing, f"{name}: {key!r}의 후보 {missing}가 {n}번 뽑는 동안 "
                                        "한 번도 나오지 않았습니다.",
                           hint="후보마다 같은 확률로 뽑으세요 (rng.choice 또는 정수 인덱스).")
            continue
        numbers = to_numpy(values, f"{name}의 {key!r} 값들")
        low, high = args
        check_true(bool(numbers.min() >= low and numbers.max() <= high),
                   f"{name}: {key!r}의 값은 {low} 이상 {high} 이하여야 하는데 "
                   f"{numbers.min()}부터 {numbers.max()}까지입니다.")
        if kind == "int":
            check_true(all(isinstance(v, int) and not isinstance(v, bool) for v in values),
                       f"{name}: {key!r}의 값은 정수(int)여야 합니다.",
                   hint="int(rng.integers(...))처럼 파이썬 정수로 바꾸세요.")
            if n >= 50 * (high - low + 1):
                missing = sorted(set(range(low, high + 1)) - set(values))
                check_true(not missing, f"{name}: {key!r}의 값 {missing[:5]}가 한 번도 나오지 "
                                        "않았습니다.",
                           hint=f"양 끝 {low}, {high}를 모두 포함하세요: rng.integers의 high는 "
                                "포함되지 않으므로 high + 1을 넘깁니다.", misconception="off-by-one")
        if n < 400:
            continue
        if kind == "loguniform":
            shares = np.histogram(np.log(numbers), bins=4,
                                  range=(np.log(low), np.log(high)))[0] / n
            check_true(bool(np.all(np.abs(shares - 0.25) < 0.06)),
                       f"{name}: {key!r}는 로그 균등분포(log-uniform)여야 하는데, 로그 눈금의 네 "
                       f"구간에 든 비율이 {np.round(shares, 3).tolist()}입니다 (각각 약 0.25).",
                       hint="log(low)와 log(high) 사이에서 균등하게 뽑은 뒤 exp를 씌우세요. "
                            "생성기(rng)는 한 번 만들어 계속 쓰세요.",
                       misconception="random-generator" if len(set(values)) == 1
                       else "log-scale-sampling")
        elif kind in ("uniform", "int"):
            middle = (low + high) / 2
            spread = (high - low) / np.sqrt(12 * n)
            check_true(bool(abs(numbers.mean() - middle) < 6 * spread + 1e-12),
                       f"{name}: {key!r}의 평균이 {numbers.mean():.4f}인데, {low}와 {high} 사이의 "
                       f"균등분포라면 약 {middle:.4f}입니다.",
                       hint="rng.uniform(low, high)처럼 범위 전체에서 고르게 뽑으세요.")
    return configs


def check_grid_configs(grid_configs, grid, what):
    """Check ``grid_configs(grid)`` against scikit-learn's ParameterGrid: every combination
    once, as dicts with exactly the grid's names."""
    configs = grid_configs(grid)
    expected = list(ParameterGrid(grid))
    check_true(isinstance(configs, (list, tuple)),
               f"{what}: 리스트(list)를 돌려주어야 하는데 {type(configs).__name__}입니다.")
    check_true(len(configs) == len(expected),
               f"{what}: 설정이 {len(expected)}개여야 하는데 {len(configs)}개입니다.",
               hint="값 목록들의 모든 조합(곱집합, itertools.product)입니다: 하나씩 바꾸거나 "
                    "zip으로 짝지으면 조합이 빠집니다.", misconception="grid-combinations")
    keys = sorted(grid)
    seen = set()
    for i, config in enumerate(configs):
        check_dict(config, keys, f"{what}[{i}]")
        check_true(len(config) == len(keys), f"{what}[{i}]: 이름은 {keys}뿐이어야 합니다.")
        seen.add(tuple(repr(config[k]) for k in keys))
    check_true(len(seen) == len(expected),
               f"{what}: 같은 설정이 두 번 이상 나옵니다. 모든 조합이 한 번씩 있어야 합니다.",
               misconception="grid-combinations")
    wanted = {tuple(repr(c[k]) for k in keys) for c in expected}
    check_true(seen == wanted, f"{what}: 없는 조합이 있습니다: {sorted(wanted - seen)[:3]}",
               misconception="grid-combinations")


def check_random_sampler(random_configs, space, n, seed, what):
    """Check ``random_configs(space, n, seed)`` with check_random_configs, the same configurations
    for the same seed and (for n >= 5) others for another seed."""
    configs = check_random_configs(random_configs(space, n, seed), space, n, what)
    again = check_random_configs(random_configs(space, n, seed), space, n, what)
    check_true(configs == again, f"{what}: 같은 시드로 두 번 부르면 같은 설정이 나와야 합니다.",
               hint="np.random.default_rng(seed) 하나만 쓰세요.", misconception="random-generator")
    if n >= 5:
        other = check_random_configs(random_configs(space, n, seed + 1), space, n, what)
        check_true(configs != other, f"{what}: 시드가 달라도 설정이 같습니다.",
                   hint="seed로 만든 난수 생성기에서 뽑으세요.", misconception="random-generator")
    return configs


def check_cv_scores(cv_scores, X_data, y_data, config, k, seed, what, rows=slice(None)):
    """Check ``cv_scores(TorchMLPClassifier, config, X, y, k=, seed=)`` on the rows ``rows`` of
    (X_data, y_data) against scikit-learn's cross_val_score with StratifiedKFold(k, shuffle=True,
    random_state=seed)."""
    X, y = X_data[rows], y_data[rows]
    scores = to_numpy(cv_scores(TorchMLPClassifier, config, X, y, k=k, seed=seed), what)
    expected = cross_val_score(TorchMLPClassifier(**config), X, y,
                               cv=StratifiedKFold(k, shuffle=True, random_state=seed))
    check_shape(scores, (k,), f"{what} (겹마다 하나)")
    suspects = None
    if not np.allclose(scores, expected, rtol=1e-9, atol=0.0):  # diagnose only what is wrong
        suspects = {"random-generator": cross_val_score(TorchMLPClassifier(**config), X, y,
                                                        cv=StratifiedKFold(k))}
    check_array(scores, expected, rtol=1e-9, name=what,
                hint="겹은 StratifiedKFold(k, shuffle=True, random_state=seed)로 만들고, 겹마다 "
                     "새 모델을 만들어 그 겹의 훈련 부분으로만 학습합니다.",
                misconception="scored-on-seen-data", suspects=suspects)


def check_best_so_far(best_so_far, scores, what):
    """Check ``best_so_far(scores)`` against the library's, and that scores are unchanged."""
    copy = np.array(scores, dtype=float, copy=True)
    as_zero = np.maximum.accumulate(np.where(np.isnan(copy), 0.0, copy))
    check_array(best_so_far(scores), ref.best_so_far(copy), name=what,
                hint="각 시도까지의 최댓값입니다. NaN은 건너뛰고, 정상 점수가 나오기 전까지는 NaN.",
                misconception={"nan": "nan-handling", "value": "selection-rule"},
                suspects={"nan-handling": as_zero})
    check_array(scores, copy, name=f"{what}: 호출 뒤의 scores", misconception="mutates-input")


def check_pick_and_test(pick_and_test, X_data, y_data, results, rows_train, rows_test, what):
    """Check ``pick_and_test(results, TorchMLPClassifier, ...)`` on the training and test rows of
    (X_data, y_data): the configuration with the best mean fold score, and its test accuracy."""
    out = pick_and_test(results, TorchMLPClassifier, X_data[rows_train], y_data[rows_train],
                        X_data[rows_test], y_data[rows_test])
    check_true(isinstance(out, (tuple, list)) and len(out) == 2,
               f"{what}: (config, 시험 정확도) 두 값을 돌려주어야 합니다.",
               misconception="return-contract")
    train = X_data[rows_train], y_data[rows_train]
    test = X_data[rows_test], y_data[rows_test]
    config, expected = ref.pick_and_test(results, TorchMLPClassifier, *train, *test)
    right = isinstance(out[0], dict) and dict(out[0]) == config
    check_true(right,
               f"{what}: 고른 설정이 {out[0]}인데, 겹 점수의 평균이 가장 높은 설정은 {config}입니다.",
               hint="겹 점수의 평균(np.mean)으로 고르세요. 한 겹의 최고 점수나 시험 점수로 고르지 "
                    "마세요.", misconception=None if right else _wrong_pick(out[0], results,
                                                                       train, test))
    got = check_scalar_number(out[1], f"{what}의 시험 정확도")
    suspects = None
    if not np.isclose(got, expected, rtol=1e-9, atol=0.0):  # diagnose only what is wrong
        suspects = {"scored-on-seen-data": TorchMLPClassifier(**config).fit(*train).score(*train)}
    check_scalar(got, expected, rtol=1e-9, name=f"{what}의 시험 정확도",
                 hint="고른 설정으로 새 모델을 만들어 훈련 세트 전체로 학습한 뒤, 시험 세트에서 "
                      "한 번 정확도를 잽니다.", misconception="scored-on-seen-data",
                 suspects=suspects)


def _wrong_pick(chosen, results, train, test):
    """The misconception behind choosing ``chosen`` from ``results`` (config, fold scores):
    the best single fold or the last of equal means is the selection rule, the best test score
    a test-set leak."""
    configs = [dict(c) for c, _ in results]
    chosen = dict(chosen) if isinstance(chosen, dict) else None
    means = [float(np.mean(s)) for _, s in results]
    by_fold = configs[int(np.argmax([max(s) for _, s in results]))]
    last_tie = configs[len(means) - 1 - int(np.argmax(means[::-1]))]
    if chosen in (by_fold, last_tie):
        return "selection-rule"
    by_test = configs[int(np.argmax([TorchMLPClassifier(**c).fit(*train).score(*test)
                                     for c in configs]))]
    return "test-set-leak" if chosen == by_test else None
