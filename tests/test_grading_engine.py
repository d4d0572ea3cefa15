"""The grading engine against hostile and broken submissions (sandbox, limits, statuses).

One batch grades about twenty kinds of bad submission to chapter 00 in parallel, after a
bystander student was graded in an earlier run. For each kind: the recorded status, a score
no higher than the honest content deserves, nothing outside the scratch copy changed, the
bystander's grade untouched, and the batch finished.
"""
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nbformat
import pytest

from course_tools import answer_sources, copy_release, graded_cells, write_submission
from dlgrade import engine, sandbox, store, worker
from dlgrade.course import ROOT, CourseLayout, gradebook_url

pytestmark = pytest.mark.skipif(not sandbox.available(),
                                reason="bubblewrap (bwrap) is not installed or not usable")

CHAPTER = "00_orientation"
# No verdict may depend on the machine's speed: the slowest cell of chapter 00 (the setup
# cell, which imports torch) takes about 1.5 s on an idle machine, 20x that is the cell limit.
# The two endless loops below are recognised by their status, so they cost one limit each.
LIMITS = sandbox.Limits(memory_mb=1024, max_procs=64, cell_timeout_s=30,
                        submission_timeout_s=300)
WRONG_BMI = "def bmi(weight_kg, height_m):\n    return weight_kg / height_m\n"
FULL = sum(graded_cells(CHAPTER).values())  # the chapter's points: a right answer gets them all
BMI_POINTS = graded_cells(CHAPTER)["bmi-test"]


def points_before(chapter, grade_id):
    """Points of the test cells that come before the answer cell ``grade_id``."""
    nb = nbformat.read(ROOT / "solutions" / chapter / f"{chapter}.ipynb", as_version=4)
    points = 0.0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == grade_id:
            return points
        if meta.get("grade") and not meta.get("solution"):
            points += float(meta["points"])
    raise KeyError(grade_id)
MARK = "dlgrade_sleeper_4242"


