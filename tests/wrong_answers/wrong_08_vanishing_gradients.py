"""Plausible wrong answers for 08_vanishing_gradients; each must lose points."""
from course_tools import Right, Wrong, mutate

CHAPTER = "08_vanishing_gradients"

WRONG = [
    # layer_grad_norms
    Wrong("lgn-bias-gradients", mutate(
        "layer_grad_norms",
        ('''\
    loss = loss_fn(net(X), y)
    loss.backward()
    norms = [m.weight.grad.norm().item() for m in net.modules() if isinstance(m, nn.Linear)]
''',
         '''\
    loss_fn(net(X), y).backward()
    norms = [m.bias.grad.norm().item() for m in net.modules() if isinstance(m, nn.Linear)]
''')),
        loses=("layer_grad_norms-test",), why="the bias gradients instead of the weights'"),
    Wrong("lgn-output-side-first", mutate(
        "layer_grad_norms",
        ('''\
    loss = loss_fn(net(X), y)
    loss.backward()
''',
         '    loss_fn(net(X), y).backward()\n'),
        ('    return np.array(norms)\n',
         '    return np.array(norms[::-1])\n')),
        loses=("layer_grad_norms-test",), why="lists the layers from the output side"),
    Wrong("lgn-no-zero-grad-before", {"layer_grad_norms": '''
def layer_grad_norms(net, X, y, loss_fn):
    loss_fn(net(X), y).backward()
    norms = [m.weight.grad.norm().item() for m in net.modules() if isinstance(m, nn.Linear)]
    net.zero_grad()
    return np.array(norms)
'''}, loses=("layer_grad_norms-test",), why="adds to gradients left over from before"),
    Wrong("lgn-leaves-gradients", {"layer_grad_norms": '''
def layer_grad_norms(net, X, y, loss_fn):
    net.zero_grad()
    loss_fn(net(X), y).backward()
    return np.array([m.weight.grad.norm().item() for m in net.modules()
                     if isinstance(m, nn.Linear)])
'''}, loses=("layer_grad_norms-test",), why="leaves the gradients in the network"),
    Wrong("lgn-weight-norms", {"layer_grad_norms": '''
def layer_grad_norms(net, X, y, loss_fn):
    return np.array([m.weight.norm().item() for m in net.modules() if isinstance(m, nn.Linear)])
'''}, loses=("layer_grad_norms-test",), why="the norms of the weights, not of their gradients"),
    # clip_by_norm
    Wrong("clip-each-array", {"clip_by_norm": '''
def clip_by_norm(grads, threshold):
    grads = [np.asarray(g, dtype=float) for g in grads]
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    out = []
    for g in grads:
        n = np.linalg.norm(g)
        out.append(g * threshold / n if n >= threshold else g.copy())
    return out, norm
'''}, loses=("clip_by_norm-test",), why="clips every array by its own norm"),
    Wrong("clip-by-value", {"clip_by_norm": '''
def clip_by_norm(grads, threshold):
    grads = [np.asarray(g, dtype=float) for g in grads]
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    return [np.clip(g, -threshold, threshold) for g in grads], norm
'''}, loses=("clip_by_norm-test",), why="clips each value, which changes the direction"),
    Wrong("clip-squared-norm", {"clip_by_norm": '''
def clip_by_norm(grads, threshold):
    grads = [np.asarray(g, dtype=float) for g in grads]
    norm = float(sum(np.sum(g ** 2) for g in grads))
    if norm >= threshold:
        return [g * threshold / norm for g in grads], norm
    return [g.copy() for g in grads], norm
'''}, loses=("clip_by_norm-test",), why="forgets the square root"),
    Wrong("clip-in-place", {"clip_by_norm": '''
def clip_by_norm(grads, threshold):
    norm = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    if norm >= threshold:
        for g in grads:
            g *= threshold / norm
    return grads, norm
'''}, loses=("clip_by_norm-test",), why="scales the caller's arrays in place"),
    Wrong("clip-zero-division", {"clip_by_norm": '''
def clip_by_norm(grads, threshold):
    grads = [np.asarray(g, dtype=float) for g in grads]
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    scale = min(1.0, threshold / norm)
    return [g * scale for g in grads], norm
'''}, loses=("clip_by_norm-test",), why="divides by a zero norm: NaN for all-zero gradients"),
    # xavier
    Wrong("xavier-fan-in-only", mutate(
        "xavier",
        ('    a = np.sqrt(6.0 / (n_in + n_out))\n',
         '    a = np.sqrt(6.0 / n_in)\n'),
        ('''\
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))
''',
         '    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))\n')),
        loses=("xavier-test",), why="He's scale: n_in only"),
    Wrong("xavier-variance-as-std", mutate(
        "xavier",
        ('''\
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))
''',
         '    return rng.normal(0.0, 2.0 / (n_in + n_out), size=(n_in, n_out))\n')),
        loses=("xavier-test",), why="passes the variance where numpy wants the standard deviation"),
    Wrong("xavier-transposed", mutate(
        "xavier",
        ('    return rng.uniform(-a, a, size=(n_in, n_out))\n',
         '    return rng.uniform(-a, a, size=(n_out, n_in))\n'),
        ('''\
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))
''',
         '''\
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))
''')),
        loses=("xavier-test",), why="torch's (n_out, n_in) layout instead of (n_in, n_out)"),
    # he
    Wrong("he-both-fans", mutate(
        "he",
        ('    a = np.sqrt(6.0 / n_in)\n',
         '    a = np.sqrt(6.0 / (n_in + n_out))\n'),
        ('    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))\n',
         '''\
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))
''')),
        loses=("he-test",), why="Xavier's scale"),
    Wrong("he-lecun-bound", mutate(
        "he",
        ('    a = np.sqrt(6.0 / n_in)\n',
         '    a = np.sqrt(3.0 / n_in)\n'),
        ('    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))\n',
         '    return rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))\n')),
        loses=("he-test",), why="LeCun's scale: misses ReLU's factor 2"),
    # layer_activations
    Wrong("acts-pre-activation", {"layer_activations": '''
def layer_activations(X, weights, activation):
    f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
         "relu": lambda z: np.maximum(z, 0)}[activation]
    h, out = np.asarray(X, dtype=float), []
    for W in weights:
        z = h @ W
        out.append(z)
        h = f(z)
    return out
'''}, loses=("layer_activations-test",), why="collects h @ W before the activation"),
    Wrong("acts-activation-first", {"layer_activations": '''
def layer_activations(X, weights, activation):
    f = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
         "relu": lambda z: np.maximum(z, 0)}[activation]
    h, out = np.asarray(X, dtype=float), []
    for W in weights:
        h = f(h) @ W
        out.append(h)
    return out
'''}, loses=("layer_activations-test",), why="applies the activation before the product"),
    Wrong("acts-sigmoid-always", {"layer_activations": '''
def layer_activations(X, weights, activation):
    h, out = np.asarray(X, dtype=float), []
    for W in weights:
        h = 1 / (1 + np.exp(-(h @ W)))
        out.append(h)
    return out
'''}, loses=("layer_activations-test",), why="ignores the activation argument"),
    # batchnorm_forward
    Wrong("bn-unbiased-normalization", {"batchnorm_forward": '''
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    eps, m = bn_param.setdefault("eps", 1e-5), bn_param.setdefault("momentum", 0.1)
    rm = bn_param.setdefault("running_mean", np.zeros(d))
    rv = bn_param.setdefault("running_var", np.ones(d))
    if bn_param["mode"] == "train":
        mu, var = x.mean(axis=0), x.var(axis=0, ddof=1)
        bn_param["running_mean"] = (1 - m) * rm + m * mu
        bn_param["running_var"] = (1 - m) * rv + m * var
    else:
        mu, var = rm, rv
    return gamma * (x - mu) / np.sqrt(var + eps) + beta, None
'''}, loses=("batchnorm_forward-test",), why="normalizes with the unbiased variance"),
    Wrong("bn-momentum-reversed", {"batchnorm_forward": '''
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    eps, m = bn_param.setdefault("eps", 1e-5), bn_param.setdefault("momentum", 0.1)
    rm = bn_param.setdefault("running_mean", np.zeros(d))
    rv = bn_param.setdefault("running_var", np.ones(d))
    if bn_param["mode"] == "train":
        mu, var = x.mean(axis=0), x.var(axis=0)
        bn_param["running_mean"] = m * rm + (1 - m) * mu
        bn_param["running_var"] = m * rv + (1 - m) * var * n / (n - 1)
    else:
        mu, var = rm, rv
    return gamma * (x - mu) / np.sqrt(var + eps) + beta, None
'''}, loses=("batchnorm_forward-test",), why="CS231n's momentum convention (weight of the old)"),
    Wrong("bn-batch-stats-at-test", {"batchnorm_forward": '''
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    eps, m = bn_param.setdefault("eps", 1e-5), bn_param.setdefault("momentum", 0.1)
    rm = bn_param.setdefault("running_mean", np.zeros(d))
    rv = bn_param.setdefault("running_var", np.ones(d))
    mu, var = x.mean(axis=0), x.var(axis=0)
    if bn_param["mode"] == "train":
        bn_param["running_mean"] = (1 - m) * rm + m * mu
        bn_param["running_var"] = (1 - m) * rv + m * var * n / (n - 1)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta, None
'''}, loses=("batchnorm_forward-test",), why="uses the batch's statistics in test mode too"),
    Wrong("bn-eps-outside-sqrt", {"batchnorm_forward": '''
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    eps, m = bn_param.setdefault("eps", 1e-5), bn_param.setdefault("momentum", 0.1)
    rm = bn_param.setdefault("running_mean", np.zeros(d))
    rv = bn_param.setdefault("running_var", np.ones(d))
    if bn_param["mode"] == "train":
        mu, var = x.mean(axis=0), x.var(axis=0)
        bn_param["running_mean"] = (1 - m) * rm + m * mu
        bn_param["running_var"] = (1 - m) * rv + m * var * n / (n - 1)
    else:
        mu, var = rm, rv
    return gamma * (x - mu) / (np.sqrt(var) + eps) + beta, None
'''}, loses=("batchnorm_forward-test",), why="adds epsilon after the square root"),
    Wrong("bn-normalizes-rows", {"batchnorm_forward": '''
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    eps, m = bn_param.setdefault("eps", 1e-5), bn_param.setdefault("momentum", 0.1)
    rm = bn_param.setdefault("running_mean", np.zeros(d))
    rv = bn_param.setdefault("running_var", np.ones(d))
    if bn_param["mode"] == "train":
        mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
        bn_param["running_mean"] = (1 - m) * rm + m * x.mean(axis=0)
        bn_param["running_var"] = (1 - m) * rv + m * x.var(axis=0) * n / (n - 1)
    else:
        mu, var = rm, rv
    return gamma * (x - mu) / np.sqrt(var + eps) + beta, None
'''}, loses=("batchnorm_forward-test",), why="normalizes each sample (layer norm), not each feature"),
]

