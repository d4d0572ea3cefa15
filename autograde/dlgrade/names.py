"""What names a cell binds and reads (static, from its syntax tree).

The grading engine uses these to give a test cell only the answers it tests, to find which
instructor cells an answer depends on, and to find the tests of an answer the scan flagged.
"""
import ast
import builtins


def bound_names(source):
    """Names a cell binds at its top level (definitions, assignments, imports)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            names.update(n.id for n in ast.walk(node)
                         if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    return names


def free_names(source):
    """Names a cell reads but never binds itself (nor are they builtins).

    Names read inside function bodies count: a function defined here reads them when called.
    Raises SyntaxError for a cell that does not parse.
    """
    tree = ast.parse(source)
    loads, stores = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (stores if isinstance(node.ctx, (ast.Store, ast.Del)) else loads).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stores.add(node.name)
        elif isinstance(node, ast.arg):
            stores.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            stores.update((a.asname or a.name).split(".")[0] for a in node.names)
    return loads - stores - set(dir(builtins))


def imported_names(source):
    """Names a cell binds by ``import`` at its top level (modules and library functions)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {(a.asname or a.name).split(".")[0] for node in tree.body
            if isinstance(node, (ast.Import, ast.ImportFrom)) for a in node.names}


def imported_modules(sources):
    """The modules that ``sources`` (course code, e.g. test cells) import anywhere, absolute
    imports only, sorted: ``["numpy", "sklearn.preprocessing"]``. The clean process's zygote
    imports them once, so that a test cell's own ``import`` costs nothing per submission."""
    modules = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module)
    return sorted(modules)


def needed_cells(cells):
    """Which instructor cells grading must run: the indices of ``cells`` to execute.

    cells: ``[(kind, source)]`` in notebook order, kind one of ``"setup"``, ``"answer"``,
    ``"student"`` (a cell the student added), ``"test"`` or ``"instructor"`` (read-only cells:
    data, figures, demos). Setup, answer and student cells always run; test cells are run by
    the engine in any case and only read. An instructor cell runs when a cell after it that
    runs (or a test) reads a name it binds, or reads a name it also reads or binds other than
    what the setup cell imports (it may change that object in place, e.g. draw from ``rng``
    or append to a list), or when it binds a name an answer binds. Everything else (figures,
    demos, printed tables) cannot change what an answer computes, so it is skipped.
    """
    answers = set()
    for kind, source in cells:
        if kind == "answer":
            answers |= bound_names(source)
    imported = set().union(*(imported_names(s) for kind, s in cells if kind == "setup"))

    def reads(source):
        try:
            return free_names(source)
        except SyntaxError:
            return set()

    needed, later = set(), set()
    for index in range(len(cells) - 1, -1, -1):
        kind, source = cells[index]
        if kind == "test":
            later |= reads(source)
            continue
        if kind == "instructor":
            touched = (bound_names(source) | reads(source)) - imported
            if not (touched & later or bound_names(source) & answers):
                continue
        needed.add(index)
        later |= reads(source)
    return needed
