"""Checks that the test cells of particular chapters share (on top of ``dlcourse.grading``).

They live here, not in a notebook cell, because at grading time a test cell takes every
helper from the library: an answer cell can redefine a notebook's name, not this module's.
Each one works on the student's objects as they come (numpy arrays, tensors, modules) and,
at grading time, on the stand-ins for them that the grading engine passes in.
"""
import numpy as np

from .grading import check_array, check_equal, check_scalar, check_shape, check_true, to_numpy

__all__ = ["check_dict", "unpack_gate", "check_two_layer", "two_layer_reference",
           "backprop_sum", "torch_optimizer_steps", "check_optimizer_steps",
           "check_fresh_default_state", "check_initializer"]


def check_dict(value, keys, name="결과"):
    """Fail unless ``value`` is a dict holding every key in ``keys``."""
    check_true(isinstance(value, dict),
               f"{name}: 딕셔너리(dict)를 돌려주어야 하는데 {type(value).__name__}입니다. "
               f"예: return {{{', '.join(repr(k) + ': ...' for k in keys)}}}")
    missing = [k for k in keys if k not in value]
    check_true(not missing, f"{name}: 키(key) {missing}가 없습니다. 필요한 키: {list(keys)}")


def unpack_gate(params, gate):
    """Check one entry of a ``gate_params()`` dict (chapter 01); return (w float (2,), b)."""
    check_true(isinstance(params, dict), f"gate_params(): 사전(dict)을 돌려줘야 하는데 "
               f"{type(params).__name__}입니다.")
    check_true(gate in params, f"gate_params(): 키(key) {gate!r}가 없습니다.")
    entry = params[gate]
    check_true(isinstance(entry, (tuple, list)) and len(entry) == 2,
               f"gate_params()[{gate!r}]: (w, b) 두 개짜리 튜플(tuple)이어야 합니다.")
    w = to_numpy(entry[0], f"{gate}의 가중치 w")
    check_shape(w, (2,), f"{gate}의 가중치 w")
    b = to_numpy(entry[1], f"{gate}의 편향 b")
    check_shape(b, (), f"{gate}의 편향 b (숫자 하나)")
    return w, float(b)


def check_two_layer(net, fc1, fc2, sizes, name):
    """Check two nn.Linear layers of sizes (n_in, n_hidden, n_out) and the parameter count
    of ``net`` (chapter 06)."""
    from torch import nn

    n_in, n_hidden, n_out = sizes
    for layer, (rows, cols), what in [(fc1, (n_hidden, n_in), "첫 번째 Linear 층"),
                                      (fc2, (n_out, n_hidden), "두 번째 Linear 층")]:
        check_true(isinstance(layer, nn.Linear),
                   f"{name}: {what}이 nn.Linear여야 하는데 {type(layer).__name__}입니다.")
        check_shape(to_numpy(layer.weight), (rows, cols),
                    f"{name}: {what}의 weight (nn.Linear({cols}, {rows})의 weight는 "
                    f"(출력, 입력) = ({rows}, {cols}) 모양)")
        check_true(layer.bias is not None, f"{name}: {what}에 편향(bias)이 있어야 합니다.")
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


def backprop_sum(net, x):
    """Backpropagate ``net(x).sum()`` from a fresh copy of ``x`` that requires gradients.

    Returns ``{"x": dL/dx as a numpy array or None, "params": [dL/dp or None, ...]}``: what
    reaches the input and each parameter. Tests run it where the student's network lives
    (``dlcourse.grading.call_in_notebook``) and compare it with gradients they compute.
    """
    import torch

    x = torch.as_tensor(x).detach().clone().requires_grad_(True)
    params = list(net.parameters())
    for p in params:
        p.grad = None
    net(x).sum().backward()
    return {"x": None if x.grad is None else x.grad.numpy(),
            "params": [None if p.grad is None else p.grad.detach().numpy() for p in params]}


