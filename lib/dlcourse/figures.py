"""The figures of chapters 00–06, one function per figure (after d2l).

The notebook computes what it teaches (paths, accuracies, losses) and hands the results here;
these functions only draw. Each returns its axes (one, or an array of them) so that a test can
read back what was drawn. Every label is Korean or mathtext and renders with the course font.
"""
import numpy as np

from dlcourse.plotting import (CLASS_COLORS, _axes, _label, draw_line,
                               plot_decision_boundary)

__all__ = [
    "plot_bmi_by_height", "plot_perceptron_diagram", "plot_xor_network_diagram", "plot_step_function",
    "line_equation", "plot_gates", "plot_xor_lines", "plot_xor_hidden_space",
    "plot_perceptron_training", "plot_boundaries",
    "plot_sigmoid_and_derivative", "plot_expected_products", "plot_dead_units",
    "plot_activation_family", "plot_probability_bars", "plot_abs_and_xor", "plot_approximations",
    "plot_error_losses", "plot_summary_losses", "plot_loss_landscape", "plot_bce_vs_square",
    "plot_descent_on_curve", "plot_learning_rates", "plot_batch_sizes", "plot_two_valleys",
    "plot_step_sizes", "plot_optimizer_paths",
    "plot_training_and_boundary", "plot_hidden_units",
    "plot_layer_diagram", "plot_loss_curves", "plot_digit_as_vector",
    "plot_confusion_and_scores",
]


def _subplots(ncols, figsize, **kwargs):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, ncols, figsize=figsize, **kwargs)
    return fig, axes


def _scatter_classes(ax, X, y, names, size=160):
    """Class 0 as circles, class 1 as squares, in the colours of plot_decision_boundary."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    for label in (0, 1):
        mask = y == label
        ax.scatter(X[mask, 0], X[mask, 1], s=size, color=CLASS_COLORS[label],
                   marker="os"[label], edgecolor="k", zorder=3, label=names[label])


# --- chapter 00 -----------------------------------------------------------------------------

def plot_bmi_by_height(heights=(1.55, 1.70, 1.85), *, weight_range=(40, 120), ax=None,
                       figsize=(6, 4)):
    """BMI = weight / height² against weight (kg), one line per height (m), with the Korean
    normal range 18.5–22.9 as a band and WHO's upper normal limit 25 dashed. Returns the axes."""
    weights = np.linspace(*weight_range, 81)
    ax = _axes(ax, figsize)
    for h in heights:
        ax.plot(weights, weights / h ** 2, label=f"키 {h:.2f} m")
    ax.axhspan(18.5, 23, color="tab:green", alpha=0.12, label="정상 18.5–22.9 (대한비만학회)")
    ax.axhline(25, color="0.3", linestyle="--", linewidth=1, label="WHO 국제 기준의 정상 상한 25")
    ax.set_xlabel("몸무게 (kg)")
    ax.set_ylabel("체질량지수 BMI (kg/m$^2$)")
    ax.set_title("몸무게와 키에 따른 체질량지수")
    ax.legend()
    return ax


# --- chapter 01 -----------------------------------------------------------------------------

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
    from dlcourse.plotting import draw_network

    ax = _axes(None, figsize)
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
    from dlcourse.plotting import draw_network

    ax = _axes(None, figsize)
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

    ax = _axes(ax, figsize)
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
    _label(ax, xlabel, ylabel, title)
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
    ax = _axes(ax, figsize)
    X = np.asarray(X, dtype=float)
    _scatter_classes(ax, X, y, ["y = 0", "y = 1"], size=45)
    ax.set_xlim(X[:, 0].min() - 0.3, X[:, 0].max() + 0.3)
    ax.set_ylim(X[:, 1].min() - 0.3, X[:, 1].max() + 0.3)
    styles = [dict(color="k"), dict(color="tab:orange", linestyle="--"),
              dict(color="tab:green", linestyle="-.")]
    for (label, (w, b)), style in zip(lines.items(), styles * 3):
        draw_line(ax, w, b, label=label, **style)
    _label(ax, "$x_1$", "$x_2$", title)
    ax.set_aspect("equal")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    return ax


# --- chapter 02 -----------------------------------------------------------------------------

