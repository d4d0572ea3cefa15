"""The student's path in a real browser: JupyterLab as `make lab` starts it, driven by Chromium.

The test makes a working copy from course/ (as `make lab` does), starts JupyterLab with the
student settings, and in headless Chromium (Selenium, Debian's chromium and chromedriver):
opens chapter 00 from the working copy, runs every cell (Run All goes past failing tests to
the end), sees the first exercise fail with the Korean message (no library traceback), types a correct answer, sees its visible test pass,
clicks Validate and reads the verdict, and checks that the instructor's nbgrader tools are
absent. Screenshots of the notebook and of Validate's verdict are saved under
tests/.artifacts/ (git-ignored), and on failure one of the page with its text. Every process
it started is stopped, also when it fails.
"""
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from course_tools import free_port
from dlgrade.course import ROOT

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed (make "
                                "test installs Debian's when run as root)")
selenium = pytest.importorskip("selenium")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHAPTER = "00_orientation"
ARTIFACTS = ROOT / "tests" / ".artifacts"
TOKEN = "dlcourse-browser-test"
# far above what anything takes on an idle machine (the whole notebook runs in about 10 s)
WAIT = 240
ANSWER = "def bmi(weight_kg, height_m): return weight_kg / height_m ** 2"



@contextlib.contextmanager
def running_lab(home, mode, root_dir, extra_env=None):
    """JupyterLab as make lab (mode "student") or make lab-instructor starts it, with its
    state under ``home``; yields its URL and stops it (the whole process group) afterwards."""
    port = free_port()
    env = dict(os.environ,
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"],
               JUPYTER_CONFIG_PATH=str(ROOT / "lib" / "dlcourse" / "jupyter_config" / mode),
               JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"), **(extra_env or {}))
    cmd = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={root_dir}",
           f"--port={port}", "--ServerApp.ip=127.0.0.1", "--no-browser",
           f"--IdentityProvider.token={TOKEN}", "--LabApp.expose_app_in_browser=True"]
    if os.getuid() == 0:
        cmd.append("--allow-root")
    log_path = home / f"lab-{mode}.log"
    with open(log_path, "w") as log:
        # from the project folder, as make does: Validate reads nbgrader_config.py there
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + WAIT
            while True:
                try:
                    urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("JupyterLab did not start:\n"
                                           + log_path.read_text()[-3000:])
                    time.sleep(0.5)
            yield url
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            # its kernels too: nothing started from this state folder may be left
            for pid in _processes_with(str(home / "runtime")):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a fresh working copy, with the student settings."""
    home = tmp_path_factory.mktemp("student")
    shutil.copytree(ROOT / "course", home / "course")
    subprocess.run([sys.executable, "-m", "dlcourse.workspace", "sync", f"--root={home}"],
                   check=True, capture_output=True)
    # every cell in the page, not only those scrolled into view
    settings = home / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    with running_lab(home, "student", home / "my-course") as url:
        yield dict(url=url, home=home)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def test_formgrader_is_for_the_instructor_only(lab, tmp_path):
    """The student's server has no formgrader; the instructor's (make lab-instructor) loads
    it, alembic included (a gradebook of its own here, so the project's is not touched)."""
    status, _ = _get(f"{lab['url']}/formgrader?token={TOKEN}")
    assert status == 404
    db = tmp_path / "gradebook.db"
    with running_lab(tmp_path, "instructor", ROOT,
                     {"DLGRADE_DB_URL": f"sqlite:///{db}"}) as url:
        status, page = _get(f"{url}/formgrader?token={TOKEN}")
        assert status == 200, page[-2000:]
        assert "Manage Assignments" in page or "formgrader" in page.lower()
        status, page = _get(f"{url}/formgrader/api/assignments?token={TOKEN}")
        assert status == 200 and "00_orientation" in page, page[-2000:]
    assert db.exists()  # the formgrader made its gradebook (alembic ran)


@pytest.fixture(scope="module")
def browser(lab, tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
        # nothing of this browser may outlive the test
        deadline = time.monotonic() + 60
        while _processes_with(str(profile)) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = _processes_with(str(profile))
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert not left, f"Chromium processes outlived the test: {left}"


def _processes_with(marker):
    run = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
    return [int(pid) for pid in run.stdout.split()]


@pytest.fixture
def artifacts_on_failure(request, browser):
    yield
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name
        browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))
        (ARTIFACTS / f"{name}.txt").write_text(
            browser.find_element(By.TAG_NAME, "body").text, encoding="utf-8")


