"""Every chapter figure, one function per figure: a notebook calls ``figures.plot_...(...)``
once (the general plotting API is :mod:`dlcourse.plotting`).

One module per part of the course; this package lists them all.
"""
from . import activations, architectures, descent, evaluation, networks, perceptron
from .activations import *  # noqa: F401,F403
from .architectures import *  # noqa: F401,F403
from .descent import *  # noqa: F401,F403
from .evaluation import *  # noqa: F401,F403
from .networks import *  # noqa: F401,F403
from .perceptron import *  # noqa: F401,F403

__all__ = [*perceptron.__all__, *activations.__all__, *descent.__all__, *networks.__all__,
           *evaluation.__all__, *architectures.__all__]
