"""Reading a course notebook's nbgrader cells (the report, the progress page and the
similar-answer search all do)."""
__all__ = ["read", "test_cells", "answer_cells"]


def read(path):
    """The notebook at ``path``, or None for a missing file or one that is no notebook."""
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError, nbformat.reader.NotJSONError):
        return None


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def test_cells(nb):
    """``[(grade_id, cell)]`` of the graded test cells of ``nb`` (None: no cells), in order."""
    return [(_nbgrader(c).get("grade_id", ""), c) for c in (nb.cells if nb else [])
            if c.get("cell_type") == "code" and _nbgrader(c).get("grade")
            and not _nbgrader(c).get("solution")]


def answer_cells(nb):
    """``[(grade_id, cell)]`` of the answer cells of ``nb`` (None: no cells), in order."""
    return [(_nbgrader(c)["grade_id"], c) for c in (nb.cells if nb else [])
            if c.get("cell_type") == "code" and _nbgrader(c).get("solution")
            and _nbgrader(c).get("grade_id")]
