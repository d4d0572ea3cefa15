"""Reference losses and their gradients match torch.nn on random and extreme inputs."""
import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlcourse import losses as L
from dlcourse.gradcheck import gradient_check, rel_error
from dlcourse.grading import numerically_strict

shapes = hnp.array_shapes(min_dims=1, max_dims=3, max_side=6)


def t(x):
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)


def torch_loss_and_grad(loss_fn, pred, target):
    """Value of a torch loss and its gradient with respect to the prediction."""
    pt = t(pred)
    loss = loss_fn(pt, torch.as_tensor(target))
    loss.backward()
    return loss.item(), pt.grad.numpy()


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_regression_losses_match_torch(data):
    shape = data.draw(shapes)
    elems = st.floats(-1e3, 1e3, allow_nan=False)
    pred = data.draw(hnp.arrays(np.float64, shape, elements=elems))
    target = data.draw(hnp.arrays(np.float64, shape, elements=elems))
    for ours, ours_grad, theirs in [(L.mae, L.mae_grad, nn.L1Loss()),
                                    (L.mse, L.mse_grad, nn.MSELoss())]:
        value, grad = torch_loss_and_grad(theirs, pred, torch.from_numpy(target))
        assert ours(pred, target) == pytest.approx(value, rel=1e-12, abs=1e-12)
        np.testing.assert_allclose(ours_grad(pred, target), grad, rtol=1e-12, atol=1e-15)
    loss, grad = L.mse_loss(pred, target)
    assert loss == L.mse(pred, target)
    np.testing.assert_array_equal(grad, L.mse_grad(pred, target))


def test_mae_gradient_is_zero_where_the_error_is_zero_as_in_torch():
    pred, target = np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.0, 2.0, 5.0, 4.0])
    _, grad = torch_loss_and_grad(nn.L1Loss(), pred, torch.from_numpy(target))
    np.testing.assert_array_equal(L.mae_grad(pred, target), [0.25, 0.0, -0.25, 0.0])
    np.testing.assert_array_equal(L.mae_grad(pred, target), grad)


def test_shapes_must_agree():
    with pytest.raises(ValueError):
        L.mse(np.zeros(3), np.zeros((3, 1)))  # broadcasting to (3, 3) would be a silent bug


@pytest.mark.parametrize("d", [None, 1, 4])
def test_mse_linear_grad_matches_autograd_and_numerical_gradient(d):
    rng = np.random.default_rng(3 if d is None else d)
    n = 11
    x = rng.normal(size=n if d is None else (n, d))
    y = rng.normal(size=n)
    w = rng.normal() if d is None else rng.normal(size=d)
    b = float(rng.normal())
    dw, db = L.mse_linear_grad(x, y, w, b)
    wt, bt = t(w), t(b)
    pred = wt * t(x) + bt if d is None else t(x) @ wt + bt
    F.mse_loss(pred, torch.from_numpy(y)).backward()
    np.testing.assert_allclose(dw, wt.grad.numpy(), rtol=1e-12, atol=1e-14)
    assert db == pytest.approx(bt.grad.item(), rel=1e-12, abs=1e-14)
    if d is None:
        gradient_check(lambda v: L.mse(v[0] * x + v[1], y), np.array([w, b]), [dw, db])
    else:
        gradient_check(lambda v: L.mse(x @ v + b, y), w, dw)
        gradient_check(lambda v: L.mse(x @ w + v[0], y), np.array([b]), [db])
    assert np.shape(dw) == (() if d is None else (d,))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_binary_cross_entropy_matches_bce_loss_inside_the_clip(data):
    shape = data.draw(shapes)
    p = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(1e-6, 1 - 1e-6)))
    y = data.draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0])))
    value, grad = torch_loss_and_grad(nn.BCELoss(), p, torch.from_numpy(y))
    assert L.binary_cross_entropy(p, y) == pytest.approx(value, rel=1e-10)
    np.testing.assert_allclose(L.binary_cross_entropy_grad(p, y), grad, rtol=1e-8)


def test_binary_cross_entropy_is_finite_at_zero_and_one():
    p = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    with numerically_strict("binary_cross_entropy"):
        value = L.binary_cross_entropy(p, y)
        grad = L.binary_cross_entropy_grad(p, y)
    # two certain and wrong: -log(eps) each (up to the rounding of 1 - eps); two right: ~0
    assert value == pytest.approx(2 * -np.log(L.EPS) / 4, rel=1e-4)
    assert np.all(np.isfinite(grad))
    assert L.binary_cross_entropy(np.array([0.0]), np.array([1.0]), eps=1e-7) == \
        pytest.approx(-np.log(1e-7))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_bce_with_logits_matches_torch_for_any_logit(data):
    shape = data.draw(shapes)
    z = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-1e3, 1e3)))
    y = data.draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0])))
    value, grad = torch_loss_and_grad(nn.BCEWithLogitsLoss(), z, torch.from_numpy(y))
    with numerically_strict("binary_cross_entropy_with_logits"):
        ours = L.binary_cross_entropy_with_logits(z, y)
        ours_grad = L.binary_cross_entropy_with_logits_grad(z, y)
    # torch's formula loses a few digits to cancellation where y = 0 and z << 0
    assert ours == pytest.approx(value, rel=1e-9, abs=1e-13)
    np.testing.assert_allclose(ours_grad, grad, rtol=1e-10, atol=1e-300)
    loss, dz = L.bce_with_logits_loss(z, y)
    assert loss == ours
    np.testing.assert_array_equal(dz, ours_grad)


