"""Plausible wrong answers for 04_gradient_descent; each must lose points."""
from course_tools import Right, Wrong, mutate

CHAPTER = "04_gradient_descent"

WRONG = [
    # gradient_descent
    Wrong("gd-ascent", mutate(
        "gradient_descent",
        ('    w = np.array(w0, dtype=np.float64)\n',
         '    w = np.array(w0, dtype=float)\n'),
        ('        w = w - learning_rate * grad_f(w)\n',
         '        w = w + learning_rate * grad_f(w)\n')),
        loses=("gradient_descent-test",), why="adds the gradient: gradient ascent"),
    Wrong("gd-in-place-aliasing", mutate(
        "gradient_descent",
        ('    w = np.array(w0, dtype=np.float64)\n',
         '    w = np.array(w0, dtype=float)\n'),
        ('        w = w - learning_rate * grad_f(w)\n',
         '        w -= learning_rate * grad_f(w)\n')),
        loses=("gradient_descent-test",), why="in-place update: every row is the last w"),
    Wrong("gd-missing-start", mutate(
        "gradient_descent",
        ('''\
    w = np.array(w0, dtype=np.float64)
    path = [w]
''',
         '''\
    w = np.array(w0, dtype=float)
    path = []
''')),
        loses=("gradient_descent-test",), why="leaves w0 out of the trajectory"),
    Wrong("gd-fixed-gradient", {"gradient_descent": '''
def gradient_descent(grad_f, w0, learning_rate, n_steps):
    g = grad_f(np.array(w0, dtype=float))
    path = [np.array(w0, dtype=float)]
    for _ in range(n_steps):
        path.append(path[-1] - learning_rate * g)
    return np.array(path)
'''}, loses=("gradient_descent-test",), why="uses the gradient at w0 for every step"),
    Wrong("gd-scalar-only", {"gradient_descent": '''
def gradient_descent(grad_f, w0, learning_rate, n_steps):
    path = np.zeros(n_steps + 1)
    path[0] = w0
    for k in range(n_steps):
        path[k + 1] = path[k] - learning_rate * grad_f(path[k])
    return path
'''}, loses=("gradient_descent-test",), why="preallocates a 1-D array: fails for vector w0"),
    Wrong("gd-integer-start", {"gradient_descent": '''
def gradient_descent(grad_f, w0, learning_rate, n_steps):
    w = np.array(w0)
    path = [w.copy()]
    for _ in range(n_steps):
        w -= learning_rate * grad_f(w)
        path.append(w.copy())
    return np.array(path)
'''}, loses=("gradient_descent-test",),
        why="keeps w0's dtype: an integer start cannot take a float step in place"),
    # iterations_per_epoch
    Wrong("ipe-always-floor", {"iterations_per_epoch": '''
def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    return n_samples // batch_size
'''}, loses=("iterations_per_epoch-test",), why="ignores the incomplete last batch"),
    Wrong("ipe-always-ceil", {"iterations_per_epoch": '''
import math

def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    return math.ceil(n_samples / batch_size)
'''}, loses=("iterations_per_epoch-test",), why="ignores drop_last"),
    Wrong("ipe-float-division", {"iterations_per_epoch": '''
def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    return n_samples / batch_size
'''}, loses=("iterations_per_epoch-test",), why="returns the float 4.0 (and 4.1 for 2050)"),
    Wrong("ipe-slide-typo", {"iterations_per_epoch": '''
def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    return batch_size // n_samples
'''}, loses=("iterations_per_epoch-test",), why="the slide's 500 / 2000"),
    Wrong("ipe-round", {"iterations_per_epoch": '''
def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    return int(round(n_samples / batch_size))
'''}, loses=("iterations_per_epoch-test",), why="rounds to the nearest integer"),
    # minibatch_sgd
    Wrong("mb-no-factor-2", {"minibatch_sgd": '''
def minibatch_sgd(X, y, learning_rate=0.05, batch_size=32, n_epochs=10, seed=0):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(n_epochs):
        perm = rng.permutation(n)
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            r = X[idx] @ w + b - y[idx]
            w, b = w - learning_rate * X[idx].T @ r / len(idx), b - learning_rate * r.mean()
        losses.append(np.mean((X @ w + b - y) ** 2))
    return w, b, np.array(losses)
'''}, loses=("minibatch_sgd-test",), why="gradient of MSE without the factor 2"),
    Wrong("mb-sum-not-mean", {"minibatch_sgd": '''
def minibatch_sgd(X, y, learning_rate=0.05, batch_size=32, n_epochs=10, seed=0):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(n_epochs):
        perm = rng.permutation(n)
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            r = X[idx] @ w + b - y[idx]
            w, b = w - learning_rate * 2 * X[idx].T @ r, b - learning_rate * 2 * r.sum()
        losses.append(np.mean((X @ w + b - y) ** 2))
    return w, b, np.array(losses)
'''}, loses=("minibatch_sgd-test",), why="sums the gradient over the batch, no average"),
    Wrong("mb-reseed-every-epoch", {"minibatch_sgd": '''
def minibatch_sgd(X, y, learning_rate=0.05, batch_size=32, n_epochs=10, seed=0):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    losses = []
    for _ in range(n_epochs):
        perm = np.random.default_rng(seed).permutation(n)
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            r = X[idx] @ w + b - y[idx]
            gw, gb = 2 * X[idx].T @ r / len(idx), 2 * r.mean()
            w, b = w - learning_rate * gw, b - learning_rate * gb
        losses.append(np.mean((X @ w + b - y) ** 2))
    return w, b, np.array(losses)
'''}, loses=("minibatch_sgd-test",), why="new generator each epoch: same order every epoch"),
    Wrong("mb-no-shuffle", {"minibatch_sgd": '''
def minibatch_sgd(X, y, learning_rate=0.05, batch_size=32, n_epochs=10, seed=0):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    losses = []
    for _ in range(n_epochs):
        for s in range(0, n, batch_size):
            idx = np.arange(s, min(s + batch_size, n))
            r = X[idx] @ w + b - y[idx]
            gw, gb = 2 * X[idx].T @ r / len(idx), 2 * r.mean()
            w, b = w - learning_rate * gw, b - learning_rate * gb
        losses.append(np.mean((X @ w + b - y) ** 2))
    return w, b, np.array(losses)
'''}, loses=("minibatch_sgd-test",), why="never shuffles"),
    Wrong("mb-drop-last", {"minibatch_sgd": '''
def minibatch_sgd(X, y, learning_rate=0.05, batch_size=32, n_epochs=10, seed=0):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(n_epochs):
        perm = rng.permutation(n)
        for s in range(0, n - batch_size + 1, batch_size):
            idx = perm[s:s + batch_size]
            r = X[idx] @ w + b - y[idx]
            gw, gb = 2 * X[idx].T @ r / len(idx), 2 * r.mean()
            w, b = w - learning_rate * gw, b - learning_rate * gb
        losses.append(np.mean((X @ w + b - y) ** 2))
    return w, b, np.array(losses)
'''}, loses=("minibatch_sgd-test",), why="skips the incomplete last batch"),
    Wrong("mb-sequential-update", {"minibatch_sgd": '''
def minibatch_sgd(X, y, learning_rate=0.05, batch_size=32, n_epochs=10, seed=0):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(n_epochs):
        perm = rng.permutation(n)
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            w = w - learning_rate * 2 * X[idx].T @ (X[idx] @ w + b - y[idx]) / len(idx)
            b = b - learning_rate * 2 * np.mean(X[idx] @ w + b - y[idx])
        losses.append(np.mean((X @ w + b - y) ** 2))
    return w, b, np.array(losses)
'''}, loses=("minibatch_sgd-test",), why="computes db with the already updated w"),
    Wrong("mb-batch-loss-history", {"minibatch_sgd": '''
def minibatch_sgd(X, y, learning_rate=0.05, batch_size=32, n_epochs=10, seed=0):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(n_epochs):
        perm = rng.permutation(n)
        batch_losses = []
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            r = X[idx] @ w + b - y[idx]
            batch_losses.append(np.mean(r ** 2))
            gw, gb = 2 * X[idx].T @ r / len(idx), 2 * r.mean()
            w, b = w - learning_rate * gw, b - learning_rate * gb
        losses.append(np.mean(batch_losses))
    return w, b, np.array(losses)
'''}, loses=("minibatch_sgd-test",), why="records the mean batch loss during the epoch"),
    Wrong("mb-global-rng", {"minibatch_sgd": '''
def minibatch_sgd(X, y, learning_rate=0.05, batch_size=32, n_epochs=10, seed=0):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    np.random.seed(seed)
    losses = []
    for _ in range(n_epochs):
        perm = np.random.permutation(n)
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            r = X[idx] @ w + b - y[idx]
            gw, gb = 2 * X[idx].T @ r / len(idx), 2 * r.mean()
            w, b = w - learning_rate * gw, b - learning_rate * gb
        losses.append(np.mean((X @ w + b - y) ** 2))
    return w, b, np.array(losses)
'''}, loses=("minibatch_sgd-test",), why="legacy np.random.seed: not default_rng's order"),
    # sgd_momentum
    Wrong("momentum-sign", {"sgd_momentum": '''
def sgd_momentum(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w - v, config
'''}, loses=("sgd_momentum-test",), why="CS231n's v = mu v - lr dw combined with w - v: uphill"),
    Wrong("momentum-dampening", {"sgd_momentum": '''
def sgd_momentum(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("momentum", 0.9)
    mu = config["momentum"]
    v = mu * config.get("velocity", np.zeros_like(w)) + (1 - mu) * config["learning_rate"] * dw
    config["velocity"] = v
    return w - v, config
'''}, loses=("sgd_momentum-test",), why="moving-average velocity (dampening = momentum)"),
    Wrong("momentum-state-not-stored", {"sgd_momentum": '''
def sgd_momentum(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v + config["learning_rate"] * dw
    return w - v, config
'''}, loses=("sgd_momentum-test",), why="forgets to store the velocity: plain SGD"),
    Wrong("momentum-old-velocity", {"sgd_momentum": '''
def sgd_momentum(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    next_w = w - v
    config["velocity"] = config["momentum"] * v + config["learning_rate"] * dw
    return next_w, config
'''}, loses=("sgd_momentum-test",), why="moves with the previous velocity: one step late"),
    Wrong("momentum-in-place", {"sgd_momentum": '''
def sgd_momentum(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v + config["learning_rate"] * dw
    config["velocity"] = v
    w -= v
    return w, config
'''}, loses=("sgd_momentum-test",), why="modifies the caller's w in place"),
    Wrong("momentum-wrong-defaults", {"sgd_momentum": '''
def sgd_momentum(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v + config["learning_rate"] * dw
    config["velocity"] = v
    return w - v, config
'''}, loses=("sgd_momentum-test",), why="CS231n's default learning rate 1e-2, not torch's 1e-3"),
    # adagrad
    Wrong("momentum-mutable-default", mutate(
        "sgd_momentum",
        ('def sgd_momentum(w, dw, config=None):\n',
         'def sgd_momentum(w, dw, config={}):\n'),
        ('''\
    v = config.get("velocity", np.zeros_like(w, dtype=np.float64))
    v = config["momentum"] * v + config["learning_rate"] * np.asarray(dw, dtype=np.float64)
''',
         '''\
    v = config.get("velocity", np.zeros_like(w, dtype=float))
    v = config["momentum"] * v + config["learning_rate"] * dw
'''),
        ('    return np.asarray(w, dtype=np.float64) - v, config\n',
         '    return w - v, config\n')),
        loses=("sgd_momentum-test",),
        why="config={} as the default: one dict shared by every call without a config"),
    Wrong("adagrad-gradient-not-squared", {"adagrad": '''
def adagrad(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-10)
    cache = config.get("cache", np.zeros_like(w)) + dw
    config["cache"] = cache
    step = config["learning_rate"] * dw / (np.sqrt(np.abs(cache)) + config["epsilon"])
    return w - step, config
'''}, loses=("adagrad-test",), why="accumulates the gradient instead of its square"),
    Wrong("adagrad-eps-inside-sqrt", {"adagrad": '''
def adagrad(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-10)
    cache = config.get("cache", np.zeros_like(w)) + dw ** 2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / np.sqrt(cache + config["epsilon"]), config
'''}, loses=("adagrad-test",), why="the slide's sqrt(G + eps) instead of torch's sqrt(G) + eps"),
    Wrong("adagrad-cache-not-stored", {"adagrad": '''
def adagrad(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-10)
    cache = config.get("cache", np.zeros_like(w)) + dw ** 2
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
'''}, loses=("adagrad-test",), why="forgets to store the cache"),
    Wrong("adagrad-old-cache", {"adagrad": '''
def adagrad(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-10)
    cache = config.get("cache", np.zeros_like(w))
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    config["cache"] = cache + dw ** 2
    return next_w, config
'''}, loses=("adagrad-test",), why="divides by the cache before adding the current gradient"),
    Wrong("adagrad-wrong-epsilon", {"adagrad": '''
def adagrad(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-7)
    cache = config.get("cache", np.zeros_like(w)) + dw ** 2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
'''}, loses=("adagrad-test",), why="CS231n/Keras epsilon 1e-7 instead of torch's 1e-10"),
    # rmsprop
    Wrong("rmsprop-eps-inside-sqrt", {"rmsprop": '''
def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    rho = config["decay_rate"]
    cache = rho * config.get("cache", np.zeros_like(w)) + (1 - rho) * dw ** 2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / np.sqrt(cache + config["epsilon"]), config
'''}, loses=("rmsprop-test",), why="the slide's sqrt(G + eps)"),
    Wrong("rmsprop-weights-swapped", {"rmsprop": '''
def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    rho = config["decay_rate"]
    cache = (1 - rho) * config.get("cache", np.zeros_like(w)) + rho * dw ** 2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
'''}, loses=("rmsprop-test",), why="decay_rate on the new gradient instead of the old cache"),
    Wrong("rmsprop-adagrad-sum", {"rmsprop": '''
def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w)) + (1 - config["decay_rate"]) * dw ** 2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
'''}, loses=("rmsprop-test",), why="never decays the old cache (a scaled Adagrad)"),
    Wrong("rmsprop-cache-not-stored", {"rmsprop": '''
def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    rho = config["decay_rate"]
    cache = rho * config.get("cache", np.zeros_like(w)) + (1 - rho) * dw ** 2
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
'''}, loses=("rmsprop-test",), why="forgets to store the cache"),
    Wrong("rmsprop-keras-default", {"rmsprop": '''
def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.9)
    config.setdefault("epsilon", 1e-8)
    rho = config["decay_rate"]
    cache = rho * config.get("cache", np.zeros_like(w)) + (1 - rho) * dw ** 2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
'''}, loses=("rmsprop-test",), why="Keras' decay 0.9 instead of torch's alpha 0.99"),
    # adam
    Wrong("adam-mutable-default", {"adam": '''
def adam(w, dw, config={}):
    config = {} if config is None else config
    for k, v in [("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)]:
        config.setdefault(k, v)
    t = config.get("t", 0) + 1
    m = config["beta1"] * config.get("m", np.zeros_like(w)) + (1 - config["beta1"]) * dw
    v = config["beta2"] * config.get("v", np.zeros_like(w)) + (1 - config["beta2"]) * dw * dw
    config["m"], config["v"], config["t"] = m, v, t
    m_hat, v_hat = m / (1 - config["beta1"] ** t), v / (1 - config["beta2"] ** t)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
'''}, loses=("adam-test",), why="config={} as the default: Adam's m, v and t leak into the next call"),
    Wrong("adam-no-bias-correction", {"adam": '''
def adam(w, dw, config=None):
    config = {} if config is None else config
    for k, v in [("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)]:
        config.setdefault(k, v)
    b1, b2 = config["beta1"], config["beta2"]
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw ** 2
    config["m"], config["v"], config["t"] = m, v, config.get("t", 0) + 1
    return w - config["learning_rate"] * m / (np.sqrt(v) + config["epsilon"]), config
'''}, loses=("adam-test",), why="no bias correction"),
    Wrong("adam-slide-bias-correction", {"adam": '''
def adam(w, dw, config=None):
    config = {} if config is None else config
    for k, v in [("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)]:
        config.setdefault(k, v)
    b1, b2 = config["beta1"], config["beta2"]
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw ** 2
    config["m"], config["v"], config["t"] = m, v, config.get("t", 0) + 1
    m_hat, v_hat = m / (1 - b1), v / (1 - b2)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
'''}, loses=("adam-test",), why="the slide's 1 - beta instead of 1 - beta**t"),
    Wrong("adam-t-from-zero", {"adam": '''
def adam(w, dw, config=None):
    config = {} if config is None else config
    for k, v in [("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)]:
        config.setdefault(k, v)
    b1, b2 = config["beta1"], config["beta2"]
    t = config.get("t", 0)
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw ** 2
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    config["m"], config["v"], config["t"] = m, v, t + 1
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
'''}, loses=("adam-test",), why="bias correction with t = 0 on the first step (0 / 0)"),
    Wrong("adam-eps-inside-sqrt", {"adam": '''
def adam(w, dw, config=None):
    config = {} if config is None else config
    for k, v in [("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)]:
        config.setdefault(k, v)
    b1, b2 = config["beta1"], config["beta2"]
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw ** 2
    config["m"], config["v"], config["t"] = m, v, t
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return w - config["learning_rate"] * m_hat / np.sqrt(v_hat + config["epsilon"]), config
'''}, loses=("adam-test",), why="the slide's sqrt(v_hat + eps)"),
    Wrong("adam-paper-efficient-form", {"adam": '''
def adam(w, dw, config=None):
    config = {} if config is None else config
    for k, v in [("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)]:
        config.setdefault(k, v)
    b1, b2 = config["beta1"], config["beta2"]
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw ** 2
    config["m"], config["v"], config["t"] = m, v, t
    lr_t = config["learning_rate"] * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
    return w - lr_t * m / (np.sqrt(v) + config["epsilon"]), config
'''}, loses=("adam-test",), why="the paper's 'efficient' form: epsilon not scaled like torch's"),
    Wrong("adam-t-not-stored", {"adam": '''
def adam(w, dw, config=None):
    config = {} if config is None else config
    for k, v in [("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)]:
        config.setdefault(k, v)
    b1, b2 = config["beta1"], config["beta2"]
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw ** 2
    config["m"], config["v"] = m, v
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
'''}, loses=("adam-test",), why="stores m and v but not t: t = 1 forever"),
    Wrong("adam-betas-swapped", {"adam": '''
def adam(w, dw, config=None):
    config = {} if config is None else config
    for k, v in [("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)]:
        config.setdefault(k, v)
    b1, b2 = config["beta1"], config["beta2"]
    t = config.get("t", 0) + 1
    m = b2 * config.get("m", np.zeros_like(w)) + (1 - b2) * dw
    v = b1 * config.get("v", np.zeros_like(w)) + (1 - b1) * dw ** 2
    config["m"], config["v"], config["t"] = m, v, t
    m_hat, v_hat = m / (1 - b2 ** t), v / (1 - b1 ** t)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config
'''}, loses=("adam-test",), why="beta1 and beta2 swapped"),
]

