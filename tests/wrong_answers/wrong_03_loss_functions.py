"""Plausible wrong answers for 03_loss_functions; each must lose points."""
from course_tools import Right, Wrong

CHAPTER = "03_loss_functions"

WRONG = [
    # mae
    Wrong("mae-sum", {"mae": '''
def mae(y_pred, y_true):
    return np.sum(np.abs(y_pred - y_true))
'''}, loses=("mae-test",), why="sum instead of mean"),
    Wrong("mae-abs-of-mean", {"mae": '''
def mae(y_pred, y_true):
    return np.abs(np.mean(y_pred - y_true))
'''}, loses=("mae-test",), why="absolute value of the mean error: signed errors cancel"),
    Wrong("mae-no-abs", {"mae": '''
def mae(y_pred, y_true):
    return np.mean(y_pred - y_true)
'''}, loses=("mae-test",), why="mean signed error"),
    Wrong("mae-axis-0", {"mae": '''
def mae(y_pred, y_true):
    return np.mean(np.abs(y_pred - y_true), axis=0)
'''}, loses=("mae-test",), why="mean over axis 0: a vector for 2-D inputs"),
    Wrong("mae-divides-by-rows", {"mae": '''
def mae(y_pred, y_true):
    return np.sum(np.abs(y_pred - y_true)) / len(y_pred)
'''}, loses=("mae-test",), why="divides by the number of rows, not of elements"),
    # mse
    Wrong("mse-rmse", {"mse": '''
def mse(y_pred, y_true):
    return np.sqrt(np.mean((y_pred - y_true) ** 2))
'''}, loses=("mse-test",), why="root mean squared error"),
    Wrong("mse-square-of-mean", {"mse": '''
def mse(y_pred, y_true):
    return np.mean(y_pred - y_true) ** 2
'''}, loses=("mse-test",), why="squares the mean error instead of averaging the squares"),
    Wrong("mse-sum", {"mse": '''
def mse(y_pred, y_true):
    return np.sum((y_pred - y_true) ** 2)
'''}, loses=("mse-test",), why="sum of squares"),
    Wrong("mse-variance", {"mse": '''
def mse(y_pred, y_true):
    return np.var(y_pred - y_true)
'''}, loses=("mse-test",), why="variance of the errors: subtracts the mean error"),
    Wrong("mse-half", {"mse": '''
def mse(y_pred, y_true):
    return 0.5 * np.mean((y_pred - y_true) ** 2)
'''}, loses=("mse-test",), why="the 1/2 convenience factor of some textbooks"),
    # mse_grad_w_b
    Wrong("grad-forgets-2", {"mse_grad_w_b": '''
def mse_grad_w_b(x, y, w, b):
    r = w * x + b - y
    return np.mean(x * r), np.mean(r)
'''}, loses=("mse_grad_w_b-test",), why="forgets the factor 2 of the square's derivative"),
    Wrong("grad-sign", {"mse_grad_w_b": '''
def mse_grad_w_b(x, y, w, b):
    r = y - (w * x + b)
    return 2 * np.mean(x * r), 2 * np.mean(r)
'''}, loses=("mse_grad_w_b-test",), why="y - y_hat: the sign is flipped"),
    Wrong("grad-dw-without-x", {"mse_grad_w_b": '''
def mse_grad_w_b(x, y, w, b):
    r = w * x + b - y
    return 2 * np.mean(r), 2 * np.mean(r)
'''}, loses=("mse_grad_w_b-test",), why="forgets the inner derivative x_i in dw"),
    Wrong("grad-sum-not-mean", {"mse_grad_w_b": '''
def mse_grad_w_b(x, y, w, b):
    r = w * x + b - y
    return 2 * np.sum(x * r), 2 * np.sum(r)
'''}, loses=("mse_grad_w_b-test",), why="forgets 1/n"),
    Wrong("grad-db-times-x", {"mse_grad_w_b": '''
def mse_grad_w_b(x, y, w, b):
    r = w * x + b - y
    return 2 * np.mean(x * r), 2 * np.mean(x * r)
'''}, loses=("mse_grad_w_b-test",), why="multiplies db by x as well"),
    Wrong("grad-swapped", {"mse_grad_w_b": '''
def mse_grad_w_b(x, y, w, b):
    r = w * x + b - y
    return 2 * np.mean(r), 2 * np.mean(x * r)
'''}, loses=("mse_grad_w_b-test",), why="returns (db, dw)"),
    # binary_cross_entropy
    Wrong("bce-no-clip", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
'''}, loses=("binary_cross_entropy-test",), why="no clipping: 0 * log(0) = NaN"),
    Wrong("bce-clip-low-only", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    p = np.maximum(p, eps)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
'''}, loses=("binary_cross_entropy-test",), why="clips only at 0: log(1 - 1) at p = 1"),
    Wrong("bce-no-minus", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    return np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
'''}, loses=("binary_cross_entropy-test",), why="the slide's missing minus sign"),
    Wrong("bce-log10", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    return -np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p))
'''}, loses=("binary_cross_entropy-test",), why="base-10 logarithm"),
    Wrong("bce-only-positive-term", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    return -np.mean(y * np.log(p))
'''}, loses=("binary_cross_entropy-test",), why="forgets the (1 - y) log(1 - p) term"),
    Wrong("bce-sum", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
'''}, loses=("binary_cross_entropy-test",), why="sum over patients instead of the mean"),
    Wrong("bce-ignores-eps", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
'''}, loses=("binary_cross_entropy-test",), why="hard-codes 1e-12 instead of the eps argument"),
    Wrong("bce-clip-in-place", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    np.clip(p, eps, 1 - eps, out=p)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
'''}, loses=("binary_cross_entropy-test",), why="clips the caller's array in place"),
    Wrong("bce-where-unclipped", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    return np.mean(np.where(y == 1, -np.log(p), -np.log(1 - p)))
'''}, loses=("binary_cross_entropy-test",),
        why="np.where evaluates both logs: log(0) warnings and no clipping"),
    # binary_cross_entropy_with_logits
    Wrong("bcel-naive-sigmoid-log", {"binary_cross_entropy_with_logits": '''
def binary_cross_entropy_with_logits(z, y):
    p = 1 / (1 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
'''}, loses=("binary_cross_entropy_with_logits-test",),
        why="sigmoid then log: log(0) and overflow for large |z|"),
    Wrong("bcel-sigmoid-then-clip", {"binary_cross_entropy_with_logits": '''
def binary_cross_entropy_with_logits(z, y):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    p = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
'''}, loses=("binary_cross_entropy_with_logits-test",),
        why="stable sigmoid and clipping cap the loss at 27.6: wrong for |z| > 28"),
    Wrong("bcel-naive-softplus", {"binary_cross_entropy_with_logits": '''
def binary_cross_entropy_with_logits(z, y):
    return np.mean(np.log(1 + np.exp(z)) - y * z)
'''}, loses=("binary_cross_entropy_with_logits-test",), why="exp(1000) overflows"),
    Wrong("bcel-sign-yz", {"binary_cross_entropy_with_logits": '''
def binary_cross_entropy_with_logits(z, y):
    return np.mean(np.maximum(z, 0) + y * z + np.log1p(np.exp(-np.abs(z))))
'''}, loses=("binary_cross_entropy_with_logits-test",), why="+ y z instead of - y z"),
    Wrong("bcel-max-missing", {"binary_cross_entropy_with_logits": '''
def binary_cross_entropy_with_logits(z, y):
    return np.mean(-y * z + np.log1p(np.exp(-np.abs(z))))
'''}, loses=("binary_cross_entropy_with_logits-test",),
        why="drops max(z, 0) when making log(1 + e^z) stable"),
    # categorical_cross_entropy
    Wrong("cce-mean-over-all", {"categorical_cross_entropy": '''
def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1.0)
    if np.shape(y) != np.shape(p):
        y = np.eye(p.shape[1])[y]
    return -np.mean(y * np.log(p))
'''}, loses=("categorical_cross_entropy-test",),
        why="averages over samples and classes (divides by n K)"),
    Wrong("cce-sum-over-samples", {"categorical_cross_entropy": '''
def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1.0)
    if np.shape(y) != np.shape(p):
        y = np.eye(p.shape[1])[y]
    return -np.sum(y * np.log(p))
