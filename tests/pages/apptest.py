"""Helpers to drive the real app with Streamlit's AppTest, page by page."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from explorers._contract import knobs
from roadmap import live_topics

ROOT = Path(__file__).resolve().parents[2]
PAGES = [topic.page for _, topic in live_topics()]
TIMEOUT = 60  # the first run of a page pays for scikit-learn's import


def open_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "views/home.py":
        at.switch_page(page)
        at.run()
    return at


def _option_value(widget, option: str):
    # A select slider's options come back formatted; ours are numbers on a log grid.
    if widget.type == "select_slider":
        try:
            return float(option)
        except ValueError:
            return option
    return option


def extremes(widget) -> list:
    """The values worth trying for one widget: both ends, or every option."""
    if widget.type == "slider":
        return [widget.min, widget.max]
    if widget.type == "select_slider":
        return [_option_value(widget, widget.options[0]), _option_value(widget, widget.options[-1])]
    return list(widget.options)


def movable_widgets(at: AppTest):
    """The page's controls: the sidebar's sliders and choices (the main column's radios are
    "Try this" predictions, tested in test_teach.py)."""
    return [w for kind in ("slider", "select_slider", "radio", "selectbox") for w in getattr(at.sidebar, kind)]


def failures(at: AppTest) -> list[str]:
    return [e.value for e in at.exception] + [e.value for e in at.error]


def charts(at: AppTest) -> dict[str, dict]:
    """The page's Plotly figures as sent to the browser, by chart key (``ui/page.chart``
    keys each by the page's file and line: ``chart_kmeans_31``)."""
    drawn = {}
    for element in at.get("bidi_component"):
        data = json.loads(element.proto.json)
        if "figure" in data:
            drawn[element.proto.id.rsplit("-", 1)[-1]] = json.loads(data["figure"])
    return drawn


def chart_places(at: AppTest) -> dict[str, tuple]:
    """Where each chart sits in the page, by key: its path of positions from the main column.

    The browser places elements by position, so a chart whose path changes between two runs
    is built anew instead of redrawn in place (``ui/page.aside`` keeps messages from shifting
    the charts below them).
    """
    places = {}

    def walk(node, path):
        for index, child in node.children.items():
            if getattr(child, "type", None) == "bidi_component":
                places[child.proto.id.rsplit("-", 1)[-1]] = (*path, index)
            if hasattr(child, "children"):
                walk(child, (*path, index))

    walk(at.main, ())
    return places


def moved_charts(before: dict, after: dict) -> dict:
    """Charts on both pages whose place changed: key -> (before, after)."""
    return {key: (before[key], after[key]) for key in before.keys() & after.keys()
            if before[key] != after[key]}


def hidden_controls(at: AppTest, params_cls) -> set[str]:
    """The fields of ``params_cls`` whose widgets the page hides (ui/controls.py's CSS for a
    page of views, ``Params.HIDE_INACTIVE``)."""
    css = " ".join(h.proto.body for h in at.get("html") if "display: none" in h.proto.body)
    return {name for name in knobs(params_cls) if f".st-key-{name}," in css or f".st-key-{name} " in css}


def metric_values(at: AppTest) -> dict[str, str]:
    """Each ``st.metric`` on the page, by label."""
    return {m.label: m.value for m in at.metric}
