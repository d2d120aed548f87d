"""Widgets built from a ``Params`` class, each kept in the URL's query parameters.

The metadata on the ``Params`` fields (see ``explorers._contract``) is the single
source of ranges, options and help, so a page never repeats them. A scalar knob's widget
uses ``bind="query-params"``: moving it rewrites the address bar, and opening that address
reopens the same configuration. Streamlit drops a bad value in a link silently, so we
check the link ourselves first and say what was wrong.

Text and grids (the contract's ``EDITORS``) are typed into a box, and this module keeps
them in the link itself: Streamlit's binding would fill a box from any link value (cut to
``max_chars`` without a word) before our check could refuse it, and a grid's link form is
not its text. So a box shows the link's value only once the contract has read it, a typed
value that cannot be used is reported under its box while the last good one stays in use
(and in the link), and a value that goes with another field (a preset's weights, see
``explorers._contract.follow``) is shown in the box when that field changes.

Whatever a link or a box holds is the person's own text: it is shown back only through
``ui.safe.shown`` (the contract's messages never quote it).
"""

from __future__ import annotations

import streamlit as st

from explorers._contract import EDITORS, Knob, format_value, from_query, is_active, knobs
from ui.safe import shown

_GOOD = "_controls_good"  # session: each editor's last good value, by field name
_LEADS = "_controls_leads"  # session: the leader's value each follower was last drawn with
# A grid's text reads as a grid in monospace (a style-only block takes no space).
_MONO = "<style>%s { font-family: 'Source Code Pro', monospace; }</style>"


def controls(params_cls, container=None):
    """Draw one widget per field and return the ``Params``.

    A page's own fields come first, in declaration order. Fields it inherits from a shared
    base (the classifier pages' data controls) follow under that base's ``HEADING``, so
    the knob a learner came for is at the top. A ``when`` condition on a field drawn later
    (the threshold that only applies to two-class data) reads that field's current value.
    """
    box = container if container is not None else st.sidebar
    link, problems = from_query(params_cls, {key: st.query_params.get(key) for key in st.query_params})
    _warn_about_link(problems)
    current = _resolve(params_cls, link)
    values: dict = {}
    with box:
        grids = [f".st-key-{n} textarea" for n, k in knobs(params_cls).items() if k.kind == "grid"]
        if grids:
            st.html(_MONO % ", ".join(grids))
        for heading, group in _groups(params_cls):
            if heading:
                st.subheader(heading, divider="gray")
            for name, knob_ in group.items():
                disabled = not is_active(knob_, {**current, **values})
                if knob_.kind in EDITORS:
                    values[name] = _editor(name, knob_, disabled, {**current, **values})
                else:
                    values[name] = _widget(name, knob_, disabled)
        st.button(
            "Reset to defaults",
            on_click=_reset,
            args=(params_cls,),
            help="Put every control back to its default (and clean the link).",
            width="stretch",
        )
        st.caption("The address bar holds this exact configuration: copy it to share.")
    params = params_cls(**values)
    _keep_in_link(params)
    _hide_inactive(params, box)
    return params


def _hide_inactive(params, box) -> None:
    """A page of views (``HIDE_INACTIVE = True`` on its ``Params``) hides the controls that do
    not apply, where other pages grey them out: greyed, the other views' controls would push
    this view's below the first screen, and a view is a different lesson, where the layout
    changing is expected. They are hidden by CSS, not left undrawn, so their values (and the
    link) survive a visit to another view. ``Params.shown()``, if defined, says which apply;
    otherwise each field's ``when``. Our own CSS: no user text goes near it."""
    if not getattr(type(params), "HIDE_INACTIVE", False):
        return
    if hasattr(params, "shown"):
        shown = set(params.shown())
    else:
        values = {name: getattr(params, name) for name in knobs(type(params))}
        shown = {name for name, knob_ in knobs(type(params)).items() if is_active(knob_, values)}
    hidden = [f".st-key-{name}" for name in knobs(type(params)) if name not in shown]
    if hidden:
        with box:
            st.html(f"<style>{', '.join(hidden)} {{ display: none; }}</style>")


def _resolve(params_cls, link) -> dict:
    """Every field's value before the widgets are drawn: as last set, else as the link
    says (``link``: the Params the link asks for), else the default. A follower whose
    leader changed since it was last drawn, or that does not apply, takes the value that
    goes with the leader's. The editors' boxes, and moved followers, are set to show it."""
    state = st.session_state
    good = state.setdefault(_GOOD, {})
    seen = state.setdefault(_LEADS, {})
    all_knobs = knobs(params_cls)
    current = {}
    for name, knob_ in all_knobs.items():
        if knob_.kind in EDITORS:
            # Kept by name across pages: the MDP and Q-learning pages edit the same grid.
            kept = good.get(name)
            current[name] = kept if kept is not None and _fits(knob_, kept) else getattr(link, name)
        else:
            current[name] = state[name] if name in state else getattr(link, name)
    for name, knob_ in all_knobs.items():
        if knob_.follows is None:
            continue
        leader = knob_.follows[0]
        lead, key = current[leader], f"{name}<{leader}"
        changed = key in seen and seen[key] != lead
        seen[key] = lead
        if knob_.leads(lead) and (changed or not is_active(knob_, current)):
            current[name] = knob_.followed(lead)
    for name, knob_ in all_knobs.items():
        if knob_.kind in EDITORS:
            if name in state and good.get(name) == current[name]:
                # Set again, for the box of another page (the same field's) hands its text
                # to this one only so; the text may be a bad one, kept to be mended.
                state[name] = state[name]
            else:
                _show(name, knob_, current[name])
        elif knob_.follows is not None and state.get(name) != current[name]:
            state[name] = current[name]  # a slider would show its own default otherwise
    return current