def _js(driver, script, *args):
    return driver.execute_script(script, *args)


def _wait(driver, condition, what, timeout=WAIT):
    # JupyterLab re-renders lists (the file browser, the notebook's cells) while it loads, so
    # an element found a moment ago may be gone when its text is read: that is "not yet",
    # and the condition is asked again
    return WebDriverWait(driver, timeout, poll_frequency=0.5,
                         ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: condition(d), message=f"waited {timeout} s for: {what}")


KOREAN_GLYPHS_JS = r"""
const selector = arguments[0], done = arguments[arguments.length - 1];
(async () => {
  const el = [...document.querySelectorAll(selector)].find(e => /[가-힣]/.test(e.textContent));
  if (!el) { done({found: false}); return; }
  const style = getComputedStyle(el);
  const font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  // two different syllables of the element's own text (a page's font may hold only those)
  const [one, two] = [...new Set(el.textContent.match(/[가-힣]/g))];
  await document.fonts.load(font, one + (two || ''));
  const draw = (f, text) => {
    const canvas = document.createElement('canvas');
    canvas.width = 120; canvas.height = 80;
    const ctx = canvas.getContext('2d');
    ctx.font = f; ctx.fillText(text, 10, 60);
    return Array.from(ctx.getImageData(0, 0, 120, 80).data).join(',');
  };
  const bare = `${style.fontSize} dlcourse-no-such-font`;
  done({found: true, family: style.fontFamily, text: el.textContent.slice(0, 60),
        // two different syllables drawn alike, or like a character no font has: boxes
        korean: (!two || draw(font, one) !== draw(font, two))
                && draw(font, one) !== draw(font, '\u{10FFFD}'),
        bare: draw(bare, one) !== draw(bare, '\u{10FFFD}')});
})().catch(err => done({found: true, korean: false, error: String(err)}));
"""


def _korean_font_installed():
    """True when the machine has a Korean system font (then even bare text draws Hangul)."""
    if not shutil.which("fc-list"):
        return True  # cannot tell: do not claim boxes
    run = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True)
    return bool(run.stdout.strip())


def assert_korean_is_drawn(driver, selector, what):
    """The first element under ``selector`` with Hangul draws real glyphs, not boxes, in the
    font the page gives it. On a machine without a Korean system font the same text in a
    font the page does not provide draws boxes: the check can fail there, and passes only
    because the course serves its own Korean font."""
    driver.set_script_timeout(WAIT)
    seen = driver.execute_async_script(KOREAN_GLYPHS_JS, selector)
    assert seen["found"], f"no Korean text under {selector} ({what})"
    assert seen["korean"], f"{what}: Hangul drawn as boxes ({seen})"
    if not _korean_font_installed():
        assert not seen["bare"], "this machine draws Hangul without the course's font"
    return seen


NOTEBOOK_JS = """
const panel = window.jupyterapp.shell.currentWidget;
const cells = panel.content.widgets;
"""


def _cell_index(driver, grade_id):
    return _js(driver, NOTEBOOK_JS + """
        return cells.findIndex(c => ((c.model.getMetadata('nbgrader') || {}).grade_id) ===
                                    arguments[0]);""", grade_id)


def _cell_output(driver, index):
    return _js(driver, NOTEBOOK_JS + """
        const node = cells[arguments[0]].node.querySelector('.jp-OutputArea');
        return node ? node.innerText : '';""", index)


def _kernel_idle(driver):
    return _js(driver, NOTEBOOK_JS + """
        const k = panel.sessionContext.session && panel.sessionContext.session.kernel;
        return !!k && k.status === 'idle';""")


def _executed(driver, index):
    return _js(driver, NOTEBOOK_JS + "return cells[arguments[0]].model.executionCount;", index)


