"""Transfer learning (chapter 12): reference versions of the chapter's exercises.

A network pretrained on one task keeps its body (feature extractor) and gets a new last layer
(the head) for a related task. The head alone is trained with the body frozen (feature
extraction), or everything is trained with a smaller learning rate for the body (fine-tuning).
tests/test_transfer.py checks these against torch's own behaviour.
"""
import copy

import numpy as np

__all__ = ["few_label_subset", "replace_head", "last_layer", "freeze_body", "train_trainable",
           "param_groups", "save_and_load", "digits_cnn5", "new_scanner", "remove_file",
           "copy_report", "read_checkpoint", "marked_factory"]


def few_label_subset(y, n_per_class, rng):
    """Indices of ``n_per_class`` samples of every class of ``y``, drawn without replacement
    with the numpy Generator ``rng``; returned sorted (int64)."""
    y = np.asarray(y).reshape(-1)
    picked = [rng.choice(np.flatnonzero(y == label), size=int(n_per_class), replace=False)
              for label in np.unique(y)]
    return np.sort(np.concatenate(picked)).astype(np.int64)


def last_layer(net):
    """The last submodule of ``net`` that has parameters of its own (the head)."""
    owners = [m for m in net.modules() if any(True for _ in m.parameters(recurse=False))]
    return owners[-1]


def replace_head(net, num_classes, seed=0):
    """A deep copy of ``net`` (an ``nn.Sequential`` ending in ``nn.Linear``) whose last layer is
    a new ``nn.Linear(in_features, num_classes)``, created right after
    ``torch.manual_seed(seed)``. ``net`` itself is not changed."""
    import torch
    from torch import nn

    new = copy.deepcopy(net)
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        new[-1] = nn.Linear(new[-1].in_features, num_classes)
    return new


def freeze_body(net):
    """Turn off gradients (``requires_grad``) of every parameter except the head's; returns
    ``net`` (changed in place)."""
    head = {id(p) for p in last_layer(net).parameters()}
    for p in net.parameters():
        p.requires_grad_(id(p) in head)
    return net


def train_trainable(net, X, y, num_epochs, lr, *, optimizer_class=None):
    """Full-batch Adam(lr) on the parameters that require gradients, cross-entropy loss, in
    train mode; returns the list of the ``num_epochs`` losses (each before its step).
    ``optimizer_class`` replaces ``torch.optim.Adam`` (the checks use it to recognise an
    answer that trains with another optimizer)."""
    import torch
    from torch import nn

    X = torch.as_tensor(np.asarray(X, dtype=np.float32))
    y = torch.as_tensor(np.asarray(y), dtype=torch.long)
    optimizer = (optimizer_class or torch.optim.Adam)(
        [p for p in net.parameters() if p.requires_grad], lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    net.train()
    losses = []
    for _ in range(int(num_epochs)):
        optimizer.zero_grad()
        loss = loss_fn(net(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def param_groups(net, body_lr, head_lr):
    """Parameter groups for a torch optimizer: ``[{"params": body, "lr": body_lr},
    {"params": head, "lr": head_lr}]``, the head being :func:`last_layer`'s parameters."""
    head = list(last_layer(net).parameters())
    head_ids = {id(p) for p in head}
    body = [p for p in net.parameters() if id(p) not in head_ids]
    return [{"params": body, "lr": body_lr}, {"params": head, "lr": head_lr}]


def save_and_load(net, make_net, path):
    """Save ``net``'s state dict to ``path`` with ``torch.save`` and load it into a new network
    from ``make_net()``; returns the new network (in eval mode)."""
    import torch

    torch.save(net.state_dict(), path)
    new = make_net()
    new.load_state_dict(torch.load(path, weights_only=True))
    return new.eval()


def digits_cnn5():
    """Chapter 10's CNN for 8x8 digits with five classes (a task of five digits)."""
    from .conv import make_cnn

    return make_cnn((8, 16), 5)


def new_scanner(images, seed):
    """The same images as another clinic's scanner would give them (chapter 12's target
    domain): lower contrast (x 0.4), a brighter background (+ 0.4) and more noise (sd 0.1),
    float32."""
    rng = np.random.default_rng(seed)
    images = np.asarray(images, dtype=np.float64)
    return (0.4 * images + 0.4 + rng.normal(0.0, 0.1, images.shape)).astype(np.float32)


def read_checkpoint(path):
    """The state dict saved at ``path`` (``{name: tensor}``), or None when there is no file.
    Tests run it where the answers live (``dlcourse.grading.call_in_notebook``) to see what an
    answer wrote."""
    import os

    import torch

    if not os.path.exists(path):
        return None
    return torch.load(path, weights_only=True)


def marked_factory(make, token):
    """A function with no arguments that calls ``make()`` and marks the network it returns
    (attribute ``made_by_test = token``): a test can then tell a network the answer built with
    its ``make_net`` from the original or a copy of it."""
    def factory():
        net = make()
        net.made_by_test = token
        return net
    return factory


def remove_file(path):
    """Delete ``path`` if it exists (tests clean up the checkpoint they made)."""
    import os

    if os.path.exists(path):
        os.remove(path)


def copy_report(fn, net, *args, **kwargs):
    """Call ``fn(net, *args, **kwargs)`` and report what it did to ``net``: ``{"same_object":
    the result is net itself, "changed": net's layers or values changed, "shared": the result
    shares a parameter tensor with net}``. Tests run it where the answers live
    (``dlcourse.grading.call_in_notebook``), since only there is the original object at hand.
    """
    import torch

    layers = [(name, type(m).__name__) for name, m in net.named_modules()]
    values = {k: v.detach().clone() for k, v in net.state_dict().items()}
    out = fn(net, *args, **kwargs)
    now = net.state_dict()
    changed = layers != [(name, type(m).__name__) for name, m in net.named_modules()] or \
        set(values) != set(now) or any(not torch.equal(values[k], now[k]) for k in values)
    ours = {id(p) for p in net.parameters()}
    shared = any(id(p) in ours for p in out.parameters()) if hasattr(out, "parameters") else False
    return {"same_object": out is net, "changed": bool(changed), "shared": bool(shared)}
