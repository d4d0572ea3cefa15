"""Plausible wrong answers for 00_orientation; each must lose points."""
from course_tools import Right, Wrong

CHAPTER = "00_orientation"

WRONG = [
    Wrong("height-not-squared", {"bmi": '''
def bmi(weight_kg, height_m):
    return weight_kg / height_m
'''}, loses=("bmi-test",), why="forgets the square"),
    Wrong("square-of-ratio", {"bmi": '''
def bmi(weight_kg, height_m):
    return (weight_kg / height_m) ** 2
'''}, loses=("bmi-test",), why="squares the ratio instead of the height"),
    Wrong("rounded", {"bmi": '''
def bmi(weight_kg, height_m):
    return np.round(weight_kg / height_m ** 2, 1)
'''}, loses=("bmi-test",), why="rounds to one decimal"),
    Wrong("scalar-only", {"bmi": '''
import math

def bmi(weight_kg, height_m):
    return weight_kg / math.pow(height_m, 2)
'''}, loses=("bmi-test",), why="math.pow works on numbers only, not arrays"),
    Wrong("divides-in-place", {"bmi": '''
def bmi(weight_kg, height_m):
    weight_kg = np.asarray(weight_kg)
    weight_kg /= np.asarray(height_m) ** 2
    return weight_kg
'''}, loses=("bmi-test",), why="divides the caller's array in place (and fails on integers)"),
]

RIGHT = [
    Right("warns-on-stderr", {"bmi": '''
import warnings

def bmi(weight_kg, height_m):
    warnings.warn("heights are in metres")  # printed to stderr inside the test cell
    return np.asarray(weight_kg) / np.asarray(height_m) ** 2
'''}, why="a harmless warning on stderr must not cost points"),
    Right("explicit-multiplication", {"bmi": '''
def bmi(weight_kg, height_m):
    weight_kg = np.array(weight_kg, dtype=float)
    return weight_kg / (height_m * height_m)
'''}, why="same value, written differently"),
]

# concept checks: a wrong option or number loses that question only; the
# format of a right answer may vary
WRONG += [
    Wrong("concept-1-A", {"concept-1": 'q1 = "A"\n'},
          loses=("concept-1-test",), why="believes editing the tests helps"),
    Wrong("concept-1-B", {"concept-1": 'q1 = "B"\n'},
          loses=("concept-1-test",), why="believes editing is punished"),
    Wrong("concept-2-A", {"concept-2": 'q2 = "A"\n'},
          loses=("concept-2-test",), why="blames the installation"),
    Wrong("concept-2-C", {"concept-2": 'q2 = "C"\n'},
          loses=("concept-2-test",), why="confuses read-only with not run"),
    Wrong("concept-3-21", {"concept-3": 'q3 = 21\n'},
          loses=("concept-3-test",), why="squares the 10 % as if it were the height"),
    Wrong("concept-3-1p1", {"concept-3": 'q3 = 1.1\n'},
          loses=("concept-3-test",), why="gives the factor, not the percentage"),
    Wrong("concept-4-B", {"concept-4": 'q4 = "B"\n'},
          loses=("concept-4-test",), why="thinks hidden tests repeat the visible ones"),
    Wrong("concept-4-D", {"concept-4": 'q4 = "D"\n'},
          loses=("concept-4-test",), why="thinks Validate runs them"),
]

