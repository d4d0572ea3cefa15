"""Weight initialization as slides 4-7-5 to 4-7-11 write it (chapter 08), in numpy, float64.

Every initializer takes the layer's ``(n_in, n_out)`` and a numpy ``Generator`` and returns a
weight matrix of shape ``(n_in, n_out)`` (the row-vector convention ``y = x @ W`` of the
course; ``torch.nn.Linear`` stores the transpose, ``(n_out, n_in)``). The scales are exactly
torch's ``nn.init`` with the default ``gain=1`` (Xavier) and ``a=0, nonlinearity="relu"``
(He, torch's "kaiming"), which tests/test_init.py checks:

=================  =========================================  ==============================
name               distribution                               torch
=================  =========================================  ==============================
``zeros``          all 0                                      ``nn.init.zeros_``
``normal_1``       N(0, std 1)                                ``nn.init.normal_(std=1)``
``normal_001``     N(0, std 0.01)                             ``nn.init.normal_(std=0.01)``
``xavier_uniform`` U(-a, a), a = sqrt(6 / (n_in + n_out))     ``nn.init.xavier_uniform_``
``xavier_normal``  N(0, std sqrt(2 / (n_in + n_out)))         ``nn.init.xavier_normal_``
``he_uniform``     U(-a, a), a = sqrt(6 / n_in)               ``nn.init.kaiming_uniform_``
``he_normal``      N(0, std sqrt(2 / n_in))                   ``nn.init.kaiming_normal_``
=================  =========================================  ==============================

The slides write the second argument of N as a standard deviation (``sqrt(2 / n_in)``), not
as the variance of the statistics convention N(mu, sigma^2).
"""
import numpy as np

__all__ = ["INITIALIZERS", "initialize", "xavier_uniform", "xavier_normal", "he_uniform",
           "he_normal", "layer_activations"]


def xavier_uniform(n_in, n_out, rng):
    a = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-a, a, size=(n_in, n_out))


def xavier_normal(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))


def he_uniform(n_in, n_out, rng):
    a = np.sqrt(6.0 / n_in)
    return rng.uniform(-a, a, size=(n_in, n_out))


def he_normal(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


INITIALIZERS = {
    "zeros": lambda n_in, n_out, rng: np.zeros((n_in, n_out)),
    "normal_1": lambda n_in, n_out, rng: rng.normal(0.0, 1.0, size=(n_in, n_out)),
    "normal_001": lambda n_in, n_out, rng: rng.normal(0.0, 0.01, size=(n_in, n_out)),
    "xavier_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
}


def initialize(name, n_in, n_out, rng):
    """Weights (n_in, n_out) drawn by the initializer called ``name`` (see the table)."""
    if name not in INITIALIZERS:
        raise ValueError(f"unknown initializer {name!r}; choose one of {list(INITIALIZERS)}")
    return INITIALIZERS[name](int(n_in), int(n_out), rng)


def layer_activations(X, weights, activation):
    """Outputs of ``h = activation(h @ W)`` for each weight matrix in turn, from ``h = X``
    (no biases): a list with one float array per layer. activation: "sigmoid", "tanh" or
    "relu". Used to draw each layer's distribution for an initialization."""
    functions = {"sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)), "tanh": np.tanh,
                 "relu": lambda z: np.maximum(z, 0.0)}
    if activation not in functions:
        raise ValueError(f"activation must be one of {list(functions)}, not {activation!r}")
    h, outputs = np.asarray(X, dtype=np.float64), []
    for W in weights:
        h = functions[activation](h @ np.asarray(W, dtype=np.float64))
        outputs.append(h)
    return outputs
