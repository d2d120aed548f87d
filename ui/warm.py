"""Lessons ready before the lecture: the slow pages' results, computed once per server.

A page that trains (a DQN, a CNN, a recurrent network, a t-SNE map, ARIMA's search) takes
seconds to a minute the first time a state is asked for. A teacher stepping a tour in
front of a class should not wait on each Next, so when the server starts, one background
thread computes each slow page's defaults, then its tour's and challenges' states, into
the one result store (``ui.page.compute``'s keys: a visit then finds them there, or waits
for the one flight already under way).

The thread runs at the lowest CPU priority the system gives a thread, one state at a time,
so a learner's own request is served first; ``EXPLORERS_WARM=0`` turns it off (the tests
and the timing benches do, to measure cold computations).
"""

from __future__ import annotations

import inspect
import logging
import os
import threading

import streamlit as st

import lessons
from explorers import all_explorers

SWITCH = "EXPLORERS_WARM"
log = logging.getLogger(__name__)


def slow_explorers() -> list:
    """The pages that report progress while they compute (the ones that train), and those
    whose first visit loads something large once per server (``WARM_AT_START = True``: a
    tokenised corpus, a language model), which a class would otherwise wait on together."""
    return [ex for ex in all_explorers()
            if "progress" in inspect.signature(ex.run).parameters or getattr(ex, "WARM_AT_START", False)]


def states(explorer) -> list:
    """The defaults first, then each tour step's and challenge's state, then the page's own
    ``WARM_STATES`` (moves a learner makes first that cost a slider's time many times over),
    without repeats."""
    seen = [explorer.Params()]
    lesson_states = [s.state for s in lessons.tour(explorer)] + [c.state for c in lessons.challenges(explorer)]
    for state in lesson_states + list(getattr(explorer, "WARM_STATES", ())):
        params = lessons.params_at(explorer, state)
        if params not in seen:
            seen.append(params)
    return seen


def plan() -> list[tuple]:
    """(explorer, params) in the order they are warmed: every page's defaults before any tour."""
    per_page = [states(ex) for ex in slow_explorers()]
    return [(ex, p[i]) for i in range(max(map(len, per_page), default=0))
            for ex, p in zip(slow_explorers(), per_page) if i < len(p)]


@st.cache_resource(show_spinner=False)
def start(_warm) -> threading.Thread | None:
    """Once per server: ``_warm(explorer, params)`` for every state of the plan, on a thread
    of its own (``ui.page.warm``, which computes into the pages' store)."""
    if os.environ.get(SWITCH, "1") == "0":
        return None

    def work():
        try:  # lowest priority for this thread only (Linux: a thread is its own task)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        except (AttributeError, OSError):
            pass  # elsewhere it simply runs at the normal priority
        for explorer, params in plan():
            try:
                _warm(explorer, params)
            except Exception:  # a visit to that state will show its own message; say it here too
                log.exception("Warming %s at %s failed", explorer.__name__, params)

    thread = threading.Thread(target=work, name="warm lessons", daemon=True)
    thread.start()
    return thread
