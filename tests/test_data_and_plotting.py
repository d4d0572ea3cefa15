"""Data loaders and the plotting helpers (figures render Korean, nothing is downloaded)."""
import logging

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

import dlcourse  # noqa: E402
from dlcourse import data, plotting  # noqa: E402


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
    plt.close("all")


def test_evaluation_figures_draw_without_missing_glyphs(recwarn, caplog):
    """Chapter 09's figures: folds, both confusion-matrix layouts, ROC, rates by threshold."""
    from dlcourse import metrics

    caplog.set_level(logging.WARNING, logger="matplotlib")
    dlcourse.setup()
    y = np.array([0] * 8 + [1] * 4)
    axes = plotting.plot_folds({"k-겹": metrics.kfold_folds(12, 3),
                                "층화 k-겹": metrics.stratified_kfold_folds(y, 3)}, y)
    assert [ax.get_title() for ax in axes] == ["k-겹", "층화 k-겹"]
    axes = plotting.plot_confusion_layouts([[3, 1], [2, 4]])
    texts = [t.get_text() for t in axes[0].texts]
    assert texts == ["TP\n3", "FP\n1", "FN\n2", "TN\n4"]
    assert [t.get_text() for t in axes[1].texts] == ["TN\n4", "FP\n1", "FN\n2", "TP\n3"]
    scores = np.linspace(0, 1, 12)
    fpr, tpr, thresholds = metrics.roc_points(y, scores)
    plotting.plot_roc({"모델": (fpr, tpr)}, marks={"문턱값": (fpr[3], tpr[3])}, title="ROC")
    ax = plotting.plot_rates_vs_threshold(thresholds[1:], {"민감도": tpr[1:], "특이도": 1 - fpr[1:]},
                                          marks={"선별": 0.5})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["민감도", "특이도", "선별"]
    for number in plt.get_fignums():
        plt.figure(number).canvas.draw()
    plt.close("all")
    assert not missing_glyphs(recwarn, caplog)


def test_diagrams_of_chapters_01_05_06_draw_what_they_promise(recwarn, caplog):
    """The neuron/perceptron figure, network diagrams, decision lines and the representation
    panels: the right number of artists, every label rendered, no missing glyph."""
    caplog.set_level(logging.WARNING, logger="matplotlib")
    dlcourse.setup()
    ax_n, ax_p = plotting.plot_neuron_and_perceptron()
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
    plotting.draw_slide_network(ax, W, W, {name: name for name in plotting.SLIDE_NODE_POS},
                                W1_new=W + 0.01, W2_new=W - 0.01)
    plotting.add_slide_targets(ax, [0.8, 0.6], h2=[0.64, 0.6])
    labels = [t.get_text() for t in ax.texts]
    assert sum("rightarrow" in t for t in labels) == 8 and any("-0.1600" in t for t in labels)
    fig, ax = plt.subplots()
    plotting.draw_layers(ax, [4, 5, 3], ["입력층", "은닉층", "출력층"], ["4", "5", "3"])
    assert len(ax.patches) == 12 and len(ax.lines) == 4 * 5 + 5 * 3
    lrs = np.array([0.01, 0.1, 1.0, 10.0])
    ax = plotting.plot_lr_sensitivity(lrs, {"SGD": [1.0, 0.1, np.nan, np.inf],
                                            "Adagrad": [1.0, 1e-3, 1e-30, 5e3]}, start_loss=2.0)
    markers = {(line.get_marker(), line.get_color()): len(line.get_xdata()) for line in ax.lines
               if line.get_linestyle() == "None"}
    assert markers[("x", "C0")] == 2 and markers[("v", "C1")] == 1 and markers[("x", "C1")] == 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["SGD", "Adagrad", "시작점의 손실"]
    axes = plotting.plot_representations([("입력", np.zeros((6, 2))), ("은닉층", np.ones((6, 2)))],
                                         np.array([0, 1, 2, 0, 1, 2]))
    assert [a.get_title() for a in axes] == ["입력", "은닉층"]
    assert [t.get_text() for t in axes[-1].get_legend().get_texts()] == ["0", "1", "2"]
    for number in plt.get_fignums():
        plt.figure(number).canvas.draw()
    plt.close("all")
    assert not missing_glyphs(recwarn, caplog)
