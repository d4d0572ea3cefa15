"""dlcourse.regularization (chapter 07) against scikit-learn, torch, scipy and imbalanced-learn."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import ndimage
from sklearn.linear_model import Lasso, LinearRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from dlcourse import regularization as reg


@pytest.mark.parametrize("degree", [1, 2, 5, 9])
def test_polynomial_features_and_fit_match_scikit_learn(degree):
    rng = np.random.default_rng(degree)
    x = rng.uniform(-1, 1, 30)
    y = np.sin(3 * x) + 0.1 * rng.normal(size=30)
    poly = PolynomialFeatures(degree, include_bias=False)
    np.testing.assert_allclose(reg.polynomial_features(x, degree), poly.fit_transform(x[:, None]))
    model = make_pipeline(PolynomialFeatures(degree, include_bias=False), LinearRegression())
    model.fit(x[:, None], y)
    coef = reg.fit_polynomial(x, y, degree)
    x_val = rng.uniform(-1, 1, 20)
    np.testing.assert_allclose(reg.predict_polynomial(coef, x_val), model.predict(x_val[:, None]),
                               rtol=1e-6, atol=1e-8)
    train, val = reg.train_val_mse(x, y, x_val, np.sin(3 * x_val), degree)
    assert train == pytest.approx(np.mean((model.predict(x[:, None]) - y) ** 2), rel=1e-6)
    assert val == pytest.approx(np.mean((model.predict(x_val[:, None]) - np.sin(3 * x_val)) ** 2),
                                rel=1e-6)


def test_polynomial_features_of_a_number():
    assert reg.polynomial_features(2, 3).tolist() == [[2.0, 4.0, 8.0]]


def _keras_like(val_losses, patience, min_delta):
    """Keras' EarlyStopping rule as its source writes it (mode "min" negates min_delta, then
    compares ``current - min_delta < best``), as a second opinion."""
    best, best_epoch, wait = None, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if best is None or loss - (-min_delta) < best:
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait >= patience:
            return best_epoch, epoch
    return best_epoch, len(val_losses)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 5, allow_nan=False), min_size=1, max_size=40),
       st.integers(1, 6), st.sampled_from([0.0, 0.01, 0.3]))
def test_early_stopping_follows_the_keras_rule(losses, patience, min_delta):
    assert reg.early_stopping(losses, patience, min_delta) == _keras_like(losses, patience,
                                                                          min_delta)


def test_early_stopping_worked_example():
    losses = [1.0, 0.8, 0.7, 0.72, 0.71, 0.69, 0.70, 0.75, 0.8]
    assert reg.early_stopping(losses, 2) == (3, 5)
    assert reg.early_stopping(losses, 3) == (6, 9)
    assert reg.early_stopping(losses, 2, min_delta=0.15) == (2, 4)


@pytest.mark.parametrize("kind", ["l1", "l2", "elastic"])
def test_penalty_gradient_is_torch_autograd(kind):
    w = np.array([[0.5, -2.0, 0.0], [3.0, -0.1, 1e-3]])
    t = torch.tensor(w, requires_grad=True)
    lam, n, r = 0.7, 25, 0.3
    l1 = lam / n * t.abs().sum()
    l2 = lam / (2 * n) * (t * t).sum()
    total = {"l1": l1, "l2": l2, "elastic": r * l1 + (1 - r) * l2}[kind]
    total.backward()
    assert reg.penalty(w, lam, n, kind, l1_ratio=r) == pytest.approx(total.item(), rel=1e-12)
    np.testing.assert_allclose(reg.penalty_grad(w, lam, n, kind, l1_ratio=r), t.grad.numpy(),
                               rtol=1e-12)
    with pytest.raises(ValueError):
        reg.penalty(w, lam, n, "l3")


def _slide_objective(w, X, y, lam, kind):
    n = len(y)
    return np.mean((X @ w - y) ** 2) + reg.penalty(w, lam, n, kind)


@pytest.mark.parametrize("kind,model", [("l1", Lasso), ("l2", Ridge)])
def test_slide_lambda_is_the_libraries_alpha(kind, model):
    """scikit-learn's minimiser, with alpha from slide_to_library, minimises the slide's C."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 5))
    y = X @ np.array([2.0, 0.0, -1.0, 0.0, 0.5]) + 0.3 * rng.normal(size=40)
    lam = 8.0
    key = "sklearn_lasso_alpha" if kind == "l1" else "sklearn_ridge_alpha"
    alpha = reg.slide_to_library(lam, len(y))[key]
    w = model(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100000).fit(X, y).coef_
    best = _slide_objective(w, X, y, lam, kind)
    for _ in range(200):  # no nearby point does better
        other = w + 1e-3 * rng.normal(size=5)
        assert _slide_objective(other, X, y, lam, kind) >= best - 1e-12


