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

Points only for code the student wrote: the spellings of "answer with the course library's
implementation" (tests/library_spellings.py: a wrapper, an import, importlib, a default
argument, a closure, vars(), pickle, a fresh copy loaded from the .py file, reload) are
rotated over the chapter's exercises: in each such submission every exercise the library
implements cheats, each in its own spelling, and the chapter's submissions together use every
spelling (DLGRADE_EVERY_SPELLING=1: one submission per spelling, every exercise spelled every
way). Every test cell that reads a cheating answer must score 0, while the other test cells
keep full points.

Each chapter is graded in its own class (pytest-xdist's loadscope spreads chapters over
workers), as one batch; the engine runs one submission at a time inside each. The engine skips the
instructor's cells that nothing graded depends on (figures, demos); the submission with a
single wrong answer (its tests fail, every other test passes) is graded once more with every
cell run, and must get the same score on every test cell, passed and failed alike.
"""
import json
import os
import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

import course_tools
from course_tools import (answer_sources, cell_scores, copy_release, failure_text,
                          graded_cells, nb_meta, packs, plain_kernel_scores, right_answers,
                          selected_chapters, visible_failures, wrong_answers,
                          write_submission)
from dlcourse import misconceptions
from dlgrade import engine, sandbox
from dlgrade.course import CourseLayout
from dlgrade.names import free_names
from library_spellings import (NOT_A_DROP_IN, SPELLINGS, cheating_cells, cheating_names,
                              rotations)

pytestmark = pytest.mark.skipif(not sandbox.available(),
                                reason="bubblewrap (bwrap) is not installed or not usable")

# COURSE_CHAPTERS=01_perceptron,02_activation_functions grades only those (while writing one).
CHAPTERS = selected_chapters()
WRONG = [w for w in wrong_answers() if w.chapter in CHAPTERS]
RIGHT = [r for r in right_answers() if r.chapter in CHAPTERS]
# verdicts must not depend on the machine's speed: far above any cell's idle time
LIMITS = sandbox.Limits(cell_timeout_s=120, submission_timeout_s=1200)
EVERY_SPELLING = os.environ.get("DLGRADE_EVERY_SPELLING") == "1"
# the share of a chapter's wrong answers whose feedback names their misconception
MISCONCEPTION_SHARE = 0.9
ARTIFACTS = Path(__file__).parent / ".artifacts"


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


def reads_of_test_cells(root, chapter):
    """``{test cell id: names it reads}`` of the chapter's test cells."""
    nb = nbformat.read(Path(root) / "solutions" / chapter / f"{chapter}.ipynb", as_version=4)
    return {nb_meta(c)["grade_id"]: free_names(c.source) for c in nb.cells
            if nb_meta(c).get("grade") and not nb_meta(c).get("solution")}


