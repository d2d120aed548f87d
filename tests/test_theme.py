"""The shared chart style and the dict-based figure builder every page uses."""

import numpy as np
import plotly.graph_objects as go
import pytest

from figures import theme
from figures.theme import Plot, figure


def test_plot_builds_the_same_figure_as_plotly_calls():
    plot = figure("t", "x label", "y label", height=300)
    plot.add_scatter(x=[1, 2], y=[3, 4], name="a", line_width=5, marker=dict(size=7))
    plot.add_shape(type="line", x0=1, x1=1, y0=0, y1=1, yref="paper", line_dash="dot")
    plot.add_annotation(text="note", x=1, y=1, showarrow=False)
    plot.update_xaxes(range=[0, 3], title_font_size=12)
    plot.update_layout(legend=dict(orientation="h"), legend_x=0.1)

    reference = go.Figure(layout=dict(height=300, template="roadmap"))
    reference.update_layout(title_text="t", xaxis_title_text="x label", yaxis_title_text="y label")
    reference.add_scatter(x=[1, 2], y=[3, 4], name="a", line_width=5, marker=dict(size=7))
    reference.add_shape(type="line", x0=1, x1=1, y0=0, y1=1, yref="paper", line_dash="dot")
    reference.add_annotation(text="note", x=1, y=1, showarrow=False)
    reference.update_xaxes(range=[0, 3], title_font_size=12)
    reference.update_layout(legend=dict(orientation="h"), legend_x=0.1)

    assert plot.build().to_dict() == reference.to_dict()


def test_later_updates_deepen_rather_than_replace():
    plot = Plot(xaxis=dict(title=dict(text="kept")))
    plot.update_xaxes(type="log")
    plot.update_xaxes(title_font_size=9)
    axis = plot.build().layout.xaxis
    assert axis.title.text == "kept" and axis.type == "log" and axis.title.font.size == 9


def test_plotly_still_validates_at_build():
    plot = Plot()
    plot.add_scatter(x=[1], y=[1], not_a_property=3)
    with pytest.raises(ValueError):
        plot.build()


def test_every_figure_uses_the_large_type_theme_even_after_streamlit_loads():
    import plotly.io as pio
    import streamlit as st  # noqa: F401  (its plotly support changes plotly's default template)
    from streamlit.elements import plotly_chart  # noqa: F401

    assert pio.templates.default != "roadmap"
    layout = figure("t", "x", "y").build().layout
    assert layout.template.layout.font.size >= 16


def test_the_app_skips_validation_but_gets_the_same_figure(monkeypatch):
    import figures.theme as theme

    plot = figure("t", "x", "y")
    plot.add_scatter(x=[1, 2], y=[3, 4], line_width=2, name="a")
    plot.add_shape(type="rect", x0=0, x1=1, y0=0, y1=1, fillcolor="red")
    checked = plot.build().to_dict()
    monkeypatch.setattr(theme, "VALIDATE", False)
    assert plot.build().to_dict() == checked


def test_layout_keys_that_really_have_an_underscore_are_kept_whole():
    fig = Plot(plot_bgcolor="#123456", paper_bgcolor="#654321").build()
    assert fig.layout.plot_bgcolor == "#123456" and fig.layout.paper_bgcolor == "#654321"


def test_no_figure_uses_a_named_colour_scale():
    """plotly.py's validator and plotly.js read some names in opposite directions ("Blues"
    is light-to-dark in one, dark-to-light in the other), and the app skips the validator,
    so a named scale looks different in the tests and on the page. Spell scales out."""
    import re
    from pathlib import Path

    named = re.compile(r"colorscale\s*=\s*[\"']")
    offenders = [p.name for p in (Path(__file__).parents[1] / "figures").glob("*.py")
                 if named.search(p.read_text())]
    assert not offenders, offenders


