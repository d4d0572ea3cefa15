"""The course's misconceptions: what a wrong answer believes, and where the course teaches it.

The catalogue is ``misconceptions.toml`` beside this module: one table per misconception id
(``sum-vs-mean``, ``wrong-axis``, ...) with a Korean ``title`` (English term in parentheses),
an ``explain`` of a few sentences and the ``chapter`` and ``section`` (a heading of that
chapter's notebook) that teach it.

A check of :mod:`dlcourse.grading` that fails names at most one misconception, on a line of its
own (:func:`line`), e.g.::

    오개념(misconception) [sum-vs-mean] 합과 평균의 혼동 (sum vs mean): 손실은 보통 ...
    (03장 「2. 평균절대오차 ...」)

The line says what the mistake is and where to read about it; it never carries the test's
inputs or the expected value. :func:`named_in` finds the ids a message names (the class report
counts them; the course's tests check that every wrong answer's feedback names its own).
"""
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Misconception", "catalogue", "get", "line", "named_in", "TAG"]

CATALOGUE = Path(__file__).with_name("misconceptions.toml")
TAG = "오개념(misconception)"
_FIELDS = ("title", "explain", "chapter", "section")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NAMED = re.compile(re.escape(TAG) + r" \[(" + _ID.pattern + r")\]")


@dataclass(frozen=True)
class Misconception:
    """One entry of the catalogue: ``id`` (lower-case words joined by '-'), ``title`` and
    ``explain`` (Korean, one paragraph), ``chapter`` ("03_loss_functions") and ``section`` (a
    heading of that chapter's notebook, without the leading '#')."""

    id: str
    title: str
    explain: str
    chapter: str
    section: str

    @property
    def where(self):
        """Where the course teaches it, as a student reads it: 03장 「2. 평균절대오차 ...」."""
        return f"{self.chapter[:2]}장 「{self.section}」"


@functools.cache
def catalogue():
    """``{id: Misconception}`` of the catalogue file, in its order; read strictly (an id not
    in lower-case words joined by '-', a missing or unknown field fails loudly)."""
    data = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    found = {}
    for key, entry in data.items():
        if not _ID.fullmatch(key) or not isinstance(entry, dict) or set(entry) != set(_FIELDS):
            raise ValueError(f"{CATALOGUE.name}: [{key}] needs exactly the fields "
                             f"{', '.join(_FIELDS)}")
        text = {k: " ".join(str(entry[k]).split()) for k in _FIELDS}
        found[key] = Misconception(key, **text)
    return found


def get(misconception_id):
    """The catalogue's entry for ``misconception_id``; an unknown id is a ``KeyError`` that
    says so (a typo in a test cell fails the first time the cell runs)."""
    try:
        return catalogue()[misconception_id]
    except (KeyError, TypeError):
        raise KeyError(f"unknown misconception {misconception_id!r}: not in "
                       f"{CATALOGUE.name}") from None


def line(misconception_id):
    """The line a failed check adds for ``misconception_id``: tag, id, title, explanation and
    where the course teaches it."""
    m = get(misconception_id)
    return f"{TAG} [{m.id}] {m.title}: {m.explain} ({m.where})"


def named_in(text):
    """The misconception ids a message names, in order, each once."""
    return list(dict.fromkeys(_NAMED.findall(text or "")))
