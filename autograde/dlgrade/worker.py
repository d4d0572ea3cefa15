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
import hashlib
import json
import shutil
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
from nbclient.exceptions import CellTimeoutError
from nbgrader.preprocessors import LimitOutput

from . import sandbox, view
from .cells import (cell_kind, drop_duplicate_ids, is_test_cell, mark_unexecuted_grade_cells,
                    nbgrader_resources, released_cells, restored, sanitize, skipped_cells,
                    test_sources, zero_tampered_tests)
from .copies import library_copies
from .course import course_config
from .dual import DualExecute, close_thread_event_loop
from .findings import Finding, reason_text
from .handle import CleanSide, WorkerState
from .names import imported_modules
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
                         and cell_kind(c, g.answer_cells, g.instructor) in ("answer", "student")]
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
        zygote = WorkerState.zygote_for(g.setup, view.manifest().withheld(g.job.chapter), limits,
                                    imported_modules(test_sources(g.nb)))
    except Exception as err:  # noqa: BLE001 - the course's fault, not the student's
        raise Verdict("crashed", f"grading engine error: the clean process did not start: "
                                 f"{err}") from None
    since = g.lap("clean process zygote (once per worker and chapter)", since)
    layout = sandbox.Layout(tempfile.mkdtemp(prefix="dlgrade-", dir=WorkerState.folder_path()))
    clean = km = cgroup = executor = None
    try:
        clean = CleanSide(lambda: zygote.fork(layout.clean, layout.socket))
        since = g.lap("clean process (forked)", since)
        km, cgroup = sandbox.kernel_manager(layout, limits, library=g.library)
        g.config.Execute.timeout = limits.cell_timeout_s
        executor = DualExecute(config=g.config, clean=clean, layout=layout, names=g.names,
                               cell_timeout=limits.cell_timeout_s, skip=g.skip)
        resources = nbgrader_resources(g.job)
        resources["metadata"]["path"] = str(layout.conn)

        def preprocess():
            try:
                return executor.preprocess(g.nb, resources, km)
            finally:
                close_thread_event_loop()

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
        mark_unexecuted_grade_cells(g.nb, f"not executed: {g.status} ({g.reason})")
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
    g.findings += zero_tampered_tests(g.nb, g.findings, g.names)
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
