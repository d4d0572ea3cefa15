"""The first cell of every chapter: on Google Colab it installs the course package from the
GitHub repository the notebook was opened from; anywhere else it does nothing.

Colab itself cannot be reached from here: the tests run the cell with a stand-in for the
``google.colab`` module and record the pip commands instead of running them.
"""
import importlib.util
import subprocess
import sys
import types

import nbformat
import pytest

from course_tools import nb_meta
from dlcourse import colab, links
from dlgrade.course import ROOT, chapters

CHAPTERS = chapters()


def colab_cell(chapter):
    nb = nbformat.read(ROOT / "course" / chapter / f"{chapter}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb_meta(code[0]).get("grade_id") == "colab", f"{chapter}: the Colab cell is not first"
    assert nb_meta(code[1]).get("grade_id") == "setup"
    assert nb_meta(code[0]).get("locked") and not nb_meta(code[0]).get("grade")
    return code[0].source


def test_every_chapter_starts_with_the_same_colab_cell():
    sources = {chapter: colab_cell(chapter) for chapter in CHAPTERS}
    assert len(set(sources.values())) == 1, "the Colab cells differ between chapters"


def test_outside_colab_the_cell_does_nothing(capsys, monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    exec(colab_cell(CHAPTERS[0]), {})
    assert not calls and capsys.readouterr().out == ""


@pytest.fixture
def on_colab(monkeypatch):
    """A stand-in google.colab whose page is the given address; pip calls are recorded."""
    page = {"url": ""}
    output = types.SimpleNamespace(eval_js=lambda js: page["url"])
    google = types.ModuleType("google")
    google_colab = types.ModuleType("google.colab")
    google_colab.output = output
    google.colab = google_colab
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", google_colab)
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **k: calls.append(cmd))
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "dlcourse" else real_find_spec(name, *a))
    finished = []
    monkeypatch.setattr(colab, "install_runtime_dependencies", lambda: finished.append(True))
    return dict(page=page, calls=calls, finished=finished)


def test_on_colab_it_installs_from_the_repository_the_notebook_came_from(on_colab, capsys):
    on_colab["page"]["url"] = ("https://colab.research.google.com/github/someone/dl-course/"
                               "blob/spring-2027/course/01_perceptron/01_perceptron.ipynb")
    exec(colab_cell("01_perceptron"), {})
    (cmd,) = on_colab["calls"]
    assert cmd[1:] == ["-m", "pip", "install", "-q", "--no-deps",
                       "git+https://github.com/someone/dl-course@spring-2027"]
    assert on_colab["finished"] == [True]
    assert "과정 패키지(dlcourse)를 설치합니다" in capsys.readouterr().out


def test_on_colab_from_elsewhere_it_says_what_to_do(on_colab):
    on_colab["page"]["url"] = "https://colab.research.google.com/drive/1AbC"
    with pytest.raises(RuntimeError, match="GitHub 저장소에서 연 노트북만"):
        exec(colab_cell("01_perceptron"), {})
    assert not on_colab["calls"]


def test_runtime_dependencies_skip_torch_and_the_instructors_tools():
    requirements = ["numpy>=1.26", "torch==2.13.0", "nbgrader==0.9.6", "optuna>=3.6",
                    "koreanize-matplotlib>=0.1.1", 'pytest>=8; extra == "test"']
    versions = {"numpy": "2.0.1", "optuna": "3.0.0", "torch": "2.9.0"}
    missing = colab.missing_requirements(requirements, versions.get)
    assert missing == ["optuna>=3.6", "koreanize-matplotlib>=0.1.1"]


def test_install_runtime_dependencies_installs_what_is_missing(monkeypatch):
    monkeypatch.setattr(colab, "missing_requirements", lambda: ["optuna>=3.6"])
    calls, said = [], []
    colab.install_runtime_dependencies(run=lambda cmd, **k: calls.append(cmd), out=said.append)
    assert calls == [[sys.executable, "-m", "pip", "install", "-q", "optuna>=3.6"]]
    assert said[-1] == "Colab 준비 완료: 다음 셀부터 실행하세요."


def test_this_environment_has_every_runtime_requirement():
    assert colab.missing_requirements() == []


def test_the_readme_colab_link_is_read_back_by_the_first_cell(on_colab):
    """The badge written by make badges opens a notebook whose first cell installs from the
    same repository and branch."""
    on_colab["page"]["url"] = links.colab_url("someone", "dl-course", "spring-2027")
    exec(colab_cell(CHAPTERS[0]), {})
    (cmd,) = on_colab["calls"]
    assert cmd[-1] == "git+https://github.com/someone/dl-course@spring-2027"
