"""Plausible wrong answers for 06_mlp_pytorch; each must lose points."""
from course_tools import Right, Wrong, mutate

CHAPTER = "06_mlp_pytorch"

WRONG = [
    # make_mlp
    Wrong("make-mlp-no-activation", {"make_mlp": '''
def make_mlp(n_inputs, n_hidden, n_outputs):
    return nn.Sequential(nn.Linear(n_inputs, n_hidden), nn.Linear(n_hidden, n_outputs))
'''}, loses=("make_mlp-test",), why="no ReLU between the Linear layers: still one linear map"),
    Wrong("make-mlp-softmax-at-the-end", {"make_mlp": '''
def make_mlp(n_inputs, n_hidden, n_outputs):
    return nn.Sequential(nn.Linear(n_inputs, n_hidden), nn.ReLU(),
                         nn.Linear(n_hidden, n_outputs), nn.Softmax(dim=1))
'''}, loses=("make_mlp-test",), why="softmax before CrossEntropyLoss (applied twice)"),
    Wrong("make-mlp-relu-after-output", {"make_mlp": '''
def make_mlp(n_inputs, n_hidden, n_outputs):
    return nn.Sequential(nn.Linear(n_inputs, n_hidden), nn.ReLU(),
                         nn.Linear(n_hidden, n_outputs), nn.ReLU())
'''}, loses=("make_mlp-test",), why="activation after every layer clips the logits at 0"),
    Wrong("make-mlp-hard-coded-iris", {"make_mlp": '''
def make_mlp(n_inputs, n_hidden, n_outputs):
    return nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3))
'''}, loses=("make_mlp-test",), why="ignores the arguments: always 4-5-3"),
    Wrong("make-mlp-sigmoid-hidden", {"make_mlp": '''
def make_mlp(n_inputs, n_hidden, n_outputs):
    return nn.Sequential(nn.Linear(n_inputs, n_hidden), nn.Sigmoid(),
                         nn.Linear(n_hidden, n_outputs))
'''}, loses=("make_mlp-test",), why="sigmoid instead of the ReLU of the study notes"),
    Wrong("make-mlp-skips-hidden-width", {"make_mlp": '''
def make_mlp(n_inputs, n_hidden, n_outputs):
    return nn.Sequential(nn.Linear(n_inputs, n_outputs), nn.ReLU(),
                         nn.Linear(n_outputs, n_outputs))
'''}, loses=("make_mlp-test",), why="wrong layer sizes: the hidden layer has n_outputs units"),
    Wrong("make-mlp-no-activation-zero-last-layer", {"make_mlp": '''
class ReLU(nn.Identity):
    """Named like a ReLU (so the list of module kinds looks right), computes nothing."""


def make_mlp(n_inputs, n_hidden, n_outputs):
    last = nn.Linear(n_hidden, n_outputs)
    nn.init.zeros_(last.weight)
    nn.init.zeros_(last.bias)
    return nn.Sequential(nn.Linear(n_inputs, n_hidden), ReLU(), last)
'''}, loses=("make_mlp-test",), why="an identity named ReLU; the zero last layer made the "
       "output 0 whatever came before, which a test using the network's own weights accepted"),
    # MLP
    Wrong("mlp-no-relu-zero-last-layer", mutate(
        "MLP",
        ('        self.fc2 = nn.Linear(n_hidden, n_outputs)\n',
         '''\
        self.fc2 = nn.Linear(n_hidden, n_outputs)
        nn.init.zeros_(self.fc2.weight)
        nn.init.zeros_(self.fc2.bias)
'''),
        ('''\
        x = torch.flatten(x, start_dim=1)
        return self.fc2(torch.relu(self.fc1(x)))
''',
         '        return self.fc2(self.fc1(torch.flatten(x, start_dim=1)))\n')),
        loses=("MLP-test",), why="no ReLU, hidden by a zero last layer"),
    Wrong("mlp-no-flatten", mutate(
        "MLP",
        ('        x = torch.flatten(x, start_dim=1)\n',
         '')),
        loses=("MLP-test",), why="images (n, 8, 8) are not flattened"),
    Wrong("mlp-flattens-the-batch", mutate(
        "MLP",
        ('        x = torch.flatten(x, start_dim=1)\n',
         '        x = x.flatten()\n')),
        loses=("MLP-test",), why="x.flatten() also flattens the batch axis"),
    Wrong("mlp-no-relu", mutate(
        "MLP",
        ('        return self.fc2(torch.relu(self.fc1(x)))\n',
         '        return self.fc2(self.fc1(x))\n')),
        loses=("MLP-test",), why="missing activation between the Linear layers"),
    Wrong("mlp-softmax-output", mutate(
        "MLP",
        ('        return self.fc2(torch.relu(self.fc1(x)))\n',
         '        return torch.softmax(self.fc2(torch.relu(self.fc1(x))), dim=1)\n')),
        loses=("MLP-test",), why="returns probabilities instead of logits"),
    Wrong("mlp-layers-in-a-list", mutate(
        "MLP",
        ('''\
        self.fc1 = nn.Linear(n_inputs, n_hidden)
        self.fc2 = nn.Linear(n_hidden, n_outputs)
''',
         '''\
        self.layers = [nn.Linear(n_inputs, n_hidden), nn.Linear(n_hidden, n_outputs)]
'''),
        ('        return self.fc2(torch.relu(self.fc1(x)))\n',
         '        return self.layers[1](torch.relu(self.layers[0](x)))\n')),
        loses=("MLP-test",), why="a Python list does not register the layers' parameters"),
    # train_step
    Wrong("step-keeps-eval-mode", mutate(
        "train_step",
        ('    model.train()\n',
         ''),
        ('''\
    logits = model(X)
    loss = loss_fn(logits, y)
''',
         '    loss = loss_fn(model(X), y)\n')),
        loses=("train_step-test",), why="trains in whatever mode the model was left in"),
    Wrong("step-no-zero-grad", {"train_step": '''
def train_step(model, loss_fn, optimizer, X, y):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()
'''}, loses=("train_step-test",), why="forgets zero_grad: gradients accumulate over steps"),
    Wrong("step-zero-grad-after-backward", {"train_step": '''
def train_step(model, loss_fn, optimizer, X, y):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()
'''}, loses=("train_step-test",), why="clears the gradients before the step: nothing changes"),
    Wrong("step-before-backward", {"train_step": '''
def train_step(model, loss_fn, optimizer, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    optimizer.step()
    loss.backward()
    return loss.item()
'''}, loses=("train_step-test",), why="optimizer.step() before loss.backward()"),
    Wrong("step-returns-tensor", {"train_step": '''
def train_step(model, loss_fn, optimizer, X, y):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    return loss
'''}, loses=("train_step-test",), why="returns the loss tensor (keeps the graph) instead of a float"),
    Wrong("step-loss-after-update", {"train_step": '''
def train_step(model, loss_fn, optimizer, X, y):
    optimizer.zero_grad()
    loss_fn(model(X), y).backward()
    optimizer.step()
    with torch.no_grad():
        return loss_fn(model(X), y).item()
'''}, loses=("train_step-test",), why="reports the loss after the update"),
    Wrong("step-softmax-before-cross-entropy", mutate(
        "train_step",
        ('    model.train()\n',
         ''),
        ('''\
    logits = model(X)
    loss = loss_fn(logits, y)
''',
         '    loss = loss_fn(torch.softmax(model(X), dim=1), y)\n')),
        loses=("train_step-test",), why="softmax before CrossEntropyLoss"),
    Wrong("step-manual-sgd-update", {"train_step": '''
def train_step(model, loss_fn, optimizer, X, y):
    model.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= 0.1 * p.grad
    return loss.item()
'''}, loses=("train_step-test",), why="hand-written SGD with lr 0.1 ignores the optimizer"),
    # accuracy
    Wrong("accuracy-wrong-axis", {"accuracy": '''
def accuracy(logits, y):
    return (logits.argmax(dim=0) == y).float().mean().item()
'''}, loses=("accuracy-test",), why="argmax over the samples instead of the classes"),
    Wrong("accuracy-count", {"accuracy": '''
def accuracy(logits, y):
    return (logits.argmax(dim=1) == y).sum().item()
'''}, loses=("accuracy-test",), why="number right instead of the fraction"),
    Wrong("accuracy-max-values", {"accuracy": '''
def accuracy(logits, y):
    return (logits.max(dim=1).values == y).float().mean().item()
'''}, loses=("accuracy-test",), why="compares the largest logit, not its index, with the label"),
    Wrong("accuracy-integer-division", {"accuracy": '''
def accuracy(logits, y):
    return (logits.argmax(dim=1) == y).sum().item() // len(y)
'''}, loses=("accuracy-test",), why="integer division gives 0 unless all are right"),
    # train_epochs
    Wrong("epochs-unweighted-batch-mean", {"train_epochs": '''
def train_epochs(model, loss_fn, optimizer, loader, num_epochs):
    history = []
    for _ in range(num_epochs):
        losses = [train_step(model, loss_fn, optimizer, xb, yb) for xb, yb in loader]
        history.append(sum(losses) / len(losses))
    return history
'''}, loses=("train_epochs-test",), why="plain mean of batch losses: the small last batch counts too much"),
    Wrong("epochs-last-batch-loss", {"train_epochs": '''
def train_epochs(model, loss_fn, optimizer, loader, num_epochs):
    history = []
    for _ in range(num_epochs):
        for xb, yb in loader:
            loss = train_step(model, loss_fn, optimizer, xb, yb)
        history.append(loss)
    return history
'''}, loses=("train_epochs-test",), why="records the last batch's loss as the epoch loss"),
    Wrong("epochs-per-batch-history", {"train_epochs": '''
def train_epochs(model, loss_fn, optimizer, loader, num_epochs):
    history = []
    for _ in range(num_epochs):
        for xb, yb in loader:
            history.append(train_step(model, loss_fn, optimizer, xb, yb))
    return history
'''}, loses=("train_epochs-test",), why="one entry per batch instead of per epoch"),
    Wrong("epochs-batches-fixed-once", {"train_epochs": '''
def train_epochs(model, loss_fn, optimizer, loader, num_epochs):
    batches = list(loader)
    n = sum(len(xb) for xb, _ in batches)
    history = []
    for _ in range(num_epochs):
        total = 0.0
        for xb, yb in batches:
            total += train_step(model, loss_fn, optimizer, xb, yb) * len(xb)
        history.append(total / n)
    return history
'''}, loses=("train_epochs-test",), why="iterates the loader once: every epoch has the same order"),
    Wrong("epochs-divides-by-batches", {"train_epochs": '''
def train_epochs(model, loss_fn, optimizer, loader, num_epochs):
    history = []
    for _ in range(num_epochs):
        total = 0.0
        for xb, yb in loader:
            total += train_step(model, loss_fn, optimizer, xb, yb) * len(xb)
        history.append(total / len(loader))
    return history
'''}, loses=("train_epochs-test",), why="divides the weighted sum by the number of batches"),
    # predict_proba / predict
    Wrong("predict-no-sigmoid", mutate(
        "predict",
        ('''\
        logits = model(X)
    return torch.sigmoid(logits).reshape(-1).numpy()
''',
         '        return model(X).reshape(-1).numpy()\n')),
        loses=("predict-test",), why="returns logits as probabilities"),
    Wrong("predict-softmax-one-column", mutate(
        "predict",
        ('''\
        logits = model(X)
    return torch.sigmoid(logits).reshape(-1).numpy()
''',
         '        return torch.softmax(model(X), dim=1).reshape(-1).numpy()\n')),
        loses=("predict-test",), why="softmax over a single output is always 1"),
    Wrong("predict-no-eval", mutate(
        "predict",
        ('    model.eval()\n',
         ''),
        ('''\
        logits = model(X)
    return torch.sigmoid(logits).reshape(-1).numpy()
''',
         '        return torch.sigmoid(model(X)).reshape(-1).numpy()\n')),
        loses=("predict-test",), why="forgets model.eval(): dropout stays on"),
    Wrong("predict-no-grad-missing", mutate(
        "predict",
        ('''\
    with torch.no_grad():
        logits = model(X)
    return torch.sigmoid(logits).reshape(-1).numpy()
''',
         '    return torch.sigmoid(model(X)).reshape(-1).numpy()\n')),
        loses=("predict-test",), why="no torch.no_grad(): .numpy() refuses a tensor that requires grad"),
    Wrong("predict-threshold-on-logits", mutate(
        "predict",
        ('''\
        logits = model(X)
    return torch.sigmoid(logits).reshape(-1).numpy()
''',
         '        return torch.sigmoid(model(X)).reshape(-1).numpy()\n'),
        ('    return (predict_proba(model, X) >= threshold).astype(np.int64)\n',
         '''\
    model.eval()
    with torch.no_grad():
        return (model(X).reshape(-1) >= threshold).numpy().astype(np.int64)
''')),
        loses=("predict-test",), why="thresholds the logits at 0.5 instead of the probabilities"),
    Wrong("predict-column-shape-and-bool", mutate(
        "predict",
        ('''\
        logits = model(X)
    return torch.sigmoid(logits).reshape(-1).numpy()
''',
         '        return torch.sigmoid(model(X)).numpy()\n'),
        ('    return (predict_proba(model, X) >= threshold).astype(np.int64)\n',
         '    return predict_proba(model, X) >= threshold\n')),
        loses=("predict-test",), why="keeps shape (n, 1) and returns a bool array"),
    Wrong("predict-strict-threshold", mutate(
        "predict",
        ('''\
        logits = model(X)
    return torch.sigmoid(logits).reshape(-1).numpy()
''',
         '        return torch.sigmoid(model(X)).reshape(-1).numpy()\n'),
        ('    return (predict_proba(model, X) >= threshold).astype(np.int64)\n',
         '    return (predict_proba(model, X) > threshold).astype(np.int64)\n')),
        loses=("predict-test",), why="probability exactly 0.5 must give 1 (>=), as the docstring says"),
]

