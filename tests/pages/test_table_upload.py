"""A learner's CSV on the classifier pages, through Streamlit's AppTest: the upload becomes
the data the page splits, fits and draws; a bad file or a bad choice of columns gets a
message and the page keeps what it had; removing the file returns to the page's own data.

Hostile files and markup in names are in tests/hostile/test_tables.py."""

import numpy as np
import pandas as pd
import pytest

from datasets import tables
from explorers import knn
from tests.pages.apptest import charts, failures, open_page
from ui import teach

CLASSIFIERS = ["views/logistic_regression.py", "views/svm.py", "views/knn.py", "views/decision_tree.py",
               "views/random_forest.py", "views/gradient_boosting.py", "views/comparison.py"]


def flowers(n=90, seed=0, missing=()) -> bytes:
    """Three well-separated species over four measurements, semicolon-separated with decimal
    commas, as a spreadsheet in a European locale saves it."""
    rng = np.random.default_rng(seed)
    kind = np.arange(n) % 3
    df = pd.DataFrame({
        "stem (mm)": np.round(rng.normal(size=n) + 4 * kind, 2),
        "leaf (mm)": np.round(rng.normal(size=n) - 3 * kind, 2),
        "height": np.round(rng.normal(size=n), 2),
        "species": np.array(["rosa", "tulipa", "viola"])[kind],
    })
    for row, column in missing:
        df.loc[row, column] = None
    return df.to_csv(index=False, sep=";", decimal=",").encode()


def upload(at, data, name="flowers.csv"):
    at.file_uploader(key="table_file").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def boundary(at) -> dict:
    """The page's first chart with axis titles: the boundary plot (or the first panel)."""
    for figure in charts(at).values():
        layout = figure["layout"]
        if "xaxis" in layout and "title" in layout["xaxis"] and layout["xaxis"]["title"].get("text"):
            return figure
    raise AssertionError("no chart with a titled x axis")


def axes(figure) -> tuple[str, str]:
    layout = figure["layout"]
    return layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]


def legend_names(at) -> str:
    return " ".join(str(t.get("name", "")) for f in charts(at).values() for t in f["data"])


@pytest.mark.parametrize("page", CLASSIFIERS)
def test_an_upload_becomes_the_pages_data(page):
    at = upload(open_page(page), flowers())
    assert not failures(at), failures(at)
    assert axes(boundary(at)) == ("stem (mm)", "leaf (mm)")
    assert all(name in legend_names(at) for name in ("rosa", "tulipa", "viola"))
    (note,) = [c.value for c in at.caption if "Your table" in c.value]
    assert "`flowers.csv`" in note and "90 rows" in note and "a link cannot carry it" in note
    assert 'pd.read_csv("your_file.csv", sep=";", decimal=",")' in at.code[0].value
    # Nothing of the table travels in the link.
    assert not any("mm" in str(v) or "flowers" in str(v) for v in at.query_params.values())


def test_the_column_pickers_choose_the_axes_and_the_class():
    at = upload(open_page("views/knn.py"), flowers())
    at.selectbox(key=next(w.key for w in at.selectbox if w.key.startswith("table_y_"))).set_value("height").run()
    assert not failures(at)
    assert axes(boundary(at)) == ("stem (mm)", "height")


def test_an_uploaded_tables_numbers_are_the_explorers_on_it():
    """The page's accuracy is the explorer's on the same points (not the page's own data)."""
    at = upload(open_page("views/knn.py"), flowers())
    chosen = tables.choose(tables.read_table(flowers()), "stem (mm)", "leaf (mm)", "species")
    expected = knn.run(knn.Params(), chosen).test_accuracy
    assert {m.label: m.value for m in at.metric}["Test accuracy"] == f"{expected:.1%}"


