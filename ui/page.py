"""The frame every concept page shares: heading, controls, cached run, code panel.

A page then only lays out its own figures and metrics, so the promises every page
makes (what to notice, a shareable link, runnable code, a clear message instead of a
stack trace) are kept in one place.
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
import os
import re
import sys
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitDuplicateElementKey

from explorers._memo import Memo
from figures.theme import layout_of, restyled
from ui import inplace_chart, teach, upkeep
from ui.controls import controls

UI = Path(__file__).resolve().parent


def header(explorer, title: str) -> None:
    """The page title and what to notice: all that comes before the controls' effect.

    The classic misreading is named below the charts (``code_panel``), so that the main
    chart starts on the first screen of a laptop.
    """
    # The tour starts beside the title, where a teacher finds it without scrolling the sidebar.
    with st.container(horizontal=True, vertical_alignment="center", gap="small", wrap=False, key="page_title"):
        st.title(title, width="stretch")
        teach.tour_start(explorer)
    # During a tour its narration, above the charts, says what to look at step by step.
    aside(None if teach.touring(explorer) else f"**What to notice.** {explorer.NOTICE}", "markdown")


def explore(explorer, given=None):
    """Widgets -> ``Params`` -> cached ``run``. Returns ``(params, result)``.

    ``given``: the learner's own input that cannot travel in a link (an uploaded image or
    table), as a function that draws its widget under the controls and returns the last
    good value, or None to use the page's own data. With it, ``run(params, value)`` is
    computed instead of ``run(params)``, and the call returns ``(params, value, result)``.
    A ``ValueError`` from the explorer is a setting it cannot handle: the page shows
    the message and stops there, keeping the widgets as the learner left them.
    """
    params = controls(explorer.Params)
    own = None if given is None else given()
    teach.tour_row(explorer, params, own is not None)
    try:
        # Without an input of the learner's, the same call (and cache entry) as a plain page.
        result = compute(explorer.run, params) if own is None else compute(explorer.run, params, own)
    except ValueError as err:
        st.error(f"These settings cannot be computed: {err}", icon=":material/error:")
        st.stop()
    return (params, result) if given is None else (params, own, result)


def compute(fn, params, *extra):
    """``fn(params, *extra)`` through the one result store, with a progress bar if ``fn``
    can report one.

    Every result is computed once per key for every session (``explorers/_memo.Memo``: a
    session asking for a configuration another is computing waits for it) and shared by
    reference, which is safe because results are read-only (``datasets.readonly``; the
    contract tests check every explorer). A function taking a ``progress`` keyword gets
    ``progress(fraction, text)``, which draws an ``st.progress`` bar on its first call and
    removes it when ``fn`` returns; a waiting session draws the same bar meanwhile, and a
    configuration computed before comes back at once, with no bar (docs/caching.md).
    """
    key = _key(fn, params, extra)
    store = _results()
    if "progress" not in inspect.signature(fn).parameters:
        found = store.peek(key, _MISSING)
        if found is not _MISSING:
            return found
        with st.spinner("Computing…"):  # shown only if it takes over half a second
            return store.get(key, lambda: fn(params, *extra))
    # The bar's slot is there on a cache hit too, left empty: elements below it keep their
    # places, so their charts are redrawn in place rather than built anew (see aside()).
    slot = st.empty()

    def progress(fraction: float, text: str) -> None:
        slot.progress(min(max(float(fraction), 0.0), 1.0), text=text)

    try:
        return store.get(key, lambda report: fn(params, *extra, progress=report), progress=progress)
    finally:
        slot.empty()


def _key(fn, params, extra: tuple) -> tuple:
    return (fn.__module__, fn.__qualname__, params, extra)


def warm(explorer, params) -> None:
    """``explorer.run(params)`` into the store, as a visit would compute it, with no page to
    report progress to (``ui/warm.py`` calls it off the page, on its own thread). A state
    already there, or being computed for a visitor, is left to them."""
    key = _key(explorer.run, params, ())
    store = _results()
    store.lasting(key)  # a lesson ready before the lecture stays ready (see RESULT_TTL)
    if store.peek(key, _MISSING) is not _MISSING:
        return
    if "progress" in inspect.signature(explorer.run).parameters:
        store.get(key, lambda report: explorer.run(params, progress=report), progress=None)
    else:
        store.get(key, lambda: explorer.run(params))


def code_panel(explorer, params, *extra, own=None) -> None:
    """The page's "Try this" challenges (``ui/teach.py``), the classic misreading named
    plainly, then runnable scikit-learn / PyTorch code for exactly the state on screen.

    ``extra``: the learner's input the page ran on, passed to ``run`` and ``code`` alike;
    ``own``: such an input that ``code`` cannot take (an uploaded image, which no code can
    load as is), so only the comparison and the lessons see it."""
    given = extra if own is None else (*extra, own)
    teach.compare(explorer, params, compute, chart_row, *given)
    teach.try_this(explorer, compute, any(value is not None for value in given))
    st.caption(f":material/warning: **Common misreading.** {explorer.MISREADING}")
    with st.expander("Show the code", icon=":material/code:"):
        st.caption("Copy it into a file or notebook: it runs as is and prints the numbers above.")
        st.code(explorer.code(params, *extra), language="python")


# One store for every page's results, bounded so that a classroom of sessions trying many
# settings cannot grow the server without limit: by count, and by the bytes the results
# hold (a result here is 10 kB-3 MB). Keyed on the module, the function, the frozen,
# hashable Params and any input of the learner's (a table or an image, hashed by content).
MAX_ENTRIES = 160  # results, shared by every session (least recently used go first)
MAX_BYTES = 256 * 2**20  # and their bytes at most (a t-SNE of the digits is ~3 MB)
# A result no one has asked for in this long is forgotten, so that a server gives its memory
# back after a class (ui/upkeep.py). Long, so that a link a teacher opened at the start of a
# lecture still opens at once at its end; the lessons warmed at start never expire.
# ``EXPLORERS_RESULT_TTL`` sets it in seconds (0: never; the classroom bench shortens it).
RESULT_TTL = 2 * 3600
_MISSING = object()


def _ttl() -> float | None:
    setting = os.environ.get("EXPLORERS_RESULT_TTL", "")
    try:
        seconds = float(setting) if setting.strip() else RESULT_TTL
    except ValueError:  # a deployer's typo must not take every page down: say so, use the default
        logging.getLogger(__name__).warning("EXPLORERS_RESULT_TTL=%r is not a number of seconds; "
                                            "using %d", setting, RESULT_TTL)
        seconds = RESULT_TTL
    return seconds if math.isfinite(seconds) and seconds > 0 else None


# In st.cache_resource so that it outlives an edit of this file in development.
@st.cache_resource
def _results() -> Memo:
    store = Memo(MAX_ENTRIES, max_bytes=MAX_BYTES, idle=_ttl())
    # Swept a few times per TTL, and at least once a minute: the round's garbage collection
    # is what keeps every rerun's own collection short (ui/upkeep.py).
    upkeep.start(store, every=min((_ttl() or 240) / 4, 60))
    return store


def chart(fig, key: str | None = None, alt: str | None = None) -> None:
    """A Plotly figure in the app's own template, named for screen readers by its title
    and axes, that redraws in place when a control changes it (``ui/inplace_chart.py``).

    ``key`` names the chart across reruns; by default it is where the page calls this
    (file and line), so each chart keeps its own element while its data changes.
    """
    alt = alt or describe(fig)
    height = layout_of(fig).get("height")
    if teach.presenting() and height:
        fig = restyled(fig, height=round(height * teach.CHART_GROWTH))
    if inplace_chart.available():
        _unique(key or _call_site(), lambda unique: inplace_chart.draw(fig, key=unique, alt=alt))
    else:  # theme=None keeps our large fonts
        _unique(key or _call_site(), lambda unique: st.plotly_chart(
            fig, theme=None, config={"displaylogo": False}, alt=alt, key=unique))


def _unique(base: str, make):
    """``make(key)`` under ``base``, or ``base_2``, ``base_3``... if the page used it
    already this run (an element drawn from one line in a loop)."""
    for n in range(1, 100):
        try:
            return make(base if n == 1 else f"{base}_{n}")
        except StreamlitDuplicateElementKey:
            continue
    raise RuntimeError(f"more than 99 elements drawn under the key {base!r} in one run")


@functools.lru_cache(maxsize=256)
def _in_ui(filename: str) -> bool:
    # Resolving a path is a few system calls per folder: once per file, not per chart.
    return Path(filename).resolve().parent == UI


def _call_site() -> str:
    """``chart_<file>_<line>`` of the first caller outside ``ui/``: the page's own line."""
    frame = sys._getframe(1)
    while frame and _in_ui(frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None:
        return "chart"
    return f"chart_{Path(frame.f_code.co_filename).stem}_{frame.f_lineno}"


def describe(fig) -> str | None:
    """A chart's accessible name: its title, and what its axes show ("y against x").

    Plotly's SVG has no name of its own, so without this a screen reader announces a
    bare graphic. Titles may carry Plotly's HTML (``<br>``, ``<sub>``): only the words go.
    """
    layout = fig.to_dict().get("layout", {})

    def text(part) -> str:
        title = part.get("title", {}) if isinstance(part, dict) else {}
        words = title.get("text", "") if isinstance(title, dict) else str(title or "")
        return " ".join(re.sub(r"<[^>]*>", " ", words).split())

    name = text(layout)
    x, y = text(layout.get("xaxis", {})), text(layout.get("yaxis", {}))
    if x and y:
        name = f"{name} ({y} against {x})" if name else f"{y} against {x}"
    return name or None


def aside(text: str | None, kind: str = "info", **kwargs) -> None:
    """A message that comes and goes with the settings (``st.info``, ``st.warning``,
    ``st.caption``...), in a slot that is there either way.

    Elements are placed by position: one that appears above the charts would shift them
    down a place, and the browser would build their rows anew instead of redrawing them in
    place. An empty slot keeps every position fixed.
    """
    slot = st.empty()
    if text:
        getattr(slot, kind)(text, **kwargs)


def chart_row(*figures) -> None:
    """Figures side by side, one column each (at lecture-hall size two fit a row).

    The row sits in a keyed container: unkeyed, its columns are placed by position, so a
    message appearing above them (an info box after a slider move) would make the browser
    build the row, and its charts, anew instead of redrawing them in place.
    """
    with _unique(f"row_{_call_site()}", lambda key: st.container(key=key)):
        for column, fig in zip(st.columns(len(figures)), figures):
            with column:
                chart(fig)
