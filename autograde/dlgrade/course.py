"""Where things are, and nbgrader run the way this course configures it."""
import functools
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
COURSE = ROOT / "course"
AUTOGRADE = ROOT / "autograde"


class CourseLayout:
    """Every path of a course folder laid out like this one (the course itself, or a copy the
    tests make). The folders under ``autograde/`` are nbgrader's (its nbgrader_config.py names
    them) plus the engine's ``status/`` and the reports; all of them but the configuration are
    git-ignored working folders."""

    def __init__(self, root=ROOT):
        self.root = Path(root)

    def __repr__(self):
        return f"CourseLayout({str(self.root)!r})"

    autograde = property(lambda self: self.root / "autograde")
    solutions = property(lambda self: self.root / "solutions")
    course = property(lambda self: self.root / "course")
    submitted = property(lambda self: self.autograde / "submitted")
    autograded = property(lambda self: self.autograde / "autograded")
    feedback = property(lambda self: self.autograde / "feedback")
    status = property(lambda self: self.autograde / "status")
    reports = property(lambda self: self.autograde / "reports")
    grades_csv = property(lambda self: self.autograde / "grades.csv")
    gradebook_db = property(lambda self: self.autograde / "gradebook.db")

    def solution_notebook(self, chapter):
        return self.solutions / chapter / f"{chapter}.ipynb"

    def released_notebook(self, chapter):
        return self.course / chapter / f"{chapter}.ipynb"

    def submission(self, student, chapter):
        """A student's submitted notebook (``autograde/submitted/STUDENT/CHAPTER/...``)."""
        return self.submitted / student / chapter / f"{chapter}.ipynb"

    def timestamp(self, student, chapter):
        return self.submitted / student / chapter / "timestamp.txt"

    def autograded_notebook(self, student, chapter):
        return self.autograded / student / chapter / f"{chapter}.ipynb"

    def feedback_page(self, student, chapter):
        return self.feedback / student / chapter / f"{chapter}.html"

    def status_file(self, chapter, student):
        """The engine's record of one submission (status, reason, findings, digest)."""
        return self.status / chapter / f"{student}.json"

    def downloaded(self, chapter):
        """Where an LMS's zip of a chapter's submissions is unpacked."""
        return self.autograde / "downloaded" / chapter

    def report(self, chapter=None):
        """The class report of one chapter, or of the whole course."""
        return self.reports / f"{chapter or 'course'}.html"


def chapters(root=ROOT):
    """Assignment ids (``NN_topic``) found in ``solutions/``, in course order."""
    return sorted(p.name for p in CourseLayout(root).solutions.iterdir()
                  if p.is_dir() and p.name[:2].isdigit() and (p / f"{p.name}.ipynb").exists())


DB_URL_VARIABLE = "DLGRADE_DB_URL"


def _load_config():
    """The course's nbgrader configuration (autograde/nbgrader_config.py), freshly loaded."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(AUTOGRADE)).load_config()


@functools.lru_cache(maxsize=None)
def _configured_db_url():
    """``c.CourseDirectory.db_url`` as autograde/nbgrader_config.py sets it."""
    url = _load_config().CourseDirectory.get("db_url")
    return url if isinstance(url, str) else None


def course_config(root, db_url):
    """The course's nbgrader configuration, pointed at ``root`` and ``db_url``."""
    config = _load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url
    return config


def gradebook_url(root=ROOT):
    """The one gradebook every command reads and writes: release, grade (the engine and its
    workers), export, feedback, report.

    DLGRADE_DB_URL when set, else the course's nbgrader_config.py. For another folder laid out
    like this course (tests use temporary copies) a SQLite gradebook moves with the folder;
    any other database (PostgreSQL) is used as configured.
    """
    root = Path(root).resolve()
    url = os.environ.get(DB_URL_VARIABLE) or _configured_db_url()
    if url and (root == ROOT or not url.startswith("sqlite")):
        return url
    return f"sqlite:///{CourseLayout(root).gradebook_db}"


def solution_notebook(chapter, root=ROOT):
    return CourseLayout(root).solution_notebook(chapter)


def nbgrader(*args, root=ROOT, check=True, capture=False, env=None, stock=False):
    """Run ``nbgrader ARGS`` from the course root, so that its nbgrader_config.py applies.

    It runs through :mod:`dlgrade.nbgrader_cli` (nbgrader itself, started about 1 s sooner);
    ``stock=True`` runs ``python -m nbgrader`` exactly as installed (the benchmark's anchor).

    ``root`` may be another folder laid out like this course (tests use a temporary copy);
    the course settings still come from this project's autograde/nbgrader_config.py, with the
    root and gradebook moved to ``root``.
    """
    root = Path(root).resolve()
    cmd = [sys.executable, "-m", "nbgrader" if stock else "dlgrade.nbgrader_cli", *args]
    if root != ROOT:
        cmd += [f"--CourseDirectory.root={root}"]
    cmd += [f"--CourseDirectory.db_url={gradebook_url(root)}"]
    full_env = dict(os.environ, **(env or {}))
    # nbgrader runs `alembic` by name when it creates a gradebook: use this environment's.
    bin_dir = str(Path(sys.executable).parent)
    full_env["PATH"] = bin_dir + os.pathsep + full_env.get("PATH", "")
    full_env.setdefault("PYTHONHASHSEED", "0")
    return subprocess.run(cmd, cwd=ROOT, check=check, text=True, env=full_env,
                          capture_output=capture)
