"""Chapter 07 (overfitting and regularization)."""
import numpy as np

from .. import regularization as ref
from ..grading import check_array, check_equal, check_shape, check_true, to_numpy

__all__ = ["check_stopping_epochs", "check_balanced"]


def check_stopping_epochs(out, expected, what, hint=None, *, misconception="off-by-one",
                          suspects=None):
    """Check ``out`` = (best_epoch, stop_epoch) against ``expected`` (two ints), as a pair:
    ``suspects`` are pairs too (see :mod:`dlcourse.grading`)."""
    check_true(isinstance(out, (tuple, list)) and len(out) == 2,
               f"{what}: (best_epoch, stop_epoch) 두 값을 튜플(tuple)로 돌려주어야 합니다.",
               misconception="return-contract")
    check_equal(list(out), expected, name=f"{what}의 (best_epoch, stop_epoch)",
                hint=hint, misconception=misconception, suspects=suspects)


def check_balanced(out, X, y, rare, k, what):
    """Check ``out`` = (X_balanced, y_balanced) of ``balance_with_smote(X, y, k=k)``: the original
    rows first, as many new rows of class ``rare`` as make both classes equal, each on a segment
    between a rare sample and one of its ``k`` nearest rare neighbours."""
    check_true(isinstance(out, (tuple, list)) and len(out) == 2,
               f"{what}: (X_balanced, y_balanced) 두 값을 튜플(tuple)로 돌려주어야 합니다.",
               misconception="return-contract")
    Xb, yb = to_numpy(out[0], f"{what}의 X_balanced"), to_numpy(out[1], f"{what}의 y_balanced")
    n_big = max(int(np.sum(y == 0)), int(np.sum(y == 1)))
    check_shape(Xb, (2 * n_big, X.shape[1]), f"{what}의 X_balanced (두 클래스가 {n_big}개씩)",
                hint="드문 쪽에 (많은 쪽 수 - 드문 쪽 수)개만 더해 두 클래스의 수를 맞춥니다.",
                misconception="smote-interpolation")
    check_equal(yb, np.r_[y, np.full(2 * n_big - len(y), rare)], name=f"{what}의 y_balanced",
                hint="원래 레이블 뒤에, 새 샘플마다 드문 쪽 클래스의 레이블을 붙입니다.",
                misconception="smote-interpolation")
    check_array(Xb[:len(X)], X, name=f"{what}: X_balanced의 앞부분 (원래 샘플, 순서 그대로)",
                misconception="smote-interpolation")
    new = Xb[len(X):]
    check_true(bool(np.all(ref.on_smote_segments(X[y == rare], new, k))),
               f"{what}: 새 샘플은 드문 쪽 클래스의 샘플들로만 smote해서 만들어야 합니다 "
               "(다른 클래스나 전체 데이터로 만들지 않았나요?).",
               misconception="smote-interpolation")
