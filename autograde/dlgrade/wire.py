"""The format in which values cross between the student's kernel and the clean test process.

Only data crosses: JSON (null, booleans, numbers including NaN/inf, strings, lists) and tagged
objects built from it. Numeric arrays travel as raw bytes in base64 with an explicit dtype and
shape; nothing is ever unpickled, imported by a name the sender chose (except from the trusted
packages in :data:`LIBRARY_PREFIXES`, and never on the clean side from student data outside
them), or evaluated. Anything that is not data travels as a *handle*: a number that names an
object living on the other side, plus the names of its type (text, used for messages only).

Tags (every tagged value is a one-key dict whose key starts with ``$``):

==============  ===========================================================================
``$tuple``      list of values
``$dict``       list of ``[key, value]`` pairs (keys: any hashable data)
``$nd``         ``[dtype str, shape, base64]`` numeric/bool/str numpy array
``$np``         ``[dtype str, base64]`` numpy scalar
``$t``          ``[torch dtype name, $nd, requires_grad, grad or null, is_parameter]`` tensor
``$slice``      ``[start, stop, step]``;  ``$ellipsis``: ``0``
``$ref``        ``[id, [type names, most derived first], callable, isclass]``: a handle to an
                object in the student's kernel
``$cb``         ``id``: a handle to a function of the clean side (the student may call it)
``$lib``        ``"module:qualname"`` of an object in a trusted package (numpy, torch, ...)
``$mod``        ``[class path, attributes]``: a torch module passed by value
``$opt``        ``[class path, param refs per group, state_dict]``: a torch optimizer
``$loader``     ``[tensors, batch_size, shuffle, drop_last, generator state]``: a DataLoader
``$gen``        torch.Generator state (``$t`` uint8)
``$rng``        ``[bit generator name, state dict]``: a numpy ``random.Generator``
``$def``        ``[memo id, value]``; ``$memo``: memo id (the same object twice in a message)
==============  ===========================================================================
"""
import sys
import base64
import json
import math
import struct

MAX_MESSAGE_BYTES = 512 * 1024 * 1024
# What the clean side accepts from the student's side in one message: the bytes, and the JSON
# values they may hold (a value costs Python about 100 bytes, so 2 million stay well below the
# clean process's memory cap; arrays travel as one base64 string whatever their size).
ANSWER_MESSAGE_BYTES = 128 * 1024 * 1024
ANSWER_MESSAGE_VALUES = 2_000_000
MAX_DEPTH = 64
LIBRARY_PREFIXES = ("numpy", "torch", "math", "dlcourse")
# numpy's bit generators a random.Generator may be rebuilt from (by name, on the answer's side)
BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")
_HEADER = struct.Struct(">Q")


class WireError(Exception):
    """A message that is not valid data (broken, too large, too deep, unknown tag)."""


# ----------------------------------------------------------------------------------------
# framing
# ----------------------------------------------------------------------------------------

def send(sock, message):
    data = json.dumps(message, allow_nan=True, separators=(",", ":")).encode("utf-8")
    if len(data) > MAX_MESSAGE_BYTES:
        raise WireError(f"message of {len(data)} bytes is over the limit")
    sock.sendall(_HEADER.pack(len(data)) + data)


def _exactly(sock, n):
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def recv(sock, max_bytes=MAX_MESSAGE_BYTES, max_values=None):
    """The next message. ``max_values`` bounds the JSON values it may hold, counted before
    parsing (every value but the first follows a ``,``, ``[`` or ``{``), so a small message
    cannot expand into gigabytes of Python objects."""
    (n,) = _HEADER.unpack(_exactly(sock, _HEADER.size))
    if n > max_bytes:  # the connection is not used after this
        raise WireError(f"message of {n} bytes is over the limit of {max_bytes}")
    data = _exactly(sock, n)
    if max_values is not None:
        values = data.count(b",") + data.count(b"[") + data.count(b"{")
        if values > max_values:
            raise WireError(f"message of {values} values is over the limit of {max_values}")
    try:
        message = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as err:
        raise WireError(f"not a valid message: {err}") from None
    if not isinstance(message, dict):
        raise WireError("a message must be an object")
    return message


