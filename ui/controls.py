"""Widgets built from a ``Params`` class, each bound to a URL query parameter.

The metadata on the ``Params`` fields (see ``explorers._contract``) is the single
source of ranges, options and help, so a page never repeats them. Every widget uses
``bind="query-params"``: moving it rewrites the address bar, and opening that address
reopens the same configuration. Streamlit drops a bad value in a link silently, so we
check the link ourselves first and say what was wrong.
"""

from __future__ import annotations

import streamlit as st

from explorers._contract import Knob, format_value, from_query, is_active, knobs


def controls(params_cls, container=None):
    """Draw one widget per field and return the ``Params``.

    A page's own fields come first, in declaration order. Fields it inherits from a shared
    base (the classifier pages' data controls) follow under that base's ``HEADING``, so
    the knob a learner came for is at the top. A ``when`` condition on a field drawn later
    (the threshold that only applies to two-class data) reads that field's current value.
    """
    box = container if container is not None else st.sidebar
    _warn_about_link(params_cls)
    values: dict = {}
    current = {name: _current(name, knob_) for name, knob_ in knobs(params_cls).items()}
    with box:
        for heading, group in _groups(params_cls):
            if heading:
                st.subheader(heading, divider="gray")
            for name, knob_ in group.items():
                values[name] = _widget(name, knob_, disabled=not is_active(knob_, {**current, **values}))
        st.button(
            "Reset to defaults",
            on_click=_reset,
            args=(params_cls,),
            help="Put every control back to its default (and clean the link).",
            width="stretch",
        )
        st.caption("The address bar holds this exact configuration: copy it to share.")
    return params_cls(**values)


def _current(name: str, knob_: Knob):
    """A widget's value before it is drawn: as last set, else as the link says, else the default."""
    if name in st.session_state:
        return st.session_state[name]
    try:
        return knob_.parse(st.query_params[name]) if name in st.query_params else knob_.default
    except ValueError:
        return knob_.default


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


def _warn_about_link(params_cls) -> None:
    query = {key: st.query_params.get(key) for key in st.query_params}
    _, problems = from_query(params_cls, query)
    if problems:
        st.warning(
            "This link asked for values the page cannot use, so it opened with the defaults "
            "for those:\n\n" + "\n".join(f"- {p}" for p in problems),
            icon=":material/link_off:",
        )


def _widget(name: str, knob_: Knob, disabled: bool):
    label = knob_.label or name.replace("_", " ").capitalize()
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
    # Bound widgets are changed through session state; a value equal to the default
    # also drops its query parameter, so the link becomes the plain page address.
    for name, knob_ in knobs(params_cls).items():
        st.session_state[name] = knob_.default
