"""make progress (dlcourse.progress): what is left, read from the saved working copy.

A fresh working copy shows every exercise unanswered and never run; a half-done one, after the
student ran every cell (as Run All does), shows the solved exercise passed, the others failed
with the stub's Korean message, and the concept check answered. Nothing is executed by the
command itself: the page is written from the saved notebooks."""
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from course_tools import answer_sources, nb_meta
from dlcourse import progress
from dlcourse.webfont import FAMILY
from dlgrade.course import ROOT

CHAPTER = "00_orientation"


@pytest.fixture
def fresh(tmp_path):
    """A working copy of chapters 00 and 01 as make lab first makes it."""
    work = tmp_path / "my-course"
    for chapter in (CHAPTER, "01_perceptron"):
        (work / chapter).mkdir(parents=True)
        shutil.copy(ROOT / "course" / chapter / f"{chapter}.ipynb", work / chapter)
    return work


def test_a_fresh_working_copy_has_everything_left(fresh):
    chapters = progress.course_progress(fresh)
    assert list(chapters) == [CHAPTER, "01_perceptron"]
    rows = chapters[CHAPTER]
    assert [r.name for r in rows] == ["bmi", "abnormal_counts", "standardize", "risk_scores",
                                      "numerical_derivative", "개념 확인 1", "개념 확인 2",
                                      "개념 확인 3", "개념 확인 4"]
    assert all(not r.answered and r.status == "not run" for r in rows)


def test_a_half_done_working_copy_shows_what_is_left(fresh):
    path = fresh / CHAPTER / f"{CHAPTER}.ipynb"
    nb = nbformat.read(path, as_version=4)
    solved = answer_sources(CHAPTER)
    for cell in nb.cells:
        if nb_meta(cell).get("grade_id") == "bmi":
            cell.source = solved["bmi"]
        if nb_meta(cell).get("grade_id") == "concept-1":
            cell.source = 'q1 = "A"\n'  # answered (wrongly: only grading says so)
    # the student runs every cell, as Run All does (test cells fail without stopping the run)
    NotebookClient(nb, timeout=600, allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)
    rows = {r.name: r for r in progress.chapter_progress(path)}
    assert rows["bmi"].answered and rows["bmi"].status == "passed"
    assert not rows["standardize"].answered and rows["standardize"].status == "failed"
    assert rows["standardize"].message.startswith("답을 쓰세요")
    assert rows["개념 확인 1"].answered and rows["개념 확인 1"].status == "passed"
    assert not rows["개념 확인 2"].answered and rows["개념 확인 2"].status == "failed"

    run = subprocess.run([sys.executable, "-m", "dlcourse.progress", f"--root={fresh}"],
                         check=True, text=True, capture_output=True, timeout=120)
    assert f"{CHAPTER}: 실습 1/5 통과, 개념 확인 1/4 답함" in run.stdout
    assert "01_perceptron: 실습 0/5 통과, 개념 확인 0/4 답함" in run.stdout
    page = (fresh / progress.PAGE).read_text(encoding="utf-8")
    assert FAMILY in page and 'lang="ko"' in page  # Korean glyphs travel inside the page
    assert '<tr class="passed"><td>bmi</td><td>예</td><td>통과</td>' in page
    assert '<tr class="failed"><td>standardize</td><td>아니요</td><td>실패</td>' in page


def test_a_broken_file_or_an_empty_folder_is_no_crash(tmp_path):
    (tmp_path / "02_x").mkdir()
    (tmp_path / "02_x" / "02_x.ipynb").write_text("not a notebook", encoding="utf-8")
    assert progress.course_progress(tmp_path) == {"02_x": []}
    assert "make lab" in progress.render({}, standalone=False)
