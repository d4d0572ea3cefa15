"""The clean process's connection to the student's kernel for one test cell.

:class:`Bridge` sends requests (get a name, call, swap names for ``graded_with``, run a
library function there) and answers the kernel's callbacks while it waits;
:class:`CleanCodec` encodes what a test passes (library objects by value, :mod:`dlgrade.byvalue`; the course's
withheld implementations as callbacks) and decodes replies, which can only be data and handles
(:mod:`dlgrade.proxies`). The kernel's half is :mod:`dlgrade.agent`.
"""
import socket
import time

from . import byvalue, wire
from .proxies import AnswerError, GradingTimeout, RemoteObject, proxy_class

class CleanCodec(wire.Codec):
    def __init__(self, bridge):
        super().__init__()
        self.bridge = bridge
        self.quiet = 0
        self.callbacks = []  # ids of the callbacks this message hands to the answer

    def on_encoded_mutable(self, memo, value):
        if not self.quiet:
            self.by_value.append((memo, value))

    def encode_other(self, value, depth):
        if isinstance(value, RemoteObject):
            return {"$ref": value._dlgrade_id}
        by_value = byvalue.encode(self, value, depth)
        if by_value is not None:
            return by_value
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

    def quietly(self, value, depth):
        """Encode without asking for the value's state back after the call."""
        self.quiet += 1
        try:
            return self.encode(value, depth + 1)
        finally:
            self.quiet -= 1

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


def _remote_error(err):
    return wire.rebuilt_error(err, AnswerError)


class Bridge:
    """The connection to the student's kernel for one test cell."""

    def __init__(self, sock, deadline, withheld=frozenset()):
        self.sock, self.deadline = sock, deadline
        self.withheld = frozenset(withheld)  # "module:name" the answer's side does not have
        self.proxies, self.callbacks = {}, {}
        self._next_callback = 0
        self._scopes = []   # callback ids handed over during each request being answered
        self._swapped = []  # callback ids of each active graded_with block

    def codec(self):
        """A new codec for one message (proxies encode their arguments with it)."""
        return CleanCodec(self)

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
                        byvalue.apply_state(sent[item[0]], state)
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

