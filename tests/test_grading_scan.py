"""dlgrade.scan: interpreter tampering is flagged; the course's own answers are not."""
import pytest

import nbformat

from course_tools import answer_sources, nb_meta, right_answers, solution_notebook, wrong_answers
from dlgrade.course import chapters
from dlgrade.scan import reference_aliases, reference_uses, scan_notebook, scan_source

SETUP = """
import dlcourse
from dlcourse import metrics as ref
from dlcourse import training
from dlcourse.activations import step as reference_step
from dlcourse.activations import sigmoid
from dlcourse.grading import check_array
"""


@pytest.mark.parametrize("source", [
    "import sys\nsys.modules['numpy'] = None",
    "import sys as s\ns.modules.clear()",
    "from sys import modules",
    "import builtins\nbuiltins.print = None",
    "get_ipython().events.register('pre_run_cell', f)",
    "import numpy as np\nnp.allclose = lambda *a, **k: True",
    "import dlcourse.grading as g\ng.check_array = None",
    "exec('x = 1')",
    "check_array = lambda *a, **k: None",
])
def test_tampering_is_flagged(source):
    assert scan_source(source)


@pytest.mark.parametrize("source", [
    "for m in net.modules():\n    pass",
    "import sys\nprint(sys.version)",
    "import torch\nlayers = [m for m in torch.nn.Sequential().modules()]",
    "def f(x):\n    return np.maximum(x, 0)",
])
def test_ordinary_code_is_not_flagged(source):
    assert scan_source(source) == []


def test_no_solution_or_alternative_right_answer_is_flagged():
    sources = [(c, cell, src) for c in chapters() for cell, src in answer_sources(c).items()]
    sources += [(r.chapter, cell, src) for r in right_answers() for cell, src in r.replace.items()]
    flagged = [(c, cell, scan_source(src)) for c, cell, src in sources if scan_source(src)]
    assert not flagged


def test_wrong_answers_are_honest_mistakes_not_tampering():
    flagged = [(w.chapter, w.name) for w in wrong_answers()
               for src in w.replace.values() if scan_source(src)]
    assert not flagged


def test_setup_aliases_know_modules_from_objects():
    aliases = reference_aliases(SETUP)
    assert aliases["ref"] == ("dlcourse.metrics", True)
    assert aliases["dlcourse"] == ("dlcourse", True)
    assert aliases["reference_step"] == ("dlcourse.activations.step", False)
    assert aliases["sigmoid"] == ("dlcourse.activations.sigmoid", False)


@pytest.mark.parametrize("source", [
    "def roc_points(y, s):\n    return ref.roc_points(y, s)",
    "roc_points = ref.roc_points",
    "def roc_points(y, s):\n    return dlcourse.metrics.roc_points(y, s)",
    "def step_function(x):\n    return reference_step(x)",
    "def roc_points(y, s):\n    return getattr(ref, 'roc_' + 'points')(y, s)",
    "import dlcourse.metrics as m\ndef roc_points(y, s):\n    return m.roc_points(y, s)",
])
def test_answering_with_the_librarys_reference_is_flagged(source):
    aliases = reference_aliases(SETUP)
    assert reference_uses(source, aliases, {"roc_points", "step_function"})


@pytest.mark.parametrize("source", [
    "def loss(z, y):\n    return -np.mean(y * np.log(sigmoid(z)))",  # a provided helper
    "def fit_once(net):\n    return training.fit(net, loss, opt, data, 1)",
    "def roc_points(y, s):\n    return ref_points(y, s)",
])
def test_library_helpers_that_are_not_answers_are_not_flagged(source):
    assert reference_uses(source, reference_aliases(SETUP), {"roc_points", "fit_once"}) == []


@pytest.mark.parametrize("chapter", chapters())
def test_solution_notebooks_and_right_answers_use_no_reference(chapter):
    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    instructor = {nb_meta(c).get("grade_id") for c in nb.cells
                  if c.cell_type == "code" and not nb_meta(c).get("solution")}
    answers = answer_sources(chapter)
    for right in [None] + [r for r in right_answers() if r.chapter == chapter]:
        for cell in nb.cells:
            gid = nb_meta(cell).get("grade_id")
            if gid in answers:
                cell.source = (right.replace.get(gid) if right else None) or answers[gid]
        assert scan_notebook(nb, instructor) == [], right and right.name


def test_reference_answer_in_a_notebook_is_flagged():
    nb = nbformat.read(solution_notebook("09_model_evaluation"), as_version=4)
    instructor = {nb_meta(c).get("grade_id") for c in nb.cells
                  if c.cell_type == "code" and not nb_meta(c).get("solution")}
    for cell in nb.cells:
        if nb_meta(cell).get("grade_id") == "roc":
            cell.source += "\n\nroc_points = ref.roc_points\n"
    assert scan_notebook(nb, instructor) == [
        "roc: uses the library's reference ref.roc_points (an exercise's answer)"]
