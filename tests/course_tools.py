"""Shared helpers for the tests: solution/hidden-test extraction, a temporary course copy,
nbgrader runs in it, and submissions built from solutions or wrong answers."""
import csv
import os
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import dlgrade  # noqa: F401 - before nbformat (see dlgrade/__init__.py)
import nbformat

from dlcourse import misconceptions
from dlgrade.course import ROOT, CourseLayout, chapters, nbgrader, solution_notebook

WRONG_DIR = Path(__file__).parent / "wrong_answers"

_SOLUTION = re.compile(r"^[ \t]*### BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*### END SOLUTION[ \t]*\n?",
                       re.S | re.M)
_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n(.*?)^[ \t]*### END HIDDEN TESTS"
                     r"[ \t]*\n?", re.S | re.M)


def nb_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def answer_sources(chapter, root=ROOT):
    """``{grade_id: source}`` of each answer cell with the solution markers removed."""
    nb = nbformat.read(solution_notebook(chapter, root), as_version=4)
    return {nb_meta(c)["grade_id"]: _SOLUTION.sub(r"\1", c.source)
            for c in nb.cells if nb_meta(c).get("solution")}


def secret_blocks(chapter, root=ROOT):
    """Solution code and hidden-test code of a chapter, as lists of text blocks."""
    nb = nbformat.read(solution_notebook(chapter, root), as_version=4)
    solutions, hidden = [], []
    for c in nb.cells:
        solutions += _SOLUTION.findall(c.source)
        hidden += _HIDDEN.findall(c.source)
    return solutions, hidden


def public_text(chapter, root=ROOT):
    """Everything a solution notebook shows outside solution and hidden-test blocks."""
    nb = nbformat.read(solution_notebook(chapter, root), as_version=4)
    return "\n".join(_HIDDEN.sub("", _SOLUTION.sub("", c.source)) for c in nb.cells)


def graded_cells(chapter, root=ROOT):
    """``{grade_id: points}`` of the graded test cells."""
    nb = nbformat.read(solution_notebook(chapter, root), as_version=4)
    return {nb_meta(c)["grade_id"]: float(nb_meta(c)["points"])
            for c in nb.cells if nb_meta(c).get("grade") and not nb_meta(c).get("solution")}


@dataclass
class Wrong:
    """A plausible wrong answer: ``replace`` maps an answer-cell id to the wrong source.
    ``loses`` names the test cells that must score less than full for it."""

    name: str
    replace: dict
    loses: tuple
    why: str = ""
    chapter: str = field(default="")
    misconception: str = ""  # the id of dlcourse/misconceptions.toml it embodies


@dataclass
class Right:
    """A correct answer written differently from the solution: it must keep full points."""

    name: str
    replace: dict
    why: str = ""
    chapter: str = field(default="")


def edit(source, *edits):
    """``source`` with each ``(old, new)`` done in order; each ``old`` must occur exactly once,
    so a change to the solution that removes ``old`` fails loudly instead of testing something
    else."""
    for old, new in edits:
        if source.count(old) != 1:
            raise ValueError(f"the text to change occurs {source.count(old)} times, not once: "
                             f"{old!r}")
        source = source.replace(old, new)
    return source


_FIELDS = {"wrong": {"name", "cell", "edits", "source", "loses", "why", "misconception"},
           "right": {"name", "cell", "edits", "source", "why"}}


def _answer(kind, entry, chapter, solutions):
    """One ``[[wrong]]`` / ``[[right]]`` table of a chapter's file as a :class:`Wrong` or
    :class:`Right`: ``source`` is the whole answer cell, ``edits`` a list of ``[old, new]``
    changes of the solution's answer cell (see :func:`edit`)."""
    where = f"{chapter}: {kind} {entry.get('name')!r}"
    unknown = set(entry) - _FIELDS[kind]
    needed = {"name", "cell", "loses", "misconception"} if kind == "wrong" else {"name", "cell"}
    missing = needed - set(entry)
    if unknown or missing or ("edits" in entry) == ("source" in entry):
        raise ValueError(f"{where}: needs name, cell, "
                         f"{'loses, misconception, ' if kind == 'wrong' else ''}"
                         f"and one of edits/source; unknown {sorted(unknown)}, "
                         f"missing {sorted(missing)}")
    cell = entry["cell"]
    if "source" in entry:
        source = entry["source"]
    else:
        try:
            source = edit(solutions()[cell], *map(tuple, entry["edits"]))
        except (KeyError, ValueError) as err:
            raise ValueError(f"{where}: {err} (in the solution's {cell})") from None
    if kind == "wrong":
        try:
            misconceptions.get(entry["misconception"])
        except KeyError as err:
            raise ValueError(f"{where}: {err.args[0]}") from None
        return Wrong(entry["name"], {cell: source}, tuple(entry["loses"]),
                     entry.get("why", ""), chapter, entry["misconception"])
    return Right(entry["name"], {cell: source}, entry.get("why", ""), chapter)


