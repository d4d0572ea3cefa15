"""nbgrader preprocessors used by the course's autograde and validate steps."""
import json
import re

from nbgrader.preprocessors import NbGraderPreprocessor


class HarmlessStderr(NbGraderPreprocessor):
    """Turn stderr stream output into stdout so that a warning does not cost points.

    nbgrader gives 0 points to a test cell that wrote anything to stderr, and the validator
    fails it, so a harmless ``UserWarning`` from torch or matplotlib would fail a correct
    answer. A failing test raises, which leaves an ``error`` output: that still fails. The
    text is kept (prefixed) so the student and the instructor still see the warning.
    """

    prefix = "[stderr] "

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    output["name"] = "stdout"
                    text = output.get("text", "")
                    if not text.startswith(self.prefix):
                        output["text"] = self.prefix + text
        return cell, resources


class RunAllContinues(NbGraderPreprocessor):
    """Tag the student version's answer and test cells ``raises-exception``.

    A failing test raises, and so does an answer stub; JupyterLab's Run All stops at the
    first cell that raises unless it carries this tag. With it, Run All goes on to the end:
    every failing test shows its Korean message and the demo cells below still run. Only the
    release is tagged: nbval would accept an error in a tagged cell of a solution notebook,
    and there every cell must run cleanly. Grading does not read tags.
    """

    tag = "raises-exception"

    def preprocess_cell(self, cell, resources, cell_index):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("grade") or meta.get("solution")):
            tags = list(cell.metadata.get("tags", []))
            if self.tag not in tags:
                cell.metadata["tags"] = tags + [self.tag]
        return cell, resources


class HideHiddenTests(NbGraderPreprocessor):
    """Keep hidden tests out of student feedback (nbgrader issue #1363).

    Test cells lose their hidden-test block (a note says it was there), and every error
    output keeps only the exception's name and message: an IPython traceback quotes the
    source line that failed, which would show the hidden test. The course's checks put what
    the student needs into the message itself.
    """

    begin = "### BEGIN HIDDEN TESTS"
    end = "### END HIDDEN TESTS"
    note = "# (숨은 테스트(hidden tests)는 피드백에 보이지 않습니다.)"

    def _strip_source(self, source):
        kept, hidden = [], False
        for line in source.splitlines():
            if self.begin in line:
                hidden = True
                kept.append(line[: line.index(self.begin)] + self.note)
            elif self.end in line:
                hidden = False
            elif not hidden:
                kept.append(line)
        return "\n".join(kept)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        if self.begin in cell.source:
            cell.source = self._strip_source(cell.source)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename', 'Error')}: "
                                       f"{output.get('evalue', '')}"]
        return cell, resources


_CODE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.S)
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(?!\s)([^$\n]+?)(?<!\s)\$", re.S)


def tex_to_mathml(markdown):
    """Markdown with its $...$ and $$...$$ maths written as MathML, which browsers draw
    without MathJax (feedback is read offline). Code spans and blocks are left alone, and so is
    any formula the converter cannot read."""
    from latex2mathml.converter import convert

    def one(match):
        tex, display = (match.group(1), "block") if match.group(1) else (match.group(2),
                                                                          "inline")
        try:
            return convert(tex.strip(), display=display)
        except Exception:  # noqa: BLE001 - keep the TeX rather than lose the formula
            return match.group(0)

    parts = _CODE.split(markdown)
    return "".join(part if i % 2 else _MATH.sub(one, part) for i, part in enumerate(parts))


class MathAsMathML(NbGraderPreprocessor):
    """Write the maths of markdown cells as MathML, so that feedback HTML renders formulas
    offline (nbconvert's page loads MathJax from the network, which a student may not have)."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "markdown":
            cell.source = tex_to_mathml(cell.source)
        return cell, resources


class KoreanWebFont(NbGraderPreprocessor):
    """Put the Korean glyphs a feedback page uses into the page (see :mod:`dlcourse.webfont`),
    and list that font in the page's font stacks: feedback reads in Korean on a machine
    without a Korean system font. Runs after ``CSSHTMLHeaderPreprocessor`` (it adds to the
    CSS that one collects)."""

    def preprocess(self, nb, resources):
        from dlcourse.webfont import FAMILY, font_face_css

        text = json.dumps(nb, ensure_ascii=False)
        css = (font_face_css(text)
               + f'\nbody, .rendered_html, .text_cell_render, h1, h2, h3, h4, p, li, td, th '
               f'{{ font-family: "Helvetica Neue", Helvetica, Arial, "{FAMILY}", sans-serif; }}'
               f'\npre, code, .highlight, .output_text pre '
               f'{{ font-family: Menlo, Consolas, "DejaVu Sans Mono", "{FAMILY}", monospace; }}')
        resources.setdefault("inlining", {}).setdefault("css", []).append(css)
        return nb, resources
