"""ui.page.compute through AppTest: a progress-capable function draws a bar while it runs,
the bar is gone afterwards, and a configuration computed before comes back without rerunning."""

from streamlit.testing.v1 import AppTest

from .fake_explorer import CALLS

SCRIPT = """
import streamlit as st
from tests.ui import fake_explorer as ex
from ui.page import compute

result = compute(ex.run, ex.Params(k=st.session_state.get("k", 1)))
st.markdown(f"result {result}")
"""


def _app(k):
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.session_state["k"] = k
    return at.run()


def _kinds(at):
    return [getattr(e, "type", "") for e in at.main.children.values()]


def test_progress_is_drawn_removed_and_not_replayed():
    k = 1_000 + len(CALLS)  # a configuration no earlier test has stored
    at = _app(k)
    assert not at.exception
    assert at.markdown[0].value == f"result {2 * k}"
    assert CALLS[-1] == k
    # The bar was drawn, then emptied: its slot is left empty, before the result.
    assert _kinds(at) == ["empty", "markdown"] and not at.get("progress")
    again = _app(k)  # a new session, the same configuration: from the store
    assert again.markdown[0].value == f"result {2 * k}"
    assert CALLS.count(k) == 1, "computed once"
    # No bar replayed; its slot is there, empty, as on the first run: what follows it keeps
    # its place, so its charts are redrawn in place.
    assert _kinds(again) == ["empty", "markdown"] and not again.get("progress")


def test_a_function_without_progress_still_uses_the_plain_cache():
    at = AppTest.from_string("""
import streamlit as st
from ui.page import compute
from tests.ui import fake_explorer as ex
st.markdown(f"plain {compute(ex.plain, ex.Params(k=3))}")
""", default_timeout=30).run()
    assert not at.exception and at.markdown[0].value == "plain 9"


SLOW = """
import streamlit as st
from tests.ui import slow_explorer as ex
from ui.page import compute

result = compute(ex.run, ex.Params(k=st.session_state.get("k", 1)))
st.markdown(f"result {result}")
"""


def test_two_sessions_asking_at_once_compute_once_and_both_show_the_bar():
    import threading

    from tests.ui import slow_explorer as slow
    from ui.page import _results

    k = 5_000 + len(slow.CALLS)
    key = (slow.__name__, "run", slow.Params(k=k), ())
    slow.STARTED.clear()
    slow.GATE.clear()
    sessions = [AppTest.from_string(SLOW, default_timeout=60) for _ in range(2)]
    for at in sessions:
        at.session_state["k"] = k
    threads = [threading.Thread(target=at.run, daemon=True) for at in sessions]
    try:
        threads[0].start()
        assert slow.STARTED.wait(60), "the first session never started computing"
        threads[1].start()
        # The second session is waiting for the first one's computation, not computing its own.
        assert _until(lambda: slow.CALLS.count(k) > 1 or _results().waiting(key) == 1)
    finally:
        slow.GATE.set()
        for t in threads:
            t.join(60)
    assert slow.CALLS.count(k) == 1, "computed once for both sessions"
    for at in sessions:
        assert not at.exception
        assert at.markdown[0].value == f"result {3 * k}"
        # Each drew the bar (the waiting one from the first one's reports), then removed it.
        assert _kinds(at) == ["empty", "markdown"] and not at.get("progress")


def _until(condition, patience: float = 60) -> bool:
    import time

    deadline = time.monotonic() + patience
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_sessions_asking_at_once_for_a_plain_result_compute_it_once():
    # Results without progress go through the same store: the second caller waits for the
    # first one's computation (the test waits until it is counted as waiting, or, without
    # one flight, has started computing a second time).
    import threading

    from tests.ui import slow_explorer as slow
    from ui.page import _results, compute

    k = 9_000 + len(slow.CALLS)
    key = (slow.__name__, "plain", slow.Params(k=k), ())
    slow.STARTED.clear()
    slow.GATE.clear()
    results = []

    def session():
        results.append(compute(slow.plain, slow.Params(k=k)))

    threads = [threading.Thread(target=session, daemon=True) for _ in range(2)]
    try:
        threads[0].start()
        assert slow.STARTED.wait(60), "the first caller never started computing"
        threads[1].start()
        assert _until(lambda: slow.CALLS.count(k) > 1 or _results().waiting(key) == 1)
    finally:
        slow.GATE.set()
        for t in threads:
            t.join(60)
    assert slow.CALLS.count(k) == 1, "computed once for both callers"
    assert results == [4 * k, 4 * k]


def _inside(thread, function: str) -> bool:
    """Whether ``thread`` is running ``function`` right now (anywhere on its stack)."""
    import sys

    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        if frame.f_code.co_name == function:
            return True
        frame = frame.f_back
    return False
