"""Chapter 12 (transfer learning)."""
import numpy as np
import torch
from torch import nn

from .. import transfer as ref
from ..conv import make_cnn
from ..grading import (call_in_notebook, check_array, check_scalar, check_shape, check_true,
                       to_numpy)

__all__ = ["check_few_label_subset", "check_freeze_body", "frozen_small_cnn",
           "check_train_trainable", "check_param_groups", "check_replace_head",
           "check_save_and_load"]


def check_few_label_subset(few_label_subset, y, n, seed, what):
    """Check ``few_label_subset(y, n, rng)``: n distinct indices of each class, the same for the
    same seed, y unchanged."""
    y_copy = np.array(y, copy=True)
    idx = to_numpy(few_label_subset(y, n, np.random.default_rng(seed)), what, kind="int")
    classes = np.unique(y_copy)
    check_shape(idx, (n * len(classes),), f"{what} (클래스 {len(classes)}개 x {n}개)",
                hint="클래스마다 n개씩 뽑아 이어 붙입니다.", misconception="stratification")
    check_true(len(set(idx.tolist())) == len(idx), f"{what}: 같은 인덱스가 두 번 나옵니다.",
               hint="rng.choice(..., replace=False)로 뽑으세요.",
               misconception="sampling-replacement")
    check_true(bool(idx.min() >= 0 and idx.max() < len(y_copy)),
               f"{what}: 0 ~ {len(y_copy) - 1} 밖의 인덱스가 있습니다.")
    for c in classes:
        got = int(np.sum(y_copy[idx] == c))
        check_true(got == n, f"{what}: 클래스 {int(c)}가 {got}개인데 {n}개여야 합니다.",
                   hint="전체에서 뽑지 말고 클래스마다 그 클래스의 인덱스(np.flatnonzero(y == c)) "
                        "가운데서 n개를 뽑으세요.", misconception="stratification")
    again = to_numpy(few_label_subset(y, n, np.random.default_rng(seed)), what, kind="int")
    check_true(sorted(again.tolist()) == sorted(idx.tolist()),
               f"{what}: 같은 시드의 rng로 두 번 부르면 같은 인덱스가 나와야 합니다.",
               misconception="random-generator")
    other = to_numpy(few_label_subset(y, n, np.random.default_rng(seed + 1)), what, kind="int")
    check_true(sorted(other.tolist()) != sorted(idx.tolist()),
               f"{what}: 시드가 달라도 같은 인덱스입니다.",
               hint="앞에서부터 n개가 아니라, 클래스마다 rng로 무작위로 고르세요.",
               misconception="random-generator")
    check_array(y, y_copy, name=f"{what}: 호출 뒤의 y", misconception="mutates-input")


def check_freeze_body(freeze_body, net, n_head, what):
    """Check ``freeze_body(net)``: it returns the network with only the last ``n_head``
    parameters trainable."""
    out = freeze_body(net)
    check_true(out is not None, f"{what}: net을 돌려주어야 합니다 (return net).",
               misconception="return-contract")
    flags = [bool(p.requires_grad) for p in out.parameters()]
    expected = [False] * (len(flags) - n_head) + [True] * n_head
    check_true(flags == expected,
               f"{what}: 파라미터별 requires_grad가 {flags}인데 {expected}여야 합니다.",
               hint="마지막 층의 weight와 bias만 학습하고 나머지는 얼립니다: 먼저 모두 "
                    "requires_grad=False로 한 뒤 net[-1]의 파라미터만 True로 되돌리세요.",
               misconception="freezing")


def frozen_small_cnn(seed):
    """The library's small CNN (channels (4, 6), 3 classes) seeded with ``seed``, all but the last
    layer's weight and bias frozen."""
    torch.manual_seed(seed)
    net = make_cnn((4, 6), 3)
    for p in list(net.parameters())[:-2]:
        p.requires_grad_(False)
    return net


