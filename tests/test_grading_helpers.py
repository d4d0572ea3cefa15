"""dlcourse.grading: conversions never trust the student's object; messages say what and why."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlcourse import misconceptions
from dlcourse.grading import (GradingError, check_array, check_callable, check_choice,
                              check_choice_is, check_equal, check_labels, check_number_is,
                              check_scalar, check_shape, check_true, check_type,
                              numerically_strict, to_numpy)


class AlwaysEqual:
    """A hostile answer: equal to everything, truthy, and pretends to be an array."""

    def __eq__(self, other):
        return True

    def __bool__(self):
        return True

    def __float__(self):
        return 22.857142857142858


class LyingArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)


def test_always_equal_object_is_refused():
    with pytest.raises(GradingError, match="객체"):
        check_scalar(AlwaysEqual(), 22.857142857142858)
    with pytest.raises(GradingError, match="객체"):
        check_array(AlwaysEqual(), [1.0, 2.0])


def test_ndarray_subclass_is_compared_by_value():
    lying = np.array([0.0, 0.0]).view(LyingArray)
    with pytest.raises(GradingError, match="2개 중 2개"):
        check_array(lying, [1.0, 2.0])


def test_check_true_refuses_truthy_objects():
    with pytest.raises(GradingError, match="nope"):
        check_true(AlwaysEqual(), "nope")
    check_true(np.bool_(True), "fine")


def test_none_string_and_ragged_messages():
    with pytest.raises(GradingError, match="None"):
        check_array(None, [1.0])
    with pytest.raises(GradingError, match="문자열"):
        check_scalar("1.0", 1.0)
    with pytest.raises(GradingError, match="리스트 안에"):
        check_array([1.0, AlwaysEqual()], [1.0, 2.0])
    with pytest.raises(GradingError, match="dtype|길이"):
        check_array([[1.0], [1.0, 2.0]], [1.0, 2.0])


def test_shape_is_checked_before_values():
    with pytest.raises(GradingError, match=r"모양\(shape\).*\(2, 1\).*\(2,\)"):
        check_array(np.array([1.0, 2.0]), np.array([[1.0], [2.0]]))


def test_nan_and_inf_get_their_own_message():
    with pytest.raises(GradingError, match="NaN"):
        check_array([0.5, np.nan], [0.5, 1.0])
    with pytest.raises(GradingError, match="inf"):
        check_array([0.5, np.inf], [0.5, 1.0])
    check_array([np.nan, np.inf], [np.nan, np.inf])  # expected specials are fine


def test_a_number_where_nan_is_expected_fails():
    with pytest.raises(GradingError, match="기대값"):
        check_array([0.0, 0.3], [np.nan, 0.3])
    with pytest.raises(GradingError):
        check_scalar(1.0, float("nan"))
    with pytest.raises(GradingError):
        check_array([1.0, -np.inf], [1.0, np.inf])


def test_mismatch_message_names_index_values_and_hint():
    with pytest.raises(GradingError) as err:
        check_array([1.0, 2.5, 3.0], [1.0, 2.0, 3.0], name="y_hat", hint="제곱했나요?")
    text = str(err.value)
    assert "y_hat" in text and "(1,)" in text and "2.0" in text and "2.5" in text
    assert "제곱했나요?" in text and "np.float64" not in text


@pytest.mark.parametrize("call", [
    lambda h: check_array([[1.0, 2.0]], [1.0, 2.0], name="y_hat", hint=h),       # shape
    lambda h: check_array("1.0", [1.0], name="y_hat", hint=h),                   # type
    lambda h: check_array([1.0, np.nan], [1.0, 2.0], name="y_hat", hint=h),      # NaN
    lambda h: check_scalar([1.0, 2.0], 1.0, name="loss", hint=h),                # not one number
    lambda h: check_scalar(None, 1.0, name="loss", hint=h),                      # None
    lambda h: check_equal([1.5], [1], name="labels", hint=h),                    # not integers
    lambda h: check_shape(np.zeros(3), (3, 1), name="y_hat", hint=h),
    lambda h: check_type([], tuple, name="pair", hint=h),
])
def test_the_hint_comes_with_whichever_check_fails_first(call):
    """A common mistake often fails the shape or type check before the value check: the
    hint must be there too, once, on its own line."""
    with pytest.raises(GradingError) as err:
        call("열이 하나 더 있나요?")
    assert str(err.value).count("\n힌트(hint): 열이 하나 더 있나요?") == 1
    with pytest.raises(GradingError) as err:
        call(None)
    assert "힌트" not in str(err.value)


def test_numerical_errors_come_with_a_hint_line():
    with pytest.raises(GradingError) as err, numerically_strict("sigmoid([-1000])"):
        np.exp(np.array([1000.0]))
    assert "overflow" in str(err.value) and "\n힌트(hint): " in str(err.value)
    with pytest.raises(GradingError) as err, numerically_strict("bce", hint="log(0)이 문제"):
        np.log(np.array([0.0]))
    assert "\n힌트(hint): log(0)이 문제\n" in str(err.value)
    assert misconceptions.named_in(str(err.value)) == ["log-of-zero"]


def test_torch_tensors_and_numpy_scalars_are_accepted():
    check_array(torch.tensor([1.0, 2.0], requires_grad=True) * 1, [1.0, 2.0])
    check_scalar(np.float32(0.5), 0.5)
    check_scalar(np.array([0.5]), 0.5)
    with pytest.raises(GradingError, match="scalar"):
        check_scalar(np.array([0.5, 0.5]), 0.5)


def test_integer_kind():
    check_equal([0, 1, 1], [0, 1, 1])
    check_equal(np.array([0.0, 1.0]), [0, 1])
    with pytest.raises(GradingError, match="정수"):
        check_equal([0.5, 1.0], [0, 1])
    with pytest.raises(GradingError, match="1개"):
        check_equal([0, 0], [0, 1])


def test_conversion_copies_so_later_mutation_cannot_change_the_verdict():
    a = np.array([1.0, 2.0])
    got = to_numpy(a)
    a[0] = 99.0
    assert got[0] == 1.0


def test_type_callable_shape():
    check_type(1.0, float)
    with pytest.raises(GradingError, match="tuple"):
        check_type([1, 2], tuple, "반환값")
    check_callable(len, "len")
    with pytest.raises(GradingError, match="함수"):
        check_callable(3, "f")
    check_shape(np.zeros((2, 3)), (2, 3))


def test_numerically_strict_turns_overflow_into_failure():
    with pytest.raises(GradingError, match="overflow"):
        with numerically_strict("sigmoid"):
            np.exp(np.array([1000.0]))
    with numerically_strict("ok"):
        np.exp(np.array([10.0]))


finite = hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=5),
                    elements=st.floats(-1e6, 1e6, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(finite)
def test_any_array_equals_itself_and_its_torch_copy(x):
    check_array(x, x.copy())
    check_array(torch.from_numpy(x.copy()), x)


@settings(max_examples=60, deadline=None)
@given(finite, st.floats(1e-3, 1e3))
def test_any_perturbation_beyond_tolerance_fails(x, delta):
    if x.size == 0:
        return
    y = x.copy()
    y.flat[0] += delta * (1 + abs(y.flat[0]))
    with pytest.raises(GradingError):
        check_array(y, x)


def test_float32_answers_are_compared_at_float32_precision():
    """A softmax computed in float32 is a valid answer; the same error in float64 is not."""
    x = np.random.default_rng(0).normal(0.0, 3.0, size=8)
    exact = np.exp(x - x.max()) / np.exp(x - x.max()).sum()
    x32 = x.astype(np.float32)  # e.g. the student converted the input to float32 first
    single = np.exp(x32 - x32.max())
    single = single / single.sum()
    assert single.dtype == np.float32
    assert np.max(np.abs(single - exact) / exact) > 1e-7  # beyond the float64 tolerance
    check_array(single, exact)
    check_array(torch.from_numpy(single), exact)
    check_scalar(np.float32(single[0]), exact[0])
    with pytest.raises(GradingError, match="값이 다릅니다"):
        check_array(single.astype(np.float64), exact)
    with pytest.raises(GradingError, match="값이 다릅니다"):  # float32 is no licence to be wrong
        check_array(single * np.float32(1.001), exact)


def test_a_failed_check_shows_only_its_korean_message_in_jupyter():
    """As in JupyterLab and Validate: the error output of a failing test cell is the Korean
    message with the hint on its own line, not a traceback through dlcourse.grading."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import dlcourse\nrng = dlcourse.setup(style=False)"),
        nbformat.v4.new_code_cell("from dlcourse.grading import check_scalar\n"
                                  "check_scalar(1.5, 2.0, name='bmi(50, 5)', hint='제곱했나요?')"),
        nbformat.v4.new_code_cell("1 / 0")])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    error = nb.cells[1].outputs[-1]
    assert error.output_type == "error" and error.ename == "GradingError"
    text = "\n".join(error.traceback)
    assert "bmi(50, 5): 값이 다릅니다" in text and "\n힌트(hint): 제곱했나요?" in text
    assert "grading.py" not in text and len(error.traceback) == 1
    other = nb.cells[2].outputs[-1]  # other errors keep their usual traceback
    assert other.ename == "ZeroDivisionError" and len(other.traceback) > 1
    # and the kernel still reports the cell as failed (what Validate and nbval rely on)
    from nbclient.exceptions import CellExecutionError

    with pytest.raises(CellExecutionError, match="값이 다릅니다"):
        NotebookClient(nbformat.v4.new_notebook(cells=nb.cells[:2]), timeout=120,
                       kernel_name="python3").execute()


