"""Data loaders and the plotting helpers (figures render Korean, nothing is downloaded)."""
import logging
import os
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

import dlcourse  # noqa: E402
from dlcourse import data, figures, legends, plotting  # noqa: E402


def test_gate_tables_are_the_slides():
    X, y = data.logic_gate("and")
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 0, 0, 1])
    np.testing.assert_array_equal(data.logic_gate("OR")[1], [0, 1, 1, 1])
    np.testing.assert_array_equal(data.logic_gate("NAND")[1], [1, 1, 1, 0])
    np.testing.assert_array_equal(data.logic_gate("XOR")[1], [0, 1, 1, 0])
    X[0, 0] = 5  # callers get a copy
    assert data.logic_gate("AND")[0][0, 0] == 0
    with pytest.raises(ValueError, match="unknown gate"):
        data.logic_gate("IMPLIES")


@pytest.mark.parametrize("seed", range(5))
def test_make_separable_has_the_promised_margin(seed):
    X, y = data.make_separable(50, margin=0.4, seed=seed)
    assert X.shape == (50, 2) and set(np.unique(y)) <= {0, 1}
    from sklearn.svm import LinearSVC

    svm = LinearSVC(C=1e4, max_iter=200000).fit(X, y)
    assert svm.score(X, y) == 1.0
    np.testing.assert_array_equal(data.make_separable(50, margin=0.4, seed=seed)[0], X)


@pytest.mark.parametrize("name", data.TABULAR_SETS)
def test_load_tabular_standardizes_on_train_only(name):
    split = data.load_tabular(name, test_size=0.25, seed=1)
    assert len(split.X_train) + len(split.X_test) == {
        "iris": 150, "digits": 1797, "breast_cancer": 569, "wine": 178, "diabetes": 442}[name]
    np.testing.assert_allclose(split.X_train.mean(axis=0), 0, atol=1e-9)
    assert len(split.feature_names) == split.X_train.shape[1]


def test_setup_seeds_numpy_and_torch():
    rng1 = dlcourse.setup(7, style=False)
    a, ta = np.random.rand(3), torch.rand(3)
    rng2 = dlcourse.setup(7, style=False)
    np.testing.assert_array_equal(a, np.random.rand(3))
    assert torch.equal(ta, torch.rand(3))
    np.testing.assert_array_equal(rng1.normal(size=2), rng2.normal(size=2))


def test_setup_runs_torch_on_one_thread_unless_told_otherwise():
    before = torch.get_num_threads()
    try:
        dlcourse.setup(style=False)
        assert torch.get_num_threads() == 1
        dlcourse.setup(style=False, torch_threads=2)
        assert torch.get_num_threads() == 2
        dlcourse.setup(style=False, torch_threads=None)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_korean_font_has_hangul_glyphs():
    dlcourse.setup()
    assert plotting.KOREAN_FONT in matplotlib.rcParams["font.family"]
    path = font_manager.findfont(plotting.KOREAN_FONT, fallback_to_default=False)
    font = FT2Font(path)
    for ch in "활성화 함수 퍼셉트론 손실":
        assert ch == " " or font.get_char_index(ord(ch)) != 0, ch


def test_lab_font_folder_declares_every_face_it_holds(tmp_path):
    """JupyterLab's custom.css imports fonts.css from the font folder: it names each WOFF
    there, for the Hangul ranges only (Latin letters and code keep their fonts)."""
    from dlcourse import webfont

    folder = Path(webfont.lab_font_dir(tmp_path))
    css = (folder / "fonts.css").read_text()
    faces = sorted(p.name for p in folder.glob("*.woff"))
    assert faces == ["NanumGothic.woff", "NanumGothicBold.woff"]
    assert css.count("@font-face") == len(faces)
    for name in faces:
        assert f'url("{name}")' in css
    assert css.count("U+AC00-D7AF") == len(faces) and "U+0000" not in css
    custom = Path(webfont.__file__).parent / "jupyter_config" / "custom" / "custom.css"
    assert '@import url("fonts.css");' in custom.read_text()


def missing_glyphs(recwarn, caplog):
    """What Agg (warnings) and mathtext (logging) said about glyphs missing from the font."""
    missing = [str(w.message) for w in recwarn if "missing from font" in str(w.message)]
    return missing + [r.getMessage() for r in caplog.records if "glyph" in r.getMessage()]


