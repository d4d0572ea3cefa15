"""The clean side of grading: test cells run in a process no student code has run in.

``python -m dlgrade.clean --socket PATH`` is started by the grading engine for one submission.
It reads requests as JSON lines on stdin (``setup``: run the course's trusted setup cell;
``test``: run one test cell) and answers on stdout. For a test cell it accepts one connection
from the student's kernel (:mod:`dlgrade.agent`), binds the names the cell tests (and only
those) to :class:`RemoteObject` proxies or to plain data received from the student's side, runs
the cell, and returns its outputs as nbformat outputs: printed text, and an ``error`` output
when a check failed. What the student's objects are, say and do reaches this process only as
data (:mod:`dlgrade.wire`); see ``autograde/GRADING_DESIGN.md``.
"""
import argparse
import builtins
import contextlib
import importlib
import io
import json
import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

from . import wire

# ----------------------------------------------------------------------------------------
# proxies for the student's objects
# ----------------------------------------------------------------------------------------

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
        codec = CleanCodec(bridge)
        bridge.request({"op": "setattr", "target": {"$ref": self._dlgrade_id}, "name": name,
                        "value": codec.encode(value)}, codec)

    def __getitem__(self, key):
        codec = CleanCodec(self._dlgrade_bridge)
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
        codec = CleanCodec(bridge)
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


# ----------------------------------------------------------------------------------------
# encoding on the clean side
# ----------------------------------------------------------------------------------------

_MODULE_BASE_KEYS = None


def _module_base_keys():
    global _MODULE_BASE_KEYS
    if _MODULE_BASE_KEYS is None:
        import torch

        _MODULE_BASE_KEYS = set(vars(torch.nn.Module()))
    return _MODULE_BASE_KEYS


class CleanCodec(wire.Codec):
    def __init__(self, bridge):
        super().__init__()
        self.bridge = bridge
        self.quiet = 0
        self.callbacks = []  # ids of the callbacks this message hands to the answer

    def on_encoded_mutable(self, memo, value):
        if not self.quiet:
            self.by_value.append((memo, value))

    def _plain_dict(self, d, depth):
        return {"$dict": [[self.encode(k, depth + 1), self.encode(v, depth + 1)]
                          for k, v in d.items()]}

    def encode_other(self, value, depth):
        if isinstance(value, RemoteObject):
            return {"$ref": value._dlgrade_id}
        torch = sys.modules.get("torch")
        if torch is not None:
            if isinstance(value, torch.nn.Module):
                return self._module(value, depth)
            if isinstance(value, torch.optim.Optimizer):
                return self._optimizer(value, depth)
            if isinstance(value, torch.utils.data.DataLoader):
                return self._loader(value, depth)
            if isinstance(value, torch.Generator):
                return {"$gen": self._quietly(value.get_state(), depth)}
            if isinstance(value, torch.dtype):
                return {"$lib": "torch:" + str(value).replace("torch.", "")}
        import numpy as np

        if isinstance(value, np.random.Generator):
            bits = value.bit_generator
            return {"$rng": [type(bits).__name__, self._quietly(bits.state, depth)]}
        # a library object the answer's side has too is named ($lib) and used there; what
        # the grading view withholds there (the exercises' implementations) runs here, as a
        # callback
        path = wire.library_path(value) if callable(value) else None
        if path and path not in self.bridge.withheld:
            return {"$lib": path}
        if callable(value):
            cid = self.bridge.register_callback(value)
            self.callbacks.append(cid)
            return {"$cb": cid}
        raise TypeError(f"the grader cannot pass a {type(value).__name__} to the answer")

    def _quietly(self, value, depth):
        self.quiet += 1
        try:
            return self.encode(value, depth + 1)
        finally:
            self.quiet -= 1

    def _module(self, module, depth):
        path = wire.library_path(type(module))
        if path is None:
            raise TypeError(f"{type(module).__name__} is not a torch or course module")
        attrs = {}
        for key, value in vars(module).items():
            if key in ("_parameters", "_buffers", "_modules"):
                attrs[key] = self._plain_dict(value, depth + 1)
            elif key == "_non_persistent_buffers_set":
                attrs[key] = sorted(value)
            elif key == "training":
                attrs[key] = bool(value)
            elif key in _module_base_keys():
                if isinstance(value, dict) and value:
                    raise TypeError("a module with hooks cannot be passed to the answer")
            else:
                attrs[key] = self.encode(value, depth + 1)
        return {"$mod": [path, {"$dict": [[k, v] for k, v in attrs.items()]}]}

    def _optimizer(self, optimizer, depth):
        path = wire.library_path(type(optimizer))
        if path is None:
            raise TypeError(f"{type(optimizer).__name__} is not a torch optimizer")
        groups = [[self.encode(p, depth + 1) for p in g["params"]]
                  for g in optimizer.param_groups]
        return {"$opt": [path, groups, self._quietly(optimizer.state_dict(), depth)]}

    def _loader(self, loader, depth):
        import torch

        dataset = loader.dataset
        if not isinstance(dataset, torch.utils.data.TensorDataset):
            raise TypeError("only DataLoaders over a TensorDataset can be passed to the answer")
        shuffle = isinstance(loader.sampler, torch.utils.data.RandomSampler)
        state = loader.generator.get_state() if loader.generator is not None else None
        body = [list(dataset.tensors), loader.batch_size, shuffle, bool(loader.drop_last),
                None if state is None else {"$gen": state}]
        return {"$loader": {"$tuple": [self.encode(body[0], depth + 1), body[1], body[2],
                                       body[3], None if state is None
                                       else {"$gen": self._quietly(state, depth)}]}}

    def decode_other(self, tag, body, depth):
        if tag == "$ref":
            if not (isinstance(body, list) and len(body) == 4 and isinstance(body[0], int)
                    and isinstance(body[1], list) and all(isinstance(n, str) for n in body[1])):
                raise wire.WireError("malformed handle")
            return self.bridge.proxy(body[0], body[1][:32], body[2] is True, body[3] is True)
        if tag == "$cb":
            try:
                return self.bridge.callbacks[body]
            except (KeyError, TypeError):
                raise wire.WireError("unknown callback") from None
        # nothing else: in particular no library reference ($lib) is ever resolved from the
        # answer's side, so a reply cannot make a test call the library's implementation
        raise wire.WireError(f"unexpected {tag} from the answer's side")


