"""Hostile CSV files: empty, binary, huge, ragged, all missing, a pickle in disguise, and
markdown or HTML in every text shown back. Each gets a clear message, never an exception,
and the reader's memory stays bounded (tracemalloc's peak, not a time).

The parser is driven directly; the texts shown back are checked on two classifier pages
through Streamlit's AppTest, as a learner's upload would reach them."""

import io
import pickle
import re
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from datasets import tables
from tests.pages.apptest import charts, failures, open_page

BUDGET = 4 * tables.MAX_BYTES  # the most any refusal may allocate, whatever the file


def refused(data: bytes, **limits) -> tuple[str, int]:
    """The reader's message for ``data`` and the peak memory (bytes) it allocated on the way."""
    tracemalloc.start()
    try:
        with pytest.raises(ValueError) as err:
            tables.read_table(data, **limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(err.value)
    assert message.endswith(".") and len(message) < 400, "a sentence, not a traceback"
    assert peak < BUDGET
    return message, peak


def full_parse_peak(data: bytes) -> int:
    tracemalloc.start()
    try:
        pd.read_csv(io.BytesIO(data))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- empty ------------------------------------------------------------------------------

@pytest.mark.parametrize("data, says", [
    (b"", "The file is empty."),
    (b" \r\n\t\n  ", "The file is empty."),
    (b"a,b,c\n", "a header row but no rows of data"),
    (b"a,b,c\r\n\r\n\r\n", "a header row but no rows of data"),
])
def test_an_empty_file_is_said_to_be_empty(data, says):
    assert says in refused(data)[0]


# --- binary -----------------------------------------------------------------------------

@pytest.mark.parametrize("data, says", [
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "old Excel workbook"),
    ("a,b,c\n1,2,x\n".encode("utf-16"), "UTF-16"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
    (b"\x1f\x8b\x08\x00" + bytes(100), "gzip"),
    (np.random.default_rng(0).integers(0, 256, 50_000, dtype=np.uint8).tobytes(), "NUL bytes"),
    (b"a,b,c\n1,2,\x00\n", "NUL bytes"),
])
def test_a_binary_file_is_named_for_what_it_is(data, says):
    assert says in refused(data)[0]


def trip():  # what a pickle of Tripwire would call if anything unpickled it
    TRIPPED.append(True)


TRIPPED: list = []


class Tripwire:
    def __reduce__(self):
        return trip, ()


@pytest.mark.parametrize("protocol", [0, pickle.HIGHEST_PROTOCOL])
def test_a_pickle_is_never_unpickled(protocol):
    """Protocol 0 is plain text, so it gets past the binary check and is read as a (bad) CSV."""
    data = pickle.dumps(Tripwire(), protocol=protocol)
    try:
        tables.classifiable(tables.read_table(data))
    except ValueError:
        pass  # refused is right; what matters is below
    assert not TRIPPED


# --- huge -------------------------------------------------------------------------------

def test_a_file_over_the_byte_cap_is_refused_before_it_is_decoded():
    data = b"a,b,c\n" + b"1,2,3\n" * (tables.MAX_BYTES // 6 + 1)
    message, peak = refused(data)
    assert "2.0 MB" in message and "up to 2.0 MB" in message
    assert peak < 10_000  # not a copy of it, nor a decoded one


def test_too_many_rows_stop_the_reading_early():
    """Within the byte cap, a third of a million rows: the reader stops one row past its
    limit, so it allocates a fraction of what parsing the whole file does."""
    data = b"a,b,c\n" + b"1,2,3\n" * 330_000
    assert len(data) <= tables.MAX_BYTES
    message, peak = refused(data)
    assert f"more than {tables.MAX_ROWS:,} rows" in message and "random sample" in message
    assert peak < len(data) / 2 and peak < full_parse_peak(data) / 5


def test_too_many_columns_are_refused_from_the_first_line():
    """A first line of 150,000 columns (parsing it whole takes ~10 s and ~150 MB): refused
    from a sample of the first line, before pandas sees the file."""
    data = b",".join(b"c%d" % i for i in range(150_000)) + b"\n" + b",".join([b"1"] * 150_000) + b"\n"
    message, peak = refused(data)
    assert f"at most {tables.MAX_COLUMNS}" in message and "more than" in message
    assert peak < len(data) / 2


def test_a_single_enormous_cell_is_refused():
    message, _ = refused(b"a,b,c\n1,2," + b"x" * 1_500_000 + b"\n")
    assert "1,500,000 characters long" in message


# --- ragged -----------------------------------------------------------------------------

@pytest.mark.parametrize("data, says", [
    (b"a,b,c\n1,2,x\n3,4,y,extra\n5,6,z\n", "Line 3 has 4 fields where the header has 3"),
    (b"a;b;c\n1;2;x\n3;4;y;;;\n", "semicolon inside a value"),
    (b'a,b,c\n1,2,"x\n3,4,y\n', "never closes"),
])
def test_a_ragged_file_says_which_line(data, says):
    assert says in refused(data)[0]


def test_short_rows_are_missing_values_not_an_error():
    table = tables.read_table(b"a,b,c\n1,2,x\n3\n" + b"5,6,y\n" * 30)
    assert dict(table.missing) == {"b": 1, "c": 1}


# --- all missing ------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    b"a,b,c\n" + b",,\n" * 50,
    b"a,b,c\n" + b"NA,NaN,null\n" * 50,
    b"a;b;c\n" + b"?;?;?\n" * 50,
])
def test_a_file_of_missing_values_is_said_to_hold_none(data):
    assert "holds no values at all" in refused(data)[0]


