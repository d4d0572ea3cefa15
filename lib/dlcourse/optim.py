"""Optimizer update rules (numpy, float64) in the CS231n style.

Every rule has the signature ``update(w, dw, config=None) -> (next_w, config)``:

- ``w``: the parameters, a numpy array of any shape; ``dw``: the gradient of the loss with
  respect to ``w``, same shape. Neither is modified: ``next_w`` is a new float64 array.
- ``config``: a dict with the hyperparameters (``learning_rate`` and the others below) and the
  optimizer's state (``velocity``, ``cache``, ``m``, ``v``, ``t``). Missing hyperparameters get
  the defaults of the matching ``torch.optim`` class; missing state starts as torch starts it.
  The same dict is updated and returned: pass it back on the next step.

Each rule follows the algorithm documented for ``torch.optim`` and matches it step for step
(tests/test_optim.py compares hundreds of steps on random parameters and gradients):

========================  ==================================  =============================
rule                      torch.optim equivalent              hyperparameters (default)
========================  ==================================  =============================
:func:`sgd`               ``SGD(lr)``                         learning_rate (1e-3),
                                                              weight_decay (0)
:func:`sgd_momentum`      ``SGD(lr, momentum, dampening,      learning_rate (1e-3),
                          weight_decay, nesterov)``           momentum (0.9), dampening (0),
                                                              nesterov (False),
                                                              weight_decay (0)
:func:`adagrad`           ``Adagrad``                         learning_rate (1e-2),
                                                              lr_decay (0), weight_decay (0),
                                                              initial_accumulator_value (0),
                                                              epsilon (1e-10)
:func:`rmsprop`           ``RMSprop``                         learning_rate (1e-2),
                                                              decay_rate (= alpha, 0.99),
                                                              epsilon (1e-8), weight_decay (0),
                                                              momentum (0), centered (False)
:func:`adam`              ``Adam``                            learning_rate (1e-3),
                                                              beta1 (0.9), beta2 (0.999),
                                                              epsilon (1e-8), weight_decay (0),
                                                              amsgrad (False)
========================  ==================================  =============================

``torch.optim.SGD`` has ``momentum=0`` by default (plain SGD); :func:`sgd_momentum` uses the
common 0.9 instead, everything else is torch's default.

Conventions worth knowing (they differ from some lecture slides):

- The small ``epsilon`` is added to the square root, ``sqrt(G) + eps``, not inside it.
- Adam's bias correction divides by ``1 - beta**t`` with ``t = 1`` on the first step.
- ``velocity`` of :func:`sgd_momentum` is torch's momentum buffer ``b = mu * b + g`` and the
  step is ``w - lr * b``. Slides that write ``v = mu * v + lr * g; w = w - v`` store
  ``v = lr * b``: the same steps while the learning rate is constant.
"""
import numpy as np

__all__ = ["sgd", "sgd_momentum", "adagrad", "rmsprop", "adam", "OPTIMIZERS", "minimize"]


def _start(w, dw, config, defaults):
    """Float64 copies of ``w`` and ``dw`` (checked to match) and ``config`` with defaults."""
    if config is None:
        config = {}
    for key, value in defaults.items():
        config.setdefault(key, value)
    w = np.array(w, dtype=np.float64)
    dw = np.array(dw, dtype=np.float64)
    if w.shape != dw.shape:
        raise ValueError(f"w has shape {w.shape} but dw has shape {dw.shape}")
    if config.get("weight_decay", 0.0) != 0.0:
        dw = dw + config["weight_decay"] * w  # L2 penalty, as torch's weight_decay
    return w, dw, config


def sgd(w, dw, config=None):
    """Plain (stochastic) gradient descent: ``next_w = w - learning_rate * dw``.

    w, dw: arrays of the same shape. config: learning_rate (1e-3), weight_decay (0).
    Returns (next_w, config) with next_w a new float64 array of w's shape.
    """
    w, dw, config = _start(w, dw, config, {"learning_rate": 1e-3, "weight_decay": 0.0})
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None):
    """SGD with momentum, as ``torch.optim.SGD(momentum=...)``.

    w, dw: arrays of the same shape. config: learning_rate (1e-3), momentum (0.9),
    dampening (0), nesterov (False), weight_decay (0); state ``velocity`` (torch's momentum
    buffer, same shape as w). First step: velocity = dw; later steps:
    velocity = momentum * velocity + (1 - dampening) * dw. Then
    next_w = w - learning_rate * velocity, or with nesterov
    next_w = w - learning_rate * (dw + momentum * velocity).
    Returns (next_w, config).
    """
    w, dw, config = _start(w, dw, config, {"learning_rate": 1e-3, "momentum": 0.9,
                                           "dampening": 0.0, "nesterov": False,
                                           "weight_decay": 0.0})
    mu = config["momentum"]
    if "velocity" not in config or config["velocity"] is None:
        v = dw.copy()  # torch starts the buffer with the first gradient (no dampening)
    else:
        v = mu * np.asarray(config["velocity"], dtype=np.float64) \
            + (1.0 - config["dampening"]) * dw
    config["velocity"] = v
    step = dw + mu * v if config["nesterov"] else v
    return w - config["learning_rate"] * step, config


