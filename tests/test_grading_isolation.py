"""Attacks on the score, on a real chapter with torch (06): each works in a plain kernel and
earns nothing through the engine.

Every attack below is added to the same honest submission: chapter 06 with four wrong answers
(make_mlp and MLP without their ReLU, accuracy always 0.5, a train_step that does nothing).
First the attack is run the stock way (test cells in the student's own kernel, scored by
nbgrader's rule): it must score more than the honest submission there, which shows the attack
is real. Then the engine grades it: no more than the honest submission, because the test cells
run in a clean process that never ran the student's code. Most attacks are written so that the
static scan does not see them (getattr with strings, module __setattr__), so the result rests
on the isolation alone; one is plain, to show that tampering is a verdict.
"""
import csv
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from course_tools import (answer_sources, copy_release, graded_cells, nb_meta,
                          plain_kernel_scores, write_submission)
from dlgrade import engine, sandbox

pytestmark = pytest.mark.skipif(not sandbox.available(),
                                reason="bubblewrap (bwrap) is not installed or not usable")

CHAPTER = "06_mlp_pytorch"
# generous limits: a verdict here never depends on the machine's speed
LIMITS = sandbox.Limits(memory_mb=2048, max_procs=64, cell_timeout_s=60,
                        submission_timeout_s=600)

WRONG = {
    "make_mlp": '''class ReLU(nn.Identity):
    """Named like a ReLU, computes nothing."""


def make_mlp(n_inputs, n_hidden, n_outputs):
    return nn.Sequential(nn.Linear(n_inputs, n_hidden), ReLU(), nn.Linear(n_hidden, n_outputs))
''',
    "MLP": '''class MLP(nn.Module):
    def __init__(self, n_inputs, n_hidden, n_outputs):
        super().__init__()
        self.fc1 = nn.Linear(n_inputs, n_hidden)
        self.fc2 = nn.Linear(n_hidden, n_outputs)

    def forward(self, x):
        return self.fc2(self.fc1(torch.flatten(x, start_dim=1)))
''',
    "accuracy": "def accuracy(logits, y):\n    return 0.5\n",
    "train_step": "def train_step(model, loss_fn, optimizer, X, y):\n    return 0.0\n",
}

# reaching IPython without any name the scan looks for
PRELUDE = '''
import sys as _s
_ip = getattr(_s, "mod" + "ules")["IPython"].get_ipython()
'''

