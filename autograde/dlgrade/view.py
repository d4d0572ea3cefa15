"""The grading view of the course library: the library without the exercises' implementations.

``autograde/withheld.toml`` lists, per chapter and exercise, the library objects that implement
an exercise. :func:`build` writes a copy of the ``dlcourse`` package in which each withheld
function or class is replaced by a stub with the same name, signature and docstring that raises
``dlcourse.withheld.NotAvailableWhileGrading``, and each withheld constant by a value that
refuses every use. The sandbox mounts that copy over the library's folder in the student's
kernel (:func:`dlgrade.sandbox.kernel_argv`), so the implementation is not on that kernel's
disk at all; the clean process that runs the tests keeps the real library.

Views are built once per library version and withheld set (a hash of both; chapters without
an allow-list share one), under ``autograde/.views/`` (git-ignored), atomically, so parallel workers share them.
"""
import ast
import compileall
import functools
import hashlib
import os
import shutil
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .course import AUTOGRADE

MANIFEST = AUTOGRADE / "withheld.toml"
VIEWS = AUTOGRADE / ".views"
PACKAGE = "dlcourse"


@dataclass(frozen=True)
class Manifest:
    """``exercises``: {chapter: {exercise: (paths, ...)}}; ``allowed``: {chapter: {path}}."""

    exercises: dict
    allowed: dict

    def implementations(self, chapter=None):
        """Every listed implementation (``module:name``), or those of one chapter's exercises."""
        chapters = [chapter] if chapter else list(self.exercises)
        return {path for c in chapters for paths in self.exercises.get(c, {}).values()
                for path in paths}

    def of_exercise(self, chapter, exercise):
        return tuple(self.exercises.get(chapter, {}).get(exercise, ()))

    def withheld(self, chapter):
        """What the student's kernel may not use while ``chapter`` is graded."""
        return self.implementations() - set(self.allowed.get(chapter, ()))


@functools.lru_cache(maxsize=None)
def _load(path, mtime):
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    exercises = {chapter: {name: tuple(paths) for name, paths in table.items()}
                 for chapter, table in data.get("exercises", {}).items()}
    allowed = {chapter: frozenset(paths) for chapter, paths in data.get("allowed", {}).items()}
    return Manifest(exercises, allowed)


def manifest(path=MANIFEST):
    path = Path(path)
    return _load(str(path), path.stat().st_mtime_ns)


def library_dir():
    import dlcourse

    return Path(dlcourse.__file__).resolve().parent


def split(path):
    """``("dlcourse.training", "train_step")`` for ``"dlcourse.training:train_step"``."""
    module, _, name = path.partition(":")
    if not module.startswith(PACKAGE + ".") or not name or "." in name:
        raise ValueError(f"{path!r}: expected 'dlcourse.<module>:<top-level name>'")
    return module, name


# ----------------------------------------------------------------------------------------
# the stubs
# ----------------------------------------------------------------------------------------

HEADER = ("from dlcourse.withheld import mark as _dlcourse_mark, refuse as _dlcourse_refuse, "
          "WithheldValue as _DlcourseWithheldValue  # grading view\n")


def _docstring(node, indent):
    doc = ast.get_docstring(node, clean=False)
    if not doc:
        return ""
    return f"{indent}{doc!r}\n"


def _stub(node, shown):
    """Source of the stub that replaces one top-level definition or assignment."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return (f"@_dlcourse_mark({shown!r})\n"
                f"def {node.name}({ast.unparse(node.args)}):\n"
                + _docstring(node, "    ")
                + f"    _dlcourse_refuse({shown!r})\n")
    if isinstance(node, ast.ClassDef):
        bases = [ast.unparse(b) for b in node.bases]
        bases += [ast.unparse(k) for k in node.keywords]
        head = f"class {node.name}({', '.join(bases)}):\n" if bases else \
            f"class {node.name}:\n"
        return (head + _docstring(node, "    ")
                + f"    __dlcourse_withheld__ = {shown!r}\n\n"
                + "    def __init__(self, *args, **kwargs):\n"
                + f"        _dlcourse_refuse({shown!r})\n")
    target = node.targets[0].id if isinstance(node, ast.Assign) else node.target.id
    return f"{target} = _DlcourseWithheldValue({shown!r})\n"


def _defined(node):
    """The name a top-level statement defines (None for anything else)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(
            node.targets[0], ast.Name):
        return node.targets[0].id
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return None


