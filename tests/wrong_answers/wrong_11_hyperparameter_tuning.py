"""Plausible wrong answers for 11_hyperparameter_tuning; each must lose points."""
from course_tools import Right, Wrong

CHAPTER = "11_hyperparameter_tuning"

WRONG = [
    # count_grid
    Wrong("count-sum", {"count_grid": '''
def count_grid(grid, sample=None):
    size = sum(len(v) for v in grid.values())
    return size if sample is None else math.ceil(sample * size)
'''}, loses=("count_grid-test",), why="adds the candidates instead of multiplying"),
    Wrong("count-round-down", {"count_grid": '''
def count_grid(grid, sample=None):
    size = math.prod(len(v) for v in grid.values())
    return size if sample is None else int(sample * size)
'''}, loses=("count_grid-test",), why="rounds 453.6 down"),
    Wrong("count-round-nearest", {"count_grid": '''
def count_grid(grid, sample=None):
    size = math.prod(len(v) for v in grid.values())
    return size if sample is None else round(sample * size)
'''}, loses=("count_grid-test",), why="rounds to the nearest, not up"),
    # grid_configs
    Wrong("configs-zip", {"grid_configs": '''
def grid_configs(grid):
    names = list(grid)
    return [dict(zip(names, values)) for values in zip(*grid.values())]
'''}, loses=("grid_configs-test",), why="zip pairs the lists instead of combining them"),
    Wrong("configs-one-at-a-time", {"grid_configs": '''
def grid_configs(grid):
    base = {k: v[0] for k, v in grid.items()}
    configs = []
    for name, values in grid.items():
        for value in values:
            configs.append({**base, name: value})
    return configs
'''}, loses=("grid_configs-test",), why="changes one hyperparameter at a time"),
    # random_configs
    Wrong("random-uniform-for-log", {"random_configs": '''
def random_configs(space, n, seed):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        c = {}
        for name, (kind, *args) in space.items():
            if kind in ("uniform", "loguniform"):
                c[name] = float(rng.uniform(args[0], args[1]))
            elif kind == "int":
                c[name] = int(rng.integers(args[0], args[1] + 1))
            else:
                c[name] = args[0][rng.integers(len(args[0]))]
        out.append(c)
    return out
'''}, loses=("random_configs-test",), why="samples the learning rate uniformly"),
    Wrong("random-int-excludes-high", {"random_configs": '''
def random_configs(space, n, seed):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        c = {}
        for name, (kind, *args) in space.items():
            if kind == "uniform":
                c[name] = float(rng.uniform(args[0], args[1]))
            elif kind == "loguniform":
                c[name] = float(np.exp(rng.uniform(np.log(args[0]), np.log(args[1]))))
            elif kind == "int":
                c[name] = int(rng.integers(args[0], args[1]))
            else:
                c[name] = args[0][rng.integers(len(args[0]))]
        out.append(c)
    return out
'''}, loses=("random_configs-test",), why="never draws the upper end of an int range"),
    Wrong("random-new-generator-each-draw", {"random_configs": '''
def random_configs(space, n, seed):
    out = []
    for _ in range(n):
        rng = np.random.default_rng(seed)
        c = {}
        for name, (kind, *args) in space.items():
            if kind == "uniform":
                c[name] = float(rng.uniform(args[0], args[1]))
            elif kind == "loguniform":
                c[name] = float(np.exp(rng.uniform(np.log(args[0]), np.log(args[1]))))
            elif kind == "int":
                c[name] = int(rng.integers(args[0], args[1] + 1))
            else:
                c[name] = args[0][rng.integers(len(args[0]))]
        out.append(c)
    return out
'''}, loses=("random_configs-test",), why="reseeds for every configuration: all the same"),
    # cv_scores
    Wrong("cv-unshuffled", {"cv_scores": '''
def cv_scores(make_model, config, X, y, k=3, seed=0):
    scores = []
    for train, val in StratifiedKFold(k).split(X, y):
        model = make_model(**config).fit(X[train], y[train])
        scores.append(np.mean(model.predict(X[val]) == y[val]))
    return np.array(scores)
'''}, loses=("cv_scores-test",), why="folds without shuffling"),
    Wrong("cv-one-model", {"cv_scores": '''
def cv_scores(make_model, config, X, y, k=3, seed=0):
    model = make_model(**config).fit(X, y)
    scores = []
    for train, val in StratifiedKFold(k, shuffle=True, random_state=seed).split(X, y):
        scores.append(np.mean(model.predict(X[val]) == y[val]))
    return np.array(scores)
'''}, loses=("cv_scores-test",), why="trains once on everything: validates on seen data"),
    Wrong("cv-training-accuracy", {"cv_scores": '''
def cv_scores(make_model, config, X, y, k=3, seed=0):
    scores = []
    for train, val in StratifiedKFold(k, shuffle=True, random_state=seed).split(X, y):
        model = make_model(**config).fit(X[train], y[train])
        scores.append(np.mean(model.predict(X[train]) == y[train]))
    return np.array(scores)
'''}, loses=("cv_scores-test",), why="scores the training part of each fold"),
    # best_so_far
    Wrong("best-nan-poisons", {"best_so_far": '''
def best_so_far(scores):
    return np.maximum.accumulate(np.asarray(scores, dtype=float))
'''}, loses=("best_so_far-test",), why="a NaN spreads to every later trial"),
    Wrong("best-running-mean", {"best_so_far": '''
def best_so_far(scores):
    s = np.asarray(scores, dtype=float)
    return np.cumsum(s) / np.arange(1, len(s) + 1)
'''}, loses=("best_so_far-test",), why="the running mean, not the best"),
    Wrong("best-nan-as-zero", {"best_so_far": '''
def best_so_far(scores):
    s = np.nan_to_num(np.asarray(scores, dtype=float), nan=0.0)
    return np.maximum.accumulate(s)
'''}, loses=("best_so_far-test",), why="counts a failed trial as a score of 0"),
    # pick_and_test
    Wrong("pick-best-single-fold", {"pick_and_test": '''
def pick_and_test(results, make_model, X_train, y_train, X_test, y_test):
    config = max(results, key=lambda r: max(r[1]))[0]
    model = make_model(**config).fit(X_train, y_train)
    return config, float(np.mean(model.predict(X_test) == y_test))
'''}, loses=("pick_and_test-test",), why="picks by the luckiest fold"),
    Wrong("pick-last-on-tie", {"pick_and_test": '''
def pick_and_test(results, make_model, X_train, y_train, X_test, y_test):
    means = [np.mean(s) for _, s in results]
    best = len(means) - 1 - int(np.argmax(means[::-1]))
    config = results[best][0]
    model = make_model(**config).fit(X_train, y_train)
    return config, float(np.mean(model.predict(X_test) == y_test))
'''}, loses=("pick_and_test-test",), why="takes the last of equal scores"),
    Wrong("pick-by-test", {"pick_and_test": '''
def pick_and_test(results, make_model, X_train, y_train, X_test, y_test):
    tested = []
    for config, _ in results:
        model = make_model(**config).fit(X_train, y_train)
        tested.append((float(np.mean(model.predict(X_test) == y_test)), config))
    score, config = max(tested, key=lambda t: t[0])
    return config, score
'''}, loses=("pick_and_test-test",), why="chooses by the test set: a leak"),
    Wrong("pick-training-score", {"pick_and_test": '''
def pick_and_test(results, make_model, X_train, y_train, X_test, y_test):
    means = [np.mean(s) for _, s in results]
    config = results[int(np.argmax(means))][0]
    model = make_model(**config).fit(X_train, y_train)
    return config, float(np.mean(model.predict(X_train) == y_train))
'''}, loses=("pick_and_test-test",), why="reports the training accuracy"),
]

