"""A small, reusable PyTorch training loop for the chapters from 06 on (after d2l and Keras).

``fit`` trains a network for some epochs and returns a :class:`History` with a Keras-style
per-epoch log (``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``); ``evaluate`` measures
a network on a whole data set; ``plot_history`` draws the learning curves with Korean labels.

Conventions:

* Inputs ``X`` have shape (n, ...) and become float32 tensors. Integer targets ``y`` (class
  labels) become int64 tensors of shape (n,), for ``nn.CrossEntropyLoss``; float targets stay
  float32 with their shape, e.g. (n, 1) for ``nn.BCEWithLogitsLoss``.
* A network's output is a *logit*: shape (n, C) with C >= 2 for C classes (the class is the
  argmax), or shape (n,) / (n, 1) for a binary task (class 1 where the logit is >= 0, i.e.
  where the sigmoid probability is >= 0.5).
* Losses are means over samples: an epoch's loss weights each batch's loss with its size.
* The progress bar (tqdm) writes to stdout, never to stderr, so a notebook cell that trains
  shows no red stderr block and a grader that fails cells writing to stderr is not affected.
"""
import sys
import time

import numpy as np
import torch

__all__ = [
    "History", "to_tensor", "to_tensors", "make_loader", "accuracy", "train_step", "evaluate",
    "fit", "format_log", "plot_history", "reference_net", "EarlyStopping", "clip_by_norm",
    "layer_grad_norms", "mlp", "FlatMLP", "train_epochs", "predict_proba", "predict",
]


class History:
    """Per-epoch log of :func:`fit`, like Keras' ``History``.

    ``history.history`` maps a name (``"loss"``, ``"accuracy"``, ``"val_loss"``, ...) to a
    list with one float per epoch; ``history.epoch`` lists the epoch numbers (1, 2, ...).
    ``history["loss"]`` is a shortcut for ``history.history["loss"]``.
    """

    def __init__(self):
        self.history = {}
        self.epoch = []

    def append(self, epoch, logs):
        """Record the numbers ``logs`` ({name: float}) of epoch number ``epoch``."""
        self.epoch.append(int(epoch))
        for key, value in logs.items():
            self.history.setdefault(key, []).append(float(value))

    def __getitem__(self, key):
        return self.history[key]

    def __contains__(self, key):
        return key in self.history

    def __len__(self):
        return len(self.epoch)

    def last(self):
        """The numbers of the last epoch as a dict ({} before the first epoch)."""
        return {key: values[-1] for key, values in self.history.items()}

    def __repr__(self):
        return f"History(epochs={len(self)}, keys={list(self.history)})"


class EarlyStopping:
    """Keras' ``EarlyStopping(monitor="val_loss", patience, min_delta,
    restore_best_weights=True)`` for a hand-written loop (chapter 07 and later).

    After each epoch call ``step(val_loss, net)``: it returns True when training should stop
    (``patience`` epochs in a row without a loss below ``best - min_delta``) and keeps a copy
    of the weights of the best epoch; ``restore(net)`` loads them back. ``best_epoch`` and
    ``stop_epoch`` count epochs from 1, exactly as ``dlcourse.regularization.early_stopping``
    computes them from the list of losses.
    """

    def __init__(self, patience, min_delta=0.0):
        self.patience, self.min_delta = int(patience), float(min_delta)
        self.best_loss, self.best_epoch, self.stop_epoch = None, 0, None
        self.epoch, self.wait, self._best_state = 0, 0, None

    def step(self, val_loss, net=None):
        """Record epoch ``self.epoch + 1``; True when training should stop after it."""
        import copy

        self.epoch += 1
        val_loss = float(val_loss)
        if self.best_loss is None or val_loss < self.best_loss - self.min_delta:
            self.best_loss, self.best_epoch, self.wait = val_loss, self.epoch, 0
            if net is not None:
                self._best_state = copy.deepcopy(net.state_dict())
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stop_epoch = self.epoch
            return True
        return False

    def restore(self, net):
        """Load the weights of the best epoch into ``net`` (as ``restore_best_weights``)."""
        if self._best_state is None:
            raise RuntimeError("no weights were kept: pass the network to step()")
        net.load_state_dict(self._best_state)
        return net


