"""Reference activation functions and their derivatives (numpy, float64).

Chapter 02 has students write these; later chapters import them from here. Each is checked
against torch in tests/test_activations.py. Conventions follow the lecture slides: the step
function is 1 at x = 0 (slide 4-1-6), ReLU's derivative at 0 is taken as 0 (as torch does).
"""
import numpy as np

__all__ = [
    "step", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
    "leaky_relu", "leaky_relu_grad", "softmax", "softmax_jacobian",
]


def step(x):
    """Step function: 1 where x >= 0, else 0. Returns int64 with the shape of ``x``."""
    return (np.asarray(x, dtype=np.float64) >= 0).astype(np.int64)


def sigmoid(x):
    """Numerically stable logistic sigmoid 1 / (1 + e^-x), any shape, no overflow."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(x):
    """Derivative of the sigmoid: s(x)(1 - s(x)), at most 0.25 (at x = 0)."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    """Hyperbolic tangent computed stably as 2 sigmoid(2x) - 1."""
    return 2.0 * sigmoid(2.0 * np.asarray(x, dtype=np.float64)) - 1.0


def tanh_grad(x):
    """Derivative of tanh: 1 - tanh(x)^2, at most 1 (at x = 0)."""
    t = np.tanh(np.asarray(x, dtype=np.float64))
    return 1.0 - t * t


def relu(x):
    """ReLU: max(0, x)."""
    return np.maximum(0.0, np.asarray(x, dtype=np.float64))


def relu_grad(x):
    """Derivative of ReLU: 1 where x > 0, else 0 (0 at x = 0, as torch)."""
    return (np.asarray(x, dtype=np.float64) > 0).astype(np.float64)


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: x where x > 0, alpha * x elsewhere (textbook 10.1.3 uses alpha = 0.01)."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * x)


def leaky_relu_grad(x, alpha=0.01):
    """Derivative of leaky ReLU: 1 where x > 0, alpha elsewhere."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, alpha)


def softmax(x, axis=-1):
    """Softmax along ``axis``, stable for large inputs (the maximum is subtracted first)."""
    x = np.asarray(x, dtype=np.float64)
    z = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(x):
    """Jacobian of softmax for one vector ``x`` of shape (n,): diag(s) - s s^T, shape (n, n)."""
    s = softmax(np.asarray(x, dtype=np.float64).reshape(-1))
    return np.diag(s) - np.outer(s, s)
