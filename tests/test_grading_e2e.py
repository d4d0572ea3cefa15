"""End to end: real `nbgrader autograde` into a real gradebook, read back from the export.

A submission equal to the solution gets full points, the untouched student version gets 0,
and every wrong answer in tests/wrong_answers/ gets less than full, on the test cells it names.
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
    kind = "wrong" if answer in WRONG else "right"
    return f"{kind}-{answer.name}"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course_copy(tmp_path_factory.mktemp("course"))
    generate(root, CHAPTERS)
    for chapter in CHAPTERS:
        write_submission(root, "solution", chapter, answer_sources(chapter, root))
        write_submission(root, "untouched", chapter)
    for answer in WRONG + RIGHT:
        write_submission(root, student_of(answer), answer.chapter,
                         {**answer_sources(answer.chapter, root), **answer.replace})
    for chapter in CHAPTERS:
        autograde(root, chapter)
    rows = {(r["assignment"], r["student_id"]): r for r in export_grades(root)}
    return root, rows


def test_wrong_answer_catalogue_is_complete():
    """Every answer cell has at least two wrong answers, and names are unique per chapter."""
    names = Counter((w.chapter, w.name) for w in WRONG)
    assert not [k for k, n in names.items() if n > 1], "duplicate wrong-answer names"
    for chapter in CHAPTERS:
        counts = Counter(cell for w in WRONG if w.chapter == chapter for cell in w.replace)
        for cell in answer_sources(chapter):
            assert counts[cell] >= 2, f"{chapter}/{cell}: {counts[cell]} wrong answers, need 2"
        for w in (w for w in WRONG if w.chapter == chapter):
            unknown = set(w.loses) - set(graded_cells(chapter))
            assert w.loses and not unknown, f"{w.name}: unknown test cells {unknown}"
            assert set(w.replace) <= set(answer_sources(chapter)), w.name


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_solution_gets_full_points(graded, chapter):
    root, rows = graded
    row = rows[(chapter, "solution")]
    assert float(row["max_score"]) == sum(graded_cells(chapter).values()) > 0
    assert float(row["score"]) == float(row["max_score"]), cell_scores(root, chapter, "solution")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_untouched_student_version_gets_zero(graded, chapter):
    root, rows = graded
    assert float(rows[(chapter, "untouched")]["score"]) == 0.0, \
        cell_scores(root, chapter, "untouched")


@pytest.mark.parametrize("wrong", WRONG, ids=lambda w: f"{w.chapter}-{w.name}")
def test_wrong_answer_loses_points(graded, wrong):
    root, rows = graded
    row = rows[(wrong.chapter, student_of(wrong))]
    assert float(row["score"]) < float(row["max_score"])
    scores = cell_scores(root, wrong.chapter, student_of(wrong))
    points = graded_cells(wrong.chapter)
    kept = {cell: scores[cell] for cell in wrong.loses if scores[cell] >= points[cell]}
    assert not kept, f"{wrong.name} ({wrong.why}) kept full points on {kept}"


@pytest.mark.parametrize("right", RIGHT, ids=lambda r: f"{r.chapter}-{r.name}")
def test_other_right_answers_keep_full_points(graded, right):
    """E.g. an answer that prints a warning to stderr while the tests run loses nothing."""
    root, rows = graded
    row = rows[(right.chapter, student_of(right))]
    assert float(row["score"]) == float(row["max_score"]), \
        cell_scores(root, right.chapter, student_of(right))