def plot_sigmoid_and_derivative(sigmoid, sigmoid_grad, *, x_range=(-8.0, 8.0), num=801,
                                ax=None, figsize=(6, 4)):
    """The sigmoid and its derivative on ``num`` points of ``x_range``, with the derivative's
    maximum 0.25 (at x = 0) as a dotted line.

    sigmoid, sigmoid_grad: functions of an array (n,) -> (n,). Returns the axes.
    """
    xx = np.linspace(*x_range, num)
    ax = _axes(ax, figsize)
    ax.plot(xx, sigmoid(xx), label=r"시그모이드 $\sigma(x)$")
    ax.plot(xx, sigmoid_grad(xx), label=r"미분 $\sigma'(x) = \sigma(x)(1 - \sigma(x))$")
    ax.axhline(0.25, color="tab:red", linestyle=":", linewidth=1.5, label="최댓값 0.25 (x = 0)")
    ax.set_xlabel("입력 x")
    ax.set_ylabel("값")
    ax.set_title("시그모이드와 그 미분")
    ax.legend(loc="upper left")
    return ax


def plot_expected_products(mean_slopes, *, num_layers=30, bound=0.25, ax=None, figsize=(7, 4.5)):
    """The expected product of activation derivatives over n = 1 ... num_layers layers,
    m**n for each mean slope m, on a log axis, with the sigmoid's upper bound bound**n.

    mean_slopes: {name: E[f'(z)]}. Returns the axes.
    """
    layers = np.arange(1, num_layers + 1)
    ax = _axes(ax, figsize)
    ax.semilogy(layers, bound ** layers, "k--", label=f"시그모이드의 상한 {bound:g}$^n$ (모든 z = 0)")
    for (name, m), marker in zip(mean_slopes.items(), "os^Dv"):
        ax.semilogy(layers, m ** layers, marker + "-", markersize=3,
                    label=f"{name}: 곱의 기댓값 ({m:.3f}$^n$)")
    ax.set_xlabel("지나온 층의 수 n")
    ax.set_ylabel("활성화 함수 미분값 곱의 기댓값 (로그 눈금)")
    ax.set_title("같은 입력 z ~ N(0, 1)에서 층마다 미분값을 곱하면")
    ax.legend(loc="lower left")
    return ax


def plot_dead_units(z_by_shift, shifts, dead_fractions, *, figsize=(11, 4)):
    """Left: histograms of the weighted sums z for a few bias shifts (left of 0, ReLU's
    derivative is 0). Right: the percentage of units whose derivative is 0 on every input.

    z_by_shift: {shift: z array}; shifts: (k,); dead_fractions: {label: (k,) fractions}.
    Returns the two axes.
    """
    fig, axes = _subplots(2, figsize)
    for (shift, z), color in zip(z_by_shift.items(), ["tab:blue", "tab:red", "tab:green"]):
        axes[0].hist(np.ravel(z), bins=80, alpha=0.5, color=color, label=f"편향 이동 {shift:g}")
    axes[0].axvline(0, color="k", linewidth=1)
    axes[0].set_xlabel("가중합 z")
    axes[0].set_ylabel("개수")
    axes[0].set_title("가중합의 분포 (0보다 왼쪽은 ReLU 미분 0)")
    axes[0].legend()
    for (label, fractions), fmt in zip(dead_fractions.items(), ["o-", "s--", "^-."]):
        axes[1].plot(shifts, np.asarray(fractions) * 100, fmt, label=label)
    axes[1].set_xlabel("편향 이동")
    axes[1].set_ylabel("죽은 유닛의 비율 (%)")
    axes[1].set_title("모든 입력에서 미분이 0인 유닛")
    axes[1].invert_xaxis()
    axes[1].legend()
    fig.tight_layout()
    return axes