@pytest.fixture(scope="class")
def graded(request, release, tmp_path_factory):
    """Grade the class's chapter in one batch: the single wrong answer with every cell run,
    and (skipping what nothing graded needs) the same, the solution, the untouched version,
    the packs and the library spellings."""
    chapter = request.cls.chapter
    root = copy_release(release, tmp_path_factory.mktemp(chapter), [chapter])
    solution = answer_sources(chapter, root)
    students = plan(chapter)
    write_submission(root, "solution", chapter, solution)
    write_submission(root, "untouched", chapter)
    every_cell = {}
    for student, answers in students.items():
        replace = dict(solution)
        for answer in answers:
            replace.update(answer.replace)
        write_submission(root, student, chapter, replace)
        if student == "single":
            every_cell[f"{student}-every-cell"] = replace
    for student, replace in every_cell.items():
        write_submission(root, student, chapter, replace)
    cheats = {}
    for i, spelled in enumerate(rotations(cheating_names(chapter, root), EVERY_SPELLING)):
        replace, names = cheating_cells(chapter, spelled.get, root)
        cheats[f"library-{i}"] = dict(names=names, spelled=spelled)
        write_submission(root, f"library-{i}", chapter, {**solution, **replace})
    records = {r["student"]: r for r in engine.grade(
        root, [chapter], workers=1, limits=LIMITS, progress=False,
        cells={student: "all" for student in every_cell})}
    scores = {student: cell_scores(root, chapter, student) for student in records}
    where = {id(a): student for student, answers in students.items() for a in answers}
    return dict(root=root, records=records, scores=scores, students=students, where=where,
                cheats=cheats, reads=reads_of_test_cells(root, chapter))


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

    def test_skipping_cells_nothing_graded_needs_changes_no_grade(self, graded):
        points = graded_cells(self.chapter)
        skipped, full = graded["scores"]["single"], graded["scores"]["single-every-cell"]
        assert graded["records"]["single-every-cell"]["status"] == "graded"
        assert skipped == full
        # the comparison covers test cells that pass and test cells that fail
        assert any(full[c] == p for c, p in points.items())
        assert any(full[c] < p for c, p in points.items())

    def test_the_librarys_implementation_earns_nothing_however_it_is_reached(self, graded):
        """Every exercise with an implementation, cheating in the chapter's every spelling:
        0 on each test reading it;
        the other tests (exercises the library does not implement, concept checks) keep
        their points, and the honest solution keeps full points in the same batch."""
        if not graded["cheats"]:
            pytest.skip("the library implements no exercise of this chapter")
        points = graded_cells(self.chapter)
        used = {key for cheat in graded["cheats"].values() for key in cheat["spelled"].values()}
        assert used == set(SPELLINGS) and len(SPELLINGS) >= 8
        for student, cheat in graded["cheats"].items():
            names, scores = cheat["names"], graded["scores"][student]
            assert names == set(cheat["spelled"]), student
            reading = {c for c, reads in graded["reads"].items() if reads & names}
            assert reading, (student, names)
            kept = {c: scores[c] for c in reading if scores[c] > 0}
            assert not kept, f"{student} ({cheat['spelled']}) kept points on {kept}"
            lost = {c: scores[c] for c in set(points) - reading if scores[c] < points[c]}
            assert not lost, f"{student} lost points on honest tests {lost}"
        assert graded["scores"]["solution"] == points

    def test_the_spellings_cheat_where_the_library_is_whole(self, graded):
        """The check above can fail: in an ordinary kernel with the whole library (no sandbox,
        no grading view) the first of those submissions earns every point it loses there,
        but on the tests of an exercise whose listed implementation is no drop-in answer
        (library_spellings.NOT_A_DROP_IN, each entry checked here)."""
        if not graded["cheats"]:
            pytest.skip("the library implements no exercise of this chapter")
        root = graded["root"]
        path = CourseLayout(root).submission("library-0", self.chapter)
        scores = plain_kernel_scores(root, self.chapter, path)
        points, cheat = graded_cells(self.chapter), graded["cheats"]["library-0"]
        odd = {name for chapter, name in NOT_A_DROP_IN if chapter == self.chapter}
        assert odd <= cheat["names"], odd
        apart = {c for c, reads in graded["reads"].items() if reads & odd}
        assert {c: scores[c] for c in points if c not in apart} == {
            c: p for c, p in points.items() if c not in apart}, cheat["spelled"]
        assert all(scores[c] < points[c] for c in apart), (
            "an entry of NOT_A_DROP_IN works as an answer now: remove it", apart)

    def test_wrong_answer_loses_points(self, graded, wrong):
        student = graded["where"][id(wrong)]
        scores, points = graded["scores"][student], graded_cells(self.chapter)
        kept = {cell: scores[cell] for cell in wrong.loses if scores[cell] >= points[cell]}
        assert not kept, f"{wrong.name} ({wrong.why}) kept full points on {kept} ({student})"

    def test_what_the_visible_tests_say_to_a_wrong_answer_has_a_hint(self, graded):
        """Where a visible test catches a wrong answer, its message carries a hint line,
        whichever check (type, shape, dtype, value) fails first. An exception raised by the
        student's own code (e.g. torch's shape error inside their forward) is their code's
        message, not a check's, and is not counted."""
        missing = []
        for wrong in (w for w in WRONG if w.chapter == self.chapter):
            seen = visible_failures(graded["root"], self.chapter, graded["where"][id(wrong)])
            for cell in wrong.loses:
                name, message = seen.get(cell, ("", ""))
                if name == "GradingError" and "\n힌트(hint): " not in message:
                    missing.append(f"{wrong.name} / {cell}: {message}")
        assert not missing, "\n".join(missing)

    def test_feedback_names_the_misconception(self, graded):
        """The feedback a wrong answer gets (the failure messages of the test cells it loses,
        visible and hidden, as the feedback page shows them) names the misconception it
        embodies, for at least MISCONCEPTION_SHARE of a chapter's wrong answers. What names
        a misconception is the catalogue's line and nothing else, so it cannot carry a hidden
        test's input or expected value."""
        wrongs = [w for w in WRONG if w.chapter == self.chapter]
        missing, lines = [], {}
        for wrong in wrongs:
            text = failure_text(graded["root"], self.chapter, graded["where"][id(wrong)],
                                wrong.loses)
            if wrong.misconception not in misconceptions.named_in(text):
                missing.append(f"{wrong.name} ({wrong.misconception}): "
                               f"{text.splitlines()[0] if text else 'no failure message'}")
            for line in text.splitlines():
                if misconceptions.TAG in line:
                    lines[line] = misconceptions.named_in(line)
        assert all(len(ids) == 1 and line == misconceptions.line(ids[0])
                   for line, ids in lines.items()), lines
        share = 1 - len(missing) / len(wrongs)
        ARTIFACTS.mkdir(exist_ok=True)  # git-ignored: the README's table comes from here
        (ARTIFACTS / f"misconceptions-{self.chapter}.json").write_text(json.dumps(
            {"named": len(wrongs) - len(missing), "wrong": len(wrongs), "missing": missing},
            ensure_ascii=False, indent=1), encoding="utf-8")
        assert share >= MISCONCEPTION_SHARE, "\n".join(missing)

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


