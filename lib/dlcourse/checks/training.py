"""Chapter 06 (an MLP in PyTorch)."""
import numpy as np
import torch
from torch import nn

from ..grading import (call_in_notebook, check_array, check_equal, check_shape, check_true,
                       graded_with, to_numpy)

__all__ = ["check_two_layer", "two_layer_reference", "fixed_parameters", "load_parameters",
           "check_two_layer_output", "backprop_sum", "StepRecorder", "reference_epochs",
           "check_training_loop", "sgd_step_by_autograd", "check_layer_kinds"]


def check_two_layer(net, fc1, fc2, sizes, name, *, misconception="layer-order"):
    """Check two nn.Linear layers of sizes (n_in, n_hidden, n_out) and the parameter count
    of ``net`` (chapter 06); a layer of the wrong size names ``misconception``."""
    n_in, n_hidden, n_out = sizes
    for layer, (rows, cols), what in [(fc1, (n_hidden, n_in), "첫 번째 Linear 층"),
                                      (fc2, (n_out, n_hidden), "두 번째 Linear 층")]:
        check_true(isinstance(layer, nn.Linear),
                   f"{name}: {what}이 nn.Linear여야 하는데 {type(layer).__name__}입니다.")
        check_shape(to_numpy(layer.weight), (rows, cols),
                    f"{name}: {what}의 weight (nn.Linear({cols}, {rows})의 weight는 "
                    f"(출력, 입력) = ({rows}, {cols}) 모양)",
                    hint=f"입력 {n_in} -> 은닉 {n_hidden} -> 출력 {n_out}: 첫 층은 "
                         f"nn.Linear({n_in}, {n_hidden}), 둘째 층은 nn.Linear({n_hidden}, {n_out})"
                         "입니다.", misconception=misconception)
        check_true(layer.bias is not None, f"{name}: {what}에 편향(bias)이 있어야 합니다.",
                   misconception="forgets-bias")
        check_shape(to_numpy(layer.bias), (rows,), f"{name}: {what}의 bias")
    expected = n_in * n_hidden + n_hidden + n_hidden * n_out + n_out
    check_equal(sum(int(np.prod(to_numpy(p).shape)) for p in net.parameters()), expected,
                name=f"{name}의 파라미터 수 ({n_in}x{n_hidden} + {n_hidden} + "
                     f"{n_hidden}x{n_out} + {n_out})",
                hint="층을 모두 등록했나요? 크기가 맞나요?")


def two_layer_reference(x, fc1, fc2):
    """relu(x W1^T + b1) W2^T + b2 with the given layers' weights, as a numpy array."""
    x = to_numpy(x)
    x = x.reshape(len(x), -1)
    w1, b1, w2, b2 = (to_numpy(t) for t in (fc1.weight, fc1.bias, fc2.weight, fc2.bias))
    return np.maximum(x @ w1.T + b1, 0.0) @ w2.T + b2


def fixed_parameters(shapes, seed):
    """Non-zero weights for a test: float32 arrays of the given shapes, drawn with ``seed``
    from a normal distribution with standard deviation 1/sqrt(fan-in) (weights, 2-D and more)
    or 0.5 (biases), so outputs stay near 1 and float32 keeps them exact to about 1e-6.
    A test loads them into the student's network (:func:`load_parameters`) and computes what
    the network should output with them, so a network that only *looks* right (e.g. a last
    layer of zeros, which makes any wrong body give the right output) cannot pass."""
    rng = np.random.default_rng(seed)
    arrays = []
    for shape in shapes:
        shape = tuple(int(n) for n in shape)
        scale = 1.0 / np.sqrt(np.prod(shape[1:])) if len(shape) > 1 else 0.5
        arrays.append(rng.normal(0.0, scale, size=shape).astype(np.float32))
    return arrays


def load_parameters(module, values):
    """Copy ``values`` (arrays, in the order of ``module.parameters()``) into the module's
    parameters, in place and without gradients. Tests run it where the student's network
    lives (``dlcourse.grading.call_in_notebook``). Returns the number of tensors loaded."""
    params = list(module.parameters())
    if len(params) != len(values):
        raise ValueError(f"{len(values)} arrays for {len(params)} parameter tensors")
    with torch.no_grad():
        for p, value in zip(params, values):
            p.copy_(torch.as_tensor(np.asarray(value)).to(p.dtype).reshape(p.shape))
    return len(params)