def _concept_answers(kind, concepts, chapter):
    """``[concept.N.wrong]`` tables, ``answer = { why = "...", misconception = "id" }``, and
    ``[concept.N.right]`` tables, ``answer = "why"``: question N's cell set to
    ``qN = <answer>``; a wrong one loses ``concept-N-test`` and nothing else."""
    made = []
    for number, tables in concepts.items():
        cell = f"concept-{number}"
        for answer, why in tables.get(kind, {}).items():
            name = f"{cell}-{re.sub(r'[^0-9A-Za-z]+', '_', answer).strip('_') or 'blank'}"
            if any(m.name == name for m in made):
                raise ValueError(f"{chapter}: two answers of {cell} are both named {name!r}")
            if (kind == "wrong") != isinstance(why, dict) or (
                    kind == "wrong" and set(why) != {"why", "misconception"}):
                raise ValueError(f"{chapter}: {kind} answer {answer!r} of {cell}: a wrong one is "
                                 "{ why = ..., misconception = ... }, a right one a string")
            entry = {"name": name, "cell": cell, "source": f"q{number} = {answer}\n",
                     "why": why}
            if kind == "wrong":
                entry.update(why, loses=[f"{cell}-test"])
            made.append(_answer(kind, entry, chapter, None))
    return made


def _catalogue(kind, folder=WRONG_DIR):
    found = []
    for path in sorted(Path(folder).glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        chapter = data.get("chapter")
        if chapter != path.stem:
            raise ValueError(f"{path.name}: chapter = {chapter!r}, not the file's {path.stem!r}")
        cache = {}

        def solutions(chapter=chapter, cache=cache):
            if not cache:
                cache.update(answer_sources(chapter))
            return cache

        found += [_answer(kind, entry, chapter, solutions) for entry in data.get(kind, [])]
        found += _concept_answers(kind, data.get("concept", {}), chapter)
    return found


def wrong_answers():
    """All wrong answers (``[[wrong]]`` and ``[concept.N.wrong]``) of
    tests/wrong_answers/NN_topic.toml."""
    return _catalogue("wrong")


def right_answers():
    """All alternative right answers (``[[right]]`` and ``[concept.N.right]``) of
    tests/wrong_answers/NN_topic.toml."""
    return _catalogue("right")


def make_course_copy(tmp):
    """A temporary course root with this project's solutions and an empty autograde/."""
    tmp = Path(tmp)
    shutil.copytree(ROOT / "solutions", tmp / "solutions")
    (tmp / "autograde").mkdir(exist_ok=True)
    return tmp


def selected_chapters():
    """Every chapter, or only those named in COURSE_CHAPTERS (comma-separated), e.g. while
    writing one: ``COURSE_CHAPTERS=03_loss_functions``."""
    everything = chapters()
    only = [c.strip() for c in os.environ.get("COURSE_CHAPTERS", "").split(",") if c.strip()]
    unknown = sorted(set(only) - set(everything))
    if unknown:
        raise ValueError(f"COURSE_CHAPTERS names unknown chapters {unknown}; "
                         f"chapters are {everything}")
    return [c for c in everything if not only or c in only]


class Release(type(Path())):
    """A course root shared by a whole test run, where nbgrader generates each chapter once,
    on first request, under a file lock (pytest-xdist workers share it)."""

    def ensure(self, *chapter_ids):
        from filelock import FileLock

        self.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self) + ".lock"):
            if not (self / "solutions").exists():
                make_course_copy(self)
            for chapter in chapter_ids:
                done = self / f".generated-{chapter}"
                if not done.exists():
                    generate(self, [chapter])
                    done.touch()
        return self


def copy_release(release, tmp, chapter_ids=()):
    """A writable course root with a generated release (solutions, course, gradebook) that
    holds at least ``chapter_ids``."""
    if chapter_ids:
        release.ensure(*chapter_ids)
    tmp = Path(tmp)
    for part in ("solutions", "course"):
        shutil.copytree(Path(release) / part, tmp / part)
    (tmp / "autograde").mkdir(exist_ok=True)
    shutil.copy(CourseLayout(release).gradebook_db, CourseLayout(tmp).gradebook_db)
    return tmp


def generate(root, chapter_ids=None):
    for chapter in chapter_ids or chapters(root):
        nbgrader("generate_assignment", chapter, "--force", root=root, capture=True)


def write_submission(root, student, chapter, replace=None):
    """Submit the student version of ``chapter`` with answer cells replaced as given."""
    nb = nbformat.read(CourseLayout(root).released_notebook(chapter), as_version=4)
    for cell in nb.cells:
        gid = nb_meta(cell).get("grade_id")
        if replace and gid in replace:
            cell.source = replace[gid]
    out = CourseLayout(root).submission(student, chapter)
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out


