"""Answers that are the course library's implementation copied as text.

The grading view (:mod:`dlgrade.view`) makes the library's implementations unreachable while
grading, but a student can still paste their source (``ref.f??`` shows it in JupyterLab). Such
an answer is reported to the instructor, not scored 0: it is a finding for a person to judge.

Two definitions are the same when their syntax trees are equal after dropping docstrings and
annotations and renaming every plain name (arguments, variables, the function's own name,
globals such as ``np``) by order of first appearance; attribute names and constants stay.
Definitions shorter than :data:`MIN_NODES` syntax-tree nodes are not compared: a two-line
``sigmoid_grad`` has one natural spelling, and an honest answer meets the library's there (the
course's own solutions do, up to 70 nodes).
"""
import ast
import copy
import functools
from pathlib import Path

from .findings import Finding
from .view import library_dir, manifest, split


MIN_NODES = 80


class _Rename(ast.NodeTransformer):
    def __init__(self):
        self.names = {}

    def _name(self, name):
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node):
        node.id = self._name(node.id)
        return node

    def visit_arg(self, node):
        node.arg = self._name(node.arg)
        node.annotation = None
        return node

    def _definition(self, node):
        node.name = self._name(node.name)
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(
                getattr(body[0], "value", None), ast.Constant) and isinstance(
                body[0].value.value, str):
            body = body[1:] or [ast.Pass()]
        node.body = body
        if hasattr(node, "returns"):
            node.returns = None
        self.generic_visit(node)
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _definition


def normalised(node):
    """``(text, size)``: a text that is the same for two definitions that differ only in names
    and docs, and the number of syntax-tree nodes left after dropping the docs."""
    tree = _Rename().visit(copy.deepcopy(node))
    return ast.dump(tree, annotate_fields=False), sum(1 for _ in ast.walk(tree))


def _definitions(source):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                   ast.ClassDef))]


@functools.lru_cache(maxsize=None)
def _library_definition(path):
    """The normalised definition of ``dlcourse.module:name`` (None for a constant or a short
    definition)."""
    module, name = split(path)
    file = library_dir() / (module.split(".", 1)[1].replace(".", "/") + ".py")
    for node in _definitions(Path(file).read_text(encoding="utf-8")):
        if node.name == name:
            text, size = normalised(node)
            return text if size >= MIN_NODES else None
    return None


def library_copies(cells, chapter):
    """Findings (kind ``library-copy``) for definitions in ``cells`` that equal one of the
    library's implementations of the chapter's exercises.

    cells: ``[(cell id, source)]`` of the student's cells (answers and added cells).
    """
    known = {}
    for exercise, paths in manifest().exercises.get(chapter, {}).items():
        for path in paths:
            text = _library_definition(path)
            if text is not None:
                known.setdefault(text, path)
    found = []
    for cell, source in cells:
        for node in _definitions(source):
            text, size = normalised(node)
            path = known.get(text) if size >= MIN_NODES else None
            if path:
                found.append(Finding("library-copy", cell, f"{node.name} is the course "
                                     f"library's implementation {path} copied"))
    return found
