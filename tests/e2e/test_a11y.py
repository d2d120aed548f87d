"""The home page has no serious WCAG 2.1 A/AA violation of ours (axe-core).

Every concept page is checked in the same visit as its other browser checks
(test_browser.test_page_renders_on_one_screen_without_errors). What Streamlit's own
markup causes is listed in ``a11y.STREAMLITS`` and the README; it is returned apart and
not asserted on.
"""

from .a11y import serious_violations
from .test_browser import EXCEPTION, _open


def test_the_home_page_has_no_serious_violation_of_ours(page, server):
    _open(page, server, charts=False)
    assert page.locator(EXCEPTION).count() == 0
    ours, _ = serious_violations(page)
    assert ours == [], "\n".join(map(str, ours))
