"""Small plotting API for the notebooks (after d2l): style, curves, decision boundaries, images.

Every figure renders Korean: :func:`use_course_style` registers the NanumGothic font that the
``koreanize-matplotlib`` package ships (its files only; the package is not imported).
"""
import importlib.util
import os

import matplotlib
import numpy as np

__all__ = [
    "KOREAN_FONT", "korean_font_path", "use_korean_font", "use_course_style", "set_figsize",
    "plot", "plot_functions", "plot_decision_boundary", "show_images", "add_suptitle",
    "legends_hiding_data", "check_legends_on_show",
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


def set_figsize(figsize=(6.0, 4.0)):
    """Set the default figure size in inches."""
    matplotlib.rcParams["figure.figsize"] = tuple(figsize)


def _label(ax, xlabel, ylabel, title=None):
    """Axis labels, and the title when there is one."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)


def _axes(ax, figsize=None):
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
    ax = _axes(ax, figsize)
    for i, (x, y) in enumerate(zip(X, Y)):
        label = legend[i] if legend and i < len(legend) else None
        ax.plot(x, y, fmts[i % len(fmts)], label=label)
    if baseline is not None:
        ax.axhline(baseline, color="0.5", linestyle=":", linewidth=1.0, label=baseline_label)
    _label(ax, xlabel or "", ylabel or "", title)
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
    ax = _axes(ax, figsize)
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
    ax = _axes(ax, figsize)
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
    _label(ax, xlabel, ylabel, title)
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


def plot_fits(x, y, fits, *, x_grid, truth=None, titles=None, ylim=None, figsize=None):
    """One panel per fitted curve (chapter 07): the data, the true function and the fit.

    fits: ``{label: function}`` mapping ``x_grid`` to predictions; truth: the true function
    (drawn dashed) or None. Returns the list of axes.
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(fits), figsize=figsize or (4.2 * len(fits), 3.6),
                             sharey=True, squeeze=False)
    axes = list(axes[0])
    for i, (ax, (label, fn)) in enumerate(zip(axes, fits.items())):
        ax.scatter(x, y, s=28, color="k", zorder=3, label="훈련 데이터")
        if truth is not None:
            ax.plot(x_grid, truth(x_grid), "g--", linewidth=1.5, label="참 함수")
        ax.plot(x_grid, fn(x_grid), color="tab:red", label=label)
        ax.set_xlabel("x")
        ax.set_title(titles[i] if titles else label)
        if ylim:
            ax.set_ylim(ylim)
        ax.legend(loc="best", fontsize=8)
    axes[0].set_ylabel("y")
    fig.tight_layout()
    return axes


def plot_train_val(xs, train, val, *, xlabel, ylabel, title=None, mark=None, mark_label=None,
                   stop=None, stop_label=None, logy=False, ax=None, figsize=None):
    """Training and validation curves against one quantity (degree, epoch, penalty, ...),
    with optional vertical lines at ``mark`` (e.g. the best epoch) and ``stop`` (e.g. where
    early stopping stopped). Returns the axes."""
    ax = _axes(ax, figsize)
    few = len(xs) <= 30  # markers only where they can be told apart
    ax.plot(xs, train, "o-" if few else "-", markersize=4, label="훈련(train)")
    ax.plot(xs, val, "s--" if few else "--", markersize=4, label="검증(validation)")
    if mark is not None:
        ax.axvline(mark, color="0.3", linestyle=":", label=mark_label)
    if stop is not None:
        ax.axvline(stop, color="tab:red", linestyle="-.", linewidth=1.2, label=stop_label)
    if logy:
        ax.set_yscale("log")
    _label(ax, xlabel, ylabel, title)
    ax.legend()
    return ax