def _class_data(data, max_classes=7):
    n = data.draw(st.integers(1, 8))
    k = data.draw(st.integers(2, max_classes))
    z = data.draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-50, 50)))
    labels = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    return z, labels


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_categorical_cross_entropy_matches_nll_loss(data):
    z, labels = _class_data(data)
    p = F.softmax(torch.from_numpy(z), dim=1).numpy()
    p = np.clip(p, 1e-9, None)
    p /= p.sum(axis=1, keepdims=True)  # keep every probability inside the clip
    value, grad = torch_loss_and_grad(lambda q, y: F.nll_loss(torch.log(q), y), p,
                                      torch.from_numpy(labels))
    onehot = L.one_hot(labels, z.shape[1])
    for target in (labels, onehot):
        assert L.categorical_cross_entropy(p, target) == pytest.approx(value, rel=1e-10)
        np.testing.assert_allclose(L.categorical_cross_entropy_grad(p, target), grad,
                                   rtol=1e-10)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_cross_entropy_with_logits_matches_cross_entropy_loss(data):
    z, labels = _class_data(data)
    z = z * data.draw(st.sampled_from([1.0, 20.0]))  # up to +-1000
    onehot = L.one_hot(labels, z.shape[1])
    for target, torch_target in [(labels, torch.from_numpy(labels)),
                                 (onehot, torch.from_numpy(onehot))]:
        value, grad = torch_loss_and_grad(nn.CrossEntropyLoss(), z, torch_target)
        with numerically_strict("categorical_cross_entropy_with_logits"):
            ours = L.categorical_cross_entropy_with_logits(z, target)
            ours_grad = L.categorical_cross_entropy_with_logits_grad(z, target)
        assert ours == pytest.approx(value, rel=1e-10, abs=1e-12)
        np.testing.assert_allclose(ours_grad, grad, rtol=1e-9, atol=1e-15)
        loss, dz = L.softmax_loss(z, target)
        assert loss == ours
        np.testing.assert_array_equal(dz, ours_grad)


def test_cross_entropy_with_soft_targets_matches_torch():
    rng = np.random.default_rng(5)
    z = rng.normal(size=(6, 4))
    soft = rng.dirichlet(np.ones(4), size=6) * rng.uniform(0.5, 2.0, size=(6, 1))
    value, grad = torch_loss_and_grad(nn.CrossEntropyLoss(), z, torch.from_numpy(soft))
    assert L.categorical_cross_entropy_with_logits(z, soft) == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(L.categorical_cross_entropy_with_logits_grad(z, soft), grad,
                               rtol=1e-10, atol=1e-15)


def test_categorical_cross_entropy_is_finite_with_zero_probabilities():
    p = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    with numerically_strict("categorical_cross_entropy"):
        assert L.categorical_cross_entropy(p, [0, 1]) == pytest.approx(0.0, abs=1e-11)
        assert L.categorical_cross_entropy(p, [1, 1]) == pytest.approx(-np.log(L.EPS) / 2)
        assert np.all(np.isfinite(L.categorical_cross_entropy_grad(p, [2, 0])))


def test_two_class_cross_entropy_is_binary_cross_entropy():
    rng = np.random.default_rng(1)
    p = rng.uniform(0.01, 0.99, size=9)
    y = rng.integers(0, 2, size=9)
    two = np.column_stack([1 - p, p])
    assert L.categorical_cross_entropy(two, y) == pytest.approx(L.binary_cross_entropy(p, y))
    z = rng.normal(size=9) * 5
    assert L.categorical_cross_entropy_with_logits(np.column_stack([np.zeros(9), z]), y) == \
        pytest.approx(L.binary_cross_entropy_with_logits(z, y))


def test_log_softmax_is_stable_and_one_hot_checks_labels():
    z = np.array([[0.0, 1000.0], [-1000.0, 0.0]])
    with numerically_strict("log_softmax"):
        out = L.log_softmax(z)
    np.testing.assert_allclose(out, F.log_softmax(torch.from_numpy(z), dim=-1).numpy())
    np.testing.assert_array_equal(L.one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError):
        L.one_hot([3], 3)
    with pytest.raises(TypeError):
        L.one_hot([0.5], 3)
    with pytest.raises(ValueError):
        L.categorical_cross_entropy(np.full((2, 3), 1 / 3), [0, 1, 2])


def test_gradients_pass_a_numerical_gradient_check():
    rng = np.random.default_rng(7)
    p = rng.uniform(0.05, 0.95, size=(3, 2))
    y = rng.integers(0, 2, size=(3, 2)).astype(float)
    gradient_check(lambda q: L.binary_cross_entropy(q, y), p, L.binary_cross_entropy_grad(p, y))
    z = rng.normal(size=(4, 3))
    labels = rng.integers(0, 3, size=4)
    gradient_check(lambda v: L.categorical_cross_entropy_with_logits(v, labels), z,
                   L.categorical_cross_entropy_with_logits_grad(z, labels))
    q = np.exp(L.log_softmax(z))
    gradient_check(lambda v: L.categorical_cross_entropy(v, labels), q,
                   L.categorical_cross_entropy_grad(q, labels), threshold=1e-6)
    assert rel_error(L.mae_grad(z, 0 * z), np.sign(z) / z.size) == 0.0
