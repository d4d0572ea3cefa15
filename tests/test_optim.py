"""The update rules of dlcourse.optim match torch.optim step for step (float64)."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlcourse import optim

shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)


def torch_optimizer(name, param, config):
    """The torch.optim optimizer that ``optim.<name>`` with ``config`` stands for."""
    c = dict(config or {})
    lr = c.pop("learning_rate", None)
    kw = {} if lr is None else {"lr": lr}
    if name == "sgd":
        return torch.optim.SGD([param], **kw, **c)
    if name == "sgd_momentum":
        c.setdefault("momentum", 0.9)  # our default; torch's is 0 (plain SGD)
        return torch.optim.SGD([param], **kw, **c)
    if name == "adagrad":
        if "epsilon" in c:
            c["eps"] = c.pop("epsilon")
        return torch.optim.Adagrad([param], **kw, **c)
    if name == "rmsprop":
        if "epsilon" in c:
            c["eps"] = c.pop("epsilon")
        if "decay_rate" in c:
            c["alpha"] = c.pop("decay_rate")
        return torch.optim.RMSprop([param], **kw, **c)
    if name == "adam":
        if "epsilon" in c:
            c["eps"] = c.pop("epsilon")
        if "beta1" in c or "beta2" in c:
            c["betas"] = (c.pop("beta1", 0.9), c.pop("beta2", 0.999))
        return torch.optim.Adam([param], **kw, **c)
    raise ValueError(name)


def run_both(name, config, w0, grads, grad_fn=None):
    """Step ours and torch's side by side; return the two trajectories (steps, *shape)."""
    update = optim.OPTIMIZERS[name]
    param = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(name, param, config)
    ours = None if config is None else dict(config)
    w = w0.copy()
    mine, theirs = [], []
    for g in grads:
        if grad_fn is not None:
            g = grad_fn(w)
        w_before, g_before = w.copy(), g.copy()
        w_next, ours = update(w, g, ours)
        np.testing.assert_array_equal(w, w_before)  # inputs are not modified
        np.testing.assert_array_equal(g, g_before)
        assert isinstance(w_next, np.ndarray) and w_next.dtype == np.float64
        assert w_next.shape == w0.shape
        param.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        w = w_next
        mine.append(w)
        theirs.append(param.detach().numpy().copy())
    return np.array(mine), np.array(theirs)


def assert_same_steps(mine, theirs):
    np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)


CONFIGS = {
    "sgd": [None, {"learning_rate": 0.1}, {"learning_rate": 0.05, "weight_decay": 0.1}],
    "sgd_momentum": [None, {"learning_rate": 0.01, "momentum": 0.5},
                     {"learning_rate": 0.02, "momentum": 0.9, "dampening": 0.3},
                     {"learning_rate": 0.02, "momentum": 0.8, "nesterov": True},
                     {"learning_rate": 0.01, "momentum": 0.9, "weight_decay": 0.01}],
    "adagrad": [None, {"learning_rate": 0.1}, {"learning_rate": 0.3, "lr_decay": 0.01},
                {"learning_rate": 0.1, "initial_accumulator_value": 0.5, "epsilon": 1e-3},
                {"learning_rate": 0.1, "weight_decay": 0.05}],
    "rmsprop": [None, {"learning_rate": 0.001, "decay_rate": 0.9},
                {"learning_rate": 0.01, "epsilon": 1e-3},
                {"learning_rate": 0.01, "momentum": 0.9},
                {"learning_rate": 0.01, "centered": True},
                {"learning_rate": 0.005, "centered": True, "momentum": 0.5,
                 "weight_decay": 0.01}],
    "adam": [None, {"learning_rate": 0.01}, {"learning_rate": 0.1, "beta1": 0.5, "beta2": 0.9},
             {"learning_rate": 0.01, "epsilon": 1e-2}, {"learning_rate": 0.01, "amsgrad": True},
             {"learning_rate": 0.01, "weight_decay": 0.1}],
}
CASES = [(name, i) for name, configs in CONFIGS.items() for i in range(len(configs))]


@pytest.mark.parametrize("name,index", CASES)
def test_random_gradients_match_torch_for_200_steps(name, index):
    config = CONFIGS[name][index]
    rng = np.random.default_rng(100 + 7 * index + len(name))
    for shape in [(7,), (3, 4), (2, 3, 2)]:
        w0 = rng.normal(size=shape)
        # gradients of very different scales, some exactly zero
        scale = 10.0 ** rng.uniform(-7, 1, size=shape)
        grads = rng.normal(size=(200, *shape)) * scale
        grads[::17] = 0.0
        assert_same_steps(*run_both(name, config, w0, grads))


@pytest.mark.parametrize("name,index", CASES)
def test_gradients_of_a_quadratic_match_torch(name, index):
    """Feedback: the gradient depends on the weights the rule produced."""
    config = CONFIGS[name][index]
    rng = np.random.default_rng(7 + index)
    A = rng.normal(size=(5, 5))
    H = A @ A.T / 5 + 0.1 * np.eye(5)
    w0 = rng.normal(size=5)
    mine, theirs = run_both(name, config, w0, range(150), grad_fn=lambda w: H @ w)
    assert_same_steps(mine, theirs)


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(sorted(optim.OPTIMIZERS)), shape=shapes,
       lr=st.floats(1e-4, 0.5), n_steps=st.integers(1, 60), seed=st.integers(0, 2**32 - 1),
       eps_exp=st.integers(-10, -2))
