"""Scrubbers play in the browser: Play advances the chart with no server rerun.

Each page opens at the start of its scrubber (through the link), so there is something
to play; Play is the first button of the chart's Plotly menu.
"""

import pytest

from .server import wait_idle

# (page, query that puts its scrubber at the start; a default value leaves the link)
PLAYABLE = [("kmeans", "step=0"), ("tsne", "frame=0"), ("mdp", "sweep=0"),
            ("gradient_boosting", "stage=1"), ("backprop", "step=1"), ("playground", "show=0"),
            ("dqn", "frame=0"),
            # sliders that pick what is walked or how far: Play walks it from its start
            ("q_learning", "episode=20"), ("optimizers", "steps=100"),
            ("linear_regression", "degree=1"), ("linear_algebra", "steps=12"),
            ("probability", "view=coin%20flips&flips=0"),
            # opened at its last step (the default), Play runs the whole run from the start
            ("kmeans", "k=4")]

CHART = ".inplace-chart:has(g.updatemenu-button)"
# Every script-state the app takes from now on, and every message the page sends the
# server (a rerun is one): Play must cause neither.
WATCH = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  window.__states = [];
  new MutationObserver(() => window.__states.push(app.dataset.testScriptState))
    .observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""
MARKUP = "chart => chart.querySelector('.main-svg').innerHTML"


@pytest.mark.parametrize("path, query", PLAYABLE, ids=[f"{p}-{q}" for p, q in PLAYABLE])
def test_play_advances_the_chart_in_the_browser(page, server, path, query):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.goto(f"{server.url}/{path}?{query}")
    wait_idle(page)
    chart = page.locator(CHART).first
    chart.locator(".main-svg .trace, .main-svg .hm").first.wait_for(state="attached")
    before, link = chart.evaluate(MARKUP), page.url
    page.evaluate(WATCH)
    sent.clear()

    chart.locator("g.updatemenu-button").first.click()
    # A frame later the chart differs (a few frames at 80 ms each at most).
    page.wait_for_function(f"([chart, before]) => ({MARKUP})(chart) !== before",
                           arg=[chart.element_handle(), before], timeout=5_000)

    assert page.evaluate("window.__states") == [], "Play made the script run again"
    assert not sent, "Play sent the server a message"
    assert page.url == link, "the link still holds the step the slider set"
