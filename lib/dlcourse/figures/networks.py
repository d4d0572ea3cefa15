"""Figures of chapters 05-08: backpropagation, networks in PyTorch, overfitting and
regularization, activations and initialization in deep networks."""
import matplotlib
import numpy as np

from ..plotting import add_suptitle, get_axes, plot_decision_boundary, set_labels
from ._common import _subplots

__all__ = [
    "plot_training_and_boundary", "plot_hidden_units", "plot_layer_diagram",
    "plot_loss_curves", "plot_digit_as_vector", "plot_confusion_and_scores", "plot_fits",
    "plot_coefficient_paths", "plot_oversampling", "plot_bias_variance",
    "plot_activation_histograms", "plot_representations", "draw_slide_network",
    "add_slide_targets", "draw_layers", "plot_train_val", "SLIDE_NODE_POS",
]


def plot_training_and_boundary(losses, predict, X, y, *, class_names=("XOR = 0", "XOR = 1"),
                               curve_title="XOR 학습 곡선",
                               boundary_title="학습한 2층 신경망의 결정 경계", figsize=(12, 4.6)):
    """Left: the loss per epoch on a log axis. Right: the trained network's regions.

    losses: (num_epochs,); predict: G (n, 2) -> (n,) labels. Returns the two axes.
    """
    fig, (ax_loss, ax_bound) = _subplots(2, figsize)
    ax_loss.plot(np.arange(1, len(losses) + 1), losses)
    ax_loss.set_yscale("log")
    ax_loss.set_xlabel("에포크(epoch)")
    ax_loss.set_ylabel("손실 L (로그 눈금)")
    ax_loss.set_title(curve_title)
    plot_decision_boundary(predict, X, y, ax=ax_bound, padding=0.6,
                           class_names=list(class_names), title=boundary_title)
    ax_bound.set_aspect("equal")
    ax_bound.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return ax_loss, ax_bound


def plot_hidden_units(hidden, X, y, out_weights, *, class_names=("XOR = 0", "XOR = 1"),
                      limits=(-0.5, 1.5), figsize=None):
    """One panel per hidden unit: its output over the input plane (0 to 1, filled contours),
    the data on top (white: class 0, red: class 1) and the unit's output-layer weight.

    hidden: G (n, 2) -> (n, num_hidden) outputs in [0, 1]; out_weights: (num_hidden,).
    Returns the axes.
    """
    import matplotlib.pyplot as plt

    out_weights = np.ravel(np.asarray(out_weights, dtype=float))
    n_hidden = len(out_weights)
    fig, axes = plt.subplots(1, n_hidden, figsize=figsize or (3.3 * n_hidden + 1.5, 3.6))
    axes = np.atleast_1d(axes)
    grid = np.linspace(*limits, 201)
    G1, G2 = np.meshgrid(grid, grid)
    H = np.asarray(hidden(np.column_stack([G1.ravel(), G2.ravel()])), dtype=float)
    X = np.asarray(X, dtype=float)
    for j, ax in enumerate(axes):
        image = ax.contourf(G1, G2, H[:, j].reshape(G1.shape), levels=np.linspace(0, 1, 11),
                            cmap="viridis")
        ax.scatter(X[:, 0], X[:, 1], c=["w" if t == 0 else "r" for t in np.ravel(y)], s=60,
                   edgecolor="k")
        ax.set_title(f"은닉 뉴런 {j + 1}\n출력층 가중치 {out_weights[j]:.1f}", fontsize=11)
        ax.set_xlabel("$x_1$")
        ax.set_aspect("equal")
        ax.grid(False)
    axes[0].set_ylabel("$x_2$")
    fig.colorbar(image, ax=axes, shrink=0.85, label="은닉 뉴런의 출력 h")
    fig.suptitle(f"은닉 뉴런의 출력 (흰 점: {class_names[0]}, 빨간 점: {class_names[1]})", y=1.04)
    return axes


def plot_layer_diagram(sizes, names, notes, *, input_labels=None, output_labels=None,
                       title=None, xlim=None, ylim=None, figsize=(9, 5)):
    """A fully connected network: a column of circles per layer of ``sizes`` (e.g. [4, 5, 3]),
    a line per weight, ``names`` and ``notes`` (one per layer) under the columns, optional
    labels beside the input and output circles. Returns the axes."""
    ax = get_axes(None, figsize)
    draw_layers(ax, sizes, names, notes, input_labels=input_labels, output_labels=output_labels)
    if xlim:
        ax.set_xlim(xlim)
    if ylim:
        ax.set_ylim(ylim)
    if title:
        ax.set_title(title)
    return ax


