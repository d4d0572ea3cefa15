"""A sandboxed Jupyter kernel for grading untrusted notebooks.

The kernel runs under bubblewrap (Debian package ``bubblewrap``) in new user, PID, network,
IPC and UTS namespaces: it sees the Python installation read-only, the course library
read-only, a size-capped private working folder (tmpfs), and the folder of its own
connection sockets; no solutions/, no gradebook, no other student, no network (the kernel
talks to its client over Unix sockets). The clean test process (:mod:`dlgrade.clean`) runs in
a sandbox of its own and shares only its socket folder, read-only, with the kernel. ``dlgrade.confine`` first puts it into fresh cgroups (memory and process
caps). When grading ends every process of the sandbox is killed: the PID namespace dies with
its first process, and whatever is left in the cgroup is killed by :func:`kill_cgroup`.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager

from . import confine

KERNEL_NAME = "dlgrade-sandbox"


@dataclass
class Limits:
    """Resource limits for one submission."""

    memory_mb: int = 2048
    max_procs: int = 64
    cell_timeout_s: int = 60
    submission_timeout_s: int = 600
    scratch_mb: int = 256


def bwrap_path():
    return shutil.which("bwrap")


def available():
    """True when bubblewrap can create the namespaces this module needs, here and now."""
    bwrap = bwrap_path()
    if not bwrap:
        return False
    probe = [bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


def _readonly_paths():
    """What a sandbox may read: the interpreter, its packages, the course library, /etc."""
    prefixes = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
                Path(sys.exec_prefix).resolve(), Path(sys.base_exec_prefix).resolve()}
    import dlgrade

    prefixes.add(library_dir())
    prefixes.add(Path(dlgrade.__file__).resolve().parent)  # the agent the kernel imports
    for entry in sys.path:  # editable installs and .pth entries
        p = Path(entry or ".").resolve()
        if p.is_dir() and not str(p).startswith(("/tmp", str(Path.cwd()))):
            prefixes.add(p)
    system = [Path(p) for p in ("/usr", "/bin", "/lib", "/lib64", "/etc", "/sbin")]
    return sorted({p for p in prefixes | set(system) if p.exists()}, key=str)


def _bwrap_prefix(limits):
    """bubblewrap with no network, a private /tmp and /dev, and the read-only system."""
    argv = [bwrap_path(), "--unshare-all", "--die-with-parent", "--new-session"]
    # Order matters: a later mount hides what an earlier one put below it. The empty /tmp
    # comes first, so a Python or course that lives under /tmp is mounted on top of it.
    argv += ["--size", str(limits.scratch_mb * 1024 * 1024), "--tmpfs", "/tmp",
             "--proc", "/proc", "--dev", "/dev"]
    for path in _readonly_paths():
        argv += ["--ro-bind", str(path), str(path)]
    return argv


@dataclass
class Layout:
    """The folders of one graded submission (all under one private temporary folder).

    ``conn``: the kernel's connection file and sockets (bound into the sandbox, made
    read-only for it once the kernel is up); ``rpc``: the clean process's socket (read-only
    in the student's sandbox); ``clean``: the clean process's own folder; ``work``: the
    kernel's working folder, a size-capped tmpfs that exists only inside the sandbox.
    """

    root: Path

    def __post_init__(self):
        self.root = Path(self.root)
        for name in ("conn", "rpc", "clean"):
            (self.root / name).mkdir(mode=0o700, exist_ok=True)

    conn = property(lambda self: self.root / "conn")
    rpc = property(lambda self: self.root / "rpc")
    clean = property(lambda self: self.root / "clean")
    work = property(lambda self: self.root / "work")
    socket = property(lambda self: self.root / "rpc" / "s")


def library_dir():
    import dlcourse

    return Path(dlcourse.__file__).resolve().parent


def kernel_argv(layout, name, limits, library=None):
    """The command that starts one sandboxed IPython kernel for a submission.

    library: the grading view of the course library (:func:`dlgrade.view.build`), mounted
    over the library's folder, so the kernel imports ``dlcourse`` without the exercises'
    implementations; the real files are not visible inside.
    """
    work = str(layout.work)
    argv = [sys.executable, "-m", "dlgrade.confine", "--name", name,
            "--memory-mb", str(limits.memory_mb), "--max-procs", str(limits.max_procs), "--"]
    argv += _bwrap_prefix(limits)
    if library is not None:  # after every other bind: it hides the library's own folder
        argv += ["--ro-bind", str(library), str(library_dir())]
    argv += ["--uid", "65534", "--gid", "65534", "--hostname", "sandbox"]
    argv += ["--size", str(limits.scratch_mb * 1024 * 1024), "--tmpfs", work,
             "--bind", str(layout.conn), str(layout.conn),
             "--ro-bind", str(layout.rpc), str(layout.rpc)]
    argv += _matplotlib_cache_binds(work)
    argv += ["--chdir", work, "--unsetenv", "JPY_PARENT_PID",
             "--setenv", "HOME", work, "--setenv", "MPLCONFIGDIR", f"{work}/.matplotlib",
             "--setenv", "MPLBACKEND", "module://matplotlib_inline.backend_inline",
             "--setenv", "OMP_NUM_THREADS", "1", "--setenv", "MKL_NUM_THREADS", "1",
             sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    return argv


def _matplotlib_cache_binds(home):
    """matplotlib's font cache, bound read-only where a sandbox's matplotlib looks for it, so
    that it is not rebuilt (seconds) at every start."""
    import matplotlib

    argv = []
    for cache in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
        argv += ["--ro-bind", str(cache), f"{home}/.matplotlib/{cache.name}"]
    return argv


def zygote_argv(folder, limits, name, extra_memory_mb=1024):
    """The command that starts a clean-process zygote (``python -m dlgrade.clean --zygote``)
    for one grading worker: sandboxed like the clean process, with the worker's folder (where
    each submission's folders are made) writable, in a cgroup with the submission's caps
    plus ``extra_memory_mb`` for the zygote itself (its forked child is the first the kernel
    kills when memory runs out)."""
    folder = str(folder)
    home = f"{folder}/home"
    Path(home).mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "dlgrade.confine", "--name", name, "--memory-mb",
            str(limits.memory_mb + extra_memory_mb), "--max-procs", str(limits.max_procs), "--"]
    argv += _bwrap_prefix(limits)
    argv += ["--bind", folder, folder] + _matplotlib_cache_binds(home)
    argv += ["--chdir", folder, "--setenv", "HOME", home,
             "--setenv", "MPLCONFIGDIR", f"{home}/.matplotlib", "--setenv", "MPLBACKEND", "Agg",
             "--setenv", "OMP_NUM_THREADS", "1", "--setenv", "MKL_NUM_THREADS", "1",
             sys.executable, "-m", "dlgrade.clean", "--zygote"]
    return argv


def lock_connection_folder(layout):
    """Once the kernel is up, the sandbox may no longer create or grow files there.

    The sandboxed user is the folder's owner (bubblewrap maps it to the caller), so the
    folder and its files are given to another user: the kernel's sockets keep working, the
    student's code can neither write there nor change the permissions back.
    """
    nobody = 65534
    for path in [*layout.conn.iterdir(), layout.conn]:
        try:
            if path.is_file():
                path.chmod(0o444)
            os.chown(path, nobody, nobody, follow_symlinks=False)
        except (PermissionError, OSError):
            pass
    layout.conn.chmod(0o755)


def kernel_manager(layout, limits, name=None, library=None):
    """An AsyncKernelManager that starts the sandboxed kernel; returns ``(km, name)``.

    library: the grading view to mount over the course library (see :func:`kernel_argv`)."""
    name = name or f"k{uuid.uuid4().hex[:12]}"
    spec_dir = layout.root / "kernelspec" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": kernel_argv(layout, name, limits, library), "display_name": "Python 3 (graded)",
        "language": "python",
        # a signal would reach bubblewrap, not the kernel: interrupt over the control channel
        "interrupt_mode": "message"}))
    ksm = KernelSpecManager(kernel_dirs=[str(spec_dir.parent)])
    km = QuietKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm, transport="ipc",
                            ip=str(layout.conn / "kernel"),
                            connection_file=str(layout.conn / "connection.json"))
    km.log_path = layout.root / "kernel.log"
    return km, name


class QuietKernelManager(AsyncKernelManager):
    """The kernel process's own stdout and stderr (ipykernel's start-up notes such as "Ctrl-C
    will not work") go to a log file of the layout instead of the instructor's terminal. Cell
    outputs are unaffected: they travel over the kernel's channels."""

    log_path = None

    def client(self, **kwargs):
        """The client shares this manager's ZeroMQ context, which :func:`close_kernel_manager`
        destroys: a worker grades hundreds of submissions, and every context left open keeps
        two threads and several file descriptors."""
        kwargs.setdefault("context", self.context)
        return super().client(**kwargs)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        if self.log_path is None:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the handle
            kw.setdefault("stdout", log)
            kw.setdefault("stderr", subprocess.STDOUT)
            return await super()._async_launch_kernel(kernel_cmd, **kw)


def close_kernel_manager(km):
    """Destroy the ZeroMQ context of a kernel manager made by :func:`kernel_manager` (and of
    its client): whatever sockets are still open, nothing of the submission stays."""
    context = getattr(km, "_trait_values", {}).get("context")  # None if it never made one
    if context is not None and not context.closed:
        context.destroy(linger=0)


def cgroup_pids(name):
    path = Path(confine.cgroup_dirs(name)["pids"]) / "cgroup.procs"
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


def oom_killed(name):
    """True when the kernel's memory cgroup hit its limit (a process was OOM-killed)."""
    base = Path(confine.cgroup_dirs(name)["memory"])
    try:
        control = (base / "memory.oom_control").read_text()
        for line in control.splitlines():
            if line.startswith("oom_kill ") and int(line.split()[1]) > 0:
                return True
        return int((base / "memory.failcnt").read_text()) > 0 and not cgroup_pids(name)
    except OSError:
        return False


def kill_cgroup(name):
    """Kill every process left in the sandbox's cgroups and remove them."""
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        pids = cgroup_pids(name)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.005)
    for path in confine.cgroup_dirs(name).values():
        try:
            os.rmdir(path)
        except OSError:
            pass
