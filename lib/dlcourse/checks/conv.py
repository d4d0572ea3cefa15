"""Chapter 10 (CNN)."""
import numpy as np
from scipy import signal
import torch
import torch.nn.functional as F
from torch import nn

from .. import conv as ref
from ..grading import (call_in_notebook, check_array, check_equal, check_shape, check_true,
                       graded_with, to_numpy)
from .training import fixed_parameters, load_parameters

__all__ = ["small_cnn_reference", "check_small_cnn", "torch_conv_output_size",
           "check_conv_output_size", "torch_conv2d_single", "check_conv2d_single",
           "check_true_convolution", "check_conv2d", "check_pool2d", "check_conv_param_count"]


def small_cnn_reference(x, params, *, pool=F.max_pool2d, activation=F.relu):
    """Chapter 10's CNN with the given parameters, in float64 with torch.nn.functional:
    conv 3x3 (padding 1) -> ReLU -> max pool 2 -> conv 3x3 (padding 1) -> ReLU -> max pool 2
    -> flatten -> linear. x: (N, 1, H, W); params: [w1, b1, w2, b2, w3, b3] arrays. ``pool`` and
    ``activation`` replace max pooling and ReLU (the checks' diagnoses use them)."""
    w1, b1, w2, b2, w3, b3 = (torch.tensor(np.asarray(p), dtype=torch.float64) for p in params)
    h = torch.as_tensor(np.asarray(x), dtype=torch.float64)
    h = pool(activation(F.conv2d(h, w1, b1, padding=1)), 2)
    h = pool(activation(F.conv2d(h, w2, b2, padding=1)), 2)
    return (h.flatten(1) @ w3.T + b3).numpy()


def check_small_cnn(net, channels, num_classes, name, seed=0, batch=5):
    """Check a network built as chapter 10's ``make_cnn(channels, num_classes)``: its
    parameter shapes, layer by layer, then, with fixed non-zero weights loaded into it, its
    output on 8x8 images against :func:`small_cnn_reference` with those weights."""
    check_true(isinstance(net, nn.Module),
               f"{name}: nn.Module(예: nn.Sequential)을 돌려주어야 하는데 {type(net).__name__}"
               "입니다.")
    c1, c2 = channels
    expected = [(c1, 1, 3, 3), (c1,), (c2, c1, 3, 3), (c2,), (num_classes, c2 * 2 * 2),
                (num_classes,)]
    labels = ["첫 Conv2d의 weight", "첫 Conv2d의 bias", "둘째 Conv2d의 weight",
              "둘째 Conv2d의 bias", "Linear의 weight", "Linear의 bias"]
    params = [to_numpy(p, f"{name}의 파라미터") for p in net.parameters()]
    shapes = [tuple(p.shape) for p in params]
    check_true(len(shapes) == len(expected),
               f"{name}: 파라미터 텐서가 {len(expected)}개(Conv2d 2개, Linear 1개의 weight와 bias)"
               f"여야 하는데 {len(shapes)}개입니다: {shapes}")
    for got, want, label in zip(shapes, expected, labels):
        hint = None
        if label == "Linear의 weight" and got[0] == want[0]:
            hint = (f"패딩 1인 3x3 합성곱은 크기를 지키고 풀링마다 반이 되므로(8 -> 4 -> 2), "
                    f"특성 맵은 ({c2}, 2, 2)이고 펼치면 {c2} x 2 x 2 = {c2 * 4}개입니다.")
        elif "Conv2d" in label:
            hint = "nn.Conv2d(입력 채널, 출력 채널, kernel_size=3, padding=1)의 순서를 보세요."
        check_true(got == want, f"{name}: {label}의 모양(shape)이 {want}이어야 하는데 {got}입니다.",
                   hint=hint, misconception="padding-and-stride")
    # fixed non-zero weights, loaded where the network lives: the output must follow from them
    params = fixed_parameters(expected, seed + 1000)
    call_in_notebook(load_parameters, net, params)
    x = np.random.default_rng(seed).random((batch, 1, 8, 8)).astype(np.float32)
    with torch.no_grad():
        out = net(torch.tensor(x))
    expected = small_cnn_reference(x, params)
    shifted = np.exp(expected - expected.max(axis=1, keepdims=True))
    suspects = [("logits-vs-probabilities", shifted / shifted.sum(axis=1, keepdims=True)),
                ("pooling-window", small_cnn_reference(x, params, pool=F.avg_pool2d)),
                ("no-nonlinearity", small_cnn_reference(x, params, activation=lambda h: h))]
    check_array(out, expected, rtol=1e-4, atol=1e-5,
                name=f"{name}에 8x8 이미지 {batch}장을 넣은 출력 (로짓)",
                hint="Conv2d(3x3, padding=1) -> ReLU -> MaxPool2d(2)를 두 번, 그다음 Flatten -> "
                     "Linear 순서입니다. 마지막에는 활성화 함수를 붙이지 않습니다.",
                misconception="layer-order", suspects=suspects)


