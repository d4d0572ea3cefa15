"""The grading worker's handles on the clean test process (:mod:`dlgrade.clean`).

:class:`CleanProcess` is a clean process started on its own; :class:`Zygote` is one that has
imported the libraries and run the chapter's setup cell once, and :class:`ForkedClean` a child
forked from it for one submission (no imports, no setup: it starts where the zygote is). Each
speaks the clean process's JSON-lines protocol (``send``/``reply``/``request``).
:class:`CleanSide` is one submission's clean process, started again when it stops answering;
:class:`WorkerState` is what a worker keeps between submissions (its folder, the zygote).
"""
import atexit
import hashlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from . import sandbox


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


class CleanSide:
    """The clean process of one submission (:mod:`dlgrade.clean`), started again when it stops
    answering (a reply too slow to read, a crash), so that one test's trouble never reaches
    the next. ``start()`` returns a process ready for tests (the setup cell done)."""

    def __init__(self, start):
        self._start = start
        self.restarts = 0
        self.process = start()

    @classmethod
    def standalone(cls, argv, cwd, setup, withheld=(), setup_timeout=120):
        """A clean process of its own (no zygote): started, then the setup cell run."""
        def start():
            process = CleanProcess(argv, cwd=cwd)
            reply = process.request({"op": "setup", "source": setup,
                                     "withheld": sorted(withheld)}, setup_timeout)
            if "error" in reply:
                process.close()
                raise RuntimeError(f"the course setup cell failed in the clean process: "
                                   f"{reply['error']}")
            return process
        return cls(start)

    def _test(self, source, names, token, timeout):
        return {"op": "test", "source": source, "names": names, "token": token,
                "timeout": timeout}

    def send_test(self, source, names, token, timeout):
        try:
            return self.process.send(self._test(source, names, token, timeout))
        except CleanProcessError:
            self.restart()
            return self.process.send(self._test(source, names, token, timeout))

    def reply(self, rid, timeout):
        """The test's outputs, or ``{"error": ...}``; a process that did not answer in time
        or ended is replaced before the next test."""
        try:
            return self.process.reply(rid, timeout)
        except CleanProcessError as err:
            self.restart()
            return {"error": f"{err}; it was restarted for the next test", "restarted": True}

    def restart(self):
        self.restarts += 1
        self.process.close()
        self.process = self._start()

    def close(self):
        self.process.close()


class WorkerState:
    """What a grading worker process keeps between submissions: a private folder (each
    submission's folders are made inside it) and one clean-process zygote (the setup cell
    of the chapter being graded, run once). Nothing of one submission outlives it: its
    folders are removed and its forked clean process killed when it is done."""

    folder = None
    zygote = None
    key = None
    cgroup = None

    @classmethod
    def folder_path(cls):
        if cls.folder is None or not Path(cls.folder).is_dir():
            cls.folder = Path(tempfile.mkdtemp(prefix="dlgrade-w"))
            atexit.register(cls.close)
        return cls.folder

    @classmethod
    def zygote_for(cls, setup, withheld, limits, preload=()):
        key = (hashlib.sha256(setup.encode()).hexdigest(), tuple(sorted(withheld)),
               limits.memory_mb, limits.max_procs, tuple(preload))
        if cls.zygote is not None and cls.key == key and cls.zygote.alive():
            return cls.zygote
        cls.close_zygote()
        cls.cgroup = f"z{uuid.uuid4().hex[:12]}"
        cls.zygote = Zygote(sandbox.zygote_argv(cls.folder_path(), limits, cls.cgroup),
                            cls.folder_path(), setup, withheld, preload=preload)
        cls.key = key
        return cls.zygote

    @classmethod
    def close_zygote(cls):
        if cls.zygote is not None:
            cls.zygote.close()
            cls.zygote = None
        if cls.cgroup:
            sandbox.kill_cgroup(cls.cgroup)
            cls.cgroup = None

    @classmethod
    def close(cls):
        cls.close_zygote()
        if cls.folder is not None:
            shutil.rmtree(cls.folder, ignore_errors=True)
            cls.folder = None
