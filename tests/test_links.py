"""make badges: the README's Binder and Colab links, made from the GitHub remote."""
import re
import shutil
import subprocess
import sys
from urllib.parse import unquote

import pytest

from dlcourse import links
from dlgrade.course import ROOT


@pytest.mark.parametrize("remote", [
    "https://github.com/snu-med/dl-course", "https://github.com/snu-med/dl-course.git",
    "https://github.com/snu-med/dl-course/", "git@github.com:snu-med/dl-course.git",
    "ssh://git@github.com/snu-med/dl-course.git", "https://token@github.com/snu-med/dl-course.git",
])
def test_github_remotes_in_every_form(remote):
    assert links.github_repository(remote) == ("snu-med", "dl-course")


@pytest.mark.parametrize("remote", [
    "", "/srv/git/dl-course", "../dl-course", "https://gitlab.com/snu-med/dl-course.git",
    "https://github.com.example.org/snu-med/dl-course", "https://github.com/snu-med",
])
def test_other_remotes_are_not_github(remote):
    assert links.github_repository(remote) is None


def test_binder_opens_the_first_chapter_of_the_working_copy():
    url = links.binder_url("snu-med", "dl-course")
    base, path = url.split("?urlpath=")
    assert base == "https://mybinder.org/v2/gh/snu-med/dl-course/HEAD"
    assert "/" not in path  # one query value
    tree, notebook = unquote(path).split("/my-course/")
    assert tree == "lab/tree" and (ROOT / "course" / notebook).is_file()
    assert "sync" in (ROOT / ".binder" / "postBuild").read_text()  # Binder makes my-course/


def test_colab_opens_the_released_notebook_on_the_branch():
    url = links.colab_url("snu-med", "dl-course", "main", "10_cnn/10_cnn.ipynb")
    assert url == ("https://colab.research.google.com/github/snu-med/dl-course/blob/main/"
                   "course/10_cnn/10_cnn.ipynb")
    with pytest.raises(ValueError, match="without '/'"):
        links.colab_url("snu-med", "dl-course", "feature/spring")


def test_the_readme_block_is_the_placeholder_or_badges_of_one_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(links.START, 1)[1].split(links.END, 1)[0].strip()
    found = re.search(r"colab\.research\.google\.com/github/([^/]+)/([^/]+)/blob/([^/]+)/", block)
    expected = links.badge_block(*found.groups()) if found else links.PLACEHOLDER
    assert block == expected, "README badges edited by hand? run make badges"


def _published_copy(tmp_path, remote):
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    subprocess.run(["git", "init", "-q", "-b", "spring-2027", str(tmp_path)], check=True)
    if remote:
        subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", remote],
                       check=True)
    return tmp_path


def _links(root, *args):
    return subprocess.run([sys.executable, "-m", "dlcourse.links", f"--root={root}", *args],
                          text=True, capture_output=True)


def test_make_badges_writes_checks_and_keeps_the_rest(tmp_path):
    root = _published_copy(tmp_path, "git@github.com:snu-med/dl-course.git")
    before = (root / "README.md").read_text(encoding="utf-8")
    assert _links(root, "--check").returncode == 1  # placeholder, but a GitHub origin
    run = _links(root)
    assert run.returncode == 0 and "snu-med/dl-course (spring-2027)" in run.stdout
    after = (root / "README.md").read_text(encoding="utf-8")
    assert links.binder_url("snu-med", "dl-course") in after
    assert links.colab_url("snu-med", "dl-course", "spring-2027") in after
    assert links.PLACEHOLDER not in after
    outside = [before.split(links.START)[0], before.split(links.END)[1]]
    assert after.startswith(outside[0]) and after.endswith(outside[1])
    assert _links(root, "--check").returncode == 0
    assert "already up to date" in _links(root).stdout
    # a fork: the badges no longer point at origin
    subprocess.run(["git", "-C", str(root), "remote", "set-url", "origin",
                    "https://github.com/other-school/dl-course"], check=True)
    check = _links(root, "--check")
    assert check.returncode == 1 and "run make badges" in check.stderr
    # --branch wins over git's
    _links(root, "--branch=fall-2027")
    assert "/blob/fall-2027/course/" in (root / "README.md").read_text(encoding="utf-8")


def test_without_a_github_remote_the_readme_keeps_the_placeholder(tmp_path):
    root = _published_copy(tmp_path, "/srv/git/dl-course")
    assert _links(root).returncode == 0
    assert links.PLACEHOLDER in (root / "README.md").read_text(encoding="utf-8")


def test_a_readme_without_markers_is_a_clear_error(tmp_path):
    (tmp_path / "README.md").write_text("# course\n", encoding="utf-8")
    run = _links(tmp_path, "--remote=https://github.com/snu-med/dl-course")
    assert run.returncode != 0 and "no badge markers" in run.stderr
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# course\n"
