"""ui.page.chart through AppTest: each chart keeps one key across reruns whatever its data,
charts drawn from one line are numbered, and without static serving the page still draws
every chart (as st.plotly_chart)."""

import re

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import charts
from ui import inplace_chart

SCRIPT = """
import plotly.graph_objects as go
import streamlit as st
from ui.page import chart, chart_row

n = st.slider("n", 1, 5, 2)
chart(go.Figure(go.Scatter(y=list(range(n))), layout=dict(title="first")))
for i in range(2):
    chart(go.Figure(go.Bar(y=[i, n]), layout=dict(title=f"loop {i}")))
chart(go.Figure(go.Scatter(y=[n])), key="named")
for i in range(2):
    chart_row(go.Figure(go.Bar(y=[i])), go.Figure(go.Bar(y=[n])))
"""


def _by_line(keys):
    """{script line: [numbers drawn there]} from keys ``chart_<file>_<line>[_<n>]``."""
    lines = {}
    for key in keys:
        if key == "named":
            continue
        line, n = re.search(r"_(\d+)(?:_(\d+))?$", key).groups()
        lines.setdefault(int(line), []).append(int(n or 1))
    return {line: sorted(ns) for line, ns in lines.items()}


def test_each_chart_keeps_its_key_while_its_data_changes():
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    assert not at.exception
    first = charts(at)
    assert "named" in first
    # One chart on line 7, two from the loop on line 9, four from the two rows on line 12.
    assert _by_line(first) == {7: [1], 9: [1, 2], 12: [1, 2, 3, 4]}
    at.slider[0].set_value(5).run()
    second = charts(at)
    assert second.keys() == first.keys()
    assert second != first, "the figures themselves changed"
    first_chart = next(spec for key, spec in second.items() if key.endswith("_7"))
    assert [t["y"] for t in first_chart["data"]] == [[0, 1, 2, 3, 4]]


def test_without_static_serving_every_chart_is_a_plotly_chart(monkeypatch):
    monkeypatch.setattr(inplace_chart, "available", lambda: False)
    at = AppTest.from_string(SCRIPT, default_timeout=30).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 8 and not charts(at)


def test_plotly_js_is_served_from_the_installed_package():
    assert inplace_chart.available()
    assert inplace_chart.SERVED.read_bytes()[:4096] == inplace_chart.SHIPPED.read_bytes()[:4096]
    assert inplace_chart.SERVED.stat().st_size == inplace_chart.SHIPPED.stat().st_size
