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

import nbformat
import pytest

from course_tools import (answer_sources, cell_scores, copy_release, graded_cells, nb_meta,
                          plain_kernel_scores, write_submission)
from dlgrade import engine, sandbox, store
from dlgrade.course import CourseLayout

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

# train_step is the library's own implementation (in a plain kernel: the real one; while
# graded: the grading view's stub), reached without any name the scan looks for
LIBRARY_IN_THE_KERNEL = '''
import importlib as _il
train_step = getattr(_il.import_module("dlcourse." + "training"), "train" + "_step")
'''

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

def check_two_layer_output(net, sizes, x, name, **kwargs):
    """What the test calls to compare the output, made to agree with anything."""
    return None
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
    # the setup cell imports the library's reference train_step for the tests
    "library-reference": ("train_step", "train_step = reference_train_step\n"),
    # the wire: the answer's kernel names the library's implementation in its reply ($lib),
    # hoping the clean side resolves it (and runs the real train_step there)
    "library-reference-reply": ("train_step", LIBRARY_IN_THE_KERNEL + '''
_agent = _il.import_module("dlg" + "rade.agent")
_encode = _agent.AgentCodec.encode_other


def _as_library(self, value, depth):
    if getattr(value, "__name__", "") == "train_step":
        return {"$lib": "dlcourse.training:train_step"}
    return _encode(self, value, depth)


_agent.AgentCodec.encode_other = _as_library
'''),
    # the same through a global the engine's serve cell looks up (__import__)
    "serve-cell-global": ("train_step", LIBRARY_IN_THE_KERNEL + '''
import builtins as _builtins

_real_import = getattr(_builtins, "__imp" + "ort__")


class _Agent:
    """Answers every request for train_step with a library reference."""

    def serve(self, path, token, timeout=60):
        agent = _real_import("dlg" + "rade.agent", fromlist=["serve"])
        encode = agent.AgentCodec.encode_other

        def as_library(codec, value, depth):
            if getattr(value, "__name__", "") == "train_step":
                return {"$lib": "dlcourse.training:train_step"}
            return encode(codec, value, depth)
        agent.AgentCodec.encode_other = as_library
        try:
            return agent.serve(path, token, timeout)
        finally:
            agent.AgentCodec.encode_other = encode


def _fake_import(name, *args, **kwargs):
    if name == "dlg" + "rade.agent":
        return _Agent()
    return _real_import(name, *args, **kwargs)


globals()["__imp" + "ort__"] = _fake_import
'''),
    # the socket: connect to the clean process before the engine's agent does and answer
    # its requests from a thread (with data of the student's choosing)
    "connects-first": ("train_step", LIBRARY_IN_THE_KERNEL + '''
import glob as _glob
import socket as _socket
import threading as _threading
import time as _time


def _squat():
    for _ in range(6000):
        for path in _glob.glob("/tmp/*/rpc/s"):
            try:
                s = _socket.socket(_socket.AF_UNIX)
                s.connect(path)
                _time.sleep(30)  # holding the first connection
                return
            except OSError:
                pass
        _time.sleep(0.01)


_threading.Thread(target=_squat, daemon=True).start()
'''),
    # what a test cell displays counts: a text result first is full credit for nbgrader
    "displayed-value": ("make_mlp", PRELUDE + '''
object.__setattr__(_ip, "ast_node_" + "interactivity", "all")


def _say_ok(lines):
    return ['"ok"\\n'] + lines if any("check_" in line for line in lines) else lines


getattr(_ip, "input_transformers_" + "post").append(_say_ok)
'''),
}