ATTACKS = {
    # the interpreter's own hooks
    "input-transformer": ("make_mlp", PRELUDE + '''
def _skip_checks(lines):
    return ["pass\\n"] if any("check_" in line for line in lines) else lines
getattr(_ip, "input_transformers_" + "post").append(_skip_checks)
'''),
    "ast-transformer": ("make_mlp", PRELUDE + '''
import ast as _ast


class _Forgive(_ast.NodeTransformer):
    """Wraps every cell that checks something in try/except: nothing fails any more."""

    def visit_Module(self, node):
        if "check_" in _ast.unparse(node):
            handler = _ast.ExceptHandler(type=_ast.Name("BaseException", _ast.Load()),
                                         name=None, body=[_ast.Pass()])
            node.body = [_ast.Try(body=node.body, handlers=[handler], orelse=[],
                                  finalbody=[])]
        return _ast.fix_missing_locations(node)


getattr(_ip, "ast_" + "transformers").append(_Forgive())
'''),
    "event-patches-helpers": ("make_mlp", PRELUDE + '''
def _quiet(*args):
    getattr(_s, "mod" + "ules")["dlcourse.grading"].__setattr__("_fail", lambda message: None)
getattr(_ip, "ev" + "ents").register("pre_run_cell", _quiet)
'''),
    # the import system: the helpers the tests use are imported from the student's module
    "import-system": ("make_mlp", '''
import sys as _s
import __main__ as _main
_machinery = getattr(_s, "mod" + "ules")["importlib.machinery"]


class _Lenient:
    def find_spec(self, name, path=None, target=None):
        if name == "dlcourse.grading":
            return _machinery.ModuleSpec(name, self)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        for name in ("check_array", "check_scalar", "check_true", "check_equal",
                     "check_callable", "check_shape"):
            module.__setattr__(name, lambda *args, **kwargs: None)


getattr(_s, "meta_" + "path").insert(0, _Lenient())
getattr(_s, "mod" + "ules").pop("dlcourse.grading")
import dlcourse.grading
for _name in ("check_array", "check_scalar", "check_true", "check_equal", "check_callable"):
    _main.__setattr__(_name, getattr(dlcourse.grading, _name))
'''),
    # a name the tests take from the notebook, redefined by an answer cell
    "redefines-test-helper": ("make_mlp", '''

def two_layer_reference(x, fc1, fc2):
    """What the test compares with, made to agree with this answer (no ReLU)."""
    x = torch.as_tensor(x, dtype=torch.float32).reshape(len(x), -1)
    with torch.no_grad():
        return fc2(fc1(x)).numpy()
'''),
    # an object that lies: iterating it finds the value the check expects
    "lying-object": ("accuracy", '''
import sys as _s


class _Agrees(list):
    def __iter__(self):
        frame = _s._getframe(1)
        while frame is not None:
            seen = getattr(frame, "f_" + "locals")
            if "expected" in seen:
                return iter(np.asarray(seen["expected"], dtype=float).ravel().tolist())
            frame = getattr(frame, "f_" + "back")
        return iter([])


def accuracy(logits, y):
    return _Agrees()
'''),
    # the answer reads the test's own variables
    "reads-test-variables": ("train_step", '''
import __main__ as _main


def train_step(model, loss_fn, optimizer, X, y):
    model.train()
    reference = getattr(_main, "_ref")
    with torch.no_grad():
        for p, q in zip(model.parameters(), reference.parameters()):
            if p.shape == q.shape:
                p.copy_(q)
    loss = getattr(_main, "_ref_loss", None)
    return float(loss.item()) if loss is not None else float(getattr(_main, "_expected"))
'''),
    # what a test cell displays counts: a text result first is full credit for nbgrader
    # the setup cell imports the library's reference train_step for the tests
    "library-reference": ("train_step", "train_step = reference_train_step\n"),
    "displayed-value": ("make_mlp", PRELUDE + '''
object.__setattr__(_ip, "ast_node_" + "interactivity", "all")


def _say_ok(lines):
    return ['"ok"\\n'] + lines if any("check_" in line for line in lines) else lines


getattr(_ip, "input_transformers_" + "post").append(_say_ok)
'''),
}

# plain, for the scan to find, in an answer cell the student marked read-only
LOCKED_PATCH = '''
import dlcourse.grading as _g
_g._fail = lambda message: None
'''


def submission(root, student, extra=None, *, lock=None):
    answers = {**answer_sources(CHAPTER, root), **WRONG}
    if extra:
        cell, code = extra
        answers[cell] = answers[cell] + "\n" + code
    path = write_submission(root, student, CHAPTER, answers)
    if lock:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if nb_meta(cell).get("grade_id") == lock:
                cell.metadata.nbgrader["locked"] = True
        nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def graded(release, tmp_path_factory):
    root = copy_release(release, tmp_path_factory.mktemp("isolation"), [CHAPTER])
    sol = answer_sources(CHAPTER, root)
    paths = {"honest": submission(root, "honest")}
    for name, extra in ATTACKS.items():
        paths[name] = submission(root, name, extra)
    paths["locked-answer-cell"] = submission(root, "locked-answer-cell",
                                             ("make_mlp", LOCKED_PATCH), lock="make_mlp")
    # file-level cases
    link = root / "autograde" / "submitted" / "symlink" / CHAPTER / f"{CHAPTER}.ipynb"
    link.parent.mkdir(parents=True)
    os.symlink(root / "solutions" / CHAPTER / f"{CHAPTER}.ipynb", link)
    filler = ('\ntry:\n    with open("filler.bin", "wb") as _f:\n        for _i in range(64):\n'
              '            _f.write(bytes(16 * 1024 * 1024))\nexcept OSError as _err:\n'
              '    print("disk full:", _err)\n')
    write_submission(root, "fills-disk", CHAPTER, {**sol, "make_mlp": sol["make_mlp"] + filler})
    deleted = write_submission(root, "deleted-tests", CHAPTER, sol)
    nb = nbformat.read(deleted, as_version=4)
    nb.cells = [c for c in nb.cells if not (nb_meta(c).get("grade")
                                           and not nb_meta(c).get("solution"))]
    nbformat.write(nb, deleted)

    attacked = ["honest", *ATTACKS, "locked-answer-cell"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        plain = dict(zip(attacked, pool.map(
            lambda name: sum(plain_kernel_scores(root, CHAPTER, paths[name]).values()),
            attacked)))
    # the chapter's demo cells are skipped (run_demos=False): every attack lives in an answer
    # cell and aims at the test cells, which read only the library and the answers
    records = {r["student"]: r for r in engine.grade(root, [CHAPTER], workers=2,
                                                     limits=LIMITS, progress=False,
                                                     run_demos=False)}
    from dlgrade.course import nbgrader

    grades = root / "autograde" / "grades.csv"
    nbgrader("export", f"--to={grades}", root=root, capture=True)
    engine.mark_export(root, grades)
    with open(grades, newline="") as f:
        exported = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(f)}
    return dict(root=root, plain=plain, records=records, exported=exported)