def test_figures_draw_without_missing_glyph_warnings(recwarn, caplog):
    """Agg warns (warnings) and mathtext logs (logging) when a glyph is missing."""
    caplog.set_level(logging.WARNING, logger="matplotlib")
    dlcourse.setup()
    fig, axes = plt.subplots(1, 3, figsize=(9, 3))
    plotting.plot_functions({"시그모이드": lambda x: 1 / (1 + np.exp(-x))}, ax=axes[0],
                            title="활성화 함수")
    X, y = data.logic_gate("AND")
    plotting.plot_decision_boundary(lambda g: (g.sum(axis=1) > 1.5).astype(int), X, y,
                                    ax=axes[1], title="AND 게이트")
    plotting.plot([np.arange(1, 6), 10.0 ** -np.arange(5)], xlabel="에포크 (kg/m²)",
                  legend=[r"손실 $\sigma'(x) \leq 0.25$, $w_1 x_1$"], ax=axes[2],
                  title=r"$\times$ 곱 $\theta$ (도)")
    axes[2].set_yscale("log")  # tick labels 10^-4 ... use the minus sign U+2212
    fig.canvas.draw()
    plt.close(fig)
    assert not missing_glyphs(recwarn, caplog)
    axes = plotting.show_images(np.zeros((3, 8, 8)), 1, 3, titles=["영", "일", "이"])
    assert len(axes) == 3
    ax = plotting.plot([0, 1, 2], [[3.0, 2.0, 1.0]], legend=["검증"], baseline=0.5,
                       baseline_label="바닥", legend_loc="upper center")
    assert ax.lines[1].get_ydata()[0] == 0.5 and ax.lines[1].get_linestyle() == ":"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["검증", "바닥"]
    ax = figures.plot_train_val([1, 2, 3], [3, 2, 1], [3, 2, 2.5], xlabel="에포크",
                                 ylabel="MSE", mark=2, mark_label="최선", stop=3,
                                 stop_label="멈춤")
    assert [line.get_xdata()[0] for line in ax.lines[2:]] == [2, 3]
    assert [t.get_text() for t in ax.get_legend().get_texts()][-2:] == ["최선", "멈춤"]
    # a title over the figure sits above every panel title, one line or two
    for titles in (["영", "일", "이"], ["예측 7\n정답 7"] * 3):
        axes = plotting.show_images(np.zeros((3, 8, 8)), 1, 3, titles=titles, suptitle="전체")
        fig = axes[0].figure
        renderer = fig.canvas.get_renderer()
        assert fig._suptitle.get_text() == "전체"
        above = fig._suptitle.get_window_extent(renderer).y0
        assert above > max(ax.get_tightbbox(renderer).y1 for ax in axes)
        assert above - max(ax.get_tightbbox(renderer).y1 for ax in axes) < fig.dpi  # < 1 inch
    plt.close("all")


def test_evaluation_figures_draw_without_missing_glyphs(recwarn, caplog):
    """Chapter 09's figures: folds, both confusion-matrix layouts, ROC, rates by threshold."""
    from dlcourse import metrics

    caplog.set_level(logging.WARNING, logger="matplotlib")
    dlcourse.setup()
    y = np.array([0] * 8 + [1] * 4)
    axes = figures.plot_folds({"k-겹": metrics.kfold_folds(12, 3),
                                "층화 k-겹": metrics.stratified_kfold_folds(y, 3)}, y)
    assert [ax.get_title() for ax in axes] == ["k-겹", "층화 k-겹"]
    axes = figures.plot_confusion_layouts([[3, 1], [2, 4]])
    texts = [t.get_text() for t in axes[0].texts]
    assert texts == ["TP\n3", "FP\n1", "FN\n2", "TN\n4"]
    assert [t.get_text() for t in axes[1].texts] == ["TN\n4", "FP\n1", "FN\n2", "TP\n3"]
    scores = np.linspace(0, 1, 12)
    fpr, tpr, thresholds = metrics.roc_points(y, scores)
    figures.plot_roc({"모델": (fpr, tpr)}, marks={"문턱값": (fpr[3], tpr[3])}, title="ROC")
    ax = figures.plot_rates_vs_threshold(thresholds[1:], {"민감도": tpr[1:], "특이도": 1 - fpr[1:]},
                                          marks={"선별": 0.5})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["민감도", "특이도", "선별"]
    # chapter 14: calibration, coefficients next to permutation importances
    ax = figures.plot_calibration({"MLP": ([0.1, 0.5, 0.9], [0.0, 0.6, 1.0])}, title="보정")
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0.0, 0.6, 1.0])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["완벽한 보정", "MLP"]
    names = ["반지름", "질감", "둘레", "넓이"]
    ax_coef, ax_imp = figures.plot_coefficients_and_importance(
        names, [0.5, -2.0, 1.0, 0.1], [1, 2], [0.01, 0.0, 0.03, 0.02], [0.001] * 4, [2, 3, 0],
        titles=["계수", "순열 중요도"])
    # largest on top: rows are drawn bottom-up
    assert [t.get_text() for t in ax_coef.get_yticklabels()] == ["둘레", "질감"]
    assert [p.get_width() for p in ax_coef.patches] == [1.0, -2.0]
    assert ax_coef.patches[1].get_facecolor() != ax_coef.patches[0].get_facecolor()
    assert [t.get_text() for t in ax_imp.get_yticklabels()] == ["반지름", "넓이", "둘레"]
    assert [p.get_width() for p in ax_imp.patches] == [0.01, 0.02, 0.03]
    for number in plt.get_fignums():
        plt.figure(number).canvas.draw()
    plt.close("all")
    assert not missing_glyphs(recwarn, caplog)


