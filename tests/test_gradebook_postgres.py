"""One gradebook, whichever database: the instructor's commands on a real PostgreSQL server.

The test starts Debian's PostgreSQL itself (initdb in a temporary folder, as a user other than
root, listening on a Unix socket only), points DLGRADE_DB_URL at it, and runs release, grade
(the engine's parallel workers read the gradebook, only the main process writes), export and
report as the README says. The grades must be those of the same class graded with SQLite, and
no SQLite gradebook may appear on the side. The server is stopped and its folder removed
afterwards, also when the test fails.
"""
import csv
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from course_tools import answer_sources, make_course_copy, write_submission
from dlgrade import sandbox
from dlgrade.course import CourseLayout

CHAPTER = "00_orientation"
NOT_SQUARED = "def bmi(weight_kg, height_m):\n    return weight_kg / height_m\n"
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))

pytestmark = [
    pytest.mark.skipif(not PG_BIN, reason="PostgreSQL is not installed (make test installs "
                       "Debian's postgresql when run as root)"),
    pytest.mark.skipif(not sandbox.available(), reason="bubblewrap (bwrap) is not usable"),
]


def _server_user():
    """PostgreSQL refuses to run as root: use the postgres account (or nobody) then."""
    if os.getuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    pytest.skip("running as root and no unprivileged account to run PostgreSQL")


def _as(user, cmd, **kwargs):
    if user is not None:
        cmd = ["runuser", "-u", user.pw_name, "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120,
                          **kwargs)


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server of our own; yields the SQLAlchemy URL of an empty database."""
    bin_dir = Path(PG_BIN[-1])
    user = _server_user()
    home = Path(tempfile.mkdtemp(prefix="dlcourse-pg-"))
    data, sock = home / "data", home / "sock"
    sock.mkdir()
    if user is not None:
        for path in (home, sock):
            os.chown(path, user.pw_uid, user.pw_gid)
    started = False
    try:
        _as(user, [str(bin_dir / "initdb"), "-D", str(data), "-U", "dlgrade", "--auth=trust",
                   "--encoding=UTF8", "--no-locale"])
        _as(user, [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(home / "server.log"),
                   "-w", "-t", "120", "-o", f"-c listen_addresses='' -k {sock} -p 5433",
                   "start"])
        started = True
        _as(user, [str(bin_dir / "createdb"), "-h", str(sock), "-p", "5433", "-U", "dlgrade",
                   "dlcourse"])
        yield f"postgresql://dlgrade@/dlcourse?host={sock}&port=5433"
    finally:
        if started:
            _as(user, [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(home, ignore_errors=True)


def _class(root, env):
    """Release chapter 00, hand in four submissions, grade them, export; returns the rows."""
    def dlgrade(*args):
        run = subprocess.run([sys.executable, "-m", "dlgrade", *args, f"--root={root}"],
                             text=True, capture_output=True, env=env, timeout=1200)
        assert run.returncode == 0, f"dlgrade {args[0]} failed:\n{run.stdout}\n{run.stderr}"
        return run

    dlgrade("release", CHAPTER)
    right = answer_sources(CHAPTER, root)
    for student, answers in [("kim", right), ("lee", dict(right, bmi=NOT_SQUARED)),
                             ("park", {}), ("choi", right)]:
        write_submission(root, student, CHAPTER, answers)
    dlgrade("grade", CHAPTER, "--workers=2")
    dlgrade("report", CHAPTER)
    with open(CourseLayout(root).grades_csv, newline="", encoding="utf-8") as f:
        return {row["student_id"]: (row["score"], row["max_score"], row["status"])
                for row in csv.DictReader(f)}


def test_postgres_gradebook_gives_the_same_grades_as_sqlite(postgres, tmp_path):
    from nbgrader.api import Gradebook

    env = {k: v for k, v in os.environ.items() if k != "DLGRADE_DB_URL"}
    sqlite_root = make_course_copy(tmp_path / "sqlite")
    on_sqlite = _class(sqlite_root, env)

    pg_root = make_course_copy(tmp_path / "postgres")
    on_postgres = _class(pg_root, dict(env, DLGRADE_DB_URL=postgres))

    assert on_postgres == on_sqlite
    assert set(on_sqlite) == {"kim", "lee", "park", "choi"}
    assert on_sqlite["kim"][0] == on_sqlite["kim"][1] and on_sqlite["park"][0] == "0.0"
    assert not CourseLayout(pg_root).gradebook_db.exists(), \
        "a command wrote a SQLite gradebook instead of the configured PostgreSQL one"
    with Gradebook(postgres) as gb:
        scores = {s.student_id: s.score for s in gb.find_assignment(CHAPTER).submissions}
    assert {k: float(v[0]) for k, v in on_sqlite.items()} == scores
    report = CourseLayout(pg_root).report(CHAPTER).read_text("utf-8")
    assert "제출 4건" in report
