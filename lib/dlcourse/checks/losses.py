"""Chapter 03 (loss functions)."""
import numpy as np
import torch
from torch import nn

__all__ = ["line_mse", "bce_of_clipped_probabilities",
           "torch_cross_entropy_of_probabilities"]


def line_mse(v, x, y):
    """The MSE of the line ``v[0] * x + v[1]`` against ``y`` as a function of ``v = [w, b]``
    (for a numerical gradient). x, y: arrays of one shape. Returns a float."""
    return np.mean((v[0] * x + v[1] - y) ** 2)


def bce_of_clipped_probabilities(p, y, eps):
    """Binary cross-entropy of probabilities ``p`` clipped to [eps, 1 - eps] against 0/1 labels
    ``y`` (arrays of one shape), averaged over the elements. Returns a float."""
    q = np.minimum(np.maximum(p, eps), 1.0 - eps)
    return -np.mean(y * np.log(q) + (1.0 - y) * np.log(1.0 - q))


def torch_cross_entropy_of_probabilities(p, labels):
    """Cross-entropy of class probabilities ``p`` (n, C) float64 against integer ``labels`` (n,),
    mean over the samples, as torch's NLLLoss of log p computes it. Returns a float."""
    return nn.NLLLoss()(torch.log(torch.from_numpy(p)), torch.from_numpy(labels)).item()
