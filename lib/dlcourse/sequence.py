"""Sequence models (chapter 13): reference versions of the chapter's exercises.

Layouts follow PyTorch with ``batch_first=True``: sequences ``(N, T, D)``, hidden states
``(N, H)``, weights as ``nn.RNN`` stores them (``weight_ih`` ``(H, D)``, ``weight_hh`` ``(H, H)``).
tests/test_sequence.py checks these against ``nn.RNNCell``, ``nn.RNN`` and
``F.scaled_dot_product_attention``.
"""
import numpy as np

__all__ = ["rnn_cell", "rnn_forward", "grad_norms_through_time", "make_windows",
           "causal_mask", "attention", "vital_signal"]


def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    """One step of a tanh RNN: ``tanh(x_t W_ih^T + b_ih + h_prev W_hh^T + b_hh)``.

    x_t: (N, D); h_prev: (N, H); w_ih: (H, D); w_hh: (H, H); b_ih, b_hh: (H,). Returns (N, H).
    """
    x_t, h_prev = np.asarray(x_t, dtype=np.float64), np.asarray(h_prev, dtype=np.float64)
    return np.tanh(x_t @ np.asarray(w_ih, dtype=np.float64).T + np.asarray(b_ih)
                   + h_prev @ np.asarray(w_hh, dtype=np.float64).T + np.asarray(b_hh))


def rnn_forward(x, h0, w_ih, w_hh, b_ih, b_hh):
    """A tanh RNN over a whole sequence: ``(outputs (N, T, H), last hidden state (N, H))``.

    x: (N, T, D); h0: (N, H). The same weights are used at every step.
    """
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h0, dtype=np.float64)
    outputs = []
    for t in range(x.shape[1]):
        h = rnn_cell(x[:, t], h, w_ih, w_hh, b_ih, b_hh)
        outputs.append(h)
    return np.stack(outputs, axis=1), h


def grad_norms_through_time(cell, x):
    """Backpropagation through time: ``||d(sum of h_T) / d h_t||`` for t = 1 .. T.

    cell: an ``nn.RNNCell``; x: tensor (N, T, D). The hidden state starts at zeros and goes
    through ``cell`` step by step; the gradient of the last hidden state's sum is taken with
    respect to every hidden state on the way. Returns a float array (T,). Leaves no gradients
    in ``cell``.
    """
    import torch

    x = torch.as_tensor(x, dtype=torch.float32)
    h = torch.zeros(x.shape[0], cell.hidden_size)
    states = []
    for t in range(x.shape[1]):
        h = cell(x[:, t], h)
        h.retain_grad()
        states.append(h)
    h.sum().backward()
    norms = np.array([float(s.grad.norm()) for s in states])
    cell.zero_grad(set_to_none=True)
    return norms


def make_windows(signal, window):
    """Next-value prediction data from a 1-D signal: ``X`` (n, window, 1) holds
    ``signal[i : i + window]`` and ``y`` (n,) holds ``signal[i + window]``, for
    i = 0 .. len(signal) - window - 1 (float32)."""
    s = np.asarray(signal, dtype=np.float32).reshape(-1)
    n = len(s) - int(window)
    X = np.stack([s[i:i + window] for i in range(n)])[:, :, None]
    return X.astype(np.float32), s[window:window + n].astype(np.float32)


def causal_mask(T):
    """(T, T) boolean mask, True where a query may look: at its own position and earlier."""
    return np.tril(np.ones((int(T), int(T)), dtype=bool))


def attention(Q, K, V, mask=None):
    """Scaled dot-product attention: ``softmax(Q K^T / sqrt(d) with masked scores = -inf) V``.

    Q: (..., Tq, d); K: (..., Tk, d); V: (..., Tk, dv); mask: boolean, broadcastable to
    (..., Tq, Tk), True = may attend (PyTorch's convention for a boolean ``attn_mask``).
    Returns ``(output (..., Tq, dv), weights (..., Tq, Tk))`` in float64.
    """
    Q, K, V = (np.asarray(a, dtype=np.float64) for a in (Q, K, V))
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(np.asarray(mask, dtype=bool), scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ V, weights


def vital_signal(n, seed, *, rate_hz=1.0):
    """A generated heart-rate-like series (beats per minute), one value per second: a baseline
    of 72 drifting slowly, a respiratory swing (period 4 s, +-3), a slower swing (period 30 s,
    +-2) and measurement noise (sd 0.5). Not real patient data. Returns float32 (n,)."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(n)) / rate_hz
    drift = np.cumsum(rng.normal(0.0, 0.05, int(n)))
    phase = rng.uniform(0, 2 * np.pi, 2)
    signal = (72.0 + drift + 3.0 * np.sin(2 * np.pi * t / 4.0 + phase[0])
              + 2.0 * np.sin(2 * np.pi * t / 30.0 + phase[1]) + rng.normal(0.0, 0.5, int(n)))
    return signal.astype(np.float32)
