"""Bring your own table, every column of it: the CSV upload of the feature-selection page
(``params, table, result = explore(ex, given=table_features)``).

The classifier pages' upload (``ui/table_input.py``) picks two columns to plot; selecting
features needs them all. The file is read the same way, by the same code and under the same
session keys (a table read on one page is not read again on another), and the learner
picks the class column and the numeric columns to select among (by default every numeric
column that varies). A file or a choice of columns that cannot be used gets a message in
plain words, and the page keeps what it showed before. The table never enters the link.

Everything the file says about itself is shown back through ``ui.safe.shown``.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from datasets import tables
from datasets.feature_table import Columns, choose_columns, default_features
from ui.safe import shown
from ui.table_input import Kept, _clause, _Keys, _short, uploaded

CHOSEN = "table_features_chosen"  # session state: (file name, Columns) of the last good choice


def table_features() -> Columns | None:
    """The sidebar's "Your own table" section, below the controls. Returns the chosen columns
    of the last good table, or None to use the page's own data. Messages go to the page."""
    # Read and kept as a classifier page's table: a class column and numbers, the same checks.
    box, kept = uploaded(_Keys(with_class=True), "Pick a class column and the numeric columns to "
                         "select among.", also_clear=(CHOSEN,))
    if kept is None:
        return None
    with box:
        problem = _choose(kept)
        st.caption(kept.table.describe() + " While a table is in use it is the data of the PCA, selection "
                   "and importance views, whose *Data* control does not apply; the polynomial view draws "
                   "its own plane and the leakage view is pure noise. Remove the file to go back. A link "
                   "cannot carry the table: it opens with the data set chosen under *Data*.")
    if problem:
        keeps = "what it showed before" if CHOSEN in st.session_state else "its own data"
        st.error(f"These columns cannot be used: {_clause(problem)} The page keeps {keeps}.",
                 icon=":material/table_view:")
    if CHOSEN not in st.session_state:
        return None
    name, chosen = st.session_state[CHOSEN]
    left_out = f", {chosen.dropped:,} left out for a missing value" if chosen.dropped else ""
    st.caption(f":material/table_view: Your table {shown(name)}: {len(chosen.y):,} rows{left_out}, "
               f"{len(chosen.feature_names)} feature columns. It stays in this session: a link cannot "
               "carry it.")
    return chosen


def _choose(kept: Kept) -> str | None:
    """The class picker and the feature columns; the chosen columns go to session state, or,
    if they cannot be used, the previous good ones stay and the message is returned. Keyed
    by the file's digest (and the features by the class), so each starts from its defaults."""
    table = kept.table
    classes = table.class_columns()
    target = next((c for c in reversed(classes) if c in table.categorical), classes[-1])
    key = table.digest[:16]
    target = st.selectbox("Class column", classes, index=classes.index(target),
                          key=f"table_features_class_{key}", format_func=_short,
                          help=f"The column whose values are the classes (2 to {tables.MAX_CLASSES} "
                               "different values).")
    options = [c for c in table.numeric if c != target]
    by_class = hashlib.sha256(str(target).encode()).hexdigest()[:8]
    features = st.multiselect("Feature columns", options, default=default_features(table, target),
                              key=f"table_features_columns_{key}_{by_class}", format_func=_short,
                              help="The numeric columns the page selects among (every one that varies, to "
                                   "begin with).")
    try:
        st.session_state[CHOSEN] = (kept.name, choose_columns(table, target, features))
    except ValueError as err:
        return str(err)
    return None
