"""The worked example of slides 4-5 (chapter 05): the network and its reference computations.

Column vectors, as on the slides: ``o1 = W1 x``, ``h1 = sigmoid(o1)``, ``o2 = W2 h1``,
``h2 = sigmoid(o2)``, ``E = 1/2 sum (y - h2)^2``. The references are computed by
``torch.autograd``, independently of the chapter's hand-derived formulas.
"""
import numpy as np

from . import layers

__all__ = ["X_SLIDE", "W1_SLIDE", "W2_SLIDE", "Y_SLIDE", "LR_SLIDE", "tensor64",
           "autograd_slide_network", "reference_forward_pass", "reference_output_layer_grads",
           "reference_hidden_layer_grads", "network_output", "reference_two_layer_loss",
           "reference_train_step", "reference_train_xor"]

X_SLIDE = np.array([0.1, 0.2])       # input (x1, x2)
W1_SLIDE = np.array([[0.6, 0.4],     # [[w11, w12],   o11 = w11 x1 + w12 x2
                     [0.1, 0.3]])    #  [w13, w14]]   o12 = w13 x1 + w14 x2
W2_SLIDE = np.array([[0.3, 0.8],     # [[w21, w22],   o21 = w21 h11 + w22 h12
                     [0.5, 0.3]])    #  [w23, w24]]   o22 = w23 h11 + w24 h12
Y_SLIDE = np.array([0.8, 0.6])       # targets (y1, y2)
LR_SLIDE = 0.5                       # learning rate alpha (slide 4-5-18)


def tensor64(a, grad=False):
    """A float64 tensor of ``a`` (optionally requiring gradients)."""
    import torch

    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def _numpy(t):
    return t.detach().numpy().copy()


def _sigmoid_slope(o):
    """d sigmoid(o) / d o, elementwise, by autograd."""
    import torch

    o = o.detach().clone().requires_grad_(True)
    torch.sigmoid(o).sum().backward()
    return _numpy(o.grad)


def autograd_slide_network(x, W1, W2, y):
    """Every value and gradient of the slide network (o1 = W1 x, ...), by torch.autograd."""
    import torch

    x, W1, W2, y = tensor64(x), tensor64(W1, True), tensor64(W2, True), tensor64(y)
    o1 = W1 @ x
    h1 = torch.sigmoid(o1)
    o2 = W2 @ h1
    h2 = torch.sigmoid(o2)
    E = 0.5 * torch.sum((y - h2) ** 2)
    for t in (o1, h1, o2, h2):
        t.retain_grad()
    E.backward()
    return {"o1": _numpy(o1), "h1": _numpy(h1), "o2": _numpy(o2), "h2": _numpy(h2),
            "E": E.item(), "dE_dh2": _numpy(h2.grad), "dh2_do2": _sigmoid_slope(o2),
            "delta2": _numpy(o2.grad), "dE_dW2": _numpy(W2.grad), "dE_dh1": _numpy(h1.grad),
            "dh1_do1": _sigmoid_slope(o1), "delta1": _numpy(o1.grad), "dE_dW1": _numpy(W1.grad)}


RANDOM_SHAPES = ((2, 3, 2), (3, 4, 3), (2, 2, 4), (4, 5, 1), (3, 3, 3))


def random_slide_networks(seed, shapes=RANDOM_SHAPES):
    """Networks shaped like the slides' one, with random sizes and weights (for the tests).

    Yields ``(description, x, W1, W2, y, reference)`` per (n_in, n_hidden, n_out) in
    ``shapes``: x (n_in,), W1 (n_hidden, n_in), W2 (n_out, n_hidden), y (n_out,), and the
    reference dictionary of :func:`autograd_slide_network`.
    """
    rng = np.random.default_rng(seed)
    for n_in, n_hidden, n_out in shapes:
        x = rng.normal(0.0, 1.0, size=n_in)
        W1 = rng.normal(0.0, 1.5, size=(n_hidden, n_in))
        W2 = rng.normal(0.0, 2.0, size=(n_out, n_hidden))
        y = rng.random(n_out)
        yield (f"입력 {n_in}, 은닉 {n_hidden}, 출력 {n_out}인 무작위 신경망", x, W1, W2, y,
               autograd_slide_network(x, W1, W2, y))


def reference_forward_pass(x, W1, W2, y):
    ref = autograd_slide_network(x, W1, W2, y)
    return {key: ref[key] for key in ("o1", "h1", "o2", "h2", "E")}


def reference_output_layer_grads(h1, h2, y):
    import torch

    # a layer with weights W = 0 and offset logit(h2) has output h2 and the same gradients
    W2 = tensor64(np.zeros((len(h2), len(h1))), True)
    o2 = W2 @ tensor64(h1) + torch.logit(tensor64(h2))
    out = torch.sigmoid(o2)
    for t in (o2, out):
        t.retain_grad()
    (0.5 * torch.sum((tensor64(y) - out) ** 2)).backward()
    return {"dE_dh2": _numpy(out.grad), "dh2_do2": _sigmoid_slope(o2),
            "delta2": _numpy(o2.grad), "dE_dW2": _numpy(W2.grad)}


def reference_hidden_layer_grads(x, h1, delta2, W2):
    import torch

    W1 = tensor64(np.zeros((len(h1), len(x))), True)
    o1 = W1 @ tensor64(x) + torch.logit(tensor64(h1))
    h1_t = torch.sigmoid(o1)
    for t in (o1, h1_t):
        t.retain_grad()
    (tensor64(W2) @ h1_t).backward(tensor64(delta2))  # upstream gradient dE/do2 = delta2
    return {"dE_dh1": _numpy(h1_t.grad), "dh1_do1": _sigmoid_slope(o1),
            "delta1": _numpy(o1.grad), "dE_dW1": _numpy(W1.grad)}


def network_output(params, X):
    """Outputs P (N, C) of the two-layer sigmoid network of sections 9 and 10."""
    return layers.two_layer_loss(params, X, activation="sigmoid", output_activation="sigmoid",
                                 loss="squared_error")


def reference_two_layer_loss(params, X, Y):
    return layers.two_layer_loss(params, X, Y, activation="sigmoid",
                                 output_activation="sigmoid", loss="squared_error")


def reference_train_step(x, y, W1, W2, lr):
    """One gradient-descent step on the slide network: (W1_new, W2_new), inputs unchanged."""
    ref = autograd_slide_network(x, W1, W2, y)
    return (np.asarray(W1, dtype=np.float64) - lr * ref["dE_dW1"],
            np.asarray(W2, dtype=np.float64) - lr * ref["dE_dW2"])


def reference_train_xor(hidden_dim=4, lr=2.0, num_epochs=2000, seed=0):
    """Chapter 05's XOR training (same contract as the exercise): (params, losses)."""
    from .data import logic_gate

    X, y = logic_gate("XOR")
    Y = y.reshape(-1, 1).astype(np.float64)
    init_rng = np.random.default_rng(seed)
    W1 = init_rng.normal(0.0, 1.0, size=(2, hidden_dim))
    W2 = init_rng.normal(0.0, 1.0, size=(hidden_dim, 1))
    params = {"W1": W1, "b1": np.zeros(hidden_dim), "W2": W2, "b2": np.zeros(1)}
    losses = []
    for _ in range(num_epochs):
        loss, grads = reference_two_layer_loss(params, X, Y)
        losses.append(float(loss))
        params = {key: value - lr * grads[key] for key, value in params.items()}
    return params, losses
