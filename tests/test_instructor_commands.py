"""The instructor's commands, run as the README says, on a temporary copy of the course."""
import csv
import json
import re
import subprocess
import sys

import nbformat

from course_tools import (answer_sources, characters_without_a_glyph, make_course_copy,
                          nb_meta, public_text, secret_blocks)
from dlgrade.course import CourseLayout


def hidden_only_names(chapter, root):
    """Identifiers with an underscore (e.g. _rng) found only in hidden tests."""
    def names(text):
        return set(re.findall(r"\b[A-Za-z]*_[A-Za-z0-9_]{2,}", text))

    _, hidden = secret_blocks(chapter, root)
    only = names("\n".join(hidden)) - names(public_text(chapter, root))
    assert only, "the hidden tests should use names of their own (e.g. _rng)"
    return only


def dlgrade(*args, root):
    return subprocess.run([sys.executable, "-m", "dlgrade", *args, f"--root={root}"],
                          check=True, text=True, capture_output=True)


def test_release_grade_export_feedback(tmp_path):
    chapter = "00_orientation"
    root = make_course_copy(tmp_path)
    run = dlgrade("release", chapter, root=root)
    released = root / "course" / chapter / f"{chapter}.ipynb"
    assert released.exists()
    # one line per chapter, none of nbgrader's log
    assert run.stdout.strip() == f"{chapter}: released to course/{chapter}/{chapter}.ipynb"
    assert "WARNING" not in run.stdout + run.stderr

    # Two students hand in: one solved it, one submitted the untouched notebook.
    for student, replace in [("kim01", answer_sources(chapter, root)), ("lee02", {})]:
        nb = nbformat.read(released, as_version=4)
        for cell in nb.cells:
            cell.source = replace.get(nb_meta(cell).get("grade_id"), cell.source)
        out = CourseLayout(root).submission(student, chapter)
        out.parent.mkdir(parents=True)
        nbformat.write(nb, out)

    # The instructor tries the setup with a copy of the solution notebook (hidden tests in).
    teacher = CourseLayout(root).submission("teacher", chapter)
    teacher.parent.mkdir(parents=True)
    teacher.write_bytes((root / "solutions" / chapter / f"{chapter}.ipynb").read_bytes())

    run = dlgrade("grade", chapter, root=root)
    noise = ("Ctrl-C will not work", "To connect another client", "ipython/issues")
    assert not [n for n in noise if n in run.stdout + run.stderr], run.stdout + run.stderr
    with open(CourseLayout(root).grades_csv, newline="") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    scores = {s: (float(r["score"]), float(r["max_score"])) for s, r in rows.items()}
    assert scores["kim01"][0] == scores["kim01"][1] > 0
    assert scores["lee02"][0] == 0
    assert scores["teacher"][0] == scores["teacher"][1]
    status = json.loads(CourseLayout(root).status_file(chapter, "teacher").read_text())
    assert status["status"] == "graded" and "instructor's own" in status["reason"], status

    # Grading again skips what is already graded and loses nothing.
    kept = CourseLayout(root).autograded_notebook("kim01", chapter).parent
    first = kept.stat().st_mtime_ns
    dlgrade("grade", chapter, root=root)
    assert kept.stat().st_mtime_ns == first

    # one more student's work is collected, not graded yet: feedback says so and what is next
    for late, source in ((chapter, released),
                         ("01_perceptron", root / "solutions" / "01_perceptron"
                          / "01_perceptron.ipynb")):
        out = CourseLayout(root).submission("park03", late)
        out.parent.mkdir(parents=True)
        out.write_bytes(source.read_bytes())
    run = dlgrade("feedback", root=root)  # every chapter: only 00 has graded submissions
    assert f"{chapter}: feedback for 3 student(s) in" in run.stdout
    assert (f"  1 collected submission(s) not graded yet: run make grade CHAPTER={chapter} "
            "first") in run.stdout
    assert ("01_perceptron: nothing graded yet, no feedback; 1 collected submission(s) not "
            "graded yet: run make grade CHAPTER=01_perceptron first") in run.stdout
    for student in ("kim01", "lee02"):
        html = CourseLayout(root).feedback_page(student, chapter)
        text = html.read_text(encoding="utf-8")
        assert "bmi" in text and "숨은 테스트" in text
        # the Korean glyphs travel with the page: no system font needed to read it
        assert not characters_without_a_glyph(text), "Hangul without a glyph in the feedback"
        # formulas are MathML, drawn without MathJax (feedback is read offline)
        assert "<math" in text and "BMI} = \\frac" not in text
        leaked = [name for name in hidden_only_names(chapter, root)
                  if re.search(rf"\b{name}\b", text)]
        assert not leaked, f"hidden-test code in {student}'s feedback: {leaked}"
    assert "NotImplementedError" in text  # lee02 sees why the cells failed