def test_a_student_works_through_chapter_00(lab, browser, artifacts_on_failure):
    driver = browser
    driver.get(f"{lab['url']}/lab/tree/{CHAPTER}/{CHAPTER}.ipynb?token={TOKEN}")
    _wait(driver, lambda d: _js(d, "return !!(window.jupyterapp && window.jupyterapp.shell"
                                   " && window.jupyterapp.shell.currentWidget &&"
                                   " window.jupyterapp.shell.currentWidget.content &&"
                                   " window.jupyterapp.shell.currentWidget.content.widgets"
                                   ".length > 5)"), "the notebook to open")
    _wait(driver, _kernel_idle, "the kernel to start")
    # Korean without a Korean system font: the course's web font (custom.css)
    assert_korean_is_drawn(driver, ".jp-RenderedHTMLCommon h1, .jp-RenderedHTMLCommon h2",
                           "a heading")
    assert_korean_is_drawn(driver, ".jp-RenderedHTMLCommon p", "prose")
    assert_korean_is_drawn(driver, ".cm-content .cm-line", "a string in a code cell")

    # the instructor's tools are not there, Validate is
    commands = _js(driver, "return window.jupyterapp.commands.listCommands()"
                           ".filter(c => c.startsWith('nbgrader:'));")
    assert not [c for c in commands if "formgrader" in c or "create-assignment" in c
                or "course-list" in c], commands
    assert "Formgrader" not in driver.find_element(By.ID, "jp-top-panel").text
    menus = [m.text for m in driver.find_elements(By.CSS_SELECTOR,
                                                  "#jp-menu-panel .lm-MenuBar-itemLabel")]
    assert "Run" in menus and "Nbgrader" not in menus, menus  # an empty menu is noise

    # Run All, as from the Run menu
    _js(driver, "return window.jupyterapp.commands.execute('notebook:run-all-cells');")
    answer, test = _cell_index(driver, "bmi"), _cell_index(driver, "bmi-test")
    assert 0 <= answer < test
    _wait(driver, lambda d: _executed(d, test) is not None and _kernel_idle(d),
          "Run All to reach the bmi test cell")
    failure = _cell_output(driver, test)
    assert "답을 쓰세요" in failure or "NotImplementedError" in failure, failure
    assert re.search("[가-힣]", failure) and "Traceback" not in failure, failure
    assert "site-packages" not in failure, failure
    # Run All does not stop there: the release tags answer and test cells raises-exception
    last = _js(driver, NOTEBOOK_JS + """
        return cells.map(c => c.model.type).lastIndexOf('code');""")
    _wait(driver, lambda d: _executed(d, last) is not None and _kernel_idle(d),
          "Run All to go past the failing tests to the last code cell")
    unrun = _js(driver, NOTEBOOK_JS + """
        return cells.filter(c => c.model.type === 'code' && !c.model.executionCount).length;""")
    assert unrun == 0, f"{unrun} code cells were not run by Run All"

    # type the answer into the answer cell (its stub selected and replaced)
    _js(driver, NOTEBOOK_JS + """
        panel.content.activeCellIndex = arguments[0];
        panel.content.mode = 'edit';
        cells[arguments[0]].node.scrollIntoView();""", answer)
    editor = _wait(driver, lambda d: d.execute_script(NOTEBOOK_JS + """
        return cells[arguments[0]].node.querySelector('.cm-content');""", answer),
        "the answer cell's editor")
    editor.click()
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys(ANSWER)
    typed = _js(driver, NOTEBOOK_JS + "return cells[arguments[0]].model.sharedModel.getSource();",
                answer)
    assert typed.strip() == ANSWER, typed

    # run the answer and its visible test, as with Shift+Enter twice
    before = _executed(driver, test)
    editor.send_keys(Keys.SHIFT, Keys.ENTER)
    _wait(driver, lambda d: _kernel_idle(d), "the answer cell to run")
    _js(driver, NOTEBOOK_JS + "panel.content.activeCellIndex = arguments[0];", test)
    _js(driver, "return window.jupyterapp.commands.execute('notebook:run-cell');")
    _wait(driver, lambda d: _executed(d, test) != before and _kernel_idle(d),
          "the bmi test cell to run again")
    passed = _cell_output(driver, test)
    assert "통과" in passed and "Error" not in passed, passed
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # what the student saw, for the README
    _js(driver, NOTEBOOK_JS + "cells[arguments[0]].node.scrollIntoView();", answer)
    driver.save_screenshot(str(ARTIFACTS / "student-notebook.png"))

    # Validate: the toolbar button of nbgrader's validate-assignment extension
    button = _wait(driver, lambda d: next(iter(d.find_elements(
        By.XPATH, "//jp-button[contains(., 'Validate')] | //button[contains(., 'Validate')]")),
        None), "the Validate button")
    button.click()
    dialog = _wait(driver, lambda d: next(iter(d.find_elements(
        By.CSS_SELECTOR, ".jp-Dialog-content")), None), "Validate's result", timeout=WAIT)
    _wait(driver, lambda d: "Validating" not in dialog.text and len(dialog.text) > 20,
          "Validate to finish")
    verdict = dialog.text
    driver.save_screenshot(str(ARTIFACTS / "student-validate.png"))
    # the other exercises are still unanswered: Validate says so in a Korean summary first,
    # then one line per failing exercise with its Korean message; no test source, no English
    first = next(line for line in verdict.splitlines() if line.startswith("테스트"))
    title = _js(driver, "return getComputedStyle(document.querySelector("
                        "'.jp-Dialog-content .jp-Dialog-header'), '::before').content;")
    assert "검사 결과" in title, title  # custom.css puts the Korean title in place
    found = re.match(r"테스트 (\d+)개 중 (\d+)개 통과, (\d+)개 실패: (.+)", first)
    assert found, verdict
    total, passed, failed = (int(found.group(i)) for i in (1, 2, 3))
    assert passed >= 1 and passed + failed == total, first
    names = found.group(4).split(", ")
    assert len(names) == failed and "bmi" not in names, names
    assert "답을 쓰세요" in verdict, verdict
    assert "The following cell failed" not in verdict and "check_" not in verdict, verdict
    assert "Traceback" not in verdict and "bmi(70, 1.75)" not in verdict, verdict
    assert_korean_is_drawn(driver, ".jp-Dialog-content pre", "Validate's dialog")
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Jupyter news" not in body and "notified" not in body  # no news toast