def to_tensor(values, *, dtype=None):
    """``values`` (numpy array, list or tensor) as a tensor; float64 becomes float32."""
    tensor = torch.as_tensor(np.asarray(values) if not torch.is_tensor(values) else values)
    if dtype is not None:
        return tensor.to(dtype)
    if tensor.is_floating_point():
        return tensor.to(torch.float32)
    return tensor


def to_tensors(X, y):
    """``X`` as float32 (n, ...), ``y`` as int64 (n,) for labels or float32 for float targets."""
    X = to_tensor(X, dtype=torch.float32)
    y = to_tensor(y)
    if not y.is_floating_point():
        y = y.to(torch.int64)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
    return X, y


def make_loader(X, y, *, batch_size=32, shuffle=True, seed=0):
    """A ``DataLoader`` over arrays ``X`` (n, ...) and ``y`` (n, ...), reproducible by ``seed``.

    The shuffling uses its own ``torch.Generator`` seeded with ``seed``, so the batches do not
    depend on (or change) the global random state. Each pass over the loader reshuffles.
    """
    from torch.utils.data import DataLoader, TensorDataset

    X, y = to_tensors(X, y)
    generator = torch.Generator().manual_seed(int(seed))
    return DataLoader(TensorDataset(X, y), batch_size=int(batch_size), shuffle=shuffle,
                      generator=generator)


def _predicted_labels(y_hat):
    """Class labels (n,) int64 from logits: argmax for (n, C>=2), logit >= 0 for binary."""
    y_hat = to_tensor(y_hat).detach()
    if y_hat.ndim == 2 and y_hat.shape[1] >= 2:
        return y_hat.argmax(dim=1)
    if y_hat.ndim == 1 or (y_hat.ndim == 2 and y_hat.shape[1] == 1):
        return (y_hat.reshape(-1) >= 0).to(torch.int64)
    raise ValueError(f"logits of shape {tuple(y_hat.shape)}: expected (n, C), (n, 1) or (n,)")


def _n_correct(y_hat, y):
    labels = _predicted_labels(y_hat)
    y = to_tensor(y).detach().reshape(-1).to(torch.int64)
    if labels.shape != y.shape:
        raise ValueError(f"{labels.shape[0]} predictions for {y.shape[0]} labels")
    return int((labels == y).sum())


def accuracy(y_hat, y):
    """Fraction of correct predictions (a float in [0, 1]).

    y_hat: logits, shape (n, C) (the class is the argmax over dim 1) or (n,) / (n, 1) for a
    binary task (class 1 where the logit is >= 0). y: labels, shape (n,) or (n, 1).
    """
    y = to_tensor(y)
    n = y.reshape(-1).shape[0]
    if n == 0:
        raise ValueError("accuracy of an empty set")
    return _n_correct(y_hat, y) / n


def _metric(name):
    if callable(name):
        return getattr(name, "__name__", "metric"), name
    if name == "accuracy":
        return "accuracy", accuracy
    raise ValueError(f"unknown metric {name!r}: use 'accuracy' or a function f(y_hat, y)")