def test_diagrams_of_chapters_01_05_06_draw_what_they_promise(recwarn, caplog):
    """The neuron/perceptron figure, network diagrams, decision lines and the representation
    panels: the right number of artists, every label rendered, no missing glyph."""
    caplog.set_level(logging.WARNING, logger="matplotlib")
    dlcourse.setup()
    ax_n, ax_p = figures.plot_neuron_and_perceptron()
    texts = " ".join(t.get_text() for t in ax_n.texts + ax_p.texts)
    for word in ("수상돌기", "시냅스", "세포체", "축삭", "가중치", "계단 함수"):
        assert word in texts
    fig, ax = plt.subplots()
    nodes = {"a": (0.0, 0.0, "$x$"), "b": (2.0, 0.0, "$y$")}
    plotting.draw_network(ax, nodes, [("a", "b", "$w$")])
    assert len(ax.patches) == 2 and [t.get_text() for t in ax.texts][-1] == "$w$"
    ax.set_xlim(-1.0, 3.0)
    plotting.draw_line(ax, [1.0, 1.0], -1.5)  # x2 = 1.5 - x1
    line = ax.lines[-1]
    np.testing.assert_allclose(line.get_ydata(), [2.5, -1.5])
    plotting.draw_line(ax, [2.0, 0.0], -1.0)  # a vertical line x1 = 0.5
    np.testing.assert_allclose(ax.lines[-1].get_xdata(), [0.5, 0.5])
    fig, ax = plt.subplots()
    W = np.array([[0.6, 0.4], [0.1, 0.3]])
    figures.draw_slide_network(ax, W, W, {name: name for name in figures.SLIDE_NODE_POS},
                                W1_new=W + 0.01, W2_new=W - 0.01)
    figures.add_slide_targets(ax, [0.8, 0.6], h2=[0.64, 0.6])
    labels = [t.get_text() for t in ax.texts]
    assert sum("rightarrow" in t for t in labels) == 8 and any("-0.1600" in t for t in labels)
    fig, ax = plt.subplots()
    figures.draw_layers(ax, [4, 5, 3], ["입력층", "은닉층", "출력층"], ["4", "5", "3"])
    assert len(ax.patches) == 12 and len(ax.lines) == 4 * 5 + 5 * 3
    lrs = np.array([0.01, 0.1, 1.0, 10.0])
    ax = figures.plot_lr_sensitivity(lrs, {"SGD": [1.0, 0.1, np.nan, np.inf],
                                            "Adagrad": [1.0, 1e-3, 1e-30, 5e3]}, start_loss=2.0)
    markers = {(line.get_marker(), line.get_color()): len(line.get_xdata()) for line in ax.lines
               if line.get_linestyle() == "None"}
    assert markers[("x", "C0")] == 2 and markers[("v", "C1")] == 1 and markers[("x", "C1")] == 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["SGD", "Adagrad", "시작점의 손실"]
    axes = figures.plot_representations([("입력", np.zeros((6, 2))), ("은닉층", np.ones((6, 2)))],
                                         np.array([0, 1, 2, 0, 1, 2]))
    assert [a.get_title() for a in axes] == ["입력", "은닉층"]
    assert [t.get_text() for t in axes[-1].get_legend().get_texts()] == ["0", "1", "2"]
    for number in plt.get_fignums():
        plt.figure(number).canvas.draw()
    plt.close("all")
    assert not missing_glyphs(recwarn, caplog)


