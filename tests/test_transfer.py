"""dlcourse.transfer (chapter 12) against torch's own behaviour."""
import numpy as np
import torch
from torch import nn

from dlcourse import transfer


def _net(seed=0):
    torch.manual_seed(seed)
    return transfer.digits_cnn5()


def test_few_label_subset():
    y = np.repeat(np.arange(4), [10, 7, 5, 9])
    idx = transfer.few_label_subset(y, 3, np.random.default_rng(0))
    assert idx.dtype == np.int64 and len(set(idx.tolist())) == 12
    assert np.bincount(y[idx]).tolist() == [3, 3, 3, 3]
    again = transfer.few_label_subset(y, 3, np.random.default_rng(0))
    assert idx.tolist() == again.tolist()
    assert idx.tolist() != transfer.few_label_subset(y, 3, np.random.default_rng(1)).tolist()


def test_replace_head_copies_the_body_and_leaves_the_original():
    net = _net()
    new = transfer.replace_head(net, 3, seed=4)
    assert new is not net and isinstance(new[-1], nn.Linear) and new[-1].out_features == 3
    assert net[-1].out_features == 5
    for a, b in zip(list(net.parameters())[:-2], list(new.parameters())[:-2]):
        assert torch.equal(a, b) and a is not b
    torch.manual_seed(4)
    expected = nn.Linear(64, 3)
    assert torch.equal(new[-1].weight, expected.weight)


def test_frozen_body_does_not_move_and_the_head_learns():
    net = transfer.freeze_body(transfer.replace_head(_net(), 5))
    assert [p.requires_grad for p in net.parameters()] == [False] * 4 + [True] * 2
    before = [p.detach().clone() for p in net.parameters()]
    rng = np.random.default_rng(0)
    X, y = rng.random((20, 1, 8, 8)), rng.integers(0, 5, 20)
    losses = transfer.train_trainable(net, X, y, 30, 0.05)
    after = list(net.parameters())
    assert all(torch.equal(a, b) for a, b in zip(before[:4], after[:4]))
    assert not torch.equal(before[4], after[4])
    assert losses[-1] < losses[0]


def test_param_groups_drive_torch_optimizers():
    net = _net()
    groups = transfer.param_groups(net, 1e-3, 1e-2)
    opt = torch.optim.SGD(groups, lr=0.5)
    assert [g["lr"] for g in opt.param_groups] == [1e-3, 1e-2]
    assert sum(len(g["params"]) for g in groups) == len(list(net.parameters()))
    assert groups[1]["params"][0] is net[-1].weight
    before = [p.detach().clone() for p in net.parameters()]
    net(torch.rand(4, 1, 8, 8)).sum().backward()
    grads = [p.grad.clone() for p in net.parameters()]
    opt.step()
    lrs = [1e-3] * 4 + [1e-2] * 2
    for b, g, p, lr in zip(before, grads, net.parameters(), lrs):
        torch.testing.assert_close(p.detach(), b - lr * g)


def test_save_and_load_round_trip(tmp_path):
    net = _net(3)
    new = transfer.save_and_load(net, transfer.digits_cnn5, tmp_path / "net.pt")
    assert (tmp_path / "net.pt").is_file() and new is not net
    x = torch.rand(3, 1, 8, 8)
    with torch.no_grad():
        assert torch.equal(net(x), new(x))


def test_copy_report_tells_a_deep_copy_from_changes_in_place():
    import copy

    net = _net()
    assert transfer.copy_report(transfer.replace_head, net, 3) == {
        "same_object": False, "changed": False, "shared": False}

    def in_place(n, k):
        n[-1] = nn.Linear(64, k)
        return n

    def shallow(n, k):
        new = copy.copy(n)
        new[-1] = nn.Linear(64, k)
        return new

    assert transfer.copy_report(in_place, _net(), 3)["changed"]
    assert transfer.copy_report(shallow, _net(), 3)["changed"]
    assert transfer.copy_report(lambda n, k: n, _net(), 3)["same_object"]
