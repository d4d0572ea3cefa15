"""Overfitting and regularization (chapter 07): reference versions in numpy, float64.

Chapter 07 has students write these; the tests compare with them, and later chapters import
them from here. tests/test_regularization.py checks each one against scikit-learn, torch,
scipy or imbalanced-learn.

Conventions follow the lecture slides (4-6-6 to 4-6-8), where ``n`` is the number of training
samples and ``C0 = 1/n sum (y_hat - y)^2``:

- L1 (lasso):  ``C = C0 + lam / n * sum |w|``
- L2 (ridge):  ``C = C0 + lam / (2 n) * sum w^2``
- elastic net: ``l1_ratio * L1 + (1 - l1_ratio) * L2`` (the mix scikit-learn's ``l1_ratio``
  describes; the slide only says "both terms").

The same penalties in the libraries' own parameters (``slide_to_library``): scikit-learn's
``Lasso(alpha)`` minimises ``1/(2n) |y - Xw|^2 + alpha |w|_1``, so ``alpha = lam / (2n)``;
``Ridge(alpha)`` minimises ``|y - Xw|^2 + alpha |w|^2``, so ``alpha = lam / 2``; torch's
``weight_decay`` adds ``weight_decay * w`` to the gradient, so ``weight_decay = lam / n``.
"""
import numpy as np

__all__ = ["polynomial_features", "fit_polynomial", "predict_polynomial", "train_val_mse",
           "early_stopping", "penalty", "penalty_grad", "slide_to_library",
           "dropout_forward", "dropout_backward", "smote", "nearest_neighbours",
           "smote_positions", "on_smote_segments", "balance_with_smote",
           "bias_variance", "shift_images"]


def polynomial_features(x, degree):
    """Columns ``x, x**2, ..., x**degree`` of a number or a 1-D array ``x`` of length n.

    Returns a float array of shape (n, degree) (n = 1 for a number): scikit-learn's
    ``PolynomialFeatures(degree, include_bias=False)`` on one feature.
    """
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    return x[:, None] ** np.arange(1, int(degree) + 1)


def fit_polynomial(x, y, degree):
    """Least-squares polynomial: coefficients ``[b, w_1, ..., w_degree]`` (degree + 1,) that
    minimise ``sum (b + w_1 x + ... + w_d x^d - y)^2``."""
    design = np.column_stack([np.ones(np.size(x)), polynomial_features(x, degree)])
    coef, *_ = np.linalg.lstsq(design, np.asarray(y, dtype=np.float64).reshape(-1), rcond=None)
    return coef


def predict_polynomial(coef, x):
    """``b + w_1 x + ... + w_d x^d`` for the coefficients of :func:`fit_polynomial`."""
    coef = np.asarray(coef, dtype=np.float64)
    return coef[0] + polynomial_features(x, len(coef) - 1) @ coef[1:]


def train_val_mse(x_train, y_train, x_val, y_val, degree):
    """Fit a polynomial of ``degree`` on the training part; ``(train_mse, val_mse)``."""
    coef = fit_polynomial(x_train, y_train, degree)
    mse = [float(np.mean((predict_polynomial(coef, x) - np.asarray(y, dtype=np.float64)) ** 2))
           for x, y in ((x_train, y_train), (x_val, y_val))]
    return mse[0], mse[1]


def early_stopping(val_losses, patience, min_delta=0.0):
    """Where training with early stopping ends, as Keras'
    ``EarlyStopping(monitor="val_loss", patience, min_delta, restore_best_weights=True)``.

    val_losses: validation loss after epochs 1, 2, ... An epoch improves when its loss is
    below ``best - min_delta`` (the first epoch always does; NaN never does). Training stops
    after the epoch that makes ``patience`` epochs in a row without improvement.
    Returns ``(best_epoch, stop_epoch)``, both counted from 1: the last improving epoch (its
    weights are the ones kept) and the epoch training stops after (``len(val_losses)`` when
    it never stops early).
    """
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(np.asarray(val_losses, dtype=np.float64), start=1):
        if epoch == 1 or loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


def _check_kind(kind):
    if kind not in ("l1", "l2", "elastic"):
        raise ValueError(f"kind must be 'l1', 'l2' or 'elastic', not {kind!r}")


