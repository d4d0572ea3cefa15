"""Safe, parallel, resumable autograding with nbgrader's own machinery.

For each submission ``autograde/submitted/STUDENT/CHAPTER/CHAPTER.ipynb``:

1. a worker (a trusted process) parses it, restores the locked/test cells and metadata from the
   gradebook with nbgrader's sanitize preprocessors (read-only access), and executes it on a
   sandboxed kernel (:mod:`dlgrade.sandbox`) that sees only a scratch copy of the notebook;
2. the main process alone writes the gradebook: nbgrader's ``SaveAutoGrades`` and
   ``AssignLatePenalties`` on the executed notebook, the autograded copy, and one status file
   ``autograde/status/CHAPTER/STUDENT.json`` (graded, timed out, memory, crashed, malformed,
   tampered) with the reason.

A status file records the submission's SHA-256, so a re-run skips what is already graded and
grades again only what changed; an interrupted run loses nothing already recorded.
"""
import atexit
import hashlib
import json
import os
import shutil
import tempfile
import time
import traceback
import uuid
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from . import sandbox, view
from .course import ROOT, gradebook_url
from .names import bound_names, free_names, imported_modules, needed_cells

STATUSES = ("graded", "timed out", "memory", "crashed", "malformed", "tampered")


@dataclass
class Job:
    chapter: str
    student: str
    path: str
    root: str
    db_url: str
    limits: dict = field(default_factory=lambda: asdict(sandbox.Limits()))
    # "needed": the instructor's read-only cells that no answer depends on (figures, demos,
    # printed tables) are not run (dlgrade.names.needed_cells); "all": every cell runs, as in
    # the notebook. Both give the same grades (tests/test_grading_e2e.py compares them).
    cells: str = "needed"


