"""Reading a learner's CSV (datasets/tables.py) and using it on the classifier pages: each
case the reader handles or refuses, with its message, and the code panel reading the file
back to the page's own numbers.

Hostile files (empty, binary, huge, ragged, markup in names) are in tests/hostile/."""

import importlib

import numpy as np
import pandas as pd
import pytest

from datasets import tables
from explorers import _classify
from explorers._classify import on_table, split

CLASSIFIERS = ["logistic_regression", "svm", "knn", "decision_tree", "random_forest",
               "gradient_boosting", "comparison"]


def frame(n=60, classes=("setosa", "versicolor"), seed=0) -> pd.DataFrame:
    """Two overlapping classes over two numeric columns, plus a text column that is not a class."""
    rng = np.random.default_rng(seed)
    label = np.array(classes)[np.arange(n) % len(classes)]
    shift = (np.arange(n) % len(classes)).astype(float)
    return pd.DataFrame({
        "petal length": np.round(rng.normal(size=n) + shift, 3),
        "petal width": np.round(rng.normal(size=n) - shift, 3),
        "note": [f"plant {i}" for i in range(n)],
        "species": label,
    })


def csv(df: pd.DataFrame, **options) -> bytes:
    encoding = options.pop("encoding", "utf-8")
    return df.to_csv(index=False, **options).encode(encoding)


def refusal(data: bytes, **limits) -> str:
    with pytest.raises(ValueError) as err:
        tables.read_table(data, **limits)
    return str(err.value)


def chose(data: bytes, x="petal length", y="petal width", target="species") -> tables.Labelled:
    return tables.choose(tables.read_table(data), x, y, target)


def choice_refusal(data: bytes, x="petal length", y="petal width", target="species") -> str:
    table = tables.read_table(data)
    with pytest.raises(ValueError) as err:
        tables.choose(table, x, y, target)
    return str(err.value)


# --- encodings ------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, text, said", [
    ("utf-8", "Größe", "UTF-8"),
    ("utf-8-sig", "Größe", "UTF-8 with a byte-order mark"),
    ("cp1252", "Preis €", "Windows-1252"),  # € is 0x80 in Windows-1252, not valid UTF-8
])
def test_the_encoding_is_found_and_said(encoding, text, said):
    df = frame().rename(columns={"petal length": text})
    table = tables.read_table(csv(df, encoding=encoding))
    assert table.encoding == encoding
    assert table.numeric[0] == text  # the name read back exactly, with no byte-order mark
    assert said in table.describe()


def test_bytes_that_are_not_windows_1252_are_read_as_latin_1():
    data = csv(frame()).replace(b"plant 0,", b"plant \x81,")  # 0x81 is unassigned in Windows-1252
    table = tables.read_table(data)
    assert table.encoding == "latin-1" and "Latin-1" in table.describe()
    assert table.frame["note"][0] == "plant \x81"


def test_a_byte_order_mark_before_bytes_that_are_not_utf_8_is_refused():
    data = b"\xef\xbb\xbf" + csv(frame()).replace(b"plant 0", b"plant \xe9")
    assert "not" in refusal(data) and "UTF-8" in refusal(data)


# --- delimiters, header, kinds of column -----------------------------------------------

@pytest.mark.parametrize("sep, name", [(",", "comma"), (";", "semicolon"), ("\t", "tab"), ("|", "vertical bar")])
def test_the_delimiter_is_found(sep, name):
    table = tables.read_table(csv(frame(), sep=sep))
    assert table.delimiter == sep
    assert table.numeric == ("petal length", "petal width")
    assert table.categorical == ("note", "species")
    assert f"{name}-separated" in table.describe()


def test_spaces_after_the_delimiters_are_not_part_of_the_values():
    data = b"length, width, species\n" + b"1.5, 2, setosa\n3, 4.5, versicolor\n" * 15
    table = tables.read_table(data)
    assert dict(table.options)["skipinitialspace"] is True
    assert table.numeric == ("length", "width")
    assert tables.choose(table, "length", "width", "species").class_names == ("setosa", "versicolor")


def test_decimal_commas_in_a_semicolon_file_are_numbers():
    df = frame()
    table = tables.read_table(csv(df, sep=";", decimal=","))
    assert dict(table.options)["decimal"] == ","
    np.testing.assert_array_equal(table.frame["petal length"], df["petal length"])
    assert "decimal commas" in table.describe()


def test_a_first_row_of_numbers_is_data_not_a_header():
    df = frame()[["petal length", "petal width"]].assign(species=np.arange(60) % 2)
    table = tables.read_table(df.to_csv(index=False, header=False).encode())
    assert not table.header and len(table.frame) == 60
    assert table.numeric == ("column 1", "column 2", "column 3")
    assert "no header row" in table.describe()
    assert tables.choose(table, "column 1", "column 2", "column 3").class_names == ("0", "1")


