"""Checks every part of the course uses."""
import numpy as np

from ..grading import check_true, to_numpy

__all__ = ["check_dict", "check_scalar_number"]


def check_dict(value, keys, name="결과"):
    """Fail unless ``value`` is a dict holding every key in ``keys``."""
    check_true(isinstance(value, dict),
               f"{name}: 딕셔너리(dict)를 돌려주어야 하는데 {type(value).__name__}입니다. "
               f"예: return {{{', '.join(repr(k) + ': ...' for k in keys)}}}",
               misconception="return-contract")
    missing = [k for k in keys if k not in value]
    check_true(not missing, f"{name}: 키(key) {missing}가 없습니다. 필요한 키: {list(keys)}",
               misconception="return-contract")


def check_scalar_number(value, name):
    """``value`` as a Python float, failing unless it is one finite or infinite number."""
    got = to_numpy(value, name)
    check_true(got.size == 1, f"{name}: 숫자 하나(scalar)가 와야 하는데 모양(shape) {got.shape}인 "
                              "배열입니다.")
    number = float(got.reshape(()))
    check_true(not np.isnan(number), f"{name}: NaN(숫자가 아님)이 반환되었습니다.")
    return number
