"""The grading view of the course library (dlgrade.view, autograde/withheld.toml).

While a chapter is graded the student's kernel imports the library without the exercises'
implementations. These tests check the manifest against the library and the notebooks, that
every chapter's view imports with each withheld object replaced by a stub (same signature and
docstring, raising NotAvailableWhileGrading in Korean) and nothing else changed, and that the
view's files hold no implementation to read. Grading through the engine is in
tests/test_grading_e2e.py (every spelling of "use the library's implementation" earns 0).
"""
import ast
import importlib
import inspect
import json
import subprocess
import sys
import textwrap

import pytest

from course_tools import answer_sources, right_answers
from dlcourse import withheld
from dlcourse.demo import yours_or_reference
from dlgrade import view
from dlgrade.copies import MIN_NODES, library_copies, normalised
from dlgrade.course import chapters
from dlgrade.names import bound_names

MANIFEST = view.manifest()


def resolve(path):
    module, name = view.split(path)
    return getattr(importlib.import_module(module), name)


def test_every_listed_implementation_exists_in_the_library():
    for path in sorted(MANIFEST.implementations()):
        assert resolve(path) is not None, path


def test_allowed_names_are_implementations_of_earlier_chapters():
    known = chapters()
    assert set(MANIFEST.exercises) <= set(known) and set(MANIFEST.allowed) <= set(known)
    for chapter, paths in MANIFEST.allowed.items():
        own = MANIFEST.implementations(chapter)
        earlier = set().union(*(MANIFEST.implementations(c) for c in known if c < chapter))
        assert paths <= earlier - own, (chapter, sorted(paths - (earlier - own)))


def test_exercises_are_answers_of_their_chapter():
    for chapter, exercises in MANIFEST.exercises.items():
        answers = set().union(*(bound_names(s) for s in answer_sources(chapter).values()))
        assert set(exercises) <= answers, (chapter, sorted(set(exercises) - answers))


