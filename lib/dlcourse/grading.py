"""Checks used by every test cell of the course.

Rules, in order: never trust the student's object (no ``==`` on it, no ``__eq__``, no
``__array__`` tricks: it is turned into a plain numpy array of the expected kind first), check
type and shape before values, and say in Korean (with the English term) what was expected and
what came back. Every failure raises :class:`GradingError`, an ``AssertionError``, so nbgrader
scores the cell 0 and the message is what the student reads.

Checks take a ``hint`` (the likely bug, in the exercise's words) and a ``misconception``: an id
of the course's catalogue (:mod:`dlcourse.misconceptions`) that the failure names on a line of
its own, either one id or ``{failure kind: id}`` for the kinds of :data:`FAILURE_KINDS`. A
value check also takes ``suspects``: ``{id: the answer that misconception gives}`` (or a list
of ``(id, answer)`` pairs); when the student's answer is one of them, the failure names that
misconception instead. Both only ever add the catalogue's text: never an input or an expected
value of the test.
"""
import contextlib
import numbers
import sys
import warnings

import numpy as np

from . import misconceptions

__all__ = [
    "GradingError", "to_numpy", "check_type", "check_callable", "check_shape",
    "check_array", "check_scalar", "check_equal", "check_true", "numerically_strict",
    "check_labels", "graded_with", "call_in_notebook", "check_choice", "check_choice_is",
    "check_number", "check_number_is",
]

# At grading time the test cells run in a separate, clean process and the student's answers
# live in the student's kernel: the connection there while a test runs (answers_elsewhere).
_answer_side = None


@contextlib.contextmanager
def answers_elsewhere(side):
    """For the grading engine: while the block runs, the answers live in another process.

    ``side`` is the connection to it and must offer ``strict(on: bool)`` (numpy's floating
    point errors raised there, for :func:`numerically_strict`), ``swap(replacements: dict)``
    and ``unswap()`` (for :func:`graded_with`) and ``call_there(function, args, kwargs)``
    (for :func:`call_in_notebook`). Outside such a block (a notebook, the course's tests) the
    answers are in this process's ``__main__``.
    """
    global _answer_side
    missing = [m for m in ("strict", "swap", "unswap", "call_there")
               if not callable(getattr(side, m, None))]
    if missing:
        raise TypeError(f"answers_elsewhere: the connection lacks {', '.join(missing)}")
    before, _answer_side = _answer_side, side
    try:
        yield side
    finally:
        _answer_side = before

_PREVIEW = 6


class GradingError(AssertionError):
    """A test failed; the message says what was expected and what came back."""


def _fail(message):
    raise GradingError(message)


# what a check can find wrong, in the order it looks (``misconception={kind: id}``)
FAILURE_KINDS = ("type", "shape", "nan", "value")


def _known(misconception):
    """``misconception`` (None, an id or ``{kind: id}``) checked against the catalogue, so a
    typo fails the first time the test runs, not only when a student is wrong."""
    if isinstance(misconception, dict):
        unknown = set(misconception) - set(FAILURE_KINDS)
        if unknown:
            raise ValueError(f"misconception kinds {sorted(unknown)}: not in {FAILURE_KINDS}")
        for m in misconception.values():
            misconceptions.get(m)
    elif misconception is not None:
        misconceptions.get(misconception)
    return misconception


def _for_kind(misconception, kind):
    """The id named for a failure of ``kind``: one id stands for every kind but "type" (an
    answer of the wrong type, None say, tells nothing of the misconception a value would)."""
    if isinstance(misconception, dict):
        return misconception.get(kind)
    return None if kind == "type" else misconception


def _hint(hint, misconception=None, kind="value"):
    text = f"\n힌트(hint): {hint}" if hint else ""
    named = _for_kind(misconception, kind)
    return text + (f"\n{misconceptions.line(named)}" if named else "")


@contextlib.contextmanager
def _hinted(hint, misconception=None, kind="type"):
    """A check failing inside the block carries ``hint`` (and the misconception) too."""
    try:
        yield
    except GradingError as err:
        extra = _hint(hint, misconception, kind)
        if not extra or misconceptions.TAG in str(err):
            raise
        raise GradingError(f"{err}{extra}") from None


