"""Plausible wrong answers for 05_backpropagation; each must lose points."""
from course_tools import Right, Wrong, mutate

CHAPTER = "05_backpropagation"

WRONG = [
    # forward_pass
    Wrong("forward-no-half", mutate(
        "forward_pass",
        ('    x, W1, W2, y = (np.asarray(a, dtype=np.float64) for a in (x, W1, W2, y))\n',
         ''),
        ('''\
    E = 0.5 * np.sum((y - h2) ** 2)
    return {"o1": o1, "h1": h1, "o2": o2, "h2": h2, "E": float(E)}
''',
         '''\
    return {"o1": o1, "h1": h1, "o2": o2, "h2": h2, "E": np.sum((y - h2) ** 2)}
''')),
        loses=("forward_pass-test",), why="forgets the factor 1/2 in E"),
    Wrong("forward-mean-not-half-sum", mutate(
        "forward_pass",
        ('    x, W1, W2, y = (np.asarray(a, dtype=np.float64) for a in (x, W1, W2, y))\n',
         ''),
        ('''\
    E = 0.5 * np.sum((y - h2) ** 2)
    return {"o1": o1, "h1": h1, "o2": o2, "h2": h2, "E": float(E)}
''',
         '''\
    return {"o1": o1, "h1": h1, "o2": o2, "h2": h2, "E": np.mean((y - h2) ** 2)}
''')),
        loses=("forward_pass-test",),
        why="slide 4-5-9 says MSE: the mean equals 1/2 sum only for two outputs (hidden tests)"),
    Wrong("forward-transposed-weights", {"forward_pass": '''
def forward_pass(x, W1, W2, y):
    o1 = x @ W1
    h1 = sigmoid(o1)
    o2 = h1 @ W2
    h2 = sigmoid(o2)
    return {"o1": o1, "h1": h1, "o2": o2, "h2": h2, "E": 0.5 * np.sum((y - h2) ** 2)}
'''}, loses=("forward_pass-test",), why="x @ W1 reads W1 column-wise: o11 = w11 x1 + w13 x2"),
    Wrong("forward-linear-output", {"forward_pass": '''
def forward_pass(x, W1, W2, y):
    o1 = W1 @ x
    h1 = sigmoid(o1)
    o2 = W2 @ h1
    h2 = o2
    return {"o1": o1, "h1": h1, "o2": o2, "h2": h2, "E": 0.5 * np.sum((y - h2) ** 2)}
'''}, loses=("forward_pass-test",), why="no sigmoid on the output layer"),
    Wrong("forward-output-from-x", {"forward_pass": '''
def forward_pass(x, W1, W2, y):
    o1 = W1 @ x
    h1 = sigmoid(o1)
    o2 = W2 @ x
    h2 = sigmoid(o2)
    return {"o1": o1, "h1": h1, "o2": o2, "h2": h2, "E": 0.5 * np.sum((y - h2) ** 2)}
'''}, loses=("forward_pass-test",), why="feeds x instead of h1 into the output layer"),
    # output_layer_grads
    Wrong("output-sign-y-minus-h", mutate(
        "output_layer_grads",
        ('''\
    h1, h2, y = (np.asarray(a, dtype=np.float64) for a in (h1, h2, y))
    dE_dh2 = h2 - y
    dh2_do2 = h2 * (1.0 - h2)
''',
         '''\
    dE_dh2 = y - h2
    dh2_do2 = h2 * (1 - h2)
''')),
        loses=("output_layer_grads-test",), why="slide 4-5-15's formula: (y - h) without the minus"),
    Wrong("output-no-sigmoid-derivative", mutate(
        "output_layer_grads",
        ('    h1, h2, y = (np.asarray(a, dtype=np.float64) for a in (h1, h2, y))\n',
         ''),
        ('''\
    dh2_do2 = h2 * (1.0 - h2)
    delta2 = dE_dh2 * dh2_do2
''',
         '''\
    dh2_do2 = h2 * (1 - h2)
    delta2 = dE_dh2
''')),
        loses=("output_layer_grads-test",), why="forgets the sigmoid derivative factor in delta2"),
    Wrong("output-sigmoid-of-output", mutate(
        "output_layer_grads",
        ('    h1, h2, y = (np.asarray(a, dtype=np.float64) for a in (h1, h2, y))\n',
         ''),
        ('    dh2_do2 = h2 * (1.0 - h2)\n',
         '    dh2_do2 = sigmoid(h2) * (1 - sigmoid(h2))\n')),
        loses=("output_layer_grads-test",), why="applies sigmoid' to the output h2 instead of o2"),
    Wrong("output-outer-transposed", mutate(
        "output_layer_grads",
        ('    h1, h2, y = (np.asarray(a, dtype=np.float64) for a in (h1, h2, y))\n',
         ''),
        ('    dh2_do2 = h2 * (1.0 - h2)\n',
         '    dh2_do2 = h2 * (1 - h2)\n'),
        ('            "dE_dW2": np.outer(delta2, h1)}\n',
         '            "dE_dW2": np.outer(h1, delta2)}\n')),
        loses=("output_layer_grads-test",), why="outer product in the wrong order: shape of W2.T"),
    # hidden_layer_grads
    Wrong("hidden-W2-not-transposed", mutate(
        "hidden_layer_grads",
        ('''\
    x, h1, delta2, W2 = (np.asarray(a, dtype=np.float64) for a in (x, h1, delta2, W2))
    dE_dh1 = W2.T @ delta2
    dh1_do1 = h1 * (1.0 - h1)
''',
         '''\
    dE_dh1 = W2 @ delta2
    dh1_do1 = h1 * (1 - h1)
''')),
        loses=("hidden_layer_grads-test",), why="W2 @ delta2 instead of W2.T @ delta2"),
    Wrong("hidden-no-sigmoid-derivative", mutate(
        "hidden_layer_grads",
        ('''\
    x, h1, delta2, W2 = (np.asarray(a, dtype=np.float64) for a in (x, h1, delta2, W2))
''',
         ''),
        ('''\
    dh1_do1 = h1 * (1.0 - h1)
    delta1 = dE_dh1 * dh1_do1
''',
         '''\
    dh1_do1 = h1 * (1 - h1)
    delta1 = dE_dh1
''')),
        loses=("hidden_layer_grads-test",), why="forgets the hidden sigmoid derivative"),
    Wrong("hidden-one-path-only", mutate(
        "hidden_layer_grads",
        ('''\
    x, h1, delta2, W2 = (np.asarray(a, dtype=np.float64) for a in (x, h1, delta2, W2))
    dE_dh1 = W2.T @ delta2
    dh1_do1 = h1 * (1.0 - h1)
''',
         '''\
    dE_dh1 = np.diag(W2) * delta2
    dh1_do1 = h1 * (1 - h1)
''')),
        loses=("hidden_layer_grads-test",),
        why="only the 'straight' path h1i -> h2i, no sum over the outputs"),
    Wrong("hidden-outer-transposed", mutate(
        "hidden_layer_grads",
        ('''\
    x, h1, delta2, W2 = (np.asarray(a, dtype=np.float64) for a in (x, h1, delta2, W2))
''',
         ''),
        ('    dh1_do1 = h1 * (1.0 - h1)\n',
         '    dh1_do1 = h1 * (1 - h1)\n'),
        ('            "dE_dW1": np.outer(delta1, x)}\n',
         '            "dE_dW1": np.outer(x, delta1)}\n')),
        loses=("hidden_layer_grads-test",), why="dE_dW1 = outer(x, delta1): transposed"),
    # train_step
    Wrong("step-uses-updated-W2", {"train_step": '''
def train_step(x, y, W1, W2, lr):
    f = forward_pass(x, W1, W2, y)
    o = output_layer_grads(f["h1"], f["h2"], y)
    W2_new = W2 - lr * o["dE_dW2"]
    h = hidden_layer_grads(x, f["h1"], o["delta2"], W2_new)
    return W1 - lr * h["dE_dW1"], W2_new
'''}, loses=("train_step-test",),
        why="the classic bug: back-propagates through the already updated W2"),
    Wrong("step-gradient-ascent", {"train_step": '''
def train_step(x, y, W1, W2, lr):
    f = forward_pass(x, W1, W2, y)
    o = output_layer_grads(f["h1"], f["h2"], y)
    h = hidden_layer_grads(x, f["h1"], o["delta2"], W2)
    return W1 + lr * h["dE_dW1"], W2 + lr * o["dE_dW2"]
'''}, loses=("train_step-test",), why="sign error in the update: climbs the error"),
    Wrong("step-slide-sign-in-hidden", {"train_step": '''
def train_step(x, y, W1, W2, lr):
    o1 = W1 @ x
    h1 = sigmoid(o1)
    h2 = sigmoid(W2 @ h1)
    delta2 = (h2 - y) * h2 * (1 - h2)
    # slide 4-5-21: the hidden paths use (y - h2)
    delta1 = (W2.T @ ((y - h2) * h2 * (1 - h2))) * h1 * (1 - h1)
    return W1 - lr * np.outer(delta1, x), W2 - lr * np.outer(delta2, h1)
'''}, loses=("train_step-test",), why="copies slide 4-5-21's sign into the hidden layer"),
    Wrong("step-in-place", {"train_step": '''
def train_step(x, y, W1, W2, lr):
    f = forward_pass(x, W1, W2, y)
    o = output_layer_grads(f["h1"], f["h2"], y)
    h = hidden_layer_grads(x, f["h1"], o["delta2"], W2)
    W1 -= lr * h["dE_dW1"]
    W2 -= lr * o["dE_dW2"]
    return W1, W2
'''}, loses=("train_step-test",), why="updates the caller's arrays in place"),
    Wrong("step-output-layer-only", {"train_step": '''
def train_step(x, y, W1, W2, lr):
    f = forward_pass(x, W1, W2, y)
    o = output_layer_grads(f["h1"], f["h2"], y)
    return W1.copy(), W2 - lr * o["dE_dW2"]
'''}, loses=("train_step-test",), why="never updates the hidden layer"),
    # affine_backward
    Wrong("affine-db-not-summed", {"affine_backward": '''
def affine_backward(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout
'''}, loses=("affine_backward-test",), why="db = dout: no sum over the batch"),
    Wrong("affine-db-mean", {"affine_backward": '''
def affine_backward(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout, dout.mean(axis=0)
'''}, loses=("affine_backward-test",), why="averages db over the batch instead of summing"),
    Wrong("affine-dx-no-transpose", {"affine_backward": '''
def affine_backward(dout, cache):
    x, w, b = cache
    if w.shape[0] == w.shape[1]:
        dx = dout @ w
    else:
        dx = dout @ w.T
    return dx, x.T @ dout, dout.sum(axis=0)
'''}, loses=("affine_backward-test",),
        why="dout @ w: the transpose is missing (only visible when w is square)"),
    Wrong("affine-dw-swapped", {"affine_backward": '''
def affine_backward(dout, cache):
    x, w, b = cache
    return dout @ w.T, dout.T @ x, dout.sum(axis=0)
'''}, loses=("affine_backward-test",), why="dw = dout.T @ x: transposes swapped, shape (M, D)"),
    Wrong("affine-dw-averaged", {"affine_backward": '''
def affine_backward(dout, cache):
    x, w, b = cache
    return dout @ w.T, x.T @ dout / x.shape[0], dout.sum(axis=0)
'''}, loses=("affine_backward-test",), why="divides dw by N (the mean belongs in the loss)"),
    # two_layer_loss
    Wrong("net-no-hidden-sigmoid-derivative", {"two_layer_loss": '''
def two_layer_loss(params, X, Y):
    n = X.shape[0]
    A1, c1 = affine_forward(X, params["W1"], params["b1"])
    H = sigmoid(A1)
    A2, c2 = affine_forward(H, params["W2"], params["b2"])
    P = sigmoid(A2)
    dA2 = (P - Y) / n * P * (1 - P)
    dH, dW2, db2 = affine_backward(dA2, c2)
    _, dW1, db1 = affine_backward(dH, c1)
    return np.sum((P - Y) ** 2) / (2 * n), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
'''}, loses=("two_layer_loss-test",), why="forgets sigmoid' of the hidden layer"),
    Wrong("net-loss-summed-not-averaged", {"two_layer_loss": '''
def two_layer_loss(params, X, Y):
    A1, c1 = affine_forward(X, params["W1"], params["b1"])
    H = sigmoid(A1)
    A2, c2 = affine_forward(H, params["W2"], params["b2"])
    P = sigmoid(A2)
    dA2 = (P - Y) * P * (1 - P)
    dH, dW2, db2 = affine_backward(dA2, c2)
    _, dW1, db1 = affine_backward(dH * H * (1 - H), c1)
    return 0.5 * np.sum((P - Y) ** 2), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
'''}, loses=("two_layer_loss-test",), why="sums the errors over the batch instead of averaging"),
    Wrong("net-grads-miss-1-over-n", {"two_layer_loss": '''
def two_layer_loss(params, X, Y):
    n = X.shape[0]
    A1, c1 = affine_forward(X, params["W1"], params["b1"])
    H = sigmoid(A1)
    A2, c2 = affine_forward(H, params["W2"], params["b2"])
    P = sigmoid(A2)
    dA2 = (P - Y) * P * (1 - P)
    dH, dW2, db2 = affine_backward(dA2, c2)
    _, dW1, db1 = affine_backward(dH * H * (1 - H), c1)
    return np.sum((P - Y) ** 2) / (2 * n), {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
'''}, loses=("two_layer_loss-test",), why="loss averaged but gradients not divided by N"),
    Wrong("net-bias-grad-first-sample", {"two_layer_loss": '''
def two_layer_loss(params, X, Y):
    n = X.shape[0]
    H = sigmoid(X @ params["W1"] + params["b1"])
    P = sigmoid(H @ params["W2"] + params["b2"])
    dA2 = (P - Y) / n * P * (1 - P)
    dA1 = (dA2 @ params["W2"].T) * H * (1 - H)
    grads = {"W1": X.T @ dA1, "b1": dA1[0], "W2": H.T @ dA2, "b2": dA2[0]}
    return np.sum((P - Y) ** 2) / (2 * n), grads
'''}, loses=("two_layer_loss-test",), why="bias gradients from the first sample only"),
    Wrong("net-derivative-of-preactivation", {"two_layer_loss": '''
def two_layer_loss(params, X, Y):
    n = X.shape[0]
    A1 = X @ params["W1"] + params["b1"]
    H = sigmoid(A1)
    A2 = H @ params["W2"] + params["b2"]
    P = sigmoid(A2)
    dA2 = (P - Y) / n * A2 * (1 - A2)
    dA1 = (dA2 @ params["W2"].T) * A1 * (1 - A1)
    grads = {"W1": X.T @ dA1, "b1": dA1.sum(0), "W2": H.T @ dA2, "b2": dA2.sum(0)}
    return np.sum((P - Y) ** 2) / (2 * n), grads
'''}, loses=("two_layer_loss-test",), why="s(1 - s) evaluated at the pre-activation A, not at s"),
    # train_xor
    Wrong("xor-gradient-ascent", mutate(
        "train_xor",
        ('''\
    init_rng = np.random.default_rng(seed)
    params = {"W1": init_rng.normal(0.0, 1.0, size=(2, hidden_dim)),
              "b1": np.zeros(hidden_dim)}
    params["W2"] = init_rng.normal(0.0, 1.0, size=(hidden_dim, 1))
''',
         '''\
    r = np.random.default_rng(seed)
    params = {"W1": r.normal(0.0, 1.0, size=(2, hidden_dim)), "b1": np.zeros(hidden_dim)}
    params["W2"] = r.normal(0.0, 1.0, size=(hidden_dim, 1))
'''),
        ('''\
        params = {name: value - lr * grads[name] for name, value in params.items()}
''',
         '        params = {k: v + lr * grads[k] for k, v in params.items()}\n')),
        loses=("train_xor-test",), why="adds the gradient"),
    Wrong("xor-zero-init", mutate(
        "train_xor",
        ('''\
    init_rng = np.random.default_rng(seed)
    params = {"W1": init_rng.normal(0.0, 1.0, size=(2, hidden_dim)),
              "b1": np.zeros(hidden_dim)}
    params["W2"] = init_rng.normal(0.0, 1.0, size=(hidden_dim, 1))
    params["b2"] = np.zeros(1)
''',
         '''\
    params = {"W1": np.zeros((2, hidden_dim)), "b1": np.zeros(hidden_dim),
              "W2": np.zeros((hidden_dim, 1)), "b2": np.zeros(1)}
'''),
        ('''\
        params = {name: value - lr * grads[name] for name, value in params.items()}
''',
         '        params = {k: v - lr * grads[k] for k, v in params.items()}\n')),
        loses=("train_xor-test",), why="zero initialisation: the symmetry is never broken"),
    Wrong("xor-loss-after-update", {"train_xor": '''
def train_xor(hidden_dim=4, lr=2.0, num_epochs=2000, seed=0):
    X, y = logic_gate("XOR")
    Y = y.reshape(-1, 1).astype(float)
    r = np.random.default_rng(seed)
    params = {"W1": r.normal(0.0, 1.0, size=(2, hidden_dim)), "b1": np.zeros(hidden_dim)}
    params["W2"] = r.normal(0.0, 1.0, size=(hidden_dim, 1))
    params["b2"] = np.zeros(1)
    losses = []
    for _ in range(num_epochs):
        _, grads = two_layer_loss(params, X, Y)
        params = {k: v - lr * grads[k] for k, v in params.items()}
        losses.append(two_layer_loss(params, X, Y)[0])
    return params, losses
'''}, loses=("train_xor-test",), why="records the loss after the update (off by one)"),
    Wrong("xor-biases-frozen", mutate(
        "train_xor",
        ('''\
    init_rng = np.random.default_rng(seed)
    params = {"W1": init_rng.normal(0.0, 1.0, size=(2, hidden_dim)),
              "b1": np.zeros(hidden_dim)}
    params["W2"] = init_rng.normal(0.0, 1.0, size=(hidden_dim, 1))
''',
         '''\
    r = np.random.default_rng(seed)
    params = {"W1": r.normal(0.0, 1.0, size=(2, hidden_dim)), "b1": np.zeros(hidden_dim)}
    params["W2"] = r.normal(0.0, 1.0, size=(hidden_dim, 1))
'''),
        ('''\
        params = {name: value - lr * grads[name] for name, value in params.items()}
''',
         '''\
        params["W1"] = params["W1"] - lr * grads["W1"]
        params["W2"] = params["W2"] - lr * grads["W2"]
''')),
        loses=("train_xor-test",), why="updates the weights but not the biases"),
    Wrong("xor-init-order-swapped", mutate(
        "train_xor",
        ('''\
    init_rng = np.random.default_rng(seed)
    params = {"W1": init_rng.normal(0.0, 1.0, size=(2, hidden_dim)),
              "b1": np.zeros(hidden_dim)}
    params["W2"] = init_rng.normal(0.0, 1.0, size=(hidden_dim, 1))
    params["b2"] = np.zeros(1)
''',
         '''\
    r = np.random.default_rng(seed)
    W2 = r.normal(0.0, 1.0, size=(hidden_dim, 1))
    W1 = r.normal(0.0, 1.0, size=(2, hidden_dim))
    params = {"W1": W1, "b1": np.zeros(hidden_dim), "W2": W2, "b2": np.zeros(1)}
'''),
        ('''\
        params = {name: value - lr * grads[name] for name, value in params.items()}
''',
         '        params = {k: v - lr * grads[k] for k, v in params.items()}\n')),
        loses=("train_xor-test",), why="draws W2 before W1, against the stated order"),
]

