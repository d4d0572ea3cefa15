"""Checks that the test cells of particular chapters share (on top of ``dlcourse.grading``).

They live here, not in a notebook cell, because at grading time a test cell takes every
helper from the library: an answer cell can redefine a notebook's name, not this module's.
Each one works on the student's objects as they come (numpy arrays, tensors, modules) and,
at grading time, on the stand-ins for them that the grading engine passes in.
"""
import numpy as np

from .grading import (call_in_notebook, check_array, check_equal, check_scalar, check_shape,
                      check_true, graded_with, to_numpy)

__all__ = ["check_dict", "unpack_gate", "check_two_layer", "two_layer_reference",
           "backprop_sum", "torch_optimizer_steps", "check_optimizer_steps",
           "check_fresh_default_state", "check_initializer", "check_split_parts",
           "check_folds", "check_confusion_slide", "check_rates", "check_threshold_choice",
           "check_scalar_number", "small_cnn_reference", "check_small_cnn",
           "check_random_configs", "StepRecorder", "check_training_loop", "reference_epochs",
           "fixed_parameters",
           "load_parameters", "check_two_layer_output"]


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
                    f"(출력, 입력) = ({rows}, {cols}) 모양)",
                    hint=f"입력 {n_in} -> 은닉 {n_hidden} -> 출력 {n_out}: 첫 층은 "
                         f"nn.Linear({n_in}, {n_hidden}), 둘째 층은 nn.Linear({n_hidden}, {n_out})"
                         "입니다.")
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
    import torch

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
    ``relu(x W1^T + b1) W2^T + b2`` computed from those weights (chapter 06). Returns the
    output as a numpy array."""
    n_in, n_hidden, n_out = sizes
    params = fixed_parameters([(n_hidden, n_in), (n_hidden,), (n_out, n_hidden), (n_out,)],
                              seed)
    call_in_notebook(load_parameters, net, params)
    w1, b1, w2, b2 = (p.astype(np.float64) for p in params)
    flat = to_numpy(x).reshape(len(to_numpy(x)), -1)
    expected = np.maximum(flat @ w1.T + b1, 0.0) @ w2.T + b2
    return check_array(net(x), expected, rtol=rtol, atol=atol, name=name, hint=hint)


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
               f"{wanted // max(num_epochs, 1)}개) 불러야 하는데 {calls}번 불렀습니다.\n"
               "힌트(hint): 에포크마다 loader를 처음부터 한 번 돌고, 배치마다 train_step을 "
               "한 번 부르세요.")
    for i, ((X, y), (X_want, y_want)) in enumerate(zip(recorder.batches, expected_batches)):
        where = f"{name}: train_step의 {i + 1}번째 호출(에포크 {i * num_epochs // wanted + 1})"
        check_array(X, X_want, name=f"{where}에 넘긴 X_batch",
                    hint="loader가 내주는 배치를 순서대로, 그대로 넘기세요.")
        check_array(y, y_want, name=f"{where}에 넘긴 y_batch",
                    hint="loader가 내주는 배치의 y를 그대로 넘기세요.")
    return _check_history(history, expected_history, num_epochs, name)


def _check_history(history, expected, num_epochs, name, rtol=1e-9, atol=1e-12):
    got = to_numpy(history, f"{name}: train_epochs가 돌려준 손실 기록")
    check_shape(got, (num_epochs,), f"{name}: 손실 기록 (에포크마다 숫자 하나)",
                hint="배치마다가 아니라 에포크마다 숫자 하나: 에포크가 끝날 때 평균 손실을 "
                     "한 번 기록하세요.")
    check_array(got, expected, rtol=rtol, atol=atol,
                name=f"{name}: 에포크별 손실 (배치 손실의 표본 평균)",
                hint="(배치 손실 x 배치 크기)를 모두 더해 그 에포크의 표본 수로 나누세요. 배치 "
                     "크기가 다르면 배치 손실의 단순 평균과 다릅니다.")
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
                    hint="배치마다 zero_grad, 순전파, 손실, backward, step 순서입니다.")
    return got


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
        check_shape(w, (n_in, n_out), f"{what} (모양 (n_in, n_out))", hint=hint)
        check_array(w, reference(n_in, n_out, np.random.default_rng(seed)), rtol=1e-12,
                    name=f"{name}({n_in}, {n_out}, rng(seed={seed}))", hint=hint)
    w = to_numpy(fn(400, 300, np.random.default_rng(0)), f"{name}(400, 300, rng)")
    t = torch_init(torch.empty(300, 400, dtype=torch.float64)).numpy()
    check_scalar(float(w.std()), float(t.std()), rtol=0.03,
                 name=f"{name}(400, 300)의 표준편차 (torch.nn.init과 비교)", hint=hint)


def _index_array(value, name):
    got = to_numpy(value, name, kind="int")
    check_true(got.ndim == 1, f"{name}: 1차원 인덱스 배열(index array)이어야 하는데 모양(shape)이 "
                              f"{got.shape}입니다.")
    return got


def check_split_parts(parts, y, ratios, name, tolerance=2.0):
    """Check a train/validation/test split (chapter 09): three 1-D index arrays that together
    hold every index of ``y`` exactly once, each part (and each class within it) within
    ``tolerance`` samples of its share. Returns the three arrays."""
    check_true(isinstance(parts, (tuple, list)) and len(parts) == 3,
               f"{name}: (train_idx, val_idx, test_idx) 세 배열을 튜플(tuple)로 돌려주어야 합니다.")
    labels = ("train_idx", "val_idx", "test_idx")
    arrays = [_index_array(p, f"{name}의 {label}") for p, label in zip(parts, labels)]
    y = np.asarray(y).reshape(-1)
    n = len(y)
    joined = np.concatenate(arrays)
    outside = joined[(joined < 0) | (joined >= n)]
    check_true(outside.size == 0, f"{name}: 0..{n - 1} 밖의 인덱스 {outside[:3].tolist()}가 "
                                  "있습니다.")
    counts = np.bincount(joined, minlength=n)
    twice, missing = np.flatnonzero(counts > 1), np.flatnonzero(counts == 0)
    check_true(twice.size == 0, f"{name}: 인덱스 {twice[:5].tolist()}가 두 부분 이상에 들어 "
                                "있습니다.",
               hint="세 부분은 겹치지 않아야 합니다 (훈련에 쓴 환자를 평가에 쓰면 안 됩니다).")
    check_true(missing.size == 0, f"{name}: 인덱스 {missing[:5].tolist()}가 어느 부분에도 "
                                  "없습니다.",
               hint=f"모든 샘플({n}개)을 나누어야 합니다: 마지막 부분은 남은 것 전부입니다.")
    shares = np.asarray(ratios, dtype=np.float64)
    shares = shares / shares.sum()
    for arr, label, share in zip(arrays, labels, shares):
        check_true(bool(abs(len(arr) - share * n) <= tolerance),
                   f"{name}: {label}의 크기가 {len(arr)}인데, 비율대로라면 약 {share * n:.1f}"
                   "개입니다.",
                   hint="ratios를 합이 1이 되게 나누어 쓰세요 (예: (6, 2, 2) -> (0.6, 0.2, 0.2)).")
        for label_value in np.unique(y):
            n_class = int(np.sum(y == label_value))
            got = int(np.sum(y[arr] == label_value))
            shown = label_value.item() if isinstance(label_value, np.generic) else label_value
            check_true(bool(abs(got - share * n_class) <= tolerance),
                       f"{name}: {label}에 클래스 {shown!r}의 샘플이 {got}개인데, 층화"
                       f"(stratified)라면 약 {share * n_class:.1f}개입니다 (전체 {n_class}개의 "
                       f"{share:.0%}). 클래스마다 따로 섞어서 비율대로 자르세요.")
    return arrays


def check_folds(fold, expected, name, hint=None):
    """Check a fold-number array (chapter 09) against ``expected`` (n,): shape, whole numbers,
    the number of folds, then membership fold by fold."""
    got = to_numpy(fold, name, kind="int")
    expected = np.asarray(expected)
    check_shape(got, expected.shape, f"{name} (샘플마다 검증 분할 번호 하나)")
    k = int(expected.max()) + 1
    check_true(bool(got.min() >= 0 and got.max() == k - 1),
               f"{name}: 분할 번호는 0부터 {k - 1}까지여야 하는데 {int(got.min())}부터 "
               f"{int(got.max())}까지입니다.")
    different = np.flatnonzero(got != expected)
    if different.size:
        i = int(different[0])
        f = int(expected[i])
        wanted, members = np.flatnonzero(expected == f), np.flatnonzero(got == f)
        more = " ..."
        extra = f"\n힌트(hint): {hint}" if hint else ""
        check_true(False, f"{name}: 샘플 {i}의 겹 번호가 다릅니다. 기대값(expected) {f}, 받은 값"
                          f"(got) {int(got[i])}.\n  {f}번 겹의 기대한 샘플: "
                          f"{wanted[:12].tolist()}{more if wanted.size > 12 else ''}\n"
                          f"  {f}번 겹의 받은 샘플: {members[:12].tolist()}"
                          f"{more if members.size > 12 else ''}" + extra)
    return got


def check_confusion_slide(cm, y_true, y_pred, name):
    """Check a confusion matrix in the slide's layout ``[[TP, FP], [FN, TN]]`` (chapter 09)
    and, when it is another layout of the same counts, say which one."""
    from .metrics import confusion_slide, slide_to_sklearn

    got = to_numpy(cm, name, kind="int")
    check_shape(got, (2, 2), name)
    expected = confusion_slide(y_true, y_pred)
    if got.tolist() != expected.tolist():
        layouts = {"scikit-learn의 배치 [[TN, FP], [FN, TP]]": slide_to_sklearn(expected),
                   "전치(transpose) (행이 실제, 열이 예측이거나 FP와 FN을 바꿔 셈)": expected.T,
                   "행과 열의 순서가 클래스 0 먼저": expected[::-1, ::-1]}
        found = [label for label, m in layouts.items() if got.tolist() == m.tolist()]
        hint = (f"받은 행렬은 {found[0]}입니다. 슬라이드 4-8-6의 배치는 행이 예측(1, 0), "
                "열이 실제(1, 0)입니다." if found else
                "TP = 실제 1이고 예측 1, FP = 실제 0인데 예측 1, FN = 실제 1인데 예측 0, "
                "TN = 실제 0이고 예측 0의 개수입니다.")
        check_equal(got, expected, name=f"{name} [[TP, FP], [FN, TN]]", hint=hint)
    return got


_RATE_HINTS = {
    "accuracy": "정확도 = (TP + TN) / 전체",
    "recall": "재현율(민감도) = TP / (TP + FN): 실제 1 가운데 1로 맞힌 비율",
    "precision": "정밀도 = TP / (TP + FP): 1로 판정한 것 가운데 실제 1의 비율",
    "specificity": "특이도 = TN / (TN + FP): 실제 0 가운데 0으로 맞힌 비율",
    "f1": "F1 = 2 * 정밀도 * 재현율 / (정밀도 + 재현율)",
}


def check_rates(rates, expected, name):
    """Check a dict of classification rates (chapter 09) key by key against ``expected``."""
    check_dict(rates, list(expected), name)
    for key, value in expected.items():
        zero = "분모가 0이면 0.0입니다 (scikit-learn의 zero_division=0)."
        check_scalar(rates[key], value, name=f"{name}[{key!r}]", rtol=1e-9,
                     hint=f"{_RATE_HINTS[key]}. {zero}" if key in _RATE_HINTS else zero)


def check_threshold_choice(threshold, y_true, scores, target, name, hint=None):
    """Check a threshold chosen for a target sensitivity (chapter 09): predicting
    ``scores >= threshold`` positive (1) must reach ``target`` and keep the best specificity any
    threshold reaching it has. Returns (sensitivity, specificity) at the threshold. ``hint``
    replaces the general hint of a sensitivity below the target."""
    from .metrics import classification_rates, roc_points

    t = check_scalar_number(threshold, name)
    scores = np.asarray(scores, dtype=np.float64)
    rates = classification_rates(y_true, (scores >= t).astype(int))
    check_true(bool(rates["recall"] >= target - 1e-12),
               f"{name}: 문턱값 {t!r}에서 민감도(sensitivity)는 {rates['recall']:.4f}, 목표 "
               f"{target}보다 낮습니다.",
               hint=hint or "점수 >= 문턱값이면 1(악성)로 판정합니다. 목표는 민감도(TPR)입니다: "
                            "특이도나 FPR이 아니라 tpr >= 목표인 문턱값 가운데서 고르세요.")
    fpr, tpr, _ = roc_points(y_true, scores)
    best = float(1.0 - fpr[tpr >= target - 1e-12].min())
    check_true(bool(rates["specificity"] >= best - 1e-12),
               f"{name}: 문턱값 {t!r}에서 민감도는 목표({target}) 이상이지만 특이도(specificity)가 "
               f"{rates['specificity']:.4f}입니다. 목표에 닿는 문턱값 가운데 특이도가 가장 높은 "
               f"것은 {best:.4f}입니다.",
               hint="목표에 닿는 문턱값 가운데 가장 큰 것을 고르세요 (문턱값이 클수록 1로 판정하는 "
                    "것이 줄어 특이도가 올라갑니다). scikit-learn의 roc_curve는 기본값으로 한 직선 "
                    "위의 점을 지우므로 drop_intermediate=False로 부르세요.")
    return rates["recall"], rates["specificity"]


def check_scalar_number(value, name):
    """``value`` as a Python float, failing unless it is one finite or infinite number."""
    got = to_numpy(value, name)
    check_true(got.size == 1, f"{name}: 숫자 하나(scalar)가 와야 하는데 모양(shape) {got.shape}인 "
                              "배열입니다.")
    number = float(got.reshape(()))
    check_true(not np.isnan(number), f"{name}: NaN(숫자가 아님)이 반환되었습니다.")
    return number


def small_cnn_reference(x, params):
    """Chapter 10's CNN with the given parameters, in float64 with torch.nn.functional:
    conv 3x3 (padding 1) -> ReLU -> max pool 2 -> conv 3x3 (padding 1) -> ReLU -> max pool 2
    -> flatten -> linear. x: (N, 1, H, W); params: [w1, b1, w2, b2, w3, b3] arrays."""
    import torch
    import torch.nn.functional as F

    w1, b1, w2, b2, w3, b3 = (torch.tensor(np.asarray(p), dtype=torch.float64) for p in params)
    h = torch.as_tensor(np.asarray(x), dtype=torch.float64)
    h = F.max_pool2d(F.relu(F.conv2d(h, w1, b1, padding=1)), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, w2, b2, padding=1)), 2)
    return (h.flatten(1) @ w3.T + b3).numpy()


def check_small_cnn(net, channels, num_classes, name, seed=0, batch=5):
    """Check a network built as chapter 10's ``make_cnn(channels, num_classes)``: its
    parameter shapes, layer by layer, then, with fixed non-zero weights loaded into it, its
    output on 8x8 images against :func:`small_cnn_reference` with those weights."""
    import torch
    from torch import nn

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
                   hint=hint)
    # fixed non-zero weights, loaded where the network lives: the output must follow from them
    params = fixed_parameters(expected, seed + 1000)
    call_in_notebook(load_parameters, net, params)
    x = np.random.default_rng(seed).random((batch, 1, 8, 8)).astype(np.float32)
    with torch.no_grad():
        out = net(torch.tensor(x))
    check_array(out, small_cnn_reference(x, params), rtol=1e-4, atol=1e-5,
                name=f"{name}에 8x8 이미지 {batch}장을 넣은 출력 (로짓)",
                hint="Conv2d(3x3, padding=1) -> ReLU -> MaxPool2d(2)를 두 번, 그다음 Flatten -> "
                     "Linear 순서입니다. 마지막에는 활성화 함수를 붙이지 않습니다.")


def _plain(value):
    """A sampled value as a plain Python number or string (numpy scalars included)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def check_random_configs(sample, space, n, name):
    """Check ``n`` random configurations drawn from ``space`` (chapter 11): a list of dicts with
    exactly the space's names, every value inside its range or list, and, for large ``n``,
    spread as its distribution says (log-uniform: the same share in each quarter of the
    log-range; uniform and int: the mean; choice and int: every value drawn).
    Returns the configurations with plain Python values."""
    check_true(isinstance(sample, (list, tuple)),
               f"{name}: 설정(딕셔너리)들의 리스트(list)를 돌려주어야 하는데 "
               f"{type(sample).__name__}입니다.")
    check_true(len(sample) == n, f"{name}: 설정이 {n}개여야 하는데 {len(sample)}개입니다.",
               hint="n_trials번 뽑아 설정 하나씩, 모두 n_trials개를 돌려주세요.")
    configs = []
    for i, config in enumerate(sample):
        check_dict(config, list(space), f"{name}[{i}]")
        extra = [k for k in config if k not in space]
        check_true(not extra, f"{name}[{i}]: 공간(space)에 없는 이름 {extra}가 있습니다.")
        configs.append({k: _plain(config[k]) for k in space})
    for key, (kind, *args) in space.items():
        values = [c[key] for c in configs]
        if kind == "choice":
            bad = [v for v in values if v not in args[0]]
            check_true(not bad, f"{name}: {key!r}의 값 {bad[:3]}가 후보 {args[0]}에 없습니다.")
            if n >= 50 * len(args[0]):
                missing = [v for v in args[0] if v not in values]
                check_true(not missing, f"{name}: {key!r}의 후보 {missing}가 {n}번 뽑는 동안 "
                                        "한 번도 나오지 않았습니다.",
                           hint="후보마다 같은 확률로 뽑으세요 (rng.choice 또는 정수 인덱스).")
            continue
        numbers = to_numpy(values, f"{name}의 {key!r} 값들")
        low, high = args
        check_true(bool(numbers.min() >= low and numbers.max() <= high),
                   f"{name}: {key!r}의 값은 {low} 이상 {high} 이하여야 하는데 "
                   f"{numbers.min()}부터 {numbers.max()}까지입니다.")
        if kind == "int":
            check_true(all(isinstance(v, int) and not isinstance(v, bool) for v in values),
                       f"{name}: {key!r}의 값은 정수(int)여야 합니다.",
                   hint="int(rng.integers(...))처럼 파이썬 정수로 바꾸세요.")
            if n >= 50 * (high - low + 1):
                missing = sorted(set(range(low, high + 1)) - set(values))
                check_true(not missing, f"{name}: {key!r}의 값 {missing[:5]}가 한 번도 나오지 "
                                        "않았습니다.",
                           hint=f"양 끝 {low}, {high}를 모두 포함하세요: rng.integers의 high는 "
                                "포함되지 않으므로 high + 1을 넘깁니다.")
        if n < 400:
            continue
        if kind == "loguniform":
            shares = np.histogram(np.log(numbers), bins=4,
                                  range=(np.log(low), np.log(high)))[0] / n
            check_true(bool(np.all(np.abs(shares - 0.25) < 0.06)),
                       f"{name}: {key!r}는 로그 균등분포(log-uniform)여야 하는데, 로그 눈금의 네 "
                       f"구간에 든 비율이 {np.round(shares, 3).tolist()}입니다 (각각 약 0.25).",
                       hint="log(low)와 log(high) 사이에서 균등하게 뽑은 뒤 exp를 씌우세요. "
                            "생성기(rng)는 한 번 만들어 계속 쓰세요.")
        elif kind in ("uniform", "int"):
            middle = (low + high) / 2
            spread = (high - low) / np.sqrt(12 * n)
            check_true(bool(abs(numbers.mean() - middle) < 6 * spread + 1e-12),
                       f"{name}: {key!r}의 평균이 {numbers.mean():.4f}인데, {low}와 {high} 사이의 "
                       f"균등분포라면 약 {middle:.4f}입니다.",
                       hint="rng.uniform(low, high)처럼 범위 전체에서 고르게 뽑으세요.")
    return configs
