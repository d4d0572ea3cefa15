"""The instructor's commands, run as the README says, on a temporary copy of the course."""
import csv
import re
import subprocess
import sys

import nbformat

from course_tools import answer_sources, make_course_copy, nb_meta, public_text, secret_blocks


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
    for student in ("kim01", "lee02"):
        html = (root / "autograde" / "feedback" / student / chapter / f"{chapter}.html")
        text = html.read_text(encoding="utf-8")
        assert "bmi" in text and "숨은 테스트" in text
        leaked = [name for name in hidden_only_names(chapter, root)
                  if re.search(rf"\b{name}\b", text)]
        assert not leaked, f"hidden-test code in {student}'s feedback: {leaked}"
    assert "NotImplementedError" in text  # lee02 sees why the cells failed


def test_unknown_chapter_is_a_clear_error(tmp_path):
    root = make_course_copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "dlgrade", "grade", "99_nothing",
                             f"--root={root}"], text=True, capture_output=True)
    assert result.returncode != 0 and "unknown chapter" in result.stderr
