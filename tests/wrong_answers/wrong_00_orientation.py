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
    Right("concept-3-a-numpy-number", {"concept-3": 'q3 = np.float64(10)\n'}, why="a numpy number"),
    Right("concept-4-lower-case", {"concept-4": 'q4 = " a "\n'},
          why="case and surrounding spaces are ignored"),
]
