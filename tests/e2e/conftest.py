"""A real server and one browser per worker for the end-to-end session (CI time is short)."""

import os
from itertools import count
from pathlib import Path

import pytest

from roadmap import live_topics

from .server import BROWSERS, CHROMIUM, CHROMIUM_ARGS, StreamlitServer

_PAGES = [topic.url_path for _, topic in live_topics()]


def browser_share(item, others) -> int:
    """Which group a browser test belongs to. A page's tests share a group (by the page's
    place in the navigation), so its server computes the page's defaults once;
    ``test_home_links_reach_every_live_page[share]`` walks the pages of its own share; the
    rest alternate."""
    params = getattr(item, "callspec", None)
    params = params.params if params else {}
    if "share" in params:
        return params["share"]
    page = params["topic"].url_path if "topic" in params else params.get("path")
    if page in _PAGES:
        return _PAGES.index(page) % BROWSERS
    return next(others) % BROWSERS


def pytest_collection_modifyitems(items):
    """Under pytest-xdist, the browser tests go to two groups, one per worker: before, every
    browser test went to one worker, whose ~20 minutes were the run's critical path while
    the other worker ran out of AppTest and unit tests. Split, each worker starts on half of
    the browser tests and then both share the rest of the suite."""
    here, others = Path(__file__).parent, count()
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group(f"browser{browser_share(item, others)}"))


@pytest.fixture(scope="session")
def server():
    with StreamlitServer() as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"no Chromium at {CHROMIUM}: .ci/run installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh tab (1400×1000) that records console errors in ``page.console_errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # Generous: CI machines are shared, and a first visit imports scikit-learn.
    context.set_default_timeout(60_000)
    tab = context.new_page()
    tab.console_errors = []

    def record(message):
        if message.type == "error":
            tab.console_errors.append((message.text, message.location.get("url", "")))

    tab.on("console", record)
    tab.on("pageerror", lambda err: tab.console_errors.append((str(err), "")))
    yield tab
    context.close()
