"""Every page, home included, has no serious WCAG 2.1 A/AA violation of ours (axe-core).

One visit per page, opened as the other browser tests open it (charts drawn). What
Streamlit's own markup causes is listed in ``a11y.STREAMLITS`` and the README; it is
returned apart and not asserted on here.
"""

import pytest

from .a11y import serious_violations
from .test_browser import EXCEPTION, IDS, TOPICS, _open


@pytest.mark.parametrize("topic", [None, *TOPICS], ids=["home", *IDS])
def test_no_serious_violation_of_ours(page, server, topic):
    if topic is None:
        _open(page, server, charts=False)
    else:
        _open(page, server, topic.url_path)
    assert page.locator(EXCEPTION).count() == 0
    ours, _ = serious_violations(page)
    assert ours == [], "\n".join(map(str, ours))