def test_unknown_chapter_is_a_clear_error(tmp_path):
    root = make_course_copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "dlgrade", "grade", "99_nothing",
                             f"--root={root}"], text=True, capture_output=True)
    assert result.returncode != 0 and "unknown or ambiguous chapter" in result.stderr


def test_a_chapter_prefix_names_one_chapter(tmp_path):
    """"01" is enough, as for make reset; a prefix that fits several chapters is refused."""
    from dlgrade.__main__ import _selected
    from dlgrade.course import ROOT, chapters

    assert _selected(["01", "10_cnn"], ROOT) == ["01_perceptron", "10_cnn"]
    assert _selected([], ROOT) == chapters(ROOT)
    try:
        _selected(["1"], ROOT)  # 10 … 14
    except SystemExit as stop:
        assert "'1'" in str(stop)
    else:
        raise AssertionError("an ambiguous prefix was accepted")


def test_collect_an_lms_zip(tmp_path):
    """A Canvas-style download: a late resubmission and an older duplicate (the newest copy
    is kept, with its time), a file the student renamed and another chapter's notebook (both
    listed as not collected)."""
    import zipfile

    chapter = "00_orientation"
    root = make_course_copy(tmp_path)
    dlgrade("release", chapter, root=root)
    released = (root / "course" / chapter / f"{chapter}.ipynb").read_text(encoding="utf-8")
    solved = nbformat.read(root / "course" / chapter / f"{chapter}.ipynb", as_version=4)
    answers = answer_sources(chapter, root)
    for cell in solved.cells:
        cell.source = answers.get(nb_meta(cell).get("grade_id"), cell.source)
    solved = nbformat.writes(solved)
    members = [  # (name in the zip, time, content)
        (f"kim01_1001_5001_{chapter}.ipynb", (2026, 11, 30, 9, 0, 0), released),
        (f"kim01_late_1001_5003_{chapter}-1.ipynb", (2026, 11, 30, 10, 0, 0), solved),
        (f"lee02_1002_5002_{chapter}.ipynb", (2026, 11, 29, 20, 0, 0), released),
        (f"park03_1003_5006_{chapter}.ipynb", (2026, 11, 30, 8, 30, 0), solved),
        (f"park03_1003_5004_{chapter}.ipynb", (2026, 11, 28, 8, 30, 0), released),
        ("my homework.ipynb", (2026, 11, 30, 9, 0, 0), released),
        ("choi04_1004_5005_01_perceptron.ipynb", (2026, 11, 30, 9, 0, 0), released),
    ]
    download = tmp_path / "submissions.zip"
    with zipfile.ZipFile(download, "w") as archive:
        for name, when, content in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=when), content)
    run = subprocess.run([sys.executable, "-m", "dlgrade", "collect", chapter,
                          f"--zip={download}", "--lms=canvas", f"--root={root}"],
                         text=True, capture_output=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{chapter}: 3 students collected from submissions.zip" in run.stdout, run.stdout
    assert "not collected" in run.stdout and "my homework.ipynb" in run.stdout
    assert "choi04_1004_5005_01_perceptron.ipynb" in run.stdout
    submitted = CourseLayout(root).submitted
    assert sorted(p.name for p in submitted.iterdir()) == ["kim01", "lee02", "park03"]
    for student, content, stamp in [("kim01", solved, "2026-11-30 10:00:00"),
                                    ("lee02", released, "2026-11-29 20:00:00"),
                                    ("park03", solved, "2026-11-30 08:30:00")]:
        folder = submitted / student / chapter
        assert (folder / f"{chapter}.ipynb").read_text(encoding="utf-8") == content, student
        assert (folder / "timestamp.txt").read_text().startswith(stamp), student


def test_lms_file_names():
    from dlgrade.collect import match

    chapter = "01_perceptron.ipynb"
    cases = [
        ("canvas", f"kimminsu_1234_567890_{chapter}", "kimminsu", None),
        ("canvas", "kimminsu_late_1234_567890_01_perceptron-1.ipynb", "kimminsu", None),
        ("moodle", f"Kim Minsu_1234_assignsubmission_file_/{chapter}", "1234", None),
        ("blackboard", f"01_perceptron_kim01_attempt_2026-11-30-09-15-00_{chapter}", "kim01",
         "2026-11-30 09:15:00"),
        ("folders", f"kim01/{chapter}", "kim01", None),
        ("folders", "kim01/01_perceptron (1).ipynb", "kim01", None),
    ]
    for lms, name, student, stamp in cases:
        assert match(name, lms) == {"student_id": student, "file_id": chapter,
                                    "timestamp": stamp}, (lms, name)
    for lms, name in [("canvas", chapter), ("canvas", "kim/minsu.ipynb"),
                      ("moodle", f"Kim Minsu/{chapter}"), ("blackboard", f"kim01_{chapter}")]:
        assert match(name, lms) is None, (lms, name)