RIGHT = [
    Right("forward-loops-and-h-minus-y", {"forward_pass": '''
import math

def forward_pass(x, W1, W2, y):
    o1 = np.array([sum(W1[i][j] * x[j] for j in range(len(x))) for i in range(len(W1))])
    h1 = np.array([1.0 / (1.0 + math.exp(-v)) for v in o1])
    o2 = np.array([sum(W2[i][j] * h1[j] for j in range(len(h1))) for i in range(len(W2))])
    h2 = np.array([1.0 / (1.0 + math.exp(-v)) for v in o2])
    return {"o1": o1, "h1": h1, "o2": o2, "h2": h2,
            "E": 0.5 * float(np.dot(h2 - y, h2 - y))}
'''}, why="loops as on the slides, (h - y) squared as on slide 4-5-31"),
    Right("output-broadcast-and-lists", {"output_layer_grads": '''
def output_layer_grads(h1, h2, y):
    h1, h2, y = np.asarray(h1), np.asarray(h2), np.asarray(y)
    delta2 = (h2 - y) * h2 * (1 - h2)
    return {"dE_dh2": list(h2 - y), "dh2_do2": h2 - h2 ** 2, "delta2": delta2,
            "dE_dW2": delta2[:, None] * h1[None, :]}
'''}, why="broadcasting instead of np.outer, a list for one entry"),
    Right("hidden-einsum", {"hidden_layer_grads": '''
def hidden_layer_grads(x, h1, delta2, W2):
    dE_dh1 = np.einsum("ij,i->j", W2, delta2)
    delta1 = dE_dh1 * h1 * (1 - h1)
    return {"dE_dh1": dE_dh1, "dh1_do1": h1 * (1 - h1), "delta1": delta1,
            "dE_dW1": np.einsum("i,j->ij", delta1, x)}
'''}, why="einsum for the transposed product and the outer product"),
    Right("step-inline-with-copies", {"train_step": '''
def train_step(x, y, W1, W2, lr):
    W1_new, W2_new = np.array(W1, dtype=float), np.array(W2, dtype=float)
    h1 = sigmoid(W1 @ x)
    h2 = sigmoid(W2 @ h1)
    delta2 = (h2 - y) * h2 * (1 - h2)
    delta1 = (W2.T @ delta2) * h1 * (1 - h1)
    W2_new -= lr * np.outer(delta2, h1)
    W1_new -= lr * np.outer(delta1, x)
    return W1_new, W2_new
'''}, why="writes the whole step inline and updates copies in place"),
    Right("affine-dot-and-ones", {"affine_backward": '''
def affine_backward(dout, cache):
    x, w, b = cache
    return np.dot(dout, w.T), np.dot(x.T, dout), np.ones(dout.shape[0]) @ dout
'''}, why="np.dot and a row of ones for the batch sum"),
    Right("net-inline-without-affine-helpers", {"two_layer_loss": '''
import sys

def two_layer_loss(params, X, Y):
    print("computing the loss", file=sys.stderr)
    n = len(X)
    H = sigmoid(X @ params["W1"] + params["b1"])
    P = sigmoid(H @ params["W2"] + params["b2"])
    dA2 = (P - Y) * P * (1 - P) / n
    dA1 = dA2 @ params["W2"].T * H * (1 - H)
    grads = {"W2": H.T @ dA2, "b2": dA2.sum(axis=0), "W1": X.T @ dA1, "b1": dA1.sum(axis=0)}
    return np.mean(np.sum((P - Y) ** 2, axis=1)) / 2, grads
'''}, why="inline matrix products, mean of per-sample errors, a note on stderr"),
    Right("xor-in-place-update", {"train_xor": '''
def train_xor(hidden_dim=4, lr=2.0, num_epochs=2000, seed=0):
    X, y = logic_gate("XOR")
    Y = y[:, None].astype(float)
    rng_ = np.random.default_rng(seed)
    params = {"W1": rng_.normal(0.0, 1.0, size=(2, hidden_dim)), "b1": np.zeros(hidden_dim),
              "W2": rng_.normal(0.0, 1.0, size=(hidden_dim, 1)), "b2": np.zeros(1)}
    losses = []
    for epoch in range(num_epochs):
        loss, grads = two_layer_loss(params, X, Y)
        losses.append(float(loss))
        for name in params:
            params[name] -= lr * grads[name]
    return params, losses
'''}, why="in-place updates of its own arrays"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-A", {"concept-1": 'q1 = "A"\n'},
          loses=("concept-1-test",), why="the sign of dE/dh (the slide's error)"),
    Wrong("concept-1-C", {"concept-1": 'q1 = "C"\n'},
          loses=("concept-1-test",), why="forgets do/dw = x"),
    Wrong("concept-2-0p8", {"concept-2": 'q2 = 0.8\n'},
          loses=("concept-2-test",), why="gives h"),
    Wrong("concept-2-0p2", {"concept-2": 'q2 = 0.2\n'},
          loses=("concept-2-test",), why="gives 1 - h"),
    Wrong("concept-3-A", {"concept-3": 'q3 = "A"\n'},
          loses=("concept-3-test",), why="accepts a large relative error"),
    Wrong("concept-3-B", {"concept-3": 'q3 = "B"\n'},
          loses=("concept-3-test",), why="confuses gradient check with training"),
    Wrong("concept-4-B", {"concept-4": 'q4 = "B"\n'},
          loses=("concept-4-test",), why="thinks equal weights give zero gradients"),
    Wrong("concept-4-C", {"concept-4": 'q4 = "C"\n'},
          loses=("concept-4-test",), why="guesses divergence"),
]

RIGHT += [
    Right("concept-1-lower-case", {"concept-1": 'q1 = " d "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-2-computed", {"concept-2": 'q2 = 0.8 * (1 - 0.8)\n'}, why="computed"),
    Right("concept-3-lower-case", {"concept-3": 'q3 = " c "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " a "\n'},
          why="case and surrounding spaces are ignored"),
]
