"""Figures of chapter 04: gradient descent, learning rates, batch sizes, optimizers."""
import numpy as np

from ..plotting import get_axes, set_labels
from ._common import _subplots

__all__ = [
    "plot_descent_on_curve", "plot_learning_rates", "plot_batch_sizes", "plot_two_valleys",
    "plot_step_sizes", "plot_optimizer_paths", "plot_lr_sensitivity",
]


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
    ax = get_axes(ax, figsize)
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
    set_labels(ax_path, "기울기 $w$", "절편 $b$",
               "(w, b) 평면에서의 경로 (회색: MSE 등고선, 원: 10 에포크 뒤)")
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
    ax = get_axes(ax, figsize)
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
    set_labels(ax, "학습률 (로그 눈금)", ylabel, title)
    ax.legend(loc="lower left", fontsize=9)
    return ax
