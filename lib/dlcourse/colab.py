"""Google Colab: what the first cell of every chapter finishes after installing this package.

On Colab the first cell installs the course package (without its dependencies) from the GitHub
repository the notebook was opened from, then calls :func:`install_runtime_dependencies`,
which adds what the notebooks need and Colab lacks. Colab's own torch is kept: installing the
pinned version would download several GB. Elsewhere neither runs.
"""
import subprocess
import sys

# what the notebooks import (the instructor's tools, e.g. nbgrader, are not needed there)
RUNTIME = ("numpy", "matplotlib", "scikit-learn", "imbalanced-learn", "optuna", "tqdm",
           "koreanize-matplotlib", "pyyaml")
KEEP_COLABS = ("torch",)


def _canonical(name):
    return name.lower().replace("_", "-").replace(".", "-")


def _installed_version(name):
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def missing_requirements(requirements=None, installed_version=_installed_version):
    """The course's runtime requirements (strings like 'optuna>=3.6') that are absent or too
    old here. ``requirements`` defaults to this package's own metadata."""
    from importlib import metadata

    from packaging.requirements import Requirement

    if requirements is None:
        requirements = metadata.requires("dlcourse") or []
    missing = []
    for line in requirements:
        req = Requirement(line)
        if req.marker is not None and "extra" in str(req.marker):
            continue  # the test tools
        if _canonical(req.name) not in RUNTIME:
            continue
        version = installed_version(req.name)
        if version is None or not req.specifier.contains(version, prereleases=True):
            missing.append(str(req))
    return missing


def install_runtime_dependencies(run=subprocess.run, out=print):
    """pip-install what :func:`missing_requirements` lists, and say in Korean what happened."""
    missing = missing_requirements()
    if missing:
        out("Colab: 노트북에 필요한 패키지를 설치합니다: " + ", ".join(missing))
        run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)
    for name in KEEP_COLABS:
        version = _installed_version(name)
        if version:
            out(f"Colab: 이미 있는 {name} {version}을(를) 그대로 씁니다 "
                "(이 과정은 torch 2.13.0에서 시험했습니다).")
    out("Colab 준비 완료: 다음 셀부터 실행하세요.")
    return missing
