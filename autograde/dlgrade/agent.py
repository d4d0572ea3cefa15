"""The student's side of a graded test cell: answer requests from the clean test process.

At grading time the engine runs ``serve(PATH, TOKEN)`` as a cell in the student's own
(sandboxed) kernel while the test cell runs in a clean process. ``serve`` connects to that
process over a Unix socket and answers its requests (look up a name, call a function, read an
attribute, iterate, swap a global for a reference function) until the test cell is done.

Nothing here is trusted: the student's code runs in this interpreter and may have replaced this
module. That is by design: the clean side treats every answer as data chosen by the student
and decides everything itself (see ``autograde/GRADING_DESIGN.md``).
"""
import itertools
import socket
import time

from . import byvalue, wire

ITER_LIMIT = 100_000


class _Missing:
    pass


class CallbackStub:
    """Stands for a function of the clean side; calling it asks the clean side to run it."""

    def __init__(self, agent, cid):
        self._agent, self._cid = agent, cid

    def __call__(self, *args, **kwargs):
        codec = AgentCodec(self._agent)
        request = {"cb": self._cid, "args": [codec.encode(a) for a in args],
                   "kwargs": [[k, codec.encode(v)] for k, v in kwargs.items()]}
        wire.send(self._agent.sock, request)
        reply = self._agent.wait_reply()
        if "err" in reply:  # a function of the test failed on what the answer gave it
            raise wire.rebuilt_error(reply["err"], RuntimeError)
        return AgentCodec(self._agent).decode(reply.get("ok"))


class AgentCodec(wire.Codec):
    def __init__(self, agent):
        super().__init__()
        self.agent = agent

    def encode_other(self, value, depth):
        if isinstance(value, CallbackStub):
            return {"$cb": value._cid}
        is_class = isinstance(value, type)
        names = wire.class_names(value) if is_class else wire.type_names(value)
        return {"$ref": [self.agent.handle(value), names, callable(value), is_class]}

    def on_decoded_mutable(self, memo, value):
        self.by_value.append((memo, value))

    def decode_other(self, tag, body, depth):
        if tag == "$ref":
            try:
                return self.agent.handles[body[0] if isinstance(body, list) else body]
            except (KeyError, TypeError, IndexError):
                raise wire.WireError("unknown handle") from None
        if tag == "$cb":
            return CallbackStub(self.agent, body)
        if tag == "$lib":
            return wire.resolve_library(body)
        if tag in byvalue.TAGS:
            return byvalue.decode(self, tag, body, depth)
        raise wire.WireError(f"unknown tag {tag}")


def _strict_call(target, args, kwargs):
    """Call with numpy's overflow/invalid/divide warnings raised as errors."""
    import warnings

    import numpy as np

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            return target(*args, **kwargs)


class Agent:
    def __init__(self, namespace, sock):
        self.ns, self.sock = namespace, sock
        self.handles, self._ids = {}, {}
        self._keep = []
        self._swaps = []
        self.strict = 0  # > 0: numpy floating-point warnings raise during calls

    def handle(self, obj):
        key = id(obj)
        if key not in self._ids:
            self._ids[key] = len(self.handles) + 1
            self.handles[self._ids[key]] = obj
            self._keep.append(obj)
        return self._ids[key]

    def wait_reply(self):
        """Answer nested requests until the reply to our own request arrives."""
        while True:
            message = wire.recv(self.sock)
            if "ok" in message or "err" in message:
                return message
            if message.get("op") == "done":
                raise EOFError("the test ended during a callback")
            wire.send(self.sock, self.answer(message))

    def loop(self):
        while True:
            message = wire.recv(self.sock)
            if message.get("op") == "done":
                return
            wire.send(self.sock, self.answer(message))

    def answer(self, message):
        codec = AgentCodec(self)
        try:
            result = self._do(message, codec)
            out = AgentCodec(self)
            reply = {"ok": out.encode(result)}
            wanted = message.get("wb") or []
            if wanted:
                received = dict(codec.by_value)
                reply["wb"] = [[memo, byvalue.state_after(received[memo], out)] for memo in wanted
                               if memo in received]
            return reply
        except BaseException as err:  # noqa: BLE001 - everything goes back as data
            if isinstance(err, (EOFError, ConnectionError)):
                raise
            return {"err": [wire.type_names(err), str(err)[:4000]]}

    def _do(self, message, codec):
        op = message.get("op")
        if op == "get":
            name = message["name"]
            if name not in self.ns:
                raise NameError(f"name '{name}' is not defined")
            return self.ns[name]
        if op == "swap":
            values = codec.decode(message["values"])
            saved = {name: self.ns.get(name, _Missing) for name in values}
            self._swaps.append(saved)
            self.ns.update(values)
            return None
        if op == "strict":
            self.strict = max(0, self.strict + (1 if message.get("on") else -1))
            return None
        if op == "unswap":
            saved = self._swaps.pop()
            for name, value in saved.items():
                if value is _Missing:
                    self.ns.pop(name, None)
                else:
                    self.ns[name] = value
            return None
        target = codec.decode(message["target"])
        if op == "call":
            args = codec.decode(message["args"])
            kwargs = {k: codec.decode(v) for k, v in message["kwargs"]}
            if self.strict:
                return _strict_call(target, args, kwargs)
            return target(*args, **kwargs)
        if op == "getattr":
            return getattr(target, message["name"])
        if op == "setattr":
            setattr(target, message["name"], codec.decode(message["value"]))
            return None
        if op == "getitem":
            return target[codec.decode(message["key"])]
        if op == "iter":
            items = list(itertools.islice(iter(target), ITER_LIMIT + 1))
            if len(items) > ITER_LIMIT:
                raise ValueError(f"more than {ITER_LIMIT} items")
            return items
        if op == "len":
            return len(target)
        raise ValueError(f"unknown request {op!r}")


def _user_namespace():
    """The notebook's global names: IPython's user namespace (``__main__`` outside IPython)."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        shell = None
    if shell is not None:
        return shell.user_ns
    import sys

    return sys.modules["__main__"].__dict__


def serve(path, token, connect_timeout=60.0):
    """Answer the clean test process's requests on the Unix socket ``path`` until it is done.

    ``token`` is the test's: the clean side talks only to a connection that says it first.
    The engine runs this as the test cell's stand-in in the student's kernel, by one call that
    passes only constants (the cell reads nothing of the notebook's names).
    """
    deadline = time.monotonic() + connect_timeout
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            break
        except OSError:
            sock.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)
    try:
        wire.send(sock, {"hello": token})
        Agent(_user_namespace(), sock).loop()
    except (EOFError, ConnectionError):
        pass
    finally:
        sock.close()
