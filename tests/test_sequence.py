"""dlcourse.sequence (chapter 13) against torch."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view
from torch import nn

from dlcourse import sequence as seq


def _weights(rnn, suffix=""):
    return [getattr(rnn, f"{name}{suffix}").detach().double().numpy()
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]


@pytest.mark.parametrize("d, h, n, t", [(1, 3, 2, 5), (4, 6, 3, 7)])
def test_rnn_cell_and_forward_match_torch(d, h, n, t):
    torch.manual_seed(d)
    rnn = nn.RNN(d, h, batch_first=True, dtype=torch.float64)
    x, h0 = torch.randn(n, t, d, dtype=torch.float64), torch.randn(1, n, h, dtype=torch.float64)
    out, h_n = rnn(x, h0)
    weights = _weights(rnn, "_l0")
    ours_out, ours_h = seq.rnn_forward(x.numpy(), h0[0].numpy(), *weights)
    np.testing.assert_allclose(ours_out, out.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours_h, h_n[0].detach().numpy(), rtol=1e-12, atol=1e-12)
    cell = nn.RNNCell(d, h, dtype=torch.float64)
    np.testing.assert_allclose(seq.rnn_cell(x[:, 0].numpy(), h0[0].numpy(), *_weights(cell)),
                               cell(x[:, 0], h0[0]).detach().numpy(), rtol=1e-12)


def test_grad_norms_through_time_match_autograd_on_the_whole_sequence():
    torch.manual_seed(0)
    cell = nn.RNNCell(2, 4)
    x = torch.randn(3, 6, 2)
    norms = seq.grad_norms_through_time(cell, x)
    assert norms.shape == (6,) and all(p.grad is None for p in cell.parameters())
    # the last state's own gradient is d(sum h_T)/d h_T = ones: norm sqrt(N * H)
    assert norms[-1] == pytest.approx(np.sqrt(3 * 4))
    # d(sum h_T)/d h_1 by autograd on the rest of the sequence, unrolled from h_1
    h1 = cell(x[:, 0], torch.zeros(3, 4)).detach().requires_grad_(True)
    h = h1
    for t in range(1, 6):
        h = cell(x[:, t], h)
    grad = torch.autograd.grad(h.sum(), h1)[0]
    assert norms[0] == pytest.approx(float(grad.norm()), rel=1e-5)


def test_make_windows():
    s = np.arange(10.0)
    X, y = seq.make_windows(s, 3)
    np.testing.assert_array_equal(X[:, :, 0], sliding_window_view(s, 3)[:-1])
    np.testing.assert_array_equal(y, s[3:])
    assert X.dtype == np.float32 and X.shape == (7, 3, 1)


@pytest.mark.parametrize("masked", ["none", "causal", "random"])
def test_attention_matches_torch(masked):
    rng = np.random.default_rng(0)
    Q, K, V = rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 6, 4)), rng.normal(size=(2, 6, 3))
    mask = None
    if masked == "causal":
        Q = Q[:, :, :]
        K, V = K[:, :5], V[:, :5]
        mask = seq.causal_mask(5)
    elif masked == "random":
        mask = rng.random((5, 6)) < 0.7
        mask[:, 0] = True  # every query may look somewhere
    out, weights = seq.attention(Q, K, V, mask)
    expected = F.scaled_dot_product_attention(
        *(torch.tensor(a) for a in (Q, K, V)),
        attn_mask=None if mask is None else torch.tensor(mask))
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)
    if mask is not None:
        assert np.all(weights[..., ~mask] == 0)
    if masked == "causal":
        causal = F.scaled_dot_product_attention(*(torch.tensor(a) for a in (Q, K, V)),
                                                is_causal=True)
        np.testing.assert_allclose(out, causal.numpy(), rtol=1e-10, atol=1e-12)


def test_vital_signal_is_reproducible_and_plausible():
    a, b = seq.vital_signal(600, 0), seq.vital_signal(600, 0)
    np.testing.assert_array_equal(a, b)
    assert a.dtype == np.float32 and 55 < a.min() and a.max() < 90
    assert not np.array_equal(a, seq.vital_signal(600, 1))
