"""Every page in a real browser: charts drawn, no exception box, no console error,
a slider move redraws, a link reopens its state, and the home page's links work.

Generic over the navigation (roadmap.live_topics), so a page that lands is covered
without new test code.
"""

import re

import pytest

from roadmap import live_topics

from .a11y import serious_violations
from .chart_checks import chart_defects, formula_defects
from .frame_checks import one_screen_problems
from .server import BROWSERS, drawn, wait_idle, wait_redrawn

# Streamlit 1.67's slider thumb is a visually hidden native range input (react-aria).
RANGE = "[data-testid='stSlider'] input[type='range']:not([disabled])"
EXCEPTION = "[data-testid='stException']"
TOPICS = [topic for _, topic in live_topics()]
IDS = [t.url_path for t in TOPICS]


def _app_errors(page):
    # A deep link makes Streamlit's frontend probe <page>/_stcore/health and
    # /host-config before finding the server root: two 404s that are Streamlit's own.
    return [(text, url) for text, url in page.console_errors
            if not ("404" in text and "/_stcore/" in url)]


def _open(page, server, path="", charts=True):
    page.goto(f"{server.url}/{path}")
    wait_idle(page)
    if charts:
        # Elements mount lazily after the script run ends (Plotly last): wait until the
        # first chart is there, then until every chart has drawn a trace (a heatmap's
        # group is ".hm", every other trace type's ".trace").
        located = page.locator(".inplace-chart")
        located.nth(1).wait_for()  # every page has at least two; they mount one by one
        for i in range(located.count()):
            located.nth(i).locator(".main-svg .trace, .main-svg .hm").first.wait_for(state="attached")


# A laptop's screen and a lecture hall's projector.
SCREENS = ((1280, 720), (1920, 1080))


@pytest.mark.parametrize("topic", TOPICS, ids=IDS)
def test_page_renders_on_one_screen_without_errors(page, server, topic):
    """Charts drawn, no exception, no console error, no serious accessibility violation of
    ours (axe-core); and at both screen sizes, with nothing scrolled, the first controls and
    the top half of the main chart in view, and no chart with a legend over an axis title or
    a clipped title or label, no formula past its column; and the same again in lecture mode
    on the projector. One visit per page does the two sizes (the screen is resized, not
    reloaded), and a second the lecture: CI time is short."""
    (width, height), bigger = SCREENS[0], SCREENS[1:]
    page.set_viewport_size({"width": width, "height": height})
    _open(page, server, topic.url_path)
    assert page.locator(".inplace-chart").count() >= 2
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator("[data-testid='stMain'] h1").count() == 1
    assert page.title() == f"{topic.title} · ML Roadmap Explorers"  # tabs tell pages apart
    assert one_screen_problems(page) == [], f"at {width}×{height}"
    # Give plotly a frame to settle its automargins after the last chart mounts.
    page.wait_for_timeout(300)
    assert chart_defects(page) + formula_defects(page) == [], f"at {width}×{height}"
    ours, _ = serious_violations(page)
    assert ours == [], "\n".join(map(str, ours))
    for width, height in bigger:
        page.set_viewport_size({"width": width, "height": height})
        # Charts follow the window's width on its resize event; let the layout settle.
        page.wait_for_function("size => window.innerWidth === size", arg=width)
        page.wait_for_timeout(300)
        assert one_screen_problems(page) == [], f"at {width}×{height}"
        assert chart_defects(page) + formula_defects(page) == [], f"at {width}×{height}"
    # Lecture mode on the projector: no top bar, larger type and charts, the same rule.
    _open(page, server, f"{topic.url_path}?present=1")
    page.wait_for_timeout(300)
    assert one_screen_problems(page) == [], "in lecture mode at 1920×1080"
    assert chart_defects(page) + formula_defects(page) == [], "in lecture mode at 1920×1080"
    assert not _app_errors(page)


# Each chart's element, by its key (the container's st-key-<key> class), tagged so that a
# later look can tell the same element from a new one drawn under the same key.
TAG_CHARTS = """() => [...document.querySelectorAll('.inplace-chart')].map(chart => {
  chart.__tagged = true;
  return chart.closest("[class*='st-key-']").className.match(/st-key-(\\S+)/)[1];
})"""
NEW_ELEMENTS = """keys => keys.filter(key => {
  const chart = document.querySelector(`.st-key-${key} .inplace-chart`);
  return chart && !chart.__tagged;
})"""


