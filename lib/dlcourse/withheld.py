"""What stands in the course library for an exercise's implementation while a chapter is graded.

The library holds the course's own implementation of almost every exercise (the demos and the
tests use them). While a submission is graded, the student's kernel imports a *grading view*
of this package (made by ``dlgrade.view`` from ``autograde/withheld.toml``) in which each of
those implementations is replaced by a stub with the same name, signature and docstring that
raises :class:`NotAvailableWhileGrading`. The tests run elsewhere, with the whole library; so
points are earned only by code the student wrote. In the student's own JupyterLab nothing here
is used: the library is complete there.
"""

__all__ = ["NotAvailableWhileGrading", "message", "refuse", "mark", "WithheldValue",
           "is_withheld"]


class NotAvailableWhileGrading(RuntimeError):
    """The course library's implementation of an exercise was called while grading."""


def message(name):
    """The Korean message for the withheld ``name`` (e.g. ``"training.train_step"``)."""
    return (f"채점 중에는 과정 라이브러리의 `{name}`을(를) 쓸 수 없습니다(not available while "
            "grading). 점수는 여러분이 직접 작성한 코드에만 주어지므로, 라이브러리의 구현을 "
            "부르거나 베낀 답은 점수를 받지 못합니다.")


def refuse(name):
    """Raise :class:`NotAvailableWhileGrading` for ``name`` (the body of every stub)."""
    raise NotAvailableWhileGrading(message(name))


def mark(name):
    """Decorator of a stub function: records which implementation it stands for."""
    def decorate(function):
        function.__dlcourse_withheld__ = name
        return function
    return decorate


def is_withheld(obj):
    """True for a stub of the grading view (a function, a class or a constant)."""
    try:
        return isinstance(obj, WithheldValue) or bool(
            getattr(obj, "__dlcourse_withheld__", None))
    except NotAvailableWhileGrading:
        return True


class WithheldValue:
    """A module constant of the library withheld while grading: every use of it raises."""

    __slots__ = ("_dlcourse_name",)

    def __init__(self, name):
        object.__setattr__(self, "_dlcourse_name", name)

    def _refuse(self, *args, **kwargs):
        refuse(object.__getattribute__(self, "_dlcourse_name"))

    def __getattr__(self, attribute):
        self._refuse()

    def __repr__(self):
        return f"<채점 중에는 쓸 수 없는 값 {object.__getattribute__(self, '_dlcourse_name')}>"

    __setattr__ = __delattr__ = __getitem__ = __setitem__ = __iter__ = __len__ = _refuse
    __contains__ = __call__ = __bool__ = __eq__ = __hash__ = __reduce__ = __reduce_ex__ = _refuse
    __copy__ = __deepcopy__ = __array__ = __float__ = __int__ = __index__ = _refuse
