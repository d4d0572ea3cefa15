"""The class report (python -m dlgrade report) on a graded class of generated submissions."""
import base64
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_tools import (answer_sources, characters_without_a_glyph, copy_release,
                          write_submission)
from dlcourse import misconceptions
from dlgrade import engine, report, sandbox
from dlgrade.course import CourseLayout, gradebook_url

pytestmark = pytest.mark.skipif(not sandbox.available(),
                                reason="bubblewrap (bwrap) is not installed or not usable")

CHAPTER = "00_orientation"
LIMITS = sandbox.Limits(memory_mb=1024, max_procs=64, cell_timeout_s=30,
                        submission_timeout_s=300)
# two plausible mistakes: height not squared (2 students), height in cm (1 student)
NOT_SQUARED = "def bmi(weight_kg, height_m):\n    return weight_kg / height_m\n"
IN_CM = "def bmi(weight_kg, height_m):\n    return weight_kg / (100 * height_m) ** 2\n"
# a right standardize, handed in by gil and ha as it is and by im renamed and re-commented
STANDARDIZE = """
def standardize(X):
    table = np.asarray(X, dtype=np.float64)
    centre = table.mean(axis=0)
    spread = table.std(axis=0)
    constant = spread == 0
    divisor = np.where(constant, 1.0, spread)
    z = (table - centre) / divisor
    z[:, constant] = 0.0
    return z
"""
RENAMED = '''
def standardize(X):
    """Column-wise z-scores."""
    data = np.asarray(X,
                      dtype=np.float64)   # a float copy
    mu = data.mean(axis=0)
    sd = data.std(axis=0)
    flat = sd == 0  # constant columns
    d = np.where(flat, 1.0, sd)
    out = (data - mu) / d
    out[:, flat] = 0.0
    return out
'''


@pytest.fixture(scope="module")
def graded_class(release, tmp_path_factory):
    from nbgrader.api import Gradebook

    root = copy_release(release, tmp_path_factory.mktemp("class"), [CHAPTER])
    with Gradebook(gradebook_url(root)) as gb:
        gb.update_or_create_assignment(CHAPTER, duedate="2026-03-02 09:00:00")
    right = answer_sources(CHAPTER, root)
    students = {"ahn": right, "baek": right, "cho": dict(right, bmi=NOT_SQUARED),
                "do": dict(right, bmi=NOT_SQUARED), "eom": dict(right, bmi=IN_CM),
                "gil": dict(right, standardize=STANDARDIZE),
                "ha": dict(right, standardize=STANDARDIZE),
                "im": dict(right, standardize=RENAMED)}
    for student, answers in students.items():
        path = write_submission(root, student, CHAPTER, answers)
        on_time = student != "cho"  # cho hands in 3 hours late
        (path.parent / "timestamp.txt").write_text(
            "2026-03-02 08:30:00" if on_time else "2026-03-02 12:00:00")
    # hyun edited a test cell (harmless: the released one is graded) - a finding, not a verdict
    edited = write_submission(root, "hyun", CHAPTER, right)
    nb = nbformat.read(edited, as_version=4)
    test = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                == "bmi-test")
    test.source += "\nprint('checked')\n"
    nbformat.write(nb, edited)
    broken = CourseLayout(root).submission("fu", CHAPTER)
    broken.parent.mkdir(parents=True)
    broken.write_text("{ not a notebook", encoding="utf-8")
    records = engine.grade(root, [CHAPTER], workers=2, limits=LIMITS, progress=False)
    assert len(records) == 10
    # collected after grading, not graded yet: the report counts it and says what is next
    write_submission(root, "gu", CHAPTER, right)
    run = subprocess.run([sys.executable, "-m", "dlgrade", "report", CHAPTER, f"--root={root}"],
                         check=True, text=True, capture_output=True)
    page = CourseLayout(root).report(CHAPTER)
    artifacts = Path(__file__).parent / ".artifacts"  # git-ignored: the README's screenshot
    artifacts.mkdir(exist_ok=True)
    shutil.copy(page, artifacts / "class-report.html")
    return dict(root=root, run=run, page=page.read_text(encoding="utf-8"),
                summary=json.loads(page.with_suffix(".json").read_text(encoding="utf-8")))


