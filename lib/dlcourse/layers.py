"""Layers with a forward and a backward pass (CS231n style), written once for the course.

Chapter 05 (backpropagation) has students derive and write these; later chapters import them
from here. Conventions:

- A batch is a matrix with one sample per **row**: ``x`` has shape (N, D), a layer computes
  ``x @ w + b`` with ``w`` of shape (D, M) and ``b`` of shape (M,) (row-vector convention).
- ``*_forward(...)`` returns ``(out, cache)``; ``*_backward(dout, cache)`` receives the upstream
  gradient ``dout`` (dLoss/dout, shaped like ``out``) and returns the gradients with respect to
  the forward inputs, each shaped like that input.
- Losses return ``(loss, dscores)``: the loss (a float) and its gradient with respect to the
  scores.

Every function is checked against ``torch.autograd`` and against numerical gradients
(:mod:`dlcourse.gradcheck`) in tests/test_layers.py.
"""
import numpy as np

from .activations import sigmoid as _sigmoid

__all__ = [
    "affine_forward", "affine_backward", "sigmoid_forward", "sigmoid_backward", "relu_forward",
    "relu_backward", "affine_relu_forward", "affine_relu_backward", "squared_error_loss",
    "softmax_loss", "two_layer_loss", "TwoLayerNet", "batchnorm_forward",
]


