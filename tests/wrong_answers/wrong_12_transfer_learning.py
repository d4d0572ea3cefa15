"""Plausible wrong answers for 12_transfer_learning; each must lose points."""
from course_tools import Right, Wrong, mutate

CHAPTER = "12_transfer_learning"

WRONG = [
    # few_label_subset
    Wrong("subset-not-per-class", {"few_label_subset": '''
def few_label_subset(y, n_per_class, rng):
    y = np.asarray(y)
    k = len(np.unique(y))
    return rng.choice(len(y), size=k * n_per_class, replace=False)
'''}, loses=("few_label_subset-test",), why="draws from everyone: classes come out unequal"),
    Wrong("subset-first-n", {"few_label_subset": '''
def few_label_subset(y, n_per_class, rng):
    y = np.asarray(y)
    return np.concatenate([np.flatnonzero(y == c)[:n_per_class] for c in np.unique(y)])
'''}, loses=("few_label_subset-test",), why="the first n of each class, not random"),
    Wrong("subset-with-replacement", {"few_label_subset": '''
def few_label_subset(y, n_per_class, rng):
    y = np.asarray(y)
    return np.concatenate([rng.choice(np.flatnonzero(y == c), size=n_per_class)
                           for c in np.unique(y)])
'''}, loses=("few_label_subset-test",), why="draws with replacement: repeats"),
    # freeze_body
    Wrong("freeze-everything", {"freeze_body": '''
def freeze_body(net):
    for p in net.parameters():
        p.requires_grad_(False)
    return net
'''}, loses=("freeze_body-test",), why="freezes the head too"),
    Wrong("freeze-last-tensor-only", {"freeze_body": '''
def freeze_body(net):
    params = list(net.parameters())
    for p in params[:-1]:
        p.requires_grad_(False)
    return net
'''}, loses=("freeze_body-test",), why="leaves only the head's bias trainable"),
    Wrong("freeze-first-layer-only", {"freeze_body": '''
def freeze_body(net):
    for p in net[0].parameters():
        p.requires_grad_(False)
    return net
'''}, loses=("freeze_body-test",), why="freezes the first layer only"),
    # train_trainable
    Wrong("train-unfreezes", mutate(
        "train_trainable",
        ('''\
    trainable = [p for p in net.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=lr)
    loss_fn = nn.CrossEntropyLoss()
''',
         '''\
    for p in net.parameters():
        p.requires_grad_(True)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
'''),
        ('        loss = loss_fn(net(X), y)\n',
         '        loss = nn.functional.cross_entropy(net(X), y)\n')),
        loses=("train_trainable-test",), why="turns the frozen body back on"),
    Wrong("train-no-zero-grad", mutate(
        "train_trainable",
        ('''\
    trainable = [p for p in net.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=lr)
    loss_fn = nn.CrossEntropyLoss()
''',
         '''\
    optimizer = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=lr)
'''),
        ('''\
        optimizer.zero_grad()
        loss = loss_fn(net(X), y)
''',
         '        loss = nn.functional.cross_entropy(net(X), y)\n')),
        loses=("train_trainable-test",), why="gradients pile up across steps"),
    Wrong("train-sgd", mutate(
        "train_trainable",
        ('''\
    trainable = [p for p in net.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=lr)
    loss_fn = nn.CrossEntropyLoss()
''',
         '''\
    optimizer = torch.optim.SGD([p for p in net.parameters() if p.requires_grad], lr=lr)
'''),
        ('        loss = loss_fn(net(X), y)\n',
         '        loss = nn.functional.cross_entropy(net(X), y)\n')),
        loses=("train_trainable-test",), why="SGD instead of Adam"),
    Wrong("train-eval-mode", mutate(
        "train_trainable",
        ('''\
    trainable = [p for p in net.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    net.train()
''',
         '''\
    optimizer = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=lr)
'''),
        ('        loss = loss_fn(net(X), y)\n',
         '        loss = nn.functional.cross_entropy(net(X), y)\n')),
        loses=("train_trainable-test",), why="never switches to train mode"),
    # param_groups
    Wrong("groups-swapped-lr", {"param_groups": '''
def param_groups(net, body_lr, head_lr):
    params = list(net.parameters())
    return [{"params": params[:-2], "lr": head_lr}, {"params": params[-2:], "lr": body_lr}]
'''}, loses=("param_groups-test",), why="gives the body the head's learning rate"),
    Wrong("groups-head-in-both", {"param_groups": '''
def param_groups(net, body_lr, head_lr):
    params = list(net.parameters())
    return [{"params": params, "lr": body_lr}, {"params": params[-2:], "lr": head_lr}]
'''}, loses=("param_groups-test",), why="puts the head in both groups"),
    Wrong("groups-last-two-tensors", {"param_groups": '''
def param_groups(net, body_lr, head_lr):
    params = list(net.parameters())
    return [{"params": params[:-2], "lr": body_lr}, {"params": params[-2:], "lr": head_lr}]
'''}, loses=("param_groups-test",), why="assumes the head has a bias"),
    # replace_head
    Wrong("replace-in-place", {"replace_head": '''
def replace_head(net, num_classes, seed=0):
    torch.manual_seed(seed)
    net[-1] = nn.Linear(net[-1].in_features, num_classes)
    return net
'''}, loses=("replace_head-test",), why="changes the pretrained network itself"),
    Wrong("replace-shallow-copy", {"replace_head": '''
def replace_head(net, num_classes, seed=0):
    new = copy.copy(net)
    torch.manual_seed(seed)
    new[-1] = nn.Linear(new[-1].in_features, num_classes)
    return new
'''}, loses=("replace_head-test",), why="a shallow copy shares its layer list with the original"),
    Wrong("replace-seed-too-early", {"replace_head": '''
def replace_head(net, num_classes, seed=0):
    torch.manual_seed(seed)
    new = copy.deepcopy(net)
    for p in new.parameters():
        p.data += 0.0 * torch.randn_like(p)
    new[-1] = nn.Linear(new[-1].in_features, num_classes)
    return new
'''}, loses=("replace_head-test",), why="draws random numbers between the seed and the new layer"),
    Wrong("replace-transposed", {"replace_head": '''
def replace_head(net, num_classes, seed=0):
    new = copy.deepcopy(net)
    torch.manual_seed(seed)
    new[-1] = nn.Linear(num_classes, new[-1].in_features)
    return new
'''}, loses=("replace_head-test",), why="swaps the layer's input and output sizes"),
    # save_and_load
    Wrong("save-returns-original", {"save_and_load": '''
def save_and_load(net, make_net, path):
    torch.save(net.state_dict(), path)
    return make_net()
'''}, loses=("save_and_load-test",), why="forgets to load the saved weights"),
    Wrong("save-loads-into-original", {"save_and_load": '''
def save_and_load(net, make_net, path):
    torch.save(net.state_dict(), path)
    new = make_net()
    net.load_state_dict(torch.load(path, weights_only=True))
    return new
'''}, loses=("save_and_load-test",), why="loads into the old network and returns the fresh one"),
    Wrong("save-returns-net-itself", {"save_and_load": '''
def save_and_load(net, make_net, path):
    torch.save(net.state_dict(), path)
    return net
'''}, loses=("save_and_load-test",), why="returns the same object: nothing was loaded"),
    Wrong("save-returns-a-deep-copy", {"save_and_load": '''
def save_and_load(net, make_net, path):
    import copy

    return copy.deepcopy(net)
'''}, loses=("save_and_load-test",), why="a copy in memory: no file written, nothing loaded"),
]

