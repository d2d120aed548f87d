"""The home page is the roadmap itself: every topic, in order, linked where its explorer exists."""

import streamlit as st

from roadmap import SECTIONS, live_topics, topics

PER_ROW = 3

st.title("Machine learning in Python, one explorer per idea")
st.markdown(
    "Every topic of the *Machine Learning in Python* roadmap, in order. Open a page, move its "
    "sliders, and watch real scikit-learn and PyTorch code recompute. Each page says what to "
    "notice, shows the exact code for what is on screen, and keeps its settings in the link, "
    "so a teacher can hand the class the same view."
)
st.caption(f"{len(live_topics())} of {len(topics())} explorers are live; the rest are marked *coming*.")

for number, (section, items) in enumerate(SECTIONS.items(), start=1):
    st.subheader(f"{number}. {section}", divider="gray")
    for start in range(0, len(items), PER_ROW):
        row = st.columns(PER_ROW)
        for column, topic in zip(row, items[start:start + PER_ROW]):
            with column.container(border=True, height="stretch"):
                if topic.page:
                    st.page_link(topic.page, label=f"**{topic.title}**", icon=topic.icon)
                    st.markdown(f":green-badge[live] {topic.blurb}")
                else:
                    st.markdown(f":gray[**{topic.title}**] &nbsp; :gray-badge[coming]")
                    st.caption(topic.blurb)
