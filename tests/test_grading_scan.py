"""dlgrade.scan: attempts on the grading machinery are flagged; honest code never is.

A false "tampered" verdict costs an honest student every point of an exercise and labels them
a cheat, so every rule is tried on a corpus of honest code (the course's solutions, every right
and wrong answer in tests/wrong_answers/, more than a hundred common numpy/torch idioms) and
must find nothing there, and every rule has a real attempt it catches.
"""
import nbformat
import pytest

from course_tools import answer_sources, nb_meta, right_answers, solution_notebook, wrong_answers
from dlgrade.course import chapters
from dlgrade.findings import Finding
from dlgrade.scan import RULES, library_aliases, scan_notebook, scan_source
from honest_idioms import IDIOMS

SETUP = """
import dlcourse
from dlcourse import metrics as ref
from dlcourse import training
from dlcourse.activations import step as reference_step
from dlcourse.grading import check_array
"""

# a real attempt for every rule (the plain spellings of the attacks in
# tests/test_grading_isolation.py and tests/test_grading_engine.py)
ATTEMPTS = {
    "grading-engine": [
        "import dlgrade.agent as _a\n_a.serve = lambda *args, **kwargs: None",
        "from dlgrade import clean",
    ],
    "ipython-hook": [
        "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])",
        "get_ipython().events.register('pre_run_cell', lambda *a: None)",
        "ip = get_ipython()\nip.ast_transformers.append(Forgive())",
        "get_ipython().set_custom_exc((AssertionError,), lambda *a, **k: None)",
        "get_ipython().ast_node_interactivity = 'all'",
    ],
    "import-hook": [
        "import sys\nsys.meta_path.insert(0, Lenient())",
        "import sys as s\ns.modules['dlcourse.grading'] = fake",
        "from sys import modules\nmodules.pop('dlcourse.grading')",
        "import sys\nsys.path_hooks.append(hook)",
    ],
    "trace-hook": [
        "import sys\nsys.settrace(tracer)",
        "import threading, sys\nsys.setprofile(profiler)",
    ],
    "frames": [
        "import sys\nexpected = sys._getframe(1).f_locals['expected']",
        "import inspect\nf = inspect.currentframe().f_back.f_globals",
    ],
    "escape-hatch": [
        "__builtins__['print'] = None",
        "classes = ().__class__.__base__.__subclasses__()",
        "code = f.__code__",
        "ref_impl = train_step.__globals__['_impl']",
        "mod = __import__('dlcourse.training', fromlist=['x'])",
    ],
    "exec": [
        "import dlcourse.training as t\nns = {}\nexec(open(t.__file__).read(), ns)",
        "value = eval('reference_step(x)')",
    ],
    "patches-module": [
        "import builtins\nbuiltins.AssertionError = type('Quiet', (Exception,), {})",
        "import dlcourse.grading as g\ng.check_array = lambda *a, **k: None",
        "ref.roc_points = my_roc",
        "dlcourse.grading._fail = lambda message: None",
    ],
}


def rules_of(source, setup=SETUP):
    return {rule for rule, _ in scan_source(source, library_aliases(setup))}


@pytest.mark.parametrize("rule,source", [(r, s) for r, sources in ATTEMPTS.items()
                                         for s in sources])
def test_every_rule_catches_a_real_attempt(rule, source):
    assert rule in rules_of(source), (rule, scan_source(source, library_aliases(SETUP)))


def test_every_rule_has_attempts_and_no_attempt_names_an_unknown_rule():
    assert set(ATTEMPTS) == {r.name for r in RULES}


def test_the_idiom_corpus_is_large_and_entirely_honest():
    assert len(IDIOMS) >= 100
    flagged = {source: scan_source(source, library_aliases(SETUP)) for source in IDIOMS}
    assert not {s: f for s, f in flagged.items() if f}


@pytest.mark.parametrize("source", [
    # the three answers that were once graded "tampered"
    "def best_so_far(scores):\n    a = np.array(scores, dtype=float)\n"
    "    a[np.isnan(a)] = 0\n    return np.maximum.accumulate(a)",
    "def smote(X, n_new, k=5, rng=None):\n    d = dist(X)\n"
    "    d[np.arange(m), np.arange(m)] = np.inf\n    return d",
    "def choose_threshold(make_model, X, y, target, k=5, seed=0):\n"
    "    from dlcourse import metrics\n"
    "    return metrics.threshold_for_sensitivity(y, oof(make_model, X, y, k, seed), target)",
])
def test_the_answers_once_called_tampered_are_not(source):
    assert scan_source(source, library_aliases(SETUP)) == []


def test_no_solution_or_alternative_right_answer_is_flagged():
    sources = [(c, cell, src) for c in chapters() for cell, src in answer_sources(c).items()]
    sources += [(r.chapter, cell, src) for r in right_answers() for cell, src in r.replace.items()]
    flagged = [(c, cell, scan_source(src)) for c, cell, src in sources if scan_source(src)]
    assert not flagged


def test_wrong_answers_are_honest_mistakes_not_tampering():
    flagged = [(w.chapter, w.name) for w in wrong_answers()
               for src in w.replace.values() if scan_source(src)]
    assert not flagged


@pytest.mark.parametrize("chapter", chapters())
def test_solution_notebooks_and_right_answers_are_not_flagged(chapter):
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


def test_findings_are_records_that_name_the_cell():
    nb = nbformat.read(solution_notebook("09_model_evaluation"), as_version=4)
    instructor = {nb_meta(c).get("grade_id") for c in nb.cells
                  if c.cell_type == "code" and not nb_meta(c).get("solution")}
    for cell in nb.cells:
        if nb_meta(cell).get("grade_id") == "roc":
            cell.source += "\n\nref.roc_points = roc_points\n"
    assert scan_notebook(nb, instructor) == [
        Finding("tampering", "roc", "assigns ref.roc_points (patches-module)")]
