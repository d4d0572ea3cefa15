"""The instructor's commands, run as the README says, on a temporary copy of the course."""
import csv
import json
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
        out = root / "autograde" / "submitted" / student / chapter / f"{chapter}.ipynb"
        out.parent.mkdir(parents=True)
        nbformat.write(nb, out)

    # The instructor tries the setup with a copy of the solution notebook (hidden tests in).
    teacher = root / "autograde" / "submitted" / "teacher" / chapter / f"{chapter}.ipynb"
    teacher.parent.mkdir(parents=True)
    teacher.write_bytes((root / "solutions" / chapter / f"{chapter}.ipynb").read_bytes())

    run = dlgrade("grade", chapter, root=root)
    noise = ("Ctrl-C will not work", "To connect another client", "ipython/issues")
    assert not [n for n in noise if n in run.stdout + run.stderr], run.stdout + run.stderr
    with open(root / "autograde" / "grades.csv", newline="") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    scores = {s: (float(r["score"]), float(r["max_score"])) for s, r in rows.items()}
    assert scores["kim01"][0] == scores["kim01"][1] > 0
    assert scores["lee02"][0] == 0
    assert scores["teacher"][0] == scores["teacher"][1]
    status = json.loads((root / "autograde" / "status" / chapter / "teacher.json").read_text())
    assert status["status"] == "graded" and "instructor's own" in status["reason"], status

    # Grading again skips what is already graded and loses nothing.
    first = (root / "autograde" / "autograded" / "kim01" / chapter).stat().st_mtime_ns
    dlgrade("grade", chapter, root=root)
    assert (root / "autograde" / "autograded" / "kim01" / chapter).stat().st_mtime_ns == first

    run = dlgrade("feedback", root=root)  # every chapter: only 00 has graded submissions
    assert f"{chapter}: feedback in" in run.stdout
    assert "01_perceptron: nothing graded yet, no feedback" in run.stdout
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
