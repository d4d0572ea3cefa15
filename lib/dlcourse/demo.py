"""Demo cells that keep working while an exercise above them is unanswered.

A demo cell after an exercise calls :func:`yours_or_reference` once per function it needs:

    demo_perceptron = yours_or_reference("perceptron", ref.perceptron, x, w, b)

It returns the student's function when it is defined, runs on the probe arguments and agrees
with the library's reference there (or passes ``check``), and the reference otherwise. While a
submission is graded the reference is withheld (``dlcourse.withheld``): the student's function
is used as it is. It
prints one Korean line saying which one the demo uses and why. The student's name is only
looked up, never rebound, so the exercise's own tests still see the student's answer.

Demos may trust the student's interpreter (nothing here grades); the test cells never use
this module.
"""
import contextlib
import copy
import inspect
import sys
import warnings

import numpy as np

from .withheld import is_withheld

__all__ = ["yours_or_reference", "same_values", "same_training_step", "same_epochs",
           "same_network_shapes"]


def _plain(value):
    if hasattr(value, "detach") and hasattr(value, "numpy"):  # a torch tensor
        return value.detach().cpu().numpy()
    return value


def same_values(a, b, *, rtol=1e-6, atol=1e-9):
    """True if ``a`` and ``b`` hold the same numbers.

    Numbers, numpy arrays and torch tensors compare by shape and value (within rtol, atol;
    NaN equals NaN); dicts by keys and values; tuples and lists element by element.
    """
    a, b = _plain(a), _plain(b)
    if isinstance(b, dict):
        return (isinstance(a, dict) and set(a) == set(b)
                and all(same_values(a[k], b[k], rtol=rtol, atol=atol) for k in b))
    if isinstance(b, (tuple, list)):
        return (isinstance(a, (tuple, list)) and len(a) == len(b)
                and all(same_values(x, y, rtol=rtol, atol=atol) for x, y in zip(a, b)))
    try:
        a_arr = np.asarray(a, dtype=np.float64)
        b_arr = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a_arr.shape == b_arr.shape and bool(
        np.allclose(a_arr, b_arr, rtol=rtol, atol=atol, equal_nan=True))


def _probe_training(update, seed):
    """Run ``update(net, loss_fn, optimizer, X, y)`` on a fixed small problem; (result, net)."""
    import torch

    from .training import reference_net

    with torch.random.fork_rng():
        torch.manual_seed(seed)
        X = torch.randn(12, 4)
        y = torch.arange(12) % 3
        net = reference_net((4, 6, 3), seed=seed, dropout=0.25)
        net.eval()  # a step must set the mode it needs itself
        result = update(net, torch.nn.CrossEntropyLoss(),
                        torch.optim.SGD(net.parameters(), lr=0.1), X, y)
    return result, net


def _same_training(candidate, reference, update):
    mine, net_mine = _probe_training(lambda *a: update(candidate, *a), seed=0)
    theirs, net_theirs = _probe_training(lambda *a: update(reference, *a), seed=0)
    return same_values(mine, theirs, rtol=1e-5, atol=1e-7) and all(
        same_values(p, q, rtol=1e-5, atol=1e-7)
        for p, q in zip(net_mine.parameters(), net_theirs.parameters()))


def same_training_step(reference):
    """A ``check`` for a training step f(net, loss_fn, optimizer, X, y) -> loss (float).

    The candidate and ``reference`` each train a copy of the same small dropout network,
    left in evaluation mode beforehand, from the same random state; the losses and the
    updated parameters must agree.
    """
    return lambda step: _same_training(step, reference, lambda f, *a: f(*a))


def same_epochs(reference):
    """A ``check`` for f(net, loss_fn, optimizer, loader, num_epochs) -> losses per epoch.

    Like :func:`same_training_step`, with two epochs over a loader of batches of 5.
    """
    def run(f, net, loss_fn, optimizer, X, y):
        batches = [(X[i:i + 5], y[i:i + 5]) for i in range(0, len(X), 5)]
        return f(net, loss_fn, optimizer, batches, 2)
    return lambda train: _same_training(train, reference, run)


def same_network_shapes(*args, x_shape=None):
    """A ``check`` for a network factory (a function or an nn.Module class).

    candidate(*args) must build a network with as many parameters as the two-layer design
    and map a batch of shape (3, n_inputs), and (3, *x_shape) if given, to logits of shape
    (3, n_outputs). args: (n_inputs, n_hidden, n_outputs).
    """
    import torch

    n_inputs, n_hidden, n_outputs = args

    def check(factory):
        net = factory(*args)
        n_params = sum(p.numel() for p in net.parameters())
        shapes = [(3, n_inputs)] + ([(3, *x_shape)] if x_shape else [])
        with torch.no_grad():
            outs = [tuple(net(torch.zeros(shape)).shape) for shape in shapes]
        expected = n_inputs * n_hidden + n_hidden + n_hidden * n_outputs + n_outputs
        return n_params == expected and all(out == (3, n_outputs) for out in outs)
    return check


@contextlib.contextmanager
def _torch_state_kept():
    """Probing must not move torch's global random generator (later cells seed from it)."""
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    with torch.random.fork_rng():
        yield


def _reason(name, yours, reference, probe, check):
    if yours is None:
        return "아직 정의되지 않아서(위의 답 셀을 실행했나요?)"
    if not callable(yours):
        return "함수가 아니라서"
    try:
        with warnings.catch_warnings(), _torch_state_kept():
            warnings.simplefilter("ignore")
            if check is not None:
                ok = check(yours)
            else:
                ok = same_values(yours(*copy.deepcopy(probe)), reference(*copy.deepcopy(probe)))
    except NotImplementedError:
        return "아직 답이 없어서"
    except Exception as error:  # any failure of the student's code means: use the reference
        return f"예제 입력에서 오류({type(error).__name__})를 내서"
    return None if ok else "예제 입력에서 기준 구현과 다른 값을 내서"


def yours_or_reference(name, reference, *probe, check=None, namespace=None):
    """The function a demo cell should use: the student's ``name`` if it works, else ``reference``.

    name: the exercise's name (str), looked up in the caller's global names (the notebook's)
    or in ``namespace`` (a dict). reference: the library's implementation with the same
    contract. probe: arguments for one call; the student's result must equal the
    reference's (:func:`same_values`). check: instead of the probe, a function f(candidate)
    -> bool. Prints one line in Korean and returns the chosen callable.
    """
    if namespace is None:
        namespace = inspect.currentframe().f_back.f_globals
    yours = namespace.get(name)
    kind = "클래스" if inspect.isclass(reference) else "함수"
    if is_withheld(reference):  # while grading the library's implementation is not there
        print(f"▶ 채점 중에는 라이브러리의 기준 {kind}를 쓸 수 없어 이 시연은 여러분이 작성한 "
              f"`{name}` {kind}를 씁니다.")
        return yours if callable(yours) else reference
    reason = _reason(name, yours, reference, probe, check)
    if reason is None:
        print(f"▶ 이 시연은 여러분이 작성한 `{name}` {kind}를 씁니다.")
        return yours
    print(f"▶ 여러분이 작성한 `{name}` {kind}가 {reason} "
          f"이 시연은 라이브러리의 기준 {kind}를 씁니다.")
    return reference
