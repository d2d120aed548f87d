"""ML Roadmap Explorers: the entry point. Navigation only; each page is a file in views/.

The sections and pages come from ``roadmap.py``, the same registry the home page
draws, so a page that lands appears in both places at once.

The page files live in ``views/``, not ``pages/``: Streamlit still auto-discovers a
``pages/`` folder, and on a server's first deep-link load it briefly showed that raw
file list (centred layout, "app, home, …") in place of this navigation (1.67).
"""

import streamlit as st

import explorers._threads  # noqa: F401  (one thread for numerics, set before any page loads a library)
from roadmap import SECTIONS
from ui import frame, teach, warm
from ui.page import warm as warm_state

APP = "ML Roadmap Explorers"
st.set_page_config(page_title=APP, page_icon="🧭", layout="wide")
frame.apply()
teach.lecture_mode()

home = st.Page("views/home.py", title="The roadmap", icon=":material/map:", default=True)
nav = {"": [home]}
for section, items in SECTIONS.items():
    pages = [
        st.Page(t.page, title=t.title, icon=t.icon, url_path=t.url_path) for t in items if t.page
    ]
    if pages:  # a section appears once its first page has landed
        nav[section] = pages
in_order = [p for pages in nav.values() for p in pages]

# In the top bar, each roadmap section is one menu: the sidebar then holds only the page's
# own controls, which start at its top on the first screen (a sidebar list of 27 links
# pushed them 1,350 px down). The home page stays the full map.
page = st.navigation(nav, position="top")
# The browser tab names the page, so a class with several pages open (or a teacher's
# bookmarks) can tell them apart.
if page is not home:
    st.set_page_config(page_title=f"{page.title} · {APP}")
warm.start(warm_state)  # the slow pages' lessons, computed once per server in the background
page.run()
teach.lecture_controls(in_order, page)  # after the page's own controls, at the sidebar's foot
