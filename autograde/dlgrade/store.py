"""Where grading results live: the gradebook, the autograded copies, the status files.

Only the main process writes here (:func:`save`, one result at a time, as the workers finish):
nbgrader's ``SaveAutoGrades`` and ``AssignLatePenalties`` on the executed notebook, the
autograded copy, and one status file ``autograde/status/CHAPTER/STUDENT.json`` (one of
:data:`STATUSES`, the reason, the findings as records, the submission's SHA-256 so that a
re-run grades again only what changed). :func:`mark_export` adds each status to nbgrader's
exported CSV.
"""
import csv
import json
import os
import warnings
from dataclasses import asdict
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

from .course import CourseLayout, course_config
from .findings import csv_text

STATUSES = ("graded", "timed out", "memory", "crashed", "malformed", "tampered")


def status_path(root, chapter, student):
    return CourseLayout(root).status_file(chapter, student)


def read_status(root, chapter, student):
    try:
        return json.loads(status_path(root, chapter, student).read_text())
    except (OSError, ValueError):
        return None


def _write_atomically(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _timestamp(root, chapter, student):
    path = CourseLayout(root).timestamp(student, chapter)
    try:
        return path.read_text().strip() or None
    except OSError:
        return None


def save(result, root, db_url):
    """Record one result: gradebook (nbgrader's SaveAutoGrades), autograded copy, status."""
    config = course_config(root, db_url)
    with warnings.catch_warnings():
        # nbgrader's own SQLAlchemy use warns about autoflush; nothing is lost
        warnings.simplefilter("ignore", category=Warning)
        return _save(result, root, db_url, config)


def _save(result, root, db_url, config):
    with Gradebook(db_url) as gb:
        gb.update_or_create_student(result.student)
        timestamp = _timestamp(root, result.chapter, result.student)
        if timestamp:
            gb.update_or_create_submission(result.chapter, result.student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(result.chapter, result.student)
    out = CourseLayout(root).autograded_notebook(result.student, result.chapter).parent
    if result.notebook:
        nb = nbformat.reads(result.notebook, as_version=4)
        resources = {"nbgrader": {"db_url": db_url, "assignment": result.chapter,
                                  "notebook": result.chapter, "student": result.student}}
        nb, resources = SaveAutoGrades(config=config).preprocess(nb, resources)
        nb, resources = AssignLatePenalties(config=config).preprocess(nb, resources)
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out / f"{result.chapter}.ipynb")
    else:  # nothing could run: every cell scores 0, nothing waits for manual grading
        with Gradebook(db_url) as gb:
            sub = gb.find_submission_notebook(result.chapter, result.chapter, result.student)
            for grade in sub.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
            gb.db.commit()
    with Gradebook(db_url) as gb:
        score = gb.find_submission(result.chapter, result.student).score
    record = {k: v for k, v in asdict(result).items() if k != "notebook"}
    record["score"] = score
    _write_atomically(status_path(root, result.chapter, result.student),
                      json.dumps(record, ensure_ascii=False, indent=1))
    return record


def mark_export(root, path):
    """Add each submission's grading status, reason and findings (``kind@cell; ...``,
    :func:`dlgrade.findings.csv_text`) to nbgrader's exported CSV, so that a tampered, crashed
    or malformed submission, or one with something to look at, stands out in the grade list."""
    path = Path(path)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys()) if rows else []
    if not rows:
        return
    for row in rows:
        record = read_status(root, row.get("assignment", ""), row.get("student_id", "")) or {}
        row["status"] = record.get("status", "")
        row["reason"] = record.get("reason", "")
        row["findings"] = csv_text(record.get("findings", []))
    fields += [f for f in ("status", "reason", "findings") if f not in fields]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
