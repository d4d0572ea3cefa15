"""The instructor's commands, run as the README says, on a temporary copy of the course."""
import csv
import subprocess
import sys

import nbformat

from course_tools import answer_sources, make_course_copy, nb_meta


def dlgrade(*args, root):
    return subprocess.run([sys.executable, "-m", "dlgrade", *args, f"--root={root}"],
                          check=True, text=True, capture_output=True)


def test_release_grade_export_feedback(tmp_path):
    chapter = "00_orientation"
    root = make_course_copy(tmp_path)
    dlgrade("release", chapter, root=root)
    released = root / "course" / chapter / f"{chapter}.ipynb"
    assert released.exists()

    # Two students hand in: one solved it, one submitted the untouched notebook.
    for student, replace in [("kim01", answer_sources(chapter, root)), ("lee02", {})]:
        nb = nbformat.read(released, as_version=4)
        for cell in nb.cells:
            cell.source = replace.get(nb_meta(cell).get("grade_id"), cell.source)
        out = root / "autograde" / "submitted" / student / chapter / f"{chapter}.ipynb"
        out.parent.mkdir(parents=True)
        nbformat.write(nb, out)

    dlgrade("grade", chapter, root=root)
    with open(root / "autograde" / "grades.csv", newline="") as f:
        scores = {r["student_id"]: (float(r["score"]), float(r["max_score"]))
                  for r in csv.DictReader(f)}
    assert scores["kim01"][0] == scores["kim01"][1] > 0
    assert scores["lee02"][0] == 0

    # Grading again skips what is already graded and loses nothing.
    first = (root / "autograde" / "autograded" / "kim01" / chapter).stat().st_mtime_ns
    dlgrade("grade", chapter, root=root)
    assert (root / "autograde" / "autograded" / "kim01" / chapter).stat().st_mtime_ns == first

    dlgrade("feedback", chapter, root=root)
    html = root / "autograde" / "feedback" / "kim01" / chapter / f"{chapter}.html"
    assert html.exists() and "bmi" in html.read_text(encoding="utf-8")


def test_unknown_chapter_is_a_clear_error(tmp_path):
    root = make_course_copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "dlgrade", "grade", "99_nothing",
                             f"--root={root}"], text=True, capture_output=True)
    assert result.returncode != 0 and "unknown chapter" in result.stderr
