"""Grading engine for the course: nbgrader plugins and the instructor's commands."""
import sys

# jsonschema (through nbformat) imports rfc3987_syntax when it is installed (JupyterLab's
# jupyter-events asks for it), and that module compiles a Lark grammar on import: about 1 s in
# every grading worker, command and nbgrader run. It only checks the "iri" string format, which
# no notebook schema uses, so grading processes do without it (jsonschema skips the format when
# the import fails). Nothing else changes: validation of notebooks is the same.
sys.modules.setdefault("rfc3987_syntax", None)