def rewrite(source, module, names):
    """``source`` of ``dlcourse.<module>`` with the top-level ``names`` replaced by stubs.

    Raises KeyError when a name is not defined at the module's top level.
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    todo = set(names)
    edits = []
    for node in tree.body:
        name = _defined(node)
        if name in todo:
            start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            edits.append((start - 1, node.end_lineno, _stub(node, f"{module}.{name}")))
            todo.discard(name)
    if todo:
        raise KeyError(f"dlcourse.{module} defines no top-level {sorted(todo)}")
    for start, end, text in sorted(edits, reverse=True):
        lines[start:end] = [text]
    # after the module docstring and any __future__ import, before everything else
    first = 0
    for node in tree.body:
        is_doc = isinstance(node, ast.Expr) and isinstance(getattr(node, "value", None),
                                                           ast.Constant) and node is tree.body[0]
        if is_doc or (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
            first = node.end_lineno
            continue
        break
    lines.insert(first, HEADER)  # every edit lies below ``first``
    return "".join(lines)


# ----------------------------------------------------------------------------------------
# building a view
# ----------------------------------------------------------------------------------------

def _files(root):
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def fingerprint(withheld):
    """A hash of everything a view is made from: the library and what it withholds."""
    digest = hashlib.sha256()
    lib = library_dir()
    for path in _files(lib):
        digest.update(str(path.relative_to(lib)).encode() + b"\0" + path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update("\n".join(sorted(withheld)).encode())
    return digest.hexdigest()[:20]


def build(chapter, manifest_path=MANIFEST, views=None):
    """The folder holding the grading view ``dlcourse/`` for ``chapter`` (built if missing).

    Returns the view's package folder (``.../dlcourse``), to mount over the library's.
    """
    views = Path(views or _views_dir())
    withheld = manifest(manifest_path).withheld(chapter)
    target = views / f"view-{fingerprint(withheld)}"
    package = target / PACKAGE
    if package.is_dir():
        _touch(target)
        return package
    views.mkdir(parents=True, exist_ok=True, mode=0o700)
    prune(views)
    by_module = {}
    for path in withheld:
        module, name = split(path)
        by_module.setdefault(module, set()).add(name)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=views))
    try:
        shutil.copytree(library_dir(), work / PACKAGE,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for module, names in sorted(by_module.items()):
            file = work / PACKAGE / (module.split(".", 1)[1].replace(".", os.sep) + ".py")
            file.write_text(rewrite(file.read_text(encoding="utf-8"), module.split(".", 1)[1],
                                    names), encoding="utf-8")
        compileall.compile_dir(str(work / PACKAGE), quiet=1, workers=1)
        os.chmod(work, 0o755)
        try:
            os.rename(work, target)
        except OSError:  # another worker finished first: use theirs
            if not package.is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return package


UNUSED_DAYS = 2  # a view no grading has used for this long is removed when a new one is built


def _touch(folder):
    try:
        os.utime(folder)
    except OSError:  # a view someone else made, read-only here: it is used all the same
        pass


def prune(views, days=UNUSED_DAYS):
    """Remove the views no grading has used for ``days`` (each edit of the library makes a
    new view per chapter; the old ones are never used again). Returns the names removed."""
    cutoff = time.time() - days * 86400
    removed = []
    for folder in Path(views).glob("view-*"):
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder)
                removed.append(folder.name)
        except OSError:
            continue
    return removed


def _views_dir():
    """autograde/.views of this project when it can be written, else a private cache."""
    try:
        VIEWS.mkdir(parents=True, exist_ok=True)
        if os.access(VIEWS, os.W_OK):
            return VIEWS
    except OSError:
        pass
    return Path(os.path.expanduser("~")) / ".cache" / "dlgrade" / "views"