def _charts():
    """Charts from several pages: int8, float32 and float64 grids, 2-D arrays, nested
    marker arrays, and a class with no wrong test point (an empty array)."""
    from explorers import comparison, gradient_boosting, knn, random_forest
    from figures import comparison as cf, gradient_boosting as gf, knn as kf, random_forest as rf

    three = comparison.run(comparison.Params(data="three classes"))
    clean = comparison.run(comparison.Params(data="linear", noise=0.0))
    forest = random_forest.run(random_forest.Params(n_trees=5))
    boost = gradient_boosting.run(gradient_boosting.Params(n_stages=10))
    return {
        "comparison panels": lambda: cf.panels_figure(three),
        "comparison focus, nothing wrong": lambda: cf.focus_figure(clean),
        "forest's single trees": lambda: rf.trees_figure(forest),
        "boosting residuals": lambda: gf.residual_figure(boost),
        "k-NN boundary": lambda: kf.boundary_figure(knn.run(knn.Params(k=3))),
    }


@pytest.mark.parametrize("name", list(_charts()))
def test_arrays_written_ahead_send_what_plotly_would(monkeypatch, name):
    """The app writes trace arrays as typed arrays itself (``typed``): the chart's JSON
    must be plotly's own (up to the order of keys, which unchecked figures keep as written)."""
    import json

    import plotly.io as pio

    import figures.theme as theme

    chart = _charts()[name]
    theirs = chart()
    assert any(isinstance(v, np.ndarray) for trace in theirs.data for v in trace.to_plotly_json().values())
    monkeypatch.setattr(theme, "VALIDATE", False)
    ours = chart()
    assert isinstance(ours, theme.Sent)
    assert any(isinstance(v, dict) and "bdata" in v for trace in ours.to_dict()["data"] for v in trace.values())
    ours, theirs = (json.loads(pio.to_json(f, validate=False)) for f in (ours, theirs))
    assert ours["layout"] == theirs["layout"]
    assert len(ours["data"]) == len(theirs["data"])
    for mine, plotlys in zip(ours["data"], theirs["data"]):
        assert mine == plotlys, plotlys.get("name")


def test_a_built_figure_is_restyled_as_the_app_sends_it_and_the_original_is_untouched(monkeypatch):
    # The app's figures are Sent (their go.Figure layout is empty and update_layout does
    # nothing): a comparison's side names and a lecture's taller charts went nowhere.
    import lessons
    from explorers import bias_variance as ex
    from figures import bias_variance as fig
    monkeypatch.setattr(theme, "VALIDATE", False)
    r = ex.run(ex.Params())
    drawn = fig.fits_figure(r)
    assert isinstance(drawn, theme.Sent)
    height, title = theme.layout_of(drawn)["height"], theme.layout_of(drawn)["title"]["text"]
    taller = theme.restyled(drawn, height=height + 100)
    assert isinstance(taller, theme.Sent) and theme.layout_of(taller)["height"] == height + 100
    assert theme.layout_of(drawn)["height"] == height  # a cached figure is never changed
    named = lessons.titled(fig.fits_figure)(r, "A (pinned)")
    assert theme.layout_of(named)["title"]["text"] == f"A (pinned): {title}"


def test_lecture_mode_draws_each_chart_taller(monkeypatch):
    from ui import inplace_chart, page, teach
    monkeypatch.setattr(theme, "VALIDATE", False)
    sent = []
    monkeypatch.setattr(page, "_unique", lambda key, draw: draw(key))
    monkeypatch.setattr(inplace_chart, "available", lambda: True)
    monkeypatch.setattr(inplace_chart, "draw", lambda fig, key, alt: sent.append(theme.layout_of(fig)["height"]))
    plot = figure("A chart", "x", "y", height=400)
    plot.add_scatter(x=[0, 1], y=[0, 1])
    for on in (False, True):
        monkeypatch.setattr(teach, "presenting", lambda: on)
        page.chart(plot.build(), key="chart", alt="a chart")
    assert sent == [400, round(400 * teach.CHART_GROWTH)]
