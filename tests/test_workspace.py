"""The student's working copy (my-course/): made from course/, updated without losing work."""
import subprocess
import sys

import pytest

from dlcourse import workspace


@pytest.fixture
def course(tmp_path):
    for chapter, text in [("00_intro", "v1 of 00"), ("01_next", "v1 of 01")]:
        (tmp_path / "course" / chapter).mkdir(parents=True)
        (tmp_path / "course" / chapter / f"{chapter}.ipynb").write_text(text)
    return tmp_path


def read(root, rel):
    return (root / "my-course" / rel).read_text()


def test_sync_copies_then_keeps_the_students_work(course):
    report = workspace.sync(course, out=lambda *_: None)
    assert sorted(report["added"]) == ["00_intro/00_intro.ipynb", "01_next/01_next.ipynb"]
    (course / "my-course" / "00_intro" / "00_intro.ipynb").write_text("my answers")
    # the instructor releases a fix of both chapters and a new chapter
    (course / "course" / "00_intro" / "00_intro.ipynb").write_text("v2 of 00")
    (course / "course" / "01_next" / "01_next.ipynb").write_text("v2 of 01")
    (course / "course" / "02_new").mkdir()
    (course / "course" / "02_new" / "02_new.ipynb").write_text("v1 of 02")
    said = []
    report = workspace.sync(course, out=said.append)
    assert read(course, "00_intro/00_intro.ipynb") == "my answers"   # never touched
    assert read(course, "01_next/01_next.ipynb") == "v2 of 01"       # untouched: updated
    assert read(course, "02_new/02_new.ipynb") == "v1 of 02"         # new chapter: added
    assert report == {"added": ["02_new/02_new.ipynb"], "updated": ["01_next/01_next.ipynb"],
                      "kept": ["00_intro/00_intro.ipynb"]}
    assert any("make reset CHAPTER=00_intro" in line for line in said)
    # a second sync changes nothing and still says that a newer release is waiting
    assert workspace.sync(course, out=lambda *_: None)["kept"] == ["00_intro/00_intro.ipynb"]


def test_sync_restores_a_deleted_notebook(course):
    workspace.sync(course, out=lambda *_: None)
    (course / "my-course" / "01_next" / "01_next.ipynb").unlink()
    assert workspace.sync(course, out=lambda *_: None)["added"] == ["01_next/01_next.ipynb"]


def test_reset_keeps_a_backup_and_starts_over(course):
    workspace.sync(course, out=lambda *_: None)
    (course / "my-course" / "00_intro" / "00_intro.ipynb").write_text("my answers")
    (course / "course" / "00_intro" / "00_intro.ipynb").write_text("v2 of 00")
    said = []
    backup = workspace.reset("00", course, out=said.append)  # a prefix is enough
    assert read(course, "00_intro/00_intro.ipynb") == "v2 of 00"
    # the message says where the old files are, in a folder the file browser shows
    assert f"{backup.relative_to(course).as_posix()}/" in said[-1] and "backups 폴더" in said[-1]
    assert not any(part.startswith(".") for part in backup.relative_to(course).parts)
    assert (backup / "00_intro.ipynb").read_text() == "my answers"
    assert backup.parent == course / "my-course" / "backups"
    second = workspace.reset("00_intro", course, out=lambda *_: None)
    assert second != backup and backup.exists()  # two resets in one second keep both
    # after a reset the chapter counts as untouched again: the next release updates it
    (course / "course" / "00_intro" / "00_intro.ipynb").write_text("v3 of 00")
    assert workspace.sync(course, out=lambda *_: None)["updated"] == ["00_intro/00_intro.ipynb"]


def test_reset_of_an_unknown_chapter_is_a_clear_error(course):
    with pytest.raises(SystemExit, match="있는 장: 00_intro, 01_next"):
        workspace.reset("0", course)  # ambiguous
    with pytest.raises(SystemExit, match="장\\(chapter\\) 이름을 확인하세요"):
        workspace.reset("../etc", course)


def test_command_line(course):
    run = subprocess.run([sys.executable, "-m", "dlcourse.workspace", "sync",
                          f"--root={course}"], capture_output=True, text=True, check=True)
    assert "새로 복사한 파일 2개" in run.stdout
    assert (course / "my-course" / ".released.json").exists()