def plot_coefficient_paths(lams, paths, *, feature_names=None, xlabel="λ", figsize=None):
    """Coefficient paths (chapter 07): ``paths`` is ``{title: array (len(lams), n_features)}``,
    one panel each, lambda on a log axis. Returns the list of axes."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(paths), figsize=figsize or (5.4 * len(paths), 4.0),
                             sharey=True, squeeze=False)
    axes = list(axes[0])
    for ax, (title, coefs) in zip(axes, paths.items()):
        coefs = np.asarray(coefs)
        for j in range(coefs.shape[1]):
            name = feature_names[j] if feature_names is not None else f"w{j + 1}"
            ax.plot(lams, coefs[:, j], label=name)
        ax.axhline(0.0, color="0.5", linewidth=0.8)
        ax.set_xscale("log")
        ax.set_xlabel(xlabel)
        ax.set_title(title)
    axes[0].set_ylabel("가중치(weight)")
    axes[-1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    fig.tight_layout()
    return axes


def plot_oversampling(X, y, X_new, *, class_names=("다수 클래스", "소수 클래스"),
                      title=None, ax=None, figsize=None):
    """A 2-D two-class data set and the synthetic minority samples added to it (SMOTE)."""
    ax = _axes(ax, figsize)
    X, y = np.asarray(X), np.asarray(y)
    ax.scatter(X[y == 0, 0], X[y == 0, 1], s=18, color="tab:blue", alpha=0.5,
               label=f"{class_names[0]} ({int(np.sum(y == 0))})")
    ax.scatter(X[y == 1, 0], X[y == 1, 1], s=40, color="tab:red", edgecolor="k",
               label=f"{class_names[1]} ({int(np.sum(y == 1))})")
    if len(X_new):
        ax.scatter(X_new[:, 0], X_new[:, 1], s=30, marker="x", color="tab:orange",
                   label=f"합성한 {class_names[1]} ({len(X_new)})")
    _label(ax, "$x_1$", "$x_2$", title)
    # below the axes: points fill every corner of such a cloud
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=9,
              columnspacing=1.0, handletextpad=0.3)
    return ax


def plot_bias_variance(degrees, parts, *, noise_var, title=None, ax=None, figsize=None):
    """Bias^2, variance and expected squared error against model complexity (chapter 07).

    parts: ``{"bias2": array, "variance": array, "expected_mse": array}`` (one value per
    degree), as ``dlcourse.regularization.bias_variance`` returns; noise_var: the noise
    variance, the floor no model can go below. Log scale. Returns the axes.
    """
    ax = _axes(ax, figsize)
    ax.plot(degrees, np.maximum(parts["bias2"], 1e-5), "o-", label="편향$^2$ (bias$^2$)")
    ax.plot(degrees, parts["variance"], "s-", label="분산 (variance)")
    ax.plot(degrees, parts["expected_mse"], "k^--",
            label="새 데이터의 기대 오차 = 편향$^2$ + 분산 + 잡음")
    ax.axhline(noise_var, color="0.5", linestyle=":", label=f"잡음의 분산 {noise_var:g}")
    ax.set_yscale("log")
    ax.set_ylim(1e-5, None)
    _label(ax, "다항식의 차수 (모델의 복잡도)", "제곱 오차 (로그 눈금)", title)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.figure.tight_layout()
    return ax


def plot_activation_histograms(activations, *, bins=30, value_ranges=None, figsize=None):
    """Histograms of each layer's activations, one row per setting (chapter 08, as the slides
    4-7-6 to 4-7-11 draw them). activations: ``{row title: [array per layer]}``;
    value_ranges: one ``(low, high)`` per row (the same x-axis for every layer of a row), or
    None for automatic. Returns the 2-D array of axes."""
    import matplotlib.pyplot as plt

    rows = list(activations.items())
    n_cols = max(len(acts) for _, acts in rows)
    fig, axes = plt.subplots(len(rows), n_cols, squeeze=False,
                             figsize=figsize or (2.3 * n_cols, 1.9 * len(rows)))
    for r, (title, acts) in enumerate(rows):
        for c in range(n_cols):
            ax = axes[r, c]
            if c >= len(acts):
                ax.axis("off")
                continue
            values = np.asarray(acts[c]).ravel()
            span = value_ranges[r] if value_ranges is not None else None
            ax.hist(values, bins=bins, range=span, color="tab:blue")
            ax.set_yticks([])
            if r == 0:
                ax.set_title(f"{c + 1}층")
            if c == 0:
                ax.set_ylabel(title, rotation=0, ha="right", va="center", fontsize=10)
    fig.tight_layout()
    return axes


def plot_folds(folds, y, *, class_names=None, figsize=None):
    """Which samples each cross-validation fold validates on (chapter 09).

    folds: ``{title: fold array (n,)}`` (fold number of each sample, as
    ``dlcourse.metrics.kfold_folds`` returns); y: (n,) class labels, drawn as a strip under
    each panel. One panel per entry; returns the list of axes.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    y = np.asarray(y).reshape(-1)
    classes = np.unique(y)
    palette = ["tab:blue", "tab:purple", "tab:green", "tab:brown", "tab:pink", "tab:olive"]
    class_colors = [palette[i % len(palette)] for i in range(len(classes))]
    fig, axes = plt.subplots(1, len(folds), squeeze=False,
                             figsize=figsize or (5.2 * len(folds), 3.2))
    axes = list(axes[0])
    for ax, (title, fold) in zip(axes, folds.items()):
        fold = np.asarray(fold).reshape(-1)
        k = int(fold.max()) + 1
        grid = (fold[None, :] == np.arange(k)[:, None]).astype(float)
        ax.imshow(grid, aspect="auto", cmap=ListedColormap(["#d9e4f1", "tab:orange"]),
                  interpolation="nearest", extent=(-0.5, len(y) - 0.5, k - 0.5, -0.5))
        codes = np.searchsorted(classes, y)
        ax.imshow(codes[None, :], aspect="auto", interpolation="nearest",
                  cmap=ListedColormap(class_colors), vmin=-0.5, vmax=len(classes) - 0.5,
                  extent=(-0.5, len(y) - 0.5, k + 0.6, k - 0.2))
        ax.set_ylim(k + 0.6, -0.5)
        ax.set_yticks(list(range(k)) + [k + 0.2])
        ax.set_yticklabels([f"{f + 1}번째 분할" for f in range(k)] + ["클래스"])
        ax.set_xlabel("샘플 번호 (데이터 순서)")
        ax.set_title(title)
        ax.grid(False)
    names = class_names or [str(c) for c in classes]
    handles = [Patch(color="tab:orange", label="검증(validation)"),
               Patch(color="#d9e4f1", label="훈련(train)")]
    handles += [Patch(color=class_colors[i], label=f"클래스 {names[i]}")
                for i in range(len(classes))]
    axes[-1].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    fig.tight_layout()
    return axes


def _matrix_panel(ax, cells, row_labels, col_labels, title):
    values = np.array([[count for _, count in row] for row in cells], dtype=float)
    top = max(values.max(), 1) * 1.3
    ax.imshow(values, cmap="Blues", vmin=0, vmax=top)
    for i, row in enumerate(cells):
        for j, (name, count) in enumerate(row):
            ax.text(j, i, f"{name}\n{count}", ha="center", va="center", fontsize=12,
                    color="white" if count > 0.5 * top else "black")
    ax.set_xticks(range(len(col_labels)))
    ax.set_xticklabels(col_labels)
    ax.set_yticks(range(len(row_labels)))
    ax.set_yticklabels(row_labels)
    ax.xaxis.tick_top()
    ax.set_title(title, pad=32)
    ax.grid(False)


def plot_confusion_layouts(slide_cm, *, truth=("실제 1", "실제 0"),
                           predicted=("예측 1", "예측 0"), figsize=None):
    """One confusion matrix in the slide's layout and in scikit-learn's, side by side.

    slide_cm: ``[[TP, FP], [FN, TN]]`` (rows: prediction, columns: truth, positive first);
    truth, predicted: axis labels for (positive, negative), e.g.
    ``("실제 악성 종양 (1)", "실제 양성 종양 (0)")``. Returns the two axes.
    """
    import matplotlib.pyplot as plt

    (tp, fp), (fn, tn) = np.asarray(slide_cm).tolist()
    fig, axes = plt.subplots(1, 2, figsize=figsize or (10.4, 3.9))
    _matrix_panel(axes[0], [[("TP", tp), ("FP", fp)], [("FN", fn), ("TN", tn)]],
                  list(predicted), list(truth),
                  "슬라이드 4-8-6: 행 = 예측, 열 = 실제, 1 먼저")
    _matrix_panel(axes[1], [[("TN", tn), ("FP", fp)], [("FN", fn), ("TP", tp)]],
                  list(truth)[::-1], list(predicted)[::-1],
                  "scikit-learn: 행 = 실제, 열 = 예측, 0 먼저")
    fig.tight_layout()
    return axes