RIGHT = [
    Right("count-parameter-grid", {"count_grid": '''
def count_grid(grid, sample=None):
    n = len(ParameterGrid(grid))
    return n if sample is None else int(np.ceil(sample * n))
'''}, why="scikit-learn's ParameterGrid and numpy's ceil"),
    Right("configs-recursive", {"grid_configs": '''
def grid_configs(grid):
    if not grid:
        return [{}]
    name, *rest = list(grid)
    tails = grid_configs({k: grid[k] for k in rest})
    return [{name: v, **tail} for v in grid[name] for tail in tails]
'''}, why="recursion over the names"),
    Right("random-log10", {"random_configs": '''
def random_configs(space, n, seed):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        c = {}
        for name in sorted(space):
            kind, *args = space[name]
            if kind == "loguniform":
                c[name] = 10 ** rng.uniform(np.log10(args[0]), np.log10(args[1]))
            elif kind == "uniform":
                c[name] = args[0] + (args[1] - args[0]) * rng.random()
            elif kind == "int":
                c[name] = int(rng.integers(args[0], args[1], endpoint=True))
            else:
                c[name] = rng.choice(args[0]).item()
        out.append(c)
    return out
'''}, why="base-10 logs, rng.random and rng.choice, numpy scalars"),
    Right("cv-sklearn", {"cv_scores": '''
def cv_scores(make_model, config, X, y, k=3, seed=0):
    folds = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return cross_val_score(make_model(**config), X, y, cv=folds)
'''}, why="scikit-learn's cross_val_score with the same folds"),
    Right("best-fmax", {"best_so_far": '''
def best_so_far(scores):
    return np.fmax.accumulate(np.asarray(scores, dtype=float))
'''}, why="np.fmax ignores NaN"),
    Right("best-mask-assignment", {"best_so_far": '''
def best_so_far(scores):
    a = np.array(scores, dtype=float)
    seen = np.cumsum(~np.isnan(a)) > 0
    a[np.isnan(a)] = -np.inf
    out = np.maximum.accumulate(a)
    out[~seen] = np.nan
    return out
'''}, why="boolean-mask assignment a[np.isnan(a)] = ..., once misread as rebinding np"),
    Right("pick-sorted", {"pick_and_test": '''
def pick_and_test(results, make_model, X_train, y_train, X_test, y_test):
    order = sorted(range(len(results)), key=lambda i: (-np.mean(results[i][1]), i))
    config = results[order[0]][0]
    model = make_model(**config)
    model.fit(X_train, y_train)
    return config, model.score(X_test, y_test)
'''}, why="sorts by mean then position; the model's own score method"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-2-word", {"concept-2": 'q2 = "random"\n'},
          loses=("concept-2-test",), why="a word instead of the option's letter"),
    Wrong("concept-1-24", {"concept-1": 'q1 = 24\n'},
          loses=("concept-1-test",), why="forgets the folds"),
    Wrong("concept-1-14", {"concept-1": 'q1 = 14\n'},
          loses=("concept-1-test",), why="adds instead of multiplying"),
    Wrong("concept-2-A", {"concept-2": 'q2 = "A"\n'},
          loses=("concept-2-test",), why="thinks the grid covers each axis better"),
    Wrong("concept-3-A", {"concept-3": 'q3 = "A"\n'},
          loses=("concept-3-test",), why="reports the optimistic selection score"),
    Wrong("concept-3-C", {"concept-3": 'q3 = "C"\n'},
          loses=("concept-3-test",), why="tunes on the test set"),
    Wrong("concept-4-B", {"concept-4": 'q4 = "B"\n'},
          loses=("concept-4-test",), why="swaps bias and variance"),
    Wrong("concept-4-C", {"concept-4": 'q4 = "C"\n'},
          loses=("concept-4-test",), why="thinks flexibility is free"),
]

RIGHT += [
    Right("concept-1-computed", {"concept-1": 'q1 = 4 * 3 * 2 * 5\n'}, why="computed"),
    Right("concept-2-lower-case", {"concept-2": 'q2 = " b "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-3-lower-case", {"concept-3": 'q3 = " b "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " a "\n'},
          why="case and surrounding spaces are ignored"),
]
