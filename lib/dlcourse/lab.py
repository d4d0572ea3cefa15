"""The course's JupyterLab server extension: Validate answers in Korean, briefly.

nbgrader's Validate button (its JupyterLab extension) posts the notebook to
``/assignments/validate`` and shows what comes back: for every failing test cell, the English
line "The following cell failed:", the cell's whole source and the traceback. This extension
serves that address instead of nbgrader's ``validate_assignment`` server extension. It runs
nbgrader's own ``Validator`` with the course's configuration, exactly as nbgrader does (the
verdict, i.e. which cells fail, is nbgrader's and the grader's), and rewrites only what the
dialog shows: one Korean summary (how many tests pass, which exercises fail), then one entry
per failing exercise with its Korean message and hint, and no test source, visible or hidden.
The course's ``custom.css`` (served from here too, with the Korean web font) hides
nbgrader's English line above it.

``korean_result(result, notebook_path)`` is the rewriting, a plain function (tested on its
own); the handler and the extension hooks are the few lines around it.
"""
import html
import re

from .setup import STUB_MESSAGE_START

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# the line where an exception's message starts: "GradingError: ...", "ValueError: ..."
_EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning))"
                             r"(?::\s?(.*))?$")
_SHOWN_WITHOUT_TYPE = ("GradingError", "NotImplementedError")


def exercise_name(grade_id):
    """'train_val_mse-test' -> 'train_val_mse'; 'concept-2-test' -> '개념 확인 2'."""
    name = grade_id[:-5] if grade_id.endswith("-test") else grade_id
    concept = re.fullmatch(r"concept-(\d+)", name)
    return f"개념 확인 {concept.group(1)}" if concept else name


def error_message(raw_error):
    """The message a failing cell ended with, without any traceback: a check's Korean message
    (with its hint line) as it is, another exception (raised by the answer's own code) as
    ``Type: message`` after a Korean lead-in."""
    lines = _ANSI.sub("", raw_error or "").rstrip().splitlines()
    for i in range(len(lines) - 1, -1, -1):
        found = _EXCEPTION_LINE.match(lines[i])
        if found:
            name, first = found.group(1).rsplit(".", 1)[-1], found.group(2) or ""
            rest = [first, *lines[i + 1:]]
            text = "\n".join(rest).strip()
            if name in _SHOWN_WITHOUT_TYPE:
                return text
            return f"답을 실행하다 오류가 났습니다: {name}: {text}".rstrip(": ")
    return "통과하지 못했습니다 (점수 일부만 받았거나 답이 없습니다)."


def _without_name(message, name):
    """A check's message starts with what it checked; said once is enough."""
    if message.startswith(STUB_MESSAGE_START):
        return "아직 답이 없습니다: 답 셀의 raise NotImplementedError 줄을 지우고 답을 쓰세요."
    return message[len(name) + 2:] if message.startswith(f"{name}: ") else message


def _test_cells(notebook_path):
    """``{source (stripped): grade_id}`` of the notebook's test cells, in notebook order."""
    import nbformat

    nb = nbformat.read(notebook_path, as_version=4)
    tests = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            tests[cell.source.strip()] = meta.get("grade_id", "")
    return tests


def korean_result(result, notebook_path):
    """nbgrader's validation ``result`` rewritten for the dialog (same verdict).

    Failing tests become one entry: ``source`` is the summary ("테스트 12개 중 11개 통과 ...",
    shown as text) and ``error`` one line per failing exercise with its message (HTML, escaped).
    Changed test cells are said in Korean the same way. A passing result (``{}``) and
    anything else are returned unchanged.
    """
    if not isinstance(result, dict):
        return result
    tests = _test_cells(notebook_path)
    if result.get("failed"):
        failing = [(tests.get(f.get("source", "").strip(), ""), f.get("raw_error", ""))
                   for f in result["failed"]]
        names = [exercise_name(gid) if gid else "(테스트 셀)" for gid, _ in failing]
        passed = max(len(tests) - len(failing), 0)
        summary = (f"테스트 {len(tests)}개 중 {passed}개 통과, {len(failing)}개 실패: "
                   f"{', '.join(names)}\n"
                   "실패한 연습 문제와 그 메시지입니다. 숨은 테스트는 채점 때만 돌아갑니다.")
        lines = [f"<b>{html.escape(name)}</b>: {html.escape(_without_name(error_message(raw), name))}"
                 for name, (_, raw) in zip(names, failing)]
        return {"failed": [{"source": summary, "error": "\n\n".join(lines),
                            "raw_error": "\n\n".join(raw for _, raw in failing)}]}
    if result.get("changed"):
        names = [exercise_name(tests[c["source"]]) if c.get("source") in tests else "(셀)"
                 for c in result["changed"]]
        summary = (f"바꾸면 안 되는 셀 {len(names)}개가 바뀌었습니다: {', '.join(names)}\n"
                   "채점 때는 원래 셀로 되돌려 채점합니다. 테스트를 보려고 고쳤다면 되돌려 두세요.")
        return {"failed": [{"source": summary, "error": "", "raw_error": ""}]}
    return result


def _handlers():
    from nbgrader.server_extensions.validate_assignment.handlers import (
        NbGraderVersionHandler, ValidateAssignmentHandler)

    class KoreanValidateHandler(ValidateAssignmentHandler):
        """nbgrader's handler; the result is rewritten by :func:`korean_result`."""

        def validate_notebook(self, path):
            answer = super().validate_notebook(path)
            if answer.get("success") and isinstance(answer.get("value"), dict):
                from pathlib import Path

                target = (Path(self.root_dir).resolve() / path).resolve()
                answer["value"] = korean_result(answer["value"], target)
            return answer

    return [("/assignments/validate", KoreanValidateHandler),
            ("/nbgrader_version", NbGraderVersionHandler)]


def _jupyter_server_extension_points():
    return [{"module": "dlcourse.lab"}]


def custom_paths():
    """Folders served under ``/custom/``: the course's ``custom.css`` (the Korean web font,
    Validate's dialog) and the web font files it names (:func:`dlcourse.webfont.lab_font_dir`).
    """
    import os

    from .webfont import lab_font_dir

    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jupyter_config", "custom")
    try:
        return [here, lab_font_dir()]
    except (RuntimeError, OSError):  # no font package or no writable data folder: no font
        return [here]


def _load_jupyter_server_extension(serverapp):
    from jupyter_server.utils import url_path_join

    webapp = serverapp.web_app
    webapp.settings["root_dir"] = serverapp.root_dir
    base = webapp.settings["base_url"]
    webapp.add_handlers(".*$", [(url_path_join(base, pattern), handler)
                                for pattern, handler in _handlers()])
    # LabApp.custom_css (the course's settings) links /custom/custom.css into the page and
    # serves /custom/ from this list, which JupyterLab reads at every request: the course's
    # folders go first, in place (ServerApp does not offer it as a setting).
    webapp.settings.setdefault("static_custom_path", [])[:0] = custom_paths()
    serverapp.log.info("dlcourse.lab: Validate answers in Korean, Korean web font")

