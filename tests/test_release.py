"""The student release: in sync with solutions/, leaks nothing, and validates as it should."""
import ast
import filecmp
import re
from pathlib import Path

import nbformat
import pytest
from nbgrader.validator import Validator
from traitlets.config.loader import PyFileConfigLoader

from course_tools import graded_cells, nb_meta, public_text, secret_blocks, selected_chapters
from dlgrade.course import AUTOGRADE, COURSE, chapters, solution_notebook

# every chapter, or those in COURSE_CHAPTERS (make test-chapter)
CHAPTERS = selected_chapters()


def test_there_are_chapters_and_each_is_released():
    assert chapters()[:3] == ["00_orientation", "01_perceptron", "02_activation_functions"]
    released = sorted(p.name for p in COURSE.iterdir() if p.is_dir())
    assert released == chapters()


def _tree(path):
    """Files below ``path``, leaving out what JupyterLab adds (.ipynb_checkpoints) and caches."""
    files = (p.relative_to(path) for p in Path(path).rglob("*") if p.is_file())
    return sorted(str(p) for p in files
                  if not any(part.startswith(".") or part == "__pycache__" for part in p.parts))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_course_is_exactly_what_nbgrader_generates(release, chapter):
    """course/ must be regenerated (make release) and committed after editing solutions/."""
    fresh, committed = release.ensure(chapter) / "course" / chapter, COURSE / chapter
    assert _tree(fresh) == _tree(committed), f"files differ: run `make release CHAPTER={chapter}`"
    stale = [f for f in _tree(committed)
             if not filecmp.cmp(fresh / f, committed / f, shallow=False)]
    assert not stale, f"out of date, run `make release CHAPTER={chapter}`: {stale}"


