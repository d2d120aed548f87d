"""Run, Pause, Step +1, Step +10 and Reset for a model a page trains live, in front of the
learner, one chunk of epochs between redraws.

The model and how it trains are the explorer's: a function that starts an
``explorers._live.Live`` at epoch 0 (see that module; ``explorers/_playground_live.py``
is the first user). This module keeps one ``Live`` per session, draws the buttons and a
status line, and runs the loop; the page only says what to draw at an epoch::

    import itertools
    from explorers import _mypage_live as mx   # live_key, live_start, live_view
    from figures import mypage as fig
    from ui.page import chart
    from ui.trainer import live_panel

    frames = itertools.count()  # chart keys must be unique in a run: one number per frame

    def draw(view, running: bool) -> None:  # drawn again after every chunk while running
        st.metric("Live test loss", f"{view.test_loss:.3f}")
        chart(fig.loss_figure(view), key=f"live_loss_{next(frames)}")

    st.header("Train it live")
    live_panel("mypage_live", mx.live_key(params), mx.live_start, draw, view=mx.live_view)

``live_start(key)`` must give the same untrained model for the same key (Reset relies on
it: seed it from the key). ``live_view(live)`` turns the ``Live`` into what ``draw``
reads (by default ``draw`` gets the ``Live`` itself). When the key changes (a control
that defines another model), training starts again from epoch 0 and a note names the
controls that changed; so leave out of the key what does not change the model.
Widget keys are fixed (``live_run``, ``live_pause``, ``live_step1``, ``live_step10``,
``live_reset``): one panel per page.
"""

from __future__ import annotations

import time
from typing import Callable, Hashable

import streamlit as st

from explorers import _live
from explorers._contract import knobs
from ui.page import aside

# Seconds between redraws while running. Without it the server sends frames faster than a
# browser draws them: the page falls seconds behind, and so does a click on Pause.
GAP = 0.25


def live_panel(name: str, key: Hashable, start: Callable[[Hashable], _live.Live],
               draw: Callable[[object, bool], None], *,
               view: Callable[[_live.Live], object] = lambda live: live,
               chunk: int = 10, model: str = "network") -> None:
    """This session's live training of the model ``key`` defines, kept in
    ``st.session_state[name]``, with its buttons and ``draw(view(live), running)`` below them.

    ``chunk``: epochs trained between two redraws while running; ``model``: the word for
    what trains, in the buttons' help and the status line.

    Any click (here or in the sidebar) reruns the script, which ends a Run loop where it
    is: that is Pause, and the state saved after the last whole chunk is kept. Not an
    ``st.fragment``: in Streamlit 1.67 a click inside a fragment is queued behind the
    run in progress instead of interrupting it, so Pause would wait for the cap.
    """
    live = _current(name, key, start, model)
    # Step and Reset act in callbacks, before the script runs again, so the buttons
    # below already know whether the cap is reached.
    at_cap = _live.room(live) == 0
    run_b, pause_b, one_b, ten_b, reset_b = st.columns(5)
    run = run_b.button("Run", key="live_run", icon=":material/play_arrow:", width="stretch",
                       disabled=at_cap, help=f"Train on, {chunk} epochs between redraws, "
                                         f"up to {live.cap:,} epochs. Any click pauses it.")
    pause_b.button("Pause", key="live_pause", icon=":material/pause:", width="stretch",
                   help=f"Stop running; the {model} keeps every epoch trained so far.")
    one_b.button("Step +1", key="live_step1", icon=":material/skip_next:", width="stretch",
                 disabled=at_cap, on_click=_step, args=(name, 1), help="Train one more epoch.")
    ten_b.button("Step +10", key="live_step10", icon=":material/fast_forward:", width="stretch",
                 disabled=at_cap, on_click=_step, args=(name, 10), help="Train ten more epochs.")
    reset_b.button("Reset", key="live_reset", icon=":material/restart_alt:", width="stretch",
                   on_click=_reset, args=(name, start),
                   help=f"Back to the untrained {model} (epoch 0, the same starting weights).")

    slot = st.empty()  # one frame: the status line, then the page's own drawing

    def frame(live: _live.Live, running: bool) -> None:
        with slot.container():
            _status(live, running, model)
            draw(view(live), running)

    frame(live, running=False)
    if run:
        for n in _live.chunks(live.epoch, live.cap, chunk):
            live = _live.step(live, n)
            st.session_state[name] = live  # saved before drawing: a click lands after it
            if live.diverged:
                break
            frame(live, running=True)
            time.sleep(GAP)  # lets the browser draw the frame and send a click back
        frame(live, running=False)
        if _live.room(live) == 0:
            st.rerun()  # once, so the buttons are drawn again, disabled at the cap


def _current(name: str, key: Hashable, start, model: str) -> _live.Live:
    """The session's ``Live`` for ``key``: kept while the key stays, started afresh (with a
    note saying why) when it changes, started when there is none."""
    live = st.session_state.get(name)
    restarted = live is not None and live.key != key
    # In a slot that is there either way (ui.page.aside): the charts below keep their places.
    aside(f"You changed {_labels(live.key, key)}: that is a different {model}, so live training "
          "started again from epoch 0." if restarted else None, icon=":material/restart_alt:")
    if restarted:
        live = None
    if live is None:
        live = st.session_state[name] = start(key)
    return live


def _labels(old, new) -> str:
    """The changed controls by their labels, when the keys are ``Params``."""
    try:
        names = _live.changed(old, new)
        labels = knobs(type(new))
    except (TypeError, KeyError):  # not a dataclass, or one without knobs
        return "the settings"
    return ", ".join(labels[n].label or n for n in names) or "the settings"


def _status(live: _live.Live, running: bool, model: str) -> None:
    epoch, cap = live.epoch, live.cap
    if running:
        st.caption(f":material/progress_activity: Training… epoch {epoch} of at most {cap:,}. "
                   "Click Pause (or anything) to stop.")
    elif live.diverged:
        st.warning(f"Training diverged in epoch {epoch + 1}: the loss became infinite, so the "
                   f"{model} stays as it was after epoch {epoch}. Lower the learning rate, then Reset.",
                   icon=":material/warning:")
    elif epoch >= cap:
        st.info(f"Stopped at the cap of {cap:,} epochs. Reset to train again.", icon=":material/front_hand:")
    else:
        st.caption(f"Paused at epoch {epoch}." if epoch else f"Untrained {model}: press Run or Step.")


def _step(name: str, n: int) -> None:
    st.session_state[name] = _live.step(st.session_state[name], n)


def _reset(name: str, start) -> None:
    st.session_state[name] = start(st.session_state[name].key)
