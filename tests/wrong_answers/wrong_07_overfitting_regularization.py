"""Plausible wrong answers for 07_overfitting_regularization; each must lose points."""
from course_tools import Right, Wrong, mutate

CHAPTER = "07_overfitting_regularization"

WRONG = [
    # polynomial_features
    Wrong("poly-with-bias-column", {"polynomial_features": '''
def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float).reshape(-1)
    return x[:, None] ** np.arange(0, degree + 1)
'''}, loses=("polynomial_features-test",), why="adds the constant column x**0"),
    Wrong("poly-powers-from-zero", {"polynomial_features": '''
def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float).reshape(-1)
    return x[:, None] ** np.arange(degree)
'''}, loses=("polynomial_features-test",), why="powers 0 .. degree - 1"),
    Wrong("poly-vander-decreasing", {"polynomial_features": '''
def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float).reshape(-1)
    return np.vander(x, degree + 1)[:, :-1]
'''}, loses=("polynomial_features-test",), why="np.vander puts the highest power first"),
    # train_val_mse
    Wrong("tv-no-intercept", {"train_val_mse": '''
def train_val_mse(x_train, y_train, x_val, y_val, degree):
    A = polynomial_features(x_train, degree)
    coef = np.linalg.lstsq(A, y_train, rcond=None)[0]
    return (float(np.mean((A @ coef - y_train) ** 2)),
            float(np.mean((polynomial_features(x_val, degree) @ coef - y_val) ** 2)))
'''}, loses=("train_val_mse-test",), why="no column of ones: the fit has no intercept b"),
    Wrong("tv-refit-on-validation", {"train_val_mse": '''
def train_val_mse(x_train, y_train, x_val, y_val, degree):
    def fit_mse(x, y):
        A = np.column_stack([np.ones(len(x)), polynomial_features(x, degree)])
        coef = np.linalg.lstsq(A, y, rcond=None)[0]
        return float(np.mean((A @ coef - y) ** 2))
    return fit_mse(x_train, y_train), fit_mse(x_val, y_val)
'''}, loses=("train_val_mse-test",), why="fits a second polynomial on the validation data"),
    Wrong("tv-rmse", {"train_val_mse": '''
def train_val_mse(x_train, y_train, x_val, y_val, degree):
    def design(x):
        return np.column_stack([np.ones(len(x)), polynomial_features(x, degree)])
    coef = np.linalg.lstsq(design(x_train), y_train, rcond=None)[0]
    return (float(np.sqrt(np.mean((design(x_train) @ coef - y_train) ** 2))),
            float(np.sqrt(np.mean((design(x_val) @ coef - y_val) ** 2))))
'''}, loses=("train_val_mse-test",), why="returns the root mean squared error"),
    # early_stopping
    Wrong("es-stop-one-late", mutate(
        "early_stopping",
        ('            if wait >= patience:\n',
         '            if wait > patience:\n')),
        loses=("early_stopping-test",), why="waits patience + 1 epochs (wait > patience)"),
    Wrong("es-zero-based", mutate(
        "early_stopping",
        ('    for epoch, loss in enumerate(val_losses, start=1):\n',
         '    for epoch, loss in enumerate(val_losses):\n'),
        ('    return best_epoch, len(val_losses)\n',
         '    return best_epoch, len(val_losses) - 1\n')),
        loses=("early_stopping-test",), why="counts epochs from 0"),
    Wrong("es-ties-improve", mutate(
        "early_stopping",
        ('        if best is None or loss < best - min_delta:\n',
         '        if best is None or loss <= best - min_delta:\n')),
        loses=("early_stopping-test",), why="an equal loss counts as an improvement"),
    Wrong("es-ignores-min-delta", mutate(
        "early_stopping",
        ('        if best is None or loss < best - min_delta:\n',
         '        if best is None or loss < best:\n')),
        loses=("early_stopping-test",), why="min_delta is never used"),
    Wrong("es-global-argmin", {"early_stopping": '''
def early_stopping(val_losses, patience, min_delta=0.0):
    losses = list(val_losses)
    wait, stop = 0, len(losses)
    for epoch in range(2, len(losses) + 1):
        if losses[epoch - 1] < min(losses[:epoch - 1]) - min_delta:
            wait = 0
        else:
            wait += 1
            if wait >= patience:
                stop = epoch
                break
    return int(np.argmin(losses)) + 1, stop
'''}, loses=("early_stopping-test",),
        why="best epoch taken over the whole list, including epochs after the stop"),
    Wrong("es-nan-improves", mutate(
        "early_stopping",
        ('        if best is None or loss < best - min_delta:\n',
         '        if best is None or not loss >= best - min_delta:\n')),
        loses=("early_stopping-test",), why="'not loss >= best' lets a NaN count as an improvement"),
    # penalty
    Wrong("pen-l2-no-half", {"penalty": '''
def penalty(w, lam, n, kind="l2", l1_ratio=0.5):
    w = np.asarray(w, dtype=float)
    l1 = lam / n * np.sum(np.abs(w))
    l2 = lam / n * np.sum(w ** 2)
    return float({"l1": l1, "l2": l2, "elastic": l1_ratio * l1 + (1 - l1_ratio) * l2}[kind])
'''}, loses=("penalty-test",), why="lambda / n instead of lambda / (2n) for L2"),
    Wrong("pen-l1-no-abs", {"penalty": '''
def penalty(w, lam, n, kind="l2", l1_ratio=0.5):
    w = np.asarray(w, dtype=float)
    l1 = lam / n * np.sum(w)
    l2 = lam / (2 * n) * np.sum(w ** 2)
    return float({"l1": l1, "l2": l2, "elastic": l1_ratio * l1 + (1 - l1_ratio) * l2}[kind])
'''}, loses=("penalty-test",), why="sums w instead of |w|"),
    Wrong("pen-mean-not-over-n", {"penalty": '''
def penalty(w, lam, n, kind="l2", l1_ratio=0.5):
    w = np.asarray(w, dtype=float)
    l1 = lam * np.mean(np.abs(w))
    l2 = lam / 2 * np.mean(w ** 2)
    return float({"l1": l1, "l2": l2, "elastic": l1_ratio * l1 + (1 - l1_ratio) * l2}[kind])
'''}, loses=("penalty-test",), why="averages over the weights instead of dividing by n"),
    Wrong("pen-elastic-ratio-swapped", {"penalty": '''
def penalty(w, lam, n, kind="l2", l1_ratio=0.5):
    w = np.asarray(w, dtype=float)
    l1 = lam / n * np.sum(np.abs(w))
    l2 = lam / (2 * n) * np.sum(w ** 2)
    return float({"l1": l1, "l2": l2, "elastic": (1 - l1_ratio) * l1 + l1_ratio * l2}[kind])
'''}, loses=("penalty-test",), why="l1_ratio weighs the L2 term"),
    # penalty_grad
    Wrong("grad-l2-keeps-half", {"penalty_grad": '''
def penalty_grad(w, lam, n, kind="l2", l1_ratio=0.5):
    w = np.asarray(w, dtype=float)
    g1, g2 = lam / n * np.sign(w), lam / (2 * n) * w
    return {"l1": g1, "l2": g2, "elastic": l1_ratio * g1 + (1 - l1_ratio) * g2}[kind]
'''}, loses=("penalty_grad-test",), why="forgets that d/dw w^2 = 2w"),
    Wrong("grad-l1-divides-by-abs", {"penalty_grad": '''
def penalty_grad(w, lam, n, kind="l2", l1_ratio=0.5):
    w = np.asarray(w, dtype=float)
    g1, g2 = lam / n * w / np.abs(w), lam / n * w
    return {"l1": g1, "l2": g2, "elastic": l1_ratio * g1 + (1 - l1_ratio) * g2}[kind]
'''}, loses=("penalty_grad-test",), why="w / |w| is NaN at w = 0"),
    Wrong("grad-l1-no-sign", {"penalty_grad": '''
def penalty_grad(w, lam, n, kind="l2", l1_ratio=0.5):
    w = np.asarray(w, dtype=float)
    g1, g2 = lam / n * np.ones_like(w), lam / n * w
    return {"l1": g1, "l2": g2, "elastic": l1_ratio * g1 + (1 - l1_ratio) * g2}[kind]
'''}, loses=("penalty_grad-test",), why="the L1 gradient without the sign"),
    Wrong("grad-l1-sign-one-at-zero", {"penalty_grad": '''
def penalty_grad(w, lam, n, kind="l2", l1_ratio=0.5):
    w = np.asarray(w, dtype=float)
    g1, g2 = lam / n * np.where(w >= 0, 1.0, -1.0), lam / n * w
    return {"l1": g1, "l2": g2, "elastic": l1_ratio * g1 + (1 - l1_ratio) * g2}[kind]
'''}, loses=("penalty_grad-test",), why="sign 1 at w = 0 (the stated subgradient is 0)"),
    # dropout
    Wrong("drop-no-rescale", mutate(
        "dropout",
        ('    x = np.asarray(x, dtype=np.float64)\n',
         '    x = np.asarray(x, dtype=float)\n'),
        ('''\
    if rng is None:
        rng = np.random.default_rng()
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
''',
         '''\
    rng = np.random.default_rng() if rng is None else rng
    mask = (rng.random(x.shape) >= p).astype(float)
'''),
        ('''\
    return np.asarray(dout, dtype=np.float64) * np.asarray(mask, dtype=np.float64)
''',
         '    return dout * mask\n')),
        loses=("dropout-test",), why="standard dropout: the survivors are not scaled by 1/(1-p)"),
    Wrong("drop-scales-at-eval", {"dropout": '''
def dropout_forward(x, p, train=True, rng=None):
    x = np.asarray(x, dtype=float)
    if not train:
        return x * (1 - p), np.full(x.shape, 1 - p)
    rng = np.random.default_rng() if rng is None else rng
    mask = (rng.random(x.shape) >= p).astype(float)
    return x * mask, mask


def dropout_backward(dout, mask):
    return dout * mask
'''}, loses=("dropout-test",), why="the original (non-inverted) dropout: scales at test time"),
    Wrong("drop-keeps-with-p", mutate(
        "dropout",
        ('    x = np.asarray(x, dtype=np.float64)\n',
         '    x = np.asarray(x, dtype=float)\n'),
        ('''\
    if rng is None:
        rng = np.random.default_rng()
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
''',
         '''\
    rng = np.random.default_rng() if rng is None else rng
    mask = (rng.random(x.shape) < p) / (1 - p)
'''),
        ('''\
    return np.asarray(dout, dtype=np.float64) * np.asarray(mask, dtype=np.float64)
''',
         '    return dout * mask\n')),
        loses=("dropout-test",), why="keeps a unit with probability p instead of dropping it"),
    Wrong("drop-backward-divides", mutate(
        "dropout",
        ('    x = np.asarray(x, dtype=np.float64)\n',
         '    x = np.asarray(x, dtype=float)\n'),
        ('''\
    if rng is None:
        rng = np.random.default_rng()
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
''',
         '''\
    rng = np.random.default_rng() if rng is None else rng
    mask = (rng.random(x.shape) >= p) / (1 - p)
'''),
        ('''\
    return np.asarray(dout, dtype=np.float64) * np.asarray(mask, dtype=np.float64)
''',
         '    return dout * (mask > 0)\n')),
        loses=("dropout-test",), why="the backward pass forgets the 1/(1-p) scale"),
    Wrong("drop-in-eval-too", {"dropout": '''
def dropout_forward(x, p, train=True, rng=None):
    x = np.asarray(x, dtype=float)
    rng = np.random.default_rng() if rng is None else rng
    mask = (rng.random(x.shape) >= p) / (1 - p)
    return x * mask, mask


def dropout_backward(dout, mask):
    return dout * mask
'''}, loses=("dropout-test",), why="drops units in evaluation mode as well"),
    # smote
    Wrong("smote-self-neighbour", {"smote": '''
def smote(X_minority, n_new, k=5, rng=None):
    X = np.asarray(X_minority, dtype=float)
    rng = np.random.default_rng() if rng is None else rng
    dist = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    neighbours = np.argsort(dist, axis=1)[:, :k]  # the sample itself is its nearest
    new = []
    for _ in range(n_new):
        i = rng.integers(len(X))
        j = neighbours[i, rng.integers(k)]
        new.append(X[i] + rng.random() * (X[j] - X[i]))
    return np.array(new)
'''}, loses=("smote-test",), why="counts a sample as its own neighbour: copies instead of new points"),
    Wrong("smote-gap-per-feature", {"smote": '''
def smote(X_minority, n_new, k=5, rng=None):
    X = np.asarray(X_minority, dtype=float)
    rng = np.random.default_rng() if rng is None else rng
    dist = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(dist, np.inf)
    neighbours = np.argsort(dist, axis=1)[:, :k]
    i = rng.integers(len(X), size=n_new)
    j = neighbours[i, rng.integers(k, size=n_new)]
    gap = rng.random((n_new, X.shape[1]))
    return X[i] + gap * (X[j] - X[i])
'''}, loses=("smote-test",), why="a gap per feature: points in the box, not on the segment"),
    Wrong("smote-nearest-only", {"smote": '''
def smote(X_minority, n_new, k=5, rng=None):
    X = np.asarray(X_minority, dtype=float)
    rng = np.random.default_rng() if rng is None else rng
    dist = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(dist, np.inf)
    nearest = np.argmin(dist, axis=1)
    i = rng.integers(len(X), size=n_new)
    return X[i] + rng.random((n_new, 1)) * (X[nearest[i]] - X[i])
'''}, loses=("smote-test",), why="always the nearest neighbour, never one of the k"),
    Wrong("smote-global-random", {"smote": '''
def smote(X_minority, n_new, k=5, rng=None):
    X = np.asarray(X_minority, dtype=float)
    dist = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(dist, np.inf)
    neighbours = np.argsort(dist, axis=1)[:, :k]
    i = np.random.randint(len(X), size=n_new)
    j = neighbours[i, np.random.randint(k, size=n_new)]
    return X[i] + np.random.rand(n_new, 1) * (X[j] - X[i])
'''}, loses=("smote-test",), why="ignores rng: the same seed does not give the same samples"),
    Wrong("smote-returns-all", {"smote": '''
def smote(X_minority, n_new, k=5, rng=None):
    X = np.asarray(X_minority, dtype=float)
    rng = np.random.default_rng() if rng is None else rng
    dist = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(dist, np.inf)
    neighbours = np.argsort(dist, axis=1)[:, :k]
    i = rng.integers(len(X), size=n_new)
    j = neighbours[i, rng.integers(k, size=n_new)]
    return np.vstack([X, X[i] + rng.random((n_new, 1)) * (X[j] - X[i])])
'''}, loses=("smote-test",), why="returns the original samples together with the new ones"),
    # balance_with_smote
    Wrong("balance-from-all-samples", {"balance_with_smote": '''
def balance_with_smote(X, y, k=5, rng=None):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n0, n1 = int(np.sum(y == 0)), int(np.sum(y == 1))
    rare = 1 if n1 < n0 else 0
    new = smote(X, abs(n0 - n1), k=k, rng=rng)
    return np.vstack([X, new]), np.concatenate([y, np.full(abs(n0 - n1), rare)])
'''}, loses=("balance_with_smote-test",), why="interpolates between samples of both classes"),
    Wrong("balance-assumes-ones-rare", {"balance_with_smote": '''
def balance_with_smote(X, y, k=5, rng=None):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n_new = int(np.sum(y == 0) - np.sum(y == 1))
    new = smote(X[y == 1], n_new, k=k, rng=rng)
    return np.vstack([X, new]), np.concatenate([y, np.ones(n_new, dtype=int)])
'''}, loses=("balance_with_smote-test",), why="always oversamples label 1, even when 0 is rarer"),
    Wrong("balance-doubles-minority", {"balance_with_smote": '''
def balance_with_smote(X, y, k=5, rng=None):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    rare = 1 if np.sum(y == 1) < np.sum(y == 0) else 0
    n_new = int(np.sum(y == rare))
    new = smote(X[y == rare], n_new, k=k, rng=rng)
    return np.vstack([X, new]), np.concatenate([y, np.full(n_new, rare)])
'''}, loses=("balance_with_smote-test",), why="adds as many samples as the rare class has"),
    Wrong("balance-new-rows-first", {"balance_with_smote": '''
def balance_with_smote(X, y, k=5, rng=None):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n0, n1 = int(np.sum(y == 0)), int(np.sum(y == 1))
    rare = 1 if n1 < n0 else 0
    new = smote(X[y == rare], abs(n0 - n1), k=k, rng=rng)
    return np.vstack([new, X]), np.concatenate([np.full(abs(n0 - n1), rare), y])
'''}, loses=("balance_with_smote-test",), why="puts the new rows before the original ones"),
    Wrong("smote-midpoints", {"smote": '''
def smote(X_minority, n_new, k=5, rng=None):
    X = np.asarray(X_minority, dtype=float)
    rng = np.random.default_rng() if rng is None else rng
    dist = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(dist, np.inf)
    neighbours = np.argsort(dist, axis=1)[:, :k]
    i = rng.integers(len(X), size=n_new)
    j = neighbours[i, rng.integers(k, size=n_new)]
    return (X[i] + X[j]) / 2
'''}, loses=("smote-test",), why="always the midpoint: gap fixed at 0.5"),
]

