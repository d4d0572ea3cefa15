"""Figures of chapters 00-01: the neuron and the perceptron, logic gates, XOR."""
import numpy as np

from ..plotting import (CLASS_COLORS, draw_line, draw_network, get_axes, plot_decision_boundary,
                        set_labels)
from ._common import _subplots

__all__ = [
    "plot_bmi_by_height", "line_equation", "plot_perceptron_diagram",
    "plot_xor_network_diagram", "plot_step_function", "plot_gates", "plot_xor_lines",
    "plot_xor_hidden_space", "plot_perceptron_training", "plot_boundaries",
    "plot_neuron_and_perceptron",
]


def _scatter_classes(ax, X, y, names, size=160):
    """Class 0 as circles, class 1 as squares, in the colours of plot_decision_boundary."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    for label in (0, 1):
        mask = y == label
        ax.scatter(X[mask, 0], X[mask, 1], s=size, color=CLASS_COLORS[label],
                   marker="os"[label], edgecolor="k", zorder=3, label=names[label])


def plot_bmi_by_height(heights=(1.55, 1.70, 1.85), *, weight_range=(40, 120), ax=None,
                       figsize=(6, 4)):
    """BMI = weight / height² against weight (kg), one line per height (m), with the Korean
    normal range 18.5–22.9 as a band and WHO's upper normal limit 25 dashed. Returns the axes."""
    weights = np.linspace(*weight_range, 81)
    ax = get_axes(ax, figsize)
    for h in heights:
        ax.plot(weights, weights / h ** 2, label=f"키 {h:.2f} m")
    ax.axhspan(18.5, 23, color="tab:green", alpha=0.12, label="정상 18.5–22.9 (대한비만학회)")
    ax.axhline(25, color="0.3", linestyle="--", linewidth=1, label="WHO 국제 기준의 정상 상한 25")
    ax.set_xlabel("몸무게 (kg)")
    ax.set_ylabel("체질량지수 BMI (kg/m$^2$)")
    ax.set_title("몸무게와 키에 따른 체질량지수")
    ax.legend()
    return ax


def line_equation(w, b):
    """The boundary w1 x1 + w2 x2 + b = 0 as mathtext, e.g. '$x_1 + x_2 - 1.5 = 0$'."""
    text = ""
    for coef, var in [(w[0], "x_1"), (w[1], "x_2"), (b, "")]:
        coef = float(coef)
        if coef == 0 and var:
            continue
        size = "" if abs(coef) == 1 and var else f"{abs(coef):g}"
        if not text:
            text = ("-" if coef < 0 else "") + size + var
        else:
            text += f" {'-' if coef < 0 else '+'} " + size + var
    return f"${text} = 0$"


def plot_perceptron_diagram(*, figsize=(8.5, 3.6)):
    """The perceptron as a diagram: inputs x1 ... xn and the bias input 1, weights on the
    arrows, the weighted sum, the activation f and the output y. Returns the axes."""

    ax = get_axes(None, figsize)
    nodes = {
        "x1": (0.0, 2.2, "$x_1$"), "x2": (0.0, 1.0, "$x_2$"), "xn": (0.0, -0.8, "$x_n$"),
        "one": (2.0, 2.8, "1"), "sum": (2.6, 1.0, "$\\Sigma$"), "f": (4.4, 1.0, "$f$"),
        "y": (6.0, 1.0, "$y$"),
    }
    edges = [("x1", "sum", "$w_1$"), ("x2", "sum", "$w_2$"), ("xn", "sum", "$w_n$"),
             ("one", "sum", "$b$"), ("sum", "f", "$z$"), ("f", "y", "")]
    draw_network(ax, nodes, edges)
    ax.text(0.0, 0.1, "$\\vdots$", ha="center", va="center", fontsize=16)
    for x, text in [(0.0, "입력"), (2.6, "가중합 + 편향"), (4.4, "활성화 함수"), (6.0, "출력")]:
        ax.text(x, -1.55, text, ha="center", fontsize=11)
    ax.text(2.55, 2.8, "편향 입력", ha="left", va="center", fontsize=10, color="0.3")
    ax.set_xlim(-0.8, 6.8)
    ax.set_ylim(-1.9, 3.4)
    ax.set_title("퍼셉트론: $y = f(w_1 x_1 + \\dots + w_n x_n + b)$")
    return ax


def plot_xor_network_diagram(*, figsize=(7.5, 3.4)):
    """The two-layer perceptron for XOR as a diagram: NAND and OR in the hidden layer, AND
    in the output layer. Returns the axes."""

    ax = get_axes(None, figsize)
    nodes = {"x1": (0.0, 1.8, "$x_1$"), "x2": (0.0, 0.0, "$x_2$"),
             "h1": (2.6, 1.8, "$h_1$"), "h2": (2.6, 0.0, "$h_2$"), "y": (5.2, 0.9, "$y$")}
    edges = [(src, dst, "") for src in ("x1", "x2") for dst in ("h1", "h2")]
    edges += [("h1", "y", ""), ("h2", "y", "")]
    draw_network(ax, nodes, edges)
    for x, y_pos, text in [(2.6, 2.35, "NAND"), (2.6, -0.55, "OR"), (5.2, 1.45, "AND")]:
        ax.text(x, y_pos, text, ha="center", va="center", fontsize=11, color="tab:red")
    for x, text in [(0.0, "입력층"), (2.6, "은닉층"), (5.2, "출력층")]:
        ax.text(x, -1.15, text, ha="center", fontsize=11)
    ax.set_xlim(-0.8, 6.0)
    ax.set_ylim(-1.4, 2.7)
    ax.set_title("XOR을 만드는 2층 퍼셉트론")
    return ax