def _significant_lines(block):
    for line in block.splitlines():
        line = line.strip()
        if len(line) >= 8 and not line.startswith("#"):
            yield line


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_solution_or_hidden_test_reaches_students(chapter):
    released = "\n".join(p.read_text(encoding="utf-8") for p in (COURSE / chapter).rglob("*")
                         if p.is_file())
    nb = nbformat.read(COURSE / chapter / f"{chapter}.ipynb", as_version=4)
    student_text = "\n".join(c.source for c in nb.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in released
    assert all(not c.get("outputs") for c in nb.cells), "student notebooks carry no outputs"
    public = public_text(chapter)
    solutions, hidden = secret_blocks(chapter)
    assert solutions and hidden, "every chapter has solutions and hidden tests"
    for block in solutions + hidden:
        for line in _significant_lines(block):
            if line in public:
                continue  # the same line is shown elsewhere on purpose (e.g. a demo)
            assert line not in student_text, f"leaked into course/{chapter}: {line!r}"
            assert line not in released, f"leaked into course/{chapter} files: {line!r}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_code_cell_is_an_answer_a_test_or_a_locked_demo(chapter):
    """A code cell without nbgrader metadata would look like a cell the student added: the
    grading engine scans it as student code (and flags a demo that calls a reference)."""
    notebook = nbformat.read(solution_notebook(chapter), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        meta = nb_meta(cell)
        assert meta.get("grade_id"), f"{chapter}: a code cell without nbgrader metadata"
        if not meta.get("solution") and not meta.get("grade"):
            assert meta.get("locked"), f"{chapter}: demo cell {meta['grade_id']} is not locked"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_run_all_goes_past_failing_tests_in_the_release_only(chapter):
    """Answer and test cells of the student version carry "raises-exception" (JupyterLab's
    Run All then goes on after a failing test; the browser test sees it do so); no other cell
    does, and no cell of the solution notebook (nbval would accept an error there)."""
    released = nbformat.read(COURSE / chapter / f"{chapter}.ipynb", as_version=4)
    for cell in released.cells:
        meta = nb_meta(cell)
        tagged = "raises-exception" in cell.metadata.get("tags", [])
        graded = cell.cell_type == "code" and bool(meta.get("grade") or meta.get("solution"))
        assert tagged == graded, f"{chapter}/{meta.get('grade_id')}: tagged {tagged}"
    solution = nbformat.read(solution_notebook(chapter), as_version=4)
    assert not [nb_meta(c).get("grade_id") for c in solution.cells
                if "raises-exception" in c.metadata.get("tags", [])]


def test_run_all_continues_keeps_other_tags_and_tags_once():
    from dlgrade.preprocessors import RunAllContinues

    test = nbformat.v4.new_code_cell("check(x)", metadata={
        "nbgrader": {"grade": True, "grade_id": "t", "points": 1}, "tags": ["keep"]})
    demo = nbformat.v4.new_code_cell("plot()", metadata={"nbgrader": {"locked": True}})
    text = nbformat.v4.new_markdown_cell("x", metadata={"nbgrader": {"solution": True}})
    nb = nbformat.v4.new_notebook(cells=[test, demo, text])
    for _ in range(2):
        nb, _ = RunAllContinues().preprocess(nb, {})
    assert nb.cells[0].metadata["tags"] == ["keep", "raises-exception"]
    assert "tags" not in nb.cells[1].metadata and "tags" not in nb.cells[2].metadata


def _computations(block):
    """The formulas of a solution block: each arithmetic expression (a binary operation such
    as ``W2.T @ delta2``) of at least 7 characters and each call that builds with another
    call (``nn.Sequential(nn.Linear(...), ...)``), without white space."""
    import textwrap

    found = set()
    for node in ast.walk(ast.parse(textwrap.dedent(block))):
        text = re.sub(r"\s+", "", ast.unparse(node)) if isinstance(node, ast.expr) else ""
        if isinstance(node, ast.BinOp) and len(text) >= 7:
            found.add(text)
        elif isinstance(node, ast.Call) and any(isinstance(a, ast.Call) for a in node.args):
            found.add(text)
    return found


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_docstrings_state_the_contract_not_the_solution(chapter):
    """An answer's docstring says what goes in and comes out, never the computation: no
    formula of the solution appears in the docstrings the student sees."""
    solution = nbformat.read(solution_notebook(chapter), as_version=4)
    student = {c.get("id"): c for c in
               nbformat.read(COURSE / chapter / f"{chapter}.ipynb", as_version=4).cells}
    checked = 0
    for cell in solution.cells:
        if cell.cell_type != "code" or not nb_meta(cell).get("solution"):
            continue
        blocks = re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S)
        formulas = set().union(set(), *(_computations(b) for b in blocks))
        for node in ast.walk(ast.parse(student[cell.get("id")].source)):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node):
                checked += 1
                doc = re.sub(r"\s+", "", ast.get_docstring(node))
                shown = sorted(f for f in formulas if f in doc)
                assert not shown, f"{chapter}: the docstring of {node.name} gives {shown}"
    assert checked > 0


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_answer_has_a_test_and_every_test_hides_something(chapter):
    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    answers = [nb_meta(c)["grade_id"] for c in nb.cells if nb_meta(c).get("solution")]
    tests = [c for c in nb.cells if nb_meta(c).get("grade") and not nb_meta(c).get("solution")]
    assert answers and tests
    for cell in tests:
        assert "### BEGIN HIDDEN TESTS" in cell.source, nb_meta(cell)["grade_id"]
        visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
        assert "check_" in visible, f"{nb_meta(cell)['grade_id']}: no visible check"
        assert nb_meta(cell)["locked"] is True
    assert sum(graded_cells(chapter).values()) > 0
    # the Colab cell (a no-op elsewhere, tests/test_colab.py), then the setup cell
    colab, setup = [c for c in nb.cells if c.cell_type == "code"][:2]
    assert nb_meta(colab)["grade_id"] == "colab" and "dlcourse" not in colab.source.split(
        "if \"google.colab\" in sys.modules:")[0], "the Colab cell comes first"
    assert "dlcourse.setup(" in setup.source, "the second code cell calls dlcourse.setup()"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_code_lines_fit_in_99_columns(chapter):
    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    long = [(nb_meta(c).get("grade_id", c.id), line) for c in nb.cells if c.cell_type == "code"
            for line in c.source.splitlines() if len(line) > 99]
    assert not long, long


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_torch_is_imported_before_setup_seeds_it(chapter):
    """dlcourse.setup() seeds torch only if it has been imported (so the numpy chapters do not
    pay a second for it, in the notebook or in each graded submission): a chapter whose cells
    or library calls use torch imports it in the setup cell before calling setup()."""
    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    setup = next(c.source for c in nb.cells if nb_meta(c).get("grade_id") == "setup")
    others = [c.source for c in nb.cells
              if c.cell_type == "code" and nb_meta(c).get("grade_id") != "setup"]
    if not any(re.search(r"\btorch\b|\bnn\.", src) for src in others):
        return
    imports = re.search(r"(?m)^import torch\b|^from torch\b", setup)
    call = re.search(r"dlcourse\.setup\(", setup)
    assert imports and call and imports.start() < call.start(), \
        f"{chapter}: import torch in the setup cell before dlcourse.setup()"


