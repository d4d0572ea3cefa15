"""Small plotting API for the notebooks (after d2l): style, curves, decision boundaries, images.

What several chapters draw, and the helpers figures are made of (:func:`get_axes`,
:func:`set_labels`, :func:`draw_network`, ...). A figure one chapter draws is a function of
:mod:`dlcourse.figures`; the check that legends hide no data is :mod:`dlcourse.legends`.

Every figure renders Korean: :func:`use_course_style` registers the NanumGothic font that the
``koreanize-matplotlib`` package ships (its files only; the package is not imported).
"""
import importlib.util
import os

import matplotlib
import numpy as np

__all__ = [
    "KOREAN_FONT", "korean_font_path", "use_korean_font", "use_course_style", "set_figsize",
    "set_labels", "get_axes", "plot", "plot_functions", "plot_decision_boundary",
    "add_suptitle", "show_images", "show_matrix", "CLASS_COLORS",
    "draw_network", "draw_line",
]


KOREAN_FONT = "NanumGothic"


def korean_font_path():
    """Path of the bundled NanumGothic TTF, or ``None`` when the font package is missing."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], "fonts", "NanumGothic.ttf")
    return path if os.path.exists(path) else None


def use_korean_font():
    """Register NanumGothic and make it matplotlib's default family. Returns the font name."""
    from matplotlib import font_manager

    path = korean_font_path()
    if path is None:
        raise RuntimeError("Korean font not found: install the course's dependencies "
                           "(pip install -e .) so that koreanize-matplotlib is present")
    if KOREAN_FONT not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(path)
    # NanumGothic draws Hangul and is the font of mathtext's \mathdefault, so labels that mix
    # Korean with $math$ work. Plain text falls back, glyph by glyph, to DejaVu Sans
    # (matplotlib's own font) for what NanumGothic lacks (superscripts, some symbols).
    matplotlib.rcParams["font.family"] = [KOREAN_FONT, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    _use_korean_safe_log_labels()
    return KOREAN_FONT


def _korean_safe_log_formatter():
    from matplotlib import ticker

    class KoreanSafeLogFormatter(ticker.LogFormatterSciNotation):
        """Log-axis labels (10^-2) whose minus sign comes from the math font.

        The labels are mathtext in \\mathdefault, i.e. in NanumGothic, which has no U+2212
        MINUS SIGN; ``\\mathrm{-}`` takes it from the math font instead.
        """

        def __call__(self, x, pos=None):
            return super().__call__(x, pos).replace("{-", r"{\mathrm{-}")

    return KoreanSafeLogFormatter


def _use_korean_safe_log_labels():
    """Make every new log axis use :func:`_korean_safe_log_formatter` (idempotent)."""
    from matplotlib import scale, ticker

    if getattr(scale.LogScale, "_korean_safe_labels", False):
        return
    formatter_class = _korean_safe_log_formatter()
    set_defaults = scale.LogScale.set_default_locators_and_formatters

    def set_default_locators_and_formatters(self, axis):
        set_defaults(self, axis)
        for which in ("major", "minor"):
            old = getattr(axis, which).formatter
            if type(old) is ticker.LogFormatterSciNotation:
                new = formatter_class(old._base, labelOnlyBase=old.labelOnlyBase)
                getattr(axis, f"set_{which}_formatter")(new)

    scale.LogScale.set_default_locators_and_formatters = set_default_locators_and_formatters
    scale.LogScale._korean_safe_labels = True


def use_course_style():
    """The course's plot style: Korean font, readable sizes, light grid, crisp inline PNGs."""
    use_korean_font()
    matplotlib.rcParams.update({
        "figure.figsize": (6.0, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titlesize": 13,
        "axes.labelsize": 11,
        "legend.fontsize": 10,
        "lines.linewidth": 2.0,
    })


def set_figsize(figsize=(6.0, 4.0)):
    """Set the default figure size in inches."""
    matplotlib.rcParams["figure.figsize"] = tuple(figsize)


def set_labels(ax, xlabel, ylabel, title=None):
    """Axis labels, and the title when there is one."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)


def get_axes(ax, figsize=None):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def plot(X, Y=None, *, xlabel=None, ylabel=None, legend=None, title=None, xlim=None,
         ylim=None, fmts=("-", "m--", "g-.", "r:", "b-", "k--"), baseline=None,
         baseline_label=None, legend_loc="best", figsize=None, ax=None):
    """Plot one or more curves. ``X`` and ``Y`` are arrays or lists of arrays; returns the axes.

    With ``Y`` omitted, ``X`` holds the y values and x runs 0, 1, 2, ... ``baseline``: a
    dotted horizontal line (e.g. a floor no model can beat), named ``baseline_label``.
    """
    def as_list(v):
        if isinstance(v, (list, tuple)) and len(v) and np.ndim(v[0]) > 0:
            return [np.asarray(a) for a in v]
        return [np.asarray(v)]

    if Y is None:
        Y = as_list(X)
        X = [np.arange(len(y)) for y in Y]
    else:
        X, Y = as_list(X), as_list(Y)
        if len(X) == 1 and len(Y) > 1:
            X = X * len(Y)
    ax = get_axes(ax, figsize)
    for i, (x, y) in enumerate(zip(X, Y)):
        label = legend[i] if legend and i < len(legend) else None
        ax.plot(x, y, fmts[i % len(fmts)], label=label)
    if baseline is not None:
        ax.axhline(baseline, color="0.5", linestyle=":", linewidth=1.0, label=baseline_label)
    set_labels(ax, xlabel or "", ylabel or "", title)
    if xlim:
        ax.set_xlim(xlim)
    if ylim:
        ax.set_ylim(ylim)
    if legend or baseline_label:
        ax.legend(loc=legend_loc)
    return ax


def plot_functions(functions, *, x_range=(-6.0, 6.0), num=601, title=None, xlabel="입력 x",
                   ylabel="출력 f(x)", ylim=None, ax=None, figsize=None):
    """Plot several functions of one variable, e.g. ``{"시그모이드": sigmoid, "ReLU": relu}``.

    Each function receives one array of ``num`` points spanning ``x_range``.
    """
    x = np.linspace(*x_range, num)
    ax = get_axes(ax, figsize)
    for label, fn in functions.items():
        ax.plot(x, np.asarray(fn(x), dtype=np.float64), label=label)
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.axvline(0, color="0.5", linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ylim:
        ax.set_ylim(ylim)
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def plot_decision_boundary(predict, X, y, *, ax=None, title=None, xlabel="$x_1$",
                           ylabel="$x_2$", padding=0.5, resolution=300, class_names=None,
                           cmap="coolwarm", figsize=None):
    """Shade the regions a classifier assigns to each class and scatter the data on top.

    ``predict`` maps an (n, 2) array to n labels. ``X`` is (n, 2) and ``y`` (n,) integer.
    """
    import matplotlib.pyplot as plt

    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    x_min, x_max = X[:, 0].min() - padding, X[:, 0].max() + padding
    y_min, y_max = X[:, 1].min() - padding, X[:, 1].max() + padding
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution),
                         np.linspace(y_min, y_max, resolution))
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    zz = np.asarray(predict(grid)).reshape(xx.shape).astype(np.float64)
    classes = np.unique(y)
    ax = get_axes(ax, figsize)
    levels = np.arange(min(classes.min(), zz.min()) - 0.5, max(classes.max(), zz.max()) + 1)
    ax.contourf(xx, yy, zz, levels=levels, cmap=cmap, alpha=0.25)
    colors = plt.get_cmap(cmap)(np.linspace(0, 1, max(len(classes), 2)))
    markers = "os^Dv<>"
    for i, c in enumerate(classes):
        name = class_names[i] if class_names else f"y = {c}"
        mask = y == c
        ax.scatter(X[mask, 0], X[mask, 1], s=70, color=colors[i], marker=markers[i % 7],
                   edgecolor="k", label=name, zorder=3)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    set_labels(ax, xlabel, ylabel, title)
    ax.legend(loc="best")
    return ax


def add_suptitle(fig, text, *, gap=0.1):
    """A title over a whole figure, ``gap`` inches above everything already drawn (panel
    titles of one or more lines, colour bars), so no call needs a hand-tuned position.
    Returns the title's Text."""
    renderer = fig.canvas.get_renderer()
    top = max(ax.get_tightbbox(renderer).y1 for ax in fig.axes)  # display pixels
    height = fig.get_figheight() * fig.dpi
    return fig.suptitle(text, y=top / height + gap / fig.get_figheight(), va="bottom")


def show_images(images, num_rows, num_cols, *, titles=None, suptitle=None, scale=1.5,
                cmap="gray", vmin=None, vmax=None):
    """Show a grid of images (each 2-D); returns the array of axes. ``vmin``/``vmax`` fix
    the colour scale for all images (e.g. symmetric around 0 for filters); ``suptitle`` is a
    title over the whole grid."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(num_rows, num_cols, figsize=(num_cols * scale, num_rows * scale))
    axes = np.atleast_1d(axes).ravel()
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < len(images):
            ax.imshow(np.asarray(images[i]), cmap=cmap, vmin=vmin, vmax=vmax)
            if titles is not None and i < len(titles):
                ax.set_title(str(titles[i]))
    fig.tight_layout()
    if suptitle:
        add_suptitle(fig, suptitle)
    return axes


def show_matrix(matrix, *, ax=None, title=None, highlight=None, shade=None, fmt="{:g}",
                figsize=None):
    """Draw a small matrix as a grid of numbers (chapter 10).

    highlight: ``(row, col, height, width)`` drawn as a red frame (a filter's window);
    shade: a boolean mask of cells drawn grey (e.g. zero padding). Returns the axes.
    """
    from matplotlib.patches import Rectangle

    m = np.asarray(matrix, dtype=float)
    ax = get_axes(ax, figsize or (0.5 * m.shape[1] + 0.6, 0.5 * m.shape[0] + 0.6))
    background = np.zeros(m.shape) if shade is None else np.asarray(shade, dtype=float) * 0.25
    ax.imshow(background, cmap="Greys", vmin=0, vmax=1)
    for (r, c), v in np.ndenumerate(m):
        if np.isfinite(v):
            ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=10)
    if highlight is not None:
        r, c, h, w = highlight
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), w, h, fill=False, edgecolor="tab:red",
                               linewidth=2.5))
    ax.set_xticks(np.arange(-0.5, m.shape[1], 1), minor=True)
    ax.set_yticks(np.arange(-0.5, m.shape[0], 1), minor=True)
    ax.grid(which="minor", color="0.6", linewidth=0.8)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


# the colours of labels 0 and 1, as plot_decision_boundary draws them
CLASS_COLORS = matplotlib.colormaps["coolwarm"]([0.0, 1.0])


def draw_network(ax, nodes, edges, radius=0.32):
    """Circles for ``nodes`` {name: (x, y, label)} and arrows for ``edges`` [(src, dst, label)],
    each label beside its arrow (chapter 01's perceptron diagrams)."""
    import matplotlib.pyplot as plt

    for x, y, label in nodes.values():
        ax.add_patch(plt.Circle((x, y), radius, facecolor="#e8f0fb", edgecolor="k", zorder=2))
        ax.text(x, y, label, ha="center", va="center", fontsize=13, zorder=3)
    for src, dst, label in edges:
        (x0, y0, _), (x1, y1, _) = nodes[src], nodes[dst]
        dist = np.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / dist, (y1 - y0) / dist
        ax.annotate("", xy=(x1 - radius * ux, y1 - radius * uy),
                    xytext=(x0 + radius * ux, y0 + radius * uy),
                    arrowprops=dict(arrowstyle="-|>", lw=1.4, color="0.25"), zorder=1)
        if label:  # beside the arrow, on its left-hand side
            ax.text(x0 + 0.45 * (x1 - x0) - 0.2 * uy, y0 + 0.45 * (y1 - y0) + 0.2 * ux, label,
                    ha="center", va="center", fontsize=12, color="tab:blue")
    ax.set_aspect("equal")
    ax.axis("off")


def draw_line(ax, w, b, **style):
    """The line w[0] x1 + w[1] x2 + b = 0 across the current x range of ``ax`` (a decision
    boundary); ``style`` goes to ``ax.plot``."""
    w = np.asarray(w, dtype=float)
    x_lo, x_hi = ax.get_xlim()
    if abs(w[1]) > 1e-12:
        xs = np.array([x_lo, x_hi])
        ax.plot(xs, -(w[0] * xs + b) / w[1], **style)
    else:
        ax.axvline(-b / w[0], **style)
    ax.set_xlim(x_lo, x_hi)
