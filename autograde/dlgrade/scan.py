"""Static scan of a student's cells for attempts to tamper with grading.

Grading does not depend on this scan: test cells run in a clean process that student code
never reaches (see GRADING_DESIGN.md). The scan turns an attempt into a verdict: code that
reaches into the interpreter rather than solving an exercise (rebinding the grading helpers
or AssertionError, writing to a library module's attributes, builtins, sys.modules, the import
system, IPython's hooks, exec/eval/compile, setattr/delattr, frames, the garbage collector)
makes the tests of that answer score 0 and the submission's status "tampered", with the
reason, for the instructor to review. Every cell that is not the instructor's is scanned,
including cells the student marked read-only. Answering with the library's own reference of an
exercise (the setup cell imports them for the demos and the tests) is flagged the same way.
"""
import ast

from .clean import bound_names

PROTECTED_NAMES = {
    "AssertionError", "GradingError", "check_array", "check_scalar", "check_equal",
    "check_true", "check_type", "check_shape", "check_callable", "numerically_strict",
    "to_numpy", "rel_error", "assert_rel_error", "gradient_check", "numerical_gradient",
    "numerical_gradient_array", "graded_with", "check_labels", "print", "isinstance", "float",
    "np", "torch",
}
SUSPICIOUS_CALLS = {"exec", "eval", "compile", "setattr", "delattr", "__import__", "globals",
                    "vars"}
SUSPICIOUS_MODULES = {"builtins", "ctypes", "gc", "inspect", "importlib", "IPython", "dlgrade"}
SUSPICIOUS_ATTRIBUTES = {"__builtins__", "__dict__", "__globals__", "__code__", "__class__",
                         "f_globals", "f_locals", "f_back", "modules", "__subclasses__",
                         "meta_path", "path_hooks", "settrace", "setprofile", "events",
                         "input_transformers_post", "ast_transformers", "set_custom_exc",
                         "register_magic_function", "__import__"}
SUSPICIOUS_NAMES = {"get_ipython", "__import__", "__builtins__", "__loader__", "__spec__"}
# names that stand for library modules in the notebooks; writing their attributes patches them
MODULE_NAMES = {"np", "numpy", "torch", "nn", "F", "optim", "dlcourse", "math", "random",
                "plt", "matplotlib", "sklearn", "scipy", "layers", "copy", "contextlib", "re"}


def scan_source(source):
    """Findings (short English phrases) for one cell's source; [] when it looks clean."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # a syntax error only costs the student their own points
    findings = []
    # names this cell binds to imported modules (import dlcourse.grading as g) count as modules
    modules = MODULE_NAMES | {(a.asname or a.name).split(".")[0] for node in ast.walk(tree)
                              if isinstance(node, ast.Import) for a in node.names}
    # names of the sys module here: sys.modules is the import system, net.modules() is torch
    sys_names = {"sys"} | {a.asname for node in ast.walk(tree) if isinstance(node, ast.Import)
                           for a in node.names if a.name == "sys" and a.asname}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""]
            for name in names:
                if name.split(".")[0] in SUSPICIOUS_MODULES:
                    findings.append(f"imports {name}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dlcourse"):
                findings.append(f"imports from {node.module}")
            if isinstance(node, ast.ImportFrom) and node.module == "sys":
                findings += [f"imports sys.{a.name}" for a in node.names
                             if a.name in SUSPICIOUS_ATTRIBUTES or a.name == "*"]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in SUSPICIOUS_CALLS:
            findings.append(f"calls {node.func.id}()")
        elif isinstance(node, ast.Attribute) and node.attr in SUSPICIOUS_ATTRIBUTES:
            if node.attr != "modules" or (isinstance(node.value, ast.Name)
                                          and node.value.id in sys_names):
                findings.append(f"uses .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in SUSPICIOUS_NAMES:
            findings.append(f"uses {node.id}")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else \
                [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name) and sub.id in PROTECTED_NAMES:
                        findings.append(f"rebinds {sub.id}")
                    elif isinstance(sub, ast.Attribute) and isinstance(sub.ctx,
                                                                      (ast.Store, ast.Del)):
                        base = sub.value
                        while isinstance(base, ast.Attribute):
                            base = base.value
                        if isinstance(base, ast.Name) and base.id in modules:
                            findings.append(f"assigns attribute {base.id}.{sub.attr}")
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in PROTECTED_NAMES:
            findings.append(f"redefines {node.name}")
    return sorted(set(findings))


def reference_aliases(setup_source):
    """Names the setup cell binds to the course library: ``{name: (dotted target, is_module)}``.

    ``import dlcourse`` and ``from dlcourse import metrics as ref`` bind modules; ``from
    dlcourse.activations import step as reference_step`` binds one object.
    """
    try:
        tree = ast.parse(setup_source or "")
    except SyntaxError:
        return {}
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "dlcourse":
                    name = a.asname or a.name.split(".")[0]
                    aliases[name] = (a.name if a.asname else "dlcourse", True)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "dlcourse":
            for a in node.names:
                target = f"{node.module}.{a.name}"
                aliases[a.asname or a.name] = (target, node.module == "dlcourse"
                                               and a.name != "setup")
    return aliases


def reference_uses(source, aliases, answer_names):
    """Findings for a student's cell that answers with the library's own reference: an
    attribute of a library module named like one of the notebook's answers (``ref.roc_points``
    where the notebook defines ``roc_points``), an imported reference (``reference_step``, or
    an object imported under an answer's name), ``getattr`` on a library module, or importing
    the library in a student's cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    modules = {name for name, (_, is_module) in aliases.items() if is_module}
    objects = {name for name, (target, is_module) in aliases.items() if not is_module and (
        "reference" in name or "reference" in target.rsplit(".", 1)[-1]
        or target.rsplit(".", 1)[-1] in answer_names)}
    findings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "dlcourse"
                                                for a in node.names):
            findings.append("imports dlcourse")
        elif isinstance(node, ast.Attribute) and node.attr in answer_names:
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in modules:
                findings.append(f"uses the library's reference {ast.unparse(node)} "
                                "(an exercise's answer)")
        elif isinstance(node, ast.Name) and node.id in objects:
            findings.append(f"uses the library's reference {node.id} (an exercise's answer)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "getattr" and node.args \
                and isinstance(node.args[0], ast.Name) and node.args[0].id in modules:
            findings.append(f"calls getattr() on the library module {node.args[0].id}")
    return sorted(set(findings))


def scan_notebook(nb, instructor_cells=()):
    """Findings for the student's cells of a notebook, as 'cell: finding' strings.

    ``instructor_cells``: ids of the read-only and test cells (restored from the gradebook
    before the scan, so their source is the instructor's); every other code cell is scanned,
    for tampering (:func:`scan_source`) and for answers taken from the library's references
    (:func:`reference_uses`, with the names the setup cell imports from the library).
    """
    def grade_id(cell):
        return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")

    setup = next((c.source for c in nb.cells if c.cell_type == "code"
                  and grade_id(c) == "setup"), "")
    aliases = reference_aliases(setup)
    student = [c for c in nb.cells if c.cell_type == "code"
               and grade_id(c) not in instructor_cells]
    answer_names = set().union(*(bound_names(c.source) for c in student))
    found = []
    for cell in student:
        for finding in scan_source(cell.source) + reference_uses(cell.source, aliases,
                                                                  answer_names):
            found.append(f"{grade_id(cell) or 'new cell'}: {finding}")
    return found