def _suspect_pairs(suspects):
    if suspects is None:
        return []
    pairs = list(suspects.items()) if isinstance(suspects, dict) else list(suspects)
    for pair in pairs:
        misconceptions.get(pair[0])
    return pairs


def _matching_suspect(got, suspects, *, kind, rtol, atol):
    """The first misconception id whose answer ``got`` equals (same shape, same tolerance)."""
    for misconception, answer in _suspect_pairs(suspects):
        try:
            candidate = to_numpy(answer, "suspect", kind=kind)
        except GradingError:
            continue
        if candidate.shape != got.shape:
            continue
        if kind == "float":
            with np.errstate(invalid="ignore"):
                same = np.allclose(got, candidate, rtol=rtol, atol=atol, equal_nan=True)
        else:
            same = bool(np.all(got == candidate))
        if same:
            return misconception
    return None


def _is_remote(value):
    return getattr(type(value), "_dlgrade_names", None) is not None


def _type_name(value):
    return type(value).__module__ + "." + type(value).__qualname__ \
        if type(value).__module__ not in ("builtins",) else type(value).__qualname__


def _from_sequence(value, name):
    if isinstance(value, (list, tuple)):
        return [_from_sequence(v, name) for v in value]
    if isinstance(value, np.ndarray):
        return np.array(value, copy=True).view(np.ndarray)
    if isinstance(value, (bool, np.bool_, numbers.Real)):
        return value
    _fail(f"{name}: 리스트 안에 숫자가 아닌 값({_type_name(value)})이 있습니다. "
          "숫자(number)만 담아 주세요.")


def to_numpy(value, name="결과", *, kind="float"):
    """Return ``value`` as a plain ``numpy.ndarray`` (a copy), or fail with a clear message.

    Accepted: Python numbers, numpy scalars and arrays, lists/tuples of numbers, torch tensors
    (detached, on the CPU). ``kind`` is ``"float"`` (float64), ``"int"`` (int64, values must
    be whole numbers) or ``"bool"``. Anything else (``None``, a string, an object pretending to
    be a number) is refused: its ``__eq__`` is never called.
    """
    if _is_remote(value):
        _fail(f"{name}: 숫자나 배열(numpy.ndarray)이 와야 하는데 {_type_name(value)} 객체가 "
              "반환되었습니다.")
    if value is None:
        _fail(f"{name}: 값이 None입니다. 함수가 값을 반환(return)하는지 확인하세요.")
    if isinstance(value, str):
        _fail(f"{name}: 숫자 대신 문자열(str) {value!r}이(가) 반환되었습니다.")
    raw = None
    if isinstance(value, np.ndarray):
        raw = np.array(value, copy=True).view(np.ndarray)
    elif isinstance(value, (bool, np.bool_, numbers.Real)) and not hasattr(value, "__len__"):
        raw = np.array(value.item() if isinstance(value, np.generic) else value)
    elif isinstance(value, (list, tuple)):
        try:
            raw = np.array(_from_sequence(value, name))
        except ValueError:
            _fail(f"{name}: 리스트의 길이가 제각각이라 배열(array)로 만들 수 없습니다. "
                  "모든 행의 길이가 같은지 확인하세요.")
    else:
        torch = sys.modules.get("torch")  # a tensor exists only if torch has been imported
        if torch is not None and isinstance(value, torch.Tensor):
            raw = value.detach().cpu().clone().numpy()
    if raw is None:
        _fail(f"{name}: 숫자나 배열(numpy.ndarray)이 와야 하는데 {_type_name(value)} 객체가 "
              "반환되었습니다.")
    if raw.dtype == object or raw.dtype.kind not in "biuf":
        _fail(f"{name}: 숫자 배열이 와야 하는데 자료형(dtype)이 {raw.dtype}입니다. "
              "모든 원소의 길이가 같은지, 숫자인지 확인하세요.")
    if kind == "float":
        return raw.astype(np.float64)
    if kind == "int":
        if raw.dtype.kind == "f":
            if not np.all(np.isfinite(raw)) or np.any(raw != np.round(raw)):
                _fail(f"{name}: 정수(integer) 값이 와야 하는데 소수가 섞여 있습니다: "
                      f"{_preview(raw)}")
        return raw.astype(np.int64)
    if kind == "bool":
        return raw.astype(bool)
    raise ValueError(f"unknown kind {kind!r}")