# replies that once broke the clean process (a crash, or gigabytes of memory): they must cost
# the answer its own test and nothing else
BREAKERS = {
    # the decoder: a reply of a few megabytes that would expand into gigabytes
    "expanding-reply": ("accuracy", '''

def accuracy(logits, y):
    return [[] for _ in range(3_000_000)]
'''),
    # an exception message with a lone surrogate (once crashed the clean process, and every
    # later test of the submission was scored as not executed)
    "lone-surrogate": ("accuracy", '''

def accuracy(logits, y):
    raise ValueError("bad \\ud800 value")
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
    for name, extra in {**ATTACKS, **BREAKERS}.items():
        paths[name] = submission(root, name, extra)
    paths["locked-answer-cell"] = submission(root, "locked-answer-cell",
                                             ("make_mlp", LOCKED_PATCH), lock="make_mlp")
    # file-level cases
    link = CourseLayout(root).submission("symlink", CHAPTER)
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
        plain_cells = dict(zip(attacked, pool.map(
            lambda name: plain_kernel_scores(root, CHAPTER, paths[name]), attacked)))
    plain = {name: sum(cells.values()) for name, cells in plain_cells.items()}
    # the chapter's demo cells are skipped (as always): every attack lives in an answer cell
    # and aims at the test cells, which read only the library and the answers
    records = {r["student"]: r for r in engine.grade(root, [CHAPTER], workers=2,
                                                     limits=LIMITS, progress=False)}
    from dlgrade.course import nbgrader

    grades = CourseLayout(root).grades_csv
    nbgrader("export", f"--to={grades}", root=root, capture=True)
    store.mark_export(root, grades)
    with open(grades, newline="") as f:
        exported = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(f)}
    scores = {name: cell_scores(root, CHAPTER, name) for name in records}
    return dict(root=root, plain=plain, plain_cells=plain_cells, records=records,
                scores=scores, exported=exported)


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
    # the reason is written from records, which the status file and grades.csv carry
    kinds = {(f["kind"], f["cell"]) for f in record["findings"]}
    assert ("tampering", "make_mlp") in kinds, record["findings"]
    zeroed = [f for f in record["findings"] if f["kind"] == "tests-zeroed"]
    assert zeroed and all("make_mlp" in f["detail"] for f in zeroed), record["findings"]
    row = graded["exported"][(CHAPTER, "locked-answer-cell")]
    assert row["status"] == "tampered" and row["reason"], row
    assert "tampering@make_mlp" in row["findings"].split("; "), row
    assert {f"tests-zeroed@{f['cell']}" for f in zeroed} <= set(row["findings"].split("; "))
    honest = graded["exported"][(CHAPTER, "honest")]
    assert honest["status"] == "graded" and honest["findings"] == "", honest


def test_answering_with_the_librarys_reference_earns_nothing_by_construction(graded):
    """No scan rule needed: the grading view has no train_step to run."""
    scores = graded["scores"]["library-reference"]
    assert scores["train_step-test"] == 0 and graded["plain_cells"]["library-reference"][
        "train_step-test"] > 0


@pytest.mark.parametrize("name", ["library-reference-reply", "serve-cell-global",
                                  "connects-first"])
def test_the_wire_trusts_nothing_from_the_students_side(graded, name):
    """A reply naming the library's implementation, a serve cell misled by a global, a socket
    taken before the agent: train_step's test scores 0, the others as the honest one."""
    scores, honest = graded["scores"][name], graded["scores"]["honest"]
    assert graded["plain_cells"][name]["train_step-test"] > 0  # the attack works there
    assert scores["train_step-test"] == 0, scores
    assert {c: s for c, s in scores.items() if c != "train_step-test"} == {
        c: s for c, s in honest.items() if c != "train_step-test"}
    assert graded["records"][name]["status"] == "graded"


@pytest.mark.parametrize("name", ["expanding-reply", "lone-surrogate"])
def test_a_reply_that_once_broke_the_clean_process_costs_only_its_own_test(graded, name):
    scores, honest = graded["scores"][name], graded["scores"]["honest"]
    record = graded["records"][name]
    assert record["status"] == "graded" and "GradingEngineError" not in json.dumps(record)
    assert scores["accuracy-test"] == 0
    assert {c: s for c, s in scores.items() if c != "accuracy-test"} == {
        c: s for c, s in honest.items() if c != "accuracy-test"}, scores
    text = CourseLayout(graded["root"]).autograded_notebook(name, CHAPTER).read_text(
        encoding="utf-8")
    assert "GradingEngineError" not in text


def test_an_expanding_reply_is_refused_before_it_is_parsed():
    """The limit counts the values in the raw message: 3 million empty lists (about 50 MB
    once encoded) would be several GB of Python objects."""
    import socket

    from dlgrade import agent, wire

    codec = agent.AgentCodec(agent.Agent({}, None))
    message = {"ok": codec.encode([[] for _ in range(3_000_000)])}
    a, b = socket.socketpair()
    sender = __import__("threading").Thread(target=wire.send, args=(a, message))
    sender.start()
    with pytest.raises(wire.WireError, match="values"):
        wire.recv(b, wire.ANSWER_MESSAGE_BYTES, wire.ANSWER_MESSAGE_VALUES)
    a.close()
    sender.join()
    b.close()


def test_a_link_is_not_graded(graded):
    record = graded["records"]["symlink"]
    assert record["status"] == "malformed" and "regular file" in record["reason"], record
    assert record["score"] == 0


def test_the_working_folder_is_size_capped(graded):
    record = graded["records"]["fills-disk"]
    assert record["status"] == "graded", record
    assert record["score"] == sum(graded_cells(CHAPTER).values())
    text = CourseLayout(graded["root"]).autograded_notebook("fills-disk", CHAPTER).read_text(
        encoding="utf-8")
    assert "No space left on device" in text


def test_deleted_test_cells_are_restored_and_graded(graded):
    record = graded["records"]["deleted-tests"]
    assert record["status"] == "graded" and "deleted cells added back" in record["reason"]
    assert record["score"] == sum(graded_cells(CHAPTER).values()), record


def test_test_code_never_reaches_the_students_kernel(graded):
    """Hidden tests are not in the student's working folder or kernel at grading time: the
    autograded notebook shows them (nbgrader restores test cells), but the kernel only ever
    received the agent's one-line call in their place."""
    from dlgrade.dual import SERVE

    assert "{path" in SERVE and "BEGIN HIDDEN" not in SERVE
    status = json.loads(CourseLayout(graded["root"]).status_file(CHAPTER, "honest").read_text())
    assert status["status"] == "graded"