def test_wrong_answer_files_are_read_strictly(tmp_path):
    """A chapter file's mistakes fail loudly: an edit whose text is not in the solution exactly
    once, an entry with both or neither of edits/source, an unknown field, a wrong answer
    without a misconception or with one the catalogue does not have, a concept answer written
    the other kind's way, a file whose ``chapter`` is not its name. A good entry becomes the
    solution with the edit done."""
    chapter = CHAPTERS[0]
    cell, solution = next(iter(answer_sources(chapter).items()))
    line = next(ln for ln in solution.splitlines() if solution.count(ln) == 1 and ln.strip())
    good = {"name": "x", "cell": cell, "edits": [[line, line + "  # changed"]], "loses": ["t"],
            "misconception": "sum-vs-mean"}
    bad = [({**good, "edits": [["not in the solution at all", ""]]}, "occurs 0 times"),
           ({**good, "source": "pass\n"}, "one of edits/source"),
           ({k: v for k, v in good.items() if k != "edits"}, "one of edits/source"),
           ({**good, "loose": ["t"]}, "unknown ['loose']"),
           ({k: v for k, v in good.items() if k != "misconception"}, "missing ['misconception']"),
           ({**good, "misconception": "sum-versus-mean"}, "unknown misconception")]

    def write(entry, name=chapter):
        (tmp_path / f"{chapter}.toml").write_text(
            f"chapter = {json.dumps(name)}\n[[wrong]]\n" + "".join(
                f"{k} = {json.dumps(v)}\n" for k, v in entry.items()))

    write(good)
    (answer,) = course_tools._catalogue("wrong", tmp_path)
    assert answer.replace == {cell: solution.replace(line, line + "  # changed")}
    for entry, message in bad:
        write(entry)
        with pytest.raises(ValueError, match=re.escape(message)):
            course_tools._catalogue("wrong", tmp_path)
    write(good, name="99_elsewhere")
    with pytest.raises(ValueError, match="not the file's"):
        course_tools._catalogue("wrong", tmp_path)
    for kind, answer in (("wrong", '"why"'), ("right", '{ why = "w", misconception = "x" }')):
        (tmp_path / f"{chapter}.toml").write_text(
            f'chapter = "{chapter}"\n[concept.1.{kind}]\n"1" = {answer}\n')
        with pytest.raises(ValueError, match="a wrong one is"):
            course_tools._catalogue(kind, tmp_path)


def test_packs_keep_answers_apart():
    for chapter in CHAPTERS:
        for student, answers in plan(chapter).items():
            cells = [cell for answer in answers for cell in answer.replace]
            assert len(cells) == len(set(cells)), (chapter, student)
            if student.startswith("wrong"):
                named = [cell for answer in answers for cell in answer.loses]
                assert len(named) == len(set(named)), (chapter, student)
        assert len(plan(chapter)["single"]) == 1