def test_all_missing_feature_columns_leave_nothing_to_plot():
    table = tables.read_table(b"a,b,species\n" + b",,x\n,,y\n" * 20)
    assert table.empty == ("a", "b")
    with pytest.raises(ValueError, match="plots two columns of numbers, and this table has 0"):
        tables.classifiable(table)


# --- markup in every text shown back ----------------------------------------------------

LINK = "[Session expired: log in](https://example.com/login)"
IMAGE = "![x](https://example.com/p.png)"
HTML = "<img src=x onerror=alert(1)>"
BOLD = "<b>bold</b>"
COLOUR = ":red[alarm]"
MARKERS = ("](https://example.com", "<img", "<b>", ":red[")
FILE_NAME = f"{LINK} {HTML}.csv"


def hostile_csv(n=60) -> bytes:
    rng = np.random.default_rng(0)
    classes = np.array([IMAGE, BOLD])[np.arange(n) % 2]
    return pd.DataFrame({
        LINK: rng.normal(size=n) + (np.arange(n) % 2), HTML: rng.normal(size=n),
        COLOUR: classes, "note": [f"{LINK} {i}" for i in range(n)],
    }).to_csv(index=False).encode()


def outside_code_spans(text: str) -> str:
    """The text with every inline code span taken out (a run of n backticks closes at the
    next run of exactly n)."""
    return re.sub(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", " ", text, flags=re.S)


def shown_texts(at) -> list[str]:
    """Every text on the page that Streamlit renders as markdown, with where it is."""
    texts = []
    for kind in ("markdown", "caption", "info", "error", "warning", "success", "title", "subheader"):
        texts += [(kind, e.value) for e in getattr(at, kind)]
    for m in at.metric:
        texts += [("metric", m.label), ("metric", m.value), ("metric help", m.proto.help)]
    texts += [("expander", e.label) for e in at.expander]
    for kind in ("selectbox", "slider", "select_slider", "radio", "file_uploader"):
        for w in getattr(at, kind):
            texts += [(f"{kind} label", w.label), (f"{kind} help", w.help or "")]
    return texts


@pytest.mark.parametrize("page", ["views/knn.py", "views/logistic_regression.py"])
def test_markup_in_names_and_values_is_shown_only_as_code(page):
    at = open_page(page)
    at.file_uploader(key="table_file").set_value((FILE_NAME, hostile_csv(), "text/csv")).run()
    assert not failures(at), failures(at)
    texts = shown_texts(at)
    everything = " ".join(t for _, t in texts)
    assert "Session expired" in everything and BOLD in everything  # shown back, as code
    for where, text in texts:
        for marker in MARKERS:
            assert marker not in outside_code_spans(text), f"{marker!r} live in a {where}: {text!r}"
    # Plotly reads HTML tags in its text: the names reach the charts escaped.
    figures = " ".join(str(f) for f in charts(at).values())
    assert "&lt;img src=x" in figures and "&lt;b&gt;bold" in figures
    assert HTML not in figures and BOLD not in figures


def test_a_bad_file_with_a_hostile_name_is_named_as_code():
    at = open_page("views/knn.py")
    at.file_uploader(key="table_file").set_value((FILE_NAME, b"\x00\x01", "text/csv")).run()
    assert not at.exception
    (error,) = at.error
    assert "NUL bytes" in error.value and "keeps its own data" in error.value
    for marker in MARKERS:
        assert marker not in outside_code_spans(error.value)
