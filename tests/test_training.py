"""The training loop of dlcourse.training: reproducible, correct bookkeeping, quiet on stderr."""
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sklearn.metrics import accuracy_score  # noqa: E402
from torch import nn  # noqa: E402

from dlcourse import training  # noqa: E402
from dlcourse.data import load_tabular  # noqa: E402
from dlcourse.plotting import use_course_style  # noqa: E402


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Small networks train much faster on one thread (and the notebooks use one)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def blobs(n=120, seed=0):
    """Three Gaussian blobs in 2-D: X (n, 2) float64, y (n,) int64."""
    rng = np.random.default_rng(seed)
    centers = np.array([[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]])
    y = rng.integers(0, 3, size=n)
    return centers[y] + rng.normal(0.0, 0.7, size=(n, 2)), y


def mlp(n_in=2, n_hidden=8, n_out=3, seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out))


def quiet_fit(net, data, epochs, **kwargs):
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    return training.fit(net, nn.CrossEntropyLoss(), optimizer, data, epochs, progress=False,
                        log_every=0, **kwargs)


def test_make_loader_types_batches_and_seeded_shuffle():
    X, y = blobs(50)
    loader = training.make_loader(X, y, batch_size=16, seed=3)
    batches = list(loader)
    assert [len(xb) for xb, _ in batches] == [16, 16, 16, 2]
    xb, yb = batches[0]
    assert xb.dtype == torch.float32 and yb.dtype == torch.int64
    again = list(training.make_loader(X, y, batch_size=16, seed=3))
    assert all(torch.equal(a[0], b[0]) for a, b in zip(batches, again))
    second_pass = list(loader)  # a new epoch reshuffles
    assert not torch.equal(batches[0][0], second_pass[0][0])
    other_seed = list(training.make_loader(X, y, batch_size=16, seed=4))
    assert not torch.equal(batches[0][0], other_seed[0][0])
    state = torch.get_rng_state()
    list(training.make_loader(X, y, batch_size=16, seed=3))
    assert torch.equal(state, torch.get_rng_state()), "the global torch generator is untouched"
    ordered = list(training.make_loader(X, y, batch_size=50, shuffle=False))
    np.testing.assert_allclose(ordered[0][0].numpy(), X.astype(np.float32))
    _, yf = training.to_tensors(X, y.astype(np.float64).reshape(-1, 1))
    assert yf.dtype == torch.float32 and yf.shape == (50, 1)
    with pytest.raises(ValueError):
        training.to_tensors(X, y[:-1])


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(2, 6), st.integers(0, 10_000))
def test_accuracy_matches_scikit_learn(n, n_classes, seed):
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n, n_classes))
    y = rng.integers(0, n_classes, size=n)
    expected = accuracy_score(y, logits.argmax(axis=1))
    assert training.accuracy(torch.tensor(logits), torch.tensor(y)) == pytest.approx(expected)
    assert training.accuracy(logits, y) == pytest.approx(expected)
    # binary: one logit per sample, class 1 where the logit is >= 0 (probability >= 0.5)
    z = rng.normal(size=n)
    z[::3] = 0.0
    yb = rng.integers(0, 2, size=n)
    expected = accuracy_score(yb, (z >= 0).astype(int))
    assert training.accuracy(z, yb) == pytest.approx(expected)
    assert training.accuracy(z.reshape(-1, 1), yb.reshape(-1, 1).astype(float)) == \
        pytest.approx(expected)


def test_accuracy_refuses_mismatched_or_empty_input():
    with pytest.raises(ValueError):
        training.accuracy(np.zeros((4, 3)), np.zeros(5, dtype=int))
    with pytest.raises(ValueError):
        training.accuracy(np.zeros((0, 3)), np.zeros(0, dtype=int))
    with pytest.raises(ValueError):
        training.accuracy(np.zeros((2, 3, 4)), np.zeros(2, dtype=int))


