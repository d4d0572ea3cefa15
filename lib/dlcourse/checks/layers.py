"""Chapter 05 (backpropagation)."""
import numpy as np

from .. import layers as ref
from ..data import logic_gate

__all__ = ["train_xor_reference"]


def train_xor_reference(hidden_dim, lr, num_epochs, seed):
    """Full-batch gradient descent of a 2-hidden_dim-1 sigmoid network on XOR with the half
    squared error (the library's two_layer_loss); weights from N(0, 1) drawn by
    ``np.random.default_rng(seed)`` in the order W1, W2, biases 0. Returns (params, the loss
    before each of the num_epochs updates)."""
    X, y = logic_gate("XOR")
    Y = y.reshape(-1, 1).astype(float)
    r = np.random.default_rng(seed)
    p = {"W1": r.normal(0.0, 1.0, size=(2, hidden_dim)), "b1": np.zeros(hidden_dim)}
    p["W2"] = r.normal(0.0, 1.0, size=(hidden_dim, 1))
    p["b2"] = np.zeros(1)
    out = []
    for _ in range(num_epochs):
        value, g = ref.two_layer_loss(p, X, Y, activation="sigmoid",
                                      output_activation="sigmoid", loss="squared_error")
        out.append(value)
        p = {k: v - lr * g[k] for k, v in p.items()}
    return p, out
