"""Chapter 01 (perceptron)."""
import numpy as np

from ..activations import step as reference_step
from ..grading import check_shape, check_true, to_numpy

__all__ = ["unpack_gate", "perceptron_reference", "train_perceptron_reference"]


def unpack_gate(params, gate):
    """Check one entry of a ``gate_params()`` dict (chapter 01); return (w float (2,), b)."""
    check_true(isinstance(params, dict), f"gate_params(): 사전(dict)을 돌려줘야 하는데 "
               f"{type(params).__name__}입니다.")
    check_true(gate in params, f"gate_params(): 키(key) {gate!r}가 없습니다.")
    entry = params[gate]
    check_true(isinstance(entry, (tuple, list)) and len(entry) == 2,
               f"gate_params()[{gate!r}]: (w, b) 두 개짜리 튜플(tuple)이어야 합니다.")
    w = to_numpy(entry[0], f"{gate}의 가중치 w")
    check_shape(w, (2,), f"{gate}의 가중치 w")
    b = to_numpy(entry[1], f"{gate}의 편향 b")
    check_shape(b, (), f"{gate}의 편향 b (숫자 하나)")
    return w, float(b)


def perceptron_reference(x, w, b):
    """The perceptron's output ``step(x @ w + b)`` (0/1) with chapter 02's step function: x (n, d)
    or (d,), w (d,), b a number."""
    return reference_step(np.asarray(x, dtype=float) @ np.asarray(w, dtype=float) + b)


def train_perceptron_reference(X, y, lr, num_epochs):
    """Rosenblatt's rule from w = 0, b = 0, one sample at a time, z >= 0 predicting 1; stops
    after the first epoch without a mistake. X (n, d), y (n,) 0/1. Returns (w (d,), b, the
    number of mistakes in each epoch run)."""
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(num_epochs):
        n_wrong = 0
        for x_i, y_i in zip(X, y):
            d = int(y_i) - int(x_i @ w + b >= 0)
            if d:
                w = w + lr * d * x_i
                b = b + lr * d
                n_wrong += 1
        errors.append(n_wrong)
        if n_wrong == 0:
            break
    return w, b, errors
