"""dlgrade.scan: interpreter tampering is flagged; the course's own answers are not."""
import pytest

from course_tools import answer_sources, right_answers, wrong_answers
from dlgrade.course import chapters
from dlgrade.scan import scan_source


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
