"""Chapter 08 (vanishing gradients: initialization, clipping, batch normalization)."""
import numpy as np
import torch
from torch import nn

from ..grading import check_array, check_scalar, check_shape, check_true, to_numpy

__all__ = ["check_initializer", "check_clipped", "torch_layer_activations",
           "check_layer_activations", "torch_batchnorm", "check_batchnorm_run"]


def check_initializer(fn, name, reference, torch_init, cases, hint=None):
    """Check an initializer ``fn(n_in, n_out, rng) -> (n_in, n_out)`` (chapter 08): the same
    draws as ``reference`` for each ``(n_in, n_out, seed)`` in ``cases``, and the standard
    deviation of ``torch_init`` (applied to a torch weight of shape (n_out, n_in)) on a
    400 -> 300 layer."""
    for n_in, n_out, seed in cases:
        what = f"{name}({n_in}, {n_out}, rng)"
        w = to_numpy(fn(n_in, n_out, np.random.default_rng(seed)), what)
        check_shape(w, (n_in, n_out), f"{what} (모양 (n_in, n_out))", hint=hint,
                    misconception="transpose-order")
        check_array(w, reference(n_in, n_out, np.random.default_rng(seed)), rtol=1e-12,
                    name=f"{name}({n_in}, {n_out}, rng(seed={seed}))", hint=hint,
                    misconception="init-scale")
    w = to_numpy(fn(400, 300, np.random.default_rng(0)), f"{name}(400, 300, rng)")
    t = torch_init(torch.empty(300, 400, dtype=torch.float64)).numpy()
    check_scalar(float(w.std()), float(t.std()), rtol=0.03,
                 name=f"{name}(400, 300)의 표준편차 (torch.nn.init과 비교)", hint=hint,
                 misconception="init-scale")


def check_clipped(out, expected, what, hint=None):
    """Check ``out`` = (clipped, norm) against ``expected``: the norm before clipping, then each
    clipped array. ``hint`` goes with the arrays' check. A squared norm names the order of
    operations; clipped arrays that are wrong name clipping by the global norm."""
    check_true(isinstance(out, (tuple, list)) and len(out) == 2,
               f"{what}: (clipped, norm) 두 값을 튜플(tuple)로 돌려주어야 합니다.",
               misconception="return-contract")
    check_scalar(out[1], expected[1], name=f"{what}의 norm (자르기 전)",
                 hint="모든 배열의 원소를 제곱해 더한 뒤 제곱근을 씌웁니다.",
                 misconception="global-norm-clipping",
                 suspects={"order-of-operations": float(expected[1]) ** 2})
    check_true(isinstance(out[0], (list, tuple)) and len(out[0]) == len(expected[0]),
               f"{what}: clipped는 입력과 같은 수의 배열을 담은 리스트여야 합니다.",
               misconception="return-contract")
    for _k, (_c, _e) in enumerate(zip(out[0], expected[0])):
        check_array(_c, _e, name=f"{what}의 clipped[{_k}]", hint=hint,
                    misconception="global-norm-clipping")


def torch_layer_activations(X, weights, activation):
    """Each layer's output ``h = f(h @ W)`` for the ``weights`` (a list of (d_in, d_out) arrays)
    from X (n, d), ``activation`` one of "sigmoid", "tanh", "relu", computed by torch.
    Returns a list of numpy arrays, one per layer."""
    f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation]
    h, out = torch.tensor(X), []
    for W in weights:
        h = f(h @ torch.tensor(W))
        out.append(h.numpy())
    return out


