"""Validate agrees with grading.

A student's Validate (the JupyterLab button, served by nbgrader's validate_assignment server
extension, and the ``nbgrader validate`` command) runs the notebook with the course's
configuration and the visible tests. On the same notebooks of chapter 00 (the solution's
answers, the untouched version, every wrong and every alternative right answer of
tests/wrong_answers/, the one that warns on stderr included) its verdict must be the engine's:

* a notebook Validate passes gets full points from the engine, unless it is a wrong answer that
  only the hidden tests catch (they are secret, so Validate cannot run them);
* every cell Validate reports as failing loses points in grading (no false alarm);
* a notebook the engine gives full points passes Validate.
"""
import html
import os
import re
import subprocess
import sys

import pytest

from course_tools import (answer_sources, cell_scores, copy_release, graded_cells, packs,
                          right_answers, wrong_answers, write_submission)
from dlgrade import engine, sandbox
from dlgrade.course import ROOT

pytestmark = pytest.mark.skipif(not sandbox.available(),
                                reason="bubblewrap (bwrap) is not installed or not usable")

CHAPTER = "00_orientation"
LIMITS = sandbox.Limits(cell_timeout_s=120, submission_timeout_s=1200)


def validate_like_the_button(path):
    """What the JupyterLab Validate button does: the server extension's own config loading
    (from the server's working folder, here the course root) and nbgrader's Validator."""
    from nbgrader.server_extensions.validate_assignment.handlers import (
        ValidateAssignmentHandler)
    from nbgrader.validator import Validator

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        config = ValidateAssignmentHandler.load_config(None)
        return Validator(config=config).validate(str(path))
    finally:
        os.chdir(cwd)


def failing_cells(result, path):
    """Test cell ids Validate reports as failed (matched by their source)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    sources = {c.source.strip(): c.metadata.get("nbgrader", {}).get("grade_id")
               for c in nb.cells if c.cell_type == "code"}
    return {sources.get(f["source"]) for f in result.get("failed", [])}


@pytest.fixture(scope="module")
def verdicts(release, tmp_path_factory):
    root = copy_release(release, tmp_path_factory.mktemp("validate"), [CHAPTER])
    solution = answer_sources(CHAPTER, root)
    wrong = [w for w in wrong_answers() if w.chapter == CHAPTER]
    right = [r for r in right_answers() if r.chapter == CHAPTER]
    students = {"solution": [], "untouched": None}
    for kind, answers in (("wrong", wrong), ("right", right)):  # one answer per answer cell
        for i, group in enumerate(packs(answers, disjoint_tests=False)):
            students[f"{kind}-{i}"] = group
    paths = {}
    for student, answers in students.items():
        if answers is None:
            paths[student] = write_submission(root, student, CHAPTER)
            continue
        replace = dict(solution)
        for answer in answers:
            replace.update(answer.replace)
        paths[student] = write_submission(root, student, CHAPTER, replace)
    # Validate first, on the files as handed in (grading must not have touched them)
    validated = {s: validate_like_the_button(p) for s, p in paths.items()}
    engine.grade(root, [CHAPTER], workers=2, limits=LIMITS, progress=False)
    full = graded_cells(CHAPTER)
    scores = {s: cell_scores(root, CHAPTER, s) for s in paths}
    return dict(root=root, students=students, paths=paths, validated=validated,
                scores=scores, full=full)


def test_validate_and_grading_agree_on_every_notebook(verdicts):
    full = verdicts["full"]
    hidden_only = []
    for student, answers in verdicts["students"].items():
        result, path = verdicts["validated"][student], verdicts["paths"][student]
        assert set(result) <= {"failed"}, (student, result)  # no changed or type-changed cell
        failed = failing_cells(result, path)
        scores = verdicts["scores"][student]
        lost = {cell for cell, points in full.items() if scores.get(cell, 0) < points}
        assert failed <= lost, f"{student}: Validate fails {failed - lost}, grading does not"
        if not lost:
            assert not failed, f"{student}: full points in grading, but Validate fails"
        if not failed and lost:  # passes Validate, loses points: hidden tests only
            assert student.startswith("wrong-"), (student, lost)
            hidden_only.append(student)
    assert not failing_cells(verdicts["validated"]["solution"], verdicts["paths"]["solution"])
    assert failing_cells(verdicts["validated"]["untouched"], verdicts["paths"]["untouched"])
    # the answer that warns on stderr is a right answer: it must pass Validate
    warns = [s for s, a in verdicts["students"].items()
             if a and any(r.name == "warns-on-stderr" for r in a)]
    assert warns and not verdicts["validated"][warns[0]], verdicts["validated"][warns[0]]


def test_the_dialog_says_it_in_korean_without_any_test_source(verdicts):
    """What the Validate button shows (dlcourse.lab rewrites nbgrader's result): the same
    verdict; a Korean summary with the counts and the failing exercises; then one entry per
    failing exercise with its message and hint; no line of any test cell's source, no
    traceback."""
    from dlcourse.lab import exercise_name, korean_result

    total = len(verdicts["full"])
    for student, result in verdicts["validated"].items():
        path = verdicts["paths"][student]
        shown = korean_result(result, path)
        failed = failing_cells(result, path)
        if not failed:
            assert shown == result == {}, student
            continue
        (entry,) = shown["failed"]
        summary = entry["source"].splitlines()[0]
        assert summary.startswith(f"테스트 {total}개 중 {total - len(failed)}개 통과, "
                                  f"{len(failed)}개 실패: "), summary
        names = summary.split("실패: ", 1)[1].split(", ")
        assert sorted(names) == sorted(exercise_name(c) for c in failed), (student, summary)
        lines = entry["error"].split("\n\n")
        assert len(lines) == len(failed)
        for line, name in zip(lines, names):
            assert line.startswith(f"<b>{name}</b>: ") and re.search("[가-힣]", line), line
        text = entry["source"] + "\n" + entry["error"]
        assert "Traceback" not in text and "site-packages" not in text, text
        for cell in result["failed"]:
            for code in (c.strip() for c in cell["source"].splitlines()):
                if len(code) > 20:
                    assert code not in text and html.escape(code) not in text, (student, code)
    untouched = korean_result(verdicts["validated"]["untouched"], verdicts["paths"]["untouched"])
    assert "답을 쓰세요" in untouched["failed"][0]["error"]


@pytest.mark.parametrize("student, verdict", [("solution", "Success!"),
                                              ("untouched", "VALIDATION FAILED"),
                                              ("right-0", "Success!")])
def test_the_validate_command_says_the_same(verdicts, student, verdict):
    """``nbgrader validate`` exits 0 either way; its words carry the verdict."""
    if student == "right-0":
        assert any(r.name == "warns-on-stderr" for r in verdicts["students"][student])
    run = subprocess.run([sys.executable, "-m", "nbgrader", "validate",
                          str(verdicts["paths"][student])], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    out = run.stdout + run.stderr
    assert verdict in out, out[-2000:]
    assert "not recognized" not in out, "a Validator setting of the course is ignored"
    if verdict == "VALIDATION FAILED":
        # the student sees the Korean message, not a library traceback
        assert re.search("[가-힣]", out) and "site-packages" not in out, out[-2000:]