def plot_activation_family(*, derivative=False, x_range=(-3.0, 3.0), alpha=0.1, ax=None,
                           figsize=(7, 4.5)):
    """Step, sigmoid, tanh, ReLU and Leaky ReLU (the library's references), or their
    derivatives. The step is drawn on top where it lies on ReLU (x < 0), and the jumps at 0
    are left as gaps. Returns the axes."""
    from dlcourse import activations as act

    xx = np.linspace(*x_range, 601)
    x_neg, x_pos = xx[xx < 0], xx[xx >= 0]
    ax = _axes(ax, figsize)
    leaky = rf"Leaky ReLU ($\alpha$ = {alpha:g}"
    if not derivative:
        ax.plot(x_neg, act.step(x_neg), "-.", color="k", zorder=5,
                label="계단 함수 (x < 0에서 ReLU와 겹침)")
        ax.plot(x_pos, act.step(x_pos), "-.", color="k", zorder=5)
        ax.plot(xx, act.sigmoid(xx), color="tab:orange", label="시그모이드")
        ax.plot(xx, act.tanh(xx), color="tab:green", label="tanh")
        ax.plot(xx, act.relu(xx), color="tab:red", linewidth=4, alpha=0.6, label="ReLU")
        ax.plot(xx, act.leaky_relu(xx, alpha), "--", color="tab:purple", label=leaky + ")")
        ax.set_ylim(-1.5, 3.1)
        ax.set_ylabel("출력 f(x)")
        ax.set_title("활성화 함수")
    else:
        x_pos = x_pos[1:]  # no point at x = 0, where the step and ReLU jump
        ax.plot(x_neg, np.zeros_like(x_neg), ":", color="k", linewidth=2.5, zorder=5,
                label="계단 함수 (0이 아닌 x에서 0, x < 0에서 ReLU와 겹침)")
        ax.plot(x_pos, np.zeros_like(x_pos), ":", color="k", linewidth=2.5, zorder=5)
        ax.plot(xx, act.sigmoid_grad(xx), color="tab:orange", label="시그모이드 (최대 0.25)")
        ax.plot(xx, act.tanh_grad(xx), color="tab:green", label="tanh (최대 1)")
        for first, part in [(True, x_neg), (False, x_pos)]:
            ax.plot(part, act.relu_grad(part), color="tab:red", linewidth=4, alpha=0.6,
                    label="ReLU (0 또는 1)" if first else None)
            ax.plot(part, act.leaky_relu_grad(part, alpha), "--", color="tab:purple",
                    label=leaky + " 또는 1)" if first else None)
        ax.set_ylim(-0.1, 1.9)  # the legend stays above the derivatives' 1
        ax.set_ylabel("미분 f'(x)")
        ax.set_title("활성화 함수의 미분")
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.axvline(0, color="0.5", linewidth=0.8)
    ax.set_xlabel("입력 x")
    ax.legend(loc="upper left")
    return ax


def plot_probability_bars(probabilities, classes, *, logits=None,
                          colors=("tab:green", "tab:orange", "tab:red"), ylim=(0, 1.1),
                          suptitle=None, figsize=None):
    """Bar charts of class probabilities, one panel each with the value above every bar, and
    with ``logits`` a grey panel of the logits first.

    probabilities: {title: (k,) probabilities}; classes: k names; logits: (k,) or None.
    Returns the axes.
    """
    panels = ([("출력층의 로짓 (logit)", logits)] if logits is not None else [])
    panels += list(probabilities.items())
    fig, axes = _subplots(len(panels), figsize or (4 * len(panels) + 0.5, 3.6),
                          sharey=logits is None)
    axes = np.atleast_1d(axes)
    first = True
    for ax, (title, values) in zip(axes, panels):
        values = np.asarray(values, dtype=float)
        if logits is not None and values is not None and title == panels[0][0]:
            ax.bar(classes, values, color="tab:gray")
            ax.set_ylabel("로짓")
        else:
            ax.bar(classes, values, color=list(colors))
            for i, v in enumerate(values):
                ax.text(i, v + 0.02, f"{v:.3f}", ha="center")
            ax.set_ylim(*ylim)
            if first:
                ax.set_ylabel("확률")
                first = False
        ax.set_title(title)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return axes


def plot_abs_and_xor(xx, abs_values, predict, X, y, *, figsize=(11, 4.2)):
    """Left: a network's output for |x| next to the best straight line (least squares).
    Right: the regions of a network that solves XOR.

    xx: (n,) inputs; abs_values: (n,) the network's outputs; predict: G (n, 2) -> labels.
    Returns the two axes.
    """
    fig, axes = _subplots(2, figsize)
    axes[0].plot(xx, abs_values, label="ReLU(x) + ReLU(-x)")
    axes[0].plot(xx, np.polyval(np.polyfit(xx, np.abs(xx), 1), xx), "--",
                 label="가장 잘 맞춘 직선 (최소제곱)")
    axes[0].set_xlabel("입력 x")
    axes[0].set_ylabel("출력")
    axes[0].set_title("ReLU 두 개로 만든 |x|")
    axes[0].legend()
    plot_decision_boundary(predict, X, y, ax=axes[1], title="ReLU 두 층으로 푼 XOR",
                           class_names=["출력 0", "출력 1"])
    fig.tight_layout()
    return axes


