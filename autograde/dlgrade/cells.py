"""The submitted notebook's cells as grading sees them, against the gradebook's release.

What the student changed in cells they must not change (:func:`restored`: compared by
nbgrader's checksums with the cells as released, rebuilt from the gradebook), ids copied into
new cells (:func:`drop_duplicate_ids`), nbgrader's own sanitize step (:func:`sanitize`), which
cells are answers, tests and the instructor's (:func:`released_cells`, :func:`cell_kind`),
which instructor cells grading need not run (:func:`skipped_cells`), and what tampering costs
(:func:`zero_tampered_tests`). Each function that notices something returns
:class:`~dlgrade.findings.Finding` records.
"""
import nbformat
from nbgrader.api import Gradebook
from nbgrader.preprocessors import (CheckCellMetadata, ClearHiddenTests, ClearOutput,
                                    DeduplicateIds, OverwriteCells, OverwriteKernelspec)
from nbgrader.utils import compute_checksum

from .findings import Finding
from .names import bound_names, free_names, needed_cells


def nbgrader_resources(job):
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
    resources = nbgrader_resources(job)
    for pp in (ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells,
               CheckCellMetadata):
        nb, resources = pp(config=config).preprocess(nb, resources)
    return nb


def mark_unexecuted_grade_cells(nb, reason):
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


def cell_kind(cell, answers, instructor):
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
    kinds = [(cell_kind(c, answer_cells, instructor), c.source) for c in code]
    needed = needed_cells(kinds)
    return {c.metadata["nbgrader"]["grade_id"] for i, c in enumerate(code)
            if kinds[i][0] == "instructor" and i not in needed}


def zero_tampered_tests(nb, findings, names):
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