def test_weight_decay_is_the_slide_l2_gradient():
    w0 = np.array([1.0, -2.0, 0.5])
    lam, n, lr = 3.0, 10, 0.1
    p = torch.tensor(w0, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, weight_decay=reg.slide_to_library(lam, n)[
        "torch_weight_decay"])
    p.grad = torch.zeros(3, dtype=torch.float64)
    opt.step()
    np.testing.assert_allclose(p.detach().numpy(), w0 - lr * reg.penalty_grad(w0, lam, n, "l2"))


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.9])
def test_dropout_scales_like_torch(p):
    x = np.ones((200, 50))
    out, mask = reg.dropout_forward(x, p, rng=np.random.default_rng(0))
    with torch.random.fork_rng():
        torch.manual_seed(0)
        torch_out = torch.nn.functional.dropout(torch.ones(200, 50, dtype=torch.float64), p,
                                                training=True).numpy()
    assert set(np.unique(out)) <= {0.0, 1.0 / (1.0 - p)}
    assert set(np.unique(torch_out)) <= {0.0, 1.0 / (1.0 - p)}
    # the mean of n kept-or-dropped values, each 0 or 1/(1-p), has sd sqrt(p / (1-p) / n)
    tolerance = 5 * np.sqrt(p / (1 - p) / x.size) + 1e-12
    assert abs(out.mean() - 1.0) < tolerance and abs(torch_out.mean() - 1.0) < tolerance
    np.testing.assert_array_equal(out, x * mask)
    ev_out, ev_mask = reg.dropout_forward(x, p, train=False)
    np.testing.assert_array_equal(ev_out, x)
    np.testing.assert_array_equal(ev_mask, np.ones_like(x))
    np.testing.assert_array_equal(reg.dropout_backward(2 * x, mask), 2 * mask)


def test_dropout_draws_exactly_what_the_contract_says():
    x = np.arange(12.0).reshape(3, 4)
    out, mask = reg.dropout_forward(x, 0.25, rng=np.random.default_rng(5))
    keep = np.random.default_rng(5).random((3, 4)) >= 0.25
    np.testing.assert_array_equal(mask, keep / 0.75)


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(0, 7),
                                        st.integers(0, 7)).map(lambda s: (s[0], 8, 8)),
                  elements=st.floats(0, 16)),
       st.integers(-3, 3), st.integers(-3, 3))
def test_shift_images_matches_scipy(images, dx, dy):
    expected = ndimage.shift(images, (0, dy, dx), order=0, mode="constant", cval=0.0)
    np.testing.assert_array_equal(reg.shift_images(images, dx, dy), expected)


def test_nearest_neighbours_match_scikit_learn():
    from sklearn.neighbors import NearestNeighbors

    X = np.random.default_rng(3).normal(size=(30, 4))
    _, idx = NearestNeighbors(n_neighbors=6).fit(X).kneighbors(X)
    np.testing.assert_array_equal(reg.nearest_neighbours(X, 5), idx[:, 1:])


def test_smote_points_lie_where_imbalanced_learns_do():
    """Both our SMOTE and imbalanced-learn's put every new point on a segment from a minority
    sample to one of its k nearest minority neighbours, and nowhere else."""
    from imblearn.over_sampling import SMOTE

    rng = np.random.default_rng(0)
    X_min = rng.normal(size=(20, 3))
    X_maj = rng.normal(loc=3.0, size=(80, 3))
    X = np.vstack([X_maj, X_min])
    y = np.r_[np.zeros(80, int), np.ones(20, int)]
    X_res, y_res = SMOTE(k_neighbors=5, random_state=0).fit_resample(X, y)
    theirs = X_res[len(X):]
    assert len(theirs) == 60 and np.all(y_res[len(X):] == 1)
    assert reg.on_smote_segments(X_min, theirs, 5).all()
    ours = reg.smote(X_min, 60, k=5, rng=np.random.default_rng(1))
    assert ours.shape == (60, 3)
    assert reg.on_smote_segments(X_min, ours, 5).all()
    # and the check can fail: points off the segments, or copies of minority samples
    assert not reg.on_smote_segments(X_min, ours + 0.01, 5).any()
    assert not reg.on_smote_segments(X_min, X_min[:3], 5).any()
    assert not reg.on_smote_segments(X_min, reg.smote(X_min, 30, k=19), 2).all()


def test_smote_positions_recover_base_neighbour_and_gap():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 3.0], [1.0, 3.5], [5.0, 5.0]])
    neighbours = reg.nearest_neighbours(X, 2)
    # a point on two segments (x_i to x_j and back) is reported from the smaller base index
    points = [X[0] + 0.25 * (X[neighbours[0, 1]] - X[0]),
              X[4] + 0.5 * (X[neighbours[4, 0]] - X[4])]
    base, rank, t = reg.smote_positions(X, np.array(points), 2)
    assert base.tolist() == [0, 4] and rank.tolist() == [1, 0]
    np.testing.assert_allclose(t, [0.25, 0.5])
    base, rank, t = reg.smote_positions(X, np.array([[3.0, -1.0], X[2]]), 2)
    assert base.tolist() == [-1, -1] and np.isnan(t).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 5, allow_nan=False), min_size=1, max_size=30), st.integers(1, 5),
       st.sampled_from([0.0, 0.1]))
def test_the_early_stopping_callback_stops_where_the_rule_says(losses, patience, min_delta):
    from dlcourse.training import EarlyStopping

    stopper = EarlyStopping(patience, min_delta)
    stopped = next((epoch for epoch, loss in enumerate(losses, start=1)
                    if stopper.step(loss)), len(losses))
    assert (stopper.best_epoch, stopped) == reg.early_stopping(losses, patience, min_delta)


def test_the_early_stopping_callback_restores_the_best_weights():
    from dlcourse.training import EarlyStopping

    net = torch.nn.Linear(2, 1)
    stopper = EarlyStopping(patience=2)
    for epoch, loss in enumerate([3.0, 1.0, 2.0, 2.5], start=1):
        with torch.no_grad():
            net.weight.fill_(float(epoch))
        if stopper.step(loss, net):
            break
    assert (stopper.best_epoch, stopper.stop_epoch) == (2, 4)
    stopper.restore(net)
    assert torch.all(net.weight == 2.0)
    with pytest.raises(RuntimeError):
        EarlyStopping(1).restore(net)