def test_a_first_row_like_the_rows_below_it_is_data_even_with_text_in_it():
    df = frame()[["petal length", "petal width", "species"]]
    table = tables.read_table(df.to_csv(index=False, header=False).encode())
    assert not table.header and table.categorical == ("column 3",) and len(table.frame) == 60


def test_a_header_of_short_names_over_text_of_the_same_length_is_a_header():
    table = tables.read_table(b"aa,bb,cc\n" + b"1.5,2,xx\n3,4.25,yy\n" * 15)
    assert table.header and table.numeric == ("aa", "bb")


def test_missing_values_are_counted_and_dropped_from_the_chosen_columns():
    df = frame()
    df.loc[[3, 7], "petal width"] = np.nan
    df.loc[11, "species"] = None
    data = csv(df).replace(b"plant 20", b"?")  # "?" marks a missing value too (UCI's habit)
    table = tables.read_table(data)
    assert dict(table.missing) == {"petal width": 2, "species": 1, "note": 1}
    assert "4 missing values" in table.describe() and '"?"' in table.describe()
    chosen = tables.choose(table, "petal length", "petal width", "species")
    assert chosen.dropped == 3 and len(chosen.y) == 57  # the "?" in note is not a chosen column


def test_an_empty_column_is_left_out_and_named():
    table = tables.read_table(csv(frame().assign(blank=np.nan)))
    assert table.empty == ("blank",)
    assert "blank" not in table.numeric + table.categorical
    assert "Left out, as they hold no value: `blank`" in table.describe()


def test_class_values_become_sorted_names_and_codes():
    chosen = chose(csv(frame(classes=("b", "c", "a"))))
    assert chosen.class_names == ("a", "b", "c")
    assert chosen.y[:3].tolist() == [1, 2, 0]
    assert not chosen.X.flags.writeable and not chosen.y.flags.writeable


def test_a_numeric_class_with_gaps_keeps_whole_number_names():
    df = frame().assign(species=np.arange(60) % 3)
    df.loc[5, "species"] = np.nan  # the column is read as floats: 0.0, 1.0, 2.0
    assert chose(csv(df)).class_names == ("0", "1", "2")


def test_the_same_file_and_columns_are_the_same_points():
    a, b = chose(csv(frame())), chose(csv(frame()))
    assert a == b and hash(a) == hash(b)
    assert chose(csv(frame()), x="petal width", y="petal length") != a
    assert chose(csv(frame(seed=1))) != a


# --- what a classifier page cannot use ---------------------------------------------------

def test_a_single_class_is_refused():
    message = choice_refusal(csv(frame(classes=("setosa",))))
    assert "single class" in message and "`setosa`" in message and "`species`" in message


def test_too_many_classes_are_refused():
    message = choice_refusal(csv(frame(n=80, classes=tuple("abcdefgh"))))
    assert "8 different values" in message and f"2 to {tables.MAX_CLASSES}" in message


def test_too_few_rows_are_refused():
    message = choice_refusal(csv(frame(n=tables.MIN_ROWS - 1)))
    assert f"Only {tables.MIN_ROWS - 1} rows" in message and f"at least {tables.MIN_ROWS}" in message


def test_a_class_too_small_for_the_test_split_is_refused():
    df = frame(n=40)
    df["species"] = ["setosa"] * 37 + ["versicolor"] * 3
    message = choice_refusal(csv(df))
    assert "`versicolor`" in message and "only 3 rows" in message and "test part" in message


def test_missing_values_are_counted_in_the_message_when_they_leave_too_few_rows():
    df = frame(n=30)
    df.loc[:15, "petal length"] = np.nan
    message = choice_refusal(csv(df))
    assert "Only 14 rows" in message and "16 of 30 rows left out for a missing value" in message


@pytest.mark.parametrize("x, y, target, says", [
    ("petal length", "petal length", "species", "two different columns"),
    ("petal length", "species", "species", "both the class and a feature"),
    ("petal length", "note", "species", "does not hold numbers"),
    ("petal length", "sepal", "species", "no column `sepal`"),
])
def test_a_bad_choice_of_columns_is_refused(x, y, target, says):
    assert says in choice_refusal(csv(frame()), x, y, target)


@pytest.mark.parametrize("value, says", [
    (7.0, "same value in every row"),
    (1e300, "beyond ±1e+15"),
    (np.inf, "too large to be a number"),
])
def test_an_axis_that_cannot_be_drawn_is_refused(value, says):
    df = frame()
    df["petal width"] = 7.0 if value == 7.0 else df["petal width"]
    if value != 7.0:
        df.loc[4, "petal width"] = value
    message = choice_refusal(csv(df))
    assert says in message and "`petal width`" in message


def test_a_table_without_two_numeric_columns_is_not_classifiable():
    table = tables.read_table(csv(frame().drop(columns="petal width")))
    with pytest.raises(ValueError, match="two columns of numbers, and this table has 1: only `petal length`"):
        tables.classifiable(table)


