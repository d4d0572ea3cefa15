"""End to end: real `nbgrader autograde` into a real gradebook, read back from the export.

A submission equal to the solution gets full points, the untouched student version gets 0,
and every wrong answer in tests/wrong_answers/ gets less than full, on the test cells it names.
"""
from collections import Counter

import pytest

from course_tools import (answer_sources, autograde, cell_scores, export_grades, generate,
                          make_course_copy, graded_cells, wrong_answers, write_submission)
from dlgrade.course import chapters

CHAPTERS = chapters()
WRONG = wrong_answers()


def student_of(wrong):
    return f"wrong-{wrong.name}"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course_copy(tmp_path_factory.mktemp("course"))
    generate(root)
    for chapter in CHAPTERS:
        write_submission(root, "solution", chapter, answer_sources(chapter, root))
        write_submission(root, "untouched", chapter)
    for w in WRONG:
        write_submission(root, student_of(w), w.chapter,
                         {**answer_sources(w.chapter, root), **w.replace})
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
