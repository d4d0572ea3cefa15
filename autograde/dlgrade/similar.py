"""Submissions whose answers to an exercise are the same up to names, comments and layout.

For the instructor to look at, never a verdict: two students who wrote the same 12-line
function with other variable names and comments are listed together in the class report, as
are answers that are the course library's implementation copied (the ``library-copy``
findings of :mod:`dlgrade.copies`). An answer's fingerprint is its syntax tree with docstrings
and annotations dropped and every plain name renamed by order of first appearance
(:func:`dlgrade.copies.normalised`); comments and formatting are not in the tree. Answers of
fewer than :data:`dlgrade.copies.MIN_NODES` nodes are not compared: a short answer has few
natural spellings and honest students meet there.
"""
import ast
import collections
from pathlib import Path

from dlcourse import notebooks

from .copies import MIN_NODES, normalised
from .course import CourseLayout, solution_notebook

__all__ = ["answer_cells", "fingerprint", "similar_groups"]


def answer_cells(notebook_path):
    """``{grade_id: source}`` of a notebook's answer cells (``{}`` for a file that is no
    notebook)."""
    return {grade_id: cell.get("source", "")
            for grade_id, cell in notebooks.answer_cells(notebooks.read(notebook_path))}


def fingerprint(source):
    """The normalised text of an answer, or None when it does not parse or is shorter than
    MIN_NODES syntax-tree nodes. IPython lines (``%magic``, ``!command``) are left out."""
    code = "\n".join(line for line in str(source).splitlines()
                     if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    text, size = normalised(tree)
    return text if size >= MIN_NODES else None


def similar_groups(root, chapter):
    """Per answer cell, the groups of two or more students whose answers share a fingerprint,
    as ``[{"cell", "students", "solution"}]`` (``solution``: the group's answer is the
    instructor's solution, renamed or not), largest group first."""
    layout = CourseLayout(root)
    solution = {cell: fingerprint(source) for cell, source in
                answer_cells(solution_notebook(chapter, Path(root))).items()}
    by_answer = collections.defaultdict(list)
    for path in sorted(layout.submitted.glob(f"*/{chapter}/{chapter}.ipynb")):
        student = path.parts[-3]
        for cell, source in answer_cells(path).items():
            text = fingerprint(source)
            if text is not None:
                by_answer[(cell, text)].append(student)
    groups = [{"cell": cell, "students": sorted(students),
               "solution": text == solution.get(cell)}
              for (cell, text), students in by_answer.items() if len(students) > 1]
    return sorted(groups, key=lambda g: (-len(g["students"]), g["cell"], g["students"]))
