"""dlcourse.conv (chapter 10) against torch.nn.functional and scipy."""
import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal
from torch import nn

from dlcourse import conv

SLIDE_INPUT = np.array([[1, 0, 2, 3], [2, 1, 0, 1], [1, 0, 1, 3], [2, 0, 3, 2]], dtype=float)
SLIDE_FILTER = np.array([[1, 2, 0], [3, 2, 1], [0, 1, 3]], dtype=float)


def test_output_size_matches_torch_on_a_grid():
    for n, k, p, s in itertools.product(range(1, 12), range(1, 6), range(0, 3), range(1, 4)):
        if n + 2 * p < k:
            continue
        shape = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), padding=p,
                         stride=s).shape
        assert conv.conv_output_size(n, k, p, s) == shape[-1], (n, k, p, s)


def test_slide_examples():
    np.testing.assert_array_equal(conv.conv2d_single(SLIDE_INPUT, SLIDE_FILTER),
                                  [[12, 18], [17, 15]])
    padded = conv.conv2d_single(SLIDE_INPUT, SLIDE_FILTER, padding=1)
    assert padded.shape == (4, 4)
    np.testing.assert_array_equal(conv.conv2d_single(SLIDE_INPUT, [[1, 2], [3, 2]], stride=2),
                                  [[9, 10], [7, 20]])


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(1, 4), st.integers(1, 4), st.integers(5, 11),
       st.integers(1, 4), st.integers(0, 2), st.integers(1, 3), st.integers(0, 10_000))
def test_conv2d_matches_torch(n, c, f, size, k, p, s, seed):
    if size + 2 * p < k:
        return
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, c, size, size + 1))
    w, b = rng.normal(size=(f, c, k, k)), rng.normal(size=f)
    expected = F.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), stride=s, padding=p)
    np.testing.assert_allclose(conv.conv2d(x, w, b, stride=s, padding=p), expected.numpy(),
                               rtol=1e-10, atol=1e-10)
    single = F.conv2d(torch.tensor(x[:1, :1]), torch.tensor(w[:1, :1]), stride=s, padding=p)
    np.testing.assert_allclose(conv.conv2d_single(x[0, 0], w[0, 0], stride=s, padding=p),
                               single.numpy()[0, 0], rtol=1e-10, atol=1e-10)


def test_true_convolution_is_scipys_and_flips_the_filter():
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(7, 6)), rng.normal(size=(3, 2))
    np.testing.assert_allclose(conv.true_convolution(x, w), signal.convolve2d(x, w, "valid"))
    np.testing.assert_allclose(conv.conv2d_single(x, w), signal.correlate2d(x, w, "valid"))
    assert not np.allclose(conv.true_convolution(x, w), conv.conv2d_single(x, w))


@pytest.mark.parametrize("size", [1, 2, 3])
def test_pooling_matches_torch(size):
    x = np.random.default_rng(size).normal(size=(2, 3, 7, 8))
    t = torch.tensor(x)
    np.testing.assert_allclose(conv.pool2d(x, size), F.max_pool2d(t, size).numpy())
    np.testing.assert_allclose(conv.pool2d(x, size, "avg"), F.avg_pool2d(t, size).numpy())
    with pytest.raises(ValueError):
        conv.pool2d(x, size, "median")


@pytest.mark.parametrize("c_in, c_out, kernel, bias", [(1, 8, 3, True), (3, 16, (3, 5), False),
                                                       (8, 16, 1, True)])
def test_parameter_counts_match_torch(c_in, c_out, kernel, bias):
    layer = nn.Conv2d(c_in, c_out, kernel, bias=bias)
    assert conv.conv_param_count(c_in, c_out, kernel, bias) == conv.count_parameters(layer)
    assert conv.count_parameters(layer) == sum(p.numel() for p in layer.parameters())
    layer.weight.requires_grad_(False)
    assert conv.count_parameters(layer) == (c_out if bias else 0)


@pytest.mark.parametrize("channels, classes", [((8, 16), 10), ((3, 2), 4)])
def test_make_cnn_matches_the_functional_reference(channels, classes):
    from dlcourse.checks.conv import check_small_cnn, small_cnn_reference

    torch.manual_seed(0)
    net = conv.make_cnn(channels, classes)
    check_small_cnn(net, channels, classes, "make_cnn")
    x = np.random.default_rng(1).random((3, 1, 8, 8))
    params = [p.detach().numpy() for p in net.parameters()]
    with torch.no_grad():
        out = net(torch.tensor(x, dtype=torch.float32)).numpy()
    np.testing.assert_allclose(out, small_cnn_reference(x, params), rtol=1e-5, atol=1e-5)
    assert conv.count_parameters(net) == (conv.conv_param_count(1, channels[0], 3)
                                          + conv.conv_param_count(*channels, 3)
                                          + channels[1] * 4 * classes + classes)


def test_small_cnn_check_names_the_flatten_size():
    from dlcourse.checks.conv import check_small_cnn
    from dlcourse.grading import GradingError

    wrong = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(16 * 8 * 8, 10))
    with pytest.raises(GradingError, match="16 x 2 x 2 = 64"):
        check_small_cnn(wrong, (8, 16), 10, "make_cnn()")
    no_relu = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.MaxPool2d(2),
                            nn.Conv2d(8, 16, 3, padding=1), nn.MaxPool2d(2),
                            nn.Flatten(), nn.Linear(64, 10))
    with pytest.raises(GradingError, match="로짓"):
        check_small_cnn(no_relu, (8, 16), 10, "make_cnn()")
