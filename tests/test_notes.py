"""Every 정오표/참고/보충 note of the course is listed in solutions/NOTES.md, and every note that
cites the lecture material quotes it, so that a reader can check it against the source."""
import re
from collections import Counter

import nbformat
import pytest

from dlgrade.course import ROOT, chapters

NOTE = re.compile(r"(?m)^(?:>\s*)?\*\*(정오표|참고|보충)")
SOURCES = ("슬라이드", "교재", "강연", "스터디 노트", "자료")


def notes(chapter):
    """``[(kind, text)]`` of a chapter's notes: a bold 정오표/참고/보충 that opens a line or a
    quoted line, up to the end of its paragraph."""
    nb = nbformat.read(ROOT / "solutions" / chapter / f"{chapter}.ipynb", as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in NOTE.finditer(cell.source):
            end = cell.source.find("\n\n", match.start())
            text = cell.source[match.start():None if end < 0 else end]
            found.append((match.group(1), re.sub(r"\s*\n>?\s*", " ", text)))
    return found


def table():
    """``[(chapter, kind)]`` of the rows of solutions/NOTES.md."""
    rows = []
    for line in (ROOT / "solutions" / "NOTES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].isdigit():
            rows.append((cells[0], cells[2]))
    return rows


def test_the_table_lists_every_note_of_every_chapter_with_its_kind():
    in_notebooks = Counter((c[:2], kind) for c in chapters() for kind, _ in notes(c))
    assert in_notebooks, "no notes found"
    assert Counter(table()) == in_notebooks


@pytest.mark.parametrize("chapter", chapters())
def test_a_note_that_cites_the_material_quotes_it(chapter):
    """A note that names the slides, the textbook, the talk or the study notes quotes what
    they say (in quotation marks, as a formula or as code)."""
    quoted = re.compile(r'"[^"]{3,}"|\$[^$]+\$|`[^`]+`')
    unquoted = [text[:120] for _, text in notes(chapter)
                if any(s in text for s in SOURCES) and not quoted.search(text)]
    assert not unquoted


def test_the_three_kinds_are_the_only_kinds():
    assert {kind for _, kind in table()} <= {"정오표", "참고", "보충"}