def check_train_trainable(train_trainable, seed, n, num_epochs, lr, what):
    """Check ``train_trainable(net, X, y, num_epochs, lr)`` on a frozen small CNN and random 8x8
    images (n of them, seed ``seed``): the losses and the trained weights match the library's,
    the frozen weights do not move."""
    data_rng = np.random.default_rng(seed)
    X = data_rng.random((n, 1, 8, 8)).astype(np.float32)
    y = data_rng.integers(0, 3, n)
    net, expected_net = frozen_small_cnn(seed), frozen_small_cnn(seed)
    before = [to_numpy(p) for p in net.parameters()]
    losses = to_numpy(train_trainable(net, X, y, num_epochs, lr), f"{what}의 손실 리스트")
    expected = ref.train_trainable(expected_net, X, y, num_epochs, lr)
    check_shape(losses, (num_epochs,), f"{what}의 손실 리스트 (에포크마다 하나)")
    after = [to_numpy(p) for p in net.parameters()]
    for k in range(len(after) - 2):
        check_array(after[k], before[k], rtol=0, atol=0,
                    name=f"{what}: 얼린 파라미터 {k}번 (움직이면 안 됩니다)",
                    hint="requires_grad가 False인 파라미터는 옵티마이저에 넘기지 않습니다.",
                    misconception="freezing")
    suspects = None
    if not np.allclose(losses, expected, rtol=1e-4, atol=1e-6):  # diagnose only what is wrong
        suspects = {"ignores-argument": ref.train_trainable(
            frozen_small_cnn(seed), X, y, num_epochs, lr, optimizer_class=torch.optim.SGD)}
    check_array(losses, expected, rtol=1e-4, atol=1e-6, name=f"{what}의 손실",
                hint="전체 배치, Adam(lr), nn.CrossEntropyLoss(), 한 번마다 zero_grad -> "
                     "backward -> step, 걸음 전의 손실을 모읍니다.",
                misconception="gradient-accumulates", suspects=suspects)
    for k, (got, want) in enumerate(zip(after[-2:], list(expected_net.parameters())[-2:])):
        check_array(got, want.detach().numpy(), rtol=1e-4, atol=1e-6,
                    name=f"{what}: 학습한 마지막 층의 파라미터 {k}번",
                    misconception="gradient-accumulates")
    check_true(bool(net.training), f"{what}: 학습 모드(net.train())로 학습해야 합니다.",
               misconception="train-eval-mode")


def check_param_groups(param_groups, net, body_lr, head_lr, what):
    """Check ``param_groups(net, body_lr, head_lr)``: two groups, the body's parameters with
    body_lr and the last layer's with head_lr, as the library makes them."""
    groups = param_groups(net, body_lr, head_lr)
    check_true(isinstance(groups, (list, tuple)) and len(groups) == 2,
               f"{what}: 그룹 두 개(딕셔너리 두 개)의 리스트를 돌려주어야 합니다.",
               misconception="param-groups")
    expected = ref.param_groups(net, body_lr, head_lr)
    for label, got, want in zip(("몸통", "마지막 층"), groups, expected):
        check_true(isinstance(got, dict) and "params" in got and "lr" in got,
                   f"{what}: {label} 그룹은 'params'와 'lr' 키를 가진 딕셔너리여야 합니다.",
                   misconception="return-contract")
        check_scalar(got["lr"], want["lr"], name=f"{what}: {label} 그룹의 lr",
                     hint="첫 번째 그룹이 몸통(body_lr), 두 번째가 마지막 층(head_lr)입니다.",
                     misconception="param-groups")
        params = list(got["params"])
        check_true(len(params) == len(want["params"]),
                   f"{what}: {label} 그룹의 파라미터가 {len(want['params'])}개여야 하는데 "
                   f"{len(params)}개입니다.",
                   hint="몸통 그룹에는 마지막 층을 뺀 파라미터만, 마지막 층 그룹에는 net[-1]의 "
                        "파라미터만 넣으세요: 한 파라미터가 두 그룹에 있으면 안 됩니다.",
                   misconception="param-groups")
        for k, (p, q) in enumerate(zip(params, want["params"])):
            check_array(to_numpy(p), q.detach().numpy(), rtol=0, atol=0,
                        name=f"{what}: {label} 그룹의 {k}번 파라미터 (net.parameters()의 순서)",
                        misconception="param-groups")