def adagrad(w, dw, config=None):
    """Adagrad, as ``torch.optim.Adagrad``.

    w, dw: arrays of the same shape. config: learning_rate (1e-2), lr_decay (0),
    weight_decay (0), initial_accumulator_value (0), epsilon (1e-10); state ``cache``
    (running sum of squared gradients, w's shape) and ``t`` (steps taken).
    cache += dw**2; next_w = w - lr_t * dw / (sqrt(cache) + epsilon) with
    lr_t = learning_rate / (1 + (t - 1) * lr_decay). Returns (next_w, config).
    """
    w, dw, config = _start(w, dw, config, {"learning_rate": 1e-2, "lr_decay": 0.0,
                                           "weight_decay": 0.0,
                                           "initial_accumulator_value": 0.0,
                                           "epsilon": 1e-10})
    cache = config.get("cache")
    if cache is None:
        cache = np.full_like(w, config["initial_accumulator_value"])
    config["t"] = config.get("t", 0) + 1
    cache = np.asarray(cache, dtype=np.float64) + dw * dw
    config["cache"] = cache
    lr = config["learning_rate"] / (1.0 + (config["t"] - 1) * config["lr_decay"])
    return w - lr * dw / (np.sqrt(cache) + config["epsilon"]), config


def rmsprop(w, dw, config=None):
    """RMSprop, as ``torch.optim.RMSprop``.

    w, dw: arrays of the same shape. config: learning_rate (1e-2), decay_rate (torch's alpha,
    0.99), epsilon (1e-8), weight_decay (0), momentum (0), centered (False); state ``cache``
    (moving average of squared gradients), ``grad_avg`` (centered only), ``velocity``
    (momentum > 0 only). cache = decay_rate * cache + (1 - decay_rate) * dw**2;
    next_w = w - learning_rate * dw / (sqrt(cache) + epsilon). Returns (next_w, config).
    """
    w, dw, config = _start(w, dw, config, {"learning_rate": 1e-2, "decay_rate": 0.99,
                                           "epsilon": 1e-8, "weight_decay": 0.0,
                                           "momentum": 0.0, "centered": False})
    rho = config["decay_rate"]
    cache = config.get("cache")
    cache = np.zeros_like(w) if cache is None else np.asarray(cache, dtype=np.float64)
    cache = rho * cache + (1.0 - rho) * dw * dw
    config["cache"] = cache
    if config["centered"]:
        grad_avg = config.get("grad_avg")
        grad_avg = np.zeros_like(w) if grad_avg is None else np.asarray(grad_avg, np.float64)
        grad_avg = rho * grad_avg + (1.0 - rho) * dw
        config["grad_avg"] = grad_avg
        denom = np.sqrt(cache - grad_avg * grad_avg) + config["epsilon"]
    else:
        denom = np.sqrt(cache) + config["epsilon"]
    if config["momentum"] > 0:
        v = config.get("velocity")
        v = np.zeros_like(w) if v is None else np.asarray(v, dtype=np.float64)
        v = config["momentum"] * v + dw / denom
        config["velocity"] = v
        return w - config["learning_rate"] * v, config
    return w - config["learning_rate"] * dw / denom, config


def adam(w, dw, config=None):
    """Adam with bias correction, as ``torch.optim.Adam``.

    w, dw: arrays of the same shape. config: learning_rate (1e-3), beta1 (0.9),
    beta2 (0.999), epsilon (1e-8), weight_decay (0), amsgrad (False); state ``m``, ``v``
    (moving averages of dw and dw**2, w's shape), ``t`` (steps taken, 1 on the first step)
    and ``v_max`` (amsgrad only).
    m = beta1 m + (1 - beta1) dw; v = beta2 v + (1 - beta2) dw**2;
    m_hat = m / (1 - beta1**t); v_hat = v / (1 - beta2**t);
    next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon). Returns (next_w, config).
    """
    w, dw, config = _start(w, dw, config, {"learning_rate": 1e-3, "beta1": 0.9,
                                           "beta2": 0.999, "epsilon": 1e-8,
                                           "weight_decay": 0.0, "amsgrad": False})
    b1, b2 = config["beta1"], config["beta2"]
    m, v = config.get("m"), config.get("v")
    m = np.zeros_like(w) if m is None else np.asarray(m, dtype=np.float64)
    v = np.zeros_like(w) if v is None else np.asarray(v, dtype=np.float64)
    t = config.get("t", 0) + 1
    m = b1 * m + (1.0 - b1) * dw
    v = b2 * v + (1.0 - b2) * dw * dw
    config.update(m=m, v=v, t=t)
    if config["amsgrad"]:
        v_max = config.get("v_max")
        v_max = v if v_max is None else np.maximum(np.asarray(v_max, dtype=np.float64), v)
        config["v_max"] = v_max
        v = v_max
    m_hat = m / (1.0 - b1 ** t)
    v_hat = v / (1.0 - b2 ** t)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config


OPTIMIZERS = {"sgd": sgd, "sgd_momentum": sgd_momentum, "adagrad": adagrad,
              "rmsprop": rmsprop, "adam": adam}


def minimize(update, grad_fn, w0, n_steps, config=None):
    """Run ``n_steps`` steps of ``update`` from ``w0`` on the gradient ``grad_fn(w)``.

    update: one of the rules above (or any ``update(w, dw, config)``). grad_fn: maps an array
    of w0's shape to the gradient there. w0: a number or an array.
    Returns (trajectory, config): trajectory of shape (n_steps + 1, *np.shape(w0)) with
    trajectory[0] = w0, and the final config.
    """
    w = np.array(w0, dtype=np.float64)
    path = [w]
    config = {} if config is None else config
    for _ in range(int(n_steps)):
        w, config = update(w, grad_fn(w), config)
        path.append(w)
    return np.stack(path), config
