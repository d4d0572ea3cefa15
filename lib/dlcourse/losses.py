"""Reference loss functions and their gradients (numpy, float64).

Chapter 03 has students write these; later chapters import them from here. Each one is
checked against the matching ``torch.nn`` loss in tests/test_losses.py.

Conventions (as ``torch.nn.functional``): the prediction comes first, the target second, and
every loss is a **mean**:

- ``mae`` / ``mse`` / the binary cross-entropies average over *all* elements
  (``torch.nn.L1Loss``, ``MSELoss``, ``BCELoss``, ``BCEWithLogitsLoss`` with
  ``reduction="mean"``);
- the categorical cross-entropies *sum over the classes* (last axis) and average over the
  samples (``NLLLoss``, ``CrossEntropyLoss``).

Each ``*_grad`` function returns the gradient of that mean loss with respect to its first
argument, with the first argument's shape. ``mse_loss``, ``bce_with_logits_loss`` and
``softmax_loss`` return ``(loss, grad)`` in one call, in the style of CS231n's
``softmax_loss(x, y) -> (loss, dx)``.

Probabilities are clipped to ``[eps, 1 - eps]`` before any logarithm, with ``EPS = 1e-12`` by
default, so ``p = 0`` or ``p = 1`` gives a finite loss (at most ``-log(1e-12) = 27.63`` per
element) instead of ``inf`` or ``NaN``. ``torch.nn.BCELoss`` instead clamps each log at -100;
the two agree whenever ``eps <= p <= 1 - eps``. The logit versions need no clipping: they use
``log(1 + e^z) = max(z, 0) + log(1 + e^-|z|)`` and log-softmax with the maximum subtracted.
"""
import numpy as np

__all__ = [
    "EPS", "mae", "mae_grad", "mse", "mse_grad", "mse_loss", "mse_linear_grad",
    "binary_cross_entropy", "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits_grad",
    "bce_with_logits_loss", "one_hot", "log_softmax",
    "categorical_cross_entropy", "categorical_cross_entropy_grad",
    "categorical_cross_entropy_with_logits", "categorical_cross_entropy_with_logits_grad",
    "softmax_loss",
]

EPS = 1e-12  # probabilities are clipped to [EPS, 1 - EPS] before the logarithm


def _pair(y_pred, y_true):
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"prediction shape {y_pred.shape} != target shape {y_true.shape}")
    return y_pred, y_true


# --- regression -------------------------------------------------------------------------

def mae(y_pred, y_true):
    """Mean absolute error ``mean(|y_pred - y_true|)`` over all elements (``nn.L1Loss``).

    y_pred, y_true: arrays of the same shape. Returns a float.
    """
    y_pred, y_true = _pair(y_pred, y_true)
    return float(np.mean(np.abs(y_pred - y_true)))


def mae_grad(y_pred, y_true):
    """Gradient of :func:`mae` with respect to ``y_pred``: ``sign(y_pred - y_true) / N``.

    |e| has no derivative at e = 0; like torch, the value 0 (a subgradient) is used there.
    Returns an array with the shape of ``y_pred``; N is the number of elements.
    """
    y_pred, y_true = _pair(y_pred, y_true)
    return np.sign(y_pred - y_true) / y_pred.size


def mse(y_pred, y_true):
    """Mean squared error ``mean((y_pred - y_true)^2)`` over all elements (``nn.MSELoss``).

    y_pred, y_true: arrays of the same shape. Returns a float.
    """
    y_pred, y_true = _pair(y_pred, y_true)
    return float(np.mean((y_pred - y_true) ** 2))


def mse_grad(y_pred, y_true):
    """Gradient of :func:`mse` with respect to ``y_pred``: ``2 (y_pred - y_true) / N``."""
    y_pred, y_true = _pair(y_pred, y_true)
    return 2.0 * (y_pred - y_true) / y_pred.size


def mse_loss(y_pred, y_true):
    """``(mse(y_pred, y_true), mse_grad(y_pred, y_true))`` in one call."""
    return mse(y_pred, y_true), mse_grad(y_pred, y_true)


