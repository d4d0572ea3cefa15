"""The clean side of grading: test cells run in a process no student code has run in.

``python -m dlgrade.clean --socket PATH`` is started by the grading engine for one submission.
It reads requests as JSON lines on stdin (``setup``: run the course's trusted setup cell;
``test``: run one test cell) and answers on stdout. For a test cell it accepts one connection
from the student's kernel (:mod:`dlgrade.agent`), binds the names the cell tests (and only
those) to proxies (:mod:`dlgrade.proxies`, through :mod:`dlgrade.bridge`) or to plain data
received from the student's side, runs the cell, and returns its outputs as nbformat outputs:
printed text, and an ``error`` output when a check failed. What the student's objects are, say and do reaches this process only as
data (:mod:`dlgrade.wire`); see ``autograde/GRADING_DESIGN.md``.
"""
import argparse
import builtins
import contextlib
import io
import json
import os
import socket
import sys
import time

from . import wire
from .bridge import Bridge
from .proxies import AnswerError

# The grading worker's handles on this process (started, forked, restarted) are in
# dlgrade.handle.


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


def _serve(lines, replies, ops, before=None):
    """Answer the engine's requests (JSON lines) with ``ops[request["op"]](request)`` until its
    end of the pipe closes; ``before()`` runs ahead of each. Every reply repeats its request's
    id; an error of the op is the reply, never the end of the process."""
    for line in lines:
        request = json.loads(line)
        if before is not None:
            before()
        try:
            op = ops.get(request["op"])
            reply = op(request) if op else {"error": f"unknown op {request['op']}"}
        except BaseException as err:  # noqa: BLE001
            reply = {"error": wire.clean_text(f"{type(err).__name__}: {err}"[:2000])}
        reply["id"] = request.get("id")
        # ASCII only: whatever text a reply carries, it can always be written
        replies.write(json.dumps(reply, ensure_ascii=True) + "\n")
        replies.flush()


def _setup_op(runner):
    return lambda r: runner.setup(r["source"], r.get("withheld", ()), r.get("preload", ()))


def _serve_requests(runner, lines, replies):
    """A clean process's requests: run the setup cell, run a test cell."""
    _serve(lines, replies, {
        "setup": _setup_op(runner),
        "test": lambda r: runner.test(r["source"], r["names"], r["timeout"], r["token"])})


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

    def reap():  # the children that ended
        for pid in list(children):
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    children.discard(pid)
            except ChildProcessError:
                children.discard(pid)

    def fork(request):
        pid = os.fork()
        if pid == 0:
            try:
                _child(runner, request)
            finally:
                os._exit(0)
        children.add(pid)
        return {"pid": pid}

    def kill(request):
        pid = int(request["pid"])
        if pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            children.discard(pid)
        return {"killed": pid}

    _serve(sys.stdin, replies, {"setup": _setup_op(runner), "fork": fork, "kill": kill},
           before=reap)


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


if __name__ == "__main__":
    main()
