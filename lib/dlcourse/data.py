"""Data the course uses: logic-gate truth tables, generated sets and scikit-learn's sets.

Nothing is downloaded: the tables are written here, the rest ships with scikit-learn.
"""
from dataclasses import dataclass

import numpy as np

__all__ = [
    "GATE_INPUTS", "GATE_OUTPUTS", "logic_gate", "make_separable", "Split", "load_tabular",
    "TABULAR_SETS",
]

#: The four input rows in the order of the lecture slides' truth tables.
GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
GATE_INPUTS.setflags(write=False)

#: Outputs y for each row of :data:`GATE_INPUTS` (slides 4-1-8 to 4-1-11).
GATE_OUTPUTS = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
}


def logic_gate(name):
    """Truth table of a two-input gate: ``X`` of shape (4, 2) float, ``y`` of shape (4,) int."""
    key = str(name).upper()
    if key not in GATE_OUTPUTS:
        raise ValueError(f"unknown gate {name!r}; choose one of {sorted(GATE_OUTPUTS)}")
    return GATE_INPUTS.copy(), np.array(GATE_OUTPUTS[key], dtype=np.int64)


def make_separable(n_samples=40, *, margin=0.5, seed=0, w=None, b=None):
    """Two-dimensional points with labels 0/1 that a line separates with a gap.

    Points are drawn uniformly from [-3, 3]^2; those closer than ``margin`` to the line
    ``w . x + b = 0`` are redrawn, so a perceptron provably converges. Returns
    ``X`` (n_samples, 2) float and ``y`` (n_samples,) int with ``y = 1`` where ``w . x + b > 0``.
    """
    rng = np.random.default_rng(seed)
    if w is None:
        angle = rng.uniform(0, 2 * np.pi)
        w = np.array([np.cos(angle), np.sin(angle)])
    w = np.asarray(w, dtype=np.float64)
    b = rng.uniform(-1, 1) if b is None else float(b)
    norm = np.linalg.norm(w)
    points = []
    while len(points) < n_samples:
        p = rng.uniform(-3, 3, size=2)
        if abs(p @ w + b) / norm >= margin:
            points.append(p)
    X = np.array(points)
    y = (X @ w + b > 0).astype(np.int64)
    return X, y


@dataclass
class Split:
    """A train/test split of a tabular data set (features standardized on the train part)."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    feature_names: list
    target_names: list


TABULAR_SETS = ("iris", "digits", "breast_cancer", "wine", "diabetes")


def load_tabular(name, *, test_size=0.2, seed=0, standardize=True):
    """Load a scikit-learn set as a :class:`Split`.

    Classification sets are split stratified. With ``standardize`` the features are scaled
    with the mean and standard deviation of the *training* part only (no test leakage).
    """
    from sklearn import datasets
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    if name not in TABULAR_SETS:
        raise ValueError(f"unknown data set {name!r}; choose one of {TABULAR_SETS}")
    bunch = getattr(datasets, f"load_{name}")()
    X = np.asarray(bunch.data, dtype=np.float64)
    y = np.asarray(bunch.target)
    classification = name != "diabetes"
    y = y.astype(np.int64) if classification else y.astype(np.float64)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=y if classification else None)
    if standardize:
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    target_names = list(getattr(bunch, "target_names", [])) if classification else []
    return Split(X_train, X_test, y_train, y_test, list(bunch.feature_names), target_names)
