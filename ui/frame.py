"""The frame around every page: compact spacing so a page's controls and its main chart
share the first screen at 1280×720 and 1920×1080.

Streamlit's defaults are made for documents: 6rem above the first element, a 2.75rem
title, metric values at 2.25rem. On a laptop that put the main chart's top at 650 px, below
the fold. These rules are our own CSS (no user text goes near it); the one-screen browser
test (tests/e2e/test_one_screen.py) checks the result on every page.
"""

import streamlit as st

CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 1.25rem; padding-bottom: 3rem; }
[data-testid="stMain"] h1 { font-size: 2.05rem; padding: 0 0 0.25rem 0; }
[data-testid="stMetric"] { padding: 0.35rem 0.8rem 0.45rem 0.8rem; }
[data-testid="stMetricValue"] { font-size: 1.75rem; }
[data-testid="stSidebarHeader"] { height: 2.5rem; margin-bottom: 0.25rem; }
[data-testid="stSidebarUserContent"] { padding-top: 0.25rem; }
</style>
"""


def apply() -> None:
    """Add the frame's CSS to the page being drawn (a style-only block takes no space)."""
    st.html(CSS)
