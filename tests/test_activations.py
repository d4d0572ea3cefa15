"""Reference activations match torch on random and extreme inputs, without overflow."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlcourse import activations as A
from dlcourse.grading import numerically_strict

floats = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
                    elements=st.floats(-1e3, 1e3, allow_nan=False))


def t(x):
    return torch.tensor(x, dtype=torch.float64, requires_grad=True)


def grad_of(fn, x):
    xt = t(x)
    fn(xt).sum().backward()
    return xt.grad.numpy()


@settings(max_examples=80, deadline=None)
@given(floats)
def test_elementwise_activations_match_torch(x):
    with numerically_strict("reference activations"):
        np.testing.assert_allclose(A.sigmoid(x), torch.sigmoid(t(x)).detach(), rtol=1e-12,
                                   atol=1e-300)
        np.testing.assert_allclose(A.tanh(x), np.tanh(x), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(A.relu(x), F.relu(t(x)).detach(), rtol=0, atol=0)
        np.testing.assert_allclose(A.leaky_relu(x), F.leaky_relu(t(x), 0.01).detach(),
                                   rtol=1e-15)
        np.testing.assert_allclose(A.sigmoid_grad(x), grad_of(torch.sigmoid, x), rtol=1e-10,
                                   atol=1e-300)
        np.testing.assert_allclose(A.tanh_grad(x), grad_of(torch.tanh, x), rtol=1e-10,
                                   atol=1e-15)
        np.testing.assert_allclose(A.relu_grad(x), grad_of(F.relu, x), rtol=0, atol=0)
        np.testing.assert_allclose(A.leaky_relu_grad(x, 0.2),
                                   grad_of(lambda z: F.leaky_relu(z, 0.2), x), rtol=1e-15)


@settings(max_examples=60, deadline=None)
@given(floats, st.data())
def test_softmax_matches_torch_on_any_axis(x, data):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    with numerically_strict("softmax"):
        s = A.softmax(x * 10, axis=axis)
    np.testing.assert_allclose(s, F.softmax(t(x * 10), dim=axis).detach(), rtol=1e-10,
                               atol=1e-300)
    np.testing.assert_allclose(s.sum(axis=axis), 1.0, rtol=1e-12)


def test_step_is_one_at_zero_as_the_slides_define_it():
    np.testing.assert_array_equal(A.step([-1.0, -0.0, 0.0, 1e-300, 2.0]), [0, 1, 1, 1, 1])
    assert A.step(0.0).dtype == np.int64


def test_sigmoid_derivative_is_at_most_a_quarter():
    x = np.linspace(-20, 20, 40001)
    assert A.sigmoid_grad(x).max() == pytest.approx(0.25)
    assert A.sigmoid_grad(0.0) == 0.25
    assert A.tanh_grad(0.0) == 1.0


def test_softmax_jacobian_matches_autograd():
    x = np.array([0.5, -1.0, 2.0, 0.0])
    expected = torch.autograd.functional.jacobian(lambda z: torch.softmax(z, 0), t(x))
    np.testing.assert_allclose(A.softmax_jacobian(x), expected.numpy(), rtol=1e-12, atol=1e-15)