def test_any_shape_and_hyperparameters_match_torch(name, shape, lr, n_steps, seed, eps_exp):
    rng = np.random.default_rng(seed)
    config = {"learning_rate": lr}
    if name in ("adagrad", "rmsprop", "adam"):
        config["epsilon"] = 10.0 ** eps_exp
    w0 = rng.normal(size=shape)
    grads = rng.normal(size=(n_steps, *shape)) * 10.0 ** rng.uniform(-6, 2)
    assert_same_steps(*run_both(name, config, w0, grads))


def test_defaults_are_torch_defaults():
    expected = {
        "sgd": {"learning_rate": 1e-3, "weight_decay": 0.0},
        "sgd_momentum": {"learning_rate": 1e-3, "momentum": 0.9, "dampening": 0.0,
                         "nesterov": False, "weight_decay": 0.0},
        "adagrad": {"learning_rate": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0,
                    "initial_accumulator_value": 0.0, "epsilon": 1e-10},
        "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8,
                    "weight_decay": 0.0, "momentum": 0.0, "centered": False},
        "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
                 "weight_decay": 0.0, "amsgrad": False},
    }
    torch_defaults = {
        "sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad,
        "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam,
    }
    for name, update in optim.OPTIMIZERS.items():
        _, config = update(np.zeros(3), np.ones(3))
        for key, value in expected[name].items():
            assert config[key] == value, (name, key)
        if name in torch_defaults:
            d = torch_defaults[name]([torch.zeros(1, requires_grad=True)]).defaults
            assert d["lr"] == config["learning_rate"], name
            if "eps" in d:
                assert d["eps"] == config["epsilon"], name
    d = torch.optim.Adam([torch.zeros(1, requires_grad=True)]).defaults
    assert d["betas"] == (0.9, 0.999)
    assert torch.optim.RMSprop([torch.zeros(1, requires_grad=True)]).defaults["alpha"] == 0.99


def test_state_is_kept_in_config():
    w, g = np.array([1.0, -2.0]), np.array([0.5, 0.25])
    _, c = optim.sgd_momentum(w, g, {"learning_rate": 0.1})
    np.testing.assert_array_equal(c["velocity"], g)
    _, c = optim.adagrad(w, g)
    np.testing.assert_array_equal(c["cache"], g * g)
    assert c["t"] == 1
    _, c = optim.rmsprop(w, g)
    np.testing.assert_allclose(c["cache"], 0.01 * g * g)
    _, c = optim.adam(w, g)
    np.testing.assert_allclose(c["m"], 0.1 * g)
    np.testing.assert_allclose(c["v"], 0.001 * g * g)
    assert c["t"] == 1
    _, c = optim.adam(w, g, c)
    assert c["t"] == 2


def test_worked_first_steps():
    """Closed forms of the first step."""
    w, g = np.array([1.0, 1.0, 1.0]), np.array([2.0, -3.0, 1e-4])
    # Adam's first step moves every weight by lr (times the sign of g), up to epsilon
    nw, _ = optim.adam(w, g, {"learning_rate": 0.1})
    np.testing.assert_allclose(nw, w - 0.1 * g / (np.abs(g) + 1e-8), rtol=1e-13, atol=1e-14)
    # Adagrad's first step likewise, with its own epsilon
    nw, _ = optim.adagrad(w, g, {"learning_rate": 0.1})
    np.testing.assert_allclose(nw, w - 0.1 * g / (np.abs(g) + 1e-10), rtol=1e-13, atol=1e-14)
    # RMSprop's first step: lr * g / (sqrt(0.01) |g| + eps) = about 10 lr sign(g)
    nw, _ = optim.rmsprop(w, g, {"learning_rate": 0.1})
    np.testing.assert_allclose(nw, w - 0.1 * g / (0.1 * np.abs(g) + 1e-8), rtol=1e-13, atol=1e-14)


def test_slide_momentum_convention_gives_the_same_steps():
    """v = gamma v + lr g; w -= v (slide 4-4-8) equals torch's b = mu b + g; w -= lr b."""
    rng = np.random.default_rng(3)
    grads = rng.normal(size=(50, 4))
    w_slide = w0 = rng.normal(size=4)
    v = np.zeros(4)
    mine, _ = run_both("sgd_momentum", {"learning_rate": 0.05, "momentum": 0.8}, w0, grads)
    for k, g in enumerate(grads):
        v = 0.8 * v + 0.05 * g
        w_slide = w_slide - v
        np.testing.assert_allclose(w_slide, mine[k], rtol=1e-12, atol=1e-14)


def test_shape_mismatch_is_refused():
    with pytest.raises(ValueError):
        optim.adam(np.zeros(3), np.zeros(4))


def test_minimize_returns_the_whole_path():
    path, config = optim.minimize(optim.sgd, lambda w: 2 * w, 1.0, 5, {"learning_rate": 0.1})
    np.testing.assert_allclose(path, 0.8 ** np.arange(6))
    assert path.shape == (6,)
    path, _ = optim.minimize(optim.adam, lambda w: 2 * w, np.ones(2), 3)
    assert path.shape == (4, 2)