def _legend(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


# One check per chapter figure of chapters 01-06: it draws the figure from small inputs and
# asserts that what was handed in (lines, paths, counts, labels) comes back from the axes.
FIGURE_CHECKS = {}


def figure_check(*names):
    def register(check):
        for name in names:
            FIGURE_CHECKS[name] = check
        return check
    return register


def _step(G):
    return (np.asarray(G).sum(axis=1) > 1.5).astype(int)


def _and():
    return data.logic_gate("AND")


def _xor():
    return data.logic_gate("XOR")


def _grid():
    return np.meshgrid(np.linspace(0, 1, 5), np.linspace(0, 1, 5))


def _parabola():
    return (lambda w: (w - 3.0) ** 2), (lambda w: 2.0 * (w - 3.0)), np.array([0.0, 0.6, 1.08])


@figure_check("plot_bmi_by_height")
def _bmi():
    ax = figures.plot_bmi_by_height(heights=(1.6, 2.0))
    np.testing.assert_allclose(ax.lines[1].get_ydata()[[0, -1]], [10.0, 30.0])  # 40, 120 kg
    assert _legend(ax)[:2] == ["키 1.60 m", "키 2.00 m"] and len(_legend(ax)) == 4


@figure_check("line_equation")
def _line_equation():
    assert figures.line_equation([1.0, 1.0], -1.5) == "$x_1 + x_2 - 1.5 = 0$"
    assert figures.line_equation([-2.0, 0.0], 1.0) == "$-2x_1 + 1 = 0$"


@figure_check("plot_gates")
def _gates():
    X, y = _and()
    axes = figures.plot_gates({"AND": (X, y, _step, np.array([1.0, 1.0]), -1.5)}, margin=0.2)
    ax = np.atleast_1d(axes)[0]
    assert ax.get_title() == "AND: $x_1 + x_2 - 1.5 = 0$"
    assert sum(p.get_width() == pytest.approx(0.4) for p in ax.patches) == 4


@figure_check("plot_xor_lines")
def _xor_lines():
    Xx, yx = _xor()
    ax_lines, ax_grid = figures.plot_xor_lines(
        Xx, yx, {"AND 경계": ([1.0, 1.0], -1.5, 0.75)}, np.full((3, 2), 0.5),
        thetas_deg=[0, 90, 180], biases=[-1.0, 1.0])
    assert _legend(ax_lines)[-1] == "AND 경계 (정확도 0.75)" and "0.50" in ax_grid.get_title()


@figure_check("plot_xor_hidden_space")
def _xor_hidden_space():
    Xx, yx = _xor()
    H = np.array([[1, 0], [1, 1], [1, 1], [0, 1]])
    gates = {"NAND": ([-1.0, -1.0], 1.5), "OR": ([1.0, 1.0], -0.5), "AND": ([1.0, 1.0], -1.5)}
    ax_in, ax_h = figures.plot_xor_hidden_space(_step, Xx, yx, H, gates)
    assert "입력 (0, 1), (1, 0)" in [t.get_text() for t in ax_h.texts]


@figure_check("plot_perceptron_training")
def _perceptron_training():
    X, y = _and()
    ax_curve, ax_bound = figures.plot_perceptron_training(
        [3, 1, 0], _step, X, y, [([0.1, 0.1], 0.0), ([0.2, 0.1], -0.1), ([0.2, 0.2], -0.3)])
    np.testing.assert_array_equal(ax_curve.lines[0].get_ydata(), [3, 1, 0])
    assert _legend(ax_bound)[-1] == "에포크 3 뒤 (최종)"


@figure_check("plot_boundaries")
def _boundaries():
    X, y = _and()
    ax = figures.plot_boundaries(X, y, {"가": ([1.0, 1.0], -1.5), "나": ([1.0, 2.0], -2.0)})
    assert _legend(ax)[-2:] == ["가", "나"]


@figure_check("plot_perceptron_diagram", "plot_xor_network_diagram")
def _diagrams():
    for ax in (figures.plot_perceptron_diagram(), figures.plot_xor_network_diagram()):
        assert np.atleast_1d(ax)[0].texts  # labelled nodes and edges


@figure_check("plot_step_function")
def _step_function():
    ax = figures.plot_step_function(sigmoid_label="시그모이드")
    assert _legend(ax) == ["계단 함수 $f(z)$", "시그모이드"]


@figure_check("plot_sigmoid_and_derivative")
def _sigmoid_and_derivative():
    ax = figures.plot_sigmoid_and_derivative(lambda x: x * 0 + 0.5, lambda x: x * 0 + 0.2,
                                             x_range=(-1.0, 1.0), num=3)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0.2, 0.2, 0.2])
    assert ax.lines[2].get_ydata()[0] == 0.25 and len(_legend(ax)) == 3


@figure_check("plot_approximations")
def _approximations():
    xx = np.linspace(-1, 1, 5)
    ax = figures.plot_approximations(xx, np.sin(xx), {"유닛 3개": xx, "유닛 6개": 2 * xx},
                                     target_label="sin x")
    np.testing.assert_allclose(ax.lines[2].get_ydata(), 2 * xx)
    assert _legend(ax) == ["sin x", "유닛 3개", "유닛 6개"]


@figure_check("plot_expected_products")
def _expected_products():
    ax = figures.plot_expected_products({"ReLU": 0.5}, num_layers=4)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), 0.5 ** np.arange(1, 5))


@figure_check("plot_dead_units")
def _dead_units():
    axes = figures.plot_dead_units({0.0: np.zeros(5)}, [0.0, -1.0], {"ReLU": [0.1, 0.5]})
    np.testing.assert_allclose(axes[1].lines[0].get_ydata(), [10.0, 50.0])


@figure_check("plot_activation_family")
def _activation_family():
    for derivative in (False, True):
        ax = figures.plot_activation_family(derivative=derivative, alpha=0.1)
        assert len(_legend(ax)) == 5 and all("0.1" in t for t in _legend(ax)[-1:])


