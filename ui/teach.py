"""The teaching layer every page shares: a guided tour, "Compare two settings", "Try this"
challenges and lecture mode.

The lessons themselves are data, one module per page in ``lessons/`` (a tour's states and
narration, each challenge's state and how its answer is read from the result, the main chart
to compare); this module only draws them, so every page gets the same buttons, the same
reveal and the same lecture mode.

Buttons change the page through ``ui.controls.set_params`` in their ``on_click``, before
the next run draws the widgets: the sliders, and so the link, then show the lesson's state.
"""

from __future__ import annotations

import streamlit as st

import lessons
from explorers._contract import knobs, pin, unpin
from ui.controls import set_params

PRESENT = "present"  # the link's lecture-mode switch (?present=1) and its session flag


def _name(explorer) -> str:
    return explorer.__name__.rsplit(".", 1)[-1]


# ---- the guided tour ----

# A lesson is about the page's own data; the learner's table or image stays in use (it is
# never dropped for them), so the words say which data the lesson reads.
OWN_INPUT = ("Your own input is in use, so the charts show it; this lesson reads the page's own "
             "data. Remove yours (in the sidebar) to see the lesson on the charts.")


def tour_start(explorer) -> None:
    """The button that starts the page's tour (none while it is on: its row has Back, Next
    and End)."""
    steps = lessons.tour(explorer)
    if steps and not touring(explorer):
        key = f"tour_{_name(explorer)}"
        st.button("Guided tour", key=f"{key}_start", icon=":material/tour:",
                  on_click=_go, args=(explorer, key, 0), width="content",
                  help=f"Step through the lesson in {len(steps)} steps: each sets the controls and says "
                       "what to look at.")


def tour_row(explorer, params, own_input: bool = False) -> None:
    """The tour's narration with Back and Next, at the top of the page while a tour is on
    (an empty slot otherwise, so the charts below keep their places)."""
    steps = lessons.tour(explorer)
    slot = st.empty()
    key = f"tour_{_name(explorer)}"
    at = st.session_state.get(key)
    if not steps or at is None or not 0 <= at < len(steps):
        return
    step = steps[at]
    moved = params != lessons.params_at(explorer, step.state)
    # One row, the buttons only as wide as their names: the narration gets the rest, so it
    # takes as few lines as it can above the main chart.
    with slot.container(key=f"{key}_row", horizontal=True, vertical_alignment="center", wrap=False):
        st.info(f"**Step {at + 1} of {len(steps)}.** {step.say}"
                + ("  \n*You have moved a control since: Back or Next set them again.*" if moved else "")
                + (f"  \n*{OWN_INPUT}*" if own_input else ""),
                icon=":material/tour:", width="stretch")
        st.button("Back", key=f"{key}_back", icon=":material/arrow_back:", disabled=at == 0,
                  on_click=_go, args=(explorer, key, at - 1), width="content")
        st.button("Next", key=f"{key}_next", icon=":material/arrow_forward:", type="primary",
                  disabled=at == len(steps) - 1, on_click=_go, args=(explorer, key, at + 1),
                  width="content")
        st.button("", key=f"{key}_end", icon=":material/close:", help="End the tour (the controls stay)",
                  width="content", on_click=st.session_state.pop, args=(key, None))


def touring(explorer) -> bool:
    """Whether this session is on the page's tour (whose narration then takes the place of
    "What to notice", so the main chart stays on the first screen)."""
    return st.session_state.get(f"tour_{_name(explorer)}") is not None


def _go(explorer, key: str, index: int) -> None:
    st.session_state[key] = index
    set_params(lessons.params_at(explorer, lessons.tour(explorer)[index].state))


# ---- Try this ----

def try_this(explorer, compute, own_input: bool = False) -> None:
    """The "Try this" section: each challenge asks for a prediction; "Show me" sets the page
    to the challenge's state and reveals the answer read from the explorer's result there
    (``compute(run, params)``, the page's own cached run, on the page's own data even while
    the learner's own input is in use, which the reveal then says)."""
    challenges = lessons.challenges(explorer)
    if not challenges:
        return
    st.subheader("Try this", divider="gray")
    name = _name(explorer)
    for i, challenge in enumerate(challenges):
        key = f"try_{name}_{i}"
        with st.container(border=True, key=key):
            guess = st.radio(f"**{i + 1}. {challenge.question}**", challenge.options, index=None,
                             key=f"{key}_guess", horizontal=True)
            st.button("Show me", key=f"{key}_show", icon=":material/visibility:", disabled=guess is None,
                      on_click=_reveal, args=(explorer, key, i),
                      help="Sets the page to this challenge's state, and says what its result shows."
                      if guess is not None else "Make a prediction first.")
            if st.session_state.get(f"{key}_shown") and guess is not None:
                result = compute(explorer.run, lessons.params_at(explorer, challenge.state))
                truth = challenge.answer(result)
                said = st.success if guess == truth else st.warning
                said(f"**{'Right' if guess == truth else 'Not quite'}: {truth}.** {challenge.why(result)}",
                     icon=":material/check_circle:" if guess == truth else ":material/lightbulb:")
                if own_input:
                    st.caption(f":material/table_view: {OWN_INPUT}")


