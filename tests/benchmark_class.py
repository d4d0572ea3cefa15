"""A class, not a dozen: grading throughput of a generated class of one chapter.

Generates N submissions of one chapter (right answers written several ways, wrong answers,
broken files, hostile code that fails fast, answers that call the library's implementation)
and grades them with the engine

  (a) on the local process pool with 1 worker, then with 2 workers, and
  (b) on a real Dask cluster of separate processes this script starts and stops itself
      (a scheduler and 2 workers, `dask scheduler` / `dask worker`),

each time from an empty gradebook, and prints submissions per hour, the median and 95th
percentile time per submission in a worker, the statuses, and the scaling efficiency from 1 to
2 workers ((time with 1) / (2 x time with 2)). Figures only; nothing fails on a timing.

Usage: python tests/benchmark_class.py [--n 60] [--chapter 06_mlp_pytorch] [--skip-dask]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_tools import (answer_sources, free_port, generate,  # noqa: E402
                          make_course_copy, right_answers, wrong_answers, write_submission)
from dlgrade import engine, sandbox  # noqa: E402
from dlgrade.course import CourseLayout  # noqa: E402
from library_spellings import SPELLINGS, cheating_cells  # noqa: E402

HOSTILE = {
    "os-exit": "import os\nos._exit(3)\n",
    "memory-bomb": "blocks = [bytearray(256 * 1024**2) for _ in range(40)]\n",
    "huge-output": "for i in range(200000):\n    print(i)\n",
    "patches-grading": "import dlcourse.grading as g\ng.check_array = lambda *a, **k: None\n",
}


def make_class(root, chapter, n):
    """``n`` submissions under autograde/submitted/: a mix of kinds in fixed proportions."""
    solution = answer_sources(chapter, root)
    first_answer = next(iter(solution))
    rights = [r for r in right_answers() if r.chapter == chapter]
    wrongs = [w for w in wrong_answers() if w.chapter == chapter]
    spellings = list(SPELLINGS)
    kinds = Counter()
    for i in range(n):
        student = f"student{i:03d}"
        slot = i % 20
        if slot < 6:
            kind, replace = "right", dict(solution)
        elif slot < 8 and rights:
            kind, replace = "right (another way)", {**solution, **rights[i % len(rights)].replace}
        elif slot < 15 and wrongs:
            kind, replace = "wrong", {**solution, **wrongs[i % len(wrongs)].replace}
        elif slot < 16:
            kind = "broken file"
            path = CourseLayout(root).submission(student, chapter)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("{ not a notebook", encoding="utf-8")
            kinds[kind] += 1
            continue
        elif slot < 17:
            kind, replace = "unanswered", None
        elif slot < 19:
            name = list(HOSTILE)[i % len(HOSTILE)]
            kind = f"hostile ({name})"
            replace = {**solution, first_answer: solution[first_answer] + "\n" + HOSTILE[name]}
        else:
            cheat, names = cheating_cells(chapter, spellings[i % len(spellings)], root)
            kind = "library's implementation" if names else "right"
            replace = {**solution, **cheat}
        write_submission(root, student, chapter, replace)
        kinds[kind] += 1
    return kinds


def fresh_copy(template, tmp, name):
    root = Path(tmp) / name
    shutil.copytree(template, root)
    return root


def grade(root, chapter, **kwargs):
    start = time.perf_counter()
    records = engine.grade(root, [chapter], limits=sandbox.Limits(), progress=False, **kwargs)
    return time.perf_counter() - start, records



def dask_cluster(workers, folder):
    """A scheduler and ``workers`` worker processes of their own (not a LocalCluster):
    returns (address, processes)."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    log = open(Path(folder) / "dask.log", "w")  # noqa: SIM115 - closed with the processes
    procs = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--dashboard-address", ":0"],
                              stdout=log, stderr=subprocess.STDOUT, cwd=folder)]
    time.sleep(2)
    for _ in range(workers):
        procs.append(subprocess.Popen([str(bin_dir / "dask"), "worker", address,
                                       "--nworkers", "1", "--nthreads", "1",
                                       "--no-dashboard", "--memory-limit", "0"],
                                      stdout=log, stderr=subprocess.STDOUT, cwd=folder))
    from dask.distributed import Client

    with Client(address, timeout=120) as client:
        client.wait_for_workers(workers, timeout=180)
    return address, procs


def stop(procs):
    for proc in reversed(procs):
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def summary(label, seconds, records, n):
    times = sorted(r["seconds"] for r in records if r.get("seconds"))
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))] if times else 0.0
    statuses = Counter(r["status"] for r in records)
    print(f"{label:34s} {seconds:7.1f} s  {3600 * n / seconds:7.0f} submissions/hour  "
          f"median {statistics.median(times):5.2f} s, p95 {p95:5.2f} s per submission  "
          f"{dict(sorted(statuses.items()))}")
    return {"seconds": seconds, "per_hour": 3600 * n / seconds, "p95": p95,
            "median": statistics.median(times), "statuses": dict(statuses)}


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--chapter", default="06_mlp_pytorch")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        template = make_course_copy(Path(tmp) / "template")
        generate(template, [args.chapter])
        kinds = make_class(template, args.chapter, args.n)
        print(f"chapter {args.chapter}, {args.n} submissions ({os.cpu_count()} cores): "
              + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        for workers in (1, 2):
            root = fresh_copy(template, tmp, f"pool{workers}")
            seconds, records = grade(root, args.chapter, workers=workers)
            results[f"pool-{workers}"] = summary(f"local pool, {workers} worker(s)", seconds,
                                                 records, args.n)
        one, two = results["pool-1"]["seconds"], results["pool-2"]["seconds"]
        print(f"scaling efficiency 1 -> 2 workers (local pool): {one / (2 * two):.2f}")
        if not args.skip_dask:
            address, procs = dask_cluster(2, tmp)
            try:
                root = fresh_copy(template, tmp, "dask")
                seconds, records = grade(root, args.chapter, scheduler=address)
            finally:
                stop(procs)
            results["dask-2"] = summary("Dask cluster, 2 worker processes", seconds, records,
                                        args.n)
            print(f"scaling efficiency 1 -> 2 workers (Dask): "
                  f"{one / (2 * seconds):.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
