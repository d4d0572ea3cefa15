"""Legends that hide data: a check the course's tests run on every figure of the solution
notebooks (dlcourse.setup turns it on when DLCOURSE_CHECK_FIGURES=1)."""
import numpy as np

__all__ = ["legends_hiding_data", "check_legends_on_show"]


def _drawn_points(ax):
    """Display coordinates of the data drawn on ``ax``: points along every line in data
    coordinates (sampled along each segment) and every scatter point. Lines spanning the axes
    (axhline, axvline) are guides, not data."""
    for line in ax.get_lines():
        if not line.get_visible() or line.get_transform() != ax.transData:
            continue
        xy = np.asarray(line.get_xydata(), dtype=float)
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if len(xy) == 0:
            continue
        pts = ax.transData.transform(xy)
        if len(pts) > 1:
            t = np.linspace(0.0, 1.0, 12)[:, None, None]
            pts = (pts[:-1] + t * (pts[1:] - pts[:-1])).reshape(-1, 2)
        yield pts
    for collection in ax.collections:
        offsets = collection.get_offsets()
        if len(offsets):
            yield collection.get_offset_transform().transform(offsets)


def legends_hiding_data(fig):
    """One line per legend of ``fig`` that covers data drawn inside its axes (a line or a
    point under the legend box), saying which panel and how many points; empty when every
    legend stands on empty space."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    for index, ax in enumerate(fig.axes):
        legend = ax.get_legend()
        if legend is None or not legend.get_visible():
            continue
        box, frame = legend.get_window_extent(renderer), ax.get_window_extent(renderer)
        hidden = total = 0
        for pts in _drawn_points(ax):
            x, y = pts[:, 0], pts[:, 1]
            seen = (x >= frame.x0) & (x <= frame.x1) & (y >= frame.y0) & (y <= frame.y1)
            under = seen & (x > box.x0) & (x < box.x1) & (y > box.y0) & (y < box.y1)
            hidden, total = hidden + int(under.sum()), total + int(seen.sum())
        if hidden:
            found.append(f"panel {index} ({ax.get_title()[:40]!r}): the legend covers "
                         f"{hidden} of {total} drawn points")
    return found


def check_legends_on_show():
    """From now on ``plt.show()`` raises ``AssertionError`` when a legend hides data (see
    :func:`legends_hiding_data`). The course's tests turn this on while they execute the
    solution notebooks."""
    import matplotlib.pyplot as plt

    if getattr(plt.show, "checks_legends", False):
        return
    show = plt.show

    def checked_show(*args, **kwargs):
        problems = [f"figure {n}: {text}" for n in plt.get_fignums()
                    for text in legends_hiding_data(plt.figure(n))]
        if problems:
            plt.close("all")
            raise AssertionError("a legend hides data: " + "; ".join(problems))
        return show(*args, **kwargs)

    checked_show.checks_legends = True
    plt.show = checked_show
