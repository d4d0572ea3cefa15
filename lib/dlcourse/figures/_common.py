"""Helpers the chapter figures of several parts share."""


__all__ = []


def _subplots(ncols, figsize, **kwargs):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, ncols, figsize=figsize, **kwargs)
    return fig, axes
