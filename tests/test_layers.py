"""dlcourse.layers against torch.autograd and numerical gradients, on random inputs."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcourse import layers as L
from dlcourse.gradcheck import numerical_gradient, numerical_gradient_array, rel_error

sizes = st.integers(1, 5)


def t(x):
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)


@settings(max_examples=40, deadline=None)
@given(n=sizes, dims=st.lists(sizes, min_size=1, max_size=3), m=sizes, seed=st.integers(0, 999))
def test_affine_matches_torch_autograd(n, dims, m, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, *dims))
    w = rng.normal(size=(int(np.prod(dims)), m))
    b = rng.normal(size=m)
    dout = rng.normal(size=(n, m))
    out, cache = L.affine_forward(x, w, b)
    dx, dw, db = L.affine_backward(dout, cache)
    xt, wt, bt = t(x), t(w), t(b)
    out_t = xt.reshape(n, -1) @ wt + bt
    out_t.backward(torch.from_numpy(dout))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-12, atol=1e-12)
    assert dx.shape == x.shape and dw.shape == w.shape and db.shape == b.shape
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dw, wt.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(db, bt.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_affine_backward_matches_numerical_gradient():
    rng = np.random.default_rng(5)
    x, w, b = rng.normal(size=(4, 3, 2)), rng.normal(size=(6, 5)), rng.normal(size=5)
    dout = rng.normal(size=(4, 5))
    dx, dw, db = L.affine_backward(dout, L.affine_forward(x, w, b)[1])
    assert rel_error(dx, numerical_gradient_array(lambda v: L.affine_forward(v, w, b)[0],
                                                  x.copy(), dout)) < 1e-8
    assert rel_error(dw, numerical_gradient_array(lambda v: L.affine_forward(x, v, b)[0],
                                                  w.copy(), dout)) < 1e-8
    assert rel_error(db, numerical_gradient_array(lambda v: L.affine_forward(x, w, v)[0],
                                                  b.copy(), dout)) < 1e-8


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(sizes, min_size=1, max_size=3), seed=st.integers(0, 999),
       scale=st.sampled_from([0.5, 3.0, 40.0]))
def test_activations_match_torch_autograd(shape, seed, scale):
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, scale, size=shape)
    dout = rng.normal(size=shape)
    for forward, backward, fn in [(L.sigmoid_forward, L.sigmoid_backward, torch.sigmoid),
                                  (L.relu_forward, L.relu_backward, F.relu)]:
        out, cache = forward(x)
        xt = t(x)
        out_t = fn(xt)
        out_t.backward(torch.from_numpy(dout))
        np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(backward(dout, cache), xt.grad.numpy(), rtol=1e-10,
                                   atol=1e-300)


def test_activation_backward_matches_numerical_gradient_and_handles_extremes():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 4)) + 0.1  # away from ReLU's kink at 0
    dout = rng.normal(size=(3, 4))
    for forward, backward in [(L.sigmoid_forward, L.sigmoid_backward),
                              (L.relu_forward, L.relu_backward)]:
        num = numerical_gradient_array(lambda v: forward(v)[0], x.copy(), dout)
        assert rel_error(backward(dout, forward(x)[1]), num) < 1e-8
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out, cache = L.sigmoid_forward(np.array([-1000.0, 0.0, 1000.0]))
        np.testing.assert_array_equal(out, [0.0, 0.5, 1.0])
        np.testing.assert_array_equal(L.sigmoid_backward(np.ones(3), cache), [0.0, 0.25, 0.0])
    np.testing.assert_array_equal(L.relu_backward(np.ones(3), L.relu_forward([-1.0, 0.0, 2.0])[1]),
                                  [0.0, 0.0, 1.0])


def test_affine_relu_composes():
    rng = np.random.default_rng(3)
    x, w, b = rng.normal(size=(5, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    dout = rng.normal(size=(5, 3))
    out, cache = L.affine_relu_forward(x, w, b)
    dx, dw, db = L.affine_relu_backward(dout, cache)
    xt, wt, bt = t(x), t(w), t(b)
    out_t = F.relu(xt @ wt + bt)
    out_t.backward(torch.from_numpy(dout))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-12)
    for mine, ref in [(dx, xt), (dw, wt), (db, bt)]:
        np.testing.assert_allclose(mine, ref.grad.numpy(), rtol=1e-12, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(n=sizes, c=st.integers(2, 6), seed=st.integers(0, 999),
       scale=st.sampled_from([1.0, 10.0, 500.0]))
def test_softmax_loss_matches_cross_entropy(n, c, seed, scale):
    rng = np.random.default_rng(seed)
    scores = rng.normal(0.0, scale, size=(n, c))
    y = rng.integers(0, c, size=n)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, dscores = L.softmax_loss(scores, y)
    st_ = t(scores)
    ref = F.cross_entropy(st_, torch.from_numpy(y))
    ref.backward()
    assert loss == pytest.approx(ref.item(), rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(dscores, st_.grad.numpy(), rtol=1e-9, atol=1e-14)


def test_squared_error_loss_is_the_slides_error_for_one_sample():
    # slide 4-5-10: outputs (0.6398, 0.6041), targets (0.8, 0.6): E = 1/2 sum (y - h)^2
    h, y = np.array([[0.6398, 0.6041]]), np.array([[0.8, 0.6]])
    loss, dh = L.squared_error_loss(h, y)
    assert loss == pytest.approx(0.5 * ((0.8 - 0.6398) ** 2 + (0.6 - 0.6041) ** 2), rel=1e-14)
    np.testing.assert_allclose(dh, h - y, rtol=1e-14)
    rng = np.random.default_rng(2)
    pred, target = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    pt = t(pred)
    ref = 0.5 * 3 * F.mse_loss(pt, torch.from_numpy(target))  # torch: mean over N * C, no 1/2
    ref.backward()
    loss, dpred = L.squared_error_loss(pred, target)
    assert loss == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(dpred, pt.grad.numpy(), rtol=1e-12)


CONFIGS = [dict(activation="relu", output_activation="identity", loss="softmax"),
           dict(activation="sigmoid", output_activation="identity", loss="softmax"),
           dict(activation="sigmoid", output_activation="sigmoid", loss="squared_error"),
           dict(activation="relu", output_activation="identity", loss="squared_error")]


def _torch_two_layer(params, X, y, activation, output_activation, loss, reg):
    p = {k: t(v) for k, v in params.items()}
    a1 = torch.from_numpy(X) @ p["W1"] + p["b1"]
    h1 = F.relu(a1) if activation == "relu" else torch.sigmoid(a1)
    out = h1 @ p["W2"] + p["b2"]
    if output_activation == "sigmoid":
        out = torch.sigmoid(out)
    if loss == "softmax":
        value = F.cross_entropy(out, torch.from_numpy(y))
    else:
        value = 0.5 * torch.sum((out - torch.from_numpy(y)) ** 2) / X.shape[0]
    value = value + 0.5 * reg * (torch.sum(p["W1"] ** 2) + torch.sum(p["W2"] ** 2))
    value.backward()
    return value.item(), {k: v.grad.numpy() for k, v in p.items()}, out.detach().numpy()


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c['activation']}-{c['loss']}")
@pytest.mark.parametrize("reg", [0.0, 0.3])
def test_two_layer_net_matches_torch_and_numerical_gradients(config, reg):
    rng = np.random.default_rng(11)
    n, d, h, c = 7, 4, 5, 3
    net = L.TwoLayerNet(d, h, c, weight_scale=0.8, reg=reg, seed=4, **config)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, c, size=n) if config["loss"] == "softmax" else rng.random(size=(n, c))
    loss, grads = net.loss(X, y)
    ref_loss, ref_grads, ref_out = _torch_two_layer(net.params, X, y, reg=reg, **config)
    assert loss == pytest.approx(ref_loss, rel=1e-10)
    np.testing.assert_allclose(net.loss(X), ref_out, rtol=1e-10)
    assert set(grads) == {"W1", "b1", "W2", "b2"}
    for name, grad in grads.items():
        assert grad.shape == net.params[name].shape
        np.testing.assert_allclose(grad, ref_grads[name], rtol=1e-8, atol=1e-12)

        def f(value, name=name):
            return L.two_layer_loss({**net.params, name: value}, X, y, reg=reg, **config)[0]

        assert rel_error(grad, numerical_gradient(f, net.params[name].copy())) < 1e-6


def test_two_layer_net_learns_xor_and_predicts():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 1, 1, 0])
    net = L.TwoLayerNet(2, 4, 1, activation="sigmoid", output_activation="sigmoid",
                        loss="squared_error", weight_scale=1.0, seed=0)
    first, _ = net.loss(X, y[:, None])
    for _ in range(2000):
        loss, grads = net.loss(X, y[:, None])
        net.step(grads, lr=2.0)
    assert loss < first / 10
    np.testing.assert_array_equal(net.predict(X), y)
    relu_net = L.TwoLayerNet(2, 8, 2, weight_scale=1.0, seed=1)
    for _ in range(500):
        relu_net.step(relu_net.loss(X, y)[1], lr=0.5)
    np.testing.assert_array_equal(relu_net.predict(X), y)


def test_init_is_seeded_in_a_stated_order_and_options_are_checked():
    net = L.TwoLayerNet(3, 4, 2, weight_scale=0.5, seed=9)
    rng = np.random.default_rng(9)
    np.testing.assert_array_equal(net.params["W1"], rng.normal(0.0, 0.5, size=(3, 4)))
    np.testing.assert_array_equal(net.params["W2"], rng.normal(0.0, 0.5, size=(4, 2)))
    assert not net.params["b1"].any() and not net.params["b2"].any()
    with pytest.raises(ValueError):
        L.TwoLayerNet(2, 2, 2, activation="tanh")
    with pytest.raises(ValueError):
        L.TwoLayerNet(2, 2, 2, output_activation="sigmoid", loss="softmax")
