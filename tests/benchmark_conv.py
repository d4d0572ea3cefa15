"""Time the numpy convolution of chapter 10 against torch's F.conv2d on the same input.

Prints figures; no test fails on a timing. Goal: the vectorized numpy version
(dlcourse.conv.conv2d: sliding_window_view + einsum) within 5x of F.conv2d on one CPU thread.
Usage: python tests/benchmark_conv.py
"""
import time

import numpy as np
import torch
import torch.nn.functional as F

from dlcourse import conv

GOAL_RATIO = 5.0
CASES = [  # (N, C, H, W), (F, C, KH, KW), stride, padding
    ((64, 1, 8, 8), (8, 1, 3, 3), 1, 1),
    ((64, 8, 16, 16), (16, 8, 3, 3), 1, 1),
    ((32, 16, 32, 32), (32, 16, 3, 3), 1, 1),
    ((16, 3, 64, 64), (16, 3, 5, 5), 2, 2),
]


def best_of(fn, repeat=5):
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    print(f"{'input':<20}{'filters':<18}{'s':>2}{'p':>3}{'numpy ms':>11}{'torch ms':>10}"
          f"{'ratio':>8}")
    worst = 0.0
    for x_shape, w_shape, stride, padding in CASES:
        x, w, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[0])
        tx, tw, tb = (torch.tensor(a) for a in (x, w, b))
        np.testing.assert_allclose(conv.conv2d(x, w, b, stride, padding),
                                   F.conv2d(tx, tw, tb, stride=stride, padding=padding).numpy(),
                                   rtol=1e-9, atol=1e-9)
        ours = best_of(lambda: conv.conv2d(x, w, b, stride, padding))
        theirs = best_of(lambda: F.conv2d(tx, tw, tb, stride=stride, padding=padding))
        worst = max(worst, ours / theirs)
        print(f"{str(x_shape):<20}{str(w_shape):<18}{stride:>2}{padding:>3}{ours * 1e3:>11.2f}"
              f"{theirs * 1e3:>10.2f}{ours / theirs:>7.1f}x")
    print(f"worst ratio {worst:.1f}x (goal: within {GOAL_RATIO:.0f}x of F.conv2d, float64, "
          "one thread)")


if __name__ == "__main__":
    main()