def test_report_counts_what_the_gradebook_holds(graded_class):
    summary = graded_class["summary"][CHAPTER]
    assert summary["submissions"] == 10
    assert summary["statuses"]["graded"] == 9 and summary["statuses"]["malformed"] == 1
    assert sum(summary["statuses"].values()) == 10
    # bmi: ahn, baek, gil, ha, hyun, im pass; cho, do, eom fail; fu's file could not be read
    assert summary["pass_rates"]["bmi"] == [6, 10]
    assert summary["late"] == ["cho"]
    assert summary["waiting"] == ["gu"]
    assert "report:" in graded_class["run"].stdout
    assert ("수집했지만 아직 채점하지 않은 제출이 1건 있습니다: <code>make grade "
            f"CHAPTER={CHAPTER}</code>") in graded_class["page"]


def test_report_shows_the_message_most_students_saw(graded_class):
    root = graded_class["root"]
    seen = report.failure_messages(CourseLayout(root).autograded_notebook("cho", CHAPTER))
    message = seen["bmi-test"]
    assert message and "Traceback" not in message
    assert re.search("[가-힣]", message), message  # the Korean message, not a library's
    row = re.search(r"<tr><td>bmi</td><td>6/10</td><td>(.*?)</td><td class=\"num\">(\d+)</td>",
                    graded_class["page"])
    assert row, "no row for bmi in the table of failure messages"
    # cho and do made the same mistake: theirs is the most frequent message, seen twice
    assert row.group(1) == report._e(message) and row.group(2) == "2"


def test_report_is_one_offline_page_with_korean_figures(graded_class):
    page = graded_class["page"]
    # its Korean text too: the glyphs it uses are in the page (no system font needed)
    assert not characters_without_a_glyph(page), "Hangul without a glyph in the report"
    assert '<meta charset="utf-8">' in page and 'lang="ko"' in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "the page loads something online"
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 3
    assert all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    for text in ("점수 분포", "연습 문제별 통과율", "채점 상태", "형식 오류 (malformed)", "fu",
                 "마감 뒤 제출", "<td>cho</td><td>2026-03-02 12:00:00</td><td>3.0시간</td>"):
        assert text in page, text
    reason = json.loads(CourseLayout(graded_class["root"]).status_file(CHAPTER, "fu")
                        .read_text())["reason"]
    assert report._e(reason) in page  # the reason of every submission that is not graded


def test_report_names_the_misconceptions_to_revisit(graded_class):
    """cho, do (height not squared) and eom (height in cm) got feedback naming the same
    misconception: the report counts three students for bmi, puts it first among the
    chapter's misconceptions to revisit and links it to its explanation on the page."""
    summary, page = graded_class["summary"][CHAPTER], graded_class["page"]
    assert summary["misconceptions"] == {"bmi": {"formula-transcription": 3}}
    assert summary["revisit"] == ["formula-transcription"]
    title = report._e(misconceptions.get("formula-transcription").title)
    assert (f'<tr><td>bmi</td><td><a href="#m-formula-transcription">{title}</a></td>'
            '<td class="num">3</td></tr>') in page
    assert f'<li><a href="#m-formula-transcription">{title}</a>: 학생 3명' in page
    assert f'<dt id="m-formula-transcription">{title} ' in page
    assert report._e(misconceptions.get("formula-transcription").explain) in page


