"""Hyperparameter tuning (chapter 11): a scikit-learn wrapper around a small torch network,
and reference versions of the chapter's exercises.

``TorchMLPClassifier`` lets scikit-learn's ``GridSearchCV``, ``RandomizedSearchCV`` and
``cross_val_score`` (and Optuna objectives built on them) tune a torch model like any other
estimator. tests/test_tuning.py checks the references against scikit-learn.
"""
import math

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

__all__ = ["TorchMLPClassifier", "keras_style_regression", "count_grid", "grid_configs",
           "random_configs", "cv_scores",
           "best_so_far", "pick_and_test"]


class TorchMLPClassifier(ClassifierMixin, BaseEstimator):
    """A one-hidden-layer ReLU network trained full-batch with Adam, as a scikit-learn
    classifier. Hyperparameters: ``hidden`` (units), ``lr`` (Adam's learning rate),
    ``weight_decay``, ``epochs`` (full-batch steps; with early stopping the most), ``seed``
    (initial weights and the validation split). With ``early_stopping`` a stratified
    ``validation_fraction`` of the training data is held out, training stops after
    ``patience`` steps without a lower validation loss and the best weights are restored
    (``dlcourse.training.EarlyStopping``); ``n_epochs_`` says how many steps were taken and
    ``best_epoch_`` which one's weights were kept.
    Features should be standardized (put a ``StandardScaler`` before it in a ``Pipeline``).
    """

    def __init__(self, hidden=16, lr=1e-2, weight_decay=0.0, epochs=60, seed=0,
                 early_stopping=False, patience=10, validation_fraction=0.2):
        self.hidden = hidden
        self.lr = lr
        self.weight_decay = weight_decay
        self.epochs = epochs
        self.seed = seed
        self.early_stopping = early_stopping
        self.patience = patience
        self.validation_fraction = validation_fraction

    def _net(self, n_in, n_out):
        import torch
        from torch import nn

        with torch.random.fork_rng():
            torch.manual_seed(int(self.seed))
            return nn.Sequential(nn.Linear(n_in, int(self.hidden)), nn.ReLU(),
                                 nn.Linear(int(self.hidden), n_out))

    def fit(self, X, y):
        import torch
        from torch import nn

        from .training import EarlyStopping

        X = torch.as_tensor(np.asarray(X, dtype=np.float32))
        self.classes_, codes = np.unique(np.asarray(y), return_inverse=True)
        target = torch.as_tensor(codes.reshape(-1), dtype=torch.long)
        X_val = y_val = None
        if self.early_stopping:
            from sklearn.model_selection import train_test_split

            train, val = train_test_split(np.arange(len(target)),
                                          test_size=self.validation_fraction,
                                          stratify=codes.reshape(-1), random_state=self.seed)
            X, X_val, target, y_val = X[train], X[val], target[train], target[val]
            stopper = EarlyStopping(self.patience)
        self.net_ = self._net(X.shape[1], len(self.classes_))
        optimizer = torch.optim.Adam(self.net_.parameters(), lr=float(self.lr),
                                     weight_decay=float(self.weight_decay))
        loss_fn = nn.CrossEntropyLoss()
        self.n_epochs_ = 0
        for _ in range(int(self.epochs)):
            self.net_.train()
            optimizer.zero_grad()
            loss = loss_fn(self.net_(X), target)
            loss.backward()
            optimizer.step()
            self.n_epochs_ += 1
            if X_val is not None:
                self.net_.eval()
                with torch.no_grad():
                    val_loss = loss_fn(self.net_(X_val), y_val).item()
                if stopper.step(val_loss, self.net_):
                    break
        self.best_epoch_ = self.n_epochs_
        if X_val is not None:
            stopper.restore(self.net_)
            self.best_epoch_ = stopper.best_epoch
        self.net_.eval()
        return self

    def predict_proba(self, X):
        import torch

        with torch.no_grad():
            logits = self.net_(torch.as_tensor(np.asarray(X, dtype=np.float32)))
        return torch.softmax(logits, dim=1).numpy().astype(np.float64)

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def keras_style_regression(X, y, *, hidden=(64, 64), dropout=0.0, layer_norm=False,
                           weight_decay=0.0, lr=1e-2, epochs=500, patience=25,
                           validation_split=0.2, seed=0):
    """Train a regression MLP the way the lecture's Keras example does, and score it.

    As ``fit(..., loss="mse", metrics="mae", validation_split=0.2,
    callbacks=list(callback_early_stopping(patience=25)))``: the first
    ``floor(n * (1 - validation_split))`` rows train and the rest (the **last** rows, taken
    before any shuffling, as Keras does) are the validation set. Training is full-batch Adam
    (``lr``; ``weight_decay`` = L2 regularization) on the mean squared error; after each epoch
    the validation loss is measured, training stops after ``patience`` epochs without
    improvement and the best epoch's weights are put back (Keras' ``restore_best_weights=True``;
    Keras' default keeps the last epoch's). The network is one ``nn.Linear`` per entry of
    ``hidden``, each followed by ``nn.LayerNorm`` (when ``layer_norm``), ReLU and
    ``nn.Dropout(dropout)``, then a linear output. Features and target are standardized with
    the training rows' statistics; errors are reported in the target's units.

    X: (n, d); y: (n,). Returns ``{"val_mae", "val_mse", "best_epoch", "epochs"}``: validation
    MAE and MSE of the restored weights, the best epoch (from 1) and the epochs run.
    """
    import torch
    from torch import nn

    from .training import EarlyStopping

    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    cut = int(math.floor(len(X) * (1.0 - validation_split)))  # Keras: the rest is validation
    mean, std = X[:cut].mean(axis=0), X[:cut].std(axis=0) + 1e-12
    y_mean, y_std = y[:cut].mean(), y[:cut].std()

    def tensor(a):
        return torch.as_tensor(a, dtype=torch.float32)

    X_train, X_val = tensor((X[:cut] - mean) / std), tensor((X[cut:] - mean) / std)
    y_train, y_val = tensor((y[:cut] - y_mean) / y_std), tensor((y[cut:] - y_mean) / y_std)
    with torch.random.fork_rng():
        torch.manual_seed(int(seed))
        modules, n_in = [], X.shape[1]
        for width in hidden:
            modules += [nn.Linear(n_in, width)] + ([nn.LayerNorm(width)] if layer_norm else [])
            modules += [nn.ReLU(), nn.Dropout(dropout)]
            n_in = width
        net = nn.Sequential(*modules, nn.Linear(n_in, 1))
        optimizer = torch.optim.Adam(net.parameters(), lr=lr, weight_decay=weight_decay)
        stopper = EarlyStopping(patience)
        epochs_run = 0
        for _ in range(int(epochs)):
            net.train()
            optimizer.zero_grad()
            nn.functional.mse_loss(net(X_train).reshape(-1), y_train).backward()
            optimizer.step()
            epochs_run += 1
            net.eval()
            with torch.no_grad():
                val_loss = nn.functional.mse_loss(net(X_val).reshape(-1), y_val).item()
            if stopper.step(val_loss, net):
                break
        stopper.restore(net)
        net.eval()
        with torch.no_grad():
            predicted = net(X_val).reshape(-1).numpy() * y_std + y_mean
    errors = predicted - y[cut:]
    return {"val_mae": float(np.mean(np.abs(errors))), "val_mse": float(np.mean(errors ** 2)),
            "best_epoch": int(stopper.best_epoch), "epochs": epochs_run}


