"""Bring your own table: the CSV upload the classifier pages share, below their controls
(``params, table, result = explore(ex, given=table_input)``).

The learner drops a CSV file into the sidebar, picks the class column and two numeric columns
to plot, and the page splits, fits and draws those points instead of its own data set. A page
of x against y with no class (the outliers page) asks for two numeric columns only
(``table_input(with_class=False, unused=...)``, which returns a ``tables.Pair``). The
file is read by ``datasets.tables`` (sizes checked first, nothing unpickled); a file or a
choice of columns it cannot use gets a message in plain words, and the page keeps what it
showed before. The table lives in this session's ``st.session_state`` only: it never enters
the link, which the page says.

Everything the file says about itself (its name, its column names, its values) is shown back
through ``ui.safe.shown``, as a literal code span.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import streamlit as st

from datasets import tables
from ui.safe import shown

UPLOAD = "table_file"  # the uploader's key
KEPT = "table_kept"  # session state: the last good file, as a Kept
FAILED = "table_failed"  # session state: (file id, message) of a file that could not be used
CHOSEN = "table_chosen"  # session state: the last good choice of columns, as (file name, tables.Labelled)
UPLOAD_TYPES = ["csv", "tsv", "txt"]
# The controls a table takes the place of on the classifier pages, as the sidebar names them.
CLASSIFIER_UNUSED = "*Data*, *Noise*, *Class balance* and *Points*"
PAIR = "_pair"  # suffix of the session-state keys of an x-y page: its choices are another kind


@dataclass(frozen=True)
class Kept:
    file_id: str
    name: str
    table: tables.Table


def table_input(*, with_class: bool = True,
                unused: str = CLASSIFIER_UNUSED) -> tables.Labelled | tables.Pair | None:
    """The sidebar's "Your own table" section (an expander below the controls, so the page's
    first controls keep their place on the first screen). Returns the chosen points of the
    last good table, or None to use the page's own data. Messages go to the page itself.

    ``with_class=False``: two numeric columns and no class (a ``tables.Pair``), for a page of
    x against y; its choices are kept apart from the classifier pages'. ``unused``: the
    page's controls that a table takes the place of, as markdown."""
    keys = _Keys(with_class)
    box, kept = uploaded(keys, keys.pick)
    if kept is None:
        return None
    with box:
        problem = _choose(kept) if with_class else _choose_pair(kept)
        opens = ("it opens with the data set chosen under *Data*" if with_class
                 else "it opens with the page's own data")
        st.caption(f"{kept.table.describe()} While a table is in use, the {unused} controls do not "
                   f"apply; remove the file to go back to them. A link cannot carry the table: {opens}.")
    if problem:
        keeps = "what it showed before" if keys.chosen in st.session_state else "its own data"
        st.error(f"These columns cannot be used: {_clause(problem)} The page keeps {keeps}.",
                 icon=":material/table_view:")
    if keys.chosen not in st.session_state:
        return None
    name, chosen = st.session_state[keys.chosen]
    # One line above the metrics, so the main chart keeps its place on the first screen; the
    # axes and the legend name the columns and classes, the sidebar says the rest.
    left_out = f", {chosen.dropped:,} left out for a missing value" if chosen.dropped else ""
    st.caption(f":material/table_view: Your table {shown(name)}: {len(chosen.y):,} rows{left_out}. "
               "It stays in this session: a link cannot carry it.")
    return chosen