def _apply_state(obj, state):
    """Copy the state an object had in the student's kernel after a call into ``obj``."""
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


def _remote_error(err):
    try:
        names, message = err
        names = [wire.clean_text(n) for n in names if isinstance(n, str)]
        message = wire.clean_text(str(message)[:4000])
    except (TypeError, ValueError):
        return AnswerError("답 코드에서 알 수 없는 오류가 났습니다.")
    for name in names:
        if name.startswith("builtins."):
            cls = getattr(builtins, name[len("builtins."):], None)
            if isinstance(cls, type) and issubclass(cls, Exception) \
                    and not issubclass(cls, AssertionError):
                return cls(message)
    short = names[0].rpartition(".")[2] if names else "Exception"
    return AnswerError(f"{short}: {message}")


class Bridge:
    """The connection to the student's kernel for one test cell."""

    def __init__(self, sock, deadline, withheld=frozenset()):
        self.sock, self.deadline = sock, deadline
        self.withheld = frozenset(withheld)  # "module:name" the answer's side does not have
        self.proxies, self.callbacks = {}, {}
        self._next_callback = 0
        self._scopes = []   # callback ids handed over during each request being answered
        self._swapped = []  # callback ids of each active graded_with block

    def proxy(self, rid, names, is_callable, is_class):
        if rid not in self.proxies:
            self.proxies[rid] = proxy_class(names, is_callable, is_class)(self, rid)
        return self.proxies[rid]

    def register_callback(self, fn):
        """A new id for ``fn``, valid until the request that hands it over is answered (or,
        for a ``graded_with`` swap, until the block ends): an answer that keeps a callback
        cannot call it later, e.g. to get a reference's result in another exercise's test."""
        self._next_callback += 1
        self.callbacks[self._next_callback] = fn
        if self._scopes:
            self._scopes[-1].append(self._next_callback)
        return self._next_callback

    def _revoke(self, ids):
        for cid in ids:
            self.callbacks.pop(cid, None)

    def _timeout(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise GradingTimeout("시간 초과(timeout): 답 코드가 제한 시간 안에 끝나지 않았습니다.")
        self.sock.settimeout(left)

    def _send(self, message):
        self._timeout()
        wire.send(self.sock, message)

    def _recv(self):
        self._timeout()
        try:
            return wire.recv(self.sock, wire.ANSWER_MESSAGE_BYTES, wire.ANSWER_MESSAGE_VALUES)
        except socket.timeout:
            raise GradingTimeout("시간 초과(timeout): 답 코드가 제한 시간 안에 끝나지 "
                                 "않았습니다.") from None
        except EOFError:
            raise AnswerError("답 코드를 실행하던 커널(kernel)이 응답 도중 멈추거나 "
                              "끝났습니다.") from None
        except wire.WireError as err:
            raise AnswerError(f"답 코드가 보낸 값을 읽을 수 없습니다: {err}") from None

    def request(self, message, codec=None):
        codec = codec or CleanCodec(self)
        if codec.by_value:  # objects sent by value whose state comes back after the call
            message["wb"] = [memo for memo, _ in codec.by_value]
        scope = list(codec.callbacks)  # handed over by this message, or while answering it
        self._scopes.append(scope)
        answered = False
        try:
            result = self._exchange(message, codec)
            answered = True
            return result
        finally:
            self._scopes.pop()
            if answered and message.get("op") == "swap":
                self._swapped.append(scope)
            else:
                self._revoke(scope)

    def _exchange(self, message, codec):
        self._send(message)
        while True:
            reply = self._recv()
            if "cb" in reply:
                self._answer_callback(reply)
                continue
            if "err" in reply:
                raise _remote_error(reply["err"])
            if "ok" not in reply:
                raise AnswerError("답 코드가 알 수 없는 응답을 보냈습니다.")
            try:
                received = CleanCodec(self)  # one codec: write-backs may refer to the result
                result = received.decode(reply["ok"])
                sent = dict(codec.by_value)
                for item in reply.get("wb") or []:
                    if not (isinstance(item, list) and len(item) == 2):
                        raise wire.WireError("malformed write-back")
                    state = received.decode(item[1])
                    if item[0] in sent:
                        _apply_state(sent[item[0]], state)
            except wire.WireError as err:
                raise AnswerError(f"답 코드가 보낸 값을 읽을 수 없습니다: {err}") from None
            return result

    def _answer_callback(self, message):
        fn = self.callbacks.get(message.get("cb"))
        try:
            if fn is None:
                raise wire.WireError("unknown callback")
            codec = CleanCodec(self)
            args = codec.decode(message.get("args"))
            kwargs = {str(k): codec.decode(v) for k, v in message.get("kwargs") or []}
            result = fn(*args, **kwargs)
            self._send({"ok": CleanCodec(self).encode(result)})
        except (GradingTimeout, AnswerError):
            raise
        except Exception as err:  # noqa: BLE001 - the student's code sees the error
            self._send({"err": [wire.type_names(err), str(err)[:2000]]})

    # the helpers dlcourse.grading uses at grading time
    def get(self, name):
        return self.request({"op": "get", "name": name})

    def swap(self, replacements):
        codec = CleanCodec(self)
        self.request({"op": "swap", "values": codec.encode(dict(replacements))}, codec)

    def unswap(self):
        try:
            self.request({"op": "unswap"})
        finally:
            self._revoke(self._swapped.pop() if self._swapped else ())

    def strict(self, on):
        """Raise numpy floating-point warnings as errors in the answer's calls (or stop)."""
        self.request({"op": "strict", "on": bool(on)})

    def call_there(self, fn, args, kwargs):
        """Call a library function in the student's kernel (on the student's objects)."""
        path = wire.library_path(fn)
        if path is None:
            raise TypeError("only library functions can run on the answer's side")
        codec = CleanCodec(self)
        return self.request({"op": "call", "target": {"$lib": path},
                             "args": [codec.encode(a) for a in args],
                             "kwargs": [[k, codec.encode(v)] for k, v in kwargs.items()]}, codec)

    def done(self):
        try:
            self.sock.settimeout(5)
            wire.send(self.sock, {"op": "done"})
        except OSError:
            pass
        self.sock.close()


# ----------------------------------------------------------------------------------------
# the runner process
# ----------------------------------------------------------------------------------------

def _error_output(err):
    ename = type(err).__name__
    evalue = wire.clean_text(str(err))
    return {"output_type": "error", "ename": ename, "evalue": evalue,
            "traceback": [f"{ename}: {evalue}"]}


HELLO_TIMEOUT = 10  # seconds a connection has to say the test's token


class Runner:
    def __init__(self, socket_path):
        self.listener = None
        self.base = {"__name__": "__main__", "__builtins__": builtins}
        self.withheld = frozenset()
        if socket_path:
            self.listen(socket_path)

    def listen(self, socket_path):
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if os.path.exists(socket_path):
            os.unlink(socket_path)
        self.listener.bind(socket_path)
        self.listener.listen(8)

    def setup(self, source, withheld=(), preload=()):
        """Run the course's setup cell; ``withheld``: what the grading view withholds on the
        answer's side (passed to the answer as callbacks, never by name); ``preload``: modules
        the test cells import (imported here, once, into ``sys.modules`` only: the tests'
        namespace still gets only what their own ``import`` binds)."""
        import importlib

        self.withheld = frozenset(withheld)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(compile(source, "<setup>", "exec"), self.base)  # noqa: S102 - course code
            for module in preload:
                try:
                    importlib.import_module(module)
                except Exception:  # noqa: BLE001 - the test cell will say so itself
                    pass
        return {"ok": True}

    def _connect(self, token, deadline):
        """The connection that says this test's token first; others are closed unheard (a
        student's code may connect early: it never talks to a test)."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AnswerError("답 코드의 커널(kernel)에 연결하지 못했습니다.")
            self.listener.settimeout(left)
            try:
                conn, _ = self.listener.accept()
            except socket.timeout:
                raise AnswerError("답 코드의 커널(kernel)에 연결하지 못했습니다.") from None
            try:
                conn.settimeout(min(HELLO_TIMEOUT, max(0.01, deadline - time.monotonic())))
                hello = wire.recv(conn, max_bytes=1024, max_values=4)
                if hello.get("hello") == token:
                    return conn
            except (OSError, EOFError, wire.WireError, ValueError):
                pass
            conn.close()

    def test(self, source, names, timeout, token):
        import dlcourse.grading as grading
        from dlcourse.setup import seed_everything

        deadline = time.monotonic() + float(timeout)
        namespace = dict(self.base)
        buffer = io.StringIO()
        outputs = []
        bridge = None
        try:
            seed_everything()
            bridge = Bridge(self._connect(token, deadline), deadline, self.withheld)
            for name in names:
                try:
                    namespace[name] = bridge.get(name)
                except NameError:
                    pass  # the test reads it and fails with NameError, as in the notebook
            with grading.answers_elsewhere(bridge), contextlib.redirect_stdout(buffer), \
                    contextlib.redirect_stderr(buffer):
                exec(compile(source, "<test>", "exec"), namespace)  # noqa: S102 - course code
        except BaseException as err:  # noqa: BLE001 - every failure is the cell's output
            outputs_error = _error_output(err)
        else:
            outputs_error = None
        finally:
            if bridge is not None:
                bridge.done()
        text = wire.clean_text(buffer.getvalue())
        if text:
            outputs.append({"output_type": "stream", "name": "stdout", "text": text[:200_000]})
        if outputs_error:
            outputs.append(outputs_error)
        return {"outputs": outputs}


def _serve_requests(runner, lines, replies):
    """Answer the engine's requests (JSON lines) until its end of the pipe closes."""
    for line in lines:
        request = json.loads(line)
        try:
            if request["op"] == "setup":
                reply = runner.setup(request["source"], request.get("withheld", ()),
                                     request.get("preload", ()))
            elif request["op"] == "test":
                reply = runner.test(request["source"], request["names"], request["timeout"],
                                    request["token"])
            else:
                reply = {"error": f"unknown op {request['op']}"}
        except BaseException as err:  # noqa: BLE001
            reply = {"error": wire.clean_text(f"{type(err).__name__}: {err}"[:2000])}
        reply["id"] = request.get("id")
        # ASCII only: whatever text a reply carries, it can always be written
        replies.write(json.dumps(reply, ensure_ascii=True) + "\n")
        replies.flush()


def _private_stdout():
    """Replies go to a private copy of stdout; anything else written to fd 1 or 2 (C
    libraries, warnings) goes nowhere and cannot corrupt them."""
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    return replies


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket")
    parser.add_argument("--zygote", action="store_true",
                        help="run setup once, then fork one clean process per submission")
    args = parser.parse_args(argv)
    replies = _private_stdout()
    if args.zygote:
        return _zygote(replies)
    runner = Runner(args.socket)
    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    _serve_requests(runner, sys.stdin, replies)


# ----------------------------------------------------------------------------------------
# the zygote: setup once, a forked clean process per submission
# ----------------------------------------------------------------------------------------

def _zygote(replies):
    """Import the libraries and run the course's setup cell once, then, for each submission,
    fork a child that is that submission's clean process (it starts with the setup done: no
    imports, no setup cell). The child talks to the engine over two named pipes and listens on
    the submission's socket. No student code ever runs in the zygote or its children; each
    child is killed when its submission is done, and the zygote keeps the state right after
    the setup cell, so every submission's tests start from the same state.
    """
    import signal

    runner = Runner(None)
    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    children = set()
    for line in sys.stdin:
        request = json.loads(line)
        for pid in list(children):  # reap the children that ended
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    children.discard(pid)
            except ChildProcessError:
                children.discard(pid)
        try:
            if request["op"] == "setup":
                reply = runner.setup(request["source"], request.get("withheld", ()),
                                     request.get("preload", ()))
            elif request["op"] == "fork":
                pid = os.fork()
                if pid == 0:
                    try:
                        _child(runner, request)
                    finally:
                        os._exit(0)
                children.add(pid)
                reply = {"pid": pid}
            elif request["op"] == "kill":
                pid = int(request["pid"])
                if pid in children:
                    try:
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
                    except (ProcessLookupError, ChildProcessError):
                        pass
                    children.discard(pid)
                reply = {"killed": pid}
            else:
                reply = {"error": f"unknown op {request['op']}"}
        except BaseException as err:  # noqa: BLE001
            reply = {"error": wire.clean_text(f"{type(err).__name__}: {err}"[:2000])}
        reply["id"] = request.get("id")
        replies.write(json.dumps(reply, ensure_ascii=True) + "\n")
        replies.flush()


def _child(runner, request):
    """One submission's clean process, forked from the zygote: first in line to be killed
    when memory runs out (the zygote must survive), talking over the request's named pipes."""
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass
    os.chdir(request["cwd"])
    requests = open(request["in"], encoding="utf-8")  # noqa: SIM115 - for the child's life
    replies = open(request["out"], "w", encoding="utf-8")  # noqa: SIM115
    runner.listen(request["socket"])
    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    _serve_requests(runner, requests, replies)


class CleanProcessError(RuntimeError):
    """The clean test process ended or did not answer in time."""


class _Lines:
    """JSON lines to and from a clean process, every request with an id that its reply
    repeats (a late reply to an earlier request is never taken for the answer to a later
    one). Subclasses set ``self._out_fd`` (read end) and ``self._in`` (binary write file)."""

    def _init_lines(self):
        self._buffer = b""
        self._next_id = 0

    def _read(self, timeout):
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CleanProcessError("the clean test process did not answer in time")
            ready, _, _ = select.select([self._out_fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self._out_fd, 1 << 20)
                except BlockingIOError:
                    continue
                if not chunk:
                    raise CleanProcessError("the clean test process ended")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def send(self, message):
        """Send a request; returns its id."""
        self._next_id += 1
        message = dict(message, id=self._next_id)
        try:
            self._in.write((json.dumps(message) + "\n").encode("utf-8"))
            self._in.flush()
        except (BrokenPipeError, OSError, ValueError) as err:
            raise CleanProcessError(f"the clean test process ended ({err})") from None
        return self._next_id

    def reply(self, rid, timeout):
        """The reply to request ``rid``; replies to earlier requests are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            message = self._read(max(0.0, deadline - time.monotonic()))
            if message.get("id") == rid:
                return message

    def request(self, message, timeout):
        return self.reply(self.send(message), timeout)


class CleanProcess(_Lines):
    """The worker's handle on one runner process started for one submission (or on a
    zygote), over its stdin and stdout."""

    def __init__(self, argv, cwd, env=None, start_timeout=120):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=cwd, env=env)
        self._init_lines()
        self._out_fd, self._in = self.proc.stdout.fileno(), self.proc.stdin
        ready = self._read(start_timeout)
        if not ready.get("ready"):
            raise CleanProcessError(f"the clean test process did not start: {ready}")

    def alive(self):
        return self.proc.poll() is None

    def close(self):
        try:
            self.proc.kill()
        except OSError:
            pass
        self.proc.wait()


class Zygote:
    """The worker's handle on a zygote (``python -m dlgrade.clean --zygote`` in its sandbox):
    the setup cell runs once, then :meth:`fork` gives each submission its own clean process,
    already set up, in a fraction of a second."""

    def __init__(self, argv, cwd, setup, withheld, start_timeout=180, preload=()):
        self.process = CleanProcess(argv, cwd, start_timeout=start_timeout)
        reply = self.process.request({"op": "setup", "source": setup,
                                      "withheld": sorted(withheld),
                                      "preload": list(preload)}, start_timeout)
        if "error" in reply:
            self.close()
            raise RuntimeError(f"the course setup cell failed in the clean process: "
                               f"{reply['error']}")

    def fork(self, cwd, socket_path, timeout=60):
        return ForkedClean(self, cwd, socket_path, timeout)

    def kill(self, pid):
        try:
            self.process.request({"op": "kill", "pid": pid}, 30)
        except CleanProcessError:
            pass

    def alive(self):
        return self.process.alive()

    def close(self):
        self.process.close()


class ForkedClean(_Lines):
    """One submission's clean process, forked from a :class:`Zygote`; requests and replies go
    through two named pipes in the submission's clean folder."""

    def __init__(self, zygote, cwd, socket_path, timeout=60):
        import errno

        self.zygote, self.pid = zygote, None
        self._init_lines()
        cwd = Path(cwd)
        self._fifos = [cwd / "requests.fifo", cwd / "replies.fifo"]
        for fifo in self._fifos:
            os.mkfifo(fifo, 0o600)
        self._out_fd = os.open(self._fifos[1], os.O_RDONLY | os.O_NONBLOCK)
        self._in = None
        reply = zygote.process.request({"op": "fork", "in": str(self._fifos[0]),
                                        "out": str(self._fifos[1]), "cwd": str(cwd),
                                        "socket": str(socket_path)}, timeout)
        if "pid" not in reply:
            self.close()
            raise CleanProcessError(f"the zygote could not fork: {reply}")
        self.pid = reply["pid"]
        deadline = time.monotonic() + timeout
        while True:  # the child opens its end of the request pipe
            try:
                fd = os.open(self._fifos[0], os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError as err:
                if err.errno != errno.ENXIO or time.monotonic() > deadline:
                    self.close()
                    raise CleanProcessError("the forked clean process did not start") from None
                time.sleep(0.002)
        os.set_blocking(fd, True)
        self._in = os.fdopen(fd, "wb")
        ready = self._read(timeout)
        if not ready.get("ready"):
            self.close()
            raise CleanProcessError(f"the forked clean process did not start: {ready}")

    def alive(self):
        return True  # it lives in the zygote's PID namespace; a dead one shows as EOF

    def close(self):
        if self.pid is not None and self.zygote.alive():
            self.zygote.kill(self.pid)
        for closer in (lambda: self._in and self._in.close(), lambda: os.close(self._out_fd)):
            try:
                closer()
            except OSError:
                pass
        for fifo in self._fifos:
            try:
                fifo.unlink()
            except OSError:
                pass


if __name__ == "__main__":
    main()