def plot_roc(curves, *, marks=None, title=None, ax=None, figsize=None):
    """ROC curves (chapter 09): ``curves`` is ``{label: (fpr, tpr)}``; ``marks`` optional
    ``{label: (fpr, tpr)}`` points (e.g. a chosen threshold). The diagonal is chance."""
    ax = _axes(ax, figsize or (5.2, 4.8))
    ax.plot([0, 1], [0, 1], color="0.6", linestyle=":", label="우연 (AUC = 0.5)")
    for (label, (fpr, tpr)), style in zip(curves.items(), ("-", "--", "-.", ":")):
        ax.plot(fpr, tpr, style, drawstyle="default", label=label)
    for label, (x, y) in (marks or {}).items():
        ax.plot([x], [y], "o", markersize=8, markeredgecolor="k", label=label)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    _label(ax, "위양성률 FPR = 1 - 특이도", "민감도 TPR = 재현율", title)
    ax.legend(loc="lower right", fontsize=9)
    return ax


def plot_rates_vs_threshold(thresholds, rates, *, marks=None, title=None, ax=None,
                            figsize=None):
    """Rates (sensitivity, specificity, precision, ...) against the decision threshold.

    rates: ``{label: array}`` with one value per threshold; marks: ``{label: threshold}``
    drawn as vertical lines. The legend sits outside the axes. Returns the axes."""
    ax = _axes(ax, figsize or (8.4, 4.0))
    for (label, values), style in zip(rates.items(), ("-", "--", "-.", ":")):
        ax.plot(thresholds, values, style, label=label)
    for (label, t), color in zip((marks or {}).items(), ("k", "tab:red", "tab:purple")):
        ax.axvline(t, color=color, linestyle=":", linewidth=1.5, label=label)
    ax.set_xlabel("문턱값(threshold): 점수가 이 값 이상이면 1(악성)로 판정")
    ax.set_ylabel("비율")
    ax.set_ylim(-0.02, 1.02)
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    ax.figure.tight_layout()
    return ax


def plot_calibration(curves, *, title=None, xlabel="평균 예측 확률", ylabel="실제로 1(악성)인 비율",
                     ax=None, figsize=(5.6, 5.0)):
    """Calibration curves (chapter 14): ``curves`` is ``{label: (predicted, observed)}`` or
    ``{label: (predicted, observed, counts)}``, the mean predicted probability, the observed
    rate and (optionally) the number of samples of each bin; counts are written next to their
    points (a bin of 8 patients says little). The diagonal is perfect calibration. Returns the
    axes."""
    ax = _axes(ax, figsize)
    ax.plot([0, 1], [0, 1], ":", color="0.5", label="완벽한 보정")
    counted = []
    for label, curve in curves.items():
        predicted, observed = np.asarray(curve[0], float), np.asarray(curve[1], float)
        (line,) = ax.plot(predicted, observed, "o-", label=label)
        if len(curve) > 2:
            counted.append((predicted, observed, curve[2], line.get_color()))
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.08, 1.12)
    _annotate_counts(ax, counted)
    _label(ax, xlabel, ylabel, title)
    ax.legend(loc="upper left", fontsize=9)
    return ax


def _annotate_counts(ax, counted):
    """Write each point's count next to it, in the first of a few spots around the point where
    it covers neither an earlier count nor any point; ``counted`` is
    ``[(x, y, counts, color)]``. The axes limits must be final."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    points = [ax.transData.transform((px, py)) for x, y, _, _ in counted
              for px, py in zip(x, y)]
    spots = [(6, 5), (6, -13), (-6, 5), (-6, -13), (6, 15), (-6, -23), (14, -4), (-14, -4)]
    placed = []
    for x, y, counts, color in counted:
        for px, py, n in zip(x, y, counts):
            for dx, dy in spots:
                text = ax.annotate(f"{int(n)}", (px, py), textcoords="offset points",
                                   xytext=(dx, dy), fontsize=8, color=color, zorder=5,
                                   ha="left" if dx > 0 else "right",
                                   bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                         "ec": "none", "alpha": 0.85})
                box = text.get_window_extent(renderer).expanded(1.05, 1.1)
                inside_axes = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
                clear = inside_axes and not any(box.overlaps(other) for other in placed) and \
                    not any(box.x0 - 3 <= qx <= box.x1 + 3 and box.y0 - 3 <= qy <= box.y1 + 3
                            for qx, qy in points)
                if clear or (dx, dy) == spots[-1]:
                    placed.append(box)
                    break
                text.remove()


def plot_calibration_panels(panels, *, suptitle=None, figsize=None, **kwargs):
    """Calibration curves side by side (chapter 14): ``panels`` is ``{panel title: curves}``
    with ``curves`` as :func:`plot_calibration` takes them (with counts). Returns the axes."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=figsize or (5.6 * len(panels), 5.0),
                             squeeze=False)
    for ax, (title, curves) in zip(axes[0], panels.items()):
        plot_calibration(curves, title=title, ax=ax, **kwargs)
    fig.tight_layout()
    if suptitle:
        add_suptitle(fig, suptitle)
    return list(axes[0])