def test_a_reset_chapter_is_kept_where_the_file_browser_shows_it(lab, browser,
                                                                artifacts_on_failure):
    """make reset keeps the old folder under backups/, which JupyterLab lists and opens
    (its contents API refuses hidden folders)."""
    home = lab["home"]
    run = subprocess.run([sys.executable, "-m", "dlcourse.workspace", "reset", "01",
                          f"--root={home}"], check=True, capture_output=True, text=True)
    assert "backups" in run.stdout, run.stdout
    status, listing = _get(f"{lab['url']}/api/contents/backups?token={TOKEN}")
    assert status == 200, listing[-1000:]
    kept = [item["name"] for item in json.loads(listing)["content"]]
    assert len(kept) == 1 and kept[0].startswith("01_perceptron-"), kept
    driver = browser
    driver.get(f"{lab['url']}/lab/tree/backups?token={TOKEN}")
    _wait(driver, lambda d: any(kept[0] in e.text for e in d.find_elements(
        By.CSS_SELECTOR, ".jp-DirListing-item")), "the backup in the file browser")


def test_report_pages_draw_korean_without_a_system_font(browser, tmp_path,
                                                       artifacts_on_failure):
    """The class report carries the Korean glyphs it uses (feedback pages the same way:
    tests/test_instructor_commands.py checks their font covers every Hangul they show)."""
    from dlgrade import report

    page = tmp_path / "report.html"
    page.write_text(report.render(['<h2 id="x">07장</h2><p class="note">수집했지만 아직 '
                                   "채점하지 않은 제출이 3건 있습니다.</p>"],
                                  "학급 보고서: 글꼴 확인"), encoding="utf-8")
    browser.get(page.as_uri())
    assert_korean_is_drawn(browser, "h1", "the report's title")
    assert_korean_is_drawn(browser, "p.note", "the report's text")