# float32 keeps about 7 significant digits; a few operations in float32 lose one or two
FLOAT32_RTOL = 1e-5
FLOAT32_ATOL = 1e-7


def _single_precision(value):
    """True for a float32 numpy array or scalar, or a float32 torch tensor."""
    if _is_remote(value):
        return False
    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype == np.float32
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.Tensor) and value.dtype == torch.float32


def _fmt(value):
    """A number as a student reads it: 2.0, 0.2689414213699951, 3 (no numpy repr)."""
    value = np.asarray(value).item()
    return repr(float(value)) if isinstance(value, float) else repr(value)


def _preview(array):
    flat = np.asarray(array).ravel()
    body = np.array2string(flat[:_PREVIEW], precision=6, separator=", ")
    return body[:-1] + ", ...]" if flat.size > _PREVIEW else body


def check_type(value, types, name="결과", *, hint=None, misconception="dtype-contract"):
    """Fail unless ``value`` is an instance of ``types``; ``hint`` is added to the failure."""
    _known(misconception)
    if not isinstance(value, types):
        types = types if isinstance(types, tuple) else (types,)
        wanted = " 또는 ".join(t.__name__ for t in types)
        _fail(f"{name}: 자료형(type)이 {wanted}이어야 하는데 {_type_name(value)}입니다."
              + _hint(hint, misconception))  # the type is what this check is about


def check_callable(value, name):
    """Fail unless ``value`` can be called (the exercise asks for a function)."""
    if not callable(value):
        _fail(f"{name}: 함수(function)를 정의해야 하는데 {_type_name(value)}입니다.")


def check_shape(actual, expected_shape, name="결과", *, hint=None, misconception=None):
    """Fail unless ``actual`` (already a numpy array) has ``expected_shape``; ``hint`` is
    added to the failure (a wrong shape is often the first sign of the likely bug)."""
    _known(misconception)
    actual_shape = tuple(np.shape(actual))
    expected_shape = tuple(int(n) for n in expected_shape)
    if actual_shape != expected_shape:
        _fail(f"{name}: 모양(shape)이 다릅니다. 기대한 모양(expected) {expected_shape}, "
              f"받은 모양(got) {actual_shape}." + _hint(hint, misconception, "shape"))


