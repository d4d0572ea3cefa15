"""One call at the top of every notebook: seeds, plot style, Korean font."""
import os
import random
import sys

import numpy as np

DEFAULT_SEED = 0
# "1" in the environment: plt.show fails a figure whose legend hides data. The course's tests
# set it in the kernels that run the solution notebooks (tests/conftest.py), and only there.
FIGURE_CHECK = "DLCOURSE_CHECK_FIGURES"


def seed_everything(seed=DEFAULT_SEED):
    """Seed Python's ``random``, numpy's global generator and, if it has been imported, torch
    (CPU) with ``seed``.

    torch is not imported here: importing it takes about a second, which the numpy-only
    chapters (00, 01) should not pay, in the notebook or in each graded submission. A notebook
    that uses torch imports it before calling this (a release test checks every chapter).
    """
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(seed)


# The first words of the answer stub's message (c.ClearSolutions.code_stub in
# autograde/nbgrader_config.py): an unanswered exercise, not a bug to trace.
STUB_MESSAGE_START = "답을 쓰세요"


def _short_check_failures():
    """In a Jupyter kernel, a failed check (``GradingError``) shows its Korean message alone:
    what was expected, what came back and the hint, without the library's traceback. So does
    an unanswered exercise (the stub's ``NotImplementedError``); any other error keeps
    IPython's usual traceback."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return
    from .grading import GradingError

    def show(shell, etype, value, tb, tb_offset=None):
        if issubclass(etype, GradingError) or str(value).startswith(STUB_MESSAGE_START):
            stb = [f"{etype.__name__}: {value}"]
        else:
            stb = shell.InteractiveTB.structured_traceback(etype, value, tb,
                                                           tb_offset=tb_offset)
        shell._showtraceback(etype, value, stb)  # IPython leaves showing it to the handler
        return stb

    shell.set_custom_exc((GradingError, NotImplementedError), show)


def setup(seed=DEFAULT_SEED, *, style=True, torch_threads=1):
    """Prepare a notebook: seed every generator, set the plot style and the Korean font.

    Import torch first if the notebook uses it (see :func:`seed_everything`). torch runs on ``torch_threads`` CPU threads (default 1): the course's networks are tiny, so
    one thread is as fast or faster, does not slow down when other programs (or other
    notebooks) use the cores, and gives the same numbers on every machine. ``None`` leaves
    torch's own choice.
    Returns a fresh ``numpy.random.Generator`` seeded with ``seed`` for the notebook to use.
    """
    seed_everything(seed)
    _short_check_failures()
    torch = sys.modules.get("torch")  # imported by the notebook before setup(), if it uses it
    if torch_threads is not None and torch is not None:
        torch.set_num_threads(int(torch_threads))
    if style:
        from .plotting import use_course_style

        use_course_style()
    if os.environ.get(FIGURE_CHECK) == "1":
        from .legends import check_legends_on_show

        check_legends_on_show()
    return np.random.default_rng(seed)
