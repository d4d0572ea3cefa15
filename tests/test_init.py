"""Chapter 08's library: initializers, clipping, per-layer gradient norms, batch norm, vs torch."""
import numpy as np
import pytest
import torch
from torch import nn

from dlcourse import init, layers, training


@pytest.mark.parametrize("name,torch_init", [
    ("xavier_uniform", nn.init.xavier_uniform_), ("xavier_normal", nn.init.xavier_normal_),
    ("he_uniform", lambda w: nn.init.kaiming_uniform_(w, nonlinearity="relu")),
    ("he_normal", lambda w: nn.init.kaiming_normal_(w, nonlinearity="relu")),
    ("normal_1", lambda w: nn.init.normal_(w, std=1.0)),
    ("normal_001", lambda w: nn.init.normal_(w, std=0.01)), ("zeros", nn.init.zeros_)])
def test_initializers_have_torchs_scale(name, torch_init):
    """Same bound (uniform) or standard deviation (normal) as torch.nn.init on a Linear layer
    with n_in = 300 inputs and n_out = 200 outputs (torch's weight is (200, 300))."""
    ours = init.initialize(name, 300, 200, np.random.default_rng(0))
    torch.manual_seed(0)
    theirs = torch_init(torch.empty(200, 300, dtype=torch.float64)).numpy().T
    assert ours.shape == theirs.shape == (300, 200)
    if name == "zeros":
        assert not ours.any() and not theirs.any()
        return
    assert ours.std() == pytest.approx(theirs.std(), rel=0.03)
    assert abs(ours.mean()) < 0.05 * ours.std() + 1e-9
    if "uniform" in name:
        bound = np.sqrt(6.0 / (500 if name.startswith("xavier") else 300))
        assert np.abs(ours).max() <= bound and np.abs(theirs).max() <= bound
        assert np.abs(ours).max() > 0.99 * bound


def test_unknown_initializer_is_refused():
    with pytest.raises(ValueError, match="unknown initializer"):
        init.initialize("lecun", 3, 3, np.random.default_rng(0))


@pytest.mark.parametrize("threshold", [0.5, 3.0, 100.0])
def test_clip_by_norm_is_clip_grad_norm(threshold):
    rng = np.random.default_rng(1)
    grads = [rng.normal(size=(4, 3)), rng.normal(size=(3,)), rng.normal(size=(2, 2, 2))]
    params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g)
    norm = torch.nn.utils.clip_grad_norm_(params, threshold).item()
    clipped, ours = training.clip_by_norm(grads, threshold)
    assert ours == pytest.approx(norm, rel=1e-12)
    for c, p in zip(clipped, params):  # torch divides by norm + 1e-6
        np.testing.assert_allclose(c, p.grad.numpy(), rtol=1e-6)
    total = np.sqrt(sum(np.sum(c * c) for c in clipped))
    assert total == pytest.approx(min(threshold, norm), rel=1e-12)
    assert grads[0].std() > 0.5  # inputs unchanged


def test_layer_grad_norms_match_autograd():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(5, 8), nn.Sigmoid(), nn.Linear(8, 8), nn.Sigmoid(),
                        nn.Linear(8, 3)).double()
    X, y = torch.randn(16, 5, dtype=torch.float64), torch.randint(0, 3, (16,))
    norms = training.layer_grad_norms(net, X, y, nn.CrossEntropyLoss())
    nn.CrossEntropyLoss()(net(X), y).backward()
    expected = [net[i].weight.grad.norm().item() for i in (0, 2, 4)]
    np.testing.assert_allclose(norms, expected, rtol=1e-12)


def test_batchnorm_forward_is_batchnorm1d_in_both_modes():
    rng = np.random.default_rng(2)
    bn = nn.BatchNorm1d(4, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.copy_(torch.tensor([1.0, 2.0, 0.5, -1.0]))
        bn.bias.copy_(torch.tensor([0.0, 1.0, -1.0, 3.0]))
    gamma, beta = bn.weight.detach().numpy().copy(), bn.bias.detach().numpy().copy()
    param = {"mode": "train"}
    for _ in range(5):
        x = rng.normal(2.0, 3.0, size=(10, 4))
        out, _ = layers.batchnorm_forward(x, gamma, beta, param)
        bn.train()
        np.testing.assert_allclose(out, bn(torch.tensor(x)).detach().numpy(), rtol=1e-10,
                                   atol=1e-12)
    np.testing.assert_allclose(param["running_mean"], bn.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(param["running_var"], bn.running_var.numpy(), rtol=1e-12)
    x = rng.normal(size=(6, 4))
    param["mode"] = "test"
    bn.eval()
    out, _ = layers.batchnorm_forward(x, gamma, beta, param)
    np.testing.assert_allclose(out, bn(torch.tensor(x)).detach().numpy(), rtol=1e-10, atol=1e-12)
