"""Convolution and pooling (chapter 10): reference versions in numpy, float64.

Chapter 10 has students write these; its tests compare them with torch.nn.functional
directly and use these for the figures and for what torch does not have (the output-size
formula, a true convolution). tests/test_conv.py checks each one against torch and scipy.

Layouts follow PyTorch: images ``(N, C, H, W)``, filters ``(F, C, KH, KW)``, outputs
``(N, F, OH, OW)``. "Convolution" in deep learning is cross-correlation: the filter is not
flipped (``F.conv2d``); :func:`true_convolution` flips it (``scipy.signal.convolve2d``).
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = ["conv_output_size", "pad2d", "conv2d_single", "conv2d", "true_convolution",
           "pool2d", "conv_param_count", "count_parameters", "make_cnn"]


def conv_output_size(n_in, kernel, padding=0, stride=1):
    """Output length along one axis: ``floor((n_in + 2 padding - kernel) / stride) + 1``."""
    return (int(n_in) + 2 * int(padding) - int(kernel)) // int(stride) + 1


def pad2d(x, padding):
    """Zero padding of the last two axes by ``padding`` on every side."""
    x = np.asarray(x, dtype=np.float64)
    if not padding:
        return x
    widths = [(0, 0)] * (x.ndim - 2) + [(padding, padding)] * 2
    return np.pad(x, widths)


def conv2d_single(x, w, stride=1, padding=0):
    """One channel, one filter, with explicit loops over the output positions (teaching).

    x: (H, W); w: (KH, KW). Returns (OH, OW) float64, the cross-correlation
    ``out[i, j] = sum(x_padded[i*s : i*s+KH, j*s : j*s+KW] * w)``.
    """
    xp, w = pad2d(x, padding), np.asarray(w, dtype=np.float64)
    kh, kw = w.shape
    oh = conv_output_size(np.shape(x)[0], kh, padding, stride)
    ow = conv_output_size(np.shape(x)[1], kw, padding, stride)
    out = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            window = xp[i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[i, j] = np.sum(window * w)
    return out


def conv2d(x, w, b=None, stride=1, padding=0):
    """``F.conv2d`` in numpy, vectorized with ``sliding_window_view`` and one ``einsum``.

    x: (N, C, H, W); w: (F, C, KH, KW); b: (F,) or None. Returns (N, F, OH, OW) float64.
    """
    xp, w = pad2d(x, padding), np.asarray(w, dtype=np.float64)
    windows = sliding_window_view(xp, w.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
    out = np.einsum("nchwij,fcij->nfhw", windows, w, optimize=True)
    if b is not None:
        out = out + np.asarray(b, dtype=np.float64)[None, :, None, None]
    return out


def true_convolution(x, w):
    """The convolution of mathematics (``scipy.signal.convolve2d(x, w, "valid")``): the
    cross-correlation with the filter flipped in both directions. x: (H, W); w: (KH, KW)."""
    return conv2d_single(x, np.asarray(w, dtype=np.float64)[::-1, ::-1])


def pool2d(x, size, mode="max"):
    """Max or average pooling over non-overlapping ``size`` x ``size`` windows (stride =
    size, no padding, a partial window at the edge is dropped), as ``F.max_pool2d(x, size)``
    and ``F.avg_pool2d(x, size)``. x: (..., H, W). Returns (..., H // size, W // size)."""
    x = np.asarray(x, dtype=np.float64)
    h, w = (x.shape[-2] // size) * size, (x.shape[-1] // size) * size
    blocks = x[..., :h, :w].reshape(*x.shape[:-2], h // size, size, w // size, size)
    if mode == "max":
        return blocks.max(axis=(-3, -1))
    if mode == "avg":
        return blocks.mean(axis=(-3, -1))
    raise ValueError(f"mode must be 'max' or 'avg', not {mode!r}")


def conv_param_count(c_in, c_out, kernel_size, bias=True):
    """Number of parameters of ``nn.Conv2d(c_in, c_out, kernel_size, bias=bias)``:
    ``c_out * c_in * KH * KW`` weights plus ``c_out`` biases. kernel_size: int or (KH, KW)."""
    kh, kw = (kernel_size, kernel_size) if np.ndim(kernel_size) == 0 else kernel_size
    return int(c_out) * int(c_in) * int(kh) * int(kw) + (int(c_out) if bias else 0)


def count_parameters(net):
    """Number of trainable parameters (``requires_grad``) of a torch module."""
    return sum(p.numel() for p in net.parameters() if p.requires_grad)


def make_cnn(channels=(8, 16), num_classes=10):
    """Chapter 10's CNN for (N, 1, 8, 8) images: [conv 3x3 (padding 1) -> ReLU -> max pool 2]
    twice with ``channels = (c1, c2)`` filters, then flatten -> ``nn.Linear(c2 * 4,
    num_classes)``. Initialised from torch's global generator."""
    from torch import nn

    c1, c2 = channels
    return nn.Sequential(nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(c2 * 2 * 2, num_classes))
