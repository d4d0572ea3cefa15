"""Fixtures shared by the test modules: one generated release of every chapter per test run."""
import shutil

import pytest
from filelock import FileLock

from course_tools import generate, make_course_copy


@pytest.fixture(scope="session")
def release(tmp_path_factory, worker_id):
    """A course root where nbgrader generated every chapter once for the whole run.

    pytest-xdist workers share it (the first one to arrive generates it under a lock). Tests
    read it, or take a writable copy with ``course_tools.copy_release``.
    """
    base = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        base = base.parent
    root = base / "release"
    with FileLock(str(base / "release.lock")):
        if not (root / ".generated").exists():
            shutil.rmtree(root, ignore_errors=True)
            make_course_copy(root)
            generate(root)
            (root / ".generated").touch()
    return root