def plot_approximations(xx, target, approximations, *, target_label, title=None,
                        xlabel="입력 x", ylabel="출력", ax=None, figsize=(7, 4.2)):
    """A target function (thick, pale) and its approximations.

    xx: (n,) inputs; target: (n,) its values; approximations: {label: (n,) values}.
    Returns the axes.
    """
    ax = _axes(ax, figsize)
    ax.plot(xx, target, "k", linewidth=3, alpha=0.3, label=target_label)
    for label, values in approximations.items():
        ax.plot(xx, values, label=label)
    _label(ax, xlabel, ylabel, title)
    ax.legend()
    return ax


# --- chapter 03 -----------------------------------------------------------------------------

def plot_error_losses(*, e_range=(-2.0, 2.0), figsize=(11, 4)):
    """Left: |e| and e² against the error e = ŷ - y of one patient (HbA1c). Right: their
    derivatives, sign(e) with the value 0 PyTorch uses at e = 0, and 2e. Returns the axes."""
    e = np.linspace(*e_range, 401)
    fig, (ax_loss, ax_grad) = _subplots(2, figsize)
    ax_loss.plot(e, np.abs(e), label="절대오차 $|e|$ (MAE)")
    ax_loss.plot(e, e ** 2, label="제곱오차 $e^2$ (MSE)")
    ax_loss.set_xlabel(r"오차 $e = \hat{y} - y$ (HbA1c, %p)")
    ax_loss.set_ylabel("환자 한 명의 손실")
    ax_loss.set_title("오차에 따른 손실")
    ax_loss.legend()
    neg, pos = e[e < 0], e[e > 0]
    ax_grad.plot(neg, -np.ones_like(neg), color="tab:blue", label="$|e|$의 미분: sign(e)")
    ax_grad.plot(pos, np.ones_like(pos), color="tab:blue")
    ax_grad.plot([0, 0], [-1, 1], "o", color="white", markeredgecolor="tab:blue", markersize=7)
    ax_grad.plot([0], [0], "o", color="tab:blue", markersize=7,
                 label="PyTorch가 정한 값 (e = 0에서 0)")
    ax_grad.plot(e, 2 * e, color="tab:orange", label="$e^2$의 미분: $2e$")
    ax_grad.axhline(0, color="0.5", linewidth=0.8)
    ax_grad.set_ylim(-2.5, 2.5)
    ax_grad.set_xlabel(r"오차 $e = \hat{y} - y$")
    ax_grad.set_ylabel("미분값")
    ax_grad.set_title("미분: MAE는 크기가 늘 1, MSE는 오차에 비례")
    ax_grad.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return ax_loss, ax_grad


def plot_summary_losses(c_grid, panels, *, xlim=(3.5, 8.0), ylim=(-0.3, 6),
                        xlabel="요약값 c (칼륨, mmol/L)", figsize=(12, 4.2)):
    """One panel per set of measurements: MSE and MAE of summarising them by one value c,
    with the mean (where the MSE is smallest), the median (MAE) and the values themselves.

    c_grid: (k,); panels: {title: {"MSE": (k,), "MAE": (k,), "values": (n,)}}. Returns axes.
    """
    fig, axes = _subplots(len(panels), figsize)
    for ax, (label, panel) in zip(np.atleast_1d(axes), panels.items()):
        values = np.asarray(panel["values"], dtype=float)
        ax.plot(c_grid, panel["MSE"], color="tab:orange", label="MSE")
        ax.plot(c_grid, panel["MAE"], color="tab:blue", label="MAE")
        ax.axvline(values.mean(), color="tab:orange", linestyle="--",
                   label=f"평균 {values.mean():.2f} (MSE 최소)")
        ax.axvline(np.median(values), color="tab:blue", linestyle=":",
                   label=f"중앙값 {np.median(values):.2f} (MAE 최소)")
        ax.plot(values, np.zeros_like(values), "k|", markersize=14, label="측정값")
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("손실")
        ax.set_title(label)
        ax.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return axes


