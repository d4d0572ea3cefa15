"""Fixtures shared by the test modules: one generated release per test run."""
import os
from pathlib import Path

import pytest

from course_tools import Release, selected_chapters

# Tests grade temporary copies of the course into their own SQLite gradebooks; a gradebook
# configured in the shell (DLGRADE_DB_URL) is for real classes, never for the tests. The
# PostgreSQL test sets its own.
os.environ.pop("DLGRADE_DB_URL", None)
SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"


@pytest.fixture(scope="session")
def release(tmp_path_factory, request):
    """A course root where nbgrader generated the selected chapters once for the whole run
    (every chapter, or those in COURSE_CHAPTERS); a test that needs another chapter asks
    ``release.ensure(chapter)``.

    pytest-xdist workers share it (the first one to arrive generates it under a lock). Tests
    read it, or take a writable copy with ``course_tools.copy_release``.
    """
    base = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # a pytest-xdist worker: share with the others
        base = base.parent
    release = Release(base / "release")
    release.ensure(*selected_chapters())
    return release


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so that a fixture can tell that the test
    failed (the browser test saves a screenshot then)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


class SolutionKernels:
    """While nbval starts the kernel of a solution notebook (it does so when the notebook's
    first cell is set up), DLCOURSE_CHECK_FIGURES=1 is in the environment the kernel inherits:
    there a figure whose legend hides data fails its cell (dlcourse.setup). Other kernels (the
    student versions, the graded submissions) never see it. A plugin, not a hook of this file:
    a conftest's hooks see only the tests in its own folder, and the notebooks are elsewhere."""

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(self, item):
        path = Path(str(getattr(item, "fspath", "")))
        solution = type(item).__module__.startswith("nbval") and SOLUTIONS in path.parents
        if solution:
            os.environ["DLCOURSE_CHECK_FIGURES"] = "1"
        try:
            yield
        finally:
            if solution:
                os.environ.pop("DLCOURSE_CHECK_FIGURES", None)


def pytest_configure(config):
    config.pluginmanager.register(SolutionKernels(), "dlcourse-solution-kernels")
