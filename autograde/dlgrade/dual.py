"""nbgrader's Execute with the test cells run in the clean process.

:class:`DualExecute` runs every student and instructor cell on the sandboxed kernel
(:mod:`dlgrade.sandbox`) as nbgrader does; for a test cell the kernel runs the agent
(:data:`SERVE`, :mod:`dlgrade.agent`) while the clean process (:mod:`dlgrade.handle`) runs the
test, and the test cell's outputs are the clean process's.
"""
import asyncio
import secrets
import time

import nbformat
from nbclient.exceptions import DeadKernelError
from nbgrader.preprocessors import Execute

from . import sandbox
from .cells import is_test_cell
from .names import free_names

SERVE = ("__import__('dlgrade.agent', fromlist=['serve'])"
         ".serve({path!r}, {token!r}, {timeout})")


class DualExecute(Execute):
    """nbgrader's Execute, except that test cells run in the clean process.

    Every other cell runs on the sandboxed kernel as usual (or is skipped: ``skip``). For
    a test cell the kernel runs the agent (:mod:`dlgrade.agent`), which answers the clean
    process's requests while the test runs there; the test cell's outputs are the clean
    process's.
    """

    def __init__(self, *args, clean, layout, names, cell_timeout, skip=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.clean, self.layout, self.names = clean, layout, names
        self.cell_timeout = cell_timeout
        self.skip = set(skip)
        self._locked = False
        self.test_seconds = 0.0

    def preprocess_cell(self, cell, resources, index):
        if not self._locked:  # the kernel is up; no student code has run yet
            sandbox.lock_connection_folder(self.layout)
            self._locked = True
        if not is_test_cell(cell):
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in self.skip:
                return cell, resources  # nothing that is graded depends on it
            return super().preprocess_cell(cell, resources, index)
        started = time.perf_counter()
        try:
            return self._test_cell(cell, resources, index)
        finally:
            self.test_seconds += time.perf_counter() - started

    def _test_cell(self, cell, resources, index):
        try:
            names = sorted(free_names(cell.source) & self.names)
        except SyntaxError:
            names = []
        token = secrets.token_hex(16)
        rid = self.clean.send_test(cell.source, names, token, self.cell_timeout)
        serve = nbformat.v4.new_code_cell(SERVE.format(
            path=str(self.layout.socket), token=token, timeout=self.cell_timeout))
        saved, self.timeout = self.timeout, self.cell_timeout + 20
        died = None
        try:
            self.execute_cell(serve, index, store_history=False)
        except DeadKernelError as err:
            died = err
        finally:
            self.timeout = saved
            self.nb.cells[index] = cell  # nbclient put the agent's cell in its place
        reply = self.clean.reply(rid, self.cell_timeout + 30)
        if "outputs" in reply:
            cell.outputs = [nbformat.from_dict(o) for o in reply["outputs"]]
        elif reply.get("restarted"):  # the answer's side kept the test from finishing
            message = ("답 코드가 보낸 값을 제한 시간 안에 검사하지 못했습니다(the answer's "
                       "values could not be checked in time); 이 테스트는 0점입니다.")
            cell.outputs = [nbformat.v4.new_output(
                "error", ename="AnswerError", evalue=message,
                traceback=[f"AnswerError: {message}"])]
        else:
            cell.outputs = [nbformat.v4.new_output(
                "error", ename="GradingEngineError", evalue=str(reply.get("error")),
                traceback=[f"GradingEngineError: {reply.get('error')}"])]
        if died is not None:
            raise died
        return cell, resources


def close_thread_event_loop():
    """Close the event loop nbclient made for this thread (jupyter_core's ``run_sync`` makes
    one per thread and leaves it open): a worker grades hundreds of submissions, each in a new
    thread, and every loop left open keeps file descriptors until ``select()`` fails."""
    policy = asyncio.get_event_loop_policy()
    try:
        loop = policy.get_event_loop()
    except RuntimeError:
        return
    if not loop.is_running() and not loop.is_closed():
        loop.close()
    policy.set_event_loop(None)
