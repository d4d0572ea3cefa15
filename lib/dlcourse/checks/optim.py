"""Chapter 04 (gradient descent and the optimizers)."""
import numpy as np
import torch
import torch.nn.functional as F

from ..grading import check_array, check_true

__all__ = ["torch_optimizer_steps", "check_optimizer_steps", "check_fresh_default_state",
           "check_count", "torch_minibatch_sgd"]


def torch_optimizer_steps(make_optimizer, w0, grads):
    """Weights after each step of a ``torch.optim`` optimizer fed the given gradients.

    make_optimizer: params -> optimizer, e.g. ``lambda ps: torch.optim.Adam(ps, lr=0.1)``.
    w0: float array (any shape); grads: sequence of arrays of w0's shape.
    Returns a list of float64 arrays, one per step (chapter 04's reference).
    """
    p = torch.tensor(np.asarray(w0, dtype=np.float64), requires_grad=True)
    optimizer = make_optimizer([p])
    out = []
    for g in grads:
        p.grad = torch.tensor(np.asarray(g, dtype=np.float64))
        optimizer.step()
        out.append(p.detach().numpy().copy())
    return out


def check_optimizer_steps(update, make_optimizer, w0, grads, config, what, hint=None,
                          misconception=None):
    """Run ``update(w, dw, config) -> (next_w, config)`` step by step (CS231n's optimizer API)
    and compare every step with ``torch_optimizer_steps``; the inputs of each call must come
    back unchanged. ``config`` is passed to the first call as given (None or a dict); a wrong
    step names ``misconception`` (see :mod:`dlcourse.grading`)."""
    expected = torch_optimizer_steps(make_optimizer, w0, grads)
    w = np.array(w0, dtype=np.float64)
    for k, g in enumerate(grads):
        w_in, g_in = w.copy(), np.array(g, dtype=np.float64)
        out = update(w_in, g_in, config)
        check_true(isinstance(out, tuple) and len(out) == 2,
                   f"{what}: (next_w, config) 두 값을 돌려주어야 합니다.",
                   misconception="return-contract")
        w_new, config = out
        check_array(w_in, w, name=f"{what}, {k + 1}번째 step의 입력 w (바꾸면 안 됩니다)",
                    misconception="mutates-input")
        check_array(g_in, g, name=f"{what}, {k + 1}번째 step의 입력 dw (바꾸면 안 됩니다)",
                    misconception="mutates-input")
        w = check_array(w_new, expected[k], rtol=1e-9, atol=1e-12,
                        name=f"{what}: {k + 1}번째 step 뒤의 가중치 (torch.optim과 비교)",
                        hint=hint, misconception=misconception)


def check_fresh_default_state(update, name, make_optimizer):
    """Two calls ``update(w, dw)`` without a config must each start from a fresh state: a
    mutable default argument (``config={}``) would carry the first call's state into the
    second. Both results are compared with one step of ``make_optimizer``."""
    w0, g = np.array([0.5, -1.0, 2.0]), np.array([0.3, -2.0, 0.0])
    expected = torch_optimizer_steps(make_optimizer, w0, [g])[0]
    for call in ("첫", "둘째"):
        out = update(w0.copy(), g.copy())
        check_true(isinstance(out, tuple) and len(out) == 2,
                   f"{name}: (next_w, config) 두 값을 돌려주어야 합니다.",
                   misconception="return-contract")
        check_array(out[0], expected, rtol=1e-9, atol=1e-12,
                    name=f"config 없이 부른 {call} 번째 {name}(w, dw)",
                    hint="config를 주지 않은 호출은 매번 새 상태에서 시작합니다. 기본값을 "
                         "config={}로 두면 그 딕셔너리가 호출 사이에 공유됩니다: config=None으로 "
                         "두고 함수 안에서 {}를 만드세요.", misconception="mutable-default")


def check_count(value, name):
    """Fail unless ``value`` is an integer (Python or numpy, not bool): a count of iterations."""
    check_true(isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)),
               f"{name}: 정수(int)를 돌려주어야 하는데 {type(value).__name__}입니다.",
               hint="/ 대신 정수 나눗셈 //를 쓰세요 (올림은 -(-n // b)).", misconception="rounding")


def torch_minibatch_sgd(X, y, learning_rate=0.05, batch_size=32, n_epochs=10, seed=0):
    """Mini-batch SGD of a linear regression written with torch autograd and ``torch.optim.SGD``
    (chapter 04's ``minibatch_sgd`` contract): X (n, d) and y (n,) numbers, w = 0 and b = 0 at
    first, batches in the order of one ``np.random.default_rng(seed).permutation(n)`` per
    epoch. Returns (w (d,), b float, the MSE on all of X after each epoch (n_epochs,))."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    w = torch.zeros(X.shape[1], dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=learning_rate)
    order = np.random.default_rng(seed)
    history = []
    for _ in range(n_epochs):
        for idx in torch.split(torch.from_numpy(order.permutation(len(y))), batch_size):
            opt.zero_grad()
            F.mse_loss(Xt[idx] @ w + b, yt[idx]).backward()
            opt.step()
        with torch.no_grad():
            history.append(F.mse_loss(Xt @ w + b, yt).item())
    return w.detach().numpy(), b.item(), np.array(history)