def _reveal(explorer, key: str, index: int) -> None:
    st.session_state[f"{key}_shown"] = True
    set_params(lessons.params_at(explorer, lessons.challenges(explorer)[index].state))


# ---- lecture mode ----

# The app's chrome goes (the top bar with its menus, Streamlit's toolbar) and the page's
# type grows a sixth, for the back of a lecture hall; the sidebar keeps every control.
# Our own CSS: no user text goes near it.
LECTURE_CSS = """
<style>
html { font-size: 18.5px; }
header[data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { padding-top: 1.25rem; }
[data-testid="stMain"] h1 { font-size: 2.2rem; }
[data-testid="stMetricValue"] { font-size: 1.9rem; }
</style>
"""
CHART_GROWTH = 1.15  # each chart's height, in lecture mode


def lecture_mode() -> bool:
    """Whether this session is in lecture mode, from the link (``?present=1``) or the
    toggle; once on, it stays on from page to page (the link of each page says so too,
    so a page's address reopens it in lecture mode). Adds the lecture CSS when it is on."""
    raw = st.query_params.get(PRESENT)
    if raw is not None:
        st.session_state[PRESENT] = raw in ("1", "true", "on")
    on = bool(st.session_state.get(PRESENT))
    if on and raw != "1":
        st.query_params[PRESENT] = "1"  # moving to another page clears the query
    if on:
        st.html(LECTURE_CSS)
    return on


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT))


def lecture_controls(pages: list, current) -> None:
    """At the bottom of the sidebar: the lecture-mode switch, and in lecture mode (where the
    top bar's menus are hidden) the previous and next pages of the roadmap."""
    with st.sidebar:
        st.toggle("Lecture mode", value=presenting(), key="lecture_toggle", on_change=_toggle,
                  help="For a projector: hides the menus, enlarges the type and the charts, and "
                       "stays on from page to page. The link (?present=1) opens it for others.")
        if not presenting() or current not in pages:
            return
        i = pages.index(current)
        before, after = st.columns(2)
        if i > 0:
            before.page_link(pages[i - 1], label="Previous", icon=":material/arrow_back:")
        if i < len(pages) - 1:
            after.page_link(pages[i + 1], label="Next page", icon=":material/arrow_forward:")


def _toggle() -> None:
    st.session_state[PRESENT] = st.session_state["lecture_toggle"]
    if not st.session_state[PRESENT]:
        st.query_params.pop(PRESENT, None)


# ---- compare two settings ----

PIN = "pin"  # the link's pinned state (explorers._contract.pin)


def compare(explorer, params, compute, chart_row, *extra) -> None:
    """"Compare two settings": pin the current state as A, change the controls, and see A
    beside the current state B (the page's main chart and its measures, with the change).
    The pinned state is in the link, so a comparison can be shared. ``extra``: the
    learner's own input the page runs on (an uploaded table or image), for A as for B."""
    main = lessons.main(explorer)
    if main is None:
        return
    st.subheader("Compare two settings", divider="gray")
    pinned, problems = _pinned(explorer)
    pin_it, clear = st.columns([1, 1])
    pin_it.button("Pin these settings as A", key=f"{PIN}_set", icon=":material/push_pin:",
                  on_click=_pin, args=(params,), width="stretch",
                  help="Keeps the current settings as A; change the controls and B follows them.")
    clear.button("Unpin", key=f"{PIN}_clear", icon=":material/close:", disabled=pinned is None,
                 on_click=st.query_params.pop, args=(PIN, None), width="stretch")
    if problems:  # the link's own text is not quoted back: only the field and the reason
        st.warning("The pinned settings in this link could not all be used: "
                   + "; ".join(f"`{p.name}`: {p.reason}" for p in problems), icon=":material/link_off:")
    if pinned is None:
        st.caption("Pin a state, then move the controls: A and B appear here side by side.")
        return
    own = [value for value in extra if value is not None]  # the same call, and cache entry, as the page's
    a, b = compute(explorer.run, pinned, *own), compute(explorer.run, params, *own)
    for column, (label, measure, form) in zip(st.columns(len(lessons.measures(explorer))),
                                              lessons.measures(explorer)):
        now, then = measure(b), measure(a)
        column.metric(f"{label}: B", form.format(now), delta=f"{now - then:+.3g} against A", border=True,
                      delta_color="off", help=f"A: {form.format(then)}.")
    st.caption("A: " + _described(explorer, pinned) + " · B: " + _described(explorer, params))
    chart_row(main(a, "A (pinned)"), main(b, "B (now)"))


def _pin(params) -> None:
    st.query_params[PIN] = pin(params) or "default"


def _pinned(explorer):
    code = st.query_params.get(PIN)
    if code is None:
        return None, []
    return unpin(explorer.Params, "" if code == "default" else code)


def _described(explorer, params) -> str:
    defaults = explorer.Params()
    changed = [f"{k.label or name.replace('_', ' ')} {getattr(params, name)}"
               for name, k in knobs(explorer.Params).items()
               if getattr(params, name) != getattr(defaults, name) and k.kind not in ("grid", "text")]
    return ", ".join(changed) if changed else "the defaults"
