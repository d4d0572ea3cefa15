"""One call at the top of every notebook: seeds, plot style, Korean font."""
import os
import random

import numpy as np

DEFAULT_SEED = 0


def seed_everything(seed=DEFAULT_SEED):
    """Seed Python's ``random``, numpy's global generator and torch (CPU) with ``seed``."""
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    try:
        import torch
    except ImportError:  # torch is a dependency; keep the numpy chapters usable without it
        return
    torch.manual_seed(seed)


def setup(seed=DEFAULT_SEED, *, style=True):
    """Prepare a notebook: seed every generator, set the plot style and the Korean font.

    Returns a fresh ``numpy.random.Generator`` seeded with ``seed`` for the notebook to use.
    """
    seed_everything(seed)
    if style:
        from .plotting import use_course_style

        use_course_style()
    return np.random.default_rng(seed)
