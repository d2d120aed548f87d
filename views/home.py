"""The home page is the roadmap itself: every topic, linked where its explorer exists."""

import streamlit as st

from roadmap import SECTIONS, live_topics, topics

st.title("Machine learning in Python, one explorer per idea")
st.markdown(
    "Every topic of the *Machine Learning in Python* roadmap, in order. Open a page, move its "
    "sliders, and watch real scikit-learn and PyTorch code recompute. Each page says what to "
    "notice, shows the exact code for what is on screen, and keeps its settings in the link, "
    "so a teacher can hand the class the same view."
)
st.caption(f"{len(live_topics())} of {len(topics())} explorers are live; the rest are marked *coming*.")

columns = st.columns(2, gap="large")
for i, (section, items) in enumerate(SECTIONS.items()):
    with columns[i % 2].container(border=True):
        st.subheader(section)
        for topic in items:
            if topic.page:
                st.page_link(topic.page, label=f"**{topic.title}**", icon=topic.icon)
                st.caption(topic.blurb)
            else:
                st.markdown(f":gray[{topic.title}] &nbsp; :gray-badge[coming]")
                st.caption(f":gray[{topic.blurb}]")
