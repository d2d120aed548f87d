"""ui.trainer.live_panel on a tiny page whose model only counts epochs: the buttons step,
reset, run to the cap and start again when the model's settings change."""

import pytest
from streamlit.testing.v1 import AppTest

from ui import trainer

SCRIPT = """
import streamlit as st
from tests.ui import fake_trainee as fake
from ui.trainer import live_panel

st.session_state.setdefault("runs", []).append([])  # what each run drew: (epoch, running)

def draw(live, running):
    st.session_state["runs"][-1].append((live.epoch, running))
    st.markdown(f"drawn at epoch {live.epoch}")

params = fake.Params(layers=st.session_state.get("layers", 2),
                     blows_up_at=st.session_state.get("blows_up_at", 1000))
live_panel("fake_live", params, fake.start, draw, chunk=10)
"""


@pytest.fixture
def at():
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    assert not at.exception
    return at


def _click(at, key):
    at.button(key=key).click().run()
    assert not at.exception, key


def _drawn(at) -> int:
    """The epoch the page's own draw was last given (one frame on the page after a run)."""
    frames = [m.value for m in at.markdown if m.value.startswith("drawn at epoch")]
    assert len(frames) == 1, frames
    return int(frames[0].rsplit(" ", 1)[1])


def test_step_and_reset(at):
    assert _drawn(at) == 0
    assert any("Untrained network" in c.value for c in at.caption)
    _click(at, "live_step1")
    assert _drawn(at) == 1 and at.session_state["fake_live"].epoch == 1
    _click(at, "live_step10")
    assert _drawn(at) == 11
    assert any(c.value == "Paused at epoch 11." for c in at.caption)
    _click(at, "live_reset")
    assert _drawn(at) == 0 and at.session_state["fake_live"].epoch == 0


def test_run_stops_at_the_cap_and_disables_the_buttons(at, monkeypatch):
    monkeypatch.setattr(trainer, "GAP", 0)  # no pauses between frames in a test
    _click(at, "live_step1")
    _click(at, "live_run")  # AppTest runs the loop to its end
    assert _drawn(at) == 25
    assert any("cap of 25 epochs" in i.value for i in at.info)
    assert all(at.button(key=k).disabled for k in ("live_run", "live_step1", "live_step10"))
    assert not at.button(key="live_reset").disabled
    _click(at, "live_reset")
    assert _drawn(at) == 0 and not at.button(key="live_run").disabled


def test_a_divergence_stops_the_run_and_says_so(monkeypatch):
    monkeypatch.setattr(trainer, "GAP", 0)
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.session_state["blows_up_at"] = 14
    at.run()
    _click(at, "live_run")
    assert _drawn(at) == 14
    # No "Training…" frame of a network that has stopped (nor a pause after it per chunk
    # left), then one rerun that draws the buttons disabled.
    *_, running, rerun = at.session_state["runs"]
    assert running == [(0, False), (10, True), (14, False)] and rerun == [(14, False)]
    assert any("diverged in epoch 15" in w.value for w in at.warning)
    assert at.button(key="live_step1").disabled


def test_changing_the_model_starts_again_and_names_the_control(at):
    _click(at, "live_step10")
    at.session_state["layers"] = 3
    at.run()
    assert not at.exception
    assert _drawn(at) == 0
    notes = [i.value for i in at.info if "different network" in i.value]
    assert notes and notes[0].startswith("You changed Hidden layers:")
    assert at.session_state["fake_live"].key.layers == 3
