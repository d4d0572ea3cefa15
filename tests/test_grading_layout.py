"""The grading engine's layout as the design document draws it (autograde/GRADING_DESIGN.md)."""
import ast
import re
from pathlib import Path

import dlgrade
from dlgrade import worker

PACKAGE = Path(dlgrade.__file__).parent
DESIGN = (PACKAGE.parent / "GRADING_DESIGN.md").read_text(encoding="utf-8")
# modules around grading, not on one submission's path: commands, reports, configuration
NOT_ON_THE_PATH = {"__init__", "__main__", "nbgrader_cli", "collect", "report", "similar",
                   "course", "preprocessors"}


def test_the_design_names_real_modules_and_every_module_on_the_path():
    named = set(re.findall(r"dlgrade\.(\w+)", DESIGN))
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert named <= modules, f"named but missing: {sorted(named - modules)}"
    assert modules - NOT_ON_THE_PATH <= named, \
        f"not in the design document: {sorted(modules - NOT_ON_THE_PATH - named)}"


def test_the_pipeline_is_declared_in_one_place_and_run_in_its_order():
    steps = [step.__name__ for _, step in worker.PIPELINE]
    assert steps == ["parse", "restore", "scan", "execute", "classify"]
    tree = ast.parse(Path(worker.__file__).read_text(encoding="utf-8"))
    run_job = next(n for n in tree.body if isinstance(n, ast.FunctionDef)
                   and n.name == "run_job")
    called = {n.func.id for n in ast.walk(run_job) if isinstance(n, ast.Call)
              and isinstance(n.func, ast.Name)}
    assert not called & set(steps), "run_job calls a step by name instead of PIPELINE"


def test_no_reason_is_joined_outside_the_findings_module():
    """The reason is written from records in one place (dlgrade.findings.reason_text)."""
    for path in PACKAGE.glob("*.py"):
        if path.stem != "findings":
            assert '"; ".join' not in path.read_text(encoding="utf-8"), path.name