def plot_loss_curves(curves, *, baseline=None, baseline_label=None, logy=False, cmap=None,
                     xlabel="학습 단계 (반복 횟수)", ylabel="손실", title=None,
                     legend_loc="best", legend_fontsize=None, ax=None, figsize=(6.5, 4)):
    """Loss per training step for one or more runs.

    curves: {label: (num_steps,) losses} (label None: no legend entry), drawn against steps
    1 ... num_steps; baseline: a dotted horizontal line; cmap: a colormap name to colour the
    runs in order (e.g. by width); legend_loc "outside" puts the legend right of the axes.
    Returns the axes.
    """
    import matplotlib

    ax = get_axes(ax, figsize)
    colors = (matplotlib.colormaps[cmap](np.linspace(0, 0.9, len(curves))) if cmap
              else [None] * len(curves))
    for (label, losses), color in zip(curves.items(), colors):
        losses = np.asarray(losses, dtype=float)
        ax.plot(np.arange(1, len(losses) + 1), losses, color=color, label=label)
    if baseline is not None:
        ax.axhline(baseline, color="0.5", linestyle=":", label=baseline_label)
    if logy:
        ax.set_yscale("log")
    set_labels(ax, xlabel, ylabel, title)
    if baseline_label or any(label is not None for label in curves):
        where = (dict(loc="upper left", bbox_to_anchor=(1.01, 1.0)) if legend_loc == "outside"
                 else dict(loc=legend_loc))
        ax.legend(fontsize=legend_fontsize, **where)
    return ax


def plot_digit_as_vector(image, label, *, threshold=0.5, figsize=(10, 4.2)):
    """An 8 × 8 digit three ways: the image, the binary image (brightness ≥ threshold = 1)
    with its 0/1 values, and the 64-long row vector a network receives.

    image: (8, 8) brightness in [0, 1]; label: its digit. Returns (ax_img, ax_bin, ax_vec).
    """
    import matplotlib.pyplot as plt

    image = np.asarray(image, dtype=float)
    fig = plt.figure(figsize=figsize)
    ax_img, ax_bin = fig.add_subplot(2, 2, 1), fig.add_subplot(2, 2, 2)
    ax_img.imshow(image, cmap="gray_r", vmin=0, vmax=1)
    ax_img.set_title(f"원래 이미지 (정답 {label})")
    binary = (image >= threshold).astype(int)
    ax_bin.imshow(binary, cmap="gray_r", vmin=0, vmax=1)
    for (r, c), v in np.ndenumerate(binary):
        ax_bin.text(c, r, v, ha="center", va="center", fontsize=8,
                    color="white" if v else "black")
    ax_bin.set_title(f"이진 이미지 (밝기 {threshold:g} 이상 = 1)")
    for ax in (ax_img, ax_bin):
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    size, width = image.size, image.shape[1]
    ax_vec = fig.add_subplot(2, 1, 2)
    ax_vec.imshow(image.reshape(1, size), cmap="gray_r", vmin=0, vmax=1, aspect="auto")
    ax_vec.set_yticks([])
    ax_vec.set_xticks(np.arange(0, size, width))
    ax_vec.set_xlabel(f"{size}차원 벡터의 위치 (0~{width - 1}: 첫 행, "
                      f"{width}~{2 * width - 1}: 둘째 행, ...)")
    ax_vec.grid(False)
    fig.tight_layout()
    return ax_img, ax_bin, ax_vec