def penalty(w, lam, n, kind="l2", l1_ratio=0.5):
    """The penalty term of slides 4-6-7 and 4-6-8 for the weights ``w`` (any shape).

    kind "l1": ``lam / n * sum |w|``; "l2": ``lam / (2 n) * sum w^2``; "elastic":
    ``l1_ratio * (L1 term) + (1 - l1_ratio) * (L2 term)``. Returns a float.
    """
    _check_kind(kind)
    w = np.asarray(w, dtype=np.float64)
    l1 = lam / n * np.sum(np.abs(w))
    l2 = lam / (2.0 * n) * np.sum(w * w)
    return float({"l1": l1, "l2": l2, "elastic": l1_ratio * l1 + (1.0 - l1_ratio) * l2}[kind])


def penalty_grad(w, lam, n, kind="l2", l1_ratio=0.5):
    """Gradient of :func:`penalty` with respect to ``w``, shape of ``w``.

    "l1": ``lam / n * sign(w)`` (0 where w = 0, as torch's autograd of ``abs``);
    "l2": ``lam / n * w``; "elastic": the same mix of the two.
    """
    _check_kind(kind)
    w = np.asarray(w, dtype=np.float64)
    g1 = lam / n * np.sign(w)
    g2 = lam / n * w
    return {"l1": g1, "l2": g2, "elastic": l1_ratio * g1 + (1.0 - l1_ratio) * g2}[kind]


def slide_to_library(lam, n):
    """The slides' ``lam`` as the libraries' parameters for the same penalty (module doc)."""
    return {"sklearn_lasso_alpha": lam / (2.0 * n), "sklearn_ridge_alpha": lam / 2.0,
            "torch_weight_decay": lam / n}


def dropout_forward(x, p, train=True, rng=None):
    """Inverted dropout, as ``nn.Dropout(p)``.

    x: float array of any shape; p: probability of dropping a unit, 0 <= p < 1.
    train=True: ``keep = rng.random(x.shape) >= p`` (one call; ``rng`` a numpy Generator,
    a fresh unseeded one when None), ``mask = keep / (1 - p)``, ``out = x * mask``.
    train=False: ``out`` equals x and ``mask`` is all ones (nothing dropped, nothing scaled).
    Returns ``(out, mask)``, float arrays of x's shape; x is not modified.
    """
    x = np.asarray(x, dtype=np.float64)
    if not train:
        return x.copy(), np.ones_like(x)
    rng = np.random.default_rng() if rng is None else rng
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, mask


def dropout_backward(dout, mask):
    """Gradient through dropout: ``dout * mask`` (the units dropped get no gradient)."""
    return np.asarray(dout, dtype=np.float64) * np.asarray(mask, dtype=np.float64)


def nearest_neighbours(X, k):
    """Indices (m, k) of each row's k nearest other rows (Euclidean; ties: smaller index)."""
    X = np.asarray(X, dtype=np.float64)
    d2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    np.fill_diagonal(d2, np.inf)
    return np.argsort(d2, axis=1, kind="stable")[:, :k]


def smote(X_minority, n_new, k=5, rng=None):
    """SMOTE (Chawla et al., 2002): ``n_new`` synthetic samples of the minority class.

    Each new sample: pick a minority sample ``x_i`` at random, pick one of its ``k`` nearest
    minority neighbours ``x_j`` at random, and take ``x_i + gap * (x_j - x_i)`` with
    ``gap`` uniform in [0, 1). X_minority: (m, d) with m > k; rng: a numpy Generator.
    Returns an (n_new, d) float array; X_minority is not modified.
    """
    X = np.asarray(X_minority, dtype=np.float64)
    rng = np.random.default_rng() if rng is None else rng
    neighbours = nearest_neighbours(X, k)
    i = rng.integers(len(X), size=n_new)
    j = neighbours[i, rng.integers(k, size=n_new)]
    gap = rng.random(n_new)[:, None]
    return X[i] + gap * (X[j] - X[i])


