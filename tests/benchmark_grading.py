"""Stock serial `nbgrader autograde` versus the safe parallel engine, side by side.

Grades the same N submissions of one chapter both ways in one run and prints both wall
times, their ratio, and the engine's per-submission overhead beyond the notebook's own
execution time (a plain, unsandboxed nbclient run of the same notebook, median of 3).
It also prints where a submission's time goes in a worker (the engine's phases, mean over the
submissions: restoring and scanning, the clean process's zygote (once per worker), the forked
clean process, the kernel with the cells it runs, the test cells in the clean process, cleaning
up). Figures only; nothing fails on a timing. Targets on a 2-core machine: ratio >= 3 (chapters
00 and 06), the time per submission in a worker no more than the notebook's own run.

Usage: python tests/benchmark_grading.py [--n 20] [--chapter 01_perceptron] [--workers 2]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import dlgrade  # noqa: F401 - before nbformat (see dlgrade/__init__.py)
import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_tools import (answer_sources, generate, make_course_copy,  # noqa: E402
                          wrong_answers, write_submission)
from dlgrade import engine, sandbox  # noqa: E402
from dlgrade.course import CourseLayout, nbgrader  # noqa: E402


def own_execution_seconds(path, repeats=3):
    times = []
    for _ in range(repeats):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(Path(path).parent)}}).execute()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def prepare(tmp, chapter, n):
    root = make_course_copy(tmp)
    generate(root, [chapter])
    wrong = [w for w in wrong_answers() if w.chapter == chapter]
    solution = answer_sources(chapter, root)
    for i in range(n):
        replace = solution if i % 2 == 0 or not wrong else {**solution,
                                                           **wrong[i % len(wrong)].replace}
        write_submission(root, f"student{i:03d}", chapter, replace)
    return root


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--chapter", default="01_perceptron")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        stock_root = prepare(Path(a), args.chapter, args.n)
        engine_root = prepare(Path(b), args.chapter, args.n)
        sample = CourseLayout(engine_root).submission("student000", args.chapter)
        own = own_execution_seconds(sample)

        start = time.perf_counter()
        nbgrader("autograde", args.chapter, "--create", root=stock_root, capture=True, stock=True)
        stock = time.perf_counter() - start

        start = time.perf_counter()
        records = engine.grade(engine_root, [args.chapter], workers=args.workers,
                               limits=sandbox.Limits(), progress=False)
        safe = time.perf_counter() - start
    per_submission = statistics.mean(r["seconds"] for r in records)
    statuses = sorted({r["status"] for r in records})
    phases = {}
    for r in records:
        for name, seconds in (r.get("phases") or {}).items():
            phases.setdefault(name, []).append(seconds)
    print(f"chapter {args.chapter}, {args.n} submissions, {args.workers} workers, "
          f"{os.cpu_count()} cores; engine statuses: {statuses}")
    print(f"notebook's own execution (plain nbclient, median of 3): {own:6.2f} s")
    print(f"stock nbgrader autograde (serial, no sandbox):          {stock:6.1f} s "
          f"({stock / args.n:.2f} s per submission)")
    print(f"dlgrade engine (parallel, sandboxed):                    {safe:6.1f} s "
          f"({per_submission:.2f} s per submission in a worker)")
    print(f"ratio stock / engine: {stock / safe:.2f}  (target >= 3)")
    print(f"time per submission in a worker minus the notebook's own run: "
          f"{per_submission - own:+.2f} s  (target <= 0)")
    print("where a submission's time goes in a worker (mean over the submissions; the zygote "
          "is paid once per worker):")
    for name, values in phases.items():
        print(f"  {name:52s} {statistics.mean(values):6.2f} s  (max {max(values):.2f})")


if __name__ == "__main__":
    main()