RIGHT += [
    Right("concept-1-lower-case", {"concept-1": 'q1 = " c "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-2-lower-case", {"concept-2": 'q2 = " b "\n'},
          why="case and surrounding spaces are ignored"),
    Right("concept-3-a-float", {"concept-3": 'q3 = 10.0\n'}, why="a float"),
    Right("concept-3-computed", {"concept-3": 'q3 = 100 * (1.1 - 1)\n'}, why="computed"),
    Right("concept-3-a-numpy-number", {"concept-3": 'q3 = np.float64(10)\n'},
          why="a numpy number"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " a "\n'},
          why="case and surrounding spaces are ignored"),
]

# numpy warm-ups
WRONG += [
    Wrong("abnormal-per-lab", {"abnormal_counts": '''
def abnormal_counts(labs, low, high):
    labs = np.asarray(labs, dtype=float)
    return ((labs < np.asarray(low)) | (labs > np.asarray(high))).sum(axis=0)
'''}, loses=("abnormal_counts-test",), why="counts per lab (axis=0) instead of per patient"),
    Wrong("abnormal-limits-excluded", {"abnormal_counts": '''
def abnormal_counts(labs, low, high):
    labs = np.asarray(labs, dtype=float)
    return ((labs <= np.asarray(low)) | (labs >= np.asarray(high))).sum(axis=1)
'''}, loses=("abnormal_counts-test",), why="a value at a limit counted as abnormal"),
    Wrong("abnormal-any", {"abnormal_counts": '''
def abnormal_counts(labs, low, high):
    labs = np.asarray(labs, dtype=float)
    return ((labs < np.asarray(low)) | (labs > np.asarray(high))).any(axis=1)
'''}, loses=("abnormal_counts-test",), why="whether any result is abnormal (bool), not how many"),
    Wrong("abnormal-low-only", {"abnormal_counts": '''
def abnormal_counts(labs, low, high):
    return (np.asarray(labs, dtype=float) < np.asarray(low)).sum(axis=1)
'''}, loses=("abnormal_counts-test",), why="forgets the upper limit"),
    Wrong("standardize-ddof1", {"standardize": '''
def standardize(X):
    X = np.asarray(X, dtype=float)
    std = X.std(axis=0, ddof=1)
    return (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
'''}, loses=("standardize-test",), why="sample standard deviation (ddof=1)"),
    Wrong("standardize-global", {"standardize": '''
def standardize(X):
    X = np.asarray(X, dtype=float)
    return (X - X.mean()) / X.std()
'''}, loses=("standardize-test",), why="one mean and one deviation for the whole table"),
    Wrong("standardize-zero-division", {"standardize": '''
def standardize(X):
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0)
'''}, loses=("standardize-test",), why="a constant column divides by zero (NaN)"),
    Wrong("standardize-in-place", {"standardize": '''
def standardize(X):
    X -= X.mean(axis=0)
    std = X.std(axis=0)
    X /= np.where(std > 0, std, 1.0)
    return X
'''}, loses=("standardize-test",), why="changes the caller's array"),
    Wrong("risk-no-sum", {"risk_scores": '''
def risk_scores(X, w, b):
    return np.asarray(X, dtype=float) * np.asarray(w, dtype=float) + b
'''}, loses=("risk_scores-test",), why="multiplies elementwise without summing over the features"),
    Wrong("risk-no-bias", {"risk_scores": '''
def risk_scores(X, w, b):
    return np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)
'''}, loses=("risk_scores-test",), why="forgets b"),
    Wrong("derivative-forward", {"numerical_derivative": '''
def numerical_derivative(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x)) / h
'''}, loses=("numerical_derivative-test",), why="forward difference"),
    Wrong("derivative-over-h", {"numerical_derivative": '''
def numerical_derivative(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x - h)) / h
'''}, loses=("numerical_derivative-test",), why="divides by h instead of 2h"),
    Wrong("derivative-fixed-h", {"numerical_derivative": '''
def numerical_derivative(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + 1e-5) - f(x - 1e-5)) / 2e-5
'''}, loses=("numerical_derivative-test",), why="ignores the h argument"),
]

RIGHT += [
    Right("abnormal-loop", {"abnormal_counts": '''
def abnormal_counts(labs, low, high):
    counts = []
    for row in np.asarray(labs, dtype=float):
        counts.append(sum(int(v < lo or v > hi) for v, lo, hi in zip(row, low, high)))
    return np.array(counts, dtype=int)
'''}, why="a loop over patients"),
    Right("abnormal-count-nonzero", {"abnormal_counts": '''
def abnormal_counts(labs, low, high):
    labs = np.asarray(labs, dtype=float)
    inside = (labs >= np.asarray(low)) & (labs <= np.asarray(high))
    return np.count_nonzero(~inside, axis=1)
'''}, why="counts the complement of the normal range"),
    Right("standardize-keepdims", {"standardize": '''
def standardize(X):
    X = np.array(X, dtype=np.float64)
    mean = X.mean(axis=0, keepdims=True)
    std = np.sqrt(((X - mean) ** 2).mean(axis=0, keepdims=True))
    std[std == 0] = 1.0
    return (X - mean) / std
'''}, why="keepdims and its own standard deviation"),
    Right("risk-dot", {"risk_scores": '''
def risk_scores(X, w, b):
    return np.dot(np.asarray(X, dtype=float), np.asarray(w, dtype=float)) + b
'''}, why="np.dot instead of @"),
    Right("derivative-half", {"numerical_derivative": '''
def numerical_derivative(f, x, h=1e-5):
    return 0.5 * (f(np.asarray(x, dtype=float) + h) - f(np.asarray(x, dtype=float) - h)) / h
'''}, why="the same quotient written differently"),
]