def train_step(net, loss_fn, optimizer, X, y):
    """One optimization step on one batch; returns the batch loss before the update (float).

    train mode, zero the gradients, forward, loss, backward, optimizer step.
    """
    net.train()
    optimizer.zero_grad()
    loss = loss_fn(net(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def _as_loader(data, batch_size, shuffle, seed):
    from torch.utils.data import DataLoader

    if isinstance(data, DataLoader):
        return data
    if isinstance(data, (tuple, list)) and len(data) == 2:
        return make_loader(data[0], data[1], batch_size=batch_size, shuffle=shuffle, seed=seed)
    raise TypeError("data must be a DataLoader or a pair (X, y)")


def evaluate(net, X, y=None, *, loss_fn=None, metrics=("accuracy",), batch_size=1024):
    """Loss and metrics of ``net`` on a whole data set, in eval mode and without gradients.

    ``X, y`` are arrays/tensors (n, ...) and (n, ...), or ``X`` is a ``DataLoader`` and ``y``
    is None. Returns ``{"loss": ..., "accuracy": ...}`` (``"loss"`` only with ``loss_fn``):
    sample-weighted means over the batches, i.e. the loss over the whole set. The network's
    train/eval mode is restored afterwards.
    """
    loader = _as_loader(X if y is None else (X, y), batch_size, False, 0)
    named = [_metric(m) for m in metrics]
    was_training = net.training
    net.eval()
    totals = {"loss": 0.0, **{name: 0.0 for name, _ in named}}
    n = 0
    try:
        with torch.no_grad():
            for xb, yb in loader:
                out = net(xb)
                size = len(xb)
                if loss_fn is not None:
                    totals["loss"] += float(loss_fn(out, yb)) * size
                for name, fn in named:
                    totals[name] += float(fn(out, yb)) * size
                n += size
    finally:
        net.train(was_training)
    if n == 0:
        raise ValueError("evaluate on an empty data set")
    keys = (["loss"] if loss_fn is not None else []) + [name for name, _ in named]
    return {key: totals[key] / n for key in keys}


def format_log(epoch, num_epochs, logs, *, steps=None, seconds=None):
    """A Keras-style line: ``Epoch 3/20 - 45/45 - 0.1s 2ms/step - loss: 0.7424 - ...``."""
    parts = [f"Epoch {epoch}/{num_epochs}"]
    if steps is not None:
        parts.append(f"{steps}/{steps}")
    if seconds is not None:
        timing = f"{seconds:.1f}s"
        if steps:
            timing += f" {1000 * seconds / steps:.0f}ms/step"
        parts.append(timing)
    parts += [f"{key}: {value:.4f}" for key, value in logs.items()]
    return " - ".join(parts)


def fit(net, loss_fn, optimizer, train_data, num_epochs, val_data=None, *,
        metrics=("accuracy",), batch_size=32, seed=0, progress=True, log_every=1,
        file=None, early_stopping=None, on_epoch_end=None):
    """Train ``net`` for ``num_epochs`` epochs and return a :class:`History`.

    train_data: a ``DataLoader`` or a pair ``(X, y)`` of arrays/tensors, which becomes a
        shuffling loader with ``batch_size`` and a generator seeded with ``seed``.
    val_data: ``None``, a pair ``(X_val, y_val)`` or a ``DataLoader``; measured with
        :func:`evaluate` after every epoch (keys ``val_loss``, ``val_accuracy``, ...).
    metrics: ``"accuracy"`` and/or functions ``f(y_hat, y) -> float``.
    progress: show a tqdm progress bar over the epochs (on stdout; ``False`` shows none).
    log_every: print the Keras-style line of the first epoch, of every ``log_every``-th epoch
        and of the last one; ``0`` or ``None`` prints no lines.
    file: where the bar and the lines go (default: ``sys.stdout`` at call time).
    early_stopping: an :class:`EarlyStopping` (needs ``val_data``): after each epoch it sees
        ``val_loss``; when it says stop, training ends and the best epoch's weights are put
        back, as Keras' ``EarlyStopping(restore_best_weights=True)``. Its ``best_epoch`` and
        ``stop_epoch`` say what happened.
    on_epoch_end: a function ``f(epoch, net)`` called after each epoch's ``val_*`` numbers and
        before early stopping looks at them, with ``net`` in eval mode and without gradients
        (to measure or keep what the history lacks: a snapshot, a weight norm, the training
        loss after the epoch); the numbers of a dict it returns are added to that epoch's
        logs under their keys.

    The training ``loss`` and metrics of an epoch are, as in Keras, sample-weighted means over
    its batches, each computed on the batch *before* that batch's update (the network changes
    during the epoch). ``val_*`` numbers are computed at the end of the epoch in eval mode.
    The network is left in train mode.
    """
    from tqdm.std import tqdm

    out = sys.stdout if file is None else file
    if early_stopping is not None and val_data is None:
        raise ValueError("early_stopping watches val_loss: pass val_data too")
    loader = _as_loader(train_data, batch_size, True, seed)
    named = [_metric(m) for m in metrics]
    history = History()
    num_epochs = int(num_epochs)
    bar = tqdm(total=num_epochs, desc="학습", unit="epoch", file=out, disable=not progress,
               leave=True, ncols=100, mininterval=0.2)
    try:
        for epoch in range(1, num_epochs + 1):
            net.train()
            start = time.perf_counter()
            totals = {"loss": 0.0, **{name: 0.0 for name, _ in named}}
            n = steps = 0
            for xb, yb in loader:
                optimizer.zero_grad()
                y_hat = net(xb)
                loss = loss_fn(y_hat, yb)
                loss.backward()
                optimizer.step()
                size = len(xb)
                totals["loss"] += loss.item() * size
                for name, fn in named:
                    totals[name] += float(fn(y_hat.detach(), yb)) * size
                n += size
                steps += 1
            if n == 0:
                raise ValueError("the training data is empty")
            logs = {key: value / n for key, value in totals.items()}
            if val_data is not None:
                val = evaluate(net, val_data, loss_fn=loss_fn, metrics=metrics)
                net.train()
                logs.update({f"val_{key}": value for key, value in val.items()})
            if on_epoch_end is not None:
                logs.update(_at_epoch_end(on_epoch_end, epoch, net))
            history.append(epoch, logs)
            stop = early_stopping is not None and early_stopping.step(logs["val_loss"], net)
            seconds = time.perf_counter() - start
            bar.update(1)
            bar.set_postfix({k: f"{v:.4f}" for k, v in logs.items() if "loss" in k},
                            refresh=False)
            if log_every and (epoch == 1 or epoch % int(log_every) == 0
                              or epoch == num_epochs or stop):
                line = format_log(epoch, num_epochs, logs, steps=steps, seconds=seconds)
                if progress:
                    bar.write(line, file=out)
                else:
                    print(line, file=out)
            if stop:
                early_stopping.restore(net)
                break
    finally:
        bar.close()
    return history


def _at_epoch_end(callback, epoch, net):
    was_training = net.training
    net.eval()
    try:
        with torch.no_grad():
            extra = callback(epoch, net)
    finally:
        net.train(was_training)
    if extra is None:
        return {}
    if not isinstance(extra, dict):
        raise TypeError(f"on_epoch_end returned {type(extra).__name__}: a dict of numbers or "
                        f"None")
    return {str(key): float(value) for key, value in extra.items()}


def plot_history(history, metrics=None, *, axes=None, title=None, figsize=None):
    """Learning curves from a :class:`History` (or a dict of lists): one panel per quantity.

    Panels: ``loss`` first, then each metric (default: every key of the history that does not
    start with ``val_``); a ``val_`` curve is drawn beside its training curve. Labels are in
    Korean. Returns the list of axes.
    """
    import matplotlib.pyplot as plt

    logs = history.history if isinstance(history, History) else dict(history)
    if metrics is None:
        metrics = [key for key in logs if not key.startswith("val_")]
    metrics = list(metrics)
    names = {"loss": "손실(loss)", "accuracy": "정확도(accuracy)"}
    if axes is None:
        size = figsize or (5.2 * len(metrics), 3.8)
        _, axes = plt.subplots(1, len(metrics), figsize=size, squeeze=False)
        axes = list(axes[0])
    else:
        axes = list(np.atleast_1d(axes))
    for ax, key in zip(axes, metrics):
        values = logs[key]
        epochs = np.arange(1, len(values) + 1)
        ax.plot(epochs, values, "o-" if len(values) <= 30 else "-", markersize=4,
                label="훈련(train)")
        if f"val_{key}" in logs:
            ax.plot(epochs, logs[f"val_{key}"], "s--" if len(values) <= 30 else "--",
                    markersize=4, label="검증(validation)")
        ax.set_xlabel("에포크(epoch)")
        ax.set_ylabel(names.get(key, key))
        ax.set_title(f"학습 곡선: {names.get(key, key)}")
        ax.legend()
    if title:
        axes[0].figure.suptitle(title)
    axes[0].figure.tight_layout()
    return axes


def reference_net(sizes, seed, dropout=None):
    """A fixed fully connected ReLU network with layer widths ``sizes`` (e.g. (4, 5, 3)).

    The same ``seed`` gives the same initial weights; the global torch generator is left as
    it was. With ``dropout`` an nn.Dropout comes before the last layer.
    """
    import torch
    from torch import nn

    with torch.random.fork_rng():
        torch.manual_seed(seed)
        modules = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            if i > 0:
                modules.append(nn.ReLU())
            if i == len(sizes) - 2 and dropout:
                modules.append(nn.Dropout(dropout))
            modules.append(nn.Linear(n_in, n_out))
        return nn.Sequential(*modules)


def clip_by_norm(grads, threshold):
    """Gradient clipping by norm as slide 4-7-4 writes it: with ``g`` all the gradients seen
    as one vector, ``g <- threshold / ||g|| * g`` when ``||g|| >= threshold``, else unchanged.

    grads: a list of numpy arrays (any shapes). Returns ``(clipped list, ||g|| before)``; the
    inputs are not modified. ``torch.nn.utils.clip_grad_norm_`` does the same, except that it
    scales by ``threshold / (||g|| + 1e-6)`` (tests/test_training.py compares the two).
    """
    grads = [np.asarray(g, dtype=np.float64) for g in grads]
    norm = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))
    if norm >= threshold and norm > 0:
        return [g * (threshold / norm) for g in grads], norm
    return [g.copy() for g in grads], norm