def torch_optimizer_steps(make_optimizer, w0, grads):
    """Weights after each step of a ``torch.optim`` optimizer fed the given gradients.

    make_optimizer: params -> optimizer, e.g. ``lambda ps: torch.optim.Adam(ps, lr=0.1)``.
    w0: float array (any shape); grads: sequence of arrays of w0's shape.
    Returns a list of float64 arrays, one per step (chapter 04's reference).
    """
    import torch

    p = torch.tensor(np.asarray(w0, dtype=np.float64), requires_grad=True)
    optimizer = make_optimizer([p])
    out = []
    for g in grads:
        p.grad = torch.tensor(np.asarray(g, dtype=np.float64))
        optimizer.step()
        out.append(p.detach().numpy().copy())
    return out


def check_optimizer_steps(update, make_optimizer, w0, grads, config, what, hint=None):
    """Run ``update(w, dw, config) -> (next_w, config)`` step by step (CS231n's optimizer API)
    and compare every step with ``torch_optimizer_steps``; the inputs of each call must come
    back unchanged. ``config`` is passed to the first call as given (None or a dict)."""
    expected = torch_optimizer_steps(make_optimizer, w0, grads)
    w = np.array(w0, dtype=np.float64)
    for k, g in enumerate(grads):
        w_in, g_in = w.copy(), np.array(g, dtype=np.float64)
        out = update(w_in, g_in, config)
        check_true(isinstance(out, tuple) and len(out) == 2,
                   f"{what}: (next_w, config) 두 값을 돌려주어야 합니다.")
        w_new, config = out
        check_array(w_in, w, name=f"{what}, {k + 1}번째 step의 입력 w (바꾸면 안 됩니다)")
        check_array(g_in, g, name=f"{what}, {k + 1}번째 step의 입력 dw (바꾸면 안 됩니다)")
        w = check_array(w_new, expected[k], rtol=1e-9, atol=1e-12,
                        name=f"{what}: {k + 1}번째 step 뒤의 가중치 (torch.optim과 비교)",
                        hint=hint)


def check_fresh_default_state(update, name, make_optimizer):
    """Two calls ``update(w, dw)`` without a config must each start from a fresh state: a
    mutable default argument (``config={}``) would carry the first call's state into the
    second. Both results are compared with one step of ``make_optimizer``."""
    w0, g = np.array([0.5, -1.0, 2.0]), np.array([0.3, -2.0, 0.0])
    expected = torch_optimizer_steps(make_optimizer, w0, [g])[0]
    for call in ("첫", "둘째"):
        out = update(w0.copy(), g.copy())
        check_true(isinstance(out, tuple) and len(out) == 2,
                   f"{name}: (next_w, config) 두 값을 돌려주어야 합니다.")
        check_array(out[0], expected, rtol=1e-9, atol=1e-12,
                    name=f"config 없이 부른 {call} 번째 {name}(w, dw)",
                    hint="config를 주지 않은 호출은 매번 새 상태에서 시작합니다. 기본값을 "
                         "config={}로 두면 그 딕셔너리가 호출 사이에 공유됩니다: config=None으로 "
                         "두고 함수 안에서 {}를 만드세요.")


def check_initializer(fn, name, reference, torch_init, cases, hint=None):
    """Check an initializer ``fn(n_in, n_out, rng) -> (n_in, n_out)`` (chapter 08): the same
    draws as ``reference`` for each ``(n_in, n_out, seed)`` in ``cases``, and the standard
    deviation of ``torch_init`` (applied to a torch weight of shape (n_out, n_in)) on a
    400 -> 300 layer."""
    import torch

    for n_in, n_out, seed in cases:
        what = f"{name}({n_in}, {n_out}, rng)"
        w = to_numpy(fn(n_in, n_out, np.random.default_rng(seed)), what)
        check_shape(w, (n_in, n_out), f"{what} (모양 (n_in, n_out))")
        check_array(w, reference(n_in, n_out, np.random.default_rng(seed)), rtol=1e-12,
                    name=f"{name}({n_in}, {n_out}, rng(seed={seed}))", hint=hint)
    w = to_numpy(fn(400, 300, np.random.default_rng(0)), f"{name}(400, 300, rng)")
    t = torch_init(torch.empty(300, 400, dtype=torch.float64)).numpy()
    check_scalar(float(w.std()), float(t.std()), rtol=0.03,
                 name=f"{name}(400, 300)의 표준편차 (torch.nn.init과 비교)", hint=hint)
