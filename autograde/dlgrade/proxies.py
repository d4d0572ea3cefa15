"""Proxies for the student's objects, on the clean side of grading.

A name a test cell reads (an answer: a function, a class, a model) is bound in the clean
process to a :class:`RemoteObject`: every use (a call, an attribute, ``len``, iteration) is a
request to the student's kernel answered with data (:class:`dlgrade.bridge.Bridge`). Its type
answers ``isinstance`` only for classes of Python, numpy and torch the remote object says it
derives from (:data:`TRUSTED_TYPE_MODULES`); nothing the student wrote is ever imported here.
"""
import importlib

TRUSTED_TYPE_MODULES = ("builtins", "numpy", "torch", "collections")


class AnswerError(Exception):
    """The student's code raised an exception of a type that is not a builtin one."""


class GradingTimeout(Exception):
    """The student's code did not answer in time."""


def _trusted_class(name):
    module, _, qualname = name.rpartition(".")
    if module.split(".")[0] not in TRUSTED_TYPE_MODULES:
        return None
    try:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError, KeyError):
        return None
    return obj if isinstance(obj, type) else None


class RemoteObject:
    """An object living in the student's kernel. Every use is a request answered with data.

    ``type(proxy).__name__`` is the remote type's name and ``isinstance(proxy, C)`` is true
    when the remote object says its type derives from C and C is a class of Python, numpy or
    torch: the student can make such claims, but no check decides on them alone.
    """

    __slots__ = ("_dlgrade_bridge", "_dlgrade_id", "__weakref__")
    _dlgrade_names = ()
    _dlgrade_isclass = False

    def __init__(self, bridge, rid):
        object.__setattr__(self, "_dlgrade_bridge", bridge)
        object.__setattr__(self, "_dlgrade_id", rid)

    @property
    def __class__(self):
        if self._dlgrade_isclass:
            return type
        for name in self._dlgrade_names:
            cls = _trusted_class(name)
            if cls is not None and cls is not object:
                return cls
        return type(self)

    def __getattr__(self, name):
        if name.startswith("__") or name.startswith(("_repr_", "_ipython_")):
            raise AttributeError(name)
        return self._dlgrade_bridge.request({"op": "getattr", "target": {"$ref": self._dlgrade_id},
                                             "name": name})

    def __setattr__(self, name, value):
        bridge = self._dlgrade_bridge
        codec = bridge.codec()
        bridge.request({"op": "setattr", "target": {"$ref": self._dlgrade_id}, "name": name,
                        "value": codec.encode(value)}, codec)

    def __getitem__(self, key):
        codec = self._dlgrade_bridge.codec()
        return self._dlgrade_bridge.request({"op": "getitem", "target": {"$ref": self._dlgrade_id},
                                             "key": codec.encode(key)}, codec)

    def __iter__(self):
        items = self._dlgrade_bridge.request({"op": "iter",
                                              "target": {"$ref": self._dlgrade_id}})
        return iter(items)

    def __len__(self):
        n = self._dlgrade_bridge.request({"op": "len", "target": {"$ref": self._dlgrade_id}})
        if not (isinstance(n, int) and not isinstance(n, bool) and n >= 0):
            raise TypeError("len() of the answer's object is not a whole number")
        return n

    def __bool__(self):
        return True

    def __repr__(self):
        return f"<답 코드의 {type(self).__name__} 객체>"


class _CallableRemote(RemoteObject):
    __slots__ = ()

    def __call__(self, *args, **kwargs):
        bridge = self._dlgrade_bridge
        codec = bridge.codec()
        return bridge.request({"op": "call", "target": {"$ref": self._dlgrade_id},
                               "args": [codec.encode(a) for a in args],
                               "kwargs": [[k, codec.encode(v)] for k, v in kwargs.items()]},
                              codec)


def _bases(self):
    bases = tuple(c for c in (_trusted_class(n) for n in self._dlgrade_names[1:]) if c)
    return bases or (object,)


_PROXY_CLASSES = {}


def proxy_class(names, is_callable, is_class):
    key = (tuple(names), bool(is_callable), bool(is_class))
    if key not in _PROXY_CLASSES:
        first = names[0] if names else "object"
        module, _, qualname = first.rpartition(".")
        namespace = {"__slots__": (), "_dlgrade_names": tuple(names),
                     "_dlgrade_isclass": bool(is_class), "__module__": module or "?",
                     "__qualname__": qualname}
        if is_class:
            # issubclass(proxy, C) walks __bases__ of a non-type object
            namespace["__bases__"] = property(_bases)
        base = _CallableRemote if is_callable else RemoteObject
        _PROXY_CLASSES[key] = type(qualname.split(".")[-1] or "object", (base,), namespace)
    return _PROXY_CLASSES[key]