@pytest.mark.parametrize("topic", TOPICS, ids=IDS)
def test_a_slider_move_redraws_in_place_and_its_link_reopens_it(page, server, topic):
    """The first control moved: the page redraws with no error, every chart still on it is
    the element it was (redrawn, not rebuilt), the address now holds the value, and opening
    that address shows the same value. One visit and one reopen per page: CI time is short."""
    _open(page, server, topic.url_path)
    keyed = page.locator(f"[data-testid='stSidebar'] [class*='st-key-']:has({RANGE})").first
    key = re.search(r"st-key-(\S+)", keyed.get_attribute("class"))[1]
    slider = keyed.locator("input[type='range']")
    value, before = slider.input_value(), drawn(page)
    charts = page.evaluate(TAG_CHARTS)
    slider.focus()
    slider.press("End")  # to its maximum: a real change wherever the default sits
    wait_redrawn(page, before)  # times out if the page never changes
    moved = slider.input_value()
    assert moved != value
    assert page.locator(EXCEPTION).count() == 0
    assert not _app_errors(page)
    assert page.evaluate(NEW_ELEMENTS, charts) == []
    # The bound widget writes itself into the address (history.replaceState, no navigation).
    page.wait_for_function("key => new URLSearchParams(location.search).has(key)", arg=key)

    shared = page.url
    page.goto("about:blank")
    _open(page, server, shared.removeprefix(server.url + "/"))
    reopened = page.locator(f"[data-testid='stSidebar'] .st-key-{key} input[type='range']")
    assert reopened.input_value() == moved
    assert not _app_errors(page)


def test_a_bad_link_warns_instead_of_failing(page, server):
    _open(page, server, f"{TOPICS[0].url_path}?seed=banana")
    alert = page.locator("[data-testid='stAlert']").filter(has_text="seed")
    assert alert.count() == 1 and "banana" in alert.inner_text()
    assert page.locator(EXCEPTION).count() == 0


def _card(page, topic):
    # A live topic's card on the home page: its container is keyed "live_card_<url path>".
    return page.locator(f"[data-testid='stMain'] .st-key-live_card_{topic.url_path}")


def _reached(page, topic, home_title):
    # A client-side route change (pushState), so no load event to wait for: the address
    # names the page, and the main column's h1 is no longer the home page's. (The top
    # navigation marks no active item inside its section menus, so it cannot tell.)
    page.wait_for_function("path => location.pathname.endsWith('/' + path)", arg=topic.url_path)
    page.wait_for_function(
        """home => { const h = document.querySelector("[data-testid='stMain'] h1");
                     return h !== null && h.innerText.trim() !== home; }""", arg=home_title)
    assert page.locator(EXCEPTION).count() == 0


@pytest.mark.parametrize("share", range(BROWSERS))
def test_home_links_reach_every_live_page(page, server, share):
    """Each live card's link, clicked on the home page, opens its page. The pages are walked
    in two shares, each on the browser worker whose server has already drawn them
    (tests/e2e/conftest.py). Each card is clicked on a freshly loaded home page: coming back
    by the Back button instead timed out in CI once, after the sentiment page."""
    walked = TOPICS[share::BROWSERS]
    for topic in walked:
        _open(page, server, charts=False)
        home_title = page.locator("[data-testid='stMain'] h1").first.inner_text().strip()
        _card(page, topic).locator("[data-testid='stPageLink'] a").filter(has_text=topic.title).click()
        _reached(page, topic, home_title)
    assert walked and not _app_errors(page)


def test_a_click_anywhere_on_a_live_card_opens_its_page(page, server):
    """The whole card is the link: a click on its blurb, or in its empty corner, opens it.

    The mouse clicks at a point on the page, as a learner's would: Playwright's own
    element click would refuse, since the link's stretched box lies over the blurb.
    """
    for topic, where in [(TOPICS[0], "blurb"), (TOPICS[1], "corner")]:
        _open(page, server, charts=False)
        home_title = page.locator("[data-testid='stMain'] h1").first.inner_text().strip()
        card = _card(page, topic)
        card.scroll_into_view_if_needed()
        if where == "blurb":
            box = card.locator("[data-testid='stMarkdown']").filter(has_text=topic.blurb).bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        else:
            box = card.bounding_box()
            x, y = box["x"] + box["width"] - 6, box["y"] + box["height"] - 6
        page.mouse.click(x, y)
        _reached(page, topic, home_title)
    assert not _app_errors(page)
