"""The frame around every page: compact spacing so a page's controls and its main chart
share the first screen at 1280×720 and 1920×1080.

Streamlit's defaults are made for documents: 6rem above the first element, a 2.75rem
title, metric values at 2.25rem. On a laptop that put the main chart's top at 650 px, below
the fold. The top bar (64 px) is drawn over the page, so the page starts just below it.
These rules are our own CSS (no user text goes near it); the one-screen browser test
(tests/e2e/frame_checks.py) checks the result on every page.

Two rules are for legibility (axe-core's colour-contrast rule, tests/e2e/a11y.py): a
control that does not apply to the current choices is disabled, and Streamlit fades its
label to 40% of the text colour (2.6:1 on the sidebar). Its name should still read from
the back of the room, so we fade it to 65% of ``textColor`` (#111111 in config.toml):
5.7:1, still visibly lighter than a live label. A caption is drawn at 60% opacity, and
inline code inside it kept its green (3.1:1); it now takes the caption's own grey (5.0:1).

A displayed formula sits in a box as wide as its content that scrolls sideways when the
formula is wider. KaTeX ends every multi-line formula with a 2 px strut just past that
width, so the box scrolled by 2 px, and a scroll box with nothing in it to focus cannot be
reached from the keyboard (axe-core's scrollable-region-focusable). Two pixels of padding
take the strut in; a formula truly wider than its column still scrolls, and axe still
reports it.
"""

import streamlit as st

CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 72px; padding-bottom: 3rem; }
[data-testid="stMain"] h1 { font-size: 1.75rem; padding: 0 0 0.15rem 0; }
[data-testid="stMetric"] { padding: 0.3rem 0.8rem 0.35rem 0.8rem; }
[data-testid="stMetricValue"] { font-size: 1.6rem; }
[data-testid="stSidebarHeader"] { height: 2.5rem; margin-bottom: 0.25rem; }
[data-testid="stSidebarUserContent"] { padding-top: 0.25rem; }
[data-testid="stWidgetLabel"][disabled] { color: rgba(17, 17, 17, 0.65); }
[data-testid="stCaptionContainer"] code { color: inherit; }
[data-testid="stMarkdownContainer"] .katex-display { padding-right: 2px; }
.st-key-page_title { min-height: 0; }
.st-key-page_title h1 { padding: 0; }
.st-key-page_title button { min-height: 2rem; padding-top: 0.1rem; padding-bottom: 0.1rem; }
</style>
"""


def apply() -> None:
    """Add the frame's CSS to the page being drawn (a style-only block takes no space)."""
    st.html(CSS)