def affine_forward(x, w, b):
    """Fully connected (affine) layer: ``out = x.reshape(N, D) @ w + b``.

    x: (N, d_1, ..., d_k), each sample flattened to D = d_1 * ... * d_k values (an (N, D)
    matrix is the usual case). w: (D, M). b: (M,).
    Returns ``(out, cache)``: out (N, M), cache ``(x, w, b)`` for :func:`affine_backward`.
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    out = x.reshape(x.shape[0], -1) @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    """Backward pass of :func:`affine_forward`.

    dout: (N, M), the upstream gradient. cache: ``(x, w, b)`` from the forward pass.
    Returns ``(dx, dw, db)``: dx shaped like x (N, d_1, ..., d_k) = dout @ w.T,
    dw (D, M) = x.T @ dout, db (M,) = dout summed over the batch.
    """
    x, w, _ = cache
    dout = np.asarray(dout, dtype=np.float64)
    x2d = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x2d.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


def sigmoid_forward(x):
    """Elementwise sigmoid 1 / (1 + e^-x), stable for large |x|.

    x: any shape. Returns ``(out, cache)``: out shaped like x, cache = out (the backward pass
    needs only the output: sigmoid' = out (1 - out)).
    """
    out = _sigmoid(x)
    return out, out


def sigmoid_backward(dout, cache):
    """Backward pass of :func:`sigmoid_forward`: ``dx = dout * out * (1 - out)``, shaped like x."""
    out = cache
    return np.asarray(dout, dtype=np.float64) * out * (1.0 - out)


def relu_forward(x):
    """Elementwise ReLU max(0, x). x: any shape. Returns ``(out, cache)`` with cache = x."""
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(0.0, x), x


def relu_backward(dout, cache):
    """Backward pass of :func:`relu_forward`: ``dout`` where x > 0, else 0 (also at x = 0)."""
    x = cache
    return np.where(x > 0, np.asarray(dout, dtype=np.float64), 0.0)


def affine_relu_forward(x, w, b):
    """Affine layer followed by ReLU. Shapes as :func:`affine_forward`; out (N, M)."""
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    """Backward pass of :func:`affine_relu_forward`. Returns ``(dx, dw, db)``."""
    fc_cache, relu_cache = cache
    return affine_backward(relu_backward(dout, relu_cache), fc_cache)


def squared_error_loss(pred, y):
    """Half squared error averaged over the batch: ``sum((pred - y)**2) / (2 N)``.

    For one sample (N = 1) this is the error E = 1/2 sum_i (y_i - h_i)^2 of slide 4-5-10.
    Note: ``torch.nn.MSELoss`` has no factor 1/2 and also divides by the number of outputs.
    pred: (N, C) or (N,). y: the same number of values (reshaped to pred's shape).
    Returns ``(loss, dpred)``: a float and dloss/dpred = (pred - y) / N, shaped like pred.
    """
    pred = np.asarray(pred, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(pred.shape)
    n = pred.shape[0]
    diff = pred - y
    return float(np.sum(diff * diff) / (2 * n)), diff / n


def softmax_loss(scores, y):
    """Softmax cross-entropy averaged over the batch (as ``torch.nn.functional.cross_entropy``).

    scores: (N, C) unnormalised scores (logits). y: (N,) integer labels in [0, C).
    Returns ``(loss, dscores)``: a float and dloss/dscores (N, C) = (softmax - one_hot) / N.
    """
    scores = np.asarray(scores, dtype=np.float64)
    y = np.asarray(y).astype(np.int64).reshape(-1)
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[np.arange(n), y].mean()
    dscores = np.exp(log_probs)
    dscores[np.arange(n), y] -= 1.0
    return float(loss), dscores / n


_ACTIVATIONS = {"relu": (relu_forward, relu_backward),
                "sigmoid": (sigmoid_forward, sigmoid_backward)}
_OUTPUTS = ("identity", "sigmoid")
_LOSSES = ("softmax", "squared_error")


def two_layer_loss(params, X, y=None, *, activation="relu", output_activation="identity",
                   loss="softmax", reg=0.0):
    """Loss and gradients of the network affine - activation - affine [- output activation].

    params: {"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}. X: (N, D).
    activation: "relu" or "sigmoid" (hidden layer). output_activation: "identity" or
    "sigmoid" (applied to the scores before a "squared_error" loss; must be "identity" with
    "softmax"). loss: "softmax" (y: (N,) integer labels) or "squared_error" (y: (N, C) targets,
    see :func:`squared_error_loss`). reg: L2 strength, adds 0.5 * reg * (|W1|^2 + |W2|^2).
    Returns the outputs (N, C) when y is None, else ``(loss, grads)`` with grads shaped like
    params.
    """
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, not {activation!r}")
    if output_activation not in _OUTPUTS or loss not in _LOSSES:
        raise ValueError(f"output_activation in {_OUTPUTS}, loss in {_LOSSES}")
    if loss == "softmax" and output_activation != "identity":
        raise ValueError("the softmax loss takes raw scores: use output_activation='identity'")
    act_forward, act_backward = _ACTIVATIONS[activation]
    a1, fc1_cache = affine_forward(X, params["W1"], params["b1"])
    h1, act_cache = act_forward(a1)
    scores, fc2_cache = affine_forward(h1, params["W2"], params["b2"])
    out, out_cache = sigmoid_forward(scores) if output_activation == "sigmoid" else (scores, None)
    if y is None:
        return out
    if loss == "softmax":
        data_loss, dout = softmax_loss(out, y)
    else:
        data_loss, dout = squared_error_loss(out, y)
    dscores = sigmoid_backward(dout, out_cache) if output_activation == "sigmoid" else dout
    grads = {}
    dh1, grads["W2"], grads["b2"] = affine_backward(dscores, fc2_cache)
    da1 = act_backward(dh1, act_cache)
    _, grads["W1"], grads["b1"] = affine_backward(da1, fc1_cache)
    W1, W2 = fc1_cache[1], fc2_cache[1]
    total = data_loss + 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    grads["W1"] = grads["W1"] + reg * W1
    grads["W2"] = grads["W2"] + reg * W2
    return float(total), grads


class TwoLayerNet:
    """A two-layer fully connected network: affine - activation - affine [- sigmoid].

    Parameters live in ``self.params`` ({"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}).
    Weights start as ``weight_scale * N(0, 1)`` drawn from ``np.random.default_rng(seed)``,
    W1 first and then W2; biases start at zero. ``loss(X, y)`` returns ``(loss, grads)``
    (see :func:`two_layer_loss` for the options); ``loss(X)`` returns the outputs.
    """

    def __init__(self, input_dim, hidden_dim, output_dim, *, activation="relu",
                 output_activation="identity", loss="softmax", weight_scale=0.01, reg=0.0,
                 seed=0):
        rng = np.random.default_rng(seed)
        self.params = {
            "W1": rng.normal(0.0, weight_scale, size=(input_dim, hidden_dim)),
            "b1": np.zeros(hidden_dim),
            "W2": rng.normal(0.0, weight_scale, size=(hidden_dim, output_dim)),
            "b2": np.zeros(output_dim),
        }
        self.options = dict(activation=activation, output_activation=output_activation,
                            loss=loss, reg=reg)
        two_layer_loss(self.params, np.zeros((1, input_dim)), **self.options)  # validates

    def loss(self, X, y=None):
        """``(loss, grads)`` for inputs X (N, D) and targets y; the outputs (N, C) without y."""
        return two_layer_loss(self.params, X, y, **self.options)

    def predict(self, X):
        """Labels (N,): argmax of the outputs, or output > 0.5 for a single sigmoid output."""
        out = self.loss(X)
        if out.shape[1] == 1 and self.options["output_activation"] == "sigmoid":
            return (out[:, 0] > 0.5).astype(np.int64)
        return np.argmax(out, axis=1)

    def step(self, grads, lr):
        """One gradient-descent update ``p -= lr * grads[p]`` of every parameter (in place)."""
        for name, grad in grads.items():
            self.params[name] = self.params[name] - lr * grad


def batchnorm_forward(x, gamma, beta, bn_param):
    """Batch normalization of x (N, D) per feature, as ``nn.BatchNorm1d`` computes it.

    gamma, beta: (D,). bn_param: dict with ``mode`` ("train" or "test"), optional ``eps``
    (1e-5), ``momentum`` (0.1, torch's convention: the weight of the new batch) and the state
    ``running_mean`` (zeros at first) and ``running_var`` (ones at first), updated in place
    in training mode.
    train: mean and *biased* variance of the batch (slide 4-7-13 and textbook 10.3.2:
    x_hat = (x - mu_B) / sqrt(var_B + eps)), out = gamma * x_hat + beta; the running
    estimates move towards the batch mean and the *unbiased* batch variance (torch's rule).
    test: the same with the running estimates instead of the batch's.
    Returns (out, cache) with cache = (x_hat, gamma, mu, var, eps).
    """
    x = np.asarray(x, dtype=np.float64)
    n, d = x.shape
    eps = bn_param.setdefault("eps", 1e-5)
    momentum = bn_param.setdefault("momentum", 0.1)
    running_mean = bn_param.setdefault("running_mean", np.zeros(d))
    running_var = bn_param.setdefault("running_var", np.ones(d))
    if bn_param.get("mode", "train") == "train":
        mu, var = x.mean(axis=0), x.var(axis=0)
        unbiased = var * n / (n - 1) if n > 1 else var
        bn_param["running_mean"] = (1.0 - momentum) * running_mean + momentum * mu
        bn_param["running_var"] = (1.0 - momentum) * running_var + momentum * unbiased
    else:
        mu, var = np.asarray(running_mean, dtype=np.float64), np.asarray(running_var,
                                                                          dtype=np.float64)
    x_hat = (x - mu) / np.sqrt(var + eps)
    return gamma * x_hat + beta, (x_hat, gamma, mu, var, eps)
