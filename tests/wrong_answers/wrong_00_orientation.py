"""Plausible wrong answers for 00_orientation; each must lose points."""
from course_tools import Wrong

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
]
