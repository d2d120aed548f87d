"""One real server and one browser for the whole end-to-end session (CI time is short)."""

import os
from pathlib import Path

import pytest

from .server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer


def pytest_collection_modifyitems(items):
    """Under pytest-xdist (pytest.ini runs two workers), every browser test goes to one
    worker, so there is still one server and one browser while the other worker runs the
    AppTest and unit tests."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


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
