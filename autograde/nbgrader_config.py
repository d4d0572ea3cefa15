"""nbgrader settings for this course.

Folders follow the project's fixed layout: solutions/ is nbgrader's source directory, course/
its release directory, and every working folder plus the SQLite gradebook live under
autograde/ (git-ignored). For a class that shares one gradebook, set DLGRADE_DB_URL (or
``c.CourseDirectory.db_url`` below) to a PostgreSQL URL (``postgresql://user@host/dbname``).
"""
import os

c = get_config()  # noqa: F821 (provided by traitlets)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

c.CourseDirectory.course_id = "dlcourse"
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "course"
c.CourseDirectory.submitted_directory = os.path.join("autograde", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("autograde", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("autograde", "feedback")
# The gradebook: SQLite under autograde/ unless DLGRADE_DB_URL names another database (e.g.
# postgresql://user@host/dbname). Every command of this course (make release/grade/report,
# the engine's workers, nbgrader export) reads it through dlgrade.course.gradebook_url.
c.CourseDirectory.db_url = os.environ.get("DLGRADE_DB_URL") or (
    "sqlite:///" + os.path.join(ROOT, "autograde", "gradebook.db"))
# Only notebooks travel with an assignment; stored outputs of the solutions never do.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]

# The student version keeps no outputs and no hidden tests.
# the stub students replace; its message says what to do, in Korean with the English term
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\n"
              "raise NotImplementedError(\"답을 쓰세요: 이 줄을 지우고 그 자리에 코드를 작성합니다 "
              "(write your answer here)\")"}
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# Run All in the student's JupyterLab goes past failing tests (dlgrade.preprocessors.
# RunAllContinues tags the release's answer and test cells raises-exception).
from nbgrader.converters import GenerateAssignment  # noqa: E402

from dlgrade.preprocessors import RunAllContinues  # noqa: E402

c.GenerateAssignment.preprocessors = [*GenerateAssignment.preprocessors.default(),
                                      RunAllContinues]

# A student who deletes a test cell is graded on it anyway (the cell comes back from the
# gradebook); the same goes for a deleted answer cell, which then earns nothing.
c.OverwriteCells.add_missing_cells = True

# Execution limits while validating and autograding.
c.Execute.timeout = 60                  # seconds per cell
c.Execute.interrupt_on_timeout = True
c.Execute.iopub_timeout = 15
c.LimitOutput.max_lines = 300           # per cell output kept in the autograded notebook

# A warning on stderr (torch, numpy, matplotlib) must not cost points: nbgrader would score
# such a test cell 0. Errors still fail, because they are "error" outputs, not stderr.
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties, CheckCellMetadata, ClearOutput, Execute, LimitOutput, SaveAutoGrades,
)

from dlgrade.preprocessors import (  # noqa: E402
    HarmlessStderr, HideHiddenTests, KoreanWebFont, MathAsMathML,
)

c.Autograde.autograde_preprocessors = [
    Execute, HarmlessStderr, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
    AssignLatePenalties, CheckCellMetadata,
]
# Validate (the JupyterLab button and `nbgrader validate`) must judge a warning on stderr as
# grading does. nbgrader 0.9.6 does not make Validator.preprocessors configurable (setting
# c.Validator.preprocessors only logs "not recognized"), so the list is set on the class; this
# file is read by both, before they create their Validator.
from nbgrader.validator import Validator  # noqa: E402

Validator.preprocessors.default_value = [CheckCellMetadata, ClearOutput, Execute, HarmlessStderr]

# Feedback shows scores, outputs and messages, never the hidden tests' source.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

# The Korean glyphs each page uses travel inside it (no system font needed to read it).
c.GenerateFeedback.preprocessors = [HideHiddenTests, MathAsMathML, GetGrades,
                                    CSSHTMLHeaderPreprocessor, KoreanWebFont]
