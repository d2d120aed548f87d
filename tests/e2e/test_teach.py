"""The teaching layer in a real browser, as a teacher meets it on a projector: a page opened
in lecture mode at 1920×1080 keeps the one-screen rule, and its tour steps with Next."""

import re

from .a11y import serious_violations
from .chart_checks import chart_defects
from .frame_checks import one_screen_problems
from .server import drawn, wait_idle, wait_redrawn

PAGE = "regularization"


def _said(page) -> str:
    return page.locator("[data-testid='stMain'] [data-testid='stAlert']").all_inner_texts()


def test_a_lecture_shows_one_page_on_a_projector_and_steps_its_tour(page, server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server.url}/{PAGE}?present=1")
    wait_idle(page)
    page.locator(".inplace-chart .main-svg").first.wait_for()
    assert not page.locator("header[data-testid='stHeader']").is_visible()  # no menus
    assert one_screen_problems(page) == []
    assert chart_defects(page) == []

    before = drawn(page)
    page.get_by_role("button", name=re.compile("Guided tour")).click()
    wait_redrawn(page, before)
    assert any("Step 1 of 5" in text for text in _said(page))
    page.wait_for_function("() => new URLSearchParams(location.search).get('alpha') === '0.0001'")
    before = drawn(page)
    page.get_by_role("button", name="Next").click()
    wait_redrawn(page, before)
    assert any("Step 2 of 5" in text for text in _said(page))
    page.wait_for_function("() => new URLSearchParams(location.search).get('alpha') === '0.001'")
    assert "present=1" in page.url  # lecture mode stays in the link a teacher shares
    assert one_screen_problems(page) == []  # the tour's row still leaves the chart in view
    ours, _ = serious_violations(page)
    assert ours == [], "\n".join(map(str, ours))


def test_a_tour_on_a_laptop_keeps_the_controls_and_the_tallest_main_chart_in_view(page, server):
    # The optimizers' paths are the tallest main chart; the tour's row takes the place of
    # "What to notice", and its button sits beside the title (not at the sidebar's foot,
    # which scrolled the controls away to reach it).
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server.url}/optimizers")
    wait_idle(page)
    page.locator(".inplace-chart .main-svg").first.wait_for()
    before = drawn(page)
    page.get_by_role("button", name="Guided tour").click()
    wait_redrawn(page, before)
    assert any("Step 1 of" in text for text in _said(page))
    assert one_screen_problems(page) == []