RIGHT = [
    Right("gd-preallocated", {"gradient_descent": '''
def gradient_descent(grad_f, w0, learning_rate, n_steps):
    w0 = np.asarray(w0, dtype=float)
    path = np.empty((n_steps + 1,) + w0.shape)
    path[0] = w0
    for k in range(n_steps):
        path[k + 1] = path[k] - learning_rate * grad_f(path[k].copy())
    return path
'''}, why="a preallocated array of the right shape"),
    Right("ipe-math-ceil", {"iterations_per_epoch": '''
import math

def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    if drop_last:
        return math.floor(n_samples / batch_size)
    return math.ceil(n_samples / batch_size)
'''}, why="math.floor / math.ceil return ints"),
    Right("ipe-range-len", {"iterations_per_epoch": '''
def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    starts = range(0, n_samples, batch_size)
    return sum(1 for s in starts if not drop_last or s + batch_size <= n_samples)
'''}, why="counts the batches"),
    Right("mb-while-loop-per-sample", {"minibatch_sgd": '''
def minibatch_sgd(X, y, learning_rate=0.05, batch_size=32, n_epochs=10, seed=0):
    X, y = np.array(X, dtype=float), np.array(y, dtype=float)
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    rng = np.random.default_rng(seed)
    losses = []
    for epoch in range(n_epochs):
        order = rng.permutation(n)
        start = 0
        while start < n:
            batch = order[start:start + batch_size]
            gw, gb = np.zeros(d), 0.0
            for i in batch:
                e = X[i] @ w + b - y[i]
                gw += 2 * e * X[i] / len(batch)
                gb += 2 * e / len(batch)
            w, b = w - learning_rate * gw, b - learning_rate * gb
            start += batch_size
        losses.append(float(((X @ w + b - y) ** 2).mean()))
    return w, b, losses
'''}, why="a per-sample gradient loop and a list of losses"),
    Right("momentum-torch-convention", {"sgd_momentum": '''
def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.setdefault("learning_rate", 1e-3)
    mu = config.setdefault("momentum", 0.9)
    if "velocity" in config:
        config["velocity"] = mu * config["velocity"] + dw
    else:
        config["velocity"] = np.array(dw, dtype=float)
    return w - lr * config["velocity"], config
'''}, why="torch's b = mu b + g; w - lr b gives the same weights"),
    Right("momentum-cs231n-convention", {"sgd_momentum": '''
def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config
'''}, why="CS231n's v = mu v - lr dw; w + v"),
    Right("adagrad-in-place-on-copies", {"adagrad": '''
def adagrad(w, dw, config=None):
    config = config if config is not None else {}
    lr = config.get("learning_rate", 1e-2)
    eps = config.get("epsilon", 1e-10)
    config["learning_rate"], config["epsilon"] = lr, eps
    if "cache" not in config:
        config["cache"] = np.zeros(np.shape(w))
    config["cache"] = config["cache"] + np.square(dw)
    next_w = np.array(w, dtype=float, copy=True)
    next_w -= lr * dw / (np.sqrt(config["cache"]) + eps)
    return next_w, config
'''}, why="in-place update of a copy of w"),
    Right("rmsprop-lerp", {"rmsprop": '''
def rmsprop(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", 0.0 * w)
    cache = cache + (1 - config["decay_rate"]) * (dw * dw - cache)
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config
'''}, why="the moving average written as a lerp"),
    Right("adam-torch-form", {"adam": '''
import math

def adam(w, dw, config=None):
    config = {} if config is None else config
    lr = config.setdefault("learning_rate", 1e-3)
    b1 = config.setdefault("beta1", 0.9)
    b2 = config.setdefault("beta2", 0.999)
    eps = config.setdefault("epsilon", 1e-8)
    config["t"] = config.get("t", 0) + 1
    t = config["t"]
    config["m"] = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    config["v"] = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw * dw
    step_size = lr / (1 - b1 ** t)
    denom = np.sqrt(config["v"]) / math.sqrt(1 - b2 ** t) + eps
    return w - step_size * config["m"] / denom, config
'''}, why="torch's own arrangement of the same formula"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1--0p6", {"concept-1": 'q1 = -0.6\n'},
          loses=("concept-1-test",), why="moves along the gradient"),
    Wrong("concept-1-0p3", {"concept-1": 'q1 = 0.3\n'},
          loses=("concept-1-test",), why="forgets the factor 2"),
    Wrong("concept-2-B", {"concept-2": 'q2 = "B"\n'},
          loses=("concept-2-test",), why="thinks any rate converges"),
    Wrong("concept-2-C", {"concept-2": 'q2 = "C"\n'},
          loses=("concept-2-test",), why="confuses with alpha = 0.5"),
    Wrong("concept-3-15", {"concept-3": 'q3 = 15\n'},
          loses=("concept-3-test",), why="drops the last batch"),
    Wrong("concept-3-1000over64", {"concept-3": 'q3 = 1000 / 64\n'},
          loses=("concept-3-test",), why="does not round up"),
    Wrong("concept-4-B", {"concept-4": 'q4 = "B"\n'},
          loses=("concept-4-test",), why="only looks at m"),
    Wrong("concept-4-C", {"concept-4": 'q4 = "C"\n'},
          loses=("concept-4-test",), why="describes the corrected step"),
]

RIGHT += [
    Right("concept-1-computed", {"concept-1": 'q1 = 0 - 0.1 * (2 * (0 - 3))\n'}, why="computed"),
    Right("concept-2-lower-case", {"concept-2": 'q2 = " a "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-3-computed", {"concept-3": 'q3 = int(np.ceil(1000 / 64))\n'}, why="computed"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " a "\n'},
          why="case and surrounding spaces are ignored"),
]