'''}, loses=("categorical_cross_entropy-test",), why="no mean over the samples"),
    Wrong("cce-no-clip", {"categorical_cross_entropy": '''
def categorical_cross_entropy(p, y, eps=1e-12):
    if np.shape(y) != np.shape(p):
        y = np.eye(p.shape[1])[y]
    return -np.sum(y * np.log(p)) / p.shape[0]
'''}, loses=("categorical_cross_entropy-test",), why="0 * log(0) = NaN without clipping"),
    Wrong("cce-column-indexing", {"categorical_cross_entropy": '''
def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1.0)
    if np.shape(y) == np.shape(p):
        y = np.argmax(y, axis=1)
    return -np.mean(np.log(p[:, y]))
'''}, loses=("categorical_cross_entropy-test",), why="p[:, y] is (n, n), not one entry per row"),
    Wrong("cce-one-hot-only", {"categorical_cross_entropy": '''
def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1.0)
    return -np.sum(y * np.log(p)) / p.shape[0]
'''}, loses=("categorical_cross_entropy-test",),
        why="treats integer labels as one-hot: broadcasting error or silent nonsense"),
    Wrong("cce-labels-only", {"categorical_cross_entropy": '''
def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1.0)
    return -np.mean(np.log(p[np.arange(p.shape[0]), y]))