def check_array(actual, expected, name="결과", *, rtol=1e-7, atol=1e-9, kind="float",
                hint=None, misconception=None, suspects=None):
    """Compare ``actual`` with ``expected`` after converting both to plain arrays.

    Type and shape first, then NaN/inf, then values (``|a - e| <= atol + rtol * |e|``).
    ``hint`` names the likely bug: it is added to whichever of these fails. Returns the
    converted array.
    A float32 answer (numpy or torch) is compared at float32's precision (``rtol`` at least
    ``FLOAT32_RTOL``, ``atol`` at least ``FLOAT32_ATOL``): single precision is a valid choice
    unless an exercise asks for float64, which it then checks itself.
    ``misconception`` and ``suspects``: see the module's docstring; a suspect is compared at the
    same tolerance, its shape first.
    """
    _known(misconception)
    if kind == "float" and _single_precision(actual):
        rtol, atol = max(rtol, FLOAT32_RTOL), max(atol, FLOAT32_ATOL)
    expected = to_numpy(expected, "expected", kind=kind)
    with _hinted(hint, misconception, "type"):
        got = to_numpy(actual, name, kind=kind)
    suspect = _matching_suspect(got, suspects, kind=kind, rtol=rtol, atol=atol)
    if suspect:
        misconception = suspect  # the student's answer is that misconception's, whatever fails
    check_shape(got, expected.shape, name, hint=hint,
                misconception=_for_kind(misconception, "shape") if not suspect else suspect)
    extra = _hint(hint, misconception if suspect else _for_kind(misconception, "nan"), "nan")
    if kind == "float":
        bad_nan = np.isnan(got) & ~np.isnan(expected)
        if bad_nan.any():
            idx = tuple(int(i) for i in np.argwhere(bad_nan)[0])
            _fail(f"{name}: NaN(숫자가 아님)이 나왔습니다 (위치 index {idx}). 큰 입력에서 "
                  "오버플로(overflow)나 0으로 나누기가 없는지 확인하세요." + extra)
        bad_inf = np.isinf(got) & ~np.isinf(expected)
        if bad_inf.any():
            idx = tuple(int(i) for i in np.argwhere(bad_inf)[0])
            _fail(f"{name}: 무한대(inf)가 나왔습니다 (위치 index {idx}). 수치적으로 안정한"
                  "(numerically stable) 식을 쓰세요." + extra)
        same_special = (np.isnan(got) & np.isnan(expected)) | (
            np.isinf(got) & np.isinf(expected) & (np.sign(got) == np.sign(expected)))
        with np.errstate(invalid="ignore"):
            diff = np.where(same_special, 0.0, np.abs(got - expected))
            tol = atol + rtol * np.where(np.isfinite(expected), np.abs(expected), 0.0)
        wrong = (diff > tol) | (np.isnan(expected) & ~np.isnan(got))
    else:
        wrong = got != expected
    extra = _hint(hint, misconception, "value")
    if np.any(wrong):
        n_wrong, n_all = int(np.count_nonzero(wrong)), int(wrong.size)
        if got.ndim == 0:
            _fail(f"{name}: 값이 다릅니다. 기대값(expected) {_fmt(expected)}, "
                  f"받은 값(got) {_fmt(got)}." + extra)
        idx = tuple(int(i) for i in np.argwhere(wrong)[0])
        _fail(f"{name}: {n_all}개 중 {n_wrong}개 값이 다릅니다. 첫 차이는 위치(index) {idx}: "
              f"기대값(expected) {_fmt(expected[idx])}, 받은 값(got) {_fmt(got[idx])}.\n"
              f"  기대값 앞부분: {_preview(expected)}\n  받은 값 앞부분: {_preview(got)}"
              + extra)
    return got


def check_scalar(actual, expected, name="결과", *, rtol=1e-7, atol=1e-9, hint=None,
                 misconception=None, suspects=None):
    """Compare one number; a 0-d or size-1 array from the student is accepted.
    ``suspects`` are numbers (see the module's docstring)."""
    _known(misconception)
    if _single_precision(actual):
        rtol, atol = max(rtol, FLOAT32_RTOL), max(atol, FLOAT32_ATOL)
    with _hinted(hint, misconception, "type"):
        got = to_numpy(actual, name)
    if got.size != 1:
        suspect = _matching_suspect(got, suspects, kind="float", rtol=rtol, atol=atol)
        _fail(f"{name}: 숫자 하나(scalar)가 와야 하는데 모양(shape) {got.shape}인 배열입니다."
              + _hint(hint, suspect or misconception, "shape"))
    check_array(got.reshape(()), float(expected), name, rtol=rtol, atol=atol, hint=hint,
                misconception=misconception, suspects=suspects)
    return float(got.reshape(()))


def check_equal(actual, expected, name="결과", *, kind="int", hint=None, misconception=None,
                suspects=None):
    """Exact comparison for integer or boolean results (labels, counts, truth tables)."""
    return check_array(actual, expected, name, kind=kind, hint=hint,
                       misconception=misconception, suspects=suspects)


def check_true(condition, message, *, hint=None, misconception=None):
    """Fail with ``message`` (and ``hint`` on a line of its own, and the misconception's)
    unless ``condition`` is a real ``True`` (not a truthy object)."""
    _known(misconception)
    if not (isinstance(condition, (bool, np.bool_)) and bool(condition)):
        _fail(message + _hint(hint, misconception, "value"))


