"""The solution notebooks' cells tagged ``nbval-check-output`` print only what every machine
prints: nbval compares their stored output with a fresh run on the test machine, so a digit
that depends on the CPU's vector instructions, the BLAS library or the thread count would make
the suite fail on a machine other than the author's.

Rules (each has a unit test below that shows it catching the kind of output it is for):

1. no float in scientific notation with an exponent of -9 or below, and no zero printed in
   scientific notation: such numbers are rounding noise (a relative error of 9.3e-17 on one
   machine is 0.0e+00 on another); print "below 1e-8" instead;
2. no float printed with 13 or more significant digits (a ``repr``);
3. no cell that trains a model (``.fit(`` or an optimizer's ``.step()``) prints a float with
   three or more decimals: trained weights, and so accuracies and losses, differ in the last
   digits between machines; such cells are for reading, and their numbers are checked with a
   tolerance in the library's tests;
4. no ``-0.000``: a mean that is zero up to noise prints its sign at random.

A cell may break rules 1-3 only if it is listed in ``EXACT`` with the reason its printed digits
are the same everywhere.
"""
import re

import nbformat
import pytest

from dlgrade.course import chapters, solution_notebook

TAG = "nbval-check-output"

# (chapter, grade_id) -> why what the cell prints is the same on every machine although a rule
# would flag it
EXACT = {
    ("01_perceptron", "train-and-lr"):
        "sums and products of 0.1 in IEEE-754 double precision (no library function, no "
        "reduction whose order could change): every conforming machine rounds them alike",
    ("02_activation_functions", "vanishing-table"):
        "powers of 0.25 = 2^-2, exact binary numbers",
    ("03_loss_functions", "log-zero"):
        "eps = 1e-12 itself and log(1 - 1e-12) to five significant digits, far above its last bit",
    ("04_gradient_descent", "epsilon-table"):
        "one Adagrad/RMSprop step: a square root and a division, both correctly rounded in "
        "IEEE-754, printed to five significant digits",
    ("09_model_evaluation", "selection-bias"):
        "accuracies are counts of right 0/1 decisions of 100 logistic regressions on pure "
        "noise; a decision flips only for a point on the boundary to ~1e-12",
    ("09_model_evaluation", "regression-metrics"):
        "least squares by SVD on 10 well-scaled features (condition number ~1e2): the errors "
        "agree to ~1e-13, far below the sixth decimal",
    ("11_hyperparameter_tuning", "bias-variance-refits"):
        "closed-form least squares (polynomials of degree <= 10 on [-1, 1]) averaged over 30 "
        "refits, printed to four decimals",
}

FLOAT = re.compile(r"(?<![\w.])-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")
TRAINS = re.compile(r"\.fit\(|\.step\(\)")


def _floats(text):
    """The floats printed in ``text``, leaving out bounds such as "1e-8 미만" (below 1e-8)."""
    return [m.group(0) for m in FLOAT.finditer(text)
            if ("." in m.group(0) or "e" in m.group(0).lower())
            and not text[m.end():].lstrip().startswith("미만")]


def problems(source, output, exact=False):
    """What in ``output`` (printed by ``source``) could differ on another machine; ``exact``
    (a cell listed in EXACT) leaves only rule 4."""
    found = []
    for number in [] if exact else _floats(output):
        mantissa, _, exponent = number.lower().partition("e")
        if exponent and (int(exponent) <= -9 or float(mantissa) == 0.0):
            found.append(f"{number}: rounding noise printed in scientific notation")
        digits = re.sub(r"[^0-9]", "", mantissa).lstrip("0")
        if len(digits) >= 13:
            found.append(f"{number}: printed to the last bit (repr)")
        decimals = len(mantissa.partition(".")[2])
        if TRAINS.search(source) and decimals >= 3:
            found.append(f"{number}: a trained model's number, to {decimals} decimals")
    found += [f"{m.group(0)}: the sign of a zero" for m in re.finditer(r"-0\.0+(?!\d*[1-9])",
                                                                             output)]
    return found


def _checked_cells(chapter):
    nb = nbformat.read(solution_notebook(chapter), as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and TAG in cell.metadata.get("tags", []):
            output = "".join(o.get("text", "") for o in cell.get("outputs", [])
                             if o.get("output_type") == "stream")
            output += "".join(o.get("data", {}).get("text/plain", "")
                              for o in cell.get("outputs", [])
                              if o.get("output_type") in ("execute_result", "display_data"))
            yield index, cell.metadata.get("nbgrader", {}).get("grade_id"), cell.source, output


@pytest.mark.parametrize("chapter", chapters())
def test_checked_outputs_hold_on_any_machine(chapter):
    found = []
    for index, grade_id, source, output in _checked_cells(chapter):
        exact = (chapter, grade_id) in EXACT
        found += [f"cell {index} ({grade_id}): {p}" for p in problems(source, output, exact)]
    assert not found, "\n".join(found)


def test_some_outputs_are_still_checked():
    assert sum(1 for c in chapters() for _ in _checked_cells(c)) >= 60


def test_the_exceptions_name_cells_that_exist():
    for chapter, grade_id in EXACT:
        assert grade_id in {g for _, g, _, _ in _checked_cells(chapter)}, (chapter, grade_id)


@pytest.mark.parametrize("source, output", [
    ("print(err)", "수치 미분과의 상대 오차 9.3e-17"),         # the 03 example
    ("print(err)", "torch autograd와의 상대 오차 0.0e+00"),
    ("print(loss)", "그 뒤의 BCE: 9.999778782803785e-13"),
    ("print(b)", "b = -0.20000000000000004"),
    ("net.fit(X, y)\nprint(acc)", "시험 정확도: 0.918, 0.412"),  # the 07 example
    ("optimizer.step()\nprint(x)", "움직인 크기 0.0383"),
    ("print(mean)", "평균 -0.000, 표준편차 0.319"),
])
def test_each_rule_catches_its_kind(source, output):
    assert problems(source, output)


@pytest.mark.parametrize("source, output", [
    ("print(x)", "층 10개를 지나면 많아야 0.25^10 = 9.54e-07"),
    ("print(x)", "전방 차분 = -26.12222507  (차이 2.2e-04)"),
    ("print(err)", "수치 미분과의 상대 오차: 1e-8 미만"),
    ("net.fit(X, y)\nprint(n)", "훈련 455건, 정확도 0.95"),
    ("print(x)", "평균 0.000, 합 -0.5, 5층 -0.0012"),
    ("print(x)", "w = [-0.2754  0.6097]  b = 0.6, 모양 (5, 3)"),
])
def test_what_every_machine_prints_passes(source, output):
    assert not problems(source, output)