'''}, loses=("categorical_cross_entropy-test",), why="fails on one-hot targets"),
    Wrong("cce-no-minus", {"categorical_cross_entropy": '''
def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1.0)
    if np.shape(y) != np.shape(p):
        y = np.eye(p.shape[1])[y]
    return np.sum(y * np.log(p)) / p.shape[0]
'''}, loses=("categorical_cross_entropy-test",), why="slide 4-3-4 as printed: no minus sign"),
    Wrong("cce-ignores-eps", {"categorical_cross_entropy": '''
def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, 1e-12, 1.0)
    if np.shape(y) != np.shape(p):
        y = np.eye(p.shape[1])[y]
    return -np.sum(y * np.log(p)) / p.shape[0]
'''}, loses=("categorical_cross_entropy-test",), why="hard-codes 1e-12"),
    # cross_entropy_with_logits
    Wrong("cel-log-of-softmax", {"cross_entropy_with_logits": '''
def cross_entropy_with_logits(z, y):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    return -np.mean(np.log(p[np.arange(len(y)), y]))
'''}, loses=("cross_entropy_with_logits-test",),
        why="stable softmax, then log: a probability that rounds to 0 gives inf"),
    Wrong("cel-no-max", {"cross_entropy_with_logits": '''
def cross_entropy_with_logits(z, y):
    lse = np.log(np.sum(np.exp(z), axis=1))
    return np.mean(lse - z[np.arange(len(y)), y])
'''}, loses=("cross_entropy_with_logits-test",), why="log-sum-exp without the maximum: overflow"),
    Wrong("cel-global-max", {"cross_entropy_with_logits": '''
def cross_entropy_with_logits(z, y):
    m = np.max(z)
    lse = m + np.log(np.sum(np.exp(z - m), axis=1))
    return np.mean(lse - z[np.arange(len(y)), y])
'''}, loses=("cross_entropy_with_logits-test",),
        why="one global maximum: rows far below it give log(0)"),
    Wrong("cel-sign", {"cross_entropy_with_logits": '''
def cross_entropy_with_logits(z, y):
    m = np.max(z, axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1))
    return np.mean(z[np.arange(len(y)), y] - lse)