def autograde(root, chapter):
    return nbgrader("autograde", chapter, "--create", root=root, capture=True)


def export_grades(root):
    out = CourseLayout(root).grades_csv
    nbgrader("export", f"--to={out}", root=root, capture=True)
    with open(out, newline="") as f:
        return list(csv.DictReader(f))


def cell_scores(root, chapter, student):
    """``{grade_id: score}`` for one graded submission, read from the gradebook."""
    from nbgrader.api import Gradebook

    db = f"sqlite:///{CourseLayout(root).gradebook_db}"
    with Gradebook(db) as gb:
        sub = gb.find_submission_notebook(chapter, chapter, student)
        return {g.name: g.score for g in sub.grades}


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def characters_without_a_glyph(page):
    """The Hangul characters of an HTML page that its embedded web font (the course's
    ``@font-face`` with a data URL, see dlcourse.webfont) has no glyph for; every Hangul
    character when it has none."""
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    from dlcourse.webfont import FAMILY

    hangul = {c for c in page if 0xAC00 <= ord(c) <= 0xD7AF or 0x3130 <= ord(c) <= 0x318F}
    found = re.search(r'font-family: "' + re.escape(FAMILY)
                      + r'"; src: url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)', page)
    if not found:
        return hangul
    font = TTFont(io.BytesIO(base64.b64decode(found.group(1))))
    return {c for c in hangul if ord(c) not in font.getBestCmap()}


def visible_failures(root, chapter, student):
    """``{grade_id: (exception name, message)}`` of the test cells of a graded submission whose
    *visible* part failed, i.e. what the student saw on pressing Run: the cell failed before
    printing its "...통과" line (every test cell prints one after its visible checks)."""
    path = CourseLayout(root).autograded_notebook(student, chapter)
    nb = nbformat.read(path, as_version=4)
    found = {}
    for cell in nb.cells:
        meta = nb_meta(cell)
        if not meta.get("grade") or meta.get("solution"):
            continue
        passed = any(o.output_type == "stream" and "통과" in o.text for o in cell.outputs)
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors and not passed:
            found[meta["grade_id"]] = (errors[0].ename, errors[0].evalue)
    return found


def failure_text(root, chapter, student, cells):
    """The failure messages of a graded submission's test ``cells`` (visible and hidden parts),
    one after the other: what the feedback page shows the student about them."""
    nb = nbformat.read(CourseLayout(root).autograded_notebook(student, chapter), as_version=4)
    return "\n".join(o.evalue for c in nb.cells if nb_meta(c).get("grade_id") in cells
                     for o in c.get("outputs", []) if o.output_type == "error")


def plain_kernel_scores(root, chapter, path, *, trim=True):
    """``{grade_id: score}`` of a submission run the stock way: test cells restored from the
    gradebook (hidden tests included), every cell in one ordinary Jupyter kernel, no sandbox,
    each test cell scored by nbgrader's own rule (``determine_grade``).

    ``trim`` keeps only the setup cell, the answer cells, the test cells and cells the student
    added (the course's figures and demos do not change what an attack does to the tests).
    Used to show that an attack works where test code runs next to student code.
    """
    import tempfile

    from nbgrader.preprocessors import Execute
    from nbgrader.utils import determine_grade

    from dlgrade import worker
    from dlgrade.course import course_config
    from dlgrade.preprocessors import HarmlessStderr

    db_url = f"sqlite:///{CourseLayout(root).gradebook_db}"
    job = worker.Job(chapter, "plain", str(path), str(root), db_url)
    config = course_config(root, db_url)
    nb = nbformat.read(path, as_version=4)
    nb = worker.sanitize(nb, job, config)
    if trim:
        nb.cells = [c for c in nb.cells if c.cell_type == "code" and (
            not nb_meta(c) or nb_meta(c).get("grade_id") == "setup"
            or nb_meta(c).get("solution") or nb_meta(c).get("grade"))]
    with tempfile.TemporaryDirectory() as work:
        nb, _ = Execute(config=config).preprocess(nb, {"metadata": {"path": work}})
    nb, _ = HarmlessStderr().preprocess(nb, {})
    return {nb_meta(c)["grade_id"]: determine_grade(c)[0] for c in nb.cells
            if nb_meta(c).get("grade") and not nb_meta(c).get("solution")}


def packs(answers, *, disjoint_tests):
    """Group answers so that no two in a group replace the same answer cell (nor, for wrong
    answers, name the same test cell). Greedy, in catalogue order."""
    groups = []
    for answer in answers:
        for group in groups:
            if all(not set(answer.replace) & set(other.replace) and not (
                    disjoint_tests and set(answer.loses) & set(other.loses)) for other in group):
                group.append(answer)
                break
        else:
            groups.append([answer])
    return groups
