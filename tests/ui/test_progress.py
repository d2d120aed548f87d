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
    assert _kinds(again) == ["markdown"], "no bar drawn, none replayed"


def test_a_function_without_progress_still_uses_the_plain_cache():
    at = AppTest.from_string("""
import streamlit as st
from ui.page import compute
from tests.ui import fake_explorer as ex
st.markdown(f"plain {compute(ex.plain, ex.Params(k=3))}")
""", default_timeout=30).run()
    assert not at.exception and at.markdown[0].value == "plain 9"
