"""The playground's live training, driven through the real page: Step, Reset, Run to a cap,
and which widget changes keep this session's training and which start it again."""

import base64
import json

import numpy as np
import pytest

from explorers import _playground_live as px, playground as ex
from ui import trainer

from .apptest import charts, failures, open_page

PAGE = "views/playground.py"


@pytest.fixture
def at():
    at = open_page(PAGE)
    assert not failures(at)
    return at


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def _epoch(at) -> int:
    return int(_metric(at, "Live epoch"))


def _live_loss_points(at) -> int:
    """How many epochs the live loss chart draws (its train curve's points)."""
    live = [spec for key, spec in charts(at).items() if "live_loss" in key]
    assert len(live) == 1, "one live loss chart on the page"
    spec = live[0]
    train = next(t for t in spec["data"] if t.get("name") == "train")
    x = train["x"]
    if isinstance(x, dict):  # plotly's typed array: base64 bytes of dtype x["dtype"]
        return np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).size
    return len(x)


def _click(at, key):
    at.button(key=key).click().run()
    assert not failures(at), key
    return at


def test_the_live_panel_opens_untrained(at):
    assert _epoch(at) == 0
    text = " ".join(c.value for c in at.caption)
    assert "not in the link" in text


def test_step_advances_the_counter_and_the_loss_curve(at):
    before = _live_loss_points(at)
    _click(at, "live_step1")
    assert _epoch(at) == 1
    _click(at, "live_step10")
    assert _epoch(at) == 11
    assert _live_loss_points(at) > before
    # the drawn curve is the session's own training, epoch by epoch
    live = at.session_state["playground_live"]
    assert len(live.state.train_curve) == 12
    assert _metric(at, "Live test loss") == f"{live.state.test_curve[-1]:.3f}"


def test_reset_returns_to_epoch_zero(at):
    _click(at, "live_step10")
    assert _epoch(at) == 10
    _click(at, "live_reset")
    assert _epoch(at) == 0
    assert len(at.session_state["playground_live"].state.train_curve) == 1


def test_the_scrubber_and_epochs_keep_the_live_training(at):
    _click(at, "live_step10")
    at.slider(key="show").set_value(50).run()
    assert not failures(at)
    at.slider(key="epochs").set_value(10).run()
    assert not failures(at)
    assert _epoch(at) == 10
    assert not any("different network" in i.value for i in at.info)


def test_changing_the_network_starts_again(at):
    _click(at, "live_step10")
    at.slider(key="hidden_layers").set_value(3).run()
    assert not failures(at)
    assert _epoch(at) == 0
    notes = [i.value for i in at.info if "different network" in i.value]
    assert notes and "Hidden layers" in notes[0]
    assert at.session_state["playground_live"].key.hidden_layers == 3


def test_run_trains_in_chunks_up_to_the_cap(monkeypatch):
    # The cap is the live training's own, set when it starts: lower it before the page opens.
    monkeypatch.setattr(px, "LIVE_CAP", 23)
    monkeypatch.setattr(px, "LIVE_CHUNK", 10)
    monkeypatch.setattr(trainer, "GAP", 0)  # no pauses between frames in a test
    at = open_page(PAGE)
    _click(at, "live_step1")
    _click(at, "live_run")  # AppTest runs the loop to its end
    assert _epoch(at) == 23
    assert _live_loss_points(at) == 24
    assert any("cap of 23 epochs" in i.value for i in at.info)
    assert at.button(key="live_run").disabled and at.button(key="live_step1").disabled
    _click(at, "live_reset")
    assert _epoch(at) == 0 and not at.button(key="live_run").disabled


def test_live_training_matches_the_recorded_run(at):
    """A teacher can trust it: 10 live epochs are the recorded run's first 10."""
    _click(at, "live_step10")
    live = at.session_state["playground_live"]
    recorded = ex.run(ex.Params(epochs=10))
    assert list(recorded.train_curve) == list(live.state.train_curve)