def test_train_step_is_one_sgd_update_with_fresh_gradients():
    X, y = training.to_tensors(*blobs(30))
    net, ref = mlp(seed=1), mlp(seed=1)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.5)
    loss_fn(net(X[:5]), y[:5]).backward()  # stale gradients must not leak into the step
    for _ in range(2):
        expected_loss = loss_fn(ref(X), y)
        grads = torch.autograd.grad(expected_loss, list(ref.parameters()))
        with torch.no_grad():
            for p, g in zip(ref.parameters(), grads):
                p -= 0.5 * g
        got = training.train_step(net, loss_fn, optimizer, X, y)
        assert isinstance(got, float)
        assert got == pytest.approx(expected_loss.item(), rel=1e-6)
    for p, q in zip(net.parameters(), ref.parameters()):
        torch.testing.assert_close(p, q, rtol=1e-5, atol=1e-6)
    net.eval()
    training.train_step(net, loss_fn, optimizer, X, y)
    assert net.training  # the step sets the mode it needs


def test_fit_is_deterministic_with_a_seed():
    X, y = blobs()
    h1 = quiet_fit(mlp(), (X, y), 5, seed=7, val_data=(X[:30], y[:30]))
    h2 = quiet_fit(mlp(), (X, y), 5, seed=7, val_data=(X[:30], y[:30]))
    assert h1.history == h2.history
    h3 = quiet_fit(mlp(), (X, y), 5, seed=8, val_data=(X[:30], y[:30]))
    assert h3.history["loss"] != h1.history["loss"]


def test_loss_decreases_on_a_toy_problem():
    X, y = blobs(200)
    net = mlp()
    before = training.evaluate(net, X, y, loss_fn=nn.CrossEntropyLoss())
    history = quiet_fit(net, (X, y), 30, batch_size=20)
    after = training.evaluate(net, X, y, loss_fn=nn.CrossEntropyLoss())
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert after["loss"] < 0.5 * before["loss"]
    assert after["accuracy"] > 0.9
    assert len(history) == 30 and history.epoch == list(range(1, 31))
    assert history.last()["loss"] == history["loss"][-1]
    assert "val_loss" not in history


def test_history_equals_a_manual_loop():
    """loss/accuracy: sample-weighted batch means before each update; val_*: end of epoch."""
    X, y = blobs(70)
    Xv, yv = blobs(25, seed=1)
    net, ref = mlp(seed=2), mlp(seed=2)
    loss_fn = nn.CrossEntropyLoss()
    history = quiet_fit(net, (X, y), 3, val_data=(Xv, yv), batch_size=16, seed=5)
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]

    optimizer = torch.optim.SGD(ref.parameters(), lr=0.1)
    loader = training.make_loader(X, y, batch_size=16, seed=5)
    Xv_t, yv_t = training.to_tensors(Xv, yv)
    for epoch in range(3):
        loss_sum = correct = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            out = ref(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(xb)
            correct += (out.argmax(1) == yb).sum().item()
        with torch.no_grad():
            out_v = ref(Xv_t)
        assert history["loss"][epoch] == pytest.approx(loss_sum / 70, rel=1e-6)
        assert history["accuracy"][epoch] == pytest.approx(correct / 70)
        assert history["val_loss"][epoch] == pytest.approx(loss_fn(out_v, yv_t).item(),
                                                           rel=1e-6)
        assert history["val_accuracy"][epoch] == pytest.approx(
            (out_v.argmax(1) == yv_t).float().mean().item())
    for p, q in zip(net.parameters(), ref.parameters()):
        torch.testing.assert_close(p, q)


def test_fit_binary_with_bce_with_logits():
    split = load_tabular("breast_cancer")
    y = (1 - split.y_train).astype(np.float64).reshape(-1, 1)  # 1 = malignant
    y_test = (1 - split.y_test).astype(np.float64).reshape(-1, 1)
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(30, 8), nn.ReLU(), nn.Linear(8, 1))
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    history = training.fit(net, nn.BCEWithLogitsLoss(), optimizer, (split.X_train, y), 10,
                           val_data=(split.X_test, y_test), progress=False, log_every=0)
    assert history["val_accuracy"][-1] > 0.9
    assert history["loss"][-1] < history["loss"][0]


