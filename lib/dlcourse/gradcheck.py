"""Relative error and numerical gradients, defined once for the whole course.

``rel_error`` and the checks *assert* against a stated threshold instead of printing a number
for the reader to judge.
"""
import numpy as np

from .grading import GradingError

__all__ = [
    "rel_error", "assert_rel_error", "numerical_gradient", "numerical_gradient_array",
    "gradient_check",
]


def rel_error(x, y):
    """Largest elementwise relative error ``|x - y| / max(1e-8, |x| + |y|)``."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"shapes differ: {x.shape} vs {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def assert_rel_error(x, y, threshold=1e-7, name="값"):
    """Fail unless ``rel_error(x, y) < threshold``; returns the error."""
    err = rel_error(x, y)
    if not err < threshold:
        raise GradingError(f"{name}: 상대 오차(relative error) {err:.3e}가 기준 {threshold:.0e} "
                           "이상입니다.")
    return err


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of a scalar function ``f`` at ``x`` (any shape).

    ``x`` is changed in place during the computation and restored before returning.
    Returns an array shaped like ``x``.
    """
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        old = x[idx]
        x[idx] = old + h
        f_plus = float(f(x))
        x[idx] = old - h
        f_minus = float(f(x))
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
        it.iternext()
    return grad


def numerical_gradient_array(f, x, dout, h=1e-5):
    """Numerical gradient of ``sum(f(x) * dout)`` for an array-valued ``f``.

    This is the gradient a backward pass receiving upstream gradient ``dout`` must return.
    """
    dout = np.asarray(dout, dtype=np.float64)
    return numerical_gradient(lambda z: np.sum(np.asarray(f(z), dtype=np.float64) * dout), x, h)


def gradient_check(f, x, analytic_grad, threshold=1e-6, h=1e-5, name="기울기(gradient)"):
    """Assert that ``analytic_grad`` matches the numerical gradient of scalar ``f`` at ``x``.

    Returns the relative error, which is below ``threshold`` when the check passes.
    """
    x = np.array(x, dtype=np.float64)
    analytic_grad = np.asarray(analytic_grad, dtype=np.float64)
    numeric = numerical_gradient(f, x, h)
    if analytic_grad.shape != numeric.shape:
        raise GradingError(f"{name}: 모양(shape)이 다릅니다. 기대한 모양 {numeric.shape}, "
                           f"받은 모양 {analytic_grad.shape}.")
    return assert_rel_error(analytic_grad, numeric, threshold, name)
