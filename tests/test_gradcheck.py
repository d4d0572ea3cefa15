"""dlcourse.gradcheck against analytic derivatives and torch.autograd."""
import numpy as np
import pytest
import torch

from dlcourse.gradcheck import (assert_rel_error, gradient_check, numerical_gradient,
                                numerical_gradient_array, rel_error)
from dlcourse.grading import GradingError


def test_rel_error_basics():
    assert rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert rel_error([0.0], [0.0]) == 0.0
    assert rel_error([1.0], [1.1]) == pytest.approx(0.1 / 2.1)
    with pytest.raises(ValueError):
        rel_error([1.0], [1.0, 2.0])


def test_assert_rel_error_states_the_threshold():
    assert assert_rel_error([1.0], [1.0 + 1e-10]) < 1e-7
    with pytest.raises(GradingError, match="1e-07"):
        assert_rel_error([1.0], [1.1])


def test_numerical_gradient_matches_torch_autograd():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4))
    W = rng.normal(size=(4, 2))

    def f(z):
        return np.sum(np.tanh(z @ W) ** 2)

    xt = torch.tensor(x, requires_grad=True)
    torch.sum(torch.tanh(xt @ torch.tensor(W)) ** 2).backward()
    assert rel_error(numerical_gradient(f, x.copy()), xt.grad.numpy()) < 1e-8


def test_numerical_gradient_restores_its_input():
    x = np.array([1.0, -2.0, 3.0])
    before = x.copy()
    numerical_gradient(lambda z: np.sum(z**3), x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_array_is_the_vector_jacobian_product():
    rng = np.random.default_rng(1)
    x, dout = rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    num = numerical_gradient_array(np.sin, x.copy(), dout)
    assert rel_error(num, np.cos(x) * dout) < 1e-8


def test_gradient_check_passes_right_and_fails_wrong_gradients():
    x = np.array([0.3, -1.2, 2.0])
    assert gradient_check(lambda z: np.sum(z**2), x, 2 * x) < 1e-6
    with pytest.raises(GradingError, match="상대 오차"):
        gradient_check(lambda z: np.sum(z**2), x, x)  # off by a factor 2
    with pytest.raises(GradingError, match="shape"):
        gradient_check(lambda z: np.sum(z**2), x, np.zeros(2))
