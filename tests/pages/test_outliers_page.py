"""The outliers page through AppTest: typed outliers reach the explorer and the link, a bad
one is refused under its box, and a learner's CSV of two numeric columns (no class) becomes
the data. Clicks on the chart need a browser: tests/e2e/test_outliers_click.py."""

import numpy as np
import pandas as pd

from datasets import tables
from explorers import outliers as ex
from tests.pages.apptest import failures, open_page

PAGE = "views/outliers.py"


def slope(at) -> str:
    return {m.label: m.value for m in at.metric}["Least squares"]


def test_typed_outliers_are_the_explorers_and_the_links():
    at = open_page(PAGE)
    at.text_input(key="placed").set_value("9.5, 40; 1 19").run()
    assert not failures(at)
    expected = ex.run(ex.Params(placed="9.5, 40; 1 19"))
    assert slope(at) == f"{expected.ols_slope:.3f}" != f"{ex.run(ex.Params()).ols_slope:.3f}"
    assert at.query_params["placed"] == "9.5, 40; 1 19"
    reopened = open_page(PAGE, {"placed": "9.5, 40; 1 19"})
    assert slope(reopened) == slope(at) and reopened.text_input(key="placed").value == "9.5, 40; 1 19"


def test_a_bad_typed_outlier_is_refused_and_the_last_good_ones_stay():
    at = open_page(PAGE)
    at.text_input(key="placed").set_value("9.5,40").run()
    good = slope(at)
    at.text_input(key="placed").set_value("9.5,40; 3").run()
    assert not at.exception
    (error,) = at.error
    assert "Point 2 needs two numbers" in error.value and "The last good one is used" in error.value
    assert slope(at) == good


def test_a_bad_link_warns_and_opens_without_placed_outliers():
    at = open_page(PAGE, {"placed": "1,2,3"})
    assert not at.exception
    assert any("`placed`" in w.value and "Point 1 needs two numbers" in w.value for w in at.warning)
    assert slope(at) == f"{ex.run(ex.Params()).ols_slope:.3f}"


def prices(n=50) -> bytes:
    rng = np.random.default_rng(3)
    area = rng.uniform(30, 150, n).round(1)
    return pd.DataFrame({"area": area, "rent": (12 * area + rng.normal(0, 60, n)).round(0),
                         "city": np.array(["Lyon", "Nice"])[np.arange(n) % 2]}).to_csv(index=False).encode()


def test_a_two_column_table_becomes_the_data():
    at = open_page(PAGE)
    at.file_uploader(key="table_file").set_value(("rents.csv", prices(), "text/csv")).run()
    assert not failures(at), failures(at)
    chosen = tables.choose_pair(tables.read_table(prices()), "area", "rent")
    assert slope(at) == f"{ex.run(ex.Params(), chosen).ols_slope:.3f}"
    (note,) = [c.value for c in at.caption if "Your table" in c.value]
    assert "`rents.csv`" in note and "50 rows" in note
    assert not any(s.label == "Class column" for s in at.selectbox)  # no class on this page
    code = at.code[0].value
    assert 'pd.read_csv("your_file.csv")' in code and "slope before the outliers" in code
    at.selectbox(key=next(s.key for s in at.selectbox if s.key.startswith("table_py_"))).set_value("area").run()
    (error,) = at.error
    assert "two different columns" in error.value and "keeps what it showed before" in error.value
    assert slope(at) == f"{ex.run(ex.Params(), chosen).ols_slope:.3f}"


def test_a_table_with_one_numeric_column_gets_a_plain_message():
    at = open_page(PAGE)
    data = b"name,score\n" + b"".join(b"p%d,%d\n" % (i, i) for i in range(30))
    at.file_uploader(key="table_file").set_value(("one.csv", data, "text/csv")).run()
    assert not at.exception
    (error,) = at.error
    assert "`one.csv` cannot be used" in error.value and "has 1: only `score`" in error.value
    assert slope(at) == f"{ex.run(ex.Params()).ols_slope:.3f}"
