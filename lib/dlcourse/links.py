"""Binder and Colab links for the README, made from where the course is published.

The links need the GitHub repository's owner, name and branch, which only the published clone
knows (its ``origin`` remote). ``python -m dlcourse.links`` (``make badges``) writes them into
README.md between two markers; ``--check`` only compares. Without a GitHub remote the README
keeps a sentence saying where the badges will appear.

    python -m dlcourse.links [--remote URL] [--branch NAME] [--check] [--root DIR]
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

START = "<!-- badges: made by `make badges` (python -m dlcourse.links); do not edit by hand -->"
END = "<!-- /badges -->"
FIRST_CHAPTER = "00_orientation"
PLACEHOLDER = ("Binder와 Colab 배지는 저장소를 GitHub에 올린 뒤 `make badges`를 실행하면 이 자리에 "
               "생깁니다(강사 절의 'GitHub에 올리기').")
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"

_GITHUB = re.compile(r"^(?:https?://(?:[^@/]+@)?github\.com/|git@github\.com:|"
                     r"ssh://git@github\.com/)([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$")


def github_repository(remote):
    """(owner, name) of a GitHub remote address (https, git@ or ssh:// form); None for any
    other address (a local path, another host)."""
    found = _GITHUB.match((remote or "").strip())
    return found.groups() if found else None


def binder_url(owner, name, notebook=None):
    """mybinder.org's address that builds the default branch and opens ``notebook`` (a path
    inside the student's working copy my-course/) in JupyterLab."""
    notebook = notebook or f"{FIRST_CHAPTER}/{FIRST_CHAPTER}.ipynb"
    return (f"https://mybinder.org/v2/gh/{owner}/{name}/HEAD?urlpath="
            + quote(f"lab/tree/my-course/{notebook}", safe=""))


def colab_url(owner, name, branch, notebook=None):
    """Colab's address of a student notebook of course/ on ``branch``. The first cell of every
    chapter reads owner, name and branch back from this address, so a branch name with a '/'
    is refused."""
    if "/" in branch:
        raise ValueError(f"Colab links need a branch name without '/': {branch!r}")
    notebook = notebook or f"{FIRST_CHAPTER}/{FIRST_CHAPTER}.ipynb"
    return f"https://colab.research.google.com/github/{owner}/{name}/blob/{branch}/course/{notebook}"


def badge_block(owner=None, name=None, branch=None):
    """The README's lines between the markers (without them)."""
    if owner is None:
        return PLACEHOLDER
    return (f"[![Binder에서 열기 (Launch Binder)]({BINDER_BADGE})]({binder_url(owner, name)}) "
            f"[![Colab에서 열기 (Open in Colab)]({COLAB_BADGE})]({colab_url(owner, name, branch)})")


def replace_block(readme, block):
    """README text with the text between the markers replaced by ``block``."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"README.md has no badge markers ({START} … {END})")
    return readme[:start + len(START)] + "\n" + block + "\n" + readme[end:]


def _git(root, *args):
    run = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    return run.stdout.strip() if run.returncode == 0 else ""


def published_as(root, remote=None, branch=None):
    """(owner, name, branch) of the GitHub repository ``root`` is published as, or None.
    The branch is the remote's default branch when git knows it, else the current one."""
    repository = github_repository(remote or _git(root, "remote", "get-url", "origin"))
    if repository is None:
        return None
    if branch is None:
        head = _git(root, "symbolic-ref", "--short", "refs/remotes/origin/HEAD")
        branch = head.split("/", 1)[1] if "/" in head else _git(root, "branch", "--show-current")
    return (*repository, branch or "main")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcourse.links", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--remote", help="GitHub address (default: git's origin)")
    parser.add_argument("--branch", help="branch for Colab (default: origin's default branch)")
    parser.add_argument("--check", action="store_true", help="only say whether README.md is "
                        "up to date (exit status 1 when not)")
    args = parser.parse_args(argv)
    readme_path = args.root / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    published = published_as(args.root, args.remote, args.branch)
    try:
        updated = replace_block(readme, badge_block(*(published or ())))
    except ValueError as error:
        sys.exit(str(error))
    where = "/".join(published[:2]) + f" ({published[2]})" if published else \
        "no GitHub remote: the README says where the badges will appear"
    if args.check:
        if updated != readme:
            sys.exit(f"README.md badges are not those of {where}: run make badges")
        print(f"README.md badges are up to date: {where}")
    elif updated != readme:
        readme_path.write_text(updated, encoding="utf-8")
        print(f"README.md badges written: {where}")
    else:
        print(f"README.md badges already up to date: {where}")


if __name__ == "__main__":
    main()
