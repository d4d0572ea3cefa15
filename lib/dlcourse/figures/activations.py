"""Figures of chapters 02-03: activation functions and their derivatives, losses."""
import numpy as np

from ..plotting import get_axes, plot_decision_boundary, set_labels
from ._common import _subplots

__all__ = [
    "plot_sigmoid_and_derivative", "plot_expected_products", "plot_dead_units",
    "plot_activation_family", "plot_probability_bars", "plot_abs_and_xor",
    "plot_approximations", "plot_error_losses", "plot_summary_losses", "plot_loss_landscape",
    "plot_bce_vs_square",
]


def plot_sigmoid_and_derivative(sigmoid, sigmoid_grad, *, x_range=(-8.0, 8.0), num=801,
                                ax=None, figsize=(6, 4)):
    """The sigmoid and its derivative on ``num`` points of ``x_range``, with the derivative's
    maximum 0.25 (at x = 0) as a dotted line.

    sigmoid, sigmoid_grad: functions of an array (n,) -> (n,). Returns the axes.
    """
    xx = np.linspace(*x_range, num)
    ax = get_axes(ax, figsize)
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
    ax = get_axes(ax, figsize)
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
    ax = get_axes(ax, figsize)
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
    ax = get_axes(ax, figsize)
    ax.plot(xx, target, "k", linewidth=3, alpha=0.3, label=target_label)
    for label, values in approximations.items():
        ax.plot(xx, values, label=label)
    set_labels(ax, xlabel, ylabel, title)
    ax.legend()
    return ax


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
    set_labels(ax_surf, "가중치 w", "편향 b", "MSE의 등고선과 기울기의 반대 방향")
    ax_surf.legend(loc="upper right", fontsize=9)
    fig.tight_layout()
    return ax_curve, ax_surf


def plot_bce_vs_square(*, ax=None, figsize=(9, 4.5)):
    """Binary cross-entropy and squared error of one patient against the predicted
    probability p of pneumonia, for y = 1 and y = 0. Returns the axes."""
    p = np.linspace(0.001, 0.999, 999)
    ax = get_axes(ax, figsize)
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