RIGHT = [
    Right("lgn-named-parameters", {"layer_grad_norms": '''
def layer_grad_norms(net, X, y, loss_fn):
    for p in net.parameters():
        p.grad = None
    loss_fn(net(X), y).backward()
    linears = [m for m in net.modules() if isinstance(m, nn.Linear)]
    norms = np.array([float(torch.linalg.norm(m.weight.grad)) for m in linears])
    for p in net.parameters():
        p.grad = None
    return norms
'''}, why="sets the gradients to None instead of zero_grad"),
    Right("clip-flatten", {"clip_by_norm": '''
def clip_by_norm(grads, threshold):
    flat = np.concatenate([np.ravel(g) for g in grads]).astype(float)
    norm = float(np.linalg.norm(flat))
    scale = threshold / norm if norm >= threshold and norm > 0 else 1.0
    return [np.asarray(g, dtype=float) * scale for g in grads], norm
'''}, why="one flattened vector and np.linalg.norm"),
    Right("xavier-standard-normal", {"xavier": '''
def xavier_uniform(n_in, n_out, rng):
    bound = (6.0 / (n_in + n_out)) ** 0.5
    return rng.uniform(low=-bound, high=bound, size=(n_in, n_out))


def xavier_normal(n_in, n_out, rng):
    return (2.0 / (n_in + n_out)) ** 0.5 * rng.standard_normal((n_in, n_out))
'''}, why="standard normal draws scaled by the standard deviation"),
    Right("bn-torch-functional", {"batchnorm_forward": '''
def batchnorm_forward(x, gamma, beta, bn_param):
    x = torch.as_tensor(np.asarray(x, dtype=float))
    d = x.shape[1]
    bn_param.setdefault("eps", 1e-5)
    bn_param.setdefault("momentum", 0.1)
    rm = torch.as_tensor(np.array(bn_param.setdefault("running_mean", np.zeros(d)), dtype=float))
    rv = torch.as_tensor(np.array(bn_param.setdefault("running_var", np.ones(d)), dtype=float))
    out = torch.nn.functional.batch_norm(
        x, rm, rv, torch.as_tensor(gamma), torch.as_tensor(beta),
        training=bn_param["mode"] == "train", momentum=bn_param["momentum"],
        eps=bn_param["eps"])
    bn_param["running_mean"], bn_param["running_var"] = rm.numpy(), rv.numpy()
    return out.numpy(), None
'''}, why="torch's functional batch_norm updates copies of the running statistics"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-A", {"concept-1": 'q1 = "A"\n'},
          loses=("concept-1-test",), why="the derivative is 0 or 1"),
    Wrong("concept-1-C", {"concept-1": 'q1 = "C"\n'},
          loses=("concept-1-test",), why="biases are not the reason"),
    Wrong("concept-2-5", {"concept-2": 'q2 = 5\n'},
          loses=("concept-2-test",), why="clips each component to 5"),
    Wrong("concept-2-6", {"concept-2": 'q2 = 6\n'},
          loses=("concept-2-test",), why="does not clip"),
    Wrong("concept-3-B", {"concept-3": 'q3 = "B"\n'},
          loses=("concept-3-test",), why="reverses the direction"),
    Wrong("concept-3-C", {"concept-3": 'q3 = "C"\n'},
          loses=("concept-3-test",), why="ignores the products"),
    Wrong("concept-4-A", {"concept-4": 'q4 = "A"\n'},
          loses=("concept-4-test",), why="uses batch statistics at test time"),
    Wrong("concept-4-C", {"concept-4": 'q4 = "C"\n'},
          loses=("concept-4-test",), why="ignores the statistics"),
]

RIGHT += [
    Right("concept-1-lower-case", {"concept-1": 'q1 = " b "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-2-computed", {"concept-2": 'q2 = 6 * 5 / 10\n'}, why="computed"),
    Right("concept-3-lower-case", {"concept-3": 'q3 = " a "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " b "\n'},
          why="case and surrounding spaces are ignored"),
]