def test_evaluate_matches_a_manual_loop_and_restores_the_mode():
    X, y = blobs(90)
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 3))
    net.train()
    loss_fn = nn.CrossEntropyLoss()
    got = training.evaluate(net, X, y, loss_fn=loss_fn, batch_size=32)
    assert net.training, "evaluate must give the network back in its train mode"
    Xt, yt = training.to_tensors(X, y)
    net.eval()
    loss_sum = correct = 0.0
    with torch.no_grad():
        for start in range(0, 90, 7):  # any batching gives the same whole-set numbers
            out = net(Xt[start:start + 7])
            loss_sum += loss_fn(out, yt[start:start + 7]).item() * len(out)
            correct += (out.argmax(1) == yt[start:start + 7]).sum().item()
    assert got["loss"] == pytest.approx(loss_sum / 90, rel=1e-6)
    assert got["accuracy"] == pytest.approx(correct / 90)
    loader_result = training.evaluate(net, training.make_loader(X, y, batch_size=11))
    assert list(loader_result) == ["accuracy"]
    assert loader_result["accuracy"] == pytest.approx(correct / 90)
    assert not net.training, "an eval-mode network stays in eval mode"


def test_custom_metric_and_unknown_metric():
    X, y = blobs(40)

    def error_rate(y_hat, y):
        return 1.0 - training.accuracy(y_hat, y)

    result = training.evaluate(mlp(), X, y, metrics=("accuracy", error_rate))
    assert result["accuracy"] + result["error_rate"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="unknown metric"):
        training.evaluate(mlp(), X, y, metrics=("auc",))


def test_progress_bar_and_log_go_to_stdout_not_stderr(capsys):
    X, y = blobs(40)
    quiet_fit(mlp(), (X, y), 2)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "", "progress=False, log_every=0: silent"

    optimizer = torch.optim.SGD(mlp().parameters(), lr=0.1)
    training.fit(mlp(), nn.CrossEntropyLoss(), optimizer, (X, y), 4, val_data=(X, y),
                 log_every=2)
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "Epoch 1/4" in captured.out and "Epoch 2/4" in captured.out
    assert "Epoch 3/4" not in captured.out and "Epoch 4/4" in captured.out
    assert "val_accuracy: " in captured.out and "100%" in captured.out

    buffer = io.StringIO()
    training.fit(mlp(), nn.CrossEntropyLoss(), optimizer, (X, y), 1, progress=False,
                 file=buffer)
    assert buffer.getvalue().startswith("Epoch 1/1 - 2/2 - ")
    assert capsys.readouterr().out == ""


def test_format_log_is_keras_style():
    line = training.format_log(3, 100, {"loss": 0.74241, "accuracy": 0.705,
                                        "val_loss": 1.6713, "val_accuracy": 0.47},
                               steps=113, seconds=7.684)
    assert line == ("Epoch 3/100 - 113/113 - 7.7s 68ms/step - loss: 0.7424 - accuracy: 0.7050"
                    " - val_loss: 1.6713 - val_accuracy: 0.4700")


def test_fit_accepts_a_loader_and_rejects_other_data():
    X, y = blobs(30)
    loader = training.make_loader(X, y, batch_size=10, seed=1)
    history = quiet_fit(mlp(), loader, 2, metrics=())
    assert list(history.history) == ["loss"]
    with pytest.raises(TypeError):
        quiet_fit(mlp(), X, 1)


def test_plot_history_draws_train_and_validation_curves_in_korean():
    use_course_style()
    X, y = blobs(40)
    history = quiet_fit(mlp(), (X, y), 3, val_data=(X, y))
    axes = training.plot_history(history)
    assert len(axes) == 2
    assert axes[0].get_ylabel() == "손실(loss)" and axes[1].get_ylabel() == "정확도(accuracy)"
    assert axes[0].get_xlabel() == "에포크(epoch)"
    labels = [t.get_text() for t in axes[0].get_legend().get_texts()]
    assert labels == ["훈련(train)", "검증(validation)"]
    np.testing.assert_allclose(axes[0].lines[0].get_ydata(), history["loss"])
    np.testing.assert_allclose(axes[0].lines[1].get_xdata(), [1, 2, 3])
    plt.close("all")
    axes = training.plot_history({"loss": [3.0, 2.0, 1.0]})
    assert len(axes) == 1 and len(axes[0].lines) == 1
    plt.close("all")


