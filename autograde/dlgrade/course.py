"""Where things are, and nbgrader run the way this course configures it."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
COURSE = ROOT / "course"
AUTOGRADE = ROOT / "autograde"


def chapters(root=ROOT):
    """Assignment ids (``NN_topic``) found in ``solutions/``, in course order."""
    return sorted(p.name for p in (Path(root) / "solutions").iterdir()
                  if p.is_dir() and p.name[:2].isdigit() and (p / f"{p.name}.ipynb").exists())


def solution_notebook(chapter, root=ROOT):
    return Path(root) / "solutions" / chapter / f"{chapter}.ipynb"


def nbgrader(*args, root=ROOT, check=True, capture=False, env=None):
    """Run ``nbgrader ARGS`` from the course root, so that its nbgrader_config.py applies.

    ``root`` may be another folder laid out like this course (tests use a temporary copy);
    the course settings still come from this project's autograde/nbgrader_config.py, with the
    root and gradebook moved to ``root``.
    """
    root = Path(root).resolve()
    cmd = [sys.executable, "-m", "nbgrader", *args]
    if root != ROOT:
        db = root / "autograde" / "gradebook.db"
        cmd += [f"--CourseDirectory.root={root}", f"--CourseDirectory.db_url=sqlite:///{db}"]
    full_env = dict(os.environ, **(env or {}))
    # nbgrader runs `alembic` by name when it creates a gradebook: use this environment's.
    bin_dir = str(Path(sys.executable).parent)
    full_env["PATH"] = bin_dir + os.pathsep + full_env.get("PATH", "")
    full_env.setdefault("PYTHONHASHSEED", "0")
    return subprocess.run(cmd, cwd=ROOT, check=check, text=True, env=full_env,
                          capture_output=capture)