@contextlib.contextmanager
def numerically_strict(name="함수", hint=None, misconception=None):
    """Turn numpy overflow/invalid/divide warnings into a clear test failure.

    Use around a call on extreme inputs (e.g. ``sigmoid(-1000)``): a naive formula that
    overflows fails with a message that says so, even when its final value happens to be right.
    ``hint`` replaces the general hint (use a numerically stable formula) with a specific one;
    ``misconception`` is named on failure; by default the error's: ``log-of-zero`` for a
    division by zero inside a logarithm, ``division-by-zero`` for another, ``overflow`` for an
    overflow or an invalid value (inf - inf, inf / inf).
    """
    _known(misconception)
    side = _answer_side  # at grading time the answer runs in another process: strict there too
    try:
        if side is not None:
            side.strict(True)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                with np.errstate(over="raise", invalid="raise", divide="raise"):
                    yield
        finally:
            if side is not None:
                side.strict(False)
    except (FloatingPointError, RuntimeWarning) as err:
        _fail(f"{name}: 계산 중 수치 오류가 났습니다 ({err})." + _hint(
            hint or "큰 양수/음수 입력에서 오버플로(overflow)나 log(0)이 생기지 않는, "
                    "수치적으로 안정한(numerically stable) 식을 쓰세요.",
            misconception or _numerical_misconception(str(err))))


def _numerical_misconception(error):
    if "divide by zero" in error:
        return "log-of-zero" if " log" in error else "division-by-zero"
    return "overflow"


def check_labels(value, name="결과", *, hint=None, misconception="dtype-contract"):
    """Fail unless ``value`` is an integer number or an integer array (not bool, not float);
    ``hint`` replaces the general hint (turn a comparison's bool into int)."""
    if isinstance(value, np.ndarray) and not _is_remote(value):
        kind, what = value.dtype.kind, f"자료형(dtype)이 {value.dtype}인 배열"
    elif isinstance(value, (bool, np.bool_)):
        kind, what = "b", "bool 값"
    elif isinstance(value, (int, np.integer)):
        kind, what = "i", "정수"
    elif isinstance(value, (float, np.floating)):
        kind, what = "f", "실수(float) 값"
    else:
        kind, what = "?", f"{_type_name(value)} 객체"
    check_true(kind in ("i", "u"), f"{name}: 정수(int) 0 또는 1이 와야 하는데 {what}입니다.",
               hint=hint or "비교 결과(bool)는 .astype(int)로 정수로 바꾸세요.",
               misconception=misconception)


@contextlib.contextmanager
def graded_with(**replacements):
    """Inside the block, the notebook's functions with these names are replaced.

    Tests use it to give an exercise the reference versions of the functions it calls (e.g.
    ``graded_with(step_function=reference_step)``), so that one mistake costs one exercise.
    In the notebook the names are swapped in the notebook's namespace; at grading time the
    swap happens in the student's kernel, where the answers run.
    """
    if _answer_side is not None:
        _answer_side.swap(replacements)
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            try:
                _answer_side.unswap()
            except Exception:  # noqa: BLE001 - keep the first error, if any
                if not failed:
                    raise
        return
    namespace = sys.modules["__main__"].__dict__
    missing = object()
    saved = {name: namespace.get(name, missing) for name in replacements}
    namespace.update(replacements)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value


def call_in_notebook(function, *args, **kwargs):
    """``function(*args, **kwargs)`` where the answers live.

    In the notebook that is a plain call. At grading time ``function`` (a library function)
    runs in the student's kernel, next to the student's objects (e.g. to backpropagate
    through the student's model); what it returns is data from the student's side, so a test
    compares it with a value it computed itself.
    """
    if _answer_side is not None:
        return _answer_side.call_there(function, args, kwargs)
    return function(*args, **kwargs)




def _not_answered(name, how):
    """A concept-check variable still holds its None: say so, not 'return a value'."""
    _fail(f"{name}: 아직 답이 없습니다 (값이 None). None 자리에 {how} 쓰세요.")