def layer_grad_norms(net, X, y, loss_fn):
    """The L2 norm of the gradient of each ``nn.Linear`` weight of ``net`` (input side first)
    after one backward pass of ``loss_fn(net(X), y)``; the gradients are cleared afterwards.
    Returns a float64 array with one entry per Linear layer."""
    from torch import nn

    net.zero_grad()
    loss_fn(net(torch.as_tensor(X)), torch.as_tensor(y)).backward()
    norms = [float(m.weight.grad.norm()) for m in net.modules() if isinstance(m, nn.Linear)]
    net.zero_grad()
    return np.array(norms)


def mlp(n_inputs, n_hidden, n_outputs):
    """Chapter 06's two-layer perceptron as nn.Sequential (hidden ReLU layer, logits out)."""
    return torch.nn.Sequential(torch.nn.Linear(n_inputs, n_hidden), torch.nn.ReLU(),
                               torch.nn.Linear(n_hidden, n_outputs))


class FlatMLP(torch.nn.Module):
    """Chapter 06's two-layer perceptron as an nn.Module: flatten, fc1, ReLU, fc2.

    forward(x): x of shape (n, n_inputs) or (n, d1, d2, ...) with d1 * d2 * ... = n_inputs;
    returns logits of shape (n, n_outputs).
    """

    def __init__(self, n_inputs, n_hidden, n_outputs):
        super().__init__()
        self.fc1 = torch.nn.Linear(n_inputs, n_hidden)
        self.fc2 = torch.nn.Linear(n_hidden, n_outputs)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(torch.flatten(x, start_dim=1))))


def train_epochs(net, loss_fn, optimizer, loader, num_epochs):
    """``num_epochs`` passes of :func:`train_step` over ``loader``; the mean loss per epoch."""
    losses = []
    for _ in range(num_epochs):
        total, count = 0.0, 0
        for X_batch, y_batch in loader:
            total += train_step(net, loss_fn, optimizer, X_batch, y_batch) * len(X_batch)
            count += len(X_batch)
        losses.append(total / count)
    return losses


def predict_proba(net, X):
    """Probability of class 1 of a binary network (logits (n, 1) or (n,)): numpy (n,).

    The network is left in evaluation mode; no autograd graph is built.
    """
    net.eval()
    with torch.no_grad():
        logits = net(to_tensor(X))
    return torch.sigmoid(logits).reshape(-1).numpy()


def predict(net, X, threshold=0.5):
    """Class labels 0/1 (numpy int64, shape (n,)): 1 where predict_proba >= threshold."""
    return (predict_proba(net, X) >= threshold).astype(np.int64)
