"""Common numpy and torch idioms written as answers: the tampering scan must find nothing here.

Each entry is a small answer a student could write in this course. They are not run; the scan
reads them. ``IDIOMS`` holds more than a hundred, grouped by what they exercise: item and
slice assignment with names in the index, in-place operations, ``out=`` arguments, torch under
``no_grad``, modules built with ``setattr``, names that shadow ``np``/``torch`` in a function,
imports of the course library the prompts allow, IPython display, and more.
"""

_ASSIGNMENTS = [
    "a[np.isnan(a)] = 0",
    "d[np.arange(m), np.arange(m)] = np.inf",
    "x[x < 0] = 0.0",
    "out[:, 0] = np.ones(n)",
    "out[..., -1] = np.nan",
    "grid[i, j] = np.sum(window * w)",
    "counts[np.argmax(scores)] += 1",
    "a[idx] -= lr * grad[idx]",
    "mask[np.triu_indices(T, k=1)] = False",
    "table[key] = np.mean(values)",
    "cache['x'] = x",
    "state['v'][:] = momentum * state['v'] - lr * dw",
    "w.data[np.abs(w.data) < 1e-3] = 0",
    "params['W1'][:, j] = np.random.default_rng(0).normal(size=d)",
    "a[np.ix_(rows, cols)] = 1",
    "x[tuple(idx)] = np.float64(1.0)",
    "result[np.where(y == 1)[0]] = np.max(scores)",
    "scores[np.isinf(scores)] = np.finfo(float).max",
    "a[::2], a[1::2] = a[1::2].copy(), a[::2].copy()",
    "folds[np.asarray(order)[start:stop]] = k",
    "h[:, t, :] = np.tanh(x[:, t, :] @ w_ih.T + h_prev @ w_hh.T + b)",
    "padded[:, :, p:-p, p:-p] = x",
    "onehot[np.arange(len(y)), y] = 1.0",
    "J[np.diag_indices_from(J)] += s",
    "probs[probs < eps] = eps",
]

_IN_PLACE = [
    "np.fill_diagonal(d, np.inf)",
    "np.clip(x, -1, 1, out=x)",
    "np.add(a, b, out=c)",
    "np.multiply(grad, mask, out=grad)",
    "np.maximum(x, 0, out=x)",
    "np.copyto(dst, src)",
    "np.put(a, [0, 2], [-1, -2])",
    "np.random.default_rng(0).shuffle(idx)",
    "rng.shuffle(order)",
    "a.sort()",
    "x += 1",
    "x *= 0.5",
    "w -= learning_rate * dw",
    "v[:] = beta * v + (1 - beta) * g",
    "total += loss.item() * len(X_batch)",
    "history.append(total / count)",
    "losses.extend(batch_losses)",
    "a.fill(0.0)",
    "a.resize((3, 3), refcheck=False)",
    "np.seterr(over='ignore')",
]

_TORCH = [
    "with torch.no_grad():\n    for p in net.parameters():\n        p -= lr * p.grad",
    "with torch.no_grad():\n    w.copy_(torch.randn(3, 2))",
    "with torch.no_grad():\n    layer.weight.fill_(0.5)\n    layer.bias.zero_()",
    "with torch.no_grad():\n    net[0].weight[:] = 0",
    "torch.nn.init.xavier_uniform_(layer.weight)",
    "nn.init.zeros_(layer.bias)",
    "p.requires_grad_(False)",
    "for p in net.parameters():\n    p.requires_grad = False",
    "net[-1] = nn.Linear(16, num_classes)",
    "model.fc = nn.Linear(8, 3)",
    "optimizer.zero_grad()\nloss.backward()\noptimizer.step()",
    "net.train()\nout = net(X)",
    "net.eval()\nwith torch.no_grad():\n    logits = net(X)",
    "torch.backends.cudnn.deterministic = True",
    "torch.manual_seed(0)",
    "torch.set_num_threads(1)",
    "x = x.detach().clone()",
    "t.grad = None",
    "t.data.mul_(0.9)",
    "h = torch.tanh(x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh)",
    "scores = scores.masked_fill(~mask, float('-inf'))",
    "torch.save(net.state_dict(), path)\nnew.load_state_dict(torch.load(path))",
    "grads = [p.grad.norm().item() for p in net.parameters() if p.grad is not None]",
    "class MLP(nn.Module):\n    def __init__(self, n_in, n_hidden, n_out):\n"
    "        super().__init__()\n        self.fc1 = nn.Linear(n_in, n_hidden)\n"
    "        self.fc2 = nn.Linear(n_hidden, n_out)\n\n    def forward(self, x):\n"
    "        return self.fc2(torch.relu(self.fc1(torch.flatten(x, start_dim=1))))",
    "class Deep(nn.Module):\n    def __init__(self, sizes):\n        super().__init__()\n"
    "        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):\n"
    "            setattr(self, f'fc{i}', nn.Linear(a, b))",
    "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.__class__.__name__\n        self.layers = nn.ModuleList()",
    "for name, module in net.named_modules():\n    print(name, type(module).__name__)",
    "layers = [m for m in net.modules() if isinstance(m, nn.Linear)]",
    "params = list(net.parameters())\nfirst = params[0]",
    "opt = torch.optim.Adam([{'params': body, 'lr': 1e-4}, {'params': head, 'lr': 1e-2}])",
]

