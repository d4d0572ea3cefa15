"""One clinical terminology everywhere (dlcourse.terms): 양성 is a benign tumour, never a call.

Reads every notebook (markdown, code with its comments and strings, the printed outputs of the
solutions and the students' release), every file of the library and the grading engine, and
the README, and fails on any 양성 or 음성 outside the glossary's terms. The examples a reviewer
found before the glossary existed are caught by the same function.
"""
import json
from pathlib import Path

import pytest

from dlcourse.terms import GLOSSARY, misuses
from dlgrade.course import AUTOGRADE, ROOT, chapters

LIB = ROOT / "lib" / "dlcourse"


def notebook_texts(path):
    """(where, text) of every cell's source and every text output of a notebook."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        yield f"cell {i} ({cell['cell_type']})", "".join(cell["source"])
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain") or ""
            yield f"cell {i} output", "".join(text)


@pytest.mark.parametrize("example", [
    "악성 종양 환자의 95% 이상을 양성으로 판정",        # 14's goal
    "위양성(양성 종양을 양성으로 판정)",                 # 14's printed line
    "predicted=(\"양성 판정 (1)\", \"음성 판정 (0)\")",  # 09's confusion-matrix axes
    "특이도: 실제 양성 종양 중 음성으로 판정한 비율",     # 07's specificity
    "점수 >= 문턱값이면 양성입니다",                     # dlcourse.checks' message
])
def test_the_examples_a_reviewer_found_are_caught(example):
    assert misuses(example)


@pytest.mark.parametrize("allowed", [
    "양성 종양(benign tumour)", "악성 판정(positive call)", "진양성(TP)과 위양성(FP)",
    "진음성, 위음성", "양성 예측도(PPV)와 음성 예측도(NPV)", "비악성 판정"])
def test_the_glossarys_own_terms_pass(allowed):
    assert misuses(allowed) == []


def test_the_glossary_names_every_allowed_term_in_english():
    assert all(english.isascii() for english in GLOSSARY.values())


@pytest.mark.parametrize("chapter", chapters())
def test_no_notebook_uses_the_word_outside_the_glossary(chapter):
    found = []
    for folder in ("solutions", "course"):
        path = ROOT / folder / chapter / f"{chapter}.ipynb"
        for where, text in notebook_texts(path):
            found += [f"{folder} {where}: {snippet}" for snippet in misuses(text)]
    assert not found, "\n".join(found)


def test_no_library_engine_or_readme_text_uses_the_word_outside_the_glossary():
    files = [p for p in sorted(LIB.rglob("*.py")) if p.name != "terms.py"]  # the rule itself
    files += sorted(LIB.rglob("*.toml"))  # the misconception catalogue
    files += sorted((AUTOGRADE / "dlgrade").rglob("*.py"))
    files += [ROOT / "README.md", AUTOGRADE / "GRADING_DESIGN.md", AUTOGRADE / "withheld.toml"]
    found = [f"{p.relative_to(ROOT)}: {snippet}" for p in files
             for snippet in misuses(p.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("chapter", chapters())
def test_each_chapter_gives_the_english_at_first_use(chapter):
    """The first time a chapter's prose uses a glossary term, the English follows in
    parentheses (within a few characters: '양성 종양(benign)', '악성 판정(positive call)')."""
    import nbformat

    nb = nbformat.read(ROOT / "solutions" / chapter / f"{chapter}.ipynb", as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    missing = []
    for term in ("악성 종양", "양성 종양", "악성 판정", "비악성 판정"):
        at = prose.find(term)
        if at < 0:
            continue
        after = prose[at + len(term):at + len(term) + 12]
        if "(" not in after or not any(ch.isascii() and ch.isalpha()
                                       for ch in after[after.index("("):]):
            missing.append(f"{term}: ...{prose[max(0, at - 20):at + len(term) + 20]}...")
    assert not missing, "\n".join(missing)
