"""End to end: every chapter graded by the grading engine into a real gradebook.

A submission equal to the solution gets full points, the untouched student version gets 0,
every wrong answer in tests/wrong_answers/ gets less than full on the test cells it names, and
every alternative right answer there keeps full points.

Test cells are independent by design (a test checks one exercise, with the reference versions
of the functions it builds on swapped in), so one submission carries one wrong answer for
several answer cells at once: a *pack*. In a pack no two answers touch the same answer cell or
name the same test cell, and every test cell that no wrong answer of the pack names must keep
full points, so a test that depended on another exercise's answer would show up here. One
submission per chapter carries a single wrong answer, so a regression in isolation still shows.
Each chapter is graded in its own class (pytest-xdist's loadscope spreads chapters over
workers); the engine runs one submission at a time inside each. The solution, the untouched
notebook and the single wrong answer run every cell, as ``make grade`` does; the packs skip the
instructor's demo cells (``engine.grade(run_demos=False)``), which no test cell reads.
"""
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from course_tools import (answer_sources, cell_scores, copy_release, graded_cells, packs,
                          right_answers, selected_chapters, wrong_answers, write_submission)
from dlgrade import engine, sandbox

pytestmark = pytest.mark.skipif(not sandbox.available(),
                                reason="bubblewrap (bwrap) is not installed or not usable")

# COURSE_CHAPTERS=01_perceptron,02_activation_functions grades only those (while writing one).
CHAPTERS = selected_chapters()
WRONG = [w for w in wrong_answers() if w.chapter in CHAPTERS]
RIGHT = [r for r in right_answers() if r.chapter in CHAPTERS]
# verdicts must not depend on the machine's speed: far above any cell's idle time
LIMITS = sandbox.Limits(cell_timeout_s=120, submission_timeout_s=1200)


def plan(chapter):
    """``{student: [answers]}`` for a chapter: single, wrong packs, right packs."""
    wrong = [w for w in WRONG if w.chapter == chapter]
    right = [r for r in RIGHT if r.chapter == chapter]
    students = {"single": wrong[:1]}
    for i, group in enumerate(packs(wrong[1:], disjoint_tests=True)):
        students[f"wrong-pack-{i}"] = group
    for i, group in enumerate(packs(right, disjoint_tests=False)):
        students[f"right-pack-{i}"] = group
    return students


def pytest_generate_tests(metafunc):
    chapter = getattr(metafunc.cls, "chapter", None)
    for name, answers in (("wrong", WRONG), ("right", RIGHT)):
        if name in metafunc.fixturenames:
            mine = [a for a in answers if a.chapter == chapter]
            metafunc.parametrize(name, mine, ids=[a.name for a in mine])


@pytest.fixture(scope="class")
def graded(request, release, tmp_path_factory):
    """Grade the class's chapter once: solution, untouched, the single and the packs."""
    chapter = request.cls.chapter
    root = copy_release(release, tmp_path_factory.mktemp(chapter), [chapter])
    solution = answer_sources(chapter, root)
    write_submission(root, "solution", chapter, solution)
    write_submission(root, "untouched", chapter)
    students = plan(chapter)
    for student, answers in students.items():
        if student != "single":
            continue
        write_submission(root, student, chapter, {**solution, **answers[0].replace})
    # the full path first: solution, untouched and one wrong answer, every cell executed
    engine.grade(root, [chapter], workers=1, limits=LIMITS, progress=False)
    for student, answers in students.items():
        replace = dict(solution)
        for answer in answers:
            replace.update(answer.replace)
        write_submission(root, student, chapter, replace)
    # then the packs, without the chapter's figures and demos: a test cell reads only the
    # library and the answers (tests/test_release.py), so its verdict is the same
    records = {r["student"]: r for r in engine.grade(root, [chapter], workers=1, limits=LIMITS,
                                                     progress=False, run_demos=False)}
    scores = {student: cell_scores(root, chapter, student) for student in records}
    where = {id(a): student for student, answers in students.items() for a in answers}
    return dict(root=root, records=records, scores=scores, students=students, where=where)


class ChapterGrading:
    """The checks for one chapter; a subclass per chapter sets ``chapter``."""

    chapter = None

    def test_every_submission_was_graded(self, graded):
        for student, record in graded["records"].items():
            assert record["status"] == "graded", record

    def test_solution_gets_full_points(self, graded):
        points = graded_cells(self.chapter)
        assert sum(points.values()) > 0
        assert graded["scores"]["solution"] == points

    def test_untouched_student_version_gets_zero(self, graded):
        assert graded["records"]["untouched"]["score"] == 0.0, graded["scores"]["untouched"]

    def test_untouched_student_version_runs_every_demo(self, graded):
        """'Run All' on the untouched student version fails only in the exercises' own cells
        (the answer stubs and their tests): no demo or figure depends on an unanswered
        exercise."""
        path = (Path(graded["root"]) / "autograde" / "autograded" / "untouched" / self.chapter
                / f"{self.chapter}.ipynb")
        notebook = nbformat.read(path, as_version=4)
        executed = failing = 0
        for cell in notebook.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or meta.get("solution") or meta.get("grade"):
                continue
            executed += 1
            if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
                failing += 1
                print("demo cell failed:", meta.get("grade_id"), cell.source[:200])
        assert executed > 0
        assert failing == 0, f"{failing} demo cells of {self.chapter} fail before any answer"

    def test_wrong_answer_loses_points(self, graded, wrong):
        student = graded["where"][id(wrong)]
        scores, points = graded["scores"][student], graded_cells(self.chapter)
        kept = {cell: scores[cell] for cell in wrong.loses if scores[cell] >= points[cell]}
        assert not kept, f"{wrong.name} ({wrong.why}) kept full points on {kept} ({student})"

    def test_tests_no_wrong_answer_names_keep_full_points(self, graded):
        """A test cell scores on its own exercise only: in every pack, the test cells that no
        wrong answer of the pack names keep full points."""
        points = graded_cells(self.chapter)
        for student, answers in graded["students"].items():
            named = {cell for answer in answers for cell in getattr(answer, "loses", ())}
            lost = {cell: score for cell, score in graded["scores"][student].items()
                    if cell not in named and score < points[cell]}
            assert not lost, f"{student} ({[a.name for a in answers]}) also lost {lost}"

    def test_other_right_answers_keep_full_points(self, graded, right):
        """E.g. an answer that prints a warning to stderr while the tests run loses nothing."""
        student = graded["where"][id(right)]
        assert graded["scores"][student] == graded_cells(self.chapter), (right.name, student)


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


def test_packs_keep_answers_apart():
    for chapter in CHAPTERS:
        for student, answers in plan(chapter).items():
            cells = [cell for answer in answers for cell in answer.replace]
            assert len(cells) == len(set(cells)), (chapter, student)
            if student.startswith("wrong"):
                named = [cell for answer in answers for cell in answer.loses]
                assert len(named) == len(set(named)), (chapter, student)
        assert len(plan(chapter)["single"]) == 1