def uploaded(keys: _Keys, pick: str, *, also_clear: tuple[str, ...] = ()):
    """The sidebar's expander and its uploader, shared by every kind of table page: reads the
    file once per session (sizes checked first) and says in plain words on the page why a file
    cannot be used. Returns the expander, for the page's column pickers, and the last good
    table (a ``Kept``), or None to use the page's own data. ``pick``: what the learner picks,
    for the uploader's help; ``also_clear``: the page's own session keys to drop with the file."""
    box = st.sidebar.expander("Your own table (CSV)", icon=":material/table_view:")
    with box:
        file = st.file_uploader(
            "A CSV file with a header row", type=UPLOAD_TYPES, key=UPLOAD,
            max_upload_size=max(1, tables.MAX_BYTES // 1_000_000),
            help=f"Comma, semicolon or tab separated, UTF-8 or Windows-1252, up to "
                 f"{tables.MAX_BYTES / 1e6:g} MB, {tables.MAX_ROWS:,} rows and {tables.MAX_COLUMNS} "
                 f"columns. {pick} The file stays on the server for this session only and never "
                 "enters the link.")
    if file is None:  # removed (or never given): back to the page's own data
        for key in (keys.kept, keys.failed, keys.chosen, *also_clear):
            st.session_state.pop(key, None)
        return box, None
    kept, problem = _read(file, keys)
    if problem:
        keeps = "your previous table" if kept is not None else "its own data"
        st.error(f"{shown(file.name)} cannot be used: {_clause(problem)} The page keeps {keeps}.",
                 icon=":material/table_view:")
    return box, kept

@dataclass(frozen=True)
class _Keys:
    """Where one kind of page keeps its table in session state: a classifier page's choice
    (a ``Labelled``) must never come back as an x-y page's (a ``Pair``), or the other way."""

    with_class: bool

    def _key(self, base: str) -> str:
        return base if self.with_class else base + PAIR

    @property
    def kept(self) -> str:
        return self._key(KEPT)

    @property
    def failed(self) -> str:
        return self._key(FAILED)

    @property
    def chosen(self) -> str:
        return self._key(CHOSEN)

    @property
    def pick(self) -> str:
        return ("Pick a class column and two numeric columns to plot." if self.with_class
                else "Pick two numeric columns: one across (x), one up (y).")

    def check(self, table: tables.Table) -> None:
        (tables.classifiable if self.with_class else tables.pairable)(table)


def said(split, name: str) -> str:
    """A class or column name of a ``Split`` for the page's markdown: the page's own names as
    they are, a learner's name as a literal code span (its Split holds it escaped for Plotly)."""
    return name if split.table is None else shown(html.unescape(name))


def _read(file, keys: _Keys) -> tuple[Kept | None, str | None]:
    """The table to use and a message if the file in the uploader could not be read (then
    the table is the previous good one, or None). Each file is read once per session."""
    kept = st.session_state.get(keys.kept)
    if kept is not None and kept.file_id == file.file_id:
        return kept, None
    failed = st.session_state.get(keys.failed)
    if failed is not None and failed[0] == file.file_id:
        return kept, failed[1]
    try:
        if file.size > tables.MAX_BYTES:  # before reading the bytes out of the upload
            raise ValueError(f"it is {file.size / 1e6:.1f} MB; this page reads CSV files up to "
                             f"{tables.MAX_BYTES / 1e6:g} MB.")
        table = tables.read_table(file.getvalue())
        keys.check(table)
    except ValueError as err:
        st.session_state[keys.failed] = (file.file_id, str(err))
        return kept, str(err)
    kept = Kept(file.file_id, file.name, table)
    st.session_state[keys.kept] = kept
    st.session_state.pop(keys.failed, None)
    return kept, None


def _choose(kept: Kept) -> str | None:
    """The class and feature pickers; their points go to session state, or, if they cannot
    be used, the previous good ones stay and the message is returned. Keyed by the file's
    digest, so a new file starts from its own defaults."""
    table = kept.table
    classes = table.class_columns()
    # The class is usually a text column, often the last: start from the last such one.
    target = next((c for c in reversed(classes) if c in table.categorical), classes[-1])
    features = [c for c in table.numeric if c != target][:2]
    key = table.digest[:16]
    name = _short
    target = st.selectbox("Class column", classes, index=classes.index(target), key=f"table_class_{key}",
                          format_func=name, help="The column whose values are the classes (2 to "
                          f"{tables.MAX_CLASSES} different values).")
    x = st.selectbox("Across (x)", table.numeric, index=table.numeric.index(features[0]),
                     key=f"table_x_{key}", format_func=name, help="The numeric column along the x axis.")
    y = st.selectbox("Up (y)", table.numeric, index=table.numeric.index(features[1]),
                     key=f"table_y_{key}", format_func=name, help="The numeric column along the y axis.")
    try:
        st.session_state[CHOSEN] = (kept.name, tables.choose(table, x, y, target))
    except ValueError as err:
        return str(err)
    return None


def _choose_pair(kept: Kept) -> str | None:
    """The x and y pickers of a page with no class: as ``_choose``, without the class."""
    table = kept.table
    key = table.digest[:16]
    x = st.selectbox("Across (x)", table.numeric, index=0, key=f"table_px_{key}", format_func=_short,
                     help="The numeric column along the x axis.")
    y = st.selectbox("Up (y)", table.numeric, index=1, key=f"table_py_{key}", format_func=_short,
                     help="The numeric column along the y axis: the one a line is fitted to.")
    try:
        st.session_state[CHOSEN + PAIR] = (kept.name, tables.choose_pair(table, x, y))
    except ValueError as err:
        return str(err)
    return None


def _clause(message: str) -> str:
    """A reader's sentence continued after a colon: "The file is empty." -> "the file is empty."."""
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        return message[0].lower() + message[1:]
    return message


def _short(name: str) -> str:
    """A column name for a select box (plain text there, so only cut short)."""
    words = " ".join(str(name).split())
    return words if len(words) <= 60 else words[:60] + "…"