def check_replace_head(replace_head, net, num_classes, seed, what):
    """Check ``replace_head(net, num_classes, seed=)``: a new last nn.Linear with num_classes
    outputs, initialised as torch does under ``seed``, the body's weights kept, the original
    network neither changed nor sharing parameters with the new one."""
    before = [to_numpy(p) for p in net.parameters()]
    old_out = net[-1].out_features
    new = replace_head(net, num_classes, seed=seed)
    check_true(isinstance(new, nn.Module), f"{what}: 신경망을 돌려주어야 합니다.",
               misconception="return-contract")
    head = new[-1]
    check_true(isinstance(head, nn.Linear), f"{what}: 마지막 층이 nn.Linear여야 합니다.",
               misconception="layer-order")
    torch.manual_seed(seed)
    expected = nn.Linear(before[-2].shape[1], num_classes)
    check_array(to_numpy(head.weight), expected.weight.detach().numpy(), rtol=0, atol=0,
                name=f"{what}: 새 마지막 층의 weight",
                hint=f"nn.Linear(in_features, num_classes)를 torch.manual_seed(seed) 바로 뒤에 "
                     f"만듭니다. 모양은 ({num_classes}, {before[-2].shape[1]}).",
                misconception={"shape": "transpose-order", "value": "random-generator"})
    params = [to_numpy(p) for p in new.parameters()]
    check_true(len(params) == len(before), f"{what}: 파라미터 텐서의 수가 달라졌습니다.",
               misconception="layer-order")
    for k in range(len(before) - 2):
        check_array(params[k], before[k], rtol=0, atol=0,
                    name=f"{what}: 몸통의 파라미터 {k}번 (사전 학습한 값 그대로)",
                    misconception="object-identity")
    check_true(net[-1].out_features == old_out,
               f"{what}: 원래 신경망의 마지막 층이 바뀌었습니다.",
               hint="copy.deepcopy(net)의 복사본을 바꾸세요.", misconception="object-identity")
    report = call_in_notebook(ref.copy_report, replace_head, net, num_classes, seed=seed)
    check_true(not report["same_object"] and not report["changed"] and not report["shared"],
               f"{what}: 원래 신경망을 바꾸거나 그 파라미터를 새 신경망과 같이 씁니다"
               f"(같은 객체 {report['same_object']}, 원래가 바뀜 {report['changed']}, 파라미터 "
               f"공유 {report['shared']}).",
               hint="copy.deepcopy(net)로 완전히 복사한 뒤 바꾸세요 (copy.copy는 파라미터를 "
                    "같이 씁니다).", misconception="object-identity")
    for k, (p, q) in enumerate(zip(net.parameters(), before)):
        check_array(to_numpy(p), q, rtol=0, atol=0, name=f"{what}: 호출 뒤 원래 신경망의 {k}번",
                    misconception="object-identity")


def check_save_and_load(save_and_load, seed, path, what):
    """Check ``save_and_load(net, make_net, path)`` on the library's digits CNN (seed ``seed``):
    the state_dict saved in ``path``, the returned network made by ``make_net`` with it loaded
    (same weights and outputs); the file is removed afterwards."""
    torch.manual_seed(seed)
    net = ref.digits_cnn5()
    x = torch.rand(4, 1, 8, 8)
    with torch.no_grad():
        expected = net(x).numpy()
    state = {k: v.detach().clone() for k, v in net.state_dict().items()}
    token = int(np.random.default_rng(seed).integers(1 << 30))  # marks what make_net built
    new = save_and_load(net, ref.marked_factory(ref.digits_cnn5, token), path)
    check_true(isinstance(new, nn.Module), f"{what}: 새 신경망(nn.Module)을 돌려주어야 합니다.",
               misconception="return-contract")
    saved = call_in_notebook(ref.read_checkpoint, path)
    check_true(isinstance(saved, dict) and sorted(saved) == sorted(state),
               f"{what}: path에 net의 state_dict를 저장해야 합니다. 파일이 없거나 내용이 "
               "net.state_dict()와 다릅니다.", hint="torch.save(net.state_dict(), path)",
               misconception="object-identity")
    for key, value in state.items():
        check_array(saved[key], value, rtol=0, atol=0, name=f"{what}: 파일에 저장된 {key}",
                    misconception="object-identity")
    check_true(getattr(new, "made_by_test", None) == token,
               f"{what}: 돌려준 신경망은 make_net()으로 새로 만들어 파일을 불러온 것이어야 합니다 "
               "(net 자신이나 그 복사본이 아니라).",
               hint="new = make_net(), new.load_state_dict(torch.load(path, weights_only=True))",
               misconception="object-identity")
    for k, (p, q) in enumerate(zip(new.parameters(), net.parameters())):
        check_array(to_numpy(p), q.detach().numpy(), rtol=0, atol=0,
                    name=f"{what}: 불러온 신경망의 파라미터 {k}번",
                    hint="new.load_state_dict(torch.load(path, weights_only=True))로 불러오세요.",
                    misconception="object-identity")
    with torch.no_grad():
        check_array(new(x), expected, rtol=1e-6, atol=1e-7, name=f"{what}: 불러온 신경망의 출력",
                    misconception="object-identity")
    call_in_notebook(ref.remove_file, path)
