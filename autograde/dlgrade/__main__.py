"""Instructor commands: ``python -m dlgrade {release,grade,feedback,execute} [CHAPTER ...]``.

release   regenerate course/ (student versions) from solutions/ with nbgrader
grade     autograde every submission in autograde/submitted/, export autograde/grades.csv
feedback  write HTML feedback for graded submissions into autograde/feedback/
execute   re-run solution notebooks in place so their stored outputs are current

``--root DIR`` works on another folder laid out like this course (default: this project).
"""
import argparse
import copy
import sys
import tempfile
from pathlib import Path

from .course import ROOT, chapters, nbgrader, solution_notebook


def _selected(names, root):
    known = chapters(root)
    unknown = [n for n in names if n not in known]
    if unknown:
        sys.exit(f"unknown chapter(s) {unknown}; known: {known}")
    return names or known


def release(names, root):
    for chapter in _selected(names, root):
        nbgrader("generate_assignment", chapter, "--force", root=root)


def _sync_gradebook(chapter, root):
    """Record the current solutions in the gradebook without touching course/."""
    with tempfile.TemporaryDirectory() as tmp:
        nbgrader("generate_assignment", chapter, "--force",
                 f"--CourseDirectory.release_directory={tmp}", root=root)


def grade(names, root):
    submitted = root / "autograde" / "submitted"
    for chapter in _selected(names, root):
        if not any(submitted.glob(f"*/{chapter}/*.ipynb")):
            print(f"{chapter}: no submissions")
            continue
        _sync_gradebook(chapter, root)
        # Already graded submissions are skipped, so an interrupted run can be started again.
        nbgrader("autograde", chapter, "--create", root=root)
    grades = root / "autograde" / "grades.csv"
    nbgrader("export", f"--to={grades}", root=root)
    print(f"grades: {grades}")


def feedback(names, root):
    for chapter in _selected(names, root):
        nbgrader("generate_feedback", chapter, root=root)


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


COMMANDS = {"release": release, "grade": grade, "feedback": feedback, "execute": execute}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlgrade", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("chapters", nargs="*", help="chapter ids (default: all)")
    parser.add_argument("--root", type=Path, default=ROOT, help="course folder")
    args = parser.parse_args(argv)
    COMMANDS[args.command](args.chapters, args.root.resolve())


if __name__ == "__main__":
    main()