def tree_digest(path, skip=()):
    """Hash of every file below ``path`` except the folders in ``skip``."""
    digest = {}
    for p in sorted(Path(path).rglob("*")):
        rel = p.relative_to(path)
        if p.is_file() and not any(str(rel).startswith(s) for s in skip):
            digest[str(rel)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return digest


class Listener:
    """A TCP server on loopback that counts the connections it accepts."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.running = True
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.accepted += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


@dataclass(frozen=True)
class Case:
    """One hostile or broken submission and how grading must end for it.

    The submission is the student version with ``answers`` (grade id -> source) put in, or,
    with ``edit``, the student version with a wrong bmi answer and then ``edit(cells)`` done to
    its cells, or the bytes ``raw`` as the whole file. It must get one of ``statuses``, at most
    ``max_score`` points and, when ``finding`` names a kind, a finding of that kind.
    """

    statuses: frozenset
    max_score: float
    answers: dict = None
    edit: Callable = None
    raw: bytes = None
    finding: str = None


def _index(cells, cell_id):
    return next(i for i, c in enumerate(cells) if c.get("id") == cell_id)


def edit_cell(cell_id, source):
    def edit(cells):
        cells[_index(cells, cell_id)].source = source
    return edit


def delete_cell(cell_id):
    def edit(cells):
        del cells[_index(cells, cell_id)]
    return edit


def set_points(cell_id, points):
    def edit(cells):
        cells[_index(cells, cell_id)].metadata.nbgrader.points = points
    return edit


def duplicate_cell(cell_id):
    def edit(cells):
        i = _index(cells, cell_id)
        cells.insert(i, nbformat.from_dict(json.loads(json.dumps(cells[i]))))
    return edit


def cases(root, port):
    """name -> :class:`Case`."""
    sol = answer_sources(CHAPTER, root)["bmi"]
    solutions = root / "solutions"
    gradebook = CourseLayout(root).gradebook_db
    submitted = CourseLayout(root).submitted

    def bmi(source, statuses, max_score, finding=None):
        return Case(frozenset(statuses), max_score, answers={"bmi": source}, finding=finding)

    def edited(edit, finding):
        # restored from the gradebook and graded as released: a finding, not a verdict
        # (chapter 00 tells students that editing or deleting a test cell changes nothing)
        return Case(frozenset({"graded"}), 0, edit=edit, finding=finding)

    return {
        "infinite-loop": bmi("while True:\n    pass\n", {"timed out"}, 0),
        "ignores-sigint": bmi("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                              "while True:\n    pass\n", {"timed out"}, 0),
        "memory-bomb": bmi("blocks = [bytearray(256 * 1024**2) for _ in range(40)]\n",
                           {"memory"}, 0),
        "os-exit": bmi("import os\nos._exit(3)\n", {"crashed"}, 0),
        "sys-exit": bmi("import sys\nsys.exit(0)\n", {"graded"}, 0),
        "fork-and-detach": bmi(sol + "\nimport os, subprocess\n"
                               f"subprocess.Popen(['sh', '-c', 'exec -a {MARK} sleep 600'],"
                               " start_new_session=True)\n"
                               f"if os.fork() == 0:\n    os.execvp('sh', ['sh', '-c', "
                               f"'exec -a {MARK} sleep 600'])\n", {"graded"}, 2),
        "reads-solutions-and-others": bmi(
            WRONG_BMI + f"import os\nfor p in [{str(solutions)!r}, {str(submitted)!r}]:\n"
            "    try:\n        print(p, os.listdir(p))\n"
            "    except OSError as e:\n        print('blocked', e)\n", {"graded"}, 0),
        "writes-gradebook": bmi(
            WRONG_BMI + "import os\nfor act in (lambda: open("
            f"{str(gradebook)!r}, 'w').write('x'), lambda: os.remove({str(gradebook)!r})):\n"
            "    try:\n        act()\n    except OSError as e:\n        print('blocked', e)\n",
            {"graded"}, 0),
        "network": bmi(sol + "\nimport socket\ntry:\n    socket.create_connection(("
                       f"'127.0.0.1', {port}), timeout=2)\nexcept OSError as e:\n"
                       "    print('no network', e)\n", {"graded"}, 2),
        "monkeypatch-helpers": bmi(
            "import dlcourse.grading as g\ng.check_scalar = lambda *a, **k: None\n"
            "g.check_array = lambda *a, **k: None\ncheck_scalar = check_array = "
            "lambda *a, **k: None\n" + WRONG_BMI, {"tampered"}, 0, finding="tampering"),
        "monkeypatch-assertionerror": bmi(
            "import builtins\nbuiltins.AssertionError = type('Quiet', (Exception,), {})\n"
            + WRONG_BMI, {"tampered"}, 0, finding="tampering"),
        "eq-always-true": bmi("class Yes(float):\n    def __eq__(self, other):\n"
                              "        return True\n    __hash__ = float.__hash__\n"
                              "def bmi(weight_kg, height_m):\n    return Yes(0.0)\n",
                              {"graded"}, 0),
        "huge-output": bmi(sol + "\nfor i in range(200000):\n    print(i)\n", {"graded"}, 2),
        "harmless-warning": bmi("import warnings\n" + sol.replace(
            '    """\n', '    """\n    warnings.warn("just a warning")\n', 1), {"graded"}, 2),
        "edited-test-cell": edited(edit_cell("bmi-test", "pass"), "restored"),
        "deleted-test-cell": edited(delete_cell("bmi-test"), "added-back"),
        "changed-points": edited(set_points("bmi-test", 50), "restored"),
        "duplicated-cell-id": edited(duplicate_cell("setup"), "duplicate-id"),
        "malformed-json": Case(frozenset({"malformed"}), 0, raw=b"{ this is not json"),
        "schema-invalid": Case(frozenset({"malformed"}), 0, raw=json.dumps(
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
             "cells": [{"cell_type": "spreadsheet", "source": "x"}]}).encode()),
    }


def write_case(root, student, case):
    path = CourseLayout(root).submission(student, CHAPTER)
    if case.raw is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.raw)
        return path
    if case.edit is None:
        return write_submission(root, student, CHAPTER, case.answers)
    write_submission(root, student, CHAPTER, {"bmi": WRONG_BMI})
    nb = nbformat.read(path, as_version=4)
    case.edit(nb.cells)
    path.write_text(json.dumps(nb), encoding="utf-8")  # as is: nbformat would repair it
    return path


@pytest.fixture(scope="module")
def batch(release, tmp_path_factory):
    root = copy_release(release, tmp_path_factory.mktemp("hostile"), [CHAPTER])
    listener = Listener()
    try:
        write_submission(root, "bystander", CHAPTER, answer_sources(CHAPTER, root))
        first = engine.grade(root, [CHAPTER], workers=2, limits=LIMITS, progress=False)
        bystander = {r["student"]: r for r in first}["bystander"]
        specs = cases(root, listener.port)
        for name, case in specs.items():
            write_case(root, name, case)
        protected = ("autograde/autograded", "autograde/status", "autograde/gradebook.db")
        before = tree_digest(root, skip=protected)
        lib_before = tree_digest(ROOT / "lib")
        records = engine.grade(root, [CHAPTER], workers=2, limits=LIMITS, progress=False)
        after = tree_digest(root, skip=protected)
        lib_after = tree_digest(ROOT / "lib")
    finally:
        listener.close()
    leftovers = subprocess.run(["pgrep", "-f", MARK], capture_output=True, text=True).stdout
    return dict(root=root, cases=specs, bystander=bystander, before=before, after=after,
                lib=(lib_before, lib_after), leftovers=leftovers, accepted=listener.accepted,
                records={r["student"]: r for r in records})


def test_batch_finished_with_one_record_each(batch):
    assert set(batch["records"]) == set(batch["cases"]) | {"bystander"}
    for record in batch["records"].values():
        assert record["status"] in store.STATUSES, record


def test_there_are_at_least_fifteen_kinds(batch):
    assert len(batch["cases"]) >= 15


@pytest.mark.parametrize("name", [
    "infinite-loop", "ignores-sigint", "memory-bomb", "os-exit", "sys-exit", "fork-and-detach",
    "reads-solutions-and-others", "writes-gradebook", "network", "monkeypatch-helpers",
    "monkeypatch-assertionerror", "eq-always-true", "huge-output", "harmless-warning",
    "edited-test-cell", "deleted-test-cell", "changed-points", "duplicated-cell-id",
    "malformed-json", "schema-invalid"])
def test_hostile_submission(batch, name):
    case = batch["cases"][name]
    record = batch["records"][name]
    assert record["status"] in case.statuses, record
    assert record["reason"] or record["status"] == "graded"
    assert record["score"] <= case.max_score, record
    if case.finding:
        assert case.finding in {f["kind"] for f in record["findings"]}, record
    if name == "harmless-warning":  # only the bmi answer is given: its points, all of them
        assert record["score"] == BMI_POINTS, record


def test_nothing_outside_the_scratch_copy_changed(batch):
    assert batch["before"] == batch["after"]
    assert batch["lib"][0] == batch["lib"][1]


def test_bystander_is_untouched(batch):
    again = batch["records"]["bystander"]
    assert again["score"] == batch["bystander"]["score"] == FULL
    assert again["sha256"] == batch["bystander"]["sha256"]


def test_no_process_outlives_grading_and_no_network(batch):
    assert batch["leftovers"] == ""
    assert batch["accepted"] == 0


def test_autograded_copies_show_no_secrets(batch):
    root = batch["root"]
    text = CourseLayout(root).autograded_notebook("reads-solutions-and-others",
                                                  CHAPTER).read_text()
    assert "blocked" in text and "BEGIN SOLUTION" not in text and "bystander" not in text


def test_a_second_run_grades_nothing_and_changes_nothing(batch):
    root = batch["root"]
    status_dir = CourseLayout(root).status / CHAPTER
    before = {p.name: p.read_text() for p in status_dir.iterdir()}
    records = engine.grade(root, [CHAPTER], workers=2, limits=LIMITS, progress=False)
    assert {p.name: p.read_text() for p in status_dir.iterdir()} == before
    assert len(records) == len(before)


def test_dask_cluster_grades_like_the_local_pool(release, tmp_path):
    """A real multi-process Dask LocalCluster (no mock) gives the same grades."""
    root = copy_release(release, tmp_path, [CHAPTER])
    write_submission(root, "right", CHAPTER, answer_sources(CHAPTER, root))
    write_submission(root, "wrong", CHAPTER, {"bmi": WRONG_BMI})
    records = {r["student"]: r for r in engine.grade(root, [CHAPTER], workers=2, dask=True,
                                                     limits=LIMITS, progress=False)}
    assert records["right"]["status"] == "graded" and records["right"]["score"] == FULL
    assert records["wrong"]["status"] == "graded" and records["wrong"]["score"] == 0.0


def test_points_earned_before_a_crash_are_kept(release, tmp_path):
    """The kernel dies in the last exercise: the four test cells before it keep their points,
    the cell that never ran scores 0 (nbgrader alone would give it full points: no output)."""
    chapter = "01_perceptron"
    root = copy_release(release, tmp_path, [chapter])
    answers = answer_sources(chapter, root)
    write_submission(root, "dies-late", chapter,
                     {**answers, "train-perceptron": "import os\nos._exit(1)\n"})
    record = engine.grade(root, [chapter], workers=1, limits=LIMITS, progress=False)[0]
    assert record["status"] == "crashed", record
    assert record["score"] == points_before(chapter, "train-perceptron"), record


def test_an_interrupted_run_loses_nothing_and_grades_nothing_twice(release, tmp_path):
    root = copy_release(release, tmp_path, [CHAPTER])
    for i in range(4):
        write_submission(root, f"s{i}", CHAPTER, answer_sources(CHAPTER, root))
    status_dir = CourseLayout(root).status / CHAPTER
    command = [sys.executable, "-m", "dlgrade", "grade", CHAPTER, f"--root={root}",
               "--workers=1"]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    deadline = time.time() + 240
    while time.time() < deadline and not (status_dir.exists() and any(status_dir.iterdir())):
        time.sleep(0.2)
    os.killpg(run.pid, signal.SIGKILL)  # the instructor's laptop lid closes
    run.wait()
    first = {p.name: p.stat().st_mtime_ns for p in status_dir.glob("*.json")}
    assert 1 <= len(first) < 4
    subprocess.run(command, check=True, capture_output=True)
    after = {p.name: p.stat().st_mtime_ns for p in status_dir.glob("*.json")}
    assert len(after) == 4
    assert all(after[name] == mtime for name, mtime in first.items()), "graded twice"
    records = [json.loads(p.read_text()) for p in status_dir.glob("*.json")]
    assert all(r["status"] == "graded" and r["score"] == FULL for r in records)


def test_skipping_cells_nothing_graded_needs(release, tmp_path):
    """By default the engine leaves the instructor's figures and demos unrun (no answer reads
    what they define) and grades exactly as a run of every cell does; ``cells`` may ask for
    every cell for some students of a batch only."""
    chapter = "01_perceptron"
    root = copy_release(release, tmp_path, [chapter])
    for student in ("full", "quick"):
        write_submission(root, student, chapter, answer_sources(chapter, root))
    records = {r["student"]: r for r in engine.grade(root, [chapter], workers=1, limits=LIMITS,
                                                     progress=False, cells={"full": "all"})}
    full, quick = records["full"], records["quick"]
    assert full["status"] == quick["status"] == "graded"
    assert full["score"] == quick["score"] == sum(graded_cells(chapter).values())
    graded = CourseLayout(root).autograded
    outputs = {}
    for student in ("full", "quick"):
        nb = nbformat.read(graded / student / chapter / f"{chapter}.ipynb", as_version=4)
        outputs[student] = {c.metadata["nbgrader"]["grade_id"]: bool(c.get("outputs"))
                            for c in nb.cells if c.cell_type == "code"
                            and c.metadata.get("nbgrader", {}).get("locked")}
    demos = [gid for gid in outputs["full"] if gid != "setup" and not gid.endswith("-test")]
    # every demo shows something when run, except the Colab cell (a no-op outside Colab)
    assert demos and all(outputs["full"][gid] for gid in demos if gid != "colab")
    assert not any(outputs["quick"][gid] for gid in demos)
    assert outputs["quick"]["setup"]


def test_the_zygote_imports_what_the_test_cells_import():
    """The modules test cells import are imported once in the zygote (so a test cell's own
    import costs nothing per submission); they reach ``sys.modules`` only, not the tests'
    namespace, and a module that is not there is left to the test cell to report."""
    from dlgrade.clean import Runner
    from dlgrade.names import imported_modules

    cells = ["from sklearn.preprocessing import StandardScaler\n_ = 1",
             "def _f():\n    import xml.dom.minidom\n    from . import relative\n",
             "import no_such_module_anywhere", "this is not python ("]
    assert imported_modules(cells) == ["no_such_module_anywhere", "sklearn.preprocessing",
                                       "xml.dom.minidom"]
    sys.modules.pop("xml.dom.minidom", None)
    runner = Runner(None)
    assert runner.setup("ready = True", (), imported_modules(cells)) == {"ok": True}
    assert "xml.dom.minidom" in sys.modules and "sklearn.preprocessing" in sys.modules
    assert "minidom" not in runner.base and "StandardScaler" not in runner.base
    assert runner.base["ready"] is True


def test_engine_preloads_the_restored_test_cells_imports():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import json", metadata={"nbgrader": {
            "grade": True, "solution": False, "grade_id": "t"}}),
        nbformat.v4.new_code_cell("import csv", metadata={"nbgrader": {
            "grade": False, "solution": True, "grade_id": "a"}}),
        nbformat.v4.new_code_cell("import wave")])
    assert worker.test_sources(nb) == ["import json"]


def test_a_worker_keeps_no_descriptor_or_thread_of_a_graded_submission(release, tmp_path):
    """A worker grades hundreds of submissions one after another: each must leave nothing
    open (ZeroMQ contexts, the kernel client's channel threads, the event loop nbclient makes
    per thread), or select() fails once descriptors pass 1024 (seen at the 59th submission
    of a class graded by one worker), whether the kernel finished or died."""
    from dataclasses import asdict

    root = copy_release(release, tmp_path, [CHAPTER])
    answers = answer_sources(CHAPTER, root)
    for i in range(2):
        write_submission(root, f"ok{i}", CHAPTER, answers)
    write_submission(root, "dies", CHAPTER, {"bmi": "import os\nos._exit(3)\n"})
    jobs, _ = engine.find_jobs(root, [CHAPTER], gradebook_url(root), LIMITS, False,
                               "needed")
    jobs = sorted(jobs, key=lambda j: j.student)  # dies, ok0, ok1

    def held():
        return len(os.listdir("/proc/self/fd")), threading.active_count()

    statuses = [worker.run_job(asdict(jobs[0])).status]  # starts the worker's zygote
    before = held()
    statuses += [worker.run_job(asdict(job)).status for job in jobs[1:]]
    assert statuses == ["crashed", "graded", "graded"]
    assert held() == before
    statuses.append(worker.run_job(asdict(jobs[0])).status)  # a kernel that dies, again
    assert held() == before