def mse_linear_grad(x, y, w, b):
    """Gradient of ``mse(x @ w + b, y)`` (or ``w * x + b``) with respect to ``w`` and ``b``.

    Slide 4-3-3: dCost/dw = (2/n) sum_i x_i (y_hat_i - y_i), dCost/db = (2/n) sum_i
    (y_hat_i - y_i).
    x: shape (n,) with a number ``w`` (y_hat = w x + b), or shape (n, d) with ``w`` of
    shape (d,) (y_hat = x @ w + b). y: shape (n,). b: a number.
    Returns (dw, db): dw a float for 1-D x, else shape (d,); db a float.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    n = y.shape[0]
    if x.ndim == 1:
        residual = w * x + b - y
        return float(2.0 / n * np.sum(x * residual)), float(2.0 / n * np.sum(residual))
    residual = x @ w + b - y
    return 2.0 / n * (x.T @ residual), float(2.0 / n * np.sum(residual))


# --- binary classification --------------------------------------------------------------

def binary_cross_entropy(p, y, eps=EPS):
    """Binary cross-entropy on probabilities (``nn.BCELoss``), mean over all elements.

    -mean(y log p + (1 - y) log(1 - p)) with p clipped to [eps, 1 - eps] first, so p = 0 or 1
    gives a finite loss. p: probabilities, any shape; y: 0/1 labels (or soft targets in
    [0, 1]) of the same shape. Natural logarithm. Returns a float.
    """
    p, y = _pair(p, y)
    p = np.clip(p, eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def binary_cross_entropy_grad(p, y, eps=EPS):
    """Gradient of :func:`binary_cross_entropy` with respect to ``p``.

    ((p - y) / (p (1 - p))) / N, evaluated at the clipped p (so it stays finite at 0 and 1).
    Returns an array with the shape of ``p``.
    """
    p, y = _pair(p, y)
    p = np.clip(p, eps, 1.0 - eps)
    return (p - y) / (p * (1.0 - p)) / p.size


def _softplus(z):
    """log(1 + e^z) computed as max(z, 0) + log1p(e^-|z|): no overflow for any z."""
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def binary_cross_entropy_with_logits(z, y):
    """Binary cross-entropy on logits (``nn.BCEWithLogitsLoss``), mean over all elements.

    Equal to binary_cross_entropy(sigmoid(z), y) without clipping:
    mean(log(1 + e^z) - y z), computed stably for any z (even +-1000).
    z: logits, any shape; y: 0/1 labels of the same shape. Returns a float.
    """
    z, y = _pair(z, y)
    # log(1 + e^z) - y z rearranged so that nothing cancels when y = 1 and z >> 0
    return float(np.mean(y * _softplus(-z) + (1.0 - y) * _softplus(z)))


def binary_cross_entropy_with_logits_grad(z, y):
    """Gradient of :func:`binary_cross_entropy_with_logits`: ``(sigmoid(z) - y) / N``."""
    z, y = _pair(z, y)
    return (_sigmoid(z) - y) / z.size


def bce_with_logits_loss(z, y):
    """``(loss, dz)`` of :func:`binary_cross_entropy_with_logits` in one call."""
    return binary_cross_entropy_with_logits(z, y), binary_cross_entropy_with_logits_grad(z, y)


# --- multi-class classification ---------------------------------------------------------

def one_hot(labels, num_classes):
    """Integer labels of shape (n,) -> one-hot float array of shape (n, num_classes)."""
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes - 1}]")
    return np.eye(num_classes)[labels]


def _targets(y, shape):
    """Integer labels (n,) or one-hot / probability targets (n, K) -> float array (n, K)."""
    y = np.asarray(y)
    if y.shape == tuple(shape):
        return y.astype(np.float64)
    if y.shape == tuple(shape[:-1]):
        return one_hot(y, shape[-1])
    raise ValueError(f"targets of shape {y.shape} fit neither labels {tuple(shape[:-1])} "
                     f"nor one-hot {tuple(shape)}")


def _scores(a):
    a = np.asarray(a, dtype=np.float64)
    if a.ndim != 2:
        raise ValueError(f"expected shape (n_samples, n_classes), got {a.shape}")
    return a


def log_softmax(z, axis=-1):
    """log(softmax(z)) along ``axis`` as z - max - log(sum(exp(z - max))): never -inf."""
    z = np.asarray(z, dtype=np.float64)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def categorical_cross_entropy(p, y, eps=EPS):
    """Categorical cross-entropy on probabilities (``nn.NLLLoss`` of ``log p``).

    -(1/n) sum_i sum_k y_ik log p_ik with p clipped to [eps, 1]: a sum over the classes and a
    mean over the samples. p: shape (n, K), rows are probabilities. y: integer labels of
    shape (n,) or one-hot (or probability) targets of shape (n, K). Returns a float.
    """
    p = _scores(p)
    t = _targets(y, p.shape)
    return float(-np.sum(t * np.log(np.clip(p, eps, 1.0))) / p.shape[0])


def categorical_cross_entropy_grad(p, y, eps=EPS):
    """Gradient of :func:`categorical_cross_entropy` with respect to ``p``: -y / (n p).

    Evaluated at the clipped p. Returns an array of shape (n, K).
    """
    p = _scores(p)
    t = _targets(y, p.shape)
    return -t / np.clip(p, eps, 1.0) / p.shape[0]


def categorical_cross_entropy_with_logits(z, y):
    """Softmax cross-entropy on logits (``nn.CrossEntropyLoss``), mean over the samples.

    -(1/n) sum_i sum_k y_ik log softmax(z_i)_k with a stable log-softmax; no clipping.
    z: logits of shape (n, K). y: integer labels (n,) or one-hot / probability targets
    (n, K). Returns a float.
    """
    z = _scores(z)
    t = _targets(y, z.shape)
    return float(-np.sum(t * log_softmax(z, axis=1)) / z.shape[0])


def categorical_cross_entropy_with_logits_grad(z, y):
    """Gradient of :func:`categorical_cross_entropy_with_logits`: (softmax(z) - y) / n.

    (For targets whose rows do not sum to 1 the softmax term is scaled by the row sum.)
    Returns an array of shape (n, K).
    """
    z = _scores(z)
    t = _targets(y, z.shape)
    s = np.exp(log_softmax(z, axis=1))
    return (s * np.sum(t, axis=1, keepdims=True) - t) / z.shape[0]


def softmax_loss(z, y):
    """CS231n-style ``(loss, dz)`` of :func:`categorical_cross_entropy_with_logits`."""
    return (categorical_cross_entropy_with_logits(z, y),
            categorical_cross_entropy_with_logits_grad(z, y))