@figure_check("plot_probability_bars")
def _probability_bars():
    axes = figures.plot_probability_bars({"확률": [0.2, 0.3, 0.5]}, ["a", "b", "c"],
                                         logits=[1.0, 1.4, 1.9])
    assert [t.get_text() for t in axes[1].texts] == ["0.200", "0.300", "0.500"]
    assert axes[0].get_ylabel() == "로짓" and not axes[0].texts


@figure_check("plot_abs_and_xor")
def _abs_and_xor():
    xx = np.linspace(-1, 1, 5)
    Xx, yx = _xor()
    axes = figures.plot_abs_and_xor(xx, np.abs(xx), _step, Xx, yx)
    np.testing.assert_allclose(np.atleast_1d(axes)[0].lines[0].get_ydata(), np.abs(xx))


@figure_check("plot_error_losses")
def _error_losses():
    ax_loss, ax_grad = figures.plot_error_losses()
    assert _legend(ax_grad)[1] == "PyTorch가 정한 값 (e = 0에서 0)"


@figure_check("plot_summary_losses")
def _summary_losses():
    c = np.linspace(3.5, 8.0, 10)
    values = np.array([3.8, 4.0, 7.6])
    axes = figures.plot_summary_losses(c, {"셋": {"MSE": c, "MAE": c, "values": values}})
    assert "평균 5.13 (MSE 최소)" in _legend(np.atleast_1d(axes)[0])


@figure_check("plot_loss_landscape")
def _loss_landscape():
    W, B = _grid()
    ax_c, ax_s = figures.plot_loss_landscape(
        [1.0, 2.0], {"MSE": [1.0, 0.5], "MAE": [0.8, 0.6]}, kinks=([1.5], [0.7]),
        tangent=(1.0, 1.0, -0.5), grid=(W, B, W ** 2 + B ** 2), arrows=[(0.5, 0.5, 1.0, 1.0)],
        minimum=(0.0, 0.0), b_fixed=1.6, levels=(0.1, 0.5))
    assert "기울기 -0.50" in _legend(ax_c)[-1] and ax_c.get_xlabel() == "가중치 w (b = 1.6 고정)"


@figure_check("plot_bce_vs_square")
def _bce_vs_square():
    ax = figures.plot_bce_vs_square()
    assert len(_legend(ax)) >= 2


@figure_check("plot_descent_on_curve")
def _descent_on_curve():
    loss, grad, path = _parabola()
    ax = figures.plot_descent_on_curve(loss, grad, path, ws=np.linspace(0, 6, 20), lr=0.1)
    np.testing.assert_allclose(ax.lines[1].get_xdata(), path)
    assert "기울기 $-6$" in _legend(ax)[-1]


@figure_check("plot_learning_rates")
def _learning_rates():
    loss, _, path = _parabola()
    ax_curve, ax_gap = figures.plot_learning_rates(loss, {0.1: path}, {0.1: path}, minimum=3.0,
                                                   ws=np.linspace(0, 6, 20), curve_label="L")
    np.testing.assert_allclose(ax_gap.lines[0].get_ydata(), [3.0, 2.4, 1.92])
    assert _legend(ax_curve)[1] == r"$\alpha$ = 0.1 (2 step)"


PATHS = {1: np.array([[0.0, 0.0], [0.5, 0.2]]), 20: np.array([[0.0, 0.0], [0.4, 0.1]])}


@figure_check("plot_batch_sizes")
def _batch_sizes():
    W, B = _grid()
    ax_loss, ax_path = figures.plot_batch_sizes(
        {1: [1.0, 0.5], 20: [1.2, 0.9]}, PATHS, best=(0.6, 0.3, 0.25),
        grid=(W, B, W + B + 0.3), names={1: "배치 1", 20: "배치 20"},
        colors={1: "tab:red", 20: "tab:blue"})
    assert _legend(ax_loss) == ["배치 1", "배치 20", "가장 작은 MSE (0.250)"]


@figure_check("plot_two_valleys")
def _two_valleys():
    loss, _, path = _parabola()
    ax_f, ax_t = figures.plot_two_valleys(loss, {"가": (path, "tab:orange")}, ws=[0.0, 1.0],
                                          minima={"local": 1.0, "global": -1.0},
                                          curve_label="f")
    assert _legend(ax_f)[1] == "가 (처음 60 step)"


@figure_check("plot_step_sizes")
def _step_sizes():
    ax = figures.plot_step_sizes({"Adam": [0.01, 0.01], "Adam (슬라이드)": [0.03, 0.02]}, lr=0.01)
    assert [line.get_linestyle() for line in ax.lines[:2]] == ["-", "--"]


@figure_check("plot_optimizer_paths")
def _optimizer_paths():
    W, B = _grid()
    ax_map, ax_loss = figures.plot_optimizer_paths(
        {"SGD": PATHS[1]}, {"SGD": [1.0, 0.1]}, grid=(W, B, W + B + 0.01), start=(0.0, 0.0),
        lrs={"SGD": 0.9}, colors={"SGD": "tab:blue"}, title="그릇")
    assert _legend(ax_map)[0] == "SGD (학습률 0.9)"