class SneakyStr(str):
    """A hostile answer: a str subclass that claims to equal everything."""

    def __eq__(self, other):
        return True

    def upper(self):
        return "C"

    __hash__ = str.__hash__


def test_check_choice_takes_one_letter_and_ignores_case_and_spaces():
    from dlcourse.grading import check_choice, check_choice_is

    assert check_choice(" b ", "ABCD", "q") == "B"
    check_choice_is("c", "ABCD", "C", "q")
    for bad, words in [(3, "int"), (None, "아직 답이 없습니다"), ("E", "'E'"), ("AB", "'AB'"),
                       (["C"], "list"), (SneakyStr("A"), "SneakyStr")]:
        with pytest.raises(GradingError, match="개념") as info:
            check_choice(bad, "ABCD", "개념 확인 1")
        assert words in str(info.value)
    with pytest.raises(GradingError) as info:
        check_choice_is("a", "ABCD", "C", "개념 확인 1", hint="3절")
    message = str(info.value)
    assert "'A'" in message and "3절" in message and "'C'" not in message  # no give-away


def test_check_choice_with_integer_options():
    from dlcourse.grading import check_choice, check_choice_is

    assert check_choice(np.int64(3), range(1, 6), "q") == 3
    check_choice_is(0, (0, 1), 0, "q")
    for bad in [True, 3.0, "3", 6, AlwaysEqual()]:
        with pytest.raises(GradingError):
            check_choice(bad, range(1, 6), "q")
    with pytest.raises(GradingError):
        check_choice_is(4, range(1, 6), 3, "q")