def check_two_layer_output(net, sizes, x, name, *, seed=0, rtol=1e-5, atol=1e-5, hint=None):
    """Load fixed non-zero weights (W1, b1, W2, b2 in parameter order) into a two-layer network
    of ``sizes`` = (n_in, n_hidden, n_out) where it lives, run it on ``x`` and compare with
    ``relu(x W1^T + b1) W2^T + b2`` computed from those weights (chapter 06). An output that is
    the same network without the ReLU, or its softmax/sigmoid, names that misconception.
    Returns the output as a numpy array."""
    n_in, n_hidden, n_out = sizes
    params = fixed_parameters([(n_hidden, n_in), (n_hidden,), (n_out, n_hidden), (n_out,)],
                              seed)
    call_in_notebook(load_parameters, net, params)
    w1, b1, w2, b2 = (p.astype(np.float64) for p in params)
    flat = to_numpy(x).reshape(len(to_numpy(x)), -1)
    expected = np.maximum(flat @ w1.T + b1, 0.0) @ w2.T + b2
    shifted = np.exp(expected - expected.max(axis=1, keepdims=True))
    suspects = [("no-nonlinearity", (flat @ w1.T + b1) @ w2.T + b2),
                ("logits-vs-probabilities", shifted / shifted.sum(axis=1, keepdims=True)),
                ("logits-vs-probabilities", 1.0 / (1.0 + np.exp(-expected))),
                ("logits-vs-probabilities", np.maximum(expected, 0.0))]
    return check_array(net(x), expected, rtol=rtol, atol=atol, name=name, hint=hint,
                       suspects=suspects)


def check_layer_kinds(net, expected, name, *, hint=None):
    """The modules of an ``nn.Sequential`` ``net`` are of the classes named in ``expected``
    (e.g. ``["Linear", "ReLU", "Linear"]``), in order. A failure names the likely
    misconception: an activation after the last layer (the loss takes logits), no activation
    between the layers, or another activation than the one asked for."""
    kinds = [type(m).__name__ for m in net]
    misconception = None
    if kinds != list(expected):
        layers = [k for k in kinds if k == "Linear"]
        after_last = kinds[len(kinds) - kinds[::-1].index("Linear"):] if layers else []
        if after_last and len(kinds) > len(expected):
            misconception = "logits-vs-probabilities"
        elif len(kinds) < len(expected):
            misconception = "no-nonlinearity"
        else:
            misconception = "ignores-argument"
    check_true(kinds == list(expected),
               f"{name}의 모듈은 [{', '.join(expected)}] {len(expected)}개여야 하는데 "
               f"{kinds}입니다.", hint=hint, misconception=misconception)
    return kinds


def backprop_sum(net, x):
    """Backpropagate ``net(x).sum()`` from a fresh copy of ``x`` that requires gradients.

    Returns ``{"x": dL/dx as a numpy array or None, "params": [dL/dp or None, ...]}``: what
    reaches the input and each parameter. Tests run it where the student's network lives
    (``dlcourse.grading.call_in_notebook``) and compare it with gradients they compute.
    """
    x = torch.as_tensor(x).detach().clone().requires_grad_(True)
    params = list(net.parameters())
    for p in params:
        p.grad = None
    net(x).sum().backward()
    return {"x": None if x.grad is None else x.grad.numpy(),
            "params": [None if p.grad is None else p.grad.detach().numpy() for p in params]}


class StepRecorder:
    """Stands for ``train_step(model, loss_fn, optimizer, X, y)`` while a test checks a
    training loop (chapter 06's ``train_epochs``): it records every batch it is given, trains
    nothing, and returns a made-up loss that differs from batch to batch (``1 + mean(X)``), so
    the loop's order of batches and its averaging can be checked on their own, whatever the
    student's ``train_step`` does.
    """
    def __init__(self):
        self.batches = []

    @staticmethod
    def loss(X):
        return 1.0 + float(np.mean(X))

    def __call__(self, model, loss_fn, optimizer, X, y):
        X = to_numpy(X, "train_step(model, loss_fn, optimizer, X_batch, y_batch)의 X_batch")
        y = to_numpy(y, "train_step(model, loss_fn, optimizer, X_batch, y_batch)의 y_batch")
        self.batches.append((X, y))
        return self.loss(X)


