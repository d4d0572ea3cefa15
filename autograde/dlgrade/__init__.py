"""Grading engine for the course: nbgrader plugins and the instructor's commands."""