def test_an_unanswered_concept_check_says_so():
    """q1 = None left as released: the message says the answer is missing and what to write,
    not that a function should return something."""
    from dlcourse.grading import check_choice, check_number

    for check, how in [(lambda v: check_choice(v, "ABC", "개념 확인 1"), '"A", "B", "C" 중 하나'),
                       (lambda v: check_choice(v, range(1, 4), "개념 확인 2"), "정수(int) 1, 2, 3"),
                       (lambda v: check_number(v, "개념 확인 3"), "숫자(number) 하나")]:
        with pytest.raises(GradingError) as info:
            check(None)
        message = str(info.value)
        assert "아직 답이 없습니다" in message and how in message and "반환" not in message


def test_check_number_is_one_finite_number_and_never_reveals_the_expected_one():
    from dlcourse.grading import check_number, check_number_is

    assert check_number(3 / 4, "q") == 0.75
    assert check_number(np.array([2.5]), "q") == 2.5
    assert check_number_is(torch.tensor(0.75), 0.75, "q", atol=1e-6) == 0.75
    for bad in ["0.75", True, [1.0, 2.0], float("nan"), float("inf"), AlwaysEqual()]:
        with pytest.raises(GradingError):
            check_number(bad, "q")
    with pytest.raises(GradingError) as info:
        check_number_is(0.7, 0.75, "개념 확인 2", atol=1e-3, hint="TP / (TP + FN)")
    assert "0.7" in str(info.value) and "0.75" not in str(info.value)
    with pytest.raises(GradingError):
        check_number_is(1000 / 64, 16, "q", atol=1e-9)  # 15.625 is not a count of 16


def test_feedback_maths_becomes_mathml_outside_code():
    """Feedback renders formulas offline: $...$ and $$...$$ become MathML; code spans and
    fenced code keep their dollars; a formula the converter cannot read stays as it was."""
    from dlgrade.preprocessors import tex_to_mathml

    text = tex_to_mathml("BMI $w / h^2$ and\n$$\\frac{a}{b}$$\n`cost = $5` and\n"
                         "```\necho $HOME$\n```")
    assert text.count("<math") == 2 and 'display="block"' in text
    assert "`cost = $5`" in text and "echo $HOME$" in text
    assert "<msup><mi>h</mi><mn>2</mn></msup>" in text.replace("<mrow>", "").replace("</mrow>", "")
    assert tex_to_mathml("price $ 5 and $ 6") == "price $ 5 and $ 6"  # not maths


# --- misconceptions (dlcourse.misconceptions) -----------------------------------------------

def _failure(check, *args, **kwargs):
    with pytest.raises(GradingError) as err:
        check(*args, **kwargs)
    return str(err.value)


