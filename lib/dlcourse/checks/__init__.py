"""Checks and references that the test cells use, on top of :mod:`dlcourse.grading`.

They live here, not in a notebook cell, because at grading time a test cell takes every
helper from the library: an answer cell can redefine a notebook's name, not this module's.
Each one works on the student's objects as they come (numpy arrays, tensors, modules) and,
at grading time, on the stand-ins for them that the grading engine passes in; a check of a
student's function takes that function as its first argument.

One module per library module the chapter's references live in (``dlcourse.metrics`` and
``dlcourse.checks.metrics`` for chapter 09): a chapter's setup cell imports from its own, so a
numpy-only chapter never imports torch through here. ``common`` holds what several chapters use.
"""
