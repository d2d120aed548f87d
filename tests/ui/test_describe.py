"""A chart's accessible name comes from its own title and axes, without Plotly's markup."""

from figures.theme import figure
from ui.page import describe


def test_a_chart_is_named_by_its_title_and_axes():
    fig = figure("Test error<br><sub>at degree 3</sub>", x="degree", y="mean squared error").build()
    assert describe(fig) == "Test error at degree 3 (mean squared error against degree)"


def test_a_chart_without_axis_titles_is_named_by_its_title_alone():
    fig = figure("Values", x="", y="").build()
    assert describe(fig) == "Values"


def test_a_chart_with_no_words_has_no_name():
    assert describe(figure("", x="", y="").build()) is None