def plot_coefficients_and_importance(feature_names, coefs, coef_rows, importances_mean,
                                     importances_std, importance_rows, *, titles,
                                     xlabels=("계수", "섞었을 때 점수가 떨어진 양"),
                                     figsize=(12.5, 4.2)):
    """Two horizontal bar charts (chapter 14), largest on top: left, a linear model's
    coefficients ``coefs`` (n_features,) on the rows ``coef_rows`` (indices; red > 0, blue < 0);
    right, permutation importances (mean ± std, each (n_features,)) on ``importance_rows``.
    Returns the two axes."""
    import matplotlib.pyplot as plt

    names = np.asarray(feature_names, dtype=str)
    coefs = np.asarray(coefs, dtype=float)
    mean, std = np.asarray(importances_mean, float), np.asarray(importances_std, float)
    coef_rows, importance_rows = np.asarray(coef_rows)[::-1], np.asarray(importance_rows)[::-1]
    fig, axes = plt.subplots(1, 2, figsize=figsize)
    axes[0].barh(names[coef_rows], coefs[coef_rows],
                 color=["tab:red" if c > 0 else "tab:blue" for c in coefs[coef_rows]])
    axes[1].barh(names[importance_rows], mean[importance_rows], xerr=std[importance_rows],
                 color="tab:purple")
    for ax, title, xlabel in zip(axes, titles, xlabels):
        ax.set_title(title)
        ax.set_xlabel(xlabel)
    fig.tight_layout()
    return axes


def show_matrix(matrix, *, ax=None, title=None, highlight=None, shade=None, fmt="{:g}",
                figsize=None):
    """Draw a small matrix as a grid of numbers (chapter 10).

    highlight: ``(row, col, height, width)`` drawn as a red frame (a filter's window);
    shade: a boolean mask of cells drawn grey (e.g. zero padding). Returns the axes.
    """
    from matplotlib.patches import Rectangle

    m = np.asarray(matrix, dtype=float)
    ax = _axes(ax, figsize or (0.5 * m.shape[1] + 0.6, 0.5 * m.shape[0] + 0.6))
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


def plot_conv_steps(x, w, *, stride=1, padding=0, max_steps=4, suptitle=None):
    """A convolution step by step (chapter 10): for each of the first ``max_steps`` output
    positions, the (padded) input with the filter's window framed, and the feature map filled
    up to that position; the filter itself in the first column. x: (H, W); w: (KH, KW).
    Returns the 2-D array of axes."""
    import matplotlib.pyplot as plt

    from .conv import conv2d_single, pad2d

    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    xp = pad2d(x, padding)
    shade = np.ones(xp.shape, dtype=bool)
    shade[padding:padding + x.shape[0], padding:padding + x.shape[1]] = False
    out = conv2d_single(x, w, stride=stride, padding=padding)
    positions = [(i, j) for i in range(out.shape[0]) for j in range(out.shape[1])][:max_steps]
    fig, axes = plt.subplots(2, len(positions) + 1, squeeze=False,
                             figsize=(max(2.6, 0.42 * xp.shape[1] + 0.9) * (len(positions) + 1),
                                      5.0))
    show_matrix(w, ax=axes[0, 0], title=f"필터 {w.shape[0]}x{w.shape[1]}")
    axes[1, 0].axis("off")
    for k, (i, j) in enumerate(positions, start=1):
        window = xp[i * stride:i * stride + w.shape[0], j * stride:j * stride + w.shape[1]]
        show_matrix(xp, ax=axes[0, k], shade=shade if padding else None,
                    highlight=(i * stride, j * stride, w.shape[0], w.shape[1]),
                    title=f"{k}단계: 창 위치 ({i}, {j})")
        partial = np.full(out.shape, np.nan)
        flat = [(a, b) for a in range(out.shape[0]) for b in range(out.shape[1])]
        for a, b in flat[:k]:
            partial[a, b] = out[a, b]
        show_matrix(partial, ax=axes[1, k], highlight=(i, j, 1, 1),
                    title=f"Σ(창 × 필터) = {np.sum(window * w):g}")
    fig.tight_layout()
    if suptitle:
        add_suptitle(fig, suptitle)
    return axes


def plot_search_points(searches, *, xlabel, ylabel, logx=True, logy=True, suptitle=None,
                       figsize=None):
    """Where each search method sampled (chapter 11): ``searches`` is
    ``{method: (x, y, score)}``, one panel per method, points coloured by score on one
    shared scale, the best point ringed. Returns the list of axes."""
    import matplotlib.pyplot as plt

    all_scores = np.concatenate([np.asarray(s, dtype=float) for _, _, s in searches.values()])
    # the colour scale spans the better 80 % of the scores; worse ones take the darkest colour
    low, high = np.nanpercentile(all_scores, 20), np.nanmax(all_scores)
    fig, axes = plt.subplots(1, len(searches), squeeze=False, sharex=True, sharey=True,
                             figsize=figsize or (4.3 * len(searches) + 1.0, 3.8))
    axes = list(axes[0])
    for ax, (method, (x, y, score)) in zip(axes, searches.items()):
        x, y, score = (np.asarray(v, dtype=float) for v in (x, y, score))
        points = ax.scatter(x, y, c=score, cmap="viridis", vmin=low, vmax=high, s=45,
                            edgecolor="k", linewidth=0.5)
        best = int(np.nanargmax(score))
        ax.scatter([x[best]], [y[best]], s=220, facecolor="none", edgecolor="tab:red",
                   linewidth=2)
        if logx:
            ax.set_xscale("log")
        if logy:
            ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_title(f"{method} ({len(x)}번, 최고 {score[best]:.3f})")
    axes[0].set_ylabel(ylabel)
    fig.colorbar(points, ax=axes, label="교차 검증 정확도", shrink=0.9, extend="min")
    if suptitle:
        add_suptitle(fig, suptitle)
    return axes


def plot_best_so_far(scores, *, ylabel="교차 검증 정확도", ylim=None, ax=None, figsize=None):
    """Score of every trial (dots) and the best so far (lines) for each search method
    (chapter 11). scores: ``{method: array of per-trial scores}``. Returns the axes."""
    from .tuning import best_so_far

    ax = _axes(ax, figsize or (7.0, 4.0))
    for (method, values), color in zip(scores.items(), ("tab:blue", "tab:orange", "tab:green",
                                                        "tab:red")):
        values = np.asarray(values, dtype=float)
        trials = np.arange(1, len(values) + 1)
        ax.plot(trials, values, "o", color=color, alpha=0.35, markersize=5)
        ax.step(trials, best_so_far(values), where="post", color=color, label=method)
    ax.set_xlabel("시도(trial) 번호 = 학습한 설정의 수")
    ax.set_ylabel(ylabel)
    if ylim:
        ax.set_ylim(ylim)
    ax.legend(loc="lower right", fontsize=9, title="지금까지의 최고", title_fontsize=9)
    ax.set_title("점: 각 시도의 점수, 선: 지금까지의 최고")
    return ax


