"""Every page's charts at two screen sizes: no legend over an axis title, nothing clipped.

Kept apart while the check is young; tests/e2e/test_browser.py can call ``chart_defects``
in its one visit per page instead.
"""

import pytest

from roadmap import live_topics

from .chart_checks import chart_defects, formula_defects
from .test_browser import _open

TOPICS = [topic for _, topic in live_topics()]
SIZES = {"1280x720": (1280, 720), "1400x1000": (1400, 1000)}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("topic", TOPICS, ids=[t.url_path for t in TOPICS])
def test_charts_have_no_overlap_or_clipping(page, server, topic, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    _open(page, server, topic.url_path)
    # Charts below the first screen are drawn too (Streamlit does not virtualise them),
    # but give plotly a frame to settle its automargins after the last one mounts.
    page.wait_for_timeout(300)
    defects = chart_defects(page) + formula_defects(page)
    assert not defects, "\n".join(defects)
