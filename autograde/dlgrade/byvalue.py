"""Library objects a test hands to an answer by value, both halves of each tag side by side.

A test cell (clean process) may pass a torch module, optimizer or data loader, or a torch or
numpy random generator, to the student's function. It goes over the wire as data: the clean
side's codec (:class:`dlgrade.bridge.CleanCodec`) calls :func:`encode`, the answer's side
(:class:`dlgrade.agent.AgentCodec`) calls :func:`decode` and rebuilds a real object of the
same library class there. After the call the answer's side sends the object's new state
(:func:`state_after`) and the clean side copies it into the test's object
(:func:`apply_state`), so that, e.g., a generator the answer drew from has advanced.

Each tag below is one encoder (clean side) and one decoder (answer's side), next to each other:

=========== ==========================================================
``$mod``    ``torch.nn.Module`` of torch or the course library
``$opt``    ``torch.optim.Optimizer``: its parameters and state dict
``$loader`` ``DataLoader`` over a ``TensorDataset``
``$gen``    ``torch.Generator``: its state
``$rng``    ``numpy.random.Generator``: its bit generator and state
=========== ==========================================================

A decoder accepts only a library class (:func:`dlgrade.wire.resolve_library`), so nothing the
answer's side receives can name code of its own choosing; the clean side never decodes these
tags at all (a reply carries data and handles only).
"""
import sys

from . import wire

TAGS = ("$mod", "$opt", "$loader", "$gen", "$rng")

_MODULE_BASE_KEYS = None


def _module_base_keys():
    """The attributes every ``torch.nn.Module`` has (hooks and the like): not sent."""
    global _MODULE_BASE_KEYS
    if _MODULE_BASE_KEYS is None:
        import torch

        _MODULE_BASE_KEYS = set(vars(torch.nn.Module()))
    return _MODULE_BASE_KEYS


def encode(codec, value, depth):
    """``{tag: body}`` for a library object passed by value, or None for anything else.
    ``codec`` offers ``encode(value, depth)`` and ``quietly(value, depth)`` (encode without
    asking for a write-back)."""
    torch = sys.modules.get("torch")
    if torch is not None:
        if isinstance(value, torch.nn.Module):
            return _encode_module(codec, value, depth)
        if isinstance(value, torch.optim.Optimizer):
            return _encode_optimizer(codec, value, depth)
        if isinstance(value, torch.utils.data.DataLoader):
            return _encode_loader(codec, value, depth)
        if isinstance(value, torch.Generator):
            return {"$gen": codec.quietly(value.get_state(), depth)}
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.random.Generator):
        bits = value.bit_generator
        return {"$rng": [type(bits).__name__, codec.quietly(bits.state, depth)]}
    return None


def decode(codec, tag, body, depth):
    """The object a tag of :data:`TAGS` stands for, rebuilt on the answer's side."""
    return _DECODERS[tag](codec, body, depth)


# ---- $mod ------------------------------------------------------------------------------
def _encode_module(codec, module, depth):
    path = wire.library_path(type(module))
    if path is None:
        raise TypeError(f"{type(module).__name__} is not a torch or course module")
    attrs = {}
    for key, value in vars(module).items():
        if key in ("_parameters", "_buffers", "_modules"):
            attrs[key] = {"$dict": [[codec.encode(k, depth + 2), codec.encode(v, depth + 2)]
                                    for k, v in value.items()]}
        elif key == "_non_persistent_buffers_set":
            attrs[key] = sorted(value)
        elif key == "training":
            attrs[key] = bool(value)
        elif key in _module_base_keys():
            if isinstance(value, dict) and value:
                raise TypeError("a module with hooks cannot be passed to the answer")
        else:
            attrs[key] = codec.encode(value, depth + 1)
    return {"$mod": [path, {"$dict": [[k, v] for k, v in attrs.items()]}]}


def _decode_module(codec, body, depth):
    import torch

    cls = wire.resolve_library(body[0])
    if not (isinstance(cls, type) and issubclass(cls, torch.nn.Module)):
        raise wire.WireError("not a module class")
    attrs = codec.decode(body[1], depth + 1)
    module = cls.__new__(cls)
    torch.nn.Module.__init__(module)
    for key, value in attrs.items():
        if key in ("_parameters", "_buffers", "_modules"):
            getattr(module, key).update(value)
        elif key == "_non_persistent_buffers_set":
            module._non_persistent_buffers_set = set(value)
        else:
            object.__setattr__(module, key, value)
    return module


# ---- $opt ------------------------------------------------------------------------------
def _encode_optimizer(codec, optimizer, depth):
    path = wire.library_path(type(optimizer))
    if path is None:
        raise TypeError(f"{type(optimizer).__name__} is not a torch optimizer")
    groups = [[codec.encode(p, depth + 1) for p in g["params"]]
              for g in optimizer.param_groups]
    return {"$opt": [path, groups, codec.quietly(optimizer.state_dict(), depth)]}


