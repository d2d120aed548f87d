"""No figure holds the app's shared Plotly template by reference: a figure whose template
is changed (by a page, a test or plotly itself) cannot change the figures drawn after it."""

import copy

import pytest

from figures import theme


@pytest.mark.parametrize("validate", [False, True], ids=["as the app builds", "validated"])
def test_changing_one_figures_template_leaves_the_next_figure_alone(monkeypatch, validate):
    monkeypatch.setattr(theme, "VALIDATE", validate)
    pristine = copy.deepcopy(theme.TEMPLATE)
    plot = theme.figure("first", "x", "y")
    plot.add_scatter(x=[1, 2], y=[3, 4])
    for figure in (plot.build().to_dict(), plot.build().to_dict()):  # a Plot may be built twice
        template = figure["layout"]["template"]
        template["data"]["scatter"][0]["line"]["width"] = 1
        template["layout"]["colorway"].append("#123456")
        template["layout"]["font"]["size"] = 5
    plot.layout["template"]["layout"]["colorway"].clear()  # and the Plot's own, before a build
    second = theme.figure("second", "x", "y").build().to_dict()["layout"]["template"]
    assert theme.TEMPLATE == pristine
    assert second == pristine