'''}, loses=("cross_entropy_with_logits-test",), why="log softmax without the minus sign"),
    Wrong("cel-column-indexing", {"cross_entropy_with_logits": '''
def cross_entropy_with_logits(z, y):
    m = np.max(z, axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))
    return np.mean(lse - z[:, y])
'''}, loses=("cross_entropy_with_logits-test",), why="z[:, y] picks whole columns"),
    Wrong("cel-mean-over-classes", {"cross_entropy_with_logits": '''
def cross_entropy_with_logits(z, y):
    m = np.max(z, axis=1, keepdims=True)
    log_p = z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))
    return -np.mean(np.eye(z.shape[1])[y] * log_p)
'''}, loses=("cross_entropy_with_logits-test",), why="mean over the (n, K) array: divides by n K"),
]

RIGHT = [
    Right("mae-torch", {"mae": '''
def mae(y_pred, y_true):
    return torch.nn.L1Loss()(torch.as_tensor(y_pred), torch.as_tensor(y_true)).item()
'''}, why="calls torch's L1Loss"),
    Right("mae-loop", {"mae": '''
def mae(y_pred, y_true):
    diffs = (np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)).ravel()
    total = 0.0
    for d in diffs:
        total += abs(d)
    return total / len(diffs)
'''}, why="a plain loop over the flattened errors"),
    Right("mse-dot", {"mse": '''
def mse(y_pred, y_true):
    d = (np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)).ravel()
    return d @ d / d.size
'''}, why="dot product of the flattened errors with themselves"),
    Right("mse-returns-0d-array", {"mse": '''
def mse(y_pred, y_true):
    return np.mean(np.square(np.subtract(y_true, y_pred)), keepdims=False)
'''}, why="y_true - y_pred squared; returns a numpy scalar"),
    Right("grad-autograd", {"mse_grad_w_b": '''
def mse_grad_w_b(x, y, w, b):
    wt = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    xt = torch.as_tensor(np.asarray(x, dtype=float))
    yt = torch.as_tensor(np.asarray(y, dtype=float))
    torch.mean((wt * xt + bt - yt) ** 2).backward()
    return wt.grad.item(), bt.grad.item()
'''}, why="lets torch.autograd compute the derivatives"),
    Right("grad-list-and-dot", {"mse_grad_w_b": '''
def mse_grad_w_b(x, y, w, b):
    r = w * x + b - y
    return [2 * np.dot(x, r) / len(x), 2 * r.sum() / len(x)]