def test_fit_stops_early_and_puts_the_best_weights_back():
    """fit(early_stopping=EarlyStopping(...)) is Keras' EarlyStopping(restore_best_weights=
    True): it ends ``patience`` epochs after the best validation loss, with the best epoch's
    weights, the same weights a run of exactly that many epochs ends with."""
    X, y = blobs(200)
    # validation labels that disagree with the training labels: its loss soon rises
    X_val, y_val = X[:60], (y[:60] + 1) % 3
    stopper = training.EarlyStopping(patience=3)
    net = mlp()
    history = quiet_fit(net, (X, y), 100, val_data=(X_val, y_val), early_stopping=stopper)
    assert stopper.stop_epoch is not None and len(history) == stopper.stop_epoch < 100
    assert stopper.stop_epoch == stopper.best_epoch + 3
    assert history["val_loss"][stopper.best_epoch - 1] == min(history["val_loss"])
    again = mlp()
    quiet_fit(again, (X, y), stopper.best_epoch, val_data=(X_val, y_val))
    for kept, exact in zip(net.state_dict().values(), again.state_dict().values()):
        torch.testing.assert_close(kept, exact, rtol=0, atol=0)
    # the library's list-based rule agrees on the epochs
    from dlcourse import regularization

    assert regularization.early_stopping(history["val_loss"], 3) == (stopper.best_epoch,
                                                                    stopper.stop_epoch)
    with pytest.raises(ValueError, match="val_data"):
        quiet_fit(mlp(), (X, y), 5, early_stopping=training.EarlyStopping(patience=2))


def test_fit_calls_on_epoch_end_in_eval_mode_and_logs_what_it_returns():
    """on_epoch_end(epoch, net) runs once per epoch, after the validation numbers and before
    early stopping, in eval mode without gradients; its dict joins the epoch's logs; the
    network is back in train mode afterwards; anything but a dict or None is refused."""
    X, y = blobs(120)
    X_val, y_val = X[:40], (y[:40] + 1) % 3
    seen = []

    def measure(epoch, net):
        seen.append((epoch, net.training, torch.is_grad_enabled()))
        with torch.no_grad():
            train_loss = nn.functional.cross_entropy(net(torch.as_tensor(X, dtype=torch.float32)),
                                                     torch.as_tensor(y)).item()
        return {"train_loss_after": train_loss, "epoch_twice": 2 * epoch}

    stopper = training.EarlyStopping(patience=2)
    net = mlp()
    history = quiet_fit(net, (X, y), 40, val_data=(X_val, y_val), early_stopping=stopper,
                        on_epoch_end=measure)
    assert seen == [(e, False, False) for e in range(1, stopper.stop_epoch + 1)]
    assert history["epoch_twice"] == [2.0 * e for e in range(1, stopper.stop_epoch + 1)]
    assert all(isinstance(v, float) for v in history["train_loss_after"])
    assert net.training
    # what it measures does not change the training: the same run without it ends alike
    again = mlp()
    quiet_fit(again, (X, y), stopper.stop_epoch, val_data=(X_val, y_val))
    plain = mlp()
    quiet_fit(plain, (X, y), stopper.stop_epoch, val_data=(X_val, y_val),
              on_epoch_end=lambda epoch, net: None)
    for a, b in zip(again.state_dict().values(), plain.state_dict().values()):
        torch.testing.assert_close(a, b, rtol=0, atol=0)
    with pytest.raises(TypeError, match="on_epoch_end returned list"):
        quiet_fit(mlp(), (X, y), 2, on_epoch_end=lambda epoch, net: [1.0])
