"""Start a command inside fresh cgroups (memory cap, process cap), then exec it.

``python -m dlgrade.confine --name NAME --memory-mb M --max-procs P -- CMD ...``

The process joins ``/sys/fs/cgroup/{memory,pids}/dlgrade/NAME`` before exec, so everything the
command starts inherits the limits and can be found (and killed) through the cgroup afterwards.
Where cgroups cannot be written (not root, read-only mount), it falls back to an address-space
rlimit for memory and no process cap, and says so on stderr.
"""
import argparse
import os
import resource
import sys

CGROUP_ROOT = "/sys/fs/cgroup"
PARENT = "dlgrade"


def cgroup_dirs(name):
    return {c: os.path.join(CGROUP_ROOT, c, PARENT, name) for c in ("memory", "pids")}


def join_cgroups(name, memory_bytes, max_procs):
    """Create the cgroups, set limits, move this process in. Returns False if impossible."""
    dirs = cgroup_dirs(name)
    try:
        for controller, path in dirs.items():
            os.makedirs(path, exist_ok=True)
        with open(os.path.join(dirs["memory"], "memory.limit_in_bytes"), "w") as f:
            f.write(str(memory_bytes))
        try:  # no swap beyond the limit, where swap accounting exists
            with open(os.path.join(dirs["memory"], "memory.memsw.limit_in_bytes"), "w") as f:
                f.write(str(memory_bytes))
        except OSError:
            pass
        with open(os.path.join(dirs["pids"], "pids.max"), "w") as f:
            f.write(str(max_procs))
        for path in dirs.values():
            with open(os.path.join(path, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))
        return True
    except OSError:
        return False


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--max-procs", type=int, required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    memory = args.memory_mb * 1024 * 1024
    if not join_cgroups(args.name, memory, args.max_procs):
        print("dlgrade.confine: cgroups unavailable; memory capped by RLIMIT_AS only, "
              "no process cap", file=sys.stderr)
        resource.setrlimit(resource.RLIMIT_AS, (memory * 4, memory * 4))
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
