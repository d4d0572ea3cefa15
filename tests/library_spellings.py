"""Ways a student could answer an exercise with the course library's own implementation.

For an exercise ``name`` whose implementation is ``dlcourse.<module>:<obj>`` (the first one
``autograde/withheld.toml`` lists), each spelling below is a few lines that bind ``name`` to that
implementation, or to a thin wrapper around it, without any name the tampering scan looks for.
Helper names carry the answer's name (``_lib_<name>``), so that several spellings in one
submission do not rebind each other's.
``cheating_cells(chapter, spelling)`` writes every answer cell of a chapter that way (keeping
the solution's other definitions in the cell), for the engine to grade: every test that reads
one of those names must score 0, because the grading view withholds the implementation.
"""
from course_tools import answer_sources
from dlgrade.names import bound_names
from dlgrade.view import manifest, split


def _wrapper(name, module, obj, is_class):
    lib = f"_lib_{name}"
    if is_class:
        return f"import {module} as {lib}\n\n\nclass {name}({lib}.{obj}):\n    pass\n"
    return (f"import {module} as {lib}\n\n\ndef {name}(*args, **kwargs):\n"
            f"    return {lib}.{obj}(*args, **kwargs)\n")


def _alias_of_setup(name, module, obj, is_class):
    return f"from {module} import {obj} as {name}\n"


def _importlib_getattr(name, module, obj, is_class):
    head, tail = module.split(".", 1)
    return (f"import importlib\n\n{name} = getattr(importlib.import_module({head!r} + "
            f"'.' + {tail!r}), {obj[:2]!r} + {obj[2:]!r})\n")


def _default_argument(name, module, obj, is_class):
    lib = f"_lib_{name}"
    return (f"import {module} as {lib}\n\n\ndef {name}(*args, _impl={lib}.{obj}, **kwargs):\n"
            f"    return _impl(*args, **kwargs)\n")


def _closure(name, module, obj, is_class):
    package, short = module.rsplit(".", 1)
    return (f"def _make_{name}():\n    from {package} import {short} as m\n    impl = m.{obj}\n\n"
            f"    def {name}(*args, **kwargs):\n        return impl(*args, **kwargs)\n"
            f"    return {name}\n\n\n{name} = _make_{name}()\n")


def _vars(name, module, obj, is_class):
    lib = f"_lib_{name}"
    return f"import {module} as {lib}\n\n{name} = vars({lib})[{obj!r}]\n"


def _pickle(name, module, obj, is_class):
    lib = f"_lib_{name}"
    return (f"import pickle\n\nimport {module} as {lib}\n\n"
            f"{name} = pickle.loads(pickle.dumps({lib}.{obj}))\n")


def _fresh_copy_from_file(name, module, obj, is_class):
    lib, spec, copy = f"_lib_{name}", f"_spec_{name}", f"_copy_{name}"
    return (f"import importlib.util\n\nimport {module} as {lib}\n\n"
            f"{spec} = importlib.util.spec_from_file_location({module + '_copy'!r}, "
            f"{lib}.__file__)\n"
            f"{copy} = importlib.util.module_from_spec({spec})\n"
            f"{spec}.loader.exec_module({copy})\n{name} = {copy}.{obj}\n")


def _reload(name, module, obj, is_class):
    lib = f"_lib_{name}"
    return (f"import importlib\n\nimport {module} as {lib}\n\n"
            f"{name} = importlib.reload({lib}).{obj}\n")


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


# Exercises whose first listed implementation is not a drop-in answer: bound to the exercise's
# name it fails the tests even where the library is whole (the grading view withholds it all
# the same). The e2e test checks that each entry really fails there, so the table stays true.
NOT_A_DROP_IN = {
    ("04_gradient_descent", "gradient_descent"):
        "minimize(update, grad_fn, w0, n_steps) takes an update rule first and returns "
        "(trajectory, config)",
    ("05_backpropagation", "two_layer_loss"):
        "the library's two_layer_loss defaults to ReLU and softmax; the exercise's network "
        "is sigmoid with squared error",
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
    keeps the solution and then rebinds every name that has a library implementation.
    ``spelling`` is a key of ``SPELLINGS``, or a callable ``name -> key`` choosing one per name."""
    sources = answer_sources(chapter, *([root] if root else []))
    choose = spelling if callable(spelling) else (lambda name: spelling)
    replace, cheats = {}, set()
    for cell, source in sources.items():
        lines = [source.rstrip("\n")]
        for name in sorted(bound_names(source)):
            found = implementation(chapter, name)
            if found is None:
                continue
            lines.append(SPELLINGS[choose(name)](name, *found))
            cheats.add(name)
        if len(lines) > 1:
            replace[cell] = "\n\n\n".join(lines) + "\n"
    return replace, cheats


def cheating_names(chapter, root=None):
    """The chapter's answer names with a library implementation, in notebook order."""
    sources = answer_sources(chapter, *([root] if root else []))
    return [name for source in sources.values() for name in sorted(bound_names(source))
            if implementation(chapter, name) is not None]


def rotations(names, every_pair=False):
    """``[{name: spelling}]``: submissions in which every name cheats, each with its own
    spelling, so that together they use every spelling at least once (the fewest submissions
    that do: one if there are at least as many names as spellings). With ``every_pair``, one
    submission per spelling instead (every name spelled every way)."""
    keys = list(SPELLINGS)
    if every_pair:
        return [{name: key for name in names} for key in keys]
    if not names:
        return []
    rounds = -(-len(keys) // len(names))
    return [{name: keys[(j * len(names) + i) % len(keys)] for i, name in enumerate(names)}
            for j in range(rounds)]
