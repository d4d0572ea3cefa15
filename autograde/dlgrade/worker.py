"""One submission through the grading pipeline, in a worker process.

:func:`run_job` takes a :class:`Job` and returns a :class:`Result` (the executed notebook as
text, a status, a reason, the findings as records); it never writes the gradebook (the main
process does, :mod:`dlgrade.store`). The work is the list :data:`PIPELINE`, in the order the
steps run, the way nbgrader's ``converters/autograde.py`` lists its preprocessors:

1. ``parse``: a link, a special file or a file that is no valid notebook is ``malformed``;
2. ``restore``: later copies of a cell id become ordinary cells, what the student changed in
   read-only and test cells is noted, and nbgrader's sanitize preprocessors restore those
   cells, their points and checksums from the gradebook;
3. ``scan``: the answers' names, the scan for code that reaches into the interpreter
   (:mod:`dlgrade.scan`) and for copies of the library (:mod:`dlgrade.copies`), and the cells
   grading may skip (:func:`skipped_cells`);
4. ``execute``: student cells on the sandboxed kernel (:mod:`dlgrade.sandbox`), test cells in
   the clean process (:mod:`dlgrade.clean`), under the time and memory limits;
5. ``classify``: the verdict from how execution ended and what the cells show (timed out,
   memory, crashed), nbgrader's output limits, tampering zeroes the tests it touches.

What a step notices goes into ``Grading.findings`` as :class:`~dlgrade.findings.Finding`
records; the result's ``reason`` is written from them once (:func:`~dlgrade.findings.reason_text`).

Each step reads and fills one :class:`Grading`; a step that reaches a verdict on its own
(``malformed``, an engine failure) raises :class:`Verdict` and the later steps do not run.
"""
import asyncio
import atexit
import hashlib
import json
import secrets
import shutil
import tempfile
import time
import traceback
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader.api import Gradebook
from nbgrader.preprocessors import (CheckCellMetadata, ClearHiddenTests, ClearOutput,
                                    DeduplicateIds, Execute, LimitOutput, OverwriteCells,
                                    OverwriteKernelspec)
from nbgrader.utils import compute_checksum

from . import sandbox, view
from .clean import CleanProcess, CleanProcessError, Zygote
from .copies import library_copies
from .course import course_config
from .findings import Finding, reason_text
from .names import bound_names, free_names, imported_modules, needed_cells
from .preprocessors import HarmlessStderr
from .scan import scan_notebook

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
    # what grading noticed, as records: {"kind", "cell", "detail"} (dlgrade.findings.Finding)
    findings: list = field(default_factory=list)
    phases: dict = field(default_factory=dict)  # seconds per step of run_job


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


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


def restored(nb, job):
    """What the student changed that nbgrader will restore, as findings: locked or test cells
    whose checksum (source, type, id, points) differs from the released one (``restored``),
    cells removed (``added-back``), test cells equal to the instructor's own, hidden tests in:
    a copy of the solution notebook (``instructor-copy``). Editing or deleting a test cell is
    harmless (the released cell is graded) and not tampering: chapter 00 tells students so."""
    found, seen = [], set()
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
                found.append(Finding("restored", str(name), "unknown cell"))
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
                found.append(Finding("instructor-copy", name))
            elif not same and (source.locked or meta.get("grade")):
                found.append(Finding("restored", name))
    return found + [Finding("added-back", name) for name in sorted(expected - seen)]


def drop_duplicate_ids(nb):
    """Later copies of an nbgrader cell id become ordinary cells (nbgrader would stop);
    a ``duplicate-id`` finding for each."""
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
    return [Finding("duplicate-id", name) for name in dropped]


def sanitize(nb, job, config):
    """nbgrader's own sanitize step (restores test cells, checksums, points, kernelspec)."""
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


