"""Instructor commands: ``python -m dlgrade {release,grade,feedback,execute} [CHAPTER ...]``.

release   regenerate course/ (student versions) from solutions/ with nbgrader
grade     autograde every submission in autograde/submitted/, export autograde/grades.csv
feedback  write HTML feedback for graded submissions into autograde/feedback/
report    one HTML page on how the class did (autograde/reports/), offline
collect   lay out an LMS download (one zip) under autograde/submitted/<student>/<chapter>/
execute   re-run solution notebooks in place so their stored outputs are current

``--root DIR`` works on another folder laid out like this course (default: this project).
"""
import argparse
import copy
import sys
import tempfile
from pathlib import Path

from .course import ROOT, CourseLayout, chapters, nbgrader, solution_notebook


def _selected(names, root):
    """The chapters named, each by its full name or a prefix that fits one chapter ("01");
    all chapters when none is named."""
    known = chapters(root)
    selected, unknown = [], []
    for name in names:
        matches = [name] if name in known else [k for k in known if k.startswith(name)]
        if len(matches) == 1:
            selected.append(matches[0])
        else:
            unknown.append(name)
    if unknown:
        sys.exit(f"unknown or ambiguous chapter(s) {unknown}; known: {known}")
    return selected or known


def release(names, root):
    """nbgrader generate_assignment per chapter, quietly: one line per chapter, nbgrader's own
    log only when it fails."""
    for chapter in _selected(names, root):
        run = nbgrader("generate_assignment", chapter, "--force", root=root, check=False,
                       capture=True)
        if run.returncode != 0:
            sys.stderr.write(run.stdout + run.stderr)
            sys.exit(f"{chapter}: release failed (nbgrader generate_assignment, see above)")
        released = CourseLayout(root).released_notebook(chapter)
        print(f"{chapter}: released to {released.relative_to(root)}")


def _sync_gradebook(chapter, root):
    """Record the current solutions in the gradebook without touching course/."""
    with tempfile.TemporaryDirectory() as tmp:
        nbgrader("generate_assignment", chapter, "--force",
                 f"--CourseDirectory.release_directory={tmp}", root=root)