def test_a_bad_file_keeps_the_previous_table():
    at = upload(open_page("views/logistic_regression.py"), flowers())
    upload(at, b"a,b,c\n1,2,x\n3,4,y,z\n" + b"5,6,w\n" * 30, name="ragged.csv")
    (error,) = at.error
    assert "`ragged.csv` cannot be used" in error.value and "line 3 has 4 fields" in error.value
    assert "keeps your previous table" in error.value
    assert axes(boundary(at)) == ("stem (mm)", "leaf (mm)")  # still the flowers
    at.slider(key="seed").set_value(5).run()  # a later rerun: still the flowers, still the message
    assert axes(boundary(at)) == ("stem (mm)", "leaf (mm)") and len(at.error) == 1


def test_a_bad_first_file_keeps_the_pages_own_data():
    at = open_page("views/svm.py")
    before = axes(boundary(at))
    upload(at, b"just one column\n1\n2\n", name="one.csv")
    (error,) = at.error
    assert "`one.csv` cannot be used" in error.value and "keeps its own data" in error.value
    assert axes(boundary(at)) == before


def test_a_bad_choice_of_columns_keeps_the_previous_one():
    at = upload(open_page("views/decision_tree.py"), flowers())
    x_key = next(w.key for w in at.selectbox if w.key.startswith("table_x_"))
    at.selectbox(key=x_key).set_value("leaf (mm)").run()  # the same column as y
    assert not at.exception
    (error,) = at.error
    assert "two different columns" in error.value and "keeps what it showed before" in error.value
    assert axes(boundary(at)) == ("stem (mm)", "leaf (mm)")


def test_removing_the_file_returns_to_the_pages_own_data():
    at = open_page("views/random_forest.py")
    before = axes(boundary(at))
    upload(at, flowers())
    assert axes(boundary(at)) == ("stem (mm)", "leaf (mm)")
    at.file_uploader(key="table_file").set_value(None).run()
    assert not failures(at)
    assert axes(boundary(at)) == before
    assert not any("Your table" in c.value for c in at.caption)
    assert "read_csv" not in at.code[0].value


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    at = upload(open_page("views/knn.py"), b"a,b,c\n" + b"1,2,3\n" * 400_000, name="big.csv")
    (error,) = at.error
    assert "`big.csv` cannot be used" in error.value and "up to 2 MB" in error.value


def test_rows_left_out_for_a_missing_value_are_counted_on_the_page():
    data = flowers(missing=[(0, "stem (mm)"), (5, "species"), (7, "height")])  # height: not chosen
    at = upload(open_page("views/knn.py"), data)
    (note,) = [c.value for c in at.caption if "Your table" in c.value]
    assert "88 rows, 2 left out for a missing value" in note


def test_a_comparison_on_an_uploaded_table_compares_that_table():
    at = upload(open_page("views/knn.py"), flowers())
    at.button(key="pin_set").click().run()
    at.slider(key="k").set_value(1).run()
    assert not failures(at)
    chosen = tables.choose(tables.read_table(flowers()), "stem (mm)", "leaf (mm)", "species")
    a, b = knn.run(knn.Params(), chosen), knn.run(knn.Params(k=1), chosen)
    shown = {m.label: m for m in at.metric}["Test accuracy: B"]
    assert shown.value == f"{b.test_accuracy:.4g}"
    assert f"{b.test_accuracy - a.test_accuracy:+.3g}" in shown.proto.delta


def test_lessons_on_an_uploaded_table_say_they_read_the_pages_own_data():
    # The learner's table stays in use (never dropped for a lesson), so a reveal and a tour
    # step say which data they read, instead of describing charts that show other points.
    at = upload(open_page("views/knn.py"), flowers())
    at.radio(key="try_knn_0_guess").set_value(at.radio(key="try_knn_0_guess").options[0]).run()
    at.button(key="try_knn_0_show").click().run()
    at.button(key="tour_knn_start").click().run()
    assert not failures(at)
    assert any("Your table" in c.value for c in at.caption)  # still in use
    assert any(teach.OWN_INPUT in c.value for c in at.caption)  # the reveal says so
    assert any(teach.OWN_INPUT in i.value for i in at.info if "Step 1 of" in i.value)


def test_without_an_upload_lessons_say_nothing_of_it():
    at = open_page("views/knn.py")
    at.button(key="tour_knn_start").click().run()
    assert not any(teach.OWN_INPUT in i.value for i in at.info)