def plot_refits(x_grid, fits, *, truth, x=None, y=None, titles=None, ylim=None, figsize=None):
    """Bias and variance as a picture (chapter 11): for each model, the curves fitted to many
    resampled training sets, their mean, and the true function. fits: ``{label: array
    (n_refits, len(x_grid))}``; x, y: one training set to show. Returns the list of axes."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(fits), squeeze=False, sharey=True,
                             figsize=figsize or (4.3 * len(fits), 3.7))
    axes = list(axes[0])
    for i, (ax, (label, curves)) in enumerate(zip(axes, fits.items())):
        curves = np.asarray(curves)
        for k, curve in enumerate(curves):
            ax.plot(x_grid, curve, color="tab:blue", alpha=0.25, linewidth=1,
                    label="훈련 세트마다의 적합" if k == 0 else None)
        ax.plot(x_grid, curves.mean(axis=0), color="tab:red", linewidth=2.2, label="적합의 평균")
        ax.plot(x_grid, truth(x_grid), "k--", linewidth=1.5, label="참 함수")
        if x is not None:
            ax.scatter(x, y, s=14, color="k", zorder=3, label="훈련 세트 하나")
        ax.set_title(titles[i] if titles else label)
        ax.set_xlabel("x")
        if ylim:
            ax.set_ylim(ylim)
    axes[0].set_ylabel("y")
    axes[-1].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    fig.tight_layout()
    return axes


def plot_flexibility(models, *, xlabel="파라미터(또는 규칙) 수: 유연성", ylabel="교차 검증 정확도",
                     ax=None, figsize=None):
    """Flexibility against fit quality for real models (chapter 11): ``models`` is
    ``{name: (n_parameters, score, how_to_explain)}``; each point is labelled with the model
    and how its predictions can be explained. Returns the axes."""
    ax = _axes(ax, figsize or (8.6, 4.6))
    sizes = [n for n, _, _ in models.values()]
    scores = [s for _, s, _ in models.values()]
    for name, (n_params, score, explain) in models.items():
        ax.scatter([n_params], [score], s=60, zorder=3)
        ax.annotate(f"{name}\n({explain})", (n_params, score), textcoords="offset points",
                    xytext=(8, 2), fontsize=8.5, va="bottom")
    ax.set_xscale("log")
    ax.set_xlim(min(sizes) / 2, max(sizes) * 30)  # room for the labels on the right
    margin = 0.15 * (max(scores) - min(scores) + 1e-9)
    ax.set_ylim(min(scores) - margin, max(scores) + 2 * margin)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title("유연할수록 잘 맞을 수 있지만, 설명하기는 어려워진다")
    return ax


def plot_learning_curves(sizes, curves, *, baseline=None, baseline_label=None,
                         xlabel="클래스마다 레이블이 있는 이미지 수 (로그 눈금)",
                         ylabel="시험 정확도", title=None, legend_loc="lower right", ax=None,
                         figsize=None):
    """Accuracy against the labelled-set size for several methods (chapter 12): ``curves`` is
    ``{method: array (n_seeds, len(sizes))}``; the mean is drawn with a band of one standard
    deviation (ddof=1) across seeds; ``baseline`` a horizontal line. Returns the axes."""
    ax = _axes(ax, figsize or (7.2, 4.3))
    for (method, scores), style in zip(curves.items(), ("o-", "s-", "^-", "d-")):
        scores = np.asarray(scores, dtype=float)
        mean = scores.mean(axis=0)
        spread = scores.std(axis=0, ddof=1) if len(scores) > 1 else np.zeros_like(mean)
        line, = ax.plot(sizes, mean, style, label=f"{method} (평균 ± 표준편차, {len(scores)}회)")
        ax.fill_between(sizes, mean - spread, mean + spread, color=line.get_color(), alpha=0.2)
    if baseline is not None:
        ax.axhline(baseline, color="0.4", linestyle=":", label=baseline_label)
    ax.set_xscale("log")
    ax.set_xticks(sizes)
    ax.set_xticklabels([str(s) for s in sizes])
    _label(ax, xlabel, ylabel, title)
    ax.legend(loc=legend_loc, fontsize=9)
    return ax


def plot_attention(weights, *, query_labels=None, key_labels=None, title=None, ax=None,
                   figsize=None):
    """Attention weights as a heatmap (chapter 13): rows are queries, columns keys, each cell
    labelled with its weight; masked cells (weight 0) stay white. Returns the axes."""
    w = np.asarray(weights, dtype=float)
    ax = _axes(ax, figsize or (0.6 * w.shape[1] + 2.2, 0.5 * w.shape[0] + 1.6))
    image = ax.imshow(w, cmap="Blues", vmin=0.0, vmax=1.0)
    for (r, c), v in np.ndenumerate(w):
        ax.text(c, r, f"{v:.2f}", ha="center", va="center", fontsize=8,
                color="white" if v > 0.6 else "black")
    ax.set_xticks(range(w.shape[1]))
    ax.set_yticks(range(w.shape[0]))
    ax.set_xticklabels(key_labels if key_labels is not None else range(w.shape[1]))
    ax.set_yticklabels(query_labels if query_labels is not None else range(w.shape[0]))
    ax.set_xlabel("키(key): 참고하는 위치")
    ax.set_ylabel("쿼리(query): 계산하는 위치")
    ax.grid(False)
    if title:
        ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="가중치")
    return ax


def plot_model_families(captions=None, figsize=None):
    """Four small diagrams of how information flows in a DNN, a CNN, an RNN and a Transformer
    (chapter 13); ``captions`` (four strings) go under the panels. Returns the axes."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, Rectangle

    fig, axes = plt.subplots(1, 4, figsize=figsize or (15.0, 4.2))
    for ax in axes:
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        ax.axis("off")

    def node(ax, x, y, color="tab:blue", r=0.35):
        ax.add_patch(plt.Circle((x, y), r, color=color, zorder=3))

    def arrow(ax, a, b, color="0.4", width=1.0, style="-|>"):
        ax.add_patch(FancyArrowPatch(a, b, arrowstyle=style, mutation_scale=10, color=color,
                                     linewidth=width, shrinkA=6, shrinkB=6))

    # DNN: every node to every node of the next layer
    layers = [np.linspace(2, 8, 4), np.linspace(1.5, 8.5, 5), np.linspace(3.5, 6.5, 2)]
    for i, (ys, x) in enumerate(zip(layers, (2, 5, 8))):
        for y in ys:
            node(axes[0], x, y)
            if i + 1 < len(layers):
                for y2 in layers[i + 1]:
                    axes[0].plot([x, x + 3], [y, y2], color="0.7", linewidth=0.7)
    axes[0].set_title("심층 신경망 (DNN)\n모든 노드가 다음 층 전부와 연결")
    # CNN: a window of the image maps to one cell of the feature map
    for r in range(6):
        for c in range(6):
            axes[1].add_patch(Rectangle((0.5 + c, 2 + r), 1, 1, fill=False, edgecolor="0.6"))
    axes[1].add_patch(Rectangle((1.5, 5), 3, 3, fill=False, edgecolor="tab:red", linewidth=2.5))
    for r in range(3):
        for c in range(3):
            axes[1].add_patch(Rectangle((7 + 0.8 * c, 4 + 0.8 * r), 0.8, 0.8, fill=False,
                                        edgecolor="0.6"))
    axes[1].add_patch(Rectangle((7.8, 5.6), 0.8, 0.8, color="tab:red", alpha=0.6))
    arrow(axes[1], (4.5, 6.5), (7.8, 6.0), color="tab:red")
    axes[1].set_title("합성곱 신경망 (CNN)\n작은 창(필터)이 이웃한 값만 봄")
    # RNN: one cell applied step after step, the state carried along
    for t in range(4):
        x = 1.5 + 2.3 * t
        axes[2].add_patch(Rectangle((x - 0.7, 4.3), 1.4, 1.4, color="tab:green", alpha=0.7))
        axes[2].text(x, 2.2, f"$x_{t + 1}$", ha="center", fontsize=12)
        axes[2].text(x, 8.1, f"$h_{t + 1}$", ha="center", fontsize=12)
        arrow(axes[2], (x, 2.7), (x, 4.3))
        arrow(axes[2], (x, 5.7), (x, 7.9))
        if t < 3:
            arrow(axes[2], (x + 0.7, 5.0), (x + 1.6, 5.0), color="tab:green", width=2)
    axes[2].set_title("순환 신경망 (RNN)\n같은 셀이 차례로, 상태 h를 넘겨줌")
    # Transformer: every position attends to every other one
    xs = np.linspace(1.5, 8.5, 5)
    rng = np.random.default_rng(3)
    for x1 in xs:
        for x2 in xs:
            axes[3].plot([x1, x2], [3, 7], color="tab:purple", alpha=0.25,
                         linewidth=0.5 + 3 * rng.random())
    for x in xs:
        node(axes[3], x, 3, color="tab:purple")
        node(axes[3], x, 7, color="tab:purple")
    axes[3].set_title("트랜스포머 (Transformer)\n모든 위치가 서로를 어텐션으로 참고")
    for ax, caption in zip(axes, captions or []):
        ax.text(5, -0.5, caption, ha="center", va="top", fontsize=9.5, wrap=True)
    fig.tight_layout()
    return axes