def _decode_optimizer(codec, body, depth):
    import torch

    cls = wire.resolve_library(body[0])
    if not (isinstance(cls, type) and issubclass(cls, torch.optim.Optimizer)):
        raise wire.WireError("not an optimizer class")
    groups = codec.decode(body[1], depth + 1)
    state = codec.decode(body[2], depth + 1)
    param_groups = [dict({k: v for k, v in g.items() if k != "params"}, params=ps)
                    for ps, g in zip(groups, state["param_groups"])]
    optimizer = cls(param_groups)
    optimizer.load_state_dict(state)
    return optimizer


# ---- $loader ---------------------------------------------------------------------------
def _encode_loader(codec, loader, depth):
    import torch

    dataset = loader.dataset
    if not isinstance(dataset, torch.utils.data.TensorDataset):
        raise TypeError("only DataLoaders over a TensorDataset can be passed to the answer")
    shuffle = isinstance(loader.sampler, torch.utils.data.RandomSampler)
    state = loader.generator.get_state() if loader.generator is not None else None
    return {"$loader": {"$tuple": [codec.encode(list(dataset.tensors), depth + 1),
                                   loader.batch_size, shuffle, bool(loader.drop_last),
                                   None if state is None
                                   else {"$gen": codec.quietly(state, depth)}]}}


def _decode_loader(codec, body, depth):
    from torch.utils.data import DataLoader, TensorDataset

    tensors, batch_size, shuffle, drop_last, generator = codec.decode(body, depth + 1)
    return DataLoader(TensorDataset(*tensors), batch_size=batch_size, shuffle=shuffle,
                      drop_last=drop_last, generator=generator)


# ---- $gen ------------------------------------------------------------------------------
def _decode_torch_generator(codec, body, depth):
    import torch

    generator = torch.Generator()
    generator.set_state(codec.decode(body, depth + 1))
    return generator


# ---- $rng ------------------------------------------------------------------------------
def _decode_numpy_generator(codec, body, depth):
    import numpy as np

    if not (isinstance(body, list) and len(body) == 2 and body[0] in wire.BIT_GENERATORS):
        raise wire.WireError("malformed numpy generator")
    generator = np.random.Generator(getattr(np.random, body[0])())
    generator.bit_generator.state = codec.decode(body[1], depth + 1)
    return generator


_DECODERS = {"$mod": _decode_module, "$opt": _decode_optimizer, "$loader": _decode_loader,
             "$gen": _decode_torch_generator, "$rng": _decode_numpy_generator}


# ---- the state after a call: sent by the answer's side, copied in on the clean side ------
def state_after(value, codec):
    """The state of an object received by value, after the answer's call (answer's side)."""
    import numpy as np

    if isinstance(value, np.random.Generator):
        return codec.encode(value.bit_generator.state)
    torch = sys.modules.get("torch")
    if torch is not None:
        if isinstance(value, torch.optim.Optimizer):
            return codec.encode(value.state_dict())
        if isinstance(value, torch.nn.Module):
            return codec.encode({name: m.training for name, m in value.named_modules()})
        if isinstance(value, torch.utils.data.DataLoader):
            return codec.encode(value.generator.get_state()
                                if value.generator is not None else None)
    return codec.encode(value)


def apply_state(obj, state):
    """Copy the state an object had in the student's kernel after a call into ``obj``
    (clean side). A state that does not fit the object is ignored: the test sees the object
    as it sent it."""
    import numpy as np

    torch = sys.modules.get("torch")
    if isinstance(obj, list) and isinstance(state, list):
        obj[:] = state
    elif isinstance(obj, dict) and isinstance(state, dict):
        obj.clear()
        obj.update(state)
    elif isinstance(obj, np.random.Generator) and isinstance(state, dict):
        try:  # the generator advanced by what the answer drew from it
            obj.bit_generator.state = state
        except (ValueError, TypeError, KeyError):
            pass
    elif isinstance(obj, np.ndarray) and isinstance(state, np.ndarray):
        if state.shape == obj.shape and obj.flags.writeable:
            obj[...] = state
    elif torch is None:
        return
    elif isinstance(obj, torch.Tensor) and isinstance(state, torch.Tensor):
        with torch.no_grad():
            if state.shape == obj.shape:
                obj.copy_(state)
        if obj.is_leaf and obj.requires_grad:
            obj.grad = None if state.grad is None or state.grad.shape != obj.shape \
                else state.grad.to(obj.dtype)
    elif isinstance(obj, torch.nn.Module) and isinstance(state, dict):
        for name, module in obj.named_modules():
            if isinstance(state.get(name), bool):
                module.training = state[name]
    elif isinstance(obj, torch.optim.Optimizer) and isinstance(state, dict):
        try:
            obj.load_state_dict(state)
        except (ValueError, KeyError, TypeError, RuntimeError):
            pass
    elif isinstance(obj, torch.utils.data.DataLoader) and obj.generator is not None:
        if isinstance(state, torch.Tensor):
            try:
                obj.generator.set_state(state.to(torch.uint8))
            except RuntimeError:
                pass