def plot_step_function(*, x_range=(-3.0, 3.0), xlabel="입력 x", ylabel="출력 f(x)", title=None,
                       label="계단 함수 $f(z)$", sigmoid_label=None, legend_loc="upper left",
                       ax=None, figsize=(6, 3.2)):
    """The step function with its jump at 0 drawn honestly (f(0) = 1 filled, the open circle
    at 0 below); with ``sigmoid_label``, the sigmoid dashed beside it. Returns the axes."""
    from dlcourse import activations as act

    ax = get_axes(ax, figsize)
    lo, hi = x_range
    ax.plot([lo, 0], [0, 0], color="tab:blue")
    ax.plot([0, hi], [1, 1], color="tab:blue", label=label)
    ax.plot([0], [1], "o", color="tab:blue", markersize=7)  # f(0) = 1
    ax.plot([0], [0], "o", color="white", markeredgecolor="tab:blue", markersize=7)
    if sigmoid_label:
        xx = np.linspace(lo, hi, 601)
        ax.plot(xx, act.sigmoid(xx), "--", color="tab:orange", label=sigmoid_label)
    else:
        ax.set_yticks([0, 1])
        ax.set_ylim(-0.3, 1.3)
    set_labels(ax, xlabel, ylabel, title)
    ax.legend(loc=legend_loc)
    return ax


def plot_gates(gates, *, margin=0.2, figsize=(13, 4.2)):
    """One panel per logic gate: the regions a perceptron assigns, its line, and a dashed
    square of half-width ``margin`` around each input (the tolerance the exercise asks for).

    gates: {name: (X, y, predict, w, b)} with X (4, 2), y (4,), predict(G (n, 2)) -> (n,)
    labels, w (2,), b a number. Returns the axes.
    """
    from matplotlib.patches import Rectangle

    fig, axes = _subplots(len(gates), figsize)
    for ax, (name, (X, y, predict, w, b)) in zip(np.atleast_1d(axes), gates.items()):
        plot_decision_boundary(predict, X, y, ax=ax, padding=0.6,
                               class_names=["출력 0", "출력 1"],
                               title=f"{name}: " + line_equation(w, b))
        for x1, x2 in np.asarray(X, dtype=float):
            ax.add_patch(Rectangle((x1 - margin, x2 - margin), 2 * margin, 2 * margin,
                                   facecolor="0.5", alpha=0.25, edgecolor="0.4",
                                   linestyle="--", zorder=1))
        draw_line(ax, w, b, color="k", linewidth=2)
        ax.set_aspect("equal")
    fig.suptitle("단층 퍼셉트론으로 만든 논리 게이트와 결정 경계")
    fig.tight_layout()
    return axes


def plot_xor_lines(X, y, lines, accuracy_grid, *, thetas_deg, biases, figsize=(12, 5.6)):
    """Left: the XOR points and a few candidate lines, each with its accuracy. Right: the
    accuracy of every line (direction θ in degrees × bias b) as an image.

    lines: {name: (w, b, accuracy)}; accuracy_grid: (len(thetas_deg), len(biases)).
    Returns (ax_lines, ax_grid).
    """
    fig, (ax_lines, ax_grid) = _subplots(2, figsize, gridspec_kw={"width_ratios": [1, 1.3]})
    _scatter_classes(ax_lines, X, y, ["XOR = 0", "XOR = 1"])
    ax_lines.set_xlim(-0.6, 1.6)
    ax_lines.set_ylim(-0.6, 1.6)
    for (name, (w, b, accuracy)), style in zip(lines.items(), ["-", "--", "-.", ":"] * 3):
        draw_line(ax_lines, w, b, linestyle=style, color="0.2",
                  label=f"{name} (정확도 {accuracy:.2f})")
    ax_lines.set_xlabel("$x_1$")
    ax_lines.set_ylabel("$x_2$")
    ax_lines.set_aspect("equal")
    ax_lines.set_title("직선 하나로 XOR 가르기: 모두 실패")
    ax_lines.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9)

    accuracy_grid = np.asarray(accuracy_grid, dtype=float)
    image = ax_grid.imshow(accuracy_grid.T, origin="lower", aspect="auto", cmap="viridis",
                           extent=[thetas_deg[0], thetas_deg[-1], biases[0], biases[-1]],
                           vmin=0, vmax=1)
    fig.colorbar(image, ax=ax_grid, label="XOR 정확도")
    ax_grid.set_xlabel("가중치 방향 $\\theta$ (도)")
    ax_grid.set_ylabel("편향 $b$")
    ax_grid.set_title(f"모든 직선의 정확도 (최대 {accuracy_grid.max():.2f})")
    ax_grid.grid(False)
    fig.tight_layout()
    return ax_lines, ax_grid