def count_grid(grid, sample=None):
    """Number of configurations of a grid ``{name: [values]}``; with ``sample`` (a fraction
    in (0, 1]) the number a run samples from it, ``ceil(sample * size)`` (R's tfruns rule)."""
    size = math.prod(len(values) for values in grid.values())
    return size if sample is None else math.ceil(sample * size)


def grid_configs(grid):
    """Every configuration of ``{name: [values]}`` as a list of dicts, in the order of
    scikit-learn's ``ParameterGrid`` (names sorted, the last one changing fastest)."""
    import itertools

    names = sorted(grid)
    return [dict(zip(names, combo)) for combo in itertools.product(*(grid[k] for k in names))]


def random_configs(space, n, seed):
    """``n`` random configurations from ``space = {name: spec}`` with a numpy Generator seeded
    with ``seed``. A spec is ``("uniform", low, high)``, ``("loguniform", low, high)``,
    ``("int", low, high)`` (both ends included) or ``("choice", [values])``."""
    rng = np.random.default_rng(seed)
    configs = []
    for _ in range(int(n)):
        config = {}
        for name in sorted(space):
            kind, *args = space[name]
            if kind == "uniform":
                config[name] = float(rng.uniform(args[0], args[1]))
            elif kind == "loguniform":
                config[name] = float(np.exp(rng.uniform(np.log(args[0]), np.log(args[1]))))
            elif kind == "int":
                config[name] = int(rng.integers(args[0], args[1] + 1))
            elif kind == "choice":
                config[name] = args[0][int(rng.integers(len(args[0])))]
            else:
                raise ValueError(f"unknown kind {kind!r} for {name!r}")
        configs.append(config)
    return configs


def cv_scores(make_model, config, X, y, k=3, seed=0):
    """Accuracy of ``make_model(**config)`` on each of ``k`` stratified, shuffled folds
    (``StratifiedKFold(k, shuffle=True, random_state=seed)``), a fresh model per fold."""
    from sklearn.model_selection import StratifiedKFold

    X, y = np.asarray(X), np.asarray(y)
    scores = []
    for train, val in StratifiedKFold(k, shuffle=True, random_state=seed).split(X, y):
        model = make_model(**config).fit(X[train], y[train])
        scores.append(float(np.mean(model.predict(X[val]) == y[val])))
    return np.array(scores)


def best_so_far(scores):
    """Running maximum of ``scores``; NaN (a failed trial) never counts, so the curve stays
    NaN until the first real score."""
    out, best = [], np.nan
    for s in np.asarray(scores, dtype=np.float64).reshape(-1):
        if not np.isnan(s) and (np.isnan(best) or s > best):
            best = s
        out.append(best)
    return np.array(out)


def pick_and_test(results, make_model, X_train, y_train, X_test, y_test):
    """Pick the configuration with the highest mean cross-validation score (the first one on
    a tie), refit it on the whole training set and score it on the test set once.

    results: list of ``(config, fold_scores)``. Returns ``(config, test_accuracy)``.
    """
    means = [float(np.mean(scores)) for _, scores in results]
    config = results[int(np.argmax(means))][0]
    model = make_model(**config).fit(np.asarray(X_train), np.asarray(y_train))
    return config, float(np.mean(model.predict(np.asarray(X_test)) == np.asarray(y_test)))
