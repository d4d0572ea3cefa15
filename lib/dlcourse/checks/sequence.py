"""Chapter 13 (sequence models)."""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .. import sequence as ref
from ..grading import (check_array, check_equal, check_scalar, check_shape, check_true,
                       graded_with, to_numpy)

__all__ = ["torch_rnn_cell", "check_rnn_cell", "check_rnn_forward", "float32_rnn_cell",
           "check_grad_norms_through_time", "check_windows", "check_causal_mask",
           "check_attention"]


def torch_rnn_cell(d, h, seed):
    """A float64 ``nn.RNNCell(d, h)`` initialised under torch seed ``seed``."""
    torch.manual_seed(seed)
    return nn.RNNCell(d, h, dtype=torch.float64)


def check_rnn_cell(rnn_cell, n, d, h, seed, what):
    """Check ``rnn_cell(x, h_prev, w_ih, w_hh, b_ih, b_hh)`` on random (n, d) inputs against
    torch's RNNCell."""
    cell = torch_rnn_cell(d, h, seed)
    data = np.random.default_rng(seed)
    x, h_prev = data.normal(size=(n, d)), data.normal(size=(n, h))
    weights = [getattr(cell, k).detach().numpy() for k in ("weight_ih", "weight_hh", "bias_ih",
                                                            "bias_hh")]
    out = rnn_cell(x, h_prev, *weights)
    w_ih, w_hh, b_ih, b_hh = weights
    z = x @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh
    suspects = [("rnn-hidden-state", np.maximum(z, 0.0)),
                ("forgets-bias", np.tanh(z - b_ih)), ("forgets-bias", np.tanh(z - b_hh)),
                ("transpose-order", np.tanh(z - h_prev @ w_hh.T + h_prev @ w_hh))]
    check_array(out, cell(torch.tensor(x), torch.tensor(h_prev)).detach().numpy(),
                rtol=1e-10, atol=1e-12, name=what,
                hint="tanh(x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh): 가중치는 (출력, 입력) "
                     "모양이라 전치(.T)해서 곱합니다.", misconception="transpose-order",
                suspects=suspects)


def check_rnn_forward(rnn_forward, n, t, d, h, seed, what):
    """Check ``rnn_forward`` on a random (n, t, d) sequence against torch's RNN (batch_first):
    all outputs and the last hidden state, x unchanged."""
    torch.manual_seed(seed)
    rnn = nn.RNN(d, h, batch_first=True, dtype=torch.float64)
    data = np.random.default_rng(seed)
    x, h0 = data.normal(size=(n, t, d)), data.normal(size=(n, h))
    x_copy = x.copy()
    weights = [getattr(rnn, k + "_l0").detach().numpy() for k in ("weight_ih", "weight_hh",
                                                                   "bias_ih", "bias_hh")]
    with graded_with(rnn_cell=ref.rnn_cell):
        out = rnn_forward(x, h0, *weights)
    expected_out, expected_h = rnn(torch.tensor(x), torch.tensor(h0)[None])
    check_true(isinstance(out, (tuple, list)) and len(out) == 2,
               f"{what}: (outputs, h_T) 두 값을 돌려주어야 합니다.",
               misconception="return-contract")
    check_array(out[0], expected_out.detach().numpy(), rtol=1e-10, atol=1e-12,
                name=f"{what}의 outputs (N, T, H)",
                hint="시간 단계마다 h = rnn_cell(x[:, t], h, ...)를 계산해 모으고, h는 h0에서 "
                     "시작합니다. 쌓는 축은 1번(시간)입니다.",
                misconception={"shape": "wrong-axis", "value": "rnn-hidden-state"})
    check_array(out[1], expected_h[0].detach().numpy(), rtol=1e-10, atol=1e-12,
                name=f"{what}의 h_T (마지막 은닉 상태)",
                hint="h_T는 마지막 시간 단계 뒤의 h입니다 (outputs[:, -1]과 같음, 처음 것이 아니라).",
                misconception="rnn-hidden-state")
    check_array(x, x_copy, name=f"{what}: 호출 뒤의 x", misconception="mutates-input")


def float32_rnn_cell(d, h, seed, scale=None):
    """A float32 ``nn.RNNCell(d, h)`` under torch seed ``seed``; ``scale``: weight_hh drawn from
    U(-scale, scale) instead."""
    torch.manual_seed(seed)
    cell = nn.RNNCell(d, h)
    if scale is not None:
        with torch.no_grad():
            cell.weight_hh.uniform_(-scale, scale)
    return cell


def check_grad_norms_through_time(grad_norms_through_time, n, t, d, h, seed, what, scale=None):
    """Check ``grad_norms_through_time(cell, x)`` on a random (n, t, d) sequence against the
    library's: one norm per time step, the last sqrt(n h), no gradient left in the cell."""
    x = torch.tensor(np.random.default_rng(seed).normal(size=(n, t, d)), dtype=torch.float32)
    cell = float32_rnn_cell(d, h, seed, scale)
    norms = to_numpy(grad_norms_through_time(cell, x), what)
    expected = ref.grad_norms_through_time(float32_rnn_cell(d, h, seed, scale), x)
    check_shape(norms, (t,), f"{what} (시간 단계마다 하나)", misconception="gradient-of-what")
    check_scalar(norms[-1], np.sqrt(n * h), rtol=1e-5, name=f"{what}의 마지막 값",
                 hint="마지막 은닉 상태에 대한 h_T.sum()의 기울기는 모두 1이므로 노름은 "
                      "sqrt(N * H)입니다. 1단계부터 T단계 순서인가요?",
                 misconception="gradient-of-what")
    check_array(norms, expected, rtol=1e-4, atol=1e-9, name=what,
                hint="단계마다 h.retain_grad()를 부르고, 마지막 h의 합을 역전파한 뒤 각 h의 "
                     ".grad.norm()을 모읍니다.", misconception="gradient-of-what")
    check_true(all(p.grad is None or not bool(p.grad.any()) for p in cell.parameters()),
               f"{what}: 끝난 뒤 셀에 기울기가 남아 있습니다.",
               hint="노름을 모은 뒤 cell.zero_grad()를 부르세요.",
               misconception="gradient-accumulates")


