"""What is left before submitting: the student's working copy as saved, nothing run.

``make progress`` (``python -m dlcourse.progress``) reads every chapter notebook of
``my-course/`` as it was last saved and writes ``my-course/progress.html``: per chapter, each
exercise's answer (written or still the stub) and its visible tests as they were when last run
(passed, failed with the first line of the message, or never run), and each concept check
(answered or not). Nothing is executed, so the page is only as new as the saved notebook:
save (Ctrl+S) first, and run the test cells again after changing an answer. In a notebook,
``show_progress()`` shows the same tables.
"""
import argparse
import ast
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import notebooks
from .lab import exercise_name
from .setup import STUB_MESSAGE_START
from .workspace import WORKSPACE, _project_root

__all__ = ["Row", "chapter_progress", "course_progress", "render", "write_page",
           "show_progress"]

PAGE = "progress.html"
STATUS = {"passed": "통과", "failed": "실패", "not run": "실행 안 함"}
_PASSED_LINE = "통과"  # every test cell prints a line with it after its visible checks


@dataclass(frozen=True)
class Row:
    """One exercise or concept check of a chapter: ``name`` as the student reads it,
    ``answered`` (False: the stub or ``qN = None`` is still there), ``status`` (a key of
    :data:`STATUS`) of its test cell when last run, and ``message``: the first line a failed
    test showed (or "")."""

    name: str
    concept: bool
    answered: bool
    status: str
    message: str = ""


def _answered(cell):
    source = cell.get("source", "")
    if "NotImplementedError" in source and STUB_MESSAGE_START in source:
        return False
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return True  # something is written, even if it does not run yet
    answer = True  # an exercise's answer cell: written once the stub is gone
    for node in tree.body:  # a concept check: the last qN = ... counts
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and re.fullmatch(r"q\d+", node.targets[0].id)):
            answer = not (isinstance(node.value, ast.Constant) and node.value.value is None)
    return answer


def _test_status(cell):
    outputs = cell.get("outputs", [])
    errors = [o for o in outputs if o.get("output_type") == "error"]
    if errors:
        text = str(errors[0].get("evalue", "")).strip() or str(errors[0].get("ename", ""))
        return "failed", text.splitlines()[0] if text else ""
    printed = "".join(str(o.get("text", "")) for o in outputs
                      if o.get("output_type") == "stream")
    if _PASSED_LINE in printed:
        return "passed", ""
    return "not run", ""


def chapter_progress(path):
    """The rows of one saved chapter notebook, in notebook order (``[]`` for a file that is no
    notebook)."""
    nb = notebooks.read(path)
    answers = dict(notebooks.answer_cells(nb))
    rows = []
    for grade_id, cell in notebooks.test_cells(nb):
        answer = answers.get(grade_id[:-5] if grade_id.endswith("-test") else None)
        status, message = _test_status(cell)
        rows.append(Row(exercise_name(grade_id), grade_id.startswith("concept-"),
                        answer is None or _answered(answer), status, message))
    return rows


def course_progress(root=None):
    """``{chapter: rows}`` of every chapter notebook in the working copy ``root`` (default:
    ``my-course/`` of the project), in chapter order."""
    root = Path(root) if root else _project_root() / WORKSPACE
    chapters = {}
    for path in sorted(root.glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb")):
        if path.stem == path.parent.name:
            chapters[path.stem] = chapter_progress(path)
    return chapters


def _count(rows):
    exercises = [r for r in rows if not r.concept]
    concepts = [r for r in rows if r.concept]
    return (sum(r.status == "passed" for r in exercises), len(exercises),
            sum(r.answered for r in concepts), len(concepts))


def _table(rows):
    e = html.escape
    body = "".join(
        f'<tr class="{r.status.replace(" ", "-")}"><td>{e(r.name)}</td>'
        f"<td>{'예' if r.answered else '아니요'}</td><td>{STATUS[r.status]}</td>"
        f"<td>{e(r.message) or '-'}</td></tr>" for r in rows)
    return ("<table><tr><th>문제</th><th>답을 썼나</th><th>보이는 테스트 (마지막 실행)</th>"
            f"<th>실패 메시지</th></tr>{body}</table>")


_STYLE = """
body { font-family: "Noto Sans KR", "NanumGothic", "Malgun Gothic", "DLCourse Korean", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.6rem 0 1.6rem; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f2f4f7; } td:nth-child(2), td:nth-child(3) { white-space: nowrap; }
tr.passed td:nth-child(3) { color: #1a7f37; }
tr.failed td:nth-child(3) { color: #c62828; font-weight: bold; }
tr.not-run td:nth-child(3) { color: #8a6d00; } .note { color: #555; font-size: 0.9rem; }
"""


def render(chapters, *, standalone=True):
    """The page (or, ``standalone=False``, the tables alone for a notebook's output)."""
    parts = ['<p class="note">저장된 노트북을 읽은 것입니다 (아무것도 실행하지 않음). 답을 고친 뒤에는 '
             "테스트 셀을 다시 실행하고 저장(Ctrl+S)해야 여기에 반영됩니다. 숨은 테스트는 채점 때만 "
             "실행됩니다.</p>"]
    if not chapters:
        parts.append("<p>작업 폴더에 장 노트북이 없습니다: <code>make lab</code>이 만듭니다.</p>")
    for chapter, rows in chapters.items():
        passed, total, answered, concepts = _count(rows)
        done = passed == total and answered == concepts
        parts.append(f"<details{'' if done else ' open'}><summary><b>{html.escape(chapter)}</b>: "
                     f"실습 문제 {total}개 중 보이는 테스트를 통과한 것 {passed}개, 개념 확인 "
                     f"{concepts}개 중 답한 것 {answered}개</summary>{_table(rows)}</details>")
    body = "\n".join(parts)
    if not standalone:
        return body
    from .webfont import font_face_css

    title = "남은 일: 제출 전에 확인하기"
    return (f'<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8"><title>{title}'
            f"</title><style>{font_face_css(title + body)}\n{_STYLE}</style></head><body>"
            f"<h1>{title}</h1>{body}</body></html>\n")


def write_page(root=None):
    """Write ``progress.html`` into the working copy; returns its path and the chapters."""
    root = Path(root) if root else _project_root() / WORKSPACE
    chapters = course_progress(root)
    path = root / PAGE
    root.mkdir(parents=True, exist_ok=True)
    path.write_text(render(chapters), encoding="utf-8")
    return path, chapters


def show_progress(root=None):
    """In a notebook: the tables of every chapter of the working copy (default: the folder
    above this notebook's, i.e. ``my-course/`` in the course's JupyterLab)."""
    from IPython.display import HTML, display

    display(HTML(render(course_progress(root or Path.cwd().parent), standalone=False)))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcourse.progress", description=__doc__)
    parser.add_argument("--root", help="the working copy (default: my-course/)")
    args = parser.parse_args(argv)
    path, chapters = write_page(args.root)
    for chapter, rows in chapters.items():
        passed, total, answered, concepts = _count(rows)
        left = [r.name for r in rows if r.status != "passed"]
        print(f"{chapter}: 실습 {passed}/{total} 통과, 개념 확인 {answered}/{concepts} 답함"
              + (f" - 남은 것: {', '.join(left)}" if left else ""))
    print(f"progress: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