def plot_neuron_and_perceptron(figsize=None):
    """A biological neuron (left) next to a perceptron (right), matching parts in one colour:
    dendrites and synapses with inputs and weights, the cell body with the weighted sum and
    bias, the firing threshold with the step function, the axon with the output (chapter 01).
    Returns the two axes."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyArrowPatch, Polygon

    colors = {"in": "tab:blue", "body": "tab:orange", "fire": "tab:red", "out": "tab:green"}
    fig, (ax_n, ax_p) = plt.subplots(1, 2, figsize=figsize or (14.0, 5.2))
    for ax in (ax_n, ax_p):
        ax.set_xlim(0, 12)
        ax.set_ylim(0, 8)
        ax.set_aspect("equal")
        ax.axis("off")

    # neuron: dendrites branch into the cell body, the axon leaves to the right
    ax_n.add_patch(Circle((4.0, 4.0), 1.1, color=colors["body"], alpha=0.85, zorder=3))
    ax_n.text(4.0, 4.0, "세포체\n(soma)", ha="center", va="center", fontsize=10, zorder=4)
    for angle in np.radians([140, 160, 180, 200, 220]):
        start = np.array([4.0, 4.0]) + 1.0 * np.array([np.cos(angle), np.sin(angle)])
        end = np.array([4.0, 4.0]) + 2.6 * np.array([np.cos(angle), np.sin(angle)])
        ax_n.plot(*zip(start, end), color=colors["in"], linewidth=2.5)
        for twist in (-0.35, 0.35):  # a fork at the tip
            tip = end + 0.7 * np.array([np.cos(angle + twist), np.sin(angle + twist)])
            ax_n.plot(*zip(end, tip), color=colors["in"], linewidth=1.5)
        ax_n.plot(*(end + 0.75 * np.array([np.cos(angle), np.sin(angle)])), "o",
                  color=colors["in"], markersize=6)  # a synapse from another neuron
    ax_n.text(0.2, 7.9, "수상돌기 (dendrite): 다른 뉴런의 신호를 받음\n"
              "시냅스 (synapse): 연결의 세기", fontsize=10, color=colors["in"], va="top")
    ax_n.add_patch(Polygon([[5.0, 4.35], [5.0, 3.65], [5.6, 4.0]], color=colors["fire"],
                           zorder=3))
    ax_n.text(5.6, 2.0, "축삭 둔덕: 합이 역치를\n넘으면 발화 (firing)", ha="center",
              fontsize=9.5, color=colors["fire"])
    ax_n.plot([5.6, 10.2], [4.0, 4.0], color=colors["out"], linewidth=3)
    for dy in (-0.6, 0.0, 0.6):
        ax_n.plot([10.2, 11.0], [4.0, 4.0 + dy], color=colors["out"], linewidth=1.8)
    ax_n.text(8.0, 4.4, "축삭 (axon): 출력 신호", ha="center", fontsize=10, color=colors["out"])
    ax_n.set_title("생물의 뉴런 (neuron)")

    # perceptron: inputs times weights into the sum, the step, the output
    def arrow(a, b, color, width=1.6):
        ax_p.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=14, color=color,
                                       linewidth=width, shrinkA=14, shrinkB=0))

    ys = [6.2, 4.0, 1.8]
    for i, y in enumerate(ys, start=1):
        ax_p.add_patch(Circle((1.2, y), 0.55, facecolor="white", edgecolor=colors["in"],
                              linewidth=2, zorder=3))
        ax_p.text(1.2, y, f"$x_{i}$", ha="center", va="center", fontsize=13, zorder=4)
        direction = np.array([5.0 - 1.2, 4.0 - y]) / np.hypot(5.0 - 1.2, 4.0 - y)
        arrow((1.2, y), tuple(np.array([5.0, 4.0]) - 1.4 * direction), colors["in"])
        ax_p.text(3.0, (y + 4.0) / 2 + 0.35, f"$w_{i}$", ha="center", fontsize=13,
                  color=colors["in"])
    ax_p.text(0.2, 7.7, "입력 $x_i$ = 받은 신호, 가중치 $w_i$ = 시냅스의 세기", fontsize=10,
              color=colors["in"], va="top")
    ax_p.add_patch(Circle((5.0, 4.0), 1.35, color=colors["body"], alpha=0.85, zorder=3))
    ax_p.text(5.0, 4.0, "$z = \\sum_i w_i x_i$\n$+\\ b$", ha="center", va="center",
              fontsize=11, zorder=4)
    ax_p.text(5.0, 1.5, "가중합과 편향 b = 세포체에서\n신호를 모으고 역치를 정함", ha="center",
              fontsize=9.5, color=colors["body"])
    ax_p.add_patch(FancyArrowPatch((6.35, 4.0), (7.2, 4.0), arrowstyle="-|>", mutation_scale=14,
                                   color="0.3", linewidth=1.6))
    ax_p.add_patch(plt.Rectangle((7.2, 3.2), 1.8, 1.6, facecolor="white",
                                 edgecolor=colors["fire"], linewidth=2, zorder=3))
    ax_p.plot([7.4, 8.1, 8.1, 8.8], [3.45, 3.45, 4.55, 4.55], color=colors["fire"],
              linewidth=2, zorder=4)  # the step function's shape
    ax_p.text(8.1, 5.1, "계단 함수 f = 발화", ha="center", fontsize=10, color=colors["fire"])
    arrow((8.6, 4.0), (11.6, 4.0), colors["out"], width=2.5)
    ax_p.text(10.4, 4.4, "출력 y = f(z)\n(0 또는 1)", ha="center", fontsize=10,
              color=colors["out"])
    ax_p.set_title("퍼셉트론 (perceptron)")
    fig.tight_layout()
    return ax_n, ax_p


def plot_representations(panels, y, *, class_names=None, suptitle=None, figsize=None):
    """Side-by-side 2-D scatter plots of one data set in several representations.

    panels: list of (title, points) with points of shape (n, 2) (e.g. the first two principal
    components of a layer's output); y: (n,) class labels 0..K-1, one colour each.
    Returns the axes.
    """
    import matplotlib.pyplot as plt

    y = np.asarray(y)
    classes = np.unique(y)
    colors = plt.get_cmap("tab10")(np.arange(len(classes)) % 10)
    fig, axes = plt.subplots(1, len(panels), figsize=figsize or (4.0 * len(panels), 4.3))
    axes = np.atleast_1d(axes)
    for ax, (title, points) in zip(axes, panels):
        points = np.asarray(points)
        for k, color in zip(classes, colors):
            ax.scatter(points[y == k, 0], points[y == k, 1], s=9, color=color, alpha=0.7,
                       label=str(class_names[k]) if class_names is not None else str(k))
        ax.set_title(title, fontsize=11)
        ax.set_xticks([])
        ax.set_yticks([])
    axes[-1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, markerscale=2,
                    title="정답")
    fig.tight_layout()
    if suptitle:
        add_suptitle(fig, suptitle)
    return axes


# --- diagrams of chapters 01, 05 and 06 ---------------------------------------------------

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


SLIDE_NODE_POS = {"x1": (0.0, 1.0), "x2": (0.0, -1.0), "h11": (4.2, 1.0), "h12": (4.2, -1.0),
                  "h21": (8.4, 1.0), "h22": (8.4, -1.0)}
# (source, target, weight name, layer, index in W1 or W2)
_SLIDE_EDGES = [("x1", "h11", "w_{11}", 1, (0, 0)), ("x2", "h11", "w_{12}", 1, (0, 1)),
                ("x1", "h12", "w_{13}", 1, (1, 0)), ("x2", "h12", "w_{14}", 1, (1, 1)),
                ("h11", "h21", "w_{21}", 2, (0, 0)), ("h12", "h21", "w_{22}", 2, (0, 1)),
                ("h11", "h22", "w_{23}", 2, (1, 0)), ("h12", "h22", "w_{24}", 2, (1, 1))]


def draw_slide_network(ax, W1, W2, node_text, W1_new=None, W2_new=None, radius=0.72):
    """The 2-2-2 network of slide 4-5-2 (chapter 05) with a text in each node and a weight on
    each edge. node_text: {node name in SLIDE_NODE_POS: text}. With W1_new/W2_new the edges
    show "old -> new", red where the weight grew and blue where it shrank."""
    import matplotlib.pyplot as plt

    fills = {"x": "#eef3e2", "h": "#e8f0fb"}
    for name, (px, py) in SLIDE_NODE_POS.items():
        ax.add_patch(plt.Circle((px, py), radius, facecolor=fills[name[0]], edgecolor="k",
                                zorder=2))
        ax.text(px, py, node_text[name], ha="center", va="center", fontsize=9.5, zorder=3,
                linespacing=1.5)
    for src, dst, label, layer, idx in _SLIDE_EDGES:
        (x0, y0), (x1, y1) = SLIDE_NODE_POS[src], SLIDE_NODE_POS[dst]
        dist = np.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / dist, (y1 - y0) / dist
        old = (W1 if layer == 1 else W2)[idx]
        new_matrix = W1_new if layer == 1 else W2_new
        color = "0.35"
        text = f"${label}$ = {old:g}"
        if new_matrix is not None:
            new = new_matrix[idx]
            color = "tab:red" if new > old else "tab:blue"
            text = f"${label}$: {old:g} $\\rightarrow$ {new:.4f}"
        ax.annotate("", xy=(x1 - radius * ux, y1 - radius * uy),
                    xytext=(x0 + radius * ux, y0 + radius * uy),
                    arrowprops=dict(arrowstyle="-|>", lw=1.4, color=color), zorder=1)
        frac = 0.42 if y0 == y1 else 0.36  # the two crossing labels stay apart
        lx, ly = x0 + frac * (x1 - x0), y0 + frac * (y1 - y0) + (0.2 if y0 == y1 else 0.0)
        ax.text(lx, ly, text, ha="center", va="center", fontsize=9.5, color=color, zorder=4,
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none",
                          alpha=0.9))
    ax.set_xlim(-1.0, 11.4)
    ax.set_ylim(-2.0, 2.0)
    ax.set_aspect("equal")
    ax.axis("off")


def add_slide_targets(ax, y, h2=None):
    """Write the targets y (and, with the outputs h2, the errors h2 - y) to the right of the
    output nodes of :func:`draw_slide_network`."""
    for i, node in enumerate(("h21", "h22")):
        px, py = SLIDE_NODE_POS[node]
        text = f"$y_{i + 1}$ = {y[i]:g}"
        if h2 is not None:
            text += f"\n$h_{{2{i + 1}}} - y_{i + 1}$ = {h2[i] - y[i]:.4f}"
        ax.text(px + 0.95, py, text, ha="left", va="center", fontsize=10, linespacing=1.6)


def draw_layers(ax, sizes, names, notes, input_labels=None, output_labels=None):
    """A fully connected network (chapter 06): a column of circles per layer of ``sizes``, a
    line per weight, ``names`` and ``notes`` under the columns, optional labels beside the
    input and output circles."""
    import matplotlib.pyplot as plt

    xs = np.arange(len(sizes)) * 3.0
    ys = [np.linspace(-(n - 1) / 2, (n - 1) / 2, n)[::-1] * 1.1 for n in sizes]
    for i in range(len(sizes) - 1):
        for y0 in ys[i]:
            for y1 in ys[i + 1]:
                ax.plot([xs[i], xs[i + 1]], [y0, y1], color="0.6", linewidth=0.8, zorder=1)
    colors = ["#dbe9f6", "#fde5c8", "#d9f0d3"]
    for i, (x, layer_ys) in enumerate(zip(xs, ys)):
        for y in layer_ys:
            ax.add_patch(plt.Circle((x, y), 0.32, facecolor=colors[i % 3], edgecolor="k",
                                    zorder=2))
        bottom = -max(len(y_) for y_ in ys) * 0.55 - 0.35
        ax.text(x, bottom, names[i], ha="center", va="top", fontsize=12)
        ax.text(x, bottom - 0.5, notes[i], ha="center", va="top", fontsize=10, color="0.3")
    for labels, x, side in [(input_labels, xs[0] - 0.5, "right"),
                            (output_labels, xs[-1] + 0.5, "left")]:
        for y, label in zip(ys[0] if side == "right" else ys[-1], labels or []):
            ax.text(x, y, label, ha=side, va="center", fontsize=10)
    ax.set_aspect("equal")
    ax.axis("off")


def plot_lr_sensitivity(lr_grid, finals, *, start_loss, colors=None, floor=1e-12,
                        ceiling=1e3, ylabel="학습 뒤의 손실 (로그 눈금)", title=None,
                        figsize=(7.5, 4.6)):
    """Final loss against the learning rate, one line per optimizer (chapter 04).

    finals: {name: array of final losses, one per learning rate in lr_grid}; NaN (or a loss
    above ``ceiling``) means the run diverged and is drawn as an x above the frame's top, a
    loss below ``floor`` as a triangle on its lower edge. start_loss: the loss at the start,
    a dotted line. Returns the axes.
    """
    import matplotlib.pyplot as plt

    lr_grid = np.asarray(lr_grid, dtype=float)
    fig, ax = plt.subplots(figsize=figsize)
    for k, (name, final) in enumerate(finals.items()):
        final = np.asarray(final, dtype=float)
        final = np.where(np.isfinite(final) & (final < ceiling), final, np.nan)
        color = (colors or {}).get(name, f"C{k}")
        below = final < floor
        ax.loglog(lr_grid, np.where(below, np.nan, final), "o-", color=color, markersize=4,
                  label=name)
        ax.plot(lr_grid[below], np.full(below.sum(), 2 * floor), "v", color=color,
                markersize=8)
        diverged = np.isnan(final)
        height = ceiling * 0.4 / 4 ** (k % 2)  # two rows, so that crosses do not hide each other
        ax.plot(lr_grid[diverged], np.full(diverged.sum(), height), "x", color=color,
                markersize=8, markeredgewidth=2)
    ax.axhline(start_loss, color="k", linestyle=":", linewidth=1, label="시작점의 손실")
    ax.text(lr_grid[0] * 1.2, ceiling * 0.2, f"x: 발산 (손실 > {ceiling:g})", fontsize=9)
    ax.text(lr_grid[0] * 30, floor * 4, f"아래 삼각형: 손실 < {floor:g}", fontsize=9)
    ax.set_ylim(floor, ceiling)
    _label(ax, "학습률 (로그 눈금)", ylabel, title)
    ax.legend(loc="lower left", fontsize=9)
    return ax
