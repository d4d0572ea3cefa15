"""Static scan of a student's answer cells for attempts to tamper with grading.

Flags code that reaches into the interpreter rather than solving an exercise: rebinding the
grading helpers or AssertionError, writing to modules' attributes, builtins, sys.modules,
exec/eval/compile, setattr/delattr, frames and the garbage collector. A finding does not stop
grading; the submission's status becomes "tampered" with the reason, for the instructor to
review. (A determined attacker can hide from any static scan; the sandbox limits what such
code can reach.)
"""
import ast

PROTECTED_NAMES = {
    "AssertionError", "GradingError", "check_array", "check_scalar", "check_equal",
    "check_true", "check_type", "check_shape", "check_callable", "numerically_strict",
    "to_numpy", "rel_error", "assert_rel_error", "gradient_check", "numerical_gradient",
    "numerical_gradient_array", "graded_with", "check_labels", "print", "isinstance", "float",
    "np", "torch",
}
SUSPICIOUS_CALLS = {"exec", "eval", "compile", "setattr", "delattr", "__import__", "globals",
                    "vars"}
SUSPICIOUS_MODULES = {"builtins", "ctypes", "gc", "inspect", "importlib"}
SUSPICIOUS_ATTRIBUTES = {"__builtins__", "__dict__", "__globals__", "__code__", "__class__",
                         "f_globals", "f_locals", "f_back", "modules", "__subclasses__"}


def scan_source(source):
    """Findings (short English phrases) for one cell's source; [] when it looks clean."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []  # a syntax error only costs the student their own points
    findings = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""]
            for name in names:
                if name.split(".")[0] in SUSPICIOUS_MODULES:
                    findings.append(f"imports {name}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dlcourse"):
                findings.append(f"imports from {node.module}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in SUSPICIOUS_CALLS:
            findings.append(f"calls {node.func.id}()")
        elif isinstance(node, ast.Attribute) and node.attr in SUSPICIOUS_ATTRIBUTES:
            findings.append(f"uses .{node.attr}")
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
                        if isinstance(base, ast.Name) and base.id not in ("self",):
                            findings.append(f"assigns attribute {base.id}.{sub.attr}")
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in PROTECTED_NAMES:
            findings.append(f"redefines {node.name}")
        elif isinstance(node, ast.Global):
            findings.append("uses global")
    return sorted(set(findings))


def scan_notebook(nb):
    """Findings for the answer cells of a notebook, as 'cell: finding' strings."""
    found = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and not meta.get("locked"):
            for finding in scan_source(cell.source):
                found.append(f"{meta.get('grade_id', 'new cell')}: {finding}")
    return found
