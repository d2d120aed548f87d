"""The Python, NumPy & pandas page's typed shapes, driven through the real page: a shape
recomputes and goes into the link, NumPy's error is shown as NumPy words it, a shape that
cannot be used is reported while the last good one stays, and the tour sets the boxes."""

import lessons
from explorers import numpy_pandas as ex

from .apptest import failures, open_page

PAGE = "views/numpy_pandas.py"


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_typed_shapes_give_numpys_answer_and_go_into_the_link():
    at = open_page(PAGE)
    assert _metric(at, "a + b") == "(3, 4)"
    at.text_input(key="shape_a").set_value("5, 3").run()
    at.text_input(key="shape_b").set_value("(5,)").run()
    assert not failures(at)
    assert _metric(at, "a + b") == "ValueError"
    error = ex.run(ex.Params(shape_a="5, 3", shape_b="(5,)")).broadcast.error.strip()
    assert any(error in m.value for m in at.markdown)  # NumPy's own message
    assert at.query_params["shape_a"] == "5, 3" and at.query_params["shape_b"] == "(5,)"
    assert "a = np.zeros((5, 3))" in at.code[0].value


def test_a_shape_that_cannot_be_used_is_reported_and_the_last_good_one_stays():
    at = open_page(PAGE)
    at.text_input(key="shape_a").set_value("2, 1, 4").run()
    at.text_input(key="shape_a").set_value("2, y").run()
    assert not at.exception
    assert any("Shape of a" in e.value and "whole numbers" in e.value and "last good" in e.value
               for e in at.error)
    assert _metric(at, "a + b") == "(2, 1, 4)"  # (2, 1, 4) + (4,) still
    assert at.query_params["shape_a"] == "2, 1, 4"


def test_the_tour_sets_the_typed_shapes_and_the_menus():
    steps = lessons.tour(ex)
    clash = next(i for i, s in enumerate(steps) if s.state.get("shape_b") == "5")
    at = open_page(PAGE)
    at.button(key="tour_numpy_pandas_start").click().run()
    for _ in range(clash):
        at.button(key="tour_numpy_pandas_next").click().run()
    assert not failures(at)
    assert at.text_input(key="shape_a").value == "5, 3" and at.text_input(key="shape_b").value == "5"
    assert _metric(at, "a + b") == "ValueError"
    at.button(key="tour_numpy_pandas_next").click().run()
    assert at.text_input(key="shape_b").value == "5, 1" and _metric(at, "a + b") == "(5, 3)"