def check_layer_activations(layer_activations, X, weights, activation, what):
    """Check ``layer_activations(X, weights, activation)`` layer by layer against torch's; the
    layers of another activation than the one asked for name ``ignores-argument``."""
    out = layer_activations(X, weights, activation)
    check_true(isinstance(out, (list, tuple)) and len(out) == len(weights),
               f"{what}: 층마다 하나씩, {len(weights)}개의 배열을 담은 리스트를 돌려주어야 합니다.",
               misconception="return-contract")
    others = [torch_layer_activations(X, weights, a) for a in ("sigmoid", "tanh", "relu")
              if a != activation]
    for k, (o, e) in enumerate(zip(out, torch_layer_activations(X, weights, activation))):
        check_array(o, e, name=f"{what}의 {k + 1}층 출력",
                    hint="h = activation(h @ W)를 층마다 계산하고, 활성화 함수를 거친 값을 "
                         "모읍니다 (행렬곱 결과가 아니라).", misconception="layer-order",
                    suspects=[("ignores-argument", other[k]) for other in others])


def torch_batchnorm(d, gamma, beta, momentum=0.1, eps=1e-5):
    """An ``nn.BatchNorm1d(d)`` in float64, weight ``gamma`` and bias ``beta`` ((d,) arrays)."""
    bn = nn.BatchNorm1d(d, momentum=momentum, eps=eps, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(gamma))
        bn.bias.copy_(torch.tensor(beta))
    return bn


def check_batchnorm_run(batchnorm_forward, batches, gamma, beta, what, **options):
    """Feed the ``batches`` ((n, d) arrays) to ``batchnorm_forward`` in training mode, then test
    mode, with one bn_param dict, and compare outputs and running statistics with
    ``nn.BatchNorm1d``; ``options``: momentum, eps."""
    bn = torch_batchnorm(len(gamma), gamma, beta, **options)
    param = {"mode": "train", **options}
    for k, x in enumerate(batches):
        x_copy = x.copy()
        out = batchnorm_forward(x, gamma, beta, param)
        check_true(isinstance(out, (tuple, list)) and len(out) == 2,
                   f"{what}: (out, cache) 두 값을 튜플(tuple)로 돌려주어야 합니다.",
                   misconception="return-contract")
        bn.train()
        check_array(out[0], bn(torch.tensor(x)).detach().numpy(), rtol=1e-7, atol=1e-9,
                    name=f"{what}: 훈련 모드 {k + 1}번째 배치의 out (nn.BatchNorm1d와 비교)",
                    hint="배치의 평균과 분산(1/m로 나눈 편향 분산)으로 정규화하고 gamma, beta를 "
                         "적용합니다. epsilon은 제곱근 안에 더합니다.",
                    misconception="sample-vs-population-std")
        check_array(x, x_copy, name=f"{what}: batchnorm_forward 호출 뒤의 x",
                    misconception="mutates-input")
    check_array(param.get("running_mean"), bn.running_mean.numpy(), rtol=1e-9,
                name=f"{what}: running_mean",
                hint="running_mean = (1 - momentum) * running_mean + momentum * 배치 평균, "
                     "처음 값은 0입니다.", misconception="library-convention")
    check_array(param.get("running_var"), bn.running_var.numpy(), rtol=1e-9,
                name=f"{what}: running_var",
                hint="이동 분산에는 m/(m - 1)을 곱한 불편 분산을 씁니다 (PyTorch). 처음 값은 1.",
                misconception="library-convention")
    x_test = batches[0][:3] * 0.5 + 1.0
    param["mode"] = "test"
    saved = (param["running_mean"].copy(), param["running_var"].copy())
    bn.eval()
    out = batchnorm_forward(x_test, gamma, beta, param)
    check_array(out[0], bn(torch.tensor(x_test)).detach().numpy(), rtol=1e-7, atol=1e-9,
                name=f"{what}: 평가 모드의 out",
                hint="평가 모드에서는 배치 통계가 아니라 running_mean, running_var로 정규화합니다.",
                misconception="train-eval-mode")
    check_array(param["running_mean"], saved[0], name=f"{what}: 평가 모드 뒤의 running_mean",
                hint="평가 모드에서는 이동 평균을 바꾸지 않습니다.", misconception="train-eval-mode")