def reference_epochs(net, loss_fn, optimizer, loader, num_epochs):
    """The training loop ``train_epochs`` asks for, written out (chapter 06's tests compare an
    answer that does the steps itself with it): per batch zero_grad, forward, loss, backward,
    step; per epoch the loss averaged over the samples. Returns a list of floats."""
    history = []
    for _ in range(int(num_epochs)):
        net.train()
        total, count = 0.0, 0
        for X, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(net(X), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(X)
            count += len(X)
        history.append(total / count)
    return history


def check_training_loop(train_epochs, make_loader, num_epochs, make_model, loss_fn,
                        make_optimizer, name):
    """Check ``train_epochs(model, loss_fn, optimizer, loader, num_epochs)`` (chapter 06).

    First with ``train_step`` replaced by a :class:`StepRecorder`: one call per batch of every
    epoch, in the loader's order (each epoch one new pass, reshuffled when the loader
    shuffles), and as history the mean loss over the samples of each epoch. An answer that
    does the five steps itself instead of calling ``train_step`` (the recorder sees no call)
    is checked by training: its losses and final weights against :func:`reference_epochs` on
    an identical network, optimizer and loader.

    make_loader: returns a new, identically seeded DataLoader; make_model: a new network (the
    same weights each time); make_optimizer: ``parameters -> optimizer``.
    """
    recorder = StepRecorder()
    model = make_model()
    with graded_with(train_step=recorder):
        history = train_epochs(model, loss_fn, make_optimizer(model.parameters()),
                               make_loader(), num_epochs)
    if not recorder.batches and num_epochs > 0:
        return _check_trained_like_reference(train_epochs, make_loader, num_epochs,
                                             make_model, loss_fn, make_optimizer, name)
    replay = make_loader()
    expected_batches, expected_history = [], []
    for _ in range(num_epochs):
        total = count = 0
        for X, y in replay:
            X, y = to_numpy(X), to_numpy(y)
            expected_batches.append((X, y))
            total += StepRecorder.loss(X) * len(X)
            count += len(X)
        expected_history.append(total / count)
    calls, wanted = len(recorder.batches), len(expected_batches)
    check_true(calls == wanted,
               f"{name}: train_step을 {wanted}번(에포크 {num_epochs} x 배치 "
               f"{wanted // max(num_epochs, 1)}개) 불러야 하는데 {calls}번 불렀습니다.",
               hint="에포크마다 loader를 처음부터 한 번 돌고, 배치마다 train_step을 한 번 "
                    "부르세요.", misconception="epoch-loss")
    for i, ((X, y), (X_want, y_want)) in enumerate(zip(recorder.batches, expected_batches)):
        where = f"{name}: train_step의 {i + 1}번째 호출(에포크 {i * num_epochs // wanted + 1})"
        check_array(X, X_want, name=f"{where}에 넘긴 X_batch",
                    hint="loader가 내주는 배치를 순서대로, 그대로 넘기세요. 에포크마다 "
                         "loader를 새로 돌면 섞는 loader는 새 순서를 냅니다.",
                    misconception="random-generator")
        check_array(y, y_want, name=f"{where}에 넘긴 y_batch",
                    hint="loader가 내주는 배치의 y를 그대로 넘기세요.",
                    misconception="random-generator")
    return _check_history(history, expected_history, num_epochs, name)


def _check_history(history, expected, num_epochs, name, rtol=1e-9, atol=1e-12):
    got = to_numpy(history, f"{name}: train_epochs가 돌려준 손실 기록")
    check_shape(got, (num_epochs,), f"{name}: 손실 기록 (에포크마다 숫자 하나)",
                hint="배치마다가 아니라 에포크마다 숫자 하나: 에포크가 끝날 때 평균 손실을 "
                     "한 번 기록하세요.", misconception="epoch-loss")
    check_array(got, expected, rtol=rtol, atol=atol,
                name=f"{name}: 에포크별 손실 (배치 손실의 표본 평균)",
                hint="(배치 손실 x 배치 크기)를 모두 더해 그 에포크의 표본 수로 나누세요. 배치 "
                     "크기가 다르면 배치 손실의 단순 평균과 다릅니다.", misconception="epoch-loss")
    return got


def _check_trained_like_reference(train_epochs, make_loader, num_epochs, make_model, loss_fn,
                                  make_optimizer, name):
    net, ref = make_model(), make_model()
    history = train_epochs(net, loss_fn, make_optimizer(net.parameters()), make_loader(),
                           num_epochs)
    expected = reference_epochs(ref, loss_fn, make_optimizer(ref.parameters()), make_loader(),
                                num_epochs)
    got = _check_history(history, expected, num_epochs, f"{name} (train_step 없이 직접 학습)",
                         rtol=1e-5, atol=1e-7)
    for j, (p, q) in enumerate(zip(net.parameters(), ref.parameters())):
        check_array(p, q, rtol=1e-4, atol=1e-6, name=f"{name}: 학습 뒤의 파라미터 {j}",
                    hint="배치마다 zero_grad, 순전파, 손실, backward, step 순서입니다.",
                    misconception="training-step-order")
    return got


def sgd_step_by_autograd(net, loss_fn, X, y, lr):
    """One plain SGD step ``p <- p - lr * dL/dp`` of ``net`` on (X, y), with the gradients from
    ``torch.autograd.grad`` (no optimizer). Returns the loss before the step as a float."""
    loss = loss_fn(net(X), y)
    grads = torch.autograd.grad(loss, list(net.parameters()))
    with torch.no_grad():
        for p, g in zip(net.parameters(), grads):
            p -= lr * g
    return loss.item()