@dataclass
class Result:
    chapter: str
    student: str
    status: str
    reason: str
    sha256: str
    notebook: str = ""      # executed notebook (JSON text), empty when nothing could run
    seconds: float = 0.0
    # what grading noticed, as records: {"kind", "cell", "detail"} (dlgrade.scan.Finding)
    findings: list = field(default_factory=list)
    phases: dict = field(default_factory=dict)  # seconds per step of run_job


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def course_config(root, db_url):
    """The course's nbgrader configuration, pointed at ``root`` and ``db_url``."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT / "autograde")).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url
    return config


def _resources(job):
    return {"nbgrader": {"db_url": job.db_url, "assignment": job.chapter,
                         "notebook": job.chapter, "student": job.student},
            "metadata": {"path": ""}}


def _released_checksum(source, points=None, solution=False, keep_hidden=False):
    """Checksum of a cell as students received it, rebuilt from its gradebook entries.

    nbgrader stores the source cell before removing the hidden tests, so the stored checksum
    is not the released one: rebuild the released cell and checksum it the same way.
    ``source``: the gradebook's SourceCell; ``points``: its grade cell's max score (None if
    it is not graded); ``solution``: whether it is an answer cell. ``keep_hidden``: the cell
    as the instructor's solution notebook has it (hidden tests in).
    """
    from nbgrader.preprocessors import ClearHiddenTests
    from nbgrader.utils import compute_checksum

    meta = {"grade_id": source.name, "locked": bool(source.locked), "grade": False,
            "solution": bool(solution)}
    if points is not None:
        meta.update(grade=True, points=float(points))
    maker = nbformat.v4.new_code_cell if source.cell_type == "code" else \
        nbformat.v4.new_markdown_cell
    cell = maker(source.source, metadata={"nbgrader": meta})
    if not keep_hidden:
        ClearHiddenTests()._remove_hidden_test_region(cell)
    return compute_checksum(cell)


def _restored(nb, job, notes=None):
    """What the student changed that nbgrader will restore: locked or test cells whose
    checksum (source, type, id, points) differs from the released one, cells removed.
    Returns a list of notes (empty when nothing was touched). Editing or deleting a test cell
    is harmless (the released cell is graded) and not tampering: chapter 00 tells students
    so. A test cell equal to the instructor's own (hidden tests in: a copy of the solution
    notebook) is restored too; ``notes`` (a list) receives a line about it."""
    from nbgrader.api import Gradebook
    from nbgrader.utils import compute_checksum

    changed, seen, solution_tests = [], set(), []
    with Gradebook(job.db_url) as gb:
        released = gb.find_notebook(job.chapter, job.chapter)
        sources = {c.name: c for c in released.source_cells}  # one query each, not per cell
        points = {c.name: c.max_score for c in released.grade_cells}
        answers = {c.name for c in released.solution_cells}
        expected = {c.name for c in sources.values() if c.locked} | set(points)
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            if not meta or not (meta.get("locked") or meta.get("grade")):
                continue
            name = meta.get("grade_id")
            seen.add(name)
            source = sources.get(name)
            if source is None:
                changed.append(f"unknown cell {name}")
                continue
            released_as = (source, points.get(name), name in answers)
            try:
                checksum = compute_checksum(cell)
                same = checksum == _released_checksum(*released_as)
                instructors = not same and meta.get("grade") and checksum == _released_checksum(
                    *released_as, keep_hidden=True)
            except Exception:  # noqa: BLE001 - broken metadata
                same = instructors = False
            if instructors:
                solution_tests.append(name)
            elif not same and (source.locked or meta.get("grade")):
                changed.append(name)
    reasons = []
    if changed:
        reasons.append("changed read-only or test cells restored (graded as released): "
                       + ", ".join(map(str, changed)))
    missing = sorted(expected - seen)
    if missing:
        reasons.append("deleted cells added back (graded as released): " + ", ".join(missing))
    if solution_tests and notes is not None:
        notes.append(f"{len(solution_tests)} test cells were the instructor's own, hidden tests "
                     "included (a copy of the solution notebook): restored to the released "
                     "ones, which is no tampering")
    return reasons


def _drop_duplicate_ids(nb):
    """Later copies of an nbgrader cell id become ordinary cells (nbgrader would stop)."""
    seen, dropped = set(), []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if not meta:
            continue
        name = meta.get("grade_id")
        if name in seen or name is None:
            del cell.metadata["nbgrader"]
            dropped.append(str(name))
        seen.add(name)
    return ["duplicated cell ids made ordinary cells: " + ", ".join(dropped)] if dropped else []


def _sanitize(nb, job, config):
    """nbgrader's own sanitize step (restores test cells, checksums, points, kernelspec)."""
    from nbgrader.preprocessors import (CheckCellMetadata, ClearOutput, DeduplicateIds,
                                        OverwriteCells, OverwriteKernelspec)

    resources = _resources(job)
    for pp in (ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells,
               CheckCellMetadata):
        nb, resources = pp(config=config).preprocess(nb, resources)
    return nb


def _mark_unexecuted_grade_cells(nb, reason):
    """A test cell that never ran must not count as passed (nbgrader gives full points to a
    test cell without output)."""
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not cell.get("outputs"):
            cell.outputs = [nbformat.v4.new_output(
                "error", ename="NotExecuted", evalue=reason, traceback=[reason])]


