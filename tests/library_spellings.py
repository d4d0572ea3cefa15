"""Ways a student could answer an exercise with the course library's own implementation.

For an exercise ``name`` whose implementation is ``dlcourse.<module>:<obj>`` (the first one
``autograde/withheld.toml`` lists), each spelling below is a few lines that bind ``name`` to that
implementation, or to a thin wrapper around it, without any name the tampering scan looks for.
``cheating_cells(chapter, spelling)`` writes every answer cell of a chapter that way (keeping
the solution's other definitions in the cell), for the engine to grade: every test that reads
one of those names must score 0, because the grading view withholds the implementation.
"""
from course_tools import answer_sources
from dlgrade.names import bound_names
from dlgrade.view import manifest, split


def _wrapper(name, module, obj, is_class):
    if is_class:
        return f"import {module} as _lib\n\n\nclass {name}(_lib.{obj}):\n    pass\n"
    return (f"import {module} as _lib\n\n\ndef {name}(*args, **kwargs):\n"
            f"    return _lib.{obj}(*args, **kwargs)\n")


def _alias_of_setup(name, module, obj, is_class):
    return f"from {module} import {obj} as {name}\n"


def _importlib_getattr(name, module, obj, is_class):
    head, tail = module.split(".", 1)
    return (f"import importlib\n\n{name} = getattr(importlib.import_module({head!r} + "
            f"'.' + {tail!r}), {obj[:2]!r} + {obj[2:]!r})\n")


def _default_argument(name, module, obj, is_class):
    return (f"import {module} as _lib\n\n\ndef {name}(*args, _impl=_lib.{obj}, **kwargs):\n"
            f"    return _impl(*args, **kwargs)\n")


def _closure(name, module, obj, is_class):
    package, short = module.rsplit(".", 1)
    return (f"def _make():\n    from {package} import {short} as m\n    impl = m.{obj}\n\n"
            f"    def {name}(*args, **kwargs):\n        return impl(*args, **kwargs)\n"
            f"    return {name}\n\n\n{name} = _make()\n")


def _vars(name, module, obj, is_class):
    return f"import {module} as _lib\n\n{name} = vars(_lib)[{obj!r}]\n"


def _pickle(name, module, obj, is_class):
    return (f"import pickle\n\nimport {module} as _lib\n\n"
            f"{name} = pickle.loads(pickle.dumps(_lib.{obj}))\n")


def _fresh_copy_from_file(name, module, obj, is_class):
    return (f"import importlib.util\n\nimport {module} as _lib\n\n"
            f"_spec = importlib.util.spec_from_file_location({module + '_copy'!r}, _lib.__file__)\n"
            f"_copy = importlib.util.module_from_spec(_spec)\n"
            f"_spec.loader.exec_module(_copy)\n{name} = _copy.{obj}\n")


def _reload(name, module, obj, is_class):
    return (f"import importlib\n\nimport {module} as _lib\n\n"
            f"{name} = importlib.reload(_lib).{obj}\n")


SPELLINGS = {
    "wrapper": _wrapper,
    "import-as": _alias_of_setup,
    "importlib-getattr": _importlib_getattr,
    "default-argument": _default_argument,
    "closure": _closure,
    "vars": _vars,
    "pickle": _pickle,
    "fresh-copy-from-file": _fresh_copy_from_file,
    "reload": _reload,
}


def implementation(chapter, name):
    """``(module, object, is_class)`` of an exercise's first listed implementation, or None."""
    paths = manifest().of_exercise(chapter, name)
    if not paths:
        return None
    module, obj = split(paths[0])
    import importlib

    value = getattr(importlib.import_module(module), obj)
    return module, obj, isinstance(value, type)


def cheating_cells(chapter, spelling, root=None):
    """``({answer cell id: source}, {names that cheat})`` for one spelling: each answer cell
    keeps the solution and then rebinds every name that has a library implementation."""
    sources = answer_sources(chapter, *([root] if root else []))
    replace, cheats = {}, set()
    for cell, source in sources.items():
        lines = [source.rstrip("\n")]
        for name in sorted(bound_names(source)):
            found = implementation(chapter, name)
            if found is None:
                continue
            lines.append(SPELLINGS[spelling](name, *found))
            cheats.add(name)
        if len(lines) > 1:
            replace[cell] = "\n\n\n".join(lines) + "\n"
    return replace, cheats