def is_test_cell(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def released_cells(job):
    """``(answer names, instructor cell ids, answer cell ids)`` from the gradebook.

    Answer names are what the exercises ask the student to define: bound at the top level of
    the answer cells as released, e.g. ``step_function`` or ``MLP``. Instructor cells are the
    read-only and test cells (nbgrader restores their source before grading).
    """
    names = set()
    with Gradebook(job.db_url) as gb:
        notebook = gb.find_notebook(job.chapter, job.chapter)
        solution = {c.name for c in notebook.solution_cells}
        for name in solution:
            names |= bound_names(gb.find_source_cell(name, job.chapter, job.chapter).source)
        instructor = {c.name for c in notebook.source_cells if c.locked and c.name not in
                      solution} | {c.name for c in notebook.grade_cells if c.name not in solution}
    return names, instructor, solution


def test_sources(nb):
    """The sources of the notebook's test cells (graded, not answers), as restored."""
    return [c.source for c in nb.cells if c.cell_type == "code"
            and c.get("metadata", {}).get("nbgrader", {}).get("grade")
            and not c.get("metadata", {}).get("nbgrader", {}).get("solution")]


def _cell_kind(cell, answers, instructor):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    gid = meta.get("grade_id")
    if gid == "setup":
        return "setup"
    if is_test_cell(cell):
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


def _zero_tampered_tests(nb, findings, names):
    """Tampering is a verdict: a test cell that checks an answer cell with a ``tampering``
    finding scores 0, whatever it printed. Returns a ``tests-zeroed`` finding per such cell."""
    flagged_cells = {f.cell for f in findings if f.kind == "tampering"}
    flagged_names = set()
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade_id", "new cell") in flagged_cells:
            flagged_names |= bound_names(cell.source) & names
    reasons = []
    for cell in nb.cells:
        if not is_test_cell(cell) or not flagged_names:
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
            reasons.append(Finding("tests-zeroed", str(cell.metadata["nbgrader"].get("grade_id")),
                                   f"uses {', '.join(sorted(uses))}"))
    return reasons


# ----------------------------------------------------------------------------------------
# The processes a submission runs in
# ----------------------------------------------------------------------------------------
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
        try:
            return self.process.send(self._test(source, names, token, timeout))
        except CleanProcessError:
            self.restart()
            return self.process.send(self._test(source, names, token, timeout))

    def reply(self, rid, timeout):
        """The test's outputs, or ``{"error": ...}``; a process that did not answer in time
        or ended is replaced before the next test."""
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
        if not is_test_cell(cell):
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in self.skip:
                return cell, resources  # nothing that is graded depends on it
            return super().preprocess_cell(cell, resources, index)
        started = time.perf_counter()
        try:
            return self._test_cell(cell, resources, index)
        finally:
            self.test_seconds += time.perf_counter() - started

    def _test_cell(self, cell, resources, index):
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


def _close_thread_event_loop():
    """Close the event loop nbclient made for this thread (jupyter_core's ``run_sync`` makes
    one per thread and leaves it open): a worker grades hundreds of submissions, each in a new
    thread, and every loop left open keeps file descriptors until ``select()`` fails."""
    policy = asyncio.get_event_loop_policy()
    try:
        loop = policy.get_event_loop()
    except RuntimeError:
        return
    if not loop.is_running() and not loop.is_closed():
        loop.close()
    policy.set_event_loop(None)


# ----------------------------------------------------------------------------------------
# The pipeline
# ----------------------------------------------------------------------------------------
class Verdict(Exception):
    """Raised by a step that has decided the submission's status: the pipeline stops."""

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status, self.reason = status, str(reason)[:500]


@dataclass
class Grading:
    """One submission on its way through :data:`PIPELINE`: what each step reads and adds."""

    job: Job
    digest: str
    start: float = field(default_factory=time.perf_counter)
    phases: dict = field(default_factory=dict)  # seconds per phase, for the benchmark
    nb: object = None
    config: object = None
    findings: list = field(default_factory=list)  # what every step noticed (Finding)
    names: set = field(default_factory=set)  # the answers' names
    instructor: set = field(default_factory=set)  # read-only and test cell ids
    answer_cells: set = field(default_factory=set)
    setup: str = ""  # the setup cell's source, as restored
    skip: set = field(default_factory=set)  # instructor cells nothing graded needs
    library: object = None  # the grading view of the library for this chapter
    limits: object = None
    status: str = "graded"
    reason: str = ""  # how grading ended, when not normally; the findings are added to it
    oom: bool = False

    def lap(self, name, since):
        """Add the time since ``since`` to phase ``name``; returns now."""
        now = time.perf_counter()
        self.phases[name] = round(self.phases.get(name, 0.0) + now - since, 3)
        return now

    def result(self):
        text = nbformat.writes(self.nb) if self.nb is not None else ""
        return Result(self.job.chapter, self.job.student, self.status,
                      reason_text(self.reason, self.findings), self.digest, text,
                      round(time.perf_counter() - self.start, 3),
                      [f.as_dict() for f in self.findings], self.phases)


def parse(g):
    """The file as a notebook of the current format; anything else is ``malformed``."""
    path = Path(g.job.path)
    if path.is_symlink() or not path.is_file():
        raise Verdict("malformed", "not a regular file (a link or a special file is never "
                                   "graded)")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        nb = nbformat.from_dict(raw)
        nbformat.validate(nb)
        g.nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    except Exception as err:  # noqa: BLE001 - any parse failure means the same thing
        raise Verdict("malformed", f"not a valid notebook: {type(err).__name__}: {err}") \
            from None


def restore(g):
    """Everything the student must not change, back as released (nbgrader's sanitize)."""
    g.config = course_config(g.job.root, g.job.db_url)
    try:
        g.findings += drop_duplicate_ids(g.nb)  # e.g. an answer cell copied to try something
        g.findings += restored(g.nb, g.job)
        g.nb = sanitize(g.nb, g.job, g.config)
    except Exception as err:  # noqa: BLE001
        raise Verdict("malformed", f"nbgrader could not restore the notebook: {err}") from None


def scan(g):
    """The answers' names, the scan's findings, copies of the library, what may be skipped."""
    try:
        g.names, g.instructor, g.answer_cells = released_cells(g.job)
        g.findings += scan_notebook(g.nb, g.instructor)
        student_cells = [(c.metadata.get("nbgrader", {}).get("grade_id") or "new cell",
                          c.source) for c in g.nb.cells if c.cell_type == "code"
                         and _cell_kind(c, g.answer_cells, g.instructor) in ("answer", "student")]
        g.findings += library_copies(student_cells, g.job.chapter)
    except Exception as err:  # noqa: BLE001
        raise Verdict("malformed", f"nbgrader could not restore the notebook: {err}") from None
    g.setup = next((c.source for c in g.nb.cells if c.cell_type == "code" and c.get(
        "metadata", {}).get("nbgrader", {}).get("grade_id") == "setup"), "")
    g.skip = skipped_cells(g.nb, g.answer_cells, g.instructor) \
        if g.job.cells == "needed" else set()
    g.library = view.build(g.job.chapter)


def execute(g):
    """Student cells on the sandboxed kernel, test cells in the clean process; how it ended
    goes into ``g.status``/``g.reason``. Everything it started is stopped before it returns."""
    g.limits = limits = sandbox.Limits(**g.job.limits)
    since = time.perf_counter()
    try:
        zygote = _Worker.zygote_for(g.setup, view.manifest().withheld(g.job.chapter), limits,
                                    imported_modules(test_sources(g.nb)))
    except Exception as err:  # noqa: BLE001 - the course's fault, not the student's
        raise Verdict("crashed", f"grading engine error: the clean process did not start: "
                                 f"{err}") from None
    since = g.lap("clean process zygote (once per worker and chapter)", since)
    layout = sandbox.Layout(tempfile.mkdtemp(prefix="dlgrade-", dir=_Worker.folder_path()))
    clean = km = cgroup = executor = None
    try:
        clean = CleanSide(lambda: zygote.fork(layout.clean, layout.socket))
        since = g.lap("clean process (forked)", since)
        km, cgroup = sandbox.kernel_manager(layout, limits, library=g.library)
        g.config.Execute.timeout = limits.cell_timeout_s
        executor = DualExecute(config=g.config, clean=clean, layout=layout, names=g.names,
                               cell_timeout=limits.cell_timeout_s, skip=g.skip)
        resources = _resources(g.job)
        resources["metadata"]["path"] = str(layout.conn)

        def preprocess():
            try:
                return executor.preprocess(g.nb, resources, km)
            finally:
                _close_thread_event_loop()

        async def run():
            return await asyncio.wait_for(asyncio.to_thread(preprocess),
                                          timeout=limits.submission_timeout_s)

        asyncio.run(run())
    except CellTimeoutError:
        g.status, g.reason = "timed out", f"a cell ran over {limits.cell_timeout_s} s"
    except (asyncio.TimeoutError, TimeoutError):
        g.status, g.reason = "timed out", f"over {limits.submission_timeout_s} s for the notebook"
    except Exception as err:  # noqa: BLE001 - classified below
        name = type(err).__name__
        if cgroup and sandbox.oom_killed(cgroup):
            g.status, g.reason = "memory", f"over the {limits.memory_mb} MB memory limit"
        elif "Timeout" in name:
            g.status, g.reason = "timed out", f"a cell ran over {limits.cell_timeout_s} s"
        elif name == "DeadKernelError" or "died" in str(err).lower():
            g.status, g.reason = "crashed", "the kernel died (os._exit, a signal or a crash)"
        else:
            g.status, g.reason = "crashed", f"{name}: {err}"[:500]
    finally:
        if executor is not None:
            g.phases["test cells (clean process)"] = round(executor.test_seconds, 3)
        since = g.lap("kernel and cells", since)
        g.oom = bool(cgroup) and sandbox.oom_killed(cgroup)
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
                g.findings.append(Finding(
                    "clean-restart", "", f"the clean test process was restarted "
                    f"{clean.restarts} time(s) after an answer kept a test from finishing"))
            clean.close()
        shutil.rmtree(layout.root, ignore_errors=True)
        g.lap("clean up", since)
    if "test cells (clean process)" in g.phases:
        g.phases["kernel and cells"] = round(g.phases["kernel and cells"]
                                             - g.phases["test cells (clean process)"], 3)


def classify(g):
    """The verdict: how execution ended, then what the cells show; nbgrader's output rules;
    tampering zeroes the tests it touches and makes a graded submission "tampered"."""
    limits = g.limits
    if g.status == "crashed" and g.oom:
        g.status, g.reason = "memory", f"over the {limits.memory_mb} MB memory limit"
    errors = [(c, o) for c in g.nb.cells for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    if g.status != "graded":
        _mark_unexecuted_grade_cells(g.nb, f"not executed: {g.status} ({g.reason})")
    elif any(o.get("ename") == "CellTimeoutError" for _, o in errors):
        g.status, g.reason = "timed out", (f"a cell ran over {limits.cell_timeout_s} s and was "
                                           "interrupted; the cells after it were graded")
    elif any(o.get("ename") == "MemoryError" for c, o in errors if not is_test_cell(c)):
        # without a memory cgroup (no root) the limit is the address space: numpy and Python
        # raise MemoryError instead of the kernel being killed
        g.status, g.reason = "memory", (f"a cell hit the {limits.memory_mb} MB memory limit "
                                        "(MemoryError); the cells after it were graded")
    for pp in (HarmlessStderr, LimitOutput):
        g.nb, _ = pp(config=g.config).preprocess(g.nb, {})
    g.findings += _zero_tampered_tests(g.nb, g.findings, g.names)
    if g.status == "graded" and any(f.costs_points for f in g.findings):
        g.status = "tampered"


# The steps, in order (see the module's docstring). A step's time is its phase, except
# execute's, which times its own parts.
PIPELINE = [("parse", parse), ("restore and scan", restore), ("restore and scan", scan),
            ("execute", execute), ("post-process", classify)]


def run_job(job):
    """Grade one submission up to (not including) the gradebook: :data:`PIPELINE`."""
    if isinstance(job, dict):
        job = Job(**job)
    g = Grading(job, sha256(job.path))
    for phase, step in PIPELINE:
        since = time.perf_counter()
        try:
            step(g)
        except Verdict as verdict:
            # nothing ran to its end: no notebook, so every test cell scores 0 (a test cell
            # without output would count as passed)
            g.status, g.reason, g.nb = verdict.status, verdict.reason, None
            return g.result()
        finally:
            if step is not execute:
                g.lap(phase, since)
    return g.result()


def run_job_safely(job):
    """``run_job`` that never raises: an engine failure is recorded as crashed."""
    try:
        return run_job(job)
    except Exception:  # noqa: BLE001
        job = job if isinstance(job, Job) else Job(**job)
        return Result(job.chapter, job.student, "crashed",
                      "grading engine error: " + traceback.format_exc()[-400:],
                      sha256(job.path))