@figure_check("plot_training_and_boundary")
def _training_and_boundary():
    Xx, yx = _xor()
    ax_l, ax_b = figures.plot_training_and_boundary([1.0, 0.1, 0.01], _step, Xx, yx)
    assert ax_l.get_yscale() == "log"


@figure_check("plot_hidden_units")
def _hidden_units():
    Xx, yx = _xor()
    axes = figures.plot_hidden_units(lambda G: np.column_stack([G[:, 0] * 0 + 0.5] * 3), Xx, yx,
                                     [1.0, -2.0, 3.0])
    assert len(axes) == 3 and "-2.0" in axes[1].get_title()


@figure_check("plot_layer_diagram")
def _layer_diagram():
    ax = figures.plot_layer_diagram([2, 3, 1], ["입력층", "은닉층", "출력층"], ["", "", ""],
                                    input_labels=["키", "몸무게"], title="2-3-1")
    assert sum(isinstance(p, plt.Circle) for p in ax.patches) == 6 and len(ax.lines) == 9
    assert "몸무게" in [t.get_text() for t in ax.texts]


@figure_check("plot_loss_curves")
def _loss_curves():
    ax = figures.plot_loss_curves({None: [1.0, 0.5, 0.25]}, baseline=np.log(3),
                                  baseline_label="log 3")
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [1, 2, 3])
    assert _legend(ax) == ["log 3"]
    ax = figures.plot_loss_curves({"1개": [1.0, 0.9], "5개": [1.0, 0.1]}, logy=True,
                                  cmap="viridis")
    assert ax.get_yscale() == "log" and _legend(ax) == ["1개", "5개"]
    assert not np.array_equal(ax.lines[0].get_color(), ax.lines[1].get_color())


@figure_check("plot_digit_as_vector")
def _digit_as_vector():
    ax_img, ax_bin, ax_vec = figures.plot_digit_as_vector(np.eye(8), 3)
    assert sum(t.get_text() == "1" for t in ax_bin.texts) == 8 and "정답 3" in ax_img.get_title()


@figure_check("plot_confusion_and_scores")
def _confusion_and_scores():
    ax_cm, ax_hist = figures.plot_confusion_and_scores([[5, 1], [2, 7]], [0.1, 0.9, 0.6],
                                                       [0, 1, 1])
    assert [t.get_text() for t in ax_cm.texts] == ["진음성 (TN)\n5명", "위양성 (FP)\n1명",
                                                   "위음성 (FN)\n2명", "진양성 (TP)\n7명"]
    assert _legend(ax_hist) == ["실제 양성 종양", "실제 악성 종양", "문턱값 0.5"]


@figure_check("plot_fits")
def _fits():
    x = np.linspace(0, 1, 5)
    axes = figures.plot_fits(x, 2 * x, {"직선": lambda g: 2 * g, "상수": lambda g: g * 0 + 1},
                             x_grid=np.linspace(0, 1, 11), truth=lambda g: 2 * g,
                             titles=["가", "나"])
    assert [ax.get_title() for ax in axes] == ["가", "나"]
    fitted = [np.asarray(line.get_ydata()) for line in axes[1].lines]
    assert any(np.allclose(f, 1.0) and len(f) == 11 for f in fitted)


@figure_check("plot_coefficient_paths")
def _coefficient_paths():
    lams = np.array([0.01, 0.1, 1.0])
    axes = figures.plot_coefficient_paths(lams, {"L1": np.array([[2.0, 1.0], [1.0, 0.5],
                                                                  [0.0, 0.0]])},
                                          feature_names=["키", "몸무게"])
    ax = np.atleast_1d(axes)[0]
    assert ax.get_xscale() == "log" and ax.get_title() == "L1"
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [2.0, 1.0, 0.0])


@figure_check("plot_oversampling")
def _oversampling():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0]])
    ax = figures.plot_oversampling(X, np.array([0, 0, 0, 1]), np.array([[4.0, 4.0], [4.5, 4.5]]))
    sizes = sorted(len(c.get_offsets()) for c in ax.collections)
    assert sizes == [1, 2, 3]  # majority, minority, synthetic
    assert len(_legend(ax)) == 3


@figure_check("plot_bias_variance")
def _bias_variance():
    degrees = [1, 3, 9]
    parts = {"bias2": np.array([0.5, 0.1, 0.05]), "variance": np.array([0.01, 0.05, 0.4]),
             "expected_mse": np.array([0.61, 0.25, 0.55])}
    ax = figures.plot_bias_variance(degrees, parts, noise_var=0.1)
    drawn = [np.asarray(line.get_ydata(), float) for line in ax.lines]
    assert any(np.allclose(d, parts["variance"]) for d in drawn if len(d) == 3)
    assert ax.get_yscale() == "log"


