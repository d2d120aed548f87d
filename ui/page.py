"""The frame every concept page shares: heading, controls, cached run, code panel.

A page then only lays out its own figures and metrics, so the promises every page
makes (what to notice, a shareable link, runnable code, a clear message instead of a
stack trace) are kept in one place.
"""

from __future__ import annotations

import importlib

import streamlit as st

from ui.controls import controls


def header(explorer, title: str) -> None:
    """The page title, what to notice, and the classic misreading named plainly."""
    st.title(title)
    st.markdown(f"**What to notice.** {explorer.NOTICE}")
    st.caption(f":material/warning: **Common misreading.** {explorer.MISREADING}")


def explore(explorer):
    """Widgets -> ``Params`` -> cached ``run``. Returns ``(params, result)``.

    A ``ValueError`` from the explorer is a setting it cannot handle: the page shows
    the message and stops there, keeping the widgets as the learner left them.
    """
    params = controls(explorer.Params)
    try:
        result = _cached_run(explorer.__name__, params)
    except ValueError as err:
        st.error(f"These settings cannot be computed: {err}", icon=":material/error:")
        st.stop()
    return params, result


def code_panel(explorer, params) -> None:
    """Runnable scikit-learn / PyTorch code for exactly the state on screen."""
    with st.expander("Show the code", icon=":material/code:"):
        st.caption("Copy it into a file or notebook: it runs as is and prints the numbers above.")
        st.code(explorer.code(params), language="python")


# One cache for every page, bounded so that a classroom of sessions trying many
# settings cannot grow the server without limit. Keyed on the module name and the
# frozen, hashable Params.
@st.cache_data(max_entries=128, show_spinner="Computing…")
def _cached_run(module_name: str, params):
    return importlib.import_module(module_name).run(params)


def chart(fig, **kwargs) -> None:
    """A Plotly figure in the app's own template (``theme=None`` keeps our large fonts)."""
    st.plotly_chart(fig, theme=None, config={"displaylogo": False}, **kwargs)


def chart_row(*figures) -> None:
    """Figures side by side, one column each (at lecture-hall size two fit a row)."""
    for column, fig in zip(st.columns(len(figures)), figures):
        with column:
            chart(fig)