def _library_top_level():
    """{name: ["dlcourse.module:name", ...]} of every top-level function, class and constant."""
    found = {}
    for file in sorted(view.library_dir().glob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in tree.body:
            name = view._defined(node)
            if name:
                found.setdefault(name, []).append(f"dlcourse.{file.stem}:{name}")
    return found


@pytest.mark.parametrize("chapter", chapters())
def test_every_answer_the_library_defines_by_name_is_withheld(chapter):
    """An answer ``f`` of the chapter that the library defines as ``f`` or ``reference_f``
    (in any module) is withheld while the chapter is graded."""
    library = _library_top_level()
    listed = MANIFEST.withheld(chapter)
    missing = []
    for source in answer_sources(chapter).values():
        for name in bound_names(source):
            for path in library.get(name, []) + library.get(f"reference_{name}", []):
                if path not in listed:
                    missing.append(path)
    assert not missing


VIEW_PROBE = textwrap.dedent('''
    import importlib, inspect, json, pkgutil, sys
    import dlcourse
    from dlcourse.withheld import NotAvailableWhileGrading, is_withheld
    withheld, allowed = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    report = {"file": dlcourse.__file__, "modules": [], "not_stubbed": [], "stubbed": [],
              "calls": {}}
    for m in pkgutil.iter_modules(dlcourse.__path__):
        importlib.import_module("dlcourse." + m.name)
        report["modules"].append(m.name)
    for path in withheld:
        module, name = path.split(":")
        obj = getattr(importlib.import_module(module), name)
        if not is_withheld(obj):
            report["not_stubbed"].append(path)
        elif inspect.isroutine(obj) or inspect.isclass(obj):
            try:
                obj(*([None] * 12)) if not inspect.isclass(obj) else obj()
            except NotAvailableWhileGrading as err:
                report["calls"][path] = str(err)
            except TypeError as err:  # too many positional arguments for the signature
                try:
                    obj()
                except NotAvailableWhileGrading as err2:
                    report["calls"][path] = str(err2)
                except TypeError:
                    sig = inspect.signature(obj)
                    args = [None for p in sig.parameters.values()
                            if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
                    try:
                        obj(*args)
                    except NotAvailableWhileGrading as err3:
                        report["calls"][path] = str(err3)
    for path in allowed:
        module, name = path.split(":")
        if is_withheld(getattr(importlib.import_module(module), name)):
            report["stubbed"].append(path)
    print(json.dumps(report))
''')


def _one_chapter_per_view():
    """Chapters with the same withheld set share one view: one chapter of each."""
    seen = {}
    for chapter in chapters():
        seen.setdefault(frozenset(MANIFEST.withheld(chapter)), chapter)
    return sorted(seen.values())


def test_chapters_without_an_allow_list_share_one_view():
    assert len({view.build(c) for c in chapters()}) == len(_one_chapter_per_view())
    assert view.build("00_orientation") == view.build("06_mlp_pytorch")


@pytest.mark.parametrize("chapter", _one_chapter_per_view())
def test_each_view_imports_and_withholds_exactly_the_manifests_list(chapter):
    package = view.build(chapter)
    withheld_paths = sorted(MANIFEST.withheld(chapter))
    kept = sorted(MANIFEST.implementations() - set(withheld_paths))
    run = subprocess.run([sys.executable, "-c", VIEW_PROBE, json.dumps(withheld_paths),
                          json.dumps(kept)], capture_output=True, text=True, timeout=600,
                         env={"PYTHONPATH": str(package.parent), "MPLBACKEND": "Agg",
                              "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["file"].startswith(str(package)), report["file"]
    assert not report["not_stubbed"] and not report["stubbed"], report
    functions = [p for p in withheld_paths
                 if inspect.isroutine(resolve(p)) or inspect.isclass(resolve(p))]
    assert sorted(report["calls"]) == functions
    for path, message in report["calls"].items():
        assert message == withheld.message(path.split(":")[0].split(".", 1)[1] + "."
                                           + path.split(":")[1])
        assert "채점 중에는" in message and "not available while grading" in message


@pytest.mark.parametrize("path", sorted(MANIFEST.implementations()))
def test_a_stub_keeps_the_signature_and_docstring_and_no_body(path):
    module, name = view.split(path)
    short = module.split(".", 1)[1]
    package = view.build("00_orientation")
    source = (package / f"{short.replace('.', '/')}.py").read_text(encoding="utf-8")
    stub = next(n for n in ast.parse(source).body if view._defined(n) == name)
    real = resolve(path)
    if isinstance(stub, (ast.FunctionDef, ast.AsyncFunctionDef)):
        namespace = {}
        text = f"def {stub.name}({ast.unparse(stub.args)}):\n    pass\n"
        # the signature as written (defaults evaluated in the library's module)
        exec(compile(text, "<stub>", "exec"), dict(vars(importlib.import_module(module))),
             namespace)
        assert inspect.signature(namespace[name]) == inspect.signature(real)
        body = stub.body[1:] if ast.get_docstring(stub) else stub.body
        assert [ast.unparse(s) for s in body] == [f"_dlcourse_refuse({short + '.' + name!r})"]
        assert ast.get_docstring(stub) == inspect.getdoc(real) or not inspect.getdoc(real)
    elif isinstance(stub, ast.ClassDef):
        methods = [n.name for n in stub.body if isinstance(n, ast.FunctionDef)]
        assert methods == ["__init__"], methods
    else:
        assert "WithheldValue" in ast.unparse(stub)


def test_a_withheld_constant_refuses_every_use():
    value = withheld.WithheldValue("perceptron.GATE_PARAMS")
    import copy
    import pickle

    for use in (lambda: value["AND"], lambda: list(value), lambda: len(value),
                lambda: copy.deepcopy(value), lambda: pickle.dumps(value), lambda: value.keys(),
                lambda: bool(value), lambda: dict(value), lambda: value == {}):
        with pytest.raises(withheld.NotAvailableWhileGrading):
            use()
    assert "GATE_PARAMS" in repr(value) and withheld.is_withheld(value)


def test_a_demo_uses_the_students_function_when_the_reference_is_withheld(capsys):
    @withheld.mark("activations.sigmoid")
    def stub(x):
        withheld.refuse("activations.sigmoid")

    def sigmoid(x):
        return x

    chosen = yours_or_reference("sigmoid", stub, 0.0, namespace={"sigmoid": sigmoid})
    assert chosen is sigmoid
    assert "채점 중에는" in capsys.readouterr().out
    assert yours_or_reference("sigmoid", stub, 0.0, namespace={}) is stub


class _Renamed(ast.NodeTransformer):
    def visit_Name(self, node):
        node.id = f"my_{node.id}" if node.id not in ("np", "torch") else node.id
        return node

    def visit_arg(self, node):
        node.arg = f"my_{node.arg}"
        return node

    def visit_FunctionDef(self, node):
        node.name = f"my_{node.name}"
        if ast.get_docstring(node):
            node.body = node.body[1:] or [ast.Pass()]
        self.generic_visit(node)
        return node


def test_copies_of_long_library_implementations_are_found_whatever_the_names():
    found = 0
    for chapter, exercises in MANIFEST.exercises.items():
        for exercise, paths in exercises.items():
            module, name = view.split(paths[0])
            file = view.library_dir() / f"{module.split('.', 1)[1].replace('.', '/')}.py"
            node = next((n for n in ast.parse(file.read_text(encoding="utf-8")).body
                         if view._defined(n) == name), None)
            if not isinstance(node, ast.FunctionDef) or normalised(node)[1] < MIN_NODES:
                continue
            # the student renames the function and every variable, drops the docstring
            text = ast.unparse(_Renamed().visit(node))
            assert library_copies([("answer", text)], chapter), (chapter, exercise)
            found += 1
    assert found >= 20


def test_no_solution_or_right_answer_counts_as_a_copy():
    for chapter in chapters():
        assert library_copies(list(answer_sources(chapter).items()), chapter) == []
    for right in right_answers():
        assert library_copies(list(right.replace.items()), right.chapter) == [], right.name


def test_views_no_grading_used_for_days_are_removed_when_a_new_one_is_built(tmp_path):
    """Each edit of the library makes a new view per chapter; the old ones go (not the ones
    in use: using a view marks it)."""
    import os
    import time

    old, recent = tmp_path / "view-old", tmp_path / "view-recent"
    for folder in (old, recent):
        (folder / "dlcourse").mkdir(parents=True)
    three_days_ago = time.time() - 3 * 86400
    os.utime(old, (three_days_ago, three_days_ago))
    package = view.build("00_orientation", views=tmp_path)
    assert not old.exists() and recent.exists() and package.is_dir()
    # a view that is used again is marked as used, so it outlives the cut-off
    os.utime(package.parent, (three_days_ago, three_days_ago))
    assert view.build("00_orientation", views=tmp_path) == package
    assert view.prune(tmp_path) == []
    assert package.is_dir()