RIGHT = [
    Right("poly-column-stack", {"polynomial_features": '''
def polynomial_features(x, degree):
    x = np.atleast_1d(np.asarray(x, dtype=float))
    return np.column_stack([x ** k for k in range(1, degree + 1)])
'''}, why="one column per power"),
    Right("poly-sklearn", {"polynomial_features": '''
from sklearn.preprocessing import PolynomialFeatures

def polynomial_features(x, degree):
    x = np.asarray(x, dtype=float).reshape(-1, 1)
    return PolynomialFeatures(degree, include_bias=False).fit_transform(x)
'''}, why="scikit-learn's PolynomialFeatures"),
    Right("tv-sklearn", {"train_val_mse": '''
from sklearn.linear_model import LinearRegression

def train_val_mse(x_train, y_train, x_val, y_val, degree):
    model = LinearRegression().fit(polynomial_features(x_train, degree), y_train)
    tr = np.mean((model.predict(polynomial_features(x_train, degree)) - y_train) ** 2)
    va = np.mean((model.predict(polynomial_features(x_val, degree)) - y_val) ** 2)
    return tr, va
'''}, why="scikit-learn's LinearRegression fits the intercept itself; numpy floats returned"),
    Right("es-best-value-scan", {"early_stopping": '''
def early_stopping(val_losses, patience, min_delta=0.0):
    losses = [float(v) for v in val_losses]
    best_epoch, best = 1, losses[0]
    for epoch in range(2, len(losses) + 1):
        if losses[epoch - 1] < best - min_delta:
            best_epoch, best = epoch, losses[epoch - 1]
        elif epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, len(losses)
'''}, why="counts the epochs since the last improvement instead of a wait counter"),
    Right("pen-linalg-norms", {"penalty": '''
def penalty(w, lam, n, kind="l2", l1_ratio=0.5):
    w = np.ravel(np.asarray(w, dtype=float))
    l1 = lam / n * np.linalg.norm(w, 1)
    l2 = lam / (2 * n) * np.linalg.norm(w) ** 2
    if kind == "l1":
        return l1
    if kind == "l2":
        return l2
    return l1_ratio * l1 + (1 - l1_ratio) * l2
'''}, why="vector norms; numpy floats returned"),
    Right("grad-torch-autograd", {"penalty_grad": '''
def penalty_grad(w, lam, n, kind="l2", l1_ratio=0.5):
    t = torch.tensor(np.asarray(w, dtype=float), requires_grad=True)
    l1 = lam / n * t.abs().sum()
    l2 = lam / (2 * n) * (t * t).sum()
    total = {"l1": l1, "l2": l2, "elastic": l1_ratio * l1 + (1 - l1_ratio) * l2}[kind]
    total.backward()
    return t.grad.numpy()
'''}, why="lets torch.autograd differentiate the penalty"),
    Right("drop-bool-mask-float32", {"dropout": '''
def dropout_forward(x, p, train=True, rng=None):
    x = np.asarray(x)
    if not train:
        return x, np.ones(x.shape)
    if rng is None:
        rng = np.random.default_rng()
    keep = rng.random(x.shape) >= p
    mask = keep.astype(np.float32) / np.float32(1 - p)
    return x * mask, mask


def dropout_backward(dout, mask):
    return np.multiply(dout, mask)
'''}, why="a float32 mask; returns x itself in evaluation mode (same values)"),
    Right("balance-imblearn", {"balance_with_smote": '''
from imblearn.over_sampling import SMOTE

def balance_with_smote(X, y, k=5, rng=None):
    rng = np.random.default_rng() if rng is None else rng
    sampler = SMOTE(k_neighbors=k, random_state=int(rng.integers(2**31)))
    return sampler.fit_resample(np.asarray(X, dtype=float), np.asarray(y))
'''}, why="imbalanced-learn's SMOTE appends its samples after the original rows"),
    Right("smote-sklearn-neighbours", {"smote": '''
from sklearn.neighbors import NearestNeighbors

def smote(X_minority, n_new, k=5, rng=None):
    X = np.asarray(X_minority, dtype=float)
    rng = np.random.default_rng() if rng is None else rng
    _, idx = NearestNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X)
    neighbours = idx[:, 1:]
    i = rng.integers(len(X), size=n_new)
    j = neighbours[i, rng.integers(k, size=n_new)]
    gap = rng.random((n_new, 1))
    return X[i] + gap * (X[j] - X[i])
'''}, why="scikit-learn's NearestNeighbors, draws vectorized in a different order"),
    Right("smote-fancy-index-diagonal", {"smote": '''
def smote(X_minority, n_new, k=5, rng=None):
    X = np.asarray(X_minority, dtype=np.float64)
    rng = np.random.default_rng() if rng is None else rng
    m = len(X)
    d = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))
    d[np.arange(m), np.arange(m)] = np.inf
    neighbours = np.argsort(d, axis=1)[:, :k]
    new = np.empty((n_new, X.shape[1]))
    for row in range(n_new):
        i = rng.integers(m)
        j = neighbours[i, rng.integers(k)]
        new[row] = X[i] + rng.random() * (X[j] - X[i])
    return new
'''}, why="fancy-index assignment d[np.arange(m), np.arange(m)] = ..., once misread as "
       "rebinding np"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-A", {"concept-1": 'q1 = "A"\n'},
          loses=("concept-1-test",), why="swaps the two"),
    Wrong("concept-1-B", {"concept-1": 'q1 = "B"\n'},
          loses=("concept-1-test",), why="ignores the validation error"),
    Wrong("concept-2-0p8", {"concept-2": 'q2 = 0.8\n'},
          loses=("concept-2-test",), why="multiplies by the keep probability"),
    Wrong("concept-2-5", {"concept-2": 'q2 = 5\n'},
          loses=("concept-2-test",), why="divides by p"),
    Wrong("concept-3-B", {"concept-3": 'q3 = "B"\n'},
          loses=("concept-3-test",), why="swaps L1 and L2"),
    Wrong("concept-3-C", {"concept-3": 'q3 = "C"\n'},
          loses=("concept-3-test",), why="misses the difference"),
    Wrong("concept-4-A", {"concept-4": 'q4 = "A"\n'},
          loses=("concept-4-test",), why="oversamples before the split (leak)"),
    Wrong("concept-4-C", {"concept-4": 'q4 = "C"\n'},
          loses=("concept-4-test",), why="oversamples the test set"),
]

RIGHT += [
    Right("concept-1-lower-case", {"concept-1": 'q1 = " c "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-2-computed", {"concept-2": 'q2 = 1 / (1 - 0.2)\n'}, why="computed"),
    Right("concept-3-lower-case", {"concept-3": 'q3 = " a "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " b "\n'},
          why="case and surrounding spaces are ignored"),
]
