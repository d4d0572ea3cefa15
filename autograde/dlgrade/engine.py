"""Safe, parallel, resumable autograding with nbgrader's own machinery: the scheduling.

For each submission ``autograde/submitted/STUDENT/CHAPTER/CHAPTER.ipynb`` still to grade
(:func:`find_jobs`: new, or changed since it was graded), :func:`grade`

1. hands a :class:`~dlgrade.worker.Job` to a worker process, on a local pool or on a Dask
   cluster; the worker runs the per-submission pipeline (:mod:`dlgrade.worker`: parse,
   restore, scan, execute in the sandbox and the clean process, classify) and returns a
   :class:`~dlgrade.worker.Result`; a worker that dies loses that one submission (crashed);
2. records each result in the main process, the only writer of the gradebook, the autograded
   copies and the status files (:mod:`dlgrade.store`), as the results come in, so that an
   interrupted run loses nothing already recorded.
"""
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

from tqdm.auto import tqdm

from . import sandbox
from .course import CourseLayout, gradebook_url
from .store import read_status, save
from .worker import Job, Result, run_job_safely, sha256


def find_jobs(root, chapters, db_url, limits, force=False, cells="needed"):
    """Submissions still to grade: new ones, and ones whose file changed since grading."""
    jobs, skipped = [], []
    submitted = CourseLayout(root).submitted
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
    from dask.distributed import Client, LocalCluster, as_completed  # only when asked for

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
