"""Figures of chapters 09, 11 and 14: folds, confusion matrices, ROC and thresholds,
hyperparameter search, calibration and feature importance."""
import numpy as np

from ..plotting import add_suptitle, get_axes, set_labels

__all__ = [
    "plot_folds", "plot_confusion_layouts", "plot_roc", "plot_rates_vs_threshold",
    "plot_calibration", "plot_calibration_panels", "plot_coefficients_and_importance",
    "plot_search_points", "plot_best_so_far", "plot_refits", "plot_flexibility",
]


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
    ax = get_axes(ax, figsize or (5.2, 4.8))
    ax.plot([0, 1], [0, 1], color="0.6", linestyle=":", label="우연 (AUC = 0.5)")
    for (label, (fpr, tpr)), style in zip(curves.items(), ("-", "--", "-.", ":")):
        ax.plot(fpr, tpr, style, drawstyle="default", label=label)
    for label, (x, y) in (marks or {}).items():
        ax.plot([x], [y], "o", markersize=8, markeredgecolor="k", label=label)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    set_labels(ax, "위양성률 FPR = 1 - 특이도", "민감도 TPR = 재현율", title)
    ax.legend(loc="lower right", fontsize=9)
    return ax


def plot_rates_vs_threshold(thresholds, rates, *, marks=None, title=None, ax=None,
                            figsize=None):
    """Rates (sensitivity, specificity, precision, ...) against the decision threshold.

    rates: ``{label: array}`` with one value per threshold; marks: ``{label: threshold}``
    drawn as vertical lines. The legend sits outside the axes. Returns the axes."""
    ax = get_axes(ax, figsize or (8.4, 4.0))
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
    ax = get_axes(ax, figsize)
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
    set_labels(ax, xlabel, ylabel, title)
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
    from ..tuning import best_so_far

    ax = get_axes(ax, figsize or (7.0, 4.0))
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
    ax = get_axes(ax, figsize or (8.6, 4.6))
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