RIGHT = [
    Right("make-mlp-list-of-modules", {"make_mlp": '''
def make_mlp(n_inputs, n_hidden, n_outputs):
    layers = [nn.Linear(n_inputs, n_hidden), nn.ReLU()]
    layers.append(nn.Linear(n_hidden, n_outputs))
    return nn.Sequential(*layers)
'''}, why="modules collected in a list and unpacked"),
    Right("mlp-module-attributes", {"MLP": '''
class MLP(nn.Module):
    def __init__(self, n_inputs, n_hidden, n_outputs):
        super().__init__()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(n_inputs, n_hidden)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(n_hidden, n_outputs)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(self.flatten(x))))
'''}, why="nn.Flatten and nn.ReLU as modules (they have no parameters)"),
    Right("mlp-reshape", {"MLP": '''
class MLP(nn.Module):
    def __init__(self, n_inputs, n_hidden, n_outputs):
        super().__init__()
        self.n_inputs = n_inputs
        self.fc1 = nn.Linear(n_inputs, n_hidden)
        self.fc2 = nn.Linear(n_hidden, n_outputs)

    def forward(self, x):
        h = torch.nn.functional.relu(self.fc1(x.reshape(-1, self.n_inputs)))
        return self.fc2(h)
'''}, why="reshape(-1, n_inputs) and F.relu"),
    Right("step-model-zero-grad-and-float", {"train_step": '''
def train_step(model, loss_fn, optimizer, X, y):
    model.train(True)
    model.zero_grad(set_to_none=False)
    loss = loss_fn(model.forward(X), y)
    loss.backward()
    optimizer.step()
    return float(loss)
'''}, why="model.zero_grad (same parameters), zeros instead of None, float(loss)"),
    Right("accuracy-numpy", {"accuracy": '''
def accuracy(logits, y):
    predicted = np.argmax(logits.detach().numpy(), axis=1)
    return float(np.mean(predicted == y.numpy()))
'''}, why="computed in numpy"),
    Right("accuracy-softmax-tensor", {"accuracy": '''
def accuracy(logits, y):
    probs = torch.softmax(logits, dim=-1)
    return torch.sum(torch.argmax(probs, dim=-1) == y) / y.shape[0]
'''}, why="softmax first (same argmax) and a 0-d tensor as the result"),
    Right("epochs-inline-steps", {"train_epochs": '''
def train_epochs(model, loss_fn, optimizer, loader, num_epochs):
    model.train()
    history = []
    for epoch in range(num_epochs):
        total = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * xb.shape[0]
        history.append(total / len(loader.dataset))
    return history
'''}, why="the five steps written inline, len(loader.dataset) as the sample count"),
    Right("predict-detach-restore-mode", {"predict": '''
def predict_proba(model, X):
    was_training = model.training
    model.eval()
    logits = model(X).detach()
    model.train(was_training)
    return torch.sigmoid(logits).squeeze(1).numpy()


def predict(model, X, threshold=0.5):
    return np.where(predict_proba(model, X) >= threshold, 1, 0)
'''}, why="detach instead of no_grad, restores the mode, np.where"),
    Right("predict-numpy-sigmoid-warns", {"predict": '''
def predict_proba(model, X):
    model.eval()
    with torch.no_grad():
        z = model(X).numpy().ravel()
    return 1.0 / (1.0 + np.exp(-z))


def predict(model, X, threshold=0.5):
    return (predict_proba(model, X) >= threshold).astype(int)
'''}, why="numpy sigmoid; its overflow warning on stderr costs nothing"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-260", {"concept-1": 'q1 = 260\n'},
          loses=("concept-1-test",), why="forgets the biases"),
    Wrong("concept-1-33", {"concept-1": 'q1 = 33\n'},
          loses=("concept-1-test",), why="counts the neurons"),
    Wrong("concept-2-A", {"concept-2": 'q2 = "A"\n'},
          loses=("concept-2-test",), why="applies softmax twice"),
    Wrong("concept-2-C", {"concept-2": 'q2 = "C"\n'},
          loses=("concept-2-test",), why="passes labels"),
    Wrong("concept-3-2", {"concept-3": 'q3 = 2\n'},
          loses=("concept-3-test",), why="thinks zero_grad is misplaced"),
    Wrong("concept-3-5", {"concept-3": 'q3 = 5\n'},
          loses=("concept-3-test",), why="blames the step"),
    Wrong("concept-4-B", {"concept-4": 'q4 = "B"\n'},
          loses=("concept-4-test",), why="confuses no_grad with eval"),
    Wrong("concept-4-A", {"concept-4": 'q4 = "A"\n'},
          loses=("concept-4-test",), why="thinks it changes predictions"),
]

RIGHT += [
    Right("concept-1-computed", {"concept-1": 'q1 = 10 * 20 + 20 + 20 * 3 + 3\n'}, why="computed"),
    Right("concept-2-lower-case", {"concept-2": 'q2 = " b "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " c "\n'},
          why="case and surrounding spaces are ignored"),
]
