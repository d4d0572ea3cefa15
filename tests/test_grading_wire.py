"""The crossing between the clean test process and the student's kernel, in one process.

The agent (student side) runs in a thread on one end of a socket pair, the bridge (test side)
on the other: what a test sees of an answer's values, and what an answer sees of a test's.
"""
import math
import os
import socket
import subprocess
import sys
import threading
import time
import warnings

import numpy as np
import pytest
import torch

from dlcourse import grading
from dlgrade import agent, byvalue, clean, wire
from dlgrade.course import ROOT


@pytest.fixture
def remote():
    """``remote(**names)`` -> the test side's view of those names in a student namespace."""
    pairs = []

    def connect(**namespace):
        a, b = socket.socketpair()
        thread = threading.Thread(target=agent.Agent(namespace, a).loop, daemon=True)
        thread.start()
        bridge = clean.Bridge(b, deadline=time.monotonic() + 60)
        pairs.append((thread, bridge, a, b))
        return bridge, {name: bridge.get(name) for name in namespace}

    yield connect
    for thread, bridge, a, b in pairs:
        bridge.done()  # the agent's loop ends as it does after a test cell
        thread.join(timeout=60)
        b.close()
        a.close()


@pytest.mark.parametrize("value", [
    np.array(3), np.array(2.5), np.float32(1.5), np.arange(6.0).reshape(2, 3).T,
    np.array([[True, False]]), np.zeros((0, 4)), np.array([1, 2], dtype=np.int8)])
def test_arrays_keep_shape_dtype_and_values(value):
    codec = wire.Codec()
    back = codec.decode(json_round_trip(codec.encode(value)))
    assert np.asarray(back).shape == np.shape(value)
    assert np.asarray(back).dtype == np.asarray(value).dtype
    np.testing.assert_array_equal(back, value)


def json_round_trip(data):
    import json

    return json.loads(json.dumps(data))


def test_an_answer_returning_a_0d_array_is_seen_as_one(remote):
    _, names = remote(step=lambda x: np.where(np.asarray(x) >= 0, 1, 0))
    out = names["step"](0.0)
    assert isinstance(out, np.ndarray) and out.shape == () and out == 1


def test_a_numpy_generator_crosses_by_value_and_comes_back_advanced(remote):
    def draw(n, rng=None):
        return rng.random(n)

    _, names = remote(draw=draw)
    for make in (np.random.default_rng, lambda s: np.random.Generator(np.random.MT19937(s))):
        ours, same = make(5), make(5)
        np.testing.assert_array_equal(names["draw"](3, rng=ours), same.random(3))
        assert ours.random() == same.random()  # our generator advanced by the answer's draws


def test_the_state_of_a_broken_generator_reply_is_ignored():
    g = np.random.default_rng(1)
    before = g.bit_generator.state
    byvalue.apply_state(g, {"bit_generator": "PCG64", "state": "nonsense"})
    assert g.bit_generator.state == before


def test_numerically_strict_applies_in_the_answers_process(remote):
    bridge, names = remote(naive=lambda x: 1.0 / (1.0 + np.exp(-x)),
                           stable=lambda x: np.exp(-np.logaddexp(0.0, -x)))
    with grading.answers_elsewhere(bridge):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the answer's kernel is another process in real use
            with pytest.raises(grading.GradingError, match="수치 오류"):
                with grading.numerically_strict("naive"):
                    names["naive"](np.array([-1000.0]))
            with grading.numerically_strict("stable"):
                out = names["stable"](np.array([-1000.0, 1000.0]))
            np.testing.assert_allclose(out, [0.0, 1.0])
            # outside the block the answer runs as usual again
            assert names["naive"](np.array([-1000.0]))[0] == 0.0
    assert grading._answer_side is None  # back in this process after the block
    with pytest.raises(TypeError, match="lacks strict, swap, unswap, call_there"):
        with grading.answers_elsewhere(object()):
            pass


def test_float32_results_stay_float32(remote):
    _, names = remote(f=lambda x: np.asarray(x, dtype=np.float32) * 2,
                      t=lambda x: torch.tensor(x, dtype=torch.float32))
    assert names["f"](np.arange(3.0)).dtype == np.float32
    assert names["t"]([1.0, 2.0]).dtype == torch.float32


def test_big_integers_and_special_floats_cross(remote):
    _, names = remote(echo=lambda v: v)
    value = {"state": 2 ** 127 + 3, "nan": math.nan, "inf": -math.inf}
    back = names["echo"](value)
    assert back["state"] == 2 ** 127 + 3 and math.isnan(back["nan"]) and back["inf"] == -math.inf


def test_a_reply_is_matched_to_its_request_and_a_silent_process_is_replaced(tmp_path):
    """The engine's handle on the clean process: a late reply to an earlier request is never
    taken for the answer to a later one, and a process that does not answer in time is
    started again (with the setup cell) before the next test."""
    import sys

    from dlgrade.handle import CleanProcess, CleanProcessError, CleanSide

    argv = [sys.executable, "-m", "dlgrade.clean", "--socket", str(tmp_path / "s")]
    process = CleanProcess(argv, cwd=tmp_path)
    try:
        # no agent ever connects: the test request answers (an error) after 1 s
        first = process.send({"op": "test", "source": "x = 1", "names": [], "token": "t",
                              "timeout": 1})
        second = process.send({"op": "setup", "source": "y = 2"})
        reply = process.reply(second, timeout=60)
        assert reply == {"ok": True, "id": second}  # the test's reply came first and was dropped
        assert first != second
    finally:
        process.close()

    side = CleanSide.standalone(argv, tmp_path, "import numpy as np")
    try:
        rid = side.send_test("np.zeros(1)", [], "token", timeout=30)
        reply = side.reply(rid, timeout=0.5)  # the engine stops waiting before the test ends
        assert reply.get("restarted") and side.restarts == 1
        rid = side.send_test("print(np.ones(2).sum())", [], "token", timeout=0.5)
        assert side.reply(rid, timeout=60)["outputs"][-1]["ename"] == "AnswerError"
    finally:
        side.close()
    with pytest.raises(CleanProcessError):
        side.process.send({"op": "setup", "source": ""})


def test_text_with_lone_surrogates_crosses_as_valid_unicode(remote):
    def fails(x):
        raise ValueError("bad \ud800 value")

    _, names = remote(echo=lambda v: v, fails=fails)
    assert names["echo"]("a\udfffb") == "a?b"
    with pytest.raises(ValueError) as err:
        names["fails"](1)
    str(err.value).encode("utf-8")  # would raise UnicodeEncodeError with the surrogate


def test_callbacks_die_with_their_request(remote):
    """A function of the test's side handed to an answer (as graded_with does) is valid while
    that request (or graded_with block) lasts: an answer that keeps it cannot call it later,
    e.g. in another exercise's test."""
    kept = {}

    def keep(f):
        kept["f"] = f
        return f(2)

    def later():
        return kept["f"](3)

    bridge, names = remote(keep=keep, later=later)
    assert names["keep"](lambda x: x * 10) == 20
    with pytest.raises(RuntimeError, match="callback"):
        names["later"]()


def test_naming_a_library_function_imports_nothing():
    """Sending np.exp to the answer names it ("numpy:exp") without importing torch to look for
    a torch.exp: an object cannot belong to a module nobody imported, and torch costs a second
    per submission in the chapters that do not use it."""
    code = ("import sys, numpy; from dlgrade import wire; "
            "print(wire.library_path(numpy.exp), 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "autograde")})
    assert out.stdout.split() == ["numpy:exp", "False"]