def test_the_honest_submission_scores_the_same_both_ways(graded):
    honest = graded["records"]["honest"]
    assert honest["status"] == "graded", honest
    total = sum(graded_cells(CHAPTER).values())
    assert 0 < honest["score"] < total
    assert graded["plain"]["honest"] == honest["score"]


@pytest.mark.parametrize("name", [*ATTACKS, "locked-answer-cell"])
def test_attack_works_in_a_plain_kernel_and_earns_nothing_through_the_engine(graded, name):
    honest = graded["records"]["honest"]["score"]
    assert graded["plain"][name] > honest, f"{name} is not an attack in a plain kernel"
    record = graded["records"][name]
    assert record["score"] <= honest, record


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attacks_the_scan_misses_are_graded_as_usual(graded, name):
    """The isolation alone holds these: no special status needed."""
    assert graded["records"][name]["status"] in ("graded", "tampered")


def test_tampering_is_a_verdict_and_the_export_shows_it(graded):
    record = graded["records"]["locked-answer-cell"]
    assert record["status"] == "tampered", record
    assert "make_mlp" in record["reason"] and "scored 0" in record["reason"], record
    row = graded["exported"][(CHAPTER, "locked-answer-cell")]
    assert row["status"] == "tampered" and row["reason"], row
    assert graded["exported"][(CHAPTER, "honest")]["status"] == "graded"


def test_answering_with_the_librarys_reference_is_a_verdict(graded):
    record = graded["records"]["library-reference"]
    assert record["status"] == "tampered", record
    assert "reference_train_step" in record["reason"], record


def test_a_link_is_not_graded(graded):
    record = graded["records"]["symlink"]
    assert record["status"] == "malformed" and "regular file" in record["reason"], record
    assert record["score"] == 0


def test_the_working_folder_is_size_capped(graded):
    record = graded["records"]["fills-disk"]
    assert record["status"] == "graded", record
    assert record["score"] == sum(graded_cells(CHAPTER).values())
    text = (graded["root"] / "autograde" / "autograded" / "fills-disk" / CHAPTER /
            f"{CHAPTER}.ipynb").read_text(encoding="utf-8")
    assert "No space left on device" in text


def test_deleted_test_cells_are_restored_and_graded(graded):
    record = graded["records"]["deleted-tests"]
    assert record["status"] == "tampered" and "missing cells added back" in record["reason"]
    assert record["score"] == sum(graded_cells(CHAPTER).values()), record


def test_test_code_never_reaches_the_students_kernel(graded):
    """Hidden tests are not in the student's working folder or kernel at grading time: the
    autograded notebook shows them (nbgrader restores test cells), but the kernel only ever
    received the agent's one-line call in their place."""
    from dlgrade.engine import SERVE

    assert "{path" in SERVE and "BEGIN HIDDEN" not in SERVE
    status = json.loads((Path(graded["root"]) / "autograde" / "status" / CHAPTER /
                         "honest.json").read_text())
    assert status["status"] == "graded"
