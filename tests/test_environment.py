"""environment.yml (conda/Binder) and pyproject.toml (pip) list the same packages and versions."""
import os
import re
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from dlgrade.course import ROOT

CONDA_ONLY = {"python", "pip"}  # the interpreter and installer conda needs itself


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    reqs = {}
    for line in lines:
        req = Requirement(line)
        reqs[canonical(req.name)] = req.specifier
    return reqs, project["requires-python"]


def conda_requirements():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    reqs, python = {}, None
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for line in dep["pip"]:
                if line.startswith("-"):  # "-e ." installs the course package itself
                    continue
                req = Requirement(line)
                reqs[canonical(req.name)] = req.specifier
            continue
        name, spec = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", dep).groups()
        if canonical(name) == "python":
            python = spec.lstrip("=")
        if canonical(name) in CONDA_ONLY:
            continue
        reqs[canonical(name)] = SpecifierSet(spec.replace(" ", ""))
    return reqs, python, env


def test_same_packages_and_versions():
    pip, _ = pip_requirements()
    conda, _, _ = conda_requirements()
    assert sorted(pip) == sorted(conda), (
        f"only in pyproject: {sorted(set(pip) - set(conda))}; "
        f"only in environment.yml: {sorted(set(conda) - set(pip))}")
    differ = {n: (str(pip[n]), str(conda[n])) for n in pip if pip[n] != conda[n]}
    assert not differ, f"version specifiers differ (pyproject, environment.yml): {differ}"


def test_same_python_and_the_course_package_is_installed():
    _, requires_python = pip_requirements()
    _, python, env = conda_requirements()
    assert python and SpecifierSet(requires_python).contains(python + ".0"), \
        (requires_python, python)
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section


def test_torch_is_pinned_to_the_cpu_build_version():
    pip, _ = pip_requirements()
    assert str(pip["torch"]) == "==2.13.0"


def _interpreter(version):
    """A working python{version} on this machine (PATH or pyenv), or None."""
    import glob
    import shutil
    import subprocess

    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/"
                                                      f"python{version}")))
    for path in filter(None, candidates):
        run = subprocess.run([path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True)
        if run.returncode == 0 and run.stdout.strip() == version:
            return path
    return None


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_installable_on_newer_pythons(version, tmp_path):
    """pip resolves the course and its test tools for Python 3.12 and 3.13 (a dry run: the
    index's metadata only, nothing is installed). 3.11 is the version every other test uses."""
    import json
    import subprocess
    import sys

    _, requires_python = pip_requirements()
    assert SpecifierSet(requires_python).contains(version + ".0")
    python = _interpreter(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    subprocess.run([python, "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True)
    report = tmp_path / "report.json"
    run = subprocess.run([sys.executable, "-m", "pip", "--python", str(tmp_path / "venv" /
                                                                          "bin" / "python"),
                          "install", "--dry-run", "--ignore-installed", "--quiet",
                          "--report", str(report), "-e", f"{ROOT}[test]"],
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stderr[-3000:]
    chosen = {item["metadata"]["name"].lower(): item["metadata"]["version"]
              for item in json.loads(report.read_text())["install"]}
    assert chosen["torch"] == "2.13.0" and "nbgrader" in chosen and "dlcourse" in chosen


def test_binder_uses_this_environment_and_opens_the_working_copy():
    """Binder reads .binder/ (which then hides the top level): the same environment.yml, a
    CPU-only torch, and a postBuild that makes my-course/ with the student settings."""
    binder = ROOT / ".binder"
    assert (binder / "environment.yml").resolve() == (ROOT / "environment.yml").resolve()
    _, _, env = conda_requirements()
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in pip_section
    post_build = binder / "postBuild"
    assert os.access(post_build, os.X_OK)
    text = post_build.read_text()
    assert "python -m dlcourse.workspace sync" in text
    for path in re.findall(r"\blib/\S+", text):
        assert (ROOT / path).exists(), path


def test_every_python_package_folder_is_listed_for_the_build():
    """pyproject names its packages one by one (their folders are not where setuptools would
    look): a new subpackage must be listed too, or a regular (non-editable) install lacks it."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = set()
    for package, folder in tool["package-dir"].items():
        base = ROOT / folder
        found |= {".".join([package, *init.parent.relative_to(base).parts])
                  for init in base.rglob("__init__.py")}
    assert set(tool["packages"]) == found


# what runs under the other Python: the library's unit tests, one chapter's notebook (nbval)
# and the grading of that chapter's right and wrong answers (the engine, its sandbox, kernels)
OTHER_PYTHON_TESTS = ["tests/test_activations.py", "tests/test_losses.py", "tests/test_layers.py",
                      "tests/test_optim.py", "tests/test_init.py", "tests/test_gradcheck.py",
                      "tests/test_regularization.py", "tests/test_training.py",
                      "tests/test_conv.py", "tests/test_sequence.py", "tests/test_transfer.py",
                      "tests/test_metrics.py", "tests/test_tuning.py", "tests/test_capstone.py",
                      "tests/test_data_and_plotting.py", "tests/test_demo.py",
                      "tests/test_grading_helpers.py", "solutions/01_perceptron",
                      "tests/test_grading_e2e.py"]


def test_the_course_runs_on_python_312(tmp_path):
    """"Python 3.12 works" as a tested claim: a venv made the Makefile's way
    (``make VENV=.venv-py3.12 PYTHON=python3.12``, kept in the checkout like .venv), and in it
    the library's tests, chapter 01's notebook and the grading of its answers, in a kernel of
    that Python. Skipped, with the reason, where no Python 3.12 is installed."""
    import subprocess

    python = _interpreter("3.12")
    if python is None:
        pytest.skip("no Python 3.12 on this machine (PATH or pyenv): install one to test it")
    venv = ROOT / ".venv-py3.12"
    make = subprocess.run(["make", "-C", str(ROOT), f"VENV={venv}", f"PYTHON={python}",
                           f"{venv}/.installed"], capture_output=True, text=True, timeout=3600)
    assert make.returncode == 0, make.stdout[-2000:] + make.stderr[-3000:]
    own = venv / "bin" / "python"
    probe = ("import sys; from jupyter_client.kernelspec import KernelSpecManager; "
             "print('%d.%d' % sys.version_info[:2]); "
             "print(KernelSpecManager().get_kernel_spec('python3').argv[0])")
    version, kernel = subprocess.run([own, "-c", probe], capture_output=True, text=True,
                                     check=True).stdout.split()
    assert version == "3.12"
    assert kernel in ("python", str(own)) or os.path.realpath(kernel) == os.path.realpath(own), \
        kernel
    env = {**os.environ, "COURSE_CHAPTERS": "01_perceptron", "PATH": f"{venv}/bin:" +
           os.environ["PATH"]}
    run = subprocess.run([own, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          f"--basetemp={tmp_path / 'py312'}", *OTHER_PYTHON_TESTS], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=3600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    summary = run.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary, summary
