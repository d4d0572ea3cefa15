"""`make lab` stops when it is told to: a script or a service manager that sends SIGTERM to
make must not leave a JupyterLab server running without a parent."""
import os
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest

from course_tools import free_port
from dlgrade.course import ROOT

# far above JupyterLab's start and stop on an idle machine (a few seconds each)
WAIT = 240
TOKEN = "dlcourse-make-lab-test"



def _answers(url):
    try:
        urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5)
        return True
    except OSError:
        return False


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
@pytest.mark.parametrize("target", ["lab", "lab-instructor"])
def test_sigterm_to_make_stops_jupyterlab(tmp_path, target):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    # PY=true: the recipe's working-copy sync does nothing here (a working copy in the
    # project stays as it is; an empty one is made for the server and removed afterwards)
    work = ROOT / "my-course"
    made = not work.exists()
    work.mkdir(exist_ok=True)
    lab_args = (f"--port={port} --ServerApp.ip=127.0.0.1 --no-browser "
                f"--IdentityProvider.token={TOKEN}")
    log = open(tmp_path / "make.log", "w")  # noqa: SIM115 - closed below
    make = subprocess.Popen(["make", "--no-print-directory", target, "PY=true",
                             f"LAB_ARGS={lab_args}"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + WAIT
        while not _answers(url):
            assert make.poll() is None, (f"make {target} stopped before JupyterLab answered:\n"
                                         + (tmp_path / "make.log").read_text()[-3000:])
            assert time.monotonic() < deadline, "JupyterLab did not start"
            time.sleep(0.5)
        make.send_signal(signal.SIGTERM)  # to make only, as `kill <pid of make>` would
        make.wait(timeout=WAIT)
        while _answers(url):
            assert time.monotonic() < deadline + WAIT, "JupyterLab outlived make"
            time.sleep(0.5)
        left = subprocess.run(["pgrep", "-f", f"--port={port}"], capture_output=True,
                              text=True).stdout.split()
        assert not left, f"processes of make {target} still running: {left}"
    finally:
        try:
            os.killpg(make.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        make.wait()
        log.close()
        if made:
            work.rmdir()