def clean_text(text):
    """``text`` without lone surrogates (JSON can carry them; UTF-8 files cannot)."""
    if text.isascii():
        return text
    return text.encode("utf-8", "replace").decode("utf-8")


# ----------------------------------------------------------------------------------------
# pieces shared by both sides
# ----------------------------------------------------------------------------------------

def rebuilt_error(err, other):
    """An exception for an ``err`` reply (``[type names, message]`` from the other side): the
    built-in exception it names (a ValueError stays a ValueError, never an AssertionError, and
    a class that is no more than an ``Exception`` is not one), else ``other("Type: message")``;
    a reply of another form is ``other`` with a general Korean message."""
    import builtins

    try:
        names, message = err
        names = [clean_text(n) for n in names if isinstance(n, str)]
        message = clean_text(str(message)[:4000])
    except (TypeError, ValueError):
        return other("답 코드에서 알 수 없는 오류가 났습니다.")
    for name in names:
        if name.startswith("builtins."):
            cls = getattr(builtins, name[len("builtins."):], None)
            if isinstance(cls, type) and issubclass(cls, Exception) and cls is not Exception \
                    and not issubclass(cls, AssertionError):
                return cls(message)
    short = names[0].rpartition(".")[2] if names else "Exception"
    return other(f"{short}: {message}")


def _torch():
    import torch

    return torch


def encode_ndarray(array):
    import numpy as np

    array = np.asarray(array)  # not ascontiguousarray: that turns a 0-d array into shape (1,)
    if array.dtype.kind not in "biufcUS" or array.dtype.hasobject:
        raise TypeError(f"arrays of dtype {array.dtype} cannot cross")
    return {"$nd": [array.dtype.str, list(array.shape),
                    base64.b64encode(array.tobytes(order="C")).decode("ascii")]}


def decode_ndarray(body):
    import numpy as np

    if not (isinstance(body, list) and len(body) == 3 and isinstance(body[0], str)
            and isinstance(body[1], list) and isinstance(body[2], str)):
        raise WireError("malformed array")
    try:
        dtype = np.dtype(body[0])
    except TypeError:
        raise WireError(f"unknown dtype {body[0]!r}") from None
    if dtype.kind not in "biufcUS" or dtype.hasobject or dtype.fields is not None:
        raise WireError(f"dtype {dtype} may not cross")
    shape = body[1]
    if len(shape) > 32 or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0
                                  for n in shape):
        raise WireError("malformed shape")
    raw = base64.b64decode(body[2].encode("ascii"), validate=True)
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise WireError("array data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def type_names(obj):
    """``module.qualname`` of the object's type and of its bases, most derived first."""
    return class_names(type(obj))


def class_names(klass):
    """``module.qualname`` of a class and of its bases, most derived first."""
    names = []
    for cls in klass.__mro__:
        module = getattr(cls, "__module__", "?")
        names.append(f"{module}.{getattr(cls, '__qualname__', cls.__name__)}")
    return names[:32]


def class_path(cls):
    return f"{cls.__module__}:{cls.__qualname__}"


def resolve_library(path, prefixes=LIBRARY_PREFIXES):
    """The object named ``module:qualname`` inside a trusted package, or WireError."""
    import importlib

    if not isinstance(path, str) or path.count(":") != 1:
        raise WireError("malformed library reference")
    module_name, qualname = path.split(":")
    if module_name.split(".")[0] not in prefixes:
        raise WireError(f"{module_name} is not a library that may be named")
    if any(part.startswith("__") or part == "<locals>" for part in qualname.split(".")):
        raise WireError("malformed library reference")
    try:
        obj = importlib.import_module(module_name)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError):
        raise WireError(f"no such library object {path}") from None
    return obj