def plot_loss_landscape(ws, curves, *, kinks, tangent, grid, arrows, minimum, b_fixed,
                        levels=(0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2), figsize=(12, 4.6)):
    """Left: MSE and MAE as functions of w with b fixed, the MAE's kinks and a tangent of the
    MSE. Right: contours of the MSE over (w, b) with arrows along minus the gradient.

    ws: (k,); curves: {"MSE": (k,), "MAE": (k,)}; kinks: (w values, MAE there);
    tangent: (w_t, loss at w_t, slope); grid: (W, B, Z) meshgrid arrays and the MSE on them;
    arrows: [(w, b, dL/dw, dL/db), ...]; minimum: (w*, b*). Returns (ax_curve, ax_surf).
    """
    fig, (ax_curve, ax_surf) = _subplots(2, figsize)
    colors = {"MSE": "tab:orange", "MAE": "tab:blue"}
    for name, values in curves.items():
        ax_curve.plot(ws, values, color=colors.get(name), label=name)
    ax_curve.plot(*kinks, "o", color="tab:blue", markersize=5, label="MAE가 꺾이는 점 (오차 0인 환자)")
    w_t, loss_t, slope = tangent
    ax_curve.plot(ws, loss_t + slope * (np.asarray(ws) - w_t), "k--", linewidth=1.2,
                  label=f"w = {w_t}에서의 접선 (기울기 {slope:.2f})")
    ax_curve.plot([w_t], [loss_t], "ko")
    ax_curve.set_ylim(0, 1.5)
    ax_curve.set_xlabel(f"가중치 w (b = {b_fixed} 고정)")
    ax_curve.set_ylabel("손실")
    ax_curve.set_title("w에 대한 손실 곡선")
    ax_curve.legend(fontsize=9)

    W, B, Z = grid
    cs = ax_surf.contour(W, B, Z, levels=list(levels), cmap="viridis")
    ax_surf.clabel(cs, fontsize=8)
    for w_p, b_p, dw_p, db_p in arrows:
        scale = 0.35 / np.hypot(dw_p, db_p)
        ax_surf.annotate("", xy=(w_p - scale * dw_p, b_p - scale * db_p), xytext=(w_p, b_p),
                         arrowprops=dict(arrowstyle="-|>", color="tab:red", lw=1.5))
        ax_surf.plot([w_p], [b_p], "o", color="tab:red", markersize=4)
    ax_surf.plot([minimum[0]], [minimum[1]], "*", color="k", markersize=14,
                 label=f"최솟값 (w = {minimum[0]:.2f}, b = {minimum[1]:.2f})")
    ax_surf.set_xlabel("가중치 w")
    ax_surf.set_ylabel("편향 b")
    ax_surf.set_title("MSE의 등고선과 기울기의 반대 방향")
    ax_surf.legend(loc="upper right", fontsize=9)
    fig.tight_layout()
    return ax_curve, ax_surf


def plot_bce_vs_square(*, ax=None, figsize=(9, 4.5)):
    """Binary cross-entropy and squared error of one patient against the predicted
    probability p of pneumonia, for y = 1 and y = 0. Returns the axes."""
    p = np.linspace(0.001, 0.999, 999)
    ax = _axes(ax, figsize)
    ax.plot(p, -np.log(p), color="tab:red", label="폐렴 환자 (y = 1): $-\\log p$")
    ax.plot(p, -np.log(1 - p), color="tab:blue", label="폐렴 아님 (y = 0): $-\\log(1 - p)$")
    ax.plot(p, (1 - p) ** 2, "--", color="tab:red", linewidth=1.2,
            label="제곱오차 (y = 1): $(1 - p)^2$")
    ax.plot(p, p ** 2, "--", color="tab:blue", linewidth=1.2, label="제곱오차 (y = 0): $p^2$")
    ax.annotate("확신에 찬 오진\n(폐렴인데 p ≈ 0)", xy=(0.02, 3.9), xytext=(0.12, 4.3), fontsize=10,
                arrowprops=dict(arrowstyle="->", color="0.3"))
    ax.set_ylim(0, 5)
    ax.set_xlabel("모델이 낸 폐렴 확률 p")
    ax.set_ylabel("환자 한 명의 손실")
    ax.set_title("이진 교차 엔트로피: 확신에 찬 오진을 크게 벌한다")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9)
    ax.figure.tight_layout()
    return ax


# --- chapter 04 -----------------------------------------------------------------------------