def smote_positions(X_minority, X_new, k, *, tol=1e-9):
    """Where each row of ``X_new`` lies among the SMOTE segments of ``X_minority``.

    A SMOTE segment runs from a minority sample ``x_i`` to one of its ``k`` nearest minority
    neighbours ``x_j`` (see :func:`nearest_neighbours`). Returns three arrays of length
    len(X_new): ``base`` (i), ``rank`` (0 for the nearest neighbour, ..., k - 1) and ``t``
    with ``point = x_i + t (x_j - x_i)``, 0 <= t <= 1. A point on no segment, or equal to a
    minority sample, gets base = rank = -1 and t = NaN.
    """
    X = np.asarray(X_minority, dtype=np.float64)
    new = np.asarray(X_new, dtype=np.float64).reshape(len(X_new), X.shape[1])
    scale = max(1.0, float(np.abs(X).max()))
    starts = np.repeat(X, k, axis=0)                      # (m k, d): x_i, k times each
    ends = X[nearest_neighbours(X, k).reshape(-1)]        # (m k, d): its neighbours in order
    seg = ends - starts
    length2 = np.sum(seg * seg, axis=1)
    base = np.full(len(new), -1)
    rank = np.full(len(new), -1)
    t_out = np.full(len(new), np.nan)
    for row, point in enumerate(new):
        if np.any(np.all(np.abs(X - point) <= tol * scale, axis=1)):
            continue  # a copy of a minority sample is not a new sample
        t = np.sum((point - starts) * seg, axis=1) / np.where(length2 > 0, length2, 1.0)
        closest = starts + np.clip(t, 0.0, 1.0)[:, None] * seg
        dist = np.sqrt(np.sum((closest - point) ** 2, axis=1))
        on = np.flatnonzero((dist <= tol * scale) & (t >= -tol) & (t <= 1.0 + tol))
        if len(on):
            base[row], rank[row], t_out[row] = on[0] // k, on[0] % k, t[on[0]]
    return base, rank, t_out


def on_smote_segments(X_minority, X_new, k, *, tol=1e-9):
    """True for each row of ``X_new`` that :func:`smote_positions` places on a segment."""
    return smote_positions(X_minority, X_new, k, tol=tol)[0] >= 0


def balance_with_smote(X, y, k=5, rng=None):
    """The training set ``(X, y)`` with synthetic samples of the rarer class (label 1 or 0)
    appended until both classes have the same count, made by :func:`smote` from that class
    alone. Returns ``(X_balanced, y_balanced)``: the original rows first, in order, then the
    new rows, labelled with the rarer class. X: (n, d); y: (n,) labels 0 and 1."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    counts = {label: int(np.sum(y == label)) for label in (0, 1)}
    rare = min(counts, key=lambda label: (counts[label], label))
    n_new = abs(counts[1] - counts[0])
    new = smote(X[y == rare], n_new, k=k, rng=rng)
    return np.vstack([X, new]), np.concatenate([y, np.full(n_new, rare, dtype=y.dtype)])


def bias_variance(true_f, degrees, *, n_train=15, noise=0.5, n_sets=200, x_range=(-1.0, 1.0),
                  grid_range=None, n_grid=101, seed=0):
    """Bias and variance of least-squares polynomials, measured by refitting on many training
    sets (the picture behind the bias-variance trade-off).

    For each degree: ``n_sets`` training sets of ``n_train`` points (x uniform in
    ``x_range``, y = true_f(x) + N(0, noise^2)) are fitted; on a grid of ``n_grid`` points
    spanning ``grid_range`` (default ``x_range``),
    bias^2 is the mean squared gap between the average fit and ``true_f``, variance the mean
    spread of the fits around their average. Returns a dict of arrays (len(degrees),):
    ``bias2``, ``variance`` and ``expected_mse`` = bias2 + variance + noise^2 (the expected
    squared error on a new point).
    """
    rng = np.random.default_rng(seed)
    grid = np.linspace(*(grid_range or x_range), n_grid)
    sets = [rng.uniform(*x_range, n_train) for _ in range(n_sets)]
    sets = [(x, true_f(x) + noise * rng.normal(size=n_train)) for x in sets]
    out = {"bias2": [], "variance": []}
    for degree in degrees:
        fits = np.array([predict_polynomial(fit_polynomial(x, y, degree), grid) for x, y in sets])
        mean_fit = fits.mean(axis=0)
        out["bias2"].append(float(np.mean((mean_fit - true_f(grid)) ** 2)))
        out["variance"].append(float(np.mean(fits.var(axis=0))))
    out = {key: np.array(values) for key, values in out.items()}
    out["expected_mse"] = out["bias2"] + out["variance"] + noise ** 2
    return out


def shift_images(images, dx, dy):
    """Shift images (..., H, W) by ``dx`` columns right and ``dy`` rows down, filling with 0
    (data augmentation for digits; scipy.ndimage.shift with order=0 and cval=0)."""
    images = np.asarray(images, dtype=np.float64)
    out = np.zeros_like(images)
    h, w = images.shape[-2:]
    dx, dy = int(dx), int(dy)
    if abs(dx) >= w or abs(dy) >= h:
        return out
    src_r = slice(max(0, -dy), h - max(0, dy))
    dst_r = slice(max(0, dy), h - max(0, -dy))
    src_c = slice(max(0, -dx), w - max(0, dx))
    dst_c = slice(max(0, dx), w - max(0, -dx))
    out[..., dst_r, dst_c] = images[..., src_r, src_c]
    return out
