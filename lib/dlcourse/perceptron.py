"""Reference perceptrons of chapter 01 (numpy): one unit, the logic gates, XOR, the learning rule.

The demo cells of chapter 01 fall back on these while the exercises are unanswered; the
contracts are the exercises' own (labels are int 0/1; the step is 1 at z = 0, slide 4-1-6).
"""
import numpy as np

from .activations import step

__all__ = ["perceptron", "GATE_PARAMS", "gate_params", "xor", "train_perceptron",
           "reproduces_gates"]

# one choice among many: each boundary lies halfway between the gate's 0s and 1s
GATE_PARAMS = {
    "AND": (np.array([1.0, 1.0]), -1.5),
    "OR": (np.array([1.0, 1.0]), -0.5),
    "NAND": (np.array([-1.0, -1.0]), 1.5),
}


def perceptron(x, w, b):
    """step(x @ w + b): int 0/1, shape () for x of shape (d,), (n,) for x of shape (n, d)."""
    return step(np.asarray(x, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b)


def gate_params():
    """A fresh copy of GATE_PARAMS: {"AND": (w, b), "OR": (w, b), "NAND": (w, b)}."""
    return {gate: (w.copy(), b) for gate, (w, b) in GATE_PARAMS.items()}


def reproduces_gates(make_params):
    """True if make_params() gives (w, b) for AND, OR and NAND that reproduce their tables."""
    from .data import logic_gate

    params = make_params()
    for gate in ("AND", "OR", "NAND"):
        X, y = logic_gate(gate)
        w, b = params[gate]
        if not np.array_equal(perceptron(X, np.asarray(w, dtype=np.float64), float(b)), y):
            return False
    return True


def xor(x, params):
    """XOR of two inputs by two layers of perceptrons, with params as from gate_params()."""
    hidden = np.stack([perceptron(x, *params["NAND"]), perceptron(x, *params["OR"])], axis=-1)
    return perceptron(hidden, *params["AND"])


def train_perceptron(X, y, lr=0.1, num_epochs=20):
    """Rosenblatt's online rule from w = 0, b = 0, samples in order; (w, b, errors per epoch)."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(num_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            update = lr * (int(y_i) - int(perceptron(x_i, w, b)))
            if update != 0:
                w = w + update * x_i
                b = b + update
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors
