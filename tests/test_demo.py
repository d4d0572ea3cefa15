"""dlcourse.demo (demo cells pick the student's function or the reference) and the references
the demo cells of chapters 01, 05 and 06 fall back on."""
import numpy as np
import pytest
import torch
from torch import nn

from dlcourse import demo, layers, perceptron, training
from dlcourse import slide_network as sn
from dlcourse.data import logic_gate, make_separable


def _unanswered(*args, **kwargs):
    raise NotImplementedError("답을 쓰세요")


def _pick(namespace, capsys, *probe, check=None, name="perceptron", reference=None):
    chosen = demo.yours_or_reference(name, reference or perceptron.perceptron, *probe,
                                     check=check, namespace=namespace)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1, lines  # one line, whatever happens
    return chosen, lines[0]


PROBE = (np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]), np.array([1.0, -1.0]), 0.0)


def test_a_working_answer_is_used(capsys):
    def mine(x, w, b):
        return (np.asarray(x) @ np.asarray(w) + b >= 0).astype(int)

    chosen, line = _pick({"perceptron": mine}, capsys, *PROBE)
    assert chosen is mine
    assert "여러분이 작성한 `perceptron` 함수를 씁니다" in line


@pytest.mark.parametrize("namespace, reason", [
    ({}, "아직 정의되지 않아서"),
    ({"perceptron": _unanswered}, "아직 답이 없어서"),
    ({"perceptron": lambda x, w, b: np.ones(len(x), dtype=int)}, "기준 구현과 다른 값"),
    ({"perceptron": lambda x, w: 0}, "오류(TypeError)"),
    ({"perceptron": 3}, "함수가 아니라서"),
])
def test_anything_else_falls_back_on_the_reference_and_says_why(capsys, namespace, reason):
    before = dict(namespace)
    chosen, line = _pick(namespace, capsys, *PROBE)
    assert chosen is perceptron.perceptron
    assert reason in line and "라이브러리의 기준 함수를 씁니다" in line
    assert namespace == before  # the student's name is never rebound


def test_the_caller_namespace_is_the_default(capsys):
    perceptron_ = perceptron.perceptron  # noqa: F841 (a different name: not found)
    chosen = demo.yours_or_reference("no_such_answer_here", perceptron.perceptron, *PROBE)
    assert chosen is perceptron.perceptron
    assert "아직 정의되지 않아서" in capsys.readouterr().out


def test_probing_leaves_torch_random_state_alone(capsys):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    demo.yours_or_reference("make_mlp", training.mlp, namespace={"make_mlp": training.mlp},
                            check=demo.same_network_shapes(4, 5, 3))
    assert torch.equal(torch.rand(3), expected)
    assert "함수를 씁니다" in capsys.readouterr().out


def test_same_values_compares_structures():
    assert demo.same_values({"a": (1.0, np.ones(2))}, {"a": [1.0, torch.ones(2)]})
    assert not demo.same_values({"a": 1.0}, {"a": 1.0, "b": 2.0})
    assert not demo.same_values(np.ones(2), np.ones((2, 1)))
    assert not demo.same_values(np.array([1.0, np.nan]), np.array([1.0, 2.0]))
    assert demo.same_values(np.array([1.0, np.nan]), np.array([1.0, np.nan]))
    assert not demo.same_values("abc", 1.0)


def test_same_training_step_catches_a_step_without_train_mode():
    check = demo.same_training_step(training.train_step)

    def no_train_mode(net, loss_fn, optimizer, X, y):
        optimizer.zero_grad()
        loss = loss_fn(net(X), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    def double_step(net, loss_fn, optimizer, X, y):
        loss = training.train_step(net, loss_fn, optimizer, X, y)
        optimizer.step()
        return loss

    assert check(training.train_step)
    assert not check(no_train_mode)
    assert not check(double_step)


def test_same_epochs_and_network_shapes():
    assert demo.same_epochs(training.train_epochs)(training.train_epochs)

    def last_batch_only(net, loss_fn, optimizer, loader, num_epochs):
        losses = training.train_epochs(net, loss_fn, optimizer, loader, num_epochs)
        return [loss * 2 for loss in losses]

    assert not demo.same_epochs(training.train_epochs)(last_batch_only)
    assert demo.same_network_shapes(4, 5, 3)(training.mlp)
    assert demo.same_network_shapes(64, 20, 10, x_shape=(8, 8))(training.FlatMLP)
    with pytest.raises(RuntimeError):  # no flatten: an error, and the demo takes the reference
        demo.same_network_shapes(64, 20, 10, x_shape=(8, 8))(training.mlp)
    assert not demo.same_network_shapes(4, 5, 3)(lambda a, b, c: training.mlp(a, b + 1, c))


def test_perceptron_references_follow_the_slides():
    for gate, (w, b) in perceptron.GATE_PARAMS.items():
        X, y = logic_gate(gate)
        np.testing.assert_array_equal(perceptron.perceptron(X, w, b), y)
        assert perceptron.perceptron(X[0], w, b).dtype == np.int64
    assert perceptron.reproduces_gates(perceptron.gate_params)
    swapped = lambda: {**perceptron.gate_params(), "OR": perceptron.GATE_PARAMS["AND"]}  # noqa
    assert not perceptron.reproduces_gates(swapped)
    X, y = logic_gate("XOR")
    np.testing.assert_array_equal(perceptron.xor(X, perceptron.gate_params()), y)
    # chapter 01's hand-worked epoch: AND, lr = 1, one epoch -> w = (1, 1), b = 0, 2 updates
    w, b, errors = perceptron.train_perceptron(*logic_gate("AND"), lr=1.0, num_epochs=1)
    np.testing.assert_array_equal(w, [1.0, 1.0])
    assert (b, errors) == (0.0, [2])
    X, y = make_separable(50, margin=0.25, seed=8)
    w, b, errors = perceptron.train_perceptron(X, y, lr=0.1, num_epochs=100)
    assert errors[-1] == 0 and np.array_equal(perceptron.perceptron(X, w, b), y)
    _, _, errors = perceptron.train_perceptron(*logic_gate("XOR"), lr=0.1, num_epochs=20)
    assert len(errors) == 20 and min(errors) > 0  # not separable: never an error-free epoch


def test_slide_network_training_references_match_autograd_and_the_layer_library():
    W1, W2 = sn.reference_train_step(sn.X_SLIDE, sn.Y_SLIDE, sn.W1_SLIDE, sn.W2_SLIDE,
                                     sn.LR_SLIDE)
    ref = sn.autograd_slide_network(sn.X_SLIDE, sn.W1_SLIDE, sn.W2_SLIDE, sn.Y_SLIDE)
    np.testing.assert_allclose(W1, sn.W1_SLIDE - sn.LR_SLIDE * ref["dE_dW1"])
    assert round(W2[0, 0], 4) == 0.3099  # slide 4-5-18
    net = layers.TwoLayerNet(2, 4, 1, activation="sigmoid", output_activation="sigmoid",
                             loss="squared_error", weight_scale=1.0, seed=0)
    X, y = logic_gate("XOR")
    Y = y.reshape(-1, 1).astype(float)
    expected = []
    for _ in range(50):
        loss, grads = net.loss(X, Y)
        expected.append(loss)
        net.step(grads, lr=2.0)
    _, losses = sn.reference_train_xor(num_epochs=50)
    np.testing.assert_allclose(losses, expected, rtol=1e-10)


def test_chapter_06_references():
    net = training.mlp(4, 5, 3)
    assert sum(p.numel() for p in net.parameters()) == 43  # chapter 06's count
    assert training.FlatMLP(64, 1000, 10)(torch.zeros(2, 8, 8)).shape == (2, 10)
    torch.manual_seed(0)
    X, y = torch.randn(10, 4), torch.arange(10) % 3
    batches = [(X[:4], y[:4]), (X[4:], y[4:])]
    a, b = training.reference_net((4, 5, 3), 0), training.reference_net((4, 5, 3), 0)
    losses = training.train_epochs(a, nn.CrossEntropyLoss(), torch.optim.SGD(a.parameters(), 0.1),
                                   batches, 2)
    opt = torch.optim.SGD(b.parameters(), 0.1)
    manual = []
    for _ in range(2):
        steps = [training.train_step(b, nn.CrossEntropyLoss(), opt, Xb, yb) * len(Xb)
                 for Xb, yb in batches]
        manual.append(sum(steps) / 10)
    np.testing.assert_allclose(losses, manual)
    binary = training.reference_net((3, 4, 1), 0)
    binary.train()
    X = torch.linspace(-2, 2, 12).reshape(4, 3)
    proba = training.predict_proba(binary, X)
    assert isinstance(proba, np.ndarray) and proba.shape == (4,) and not binary.training
    np.testing.assert_allclose(proba, torch.sigmoid(binary(X)).detach().reshape(-1).numpy())
    labels = training.predict(binary, X, threshold=float(np.median(proba)))
    assert labels.dtype == np.int64 and labels.sum() == 2
