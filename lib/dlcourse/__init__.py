"""dlcourse: the library behind the deep-learning fundamentals notebooks.

Every notebook starts with ``rng = dlcourse.setup()``, which seeds numpy, Python and torch,
sets the plot style and a font that renders Korean.
"""
from .setup import setup

__all__ = ["setup"]
__version__ = "0.1.0"