def check_windows(make_windows, signal, window, what):
    """Check ``make_windows(signal, window)`` = (X, y) against the library's: shapes, values,
    float32, and the signal unchanged."""
    copy = np.array(signal, dtype=np.float64, copy=True)
    out = make_windows(signal, window)
    check_true(isinstance(out, (tuple, list)) and len(out) == 2,
               f"{what}: (X, y) 두 값을 돌려주어야 합니다.", misconception="return-contract")
    X_expected, y_expected = ref.make_windows(copy, window)
    X, y = to_numpy(out[0], f"{what}의 X"), to_numpy(out[1], f"{what}의 y")
    check_shape(X, X_expected.shape, f"{what}의 X (n, window, 1)",
                hint="창은 len(signal) - window개입니다: 마지막 창 뒤에도 목표값 y가 하나 있어야 "
                     "합니다.", misconception="off-by-one")
    check_array(X, X_expected, rtol=1e-6, name=f"{what}의 X",
                hint="X[i, :, 0] = signal[i : i + window]. 마지막 창은 signal[-window - 1 : -1]입니다.",
                misconception="off-by-one")
    check_array(y, y_expected, rtol=1e-6, name=f"{what}의 y",
                hint="y[i]는 창 바로 다음 값 signal[i + window]입니다.", misconception="off-by-one")
    check_true(np.asarray(out[0]).dtype == np.float32 and np.asarray(out[1]).dtype == np.float32,
               f"{what}: X와 y는 float32여야 합니다.",
               hint="PyTorch 모델의 기본 자료형입니다: .astype(np.float32)로 바꾸세요.",
               misconception="dtype-contract")
    check_array(signal, copy, name=f"{what}: 호출 뒤의 signal", misconception="mutates-input")


def check_causal_mask(causal_mask, T):
    """Check ``causal_mask(T)``: a boolean (T, T) lower-triangular mask."""
    out = causal_mask(T)
    got = to_numpy(out, f"causal_mask({T})", kind="bool")
    check_true(np.asarray(out).dtype == bool,
               f"causal_mask({T}): bool 배열이어야 합니다 (True = 참고해도 됨).",
               hint="-inf/0을 더하는 마스크가 아니라 True/False 마스크입니다: "
                    "np.tril(np.ones((T, T), dtype=bool)).", misconception="causal-mask")
    check_equal(got, np.tril(np.ones((T, T), dtype=bool)), kind="bool",
                name=f"causal_mask({T})",
                hint="mask[i, j]는 j <= i일 때 True입니다 (아래 삼각형과 대각선). 위 삼각형이 "
                     "True면 미래를 보게 됩니다.", misconception="causal-mask")


def check_attention(attention, Q, K, V, mask, what):
    """Check ``attention(Q, K, V[, mask])`` = (output, weights) against torch's
    scaled_dot_product_attention, and that Q, K, V are unchanged."""
    copies = [np.array(a, copy=True) for a in (Q, K, V)]
    out = attention(Q, K, V) if mask is None else attention(Q, K, V, mask)
    check_true(isinstance(out, (tuple, list)) and len(out) == 2,
               f"{what}: (output, weights) 두 값을 돌려주어야 합니다.",
               misconception="return-contract")
    t = [torch.tensor(a) for a in copies]
    expected = F.scaled_dot_product_attention(
        *t, attn_mask=None if mask is None else torch.tensor(np.asarray(mask))).numpy()
    _, expected_weights = ref.attention(*copies, mask)
    scores = copies[0] @ np.swapaxes(copies[1], -1, -2)
    scaled = scores / np.sqrt(copies[0].shape[-1])
    keep = np.ones(scores.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    suspects = [("attention-scaling", _softmax(np.where(keep, scores, -np.inf), -1)),
                ("wrong-axis", _softmax(np.where(keep, scaled, -np.inf), -2)),
                ("causal-mask", _softmax(np.where(keep, scaled, 0.0), -1))]
    check_array(out[1], expected_weights, rtol=1e-9, atol=1e-12, name=f"{what}의 weights",
                hint="softmax(Q K^T / sqrt(d))를 마지막 축(키)에 대해 계산합니다. 마스크가 False인 "
                     "자리는 점수를 -inf로 바꿔 가중치가 0이 되게 합니다.",
                misconception={"nan": "overflow", "value": "attention-scaling"},
                suspects=suspects)
    check_array(out[0], expected, rtol=1e-9, atol=1e-12,
                name=f"{what}의 output (F.scaled_dot_product_attention과 비교)",
                hint="output = weights @ V", misconception="formula-transcription")
    for a, c, label in zip((Q, K, V), copies, "QKV"):
        check_array(a, c, name=f"{what}: 호출 뒤의 {label}", misconception="mutates-input")


def _softmax(scores, axis):
    """A softmax along ``axis`` that lets -inf entries be 0 (the checks' diagnoses)."""
    with np.errstate(invalid="ignore", over="ignore"):
        shifted = np.exp(scores - np.max(scores, axis=axis, keepdims=True))
        return shifted / shifted.sum(axis=axis, keepdims=True)