RIGHT = [
    Right("subset-permutation", {"few_label_subset": '''
def few_label_subset(y, n_per_class, rng):
    y = np.asarray(y)
    out = []
    for label in sorted(set(y.tolist())):
        members = np.flatnonzero(y == label)
        out.extend(rng.permutation(members)[:n_per_class].tolist())
    return out
'''}, why="a permutation per class, returns a list"),
    Right("freeze-by-name", {"freeze_body": '''
def freeze_body(net):
    names = [name for name, _ in net.named_parameters()]
    head_prefix = names[-1].rsplit(".", 1)[0]
    for name, p in net.named_parameters():
        p.requires_grad = name.rsplit(".", 1)[0] == head_prefix
    return net
'''}, why="finds the head by its parameter names"),
    Right("train-all-params-in-optimizer", {"train_trainable": '''
def train_trainable(net, X, y, num_epochs, lr):
    X = torch.as_tensor(np.asarray(X, dtype=np.float32))
    y = torch.as_tensor(np.asarray(y)).long()
    optimizer = torch.optim.Adam(filter(lambda p: p.requires_grad, net.parameters()), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    net.train()
    losses = []
    for _ in range(num_epochs):
        optimizer.zero_grad()
        loss = loss_fn(net(X), y)
        losses.append(float(loss))
        loss.backward()
        optimizer.step()
    return np.array(losses)
'''}, why="filter(), float(loss), returns an array"),
    Right("groups-by-identity", {"param_groups": '''
def param_groups(net, body_lr, head_lr):
    *_, head_module = [m for m in net.modules() if any(True for _ in m.parameters(False))]
    head = list(head_module.parameters())
    body = [p for p in net.parameters() if all(p is not q for q in head)]
    return [dict(params=body, lr=body_lr), dict(params=head, lr=head_lr)]
'''}, why="identity comparisons, dict()"),
    Right("replace-load-state", {"replace_head": '''
def replace_head(net, num_classes, seed=0):
    layers = [copy.deepcopy(m) for m in net]
    torch.manual_seed(seed)
    layers[-1] = nn.Linear(layers[-1].in_features, num_classes)
    return nn.Sequential(*layers)
'''}, why="copies each layer into a new Sequential"),
    Right("save-pathlib", {"save_and_load": '''
def save_and_load(net, make_net, path):
    import pathlib
    path = pathlib.Path(path)
    with open(path, "wb") as f:
        torch.save(net.state_dict(), f)
    new = make_net()
    with open(path, "rb") as f:
        state = torch.load(f, weights_only=True)
    new.load_state_dict(state)
    return new.eval()
'''}, why="file objects and eval mode"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-A", {"concept-1": 'q1 = "A"\n'},
          loses=("concept-1-test",), why="trains from scratch on a few labels"),
    Wrong("concept-1-C", {"concept-1": 'q1 = "C"\n'},
          loses=("concept-1-test",), why="destroys the pretrained features"),
    Wrong("concept-2-640", {"concept-2": 'q2 = 640\n'},
          loses=("concept-2-test",), why="forgets the biases"),
    Wrong("concept-2-74", {"concept-2": 'q2 = 74\n'},
          loses=("concept-2-test",), why="adds instead of multiplying"),
    Wrong("concept-3-B", {"concept-3": 'q3 = "B"\n'},
          loses=("concept-3-test",), why="thinks the rate changes the cost"),
    Wrong("concept-3-C", {"concept-3": 'q3 = "C"\n'},
          loses=("concept-3-test",), why="guesses"),
    Wrong("concept-4-A", {"concept-4": 'q4 = "A"\n'},
          loses=("concept-4-test",), why="thinks frozen layers are skipped"),
    Wrong("concept-4-C", {"concept-4": 'q4 = "C"\n'},
          loses=("concept-4-test",), why="thinks freezing resets"),
]

RIGHT += [
    Right("concept-1-lower-case", {"concept-1": 'q1 = " b "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-2-computed", {"concept-2": 'q2 = 64 * 10 + 10\n'}, why="computed"),
    Right("concept-3-lower-case", {"concept-3": 'q3 = " a "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " b "\n'},
          why="case and surrounding spaces are ignored"),
]