def _fits(knob_: Knob, value) -> bool:
    """Whether a value kept under this field's name is one this knob accepts."""
    try:
        return knob_.parse(knob_.encode(value)) == value
    except (ValueError, TypeError, AttributeError):
        return False


def _show(name: str, knob_: Knob, value) -> None:
    """Put ``value`` in an editor's box, as its last good value."""
    st.session_state[_GOOD][name] = value
    st.session_state[name] = knob_.write(value)


def _groups(params_cls):
    """(heading, knobs) pairs: the class's own fields, then each base's, most derived first."""
    all_knobs = knobs(params_cls)
    seen: set = set()
    groups = []
    for cls in params_cls.__mro__:
        own = {n: k for n, k in all_knobs.items() if n in vars(cls).get("__annotations__", {}) and n not in seen}
        if own:
            seen |= own.keys()
            heading = getattr(cls, "HEADING", None) if cls is not params_cls else None
            if groups and groups[-1][0] == heading:  # a subclass refining a base's fields
                merged = groups[-1][1] | own
                groups[-1] = (heading, {n: k for n, k in all_knobs.items() if n in merged})
            else:
                groups.append((heading, own))
    return groups


def _warn_about_link(problems) -> None:
    if problems:
        st.warning(link_warning(problems), icon=":material/link_off:")


def link_warning(problems) -> str:
    """The warning's markdown for refused link values: each value only as ``shown`` gives
    it (a literal code span), never as markdown of its own."""
    return ("This link asked for values the page cannot use, so it opened with the defaults "
            "for those:\n\n"
            + "\n".join(f"- `{p.name}` = {shown(p.raw)}: {p.reason} {p.instead}" for p in problems))


def _label(name: str, knob_: Knob) -> str:
    return knob_.label or name.replace("_", " ").capitalize()


def _editor(name: str, knob_: Knob, disabled: bool, values: dict):
    """A box for text or a grid; returns the value typed, or the last good one if the text
    cannot be used (said under the box)."""
    label = _label(name, knob_)
    common = dict(key=name, help=knob_.help, disabled=disabled, max_chars=knob_.max_chars)
    if knob_.kind == "text" and knob_.lines == 1:
        typed = st.text_input(label, **common)
    else:
        typed = st.text_area(label, height="content", **common)
    good = st.session_state[_GOOD]
    try:
        good[name] = knob_.read(typed)
    except ValueError as err:
        # Streamlit cuts typed text at max_chars: say so when that may be why it failed.
        full = (f" The box holds at most {knob_.max_chars:,} characters, and this fills it."
                if len(typed) >= knob_.max_chars else "")
        st.error(f"**{label}** cannot be used: {err}{full} The last good one is used.",
                 icon=":material/error:")
    if knob_.follows is not None and not disabled and knob_.leads(values[knob_.follows[0]]):
        preset = knob_.followed(values[knob_.follows[0]])
        st.button("Back to the preset", key=f"{name}__preset", on_click=_show,
                  args=(name, knob_, preset), icon=":material/undo:", type="tertiary")
    return good[name]


def _keep_in_link(params) -> None:
    """The editors' values into the link, left out where they are the default (scalar
    widgets are kept there by Streamlit's binding)."""
    for name, knob_ in knobs(type(params)).items():
        if knob_.kind not in EDITORS:
            continue
        value = getattr(params, name)
        lead = getattr(params, knob_.follows[0]) if knob_.follows else None
        if value == knob_.followed(lead):
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != (code := knob_.encode(value)):
            st.query_params[name] = code


def _widget(name: str, knob_: Knob, disabled: bool):
    label = _label(name, knob_)
    common = dict(key=name, help=knob_.help, disabled=disabled, bind="query-params")
    if knob_.kind == "log":
        return st.select_slider(
            label, options=knob_.options, value=knob_.default, format_func=format_value, **common
        )
    if knob_.kind == "choice":
        if len(knob_.options) <= 4:
            return st.radio(
                label, knob_.options, index=knob_.options.index(knob_.default),
                horizontal=True, **common,
            )
        return st.selectbox(
            label, knob_.options, index=knob_.options.index(knob_.default), **common
        )
    cast = int if knob_.kind == "int" else float
    step = knob_.step if knob_.step is not None else (1 if knob_.kind == "int" else None)
    return st.slider(
        label,
        min_value=cast(knob_.lo),
        max_value=cast(knob_.hi),
        value=cast(knob_.default),
        step=None if step is None else cast(step),
        **common,
    )


def _reset(params_cls) -> None:
    set_params(params_cls())  # followers hold the values that go with their leaders' defaults


def set_params(params) -> None:
    """Put every control at ``params`` on the next run (a button's ``on_click``: a tour's
    step, a challenge's state, the defaults). Bound widgets are changed through session
    state, and a value equal to the default drops its query parameter, so the link
    becomes exactly this configuration."""
    for name, knob_ in knobs(type(params)).items():
        if knob_.kind in EDITORS:
            _show(name, knob_, getattr(params, name))
        else:
            st.session_state[name] = getattr(params, name)