@figure_check("plot_activation_histograms")
def _activation_histograms():
    rng = np.random.default_rng(0)
    axes = figures.plot_activation_histograms(
        {"시그모이드": [rng.random(50), rng.random(50)], "ReLU": [rng.random(50)] * 2},
        bins=5, value_ranges=[(0, 1), (0, 1)])
    assert np.shape(axes) == (2, 2)
    assert len(axes[0][0].patches) == 5  # the bins asked for
    assert sum(p.get_height() for p in axes[0][0].patches) == 50  # every activation counted


@figure_check("plot_calibration_panels")
def _calibration_panels():
    curves = {"MLP": ([0.1, 0.5, 0.9], [0.0, 0.6, 1.0], [10, 20, 30])}
    axes = figures.plot_calibration_panels({"왼쪽": curves, "오른쪽": curves}, suptitle="보정")
    assert [ax.get_title() for ax in np.atleast_1d(axes)] == ["왼쪽", "오른쪽"]


@figure_check("plot_search_points")
def _search_points():
    axes = figures.plot_search_points(
        {"격자": (np.array([0.01, 0.1]), np.array([1.0, 10.0]), np.array([0.7, 0.9])),
         "무작위": (np.array([0.05]), np.array([3.0]), np.array([0.8]))},
        xlabel="학습률", ylabel="은닉 유닛")
    assert [ax.get_title() for ax in axes][:1] and len(axes) == 2
    assert axes[0].get_xscale() == "log"


@figure_check("plot_best_so_far")
def _best_so_far():
    ax = figures.plot_best_so_far({"무작위": np.array([0.5, 0.7, 0.6, 0.8])})
    best = [np.asarray(line.get_ydata(), float) for line in ax.lines]
    assert any(np.allclose(b, [0.5, 0.7, 0.7, 0.8]) for b in best)


@figure_check("plot_refits")
def _refits():
    grid = np.linspace(0, 1, 4)
    fits = {"직선": np.array([grid, grid + 0.2])}
    axes = figures.plot_refits(grid, fits, truth=lambda g: g, titles=["직선"])
    ax = np.atleast_1d(axes)[0]
    drawn = [np.asarray(line.get_ydata(), float) for line in ax.lines]
    assert any(np.allclose(d, grid + 0.1) for d in drawn)  # the mean of the refits


@figure_check("plot_flexibility")
def _flexibility():
    ax = figures.plot_flexibility({"로지스틱 회귀": (31, 0.97, "계수"),
                                   "MLP": (1000, 0.98, "설명하기 어렵다")})
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "로지스틱 회귀" in texts and "MLP" in texts


@figure_check("plot_conv_steps")
def _conv_steps():
    axes = figures.plot_conv_steps(np.arange(16.0).reshape(4, 4), np.ones((2, 2)), max_steps=2)
    assert np.shape(axes)[0] == 2
    assert any("10" in t.get_text() for ax in np.ravel(axes) for t in ax.texts)  # 0+1+4+5


@figure_check("plot_learning_curves")
def _learning_curves():
    sizes = np.array([1, 10, 100])
    ax = figures.plot_learning_curves(sizes, {"전이 학습": np.array([[0.5, 0.7, 0.9],
                                                                   [0.7, 0.9, 0.9]])},
                                      baseline=0.1, baseline_label="우연")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.6, 0.8, 0.9])
    assert _legend(ax)[-1] == "우연"


@figure_check("plot_attention")
def _attention():
    w = np.array([[1.0, 0.0], [0.25, 0.75]])
    ax = figures.plot_attention(w, query_labels=["가", "나"], key_labels=["가", "나"])
    assert {"0.25", "0.75"} <= {t.get_text() for t in ax.texts}


@figure_check("plot_model_families")
def _model_families():
    axes = figures.plot_model_families(captions=["가", "나", "다", "라"])
    assert len(np.ravel(axes)) == 4


@pytest.mark.parametrize("name", sorted(FIGURE_CHECKS))
def test_chapter_figure_draws_the_data_it_is_given(name, recwarn, caplog):
    """A figure of dlcourse.figures draws what it receives (the lines, paths and counts handed
    in come back from the axes) and every label renders."""
    caplog.set_level(logging.WARNING, logger="matplotlib")
    dlcourse.setup()
    try:
        FIGURE_CHECKS[name]()
        for number in plt.get_fignums():
            plt.figure(number).canvas.draw()
    finally:
        plt.close("all")
    assert not missing_glyphs(recwarn, caplog)


def test_every_chapter_figure_is_drawn_by_a_test():
    """Each figure is checked: here (FIGURE_CHECKS) or by another test of this file."""
    text = Path(__file__).read_text(encoding="utf-8")
    for name in figures.__all__:
        if callable(getattr(figures, name)):
            assert name in FIGURE_CHECKS or f"figures.{name}(" in text, name