def plot_confusion_and_scores(confusion, proba, y, *, threshold=0.5,
                              truth_names=("양성 종양 (0)", "악성 종양 (1)"),
                              predicted_names=("비악성 판정 (0)", "악성 판정 (1)"),
                              score_label="예측한 악성 확률 predict_proba", figsize=(11, 4.2)):
    """Left: a 2 × 2 confusion matrix (rows: truth, columns: prediction) with TN/FP/FN/TP and
    counts. Right: histograms of the predicted probability for each true class, with the
    threshold.

    confusion: (2, 2) counts; proba: (n,) in [0, 1]; y: (n,) labels 0/1. Returns the axes.
    """
    confusion = np.asarray(confusion)
    proba, y = np.asarray(proba, dtype=float), np.asarray(y)
    fig, (ax_cm, ax_hist) = _subplots(2, figsize)
    ax_cm.imshow(confusion, cmap="Blues")
    kinds = [["진음성 (TN)", "위양성 (FP)"], ["위음성 (FN)", "진양성 (TP)"]]
    for (r, c), count in np.ndenumerate(confusion):
        ax_cm.text(c, r, f"{kinds[r][c]}\n{count}명", ha="center", va="center", fontsize=12,
                   color="white" if count > confusion.max() / 2 else "black")
    ax_cm.set_xticks([0, 1], list(predicted_names))
    ax_cm.set_yticks([0, 1], [f"실제 {n}" for n in truth_names])
    ax_cm.grid(False)
    ax_cm.set_title(f"시험 데이터의 혼동 행렬 (문턱값 {threshold:g})")
    bins = np.linspace(0, 1, 21)
    for label, name in enumerate(truth_names):
        ax_hist.hist(proba[y == label], bins=bins, alpha=0.7,
                     label="실제 " + name.split(" (")[0])
    ax_hist.axvline(threshold, color="k", linestyle="--", label=f"문턱값 {threshold:g}")
    ax_hist.set_xlabel(score_label)
    ax_hist.set_ylabel("환자 수")
    ax_hist.set_title("실제 진단별 예측 확률의 분포")
    ax_hist.legend()
    fig.tight_layout()
    return ax_cm, ax_hist


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
    ax = get_axes(ax, figsize)
    X, y = np.asarray(X), np.asarray(y)
    ax.scatter(X[y == 0, 0], X[y == 0, 1], s=18, color="tab:blue", alpha=0.5,
               label=f"{class_names[0]} ({int(np.sum(y == 0))})")
    ax.scatter(X[y == 1, 0], X[y == 1, 1], s=40, color="tab:red", edgecolor="k",
               label=f"{class_names[1]} ({int(np.sum(y == 1))})")
    if len(X_new):
        ax.scatter(X_new[:, 0], X_new[:, 1], s=30, marker="x", color="tab:orange",
                   label=f"합성한 {class_names[1]} ({len(X_new)})")
    set_labels(ax, "$x_1$", "$x_2$", title)
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
    ax = get_axes(ax, figsize)
    ax.plot(degrees, np.maximum(parts["bias2"], 1e-5), "o-", label="편향$^2$ (bias$^2$)")
    ax.plot(degrees, parts["variance"], "s-", label="분산 (variance)")
    ax.plot(degrees, parts["expected_mse"], "k^--",
            label="새 데이터의 기대 오차 = 편향$^2$ + 분산 + 잡음")
    ax.axhline(noise_var, color="0.5", linestyle=":", label=f"잡음의 분산 {noise_var:g}")
    ax.set_yscale("log")
    ax.set_ylim(1e-5, None)
    set_labels(ax, "다항식의 차수 (모델의 복잡도)", "제곱 오차 (로그 눈금)", title)
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


def plot_train_val(xs, train, val, *, xlabel, ylabel, title=None, mark=None, mark_label=None,
                   stop=None, stop_label=None, logy=False, ax=None, figsize=None):
    """Training and validation curves against one quantity (degree, epoch, penalty, ...),
    with optional vertical lines at ``mark`` (e.g. the best epoch) and ``stop`` (e.g. where
    early stopping stopped). Returns the axes."""
    ax = get_axes(ax, figsize)
    few = len(xs) <= 30  # markers only where they can be told apart
    ax.plot(xs, train, "o-" if few else "-", markersize=4, label="훈련(train)")
    ax.plot(xs, val, "s--" if few else "--", markersize=4, label="검증(validation)")
    if mark is not None:
        ax.axvline(mark, color="0.3", linestyle=":", label=mark_label)
    if stop is not None:
        ax.axvline(stop, color="tab:red", linestyle="-.", linewidth=1.2, label=stop_label)
    if logy:
        ax.set_yscale("log")
    set_labels(ax, xlabel, ylabel, title)
    ax.legend()
    return ax