'''}, why="np.dot, returned as a list"),
    Right("bce-minimum-maximum", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    p = np.minimum(np.maximum(p, eps), 1 - eps)
    return np.mean(-y * np.log(p) - (1 - y) * np.log1p(-p))
'''}, why="np.minimum/np.maximum instead of np.clip, log1p(-p) for log(1 - p)"),
    Right("bce-where-after-clip", {"binary_cross_entropy": '''
def binary_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    return float(np.mean(np.where(y == 1, -np.log(p), -np.log(1 - p))))
'''}, why="picks the branch with np.where after clipping (labels are 0/1)"),
    Right("bce-torch-clamped", {"binary_cross_entropy": '''
import sys

def binary_cross_entropy(p, y, eps=1e-12):
    print("using torch", file=sys.stderr)
    pt = torch.as_tensor(np.asarray(p, dtype=float)).clamp(eps, 1 - eps)
    yt = torch.as_tensor(np.asarray(y, dtype=float))
    return torch.nn.functional.binary_cross_entropy(pt, yt).item()
'''}, why="torch's BCE on clamped probabilities, with a note on stderr"),
    Right("bcel-logaddexp", {"binary_cross_entropy_with_logits": '''
def binary_cross_entropy_with_logits(z, y):
    return np.mean(np.logaddexp(0.0, z) - y * z)
'''}, why="numpy's stable logaddexp(0, z) = log(1 + e^z)"),
    Right("bcel-two-softplus", {"binary_cross_entropy_with_logits": '''
def binary_cross_entropy_with_logits(z, y):
    def softplus(a):
        return np.maximum(a, 0) + np.log1p(np.exp(-np.abs(a)))
    return np.mean(y * softplus(-z) + (1 - y) * softplus(z))
'''}, why="-log sigmoid(z) = softplus(-z), -log(1 - sigmoid(z)) = softplus(z)"),
    Right("bcel-torch", {"binary_cross_entropy_with_logits": '''
def binary_cross_entropy_with_logits(z, y):
    zt = torch.as_tensor(np.asarray(z, dtype=float))
    yt = torch.as_tensor(np.asarray(y, dtype=float))
    return torch.nn.BCEWithLogitsLoss()(zt, yt).item()
'''}, why="calls torch's BCEWithLogitsLoss"),
    Right("cce-fancy-indexing", {"categorical_cross_entropy": '''
def categorical_cross_entropy(p, y, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    y = np.asarray(y)
    if y.shape == p.shape:
        y = y.argmax(axis=1)
    return -np.mean(np.log(p[np.arange(len(p)), y]))
'''}, why="one-hot -> labels with argmax, then picks the true-class entries"),
    Right("cce-torch-nll", {"categorical_cross_entropy": '''
def categorical_cross_entropy(p, y, eps=1e-12):
    y = np.asarray(y)
    if y.shape == np.shape(p):
        y = y.argmax(axis=1)
    log_p = torch.log(torch.as_tensor(np.clip(p, eps, 1.0)))
    return torch.nn.NLLLoss()(log_p, torch.as_tensor(y)).item()
'''}, why="torch's NLLLoss on the log of the clipped probabilities"),
    Right("cel-log-softmax-onehot", {"cross_entropy_with_logits": '''
def cross_entropy_with_logits(z, y):
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.sum(np.eye(z.shape[1])[y] * log_p) / z.shape[0]
'''}, why="log-softmax matrix times one-hot targets"),
    Right("cel-torch", {"cross_entropy_with_logits": '''
def cross_entropy_with_logits(z, y):
    return torch.nn.functional.cross_entropy(torch.as_tensor(z), torch.as_tensor(y)).item()
'''}, why="calls torch's cross_entropy"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-A", {"concept-1": 'q1 = "A"\n'},
          loses=("concept-1-test",), why="thinks squaring shrinks large errors"),
    Wrong("concept-1-C", {"concept-1": 'q1 = "C"\n'},
          loses=("concept-1-test",), why="misses the difference"),
    Wrong("concept-2-0p5", {"concept-2": 'q2 = 0.5\n'},
          loses=("concept-2-test",), why="gives 1 - p"),
    Wrong("concept-2-0p301", {"concept-2": 'q2 = 0.301\n'},
          loses=("concept-2-test",), why="uses the base-10 logarithm"),
    Wrong("concept-3-A", {"concept-3": 'q3 = "A"\n'},
          loses=("concept-3-test",), why="thinks the wrong classes count"),
    Wrong("concept-3-B", {"concept-3": 'q3 = "B"\n'},
          loses=("concept-3-test",), why="guesses"),
    Wrong("concept-4-2", {"concept-4": 'q4 = 2\n'},
          loses=("concept-4-test",), why="gives the MAE"),
    Wrong("concept-4-10", {"concept-4": 'q4 = 10\n'},
          loses=("concept-4-test",), why="sums instead of averaging"),
]

RIGHT += [
    Right("concept-1-lower-case", {"concept-1": 'q1 = " b "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-2-computed", {"concept-2": 'q2 = -np.log(0.5)\n'}, why="computed"),
    Right("concept-2-rounded-to-three-dec", {"concept-2": 'q2 = 0.693\n'},
          why="rounded to three decimals"),
    Right("concept-3-lower-case", {"concept-3": 'q3 = " c "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-computed", {"concept-4": 'q4 = (1 + 9) / 2\n'}, why="computed"),
]
