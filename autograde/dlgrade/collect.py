"""Collect submissions downloaded from a learning management system (LMS) as one zip.

``python -m dlgrade collect CHAPTER --zip FILE [--lms canvas|moodle|blackboard|folders]`` puts
the zip where nbgrader's ``zip_collect`` expects it (``autograde/downloaded/CHAPTER/archive``)
and runs ``nbgrader zip_collect`` with the two plugins below: the extractor keeps each zip
member's time as the file's time, the collector reads the student and the notebook from the
file name the LMS gave (see ``PATTERNS``) and takes the submission time from the name when the
LMS puts it there, else from the zip. nbgrader then lays the files out under
``autograde/submitted/<student>/<chapter>/`` with a ``timestamp.txt`` and keeps the newest of
two submissions by the same student. Names that match no pattern are listed, not guessed.
"""
import datetime
import os
import re
import shutil
import zipfile
from pathlib import Path

from nbgrader.plugins.zipcollect import ExtractorPlugin, FileNameCollectorPlugin
from traitlets import Unicode

# The path of each extracted file, relative to the extracted folder, as the LMS names it.
PATTERNS = {
    # kimminsu_1234_567890_01_perceptron.ipynb, kimminsu_late_1234_567890_01_perceptron-1.ipynb
    "canvas": r"(?:.*/)?(?P<student_id>[A-Za-z0-9]+)(?:_late|_LATE)?_\d+_\d+_(?P<file_id>[^/]+)$",
    # Kim Minsu_1234_assignsubmission_file_/01_perceptron.ipynb (the participant number)
    "moodle": r"(?:.*/)?[^/]*_(?P<student_id>\d+)_assignsubmission_file_/(?P<file_id>[^/]+)$",
    # 01_perceptron_kim01_attempt_2026-11-30-09-15-00_01_perceptron.ipynb
    "blackboard": r"(?:.*/)?[^/]*?_(?P<student_id>[A-Za-z0-9.]+)_attempt_(?P<timestamp>"
                  r"\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})_(?P<file_id>[^/]+)$",
    # kim01/01_perceptron.ipynb
    "folders": r"(?:.*/)?(?P<student_id>[A-Za-z0-9_.-]+)/(?P<file_id>[^/]+)$",
}
_RESUBMITTED = re.compile(r"^(?P<stem>.+?)(?:-\d+| \(\d+\))(?P<ext>\.ipynb)$")


class TimedExtractor(ExtractorPlugin):
    """Extract every zip of the archive folder, each file keeping its time in the zip."""

    def extract(self, archive_path, extracted_path):
        for name in sorted(os.listdir(archive_path)):
            source = os.path.join(archive_path, name)
            if not zipfile.is_zipfile(source):
                shutil.copy2(source, extracted_path)
                continue
            with zipfile.ZipFile(source) as archive:
                for info in archive.infolist():
                    target = Path(extracted_path, info.filename).resolve()
                    if info.is_dir() or Path(extracted_path).resolve() not in target.parents:
                        continue  # a folder entry, or a name that would leave the folder
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(info) as src, open(target, "wb") as dst:
                        shutil.copyfileobj(src, dst)
                    stamp = datetime.datetime(*info.date_time).timestamp()
                    os.utime(target, (stamp, stamp))


class LmsCollector(FileNameCollectorPlugin):
    """Student, notebook and time from an LMS download's file names (``lms``: a PATTERNS key)."""

    lms = Unicode("canvas", help="Which LMS named the files: " + ", ".join(PATTERNS)).tag(
        config=True)
    extracted = Unicode("", help="The extracted folder (file names are taken relative to "
                                 "it)").tag(config=True)

    def collect(self, submitted_file):
        if os.path.splitext(submitted_file)[1] not in self.valid_ext:
            return None
        relative = os.path.relpath(submitted_file, self.extracted or "/")
        info = match(relative, self.lms)
        if info is None:
            self.log.warning("no %s file name: %s", self.lms, relative)
            return None
        if info["timestamp"] is None:
            info["timestamp"] = datetime.datetime.fromtimestamp(
                os.path.getmtime(submitted_file)).isoformat(" ")
        return info


def match(relative_name, lms):
    """``{student_id, file_id, timestamp}`` from a file name, or None when it does not fit."""
    found = re.match(PATTERNS[lms], relative_name.replace(os.sep, "/"))
    if found is None:
        return None
    info = found.groupdict()
    resubmitted = _RESUBMITTED.match(info["file_id"])
    if resubmitted:  # 01_perceptron-1.ipynb, 01_perceptron (1).ipynb: the LMS's second copy
        info["file_id"] = resubmitted["stem"] + resubmitted["ext"]
    stamp = info.get("timestamp")
    if stamp:  # 2026-11-30-09-15-00 -> 2026-11-30 09:15:00
        day, clock = stamp[:10], stamp[11:].replace("-", ":")
        info["timestamp"] = f"{day} {clock}"
    else:
        info["timestamp"] = None
    return {"student_id": info["student_id"], "file_id": info["file_id"],
            "timestamp": info["timestamp"]}


def unpack_lms_zip(chapter, zip_path, lms, root):
    """Lay out one LMS zip under autograde/submitted/; returns a report dict: ``collected``
    {student: file}, ``unmatched`` [names], ``replaced`` (older copies superseded)."""
    from .course import CourseLayout, nbgrader

    if lms not in PATTERNS:
        raise ValueError(f"unknown LMS {lms!r}; known: {sorted(PATTERNS)}")
    downloaded = CourseLayout(root).downloaded(chapter)
    archive, extracted = downloaded / "archive", downloaded / "extracted"
    shutil.rmtree(downloaded, ignore_errors=True)
    archive.mkdir(parents=True)
    shutil.copy2(zip_path, archive / Path(zip_path).name)
    extracted.mkdir()
    run = nbgrader("zip_collect", chapter, "--force", "--strict",
                   "--ZipCollectApp.downloaded_directory="
                   + str(downloaded.parent.relative_to(Path(root))),
                   "--ZipCollectApp.extractor_plugin=dlgrade.collect.TimedExtractor",
                   "--ZipCollectApp.collector_plugin=dlgrade.collect.LmsCollector",
                   f"--LmsCollector.lms={lms}", f"--LmsCollector.extracted={extracted}",
                   root=root, check=False, capture=True)
    if run.returncode != 0:
        raise RuntimeError(f"nbgrader zip_collect failed:\n{run.stdout}{run.stderr}"[-3000:])
    names = sorted(str(p.relative_to(extracted)) for p in extracted.rglob("*") if p.is_file())
    unmatched = [n for n in names if n.endswith(".ipynb") and match(n, lms) is None]
    collected, wrong_notebook = {}, []
    for name in names:
        info = match(name, lms)
        if info is None:
            continue
        if info["file_id"] != f"{chapter}.ipynb":
            wrong_notebook.append(name)
            continue
        collected.setdefault(info["student_id"], []).append(name)
    log = run.stdout + run.stderr
    replaced = log.count("Replacing previously collected submission file") + log.count(
        "Skipped submission file with older timestamp")
    return {"collected": collected, "unmatched": unmatched + wrong_notebook,
            "replaced": replaced}