def test_report_groups_the_same_answer_written_differently(graded_class):
    """gil and ha handed in the same standardize, im the same one renamed, re-commented and
    laid out otherwise: one group of three, listed for the instructor (no verdict: all three
    keep their points). The short answers everybody shares (bmi) form no group; everybody
    else handed in the instructor's abnormal_counts (the fixture writes the solution), which
    is listed as such."""
    summary, page = graded_class["summary"][CHAPTER], graded_class["page"]
    everybody = ["ahn", "baek", "cho", "do", "eom", "gil", "gu", "ha", "hyun", "im"]
    assert summary["similar"] == [
        {"cell": "abnormal_counts", "students": everybody, "solution": True},
        {"cell": "standardize", "students": ["gil", "ha", "im"], "solution": False}]
    assert "<tr><td>standardize</td><td>gil, ha, im</td><td>-</td></tr>" in page
    assert (f"<tr><td>abnormal_counts</td><td>{', '.join(everybody)}</td>"
            "<td>강사 풀이와 같은 모양</td></tr>") in page
    assert summary["pass_rates"]["standardize"] == [9, 10]


def test_report_lists_what_grading_noticed_as_records(graded_class):
    """A test cell hyun edited was graded as released: a finding the instructor reads in the
    report (its kind in Korean, the cell), points unchanged; the summary has the record."""
    summary = graded_class["summary"][CHAPTER]
    assert summary["findings"] == [{"kind": "restored", "cell": "bmi-test", "detail": "",
                                    "student": "hyun"}]
    assert summary["statuses"]["graded"] == 9  # a finding of this kind is not a verdict
    assert ("<tr><td>hyun</td><td>바뀐 읽기 전용/테스트 셀 (배포본으로 되돌려 채점)</td>"
            "<td>bmi-test</td><td>-</td></tr>") in graded_class["page"]


def test_course_report_covers_chapters_with_submissions_only(graded_class):
    root = graded_class["root"]
    subprocess.run([sys.executable, "-m", "dlgrade", "report", f"--root={root}"], check=True,
                   capture_output=True)
    page = CourseLayout(root).report().read_text(encoding="utf-8")
    assert f'<h2 id="{CHAPTER}">' in page
    # chapters nobody handed in are left out; the misconceptions' explanations close the page
    assert re.findall(r'<h2 id="(.*?)"', page) == [CHAPTER, "misconceptions"]


def test_a_chapter_collected_but_not_graded_says_so(release, tmp_path):
    """Three submissions collected, none graded: not 'nothing here', but how many wait and
    the command that grades them; the course report lists the chapter too."""
    chapter = "01_perceptron"
    root = copy_release(release, tmp_path, [chapter])
    for student in ("kim", "lee", "park"):
        write_submission(root, student, chapter)
    for args in ([chapter], []):
        subprocess.run([sys.executable, "-m", "dlgrade", "report", *args, f"--root={root}"],
                       check=True, capture_output=True)
    page = CourseLayout(root).report(chapter).read_text(encoding="utf-8")
    assert ("채점된 제출이 없습니다. 수집했지만 아직 채점하지 않은 제출이 3건 있습니다: "
            f"<code>make grade CHAPTER={chapter}</code>") in page
    course = CourseLayout(root).report().read_text(encoding="utf-8")
    assert f'<h2 id="{chapter}">' in course and "채점 대기" in course


def test_failure_messages_of_a_broken_file_are_empty(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text("not json")
    assert report.failure_messages(path) == {}
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x", metadata={"nbgrader": {"grade": True,
                                                                 "grade_id": "a-test"}})
    cell.outputs = [nbformat.v4.new_output("error", ename="GradingError",
                                           evalue="a: 기대값 1\n힌트", traceback=[])]
    nb.cells.append(cell)
    nbformat.write(nb, path)
    assert report.failure_messages(path) == {"a-test": "a: 기대값 1"}
    assert report.failure_misconceptions(path) == {}
    cell.outputs[0]["evalue"] += "\n" + misconceptions.line("wrong-axis")
    nbformat.write(nb, path)
    assert report.failure_misconceptions(path) == {"a-test": ["wrong-axis"]}
    assert report.failure_misconceptions(tmp_path / "missing.ipynb") == {}