def test_setup_does_not_import_torch(tmp_path):
    import subprocess
    import sys
    code = "import sys, dlcourse; dlcourse.setup(style=False); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert out.stdout.strip() == "False"


def _last_statement_shows_a_value(source):
    """True when the cell's last statement is an expression whose value Jupyter displays."""
    body = ast.parse(source).body
    if not body or not isinstance(body[-1], ast.Expr):
        return False
    value = body[-1].value
    is_print = (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                and value.func.id == "print")
    return not is_print


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_test_cells_display_no_value(chapter):
    """nbgrader reads a displayed value in a test cell as partial credit (and crashes when it
    exceeds the points), so a test cell must not end with e.g. a bare ``check_scalar(...)``:
    write ``_ = check_scalar(...)``. Checked with and without the hidden tests."""
    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    for cell in nb.cells:
        if nb_meta(cell).get("grade") and not nb_meta(cell).get("solution"):
            visible = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", "",
                             cell.source, flags=re.S)
            for source in (cell.source, visible):
                assert not _last_statement_shows_a_value(source), nb_meta(cell)["grade_id"]


def _validator():
    config = PyFileConfigLoader("nbgrader_config.py", path=str(AUTOGRADE)).load_config()
    return Validator(config=config)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_grading_skips_instructor_cells_nothing_graded_needs(chapter):
    """Every chapter but 00 has figures or demos no answer or test reads, which the grading
    engine does not run (tests/test_grading_e2e.py: the solution keeps full points and every
    grade is the same with every cell run)."""
    from dlgrade.cells import skipped_cells

    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    answers = {nb_meta(c)["grade_id"] for c in code if nb_meta(c).get("solution")}
    instructor = {nb_meta(c)["grade_id"] for c in code
                  if nb_meta(c).get("grade_id") not in answers | {"setup", None}}
    skip = skipped_cells(nb, answers, instructor)
    assert skip or chapter == "00_orientation", f"{chapter}: no cell is skipped while grading"
    assert not skip & answers and "setup" not in skip


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_validator_fails_the_student_version_in_its_exercises_only(chapter):
    """nbgrader's validator (the Validate button), through its Python API, on the untouched
    student version: every test cell fails (its answer is the stub), and no demo or figure
    fails, so Run All goes through an unanswered notebook.

    The `nbgrader validate` command exits 0 even when tests fail, so its exit code proves
    nothing; the returned dictionary does. The solution's side is shown twice elsewhere: nbval
    runs every solution cell, and the grading engine gives the solution full points.
    """
    validator = _validator()
    executed = []
    run = validator._preprocess
    validator._preprocess = lambda nb: executed.append(run(nb)) or executed[-1]
    student = validator.validate(str(COURSE / chapter / f"{chapter}.ipynb"))
    failed = student.get("failed", [])
    n_tests = len(graded_cells(chapter))
    assert len(failed) >= n_tests, f"only {len(failed)} of {n_tests} test cells failed"
    assert any("NotImplementedError" in f.get("error", "") for f in failed)
    # Run All on the untouched student version fails only in the exercises' own cells (the
    # answer stubs and their tests): no demo or figure depends on an unanswered exercise
    demos = [c for c in executed[0].cells if c.cell_type == "code"
             and not nb_meta(c).get("solution") and not nb_meta(c).get("grade")]
    broken = [nb_meta(c).get("grade_id") for c in demos
              if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert demos and not broken, f"demo cells of {chapter} fail before any answer: {broken}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_test_cells_read_only_the_library_and_the_answers(chapter):
    """At grading time a test cell runs in a clean process with the setup cell's names (the
    library) and the names the released answer cells define; nothing else of the notebook
    exists there. A helper defined in another cell would be a name an answer could redefine."""
    from dlgrade.names import bound_names, free_names

    released = nbformat.read(COURSE / chapter / f"{chapter}.ipynb", as_version=4)
    setup = [c.source for c in released.cells if nb_meta(c).get("grade_id") == "setup"]
    assert len(setup) == 1, "every chapter has one setup cell (grade_id 'setup')"
    allowed = bound_names(setup[0])
    for cell in released.cells:
        if nb_meta(cell).get("solution"):
            allowed |= bound_names(cell.source)  # the stubs students receive
    solution = nbformat.read(solution_notebook(chapter), as_version=4)
    for cell in solution.cells:
        if nb_meta(cell).get("grade") and not nb_meta(cell).get("solution"):
            stray = free_names(cell.source) - allowed
            grade_id = nb_meta(cell)["grade_id"]
            assert not stray, f"{grade_id} reads {sorted(stray)} from the notebook"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_test_cells_define_no_helpers(chapter):
    """A test cell states its checks and nothing else: every helper and reference it calls is
    a documented function of the library (``dlcourse.checks.<module>``, ``dlcourse.grading``),
    where the grading view can withhold what computes an exercise's answer."""
    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    for cell in nb.cells:
        if nb_meta(cell).get("grade") and not nb_meta(cell).get("solution"):
            defined = [node.name for node in ast.walk(ast.parse(cell.source))
                       if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
            assert not defined, f"{nb_meta(cell)['grade_id']} defines {defined}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_chapters_reference_module_is_called_ref(chapter):
    """Every chapter's prose says ``ref.함수??``: the setup cell binds the module with the
    chapter's reference implementations (the import its comment calls the reference) as
    ``ref``, and no cell reaches the course library's references under another name."""
    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    setup = next(c.source for c in nb.cells if nb_meta(c).get("grade_id") == "setup")
    tree = ast.parse(setup)
    lines = setup.splitlines()
    modules = {}  # name bound in the setup cell -> (course module, the line's comment)
    for node in tree.body:
        comment = lines[node.lineno - 1].partition("#")[2]
        if isinstance(node, ast.Import):
            modules |= {a.asname or a.name: (a.name, comment) for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "dlcourse":
            modules |= {a.asname or a.name: (f"dlcourse.{a.name}", comment) for a in node.names}
    references = [name for name, (module, comment) in modules.items()
                  if module.startswith("dlcourse.") and "refer" in comment]
    assert references in ([], ["ref"]), f"the reference module is bound as {references}"
    renamed = {name for name, (module, _) in modules.items() if module.startswith("dlcourse.")
               and name not in ("ref", module.split(".")[-1])}
    assert not renamed, f"course modules under another name than their own: {sorted(renamed)}"
