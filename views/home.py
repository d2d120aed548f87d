"""The home page is the roadmap itself: every topic, in order, linked where its explorer exists.

A live topic is a card that reads first: its title is the largest, boldest text in the
grid, and the whole card is the link, not only its title. The card's ``st.page_link``
keeps the link a real ``<a>`` (one tab stop, named by the title, opened in the app's own
router); a CSS pseudo-element of ours stretches its click area over the card, so no HTML
of ours, and none of the user's, is written into the page. Coming topics stay on the map
in grey, smaller, with a "coming" badge that says so in words as well as in colour.
"""

import streamlit as st

from roadmap import SECTIONS, live_topics, start_here, topics

PER_ROW = 3
CARD = "live_card_"  # key prefix of a live topic's card: Streamlit adds class st-key-<key>

# Only constant CSS, scoped to the live cards' keys; it leaves with this page when the
# learner moves on. The link's ::after box is positioned against the card (Streamlit
# positions the link's own element container, so that one is made static), so a click
# anywhere on the card lands on the link. A page link's label is cut to one line with an
# ellipsis; on a card, a long title wraps instead. The card shows the link's hover and
# keyboard focus as its own.
CSS = f"""
<style>
[data-testid="stMain"] h2 {{ font-size: 1.5rem; }}
[class*="st-key-{CARD}"] {{ position: relative; transition: border-color 0.15s; }}
[class*="st-key-{CARD}"] [data-testid="stElementContainer"]:has([data-testid="stPageLink"]) {{
  position: static;
}}
[class*="st-key-{CARD}"] [data-testid="stPageLink"] a::after {{
  content: ""; position: absolute; inset: 0; z-index: 1; border-radius: inherit;
}}
[class*="st-key-{CARD}"] [data-testid="stPageLink"] a * {{
  white-space: normal; overflow: visible;
}}
[class*="st-key-{CARD}"] [data-testid="stPageLink"] p {{
  font-size: 1.3rem; font-weight: 700; line-height: 1.3;
}}
[class*="st-key-{CARD}"]:hover {{ border-color: #0072B2; background: #F2F5F8; }}
[class*="st-key-{CARD}"]:has(a:focus-visible) {{
  outline: 3px solid #0072B2; outline-offset: 2px;
}}
</style>
"""

st.html(CSS)
st.title("Machine learning in Python, one explorer per idea")
st.markdown(
    "Every topic of the *Machine Learning in Python* roadmap, in order. Open a page, move its "
    "sliders, and watch real scikit-learn and PyTorch code recompute. Each page says what to "
    "notice, shows the exact code for what is on screen, and keeps its settings in the link, "
    "so a teacher can hand the class the same view."
)

# A newcomer starts with the roadmap's first live pages (its order is the order to learn
# in); taken from the registry, this line stays right as pages land.
live = [topic for _, topic in live_topics()]
with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
    st.markdown("**Start here:**")
    for topic in start_here():
        st.page_link(topic.page, label=topic.title, icon=topic.icon)
st.caption(f"{len(live)} of {len(topics())} explorers are live; the rest are marked *coming*.")
with st.expander("Teaching with it", icon=":material/school:"):
    st.markdown(
        "- **Lecture mode**: the switch at the foot of a page's sidebar, or `?present=1` at the "
        "end of its link. It hides the menus, enlarges the type and the charts for a projector, "
        "stays on from page to page, and puts *Previous* and *Next page* in the sidebar.\n"
        "- **Guided tour**: the button beside the page's title steps through the page's lesson, "
        "each step setting the controls and saying in a line what to look at; *Back* and *Next* "
        "sit above the charts.\n"
        "- **Compare two settings**, near the foot of a page: pin the state as A, move the "
        "controls, and see A and B side by side with the change in each number; the link keeps "
        "both.\n"
        "- **Try this**, at the foot of a page: ask the class to predict, then *Show me* "
        "sets the page to that state and reveals the answer read from the result itself. Every "
        "answer is checked by the tests, so a lesson cannot quietly stop being true.\n"
        "- **The link**: the address bar always holds the exact settings on screen; send it to "
        "students and they open the same view.")

for number, (section, items) in enumerate(SECTIONS.items(), start=1):
    # Sections are h2 under the page's h1, so a screen reader's list of headings nests.
    st.header(f"{number}. {section}", divider="gray")
    for start in range(0, len(items), PER_ROW):
        row = st.columns(PER_ROW)
        for column, topic in zip(row, items[start:start + PER_ROW]):
            if topic.page:
                with column.container(border=True, height="stretch", key=CARD + topic.url_path):
                    st.page_link(topic.page, label=topic.title, icon=topic.icon)
                    st.markdown(f":green-badge[live] {topic.blurb}")
            else:
                with column.container(border=True, height="stretch"):
                    st.markdown(f":gray[{topic.title}] &nbsp; :gray-badge[coming]")
                    st.caption(topic.blurb)