def _paths_on_curve(ax, loss, ws, paths, *, curve_label):
    """The curve loss(ws) in grey and each path's points on it; paths: {label: (path, style)}
    with style a dict for ax.plot (fmt under the key "fmt")."""
    ax.plot(ws, loss(ws), color="0.4", label=curve_label)
    for label, (path, style) in paths.items():
        style = dict(style)
        path = np.asarray(path, dtype=float)
        ax.plot(path, loss(path), style.pop("fmt", "o-"), label=label, **style)


def plot_descent_on_curve(loss, grad, path, *, ws, lr, arrows=5, tangent_at=0.0,
                          curve_label=None, ylim=None, ax=None, figsize=(7, 4.2)):
    """Gradient descent on a curve of one weight: the points of ``path``, arrows for its first
    steps and the tangent at ``tangent_at``. loss, grad: functions of an array of w. Returns
    the axes."""
    ax = _axes(ax, figsize)
    path = np.asarray(path, dtype=float)
    _paths_on_curve(ax, loss, np.asarray(ws, dtype=float),
                    {rf"경사 하강법 ($\alpha$ = {lr:g})": (path, {"fmt": "o", "color": "tab:red"})},
                    curve_label=curve_label or "손실 $L(w)$")
    ax.lines[0].set_color("0.3")
    for a, b in zip(path[:arrows], path[1:arrows + 1]):
        ax.annotate("", xy=(b, loss(b)), xytext=(a, loss(a)),
                    arrowprops=dict(arrowstyle="->", color="tab:red", lw=1.3))
    slope = float(grad(tangent_at))
    near = np.linspace(tangent_at - 0.5, tangent_at + 1.5, 10)
    ax.plot(near, loss(tangent_at) + slope * (near - tangent_at), "--", color="tab:blue",
            label=f"$w_0 = {tangent_at:g}$에서의 접선 (기울기 ${slope:g}$)")
    ax.set_xlabel("가중치 $w$")
    ax.set_ylabel("손실 $L(w)$")
    if ylim:
        ax.set_ylim(*ylim)
    ax.set_title("경사 하강법: 기울기의 반대 방향으로 한 걸음씩")
    ax.legend()
    return ax


def plot_learning_rates(loss, short_paths, long_paths, *, minimum, ws, curve_label,
                        colors=None, figsize=(13, 4.6)):
    """Left: a few short runs of gradient descent on the loss curve, one per learning rate.
    Right: the distance |w - minimum| of longer runs against the step, on a log axis.

    short_paths, long_paths: {learning rate: path (num_steps + 1,)}. Returns the two axes.
    """
    fig, (ax_curve, ax_gap) = _subplots(2, figsize)
    colors = colors or {}
    paths = {rf"$\alpha$ = {lr} ({len(path) - 1} step)":
             (path, {"color": colors.get(lr), "markersize": 4, "linewidth": 1})
             for lr, path in short_paths.items()}
    _paths_on_curve(ax_curve, loss, np.asarray(ws, dtype=float), paths, curve_label=curve_label)
    ax_curve.set_xlim(min(ws), max(ws))
    ax_curve.set_ylim(-1.0, 26.0)
    ax_curve.set_xlabel("가중치 $w$")
    ax_curve.set_ylabel("손실 $L(w)$")
    ax_curve.set_title("학습률이 너무 작으면 기어가고, 너무 크면 튀어 나간다")
    # below the axes: a diverging path crosses the whole top of the panel
    ax_curve.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9)
    for lr, path in long_paths.items():
        ax_gap.semilogy(np.abs(np.asarray(path) - minimum), "o-", color=colors.get(lr),
                        markersize=3, label=rf"$\alpha$ = {lr} (배율 {1 - 2 * lr:+.2f})")
    ax_gap.set_xlabel("반복 횟수 (step)")
    ax_gap.set_ylabel(f"최솟값까지의 거리 $|w - {minimum:g}|$ (로그 눈금)")
    ax_gap.set_title("거리가 줄어드는 속도")
    ax_gap.legend(loc="lower left", fontsize=9)
    fig.tight_layout()
    return ax_curve, ax_gap


