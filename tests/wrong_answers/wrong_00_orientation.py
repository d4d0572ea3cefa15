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