def test_a_failed_check_names_its_misconception_on_a_line_of_its_own():
    message = _failure(check_scalar, 0.9, 0.18, "mae", hint="합을 n으로 나누세요.",
                       misconception="sum-vs-mean")
    assert message.splitlines()[-2] == "힌트(hint): 합을 n으로 나누세요."
    assert message.splitlines()[-1] == misconceptions.line("sum-vs-mean")
    assert misconceptions.named_in(message) == ["sum-vs-mean"]
    check_scalar(0.18, 0.18, "mae", misconception="sum-vs-mean")  # passing names nothing


def test_the_misconception_can_depend_on_what_failed():
    kinds = {"shape": "wrong-axis", "nan": "division-by-zero", "value": "formula-transcription"}
    assert misconceptions.named_in(_failure(check_array, [1.0, 2.0, 3.0], [1.0, 2.0], "x",
                                            misconception=kinds)) == ["wrong-axis"]
    assert misconceptions.named_in(_failure(check_array, [np.nan, 2.0], [1.0, 2.0], "x",
                                            misconception=kinds)) == ["division-by-zero"]
    assert misconceptions.named_in(_failure(check_array, [1.5, 2.0], [1.0, 2.0], "x",
                                            misconception=kinds)) == ["formula-transcription"]
    assert misconceptions.named_in(_failure(check_array, [1.5, 2.0], [1.0, 2.0], "x",
                                            misconception={"shape": "wrong-axis"})) == []
    # an answer of the wrong type (None: no return) says nothing of a value's misconception
    assert misconceptions.named_in(_failure(check_scalar, None, 1.0, "x",
                                            misconception="sum-vs-mean")) == []
    assert misconceptions.named_in(_failure(check_scalar, None, 1.0, "x", misconception={
        "type": "return-contract", "value": "sum-vs-mean"})) == ["return-contract"]


def test_an_answer_a_suspect_gives_names_that_suspects_misconception():
    suspects = {"sum-vs-mean": 0.9, "order-of-operations": 0.02}
    for got, named in [(0.9, "sum-vs-mean"), (0.02, "order-of-operations"),
                       (0.5, "formula-transcription")]:
        message = _failure(check_scalar, got, 0.18, "mae", suspects=suspects,
                           misconception="formula-transcription")
        assert misconceptions.named_in(message) == [named]
    # arrays: the suspect is compared shape first, then at the check's tolerance
    pairs = [("transpose-order", [[1.0, 3.0], [2.0, 4.0]]), ("sum-vs-mean", [2.0, 4.0])]
    message = _failure(check_array, [[1.0, 3.0], [2.0, 4.0 + 1e-12]], [[1.0, 2.0], [3.0, 4.0]],
                       "W", suspects=pairs)
    assert misconceptions.named_in(message) == ["transpose-order"]
    message = _failure(check_array, [2.0, 4.0], [[1.0, 2.0], [3.0, 4.0]], "W", suspects=pairs)
    assert "모양(shape)" in message and misconceptions.named_in(message) == ["sum-vs-mean"]


def test_naming_a_misconception_reveals_nothing_of_the_test():
    """Hidden tests keep their secret: the line is the catalogue's text, whatever the inputs,
    the expected value or the suspects' answers are."""
    message = _failure(check_number_is, 21.0, 10.0, "개념 확인 3", atol=1e-6,
                       suspects={"order-of-operations": 21.0, "formula-transcription": 1.1})
    assert "21.0" in message and "10.0" not in message and "1.1" not in message
    assert message.splitlines()[-1] == misconceptions.line("order-of-operations")
    message = _failure(check_choice_is, "A", "ABCD", "C", "개념 확인 1",
                       suspects={"gate-parameters": ("A", "B"), "xor-needs-two-layers": "D"})
    assert "'C'" not in message and misconceptions.named_in(message) == ["gate-parameters"]


def test_a_misconception_id_not_in_the_catalogue_fails_even_when_the_answer_is_right():
    for kwargs in ({"misconception": "sum-versus-mean"}, {"suspects": {"sum-versus-mean": 1}},
                   {"misconception": {"values": "sum-vs-mean"}}):
        with pytest.raises((KeyError, ValueError)):
            check_scalar(1.0, 1.0, "x", **kwargs)


def test_the_course_wide_checks_name_their_misconception():
    assert misconceptions.named_in(_failure(check_choice, 0, "ABCD")) == ["dtype-contract"]
    assert misconceptions.named_in(_failure(check_choice, "random", "AB")) == ["return-contract"]
    assert misconceptions.named_in(_failure(check_labels, np.array([True]))) == [
        "dtype-contract"]
    for expression, named in [(lambda: np.exp(np.array([1000.0])), "overflow"),
                              (lambda: np.log(np.array([0.0])), "log-of-zero"),
                              (lambda: np.array([1.0]) / np.array([0.0]), "division-by-zero")]:
        with pytest.raises(GradingError) as err, numerically_strict("f"):
            expression()
        assert misconceptions.named_in(str(err.value)) == [named]