def torch_conv_output_size(n, k, p, s):
    """The output size of a square n x n input under a k x k convolution with padding p and
    stride s, as torch's conv2d computes it (an int)."""
    return F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), padding=p,
                    stride=s).shape[-1]


def check_conv_output_size(conv_output_size, n, k, p, s):
    """Check ``conv_output_size(n, k, padding=p, stride=s)`` against torch's conv2d."""
    check_equal(conv_output_size(n, k, padding=p, stride=s), torch_conv_output_size(n, k, p, s),
                name=f"conv_output_size({n}, {k}, padding={p}, stride={s})",
                hint="floor((n_in + 2 * padding - kernel) / stride) + 1: 나눗셈은 내림(//)입니다.",
                misconception={"type": "rounding", "value": "rounding"})


def torch_conv2d_single(x, w, stride, padding):
    """2-D cross-correlation of x (H, W) with w (KH, KW), by torch's conv2d. Returns (OH, OW)."""
    out = F.conv2d(torch.tensor(np.asarray(x, dtype=float))[None, None],
                   torch.tensor(np.asarray(w, dtype=float))[None, None], stride=stride,
                   padding=padding)
    return out[0, 0].numpy()


def check_conv2d_single(conv2d_single, x, w, stride, padding, what, hint=None):
    """Check ``conv2d_single(x, w, stride=, padding=)`` against torch's conv2d, and that it
    leaves x and w unchanged."""
    copies = np.array(x, dtype=float, copy=True), np.array(w, dtype=float, copy=True)
    out = conv2d_single(x, w, stride=stride, padding=padding)
    flipped = torch_conv2d_single(copies[0], copies[1][::-1, ::-1].copy(), stride, padding)
    check_array(out, torch_conv2d_single(copies[0], copies[1], stride, padding), name=what,
                hint=hint or "창은 행 i*stride, 열 j*stride에서 시작하고, np.sum(창 * w)입니다. "
                             "패딩은 먼저 사방에 0을 채웁니다.",
                misconception="padding-and-stride", suspects={"convolution-flip": flipped})
    check_array(x, copies[0], name=f"{what}: 호출 뒤의 x", misconception="mutates-input")
    check_array(w, copies[1], name=f"{what}: 호출 뒤의 w", misconception="mutates-input")


def check_true_convolution(true_convolution, x, w, what):
    """Check ``true_convolution(x, w)`` against scipy's convolve2d (mode "valid"); the answer is
    given the library's conv2d_single while graded."""
    copies = np.array(x, dtype=float, copy=True), np.array(w, dtype=float, copy=True)
    with graded_with(conv2d_single=ref.conv2d_single):
        out = true_convolution(x, w)
    check_array(out, signal.convolve2d(copies[0], copies[1], mode="valid"), name=what,
                hint="필터를 위아래와 좌우로 모두 뒤집습니다: w[::-1, ::-1]. 한쪽만 뒤집거나 "
                     "전치(w.T)하면 다릅니다.", misconception="convolution-flip")
    check_array(w, copies[1], name=f"{what}: 호출 뒤의 w", misconception="mutates-input")