def plot_xor_hidden_space(predict, X, y, H, gate_params, *, figsize=(12, 4.8)):
    """Left: a two-layer perceptron's regions in input space with its two hidden lines
    (NAND and OR). Right: the inputs mapped to hidden space H = (h1, h2), where the AND line
    of the output layer separates them.

    predict: G (n, 2) -> (n,) labels; X (4, 2); y (4,); H (4, 2) the hidden outputs;
    gate_params: {"NAND"|"OR"|"AND": (w, b)}. Returns (ax_in, ax_h).
    """
    fig, (ax_in, ax_h) = _subplots(2, figsize)
    plot_decision_boundary(predict, X, y, ax=ax_in, padding=0.6,
                           class_names=["XOR = 0", "XOR = 1"], title="입력 공간: 2층 퍼셉트론의 경계")
    draw_line(ax_in, *gate_params["NAND"], color="tab:purple", linestyle="--",
              label="NAND 경계 ($h_1$)")
    draw_line(ax_in, *gate_params["OR"], color="tab:green", linestyle="-.",
              label="OR 경계 ($h_2$)")
    ax_in.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    ax_in.set_aspect("equal")

    X, H = np.asarray(X, dtype=float), np.asarray(H, dtype=float)
    _scatter_classes(ax_h, H, y, ["XOR = 0", "XOR = 1"], size=180)
    for h in np.unique(H, axis=0):
        sources = [f"({x1:.0f}, {x2:.0f})" for (x1, x2), hh in zip(X, H) if np.all(hh == h)]
        ax_h.annotate("입력 " + ", ".join(sources), tuple(h), xytext=(h[0] - 0.2, h[1] + 0.14),
                      fontsize=10)
    ax_h.set_xlim(-0.6, 1.6)
    ax_h.set_ylim(-0.6, 1.6)
    draw_line(ax_h, *gate_params["AND"], color="k", label="AND 경계 (출력층)")
    ax_h.set_xlabel("$h_1$ = NAND($x_1, x_2$)")
    ax_h.set_ylabel("$h_2$ = OR($x_1, x_2$)")
    ax_h.set_title("은닉층 공간: 직선 하나로 갈린다")
    ax_h.set_aspect("equal")
    ax_h.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    fig.tight_layout()
    return ax_in, ax_h


def plot_perceptron_training(errors, predict, X, y, boundaries, *, figsize=(12, 4.6)):
    """Left: the number of corrections per epoch. Right: the final regions with the line after
    each epoch (the last one solid).

    errors: (num_epochs,) counts; predict: G (n, 2) -> labels of the final perceptron;
    boundaries: [(w, b), ...] one per epoch. Returns (ax_curve, ax_bound).
    """
    import matplotlib.pyplot as plt

    fig, (ax_curve, ax_bound) = _subplots(2, figsize)
    epochs = np.arange(1, len(errors) + 1)
    ax_curve.plot(epochs, errors, "o-")
    ax_curve.set_xticks(epochs)
    ax_curve.set_xlabel("에포크(epoch)")
    ax_curve.set_ylabel("틀린 표본 수 (고친 횟수)")
    ax_curve.set_title("학습 곡선: 에포크별 오류 수")

    plot_decision_boundary(predict, X, y, ax=ax_bound, padding=0.3,
                           class_names=["y = 0", "y = 1"], title="에포크가 지나며 움직이는 결정 경계")
    cmap = plt.get_cmap("viridis")
    for k, (w, b) in enumerate(boundaries, start=1):
        final = k == len(boundaries)
        draw_line(ax_bound, w, b, color="k" if final else cmap((k - 1) / len(boundaries)),
                  linewidth=2.5 if final else 1.2, linestyle="-" if final else "--",
                  label=f"에포크 {k} 뒤" + (" (최종)" if final else ""))
    ax_bound.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    fig.tight_layout()
    return ax_curve, ax_bound


def plot_boundaries(X, y, lines, *, title=None, ax=None, figsize=(8, 5)):
    """Two-class data and several lines w1 x1 + w2 x2 + b = 0 on it.

    lines: {label: (w, b)}, drawn solid black, then dashed in colour. Returns the axes.
    """
    ax = get_axes(ax, figsize)
    X = np.asarray(X, dtype=float)
    _scatter_classes(ax, X, y, ["y = 0", "y = 1"], size=45)
    ax.set_xlim(X[:, 0].min() - 0.3, X[:, 0].max() + 0.3)
    ax.set_ylim(X[:, 1].min() - 0.3, X[:, 1].max() + 0.3)
    styles = [dict(color="k"), dict(color="tab:orange", linestyle="--"),
              dict(color="tab:green", linestyle="-.")]
    for (label, (w, b)), style in zip(lines.items(), styles * 3):
        draw_line(ax, w, b, label=label, **style)
    set_labels(ax, "$x_1$", "$x_2$", title)
    ax.set_aspect("equal")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    return ax


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