def _paths_on_contour(ax, grid, paths, *, levels, start, minimum, start_label, minimum_label):
    """Grey contours of grid = (X, Y, Z) and paths {label: (path (k, 2), style dict)}."""
    X, Y, Z = grid
    ax.contour(X, Y, Z, levels=levels, colors="0.75", linewidths=0.8)
    for label, (path, style) in paths.items():
        style = dict(style)
        path = np.asarray(path, dtype=float)
        end = style.pop("end", False)
        ax.plot(path[:, 0], path[:, 1], style.pop("fmt", "-"), label=label, **style)
        if end:
            ax.plot(path[-1, 0], path[-1, 1], "o", color=style.get("color"),
                    markeredgecolor="k", zorder=3)
    ax.plot(*start, "ks", label=start_label)
    ax.plot(*minimum, "k*", markersize=14, zorder=4, label=minimum_label)


def plot_batch_sizes(losses, paths, *, best, grid, names, colors, figsize=(13, 4.8)):
    """Left: the MSE on all data after each epoch, one line per batch size. Right: the paths
    in the (w, b) plane over grey MSE contours, a circle where each ends.

    losses, paths: {batch size: (num_epochs,) MSE / (k, 2) path}; best: (w, b, mse) of the
    exact minimiser; grid: (W, B, MSE) meshgrid; names, colors: {batch size: str}.
    Returns the two axes.
    """
    fig, (ax_loss, ax_path) = _subplots(2, figsize)
    for bs, values in losses.items():
        ax_loss.plot(np.arange(1, len(values) + 1), values, "o-", color=colors[bs],
                     label=names[bs])
    ax_loss.axhline(best[2], color="k", linestyle=":", label=f"가장 작은 MSE ({best[2]:.3f})")
    ax_loss.set_xlabel("에포크")
    ax_loss.set_ylabel("전체 데이터의 MSE")
    ax_loss.set_title("같은 에포크 수: 작은 배치일수록 더 많이 고친다")
    ax_loss.legend()
    smallest = min(paths)
    styled = {names[bs]: (path, {"color": colors[bs], "end": True,
                                 "alpha": 0.45 if bs == smallest else 1.0,
                                 "linewidth": 0.6 if bs == smallest else 1.6,
                                 "zorder": 1 if bs == smallest else 2})
              for bs, path in paths.items()}
    _paths_on_contour(ax_path, grid, styled, levels=np.geomspace(0.26, 12, 12),
                      start=np.asarray(next(iter(paths.values())))[0], minimum=best[:2],
                      start_label="시작 (w, b) = (0, 0)", minimum_label="MSE가 가장 작은 (w, b)")
    ax_path.lines[-1].set_markersize(13)
    ax_path.set_xlabel("기울기 $w$")
    ax_path.set_ylabel("절편 $b$")
    ax_path.set_title("(w, b) 평면에서의 경로 (회색: MSE 등고선, 원: 10 에포크 뒤)")
    ax_path.legend(loc="lower right", fontsize=9)
    fig.tight_layout()
    return ax_loss, ax_path


def plot_two_valleys(loss, paths, *, ws, minima, curve_label, shown=60, figsize=(13, 4.6)):
    """Left: the first ``shown`` steps of each run on a curve with two valleys, the local and
    the global minimum marked. Right: w against the step, with dotted lines at the minima.

    paths: {label: (path, color)}; minima: {"local": w, "global": w}. Returns the two axes.
    """
    fig, (ax_f, ax_t) = _subplots(2, figsize)
    styles = [{"fmt": "o", "markersize": 5, "alpha": 0.7}, {"fmt": ".-", "linewidth": 0.8}]
    _paths_on_curve(ax_f, loss, np.asarray(ws, dtype=float),
                    {f"{label} (처음 {shown} step)": (np.asarray(path)[:shown],
                                                   dict(style, color=color))
                     for (label, (path, color)), style in zip(paths.items(), styles * 3)},
                    curve_label=curve_label)
    w_local, w_global = minima["local"], minima["global"]
    ax_f.annotate("극소값 (local minimum)", xy=(w_local, loss(w_local)), xytext=(0.3, 4.5),
                  arrowprops=dict(arrowstyle="->"))
    ax_f.annotate("최솟값 (global minimum)", xy=(w_global, loss(w_global)), xytext=(-1.9, 2.5),
                  arrowprops=dict(arrowstyle="->"))
    ax_f.set_xlabel("가중치 $w$")
    ax_f.set_ylabel("손실 $f(w)$")
    ax_f.set_title("경사 하강법은 극소값에 갇히고, 모멘텀은 넘어간다")
    ax_f.legend(loc="lower right", fontsize=9)  # the curve leaves the upper right corner
    for label, (path, color) in paths.items():
        ax_t.plot(path, color=color, label=label)
    for w_min, (_, color) in zip([w_local, w_global], paths.values()):
        ax_t.axhline(w_min, color=color, linestyle=":", linewidth=1)
    ax_t.set_xlabel("반복 횟수 (step)")
    ax_t.set_ylabel("가중치 $w$")
    ax_t.set_title("step에 따른 위치")
    ax_t.legend()
    fig.tight_layout()
    return ax_f, ax_t