def check_conv2d(conv2d, x, w, b, stride, padding, what):
    """Check ``conv2d(x, w, b, stride=, padding=)`` (N, F, OH, OW) against torch's conv2d, and
    that it leaves its inputs unchanged."""
    copies = [np.array(a, dtype=float, copy=True) for a in (x, w, b)]
    out = to_numpy(conv2d(x, w, b, stride=stride, padding=padding), what)
    expected = F.conv2d(*(torch.tensor(a) for a in copies), stride=stride,
                        padding=padding).numpy()
    check_shape(out, expected.shape, f"{what} (N, F, OH, OW)",
                hint="출력 크기는 (H + 2 * padding - 필터 크기) // stride + 1: 창은 stride 칸씩 "
                     "움직입니다.", misconception="padding-and-stride")
    x_t, w_t, b_t = (torch.tensor(a) for a in copies)
    first_channel = F.conv2d(x_t[:, :1], w_t[:, :1], b_t, stride=stride,
                             padding=padding).numpy()
    every_bias = expected - copies[2][None, :, None, None] + copies[2].sum()
    check_array(out, expected, rtol=1e-9, atol=1e-9, name=what,
                hint="모든 입력 채널에 걸쳐 더하고(c), 필터마다(f) 편향 b[f]를 더합니다. 필터를 "
                     "뒤집지 않습니다.", misconception="missing-sum",
                suspects={"broadcast-keepdims": every_bias, "missing-sum": first_channel})
    for a, c, label in zip((x, w, b), copies, ("x", "w", "b")):
        check_array(a, c, name=f"{what}: 호출 뒤의 {label}", misconception="mutates-input")


def check_pool2d(pool2d, x, size, mode, what):
    """Check ``pool2d(x, size)`` (``mode`` None: the default; else "max" or "avg") against torch's
    pooling over the last two axes, and that x is unchanged."""
    copy = np.array(x, dtype=float, copy=True)
    out = pool2d(x, size) if mode is None else pool2d(x, size, mode=mode)
    t = torch.tensor(copy)
    t4 = t.reshape((-1, 1) + t.shape[-2:])
    pooled = (F.avg_pool2d if mode == "avg" else F.max_pool2d)(t4, size)
    expected = pooled.reshape(t.shape[:-2] + pooled.shape[-2:]).numpy()
    other = (F.max_pool2d if mode == "avg" else F.avg_pool2d)(t4, size)
    check_array(out, expected, name=what,
                hint="겹치지 않는 size x size 영역마다 하나씩, 남는 가장자리는 버립니다. 앞쪽 축"
                     "(배치, 채널)은 그대로 둡니다.",
                misconception={"shape": "padding-and-stride", "value": "wrong-axis"},
                suspects={"ignores-argument": other.reshape(expected.shape).numpy()})
    check_array(x, copy, name=f"{what}: 호출 뒤의 x", misconception="mutates-input")


def check_conv_param_count(conv_param_count, c_in, c_out, kernel, bias=None):
    """Check ``conv_param_count(c_in, c_out, kernel, bias=)`` against the parameters of
    ``nn.Conv2d`` (``bias`` None: the default)."""
    options = {} if bias is None else {"bias": bias}
    layer = nn.Conv2d(c_in, c_out, kernel, **options)
    expected = sum(p.numel() for p in layer.parameters())
    kh, kw = layer.kernel_size
    biases = c_out if layer.bias is not None else 0
    suspects = [("forgets-bias", c_in * c_out * kh * kw),
                ("missing-sum", c_out * kh * kw + biases),
                ("ignores-argument", c_in * c_out * kh * kh + biases)]
    check_equal(conv_param_count(c_in, c_out, kernel, **options), expected,
                name=f"conv_param_count({c_in}, {c_out}, {kernel!r}"
                     + (f", bias={bias})" if bias is not None else ")"),
                hint="필터 c_out개 각각이 c_in x KH x KW개의 가중치와 (bias=True이면) 편향 1개를 "
                     "가집니다.", misconception="missing-sum", suspects=suspects)
