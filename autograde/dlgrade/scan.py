"""Static scan of a student's cells for attempts to tamper with grading.

Grading does not depend on this scan: test cells run in a clean process that student code
never reaches, and the student's kernel imports a view of the course library without the
exercises' implementations (see GRADING_DESIGN.md). The scan turns an *attempt* into a verdict:
code that reaches for the grading machinery or the interpreter's hooks rather than solving an
exercise makes the tests of that answer score 0 and the submission's status "tampered", with
the reason, for the instructor to review.

A rule is kept only if honest course code never trips it: ``tests/test_grading_scan.py`` runs
the scan over every solution, every right and wrong answer of ``tests/wrong_answers/`` and a
corpus of common numpy/torch idioms and requires no finding, and shows for every rule a real
attempt it catches. Where the by-construction protections already make an attempt harmless and
honest code could look alike (rebinding a name, ``setattr``, ``vars()``, writing ``torch``'s
settings, importing the course library), there is no rule.
"""
import ast
from dataclasses import dataclass

from .findings import Finding
from .names import bound_names


@dataclass(frozen=True)
class Rule:
    name: str
    what: str


# Every rule the scan applies; the test suite shows an attempt for each (by name).
RULES = (
    Rule("grading-engine", "imports the grading engine (dlgrade)"),
    Rule("ipython-hook", "registers an IPython input/AST transformer, event or exception hook"),
    Rule("import-hook", "changes the import system (sys.meta_path, sys.path_hooks, sys.modules)"),
    Rule("trace-hook", "installs a trace or profile function (sys.settrace, sys.setprofile)"),
    Rule("frames", "reads the caller's frames (sys._getframe, f_back, f_globals, f_locals)"),
    Rule("escape-hatch", "uses __builtins__, __import__, __subclasses__, __globals__, __code__"),
    Rule("exec", "runs code from a string (exec, eval)"),
    Rule("patches-module", "writes an attribute of builtins or of the course library"),
)

IPYTHON_HOOKS = {"input_transformers_post", "input_transformers_cleanup", "ast_transformers",
                 "set_custom_exc", "register_magic_function", "ast_node_interactivity",
                 "set_hook"}
IMPORT_HOOKS = {"meta_path", "path_hooks", "path_importer_cache"}
TRACE_HOOKS = {"settrace", "setprofile"}
FRAME_ATTRIBUTES = {"_getframe", "f_back", "f_globals", "f_locals", "currentframe"}
ESCAPE_NAMES = {"__builtins__", "__import__", "__loader__", "__spec__"}
ESCAPE_ATTRIBUTES = {"__builtins__", "__import__", "__subclasses__", "__globals__",
                     "__code__", "__closure__"}
EXEC_CALLS = {"exec", "eval"}


def _root_name(node):
    """``a`` for ``a.b.c``; None when the chain does not start with a plain name."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _module_aliases(tree, package):
    """Names this cell binds to ``package`` or one of its modules (``import x.y as z``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.asname or a.name.split(".")[0] for a in node.names
                      if a.name.split(".")[0] == package}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == package:
            names |= {a.asname or a.name for a in node.names}
    return names


def _stored_attributes(target):
    """The attribute nodes a binding target writes: ``m.x = ...``, ``a, m.x = ...``; an item
    or slice assignment (``a[np.isnan(a)] = 0``) writes into an object, never an attribute of
    the names in its index."""
    if isinstance(target, ast.Attribute):
        return [target]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [a for element in target.elts for a in _stored_attributes(element)]
    if isinstance(target, ast.Starred):
        return _stored_attributes(target.value)
    return []


def scan_source(source, library_names=frozenset()):
    """``[(rule name, detail)]`` for one cell's source; [] when it looks honest.

    library_names: names the notebook binds to the course library (the setup cell's
    ``import dlcourse``, ``from dlcourse import metrics as ref``, ...): writing their
    attributes patches the library.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # a syntax error only costs the student their own points
    found = []
    sys_names = {"sys"} | {a.asname for node in ast.walk(tree) if isinstance(node, ast.Import)
                           for a in node.names if a.name == "sys" and a.asname}
    patched = set(library_names) | _module_aliases(tree, "dlcourse") | {"builtins"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [("grading-engine", f"imports {a.name}") for a in node.names
                      if a.name.split(".")[0] == "dlgrade"]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.split(".")[0] == "dlgrade":
                found.append(("grading-engine", f"imports from {module}"))
            if module == "sys":
                for a in node.names:
                    if a.name in IMPORT_HOOKS | {"modules"}:
                        found.append(("import-hook", f"imports sys.{a.name}"))
                    elif a.name in TRACE_HOOKS:
                        found.append(("trace-hook", f"imports sys.{a.name}"))
                    elif a.name in FRAME_ATTRIBUTES:
                        found.append(("frames", f"imports sys.{a.name}"))
        elif isinstance(node, ast.Attribute):
            if node.attr in IPYTHON_HOOKS or (node.attr == "register" and isinstance(
                    node.value, ast.Attribute) and node.value.attr == "events"):
                found.append(("ipython-hook", f"uses .{node.attr}"))
            elif node.attr in IMPORT_HOOKS or (node.attr == "modules"
                                               and _root_name(node.value) in sys_names):
                found.append(("import-hook", f"uses sys.{node.attr}"))
            elif node.attr in TRACE_HOOKS:
                found.append(("trace-hook", f"uses .{node.attr}"))
            elif node.attr in FRAME_ATTRIBUTES:
                found.append(("frames", f"uses .{node.attr}"))
            elif node.attr in ESCAPE_ATTRIBUTES:
                found.append(("escape-hatch", f"uses .{node.attr}"))
        elif isinstance(node, ast.Name) and node.id in ESCAPE_NAMES:
            found.append(("escape-hatch", f"uses {node.id}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in EXEC_CALLS:
            found.append(("exec", f"calls {node.func.id}()"))
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else \
                [node.target]
            for target in targets:
                for attribute in _stored_attributes(target):
                    root = _root_name(attribute.value)
                    if root in patched:
                        found.append(("patches-module",
                                      f"assigns {ast.unparse(attribute)}"))
    return sorted(set(found))


def library_aliases(setup_source):
    """Names the setup cell binds to the course library (modules and objects alike)."""
    try:
        tree = ast.parse(setup_source or "")
    except SyntaxError:
        return set()
    return _module_aliases(tree, "dlcourse")


def scan_notebook(nb, instructor_cells=()):
    """Findings (:class:`Finding`, kind ``tampering``) for the student's cells of a notebook.

    ``instructor_cells``: ids of the read-only and test cells (restored from the gradebook
    before the scan, so their source is the instructor's); every other code cell is scanned.
    """
    def grade_id(cell):
        return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")

    setup = next((c.source for c in nb.cells if c.cell_type == "code"
                  and grade_id(c) == "setup"), "")
    library = library_aliases(setup)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code" or grade_id(cell) in instructor_cells:
            continue
        for rule, detail in scan_source(cell.source, library):
            found.append(Finding("tampering", grade_id(cell) or "new cell",
                                 f"{detail} ({rule})"))
    return found


__all__ = ["Finding", "RULES", "scan_source", "scan_notebook", "library_aliases",
           "bound_names"]
