"""The course's misconception catalogue (lib/dlcourse/misconceptions.toml) and its use.

Every entry is taught where it says (its section is a heading of its chapter's notebook), every
entry is the misconception of at least one wrong answer in tests/wrong_answers/, and every id a
test cell or a check of dlcourse.checks names is in the catalogue. How often the feedback names
each wrong answer's own misconception is measured by tests/test_grading_e2e.py."""
import ast
import re
from pathlib import Path

import nbformat
import pytest

from course_tools import nb_meta, wrong_answers
from dlcourse import misconceptions
from dlgrade.course import ROOT, chapters, solution_notebook

CHECKS = ROOT / "lib" / "dlcourse" / "checks"


def headings(chapter):
    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    return {line.lstrip("#").strip() for c in nb.cells if c.cell_type == "markdown"
            for line in c.source.splitlines() if line.startswith("#")}


def test_every_entry_is_taught_where_it_says():
    wrong = [f"[{m.id}] {m.chapter} 「{m.section}」" for m in misconceptions.catalogue().values()
             if m.chapter not in chapters() or m.section not in headings(m.chapter)]
    assert not wrong, "\n".join(wrong)


def test_entries_read_as_one_paragraph_with_the_english_term():
    for m in misconceptions.catalogue().values():
        assert re.search(r"\([A-Za-z][^)]*\)$", m.title), m.title  # "... (sum vs mean)"
        assert "\n" not in m.explain and len(m.explain) > 40, m.id
        line = misconceptions.line(m.id)
        assert line.startswith(f"{misconceptions.TAG} [{m.id}] {m.title}: ") and m.where in line
        assert misconceptions.named_in(f"x\n{line}\ny") == [m.id]


def test_every_entry_is_some_wrong_answers_misconception():
    used = {w.misconception for w in wrong_answers()}
    assert used <= set(misconceptions.catalogue())
    assert not set(misconceptions.catalogue()) - used


def test_an_unknown_id_fails_loudly(tmp_path, monkeypatch):
    with pytest.raises(KeyError, match="unknown misconception 'sum-versus-mean'"):
        misconceptions.get("sum-versus-mean")
    bad = tmp_path / "misconceptions.toml"
    bad.write_text('[x]\ntitle = "t (t)"\nexplain = "e"\nchapter = "00_orientation"\n',
                   encoding="utf-8")
    monkeypatch.setattr(misconceptions, "CATALOGUE", bad)
    misconceptions.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="needs exactly the fields"):
            misconceptions.catalogue()
    finally:
        misconceptions.catalogue.cache_clear()


def _named_ids(source):
    """The misconception ids written in ``source``: string constants of ``misconception=``
    arguments and the keys (or first elements) of ``suspects=`` arguments."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        for kw in getattr(node, "keywords", []):
            if kw.arg == "misconception":
                keys = {id(k) for d in ast.walk(kw.value) if isinstance(d, ast.Dict)
                        for k in d.keys}  # {failure kind: id}: the kinds are no ids
                found |= {c.value for c in ast.walk(kw.value) if isinstance(c, ast.Constant)
                          and isinstance(c.value, str) and id(c) not in keys}
            elif kw.arg == "suspects":
                if isinstance(kw.value, ast.Dict):
                    found |= {k.value for k in kw.value.keys if isinstance(k, ast.Constant)}
                elif isinstance(kw.value, ast.List):  # [(id, answer), ...]
                    found |= {t.elts[0].value for t in kw.value.elts if isinstance(t, ast.Tuple)
                              and isinstance(t.elts[0], ast.Constant)}
    return found


@pytest.mark.parametrize("chapter", chapters())
def test_the_ids_test_cells_name_are_in_the_catalogue(chapter):
    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    named = set()
    for cell in nb.cells:
        if nb_meta(cell).get("grade") and not nb_meta(cell).get("solution"):
            named |= _named_ids(cell.source)
    assert named, "no test cell of the chapter names a misconception"
    assert named <= set(misconceptions.catalogue()), named - set(misconceptions.catalogue())


def test_the_ids_the_library_names_are_in_the_catalogue():
    named = set().union(*(_named_ids(p.read_text(encoding="utf-8"))
                          for p in sorted(CHECKS.glob("*.py"))))
    grading = (ROOT / "lib" / "dlcourse" / "grading.py").read_text(encoding="utf-8")
    literal = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', grading))  # the ids grading names itself
    assert len(named) > 40 and literal
    assert named | literal <= set(misconceptions.catalogue())