_NAMES = [
    "def f(x):\n    np = 3\n    return x * np",
    "def g(torch):\n    return torch + 1",
    "def h(x, print=print):\n    print(x)\n    return x",
    "def check_shape(x):\n    return x.shape == (2, 2)",
    "def check_array(values):\n    return [v for v in values if v > 0]",
    "float_ = float\nvalue = float_('1.5')",
    "isinstance_ok = isinstance(3, int)",
    "def accuracy(logits, y):\n    correct = (logits.argmax(dim=1) == y).float()\n"
    "    return correct.mean().item()",
    "config = vars(args) if False else {}",
    "state = dict(vars(obj)) if hasattr(obj, '__dict__') else {}",
    "fields = obj.__dict__.copy()",
    "kind = type(x).__name__",
    "name = x.__class__.__name__",
    "setattr(obj, 'alpha', 0.1)",
    "getattr(obj, 'alpha', None)",
    "hasattr(model, 'fc1')",
    "delattr(obj, 'alpha')",
    "g = globals().get('x_train')",
    "import copy\nnet2 = copy.deepcopy(net)",
    "import gc\ngc.collect()",
    "import inspect\nsig = inspect.signature(f)",
    "import math\nmath.sqrt(2)",
    "import random\nrandom.seed(0)",
    "import re\npattern = re.compile(r'\\d+')",
    "import functools\n@functools.lru_cache(maxsize=None)\ndef fib(n):\n"
    "    return n if n < 2 else fib(n - 1) + fib(n - 2)",
    "import itertools\npairs = list(itertools.product([1, 2], [3, 4]))",
    "from collections import Counter\ncounts = Counter(y)",
    "import warnings\nwarnings.filterwarnings('ignore')",
    "import sys\nprint(sys.version)",
    "import sys\nsys.setrecursionlimit(5000)",
    "import os\nos.makedirs('out', exist_ok=True)",
    "import tempfile\npath = tempfile.mkstemp()[1]",
]

_LIBRARIES = [
    "from dlcourse import metrics\nt = metrics.threshold_for_sensitivity(y, s, 0.95)",
    "import dlcourse.metrics as m\nt = m.threshold_for_sensitivity(y, s, 0.95)",
    "from dlcourse.activations import sigmoid\np = sigmoid(z)",
    "import dlcourse\nrng = dlcourse.setup()",
    "from dlcourse.training import make_loader\nloader = make_loader(X, y, batch_size=8)",
    "from sklearn.model_selection import train_test_split\n"
    "X_tr, X_te, y_tr, y_te = train_test_split(X, y, stratify=y, random_state=0)",
    "from sklearn.preprocessing import StandardScaler\nscaler = StandardScaler().fit(X_train)",
    "from scipy import signal\nout = signal.correlate2d(x, w, mode='valid')",
    "from sklearn.neighbors import NearestNeighbors\nnn_ = NearestNeighbors(n_neighbors=6)",
    "import matplotlib.pyplot as plt\nplt.rcParams['figure.figsize'] = (4, 3)",
    "import matplotlib\nmatplotlib.rcParams['font.size'] = 10",
    "from IPython.display import display, Markdown\ndisplay(Markdown('**ok**'))",
    "from IPython.display import HTML",
    "get_ipython().run_line_magic('matplotlib', 'inline')",
    "import numpy as np\nnp.set_printoptions(precision=3)",
    "import torch.nn.functional as F\nout = F.relu(x)",
    "from torch.utils.data import DataLoader, TensorDataset",
    "import optuna\nstudy = optuna.create_study(direction='maximize')",
    "from tqdm.auto import tqdm\nfor _ in tqdm(range(3)):\n    pass",
    "import pandas as pd\ndf = pd.DataFrame({'events': [1, 2]})\nn = df.events.sum()",
]

_MISC = [
    "def sigmoid(x):\n    x = np.asarray(x, dtype=float)\n    out = np.empty_like(x)\n"
    "    pos = x >= 0\n    out[pos] = 1 / (1 + np.exp(-x[pos]))\n"
    "    e = np.exp(x[~pos])\n    out[~pos] = e / (1 + e)\n    return out",
    "def softmax(x, axis=-1):\n    z = x - np.max(x, axis=axis, keepdims=True)\n"
    "    e = np.exp(z)\n    return e / e.sum(axis=axis, keepdims=True)",
    "def best_so_far(scores):\n    a = np.array(scores, dtype=float)\n"
    "    a[np.isnan(a)] = -np.inf\n    return np.maximum.accumulate(a)",
    "lam = lambda w: 0.5 * np.sum(w ** 2)",
    "total = sum(x for x in range(10) if x % 2)",
    "text = f'{value:.3f}'",
    "try:\n    v = float(s)\nexcept ValueError:\n    v = np.nan",
    "assert x.shape == (3,), 'shape'",
    "while loss > 1e-3 and steps < 100:\n    steps += 1\n    loss *= 0.5",
    "class Recorder:\n    def __init__(self):\n        self.events = []\n"
    "    def register(self, e):\n        self.events.append(e)",
]

IDIOMS = _ASSIGNMENTS + _IN_PLACE + _TORCH + _NAMES + _LIBRARIES + _MISC