def check_choice(value, options, name="답"):
    """The format of a concept-check answer; returns it normalised.

    options: a string of letters (multiple choice, e.g. "ABCD": the answer is one of them as a
    str, case and surrounding spaces ignored; returns the upper-case letter) or a sequence of
    ints (e.g. the line numbers of a code listing: the answer is one of them as an int, not a
    bool; returns the int).
    """
    if isinstance(options, str):
        shown = ", ".join(f'"{o}"' for o in options)
        if value is None:
            _not_answered(name, f"{shown} 중 하나를 따옴표로 감싼 문자열(str)로")
        if type(value) is not str:
            _fail(f"{name}: {shown} 중 하나를 따옴표로 감싼 문자열(str)로 쓰세요. 받은 값의 "
                  f"자료형(type)은 {_type_name(value)}입니다."
                  + _hint("보기의 글자 하나를 따옴표로 감싸 씁니다 (따옴표가 없으면 문자열이 "
                          "아닙니다).", "dtype-contract"))
        letter = str.upper(str.strip(value))
        if len(letter) != 1 or letter not in options:
            _fail(f"{name}: {shown} 중 하나여야 하는데 {value[:20]!r}입니다."
                  + _hint("보기의 내용이 아니라 그 앞의 글자 하나만 씁니다.", "return-contract"))
        return letter
    options = tuple(int(o) for o in options)
    shown = ", ".join(str(o) for o in options)
    if value is None:
        _not_answered(name, f"정수(int) {shown} 중 하나를 따옴표 없이")
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer))
            or _is_remote(value)):
        _fail(f"{name}: 정수(int) {shown} 중 하나를 쓰세요 (따옴표 없이). 받은 값의 자료형(type)은 "
              f"{_type_name(value)}입니다."
              + _hint("번호를 따옴표 없이 씁니다 (따옴표가 있으면 문자열입니다).",
                      "dtype-contract"))
    if int(value) not in options:
        _fail(f"{name}: {shown} 중 하나여야 하는데 {int(value)}입니다."
              + _hint("보기에 있는 번호 가운데 하나를 고르세요.", "return-contract"))
    return int(value)


def _chosen_suspect(chosen, suspects, same):
    for misconception, answers in _suspect_pairs(suspects):
        answers = answers if isinstance(answers, (list, tuple)) else (answers,)
        if any(same(chosen, a) for a in answers):
            return misconception
    return None


def check_choice_is(value, options, correct, name="답", hint=None, *, misconception=None,
                    suspects=None):
    """The hidden half of a concept check: the chosen option is ``correct``. The message says
    which option was chosen, never which one is right. ``suspects``: ``{misconception id:
    option or list of options}``, the belief behind each wrong option. Returns the chosen
    option."""
    _known(misconception)
    chosen = check_choice(value, options, name)
    if chosen != correct:
        named = _chosen_suspect(chosen, suspects, lambda c, a: c == a) or misconception
        _fail(f"{name}: 고른 답 {chosen!r}은(는) 맞지 않습니다." + _hint(hint, named))
    return chosen


def check_number(value, name="답"):
    """The format of a predicted number: one finite real number (int, float, numpy scalar or a
    size-1 array; not bool, not str). Returns it as a float."""
    if value is None:
        _not_answered(name, "숫자(number) 하나를 따옴표 없이")
    if isinstance(value, (bool, np.bool_, str)):
        _fail(f"{name}: 숫자(number) 하나를 따옴표 없이 쓰세요. 받은 값의 자료형(type)은 "
              f"{_type_name(value)}입니다."
              + _hint("숫자를 따옴표 없이 씁니다 (따옴표가 있으면 문자열입니다).",
                      "dtype-contract"))
    got = to_numpy(value, name)
    if got.size != 1:
        _fail(f"{name}: 숫자 하나(scalar)가 와야 하는데 모양(shape) {got.shape}인 배열입니다.")
    number = float(got.reshape(()))
    if not np.isfinite(number):
        _fail(f"{name}: 유한한 숫자가 와야 하는데 {number}입니다.")
    return number


def check_number_is(value, expected, name="답", *, atol, hint=None, misconception=None,
                    suspects=None):
    """The hidden half of a predicted number: within ``atol`` of ``expected``. The message
    repeats the number given, never the expected one. ``suspects``: ``{misconception id:
    number or list of numbers}`` (within the same ``atol``)."""
    _known(misconception)
    number = check_number(value, name)
    if not abs(number - float(expected)) <= atol:
        named = _chosen_suspect(number, suspects,
                                lambda n, a: abs(n - float(a)) <= atol) or misconception
        _fail(f"{name}: {_fmt(np.float64(number))}은(는) 맞지 않습니다." + _hint(hint, named))
    return number
