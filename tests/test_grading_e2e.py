"""End to end: real `nbgrader autograde` into a real gradebook, read back from the export.

A submission equal to the solution gets full points, the untouched student version gets 0,
every wrong answer in tests/wrong_answers/ gets less than full on the test cells it names, and
every alternative right answer there keeps full points. Each chapter is graded in its own
temporary course (one test class per chapter), so pytest-xdist's loadscope spreads chapters
over workers.
"""
import os
from collections import Counter

import pytest

from course_tools import (answer_sources, autograde, cell_scores, export_grades, generate,
                          graded_cells, make_course_copy, right_answers, wrong_answers,
                          write_submission)
from dlgrade.course import chapters

# COURSE_CHAPTERS=01_perceptron,02_activation_functions grades only those (while writing one).
_ONLY = [c for c in os.environ.get("COURSE_CHAPTERS", "").split(",") if c]
CHAPTERS = [c for c in chapters() if not _ONLY or c in _ONLY]
WRONG = [w for w in wrong_answers() if w.chapter in CHAPTERS]
RIGHT = [r for r in right_answers() if r.chapter in CHAPTERS]


def student_of(answer):
    return f"{'wrong' if answer in WRONG else 'right'}-{answer.name}"


def pytest_generate_tests(metafunc):
    chapter = getattr(metafunc.cls, "chapter", None)
    for name, answers in (("wrong", WRONG), ("right", RIGHT)):
        if name in metafunc.fixturenames:
            mine = [a for a in answers if a.chapter == chapter]
            metafunc.parametrize(name, mine, ids=[a.name for a in mine])


@pytest.fixture(scope="class")
def graded(request, tmp_path_factory):
    """Grade the class's chapter once: solution, untouched, every wrong and right answer."""
    chapter = request.cls.chapter
    root = make_course_copy(tmp_path_factory.mktemp(chapter))
    generate(root, [chapter])
    write_submission(root, "solution", chapter, answer_sources(chapter, root))
    write_submission(root, "untouched", chapter)
    for answer in WRONG + RIGHT:
        if answer.chapter == chapter:
            write_submission(root, student_of(answer), chapter,
                             {**answer_sources(chapter, root), **answer.replace})
    autograde(root, chapter)
    rows = {r["student_id"]: r for r in export_grades(root) if r["assignment"] == chapter}
    return root, rows


class ChapterGrading:
    """The checks for one chapter; a subclass per chapter sets ``chapter``."""

    chapter = None

    def test_solution_gets_full_points(self, graded):
        root, rows = graded
        row = rows["solution"]
        assert float(row["max_score"]) == sum(graded_cells(self.chapter).values()) > 0
        assert float(row["score"]) == float(row["max_score"]), \
            cell_scores(root, self.chapter, "solution")

    def test_untouched_student_version_gets_zero(self, graded):
        root, rows = graded
        assert float(rows["untouched"]["score"]) == 0.0, \
            cell_scores(root, self.chapter, "untouched")

    def test_wrong_answer_loses_points(self, graded, wrong):
        root, rows = graded
        row = rows[student_of(wrong)]
        assert float(row["score"]) < float(row["max_score"])
        scores = cell_scores(root, self.chapter, student_of(wrong))
        points = graded_cells(self.chapter)
        kept = {cell: scores[cell] for cell in wrong.loses if scores[cell] >= points[cell]}
        assert not kept, f"{wrong.name} ({wrong.why}) kept full points on {kept}"

    def test_other_right_answers_keep_full_points(self, graded, right):
        """E.g. an answer that prints a warning to stderr while the tests run loses nothing."""
        root, rows = graded
        row = rows[student_of(right)]
        assert float(row["score"]) == float(row["max_score"]), \
            cell_scores(root, self.chapter, student_of(right))


for _chapter in CHAPTERS:
    _name = "TestGrading_" + _chapter
    globals()[_name] = type(_name, (ChapterGrading,), {"chapter": _chapter})


def test_wrong_answer_catalogue_is_complete():
    """Every answer cell has at least two wrong answers, and names are unique per chapter."""
    names = Counter((a.chapter, a.name) for a in WRONG + RIGHT)
    assert not [k for k, n in names.items() if n > 1], "duplicate answer names in a chapter"
    for chapter in CHAPTERS:
        counts = Counter(cell for w in WRONG if w.chapter == chapter for cell in w.replace)
        for cell in answer_sources(chapter):
            assert counts[cell] >= 2, f"{chapter}/{cell}: {counts[cell]} wrong answers, need 2"
        for w in (w for w in WRONG if w.chapter == chapter):
            unknown = set(w.loses) - set(graded_cells(chapter))
            assert w.loses and not unknown, f"{w.name}: unknown test cells {unknown}"
            assert set(w.replace) <= set(answer_sources(chapter)), w.name
        for r in (r for r in RIGHT if r.chapter == chapter):
            assert set(r.replace) <= set(answer_sources(chapter)), r.name