def library_path(obj, prefixes=LIBRARY_PREFIXES):
    """``module:qualname`` when ``obj`` is reachable by that name in a trusted package."""
    candidates = []
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if isinstance(module, str) and isinstance(qualname, str):
        candidates.append(f"{module}:{qualname}")
    name = getattr(obj, "__name__", None)
    if isinstance(name, str):  # numpy ufuncs, torch builtins
        candidates += [f"numpy:{name}", f"torch:{name}"]
    for path in candidates:
        if path.partition(":")[0] not in sys.modules:
            continue  # obj cannot belong to a module nobody imported (and importing costs)
        try:
            if resolve_library(path, prefixes) is obj:
                return path
        except WireError:
            continue
    return None


class Codec:
    """Encoder/decoder for one message. Subclasses decide what becomes a handle.

    ``by_value`` records, for a write-back after a call, the mutable objects that were sent
    (or received) by value: list of ``(memo id, object)``.
    """

    def __init__(self):
        self._memo_out = {}   # id(obj) -> memo id
        self._keep = []       # keep encoded objects alive so their ids stay unique
        self._memo_in = {}    # memo id -> decoded object
        self.by_value = []

    # --- encoding -----------------------------------------------------------------------
    def encode(self, value, depth=0):
        import numpy as np

        if depth > MAX_DEPTH:
            raise TypeError("value nested too deeply to cross")
        if value is None or isinstance(value, (bool, str)) or type(value) in (int, float):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, np.generic):
            return int(value) if isinstance(value, int) else float(value)
        if isinstance(value, np.generic):
            array = encode_ndarray(np.asarray(value))["$nd"]
            return {"$np": [array[0], array[2]]}
        if isinstance(value, tuple):
            return {"$tuple": [self.encode(v, depth + 1) for v in value]}
        if value is Ellipsis:
            return {"$ellipsis": 0}
        if isinstance(value, slice):
            return {"$slice": [self.encode(value.start, depth + 1),
                               self.encode(value.stop, depth + 1),
                               self.encode(value.step, depth + 1)]}
        key = id(value)
        if key in self._memo_out:
            return {"$memo": self._memo_out[key]}
        body = self.encode_object(value, depth)
        if isinstance(value, (list, dict, np.ndarray)) or self._is_tensor(value) \
                or "$mod" in body or "$opt" in body or "$loader" in body or "$rng" in body:
            memo = len(self._keep)
            self._memo_out[key] = memo
            self._keep.append(value)
            self.on_encoded_mutable(memo, value)
            return {"$def": [memo, body]}
        return body

    @staticmethod
    def _is_tensor(value):
        torch = sys.modules.get("torch")  # a tensor exists only if torch has been imported
        return torch is not None and isinstance(value, torch.Tensor)

    def on_encoded_mutable(self, memo, value):
        """Hook: a mutable object was sent by value under ``memo``."""

    def encode_tensor(self, t, depth):
        torch = _torch()
        data = t.detach().cpu()
        dtype = str(data.dtype).replace("torch.", "")
        if data.dtype == torch.bfloat16:
            data = data.float()
        grad = t.grad if t.is_leaf and t.grad is not None else None
        return {"$t": [dtype, encode_ndarray(data.numpy()), bool(t.requires_grad),
                       None if grad is None else self.encode_tensor(grad, depth + 1),
                       isinstance(t, torch.nn.Parameter)]}

    def encode_object(self, value, depth):
        import numpy as np

        if isinstance(value, list):
            return [self.encode(v, depth + 1) for v in value]
        if isinstance(value, dict):
            return {"$dict": [[self.encode(k, depth + 1), self.encode(v, depth + 1)]
                              for k, v in value.items()]}
        if isinstance(value, np.ndarray) and value.dtype.kind in "biufcUS" \
                and not value.dtype.hasobject:
            return encode_ndarray(value)
        if "torch" in __import__("sys").modules and self._is_tensor(value):
            return self.encode_tensor(value, depth)
        return self.encode_other(value, depth)

    def encode_other(self, value, depth):
        raise TypeError(f"{type(value).__name__} cannot cross")

    # --- decoding -----------------------------------------------------------------------
    def decode(self, data, depth=0):
        if depth > MAX_DEPTH:
            raise WireError("value nested too deeply")
        if isinstance(data, str):
            return clean_text(data)
        if data is None or isinstance(data, (bool, int, float)):
            return data
        if isinstance(data, list):
            return [self.decode(v, depth + 1) for v in data]
        if not isinstance(data, dict) or len(data) != 1:
            raise WireError("malformed value")
        (tag, body), = data.items()
        if tag == "$def":
            if not (isinstance(body, list) and len(body) == 2 and isinstance(body[0], int)):
                raise WireError("malformed definition")
            value = self.decode(body[1], depth + 1)
            self._memo_in[body[0]] = value
            self.on_decoded_mutable(body[0], value)
            return value
        if tag == "$memo":
            if body not in self._memo_in:
                raise WireError("unknown memo reference")
            return self._memo_in[body]
        if tag == "$tuple":
            return tuple(self.decode(body, depth + 1)) if isinstance(body, list) else \
                self._bad(tag)
        if tag == "$dict":
            if not isinstance(body, list):
                self._bad(tag)
            out = {}
            for pair in body:
                if not (isinstance(pair, list) and len(pair) == 2):
                    self._bad(tag)
                k = self.decode(pair[0], depth + 1)
                try:
                    out[k] = self.decode(pair[1], depth + 1)
                except TypeError:
                    raise WireError("unhashable key") from None
            return out
        if tag == "$nd":
            return decode_ndarray(body)
        if tag == "$np":
            if not (isinstance(body, list) and len(body) == 2):
                self._bad(tag)
            return decode_ndarray([body[0], [], body[1]])[()]
        if tag == "$t":
            return self.decode_tensor(body, depth)
        if tag == "$slice":
            if not (isinstance(body, list) and len(body) == 3):
                self._bad(tag)
            parts = [self.decode(v, depth + 1) for v in body]
            if not all(p is None or isinstance(p, int) for p in parts):
                self._bad(tag)
            return slice(*parts)
        if tag == "$ellipsis":
            return Ellipsis
        return self.decode_other(tag, body, depth)

    def on_decoded_mutable(self, memo, value):
        """Hook: an object received by value under ``memo``."""

    @staticmethod
    def _bad(tag):
        raise WireError(f"malformed {tag}")

    def decode_tensor(self, body, depth):
        torch = _torch()
        if not (isinstance(body, list) and len(body) == 5 and isinstance(body[0], str)):
            self._bad("$t")
        dtype = getattr(torch, body[0], None)
        if not isinstance(dtype, torch.dtype):
            raise WireError(f"unknown tensor dtype {body[0]!r}")
        array = decode_ndarray(body[1]["$nd"] if isinstance(body[1], dict) and "$nd" in body[1]
                               else self._bad("$t"))
        t = torch.from_numpy(array).to(dtype)
        if body[4] is True:
            t = torch.nn.Parameter(t, requires_grad=bool(body[2]))
        elif body[2] is True and (t.is_floating_point() or t.is_complex()):
            t.requires_grad_(True)
        if body[3] is not None and t.requires_grad:
            grad = self.decode_tensor(body[3]["$t"] if isinstance(body[3], dict)
                                      and "$t" in body[3] else self._bad("$t"), depth + 1)
            if grad.shape == t.shape:
                t.grad = grad.detach().to(t.dtype)
        return t

    def decode_other(self, tag, body, depth):
        raise WireError(f"unknown tag {tag}")
