"""What a student sees when a check fails: the Korean message, the hint on its own line, and
no library traceback; an unanswered exercise says, in Korean, to write the answer."""
import nbformat
from nbclient import NotebookClient

from course_tools import answer_sources, nb_meta
from dlgrade.course import ROOT

CHAPTER = "00_orientation"
WRONG_BMI = "def bmi(weight_kg, height_m):\n    return weight_kg / height_m\n"


def run_student_version(replace):
    """The released notebook of chapter 00 with some answers filled in, run top to bottom in
    an ordinary kernel (errors kept, as JupyterLab shows them); {grade_id: cell}."""
    nb = nbformat.read(ROOT / "course" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    keep = []
    for cell in nb.cells:  # setup, answers and tests only: the figures teach, not test
        meta = nb_meta(cell)
        if cell.cell_type == "code" and (meta.get("grade_id") == "setup"
                                         or meta.get("solution") or meta.get("grade")):
            cell.source = replace.get(meta.get("grade_id"), cell.source)
            keep.append(cell)
    nb.cells = keep
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(ROOT / "course" / CHAPTER)}}).execute()
    return {nb_meta(c).get("grade_id"): c for c in nb.cells}


def error_of(cell):
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert len(errors) == 1, cell.outputs
    return errors[0]


def test_failed_check_and_unanswered_exercise_show_korean_lines_only():
    answers = answer_sources(CHAPTER)
    cells = run_student_version({"bmi": WRONG_BMI, "standardize": answers["standardize"]})
    wrong = error_of(cells["bmi-test"])
    assert wrong.ename == "GradingError"
    shown = "\n".join(wrong.traceback)
    assert shown.startswith("GradingError: bmi(70, 1.75): 값이 다릅니다.")
    assert "기대값(expected) 22.857142857142858" in shown and "받은 값(got) 40.0" in shown
    for noise in ("Traceback", "site-packages", "grading.py", "File \""):
        assert noise not in shown, shown
    unanswered = error_of(cells["abnormal_counts-test"])
    assert unanswered.ename == "NotImplementedError"
    assert "\n".join(unanswered.traceback) == ("NotImplementedError: 답을 쓰세요: 이 줄을 지우고 "
                                               "그 자리에 코드를 작성합니다 (write your answer "
                                               "here)")
    assert not [o for o in cells["standardize-test"].outputs if o.output_type == "error"]


def test_hint_is_on_its_own_line():
    # right at (70, 1.75), wrong at (50, 1.0): the check there carries a hint
    cells = run_student_version({"bmi": "def bmi(weight_kg, height_m):\n"
                                        "    return 0.0 if height_m == 1.0 else "
                                        "weight_kg / height_m ** 2\n"})
    lines = "\n".join(error_of(cells["bmi-test"]).traceback).splitlines()
    assert len(lines) == 2 and lines[0].startswith("GradingError: bmi(50, 1.0)"), lines
    assert lines[1] == "힌트(hint): 키가 1 m이면 BMI는 몸무게와 같아야 합니다.", lines
