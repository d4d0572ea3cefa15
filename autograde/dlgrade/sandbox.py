"""A sandboxed Jupyter kernel for grading untrusted notebooks.

The kernel runs under bubblewrap (Debian package ``bubblewrap``) in new user, PID, network,
IPC and UTS namespaces: it sees the Python installation read-only, the course library
read-only, and one writable scratch folder holding only the submission; no solutions/, no
gradebook, no other student, no network (the kernel talks to its client over Unix sockets in
the scratch folder). ``dlgrade.confine`` first puts it into fresh cgroups (memory and process
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
    """What the kernel may read: the interpreter, its packages, the course library, /etc."""
    prefixes = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
                Path(sys.exec_prefix).resolve(), Path(sys.base_exec_prefix).resolve()}
    import dlcourse

    prefixes.add(Path(dlcourse.__file__).resolve().parent)
    for entry in sys.path:  # editable installs and .pth entries
        p = Path(entry or ".").resolve()
        if p.is_dir() and not str(p).startswith(("/tmp", str(Path.cwd()))):
            prefixes.add(p)
    system = [Path(p) for p in ("/usr", "/bin", "/lib", "/lib64", "/etc", "/sbin")]
    return sorted({p for p in prefixes | set(system) if p.exists()}, key=str)


def kernel_argv(scratch, name, limits):
    """The command that starts one sandboxed IPython kernel with its work folder ``scratch``."""
    scratch = str(scratch)
    argv = [sys.executable, "-m", "dlgrade.confine", "--name", name,
            "--memory-mb", str(limits.memory_mb), "--max-procs", str(limits.max_procs), "--",
            bwrap_path(), "--unshare-all", "--die-with-parent", "--new-session",
            "--uid", "65534", "--gid", "65534", "--hostname", "sandbox"]
    # Order matters: a later mount hides what an earlier one put below it. The empty /tmp
    # comes first, so a Python or course that lives under /tmp is mounted on top of it.
    argv += ["--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev"]
    for path in _readonly_paths():
        argv += ["--ro-bind", str(path), str(path)]
    argv += ["--bind", scratch, scratch, "--chdir", scratch,
             "--unsetenv", "JPY_PARENT_PID",
             "--setenv", "HOME", scratch, "--setenv", "MPLCONFIGDIR", f"{scratch}/.matplotlib",
             "--setenv", "MPLBACKEND", "module://matplotlib_inline.backend_inline",
             "--setenv", "OMP_NUM_THREADS", "1", "--setenv", "MKL_NUM_THREADS", "1",
             sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    return argv


def kernel_manager(scratch, limits, name=None):
    """An AsyncKernelManager that starts the sandboxed kernel; returns ``(km, name)``."""
    scratch = Path(scratch)
    name = name or f"k{uuid.uuid4().hex[:12]}"
    spec_dir = scratch.parent / f"{scratch.name}-kernelspec" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": kernel_argv(scratch, name, limits), "display_name": "Python 3 (graded)",
        "language": "python",
        # a signal would reach bubblewrap, not the kernel: interrupt over the control channel
        "interrupt_mode": "message"}))
    ksm = KernelSpecManager(kernel_dirs=[str(spec_dir.parent)])
    km = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm, transport="ipc",
                            ip=str(scratch / ".kernel"),
                            connection_file=str(scratch / ".kernel-connection.json"))
    return km, name


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
    for _ in range(50):
        pids = cgroup_pids(name)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)
    for path in confine.cgroup_dirs(name).values():
        try:
            os.rmdir(path)
        except OSError:
            pass