def test_legends_that_hide_data_are_found(monkeypatch, tmp_path):
    """A legend over a curve or a point is reported (and fails plt.show() once the check is
    on, as in the solution notebooks under test); a legend on empty space is not."""
    dlcourse.setup()
    x = np.linspace(0, 1, 50)
    fig, ax = plt.subplots()
    ax.plot(x, np.ones_like(x), label="위쪽 선")
    ax.axhline(0.5, label="기준선")  # spans the axes: a guide, not data
    ax.legend(loc="upper center")
    (problem,) = legends.legends_hiding_data(fig)
    assert problem.startswith("panel 0") and "covers" in problem
    ax.set_ylim(0, 2)
    assert legends.legends_hiding_data(fig) == []  # the line is now below the legend
    fig2, ax2 = plt.subplots()
    ax2.scatter([0.05], [0.95], label="점")
    ax2.set_xlim(0, 1)
    ax2.set_ylim(0, 1)
    ax2.legend(loc="upper left")
    assert len(legends.legends_hiding_data(fig2)) == 1
    plt.close(fig)
    # dlcourse.setup turns the check on when the environment asks for it, and only then
    import matplotlib.pyplot as pyplot

    monkeypatch.setattr(pyplot, "show", lambda *a, **k: None)
    monkeypatch.delenv("DLCOURSE_CHECK_FIGURES", raising=False)
    dlcourse.setup()
    assert not getattr(pyplot.show, "checks_legends", False)
    monkeypatch.setenv("DLCOURSE_CHECK_FIGURES", "1")
    dlcourse.setup()
    assert pyplot.show.checks_legends
    with pytest.raises(AssertionError, match="a legend hides data"):
        pyplot.show()
    assert plt.get_fignums() == []
    pyplot.show()  # nothing open: nothing to complain about


def test_only_the_solution_notebooks_kernels_check_legends(monkeypatch):
    """The environment variable is set while nbval starts a solution notebook's kernel, and
    gone afterwards and for every other test (tests/conftest.py)."""
    import conftest

    monkeypatch.delenv("DLCOURSE_CHECK_FIGURES", raising=False)
    def seen_while_set_up(module, path):
        item = type("Item", (), {"__module__": module})()
        item.fspath = path
        steps = conftest.SolutionKernels().pytest_runtest_setup(item)
        next(steps)
        seen = os.environ.get("DLCOURSE_CHECK_FIGURES")
        next(steps, None)
        assert "DLCOURSE_CHECK_FIGURES" not in os.environ
        return seen

    solution = conftest.SOLUTIONS / "00_orientation" / "00_orientation.ipynb"
    assert seen_while_set_up("nbval.plugin", solution) == "1"
    student = conftest.SOLUTIONS.parent / "course" / "00_orientation" / "00_orientation.ipynb"
    assert seen_while_set_up("nbval.plugin", student) is None
    assert seen_while_set_up(__name__, solution) is None  # a test of this suite, not nbval


def _notebook_code():
    from dlgrade.course import SOLUTIONS

    code = {}
    for path in sorted(SOLUTIONS.glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code[path.parent.name] = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return code


def test_plotting_is_the_general_api_and_chapter_figures_live_in_figures():
    """One rule (d2l's): dlcourse.plotting is the small general API that several chapters or
    the library use; a figure one chapter draws is a function of dlcourse.figures, which a
    notebook calls once; the legend check is a module of its own."""
    code = _notebook_code()
    library = "\n".join(p.read_text(encoding="utf-8")
                        for p in Path(dlcourse.__file__).parent.rglob("*.py"))
    for name in [n for n in plotting.__all__ if callable(getattr(plotting, n))]:
        chapters = [ch for ch, text in code.items() if re.search(rf"\b{name}\b", text)]
        assert len(chapters) != 1 or re.search(rf"\b{name}\b", library.replace(
            f"def {name}(", "").replace(f'"{name}"', "")), \
            f"plotting.{name} is used by {chapters} only: a chapter figure belongs in figures"
    for name in figures.__all__:
        assert hasattr(figures, name) and name not in plotting.__all__, name
        used = [ch for ch, text in code.items() if re.search(rf"\bfigures\.{name}\(", text)]
        sources = "\n".join(p.read_text(encoding="utf-8")
                            for p in Path(figures.__file__).parent.glob("*.py"))
        inside = re.search(rf"\b{name}\b", sources.replace(f"def {name}(", ""))
        assert used or inside or name.isupper(), f"figures.{name} is drawn by no chapter"
    for ch, text in code.items():
        for imported in re.findall(r"from dlcourse\.plotting import \(?([^)\n]*)", text):
            names = {n.strip() for n in imported.split(",") if n.strip()}
            assert names <= set(plotting.__all__), (ch, names)
    assert set(legends.__all__) == {"legends_hiding_data", "check_legends_on_show"}