def test_a_table_without_a_class_column_is_not_classifiable():
    table = tables.read_table(csv(frame(classes=("setosa",)).drop(columns="note")))
    with pytest.raises(ValueError, match="No column can be the class") as err:
        tables.classifiable(table)
    assert "`species` 1" in str(err.value)  # a single value: the reason, per column


@pytest.mark.parametrize("limits, data, says", [
    (dict(max_rows=50), csv(frame(n=51)), "more than 50 rows"),
    (dict(max_columns=3), csv(frame()), "The first line has 4 columns; this page reads at most 3"),
    ({}, csv(frame().rename(columns={"note": "n" * (tables.MAX_CELL + 1)})), "A column name is 201 characters"),
    ({}, csv(frame().assign(note="x" * (tables.MAX_CELL + 1))), "`note` holds a value 201 characters long"),
])
def test_limits_are_said(limits, data, says):
    assert says in refusal(data, **limits)


def test_a_table_at_the_row_limit_is_read_whole():
    assert len(tables.read_table(csv(frame(n=50)), max_rows=50).frame) == 50


# --- the classifier pages' data from a table ----------------------------------------------

def test_a_table_replaces_the_data_and_keeps_its_names_for_the_page():
    chosen = chose(csv(frame(classes=("<b>a</b>", "b & c"))))
    s = split(on_table(_classify.PlaneParams(), chosen))
    assert s.table is chosen
    assert len(s.y_train) + len(s.y_test) == 60
    # Plotly reads <b> and friends as markup: the Split carries the names escaped for it.
    assert s.class_names == ("&lt;b&gt;a&lt;/b&gt;", "b &amp; c")
    assert s.feature_names == ("petal length", "petal width")


def test_without_a_table_the_params_are_untouched():
    p = _classify.PlaneParams(data="iris", noise=0.5)
    assert on_table(p, None) is p


def test_a_test_part_smaller_than_the_classes_is_refused_in_words():
    chosen = chose(csv(frame(n=tables.MIN_ROWS * 2, classes=tuple("abcd"))))
    p = on_table(_classify.PlaneParams(test_share=0.1), chosen)  # 4 test rows for 4 classes: fine
    assert split(p).n_classes == 4
    chosen = chose(csv(frame(n=tables.MIN_ROWS + 10, classes=tuple("abcdef"))))
    with pytest.raises(ValueError, match="the test part would hold 3 rows, fewer than the 6 classes"):
        split(on_table(_classify.PlaneParams(test_share=0.1), chosen))


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_the_code_reads_the_learners_file_and_reproduces_the_headline(name, tmp_path, monkeypatch, capsys):
    """The snippet reads your_file.csv (written here as a semicolon file with decimal commas,
    in Windows-1252, with a missing value) and prints the page's own headline number."""
    ex = importlib.import_module(f"explorers.{name}")
    df = frame(n=90, classes=("Süd", "Nord", "West")).rename(columns={"petal width": 'width "mm"'})
    df.loc[4, "petal length"] = np.nan
    data = csv(df, sep=";", decimal=",", encoding="cp1252")
    (tmp_path / "your_file.csv").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    chosen = chose(data, y='width "mm"')
    p = ex.Params(seed=3)
    source = ex.code(p, chosen)
    assert 'pd.read_csv("your_file.csv", sep=";", encoding="cp1252", decimal=",")' in source
    namespace = {"__name__": "__main__"}
    exec(compile(source, f"<code of {name} on a table>", "exec"), namespace)
    expected = getattr(ex.run(p, chosen), ex.HEADLINE)
    assert namespace[ex.HEADLINE] == pytest.approx(expected, rel=1e-6, abs=1e-12)
    assert len(namespace["y"]) == 89  # the row with a missing value left out, as on the page
    assert capsys.readouterr().out.strip()


@pytest.mark.parametrize("data", [
    frame()[["petal length", "petal width"]].assign(species=np.arange(60) % 2).to_csv(index=False, header=False).encode(),
    b"length, width, species\n" + b"1.5, 2, setosa\n3, ?, versicolor\n" * 15,
    csv(frame(), sep="\t", encoding="latin-1").replace(b"plant 3", b"plant \xe9"),
], ids=["no header", "spaces and ?", "tabs in Latin-1"])
def test_the_code_reads_the_file_as_the_page_did(data, tmp_path, monkeypatch):
    (tmp_path / "your_file.csv").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    table = tables.read_table(data)
    namespace = {"pd": pd}
    exec(f"table = {tables.read_code(table.options)}", namespace)
    pd.testing.assert_frame_equal(namespace["table"], table.frame)


def test_the_result_store_tells_tables_apart_by_their_content():
    """The page keys its results on the chosen points: the same file and columns give the
    same key, anything else another."""
    same, again = chose(csv(frame())), chose(csv(frame()))
    assert same == again and hash(same) == hash(again) and same is not again
    assert chose(csv(frame(seed=1))) != same
    assert chose(csv(frame()), x="petal width", y="petal length") != same
