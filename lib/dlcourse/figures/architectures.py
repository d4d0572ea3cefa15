"""Figures of chapters 10, 12 and 13: convolution, transfer learning, sequence models and
attention, model families."""
import numpy as np

from ..plotting import add_suptitle, get_axes, set_labels, show_matrix

__all__ = [
    "plot_conv_steps", "plot_learning_curves", "plot_attention", "plot_model_families",
]


def plot_conv_steps(x, w, *, stride=1, padding=0, max_steps=4, suptitle=None):
    """A convolution step by step (chapter 10): for each of the first ``max_steps`` output
    positions, the (padded) input with the filter's window framed, and the feature map filled
    up to that position; the filter itself in the first column. x: (H, W); w: (KH, KW).
    Returns the 2-D array of axes."""
    import matplotlib.pyplot as plt

    from ..conv import conv2d_single, pad2d

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


def plot_learning_curves(sizes, curves, *, baseline=None, baseline_label=None,
                         xlabel="클래스마다 레이블이 있는 이미지 수 (로그 눈금)",
                         ylabel="시험 정확도", title=None, legend_loc="lower right", ax=None,
                         figsize=None):
    """Accuracy against the labelled-set size for several methods (chapter 12): ``curves`` is
    ``{method: array (n_seeds, len(sizes))}``; the mean is drawn with a band of one standard
    deviation (ddof=1) across seeds; ``baseline`` a horizontal line. Returns the axes."""
    ax = get_axes(ax, figsize or (7.2, 4.3))
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
    set_labels(ax, xlabel, ylabel, title)
    ax.legend(loc=legend_loc, fontsize=9)
    return ax


def plot_attention(weights, *, query_labels=None, key_labels=None, title=None, ax=None,
                   figsize=None):
    """Attention weights as a heatmap (chapter 13): rows are queries, columns keys, each cell
    labelled with its weight; masked cells (weight 0) stay white. Returns the axes."""
    w = np.asarray(weights, dtype=float)
    ax = get_axes(ax, figsize or (0.6 * w.shape[1] + 2.2, 0.5 * w.shape[0] + 1.6))
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
