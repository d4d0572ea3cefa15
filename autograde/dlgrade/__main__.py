"""Instructor commands: ``python -m dlgrade {release,grade,feedback,execute} [CHAPTER ...]``.

release   regenerate course/ (student versions) from solutions/ with nbgrader
grade     autograde every submission in autograde/submitted/, export autograde/grades.csv
feedback  write HTML feedback for graded submissions into autograde/feedback/
execute   re-run solution notebooks in place so their stored outputs are current
"""
import argparse
import sys
import tempfile

from .course import AUTOGRADE, chapters, nbgrader, solution_notebook


def _selected(names):
    known = chapters()
    unknown = [n for n in names if n not in known]
    if unknown:
        sys.exit(f"unknown chapter(s) {unknown}; known: {known}")
    return names or known


def release(names):
    for chapter in _selected(names):
        nbgrader("generate_assignment", chapter, "--force")


def _sync_gradebook(chapter):
    """Record the current solutions in the gradebook without touching course/."""
    with tempfile.TemporaryDirectory() as tmp:
        nbgrader("generate_assignment", chapter, "--force",
                 f"--CourseDirectory.release_directory={tmp}")


def grade(names):
    submitted = AUTOGRADE / "submitted"
    for chapter in _selected(names):
        if not any(submitted.glob(f"*/{chapter}/*.ipynb")):
            print(f"{chapter}: no submissions")
            continue
        _sync_gradebook(chapter)
        # Already graded submissions are skipped, so an interrupted run can be started again.
        nbgrader("autograde", chapter, "--create")
    nbgrader("export", f"--to={AUTOGRADE / 'grades.csv'}")
    print(f"grades: {AUTOGRADE / 'grades.csv'}")


def feedback(names):
    for chapter in _selected(names):
        nbgrader("generate_feedback", chapter)


def execute(names):
    import nbformat
    from nbclient import NotebookClient

    for chapter in _selected(names):
        path = solution_notebook(chapter)
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        nbformat.write(nb, path)
        print(f"executed {path.relative_to(path.parents[2])}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlgrade", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["release", "grade", "feedback", "execute"])
    parser.add_argument("chapters", nargs="*", help="chapter ids (default: all)")
    args = parser.parse_args(argv)
    {"release": release, "grade": grade, "feedback": feedback, "execute": execute}[
        args.command](args.chapters)


if __name__ == "__main__":
    main()