def _is_test_cell(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def released_cells(job):
    """``(answer names, instructor cell ids, answer cell ids)`` from the gradebook.

    Answer names are what the exercises ask the student to define: bound at the top level of
    the answer cells as released, e.g. ``step_function`` or ``MLP``. Instructor cells are the
    read-only and test cells (nbgrader restores their source before grading).
    """
    from nbgrader.api import Gradebook

    names = set()
    with Gradebook(job.db_url) as gb:
        notebook = gb.find_notebook(job.chapter, job.chapter)
        solution = {c.name for c in notebook.solution_cells}
        for name in solution:
            names |= bound_names(gb.find_source_cell(name, job.chapter, job.chapter).source)
        instructor = {c.name for c in notebook.source_cells if c.locked and c.name not in
                      solution} | {c.name for c in notebook.grade_cells if c.name not in solution}
    return names, instructor, solution


def _test_sources(nb):
    """The sources of the notebook's test cells (graded, not answers), as restored."""
    return [c.source for c in nb.cells if c.cell_type == "code"
            and c.get("metadata", {}).get("nbgrader", {}).get("grade")
            and not c.get("metadata", {}).get("nbgrader", {}).get("solution")]


SERVE = ("__import__('dlgrade.agent', fromlist=['serve'])"
         ".serve({path!r}, {token!r}, {timeout})")


class CleanSide:
    """The clean process of one submission (:mod:`dlgrade.clean`), started again when it stops
    answering (a reply too slow to read, a crash), so that one test's trouble never reaches
    the next. ``start()`` returns a process ready for tests (the setup cell done)."""

    def __init__(self, start):
        self._start = start
        self.restarts = 0
        self.process = start()

    @classmethod
    def standalone(cls, argv, cwd, setup, withheld=(), setup_timeout=120):
        """A clean process of its own (no zygote): started, then the setup cell run."""
        from .clean import CleanProcess

        def start():
            process = CleanProcess(argv, cwd=cwd)
            reply = process.request({"op": "setup", "source": setup,
                                     "withheld": sorted(withheld)}, setup_timeout)
            if "error" in reply:
                process.close()
                raise RuntimeError(f"the course setup cell failed in the clean process: "
                                   f"{reply['error']}")
            return process
        return cls(start)

    def _test(self, source, names, token, timeout):
        return {"op": "test", "source": source, "names": names, "token": token,
                "timeout": timeout}

    def send_test(self, source, names, token, timeout):
        from .clean import CleanProcessError

        try:
            return self.process.send(self._test(source, names, token, timeout))
        except CleanProcessError:
            self.restart()
            return self.process.send(self._test(source, names, token, timeout))

    def reply(self, rid, timeout):
        """The test's outputs, or ``{"error": ...}``; a process that did not answer in time
        or ended is replaced before the next test."""
        from .clean import CleanProcessError

        try:
            return self.process.reply(rid, timeout)
        except CleanProcessError as err:
            self.restart()
            return {"error": f"{err}; it was restarted for the next test", "restarted": True}

    def restart(self):
        self.restarts += 1
        self.process.close()
        self.process = self._start()

    def close(self):
        self.process.close()


class _Worker:
    """What a grading worker process keeps between submissions: a private folder (each
    submission's folders are made inside it) and one clean-process zygote (the setup cell
    of the chapter being graded, run once). Nothing of one submission outlives it: its
    folders are removed and its forked clean process killed when it is done."""

    folder = None
    zygote = None
    key = None
    cgroup = None

    @classmethod
    def folder_path(cls):
        if cls.folder is None or not Path(cls.folder).is_dir():
            cls.folder = Path(tempfile.mkdtemp(prefix="dlgrade-w"))
            atexit.register(cls.close)
        return cls.folder

    @classmethod
    def zygote_for(cls, setup, withheld, limits, preload=()):
        from .clean import Zygote

        key = (hashlib.sha256(setup.encode()).hexdigest(), tuple(sorted(withheld)),
               limits.memory_mb, limits.max_procs, tuple(preload))
        if cls.zygote is not None and cls.key == key and cls.zygote.alive():
            return cls.zygote
        cls.close_zygote()
        cls.cgroup = f"z{uuid.uuid4().hex[:12]}"
        cls.zygote = Zygote(sandbox.zygote_argv(cls.folder_path(), limits, cls.cgroup),
                            cls.folder_path(), setup, withheld, preload=preload)
        cls.key = key
        return cls.zygote

    @classmethod
    def close_zygote(cls):
        if cls.zygote is not None:
            cls.zygote.close()
            cls.zygote = None
        if cls.cgroup:
            sandbox.kill_cgroup(cls.cgroup)
            cls.cgroup = None

    @classmethod
    def close(cls):
        cls.close_zygote()
        if cls.folder is not None:
            shutil.rmtree(cls.folder, ignore_errors=True)
            cls.folder = None


def _dual_execute_class():
    from nbclient.exceptions import DeadKernelError
    from nbgrader.preprocessors import Execute

    class DualExecute(Execute):
        """nbgrader's Execute, except that test cells run in the clean process.

        Every other cell runs on the sandboxed kernel as usual (or is skipped: ``skip``). For
        a test cell the kernel runs the agent (:mod:`dlgrade.agent`), which answers the clean
        process's requests while the test runs there; the test cell's outputs are the clean
        process's.
        """

        def __init__(self, *args, clean, layout, names, cell_timeout, skip=(), **kwargs):
            super().__init__(*args, **kwargs)
            self.clean, self.layout, self.names = clean, layout, names
            self.cell_timeout = cell_timeout
            self.skip = set(skip)
            self._locked = False
            self.test_seconds = 0.0

        def preprocess_cell(self, cell, resources, index):
            if not self._locked:  # the kernel is up; no student code has run yet
                sandbox.lock_connection_folder(self.layout)
                self._locked = True
            if not _is_test_cell(cell):
                if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in self.skip:
                    return cell, resources  # nothing that is graded depends on it
                return super().preprocess_cell(cell, resources, index)
            started = time.perf_counter()
            try:
                return self._test_cell(cell, resources, index)
            finally:
                self.test_seconds += time.perf_counter() - started

        def _test_cell(self, cell, resources, index):
            import secrets

            try:
                names = sorted(free_names(cell.source) & self.names)
            except SyntaxError:
                names = []
            token = secrets.token_hex(16)
            rid = self.clean.send_test(cell.source, names, token, self.cell_timeout)
            serve = nbformat.v4.new_code_cell(SERVE.format(
                path=str(self.layout.socket), token=token, timeout=self.cell_timeout))
            saved, self.timeout = self.timeout, self.cell_timeout + 20
            died = None
            try:
                self.execute_cell(serve, index, store_history=False)
            except DeadKernelError as err:
                died = err
            finally:
                self.timeout = saved
                self.nb.cells[index] = cell  # nbclient put the agent's cell in its place
            reply = self.clean.reply(rid, self.cell_timeout + 30)
            if "outputs" in reply:
                cell.outputs = [nbformat.from_dict(o) for o in reply["outputs"]]
            elif reply.get("restarted"):  # the answer's side kept the test from finishing
                message = ("답 코드가 보낸 값을 제한 시간 안에 검사하지 못했습니다(the answer's "
                           "values could not be checked in time); 이 테스트는 0점입니다.")
                cell.outputs = [nbformat.v4.new_output(
                    "error", ename="AnswerError", evalue=message,
                    traceback=[f"AnswerError: {message}"])]
            else:
                cell.outputs = [nbformat.v4.new_output(
                    "error", ename="GradingEngineError", evalue=str(reply.get("error")),
                    traceback=[f"GradingEngineError: {reply.get('error')}"])]
            if died is not None:
                raise died
            return cell, resources

    return DualExecute


def _close_thread_event_loop():
    """Close the event loop nbclient made for this thread (jupyter_core's ``run_sync`` makes
    one per thread and leaves it open): a worker grades hundreds of submissions, each in a new
    thread, and every loop left open keeps file descriptors until ``select()`` fails."""
    import asyncio

    policy = asyncio.get_event_loop_policy()
    try:
        loop = policy.get_event_loop()
    except RuntimeError:
        return
    if not loop.is_running() and not loop.is_closed():
        loop.close()
    policy.set_event_loop(None)


def _cell_kind(cell, answers, instructor):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    gid = meta.get("grade_id")
    if gid == "setup":
        return "setup"
    if _is_test_cell(cell):
        return "test"
    if gid in instructor:
        return "instructor"
    return "answer" if gid in answers else "student"


def skipped_cells(nb, answer_cells, instructor):
    """Ids of the instructor cells grading does not need to run (:func:`needed_cells`)."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    kinds = [(_cell_kind(c, answer_cells, instructor), c.source) for c in code]
    needed = needed_cells(kinds)
    return {c.metadata["nbgrader"]["grade_id"] for i, c in enumerate(code)
            if kinds[i][0] == "instructor" and i not in needed}


def run_job(job):
    """Grade one submission up to (not including) the gradebook. Runs in a worker process."""
    import asyncio

    from nbclient.exceptions import CellTimeoutError
    from nbgrader.preprocessors import LimitOutput

    from .copies import library_copies
    from .preprocessors import HarmlessStderr
    from .scan import scan_notebook

    if isinstance(job, dict):
        job = Job(**job)
    start = time.perf_counter()
    phases = {}
    digest = sha256(job.path)

    def lap(name, since):
        phases[name] = round(phases.get(name, 0.0) + time.perf_counter() - since, 3)
        return time.perf_counter()

    def result(status, reason, nb=None, findings=()):
        text = nbformat.writes(nb) if nb is not None else ""
        return Result(job.chapter, job.student, status, reason, digest, text,
                      round(time.perf_counter() - start, 3),
                      [asdict(f) for f in findings], phases)

    # 1. parse and validate: a broken file is "malformed", nothing of it runs
    path = Path(job.path)
    if path.is_symlink() or not path.is_file():
        return result("malformed", "not a regular file (a link or a special file is never "
                                   "graded)")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        nb = nbformat.from_dict(raw)
        nbformat.validate(nb)
        nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    except Exception as err:  # noqa: BLE001 - any parse failure means the same thing
        return result("malformed", f"not a valid notebook: {type(err).__name__}: {err}"[:500])

    # 2. restore everything the student must not change, with nbgrader's preprocessors;
    #    scan the student's cells
    since = time.perf_counter()
    config = course_config(job.root, job.db_url)
    try:
        notes, tamper = [], []
        notes += _drop_duplicate_ids(nb)  # e.g. an answer cell copied to try something
        notes += _restored(nb, job, notes)
        nb = _sanitize(nb, job, config)
        names, instructor, answer_cells = released_cells(job)
        findings = scan_notebook(nb, instructor)
        student_cells = [(c.metadata.get("nbgrader", {}).get("grade_id") or "new cell",
                          c.source) for c in nb.cells if c.cell_type == "code"
                         and _cell_kind(c, answer_cells, instructor) in ("answer", "student")]
        copies = library_copies(student_cells, job.chapter)
    except Exception as err:  # noqa: BLE001
        return result("malformed", f"nbgrader could not restore the notebook: {err}"[:500])
    setup = next((c.source for c in nb.cells if c.cell_type == "code" and c.get(
        "metadata", {}).get("nbgrader", {}).get("grade_id") == "setup"), "")
    skip = skipped_cells(nb, answer_cells, instructor) if job.cells == "needed" else set()
    library = view.build(job.chapter)
    since = lap("restore and scan", since)

    # 3. execute: student cells on the sandboxed kernel, test cells in the clean process
    limits = sandbox.Limits(**job.limits)
    status, reason = "graded", ""
    try:
        zygote = _Worker.zygote_for(setup, view.manifest().withheld(job.chapter), limits,
                                    imported_modules(_test_sources(nb)))
    except Exception as err:  # noqa: BLE001 - the course's fault, not the student's
        return result("crashed", f"grading engine error: the clean process did not start: "
                                 f"{err}"[:500])
    since = lap("clean process zygote (once per worker and chapter)", since)
    layout = sandbox.Layout(tempfile.mkdtemp(prefix="dlgrade-", dir=_Worker.folder_path()))
    clean = km = cgroup = executor = None
    try:
        clean = CleanSide(lambda: zygote.fork(layout.clean, layout.socket))
        since = lap("clean process (forked)", since)
        km, cgroup = sandbox.kernel_manager(layout, limits, library=library)
        config.Execute.timeout = limits.cell_timeout_s
        executor = _dual_execute_class()(config=config, clean=clean, layout=layout,
                                         names=names, cell_timeout=limits.cell_timeout_s,
                                         skip=skip)
        resources = _resources(job)
        resources["metadata"]["path"] = str(layout.conn)

        def preprocess():
            try:
                return executor.preprocess(nb, resources, km)
            finally:
                _close_thread_event_loop()

        async def execute():
            return await asyncio.wait_for(asyncio.to_thread(preprocess),
                                          timeout=limits.submission_timeout_s)

        asyncio.run(execute())
    except CellTimeoutError:
        status, reason = "timed out", f"a cell ran over {limits.cell_timeout_s} s"
    except (asyncio.TimeoutError, TimeoutError):
        status, reason = "timed out", f"over {limits.submission_timeout_s} s for the notebook"
    except Exception as err:  # noqa: BLE001 - classified below
        name = type(err).__name__
        if cgroup and sandbox.oom_killed(cgroup):
            status, reason = "memory", f"over the {limits.memory_mb} MB memory limit"
        elif "Timeout" in name:
            status, reason = "timed out", f"a cell ran over {limits.cell_timeout_s} s"
        elif name == "DeadKernelError" or "died" in str(err).lower():
            status, reason = "crashed", "the kernel died (os._exit, a signal or a crash)"
        else:
            status, reason = "crashed", f"{name}: {err}"[:500]
    finally:
        if executor is not None:
            phases["test cells (clean process)"] = round(executor.test_seconds, 3)
        since = lap("kernel and cells", since)
        oom = bool(cgroup) and sandbox.oom_killed(cgroup)
        if cgroup:
            sandbox.kill_cgroup(cgroup)
        if executor is not None and getattr(executor, "kc", None) is not None:
            try:  # nbclient leaves a kernel manager it was given, and its client, running
                executor.kc.stop_channels()
            except Exception:  # noqa: BLE001 - the context is destroyed next in any case
                pass
        if km is not None:
            sandbox.close_kernel_manager(km)
        if clean is not None:
            if clean.restarts:
                notes.append(f"the clean test process was restarted {clean.restarts} time(s) "
                             "after an answer kept a test from finishing")
            clean.close()
        shutil.rmtree(layout.root, ignore_errors=True)
        since = lap("clean up", since)
    if "kernel and cells" in phases and "test cells (clean process)" in phases:
        phases["kernel and cells"] = round(phases["kernel and cells"]
                                           - phases["test cells (clean process)"], 3)
    if status == "crashed" and oom:
        status, reason = "memory", f"over the {limits.memory_mb} MB memory limit"
    if status != "graded":
        _mark_unexecuted_grade_cells(nb, f"not executed: {status} ({reason})")
    elif any(o.get("ename") == "CellTimeoutError" for c in nb.cells for o in c.get("outputs", [])
             if o.get("output_type") == "error"):
        status, reason = "timed out", (f"a cell ran over {limits.cell_timeout_s} s and was "
                                       "interrupted; the cells after it were graded")
    elif any(o.get("ename") == "MemoryError" for c in nb.cells if not _is_test_cell(c)
             for o in c.get("outputs", []) if o.get("output_type") == "error"):
        # without a memory cgroup (no root) the limit is the address space: numpy and Python
        # raise MemoryError instead of the kernel being killed
        status, reason = "memory", (f"a cell hit the {limits.memory_mb} MB memory limit "
                                    "(MemoryError); the cells after it were graded")
    for pp in (HarmlessStderr, LimitOutput):
        nb, _ = pp(config=config).preprocess(nb, {})
    zeroed = _zero_tampered_tests(nb, findings, names)
    tamper += ["suspicious code in answer cells: "
               + "; ".join(str(f) for f in findings[:8])] if findings else []
    tamper += zeroed
    if status == "graded" and tamper:
        status, reason = "tampered", "; ".join(tamper)
    elif tamper:
        reason += "; " + "; ".join(tamper)
    notes += [f"{f.cell}: {f.detail} (for the instructor to look at; points unchanged)"
              for f in copies]
    if notes:
        reason = "; ".join([reason] + notes) if reason else "; ".join(notes)
    lap("post-process", since)
    return result(status, reason, nb, [*findings, *copies])


def _zero_tampered_tests(nb, findings, names):
    """Tampering is a verdict: a test cell that checks an answer cell with a finding of the
    scan scores 0, whatever it printed. Returns a reason per test cell set to 0."""
    flagged_cells = {f.cell for f in findings}
    flagged_names = set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade_id", "new cell") in flagged_cells:
            flagged_names |= bound_names(cell.source) & names
    reasons = []
    for cell in nb.cells:
        if not _is_test_cell(cell) or not flagged_names:
            continue
        try:
            uses = free_names(cell.source) & flagged_names
        except SyntaxError:
            continue
        if uses:
            reason = (f"tampering: {', '.join(sorted(uses))} comes from an answer cell with "
                      "suspicious code, so this test scores 0")
            cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
            cell.outputs.append(nbformat.v4.new_output(
                "error", ename="Tampering", evalue=reason, traceback=[f"Tampering: {reason}"]))
            reasons.append(f"{cell.metadata['nbgrader'].get('grade_id')} scored 0")
    return ["tests set to 0: " + ", ".join(reasons)] if reasons else []


def run_job_safely(job):
    """``run_job`` that never raises: an engine failure is recorded as crashed."""
    try:
        return run_job(job)
    except Exception:  # noqa: BLE001
        job = job if isinstance(job, Job) else Job(**job)
        return Result(job.chapter, job.student, "crashed",
                      "grading engine error: " + traceback.format_exc()[-400:],
                      sha256(job.path))


# ----------------------------------------------------------------------------------------
# The main process: the only writer of the gradebook, the autograded copies and the statuses
# ----------------------------------------------------------------------------------------

def status_path(root, chapter, student):
    return Path(root) / "autograde" / "status" / chapter / f"{student}.json"


def read_status(root, chapter, student):
    try:
        return json.loads(status_path(root, chapter, student).read_text())
    except (OSError, ValueError):
        return None


def _write_atomically(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _timestamp(root, chapter, student):
    path = Path(root) / "autograde" / "submitted" / student / chapter / "timestamp.txt"
    try:
        return path.read_text().strip() or None
    except OSError:
        return None


def save(result, root, db_url):
    """Record one result: gradebook (nbgrader's SaveAutoGrades), autograded copy, status."""
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    config = course_config(root, db_url)
    with warnings.catch_warnings():
        # nbgrader's own SQLAlchemy use warns about autoflush; nothing is lost
        warnings.simplefilter("ignore", category=Warning)
        return _save(result, root, db_url, config, Gradebook, SaveAutoGrades,
                     AssignLatePenalties)


def _save(result, root, db_url, config, Gradebook, SaveAutoGrades, AssignLatePenalties):
    with Gradebook(db_url) as gb:
        gb.update_or_create_student(result.student)
        timestamp = _timestamp(root, result.chapter, result.student)
        if timestamp:
            gb.update_or_create_submission(result.chapter, result.student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(result.chapter, result.student)
    out = Path(root) / "autograde" / "autograded" / result.student / result.chapter
    if result.notebook:
        nb = nbformat.reads(result.notebook, as_version=4)
        resources = {"nbgrader": {"db_url": db_url, "assignment": result.chapter,
                                  "notebook": result.chapter, "student": result.student}}
        nb, resources = SaveAutoGrades(config=config).preprocess(nb, resources)
        nb, resources = AssignLatePenalties(config=config).preprocess(nb, resources)
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out / f"{result.chapter}.ipynb")
    else:  # nothing could run: every cell scores 0, nothing waits for manual grading
        with Gradebook(db_url) as gb:
            sub = gb.find_submission_notebook(result.chapter, result.chapter, result.student)
            for grade in sub.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
            gb.db.commit()
    with Gradebook(db_url) as gb:
        score = gb.find_submission(result.chapter, result.student).score
    record = {k: v for k, v in asdict(result).items() if k != "notebook"}
    record["score"] = score
    _write_atomically(status_path(root, result.chapter, result.student),
                      json.dumps(record, ensure_ascii=False, indent=1))
    return record


def find_jobs(root, chapters, db_url, limits, force=False, cells="needed"):
    """Submissions still to grade: new ones, and ones whose file changed since grading."""
    jobs, skipped = [], []
    submitted = Path(root) / "autograde" / "submitted"
    for chapter in chapters:
        for path in sorted(submitted.glob(f"*/{chapter}/{chapter}.ipynb")):
            student = path.parent.parent.name
            done = read_status(root, chapter, student)
            if not force and done and done.get("sha256") == sha256(path):
                skipped.append(done)
                continue
            jobs.append(Job(chapter, student, str(path), str(root), db_url, asdict(limits),
                            cells if isinstance(cells, str) else cells.get(student, "needed")))
    return jobs, skipped


def _local_results(jobs, workers):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(run_job_safely, asdict(job)): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield future.result()
            except Exception as err:  # noqa: BLE001 - a dead worker loses one submission
                yield Result(job.chapter, job.student, "crashed",
                             f"grading worker failed: {err}"[:500], sha256(job.path))


def _dask_results(jobs, scheduler, workers):
    from dask.distributed import Client, LocalCluster, as_completed

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = {client.submit(run_job_safely, asdict(job), pure=False): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield future.result()
            except Exception as err:  # noqa: BLE001
                yield Result(job.chapter, job.student, "crashed",
                             f"grading worker failed: {err}"[:500], sha256(job.path))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def grade(root, chapters, *, workers=None, dask=False, scheduler=None, limits=None,
          force=False, progress=True, cells="needed"):
    """Grade every pending submission of ``chapters``; returns the status records.

    ``cells="all"`` also runs the instructor's cells no answer needs (see ``Job.cells``);
    ``cells={student: "all"}`` does so for those students only.
    """
    from tqdm.auto import tqdm

    root = Path(root).resolve()
    db_url = gradebook_url(root)
    limits = limits or sandbox.Limits()
    workers = workers or os.cpu_count() or 1
    jobs, skipped = find_jobs(root, chapters, db_url, limits, force, cells)
    if jobs and not sandbox.available():
        raise RuntimeError("bubblewrap (bwrap) is needed to grade untrusted code safely: "
                           "apt-get install bubblewrap")
    results = (_dask_results(jobs, scheduler, workers) if dask or scheduler
               else _local_results(jobs, workers))
    records = list(skipped)
    with tqdm(total=len(jobs), desc="채점 (grading)", unit="제출", disable=not progress) as bar:
        for result in results:
            try:
                records.append(save(result, root, db_url))
            except Exception as err:  # noqa: BLE001 - never stop the batch
                records.append({"chapter": result.chapter, "student": result.student,
                                "status": "crashed", "reason": f"could not save: {err}"})
            bar.update(1)
    return records


def mark_export(root, path):
    """Add each submission's grading status and reason to nbgrader's exported CSV, so that a
    tampered, crashed or malformed submission stands out in the grade list."""
    import csv

    path = Path(path)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys()) if rows else []
    if not rows:
        return
    for row in rows:
        record = read_status(root, row.get("assignment", ""), row.get("student_id", "")) or {}
        row["status"] = record.get("status", "")
        row["reason"] = record.get("reason", "")
    fields += [f for f in ("status", "reason") if f not in fields]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