def grade(names, root, args=None):
    """Grade every new or changed submission, then export the grades.

    By default the safe engine (dlgrade.engine: sandboxed, parallel, resumable); ``--stock``
    runs plain ``nbgrader autograde`` instead (one after another, no sandbox).
    """
    layout = CourseLayout(root)
    submitted = layout.submitted
    todo = []
    for chapter in _selected(names, root):
        if not any(submitted.glob(f"*/{chapter}/*.ipynb")):
            print(f"{chapter}: no submissions")
            continue
        _sync_gradebook(chapter, root)
        todo.append(chapter)
    if todo and args is not None and args.stock:
        for chapter in todo:
            nbgrader("autograde", chapter, "--create", root=root)
    elif todo:
        from . import engine, sandbox

        limits = sandbox.Limits(memory_mb=args.memory_mb, max_procs=args.max_procs,
                                cell_timeout_s=args.cell_timeout,
                                submission_timeout_s=args.submission_timeout) if args \
            else sandbox.Limits()
        records = engine.grade(root, todo, workers=getattr(args, "workers", None),
                               dask=getattr(args, "dask", False),
                               scheduler=getattr(args, "scheduler", None), limits=limits,
                               force=getattr(args, "force", False),
                               cells="all" if getattr(args, "all_cells", False) else "needed")
        counts = {}
        for r in records:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
            if r["status"] != "graded":
                print(f"  {r['chapter']} {r['student']}: {r['status']} - {r.get('reason', '')}")
        print("status:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        print(f"details: {layout.status}")
    grades = layout.grades_csv
    nbgrader("export", f"--to={grades}", root=root)
    from .store import mark_export

    mark_export(root, grades)
    print(f"grades: {grades} (with each submission's status; check any that is not graded)")


def feedback(names, root):
    """Feedback for every chapter with graded submissions; the others are skipped (one line
    each) instead of stopping the whole command."""
    from .report import collected_students

    layout = CourseLayout(root)
    autograded = layout.autograded
    for chapter in _selected(names, root):
        graded = {p.parts[-3] for p in autograded.glob(f"*/{chapter}/*.ipynb")}
        waiting = [s for s in collected_students(root, chapter) if s not in graded]
        later = (f"{len(waiting)} collected submission(s) not graded yet: run "
                 f"make grade CHAPTER={chapter} first") if waiting else ""
        if not graded:
            print(f"{chapter}: nothing graded yet, no feedback" + (f"; {later}" if later else ""))
            continue
        nbgrader("generate_feedback", chapter, root=root)
        print(f"{chapter}: feedback for {len(graded)} student(s) in "
              f"{layout.feedback.relative_to(root)}/<student>/{chapter}/")
        if later:
            print(f"  {later}")


def report(names, root):
    """The class report for the chapters given (or all with graded submissions)."""
    from .report import write_report

    path, datas = write_report(root, _selected(names, root))
    graded = sum(len(data["submissions"]) for data, _ in datas)
    print(f"report: {path} ({graded} submissions in {len(datas)} chapter(s)); open it in a "
          "browser, it needs no network")


def collect(names, root, args):
    """One chapter's submissions from one LMS zip (nbgrader zip_collect with our plugins)."""
    from .collect import PATTERNS, unpack_lms_zip

    if len(names) != 1 or args.zip is None:
        sys.exit("usage: python -m dlgrade collect CHAPTER --zip FILE [--lms "
                 + "|".join(sorted(PATTERNS)) + "]")
    chapter = _selected(names, root)[0]
    report = unpack_lms_zip(chapter, args.zip, args.lms, root)
    print(f"{chapter}: {len(report['collected'])} students collected from {args.zip.name} "
          f"({args.lms} file names) into autograde/submitted/<student>/{chapter}/")
    if report["replaced"]:
        print(f"  {report['replaced']} older duplicate submission(s): the newest one is kept")
    for name in report["unmatched"]:
        print(f"  not collected (the name fits no {args.lms} submission of {chapter}): {name}")


def execute(names, root):
    import nbformat
    from nbclient import NotebookClient

    for chapter in _selected(names, root):
        path = solution_notebook(chapter, root)
        nb = nbformat.read(path, as_version=4)
        metadata = copy.deepcopy(nb.metadata)
        # No timestamps and no interpreter details: they would reach course/ through nbgrader
        # and make every re-execution look like a change to the student version.
        NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        nb.metadata = metadata
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        nbformat.write(nb, path)
        print(f"executed {path.relative_to(root)}")


COMMANDS = {"release": release, "grade": grade, "feedback": feedback, "execute": execute,
            "collect": collect, "report": report}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlgrade", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("chapters", nargs="*", help="chapter ids (default: all)")
    parser.add_argument("--root", type=Path, default=ROOT, help="course folder")
    g = parser.add_argument_group("grade")
    g.add_argument("--workers", type=int, default=None, help="parallel submissions "
                   "(default: one per core)")
    g.add_argument("--dask", action="store_true", help="run the workers on a local Dask "
                   "cluster")
    g.add_argument("--scheduler", default=None, help="address of a running Dask scheduler "
                   "(tcp://host:8786) to spread grading over its workers")
    g.add_argument("--force", action="store_true", help="grade again what is already graded")
    g.add_argument("--all-cells", action="store_true", help="also run the instructor's "
                   "figures and demos that no answer depends on (skipped by default; the "
                   "grades are the same)")
    g.add_argument("--stock", action="store_true", help="plain nbgrader autograde: serial, "
                   "NOT sandboxed (for comparison)")
    g.add_argument("--memory-mb", type=int, default=2048, help="memory cap per submission")
    g.add_argument("--max-procs", type=int, default=64, help="process cap per submission")
    g.add_argument("--cell-timeout", type=int, default=60, help="seconds per cell")
    g.add_argument("--submission-timeout", type=int, default=600,
                   help="seconds per submission")
    c = parser.add_argument_group("collect")
    c.add_argument("--zip", type=Path, default=None, help="the zip downloaded from the LMS")
    c.add_argument("--lms", default="canvas", help="how the LMS names the files: canvas, "
                   "moodle, blackboard or folders (student/notebook)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command in ("grade", "collect"):
        COMMANDS[args.command](args.chapters, root, args)
    else:
        COMMANDS[args.command](args.chapters, root)


if __name__ == "__main__":
    main()