def plot_step_sizes(step_sizes, *, lr, colors=None, ax=None, figsize=(7.5, 4.5)):
    """The size of each step against the step t, both on log axes, with the learning rate as
    a dotted line. step_sizes: {name: (num_steps,)}; a name containing "슬라이드" is dashed.
    Returns the axes."""
    ax = _axes(ax, figsize)
    for name, sizes in step_sizes.items():
        t = np.arange(1, len(sizes) + 1)
        ax.loglog(t, sizes, color=(colors or {}).get(name),
                  linestyle="--" if "슬라이드" in name else "-", label=name)
    ax.axhline(lr, color="k", linewidth=0.8, linestyle=":", label=rf"학습률 $\alpha$ = {lr:g}")
    ax.set_xlabel("step $t$ (로그 눈금)")
    ax.set_ylabel("한 걸음의 크기 (로그 눈금)")
    ax.set_title("기울기가 늘 1일 때 한 걸음의 크기")
    ax.legend()
    return ax


def plot_optimizer_paths(paths, losses, *, grid, start, lrs, colors, title,
                         figsize=(14, 5.2)):
    """Left: each optimizer's path over grey contours of a 2-D loss. Right: its loss against
    the step on a log axis.

    paths: {name: (k, 2)}; losses: {name: (k,)}; grid: (X, Y, Z) meshgrid and the loss on it;
    start: (2,); lrs, colors: {name: ...}. Returns the two axes.
    """
    fig, (ax_map, ax_loss) = _subplots(2, figsize, gridspec_kw={"width_ratios": [1.35, 1]})
    styled = {f"{name} (학습률 {lrs[name]})": (path, {"fmt": ".-", "color": colors[name],
                                                 "markersize": 3, "linewidth": 1})
              for name, path in paths.items()}
    _paths_on_contour(ax_map, grid, styled, levels=np.geomspace(0.01, 10, 12), start=start,
                      minimum=(0, 0), start_label="시작점", minimum_label="최솟값")
    for name, values in losses.items():
        ax_loss.semilogy(values, color=colors[name], label=name)
    X, Y, _ = grid
    ax_map.set_xlim(X.min(), X.max())
    ax_map.set_ylim(Y.min(), Y.max())
    ax_map.set_xlabel("$x$ (완만한 방향)")
    ax_map.set_ylabel("$y$ (가파른 방향)")
    ax_map.set_title(title)
    ax_map.legend(loc="lower right", fontsize=9)
    ax_loss.set_xlabel("반복 횟수 (step)")
    ax_loss.set_ylabel("손실 $f(x, y)$ (로그 눈금)")
    ax_loss.set_title("step에 따른 손실")
    ax_loss.legend()
    fig.tight_layout()
    return ax_map, ax_loss


# --- chapter 05 -----------------------------------------------------------------------------

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


# --- chapter 06 -----------------------------------------------------------------------------

def plot_layer_diagram(sizes, names, notes, *, input_labels=None, output_labels=None,
                       title=None, xlim=None, ylim=None, figsize=(9, 5)):
    """A fully connected network: a column of circles per layer of ``sizes`` (e.g. [4, 5, 3]),
    a line per weight, ``names`` and ``notes`` (one per layer) under the columns, optional
    labels beside the input and output circles. Returns the axes."""
    from dlcourse.plotting import draw_layers

    ax = _axes(None, figsize)
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

    ax = _axes(ax, figsize)
    colors = (matplotlib.colormaps[cmap](np.linspace(0, 0.9, len(curves))) if cmap
              else [None] * len(curves))
    for (label, losses), color in zip(curves.items(), colors):
        losses = np.asarray(losses, dtype=float)
        ax.plot(np.arange(1, len(losses) + 1), losses, color=color, label=label)
    if baseline is not None:
        ax.axhline(baseline, color="0.5", linestyle=":", label=baseline_label)
    if logy:
        ax.set_yscale("log")
    _label(ax, xlabel, ylabel, title)
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
